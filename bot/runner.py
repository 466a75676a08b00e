"""One sync run, top to bottom: FETCH -> PARSE -> PLAN -> EXECUTE -> REPORT (bot.pipeline).

What a run depends on is declared once (bot.pipeline.inputs); when none of it changed since the
last run, the run ends there (bot.pipeline.quiet). Otherwise every page is fetched in batches, the
fetched text parsed without I/O, each page planned and saved, the errors page last, and the state
records the run (bot.pipeline.record) whichever way it ended.
"""

from __future__ import annotations

import functools
import logging
import time
from datetime import datetime
from typing import Callable, Sequence

from bot.config import Config
from bot.logic.hub_pages import hub_titles  # noqa: F401 (part of the runner's API)
from bot.logic.kinds import report_output
from bot.lists import most_shown, translated_list_misses
from bot.logic.labels import rejected_warnings
from bot.logic.languages import stale_copy_warnings
from bot.logic.outputs import RunData
from bot.logic.quiet import Quiet
from bot.errors import ShutoffError
from bot.logic.publishing import outdated, outdated_warning, source_digests
from bot.logic.safety import (check_shutoff, directory_source_warnings, doubted_source, doubted_source_fix,
                              missing_shutoff_warning, missing_task_page_warning, no_hubs_warning,
                              shrinking_source, shutoff_reason, translation_warnings)  # noqa: F401
from bot.models import PageText
from bot.outcomes import Outcome, Report, Status
from bot.pipeline.fetch import Fetched, TranslationStats, fetch
from bot.pipeline.inputs import RunInputs, declare
from bot.pipeline.parse import Parsed, parse
from bot.pipeline.quiet import NothingNew, nothing_new, page_fingerprints
from bot.pipeline.record import Ending, record, record_shutoff
from bot.pipeline.write import ShutoffGuard, Writer, list_sections, owned_pages  # noqa: F401
from bot.planner import Context
from bot.saved_outputs import SavedOutputs
from bot.state import State
from bot.wiki.gateway import Gateway

log = logging.getLogger("hubbot")


