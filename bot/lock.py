"""One run at a time per state directory: a lock file held with a lease.

The lock file holds a JSON record (token, pid, host, start, expires). While a
run holds it, a heartbeat thread pushes ``expires`` forward every quarter of the
lease; a run that was killed stops renewing it, and once ``expires`` has passed
any run (on any host: on Toolforge every job run is a new pod with a new host
name) takes it over. On the same host a holder whose process is gone is stale
at once.

Take-over is atomic: one run at a time holds a guard file (O_EXCL), re-reads
the lock under it and removes it only if it is still the stale record it saw;
then every contender races to create the lock, and one wins. A lock is created
whole: the record is written to a file of its own and hard-linked to the lock's
name (atomic, and refused when a lock is there, on NFS too), so a full disk
fails the run (exit 1, "no space left on device") and never leaves an empty
lock that would block the next runs for a lease. A lock whose expiry is further
ahead than a lease (a clock ahead of ours) is ignored with a warning: the lease
then runs from its last renewal. A run that finds a live lock
waits up to ``wait`` seconds and then raises LockBusy (exit 0: skipped, another
run does the work).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from bot import store
from bot.errors import HubbotError, LockBusy

log = logging.getLogger("hubbot")


GUARD_STALE = 30     # seconds: a take-over guard older than this was left by a killed run
CLOCK_SLACK = 60     # seconds: an expiry further ahead than now + lease + this was written by a clock ahead of ours


def _link_count(path: Path) -> int:
    try:
        return os.stat(path).st_nlink
    except OSError:
        return 0


def _holder_text(info: dict) -> str:
    """'pid 4242 on tools-sgeexec-10, started 12:00:05 UTC' (the start when the record has it)."""
    text = f"pid {info.get('pid')} on {info.get('host')}"
    try:
        started = datetime.fromtimestamp(float(info["start"]), timezone.utc)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        return text
    return text + f", started {started:%Y-%m-%d %H:%M:%S} UTC"


class LockLost(HubbotError):
    """Another run took this run's lock (it was not renewed in time); stop before saving more."""


