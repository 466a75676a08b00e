"""Translate's two message group reads, on top of a gateway's request function (issue 25).

Each function takes ``request``: one API call (a dict of parameters in, the decoded answer out; an API
error returned as ``{"error": {"code", "info"}}`` rather than raised, a transport failure raised as the
gateway's TransientError). The gateway wires one method per read (``translation_progress``,
``unit_translations``); the in-memory and offline wikis answer the same shapes. Parsing is pure and lives
in bot.wiki.translate_stats.

What they cost: ``group_progress`` one request per translatable page (more only while Translate fills its
statistics cache); ``unit_translations`` one request per unit, for every language at once. The bot reads
the label and hub-name translations of the languages in use with ``prop=revisions`` instead (50 titles a
request, with the revision ids its quiet check compares): fewer requests while fewer than 50 languages
are in use (README, "What each costs the wiki").
"""

from __future__ import annotations

from typing import Callable

from bot.models import TranslationProgress
from bot.wiki.translate_stats import UnitTranslations, collect_messagegroupstats, collect_messagetranslations

Request = Callable[[dict], dict]

DISPLAY_TITLE_UNIT = "Page display title"     # Translate's unit for a translatable page's title
NAMESPACE = 1198                              # Translations: (Translate's NS_TRANSLATIONS)


def group_progress(request: Request, page: str) -> TranslationProgress:
    """``meta=messagegroupstats`` of ``page-PAGE``: per language, how many units are translated."""
    return collect_messagegroupstats(page, request)


def unit_translations(request: Request, page: str, unit: str, language: str = "en") -> UnitTranslations:
    """``meta=messagetranslations``: every language of unit ``unit`` of ``page`` in one answer."""
    return collect_messagetranslations(unit_title(page, unit, language), request)


def unit_title(page: str, unit: str, language: str) -> str:
    """``Translations:PAGE/UNIT/xx``: where Translate keeps the translation of one unit."""
    return f"Translations:{page}/{unit}/{language}"


def display_title(page: str, language: str) -> str:
    """The translated title of ``page`` in ``language`` (Translate's ``Page display title`` unit)."""
    return unit_title(page, DISPLAY_TITLE_UNIT, language)
