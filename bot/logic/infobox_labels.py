"""{{Hub infobox}} in the page's language: its labels as a Lua data module (pure; issue 25).

A hub page is translatable; its translation ``HUB/xx`` (built by Translate's FuzzyBot) has page language xx.
The infobox's labels (Type, Scope, Status, ..., the type and status words) are units of the same translatable
labels page as the lists' labels (bot.logic.labels; the infobox's rows share the lists' column headers, so a
translator translates "Scope" once). At each run hubbot writes ``Module:Hub infobox/i18n`` (mw.loadData) from
the labels of every language read: one table per language code holding only the labels the infobox shows that
translators translated. ``Module:Hub infobox`` (templates/Hub_infobox_module.lua) picks the table of the page's
language (``{{PAGELANGUAGE}}``); a label not in it is the English word the template gives, so an English page
renders as the template's plain wikitext did, byte for byte.

Why a data module and not ``{{int:}}`` messages or a ``Template:Hub infobox/i18n/xx`` per language: messages
need a MediaWiki message group (an extension's or a sysop's MediaWiki: pages), and a template per language is a
page per language the bot would have to create; one module is one page, read once per parse (mw.loadData), and
it is written only when a translation changed (no edit when the text is the same).

A translation is hostile wiki text: it arrives reduced to what a reader sees (bot.logic.labels.visible) and is
escaped here (bot.rendering.escape.cell) so that the module hands the template inert wikitext; the module's
source is built with escape.lua_string (no ``~~~``, ``{{`` or ``__`` in the page's own text).
"""

from __future__ import annotations

from typing import Iterable

from bot.logic.kinds import Kind
from bot.logic.labels import Labels
from bot.parsing.infobox import STATUSES, TYPES
from bot.rendering import escape
from bot.rendering.render import render

I18N_SUFFIX = "/i18n"        # the module's subpage Module:Hub infobox reads by default
TEMPLATE = "infobox_i18n.lua.j2"
KIND = Kind("infobox-labels", lambda out, data: "", "the Hub infobox's labels in each language", hub_rows=False,
            from_hubs=False, lua=True)

# The labels of the infobox's rows, in the template's order (templates/Hub_infobox.wiki gives each one's English).
ROW_LABELS = ("infobox-map-alt", "column-type", "column-scope", "column-status", "column-details", "column-region",
              "column-languages", "column-website", "column-contact", "column-founded", "infobox-updated",
              "infobox-plans")
# The type and status words the infobox shows in place of the value when the value is one of them.
WORD_LABELS = tuple(f"type-{t}" for t in TYPES) + tuple(f"status-{s}" for s in STATUSES)
KEYS = ROW_LABELS + WORD_LABELS


def i18n_title(module: str = "Module:Hub infobox") -> str:
    """The data module Module:Hub infobox reads (``frame:getTitle() .. '/i18n'``)."""
    return module + I18N_SUFFIX


def i18n_page(config) -> str | None:
    """The module a run writes: ``Module:<hubs.template>/i18n`` (the infobox's module is named as its template,
    Template:Hub infobox and Module:Hub infobox), or None without a ``translation:`` section."""
    if config.translation is None:
        return None
    return i18n_title(f"Module:{config.hubs.template}")


def infobox_labels(languages: Iterable[Labels]) -> dict[str, dict[str, str]]:
    """language code -> label key -> the translated label as inert wikitext, for the labels the infobox shows.

    Only translated labels; a language with none is left out, and so is English (the template's own words).
    Sorted by code and in KEYS order, so the same translations give the same module text.
    """
    found: dict[str, dict[str, str]] = {}
    for labels in languages:
        if labels.language == "en":
            continue
        translated = dict(labels.translated)
        shown = {key: escape.cell(translated[key]) for key in KEYS if translated.get(key)}
        shown = {key: text for key, text in shown.items() if text}
        if shown:
            found[labels.language] = shown
    return dict(sorted(found.items()))


def i18n_module(languages: Iterable[Labels]) -> str:
    """The text of Module:Hub infobox/i18n (a Lua table for mw.loadData)."""
    return render(TEMPLATE, languages=infobox_labels(languages))


def describe(languages: Iterable[Labels]) -> str:
    """The edit summary's part: "labels in 2 languages (de, sw)"."""
    codes = list(infobox_labels(languages))
    if not codes:
        return "no translated labels"
    return f"labels in {len(codes)} language{'' if len(codes) == 1 else 's'} ({', '.join(codes)})"
