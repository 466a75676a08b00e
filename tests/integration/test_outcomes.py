"""Outcomes and who owns them, end to end on the real local MediaWiki: an admin's protection, the
wiki's size limit, {{nobots}} added while the bot saves, `--only errors`, and
two runs started together (read-only mode: test_deployment.py). (The same decisions are tested exhaustively in memory in
tests/unit/test_runner_memory.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.integration.conftest import actions
from tests.integration.faultproxy import FaultProxy, Rule
from tests.integration.test_safety import proxied_pywikibot_dir, run_hubbot, setup

ROOT = Path(__file__).resolve().parents[2]


def outcome(report: dict, page: str) -> dict:
    return next(o for o in report["outputs"] if o["page"] == page)


def test_a_protected_page_is_blocked_run_after_run_and_never_disables_the_bot(scenario):
    s = scenario
    config = setup(s, max_consecutive_failures=2)
    assert s.sync(config)[0] == 0
    before = s.text(s.page("Plans"))
    s.wiki.protect(s.page("Plans"))
    s.wiki.edit_as("Editor", s.page("Hub 0"), s.infobox("Hub 0", plans="[[A new plan]]"))
    for _ in range(5):
        code, report = s.sync(config)
        plans = outcome(report, s.page("Plans"))
        assert code == 0 and plans["action"] == "blocked" and plans["owner"] == "admin"
    assert s.text(s.page("Plans")) == before
    state = json.loads((s.state_dir / "state.json").read_text())
    assert not state.get("disabled") and state["consecutive_failures"] == 0
    errors = s.text(s.page("Errors"))
    assert f"[[Special:MyLanguage/{s.page('Plans')}|{s.page('Plans')}]] || plans || blocked || a wiki administrator" in errors
    assert "ask an admin to lower the protection" in errors
    assert "None: every output page could be written." not in errors


def test_a_page_over_the_size_limit_is_blocked_and_not_retried(scenario):
    s = scenario
    config = setup(s, n=30)
    with s.wiki.settings_override("$wgMaxArticleSize = 2;"):      # KB
        code, report = s.sync(config)
    region = outcome(report, s.page("Region"))
    assert code == 0 and region["action"] == "blocked" and region["owner"] == "operator"
    assert "size limit" in region["reason"]
    assert "Intro by a human.\n<!-- hubbot:begin dir -->\n<!-- hubbot:end dir -->" in s.text(s.page("Region"))
    assert outcome(report, s.page("Plans"))["action"] == "blocked"
    assert report["totals"]["edits"] == 1 and report["exit_code"] == 0   # the errors page says why
    assert not json.loads((s.state_dir / "state.json").read_text())["consecutive_failures"]


def test_nobots_added_between_read_and_save_is_respected(scenario):
    s = scenario
    config = setup(s)
    assert s.sync(config)[0] == 0
    s.wiki.edit_as("Editor", s.page("Hub 0"), s.infobox("Hub 0", plans="[[A new plan]]"))
    s.wiki.run_jobs()
    title = s.page("Plans")
    human = "{{nobots}}\nWe keep this list by hand now."
    with FaultProxy(s.wiki.port) as proxy:
        proxy.rules.append(Rule(f"title={title.replace('/', '%2F').replace(' ', '+')}", "before", 1,
                                action=lambda: s.wiki.edit_as("Editor", title, human)))
        pwb = proxied_pywikibot_dir(s.wiki, s.tmp, proxy.port)
        done = run_hubbot(pwb, "sync", "--config", str(config), "--state-dir", str(s.state_dir),
                          "--report", str(s.tmp / "r.json"))
        assert proxy.injected == 1, done.stderr
    report = json.loads((s.tmp / "r.json").read_text())
    assert done.returncode == 0 and outcome(report, title)["action"] == "refused"
    assert "nobots" in outcome(report, title)["reason"]
    assert s.text(title) == human


def test_only_errors_keeps_what_earlier_runs_could_not_write(scenario):
    s = scenario
    config = setup(s)
    s.wiki.edit_as("Editor", s.page("Region"), "The markers were removed by someone.")
    code, report = s.sync(config)
    assert code == 0 and actions(report)[s.page("Region")] == "refused"
    assert "no markers for region" in s.text(s.page("Errors"))
    s.wiki.edit_as("Editor", s.page("Hub 2"), s.infobox("Hub 2", status="not a status"))
    code, report = s.sync(config, "--only", "errors")
    assert code == 0 and list(actions(report)) == [s.page("Errors")]
    errors = s.text(s.page("Errors"))
    assert "no markers for region" in errors and "|| 2026-11-25" in errors     # remembered, with its date
    assert "not a status" in errors                                            # and this run's problems


def test_two_runs_started_together_one_runs_the_other_exits_0(scenario):
    s = scenario
    config = setup(s, lock_wait=0)
    env = dict(os.environ)
    cmd = [sys.executable, "-m", "bot.cli", "sync", "--config", str(config), "--state-dir", str(s.state_dir)]
    runs = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outs = [r.communicate(timeout=120) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outs
    skipped = [out for out, _ in outs if "skipped: another run is in progress" in out]
    ran = [out for out, _ in outs if "edits: 3 " in out]
    assert len(skipped) == 1 and len(ran) == 1, outs
    assert "|Hub 5]]" in s.text(s.page("Plans"))


def test_sigint_during_a_save_logs_the_save_in_flight_and_writes_the_report(scenario):
    import signal
    s = scenario
    config = setup(s)
    title = s.page("Plans")
    holder = {}
    with FaultProxy(s.wiki.port) as proxy:
        proxy.rules.append(Rule("action=edit&title=" + title.replace("/", "%2F"), "before", 1,
                                action=lambda: os.kill(holder["proc"].pid, signal.SIGINT)))
        pwb = proxied_pywikibot_dir(s.wiki, s.tmp, proxy.port)
        proc = holder["proc"] = run_hubbot(pwb, "sync", "--config", str(config), "--state-dir", str(s.state_dir),
                                           "--report", str(s.tmp / "r.json"), wait=False)
        out, err = proc.communicate(timeout=120)
        assert proxy.injected == 1, err
    assert proc.returncode == 1 and "Traceback" not in err
    assert f"action=interrupted page={title}" in err
    assert "hubbot: interrupted; pages already saved stay saved" in err
    report = json.loads((s.tmp / "r.json").read_text())
    assert report["messages"][-1] == (f"interrupted (SIGINT): pages already saved stay saved; a save of {title} "
                                      "was in flight: check its history.")
    assert actions(report)[s.page("Region")] == "edited"          # saved before the interruption, and reported
