"""A small wiki in memory behind the gateway protocol, for fast, exhaustive tests of the runner.

It keeps revisions, answers reads in batches of 50 like the real gateway,
detects edit conflicts by base revision, and can play what editors, admins
and the wiki do: protect a page, limit the page size, go read-only, fail
transiently, or edit a page at the moment the bot reads it before saving.
The same stories run end to end against the real local MediaWiki in
tests/integration.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from bot.errors import (EditConflict, MissingRight, PageProtected, PageTooLarge, TransientError, UserError,
                        WikiReadOnly)
from bot.models import Change, ChangePosition, PageRevision, PageText, TranslationProgress
from bot.parsing.wikitext import parse, template_calls
from bot.titles import canonical_title, split_namespace
from bot.wiki.gateway import BATCH, Counters


# What MediaWiki's preprocessor hides on the page itself that mwparserfromhell's parse still shows: a
# comment never closed (it runs to the end of the text) and <includeonly> (closed or not).
_NOT_ON_PAGE = re.compile(r"<!--(?!.*?-->).*|<includeonly\b[^>]*?(?<!/)>.*?(?:</includeonly\s*>|$)", re.S | re.I)
_UNSIGNED = re.compile(r"(<nowiki>.*?</nowiki>|<pre>.*?</pre>|<!--.*?-->)", re.S | re.I)
LISTING_BATCH = 5000     # titles per list=embeddedin request for a bot (apihighlimits)
PROJECT = {"meta": 4, "meta talk": 5}      # Meta's own name for its Project namespace
MODULE = 828


def _key(title: str) -> str:
    """The key a page is kept under: its title as MediaWiki stores it (bot.titles)."""
    return canonical_title(title, check=False)


def namespace_of(title: str) -> int:
    """The namespace number of a title (the main namespace, 0, for any unknown prefix)."""
    return split_namespace(_key(title), PROJECT)[0]


@dataclass
class Revision:
    revid: int
    text: str
    user: str
    summary: str


@dataclass
class MemoryWiki:
    user: str | None = "HubBot"
    description: str = "memory wiki"
    max_page_bytes: int | None = None               # what siteinfo says (the planner checks it)
    size_limit: int | None = None                   # what saving enforces, when siteinfo does not say it
    read_only: str | None = None                    # a reason: every save fails as read-only
    protected: set[str] = field(default_factory=set)
    transient_failures: dict[str, int] = field(default_factory=dict)   # title -> saves that fail with a 503
    before_save: dict[str, Callable[[], None]] = field(default_factory=dict)  # title -> what a human does first
    counters: Counters = field(default_factory=Counters)
    # What meta=userinfo says of the bot's session (a BotPassword's grants) and what saving enforces.
    rights: set[str] = field(default_factory=lambda: {"read", "writeapi", "edit", "createpage", "bot"})
    groups: set[str] = field(default_factory=lambda: {"user", "bot"})
    pages: dict[str, list[Revision]] = field(default_factory=dict)
    next_revid: int = 1
    saves_signed: int = 0                           # a clock for the signatures' time (pre_save_transform)

    # -- what people do -------------------------------------------------------
    def edit(self, title: str, text: str, user: str = "Editor", summary: str = "") -> int:
        title = _key(title)
        # What MediaWiki stores: NFC, LF line ends, no trailing whitespace.
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).rstrip()
        rev = Revision(self.next_revid, text, user, summary)
        self.next_revid += 1
        self.pages.setdefault(title, []).append(rev)
        return rev.revid

    def text(self, title: str) -> str:
        revs = self.pages.get(_key(title))
        return revs[-1].text if revs else ""

    def history(self, title: str) -> list[Revision]:
        return self.pages.get(_key(title), [])

    @property
    def account_name(self) -> str | None:
        return self.user

    @property
    def login_file(self) -> str | None:
        return None                                 # no login is saved

    def login(self, fresh: bool = False) -> None:
        return None

    def account_rights(self) -> tuple[frozenset[str], frozenset[str]]:
        return frozenset(self.rights), frozenset(self.groups)

    def page_history(self, title: str, limit: int = 50):
        self.counters.requests += 1
        return [PageRevision(r.revid, r.user, r.summary) for r in reversed(self.history(title))][:limit]

    # -- the gateway protocol -----------------------------------------------------
    def transclusions(self, template: str, namespaces: Sequence[int]) -> list[str]:
        """Pages calling the template (hubs' infobox, on-wiki lists), one request per 5,000 as embeddedin."""
        found = sorted(title for title in self.pages
                       if (not namespaces or namespace_of(title) in namespaces) and self._calls(title, template))
        self.counters.requests += max(1, -(-len(found) // LISTING_BATCH))
        return found

    def hub_revisions(self, template: str, namespaces: Sequence[int]) -> dict[str, int]:
        """Pages calling the template with their latest revision id (embeddedin with prop=info)."""
        return {title: self.pages[title][-1].revid for title in self.transclusions(template, namespaces)}

    def revisions_using(self, titles: Sequence[str], template: str) -> dict[str, int | None]:
        """As prop=info|templates: the latest revision of the titles calling the template, else None."""
        unique = list(dict.fromkeys(titles))
        self.counters.requests += -(-len(unique) // BATCH)
        out: dict[str, int | None] = {}
        for title in unique:
            name = _key(title)
            out[title] = self.pages[name][-1].revid if self._calls(name, template) else None
        return out

    def transcluding(self, titles: Sequence[str], template: str) -> set[str]:
        """Which of ``titles`` call the template now (as ``revisions_using``: one request per 50)."""
        return {title for title, revid in self.revisions_using(titles, template).items() if revid}

    def recent_changes(self, after: ChangePosition | None,
                       overlap: float = 0.0) -> tuple[list[Change], ChangePosition | None]:
        """A wiki in memory keeps no change log: no change, at the cost of a poll (one request). Tests of
        the watcher give their wiki one (tests/unit/test_watch_listing.py)."""
        self.counters.requests += 1
        return [], after

    def change_stream(self, since: str | None = None, url: str | None = None,
                      on_open: Callable[[], None] | None = None,
                      on_error: Callable[[], None] | None = None) -> Iterator[dict]:
        raise UserError("--source eventstreams", f"{self.description} has no EventStreams service.",
                        "use the default polling source.")

    def _calls(self, title: str, template: str) -> bool:
        """Whether the page's latest revision calls the template (a Module page is Lua, not wikitext)."""
        revs = self.pages.get(title)
        return bool(revs) and namespace_of(title) != MODULE and "{{" in revs[-1].text \
            and bool(template_calls(parse(_NOT_ON_PAGE.sub("", revs[-1].text)), template))

    def page_revisions(self, titles: Sequence[str]) -> dict[str, int | None]:
        unique = list(dict.fromkeys(titles))
        self.counters.requests += -(-len(unique) // BATCH)
        return {t: (revs[-1].revid if (revs := self.pages.get(_key(t))) else None) for t in unique}

    def revision_hashes(self, titles: Sequence[str]) -> dict[str, tuple[int, str]]:
        unique = list(dict.fromkeys(titles))
        self.counters.requests += -(-len(unique) // BATCH)
        return {t: (revs[-1].revid, hashlib.sha1(revs[-1].text.encode("utf-8")).hexdigest())
                for t in unique if (revs := self.pages.get(_key(t)))}

    def read_pages(self, titles: Sequence[str]) -> dict[str, PageText]:
        unique = list(dict.fromkeys(titles))
        self.counters.requests += -(-len(unique) // BATCH)
        self.counters.pages_read += len(unique)
        out = {}
        for title in unique:
            name = _key(title)
            revs = self.pages.get(name)
            out[title] = (PageText(name, revs[-1].text, True, revs[-1].revid, user=revs[-1].user,
                                   redirect=revs[-1].text.lower().startswith("#redirect")) if revs
                          else PageText(name, "", exists=False))
        return out

    def save(self, base: PageText, text: str, summary: str, *, checked: bool = False) -> int:
        self.counters.requests += 1
        title = base.title
        if title in self.before_save:
            self.before_save.pop(title)()
        if self.read_only:
            raise WikiReadOnly(f"{title}: the wiki is read-only: {self.read_only}")
        if self.transient_failures.get(title):
            self.transient_failures[title] -= 1
            raise TransientError(f"{title}: HTTP 503")
        if title in self.protected:
            raise PageProtected(f"{title} is protected (LockedPageError)")
        if "edit" not in self.rights or ("createpage" not in self.rights and title not in self.pages):
            raise MissingRight(f"{title}: User {self.user} not authorized to "
                               + ("edit pages" if "edit" not in self.rights else "create new pages"))
        limit = self.size_limit or self.max_page_bytes
        if limit and len(text.encode("utf-8")) > limit:
            raise PageTooLarge(f"{title}: over the size limit")
        revs = self.pages.get(title)
        if (revs[-1].revid if revs else None) != base.revid:
            raise EditConflict(f"{title} changed since it was read")
        if not (title.startswith("Module:") and not title.endswith("/doc")):   # Lua modules: no pre-save transform
            text = self.pre_save_transform(text)
        if revs and unicodedata.normalize("NFC", text.replace("\r\n", "\n")).rstrip() == revs[-1].text:
            return revs[-1].revid                    # MediaWiki's "nochange": no revision, no edit
        self.counters.edits += 1
        return self.edit(title, text, self.user or "HubBot", summary)

    def pre_save_transform(self, text: str) -> str:
        """What MediaWiki's pre-save transform does to saved text that matters here: signatures.

        ``~~~~~`` is the time, ``~~~~`` the signature and the time, ``~~~`` the signature (so text
        that signs itself changes at every save, as on the real wiki).
        """
        user = self.user or "HubBot"
        self.saves_signed += 1
        stamp = f"12:{self.saves_signed % 60:02d}, 25 November 2026 (UTC)"
        signature = f"[[User:{user}|{user}]] ([[User talk:{user}|talk]])"

        def sign(m: re.Match) -> str:
            return {3: signature, 4: f"{signature} {stamp}", 5: stamp}[len(m.group(0))]
        # Not inside <nowiki>, <pre> or a comment, as in MediaWiki.
        pieces = _UNSIGNED.split(text)
        return "".join(piece if i % 2 else re.sub(r"~{3,5}", sign, piece) for i, piece in enumerate(pieces))

    def files_exist(self, titles: Sequence[str]) -> dict[str, bool]:
        """A file exists when its File: page does (no shared repository in memory)."""
        self.counters.requests += -(-len(titles) // BATCH)
        return {t: _key(t) in self.pages for t in titles}

    def translation_progress(self, page: str) -> TranslationProgress:
        self.counters.requests += 1
        return TranslationProgress(page, False, note="the Translate extension is not installed on this wiki")
