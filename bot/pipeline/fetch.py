"""FETCH: every page, hub and check a run needs, in batches; the only stage that reads the wiki.

Only hubs changed since the last run are read (bot.hub_cache); the others come parsed from the
state dir's cache. The parser is pure: the read calls it page by page, so that a full read of
10,000 hubs holds about a thousand page texts at once, never all of them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from bot.config import Config
from bot.errors import TransientError
from bot.hub_cache import HubRead, read_hubs
from bot.logic.hub_pages import parse_hub
from bot.logic.maps import map_titles
from bot.models import PageText, TranslationProgress
from bot.pipeline.inputs import RunInputs, select_hubs
from bot.wiki.gateway import Gateway

log = logging.getLogger("hubbot")

NOT_CHECKED = {"(not checked)": False}   # map files the wiki did not answer for: never a later run's input


class TranslationStats:
    """Translate's statistics of a page, asked once per run (the quiet check and the run share them)."""

    def __init__(self, gateway: Gateway) -> None:
        self.gw = gateway
        self.asked: dict[str, TranslationProgress] = {}

    def __call__(self, page: str) -> TranslationProgress:
        if page not in self.asked:
            try:
                self.asked[page] = self.gw.translation_progress(page)
            except TransientError as exc:
                self.asked[page] = TranslationProgress(page, False, note=f"the wiki did not answer ({exc})")
        return self.asked[page]

    def of(self, pages: Sequence[str]) -> dict[str, TranslationProgress]:
        return {page: self(page) for page in pages}


@dataclass
class Fetched:
    """What the wiki said, before anything is decided."""

    read: HubRead                                   # hubs (parsed), and every other page in ``pages``
    translations: dict[str, TranslationProgress]    # page -> Translate's statistics
    maps: dict[str, bool] = field(default_factory=dict)   # map file -> the wiki can show it
    map_files: list[str] = field(default_factory=list)    # the map files the hubs show

    @property
    def pages(self) -> dict[str, PageText]:
        return self.read.pages


def fetch(config: Config, gateway: Gateway, inputs: RunInputs, *, state_dir: Path, full: bool,
          stats: TranslationStats) -> Fetched:
    """Hub pages, and every page the run needs, in one batched pass; then the translation statistics
    and which map files exist."""
    read = read_hubs(
        gateway, template=config.hubs.template, namespaces=config.hubs.namespaces,
        select=lambda found: select_hubs(config, found), other_pages=inputs.to_read,
        unlisted_pages=inputs.remembered_hubs,       # hubs that left the list: why?
        parse=lambda title, text: parse_hub(title, text, config.hubs.template),
        state_dir=state_dir, full=full, listed=inputs.listed)
    fetched = Fetched(read, stats.of(inputs.translations))
    files = map_titles([r.hub for r in read.results if r.hub is not None])
    fetched.map_files = sorted(files)
    if files:   # a map file that does not exist is a problem on the errors page
        try:
            fetched.maps = gateway.files_exist(files)
        except TransientError as exc:
            log.warning("map files were not checked: %s", exc)
            fetched.maps = dict(NOT_CHECKED)
    return fetched
