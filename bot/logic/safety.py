"""The run's guards, decided from what was read (pure): the on-wiki shutoff page, a hub list much
smaller than last run's or than a {{Hub list}} on the wiki shows, and the warnings every run repeats until
an operator acts."""

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
                           "Empty it (or write 'run') to let the bot run again.",
                           page=config.safety.shutoff_page or "", said=reason)


def shrinking_source(count: int, last: int | None, max_fraction: float) -> str | None:
    """Why a hub list much smaller than last run's is not trusted (None: it is)."""
    if count == 0 and (last or 0) > 0:
        return f"no hub pages were found (last run: {last}); nothing was replaced."
    if last and count < last * (1 - max_fraction):
        return f"only {count} hub pages were found, against {last} last run; the lists were not shrunk."
    return None


def _hubs(count: int) -> str:
    return f"{count} hub{'' if count == 1 else 's'}"


def doubted_source(count: int, last: int | None, shown: tuple[str, int] | None,
                   max_fraction: float) -> str | None:
    """Why the ``count`` hubs found are not trusted (None: they are): far fewer than the last run found
    (``shrinking_source``), or than a {{Hub list}} the bot wrote shows now (``shown``: its page and rows; a
    list shows each hub once at most, whatever its filters). Without the second, a first run (or one after
    state.json was lost) with a misspelled hubs.template replaced the hubs of every editor's list with nothing."""
    problem = shrinking_source(count, last, max_fraction)
    if problem or not shown:
        return problem
    page, rows = shown
    if count == 0 and rows:
        return f"no hub pages were found, but the list on {page} shows {_hubs(rows)}; nothing was replaced."
    if count < rows * (1 - max_fraction):
        found = "1 hub page was" if count == 1 else f"{count} hub pages were"
        return f"only {found} found, but the list on {page} shows {_hubs(rows)}; the lists were not shrunk."
    return None


def doubted_source_fix(config: Config, count: int) -> str:
    """The fix of every page refused for a doubted source: with no hub found at all, most likely a misspelled
    hubs.template (the config file and the key named)."""
    if count == 0:
        return (f"no page uses {{{{{config.hubs.template}}}}}: correct hubs.template in {config.path or 'the config'} "
                "if it is misspelled; if the hubs are really gone, an operator can rerun with --allow-large-removal.")
    return "check the hub pages and the template; an operator can rerun with --allow-large-removal."


def no_hubs_warning(config: Config, hubs: Sequence, last: int | None = None,
                    shown: tuple[str, int] | None = None) -> str | None:
    """Said in every run that finds no hub: most likely the template is not published yet, or its name in
    the config is wrong (a first run on Meta before the deploy order's first two steps). When the last run
    found hubs (``last``) or a {{Hub list}} shows some (``shown``: its page and rows), the name is wrong: an
    operator's error, and nothing was replaced (pass neither with --allow-large-removal)."""
    if hubs:
        return None
    template = config.hubs.template
    seen = (f"the last run found {_hubs(last)}" if last else
            f"the list on {shown[0]} shows {_hubs(shown[1])}" if shown and shown[1] else None)
    if seen:
        return (f"no page uses {{{{{template}}}}}, but {seen}: hubs.template in {config.path or 'the config'} is "
                f"probably misspelled. Nothing was replaced; correct hubs.template (Template:{template} is used "
                "by no page), or rerun with --allow-large-removal if the hubs are really gone.")
    return (f"no page uses {{{{{template}}}}}, so every list is empty: publish Template:"
            f"{template} (hubbot publish-templates) and add infoboxes to the hub pages, or correct "
            "hubs.template in the config.")


def directory_source_warnings(config: Config, unread: Mapping[str, str]) -> list[str]:
    """The directory-check outputs whose hand-kept directory (``source``) cannot be compared: ``unread`` maps
    a source to "missing" (no such page: a typo in the config) or "no table" (the page has no table rows: the
    hand-kept table was replaced by the generated directory, README deploy step 7.5). The operator's to fix,
    said every run; the check lists no hub then (every hub would be "not in the directory")."""
    found = []
    for i, out in enumerate(config.outputs):
        why = unread.get(out.source or "") if out.kind == "directory-check" else None
        key = f"outputs[{i}].source"
        if why == "missing":
            found.append(f"{key}: {out.source} does not exist, so {out.name} compares nothing: check {key} in "
                         f"{config.path or 'the config'} (the title of the hand-kept directory page).")
        elif why == "no table":
            found.append(f"{key}: {out.source} has no directory table (no wikitable rows were found), so "
                         f"{out.name} compares nothing: once the directory there is generated by hubbot, remove "
                         f"the directory-check output (outputs[{i}]) from {config.path or 'the config'}; else "
                         f"correct {key}.")
    return found


def missing_shutoff_warning(config: Config, exists: bool | None) -> str | None:
    """``exists``: whether the shutoff page exists (None: not known)."""
    if config.safety.shutoff_page and exists is False:
        return (f"the shutoff page {config.safety.shutoff_page} does not exist, so editors cannot stop the bot. "
                "Create it (empty, or 'run'), or correct safety.shutoff_page in the config.")
    return None


def missing_task_page_warning(config: Config, exists: bool | None) -> str | None:
    """``exists``: whether the task page (``task_page``, which every edit summary links to) exists (None: not
    known). Said in every run, like a missing shutoff page: each summary would link to a missing page."""
    if config.task_page and exists is False:
        return (f"the task page {config.task_page} does not exist, so every edit summary links to a missing page. "
                "Create it (what the bot does and why), or correct task_page in the config.")
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
