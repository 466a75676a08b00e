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
      tracking_category: Hub pages with infobox problems   # hidden category of hubs with a problem
    schedule: "0 */6 * * *"              # optional default schedule for outputs
    outputs:
      - name: directory
        kind: directory                  # see bot/logic/kinds.py; errors = the report page
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
      lock_wait: 60                      # wait this long for another run, then skip (exit 0)
      lock_lease: 300                    # a killed run's lock is taken over this long after its last heartbeat
    state_dir: .hubbot                   # optional; lock file and run history, relative to this file's folder
    task_page: User:{account}/Tasks      # optional; every edit summary links to it ([[...|hubbot]]: ...)
    lists:                               # on-wiki {{Hub list}} ... {{Hub list end}} (bot.lists); on by default
      template: Hub list
      end_template: Hub list end
      namespaces: [0, 4]                 # optional filter; default: every namespace
      notices: Module:Hub list/data      # the data module {{Hub list}} reads its problem notices from
    # lists: false                       # turns on-wiki lists off

Page titles (``page``, ``source``, ``translations``, ``shutoff_page``) and the
template name are read as MediaWiki reads them (bot.titles): ``hubs/status`` and
``Hubs_status`` are one page, ``user talk:X`` is ``User talk:X``; link or template
markup, ``|``, ``#section`` and the like are errors naming the key. Two outputs on
one page must each use their own region. A key given twice in one mapping is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from bot.errors import UserError
from bot.titles import TitleError, canonical_template, canonical_title

KIND_OPTIONS = ("stale_days", "translations", "source", "columns", "map_size")   # which kind takes which: bot.logic.kinds
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
    tracking_category: str = "Hub pages with infobox problems"   # where {{Hub infobox}} puts pages with a problem


ACCOUNT = "{account}"          # in a page title: the bot account's name (Config.for_account)
_STAND_IN = "Hubbotaccountname"  # what ``{account}`` is checked as (a title without it must be valid)
# The bot's own pages, by default under its user page: a copy of the config for another account is right.
BOT_PAGES = {"errors": f"User:{ACCOUNT}/Errors", "directory-check": f"User:{ACCOUNT}/Directory check"}


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
    options_given: tuple[str, ...] = ()   # kind-specific keys present in the file (checked by the kind)
    columns: tuple[str, ...] = ()    # directory: column names (bot.logic.columns); () = the kind's default
    map_size: int = 120              # directory: map thumbnail width in pixels


@dataclass(frozen=True)
class ListsConfig:
    """On-wiki hub lists any editor may place (bot.lists, bot.parsing.hub_list)."""

    template: str = "Hub list"
    end_template: str = "Hub list end"
    namespaces: tuple[int, ...] = ()
    notices: str = "Module:Hub list/data"


@dataclass(frozen=True)
class SafetyConfig:
    shutoff_page: str | None = None
    max_edits_per_run: int = 100
    max_removal_fraction: float = 0.3
    max_consecutive_failures: int = 3
    lock_wait: int = 60              # seconds a run waits for another run's lock, then skips (exit 0)
    lock_lease: int = 300            # seconds a lock outlives its holder's last heartbeat


