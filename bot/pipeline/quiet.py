"""A run with nothing new: every page it would write is as it would write it, known from revision
ids alone (bot.logic.quiet holds the pure decision; this module asks the wiki for what it compares).

One ``prop=info`` request per 50 pages (the pages written, read and remembered), Translate's
statistics of the pages reported on, and one request per 50 map files last shown. No page text is read,
no cache decoded, nothing planned.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Mapping, Sequence

from bot.config import Config, OutputConfig
from bot.errors import TransientError
from bot.fingerprints import encode
from bot.logic import report as errors_page
from bot.logic.kinds import content_outputs, kind_of, report_output
from bot.logic.quiet import Inputs, Quiet, errors_fingerprint
from bot.logic.safety import shrinking_source
from bot.models import TranslationProgress
from bot.outcomes import Outcome, Status
from bot.pipeline.fetch import TranslationStats
from bot.pipeline.inputs import RunInputs
from bot.state import State
from bot.wiki.gateway import Gateway

log = logging.getLogger("hubbot")


@dataclass(frozen=True)
class NothingNew:
    """The outcomes of a run with nothing new: those of the last run, the same refusals."""

    outcomes: list[Outcome]
    revids: Mapping[str, int | None]      # every page asked (for the missing-shutoff warning)
    hubs: int
    problems: int


def page_fingerprints(config: Config, state: State, inputs: Inputs, titles: Sequence[str],
                      outputs: Sequence[OutputConfig], selected: Sequence[OutputConfig], replaced,
                      translations: Mapping[str, TranslationProgress], today: str) -> dict[str, str]:
    """Per page: the fingerprint of what it is planned from (its outputs' translation progress, and
    for the errors page what earlier runs remembered of outputs not run now, and replaced text)."""
    report = report_output(config.outputs)
    found = {}
    for title in titles:
        progress = {page: encode(translations[page])
                    for o in outputs if o.page == title and kind_of(o).needs_translations
                    for page in o.translations if page in translations}
        found[title] = inputs.fingerprint(progress)
        if report and title == report.page:
            ran = {o.name for o in selected}
            configured = [o.name for o in content_outputs(config.outputs) if o.name not in ran]
            rows = errors_page.not_written([], state.last_outcomes(), configured, today)
            found[title] = errors_fingerprint(found[title], ran, [encode(r) for r in rows],
                                              [encode(r) for r in replaced])
    return found


def nothing_new(config: Config, gateway: Gateway, inputs: RunInputs, *, quiet: Quiet, state: State,
                stats: TranslationStats, now: datetime, allow_large_removal: bool) -> NothingNew | None:
    """The outcomes of a run with nothing new; None when something may have changed (a normal run)."""
    if inputs.basics is None or not quiet.may_be_quiet(inputs.basics):
        return None
    if not allow_large_removal and shrinking_source(quiet.hubs, state.last_hub_count,
                                                    config.safety.max_removal_fraction):
        return None
    wanted = inputs.quiet_pages()
    try:
        revids = gateway.page_revisions(wanted + [t for t in [*inputs.read_only, *inputs.unlisted()]
                                                  if t not in wanted])
        stats.of(inputs.translations)
        maps = gateway.files_exist(quiet.maps) if quiet.maps else {}
    except TransientError as exc:
        log.info("could not check for changes without reading pages (%s); reading them", exc)
        return None
    # Pages without text are left out: a list page or notices module that does not exist is not written.
    content = inputs.content
    kept = {o.page for o in content} | ({inputs.report.page} if inputs.report else set())
    pages = [t for t in wanted if revids.get(t) is not None or t in kept]
    fingerprinted = inputs.fingerprinted(revids, maps, inputs.remembered_hubs)
    replaced = errors_page.recent_replaced(state.data.get("replaced", []), now)
    wanted_prints = page_fingerprints(config, state, fingerprinted, pages, content, inputs.selected, replaced,
                                      stats.asked, now.date().isoformat())
    if not quiet.unchanged(wanted_prints, revids):
        return None
    log.info("nothing new: %d hub pages and %d other pages have the revisions of the last run",
             len(inputs.listed or {}), len(revids))
    outcomes = []
    for title in pages:
        for was in quiet.outcomes(title, wanted_prints[title]):
            if was["status"] == Status.REFUSED.value:      # the same inputs: the same refusal
                outcome = Outcome(was["output"], title, Status.REFUSED, was["reason"], was["fix"], was["owner"])
            else:
                outcome = Outcome(was["output"], title, Status.UNCHANGED, revid=revids[title])
            outcomes.append(outcome)
            log.info("page=%s output=%s action=%s%s revid=%s", title, outcome.output, outcome.action,
                     f" reason={outcome.reason!r}" if outcome.reason else "", revids[title])
    return NothingNew(outcomes, revids, quiet.hubs, quiet.problems)
