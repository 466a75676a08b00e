"""The on-wiki contract for generated text: where the bot may write (pure).

- Whole page (no region configured): the bot owns the page; its text is the
  generated text.
- Region ``ID``: only the lines between ``<!-- hubbot:begin ID -->`` and
  ``<!-- hubbot:end ID -->``, each marker on its own line, are replaced;
  every byte outside stays as it was.
- Refused, page not edited: a missing begin or end marker, duplicated markers,
  markers out of order, a marker not on its own line, another region's marker
  inside, or a region inside ``<translate>`` (editing it would change
  translation units).

Generated text starts with a note carrying a hash of what the bot wrote. When
the text found on the wiki no longer matches that hash, a human edited inside
the generated text; the lines that the new text would drop are reported, so
nothing is lost silently.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

from mwparserfromhell.nodes import Comment, Text

from bot.parsing.wikitext import container_name, line_around, parse_structure, top_level

TRANSLATE_OPEN = re.compile(r"<translate(?:\s[^>]*)?>", re.IGNORECASE)
TRANSLATE_CLOSE = re.compile(r"</translate\s*>", re.IGNORECASE)
# Markup that is text, not a node, only when it is left open: a template, table, link or block tag.
OPENED = re.compile(r"\{\{|\{\||\[\[|<(?:div|span|table|ref|blockquote|center|small|big|font|poem|gallery|"
                    r"includeonly|onlyinclude|noinclude|nowiki|pre)\b", re.IGNORECASE)
MARKER = re.compile(r"^\s*hubbot:(begin|end)\s+(\S+)\s*$")
NOTE = re.compile(r"^(?:<!-- hubbot:generated sha1=([0-9a-f]{12})\b[^\n]*-->|-- hubbot:generated sha1=([0-9a-f]{12})\b[^\n]*)\n?")


class RegionError(Exception):
    """The page's markers are missing or broken: the page must not be edited."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


@dataclass(frozen=True)
class Splice:
    text: str              # the whole new page text
    old_body: str          # what the region (or page) held before, without the note
    human_edited: bool     # the old body is not what the bot last wrote
    dropped_lines: tuple[str, ...]  # lines of a human-edited old body the new body leaves out


