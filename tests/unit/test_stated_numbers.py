"""Numbers and reasons the bot promises, stated literally (issue 23, part 4).

Each test here was written against a mutant that survived every other unit test
(docs/mutation.md): the values are spelled out (300, 500, 30 days, 1 s and 2 s...)
instead of compared with the constant the code imports, so changing the code's
number or wording makes a test fail.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import parse_config
from bot.logic.hub_list import parse_spec
from bot.logic.kinds import check_config
from bot.outcomes import Status
from bot.parsing.infobox import parse_hub_page
from bot.rendering.escape import lua_string
from bot.rendering.regions import RegionError, splice
from bot.runner import Run
from bot.state import State
from bot.wiki.memory import MemoryWiki
from tests.unit.test_runner_memory import NOW, infobox

BEGIN, END = "<!-- hubbot:begin dir -->", "<!-- hubbot:end dir -->"


def make(tmp_path, hubs: int = 3, region_page: str | None = None, **extra):
    wiki = MemoryWiki()
    for i in range(hubs):
        wiki.edit(f"Hub {i}", infobox(f"Hub {i}"))
    wiki.edit("Hubs/Ongoing", region_page or f"Intro by a human.\n{BEGIN}\n{END}\nOutro by a human.\n")
    wiki.edit("User:HubBot/Shutoff", "run")
    raw = {
        "hubs": {"template": "Hub infobox"},
        "outputs": [
            {"name": "directory", "kind": "directory", "page": "Hubs/Ongoing", "region": "dir"},
            {"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"},
        ],
        "safety": {"shutoff_page": "User:HubBot/Shutoff", "max_consecutive_failures": 3},
        **extra,
    }
    return wiki, check_config(parse_config(raw, str(tmp_path / "config.yaml")))


def run(wiki, config, tmp_path, now=NOW, **kw):
    report = Run(config, wiki, now=now, state=State.load(tmp_path / "state"), sleep=kw.pop("sleep", lambda s: None),
                 **kw).run()
    return report, {(o.page, o.output): o for o in report.outputs}


# -- the bytes around a region ----------------------------------------------------------------------
ODD_TEXT = ("Outro:\tone tab,\t\ttwo tabs, trailing spaces   \n"
            "\u00a0non-breaking space, zero\u200dwidth joiner, private use \ue000\n"
            "  two leading spaces\n"
            "\tleading tab\r\n"
            "last line \t\n")


def test_every_byte_after_the_end_marker_is_kept_tabs_and_all():
    page = f"Intro\twith a tab  \n{BEGIN}\nold\n{END}\n{ODD_TEXT}"
    text = splice(page, "dir", "* new\n", "hubbot").text
    assert text.split(END, 1)[1] == "\n" + ODD_TEXT
    assert text.split(BEGIN, 1)[0] == "Intro\twith a tab  \n"
    assert "\t" in text and "    " not in text.split(END, 1)[1]     # a tab never becomes spaces


def test_a_run_keeps_the_tabs_and_spaces_outside_its_region(tmp_path):
    wiki, config = make(tmp_path, region_page=f"Intro\twith a tab  \n{BEGIN}\n{END}\n{ODD_TEXT}")
    before = wiki.text("Hubs/Ongoing")
    run(wiki, config, tmp_path)
    after = wiki.text("Hubs/Ongoing")
    assert wiki.history("Hubs/Ongoing")[-1].user == "HubBot"
    assert after.split(END, 1)[1] == before.split(END, 1)[1]
    assert after.split(END, 1)[1].startswith("\nOutro:\tone tab,\t\ttwo tabs, trailing spaces   \n\u00a0")
    assert after.split(BEGIN, 1)[0] == "Intro\twith a tab  \n"


# -- Lua string literals --------------------------------------------------------------------------
@pytest.mark.parametrize("value, literal", [
    ("C:\\Hubs", '"C:\\\\Hubs"'),               # one backslash is written as two
    ("\\", '"\\\\"'),
    ("\\n", '"\\\\n"'),                         # a backslash and an n, not a newline
    ('end\\"', '"end\\\\\\""'),                 # backslash then quote: both escaped, the string goes on
    ('say "hi"', '"say \\"hi\\""'),
    ("two\nlines", '"two\\nlines"'),
    ("bell\x07", '"bell\\007"'),
    ("del\x7f", '"del\\127"'),
    (None, '""'),
])
def test_lua_string_escapes_backslashes_quotes_and_controls(value, literal):
    assert lua_string(value) == literal


def _lua_unquote(literal: str) -> str:
    """What Lua reads from a double-quoted literal made of \\\\, \\", \\n and \\ddd escapes."""
    assert literal[0] == literal[-1] == '"'
    out, i, body = [], 0, literal[1:-1]
    while i < len(body):
        ch = body[i]
        assert ch != '"', f"an unescaped quote ends the Lua string early: {literal}"
        if ch != "\\":
            out.append(ch)
            i += 1
        elif body[i + 1].isdigit():
            out.append(chr(int(body[i + 1:i + 4])))
            i += 4
        else:
            out.append({"n": "\n", "\\": "\\", '"': '"'}[body[i + 1]])
            i += 2
    return "".join(out)


