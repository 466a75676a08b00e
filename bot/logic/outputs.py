"""What each output page should contain (pure: models + now -> wikitext body).

One render function per output kind; bot.logic.kinds declares the kinds
around them (options, data needed, row counting, summaries). Order is
stable: unchanged input gives byte-identical output.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.config import OutputConfig
from bot.logic import columns as cols
from bot.logic.compare import field_differences
from bot.logic.hub_list import ListSpec, hub_list
from bot.logic.languages import ENGLISH, Language
from bot.logic.maps import shown_maps
from bot.models import Hub, Problem, TranslationProgress
from bot.rendering import escape
from bot.rendering.render import render

TYPE_LABELS = (("regional", "Regional hubs"), ("thematic", "Thematic hubs"), ("linguistic", "Linguistic hubs"),
               (None, "Type not given"))
HEADING_LABELS = {"regional": "heading-regional", "thematic": "heading-thematic", "linguistic": "heading-linguistic",
                  None: "heading-none"}     # the same headings as labels, in the reader's language


@dataclass
class RunData:
    """Everything the render functions may use; gathered by the app from the wiki."""

    hubs: list[Hub]
    problems: list[Problem]
    now: datetime
    template: str = "Hub infobox"
    translations: dict[str, TranslationProgress] = field(default_factory=dict)
    directories: dict[str, list] = field(default_factory=dict)   # source page -> DirectoryRecords
    unread_sources: dict[str, str] = field(default_factory=dict)  # source page -> "missing" or "no table"
    missing_maps: frozenset[str] = frozenset()   # map files the wiki does not have: lists show no map
    language: Language = ENGLISH     # the reader's language of the page rendered (bot.logic.languages)
    languages: dict[str, Language] = field(default_factory=dict)      # every language in use: code -> Language
    output_languages: dict[str, str] = field(default_factory=dict)    # a per-language output's name -> its code

    def for_output(self, out: OutputConfig) -> "RunData":
        """The data as ``out`` renders it: in its language when it is a per-language output (PAGE/xx)."""
        code = self.output_languages.get(out.name)
        if code is None:
            return self
        return replace(self, language=self.languages.get(code) or Language(code))

    @property
    def shown_hubs(self) -> list[Hub]:
        """The hubs as lists show them (bot.logic.maps.shown_maps), in the reader's language."""
        return self.language.localized(shown_maps(self.hubs, self.missing_maps))


def sorted_hubs(hubs: list[Hub]) -> list[Hub]:
    return sorted(hubs, key=lambda h: h.sort_key)


def directory(out: OutputConfig, data: RunData) -> str:
    """Each hub once, in the section of its first type; each section a table of the shared list model."""
    spec = ListSpec(columns=out.columns or cols.DEFAULTS["directory"], css_class="hubbot-directory",
                    map_size=out.map_size)
    labels = data.language.labels
    groups = []
    shown = data.shown_hubs
    for key, _ in TYPE_LABELS:
        members = [h for h in shown if h.type == key]
        if members:
            heading = labels.cell("heading-count", labels.cell(HEADING_LABELS[key]), str(len(members)))
            groups.append((heading, hub_list(spec, members, labels, data.language.english_values(members))))
    empty = labels.cell("directory-empty", escape.internal_link("Template:" + data.template, data.template))
    return render("directory.wiki.j2", groups=groups, empty=empty)


def plans(out: OutputConfig, data: RunData) -> str:
    """Each hub's plans under its name (in the reader's language), hubs sorted by that name."""
    language = data.language
    empty = language.labels.cell("plans-empty", escape.internal_link("Template:Hub infobox", "Hub infobox"))
    hubs = [h for h in sorted_hubs(language.localized(data.hubs)) if h.plans]
    english = language.english_values(hubs)
    names = {h.page: language.labels.in_english(escape.internal_link(h.page, h.display_name))
             if "name" in english.get(h.page, ()) else escape.internal_link(h.page, h.display_name) for h in hubs}
    return render("plans.wiki.j2", hubs=hubs, names=names, empty=empty)


def badge_data(out: OutputConfig, data: RunData) -> str:
    """A Lua data module (mw.loadData) that {{Hub status}} reads: one entry per hub."""
    return render("badge_data.lua.j2", hubs=sorted_hubs(data.hubs))


@dataclass(frozen=True)
class Disagreement:
    hub: str                 # hub page (or the directory's scope when it links no page)
    label: str
    issue: str
    directory: str
    infobox: str


def disagreements(records: list, hubs: list[Hub]) -> list[Disagreement]:
    """Where the hand-kept directory and the infoboxes disagree (pure, stable order)."""
    by_page = {h.page: h for h in hubs}
    by_name = {h.display_name.casefold(): h for h in hubs}
    by_scope = {h.scope.casefold(): h for h in reversed(hubs) if h.scope}   # a table without a Hub column
    seen: set[str] = set()
    out: list[Disagreement] = []
    for rec in records:
        hub = (by_page.get(rec.hub_page) if rec.hub_page
               else by_name.get(rec.scope.casefold()) or by_scope.get(rec.scope.casefold()))
        label = rec.hub_page or rec.scope
        if hub is None:
            out.append(Disagreement(label, rec.hub_label or label, "in the directory, no infobox",
                                    f"row {rec.row}: {rec.status_text or 'no status'}", "no hub page with an infobox"))
            continue
        seen.add(hub.page)
        if rec.status and hub.status and rec.status != hub.status:
            out.append(Disagreement(hub.page, hub.display_name, "status differs", rec.status_text, hub.status))
        for issue, said, says in field_differences(rec, hub):   # types, map, details
            out.append(Disagreement(hub.page, hub.display_name, issue, said, says))
    for hub in hubs:
        if hub.page not in seen:
            out.append(Disagreement(hub.page, hub.display_name, "infobox, not in the directory", "no row",
                                    hub.status or "no status"))
    return sorted(out, key=lambda d: (d.label.casefold(), d.issue))


def directory_check(out: OutputConfig, data: RunData) -> str:
    """The disagreements; the page says why instead when the source cannot be compared (no such page, no table:
    every hub would be "not in the directory")."""
    rows = disagreements(data.directories.get(out.source or "", []), data.hubs)
    return render("directory_check.wiki.j2", rows=rows, source=out.source,
                  unread=data.unread_sources.get(out.source or ""))


def item_count(body: str) -> int:
    """Rows and list items in generated text: what the mass-removal guard compares."""
    return sum(1 for line in body.splitlines() if line.startswith(("|-", "* ", "\t\t[")))
