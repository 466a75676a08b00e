"""hubbot: keeps Meta-Wiki's Wikimedia Hubs pages in sync from {{Hub infobox}} templates.

Commands:
  parse              read hub pages from files and print what the bot sees (JSON)
  sync               update the directory, the list of ongoing plans, status and errors pages
  publish-templates  publish {{Hub infobox}} and the other templates to the wiki
  schedule           run the outputs on their cron schedules, in the foreground
  watch              follow recent changes and sync the outputs a change affects
  toolforge-jobs     write a Toolforge jobs.yaml (cron jobs, or one continuous `watch` job)
  import-directory   read the hand-kept directory table; propose or add {{Hub infobox}}es
  localwiki          start/stop a throwaway local MediaWiki (demo and tests)
  demo               the embedded default: a local wiki with realistic hubs, synced
  reset              re-enable the bot after it stopped itself on repeated failures
  status             what the state directory says: disabled or not, the last run, the lock, the schedule

Exit codes: 0 ok (pages an editor, an admin or the operator must fix are listed
on the errors page and in the report; a run skipped because another run holds
the lock is ok too); 1 a page failed because of the wiki or the bot; 2 bad
config or input (the message names the file, key or page, and the fix);
3 the bot is switched off on-wiki (the shutoff page). `status`: 0 healthy, 1 the bot
is disabled or its last run failed.

The wiki comes from pywikibot's configuration (PYWIKIBOT_DIR/user-config.py),
or from `site:` in the config file.

Pywikibot's global options work as pywikibot operators type them, before or
after the command: -simulate (= --dry-run), -dir:PATH (= PYWIKIBOT_DIR),
-family:NAME, -lang:CODE or -code:CODE, -user:NAME, -log or -log:FILE,
-verbose or -v, -help. A dry run logs in (to check the account) unless
--no-login is given.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import math
import os
import signal
import sys
from dataclasses import dataclass, field

from bot.errors import EXIT_USAGE, UserError

log = logging.getLogger("hubbot")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:   # usage errors exit 2 like bad config, with one clear line
        self.print_usage(sys.stderr)
        raise UserError(self.prog, message, f"see `{self.prog} --help`.")


COMMANDS = ("parse", "sync", "publish-templates", "schedule", "watch", "toolforge-jobs", "import-directory",
            "localwiki", "demo", "reset", "status")   # every command of build_parser (tests/unit/test_cli_argv.py)
DEFAULT_LOG = "PYWIKIBOT_DIR/logs/hubbot.log"   # -log: beside pywikibot's own logs (resolved in _setup_logging)
WATCH_INTERVAL = (1.0, 86400.0)   # seconds between polls: never a tight loop, at least once a day
# Options of the top-level parser: accepted anywhere, moved in front of the command.
_GLOBAL_FLAGS = {"--verbose", "-v", "--quiet", "-q", "--version"}
_GLOBAL_WITH_VALUE = {"--family", "--lang", "--code", "--user"}
# Pywikibot's spelling -> hubbot's (value options are written NAME:VALUE by pywikibot operators).
_PYWIKIBOT_FLAGS = {"-simulate": "--dry-run", "-verbose": "--verbose", "-help": "--help", "-log": f"--log={DEFAULT_LOG}"}
_PYWIKIBOT_VALUES = {"-family": "--family", "-lang": "--lang", "-code": "--lang", "-user": "--user", "-log": "--log"}


@dataclass(frozen=True)
class Argv:
    """Command-line words as hubbot's parser takes them, and the environment to set before pywikibot loads."""

    args: list[str]
    environ: dict[str, str] = field(default_factory=dict)