@pytest.mark.parametrize("value", ["a\\b", "\\\\", 'x\\"y', "\\\n\\", "tail\\"])
def test_lua_reads_back_exactly_the_value(value):
    assert _lua_unquote(lua_string(value)) == value


def test_a_hub_name_with_a_backslash_makes_a_valid_badge_module(tmp_path):
    wiki, config = make(tmp_path, hubs=0)
    wiki.edit("Hub A", infobox("Back\\slash Hub"))
    config = check_config(parse_config({
        "hubs": {"template": "Hub infobox"},
        "outputs": [{"name": "badges", "kind": "badge-data", "page": "Module:Hub status/data"}],
    }, str(tmp_path / "config.yaml")))
    run(wiki, config, tmp_path)
    module = wiki.text("Module:Hub status/data")
    assert '[\"Back\\\\slash Hub\"] = {page = "Hub A"' in module
    assert '["Hub A"] = "Back\\\\slash Hub",' in module


# -- {{Hub list|limit=}} ---------------------------------------------------------------------------
def test_a_list_limit_of_500_is_accepted_and_501_refused_naming_the_parameter():
    spec, problems = parse_spec((("limit", "500"),), "Portal")
    assert problems == () and spec.limit == 500
    spec, problems = parse_spec((("limit", "1"),), "Portal")
    assert problems == () and spec.limit == 1
    spec, problems = parse_spec((("limit", "501"),), "Portal")
    assert spec is None and [p.field for p in problems] == ["limit"]
    assert "'501'" in problems[0].message and "1 to 500" in problems[0].fix


def test_a_list_with_limit_501_is_refused_on_the_errors_page(tmp_path):
    wiki, config = make(tmp_path)
    wiki.edit("Portal", "{{Hub list|limit=500}}\n{{Hub list end}}\n{{Hub list|limit=501}}\n{{Hub list end}}\n")
    report, by = run(wiki, config, tmp_path)
    assert by[("Portal", "hub list 1")].status is Status.EDITED
    refused = by[("Portal", "hub list 2")]
    assert refused.status is Status.REFUSED and refused.owner == "editor"
    assert refused.reason.startswith("Parameter limit: '501'") and "1 to 500" in refused.fix
    assert "|| hub list 2 || refused || an editor of the page || Parameter limit: '501'" in (
        wiki.text("User:HubBot/Errors"))


