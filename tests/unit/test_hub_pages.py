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


def test_an_infobox_hidden_by_a_comment_or_a_tag_is_reported_with_what_hides_it():
    box = "{{Hub infobox\n| name = Research\n}}\nText."
    pages = {"Unclosed": PageText("Unclosed", "<!-- TODO: check the plans\n" + box),
             "Commented": PageText("Commented", "<!-- " + box + " -->\nThe hub moved."),
             "Nowiki": PageText("Nowiki", "<nowiki>" + box + "</nowiki>"),
             "Pre": PageText("Pre", "<pre>\n" + box + "\n</pre>"),
             "Includeonly": PageText("Includeonly", "<includeonly>" + box + "</includeonly>"),
             "Open nowiki": PageText("Open nowiki", "<nowiki> " + box + "\n[[Unclosed link"),
             "Emptied": PageText("Emptied", "<!-- a note -->\nThis page no longer describes a hub.")}
    still, problems = vanished(list(pages), [], pages, "Hub infobox")
    assert still == ["Unclosed", "Commented", "Nowiki", "Pre", "Includeonly", "Open nowiki"]
    by = {p.page: p for p in problems}
    assert all(p.message.startswith("MediaWiki no longer sees the {{Hub infobox}} on this page, so the hub has "
                                    "left every list") for p in problems)
    assert by["Unclosed"].message.endswith("a comment opened with <!-- before the infobox is never closed, so "
                                           "everything after it is hidden, the infobox included.")
    assert by["Unclosed"].fix == "close the comment: add --> where it should end (before the infobox), or remove the <!--."
    assert by["Commented"].message.endswith("the infobox is inside a comment (<!-- ... -->).")
    assert by["Commented"].fix.startswith("remove the <!-- before the infobox and the --> after it;")
    assert by["Nowiki"].fix == "remove the <nowiki> before the infobox and the </nowiki> after it."
    assert by["Pre"].fix == "remove the <pre> before the infobox and the </pre> after it."
    assert by["Includeonly"].fix == "remove the <includeonly> before the infobox and the </includeonly> after it."
    assert "unclosed [[ or {{" in by["Open nowiki"].fix       # a <nowiki> never closed hides nothing


def test_a_hub_whose_infobox_an_unclosed_comment_hides_is_on_the_errors_page_run_after_run(tmp_path):
    from datetime import datetime, timezone

    from bot.config import parse_config
    from bot.logic.kinds import check_config
    from bot.runner import Run
    from bot.state import State
    from bot.wiki.memory import MemoryWiki

    def box(name):
        return f"{{{{Hub infobox\n| name = {name}\n| type = thematic\n| scope = Research\n| status = active\n}}}}\nText."

    wiki = MemoryWiki()
    for i in range(5):
        wiki.edit(f"Hubs/Hub {i}", box(f"Hub {i}"))
    wiki.edit("Hubs/Research", box("Wikimedia Hubs research"))
    wiki.edit("User:HubBot/Shutoff", "run")
    config = check_config(parse_config({
        "hubs": {"template": "Hub infobox"},
        "outputs": [{"name": "directory", "kind": "directory", "page": "Hubs/Directory"},
                    {"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"}],
        "safety": {"shutoff_page": "User:HubBot/Shutoff"}}, str(tmp_path / "config.yaml")))

    def sync():
        report = Run(config, wiki, now=datetime(2026, 11, 25, 12, tzinfo=timezone.utc),
                     state=State.load(tmp_path / "state"), sleep=lambda s: None).run(None)
        return {o.output: o for o in report.outputs}

    sync()
    assert "Wikimedia Hubs research" in wiki.text("Hubs/Directory")
    wiki.edit("Hubs/Research", "<!-- TODO: check the plans\n" + box("Wikimedia Hubs research"))
    by = sync()
    assert by["directory"].summary == "hubbot: directory: −1 hub (Wikimedia Hubs research)"
    errors = wiki.text("User:HubBot/Errors")
    assert "[[Special:MyLanguage/Hubs/Research|" in errors
    assert "a comment opened with &lt;!-- before the infobox is never closed" in errors
    assert "close the comment: add --&gt; where it should end (before the infobox), or remove the &lt;!--." in errors
    by = sync()                                          # still reported while the page stays so
    assert by["errors"].status.value == "unchanged" and "never closed" in wiki.text("User:HubBot/Errors")
    wiki.edit("Hubs/Research", "<!-- " + box("Wikimedia Hubs research") + " -->")     # commented out on purpose
    sync()
    assert "the infobox is inside a comment (&lt;!-- ... --&gt;)" in wiki.text("User:HubBot/Errors")
    wiki.edit("Hubs/Research", box("Wikimedia Hubs research"))                      # fixed: back in the list
    sync()
    assert "Wikimedia Hubs research" in wiki.text("Hubs/Directory")
    assert "MediaWiki no longer sees" not in wiki.text("User:HubBot/Errors")
