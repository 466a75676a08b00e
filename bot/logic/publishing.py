"""publish-templates never reverts the community: which edits to a published page are someone else's.

hubbot keeps the template and module pages equal to templates/ in the repository. Once published, a page
belongs to the wiki: a community edit since hubbot's last revision (an added category, a fixed typo) is
not overwritten. The page is left as it is, the operator sees the diff and who edited, and publishing over
it needs ``--overwrite-community-edits`` (after merging, or agreeing on the talk page).

The generated pages call the published modules, so a page published by an older hubbot can break them
(a script error on the status page). publish-templates records a digest of each page's source in the state
(``published_sources``); every sync compares it with this hubbot's, at no request, and warns until
publish-templates has run again.
"""

from __future__ import annotations

import hashlib
import shlex
from pathlib import Path
from typing import Mapping, Sequence

import yaml

from bot.config import Config
from bot.logic.infobox_checks import published_text, published_title   # the vocabulary: from the parser
from bot.logic.labels import labels_page_text
from bot.models import PageRevision as Revision
from bot.resources import TEMPLATES


def template_pages() -> list[tuple[str, Path]]:
    """(page, file) for every page of templates/publish.yaml, in its order."""
    entries = yaml.safe_load((TEMPLATES / "publish.yaml").read_text(encoding="utf-8"))
    return [(e["page"], TEMPLATES / e["file"]) for e in entries]


def source_digests(config: Config) -> dict[str, str]:
    """Page (its title under ``config``) -> a digest of what this hubbot publishes there: the text of its file
    under templates/ as rendered from hubbot's own code (the vocabulary), and with a ``translation:`` section
    the labels page. What the config adds to a page (the tracking category's name) is left out: the digest
    changes with hubbot's version, not with the config."""
    category = config.hubs.tracking_category
    found = {published_title(title, category): _digest(published_text(path)) for title, path in template_pages()}
    if config.translation is not None:
        found[config.translation.labels] = _digest(labels_page_text())
    return found


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def outdated(recorded: Mapping[str, str], current: Mapping[str, str]) -> list[str]:
    """The pages whose source when publish-templates last published them (``recorded``: page -> digest,
    ``source_digests``) is not this hubbot's (``current``): hubbot was upgraded since, and publish-templates
    not run. A page with no record is none of them: someone else may publish on the wiki."""
    return [title for title, digest in current.items() if title in recorded and recorded[title] != digest]


def outdated_warning(titles: Sequence[str], config_path) -> str | None:
    """Said by every sync run (the log and the errors page) while a published page is older than this hubbot's:
    the generated pages call the published modules, and an older module can break them (a script error)."""
    if not titles:
        return None
    names = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
    return (f"the published {names} {'is' if len(titles) == 1 else 'are'} older than this hubbot's: "
            f"run hubbot publish-templates --config {shlex.quote(str(config_path))}")


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
