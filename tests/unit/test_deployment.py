"""Ready for a first deployment on Meta (issue 28): the decisions, on the wiki in memory. The same stories
run end to end on the real local MediaWiki in tests/integration/test_deployment.py."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from bot import app
from bot.errors import ShutoffError
from bot.state import State
from tests.unit.test_runner_memory import make

NOW = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)


def sync(wiki, config, tmp_path, scheduled: bool, **kw) -> int:
    request = app.SyncRequest(state_dir=tmp_path / "state", now=NOW, scheduled=scheduled, **kw)
    return app.run_command(lambda: app.sync(config, request, gateway=wiki, sleep=lambda s: None, out=lambda t: None))


# -- point 4: quiet when editors say stop --------------------------------------------------------------
def test_a_scheduled_run_shut_off_on_wiki_exits_0_with_one_log_line_and_a_manual_sync_exits_3(tmp_path, caplog):
    wiki, config = make(tmp_path)
    wiki.edit("User:HubBot/Shutoff", "stop: the directory looks wrong --Editor")
    with caplog.at_level(logging.INFO, logger="hubbot"):
        assert sync(wiki, config, tmp_path, scheduled=True) == 0
    skipped = [r for r in caplog.records if "action=skipped" in r.getMessage()]
    assert len(skipped) == 1 and skipped[0].levelno == logging.WARNING
    assert "says 'stop: the directory looks wrong --Editor'; nothing was edited" in skipped[0].getMessage()
    assert wiki.counters.edits == 0
    assert State.load(tmp_path / "state").consecutive_failures == 0        # an editor's stop is no failure
    assert sync(wiki, config, tmp_path, scheduled=False) == 3               # an operator at the terminal is told


def test_only_the_run_that_disables_the_bot_fails_and_a_reported_disabled_bot_asks_the_wiki_nothing(tmp_path, caplog):
    wiki, config = make(tmp_path, max_consecutive_failures=2)
    for title in ("Hubs/Ongoing", "Hubs/Plans", "User:HubBot/Errors"):
        wiki.transient_failures[title] = 1000                              # the wiki fails every save of two runs
    codes = [sync(wiki, config, tmp_path, scheduled=True) for _ in range(2)]
    assert codes == [1, 1]                                                 # failed runs e-mail; the 2nd disables
    wiki.transient_failures.clear()
    state = State.load(tmp_path / "state")
    assert state.disabled and not state.disabled_reported                  # its errors page could not say so
    assert sync(wiki, config, tmp_path, scheduled=True) == 0               # says so now, without failing again
    assert "'''The bot has stopped editing''' after 2 failed runs in a row" in wiki.text("User:HubBot/Errors")
    assert State.load(tmp_path / "state").disabled_reported
    requests, edits = wiki.counters.requests, wiki.counters.edits
    with caplog.at_level(logging.INFO, logger="hubbot"):
        for _ in range(3):                                                 # every later firing: exit 0, one line
            assert sync(wiki, config, tmp_path, scheduled=True) == 0
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 3 and all("disabled after 2 failed runs in a row" in line for line in lines)
    assert (wiki.counters.requests, wiki.counters.edits) == (requests, edits)     # not even a read
    assert sync(wiki, config, tmp_path, scheduled=False) == 1              # a manual sync still says: disabled
    app.reset(config, tmp_path / "state")
    assert sync(wiki, config, tmp_path, scheduled=True) == 0
    assert not State.load(tmp_path / "state").disabled and "Hub 3" in wiki.text("Hubs/Plans")


def test_the_run_that_disables_the_bot_on_an_unreachable_wiki_says_so_last_naming_its_state_dir(tmp_path, capsys,
                                                                                                   caplog):
    """An operator's first deployment: 4 runs against an unreachable wiki (sync --state-dir X) each said only
    'cannot be reached'; state.json then said disabled, no run had. The disabling run's last line says so with
    the reset command for X; the errors page of the disabled bot lists its blocked pages (it said 'None: every
    output page could be written'), and every later hint names X too."""
    from bot.errors import WikiUnreachable
    wiki, config = make(tmp_path)                            # max_consecutive_failures: 3
    state_dir = tmp_path / "state"
    reset = f"hubbot reset --config {config.path} --state-dir {state_dir}"

    def down():
        raise WikiUnreachable("wiki meta:meta", "cannot be reached at https://meta.example/w/api.php.",
                              "nothing to do if the wiki is down: the next run tries again.")
    said = []
    for _ in range(4):
        code = app.run_command(lambda: app.sync(config, app.SyncRequest(state_dir=state_dir, now=NOW, scheduled=True),
                                                connect=down, out=lambda t: None))
        said.append((code, capsys.readouterr().err.strip().splitlines()))
    assert [code for code, _ in said] == [1, 1, 1, 1]
    assert [len(lines) for _, lines in said] == [1, 1, 2, 2]  # the 3rd run disabled the bot; the 4th is not counted
    assert said[2][1][0] == said[0][1][0] == said[3][1][0] and "cannot be reached" in said[2][1][0]
    assert said[2][1][1] == (f"hubbot: hubbot is now disabled after 3 failed runs in a row: the wiki could not be "
                             f"reached; run `{reset}` once the cause is fixed.")
    assert State.load(state_dir).disabled and State.load(state_dir).consecutive_failures == 3
    since = State.load(state_dir).disabled_since                # the wiki still down: the 4th run says it is disabled
    assert since and said[3][1][1] == (f"hubbot: hubbot is disabled since {since}, after 3 failed runs in a row: the "
                                       f"wiki could not be reached; run `{reset}` once the cause is fixed.")
    lines: list[str] = []
    assert app.sync(config, app.SyncRequest(state_dir=state_dir, now=NOW, scheduled=True), gateway=wiki,
                    out=lines.append) == 0                   # the wiki is back: the errors page says why
    assert (f"hubbot stopped editing after 3 failed runs in a row; check the errors page and the logs, then run "
            f"`{reset}`.") in lines
    errors = wiki.text("User:HubBot/Errors")
    assert "'''The bot has stopped editing''' after 3 failed runs in a row" in errors
    assert "None: every output page could be written." not in errors
    for page, output in (("Hubs/Ongoing", "directory"), ("Hubs/Plans", "plans")):
        assert (f"| [[Special:MyLanguage/{page}|{page}]] || {output} || blocked || the bot operator || the bot is "
                f"disabled after repeated failures. || check the cause, then `{reset}`. || 2026-11-25") in errors
    with caplog.at_level(logging.WARNING, logger="hubbot"):
        assert sync(wiki, config, tmp_path, scheduled=True) == 0      # reported: the next firing asks nothing
    assert f"fix='check the cause, then {reset}'" in caplog.text


def test_the_run_that_disables_the_bot_says_so_in_its_last_line_and_keeps_the_failures_on_its_errors_page(tmp_path):
    wiki, config = make(tmp_path, max_consecutive_failures=2)
    wiki.transient_failures["Hubs/Plans"] = 1000
    runs = []
    for _ in range(2):
        lines: list[str] = []
        code = app.sync(config, app.SyncRequest(state_dir=tmp_path / "state", now=NOW), gateway=wiki,
                        sleep=lambda s: None, out=lines.append)
        runs.append((code, lines))
    assert [code for code, _ in runs] == [1, 1]
    assert not any("disabled" in line for line in runs[0][1])
    assert runs[1][1][-1] == ("hubbot is now disabled after 2 failed runs in a row: this run could not save "
                              f"Hubs/Plans; run `hubbot reset --config {config.path} --state-dir {tmp_path / 'state'}` "
                              "once the cause is fixed.")
    wiki.transient_failures.clear()
    errors = wiki.text("User:HubBot/Errors")          # the failure that stopped it
    assert "'''The bot has stopped editing''' after 2 failed runs in a row" in errors
    assert "| [[Special:MyLanguage/Hubs/Plans|Hubs/Plans]] || plans || failed || " in errors
    edits = wiki.counters.edits
    app.sync(config, app.SyncRequest(state_dir=tmp_path / "state", now=NOW), gateway=wiki, out=lambda t: None)
    assert wiki.text("User:HubBot/Errors") == errors and wiki.counters.edits == edits   # it says why, as it was


def test_the_reset_command_names_the_state_dir_only_when_it_is_not_the_configs(tmp_path):
    wiki, config = make(tmp_path)
    assert State.load(config.state_dir).reset_command(config.path, config.state_dir) == \
        f"hubbot reset --config {config.path}"
    assert State.load(tmp_path / "my state").reset_command(config.path, config.state_dir) == \
        f"hubbot reset --config {config.path} --state-dir '{tmp_path / 'my state'}'"


def test_a_disabling_run_that_could_say_so_is_the_last_to_read_the_wiki(tmp_path):
    wiki, config = make(tmp_path, max_consecutive_failures=2)
    wiki.transient_failures["Hubs/Plans"] = 1000                           # one page fails; the errors page works
    assert [sync(wiki, config, tmp_path, scheduled=True) for _ in range(2)] == [1, 1]
    wiki.transient_failures.clear()
    assert "'''The bot has stopped editing''' after 2 failed runs in a row" in wiki.text("User:HubBot/Errors")
    state = State.load(tmp_path / "state")
    assert state.disabled and state.disabled_reported
    requests = wiki.counters.requests
    assert sync(wiki, config, tmp_path, scheduled=True) == 0
    assert wiki.counters.requests == requests


def test_an_editors_stop_between_two_saves_of_a_scheduled_run_is_no_failure_either(tmp_path):
    wiki, config = make(tmp_path)
    wiki.before_save["Hubs/Plans"] = lambda: wiki.edit("User:HubBot/Shutoff", "stop")
    assert sync(wiki, config, tmp_path, scheduled=True) == 0
    assert wiki.history("Hubs/Plans")[-1].user == "HubBot"                  # saved before the stop ...
    assert "User:HubBot/Errors" not in wiki.pages                          # ... and nothing after it
    wiki.edit("Hub 0", "{{Hub infobox\n| name = Hub 0\n| type = regional\n| status = research\n}}")
    try:
        app.sync(config, app.SyncRequest(state_dir=tmp_path / "state", now=NOW), gateway=wiki, out=lambda t: None)
    except ShutoffError as exc:                                            # a manual sync: exit 3
        assert "says 'stop'" in str(exc)
    else:
        raise AssertionError("a manual sync must stop with ShutoffError")


# -- point 1: rights, checked before anything is written -------------------------------------------------
def test_a_botpassword_without_page_creation_stops_the_dry_run_and_the_run_with_exit_2_naming_the_grant(
        tmp_path, capsys):
    wiki, config = make(tmp_path)
    wiki.rights = {"read", "writeapi", "edit", "bot"}          # "High-volume editing" + "Edit existing pages"
    for dry_run in (True, False):
        assert sync(wiki, config, tmp_path, scheduled=False, dry_run=dry_run) == 2
        err = capsys.readouterr().err
        assert ("the account HubBot lacks the right 'createpage' to create Hubs/Plans, User:HubBot/Errors, "
                "Module:Hub list/data. Nothing was written.") in err
        assert ('Fix: at Special:BotPasswords, give the bot password the grant "Create, edit, and move pages" '
                "(createeditmovepage)") in err
    # Not a page read: one prop=info request a run asks which of the pages to create exist (none here).
    assert (wiki.counters.edits, wiki.counters.pages_read, wiki.counters.requests) == (0, 0, 2)
    assert State.load(tmp_path / "state").consecutive_failures == 0


def test_without_page_creation_only_the_pages_that_do_not_exist_are_named_and_with_none_the_run_goes_on(
        tmp_path, capsys):
    wiki, config = make(tmp_path)
    wiki.rights = {"read", "writeapi", "edit", "bot"}
    wiki.edit("Hubs/Plans", "")                                # made for the bot by a human, empty
    assert sync(wiki, config, tmp_path, scheduled=False) == 2
    err = capsys.readouterr().err
    assert ("the account HubBot lacks the right 'createpage' to create User:HubBot/Errors, Module:Hub list/data. "
            "Nothing was written. Fix: at Special:BotPasswords, give the bot password the grant "
            '"Create, edit, and move pages" (createeditmovepage)') in err and "Hubs/Plans" not in err
    assert (wiki.counters.edits, wiki.counters.pages_read, wiki.counters.requests) == (0, 0, 1)
    wiki.edit("User:HubBot/Errors", "")
    wiki.edit("Module:Hub list/data", "return {}")
    assert sync(wiki, config, tmp_path, scheduled=False) == 0                # nothing to create: no right needed
    assert "Hub 3" in wiki.text("Hubs/Plans") and wiki.counters.edits == 3


def test_a_flagged_bot_whose_botpassword_lacks_high_volume_editing_is_exit_2_and_an_unflagged_one_a_warning(
        tmp_path, capsys, caplog):
    wiki, config = make(tmp_path)
    wiki.rights = {"read", "writeapi", "edit", "createpage"}
    assert sync(wiki, config, tmp_path, scheduled=False) == 2
    assert ("lacks the right 'bot' to mark its edits as bot edits and be exempt from rate limits. "
            "Nothing was written. Fix: at Special:BotPasswords, give the bot password the grant "
            '"High-volume editing" (highvolume)') in capsys.readouterr().err
    wiki.groups = {"user"}                                      # before approval: no bot flag, a trial
    with caplog.at_level(logging.WARNING, logger="hubbot"):
        assert sync(wiki, config, tmp_path, scheduled=False) == 0
    assert "the account HubBot has no bot flag (yet)" in caplog.text
    assert wiki.counters.edits == 3


def test_a_permission_error_at_save_is_blocked_for_the_operator_never_retried_and_never_counted(tmp_path):
    from bot.outcomes import Status
    from bot.runner import Run
    wiki, config = make(tmp_path, max_consecutive_failures=2)
    wiki.rights.discard("createpage")                           # as the wiki decides it at save time
    saves = []
    save = wiki.save
    wiki.save = lambda base, text, summary, **kw: (saves.append(base.title), save(base, text, summary, **kw))[1]
    for n in range(3):
        report = Run(config, wiki, now=NOW, state=State.load(tmp_path / "state"), sleep=lambda s: 1 / 0).run()
        by = {o.output: o for o in report.outputs}
        assert by["directory"].status is Status.EDITED or n > 0
        assert by["plans"].status is by["errors"].status is Status.BLOCKED
        assert by["plans"].owner == by["errors"].owner == "operator"
        assert by["plans"].reason == ("the wiki refused the save: Hubs/Plans: User HubBot not authorized to "
                                      "create new pages")
        assert "Special:BotPasswords" in by["plans"].fix
        assert report.exit_code == 0 and State.load(tmp_path / "state").consecutive_failures == 0
    assert saves.count("Hubs/Plans") == 3                       # once a run: never retried


def test_pywikibots_permission_errors_at_save_are_missing_rights_not_transient_failures():
    import pywikibot.exceptions as pe
    from bot.errors import MissingRight, TransientError
    from bot.wiki.pywikibot.errors import translate_error
    refusals = [pe.Error("User HubBot not authorized to create new pages on meta:meta wiki"),     # cantcreate
                pe.Error("User HubBot not authorized to edit pages on meta:meta wiki"),           # noedit
                pe.APIError("protectednamespace", "You do not have permission to edit pages in the Meta namespace."),
                pe.APIError("permissiondenied", "The action you have requested is limited to users in the group")]
    for exc in refusals:
        error = translate_error(exc, "Hubs/Status")
        assert isinstance(error, MissingRight) and not isinstance(error, TransientError), exc
        assert error.owner == "operator"
    assert type(translate_error(pe.Error("Maximum retries attempted"), "Hubs/Status")) is TransientError


# -- point 2: publish-templates never reverts the community ------------------------------------------------
def publish(wiki, tmp_path, lines: list[str] | None = None, **kw) -> dict[str, str]:
    out = lines if lines is not None else []
    return dict(app.publish_templates(wiki, state_dir=tmp_path / "state", emit=out.append, **kw))


def test_publish_templates_leaves_a_community_edit_shows_the_diff_names_the_editor_and_needs_the_flag(tmp_path):
    from bot.wiki.memory import MemoryWiki
    wiki = MemoryWiki()
    assert set(publish(wiki, tmp_path).values()) == {"edited"}
    published = wiki.text("Template:Hub infobox")
    assert publish(wiki, tmp_path)["Template:Hub infobox"] == "unchanged"
    community = published + "\n[[Category:Hub templates]]"
    wiki.edit("Template:Hub infobox", community, user="Editor", summary="categorise")
    lines: list[str] = []
    for dry_run in (True, False):
        done = publish(wiki, tmp_path, lines, dry_run=dry_run)
        assert done["Template:Hub infobox"] == "refused" and wiki.text("Template:Hub infobox") == community
    assert "\n-[[Category:Hub templates]]" in "\n".join(lines)     # the diff: what publishing would remove
    assert ("Template:Hub infobox: not published: edited by Editor since hubbot published rev 4 (1 edit; the "
            "latest, rev 11: 'categorise'); publishing would revert that. Fix: merge their change into "
            "templates/Hub_infobox.wiki (the diff shows what publishing would change), or, after agreeing with "
            "them on the talk page, rerun with --overwrite-community-edits.") in lines
    assert publish(wiki, tmp_path, overwrite_community_edits=True)["Template:Hub infobox"] == "edited"
    assert wiki.text("Template:Hub infobox") == published
    assert publish(wiki, tmp_path)["Template:Hub infobox"] == "unchanged"


def test_a_new_state_dir_takes_hubbots_own_latest_revision_and_its_own_updates_go_through(tmp_path):
    from bot.wiki.memory import MemoryWiki
    wiki = MemoryWiki()
    wiki.edit("Template:Hub list end", "An old hand-made version.", user="Editor")
    assert publish(wiki, tmp_path)["Template:Hub list end"] == "refused"   # never published by hubbot
    assert publish(wiki, tmp_path, overwrite_community_edits=True)["Template:Hub list end"] == "edited"
    wiki.edit("Template:Hub list end", "hubbot's older text", user="HubBot")  # a publication from elsewhere
    fresh = tmp_path / "fresh"
    assert publish(wiki, fresh)["Template:Hub list end"] == "edited"       # hubbot's own: updated
    wiki.edit("Template:Hub list end", "Rewritten.", user="Other")
    assert publish(wiki, fresh / "again")["Template:Hub list end"] == "refused"


# -- point 7: a config that can be copied ------------------------------------------------------------------
def test_a_copy_of_meta_yaml_elsewhere_is_an_error_naming_state_dir_instead_of_a_state_dir_at_the_root(tmp_path):
    from pathlib import Path

    import pytest

    from bot.errors import UserError
    from bot.resources import CONFIGS
    root = Path(__file__).resolve().parents[2]
    shipped = app.load_config(CONFIGS / "meta.yaml")
    assert Path(shipped.state_dir) == root / ".hubbot"                  # in the checkout: the tool's own folder
    copy = tmp_path / "meta.yaml"                                        # e.g. /tmp/meta.yaml, whose ../ is /
    copy.write_text((CONFIGS / "meta.yaml").read_text())
    with pytest.raises(UserError) as caught:
        app.load_config(copy)
    assert str(caught.value) == (
        f"{copy}: state_dir: '../.hubbot' leads out of {tmp_path}, to {tmp_path.parent / '.hubbot'}: a relative "
        "state_dir stays in the tool's folder, so that a copy of this file cannot scatter the lock and run history. "
        f"Fix: write a folder inside it (e.g. .hubbot) or an absolute path (e.g. {tmp_path / '.hubbot'}).")
    assert not (tmp_path.parent / ".hubbot").exists()
    copy.write_text((CONFIGS / "meta.yaml").read_text().replace("state_dir: ../.hubbot", "state_dir: .hubbot"))
    assert app.load_config(copy).state_dir == str(tmp_path / ".hubbot")
    copy.write_text((CONFIGS / "meta.yaml").read_text().replace("../.hubbot", str(tmp_path.parent / "abs")))
    assert app.load_config(copy).state_dir == str(tmp_path.parent / "abs")           # absolute: as written


# -- point 8: the run report ---------------------------------------------------------------------------------
def test_the_report_says_when_where_as_whom_dry_or_not_how_long_and_names_lists_by_page(tmp_path):
    import json
    wiki, config = make(tmp_path)
    for page in ("Portal A", "Portal B"):
        wiki.edit(page, "{{Hub list}}\n{{Hub list end}}")
    lines: list[str] = []
    request = app.SyncRequest(state_dir=tmp_path / "state", now=NOW, dry_run=True, report_path=tmp_path / "r.json")
    assert app.sync(config, request, gateway=wiki, out=lines.append) == 0
    report = json.loads((tmp_path / "r.json").read_text())
    run = report["run"]
    assert (run["now"], run["wiki"], run["account"], run["dry_run"]) == ("2026-11-25T12:00:00+00:00", "memory wiki",
                                                                         "HubBot", True)
    assert run["started"] > "2026" and 0 <= run["duration_seconds"] < 30
    labels = {o["label"] for o in report["outputs"] if o["kind"] == "hub-list"}
    assert labels == {"hub list 1 on Portal A", "hub list 1 on Portal B"}
    assert lines[-1].startswith(f"run: started {run['started']} as of 2026-11-25T12:00:00+00:00, account HubBot, "
                                "dry run, ")


def test_every_option_of_every_command_is_in_the_readmes_commands_block_with_a_help_text_stating_its_default():
    import argparse
    import re
    from pathlib import Path

    from bot import cli
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = readme.split("\n## Commands\n", 1)[1].split("```", 2)[1]
    said: dict[str, str] = {}
    command = None
    for line in block.splitlines():
        if line.startswith("hubbot "):
            command = line.split()[1]
            said[command] = said.get(command, "") + " " + line
        elif line.startswith(" ") and command:               # a command's continuation line
            said[command] += " " + line
    common = block.split("every command with --config:", 1)[1].splitlines()[0]
    option = re.compile(r"(?<![\w-])--?[a-z][a-z-]*")
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert set(said) == set(commands)
    for name, sub in commands.items():
        options = [a for a in sub._actions if a.option_strings and "--help" not in a.option_strings]
        known = {o for a in options for o in a.option_strings}
        mentioned = set(option.findall(said[name]))
        assert mentioned <= known, (name, mentioned - known)                  # no stale option in the README
        for action in options:
            where = said[name] + (common if "--config" in known else "")
            assert set(action.option_strings) & set(option.findall(where)), (name, action.option_strings)
            assert action.help, (name, action.option_strings)
            if action.default not in (None, False):
                assert "default" in action.help, (name, action.option_strings, action.help)


def test_schedule_once_honours_now(tmp_path, monkeypatch, capsys):
    import argparse

    from bot.schedule import run_schedule
    wiki, config = make(tmp_path)
    from dataclasses import replace
    config = replace(config, schedule="17 * * * *")
    asked = []
    monkeypatch.setattr(app, "sync", lambda cfg, request, **kw: asked.append(request) or 0)
    args = argparse.Namespace(once=True, now="2026-11-25T12:20:00Z", state_dir=str(tmp_path / "state"), max_runs=None)
    later = datetime(2030, 1, 1, 9, 0, tzinfo=timezone.utc)       # the machine's clock: nothing due then
    assert run_schedule(config, args, clock=lambda: later) == 0
    assert [(r.now, r.only, r.scheduled) for r in asked] == [
        (datetime(2026, 11, 25, 12, 20, tzinfo=timezone.utc), ("directory", "plans", "errors"), True)]
    assert run_schedule(config, args, clock=lambda: later) == 0     # that firing ran: nothing is due
    assert len(asked) == 1 and capsys.readouterr().out.endswith(
        "schedule: nothing is due now; next: directory, plans, errors at 2026-11-25T13:17:00+00:00\n")   # after --now


def test_the_trial_config_writes_only_under_the_bots_user_page_and_plans_cleanly(tmp_path):
    from bot.resources import CONFIGS
    from bot.runner import Run
    from bot.wiki.memory import MemoryWiki
    from tests.unit.test_runner_memory import infobox
    config = app.load_config(CONFIGS / "trial.yaml").for_account("HubBot")
    assert config.lists is None
    assert [o.page for o in config.outputs] == [
        "User:HubBot/Trial/List of ongoing plans", "User:HubBot/Trial/Directory", "User:HubBot/Trial/Status",
        "User:HubBot/Trial/Directory check", "User:HubBot/Trial/Errors"]
    wiki = MemoryWiki()
    wiki.edit("Hub A", infobox("Hub A"))
    wiki.edit("Hubs/Ongoing", "{| class=wikitable\n|}")
    report = Run(config, wiki, now=NOW, state=State.load(tmp_path), sleep=lambda s: None).run()
    assert not report.failed and report.edits == 5
    assert {title for title, revs in wiki.pages.items() if revs[-1].user == "HubBot"} == {
        o.page for o in config.outputs}
    # the reviewers of the trial edits find the task page in every summary (and a warning while it is missing)
    heads = {wiki.history(o.page)[-1].summary.split(": ")[0] for o in config.outputs}
    assert heads == {"[[User:HubBot/Tasks|hubbot]]"}
    assert ("warning: the task page User:HubBot/Tasks does not exist, so every edit summary links to a missing page. "
            "Create it (what the bot does and why), or correct task_page in the config.") in report.messages


def test_edits_per_day_of_meta_yaml_on_a_meta_sized_wiki(tmp_path):
    """The README's figures for the bot request: config/meta.yaml synced every 6 hours for ten days on 15 hubs
    (an hourly errors job adds nothing: it edits only when a run has news), an editor changing one hub's status
    on days 3, 6 and 7."""
    from datetime import timedelta

    from bot.runner import Run
    config, wiki = meta_sized_wiki()
    start = datetime(2026, 11, 20, 0, 30, tzinfo=timezone.utc)
    edited = {3: 0, 6: 1, 7: 2}
    per_day = []
    for day in range(10):
        before = wiki.counters.edits
        for hour in range(0, 24, 6):
            now = start + timedelta(days=day, hours=hour)
            if hour == 12 and day in edited:
                wiki.edit(f"Hub {edited[day]}", meta_box(edited[day], "implementation", now.date().isoformat()))
            Run(config, wiki, now=now, state=State.load(tmp_path), sleep=lambda s: None).run()
        per_day.append(wiki.counters.edits - before)
    # day 0 creates the 6 pages; a quiet day makes none (Hubs/Status lets the wiki count the days since each
    # review: 1 edit a day before); a day with one hub changed makes 4 (5 before).
    assert per_day == [6, 0, 0, 4, 0, 0, 4, 4, 0, 0]


def replay_meta_schedules(tmp_path, days: int, events) -> tuple[dict[int, list[tuple]], object]:
    """config/meta.yaml's schedules as `hubbot schedule` runs them: each minute, one `sync --only` of the outputs
    due then (bot.schedule.due_at), on a Meta-sized wiki in memory (15 hubs, a {{Hub list}} on a portal, the
    hand-kept directory listing every hub, one row broken). ``events``: (day, hour, minute) -> what happens on
    the wiki then. Returns per day every run as (time, outputs run, requests, pages read, edits), and the wiki."""
    from datetime import timedelta

    from bot.schedule import due_at
    config, wiki = meta_sized_wiki()
    wiki.edit("Hubs/Pilots", "Hubs in their pilot phase:\n{{Hub list|status=pilot}}\n{{Hub list end}}\n")
    start = datetime(2026, 11, 20, tzinfo=timezone.utc)
    runs: dict[int, list[tuple]] = {}
    for minute in range(days * 24 * 60):
        now = start + timedelta(minutes=minute)
        day = minute // (24 * 60)
        if (day, now.hour, now.minute) in events:
            events[day, now.hour, now.minute](wiki)
        due = due_at(config, now)
        if not due:
            continue
        before = (wiki.counters.requests, wiki.counters.pages_read, wiki.counters.edits)
        request = app.SyncRequest(only=tuple(due), state_dir=tmp_path / "state", now=now, scheduled=True)
        assert app.sync(config, request, gateway=wiki, sleep=lambda s: None, out=lambda t: None) == 0
        cost = [n - b for n, b in zip((wiki.counters.requests, wiki.counters.pages_read, wiki.counters.edits),
                                      before)]
        runs.setdefault(day, []).append((now.strftime("%H:%M"), ",".join(due), *cost))
    return runs, wiki


def hand_kept(hubs: int) -> str:
    """Meta's hand-kept directory before the generated one replaces it: a row per hub, as its infobox says (the
    directory check shows a row for a hub once its status changes), and one broken row (a problem the errors
    page shows whichever output set ran)."""
    rows = "".join(f"|-\n| Regional || [[Hub {i}|Region {i}]] || || Pilot || \n" for i in range(hubs))
    return f"{{| class=wikitable\n{rows}|-\n| Regional || [[Hub {hubs}|Region {hubs}]]\n|}}"


def meta_box(i: int, status: str = "pilot", updated: str = "2026-06-01") -> str:
    return (f"{{{{Hub infobox\n| name = Hub {i}\n| type = regional\n| scope = Region {i}\n| status = {status}\n"
            f"| plans = [[Hub {i}/Plan]]\n| updated = {updated}\n}}}}\nText.\n")


def meta_sized_wiki():
    """config/meta.yaml for HubBot, and a wiki in memory of Meta's size: 15 hubs, the hand-kept directory
    listing them (one row broken), the shutoff page saying run."""
    from bot.resources import CONFIGS
    from bot.wiki.memory import MemoryWiki
    config = app.load_config(CONFIGS / "meta.yaml").for_account("HubBot")
    wiki = MemoryWiki()
    for i in range(15):
        wiki.edit(f"Hub {i}", meta_box(i))
    wiki.edit("Hubs/Ongoing", hand_kept(15))
    wiki.edit("User:HubBot/Shutoff", "run")
    return config, wiki


def test_meta_yamls_schedules_replayed_for_five_days_read_pages_only_for_news(tmp_path):
    """The hourly errors job, the six-hourly lists and the daily status page take turns without making each
    other read (measured before: 9 runs a day read 8 to 12 pages, and 8 of them edited the errors page, which
    showed the directory check's problem only after the runs that checked it). Day 2: a hub's status changes
    at 03:00. Day 3: an admin protects Hubs/Status at 04:00 and another hub changes: the status run's refusal
    reaches the errors page, and the errors job keeps it. Day 4: unprotected, the status run takes it back."""
    errors: dict[str, str] = {}
    listed = "| [[Special:MyLanguage/Hubs/Status|Hubs/Status]] || status || blocked"

    def changed(wiki):
        wiki.edit("Hub 3", meta_box(3, "implementation", "2026-11-22"))

    def protected(wiki):
        wiki.protected.add("Hubs/Status")
        wiki.edit("Hub 4", meta_box(4, "implementation", "2026-11-23"))

    def seen(when):
        return lambda wiki: errors.setdefault(when, wiki.text("User:HubBot/Errors"))
    runs, wiki = replay_meta_schedules(tmp_path, 5, {
        (1, 0, 0): seen("day 1"), (2, 3, 0): changed, (3, 4, 0): protected, (3, 5, 45): seen("day 3, 05:45"),
        (3, 23, 0): seen("day 3, 23:00"), (4, 0, 0): lambda wiki: wiki.protected.clear(),
        (4, 5, 45): seen("day 4, 05:45")})
    lists = "plans,directory,directory-check,badges,errors"          # 17 past every 6th hour
    assert [len(runs[day]) for day in runs] == [25] * 5                # + status at 05:30, errors hourly
    # Every run that read no page text, whatever ran before it: 5 requests (errors) and 6 (with the
    # {{Hub list}} listing), no edit.
    assert {(what, requests, read, edits) for day in runs for _, what, requests, read, edits in runs[day]
            if not read} == {("errors", 5, 0, 0), (lists, 6, 0, 0)}
    reading = {day: [run for run in runs[day] if run[3]] for day in runs}
    # Each day, the first run of each set reads (the quiet check compares the date too), without an edit; the
    # errors page is not edited back and forth.
    # pages read include the task page User:HubBot/Tasks (whether it exists), in the same batch
    new_day = [("00:17", lists, 6, 13, 0), ("01:17", "errors", 5, 9, 0)]
    assert reading[0] == [("00:17", lists, 18, 28, 6), ("01:17", "errors", 5, 9, 0), ("05:30", "status", 9, 13, 1)]
    assert reading[1] == new_day + [("05:30", "status", 7, 13, 0)]
    assert reading[2] == new_day + [("03:17", "errors", 5, 10, 0),            # Hub 3: the errors page is as it was
                                    ("05:30", "status", 10, 13, 2),          # Hubs/Status, the pilots' list
                                    ("06:17", lists, 13, 13, 3)]             # the directory, its check, badges
    assert reading[3] == new_day + [("04:17", "errors", 5, 10, 0),
                                    ("05:30", "status", 12, 13, 2),          # the list, the errors page: blocked
                                    ("06:17", lists, 13, 13, 3),
                                    ("07:17", "errors", 6, 9, 0)]            # it remembers the status run's row
    assert reading[4] == new_day + [("05:30", "status", 11, 13, 2),          # Hubs/Status, the errors page
                                    ("06:17", lists, 7, 13, 0), ("07:17", "errors", 6, 9, 0)]
    assert [sum(run[4] for run in runs[day]) for day in runs] == [7, 0, 5, 5, 2]
    assert errors["day 1"].count("row 16 has 2 cells") == 1      # the hand-kept table's problem, shown by every run
    assert len(wiki.history("User:HubBot/Errors")) == 3
    assert listed in errors["day 3, 05:45"] and listed in errors["day 3, 23:00"]
    assert listed not in errors["day 4, 05:45"] and errors["day 4, 05:45"] == wiki.text("User:HubBot/Errors")
    per_day = [(sum(run[2] for run in runs[day]), sum(run[4] for run in runs[day])) for day in (1, 2)]
    assert per_day == [(131, 0), (141, 5)]                           # the README's figures
    from pathlib import Path
    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text().split())
    assert "(25 runs a day:" in readme and "131 requests and no edit on a day without any change" in readme
    assert "(6, 5 and 7 requests, no edit:" in readme and "6 requests for the lists" in readme
    assert "5 for the errors page alone" in readme and "141 requests and 5 edits" in readme


