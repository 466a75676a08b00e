"""Hostile wiki text: nothing an editor types stops a run, signs a page, switches its behaviour or makes
it churn (issue 23). Each case was measured against the demo wiki; here on the wiki in memory, whose
saves expand signatures as MediaWiki's pre-save transform does. The same corpus runs against the real
local MediaWiki in tests/integration/test_hostile_text.py."""

from __future__ import annotations

import pytest

from bot.config import parse_config
from bot.logic.hub_list import parse_spec
from bot.logic.kinds import check_config
from bot.outcomes import Status
from bot.parsing.hub_list import find_lists
from bot.rendering.escape import cell, external_link, internal_link
from bot.runner import Run
from bot.state import State
from bot.values import live_markup, summary_text, url, whole_number
from bot.wiki.memory import MemoryWiki
from tests.unit.test_runner_memory import NOW, infobox

REGION = "Intro.\n<!-- hubbot:begin dir -->\n<!-- hubbot:end dir -->\nOutro.\n"
LIST = "{{Hub list}}\n{{Hub list end}}"


def hub(name: str = "Evil Hub", **values: str) -> str:
    fields = {"name": name, "type": "regional", "scope": "Somewhere", "status": "pilot", **values}
    return "{{Hub infobox\n" + "".join(f"| {k} = {v}\n" for k, v in fields.items()) + "}}\nHuman text."


def make(tmp_path, hubs: dict[str, str] | None = None, pages: dict[str, str] | None = None):
    wiki = MemoryWiki()
    for i in range(2):
        wiki.edit(f"Hub {i}", infobox(f"Hub {i}"))
    for title, text in {**(hubs or {}), **(pages or {})}.items():
        wiki.edit(title, text)
    wiki.edit("Hubs/Ongoing", REGION)
    config = check_config(parse_config({"hubs": {}, "outputs": [
        {"name": "directory", "kind": "directory", "page": "Hubs/Ongoing", "region": "dir",
         "columns": ["name", "website", "plans", "details", "scope"]},
        {"name": "plans", "kind": "plans", "page": "Hubs/Plans"},
        {"name": "status", "kind": "status", "page": "Hubs/Status"},
        {"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"}]}, str(tmp_path / "c.yaml")))
    return wiki, config


def run(wiki, config, tmp_path):
    report = Run(config, wiki, now=NOW, state=State.load(tmp_path / "state"), sleep=lambda s: None).run()
    return report, {(o.page, o.output): o for o in report.outputs}


# -- numbers ------------------------------------------------------------------------------------
@pytest.mark.parametrize("written, number", [
    ("7", 7), (" 12 ", 12), ("500", 500), ("１０", 10), ("١٠", 10),          # full-width, Arabic-Indic digits
    ("²", None), ("①", None), ("0", None), ("501", None), ("-3", None), ("1e3", None), ("", None),
    ("9" * 5000, None),                                                    # int() would refuse 4,301 digits
])
def test_a_number_is_decimal_digits_in_range_never_an_exception(written, number):
    assert whole_number(written, 1, 500) == number


@pytest.mark.parametrize("limit, quoted", [("²", "'²'"), ("③", "'③'"), ("٣٣٣٣", "'٣٣٣٣'"),
                                           ("9" * 5000, "'" + "9" * 39 + "…'")])    # quoted at 40 characters
