"""Which outputs are due together, and the Toolforge jobs file."""

from __future__ import annotations

from datetime import datetime

import yaml

from bot.config import parse_config
from bot.schedule import due_at, next_run, toolforge_jobs

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


def test_toolforge_jobs_one_job_per_schedule():
    jobs = yaml.safe_load(toolforge_jobs(CONFIG, "config/meta.yaml", "/data/project/hubbot/hubbot"))
    assert [j["schedule"] for j in jobs] == ["0 */6 * * *", "30 5 * * *", "*/15 * * * *"]
    first = jobs[0]
    assert first["name"] == "hubbot-plans-directory"
    assert first["image"] == "python3.11" and first["emails"] == "onfailure" and 0 <= first["retry"] <= 5
    assert "--only plans --only directory" in first["command"]
    assert "hubbot --quiet sync --config config/meta.yaml" in first["command"]
    assert set(first) == {"name", "command", "image", "schedule", "emails", "retry", "mem", "cpu", "timeout",
                          "filelog-stdout", "filelog-stderr"}
    assert len({j["name"] for j in jobs}) == len(jobs)
    for job in jobs:
        assert job["name"].replace("-", "").isalnum() and len(job["name"]) <= 50
