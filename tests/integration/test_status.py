"""Status tables and the {{Hub status}} badge on a real wiki, rendered by MediaWiki's own parser."""

from __future__ import annotations

from bot.app import publish_templates
from bot.rendering.html_tables import tables
from tests.integration.conftest import actions

HOSTILE_NAMES = [
    "Pipe | Hub !! {{Bang}} [[Link]]",
    "Bold '''b''' ~~~~ __NOTOC__ <b>tag</b>",
    "* star",
    "-dash |- {|",
    ";semi :colon #hash",
]


def test_status_page_counts_hubs_and_shows_hostile_values_literally(scenario, gateway):
    s = scenario
    pages = {}
    for i, name in enumerate(HOSTILE_NAMES):
        pages[s.page(f"Hostile {i}")] = s.infobox(f"<nowiki>{name}</nowiki>", scope=f"<nowiki>{name}</nowiki>",
                                                  status=["pilot", "research"][i % 2], updated="2026-11-01",
                                                  details=f"<nowiki>{name}</nowiki>")
    pages[s.page("Old")] = s.infobox("Old Hub", type="thematic", status="inactive", updated="2024-01-01")
    s.wiki.import_pages(pages)
    config = s.config([{"name": "status", "kind": "status", "page": s.page("Status"), "stale_days": 180,
                        "translations": ["Hubs"]},
                       {"name": "directory", "kind": "directory", "page": s.page("Directory")}])
    code, report = s.sync(config)
    assert code == 0, report

    html = gateway.render(s.page("Status"))
    status = tables(html, "hubbot-status")[0]
    names = {row[0] for row in status.rows[1:]}
    assert names == set(HOSTILE_NAMES) | {"Old Hub"}
    assert {len(row) for row in status.rows} == {6}
    old = next(row for row in status.rows if row[0] == "Old Hub")
    from datetime import date, datetime, timezone
    days = (datetime.now(timezone.utc).date() - date(2024, 1, 1)).days        # counted by the wiki as it renders
    assert old[1:4] == ["Thematic", "Inactive", str(days)]
    summary = tables(html, "hubbot-summary")[0]
    assert ["Pilot", "3", "0", "0", "0", "3"] in summary.rows and ["Research", "2", "0", "0", "0", "2"] in summary.rows
    assert summary.rows[-1] == ["Total", "5", "1", "0", "0", "6"]
    # The local wiki answers meta=messagegroupstats as Translate does: Hubs is not marked there (no group).
    assert "Translation progress is not available (Hubs is not marked for translation)." in html
    assert "Old Hub" in html.split("Stale hubs")[1]
    assert "<b>tag</b>" not in html and "&lt;b&gt;tag&lt;/b&gt;" in html   # shown, not interpreted

    directory = tables(gateway.render(s.page("Directory")), "hubbot-directory")[0]
    assert {row[2] for row in directory.rows[1:]} == set(HOSTILE_NAMES)          # scope
    assert {row[5] for row in directory.rows[1:]} == set(HOSTILE_NAMES)          # details
    assert {len(row) for row in directory.rows} == {6}

    code, report = s.sync(config, "--now", "2026-11-25T23:59:00Z")      # later the same day
    assert actions(report)[s.page("Status")] == "unchanged" and report["totals"]["edits"] == 0


def test_hub_status_badge_shows_live_status(scenario, gateway, wiki):
    s = scenario
    publish_templates(gateway)
    s.wiki.import_pages({s.page("CEE"): s.infobox("Badge CEE Hub", status="implementation")})
    config = s.config([{"name": "badges", "kind": "badge-data", "page": "Module:Hub status/data"}])
    assert s.sync(config)[0] == 0
    wiki.edit_as("Editor", s.page("Uses badge"), "CEE: {{Hub status|Badge CEE Hub}} / by page: {{Hub status|"
                 + s.page("CEE") + "}} / {{Hub status|No such hub}}")
    html = gateway.render(s.page("Uses badge"))
    assert html.count('class="hub-status hub-status-implementation"') == 2
    assert "No such hub: status unknown" in html

    wiki.edit_as("Editor", s.page("CEE"), s.infobox("Badge CEE Hub", status="established"))
    assert s.sync(config)[0] == 0
    assert 'hub-status-established' in gateway.render(s.page("Uses badge"))
