"""Whole runs on hostile wiki text (Hypothesis, on the wiki in memory): whatever editors type in hub
infoboxes, in ``{{Hub list}}`` calls and around the generated regions, a run

- never ends in an internal error, and an editor's input never makes a failed run;
- leaves every byte outside the generated regions as it was;
- writes no generated text with a signature, a behaviour switch, subst, a category link, a hubbot
  marker or an HTML tag that came from a value;
- makes no edit when run again (nothing churns).

The memory wiki signs saves as MediaWiki's pre-save transform does, so a value that would sign a page
also makes the second run edit. The same hostile corpus runs on the real MediaWiki in
tests/integration/test_hostile_text.py, read back through action=parse.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import os

from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from mwparserfromhell.nodes import Comment, Tag, Template, Wikilink

from bot.config import parse_config
from bot.logic.hub_list import parse_spec
from bot.logic.kinds import check_config
from bot.outcomes import Status
from bot.parsing.hub_list import find_lists
from bot.parsing.wikitext import parse
from bot.rendering.regions import locate
from bot.runner import Run
from bot.state import State
from bot.values import live_markup
from bot.wiki.memory import MemoryWiki
from tests.unit.test_runner_memory import NOW

# What editors type, in every form MediaWiki decodes: entities (decimal, hex, named), magic words,
# signatures, markers, list templates, Unicode digits, private-use, bidi and combining characters,
# nested templates and tags, links and categories, table markup.
HOSTILE = [
    "~~~~", "~~~", "~~~~~", "&#126;&#126;&#126;&#126;", "&#x7E;&#x7e;&#X7E;", "&tilde;", "~&#126;~",
    "__NOINDEX__", "__NOTOC__", "&#95;&#95;NEWSECTIONLINK&#95;&#95;", "&lowbar;&lowbar;NOGALLERY&UnderBar;_",
    "&#x5F;_HIDDENCAT__", "__KEIN_INHALTSVERZEICHNIS__", "{{subst:x}}", "{{safesubst:y}}",
    "<!-- hubbot:begin dir -->", "<!-- hubbot:end dir -->", "&lt;!-- hubbot:end dir --&gt;", "hubbot:generated",
    "{{Hub list}}", "{{Hub list end}}", "{{Hub list|limit=²}}", "²", "①", "١٠", "９",
    "\ue000", "\ue0000\ue001", "\u202e", "\u200f", "\u0301", "e\u0301", "\x7f", "\u00a0", "\u3000",
    "{{x|{{y|z}}}}", "{{{1}}}", "{{#if:a|b}}", "<ref>r</ref>", "<div>d</div>", "<nowiki>n</nowiki>",
    "<script>s</script>", "&lt;b&gt;", "[[Category:Spam]]", "[[:Category:Spam]]", "&#91;&#91;Category:X&#93;&#93;",
    "[[File:X.png]]", "[[Page|label]]", "[https://example.org/~~~~ l]", "[https://example.org/&#95;&#95;NOTOC&#95;&#95;]",
    "https://example.org/__INDEX__", "|", "||", "!!", "=", "{|", "|}", "|-", "\n", "\n*", "\n=h=\n", "''", "'''",
    "'", "&amp;", "&", ";", ":", "#", "*", "-", " ", "ISBN 123", "RFC 1", "-{zh:x}-", "<translate>", "</translate>",
]
FIELDS = ["name", "scope", "region", "contact", "website", "plans", "details", "map", "founded", "updated",
          "languages", "status", "type"]
LIST_PARAMS = ["type", "status", "language", "region", "columns", "sort", "format", "limit", "caption", "empty"]

pieces = st.one_of(st.sampled_from(HOSTILE),
                   st.text(st.characters(blacklist_categories=("Cs",)), max_size=4))
hostile_text = st.lists(pieces, max_size=5).map("".join)


@st.composite
def infobox(draw, name: str) -> str:
    values = {"name": name, "type": "regional", "scope": "S", "status": "pilot"}
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=4, unique=True)):
        values[field] = draw(hostile_text).replace("}}", "")       # a value, not the template's end
    body = "".join(f"| {k} = {v}\n" for k, v in values.items())
    return draw(hostile_text) + "{{Hub infobox\n" + body + "}}\n" + draw(hostile_text)


@st.composite
def list_page(draw) -> str:
    """Human text (hostile) around 1-3 lists, each with an empty span and hostile parameters."""
    parts = [draw(hostile_text)]
    for _ in range(draw(st.integers(1, 3))):
        params = "".join(f"|{p}={draw(hostile_text).replace('}}', '').replace('|', '')}"
                         for p in draw(st.lists(st.sampled_from(LIST_PARAMS), max_size=3, unique=True)))
        parts.append(f"\n{{{{Hub list{params}}}}}\n{{{{Hub list end}}}}\n")
        parts.append(draw(hostile_text))
    return "".join(parts)


CONFIG = {"hubs": {}, "outputs": [
    {"name": "directory", "kind": "directory", "page": "Hubs/Ongoing", "region": "dir",
     "columns": ["name", "type", "scope", "region", "status", "languages", "website", "contact", "founded",
                 "updated", "plans", "map", "details"]},
    {"name": "plans", "kind": "plans", "page": "Hubs/Plans"},
    {"name": "status", "kind": "status", "page": "Hubs/Status"},
    {"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"}]}
# Shrinking whole runs is slow: HUBBOT_SHRINK=1 asks for the smallest failing example when debugging.
PHASES = tuple(Phase) if os.environ.get("HUBBOT_SHRINK") else tuple(p for p in Phase if p is not Phase.shrink)
WHOLE_PAGES = {o["page"] for o in CONFIG["outputs"] if "region" not in o}
HTML_TAGS = {"br", "code"}                       # the only HTML tags generated text may hold
LINK_PREFIXES = ("Special:MyLanguage/", "File:", "Special:PermanentLink/", "Template:Hub infobox", ":Category:")


def written_lists(text: str) -> list:
    """The lists the bot writes: well placed, with good parameters (a refused one keeps what it held)."""
    return [c for c in find_lists(text) if not c.problem and not parse_spec(c.params)[1]]


def spans(title: str, text: str) -> list[tuple[int, int]]:
    """Where the bot writes on a page: the whole page, or its region and each list it writes."""
    if title in WHOLE_PAGES:
        return [(0, len(text))]
    found = [(c.start, c.end) for c in written_lists(text)]
    if title == "Hubs/Ongoing":
        found.append(locate(text, "dir"))
    return sorted(found)


def generated_spans(title: str, text: str) -> list[str]:
    return [text[start:end] for start, end in spans(title, text)]


def outside(title: str, text: str) -> str:
    """The page with the bot's text left out: what humans own."""
    kept, position = [], 0
    for start, end in spans(title, text):
        kept.append(text[position:start])
        position = end
    return "".join(kept) + text[position:]


