"""The registry of output kinds: one declarative object per kind, as dbreps2 describes reports.

Each kind says which options it takes (beyond name, kind, page, region,
schedule), what data it needs from the run, how it renders, how its rows are
counted for the mass-removal guard and how a change is described in the edit
summary. Nothing outside this module asks "which kind is this?": the planner,
the app and the demo ask the kind object.

The errors page is not a kind: it is the run's report, planned last from every
outcome (bot.logic.report).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from bot.config import Config, OutputConfig
from bot.errors import UserError
from bot.logic import outputs
from bot.logic.columns import DEFAULTS, allowed_names, column_name, columns_for
from bot.logic.outputs import RunData
from bot.logic.status import status_body
from bot.logic.summary import describe_hubs, describe_plans

REPORT_KIND = "errors"     # the report page, planned by bot.logic.report


@dataclass(frozen=True)
class Kind:
    name: str
    render: Callable[[OutputConfig, RunData], str]
    about: str
    options: tuple[str, ...] = ()               # kind-specific config keys
    required: tuple[str, ...] = ()
    hub_rows: bool = True                       # rows are hubs: removal guards, snapshots, summaries
    needs_translations: bool = False            # reads Translate's statistics of `translations`
    needs_source: bool = False                  # reads the page named by `source`
    lua: bool = False                           # a whole Lua module page (mw.loadData), never a region
    table_class: str | None = None              # CSS class of its rendered table, for the reader check
    describe: Callable[[dict | None, dict], str] = describe_hubs
    count_rows: Callable[[str], int] = outputs.item_count


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("directory", outputs.directory, "every hub, grouped by its first type, sorted by name",
         options=("columns", "map_size"), table_class="hubbot-directory"),
    Kind("plans", outputs.plans, "every infobox's plans, grouped by hub", describe=describe_plans),
    Kind("status", status_body, "counts, days since review, stale hubs, translation progress",
         options=("stale_days", "translations"), needs_translations=True, table_class="hubbot-status"),
    Kind("badge-data", outputs.badge_data, "a Lua data module read by {{Hub status}}", lua=True),
    Kind("directory-check", outputs.directory_check,
         "where the hand-kept directory table and the infoboxes disagree",
         options=("source",), required=("source",), hub_rows=False, needs_source=True),
)}


def check_columns(names: tuple[str, ...], key: str, kind: str) -> None:
    """Column names as bot.logic.columns knows them: each once, at least one."""
    if not names:
        raise UserError(key, "is empty.", f"list the columns to show, or remove the key for the default "
                                          f"({', '.join(DEFAULTS[kind])}).")
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        canonical = column_name(name)
        if canonical is None:
            raise UserError(f"{key}[{i}]", f"{name!r} is not a known column.", f"use one of: {allowed_names()}.")
        if canonical in seen:
            raise UserError(f"{key}[{i}]", f"{name!r} is the same column as {names[seen[canonical]]!r} "
                            f"(item {seen[canonical] + 1} of the list).", "list each column once.")
        seen[canonical] = i


def kind_of(out: OutputConfig) -> Kind:
    return KINDS[out.kind]


def table_class_of(out: OutputConfig) -> str | None:
    """The CSS class of the table an output renders (the errors page: its problems table)."""
    return "hubbot-errors" if out.kind == REPORT_KIND else KINDS[out.kind].table_class


def report_output(outs) -> OutputConfig | None:
    """The errors page among these outputs, if any."""
    return next((o for o in outs if o.kind == REPORT_KIND), None)


def shows_maps(out: OutputConfig) -> bool:
    """The output's table has a map column (the demo checks the thumbnails render)."""
    kind = KINDS.get(out.kind)
    return bool(kind and "columns" in kind.options and "map" in [c.name for c in columns_for(out.kind, out.columns)])


def content_outputs(outs) -> list[OutputConfig]:
    return [o for o in outs if o.kind != REPORT_KIND]


def check_config(config: Config) -> Config:
    """The meaning of each output (its shape was checked by bot.config): known kind, its options."""
    known = list(KINDS) + [REPORT_KIND]
    if sum(o.kind == REPORT_KIND for o in config.outputs) > 1:
        raise UserError(f"{config.path}: outputs", "more than one output has kind 'errors'.", "keep one errors page.")
    for i, out in enumerate(config.outputs):
        key = f"{config.path}: outputs[{i}]"
        if out.kind not in known:
            raise UserError(f"{key}.kind", f"{out.kind!r} is not a known kind.", f"use one of: {', '.join(known)}.")
        kind = KINDS.get(out.kind)
        allowed = kind.options if kind else ()
        for option in out.options_given:
            if option not in allowed:
                takes = [k.name for k in KINDS.values() if option in k.options]
                raise UserError(f"{key}.{option}", f"{option!r} does not apply to an output of kind {out.kind} "
                                f"(only to kind {' or '.join(takes)}).", "remove it here, or move it to that output.")
        for option in (kind.required if kind else ()):
            if option not in out.options_given:
                raise UserError(f"{key}.{option}", f"is required for a {out.kind} output.",
                                "name the hand-kept directory page, e.g. source: Hubs/Ongoing.")
        if "columns" in out.options_given:
            check_columns(out.columns, f"{key}.columns", out.kind)
        if kind and kind.lua and out.region is not None:
            raise UserError(f"{key}.region", f"a {out.kind} output is a whole Lua module page; it cannot have a region.",
                            "remove region and point page at e.g. Module:Hub status/data.")
        if out.page == config.safety.shutoff_page:
            raise UserError(f"{key}.page", f"{out.page!r} is the shutoff page; writing there would switch the bot off.",
                            "point the output at another page, or change safety.shutoff_page.")
        if out.kind == REPORT_KIND and any(o.page == out.page for o in config.outputs if o is not out):
            raise UserError(f"{key}.page", "the errors page must be a page of its own.",
                            "give the errors output a page no other output writes, e.g. User:HubBot/Errors.")
    # Column names as the columns module spells them ("Hub" is "name").
    return replace(config, outputs=tuple(replace(o, columns=tuple(column_name(c) for c in o.columns))
                                         for o in config.outputs))
