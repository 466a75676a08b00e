"""The watcher's heartbeat (bot.heartbeat): the age rule, the file, and when the watcher's loop beats."""

from __future__ import annotations

import json

import pytest

from bot.heartbeat import HEARTBEAT_FILE, Heartbeat, check, check_health, max_age, verdict
from bot.watch import Watcher
from tests.unit.test_watch_loop import Quiet, config


@pytest.mark.parametrize("interval,allowed", [(1, 120), (10, 120), (40, 120), (41, 123), (60, 180), (600, 1800)])
def test_the_heartbeat_may_be_three_intervals_old_and_never_less_than_two_minutes(interval, allowed):
    assert max_age(interval) == allowed


def beat(at=1000.0, interval=60, **more):
    return {"at": at, "interval": interval, "pid": 42, "doing": "poll 7 via recentchanges", "stopped": False, **more}


@pytest.mark.parametrize("case,beat_,now,limit,healthy,said", [
    ("just beat", beat(), 1000.0, None, True, "beat 0 s ago (at most 180 s allowed = max(3 × 60 s interval, 120 s))"),
    ("at the limit", beat(), 1180.0, None, True, "beat 180 s ago"),
    ("past the limit", beat(), 1181.0, None, False, "last beat 181 s ago, more than the 180 s allowed"),
    ("short interval: two minutes", beat(interval=1), 1119.0, None, True, "120 s allowed"),
    ("short interval, past two minutes", beat(interval=1), 1121.0, None, False, "frozen or stuck since: poll 7"),
    ("a limit given", beat(interval=1), 1004.0, 3, False, "more than the 3 s allowed: frozen"),
    ("a limit given, young enough", beat(interval=1), 1002.0, 3, True, "beat 2 s ago (at most 3 s allowed)"),
    ("the clock went back", beat(), 990.0, None, True, "beat 0 s ago"),
    ("stopped", beat(stopped=True, doing="stopped: received SIGHUP"), 1001.0, None, False,
     "stopped 1 s ago (stopped: received SIGHUP)"),
    ("no file", None, 1000.0, None, False, "no heartbeat: no `hubbot watch` has run with this state directory"),
    ("damaged", {"unreadable": "Expecting value"}, 1000.0, None, False, "cannot be read"),
    ("half a record", {"at": "soon", "interval": 60}, 1000.0, None, False, "cannot be read"),
])
def test_the_verdict(case, beat_, now, limit, healthy, said):
    result = verdict(beat_, now, limit)
    assert result.healthy is healthy and said in result.message, result.message


def test_the_file_and_the_command_an_operator_runs(tmp_path):
    clock = [5000.0]
    hb = Heartbeat(tmp_path, interval=2, clock=lambda: clock[0])
    lines = []
    assert check_health(tmp_path, out=lines.append) == 1                 # no watcher yet
    hb.beat("poll 1 via recentchanges")
    assert json.loads((tmp_path / HEARTBEAT_FILE).read_text())["doing"] == "poll 1 via recentchanges"
    assert check(tmp_path, now=5100.0).healthy and not check(tmp_path, now=5121.0).healthy
    assert check_health(tmp_path, limit=200, out=lines.append) == 1     # the real clock: 5000 s after 1970
    clock[0] += 0.5
    hb.beat("an answered request", now_or_never=True)                  # less than a second after: not written
    assert json.loads((tmp_path / HEARTBEAT_FILE).read_text())["at"] == 5000.0
    clock[0] += 0.6
    hb.beat("an answered request", now_or_never=True)
    assert json.loads((tmp_path / HEARTBEAT_FILE).read_text())["at"] == 5001.1
    hb.stopped("received SIGTERM")
    assert not check(tmp_path, now=5001.1).healthy
    assert lines[0].startswith("unhealthy: no heartbeat") and lines[0].endswith(f"[{tmp_path / HEARTBEAT_FILE}]")
    assert list(tmp_path.iterdir()) == [tmp_path / HEARTBEAT_FILE]       # no temporary file left behind


