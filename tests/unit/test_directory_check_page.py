"""The directory-check page, row by row: which hub, what disagrees, what the hand-kept directory says and what
the infobox says, stated literally (found by mutation testing, docs/mutation.md: every value of these rows
survived the other unit tests, which compared only the hubs and issues)."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.config import DirectoryCheckOptions, OutputConfig
from bot.logic.outputs import RunData, directory_check
from bot.models import Hub
from bot.parsing.directory_table import DirectoryRecord

TEXT_120 = "The hub of A: " + "a" * 106                       # 120 characters: quoted whole
LONG = ("Brings together the wiki communities of Central Asia around shared events, trainings and a joint grant; "
        "a second year is planned.")                           # 127 characters: cut to 119 and "…"
CHECK = OutputConfig(name="check", kind="directory-check", page="User:HubBot/Directory check",
                     options=DirectoryCheckOptions(source="Hubs/Ongoing"))
NOW = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)


def record(row, types, scope, page=None, label=None, status=None, status_text="", details=""):
    return DirectoryRecord(row, types, scope, page, label, status, status_text, details, ())


def page(records, hubs) -> str:
    return directory_check(CHECK, RunData(hubs, [], NOW, directories={"Hubs/Ongoing": records}))


def test_each_row_names_the_hub_the_disagreement_and_both_values():
    records = [
        record(1, ("regional",), "A scope", "Hub A", "Hub A label", "pilot", "Pilot", TEXT_120),
        record(2, ("thematic",), "hub b", status="planning", status_text="Planning"),    # no link: found by name
        record(3, ("regional",), "Central Asia", status="research", status_text="Research",
               details="Short."),                                                          # found by scope
        record(4, ("regional",), "Old scope", "Gone Hub", "Gone"),                          # no status given
        record(5, ("linguistic",), "Nowhere", status="pilot", status_text="Pilot (since 2024)"),
    ]
    hubs = [Hub("Hub A", "Hub A", "regional", "A scope", "implementation"),
            Hub("Hub B", "Hub B", "thematic", "Education", "planning"),
            Hub("Hub C", "Central Asian Hub", "regional", "Central Asia", "research", details=(LONG,)),
            Hub("Hub D", "Hub D", "linguistic", "Somewhere"),
            Hub("Hub E", "Hub E", "regional", "Elsewhere", "pilot")]
    assert page(records, hubs) == (
        "Where the hand-kept directory [[Special:MyLanguage/Hubs/Ongoing|Hubs/Ongoing]] and the hubs' "
        "[[Special:MyLanguage/Template:Hub infobox|Hub infobox]] disagree. Fix the one that is wrong.\n"
        '{| class="wikitable sortable hubbot-directory-check"\n'
        "! Hub !! Disagreement !! Directory says !! Infobox says\n"
        "|-\n"
        "| [[Special:MyLanguage/Hub C|Central Asian Hub]] || details differ || Short. || Brings together the wiki "
        "communities of Central Asia around shared events, trainings and a joint grant; a second year i…\n"
        "|-\n"
        "| [[Special:MyLanguage/Gone Hub|Gone]] || in the directory, no infobox || row 4: no status || "
        "no hub page with an infobox\n"
        "|-\n"
        f"| [[Special:MyLanguage/Hub A|Hub A]] || details differ || {TEXT_120} || no details\n"
        "|-\n"
        "| [[Special:MyLanguage/Hub A|Hub A]] || status differs || Pilot || implementation\n"
        "|-\n"
        "| [[Special:MyLanguage/Hub D|Hub D]] || infobox, not in the directory || no row || no status\n"
        "|-\n"
        "| [[Special:MyLanguage/Hub E|Hub E]] || infobox, not in the directory || no row || pilot\n"
        "|-\n"
        "| [[Special:MyLanguage/Nowhere|Nowhere]] || in the directory, no infobox || row 5: Pilot (since 2024) || "
        "no hub page with an infobox\n"
        "|}\n")


def test_a_directory_that_agrees_says_so():
    records = [record(1, ("regional",), "A scope", "Hub A", "Hub A", "pilot", "Pilot")]
    assert page(records, [Hub("Hub A", "Hub A", "regional", "A scope", "pilot")]).endswith(
        "Fix the one that is wrong.\nNo disagreements: the directory and the infoboxes agree.\n")
