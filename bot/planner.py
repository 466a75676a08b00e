"""The planner: what each output page should become, decided without any I/O (pure).

``plan_page(title, base, sections, ctx)`` takes the page as read, the
generated sections that belong on it (every configured output on that page,
or the errors report) and the run's context, and returns one PagePlan: the new
text (or None when nothing is to be saved), the edit summary, and per section
whether it is in the text or refused/blocked, with the reason, the fix and who
can fix it. The executor only saves plans; after an edit conflict it re-reads
the page and calls ``plan_page`` again, so every check runs again on the text
the human left.

The checks, in order: a translation page, a page with {{nobots}} (or a {{bots}}
excluding the bot), a translatable page configured as wholly bot-owned, and a
page of human text that the bot never wrote but would replace whole (a new
output pointed at an existing page, or at a hub page) are refused whole; then per section: text rendered from
hubs that are not trusted (far fewer than the last run found or than a {{Hub list}} shows, {{Hub list}}s
included), missing or broken markers, a region in <translate>, a mass removal of rows are refused; generated
text that would sign the page, switch its behaviour or substitute a template
(bot.values.live_markup: a value an escape missed, a bug) fails and is not saved;
a page over the wiki's size limit is blocked.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Callable, Mapping, Sequence

from mwparserfromhell.nodes import Tag

from bot.config import OutputConfig
from bot.errors import PageTooLarge
from bot.logic.bots import bot_may_edit
from bot.logic.kinds import Kind
from bot.logic.report import ReplacedText
from bot.logic.labels import Labels
from bot.logic.summary import describe_labels, labels_snapshot, listed, snapshot, summary_head
from bot.models import Hub, PageText
from bot.outcomes import Status
from bot.parsing.wikitext import parse, template_calls
from bot.rendering.regions import RegionError, line_key, normalize, splice, splice_span, split_note
from bot.titles import LANGUAGE_SUBPAGE
from bot.values import fit_summary, live_markup

OWNER_NOTE = "hubbot"


@dataclass(frozen=True)
class Section:
    """One generated span of a page: a configured output's body, or the errors report."""

    output: OutputConfig
    body: str
    kind: Kind | None = None          # None for the report page
    describe: str = ""                # summary text for a report section (or an on-wiki list)
    # An on-wiki {{Hub list}} (bot.lists): where its span is in a text, instead of region markers
    # (raises RegionError), and why it is refused before splicing (reason, fix, owner).
    locate: Callable[[str], tuple[int, int]] | None = None
    refusal: tuple[str, str, str] | None = None
    labels: Labels | None = None      # a list written in another language (PAGE/xx): its labels, for the summary


@dataclass(frozen=True)
class SectionResult:
    output: OutputConfig
    status: Status | None = None      # None: the section is in the page's new text (or already was)
    reason: str = ""
    fix: str = ""
    owner: str = ""


@dataclass(frozen=True)
class PagePlan:
    title: str
    base: PageText
    text: str | None                  # the new page text; None when nothing is to be saved
    summary: str = ""
    sections: tuple[SectionResult, ...] = ()
    replaced: tuple[ReplacedText, ...] = ()
    snapshots: Mapping[str, dict] = field(default_factory=dict)   # output -> what its summary compares next time


@dataclass(frozen=True)
class Context:
    """What the planner knows besides the page: the run's settings and memory."""

    now: datetime
    user: str
    hubs: tuple[Hub, ...] = ()
    pages: Mapping[str, PageText] = field(default_factory=dict)   # every page read (for translation bases)
    snapshots: Mapping[str, dict] = field(default_factory=dict)   # output -> snapshot of its last save
    max_removal_fraction: float = 0.3
    allow_large_removal: bool = False
    source_problem: str | None = None      # the hubs read are not trusted (bot.logic.safety.doubted_source)
    source_fix: str = "check the hub pages and the template; an operator can rerun with --allow-large-removal."
    max_bytes: int | None = None           # the wiki's page size limit
    task_page: str | None = None           # every summary links to it (config task_page)
    owned: frozenset[str] = frozenset()    # pages the bot has written whole before (a human's rewrite is quoted)
    # The on-wiki lists of a page as read (bot.lists): derived again at every plan, after a conflict too.
    list_sections: Callable[[str, PageText], Sequence[Section]] | None = None
    # Keys (regions.line_key) of the lines of generated text on a page as the bot last saved it (None: not
    # known): a line the new text drops is quoted as hand-written only when it is not one of them.
    bot_lines: Callable[[str], frozenset[str] | None] | None = None
    output_languages: Mapping[str, str] = field(default_factory=dict)   # per-language output -> its language
    labels_page: str | None = None          # where translators translate the lists' words (translation.labels)


