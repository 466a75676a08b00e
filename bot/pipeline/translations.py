"""Lists in the reader's language (issue 25): which languages, which pages per language, what to read.

Declared with the run's other inputs (bot.pipeline.inputs), before the quiet check:

- the languages in use: those with a translated unit in Translate's statistics (``meta=messagegroupstats``,
  one request per page; the quiet check asks them anyway) of the ``translation.pages`` and of the labels page,
  the source language left out;
- the pages written per language: each output of ``translation.outputs`` that this run writes, on
  ``PAGE/xx`` for every language xx in use (bot.logic.languages.per_language);
- the translations read (50 titles a request, with the page texts of the run, and their revision ids in the
  quiet check's one ``prop=info`` pass): ``Translations:<labels page>/<key>/xx`` of the languages the labels
  page is translated into, and per hub whose translation page ``HUB/xx`` is listed among the pages
  transcluding the infobox, ``Translations:HUB/Page display title/xx`` and ``HUB/xx``. A translator's edit
  changes one of their revision ids, so it wakes the next run; nothing new means no text is read.

Reading them with ``meta=messagetranslations`` instead would take one request per label or hub, for all
languages at once: more requests as long as fewer than 50 languages are in use, and no revision ids for the
quiet check (README, "What each costs the wiki").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from bot.config import Config, OutputConfig
from bot.logic.labels import label_titles
from bot.logic.languages import hub_translation_titles, per_language
from bot.models import TranslationProgress
from bot.wiki.translate_stats import translated_languages


@dataclass(frozen=True)
class LanguagePlan:
    languages: tuple[str, ...]                       # languages in use, sorted
    label_languages: tuple[str, ...]                 # those the labels page is translated into
    outputs: tuple[OutputConfig, ...] = ()           # per-language outputs this run writes
    output_languages: Mapping[str, str] = field(default_factory=dict)   # their name -> language
    titles: tuple[str, ...] = ()                     # translations to read (labels, hub names and pages)
    statistics: Mapping[str, TranslationProgress] = field(default_factory=dict)


def plan_languages(config: Config, selected: Sequence[OutputConfig], statistics: Mapping[str, TranslationProgress],
                   hubs: Sequence[str], transcluding: Sequence[str] | None) -> LanguagePlan | None:
    """What the run writes and reads per language (None without a ``translation:`` section). ``hubs``: the hub
    pages listed; ``transcluding``: every page transcluding the infobox (None: unknown, every pair is read)."""
    t = config.translation
    if t is None:
        return None
    source = t.source_language
    label_languages = translated_languages(statistics[t.labels], source) if t.labels in statistics else ()
    languages = sorted(set(label_languages).union(*(translated_languages(statistics[p], source)
                                                     for p in t.pages if p in statistics)))
    outputs = [(per_language(o, code), code) for o in selected if o.name in t.outputs for code in languages]
    titles = label_titles(t.labels, label_languages) + hub_translation_titles(sorted(hubs), languages, transcluding)
    return LanguagePlan(tuple(languages), tuple(label_languages), tuple(o for o, _ in outputs),
                        {o.name: code for o, code in outputs}, tuple(titles), dict(statistics))


def statistics_pages(config: Config) -> list[str]:
    """The pages whose Translate statistics say which languages are in use."""
    t = config.translation
    return list(dict.fromkeys([*t.pages, t.labels])) if t is not None else []
