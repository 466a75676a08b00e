"""Configuration: a YAML file validated into frozen dataclasses, the schema written once.

The dataclasses below are the schema: every key a file may hold is a field made
with ``setting()``, holding its type, its default and a one-line help, and each
output kind's own options are one dataclass (``KIND_OPTIONS``: ``DirectoryOptions``,
``StatusOptions``, ``DirectoryCheckOptions``). Reading a file follows them: the
allowed keys, how each value is read and checked, the default of a key left out.
The README's configuration reference is generated from them
(``scripts/config-reference``, bot.config_reference; a unit test fails when the
README differs): read it there, or add a key here and run the script.

Validation has two stages, as in SDZeroBot's db-tabulator: the *shape* (known
keys, right types: here) and then the *meaning* (bot.logic.kinds: known kinds,
column names, no output on the shutoff page). Every error names the file and
the key path (``outputs[1].kind``), says what is wrong and how to fix it. Page
titles are read as MediaWiki reads them (bot.titles); ``{account}`` in a title
stands for the bot account's name (Config.for_account).
"""

from __future__ import annotations

import re
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from bot.errors import UserError
from bot.titles import TitleError, canonical_template, canonical_title, split_namespace
from bot.translation_config import check_translation    # the meaning of the `translation:` section (issue 25)

REGION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# How a value is read (the ``value`` of a setting), and how the reference names it.
VALUES = {
    "text": "text",
    "title": "page title",
    "titles": "list of page titles",
    "template": "template name",
    "category": "category name",
    "names": "list of names",
    "whole": "whole number",
    "fraction": "fraction (0 to 1)",
    "namespaces": "list of namespace numbers",
    "cron": "cron schedule (5 fields)",
    "marker": "marker id",
    "folder": "folder",
    "section": "mapping",
    "outputs": "list of outputs",
}


def setting(default: Any = MISSING, *, value: str, help: str, example: str | None = None,
            minimum: int | None = None, maximum: int | None = None, factory: Any = MISSING,
            section: type | None = None) -> Any:
    """A config key: its default (none: the key is required), how its value is read (a key of VALUES), a
    one-line help and, for the reference and messages, an example; ``section``: the dataclass of a mapping
    (or of each item of a list) of keys."""
    assert value in VALUES, value
    metadata = {"value": value, "help": help, "example": example, "minimum": minimum, "maximum": maximum,
                "section": section}
    if factory is not MISSING:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def keys_of(cls: type) -> list[Field]:
    """The fields of a config dataclass that a file may set (not ``path``, not ``options``)."""
    return [f for f in fields(cls) if "value" in f.metadata]


def default_of(f: Field) -> Any:
    """A key's default (MISSING when it is required)."""
    return f.default_factory() if f.default_factory is not MISSING else f.default


@dataclass(frozen=True)
class SiteConfig:
    """The wiki; without ``site:``, the wiki of pywikibot's user-config (PYWIKIBOT_DIR)."""

    family: str = setting(value="text", help="pywikibot's family of the wiki", example="meta")
    code: str = setting(value="text", help="the wiki's code in that family", example="meta")


@dataclass(frozen=True)
class HubsConfig:
    """Which pages are hubs."""

    template: str = setting("Hub infobox", value="template", help="hubs are the pages that call this template")
    namespaces: tuple[int, ...] = setting((), value="namespaces", example="[0]",
                                          help="only hubs in these namespaces; [] = every namespace")
    prefix: str = setting("", value="text", example="Hubs/", help="only hubs whose title starts with this")
    tracking_category: str = setting("Hub pages with infobox problems", value="category",
                                     help="the hidden category {{Hub infobox}} puts a hub with a problem in")


ACCOUNT = "{account}"          # in a page title: the bot account's name (Config.for_account)
_STAND_IN = "Hubbotaccountname"  # what ``{account}`` is checked as (a title without it must be valid)
# The bot's own pages, by default under its user page: a copy of the config for another account is right.
BOT_PAGES = {"errors": f"User:{ACCOUNT}/Errors", "directory-check": f"User:{ACCOUNT}/Directory check"}


# -- each output kind's own options (what each kind does: bot.logic.kinds) --------------------------------------
@dataclass(frozen=True)
class KindOptions:
    """The options of a kind that takes none."""


@dataclass(frozen=True)
class StatusOptions(KindOptions):
    stale_days: int = setting(180, value="whole", minimum=1,
                              help="a hub whose infobox was not reviewed for more days than this is stale")
    translations: tuple[str, ...] = setting((), value="titles", example="[Hubs]",
                                            help="translatable pages whose translation progress is shown")


@dataclass(frozen=True)
class DirectoryCheckOptions(KindOptions):
    source: str = setting(value="title", example="Hubs/Ongoing", help="the hand-kept directory page")


