"""The {{Hub infobox}} parser, case by case (data-driven), as editors write it on Meta."""

from __future__ import annotations

import pytest

from bot.models import Plan
from bot.parsing.infobox import parse_hub_page

VALID = """{{Hub infobox
| name = Wikimedia CEE Hub
| type = regional
| scope = Central and Eastern Europe
| status = implementation
| languages = en, pl, uk
| website = https://cee.example.org
| contact = User:Example
| founded = 2021
| updated = 2026-01-31
| plans = [[Wikimedia CEE Hub/Year 2 plan|Year 2 plan]]
[https://example.org/study Feasibility study]
}}
Text about the hub."""


def parsed(text, title="Wikimedia CEE Hub"):
    return parse_hub_page(title, text)


def fields_with_problems(result):
    return sorted((p.field or "") for p in result.problems)


def test_valid_page_gives_every_field_and_no_problem():
    r = parsed(VALID)
    assert r.problems == ()
    h = r.hub
    assert (h.name, h.type, h.scope, h.status) == ("Wikimedia CEE Hub", "regional",
                                                   "Central and Eastern Europe", "implementation")
    assert h.languages == ("en", "pl", "uk")
    assert (h.website, h.contact, h.founded, h.updated) == ("https://cee.example.org", "User:Example", 2021,
                                                            "2026-01-31")
    assert h.plans == (Plan("Wikimedia CEE Hub/Year 2 plan", "Year 2 plan", False),
                       Plan("https://example.org/study", "Feasibility study", True))


# (description, infobox body lines, field, expected value)
VALUE_CASES = [
    ("html comment", "name = CEE <!-- hidden --> Hub", "name", "CEE Hub"),
    ("translate markup", "name = <translate><!--T:12--> CEE Hub</translate>", "name", "CEE Hub"),
    ("tvar", "scope = <translate>See <tvar name=\"1\">Europe</tvar> region</translate>", "scope",
     "See Europe region"),
    ("old tvar syntax", "scope = <translate>The <tvar|x>East</> region</translate>", "scope", "The East region"),
    ("ref dropped", "scope = Europe<ref>[[Some source]]</ref>", "scope", "Europe"),
    ("nowiki kept literally", "scope = <nowiki>[[not a link]]</nowiki>", "scope", "[[not a link]]"),
    ("link label", "scope = [[Special:MyLanguage/Central Europe|Central Europe]] and more", "scope",
     "Central Europe and more"),
    ("link without label", "scope = [[Central_Europe]]", "scope", "Central Europe"),
    ("entity", "scope = Europe &amp; Asia&nbsp;Pacific", "scope", "Europe & Asia Pacific"),
    ("whitespace", "name =    Lots   of\n  space   ", "name", "Lots of space"),
    ("status template", "status = {{Status|Pilot}}", "status", "pilot"),
    ("status case", "status = IMPLEMENTATION", "status", "implementation"),
    ("planning/discussion", "status = Planning/Discussion", "status", "planning"),
    ("planning / discussion", "status = Planning / Discussion", "status", "planning"),
    ("type case", "type = Thematic", "type", "thematic"),
    ("parser function dropped", "scope = Europe{{#if:x|!}}", "scope", "Europe"),
    ("bold", "name = '''CEE''' Hub", "name", "CEE Hub"),
    ("alias hub_name", "hub_name = Alias Hub", "name", "Alias Hub"),
    ("alias last_update", "last_update = 2025-05-05", "updated", "2025-05-05"),
    ("case-insensitive key", " NAME  = Upper Hub", "name", "Upper Hub"),
    ("space for underscore", "last update = 2025-05-06", "updated", "2025-05-06"),
    ("languages spaces and dupes", "languages = EN ,pl;  pt-BR, en", "languages", ("en", "pl", "pt-br")),
    ("website as link", "website = [https://example.org Example]", "website", "https://example.org"),
    ("contact link", "contact = [[User:Example|Example]]", "contact", "Example"),
]


