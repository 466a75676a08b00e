"""The hub cache and the incremental read: a run reads only the hubs changed since the last one.

The state dir keeps, in ``hub-cache.json``, per hub page the revision id last
read and what the parser made of it (the ParseResult). A run:

1. lists the hub pages with their latest revision ids, without content
   (one request per 5,000 titles);
2. reads content only for new hubs and hubs whose revision id changed (50 per
   request, together with the output pages and the shutoff page), and drops
   hubs no longer listed;
3. hands the runner the same parse results a full read gives, in the same order,
   so every output is byte-identical to a ``--full`` run.

The cache is only a cache: one written for another wiki, another template,
another hubbot version or another parser is ignored, and a lost or corrupt
file means one full read, never an error. The revision id is compared for
equality, not order: a page deleted and partly restored goes back to an older
revision, and is read again.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import msgspec

from bot import store
from bot.fingerprints import code_fingerprint
from bot.models import PageText, ParseResult
from bot.store import DecodedFiles
from bot.wiki.gateway import Gateway

log = logging.getLogger("hubbot")

CACHE_FILE = "hub-cache.json"
FORMAT = 2               # 1: details holding a link could not be read back
FULL_READ_CHUNK = 1000   # hub pages held in memory at once during a full read (a multiple of 50)


# -- the cache -----------------------------------------------------------------------
class CachedHub(msgspec.Struct, frozen=True):
    revid: int
    result: ParseResult = msgspec.field(name="record")


class _CacheFile(msgspec.Struct):
    """``hub-cache.json``, decoded by type: every record is the ParseResult the parser made."""

    format: int
    key: dict[str, str]
    hubs: dict[str, CachedHub]


class _CacheTitles(msgspec.Struct):
    """``hub-cache.json``'s hub titles only (the records are not decoded)."""

    hubs: dict[str, msgspec.Raw]


@dataclass
class HubCache:
    """Per hub page: the revision id read last and its parse result. Valid for one ``key``."""

    key: dict
    hubs: dict[str, CachedHub] = field(default_factory=dict)

    def as_file(self) -> _CacheFile:
        return _CacheFile(FORMAT, self.key, dict(sorted(self.hubs.items())))


def cache_key(wiki: str, template: str) -> dict:
    return {"wiki": wiki, "template": template, "code": code_fingerprint()}


_MEMORY = DecodedFiles()   # path -> the HubCache decoded from it


def load_cache(path: Path, key: dict) -> tuple[HubCache | None, str]:
    """The cache at ``path`` when it is usable for ``key``; else None and why (for the log).

    A cache that cannot be decoded (damaged, or of another shape) is one warning and a full read. A
    process that wrote or read the file keeps it decoded: `hubbot watch` runs many syncs, and the file
    it wrote last (same time stamp and size) is not decoded again.
    """
    kept = kept_cache(path)
    if kept is not None and kept.key == key:
        return kept, ""
    try:
        data = store.decode_file(path, _CacheFile)
        if data is not None and data.format != FORMAT:
            raise store.Unreadable(f"format {data.format}, not {FORMAT}")
    except store.Unreadable as exc:
        store.warn_unreadable(path, str(exc), "every hub page is read this run")
        return None, f"the hub cache is unreadable ({exc})"
    if data is None:
        return None, "no hub cache yet"
    cache = HubCache(data.key, data.hubs)
    for name in ("wiki", "template", "code"):
        if cache.key.get(name) != key.get(name):
            what = {"wiki": "another wiki", "template": "another template", "code": "another hubbot version"}[name]
            return None, f"the hub cache was written for {what} ({cache.key.get(name)!r})"
    _MEMORY.put(path, cache)
    return cache, ""


def cached_titles(path: Path) -> frozenset[str]:
    """The hub titles of the cache at ``path``, without decoding its records (empty when there is none)."""
    kept = kept_cache(path)
    if kept is not None:
        return frozenset(kept.hubs)
    titles = store.read_cache(path, _CacheTitles, "the watcher takes no page for a hub until its first run")
    return frozenset(titles.hubs) if titles else frozenset()


def kept_cache(path: Path) -> HubCache | None:
    """The cache this process last wrote to or read from ``path``, when the file still holds it."""
    return _MEMORY.get(path)


def write_cache(path: Path, cache: HubCache) -> None:
    store.write(path, cache.as_file())
    _MEMORY.put(path, cache)


# -- the pure decision -------------------------------------------------------------------
def stale_titles(listed: dict[str, int], cache: HubCache | None) -> list[str]:
    """Hub pages to read: new ones and those whose latest revision is not the one cached (in order)."""
    if cache is None:
        return list(listed)
    return [t for t, revid in listed.items() if (c := cache.hubs.get(t)) is None or c.revid != revid]


