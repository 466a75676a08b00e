"""Reading the wiki: listings, revision ids, page texts, files, recent changes and EventStreams.

Reads go through pywikibot's preloading (50 titles per request) and the ``embeddedin`` generator at the
API's maximum limit; revision ids and listings are asked without content (``_pages_of``, 50 titles a
request).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable, Sequence

from bot.errors import UserError
from bot.models import PageRevision, PageText
from bot.wiki.gateway import BATCH, Change, ChangePosition
from bot.wiki.pywikibot.errors import translate_error


class Reads:
    """PywikibotGateway's reads (on Connection's ``site``, ``counters`` and ``_query_pages``)."""

    def page_history(self, title: str, limit: int = 50):
        """The latest ``limit`` revisions of a page, newest first (one prop=revisions request)."""
        params = {"action": "query", "prop": "revisions", "titles": title, "rvprop": "ids|user|comment|timestamp",
                  "rvlimit": str(limit), "formatversion": "2"}
        answer = next(self._query_pages(params, title))
        pages = answer.get("query", {}).get("pages", [])
        return [PageRevision(int(r["revid"]), r.get("user", ""), r.get("comment", ""), r.get("timestamp", ""))
                for r in (pages[0].get("revisions", []) if pages else [])]

    def transclusions(self, template: str, namespaces: Sequence[int]) -> list[str]:
        page = self._pwb.Page(self.site, template, ns=10)
        unknown = [n for n in namespaces if n not in self.site.namespaces]
        if unknown:
            known = ", ".join(f"{n} ({self.site.namespaces[n].custom_name or 'main'})"
                              for n in sorted(self.site.namespaces) if n >= 0)
            raise UserError("hubs.namespaces", f"the wiki {self.description} has no namespace "
                            f"{', '.join(map(str, unknown))}.", f"use namespace numbers of this wiki: {known}.")
        params = {"action": "query", "list": "embeddedin", "eititle": page.title(), "eilimit": "max",
                  "formatversion": "2"}
        if namespaces:
            params["einamespace"] = "|".join(str(n) for n in namespaces)
        titles = {row["title"] for answer in self._query_pages(params, page.title())
                  for row in answer.get("query", {}).get("embeddedin", [])}
        return sorted(titles)

    def hub_revisions(self, template: str, namespaces: Sequence[int]) -> dict[str, int]:
        title = self._pwb.Page(self.site, template, ns=10).title()
        params = {"action": "query", "generator": "embeddedin", "geititle": title, "geilimit": "max",
                  "prop": "info", "formatversion": "2"}
        if namespaces:
            params["geinamespace"] = "|".join(str(n) for n in namespaces)
        revisions: dict[str, int] = {}
        for answer in self._query_pages(params, title):
            for page in answer.get("query", {}).get("pages", []):
                if not page.get("missing") and page.get("lastrevid"):
                    revisions[page["title"]] = int(page["lastrevid"])
        return revisions

    def _pages_of(self, titles: Sequence[str], params: dict) -> dict[str, dict]:
        """The query's page entries for ``titles`` (keyed as asked, 50 titles a request, normalised
        titles mapped back); a title the answer does not name is left out."""
        unique = list(dict.fromkeys(titles))
        answer: dict[str, dict] = {}
        for start in range(0, len(unique), BATCH):
            chunk = unique[start:start + BATCH]
            where = ", ".join(chunk[:3]) + ("..." if len(chunk) > 3 else "")
            for result in self._query_pages({"action": "query", "formatversion": "2", **params,
                                             "titles": "|".join(chunk)}, where):
                query = result.get("query", {})
                renamed = {n["from"]: n["to"] for n in query.get("normalized", [])}
                found = {p.get("title"): p for p in query.get("pages", [])}
                for title in chunk:
                    page = found.get(renamed.get(title, title))
                    if page is not None:
                        answer.setdefault(title, {}).update(page)
        return answer

    def revision_hashes(self, titles: Sequence[str]) -> dict[str, tuple[int, str]]:
        """Latest revision id and SHA-1 of each existing title, without content: one request per 50 titles."""
        current: dict[str, tuple[int, str]] = {}
        pages = self._pages_of(titles, {"prop": "revisions", "rvprop": "ids|sha1", "rvslots": "main"})
        for title, page in pages.items():
            revs = page.get("revisions") or []
            if revs and revs[0].get("sha1"):
                current[title] = (int(revs[0]["revid"]), revs[0]["sha1"])
        return current

    def page_revisions(self, titles: Sequence[str]) -> dict[str, int | None]:
        """Latest revision id of each title (None: missing), without content: one request per 50 titles."""
        pages = self._pages_of(titles, {"prop": "info"})
        return {title: (int(page["lastrevid"]) if (page := pages.get(title)) and page.get("lastrevid")
                        and not page.get("missing") and not page.get("invalid") else None)
                for title in dict.fromkeys(titles)}

    def recent_changes(self, after: ChangePosition | None,
                       overlap: float = 0.0) -> tuple[list[Change], ChangePosition | None]:
        params = {"action": "query", "list": "recentchanges", "formatversion": "2",
                  "rcprop": "title|ids|timestamp|user|loginfo", "rctype": "edit|new|log"}
        if after is None:   # a new watcher starts after the newest change
            params.update(rcdir="older", rclimit="1")
            rows = next(self._query_pages(params, "recent changes")).get("query", {}).get("recentchanges", [])
            return [], (ChangePosition(rows[0]["timestamp"], int(rows[0]["rcid"])) if rows else None)
        # From ``overlap`` seconds before it: MediaWiki writes a recent-changes row when the edit's
        # request ends, so a row can appear after a newer one was seen (the caller drops the rows it
        # has seen already).
        start = datetime.fromisoformat(after.timestamp.replace("Z", "+00:00")) - timedelta(seconds=overlap)
        params.update(rcdir="newer", rclimit="max", rcstart=start.strftime("%Y-%m-%dT%H:%M:%SZ"))
        changes = []
        for answer in self._query_pages(params, "recent changes"):
            changes += [_change(row) for row in answer.get("query", {}).get("recentchanges", [])]
        return changes, ChangePosition.after(after, changes)

    def transcluding(self, titles: Sequence[str], template: str) -> set[str]:
        """Which of ``titles`` transclude ``Template:<template>`` now (one request per 50 titles)."""
        return {title for title, revid in self.revisions_using(titles, template).items() if revid}

    def revisions_using(self, titles: Sequence[str], template: str) -> dict[str, int | None]:
        name = self._pwb.Page(self.site, template, ns=10).title()
        pages = self._pages_of(titles, {"prop": "info|templates", "tltemplates": name, "tllimit": "max"})
        return {title: (int(page["lastrevid"]) if (page := pages.get(title)) and page.get("templates")
                        and page.get("lastrevid") and not page.get("missing") else None)
                for title in dict.fromkeys(titles)}

    def change_stream(self, since: str | None = None, url: str | None = None,
                      on_open: Callable[[], None] | None = None, on_error: Callable[[], None] | None = None):
        """Recent-change events of this wiki from EventStreams (Wikimedia's SSE service), as dicts.

        ``url`` overrides the family's stream URL (tests replay events from a local server).
        Connections are made by requests-sse, outside pywikibot's session: no API request is counted.
        """
        from pywikibot.comms.eventstreams import EventStreams
        kwargs = {"site": self.site, "streams": "recentchange", "since": since, "retry": 1000,
                  "on_open": on_open, "on_error": on_error}
        if url:
            kwargs["url"] = url + (("&" if "?" in url else "?") + f"since={since}" if since else "")
        try:
            stream = EventStreams(**kwargs)
        except NotImplementedError:
            raise UserError("--source eventstreams", f"{self.description} has no EventStreams service.",
                            "use the default polling source, or pass --stream-url.") from None
        stream.register_filter(wiki=self.wiki_id)
        return iter(stream)

    @property
    def wiki_id(self) -> str:
        """The wiki's database name (e.g. metawiki): the ``wiki`` field of its stream events."""
        return self.site.siteinfo["general"]["wikiid"]

    def read_pages(self, titles: Sequence[str]) -> dict[str, PageText]:
        pywikibot = self._pwb
        unique = list(dict.fromkeys(titles))
        normalized: dict[str, str] = {}

        def pages():
            # Page objects are made as pywikibot asks for the next batch, so only about one batch
            # of loaded pages (with their text) is alive at a time, whatever the number of titles.
            for title in unique:
                try:
                    page = pywikibot.Page(self.site, title)
                except Exception as exc:
                    raise UserError(f"page {title!r}", f"is not a valid title ({exc}).",
                                    "fix the title in the config.") from None
                normalized[title] = page.title()
                yield page

        result: dict[str, PageText] = {}
        try:
            for page in self.site.preloadpages(pages(), groupsize=BATCH):
                result[page.title()] = self._snapshot(page)
                if self.progress and len(result) % BATCH == 0:
                    self.progress(len(result), len(unique))
        except UserError:
            raise
        except Exception as exc:
            raise translate_error(exc, ", ".join(unique[:3]) + ("..." if len(unique) > 3 else "")) from None
        answer = {}
        for title in unique:   # a page preloading did not return is missing
            name = normalized[title]
            answer[title] = result.get(name) or PageText(title=name, text="", exists=False)
        self.counters.pages_read += len(answer)
        return answer

    @staticmethod
    def _snapshot(page) -> PageText:
        title = page.title()
        if not page.exists():
            return PageText(title=title, text="", exists=False)
        rev = page.latest_revision
        return PageText(title=title, text=page.text, exists=True, revid=rev.revid,
                        timestamp=rev.timestamp.isoformat(), user=rev.user, redirect=page.isRedirectPage())

    def files_exist(self, titles: Sequence[str]) -> dict[str, bool]:
        # Not read_pages: a file on a shared repository (Commons, for Meta) has no page on the wiki
        # itself, so pywikibot reports it missing; imageinfo's imagerepository says where it lives.
        pages = self._pages_of(titles, {"prop": "imageinfo", "iiprop": "size"})
        return {title: bool(page.get("imagerepository")) and not page.get("invalid") for title, page in pages.items()}

    def render(self, title: str) -> str:
        """The HTML MediaWiki renders for a page (used by tests and the demo's check)."""
        answer = self.site.simple_request(action="parse", page=title, prop="text", formatversion="2").submit()
        return answer["parse"]["text"]


def _change(row: dict) -> Change:
    params = row.get("logparams") or {}
    return Change(rcid=int(row["rcid"]), timestamp=row["timestamp"], type=row["type"], title=row["title"],
                  namespace=int(row.get("ns", 0)), revid=row.get("revid") or None, user=row.get("user"),
                  log_type=row.get("logtype"), log_action=row.get("logaction"),
                  target=params.get("target_title") if isinstance(params, dict) else None)
