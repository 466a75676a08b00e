"""Plain data passed between the stages of a run. All frozen, all comparable."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Plan:
    """A link to a discussion, research or plan of a hub (from the infobox's `plans`)."""

    target: str          # page title, or URL when external
    label: str | None = None
    external: bool = False


def rich_text_visible(parts: tuple[str | Plan, ...]) -> str:
    """The visible text of a short text made of strings and links."""
    return "".join(p if isinstance(p, str) else (p.label or p.target) for p in parts)


@dataclass(frozen=True)
class Problem:
    """Something an editor should fix on a page; shown on the errors page and in reports."""

    page: str
    field: str | None
    message: str
    fix: str = ""


@dataclass(frozen=True)
class Hub:
    """One hub, as read from the {{Hub infobox}} on its page."""

    page: str
    name: str | None = None
    types: tuple[str, ...] = ()       # one or more of TYPES, first = the directory section
    scope: str | None = None
    status: str | None = None         # one of STATUSES
    region: str | None = None
    languages: tuple[str, ...] = ()
    website: str | None = None
    contact: str | None = None
    founded: int | None = None
    updated: str | None = None        # YYYY-MM-DD
    plans: tuple[Plan, ...] = ()
    map: str | None = None            # file name without "File:", e.g. "CEE Hub map.svg"
    details: tuple[str | Plan, ...] = ()   # short text: strings and links, in reading order

    def __post_init__(self) -> None:
        if isinstance(self.types, str):   # Hub(page, name, "regional", ...) as before types were a list
            object.__setattr__(self, "types", (self.types,))
        elif self.types is None:
            object.__setattr__(self, "types", ())

    @property
    def type(self) -> str | None:
        """The first type (the directory section); see ``types`` for all of them."""
        return self.types[0] if self.types else None

    @property
    def details_text(self) -> str:
        """What a reader sees of ``details`` (links shown by their label)."""
        return rich_text_visible(self.details)

    @property
    def display_name(self) -> str:
        return self.name or self.page

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.display_name.casefold(), self.page)


@dataclass(frozen=True)
class ParseResult:
    """What the parser made of one page: the hub (None without a usable infobox) and its problems."""

    page: str
    hub: Hub | None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class PageRevision:
    """One revision in a page's history (publish-templates: who edited since hubbot published)."""

    revid: int
    user: str
    comment: str = ""
    timestamp: str = ""


@dataclass(frozen=True)
class PageText:
    """The current text of a wiki page as read, with what a conflict-safe save needs."""

    title: str
    text: str
    exists: bool = True
    revid: int | None = None
    timestamp: str | None = None      # ISO 8601 of the latest revision
    user: str | None = None
    redirect: bool = False


@dataclass(frozen=True)
class TranslationStat:
    """One language row of Translate's messagegroupstats."""

    code: str
    total: int
    translated: int
    fuzzy: int
    proofread: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 0.0

    @property
    def started(self) -> bool:
        """Something is translated (or outdated) in this language: Translate lists every language the wiki
        knows, some 450 on Meta, and the status page shows only these."""
        return bool(self.translated or self.fuzzy)


@dataclass(frozen=True)
class TranslationProgress:
    page: str
    available: bool
    stats: tuple[TranslationStat, ...] = field(default_factory=tuple)
    note: str = ""


@dataclass(frozen=True)
class Change:
    """One entry of the wiki's recent changes (an edit, a page creation or a log event)."""

    rcid: int
    timestamp: str                  # ISO 8601, e.g. 2026-11-25T12:00:00Z
    type: str                       # edit | new | log
    title: str
    namespace: int = 0
    revid: int | None = None        # the new revision (edit, new)
    user: str | None = None
    log_type: str | None = None     # delete | move | protect | ... (log events)
    log_action: str | None = None   # delete | restore | revision | move | move_redir | protect | ...
    target: str | None = None       # a move's new title


@dataclass(frozen=True)
class ChangePosition:
    """Where a reader of recent changes stopped: the last change seen (resume after it)."""

    timestamp: str
    rcid: int

    @staticmethod
    def after(start: "ChangePosition | None", changes: list[Change]) -> "ChangePosition | None":
        """The position after ``changes``: never before ``start`` (a row written late has a lower rcid)."""
        last = max(changes, key=lambda c: c.rcid, default=None)
        return ChangePosition(last.timestamp, last.rcid) if last and (start is None or last.rcid > start.rcid) \
            else start
