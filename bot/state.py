"""What hubbot remembers between runs, in ``state_dir`` (default ``.hubbot``).

- ``state.json``: hub count of the last run (for the shrinking-source guard),
  consecutive failed runs and whether the bot disabled itself, the last
  outcome of every output (for the errors page of runs that do not run that
  output), recent replaced human text for the errors page, what the last
  runs wrote each page from (bot.logic.quiet), how the last run ended, since
  when and why the bot is disabled or shut off on-wiki (`hubbot status`), and
  the digest of each page publish-templates published (the warning when the
  repository's templates differ). Read and written by every run.
- ``snapshots.json``: per output, a snapshot of the hubs it shows, for edit
  summaries ("+1 hub, status changed for ..."). Outputs showing the same hubs
  share one snapshot; the file is read only by runs that plan, and written
  only when a snapshot changed.
- ``lock``: one run at a time, held with a lease that a heartbeat renews; a
  lock whose holder stopped renewing it (a killed run, on any host) is taken
  over once the lease has run out (bot.lock).

All of them are read and written through bot.store (typed decoding, atomic writes, one policy): a
``state.json`` that cannot be read, or holds a value of the wrong type, stops every command with
exit 2 naming the file, the value and the fix; a damaged ``snapshots.json`` is one warning.

Reset after an auto-disable: ``hubbot reset --config FILE`` (with ``--state-dir DIR`` when the runs were
given one; ``State.reset_command`` writes it for every message that names it), or delete state.json.
"""

from __future__ import annotations

import hashlib
import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Mapping

import msgspec

from bot import store
from bot.errors import UserError
from bot.outcomes import Status
from bot.store import DecodedFiles

SNAPSHOTS = "snapshots.json"
HISTORY_FIX = ("correct the file (it is JSON; the message says what is wrong where it can), or delete it. Deleting it "
               "also forgets the human text replaced in the last 30 days (quoted on the errors page), the hub count "
               "the shrinking-list guard compares with, and the hub pages of the last run; the next run starts with "
               "no failed runs counted and the bot enabled.")

StatusValue = Literal[tuple(s.value for s in Status)]  # type: ignore[valid-type]


class _Remembered(msgspec.Struct):
    """The last outcome of an output (bot.logic.report.remembered)."""

    page: str
    status: StatusValue
    owner: str = ""
    reason: str = ""
    fix: str = ""
    date: str = ""
    since: str = ""


class _Replaced(msgspec.Struct):
    page: str
    date: str
    lines: list[str]
    revid: int | None = None
    fix: str = ""


class _NotWritten(msgspec.Struct):
    page: str
    status: StatusValue
    owner: str = ""


class _LastRun(msgspec.Struct):
    """How the last run ended (``hubbot status``; bot.pipeline.record)."""

    at: str                                # when it ran (the clock's time)
    ended: Literal["quiet", "done", "failed", "disabled", "shutoff"]
    edits: int = 0
    reason: str = ""                       # a run that failed as a whole or was shut off: why
    not_written: list[_NotWritten] = []
    as_of: str = ""                        # the time it was run as (--now), when not ``at``


class _Shutoff(msgspec.Struct):
    """The on-wiki shutoff page stopped the runs (``hubbot status``): which page, its words, since when."""

    page: str
    said: str
    since: str


class _History(msgspec.Struct):
    """What ``state.json`` must hold, by type (other keys are kept as they are)."""

    consecutive_failures: int = 0
    disabled: bool = False
    disabled_reported: bool = False
    disabled_since: str = ""
    disabled_cause: str = ""
    last_run: _LastRun | None = None
    shutoff: _Shutoff | None = None        # forgotten by the next run the shutoff page lets through
    published_sources: dict[str, str] = {}   # page -> digest of its source when publish-templates published it
    last_hub_count: int | None = None
    outcomes: dict[str, _Remembered] = {}
    hub_pages: list[str] = []
    replaced: list[_Replaced] = []
    quiet: Any = None          # a cache inside the history: checked on its own (_QuietShape)


class _QuietOutcome(msgspec.Struct):
    output: str
    status: str
    reason: str
    fix: str
    owner: str


class _QuietPage(msgspec.Struct):
    revid: int
    planned: dict[str, list[_QuietOutcome]] = {}    # fingerprint -> outcomes (none: an earlier version's page)


class _QuietShape(msgspec.Struct):
    """What the last runs wrote each page from (bot.logic.quiet.Quiet; one basics before this version)."""

    basics: list[dict[str, Any]] | dict[str, Any]
    hubs: int
    problems: int
    maps: list[str]
    pages: dict[str, _QuietPage]