@dataclass(frozen=True)
class DirectoryOptions(KindOptions):
    columns: tuple[str, ...] = setting(("name", "type", "scope", "map", "status", "details"), value="names",
                                       help="the table's columns, in order (their names: below)")
    map_size: int = setting(120, value="whole", minimum=16, maximum=1000,
                            help="the width of a hub's map thumbnail, in pixels")


# Kind -> its options. The order is the order the keys are listed in messages.
KIND_OPTIONS: dict[str, type[KindOptions]] = {
    "status": StatusOptions, "directory-check": DirectoryCheckOptions, "directory": DirectoryOptions}
OPTION_KEYS = tuple(dict.fromkeys(f.name for cls in KIND_OPTIONS.values() for f in keys_of(cls)))


def options_of(kind: str) -> type[KindOptions]:
    """The options dataclass of a kind (KindOptions, without keys, for a kind that takes none)."""
    return KIND_OPTIONS.get(kind, KindOptions)


@dataclass(frozen=True)
class OutputConfig:
    name: str = setting(value="text", help="the output's name (--only NAME, the run report)")
    kind: str = setting(value="text", help="what it writes: one of the kinds below")
    page: str = setting(value="title", help="the page it writes; errors and directory-check: "
                                            "User:{account}/Errors and User:{account}/Directory check by default")
    region: str | None = setting(None, value="marker", example="hub-directory",
                                 help="write only between this region's markers; none = the bot owns the page")
    schedule: str | None = setting(None, value="cron", example="0 */6 * * *",
                                   help="when schedule and watch run it; none = the top-level schedule")
    options: KindOptions = None     # type: ignore[assignment]   # the kind's options; None: their defaults

    def __post_init__(self) -> None:
        if self.options is None:
            object.__setattr__(self, "options", options_of(self.kind)())

    def __getattr__(self, name: str) -> Any:
        """An option of the output's kind, read as the output's: ``out.columns`` is ``out.options.columns``."""
        options = self.__dict__.get("options")
        if options is not None and name in {f.name for f in keys_of(type(options))}:
            return getattr(options, name)
        raise AttributeError(f"an output of kind {self.__dict__.get('kind')!r} has no {name!r}")

    # The pages an output reads besides hubs, whatever its kind (the runner and the watcher ask every output).
    @property
    def source(self) -> str | None:
        """The hand-kept directory page a directory-check output compares."""
        return getattr(self.options, "source", None)

    @property
    def translations(self) -> tuple[str, ...]:
        """The translatable pages whose progress a status output shows."""
        return getattr(self.options, "translations", ())


@dataclass(frozen=True)
class ListsConfig:
    """On-wiki hub lists any editor may place (bot.lists, bot.parsing.hub_list); ``lists: false`` turns
    them off."""

    template: str = setting("Hub list", value="template", help="the template that starts a list")
    end_template: str = setting("Hub list end", value="template", help="the template that ends it")
    namespaces: tuple[int, ...] = setting((), value="namespaces", example="[0, 4]",
                                          help="only lists in these namespaces; [] = every namespace")
    notices: str = setting("Module:Hub list/data", value="title",
                           help="the data module {{Hub list}} reads its problem notices from")


@dataclass(frozen=True)
class TranslationConfig:
    """Lists in the reader's language (issue 25; bot.translation_config): a page per language for each
    translated output, and the labels page translators translate."""

    pages: tuple[str, ...] = setting((), value="titles", example="[Hubs, Hubs/Ongoing]",
                                     help="translatable pages that show generated lists; every language they "
                                          "or the labels page are translated into gets its pages")
    labels: str = setting("Hubs/hubbot labels", value="title",
                          help="the translatable page of the lists' words that publish-templates publishes")
    outputs: tuple[str, ...] = setting((), value="names", example="[plans, directory]",
                                       help="outputs written per language on PAGE/xx; [] = every plans and "
                                            "directory output without a region")
    source_language: str = setting("en", value="text", help="the language of the source pages")


@dataclass(frozen=True)
class SafetyConfig:
    """What stops the bot, and how far one run may go."""

    shutoff_page: str | None = setting(None, value="title", example="User:{account}/Shutoff",
                                       help="the bot edits nothing while this page holds anything but "
                                            "nothing, true, run, yes or on")
    max_edits_per_run: int = setting(100, value="whole", minimum=0,
                                     help="edits per run at most, one of them kept for the errors page; "
                                          "the rest are saved next run")
    max_removal_fraction: float = setting(0.3, value="fraction", help="an output that would drop more than "
                                          "this part of its rows (2 at least) is not saved")
    max_consecutive_failures: int = setting(3, value="whole", minimum=1,
                                            help="runs in a row with a failed page before the bot stops itself")
    lock_wait: int = setting(60, value="whole", minimum=0,
                             help="seconds a run waits for another run's lock, then skips (exit 0)")
    lock_lease: int = setting(300, value="whole", minimum=30,
                              help="seconds a lock outlives its holder's last heartbeat")