@dataclass(frozen=True)
class Config:
    path: str
    hubs: HubsConfig
    outputs: tuple[OutputConfig, ...]
    safety: SafetyConfig = field(default_factory=SafetyConfig)
    site: SiteConfig | None = None
    schedule: str | None = None
    state_dir: str = ".hubbot"
    lists: ListsConfig | None = field(default_factory=ListsConfig)    # None: `lists: false`
    task_page: str | None = None       # the bot's task description; every edit summary links to it

    def for_account(self, account: str) -> "Config":
        """The config with ``{account}`` in its page titles replaced by the bot account's name (known once
        the wiki is reached: ``User:{account}/Errors`` is ``User:HubBot/Errors`` for HubBot)."""
        def fill(title: str | None) -> str | None:
            return title.replace(ACCOUNT, account) if title and ACCOUNT in title else title
        if not self.uses_account:
            return self
        outputs = tuple(replace(o, page=fill(o.page), source=fill(o.source)) for o in self.outputs)
        return replace(self, outputs=outputs, safety=replace(self.safety, shutoff_page=fill(self.safety.shutoff_page)),
                       task_page=fill(self.task_page))

    @property
    def uses_account(self) -> bool:
        return any(ACCOUNT in (t or "") for o in self.outputs for t in (o.page, o.source)) \
            or ACCOUNT in (self.safety.shutoff_page or "") or ACCOUNT in (self.task_page or "")

    def output(self, name: str) -> OutputConfig:
        for out in self.outputs:
            if out.name == name:
                return out
        known = ", ".join(o.name for o in self.outputs)
        raise UserError(self.path, f"there is no output named {name!r}.",
                        f"use one of: {known}.")

    def schedule_of(self, out: OutputConfig) -> str | None:
        return out.schedule or self.schedule


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
        allowed = [f.name for f in fields(cls) if f.name not in ("path", "options_given")]
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

    def title(self, value: Any, key: str, *, required: bool = False, template: bool = False) -> str | None:
        """A page title (or template name) in MediaWiki's own spelling; see bot.titles. ``{account}`` stands
        for the bot account's name (Config.for_account), e.g. ``User:{account}/Errors``."""
        text = self.string(value, key, required=required)
        if text is None:
            return None
        try:
            if ACCOUNT in text and not template:
                return canonical_title(text.replace(ACCOUNT, _STAND_IN)).replace(_STAND_IN, ACCOUNT)
            return canonical_template(text) if template else canonical_title(text)
        except TitleError as exc:
            raise self.fail(key, exc.problem, exc.fix) from None

    def title_list(self, value: Any, key: str) -> tuple[str, ...]:
        return tuple(self.title(v, f"{key}[{i}]") for i, v in enumerate(self.string_list(value, key)))

    def string_list(self, value: Any, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, not {_kind(value)}.", "write [A, B].")
        return tuple(self.string(v, f"{key}[{i}]", required=True) for i, v in enumerate(value))


def _category(r: _Reader, value: Any) -> str | None:
    """A category's name without ``Category:`` (hubs.tracking_category), checked as a title."""
    title = r.title(value, "hubs.tracking_category")
    if title is None:
        return None
    return title.split(":", 1)[1].strip() if title.startswith("Category:") else title


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    return {dict: "a mapping", list: "a list", str: f"the text {value!r}", bool: f"{value}"}.get(
        type(value), f"{type(value).__name__} {value!r}")


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


class _UniqueKeyLoader(yaml.SafeLoader):
    """yaml.safe_load, except that a key given twice in one mapping is an error (YAML keeps the last)."""


def _mapping_without_duplicates(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:   # an unhashable key; SafeLoader reports it below
            continue
        if first is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} is given twice (first on line {first + 1}); "
                            "only one value can count", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def load_yaml(path: str) -> Any:
    """The YAML document in ``path``; UserError naming the file (and line) for every way reading fails."""
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_UniqueKeyLoader)   # noqa: S506 - a SafeLoader subclass
    except FileNotFoundError:
        raise UserError(path, "config file not found.",
                        "pass --config with the path of a YAML file, e.g. config/local.yaml.") from None
    except IsADirectoryError:
        raise UserError(path, "is a folder, not a config file.",
                        "pass --config with the path of a YAML file, e.g. config/local.yaml.") from None
    except OSError as exc:
        raise UserError(path, f"cannot read the config file ({exc.strerror}).",
                        "check the path and its permissions.") from None
    except UnicodeDecodeError as exc:
        raise UserError(path, f"is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}).",
                        "save the file as UTF-8 (most editors: 'Save with encoding').") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        fix = ("remove one of them." if "given twice" in problem
               else "check indentation and quoting on that line.")
        raise UserError(where, f"not valid YAML ({problem}).", fix) from None


def load_config(path: str | Path) -> Config:
    """Read and validate a config file; raises UserError naming the file and key."""
    path = str(path)
    return parse_config(load_yaml(path), path)


