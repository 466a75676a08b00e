"""Which outputs are due together, and the Toolforge jobs file."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

import yaml

from bot.cron import parse_cron
from bot.config import parse_config
from bot.schedule import covering_cron, due_at, due_since, next_run, toolforge_jobs

CONFIG = parse_config({
    "hubs": {"template": "Hub infobox"},
    "schedule": "0 */6 * * *",
    "outputs": [
        {"name": "plans", "kind": "plans", "page": "P"},
        {"name": "directory", "kind": "directory", "page": "D"},
        {"name": "status", "kind": "status", "page": "S", "schedule": "30 5 * * *"},
        {"name": "errors", "kind": "errors", "page": "E", "schedule": "*/15 * * * *"},
    ]}, "test.yaml")


def test_due_groups_share_one_run():
    assert due_at(CONFIG, datetime(2026, 11, 25, 6, 0, 30)) == ["plans", "directory", "errors"]
    assert due_at(CONFIG, datetime(2026, 11, 25, 5, 30)) == ["status", "errors"]
    assert due_at(CONFIG, datetime(2026, 11, 25, 5, 20)) == []
    assert due_at(CONFIG, datetime(2026, 11, 25, 5, 31)) == []


def test_next_run():
    assert next_run(CONFIG, datetime(2026, 11, 25, 5, 20)) == (datetime(2026, 11, 25, 5, 30), ["status", "errors"])
    assert next_run(CONFIG, datetime(2026, 11, 25, 5, 59)) == (datetime(2026, 11, 25, 6, 0),
                                                             ["plans", "directory", "errors"])


def test_toolforge_gets_one_job_whose_schedule_covers_every_output():
    jobs = yaml.safe_load(toolforge_jobs(CONFIG, "config/meta.yaml", "/data/project/hubbot/hubbot"))
    assert len(jobs) == 1                      # no two jobs on one state dir can start in the same minute
    job = jobs[0]
    assert job["schedule"] == "0,15,30,45 * * * *"
    assert job["name"] == "hubbot-meta"
    assert job["image"] == "python3.11" and job["emails"] == "onfailure" and 0 <= job["retry"] <= 5
    assert "hubbot --quiet schedule --once --config config/meta.yaml" in job["command"]
    assert set(job) == {"name", "command", "image", "schedule", "emails", "retry", "mem", "cpu", "timeout",
                        "filelog-stdout", "filelog-stderr"}


def test_meta_config_jobs_never_collide():
    from bot.app import load_config
    config = load_config(Path(__file__).resolve().parents[2] / "config" / "meta.yaml")
    jobs = yaml.safe_load(toolforge_jobs(config, "config/meta.yaml"))
    assert [j["schedule"] for j in jobs] == ["17,30 * * * *"]


@pytest.mark.parametrize("exprs", [
    ["0 */6 * * *", "30 5 * * *", "*/15 * * * *"], ["17 */6 * * *", "17 * * * *"],
    ["0 0 1 * *", "0 12 * * 1"], ["5 4 1,15 * 3", "10 4 * * *"], ["*/7 2-5 * 1-6 *", "0 0 * 12 0"],
])
def test_covering_cron_fires_whenever_any_output_is_due(exprs):
    cover = parse_cron(covering_cron(exprs))
    crons = [parse_cron(e) for e in exprs]
    when, fired = datetime(2026, 11, 20), 0
    while when < datetime(2027, 1, 5):            # six weeks across a month and a year end
        if any(c.matches(when) for c in crons):
            fired += 1
            assert cover.matches(when), (when, covering_cron(exprs))
        when += timedelta(minutes=1)
    assert fired


def test_once_catches_up_a_late_start_and_never_runs_a_firing_twice():
    late = datetime(2026, 11, 25, 6, 4, 10)            # the 06:00 firing; the job started 4 minutes late
    due = due_since(CONFIG, {}, late)
    assert due == {"plans": "2026-11-25T06:00:00", "directory": "2026-11-25T06:00:00",
                   "errors": "2026-11-25T06:00:00"}
    assert due_since(CONFIG, due, late) == {}         # started twice: the second finds nothing
    assert due_since(CONFIG, due, datetime(2026, 11, 25, 6, 15)) == {"errors": "2026-11-25T06:15:00"}
    assert due_since(CONFIG, {}, datetime(2026, 11, 25, 6, 20)) == {"errors": "2026-11-25T06:15:00"}
