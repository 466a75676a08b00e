"""Labels and hub translations of one language (issue 25): translated where translators gave them, else English."""

from __future__ import annotations

import re

from bot.logic import labels as L
from bot.logic.languages import ENGLISH, HubTranslation, Language, hub_translation, hub_translation_titles, language
from bot.models import Hub, PageText, Plan
from bot.parsing.infobox import STATUSES, TYPES
from bot.rendering.render import type_label
from bot.values import live_markup

PAGE = "Hubs/hubbot labels"


def sw(**texts: str) -> dict[str, str]:
    return {L.label_title(PAGE, key.replace("_", "-"), "sw"): text for key, text in texts.items()}


def test_english_labels_are_the_words_hubbot_always_wrote():
    assert L.ENGLISH.cell("heading-count", L.ENGLISH.cell("heading-regional"), "9") == "Regional hubs (9)"
    assert L.ENGLISH.cell("map-alt", "X") == "Map of X"
    for types in [("regional",), ("regional", "thematic"), ("regional", "thematic", "linguistic")]:
        assert L.ENGLISH.types(types) == type_label(types)
    assert [L.ENGLISH.status(s) for s in STATUSES] == [s.capitalize() for s in STATUSES]
    assert all(f"type-{t}" in L.LABELS for t in TYPES) and all(f"status-{s}" in L.LABELS for s in STATUSES)
    assert L.ENGLISH.status(None) == "" and L.ENGLISH.status("unknown") == "Unknown"
    # Every English label is inert as it is: escaping leaves it byte for byte.
    assert all(L.ENGLISH.cell(key) == english for key, (english, _) in L.LABELS.items())


def test_a_translated_label_replaces_english_the_others_stay():
    labels = L.labels_for("sw", PAGE, sw(column_scope="Upeo", heading_count="$1: $2"))
    assert labels.language == "sw" and labels.count == 2
    assert labels.cell("column-scope") == "Upeo" and labels.cell("column-status") == "Status"
    assert labels.cell("heading-count", "Vituo", "9") == "Vituo: 9"
    other = L.labels_for("fr", PAGE, sw(column_scope="Upeo"))          # another language's pages: not read as fr
    assert other.count == 0 and other.cell("column-scope") == "Scope"


def test_outdated_empty_or_missing_translations_fall_back_to_english():
    labels = L.labels_for("sw", PAGE, {**sw(column_scope="!!FUZZY!!Upeo", column_status="  ", column_map=""),
                                       L.label_title(PAGE, "column-type", "sw"): None})
    assert labels.count == 0 and labels.text("column-scope") == "Scope"


def test_a_translators_markup_is_text_on_the_page():
    hostile = "[[Category:Spam]] {{subst:X}} ~~~~ __NOTOC__ <script>x</script> | ''b'' * $1"
    labels = L.labels_for("sw", PAGE, sw(map_alt=hostile, column_scope="!" + "x" * 500, column_type="* List"))
    cell = labels.cell("map-alt", "Kituo")
    assert live_markup(cell) == [] and "[[" not in cell and "{{" not in cell and "|" not in cell
    assert "<script>" not in cell and "Kituo" in cell and "~" not in cell
    # A line-start character is an entity (a header cell's "!" would start a new cell); list markup is no text.
    assert labels.cell("column-scope").startswith("&#33;x") and len(labels.text("column-scope")) == L.LABEL_MAX
    assert labels.cell("column-type") == "List"


def test_labels_page_has_one_unit_per_label_its_key_the_marker():
    text = L.labels_page_text()
    units = re.findall(r"<translate><!--T:([^>]+)--> (.*?)</translate>", text)
    assert units == [(key, english) for key, (english, _) in L.LABELS.items()]
    assert text.count("<translate>") == len(L.LABELS) + 1                   # and the introduction
    assert all(not re.search(r"[_/\n<>]", key) for key in L.KEYS)          # Translate's unit id rules
    assert L.label_titles(PAGE, ["sw", "de"])[:2] == [f"Translations:{PAGE}/heading-regional/sw",
                                                      f"Translations:{PAGE}/heading-thematic/sw"]
    assert len(L.label_titles(PAGE, ["sw", "de"])) == 2 * len(L.LABELS)


