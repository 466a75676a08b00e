"""Hubs the bot does not trust, and a directory check that has nothing to compare, in whole runs on a wiki in
memory (the typo story runs against the real wiki in tests/integration/test_safety.py).

A misspelled ``hubs.template`` finds no hub. With the last run's count in the state, every page was refused;
without it (a first run on Meta, a new --state-dir, state.json deleted) editors' {{Hub list}}s were saved empty,
the directory check listed every row as "no infobox", and Module:<typo>/i18n was created. A list shows each hub
once at most, whatever its parameters: a run finding far fewer hubs than a list the bot wrote shows is not
trusted, and nothing built from its hubs is saved."""

from __future__ import annotations

from bot.config import parse_config
from bot.logic.kinds import check_config
from bot.outcomes import Status
from bot.runner import Run
from bot.state import State
from bot.wiki.memory import MemoryWiki
from tests.unit.test_runner_memory import NOW
from tests.unit.test_translated_runs import LABELS, statistics

THEMATIC = "Our thematic hubs:\n{{Hub list|type=thematic}}\n{{Hub list end}}\nEnd of the editors' text.\n"
DIRECTORY = "Intro.\n<!-- hubbot:begin dir -->\n<!-- hubbot:end dir -->\nOutro.\n"
HAND_KEPT = ("{| class=wikitable\n! Type !! Scope !! Rough map !! Status !! Details\n"
             + "".join(f"|-\n| Thematic || [[Hub {i}|Topic {i}]] || || Pilot || \n" for i in range(4)) + "|}\n")


def infobox(i: int, kind: str = "thematic", template: str = "Hub infobox") -> str:
    return (f"{{{{{template}\n| name = Hub {i}\n| type = {kind}\n| scope = Topic {i}\n| status = pilot\n}}}}\n"
            "Text.\n")


def config_of(tmp_path, template: str = "Hub infobox", source: str = "Hubs/Ongoing", translation: bool = False):
    raw = {"hubs": {"template": template}, "outputs": [
        {"name": "directory", "kind": "directory", "page": "Hubs/Directory", "region": "dir"},
        {"name": "directory-check", "kind": "directory-check", "page": "User:HubBot/Directory check",
         "source": source},
        {"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"}],
        "safety": {"shutoff_page": "User:HubBot/Shutoff"}}
    if translation:
        raw["translation"] = {"pages": ["Hubs"], "labels": LABELS}
    name = "typo.yaml" if template != "Hub infobox" else "config.yaml"
    return check_config(parse_config(raw, str(tmp_path / name)))


def make(hubs: int = 4) -> MemoryWiki:
    wiki = MemoryWiki()
    for i in range(hubs):
        wiki.edit(f"Hub {i}", infobox(i))
    wiki.edit("User:HubBot/Shutoff", "run")
    wiki.edit("Hubs/Directory", DIRECTORY)
    wiki.edit("Hubs/Ongoing", HAND_KEPT)
    wiki.edit("Hubs/Thematic hubs", THEMATIC)
    return wiki


def run(wiki, config, state_dir, **kw):
    report = Run(config, wiki, now=NOW, state=State.load(state_dir), sleep=lambda s: None, **kw).run()
    return report, {(o.page, o.output): o for o in report.outputs}


def test_a_misspelled_template_without_run_history_replaces_no_list_and_says_which_key_to_correct(tmp_path):
    wiki = make()
    report, by = run(wiki, config_of(tmp_path), tmp_path / "state")
    assert by[("Hubs/Thematic hubs", "hub list 1")].status is Status.EDITED
    assert wiki.text("Hubs/Thematic hubs").count("|-\n| [[Special:MyLanguage/Hub") == 4
    pages = {title: wiki.text(title) for title in wiki.pages}
    edits = wiki.counters.edits

    typo = config_of(tmp_path, template="Hub infobx")
    report, by = run(wiki, typo, tmp_path / "new-state")             # a new state folder: no last run
    reason = "no hub pages were found, but the list on Hubs/Thematic hubs shows 4 hubs; nothing was replaced."
    fix = (f"no page uses {{{{Hub infobx}}}}: correct hubs.template in {tmp_path / 'typo.yaml'} if it is misspelled; "
           "if the hubs are really gone, an operator can rerun with --allow-large-removal.")
    for key in [("Hubs/Thematic hubs", "hub list 1"), ("Hubs/Directory", "directory"),
                ("User:HubBot/Directory check", "directory-check")]:
        assert (by[key].status, by[key].owner, by[key].reason, by[key].fix) == (Status.REFUSED, "operator", reason,
                                                                                 fix), key
    warning = (f"no page uses {{{{Hub infobx}}}}, but the list on Hubs/Thematic hubs shows 4 hubs: hubs.template in "
               f"{tmp_path / 'typo.yaml'} is probably misspelled. Nothing was replaced; correct hubs.template "
               "(Template:Hub infobx is used by no page), or rerun with --allow-large-removal if the hubs are "
               "really gone.")
    assert report.messages == ["warning: " + warning]
    assert wiki.counters.edits == edits + 1                           # the errors page alone
    assert {title: wiki.text(title) for title in wiki.pages if title != "User:HubBot/Errors"} == {
        title: text for title, text in pages.items() if title != "User:HubBot/Errors"}
    errors = wiki.text("User:HubBot/Errors")
    assert "| [[Special:MyLanguage/Hubs/Thematic hubs|Hubs/Thematic hubs]] || hub list 1 || refused || " in errors
    assert "'''Warning:''' no page uses &#123;&#123;Hub infobx&#125;&#125;, but the list on" in errors
    assert State.load(tmp_path / "new-state").last_hub_count is None   # 0 is not remembered as the count


