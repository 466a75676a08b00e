"""The schema is written once (bot/config.py): the README's configuration reference is generated from it and
must say the same, every key has a help line, and reading a file follows the schema (allowed keys, defaults)."""

from __future__ import annotations

from dataclasses import MISSING, fields

import pytest

from bot import config_reference
from bot.config import (KIND_OPTIONS, OPTION_KEYS, VALUES, Config, DirectoryCheckOptions, DirectoryOptions,
                        KindOptions, OutputConfig, StatusOptions, default_of, keys_of, parse_config)
from bot.errors import UserError
from bot.logic.kinds import KINDS, REPORT_KIND, check_config


def sections(cls=Config, seen=None) -> list[type]:
    """Every dataclass of the schema reachable from Config, and every kind's options."""
    seen = seen if seen is not None else [*KIND_OPTIONS.values()]
    seen.append(cls)
    for f in keys_of(cls):
        if f.metadata["section"] is not None and f.metadata["section"] not in seen:
            sections(f.metadata["section"], seen)
    return seen


def test_the_readmes_configuration_reference_is_generated_from_the_schema():
    readme = config_reference.README.read_text(encoding="utf-8")
    assert config_reference.in_readme(readme) == config_reference.reference(), \
        "the README's configuration reference differs from bot/config.py: run scripts/config-reference"


def test_the_reference_check_sees_a_default_a_key_or_a_kind_the_readme_gets_wrong():
    reference = config_reference.reference()
    for wrong in (reference.replace("| `180` |", "| `90` |").replace("default `180`", "default `90`"),
                  reference.replace("`safety.lock_wait`", "`safety.lock_wait_seconds`"),
                  reference.replace("| `badge-data` |", "| `badges` |")):
        assert wrong != reference


def test_every_key_has_a_type_a_help_line_and_a_row_with_its_default():
    reference = config_reference.reference()
    for cls in sections():
        for f in fields(cls):
            if f.name in ("path", "options"):
                continue
            assert f.metadata.get("value") in VALUES and f.metadata.get("help"), f"{cls.__name__}.{f.name}"
            default = default_of(f)
            if cls in KIND_OPTIONS.values():
                shown = "required" if default is MISSING else f"default `{config_reference._literal(default)}`"
                assert f"`{f.name}` (" in reference and shown in reference, f.name
            elif f.metadata["value"] not in ("section",) and default not in (MISSING, None):
                assert f"| `{config_reference._literal(default)}` |" in reference, (cls.__name__, f.name)
    for kind in [*KINDS, REPORT_KIND]:
        assert f"| `{kind}` |" in reference


def test_each_kind_owns_its_options_and_the_kinds_read_them_from_there():
    assert KINDS["directory"].options is DirectoryOptions and KINDS["status"].options is StatusOptions
    assert KINDS["directory-check"].options is DirectoryCheckOptions and KINDS["plans"].options is KindOptions
    assert set(KIND_OPTIONS) <= set(KINDS)
    assert [k for k, kind in KINDS.items() if kind.needs_source] == ["directory-check"]
    assert [k for k, kind in KINDS.items() if kind.needs_translations] == ["status"]
    assert OPTION_KEYS == ("stale_days", "translations", "source", "columns", "map_size")


def test_defaults_come_from_the_schema():
    config = check_config(parse_config({"outputs": [
        {"name": "d", "kind": "directory", "page": "D"}, {"name": "s", "kind": "status", "page": "S"},
        {"name": "c", "kind": "directory-check", "source": "hubs/ongoing"},
        {"name": "p", "kind": "plans", "page": "P"}]}))
    d, s, c, p = config.outputs
    assert d.options == DirectoryOptions() and d.options.columns == DirectoryOptions.columns and d.map_size == 120
    assert s.options == StatusOptions(stale_days=180, translations=()) and s.source is None
    assert c.options == DirectoryCheckOptions(source="Hubs/ongoing") and c.source == "Hubs/ongoing"
    assert c.page == "User:{account}/Directory check" and c.translations == ()
    assert p.options == KindOptions() and config.safety == config.safety.__class__()
    with pytest.raises(AttributeError, match="an output of kind 'plans' has no 'columns'"):
        p.columns


def test_a_required_option_an_option_of_another_kind_and_bounds_say_which_key():
    def error(output: dict) -> str:
        with pytest.raises(UserError) as err:
            parse_config({"outputs": [{"name": "o", "page": "P", **output}]}, "c.yaml")
        return str(err.value)
    assert error({"kind": "directory-check"}) == (
        "c.yaml: outputs[0].source: is required for a directory-check output. "
        "Fix: name the hand-kept directory page, e.g. source: Hubs/Ongoing.")
    assert error({"kind": "plans", "source": "X"}) == (
        "c.yaml: outputs[0].source: 'source' does not apply to an output of kind plans (only to kind "
        "directory-check). Fix: remove it here, or move it to that output.")
    assert error({"kind": "directory", "map_size": 1001}) == (
        "c.yaml: outputs[0].map_size: must be at most 1000, not 1001. Fix: write a number from 16 to 1000, e.g. 120.")
    assert error({"kind": "status", "stale_days": 0}) == (
        "c.yaml: outputs[0].stale_days: must be at least 1, not 0. Fix: write a number such as 180.")
    assert error({"kind": "status", "colour": "red"}).endswith(
        "use one of: " + ", ".join([f.name for f in keys_of(OutputConfig)] + list(OPTION_KEYS)) + ".")


def test_account_in_an_options_title_is_filled_in():
    config = parse_config({"outputs": [
        {"name": "c", "kind": "directory-check", "page": "P", "source": "User:{account}/Table"},
        {"name": "s", "kind": "status", "page": "S", "translations": ["Hubs", "User:{account}/Hubs"]}]})
    assert config.uses_account
    c, s = config.for_account("HubBot").outputs
    assert c.source == "User:HubBot/Table" and s.translations == ("Hubs", "User:HubBot/Hubs")
