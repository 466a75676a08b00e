"""Translate's answers, parsed (pure): ``meta=messagegroupstats``.

Statistics come in pages: Translate computes them into a cache and stops a
list early with ``continue.mgsoffset`` when some are missing; the caller asks
again with that offset. A wiki without Translate answers with a ``badvalue``
error (or, as MediaWiki 1.39 does by default, only a warning "Unrecognized
value for parameter meta"): progress is then "not available", never a failed
run. A page that is not marked for translation is no message group:
Translate answers ``badparameter`` (for ``mgsgroup``).

Translations of units are read as pages (``Translations:PAGE/UNIT/xx``, 50 a request with
the run's other pages), not with ``meta=messagetranslations`` (one request per unit): see
bot.pipeline.translations. Translated texts are hostile wiki text like every other value:
they are made inert where they are rendered (bot.rendering.escape).
"""

from __future__ import annotations

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


DOCUMENTATION = "qqq"   # Meta's $wgTranslateDocumentationLanguageCode: the units' documentation for translators


def translated_languages(progress: TranslationProgress, source: str = "en") -> tuple[str, ...]:
    """The languages with at least one translated unit, sorted. The source language is left out, and so is
    ``qqq``: Translate keeps a unit's documentation as its "translation" into qqq (``Translations:PAGE/UNIT/qqq``,
    counted in the statistics as any language), and no reader reads a list in it."""
    return tuple(sorted(s.code for s in progress.stats
                        if s.translated > 0 and s.code not in (source, DOCUMENTATION)))
