"""Translate's answers for lists in the reader's language (issue 25): parsed from answers of the real shape.

The messagegroupstats answers are the recorded sample (tests/data/translate-messagegroupstats-sample.json).
Translations themselves are read as pages (Translations:PAGE/UNIT/xx), not with meta=messagetranslations.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.wiki import translations
from bot.wiki.translate_stats import parse_messagegroupstats, translated_languages

DATA = Path(__file__).resolve().parents[1] / "data"
STATS = json.loads((DATA / "translate-messagegroupstats-sample.json").read_text())


def test_languages_in_use_are_those_with_a_translated_unit():
    progress = parse_messagegroupstats("Hubs", [STATS["first"], STATS["second"]])
    # ig has nothing translated; en is the source language.
    assert translated_languages(progress) == ("dag", "hi", "nan", "pl", "zh")
    assert translated_languages(parse_messagegroupstats("Hubs", [STATS["missing_extension"]])) == ()
    # qqq is the units' documentation (the labels page's, published by publish-templates): no language to write.
    documented = {"query": {"messagegroupstats": [
        {"code": "qqq", "total": 43, "translated": 43, "fuzzy": 0, "proofread": 0, "language": "qqq"},
        {"code": "sw", "total": 43, "translated": 2, "fuzzy": 0, "proofread": 0, "language": "sw"}]}}
    assert translated_languages(parse_messagegroupstats("Hubs/hubbot labels", [documented])) == ("sw",)


def test_a_page_not_marked_for_translation_is_no_message_group():
    # What Translate answers for an unknown group (QueryMessageGroupStatsActionApi: apierror-badparameter).
    answer = {"error": {"code": "badparameter", "info": 'Invalid value for parameter "mgsgroup".'}}
    progress = translations.group_progress(lambda params: answer, "Hubs/Nope")
    assert not progress.available and progress.note == "Hubs/Nope is not marked for translation"


def test_titles_of_units():
    assert translations.unit_title("Hubs/hubbot labels", "scope", "sw") == "Translations:Hubs/hubbot labels/scope/sw"
    assert translations.display_title("Wikimedia CEE Hub", "sw") == \
        "Translations:Wikimedia CEE Hub/Page display title/sw"
