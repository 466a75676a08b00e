"""The hub listing `hubbot watch` keeps between its runs, up to date from the changes it saw."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Callable

from bot import hub_cache
from bot.models import Change

log = logging.getLogger("hubbot")

# Log events that never make a revision nor move a page: after them the kept revision ids still hold.
# Any other log event (delete, move, import, merge, protect, which saves a null revision, ...) means a
# full listing: they are rare, and the listing is never wrong, only slower.
QUIET_LOGS = frozenset({"patrol", "block", "newusers", "thanks", "rights", "create", "tag", "abusefilter"})
FULL_LISTING_EVERY = 3600.0  # seconds: revisions made without a recent-changes entry (maintenance scripts)
ASKED_AT_MOST = 50           # pages edited since the last listing asked about (one request); more: full listing
TEMPLATE_NAMESPACES = frozenset({10, 828})   # Template, Module: an edit there may change who uses the template
TEMPLATE_SETTLE = 600.0      # seconds of full listings after such an edit (the job queue updates the links)


class KeptListing:
    """The hub listing of `hubbot watch`'s runs, kept up to date from the changes it sees.

    A run needs every hub page with its latest revision id. At 10,000 hubs the wiki's listing
    (``prop=info`` on every page using the template) takes about 0.8 s: most of hubbot's part of the
    time between an edit being seen and the directory being saved. The watcher has seen every change
    since the last listing, in order, so it asks only about the pages edited since (one request per
    50: their latest revision, and whether they use the template now), and keeps the rest. Pages
    asked about are asked once more at the next listing: the wiki may note a page's use of the
    template a moment after its recent-changes entry.

    A full listing, as every scheduled run makes: the first run; after a log event that may have made
    a revision or moved a page; for ten minutes after an edit in the Template or Module namespace
    (pages start or stop using the template when the job queue updates their links, without an edit
    of their own); more than 50 pages to ask about; an hour since the last full listing (revisions
    made without a recent-changes entry, e.g. by maintenance scripts). The pages changed before a full
    listing are still asked about at the next one.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.revids: dict[str, int] | None = None    # the last listing: title -> latest revision id
        self.of: tuple | None = None                  # (template, namespaces) it lists
        self.seen: dict[str, int | None] = {}         # title -> namespace, changed since the last listing
        self.asked: dict[str, int | None] = {}        # asked about at the last listing: asked once more
        self.trusted = False                          # no change since then that a listing must see
        self.listed_at = 0.0
        self.settled_at = 0.0                         # full listings until then (after a template edit)
        self.full_listings = self.kept_listings = 0

    def saw(self, changes: list[Change], own: frozenset[int] | set[int] = frozenset()) -> None:
        """Changes in the order the wiki made them (all of them, relevant to a run or not); ``own``:
        revisions the bot saved (its module pages use no infobox)."""
        for change in changes:
            if change.type == "log" and change.log_type in QUIET_LOGS or change.revid in own:
                continue
            if change.type not in ("edit", "new"):
                self.trusted = False
            elif change.namespace in TEMPLATE_NAMESPACES:
                # The pages using an edited template have their links updated by the job queue, minutes
                # later and without an edit of their own: list in full until that is likely done.
                self.trusted = False
                self.settled_at = self.clock() + TEMPLATE_SETTLE
            # Asked about at the next listing, and once more at the one after (even a full one: the
            # wiki may note a page's links a moment after its recent-changes entry).
            self.seen[change.title] = change.namespace
            if change.target:
                self.seen[change.target] = None     # a move's new title: namespace unknown, always asked

    def listing(self, gateway, template: str, namespaces) -> dict[str, int]:
        of = (template, tuple(namespaces))
        wanted = {t: ns for t, ns in {**self.asked, **self.seen}.items()
                  if not namespaces or ns is None or ns in namespaces}
        if self.clock() < self.settled_at:
            self.trusted = False
        why = ("first run" if self.revids is None or self.of != of else
               "a log event or a template edit since the last listing" if not self.trusted else
               f"{len(wanted)} pages edited since the last listing" if len(wanted) > ASKED_AT_MOST else
               "an hour since the last full listing" if self.clock() - self.listed_at >= FULL_LISTING_EVERY else "")
        if why:
            log.info("watch: listing every hub page (%s)", why)
            self.revids = gateway.hub_revisions(template, namespaces)
            self.of, self.trusted, self.listed_at = of, True, self.clock()
            self.full_listings += 1
        else:
            log.info("watch: hub listing kept from recent changes; %d pages asked about", len(wanted))
            if wanted:
                now = gateway.revisions_using(list(wanted), template)
                for title in wanted:
                    if now.get(title):
                        self.revids[title] = now[title]
                    else:
                        self.revids.pop(title, None)
            self.kept_listings += 1
        fresh = {t: ns for t, ns in self.seen.items() if t in wanted}   # asked once more next time
        self.asked = fresh if len(fresh) <= ASKED_AT_MOST else {}
        self.seen = {}
        return dict(self.revids)


def known_hubs(state_dir: Path) -> frozenset[str]:
    """Hub titles of the last run (the hub cache's keys; its records are not decoded). A cache this
    process wrote or read, and still the file's content, is not read again (5 MB at 10,000 hubs)."""
    return hub_cache.cached_titles(state_dir / hub_cache.CACHE_FILE)