class RunLock:
    def __init__(self, state_dir: Path, *, lease: float = 300, wait: float = 0,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep,
                 heartbeat: bool = True) -> None:
        self.path = Path(state_dir) / "lock"
        self.lease = lease
        self.wait = wait
        self.clock = clock
        self.sleep = sleep
        self.token = uuid.uuid4().hex
        self.started: float | None = None       # when this run created the lock (kept by every renewal)
        self.took_over: str | None = None
        self.lost = False
        self._heartbeat = heartbeat
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._warned_future = False

    # -- the record ---------------------------------------------------------
    def _record(self) -> str:
        return json.dumps({"token": self.token, "pid": os.getpid(), "host": socket.gethostname(),
                           "start": self.started, "expires": self.clock() + self.lease}) + "\n"

    def _read(self) -> tuple[str, dict, float] | None:
        try:
            raw = self.path.read_text(errors="replace")
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            return None
        try:
            info = json.loads(raw)
            if not isinstance(info, dict):
                raise ValueError
        except ValueError:            # an older "pid host start" lock, or garbage
            parts = raw.split()
            info = {"pid": int(parts[0]) if parts and parts[0].isdigit() else None,
                    "host": parts[1] if len(parts) > 1 else None}
        info.setdefault("expires", mtime + self.lease)
        return raw, info, mtime

    def _stale(self, info: dict, mtime: float) -> bool:
        try:
            expires = float(info["expires"])
        except (TypeError, ValueError):
            return True
        if expires > self.clock() + self.lease + CLOCK_SLACK:
            # Written by a clock ahead of ours: that time is ignored (else the lock could hold for ever);
            # the lease runs from the lock's last renewal instead.
            if not self._warned_future:
                store.from_the_future(datetime.fromtimestamp(expires, timezone.utc),
                                      datetime.fromtimestamp(self.clock() + self.lease, timezone.utc),
                                      self.path, "the lock's expiry")
                self._warned_future = True
            expires = mtime + self.lease
        if expires < self.clock():
            return True
        pid = info.get("pid")
        if info.get("host") == socket.gethostname() and isinstance(pid, int):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return True
            except PermissionError:
                return False
        return False

    def _take_over(self, raw: str) -> bool:
        """Remove the stale lock ``raw``, unless it changed; one run at a time (the guard file)."""
        guard = self.path.with_name("lock.takeover")
        try:
            fd = os.open(guard, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            try:
                if self.clock() - guard.stat().st_mtime > GUARD_STALE:   # left by a run killed right there
                    guard.unlink(missing_ok=True)
            except FileNotFoundError:
                pass
            return False
        try:
            held = self._read()
            if held is None or held[0] != raw:    # gone, or replaced by a live run: not ours to remove
                return False
            # Nobody can create a lock while this file exists (O_EXCL), and nobody else holds the
            # guard: what is removed here is exactly the stale record that was read.
            self.path.unlink()
            return True
        finally:
            os.close(fd)
            guard.unlink(missing_ok=True)

    # -- acquire / release -----------------------------------------------------
    def acquire(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = self.clock() + self.wait
        said_waiting = False
        while True:
            if not self._create():
                held = self._read()
                if held is None:
                    continue
                raw, info, mtime = held
                if self._stale(info, mtime):
                    if self._take_over(raw):
                        self.took_over = f"pid {info.get('pid')} on {info.get('host')}"
                    continue
                left = deadline - self.clock()
                if left > 0 and not said_waiting:     # said at once, not after the wait
                    log.info("waiting up to %.0f s for the run in progress (%s) to end", left, _holder_text(info))
                    said_waiting = True
                if left <= 0:
                    raise LockBusy(f"skipped: another run is in progress (pid {info.get('pid')} on "
                                   f"{info.get('host')}, lock {self.path}); it does the work. If no run is "
                                   f"going on, the lock expires by itself within {self.lease:.0f} s.")
                self.sleep(min(1.0, left))
                continue
            break
        removed = store.remove_stale_temporaries(self.path.parent)
        if removed:
            log.info("removed temporary files left by a run killed while writing: %s", ", ".join(removed))
        if self._heartbeat:
            self._thread = threading.Thread(target=self._beat, name="hubbot-lock-heartbeat", daemon=True)
            self._thread.start()
        return self

    def _create(self) -> bool:
        """Create the lock with this run's record, whole or not at all: the record is written to a file of
        its own, then linked to the lock's name (atomic, and it fails when a lock is there, on NFS too). A
        full disk fails here (StoreWriteFailed) and leaves no lock behind, never an empty one."""
        self.started = self.clock()
        tmp = store.write_temporary(self.path, self._record().encode())
        try:
            try:
                os.link(tmp, self.path)
                return True
            except OSError as exc:
                # NFS may refuse a link that was made (its reply lost, the retried call finds the name
                # taken): the temporary file's link count tells (the classic NFS lock, with a unique name).
                if _link_count(tmp) == 2:
                    return True
                if isinstance(exc, FileExistsError):
                    return False
                raise store.StoreWriteFailed(self.path, exc) from None
        finally:
            tmp.unlink(missing_ok=True)

    def holder(self) -> dict | None:
        """Who holds the lock, read without taking it (`hubbot status`): pid, host, start (None when an older
        version wrote it), expires, and stale (its holder stopped: the next run takes it over); None when free."""
        held = self._read()
        if held is None:
            return None
        _, info, mtime = held
        return {"pid": info.get("pid"), "host": info.get("host"), "start": info.get("start"),
                "expires": info.get("expires"), "stale": self._stale(info, mtime)}

    def _mine(self) -> bool:
        held = self._read()
        return bool(held and held[1].get("token") == self.token)

    def renew(self) -> None:
        """Push the lease forward (the heartbeat does this); notes when the lock is no longer ours."""
        if not self._mine():
            self.lost = True
            return
        store.write_bytes(self.path, self._record().encode())

    def _beat(self) -> None:
        while not self._stop.wait(max(self.lease / 4, 0.05)):
            try:
                self.renew()
            except store.StoreWriteFailed as exc:     # tried again at the next beat; the run ends saying so
                log.warning("the lock's lease was not renewed: %s", exc)
            if self.lost:
                return

    def check(self) -> None:
        """Raise LockLost when another run took the lock: this run must not save any more."""
        if self.lost or not self._mine():
            self.lost = True
            raise LockLost(f"the lock {self.path} was taken by another run; this run stopped before saving more.")

    def release(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        if self._mine():
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> "RunLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
