"""Gateways over a gateway: each adds one thing and passes every other member of the protocol on.

``Layer`` names every member of bot.wiki.gateway.Gateway and hands it to the gateway it wraps
(``inner``); a layer overrides only what it changes. No attribute is looked up by name at run time
and none is set on the gateway inside: a member the protocol gains is added here, and the test
of bot/wiki's gateways (tests/unit/test_gateways.py) fails until it is.

- ``RecordingGateway``: each successful save is told to ``record(title, revid, text)`` (the
  run's ``saved-outputs.json``, so `hubbot watch` tells the bot's own edits from an editor's);
- ``ListingGateway``: the hub listing comes from ``listing(inner, template, namespaces)``
  (`hubbot watch`'s listing kept from the changes it saw).

bot.wiki.text_cache's ``TextCache`` is one too (the large texts `hubbot watch` keeps between runs).
"""

from __future__ import annotations

from typing import Callable, Iterator, Sequence

from bot.models import Change, ChangePosition, PageRevision, PageText, TranslationProgress
from bot.wiki.gateway import Counters, Gateway


class Layer:
    """A gateway that passes every member of the protocol on to ``inner``."""

    def __init__(self, inner: Gateway) -> None:
        self.inner = inner

    # -- what the gateway is -------------------------------------------------------------
    @property
    def counters(self) -> Counters:
        return self.inner.counters

    @counters.setter
    def counters(self, counters: Counters) -> None:     # the watcher's heartbeat counts the wiki's answers
        self.inner.counters = counters

    @property
    def description(self) -> str:
        return self.inner.description

    @property
    def user(self) -> str | None:
        return self.inner.user

    @property
    def max_page_bytes(self) -> int | None:
        return self.inner.max_page_bytes

    @property
    def account_name(self) -> str | None:
        return self.inner.account_name

    @property
    def login_file(self) -> str | None:
        return self.inner.login_file

    # -- the account ---------------------------------------------------------------------
    def login(self, fresh: bool = False) -> None:
        return self.inner.login(fresh)

    def account_rights(self) -> tuple[frozenset[str], frozenset[str]] | None:
        return self.inner.account_rights()

    # -- reading -------------------------------------------------------------------------
    def page_history(self, title: str, limit: int = 50) -> list[PageRevision]:
        return self.inner.page_history(title, limit)

    def transclusions(self, template: str, namespaces: Sequence[int]) -> list[str]:
        return self.inner.transclusions(template, namespaces)

    def hub_revisions(self, template: str, namespaces: Sequence[int]) -> dict[str, int] | None:
        return self.inner.hub_revisions(template, namespaces)

    def page_revisions(self, titles: Sequence[str]) -> dict[str, int | None]:
        return self.inner.page_revisions(titles)

    def revision_hashes(self, titles: Sequence[str]) -> dict[str, tuple[int, str]]:
        return self.inner.revision_hashes(titles)

    def recent_changes(self, after: ChangePosition | None,
                       overlap: float = 0.0) -> tuple[list[Change], ChangePosition | None]:
        return self.inner.recent_changes(after, overlap)

    def change_stream(self, since: str | None = None, url: str | None = None,
                      on_open: Callable[[], None] | None = None,
                      on_error: Callable[[], None] | None = None) -> Iterator[dict]:
        return self.inner.change_stream(since=since, url=url, on_open=on_open, on_error=on_error)

    def transcluding(self, titles: Sequence[str], template: str) -> set[str]:
        return self.inner.transcluding(titles, template)

    def revisions_using(self, titles: Sequence[str], template: str) -> dict[str, int | None]:
        return self.inner.revisions_using(titles, template)

    def read_pages(self, titles: Sequence[str]) -> dict[str, PageText]:
        return self.inner.read_pages(titles)

    def files_exist(self, titles: Sequence[str]) -> dict[str, bool]:
        return self.inner.files_exist(titles)

    def translation_progress(self, page: str) -> TranslationProgress:
        return self.inner.translation_progress(page)

    # -- writing -------------------------------------------------------------------------
    def save(self, base: PageText, text: str, summary: str, *, checked: bool = False) -> int:
        return self.inner.save(base, text, summary, checked=checked)


class RecordingGateway(Layer):
    """A gateway whose successful saves are told to ``record(title, revid, text)``."""

    def __init__(self, inner: Gateway, record: Callable[[str, int, str], None]) -> None:
        super().__init__(inner)
        self.record = record

    def save(self, base: PageText, text: str, summary: str, *, checked: bool = False) -> int:
        revid = self.inner.save(base, text, summary, checked=checked)
        if revid:
            self.record(base.title, revid, text)
        return revid


class ListingGateway(Layer):
    """A gateway whose hub listing is ``listing(inner, template, namespaces)`` (everything else passes)."""

    def __init__(self, inner: Gateway,
                 listing: Callable[[Gateway, str, Sequence[int]], dict[str, int] | None]) -> None:
        super().__init__(inner)
        self.listing = listing

    def hub_revisions(self, template: str, namespaces: Sequence[int]) -> dict[str, int] | None:
        return self.listing(self.inner, template, namespaces)