def test_translators_see_the_introduction_in_their_language_and_each_labels_documentation():
    """Finding 18: the introduction is a unit (Hubs/hubbot labels/sw shows it translated), each row says where
    the label is shown, and each unit has its documentation (qqq), which Special:Translate shows beside it."""
    text = L.labels_page_text()
    assert text.startswith("<languages/>\n<translate>\n<!--T:intro-->\nThe words '''hubbot''' writes around ")
    assert "Beside each text, Special:Translate shows where it is used and what its <code>$1</code> and " \
           "<code>$2</code> are (the table below says the same, in English)." in text
    assert ("hubbot's code, not here.\n</translate>\n\n{| class=\"wikitable\"\n! Key !! Where it is used !! Text\n"
            in text)
    assert L.INTRO not in L.LABELS and "{{" not in text                    # no template called from the page
    assert ("|-\n| <code>column-name</code> || a column header of the hub directory and of on-wiki hub lists (the Hub "
            "list template), above each hub's name (a link to the hub's page) || <translate><!--T:column-name--> Hub"
            "</translate>\n") in text
    docs = L.documentation_pages(PAGE)
    assert list(docs) == [f"Translations:{PAGE}/{key}/qqq" for key in L.KEYS]
    assert docs[f"Translations:{PAGE}/heading-count/qqq"] == (
        "A section heading of the hub directory with its number of hubs, 'Regional hubs (9)' in English: "
        "$1 the heading, $2 the number.")
    assert docs[f"Translations:{PAGE}/column-scope/qqq"] == (
        "A column header of the hub directory and of on-wiki hub lists (the Hub list template), above what each hub "
        "covers: a region, a theme or a language; also the name of a row of the hub infobox.")
    assert docs[f"Translations:{PAGE}/map-alt/qqq"] == (
        "The text of a hub's map in the Map column, for readers who cannot see the image: $1 the hub's name.")
    for key, (english, about) in L.LABELS.items():         # every $n is said, after the last ': '
        for n in L.placeholders(english):
            assert f"${n} " in about.split(": ")[-1], key


CEE = Hub("Wikimedia CEE Hub", "Wikimedia CEE Hub", ("regional",), "Central and Eastern Europe", "implementation",
          details=("Run as a decentralised organisation; ", Plan("Wikimedia CEE Hub/Year 2 plan", "year 2 plan")))
LDH = Hub("Wikimedia Language Diversity Hub", "Wikimedia Language Diversity Hub", ("thematic",),
          "Language diversity", "pilot")

CEE_SW = """<languages/>
{{Hub infobox
| name = Wikimedia CEE Hub
| type = regional
| scope = Ulaya ya Kati na Mashariki
| status = implementation
| details = <div lang="en" dir="ltr" class="mw-content-ltr">
Run as a decentralised organisation; [[Wikimedia CEE Hub/Year 2 plan|year 2 plan]]
</div>
}}
"""
LDH_SW = """{{Hub infobox
| name = <span lang="en" dir="ltr" class="mw-content-ltr">Wikimedia Language Diversity Hub</span>
| type = thematic
| scope = <span lang="en" dir="ltr" class="mw-content-ltr">Language diversity</span>
| status = pilot
}}
"""


def test_hub_names_from_the_translated_title_scope_from_the_translation_page():
    pages = {"Translations:Wikimedia CEE Hub/Page display title/sw": "Kituo cha Ulaya ya Kati",
             "Wikimedia CEE Hub/sw": PageText("Wikimedia CEE Hub/sw", CEE_SW),
             "Wikimedia Language Diversity Hub/sw": PageText("Wikimedia Language Diversity Hub/sw", LDH_SW)}
    found = language("sw", [CEE, LDH], L.ENGLISH, pages)
    assert dict(found.hubs) == {"Wikimedia CEE Hub": HubTranslation(name="Kituo cha Ulaya ya Kati",
                                                                    scope="Ulaya ya Kati na Mashariki")}
    cee, ldh = found.localized([CEE, LDH])
    assert (cee.name, cee.scope, cee.details, cee.status) == ("Kituo cha Ulaya ya Kati", "Ulaya ya Kati na Mashariki",
                                                              CEE.details, "implementation")
    assert ldh is LDH                                   # untranslated units read as English: nothing changes
    assert found.names_translated == 1
    assert ENGLISH.localized([CEE, LDH]) == [CEE, LDH]


