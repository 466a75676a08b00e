"""The only module that imports pywikibot: the Gateway for a live wiki.

Reads go through pywikibot's preloading (50 titles per request) and the
``embeddedin`` generator at the API's maximum limit; saves go through
``APISite.editpage`` with the base timestamp of the revision we read, so a
human edit made in between is an edit conflict, never overwritten.
Every HTTP request pywikibot makes is counted (a response hook on its session).
"""

from __future__ import annotations

import functools
import hashlib
from datetime import datetime, timedelta
import logging
import os
import re
import unicodedata
from typing import Callable, Sequence

from bot.errors import (EditConflict, MissingRight, PageProtected, PageTooLarge, SaveRefused, TransientError,
                        UserError, WikiReadOnly, WikiUnreachable)
from bot.models import PageRevision, PageText, TranslationProgress
from bot.wiki.translate_stats import collect_messagegroupstats
from bot.wiki.gateway import BATCH, Change, ChangePosition, Counters

log = logging.getLogger(__name__)

def stored_form(text: str) -> str:
    """``text`` as MediaWiki stores it when no pre-save transform applies."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).rstrip(" \t\n\r\0\x0b")


KEEP_MIN = 32_000   # characters: smaller pages are read again (asking first would save nothing)
TOO_BIG = re.compile(r"exceeds the (?:article|page) size limit|contenttoobig", re.IGNORECASE)
NOT_ALLOWED = re.compile(r"not authorized to (?:create new pages|edit)|API editing not enabled")   # editpage's texts
PERMISSION_CODES = {"permissiondenied", "cantcreate", "noedit", "writeapidenied", "protectednamespace",
                    "protectednamespace-interface", "mwoauth-invalid-authorization"}
TRANSIENT_API_CODES = {"maxlag", "readonly", "ratelimited", "internal_api_error_DBQueryError",
                       "internal_api_error_DBConnectionError", "internal_api_error_DBQueryTimeoutError"}


def _import_pywikibot():
    """Import pywikibot, turning its configuration errors into a clear message."""
    where = os.environ.get("PYWIKIBOT_DIR")
    if where and not os.path.isfile(os.path.join(where, "user-config.py")):
        # pywikibot would quietly fall back to its default site (test.wikipedia.org)
        raise UserError(f"PYWIKIBOT_DIR={where}", "has no user-config.py"
                        + ("" if os.path.isdir(where) else " (the folder does not exist)") + ".",
                        "point PYWIKIBOT_DIR at the folder holding user-config.py (for the demo wiki: "
                        "DIR/pywikibot of `hubbot localwiki start DIR`), or create one from user-config.py.sample.")
    try:
        import pywikibot  # noqa: F401
        from pywikibot.comms import http  # noqa: F401
    except Exception as exc:  # pywikibot raises various errors on a bad user-config.py
        where = os.environ.get("PYWIKIBOT_DIR", "the current directory")
        raise UserError(f"{where}/user-config.py", f"pywikibot cannot load its configuration ({exc}).",
                        "compare it with user-config.py.sample, or set PYWIKIBOT_DIR.") from None
    _quiet_pywikibot()
    return pywikibot


def _quiet_pywikibot() -> None:
    """Pywikibot prints its own errors with tracebacks; hubbot reports failures itself.

    Its console output is shown only with `hubbot --verbose`.
    """
    import pywikibot.bot
    if pywikibot.config.log:
        pywikibot.bot.init_handlers()
    else:
        # The log header (versions of pywikibot and its packages, probed on disk: about 0.15 s) only
        # matters in a log file; without one (no -log) it would go to the quieted console handlers.
        header = pywikibot.bot.writelogheader
        pywikibot.bot.writelogheader = lambda: None
        try:
            pywikibot.bot.init_handlers()
        finally:
            pywikibot.bot.writelogheader = header
    verbose = logging.getLogger("hubbot").isEnabledFor(logging.DEBUG)
    for handler in logging.getLogger("pywiki").handlers:
        if not verbose:
            handler.setLevel(logging.CRITICAL + 1)
        elif handler.level < logging.WARNING:   # the warnings handler keeps its level: lowered, it printed
            handler.setLevel(logging.DEBUG)       # every line a second time ("INFO: ...")


class PywikibotGateway:
    def __init__(self, family: str | None = None, code: str | None = None, user: str | None = None) -> None:
        pywikibot = _import_pywikibot()
        from pywikibot.comms import http
        self._pwb = pywikibot
        self.counters = Counters()
        hooks = http.session.hooks.setdefault("response", [])
        hooks.append(self._count)
        family = family or pywikibot.config.family
        code = code or pywikibot.config.mylang
        self.site = None
        try:
            self.site = pywikibot.Site(code, family, user=user)
            self.site.siteinfo["general"]  # noqa: B018 - forces the first request: is the wiki there?
        except UserError:
            raise
        except pywikibot.exceptions.UnknownFamilyError:
            raise UserError(f"wiki family {family!r}",
                                  "is unknown to pywikibot (not one of its families, not in family_files of "
                                  "user-config.py).",
                                  "correct site.family in the config (or -family:), e.g. meta; for another wiki add "
                                  "family_files['NAME'] = 'https://HOST/w/api.php' to user-config.py.") from None
        except pywikibot.exceptions.UnknownSiteError:
            raise UserError(f"wiki {family}:{code}", f"family {family!r} has no site with code {code!r}.",
                                  "correct site.code in the config (or -lang:), e.g. code meta for family meta.") from None
        except Exception as exc:
            url = self._api_url(family, code)
            detail = str(exc).splitlines()[0][:160] if str(exc) else ""
            raise WikiUnreachable(f"wiki {family}:{code}",
                                  f"cannot be reached at {url or 'its API address'} ({type(exc).__name__}: {detail}).",
                                  "check that the wiki is up at that address and that PYWIKIBOT_DIR/user-config.py "
                                  "(or the config's site:) points to it (the right host and port); for the demo run "
                                  "`hubbot localwiki start DIR`.") from None
        self.site._request_class = _request_class_without_read_only_retries
        self.description = f"{self.site.family.name}:{self.site.code} ({self.site.base_url(self.site.apipath())})"
        self.user = None
        general = self.site.siteinfo["general"]
        self.max_page_bytes = int(general["maxarticlesize"]) if general.get("maxarticlesize") else None
        self.progress = None     # callable(done, total) while reading many pages (a terminal display)
        # `hubbot watch` keeps the texts of large pages it read or saved, by revision: a later read asks
        # only their revision ids and SHA-1s (one small request), and the text again only if it changed.
        self.keep_texts = False
        self._texts: dict[str, PageText] = {}

    def _api_url(self, family: str, code: str) -> str:
        """The API address pywikibot tried, for the message (best effort: '' when unknown)."""
        try:
            if self.site is not None:
                return self.site.base_url(self.site.apipath())
            location = self._pwb.config.family_files.get(family, "")
            if str(location).startswith(("http://", "https://")):
                return str(location)
            fam = self._pwb.family.Family.load(family)
            return f"{fam.protocol(code)}://{fam.hostname(code)}{fam.apipath(code)}"
        except Exception:
            return ""

    def _count(self, response, *args, **kwargs):
        self.counters.requests += 1
        return response

    def close(self) -> None:
        from pywikibot.comms import http
        hooks = http.session.hooks.get("response", [])
        if self._count in hooks:
            hooks.remove(self._count)

    # -- reading ----------------------------------------------------------
    def login(self) -> None:
        try:
            self.site.login()
        except Exception as exc:
            read_only = self._read_only()      # MediaWiki refuses logins while it is read-only
            if read_only:
                raise WikiReadOnly(f"{read_only}; the bot cannot log in until it is writable again") from None
            if _network_failure(exc):            # the wiki is down or overloaded: it did not refuse the login
                raise WikiUnreachable(f"wiki {self.description}", f"did not answer the login ({exc}).",
                                      "nothing to do if the wiki is down: the next run tries again.") from None
            raise UserError(f"wiki {self.description}", f"login failed ({str(exc) or type(exc).__name__}).",
                                  "check usernames[...] and password_file in user-config.py; "
                                  "a BotPassword is written as ('User', BotPassword('app', 'secret')).") from None
        self.user = self.site.user()

    def account_rights(self) -> tuple[frozenset[str], frozenset[str]]:
        """The logged-in account's rights and groups, from the meta=userinfo answer pywikibot read at login
        (uiprop=groups|rights|...; no further request). MediaWiki gives a BotPassword session the rights of
        its grants as they are now (1.39 refreshes them with the session)."""
        info = self.site.userinfo
        return frozenset(info.get("rights", ())), frozenset(info.get("groups", ()))

    def page_history(self, title: str, limit: int = 50):
        """The latest ``limit`` revisions of a page, newest first (one prop=revisions request)."""
        params = {"action": "query", "prop": "revisions", "titles": title, "rvprop": "ids|user|comment|timestamp",
                  "rvlimit": str(limit), "formatversion": "2"}
        answer = next(self._query_pages(params, title))
        pages = answer.get("query", {}).get("pages", [])
        return [PageRevision(int(r["revid"]), r.get("user", ""), r.get("comment", ""), r.get("timestamp", ""))
                for r in (pages[0].get("revisions", []) if pages else [])]

    @property
    def account_name(self) -> str | None:
        """The bot account: the one logged in, else the one user-config.py names for this wiki."""
        return self.user or self.site.username()

    @property
    def login_file(self) -> str | None:
        """pywikibot's saved login (pywikibot-ACCOUNT.lwp), named in messages about grants."""
        from pywikibot.comms import http
        return getattr(http.cookie_jar, "filename", None)

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

    def _query_pages(self, params: dict, where: str):
        """Answers of one query, following ``continue`` (each answer is one counted request)."""
        params = dict(params)
        while True:
            try:
                answer = self.site.simple_request(**params).submit()
            except Exception as exc:
                raise _translate_error(exc, where) from None
            yield answer
            if "continue" not in answer:
                return
            params.update(answer["continue"])

    def _kept(self, titles: Sequence[str]) -> dict[str, PageText]:
        """Of ``titles`` (as asked), those whose kept text is still the page's latest revision."""
        names = {}
        for title in titles:
            try:
                name = self._pwb.Page(self.site, title).title()
            except Exception:
                continue          # read_pages reports a bad title
            if name in self._texts:
                names[title] = name
        if not names:
            return {}
        current: dict[str, tuple[int, str]] = {}
        for name, page in self._pages_of(list(names.values()),
                                         {"prop": "revisions", "rvprop": "ids|sha1", "rvslots": "main"}).items():
            revs = page.get("revisions") or []
            if revs and revs[0].get("sha1"):
                current[name] = (int(revs[0]["revid"]), revs[0]["sha1"])
        kept = {}
        for title, name in names.items():
            text = self._texts[name]
            if current.get(name) == (text.revid, hashlib.sha1(text.text.encode("utf-8")).hexdigest()):
                kept[title] = text
            else:
                del self._texts[name]
        return kept

    def _keep(self, page: PageText) -> None:
        if self.keep_texts and page.exists and page.revid and len(page.text) >= KEEP_MIN:
            self._texts[page.title] = page

    def read_pages(self, titles: Sequence[str]) -> dict[str, PageText]:
        pywikibot = self._pwb
        kept = self._kept(list(dict.fromkeys(titles))) if self.keep_texts and self._texts else {}
        unique = [t for t in dict.fromkeys(titles) if t not in kept]
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
            raise _translate_error(exc, ", ".join(unique[:3]) + ("..." if len(unique) > 3 else "")) from None
        answer = {}
        for title in unique:   # a page preloading did not return is missing
            name = normalized[title]
            answer[title] = result.get(name) or PageText(title=name, text="", exists=False)
            self._keep(answer[title])
        self.counters.pages_read += len(answer)
        return {title: kept.get(title) or answer[title] for title in dict.fromkeys(titles)}

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

    # -- writing ----------------------------------------------------------
    def save(self, base: PageText, text: str, summary: str, *, checked: bool = False) -> int:
        # One small request first catches a newer revision before writing (MediaWiki checks baserevid
        # again), unless the caller just asked it (``checked``). APISite.editpage wants the page's latest
        # revision with its text: when the page is still at base's revision, that is base itself, so a
        # page of megabytes is not read again.
        page = self._pwb.Page(self.site, base.title)
        if base.exists:
            if not checked and self.page_revisions([base.title]).get(base.title) != base.revid:
                raise EditConflict(f"{base.title} changed since it was read")
            self._prime(page, base)
        else:             # a new page: pywikibot's editpage wants it loaded as missing (one small request)
            try:
                list(self.site.preloadpages([page], groupsize=1))     # no text: the page is missing
            except Exception as exc:
                raise _translate_error(exc, base.title) from None
            if page.exists():
                raise EditConflict(f"{base.title} was created since it was read")
        # baserevid and *no* basetimestamp: with a basetimestamp, MediaWiki suppresses the conflict
        # as a "self-conflict" whenever the human edit falls in the same second as the base
        # revision (RevisionStore::userWasLastToEdit compares timestamps strictly), and the
        # human edit is overwritten. The revision id always tells them apart.
        extra = {"baserevid": base.revid, "basetimestamp": ""} if base.exists and base.revid else {}
        try:
            self.site.editpage(page, summary=summary, minor=False, bot=True, text=text,
                               createonly=not base.exists, nocreate=base.exists, **extra)
        except Exception as exc:
            error = _translate_error(exc, base.title)
            if isinstance(error, TransientError) and not isinstance(error, WikiReadOnly):
                error = self._read_only() or error     # pywikibot retries "readonly" and then says "timeout"
            raise error from None
        if page.latest_revision_id != base.revid:      # else MediaWiki stored no change (nochange)
            self.counters.edits += 1
        # Kept as MediaWiki stores text (TextContent: line ends, no trailing whitespace; the API takes
        # NFC). Anything else it may change (~~~~, subst:, the pipe trick) the SHA-1 check of _kept
        # sees, and the text is read again then.
        self._keep(PageText(page.title(), stored_form(text), True, page.latest_revision_id))
        return page.latest_revision_id

    def _prime(self, page, base: PageText) -> None:
        """Give pywikibot's Page the revision read as ``base`` (its latest, as just checked)."""
        from pywikibot.page import Revision
        stamp = base.timestamp or "1970-01-01T00:00:00Z"
        page._revisions[base.revid] = Revision(revid=base.revid, timestamp=stamp.replace("+00:00", "Z"),
                                               user=base.user or "", slots={"main": {"*": base.text,
                                                                                     "contentmodel": "wikitext"}})
        page.latest_revision_id = base.revid

    def _read_only(self) -> WikiReadOnly | None:
        """WikiReadOnly (with the wiki's reason) when the wiki is now read-only, else None."""
        try:
            general = self.site.simple_request(action="query", meta="siteinfo", siprop="general").submit()
            general = general["query"]["general"]
        except Exception:
            return None
        if "readonly" in general:
            return WikiReadOnly(f"{self.description}: the wiki is read-only"
                                + (f": {general['readonlyreason']}" if general.get("readonlyreason") else ""))
        return None

    # -- Translate ----------------------------------------------------------
    def translation_progress(self, page: str) -> TranslationProgress:
        def fetch(params: dict) -> dict:
            try:
                return self.site.simple_request(**params).submit()
            except self._pwb.exceptions.APIError as exc:
                return {"error": {"code": exc.code, "info": exc.info}}
            except Exception as exc:
                raise _translate_error(exc, page) from None
        return collect_messagegroupstats(page, fetch)

    def render(self, title: str) -> str:
        """The HTML MediaWiki renders for a page (used by tests and the demo's check)."""
        answer = self.site.simple_request(action="parse", page=title, prop="text", formatversion="2").submit()
        return answer["parse"]["text"]


