"""The watcher's heartbeat: `hubbot watch` shows it is alive, `hubbot watch --check-health` reads it.

`hubbot watch` writes ``STATE_DIR/watch-heartbeat.json`` when it starts, at every turn of its loop
(each poll, idle or not; each look at the event stream, connected or not) and, during a run, each
time the wiki answers one of the run's requests (at most once a second). A watcher that is frozen,
stuck in a read that never returns, or busy without reaching the wiki stops beating.

The check fails when the last beat is older than max(3 × interval, 120 s), the interval being the
one the watcher runs with (written in the file): three polls missed, and never less than two
minutes, which covers pywikibot's longest wait between two tries of a request (120 s) and Toolforge's
startup probe (two minutes). It fails too when the file says the watcher stopped (SIGTERM, SIGHUP,
SIGINT), when there is no file (no watcher ever ran on this state directory), and when the beat is
dated further in the future than the age allowed (a clock that was wrong: the beat is ignored, or a
frozen watcher would look alive for ever).

On Toolforge the check is the continuous job's ``health-check-script`` (run by Kubernetes every 10 s;
three failures in a row restart the job); an operator runs the same command by hand.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from bot import store

log = logging.getLogger("hubbot")

HEARTBEAT_FILE = "watch-heartbeat.json"
MISSED_POLLS = 3          # beats a watcher may miss before it counts as stuck
MIN_MAX_AGE = 120.0       # seconds: never less (pywikibot waits up to 120 s between tries; Toolforge's startup probe)
WRITE_EVERY = 1.0         # seconds: beats closer together than this are not written (one per answered request)


def max_age(interval: float) -> float:
    """How old the last beat may be, in seconds, for a watcher polling every ``interval`` seconds."""
    return max(MISSED_POLLS * interval, MIN_MAX_AGE)


@dataclass(frozen=True)
class Verdict:
    healthy: bool
    message: str


def _ago(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 600 else f"{seconds / 60:.0f} min"


def verdict(beat: dict | None, now: float, limit: float | None = None) -> Verdict:
    """Whether the watcher that wrote ``beat`` (the file's content, None when missing) is alive at ``now``
    (seconds since the epoch). ``limit`` overrides max(3 × interval, 120 s)."""
    if beat is None:
        return Verdict(False, "no heartbeat: no `hubbot watch` has run with this state directory")
    try:
        at, interval = float(beat["at"]), float(beat["interval"])
    except (KeyError, TypeError, ValueError):
        return Verdict(False, f"the heartbeat file cannot be read ({str(beat)[:80]})")
    who = f"the watcher (pid {beat.get('pid', '?')})"
    last = beat.get("doing") or "?"
    allowed = limit if limit is not None else max_age(interval)
    if at > now + allowed:     # a clock stepped back a little is fine; a frozen watcher never looks young for ever
        return Verdict(False, f"the last beat of {who} is dated {_ago(at - now)} from now, more than the "
                              f"{allowed:g} s allowed: a clock was wrong; the beat is ignored ({last})")
    age = max(0.0, now - at)
    if beat.get("stopped"):
        return Verdict(False, f"{who} stopped {_ago(age)} ago ({last})")
    rule = "" if limit is not None else f" = max({MISSED_POLLS} × {interval:g} s interval, {MIN_MAX_AGE:g} s)"
    if age > allowed:
        return Verdict(False, f"{who} last beat {_ago(age)} ago, more than the {allowed:g} s allowed{rule}: "
                              f"frozen or stuck since: {last}")
    return Verdict(True, f"{who} beat {_ago(age)} ago (at most {allowed:g} s allowed{rule}): {last}")


def read(state_dir: Path) -> dict | None:
    try:
        return store.decode_file(Path(state_dir) / HEARTBEAT_FILE, dict[str, Any])
    except store.Unreadable as exc:
        return {"unreadable": str(exc)}


def check(state_dir: Path, limit: float | None = None, now: float | None = None) -> Verdict:
    return verdict(read(state_dir), time.time() if now is None else now, limit)


class Heartbeat:
    """Writes the beats of one watcher process (thread-safe: a run's answers may come from any thread)."""

    def __init__(self, state_dir: Path, interval: float, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(state_dir) / HEARTBEAT_FILE
        self.interval = interval
        self.clock = clock
        self.written_at: float | None = None
        self.lock = threading.Lock()

    def beat(self, doing: str, *, stopped: bool = False, now_or_never: bool = False) -> None:
        """Record that the watcher is alive and what it is doing. ``now_or_never``: skip it if the last
        beat was written less than a second ago (beats at each answered request)."""
        with self.lock:
            now = self.clock()
            if now_or_never and self.written_at is not None and now - self.written_at < WRITE_EVERY:
                return
            data = {"at": now, "time": datetime.fromtimestamp(now, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "pid": os.getpid(), "interval": self.interval, "doing": doing, "stopped": stopped}
            try:
                store.write(self.path, data)    # atomic: the check never reads half a file
            except store.StoreWriteFailed as exc:
                # A full disk: the beats stop, so the check fails and Toolforge restarts the watcher.
                log.warning("the heartbeat was not written: %s", exc)
                return
            self.written_at = now

    def stopped(self, why: str) -> None:
        self.beat(f"stopped: {why}", stopped=True)


def check_health(state_dir: Path, limit: float | None = None, out: Callable[[str], None] = print) -> int:
    """`hubbot watch --check-health`: one line saying why, and exit 0 (alive) or 1 (stuck, stopped, never ran)."""
    result = check(state_dir, limit)
    out(f"{'healthy' if result.healthy else 'unhealthy'}: {result.message} [{Path(state_dir) / HEARTBEAT_FILE}]")
    return 0 if result.healthy else 1
