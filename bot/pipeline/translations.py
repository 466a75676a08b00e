"""Lists in the reader's language (issue 25): which languages, which pages per language, what to read.

Declared with the run's other inputs (bot.pipeline.inputs), before the quiet check:

- the languages in use: those with a translated unit in Translate's statistics (``meta=messagegroupstats``,
  one request per page; the quiet check asks them anyway) of the ``translation.pages`` and of the labels page,
  the source language left out;
- the pages written per language: each output of ``translation.outputs`` that this run writes, on
  ``PAGE/xx`` for every language xx in use (bot.logic.languages.per_language), and for every language whose
  pages the bot wrote before (the state's ``languages_written``): a language whose units all became outdated
  or were deleted drops out of the statistics, but its ``PAGE/xx`` is still transcluded by the translation
  page and must not keep an old list; it is written in English where nothing is translated. Such a kept
  language's page that no longer exists (an admin deleted it) is not created again (``LanguagePlan.kept``);
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
    kept: tuple[str, ...] = ()                       # written only because their pages were written before

    def recreates(self, out: OutputConfig, exists: bool) -> bool:
        """Whether the run writes the per-language output ``out`` whose page ``exists`` or not: a language kept
        only because the bot wrote its pages before gets no page created again (deleted: out of use)."""
        return exists or self.output_languages.get(out.name) not in self.kept

    def remembered(self, before: Sequence[str], written: Sequence[str], skipped: Sequence[str]) -> list[str]:
        """The languages whose pages exist after a run (the state's ``languages_written``): those remembered
        ``before``, those whose page the run ``written`` (names of per-language outputs edited or unchanged),
        less a kept language whose every page the run ``skipped`` (they were deleted)."""
        now = {self.output_languages[n] for n in written if n in self.output_languages}
        gone = {self.output_languages[n] for n in skipped if n in self.output_languages} - now
        return sorted((set(before) | now) - gone)


def plan_languages(config: Config, selected: Sequence[OutputConfig], statistics: Mapping[str, TranslationProgress],
                   hubs: Sequence[str], transcluding: Sequence[str] | None,
                   written_before: Sequence[str] = ()) -> LanguagePlan | None:
    """What the run writes and reads per language (None without a ``translation:`` section). ``hubs``: the hub
    pages listed; ``transcluding``: every page transcluding the infobox (None: unknown, every pair is read);
    ``written_before``: the languages whose pages the bot wrote in earlier runs (written again, in use or not)."""
    t = config.translation
    if t is None:
        return None
    source = t.source_language
    label_languages = translated_languages(statistics[t.labels], source) if t.labels in statistics else ()
    in_use = set(label_languages).union(*(translated_languages(statistics[p], source)
                                          for p in t.pages if p in statistics))
    kept = sorted(set(written_before) - in_use - {source})
    languages = sorted(in_use | set(kept))
    outputs = [(per_language(o, code), code) for o in selected if o.name in t.outputs for code in languages]
    titles = label_titles(t.labels, label_languages) + hub_translation_titles(sorted(hubs), languages, transcluding)
    return LanguagePlan(tuple(languages), tuple(label_languages), tuple(o for o, _ in outputs),
                        {o.name: code for o, code in outputs}, tuple(titles), dict(statistics), tuple(kept))


def statistics_pages(config: Config) -> list[str]:
    """The pages whose Translate statistics say which languages are in use."""
    t = config.translation
    return list(dict.fromkeys([*t.pages, t.labels])) if t is not None else []
