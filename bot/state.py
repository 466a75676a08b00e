"""What hubbot remembers between runs, in ``state_dir`` (default ``.hubbot``).

- ``state.json``: hub count of the last run (for the shrinking-source guard),
  consecutive failed runs and whether the bot disabled itself, the last
  outcome of every output (for the errors page of runs that do not run that
  output), recent replaced human text for the errors page, and what the last
  runs wrote each page from (bot.logic.quiet). Small: read and written by
  every run.
- ``snapshots.json``: per output, a snapshot of the hubs it shows, for edit
  summaries ("+1 hub, status changed for ..."). Outputs showing the same hubs
  share one snapshot; the file is read only by runs that plan, and written
  only when a snapshot changed.
- ``lock``: one run at a time, held with a lease that a heartbeat renews; a
  lock whose holder stopped renewing it (a killed run, on any host) is taken
  over once the lease has run out (bot.lock).

Reset after an auto-disable: ``hubbot reset --config FILE`` (or delete state.json).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from bot.errors import UserError

SNAPSHOTS = "snapshots.json"


@dataclass
class State:
    path: Path
    data: dict = field(default_factory=dict)
    _snapshots: dict | None = field(default=None, repr=False)     # output -> snapshot, loaded when asked
    _snapshots_changed: bool = field(default=False, repr=False)

    @classmethod
    def load(cls, state_dir: Path) -> "State":
        path = Path(state_dir) / "state.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except FileNotFoundError:
            data = {}
        except (ValueError, OSError) as exc:
            raise UserError(str(path), f"the state file cannot be read ({exc}).",
                            "delete it; the next run starts fresh (summaries just count once).") from None
        return cls(path, data)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self._snapshots_changed or "outputs" in self.data:    # (or moved out of an earlier state file)
            path = self.path.with_name(SNAPSHOTS)
            self._write(path, _shared(self.snapshots), indent=None)
            _SNAPSHOTS.put(path, dict(self.snapshots))
            self._snapshots_changed = False
            self.data.pop("outputs", None)     # state files of earlier versions kept them here
        self._write(self.path, self.data, indent=1)

    @staticmethod
    def _write(path: Path, data: dict, indent: int | None) -> None:
        tmp = path.with_suffix(".tmp")
        separators = None if indent else (",", ":")
        tmp.write_text(json.dumps(data, indent=indent, sort_keys=True, ensure_ascii=False, separators=separators),
                       encoding="utf-8")
        os.replace(tmp, path)   # atomic: a killed run leaves the old or the new file, never half

    # accessors with defaults
    @property
    def last_hub_count(self) -> int | None:
        return self.data.get("last_hub_count")

    @property
    def consecutive_failures(self) -> int:
        return int(self.data.get("consecutive_failures", 0))

    @property
    def disabled(self) -> bool:
        return bool(self.data.get("disabled"))

    @property
    def disabled_reported(self) -> bool:
        """The bot is disabled and its errors page says so (or it has none): a scheduled run has nothing
        to do and nobody to tell."""
        return self.disabled and bool(self.data.get("disabled_reported"))

    @property
    def snapshots(self) -> Mapping[str, dict]:
        """Per output, the hubs it showed when last written (for edit summaries)."""
        if self._snapshots is None:
            self._snapshots = dict(self.data.get("outputs") or {})      # an earlier version's state file
            self._snapshots.update(_read_snapshots(self.path.with_name(SNAPSHOTS)))
        return self._snapshots

    def snapshot(self, output: str) -> dict | None:
        return self.snapshots.get(output)

    def set_snapshot(self, output: str, snap: dict) -> None:
        if self.snapshots.get(output) != snap:
            self._snapshots[output] = snap
            self._snapshots_changed = True

    def last_outcomes(self) -> dict[str, dict]:
        return self.data.get("outcomes", {})

    def set_outcome(self, output: str, entry: dict) -> None:
        self.data.setdefault("outcomes", {})[output] = entry

    def record_run(self, ok: bool, hub_count: int | None, max_failures: int) -> None:
        """Count a run that was allowed to edit (a disabled run is not counted either way)."""
        if ok:
            self.data["consecutive_failures"] = 0
        else:
            self.data["consecutive_failures"] = self.consecutive_failures + 1
            if self.consecutive_failures >= max_failures:
                self.data["disabled"] = True
        if hub_count is not None:
            self.data["last_hub_count"] = hub_count

    def reset(self) -> None:
        self.data["consecutive_failures"] = 0
        self.data["disabled"] = False
        self.data.pop("disabled_reported", None)


def file_stamp(path: Path) -> tuple[int, int] | None:
    """(mtime_ns, size) of a file, None when it is not there: what a process keeps decoded is keyed by it."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


class DecodedFiles:
    """What a process decoded from files, by path, while each file keeps its time stamp and size.

    `hubbot watch` runs many syncs in one process: a file it wrote or read itself is not decoded
    again (the hub cache: 5 MB at 10,000 hubs; the snapshots: 0.2 s).
    """

    def __init__(self) -> None:
        self._kept: dict[Path, tuple[tuple[int, int], Any]] = {}

    def get(self, path: Path) -> Any:
        kept = self._kept.get(path)
        return kept[1] if kept is not None and kept[0] == file_stamp(path) else None

    def put(self, path: Path, value: Any) -> None:
        stamp = file_stamp(path)
        if stamp is not None:
            self._kept[path] = (stamp, value)


_SNAPSHOTS = DecodedFiles()   # output -> snapshot (replaced, never changed in place: safe to share)


def _read_snapshots(path: Path) -> dict[str, dict]:
    """Output -> snapshot from ``path`` (empty when lost or damaged: summaries just count once)."""
    kept = _SNAPSHOTS.get(path)
    if kept is not None:
        return dict(kept)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        shared = raw["snapshots"]
        snapshots = {name: shared[key] for name, key in raw["outputs"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    _SNAPSHOTS.put(path, snapshots)
    return dict(snapshots)


def _shared(snapshots: Mapping[str, dict]) -> dict:
    """Snapshots stored once each: outputs showing the same hubs point at one copy."""
    keys: dict[int, str] = {}
    shared: dict[str, dict] = {}
    names = {}
    for name, snap in sorted(snapshots.items()):
        key = keys.get(id(snap))
        if key is None:
            raw = json.dumps(snap, sort_keys=True, ensure_ascii=False)
            key = hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]
            keys[id(snap)] = key
            shared[key] = snap
        names[name] = key
    return {"format": 1, "outputs": names, "snapshots": shared}
