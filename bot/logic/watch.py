"""Which outputs a change on the wiki affects (pure: changes + what is watched -> output names).

Used by ``hubbot watch``: a change to a hub page, the template, an output page, a
page an output reads, or the shutoff page leads to one incremental sync of the
outputs that depend on it. The bot's own saves (their revision ids are kept in
the state dir) trigger nothing, so the watcher never chases its own edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

from bot.config import OutputConfig
from bot.models import Change
from bot.titles import LANGUAGE_SUBPAGE

TRANSLATIONS_NS = "Translations:"
CONTENT_LOGS = {"delete", "move", "import", "merge"}   # log events that change what a title holds


@dataclass(frozen=True)
class Watched:
    """What the watcher knows between runs."""

    template: str                        # full title, e.g. "Template:Hub infobox"
    hubs: frozenset[str]                 # hub pages as of the last run
    outputs: tuple[OutputConfig, ...]
    namespaces: tuple[int, ...] = ()     # hubs.namespaces (empty: any)
    prefix: str = ""                     # hubs.prefix
    shutoff: str | None = None
    own_revisions: frozenset[int] = frozenset()   # revisions the bot saved itself
    # Lists in the reader's language (issue 25): the outputs written per language (translation.outputs), and
    # the translatable pages whose translations decide the languages (translation.pages and the labels page).
    translated: tuple[str, ...] = ()
    translation_pages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    outputs: tuple[str, ...] = ()        # output names to sync, in config order
    maybe_hubs: tuple[str, ...] = ()     # edited pages that may have just started using the template
    reasons: tuple[str, ...] = ()        # for the log: "Hub A edited", ...


def _may_be_hub(title: str, namespace: int | None, watched: Watched) -> bool:
    if watched.prefix and not title.startswith(watched.prefix):
        return False
    if watched.namespaces and namespace is not None and namespace not in watched.namespaces:
        return False
    if (m := LANGUAGE_SUBPAGE.match(title)) and m.group("base") in watched.hubs:
        return False   # a translation copy of a hub (Hub/fr) counts as its hub, and is not read
    return title not in {o.page for o in watched.outputs} and title != watched.shutoff


def _pages_of(out: OutputConfig) -> set[str]:
    """Pages whose change can change what this output writes (besides hubs, template, shutoff)."""
    pages = {out.page}
    if out.source:
        pages.add(out.source)
    if m := LANGUAGE_SUBPAGE.match(out.page):   # whether the page is a translation depends on its base
        pages.add(m.group("base"))
    return pages


def _reads_translations_of(out: OutputConfig, title: str) -> bool:
    """A status output reports translation progress of its ``translations`` pages (Page/fr, Translations:Page/1/fr)."""
    m = LANGUAGE_SUBPAGE.match(title)
    return any(title == page or (m is not None and m.group("base") == page)
               or title.startswith(f"{TRANSLATIONS_NS}{page}/") for page in out.translations)


def _translated_by(title: str, watched: Watched) -> list[str]:
    """The outputs written per language that a change of ``title`` affects (issue 25): all of them for a unit in
    namespace 1198 (Translations:) of a translatable page, of the labels page (a new label, a new language) or of
    a hub page (its translated title), and for a hub's translation page HUB/xx (FuzzyBot's, with the translated
    infobox); the one output of a per-language page PAGE/xx someone else edited."""
    if not watched.translated:
        return []
    if title.startswith(TRANSLATIONS_NS):
        rest = title[len(TRANSLATIONS_NS):]
        hit = any(rest.startswith(f"{page}/") for page in (*watched.translation_pages, *watched.hubs))
        return list(watched.translated) if hit else []
    m = LANGUAGE_SUBPAGE.match(title)
    if m is None:
        return []
    if m.group("base") in watched.hubs:
        return list(watched.translated)
    return [o.name for o in watched.outputs if o.name in watched.translated and o.page == m.group("base")]


def affected_outputs(changes: Iterable[Change], watched: Watched) -> Decision:
    """The outputs to sync after ``changes`` (several changes make one run), and pages to check.

    - a hub page edited, created, deleted, moved or restored, the template page, or the shutoff page
      (switching the bot back on catches up): every output;
    - an output page changed by someone else (not a revision the bot saved): the outputs on that
      page; a page an output reads (a directory-check source, a status output's translations):
      that output;
    - protection changes on hubs change no content: nothing;
    - a translation (Translations: units of the translatable pages, the labels page or a hub page, a hub's
      translation page HUB/xx, a per-language page PAGE/xx): the outputs written per language;
    - an edit to an unknown page where hubs may live: checked by the caller (does it use the
      template now?), listed in ``maybe_hubs``.
    The errors output joins any run (it reports on every other output).
    """
    every = tuple(o.name for o in watched.outputs)
    chosen: set[str] = set()
    maybe: list[str] = []
    reasons: list[str] = []
    for change in changes:
        if change.revid is not None and change.revid in watched.own_revisions:
            continue
        content = change.type != "log" or change.log_type in CONTENT_LOGS
        titles = [change.title] + ([change.target] if change.target else [])
        for title in titles:
            if title == watched.shutoff or title == watched.template:
                chosen.update(every)
                reasons.append(f"{title}: {_what(change)}")
            elif title in watched.hubs:
                if content:
                    chosen.update(every)
                    reasons.append(f"hub {title}: {_what(change)}")
            else:
                hit = [o.name for o in watched.outputs
                       if title in _pages_of(o) or _reads_translations_of(o, title)]
                hit += [name for name in _translated_by(title, watched) if name not in hit]
                if hit:
                    chosen.update(hit)
                    reasons.append(f"{title}: {_what(change)}")
                elif content and change.log_action != "delete" and \
                        _may_be_hub(title, change.namespace if title == change.title else None, watched):
                    if title not in maybe:
                        maybe.append(title)
    if chosen:
        chosen.update(o.name for o in watched.outputs if o.kind == "errors")
    return Decision(tuple(n for n in every if n in chosen), tuple(maybe), tuple(reasons))


def _what(change: Change) -> str:
    if change.type == "log":
        return f"{change.log_type}/{change.log_action}" + (f" to {change.target}" if change.target else "")
    return f"{change.type} (rev {change.revid})" if change.revid else change.type


def every_output(watched: Watched, reason: str) -> Decision:
    return Decision(tuple(o.name for o in watched.outputs), (), (reason,))


def change_from_event(event: dict) -> Change | None:
    """A recentchange event (EventStreams' mediawiki/recentchange schema) as a Change; None if unusable.

    Fields used: id (the rcid, shared with list=recentchanges), timestamp (Unix seconds), type,
    title (with namespace prefix), namespace, revision.new, user, log_type, log_action and, for
    moves, log_params.target. Canary events (meta.domain "canary") are monitoring noise.
    """
    if not isinstance(event, dict) or (event.get("meta") or {}).get("domain") == "canary":
        return None
    try:
        rcid, title, kind = int(event["id"]), str(event["title"]), str(event["type"])
        stamp = datetime.fromtimestamp(int(event["timestamp"]), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (KeyError, TypeError, ValueError):
        return None
    if kind not in ("edit", "new", "log"):
        return None
    revision = event.get("revision") or {}
    params = event.get("log_params") or {}
    target = params.get("target") if isinstance(params, dict) else None
    return Change(rcid=rcid, timestamp=stamp, type=kind, title=title, namespace=int(event.get("namespace", 0)),
                  revid=revision.get("new") if isinstance(revision, dict) else None, user=event.get("user"),
                  log_type=event.get("log_type"), log_action=event.get("log_action"),
                  target=str(target) if target else None)
