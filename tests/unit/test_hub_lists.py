"""On-wiki {{Hub list}}: finding calls and spans, reading parameters, the list model, and whole runs on the
wiki in memory (the same stories run against the real wiki in tests/integration/test_hub_lists.py)."""

from __future__ import annotations

import pytest

from bot.config import parse_config
from bot.errors import UserError
from bot.logic.hub_list import ListSpec, hub_list, parse_spec, select
from bot.logic.kinds import check_config
from bot.models import Hub
from bot.outcomes import Status
from bot.parsing.hub_list import find_lists
from bot.runner import Run
from bot.state import State
from bot.wiki.memory import MemoryWiki
from tests.unit.test_runner_memory import NOW, infobox

LIST = "{{Hub list|status=pilot}}\n{{Hub list end}}\n"


# -- finding lists ------------------------------------------------------------------------
def test_each_call_gets_the_span_up_to_its_end_template():
    text = "A\n{{Hub list|type=thematic}}\nold\n{{Hub list end}}\nB\n {{hub_list}}\n{{Template:Hub list end}}\n"
    first, second = find_lists(text)
    assert text[first.start:first.end] == "old\n" and first.params == (("type", "thematic"),)
    assert (second.start, second.end) == (text.index("{{Template:Hub"),) * 2 and not second.problem


@pytest.mark.parametrize("text, problem", [
    ("{{Hub list}}\nno end\n", "has no {{Hub list end}} after it."),
    ("{{Hub list}}\n{{Hub list|type=regional}}\n{{Hub list end}}\n", "(another list starts first)"),
    ("<translate>\n{{Hub list}}\n{{Hub list end}}\n</translate>\n", "inside <translate>"),
    ("{{Hub list}}\n<translate>{{Hub list end}}</translate>\n", "inside <translate>"),
    ("<div>{{Hub list}}</div>\n{{Hub list end}}\n", "this list is inside a <div>;"),
    ("{{Hub list}}\n<div>{{Hub list end}}</div>\n", "this list's {{Hub list end}} is inside a <div>, not on the page"),
    ("I tried {{Hub list|type=regional}} on my page. [[User:A|A]]\n:Add {{Hub list end}} after it. [[User:B|B]]\n",
     "this {{Hub list}} shares its line with other text: in a sentence it is a mention, not a list"),
    ("{{Hub list}} (the regional hubs)\n{{Hub list end}}\n", "shares its line with other text"),
    ("{{Hub list}}\n:Add {{Hub list end}} after it.\n", "{{Hub list end}} does not start a line: the text before it"),
])
def test_a_list_that_cannot_be_written_says_why(text, problem):
    assert problem in find_lists(text)[0].problem and find_lists(text)[0].fix


def test_examples_in_pre_nowiki_and_comments_are_not_lists():
    assert find_lists("<pre>{{Hub list}}</pre><nowiki>{{Hub list}}</nowiki><!-- {{Hub list}} -->") == []


# -- parameters -----------------------------------------------------------------------------
def test_parameters_become_a_spec():
    spec, problems = parse_spec((("Type", " Regional, thematic "), ("status", "Research, Planning/Discussion"),
                                 ("language", "SW"), ("region", "Africa <!-- x -->"), ("columns", "hub, updated"),
                                 ("sort", "-updated"), ("format", "list"), ("limit", "3"), ("caption", "''C''"),
                                 ("empty", "None yet."), ("status ", "")))
    assert problems == ()
    assert spec == ListSpec(types=("regional", "thematic"), statuses=("research", "planning"), language="sw",
                            region="Africa", columns=("name", "updated"), sort="updated", descending=True,
                            format="list", limit=3, caption="C", empty="None yet.")


@pytest.mark.parametrize("param, value, message", [
    ("type", "global", "'global' is not a hub type."),
    ("status", "pilot, done", "'done' is not a hub status."),
    ("language", "Swahili", "'Swahili' is not a language code."),
    ("columns", "name, colour", "'colour' is not a known column."),
    ("columns", "name, hub", "'hub' is listed twice."),
    ("sort", "size", "'size' is not a column to sort by."),
    ("format", "grid", "'grid' is not a format."),
    ("limit", "0", "'0' is not a number of hubs from 1 to 500."),
    ("colour", "red", "unknown parameter 'colour'."),
    ("1", "thematic", "unnamed value 'thematic'."),
])
def test_a_bad_parameter_is_a_problem_naming_it_and_the_fix(param, value, message):
    spec, problems = parse_spec(((param, value),), "Portal")
    assert spec is None and len(problems) == 1
    assert (problems[0].page, problems[0].field, problems[0].message) == ("Portal", param, message)
    assert problems[0].fix


# -- the list model -------------------------------------------------------------------------
HUBS = (Hub("A", "Alpha", ("thematic",), "Research", "pilot", "East Africa", ("sw",), updated="2026-01-01"),
        Hub("B", "Beta", ("regional", "thematic"), "Europe", "research", None, ("de",), updated="2026-05-01"),
        Hub("C", "Gamma", ("regional",), "Southern Africa", "established", None, ("sw", "en")))


