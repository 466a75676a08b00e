"""What a run depends on, declared once: the fetch reads it, the quiet check compares it, and the
fingerprints of the pages written hash it (bot.logic.quiet).

A run's output is a function of: the hub pages (listed with their revision ids), the pages it writes,
the pages it reads but never writes (the shutoff and task pages, translation bases, hand-kept
directories, hubs that left the listing), the pages with on-wiki lists, Translate's statistics of the
translatable pages its outputs report on, which map files exist, the config, hubbot's own code, the
account, the wiki's size limit, the date and the templates published from other sources than this
hubbot's. Declaring costs two listings (on-wiki lists, hub pages with their revision ids).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Mapping, Sequence

from bot import fingerprints
from bot import lists as lists_module
from bot.config import Config, OutputConfig
from bot.hub_cache import list_hubs
from bot.logic.hub_pages import hub_titles
from bot.logic.infobox_labels import i18n_page
from bot.logic.kinds import content_outputs, kind_of, report_output
from bot.logic.quiet import Inputs, digest, listing_digest
from bot.models import TranslationProgress
from bot.pipeline.translations import LanguagePlan, plan_languages, statistics_pages
from bot.titles import LANGUAGE_SUBPAGE
from bot.wiki.gateway import Gateway


@dataclass(frozen=True)
class RunInputs:
    """The pages and statistics one run depends on (built by ``declare``)."""

    selected: tuple[OutputConfig, ...]      # the outputs this run writes (--only), in config order
    output_pages: tuple[str, ...]           # the page of every configured output, in config order
    list_pages: tuple[str, ...]             # pages with {{Hub list}}, their translation bases and the notices
    read_only: tuple[str, ...]              # read and never written: bases, the shutoff and task pages, sources
    written: frozenset[str]                 # every page a run of this config may write
    sources: frozenset[str]                 # written pages that are inputs too (a directory checked)
    translations: tuple[str, ...]           # pages whose Translate statistics the selected outputs show
    remembered_hubs: tuple[str, ...]        # the hub pages watched after the last run
    listed: Mapping[str, int] | None        # hub page -> latest revision id (None: the gateway cannot list)
    basics: Mapping | None                  # what is known before any page is read (None: no listing)
    languages: LanguagePlan | None = None   # lists in the reader's language (bot.pipeline.translations)
    modules: tuple[str, ...] = ()           # data modules written besides outputs and lists: the infobox's labels

    @property
    def content(self) -> list[OutputConfig]:
        return content_outputs(self.selected)

    @property
    def report(self) -> OutputConfig | None:
        """The errors page, when this run writes it whatever happens (not limited away by --only)."""
        return report_output(self.selected)

    @property
    def to_read(self) -> list[str]:
        """Every page the fetch reads besides hubs: the same whatever --only says."""
        return list(dict.fromkeys([*self.output_pages, *self.read_only, *self.list_pages, *self.modules]))

    def unlisted(self) -> list[str]:
        """Hub pages of the last run the listing no longer has (deleted, moved, infobox removed: why?)."""
        listed = self.listed or {}
        return [t for t in self.remembered_hubs if t not in listed]

    def quiet_pages(self) -> list[str]:
        """The pages a run with nothing new must find as it left them: its outputs', lists', errors page."""
        report = self.report
        return list(dict.fromkeys([o.page for o in self.content] + list(self.list_pages)
                                  + ([report.page] if report else []) + list(self.modules)))

    def fingerprinted(self, revids: Mapping[str, int | None], maps: Mapping[str, bool],
                      hub_pages: Sequence[str]) -> Inputs:
        """The inputs every page of this run is planned from. ``hub_pages``: the hub pages watched after
        the run (a deleted or moved hub, named in a summary only, is no longer one)."""
        listed = self.listed or {}
        unlisted = [t for t in hub_pages if t not in listed]
        others = [t for t in [*self.read_only, *unlisted] if t not in self.written or t in self.sources]
        return Inputs(self.basics or {}, {t: revids.get(t) for t in sorted(set(others))}, dict(sorted(maps.items())))


def declare(config: Config, gateway: Gateway, *, only: Sequence[str] | None, remembered_hubs: Sequence[str],
            now: datetime, allow_large_removal: bool, languages_written: Sequence[str] = (),
            statistics: Callable[[Sequence[str]], dict[str, TranslationProgress]] | None = None,
            outdated_templates: Sequence[str] = ()) -> RunInputs:
    """List the on-wiki lists and the hub pages, and declare what this run depends on (``statistics``:
    Translate's statistics of pages, asked once per run, for the languages of a ``translation:`` section;
    ``languages_written``: the languages whose pages earlier runs wrote, written again though out of use;
    ``outdated_templates``: the pages published from other sources than this hubbot's, which the errors
    page names until publish-templates has run)."""
    selected = tuple(config.output(n) for n in only) if only else tuple(config.outputs)
    list_pages = discover_lists(config, gateway, not only or bool(content_outputs(selected)))
    transcluding: list[str] = []           # every page using the infobox, translations of hub pages included

    def select(found: list[str]) -> list[str]:
        transcluding[:] = found
        return select_hubs(config, found)
    listed = list_hubs(gateway, config.hubs.template, config.hubs.namespaces, select)
    languages = None
    if config.translation is not None and statistics is not None:     # issue 25: pages per language
        languages = plan_languages(config, selected, statistics(statistics_pages(config)), list(listed or {}),
                                   transcluding if listed is not None else None, languages_written)
        selected += languages.outputs
        if list_pages:              # {{Hub list}}s of translatable pages in every language (Module:Hub list reads it)
            list_pages = [*list_pages, lists_module.TRANSLATED_LISTS]
    targets = [o.page for o in config.outputs] + [o.page for o in (languages.outputs if languages else ())]
    bases = [m.group("base") for t in [*targets, *list_pages] if (m := LANGUAGE_SUBPAGE.match(t))]
    shutoff = [config.safety.shutoff_page] if config.safety.shutoff_page else []
    shutoff += [config.task_page] if config.task_page else []    # whether it exists: warned like the shutoff page
    sources = [o.source for o in config.outputs if o.source and kind_of(o).needs_source]
    lists = config.lists
    # issue 25: the infobox's labels in each language (Module:Hub infobox/i18n), written as the lists are
    modules = (i18n_page(config),) if languages is not None and (not only or content_outputs(selected)) else ()
    written = set(targets) | set(list_pages) | ({lists.notices} if lists else set()) | set(modules)
    basics = None
    if listed is not None:
        basics = {"code": fingerprints.program_fingerprint(), "config": digest(repr(config)),
                  "date": now.date().isoformat(), "user": gateway.user, "max_bytes": gateway.max_page_bytes,
                  "hubs": listing_digest(listed), "lists": sorted(list_pages),
                  "allow_large_removal": allow_large_removal,
                  **({"outdated_templates": sorted(outdated_templates)} if outdated_templates else {})}
    return RunInputs(
        selected=selected, output_pages=tuple(targets), list_pages=tuple(list_pages),
        read_only=tuple(dict.fromkeys(bases + shutoff + sources + list(languages.titles if languages else ()))),
        written=frozenset(written), sources=frozenset(sources),
        translations=tuple(dict.fromkeys(t for o in content_outputs(selected) if kind_of(o).needs_translations
                                         for t in o.translations)),
        remembered_hubs=tuple(remembered_hubs), listed=listed, basics=basics, languages=languages,
        modules=modules)


def select_hubs(config: Config, found: list[str]) -> list[str]:
    """Hub pages among the pages calling the template (an output page showing it is never a hub)."""
    targets = {o.page for o in config.outputs}
    return [t for t in hub_titles(found, config.hubs.prefix) if t not in targets]


def discover_lists(config: Config, gateway: Gateway, wanted: bool) -> list[str]:
    """Pages with on-wiki lists (one transclusion listing), the notices page and translation bases
    (none of them when no page has a list: the notices of lists since removed are shown by no page).

    Lists are written by every run but one limited by --only to the errors page.
    """
    lists = config.lists
    if not lists or not wanted:
        return []
    found = lists_module.list_pages(gateway.transclusions(lists.template, lists.namespaces), config.outputs, lists)
    if not found:
        return []
    bases = [m.group("base") for t in found if (m := LANGUAGE_SUBPAGE.match(t))]
    return list(dict.fromkeys(found + bases + [lists.notices]))
