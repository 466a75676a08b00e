"""Translate's message group statistics, on top of a gateway's request function, and the titles of units.

Each function takes ``request``: one API call (a dict of parameters in, the decoded answer out; an API
error returned as ``{"error": {"code", "info"}}`` rather than raised, a transport failure raised as the
gateway's TransientError). The gateway wires it as ``translation_progress``; the in-memory and offline
wikis answer the same shape. Parsing is pure and lives in bot.wiki.translate_stats.

What it costs: one request per translatable page (more only while Translate fills its statistics cache).
The label and hub-name translations of the languages in use are read as pages, ``prop=revisions`` of
``Translations:PAGE/UNIT/xx`` (50 titles a request, with the revision ids the quiet check compares), not
with ``meta=messagetranslations``, which costs one request per unit (README, "What each costs the wiki").
"""

from __future__ import annotations

from typing import Callable

from bot.models import TranslationProgress
from bot.wiki.translate_stats import collect_messagegroupstats

Request = Callable[[dict], dict]

DISPLAY_TITLE_UNIT = "Page display title"     # Translate's unit for a translatable page's title
NAMESPACE = 1198                              # Translations: (Translate's NS_TRANSLATIONS)


def group_progress(request: Request, page: str) -> TranslationProgress:
    """``meta=messagegroupstats`` of ``page-PAGE``: per language, how many units are translated."""
    return collect_messagegroupstats(page, request)


def unit_title(page: str, unit: str, language: str) -> str:
    """``Translations:PAGE/UNIT/xx``: where Translate keeps the translation of one unit."""
    return f"Translations:{page}/{unit}/{language}"


def display_title(page: str, language: str) -> str:
    """The translated title of ``page`` in ``language`` (Translate's ``Page display title`` unit)."""
    return unit_title(page, DISPLAY_TITLE_UNIT, language)