def normalize_argv(argv: list[str]) -> Argv:
    """Accept what a pywikibot operator types (pure; see the module docstring).

    ``-simulate`` becomes the command's ``--dry-run``; ``-dir:PATH`` becomes PYWIKIBOT_DIR;
    ``-family:``, ``-lang:``/``-code:``, ``-user:``, ``-log[:FILE]``, ``-verbose``/``-v`` and the
    global ``--verbose``/``--quiet`` are global options wherever they stand; ``-help`` is ``--help``
    (of the command when one is given). Words after ``--`` are left as they are.
    """
    words = list(argv)
    tail: list[str] = []
    if "--" in words:
        cut = words.index("--")
        words, tail = words[:cut], words[cut:]
    environ: dict[str, str] = {}
    front: list[str] = []       # global options (and, before a command, anything unknown: argparse reports it)
    command: list[str] = []     # the command and its own options, in the order given
    late: list[str] = []        # command options written before the command
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        name, colon, value = word.partition(":")
        if colon and name in ("-dir", *_PYWIKIBOT_VALUES):
            if name == "-dir":
                environ["PYWIKIBOT_DIR"] = value
            else:
                front.append(f"{_PYWIKIBOT_VALUES[name]}={value}")
            continue
        word = _PYWIKIBOT_FLAGS.get(word, f"--log={DEFAULT_LOG}" if word == "--log" else word)
        if word in _GLOBAL_FLAGS or word.split("=", 1)[0] in (*_GLOBAL_WITH_VALUE, "--log"):
            front.append(word)
            if word in _GLOBAL_WITH_VALUE and i < len(words):
                front.append(words[i])      # --family meta: the value goes with it
                i += 1
        elif command:
            command.append(word)
        elif word in COMMANDS:
            command.append(word)
        elif word == "--dry-run":
            late.append(word)
        else:
            front.append(word)
    return Argv(front + command + late + tail, environ)


