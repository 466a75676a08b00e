"""Meta's hand-kept Hubs/Ongoing -> import-directory --apply -> sync: the generated directory loses nothing.

For every row of a Meta-like table (rowspan, translate markup, combined types, a
linguistic hub, maps, details with links and <ref>s) the generated directory shows
the same hub, every type, the same map file (as a real thumbnail), the same status
and the details text, as a reader sees them in the rendered page.
"""

from __future__ import annotations

import re
import urllib.request

from bot import cli
from bot.demo_corpus import map_png
from bot.parsing.directory_table import parse_directory
from bot.rendering.html_tables import tables
from tests.integration.conftest import actions


def hand_kept_table(s, maps) -> str:
    return (
        "<languages/>\n<translate>\n<!--T:1-->\nThis page lists ongoing hub projects.\n</translate>\n\n"
        '{| class="wikitable sortable"\n'
        "! <translate><!--T:4--> Type</translate> !! <translate><!--T:5--> Scope</translate> !! "
        "<translate><!--T:6--> Rough map</translate> !! <translate><!--T:7--> Status</translate> !! "
        "<translate><!--T:8--> Details</translate>\n"
        "|-\n| <translate><!--T:9--> Regional</translate>\n"
        f"| [[Special:MyLanguage/{s.page('CEE')}|Central and Eastern Europe]]\n| [[File:{maps['cee']}|120px]]\n"
        "| <translate><!--T:10--> Implementation</translate>\n"
        "| <translate><!--T:11--> Run as a decentralised organisation; two staff members.</translate>"
        f"<ref>[[{s.page('CEE')}/Year 2 plan]]</ref>\n"
        "|-\n| <translate><!--T:12--> Regional & Thematic</translate>\n"
        f"| [[{s.page('EARTH')}|EA Regional and Thematic Hub (EARTH)]]\n| [[File:{maps['earth']}|120px]]\n"
        "| <translate><!--T:13--> Planning</translate>\n"
        f"| <translate><!--T:14--> Brings together East Africa; see the [[<tvar name=\"1\">{s.page('EARTH')}/Plan"
        "</tvar>|plan]].</translate>\n"
        '|-\n| rowspan="2" | <translate><!--T:15--> Regional</translate>\n'
        f"| [[{s.page('ESEAP')}|East, Southeast Asia and the Pacific]]\n| [[File:{maps['eseap']}|120px]]\n"
        f"| <translate><!--T:16--> Pilot</translate>\n| See the [[{s.page('ESEAP')}/Strategy|strategy]].\n"
        f"|-\n| [[{s.page('Iberocoop')}]] (Ibero-America)\n|\n| Planning/Discussion\n"
        "| [https://example.org/iberocoop-hub Hub study]\n"
        "|-\n| <translate><!--T:17--> Linguistic</translate>\n"
        f"| [[{s.page('WikiFranca')}|French-speaking communities]]\n| [[File:{maps['wikifranca']}|120px]]\n"
        "| Discussion\n| Francophone communities talk about a hub.<ref>[https://example.org/wf Survey]</ref>\n"
        "|-\n| Thematic\n"
        f"| [[{s.page('LDH')}|Language diversity]]\n| —\n| {{{{Status|Pilot}}}}\n| <!-- details to be added -->\n"
        "|}\n\n== Hubs research ==\n* Kept by hand.\n")


def row_html(html: str, label: str) -> str:
    """The <tr> of a rendered table whose first cell links ``label``."""
    return next(tr for tr in html.split("<tr")[1:] if f">{label}</a>" in tr.split("</td>")[0])


def test_round_trip_from_the_hand_kept_table_loses_nothing(scenario, capsys):
    s = scenario
    maps = {key: f"Map {s.key} {key}.png" for key in ("cee", "earth", "eseap", "wikifranca")}
    s.wiki.upload_files({name: map_png(name) for name in maps.values()})
    source = s.page("Ongoing")
    hub_pages = {s.page(name): f"The {name} hub page, written by its team.\n"
                 for name in ("EARTH", "ESEAP", "Iberocoop", "WikiFranca", "LDH")}
    hub_pages[s.page("CEE")] = "<languages/>\n<translate><!--T:1--> The CEE Hub page.</translate>\n"
    s.wiki.import_pages({source: hand_kept_table(s, maps), **hub_pages})
    config = s.config([
        {"name": "directory", "kind": "directory", "page": s.page("Directory")},
        {"name": "check", "kind": "directory-check", "page": s.page("Check"), "source": source},
        {"name": "errors", "kind": "errors", "page": s.page("Errors")}])

    assert cli.main(["import-directory", source, "--config", str(config), "--state-dir", str(s.state_dir),
                     "--apply"]) == 0
    assert "infoboxes added: 6" in capsys.readouterr().out
    assert "| type = regional, thematic\n" in s.text(s.page("EARTH"))
    s.wiki.run_jobs()

    code, report = s.sync(config)
    assert code == 0, report
    assert set(actions(report).values()) == {"edited"} and report["totals"]["problems"] == 0
    assert "No disagreements" in s.text(s.page("Check"))        # directory-check: types, map, details agree
    directory = s.text(s.page("Directory"))
    assert [line for line in directory.splitlines() if line.startswith("===")] == [
        "=== Regional hubs (4) ===", "=== Thematic hubs (1) ===", "=== Linguistic hubs (1) ==="]

    from bot.wiki.pywikibot import PywikibotGateway
    gateway = PywikibotGateway()
    html = gateway.render(s.page("Directory"))
    gateway.close()
    rendered = [row for t in tables(html, "hubbot-directory") for row in t.rows]
    assert rendered[0] == ["Hub", "Type", "Scope", "Map", "Status", "Details"]
    shown = {row[0]: row for row in rendered if row[0] != "Hub"}
    records, problems = parse_directory(source, hand_kept_table(s, maps))
    assert problems == [] and len(records) == 6 == len(shown)          # each hub once, EARTH too
    types = {"regional": "Regional", "thematic": "Thematic", "linguistic": "Linguistic"}
    for record in records:
        name, type_cell, scope, map_cell, status, details = shown[record.name]
        assert type_cell == " & ".join(types[t] for t in record.types)
        assert status == (record.status or "").capitalize() and details == record.details
        tr = row_html(html, record.name)
        images = re.findall(r'<img [^>]*src="([^"]+)"', tr)
        if record.map is None:
            assert images == []
            continue
        file = record.map.replace(" ", "_")
        assert len(images) == 1 and images[0].endswith(f"/120px-{file}") and "/thumb/" in images[0]
        with urllib.request.urlopen(s.wiki.url + images[0]) as thumb:     # the thumbnail really renders
            data = thumb.read()
        assert thumb.headers["Content-Type"] == "image/png" and data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") == 120                  # width in the PNG header
    assert shown["EARTH"][1] == "Regional & Thematic" and shown["WikiFranca"][1] == "Linguistic"
    assert shown["ESEAP"][5] == "See the strategy." and f'title="Special:MyLanguage/{s.page("ESEAP")}/Strategy"' in \
        row_html(html, "ESEAP")                                                # details keep their links
    assert shown["CEE"][5] == "Run as a decentralised organisation; two staff members."

    code, report = s.sync(config)
    assert code == 0 and report["totals"]["edits"] == 0


