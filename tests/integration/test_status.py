"""Status tables and the {{Hub status}} badge on a real wiki, rendered by MediaWiki's own parser."""

from __future__ import annotations

import re

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
    publish_templates(gateway)                  # Module:Hub status counts the days of the table of hubs
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
    assert "Script error" not in html and "#invoke" not in html

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


def parsed(gateway, text: str) -> str:
    answer = gateway.site.simple_request(action="parse", text=text, contentmodel="wikitext", prop="text",
                                         formatversion="2").submit()
    return answer["parse"]["text"]


def test_the_status_module_counts_days_orders_stale_hubs_and_names_at_most_100(gateway):
    """Module:Hub status's `hubs`, as the status page calls it: six arguments per hub, days counted today (UTC)."""
    from datetime import datetime, timedelta, timezone
    publish_templates(gateway)
    today = datetime.now(timezone.utc).date()
    ago = lambda days: (today - timedelta(days=days)).isoformat()          # noqa: E731
    call = ("{{#invoke:Hub status|hubs|stale_days=30\n"
            f"|{ago(5)}|Regional|Pilot|2|0|[[Fresh]]\n"
            f"|{ago(31)}|Thematic|Planning|0|1|[[A month]]\n"
            f"||||0|0|Nameless\n"
            f"|{ago(400)}|Regional &amp; Thematic|Pilot|1|0|[[Old]]\n"
            "}}")
    html = parsed(gateway, call)
    assert "Script error" not in html
    status = tables(html, "hubbot-status")[0]
    assert status.rows == [["Hub", "Type", "Status", "Days since review", "Plans", "Problems"],
                           ["Fresh", "Regional", "Pilot", "5", "2", "0"],
                           ["A month", "Thematic", "Planning", "31", "0", "1"],
                           ["Nameless", "", "", "never", "0", "0"],
                           ["Old", "Regional & Thematic", "Pilot", "400", "1", "0"]]
    rows = html.split("hubbot-status", 1)[1].split("</table>", 1)[0].split("<tr")[2:]
    assert ["hubbot-stale" in row for row in rows] == [False, True, True, True]
    stale = html.split("Stale hubs", 1)[1]
    assert stale.index("Nameless: never reviewed</li>") < stale.index(f"Old</a>: last reviewed {ago(400)} (400 days ago)") \
        < stale.index(f"A month</a>: last reviewed {ago(31)} (31 days ago)")        # never, then the oldest first
    assert "Fresh" not in stale

    assert "None: every hub was reviewed in the last 30 days." in parsed(
        gateway, "{{#invoke:Hub status|hubs|stale_days=30\n|" + ago(30) + "|Regional|Pilot|0|0|[[Fresh]]}}")
    many = "".join(f"|{ago(100 + i)}|Regional|Pilot|0|0|[[Hub {i}]]\n" for i in range(103))
    html = parsed(gateway, "{{#invoke:Hub status|hubs|stale_days=30\n" + many + "}}")
    assert len(tables(html, "hubbot-status")[0].rows) == 104                     # the table shows every hub
    stale = html.split("Stale hubs", 1)[1]
    assert stale.count("<li>") == 100 and "Hub 102</a>" in stale and "Hub 2</a>" not in stale
    assert "…and 3 more: sort the table above by its days." in stale


def test_a_date_that_cannot_be_read_or_lies_ahead_is_stale_and_named_so_not_never_and_no_negative_days(gateway):
    """The status page gives Module:Hub status 'unreadable' for a date the bot cannot read (31 May 2026), the
    date itself when it is in the future: neither is "never reviewed", neither shows a negative number; both
    are stale, listed and sorted with the never-reviewed hubs (the table's sort value 999999)."""
    from datetime import datetime, timedelta, timezone
    publish_templates(gateway)
    today = datetime.now(timezone.utc).date()
    ahead, ago = (today + timedelta(days=43)).isoformat(), (today - timedelta(days=200)).isoformat()
    html = parsed(gateway, "{{#invoke:Hub status|hubs|stale_days=180\n"
                           "|unreadable|Regional|Pilot|0|1|[[Wikimedia Europe]]\n"
                           f"|{ahead}|Thematic|Pilot|0|1|[[Ahead]]\n"
                           "||Regional|Pilot|0|0|[[Nameless]]\n"
                           f"|{ago}|Regional|Pilot|0|0|[[Old]]\n}}}}")
    assert "Script error" not in html
    assert tables(html, "hubbot-status")[0].rows == [
        ["Hub", "Type", "Status", "Days since review", "Plans", "Problems"],
        ["Wikimedia Europe", "Regional", "Pilot", "date not readable", "0", "1"],
        ["Ahead", "Thematic", "Pilot", "date in the future", "0", "1"],
        ["Nameless", "Regional", "Pilot", "never", "0", "0"],
        ["Old", "Regional", "Pilot", "200", "0", "0"]]
    assert html.count('data-sort-value="999999"') == 3 and "-43" not in html
    rows = html.split("hubbot-status", 1)[1].split("</table>", 1)[0].split("<tr")[2:]
    assert ["hubbot-stale" in row for row in rows] == [True, True, True, True]
    stale = re.findall(r"<li>(.*?)</li>", html.split("Stale hubs", 1)[1], re.S)
    assert [re.sub(r"<[^>]+>", "", item) for item in stale] == [
        "Wikimedia Europe: review date not readable (write it as YYYY-MM-DD)",
        f"Ahead: review date {ahead} is in the future",
        "Nameless: never reviewed",
        f"Old: last reviewed {ago} (200 days ago)"]
