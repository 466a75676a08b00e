"""The application: what hubbot's commands do, for the CLI, the scheduler and the demo alike.

Each use case takes a loaded config and plain options and returns an exit
code (bot.errors.EXIT_*); none of them parses arguments. Every page write of
every command goes through the one executor (bot.executor) with a plan from
the pure planner, so conflict safety, retries, {{nobots}} and the shutoff page
hold for `sync`, `publish-templates` and `import-directory --apply` alike.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from bot import config as config_module
from bot.config import Config, HubsConfig, OutputConfig, SafetyConfig
from bot.errors import (EXIT_FAILED, EXIT_OK, HubbotError, LockBusy, ShutoffError, TransientError, UserError,
                        WikiUnreachable, exit_code)
from bot.executor import Executor
from bot.lock import RunLock
from bot.logic.kinds import check_config, report_output
from bot.logic.publishing import (community_edits, refusal as publishing_refusal, source_digests,
                                  template_pages)
from bot.outcomes import Report, Status
from bot.planner import PagePlan, SectionResult, plan_infobox_addition, plan_whole_text
from bot.runner import Run, ShutoffGuard
from bot.saved_outputs import SavedOutputs
from bot.state import State
from bot.textdiff import unified_diff
from bot.wiki.layers import RecordingGateway

log = logging.getLogger("hubbot")


def run_command(action: Callable[[], int]) -> int:
    """Run one use case; the errors hubbot explains become one line on stderr and their exit code."""
    try:
        return action()
    except ShutoffError as exc:
        print(f"hubbot: stopped: {exc}", file=sys.stderr)
        return exit_code(exc)
    except UserError as exc:
        print(f"hubbot: error: {exc}", file=sys.stderr)
        return exit_code(exc)
    except HubbotError as exc:
        print(f"hubbot: {exc}", file=sys.stderr)
        for note in getattr(exc, "__notes__", ()):      # what the failure led to (the bot now disabled)
            print(f"hubbot: {note}", file=sys.stderr)
        return exit_code(exc)
    except KeyboardInterrupt:
        print("hubbot: interrupted; pages already saved stay saved, nothing is half-written.", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:   # a bug: say so plainly; the traceback only with --verbose
        log.debug("unexpected error", exc_info=exc)
        print(f"hubbot: internal error ({type(exc).__name__}: {exc}); nothing further was saved. "
              "Rerun with --verbose and report it.", file=sys.stderr)
        return EXIT_FAILED


def parse_now(value: str | None) -> datetime:
    """--now: an ISO date-time (UTC when no zone is given), or the current time."""
    if not value:
        return datetime.now(timezone.utc)
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UserError("--now", f"{value!r} is not an ISO date-time.", "write e.g. 2026-11-25T12:00:00Z.") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def load_config(path) -> Config:
    """Read a config and check it in two stages: its shape (bot.config), then its meaning (the kinds)."""
    return check_config(config_module.load_config(path))


def make_gateway(config: Config, *, family: str | None = None, code: str | None = None, user: str | None = None):
    """The live wiki: the config's site:, or what the operator names (-family:, -lang:, -user:)."""
    from bot.wiki.pywikibot import PywikibotGateway
    site = config.site
    shown = sys.stderr.isatty() and log.isEnabledFor(logging.INFO)
    return PywikibotGateway(family or (site.family if site else None), code or (site.code if site else None),
                            user=user, progress=_progress if shown else None)


def _progress(done: int, total: int) -> None:
    """A one-line progress display on a terminal (never in logs or pipes)."""
    end = "\n" if done >= total else ""
    print(f"\rreading pages: {done}/{total}", end=end, file=sys.stderr, flush=True)


def state_dir_of(config: Config, override: str | Path | None = None) -> Path:
    """The state folder, created; one that cannot be made is exit 2 naming --state-dir or the config key."""
    from bot.inputs import usable_directory
    if override:
        return usable_directory(override, "--state-dir")
    return usable_directory(config.state_dir, f"{config.path}: state_dir")


