"""The infobox parser at its edges: each limit at, below and above it, and the exact problem an editor
reads (found by mutation testing, docs/mutation.md: these lines survived every other test)."""

from __future__ import annotations

import pytest

from bot.models import Plan
from bot.parsing.infobox import cut_details, parse_hub_page


def box(**fields: str) -> str:
    values = {"name": "Edge Hub", "type": "regional", "scope": "Somewhere", "status": "pilot", **fields}
    return "{{Hub infobox\n" + "".join(f"| {k} = {v}\n" for k, v in values.items()) + "}}\n"


def problems(**fields: str) -> list[tuple[str | None, str]]:
    return [(p.field, p.message) for p in parse_hub_page("Edge Hub", box(**fields)).problems]


# -- details: visible characters counted over text and links ----------------------------------------
def test_details_count_every_part_text_link_text():
    # 100 + 10 (the link's label) + 190 = 300: kept whole; one more character is cut.
    parts = ("a" * 100, Plan("Target", "label is10"), "c" * 190)
    assert cut_details(parts) == (parts, False)
    kept, cut = cut_details(parts[:2] + ("c" * 191,))
    assert cut and kept == parts[:2] + ("c" * 189 + "…",)
    assert sum(len(p) if isinstance(p, str) else len(p.label) for p in kept) == 300


def test_a_link_that_does_not_fit_is_left_out_whole_and_an_ellipsis_shown():
    kept, cut = cut_details(("a" * 295, Plan("Target", "ten chars!")))
    assert cut and kept == ("a" * 295, "…")
    kept, cut = cut_details(("a" * 295, Plan("Target")))            # no label: the target counts
    assert cut and kept == ("a" * 295, "…")


@pytest.mark.parametrize("room, kept_text", [
    (2, "a…"),      # two characters left: one of text and the ellipsis
    (1, "…"),       # one left: only the ellipsis
])
def test_the_last_text_is_cut_to_the_room_left(room, kept_text):
    first = "x" * (300 - room)
    kept, cut = cut_details((first, "a" * 50))
    assert cut and kept == (first, kept_text)


def test_details_with_a_template_say_what_is_left_out():
    assert problems(details="Short text {{Some template|x}}") == [
        ("details", "details contains what the directory cannot show ({{Some template|x}}); it is left out.")]


# -- quoting a bad value: at most 40 characters -----------------------------------------------------
def test_a_bad_value_is_quoted_whole_up_to_40_characters_and_cut_after():
    forty = "w" * 40
    assert problems(website=forty) == [("website", f"'{forty}' is not a URL.")]
    assert problems(website=forty + "w") == [("website", f"'{'w' * 39}…' is not a URL.")]


def test_a_bad_map_is_quoted():
    assert problems(map="not a file") == [("map", "map 'not a file' is not a file name.")]


# -- languages -----------------------------------------------------------------------------------------
def test_one_bad_language_code_is_named_and_the_good_ones_after_it_kept():
    result = parse_hub_page("Edge Hub", box(languages="en, Swahili, fr, en"))
    assert result.hub.languages == ("en", "fr")
    assert [(p.field, p.message) for p in result.problems] == [
        ("languages", "'Swahili': not a language code, left out.")]


def test_two_bad_language_codes_are_named_in_the_plural():
    assert problems(languages="English; pt-br / Deutsch") == [
        ("languages", "'English', 'Deutsch': not language codes, left out.")]


# -- founded: 1990 to 2100 ----------------------------------------------------------------------------
@pytest.mark.parametrize("year, ok", [("1989", False), ("1990", True), ("2100", True), ("2101", False)])
def test_founded_accepts_the_years_1990_to_2100(year, ok):
    result = parse_hub_page("Edge Hub", box(founded=year))
    assert (result.hub.founded == int(year)) is ok
    assert problems(founded=year) == ([] if ok else [("founded", f"founded '{year}' is not a year.")])


# -- a template inside the infobox is not a second infobox ------------------------------------------------
def test_an_infobox_nested_deep_in_a_value_is_not_a_second_infobox():
    nested = "{{Box|{{Note|{{Hub infobox|name=Inner}}}}}}"
    result = parse_hub_page("Edge Hub", box(details=nested))
    assert result.hub.name == "Edge Hub"
    assert not any("templates; only the first is used" in p.message for p in result.problems)
    two = box() + box(name="Second")
    assert [p.message for p in parse_hub_page("Edge Hub", two).problems] == [
        "the page has 2 {{Hub infobox}} templates; only the first is used."]
