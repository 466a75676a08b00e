"""Property tests: random mutations of valid hub pages and directory tables never make a parser fail.

The parsers turn their own crash into a "could not be read" problem (the promise to editors: a
problem, never an exception), so "did not raise" alone would pass even if they crashed on every
input: these tests also assert that no such problem appears.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from bot.parsing.infobox import parse_hub_page
from bot.parsing.directory_table import parse_directory
from tests.unit.test_infobox import VALID

TABLE = (Path(__file__).resolve().parents[1] / "data" / "hubs-ongoing-sample.wiki").read_text(encoding="utf-8")

PIECES = ["{{", "}}", "[[", "]]", "|", "=", "<translate>", "</translate>", "<!--T:1-->", "<!--", "-->",
          "<ref>", "</ref>", "<nowiki>", "</nowiki>", "<tvar name=1>", "</tvar>", "{{#if:", "\n", "''", "&amp;",
          "[https://x.org ", "]", "{{{", "}}}", "<", ">", "Hub infobox", "status=", "plans=", ";"]


@st.composite
def mutated(draw, start=VALID):
    text = start
    for _ in range(draw(st.integers(1, 12))):
        pos = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if action == "insert":
            piece = draw(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)))
            text = text[:pos] + piece + text[pos:]
        elif action == "delete":
            end = min(len(text), pos + draw(st.integers(1, 20)))
            text = text[:pos] + text[end:]
        else:
            end = min(len(text), pos + draw(st.integers(1, 40)))
            text = text[:pos] + text[pos:end] + text[pos:]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutations_never_raise(text):
    result = parse_hub_page("Fuzzed Hub", text)
    assert result.page == "Fuzzed Hub"
    assert result.hub is not None or result.problems   # a page without a hub always says why
    for problem in result.problems:
        assert problem.message and problem.fix
        assert "could not be read" not in problem.message, problem


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(TABLE[:3000]))
def test_directory_table_mutations_never_crash_the_parser(text):
    records, problems = parse_directory("Hubs/Ongoing", text)
    assert records or problems
    for problem in problems:
        assert problem.message and problem.fix
        assert "could not be read" not in problem.message, problem