def test_filters_sort_and_limit():
    assert [h.page for h in select(ListSpec(types=("thematic",)), HUBS)] == ["A", "B"]
    assert [h.page for h in select(ListSpec(statuses=("pilot", "established")), HUBS)] == ["A", "C"]
    assert [h.page for h in select(ListSpec(language="sw"), HUBS)] == ["A", "C"]
    assert [h.page for h in select(ListSpec(region="AFRICA"), HUBS)] == ["A", "C"]     # scope or region
    assert [h.page for h in select(ListSpec(sort="updated", descending=True), HUBS)] == ["B", "A", "C"]
    assert [h.page for h in select(ListSpec(sort="updated"), HUBS)] == ["A", "B", "C"]  # missing last
    assert [h.page for h in select(ListSpec(sort="status"), HUBS)] == ["B", "A", "C"]   # life cycle order
    assert [h.page for h in select(ListSpec(limit=1), HUBS)] == ["A"]


def test_both_formats_caption_and_empty_text_are_escaped():
    table = hub_list(ListSpec(columns=("name", "status"), caption="Hubs | {{x}}"), HUBS[:1])
    assert table == ('{| class="wikitable sortable hubbot-list"\n|+ Hubs &#124; &#123;&#123;x&#125;&#125;\n'
                     "! Hub !! Status\n|-\n| [[Special:MyLanguage/A|Alpha]] || Pilot\n|}\n")
    assert hub_list(ListSpec(format="list", caption="C"), HUBS[:1]) == (
        "'''C'''\n* [[Special:MyLanguage/A|Alpha]] – Research – Pilot\n")
    assert hub_list(ListSpec(empty="* [[None]]"), ()) == "''&#42; &#91;&#91;None&#93;&#93;''\n"


# -- config -----------------------------------------------------------------------------------
def _config(lists=None, **more):
    raw = {"hubs": {}, "outputs": [{"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"}], **more}
    if lists is not None:
        raw["lists"] = lists
    return parse_config(raw, "c.yaml")


def test_lists_are_on_by_default_and_false_turns_them_off():
    assert _config().lists.template == "Hub list" and _config().lists.notices == "Module:Hub list/data"
    assert _config(False).lists is None
    assert _config({"template": "hub_list", "namespaces": [0, 4]}).lists.namespaces == (0, 4)


@pytest.mark.parametrize("lists, key", [
    ({"template": "X", "end_template": "x"}, "lists.end_template"),
    ({"template": "Hub infobox"}, "lists.template"),
    ({"notices": "Hub list data"}, "lists.notices"),
    ({"notices": "User:HubBot/Errors"}, "lists.notices"),
    ({"namespaces": "main"}, "lists.namespaces"),
    ({"colour": 1}, "lists.colour"),
    ({"template": "[[Hub list]]"}, "lists.template"),
])
def test_bad_lists_config_names_the_key(lists, key):
    with pytest.raises(UserError, match=f"c.yaml: {key}"):
        _config(lists)


# -- runs on the wiki in memory ---------------------------------------------------------------
def make(tmp_path, **pages):
    wiki = MemoryWiki()
    for i, status in enumerate(("pilot", "research", "pilot")):
        wiki.edit(f"Hub {i}", infobox(f"Hub {i}", status))
    for title, text in pages.items():
        wiki.edit(title.replace("_", " "), text)
    config = check_config(parse_config({"hubs": {}, "outputs": [
        {"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"}]}, str(tmp_path / "c.yaml")))
    return wiki, config


def run(wiki, config, tmp_path, **kw):
    report = Run(config, wiki, now=NOW, state=State.load(tmp_path / "state"), sleep=lambda s: None).run(**kw)
    return report, {(o.page, o.output): o for o in report.outputs}


def test_discovery_is_one_listing_and_lists_are_read_with_the_other_pages(tmp_path):
    wiki, config = make(tmp_path, Portal="Intro\n" + LIST + LIST, Other=LIST)
    report, by = run(wiki, config, tmp_path)
    assert [by[("Portal", f"hub list {n}")].status for n in (1, 2)] == [Status.EDITED] * 2
    assert report.requests == 2 + 1 + 3 * 2      # 2 listings (hubs, lists), 1 batched read, 3 saves of 2 requests
    assert [r.user for r in wiki.history("Portal")] == ["Editor", "HubBot"]     # one save for both lists
    assert wiki.history("Portal")[-1].summary == "hubbot: hub list 1, hub list 2: 2 hubs"   # the same news once
    edits = wiki.counters.edits
    report, by = run(wiki, config, tmp_path)
    assert wiki.counters.edits == edits and {o.status for o in report.outputs} == {Status.UNCHANGED}


