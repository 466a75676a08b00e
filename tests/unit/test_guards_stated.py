"""The run's guards, their numbers and words stated literally (found by mutation testing, docs/mutation.md:
these lines survived every other unit test): the on-wiki shutoff page, and the large-removal guard of every list
with a row per hub or plan."""

from __future__ import annotations

import pytest

from bot.config import parse_config
from bot.errors import ShutoffError
from bot.logic.kinds import check_config
from bot.outcomes import Status
from bot.runner import Run
from bot.state import State
from bot.wiki.memory import MemoryWiki
from tests.unit.test_runner_memory import NOW, infobox, make


def run_once(wiki, config, tmp_path, **kw):
    return Run(config, wiki, now=NOW, state=State.load(tmp_path / "state"), sleep=lambda s: None, **kw).run()


# -- the shutoff page ----------------------------------------------------------------------------------------
def test_the_shutoff_page_stops_the_run_quoting_200_characters_of_it_without_its_comments(tmp_path):
    wiki, config = make(tmp_path)
    wiki.edit("User:HubBot/Shutoff", "<!-- write stop to stop -->\nStop: the table is broken " + "x" * 300 + "\n")
    with pytest.raises(ShutoffError) as stopped:
        run_once(wiki, config, tmp_path)
    quoted = "Stop: the table is broken " + "x" * 174                  # 200 characters
    assert str(stopped.value) == (f"the shutoff page User:HubBot/Shutoff says '{quoted}'; nothing was edited. "
                                  "Empty it (or write 'run') to let the bot run again.")
    assert wiki.counters.edits == 0


@pytest.mark.parametrize("text", ["", "  YES ", "true", "On", "run", "<!-- say stop to stop -->",
                                  "<!--\nWrite stop\nto stop the bot.\n-->\nrun"])
def test_an_empty_shutoff_page_or_one_saying_run_yes_true_or_on_lets_the_bot_run(tmp_path, text):
    wiki, config = make(tmp_path)
    wiki.edit("User:HubBot/Shutoff", text)
    report = run_once(wiki, config, tmp_path)
    assert [o.status for o in report.outputs] == [Status.EDITED] * 3
    assert wiki.counters.edits == 3


# -- a hub listing that shrank ------------------------------------------------------------------------------
def test_a_first_run_without_hubs_writes_its_empty_lists(tmp_path):
    wiki, config = make(tmp_path, hubs=0)
    report = run_once(wiki, config, tmp_path)
    assert {o.output: o.status for o in report.outputs} == {
        "directory": Status.EDITED, "plans": Status.EDITED, "errors": Status.EDITED}


@pytest.mark.parametrize("last,now,reason", [
    (1, 0, "no hub pages were found (last run: 1); nothing was replaced."),
    (10, 6, "only 6 hub pages were found, against 10 last run; the lists were not shrunk."),
    (10, 7, None),                                    # 30 % fewer: not more than 30 %
])
def test_lists_are_kept_when_the_hub_listing_shrank_by_more_than_30_percent(tmp_path, last, now, reason):
    wiki, config = make(tmp_path, hubs=last)
    run_once(wiki, config, tmp_path)
    for i in range(last - now):
        wiki.edit(f"Hub {i}", "Infobox removed by mistake.")
    directory = {o.output: o for o in run_once(wiki, config, tmp_path).outputs}["directory"]
    if reason is None:
        assert directory.status is Status.EDITED
    else:
        assert (directory.status, directory.reason, directory.owner) == (Status.REFUSED, reason, "operator")


# -- large removals ------------------------------------------------------------------------------------------
# An output whose new text would drop at least 2 rows and more than 30 % of them (safety.max_removal_fraction)
# is not saved; the operator is told how many rows of how many, and how to let it through.
def without_plans(name: str) -> str:
    return infobox(name).replace(f"| plans = [[{name}/Plan]]\n", "")


@pytest.mark.parametrize("hubs,dropped,refused", [
    (10, 3, None),                                       # 30 %: not more than 30 %
    (10, 4, "the new text would remove 4 of 10 rows (more than 30%); not saved."),
    (6, 2, "the new text would remove 2 of 6 rows (more than 30%); not saved."),
    (3, 1, None),                                        # 33 %, but a single row
])
def test_a_list_losing_more_than_30_percent_of_its_rows_is_not_saved(tmp_path, hubs, dropped, refused):
    wiki, config = make(tmp_path, hubs=hubs)

    def run(**kw):
        report = Run(config, wiki, now=NOW, state=State.load(tmp_path / "state"), sleep=lambda s: None, **kw).run()
        return {o.output: o for o in report.outputs}["plans"]

    run()
    before = wiki.text("Hubs/Plans")
    for i in range(dropped):
        wiki.edit(f"Hub {i}", without_plans(f"Hub {i}"))
    plans = run()
    if refused is None:
        assert plans.status is Status.EDITED
        assert "Hub 0/Plan" not in wiki.text("Hubs/Plans")
        return
    assert (plans.status, plans.reason, plans.fix, plans.owner) == (
        Status.REFUSED, refused, "check the hub pages; an operator can rerun with --allow-large-removal.",
        "operator")
    assert wiki.text("Hubs/Plans") == before
    assert run().status is Status.REFUSED                # refused again: the last saved list is still compared
    assert run(allow_large_removal=True).status is Status.EDITED
    assert "Hub 0/Plan" not in wiki.text("Hubs/Plans") and f"Hub {hubs - 1}/Plan" in wiki.text("Hubs/Plans")


def test_a_refused_list_does_not_hold_back_the_other_list_on_its_page_and_is_summarised_once_let_through(tmp_path):
    """Two regions on one page: the plans list losing 4 of its 6 rows is refused, the directory beside it is
    saved; the run that lets the removal through says what it removed (the refused run remembered nothing)."""
    wiki = MemoryWiki()
    for i in range(6):
        wiki.edit(f"Hub {i}", infobox(f"Hub {i}"))
    wiki.edit("Hubs", "Intro\n<!-- hubbot:begin plans -->\n<!-- hubbot:end plans -->\nMiddle\n"
                      "<!-- hubbot:begin dir -->\n<!-- hubbot:end dir -->\n")
    wiki.edit("User:HubBot/Shutoff", "run")
    config = check_config(parse_config({"hubs": {"template": "Hub infobox"}, "outputs": [
        {"name": "plans", "kind": "plans", "page": "Hubs", "region": "plans"},
        {"name": "directory", "kind": "directory", "page": "Hubs", "region": "dir"},
        {"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"}],
        "safety": {"shutoff_page": "User:HubBot/Shutoff"}}, str(tmp_path / "config.yaml")))
    run_once(wiki, config, tmp_path)
    for i in range(4):
        wiki.edit(f"Hub {i}", infobox(f"Hub {i}", status="implementation").replace(f"| plans = [[Hub {i}/Plan]]\n", ""))
    report = run_once(wiki, config, tmp_path)
    assert [(o.output, o.status) for o in report.outputs] == [
        ("plans", Status.REFUSED), ("directory", Status.EDITED), ("errors", Status.EDITED)]
    assert wiki.history("Hubs")[-1].summary.startswith("hubbot: directory: status changed for 4 hubs (Hub 0: ")
    assert "Hub 0/Plan" in wiki.text("Hubs")
    report = run_once(wiki, config, tmp_path, allow_large_removal=True)
    assert [(o.output, o.status) for o in report.outputs][0] == ("plans", Status.EDITED)
    assert wiki.history("Hubs")[-1].summary == "hubbot: plans: −4 plans"
