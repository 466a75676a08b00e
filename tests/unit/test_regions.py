"""The marker contract: only the region changes, broken markers refuse the page."""

from __future__ import annotations

import pytest

from bot.rendering.regions import RegionError, digest, normalize, splice, split_note, with_note

PAGE = """Intro by a human.\r
<translate>
<!--T:1-->
Translatable text.
</translate>
<!-- hubbot:begin list -->
old generated line
<!-- hubbot:end list -->
Closing words,   with trailing spaces   
"""


def test_only_the_region_changes_every_other_byte_kept():
    result = splice(PAGE, "list", "* new line\n", "hubbot")
    before, after = PAGE.split("<!-- hubbot:begin list -->\n")[0], PAGE.split("<!-- hubbot:end list -->")[1]
    assert result.text.startswith(before + "<!-- hubbot:begin list -->\n<!-- hubbot:generated sha1=")
    assert result.text.endswith("* new line\n<!-- hubbot:end list -->" + after)
    assert "\r\n" in result.text and "trailing spaces   \n" in result.text


def test_second_splice_is_byte_identical():
    once = splice(PAGE, "list", "* a\n* b\n", "hubbot").text
    twice = splice(once, "list", "* a\n* b\n", "hubbot")
    assert twice.text == once
    assert not twice.human_edited


def test_human_lines_inside_region_are_reported():
    once = splice(PAGE, "list", "* a\n", "hubbot").text
    edited = once.replace("* a\n", "* a\n* added by hand\n")
    result = splice(edited, "list", "* a\n* b\n", "hubbot")
    assert result.human_edited and result.dropped_lines == ("* added by hand",)


def test_first_adoption_reports_the_hand_kept_list():
    result = splice(PAGE, "list", "* new\n", "hubbot")
    assert result.human_edited and result.dropped_lines == ("old generated line",)


BROKEN = {
    "no markers": "Just text\n",
    "begin without end": "a\n<!-- hubbot:begin list -->\nb\n",
    "end without begin": "a\n<!-- hubbot:end list -->\nb\n",
    "out of order": "<!-- hubbot:end list -->\nx\n<!-- hubbot:begin list -->\n",
    "duplicated begin": "<!-- hubbot:begin list -->\n<!-- hubbot:begin list -->\nx\n<!-- hubbot:end list -->\n",
    "duplicated pair": "<!-- hubbot:begin list -->\n<!-- hubbot:end list -->\n"
                       "<!-- hubbot:begin list -->\n<!-- hubbot:end list -->\n",
    "inside translate": "<translate>\n<!-- hubbot:begin list -->\nx\n<!-- hubbot:end list -->\n</translate>\n",
    "not on own line": "text <!-- hubbot:begin list -->\nx\n<!-- hubbot:end list -->\n",
    "nested region": "<!-- hubbot:begin list -->\n<!-- hubbot:begin other -->\n<!-- hubbot:end other -->\n"
                     "<!-- hubbot:end list -->\n",
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_markers_refuse_with_a_fix(case):
    with pytest.raises(RegionError) as err:
        splice(BROKEN[case], "list", "* x\n", "hubbot")
    assert err.value.problem and err.value.fix


def test_marker_ids_must_match_exactly():
    text = "<!-- hubbot:begin list2 -->\n<!-- hubbot:end list2 -->\n"
    with pytest.raises(RegionError, match="no markers"):
        splice(text, "list", "x", "hubbot")


def test_whole_page_mode_replaces_everything():
    result = splice("anything", None, "* a\n", "hubbot")
    assert split_note(result.text)[1] == "* a\n"
    assert result.human_edited


def test_note_hash_matches_body():
    text = with_note("* a\n* b", "hubbot")
    found, body = split_note(text)
    assert found == digest(body) and normalize(body) == "* a\n* b"


def test_a_region_after_an_unclosed_translate_is_refused():
    page = ("<translate>\n== Intro ==\nText to translate.\n"
            "<!-- hubbot:begin plans -->\n<!-- hubbot:end plans -->\nMore text.\n")
    with pytest.raises(RegionError, match="comes after a <translate> that is never closed"):
        splice(page, "plans", "* a plan", "hubbot")
    closed = page.replace("Text to translate.\n", "Text to translate.\n</translate>\n")
    assert "* a plan" in splice(closed, "plans", "* a plan", "hubbot").text