def parse_config(raw: Any, path: str = "<config>") -> Config:
    r = _Reader(path)
    top = r.mapping(raw, "", Config)

    site = None
    if top.get("site") is not None:
        s = r.mapping(top["site"], "site", SiteConfig)
        site = SiteConfig(family=r.string(s.get("family"), "site.family", required=True),
                          code=r.string(s.get("code"), "site.code", required=True))

    h = r.mapping(top.get("hubs") or {}, "hubs", HubsConfig)      # optional: every default is Meta's
    hubs = HubsConfig(
        template=r.title(h.get("template"), "hubs.template", template=True) or "Hub infobox",
        namespaces=_namespaces(r, h.get("namespaces"), "hubs.namespaces"),
        prefix=r.string(h.get("prefix") or None, "hubs.prefix") or "",
        tracking_category=_category(r, h.get("tracking_category")) or HubsConfig.tracking_category,
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
        kind = r.string(o.get("kind"), f"{key}.kind", required=True)   # its meaning: bot.logic.kinds
        region = r.string(o.get("region"), f"{key}.region")
        if region is not None and not REGION_ID.match(region):
            raise r.fail(f"{key}.region", f"{region!r} cannot be used in a marker.",
                         "use letters, digits, '-', '_' or '.', e.g. hub-directory.")
        out_schedule = r.string(o.get("schedule"), f"{key}.schedule")
        if out_schedule:
            _check_cron(r, f"{key}.schedule", out_schedule)
        source = r.title(o.get("source"), f"{key}.source")
        columns = r.string_list(o.get("columns"), f"{key}.columns")     # their names: bot.logic.kinds
        map_size = r.integer(o.get("map_size"), f"{key}.map_size", 120, minimum=16)
        if map_size > 1000:
            raise r.fail(f"{key}.map_size", f"{map_size} pixels is too wide for a table cell.",
                         "write a width between 16 and 1000, e.g. 120.")
        outputs.append(OutputConfig(
            name=r.string(o.get("name"), f"{key}.name", required=True),
            kind=kind,
            page=(r.title(o.get("page"), f"{key}.page", required=kind not in BOT_PAGES)
                  or BOT_PAGES.get(kind)),
            region=region,
            schedule=out_schedule,
            stale_days=r.integer(o.get("stale_days"), f"{key}.stale_days", 180, minimum=1),
            translations=r.title_list(o.get("translations"), f"{key}.translations"),
            source=source,
            options_given=tuple(k for k in KIND_OPTIONS if o.get(k) is not None),
            columns=columns,
            map_size=map_size,
        ))
    _check_unique(r, outputs)

    safety = SafetyConfig()
    if top.get("safety") is not None:
        s = r.mapping(top["safety"], "safety", SafetyConfig)
        safety = SafetyConfig(
            shutoff_page=r.title(s.get("shutoff_page"), "safety.shutoff_page"),
            max_edits_per_run=r.integer(s.get("max_edits_per_run"), "safety.max_edits_per_run", 100),
            max_removal_fraction=r.fraction(s.get("max_removal_fraction"),
                                            "safety.max_removal_fraction", 0.3),
            max_consecutive_failures=r.integer(s.get("max_consecutive_failures"),
                                               "safety.max_consecutive_failures", 3, minimum=1),
            lock_wait=r.integer(s.get("lock_wait"), "safety.lock_wait", 60),
            lock_lease=r.integer(s.get("lock_lease"), "safety.lock_lease", 300, minimum=30),
        )

    lists = _lists(r, top.get("lists", True), hubs, outputs)
    state_dir = str(_state_dir(r, path, r.string(top.get("state_dir"), "state_dir") or ".hubbot"))
    return Config(path=path, hubs=hubs, outputs=tuple(outputs), safety=safety, site=site,
                  schedule=schedule, state_dir=state_dir, lists=lists,
                  task_page=r.title(top.get("task_page"), "task_page"))


def _namespaces(r: _Reader, value: Any, key: str) -> tuple[int, ...]:
    if value is None:
        return ()
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0
                                              for n in value):
        raise r.fail(key, f"must be a list of namespace numbers, not {value!r}.",
                     "write for example [0] for the main namespace.")
    return tuple(value)


