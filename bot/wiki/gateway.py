"""The small protocol the rest of hubbot uses to talk to a wiki.

Only the ``bot.wiki.pywikibot`` package imports pywikibot; ``offline`` serves a
Special:Export XML file for dry runs, ``memory`` is a wiki in memory for tests, and
``layers`` and ``text_cache`` wrap a gateway to add one thing (recording saves, a kept
listing, the texts `hubbot watch` keeps between runs).
Everything else sees this protocol: read many pages in batches, list
transclusions, save with a base revision.

Every gateway has every member (tests/unit/test_gateways.py). What a gateway cannot
do is said by its answer, never by a missing member: ``hub_revisions`` and
``account_rights`` return None, ``recent_changes`` finds no change,
``change_stream`` raises UserError, ``login_file`` is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Protocol, Sequence

from bot.models import Change, ChangePosition, PageRevision, PageText, TranslationProgress  # noqa: F401 (re-exported)

BATCH = 50   # titles per read request, MediaWiki's limit for content without apihighlimits
LISTING_BATCH = 5000   # titles per listing request (no content) with apihighlimits (bot accounts)


@dataclass
class Counters:
    """What a run cost on the wiki; reported, and asserted exactly in tests."""

    requests: int = 0        # HTTP requests to the API
    pages_read: int = 0
    edits: int = 0


class Gateway(Protocol):
    counters: Counters
    description: str                      # e.g. "localwiki:localwiki (http://127.0.0.1:8080/api.php)"
    user: str | None                      # the account logged in (None before login or without one)
    max_page_bytes: int | None            # the wiki's page size limit ($wgMaxArticleSize), when known

    @property
    def account_name(self) -> str | None:
        """The bot account: the one logged in, else the one the configuration names for this wiki (a dry
        run without login); None when no account is known."""

    @property
    def login_file(self) -> str | None:
        """Where the session's login is saved (pywikibot-ACCOUNT.lwp), named in messages about grants;
        None when this gateway keeps no login."""

    def login(self, fresh: bool = False) -> None:
        """Make sure saves will be attributed to the bot account; ``fresh``: with the password itself, not a
        saved login (a dry run proves the password and the grants as they are now)."""

    def account_rights(self) -> tuple[frozenset[str], frozenset[str]] | None:
        """The logged-in account's rights and groups (meta=userinfo; a BotPassword session has only the
        rights its grants give). Returns None when this gateway has no account whose rights it can ask
        (an offline export): nothing is checked then."""

    def page_history(self, title: str, limit: int = 50) -> list[PageRevision]:
        """The latest ``limit`` revisions of a page, newest first (one request)."""

    def transclusions(self, template: str, namespaces: Sequence[int]) -> list[str]:
        """Titles of pages that transclude ``Template:<template>``, in a stable order."""

    def hub_revisions(self, template: str, namespaces: Sequence[int]) -> dict[str, int] | None:
        """Pages transcluding ``Template:<template>`` with their latest revision id, without content.

        One request per 5,000 titles (generator=embeddedin with prop=info at the API's limit).
        Returns None when this gateway cannot list revisions (an offline export): every hub page is
        read then, and no hub cache is kept.
        """

    def page_revisions(self, titles: Sequence[str]) -> dict[str, int | None]:
        """The latest revision id of each title (None when the page is missing), without content.

        One request per 50 titles (prop=info). Lets a run with nothing new skip reading page texts.
        """

    def revision_hashes(self, titles: Sequence[str]) -> dict[str, tuple[int, str]]:
        """Of ``titles`` (keyed as asked), the pages that exist with the id of their latest revision and
        the SHA-1 of its text (hex), without content: one request per 50 titles (prop=revisions,
        rvprop=ids|sha1). Tells a text kept from an earlier read or save (bot.wiki.text_cache) from the
        page as it is now."""

    def recent_changes(self, after: ChangePosition | None,
                       overlap: float = 0.0) -> tuple[list[Change], ChangePosition | None]:
        """Changes (edits, creations, log events) from ``overlap`` seconds before ``after`` on, oldest
        first, and the position of the newest (never before ``after``). Rows can be written late, so
        the caller drops those it has seen already.

        One request per poll (more only past 5,000 changes). With ``after`` None: no changes and the
        position of the newest change (where a new watcher starts). A gateway without a change log
        (an offline export, a wiki in memory) finds no change and returns ``after``.
        """

    def change_stream(self, since: str | None = None, url: str | None = None,
                      on_open: Callable[[], None] | None = None,
                      on_error: Callable[[], None] | None = None) -> Iterator[dict]:
        """Recent-change events of this wiki from EventStreams (Wikimedia's SSE service), as dicts, from
        ``since`` (an ISO time) on; ``url`` overrides the stream's address. No API request is counted.
        Raises UserError when this wiki has no EventStreams service (nor has an offline export or a wiki
        in memory)."""

    def transcluding(self, titles: Sequence[str], template: str) -> set[str]:
        """Which of ``titles`` transclude ``Template:<template>`` now."""

    def revisions_using(self, titles: Sequence[str], template: str) -> dict[str, int | None]:
        """Per title its latest revision id when it transcludes ``Template:<template>`` now, else None
        (missing, or not using it). One request per 50 titles (prop=info|templates)."""

    def read_pages(self, titles: Sequence[str]) -> dict[str, PageText]:
        """Current text of each title (missing pages: exists=False), read in batches of 50."""

    def save(self, base: PageText, text: str, summary: str, *, checked: bool = False) -> int:
        """Save ``text`` over ``base`` (conflict-safe); returns the new revision id.

        ``checked``: the caller has just seen with ``page_revisions`` that the page is still at base's
        revision (the executor asks it with the shutoff page's, in one request), so no second check;
        MediaWiki still refuses a save over a newer revision (baserevid).

        Raises EditConflict when someone edited since ``base``; SaveRefused for
        permanent refusals (PageProtected, PageTooLarge, filters); TransientError
        for retryable failures (WikiReadOnly when the wiki is read-only).
        """

    def files_exist(self, titles: Sequence[str]) -> dict[str, bool]:
        """For ``File:`` titles: whether the wiki can show the file (local or shared repository).

        50 titles a request; titles the gateway cannot check are left out of the answer.
        """

    def translation_progress(self, page: str) -> TranslationProgress:
        """Translate's messagegroupstats for ``page``; available=False without Translate."""
