"""The texts `hubbot watch` keeps between runs (bot.wiki.text_cache.TextCache), on a wiki in memory:
what each read costs, and that a kept text is never served once the page changed. The same story runs
on the real local MediaWiki in tests/integration/test_foundation.py."""

from __future__ import annotations

from bot.wiki.memory import MemoryWiki
from bot.wiki.text_cache import KEEP_MIN, TextCache, stored_form

BIG = "".join(f"| row {i} || some cell text for the table\n|-\n" for i in range(1500)).rstrip()


def cost(gw, action):
    """(requests, pages read) that ``action`` costs, and its answer."""
    before, read = gw.counters.requests, gw.counters.pages_read
    answer = action()
    return (gw.counters.requests - before, gw.counters.pages_read - read), answer


def test_a_large_page_unchanged_costs_one_small_request_and_a_small_page_is_always_read():
    wiki = MemoryWiki()
    wiki.edit("Big", BIG)
    wiki.edit("Small", "small")
    cache = TextCache(wiki)
    assert len(BIG) >= KEEP_MIN
    assert cost(cache, lambda: cache.read_pages(["Big", "Small"]))[0] == (1, 2)        # first: one batch
    spent, again = cost(cache, lambda: cache.read_pages(["Big", "Small"]))
    assert spent == (2, 1)                          # the kept page's revision and SHA-1; the small page read
    assert again["Big"].text == BIG and again["Small"].text == "small" and list(again) == ["Big", "Small"]
    assert cost(cache, lambda: cache.read_pages(["Small"]))[0] == (1, 1)               # nothing to ask first
    assert cache.counters is wiki.counters


def test_an_editors_edit_means_the_text_is_read_again():
    wiki = MemoryWiki()
    wiki.edit("Big", BIG)
    cache = TextCache(wiki)
    cache.read_pages(["Big"])
    wiki.edit("Big", BIG + "\n| a row by an editor")
    spent, got = cost(cache, lambda: cache.read_pages(["Big"]))
    assert spent == (2, 1) and got["Big"].text.endswith("| a row by an editor")
    spent, got = cost(cache, lambda: cache.read_pages(["Big"]))               # kept again, as read
    assert spent == (1, 0) and got["Big"].text.endswith("| a row by an editor")


def test_a_saved_text_is_kept_as_the_wiki_stores_it_and_read_again_when_the_wiki_changed_it():
    wiki = MemoryWiki()
    wiki.edit("Big", BIG)
    cache = TextCache(wiki)
    base = cache.read_pages(["Big"])["Big"]
    revid = cache.save(base, BIG + "\n| a row by the bot   \n\n", "hubbot: test")
    spent, got = cost(cache, lambda: cache.read_pages(["Big"]))
    assert spent == (1, 0) and got["Big"].revid == revid
    assert got["Big"].text == wiki.text("Big") == stored_form(BIG + "\n| a row by the bot   \n\n")
    cache.save(got["Big"], BIG + "\n| signed ~~~~", "hubbot: test")            # the wiki expands the signature
    spent, got = cost(cache, lambda: cache.read_pages(["Big"]))
    assert spent == (2, 1) and "~~~~" not in got["Big"].text and got["Big"].text == wiki.text("Big")


def test_a_page_deleted_since_is_read_as_missing():
    wiki = MemoryWiki()
    wiki.edit("Big", BIG)
    cache = TextCache(wiki)
    cache.read_pages(["Big"])
    del wiki.pages["Big"]
    spent, got = cost(cache, lambda: cache.read_pages(["Big"]))
    assert spent == (2, 1) and not got["Big"].exists
    assert cost(cache, lambda: cache.read_pages(["Big"]))[0] == (1, 1)        # forgotten: nothing to ask
