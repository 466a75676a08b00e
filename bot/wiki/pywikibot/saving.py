"""Saving a page: conflict-safe, over the revision it was read at.

Saves go through ``APISite.editpage`` with the base revision id of the revision read, so a human edit
made in between is an edit conflict, never overwritten.
"""

from __future__ import annotations

from bot.errors import EditConflict, TransientError, WikiReadOnly
from bot.models import PageText
from bot.wiki.pywikibot.errors import translate_error


class Saving:
    """PywikibotGateway's saves (on Connection's ``site`` and ``counters``, Reads' ``page_revisions``)."""

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
                raise translate_error(exc, base.title) from None
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
            error = translate_error(exc, base.title)
            if isinstance(error, TransientError) and not isinstance(error, WikiReadOnly):
                error = self._read_only() or error     # pywikibot retries "readonly" and then says "timeout"
            raise error from None
        if page.latest_revision_id != base.revid:      # else MediaWiki stored no change (nochange)
            self.counters.edits += 1
        return page.latest_revision_id

    def _prime(self, page, base: PageText) -> None:
        """Give pywikibot's Page the revision read as ``base`` (its latest, as just checked)."""
        from pywikibot.page import Revision
        stamp = base.timestamp or "1970-01-01T00:00:00Z"
        page._revisions[base.revid] = Revision(revid=base.revid, timestamp=stamp.replace("+00:00", "Z"),
                                               user=base.user or "", slots={"main": {"*": base.text,
                                                                                     "contentmodel": "wikitext"}})
        page.latest_revision_id = base.revid
