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
  listed again, deleted, moved or loses its infobox. An infobox that is only in
  text MediaWiki never expands (a comment, closed or never closed, ``<nowiki>``,
  ``<pre>``, ``<includeonly>``...) is such a page too, and the problem names
  what hides it and how to undo that (``hidden_by``).

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
# Text MediaWiki never expands on the page itself: a template call inside these is not "still in the
# text". As MediaWiki's preprocessor reads them: a comment or <includeonly> never closed runs to the end
# of the text; an extension tag (<nowiki>, <pre>...) never closed is plain text, and hides nothing.
INERT = re.compile(r"<!--.*?(?:-->|$)"
                   r"|<(?P<tag>nowiki|pre|syntaxhighlight|source)\b[^>]*?(?<!/)>.*?</(?P=tag)\s*>"
                   r"|<includeonly\b[^>]*?(?<!/)>.*?(?:</includeonly\s*>|$)",
                   re.IGNORECASE | re.DOTALL)


def is_redirect(page: PageText) -> bool:
    return page.redirect or bool(REDIRECT.match(page.text))


def _call(template: str) -> re.Pattern:
    words = r"[ _]+".join(re.escape(w) for w in template_key(template).split())
    return re.compile(r"\{\{\s*(?:template\s*:\s*)?" + words + r"\s*[|}\n<]", re.I)


def mentions_template(text: str, template: str) -> bool:
    """The text still calls the template (however MediaWiki reads the markup around it)."""
    return _call(template).search(INERT.sub(" ", text)) is not None


def hidden_by(text: str, template: str) -> str | None:
    """What hides the template's call from MediaWiki when the text calls it only inside text MediaWiki
    never expands: ``"<!--"`` (a comment never closed), ``"<!-- -->"`` (a comment around it), or the tag
    (``"nowiki"``, ``"pre"``, ``"includeonly"``...); None when a call is live, or there is none."""
    call = _call(template)
    if call.search(INERT.sub(" ", text)):
        return None
    for m in INERT.finditer(text):
        if call.search(m.group(0)):
            if m.group(0).startswith("<!--"):
                return "<!-- -->" if m.group(0).endswith("-->") else "<!--"
            return (m.group("tag") or "includeonly").lower()
    return None


def _hidden_problem(title: str, template: str, hider: str) -> Problem:
    box = f"{{{{{template}}}}}"
    if hider == "<!--":
        return Problem(title, None, f"MediaWiki no longer sees the {box} on this page, so the hub has left every "
                       "list: a comment opened with <!-- before the infobox is never closed, so everything after "
                       "it is hidden, the infobox included.",
                       "close the comment: add --> where it should end (before the infobox), or remove the <!--.")
    if hider == "<!-- -->":
        return Problem(title, None, f"MediaWiki no longer sees the {box} on this page, so the hub has left every "
                       "list: the infobox is inside a comment (<!-- ... -->).",
                       "remove the <!-- before the infobox and the --> after it; if the hub has closed, delete "
                       "the commented-out infobox instead.")
    return Problem(title, None, f"MediaWiki no longer sees the {box} on this page, so the hub has left every "
                   f"list: the infobox is inside <{hider}>...</{hider}>.",
                   f"remove the <{hider}> before the infobox and the </{hider}> after it.")


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
        if page is None or not page.exists or is_redirect(page):
            continue          # deleted or moved: the summary names it
        hider = hidden_by(page.text, template)
        if hider:             # a comment, <nowiki>... around the infobox: MediaWiki no longer sees it
            still.append(title)
            problems.append(_hidden_problem(title, template, hider))
            continue
        if not mentions_template(page.text, template):
            continue          # its infobox removed: the summary names it
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
