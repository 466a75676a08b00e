"""The runner's decisions, exhaustively, on a wiki in memory (the same stories run end to end in
tests/integration/test_outcomes.py against the real local MediaWiki)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.app import load_config
from bot.config import parse_config
from bot.logic.kinds import check_config
from bot.outcomes import Status
from bot.runner import Run
from bot.state import State
from bot.wiki.memory import MemoryWiki

NOW = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
REGION = "Intro by a human.\n<!-- hubbot:begin dir -->\n<!-- hubbot:end dir -->\nOutro by a human.\n"


def infobox(name: str, status: str = "pilot") -> str:
    return (f"{{{{Hub infobox\n| name = {name}\n| type = regional\n| scope = Somewhere\n| status = {status}\n"
            f"| plans = [[{name}/Plan]]\n}}}}\nText by the hub's editors.\n")


def make(tmp_path, hubs: int = 4, **safety):
    wiki = MemoryWiki()
    for i in range(hubs):
        wiki.edit(f"Hub {i}", infobox(f"Hub {i}"))
    wiki.edit("Hubs/Ongoing", REGION)
    wiki.edit("User:HubBot/Shutoff", "run")
    config = check_config(parse_config({
        "hubs": {"template": "Hub infobox"},
        "outputs": [
            {"name": "directory", "kind": "directory", "page": "Hubs/Ongoing", "region": "dir"},
            {"name": "plans", "kind": "plans", "page": "Hubs/Plans"},
            {"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"},
        ],
        "safety": {"shutoff_page": "User:HubBot/Shutoff", "max_consecutive_failures": 3, **safety},
    }, str(tmp_path / "config.yaml")))
    return wiki, config


def run(wiki, config, tmp_path, only=None, **kw):
    state = State.load(tmp_path / "state")
    report = Run(config, wiki, now=NOW, state=state, sleep=lambda s: None, **kw).run(only)
    return report, {o.output: o for o in report.outputs}


def test_first_run_writes_everything_and_a_rerun_makes_no_edit(tmp_path):
    wiki, config = make(tmp_path)
    report, by = run(wiki, config, tmp_path)
    assert [by[n].status for n in ("directory", "plans", "errors")] == [Status.EDITED] * 3
    assert wiki.text("Hubs/Ongoing").startswith("Intro by a human.\n<!-- hubbot:begin dir -->\n")
    assert wiki.text("Hubs/Ongoing").endswith("<!-- hubbot:end dir -->\nOutro by a human.")
    edits = wiki.counters.edits
    report, by = run(wiki, config, tmp_path)
    assert wiki.counters.edits == edits and report.exit_code == 0
    assert {o.status for o in report.outputs} == {Status.UNCHANGED}


def test_protected_page_is_blocked_for_an_admin_and_never_disables_the_bot(tmp_path):
    wiki, config = make(tmp_path)
    wiki.protected.add("Hubs/Plans")
    for _ in range(5):
        report, by = run(wiki, config, tmp_path)
        assert by["plans"].status is Status.BLOCKED and by["plans"].owner == "admin"
        assert report.exit_code == 0 and not report.failed
    state = State.load(tmp_path / "state")
    assert not state.disabled and state.consecutive_failures == 0
    errors = wiki.text("User:HubBot/Errors")
    assert "| [[Special:MyLanguage/Hubs/Plans|Hubs/Plans]] || plans || blocked || a wiki administrator" in errors
    assert "ask an admin to lower the protection" in errors
    assert "None: every output page could be written." not in errors


def test_page_over_the_size_limit_is_blocked_before_saving_and_not_retried(tmp_path):
    wiki, config = make(tmp_path, hubs=30)
    wiki.max_page_bytes = 2000
    report, by = run(wiki, config, tmp_path)
    assert by["directory"].status is Status.BLOCKED and by["directory"].owner == "operator"
    assert "over the wiki's page size limit (1 KB)" in by["directory"].reason
    assert wiki.history("Hubs/Ongoing")[-1].user == "Editor"     # never sent, so never retried
    assert not report.failed and "Hubs/Ongoing" in wiki.text("User:HubBot/Errors")


def test_size_limit_found_by_the_wiki_is_blocked_after_one_attempt(tmp_path):
    wiki, config = make(tmp_path, hubs=30)
    wiki.size_limit = 2000                                  # the wiki enforces it; siteinfo did not say
    saves = []
    save = wiki.save
    wiki.save = lambda base, text, summary, **kw: (saves.append(base.title), save(base, text, summary, **kw))[1]
    report, by = run(wiki, config, tmp_path)
    assert by["directory"].status is Status.BLOCKED and by["directory"].owner == "operator"
    assert saves.count("Hubs/Ongoing") == 1                 # a permanent refusal is never retried
    assert not report.failed


def test_read_only_is_the_wikis_pause_blocked_at_the_first_refused_save_and_never_disables(tmp_path):
    wiki, config = make(tmp_path, max_consecutive_failures=2)
    wiki.read_only = "database maintenance"
    saves = []
    save = wiki.save
    wiki.save = lambda base, text, summary, **kw: (saves.append(base.title), save(base, text, summary, **kw))[1]
    for n in range(4):                                   # a switchover longer than the failure limit
        report, by = run(wiki, config, tmp_path)
        assert saves == ["Hubs/Ongoing"] * (n + 1)       # one refused save a run: no retry, no other page
        assert [by[o].status for o in ("directory", "plans", "errors")] == [Status.BLOCKED] * 3
        assert {by[o].owner for o in ("directory", "plans", "errors")} == {"wiki"}
        assert by["directory"].reason == ("the wiki is read-only (Hubs/Ongoing: the wiki is read-only: "
                                          "database maintenance); not saved.")
        assert by["plans"].reason.endswith("database maintenance); not tried.")
        assert report.exit_code == 0 and not report.failed and not report.disabled
        state = State.load(tmp_path / "state")
        assert state.consecutive_failures == 0 and not state.disabled
    wiki.read_only = None
    report, by = run(wiki, config, tmp_path)             # the first writable run saves everything
    assert [by[o].status for o in ("directory", "plans", "errors")] == [Status.EDITED] * 3
    assert report.exit_code == 0 and wiki.counters.edits == 3
    assert "stopped editing" not in wiki.text("User:HubBot/Errors")


def test_a_disabled_bot_says_so_on_its_errors_page_once_and_keeps_the_count(tmp_path):
    wiki, config = make(tmp_path, max_consecutive_failures=2)
    for title in ("Hubs/Ongoing", "Hubs/Plans", "User:HubBot/Errors"):
        wiki.transient_failures[title] = 1000            # the wiki fails every save of two runs
    report, by = run(wiki, config, tmp_path)
    assert by["directory"].status is Status.FAILED and by["directory"].owner == "wiki"
    assert report.exit_code == 1 and State.load(tmp_path / "state").consecutive_failures == 1
    run(wiki, config, tmp_path)
    wiki.transient_failures.clear()
    state = State.load(tmp_path / "state")
    assert state.disabled and state.consecutive_failures == 2
    assert "User:HubBot/Errors" not in wiki.pages        # the errors page could not say it
    report, by = run(wiki, config, tmp_path)            # disabled: only its errors page, the count stays
    assert by["directory"].status is by["plans"].status is Status.BLOCKED and report.exit_code == 1
    assert "stopped editing after 2 failed runs in a row" in report.messages[0]
    assert State.load(tmp_path / "state").consecutive_failures == 2
    errors = wiki.text("User:HubBot/Errors")
    assert "'''The bot has stopped editing''' after 2 failed runs in a row" in errors
    assert ("|| directory || failed || nobody: the wiki is down or read-only; the next run retries "
            "|| the wiki failed 3 times") in errors
    assert "HTTP 503" in errors and "|| 2026-11-25" in errors
    edits = wiki.counters.edits
    run(wiki, config, tmp_path)                         # said once: no edit the next time
    assert wiki.counters.edits == edits


def test_transient_errors_are_retried_then_reported_failed(tmp_path):
    wiki, config = make(tmp_path)
    wiki.transient_failures["Hubs/Plans"] = 2
    report, by = run(wiki, config, tmp_path)
    assert by["plans"].status is Status.EDITED                          # the third attempt went through
    wiki.edit("Hub 0", infobox("Hub 0", "established"))
    wiki.transient_failures["Hubs/Plans"] = 99
    wiki.edit("Hub 1", infobox("Hub 1") + "[[Category:x]]")
    wiki.edit("Hub 2", infobox("Hub 2").replace("Hub 2/Plan", "Hub 2/Other plan"))
    report, by = run(wiki, config, tmp_path)
    assert by["plans"].status is Status.FAILED and by["plans"].reason.startswith("the wiki failed 3 times")
    assert by["directory"].status is Status.EDITED and report.exit_code == 1


def test_a_human_editing_twice_during_the_save_blocks_the_page_without_a_failure(tmp_path):
    wiki, config = make(tmp_path)
    run(wiki, config, tmp_path)
    wiki.edit("Hub 0", infobox("Hub 0", "established"))
    human = wiki.text("Hubs/Ongoing").replace("Intro by a human.", "Intro, edited again.")

    def edit_twice():
        wiki.edit("Hubs/Ongoing", human.replace("again", "once"))
        wiki.before_save["Hubs/Ongoing"] = lambda: wiki.edit("Hubs/Ongoing", human)
    wiki.before_save["Hubs/Ongoing"] = edit_twice
    report, by = run(wiki, config, tmp_path)
    assert by["directory"].status is Status.BLOCKED and by["directory"].owner == "editor"
    assert wiki.text("Hubs/Ongoing") == human and not report.failed


def test_nobots_added_in_a_conflicting_edit_is_respected(tmp_path):
    wiki, config = make(tmp_path)
    run(wiki, config, tmp_path)
    wiki.edit("Hub 0", infobox("Hub 0").replace("Hub 0/Plan", "Hub 0/New plan"))
    wiki.before_save["Hubs/Plans"] = lambda: wiki.edit("Hubs/Plans", "{{nobots}}\nOur own list.")
    report, by = run(wiki, config, tmp_path)
    assert by["plans"].status is Status.REFUSED and "nobots" in by["plans"].reason
    assert wiki.text("Hubs/Plans") == "{{nobots}}\nOur own list."


def test_markers_removed_in_a_conflicting_edit_are_respected(tmp_path):
    wiki, config = make(tmp_path)
    run(wiki, config, tmp_path)
    wiki.edit("Hub 0", infobox("Hub 0", "established"))
    wiki.before_save["Hubs/Ongoing"] = lambda: wiki.edit("Hubs/Ongoing", "The table is hand-kept again.")
    report, by = run(wiki, config, tmp_path)
    assert by["directory"].status is Status.REFUSED and "no markers" in by["directory"].reason
    assert wiki.text("Hubs/Ongoing") == "The table is hand-kept again."


def test_only_errors_keeps_the_pages_not_written_by_earlier_runs(tmp_path):
    wiki, config = make(tmp_path)
    wiki.edit("Hubs/Ongoing", "No markers here.")
    run(wiki, config, tmp_path)
    before = wiki.text("User:HubBot/Errors")
    assert "no markers for region 'dir'" in before
    wiki.edit("Hub 9", infobox("Hub 9").replace("| status = pilot", "| status = bogus"))
    report, by = run(wiki, config, tmp_path, only=["errors"])
    after = wiki.text("User:HubBot/Errors")
    assert "no markers for region 'dir'" in after and "|| 2026-11-25" in after   # remembered, with its date
    assert "bogus" in after and list(by) == ["errors"]


def test_outputs_on_one_page_are_saved_in_one_edit(tmp_path):
    wiki, _ = make(tmp_path)
    wiki.edit("Hubs", "Top\n<!-- hubbot:begin a -->\n<!-- hubbot:end a -->\nMiddle\n"
                      "<!-- hubbot:begin b -->\n<!-- hubbot:end b -->\nEnd\n")
    config = check_config(parse_config({"hubs": {}, "outputs": [
        {"name": "dir", "kind": "directory", "page": "Hubs", "region": "a"},
        {"name": "plans", "kind": "plans", "page": "Hubs", "region": "b"}]}, "c.yaml"))
    report, by = run(wiki, config, tmp_path)
    assert by["dir"].status is by["plans"].status is Status.EDITED
    assert len(wiki.history("Hubs")) == 2                               # the editor's and one bot edit
    assert wiki.history("Hubs")[-1].summary.startswith("hubbot: dir: 4 hubs; plans: 4 plans of 4 hubs")


def test_a_bug_fails_one_page_and_the_run_goes_on(tmp_path, monkeypatch):
    wiki, config = make(tmp_path)
    from bot.logic import kinds
    broken = kinds.Kind("plans", lambda out, data: 1 / 0, "broken")
    monkeypatch.setitem(kinds.KINDS, "plans", broken)
    report, by = run(wiki, config, tmp_path)
    assert by["plans"].status is Status.FAILED and by["plans"].owner == "bot"
    assert by["plans"].reason.startswith("internal error (ZeroDivisionError")
    assert by["directory"].status is Status.EDITED and report.exit_code == 1


def test_edit_limit_blocks_for_the_operator(tmp_path):
    wiki, config = make(tmp_path, max_edits_per_run=2)
    report, by = run(wiki, config, tmp_path)
    assert by["directory"].status is Status.EDITED and by["plans"].status is Status.BLOCKED
    assert by["plans"].owner == "operator" and not report.failed


def test_the_errors_page_keeps_its_edit_when_the_limit_is_reached(tmp_path):
    """The errors page, planned last, still says which pages the cap blocked (a first run with 13
    languages reached 20 edits and never wrote it)."""
    wiki, config = make(tmp_path, max_edits_per_run=1)
    edits = wiki.counters.edits
    report, by = run(wiki, config, tmp_path)
    assert [by[n].status for n in ("directory", "plans", "errors")] == [Status.BLOCKED, Status.BLOCKED,
                                                                          Status.EDITED]
    assert by["directory"].reason == ("the limit of 1 edits per run was reached "
                                      "(1 of them kept for the errors page).")
    assert wiki.counters.edits == edits + 1 and not report.failed
    errors = wiki.text("User:HubBot/Errors")
    assert "| [[Special:MyLanguage/Hubs/Plans|Hubs/Plans]] || plans || blocked" in errors
    assert "the limit of 1 edits per run was reached" in errors


def test_shrinking_hub_list_is_refused_for_the_operator(tmp_path):
    wiki, config = make(tmp_path, hubs=6)
    run(wiki, config, tmp_path)
    for i in range(4):
        wiki.edit(f"Hub {i}", "Infobox removed by mistake.")
    report, by = run(wiki, config, tmp_path)
    assert by["directory"].status is Status.REFUSED and by["directory"].owner == "operator"
    assert "only 2 hub pages were found, against 6 last run" in by["directory"].reason
    report, by = run(wiki, config, tmp_path, allow_large_removal=True)
    assert by["directory"].status is Status.EDITED


@pytest.mark.parametrize("name", ["meta.yaml", "local.yaml"])
def test_shipped_configs_plan_cleanly_on_an_empty_wiki(tmp_path, name):
    from bot.resources import CONFIGS
    config = load_config(CONFIGS / name)
    wiki = MemoryWiki()
    wiki.edit("Hub A", infobox("Hub A"))
    report = Run(config, wiki, now=NOW, state=State.load(tmp_path), dry_run=True).run()
    assert not report.failed


def test_a_missing_shutoff_page_is_a_warning_on_the_errors_page_and_in_the_log(tmp_path, caplog):
    wiki, config = make(tmp_path)
    wiki.pages.pop("User:HubBot/Shutoff")
    with caplog.at_level("WARNING", logger="hubbot"):
        report, by = run(wiki, config, tmp_path)
    assert by["directory"].status is Status.EDITED           # the bot still runs ...
    warning = ("the shutoff page User:HubBot/Shutoff does not exist, so editors cannot stop the bot. "
               "Create it (empty, or 'run'), or correct safety.shutoff_page in the config.")
    assert warning in caplog.text                            # ... and says so in every run's log
    assert "'''Warning:''' " + warning in wiki.text("User:HubBot/Errors")
    assert report.messages == ["warning: " + warning]        # ... and in the run report


def test_a_run_that_finds_no_hub_says_why_that_may_be(tmp_path, caplog):
    wiki, config = make(tmp_path, hubs=0)                   # Meta before the template is published
    with caplog.at_level("WARNING", logger="hubbot"):
        report, by = run(wiki, config, tmp_path)
    warning = ("no page uses {{Hub infobox}}, so every list is empty: publish Template:Hub infobox "
               "(hubbot publish-templates) and add infoboxes to the hub pages, or correct hubs.template in the config.")
    assert warning in caplog.text and report.messages == ["warning: " + warning]
    assert "'''Warning:''' " + warning.replace("{{", "&#123;&#123;").replace("}}", "&#125;&#125;") in (
        wiki.text("User:HubBot/Errors"))


def test_a_whole_page_output_never_replaces_a_human_page_it_did_not_write(tmp_path):
    wiki, _ = make(tmp_path)
    wiki.edit("Human essay", "An essay by a human, not a list.")
    config = check_config(parse_config({"hubs": {}, "outputs": [
        {"name": "plans", "kind": "plans", "page": "Human essay"},
        {"name": "status", "kind": "status", "page": "Hub 1"},            # a hub page, by mistake
        {"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"}]}, "c.yaml"))
    report, by = run(wiki, config, tmp_path)
    assert by["plans"].status is by["status"].status is Status.REFUSED
    assert "holds text the bot did not write" in by["plans"].reason and by["plans"].owner == "editor"
    assert wiki.text("Human essay") == "An essay by a human, not a list."
    assert wiki.text("Hub 1").startswith("{{Hub infobox")
    wiki.edit("Human essay", "")                                          # blanked: handed to the bot
    report, by = run(wiki, config, tmp_path)
    assert by["plans"].status is Status.EDITED
    wiki.edit("Human essay", "A human rewrote the whole list.")           # the bot's page now: quoted, replaced
    report, by = run(wiki, config, tmp_path)
    assert by["plans"].status is Status.EDITED
    assert "<code>A human rewrote the whole list.</code>" in wiki.text("User:HubBot/Errors")


def test_reverting_a_hand_edit_says_so_in_the_summary(tmp_path):
    wiki, config = make(tmp_path)
    run(wiki, config, tmp_path)
    wiki.edit("Hubs/Plans", wiki.text("Hubs/Plans") + "\n* A line added by hand")
    report, by = run(wiki, config, tmp_path)
    assert by["plans"].summary == ("hubbot: plans: restored the generated text; replaced 1 hand-written line "
                                   "(quoted on the errors page)")


def test_a_pywikibot_dir_without_user_config_is_named(tmp_path, monkeypatch):
    from bot.errors import UserError
    from bot.wiki.pywikibot import PywikibotGateway
    monkeypatch.setenv("PYWIKIBOT_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(UserError, match=r"PYWIKIBOT_DIR=.*nowhere: has no user-config.py \(the folder does not "
                                        r"exist\)\. Fix: point PYWIKIBOT_DIR at the folder holding user-config.py"):
        PywikibotGateway()
