"""The watcher's decisions that no other unit test pinned (found by mutation testing, docs/mutation.md): a page
created (a stream's "new" event), where new hubs may be (hubs.prefix, hubs.namespaces), an output on a page
PAGE/xx, the reasons it logs, and the time of a stream event in UTC whatever the machine's time zone."""

from __future__ import annotations

import time

from bot.config import OutputConfig
from bot.logic.watch import Watched, affected_outputs, change_from_event
from bot.wiki.gateway import Change
from tests.unit.test_watch_decision import EDIT_EVENT, EVERY, OUTPUTS, WATCHED, edit, log

NEW_EVENT = {"meta": {"domain": "meta.wikimedia.org"}, "id": 123458, "type": "new", "title": "Hubs/New hub",
             "timestamp": 1795608020, "user": "Editor", "revision": {"new": 77}}      # no "namespace": 0


def test_a_page_created_is_a_change_checked_for_the_template():
    change = change_from_event(NEW_EVENT)
    assert change == Change(123458, "2026-11-25T12:00:20Z", "new", "Hubs/New hub", 0, 77, "Editor")
    assert affected_outputs([change], WATCHED).maybe_hubs == ("Hubs/New hub",)
    assert change_from_event({**NEW_EVENT, "namespace": 2}).namespace == 2


def test_a_stream_events_time_is_utc_whatever_the_machines_time_zone(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert change_from_event(EDIT_EVENT).timestamp == "2026-11-25T12:00:05Z"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_with_a_prefix_only_pages_under_it_may_be_hubs_and_output_or_shutoff_pages_never():
    watched = Watched(template="Template:Hub infobox", hubs=frozenset({"Hubs/CEE"}), outputs=OUTPUTS,
                      namespaces=(0, 2), prefix="Hubs/", shutoff="User:HubBot/Shutoff")
    decision = affected_outputs([edit("Hubs/New hub"), edit("Elsewhere", rcid=2), edit("Hubs/Ongoing", rcid=3)],
                                watched)
    assert decision.maybe_hubs == ("Hubs/New hub",)
    assert decision.outputs == ("directory", "errors")           # the output page: synced, not a hub
    unprefixed = Watched(template="Template:Hub infobox", hubs=frozenset(), outputs=OUTPUTS, namespaces=(2,),
                         shutoff="User:HubBot/Shutoff")
    assert affected_outputs([edit("User:HubBot/Shutoff", ns=2), edit("User:Someone/Hub", ns=2, rcid=2)],
                            unprefixed).maybe_hubs == ("User:Someone/Hub",)


def test_an_output_on_a_page_per_language_is_synced_when_its_source_page_changes():
    swahili = OutputConfig("directory-sw", "directory", "Hubs/Directory/sw")
    watched = Watched(template="Template:Hub infobox", hubs=frozenset(), outputs=(swahili,))
    assert affected_outputs([edit("Hubs/Directory")], watched).outputs == ("directory-sw",)


def test_the_reasons_logged_name_the_page_and_what_happened():
    decision = affected_outputs([log("ESEAP", "move", "move", target="ESEAP Hub"), log("CEE Hub", "delete", "delete"),
                                 edit("Hubs/Ongoing", revid=101), edit("User:HubBot/Shutoff", revid=None, kind="new")],
                                WATCHED)
    assert decision.outputs == EVERY
    assert decision.reasons == ("hub ESEAP: move/move to ESEAP Hub", "hub CEE Hub: delete/delete",
                                "Hubs/Ongoing: edit (rev 101)", "User:HubBot/Shutoff: new")


def test_a_human_edit_after_the_bots_own_save_in_the_same_poll_still_counts():
    decision = affected_outputs([edit("Hubs/Ongoing", revid=500), edit("CEE Hub", revid=501, rcid=2)], WATCHED)
    assert decision.outputs == EVERY and decision.reasons == ("hub CEE Hub: edit (rev 501)",)