def seconds(low: float, high: float):
    """An argparse type: a number of seconds from ``low`` to ``high`` (not nan, not inf)."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not low <= value <= high:     # false for nan as well
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds from {low:g} to {high:g}")
        return value
    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="hubbot", description=__doc__.split("\n\n")[0],
                     epilog="\n\n".join(__doc__.split("\n\n")[1:]),
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    from bot import __version__
    parser.add_argument("--version", action="version", version=f"hubbot {__version__}")
    parser.add_argument("--verbose", "-v", action="store_true", help="log every request decision (debug)")
    parser.add_argument("--quiet", "-q", action="store_true", help="log only warnings and errors")
    parser.add_argument("--family", metavar="NAME", help="pywikibot family of the wiki (overrides the config's site:)")
    parser.add_argument("--lang", "--code", dest="lang", metavar="CODE",
                        help="pywikibot site code (overrides the config's site:)")
    parser.add_argument("--user", metavar="NAME", help="the bot account to log in as (as pywikibot's -user:)")
    parser.add_argument("--log", metavar="FILE", help=f"also write the log to FILE (-log: {DEFAULT_LOG})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def with_config(p: argparse.ArgumentParser, required: bool = True) -> None:
        p.add_argument("--config", "-c", required=required, metavar="FILE",
                       help="YAML config (see config/meta.yaml, config/local.yaml)")
        p.add_argument("--state-dir", metavar="DIR",
                       help="where the lock file and run history live (default: state_dir from the config)")
        p.add_argument("--now", metavar="ISO", help="pretend the current time is this (reproducible output)")

    def no_login(p: argparse.ArgumentParser) -> None:
        p.add_argument("--no-login", action="store_true",
                       help="with --dry-run: do not log in (by default a dry run logs in to check the account)")

    p = sub.add_parser("parse", help="parse hub pages from files, print JSON",
                       description="Parse hub pages (wikitext files) and print what the bot reads from "
                                   "each {{Hub infobox}}, with problems. Exit 0 even when problems are found.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--title", help="page title (default: the file name without extension, '_' as space)")
    p.add_argument("--template", default="Hub infobox", help="infobox template name (default: Hub infobox)")

    p = sub.add_parser("sync", help="update the generated pages",
                       description="Read the hub pages changed since the last run (--full: every one), then "
                                   "update each configured output page (directory, plans, status, errors) and "
                                   "the on-wiki {{Hub list}}s. Human text outside the generated regions is never "
                                   "changed. Exit 0 ok (pages refused or blocked included), 1 a page failed or the "
                                   "bot is disabled, 2 bad config or input or a missing right, 3 shut off on-wiki.")
    with_config(p)
    p.add_argument("--only", action="append", metavar="NAME", help="run only this output (repeatable)")
    p.add_argument("--dry-run", action="store_true", help="print a unified diff per page and save nothing (logs in unless --no-login)")
    no_login(p)
    p.add_argument("--report", metavar="FILE.json", help="write a JSON report of the run")
    p.add_argument("--allow-large-removal", action="store_true",
                   help="save even when an output would remove many rows (after checking why)")
    p.add_argument("--full", action="store_true",
                   help="read every hub page (default: only hubs changed since the last run, from the state dir)")
    p.add_argument("--offline", metavar="EXPORT.xml", help="read pages from a Special:Export XML file, edit nothing")
    p.add_argument("--output", metavar="DIR", help="with --offline: write each page's new text and diff here")

    p = sub.add_parser("publish-templates", help="publish {{Hub infobox}} and friends",
                       description="Publish the templates in templates/publish.yaml to the wiki; "
                                   "pages already up to date are not edited.")
    with_config(p)
    p.add_argument("--dry-run", action="store_true", help="show what would change")
    no_login(p)
    p.add_argument("--overwrite-community-edits", action="store_true",
                   help="publish even over pages someone else edited since hubbot published them (by default "
                        "such a page is left as it is, with the diff and the editors shown)")

    p = sub.add_parser("schedule", help="run outputs on their cron schedules",
                       description="Run in the foreground: sleep until the next output is due, sync the due "
                                   "outputs together, log, repeat. SIGTERM/SIGINT stop between runs.")
    with_config(p)
    p.add_argument("--once", action="store_true",
                   help="run every output whose schedule fired in the last 15 minutes and has not run for that "
                        "firing yet, then exit (what cron and Toolforge start; --now sets the time)")
    p.add_argument("--max-runs", type=int, help="stop after this many runs")

    p = sub.add_parser("watch", help="follow recent changes; sync what a change affects",
                       description="Follow the wiki's recent changes and run an incremental sync of the outputs "
                                   "a change affects (a hub page, the template, an output page edited by someone "
                                   "else, the shutoff page). Polling costs one API request per interval when idle. "
                                   "SIGTERM/SIGINT/SIGHUP stop it between runs. It writes a heartbeat "
                                   "(STATE_DIR/watch-heartbeat.json) at every poll and while a run hears from the "
                                   "wiki; --check-health reads it.")
    with_config(p)
    p.add_argument("--interval", type=seconds(*WATCH_INTERVAL), default=60.0, metavar="SECONDS",
                   help=f"seconds between polls, from {WATCH_INTERVAL[0]:g} to {WATCH_INTERVAL[1]:g} (default 60)")
    p.add_argument("--source", choices=["poll", "eventstreams"], default="poll",
                   help="poll list=recentchanges (any wiki; the default), or follow Wikimedia's EventStreams "
                        "(falls back to polling while the stream is down)")
    p.add_argument("--stream-url", metavar="URL", help="EventStreams URL (default: the wiki's own service)")
    p.add_argument("--max-polls", type=int, metavar="N", help="stop after N polls (tests, benchmarks)")
    p.add_argument("--check-health", action="store_true",
                   help="do not watch: check the heartbeat of the watcher of this config (or --state-dir) and "
                        "exit 0 if it beat within max(3 x its interval, 120 s), 1 if not or if it stopped "
                        "(the health-check-script of `toolforge-jobs --watch`)")
    p.add_argument("--max-age", type=seconds(1, 7 * 86400), metavar="SECONDS",
                   help="with --check-health: the age past which the heartbeat fails (instead of the rule above)")

    p = sub.add_parser("toolforge-jobs", help="write a Toolforge jobs.yaml",
                       description="Write a Toolforge jobs framework file: one cron job whose schedule covers every "
                                   "output's (each firing runs what is due), or with --watch one continuous job "
                                   "running `hubbot watch` with a health check.")
    with_config(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--project-dir", default="$HOME/hubbot",
                   help="where the project lives on Toolforge (default: $HOME/hubbot)")
    p.add_argument("--watch", action="store_true",
                   help="one continuous job running `hubbot watch` instead of the cron job")
    p.add_argument("--interval", type=int, default=60, metavar="SECONDS",
                   help="with --watch: seconds between polls (default 60)")
    p.add_argument("--source", choices=["poll", "eventstreams"], default="poll",
                   help="with --watch: the watcher's source of changes (default poll; see `hubbot watch --help`)")
    p.add_argument("--image", choices=["python3.11", "python3.13"], default="python3.11",
                   help="Toolforge image of the jobs (default python3.11); the project's .venv must be built by "
                        "the same image")

    p = sub.add_parser("import-directory", help="read the hand-kept directory table (Hubs/Ongoing)",
                       description="Read every row of a hand-kept hub directory table (a file or a wiki page) "
                                   "and print the records (JSON) or a proposed {{Hub infobox}} per hub (wikitext). "
                                   "With --apply, add the proposed infobox to each linked hub page that has none.")
    p.add_argument("source", metavar="FILE_OR_PAGE")
    p.add_argument("--format", choices=["json", "wikitext"], default="json",
                   help="print the records (json, the default) or a proposed infobox per hub (wikitext)")
    p.add_argument("--config", "-c", metavar="FILE", help="config (needed for --apply and to read a page)")
    p.add_argument("--apply", action="store_true", help="add infoboxes to hub pages that have none")
    p.add_argument("--dry-run", action="store_true", help="with --apply: show diffs, save nothing")
    no_login(p)
    p.add_argument("--state-dir", metavar="DIR",
                   help="with --apply: where the lock file lives (default: state_dir from the config)")

    p = sub.add_parser("localwiki", help="start or stop a throwaway local MediaWiki",
                       description="Install Debian's MediaWiki if needed, create a wiki in DIR with a bot "
                                   "account (BotPassword) and a pywikibot directory DIR/pywikibot, serve it "
                                   "on 127.0.0.1:PORT; or stop it by its PID.")
    p.add_argument("action", choices=["start", "stop", "status", "mark"],
                   help="mark: mark TITLE's current revision for translation (the Translate stand-in)")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("title", metavar="TITLE", nargs="?", help="with mark: the translatable page")
    p.add_argument("--port", type=int, help="port on 127.0.0.1 (default: the last one, or a free one)")

    p = sub.add_parser("demo", help="the embedded default: a realistic local Meta, synced",
                       description="Start a local wiki, publish the templates, create Meta-like Hubs pages, "
                                   "run sync with config/local.yaml and print the URLs to open.")
    p.add_argument("--dir", default=".hubbot/demo-wiki", help="where the demo wiki lives (default: .hubbot/demo-wiki)")
    p.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default 8765)")
    p.add_argument("--no-serve", action="store_true", help="stop the wiki at the end")
    p.add_argument("--screenshots", metavar="DIR",
                   help="save PNGs of the generated pages as a browser shows them (Debian's chromium)")

    p = sub.add_parser("reset", help="re-enable the bot after repeated failures",
                       description="Clear the failure count and the disabled flag in the state directory.")
    with_config(p)

    p = sub.add_parser("status", help="is the bot disabled, how did its last run end (asks the wiki nothing)",
                       description="Read the state directory and print, without a request to the wiki: whether "
                                   "the bot disabled itself (since when, why, and the reset command), the failed "
                                   "runs in a row and the limit, how the last run ended (when; quiet, done, failed "
                                   "or disabled; its edits; the pages not written and who can fix each), whether a "
                                   "run holds the lock (pid, host, since when) and, once `hubbot schedule` has run, "
                                   "what is due and the next firing. Exit 0 healthy, 1 the bot is disabled or its "
                                   "last run failed, 2 a state.json that cannot be read (the message names the fix).")
    with_config(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        words = normalize_argv(sys.argv[1:] if argv is None else argv)
        _apply_environ(words.environ)
        args = parser.parse_args(words.args)
        _setup_logging(args.verbose, args.quiet, args.log)
    except UserError as exc:
        print(f"hubbot: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:   # --help
        return int(exc.code or 0)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    from bot import app, commands
    if args.command == "localwiki" and args.action == "mark":   # the Translate stand-in (bot/localwiki.py)
        from bot.localwiki import cmd_mark
        return app.run_command(lambda: cmd_mark(args))
    stdout = sys.stdout
    sys.stdout = _ReaderMayLeave(stdout)
    try:
        with terminated_as_interrupted() as terminated:
            code = app.run_command(lambda: getattr(commands, "cmd_" + args.command.replace("-", "_"))(args))
        sys.stdout.flush()
    except OutputClosed:
        return EXIT_CLOSED_OUTPUT
    finally:
        sys.stdout = stdout
    return EXIT_TERMINATED if terminated else code


EXIT_TERMINATED = 128 + signal.SIGTERM    # 143, as a shell reports a process ended by SIGTERM
EXIT_CLOSED_OUTPUT = 128 + signal.SIGPIPE  # 141, as a shell reports a Unix tool whose reader went away


class OutputClosed(BaseException):
    """The reader of hubbot's standard output went away (`hubbot status | head -1`): the command stops
    there, quietly, as a Unix tool stopped by SIGPIPE does (exit 141). Not an Exception: no page, no run
    and no command takes it for its own failure (a run stops as on SIGINT: saved pages stay saved)."""


class _ReaderMayLeave:
    """sys.stdout while a command runs: a closed pipe raises OutputClosed, once; what is still buffered
    then goes to /dev/null (else Python would report the pipe again as it exits)."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def __getattr__(self, name: str):
        return getattr(self._stream, name)

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._reader_left()
        return 0

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._reader_left()

    def _reader_left(self):
        with contextlib.suppress(OSError, ValueError):      # no file behind the stream (a test's capture)
            os.dup2(os.open(os.devnull, os.O_WRONLY), self._stream.fileno())
        raise OutputClosed


