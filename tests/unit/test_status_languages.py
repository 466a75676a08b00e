"""The status page says, per language, how many hub names and labels readers see translated (issue 25)."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.config import parse_config
from bot.logic.kinds import KINDS
from bot.logic.labels import LABELS, Labels
from bot.logic.languages import HubTranslation, Language
from bot.logic.outputs import RunData
from bot.logic.status import LanguageCounts, language_counts
from bot.models import Hub

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)
HUBS = [Hub("CEE Hub", "CEE Hub", "regional", "Central and Eastern Europe", "pilot", updated="2026-10-01"),
        Hub("ESEAP Hub", "ESEAP Hub", "regional", "East, Southeast Asia and the Pacific", "pilot"),
        Hub("EduWiki Hub", "EduWiki Hub", "thematic", "Education", "research")]
SW = Language("sw", Labels("sw", (("column-scope", "Upeo"), ("status-pilot", "Majaribio"), ("type-regional", "Kikanda"))),
              (("CEE Hub", HubTranslation(name="Kituo cha CEE")), ("EduWiki Hub", HubTranslation(name="Kituo cha Elimu")),
               ("ESEAP Hub", HubTranslation(scope="Asia"))))        # a scope alone is no translated name
DE = Language("de", Labels("de", (("heading-regional", "Regionale Hubs"),)))
ZH = Language("zh")                                                    # in use, nothing of the lists translated yet
SECTION = """
=== Hub names and labels by language ===
How many hub names (each hub as its page in that language names it in its infobox, or its translated title) and labels (the words of the lists and of the infobox) are translated into each language; what is not translated shows in English.
{| class="wikitable sortable hubbot-languages"
! Language !! Hub names !! Labels
|-
| de || 0/3 || 1/%(labels)d
|-
| sw || 2/3 || 3/%(labels)d
|-
| zh || 0/3 || 0/%(labels)d
|}
""" % {"labels": len(LABELS)}


def status(**data) -> str:
    out = parse_config({"outputs": [{"name": "status", "kind": "status", "page": "Hubs/Status"}]}).outputs[0]
    return KINDS["status"].render(out, RunData(hubs=list(HUBS), problems=[], now=NOW, **data))


def test_each_language_in_use_counts_its_translated_names_and_labels():
    assert language_counts([SW, ZH, DE], 3) == [LanguageCounts("de", 0, 3, 1), LanguageCounts("sw", 2, 3, 3),
                                                LanguageCounts("zh", 0, 3, 0)]
    assert LanguageCounts("sw", 2, 3, 3).label_total == len(LABELS) > 30


def test_the_status_page_ends_with_the_languages_table():
    english = status()
    text = status(languages={"zh": ZH, "sw": SW, "de": DE})
    assert text == english + SECTION


def test_without_translations_the_status_page_is_what_it_was():
    text = status()
    assert "by language" not in text and "hubbot-languages" not in text
    assert text.endswith("\n=== Hubs ===\n"
                         "{{#invoke:Hub status|hubs|stale_days=180\n"
                         "|2026-10-01|Regional|Pilot|0|0|[[Special:MyLanguage/CEE Hub|CEE Hub]]\n"
                         "||Thematic|Research|0|0|[[Special:MyLanguage/EduWiki Hub|EduWiki Hub]]\n"
                         "||Regional|Pilot|0|0|[[Special:MyLanguage/ESEAP Hub|ESEAP Hub]]\n"
                         "}}\n")
    assert status(languages={}) == text


def test_a_language_code_is_text_on_the_page():
    odd = Language("x|y}}[[z]]", Labels("x|y}}[[z]]"))
    text = status(languages={odd.code: odd})
    assert "| x&#124;y&#125;&#125;&#91;&#91;z&#93;&#93; || 0/3 || 0/" in text
