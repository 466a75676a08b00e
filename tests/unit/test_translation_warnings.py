"""A translation: section whose labels page or translatable page Translate does not know (a typo in the config,
or a page nobody marked) is said in every run, naming the key, the page and the fix (found by an operator's
try-out: `labels: Hubs/hubbot label` turned every Swahili label back to English without a word)."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.config import parse_config
from bot.logic.kinds import check_config
from bot.logic.safety import translation_warnings
from bot.models import TranslationProgress, TranslationStat

NOW = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
OUTPUTS = [{"name": "plans", "kind": "plans", "page": "Hubs/List of ongoing plans"}]
MARKED = TranslationProgress("Hubs", True, (TranslationStat("en", 10, 10, 0), TranslationStat("sw", 10, 3, 0)))


def config_of(tmp_path, **translation):
    raw = {"outputs": OUTPUTS, "translation": {"pages": ["Hubs"], "labels": "Hubs/hubbot labels", **translation}}
    return check_config(parse_config(raw, str(tmp_path / "config.yaml")))


def test_a_labels_page_translate_does_not_know_is_named_with_the_fix(tmp_path):
    config = config_of(tmp_path, labels="Hubs/hubbot label")
    asked = {"Hubs": MARKED,
             "Hubs/hubbot label": TranslationProgress("Hubs/hubbot label", False,
                                                      note="Hubs/hubbot label is not marked for translation")}
    assert translation_warnings(config, asked) == [
        "translation.labels: Hubs/hubbot label has no translations for hubbot to use (Hubs/hubbot label is not "
        "marked for translation), so its languages get no lists of their own: run `hubbot publish-templates` and "
        "ask a translation administrator to mark it for translation, or correct translation.labels in the config."]


def test_a_translatable_page_with_a_typo_is_named_and_known_pages_say_nothing(tmp_path):
    config = config_of(tmp_path, pages=["Hubs", "Hubs/Ongoin"])
    gone = TranslationProgress("Hubs/Ongoin", False, note="Hubs/Ongoin is not marked for translation")
    labels = TranslationProgress("Hubs/hubbot labels", True, ())
    assert translation_warnings(config, {"Hubs": MARKED, "Hubs/Ongoin": gone, "Hubs/hubbot labels": labels}) == [
        "translation.pages: Hubs/Ongoin has no translations for hubbot to use (Hubs/Ongoin is not marked for "
        "translation), so its languages get no lists of their own: ask a translation administrator to mark it for "
        "translation, or correct translation.pages in the config."]
    assert translation_warnings(config, {"Hubs": MARKED, "Hubs/hubbot labels": labels}) == []


def test_without_a_translation_section_nothing_is_said(tmp_path):
    config = check_config(parse_config({"outputs": OUTPUTS}, str(tmp_path / "config.yaml")))
    assert translation_warnings(config, {"Hubs": TranslationProgress("Hubs", False, note="x")}) == []


def test_a_run_says_it_in_its_report_and_a_quiet_run_logs_it_again(tmp_path, caplog):
    from bot.runner import Run
    from bot.state import State
    from bot.wiki.memory import MemoryWiki
    wiki = MemoryWiki()
    wiki.edit("Hub A", "{{Hub infobox\n| name = Hub A\n| type = regional\n| scope = X\n| status = pilot\n}}")
    wiki.edit("User:HubBot/Shutoff", "run")
    wiki.translation_progress = lambda page: MARKED if page == "Hubs" else TranslationProgress(
        page, False, note=f"{page} is not marked for translation")
    config = check_config(parse_config({"outputs": OUTPUTS, "safety": {"shutoff_page": "User:HubBot/Shutoff"},
                                        "translation": {"pages": ["Hubs"], "labels": "Hubs/hubbot label"}},
                                       str(tmp_path / "config.yaml")))
    report = Run(config, wiki, now=NOW, state=State.load(tmp_path / "state"), sleep=lambda s: None).run()
    said = [m for m in report.messages if "translation.labels" in m]
    assert len(said) == 1 and said[0].startswith("warning: translation.labels: Hubs/hubbot label has no translations")
    caplog.clear()
    with caplog.at_level("WARNING", logger="hubbot"):
        again = Run(config, wiki, now=NOW, state=State.load(tmp_path / "state"), sleep=lambda s: None).run()
    assert again.edits == 0 and again.pages_read == 0          # a quiet run, which still says it
    assert [r.getMessage()[:40] for r in caplog.records] == ["translation.labels: Hubs/hubbot label ha"]
