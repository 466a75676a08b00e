"""One sync run, top to bottom: FETCH -> PARSE -> PLAN -> EXECUTE -> REPORT.

Only the gateway talks to the wiki; parsing and planning are pure
(bot.parsing, bot.planner), the executor only saves plans (bot.executor).
The errors page is planned last, from every outcome of this run and the last
known outcome of the outputs that did not run. One failing page is reported
and the run goes on; the on-wiki shutoff page stops everything (it is checked
at the start and before every save).
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import asdict
from datetime import datetime
from typing import Callable, Mapping, Sequence

from bot import incremental
from bot import lists as lists_module
from bot.config import Config, OutputConfig
from bot.errors import ShutoffError, TransientError
from bot.executor import Executor, PageResult
from bot.incremental import HubRead
from bot.logic import report as errors_page
from bot.logic.hub_pages import duplicate_names, parse_hub, vanished
from bot.logic.kinds import content_outputs, kind_of, report_output
from bot.logic.outputs import RunData
from bot.logic.maps import map_titles, missing_files, missing_maps
from bot.logic.quiet import Inputs, Quiet, digest, errors_fingerprint, listing_digest
from bot.models import PageText, TranslationProgress
from bot.outcomes import Outcome, Report, Status
from bot.parsing.directory_table import parse_directory
from bot.planner import LANGUAGE_SUBPAGE, Context, PagePlan, Section, plan_page
from bot.state import State
from bot.wiki.gateway import Gateway

log = logging.getLogger("hubbot")

SHUTOFF_OK = {"", "true", "run", "yes", "on"}


# -- the shutoff page -----------------------------------------------------------------
def shutoff_reason(page: PageText | None) -> str | None:
    """None when the bot may run; else the page's text, quoted for the operator."""
    if page is None or not page.exists:
        return None
    text = re.sub(r"<!--.*?-->", "", page.text, flags=re.S).strip()
    if text.lower() in SHUTOFF_OK:
        return None
    return text[:200]


def check_shutoff(config: Config, page: PageText | None, done: str = "nothing was edited") -> None:
    """Raise ShutoffError (exit 3) when the configured shutoff page says stop, quoting it."""
    reason = shutoff_reason(page)
    if reason is not None:
        raise ShutoffError(f"the shutoff page {config.safety.shutoff_page} says {reason!r}; {done}. "
                           "Empty it (or write 'run') to let the bot run again.")


class ShutoffGuard:
    """The shutoff page, checked before every save at no request of its own.

    The executor asks the page's latest revision together with the saved page's, in the one
    ``prop=info`` request that checks the base revision; the shutoff page's text is read again only
    when its revision is not the one last read. A save therefore costs 2 requests, not 3.
    """

    def __init__(self, config: Config, gateway: Gateway) -> None:
        self.config = config
        self.gw = gateway
        self.title = config.safety.shutoff_page
        self.revid: int | None | str = "unread"

    @property
    def titles(self) -> tuple[str, ...]:
        return (self.title,) if self.title else ()

    def seen(self, page: PageText | None) -> None:
        """The shutoff page as the run read it (and checked it)."""
        if page is not None:
            self.revid = page.revid if page.exists else None

    def check(self, latest: Mapping[str, int | None], done: str = "nothing was edited") -> None:
        """Stop (ShutoffError) if the page says so; ``latest``: revision ids just asked, this page's among them."""
        if not self.title or (self.title in latest and latest[self.title] == self.revid):
            return
        page = self.gw.read_pages([self.title])[self.title]
        check_shutoff(self.config, page, done)
        self.seen(page)


def no_hubs_warning(config: Config, hubs: Sequence) -> str | None:
    """Said in every run that finds no hub: most likely the template is not published yet, or its name in
    the config is wrong (a first run on Meta before the deploy order's first two steps)."""
    if hubs:
        return None
    return (f"no page uses {{{{{config.hubs.template}}}}}, so every list is empty: publish Template:"
            f"{config.hubs.template} (hubbot publish-templates) and add infoboxes to the hub pages, or correct "
            "hubs.template in the config.")


