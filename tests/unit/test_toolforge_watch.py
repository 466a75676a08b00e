"""`hubbot toolforge-jobs --watch`: one continuous job running `hubbot watch`."""

from __future__ import annotations

from pathlib import Path

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


def test_the_watch_job_is_supervised_by_the_watchers_own_health_check():
    jobs = yaml.safe_load(toolforge_watch_job("config/meta.yaml", "/data/project/hubbot/hubbot", 30))
    assert jobs[0]["health-check-script"] == ("cd /data/project/hubbot/hubbot && PYWIKIBOT_DIR=/data/project/hubbot/hubbot "
                                              "/data/project/hubbot/hubbot/.venv/bin/hubbot --quiet watch --check-health "
                                              "--config config/meta.yaml")
    assert "retry" not in jobs[0] and "timeout" not in jobs[0]      # the jobs CLI refuses them on a continuous job


def test_each_file_names_the_job_of_the_other_mode_that_load_leaves_running(tmp_path, capsys):
    """`toolforge jobs load` never deletes a job: switching modes leaves the old one running (double work,
    two e-mails per failure) unless the operator deletes it. The file says so, and so does the command."""
    from bot import cli
    from bot.schedule import toolforge_jobs
    from tests.unit.test_schedule import CONFIG
    watch = toolforge_watch_job("config/meta.yaml")
    cron = toolforge_jobs(CONFIG, "config/meta.yaml")
    assert "# `toolforge jobs load` deletes no job: if the cron job (`toolforge-jobs`) ran before, stop it with: " \
           "toolforge jobs delete hubbot-meta\n" in watch
    assert "# `toolforge jobs load` deletes no job: if the watcher (`toolforge-jobs --watch`) ran before, stop it " \
           "with: toolforge jobs delete hubbot-watch\n" in cron
    meta = str(Path(__file__).resolve().parents[2] / "config" / "meta.yaml")
    for extra, delete in (([], "hubbot-watch"), (["--watch"], "hubbot-meta")):
        assert cli.main(["toolforge-jobs", "--config", meta, "-o", str(tmp_path / "jobs.yaml"), *extra]) == 0
        assert capsys.readouterr().out.splitlines()[-1].endswith(f"stop it with: toolforge jobs delete {delete}")
        assert cli.main(["toolforge-jobs", "--config", meta, *extra]) == 0
        printed = capsys.readouterr()
        assert yaml.safe_load(printed.out) and printed.err.endswith(f"toolforge jobs delete {delete}\n")
