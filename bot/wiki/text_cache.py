"""The texts of large pages, kept between the runs of `hubbot watch`: a layer over a gateway.

Runs follow each other in a watcher, and most of them read the same large output pages (the
directory, the errors page), unchanged since the bot saved them. ``TextCache`` keeps the text of each
page of at least ``KEEP_MIN`` characters that it read or that was saved through it, by revision; a
later read asks first only the revision ids and SHA-1s of the kept pages (``revision_hashes``: one
small request per 50) and reads again only the pages whose revision or text is not the one kept.
Smaller pages are always read: asking first would save nothing.

A text the bot saved is kept as MediaWiki stores it (``stored_form``); anything else MediaWiki may
change on save (``~~~~``, ``subst:``, the pipe trick) makes the SHA-1 differ, and the text is read again.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Sequence

from bot.models import PageText
from bot.wiki.gateway import Gateway
from bot.wiki.layers import Layer

KEEP_MIN = 32_000   # characters: smaller pages are read again (asking first would save nothing)


def stored_form(text: str) -> str:
    """``text`` as MediaWiki stores it when no pre-save transform applies (TextContent: line ends, no
    trailing whitespace; the API takes NFC)."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).rstrip(" \t\n\r\0\x0b")


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class TextCache(Layer):
    """A gateway whose reads answer unchanged large pages from the texts it kept."""

    def __init__(self, inner: Gateway) -> None:
        super().__init__(inner)
        self.texts: dict[str, PageText] = {}      # page title (as the wiki names it) -> the text kept
        self.names: dict[str, str] = {}           # a title as asked -> the page's title, for kept pages

    def read_pages(self, titles: Sequence[str]) -> dict[str, PageText]:
        kept = self._kept(list(dict.fromkeys(titles))) if self.texts else {}
        unique = [t for t in dict.fromkeys(titles) if t not in kept]
        answer = self.inner.read_pages(unique) if unique else {}
        for title in unique:
            self._keep(title, answer[title])
        return {title: kept.get(title) or answer[title] for title in dict.fromkeys(titles)}

    def save(self, base: PageText, text: str, summary: str, *, checked: bool = False) -> int:
        revid = self.inner.save(base, text, summary, checked=checked)
        self._keep(base.title, PageText(base.title, stored_form(text), True, revid))
        return revid

    def _kept(self, titles: list[str]) -> dict[str, PageText]:
        """Of ``titles`` (as asked), those whose kept text is still the page's latest revision; the others
        are forgotten."""
        names = {title: self.names[title] for title in titles if self.names.get(title) in self.texts}
        if not names:
            return {}
        current = self.inner.revision_hashes(list(dict.fromkeys(names.values())))
        kept = {}
        for title, name in names.items():
            text = self.texts.get(name)
            if text is not None and current.get(name) == (text.revid, sha1(text.text)):
                kept[title] = text
            else:
                self.texts.pop(name, None)
        return kept

    def _keep(self, title: str, page: PageText) -> None:
        if page.exists and page.revid and len(page.text) >= KEEP_MIN:
            self.texts[page.title] = page
            self.names[title] = self.names[page.title] = page.title