def missing_shutoff_warning(config: Config, page: PageText | None) -> str | None:
    if config.safety.shutoff_page and page is not None and not page.exists:
        return (f"the shutoff page {config.safety.shutoff_page} does not exist, so editors cannot stop the bot. "
                "Create it (empty, or 'run'), or correct safety.shutoff_page in the config.")
    return None


# -- hubs -----------------------------------------------------------------------------
def hub_titles(found: Sequence[str], prefix: str) -> list[str]:
    """Hub pages from the transclusion list: prefix filter, translation copies left out."""
    titles = [t for t in found if t.startswith(prefix)] if prefix else list(found)
    present = set(titles)
    out = []
    for title in titles:
        m = LANGUAGE_SUBPAGE.match(title)
        if m and m.group("base") in present:
            continue   # Hub/fr is a translation of Hub: one hub, not two
        out.append(title)
    return sorted(out)


def shrinking_source(count: int, last: int | None, max_fraction: float) -> str | None:
    """Why a hub list much smaller than last run's is not trusted (None: it is)."""
    if count == 0 and (last or 0) > 0:
        return f"no hub pages were found (last run: {last}); nothing was replaced."
    if last and count < last * (1 - max_fraction):
        return f"only {count} hub pages were found, against {last} last run; the lists were not shrunk."
    return None


def pages_and_outputs(outputs: Sequence[OutputConfig]) -> dict[str, list[OutputConfig]]:
    """Outputs grouped by page, in config order: each page is planned and saved once."""
    grouped: dict[str, list[OutputConfig]] = {}
    for out in outputs:
        grouped.setdefault(out.page, []).append(out)
    return grouped