def labels_name(output: str) -> str:
    """Where the state keeps the labels a per-language output showed at its last save (its summary compares them)."""
    return f"{output}#labels"


def translation_subpage(title: str, pages: Mapping[str, PageText]) -> bool:
    """Title/xx of a page with <translate>: a translation, never edited by the bot."""
    m = LANGUAGE_SUBPAGE.match(title)
    if not m:
        return False
    base = pages.get(m.group("base"))
    return bool(base and base.exists and "<translate>" in base.text)


def page_refusal(title: str, base: PageText, sections: Sequence[Section], ctx: Context) -> tuple[str, str] | None:
    """Why the whole page is not edited (reason, fix), or None. With no sections: what refuses every
    {{Hub list}} on the page (a translation, {{nobots}}), for the notice readers of those lists see (bot.lists)."""
    if translation_subpage(title, ctx.pages):
        return ("this page is a translation; the bot never edits translations.",
                "point the output at the source page or a bot-owned page.")
    if base.exists and not bot_may_edit(base.text, ctx.user):
        return ("the page has {{nobots}} or a {{bots}} template excluding hubbot.",
                "remove the template if the bot should update this page.")
    whole = any(s.output.region is None for s in sections)
    if whole and "<translate>" in base.text:
        return ("this translatable page would be replaced whole.",
                "set a region outside <translate>, or use a bot-owned page transcluded here.")
    if whole and base.text.strip() and split_note(base.text)[0] is None and title not in ctx.owned:
        return ("the page holds text the bot did not write, and the output would replace all of it.",
                "blank the page (or delete it) to hand it to the bot, or keep the text and put "
                "<!-- hubbot:begin ID --> / <!-- hubbot:end ID --> markers with a region in the config.")
    return None


def _list_fix(title: str, section: Section, ctx: Context) -> str | None:
    """An editor's {{Hub list}} on a translation page (or a page named like one: a hand-made Hubs/zh): the fix
    for that editor, who put a list there, not the operator's (an output's page is the config's)."""
    return _translation_list_fix(title, ctx) if section.locate is not None else None


def _translation_list_fix(title: str, ctx: Context) -> str | None:
    if not translation_subpage(title, ctx.pages):
        return None
    source = LANGUAGE_SUBPAGE.match(title).group("base")
    return f"put the list on {source}, outside <translate>; translation pages show it in their language."


def list_page_refusal(title: str, base: PageText, ctx: Context) -> tuple[str, str] | None:
    """What refuses every {{Hub list}} on the page ({{nobots}}, a translation) and the fix for the editor of those
    lists, as the errors page says them: the notice its readers see (bot.lists.notices)."""
    refusal = page_refusal(title, base, [], ctx)
    if refusal is None:
        return None
    return refusal[0], _translation_list_fix(title, ctx) or refusal[1]


