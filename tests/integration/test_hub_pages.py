"""Nothing vanishes silently, on the real MediaWiki: a hub whose infobox MediaWiki stops seeing, a
redirect that uses the infobox, and a huge infobox value."""

from __future__ import annotations

from tests.integration.conftest import actions


def setup(s, n=6):      # one hub of six leaving is not a suspicious shrink
    s.wiki.import_pages({s.page(f"Hub {i}"): s.infobox(f"Hub {i}") for i in range(n)})
    return s.config([{"name": "directory", "kind": "directory", "page": s.page("Directory")},
                     {"name": "errors", "kind": "errors", "page": s.page("Errors")}])


def test_a_hub_mediawiki_stops_seeing_is_reported_run_after_run(scenario):
    s = scenario
    config = setup(s)
    assert s.sync(config)[0] == 0
    broken = s.infobox("Hub 1", scope="Somewhere, see [[the map")            # an unclosed [[
    s.wiki.edit_as("Editor", s.page("Hub 1"), broken)
    s.wiki.run_jobs()
    code, report = s.sync(config)
    assert code == 0
    summary = next(o["summary"] for o in report["outputs"] if o["name"] == "directory")
    assert summary == "hubbot: directory: −1 hub (Hub 1)"
    errors = s.text(s.page("Errors"))
    assert f"[[Special:MyLanguage/{s.page('Hub 1')}|" in errors
    assert f"MediaWiki no longer sees the &#123;&#123;{s.template}&#125;&#125; on this page" in errors
    assert "unclosed &#91;&#91; or &#123;&#123;" in errors
    code, report = s.sync(config)                    # still reported while the page stays broken
    assert actions(report)[s.page("Errors")] == "unchanged" and "MediaWiki no longer sees" in s.text(s.page("Errors"))
    s.wiki.edit_as("Editor", s.page("Hub 1"), s.infobox("Hub 1"))          # fixed: back in the list
    s.wiki.run_jobs()
    code, report = s.sync(config)
    assert "|Hub 1]]" in s.text(s.page("Directory")) and "MediaWiki no longer sees" not in s.text(s.page("Errors"))


def test_a_removed_infobox_or_a_deleted_hub_just_leaves_the_list(scenario):
    s = scenario
    config = setup(s)
    assert s.sync(config)[0] == 0
    s.wiki.edit_as("Editor", s.page("Hub 2"), "This page no longer describes a hub.")
    s.wiki.run_jobs()
    code, report = s.sync(config)
    assert "−1 hub (Hub 2)" in next(o["summary"] for o in report["outputs"] if o["name"] == "directory")
    assert "MediaWiki no longer sees" not in s.text(s.page("Errors"))


def test_a_redirect_using_the_infobox_is_not_a_hub(scenario):
    s = scenario
    config = setup(s)
    s.wiki.import_pages({s.page("Old name"): f"#REDIRECT [[{s.page('Hub 0')}]]\n" + s.infobox("Old name")})
    code, report = s.sync(config)
    assert code == 0 and report["totals"]["hubs"] == 6
    assert "|Old name]]" not in s.text(s.page("Directory"))
    assert "this page is a redirect, so it is not a hub" in s.text(s.page("Errors"))


def test_a_huge_infobox_value_is_cut_and_every_page_still_saves(scenario):
    s = scenario
    config = setup(s)
    s.wiki.import_pages({s.page("Hub 0"): s.infobox("Hub 0", scope="Everywhere " + "and more " * 120_000)})
    code, report = s.sync(config)
    assert code == 0 and set(actions(report).values()) == {"edited"}
    directory = s.text(s.page("Directory"))
    assert len(directory) < 5_000 and "Everywhere and more and more" in directory and "…" in directory
    assert "&#39;scope' is 1,080,013 characters long; only the first 10,000 are read." in s.text(s.page("Errors"))   # a quote that starts a cell is an entity


def test_an_infobox_hidden_by_an_unclosed_or_a_closed_comment_is_reported(scenario):
    s = scenario
    config = setup(s)
    assert s.sync(config)[0] == 0
    s.wiki.edit_as("Editor", s.page("Hub 3"), "<!-- TODO: check the plans\n" + s.infobox("Hub 3"))
    s.wiki.run_jobs()
    code, report = s.sync(config)
    assert code == 0
    assert next(o["summary"] for o in report["outputs"] if o["name"] == "directory") == "hubbot: directory: −1 hub (Hub 3)"
    errors = s.text(s.page("Errors"))
    assert f"[[Special:MyLanguage/{s.page('Hub 3')}|" in errors
    assert "a comment opened with &lt;!-- before the infobox is never closed" in errors
    code, report = s.sync(config)                    # still reported while the page stays so
    assert actions(report)[s.page("Errors")] == "unchanged"
    s.wiki.edit_as("Editor", s.page("Hub 3"), "<!-- " + s.infobox("Hub 3") + " -->")
    s.wiki.run_jobs()
    s.sync(config)
    assert "the infobox is inside a comment (&lt;!-- ... --&gt;)" in s.text(s.page("Errors"))