def test_a_limit_no_int_can_read_is_a_refused_list_naming_the_parameter(tmp_path, limit, quoted):
    wiki, config = make(tmp_path, pages={"Portal": f"Before.\n{{{{Hub list|limit={limit}}}}}\n{{{{Hub list end}}}}"})
    report, by = run(wiki, config, tmp_path)
    assert report.exit_code == 0 and not report.failed
    assert by[("Portal", "hub list 1")].status is Status.REFUSED
    assert by[("Portal", "hub list 1")].owner == "editor"
    assert by[("Portal", "hub list 1")].reason == (f"Parameter limit: {quoted} is not a number of hubs from 1 to 500. "
                                                   "The list keeps its previous content.")
    assert by[("Portal", "hub list 1")].fix == "Write a whole number from 1 to 500."
    assert by[("Hubs/Ongoing", "directory")].status is Status.EDITED          # every other output still runs
    assert wiki.text("Portal") == f"Before.\n{{{{Hub list|limit={limit}}}}}\n{{{{Hub list end}}}}"
    assert "is not a number of hubs from 1 to 500." in wiki.text("User:HubBot/Errors")


def test_thousands_of_unknown_parameters_are_told_in_six_problems_not_thousands(tmp_path):
    from bot.parsing.infobox import parse_hub_page
    many = "".join(f"| q{i} = v\n" for i in range(3000))
    (spec, problems) = parse_spec(tuple((f"q{i}", "v") for i in range(3000)))
    assert [p.message for p in problems] == [f"unknown parameter 'q{i}'." for i in range(5)] + [
        "2,995 more unknown parameters or unnamed values."]
    result = parse_hub_page("Flood", "{{Hub infobox\n| name = F\n| type = regional\n| scope = S\n| status = pilot\n"
                            + many + "}}")
    assert len(result.problems) == 11 and result.hub is not None
    assert result.problems[-1].message == "2,990 more unknown or unnamed parameters are ignored."
    page = "".join("{{Hub list" + "".join(f"|q{j}=v" for j in range(3000)) + "}}\n{{Hub list end}}\n" for _ in range(3))
    wiki, config = make(tmp_path, pages={"Amplify": page})
    run(wiki, config, tmp_path)
    assert len(wiki.text("User:HubBot/Errors")) < 12_000 and len(wiki.text("Module:Hub list/data")) < 3_000


def test_the_limit_counts_hubs_in_any_script_of_decimal_digits():
    assert parse_spec((("limit", "٣"),))[0].limit == 3


# -- URLs and text: entity-encoded signatures and behaviour switches ---------------------------------
@pytest.mark.parametrize("written, address", [
    ("https://example.org/~~~~", "https://example.org/%7E%7E%7E%7E"),
    ("https://example.org/__NOINDEX__", "https://example.org/_%5FNOINDEX_%5F"),
    ("https://example.org/a_b?x=1&y=2", "https://example.org/a_b?x=1&amp;y=2"),
    ("https://example.org/''x''", "https://example.org/%27%27x%27%27"),
    ("https://example.org/a\u200fb", "https://example.org/a%E2%80%8Fb"),     # a bidi mark, percent-encoded
    ("//example.org/x", "//example.org/x"),
    ("javascript:alert(1)", None), ("https://", None), ("https://a b", None),
])
def test_a_url_is_percent_encoded_so_the_address_stays_and_the_markup_dies(written, address):
    assert url(written) == address


def test_external_and_internal_links_from_decoded_values_are_inert():
    assert external_link("https://example.org/~~~~", "p") == "[https://example.org/%7E%7E%7E%7E p]"
    assert external_link("https://example.org/__NOTOC__") == "[https://example.org/_%5FNOTOC_%5F example.org]"
    assert internal_link("Foo__NOINDEX__", "x") == "[[Special:MyLanguage/Foo  NOINDEX  |x]]"
    assert internal_link("Foo~~~~", "x") == "x"                               # no title has ~~~: text
    assert cell("\x7f'\"`UNIQ--nowiki-00000001-QINU`\"'\x7f") == "&#39;\"`UNIQ--nowiki-00000001-QINU`\"&#39;"
    assert cell("__NOTOC__ &#126;") == "&#95;&#95;NOTOC&#95;&#95; &amp;#126;"


