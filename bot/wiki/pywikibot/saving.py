"""Saving a page: conflict-safe, over the revision it was read at.

Saves go through ``APISite.editpage`` with the base revision id of the revision read, so a human edit
made in between is an edit conflict, never overwritten; a page that did not exist is created with
createonly=1, so a page someone else created in between is an edit conflict too (MediaWiki's
articleexists), never overwritten. Either save costs the edit request alone after the caller's check
(bot.executor), plus pywikibot's CSRF token request at the first save of a process.
"""

from __future__ import annotations

from bot.errors import EditConflict, TransientError, WikiReadOnly
from bot.models import PageText
from bot.wiki.pywikibot.errors import translate_error


class Saving:
    """PywikibotGateway's saves (on Connection's ``site`` and ``counters``, Reads' ``page_revisions``)."""

    def save(self, base: PageText, text: str, summary: str, *, checked: bool = False) -> int:
        # One small request first catches a newer revision, or a page created since it was read, before
        # writing (MediaWiki checks baserevid or createonly again), unless the caller just asked it
        # (``checked``: the executor's check, which reads the shutoff page's revision too). Then the edit
        # alone: the page as read is handed to pywikibot, which would load it again otherwise (_prime).
        page = self._pwb.Page(self.site, base.title)
        latest = base.revid if base.exists else None
        if not checked and self.page_revisions([base.title]).get(base.title) != latest:
            raise EditConflict(f"{base.title} {'changed' if base.exists else 'was created'} since it was read")
        self._prime(page, base)
        # baserevid and *no* basetimestamp: with a basetimestamp, MediaWiki suppresses the conflict
        # as a "self-conflict" whenever the human edit falls in the same second as the base
        # revision (RevisionStore::userWasLastToEdit compares timestamps strictly), and the
        # human edit is overwritten. The revision id always tells them apart. A new page has no
        # base revision: createonly=1 makes MediaWiki refuse the save if the page exists by then.
        extra = {"baserevid": base.revid} if base.exists and base.revid else {}
        try:
            self.site.editpage(page, summary=summary, minor=False, bot=True, text=text, basetimestamp="",
                               createonly=not base.exists, nocreate=base.exists, **extra)
        except Exception as exc:
            error = translate_error(exc, base.title)
            if isinstance(error, TransientError) and not isinstance(error, WikiReadOnly):
                error = self._read_only() or error     # pywikibot retries "readonly" and then says "timeout"
            raise error from None
        if page.latest_revision_id != (base.revid if base.exists else 0):   # else MediaWiki stored no change
            self.counters.edits += 1
        return page.latest_revision_id

    def _prime(self, page, base: PageText) -> None:
        """Give pywikibot's Page the revision read as ``base`` (its latest, as just checked).

        APISite.editpage reads ``page.latest_revision`` (for a basetimestamp hubbot does not send) and loads
        it when it is not there: the whole text of a page of megabytes, or, for a page that does not exist,
        two requests that find nothing. A missing page is given an empty revision 0, which nothing sends."""
        from pywikibot.page import Revision
        revid = base.revid if base.exists else 0
        stamp = base.timestamp or "1970-01-01T00:00:00Z"
        page._revisions[revid] = Revision(revid=revid, timestamp=stamp.replace("+00:00", "Z"),
                                          user=base.user or "", slots={"main": {"*": base.text if base.exists else "",
                                                                                "contentmodel": "wikitext"}})
        page.latest_revision_id = revid
