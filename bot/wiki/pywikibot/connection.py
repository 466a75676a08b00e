"""Setting up the wiki: importing pywikibot, the site, the login and the account, and counting requests.

Every HTTP request pywikibot makes is counted (a response hook on its session). ``Connection`` is the base
of PywikibotGateway: the reads, saves and Translate statistics (the package's other modules) use its
``site``, ``counters`` and ``_query_pages``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import time
from typing import Callable

from bot.errors import UserError, WikiReadOnly, WikiUnreachable
from bot.wiki.gateway import Counters
from bot.wiki.pywikibot.network import RetriesSaid, cause, fix_for, install
from bot.wiki.pywikibot.errors import network_failure, translate_error
from bot.wiki.pywikibot.passwords import missing_line

log = logging.getLogger("hubbot")
SESSION_PAUSES = (0.5, 2.0)     # seconds before a login is sent again when the wiki had not stored its session

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
        install(http.session)
        try:
            # its requests from the first on (the site logs in from pywikibot's saved login as it is made)
            self.site = pywikibot.Site(code, family, user=user, interface=_site_class())
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
            url, why = self._api_url(family, code), cause(exc)
            raise WikiUnreachable(f"wiki {family}:{code}", f"cannot be reached at {url or 'its API address'}: {why}.",
                                  fix_for(why)) from None
        self.description = f"{self.site.family.name}:{self.site.code} ({self.site.base_url(self.site.apipath())})"
        self.user = None
        self.fresh_login = False     # the last login sent the password (else it reused pywikibot's saved one)
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

    def login(self, fresh: bool = False) -> None:
        """Log in as the account user-config.py names, with the password file's line for it; never a prompt.

        Pywikibot reuses its saved login (the session in pywikibot-ACCOUNT.lwp) as long as the wiki takes
        it, without reading the password. The password is sent again, the saved login replaced, when
        ``fresh`` (a dry run: it proves the password and the grants of the password file, as they are now)
        or when the password file changed since the saved login (a new secret or a new BotPassword is used
        at once, its grants with it)."""
        import pywikibot
        if self.site.is_oauth_token_available():       # OAuth: no password file, nothing to prompt for
            self._site_login()
            return
        password_file = self._checked_password_file()
        saved = self._saved_login()
        reason = ("a dry run checks the password" if fresh else "no saved login" if saved is None
                  else "the password file changed since the saved login"
                  if os.path.getmtime(password_file) > os.path.getmtime(saved) else "")
        with _no_prompt(pywikibot, f"{self.site.username()}'s password", password_file):
            if reason:
                self._fresh_login(password_file, reason)
            self._site_login()
        if self.site.userinfo.get("name") != self.site.username():
            raise UserError(f"wiki {self.description}", "login failed: the wiki did not take the login of "
                            f"{self.site.username()} (no error was given).",
                            "check the account's line in the password file and the BotPassword at "
                            "Special:BotPasswords.")
        self.fresh_login = bool(reason)
        self.user = self.site.user()

    def _site_login(self) -> None:
        try:
            self.site.login()
        except UserError:
            raise
        except Exception as exc:
            raise self._login_error(exc) from None

    def _login_error(self, exc: Exception) -> Exception:
        read_only = self._read_only()      # MediaWiki refuses logins while it is read-only
        if read_only:
            return WikiReadOnly(f"{read_only}; the bot cannot log in until it is writable again")
        if network_failure(exc):            # the wiki is down or overloaded: it did not refuse the login
            why = cause(exc)
            return WikiUnreachable(f"wiki {self.description}", f"did not answer the login: {why}.",
                                   "nothing to do if the wiki is down: the next run tries again; "
                                   + fix_for(why))
        return UserError(f"wiki {self.description}", f"login failed ({str(exc) or type(exc).__name__}).",
                         "check usernames[...] and password_file in user-config.py; "
                         "a BotPassword is written as ('User', BotPassword('app', 'secret')).")

    def _checked_password_file(self) -> str:
        """The password file pywikibot reads, with a line for the account; else exit 2 saying what to write."""
        pwb = self._pwb
        account, family, code = self.site.username(), self.site.family.name, self.site.code
        where = f"wiki {family}:{code}"
        if not account:
            raise UserError(where, "user-config.py names no bot account for this wiki.",
                            f"add usernames['{family}']['{code}'] = 'HubBot' (the account's name) to user-config.py, "
                            "or give -user:NAME.")
        line = f"({account!r}, BotPassword('hubbot', '<secret>'))"
        if not getattr(pwb.config, "password_file", None):
            raise UserError("user-config.py", f"has no password_file, so pywikibot would ask for {account}'s "
                            "password on the terminal.",
                            f"add password_file = 'passwordfile' and write in that file the line {line} "
                            "(README: Deploying on Meta, step 2).")
        path = os.path.join(pwb.config.base_dir, pwb.config.password_file)   # as pywikibot looks for it
        if not os.path.isfile(path):
            path = pwb.config.password_file
        if not os.path.isfile(path):
            raise UserError(f"password_file {pwb.config.password_file}", "not found (user-config.py names it; "
                            f"pywikibot looked in {pwb.config.base_dir} and in the current folder).",
                            f"create it with the line {line}: `umask 077; cat > passwordfile` "
                            "(README: Deploying on Meta, step 2).")
        try:
            with open(path, encoding="utf-8") as file:
                text = file.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(path, f"cannot be read ({getattr(exc, 'strerror', None) or exc}).",
                            "make it a UTF-8 text file the bot's user may read (chmod 600).") from None
        missing = missing_line(text, account, family, code)
        if missing:
            raise UserError(path, *missing)
        return path

    def _saved_login(self) -> str | None:
        """pywikibot-ACCOUNT.lwp, pywikibot's saved login (its session cookies), when there is one."""
        from pywikibot.tools import as_filename
        path = self._pwb.config.datafilepath(f"pywikibot-{as_filename(self.site.username())}.lwp")
        return path if os.path.isfile(path) else None

    def _fresh_login(self, password_file: str, reason: str) -> None:
        """Send the password (pywikibot's login, from a session of its own: MediaWiki refuses a login inside a
        BotPassword session) and save the new session over the saved login."""
        from pywikibot import login as pwb_login
        from pywikibot.comms import http
        account = self.site.username()
        log.info("logging in to %s as %s with the secret in %s (%s)", self.description, account, password_file,
                 reason)

        def refused(why: str) -> UserError:
            return UserError(password_file, f"login failed: the wiki refused {account}'s line ({why}).",
                             "copy the secret of the account's BotPassword again from Special:BotPasswords into the "
                             f"password file (user-config.py's password_file): ({account!r}, BotPassword('NAME', "
                             "'<secret>')), NAME being the bot password's name; a lost secret: make a new one there.")
        http.cookie_jar.load(account, ignore_discard=True)   # names the file the new session is saved to
        http.cookie_jar.clear()                               # the saved session is not sent
        with contextlib.suppress(AttributeError):
            del self.site.userinfo
        manager = pwb_login.ClientLoginManager(site=self.site, user=account)
        if manager.password is None:
            raise refused("pywikibot read no password for it")
        for pause in (*SESSION_PAUSES, None):
            try:
                manager.login_to_site()
                break
            except self._pwb.exceptions.APIError as exc:
                # The session the login token came with may not be stored yet when the login arrives (a wiki
                # with several PHP workers): "Unable to continue login. Your session most likely timed out."
                if pause is not None and "session" in str(exc.info).lower():
                    time.sleep(pause)
                    continue
                error = self._login_error(exc)          # a read-only wiki refuses every login
                raise (refused(f"{exc.code}: {exc.info}") if isinstance(error, UserError) else error) from None
            except Exception as exc:
                raise self._login_error(exc) from None
        manager.storecookiedata()

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


