"""The one boundary for values that come from the wiki: decoded, checked and made inert (pure).

Everything an editor types is hostile until it has passed through here, whatever
entity or Unicode form it uses: MediaWiki decodes ``&#126;`` before it parses, and
the pre-save transform expands ``~~~~`` in the text the bot *saves*, so a value is
decoded first (bot.parsing.wikitext.plain does that) and made inert after, for the
place where it lands:

- a table cell, list item, caption or link label: ``bot.rendering.escape.cell`` (HTML
  entities for ``| { } [ ] < > & ~``, doubled ``'' !! __``, a line-start character);
- a URL: ``url`` (percent-encoding: the address stays the same, the markup dies);
- a link target: ``bot.rendering.escape.safe_title`` (titles that cannot be one are shown as text);
- a Lua data module: ``bot.rendering.escape.lua_string``;
- an edit summary: ``summary_text`` (plain text, markup removed, length-limited);
- a number: ``whole_number`` (decimal digits only, range-checked: never an exception).

``live_markup`` is the check that the result holds: it names every construct a value
must never bring into generated text (a signature, a behaviour switch, subst). The
planner refuses a section whose generated text has one (a bug in hubbot, never saved).
"""

from __future__ import annotations

import re
import unicodedata

# Characters that are never text: controls (Unicode's Cc: MediaWiki's strip markers start with \x7f) and
# surrogates. Private-use characters are text (fonts use them) and are kept.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Bidi embeddings, overrides and isolates: one left open reverses what follows it in the table row, the
# edit summary or the page history ("Spoof \u202eretsinimda" shows as "Spoof administer"). Marks (LRM, RLM)
# stay: they only place neutral characters.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")

_URL_SHAPE = re.compile(r"^(?:https?:)?//[^\s/?#]+[^\s]*$", re.IGNORECASE)
# In a URL these are markup (signatures, quotes, links, templates, tables) or end the address.
_URL_ESCAPES = {"~": "%7E", "'": "%27", '"': "%22", "<": "%3C", ">": "%3E", "[": "%5B", "]": "%5D",
                "{": "%7B", "}": "%7D", "|": "%7C"}
# What the pre-save transform or the parser would act on in saved wikitext.
SIGNATURE = re.compile(r"~{3,}")
BEHAVIOUR_SWITCH = re.compile(r"__[^\W_]\w*?__")      # __NOTOC__, localised ones (__KEIN_INHALTSVERZEICHNIS__)
SUBST = re.compile(r"\{\{\s*(?:safe)?subst\s*:", re.IGNORECASE)

SUMMARY_NAME_MAX = 60     # characters of one name (a hub's) in an edit summary
SUMMARY_MAX = 500         # MediaWiki cuts edit summaries at 500 characters


def text(value: object) -> str:
    """A value as plain, visible text: NFC, control characters and bidi overrides dropped, whitespace collapsed."""
    raw = "" if value is None else str(value)
    if not raw.isascii():
        raw = unicodedata.normalize("NFC", raw)
        raw = _BIDI_CONTROLS.sub("", raw)
    return _SPACES.sub(" ", _INVISIBLE.sub(" ", raw)).strip()


def whole_number(value: str, low: int, high: int) -> int | None:
    """A whole number from ``low`` to ``high`` written in decimal digits (any script's), else None.

    ``str.isdigit`` also accepts superscripts and circled digits, which ``int`` refuses; the length is
    checked before converting, so an editor's thousand digits are a refusal, not an exception.
    """
    digits = value.strip()
    if not digits or len(digits) > len(str(high)) or not digits.isdecimal():
        return None
    number = int(digits)
    return number if low <= number <= high else None


def url(value: str) -> str | None:
    """A web address as inert wikitext for ``[url label]``, or None when it is not one.

    The value is already decoded (``&#126;`` is ``~``). Characters that are markup are
    percent-encoded (``~`` %7E, the second ``_`` of ``__`` %5F, quotes, brackets, pipes),
    ``&`` becomes ``&amp;`` (MediaWiki decodes it back in the link), and invisible or
    space characters are percent-encoded: the address a reader reaches is the same.
    """
    address = unicodedata.normalize("NFC", value).strip()
    if not _URL_SHAPE.match(address):
        return None
    out = []
    previous = ""
    for ch in address:
        if ch in _URL_ESCAPES:
            out.append(_URL_ESCAPES[ch])
        elif ch == "_" and previous == "_":
            out.append("%5F")
        elif ch == "&":
            out.append("&amp;")
        elif unicodedata.category(ch)[0] in "CZ":
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
        else:
            out.append(ch)
        previous = ch
    return "".join(out)


def summary_text(value: object, limit: int = SUMMARY_NAME_MAX) -> str:
    """A name for an edit summary: plain text with no markup MediaWiki would render there.

    Summaries render ``[[links]]`` and ``/* section */``; a hub's name must not become a link
    (or a category link) in page history, and one long name must not push the counts out.
    """
    shown = text(value)
    for markup in ("[", "]", "{", "}", "/*", "*/", "~~~"):
        shown = shown.replace(markup, "")
    shown = _SPACES.sub(" ", shown).strip()
    return shown if len(shown) <= limit else shown[: limit - 1].rstrip() + "…"


def fit_summary(head: str, tail: str = "", limit: int = SUMMARY_MAX) -> str:
    """``head`` + ``tail`` within ``limit`` characters; ``head`` is cut (with …) so ``tail`` always stays."""
    room = limit - len(tail)
    if len(head) > room:
        head = head[: max(room - 1, 0)].rstrip() + "…"
    return head + tail


def live_markup(generated: str) -> list[str]:
    """What in generated wikitext would sign the page, switch its behaviour or substitute a template."""
    found = [m.group(0) for pattern in (SIGNATURE, BEHAVIOUR_SWITCH, SUBST) for m in pattern.finditer(generated)]
    return sorted(set(found))