@dataclass(frozen=True)
class Config:
    path: str
    hubs: HubsConfig = setting(value="section", section=HubsConfig, help="which pages are hubs")
    outputs: tuple[OutputConfig, ...] = setting(value="outputs", section=OutputConfig, help="the pages the bot writes")
    safety: SafetyConfig = setting(value="section", section=SafetyConfig, factory=SafetyConfig,
                                   help="what stops the bot, and how far one run may go")
    site: SiteConfig | None = setting(None, value="section", section=SiteConfig,
                                      help="the wiki; none = the wiki of pywikibot's user-config (PYWIKIBOT_DIR)")
    schedule: str | None = setting(None, value="cron", example="17 */6 * * *",
                                   help="when schedule and watch run an output without its own schedule")
    state_dir: str = setting(".hubbot", value="folder",
                             help="lock file and run history; a relative folder is relative to this file's folder")
    lists: ListsConfig | None = setting(value="section", section=ListsConfig, factory=ListsConfig,
                                        help="on-wiki {{Hub list}}s; false = off")
    task_page: str | None = setting(None, value="title", example="User:{account}/Tasks",
                                    help="what the bot does and why; every edit summary links to it")
    translation: TranslationConfig | None = setting(None, value="section", section=TranslationConfig,
                                                    help="lists in the reader's language; none = English only")

    def for_account(self, account: str) -> "Config":
        """The config with ``{account}`` in its page titles replaced by the bot account's name (known once
        the wiki is reached: ``User:{account}/Errors`` is ``User:HubBot/Errors`` for HubBot)."""
        def fill(title: str | None) -> str | None:
            return title.replace(ACCOUNT, account) if title and ACCOUNT in title else title
        if not self.uses_account:
            return self
        outputs = tuple(replace(o, page=fill(o.page), options=_fill_titles(o.options, fill)) for o in self.outputs)
        return replace(self, outputs=outputs, safety=replace(self.safety, shutoff_page=fill(self.safety.shutoff_page)),
                       task_page=fill(self.task_page))

    @property
    def uses_account(self) -> bool:
        return any(ACCOUNT in (t or "") for o in self.outputs for t in (o.page, *_titles(o.options))) \
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


def _titles(options: KindOptions) -> list[str]:
    """The page titles among a kind's options (``source``, ``translations``)."""
    found: list[str] = []
    for f in keys_of(type(options)):
        value = getattr(options, f.name)
        found += [value] if f.metadata["value"] == "title" and value else \
            list(value) if f.metadata["value"] == "titles" else []
    return found