def plan_page(title: str, base: PageText, sections: list[Section], ctx: Context) -> PagePlan:
    if ctx.list_sections:
        sections = [*sections, *ctx.list_sections(title, base)]
    refusal = page_refusal(title, base, sections, ctx)
    if refusal:
        return PagePlan(title, base, None, sections=tuple(
            SectionResult(s.output, Status.REFUSED, refusal[0], _list_fix(title, s, ctx) or refusal[1], "editor")
            for s in sections))

    text = base.text
    results: list[SectionResult] = []
    replaced: list[ReplacedText] = []
    parts: list[tuple[str, str]] = []
    snaps: dict[str, dict] = {}
    hub_snapshot = snapshot(list(ctx.hubs))
    for s in sections:
        out, kind = s.output, s.kind
        hub_rows = bool(kind and kind.hub_rows)
        if kind and kind.from_hubs and ctx.source_problem and not ctx.allow_large_removal and not s.refusal:
            results.append(SectionResult(out, Status.REFUSED, ctx.source_problem, ctx.source_fix, "operator"))
            continue
        if s.refusal:
            results.append(SectionResult(out, Status.REFUSED, *s.refusal))
            continue
        live = live_markup(s.body)
        if live:        # an escape missed a value: never saved (the page would sign itself or switch)
            results.append(SectionResult(out, Status.FAILED, f"the generated text holds {', '.join(live)}, "
                                         "which a value must never bring into a page; not saved.",
                                         "report this to hubbot's maintainers with the hub pages.", "bot"))
            continue
        try:
            if s.locate:
                spliced = splice_span(text, s.locate(text), s.body, OWNER_NOTE)
            else:
                spliced = splice(text, out.region, s.body, OWNER_NOTE, lua=bool(kind and kind.lua))
        except RegionError as exc:
            results.append(SectionResult(out, Status.REFUSED, exc.problem, exc.fix, "editor"))
            continue
        if hub_rows:
            snaps[out.name] = hub_snapshot
        if hub_rows and s.labels is not None:
            snaps[labels_name(out.name)] = labels_snapshot(s.labels, s.body)
        if normalize(spliced.text) == normalize(text):
            results.append(SectionResult(out))
            continue
        if hub_rows and not ctx.allow_large_removal:
            old_rows = kind.count_rows(split_note(spliced.old_body)[1])
            removed = old_rows - kind.count_rows(s.body)
            if old_rows and removed >= 2 and removed / old_rows > ctx.max_removal_fraction:
                snaps.pop(out.name, None)
                snaps.pop(labels_name(out.name), None)
                results.append(SectionResult(
                    out, Status.REFUSED,
                    f"the new text would remove {removed} of {old_rows} rows "
                    f"(more than {ctx.max_removal_fraction:.0%}); not saved.",
                    ctx.source_fix if not ctx.hubs else
                    "check the hub pages; an operator can rerun with --allow-large-removal.", "operator"))
                continue
        text = spliced.text
        by_hand = _by_hand(title, spliced.dropped_lines, ctx) if kind and spliced.human_edited else ()
        if by_hand:                                                   # not the report page itself
            replaced.append(ReplacedText(title, base.revid, ctx.now.date().isoformat(), by_hand,
                                         _replaced_fix(s, ctx)))
        described = kind.describe(ctx.snapshots.get(out.name), hub_snapshot) if kind and not s.describe else s.describe
        if labels_name(out.name) in snaps:          # a translator's label change is said as such
            said = describe_labels(ctx.snapshots.get(labels_name(out.name)), snaps[labels_name(out.name)],
                                   s.labels.language)
            if said:
                described = said if described == "details updated" else f"{described}, {said}"
        if spliced.human_edited and described == "details updated":
            described = "restored the generated text"      # only a hand edit inside it changed
        parts.append((out.name, described))
        results.append(SectionResult(out))

    if normalize(text) == normalize(base.text):
        return PagePlan(title, base, None, sections=tuple(results), snapshots=snaps)
    if ctx.max_bytes and len(text.encode("utf-8")) > ctx.max_bytes:
        size = len(text.encode("utf-8"))
        blocked = tuple(r if r.status else SectionResult(
            r.output, Status.BLOCKED,
            f"the new text ({size // 1024} KB) is over the wiki's page size limit ({ctx.max_bytes // 1024} KB); "
            "not saved.", PageTooLarge.fix, PageTooLarge.owner) for r in results)
        return PagePlan(title, base, None, sections=blocked)
    return PagePlan(title, base, text, _summary(parts, replaced, ctx.task_page), tuple(results), tuple(replaced),
                    snaps)


