"""Operator safety on a real wiki: shutoff, nobots, guards, limits, lock, and injected faults."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from bot import cli
from tests.integration.conftest import actions
from tests.integration.faultproxy import FaultProxy, Rule

ROOT = Path(__file__).resolve().parents[2]
REGION_PAGE = "Intro by a human.\n<!-- hubbot:begin dir -->\n<!-- hubbot:end dir -->\nOutro by a human.\n"


def setup(s, n=6, **safety):
    pages = {s.page(f"Hub {i}"): s.infobox(f"Hub {i}", plans=f"[[Plan {i}]]") for i in range(n)}
    pages[s.page("Region")] = REGION_PAGE
    s.wiki.import_pages(pages)
    return s.config([
        {"name": "directory", "kind": "directory", "page": s.page("Region"), "region": "dir"},
        {"name": "plans", "kind": "plans", "page": s.page("Plans")},
        {"name": "errors", "kind": "errors", "page": s.page("Errors")},
    ], **safety)


def test_shutoff_page_stops_everything_with_exit_3(scenario, capsys):
    s = scenario
    config = setup(s)
    s.wiki.edit_as("Editor", s.page("Shutoff"), "stop: the directory table looks broken --Editor")
    code, report = s.sync(config)
    assert code == 3
    err = capsys.readouterr().err
    assert f"the shutoff page {s.page('Shutoff')} says 'stop: the directory table looks broken --Editor'" in err
    assert s.text(s.page("Plans")) == "" and "<!-- hubbot:end dir -->\n<!-- " not in s.text(s.page("Region"))
    s.wiki.edit_as("Editor", s.page("Shutoff"), "run")
    code, report = s.sync(config)
    assert code == 0 and report["totals"]["edits"] == 3


def test_nobots_page_is_skipped_and_explained(scenario):
    s = scenario
    config = setup(s)
    s.wiki.edit_as("Editor", s.page("Plans"), "{{bots|deny=HubBot}}\nOur own list.\n")
    code, report = s.sync(config)
    assert code == 0 and actions(report)[s.page("Plans")] == "refused"   # an editor's choice, not a failure
    assert s.text(s.page("Plans")) == "{{bots|deny=HubBot}}\nOur own list."
    assert "{{nobots}} or a {{bots}} template" in s.text(s.page("Errors")).replace("&#123;", "{").replace("&#125;", "}")


def test_shrinking_hub_list_is_not_written_until_an_operator_allows_it(scenario):
    s = scenario
    config = setup(s)
    assert s.sync(config)[0] == 0
    for i in range(4):   # someone breaks four hub pages at once (e.g. a template rename)
        s.wiki.edit_as("Editor", s.page(f"Hub {i}"), "Infobox removed by mistake.")
    s.wiki.run_jobs()
    before = s.text(s.page("Region"))
    code, report = s.sync(config)
    assert code == 0
    assert actions(report)[s.page("Region")] == "refused" and actions(report)[s.page("Plans")] == "refused"
    assert s.text(s.page("Region")) == before
    errors = s.text(s.page("Errors"))
    assert "only 2 hub pages were found, against 6 last run" in errors
    code, report = s.sync(config, "--allow-large-removal")
    assert code == 0 and actions(report)[s.page("Region")] == "edited"
    assert "|Hub 4]]" in s.text(s.page("Region")) and "|Hub 0]]" not in s.text(s.page("Region"))


def test_large_row_removal_is_refused_without_history(scenario):
    s = scenario
    config = setup(s)
    assert s.sync(config)[0] == 0
    for i in range(3):
        s.wiki.edit_as("Editor", s.page(f"Hub {i}"), "gone")
    s.wiki.run_jobs()
    s.state_dir = s.tmp / "fresh-state"      # no memory of the last run: the row guard still holds
    code, report = s.sync(config)
    assert code == 0 and actions(report)[s.page("Region")] == "refused"
    reason = next(o["reason"] for o in report["outputs"] if o["page"] == s.page("Region"))
    assert reason == "the new text would remove 3 of 6 rows (more than 30%); not saved."


def test_a_misspelled_template_in_a_new_state_folder_empties_no_list_and_creates_no_module(wiki, gateway, scenario):
    """Try-out finding 1: `hubs.template: Hub infobx`, run with a new --state-dir (no last run to compare), saved
    every editor's {{Hub list}} empty and created Module:Hub infobx/i18n. The list shows 2 hubs and none is found:
    nothing built from the hubs is saved, the report says why and which key of which config file to correct."""
    from tests.integration.test_translations import Site
    s = scenario
    site = Site(s, wiki)                        # 2 hubs, a Swahili label for the infobox (Module:.../i18n)
    lists = {"template": f"Hub list {s.key}", "end_template": f"Hub list end {s.key}",
             "notices": f"Module:Hub list {s.key}/data"}
    portal = f"Our hubs:\n{{{{{lists['template']}}}}}\n{{{{{lists['end_template']}}}}}\nEnd of the editors' text.\n"
    wiki.import_pages({f"Template:{lists['template']}": "", f"Template:{lists['end_template']}": "",
                       s.page("Portal"): portal})
    config = site.config()
    data = yaml.safe_load(config.read_text())
    config.write_text(yaml.safe_dump(data | {"lists": lists}, sort_keys=False))
    code, report = s.sync(config)
    assert code == 0 and actions(report)[s.page("Portal")] == "edited", report
    module = f"Module:{s.template}/i18n"
    assert actions(report)[module] == "edited"               # a correct template: its labels' module is made
    listed = s.text(s.page("Portal"))
    assert listed.count(f"[[Special:MyLanguage/{s.page('Alpha')}|") == 1 and "|Beta Hub]]" in listed

    typo = s.tmp / "typo.yaml"
    data["hubs"]["template"] = s.template.replace("infobox", "infobx")
    typo.write_text(yaml.safe_dump(data | {"lists": lists}, sort_keys=False))
    s.state_dir = s.tmp / "new-state"
    code, report = s.sync(typo)
    assert code == 0 and report["totals"]["edits"] == 0, report
    assert s.text(s.page("Portal")) == listed.rstrip("\n")
    refused = next(o for o in report["outputs"] if o["page"] == s.page("Portal"))
    assert (refused["action"], refused["owner"]) == ("refused", "operator")
    assert refused["reason"] == (f"no hub pages were found, but the list on {s.page('Portal')} shows 2 hubs; "
                                 "nothing was replaced.")
    assert refused["fix"] == (f"no page uses {{{{{data['hubs']['template']}}}}}: correct hubs.template in {typo} if "
                              "it is misspelled; if the hubs are really gone, an operator can rerun with "
                              "--allow-large-removal.")
    assert {actions(report)[site.plans], actions(report)[site.directory]} == {"refused"}
    assert f"warning: no page uses {{{{{data['hubs']['template']}}}}}, but the list on {s.page('Portal')} shows " \
           f"2 hubs: hubs.template in {typo} is probably misspelled." in " ".join(report["messages"])
    typo_module = f"Module:{data['hubs']['template']}/i18n"
    assert typo_module not in actions(report)
    assert not gateway.read_pages([typo_module])[typo_module].exists


def test_edit_limit_per_run(scenario):
    s = scenario
    config = setup(s, max_edits_per_run=1)
    code, report = s.sync(config)
    assert code == 0 and report["totals"]["edits"] == 1
    assert list(actions(report).values()).count("edited") == 1
    assert list(actions(report).values()).count("blocked") == 2
    assert actions(report)[s.page("Errors")] == "edited"          # its one edit is kept: it says what waits
    assert any("limit of 1 edits per run" in o["reason"] for o in report["outputs"])
    assert "the limit of 1 edits per run was reached" in s.text(s.page("Errors"))


def test_second_run_while_locked_waits_then_skips_without_failing(scenario, capsys):
    s = scenario
    config = setup(s, lock_wait=2)
    s.state_dir.mkdir(parents=True)
    (s.state_dir / "lock").write_text(f"{os.getpid()} {os.uname().nodename} 0\n")   # a live run (this process)
    code, _ = s.sync(config)
    assert code == 0
    assert "skipped: another run is in progress" in capsys.readouterr().out
    assert s.text(s.page("Plans")) == ""


# -- fault injection ------------------------------------------------------------------------
def proxied_pywikibot_dir(wiki, tmp_path: Path, port: int) -> Path:
    directory = tmp_path / "pwb-proxied"
    directory.mkdir(exist_ok=True)
    (directory / "user-config.py").write_text(
        f"family_files['proxied'] = 'http://127.0.0.1:{port}/api.php'\n"
        "family = 'proxied'\nmylang = 'proxied'\nusernames['proxied']['proxied'] = 'HubBot'\n"
        f"password_file = {str(wiki.pywikibot_dir / 'passwordfile')!r}\n"
        "put_throttle = 0\nmax_retries = 2\nretry_wait = 1\nretry_max = 2\nsocket_timeout = (2, 2)\n")
    return directory


def run_hubbot(pwb: Path, *args: str, wait: bool = True):
    env = dict(os.environ, PYWIKIBOT_DIR=str(pwb))
    cmd = [sys.executable, "-m", "bot.cli", *args]
    if not wait:
        return subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=240)


FAULTS = [
    ("http500-on-edit", "action=edit", "500", 3),
    ("http503-on-read", "prop=revisions", "503", 1),
    ("timeout-on-edit", "action=edit", "delay", 1),
    ("dropped-connection", "action=edit", "drop", 3),
    ("maxlag-on-edit", "action=edit", "maxlag", 2),
]
FAULT_LOG: list[dict] = []


@pytest.fixture(scope="module", autouse=True)
def fault_summary():
    """Leaves the fault counts (faults injected, pages checked, edits lost) for the operator's notes.

    An entry is only logged after its test verified that every human edit is still there.
    """
    yield
    out = Path(os.environ.get("HUBBOT_FAULT_LOG", tempfile.gettempdir() + "/hubbot-fault-log.json"))
    out.write_text(json.dumps(FAULT_LOG, indent=1))


def _outputs_texts(s) -> dict[str, str]:
    return {t: s.text(t) for t in (s.page("Region"), s.page("Plans"), s.page("Errors"))}


def _converged(s, config) -> None:
    """After a normal rerun the pages equal a fault-free run: a dry run finds nothing to change."""
    code, report = s.sync(config)
    assert code == 0, report
    code, report = s.sync(config, "--dry-run")
    assert set(actions(report).values()) == {"unchanged"}


@pytest.mark.parametrize("name,match,fault,times", FAULTS, ids=[f[0] for f in FAULTS])
def test_injected_fault_never_leaves_a_partial_page(scenario, name, match, fault, times):
    s = scenario
    config = setup(s)
    s.wiki.edit_as("Editor", s.page("Region"), REGION_PAGE.replace("Outro", "Outro, edited by a human,"))
    before = _outputs_texts(s)
    with FaultProxy(s.wiki.port, delay=3) as proxy:
        proxy.rules.append(Rule(match, fault, times))
        pwb = proxied_pywikibot_dir(s.wiki, s.tmp, proxy.port)
        done = run_hubbot(pwb, "sync", "--config", str(config), "--state-dir", str(s.state_dir),
                          "--now", "2026-11-25T12:00:00Z")
        assert proxy.injected >= 1, done.stderr
    assert "Traceback" not in done.stderr and done.returncode in (0, 1), done.stderr
    middle = _outputs_texts(s)
    _converged(s, config)
    after = _outputs_texts(s)
    partial = [t for t in before if middle[t] not in (before[t], after[t])]
    lost = partial + ([] if "Outro, edited by a human," in after[s.page("Region")] else ["the human outro"])
    FAULT_LOG.append({"fault": name, "injected": proxy.injected, "pages_checked": len(before) + 1,
                      "edits_lost": len(lost), "exit": done.returncode})
    assert not lost, f"{lost} partial or lost after {name}"


def test_edit_conflict_from_a_human_between_read_and_save(scenario):
    s = scenario
    config = setup(s)
    title = s.page("Region")
    human = REGION_PAGE.replace("Intro by a human.", "Intro rewritten by a human at the same moment.")
    with FaultProxy(s.wiki.port) as proxy:
        proxy.rules.append(Rule(f"title={title.replace('/', '%2F').replace(' ', '+')}", "before", 1,
                                action=lambda: s.wiki.edit_as("Editor", title, human)))
        pwb = proxied_pywikibot_dir(s.wiki, s.tmp, proxy.port)
        done = run_hubbot(pwb, "sync", "--config", str(config), "--state-dir", str(s.state_dir))
        assert proxy.injected == 1, done.stdout + done.stderr
    text = s.text(title)
    kept = "Intro rewritten by a human at the same moment." in text
    FAULT_LOG.append({"fault": "edit-conflict", "injected": proxy.injected, "pages_checked": 1,
                      "edits_lost": 0 if kept else 1, "exit": done.returncode})
    assert kept and "|Hub 3]]" in text
    _converged(s, config)


def test_killed_run_after_first_save_recovers(scenario):
    s = scenario
    config = setup(s)
    before = _outputs_texts(s)
    with FaultProxy(s.wiki.port) as proxy:
        pwb = proxied_pywikibot_dir(s.wiki, s.tmp, proxy.port)
        proc = run_hubbot(pwb, "sync", "--config", str(config), "--state-dir", str(s.state_dir), wait=False)
        proxy.on_edit_answered = lambda: os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert proxy.edits_forwarded >= 1
    assert (s.state_dir / "lock").exists()          # left behind by the killed run
    middle = _outputs_texts(s)
    _converged(s, config)                            # the stale lock is taken over
    after = _outputs_texts(s)
    partial = [t for t in before if middle[t] not in (before[t], after[t])]
    FAULT_LOG.append({"fault": "sigkill-after-first-save", "injected": 1, "pages_checked": len(before),
                      "edits_lost": len(partial), "exit": proc.returncode})
    assert not partial


def test_a_page_that_keeps_failing_is_reported_and_the_run_goes_on(scenario):
    s = scenario
    config = setup(s)
    plans = "action=edit&title=" + s.page("Plans").replace("/", "%2F")
    with FaultProxy(s.wiki.port) as proxy:
        proxy.rules.append(Rule(plans, "503", 1000))
        pwb = proxied_pywikibot_dir(s.wiki, s.tmp, proxy.port)
        done = run_hubbot(pwb, "sync", "--config", str(config), "--state-dir", str(s.state_dir),
                          "--report", str(s.tmp / "r.json"))
    report = json.loads((s.tmp / "r.json").read_text())
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert actions(report) == {s.page("Region"): "edited", s.page("Plans"): "failed", s.page("Errors"): "edited"}
    reason = next(o["reason"] for o in report["outputs"] if o["page"] == s.page("Plans"))
    assert reason.startswith("the wiki failed 3 times")
    untouched = s.text(s.page("Plans")) == ""
    FAULT_LOG.append({"fault": "http503-forever-on-one-page", "injected": proxy.injected, "pages_checked": 1,
                      "edits_lost": 0 if untouched else 1, "exit": done.returncode})
    assert untouched


def test_repeated_failures_disable_the_bot_until_reset(scenario, capsys):
    s = scenario
    config = setup(s, max_consecutive_failures=2)
    with FaultProxy(s.wiki.port) as proxy:
        proxy.rules.append(Rule("action=edit&title=" + s.page("Plans").replace("/", "%2F"), "503", 1000))
        pwb = proxied_pywikibot_dir(s.wiki, s.tmp, proxy.port)
        for _ in range(2):
            done = run_hubbot(pwb, "sync", "--config", str(config), "--state-dir", str(s.state_dir))
            assert done.returncode == 1
    assert done.stdout.strip().splitlines()[-1] == (       # the run that disabled the bot says so, last
        f"hubbot is now disabled after 2 failed runs in a row: this run could not save {s.page('Plans')}; run "
        f"`hubbot reset --config {config} --state-dir {s.state_dir}` once the cause is fixed.")
    errors = s.text(s.page("Errors"))
    assert "The bot has stopped editing" in errors and "after 2 failed runs in a row" in errors
    state = json.loads((s.state_dir / "state.json").read_text())
    assert state["disabled"] is True
    code, report = s.sync(config)
    assert code == 1 and report["totals"]["edits"] == 0
    assert "hubbot reset --config" in capsys.readouterr().out
    assert cli.main(["reset", "--config", str(config), "--state-dir", str(s.state_dir)]) == 0
    code, report = s.sync(config)
    assert code == 0 and actions(report)[s.page("Plans")] == "edited"


def test_secrets_never_reach_logs_or_reports(scenario, wiki):
    s = scenario
    config = setup(s)
    secret = wiki.credentials["bot"]
    done = run_hubbot(wiki.pywikibot_dir, "--verbose", "sync", "--config", str(config),
                      "--state-dir", str(s.state_dir), "--report", str(s.tmp / "r.json"))
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("page=") >= 3                       # the verbose log did run
    for text in (done.stdout, done.stderr, (s.tmp / "r.json").read_text(),
                 (s.state_dir / "state.json").read_text()):
        assert secret not in text
        assert not re.search(r"[0-9a-f]{32,40}\+\\", text)          # a MediaWiki edit token
