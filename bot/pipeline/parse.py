"""PARSE (pure): what the render functions use, from what the fetch brought; no I/O.

Hubs arrive parsed (bot.hub_cache); this stage adds the hubs that vanished since the last run,
duplicate names, review dates in the future, the hand-kept directories (of every output that checks one, run now
or not), translation statistics and missing map files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Mapping, Sequence

from bot.config import Config
from bot.logic.hub_pages import duplicate_names, vanished
from bot.logic.kinds import kind_of
from bot.logic.languages import languages_read
from bot.logic.maps import missing_files, missing_maps
from bot.logic.outputs import RunData
from bot.models import PageText, ParseResult, TranslationProgress
from bot.parsing.directory_table import read_source
from bot.parsing.infobox import future_review
from bot.pipeline.translations import LanguagePlan


@dataclass(frozen=True)
class Parsed:
    data: RunData
    watched: list[str]        # hub pages to watch after the run, and those MediaWiki stopped seeing


def parse(config: Config, *, hub_titles: Sequence[str],
          results: Sequence[ParseResult], pages: Mapping[str, PageText], remembered_hubs: Sequence[str],
          translations: Mapping[str, TranslationProgress], maps: Mapping[str, bool], now: datetime,
          languages: LanguagePlan | None = None) -> Parsed:
    watched, gone = vanished(remembered_hubs, hub_titles, pages, config.hubs.template)
    found = [r.hub for r in results if r.hub is not None]
    data = RunData(hubs=found, problems=[p for r in results for p in r.problems] + gone + duplicate_names(found),
                   now=now, template=config.hubs.template, translations=dict(translations))
    # Every configured source, whichever outputs run: the errors page of a run without the check shows its
    # problems too (it was read anyway), or the page changed with each output set a schedule runs.
    for source in dict.fromkeys(o.source for o in config.outputs if o.source and kind_of(o).needs_source):
        records, source_problems, unread = read_source(source, pages[source])
        data.directories[source] = records
        data.problems.extend(source_problems)
        if unread:                  # the operator's to fix: a warning (bot.logic.safety), no row per hub
            data.unread_sources[source] = unread
    data.problems.extend(p for p in (future_review(hub, now.date()) for hub in found) if p)
    data.problems.extend(missing_maps(found, maps))
    data.missing_maps = missing_files(found, maps)
    if languages is not None and config.translation is not None:     # issue 25: each language's words and hubs
        data.languages = languages_read(languages.languages, found, config.translation.labels, pages,
                                        config.hubs.template)
        data.output_languages = dict(languages.output_languages)
    return Parsed(data, watched + list(hub_titles))
