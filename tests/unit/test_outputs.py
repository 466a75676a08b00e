"""What each output page contains, from hubs and a fixed clock."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from bot.config import OutputConfig, options_of
from bot.logic.kinds import KINDS
from bot.logic.outputs import RunData, item_count
from bot.logic.report import NotWritten, errors_body
from bot.logic.status import age_in_days, cross_table, hub_rows, is_stale
from bot.logic.summary import describe_hubs, describe_plans, snapshot
from bot.wiki.translate_stats import collect_messagegroupstats, parse_messagegroupstats
from bot.models import Hub, Plan, Problem, TranslationProgress

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)
DATA = Path(__file__).resolve().parents[1] / "data"

HUBS = [
    Hub("Wikimedia CEE Hub", "Wikimedia CEE Hub", "regional", "Central and Eastern Europe", "implementation",
        languages=("en", "pl"), website="https://cee.example.org", updated="2026-10-01",
        plans=(Plan("Wikimedia CEE Hub/Year 2 plan", "Year 2 plan"),)),
    Hub("ESEAP Hub", "ESEAP Hub", "regional", "East, Southeast Asia and the Pacific", "pilot", updated="2025-01-01",
        plans=(Plan("https://example.org/s", "Study", True), Plan("ESEAP Hub/Strategy"))),
    Hub("EduWiki Hub", "EduWiki Hub", "thematic", "Education", None),
    Hub("Mystery", None, None, None, "research", updated="2026-11-25"),
]


def out(kind, **options):
    return OutputConfig(name=kind, kind=kind, page="P", options=options_of(kind)(**options))


def build(o, d):
    return KINDS[o.kind].render(o, d)


def data(**kw):
    kw.setdefault("hubs", list(HUBS))
    return RunData(problems=[Problem("EduWiki Hub", "status", "bad | status", "fix it")], now=NOW, **kw)


def test_directory_groups_sorted_and_linked():
    columns = ("hub", "scope", "status", "languages", "website", "updated")
    text = build(out("directory", columns=columns), data())
    assert text.index("=== Regional hubs (2) ===") < text.index("=== Thematic hubs (1) ===") < text.index(
        "=== Type not given (1) ===")
    assert text.index("[[Special:MyLanguage/ESEAP Hub|ESEAP Hub]]") < text.index("[[Special:MyLanguage/Wikimedia CEE Hub|")
    assert "! Hub !! Scope !! Status !! Languages !! Website !! Last updated\n" in text
    assert "| [[Special:MyLanguage/Wikimedia CEE Hub|Wikimedia CEE Hub]] || Central and Eastern Europe || " \
           "Implementation || en, pl || [https://cee.example.org cee.example.org] || 2026-10-01" in text
    assert item_count(text) == 4


MAPPED = [
    Hub("EARTH", "EARTH", ("regional", "thematic"), "East Africa", "planning", map="EARTH map.png",
        details=("Discussions ", Plan("EARTH/Talk", "ongoing"), "; see ", Plan("https://x.org/a", "study", True),
                 ".")),
    Hub("WikiFranca", "WikiFranca", ("linguistic", "regional"), "French-speaking", "discussion"),
    Hub("Language Diversity Hub", "LDH", "thematic", "Languages", "pilot", details=("Pilot | year ''1''",)),
    Hub("CEE", "CEE", "regional", "CEE", "implementation", map="CEE map.svg"),
]


def test_directory_default_columns_match_metas_table():
    text = build(out("directory", map_size=80), data(hubs=list(MAPPED)))
    assert text.count('! Hub !! Type !! Scope !! class="unsortable" | Map !! Status !! Details\n') == 3
    regional = text.split("=== Regional hubs (2) ===")[1].split("===")[0]
    assert regional.splitlines()[4:] == [
        "| [[Special:MyLanguage/CEE|CEE]] || Regional || CEE || [[File:CEE map.svg|80px|alt=Map of CEE]] "
        "|| Implementation ||",
        "|-",
        "| [[Special:MyLanguage/EARTH|EARTH]] || Regional &amp; Thematic || East Africa "
        "|| [[File:EARTH map.png|80px|alt=Map of EARTH]] || Planning || Discussions "
        "[[Special:MyLanguage/EARTH/Talk|ongoing]]; see [https://x.org/a study].",
        "|}",
    ]
    # each hub once, under its first type; every section of a type that has hubs, no empty one
    assert [line for line in text.splitlines() if line.startswith("===")] == [
        "=== Regional hubs (2) ===", "=== Thematic hubs (1) ===", "=== Linguistic hubs (1) ==="]
    assert text.count("|WikiFranca]]") == 1 and "|| Linguistic &amp; Regional ||" in text
    assert ("| [[Special:MyLanguage/Language Diversity Hub|LDH]] || Thematic || Languages ||  || Pilot || "
            "Pilot &#124; year &#39;&#39;1&#39;&#39;\n") in text      # details escaped like any cell


def test_directory_default_map_size_is_120px():
    text = build(out("directory"), data(hubs=list(MAPPED)))
    assert "[[File:CEE map.svg|120px|alt=Map of CEE]]" in text


def test_output_is_byte_stable_whatever_the_input_order():
    a = build(out("directory"), data())
    shuffled = data()
    shuffled.hubs.reverse()
    assert build(out("directory"), shuffled) == a


def test_plans_grouped_by_hub_with_labels():
    text = build(out("plans"), data())
    assert text.splitlines() == [
        "* [[Special:MyLanguage/ESEAP Hub|ESEAP Hub]]",
        "** [https://example.org/s Study]",
        "** [[Special:MyLanguage/ESEAP Hub/Strategy|ESEAP Hub/Strategy]]",
        "* [[Special:MyLanguage/Wikimedia CEE Hub|Wikimedia CEE Hub]]",
        "** [[Special:MyLanguage/Wikimedia CEE Hub/Year 2 plan|Year 2 plan]]",
    ]


def test_errors_page_lists_problems_escaped_or_says_none():
    row = NotWritten("Hubs/Ongoing", "directory", "blocked", "admin", "the page is protected", "ask an admin",
                     "2026-11-20")
    text = errors_body(data().problems, [row], [])
    assert "| [[Special:MyLanguage/EduWiki Hub|EduWiki Hub]] || status || bad &#124; status || fix it" in text
    assert ("| [[Special:MyLanguage/Hubs/Ongoing|Hubs/Ongoing]] || directory || blocked || a wiki administrator "
            "|| the page is protected || ask an admin || 2026-11-20") in text
    empty = errors_body([], [], [])
    assert "No problems found" in empty and "None: every output page could be written." in empty


def test_status_counts_and_staleness():
    rows = hub_rows(data(), 180)
    stale = {r.hub.page: r.stale for r in rows}
    assert stale == {"Wikimedia CEE Hub": False, "ESEAP Hub": True, "EduWiki Hub": True, "Mystery": False}
    assert age_in_days(HUBS[0], NOW.date()) == 55 and is_stale(None, 180) and not is_stale(180, 180)
    columns, cross, totals, total = cross_table(HUBS)
    assert columns == ["Regional", "Thematic", "Linguistic", "Type not given"]
    assert cross == [("Research", [0, 0, 0, 1], 1), ("Pilot", [1, 0, 0, 0], 1), ("Implementation", [1, 0, 0, 0], 1),
                     ("Not given", [0, 1, 0, 0], 1)]
    assert totals == [2, 1, 0, 1] and total == 4


def test_status_counts_a_hub_under_each_of_its_types_and_says_so():
    columns, cross, totals, total = cross_table(MAPPED)
    assert cross == [("Discussion", [1, 0, 1, 0], 1), ("Planning", [1, 1, 0, 0], 1), ("Pilot", [0, 1, 0, 0], 1),
                     ("Implementation", [1, 0, 0, 0], 1)]
    assert totals == [3, 2, 1, 0] and total == 4
    text = build(out("status"), data(hubs=list(MAPPED)))
    assert "! Total !! 3 !! 2 !! 1 !! 0 !! 4\n" in text
    assert ("A hub of more than one type is counted under each of its types, so the type columns can add up "
            "to more than the total (2 hubs have more than one type).") in text
    assert "|Regional &amp; Thematic|Planning|" in text


def test_status_page_text_does_not_depend_on_the_date_the_wiki_counts_the_days():
    o = out("status")
    morning = build(o, data())
    evening = build(o, RunData(hubs=list(HUBS), problems=data().problems, now=NOW.replace(hour=23, minute=59)))
    next_year = build(o, RunData(hubs=list(HUBS), problems=data().problems, now=NOW.replace(year=2027)))
    assert morning == evening == next_year                       # no edit on a day without a hub change
    assert morning.count("#invoke") == 1 and "#time" not in morning and "#expr" not in morning
    hubs = morning.split("=== Hubs ===\n", 1)[1].split("\n}}\n", 1)[0]
    assert hubs == ("{{#invoke:Hub status|hubs|stale_days=180\n"      # Module:Hub status counts the days
                    "||Thematic||0|1|[[Special:MyLanguage/EduWiki Hub|EduWiki Hub]]\n"       # never reviewed, 1 problem
                    "|2025-01-01|Regional|Pilot|2|0|[[Special:MyLanguage/ESEAP Hub|ESEAP Hub]]\n"    # 2 plans
                    "|2026-11-25||Research|0|0|[[Special:MyLanguage/Mystery|Mystery]]\n"
                    "|2026-10-01|Regional|Implementation|1|0|[[Special:MyLanguage/Wikimedia CEE Hub|Wikimedia CEE Hub]]")
    assert "days counted on {{CURRENTYEAR}}-{{CURRENTMONTH}}-{{CURRENTDAY2}} UTC." in morning      # no "(UTC)": no signature


def test_status_arguments_keep_every_value_in_its_own_argument():
    """A value with = | }} or a link cannot name an argument, split one or close the #invoke."""
    hostile = Hub("Hubs/A=B", "x=1 | }} [[y]] {{z}}", ("regional",), None, "pilot", updated="2026-01-02")
    unusable = Hub("Hubs/{{bad}}", "a=b", (), None, None)
    text = build(out("status"), RunData(hubs=[hostile, unusable], problems=[], now=NOW))
    hubs = text.split("=== Hubs ===\n", 1)[1].split("\n}}\n", 1)[0]
    assert hubs.split("\n")[1:] == [
        "||||0|0|a&#61;b",                                    # no date, type or status; the name as text
        "|2026-01-02|Regional|Pilot|0|0|[[Special:MyLanguage/Hubs/A=B|x=1 &#124; &#125;&#125; &#91;&#91;y&#93;&#93; "
        "&#123;&#123;z&#125;&#125;]]"]


