"""Plain data passed between the stages of a run. All frozen, all comparable."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Plan:
    """A link to a discussion, research or plan of a hub (from the infobox's `plans`)."""

    target: str          # page title, or URL when external
    label: str | None = None
    external: bool = False


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
    type: str | None = None           # regional | thematic
    scope: str | None = None
    status: str | None = None         # one of STATUSES
    region: str | None = None
    languages: tuple[str, ...] = ()
    website: str | None = None
    contact: str | None = None
    founded: int | None = None
    updated: str | None = None        # YYYY-MM-DD
    plans: tuple[Plan, ...] = ()

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
class PageText:
    """The current text of a wiki page as read, with what a conflict-safe save needs."""

    title: str
    text: str
    exists: bool = True
    revid: int | None = None
    timestamp: str | None = None      # ISO 8601 of the latest revision
    user: str | None = None


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


@dataclass(frozen=True)
class TranslationProgress:
    page: str
    available: bool
    stats: tuple[TranslationStat, ...] = field(default_factory=tuple)
    note: str = ""
