"""On-wiki {{Hub list}} ... {{Hub list end}} on a real wiki: filters, columns, sorts, formats, several lists on
a page in one save, bad parameters (previous content kept, errors page, notice to readers), refusals, human
lines, no-op reruns. Each test uses its own list template names (found by their transclusion list)."""

from __future__ import annotations

import html
import re

import pytest
import yaml

from bot.app import publish_templates
from bot.logic.columns import COLUMNS
from bot.resources import TEMPLATES


@pytest.fixture
def lists(scenario, gateway):
    """The scenario's own list templates (as published, but reading their own notices module)."""
    s = scenario
    publish_templates(gateway)           # Module:Hub list, which every list template invokes
    s.list_template, s.end_template = f"Hub list {s.key}", f"Hub list end {s.key}"
    s.notices = f"Module:Hub list {s.key}/data"
    s.wiki.import_pages({
        f"Template:{s.list_template}": f"<includeonly>{{{{#invoke:Hub list|notice|data={s.notices}}}}}</includeonly>",
        f"Template:{s.end_template}": (TEMPLATES / "Hub_list_end.wiki").read_text(),
    })
    return s


HUBS = {   # page: (name, type, status, extra infobox fields)
    "Alpha": ("Alpha Hub", "thematic", "research",
              {"languages": "en, sw", "region": "East Africa", "updated": "2026-03-01", "founded": "2021",
               "website": "https://alpha.example.org", "contact": "User:Alpha", "plans": "[[Alpha/Plan|Plan]]"}),
    "Beta": ("Beta Hub", "thematic", "pilot",
             {"languages": "fr", "region": "West Africa", "updated": "2026-09-01", "founded": "2019"}),
    "Gamma": ("Gamma Hub", "regional", "pilot",
              {"languages": "sw", "region": "Southern Africa", "updated": "2025-12-01", "founded": "2023",
               "plans": "[[Gamma/A|A]]\n[[Gamma/B|B]]"}),
    "Delta": ("Delta Hub", "regional", "established",
              {"languages": "de, en", "region": "Europe", "updated": "2026-06-01"}),
}


def setup_hubs(s) -> None:
    pages = {}
    for page, (name, type_, status, extra) in HUBS.items():
        extra = dict(extra)
        plans = extra.pop("plans", "")
        pages[s.page(page)] = s.infobox(name, type=type_, status=status, scope=f"{name} scope", plans=plans, **extra)
    s.wiki.import_pages(pages)


def config(s, outputs=None):
    path = s.config(outputs or [{"name": "errors", "kind": "errors", "page": s.page("Errors")}])
    data = yaml.safe_load(path.read_text())
    data["lists"] = {"template": s.list_template, "end_template": s.end_template, "notices": s.notices}
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def call(s, **params) -> str:
    return "{{" + s.list_template + "".join(f"\n| {k} = {v}" for k, v in params.items()) + "\n}}\n"


def end(s) -> str:
    return "{{" + s.end_template + "}}\n"


def bodies(s, text: str) -> list[str]:
    """The generated text of each list on a page, in order."""
    return re.findall(r"\}\}\n<!-- hubbot:generated [^\n]*-->\n(.*?)\{\{" + re.escape(s.end_template) + r"\}\}",
                      text, re.S)


def names(body: str) -> list[str]:
    return re.findall(r"\[\[Special:MyLanguage/[^|\]]+\|([^\]]+)\]\]", body)


