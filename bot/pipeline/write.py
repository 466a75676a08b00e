"""PLAN + EXECUTE: each page planned (bot.planner, pure) and saved (bot.executor), one at a time.

Output pages first, in config order; then pages that only hold on-wiki lists and the notices module;
the errors page last, from every outcome of this run and the last known outcome of the outputs that
did not run; one edit of safety.max_edits_per_run is kept for it, so a run that reaches the cap still
says which pages it could not save. One failing page is reported and the run goes on; the on-wiki
shutoff page stops everything (it is checked before every save, at no request of its own).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable, Mapping, Sequence

from bot import lists as lists_module
from bot.config import Config, OutputConfig
from bot.errors import ShutoffError
from bot.executor import Executor, PageResult
from bot.logic import infobox_labels as infobox_i18n
from bot.logic import report as errors_page
from bot.logic.kinds import content_outputs, kind_of, report_output
from bot.logic.outputs import RunData
from bot.logic.safety import check_shutoff
from bot.models import PageText
from bot.outcomes import Outcome, Report, Status
from bot.planner import Context, PagePlan, Section, list_page_refusal, plan_page
from bot.state import State
from bot.wiki.gateway import Gateway

log = logging.getLogger("hubbot")


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


def pages_and_outputs(outputs: Sequence[OutputConfig]) -> dict[str, list[OutputConfig]]:
    """Outputs grouped by page, in config order: each page is planned and saved once."""
    grouped: dict[str, list[OutputConfig]] = {}
    for out in outputs:
        grouped.setdefault(out.page, []).append(out)
    return grouped


class Writer:
    """Plans and saves pages, and keeps what happened to each (the report's outcomes, the results)."""

    def __init__(self, config: Config, gateway: Gateway, state: State, report: Report, *, dry_run: bool,
                 retries: int, sleep: Callable[[float], None], emit: Callable[[str], None],
                 still_locked: Callable[[], None]) -> None:
        self.config = config
        self.state = state
        self.report = report
        self.shutoff = ShutoffGuard(config, gateway)
        # the errors page's one edit is kept: a run that reaches the cap still says what it could not save
        self.executor = Executor(gateway, dry_run=dry_run, max_edits=config.safety.max_edits_per_run,
                                 retries=retries, sleep=sleep, emit=emit, before_save=self._before_save,
                                 guarded=self.shutoff.titles,
                                 reserved=1 if report_output(config.outputs) else 0)
        self._still_locked = still_locked
        self.results: list[PageResult] = []
        self.page_outcomes: dict[str, list[Outcome]] = {}   # page -> the outcomes reported for it
        self.disabled_notice_saved = False    # the errors page says the bot stopped (saved or already there)

    def _before_save(self, latest: Mapping[str, int | None]) -> None:
        self._still_locked()
        self.shutoff.check(latest, f"stopped after {self.executor.edits} edits")

    # -- the pages -------------------------------------------------------------------------
    def outputs(self, content: Sequence[OutputConfig], pages: Mapping[str, PageText], data: RunData,
                ctx: Context) -> None:
        for title, outs in pages_and_outputs(content).items():
            self.page(title, outs, pages[title], render(outs, data), ctx)

    def lists(self, list_titles: Sequence[str], pages: Mapping[str, PageText], ctx: Context,
              languages: Mapping | None = None, hubs: Sequence = ()) -> None:
        """Pages that only hold lists (output pages with lists were planned with their outputs), then the
        notices module, written when a list has bad parameters or to clear old notices; with ``languages``
        (a translation section), the module of the lists of translatable pages in each language."""
        lists = self.config.lists
        if not lists or not list_titles:
            return
        outputs = {o.page for o in self.config.outputs}
        list_titles = lists_module.written_list_pages(list_titles, pages, lists)
        modules = {lists.notices, lists_module.TRANSLATED_LISTS}
        for title in list_titles:
            if title not in outputs and title not in modules and pages[title].exists:
                self.page(title, [], pages[title], [], ctx)
        found = lists_module.notices(pages, list_titles, lists,
                                     lambda title, page: list_page_refusal(title, page, ctx))
        if found or pages[lists.notices].exists:
            report = report_output(self.config.outputs)
            section = lists_module.notices_section(lists, found, report.page if report else None)
            self.page(lists.notices, [section.output], pages[lists.notices], [section], ctx)
        module = lists_module.TRANSLATED_LISTS
        if languages is not None and module in pages:             # issue 25: lists of translatable pages
            translated = lists_module.translated_lists(pages, list_titles, lists, hubs, languages)
            if translated or pages[module].exists:
                section = lists_module.translated_lists_section(translated, languages)
                self.page(module, [section.output], pages[module], [section], ctx)

    def infobox_labels(self, modules: Sequence[str], pages: Mapping[str, PageText], data: RunData,
                       ctx: Context) -> None:
        """Module:Hub infobox/i18n (issue 25): the infobox's labels translated into each language in use, written
        when a language has some or the module exists (to take back a label no longer translated); never created
        while no page uses the template (a misspelled hubs.template would create Module:<typo>/i18n)."""
        for title in modules:
            labels = [language.labels for language in data.languages.values()]
            if title in pages and (pages[title].exists or (data.hubs and infobox_i18n.infobox_labels(labels))):
                out = OutputConfig(name="infobox labels", kind=infobox_i18n.KIND.name, page=title)
                section = Section(out, infobox_i18n.i18n_module(labels), infobox_i18n.KIND,
                                  describe=infobox_i18n.describe(labels))
                self.page(title, [out], pages[title], [section], ctx)

    def errors(self, out: OutputConfig, pages: Mapping[str, PageText], data: RunData, ctx: Context,
               warnings: tuple[str, ...], disabled: bool = False) -> PageResult:
        """The errors page: this run's outcomes (when disabled: why it stopped, from the runs before, and the
        pages blocked since), earlier runs' of outputs not run now, replaced human text, problems and warnings."""
        configured = [o.name for o in content_outputs(self.config.outputs)]
        last = self.state.last_outcomes()
        now = errors_page.while_disabled(self.report.outputs, last) if disabled else self.report.outputs
        today = ctx.now.date().isoformat()
        rows = errors_page.not_written(now, last, configured, today)
        failing = any(o.status is Status.FAILED for o in self.report.outputs)
        count = self.state.consecutive_failures + (0 if disabled else 1)
        disabled_after = count if disabled or (failing and count >= self.config.safety.max_consecutive_failures) else 0
        body = errors_page.errors_body(data.problems, rows, self.replaced_now(ctx.now), disabled_after,
                                       warnings, self.config.hubs.tracking_category)
        section = Section(out, body, None, errors_page.errors_summary(data.problems, rows))
        result = self.page(out.page, [out], pages[out.page], [section], ctx, reserved=True)
        if disabled_after and result.status in (Status.EDITED, Status.UNCHANGED):
            self.disabled_notice_saved = True
        return result

    def errors_needed(self) -> OutputConfig | None:
        """With --only, the errors page is still written when this run did not write a page, wrote one the
        errors page lists as not written (its row goes now, not at the next run of the errors page), or
        replaced hand-written lines (they must be quoted somewhere)."""
        last = self.state.last_outcomes()
        news = (any(o.status.not_written for o in self.report.outputs)
                or any(o.output in last and Status(last[o.output]["status"]).not_written for o in self.report.outputs)
                or any(r.status is Status.EDITED and r.plan.replaced for r in self.results))
        return report_output(self.config.outputs) if news else None

    def replaced_now(self, now: datetime) -> list[errors_page.ReplacedText]:
        """Replaced human lines of the last 30 days, this run's saves included."""
        earlier = errors_page.recent_replaced(self.state.data.get("replaced", []), now)
        return earlier + [r for res in self.results if res.status is Status.EDITED for r in res.plan.replaced]

    # -- one page ----------------------------------------------------------------------------
    def page(self, title: str, outs: list[OutputConfig], base: PageText, sections: list[Section] | Exception,
             ctx: Context, reserved: bool = False) -> PageResult:
        """Plan and execute one page; a bug fails that page only (the shutoff still stops everything);
        ``reserved``: the errors page, which may use the edit kept for it."""
        def replan(page: PageText) -> PagePlan:
            if isinstance(sections, Exception):
                raise sections
            return plan_page(title, page, sections, ctx)
        try:
            result = self.executor.execute(replan(base), replan, reserved=reserved)
        except (ShutoffError, KeyboardInterrupt):
            raise
        except Exception as exc:
            log.error("page=%s action=failed reason='internal error'", title, exc_info=exc)
            result = PageResult(PagePlan(title, base, None), Status.FAILED,
                                f"internal error ({type(exc).__name__}: {exc}); nothing was saved.",
                                "report it to the bot's maintainers with the run's log.", "bot")
        for outcome in outcomes(outs, result):
            self.page_outcomes.setdefault(title, []).append(outcome)
            self.report.outputs.append(outcome)
            log.info("page=%s output=%s action=%s%s%s", outcome.page, outcome.output, outcome.action,
                     f" reason={outcome.reason!r}" if outcome.reason else "",
                     f" revid={outcome.revid}" if outcome.revid else "")
        self.results.append(result)
        return result


def render(outs: list[OutputConfig], data: RunData) -> list[Section] | Exception:
    try:
        return [Section(o, kind_of(o).render(o, data.for_output(o)), kind_of(o),                # PAGE/xx: in xx
                        labels=data.for_output(o).language.labels if o.name in data.output_languages else None)
                for o in outs]
    except Exception as exc:      # a bug in a render function: this page only
        log.exception("outputs=%s action=failed reason='internal error while rendering'",
                      ",".join(o.name for o in outs))
        return exc


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


def owned_pages(config: Config, state: State) -> frozenset[str]:
    """Pages a whole-page output has written (or found unchanged) before, by the state's memory."""
    whole = {o.name for o in config.outputs if o.region is None}
    return frozenset(entry["page"] for name, entry in state.last_outcomes().items()
                     if name in whole and entry.get("status") in ("edited", "unchanged"))


def list_sections(config: Config, list_titles: Sequence[str], hubs: list):
    """For the planner: the lists of a page as read (None when there are none to plan)."""
    lists = config.lists
    pages = set(list_titles) - {lists.notices, lists_module.TRANSLATED_LISTS} if lists else set()
    if not pages:
        return None
    return lambda title, base: (lists_module.list_sections(title, base, lists, hubs) if title in pages else [])
