"""Which outputs a recent change affects (pure), and reading EventStreams' recentchange events."""

from __future__ import annotations

from bot.config import DirectoryCheckOptions, OutputConfig, StatusOptions
from bot.logic.watch import Watched, affected_outputs, change_from_event
from bot.wiki.gateway import Change

OUTPUTS = (OutputConfig("plans", "plans", "Hubs", region="plans"),
           OutputConfig("directory", "directory", "Hubs/Ongoing", region="hub-directory"),
           OutputConfig("status", "status", "Hubs/Status", options=StatusOptions(translations=("Hubs",))),
           OutputConfig("check", "directory-check", "Hubs/Check", options=DirectoryCheckOptions(source="Hubs/Table")),
           OutputConfig("errors", "errors", "User:HubBot/Errors"))
EVERY = ("plans", "directory", "status", "check", "errors")
WATCHED = Watched(template="Template:Hub infobox", hubs=frozenset({"CEE Hub", "ESEAP"}), outputs=OUTPUTS,
                  namespaces=(0,), shutoff="User:HubBot/Shutoff", own_revisions=frozenset({500}))


def edit(title, revid=100, ns=0, rcid=1, kind="edit"):
    return Change(rcid, "2026-11-25T12:00:00Z", kind, title, ns, revid, "Editor")


def log(title, log_type, action, target=None, ns=0):
    return Change(2, "2026-11-25T12:00:00Z", "log", title, ns, None, "Admin", log_type, action, target)


def decide(*changes):
    return affected_outputs(list(changes), WATCHED)


def test_a_hub_edit_syncs_every_output():
    assert decide(edit("CEE Hub")).outputs == EVERY


def test_template_and_shutoff_page_sync_every_output():
    assert decide(edit("Template:Hub infobox", ns=10)).outputs == EVERY
    assert decide(edit("User:HubBot/Shutoff", ns=2)).outputs == EVERY


def test_an_editor_on_an_output_page_syncs_that_output_and_the_errors_page():
    assert decide(edit("Hubs/Ongoing")).outputs == ("directory", "errors")
    assert decide(edit("Hubs/Table")).outputs == ("check", "errors")


def test_the_bots_own_saves_trigger_nothing():
    assert decide(edit("Hubs/Ongoing", revid=500)).outputs == ()


def test_translations_of_a_status_page_are_read_by_the_status_output():
    assert decide(edit("Hubs/fr")).outputs == ("status", "errors")
    assert decide(edit("Translations:Hubs/3/fr", ns=1198)).outputs == ("status", "errors")


def test_log_events_on_hubs():
    assert decide(log("ESEAP", "delete", "delete")).outputs == EVERY
    assert decide(log("ESEAP", "move", "move", target="ESEAP Hub")).outputs == EVERY
    assert decide(log("ESEAP", "protect", "protect")).outputs == ()      # no content changed


def test_a_page_moved_onto_a_hub_name_or_restored_may_be_a_hub():
    d = decide(log("Draft:New hub", "move", "move", target="New hub", ns=118))
    assert d.outputs == () and d.maybe_hubs == ("New hub",)
    assert decide(log("Old hub", "delete", "restore")).maybe_hubs == ("Old hub",)


def test_unknown_pages_where_hubs_live_are_checked_others_ignored():
    d = decide(edit("Some page"), edit("Another page", rcid=2), edit("Some page", rcid=3))
    assert d.outputs == () and d.maybe_hubs == ("Some page", "Another page")
    assert decide(edit("User talk:Someone", ns=3)) == affected_outputs([], WATCHED)
    assert decide(edit("CEE Hub/fr")).maybe_hubs == ()      # a translation copy of a hub, not a hub
    assert decide(log("Deleted page", "delete", "delete")).maybe_hubs == ()


def test_several_changes_make_one_decision():
    d = decide(edit("Hubs/Ongoing"), edit("Hubs/Status", rcid=2), edit("Unrelated", ns=4, rcid=3))
    assert d.outputs == ("directory", "status", "errors") and len(d.reasons) == 2


# Events as Wikimedia's stream sends them (schema mediawiki/recentchange/1.0.0), trimmed.
EDIT_EVENT = {"$schema": "/mediawiki/recentchange/1.0.0",
              "meta": {"uri": "https://meta.wikimedia.org/wiki/CEE_Hub", "domain": "meta.wikimedia.org",
                       "stream": "mediawiki.recentchange", "dt": "2026-11-25T12:00:05Z"},
              "id": 123456, "type": "edit", "namespace": 0, "title": "CEE Hub", "comment": "update",
              "timestamp": 1795608005, "user": "Editor", "bot": False, "minor": False,
              "length": {"old": 10, "new": 12}, "revision": {"old": 41, "new": 42},
              "server_name": "meta.wikimedia.org", "wiki": "metawiki"}
MOVE_EVENT = {"meta": {"domain": "meta.wikimedia.org"}, "id": 123457, "type": "log", "namespace": 0,
              "title": "ESEAP", "timestamp": 1795608010, "user": "Admin", "log_id": 9, "log_type": "move",
              "log_action": "move", "log_params": {"target": "ESEAP Hub", "noredir": "0"},
              "wiki": "metawiki"}


def test_stream_events_become_changes():
    change = change_from_event(EDIT_EVENT)
    assert change == Change(123456, "2026-11-25T12:00:05Z", "edit", "CEE Hub", 0, 42, "Editor")
    move = change_from_event(MOVE_EVENT)
    assert (move.type, move.log_type, move.log_action, move.target) == ("log", "move", "move", "ESEAP Hub")
    assert affected_outputs([change, move], WATCHED).outputs == EVERY


def test_canary_categorize_and_broken_events_are_ignored():
    assert change_from_event({**EDIT_EVENT, "meta": {"domain": "canary"}}) is None
    assert change_from_event({**EDIT_EVENT, "type": "categorize"}) is None
    assert change_from_event({"type": "edit"}) is None


# -- the polling cadence -----------------------------------------------------------------------
def test_polls_keep_a_fixed_cadence_and_a_long_run_skips_only_the_ticks_it_overran():
    from bot.watch import next_tick
    assert next_tick(100.0, 5, 101.0) == 105.0          # idle: one poll per interval
    assert next_tick(100.0, 5, 105.0) == 105.0
    assert next_tick(100.0, 5, 112.0) == 115.0          # a 12 s run: the next tick of the same cadence,
    assert next_tick(100.0, 5, 110.0) == 110.0          # not 5 s after the run ended
    assert next_tick(100.0, 5, 110.5) == 115.0