def normalize(text: str) -> str:
    """What MediaWiki stores for a text: NFC, LF line ends, no trailing whitespace."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).rstrip()


def digest(body: str) -> str:
    return hashlib.sha1(normalize(body).encode("utf-8")).hexdigest()[:12]


def with_note(body: str, owner: str, lua: bool = False) -> str:
    """The generated text as written to the wiki: a note (a Lua comment on modules), then the body."""
    body = normalize(body)
    note = (f"hubbot:generated sha1={digest(body)} · {owner}: edits here are replaced "
            f"on the next run; edit the hub pages' {{{{Hub infobox}}}} instead")
    return f"-- {note}\n{body}\n" if lua else f"<!-- {note} -->\n{body}\n"


def line_key(line: str) -> str:
    """A short key of one line of generated text (what saved-outputs.json keeps of the bot's lines)."""
    return hashlib.sha1(line.encode("utf-8")).hexdigest()[:10]


NOTE_LINE = re.compile(r"^(?:<!-- hubbot:generated sha1=([0-9a-f]{12})\b.*-->|-- hubbot:generated sha1=([0-9a-f]{12})\b.*)$")


def generated_lines(text: str) -> frozenset[str]:
    """The keys (``line_key``) of the lines of every generated text in ``text``, a page as the bot saved it:
    each starts on the line after its note and ends on the line where its body's hash is the note's."""
    lines = text.split("\n")
    keys: set[str] = set()
    for i, line in enumerate(lines):
        m = NOTE_LINE.match(line)
        if not m:
            continue
        wanted, body = m.group(1) or m.group(2), hashlib.sha1()
        for j in range(i + 1, len(lines)):
            body.update((lines[j] if j == i + 1 else "\n" + lines[j]).encode("utf-8"))
            if body.copy().hexdigest()[:12] == wanted:
                keys.update(line_key(x) for x in lines[i + 1:j + 1])
                break
    return frozenset(keys)


def split_note(generated: str) -> tuple[str | None, str]:
    """(hash in the note or None, body) of text the bot wrote earlier."""
    m = NOTE.match(generated.lstrip("\n"))
    if not m:
        return None, generated
    return m.group(1) or m.group(2), generated.lstrip("\n")[m.end():]


def _without_body(text: str, region: str) -> tuple[str, Callable[[int], int]]:
    """The page with the region's current content left out, for parsing the rest, and how an offset
    in it maps back to the page.

    The content is the bot's own (possibly thousands of rows); whether the markers are
    well placed depends only on the text around them.
    """
    begins = list(re.finditer(rf"<!--\s*hubbot:begin\s+{re.escape(region)}\s*-->", text))
    ends = list(re.finditer(rf"<!--\s*hubbot:end\s+{re.escape(region)}\s*-->", text))
    if len(begins) == 1 and len(ends) == 1 and begins[0].end() <= ends[0].start():
        cut, resume = begins[0].end(), ends[0].start()
        return text[:cut] + "\n" + text[resume:], lambda o: o if o <= cut else o + resume - cut - 1
    return text, lambda o: o


@dataclass(frozen=True)
class _Marker:
    kind: str               # begin | end
    ident: str              # the region's ID
    source: str             # the comment as written
    offset: int | None      # where it starts, when it is on the page itself (a top-level node)
    container: str = ""     # what holds it otherwise: "translate", "a template's parameter", "a <div>", ...


def _markers(code) -> list[_Marker]:
    """Every marker comment in page order. Offsets are sums of the source lengths of the page's top-level
    nodes (``str(node)`` is its exact source), never the position of a text searched for."""
    translated = {id(c) for tag in code.filter_tags(recursive=True)
                  if str(tag.tag).strip().lower() == "translate" and tag.contents is not None
                  for c in tag.contents.filter_comments(recursive=True)}
    found: list[_Marker] = []
    for offset, node in top_level(code):
        comments = [node] if isinstance(node, Comment) else [
            c for child in node.__children__() for c in child.filter_comments(recursive=True)]
        for comment in comments:
            m = MARKER.match(str(comment.contents))
            if not m:
                continue
            if comment is node:
                found.append(_Marker(m.group(1), m.group(2), str(node), offset))
            else:
                where = "translate" if id(comment) in translated else container_name(node)
                found.append(_Marker(m.group(1), m.group(2), str(comment), None, where))
    return found


def _page_text_before(code, before: int) -> str:
    """The page's own text before ``before``: what the parser could not make a node of. A template, table,
    link or tag closed there is a node; one left open is text (one in a comment or <nowiki> is not)."""
    return "".join(str(node) for offset, node in top_level(code) if offset < before and isinstance(node, Text))


def _unclosed_translate(text: str) -> bool:
    return len(TRANSLATE_OPEN.findall(text)) > len(TRANSLATE_CLOSE.findall(text))


def locate(text: str, region: str) -> tuple[int, int]:
    """Offsets (start, end) of the region's content: just after the begin line, at the end line."""
    stripped, to_page = _without_body(text, region)
    code = parse_structure(stripped)
    ours = [m for m in _markers(code) if m.ident == region]
    begins = [m for m in ours if m.kind == "begin"]
    ends = [m for m in ours if m.kind == "end"]
    begin_m, end_m = f"<!-- hubbot:begin {region} -->", f"<!-- hubbot:end {region} -->"
    how = f"put {begin_m} and {end_m} each on its own line around the generated text, outside <translate>"
    if not begins and not ends:
        raise RegionError(f"the page has no markers for region {region!r}.", how + ".")
    if len(begins) > 1 or len(ends) > 1:
        twice = [f"the {kind} marker" for kind, found in (("begin", begins), ("end", ends)) if len(found) > 1]
        raise RegionError(f"{' and '.join(twice)} of region {region!r} {'appear' if len(twice) > 1 else 'appears'} "
                          f"more than once ({len(begins)} begin, {len(ends)} end).",
                          f"keep one {begin_m} and one {end_m}, each on its own line around the generated "
                          "text, and delete the other copies.")
    if not ends:
        raise RegionError(f"region {region!r} has a begin marker but no end marker.",
                          f"add {end_m} on its own line after the generated text.")
    if not begins:
        raise RegionError(f"region {region!r} has an end marker but no begin marker.",
                          f"add {begin_m} on its own line before the generated text.")
    begin, end = begins[0], ends[0]
    if "translate" in (begin.container, end.container):
        raise RegionError(f"region {region!r} is inside <translate>; writing there would change "
                          "translation units.", "move the markers outside <translate>...</translate>.")
    nested = begin if begin.offset is None else end if end.offset is None else None
    if nested:
        raise RegionError(f"a marker of region {region!r} is inside {nested.container}; the generated text there "
                          "would change what contains it (a template's parameters, a table's cells).",
                          "put each marker on a line of its own on the page itself, not inside a template, "
                          "table, <div> or other tag.")
    start_line = _own_line(text, to_page(begin.offset), begin.source, region)
    end_line = _own_line(text, to_page(end.offset), end.source, region)
    before = _page_text_before(code, begin.offset)
    if _unclosed_translate(before):
        raise RegionError(f"region {region!r} comes after a <translate> that is never closed before it; "
                          "writing there could change translation units.",
                          "close the <translate> before the markers (Translate needs it closed anyway).")
    opened = OPENED.search(before)
    if opened:      # e.g. {{Box| before the begin marker and its }} in the old region: replaced, it would be lost
        raise RegionError(f"region {region!r} comes after {opened.group(0)!r} that is not closed before the begin "
                          "marker: the generated text would end up inside it, and a close inside the region "
                          "would be replaced.", f"close {opened.group(0)!r} before {begin_m}, or move the markers.")
    if end_line[0] < start_line[0]:
        raise RegionError(f"the end marker of region {region!r} comes before its begin marker.",
                          "swap them.")
    between = text[start_line[1]:end_line[0]]
    inner = [ident for ident in _marker_ids(between)]
    if inner:
        raise RegionError(f"region {region!r} contains markers of region {inner[0]!r}.",
                          "regions must not nest or overlap; move one of them.")
    return start_line[1], end_line[0]


def _marker_ids(text: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"<!--\s*hubbot:(?:begin|end)\s+(\S+)\s*-->", text)]


