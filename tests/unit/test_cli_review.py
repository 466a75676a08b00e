"""Review bugs of issue 24 in the command line: global options after `watch`, --interval values that are
not a number of seconds, tokens in pywikibot's request dumps, SIGTERM during a sync."""

from __future__ import annotations

import io
import logging
import os
import pprint
import signal
from datetime import datetime, timezone

import pytest

from bot import app, cli, commands
from bot.config import parse_config
from bot.logic.kinds import check_config
from bot.wiki.memory import MemoryWiki


@pytest.fixture(autouse=True)
def logging_as_it_was():
    """cli.main sets up hubbot's logging (handlers on this test's stderr): put it back for the next tests."""
    loggers = [logging.getLogger("hubbot")]
    kept = [(lg, lg.handlers[:], lg.level, lg.propagate) for lg in loggers]
    yield
    for lg, handlers, level, propagate in kept:
        lg.handlers[:], lg.level, lg.propagate = handlers, level, propagate
    logging.setLogRecordFactory(cli._make_record)


def subcommands() -> set[str]:
    parser = cli.build_parser()
    return set(next(a for a in parser._actions if a.dest == "command").choices)


def test_every_command_takes_global_options_after_it():
    assert set(cli.COMMANDS) == subcommands()
    args = cli.build_parser().parse_args(cli.normalize_argv(["watch", "--config", "x.yaml", "--verbose"]).args)
    assert args.command == "watch" and args.verbose and args.config == "x.yaml"