def _by_hand(title: str, dropped: tuple[str, ...], ctx: Context) -> tuple[str, ...]:
    """The dropped lines a human wrote: those that were not in the generated text the bot last saved on the
    page (a row the bot wrote and now changes, because a hub changed, is no human's). Not known (no save
    recorded): every dropped line, so nothing a human wrote is lost unquoted."""
    saved = ctx.bot_lines(title) if ctx.bot_lines else None
    return dropped if saved is None else tuple(line for line in dropped if line_key(line) not in saved)


def _replaced_fix(section: Section, ctx: Context) -> str:
    """Where the words a human typed into generated text belong, for the page they typed them on."""
    language = ctx.output_languages.get(section.output.name)
    if language:            # PAGE/xx, written whole for readers of xx: translators' words come from Translate
        labels = f"on {ctx.labels_page}" if ctx.labels_page else "on the labels page"
        return (f"hubbot writes this page for readers of {language} from translations: translate the list's "
                f"words {labels}, and a hub's name and scope in the hub page's translation (HUB/{language}, "
                "with Special:Translate); the next run shows them here.")
    if section.locate:
        return "move them to the hub page's infobox, or above or below the list (outside its start and end templates)."
    if section.output.region:
        return "move them to the hub page's infobox, or outside the markers."
    return "move them to the hub page's infobox; hubbot writes this whole page."


def _summary(parts: list[tuple[str, str]], replaced: list[ReplacedText], task_page: str | None = None) -> str:
    """"hubbot: directory: +1 hub (X); plans: +2 plans": outputs with the same news share one entry
    (a page with 50 lists says it once), and the count of replaced lines always fits in."""
    by_news: dict[str, list[str]] = {}
    for name, what in parts:
        by_news.setdefault(what, []).append(name)
    body = "; ".join(f"{listed(names)}: {what}" for what, names in by_news.items())
    count = sum(len(r.lines) for r in replaced)
    tail = f"; replaced {count} hand-written line{'' if count == 1 else 's'} (quoted on the errors page)" \
        if count else ""
    return fit_summary(summary_head(body, task_page), tail)


def plan_whole_text(title: str, base: PageText, text: str, summary_text: str) -> PagePlan:
    """A page that must equal ``text`` (a published template): saved when it differs."""
    if base.exists and normalize(base.text) == normalize(text):
        return PagePlan(title, base, None)
    return PagePlan(title, base, text, summary_text)


def plan_infobox_addition(title: str, base: PageText, box: str, template: str, summary_text: str,
                          user: str) -> PagePlan:
    """A hub page with ``box`` added at its top (after <languages/>), unless it has an infobox already."""
    section = SectionResult(OutputConfig(name="import-directory", kind="import", page=title))
    if not base.exists:
        return PagePlan(title, base, None, sections=(replace(section, status=Status.REFUSED,
                        reason="the page does not exist.", fix="create the hub page first, or fix the link "
                        "in the directory table.", owner="editor"),))
    if not bot_may_edit(base.text, user):
        return PagePlan(title, base, None, sections=(replace(section, status=Status.REFUSED,
                        reason="the page has {{nobots}} or a {{bots}} template excluding hubbot.",
                        fix="add the infobox by hand, or remove the template.", owner="editor"),))
    code = parse(base.text)
    if template_calls(code, template):
        return PagePlan(title, base, None)      # it has one already: nothing to do
    first = next((n for n in code.nodes if str(n).strip()), None)
    if isinstance(first, Tag) and str(first.tag).strip().lower() == "languages":
        # Keep <languages/> (Translate's language bar) first on translatable pages.
        code.insert_after(first, "\n" + box.rstrip("\n"))
    else:
        code.insert(0, box)
    return PagePlan(title, base, str(code), summary_text, (section,))