WEBSITE = "https://example.org/&#126;&#126;&#126;&#126;"
PLANS = "[https://example.org/&#95;&#95;NOINDEX&#95;&#95; Plan] [https://example.org/__NEWSECTIONLINK__ Other]"
DETAILS = "See [https://example.org/&#x5F;&#x5F;NOTOC&#x5F;&#x5F; here] and &#95;&#95;NOGALLERY&#95;&#95; ~~~"


def test_entity_encoded_signatures_and_switches_in_values_never_reach_a_saved_page(tmp_path):
    wiki, config = make(tmp_path, hubs={"Evil Hub": hub(website=WEBSITE, plans=PLANS, details=DETAILS)})
    report, by = run(wiki, config, tmp_path)
    assert report.exit_code == 0 and {o.status for o in report.outputs} == {Status.EDITED}
    directory = wiki.text("Hubs/Ongoing")
    assert "[https://example.org/%7E%7E%7E%7E example.org]" in directory
    assert "[https://example.org/_%5FNOINDEX_%5F Plan]<br />[https://example.org/_%5FNEWSECTIONLINK_%5F Other]" \
        in directory
    assert "See [https://example.org/_%5FNOTOC_%5F here] and &#95;&#95;NOGALLERY&#95;&#95; &#126;&#126;&#126;" \
        in directory
    for title in ("Hubs/Ongoing", "Hubs/Plans", "Hubs/Status", "User:HubBot/Errors"):
        assert live_markup(wiki.text(title)) == [], title
        assert "[[User:HubBot" not in wiki.text(title), title           # no signature was expanded
    edits = wiki.counters.edits
    report, _ = run(wiki, config, tmp_path)                            # no churn: nothing changed, no edit
    assert wiki.counters.edits == edits and {o.status for o in report.outputs} == {Status.UNCHANGED}
    assert "Human edits inside generated text" not in wiki.text("User:HubBot/Errors")


def test_generated_text_that_would_sign_the_page_is_never_saved(tmp_path, monkeypatch):
    """The planner's last check, for a value an escape missed (a bug): failed, owner hubbot, not saved."""
    wiki, config = make(tmp_path, pages={"Hubs/Plans": ""})
    monkeypatch.setattr("bot.rendering.escape._inline", lambda raw: raw)
    monkeypatch.setattr("bot.rendering.escape._cell", lambda raw: raw)
    wiki.edit("Hub 0", infobox("Hub 0 ~~~~"))
    report, by = run(wiki, config, tmp_path)
    assert by[("Hubs/Plans", "plans")].status is Status.FAILED and by[("Hubs/Plans", "plans")].owner == "bot"
    assert by[("Hubs/Plans", "plans")].reason == ("the generated text holds ~~~~, which a value must never bring "
                                                 "into a page; not saved.")
    assert wiki.text("Hubs/Plans") == "" and report.failed


# -- where a list sits ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, inside", [
    ("{{Box|content=\n{{Hub list}}\n{{Hub list end}}\n}}", "a template's parameter"),
    ("{|\n| {{Hub list}}\n{{Hub list end}}\n|}", "a table"),
    ("<div>\n{{Hub list}}\n{{Hub list end}}\n</div>", "a <div>"),
    ("Text.<ref>\n{{Hub list}}\n{{Hub list end}}\n</ref>", "a <ref>"),
])
def test_a_list_inside_a_template_table_or_tag_is_refused_and_the_page_left_alone(tmp_path, text, inside):
    wiki, config = make(tmp_path, pages={"Portal": text})
    report, by = run(wiki, config, tmp_path)
    result = by[("Portal", "hub list 1")]
    assert result.status is Status.REFUSED and result.owner == "editor"
    assert result.reason == (f"this list is inside {inside}; the generated table there could break what contains "
                             "it (a template's parameters, a table's cells, the block's layout).")
    assert result.fix == ("put {{Hub list}} and {{Hub list end}} each on a line of its own on the page itself, "
                          "not inside a template, table, <div>, <ref> or heading.")
    assert wiki.text("Portal") == text and report.exit_code == 0