def test_with_run_history_the_fix_names_the_key_too_and_the_warning_says_what_the_last_run_found(tmp_path):
    wiki = make()
    run(wiki, config_of(tmp_path), tmp_path / "state")
    report, by = run(wiki, config_of(tmp_path, template="Hub infobx"), tmp_path / "state")
    refused = by[("Hubs/Thematic hubs", "hub list 1")]
    assert refused.reason == "no hub pages were found (last run: 4); nothing was replaced."
    assert refused.fix.startswith("no page uses {{Hub infobx}}: correct hubs.template in ")
    assert report.messages == ["warning: no page uses {{Hub infobx}}, but the last run found 4 hubs: hubs.template "
                               f"in {tmp_path / 'typo.yaml'} is probably misspelled. Nothing was replaced; correct "
                               "hubs.template (Template:Hub infobx is used by no page), or rerun with "
                               "--allow-large-removal if the hubs are really gone."]


def test_far_fewer_hubs_than_a_list_shows_are_not_trusted_and_a_few_fewer_are(tmp_path):
    wiki = make()
    run(wiki, config_of(tmp_path), tmp_path / "state")
    before = wiki.text("Hubs/Thematic hubs")
    for i in (0, 1):
        wiki.edit(f"Hub {i}", "The infobox was removed by mistake.")
    report, by = run(wiki, config_of(tmp_path), tmp_path / "fresh")     # 2 found, the list shows 4
    refused = by[("Hubs/Thematic hubs", "hub list 1")]
    assert (refused.status, refused.owner) == (Status.REFUSED, "operator")
    assert refused.reason == ("only 2 hub pages were found, but the list on Hubs/Thematic hubs shows 4 hubs; the "
                              "lists were not shrunk.")
    assert refused.fix == "check the hub pages and the template; an operator can rerun with --allow-large-removal."
    assert by[("Hubs/Directory", "directory")].reason == refused.reason
    assert wiki.text("Hubs/Thematic hubs") == before
    wiki.edit("Hub 1", infobox(1))                                         # 3 of 4: more than 70 %, trusted
    report, by = run(wiki, config_of(tmp_path), tmp_path / "fresher")
    assert by[("Hubs/Thematic hubs", "hub list 1")].status is Status.EDITED
    assert wiki.text("Hubs/Thematic hubs").count("|-\n| [[Special:MyLanguage/Hub") == 3
    assert wiki.history("Hubs/Thematic hubs")[-1].summary == "hubbot: hub list 1: 3 hubs"


def test_an_editor_narrowing_a_list_is_not_a_doubt_about_the_hubs(tmp_path):
    wiki = make()
    for i in (4, 5):
        wiki.edit(f"Hub {i}", infobox(i, kind="regional"))
    run(wiki, config_of(tmp_path), tmp_path / "state")
    assert wiki.text("Hubs/Thematic hubs").count("|-\n| [[Special:MyLanguage/Hub") == 4
    wiki.edit("Hubs/Thematic hubs", wiki.text("Hubs/Thematic hubs").replace("type=thematic", "type=regional"))
    report, by = run(wiki, config_of(tmp_path), tmp_path / "fresh")        # 6 hubs found, the list shows 4
    assert by[("Hubs/Thematic hubs", "hub list 1")].status is Status.EDITED
    assert wiki.text("Hubs/Thematic hubs").count("|-\n| [[Special:MyLanguage/Hub") == 2
    assert report.messages == []


