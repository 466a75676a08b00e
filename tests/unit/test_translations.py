"""Translate's answers for lists in the reader's language (issue 25): parsed from answers of the real shape.

The messagegroupstats answers are the recorded sample (tests/data/translate-messagegroupstats-sample.json).
No messagetranslations answer was recorded: tests/data/translate-messagetranslations-sample.json is built
from the Translate extension's own API module (wikimedia/mediawiki-extensions-Translate,
src/MessageLoading/QueryMessageTranslationsActionApi.php: rows of title, language, lasttranslator,
translation as the content value, 'fuzzy': 'fuzzy' when outdated, continue with mtoffset; errors
nomessagefortitle and, without the extension, badvalue). The local wiki's stand-in answers the same shape
(tests/integration/test_translate_standin.py compares them).
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.wiki import translations
from bot.wiki.translate_stats import (collect_messagetranslations, parse_messagegroupstats,
                                      parse_messagetranslations, translated_languages)

DATA = Path(__file__).resolve().parents[1] / "data"
STATS = json.loads((DATA / "translate-messagegroupstats-sample.json").read_text())
UNITS = json.loads((DATA / "translate-messagetranslations-sample.json").read_text())
TITLE = "Translations:Hubs/Page display title/en"


def test_every_language_of_a_unit_in_one_answer_following_mtoffset():
    asked = []

    def request(params):
        asked.append(params)
        return UNITS["second"] if "mtoffset" in params else UNITS["first"]

    found = translations.unit_translations(request, "Hubs", "Page display title")
    assert [p["mttitle"] for p in asked] == [TITLE, TITLE]
    assert asked[0] == {"action": "query", "meta": "messagetranslations", "mttitle": TITLE, "formatversion": "2"}
    assert asked[1]["mtoffset"] == 3 and asked[1]["continue"] == "-||"
    assert found.available and list(found.translations) == ["de", "en", "pl", "sw", "zh"]
    assert found.text("sw") == "Vituo vya Wikimedia" and found.text("zh") == "维基媒体中心"
    assert found.translations["sw"].translator == "Mtafsiri"
    assert found.translations["sw"].title == "Translations:Hubs/Page display title/sw"
    # An outdated (fuzzy) translation is not taken as the translation unless asked for.
    assert found.translations["pl"].fuzzy and found.text("pl") is None and found.text("pl", fuzzy=True) == "Centra"
    assert found.text("fr") is None


def test_formatversion_1_puts_the_text_under_a_star():
    found = parse_messagetranslations(TITLE, [UNITS["formatversion1"]])
    assert found.text("sw") == "Vituo vya Wikimedia"


def test_translated_text_comes_back_as_written_for_the_boundary_to_escape():
    found = parse_messagetranslations("Translations:Hubs/hubbot labels/scope/en", [UNITS["hostile"]])
    assert found.text("de") == "[[Category:Spam]] {{subst:X}} ~~~~ __NOTOC__ | Scope"


def test_no_unit_and_no_extension_are_told_apart():
    no_unit = collect_messagetranslations(TITLE, lambda params: UNITS["no_unit"])
    assert no_unit.available and no_unit.translations == {}
    assert no_unit.note == f"{TITLE} is not a unit of a page marked for translation"
    missing = collect_messagetranslations(TITLE, lambda params: UNITS["missing_extension"])
    assert not missing.available and missing.note == "the Translate extension is not installed on this wiki"
    warned = parse_messagetranslations(TITLE, [{"batchcomplete": True, "warnings": {"query": {
        "warnings": 'Unrecognized value for parameter "meta": messagetranslations'}}, "query": {}}])
    assert warned == missing
    other = parse_messagetranslations(TITLE, [{"error": {"code": "internal_api_error", "info": "boom"}}])
    assert not other.available and other.note == "internal_api_error: boom"


def test_rows_that_are_not_translations_are_left_out():
    found = parse_messagetranslations(TITLE, [{"query": {"messagetranslations": [
        "not a row", {"language": "de"}, {"translation": "no language"}, {"language": "", "translation": "x"},
        {"language": "fr", "translation": 5}, {"language": "sw", "translation": "Vituo"}]}}])
    assert list(found.translations) == ["sw"]


def test_languages_in_use_are_those_with_a_translated_unit():
    progress = parse_messagegroupstats("Hubs", [STATS["first"], STATS["second"]])
    # ig has nothing translated; en is the source language.
    assert translated_languages(progress) == ("dag", "hi", "nan", "pl", "zh")
    assert translated_languages(parse_messagegroupstats("Hubs", [STATS["missing_extension"]])) == ()


def test_a_page_not_marked_for_translation_is_no_message_group():
    # What Translate answers for an unknown group (QueryMessageGroupStatsActionApi: apierror-badparameter).
    answer = {"error": {"code": "badparameter", "info": 'Invalid value for parameter "mgsgroup".'}}
    progress = translations.group_progress(lambda params: answer, "Hubs/Nope")
    assert not progress.available and progress.note == "Hubs/Nope is not marked for translation"


def test_titles_of_units():
    assert translations.unit_title("Hubs/hubbot labels", "scope", "sw") == "Translations:Hubs/hubbot labels/scope/sw"
    assert translations.display_title("Wikimedia CEE Hub", "sw") == \
        "Translations:Wikimedia CEE Hub/Page display title/sw"
