"""Which rights the bot account needs for what a command writes, and which BotPassword grant gives each.

Checked from one answer (the account's ``meta=userinfo`` rights and groups, which pywikibot reads when it
logs in) before anything is written, by the dry run too: a missing right is exit 2 naming the right, the
pages that need it and the grant to add at Special:BotPasswords. The grants are MediaWiki's
($wgGrantPermissions); a BotPassword session has only the rights its grants give, whatever the
account's groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from bot.config import Config
from bot.logic.infobox_labels import i18n_page

# right -> the grant that gives it, as Special:BotPasswords names it (and its id for createBotPassword.php)
GRANTS = {
    "writeapi": ("Basic rights", "basic"),
    "edit": ("Edit existing pages", "editpage"),
    "createpage": ("Create, edit, and move pages", "createeditmovepage"),
    "bot": ("High-volume editing", "highvolume"),
}


@dataclass(frozen=True)
class Need:
    right: str
    why: str                       # what the bot does with it, for the message
    pages: tuple[str, ...] = ()


def sync_needs(config: Config) -> list[Need]:
    """What `sync` with this config writes: pages with a region exist already (they hold the markers);
    whole pages, the errors page, the notices module of {{Hub list}} and, with a translation section, the
    infobox's labels module may have to be created."""
    written = [o.page for o in config.outputs]
    created = [o.page for o in config.outputs if o.region is None]
    if config.lists:
        written.append(config.lists.notices)
        created.append(config.lists.notices)
    infobox_labels = i18n_page(config)          # issue 25: the infobox's labels in each language
    if infobox_labels is not None:
        written.append(infobox_labels)
        created.append(infobox_labels)
    return pages_needs(written, created)


def pages_needs(written: Sequence[str], created: Sequence[str]) -> list[Need]:
    """The rights to edit ``written`` and to create ``created`` (publish-templates, import-directory)."""
    written, created = tuple(dict.fromkeys(written)), tuple(dict.fromkeys(created))
    needs = [Need("writeapi", "save through the API", written), Need("edit", "edit", written)] if written else []
    if created:
        needs.append(Need("createpage", "create", created))
    return needs


def missing(needs: Iterable[Need], rights: Iterable[str]) -> list[Need]:
    have = set(rights)
    return [n for n in needs if n.right not in have]


def creating(absent: Sequence[Need]) -> Need | None:
    """The missing right to create pages, if it is missing: which of its pages exist is then asked."""
    return next((n for n in absent if n.right == "createpage" and n.pages), None)


def only_to_create(absent: Sequence[Need], revids: Mapping[str, int | None]) -> list[Need]:
    """The missing rights with ``createpage`` needed only for the pages that do not exist (``revids``: None);
    none when every page exists (the other rights edit them)."""
    kept = []
    for need in absent:
        if need.right == "createpage" and need.pages:
            need = Need(need.right, need.why, tuple(p for p in need.pages if revids.get(p) is None))
            if not need.pages:
                continue
        kept.append(need)
    return kept


def message(account: str, absent: Sequence[Need], cookie_file: str | None) -> tuple[str, str]:
    """(problem, fix) for a UserError: every missing right, the pages needing it, the grants to add."""
    parts = []
    for need in absent:
        pages = ", ".join(need.pages[:4]) + (f" and {len(need.pages) - 4} more" if len(need.pages) > 4 else "")
        parts.append(f"the right '{need.right}' to {need.why}" + (f" {pages}" if pages else ""))
    grants = list(dict.fromkeys(f"\"{GRANTS[n.right][0]}\" ({GRANTS[n.right][1]})" for n in absent
                                if n.right in GRANTS))
    problem = (f"the account {account} lacks " + "; ".join(parts) + ". Nothing was written.")
    fix = (f"at Special:BotPasswords, give the bot password the grant{'s' if len(grants) > 1 else ''} "
           + ", ".join(grants) + " (and see the README's list of grants)"
           + (f"; if a new grant does not show, delete pywikibot's saved login {cookie_file} so that the next "
              "run logs in anew" if cookie_file else "") + ".")
    return problem, fix


def flag_warning(account: str, rights: Iterable[str], groups: Iterable[str]) -> str | None:
    """A bot without the bot flag (before approval, during a trial) works, slower; a flagged bot whose
    BotPassword lacks "High-volume editing" is a mistake (exit 2, through ``flag_needs``)."""
    if "bot" in set(groups) or "bot" in set(rights):
        return None
    return (f"the account {account} has no bot flag (yet): its edits are not marked as bot edits and show in "
            "recent changes, and the wiki's rate limits apply; fine for a trial, ask for the flag before running "
            "on a schedule.")


def flag_needs(groups: Iterable[str]) -> list[Need]:
    """A flagged account (in the bot group) needs its BotPassword to carry the flag's rights too."""
    return [Need("bot", "mark its edits as bot edits and be exempt from rate limits", ())] \
        if "bot" in set(groups) else []
