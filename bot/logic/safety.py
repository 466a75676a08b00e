"""The run's guards, decided from what was read (pure): the on-wiki shutoff page, a hub list much
smaller than last run's, and the warnings every run repeats until an operator acts."""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from bot.config import Config
from bot.errors import ShutoffError
from bot.models import PageText, TranslationProgress

SHUTOFF_OK = {"", "true", "run", "yes", "on"}


def shutoff_reason(page: PageText | None) -> str | None:
    """None when the bot may run; else the page's text, quoted for the operator."""
    if page is None or not page.exists:
        return None
    text = re.sub(r"<!--.*?-->", "", page.text, flags=re.S).strip()
    if text.lower() in SHUTOFF_OK:
        return None
    return text[:200]


def check_shutoff(config: Config, page: PageText | None, done: str = "nothing was edited") -> None:
    """Raise ShutoffError (exit 3) when the configured shutoff page says stop, quoting it."""
    reason = shutoff_reason(page)
    if reason is not None:
        raise ShutoffError(f"the shutoff page {config.safety.shutoff_page} says {reason!r}; {done}. "
                           "Empty it (or write 'run') to let the bot run again.")


def shrinking_source(count: int, last: int | None, max_fraction: float) -> str | None:
    """Why a hub list much smaller than last run's is not trusted (None: it is)."""
    if count == 0 and (last or 0) > 0:
        return f"no hub pages were found (last run: {last}); nothing was replaced."
    if last and count < last * (1 - max_fraction):
        return f"only {count} hub pages were found, against {last} last run; the lists were not shrunk."
    return None


def no_hubs_warning(config: Config, hubs: Sequence) -> str | None:
    """Said in every run that finds no hub: most likely the template is not published yet, or its name in
    the config is wrong (a first run on Meta before the deploy order's first two steps)."""
    if hubs:
        return None
    return (f"no page uses {{{{{config.hubs.template}}}}}, so every list is empty: publish Template:"
            f"{config.hubs.template} (hubbot publish-templates) and add infoboxes to the hub pages, or correct "
            "hubs.template in the config.")


def missing_shutoff_warning(config: Config, exists: bool | None) -> str | None:
    """``exists``: whether the shutoff page exists (None: not known)."""
    if config.safety.shutoff_page and exists is False:
        return (f"the shutoff page {config.safety.shutoff_page} does not exist, so editors cannot stop the bot. "
                "Create it (empty, or 'run'), or correct safety.shutoff_page in the config.")
    return None


def translation_warnings(config: Config, asked: Mapping[str, TranslationProgress]) -> list[str]:
    """With a ``translation:`` section: the labels page or a translatable page Translate does not know (not
    marked, or no such page: a typo in the config), said every run. Without them lists silently stay English."""
    section = config.translation
    if section is None:
        return []
    found = []
    for key, page in [("translation.labels", section.labels)] + [("translation.pages", p) for p in section.pages]:
        progress = asked.get(page)
        if progress is None or progress.available:
            continue
        fix = ("run `hubbot publish-templates` and ask a translation administrator to mark it for translation"
               if key == "translation.labels" else "ask a translation administrator to mark it for translation")
        found.append(f"{key}: {page} has no translations for hubbot to use ({progress.note or 'not available'}), "
                     f"so its languages get no lists of their own: {fix}, or correct {key} in the config.")
    return found
