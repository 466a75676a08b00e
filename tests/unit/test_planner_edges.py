"""Planner decisions that only the whole-page commands reach (publish-templates, import-directory), stated
exactly (found by mutation testing, docs/mutation.md: these lines survived every other test)."""

from __future__ import annotations

from bot.models import PageText
from bot.outcomes import Status
from bot.planner import plan_infobox_addition, plan_whole_text

BOX = "{{Hub infobox\n| name = X\n}}"


def test_a_published_page_is_saved_only_when_its_text_differs():
    same = PageText("Template:Hub list", "The template text.\n\n", revid=7)
    assert plan_whole_text("Template:Hub list", same, "The template text.", "publish") == (
        plan_whole_text("Template:Hub list", same, "The template text.", "publish"))
    unchanged = plan_whole_text("Template:Hub list", same, "The template text.", "publish")
    assert (unchanged.title, unchanged.text, unchanged.summary) == ("Template:Hub list", None, "")
    changed = plan_whole_text("Template:Hub list", same, "A new text.", "hubbot: publish")
    assert (changed.title, changed.base, changed.text, changed.summary) == (
        "Template:Hub list", same, "A new text.", "hubbot: publish")


def test_a_missing_page_is_created_even_with_empty_text():
    missing = PageText("Module:Hub list/data", "", exists=False)
    plan = plan_whole_text("Module:Hub list/data", missing, "", "hubbot: create")
    assert (plan.title, plan.text, plan.summary) == ("Module:Hub list/data", "", "hubbot: create")


def test_an_infobox_is_added_at_the_top_after_the_language_bar():
    base = PageText("Hub A", "<languages/>\nAbout the hub.", revid=3)
    plan = plan_infobox_addition("Hub A", base, BOX, "Hub infobox", "hubbot: add infobox", "HubBot")
    assert plan.text == "<languages/>\n" + BOX + "\nAbout the hub."
    assert plan.summary == "hubbot: add infobox" and plan.sections[0].status is None
    plain = plan_infobox_addition("Hub A", PageText("Hub A", "About the hub.", revid=3), BOX, "Hub infobox",
                                  "s", "HubBot")
    assert plain.text == BOX + "About the hub."


def test_an_infobox_is_never_added_twice_nor_to_a_missing_or_nobots_page():
    has = PageText("Hub A", "{{hub infobox|name=A}}\nText", revid=3)
    assert plan_infobox_addition("Hub A", has, BOX, "Hub infobox", "s", "HubBot").text is None
    missing = plan_infobox_addition("Hub B", PageText("Hub B", "", exists=False), BOX, "Hub infobox", "s", "HubBot")
    assert missing.text is None
    assert (missing.sections[0].status, missing.sections[0].owner) == (Status.REFUSED, "editor")
    assert missing.sections[0].reason == "the page does not exist."
    nobots = plan_infobox_addition("Hub C", PageText("Hub C", "{{nobots}}\nText", revid=4), BOX, "Hub infobox",
                                   "s", "HubBot")
    assert nobots.text is None and nobots.sections[0].status is Status.REFUSED
    assert nobots.sections[0].reason == "the page has {{nobots}} or a {{bots}} template excluding hubbot."


def test_an_infobox_ending_in_a_newline_leaves_one_line_break_after_the_language_bar_and_before_the_text():
    """import-directory's proposed infobox ends with a newline (found by mutation testing: `rstrip("\\n")`)."""
    base = PageText("Hub A", "<languages/>\nAbout the hub.", revid=3)
    plan = plan_infobox_addition("Hub A", base, BOX + "\n\n", "Hub infobox", "s", "HubBot")
    assert plan.text == "<languages/>\n{{Hub infobox\n| name = X\n}}\nAbout the hub."
    assert (plan.title, plan.base) == ("Hub A", base)


def test_import_directory_names_why_a_page_gets_no_infobox_and_the_fix():
    """What `import-directory --apply` prints after the page's name ("refused: REASON Fix: FIX"), stated whole."""
    missing = plan_infobox_addition("Hub B", PageText("Hub B", "", exists=False), BOX, "Hub infobox", "s", "HubBot")
    nobots = plan_infobox_addition("Hub C", PageText("Hub C", "{{nobots}}\nText", revid=4), BOX, "Hub infobox",
                                   "s", "HubBot")
    has = plan_infobox_addition("Hub A", PageText("Hub A", "{{Hub infobox|name=A}}", revid=3), BOX, "Hub infobox",
                                "s", "HubBot")
    assert [(p.title, p.text, [(s.output.name, s.output.page, s.status, s.reason, s.fix, s.owner) for s in p.sections])
            for p in (missing, nobots, has)] == [
        ("Hub B", None, [("import-directory", "Hub B", Status.REFUSED, "the page does not exist.",
                          "create the hub page first, or fix the link in the directory table.", "editor")]),
        ("Hub C", None, [("import-directory", "Hub C", Status.REFUSED,
                          "the page has {{nobots}} or a {{bots}} template excluding hubbot.",
                          "add the infobox by hand, or remove the template.", "editor")]),
        ("Hub A", None, []),
    ]
