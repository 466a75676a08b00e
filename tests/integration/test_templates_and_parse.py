"""The {{Hub infobox}} template on a real wiki, and `hubbot parse` from files."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from bot import cli
from bot.app import publish_templates
from bot.rendering.html_tables import tables


def test_publish_templates_renders_infobox_with_templatedata_and_is_idempotent(wiki, gateway, scenario):
    first = dict(publish_templates(gateway))
    assert first["Template:Hub infobox"] in ("edited", "unchanged")
    edits = gateway.counters.edits
    assert dict(publish_templates(gateway)) == {"Template:Hub infobox": "unchanged",
                                                "Template:Hub list": "unchanged",
                                                "Template:Hub list end": "unchanged",
                                                "Module:Hub list": "unchanged",
                                                "Template:Hub status": "unchanged",
                                                "Module:Hub status": "unchanged",
                                                "Module:Hub plans": "unchanged",
                                                "Module:Hub infobox": "unchanged",
                                                "Module:Hub infobox/vocabulary": "unchanged",
                                                "Category:Hub pages with infobox problems": "unchanged"}
    assert gateway.counters.edits == edits                      # no edit when unchanged

    title = scenario.page("Rendered Hub")
    wiki.edit_as("Editor", title, """{{Hub infobox
| name = Wikimedia CEE Hub
| type = regional
| scope = Central and Eastern Europe
| status = implementation
| languages = en, pl
| website = https://cee.example.org
| updated = 2026-01-31
| plans = * [[Wikimedia CEE Hub/Year 2 plan|Year 2 plan]]
}}
Hub text.""")
    html = gateway.render(title)
    box = tables(html, "hub-infobox")
    assert len(box) == 1
    rows = {row[0]: row[1] for row in box[0].rows if len(row) == 2}
    assert rows["Type"] == "Regional" and rows["Status"] == "Implementation"
    assert rows["Scope"] == "Central and Eastern Europe" and rows["Languages"] == "en, pl"
    assert rows["Last reviewed"] == "2026-01-31"
    assert "Year 2 plan" in html and "Wikimedia CEE Hub" in html

    answer = gateway.site.simple_request(action="templatedata", titles="Template:Hub infobox",
                                         formatversion="2").submit()
    params = next(iter(answer["pages"].values()))["params"]
    assert {"name", "type", "scope", "status", "plans", "updated"} <= set(params)
    assert params["status"]["required"] is True
    assert params["updated"]["aliases"] == ["last_update"]


def test_infobox_shows_plans_as_a_list_whatever_the_separator(wiki, gateway, scenario):
    publish_templates(gateway)
    title = scenario.page("Plans Hub")
    wiki.edit_as("Editor", title, """{{Hub infobox
| name = Plans Hub
| type = thematic
| scope = Research
| status = pilot
| plans = [[Plans Hub/Year 2 plan|Year 2 plan]]
* [https://example.org/a;b Study; with a semicolon]; [[Plans Hub/Talk|Talk]]

[[Plans Hub/Report]]
}}""")
    html = gateway.render(title)
    cell = html.split('class="hub-plans"', 1)[1].split("</td>", 1)[0]
    items = [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", cell, re.S)]
    assert items == ["Year 2 plan", "Study; with a semicolon", "Talk", "Plans Hub/Report"]
    assert cell.count("<ul>") == 1


def test_parse_command_prints_json_for_files(tmp_path, capsys):
    good = tmp_path / "Wikimedia_CEE_Hub.wiki"
    good.write_text("{{Hub infobox|name=CEE|type=regional|scope=CEE|status=Planning/Discussion"
                    "|plans=[[A|Plan A]]; [https://x.org X]}}")
    bad = tmp_path / "Broken.wiki"
    bad.write_text("{{Hub infobox|name=B|type=global|status=}}")
    assert cli.main(["parse", str(good), str(bad)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["page"] == "Wikimedia CEE Hub" and out[0]["status"] == "planning"
    assert out[0]["plans"] == [{"target": "A", "label": "Plan A", "external": False},
                               {"target": "https://x.org", "label": "X", "external": True}]
    assert out[0]["problems"] == [] and out[0]["region"] is None and out[0]["languages"] == []
    assert {p["field"] for p in out[1]["problems"]} == {"type", "scope", "status"}
    assert cli.main(["parse", str(good), "--title", "Other"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["page"] == "Other"


def test_parse_missing_file_exits_2(tmp_path):
    done = subprocess.run([sys.executable, "-m", "bot.cli", "parse", str(tmp_path / "nope.wiki")],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "nope.wiki: cannot be read" in done.stderr and "Traceback" not in done.stderr


def test_help_explains_every_command():
    done = subprocess.run([sys.executable, "-m", "bot.cli", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    for command in ("parse", "sync", "publish-templates", "schedule", "toolforge-jobs", "localwiki"):
        assert command in done.stdout
        sub = subprocess.run([sys.executable, "-m", "bot.cli", command, "--help"], capture_output=True, text=True)
        assert sub.returncode == 0 and "usage: hubbot " + command in sub.stdout