# -- 30 days of replaced lines on the errors page ------------------------------------------------------
def test_replaced_human_lines_are_quoted_for_30_days_and_gone_on_day_31(tmp_path):
    wiki, config = make(tmp_path, region_page=f"Intro\n{BEGIN}\n* Hand-kept note about ESEAP\n{END}\nOutro\n")
    run(wiki, config, tmp_path)
    quote = "Hand-kept note about ESEAP</code>"
    assert quote in wiki.text("User:HubBot/Errors")
    wiki.edit("Hub 7", infobox("Hub 7"))                     # something new each time: a normal run
    run(wiki, config, tmp_path, now=NOW + timedelta(days=30))
    assert quote in wiki.text("User:HubBot/Errors")          # 30 days later: still quoted
    wiki.edit("Hub 8", infobox("Hub 8"))
    run(wiki, config, tmp_path, now=NOW + timedelta(days=31))
    errors = wiki.text("User:HubBot/Errors")
    assert quote not in errors and "Human edits inside generated text" not in errors


# -- the 300-character details -------------------------------------------------------------------------
def _details_box(details: str) -> str:
    return ("{{Hub infobox\n| name = Long Hub\n| type = regional\n| scope = Somewhere\n| status = pilot\n"
            f"| details = {details}\n}}}}\n")


def test_details_of_300_characters_are_kept_whole():
    text = "a" * 300
    result = parse_hub_page("Long Hub", _details_box(text))
    assert result.problems == () and result.hub.details == (text,)


def test_details_of_301_characters_are_cut_to_300_with_the_reason():
    result = parse_hub_page("Long Hub", _details_box("a" * 301))
    assert [(p.field, p.message) for p in result.problems] == [
        ("details", "details is 301 characters long; only the first 300 are shown.")]
    assert "300 characters" in result.problems[0].fix
    shown = "".join(result.hub.details)
    assert shown == "a" * 299 + "…" and len(shown) == 300


def test_a_link_counts_its_label_toward_the_300_characters():
    details = "a" * 290 + " [[Target page|label of 9]]"     # 291 + 10 = 301 visible characters
    result = parse_hub_page("Long Hub", _details_box(details))
    assert [p.message for p in result.problems] == ["details is 301 characters long; only the first 300 are shown."]
    kept = "a" * 290 + " [[Target|label 8c]]"                # 291 + 8 = 299: whole, link kept
    result = parse_hub_page("Long Hub", _details_box(kept))
    assert result.problems == () and result.hub.details[-1].label == "label 8c"


# -- retries: the seconds slept ---------------------------------------------------------------------------
@pytest.mark.parametrize("failures, retries, slept, status", [
    (1, 3, [1], Status.EDITED),
    (2, 3, [1, 2], Status.EDITED),
    (3, 3, [1, 2], Status.FAILED),              # the third failure is the last try
    (8, 9, [1, 2, 4, 8, 16, 30, 30, 30], Status.EDITED),   # doubling, never more than 30 s
])
def test_a_failing_save_is_retried_after_1_2_4_seconds_up_to_30(tmp_path, failures, retries, slept, status):
    wiki, config = make(tmp_path)
    wiki.transient_failures["Hubs/Ongoing"] = failures
    sleeps: list[float] = []
    report, by = run(wiki, config, tmp_path, sleep=sleeps.append, retries=retries)
    assert sleeps == slept
    assert by[("Hubs/Ongoing", "directory")].status is status
    if status is Status.FAILED:
        assert by[("Hubs/Ongoing", "directory")].reason == "the wiki failed 3 times: Hubs/Ongoing: HTTP 503"


# -- the shrinking-source guard, for on-wiki lists too -----------------------------------------------------
def test_lists_are_not_shrunk_when_the_hub_listing_shrank_suspiciously(tmp_path):
    wiki, config = make(tmp_path, hubs=6)
    wiki.edit("Portal", "{{Hub list}}\n{{Hub list end}}\n")
    run(wiki, config, tmp_path)
    written = wiki.text("Portal")
    assert all(f"Hub {i}" in written for i in range(6))
    for i in range(4):
        wiki.edit(f"Hub {i}", "Infobox removed by mistake.")
    report, by = run(wiki, config, tmp_path)
    refused = by[("Portal", "hub list 1")]
    assert refused.status is Status.REFUSED and refused.owner == "operator"
    assert refused.reason == "only 2 hub pages were found, against 6 last run; the lists were not shrunk."
    assert "--allow-large-removal" in refused.fix
    assert wiki.text("Portal") == written
    report, by = run(wiki, config, tmp_path, allow_large_removal=True)
    assert by[("Portal", "hub list 1")].status is Status.EDITED
    assert "Hub 0" not in wiki.text("Portal") and "Hub 5" in wiki.text("Portal")


