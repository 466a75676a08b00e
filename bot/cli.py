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

Exit codes: 0 ok; 1 some output failed or was skipped (see the report);
2 bad config or input (the message names the file, key or page, and the fix);
3 the bot is switched off on-wiki (the shutoff page).

The wiki comes from pywikibot's configuration (PYWIKIBOT_DIR/user-config.py),
or from `site:` in the config file.
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime, timezone

from bot.errors import HubbotError, ShutoffError, UserError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SHUTOFF = 0, 1, 2, 3
log = logging.getLogger("hubbot")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:   # usage errors exit 2 like bad config, with one clear line
        self.print_usage(sys.stderr)
        raise UserError(self.prog, message, f"see `{self.prog} --help`.")


def _now(value: str | None) -> datetime:
    if not value:
        return datetime.now(timezone.utc)
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UserError("--now", f"{value!r} is not an ISO date-time.", "write e.g. 2026-11-25T12:00:00Z.") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="hubbot", description=__doc__.split("\n\n")[0],
                     epilog="\n\n".join(__doc__.split("\n\n")[1:]),
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    from bot import __version__
    parser.add_argument("--version", action="version", version=f"hubbot {__version__}")
    parser.add_argument("--verbose", "-v", action="store_true", help="log every request decision (debug)")
    parser.add_argument("--quiet", "-q", action="store_true", help="log only warnings and errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def with_config(p: argparse.ArgumentParser, required: bool = True) -> None:
        p.add_argument("--config", "-c", required=required, metavar="FILE",
                       help="YAML config (see config/meta.yaml, config/local.yaml)")
        p.add_argument("--state-dir", metavar="DIR",
                       help="where the lock file and run history live (default: state_dir from the config)")
        p.add_argument("--now", metavar="ISO", help="pretend the current time is this (reproducible output)")

    p = sub.add_parser("parse", help="parse hub pages from files, print JSON",
                       description="Parse hub pages (wikitext files) and print what the bot reads from "
                                   "each {{Hub infobox}}, with problems. Exit 0 even when problems are found.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--title", help="page title (default: the file name without extension, '_' as space)")
    p.add_argument("--template", default="Hub infobox", help="infobox template name")

    p = sub.add_parser("sync", help="update the generated pages",
                       description="Read every hub page, then update each configured output page "
                                   "(directory, plans, status, errors). Human text outside the "
                                   "generated regions is never changed.")
    with_config(p)
    p.add_argument("--only", action="append", metavar="NAME", help="run only this output (repeatable)")
    p.add_argument("--dry-run", action="store_true", help="print a unified diff per page and save nothing")
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

    p = sub.add_parser("schedule", help="run outputs on their cron schedules",
                       description="Run in the foreground: sleep until the next output is due, sync the due "
                                   "outputs together, log, repeat. SIGTERM/SIGINT stop between runs.")
    with_config(p)
    p.add_argument("--once", action="store_true", help="run what is due this minute, then exit")
    p.add_argument("--max-runs", type=int, help="stop after this many runs")

    p = sub.add_parser("watch", help="follow recent changes; sync what a change affects",
                       description="Follow the wiki's recent changes and run an incremental sync of the outputs "
                                   "a change affects (a hub page, the template, an output page edited by someone "
                                   "else, the shutoff page). Polling costs one API request per interval when idle. "
                                   "SIGTERM/SIGINT stop it between runs.")
    with_config(p)
    p.add_argument("--interval", type=float, default=60.0, metavar="SECONDS",
                   help="seconds between polls (default 60)")
    p.add_argument("--source", choices=["poll", "eventstreams"], default="poll",
                   help="poll list=recentchanges (any wiki), or follow Wikimedia's EventStreams "
                        "(falls back to polling while the stream is down)")
    p.add_argument("--stream-url", metavar="URL", help="EventStreams URL (default: the wiki's own service)")
    p.add_argument("--max-polls", type=int, metavar="N", help="stop after N polls (tests, benchmarks)")

    p = sub.add_parser("toolforge-jobs", help="write a Toolforge jobs.yaml",
                       description="Write a Toolforge jobs framework file with one job per distinct schedule.")
    with_config(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--project-dir", default="$HOME/hubbot", help="where the project lives on Toolforge")
    p.add_argument("--watch", action="store_true",
                   help="one continuous job running `hubbot watch` instead of one cron job per schedule")
    p.add_argument("--interval", type=int, default=60, metavar="SECONDS", help="with --watch: seconds between polls")

    p = sub.add_parser("import-directory", help="read the hand-kept directory table (Hubs/Ongoing)",
                       description="Read every row of a hand-kept hub directory table (a file or a wiki page) "
                                   "and print the records (JSON) or a proposed {{Hub infobox}} per hub (wikitext). "
                                   "With --apply, add the proposed infobox to each linked hub page that has none.")
    p.add_argument("source", metavar="FILE_OR_PAGE")
    p.add_argument("--format", choices=["json", "wikitext"], default="json")
    p.add_argument("--config", "-c", metavar="FILE", help="config (needed for --apply and to read a page)")
    p.add_argument("--apply", action="store_true", help="add infoboxes to hub pages that have none")
    p.add_argument("--dry-run", action="store_true", help="with --apply: show diffs, save nothing")
    p.add_argument("--state-dir", metavar="DIR")

    p = sub.add_parser("localwiki", help="start or stop a throwaway local MediaWiki",
                       description="Install Debian's MediaWiki if needed, create a wiki in DIR with a bot "
                                   "account (BotPassword) and a pywikibot directory DIR/pywikibot, serve it "
                                   "on 127.0.0.1:PORT; or stop it by its PID.")
    p.add_argument("action", choices=["start", "stop", "status"])
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--port", type=int, help="port on 127.0.0.1 (default: the last one, or a free one)")

    p = sub.add_parser("demo", help="the embedded default: a realistic local Meta, synced",
                       description="Start a local wiki, publish the templates, create Meta-like Hubs pages, "
                                   "run sync with config/local.yaml and print the URLs to open.")
    p.add_argument("--dir", default=".hubbot/demo-wiki", help="where the demo wiki lives")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--no-serve", action="store_true", help="stop the wiki at the end")

    p = sub.add_parser("reset", help="re-enable the bot after repeated failures",
                       description="Clear the failure count and the disabled flag in the state directory.")
    with_config(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UserError as exc:
        print(f"hubbot: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:   # --help
        return int(exc.code or 0)
    _setup_logging(args.verbose, args.quiet)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        from bot import commands
        return getattr(commands, "cmd_" + args.command.replace("-", "_"))(args)
    except ShutoffError as exc:
        print(f"hubbot: stopped: {exc}", file=sys.stderr)
        return EXIT_SHUTOFF
    except UserError as exc:
        print(f"hubbot: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except HubbotError as exc:
        print(f"hubbot: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("hubbot: interrupted; pages already saved stay saved, nothing is half-written.", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:   # a bug: say so plainly; the traceback only with --verbose
        if args.verbose:
            log.exception("unexpected error")
        print(f"hubbot: internal error ({type(exc).__name__}: {exc}); nothing further was saved. "
              "Rerun with --verbose and report it.", file=sys.stderr)
        return EXIT_FAILED


class _Redact(logging.Filter):
    """Passwords and tokens never reach a log line."""

    import re as _re
    PATTERN = _re.compile(r"((?:password|lgpassword|token|lgtoken|csrftoken)['\"]?\s*[:=]\s*['\"]?)[^\s'\"&,)]+",
                          _re.IGNORECASE)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.PATTERN.sub(r"\1***", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def _setup_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(_Redact())
    root = logging.getLogger("hubbot")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    for name in ("bot",):
        logging.getLogger(name).handlers[:] = [handler]
        logging.getLogger(name).setLevel(level)
        logging.getLogger(name).propagate = False


if __name__ == "__main__":
    sys.exit(main())
