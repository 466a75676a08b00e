"""Config files: valid shapes load; every mistake names the file, the key and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import load_config
from bot.errors import UserError

ROOT = Path(__file__).resolve().parents[2]

GOOD = """
hubs: {template: Hub infobox, namespaces: [0], prefix: "Hubs/"}
outputs:
  - {name: directory, kind: directory, page: Hubs/Directory, region: hub-directory, schedule: "0 */6 * * *"}
  - {name: errors, kind: errors, page: User:HubBot/Errors}
safety: {shutoff_page: User:HubBot/Shutoff, max_edits_per_run: 100}
"""


def write(tmp_path, text):
    path = tmp_path / "c.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("name", ["meta.yaml", "local.yaml", "trial.yaml"])
def test_shipped_configs_load(name):
    config = load_config(ROOT / "config" / name)
    assert any(o.kind == "errors" for o in config.outputs)


def test_good_config(tmp_path):
    c = load_config(write(tmp_path, GOOD))
    assert c.hubs.namespaces == (0,) and c.hubs.prefix == "Hubs/"
    assert c.outputs[0].region == "hub-directory" and c.safety.max_edits_per_run == 100
    assert c.site is None and c.safety.max_removal_fraction == 0.3


BAD = [
    (GOOD.replace("kind: directory", "kind: tabel"), "outputs[0].kind", "directory, plans, status, badge-data, directory-check, errors"),
    (GOOD.replace("max_edits_per_run: 100", "max_edit_per_run: 100"), "safety.max_edit_per_run", "unknown key"),
    (GOOD.replace("max_edits_per_run: 100", "max_edits_per_run: lots"), "safety.max_edits_per_run", "whole number"),
    (GOOD.replace("namespaces: [0]", "namespaces: main"), "hubs.namespaces", "namespace numbers"),
    (GOOD.replace('"0 */6 * * *"', '"every day"'), "outputs[0].schedule", "5 fields"),
    (GOOD.replace('"0 */6 * * *"', '"61 * * * *"'), "outputs[0].schedule", "outside 0-59"),
    (GOOD.replace("region: hub-directory", "region: 'has space'"), "outputs[0].region", "marker"),
    (GOOD.replace("name: errors", "name: directory"), "outputs[1].name", "already used"),
    (GOOD + "colour: blue\n", "colour", "unknown key"),
    ("hubs: {}\noutputs: []\n", "outputs", "non-empty list"),
    ("hubs: [Hub infobox]\noutputs: [{name: a, kind: plans, page: P}]\n", "hubs", "must be a mapping"),
    (GOOD.replace("page: User:HubBot/Errors", "page: User:HubBot/Shutoff"), "outputs[1].page", "is the shutoff page"),
    (GOOD.replace("region: hub-directory,", "region: hub-directory, colour: red,"), "outputs[0].colour",
     "use one of: name, kind, page, region, schedule, stale_days, translations, source, columns, map_size."),
    (GOOD.replace("page: Hubs/Directory, ", ""), "outputs[0].page", "required"),
    ("hubs: [\n", "c.yaml:", "not valid YAML"),
    (GOOD.replace('"0 */6 * * *"', '"0 0 31 2 *"'), "outputs[0].schedule", "never fires"),
    (GOOD + 'schedule: "0 0 30 2 *"\n', "schedule", "never fires"),
    (GOOD.replace("page: Hubs/Directory", 'page: "[[Hubs/Directory]]"'), "outputs[0].page", "write the title alone: Hubs/Directory"),
    (GOOD.replace("page: Hubs/Directory", 'page: "Hubs/Directory|Other"'), "outputs[0].page", "'|'"),
    (GOOD.replace("page: Hubs/Directory", 'page: "Hubs/Directory#Top"'), "outputs[0].page", "names a section"),
    (GOOD.replace("shutoff_page: User:HubBot/Shutoff", "shutoff_page: '{{Shutoff}}'"), "safety.shutoff_page", "template call"),
    (GOOD.replace("template: Hub infobox", "template: '{{Hub infobox}}'"), "hubs.template", "write the name alone: Hub infobox"),
    (GOOD.replace("page: User:HubBot/Errors", "page: hubs/Directory"), "outputs[0].page", "is owned whole by another"),
    (GOOD.replace("region: hub-directory, ", "").replace("page: User:HubBot/Errors", "page: hubs/Directory"),
     "outputs[1].page", "already written by outputs[0]"),
    (GOOD.replace("page: User:HubBot/Errors", "page: ' hubs/Directory', region: hub-directory"),
     "outputs[1].page", "already written by outputs[0]"),
    (GOOD + "safety: {max_edits_per_run: 5}\n", "c.yaml:7", "'safety' is given twice (first on line 6)"),
    ("- just\n- a list\n", "c.yaml", "mapping"),
    (GOOD.replace("region: hub-directory,", "columns: [hub, colour],"), "outputs[0].columns[1]",
     "'colour' is not a known column. Fix: use one of: hub (= name), name, type, scope, region, status, "
     "languages, website, contact, founded, updated, plans, map, details."),
    (GOOD.replace("region: hub-directory,", "columns: [name, Hub],"), "outputs[0].columns[1]", "same column"),
    (GOOD.replace("region: hub-directory,", "columns: [],"), "outputs[0].columns", "is empty"),
    (GOOD.replace("page: User:HubBot/Errors", "page: User:HubBot/Errors, columns: [hub]"), "outputs[1].columns",
     "'columns' does not apply to an output of kind errors (only to kind directory)"),
    (GOOD.replace("page: User:HubBot/Errors", "page: User:HubBot/Errors, map_size: 90"), "outputs[1].map_size",
     "'map_size' does not apply to an output of kind errors (only to kind directory)"),
    (GOOD.replace("region: hub-directory,", "map_size: 8,"), "outputs[0].map_size", "at least 16"),
    (GOOD.replace("region: hub-directory,", "map_size: big,"), "outputs[0].map_size", "whole number"),
]


@pytest.mark.parametrize("text,key,words", BAD, ids=[b[1] + ":" + b[2] for b in BAD])
def test_bad_config_names_the_key(tmp_path, text, key, words):
    with pytest.raises(UserError) as err:
        load_config(write(tmp_path, text))
    message = str(err.value)
    assert str(tmp_path / "c.yaml") in message and key in message and words in message
    assert "Fix:" in message


def test_columns_and_map_size(tmp_path):
    c = load_config(write(tmp_path, GOOD.replace("region: hub-directory,",
                                                 "columns: [Hub, type, map, details], map_size: 90,")))
    assert c.outputs[0].columns == ("name", "type", "map", "details") and c.outputs[0].map_size == 90
    default = load_config(write(tmp_path, GOOD)).outputs[0]
    assert default.columns == ("name", "type", "scope", "map", "status", "details") and default.map_size == 120


def test_unknown_column_exits_2_with_one_line(tmp_path):
    import subprocess
    import sys
    path = write(tmp_path, GOOD.replace("region: hub-directory,", "columns: [hub, colour],"))
    done = subprocess.run([sys.executable, "-m", "bot.cli", "sync", "--config", str(path), "--dry-run"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0
    assert f"{path}: outputs[0].columns[1]: 'colour' is not a known column." in done.stderr


def test_missing_file(tmp_path):
    with pytest.raises(UserError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")


def test_hubs_may_be_left_out_for_meta_defaults(tmp_path):
    c = load_config(write(tmp_path, "outputs: [{name: a, kind: plans, page: P}]\n"))
    assert c.hubs.template == "Hub infobox" and c.hubs.namespaces == ()


def test_titles_are_stored_as_mediawiki_spells_them(tmp_path):
    c = load_config(write(tmp_path, GOOD.replace("page: Hubs/Directory", "page: hubs/directory_page")
                          .replace("User:HubBot/Shutoff", "user:hubBot/shutoff")
                          .replace("template: Hub infobox", "template: template:hub_infobox")
                          .replace("kind: errors, page: User:HubBot/Errors",
                                   "kind: status, page: user talk:HubBot, translations: [hubs]")))
    assert [o.page for o in c.outputs] == ["Hubs/directory page", "User talk:HubBot"]
    assert c.outputs[1].translations == ("Hubs",)
    assert c.safety.shutoff_page == "User:HubBot/shutoff" and c.hubs.template == "Hub infobox"


def test_two_outputs_on_one_page_with_their_own_regions_are_fine(tmp_path):
    c = load_config(write(tmp_path, GOOD.replace("kind: errors, page: User:HubBot/Errors",
                                                 "kind: plans, page: hubs/Directory, region: plans")))
    assert [(o.page, o.region) for o in c.outputs] == [("Hubs/Directory", "hub-directory"), ("Hubs/Directory", "plans")]


def test_the_errors_page_is_a_page_of_its_own(tmp_path):
    with pytest.raises(UserError, match=r"outputs\[1\]\.page: the errors page must be a page of its own"):
        load_config(write(tmp_path, GOOD.replace("page: User:HubBot/Errors", "page: hubs/Directory, region: errors")))


def test_a_relative_state_dir_is_relative_to_the_config_file(tmp_path, monkeypatch):
    folder = tmp_path / "conf"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    assert load_config(write(folder, GOOD + "state_dir: state\n")).state_dir == str(folder / "state")
    assert load_config(write(folder, GOOD)).state_dir == str(folder / ".hubbot")
    assert load_config(write(folder, GOOD + f"state_dir: {tmp_path / 'abs'}\n")).state_dir == str(tmp_path / "abs")


def test_a_config_that_is_not_utf8_names_the_file(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes(GOOD.replace("Hubs/Directory", "Hubs/Caf\xe9").encode("latin-1"))
    with pytest.raises(UserError, match=r"c.yaml: is not UTF-8 text \(byte 0xe9 .*Fix: save the file as UTF-8"):
        load_config(path)


def test_a_folder_given_as_config(tmp_path):
    with pytest.raises(UserError, match="is a folder, not a config file"):
        load_config(tmp_path)


def test_the_local_config_keeps_its_history_with_the_demo_wiki():
    """`./scripts/demo` runs with the demo wiki's state dir; an operator's `hubbot sync` or `watch --config
    config/local.yaml` afterwards must continue that history (before, its first run dropped the errors
    page's quotes of replaced human text, which only the demo's state remembered)."""
    from bot import cli
    demo_dir = cli.build_parser().parse_args(["demo"]).dir
    assert Path(load_config(ROOT / "config" / "local.yaml").state_dir).resolve() == (ROOT / demo_dir / "state").resolve()
