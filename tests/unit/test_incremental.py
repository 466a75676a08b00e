"""The hub cache: typed decoding of parse results (bot.store, msgspec), when a cache is used, what is read again."""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bot import hub_cache
from bot.hub_cache import CachedHub, HubCache, cache_key, load_cache, merged, stale_titles
from bot.models import Hub, ParseResult, Plan, Problem
from bot.parsing.infobox import FIELDS, STATUSES, TYPES, parse_hub_page
from bot.store import DecodedFiles

RESULT = ParseResult("Hub A", Hub(page="Hub A", name="Hub A", types=("regional",), status="pilot",
                                  languages=("en", "fr"), founded=2021,
                                  plans=(Plan("Hub A/Plan", "Plan"), Plan("https://x.org", None, True)),
                                  details=("See the ", Plan("Hub A/Plan", "plan"), ".")),
                     (Problem("Hub A", "status", "unknown status", "use pilot"),))


def reloaded(path) -> HubCache | None:
    """The cache at ``path`` as a new process reads it (nothing kept decoded in memory)."""
    saved, hub_cache._MEMORY = hub_cache._MEMORY, DecodedFiles()
    try:
        cache, why = load_cache(path, key())
    finally:
        hub_cache._MEMORY = saved
    assert why == "", why
    return cache


def round_trip(tmp_path, results: list[ParseResult]) -> list[ParseResult]:
    path = tmp_path / hub_cache.CACHE_FILE
    hub_cache.write_cache(path, HubCache(key(), {f"T{i}": CachedHub(i + 1, r) for i, r in enumerate(results)}))
    cache = reloaded(path)
    return [cache.hubs[f"T{i}"].result for i in range(len(results))]


def test_parse_results_round_trip_through_the_cache_file(tmp_path):
    results = [RESULT, ParseResult("Empty", None, (Problem("Empty", None, "no infobox"),))]
    assert round_trip(tmp_path, results) == results


def test_a_hub_whose_details_hold_a_link_is_read_back_from_the_cache(tmp_path):
    """The bug of issue 24: ``details: tuple[str | Plan, ...]`` with a link made the whole cache unreadable."""
    text = ("{{Hub infobox\n| name = EARTH\n| type = regional, thematic\n| scope = East Africa\n"
            "| status = planning\n| details = Brings together wiki communities; see the "
            "[[East Africa Regional and Thematic Hub/Plan|plan]].\n}}\n")
    result = parse_hub_page("East Africa Regional and Thematic Hub", text, "Hub infobox")
    assert any(isinstance(part, Plan) for part in result.hub.details)
    assert round_trip(tmp_path, [result]) == [result]


def test_a_real_parse_round_trips(tmp_path):
    text = ("{{Hub infobox\n| name = CEE Hub\n| type = regional\n| status = implementation\n"
            "| languages = en, pl\n| plans = [[CEE/Year 2|Year 2]]\n[https://example.org Study]\n}}\n")
    result = parse_hub_page("CEE Hub", text, "Hub infobox")
    assert round_trip(tmp_path, [result]) == [result]


# -- every record the models allow, and every record the parser makes, decodes to itself ------------
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
maybe_texts = st.none() | texts
plans = st.builds(Plan, target=texts, label=maybe_texts, external=st.booleans())
hubs = st.builds(
    Hub, page=texts, name=maybe_texts, types=st.lists(st.sampled_from(TYPES), max_size=3).map(tuple),
    scope=maybe_texts, status=st.none() | st.sampled_from(STATUSES), region=maybe_texts,
    languages=st.lists(texts, max_size=3).map(tuple), website=maybe_texts, contact=maybe_texts,
    founded=st.none() | st.integers(-2**63, 2**63 - 1), updated=maybe_texts,
    plans=st.lists(plans, max_size=3).map(tuple), map=maybe_texts,
    details=st.lists(texts | plans, max_size=5).map(tuple))
problems = st.builds(Problem, page=texts, field=maybe_texts, message=texts, fix=texts)
results = st.builds(ParseResult, page=texts, hub=st.none() | hubs, problems=st.lists(problems, max_size=3).map(tuple))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(results, min_size=1, max_size=4))
def test_every_record_the_models_allow_decodes_to_itself(tmp_path, records):
    assert round_trip(tmp_path, records) == records


VALUES = st.sampled_from(["Hub [[A/Plan|plan]] and [[B]]", "[https://example.org/x Study] text", "plain",
                          "[[A]]; [[B|b]]\n[https://x.org]", "a '''bold''' [[Link|label]] end", "", "x" * 320,
                          "regional, thematic", "pilot", "en, fr", "2021", "2026-01-02", "File:Map.png",
                          "<ref>r</ref> {{tpl}} [[A|b]]", "[[File:X.png|thumb]] [[:Category:C]]"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(FIELDS), VALUES | texts, max_size=len(FIELDS)))