def test_edits_of_meta_yaml_with_languages_in_use_and_the_errors_page_kept_when_the_cap_is_reached(tmp_path):
    """The README's figures with L languages in use: 6 + 2L on the first day, 4 + L on a day with one hub's
    status changed. With 13 languages the first run reaches max_edits_per_run: 20 (a first deployment's
    report: Hubs/Directory/ko ... uk and the errors page blocked, editors never told why); the errors page
    keeps its edit and names every page left for the next run, which saves them."""
    from datetime import timedelta
    from pathlib import Path

    from bot.resources import CONFIGS
    from bot.runner import Run
    from bot.wiki.memory import MemoryWiki
    from tests.unit.test_translated_runs import statistics

    def box(i: int, status: str = "pilot") -> str:
        return (f"{{{{Hub infobox\n| name = Hub {i}\n| type = regional\n| scope = Region {i}\n| status = {status}\n"
                f"| plans = [[Hub {i}/Plan]]\n| updated = 2026-06-01\n}}}}\nText.\n")
    config = app.load_config(CONFIGS / "meta.yaml").for_account("HubBot")
    assert config.safety.max_edits_per_run == 20
    start = datetime(2026, 11, 20, 0, 30, tzinfo=timezone.utc)
    codes = ["de", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "sw", "tr", "uk"]
    for languages in (3, 13):
        wiki = MemoryWiki()
        for i in range(15):
            wiki.edit(f"Hub {i}", box(i))
        wiki.edit("Hubs/Ongoing", hand_kept(15))
        wiki.edit("User:HubBot/Shutoff", "run")
        wiki.translation_progress = statistics(wiki, **{code: 3 for code in codes[:languages]})
        state = tmp_path / str(languages)

        def edits_of_a_run(hours: int):
            before = wiki.counters.edits
            report = Run(config, wiki, now=start + timedelta(hours=hours), state=State.load(state),
                         sleep=lambda s: None).run()
            return wiki.counters.edits - before, report

        first, report = edits_of_a_run(0)
        blocked = sorted(o.page for o in report.outputs if o.action == "blocked")
        if languages == 3:
            assert (first, blocked) == (6 + 2 * 3, [])
        else:                                                     # 6 + 26 = 32 pages: the cap is reached
            assert first == 20 and len(blocked) == 12 and "User:HubBot/Errors" not in blocked
            assert {o.page: o.action for o in report.outputs}["User:HubBot/Errors"] == "edited"
            errors = wiki.text("User:HubBot/Errors")
            for page in blocked:
                assert f"[[Special:MyLanguage/{page}|{page}]]" in errors
            assert "the limit of 20 edits per run was reached (1 of them kept for the errors page)." in errors
            second, report = edits_of_a_run(1)                     # the rest, and the errors page emptied
            assert second == 12 + 1 and not [o for o in report.outputs if o.action == "blocked"]
        assert edits_of_a_run(6)[0] == 0
        wiki.edit("Hub 0", box(0, "implementation"))
        assert edits_of_a_run(12)[0] == 4 + languages
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "6 + 2L on the first day" in readme and "4 + L on a day with one hub's" in readme
    assert "32 and 17 with 13 languages" in readme and "at least 8 + 2L" in readme


