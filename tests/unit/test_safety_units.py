"""Pure guards: {{bots}}/{{nobots}}, the shutoff page, translation pages, hub titles, the lock."""

from __future__ import annotations

import pytest

from bot.logic.bots import bot_may_edit
from bot.models import PageText
from bot.planner import translation_subpage
from bot.runner import hub_titles, shutoff_reason
from bot.state import State


@pytest.mark.parametrize("text,allowed", [
    ("plain page", True), ("{{nobots}}", False), ("{{bots|deny=all}}", False), ("{{bots|deny=HubBot}}", False),
    ("{{bots|deny=OtherBot}}", True), ("{{bots|allow=none}}", False), ("{{bots|allow=HubBot,X}}", True),
    ("{{bots|allow=OtherBot}}", False), ("{{bots|optout=all}}", False), ("{{bots}}", True),
    ("{{Nobots|allow=hubbot}}", True),
])
def test_bots_templates(text, allowed):
    assert bot_may_edit(text, "HubBot@hubbot") is allowed


@pytest.mark.parametrize("text,stop", [("", False), ("run", False), (" True \n", False),
                                       ("<!-- say stop to stop -->\nrun", False), ("stop", True),
                                       ("Stopped: bot broke the table --~~~~", True)])
def test_shutoff_page(text, stop):
    assert (shutoff_reason(PageText("User:HubBot/Shutoff", text)) is not None) is stop
    assert shutoff_reason(PageText("User:HubBot/Shutoff", "", exists=False)) is None


def test_translation_subpages():
    pages = {"Hubs": PageText("Hubs", "<translate>x</translate>"), "Plain": PageText("Plain", "x")}
    assert translation_subpage("Hubs/zh", pages)
    assert translation_subpage("Hubs/pt-br", pages)
    assert not translation_subpage("Hubs/Ongoing", pages)
    assert not translation_subpage("Plain/de", pages)


def test_hub_titles_drop_translation_copies_and_filter_prefix():
    found = ["Hubs/A", "Hubs/A/fr", "Hubs/B", "Other", "Hubs/C/de"]
    assert hub_titles(found, "Hubs/") == ["Hubs/A", "Hubs/B", "Hubs/C/de"]
    assert hub_titles(found, "") == ["Hubs/A", "Hubs/B", "Hubs/C/de", "Other"]


def test_state_disables_after_repeated_failures(tmp_path):
    state = State.load(tmp_path)
    for _ in range(2):
        state.record_run(ok=False, hub_count=None, max_failures=3)
    assert not state.disabled
    state.record_run(ok=False, hub_count=None, max_failures=3)
    assert state.disabled and state.consecutive_failures == 3
    state.save()
    state = State.load(tmp_path)
    state.reset()
    assert not state.disabled and state.consecutive_failures == 0
