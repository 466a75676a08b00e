"""What hubbot remembers between runs, in ``state_dir`` (default ``.hubbot``).

- ``state.json``: hub count of the last run (for the shrinking-source guard),
  consecutive failed runs and whether the bot disabled itself, per-output
  snapshots for edit summaries, recent replaced human text for the errors page.
- ``lock``: one run at a time. A lock whose process is gone (a killed run) is
  taken over.

Reset after an auto-disable: ``hubbot reset --config FILE`` (or delete state.json).
"""

from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import HubbotError, UserError


class LockedError(HubbotError):
    """Another run holds the lock."""


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

    def record_run(self, ok: bool, hub_count: int | None, max_failures: int) -> None:
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


class RunLock:
    """An exclusive lock file holding ``pid host start-time``."""

    def __init__(self, state_dir: Path) -> None:
        self.path = Path(state_dir) / "lock"
        self.took_over: str | None = None

    def __enter__(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        mine = f"{os.getpid()} {socket.gethostname()} {int(time.time())}\n"
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = self.path.read_text(errors="replace").strip()
                if self._alive(holder):
                    raise LockedError(f"another hubbot run is in progress (lock {self.path}: pid {holder.split()[0]}); "
                                      "this run stops without editing. If no run is going on, delete the lock file.")
                self.took_over = holder
                self.path.unlink(missing_ok=True)
                continue
            with os.fdopen(fd, "w") as handle:
                handle.write(mine)
            return self
        raise LockedError(f"could not take the lock {self.path}; another run took it first.")

    @staticmethod
    def _alive(holder: str) -> bool:
        parts = holder.split()
        if len(parts) < 2 or not parts[0].isdigit():
            return False
        if parts[1] != socket.gethostname():
            return True     # another host: we cannot tell, so respect it
        try:
            os.kill(int(parts[0]), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def __exit__(self, *exc) -> None:
        self.path.unlink(missing_ok=True)
