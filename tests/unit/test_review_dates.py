"""What editors see of a hub's review date and status, and of a {{Hub list}} that could not be written:
the problems (with their fixes) on the errors page, the status page's arguments to Module:Hub status, the
notices {{Hub list}} shows. The Lua side of each runs on the real wiki: tests/integration/test_status.py,
test_infobox_checks.py and test_hub_lists.py."""

from __future__ import annotations

from datetime import date

import pytest

from bot.app import publish_templates
from bot.config import ListsConfig, parse_config
from bot.lists import notices
from bot.logic.infobox_checks import vocabulary_module
from bot.logic.kinds import check_config
from bot.models import Hub, PageText, Problem
from bot.parsing.infobox import future_review, parse_hub_page
from bot.runner import Run
from bot.state import State
from bot.wiki.memory import MemoryWiki
from tests.unit.test_runner_memory import NOW

STATUSES = "research, discussion, planning, pilot, implementation, established, inactive"


def box(**values: str) -> str:
    fields = {"name": "Wikimedia Europe", "type": "regional", "scope": "Europe", "status": "pilot", **values}
    return "{{Hub infobox\n" + "".join(f"| {k} = {v}\n" for k, v in fields.items()) + "}}\nText."


@pytest.mark.parametrize("written, meant", [
    ("31 May 2026", "2026-05-31"), ("May 31, 2026", "2026-05-31"), ("31 may, 2026", "2026-05-31"),
    ("Sept. 3 2026", "2026-09-03"), ("2026/05/31", "2026-05-31"), ("2026.5.31", "2026-05-31"),
    ("2026-5-31", "2026-05-31"),
    ("31.05.2026", "2026-01-31"), ("05/06/2026", "2026-01-31"),      # day or month first? no guess: the example
    ("31 Foo 2026", "2026-01-31"), ("30 February 2026", "2026-01-31"), ("last spring", "2026-01-31"),
    ("２０２６-01-01", "2026-01-31"),          # digits are ASCII ones, as Module:Hub infobox reads them (Lua's %d)
])
def test_a_date_not_written_as_yyyy_mm_dd_is_a_problem_whose_fix_shows_it_so(written, meant):
    result = parse_hub_page("Wikimedia Europe", box(updated=written))
    assert result.hub.updated is None
    assert result.problems == (Problem(
        "Wikimedia Europe", "updated", f"updated {written!r} is not written as YYYY-MM-DD, the only form the bot reads.",
        f"write the date as YYYY-MM-DD, e.g. {meant}."),)


def test_an_impossible_date_is_a_problem_and_yyyy_mm_dd_is_read():
    assert parse_hub_page("H", box(updated="2026-13-01")).problems == (Problem(
        "H", "updated", "updated '2026-13-01' is not a real date.", "write the date as YYYY-MM-DD, e.g. 2026-01-31."),)
    good = parse_hub_page("H", box(updated="2026-05-31"))
    assert good.problems == () and good.hub.updated == "2026-05-31"


def test_a_status_the_bot_does_not_know_is_a_problem_listing_the_statuses():
    result = parse_hub_page("H", box(status="piloting"))
    assert result.hub.status is None                       # the status page counts it as "Not given"
    assert result.problems == (Problem("H", "status", "status 'piloting' is not one of the allowed values.",
                                       f"use one of: {STATUSES}."),)


def test_a_review_date_after_today_is_a_problem_until_that_day():
    hub = Hub("Wikimedia Europe", "Wikimedia Europe", updated="2027-01-15")
    assert future_review(hub, date(2026, 12, 3)) == Problem(
        "Wikimedia Europe", "updated", "updated '2027-01-15' is in the future (today is 2026-12-03).",
        "write the date of the last review, not a planned one, e.g. 2026-12-03.")
    assert future_review(hub, date(2027, 1, 15)) is None and future_review(Hub("X"), date(2026, 12, 3)) is None


def status_run(tmp_path, pages: dict[str, str]) -> MemoryWiki:
    wiki = MemoryWiki()
    for title, text in pages.items():
        wiki.edit(title, text)
    wiki.edit("User:HubBot/Shutoff", "run")
    config = check_config(parse_config({
        "outputs": [{"name": "status", "kind": "status", "page": "Hubs/Status", "stale_days": 180},
                    {"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"}],
        "safety": {"shutoff_page": "User:HubBot/Shutoff"}}, str(tmp_path / "config.yaml")))
    Run(config, wiki, now=NOW, state=State.load(tmp_path / "state"), sleep=lambda s: None).run()
    return wiki


def test_the_status_page_tells_the_module_which_dates_are_unreadable_and_the_errors_page_says_why(tmp_path):
    """The run's day is 2026-11-25: a hub reviewed 2027-01-15 gets a problem, and the module is given the date
    (it shows 'date in the future', not a negative number); one whose date cannot be read is 'unreadable'
    (the module shows 'date not readable', not 'never')."""
    wiki = status_run(tmp_path, {"Europe": box(updated="31 May 2026"), "Future": box(name="Future Hub",
                                                                                      updated="2027-01-15"),
                                 "Never": box(name="Never Hub"), "Fine": box(name="Fine Hub", updated="2026-10-01")})
    status = wiki.text("Hubs/Status")
    hubs = status.split("{{#invoke:Hub status|hubs|stale_days=180\n", 1)[1].split("\n}}", 1)[0]
    assert hubs.splitlines() == [
        "|2026-10-01|Regional|Pilot|0|0|[[Special:MyLanguage/Fine|Fine Hub]]",
        "|2027-01-15|Regional|Pilot|0|1|[[Special:MyLanguage/Future|Future Hub]]",
        "||Regional|Pilot|0|0|[[Special:MyLanguage/Never|Never Hub]]",
        "|unreadable|Regional|Pilot|0|1|[[Special:MyLanguage/Europe|Wikimedia Europe]]"]
    errors = wiki.text("User:HubBot/Errors")
    assert ("| [[Special:MyLanguage/Future|Future]] || updated || updated '2027-01-15' is in the future (today is "
            "2026-11-25). || write the date of the last review, not a planned one, e.g. 2026-11-25.\n") in errors
    assert ("| [[Special:MyLanguage/Europe|Europe]] || updated || updated '31 May 2026' is not written as YYYY-MM-DD, "
            "the only form the bot reads. || write the date as YYYY-MM-DD, e.g. 2026-05-31.\n") in errors


