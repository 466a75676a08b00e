"""publish-templates never reverts the community: which edits to a published page are someone else's.

hubbot keeps the template and module pages equal to templates/ in the repository. Once published, a page
belongs to the wiki: a community edit since hubbot's last revision (an added category, a fixed typo) is
not overwritten. The page is left as it is, the operator sees the diff and who edited, and publishing over
it needs ``--overwrite-community-edits`` (after merging, or agreeing on the talk page).
"""

from __future__ import annotations

from typing import Sequence

from bot.models import PageRevision as Revision


def community_edits(history: Sequence[Revision], published: int | None, bot: str) -> list[Revision]:
    """The revisions by others since the one hubbot published (``history`` newest first).

    Without a remembered revision (a new state directory), hubbot's own latest revision is where its
    publication stands; a page hubbot never edited is all the community's.
    """
    edits = []
    for rev in history:
        if rev.revid == published or (published is None and rev.user == bot):
            break
        if rev.user != bot:
            edits.append(rev)
    return edits


def refusal(title: str, edits: Sequence[Revision], published: int | None, source: str) -> tuple[str, str]:
    """(reason, fix) for a page not published because of ``edits`` (newest first)."""
    editors = ", ".join(dict.fromkeys(e.user for e in edits))
    latest = edits[0]
    since = f"since hubbot published rev {published}" if published else "since hubbot last edited it"
    count = f"{len(edits)} edit{'s' if len(edits) > 1 else ''}"
    reason = (f"edited by {editors} {since} ({count}; the latest, rev {latest.revid}"
              + (f": {latest.comment!r}" if latest.comment else "") + "); publishing would revert that.")
    fix = (f"merge their change into {source} (the diff shows what publishing would change), or, after agreeing "
           "with them on the talk page, rerun with --overwrite-community-edits.")
    return reason, fix