def test_before_any_infobox_exists_empty_lists_are_written_and_the_run_warns_as_the_trial_says(tmp_path):
    wiki = make(hubs=0)
    report, by = run(wiki, config_of(tmp_path), tmp_path / "state")
    assert by[("Hubs/Thematic hubs", "hub list 1")].status is Status.EDITED
    assert "''No hub matches this list yet.''\n{{Hub list end}}" in wiki.text("Hubs/Thematic hubs")
    assert report.messages == ["warning: no page uses {{Hub infobox}}, so every list is empty: publish Template:Hub "
                               "infobox (hubbot publish-templates) and add infoboxes to the hub pages, or correct "
                               "hubs.template in the config."]
    report, by = run(wiki, config_of(tmp_path), tmp_path / "fresh")        # empty lists: nothing to lose
    assert {o.status for o in report.outputs} == {Status.UNCHANGED}


def test_no_infobox_module_is_created_for_a_template_no_page_uses(tmp_path):
    wiki = make()
    wiki.edit(f"Translations:{LABELS}/column-scope/sw", "Upeo", user="Translator")
    wiki.translation_progress = statistics(wiki, sw=3)
    report, by = run(wiki, config_of(tmp_path, template="Hub infobx", translation=True), tmp_path / "state")
    assert "Module:Hub infobx/i18n" not in wiki.pages
    assert "Module:Hub infobx/i18n" not in {o.page for o in report.outputs}
    report, by = run(wiki, config_of(tmp_path, translation=True), tmp_path / "state2")
    assert '\t["sw"] = {\n\t\t["column-scope"] = "Upeo",\n\t},\n' in wiki.text("Module:Hub infobox/i18n")


def test_a_directory_check_source_that_does_not_exist_is_one_operator_warning_and_no_row_per_hub(tmp_path):
    wiki = make()
    config = config_of(tmp_path, source="Hubs/Ongoin")
    report, by = run(wiki, config, tmp_path / "state")
    warning = (f"outputs[1].source: Hubs/Ongoin does not exist, so directory-check compares nothing: check "
               f"outputs[1].source in {tmp_path / 'config.yaml'} (the title of the hand-kept directory page).")
    assert report.messages == ["warning: " + warning]
    assert by[("User:HubBot/Directory check", "directory-check")].status is Status.EDITED
    assert wiki.text("User:HubBot/Directory check").endswith(
        "Nothing was compared: [[Special:MyLanguage/Hubs/Ongoin|Hubs/Ongoin]] does not exist. An operator "
        "corrects this output's source in hubbot's config.")
    errors = wiki.text("User:HubBot/Errors")
    assert "'''Warning:''' " + warning.replace("[", "&#91;").replace("]", "&#93;") in errors
    assert "No problems found: every hub page's infobox was read without a problem." in errors
    assert "Ongoin" not in errors.split("== Problems on hub pages ==")[1]


def test_a_directory_check_source_without_a_table_asks_the_operator_to_remove_the_check(tmp_path):
    wiki = make()
    run(wiki, config_of(tmp_path), tmp_path / "state")
    assert "No disagreements: the directory and the infoboxes agree." in wiki.text("User:HubBot/Directory check")
    # Meta switched Hubs/Ongoing to the generated directory: the hand-kept table is gone.
    wiki.edit("Hubs/Ongoing", "{{:Hubs/Directory}}\n")
    report, by = run(wiki, config_of(tmp_path), tmp_path / "state")
    warning = ("outputs[1].source: Hubs/Ongoing has no directory table (no wikitable rows were found), so "
               "directory-check compares nothing: once the directory there is generated by hubbot, remove the "
               f"directory-check output (outputs[1]) from {tmp_path / 'config.yaml'}; else correct outputs[1].source.")
    assert report.messages == ["warning: " + warning]
    check = wiki.text("User:HubBot/Directory check")
    assert check.endswith("Nothing was compared: [[Special:MyLanguage/Hubs/Ongoing|Hubs/Ongoing]] has no directory "
                          "table. Once it shows the directory hubbot generates, an operator removes this check from "
                          "hubbot's config.")
    assert "not in the directory" not in check and "|-" not in check
    errors = wiki.text("User:HubBot/Errors")
    assert "No problems found: every hub page's infobox was read without a problem." in errors
    assert "no wikitable rows" not in errors.split("== Problems on hub pages ==")[1]
