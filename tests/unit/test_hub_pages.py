"""Redirects are not hubs; a hub MediaWiki stopped seeing is reported, not lost silently."""

from __future__ import annotations

from bot.logic.hub_pages import mentions_template, parse_hub, vanished
from bot.models import PageText

BOX = "{{Hub infobox\n| name = X\n| scope = [[Unclosed link\n}}\nText."


def test_redirects_transcluding_the_template_are_not_hubs():
    for text in ("#REDIRECT [[New]]\n{{Hub infobox|name=Old}}", "#redirect [[New]] {{Hub infobox}}"):
        result = parse_hub("Old", text, "Hub infobox")
        assert result.hub is None and [p.page for p in result.problems] == ["Old"]
        assert result.problems[0].fix == "put the infobox on the page the redirect points to, and remove it here."
    assert parse_hub("New", "{{Hub infobox|name=New}}", "Hub infobox").hub.name == "New"


def test_a_hub_whose_infobox_mediawiki_no_longer_sees_is_reported_and_kept_watched():
    pages = {"Broken": PageText("Broken", BOX),
             "Deleted": PageText("Deleted", "", exists=False),
             "Moved": PageText("Moved", "#REDIRECT [[Elsewhere]]", redirect=True),
             "Emptied": PageText("Emptied", "This page no longer describes a hub."),
             "Fine": PageText("Fine", BOX)}
    still, problems = vanished(["Broken", "Deleted", "Emptied", "Fine", "Moved"], ["Fine"], pages, "Hub infobox")
    assert still == ["Broken"] and [p.page for p in problems] == ["Broken"]
    assert "MediaWiki no longer sees the {{Hub infobox}} on this page" in problems[0].message
    assert "unclosed [[ or {{" in problems[0].fix


def test_the_template_is_recognised_as_mediawiki_names_it():
    for text in ("{{hub_infobox|x}}", "{{ Template:Hub infobox\n|x}}", "{{Hub  infobox}}", "{{Hub infobox<!-- c -->}}"):
        assert mentions_template(text, "Hub infobox"), text
    for text in ("{{Hub infoboxes}}", "Hub infobox", "{{Other}}", "Closed. <!-- the {{Hub infobox}} was removed -->",
                 "<nowiki>{{Hub infobox}}</nowiki> is how to add one"):
        assert not mentions_template(text, "Hub infobox"), text


def test_two_hubs_with_one_name_are_both_told():
    from bot.logic.hub_pages import duplicate_names
    from bot.models import Hub
    problems = duplicate_names([Hub("A", "Alpha Hub"), Hub("B", "alpha hub"), Hub("C", "Gamma")])
    assert [(p.page, p.field) for p in problems] == [("A", "name"), ("B", "name")]
    assert problems[0].message.startswith("the hub page B gives the same name")