def _request_class_without_read_only_retries(kwargs: dict):
    """APISite._request_class for this gateway's site: pywikibot's own, except that a ``readonly``
    answer is raised at once. Pywikibot waits and retries it up to max_retries times (minutes per
    save, and again for every page); hubbot treats read-only as the wiki's pause (bot.executor)."""
    from pywikibot.data import api
    return api.CachedRequest if kwargs.get("expiry") is not None else _read_only_raising_request()


@functools.cache
def _read_only_raising_request():
    from pywikibot.data import api
    from pywikibot.exceptions import APIError

    class Request(api.Request):
        def _internal_api_error(self, code, error, result) -> bool:
            if code == "readonly":
                raise APIError(code, error.get("readonlyreason") or error.get("info", ""))
            return super()._internal_api_error(code, error, result)
    return Request


def _change(row: dict) -> Change:
    params = row.get("logparams") or {}
    return Change(rcid=int(row["rcid"]), timestamp=row["timestamp"], type=row["type"], title=row["title"],
                  namespace=int(row.get("ns", 0)), revid=row.get("revid") or None, user=row.get("user"),
                  log_type=row.get("logtype"), log_action=row.get("logaction"),
                  target=params.get("target_title") if isinstance(params, dict) else None)


def _network_failure(exc: Exception) -> bool:
    from pywikibot import exceptions as pe
    import requests
    return isinstance(exc, (pe.ServerError, pe.ApiTimeoutError, requests.RequestException, TimeoutError,
                            ConnectionError))


