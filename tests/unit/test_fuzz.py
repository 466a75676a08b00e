"""Property test: random mutations of valid hub pages never make the parser raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from bot.parsing.infobox import parse_hub_page
from tests.unit.test_infobox import VALID

PIECES = ["{{", "}}", "[[", "]]", "|", "=", "<translate>", "</translate>", "<!--T:1-->", "<!--", "-->",
          "<ref>", "</ref>", "<nowiki>", "</nowiki>", "<tvar name=1>", "</tvar>", "{{#if:", "\n", "''", "&amp;",
          "[https://x.org ", "]", "{{{", "}}}", "<", ">", "Hub infobox", "status=", "plans=", ";"]


@st.composite
def mutated(draw):
    text = VALID
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