def test_the_readmes_configuration_example_is_config_meta_yaml_and_the_operators_path_comes_first():
    from pathlib import Path

    from bot.resources import CONFIGS
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    example = readme.split("\n## Configuration\n", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    assert example == (CONFIGS / "meta.yaml").read_text()
    headings = [line[3:] for line in readme.splitlines() if line.startswith("## ")]
    assert headings.index("Deploying on Meta, step by step") == 0
    assert headings.index("Requesting approval on Meta") < headings.index("The on-wiki contract") \
        < headings.index("Development")


# -- point 6: directory-check reads generated directories --------------------------------------------------
def _demo_hubs():
    from bot.demo_corpus import HUBS, hub_page_text
    from bot.logic.hub_pages import parse_hub
    return [r.hub for h in HUBS if (r := parse_hub(h.page, hub_page_text(h), "Hub infobox")).hub]


def _column_settings():
    from bot.logic.columns import DEFAULTS, NAMES
    return [(), DEFAULTS["directory"], NAMES] + [(name,) for name in NAMES] + [("scope", "status"), ("hub", "map")]


def test_every_directory_hubbot_can_write_reads_back_as_the_hubs_it_shows(tmp_path):
    import pytest  # noqa: F401

    from bot.config import DirectoryOptions, OutputConfig
    from bot.logic.outputs import RunData, directory, disagreements
    from bot.parsing.directory_table import parse_directory
    hubs = _demo_hubs()
    assert len(hubs) == 15
    data = RunData(hubs=hubs, problems=[], now=NOW, template="Hub infobox")
    for columns in _column_settings():
        text = directory(OutputConfig("d", "directory", "Hubs/Directory", options=DirectoryOptions(columns=columns)), data)
        records, problems = parse_directory("Hubs/Directory", text)
        shown = {("name" if c == "hub" else c) for c in (columns or ("name", "type", "scope", "map", "status",
                                                                        "details"))}
        if not shown & {"name", "scope"}:          # nothing tells which hub a row is: said once a table
            assert records == [] and len(problems) == 3, columns
            assert problems[0].message.startswith("a table shows neither Hub nor Scope"), columns
            continue
        if "name" in shown:
            assert problems == [] and len(records) == 15, (columns, problems[:2])
            assert disagreements(records, hubs) == [], columns
        else:       # rows are known by their scope alone: the one hub without a scope cannot be told
            assert [p.message for p in problems] == ["row 6 has no scope."] and len(records) == 14, columns
            assert [(d.hub, d.issue) for d in disagreements(records, hubs)] == [
                ("South Asia Hub", "infobox, not in the directory")], columns
        by_page = {h.page: h for h in hubs}
        by_scope = {h.scope: h for h in reversed(hubs) if h.scope}
        for record in records:
            hub = by_page[record.hub_page] if "name" in shown else by_scope[record.scope]
            if "scope" in shown:
                assert record.scope == (hub.scope or ""), columns
            if "name" in shown:
                assert record.name == hub.display_name, columns
            if "status" in shown:
                assert record.status == hub.status, columns
            if "type" in shown:
                assert set(record.types) == set(hub.types), columns
            if "map" in shown:
                assert record.map == (hub.map or None), columns
            if "details" in shown:
                assert " ".join(record.details.split()) == " ".join(hub.details_text.split()), columns


def test_import_directory_of_a_generated_directory_takes_the_scope_from_the_scope_cell():
    from bot.config import OutputConfig
    from bot.logic.hub_pages import parse_hub
    from bot.logic.outputs import RunData, directory
    from bot.parsing.directory_table import parse_directory, proposed_infobox
    hubs = _demo_hubs()
    text = directory(OutputConfig("d", "directory", "Hubs/Directory"),
                     RunData(hubs=hubs, problems=[], now=NOW, template="Hub infobox"))
    records, _ = parse_directory("Hubs/Directory", text)
    earth = next(r for r in records if r.hub_page == "East Africa Regional and Thematic Hub")
    box = proposed_infobox(earth)
    assert "| name = EA Regional and Thematic Hub (EARTH)\n" in box and "| scope = East Africa\n" in box
    back = parse_hub(earth.hub_page, box, "Hub infobox").hub
    assert (back.scope, back.display_name, back.types) == ("East Africa", "EA Regional and Thematic Hub (EARTH)",
                                                            ("regional", "thematic"))


# -- point 7: the bot's own pages are the account's -------------------------------------------------------
def test_the_bots_own_pages_default_to_the_accounts_user_page(tmp_path, capsys):
    from bot.config import parse_config
    from bot.logic.kinds import check_config
    from bot.resources import CONFIGS
    from bot.wiki.memory import MemoryWiki
    from tests.unit.test_runner_memory import infobox
    meta = app.load_config(CONFIGS / "meta.yaml")
    assert [o.page for o in meta.outputs if o.kind in ("errors", "directory-check")] == [
        "User:{account}/Directory check", "User:{account}/Errors"]
    assert meta.safety.shutoff_page == "User:{account}/Shutoff"
    config = check_config(parse_config({
        "hubs": {}, "outputs": [{"name": "plans", "kind": "plans", "page": "Hubs/Plans"},
                                {"name": "errors", "kind": "errors"}],
        "safety": {"shutoff_page": "user:{account}/Shutoff"}}, str(tmp_path / "c.yaml")))
    wiki = MemoryWiki(user="MeetBot")
    wiki.edit("Hub A", infobox("Hub A"))
    wiki.edit("User:MeetBot/Shutoff", "stop, please --Editor")
    assert sync(wiki, config, tmp_path, scheduled=False) == 3
    assert "the shutoff page User:MeetBot/Shutoff says 'stop, please --Editor'" in capsys.readouterr().err
    wiki.edit("User:MeetBot/Shutoff", "run")
    assert sync(wiki, config, tmp_path, scheduled=False) == 0
    assert wiki.history("User:MeetBot/Errors")[-1].user == "MeetBot" and "User:HubBot/Errors" not in wiki.pages
    wiki.user = None                                              # no account known: said, not guessed
    assert sync(wiki, config, tmp_path, scheduled=False) == 2
    assert "uses {account} in page titles, but no bot account is known." in capsys.readouterr().err