def for_account(config: Config, gateway) -> Config:
    """The config with ``{account}`` in its titles filled with the bot account the gateway logs in as (or
    would: a dry run without login uses user-config.py's name); exit 2 when no account is known."""
    if not config.uses_account:
        return config
    account = gateway.account_name
    if not account:
        raise UserError(config.path, "uses {account} in page titles, but no bot account is known.",
                        "log in (leave out --no-login), or name the account in user-config.py (usernames[...]).")
    return config.for_account(account)


def check_rights(gateway, needs: list) -> None:
    """Stop with exit 2 (nothing written) when the logged-in account lacks a right the command needs, naming
    the right, the pages and the BotPassword grant (bot.logic.rights); an anonymous dry run is not checked.

    Without ``createpage``, which of the pages to create exist already is asked (``prop=info``, one request per
    50 titles, before anything else is read: the run has read nothing yet): only those missing are named, and
    when every one exists nothing needs the right."""
    from bot.logic import rights as rights_logic
    answer = gateway.account_rights() if gateway.user else None
    if answer is None:          # an anonymous dry run, or no account to ask (an offline export)
        return
    rights, groups = answer
    needs = list(needs) + rights_logic.flag_needs(groups)
    absent = rights_logic.missing(needs, rights)
    to_create = rights_logic.creating(absent)
    if to_create is not None:
        try:
            absent = rights_logic.only_to_create(absent, gateway.page_revisions(list(to_create.pages)))
        except TransientError as exc:      # not known: every page is named, as one that may need creating
            log.info("which pages exist was not asked (%s); every page to create is named", exc)
    if absent:
        problem, fix = rights_logic.message(gateway.user, absent, gateway.login_file)
        raise UserError(f"wiki {gateway.description}", problem, fix)
    warning = rights_logic.flag_warning(gateway.user, rights, groups)
    if warning:
        log.warning("%s", warning)


def run_lock(config: Config, state_dir: Path) -> RunLock:
    return RunLock(state_dir, lease=config.safety.lock_lease, wait=config.safety.lock_wait)


# -- sync ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SyncRequest:
    only: tuple[str, ...] = ()
    dry_run: bool = False
    allow_large_removal: bool = False
    report_path: Path | None = None
    state_dir: Path | None = None
    now: datetime | None = None
    full: bool = False                   # read every hub page (else only those changed since the last run)
    offline: Path | None = None          # a Special:Export file instead of the wiki
    output_dir: Path | None = None       # where an offline run writes pages
    busy_raises: bool = False            # another run holds the lock: raise LockBusy (watch retries), not skip
    scheduled: bool = False              # started by the scheduler: editors' stop and a disabled bot exit 0


def logged_in(config: Config, args=None) -> Callable[[], object]:
    """How a run reaches the live wiki: the config's site, overridden by the command line's
    -family:/-lang:/-user: (``args``, as for sync), logged in (a dry run too)."""
    def connect():
        gateway = make_gateway(config, family=getattr(args, "family", None), code=getattr(args, "lang", None),
                               user=getattr(args, "user", None))
        gateway.login()
        return gateway
    return connect


