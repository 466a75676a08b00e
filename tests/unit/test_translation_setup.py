"""The `translation:` config section and what publish-templates publishes for it (issue 25)."""

from __future__ import annotations

from bot.logic import labels as L


def test_publish_templates_publishes_the_labels_page_when_translation_is_configured(tmp_path):
    from bot.app import publish_templates
    from bot.config import parse_config
    from bot.wiki.memory import MemoryWiki
    outputs = [{"name": "plans", "kind": "plans", "page": "Hubs/List of ongoing plans"}]
    wiki = MemoryWiki()
    without = dict(publish_templates(wiki, parse_config({"outputs": outputs}, str(tmp_path / "a.yaml")),
                                     state_dir=tmp_path / "a", emit=lambda line: None))
    assert not [t for t in without if "labels" in t]                         # opt-in: no section, no page
    config = parse_config({"outputs": outputs, "translation": {"labels": "Hubs/Words"}}, str(tmp_path / "c.yaml"))
    done = dict(publish_templates(wiki, config, state_dir=tmp_path / "state", emit=lambda line: None))
    assert done["Hubs/Words"] == "edited" and wiki.text("Hubs/Words") == L.labels_page_text().rstrip("\n")
    assert dict(publish_templates(wiki, config, state_dir=tmp_path / "state", emit=lambda line: None))[
        "Hubs/Words"] == "unchanged"


def _config(translation, outputs=None):
    from bot.config import parse_config
    outputs = outputs or [{"name": "plans", "kind": "plans", "page": "Hubs/List of ongoing plans"},
                          {"name": "directory", "kind": "directory", "page": "Hubs/Ongoing", "region": "dir"},
                          {"name": "status", "kind": "status", "page": "Hubs/Status"}]
    return parse_config({"outputs": outputs, "translation": translation}, "c.yaml")


def test_the_translation_section_defaults_to_every_plans_and_directory_page_of_its_own():
    t = _config({"pages": ["hubs", "Hubs/Ongoing"]}).translation
    assert (t.pages, t.labels, t.outputs, t.source_language) == (("Hubs", "Hubs/Ongoing"), "Hubs/hubbot labels",
                                                                 ("plans",), "en")
    assert _config(None).translation.outputs == ("plans",)                    # `translation:` alone: the defaults
    from bot.config import parse_config
    assert parse_config({"outputs": [{"name": "p", "kind": "plans", "page": "P"}]}, "c.yaml").translation is None


def test_the_translation_section_names_what_is_wrong_and_the_fix():
    import pytest
    from bot.errors import UserError
    cases = {
        "translation.outputs[0]: 'directory' writes a region of Hubs/Ongoing; a page per language needs a page of "
        "its own.": {"outputs": ["directory"]},
        "translation.outputs[0]: there is no output named 'nope'.": {"outputs": ["nope"]},
        "translation.outputs[0]: 'status' is a status output; only plans and directory outputs are written per "
        "language.": {"outputs": ["status"]},
        "translation.labels: 'Hubs/Status' is written by an output.": {"labels": "Hubs/Status"},
        "translation.source_language: 'EN' is not a language code.": {"source_language": "EN"},
        "translation.pages[0]": {"pages": ["[[Hubs]]"]},
        "translation.colour: unknown key.": {"colour": "blue"},
    }
    for message, section in cases.items():
        with pytest.raises(UserError) as caught:
            _config(section)
        assert f"c.yaml: {message}" in str(caught.value), str(caught.value)
    with pytest.raises(UserError) as caught:
        _config({"outputs": ["directory"]})
    assert "transcludes with {{:PAGE{{#translation:}}}}" in str(caught.value)


def test_publish_templates_publishes_each_labels_documentation_once_the_labels_page_is_marked(tmp_path):
    """Finding 18: the documentation Special:Translate shows beside each unit (Translations:LABELS/KEY/qqq) is
    published with the labels page once Translate takes it; before, one line says why and when; a translation
    administrator's edit of one is kept."""
    from bot.app import publish_templates
    from bot.config import parse_config
    from bot.models import TranslationProgress, TranslationStat
    from bot.wiki.memory import MemoryWiki

    class Marked(MemoryWiki):
        units = 0                                   # units of the marked labels page (0: not marked)

        def translation_progress(self, page):
            self.counters.requests += 1
            if not self.units:
                return TranslationProgress(page, False, note=f"{page} is not marked for translation")
            return TranslationProgress(page, True, (TranslationStat("en", self.units, self.units, 0),
                                                    TranslationStat("sw", self.units, 2, 0)))

    config = parse_config({"outputs": [{"name": "plans", "kind": "plans", "page": "Hubs/List of ongoing plans"}],
                           "translation": {"labels": "Hubs/Words"}}, str(tmp_path / "c.yaml"))
    wiki, lines = Marked(), []
    done = dict(publish_templates(wiki, config, state_dir=tmp_path / "state", emit=lines.append))
    assert done["Hubs/Words"] == "edited" and not [t for t in done if t.startswith("Translations:")]
    assert lines[-1] == ("Translations:Hubs/Words/KEY/qqq (the documentation of 38 labels for translators): not "
                         "published yet: Hubs/Words is not marked for translation. publish-templates publishes them "
                         "once a translation administrator has marked Hubs/Words for translation.")
    wiki.units = 38                                 # marked before this hubbot's introduction: one unit missing
    lines.clear()
    done = dict(publish_templates(wiki, config, state_dir=tmp_path / "state", emit=lines.append))
    assert not [t for t in done if t.startswith("Translations:")]
    assert lines[-1].startswith("Translations:Hubs/Words/KEY/qqq (the documentation of 38 labels for translators): "
                                "not published yet: Hubs/Words is marked for translation with 38 units, and hubbot's "
                                "text of it has 39: its new units are not marked yet. ")

    wiki.units = 40                                 # marked again (Translate counts the page title too)
    lines.clear()
    done = dict(publish_templates(wiki, config, state_dir=tmp_path / "state", emit=lines.append))
    docs = {t: a for t, a in done.items() if t.startswith("Translations:")}
    assert len(docs) == 38 and set(docs.values()) == {"edited"} and lines == []
    assert wiki.text("Translations:Hubs/Words/heading-count/qqq") == (
        "A section heading of the hub directory with its number of hubs, 'Regional hubs (9)' in English: "
        "$1 the heading, $2 the number.")
    assert wiki.text("Translations:Hubs/Words/column-name/qqq") == (
        "A column header of the hub directory and of on-wiki hub lists (the Hub list template), above each hub's "
        "name (a link to the hub's page).")
    # A translation administrator improves one: the next publication keeps it, and leaves the others unchanged.
    wiki.edit("Translations:Hubs/Words/column-name/qqq", "Header of the hub column.", user="Admin")
    lines.clear()
    done = dict(publish_templates(wiki, config, state_dir=tmp_path / "state", emit=lines.append))
    assert done["Translations:Hubs/Words/column-name/qqq"] == "refused"
    assert {a for t, a in done.items() if t.startswith("Translations:") and "column-name" not in t} == {"unchanged"}
    assert wiki.text("Translations:Hubs/Words/column-name/qqq") == "Header of the hub column."
