"""`hubbot toolforge-jobs --watch`: one continuous job running `hubbot watch`."""

from __future__ import annotations

import yaml

from bot.schedule import toolforge_watch_job


def test_one_continuous_watch_job():
    jobs = yaml.safe_load(toolforge_watch_job("config/meta.yaml", "/data/project/hubbot/hubbot", 30))
    assert len(jobs) == 1
    job = jobs[0]
    assert job["continuous"] is True and "schedule" not in job
    assert job["command"].endswith("hubbot --quiet watch --config config/meta.yaml --interval 30")
    assert job["command"].startswith("cd /data/project/hubbot/hubbot && PYWIKIBOT_DIR=/data/project/hubbot/hubbot ")
    assert job["emails"] == "onfailure" and job["filelog-stderr"] == "logs/hubbot-watch.err"
