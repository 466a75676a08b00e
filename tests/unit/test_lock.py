"""The run lock: one run at a time, a lease that outlives a killed holder only briefly, an atomic take-over."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading

import pytest

from bot.errors import LockBusy
from bot.lock import LockLost, RunLock


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now
        self.slept = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.now += seconds


def lock(tmp_path, clock=None, **kw) -> RunLock:
    clock = clock or Clock()
    return RunLock(tmp_path, clock=clock, sleep=clock.sleep, heartbeat=False, **kw)


def test_a_live_lock_makes_the_second_run_wait_then_skip(tmp_path):
    clock = Clock()
    with lock(tmp_path, clock, lease=300):
        second = lock(tmp_path, clock, lease=300, wait=60)
        with pytest.raises(LockBusy, match="skipped: another run is in progress"):
            second.acquire()
        assert clock.slept == pytest.approx(60)      # it waited lock_wait seconds, then gave up
    assert not (tmp_path / "lock").exists()


def test_the_second_run_gets_the_lock_when_the_first_ends_while_it_waits(tmp_path):
    clock = Clock()
    first = lock(tmp_path, clock).acquire()
    second = lock(tmp_path, clock, wait=60)
    real_sleep = clock.sleep

    def sleep(seconds):
        real_sleep(seconds)
        if clock.slept >= 5:
            first.release()
    second.sleep = sleep
    second.acquire()
    assert clock.slept == pytest.approx(5) and second._mine()


def test_a_lock_from_another_host_is_respected_until_its_lease_runs_out(tmp_path):
    clock = Clock()
    (tmp_path / "lock").write_text(json.dumps({"token": "x", "pid": 1, "host": "toolforge-pod-1",
                                               "expires": clock.now + 100}))
    with pytest.raises(LockBusy):
        lock(tmp_path, clock, wait=50).acquire()
    clock.now += 60                                  # the killed pod's lease is over
    taken = lock(tmp_path, clock).acquire()
    assert taken.took_over == "pid 1 on toolforge-pod-1"


def test_a_dead_local_holder_is_taken_over_at_once_even_in_the_old_format(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / "lock").write_text(f"{dead.pid} {socket.gethostname()} 0\n")
    taken = lock(tmp_path, lease=300).acquire()
    assert taken.took_over == f"pid {dead.pid} on {socket.gethostname()}"


def test_heartbeat_keeps_the_lease_and_release_removes_it(tmp_path):
    clock = Clock()
    mine = lock(tmp_path, clock, lease=60).acquire()
    for _ in range(5):                                # a long run: 5 x 50 s, renewed each time
        clock.now += 50
        mine.renew()
        with pytest.raises(LockBusy):
            lock(tmp_path, clock).acquire()
    mine.check()
    mine.release()
    assert not (tmp_path / "lock").exists()


def test_a_run_whose_lock_was_taken_stops_before_saving(tmp_path):
    clock = Clock()
    slow = lock(tmp_path, clock, lease=60).acquire()
    clock.now += 61                                   # it stalled past its lease: another run takes over
    other = lock(tmp_path, clock).acquire()
    with pytest.raises(LockLost):
        slow.check()
    slow.release()                                    # never removes a lock that is not its own
    assert other._mine()


def test_take_over_is_atomic_when_many_runs_race(tmp_path):
    stale = {"token": "old", "pid": 1, "host": "gone-host", "expires": 0}
    for _ in range(20):
        (tmp_path / "lock").write_text(json.dumps(stale))
        winners, barrier = [], threading.Barrier(8)

        def race():
            contender = RunLock(tmp_path, wait=0, heartbeat=False)
            barrier.wait()
            try:
                contender.acquire()
                winners.append(contender)
            except LockBusy:
                pass
        threads = [threading.Thread(target=race) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(winners) == 1
        assert json.loads((tmp_path / "lock").read_text())["token"] == winners[0].token
        winners[0].release()
        assert not [p for p in os.listdir(tmp_path) if p != "lock" and p.startswith("lock")]
