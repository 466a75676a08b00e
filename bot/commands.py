"""The body of each `hubbot` subcommand (argument parsing lives in bot.cli)."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from bot import app
from bot.app import load_config
from bot.config import Config
from bot.inputs import writable_file
from bot.errors import EXIT_FAILED, EXIT_OK, UserError
from bot.parsing.infobox import parse_hub_page

log = logging.getLogger("hubbot")



_now = app.parse_now


def connect(config: Config, args):
    """The live wiki, logged in: the config's site:, overridden by -family:/-lang:/-user:.

    A dry run logs in too, unless --no-login, and afresh: the password file's secret is sent even when
    pywikibot has a saved login, so a wrong password or a missing grant shows before the real run.
    """
    def gateway():
        gw = app.make_gateway(config, family=getattr(args, "family", None), code=getattr(args, "lang", None),
                              user=getattr(args, "user", None))
        dry_run = getattr(args, "dry_run", False)
        if dry_run and getattr(args, "no_login", False):
            log.info("dry run without logging in (--no-login): pages are read anonymously")
            return gw
        gw.login(fresh=dry_run)
        if dry_run:
            log.info("dry run: logged in as %s with the password file's secret (the password works); nothing will "
                     "be saved", gw.user)
        return gw
    return gateway


# -- parse -------------------------------------------------------------------
def hub_json(result) -> dict:
    """One JSON shape for every page: a page without an infobox has the same keys, empty."""
    hub = result.hub
    base = {"page": result.page}
    keys = ("name", "type", "types", "scope", "status", "region", "languages", "website", "contact", "founded",
            "updated", "map", "details_text")
    for key in keys:
        value = getattr(hub, key, None) if hub else None
        base[key.replace("_text", "")] = list(value or ()) if key in ("languages", "types") else value
    base["plans"] = [{"target": p.target, "label": p.label, "external": p.external}
                     for p in (hub.plans if hub else ())]
    base["problems"] = [{"field": p.field, "message": p.message, "fix": p.fix} for p in result.problems]
    return base


def cmd_parse(args) -> int:
    out = []
    for name in args.files:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(name, f"cannot be read ({getattr(exc, 'strerror', None) or exc}).",
                            "pass a UTF-8 wikitext file.") from None
        title = args.title or path.stem.replace("_", " ")
        out.append(hub_json(parse_hub_page(title, text, args.template)))
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return EXIT_OK


# -- sync --------------------------------------------------------------------
def cmd_sync(args) -> int:
    config = load_config(args.config)
    if args.output and not args.offline:
        raise UserError("--output", "only works with --offline.", "add --offline EXPORT.xml or drop --output.")
    if args.offline and not args.output:
        raise UserError("--offline", "needs --output DIR for the resulting pages.", "add --output DIR.")
    request = app.SyncRequest(only=tuple(args.only or ()), dry_run=args.dry_run,
                              allow_large_removal=args.allow_large_removal, full=args.full,
                              report_path=writable_file(args.report, "--report") if args.report else None,
                              state_dir=Path(args.state_dir) if args.state_dir else None, now=_now(args.now),
                              offline=Path(args.offline) if args.offline else None,
                              output_dir=Path(args.output) if args.output else None)
    return app.sync(config, request, connect=connect(config, args))


# -- publish-templates ----------------------------------------------------------
def cmd_publish_templates(args) -> int:
    config = load_config(args.config)
    gateway = connect(config, args)()
    done = app.publish_templates(gateway, config, dry_run=args.dry_run, state_dir=args.state_dir,
                                 overwrite_community_edits=args.overwrite_community_edits)
    for title, action in done:
        print(f"{title}: {action}")
    # A page the wiki did not take is a failed page (exit 1); one left for a community edit was the operator's
    # to decide (the diff and the flag are shown), as a refused page is for sync.
    return EXIT_FAILED if any(action in app.PUBLISH_FAILED for _, action in done) else EXIT_OK


# -- schedule / toolforge ----------------------------------------------------------
def cmd_schedule(args) -> int:
    from bot.schedule import run_schedule
    config = load_config(args.config)
    return run_schedule(config, args)


def cmd_watch(args) -> int:
    config = load_config(args.config)
    if args.check_health:
        from bot.heartbeat import check_health
        return check_health(Path(args.state_dir or config.state_dir), args.max_age)
    from bot.watch import run_watch
    if args.interval <= 0:
        raise UserError("--interval", f"must be a positive number of seconds, not {args.interval}.",
                        "write e.g. --interval 60.")
    return run_watch(config, args)


def cmd_toolforge_jobs(args) -> int:
    from bot.schedule import job_config_path, retire_note, toolforge_jobs, toolforge_watch_job
    config = load_config(args.config)
    path = job_config_path(args.config, args.project_dir)
    text = toolforge_watch_job(path, args.project_dir, args.interval, args.source, args.image) if args.watch \
        else toolforge_jobs(config, path, args.project_dir, args.image)
    if args.output:
        Path(args.output).write_text(text)
        print(f"wrote {args.output}; load it on Toolforge with: toolforge jobs load {Path(args.output).name}")
        print(retire_note(args.config, args.watch), end="")
    else:
        print(text, end="")
        print(retire_note(args.config, args.watch), end="", file=sys.stderr)   # stdout stays a jobs.yaml
    return EXIT_OK


# -- localwiki / demo / reset --------------------------------------------------------
def cmd_localwiki(args) -> int:
    from bot.localwiki import LocalWiki
    wiki = LocalWiki(Path(args.dir))
    if args.action == "start":
        wiki.start(args.port, log=print)
        print(f"MediaWiki is running at {wiki.url} (API {wiki.api}), pid {wiki.running_pid()}")
        print(f"pywikibot directory: export PYWIKIBOT_DIR={wiki.pywikibot_dir}")
        print(f"stop it with: hubbot localwiki stop {args.dir}")
    elif args.action == "stop":
        print("stopped" if wiki.stop() else "was not running")
    else:
        pid = wiki.running_pid()
        print(f"running at {wiki.url}, pid {pid}" if pid else "not running")
        return EXIT_OK if pid else EXIT_FAILED
    return EXIT_OK


def cmd_demo(args) -> int:
    from bot.demo import run_demo
    return run_demo(Path(args.dir), args.port, serve=not args.no_serve,
                    screenshots=Path(args.screenshots) if args.screenshots else None)


def cmd_reset(args) -> int:
    path = app.reset(load_config(args.config), args.state_dir)
    print(f"reset: the bot may edit again ({path})")
    return EXIT_OK


def cmd_status(args) -> int:
    from bot.run_status import status
    config = load_config(args.config)
    lines, code = status(config, Path(args.state_dir) if args.state_dir else Path(config.state_dir), _now(args.now))
    for line in lines:
        print(line)
    return code


# -- import-directory ------------------------------------------------------------------
def cmd_import_directory(args) -> int:
    from bot.parsing.directory_table import parse_directory, proposed_infobox
    config = load_config(args.config) if args.config else None
    if args.apply and config is None:
        raise UserError("--apply", "needs --config (the wiki, the template name and the safety settings).",
                        "add --config config/meta.yaml.")
    path = Path(args.source)
    gateway = None
    if path.exists():
        text, title = read_directory_file(path), path.stem.replace("_", " ")
    else:
        if config is None:
            raise UserError(args.source, "is not a file; reading a wiki page needs --config.",
                            "pass a file, or add --config to read the page from the configured wiki.")
        gateway = connect(config, args)()
        page = gateway.read_pages([args.source])[args.source]
        if not page.exists:
            raise UserError(f"page {args.source!r}", "does not exist on the wiki.", "check the title.")
        text, title = page.text, page.title
    records, problems = parse_directory(title, text)
    if not records:
        why = "; ".join(f"{p.field + ': ' if p.field else ''}{p.message}" for p in problems[:3])
        raise UserError(args.source, f"has no row that can be imported ({why or 'no wikitable rows'}).",
                        problems[0].fix if problems else "pass the wikitext of the hand-kept directory page "
                        "(e.g. Hubs/Ongoing), or its title with --config.")
    template = config.hubs.template if config else "Hub infobox"
    if not args.apply:
        if args.format == "json":
            json.dump({"records": [_record_json(r) for r in records],
                       "problems": [{"row": p.field, "message": p.message, "fix": p.fix} for p in problems]},
                      sys.stdout, indent=2, ensure_ascii=False)
            print()
        else:
            for r in records:
                target = f"[[{r.hub_page}]]" if r.hub_page else "(no hub page linked: create one)"
                print(f"== {target} (row {r.row}) ==\n{proposed_infobox(r, template)}")
            for p in problems:
                print(f"<!-- {p.field}: {p.message} -->")
        return EXIT_OK
    if gateway is None:
        gateway = connect(config, args)()
    return app.apply_infoboxes(config, gateway, title, records, dry_run=args.dry_run, state_dir=args.state_dir)


def read_directory_file(path: Path) -> str:
    """The wikitext of a directory page saved to a file; exit 2 for anything that is not wikitext."""
    from bot.inputs import read_text, what_it_is
    fix = "save the page's wikitext (its edit box, or index.php?title=Hubs/Ongoing&action=raw) as UTF-8."
    text = read_text(path, fix)
    kind = what_it_is(text)
    if kind:
        raise UserError(str(path), f"is {kind}, not the wikitext of a page.",
                        fix + " Or pass the page title with --config to read it from the wiki.")
    return text


def _record_json(r) -> dict:
    return {"row": r.row, "types": list(r.types), "scope": r.scope, "hub_page": r.hub_page, "status": r.status,
            "status_text": r.status_text, "map": r.map, "details": r.details,
            "plans": [{"target": p.target, "label": p.label, "external": p.external} for p in r.plans]}