class _SnapshotsFile(msgspec.Struct):
    outputs: dict[str, str]
    snapshots: dict[str, dict[str, Any]]
    format: int = 1


@dataclass
class State:
    path: Path
    data: dict = field(default_factory=dict)
    _snapshots: dict | None = field(default=None, repr=False)     # output -> snapshot, loaded when asked
    _snapshots_changed: bool = field(default=False, repr=False)

    @classmethod
    def load(cls, state_dir: Path) -> "State":
        """The run history; exit 2 naming the file, the value and the fix when it cannot be trusted."""
        path = Path(state_dir) / "state.json"
        data = store.read_history(path, dict[str, Any], HISTORY_FIX) or {}
        try:
            store.convert(data, _History)
        except store.Unreadable as exc:
            raise UserError(str(path), f"the run history cannot be read ({exc}).", HISTORY_FIX) from None
        if data.get("quiet") is not None:
            try:
                store.convert(data["quiet"], _QuietShape)
            except store.Unreadable as exc:
                store.warn_unreadable(path, f"what the last run wrote each page from: {exc}",
                                      "this run reads the pages instead of trusting their revision ids")
                del data["quiet"]
        return cls(path, data)

    def save(self) -> None:
        if self._snapshots_changed or "outputs" in self.data:    # (or moved out of an earlier state file)
            path = self.path.with_name(SNAPSHOTS)
            store.write(path, _shared(self.snapshots))
            _SNAPSHOTS.put(path, dict(self.snapshots))
            self._snapshots_changed = False
            self.data.pop("outputs", None)     # state files of earlier versions kept them here
        store.write(self.path, self.data, pretty=True)

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
    def disabled_since(self) -> str:
        """When the run that disabled the bot ran (ISO), '' when not disabled or not known (an older state)."""
        return self.data.get("disabled_since", "") if self.disabled else ""

    @property
    def disabled_cause(self) -> str:
        """Why that run failed ("this run could not save Hubs/Plans"), '' when not known."""
        return self.data.get("disabled_cause", "") if self.disabled else ""

    @property
    def last_run(self) -> dict | None:
        """How the last run that was recorded ended: at, ended (quiet, done, failed, disabled, shutoff), edits,
        reason, not_written ([{page, status, owner}]), as_of (--now, when not at); None before the first."""
        return self.data.get("last_run")

    @property
    def shut_off(self) -> dict | None:
        """The shutoff page said stop at the last run that read it: page, said (its words, quoted short), since
        (when a run first found it so); None when the last run was let through."""
        return self.data.get("shutoff")

    @property
    def published_sources(self) -> dict[str, str]:
        """Page -> a digest of its source when publish-templates last published it (bot.logic.publishing)."""
        return self.data.get("published_sources") or {}

    @property
    def snapshots(self) -> Mapping[str, dict]:
        """Per output, the hubs it showed when last written (for edit summaries)."""
        if self._snapshots is None:
            self._snapshots = dict(self.data.get("outputs") or {})      # an earlier version's state file
            self._snapshots.update(_read_snapshots(self.path.with_name(SNAPSHOTS)))
        return self._snapshots

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

    def reset_command(self, config_path: str, configured_dir: str | Path) -> str:
        """The command that re-enables the bot of this state: ``--state-dir`` named when the state is not in
        the config's ``state_dir`` (the run was given another one)."""
        command = f"hubbot reset --config {shlex.quote(str(config_path))}"
        here = self.path.parent
        if here.resolve() != Path(configured_dir).resolve():
            command += f" --state-dir {shlex.quote(str(here))}"
        return command

    def reset(self) -> None:
        self.data["consecutive_failures"] = 0
        self.data["disabled"] = False
        for key in ("disabled_reported", "disabled_since", "disabled_cause"):
            self.data.pop(key, None)


_SNAPSHOTS = DecodedFiles()   # output -> snapshot (replaced, never changed in place: safe to share)


def _read_snapshots(path: Path) -> dict[str, dict]:
    """Output -> snapshot from ``path`` (empty when lost or damaged: summaries just count once)."""
    kept = _SNAPSHOTS.get(path)
    if kept is not None:
        return dict(kept)
    raw = store.read_cache(path, _SnapshotsFile, "edit summaries of this run count every hub as new")
    if raw is None:
        return {}
    missing = sorted(set(raw.outputs.values()) - set(raw.snapshots))
    if missing:
        store.warn_unreadable(path, f"no snapshot {missing[0]}", "edit summaries of this run count every hub as new")
        return {}
    snapshots = {name: raw.snapshots[key] for name, key in raw.outputs.items()}
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