STATUS_DATE = ("CURRENTYEAR", "CURRENTMONTH", "CURRENTDAY2")     # "days counted on ..." on the status page


def inert(body: str) -> list[str]:
    """What a value brought into generated text that it must not have."""
    bad = list(live_markup(body)) + [f"U+{ord(c):04X}" for c in body if "\u202a" <= c <= "\u202e" or
                                      "\u2066" <= c <= "\u2069"]     # a bidi override from a value
    code = parse(body)
    for node in code.filter(recursive=True):
        if isinstance(node, Tag) and node.wiki_markup is None and str(node.tag).strip().lower() not in HTML_TAGS:
            bad.append(str(node)[:40])
        elif isinstance(node, Wikilink) and not str(node.title).startswith(LINK_PREFIXES):
            bad.append(str(node)[:40])
        elif isinstance(node, Template) and not (str(node.name).startswith("#invoke:Hub status") or
                                                 str(node.name) in STATUS_DATE):   # the status page's own
            bad.append(str(node)[:40])
        elif isinstance(node, Comment) and not str(node.contents).startswith(" hubbot:generated sha1="):
            bad.append(str(node)[:40])
    return bad


@settings(max_examples=int(os.environ.get("HUBBOT_EXAMPLES", 100)), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
          phases=PHASES)
@given(hubs=st.lists(st.integers(0, 10**6), min_size=1, max_size=3, unique=True).flatmap(
           lambda ids: st.tuples(*[infobox(f"Hub {i}") for i in ids])),
       portal=list_page(), around=st.tuples(hostile_text, hostile_text))
def test_a_run_on_hostile_text_fails_nothing_keeps_human_bytes_writes_inert_text_and_is_quiet_after(
        hubs, portal, around):
    wiki = MemoryWiki()
    directory = around[0] + "\n<!-- hubbot:begin dir -->\n<!-- hubbot:end dir -->\n" + around[1]
    pages = {**{f"Hub page {i}": text for i, text in enumerate(hubs)}, "Hubs/Ongoing": directory, "Portal": portal}
    for title, text in pages.items():       # as editors' saves store them: signatures already expanded
        wiki.edit(title, wiki.pre_save_transform(text))
    before = {title: wiki.text(title) for title in wiki.pages}
    with tempfile.TemporaryDirectory() as tmp:
        config = check_config(parse_config(CONFIG, str(Path(tmp) / "c.yaml")))
        report = Run(config, wiki, now=NOW, state=State.load(Path(tmp) / "state"), sleep=lambda s: None).run()
        assert not report.failed, [(o.page, o.output, o.reason) for o in report.outputs if o.status is Status.FAILED]
        assert report.exit_code == 0
        for title, old in before.items():
            if wiki.history(title)[-1].user == "HubBot":       # else refused (broken markers...): untouched
                assert outside(title, wiki.text(title)) == outside(title, old), title
        for title in sorted(wiki.pages):
            if wiki.history(title)[-1].user != "HubBot" or title.startswith("Module:"):
                continue
            for body in generated_spans(title, wiki.text(title)):
                assert inert(body) == [], (title, inert(body))
        edits = wiki.counters.edits
        again = Run(config, wiki, now=NOW, state=State.load(Path(tmp) / "state"), sleep=lambda s: None).run()
        assert wiki.counters.edits == edits, [(o.page, o.output, o.status) for o in again.outputs]
        assert not again.failed
