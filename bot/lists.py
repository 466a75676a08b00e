"""On-wiki hub lists as sections of their pages, and the notices their template shows (pure).

Any editor may place ``{{Hub list ...}}`` ... ``{{Hub list end}}`` on a page
(bot.parsing.hub_list finds it, bot.logic.hub_list reads its parameters); the runner finds those pages by the
transclusion list of the template and reads them in the batched pass with the
output pages. Each list is one Section of its page for the planner: the span
after the call up to ``{{Hub list end}}`` instead of marker comments, with the
same guarantees as a marker region (generated note with its hash, human lines
quoted on the errors page, {{nobots}} and translation pages refused, one save
per page, no edit when nothing changed). The sections are derived from the
page text each time the page is planned, so after an edit conflict the lists
are read again from what the human left.

A list the bot cannot write is refused for an editor of the page: a missing
end template, a list inside <translate>, a bad parameter (the list then keeps
its previous content), a page it may not edit ({{nobots}}, a translation). For
each of them the bot also writes the notices data module (``lists.notices``,
default ``Module:Hub list/data``), from which ``{{Hub list}}`` shows a short
notice to readers of that list (Module:Hub list), linking the errors page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from bot.config import ListsConfig, OutputConfig
from bot.logic.hub_list import hub_list, parse_spec, select
from bot.logic.kinds import Kind
from bot.models import Hub, PageText
from bot.parsing.hub_list import ListCall, find_lists
from bot.parsing.wikitext import plain
from bot.planner import Section, translation_subpage
from bot.rendering.regions import RegionError, split_note
from bot.rendering.render import render
from bot.titles import LANGUAGE_SUBPAGE, split_namespace

NOTICE_KEY_MAX = 1000     # characters of a list's parameters that key its notice (one editor cannot fill the module)
NOTICE_FIX_MAX = 160      # a fix this long or shorter is in the notice itself; a longer one only on the errors page
LIST_KIND = Kind("hub-list", lambda out, data: "", "an on-wiki {{Hub list}}", hub_rows=False)
NOTICES_KIND = Kind("list-notices", lambda out, data: "",
                    "notices {{Hub list}} shows for lists it could not update", hub_rows=False, from_hubs=False,
                    lua=True)


def list_output(page: str, index: int) -> OutputConfig:
    """The synthetic output of the index-th list on a page (its name in reports and on the errors page)."""
    return OutputConfig(name=f"hub list {index}", kind=LIST_KIND.name, page=page, region=f"hub-list-{index}")


def list_pages(found: Sequence[str], outputs: Sequence[OutputConfig], lists: ListsConfig) -> list[str]:
    """Pages to plan lists on, from the template's transclusion list.

    Left out: pages an output owns whole (their text is the bot's), the list templates' own pages,
    and talk pages unless ``lists.namespaces`` names their namespace: there a ``{{Hub list}}`` is a
    discussion of the template, and the text around it is people's signed comments. Translations
    of a listed page (Title/xx of a translatable Title with lists: Translate copies the source's
    lists) are left out once their source page is read (``written_list_pages``); a subpage Title/xx
    of a page that is not translatable is an ordinary page, and its lists are written.
    """
    skip = {o.page for o in outputs if o.region is None}
    skip |= {f"Template:{lists.template}", f"Template:{lists.end_template}", lists.notices}
    return [t for t in found if t not in skip and (lists.namespaces or split_namespace(t)[0] % 2 == 0)]


def written_list_pages(titles: Sequence[str], pages: Mapping[str, PageText], lists: ListsConfig) -> list[str]:
    """The list pages less the translations of a translatable page with lists (their source read in
    ``pages``); the translation of a page without lists is planned, and refused as a translation."""
    def copied(title: str) -> bool:
        base = pages.get(LANGUAGE_SUBPAGE.match(title)["base"])
        return bool(base and find_lists(base.text, lists.template, lists.end_template))
    return [t for t in titles if not (translation_subpage(t, pages) and copied(t))]


def signature(params: tuple[tuple[str, str], ...]) -> str:
    """The call's parameters as Module:Hub list rebuilds them from its frame: sorted key=value, empty left out."""
    pairs = sorted((re.sub(r"[\s_]+", " ", k.strip().lower()), plain(v).text) for k, v in params)
    return "|".join(f"{k}={v}" for k, v in pairs if v)


def _describe(count: int) -> str:
    return f"{count} hub{'' if count == 1 else 's'}"


def _said(problems, prefix: str = "") -> str:
    """A list's parameter problems in one text: "Parameter limit: '0' is not ... Parameter sort: ..."."""
    return " ".join((f"{prefix}{p.field}: " if p.field else "") + p.message for p in problems)


def _fixes(problems) -> str:
    return " ".join(dict.fromkeys(p.fix[:1].upper() + p.fix[1:] for p in problems))


def _refusal(call: ListCall, title: str) -> tuple[str, str, str] | None:
    if call.problem:
        return call.problem, call.fix, "editor"
    _, problems = parse_spec(call.params, title)
    if problems:
        reason = _said(problems, "Parameter ")
        return reason + " The list keeps its previous content.", _fixes(problems), "editor"
    return None


def list_sections(title: str, base: PageText, lists: ListsConfig, hubs: Sequence[Hub]) -> list[Section]:
    """One Section per ``{{Hub list}}`` on the page as read (refused ones carry their reason; a list is
    refused with the bot's own pages when the hubs read are not trusted, by the planner)."""
    sections = []
    for call in find_lists(base.text, lists.template, lists.end_template):
        out = list_output(title, call.index)
        refusal = _refusal(call, title)
        body, describe = "", ""
        if refusal is None:
            spec, _ = parse_spec(call.params, title)
            body = hub_list(spec, hubs)
            describe = _describe(len(select(spec, hubs)))
        sections.append(Section(out, body, LIST_KIND, describe=describe, refusal=refusal,
                                locate=_locator(call, lists)))
    return sections


def most_shown(titles: Sequence[str], pages: Mapping[str, PageText], lists: ListsConfig) -> tuple[str, int] | None:
    """The list the bot wrote that shows the most hubs now: its page and its rows (None: every list is empty,
    or none was written by the bot). A list shows each hub once at most, whatever its parameters, so a run
    finding far fewer hubs than that does not trust them (bot.logic.safety.doubted_source)."""
    best: tuple[str, int] | None = None
    for title in titles:
        page = pages.get(title)
        if not page or not page.exists or title in (lists.notices, TRANSLATED_LISTS):
            continue
        for call in find_lists(page.text, lists.template, lists.end_template):
            note, body = split_note(page.text[call.start:call.end])
            rows = LIST_KIND.count_rows(body) if note and not call.problem else 0
            if rows and (best is None or rows > best[1]):
                best = (title, rows)
    return best


def _locator(call: ListCall, lists: ListsConfig):
    """Where the list's generated text is in the text being planned (the same call, by its place and params)."""
    def locate(text: str) -> tuple[int, int]:
        found = find_lists(text, lists.template, lists.end_template)
        now = found[call.index - 1] if len(found) >= call.index else None
        if now is None or now.params != call.params:
            raise RegionError("the list changed while it was planned.", "nothing to do: it is written on the next run.")
        if now.problem:
            raise RegionError(now.problem, now.fix)
        return now.start, now.end
    return locate


# -- the notices data module --------------------------------------------------------------
@dataclass(frozen=True)
class Notice:
    page: str
    signature: str
    message: str


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def notice_text(reason: str, fix: str) -> str:
    """What a list's notice says: the reason, and its fix when it is short (NOTICE_FIX_MAX; a longer one is on the
    errors page the notice links)."""
    fix = fix.strip()
    return _sentence(reason) + (f" Fix: {fix}" if fix and len(fix) <= NOTICE_FIX_MAX else "")


def notices(pages: dict[str, PageText], titles: Sequence[str], lists: ListsConfig,
            page_refusal: Callable[[str, PageText], tuple[str, str] | None] = lambda title, page: None
            ) -> list[Notice]:
    """A notice per list the bot could not write (the page refused whole, where the list sits, or bad
    parameters), for readers of that list (pure; stable order), with the fix when it is short. ``page_refusal``:
    why the planner refuses every list of a page ({{nobots}}, a translation page) and the fix, or None; without
    its notice, a list never written there was an empty section to its readers. A list with bad parameters keeps
    what it showed; one that never showed anything (nothing between the call and its end) says so."""
    found = []
    for title in titles:
        page = pages.get(title)
        if not page or not page.exists:
            continue
        refused = page_refusal(title, page)
        for call in find_lists(page.text, lists.template, lists.end_template):
            if refused:
                message = notice_text(*refused)
            elif call.problem:
                message = notice_text(call.problem, call.fix)
            else:
                _, problems = parse_spec(call.params, title)
                shown = page.text[call.start:call.end].strip()
                message = notice_text(_said(problems) + (" It shows what it showed before." if shown else
                                                         " It shows no list until this is fixed."),
                                      _fixes(problems)) if problems else ""
            if message:
                key = signature(call.params)
                if len(key) <= NOTICE_KEY_MAX:     # a call of thousands of parameters: the errors page only
                    found.append(Notice(title, key, message))
    return sorted(found, key=lambda n: (n.page, n.signature))


def notices_section(lists: ListsConfig, found: list[Notice], errors_page: str | None) -> Section:
    """The notices data module (Module:Hub list reads it); its summary counts the lists with problems."""
    by_page: dict[str, dict[str, str]] = {}
    for notice in found:
        by_page.setdefault(notice.page, {}).setdefault(notice.signature, notice.message)
    body = render("list_notices.lua.j2", pages=by_page, errors_page=errors_page or "")
    out = OutputConfig(name="list notices", kind=NOTICES_KIND.name, page=lists.notices)
    return Section(out, body, NOTICES_KIND, describe=f"{len(found)} list{'' if len(found) == 1 else 's'} with problems")


# -- lists on translatable pages, in each language (issue 25) -------------------------------------
TRANSLATED_LISTS = "Module:Hub list/translations"      # Module:Hub list reads it on translation pages
TRANSLATED_LISTS_KIND = Kind("translated-lists", lambda out, data: "",
                             "each {{Hub list}} of a translatable page in every language in use", hub_rows=False,
                             lua=True)


def _paired(source: Sequence[ListCall], copy: Sequence[ListCall]) -> tuple[dict[int, ListCall], list[ListCall]]:
    """The lists of the translation page PAGE/xx (Translate's copy of the marked revision) paired with the source's
    lists now: by position when both have as many, else only a call whose parameters are the same. Returns the
    source's index -> the copy's call, and the copy's calls left without a source list (the copy shows there)."""
    if len(source) == len(copy):
        return {s.index: c for s, c in zip(source, copy)}, []
    by_signature: dict[str, ListCall] = {}
    for call in copy:
        by_signature.setdefault(signature(call.params), call)
    pairs = {s.index: by_signature[signature(s.params)] for s in source if signature(s.params) in by_signature}
    used = {id(c) for c in pairs.values()}
    return pairs, [c for c in copy if id(c) not in used]


def _translation_page(pages: Mapping[str, PageText], title: str, code: str) -> PageText | None:
    page = pages.get(f"{title}/{code}")
    return page if page is not None and page.exists else None


def _in_language(params: tuple[tuple[str, str], ...], copy: ListCall | None) -> tuple[tuple[str, str], ...]:
    """The source's parameters now, with the caption and empty line translators translated (a ``<translate>``
    part of the source's value, as FuzzyBot wrote it on PAGE/xx)."""
    if copy is None:
        return params
    theirs = {k.strip().lower(): v for k, v in copy.params}
    return tuple((k, theirs[k.strip().lower()]) if k.strip().lower() in ("caption", "empty") and "<translate" in v
                 and k.strip().lower() in theirs else (k, v) for k, v in params)


def translated_lists(pages: Mapping[str, PageText], titles: Sequence[str], lists: ListsConfig, hubs: Sequence[Hub],
                     languages: Mapping) -> dict[str, dict[str, dict[str, str]]]:
    """page -> list signature -> language -> the list's wikitext in that language, for every list hubbot writes
    on a translatable page (a page with <translate>). Translate copies the list into PAGE/xx as it was when
    PAGE was marked; {{Hub list}} there shows this text instead (Module:Hub list) and hides the copy.

    Module:Hub list looks the text up by the call it is invoked from, PAGE/xx's own call: the parameters of the
    marked revision, the caption translated. So a language's text is keyed by the call on PAGE/xx (read with the
    run's list pages) that pairs with the source's list (bot.lists._paired), and rendered from the source's
    parameters now; without PAGE/xx, by the source's call. ``languages``: code -> bot.logic.languages.Language
    (the languages in use)."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for title in titles:
        page = pages.get(title)
        if not page or not page.exists or "<translate" not in page.text or title == lists.notices:
            continue
        calls = find_lists(page.text, lists.template, lists.end_template)
        copies = {}
        for code in sorted(languages):
            copy = _translation_page(pages, title, code)
            if copy is not None:
                copies[code] = _paired(calls, find_lists(copy.text, lists.template, lists.end_template))[0]
        for call in calls:
            if call.problem or _refusal(call, title) is not None:
                continue
            for code, lang in sorted(languages.items()):
                copy = copies.get(code, {}).get(call.index)
                key = signature(copy.params if copy is not None else call.params)
                if len(key) > NOTICE_KEY_MAX:
                    continue
                spec, problems = parse_spec(_in_language(call.params, copy), title)
                if problems:
                    spec, _ = parse_spec(call.params, title)
                text = hub_list(spec, lang.localized(hubs), lang.labels, lang.english_values(hubs)).rstrip("\n")
                found.setdefault(title, {}).setdefault(key, {}).setdefault(code, text)
    return dict(sorted(found.items()))


def translated_list_misses(pages: Mapping[str, PageText], titles: Sequence[str], lists: ListsConfig,
                           languages: Sequence[str]) -> list[str]:
    """Lists on a translation page PAGE/xx that pair with no list of the source (the source gained or lost a
    list since it was marked): Module:Hub list finds no current text for them and PAGE/xx shows Translate's copy
    of the marked revision. Said on the errors page with the fix: a translation administrator marks PAGE again."""
    found = []
    for title in titles:
        page = pages.get(title)
        if not page or not page.exists or "<translate" not in page.text or title == lists.notices:
            continue
        calls = find_lists(page.text, lists.template, lists.end_template)
        for code in sorted(languages):
            copy = _translation_page(pages, title, code)
            if copy is None:
                continue
            copied = find_lists(copy.text, lists.template, lists.end_template)
            _, unpaired = _paired(calls, copied)
            if unpaired:
                which = ", ".join(f"hub list {c.index}" for c in unpaired)
                found.append(f"{title}/{code} shows Translate's copy of {which} as it was when {title} was last "
                             f"marked for translation ({len(copied)} lists there, {len(calls)} on {title} now), not "
                             f"the current list in its language: a translation administrator marks {title} for "
                             f"translation again (Special:PageTranslation), and the next run writes it.")
    return found


def translated_lists_section(found: dict[str, dict[str, dict[str, str]]], languages: Mapping) -> Section:
    """The data module of the lists in each language, and the translated note and notice words."""
    labels = {code: {key: lang.labels.cell(key) for key in ("list-maintained", "list-notice", "list-notice-details")
                     if dict(lang.labels.translated).get(key)}
              for code, lang in sorted(languages.items())}
    body = render("translated_lists.lua.j2", pages=found, labels={c: v for c, v in labels.items() if v})
    out = OutputConfig(name="translated lists", kind=TRANSLATED_LISTS_KIND.name, page=TRANSLATED_LISTS)
    count = sum(len(entries) for entries in found.values())
    return Section(out, body, TRANSLATED_LISTS_KIND,
                   describe=f"{count} list{'' if count == 1 else 's'} on translatable pages in {len(languages)} "
                            f"language{'' if len(languages) == 1 else 's'}")