def test_translation_progress_follows_continue_and_reports_missing_extension():
    recorded = json.loads((DATA / "translate-messagegroupstats-sample.json").read_text())
    progress = parse_messagegroupstats("Hubs", [recorded["first"], recorded["second"]])
    assert progress.available
    assert [s.code for s in progress.stats] == ["dag", "en", "hi", "ig", "nan", "pl", "zh"]
    hi = next(s for s in progress.stats if s.code == "hi")
    assert (hi.translated, hi.fuzzy, round(hi.percent, 1)) == (9, 4, 21.4)
    missing = parse_messagegroupstats("Hubs", [recorded["missing_extension"]])
    assert not missing.available and "Translate extension is not installed" in missing.note
    warned = parse_messagegroupstats("Hubs", [{"batchcomplete": True, "warnings": {"query": {
        "warnings": 'Unrecognized value for parameter "meta": messagegroupstats'}}, "query": {}}])
    assert warned == missing
    text = build(out("status", translations=("Hubs",)), data(translations={"Hubs": missing}))
    assert "Translation progress is not available (the Translate extension is not installed on this wiki)." in text
    text = build(out("status", translations=("Hubs",)), data(translations={"Hubs": progress}))
    assert "| hi || 21% || 4 || 9/42" in text
    assert "| ig |" not in text                    # Translate lists every language: only started ones are rows
    # The languages with nothing translated are no row and no line: on Meta that said "491 other languages".
    assert "other language" not in text and "nothing translated" not in text.lower()
    assert text.endswith("|-\n| pl || 5% || 2 || 2/42\n|-\n| zh || 5% || 0 || 2/42\n|}\n")
    nothing = TranslationProgress("Hubs", True, tuple(s for s in progress.stats if not s.started))
    text = build(out("status", translations=("Hubs",)), data(translations={"Hubs": nothing}))
    assert text.endswith("==== [[Special:MyLanguage/Hubs|Hubs]] ====\nNothing translated yet.\n")