def test_filters_columns_sorts_and_formats_each_page_saved_once(lists):
    s = lists
    setup_hubs(s)
    filters = [dict(type="thematic"), dict(status="pilot, established"), dict(language="sw"),
               dict(region="africa"), dict(type="regional", status="pilot", language="sw", region="southern"),
               dict(columns=", ".join(c for c in COLUMNS if c not in ("map", "details")), limit=2, caption="First two"),
               dict(format="list", columns="name, status"), dict(status="inactive", empty="Nothing inactive.")]
    sorts = ["name", "-name", "type", "scope", "region", "status", "-status", "languages", "website", "contact",
             "founded", "-founded", "updated", "-updated", "plans", "-plans"]
    s.wiki.import_pages({
        s.page("Filters"): "Filters, by hand.\n" + "".join(call(s, **f) + end(s) for f in filters) + "Outro.\n",
        s.page("Sorts"): "".join(call(s, sort=key, columns="name") + end(s) for key in sorts),
    })
    code, report = s.sync(config(s))
    assert code == 0, report
    lists_done = [o for o in report["outputs"] if o["name"].startswith("hub list")]
    assert len(lists_done) == len(filters) + len(sorts) and {o["action"] for o in lists_done} == {"edited"}
    assert report["totals"]["edits"] == 3                        # the two list pages (once each), the errors page

    text = s.text(s.page("Filters"))
    assert text.startswith("Filters, by hand.\n{{" + s.list_template) and text.endswith("Outro.")
    got = bodies(s, text)
    assert [names(b) for b in got[:5]] == [["Alpha Hub", "Beta Hub"], ["Beta Hub", "Delta Hub", "Gamma Hub"],
                                           ["Alpha Hub", "Gamma Hub"], ["Alpha Hub", "Beta Hub", "Gamma Hub"],
                                           ["Gamma Hub"]]
    every = got[5]
    assert every.startswith('{| class="wikitable sortable hubbot-list"\n|+ First two\n'
                            "! Hub !! Type !! Scope !! Region !! Status !! Languages !! Website !! Contact !! "
                            "Founded !! Last updated !! Plans\n")
    assert ("| [[Special:MyLanguage/{}|Alpha Hub]] || Thematic || Alpha Hub scope || East Africa || Research || "
            "en, sw || [https://alpha.example.org alpha.example.org] || User:Alpha || 2021 || 2026-03-01 || "
            "[[Special:MyLanguage/Alpha/Plan|Plan]]").format(s.page("Alpha")) in every
    assert every.count("\n|-\n") == 2                              # limit = 2
    assert got[6] == ("* [[Special:MyLanguage/{}|Alpha Hub]] – Research\n"
                      "* [[Special:MyLanguage/{}|Beta Hub]] – Pilot\n"
                      "* [[Special:MyLanguage/{}|Delta Hub]] – Established\n"
                      "* [[Special:MyLanguage/{}|Gamma Hub]] – Pilot\n").format(
        s.page("Alpha"), s.page("Beta"), s.page("Delta"), s.page("Gamma"))
    assert got[7] == "''Nothing inactive.''\n"

    expected = {   # missing values last, whichever the direction
        "name": ["Alpha", "Beta", "Delta", "Gamma"], "-name": ["Gamma", "Delta", "Beta", "Alpha"],
        "type": ["Delta", "Gamma", "Alpha", "Beta"], "scope": ["Alpha", "Beta", "Delta", "Gamma"],
        "region": ["Alpha", "Delta", "Gamma", "Beta"], "status": ["Alpha", "Beta", "Gamma", "Delta"],
        "-status": ["Delta", "Beta", "Gamma", "Alpha"], "languages": ["Delta", "Alpha", "Beta", "Gamma"],
        "website": ["Alpha", "Beta", "Delta", "Gamma"], "contact": ["Alpha", "Beta", "Delta", "Gamma"],
        "founded": ["Beta", "Alpha", "Gamma", "Delta"], "-founded": ["Gamma", "Alpha", "Beta", "Delta"],
        "updated": ["Gamma", "Alpha", "Delta", "Beta"], "-updated": ["Beta", "Delta", "Alpha", "Gamma"],
        "plans": ["Alpha", "Gamma", "Beta", "Delta"], "-plans": ["Gamma", "Alpha", "Beta", "Delta"],
    }
    got = bodies(s, s.text(s.page("Sorts")))
    assert {key: [n.split()[0] for n in names(b)] for key, b in zip(sorts, got)} == expected

    edits = report["totals"]["edits"]
    code, report = s.sync(config(s))                                # nothing changed: no edit
    assert code == 0 and report["totals"]["edits"] == 0 and edits == 3
    assert {o["action"] for o in report["outputs"]} == {"unchanged"}


