"""Warnings for the operator that every sync repeats until they act, at no request of their own: a published
module older than this hubbot's (publish-templates not run after an upgrade) and a missing task page (every
edit summary links to it). Whole runs on the wiki in memory; the warnings stated literally, where they are
said (the log, the report, the errors page) and what the runs cost."""

from __future__ import annotations

import dataclasses
import json
import logging
import shutil
from datetime import timedelta

import yaml

from bot import app
from bot.logic import publishing
from bot.resources import TEMPLATES
from bot.runner import Run
from bot.state import State
from tests.unit.test_runner_memory import NOW, make

OLDER = "local p = {}\nfunction p.main(frame)\n  return ''\nend\nreturn p\n"   # a Module:Hub status without p.hubs


def sync(wiki, config, state_dir, now=NOW, full=False):
    return Run(config, wiki, now=now, state=State.load(state_dir), sleep=lambda s: None, full=full).run()


def older_templates(tmp_path, monkeypatch):
    """templates/ of an older hubbot: its Module:Hub status lacks p.hubs."""
    older = tmp_path / "older-templates"
    shutil.copytree(TEMPLATES, older)
    (older / "Hub_status_module.lua").write_text(OLDER, encoding="utf-8")
    monkeypatch.setattr(publishing, "TEMPLATES", older)


def test_a_module_published_by_an_older_hubbot_is_warned_until_publish_templates_runs(tmp_path, monkeypatch, caplog):
    wiki, config = make(tmp_path)
    state_dir = tmp_path / "state"
    warning = (f"the published Module:Hub status is older than this hubbot's: run hubbot publish-templates "
               f"--config {config.path}")
    older_templates(tmp_path, monkeypatch)
    app.publish_templates(wiki, config, state_dir=state_dir, emit=lambda line: None)       # by the older hubbot
    assert wiki.text("Module:Hub status") == OLDER.rstrip("\n")
    recorded = json.loads((state_dir / "state.json").read_text())["published_sources"]
    assert len(recorded) == 10 and recorded["Module:Hub status"] == publishing._digest(OLDER)
    monkeypatch.setattr(publishing, "TEMPLATES", TEMPLATES)                                # hubbot upgraded
    with caplog.at_level(logging.WARNING, logger="hubbot"):
        report = sync(wiki, config, state_dir, full=True)
    assert f"warning: {warning}" in report.messages and warning in caplog.messages
    assert f"'''Warning:''' {warning}\n" in wiki.text("User:HubBot/Errors")
    assert (report.requests, report.pages_read, report.edits) == (9, 8, 3)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="hubbot"):
        quiet = sync(wiki, config, state_dir, now=NOW + timedelta(minutes=5))               # nothing new: the log
    assert warning in caplog.messages and (quiet.requests, quiet.pages_read, quiet.edits) == (3, 0, 0)

    app.publish_templates(wiki, config, state_dir=state_dir, emit=lambda line: None)       # the operator's fix
    assert "p.hubs" in wiki.text("Module:Hub status")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="hubbot"):
        after = sync(wiki, config, state_dir, now=NOW + timedelta(minutes=10))
    assert warning not in caplog.messages and not [m for m in after.messages if "publish-templates" in m]
    assert "older than this hubbot's" not in wiki.text("User:HubBot/Errors")
    assert (after.requests, after.pages_read, after.edits) == (5, 4, 1)       # the errors page loses the warning


def test_without_a_record_of_publishing_nothing_is_said(tmp_path, monkeypatch, caplog):
    """Someone else may publish the templates on the wiki (or an older hubbot kept no record): no warning, and
    the same requests as a run with a record."""
    wiki, config = make(tmp_path)
    older_templates(tmp_path, monkeypatch)
    app.publish_templates(wiki, config, state_dir=tmp_path / "elsewhere", emit=lambda line: None)
    monkeypatch.setattr(publishing, "TEMPLATES", TEMPLATES)
    with caplog.at_level(logging.WARNING, logger="hubbot"):
        report = sync(wiki, config, tmp_path / "state", full=True)
    assert not [m for m in caplog.messages + report.messages if "publish-templates" in m]
    assert "Warning" not in wiki.text("User:HubBot/Errors")
    assert (report.requests, report.pages_read, report.edits) == (9, 8, 3)