def sync(config: Config, request: SyncRequest, *, gateway=None, connect: Callable[[], object] | None = None,
         sleep: Callable[[float], None] | None = None, out: Callable[[str], None] = print,
         clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> int:
    """Run the configured outputs once: fetch, parse, plan, execute, report. Returns the exit code.

    ``gateway`` is a wiki already connected (the demo's); otherwise ``connect()`` makes one, under the
    run's lock, so an unreachable wiki counts as a failed run of this state directory. ``clock``: the time
    the run starts (the state keeps it, and ``request.now`` as the time it ran as when that is another).
    """
    for name in request.only:
        config.output(name)                       # unknown names fail before anything else
    state_dir = state_dir_of(config, request.state_dir)
    started, timer = clock(), time.monotonic()
    now = request.now or started
    try:
        lock = run_lock(config, state_dir).acquire()
    except LockBusy as exc:
        if request.busy_raises:
            raise
        out(str(exc))
        log.info("action=skipped reason=%r", str(exc))
        return EXIT_OK
    try:
        if lock.took_over:
            log.warning("took over a stale lock left by a run that stopped (%s)", lock.took_over)
        if request.offline:
            from bot.wiki.offline import OfflineGateway
            gateway = OfflineGateway(request.offline, request.output_dir)
            config = for_account(config, gateway)
            state = State(state_dir / "offline-state.json")   # an offline run never touches the real state
            dry_run = False
            was_disabled = state.disabled
        else:
            state = State.load(state_dir)
            dry_run = request.dry_run
            was_disabled = state.disabled
            if request.scheduled and state.disabled_reported:
                log.warning("action=skipped reason='hubbot is disabled after %d failed runs in a row and its errors "
                            "page says so; nothing was read or edited' fix='check the cause, then %s'",
                            state.consecutive_failures, state.reset_command(config.path, config.state_dir))
                return EXIT_OK
            if gateway is None:
                try:
                    gateway = (connect or logged_in(config))()
                except WikiUnreachable as exc:     # the wiki failed: a failed run (read-only, its pause, is not)
                    if not dry_run and not state.disabled:
                        from bot.pipeline.record import record_unreachable
                        record_unreachable(state, config, started, f"{exc.where}: {exc.problem}", as_of=now)
                        if state.disabled:          # this run disabled the bot: its last line says so
                            exc.add_note(now_disabled(config, state))
                    elif state.disabled:            # disabled before: the wiki's failure is not the whole story
                        exc.add_note(still_disabled(config, state))
                    raise
            from bot.logic.rights import sync_needs
            config = for_account(config, gateway)           # User:{account}/... is the logged-in bot's
            check_rights(gateway, sync_needs(config))       # before anything is written, by a dry run too
            if not isinstance(gateway, RecordingGateway):   # `watch` tells the bot's own edits by these
                gateway = RecordingGateway(gateway, SavedOutputs.load(state_dir).record)
        run = Run(config, gateway, now=now, started=started, state=state, dry_run=dry_run, full=request.full,
                  allow_large_removal=request.allow_large_removal, emit=lambda d: out(d.rstrip("\n")),
                  still_locked=lock.check, **({"sleep": sleep} if sleep else {}))
        try:
            report = run.run(list(request.only) or None)
        except ShutoffError as exc:
            if not request.scheduled:
                raise
            log.warning("action=skipped reason=%r", str(exc))    # the editors' choice: no failure, no e-mail
            return EXIT_OK
        except KeyboardInterrupt:
            report = run.report
            in_flight = run.executor.in_flight
            report.messages.append("interrupted (SIGINT): pages already saved stay saved"
                                   + (f"; a save of {in_flight} was in flight: check its history" if in_flight else "")
                                   + ".")
            log.warning("action=interrupted%s", f" page={in_flight}" if in_flight else "")
            _write_report(report, request.report_path)
            raise
    finally:
        lock.release()
    report.run = {"started": started.isoformat(timespec="seconds"), "now": now.isoformat(timespec="seconds"),
                  "wiki": gateway.description, "account": gateway.user,
                  "dry_run": bool(dry_run), "duration_seconds": round(time.monotonic() - timer, 1)}
    if request.offline:
        gateway.write_summary(report)
    print_report(report, gateway, out)
    if not dry_run and state.disabled and not was_disabled:    # this run disabled the bot: its last line says so
        note = now_disabled(config, state)
        report.messages.append(note)
        out(note)
    _write_report(report, request.report_path)
    if request.scheduled and report.disabled and not report.failed:
        return EXIT_OK     # the run that disabled the bot failed (one e-mail); saying so again is no failure
    return report.exit_code


def now_disabled(config: Config, state: State) -> str:
    """What the run that disabled the bot says last (its report's last line, or after its error on stderr)."""
    runs = state.consecutive_failures
    return (f"hubbot is now disabled after {runs} failed run{'' if runs == 1 else 's'} in a row: "
            f"{state.disabled_cause}; run "
            f"`{state.reset_command(config.path, config.state_dir)}` once the cause is fixed.")


def still_disabled(config: Config, state: State) -> str:
    """What a run of a bot disabled before says after its error (the wiki still cannot be reached)."""
    runs = state.consecutive_failures
    since = f" since {state.disabled_since}" if state.disabled_since else ""
    return (f"hubbot is disabled{since}, after {runs} failed run{'' if runs == 1 else 's'} in a row: "
            f"{state.disabled_cause or 'see `hubbot status`'}; run "
            f"`{state.reset_command(config.path, config.state_dir)}` once the cause is fixed.")


def _write_report(report: Report, path: Path | None) -> None:
    if path:
        Path(path).write_text(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n")


def print_report(report: Report, gateway, out: Callable[[str], None] = print) -> None:
    lines: dict[str, int] = {}          # a page's lists saved in one edit say it once, with their count
    for o in report.outputs:
        detail = f" (rev {o.revid})" if o.revid and o.status is Status.EDITED else ""
        why = f": {o.reason}" if o.reason else (f": {o.summary}" if o.summary else "")
        owner = f" [who can fix it: {o.owner}]" if o.status.not_written and o.owner else ""
        line = f"{o.page}: {o.action}{detail}{why}{owner}"
        lines[line] = lines.get(line, 0) + 1
    for line, count in lines.items():
        out(line + (f" ({count} outputs)" if count > 1 else ""))
    for message in report.messages:
        out(message)
    out(f"hubs: {report.hubs}, problems: {report.problems}, pages read: {report.pages_read}, "
        f"API requests: {report.requests}, edits: {report.edits} ({gateway.description})")
    if report.run:
        run = report.run
        out(f"run: started {run['started']}" + (f" as of {run['now']}" if run["now"] != run["started"] else "")
            + f", account {run['account'] or '(not logged in)'}, {'dry run' if run['dry_run'] else 'saving'}, "
            f"{run['duration_seconds']} s")


def reset(config: Config, state_dir: Path | None = None) -> Path:
    state_dir = state_dir_of(config, state_dir)
    with run_lock(config, state_dir):
        state = State.load(state_dir)
        state.reset()
        state.save()
    return state.path


# -- publish-templates ------------------------------------------------------------------
def write_pages(config: Config | None, gateway, plans: list[tuple[str, Callable]], *, dry_run: bool,
                emit: Callable[[str], None] = print,
                revids: dict[str, int] | None = None) -> list[tuple[str, Status, str]]:
    """Execute one plan per page (title, plan function of the page as read): (title, status, reason) each;
    ``revids`` gets the revision each page saved or found unchanged ends at."""
    safety = config.safety if config else SafetyConfig()

    guard = ShutoffGuard(config, gateway) if config else None
    if guard:
        guard.check({})                     # read now: nothing is published when editors said stop
    executor = Executor(gateway, dry_run=dry_run, max_edits=safety.max_edits_per_run,
                        emit=lambda d: emit(d.rstrip("\n")), guarded=guard.titles if guard else (),
                        before_save=lambda latest: guard and guard.check(latest, f"stopped after {executor.edits} edits"))
    pages = gateway.read_pages([title for title, _ in plans])
    done = []
    for title, plan_fn in plans:
        result = executor.execute(plan_fn(pages[title]), plan_fn)
        refusal = next((s for s in result.plan.sections if s.status), None)
        if revids is not None and result.revid and not refusal and result.status in (Status.EDITED, Status.UNCHANGED):
            revids[title] = result.revid
        if refusal and result.status is Status.UNCHANGED:
            done.append((title, refusal.status, refusal.reason + (f" Fix: {refusal.fix}" if refusal.fix else "")))
        else:
            done.append((title, result.status, result.reason or (f"rev {result.revid}" if result.revid and
                                                                  result.status is Status.EDITED else "")))
    return done


def publish_templates(gateway, config: Config | None = None, *, dry_run: bool = False,
                      state_dir: Path | None = None, emit: Callable[[str], None] = print,
                      overwrite_community_edits: bool = False) -> list[tuple[str, str]]:
    """Keep every template page equal to its file under templates/ (no edit when unchanged), but never
    over someone else's edit since hubbot published the page (bot.logic.publishing): that page is refused,
    with the diff and the editors, unless ``overwrite_community_edits``. The revision published is kept in
    STATE_DIR/published.json, and a digest of its source in state.json (``published_sources``: every sync
    warns while this hubbot's differs). Every page not published is emitted with the reason; (title, action)
    each."""
    from bot.logic.infobox_checks import published_text, published_title   # the vocabulary: from the parser
    from bot.logic.rights import pages_needs
    config = for_account(config, gateway) if config is not None else None
    state = state_dir_of(config, state_dir) if config is not None else (Path(state_dir) if state_dir else None)
    published = read_published(state)

    def plan(base, title: str, text: str, summary: str, source: str) -> PagePlan:
        planned = plan_whole_text(title, base, text, summary)
        if planned.text is None or not base.exists or overwrite_community_edits:
            return planned
        edits = community_edits(gateway.page_history(title), published.get(title), gateway.user or "HubBot")
        if not edits:
            return planned
        reason, fix = publishing_refusal(title, edits, published.get(title), source)
        emit(unified_diff(base, text).rstrip("\n"))
        return PagePlan(title, base, None, sections=(SectionResult(
            OutputConfig(name="publish-templates", kind="template", page=title), Status.REFUSED, reason, fix,
            "operator"),))

    plans = []
    category = config.hubs.tracking_category if config is not None else HubsConfig.tracking_category
    report = report_output(config.outputs) if config is not None else None
    errors_page, account = (report.page if report else "") or "", gateway.account_name or ""
    for title, path in template_pages():
        title, text = published_title(title, category), published_text(path, category, errors_page, account)
        summary = f"hubbot: publish {title} from templates/{path.name}"
        plans.append((title, lambda base, t=title, x=text, s=summary, f=f"templates/{path.name}": plan(base, t, x, s, f)))
    if config is not None and config.translation is not None:     # the labels translators translate (issue 25)
        from bot.logic.labels import labels_page_text
        title, text = config.translation.labels, labels_page_text()
        summary = f"hubbot: publish {title}, the words of generated lists for translators (bot/logic/labels.py)"
        plans.append((title, lambda base, t=title, x=text, s=summary: plan(base, t, x, s, "bot/logic/labels.py")))
        plans += labels_documentation(gateway, title, plan, emit)
    titles = [title for title, _ in plans]
    check_rights(gateway, pages_needs(titles, titles))
    revids: dict[str, int] = {}
    if config is None:
        done = write_pages(None, gateway, plans, dry_run=dry_run, emit=emit, revids=revids)
    else:
        with run_lock(config, state):
            history = State.load(state)            # a damaged state.json stops here, before any edit
            done = write_pages(config, gateway, plans, dry_run=dry_run, emit=emit, revids=revids)
            published_now = {title: digest for title, digest in source_digests(config).items() if title in revids}
            if not dry_run and {**history.published_sources, **published_now} != history.published_sources:
                history.data["published_sources"] = dict(sorted({**history.published_sources,
                                                                 **published_now}.items()))
                history.save()
    for title, status, reason in done:
        if status in NOT_PUBLISHED:
            emit(f"{title}: not published: {reason}")
    if state is not None and not dry_run and revids and {**published, **revids} != published:
        write_published(state, {**published, **revids})
    return [(title, status.value) for title, status, _ in done]


def labels_documentation(gateway, labels_page: str, plan: Callable, emit: Callable[[str], None]) -> list:
    """The plans of each label's documentation for translators (``Translations:LABELS/KEY/qqq``, shown beside the
    unit in Special:Translate; bot.logic.labels.documentation_pages), published like a template page (a
    translation administrator's edit is not overwritten), once Translate takes them: the labels page marked with
    every unit (one request: its statistics). Before that, one line says why and when they come."""
    from bot.logic.labels import documentation_pages, documentation_refusal
    pages = documentation_pages(labels_page)
    why = documentation_refusal(labels_page, gateway.translation_progress(labels_page))
    if why:
        emit(f"Translations:{labels_page}/KEY/qqq (the documentation of {len(pages)} labels for translators): not "
             f"published yet: {why}. publish-templates publishes them once a translation administrator has marked "
             f"{labels_page} for translation.")
        return []
    summary = "hubbot: publish the documentation of a label for translators (bot/logic/labels.py)"
    return [(title, lambda base, t=title, x=text: plan(base, t, x, summary, "bot/logic/labels.py"))
            for title, text in pages.items()]


PUBLISHED = "published.json"     # in the state dir: page -> the revision publish-templates published
NOT_PUBLISHED = (Status.REFUSED, Status.BLOCKED, Status.FAILED)
PUBLISH_FAILED = ("blocked", "failed")   # the wiki did not take the page (protected, read-only, down): exit 1


def read_published(state_dir: Path | None) -> dict[str, int]:
    if state_dir is None:
        return {}
    try:
        data = json.loads((state_dir / PUBLISHED).read_text(encoding="utf-8"))
        return {str(k): int(v) for k, v in data.items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}           # lost or damaged: hubbot's own latest revision of each page stands in


def write_published(state_dir: Path, revids: dict[str, int]) -> None:
    state_dir.mkdir(parents=True, exist_ok=True)
    tmp = state_dir / (PUBLISHED + ".tmp")
    tmp.write_text(json.dumps(dict(sorted(revids.items())), indent=1) + "\n", encoding="utf-8")
    tmp.replace(state_dir / PUBLISHED)     # atomic


def print_pages(done: list[tuple[str, Status, str]], out: Callable[[str], None] = print) -> int:
    for title, status, reason in done:
        out(f"{title}: {status.value}{': ' + reason if reason else ''}")
    return EXIT_FAILED if any(status is Status.FAILED for _, status, _ in done) else EXIT_OK


# -- import-directory --apply -------------------------------------------------------------
def apply_infoboxes(config: Config, gateway, source: str, records, *, dry_run: bool,
                    state_dir: Path | None = None, out: Callable[[str], None] = print) -> int:
    """Add the proposed infobox at the top of each linked hub page that has none (one edit each)."""
    from bot.parsing.directory_table import proposed_infobox
    config = for_account(config, gateway)
    user = gateway.user or "HubBot"
    plans: list[tuple[str, Callable[..., PagePlan]]] = []
    for r in records:
        if not r.hub_page:
            continue
        box = proposed_infobox(r, config.hubs.template)
        summary = f"hubbot: add {{{{{config.hubs.template}}}}} from [[{source}]] row {r.row} ({r.scope[:80]})"
        plans.append((r.hub_page, lambda base, t=r.hub_page, b=box, s=summary:
                       plan_infobox_addition(t, base, b, config.hubs.template, s, user)))
    from bot.logic.rights import pages_needs
    check_rights(gateway, pages_needs([title for title, _ in plans], []))
    with run_lock(config, state_dir_of(config, state_dir)):
        done = write_pages(config, gateway, list(dict(plans).items()), dry_run=dry_run, emit=out)
    code = print_pages(done, out)
    out(f"infoboxes added: {sum(status is Status.EDITED for _, status, _ in done)}")
    return code
