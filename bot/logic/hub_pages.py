"""Which listed pages are hubs, and the hubs that MediaWiki stopped seeing (pure).

Hubs are the pages that transclude the infobox template, as MediaWiki lists
them. Two ways a hub can go wrong without anyone noticing, both reported on
the errors page for the editors of that page:

- a redirect that transcludes the template is not a hub ("put the infobox on
  the target page");
- a page that was a hub last run, still exists, is not a redirect and still
  has the infobox in its text, but is no longer listed: an unclosed ``[[`` or
  ``{{``, a ``<nowiki>`` or a comment made MediaWiki stop seeing the template,
  and the hub silently left every list. Such a page stays watched until it is
  listed again, deleted, moved or loses its infobox.

A hub that was deleted or moved, or whose infobox was removed, just leaves the
lists; the edit summaries name it (bot.logic.summary).
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from bot.models import PageText, ParseResult, Problem
from bot.parsing.infobox import parse_hub_page
from bot.parsing.wikitext import template_key
from bot.titles import LANGUAGE_SUBPAGE

REDIRECT = re.compile(r"^\s*#redirect\b", re.IGNORECASE)
# Text MediaWiki never expands: a template call inside these is not "still in the text".
INERT = re.compile(r"<!--.*?(?:-->|$)|<(nowiki|pre|syntaxhighlight|source)\b[^>]*>.*?(?:</\1\s*>|$)",
                   re.IGNORECASE | re.DOTALL)


def is_redirect(page: PageText) -> bool:
    return page.redirect or bool(REDIRECT.match(page.text))


def mentions_template(text: str, template: str) -> bool:
    """The text still calls the template (however MediaWiki reads the markup around it)."""
    words = r"[ _]+".join(re.escape(w) for w in template_key(template).split())
    live = INERT.sub(" ", text)
    return re.search(r"\{\{\s*(?:template\s*:\s*)?" + words + r"\s*[|}\n<]", live, re.I) is not None


def parse_hub(title: str, text: str, template: str) -> ParseResult:
    """A listed page as a hub, unless it is a redirect (then only a problem: the infobox belongs on the target)."""
    if REDIRECT.match(text):
        return ParseResult(title, None, (Problem(
            title, None, f"this page is a redirect, so it is not a hub, although it uses {{{{{template}}}}}.",
            "put the infobox on the page the redirect points to, and remove it here."),))
    return parse_hub_page(title, text, template)


def vanished(watched: Sequence[str], listed: Sequence[str], pages: Mapping[str, PageText],
             template: str) -> tuple[list[str], list[Problem]]:
    """Pages watched from earlier runs that MediaWiki no longer lists: (still watched, problems)."""
    listed_set = set(listed)
    still, problems = [], []
    for title in watched:
        if title in listed_set:
            continue
        page = pages.get(title)
        if page is None or not page.exists or is_redirect(page) or not mentions_template(page.text, template):
            continue          # deleted, moved or its infobox removed: the summary names it
        still.append(title)
        problems.append(Problem(
            title, None,
            f"MediaWiki no longer sees the {{{{{template}}}}} on this page, so the hub has left every list, "
            "although the infobox is still in the text.",
            "an unclosed [[ or {{, a stray }}, <nowiki> or <!-- before or inside the infobox usually causes "
            "this: compare the page with its previous revision and close or remove it."))
    return still, problems


def duplicate_names(hubs: Sequence) -> list[Problem]:
    """Two hub pages that give the same name: readers see two identical rows, so both pages are told."""
    by_name: dict[str, list[str]] = {}
    for hub in hubs:
        by_name.setdefault(hub.display_name.casefold(), []).append(hub.page)
    problems = []
    for pages in by_name.values():
        for page in pages if len(pages) > 1 else ():
            others = ", ".join(p for p in pages if p != page)
            problems.append(Problem(page, "name", f"the hub page {others} gives the same name; readers see two "
                                                  "rows they cannot tell apart.",
                                    "give each hub its own name, or keep one page and redirect the other."))
    return problems


def hub_titles(found: Sequence[str], prefix: str) -> list[str]:
    """Hub pages from the transclusion list: prefix filter, translation copies left out."""
    titles = [t for t in found if t.startswith(prefix)] if prefix else list(found)
    present = set(titles)
    out = []
    for title in titles:
        m = LANGUAGE_SUBPAGE.match(title)
        if m and m.group("base") in present:
            continue   # Hub/fr is a translation of Hub: one hub, not two
        out.append(title)
    return sorted(out)
