"""The hub status page: counts, staleness, translation progress and translations per language (pure).

The text depends only on the hubs, never on the date: the days since each hub's review and
whether it is stale are counted by Module:Hub status when the page is rendered, from six arguments
per hub (``{{#invoke:Hub status|hubs|...}}``; ``{{CURRENTDAY2}}`` on the page makes MediaWiki render
it again within the hour), so a day with no hub change makes no edit, and 10,000 hubs fit in
MediaWiki's 2 MB (an expression per row did not: 5.4 MB). ``age_in_days`` and ``is_stale`` say what
the page shows today. A hub whose review date cannot be read, or lies in the future, is stale (its review cannot
be counted) and listed with the never-reviewed ones, by what is wrong; its problem is on the errors page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from bot.config import OutputConfig
from bot.logic.labels import LABELS
from bot.logic.languages import Language
from bot.logic.outputs import RunData, TYPE_LABELS, sorted_hubs
from bot.models import Hub
from bot.parsing.infobox import STATUSES
from bot.rendering import escape
from bot.rendering.render import render, type_label


@dataclass(frozen=True)
class HubRow:
    hub: Hub
    age_days: int | None     # days since `updated` as of the run (None when missing); the page counts them itself
    stale: bool
    problems: int
    reviewed: str | None = None    # `updated` as an ISO date, UNREADABLE when the infobox's is not one, None when missing

    @property
    def arguments(self) -> str:
        """The hub's six arguments to ``{{#invoke:Hub status|hubs}}``: review date, type, status, plans, problems,
        hub (a link). Every value is escaped; ``=`` outside the link too, so that no value names an argument."""
        hub = escape.internal_link(self.hub.page, self.hub.display_name)
        cells = (self.reviewed or "", escape.cell(type_label(self.hub.types)),
                 escape.cell(self.hub.status.capitalize()) if self.hub.status else "",
                 str(len(self.hub.plans)), str(self.problems))
        if not hub.startswith("[["):                     # an unusable title: the name as text
            hub = hub.replace("=", "&#61;")
        return "|".join([*(c.replace("=", "&#61;") for c in cells), hub])


UNREADABLE = "unreadable"     # the review argument of a hub whose infobox gives a date the bot cannot read


def reviewed_on(hub: Hub, unreadable: bool = False) -> str | None:
    """The hub's `updated` as an ISO date (a date the wiki reads back the same); UNREADABLE when the infobox
    gives one the parser could not read (``unreadable``: a problem of the field), else None."""
    if not hub.updated:
        return UNREADABLE if unreadable else None
    try:
        return date.fromisoformat(hub.updated).isoformat()
    except ValueError:
        return None


def age_in_days(hub: Hub, today: date) -> int | None:
    if not hub.updated:
        return None
    try:
        return (today - date.fromisoformat(hub.updated)).days
    except ValueError:
        return None


def is_stale(age: int | None, stale_days: int) -> bool:
    """Not reviewed, not for more than ``stale_days``, or on a date in the future (its age cannot be told)."""
    return age is None or age > stale_days or age < 0


def hub_rows(data: RunData, stale_days: int) -> list[HubRow]:
    today = data.now.date()
    per_page: dict[str, int] = {}
    unreadable: set[str] = set()
    for problem in data.problems:
        per_page[problem.page] = per_page.get(problem.page, 0) + 1
        if problem.field == "updated":
            unreadable.add(problem.page)
    rows = []
    for hub in sorted_hubs(data.hubs):
        age = age_in_days(hub, today)
        rows.append(HubRow(hub, age, is_stale(age, stale_days), per_page.get(hub.page, 0),
                           reviewed_on(hub, hub.page in unreadable)))
    return rows


def _of_type(hub: Hub, key: str | None) -> bool:
    """A hub counts under each of its types; a hub without a type under "Type not given"."""
    return key in hub.types if key else not hub.types


def cross_table(hubs: list[Hub]) -> tuple[list[str], list[tuple[str, list[int], int]], list[int], int]:
    """(column labels, rows of (status, counts per type, hubs), column totals, number of hubs).

    A hub of several types is counted in each of their columns, so a row's columns may
    add up to more than its number of hubs; the page says so.
    """
    types = [key for key, _ in TYPE_LABELS]
    columns = [label.replace(" hubs", "") for _, label in TYPE_LABELS]
    statuses = list(STATUSES) + [None]
    rows = []
    for status in statuses:
        members = [h for h in hubs if h.status == status]
        if members:
            counts = [sum(1 for h in members if _of_type(h, t)) for t in types]
            rows.append(((status or "not given").capitalize(), counts, len(members)))
    totals = [sum(1 for h in hubs if _of_type(h, t)) for t in types]
    return columns, rows, totals, len(hubs)


@dataclass(frozen=True)
class LanguageCounts:
    """What readers of one language see translated: hub names (the translated titles of hub pages) and labels
    (the words of the lists and the infobox, on the labels page), each of how many there are."""
    code: str
    names: int
    hubs: int
    labels: int
    label_total: int = len(LABELS)


def language_counts(languages: Iterable[Language], hubs: int) -> list[LanguageCounts]:
    """One row per language in use (RunData.languages: translated, the source language never among them), sorted
    by code. A wiki nobody translates has none, and its status page is what it always was."""
    return [LanguageCounts(lang.code, lang.names_translated, hubs, lang.labels.count)
            for lang in sorted(languages, key=lambda lang: lang.code)]


def status_body(out: OutputConfig, data: RunData) -> str:
    rows = hub_rows(data, out.stale_days)
    columns, cross, totals, total = cross_table(data.hubs)
    progress = [data.translations[p] for p in out.translations if p in data.translations]
    multi = sum(1 for h in data.hubs if len(h.types) > 1)
    return render("status.wiki.j2", rows=rows, multi_type=multi, stale_days=out.stale_days,
                  columns=columns, cross=cross, totals=totals, total=total, progress=progress,
                  languages=language_counts(data.languages.values(), len(data.hubs)))
