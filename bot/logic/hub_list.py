"""One list model for every generated list of hubs (pure): filters, columns, sort, format, limit.

The configured directory (one table per hub type) and every on-wiki
``{{Hub list}}`` are a ListSpec applied to the hubs: ``select`` filters, sorts
and cuts, ``render_list`` writes a sortable table or a bulleted list through the
columns of bot.logic.columns (cells escaped there, once). One code path renders both.
``parse_spec`` reads a ``{{Hub list}}`` call's parameters (found by bot.parsing.hub_list) into a ListSpec:
an empty value means "no filter"; an unknown parameter or value is a Problem naming it and the fix.

Sorting: by the visible value of a column (case ignored), except ``status`` (a
hub's life cycle: research ... established, inactive), ``founded`` (as a year)
and ``plans`` (how many); hubs without a value come last whichever the
direction; ties are broken by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping

from bot.logic import columns as cols
from bot.logic.labels import ENGLISH, Labels
from bot.models import Hub, Problem
from bot.parsing.infobox import LANGUAGE_CODE, STATUS_SYNONYMS, STATUSES, TYPES, parse_types
from bot.parsing.wikitext import plain
from bot.rendering import escape
from bot.rendering.render import render, type_label
from bot.values import whole_number

FORMATS = ("table", "list")
LIST_DEFAULT_COLUMNS = cols.DEFAULTS["list"]
LIST_CLASS = "hubbot-list"
DEFAULT_EMPTY = "No hub matches this list yet."
PARAMETERS = ("type", "status", "language", "region", "columns", "sort", "format", "limit", "caption", "empty")
MAX_LIMIT = 500
UNKNOWN_TOLD = 5           # unknown parameters told one by one; the rest in one problem
QUOTED_MAX = 40            # characters of an editor's value quoted in a message


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
    "type": lambda h: type_label(h.types).casefold() if h.types else None,
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


def render_list(spec: ListSpec, hubs: list[Hub], labels: Labels = ENGLISH,
                english: Mapping[str, frozenset[str]] | None = None) -> str:
    """The wikitext of the hubs already selected: a sortable table, or a bulleted list (headers, type and
    status words in the language of ``labels``; the default empty text too, an editor's own as written).
    ``english``: per hub page, the columns left in English on a right-to-left language
    (bot.logic.languages.Language.english_values), marked as English text."""
    chosen = cols.columns_for("list", spec.columns)
    english = english or {}
    if spec.format == "table":
        rows = [cols.row(h, chosen, spec.map_size, labels, english.get(h.page, frozenset())) for h in hubs]
    else:
        rows = [" – ".join(c for c in cols.cells(h, chosen, spec.map_size, labels, english.get(h.page, frozenset()))
                           if c) for h in hubs]
    empty = labels.cell("list-empty") if spec.empty == DEFAULT_EMPTY else escape.cell(spec.empty)
    return render("hub_list.wiki.j2", format=spec.format, css_class=spec.css_class,
                  header=cols.header_row(chosen, labels), rows=rows, caption=spec.caption, empty=empty)


def hub_list(spec: ListSpec, hubs, labels: Labels = ENGLISH,
             english: Mapping[str, frozenset[str]] | None = None) -> str:
    """Select and render: the whole body of an on-wiki list."""
    return render_list(spec, select(spec, hubs), labels, english)


def _short(text: str) -> str:
    return text if len(text) <= QUOTED_MAX else text[: QUOTED_MAX - 1] + "…"


def _q(text: str) -> str:
    """An editor's value, quoted and cut, for a message."""
    return repr(_short(text))


# -- parameters -> ListSpec -----------------------------------------------------------
def _items(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_spec(params: tuple[tuple[str, str], ...], page: str = "") -> tuple[ListSpec | None, tuple[Problem, ...]]:
    """The list's ListSpec, or None and a Problem per bad parameter (naming it and the fix)."""
    problems: list[Problem] = []
    values: dict[str, str] = {}

    def problem(param: str, message: str, fix: str) -> None:
        problems.append(Problem(page, param, message, fix))

    unknown = 0
    for name, raw in params:
        key = re.sub(r"[\s_]+", " ", name.strip().lower())
        value = plain(raw).text
        if key not in PARAMETERS:
            unknown += 1        # told one by one up to UNKNOWN_TOLD: thousands would fill the errors page
            if unknown <= UNKNOWN_TOLD:
                what = f"unnamed value {_q(value)}" if key.isdigit() else f"unknown parameter {_q(name.strip())}"
                problem(_short(name.strip()), f"{what}.",
                        f"use the parameters {', '.join(PARAMETERS)} (e.g. | type = thematic).")
        elif value:
            values[key] = value
    if unknown > UNKNOWN_TOLD:
        problem("", f"{unknown - UNKNOWN_TOLD:,} more unknown parameters or unnamed values.",
                f"use only the parameters {', '.join(PARAMETERS)}.")
    spec: dict = {}
    if "type" in values:
        types, unknown = parse_types(values["type"])
        if unknown:
            problem("type", f"{', '.join(_q(u) for u in unknown[:UNKNOWN_TOLD])} is not a hub type.",
                    f"use one or more of: {', '.join(TYPES)}, separated by commas.")
        spec["types"] = types
    if "status" in values:
        statuses = []
        for item in _items(values["status"]):
            word = STATUS_SYNONYMS.get(item.lower(), item.lower())
            if word in STATUSES:
                statuses.append(word)
            else:
                problem("status", f"{_q(item)} is not a hub status.",
                        f"use one or more of: {', '.join(STATUSES)}, separated by commas.")
        spec["statuses"] = tuple(dict.fromkeys(statuses))
    if "language" in values:
        code = values["language"].lower()
        if not LANGUAGE_CODE.match(code):
            problem("language", f"{_q(values['language'])} is not a language code.",
                    "write one code as the hubs' infoboxes list it, e.g. sw or pt-br.")
        spec["language"] = code
    if "region" in values:
        spec["region"] = values["region"]
    if "columns" in values:
        names, seen = [], set()
        for item in _items(values["columns"]):
            name = cols.column_name(item)
            if name is None:
                problem("columns", f"{_q(item)} is not a known column.", f"use some of: {cols.allowed_names()}.")
            elif name in seen:
                problem("columns", f"{_q(item)} is listed twice.", "list each column once.")
            else:
                seen.add(name)
                names.append(name)
        if names:
            spec["columns"] = tuple(names)
    if "sort" in values:
        raw_sort = values["sort"].replace(" ", "")
        name = cols.column_name(raw_sort[1:] if raw_sort[0] in "-+" else raw_sort)     # one sign at most
        if name is None:
            problem("sort", f"{_q(values['sort'])} is not a column to sort by.",
                    "write a column name, with '-' before it for descending order, e.g. -updated.")
        else:
            spec["sort"], spec["descending"] = name, raw_sort.startswith("-")
    if "format" in values:
        fmt = values["format"].lower()
        if fmt not in FORMATS:
            problem("format", f"{_q(values['format'])} is not a format.", "write table or list.")
        spec["format"] = fmt
    if "limit" in values:
        text = values["limit"]
        limit = whole_number(text, 1, MAX_LIMIT)
        if limit is None:
            problem("limit", f"{_q(text)} is not a number of hubs from 1 to {MAX_LIMIT}.",
                    f"write a whole number from 1 to {MAX_LIMIT}.")
        else:
            spec["limit"] = limit
    if "caption" in values:
        spec["caption"] = values["caption"]
    spec["empty"] = values.get("empty", DEFAULT_EMPTY)
    if problems:
        return None, tuple(problems)
    return ListSpec(**spec), ()