class Run:
    def __init__(self, config: Config, gateway: Gateway, *, now: datetime, state: State,
                 dry_run: bool = False, allow_large_removal: bool = False,
                 sleep: Callable[[float], None] = time.sleep, retries: int = 3,
                 emit: Callable[[str], None] | None = None,
                 still_locked: Callable[[], None] = lambda: None, full: bool = False) -> None:
        self.config = config
        self.gw = gateway
        self.now = now
        self.state = state
        self.dry_run = dry_run
        self.allow_large_removal = allow_large_removal
        self.full = full              # read every hub page, not only those changed since the last run
        self.report = Report()
        self.shutoff = ShutoffGuard(config, gateway)
        self.executor = Executor(gateway, dry_run=dry_run, max_edits=config.safety.max_edits_per_run,
                                 retries=retries, sleep=sleep, emit=emit or (lambda text: None),
                                 before_save=self._before_save, guarded=self.shutoff.titles)
        self._still_locked = still_locked
        counters = gateway.counters        # a gateway may have worked before this run (the demo publishes first)
        self._start = (counters.pages_read, counters.requests, counters.edits)
        self.results: list[PageResult] = []
        self.watched: list[str] = []          # hub pages, and those MediaWiki stopped seeing (bot.logic.hub_pages)
        self.quiet = Quiet.from_json(state.data.get("quiet")) if state.data.get("quiet") else Quiet()
        self.inputs: Inputs | None = None     # what this run's outputs depend on (bot.logic.quiet)
        self.known_first: dict | None = None  # the inputs known before any page is read (bot.logic.quiet)
        self.page_outcomes: dict[str, list[Outcome]] = {}   # page -> the outcomes reported for it
        self.translations_asked: dict[str, TranslationProgress] = {}
        self.maps_checked: dict[str, bool] = {}
        self.map_files: list[str] = []
        self.selected: list[OutputConfig] = list(config.outputs)
        self.disabled_notice_saved = False    # the errors page says the bot stopped (saved or already there)

    def _before_save(self, latest: Mapping[str, int | None]) -> None:
        self._still_locked()
        self.shutoff.check(latest, f"stopped after {self.executor.edits} edits")

    # -- the run ------------------------------------------------------------
    def run(self, only: Sequence[str] | None = None) -> Report:
        cfg = self.config
        selected = [cfg.output(n) for n in only] if only else list(cfg.outputs)
        self.selected = selected
        content = content_outputs(selected)

        list_titles = self.discover_lists(not only or bool(content))           # on-wiki {{Hub list}}s
        listed = incremental.list_hubs(self.gw, cfg.hubs.template, cfg.hubs.namespaces, self.select_hubs)
        if listed is not None:
            self.known_first = self.basics(listed, list_titles)
            if not self.full and not self.state.disabled:
                quiet = self.nothing_new(selected, content, list_titles, listed)  # the common case
                if quiet is not None:
                    return quiet
        read, pages = self.fetch(list_titles, listed)                         # FETCH
        try:
            return self.plan_and_write(selected, content, list_titles, read, pages)
        finally:
            read.keep_cache()                       # after the saves, whatever happened to them

    def plan_and_write(self, selected: list[OutputConfig], content: list[OutputConfig],
                       list_titles: Sequence[str], read: HubRead, pages: dict[str, PageText]) -> Report:
        cfg = self.config
        shutoff = pages.get(cfg.safety.shutoff_page) if cfg.safety.shutoff_page else None
        check_shutoff(cfg, shutoff)
        self.shutoff.seen(shutoff)
        data = self.parse(read, pages, content)                               # PARSE
        warnings = tuple(w for w in (missing_shutoff_warning(cfg, shutoff), no_hubs_warning(cfg, data.hubs)) if w)
        for warning in warnings:
            log.warning("%s", warning)
            self.report.messages.append(f"warning: {warning}")
        if read.listed is not None:
            self.inputs = self.run_inputs(read.listed, list_titles, {t: pages[t].revid for t in pages},
                                          self.maps_checked, self.watched)

        source_problem = None if self.allow_large_removal else shrinking_source(
            len(data.hubs), self.state.last_hub_count, cfg.safety.max_removal_fraction)
        ctx = Context(now=self.now, user=self.gw.user or "HubBot", hubs=tuple(data.hubs), pages=pages,
                      task_page=cfg.task_page,
                      snapshots=self.state.snapshots,
                      max_removal_fraction=cfg.safety.max_removal_fraction,
                      allow_large_removal=self.allow_large_removal, source_problem=source_problem,
                      max_bytes=self.gw.max_page_bytes, owned=self.owned_pages(),
                      list_sections=self.list_sections(list_titles, data.shown_hubs, source_problem))
        if self.state.disabled:
            return self.disabled(selected, pages, data, ctx, warnings)
        for title, outs in pages_and_outputs(content).items():               # PLAN + EXECUTE
            self.write(title, outs, pages[title], self.render(outs, data), ctx)
        self.write_lists(list_titles, pages, ctx)

        report_out = report_output(selected) or self.report_needed(cfg)
        if report_out:                                                         # the errors page, last
            self.write_report(report_out, pages, data, ctx, warnings)
        return self.finish(hub_count=None if source_problem else len(data.hubs))   # REPORT

    # -- nothing new: no page text read, nothing planned (bot.logic.quiet) ------------------------
    def run_inputs(self, listed: dict[str, int], list_titles: Sequence[str], revids: dict[str, int | None],
                   maps: dict[str, bool], hub_pages: Sequence[str]) -> Inputs:
        """What every output of this run depends on, besides the pages it writes. ``hub_pages``: the hub
        pages watched after the run (a deleted or moved hub, named in a summary only, is no longer one)."""
        written = self.written_pages(list_titles)
        unlisted = [t for t in hub_pages if t not in listed]
        # A directory-check may read a directory this bot writes: that page is an input too.
        sources = {o.source for o in self.config.outputs if o.source and kind_of(o).needs_source}
        others = [t for t in self.read_only_pages(list_titles) + unlisted if t not in written or t in sources]
        return Inputs(self.known_first,
                      {t: revids.get(t) for t in sorted(set(others))}, dict(sorted(maps.items())))

    def page_fingerprints(self, inputs: Inputs, titles: Sequence[str], outputs: Sequence[OutputConfig],
                          replaced) -> dict[str, str]:
        """Per page: the fingerprint of what it is planned from (its outputs' translation progress, and
        for the errors page what earlier runs remembered)."""
        report = report_output(self.config.outputs)
        found = {}
        for title in titles:
            progress = {page: incremental.encode(self.translations_asked[page])
                        for o in outputs if o.page == title and kind_of(o).needs_translations
                        for page in o.translations if page in self.translations_asked}
            found[title] = inputs.fingerprint(progress)
            if report and title == report.page:
                found[title] = self.errors_fingerprint(found[title], self.selected, replaced)
        return found

    def basics(self, listed: dict[str, int], list_titles: Sequence[str]) -> dict:
        """The inputs known before any page is read (compared first: a changed hub costs no more)."""
        return {"code": incremental.program_fingerprint(), "config": digest(repr(self.config)),
                "date": self.now.date().isoformat(), "user": self.gw.user, "max_bytes": self.gw.max_page_bytes,
                "hubs": listing_digest(listed), "lists": sorted(list_titles),
                "allow_large_removal": self.allow_large_removal}

    def written_pages(self, list_titles: Sequence[str]) -> set[str]:
        lists = self.config.lists
        return {o.page for o in self.config.outputs} | set(list_titles) | ({lists.notices} if lists else set())

    def read_only_pages(self, list_titles: Sequence[str] = ()) -> list[str]:
        """Pages a run reads and never writes: translation bases, the shutoff page, hand-kept directories."""
        cfg = self.config
        targets = [o.page for o in cfg.outputs]
        bases = [m.group("base") for t in [*targets, *list_titles] if (m := LANGUAGE_SUBPAGE.match(t))]
        extra = [cfg.safety.shutoff_page] if cfg.safety.shutoff_page else []
        sources = [o.source for o in cfg.outputs if o.source and kind_of(o).needs_source]
        return list(dict.fromkeys(bases + extra + sources))

    def errors_fingerprint(self, common: str, selected: Sequence[OutputConfig], replaced) -> str:
        """The errors page also shows earlier runs' rows for outputs not run now, and replaced text."""
        ran = {o.name for o in selected}
        configured = [o.name for o in content_outputs(self.config.outputs) if o.name not in ran]
        rows = errors_page.not_written([], self.state.last_outcomes(), configured, self.now.date().isoformat())
        return errors_fingerprint(common, [incremental.encode(r) for r in rows],
                                  [incremental.encode(r) for r in replaced])

    def nothing_new(self, selected: list[OutputConfig], content: list[OutputConfig], list_titles: Sequence[str],
                    listed: dict[str, int]) -> Report | None:
        """The report of a run with nothing new (every page it would write is as it would write it),
        from the revision ids of the pages alone; None when something may have changed."""
        cfg = self.config
        quiet = self.quiet
        if not quiet.may_be_quiet(self.known_first):
            return None
        if not self.allow_large_removal and shrinking_source(quiet.hubs, self.state.last_hub_count,
                                                             cfg.safety.max_removal_fraction):
            return None
        unlisted = [t for t in self.state.data.get("hub_pages", []) if t not in listed]
        report = report_output(selected)
        wanted_pages = list(dict.fromkeys([o.page for o in content] + list(list_titles)
                                          + ([report.page] if report else [])))
        try:
            revids = self.gw.page_revisions(wanted_pages + [t for t in self.read_only_pages(list_titles) + unlisted
                                                            if t not in wanted_pages])
            for page in dict.fromkeys(t for o in content if kind_of(o).needs_translations for t in o.translations):
                self.translation_progress(page)
            maps = self.gw.files_exist(quiet.maps) if quiet.maps else {}
        except TransientError as exc:
            log.info("could not check for changes without reading pages (%s); reading them", exc)
            return None
        # Pages without text are left out: a list page or notices module that does not exist is not written.
        pages = [t for t in wanted_pages
                 if revids.get(t) is not None or t in {o.page for o in content} or (report and t == report.page)]
        inputs = self.run_inputs(listed, list_titles, revids, maps, self.state.data.get("hub_pages", []))
        replaced = errors_page.recent_replaced(self.state.data.get("replaced", []), self.now)
        if not quiet.unchanged(self.page_fingerprints(inputs, pages, content, replaced), revids):
            return None
        shutoff = cfg.safety.shutoff_page
        warning = missing_shutoff_warning(cfg, PageText(shutoff, "", revids.get(shutoff) is not None)) \
            if shutoff else None
        if warning:
            log.warning("%s", warning)
        log.info("nothing new: %d hub pages and %d other pages have the revisions of the last run",
                 len(listed), len(revids))
        for title in pages:
            for was in quiet.pages[title]["outcomes"]:
                if was["status"] == Status.REFUSED.value:      # the same inputs: the same refusal
                    outcome = Outcome(was["output"], title, Status.REFUSED, was["reason"], was["fix"], was["owner"])
                else:
                    outcome = Outcome(was["output"], title, Status.UNCHANGED, revid=revids[title])
                self.report.outputs.append(outcome)
                log.info("page=%s output=%s action=%s%s revid=%s", title, outcome.output, outcome.action,
                         f" reason={outcome.reason!r}" if outcome.reason else "", revids[title])
        self.report.hubs, self.report.problems = quiet.hubs, quiet.problems
        self.count_requests()
        if not self.dry_run:      # the state file is written when what it remembers changed (a new day)
            keys = ("outcomes", "consecutive_failures", "last_hub_count", "disabled")
            before = json.dumps([self.state.data.get(k) for k in keys], sort_keys=True)
            self.remember_outcomes()
            self.state.record_run(ok=True, hub_count=quiet.hubs, max_failures=cfg.safety.max_consecutive_failures)
            if json.dumps([self.state.data.get(k) for k in keys], sort_keys=True) != before:
                self.state.save()
        return self.report

    # -- fetch and parse ------------------------------------------------------
    def select_hubs(self, found: list[str]) -> list[str]:
        """Hub pages among the pages calling the template (an output page showing it is never a hub)."""
        targets = {o.page for o in self.config.outputs}
        return [t for t in hub_titles(found, self.config.hubs.prefix) if t not in targets]

    def fetch(self, lists: Sequence[str] = (),
              listed: dict[str, int] | None = None) -> tuple[HubRead, dict[str, PageText]]:
        """Hub pages, and every page the run needs, in one batched pass. Only hubs changed since the
        last run are read; the others come parsed from the state dir's cache (bot.incremental)."""
        cfg = self.config
        targets = [o.page for o in cfg.outputs]
        read = incremental.read_hubs(
            self.gw, template=cfg.hubs.template, namespaces=cfg.hubs.namespaces, select=self.select_hubs,
            # every page an output reads (the same whatever --only says: the inputs of bot.logic.quiet)
            other_pages=targets + self.read_only_pages(lists) + list(lists),
            unlisted_pages=self.state.data.get("hub_pages", []),      # hubs that left the list: why?
            parse=lambda title, text: parse_hub(title, text, cfg.hubs.template),
            state_dir=self.state.path.parent, full=self.full, listed=listed)
        return read, read.pages

    def parse(self, read: HubRead, pages: dict[str, PageText], content: list[OutputConfig]) -> RunData:
        """Hubs (parsed by fetch), hand-kept directories, translation progress: what render functions use."""
        cfg = self.config
        self.watched, gone = vanished(self.state.data.get("hub_pages", []), read.titles, pages, cfg.hubs.template)
        self.watched += read.titles
        found = [r.hub for r in read.results if r.hub is not None]
        data = RunData(hubs=found, problems=[p for r in read.results for p in r.problems] + gone
                       + duplicate_names(found), now=self.now, template=cfg.hubs.template)
        for source in dict.fromkeys(o.source for o in content if o.source and kind_of(o).needs_source):
            records, source_problems = parse_directory(source, pages[source].text)
            data.directories[source] = records
            data.problems.extend(source_problems)
        wanted = [t for o in content if kind_of(o).needs_translations for t in o.translations]
        for page in dict.fromkeys(wanted):
            data.translations[page] = self.translation_progress(page)
        files = map_titles(data.hubs)
        self.maps_checked: dict[str, bool] = {}
        if files:   # a map file that does not exist is a problem on the errors page
            try:
                self.maps_checked = self.gw.files_exist(files)
                data.problems.extend(missing_maps(data.hubs, self.maps_checked))
                data.missing_maps = missing_files(data.hubs, self.maps_checked)
            except TransientError as exc:
                log.warning("map files were not checked: %s", exc)
                self.maps_checked = {"(not checked)": False}   # never the inputs of a later run
        self.map_files = sorted(files)
        self.report.hubs, self.report.problems = len(data.hubs), len(data.problems)
        log.info("hubs=%d problems=%d pages_fetched=%d", len(data.hubs), len(data.problems), len(pages))
        return data

    # -- on-wiki lists (bot.lists) -------------------------------------------------------
    def discover_lists(self, wanted: bool) -> list[str]:
        """Pages with on-wiki lists (one transclusion listing), the notices page and translation bases
        (none of them when no page has a list: the notices of lists since removed are shown by no page).

        Lists are written by every run but one limited by --only to the errors page.
        """
        lists = self.config.lists
        if not lists or not wanted:
            return []
        found = lists_module.list_pages(self.gw.transclusions(lists.template, lists.namespaces),
                                        self.config.outputs, lists)
        if not found:
            return []
        bases = [m.group("base") for t in found if (m := LANGUAGE_SUBPAGE.match(t))]
        return list(dict.fromkeys(found + bases + [lists.notices]))

    def list_sections(self, list_titles: Sequence[str], hubs: list, source_problem: str | None):
        """For the planner: the lists of a page as read (None when there are none to plan)."""
        lists = self.config.lists
        pages = set(list_titles) - {lists.notices} if lists else set()
        if not pages:
            return None
        return lambda title, base: (lists_module.list_sections(title, base, lists, hubs, source_problem)
                                    if title in pages else [])

    def write_lists(self, list_titles: Sequence[str], pages: dict[str, PageText], ctx: Context) -> None:
        """Pages that only hold lists (output pages with lists were planned with their outputs), then the
        notices module, written when a list has bad parameters or to clear old notices."""
        lists = self.config.lists
        if not lists or not list_titles:
            return
        outputs = {o.page for o in self.config.outputs}
        list_titles = lists_module.written_list_pages(list_titles, pages, lists)
        for title in list_titles:
            if title not in outputs and title != lists.notices and pages[title].exists:
                self.write(title, [], pages[title], [], ctx)
        found = lists_module.notices(pages, list_titles, lists)
        if found or pages[lists.notices].exists:
            report = report_output(self.config.outputs)
            section = lists_module.notices_section(lists, found, report.page if report else None)
            self.write(lists.notices, [section.output], pages[lists.notices], [section], ctx)

    def translation_progress(self, page: str) -> TranslationProgress:
        """Translate's statistics of a page, asked once per run."""
        if page not in self.translations_asked:
            try:
                self.translations_asked[page] = self.gw.translation_progress(page)
            except TransientError as exc:
                self.translations_asked[page] = TranslationProgress(page, False,
                                                                    note=f"the wiki did not answer ({exc})")
        return self.translations_asked[page]

    def owned_pages(self) -> frozenset[str]:
        """Pages a whole-page output has written (or found unchanged) before, by the state's memory."""
        whole = {o.name for o in self.config.outputs if o.region is None}
        return frozenset(entry["page"] for name, entry in self.state.last_outcomes().items()
                         if name in whole and entry.get("status") in ("edited", "unchanged"))

    def report_needed(self, cfg: Config) -> OutputConfig | None:
        """With --only, the errors page is still written when this run did not write a page, or
        replaced hand-written lines (they must be quoted somewhere)."""
        news = (any(o.status.not_written for o in self.report.outputs)
                or any(r.status is Status.EDITED and r.plan.replaced for r in self.results))
        return report_output(cfg.outputs) if news else None

    # -- plan and execute -------------------------------------------------------
    def render(self, outs: list[OutputConfig], data: RunData) -> list[Section] | Exception:
        try:
            return [Section(o, kind_of(o).render(o, data), kind_of(o)) for o in outs]
        except Exception as exc:      # a bug in a render function: this page only
            log.exception("outputs=%s action=failed reason='internal error while rendering'",
                          ",".join(o.name for o in outs))
            return exc

    def write(self, title: str, outs: list[OutputConfig], base: PageText, sections: list[Section] | Exception,
              ctx: Context) -> PageResult:
        """Plan and execute one page; a bug fails that page only (the shutoff still stops everything)."""
        def replan(page: PageText) -> PagePlan:
            if isinstance(sections, Exception):
                raise sections
            return plan_page(title, page, sections, ctx)
        try:
            result = self.executor.execute(replan(base), replan)
        except (ShutoffError, KeyboardInterrupt):
            raise
        except Exception as exc:
            log.error("page=%s action=failed reason='internal error'", title, exc_info=exc)
            result = PageResult(PagePlan(title, base, None), Status.FAILED,
                                f"internal error ({type(exc).__name__}: {exc}); nothing was saved.",
                                "report it to the bot's maintainers with the run's log.", "bot")
        for outcome in self.outcomes(outs, result):
            self.page_outcomes.setdefault(title, []).append(outcome)
            self.report.outputs.append(outcome)
            log.info("page=%s output=%s action=%s%s%s", outcome.page, outcome.output, outcome.action,
                     f" reason={outcome.reason!r}" if outcome.reason else "",
                     f" revid={outcome.revid}" if outcome.revid else "")
        self.results.append(result)
        return result

    @staticmethod
    def outcomes(outs: list[OutputConfig], result: PageResult) -> list[Outcome]:
        """One outcome per configured output of the page, and per on-wiki list found on it."""
        by_output = {s.output.name: s for s in result.plan.sections}
        lists = [s.output for s in result.plan.sections if s.output.name not in {o.name for o in outs}]
        found = []
        for out in list(outs) + lists:
            section = by_output.get(out.name)
            if section is not None and section.status is not None:
                found.append(Outcome(out.name, out.page, section.status, section.reason, section.fix, section.owner,
                                     kind=out.kind))
            else:
                found.append(Outcome(out.name, out.page, result.status, result.reason, result.fix, result.owner,
                                     revid=result.revid,
                                     summary=result.plan.summary if result.status in (Status.EDITED, Status.WOULD_EDIT)
                                     else "", diff=result.diff, kind=out.kind))
        return found

    def write_report(self, out: OutputConfig, pages: dict[str, PageText], data: RunData, ctx: Context,
                     warnings: tuple[str, ...], disabled: bool = False) -> PageResult:
        configured = [o.name for o in content_outputs(self.config.outputs)]
        now = [] if disabled else self.report.outputs     # disabled: why it stopped, from the runs before
        rows = errors_page.not_written(now, self.state.last_outcomes(), configured, self.now.date().isoformat())
        replaced = self.replaced_now()
        failing = any(o.status is Status.FAILED for o in self.report.outputs)
        count = self.state.consecutive_failures + (0 if disabled else 1)
        disabled_after = count if disabled or (failing and count >= self.config.safety.max_consecutive_failures) else 0
        body = errors_page.errors_body(data.problems, rows, replaced, disabled_after,
                                       warnings, self.config.hubs.tracking_category)
        section = Section(out, body, None, errors_page.errors_summary(data.problems, rows))
        result = self.write(out.page, [out], pages[out.page], [section], ctx)
        if disabled_after and result.status in (Status.EDITED, Status.UNCHANGED):
            self.disabled_notice_saved = True
        return result

    def replaced_now(self) -> list[errors_page.ReplacedText]:
        """Replaced human lines of the last 30 days, this run's saves included."""
        earlier = errors_page.recent_replaced(self.state.data.get("replaced", []), self.now)
        return earlier + [r for res in self.results if res.status is Status.EDITED for r in res.plan.replaced]

    # -- report -------------------------------------------------------------------
    def disabled(self, selected: list[OutputConfig], pages: dict[str, PageText], data: RunData, ctx: Context,
                 warnings: tuple[str, ...]) -> Report:
        """A disabled bot edits nothing but its errors page, to say that it stopped and why (the run that
        disabled it may not have been able to save it: a read-only wiki)."""
        self.report.disabled = True
        self.report.messages.append(
            f"hubbot stopped editing after {self.state.consecutive_failures} failed runs in a row; "
            f"check the errors page and the logs, then run `hubbot reset --config {self.config.path}`.")
        for out in content_outputs(selected):
            self.report.outputs.append(Outcome(out.name, out.page, Status.BLOCKED,
                                               "the bot is disabled after repeated failures.",
                                               f"check the cause, then `hubbot reset --config {self.config.path}`.",
                                               "operator"))
        report_out = report_output(self.config.outputs)
        if report_out:
            self.write_report(report_out, pages, data, ctx, warnings, disabled=True)
        self.count_requests()
        if not self.dry_run:   # a disabled run is not counted: the failure count stays as it was
            self.remember_disabled_notice()
            self.state.save()
        return self.report

    def remember_disabled_notice(self) -> None:
        """Whether the errors page now says that the bot stopped (a config without one: nothing to say):
        scheduled runs of a disabled bot that has said so end at once (bot.app.sync)."""
        if self.state.disabled:
            self.state.data["disabled_reported"] = (self.disabled_notice_saved
                                                    or report_output(self.config.outputs) is None)

    def count_requests(self) -> None:
        """What this run cost the wiki (exact; asserted by the tests)."""
        counters = self.gw.counters
        now = (counters.pages_read, counters.requests, counters.edits)
        self.report.pages_read, self.report.requests, self.report.edits = (n - s for n, s in zip(now, self._start))

    def remember_outcomes(self) -> None:
        """The state keeps the last outcome of every configured output (for the errors page of later runs)."""
        today = self.now.date().isoformat()
        last = self.state.last_outcomes()
        configured = {o.name for o in self.config.outputs}    # on-wiki lists are found again every run
        for outcome in self.report.outputs:
            if outcome.output in configured:
                self.state.set_outcome(outcome.output,
                                       errors_page.remembered(outcome, last.get(outcome.output), today))

    def remember_quiet(self, hub_count: int) -> None:
        """Pages whose outputs all came out edited, unchanged or refused, with what they were planned
        from: the next run with the same inputs reads none of them (bot.logic.quiet)."""
        if self.inputs is None:
            return
        quiet = self.quiet
        titles = [result.plan.title for result in self.results]
        fingerprints = self.page_fingerprints(self.inputs, titles, content_outputs(self.selected), self.replaced_now())
        if quiet.basics != dict(self.inputs.basics):      # another day, code, config or hub set: start afresh
            quiet.pages.clear()
        quiet.basics = dict(self.inputs.basics)
        quiet.hubs, quiet.problems, quiet.maps = hub_count, self.report.problems, self.map_files
        for result in self.results:
            title = result.plan.title
            outcomes = [{"output": o.output, "status": o.status.value, "reason": o.reason, "fix": o.fix,
                         "owner": o.owner} for o in self.page_outcomes.get(title, [])]
            quiet.remember(title, result.revid, fingerprints[title], outcomes)
        self.state.data["quiet"] = quiet.as_json()

    def finish(self, hub_count: int | None) -> Report:
        self.count_requests()
        if self.dry_run:
            return self.report
        state = self.state
        for result in self.results:
            if result.status in (Status.EDITED, Status.UNCHANGED):
                for name, snap in result.plan.snapshots.items():
                    state.set_snapshot(name, snap)
        if hub_count is not None:
            self.remember_quiet(hub_count)
        else:
            state.data.pop("quiet", None)
        self.remember_outcomes()
        if any(res.status is Status.EDITED and res.plan.replaced for res in self.results):
            state.data["replaced"] = [asdict(r) | {"lines": list(r.lines)} for r in self.replaced_now()]
        state.data["hub_pages"] = sorted(self.watched)
        state.record_run(ok=not self.report.failed, hub_count=hub_count,
                         max_failures=self.config.safety.max_consecutive_failures)
        self.remember_disabled_notice()
        state.save()
        return self.report