def test_the_watcher_beats_at_start_at_every_idle_poll_and_while_a_run_hears_from_the_wiki(tmp_path):
    """A run longer than the allowed age stays healthy while the wiki answers its requests; a run that
    waits for an answer that never comes (a hung read) does not: its beat ages past the limit."""
    clock = [10_000.0]
    gw = Quiet()
    healthy_during_runs = []

    def sync(only):
        for _ in range(6):                       # 6 answers 50 s apart: a 300 s run
            clock[0] += 50
            gw.counters.requests += 1            # as the pywikibot gateway counts each answer
            healthy_during_runs.append(check(tmp_path, now=clock[0] + 49).healthy)
        return 0

    def sleep(seconds):
        clock[0] += seconds

    watcher = Watcher(config(tmp_path), gw, tmp_path, interval=60, sync=sync, sleep=sleep, max_polls=3,
                      emit=lambda s: None, clock=lambda: clock[0],
                      heartbeat=Heartbeat(tmp_path, interval=60, clock=lambda: clock[0]))
    seen = []
    real_beat = watcher.heartbeat.beat
    watcher.heartbeat.beat = lambda doing, **kw: seen.append(doing) or real_beat(doing, **kw)
    assert watcher.run() == 0
    assert healthy_during_runs == [True] * 6
    run, polls = "run 1 of directory, errors", [f"poll {n} via recentchanges" for n in (1, 2, 3)]
    assert seen == (["starting: catch-up run"] * 2          # and the wiki's answer: where the watcher starts
                    + [run] * 7                             # the run starts, then one beat per answered request
                    + [polls[0]] * 2 + [polls[1]] * 2 + [polls[2]] * 2      # each poll, and its answer
                    + ["stopped: after 3 polls"])
    assert gw.counters.requests == 1 + 6 + 3                               # counted as before

    # A run stuck in a read: no answer for 200 s, so no beat; the check fails, naming what it was doing.
    results = []

    def stuck(only):
        clock[0] += 200
        results.append(check(tmp_path, now=clock[0]))
        return 0
    hung = Watcher(config(tmp_path), Quiet(), tmp_path, interval=60, sync=stuck, sleep=sleep, max_polls=1,
                   emit=lambda s: None, clock=lambda: clock[0],
                   heartbeat=Heartbeat(tmp_path, interval=60, clock=lambda: clock[0]))
    hung.run()
    assert not results[0].healthy and "frozen or stuck since: run 1 of directory, errors" in results[0].message


def test_without_a_heartbeat_the_counters_are_the_gateways_own(tmp_path):
    gw = Quiet()
    counters = gw.counters
    Watcher(config(tmp_path), gw, tmp_path, interval=5, sync=lambda only: 0, emit=lambda s: None)
    assert gw.counters is counters


def test_sighup_stops_the_watcher_like_sigterm():
    import signal

    from bot.watch import STOP_SIGNALS
    assert {signal.SIGTERM, signal.SIGINT, signal.SIGHUP} <= set(STOP_SIGNALS)


def test_a_watcher_on_a_connected_event_stream_beats_at_every_turn_though_no_change_comes(tmp_path):
    """The stream costs no request while idle, so no answer beats for it: the loop does, each interval."""
    import threading

    class QuietStream(Quiet):
        def __init__(self) -> None:
            super().__init__()
            self.opened, self.closed = threading.Event(), threading.Event()

        def change_stream(self, since=None, url=None, on_open=None, on_error=None):
            on_open()
            self.opened.set()
            self.closed.wait(10)                 # connected, nothing happens
            return iter(())

    gw = QuietStream()
    clock = [20_000.0]

    def sleep(seconds):
        gw.opened.wait(10)
        clock[0] += seconds

    watcher = Watcher(config(tmp_path), gw, tmp_path, interval=30, sync=lambda only: 0, sleep=sleep, max_polls=3,
                      emit=lambda s: None, clock=lambda: clock[0], source="eventstreams",
                      heartbeat=Heartbeat(tmp_path, interval=30, clock=lambda: clock[0]))
    seen = []
    real_beat = watcher.heartbeat.beat
    watcher.heartbeat.beat = lambda doing, **kw: seen.append(doing) or real_beat(doing, **kw)
    try:
        watcher.run()
    finally:
        gw.closed.set()
    assert [s for s in seen if s.startswith("poll")] == [f"poll {n} via eventstreams (stream connected)"
                                                         for n in (1, 2, 3)]
    assert gw.counters.requests == 1                                       # where to start; the stream: none
    assert check(tmp_path, now=clock[0]).message.endswith("stopped 0 s ago (stopped: after 3 polls)")