TASK_WARNING = ("the task page User:HubBot/Tasks does not exist, so every edit summary links to a missing page. "
                "Create it (what the bot does and why), or correct task_page in the config.")


def test_a_missing_task_page_is_warned_like_a_missing_shutoff_page_at_no_request_of_its_own(tmp_path, caplog):
    costs = {}
    for case in ("no task_page", "missing", "exists"):
        wiki, config = make(tmp_path / case)
        if case != "no task_page":
            config = dataclasses.replace(config, task_page="User:HubBot/Tasks")
        if case == "exists":
            wiki.edit("User:HubBot/Tasks", "What hubbot does and why.")
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="hubbot"):
            first = sync(wiki, config, tmp_path / case / "state")
            quiet = sync(wiki, config, tmp_path / case / "state", now=NOW + timedelta(minutes=5))
        costs[case] = [(r.requests, r.pages_read, r.edits) for r in (first, quiet)]
        said = [m for m in caplog.messages if "task page" in m]
        assert said == ([TASK_WARNING] * 2 if case == "missing" else []), case        # both runs, in the log
        assert (f"'''Warning:''' {TASK_WARNING}" in wiki.text("User:HubBot/Errors")) == (case == "missing")
        assert (f"warning: {TASK_WARNING}" in first.messages) == (case == "missing")
    # the same requests with a task page or without (the page is asked in the run's batched read, and in the
    # quiet check's prop=info); a run that reads pages reads it too
    assert costs == {"no task_page": [(9, 8, 3), (3, 0, 0)], "missing": [(9, 9, 3), (3, 0, 0)],
                     "exists": [(9, 9, 3), (3, 0, 0)]}
    assert wiki.history("Hubs/Plans")[-1].summary.startswith("[[User:HubBot/Tasks|hubbot]]: ")


def test_once_the_task_page_is_created_the_errors_page_drops_the_warning(tmp_path):
    wiki, config = make(tmp_path)
    config = dataclasses.replace(config, task_page="User:HubBot/Tasks")
    sync(wiki, config, tmp_path / "state")
    assert TASK_WARNING in wiki.text("User:HubBot/Errors")
    wiki.edit("User:HubBot/Tasks", "What hubbot does and why.")
    report = sync(wiki, config, tmp_path / "state", now=NOW + timedelta(minutes=5))
    assert TASK_WARNING not in wiki.text("User:HubBot/Errors") and "Warning" not in wiki.text("User:HubBot/Errors")
    assert (report.requests, report.pages_read, report.edits) == (6, 5, 1)       # the errors page only


def test_toolforge_jobs_warns_of_a_config_outside_the_project_dir_and_writes_one_inside_it_relative(
        tmp_path, monkeypatch, capsys):
    """The try-out: `toolforge-jobs --project-dir ~/hubbot` run in another checkout wrote that checkout's absolute
    config path into the job, which Toolforge does not have, and said nothing."""
    from bot import cli
    home, checkout = tmp_path / "home", tmp_path / "try-ux"
    text = "hubs: {}\nschedule: '0 * * * *'\noutputs:\n  - {name: errors, kind: errors, page: 'User:HubBot/Errors'}\n"
    for folder in (home / "hubbot" / "config", checkout / "config"):
        folder.mkdir(parents=True)
        (folder / "op.yaml").write_text(text)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(checkout)

    def jobs(config: str) -> tuple[str, str]:
        assert cli.main(["toolforge-jobs", "--config", config, "--project-dir", "~/hubbot"]) == 0
        out, err = capsys.readouterr()
        command = yaml.safe_load(out)[0]["command"]
        return command.split(" schedule --once ")[1], [line.split(" ", 1)[1] for line in err.splitlines()
                                                       if " WARNING " in line]      # after the log line's time

    assert jobs("config/op.yaml") == (f"--config {checkout / 'config' / 'op.yaml'}", [
        f"WARNING --config {checkout / 'config' / 'op.yaml'} lies outside the project dir {home / 'hubbot'}, so the "
        "job runs it by that absolute path, which must exist where the job runs. Fix: copy the config into the "
        f"project dir (e.g. {home / 'hubbot' / 'config' / 'op.yaml'}) and pass that copy to --config, or give "
        "--project-dir the folder that holds the config's checkout where the job runs"])
    assert jobs(str(home / "hubbot" / "config" / "op.yaml")) == ("--config config/op.yaml", [])
