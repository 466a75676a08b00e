"""Edit summaries that say what changed (pure).

"hubbot: directory: +1 hub (EduWiki Hub), status changed for 2 hubs
(CEE Hub: pilot→implementation, ...)". The comparison is against a snapshot
of the hubs the bot last wrote to that output (kept in the state file); with
no snapshot the summary just counts.
"""

from __future__ import annotations

import hashlib
import re

from bot.logic.labels import Labels
from bot.models import Hub
from bot.values import summary_text

MAX_SUMMARY = 480   # MediaWiki cuts edit summaries at 500 characters
MAX_NAMES = 3


def snapshot(hubs: list[Hub]) -> dict[str, list]:
    """What a summary needs to remember of the hubs on an output page: name, status, plan targets, and a
    digest of everything else a list can show (scope, types, region, map, details ...)."""
    return {h.page: [h.display_name, h.status, sorted(p.target for p in h.plans), _details_digest(h)] for h in hubs}


def _details_digest(hub: Hub) -> str:
    shown = (hub.scope, hub.types, hub.region, hub.languages, hub.website, hub.contact, hub.founded, hub.updated,
             hub.map, tuple(str(p) for p in hub.details))
    return hashlib.sha1(repr(shown).encode("utf-8")).hexdigest()[:10]


def listed(items: list[str]) -> str:
    """"A, B, C, and 2 more": names for a summary, as plain text (a hub's name is an editor's value)."""
    shown = ", ".join(summary_text(item) for item in items[:MAX_NAMES])
    if len(items) > MAX_NAMES:
        shown += f", and {len(items) - MAX_NAMES} more"
    return shown


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def describe_plans(before: dict[str, list] | None, after: dict[str, list]) -> str:
    """For a list of plans: how many plans came and went."""
    if before is None:
        with_plans = [v for v in after.values() if v[2]]
        return _finish([f"{_plural(sum(len(v[2]) for v in with_plans), 'plan')} of "
                        f"{_plural(len(with_plans), 'hub')}"])
    old = {(page, t) for page, v in before.items() for t in v[2]}
    new = {(page, t) for page, v in after.items() for t in v[2]}
    parts = []
    if new - old:
        parts.append(f"+{_plural(len(new - old), 'plan')}")
    if old - new:
        parts.append(f"−{_plural(len(old - new), 'plan')}")
    return _finish(parts)


def describe_hubs(before: dict[str, list] | None, after: dict[str, list]) -> str:
    """For hub tables: hubs added and removed, status changes."""
    if before is None:
        return _finish([_plural(len(after), "hub")])
    added = sorted(after[p][0] for p in after.keys() - before.keys())
    removed = sorted(before[p][0] for p in before.keys() - after.keys())
    changed = sorted(f"{after[p][0]}: {before[p][1] or '?'}→{after[p][1] or '?'}"
                     for p in after.keys() & before.keys() if before[p][1] != after[p][1])
    details = sorted(after[p][0] for p in after.keys() & before.keys()
                     if len(before[p]) > 3 and before[p][3] != after[p][3])   # older snapshots: no digest
    parts = []
    if added:
        parts.append(f"+{_plural(len(added), 'hub')} ({listed(added)})")
    if removed:
        parts.append(f"−{_plural(len(removed), 'hub')} ({listed(removed)})")
    if changed:
        parts.append(f"status changed for {_plural(len(changed), 'hub')} ({listed(changed)})")
    if details:
        parts.append(f"details of {_plural(len(details), 'hub')} changed ({listed(details)})")
    return _finish(parts)


def labels_snapshot(labels: Labels, body: str) -> dict[str, str]:
    """What a summary remembers of the labels on a page in language xx (PAGE/xx): per translated label the
    generated text shows (its words found in ``body``), a digest of the translation."""
    shown = {}
    for key, text in labels.translated:
        pieces = [p for p in re.split(r"\$\d+", labels.cell(key)) if p.strip()]
        if pieces and all(p in body for p in pieces):
            shown[key] = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return shown


def describe_labels(before: dict[str, str] | None, after: dict[str, str], language: str) -> str:
    """A translator's changes to the labels a page in ``language`` shows, since its last save: "labels: 2
    translations updated (sw)"; "" when none changed or the last save's labels are not known."""
    if before is None:
        return ""
    updated = sum(1 for key in after.keys() & before.keys() if after[key] != before[key])
    parts = [f"{_plural(n, 'translation')} {what}" for n, what in (
        (updated, "updated"), (len(after.keys() - before.keys()), "added"),
        (len(before.keys() - after.keys()), "back in English")) if n]
    return f"labels: {', '.join(parts)} ({language})" if parts else ""


def _finish(parts: list[str]) -> str:
    text = ", ".join(parts) or "details updated"
    return text if len(text) <= MAX_SUMMARY else text[: MAX_SUMMARY - 1] + "…"


def summary_head(text: str, task_page: str | None = None) -> str:
    """"hubbot: ..." or, with a task page configured, "[[User:HubBot/Tasks|hubbot]]: ..." (history links it)."""
    return f"[[{task_page}|hubbot]]: {text}" if task_page else f"hubbot: {text}"
