"""Escaping at the render edge, in one place (the wikitext half of the boundary in bot.values).

Every value that comes from an editor (names, scopes, labels, URLs) passes
through one of these before it reaches generated wikitext, so no input can
break a table, open a template or link, inject a tag, sign a page (``~~~~``)
or change the page's behaviour (``__NOTOC__``). Characters become HTML
entities, which MediaWiki shows literally; URLs are percent-encoded
(bot.values.url). Values arrive decoded (``&#126;`` is already ``~``), so
whatever entity or Unicode form an editor used, the escaped form reaches the page.
"""

from __future__ import annotations

import functools
import re

from bot import values

_ENTITIES = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;",
    "{": "&#123;", "}": "&#125;", "[": "&#91;", "]": "&#93;", "~": "&#126;",
}
# Sequences that are markup only when doubled: bold/italic, header cells, behaviour switches.
_DOUBLES = (("''", "&#39;&#39;"), ("!!", "&#33;&#33;"), ("__", "&#95;&#95;"))
_LINE_START = {"*": "&#42;", "#": "&#35;", ":": "&#58;", ";": "&#59;", "-": "&#45;", " ": "&#32;",
               "=": "&#61;", "!": "&#33;"}
_TABLE = str.maketrans(_ENTITIES)
_BAD_TITLE = re.compile(r"[<>\[\]{}|\x00-\x1f\x7f]")


def cell(value: object) -> str:
    """Any value as inert wikitext for a table cell, a list item or a link label."""
    if value is None:
        return ""
    return _cell(str(value))


@functools.lru_cache(maxsize=1 << 16)   # statuses and types repeat; `hubbot watch` renders the same hubs again
def _cell(raw: str) -> str:
    text = _escaped(values.text(raw))                   # newlines and tabs become spaces, controls go
    if text[:1] in _LINE_START:
        text = _LINE_START[text[0]] + text[1:]
    # Magic links (ISBN, RFC, PMID) are harmless; free URLs stay readable as text.
    return text


def _inline(raw: str) -> str:
    """Like cell() for a piece inside a line: spaces at the edges are kept, the line start is not escaped."""
    core = values.text(raw)
    if not core:
        return " " if raw else ""
    return (" " if raw[:1].isspace() else "") + _escaped(core) + (" " if raw[-1:].isspace() else "")


def _escaped(text: str) -> str:
    text = text.translate(_TABLE)
    for pair, entity in _DOUBLES:
        if pair in text:
            text = text.replace(pair, entity)
    # A quote at an edge would join the template's own bold or italic quotes around the value.
    if text[:1] == "'":
        text = "&#39;" + text[1:]
    if text[-1:] == "'":
        text = text[:-1] + "&#39;"
    return text


def rich(parts) -> str:
    """A short text of strings and links (Plans) as inert wikitext with working links."""
    out = "".join(_inline(p) if isinstance(p, str) else
                  external_link(p.target, p.label) if p.external else internal_link(p.target, p.label)
                  for p in parts).strip()
    if out[:1] in _LINE_START:
        out = _LINE_START[out[0]] + out[1:]
    return out


def file_link(name: str | None, size: int, alt: str | None = None) -> str:
    """``[[File:name|120px|alt=...]]`` for a map thumbnail; an unusable name is shown as text."""
    if not name:
        return ""
    name = name.replace("_", " ")                       # the same file for MediaWiki; no __ in the text
    if not safe_title(name) or ":" in name or "/" in name:
        return cell(name)
    alt_text = f"|alt={cell(alt)}" if alt else ""
    return f"[[File:{name}|{int(size)}px{alt_text}]]"


def safe_title(title: str | None) -> bool:
    """A title that can be a link target as it is: no link or template markup, no signature, no control."""
    return bool(title) and not _BAD_TITLE.search(title) and "~~~" not in title


def internal_link(target: str, label: str | None = None) -> str:
    """``[[Special:MyLanguage/Target|label]]`` so readers land on their translation."""
    shown = cell(label if label else target)
    target = target.replace("_", " ")                   # the same title for MediaWiki; no __ in the text
    if not safe_title(target):
        return shown
    prefix = "" if target.lower().startswith("special:") else "Special:MyLanguage/"
    return f"[[{prefix}{target}|{shown}]]"


def external_link(url: str, label: str | None = None) -> str:
    """``[url label]``; without a label, the site's domain is shown (not a bare [1])."""
    address = values.url(url) if url else None
    if not address:
        return cell(label or url)
    if not label:
        label = url.strip().split("//", 1)[-1].split("/", 1)[0]
    return f"[{address} {cell(label)}]"


TRANSLATE_TAG = re.compile(r"</?translate", re.IGNORECASE)


def lua_string(value: object) -> str:
    """A Lua double-quoted string literal for any value (for generated data modules).

    ``~``, ``{`` and the second ``_`` of ``__`` are decimal escapes, so the module's source holds no
    signature, subst or behaviour switch even where a wiki would treat it as wikitext; so is the ``<`` of a
    ``<translate`` or ``</translate``: a module whose text holds ``<translate>`` (a notice telling an editor to
    put a list outside it) would be refused at its next save as a translatable page replaced whole.
    """
    text = "" if value is None else str(value)
    out = []
    previous = ""
    for i, ch in enumerate(text):
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in "~{" or (ch == "_" and previous == "_") or (ch == "<" and TRANSLATE_TAG.match(text, i)):
            out.append(f"\\{ord(ch):03d}")
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\{ord(ch):03d}")
        else:
            out.append(ch)
        previous = ch
    return '"' + "".join(out) + '"'