def test_two_lists_on_an_output_page_a_human_line_and_a_quiet_rerun(lists):
    s = lists
    setup_hubs(s)
    page = s.page("Portal")
    s.wiki.import_pages({page: "<!-- hubbot:begin dir -->\n<!-- hubbot:end dir -->\nBetween, by hand.\n"
                               + call(s, type="thematic") + "* Hand-kept: ask Beta about their plan\n" + end(s)
                               + "Also by hand.\n" + call(s, language="sw", format="list") + end(s)})
    outputs = [{"name": "dir", "kind": "directory", "page": page, "region": "dir"},
               {"name": "errors", "kind": "errors", "page": s.page("Errors")}]
    code, report = s.sync(config(s, outputs))
    assert code == 0, report
    assert [(o["name"], o["action"]) for o in report["outputs"] if o["page"] == page] == [
        ("dir", "edited"), ("hub list 1", "edited"), ("hub list 2", "edited")]
    assert report["totals"]["edits"] == 2                         # the page once (directory and both lists)
    text = s.text(page)
    assert "Between, by hand.\n" in text and "Also by hand.\n" in text
    assert [names(b) for b in bodies(s, text)] == [["Alpha Hub", "Beta Hub"], ["Alpha Hub", "Gamma Hub"]]
    assert "Hand-kept: ask Beta" not in text
    errors = s.text(s.page("Errors"))
    assert "*: <code>&#42; Hand-kept: ask Beta about their plan</code>" in errors
    assert f"[[Special:MyLanguage/{page}|{page}]]" in errors

    code, report = s.sync(config(s, outputs))
    assert code == 0 and report["totals"]["edits"] == 0
    assert s.text(page) == text


def test_bad_parameter_keeps_the_list_reports_it_and_shows_a_notice(lists, gateway):
    s = lists
    setup_hubs(s)
    page = s.page("Bad")
    s.wiki.import_pages({page: "Intro.\n" + call(s, type="thematic") + end(s)})
    code, _ = s.sync(config(s))
    before = s.text(page)
    assert names(bodies(s, before)[0]) == ["Alpha Hub", "Beta Hub"]

    s.wiki.edit_as("Editor", page, before.replace("| type = thematic", "| type = thematic\n| columns = name, colour"))
    s.wiki.import_pages({s.page("Epsilon"): s.infobox("Epsilon Hub", type="thematic")})   # a new hub, not shown
    code, report = s.sync(config(s))
    assert code == 0
    bad = next(o for o in report["outputs"] if o["page"] == page)
    assert (bad["action"], bad["owner"]) == ("refused", "editor")
    assert bad["reason"] == ("Parameter columns: 'colour' is not a known column. The list keeps its previous "
                             "content.")
    assert "Use some of: hub (= name), name, type" in bad["fix"]
    after = s.text(page)
    assert bodies(s, after) == bodies(s, before) and "Epsilon" not in after
    errors = s.text(s.page("Errors"))
    assert (f"| [[Special:MyLanguage/{page}|{page}]] || hub list 1 || refused || an editor of the page || "
            "Parameter columns: 'colour' is not a known column.") in errors
    s.wiki.run_jobs()
    shown = html.unescape(gateway.render(page))
    assert ("hubbot could not update this list: Columns: 'colour' is not a known column. It shows what it showed "
            "before. Fix: Use some of: hub (= name), name, type, scope, region, status, languages, website, contact, "
            "founded, updated, plans, map, details. (details)") in re.sub(r"<[^>]+>", "", shown)
    assert "list maintained by" in shown

    s.wiki.edit_as("Editor", page, after.replace("colour", "updated"))    # fixed: the list and the notice follow
    code, report = s.sync(config(s))
    assert "Epsilon Hub" in s.text(page)
    s.wiki.run_jobs()
    assert "hubbot could not update this list" not in gateway.render(page)