def test_a_list_mentioned_in_a_discussion_never_replaces_the_comments_around_it(tmp_path):
    talk = ("== Using the list ==\nI tried {{Hub list | type = regional}} on my page. [[User:Alice|Alice]] 10:00\n"
            ":You need to add {{Hub list end}} after it. [[User:Bob|Bob]] 13:00")
    sentence = "See the list: {{Hub list}} and then\n{{Hub list end}}\nthe end."
    wiki, config = make(tmp_path, pages={"Talk:Hubs": talk, "Portal": sentence})
    report, by = run(wiki, config, tmp_path)
    assert wiki.text("Talk:Hubs") == talk and wiki.text("Portal") == sentence
    assert ("Talk:Hubs", "hub list 1") not in by          # talk pages are discussions: never planned
    assert by[("Portal", "hub list 1")].status is Status.REFUSED
    assert by[("Portal", "hub list 1")].reason.startswith("this {{Hub list}} shares its line with other text")


def test_readers_of_a_list_refused_for_where_it_sits_see_why(tmp_path):
    wiki, config = make(tmp_path, pages={"Portal": "<div>\n{{Hub list|type=thematic}}\n{{Hub list end}}\n</div>"})
    run(wiki, config, tmp_path)
    assert ('["type=thematic"] = "This list is inside a <div>; the generated table there could break what contains '
            'it (a template\'s parameters, a table\'s cells, the block\'s layout). Fix: put \\123\\123Hub list}} and '
            '\\123\\123Hub list end}} each on a line of its own on the page itself, not inside a template, table, '
            '<div>, <ref> or heading.",') in wiki.text("Module:Hub list/data")    # the fix too: short enough


def test_an_end_inside_a_block_refuses_the_list_and_names_the_block():
    (call,) = find_lists("{{Hub list}}\n{{Box|1={{Hub list end}}}}\n")
    assert call.problem == "this list's {{Hub list end}} is inside a template's parameter, not on the page itself " \
                           "like the list."


@pytest.mark.parametrize("noise", ["\ue0000\ue001", "\ue000", "\ue001\ue0000", "\u202e\u0301\x7f"])
def test_private_use_and_control_characters_in_a_page_never_move_the_list(tmp_path, noise):
    before = f"x {noise} human sentence\n{{{{Hub list}}}}\n"
    wiki, config = make(tmp_path, pages={"Portal": before + "{{Hub list end}}\nafter"})
    run(wiki, config, tmp_path)
    text = wiki.text("Portal")
    assert text.startswith(before + "<!-- hubbot:generated sha1=")
    assert text.endswith("|}\n{{Hub list end}}\nafter")


def test_offsets_come_from_the_parse_tree():
    text = "\ue0000\ue001\n{{Hub list}}\nold\n{{Hub list end}}"
    (call,) = find_lists(text)
    assert (call.start, call.end) == (17, 21) and text[call.start:call.end] == "old\n"


# -- where markers sit --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, inside", [
    ("{{Box|content=\n<!-- hubbot:begin dir -->\n<!-- hubbot:end dir -->\n}}", "a template's parameter"),
    ("{|\n|\n<!-- hubbot:begin dir -->\n<!-- hubbot:end dir -->\n|}", "a table"),
    ("<div>\n<!-- hubbot:begin dir -->\n<!-- hubbot:end dir -->\n</div>", "a <div>"),
])
def test_markers_inside_a_template_table_or_tag_refuse_the_region(tmp_path, text, inside):
    wiki, config = make(tmp_path)
    wiki.edit("Hubs/Ongoing", text)
    report, by = run(wiki, config, tmp_path)
    result = by[("Hubs/Ongoing", "directory")]
    assert result.status is Status.REFUSED and result.owner == "editor"
    assert result.reason == (f"a marker of region 'dir' is inside {inside}; the generated text there would change "
                             "what contains it (a template's parameters, a table's cells).")
    assert wiki.text("Hubs/Ongoing") == text


