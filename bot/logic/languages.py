"""A list in the reader's language: labels, hub names, scopes and details of one language (pure; issue 25).

A ``Language`` is handed to the render functions (through ``RunData.language``): they take every label
from ``language.labels`` and every hub through ``language.hub``, which puts in the hub's translated name,
scope and details where translators gave them and keeps the English values elsewhere. English
(``ENGLISH``) changes nothing: the source pages stay byte for byte what they were.

Where the translations come from (read by the run, 50 titles a request, only for languages in use):

- the hub's name: the one the hub's own translation page ``HUB/xx`` shows in its infobox, its translated
  ``name`` (a unit translated, not outdated); else Translate's translated title of the hub page,
  ``Translations:HUB/Page display title/xx``; else English. The infobox's name comes first so that a hub has one
  name in a language: the lists say what its page says in its infobox (a display title is often longer, the
  page's full title, and is what the browser's title bar shows above that infobox);
- scope and details: the infobox on the hub's translation page ``HUB/xx`` (FuzzyBot's build), where its
  value differs from the source page's (the unit was translated; an untranslated unit is the English text
  in a ``<span lang="en">``, which reads the same) and is not outdated: Translate wraps an outdated unit in
  ``class="mw-translate-fuzzy"`` (a span inline, a div around a block), and such a value is shown in English,
  as an outdated label or display title (``!!FUZZY!!``) is;
- the labels: bot.logic.labels.

Every value passes the same boundary as an infobox value: the parser's (plain text or short rich text, cut
at the parser's limits) and then the escaping of the columns (bot.rendering.escape).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Sequence

from bot.logic.labels import ENGLISH as ENGLISH_LABELS, Labels, labels_for, visible
from bot.models import Hub, PageText
from bot.parsing.infobox import TEXT_MAX, parameter_key, parse_hub_page
from bot.parsing.wikitext import parse, template_calls

DISPLAY_TITLE_UNIT = "Page display title"       # Translate's unit for a translatable page's title
TRANSLATED_VALUES = ("name", "scope", "details")   # a hub's values translators translate (the list columns too)
OUTDATED = re.compile(r"""class\s*=\s*["']?[^"'>]*\bmw-translate-fuzzy\b""", re.I)   # Translate's outdated unit


@dataclass(frozen=True)
class HubTranslation:
    """What a hub's translation into one language changes (None / () : keep the English value)."""

    name: str | None = None
    scope: str | None = None
    details: tuple = ()


@dataclass(frozen=True)
class Language:
    code: str = "en"
    labels: Labels = ENGLISH_LABELS
    hubs: tuple[tuple[str, HubTranslation], ...] = ()      # hub page -> its translation (hashable)

    def hub(self, hub: Hub) -> Hub:
        """The hub as a reader of this language sees it (the English hub where nothing is translated)."""
        found = dict(self.hubs).get(hub.page)
        if found is None:
            return hub
        changes = {}
        if found.name:
            changes["name"] = found.name
        if found.scope:
            changes["scope"] = found.scope
        if found.details:
            changes["details"] = found.details
        return replace(hub, **changes) if changes else hub

    def localized(self, hubs: Iterable[Hub]) -> list[Hub]:
        if not self.hubs:                   # English, or nothing translated: the hubs as they are
            return list(hubs)
        translated = dict(self.hubs)
        return [self.hub(h) if h.page in translated else h for h in hubs]

    def english_values(self, hubs: Iterable[Hub]) -> dict[str, frozenset[str]]:
        """On a language written right to left: per hub page, which of its name, scope and details a reader sees
        in English (not translated), for the lists to mark them ``lang="en" dir="ltr"``; {} on any other
        language, whose lists stay byte for byte what they were."""
        if not self.labels.right_to_left:
            return {}
        translated = dict(self.hubs)
        empty = HubTranslation()
        return {h.page: frozenset(f for f in TRANSLATED_VALUES if not getattr(translated.get(h.page, empty), f))
                for h in hubs}

    @property
    def names_translated(self) -> int:
        """How many hub names are translated (the status page says it per language)."""
        return sum(1 for _, t in self.hubs if t.name)


ENGLISH = Language()


def display_title(page: str, language: str) -> str:
    return f"Translations:{page}/{DISPLAY_TITLE_UNIT}/{language}"


def hub_translation_titles(hub_pages: Sequence[str], languages: Sequence[str],
                           existing: Iterable[str] | None = None) -> list[str]:
    """The pages to read for the hubs' translations: per hub and language in use, its translated title
    and its translation page. ``existing``: titles known to exist (the pages transcluding the infobox, where
    every translation page ``HUB/xx`` of a translatable hub page is listed); only those pairs are read."""
    known = set(existing) if existing is not None else None
    titles = []
    for page in hub_pages:
        for code in languages:
            if known is not None and f"{page}/{code}" not in known:
                continue
            titles += [display_title(page, code), f"{page}/{code}"]
    return titles


def _text(page: PageText | str | None) -> str | None:
    if page is None:
        return None
    if isinstance(page, str):
        return page
    return page.text if page.exists else None


def outdated_fields(text: str, template: str = "Hub infobox") -> frozenset[str]:
    """The infobox fields of a translation page whose value holds an outdated unit (Translate's
    ``mw-translate-fuzzy``): their English value is shown."""
    if not OUTDATED.search(text):
        return frozenset()
    found = set()
    for box in template_calls(parse(text), template):
        for param in box.params:
            key = parameter_key(str(param.name))
            if key and OUTDATED.search(str(param.value)):
                found.add(key)
    return frozenset(found)


def hub_translation(hub: Hub, code: str, pages: Mapping[str, PageText | str | None],
                    template: str = "Hub infobox") -> HubTranslation | None:
    """The hub's translation into ``code`` from the pages read (title -> page; absent or missing: None)."""
    name, scope, details = None, None, ()
    text = _text(pages.get(f"{hub.page}/{code}"))
    if text:
        translated = parse_hub_page(f"{hub.page}/{code}", text, template).hub
        outdated = outdated_fields(text, template)
        if translated is not None:
            if translated.name and translated.name != hub.name and "name" not in outdated:
                name = translated.name           # the name the hub's page shows in its infobox
            if translated.scope and translated.scope != hub.scope and "scope" not in outdated:
                scope = translated.scope
            if translated.details and translated.details != hub.details and "details" not in outdated:
                details = translated.details
    if name is None:                             # no name in the infobox translated: the translated title
        name = visible(_text(pages.get(display_title(hub.page, code))), TEXT_MAX["name"])
    if name is None and scope is None and not details:
        return None
    return HubTranslation(name=name, scope=scope, details=details)


def language(code: str, hubs: Sequence[Hub], labels: Labels, pages: Mapping[str, PageText | str | None],
             template: str = "Hub infobox") -> Language:
    """Everything a reader of ``code`` sees translated, from the pages read for it."""
    found = []
    for hub in hubs:
        translation = hub_translation(hub, code, pages, template)
        if translation is not None:
            found.append((hub.page, translation))
    return Language(code, labels, tuple(found))


def languages_read(codes: Sequence[str], hubs: Sequence[Hub], labels_page: str,
                   pages: Mapping[str, PageText | str | None], template: str = "Hub infobox") -> dict[str, Language]:
    """Every language in use, from the pages the run read for them (a label or hub translation not read is
    English)."""
    texts = {title: _text(page) for title, page in pages.items()}
    return {code: language(code, hubs, labels_for(code, labels_page, texts), pages, template) for code in codes}


def per_language(out, code: str):
    """The output written for readers of ``code``: the same kind and options on ``PAGE/code``, named
    ``NAME/code`` (its outcome, summary and snapshot are its own)."""
    return replace(out, name=f"{out.name}/{code}", page=f"{out.page}/{code}")


def stale_copy_warnings(outputs, pages: Mapping[str, PageText], translated: Sequence[str]) -> list[str]:
    """Outputs writing a region of a translatable page: its translation pages show the copy of the region
    from the revision last marked for translation, which goes stale at the next change of a hub (Translate
    copies text outside <translate> as it was). Said on the errors page, with the fix."""
    found = []
    for out in outputs:
        page = pages.get(out.page)
        if out.region is None or page is None or not page.exists or "<translate" not in page.text:
            continue
        if out.name in translated:
            continue
        found.append(f"{out.page}'s translation pages show the copy of region {out.region!r} ({out.name}) from the "
                     f"revision last marked for translation, not the current list: move the list to a bot-owned page "
                     f"(an output without region, listed in translation.outputs) that {out.page} transcludes with "
                     f"{{{{:PAGE{{{{#translation:}}}}}}}} outside <translate>.")
    return found
