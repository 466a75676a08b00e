"""The hub cache: generic (de)serialisation of parse results, when a cache is used, what is read again."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from bot import incremental
from bot.incremental import CachedHub, HubCache, cache_key, decode, encode, load_cache, merged, stale_titles
from bot.models import Hub, ParseResult, Plan, Problem
from bot.parsing.infobox import parse_hub_page

RESULT = ParseResult("Hub A", Hub(page="Hub A", name="Hub A", types=("regional",), status="pilot",
                                  languages=("en", "fr"), founded=2021,
                                  plans=(Plan("Hub A/Plan", "Plan"), Plan("https://x.org", None, True))),
                     (Problem("Hub A", "status", "unknown status", "use pilot"),))


def test_parse_results_round_trip_through_json():
    for result in (RESULT, ParseResult("Empty", None, (Problem("Empty", None, "no infobox"),))):
        assert decode(ParseResult, json.loads(json.dumps(encode(result)))) == result


def test_a_real_parse_round_trips():
    text = ("{{Hub infobox\n| name = CEE Hub\n| type = regional\n| status = implementation\n"
            "| languages = en, pl\n| plans = [[CEE/Year 2|Year 2]]\n[https://example.org Study]\n}}\n")
    result = parse_hub_page("CEE Hub", text, "Hub infobox")
    assert decode(ParseResult, json.loads(json.dumps(encode(result)))) == result


@dataclass(frozen=True)
class FutureHub:
    """Fields another branch may add to Hub: the cache must carry them without a hand-written list."""

    page: str
    types: tuple[str, ...] = ()
    map: dict[str, str] = field(default_factory=dict)
    details: tuple[tuple[str, str], ...] = ()
    founded: int | None = None


def test_new_model_fields_are_serialised_generically():
    hub = FutureHub("X", ("regional", "thematic"), {"lat": "1.5"}, (("Email", "a@b"),), None)
    assert decode(FutureHub, json.loads(json.dumps(encode(hub)))) == hub


def test_a_record_with_other_fields_is_refused():
    data = encode(RESULT)
    data["hub"]["colour"] = "red"
    with pytest.raises(ValueError):
        decode(ParseResult, data)


def key():
    return cache_key("localwiki:localwiki (http://127.0.0.1:1/api.php)", "Hub infobox")


def write(tmp_path, cache: HubCache):
    path = tmp_path / incremental.CACHE_FILE
    path.write_text(json.dumps(cache.as_json()))
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


@pytest.mark.parametrize("content", ["", "{not json", "[]", '{"format": 1, "hubs": {"A": {"revid": "x"}}}',
                                     '{"format": 99, "hubs": {}}',
                                     '{"format": 1, "hubs": {"A": {"revid": 3, "record": {"page": "A"}}}}'])
def test_a_corrupt_cache_means_a_full_read_not_an_error(tmp_path, content):
    path = tmp_path / incremental.CACHE_FILE
    path.write_text(content)
    cache, why = load_cache(path, key())
    assert cache is None and "unreadable" in why


def test_a_lost_cache_means_a_full_read(tmp_path):
    assert load_cache(tmp_path / incremental.CACHE_FILE, key()) == (None, "no hub cache yet")


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