def test_a_missing_map_is_a_problem_and_directory_check_sees_map_changes(scenario):
    s = scenario
    present = f"Map {s.key} present.png"
    s.wiki.upload_files({present: map_png(present)})
    s.wiki.import_pages({
        s.page("A"): s.infobox("A", map=f"File:{present}", details="Short [[A/Plan|plan]]."),
        s.page("B"): s.infobox("B", type="thematic, linguistic", map=f"Map {s.key} missing.png"),
        s.page("Ongoing"): '{| class="wikitable"\n! Type !! Scope !! Rough map !! Status !! Details\n'
                           f"|-\n| Regional\n| [[{s.page('A')}|A]]\n| [[File:{present}|120px]]\n| Pilot\n"
                           f"| Short [[A/Plan|plan]].\n"
                           f"|-\n| Thematic\n| [[{s.page('B')}|B]]\n| —\n| Pilot\n|\n|}}\n"})
    config = s.config([
        {"name": "directory", "kind": "directory", "page": s.page("Directory"), "map_size": 64,
         "columns": ["hub", "type", "map"]},
        {"name": "check", "kind": "directory-check", "page": s.page("Check"), "source": s.page("Ongoing")},
        {"name": "errors", "kind": "errors", "page": s.page("Errors")}])
    code, report = s.sync(config)
    assert code == 0 and report["totals"]["problems"] == 1
    errors = s.text(s.page("Errors"))
    assert (f"| [[Special:MyLanguage/{s.page('B')}|{s.page('B')}]] || map || the file 'Map {s.key} missing.png' "
            "does not exist on the wiki, so the directory shows no map for the hub.") in errors
    directory = s.text(s.page("Directory"))
    assert '! Hub !! Type !! class="unsortable" | Map\n' in directory
    assert f"| [[Special:MyLanguage/{s.page('A')}|A]] || Regional || [[File:{present}|64px|alt=Map of A]]" in directory
    check = s.text(s.page("Check"))
    assert f"|B]] || map differs || no map || Map {s.key} missing.png" in check
    assert "|B]] || type differs || Thematic || Thematic &amp; Linguistic" in check
    assert "|A]] ||" not in check                                      # A agrees: map, type and details


def test_infobox_template_renders_map_details_and_combined_types(wiki, gateway, scenario):
    from bot.app import publish_templates
    publish_templates(gateway)
    name = f"Map {scenario.key} infobox.png"
    wiki.upload_files({name: map_png(name)})
    title = scenario.page("Rendered Hub")
    wiki.edit_as("Editor", title, f"""{{{{Hub infobox
| name = EARTH
| type = regional, thematic
| scope = East Africa
| status = planning
| map = File:{name}
| details = Brings together East Africa; see the [[EARTH/Plan|plan]].
}}}}
Hub text.""")
    html = gateway.render(title)
    [box] = tables(html, "hub-infobox")
    rows = {row[0]: row[1] for row in box.rows if len(row) == 2}
    assert rows["Type"] == "Regional, thematic"
    assert rows["Details"] == "Brings together East Africa; see the plan."
    assert re.search(r'<img alt="Rough map of the hub(&#39;|&#039;|\')s area" src="[^"]*/220px-'
                     + re.escape(name.replace(" ", "_")),
                     html)
    answer = gateway.site.simple_request(action="templatedata", titles="Template:Hub infobox",
                                         formatversion="2").submit()
    params = next(iter(answer["pages"].values()))["params"]
    assert params["map"]["type"] == "wiki-file-name" and "300 characters" in str(params["details"]["description"])
    assert "linguistic" in params["type"]["suggestedvalues"]
