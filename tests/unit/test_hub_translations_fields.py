"""A hub's translation field by field: translated details reach the reader, an outdated name or details (Translate's
mw-translate-fuzzy) stay English while the other fields of the same page are translated, and a config's own
infobox template is read on the translation pages (found by mutation testing, docs/mutation.md: these lines
survived every other unit test)."""

from __future__ import annotations

from bot.logic.languages import HubTranslation, languages_read
from bot.models import Hub, PageText

HUB_A = Hub("Hub A", "Hub A", ("regional",), "Central Europe", "pilot", details=("Runs the region's events.",))
HUB_B = Hub("Hub B", "Hub B", ("thematic",), "Education", "pilot", details=("Trains teachers.",))
# The trial config's template (config/trial.yaml reads User:<account>/Hub infobox, not Template:Hub infobox).
A_SW = """{{User:HubBot/Hub infobox
| name = <span class="mw-translate-fuzzy">Kituo A</span>
| type = regional
| scope = <span class="mw-translate-fuzzy">Ulaya ya Kati</span>
| status = pilot
| details = Kinaendesha matukio ya kanda.
}}"""
B_SW = """{{User:HubBot/Hub infobox
| name = Kituo B
| type = thematic
| scope = Elimu
| status = pilot
| details = <div class="mw-translate-fuzzy">
Kinafundisha walimu.
</div>
}}"""


def test_translated_fields_are_shown_and_outdated_ones_stay_english():
    pages = {"Hub A/sw": PageText("Hub A/sw", A_SW), "Hub B/sw": PageText("Hub B/sw", B_SW)}
    found = languages_read(["sw"], [HUB_A, HUB_B], "Hubs/hubbot labels", pages, template="User:HubBot/Hub infobox")
    swahili = found["sw"]
    assert swahili.code == "sw"
    assert dict(swahili.hubs) == {"Hub A": HubTranslation(details=("Kinaendesha matukio ya kanda.",)),
                                  "Hub B": HubTranslation(name="Kituo B", scope="Elimu")}
    a, b = swahili.localized([HUB_A, HUB_B])
    assert (a.name, a.scope, a.details) == ("Hub A", "Central Europe", ("Kinaendesha matukio ya kanda.",))
    assert (b.name, b.scope, b.details) == ("Kituo B", "Elimu", ("Trains teachers.",))


def test_with_the_default_template_another_templates_translations_are_not_read():
    pages = {"Hub B/sw": PageText("Hub B/sw", B_SW)}
    assert languages_read(["sw"], [HUB_B], "Hubs/hubbot labels", pages)["sw"].hubs == ()