def test_lists_are_not_emptied_when_no_hub_page_was_found(tmp_path):
    wiki, config = make(tmp_path, hubs=3)
    wiki.edit("Portal", "{{Hub list}}\n{{Hub list end}}\n")
    run(wiki, config, tmp_path)
    written = wiki.text("Portal")
    for i in range(3):
        wiki.edit(f"Hub {i}", "Infobox removed by mistake.")
    report, by = run(wiki, config, tmp_path)
    refused = by[("Portal", "hub list 1")]
    assert refused.status is Status.REFUSED and refused.owner == "operator"
    assert refused.reason == "no hub pages were found (last run: 3); nothing was replaced."
    assert wiki.text("Portal") == written


# -- duplicated markers: the reason ---------------------------------------------------------------------
FIX = ("keep one <!-- hubbot:begin dir --> and one <!-- hubbot:end dir -->, each on its own line around the "
       "generated text, and delete the other copies.")


@pytest.mark.parametrize("text, reason", [
    (f"{BEGIN}\n{BEGIN}\nx\n{END}\n", "the begin marker of region 'dir' appears more than once (2 begin, 1 end)."),
    (f"{BEGIN}\nx\n{END}\n{END}\n", "the end marker of region 'dir' appears more than once (1 begin, 2 end)."),
    (f"{BEGIN}\n{END}\ntext\n{BEGIN}\n{END}\n",
     "the begin marker and the end marker of region 'dir' appear more than once (2 begin, 2 end)."),
    (f"{BEGIN}\n<!--hubbot:begin dir-->\nx\n{END}\n",          # spelled differently, still the same marker
     "the begin marker of region 'dir' appears more than once (2 begin, 1 end)."),
    (f"{BEGIN}\nx\n{BEGIN}\n",                                  # duplicated, and no end: duplicated first
     "the begin marker of region 'dir' appears more than once (2 begin, 0 end)."),
])
def test_duplicated_markers_are_refused_as_duplicated(text, reason):
    with pytest.raises(RegionError) as err:
        splice(text, "dir", "* x\n", "hubbot")
    assert (err.value.problem, err.value.fix) == (reason, FIX)


def test_a_run_names_duplicated_markers_on_the_errors_page(tmp_path):
    wiki, config = make(tmp_path, region_page=f"Intro\n{BEGIN}\n{BEGIN}\nhand text\n{END}\nOutro\n")
    before = wiki.text("Hubs/Ongoing")
    report, by = run(wiki, config, tmp_path)
    refused = by[("Hubs/Ongoing", "directory")]
    assert (refused.status, refused.owner) == (Status.REFUSED, "editor")
    assert refused.reason == "the begin marker of region 'dir' appears more than once (2 begin, 1 end)."
    assert wiki.text("Hubs/Ongoing") == before
    assert "appears more than once (2 begin, 1 end)" in wiki.text("User:HubBot/Errors")