def _own_line(text: str, pos: int, marker: str, region: str) -> tuple[int, int]:
    """(line start, offset after the line's newline) of a marker that must stand alone on its line."""
    line_start, line_end = line_around(text, pos, pos + len(marker))
    if text[line_start:pos].strip() or text[pos + len(marker):line_end].strip():
        raise RegionError(f"a marker of region {region!r} shares its line with other text.",
                          "put each marker on a line of its own.")
    return line_start, min(line_end + 1, len(text))


def splice(text: str, region: str | None, body: str, owner: str, lua: bool = False) -> Splice:
    """The page text with the generated ``body`` in place; raises RegionError when unsafe."""
    if region is not None:
        return splice_span(text, locate(text, region), body, owner)
    return _spliced(with_note(body, owner, lua), text, body)


def splice_span(text: str, span: tuple[int, int], body: str, owner: str) -> Splice:
    """The page text with ``text[start:end]`` replaced by the generated ``body`` (its note first).

    For marker regions (``locate``) and on-wiki lists (bot.lists): the same note, hash and
    detection of human lines, whoever found the span.
    """
    start, end = span
    return _spliced(text[:start] + with_note(body, owner) + text[end:], text[start:end], body)


def _spliced(new_text: str, old: str, body: str) -> Splice:
    old_hash, old_body = split_note(old)
    human = bool(normalize(old_body)) and (old_hash is None or old_hash != digest(old_body))
    dropped: tuple[str, ...] = ()
    if human:
        keep = set(normalize(body).splitlines())
        dropped = tuple(line for line in normalize(old_body).splitlines()
                        if line.strip() and line not in keep)
    return Splice(text=new_text, old_body=old_body, human_edited=human, dropped_lines=dropped)
