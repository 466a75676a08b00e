"""Editor values can never break a table or inject markup."""

from __future__ import annotations

import pytest

from bot.rendering.escape import cell, external_link, internal_link

HOSTILE = ["a | b", "x || y", "!! header", "{{Template}}", "}}", "[[Link]]", "]]", "<script>x</script>",
           "'''bold'''", "line\nbreak", "* list", "# num", ": indent", "; term", "-- dash", "~~~~",
           "__NOTOC__", "|-", "{|", "&amp;", "[https://evil.example x]"]


@pytest.mark.parametrize("value", HOSTILE)
def test_cell_has_no_markup_left(value):
    out = cell(value)
    for bad in ("|", "{{", "}}", "[[", "]]", "<", ">", "'''", "''", "\n", "~~~", "__", "!!"):
        assert bad not in out
    assert out[:1] not in "*#:;-"


def test_plain_text_is_left_readable():
    assert cell("Central and Eastern Europe (CEE), 2021!") == "Central and Eastern Europe (CEE), 2021!"


def test_internal_link_uses_mylanguage_and_escapes_label():
    assert internal_link("Wikimedia CEE Hub", "CEE | Hub") == "[[Special:MyLanguage/Wikimedia CEE Hub|CEE &#124; Hub]]"


def test_bad_targets_become_text():
    assert internal_link("a]]b{{c", None) == "a&#93;&#93;b&#123;&#123;c"
    assert external_link("javascript:alert(1)", "x") == "x"
    assert external_link("https://example.org/path?a=b", None) == "[https://example.org/path?a=b example.org]"