def merged(titles: Sequence[str], fresh: dict[str, CachedHub], cache: HubCache | None,
           read: set[str]) -> dict[str, CachedHub]:
    """Per hub title still there: the fresh record where read, else the cached one.

    A title that was read but is missing now (deleted since the listing) is gone, whatever the cache says.
    """
    old = cache.hubs if cache else {}
    out = {}
    for title in titles:
        entry = fresh.get(title) if title in read else old.get(title)
        if entry is not None:
            out[title] = entry
    return out


# -- one read for a run -------------------------------------------------------------------
def _no_cache_write() -> None:
    """Nothing read that the cache does not have."""


@dataclass
class HubRead:
    """What a run needs from the wiki before deciding: parsed hubs and every other page it uses."""

    titles: list[str]                      # hub pages, sorted: the order outputs are built from
    results: list[ParseResult]             # one per existing hub page, in ``titles`` order
    pages: dict[str, PageText]             # output pages, their base pages, the shutoff page, sources
    # Writes the hub cache with what was read. The runner calls it once its pages are saved: writing
    # 5 MB of cache at 10,000 hubs is not worth making an editor wait for the directory.
    keep_cache: Callable[[], None] = field(default=_no_cache_write, repr=False)


def list_hubs(gateway: Gateway, template: str, namespaces: Sequence[int],
              select: Callable[[list[str]], list[str]]) -> dict[str, int] | None:
    """Hub titles (chosen by ``select`` from the transclusion listing) with their latest revision ids,
    without content; None when the gateway cannot list revisions (offline exports)."""
    listed_all = gateway.hub_revisions(template, namespaces)
    if listed_all is None:
        return None
    return {t: listed_all[t] for t in select(list(listed_all))}


def read_hubs(gateway: Gateway, *, template: str, namespaces: Sequence[int],
              select: Callable[[list[str]], list[str]], listed: dict[str, int] | None,
              other_pages: Sequence[str], parse: Callable[[str, str], ParseResult],
              unlisted_pages: Sequence[str] = (), state_dir: Path | None, full: bool = False) -> HubRead:
    """Read what changed since the last run (or everything), parse it, keep the cache: the fetch's one call.

    ``listed``: the hubs with their latest revision ids (``list_hubs``; None when the gateway cannot list
    revisions: then every hub is read from the transclusion listing, chosen by ``select``, and no cache is
    kept). ``other_pages`` are read in the same pass as the changed hubs, and so are those of
    ``unlisted_pages`` that the listing no longer has (hubs that left it: why?).
    """
    cache_path = state_dir / CACHE_FILE if state_dir is not None and listed is not None else None
    key = cache_key(gateway.description, template)
    if full:
        cache, why = None, "--full"
    elif cache_path is None:
        cache, why = None, "no revision listing or state dir (offline)"
    else:
        cache, why = load_cache(cache_path, key)
    if listed is not None:
        titles = sorted(listed)     # the listing's order (API order, or `watch`'s kept listing) is not an input
    else:
        titles = select(gateway.transclusions(template, namespaces))
        listed = {t: 0 for t in titles}
    if cache is None and why:
        log.info("reading every hub page: %s", why)
    todo = stale_titles(listed, cache)

    fresh: dict[str, CachedHub] = {}
    pages: dict[str, PageText] = {}
    others = list(dict.fromkeys(list(other_pages) + [t for t in unlisted_pages if t not in listed]))
    # Changed hubs and the other pages in one batched pass; a full read goes in chunks so that only
    # about FULL_READ_CHUNK page texts are held at once, whatever the number of hubs.
    chunk = len(todo) if cache is not None else FULL_READ_CHUNK
    start = 0
    while True:
        part = todo[start:start + chunk]
        wanted = list(dict.fromkeys(part + (others if start == 0 else [])))
        got = gateway.read_pages(wanted) if wanted else {}
        for title in part:
            page = got[title]
            if page.exists:
                fresh[title] = CachedHub(page.revid or 0, parse(title, page.text))
        if start == 0:
            pages = {t: got[t] for t in others}
        start += chunk
        if start >= len(todo):
            break

    records = merged(titles, fresh, cache, set(todo))
    keep = _no_cache_write
    if cache_path is not None and (cache is None or fresh or records.keys() != cache.hubs.keys()):
        keep = functools.partial(write_cache, cache_path, HubCache(key, records))
    log.info("hubs listed=%d read=%d from cache=%d", len(titles), len(fresh), len(records) - len(fresh))
    return HubRead(titles=titles, results=[r.result for r in records.values()], pages=pages, keep_cache=keep)
