"""What went wrong on the network, said while pywikibot retries and when it gives up.

Pywikibot retries a request that got no answer (connection refused, a timeout, an HTTP 5xx without the
API's JSON) up to ``max_retries`` times, waiting ``retry_wait`` seconds, doubled each time up to
``retry_max``; it says so only to its own (quieted) log, and gives up with "ApiTimeoutError: Maximum
retries attempted without success", the cause lost. Here each attempt's failure is kept (an HTTP adapter
on pywikibot's session: the exception requests raised, or the status of a 5xx answer), every retry is one
line at the default log level ("cannot reach URL: connection refused; retry 1 of 5 in 5 s"), and the
final message names the cause (``cause``). The retries themselves are pywikibot's, unchanged: a cron run
still rides out a wiki that restarts.
"""

from __future__ import annotations

import logging
import re
import threading

import requests
from requests.adapters import HTTPAdapter

log = logging.getLogger("hubbot")

_attempt = threading.local()     # this thread's last request: .failure (str or None), .retries, .waited


class RecordingAdapter(HTTPAdapter):
    """requests' adapter, keeping what became of this thread's last request (for the messages)."""

    def send(self, request, *args, **kwargs):
        _attempt.failure = None
        try:
            response = super().send(request, *args, **kwargs)
        except Exception as exc:
            _attempt.failure = describe(exc)
            raise
        if response.status_code >= 500:
            _attempt.failure = f"HTTP {response.status_code}" + (f" {response.reason}" if response.reason else "")
        else:
            _attempt.retries, _attempt.waited = 0, 0.0     # the wiki answered: a later failure starts afresh
        return response


def install(session: requests.Session) -> None:
    """Mount the recording adapter on pywikibot's session (once; it sends exactly as requests' default)."""
    for prefix in ("https://", "http://"):
        if not isinstance(session.get_adapter(prefix + "x"), RecordingAdapter):
            session.mount(prefix, RecordingAdapter())


def describe(exc: BaseException) -> str:
    """The cause of a failed request in a few words: connection refused, name not resolved, timed out, ..."""
    text = " ".join(f"{type(e).__name__}: {e}" for e in _chain(exc))
    if any(isinstance(e, ConnectionRefusedError) for e in _chain(exc)) or re.search(
            r"Connection refused|\[Errno 111\]", text):
        return "connection refused"
    if re.search(r"NameResolutionError|Name or service not known|nodename nor servname|"
                 r"Temporary failure in name resolution|getaddrinfo failed|\[Errno -[235]\]", text):
        return "name not resolved"
    if any(isinstance(e, (requests.Timeout, TimeoutError)) for e in _chain(exc)) or "timed out" in text:
        return "timed out"
    if re.search(r"CERTIFICATE_VERIFY_FAILED|SSLError|certificate verify failed", text):
        return "TLS certificate not accepted"
    if re.search(r"Connection reset|RemoteDisconnected|Connection aborted|closed connection", text):
        return "connection closed by the server"
    first = (str(exc).splitlines() or [""])[0][:160]
    return f"{type(exc).__name__}" + (f": {first}" if first else "")


def _chain(exc: BaseException | None):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = exc.__cause__ or inner or exc.__context__


def last_failure() -> str | None:
    """What became of this thread's last request, when it failed (a described cause), else None."""
    return getattr(_attempt, "failure", None)


def cause(exc: BaseException) -> str:
    """The cause of ``exc`` (pywikibot's error for the last request): when pywikibot gave up after retries,
    the last attempt's failure with the retries ("connection refused, after 5 retries in 155 s")."""
    recorded = last_failure()
    retries, waited = getattr(_attempt, "retries", 0), getattr(_attempt, "waited", 0.0)
    if type(exc).__name__ == "ApiTimeoutError" and recorded:
        return recorded + (f", after {retries} retr{'y' if retries == 1 else 'ies'} in {waited:.0f} s"
                           if retries else "")
    described = describe(exc)
    return recorded if recorded and described.startswith(type(exc).__name__) else described


def fix_for(cause_text: str) -> str:
    """What the operator does about an unreachable wiki, by cause."""
    if cause_text.startswith("connection refused"):
        return ("nothing answers at that address: check that the wiki is up there and that PYWIKIBOT_DIR/"
                "user-config.py (or the config's site:) names the right host and port; for the demo run "
                "`hubbot localwiki start DIR`.")
    if cause_text.startswith("name not resolved"):
        return ("the host name is unknown: check its spelling in PYWIKIBOT_DIR/user-config.py (or the config's "
                "site:) and this machine's network (DNS).")
    if cause_text.startswith("timed out"):
        return ("the wiki did not answer within socket_timeout (user-config.py): it may be overloaded, or a "
                "firewall drops the connection; the next run tries again.")
    return ("check that the wiki is up at that address and that PYWIKIBOT_DIR/user-config.py (or the config's "
            "site:) points to it (the right host and port); for the demo run `hubbot localwiki start DIR`.")


class RetriesSaid:
    """A mixin for pywikibot's api.Request: each wait before a retry after a failed request is one log line
    naming the address, the cause, the retry and the wait. Other waits (maxlag, rate limits) stay silent."""

    def wait(self, delay=None, **kwargs) -> None:
        import pywikibot
        failure = last_failure()
        attempt = getattr(self, "current_retries", 0) + 1
        limit = getattr(self, "max_retries", pywikibot.config.max_retries)
        if failure and attempt <= limit:
            pause = min((delay or getattr(self, "retry_wait", pywikibot.config.retry_wait)) * 2 ** (attempt - 1),
                        pywikibot.config.retry_max)
            log.warning("cannot reach %s: %s; retry %d of %d in %s s", self.site.base_url(self.site.apipath()),
                        failure, attempt, limit, f"{pause:g}")
            _attempt.retries = attempt
            _attempt.waited = getattr(_attempt, "waited", 0.0) + pause
        super().wait(delay, **kwargs)
