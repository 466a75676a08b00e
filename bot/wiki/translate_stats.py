"""Translate's answers, parsed (pure): ``meta=messagegroupstats`` and ``meta=messagetranslations``.

Statistics come in pages: Translate computes them into a cache and stops a
list early with ``continue.mgsoffset`` when some are missing; the caller asks
again with that offset. A wiki without Translate answers with a ``badvalue``
error (or, as MediaWiki 1.39 does by default, only a warning "Unrecognized
value for parameter meta"): progress is then "not available", never a failed
run. A page that is not marked for translation is no message group:
Translate answers ``badparameter`` (for ``mgsgroup``).

``meta=messagetranslations&mttitle=Translations:PAGE/UNIT/xx`` answers every
language of one unit (Translate's QueryMessageTranslationsActionApi): rows of
``title``, ``language``, ``lasttranslator``, ``translation`` and ``fuzzy:
"fuzzy"`` for an outdated one, continued with ``mtoffset``. A title that is no
unit of a marked page is the error ``nomessagefortitle``. The source language's
row (Translations:PAGE/UNIT/en, FuzzyBot's copy of the source) is among them.
Translated texts are hostile wiki text like every other value: they are
returned as read and made inert where they are rendered (bot.rendering.escape).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from bot.models import TranslationProgress, TranslationStat


def parse_messagegroupstats(page: str, answers: Iterable[dict]) -> TranslationProgress:
    rows: dict[str, TranslationStat] = {}
    missing = TranslationProgress(page, False, note="the Translate extension is not installed on this wiki")
    for answer in answers:
        if "messagegroupstats" in str(answer.get("warnings", {})) and "query" in answer \
                and "messagegroupstats" not in answer["query"]:
            return missing
        error = answer.get("error")
        if error:
            if error.get("code") == "badvalue" or "messagegroupstats" in str(error.get("info", "")):
                return missing
            if error.get("code") == "badparameter" and "mgsgroup" in str(error.get("info", "")):
                return TranslationProgress(page, False, note=f"{page} is not marked for translation")
            return TranslationProgress(page, False, note=f"{error.get('code')}: {error.get('info', '')}")
        for row in answer.get("query", {}).get("messagegroupstats", []):
            try:
                stat = TranslationStat(code=str(row["code"]), total=int(row["total"]),
                                       translated=int(row["translated"]), fuzzy=int(row["fuzzy"]),
                                       proofread=int(row.get("proofread", 0)))
            except (KeyError, TypeError, ValueError):
                continue
            rows[stat.code] = stat
    if not rows:
        return TranslationProgress(page, False, note=f"{page} is not a translatable page")
    return TranslationProgress(page, True, tuple(sorted(rows.values(), key=lambda s: s.code)))


MAX_CONTINUATIONS = 20   # Translate may answer partially while it fills its cache; ask a bounded number of times


def collect_messagegroupstats(page: str, fetch: Callable[[dict], dict]) -> TranslationProgress:
    """Ask ``fetch`` (one API call) for the stats of ``page``, following ``continue`` to the end."""
    params = {"action": "query", "meta": "messagegroupstats", "mgsgroup": f"page-{page}", "formatversion": "2"}
    return parse_messagegroupstats(page, continued(params, fetch))


def continued(params: dict, fetch: Callable[[dict], dict]) -> list[dict]:
    """Every answer to ``params``, following ``continue`` (at most MAX_CONTINUATIONS requests; an error ends it)."""
    params, answers = dict(params), []
    for _ in range(MAX_CONTINUATIONS):
        answer = fetch(dict(params))
        answers.append(answer)
        if "error" in answer or "continue" not in answer:
            break
        params.update(answer["continue"])
    return answers


def translated_languages(progress: TranslationProgress, source: str = "en") -> tuple[str, ...]:
    """The languages with at least one translated unit (the source language left out), sorted."""
    return tuple(sorted(s.code for s in progress.stats if s.translated > 0 and s.code != source))


# -- meta=messagetranslations ------------------------------------------------------------------

@dataclass(frozen=True)
class UnitTranslation:
    """One language's translation of one unit, as Translate answers it (text hostile, not yet escaped)."""

    title: str               # Translations:PAGE/UNIT/xx
    language: str
    text: str
    fuzzy: bool = False      # outdated: the source changed since (Translate shows it, marked)
    translator: str = ""


@dataclass(frozen=True)
class UnitTranslations:
    title: str                                   # the unit asked, Translations:PAGE/UNIT/xx
    available: bool
    translations: dict[str, UnitTranslation] = field(default_factory=dict)   # language -> translation
    note: str = ""

    def text(self, language: str, *, fuzzy: bool = False) -> str | None:
        """The translation into ``language`` (an outdated one only with ``fuzzy``), else None."""
        found = self.translations.get(language)
        return found.text if found is not None and (fuzzy or not found.fuzzy) else None


def parse_messagetranslations(title: str, answers: Iterable[dict]) -> UnitTranslations:
    """Every language of one unit from the answers to ``meta=messagetranslations&mttitle=TITLE``."""
    found: dict[str, UnitTranslation] = {}
    for answer in answers:
        if "messagetranslations" in str(answer.get("warnings", {})) and "messagetranslations" not in \
                answer.get("query", {}):
            return UnitTranslations(title, False, note="the Translate extension is not installed on this wiki")
        error = answer.get("error")
        if error:
            code = str(error.get("code", ""))
            if code == "badvalue" or "messagetranslations" in str(error.get("info", "")):
                return UnitTranslations(title, False, note="the Translate extension is not installed on this wiki")
            if code == "nomessagefortitle":      # no such unit (not marked yet, or the unit is gone): no translations
                return UnitTranslations(title, True, note=f"{title} is not a unit of a page marked for translation")
            return UnitTranslations(title, False, note=f"{code}: {error.get('info', '')}")
        for row in answer.get("query", {}).get("messagetranslations", []):
            if not isinstance(row, dict):
                continue
            text = row.get("translation", row.get("*"))       # formatversion=2, or 1 (the content as "*")
            language = row.get("language")
            if not isinstance(text, str) or not isinstance(language, str) or not language:
                continue
            found[language] = UnitTranslation(title=str(row.get("title", "")), language=language, text=text,
                                              fuzzy=bool(row.get("fuzzy")), translator=str(row.get("lasttranslator", "")))
    return UnitTranslations(title, True, dict(sorted(found.items())))


def collect_messagetranslations(title: str, fetch: Callable[[dict], dict]) -> UnitTranslations:
    """Ask ``fetch`` (one API call) for every language of the unit ``title``, following ``continue``."""
    params = {"action": "query", "meta": "messagetranslations", "mttitle": title, "formatversion": "2"}
    return parse_messagetranslations(title, continued(params, fetch))
