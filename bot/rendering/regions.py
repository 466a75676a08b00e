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

from bot.parsing.wikitext import parse

TRANSLATE_OPEN = re.compile(r"<translate(?:\s[^>]*)?>", re.IGNORECASE)
TRANSLATE_CLOSE = re.compile(r"</translate\s*>", re.IGNORECASE)
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


def split_note(generated: str) -> tuple[str | None, str]:
    """(hash in the note or None, body) of text the bot wrote earlier."""
    m = NOTE.match(generated.lstrip("\n"))
    if not m:
        return None, generated
    return m.group(1) or m.group(2), generated.lstrip("\n")[m.end():]


def _without_body(text: str, region: str) -> str:
    """The page with the region's current content left out, for parsing the rest.

    The content is the bot's own (possibly thousands of rows); whether the markers are
    well placed depends only on the text around them.
    """
    begins = list(re.finditer(rf"<!--\s*hubbot:begin\s+{re.escape(region)}\s*-->", text))
    ends = list(re.finditer(rf"<!--\s*hubbot:end\s+{re.escape(region)}\s*-->", text))
    if len(begins) == 1 and len(ends) == 1 and begins[0].end() <= ends[0].start():
        return text[:begins[0].end()] + "\n" + text[ends[0].start():]
    return text


def locate(text: str, region: str) -> tuple[int, int]:
    """Offsets (start, end) of the region's content: just after the begin line, at the end line."""
    code = parse(_without_body(text, region))
    inside_translate = {id(c) for tag in code.filter_tags(recursive=True)
                        if str(tag.tag).strip().lower() == "translate" and tag.contents is not None
                        for c in tag.contents.filter_comments(recursive=True)}
    ours: list[tuple[str, object]] = []
    others: list[tuple[str, str]] = []
    for comment in code.filter_comments(recursive=True):
        m = MARKER.match(str(comment.contents))
        if not m:
            continue
        kind, ident = m.groups()
        if ident == region:
            ours.append((kind, comment))
        else:
            others.append((kind, ident))
    begins = [c for k, c in ours if k == "begin"]
    ends = [c for k, c in ours if k == "end"]
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
    if any(id(c) in inside_translate for c in begins + ends):
        raise RegionError(f"region {region!r} is inside <translate>; writing there would change "
                          "translation units.", "move the markers outside <translate>...</translate>.")
    start_line, end_line = _own_line(text, begins[0], region), _own_line(text, ends[0], region)
    before = text[:start_line[0]]
    if len(TRANSLATE_OPEN.findall(before)) > len(TRANSLATE_CLOSE.findall(before)):
        raise RegionError(f"region {region!r} comes after a <translate> that is never closed before it; "
                          "writing there could change translation units.",
                          "close the <translate> before the markers (Translate needs it closed anyway).")
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


def _own_line(text: str, comment, region: str) -> tuple[int, int]:
    """(line start, offset after the line's newline) of a marker that must stand alone on its line."""
    marker = str(comment)
    positions = [m.start() for m in re.finditer(re.escape(marker), text)]
    if len(positions) != 1:
        raise RegionError(f"a marker of region {region!r} also appears inside <nowiki>, <pre> or a comment.",
                          "remove the extra copy so each marker appears exactly once.")
    pos = positions[0]
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end == -1 else line_end
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