@functools.cache
def _site_class():
    """pywikibot's APISite, whose requests (``_request_class``) are pywikibot's own classes with the retries
    after a failed request said (RetriesSaid), except that a ``readonly`` answer is raised at once.
    Pywikibot waits and retries it up to max_retries times (minutes per save, and again for every page);
    hubbot treats read-only as the wiki's pause (bot.executor)."""
    from pywikibot.site import APISite

    class HubbotSite(APISite):
        @staticmethod
        def _request_class(kwargs: dict):
            return _cached_request() if kwargs.get("expiry") is not None else _read_only_raising_request()
    return HubbotSite


@functools.cache
def _cached_request():
    from pywikibot.data import api

    class CachedRequest(RetriesSaid, api.CachedRequest):
        pass
    return CachedRequest


@functools.cache
def _read_only_raising_request():
    from pywikibot.data import api
    from pywikibot.exceptions import APIError

    class Request(RetriesSaid, api.Request):
        def _internal_api_error(self, code, error, result) -> bool:
            if code == "readonly":
                raise APIError(code, error.get("readonlyreason") or error.get("info", ""))
            return super()._internal_api_error(code, error, result)
    return Request


@contextlib.contextmanager
def _no_prompt(pywikibot, asked: str, password_file: str):
    """Pywikibot asks on the terminal for a password it has not got (a cron job would hang, or fail with an
    EOFError): here that is an error naming the password file."""
    def refuse(question: str = "", *args, **kwargs):
        raise UserError(password_file, f"pywikibot asked for {asked} ({question.strip()!r}); hubbot never waits "
                        "for a typed password.",
                        "check that the file's line for the account is what pywikibot reads: "
                        "('Account', BotPassword('name', '<secret>')).")
    original = pywikibot.input
    pywikibot.input = refuse
    try:
        yield
    finally:
        pywikibot.input = original