def _fill_titles(options: KindOptions, fill) -> KindOptions:
    changes = {f.name: fill(getattr(options, f.name)) if f.metadata["value"] == "title"
               else tuple(fill(t) for t in getattr(options, f.name))
               for f in keys_of(type(options)) if f.metadata["value"] in ("title", "titles")}
    return replace(options, **changes) if changes else options


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
        allowed = [f.name for f in fields(cls) if f.name not in ("path", "options")] \
            + (list(OPTION_KEYS) if cls is OutputConfig else [])
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

    def integer(self, value: Any, key: str, default: int, minimum: int | None = 0,
                maximum: int | None = None) -> int:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, not {_kind(value)}.",
                            f"write a number such as {default}.")
        if value < (minimum or 0):
            raise self.fail(key, f"must be at least {minimum or 0}, not {value}.",
                            f"write a number such as {default}.")
        if maximum is not None and value > maximum:
            raise self.fail(key, f"must be at most {maximum}, not {value}.",
                            f"write a number from {minimum or 0} to {maximum}, e.g. {default}.")
        return value

    def fraction(self, value: Any, key: str, default: float) -> float:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            raise self.fail(key, f"must be a number between 0 and 1, not {value!r}.",
                            f"write a fraction such as {default}.")
        return float(value)

    def title(self, value: Any, key: str, *, template: bool = False) -> str | None:
        """A page title (or template name) in MediaWiki's own spelling; see bot.titles. ``{account}`` stands
        for the bot account's name (Config.for_account), e.g. ``User:{account}/Errors``."""
        text = self.string(value, key)
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

    def read(self, value: Any, key: str, f: Field, kind: str | None = None) -> Any:
        """One key's value, read as its setting says (its default when left out or empty); ``kind``: the
        output kind whose option it is (a required option names it)."""
        default, how = default_of(f), f.metadata["value"]
        if value is None or (value == "" and default == ""):
            if default is not MISSING:
                return default
            example = f", e.g. {f.name}: {f.metadata['example']}" if f.metadata["example"] else ""
            if kind is not None:
                raise self.fail(key, f"is required for a {kind} output.", f"name {f.metadata['help']}{example}.")
            raise self.fail(key, "is required.", f"add it{example}.")
        if how in ("text", "folder"):
            return self.string(value, key)
        if how in ("title", "template"):
            return self.title(value, key, template=how == "template")
        if how == "titles":
            return self.title_list(value, key)
        if how == "names":
            return self.string_list(value, key)
        if how == "category":
            return _category(self, value, key)
        if how == "whole":
            return self.integer(value, key, default, f.metadata["minimum"], f.metadata["maximum"])
        if how == "fraction":
            return self.fraction(value, key, default)
        if how == "namespaces":
            return _namespaces(self, value, key)
        if how == "cron":
            text = self.string(value, key)
            _check_cron(self, key, text)
            return text
        if how == "marker":
            text = self.string(value, key)
            if not REGION_ID.match(text):
                raise self.fail(key, f"{text!r} cannot be used in a marker.",
                                "use letters, digits, '-', '_' or '.', e.g. hub-directory.")
            return text
        raise AssertionError(f"{key}: no reader for {how!r}")

    def section(self, value: Any, key: str, cls: type) -> Any:
        """A mapping read into ``cls``, every key as its setting says."""
        m = self.mapping(value, key, cls)
        return cls(**{f.name: self.read(m.get(f.name), _join(key, f.name), f) for f in keys_of(cls)})

    def options(self, raw: dict[str, Any], key: str, kind: str) -> KindOptions:
        """The kind's options (KIND_OPTIONS); another kind's option here is an error naming the kinds it is for."""
        own = {f.name: f for f in keys_of(options_of(kind))}
        for name in OPTION_KEYS:
            if raw.get(name) is not None and name not in own:
                takes = [k for k, cls in KIND_OPTIONS.items() if name in {f.name for f in keys_of(cls)}]
                raise self.fail(f"{key}.{name}", f"{name!r} does not apply to an output of kind {kind} "
                                f"(only to kind {' or '.join(takes)}).", "remove it here, or move it to that output.")
        return options_of(kind)(**{name: self.read(raw.get(name), f"{key}.{name}", f, kind)
                                   for name, f in own.items()})


def _category(r: _Reader, value: Any, key: str) -> str:
    """A category's name without ``Category:`` (hubs.tracking_category), checked as a title."""
    title = r.title(value, key)
    number, rest = split_namespace(title)
    return rest if number == 14 else title


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
    key = {f.name: f for f in keys_of(Config)}
    site = r.section(top["site"], "site", SiteConfig) if top.get("site") is not None else None
    hubs = r.section(top.get("hubs") or {}, "hubs", HubsConfig)      # optional: every default is Meta's
    schedule = r.read(top.get("schedule"), "schedule", key["schedule"])
    outputs = _outputs(r, top.get("outputs"))
    safety = r.section(top["safety"], "safety", SafetyConfig) if top.get("safety") is not None else SafetyConfig()
    lists = _lists(r, top.get("lists", True), hubs, outputs)
    state_dir = str(_state_dir(r, path, r.read(top.get("state_dir"), "state_dir", key["state_dir"])))
    translation = check_translation(r, r.section(top["translation"] or {}, "translation", TranslationConfig)
                                    if "translation" in top else None, outputs)
    return Config(path=path, hubs=hubs, outputs=tuple(outputs), safety=safety, site=site,
                  schedule=schedule, state_dir=state_dir, lists=lists,
                  task_page=r.read(top.get("task_page"), "task_page", key["task_page"]), translation=translation)


def _outputs(r: _Reader, value: Any) -> list[OutputConfig]:
    if not isinstance(value, list) or not value:
        raise r.fail("outputs", "must be a non-empty list of outputs.",
                     "add at least one output with name, kind and page.")
    outputs = []
    common = {f.name: f for f in keys_of(OutputConfig)}
    for i, o in enumerate(value):
        key = f"outputs[{i}]"
        o = r.mapping(o, key, OutputConfig)
        kind = r.read(o.get("kind"), f"{key}.kind", common["kind"])     # its meaning: bot.logic.kinds
        values = {name: BOT_PAGES[kind] if name == "page" and o.get("page") is None and kind in BOT_PAGES
                  else r.read(o.get(name), f"{key}.{name}", f) for name, f in common.items()}
        outputs.append(OutputConfig(**values, options=r.options(o, key, kind)))
    _check_unique(r, outputs)
    return outputs


def _namespaces(r: _Reader, value: Any, key: str) -> tuple[int, ...]:
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
    lists = r.section(value, "lists", ListsConfig)
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
