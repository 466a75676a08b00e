"""The registry of output kinds: one declarative object per kind, as dbreps2 describes reports.

Each kind says what it writes, how it renders, how its rows are counted for the
mass-removal guard and how a change is described in the edit summary. Its
options (beyond name, kind, page, region, schedule) are its dataclass in
bot.config (KIND_OPTIONS: their types, defaults and help, read there), and what
data it needs from the run follows from them (a ``source`` page, ``translations``).
Nothing outside this module asks "which kind is this?": the planner, the app and
the demo ask the kind object.

The errors page is not a kind: it is the run's report, planned last from every
outcome (bot.logic.report).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from bot.config import Config, KindOptions, OutputConfig, keys_of, options_of
from bot.errors import UserError
from bot.logic import outputs
from bot.logic.columns import allowed_names, column_name, columns_for
from bot.logic.outputs import RunData
from bot.logic.status import status_body
from bot.logic.summary import describe_hubs, describe_plans

REPORT_KIND = "errors"     # the report page, planned by bot.logic.report
REPORT_ABOUT = ("problems on hub pages (page, field, problem, how to fix), output pages not written (who can fix "
                "it, why, how, since when) and the hand-written lines the bot replaced")


@dataclass(frozen=True)
class Kind:
    name: str
    render: Callable[[OutputConfig, RunData], str]
    about: str                                  # what it writes (the README's configuration reference)
    hub_rows: bool = True                       # rows are hubs: removal guards, snapshots, summaries
    from_hubs: bool = True                      # rendered from the hubs read: refused when they are not trusted
    lua: bool = False                           # a whole Lua module page (mw.loadData), never a region
    table_class: str | None = None              # CSS class of its rendered table, for the reader check
    describe: Callable[[dict | None, dict], str] = describe_hubs
    count_rows: Callable[[str], int] = outputs.item_count

    @property
    def options(self) -> type[KindOptions]:
        """Its options' dataclass (bot.config.KIND_OPTIONS)."""
        return options_of(self.name)

    @property
    def option_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in keys_of(self.options))

    @property
    def needs_translations(self) -> bool:
        """Reads Translate's statistics of its ``translations``."""
        return "translations" in self.option_names

    @property
    def needs_source(self) -> bool:
        """Reads the page named by its ``source``."""
        return "source" in self.option_names


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("directory", outputs.directory, "every hub once, grouped by its first type (Regional, Thematic, "
         "Linguistic), sorted by name", table_class="hubbot-directory"),
    Kind("plans", outputs.plans, "every infobox's plans, grouped by hub", describe=describe_plans),
    Kind("status", status_body, "counts by type and status, days since review and stale hubs (counted by the wiki "
         "when the page is read), translation progress from Translate's messagegroupstats ('not available' on a "
         "wiki without Translate)", table_class="hubbot-status"),
    Kind("badge-data", outputs.badge_data, "a whole Module: page, a Lua data table with one entry per hub that "
         "{{Hub status|Hub name}} reads through Module:Hub status to show a hub's status badge anywhere", lua=True),
    Kind("directory-check", outputs.directory_check, "the rows of the hand-kept directory page (source) whose "
         "status, types, map or details differ from the infobox", hub_rows=False),
)}


def check_columns(names: tuple[str, ...], key: str, kind: str) -> None:
    """Column names as bot.logic.columns knows them: each once, at least one."""
    if not names:
        raise UserError(key, "is empty.", f"list the columns to show, or remove the key for the default "
                                          f"({', '.join(options_of(kind).columns)}).")
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
    columns = getattr(out.options, "columns", None)
    return bool(columns) and "map" in [c.name for c in columns_for(out.kind, columns)]


def content_outputs(outs) -> list[OutputConfig]:
    return [o for o in outs if o.kind != REPORT_KIND]


def check_config(config: Config) -> Config:
    """The meaning of each output (its shape and its kind's options were read by bot.config): known kind,
    column names, a page of its own."""
    known = list(KINDS) + [REPORT_KIND]
    if sum(o.kind == REPORT_KIND for o in config.outputs) > 1:
        raise UserError(f"{config.path}: outputs", "more than one output has kind 'errors'.", "keep one errors page.")
    for i, out in enumerate(config.outputs):
        key = f"{config.path}: outputs[{i}]"
        if out.kind not in known:
            raise UserError(f"{key}.kind", f"{out.kind!r} is not a known kind.", f"use one of: {', '.join(known)}.")
        kind = KINDS.get(out.kind)
        if hasattr(out.options, "columns"):
            check_columns(out.options.columns, f"{key}.columns", out.kind)
        if kind and kind.lua and out.region is not None:
            raise UserError(f"{key}.region", f"a {out.kind} output is a whole Lua module page; it cannot have a region.",
                            "remove region and point page at e.g. Module:Hub status/data.")
        if out.page == config.safety.shutoff_page:
            raise UserError(f"{key}.page", f"{out.page!r} is the shutoff page; writing there would switch the bot off.",
                            "point the output at another page, or change safety.shutoff_page.")
        if out.kind == REPORT_KIND and any(o.page == out.page for o in config.outputs if o is not out):
            raise UserError(f"{key}.page", "the errors page must be a page of its own.",
                            "give the errors output a page no other output writes, e.g. User:HubBot/Errors.")
    return replace(config, outputs=tuple(_column_names(o) for o in config.outputs))


def _column_names(out: OutputConfig) -> OutputConfig:
    """Column names as the columns module spells them ("Hub" is "name")."""
    if not hasattr(out.options, "columns"):
        return out
    return replace(out, options=replace(out.options, columns=tuple(column_name(c) for c in out.options.columns)))
