"""Setting up the wiki: importing pywikibot, the site, the login and the account, and counting requests.

Every HTTP request pywikibot makes is counted (a response hook on its session). ``Connection`` is the base
of PywikibotGateway: the reads, saves and Translate statistics (the package's other modules) use its
``site``, ``counters`` and ``_query_pages``.
"""

from __future__ import annotations

import functools
import logging
import os
from typing import Callable

from bot.errors import UserError, WikiReadOnly, WikiUnreachable
from bot.wiki.gateway import Counters
from bot.wiki.pywikibot.errors import network_failure, translate_error


def missing_user_config(environ, cwd: str, home: str) -> UserError | None:
    """The error for a user-config.py that is nowhere pywikibot looks when PYWIKIBOT_DIR is not set: the
    current folder, then ``~/.pywikibot`` (pywikibot's config.get_base_dir). Installed as a package, pywikibot
    would go on without one, on its default wiki and with no account, and a config's ``site:`` of a family
    that user-config.py's ``family_files`` defines would be said to be an unknown family.
    ``PYWIKIBOT_NO_USER_CONFIG=1`` (pywikibot's own switch) runs without one on purpose."""
    if environ.get("PYWIKIBOT_DIR") or environ.get("PYWIKIBOT_NO_USER_CONFIG", "0") != "0":
        return None
    places = [cwd, *([environ["PYWIKIBOT_DIR_PWB"]] if environ.get("PYWIKIBOT_DIR_PWB") else []),
              os.path.join(home, ".pywikibot")]
    if any(os.path.isfile(os.path.join(place, "user-config.py")) for place in places):
        return None
    return UserError("user-config.py (pywikibot's configuration)", "not found: pywikibot looked for it in " + " and in ".join(places)
                     + " (PYWIKIBOT_DIR is not set), so it knows neither the wiki nor the bot account.",
                     "copy user-config.py.sample (in hubbot's folder) to user-config.py in the folder you run hubbot "
                     "from, and put the bot account's name in it (README: Deploying on Meta, step 2); or set "
                     "PYWIKIBOT_DIR (or -dir:) to the folder holding yours; for the demo wiki, "
                     "PYWIKIBOT_DIR=DIR/pywikibot of `hubbot localwiki start DIR`.")


def import_pywikibot():
    """Import pywikibot, turning its configuration errors into a clear message."""
    missing = missing_user_config(os.environ, os.getcwd(), os.path.expanduser("~"))
    if missing is not None:
        raise missing
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
    quiet_pywikibot()
    return pywikibot


def quiet_pywikibot() -> None:
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


class Connection:
    """The site pywikibot talks to, logged in or not, with the requests it made (``counters``)."""

    def __init__(self, family: str | None = None, code: str | None = None, user: str | None = None,
                 progress: Callable[[int, int], None] | None = None) -> None:
        pywikibot = import_pywikibot()
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
        self.progress = progress     # callable(done, total) while reading many pages (a terminal display)

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

    def login(self) -> None:
        try:
            self.site.login()
        except Exception as exc:
            read_only = self._read_only()      # MediaWiki refuses logins while it is read-only
            if read_only:
                raise WikiReadOnly(f"{read_only}; the bot cannot log in until it is writable again") from None
            if network_failure(exc):            # the wiki is down or overloaded: it did not refuse the login
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

    @property
    def account_name(self) -> str | None:
        """The bot account: the one logged in, else the one user-config.py names for this wiki."""
        return self.user or self.site.username()

    @property
    def login_file(self) -> str | None:
        """pywikibot's saved login (pywikibot-ACCOUNT.lwp), named in messages about grants."""
        from pywikibot.comms import http
        return getattr(http.cookie_jar, "filename", None)

    def _query_pages(self, params: dict, where: str):
        """Answers of one query, following ``continue`` (each answer is one counted request)."""
        params = dict(params)
        while True:
            try:
                answer = self.site.simple_request(**params).submit()
            except Exception as exc:
                raise translate_error(exc, where) from None
            yield answer
            if "continue" not in answer:
                return
            params.update(answer["continue"])

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