@pytest.mark.parametrize("text, opened", [
    ("{{Box|\n<!-- hubbot:begin dir -->\n}}\nold\n<!-- hubbot:end dir -->\n", "{{"),
    ("<div class=\"x\">\n<!-- hubbot:begin dir -->\n</div>\n<!-- hubbot:end dir -->\n", "<div"),
    ("{|\n|\n<!-- hubbot:begin dir -->\n|}\n<!-- hubbot:end dir -->\n", "{|"),
])
def test_a_region_after_markup_that_closes_inside_it_is_refused(tmp_path, text, opened):
    """Found by mutation testing's reviewer: the old region is left out of the parse (it may be megabytes),
    so a template or tag opened before the begin marker and closed inside looked closed nowhere."""
    wiki, config = make(tmp_path)
    wiki.edit("Hubs/Ongoing", text)
    report, by = run(wiki, config, tmp_path)
    result = by[("Hubs/Ongoing", "directory")]
    assert result.status is Status.REFUSED and result.owner == "editor"
    assert result.reason == (f"region 'dir' comes after {opened!r} that is not closed before the begin marker: the "
                             "generated text would end up inside it, and a close inside the region would be replaced.")
    assert wiki.text("Hubs/Ongoing") == text.rstrip()


@pytest.mark.parametrize("before", [
    "<nowiki><!-- hubbot:begin dir --></nowiki> is how the markers look.\n",
    "<!-- an old note: <translate> was here -->\n",             # not an unclosed <translate>
    "<nowiki><translate></nowiki> is Translate's tag.\n",
    "'''Bold start\n\ue0000\ue001 private use\n",                # quotes close at the line's end
])
def test_markers_found_in_the_parse_tree_ignore_quoted_copies_and_marks(tmp_path, before):
    wiki, config = make(tmp_path)
    wiki.edit("Hubs/Ongoing", before + REGION)
    report, by = run(wiki, config, tmp_path)
    assert by[("Hubs/Ongoing", "directory")].status is Status.EDITED
    text = wiki.text("Hubs/Ongoing")
    assert text.startswith(before + "Intro.\n<!-- hubbot:begin dir -->\n<!-- hubbot:generated sha1=")
    assert text.endswith("|}\n<!-- hubbot:end dir -->\nOutro.")


def test_a_list_after_quotes_that_mwparserfromhell_would_pair_across_lines_is_written():
    text = "'''bold\n{{Hub list}}\n{{Hub list end}}\n''x''\n"
    (call,) = find_lists(text)
    assert not call.problem and (call.start, call.end) == (21, 21)


def test_bidi_overrides_never_reach_a_cell_or_a_summary():
    assert cell("Spoof \u202eretsinimda") == "Spoof retsinimda"
    assert summary_text("Spoof \u2067\u202enimda\u2069 x") == "Spoof nimda x"
    assert cell("\u05e9\u05dc\u05d5\u05dd\u200f!") == "\u05e9\u05dc\u05d5\u05dd\u200f!"        # a mark (RLM) stays


# -- edit summaries --------------------------------------------------------------------------------
def test_a_hub_name_is_plain_text_in_edit_summaries(tmp_path):
    wiki, config = make(tmp_path)
    run(wiki, config, tmp_path)
    wiki.edit("Evil Hub", hub("&#91;&#91;Category:Spam&#93;&#93; &#123;&#123;x&#125;&#125; /* s */"))
    run(wiki, config, tmp_path)
    assert wiki.history("Hubs/Ongoing")[-1].summary == "hubbot: directory: +1 hub (Category:Spam x s)"


def test_a_summary_keeps_its_counts_within_500_characters():
    assert summary_text("x" * 200) == "x" * 59 + "…"
    assert summary_text("[[a]] {{b}} ~~~~ /* c */") == "a b ~ c"