def test_translated_details_and_an_infobox_name_without_a_translated_title():
    text = CEE_SW.replace("| name = Wikimedia CEE Hub", "| name = Kituo CEE").replace(
        """<div lang="en" dir="ltr" class="mw-content-ltr">
Run as a decentralised organisation; [[Wikimedia CEE Hub/Year 2 plan|year 2 plan]]
</div>""", "Kinaendeshwa kwa ugatuzi; [[Wikimedia CEE Hub/Year 2 plan|mpango wa mwaka 2]]")
    found = hub_translation(CEE, "sw", {"Wikimedia CEE Hub/sw": text,
                                        "Translations:Wikimedia CEE Hub/Page display title/sw": None})
    assert found.name == "Kituo CEE"
    assert found.details == ("Kinaendeshwa kwa ugatuzi; ", Plan("Wikimedia CEE Hub/Year 2 plan", "mpango wa mwaka 2"))
    missing = hub_translation(CEE, "sw", {"Wikimedia CEE Hub/sw": PageText("Wikimedia CEE Hub/sw", "", exists=False)})
    assert missing is None


def test_a_hub_has_one_name_per_language_the_one_its_infobox_shows():
    """Finding 19: the lists name a hub as its own translation page does in its infobox (the translated name unit),
    else by the translated display title, else in English; never one name there and another in the lists."""
    title = "Translations:Wikimedia CEE Hub/Page display title/sw"
    named = CEE_SW.replace("| name = Wikimedia CEE Hub", "| name = Kituo cha CEE")
    pages = {"Wikimedia CEE Hub/sw": named, title: "Kituo cha Wikimedia cha Ulaya ya Kati na Mashariki"}
    assert hub_translation(CEE, "sw", pages).name == "Kituo cha CEE"
    sw = language("sw", [CEE, LDH], L.ENGLISH, pages)
    directory = _rendered("directory", sw, columns=["hub"])
    assert directory.count("[[Special:MyLanguage/Wikimedia CEE Hub|Kituo cha CEE]]") == 1
    # The name unit not translated (English in its span, as FuzzyBot builds it) or outdated: the display title.
    untranslated = CEE_SW.replace("| name = Wikimedia CEE Hub",
                                  '| name = <span lang="en" dir="ltr" class="mw-content-ltr">Wikimedia CEE Hub</span>')
    outdated = CEE_SW.replace("| name = Wikimedia CEE Hub",
                              '| name = <span class="mw-translate-fuzzy">Kituo cha CEE</span>')
    for text in (untranslated, outdated, CEE_SW):
        found = hub_translation(CEE, "sw", {"Wikimedia CEE Hub/sw": text, title: pages[title]})
        assert found.name == "Kituo cha Wikimedia cha Ulaya ya Kati na Mashariki"
    # Neither: English (the scope alone is translated).
    assert hub_translation(CEE, "sw", {"Wikimedia CEE Hub/sw": CEE_SW}).name is None
    assert language("sw", [CEE], L.ENGLISH, {"Wikimedia CEE Hub/sw": CEE_SW}).hub(CEE).name == "Wikimedia CEE Hub"


def test_a_hostile_translated_title_is_reduced_to_text_and_cut():
    title = "[[Category:Spam]] ~~~~ {{subst:X}} " + "n" * 400
    found = hub_translation(CEE, "sw", {"Translations:Wikimedia CEE Hub/Page display title/sw": title})
    assert "[[" not in found.name and "{{" not in found.name and len(found.name) <= 150


def test_translation_titles_only_for_languages_in_use_and_existing_translation_pages():
    assert hub_translation_titles(["A", "B"], ["de", "sw"]) == [
        "Translations:A/Page display title/de", "A/de", "Translations:A/Page display title/sw", "A/sw",
        "Translations:B/Page display title/de", "B/de", "Translations:B/Page display title/sw", "B/sw"]
    assert hub_translation_titles(["A", "B"], ["de", "sw"], existing=["A", "B", "B/sw", "A/fr"]) == [
        "Translations:B/Page display title/sw", "B/sw"]
    assert Language("sw").hub(CEE) is CEE


# -- one list per language: the render functions take a Language ------------------------------------------

def _rendered(kind: str, language: Language, **options) -> str:
    from datetime import datetime
    from bot.config import parse_config
    from bot.logic.kinds import KINDS
    from bot.logic.outputs import RunData
    out = parse_config({"outputs": [{"name": kind, "kind": kind, "page": "P", **options}]}).outputs[0]
    return KINDS[kind].render(out, RunData(hubs=[CEE, LDH, EARTH], problems=[], now=datetime(2026, 11, 25),
                                           language=language))


EARTH = Hub("East Africa Regional and Thematic Hub", "EARTH", ("regional", "thematic"), "East Africa", "planning",
            plans=(Plan("East Africa Regional and Thematic Hub/Plan", "Plan"),), map="EARTH hub map.png")