LISTS = ListsConfig()


def list_notices(text: str) -> list[str]:
    return [n.message for n in notices({"Portal": PageText("Portal", text)}, ["Portal"], LISTS)]


def test_a_new_list_with_a_bad_parameter_says_it_shows_nothing_yet_and_gives_a_short_fix():
    assert list_notices("{{Hub list|limit=0}}\n{{Hub list end}}\n") == [
        "Limit: '0' is not a number of hubs from 1 to 500. It shows no list until this is fixed. "
        "Fix: Write a whole number from 1 to 500."]
    assert list_notices("{{Hub list|limit=0}}\n* [[Hub A]]\n{{Hub list end}}\n") == [
        "Limit: '0' is not a number of hubs from 1 to 500. It shows what it showed before. "
        "Fix: Write a whole number from 1 to 500."]


def test_a_fix_longer_than_160_characters_is_left_to_the_errors_page():
    [notice] = list_notices("{{Hub list|columns=colour}}\n{{Hub list end}}\n")      # a fix of 128 characters
    assert notice == ("Columns: 'colour' is not a known column. It shows no list until this is fixed. Fix: Use some "
                      "of: hub (= name), name, type, scope, region, status, languages, website, contact, founded, "
                      "updated, plans, map, details.")
    [notice] = list_notices("{{Hub list|columns=colour|sort=size}}\n{{Hub list end}}\n")    # two fixes: 208
    assert notice == ("Columns: 'colour' is not a known column. sort: 'size' is not a column to sort by. It shows no "
                      "list until this is fixed.")
    [notice] = list_notices("{{Hub list|type=thematic}}\nno end\n")
    assert notice == ("This list has no {{Hub list end}} after it. Fix: add {{Hub list end}} on its own line where "
                      "the generated list should end.")


def test_a_page_refused_whole_gives_its_notices_the_list_editors_fix():
    found = notices({"Portal": PageText("Portal", "{{nobots}}\n{{Hub list}}\n{{Hub list end}}\n")}, ["Portal"], LISTS,
                    lambda title, page: ("the page has {{nobots}}.", "remove the template."))
    assert [n.message for n in found] == ["The page has {{nobots}}. Fix: remove the template."]


def test_published_pages_link_the_configured_errors_page_and_account_through_the_vocabulary(tmp_path):
    text = vocabulary_module(errors_page="User:MetaHubBot/Errors", account="MetaHubBot")
    assert 'errors_page = "User:MetaHubBot/Errors",' in text and 'account = "MetaHubBot",' in text
    assert "errors_page = \"\",\n\taccount = \"\"," in vocabulary_module()       # not known: the pages say so in words
    config = check_config(parse_config({"outputs": [{"name": "errors", "kind": "errors"}]},
                                       str(tmp_path / "config.yaml")))     # page: User:{account}/Errors by default
    wiki = MemoryWiki(user="MetaHubBot")
    publish_templates(wiki, config, state_dir=tmp_path / "state", emit=lambda line: None)
    assert 'errors_page = "User:MetaHubBot/Errors",' in wiki.text("Module:Hub infobox/vocabulary")
    for page in ("Template:Hub infobox", "Template:Hub list", "Category:Hub pages with infobox problems"):
        assert "HubBot" not in wiki.text(page) and "{{#invoke:Hub infobox|errors_page" in wiki.text(page)
    assert "{{#invoke:Hub infobox|bot|hubbot}} reads it" in wiki.text("Template:Hub infobox")


def test_a_notice_telling_an_editor_about_translate_keeps_its_module_writable(tmp_path):
    """The fix 'outside <translate>' in Module:Hub list/data's text made its next save a refusal ('this
    translatable page would be replaced whole'): the module's strings escape the tag's '<' (\\060 in Lua)."""
    from bot.rendering.escape import lua_string
    from tests.unit.test_hub_lists import make, run
    assert lua_string("outside <translate>...</Translate> <b>") == '"outside \\060translate>...\\060/Translate> <b>"'
    wiki, config = make(tmp_path, Portal="<translate>\n{{Hub list|status=pilot}}\n{{Hub list end}}\n</translate>\n"
                                         "{{Hub list|status=research}}\nno end\n")
    run(wiki, config, tmp_path)
    assert ('["status=pilot"] = "This list is inside \\060translate>; writing there would change translation units. '
            'Fix: move the list and its \\123\\123Hub list end}} outside \\060translate>...\\060/translate>.",'
            ) in wiki.text("Module:Hub list/data")
    wiki.edit("Portal", wiki.text("Portal").replace("no end", "{{Hub list end}}"))
    report, by = run(wiki, config, tmp_path)
    assert by[("Module:Hub list/data", "list notices")].status.value == "edited"
    assert "status=research" not in wiki.text("Module:Hub list/data")