def test_a_page_with_50_lists_says_so_once_and_keeps_the_replaced_line_count(tmp_path):
    page = "".join(f"{{{{Hub list|caption=List {i}}}}}\nhand-written {i}\n{{{{Hub list end}}}}\n" for i in range(50))
    wiki, config = make(tmp_path, pages={"Portal": page})
    run(wiki, config, tmp_path)
    summary = wiki.history("Portal")[-1].summary
    assert summary == ("hubbot: hub list 1, hub list 2, hub list 3, and 47 more: 2 hubs; "
                       "replaced 50 hand-written lines (quoted on the errors page)")


def test_a_long_summary_is_cut_before_the_replaced_line_count(tmp_path):
    from bot.planner import _summary
    from bot.logic.report import ReplacedText
    parts = [(f"output {i}", "x" * 100 + str(i)) for i in range(10)]
    summary = _summary(parts, [ReplacedText("P", 1, "2026-11-25", ("a", "b"))])
    assert len(summary) == 500
    assert summary.endswith("…; replaced 2 hand-written lines (quoted on the errors page)")


# -- null edits ------------------------------------------------------------------------------------
def test_a_save_the_wiki_stores_as_no_change_is_reported_unchanged():
    """MediaWiki answers "nochange" when the saved text is what it has (after its own transforms)."""
    from bot.executor import Executor
    from bot.planner import PagePlan
    wiki = MemoryWiki()
    wiki.edit("P", "Text.")
    base = wiki.read_pages(["P"])["P"]
    result = Executor(wiki).execute(PagePlan("P", base, "Text.\n\n", "hubbot: x"), replan=None)
    assert result.status is Status.UNCHANGED and result.revid == base.revid
    assert wiki.counters.edits == 0 and len(wiki.history("P")) == 1


# -- import-directory proposes infoboxes from a hand-kept table (values from the wiki, written to hub pages) --
def test_a_proposed_infobox_from_a_hostile_row_signs_and_switches_nothing_and_reads_back_the_same():
    from bot.parsing.directory_table import parse_directory, proposed_infobox
    from bot.parsing.infobox import parse_hub_page
    row = ('{| class="wikitable"\n! Type !! Scope !! Status !! Details\n|-\n'
           '| Regional || [[Evil Hub|Evil &#95;&#95;NOINDEX&#95;&#95; Hub]] || Pilot || '
           'Plan: [https://example.org/&#126;&#126;&#126;&#126; the &#126;&#126;&#126;&#126; plan] and '
           '[[Evil Hub/Plan|&#95;&#95;NOTOC&#95;&#95;]] &#126;&#126;&#126;\n|}\n')
    (record,), problems = parse_directory("Hubs/Ongoing", row)
    box = proposed_infobox(record)
    assert live_markup(box) == [], box
    assert "[https://example.org/%7E%7E%7E%7E the &#126;&#126;&#126;&#126; plan]" in box
    assert "[[Evil Hub/Plan|_&#95;NOTOC_&#95;]]" in box
    hub = parse_hub_page("Evil Hub", box).hub
    assert hub.details_text == record.details and hub.scope == record.scope == "Evil __NOINDEX__ Hub"


def test_the_report_says_a_save_of_50_lists_once(tmp_path, capsys):
    from bot.app import print_report
    page = "".join("{{Hub list}}\n{{Hub list end}}\n" for _ in range(50))
    wiki, config = make(tmp_path, pages={"Portal": page})
    report, _ = run(wiki, config, tmp_path)
    printed = []
    print_report(report, wiki, printed.append)
    portal = [line for line in printed if line.startswith("Portal:")]
    assert portal == [f"Portal: edited (rev {wiki.history('Portal')[-1].revid}): hubbot: hub list 1, hub list 2, "
                      "hub list 3, and 47 more: 2 hubs (50 outputs)"]

