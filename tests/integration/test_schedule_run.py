"""`hubbot schedule` against the local wiki with an injected fast clock; stops cleanly on SIGTERM."""

from __future__ import annotations

import argparse
import os
import signal
from datetime import datetime, timedelta, timezone

from bot import cli
from bot.app import load_config
from bot.schedule import run_schedule


class FastClock:
    def __init__(self, start: datetime) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self.on_sleep = None

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += timedelta(seconds=max(seconds, 0))
        if self.on_sleep:
            self.on_sleep(self)


def test_schedule_runs_due_outputs_and_stops_on_sigterm(scenario, capsys):
    s = scenario
    s.wiki.import_pages({s.page("Hub"): s.infobox("Scheduled Hub", plans="[[Plan]]")})
    config_path = s.config([
        {"name": "plans", "kind": "plans", "page": s.page("Plans"), "schedule": "*/2 * * * *"},
        {"name": "directory", "kind": "directory", "page": s.page("Directory"), "schedule": "*/3 * * * *"},
    ])
    config = load_config(config_path)
    clock = FastClock(datetime(2026, 11, 25, 12, 0, 30, tzinfo=timezone.utc))
    runs_seen = []

    def after_sleep(c):
        runs_seen.append(c.now)
        if c.now >= datetime(2026, 11, 25, 12, 4, tzinfo=timezone.utc):
            os.kill(os.getpid(), signal.SIGTERM)        # the operator stops it

    clock.on_sleep = after_sleep
    args = argparse.Namespace(config=str(config_path), state_dir=str(s.state_dir), once=False, max_runs=None)
    assert run_schedule(config, args, clock=clock, sleep=clock.sleep) == 0
    out = capsys.readouterr()
    assert "schedule: stopped after" in out.out
    # 12:02 plans; 12:03 directory; SIGTERM arrives while waiting for 12:04: no run starts after it.
    assert "|Scheduled Hub]]" in s.text(s.page("Plans")) and "|Scheduled Hub]]" in s.text(s.page("Directory"))
    assert out.out.count(f"{s.page('Plans')}: ") == 1 and out.out.count(f"{s.page('Directory')}: ") == 1
    assert "schedule: stopped after 2 runs" in out.out


def test_schedule_once_runs_what_is_due(scenario, capsys):
    s = scenario
    s.wiki.import_pages({s.page("Hub"): s.infobox("Once Hub")})
    config_path = s.config([{"name": "directory", "kind": "directory", "page": s.page("Directory"),
                             "schedule": "* * * * *"}])
    once = ["schedule", "--once", "--config", str(config_path), "--state-dir", str(s.state_dir),
            "--now", "2026-11-25T12:00:30Z"]         # one minute for both: a real clock may pass 12:01 in between
    assert cli.main(once) == 0
    assert "|Once Hub]]" in s.text(s.page("Directory"))
    assert cli.main(once) == 0
    last = capsys.readouterr().out.splitlines()[-1]                              # this minute's firing already ran
    assert last == "schedule: nothing is due now; next: directory at 2026-11-25T12:01:00+00:00", last