@pytest.mark.parametrize("description,line,field,expected", VALUE_CASES, ids=[c[0] for c in VALUE_CASES])
def test_values_are_read_as_a_reader_sees_them(description, line, field, expected):
    base = {"name": "X Hub", "type": "regional", "scope": "Somewhere", "status": "pilot"}
    key = line.split("=", 1)[0].strip().lower().replace(" ", "_")
    lines = [f"| {k} = {v}" for k, v in base.items() if k != field and k != key]
    text = "{{Hub infobox\n" + "\n".join(lines) + f"\n| {line}\n}}}}"
    r = parsed(text)
    assert getattr(r.hub, field) == expected


PROBLEM_CASES = [
    ("no infobox", "Just text about a hub.", [""]),
    ("two infoboxes", VALID + "\n" + VALID, [""]),
    ("unknown parameter", VALID.replace("| founded", "| colour = red\n| founded"), ["colour"]),
    ("duplicate parameter", VALID.replace("| founded", "| name = Again\n| founded"), ["name"]),
    ("unnamed parameter", VALID.replace("| founded", "| stray value\n| founded"), ["1"]),
    ("bad status", VALID.replace("implementation", "exploring"), ["status"]),
    ("bad type", VALID.replace("regional", "global"), ["type"]),
    ("bad date", VALID.replace("2026-01-31", "31/01/2026"), ["updated"]),
    ("impossible date", VALID.replace("2026-01-31", "2026-02-30"), ["updated"]),
    ("bad year", VALID.replace("2021", "long ago"), ["founded"]),
    ("bad url", VALID.replace("https://cee.example.org", "cee dot org"), ["website"]),
    ("bad language", VALID.replace("en, pl, uk", "en, Polish!"), ["languages"]),
    ("missing required", VALID.replace("| scope = Central and Eastern Europe\n", ""), ["scope"]),
    ("blank required", VALID.replace("Central and Eastern Europe", "   "), ["scope"]),
    ("template in name", VALID.replace("= Wikimedia CEE Hub", "= {{PAGENAME}}"), ["name"]),
    ("text in plans", VALID.replace("[https://example.org/study Feasibility study]", "ask Anna"), ["plans"]),
    ("file in plans", VALID.replace("[https://example.org/study Feasibility study]", "[[File:Map.png]]"),
     ["plans"]),
]


@pytest.mark.parametrize("description,text,fields", PROBLEM_CASES, ids=[c[0] for c in PROBLEM_CASES])
def test_problems_name_the_field_and_the_fix(description, text, fields):
    r = parsed(text)
    assert fields_with_problems(r) == sorted(fields)
    for p in r.problems:
        assert p.page == "Wikimedia CEE Hub" and p.message and p.fix


def test_bad_status_lists_allowed_values():
    r = parsed(VALID.replace("implementation", "exploring"))
    assert "research, discussion, planning, pilot, implementation, established, inactive" in r.problems[0].fix
    assert r.hub.status is None and r.hub.name == "Wikimedia CEE Hub"


def test_duplicate_parameter_last_wins():
    r = parsed(VALID.replace("| founded", "| name = Again\n| founded"))
    assert r.hub.name == "Again"


@pytest.mark.parametrize("name", ["Template:Hub infobox", "hub_infobox", "hub infobox", "Hub_infobox",
                                  " template : Hub infobox "])
def test_template_name_variants(name):
    r = parsed(VALID.replace("{{Hub infobox", "{{" + name))
    assert r.hub is not None and r.problems == ()


def test_other_templates_are_not_infoboxes():
    r = parsed(VALID.replace("{{Hub infobox", "{{Hub infobox2"))
    assert r.hub is None


