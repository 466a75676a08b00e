"""Edit summaries in words an editor understands, linked to the bot's task page (issue 28, point 3)."""

from __future__ import annotations

from bot.config import parse_config
from bot.logic.kinds import check_config
from bot.runner import Run
from bot.state import State
from bot.wiki.memory import MemoryWiki
from tests.unit.test_runner_memory import NOW, infobox


def make(tmp_path, **top):
    wiki = MemoryWiki()
    for i in range(3):
        wiki.edit(f"Hub {i}", infobox(f"Hub {i}"))
    config = check_config(parse_config({"hubs": {}, **top, "outputs": [
        {"name": "directory", "kind": "directory", "page": "Hubs/Directory"}]}, str(tmp_path / "c.yaml")))
    return wiki, config


def run(wiki, config, tmp_path):
    Run(config.for_account("HubBot"), wiki, now=NOW, state=State.load(tmp_path / "state"), sleep=lambda s: None).run()
    return wiki.history("Hubs/Directory")[-1].summary


def test_a_changed_scope_is_said_with_the_hubs_name_not_as_details_updated(tmp_path):
    wiki, config = make(tmp_path)
    assert run(wiki, config, tmp_path) == "hubbot: directory: 3 hubs"
    wiki.edit("Hub 1", infobox("Hub 1").replace("scope = Somewhere", "scope = Somewhere else"))
    assert run(wiki, config, tmp_path) == "hubbot: directory: details of 1 hub changed (Hub 1)"
    wiki.edit("Hub 2", infobox("Hub 2", "established").replace("scope = Somewhere", "scope = Far"))
    assert run(wiki, config, tmp_path) == ("hubbot: directory: status changed for 1 hub (Hub 2: pilot→established), "
                                           "details of 1 hub changed (Hub 2)")


def test_every_summary_links_to_the_task_page_configured_once(tmp_path):
    wiki, config = make(tmp_path, task_page="User:{account}/Tasks")
    assert run(wiki, config, tmp_path) == "[[User:HubBot/Tasks|hubbot]]: directory: 3 hubs"