def test_watch_verbose_after_the_command_runs_the_command(tmp_path, capsys):
    config = tmp_path / "c.yaml"
    config.write_text("outputs: [{name: plans, kind: plans, page: P}]\n")
    code = cli.main(["watch", "--config", str(config), "--verbose", "--check-health", "--state-dir", str(tmp_path)])
    assert code == 1 and capsys.readouterr().out.startswith("unhealthy: no heartbeat")


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e-9", "0", "-5", "86401", "soon", "NaN"])
def test_a_watch_interval_that_is_not_a_number_of_seconds_is_bad_input(tmp_path, capsys, value):
    code = cli.main(["watch", "--config", str(tmp_path / "c.yaml"), f"--interval={value}"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.endswith(f"hubbot: error: hubbot watch: argument --interval: {value!r} is not a number of seconds "
                        "from 1 to 86400 Fix: see `hubbot watch --help`.\n")


@pytest.mark.parametrize("value, seconds", [("1", 1.0), ("60", 60.0), ("0.5e1", 5.0), ("86400", 86400.0)])
def test_a_watch_interval_of_seconds_is_taken(value, seconds):
    args = cli.build_parser().parse_args(["watch", "--config", "c.yaml", "--interval", value])
    assert args.interval == seconds


def test_max_age_is_a_number_of_seconds_too(capsys):
    assert cli.main(["watch", "--config", "c.yaml", "--check-health", "--max-age", "nan"]) == 2
    assert "argument --max-age: 'nan' is not a number of seconds from 1 to 604800" in capsys.readouterr().err


# -- tokens never reach a log line, pywikibot's own handlers included ---------------------------------------
DUMP = ("API request to meta:meta (uses get: False):\nHeaders: {'content-type': 'application/x-www-form-urlencoded'}\n"
        "URI: '/w/api.php'\nBody: 'action=edit&title=Hubs%2FOngoing&basetimestamp=2026&token=8f2c1e0b9a%2B%5C"
        "&assert=user&maxlag=5&format=json'")
ANSWER = 'API response: {"batchcomplete":"","query":{"tokens":{"csrftoken":"8f2c1e0b9a+\\\\"}}}'
# what pywikibot logs (VERBOSE) of a request the wiki answered with an internal error: pprint splits it
FAILED_REQUEST = ("MediaWiki exception DBQueryError details:\n          query=\n"
                  + pprint.pformat(str({"action": ["edit"], "title": ["Hubs/Ongoing"], "text": ["x" * 40],
                                        "token": ["8f2c1e0b9a6d4e3f8f2c1e0b9a6d4e3f+\\"], "format": ["json"]})))


def test_verbose_hides_the_csrf_token_in_pywikibots_request_dumps():
    out = io.StringIO()
    handler = logging.StreamHandler(out)       # as pywikibot's console handler: no filter of hubbot's
    pywiki = logging.getLogger("pywiki.data.api")
    pywiki.addHandler(handler)
    pywiki.setLevel(logging.DEBUG)
    try:
        cli._setup_logging(verbose=True, quiet=False)
        pywiki.debug(DUMP)
        pywiki.debug("%s", ANSWER)
        pywiki.log(15, FAILED_REQUEST)
    finally:
        pywiki.removeHandler(handler)
        pywiki.setLevel(logging.NOTSET)
    printed = out.getvalue()
    assert "8f2c1e0b9a" not in printed
    assert "&token=***&assert=user" in printed and '"csrftoken":"***"' in printed
    assert "'token': \"\n \"['***']" in printed      # split over two lines by pprint


# -- SIGTERM during a sync ----------------------------------------------------------------------------------
class TerminatedWhileSaving(MemoryWiki):
    """A wiki whose save of ``page`` is interrupted by SIGTERM (a job's timeout, `toolforge jobs delete`)."""

    page = "Hubs/Plans"

    def save(self, base, text, summary, **kwargs):
        if base.title == self.page:
            os.kill(os.getpid(), signal.SIGTERM)
        return super().save(base, text, summary, **kwargs)


def test_sigterm_during_a_sync_names_the_page_in_flight_and_exits_143(tmp_path, monkeypatch, capsys):
    wiki = TerminatedWhileSaving()
    wiki.edit("Hub A", "{{Hub infobox\n| name = Hub A\n| type = regional\n| scope = S\n| status = pilot\n"
                       "| plans = [[Hub A/Plan]]\n}}\n")
    wiki.edit("User:HubBot/Shutoff", "run")
    config = check_config(parse_config({
        "hubs": {"template": "Hub infobox"}, "outputs": [{"name": "plans", "kind": "plans", "page": "Hubs/Plans"}],
        "safety": {"shutoff_page": "User:HubBot/Shutoff"}}, str(tmp_path / "config.yaml")))
    state_dir = tmp_path / "state"

    def cmd_sync(args):
        return app.sync(config, app.SyncRequest(state_dir=state_dir, now=datetime(2026, 11, 25, tzinfo=timezone.utc)),
                        gateway=wiki, out=lambda text: None)
    monkeypatch.setattr(commands, "cmd_sync", cmd_sync)
    before = signal.getsignal(signal.SIGTERM)
    code = cli.main(["sync", "--config", str(tmp_path / "config.yaml")])
    assert code == 143 and signal.getsignal(signal.SIGTERM) is before
    err = capsys.readouterr().err
    assert "WARNING received SIGTERM: stopping now, as on SIGINT\n" in err
    assert "WARNING action=interrupted page=Hubs/Plans\n" in err
    assert err.endswith("hubbot: interrupted; pages already saved stay saved, nothing is half-written.\n")
    assert "Traceback" not in err and not (state_dir / "lock").exists()


# -- one logger tree: every module's lines reach the handlers cli sets up once -------------------------------
@pytest.mark.parametrize("verbose", [False, True], ids=["normal", "verbose"])
def test_the_parsers_log_lines_reach_the_same_handler_as_the_runs(tmp_path, monkeypatch, verbose):
    from bot.parsing import infobox
    log_file = tmp_path / "hubbot.log"
    cli._setup_logging(verbose=verbose, quiet=False, log_file=str(log_file))
    monkeypatch.setattr(infobox, "_parse", lambda *args: 1 / 0)
    try:
        result = infobox.parse_hub_page("Hubs/Broken", "{{Hub infobox}}")
        infobox.log.warning("a parser warning")
        logging.getLogger("hubbot").warning("a run warning")
    finally:
        for handler in logging.getLogger("hubbot").handlers:
            handler.close()
    text = log_file.read_text()
    assert "the page could not be read (ZeroDivisionError)" in result.problems[0].message
    assert "WARNING a parser warning\n" in text and "WARNING a run warning\n" in text
    assert ("DEBUG parser failed on Hubs/Broken\n" in text) == verbose        # the traceback only with --verbose
    assert ("ZeroDivisionError: division by zero" in text) == verbose


def test_every_module_logs_under_hubbot():
    """A logger outside the "hubbot" tree (getLogger(__name__) is "bot.…") would print nothing: cli.py sets up
    only "hubbot"'s handlers. Pywikibot's own loggers ("pywiki…") are pywikibot's."""
    import ast
    from pathlib import Path
    outside = []
    for path in (Path(__file__).resolve().parents[2] / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "getLogger":
                name = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
                if not (isinstance(name, str) and (name == "hubbot" or name.startswith(("hubbot.", "pywiki")))):
                    outside.append(f"{path.name}:{node.lineno}")
    assert outside == []


# -- publish-templates: a page the wiki did not take is a failed page ----------------------------------------
def test_publish_templates_exits_1_naming_the_page_the_wiki_refused_and_why(tmp_path, monkeypatch, capsys):
    wiki = MemoryWiki(protected={"Module:Hub status"})
    config = tmp_path / "c.yaml"
    config.write_text("outputs: [{name: plans, kind: plans, page: P}]\n")
    monkeypatch.setattr(commands, "connect", lambda config, args: lambda: wiki)
    argv = ["publish-templates", "--config", str(config), "--state-dir", str(tmp_path / "state")]
    assert cli.main(argv) == 1
    out = capsys.readouterr().out
    assert ("Module:Hub status: not published: the wiki refused the save: Module:Hub status is protected "
            "(LockedPageError)\n") in out
    assert "Module:Hub status: blocked\n" in out and "Template:Hub infobox: edited\n" in out
    assert wiki.text("Module:Hub status") == "" and wiki.text("Template:Hub infobox") != ""

    wiki.protected.clear()                              # an admin lowered the protection
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "Module:Hub status: edited\n" in out and "Template:Hub infobox: unchanged\n" in out
    assert "not published" not in out

    wiki.edit("Template:Hub list end", "Rewritten.", user="Editor")   # a community edit is kept, as before
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "Template:Hub list end: not published: edited by Editor since hubbot published" in out
    assert "Template:Hub list end: refused\n" in out and wiki.text("Template:Hub list end") == "Rewritten."