def test_missing_end_and_list_inside_translate_are_refused_unedited(lists):
    s = lists
    setup_hubs(s)
    missing, translated = s.page("Missing end"), s.page("Translated")
    texts = {missing: "Intro.\n" + call(s, type="regional") + "Nothing closes it.\n",
             translated: "<languages/>\n<translate>\n<!--T:1-->\nIntro.\n" + call(s) + end(s) + "</translate>\n"}
    s.wiki.import_pages(texts)
    before = {t: s.text(t) for t in texts}
    code, report = s.sync(config(s))
    assert code == 0
    by_page = {o["page"]: o for o in report["outputs"] if o["name"] == "hub list 1"}
    assert by_page[missing]["reason"] == f"this list has no {{{{{s.end_template}}}}} after it."
    assert by_page[translated]["reason"].startswith("this list is inside <translate>")
    assert {o["action"] for o in by_page.values()} == {"refused"} and {o["owner"] for o in by_page.values()} == {"editor"}
    assert {t: s.text(t) for t in texts} == before
    assert report["totals"]["edits"] == 2                # the errors page, and the notices readers of both lists see
    notices = s.text(s.notices)
    assert (f'"This list has no {{{{{s.end_template}}}}} after it. Fix: add {{{{{s.end_template}}}}} on its own line '
            'where the generated list should end."') in notices.replace("\\123", "{")
    assert ('"This list is inside \\060translate>; writing there would change translation units. Fix: move the list '
            f'and its {{{{{s.end_template}}}}} outside \\060translate>...\\060/translate>."'
            ) in notices.replace("\\123", "{")       # no <translate> in the module's text: it is saved again
    errors = s.text(s.page("Errors"))
    assert f"|{missing}]] || hub list 1 || refused" in errors and f"|{translated}]] || hub list 1 || refused" in errors
    s.wiki.edit_as("Editor", missing, texts[missing] + end(s))
    code, report = s.sync(config(s))
    assert {o["page"]: o["action"] for o in report["outputs"] if o["page"] == s.notices} == {s.notices: "edited"}
    assert "This list has no" not in s.text(s.notices) and "This list is inside" in s.text(s.notices)


def test_lists_on_a_page_refused_whole_show_readers_a_notice_and_the_page_is_not_edited(lists, gateway):
    """{{nobots}} on the page, or a page named like a translation of a translatable page (a hand-made PAGE/zh):
    every list there is refused whole, never written; readers saw an empty section without a word."""
    s = lists
    setup_hubs(s)
    nobots, source, hand_made = s.page("Nobots"), s.page("Translatable"), s.page("Translatable") + "/zh"
    texts = {nobots: "{{nobots}}\nIntro.\n" + call(s, type="thematic") + end(s),
             source: "<languages/>\n<translate>\n<!--T:1-->\nIntro.\n</translate>\n",
             hand_made: "Hand-made.\n" + call(s, type="regional") + end(s)}
    s.wiki.import_pages(texts)
    before = {t: s.text(t) for t in texts}
    code, report = s.sync(config(s))
    assert code == 0, report
    assert {o["page"]: o["action"] for o in report["outputs"] if o["name"] == "hub list 1"} == {
        nobots: "refused", hand_made: "refused"}
    assert {t: s.text(t) for t in texts} == before
    assert report["totals"]["edits"] == 2                # the errors page and the notices module, no list page
    s.wiki.run_jobs()
    errors_link = f'(<a href="/index.php/{s.page("Errors")}" title="{s.page("Errors")}">details</a>)</div>'
    shown = html.unescape(gateway.render(nobots))
    assert ("hubbot could not update this list: The page has {{nobots}} or a {{bots}} template excluding hubbot. "
            "Fix: remove the template if the bot should update this page. " + errors_link) in shown
    shown = html.unescape(gateway.render(hand_made))
    assert ("hubbot could not update this list: This page is a translation; the bot never edits translations. "
            f"Fix: put the list on {source}, outside <translate>; translation pages show it in their language. "
            + errors_link) in shown

    s.wiki.edit_as("Editor", nobots, before[nobots].replace("{{nobots}}\n", ""))    # fixed: the list, no notice
    code, report = s.sync(config(s))
    assert names(bodies(s, s.text(nobots))[0]) == ["Alpha Hub", "Beta Hub"]
    s.wiki.run_jobs()
    assert "hubbot could not update this list" not in gateway.render(nobots)


def test_a_new_list_with_a_bad_parameter_says_it_shows_nothing_yet_and_how_to_fix_it(lists, gateway):
    """A list that never showed anything does not claim to show 'what it showed before'; the short fix is in
    the notice itself."""
    s = lists
    setup_hubs(s)
    page = s.page("New bad")
    s.wiki.import_pages({page: "Intro.\n" + call(s, type="thematic", limit="0") + end(s)})
    before = s.text(page)
    code, report = s.sync(config(s))
    assert code == 0 and s.text(page) == before
    s.wiki.run_jobs()
    shown = re.sub(r"<[^>]+>", "", html.unescape(gateway.render(page)))
    assert ("hubbot could not update this list: Limit: '0' is not a number of hubs from 1 to 500. It shows no list "
            "until this is fixed. Fix: Write a whole number from 1 to 500. (details)") in shown
