"""The body of each `hubbot` subcommand (argument parsing lives in bot.cli)."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import yaml

from bot.cli import EXIT_FAILED, EXIT_OK, _now
from bot.config import Config, load_config
from bot.errors import UserError, WikiUnreachable
from bot.parsing.infobox import parse_hub_page
from bot.rendering.regions import normalize
from bot.rendering.render import TEMPLATES
from bot.runner import Report, Runner
from bot.state import RunLock, State

log = logging.getLogger("hubbot")


def make_gateway(config: Config):
    from bot.wiki.pywikibot_gateway import PywikibotGateway
    site = config.site
    gateway = PywikibotGateway(site.family, site.code) if site else PywikibotGateway()
    if sys.stderr.isatty() and log.isEnabledFor(logging.INFO):
        gateway.progress = _progress
    return gateway


def _progress(done: int, total: int) -> None:
    """A one-line progress display on a terminal (never in logs or pipes)."""
    end = "\n" if done >= total else ""
    print(f"\rreading pages: {done}/{total}", end=end, file=sys.stderr, flush=True)


def _state_dir(args, config: Config) -> Path:
    return Path(args.state_dir or config.state_dir)


# -- parse -------------------------------------------------------------------
def hub_json(result) -> dict:
    hub = result.hub
    base = {"page": result.page}
    keys = ("name", "type", "scope", "status", "region", "languages", "website", "contact", "founded", "updated")
    for key in keys:
        value = getattr(hub, key) if hub else None
        base[key] = list(value) if key == "languages" else value
    if hub is None:
        base["languages"] = []
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
    state_dir = _state_dir(args, config)
    if args.offline:
        from bot.wiki.offline import OfflineGateway
        if not args.output:
            raise UserError("--offline", "needs --output DIR for the resulting pages.", "add --output DIR.")
        gateway = OfflineGateway(Path(args.offline), Path(args.output))
        state = State(state_dir / "offline-state.json")   # an offline run never touches the real state
        dry_run = False
    else:
        state = State.load(state_dir)
        dry_run = args.dry_run
        try:
            gateway = make_gateway(config)
            if not dry_run:
                gateway.login()
            from bot.incremental import RecordingGateway, SavedOutputs
            gateway = RecordingGateway(gateway, SavedOutputs.load(state_dir))
        except WikiUnreachable:
            if not dry_run:
                state.record_run(ok=False, hub_count=None, max_failures=config.safety.max_consecutive_failures)
                state.save()
            raise
    with RunLock(state_dir) as lock:
        if lock.took_over:
            log.warning("took over a stale lock left by a killed run (%s)", lock.took_over)
        runner = Runner(config, gateway, now=_now(args.now), state=state, dry_run=dry_run,
                        allow_large_removal=args.allow_large_removal, emit=lambda d: print(d, end=""),
                        full=args.full)
        report = runner.run(args.only)
    if args.offline:
        gateway.write_summary(report)
    _print_report(report, gateway)
    if args.report:
        Path(args.report).write_text(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n")
    return report.exit_code


def _print_report(report: Report, gateway) -> None:
    for o in report.outputs:
        detail = f" (rev {o.revid})" if o.revid and o.action == "edited" else ""
        why = f": {o.reason}" if o.reason else (f": {o.summary}" if o.summary else "")
        print(f"{o.page}: {o.action}{detail}{why}")
    for message in report.messages:
        print(message)
    print(f"hubs: {report.hubs}, problems: {report.problems}, pages read: {report.pages_read}, "
          f"API requests: {report.requests}, edits: {report.edits} ({gateway.description})")


# -- publish-templates ----------------------------------------------------------
def template_pages() -> list[tuple[str, Path]]:
    manifest = TEMPLATES / "publish.yaml"
    entries = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    return [(e["page"], TEMPLATES / e["file"]) for e in entries]


def publish_templates(gateway, dry_run: bool = False) -> list[tuple[str, str]]:
    """Publish every template page whose text differs; returns (page, action) pairs."""
    wanted = template_pages()
    pages = gateway.read_pages([title for title, _ in wanted])
    done = []
    for title, path in wanted:
        text = path.read_text(encoding="utf-8")
        page = pages[title]
        if page.exists and normalize(page.text) == normalize(text):
            done.append((title, "unchanged"))
            continue
        if dry_run:
            done.append((title, "would edit"))
            continue
        gateway.save(page, text, f"hubbot: publish {title} from templates/{path.name}")
        done.append((title, "edited"))
    return done


def cmd_publish_templates(args) -> int:
    config = load_config(args.config)
    gateway = make_gateway(config)
    if not args.dry_run:
        gateway.login()
    from bot.runner import read_and_check_shutoff
    read_and_check_shutoff(config, gateway)
    with RunLock(_state_dir(args, config)):
        for title, action in publish_templates(gateway, args.dry_run):
            print(f"{title}: {action}")
    return EXIT_OK


# -- schedule / toolforge ----------------------------------------------------------
def cmd_schedule(args) -> int:
    from bot.schedule import run_schedule
    config = load_config(args.config)
    return run_schedule(config, args)


def cmd_watch(args) -> int:
    from bot.watch import run_watch
    config = load_config(args.config)
    if args.interval <= 0:
        raise UserError("--interval", f"must be a positive number of seconds, not {args.interval}.",
                        "write e.g. --interval 60.")
    return run_watch(config, args)


def cmd_toolforge_jobs(args) -> int:
    from bot.schedule import toolforge_jobs, toolforge_watch_job
    config = load_config(args.config)
    text = toolforge_watch_job(args.config, args.project_dir, args.interval) if args.watch else \
        toolforge_jobs(config, args.config, args.project_dir)
    if args.output:
        Path(args.output).write_text(text)
        print(f"wrote {args.output}; load it on Toolforge with: toolforge jobs load {Path(args.output).name}")
    else:
        print(text, end="")
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
    return run_demo(Path(args.dir), args.port, serve=not args.no_serve)


def cmd_reset(args) -> int:
    config = load_config(args.config)
    state = State.load(_state_dir(args, config))
    state.reset()
    state.save()
    print(f"reset: the bot may edit again ({state.path})")
    return EXIT_OK


# -- import-directory ------------------------------------------------------------------
def cmd_import_directory(args) -> int:
    from bot.parsing.directory_table import parse_directory, proposed_infobox
    config = load_config(args.config) if args.config else None
    if args.apply and config is None:
        raise UserError("--apply", "needs --config (the wiki, the template name and the safety settings).",
                        "add --config config/meta.yaml.")
    path = Path(args.source)
    gateway = None
    if path.is_file():
        text, title = path.read_text(encoding="utf-8"), path.stem.replace("_", " ")
    else:
        if config is None:
            raise UserError(args.source, "is not a file; reading a wiki page needs --config.",
                            "pass a file, or add --config to read the page from the configured wiki.")
        gateway = make_gateway(config)
        page = gateway.read_pages([args.source])[args.source]
        if not page.exists:
            raise UserError(f"page {args.source!r}", "does not exist on the wiki.", "check the title.")
        text, title = page.text, page.title
    records, problems = parse_directory(title, text)
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
        gateway = make_gateway(config)
    if not args.dry_run:
        gateway.login()
    with RunLock(_state_dir(args, config)):
        return _apply_infoboxes(config, gateway, title, records, args.dry_run)


def _record_json(r) -> dict:
    return {"row": r.row, "types": list(r.types), "scope": r.scope, "hub_page": r.hub_page, "status": r.status,
            "status_text": r.status_text, "details": r.details,
            "plans": [{"target": p.target, "label": p.label, "external": p.external} for p in r.plans]}


def _apply_infoboxes(config: Config, gateway, source: str, records, dry_run: bool) -> int:
    """Add the proposed infobox at the top of each linked hub page that has none (one edit each)."""
    from bot.errors import EditConflict, SaveRefused, TransientError
    from bot.logic.bots import bot_may_edit
    from bot.parsing.directory_table import proposed_infobox
    from bot.parsing.wikitext import parse, template_calls
    from bot.rendering.diff import unified_diff
    from bot.runner import read_and_check_shutoff

    linked = [r for r in records if r.hub_page]
    titles = list(dict.fromkeys(r.hub_page for r in linked))
    pages = gateway.read_pages(titles)
    edits, failed = 0, 0
    for r in linked:
        page = pages[r.hub_page]
        if not page.exists:
            print(f"{r.hub_page}: skipped: the page does not exist (row {r.row})")
            continue
        if template_calls(parse(page.text), config.hubs.template):
            print(f"{r.hub_page}: unchanged: it already has an infobox")
            continue
        if not bot_may_edit(page.text, gateway.user or "HubBot"):
            print(f"{r.hub_page}: skipped: {{{{nobots}}}}")
            continue
        if edits >= config.safety.max_edits_per_run:
            print(f"{r.hub_page}: skipped: the limit of {config.safety.max_edits_per_run} edits per run was reached")
            failed += 1
            continue
        box = proposed_infobox(r, config.hubs.template)
        lines = page.text.split("\n", 1)
        # Keep <languages/> (Translate's language bar) as the first line of translatable pages.
        new = (lines[0] + "\n" + box + (lines[1] if len(lines) > 1 else "")) \
            if lines[0].strip().lower().startswith("<languages") else box + page.text
        summary = f"hubbot: add {{{{{config.hubs.template}}}}} from [[{source}]] row {r.row} ({r.scope[:80]})"
        if dry_run:
            print(unified_diff(page, new), end="")
            continue
        read_and_check_shutoff(config, gateway, f"stopped after {edits} edits")
        try:
            revid = gateway.save(page, new, summary)
        except (EditConflict, SaveRefused, TransientError) as exc:
            print(f"{r.hub_page}: failed: {exc}")
            failed += 1
            continue
        edits += 1
        print(f"{r.hub_page}: edited (rev {revid}): {summary}")
    print(f"infoboxes added: {edits}")
    return EXIT_FAILED if failed else EXIT_OK