def test_lists_off_and_only_errors_leave_lists_alone(tmp_path):
    wiki, config = make(tmp_path, Portal=LIST)
    run(wiki, config, tmp_path, only=["errors"])
    assert wiki.text("Portal") == LIST.rstrip()
    wiki2, config2 = make(tmp_path / "b", Portal=LIST)
    config2 = check_config(parse_config({"hubs": {}, "lists": False, "outputs": [
        {"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"}]}, "c.yaml"))
    report, _ = run(wiki2, config2, tmp_path / "b")
    assert wiki2.text("Portal") == LIST.rstrip() and report.requests == 1 + 1 + 2     # listing, read, a save (check + edit)


@pytest.mark.parametrize("title, text, reason", [
    ("Portal", "{{nobots}}\n" + LIST, "nobots"),
    ("Hubs/de", LIST, "translation"),
])
def test_nobots_and_translation_pages_are_refused_for_an_editor(tmp_path, title, text, reason):
    wiki, config = make(tmp_path, **{title: text, "Hubs": "<translate>Hubs</translate>\n"})
    report, by = run(wiki, config, tmp_path)
    outcome = by[(title, "hub list 1")]
    assert outcome.status is Status.REFUSED and outcome.owner == "editor" and reason in outcome.reason
    assert wiki.text(title) == text.rstrip()


def test_a_list_on_a_page_named_like_a_translation_tells_its_editor_where_the_list_goes(tmp_path):
    wiki, config = make(tmp_path, **{"Hubs/zh": "中文的枢纽。\n" + LIST, "Hubs": "<translate>Hubs</translate>\n"})
    report, by = run(wiki, config, tmp_path)
    outcome = by[("Hubs/zh", "hub list 1")]
    fix = "put the list on Hubs, outside <translate>; translation pages show it in their language."
    assert outcome.status is Status.REFUSED and outcome.owner == "editor" and outcome.fix == fix
    errors = wiki.text("User:HubBot/Errors")
    assert "put the list on Hubs, outside &lt;translate&gt;; translation pages show it in their language." in errors
    assert "point the output at the source page" not in errors


def test_translations_of_a_listed_page_are_left_to_translate(tmp_path):
    wiki, config = make(tmp_path, Hubs="<translate>Hubs</translate>\n" + LIST, **{"Hubs/de": LIST})
    report, by = run(wiki, config, tmp_path)
    assert by[("Hubs", "hub list 1")].status is Status.EDITED and ("Hubs/de", "hub list 1") not in by


def test_a_subpage_of_a_page_that_is_not_translatable_is_an_ordinary_page_with_lists(tmp_path):
    wiki, config = make(tmp_path, **{"Group": "A user group.\n" + LIST, "Group/fr": "Un groupe.\n" + LIST})
    report, by = run(wiki, config, tmp_path)
    assert by[("Group/fr", "hub list 1")].status is Status.EDITED          # an editor's list: written
    assert wiki.text("Group/fr").startswith("Un groupe.\n{{Hub list|status=pilot}}\n<!-- hubbot:generated")


def test_a_conflicting_edit_is_planned_again_from_the_lists_the_human_left(tmp_path):
    wiki, config = make(tmp_path, Portal=LIST)
    human = "{{Hub list|status=research}}\n{{Hub list end}}\n" + LIST
    wiki.before_save["Portal"] = lambda: wiki.edit("Portal", human)
    report, by = run(wiki, config, tmp_path)
    text = wiki.text("Portal")
    assert text.count("hubbot:generated") == 2 and wiki.history("Portal")[-1].user == "HubBot"
    research, pilot = text.split("{{Hub list|status=pilot}}")
    assert "Hub 1" in research and "Hub 0" not in research and "Hub 0" in pilot and "Hub 1" not in pilot


def test_bad_parameters_keep_the_list_and_write_a_notice_for_its_readers(tmp_path):
    wiki, config = make(tmp_path, Portal=LIST)
    run(wiki, config, tmp_path)
    before = wiki.text("Portal")
    wiki.edit("Portal", before.replace("status=pilot", "status=pilot|sort=size|region="))
    wiki.edit("Hub 9", infobox("Hub 9", "pilot"))
    report, by = run(wiki, config, tmp_path)
    outcome = by[("Portal", "hub list 1")]
    assert outcome.status is Status.REFUSED and outcome.reason.startswith("Parameter sort: 'size' is not a column")
    assert "Hub 9" not in wiki.text("Portal")
    assert ('["Portal"] = {\n\t\t\t["sort=size|status=pilot"] = "Sort: \'size\' is not a column to sort by. '
            'It shows what it showed before. Fix: Write a column name, with \'-\' before it for descending order, '
            'e.g. -updated.",') in (
        wiki.text("Module:Hub list/data"))
    assert "|| hub list 1 || refused || an editor of the page || Parameter sort:" in wiki.text("User:HubBot/Errors")
