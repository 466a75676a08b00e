"""Configuration: a YAML file validated into frozen dataclasses.

Validation has two stages, as in SDZeroBot's db-tabulator: the *shape* (known
keys, right types) and then the *meaning* (unique output names and pages, valid
cron expressions, a region id that can be a marker). Every error names the file
and the key path (``outputs[1].kind``), says what is wrong and how to fix it.

Shape::

    site: {family: meta, code: meta}     # optional; default: pywikibot's user-config
    hubs:
      template: Hub infobox              # hubs = pages that transclude this template
      namespaces: [0]                    # optional filter
      prefix: "Hubs/"                    # optional filter
    schedule: "0 */6 * * *"              # optional default schedule for outputs
    outputs:
      - name: directory
        kind: directory                  # directory | plans | status | errors | badge-data | directory-check
        page: Hubs/Directory
        region: hub-directory            # optional marker id; absent = bot owns the page
        schedule: "0 */6 * * *"          # optional cron, 5 fields
        stale_days: 180                  # status only
        translations: [Hubs]             # status only: translatable pages to report on
        source: Hubs/Ongoing             # directory-check only: the hand-kept directory page
        columns: [hub, type, scope, map, status, details]   # directory only; names in bot.logic.columns
        map_size: 120                    # directory only: map thumbnail width in pixels
    safety:
      shutoff_page: User:HubBot/Shutoff
      max_edits_per_run: 100
      max_removal_fraction: 0.3
      max_consecutive_failures: 3
    state_dir: .hubbot                   # optional; lock file and run history
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from bot.errors import UserError

OUTPUT_KINDS = ("directory", "plans", "status", "errors", "badge-data", "directory-check")
REGION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class SiteConfig:
    family: str
    code: str


@dataclass(frozen=True)
class HubsConfig:
    template: str = "Hub infobox"
    namespaces: tuple[int, ...] = ()
    prefix: str = ""


@dataclass(frozen=True)
class OutputConfig:
    name: str
    kind: str
    page: str
    region: str | None = None
    schedule: str | None = None
    stale_days: int = 180
    translations: tuple[str, ...] = ()
    source: str | None = None        # directory-check: the hand-kept directory page
    columns: tuple[str, ...] = ()    # directory: column names (bot.logic.columns); () = the kind's default
    map_size: int = 120              # directory: map thumbnail width in pixels


@dataclass(frozen=True)
class SafetyConfig:
    shutoff_page: str | None = None
    max_edits_per_run: int = 100
    max_removal_fraction: float = 0.3
    max_consecutive_failures: int = 3


@dataclass(frozen=True)
class Config:
    path: str
    hubs: HubsConfig
    outputs: tuple[OutputConfig, ...]
    safety: SafetyConfig = field(default_factory=SafetyConfig)
    site: SiteConfig | None = None
    schedule: str | None = None
    state_dir: str = ".hubbot"

    def output(self, name: str) -> OutputConfig:
        for out in self.outputs:
            if out.name == name:
                return out
        known = ", ".join(o.name for o in self.outputs)
        raise UserError(self.path, f"there is no output named {name!r}.",
                        f"use one of: {known}.")

    def schedule_of(self, out: OutputConfig) -> str | None:
        return out.schedule or self.schedule

    @property
    def errors_output(self) -> OutputConfig | None:
        return next((o for o in self.outputs if o.kind == "errors"), None)


class _Reader:
    """Checks one mapping of the YAML against a dataclass, naming keys by their path."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, key: str, problem: str, fix: str) -> UserError:
        return UserError(f"{self.path}: {key}" if key else self.path, problem, fix)

    def mapping(self, value: Any, key: str, cls: type) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a mapping, not {_kind(value)}.",
                            f"write it as 'key: value' lines with the keys of {cls.__name__}.")
        allowed = [f.name for f in fields(cls) if f.name != "path"]
        for name in value:
            if name not in allowed:
                raise self.fail(_join(key, str(name)), "unknown key.",
                                f"remove it or use one of: {', '.join(allowed)}.")
        return value

    def string(self, value: Any, key: str, *, required: bool = False) -> str | None:
        if value is None:
            if required:
                raise self.fail(key, "is required.", "add it.")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be a non-empty string, not {_kind(value)}.",
                            "quote the value.")
        return value.strip()

    def integer(self, value: Any, key: str, default: int, minimum: int = 0) -> int:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, not {_kind(value)}.",
                            f"write a number such as {default}.")
        if value < minimum:
            raise self.fail(key, f"must be at least {minimum}, not {value}.",
                            f"write a number such as {default}.")
        return value

    def fraction(self, value: Any, key: str, default: float) -> float:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            raise self.fail(key, f"must be a number between 0 and 1, not {value!r}.",
                            f"write a fraction such as {default}.")
        return float(value)

    def string_list(self, value: Any, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, not {_kind(value)}.", "write [A, B].")
        return tuple(self.string(v, f"{key}[{i}]", required=True) for i, v in enumerate(value))


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    return {dict: "a mapping", list: "a list", str: f"the text {value!r}", bool: f"{value}"}.get(
        type(value), f"{type(value).__name__} {value!r}")


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def load_config(path: str | Path) -> Config:
    """Read and validate a config file; raises UserError naming the file and key."""
    path = str(path)
    try:
        with open(path, encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)
    except FileNotFoundError:
        raise UserError(path, "config file not found.",
                        "pass --config with the path of a YAML file, e.g. config/local.yaml.") from None
    except OSError as exc:
        raise UserError(path, f"cannot read the config file ({exc.strerror}).",
                        "check the path and its permissions.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UserError(where, f"not valid YAML ({problem}).",
                        "check indentation and quoting on that line.") from None
    return parse_config(raw, path)


def parse_config(raw: Any, path: str = "<config>") -> Config:
    r = _Reader(path)
    top = r.mapping(raw, "", Config)

    site = None
    if top.get("site") is not None:
        s = r.mapping(top["site"], "site", SiteConfig)
        site = SiteConfig(family=r.string(s.get("family"), "site.family", required=True),
                          code=r.string(s.get("code"), "site.code", required=True))

    if "hubs" not in top:
        raise r.fail("hubs", "is required.", "add 'hubs: {template: Hub infobox}'.")
    h = r.mapping(top["hubs"], "hubs", HubsConfig)
    namespaces = h.get("namespaces")
    if namespaces is not None:
        if isinstance(namespaces, int) and not isinstance(namespaces, bool):
            namespaces = [namespaces]
        if not isinstance(namespaces, list) or not all(
                isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in namespaces):
            raise r.fail("hubs.namespaces", f"must be a list of namespace numbers, not {namespaces!r}.",
                         "write for example [0] for the main namespace.")
    hubs = HubsConfig(
        template=r.string(h.get("template"), "hubs.template") or "Hub infobox",
        namespaces=tuple(namespaces or ()),
        prefix=r.string(h.get("prefix") or None, "hubs.prefix") or "",
    )

    schedule = r.string(top.get("schedule"), "schedule")
    if schedule:
        _check_cron(r, "schedule", schedule)

    outs_raw = top.get("outputs")
    if not isinstance(outs_raw, list) or not outs_raw:
        raise r.fail("outputs", "must be a non-empty list of outputs.",
                     "add at least one output with name, kind and page.")
    outputs = []
    for i, o in enumerate(outs_raw):
        key = f"outputs[{i}]"
        o = r.mapping(o, key, OutputConfig)
        kind = r.string(o.get("kind"), f"{key}.kind", required=True)
        if kind not in OUTPUT_KINDS:
            raise r.fail(f"{key}.kind", f"{kind!r} is not a known kind.",
                         f"use one of: {', '.join(OUTPUT_KINDS)}.")
        region = r.string(o.get("region"), f"{key}.region")
        if region is not None and not REGION_ID.match(region):
            raise r.fail(f"{key}.region", f"{region!r} cannot be used in a marker.",
                         "use letters, digits, '-', '_' or '.', e.g. hub-directory.")
        out_schedule = r.string(o.get("schedule"), f"{key}.schedule")
        if out_schedule:
            _check_cron(r, f"{key}.schedule", out_schedule)
        if kind == "badge-data" and region is not None:
            raise r.fail(f"{key}.region", "a badge-data output is a whole Lua module page; it cannot have a region.",
                         "remove region and point page at e.g. Module:Hub status/data.")
        source = r.string(o.get("source"), f"{key}.source")
        if kind == "directory-check" and not source:
            raise r.fail(f"{key}.source", "is required for a directory-check output.",
                         "name the hand-kept directory page, e.g. source: Hubs/Ongoing.")
        columns = _columns(r, o.get("columns"), f"{key}.columns", kind)
        if o.get("map_size") is not None and kind != "directory":
            raise r.fail(f"{key}.map_size", f"only a directory output shows maps, not a {kind} output.",
                         "remove map_size here, or put it on the directory output.")
        map_size = r.integer(o.get("map_size"), f"{key}.map_size", 120, minimum=16)
        if map_size > 1000:
            raise r.fail(f"{key}.map_size", f"{map_size} pixels is too wide for a table cell.",
                         "write a width between 16 and 1000, e.g. 120.")
        outputs.append(OutputConfig(
            name=r.string(o.get("name"), f"{key}.name", required=True),
            kind=kind,
            page=r.string(o.get("page"), f"{key}.page", required=True),
            region=region,
            schedule=out_schedule,
            stale_days=r.integer(o.get("stale_days"), f"{key}.stale_days", 180, minimum=1),
            translations=r.string_list(o.get("translations"), f"{key}.translations"),
            source=source,
            columns=columns,
            map_size=map_size,
        ))
    _check_unique(r, outputs)

    safety = SafetyConfig()
    if top.get("safety") is not None:
        s = r.mapping(top["safety"], "safety", SafetyConfig)
        safety = SafetyConfig(
            shutoff_page=r.string(s.get("shutoff_page"), "safety.shutoff_page"),
            max_edits_per_run=r.integer(s.get("max_edits_per_run"), "safety.max_edits_per_run", 100),
            max_removal_fraction=r.fraction(s.get("max_removal_fraction"),
                                            "safety.max_removal_fraction", 0.3),
            max_consecutive_failures=r.integer(s.get("max_consecutive_failures"),
                                               "safety.max_consecutive_failures", 3, minimum=1),
        )

    state_dir = r.string(top.get("state_dir"), "state_dir") or ".hubbot"
    return Config(path=path, hubs=hubs, outputs=tuple(outputs), safety=safety, site=site,
                  schedule=schedule, state_dir=state_dir)


def _columns(r: _Reader, value: Any, key: str, kind: str) -> tuple[str, ...]:
    from bot.logic.columns import DEFAULTS, allowed_names, column_name
    if value is None:
        return ()
    if kind not in DEFAULTS:
        raise r.fail(key, f"a {kind} output has no table columns.",
                     f"remove columns here; it applies to kind: {', '.join(DEFAULTS)}.")
    names = r.string_list(value, key)
    if not names:
        raise r.fail(key, "is empty.", f"list the columns to show, or remove the key for the default "
                                       f"({', '.join(DEFAULTS[kind])}).")
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        canonical = column_name(name)
        if canonical is None:
            raise r.fail(f"{key}[{i}]", f"{name!r} is not a known column.", f"use one of: {allowed_names()}.")
        if canonical in seen:
            raise r.fail(f"{key}[{i}]", f"{name!r} is the same column as {key}[{seen[canonical]}].",
                         "list each column once.")
        seen[canonical] = i
    return tuple(column_name(n) for n in names)


def _check_unique(r: _Reader, outputs: list[OutputConfig]) -> None:
    names: dict[str, int] = {}
    places: dict[tuple[str, str | None], int] = {}
    for i, out in enumerate(outputs):
        if out.name in names:
            raise r.fail(f"outputs[{i}].name", f"{out.name!r} is already used by outputs[{names[out.name]}].",
                         "give every output its own name.")
        names[out.name] = i
        place = (out.page, out.region)
        if place in places:
            raise r.fail(f"outputs[{i}].page",
                         f"{out.page!r} (region {out.region or 'whole page'}) is already written by outputs[{places[place]}].",
                         "give each output its own page or region.")
        places[place] = i
    whole = {o.page for o in outputs if o.region is None}
    for i, out in enumerate(outputs):
        if out.region is not None and out.page in whole:
            raise r.fail(f"outputs[{i}].page", f"{out.page!r} is owned whole by another output.",
                         "use a region on both outputs, or another page.")
    if sum(o.kind == "errors" for o in outputs) > 1:
        raise r.fail("outputs", "more than one output has kind 'errors'.", "keep one errors page.")


def _check_cron(r: _Reader, key: str, expr: str) -> None:
    from bot.logic.cron import CronError, parse_cron
    try:
        parse_cron(expr)
    except CronError as exc:
        raise r.fail(key, f"{expr!r} is not a valid cron schedule ({exc}).",
                     "write 5 fields: minute hour day-of-month month day-of-week, e.g. '0 */6 * * *'.") from None