def _lists(r: _Reader, value: Any, hubs: HubsConfig, outputs: list[OutputConfig]) -> ListsConfig | None:
    """``lists:`` absent or true: the defaults; false: off; a mapping: checked for shape, then meaning."""
    if value is False:
        return None
    if value is True or value is None:
        value = {}
    m = r.mapping(value, "lists", ListsConfig)
    default = ListsConfig()
    lists = ListsConfig(
        template=r.title(m.get("template"), "lists.template", template=True) or default.template,
        end_template=r.title(m.get("end_template"), "lists.end_template", template=True) or default.end_template,
        namespaces=_namespaces(r, m.get("namespaces"), "lists.namespaces"),
        notices=r.title(m.get("notices"), "lists.notices") or default.notices,
    )
    if lists.template == lists.end_template:
        raise r.fail("lists.end_template", f"is the same template as lists.template ({lists.template!r}).",
                     "name the end template differently, e.g. Hub list end.")
    for key in ("template", "end_template"):
        if getattr(lists, key) == hubs.template:
            raise r.fail(f"lists.{key}", f"is the hubs' template ({hubs.template!r}).",
                         "use the list templates, e.g. Hub list and Hub list end.")
    if not lists.notices.startswith("Module:"):
        raise r.fail("lists.notices", f"{lists.notices!r} is not a Lua module page.",
                     "name a page in the Module namespace, e.g. Module:Hub list/data.")
    taken = next((i for i, o in enumerate(outputs) if o.page == lists.notices), None)
    if taken is not None:
        raise r.fail("lists.notices", f"{lists.notices!r} is already written by outputs[{taken}].",
                     "give the notices their own page, e.g. Module:Hub list/data.")
    return lists


def _state_dir(r: _Reader, config_path: str, directory: str) -> Path:
    """The state folder: a relative one may not leave the tool's folder (the hubbot checkout holding the
    config, by its pyproject.toml; the installed package for its shipped configs; else the config's own
    folder): a copy of the config elsewhere would otherwise put its lock and history wherever ``..`` leads
    (once the file-system root)."""
    from bot.resources import CONFIGS
    found = _beside(config_path, directory)
    if Path(directory).expanduser().is_absolute() or config_path == "<config>":
        return found
    folder = Path(config_path).resolve().parent
    tool = next((d for d in (folder, *folder.parents) if (d / "pyproject.toml").is_file()),
                CONFIGS.parent if folder == CONFIGS else folder)
    if not found.is_relative_to(tool):
        raise r.fail("state_dir", f"{directory!r} leads out of {tool}, to {found}: a relative state_dir stays in "
                                  "the tool's folder, so that a copy of this file cannot scatter the lock and run "
                                  "history.", f"write a folder inside it (e.g. .hubbot) or an absolute path "
                                              f"(e.g. {tool / '.hubbot'}).")
    return found


def _beside(config_path: str, directory: str) -> Path:
    """A relative state_dir is relative to the config file's folder, not to where hubbot was started:
    two runs of one config from two folders must share one lock."""
    folder = Path(config_path).parent if config_path != "<config>" else Path.cwd()
    return (folder / Path(directory).expanduser()).resolve()


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
                         f"{out.page!r} ({'region ' + repr(out.region) if out.region else 'the whole page'}) "
                         "is already written by "
                         f"outputs[{places[place]}] (titles are compared as MediaWiki does: first letter, "
                         "'_' and ' ' alike).", "give each output its own page or region.")
        places[place] = i
    whole = {o.page for o in outputs if o.region is None}
    for i, out in enumerate(outputs):
        if out.region is not None and out.page in whole:
            raise r.fail(f"outputs[{i}].page", f"{out.page!r} is owned whole by another output.",
                         "use a region on both outputs, or another page.")


def _check_cron(r: _Reader, key: str, expr: str) -> None:
    from bot.cron import CronError, ever_fires, parse_cron
    try:
        cron = parse_cron(expr)
    except CronError as exc:
        raise r.fail(key, f"{expr!r} is not a valid cron schedule ({exc}).",
                     "write 5 fields: minute hour day-of-month month day-of-week, e.g. '0 */6 * * *'.") from None
    if not ever_fires(cron):
        raise r.fail(key, f"{expr!r} never fires (no month chosen has that day).",
                     "pick a day every chosen month has (1-28), or more months, e.g. '0 0 28 2 *'.")