@contextlib.contextmanager
def terminated_as_interrupted():
    """SIGTERM (a job's timeout, `toolforge jobs delete`, a container stopping) stops a command as SIGINT
    does: the page being saved is named in the log and the report, and the command says so; it exits 143.
    `schedule` and `watch` put their own handler in place while they loop (they stop between runs)."""
    received: list[int] = []

    def on_sigterm(signum, frame):
        received.append(signum)
        log.warning("received SIGTERM: stopping now, as on SIGINT")
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, on_sigterm)
    except ValueError:          # not the main thread: left as it is
        yield received
        return
    try:
        yield received
    finally:
        signal.signal(signal.SIGTERM, previous)


def _apply_environ(environ: dict[str, str]) -> None:
    """-dir:PATH: set PYWIKIBOT_DIR before anything imports pywikibot (it reads it at import)."""
    directory = environ.get("PYWIKIBOT_DIR")
    if directory is None:
        return
    path = os.path.abspath(os.path.expanduser(directory))
    if not os.path.isdir(path):
        raise UserError(f"-dir:{directory}", "no such folder.",
                        "give the folder that holds pywikibot's user-config.py, e.g. -dir:.hubbot/demo-wiki/pywikibot.")
    if "pywikibot" in sys.modules and os.environ.get("PYWIKIBOT_DIR") != path:
        log.warning("-dir:%s comes too late: pywikibot is already loaded from %s in this process",
                    directory, os.environ.get("PYWIKIBOT_DIR"))
    os.environ["PYWIKIBOT_DIR"] = path


