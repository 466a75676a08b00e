"""Pure helpers that turn editor wikitext into plain values (mwparserfromhell, no I/O).

Editors write infobox values and table cells with all the markup Meta uses:
HTML comments, Translate's ``<translate>``, ``<!--T:n-->`` and ``<tvar>``,
``<ref>``s, ``<nowiki>``, links with labels, small templates. ``plain()``
reduces such a value to the text a reader sees, never raising, and says which
parts it could not keep (templates it cannot expand), so the parser can report them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import Argument, Comment, ExternalLink, HTMLEntity, Heading, Tag, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from bot.models import Plan
from bot.titles import canonical_template, canonical_title

# Templates whose visible output is their last positional argument ({{Status|Pilot}} shows "Pilot").
TRANSPARENT_TEMPLATES = {"status", "lang", "language", "nowrap", "small", "tooltip"}
# Tags whose content is dropped: references are footnotes, not the value.
DROPPED_TAGS = {"ref", "references", "languages", "gallery", "math", "syntaxhighlight", "score"}
_SPACES = re.compile(r"\s+")
_MYLANGUAGE = re.compile(r"^\s*:?\s*special\s*:\s*mylanguage\s*/", re.IGNORECASE)
OLD_TVAR = re.compile(r"<tvar\|[^>]*>|</>")
TVAR = re.compile(r"<tvar(?:\s+name\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?\s*>(.*?)</tvar\s*>", re.S | re.I)


def without_translate_variables(text: str) -> str:
    """Text as Translate shows it: <tvar> wrappers (new and old syntax) removed, their content kept.

    For reading only: Translate resolves them before MediaWiki parses links and templates,
    so a link like [[<tvar name="1">Page</tvar>|label]] is a link. Never used to edit a page.
    """
    return OLD_TVAR.sub("", TVAR.sub(r"\1", text))


@dataclass
class Plain:
    text: str
    dropped: list[str] = field(default_factory=list)   # wikitext we could not turn into text


def parse(text: str) -> Wikicode:
    return mwparserfromhell.parse(text)


def parse_structure(text: str) -> Wikicode:
    """The page's structure, for finding where the bot may write: templates, tags, tables, comments.

    Bold and italic quotes are left as text: MediaWiki closes them at each line's end, but
    mwparserfromhell can pair the quotes of one line with quotes lines later, which would put
    everything between (a list, a marker) inside an <i> or <b> that does not exist.
    """
    return mwparserfromhell.parse(text, skip_style_tags=True)


def top_level(code: Wikicode):
    """(offset, node) for each node of the page itself, in order. ``str(node)`` is a node's exact source,
    so the sums are true offsets in the parsed text: never the position of a mark searched for."""
    offset = 0
    for node in code.nodes:
        yield offset, node
        offset += len(str(node))


def container_name(node) -> str:
    """How a message names a node that holds something: "translate" for <translate> (its fix differs),
    "a table", "a <div>", "a template's parameter", "a heading or link"."""
    if isinstance(node, Tag):
        tag = str(node.tag).strip().lower()
        return tag if tag == "translate" else "a table" if node.wiki_markup == "{|" else f"a <{tag}>"
    if isinstance(node, Template):
        return "a template's parameter"
    return "a heading or link"


def line_around(text: str, start: int, end: int) -> tuple[int, int]:
    """(where the line holding ``text[start]`` begins, where the line holding ``text[end]`` ends, before its
    newline): for "on a line of its own" checks."""
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end == -1 else line_end


def link_target(title: str) -> str:
    """The page a wikilink's target names, as MediaWiki stores its title (bot.titles), without the
    ``Special:MyLanguage/`` a translatable page puts before it."""
    return canonical_title(_MYLANGUAGE.sub("", title), check=False)


def template_key(name: str) -> str:
    """Compare template names the way MediaWiki does (Template: prefix, _ and first letter ignored)."""
    return canonical_template(str(name), check=False)


def plain(value: Wikicode | str) -> Plain:
    """The visible text of a wikitext fragment, with whitespace collapsed."""
    code = parse(value) if isinstance(value, str) else value
    out = Plain("")
    parts: list[str] = []
    _walk(code, parts, out.dropped)
    text = html.unescape("".join(parts)).replace("\u00a0", " ")
    text = OLD_TVAR.sub("", text)
    out.text = _SPACES.sub(" ", text).strip()
    return out


def _walk(code: Wikicode, parts: list[str], dropped: list[str]) -> None:
    for node in code.nodes:
        if isinstance(node, Text):   # bold/italic quotes are markup here, but not inside <nowiki>
            parts.append(str(node.value).replace("'''", "").replace("''", ""))
        elif isinstance(node, Comment):
            continue
        elif isinstance(node, HTMLEntity):
            parts.append(node.normalize())
        elif isinstance(node, Wikilink):
            title = str(node.title)
            if node.text is not None:
                _walk(node.text, parts, dropped)
            else:
                parts.append(link_target(title))
        elif isinstance(node, ExternalLink):
            if node.title is not None:
                _walk(node.title, parts, dropped)
            else:
                parts.append(str(node.url))
        elif isinstance(node, Tag):
            tag = str(node.tag).strip().lower()
            if tag in DROPPED_TAGS:
                continue
            if tag == "br":
                parts.append(" ")
            elif tag == "nowiki":
                parts.append(str(node.contents) if node.contents is not None else "")
            elif node.contents is not None:
                _walk(node.contents, parts, dropped)
        elif isinstance(node, Template):
            name = template_key(node.name).lower()
            positional = [p for p in node.params if not p.showkey]
            if name in TRANSPARENT_TEMPLATES and positional:
                _walk(positional[-1].value, parts, dropped)
            elif name in ("!",):
                parts.append("|")
            else:
                dropped.append(str(node))
        elif isinstance(node, Heading):
            _walk(node.title, parts, dropped)
        elif isinstance(node, Argument):
            dropped.append(str(node))
        else:
            parts.append(str(node))


def template_calls(code: Wikicode, name: str) -> list[Template]:
    """Every call of template ``name`` in ``code`` (nested ones too), by MediaWiki's name rules."""
    wanted = template_key(name)
    return [t for t in code.filter_templates(recursive=True) if template_key(t.name) == wanted]


