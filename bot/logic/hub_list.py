"""One list model for every generated list of hubs (pure): filters, columns, sort, format, limit.

The configured directory (one table per hub type) and every on-wiki
``{{Hub list}}`` are a ListSpec applied to the hubs: ``select`` filters, sorts
and cuts, ``render_list`` writes a sortable table or a bulleted list through the
columns of bot.logic.columns (cells escaped there, once). One code path renders both.

Sorting: by the visible value of a column (case ignored), except ``status`` (a
hub's life cycle: research ... established, inactive), ``founded`` (as a year)
and ``plans`` (how many); hubs without a value come last whichever the
direction; ties are broken by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from bot.logic import columns as cols
from bot.models import Hub
from bot.parsing.infobox import STATUSES
from bot.rendering.render import render

FORMATS = ("table", "list")
LIST_DEFAULT_COLUMNS = cols.DEFAULTS["list"]
LIST_CLASS = "hubbot-list"
DEFAULT_EMPTY = "No hub matches this list yet."


@dataclass(frozen=True)
class ListSpec:
    """What one list shows. Empty filters match every hub."""

    types: tuple[str, ...] = ()          # a hub with any of these types
    statuses: tuple[str, ...] = ()       # a hub with one of these statuses
    language: str | None = None          # a code among the hub's languages
    region: str | None = None            # text the hub's scope or region contains (case ignored)
    columns: tuple[str, ...] = LIST_DEFAULT_COLUMNS
    sort: str = "name"
    descending: bool = False
    format: str = "table"
    limit: int | None = None
    caption: str | None = None
    empty: str = DEFAULT_EMPTY
    css_class: str = LIST_CLASS
    map_size: int = cols.DEFAULT_MAP_SIZE

    def matches(self, hub: Hub) -> bool:
        if self.types and not set(self.types) & set(hub.types):
            return False
        if self.statuses and hub.status not in self.statuses:
            return False
        if self.language and self.language not in hub.languages:
            return False
        if self.region:
            wanted = self.region.casefold()
            if not any(wanted in (value or "").casefold() for value in (hub.scope, hub.region)):
                return False
        return True


def _text(value) -> str:
    return "" if value is None else str(value).casefold()


SORT_KEYS: dict[str, Callable[[Hub], object]] = {
    "name": lambda h: h.display_name.casefold(),
    "type": lambda h: cols.type_label(h.types).casefold() if h.types else None,
    "scope": lambda h: _text(h.scope) or None,
    "region": lambda h: _text(h.region) or None,
    "status": lambda h: STATUSES.index(h.status) if h.status in STATUSES else None,
    "languages": lambda h: ", ".join(h.languages).casefold() or None,
    "website": lambda h: _text(h.website) or None,
    "contact": lambda h: _text(h.contact) or None,
    "founded": lambda h: int(h.founded) if str(h.founded or "").isdigit() else None,
    "updated": lambda h: h.updated or None,
    "plans": lambda h: len(h.plans) or None,
    "map": lambda h: _text(h.map) or None,
    "details": lambda h: h.details_text.casefold() or None,
}


def select(spec: ListSpec, hubs: list[Hub] | tuple[Hub, ...]) -> list[Hub]:
    """The hubs the list shows, in order: filtered, sorted (missing values last), cut at ``limit``."""
    chosen = sorted((h for h in hubs if spec.matches(h)), key=lambda h: h.sort_key)   # ties: by name
    key = SORT_KEYS[spec.sort]
    present = [h for h in chosen if key(h) is not None]
    missing = [h for h in chosen if key(h) is None]
    ordered = sorted(present, key=key, reverse=spec.descending) + missing
    return ordered[:spec.limit] if spec.limit is not None else ordered


def render_list(spec: ListSpec, hubs: list[Hub]) -> str:
    """The wikitext of the hubs already selected: a sortable table, or a bulleted list."""
    chosen = cols.columns_for("list", spec.columns)
    if spec.format == "table":
        rows = [cols.row(h, chosen, spec.map_size) for h in hubs]
    else:
        rows = [" – ".join(c for c in (col.cell(h, spec.map_size) for col in chosen) if c) for h in hubs]
    return render("hub_list.wiki.j2", format=spec.format, css_class=spec.css_class, header=cols.header_row(chosen),
                  rows=rows, caption=spec.caption, empty=spec.empty)


def hub_list(spec: ListSpec, hubs) -> str:
    """Select and render: the whole body of an on-wiki list."""
    return render_list(spec, select(spec, hubs))
