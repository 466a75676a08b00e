"""Page titles as MediaWiki reads them (pure): validate and normalize what an operator typed.

MediaWiki stores one spelling of every title: underscores are spaces, runs of
spaces are one, a leading ``:`` is dropped, a namespace name is matched without
regard to case (``user talk:`` is ``User talk:``), and the first letter after the
namespace is upper case (``$wgCapitalLinks``, as on Meta). Characters such as
``| [ ] { } < >`` cannot be in a title, and ``#`` starts a section, not a page.

``canonical_title`` applies these rules so that two spellings of one page in a
config (``Same page`` / ``same_page``) are seen as one page, and a title the wiki
would read differently (``X|Y`` is page ``X`` in a link) is refused with a
reason and a fix. It is the only title normaliser: with ``check=False`` it never
refuses and only normalizes, for titles read from pages and from the wiki (a
link's target, a file name, an export's or the memory wiki's page keys). Namespaces are the ones every MediaWiki has (plus Scribunto's
``Module`` and Translate's ``Translations``); an unknown prefix such as ``Hubs:``
is part of a main-namespace title, as MediaWiki reads it on a wiki without that
namespace. Interwiki prefixes are not known here.
"""

from __future__ import annotations

import html
import re

# Canonical namespace names by number, and the aliases MediaWiki accepts for them.
NAMESPACES = {
    -2: "Media", -1: "Special", 1: "Talk", 2: "User", 3: "User talk", 4: "Project", 5: "Project talk",
    6: "File", 7: "File talk", 8: "MediaWiki", 9: "MediaWiki talk", 10: "Template", 11: "Template talk",
    12: "Help", 13: "Help talk", 14: "Category", 15: "Category talk", 828: "Module", 829: "Module talk",
    1198: "Translations", 1199: "Translations talk",
}
ALIASES = {"image": 6, "image talk": 7}
# A translation page of Translate (``Hubs/sw``, ``Hubs/pt-br``): the source page's title and a language code.
LANGUAGE_SUBPAGE = re.compile(r"^(?P<base>.+)/(?P<code>[a-z]{2,3}(?:-[a-z0-9]{2,8})*)$")
_BY_NAME = {**{name.lower(): number for number, name in NAMESPACES.items()}, **ALIASES}
_SPACES = re.compile(r"[ _\t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_ILLEGAL = re.compile(r"[<>\[\]|{}\x00-\x1f\x7f\ufffd]")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_RELATIVE = re.compile(r"^\.\.?(/|$)|/\.\.?(/|$)")
MAX_BYTES = 255


class TitleError(ValueError):
    """The text cannot be a page title; ``problem`` and ``fix`` are for the operator."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(f"{problem} {fix}")
        self.problem = problem
        self.fix = fix


def _upper_first(text: str) -> str:
    first = text[:1].upper()
    return (first if len(first) == 1 else text[:1]) + text[1:]


def split_namespace(title: str, aliases: dict[str, int] | None = None) -> tuple[int, str]:
    """(namespace number, rest) of an already space-normalized title; 0 when no known prefix.
    ``aliases``: a wiki's own namespace names besides these (lower case), e.g. ``{"meta": 4}`` on Meta."""
    if ":" in title:
        prefix, rest = title.split(":", 1)
        key = prefix.strip().lower()
        number = _BY_NAME.get(key, (aliases or {}).get(key))
        if number is not None:
            return number, rest.strip()
    return 0, title


def canonical_title(raw: str, *, editable: bool = True, check: bool = True) -> str:
    """The title as MediaWiki stores it, or TitleError saying why it cannot be one.

    ``editable``: refuse Special: and Media: pages (they cannot be saved).
    ``check=False``: never refuse; only normalize (entities, spaces and underscores, a leading ``:``,
    the namespace's name, the first letter), for titles that come from pages or from the wiki.
    """
    text = str(raw).strip()
    if not check:
        return _normal_form(html.unescape(text))[1]
    if text.startswith("[[") and text.endswith("]]"):
        inner = text[2:-2].split("|", 1)[0].strip()
        raise TitleError(f"{text!r} is a link, not a page title.", f"write the title alone: {inner}")
    if text.startswith("{{") and text.endswith("}}"):
        raise TitleError(f"{text!r} is a template call, not a page title.",
                         f"write the page's title alone, e.g. Template:{text[2:-2].split('|', 1)[0].strip()}")
    text = html.unescape(text)
    if "#" in text:
        page, section = text.split("#", 1)
        raise TitleError(f"{text!r} names a section (#{section}); a page title cannot contain '#'.",
                         f"write the page alone: {page.strip() or 'a page title'}")
    bad = sorted(set(_ILLEGAL.findall(text)))
    if bad:
        shown = " ".join(repr(c) for c in bad)
        raise TitleError(f"{text!r} contains {shown}, which a page title cannot contain.",
                         "write the exact title of the page (as in its address), without link or template markup.")
    if _PERCENT.search(text):
        raise TitleError(f"{text!r} contains a %-escape ({_PERCENT.search(text).group(0)}).",
                         "write the title as readers see it (e.g. 'A B', not 'A%20B').")
    number, title = _normal_form(text)
    rest = split_namespace(title)[1] if number else title
    if not rest:
        raise TitleError(f"{str(raw)!r} is not a page title (it is empty{' after the namespace' if number else ''}).",
                         "write the full title, e.g. User:HubBot/Errors.")
    if _RELATIVE.search(rest) or "~~~" in rest:
        raise TitleError(f"{text!r} contains a relative path ('.', '..') or '~~~', which titles cannot contain.",
                         "write the full title without './', '../' or '~~~'.")
    if editable and number < 0:
        raise TitleError(f"{text!r} is a {NAMESPACES[number]}: page, which cannot be edited.",
                         "use a page in an editable namespace, e.g. User:HubBot/Errors.")
    if len(title.encode("utf-8")) > MAX_BYTES:
        raise TitleError(f"the title {title[:40]!r}... is longer than {MAX_BYTES} bytes.", "use a shorter title.")
    return title


def _normal_form(text: str) -> tuple[int, str]:
    """(namespace number, title) in MediaWiki's spelling: one space for every run of spaces and
    underscores, no leading ``:``, the namespace's canonical name, the first letter after it upper case."""
    text = _SPACES.sub(" ", text).strip()
    if text.startswith(":"):
        text = text[1:].strip()
    number, rest = split_namespace(text)
    return number, (NAMESPACES[number] + ":" if number else "") + _upper_first(rest)


def canonical_template(raw: str, *, check: bool = True) -> str:
    """A template name as ``{{...}}`` uses it: the Template: prefix dropped, other namespaces kept.
    ``check=False``: never refuse (the name of a template called on a page)."""
    text = str(raw).strip()
    if check and text.startswith("{{") and text.endswith("}}"):
        inner = text[2:-2].split("|", 1)[0].strip()
        raise TitleError(f"{text!r} is a template call, not a template name.", f"write the name alone: {inner}")
    title = canonical_title(text, check=check)
    number, rest = split_namespace(title)
    return rest if number == 10 else title