class _Redact(logging.Filter):
    """Passwords and tokens never reach a log line: ``token=VALUE`` (a request body), ``"csrftoken":"VALUE"``
    (an answer), and pywikibot's ``'token': ['VALUE']`` (a request's parameters, split over lines by pprint)."""

    import re as _re
    PATTERN = _re.compile(r"((?:password|lgpassword|token|lgtoken|csrftoken)['\"]?\s*[:=][\s'\"\[(]*)[^\s'\"&,)\]]+",
                          _re.IGNORECASE)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.PATTERN.sub(r"\1***", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


_make_record = logging.getLogRecordFactory()


def _redacted_record(*args, **kwargs) -> logging.LogRecord:
    """Every log record of the process is redacted, whoever's handler prints it: pywikibot's own console
    handlers print its request dumps with --verbose (the edit token in the body, the token in the answer)."""
    record = _make_record(*args, **kwargs)
    _Redact().filter(record)
    return record


def _setup_logging(verbose: bool, quiet: bool, log_file: str | None = None) -> None:
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file == DEFAULT_LOG:
        log_file = os.path.join(os.environ.get("PYWIKIBOT_DIR") or ".", "logs", "hubbot.log")
    if log_file:   # -log / --log=FILE: the same lines in a file, appended
        try:
            os.makedirs(os.path.dirname(os.path.abspath(log_file)), exist_ok=True)
            handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
        except OSError as exc:
            raise UserError(f"--log={log_file}", f"the log file cannot be written ({exc.strerror or exc}).",
                            "give a file in a folder you may write to, e.g. -log:logs/hubbot.log.") from None
    logging.setLogRecordFactory(_redacted_record)
    for handler in handlers:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S"))
        handler.addFilter(_Redact())
    root = logging.getLogger("hubbot")      # every module logs to it (or to a "hubbot.*" child, which inherits)
    for old in root.handlers:
        if isinstance(old, logging.FileHandler):
            old.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    root.propagate = False


if __name__ == "__main__":
    sys.exit(main())