def test_every_record_the_parser_makes_decodes_to_itself(tmp_path, params):
    text = "{{Hub infobox\n" + "".join(f"| {k} = {v}\n" for k, v in params.items()) + "}}\n"
    result = parse_hub_page("Some hub", text, "Hub infobox")
    assert round_trip(tmp_path, [result]) == [result]


def test_a_record_of_another_shape_is_one_warning_and_a_full_read(tmp_path, caplog):
    path = tmp_path / hub_cache.CACHE_FILE
    hub_cache.write_cache(path, HubCache(key(), {"A": CachedHub(3, RESULT)}))
    data = json.loads(path.read_text())
    data["hubs"]["A"]["record"]["hub"]["founded"] = "twenty"
    path.write_text(json.dumps(data))
    saved, hub_cache._MEMORY = hub_cache._MEMORY, DecodedFiles()
    try:
        with caplog.at_level(logging.INFO, logger="hubbot"):
            cache, why = load_cache(path, key())
    finally:
        hub_cache._MEMORY = saved
    said = "Expected `int | null`, got `str` - at `$.hubs[...].record.hub.founded`"
    assert cache is None and why == f"the hub cache is unreadable ({said})"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        f"{path} is unreadable ({said}); every hub page is read this run. It is written anew by this run."]


def key():
    return cache_key("localwiki:localwiki (http://127.0.0.1:1/api.php)", "Hub infobox")


def write(tmp_path, cache: HubCache):
    path = tmp_path / hub_cache.CACHE_FILE
    hub_cache.write_cache(path, cache)
    hub_cache._MEMORY = DecodedFiles()     # read as a new process does
    return path


def test_a_cache_is_used_only_for_its_wiki_template_and_hubbot_version(tmp_path):
    path = write(tmp_path, HubCache(key(), {"Hub A": CachedHub(7, RESULT)}))
    cache, why = load_cache(path, key())
    assert why == "" and cache.hubs["Hub A"] == CachedHub(7, RESULT)
    for name, value, said in (("wiki", "meta:meta (https://meta.wikimedia.org/w/api.php)", "another wiki"),
                              ("template", "Other box", "another template"),
                              ("code", "0.0.1+abc", "another hubbot version")):
        cache, why = load_cache(path, {**key(), name: value})
        assert cache is None and said in why


@pytest.mark.parametrize("content", ["", "{not json", "[]", '{"format": 2, "key": {}, "hubs": {"A": {"revid": "x"}}}',
                                     '{"format": 99, "key": {}, "hubs": {}}',
                                     '{"format": 2, "key": {}, "hubs": {"A": {"revid": 3, "record": {"page": "A"}}}}'])
def test_a_corrupt_cache_means_a_full_read_not_an_error(tmp_path, content):
    path = tmp_path / hub_cache.CACHE_FILE
    path.write_text(content)
    cache, why = load_cache(path, key())
    assert cache is None and "unreadable" in why


def test_a_lost_cache_means_a_full_read(tmp_path):
    assert load_cache(tmp_path / hub_cache.CACHE_FILE, key()) == (None, "no hub cache yet")


def test_only_new_and_changed_hubs_are_read():
    cache = HubCache(key(), {"A": CachedHub(5, RESULT), "B": CachedHub(9, RESULT), "Gone": CachedHub(1, RESULT)})
    listed = {"A": 5, "B": 10, "C": 3}
    assert stale_titles(listed, cache) == ["B", "C"]
    assert stale_titles(listed, None) == ["A", "B", "C"]


def test_a_revision_going_back_is_read_again():
    """Deleted and partly restored: the latest revision is an older one than cached."""
    cache = HubCache(key(), {"A": CachedHub(9, RESULT)})
    assert stale_titles({"A": 4}, cache) == ["A"]


def test_merged_records_follow_the_listing_and_drop_what_is_gone():
    old = ParseResult("A", None)
    cache = HubCache(key(), {"A": CachedHub(5, old), "B": CachedHub(6, old), "Gone": CachedHub(1, old)})
    fresh = {"B": CachedHub(7, RESULT)}
    out = merged(["A", "B", "D"], fresh, cache, read={"B", "D"})
    assert list(out) == ["A", "B"] and out["B"].result == RESULT and out["A"].result == old
    # read, but deleted between the listing and the read: gone, whatever the cache held
    assert list(merged(["A", "B"], {}, cache, read={"B"})) == ["A"]
