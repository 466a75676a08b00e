"""Reading the hand-kept directory table of Hubs/Ongoing (sample and variants)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.logic.outputs import disagreements
from bot.models import Hub, Plan
from bot.parsing.directory_table import parse_directory, proposed_infobox

SAMPLE = (Path(__file__).resolve().parents[1] / "data" / "hubs-ongoing-sample.wiki").read_text()


def test_sample_rows_become_records():
    records, problems = parse_directory("Hubs/Ongoing", SAMPLE)
    assert problems == []
    assert [(r.row, r.types, r.hub_page, r.status) for r in records] == [
        (1, ("regional",), "Wikimedia CEE Hub", "implementation"),
        (2, ("regional", "thematic"), "East Africa Regional and Thematic Hub", "planning"),
        (3, ("regional",), "ESEAP Hub", "pilot"),
        (4, ("regional",), "Iberocoop", "planning"),              # rowspan type; Planning/Discussion
        (5, ("thematic",), "Wikimedia Language Diversity Hub", "pilot"),   # {{Status|Pilot}}
    ]
    cee, earth, eseap, ibero, ldh = records
    assert cee.plans == (Plan("Wikimedia CEE Hub/Year 2 plan"),)           # from a ref
    assert eseap.plans == (Plan("ESEAP Hub/Strategy", "strategy"),)         # link with tvar inside
    assert ibero.plans == (Plan("https://example.org/iberocoop-hub", "Hub study", True),)
    assert cee.details.startswith("Run as a decentralised organisation") and "<!--" not in ldh.details
    assert ldh.details == "" and ibero.scope == "Iberocoop (Ibero-America)"


HEADER = '{| class="wikitable"\n! Type !! Scope !! Rough map !! Status !! Details\n'


@pytest.mark.parametrize("rows,expected", [
    # inline || cells
    ("|-\n| Regional || [[A Hub|A]] || — || Pilot || [[A/Plan]]\n", [("A Hub", "pilot", ("regional",))]),
    # rowspan over three rows, on two columns
    ('|-\n| rowspan="3" | Thematic\n| [[B]]\n| rowspan="3" | map\n| Research\n| x\n'
     "|-\n| [[C]]\n| Pilot\n| y\n|-\n| [[D]]\n| Implementation\n| z\n",
     [("B", "research", ("thematic",)), ("C", "pilot", ("thematic",)), ("D", "implementation", ("thematic",))]),
    # translate markup in every cell
    ("|-\n| <translate><!--T:1--> Regional</translate>\n| <translate>[[<tvar name=\"1\">E Hub</tvar>|E]]</translate>\n"
     "| <translate>—</translate>\n| <translate><!--T:2--> Planning / Discussion</translate>\n"
     "| <translate><!--T:3--> Some details</translate>\n", [("E Hub", "planning", ("regional",))]),
    # empty status and an image in the scope cell
    ("|-\n| Regional\n| [[File:X.png|20px]] [[F Hub]]\n| \n| —\n| \n", [("F Hub", None, ("regional",))]),
])
def test_variants(rows, expected):
    records, problems = parse_directory("D", HEADER + rows + "|}\n")
    assert [(r.hub_page, r.status, r.types) for r in records] == expected
    assert problems == []


@pytest.mark.parametrize("rows,message", [
    ("|-\n| Regional\n| [[G]]\n| Pilot\n", "row 1 has 3 cells, the table has 5 columns"),
    ("|-\n| Regional\n| [[H]]\n| —\n| Exploring\n| x\n", "status 'Exploring' is not a known status"),
    ("|-\n| Global\n| [[I]]\n| —\n| Pilot\n| x\n", "type 'Global' is not Regional, Thematic, Linguistic or a combination"),
    ("|-\n| Regional\n| \n| —\n| Pilot\n| x\n", "row 1 has no scope"),
])
def test_broken_rows_are_problems_naming_the_row(rows, message):
    records, problems = parse_directory("D", HEADER + rows + "|}\n")
    assert len(problems) == 1 and message in problems[0].message and problems[0].field == "row 1"
    assert problems[0].fix


@pytest.mark.parametrize("text", ["", "{|", "{| class=wikitable\n|-\n| a || b\n", "|}\n|-", "{|\n! x\n|}",
                                  "{| class=\"wikitable\"\n|-\n| rowspan=\"abc\" | x\n| y\n|}"])
def test_never_raises(text):
    records, problems = parse_directory("D", text)
    assert records or problems


def test_proposed_infobox_parses_back():
    from bot.parsing.infobox import parse_hub_page
    records, _ = parse_directory("Hubs/Ongoing", SAMPLE)
    result = parse_hub_page("Iberocoop", proposed_infobox(records[3]))
    assert result.problems == ()
    assert (result.hub.name, result.hub.type, result.hub.status) == ("Iberocoop", "regional", "planning")
    assert result.hub.plans == (Plan("https://example.org/iberocoop-hub", "Hub study", True),)


def test_disagreements_between_directory_and_infoboxes():
    records, _ = parse_directory("Hubs/Ongoing", SAMPLE)
    cee_details = ("Run as a decentralised organisation with a fiscal sponsor; two staff members; "
                   "year 2 plan running.",)
    hubs = [Hub("Wikimedia CEE Hub", "Wikimedia CEE Hub", "regional", "CEE", "implementation",
                map="CEE Hub map.svg", details=cee_details),
            Hub("ESEAP Hub", "ESEAP Hub", "thematic", "ESEAP", "implementation"),
            Hub("EduWiki Hub", "EduWiki Hub", "thematic", "Education", "discussion")]
    rows = [(d.label, d.issue) for d in disagreements(records, hubs)]
    assert ("ESEAP Hub", "status differs") in rows and ("ESEAP Hub", "type differs") in rows
    assert ("EduWiki Hub", "infobox, not in the directory") in rows
    assert ("Iberocoop", "in the directory, no infobox") in rows
    assert not any(label == "Wikimedia CEE Hub" for label, _ in rows)


def test_hostile_cells_give_an_infobox_that_reads_back_and_expands_nothing():
    from bot.parsing.directory_table import proposed_infobox
    from bot.parsing.infobox import parse_hub_page
    table = """{| class="wikitable"
! Type !! Scope !! Rough map !! Status !! Details
|-
| Regional || Pipe {{!}} and braces {{x}} and ~~~~ || || Pilot || A detail ~~~~ with [[Special:RecentChanges]]
|-
| Regional || [[Special:RecentChanges]] and [[:Category:Hubs]] || || Pilot || x
|}"""
    records, problems = parse_directory("Hubs/Ongoing", table)
    assert [r.hub_page for r in records] == [None, None]       # neither a special page nor a category is a hub
    box = proposed_infobox(records[0])
    assert "~~~~" not in box and "{{!}}" not in box and "{{x}}" not in box
    hub = parse_hub_page("New hub", box).hub
    assert hub.scope == records[0].scope and "~~~~" in hub.scope