class Run:
    def __init__(self, config: Config, gateway: Gateway, *, now: datetime, state: State,
                 dry_run: bool = False, allow_large_removal: bool = False,
                 sleep: Callable[[float], None] = time.sleep, retries: int = 3,
                 emit: Callable[[str], None] | None = None,
                 still_locked: Callable[[], None] = lambda: None, full: bool = False,
                 started: datetime | None = None) -> None:
        self.config, self.gw, self.now, self.state = config, gateway, now, state
        self.started = started or now     # when the run ran, by the clock (``now`` may be --now's time)
        self.dry_run = dry_run
        self.allow_large_removal = allow_large_removal
        self.full = full              # read every hub page, not only those changed since the last run
        self.report = Report()
        self.writer = Writer(config, gateway, state, self.report, dry_run=dry_run, retries=retries, sleep=sleep,
                             emit=emit or (lambda text: None), still_locked=still_locked)
        self.executor = self.writer.executor       # the page in flight, when a run is interrupted
        self.stats = TranslationStats(gateway)
        self.quiet = Quiet.from_json(state.data.get("quiet")) if state.data.get("quiet") else Quiet()
        counters = gateway.counters        # a gateway may have worked before this run (the demo publishes first)
        self._start = (counters.pages_read, counters.requests, counters.edits)
        self._saved: SavedOutputs | None = None     # what the bot saved (saved_lines), read when needed
        self._shown: tuple[str, int] | None | str = "unread"     # the list showing the most hubs (shown)

    def run(self, only: Sequence[str] | None = None) -> Report:
        try:
            return self._run(only)
        except ShutoffError as exc:        # the editors' stop: the state says since when, and the page's words
            self.counted()
            if not self.dry_run:
                record_shutoff(self.state, self.report, self.started, exc.page, exc.said, as_of=self.now)
            raise

    def _run(self, only: Sequence[str] | None) -> Report:
        inputs = declare(self.config, self.gw, only=only, remembered_hubs=self.state.data.get("hub_pages", []),
                         now=self.now, allow_large_removal=self.allow_large_removal,
                         languages_written=self.state.data.get("languages_written", []), statistics=self.stats.of,
                         outdated_templates=self.outdated_templates)
        if not self.full and not self.state.disabled:                          # the common case
            same = nothing_new(self.config, self.gw, inputs, quiet=self.quiet, state=self.state, stats=self.stats,
                               now=self.now, allow_large_removal=self.allow_large_removal)
            if same is not None:
                return self.ended_quietly(same)
        fetched = fetch(self.config, self.gw, inputs, state_dir=self.state.path.parent,   # FETCH
                        full=self.full, stats=self.stats)
        try:
            self.shutoff_page(fetched.pages)
            parsed = parse(self.config, hub_titles=fetched.read.titles,                        # PARSE
                           results=fetched.read.results, pages=fetched.pages,
                           remembered_hubs=inputs.remembered_hubs, translations=fetched.translations,
                           maps=fetched.maps, now=self.now, languages=inputs.languages)
            warnings = self.warnings(parsed.data, fetched.pages, inputs.list_pages)
            ctx = self.context(inputs, fetched, parsed.data)
            if self.state.disabled:
                return self.ended_disabled(inputs, fetched, parsed.data, ctx, warnings)
            self.writer.outputs(self.content(inputs, fetched), fetched.pages, parsed.data, ctx)  # PLAN + EXECUTE
            self.writer.lists(inputs.list_pages, fetched.pages, ctx,                           # PAGE/xx: issue 25
                              parsed.data.languages if inputs.languages else None, parsed.data.shown_hubs)
            self.writer.infobox_labels(inputs.modules, fetched.pages, parsed.data, ctx)         # issue 25
            errors = inputs.report or self.writer.errors_needed()                              # the errors page, last
            if errors:
                self.writer.errors(errors, fetched.pages, parsed.data, ctx, warnings)
            return self.ended(inputs, fetched, parsed, ctx)                                   # REPORT
        finally:
            fetched.read.keep_cache()                   # after the saves, whatever happened to them

    # -- between the stages ----------------------------------------------------------------
    def shutoff_page(self, pages: dict[str, PageText]) -> PageText | None:
        """The shutoff page as fetched: stop now if it says so (ShutoffError), else watch it before saves."""
        page = pages.get(self.config.safety.shutoff_page) if self.config.safety.shutoff_page else None
        check_shutoff(self.config, page)
        self.writer.shutoff.seen(page)
        return page

    def warnings(self, data: RunData, pages: dict[str, PageText],
                 list_pages: Sequence[str] = ()) -> tuple[str, ...]:
        found = (*self.standing_warnings(lambda title: pages[title].exists if title in pages else None),
                 self.no_hubs(data, pages, list_pages), *directory_source_warnings(self.config, data.unread_sources),
                 *translation_warnings(self.config, self.stats.asked),
                 *self.stale_copies(pages),
                 *self.unpaired_lists(pages, list_pages, data), *self.rejected_labels(data))
        warnings = tuple(w for w in found if w)
        for warning in warnings:
            log.warning("%s", warning)
            self.report.messages.append(f"warning: {warning}")
        self.report.hubs, self.report.problems = len(data.hubs), len(data.problems)
        log.info("hubs=%d problems=%d", len(data.hubs), len(data.problems))
        return warnings

    def standing_warnings(self, exists: Callable[[str], bool | None]) -> list[str | None]:
        """Said by every run, quiet or not, until an operator acts: a missing shutoff or task page (``exists``: of a
        title, True, False or None when not known) and published templates older than this hubbot's."""
        cfg = self.config
        return [missing_shutoff_warning(cfg, exists(cfg.safety.shutoff_page) if cfg.safety.shutoff_page else None),
                missing_task_page_warning(cfg, exists(cfg.task_page) if cfg.task_page else None),
                self.outdated_warning()]

    @functools.cached_property
    def outdated_templates(self) -> list[str]:
        """Pages publish-templates published from other sources than this hubbot's (recorded in the state;
        a page it has no record of, perhaps published by someone else, is never one)."""
        return outdated(self.state.published_sources, source_digests(self.config))

    def outdated_warning(self) -> str | None:
        return outdated_warning(self.outdated_templates, self.config.path)

    def stale_copies(self, pages: dict[str, PageText]) -> list[str]:
        """With a ``translation:`` section: regions on translatable pages, whose translations go stale (issue 25)."""
        t = self.config.translation
        return stale_copy_warnings(self.config.outputs, pages, t.outputs) if t is not None else []

    def unpaired_lists(self, pages: dict[str, PageText], list_pages: Sequence[str], data: RunData) -> list[str]:
        """With a ``translation:`` section: lists on a translation page PAGE/xx that pair with no list of PAGE now
        (they show Translate's copy of the marked revision; issue 25)."""
        if self.config.translation is None or not self.config.lists or not data.languages:
            return []
        return translated_list_misses(pages, list_pages, self.config.lists, list(data.languages))

    def rejected_labels(self, data: RunData) -> list[str]:
        """With a ``translation:`` section: translated labels shown in English because their $n are not the
        English label's (issue 25)."""
        t = self.config.translation
        return rejected_warnings(t.labels, [lang.labels for lang in data.languages.values()]) if t is not None else []

    def shown(self, pages: dict[str, PageText], list_pages: Sequence[str]) -> tuple[str, int] | None:
        """The {{Hub list}} the bot wrote that shows the most hubs now (bot.lists.most_shown), found once a run."""
        if self._shown == "unread":
            self._shown = most_shown(list_pages, pages, self.config.lists) if self.config.lists else None
        return self._shown

    def no_hubs(self, data: RunData, pages: dict[str, PageText], list_pages: Sequence[str]) -> str | None:
        """The warning of a run that finds no hub: an operator's error when the last run found some or a list shows
        some (nothing was replaced), unless --allow-large-removal let the lists be emptied."""
        if data.hubs or self.allow_large_removal:
            return no_hubs_warning(self.config, data.hubs)
        return no_hubs_warning(self.config, data.hubs, self.state.last_hub_count, self.shown(pages, list_pages))

    def context(self, inputs: RunInputs, fetched: Fetched, data: RunData) -> Context:
        cfg = self.config
        source_problem = None if self.allow_large_removal else doubted_source(
            len(data.hubs), self.state.last_hub_count, self.shown(fetched.pages, inputs.list_pages),
            cfg.safety.max_removal_fraction)
        return Context(now=self.now, user=self.gw.user or "HubBot", hubs=tuple(data.hubs), pages=fetched.pages,
                       task_page=cfg.task_page, snapshots=self.state.snapshots,
                       max_removal_fraction=cfg.safety.max_removal_fraction,
                       allow_large_removal=self.allow_large_removal, source_problem=source_problem,
                       source_fix=doubted_source_fix(cfg, len(data.hubs)),
                       max_bytes=self.gw.max_page_bytes, owned=owned_pages(cfg, self.state),
                       list_sections=list_sections(cfg, inputs.list_pages, data.shown_hubs),
                       bot_lines=self.saved_lines, output_languages=dict(data.output_languages),
                       labels_page=cfg.translation.labels if cfg.translation is not None else None)

    def saved_lines(self, title: str) -> frozenset[str] | None:
        """The lines of generated text the bot last saved on ``title`` (saved-outputs.json, read only when a
        human edited generated text: nothing else needs it)."""
        if self._saved is None:
            self._saved = SavedOutputs.load(self.state.path.parent)
        return self._saved.lines(title)

    def content(self, inputs: RunInputs, fetched: Fetched) -> list:
        """The outputs written: every content output but the page of a language out of use that was deleted."""
        plan = inputs.languages
        if plan is None or not plan.kept:
            return inputs.content
        return [o for o in inputs.content if o.name not in plan.output_languages
                or plan.recreates(o, fetched.pages[o.page].exists)]

    def languages_written(self, inputs: RunInputs, fetched: Fetched) -> list[str] | None:
        """What the state remembers of the pages written per language (issue 25): their languages are written
        by the next runs too, in use or not, so that no PAGE/xx keeps an old list. None: nothing to remember
        (no pages per language), the state keeps what it had."""
        plan = inputs.languages
        if plan is None:
            return None
        done = [o.output for o in self.report.outputs if o.status in (Status.EDITED, Status.UNCHANGED)]
        written = set(o.name for o in self.content(inputs, fetched))
        skipped = [o.name for o in inputs.content if o.name in plan.output_languages and o.name not in written]
        return plan.remembered(self.state.data.get("languages_written", []), done, skipped)

    # -- the three ways a run ends ---------------------------------------------------------
    def ended_quietly(self, same: NothingNew) -> Report:
        standing = self.standing_warnings(lambda title: same.revids.get(title) is not None)
        for said in [*standing, *translation_warnings(self.config, self.stats.asked)]:
            if said:
                log.warning("%s", said)
        self.report.outputs.extend(same.outcomes)
        self.report.hubs, self.report.problems = same.hubs, same.problems
        return self.recorded(Ending("quiet", self.today, hub_count=same.hubs))

    def ended_disabled(self, inputs: RunInputs, fetched: Fetched, data: RunData, ctx: Context,
                       warnings: tuple[str, ...]) -> Report:
        """A disabled bot edits nothing but its errors page, to say that it stopped and why (the run that
        disabled it may not have been able to save it: a read-only wiki)."""
        self.report.disabled = True
        reset = self.state.reset_command(self.config.path, self.config.state_dir)   # --state-dir when given one
        self.report.messages.append(f"hubbot stopped editing after {self.state.consecutive_failures} failed runs "
                                    f"in a row; check the errors page and the logs, then run `{reset}`.")
        for out in inputs.content:
            self.report.outputs.append(Outcome(out.name, out.page, Status.BLOCKED,
                                               "the bot is disabled after repeated failures.",
                                               f"check the cause, then `{reset}`.", "operator"))
        errors = report_output(self.config.outputs)
        if errors:
            self.writer.errors(errors, fetched.pages, data, ctx, warnings, disabled=True)
        return self.recorded(Ending("disabled", self.today, disabled_notice_saved=self.writer.disabled_notice_saved))

    def ended(self, inputs: RunInputs, fetched: Fetched, parsed: Parsed, ctx: Context) -> Report:
        writer = self.writer
        hub_count = None if ctx.source_problem else len(parsed.data.hubs)
        fingerprints = None
        if inputs.listed is not None:
            planned_from = inputs.fingerprinted({t: p.revid for t, p in fetched.pages.items()}, fetched.maps,
                                                parsed.watched)
            fingerprints = page_fingerprints(self.config, self.state, planned_from,
                                             [r.plan.title for r in writer.results], inputs.content,
                                             inputs.selected, writer.replaced_now(self.now), self.stats.asked,
                                             self.today)
        return self.recorded(Ending("done", self.today, hub_count=hub_count, results=writer.results,
                                    page_outcomes=writer.page_outcomes, fingerprints=fingerprints,
                                    basics=inputs.basics, map_files=fetched.map_files, watched=parsed.watched,
                                    replaced=writer.replaced_now(self.now),
                                    languages_written=self.languages_written(inputs, fetched),
                                    disabled_notice_saved=writer.disabled_notice_saved))

    def recorded(self, ending: Ending) -> Report:
        """What the run cost the wiki (exact; asserted by the tests), then the state (not for a dry run)."""
        self.counted()
        if not self.dry_run:
            record(self.state, self.config, self.report, ending, self.quiet, at=self.started, as_of=self.now)
        return self.report

    def counted(self) -> None:
        counters = self.gw.counters
        now = (counters.pages_read, counters.requests, counters.edits)
        self.report.pages_read, self.report.requests, self.report.edits = (n - s for n, s in zip(now, self._start))

    @property
    def today(self) -> str:
        return self.now.date().isoformat()
