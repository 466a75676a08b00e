"""The hub listing `hubbot watch` keeps between runs (bot.watch.listing.KeptListing), on a wiki in memory.

Whatever editors and admins do, the kept listing must equal the wiki's own listing (``hub_revisions``)
at every run: the changes the watcher saw tell it which pages to ask about, and anything it cannot
follow (a log event that may make a revision or move a page, a template edited, too many pages, an
hour) makes it list in full. The same stories run through `hubbot watch` on the real local MediaWiki
in tests/integration/test_watch.py.
"""

from __future__ import annotations

import random

from bot.models import Change
from bot.watch.listing import ASKED_AT_MOST, FULL_LISTING_EVERY, KeptListing
from bot.wiki.memory import MemoryWiki, namespace_of

TEMPLATE = "Hub infobox"


def infobox(name: str, status: str = "pilot") -> str:
    return f"{{{{Hub infobox\n| name = {name}\n| status = {status}\n}}}}\nText by the hub's editors."


class Wiki(MemoryWiki):
    """A MemoryWiki that writes recent changes as MediaWiki does (edits with their revision, log events)."""

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[Change] = []

    def change(self, title: str, text: str, user: str = "Editor") -> int:
        new = title not in self.pages
        revid = self.edit(title, text, user)
        self.changes.append(Change(len(self.changes) + 1, "2026-11-25T12:00:00Z", "new" if new else "edit", title,
                                   namespace_of(title), revid, user))
        return revid

    def log(self, title: str, log_type: str, action: str, target: str | None = None) -> None:
        self.changes.append(Change(len(self.changes) + 1, "2026-11-25T12:00:00Z", "log", title, namespace_of(title),
                                   None, "Admin", log_type, action, target))

    def delete(self, title: str) -> None:
        del self.pages[title]
        self.log(title, "delete", "delete")

    def move(self, title: str, target: str) -> None:
        self.pages[target] = self.pages.pop(title)
        self.pages[target].append(self.pages[target][-1].__class__(self.next_revid, self.pages[target][-1].text,
                                                                   "Admin", "moved"))
        self.next_revid += 1
        self.log(title, "move", "move", target)

    def take(self) -> list[Change]:
        out, self.changes = self.changes, []
        return out


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def started(wiki: Wiki, clock: Clock | None = None) -> KeptListing:
    kept = KeptListing(clock or Clock())
    assert kept.listing(wiki, TEMPLATE, ()) == wiki.hub_revisions(TEMPLATE, ())   # the first run lists in full
    wiki.take()
    return kept


def requests(wiki: Wiki, kept: KeptListing) -> tuple[dict[str, int], int]:
    before = wiki.counters.requests
    listed = kept.listing(wiki, TEMPLATE, ())
    return listed, wiki.counters.requests - before


def make() -> Wiki:
    wiki = Wiki()
    for i in range(6):
        wiki.edit(f"Hub {i}", infobox(f"Hub {i}"))
    wiki.edit("Template:Hub infobox", "<includeonly>box</includeonly>")
    wiki.edit("Essay", "No hub here.")
    return wiki


def test_with_no_change_the_listing_costs_no_request():
    wiki = make()
    kept = started(wiki)
    listed, cost = requests(wiki, kept)
    assert listed == wiki.hub_revisions(TEMPLATE, ()) and cost == 0


def test_edited_new_and_emptied_pages_are_asked_about_in_one_request():
    wiki = make()
    kept = started(wiki)
    wiki.change("Hub 1", infobox("Hub 1", "active"))           # a hub edited: its new revision
    wiki.change("Hub new", infobox("Hub new"))                  # a page created with an infobox: joins
    wiki.change("Hub 2", "The infobox was removed.")            # leaves
    wiki.change("Essay", "Still no hub.")                        # asked about, stays out
    kept.saw(wiki.take())
    listed, cost = requests(wiki, kept)
    assert listed == wiki.hub_revisions(TEMPLATE, ())
    assert "Hub new" in listed and "Hub 2" not in listed and "Essay" not in listed
    assert cost == 1 and kept.full_listings == 1


def test_log_events_that_may_make_a_revision_or_move_a_page_mean_a_full_listing():
    for story in (lambda w: w.delete("Hub 3"), lambda w: w.move("Hub 3", "Hub three"),
                  lambda w: w.log("Hub 3", "protect", "protect"), lambda w: w.log("Hub 3", "import", "upload"),
                  lambda w: w.log("Hub 3", "merge", "merge")):
        wiki = make()
        kept = started(wiki)
        story(wiki)
        kept.saw(wiki.take())
        listed, _ = requests(wiki, kept)
        assert listed == wiki.hub_revisions(TEMPLATE, ()) and kept.full_listings == 2


def test_log_events_that_change_no_page_keep_the_listing():
    wiki = make()
    kept = started(wiki)
    for log_type in ("patrol", "block", "newusers", "thanks", "rights"):
        wiki.log("Hub 1", log_type, log_type)
    kept.saw(wiki.take())
    listed, cost = requests(wiki, kept)
    assert listed == wiki.hub_revisions(TEMPLATE, ()) and cost == 0 and kept.full_listings == 1


def test_an_edit_of_a_template_or_module_means_a_full_listing_but_not_the_bots_own_module():
    for title in ("Template:Hub infobox", "Template:Other", "Module:Hub infobox"):
        wiki = make()
        kept = started(wiki)
        wiki.change(title, "changed")
        kept.saw(wiki.take())
        requests(wiki, kept)
        assert kept.full_listings == 2, title
    wiki = make()
    kept = started(wiki)
    own = wiki.change("Module:Hub list/data", "return {}", user="HubBot")
    kept.saw(wiki.take(), own={own})
    _, cost = requests(wiki, kept)
    assert cost == 0 and kept.full_listings == 1