def is_media_link(plan: Plan, categories: bool = True) -> bool:
    """A wikilink to a file (an image, a map) or a category: not a page."""
    kinds = ("file", "image", "category") if categories else ("file", "image")
    return not plan.external and plan.target.split(":", 1)[0].strip().lower() in kinds


def links(value: Wikicode | str) -> tuple[list[Plan], list[str]]:
    """The links in a fragment, in order (including those inside refs), and leftover text.

    Returns (plans, leftovers): leftovers are non-separator words outside any link,
    which the caller may report (a plan should be a link).
    """
    code = parse(value) if isinstance(value, str) else value
    plans: list[Plan] = []
    leftovers: list[str] = []
    _collect_links(code, plans, leftovers)
    return plans, leftovers


_SEPARATORS = re.compile(r"^[\s*#:;,•·\-–—()\[\]]*$")


def _collect_links(code: Wikicode, plans: list[Plan], leftovers: list[str]) -> None:
    for node in code.nodes:
        if isinstance(node, Wikilink):
            target = link_target(str(plain(node.title).text))
            if not target:
                continue
            label = plain(node.text).text if node.text is not None else None
            plans.append(Plan(target=target, label=label or None, external=False))
        elif isinstance(node, ExternalLink):
            url = plain(node.url).text
            if not url:
                continue
            label = plain(node.title).text if node.title is not None else None
            plans.append(Plan(target=url, label=label or None, external=True))
        elif isinstance(node, Tag):
            tag = str(node.tag).strip().lower()
            if node.contents is not None and tag not in ("nowiki",):
                _collect_links(node.contents, plans, leftovers)
        elif isinstance(node, Template):
            for param in node.params:
                _collect_links(param.value, plans, [])
        elif isinstance(node, Text):
            text = html.unescape(OLD_TVAR.sub("", str(node.value)))
            for piece in re.split(r"[\n;]", text):
                if not _SEPARATORS.match(piece):
                    leftovers.append(piece.strip())


@dataclass
class Rich:
    """A short text with links kept: strings and Plans in reading order, and what was left out."""

    parts: tuple[str | Plan, ...]
    dropped: list[str] = field(default_factory=list)   # wikitext not shown: templates, refs, images


def rich(value: Wikicode | str) -> Rich:
    """The visible text of a fragment with its links kept as links (for ``details``).

    The visible text equals ``plain(value).text`` except that the parts left out
    (references, templates the bot cannot expand, images) are listed in ``dropped``.
    """
    code = parse(value) if isinstance(value, str) else value
    raw: list[str | Plan] = []
    dropped: list[str] = []
    _walk_rich(code, raw, dropped)
    merged: list[str | Plan] = []
    for part in raw:
        if isinstance(part, str):
            part = _SPACES.sub(" ", OLD_TVAR.sub("", html.unescape(part)).replace("\u00a0", " "))
            if merged and isinstance(merged[-1], str):
                merged[-1] = _SPACES.sub(" ", merged[-1] + part)
                continue
            if not part:
                continue
        merged.append(part)
    if merged and isinstance(merged[0], str):
        merged[0] = merged[0].lstrip()
    if merged and isinstance(merged[-1], str):
        merged[-1] = merged[-1].rstrip()
    return Rich(tuple(p for p in merged if p != ""), dropped)


def _walk_rich(code: Wikicode, parts: list, dropped: list[str]) -> None:
    for node in code.nodes:
        if isinstance(node, Wikilink):
            target = link_target(plain(node.title).text)
            label = plain(node.text).text if node.text is not None else None
            link = Plan(target=target, label=label or None)
            if not target:
                continue
            if is_media_link(link):
                if not target.lower().startswith("category:"):
                    dropped.append(str(node))
                continue
            parts.append(link)
        elif isinstance(node, ExternalLink):
            url = plain(node.url).text
            label = plain(node.title).text if node.title is not None else None
            if url:
                parts.append(Plan(target=url, label=label or None, external=True))
        elif isinstance(node, Tag) and str(node.tag).strip().lower() not in ("br", "nowiki"):
            if str(node.tag).strip().lower() in DROPPED_TAGS:
                dropped.append(str(node))
            elif node.contents is not None:
                _walk_rich(node.contents, parts, dropped)
        elif isinstance(node, Template) and template_key(node.name).lower() in TRANSPARENT_TEMPLATES:
            positional = [p for p in node.params if not p.showkey]
            if positional:
                _walk_rich(positional[-1].value, parts, dropped)
        elif isinstance(node, Text):
            parts.append(str(node.value).replace("'''", "").replace("''", ""))
        elif isinstance(node, HTMLEntity):
            parts.append(node.normalize())
        elif isinstance(node, Tag):            # <br> and <nowiki>
            is_br = str(node.tag).strip().lower() == "br"
            parts.append(" " if is_br or node.contents is None else str(node.contents))
        elif isinstance(node, Comment):
            continue
        elif isinstance(node, Template) and template_key(node.name) == "!":
            parts.append("|")
        elif isinstance(node, (Template, Argument)):
            dropped.append(str(node))
        else:
            shown = plain(parse(str(node)))
            dropped.extend(shown.dropped)
            parts.append(shown.text)