def test_translation_requests_follow_continue_with_all_its_parameters():
    recorded = json.loads((DATA / "translate-messagegroupstats-sample.json").read_text())
    asked = []

    def fetch(params):
        asked.append(params)
        return recorded["second"] if "mgsoffset" in params else recorded["first"]

    progress = collect_messagegroupstats("Hubs", fetch)
    assert len(asked) == 2 and asked[0]["mgsgroup"] == "page-Hubs"
    assert asked[1]["mgsoffset"] == "nan" and asked[1]["continue"] == "-||"
    assert len(progress.stats) == 7
    assert not collect_messagegroupstats("Hubs", lambda p: recorded["missing_extension"]).available


def test_summaries_say_what_changed():
    before = snapshot(HUBS[:3])
    changed = [HUBS[0].__class__(**{**HUBS[0].__dict__, "status": "established"}), HUBS[1], HUBS[3]]
    text = describe_hubs(before, snapshot(changed))
    assert text == ("+1 hub (Mystery), −1 hub (EduWiki Hub), "
                    "status changed for 1 hub (Wikimedia CEE Hub: implementation→established)")
    assert describe_hubs(None, snapshot(HUBS)) == "4 hubs"
    assert describe_plans(snapshot(HUBS[:1]), snapshot(HUBS[:2])) == "+2 plans"
    assert describe_hubs(before, before) == "details updated"


def test_a_first_plans_summary_counts_plans_and_the_hubs_that_have_them():
    assert describe_plans(None, snapshot(HUBS)) == "3 plans of 2 hubs"


def test_rows_are_remembered_and_a_hub_holding_a_list_still_renders():
    from bot.logic import columns
    chosen = columns.columns_for("directory")
    hub = Hub("Hubs/X", "X", ("regional",), "Somewhere", "pilot", languages=("fr", "de"))
    assert columns.row(hub, chosen) is columns.row(Hub(**vars(hub)), chosen)      # equal hubs: one row
    by_hand = Hub("Hubs/X", "X", ("regional",), "Somewhere", "pilot", languages=["fr", "de"])
    assert columns.row(by_hand, chosen) == columns.row(hub, chosen)
