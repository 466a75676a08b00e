"""What hubbot remembers between runs, in ``state_dir`` (default ``.hubbot``).

- ``state.json``: hub count of the last run (for the shrinking-source guard),
  consecutive failed runs and whether the bot disabled itself, per-output
  snapshots for edit summaries, the last outcome of every output (for the
  errors page of runs that do not run that output), recent replaced human
  text for the errors page.
- ``lock``: one run at a time, held with a lease that a heartbeat renews; a
  lock whose holder stopped renewing it (a killed run, on any host) is taken
  over once the lease has run out (bot.lock).

Reset after an auto-disable: ``hubbot reset --config FILE`` (or delete state.json).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import UserError


@dataclass
class State:
    path: Path
    data: dict = field(default_factory=dict)

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
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)   # atomic: a killed run leaves the old or the new state, never half

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

    def snapshot(self, output: str) -> dict | None:
        return self.data.get("outputs", {}).get(output)

    def set_snapshot(self, output: str, snap: dict) -> None:
        self.data.setdefault("outputs", {})[output] = snap

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
