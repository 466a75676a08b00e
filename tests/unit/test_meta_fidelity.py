"""Types, maps and details as Meta's Hubs/Ongoing shows them: parsed, compared, rendered."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.logic.columns import COLUMNS, columns_for, header_row, row
from bot.logic.maps import map_titles, missing_maps
from bot.logic.outputs import disagreements
from bot.models import Hub, Plan
from bot.parsing.directory_table import details_wikitext, parse_directory, proposed_infobox
from bot.parsing.infobox import DETAILS_MAX, parse_hub_page, parse_types
from bot.rendering.render import type_label

SAMPLE = (Path(__file__).resolve().parents[1] / "data" / "hubs-ongoing-sample.wiki").read_text()


def infobox(*lines: str) -> str:
    base = {"name": "X Hub", "type": "regional", "scope": "Somewhere", "status": "pilot"}
    keys = {line.split("=", 1)[0].strip() for line in lines}
    return "{{Hub infobox\n" + "".join(f"| {k} = {v}\n" for k, v in base.items() if k not in keys) + \
        "".join(f"| {line}\n" for line in lines) + "}}"


TYPE_SPELLINGS = [
    ("regional", ("regional",)),
    ("Thematic", ("thematic",)),
    ("LINGUISTIC", ("linguistic",)),
    ("regional, thematic", ("regional", "thematic")),
    ("Regional & Thematic", ("regional", "thematic")),
    ("Regional &amp; Thematic", ("regional", "thematic")),
    ("regional and thematic", ("regional", "thematic")),
    ("Regional And  Thematic", ("regional", "thematic")),
    ("regional/thematic", ("regional", "thematic")),
    ("Regional / Thematic / Linguistic", ("regional", "thematic", "linguistic")),
    ("linguistic; regional", ("linguistic", "regional")),
    ("thematic, regional", ("thematic", "regional")),                  # the order given is kept
    ("regional & regional", ("regional",)),                            # each type once
    ("<translate><!--T:12--> Regional & Thematic</translate>", ("regional", "thematic")),
    ("<translate><!--T:3--> Linguistic</translate>", ("linguistic",)),
    ("regional,thematic,linguistic", ("regional", "thematic", "linguistic")),
]


@pytest.mark.parametrize("value,types", TYPE_SPELLINGS, ids=[v for v, _ in TYPE_SPELLINGS])
def test_every_type_spelling(value, types):
    result = parse_hub_page("X Hub", infobox(f"type = {value}"))
    assert result.problems == ()
    assert result.hub.types == types and result.hub.type == types[0]


@pytest.mark.parametrize("value,types", TYPE_SPELLINGS, ids=[v for v, _ in TYPE_SPELLINGS])
def test_every_type_spelling_in_the_hand_kept_table(value, types):
    table = ('{| class="wikitable"\n! Type !! Scope !! Rough map !! Status !! Details\n'
             f"|-\n| {value}\n| [[J Hub]]\n| —\n| Pilot\n| x\n|}}\n")
    records, problems = parse_directory("D", table)
    assert problems == [] and records[0].types == types


@pytest.mark.parametrize("value,kept,word", [
    ("global", (), "'global'"),
    ("regional & global", ("regional",), "'global'"),
    ("regional thematic", (), "'regional thematic'"),
])
def test_unknown_types_are_problems_and_known_ones_stay(value, kept, word):
    result = parse_hub_page("X Hub", infobox(f"type = {value}"))
    assert result.hub.types == kept
    assert [p.field for p in result.problems] == ["type"]
    assert word in result.problems[0].message and "regional, thematic, linguistic" in result.problems[0].fix


def test_parse_types_alone():
    assert parse_types("Regional & Thematic") == (("regional", "thematic"), [])
    assert parse_types("") == ((), [])
    assert parse_types("Global and Linguistic") == (("linguistic",), ["Global"])


@pytest.mark.parametrize("value,name", [
    ("CEE Hub map.svg", "CEE Hub map.svg"),
    ("File:CEE Hub map.svg", "CEE Hub map.svg"),
    ("file: cee_Hub_map.svg", "Cee Hub map.svg"),
    ("Image:EARTH.png", "EARTH.png"),
    ("[[File:ESEAP map.svg|120px]]", "ESEAP map.svg"),
    ("<translate>[[File:ESEAP map.svg|thumb|A map]]</translate>", "ESEAP map.svg"),
])
def test_map_takes_a_file_name_with_or_without_file_prefix(value, name):
    result = parse_hub_page("X Hub", infobox(f"map = {value}"))
    assert result.problems == () and result.hub.map == name


@pytest.mark.parametrize("value", ["a map of Europe", "File:", "Map.png]] [[x", "https://x.org/map.png"])
def test_a_map_that_is_not_a_file_name_is_a_problem(value):
    result = parse_hub_page("X Hub", infobox(f"map = {value}"))
    assert result.hub.map is None
    assert [p.field for p in result.problems] == ["map"] and "File:" in result.problems[0].fix


def test_details_keep_links_and_drop_refs_with_a_problem():
    result = parse_hub_page("X Hub", infobox(
        "details = <translate><!--T:4--> See the [[<tvar name=\"1\">ESEAP Hub/Strategy</tvar>|strategy]] and "
        "[https://x.org/s a '''study''']</translate>.<ref>[[Source]]</ref>"))
    assert result.hub.details == ("See the ", Plan("ESEAP Hub/Strategy", "strategy"), " and ",
                                  Plan("https://x.org/s", "a study", True), ".")
    assert result.hub.details_text == "See the strategy and a study."
    assert [p.field for p in result.problems] == ["details"] and "plans" in result.problems[0].fix


def test_details_without_problems_for_plain_text_and_entities():
    result = parse_hub_page("X Hub", infobox("details = Two&nbsp;staff;  <!-- c --> year 2 {{Status|running}}"))
    assert result.problems == () and result.hub.details == ("Two staff; year 2 running",)


def test_details_longer_than_the_limit_are_cut_with_a_problem():
    long = "word " * 100
    result = parse_hub_page("X Hub", infobox(f"details = [[Plan|Plan]] {long}"))
    assert len(result.hub.details_text) == DETAILS_MAX and result.hub.details_text.endswith("…")
    assert result.hub.details[0] == Plan("Plan", "Plan")
    [problem] = result.problems
    assert problem.field == "details" and f"only the first {DETAILS_MAX}" in problem.message
    exact = parse_hub_page("X Hub", infobox("details = " + "x" * DETAILS_MAX))
    assert exact.problems == () and exact.hub.details_text == "x" * DETAILS_MAX


def test_sample_directory_keeps_types_maps_and_details():
    records, problems = parse_directory("Hubs/Ongoing", SAMPLE)
    assert problems == []
    assert [(r.types, r.map) for r in records] == [
        (("regional",), "CEE Hub map.svg"), (("regional", "thematic"), "EARTH hub map.png"),
        (("regional",), "ESEAP map.svg"), (("regional",), None), (("thematic",), None)]
    assert records[2].details_parts == ("See the ", Plan("ESEAP Hub/Strategy", "strategy"), ".")


def test_proposed_infoboxes_lose_nothing_the_row_shows():
    records, _ = parse_directory("Hubs/Ongoing", SAMPLE)
    for record in records:
        result = parse_hub_page(record.hub_page, proposed_infobox(record))
        hub = result.hub
        assert result.problems == ()
        assert (hub.types, hub.map, hub.status, hub.details_text, hub.plans) == (
            record.types, record.map, record.status, record.details, record.plans)
    earth = proposed_infobox(records[1])
    assert "| type = regional, thematic\n" in earth and "| map = EARTH hub map.png\n" in earth
    assert "keep one" not in earth


def test_details_wikitext_escapes_markup_in_text():
    parts = ("a | b {{x}} [y] <z>", Plan("P", "p"))
    text = details_wikitext(parts)
    assert text == "a &#124; b &#123;&#123;x&#125;&#125; &#91;y&#93; &lt;z&gt;[[P|p]]"
    assert parse_hub_page("X", infobox(f"details = {text}")).hub.details == parts


def test_directory_check_compares_types_maps_and_details():
    records, _ = parse_directory("Hubs/Ongoing", SAMPLE)
    hubs = [parse_hub_page(r.hub_page, proposed_infobox(r)).hub for r in records]
    assert [d for d in disagreements(records, hubs)] == []
    earth, eseap = hubs[1], hubs[2]
    hubs[1] = Hub(earth.page, earth.name, ("thematic", "regional"), earth.scope, earth.status,
                  map="EARTH.png", details=earth.details)              # the same types in another order
    hubs[2] = Hub(eseap.page, eseap.name, ("regional", "linguistic"), eseap.scope, eseap.status,
                  map=eseap.map, details=("See the strategy page.",))
    rows = [(d.label, d.issue, d.directory, d.infobox) for d in disagreements(records, hubs)]
    assert rows == [
        ("East Africa Regional and Thematic Hub", "map differs", "EARTH hub map.png", "EARTH.png"),
        ("ESEAP Hub", "details differ", "See the strategy.", "See the strategy page."),
        ("ESEAP Hub", "type differs", "Regional", "Regional & Linguistic"),
    ]


def test_columns_escape_every_cell():
    hub = Hub("P|x", "A [[b]] ~~~~", ("regional", "thematic", "linguistic"), "{{s}}", "pilot",
              map="Evil]] [[x.png", details=("''", Plan("https://x.org", "x]y", True), "__NOTOC__"))
    chosen = columns_for("directory", tuple(COLUMNS))
    assert header_row(chosen) == ('! Hub !! Type !! Scope !! Region !! Status !! Languages !! Website !! Contact !! '
                                  'Founded !! Last updated !! Plans !! class="unsortable" | Map !! Details')
    cells = row(hub, chosen, 90)
    assert "{{" not in cells and "~~~" not in cells and "[[x" not in cells and "__NOTOC__" not in cells
    assert type_label(hub.types) == "Regional, Thematic & Linguistic"
    assert cells.count(" || ") == len(chosen) - 1


def test_missing_maps_become_problems_for_the_errors_page():
    hubs = [Hub("A", map="A.png"), Hub("B", map="B.png"), Hub("C", map="A.png"), Hub("D")]
    assert map_titles(hubs) == ["File:A.png", "File:B.png"]
    problems = missing_maps(hubs, {"File:A.png": False, "File:B.png": True})
    assert [(p.page, p.field) for p in problems] == [("A", "map"), ("C", "map")]
    assert "'A.png' does not exist" in problems[0].message and problems[0].fix
    assert missing_maps(hubs, {}) == []                    # not checked (offline): nothing reported
