"""Translate's translation progress, from ``meta=messagegroupstats`` answers (pure).

The answers come in pages: Translate computes statistics into a cache and
stops a list early with ``continue.mgsoffset`` when some are missing; the
caller asks again with that offset. A wiki without Translate answers with a
``badvalue`` error (or, as MediaWiki 1.39 does by default, only a warning
"Unrecognized value for parameter meta"): progress is then "not available",
never a failed run.
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
    answers = []
    for _ in range(MAX_CONTINUATIONS):
        answer = fetch(dict(params))
        answers.append(answer)
        if "error" in answer or "continue" not in answer:
            break
        params.update(answer["continue"])
    return parse_messagegroupstats(page, answers)