def test_more_pages_than_one_request_or_an_hour_mean_a_full_listing():
    wiki = make()
    kept = started(wiki)
    for i in range(ASKED_AT_MOST + 1):
        wiki.change(f"Page {i}", "text")
    kept.saw(wiki.take())
    requests(wiki, kept)
    assert kept.full_listings == 2
    clock = Clock()
    kept = started(wiki, clock)
    clock.now += FULL_LISTING_EVERY
    requests(wiki, kept)
    assert kept.full_listings == 2


class LaggingWiki(Wiki):
    """Link tables a moment behind: the first answer about a lagging page is the one before its edit."""

    def __init__(self) -> None:
        super().__init__()
        self.lagging: set[str] = set()

    def revisions_using(self, titles, template):
        answer = super().revisions_using(titles, template)
        for title in self.lagging & set(answer):
            answer[title] = None
            self.lagging.discard(title)
        return answer


def test_a_page_whose_use_of_the_template_the_wiki_notes_late_is_asked_about_once_more():
    wiki = LaggingWiki()
    for i in range(3):
        wiki.edit(f"Hub {i}", infobox(f"Hub {i}"))
    kept = started(wiki)
    wiki.change("Hub late", infobox("Hub late"))
    wiki.lagging.add("Hub late")
    kept.saw(wiki.take())
    assert "Hub late" not in requests(wiki, kept)[0]          # what the wiki's own listing says now
    kept.saw(wiki.take())                                       # no change since
    listed, cost = requests(wiki, kept)
    assert "Hub late" in listed and cost == 1
    assert requests(wiki, kept) == (wiki.hub_revisions(TEMPLATE, ()), 0)   # asked once more, then left


def test_any_story_of_edits_and_admin_actions_gives_the_wikis_own_listing_at_every_run():
    """Random stories (seeded): after every run the kept listing equals a full listing."""
    for seed in range(12):
        rng = random.Random(seed)
        wiki = make()
        clock = Clock()
        kept = started(wiki, clock)
        names = [f"Hub {i}" for i in range(6)] + [f"Page {i}" for i in range(8)]
        for step in range(120):
            title = rng.choice([t for t in names if t in wiki.pages] or names)
            roll = rng.random()
            if roll < 0.45:
                wiki.change(title, infobox(title, rng.choice(["pilot", "active", "closed"])))
            elif roll < 0.6:
                wiki.change(title, "No infobox any more.")
            elif roll < 0.65 and title in wiki.pages:
                wiki.delete(title)
            elif roll < 0.68 and title in wiki.pages:
                target = rng.choice([t for t in names if t not in wiki.pages] or ["Elsewhere"])
                wiki.move(title, target)
            elif roll < 0.7:
                wiki.change("Template:Hub infobox", f"<includeonly>box {step}</includeonly>")
            elif roll < 0.75:
                wiki.log(title, "patrol", "patrol")
            elif roll < 0.78:
                clock.now += rng.choice([60, 1800, 3600])
            if rng.random() < 0.4:                               # a poll and a run
                kept.saw(wiki.take())
                listed, cost = requests(wiki, kept)
                assert listed == wiki.hub_revisions(TEMPLATE, ()), (seed, step)
        assert kept.kept_listings > 5, seed                     # the stories do keep the listing often


def test_after_a_template_edit_the_listing_is_full_for_ten_minutes_while_the_job_queue_updates_links():
    from bot.watch.listing import TEMPLATE_SETTLE
    wiki = make()
    clock = Clock()
    kept = started(wiki, clock)
    wiki.change("Template:Hub header", "{{Hub infobox}}")
    kept.saw(wiki.take())
    requests(wiki, kept)
    # The jobs give 'Essay' the infobox through the header, later, without an edit of its own.
    wiki.pages["Essay"][-1].text = infobox("Essay")
    clock.now += TEMPLATE_SETTLE / 2
    assert requests(wiki, kept)[0] == wiki.hub_revisions(TEMPLATE, ()) and "Essay" in kept.revids
    assert kept.full_listings == 3
    clock.now += TEMPLATE_SETTLE
    assert requests(wiki, kept) == (wiki.hub_revisions(TEMPLATE, ()), 0) and kept.full_listings == 3


def test_pages_changed_before_a_full_listing_are_still_asked_about_once_more():
    """An editor empties a hub while an admin deletes another page: the full listing made in the same
    run may still show the hub (its links not yet updated); the next listing asks about it again."""
    wiki = LaggingWiki()
    for i in range(3):
        wiki.edit(f"Hub {i}", infobox(f"Hub {i}"))
    wiki.edit("Old page", "text")
    kept = started(wiki)
    wiki.change("Hub 1", "#REDIRECT [[Hub 2]]")
    wiki.delete("Old page")
    kept.saw(wiki.take())
    lagging = dict(wiki.hub_revisions(TEMPLATE, ()), **{"Hub 1": wiki.pages["Hub 1"][-1].revid})
    wiki.hub_revisions = lambda template, namespaces: dict(lagging)     # the listing a moment behind
    assert "Hub 1" in kept.listing(wiki, TEMPLATE, ()) and kept.full_listings == 2
    del wiki.hub_revisions
    listed, cost = requests(wiki, kept)
    assert "Hub 1" not in listed and listed == wiki.hub_revisions(TEMPLATE, ()) and cost == 1


def test_a_moves_new_title_is_asked_about_whatever_its_namespace():
    wiki = make()
    kept = started(wiki)
    wiki.move("Hub 3", "Hub three")
    kept.saw(wiki.take())
    listed = kept.listing(wiki, TEMPLATE, (0,))
    assert kept.asked == {"Hub 3": 0, "Hub three": None} and "Hub three" in listed