def _translate_error(exc: Exception, where: str) -> Exception:
    """Map pywikibot/requests exceptions to hubbot's three kinds."""
    from pywikibot import exceptions as pe
    import requests

    if isinstance(exc, pe.EditConflictError):
        return EditConflict(f"{where}: {type(exc).__name__}")
    if isinstance(exc, pe.LockedPageError):
        return PageProtected(f"{where} is protected ({type(exc).__name__})")
    if type(exc) is pe.Error and TOO_BIG.search(str(exc)):       # editpage's 'contenttoobig'
        return PageTooLarge(f"{where}: {exc}")
    if (type(exc) is pe.Error and NOT_ALLOWED.search(str(exc))) or isinstance(exc, pe.UserRightsError):
        return MissingRight(f"{where}: {exc}")                     # editpage's 'cantcreate', 'noedit', ...
    if isinstance(exc, pe.APIError) and exc.code in PERMISSION_CODES:
        return MissingRight(f"{where}: {exc.code}: {exc.info}")
    if isinstance(exc, (pe.OtherPageSaveError, pe.SpamblacklistError,
                        pe.TitleblacklistError, pe.AbuseFilterDisallowedError, pe.NoCreateError,
                        pe.CaptchaError)):
        return SaveRefused(f"{where}: {exc}")
    if isinstance(exc, pe.APIError):
        if exc.code == "readonly" or getattr(exc, "code", "") == "ReadOnlyError":
            return WikiReadOnly(f"{where}: the wiki is read-only: {exc.info}")
        if exc.code == "contenttoobig":
            return PageTooLarge(f"{where}: {exc.info}")
        if exc.code in ("protectedpage", "cascadeprotected", "protectedtitle"):
            return PageProtected(f"{where}: {exc.code}: {exc.info}")
        if exc.code in TRANSIENT_API_CODES or exc.code.startswith("internal_api_error"):
            return TransientError(f"{where}: API error {exc.code}: {exc.info}")
        if exc.code in ("blocked", "autoblocked"):
            return SaveRefused(f"{where}: {exc.code}: {exc.info}")
        return SaveRefused(f"{where}: API error {exc.code}: {exc.info}")
    if isinstance(exc, (pe.ServerError, pe.ApiTimeoutError, pe.ClientError, requests.RequestException,
                        TimeoutError, ConnectionError)):
        return TransientError(f"{where}: {type(exc).__name__}: {str(exc)[:200]}")
    if isinstance(exc, pe.Error):
        return TransientError(f"{where}: {type(exc).__name__}: {str(exc)[:200]}")
    return exc
