"""A save costs 2 requests (issue 24): the shutoff page's revision comes with the base-revision check, and
its text is read again only when it changed, so an editor who stops the bot mid-run is still obeyed."""

from __future__ import annotations

import pytest

from bot.errors import ShutoffError
from tests.unit.test_runner_memory import infobox, make, run


def test_a_save_costs_two_requests_and_an_editor_stopping_the_bot_mid_run_is_obeyed(tmp_path):
    wiki, config = make(tmp_path)                       # directory, plans, errors; the shutoff page says "run"
    report, by = run(wiki, config, tmp_path)
    assert report.edits == 3
    assert report.requests == 1 + 1 + 1 + 3 * 2      # hub listing, list listing, batched read, 3 saves of 2
    wiki.edit("Hub 9", infobox("Hub 9"))                # a new hub: the directory and the plans change
    wiki.before_save["Hubs/Ongoing"] = lambda: wiki.edit("User:HubBot/Shutoff", "stop: checking the list")
    with pytest.raises(ShutoffError, match="says 'stop: checking the list'; stopped after 1 edits"):
        run(wiki, config, tmp_path)
    assert "Hub 9" in wiki.text("Hubs/Ongoing") and "Hub 9" not in wiki.text("Hubs/Plans")