SWAHILI = Language("sw", L.labels_for("sw", PAGE, sw(heading_regional="Vituo vya kikanda", heading_count="$1 — $2",
                                                     column_name="Kituo", column_scope="Upeo", type_regional="Kikanda",
                                                     status_planning="Mipango", map_alt="Ramani ya $1")),
                   (("Wikimedia CEE Hub", HubTranslation(name="Kituo cha CEE", scope="Ulaya ya Kati")),
                    ("East Africa Regional and Thematic Hub", HubTranslation(name="Kituo cha Afrika Mashariki"))))


def test_a_directory_in_swahili_english_where_not_translated():
    text = _rendered("directory", SWAHILI, columns=["name", "type", "scope", "map", "status"])
    assert text.startswith("=== Vituo vya kikanda — 2 ===\n{| class=\"wikitable sortable hubbot-directory\"\n"
                           "! Kituo !! Type !! Upeo !! class=\"unsortable\" | Map !! Status\n")
    # Sorted by the Swahili names; links go to the hub pages (Special:MyLanguage: the reader's translation).
    assert text.index("Kituo cha Afrika Mashariki") < text.index("Kituo cha CEE")
    assert ("| [[Special:MyLanguage/East Africa Regional and Thematic Hub|Kituo cha Afrika Mashariki]] || "
            "Kikanda &amp; Thematic || East Africa || "
            "[[File:EARTH hub map.png|120px|alt=Ramani ya Kituo cha Afrika Mashariki]] || Mipango") in text
    assert "| [[Special:MyLanguage/Wikimedia CEE Hub|Kituo cha CEE]] || Kikanda || Ulaya ya Kati ||  || Implementation" \
        in text
    assert "=== Thematic hubs — 1 ===" in text                        # the heading untranslated, the count line is
    assert "[[Special:MyLanguage/Wikimedia Language Diversity Hub|Wikimedia Language Diversity Hub]]" in text


def test_english_is_what_it_always_was():
    assert _rendered("directory", ENGLISH) == _rendered("directory", Language())
    text = _rendered("directory", ENGLISH)
    assert text.startswith("=== Regional hubs (2) ===\n") and "=== Thematic hubs (1) ===" in text
    assert "! Hub !! Type !! Scope !! class=\"unsortable\" | Map !! Status !! Details" in text
    assert "Regional &amp; Thematic" in text and "alt=Map of EARTH]]" in text
    from datetime import datetime
    from bot.config import parse_config
    from bot.logic.outputs import RunData, directory, plans
    empty = RunData(hubs=[], problems=[], now=datetime(2026, 11, 25))
    outs = parse_config({"outputs": [{"name": "p", "kind": "plans", "page": "P"},
                                     {"name": "d", "kind": "directory", "page": "D"}]}).outputs
    assert plans(outs[0], empty) == (
        "''No hub lists a plan yet: add them to the plans parameter of a hub's "
        "[[Special:MyLanguage/Template:Hub infobox|Hub infobox]].''\n")
    assert directory(outs[1], empty) == (
        "''No hubs found: no page uses [[Special:MyLanguage/Template:Hub infobox|Hub infobox]] yet.''\n")


def test_plans_and_an_on_wiki_list_in_swahili():
    from bot.logic.hub_list import ListSpec, hub_list
    plans = _rendered("plans", SWAHILI)
    assert plans == ("* [[Special:MyLanguage/East Africa Regional and Thematic Hub|Kituo cha Afrika Mashariki]]\n"
                     "** [[Special:MyLanguage/East Africa Regional and Thematic Hub/Plan|Plan]]\n")
    listed = hub_list(ListSpec(columns=("name", "status"), format="list"), SWAHILI.localized([CEE, EARTH]),
                      SWAHILI.labels)
    assert listed == ("* [[Special:MyLanguage/East Africa Regional and Thematic Hub|Kituo cha Afrika Mashariki]]"
                      " – Mipango\n* [[Special:MyLanguage/Wikimedia CEE Hub|Kituo cha CEE]] – Implementation\n")
    none = Language("sw", L.labels_for("sw", PAGE, sw(list_empty="Hakuna kituo.")))
    assert hub_list(ListSpec(types=("linguistic",)), [CEE], none.labels) == "''Hakuna kituo.''\n"
    assert hub_list(ListSpec(types=("linguistic",), empty="Mine."), [CEE], none.labels) == "''Mine.''\n"

