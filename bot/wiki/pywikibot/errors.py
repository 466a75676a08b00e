"""Pywikibot's and requests' exceptions as hubbot's errors (bot.errors).

A save refused for good (protection, size, filters, a missing right) is a SaveRefused kind; what may pass
(the network, maxlag, a read-only wiki, database errors) is a TransientError kind; an edit conflict is an
EditConflict. The codes are MediaWiki's API error codes and editpage's messages.
"""

from __future__ import annotations

import re

from bot.errors import (EditConflict, MissingRight, PageProtected, PageTooLarge, SaveRefused, TransientError,
                        WikiReadOnly)

TOO_BIG = re.compile(r"exceeds the (?:article|page) size limit|contenttoobig", re.IGNORECASE)
NOT_ALLOWED = re.compile(r"not authorized to (?:create new pages|edit)|API editing not enabled")   # editpage's texts
PERMISSION_CODES = {"permissiondenied", "cantcreate", "noedit", "writeapidenied", "protectednamespace",
                    "protectednamespace-interface", "mwoauth-invalid-authorization"}
TRANSIENT_API_CODES = {"maxlag", "readonly", "ratelimited", "internal_api_error_DBQueryError",
                       "internal_api_error_DBConnectionError", "internal_api_error_DBQueryTimeoutError"}


def network_failure(exc: Exception) -> bool:
    from pywikibot import exceptions as pe
    import requests
    return isinstance(exc, (pe.ServerError, pe.ApiTimeoutError, requests.RequestException, TimeoutError,
                            ConnectionError))


def translate_error(exc: Exception, where: str) -> Exception:
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
    if isinstance(exc, (pe.ServerError, pe.ApiTimeoutError, requests.RequestException, TimeoutError,
                        ConnectionError)):       # no answer: what the network said ("connection refused, ...")
        from bot.wiki.pywikibot.network import cause
        return TransientError(f"{where}: the wiki did not answer: {cause(exc)}")
    if isinstance(exc, pe.ClientError):
        return TransientError(f"{where}: {type(exc).__name__}: {str(exc)[:200]}")
    if isinstance(exc, pe.Error):
        return TransientError(f"{where}: {type(exc).__name__}: {str(exc)[:200]}")
    return exc
