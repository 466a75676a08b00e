"""Table columns for generated hub lists (pure): a header and a cell per hub, escaped at the edge.

Outputs choose their columns by name (``columns:`` in the config); the same names
serve every table of hubs (the directory today, on-wiki lists later). Every cell is
built with the escaping functions of bot.rendering.escape, so no editor value can
break the table. ``hub`` is another name for the ``name`` column.

Headers, type and status words and the map's text come from a ``Labels`` object (bot.logic.labels),
English by default: a list rendered for language xx takes them in xx where translated.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from bot.config import DirectoryOptions
from bot.logic.labels import ENGLISH, Labels
from bot.models import Hub
from bot.rendering import escape

DEFAULT_MAP_SIZE = DirectoryOptions.map_size     # pixels, the size of Meta's "Rough map" thumbnails
ALIASES = {"hub": "name"}


@dataclass(frozen=True)
class Column:
    name: str
    header: str                                # in English; the label column-<name> in other languages
    cell: Callable[[Hub, int, Labels], str]    # (hub, map size in px, labels) -> wikitext of the cell
    sortable: bool = True

    def header_cell(self, labels: Labels = ENGLISH) -> str:
        header = labels.cell(f"column-{self.name}")
        return header if self.sortable else f'class="unsortable" | {header}'


COLUMNS: dict[str, Column] = {c.name: c for c in (
    Column("name", "Hub", lambda h, _, __: escape.internal_link(h.page, h.display_name)),
    Column("type", "Type", lambda h, _, labels: labels.types_cell(h.types)),
    Column("scope", "Scope", lambda h, _, __: escape.cell(h.scope)),
    Column("region", "Region", lambda h, _, __: escape.cell(h.region)),
    Column("status", "Status", lambda h, _, labels: labels.status_cell(h.status)),
    Column("languages", "Languages", lambda h, _, __: escape.cell(", ".join(h.languages))),
    Column("website", "Website", lambda h, _, __: escape.external_link(h.website) if h.website else ""),
    Column("contact", "Contact", lambda h, _, __: escape.cell(h.contact)),
    Column("founded", "Founded", lambda h, _, __: escape.cell(h.founded)),
    Column("updated", "Last updated", lambda h, _, __: escape.cell(h.updated)),
    Column("plans", "Plans", lambda h, _, __: "<br />".join(
        escape.external_link(p.target, p.label) if p.external else escape.internal_link(p.target, p.label)
        for p in h.plans)),
    Column("map", "Map", lambda h, size, labels: escape.file_link(
        h.map, size, labels.text("map-alt").replace("$1", h.display_name)), sortable=False),
    Column("details", "Details", lambda h, _, __: escape.rich(h.details)),
)}
NAMES = tuple(COLUMNS)
DEFAULTS = {"directory": DirectoryOptions.columns,               # Meta's table's (the config's default)
            "list": ("name", "scope", "status")}          # an on-wiki {{Hub list}}


def column_name(name: str) -> str | None:
    """The canonical column for a configured name (case ignored), or None if unknown."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    return key if key in COLUMNS else None


def allowed_names() -> str:
    """For messages: every column name an output may use."""
    return ", ".join(("hub (= name)",) + NAMES)


def columns_for(kind: str, names: tuple[str, ...] = ()) -> tuple[Column, ...]:
    """The columns of an output: the configured ones (already validated), else the kind's default."""
    return tuple(COLUMNS[column_name(n)] for n in (names or DEFAULTS[kind]))


def header_row(columns: tuple[Column, ...], labels: Labels = ENGLISH) -> str:
    return "! " + " !! ".join(c.header_cell(labels) for c in columns)


def cells(hub: Hub, columns: tuple[Column, ...], map_size: int = DEFAULT_MAP_SIZE, labels: Labels = ENGLISH,
          english: frozenset[str] = frozenset()) -> list[str]:
    """The hub's cells; those of the columns in ``english`` (its name, scope or details left untranslated on a
    list in another language) marked as English text where the language is written right to left."""
    return [labels.in_english(c.cell(hub, map_size, labels)) if c.name in english else c.cell(hub, map_size, labels)
            for c in columns]


def row(hub: Hub, columns: tuple[Column, ...], map_size: int = DEFAULT_MAP_SIZE, labels: Labels = ENGLISH,
        english: frozenset[str] = frozenset()) -> str:
    """One table row (a hub's cells depend on nothing else, so rows are remembered: `hubbot watch`
    renders 10,000 rows per run where one hub changed)."""
    try:
        return _row(hub, columns, map_size, labels, english)
    except TypeError:       # a hub holding a list (made by hand, not by the parser): not remembered
        return _row.__wrapped__(hub, columns, map_size, labels, english)


@functools.lru_cache(maxsize=1 << 15)
def _row(hub: Hub, columns: tuple[Column, ...], map_size: int, labels: Labels, english: frozenset[str]) -> str:
    return ("| " + " || ".join(cells(hub, columns, map_size, labels, english))).rstrip()   # no trailing space
