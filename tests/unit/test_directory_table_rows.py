"""What import-directory and directory-check read from each row of a directory table, and the problem each bad
row gets, stated literally (found by mutation testing, docs/mutation.md: these values and messages survived
every other unit test)."""

from __future__ import annotations

from bot.models import Plan, Problem
from bot.parsing.directory_table import DirectoryRecord, parse_directory

HEADER = '{| class="wikitable"\n! Type !! Scope !! Rough map !! Status !! Details\n'
COLUMNS = ("type", "scope", "map", "status", "details")


def test_bad_rows_are_named_with_the_problem_and_the_fix_and_good_rows_read_whole():
    rows = ("|-\n| Regional || [[A Hub|A]]\n"
            "|-\n| Regional || || || Pilot || x\n"
            "|-\n| Regional || [[C Hub|C]] || || Paused || N/A\n"
            "|-\n| Galactic || [[D Hub|D]] || || Pilot || -\n"
            "|-\n| Regional & Thematic || [[E Hub|Europe]] || [[File:E map.png|120px]] || Planning/Discussion "
            "|| See [[E/Plan|the plan]], [[E/Plan|again]] <ref>[https://e.org/r ref]</ref>\n")
    records, problems = parse_directory("Hubs/Ongoing", HEADER + rows + "|}\n")
    assert problems == [
        Problem("Hubs/Ongoing", "row 1", "row 1 has 2 cells, the table has 5 columns; the row is not read.",
                "give every row one cell per column."),
        Problem("Hubs/Ongoing", "row 2", "row 2 has no scope.", "write the hub's region or theme in the Scope cell."),
        Problem("Hubs/Ongoing", "row 3", "row 3 (C): status 'Paused' is not a known status.",
                "use one of: research, discussion, planning, pilot, implementation, established, inactive "
                "(Planning/Discussion means planning)."),
        Problem("Hubs/Ongoing", "row 4", "row 4 (D): type 'Galactic' is not Regional, Thematic, Linguistic or a "
                "combination.", "write Regional, Thematic, Linguistic, or a combination such as Regional & Thematic."),
    ]
    plan, again = Plan("E/Plan", "the plan"), Plan("E/Plan", "again")
    assert records == [
        DirectoryRecord(3, ("regional",), "C", "C Hub", "C", None, "Paused", "", (), None, (), COLUMNS),
        DirectoryRecord(4, (), "D", "D Hub", "D", "pilot", "Pilot", "", (), None, (), COLUMNS),
        DirectoryRecord(5, ("regional", "thematic"), "Europe", "E Hub", "Europe", "planning", "Planning/Discussion",
                        "See the plan, again", (plan, Plan("https://e.org/r", "ref", True)), "E map.png",
                        ("See ", plan, ", ", again), COLUMNS),
    ]


def test_a_generated_directory_names_each_hub_in_its_own_column_and_needs_no_scope():
    table = ('{| class="wikitable"\n! Hub !! Type !! Status !! Details\n'
             "|-\n| [[F Hub|F]] || Linguistic || Pilot || —\n"
             "|-\n| [[G Hub]] || Thematic || n/a || Talks\n|}\n")
    records, problems = parse_directory("Hubs/Directory", table)
    assert problems == []
    columns = ("name", "type", "status", "details")
    assert records == [
        DirectoryRecord(1, ("linguistic",), "F", "F Hub", "F", "pilot", "Pilot", "", (), None, (), columns, "F"),
        DirectoryRecord(2, ("thematic",), "G Hub", "G Hub", None, None, "n/a", "Talks", (), None, ("Talks",), columns),
    ]