# -- a read-only wiki: one refused save, then nothing else is tried --------------------------------------
def test_a_read_only_wiki_gets_one_save_a_run_and_the_other_pages_are_not_tried(tmp_path):
    wiki, config = make(tmp_path)
    wiki.edit("Portal", "{{Hub list}}\n{{Hub list end}}\n")
    wiki.read_only = "switchover"
    saves: list[str] = []
    save = wiki.save
    wiki.save = lambda base, text, summary, **kw: (saves.append(base.title), save(base, text, summary, **kw))[1]
    for n in (1, 2):
        report, by = run(wiki, config, tmp_path)
        assert len(saves) == n and wiki.counters.edits == 0      # one refused save a run, no retry
        assert {key[0] for key in by} == {"Hubs/Ongoing", "Portal", "User:HubBot/Errors"}
        for outcome in report.outputs:
            assert outcome.owner == "wiki" and outcome.status is not Status.EDITED
            assert outcome.reason.startswith("the wiki is read-only (") and "switchover" in outcome.reason
    wiki.read_only = None
    report, by = run(wiki, config, tmp_path)
    assert len(saves) == 2 + 3 and {o.status for o in report.outputs} == {Status.EDITED}


# -- where markers may stand (regions.py survivors) ------------------------------------------------------
@pytest.mark.parametrize("page", [
    f"<translate>\n{BEGIN}\nx\n{END}\n</translate>\n",
    f"<TRANSLATE>\n{BEGIN}\nx\n{END}\n</TRANSLATE>\n",                     # tag names ignore case
    f"<translate>\n<div>\n{BEGIN}\nx\n{END}\n</div>\n</translate>\n",      # in a tag inside <translate>
])
def test_markers_anywhere_inside_translate_are_refused_as_inside_translate(page):
    with pytest.raises(RegionError) as err:
        splice(page, "dir", "* x\n", "hubbot")
    assert err.value.problem == "region 'dir' is inside <translate>; writing there would change translation units."
    assert err.value.fix == "move the markers outside <translate>...</translate>."


def test_markers_on_the_first_and_the_last_line_of_the_page():
    text = splice(f"{BEGIN}\nold\n{END}", "dir", "* new\n", "the owner").text
    assert text.startswith(f"{BEGIN}\n<!-- hubbot:generated sha1=")
    assert " · the owner: edits here are replaced on the next run" in text
    assert text.endswith(f"* new\n{END}")


def test_a_translate_closed_before_or_opened_after_the_region_is_fine():
    before = f"<translate>\nA unit.\n</translate>\nText.\n{BEGIN}\nx\n{END}\n"
    assert splice(before, "dir", "* new\n", "o").text.startswith("<translate>\nA unit.\n</translate>\nText.\n" + BEGIN)
    after = f"Text.\n{BEGIN}\nx\n{END}\n<translate>\nA unit.\n"
    assert splice(after, "dir", "* new\n", "o").text.endswith(f"{END}\n<translate>\nA unit.\n")
    with pytest.raises(RegionError, match="comes after a <translate> that is never closed"):
        splice(f"<translate>\nA unit.\n</translate>\n<translate>\nOpen.\n{BEGIN}\nx\n{END}\n", "dir", "* n\n", "o")


# -- small numbers in messages and summaries -------------------------------------------------------------
def test_a_repeated_column_names_the_item_it_repeats_counting_from_1():
    from bot.errors import UserError
    from bot.logic.kinds import check_columns
    with pytest.raises(UserError) as err:
        check_columns(("status", "name", "Hub"), "outputs[0].columns", "directory")
    assert str(err.value) == ("outputs[0].columns[2]: 'Hub' is the same column as 'name' (item 2 of the list). "
                              "Fix: list each column once.")


def test_plan_summaries_count_plans_that_came_and_went():
    from bot.logic.summary import describe_plans
    before = {"A": ["Hub A", "pilot", ["x", "y", "z"]], "B": ["Hub B", "pilot", ["p"]]}
    assert describe_plans(before, {"A": ["Hub A", "pilot", ["x"]], "B": ["Hub B", "pilot", ["p"]]}) == "−2 plans"
    assert describe_plans(before, {"A": ["Hub A", "pilot", ["x", "y", "z", "w"]],
                                   "B": ["Hub B", "pilot", []]}) == "+1 plan, −1 plan"
    assert describe_plans(None, before) == "4 plans of 2 hubs"