def test_infobox_inside_translate_and_with_nested_templates():
    text = "<languages/>\n<translate>\n" + VALID.replace("Central and Eastern Europe",
                                                         "Central {{lang|en|and}} Eastern Europe") + "\n</translate>"
    r = parsed(text)
    assert r.hub.scope == "Central and Eastern Europe"


def test_plans_split_on_semicolons_and_lines_deduplicated():
    text = VALID.replace("| plans = [[Wikimedia CEE Hub/Year 2 plan|Year 2 plan]]",
                         "| plans = * [[A]]; [[B|Bee]]\n* [[a]]\n# [https://x.org/y]")
    text = text.replace("[https://example.org/study Feasibility study]\n", "")
    r = parsed(text)
    assert [p.target for p in r.hub.plans] == ["A", "B", "https://x.org/y"]
    assert r.hub.plans[1].label == "Bee"
    assert r.problems == ()


def test_plan_link_in_ref_is_kept():
    text = VALID.replace("[https://example.org/study Feasibility study]", "<ref>[[Hub/Study|Study]]</ref>")
    assert [p.target for p in parsed(text).hub.plans] == ["Wikimedia CEE Hub/Year 2 plan", "Hub/Study"]


def test_mylanguage_links_are_normalised():
    text = VALID.replace("[[Wikimedia CEE Hub/Year 2 plan|", "[[Special:MyLanguage/Wikimedia_CEE_Hub/Year 2 plan|")
    assert parsed(text).hub.plans[0].target == "Wikimedia CEE Hub/Year 2 plan"


@pytest.mark.parametrize("text", ["", "{{", "}}", "{{Hub infobox", "{{Hub infobox|name=", "<translate>",
                                  "{{Hub infobox|plans=[[", "{{Hub infobox|name=<ref>", "{{{{{{}}}}}}",
                                  "{{Hub infobox|=|==|===}}", "\x00\ufffd", "{{Hub infobox|name=[[|]]}}"])
def test_broken_text_never_raises(text):
    r = parse_hub_page("Broken", text)
    assert r.page == "Broken"


def test_huge_values_are_cut_with_a_problem_and_never_reach_the_lists_whole():
    from bot.parsing.infobox import RAW_MAX, TEXT_MAX
    huge = "x" * 1_000_000
    text = VALID.replace("| scope = ", f"| scope = {huge} ").replace("| name = ", "| name = " + "N" * 400 + " ")
    result = parse_hub_page("Huge Hub", text)
    hub = result.hub
    assert len(hub.scope) == TEXT_MAX["scope"] and hub.scope.endswith("…")
    assert len(hub.name) == TEXT_MAX["name"]
    messages = [(p.field, p.message) for p in result.problems]
    assert ("scope", f"'scope' is 1,000,029 characters long; only the first {RAW_MAX:,} are read.") in messages
    assert ("name", "'name' is 418 characters long; the lists show the first 150.") in messages


def test_a_signature_in_plans_is_not_two_plans():
    text = VALID.replace("[https://example.org/study Feasibility study]",
                         "[https://example.org/study Feasibility study] [[User:Editor|Editor]] "
                         "([[User talk:Editor|talk]]) [[User:Editor/Hub plan|a plan in a user's space]]")
    result = parse_hub_page("Hub", text)
    assert [p.target for p in result.hub.plans] == ["Wikimedia CEE Hub/Year 2 plan", "https://example.org/study",
                                                    "User:Editor/Hub plan"]
    assert [p.message for p in result.problems if p.field == "plans"] == [
        "'User:Editor' looks like a signature (~~~), not a plan, and is left out.",
        "'User talk:Editor' looks like a signature (~~~), not a plan, and is left out."]


def test_a_scope_of_templates_only_is_one_problem_not_two():
    result = parse_hub_page("Hub", VALID.replace("| scope = Central and Eastern Europe", "| scope = {{Regions|CEE}}"))
    assert [(p.field, p.message.split(" (")[0]) for p in result.problems] == [
        ("scope", "'scope' contains templates the bot cannot expand")]
