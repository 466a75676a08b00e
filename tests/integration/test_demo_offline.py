"""The README's first command end to end, and the offline mode against a real export."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import yaml

from bot import cli
from bot.demo_corpus import EXPECTED_PROBLEMS, HUBS
from bot.localwiki import free_port
from bot.wiki.offline import file_name
from tests.integration.conftest import actions

def test_demo_runs_end_to_end_and_is_idempotent(tmp_path, installed):
    """From a normal install (a wheel, run outside the checkout): templates and configs are package data."""
    directory = tmp_path / "demo"
    cmd = [sys.executable, "-m", "bot.cli", "demo", "--dir", str(directory), "--port", str(free_port()), "--no-serve"]
    env = {k: v for k, v in os.environ.items() if k != "PYWIKIBOT_DIR"} | {"PYTHONPATH": str(installed)}
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Open the generated pages in a browser:" in first.stdout
    assert "/index.php?title=Hubs/Ongoing" in first.stdout and "warning:" not in first.stdout
    report = json.loads((directory / "last-report.json").read_text())
    assert report["totals"]["hubs"] == len(HUBS)
    assert set(actions(report).values()) == {"edited"}

    # Every hub parsed, the planted mistakes found (the errors page shows them).
    from bot.parsing.infobox import parse_hub_page
    from bot.demo_corpus import corpus
    pages = corpus()
    found = {(p.page, p.field) for h in HUBS for p in parse_hub_page(h.page, pages[h.page]).problems}
    assert found == EXPECTED_PROBLEMS
    assert report["totals"]["problems"] == len(EXPECTED_PROBLEMS)

    second = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
    assert second.returncode == 0, second.stderr
    report = json.loads((directory / "last-report.json").read_text())
    assert report["totals"]["edits"] == 0 and "0 pages created" in second.stdout


def test_installed_package_publishes_templates_and_syncs(scenario, tmp_path, installed):
    s = scenario
    s.wiki.import_pages({s.page("Hub A"): s.infobox("Hub A", plans="[[A/Plan|Plan]]")})
    config = s.config([{"name": "plans", "kind": "plans", "page": s.page("Plans")}])
    env = dict(os.environ, PYTHONPATH=str(installed))

    def hubbot(*args):
        return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True,
                              timeout=120, cwd=tmp_path, env=env)
    where = hubbot("sync", "--help")
    assert where.returncode == 0
    done = hubbot("publish-templates", "--dry-run", "--config", str(config), "--state-dir", str(s.state_dir))
    assert done.returncode == 0, done.stderr
    assert "Template:Hub infobox: " in done.stdout and "Module:Hub status: " in done.stdout
    done = hubbot("sync", "--config", str(config), "--state-dir", str(s.state_dir))
    assert done.returncode == 0, done.stderr
    assert "|Plan]]" in s.text(s.page("Plans"))
    probe = subprocess.run([sys.executable, "-c", "import bot.resources as r; print(r.TEMPLATES, r.CONFIGS)"],
                           capture_output=True, text=True, cwd=tmp_path, env=env)
    assert probe.stdout.split() == [str(installed / "bot" / "templates"), str(installed / "bot" / "configs")]


def test_offline_mode_equals_an_online_run(scenario, tmp_path):
    s = scenario
    pages = {s.page("Hub A"): s.infobox("Hub A", plans="[[A/Plan|Plan]]"),
             s.page("Hub B"): s.infobox("Hub B", type="thematic", status="research"),
             s.page("Hubs"): "Intro.\n<!-- hubbot:begin plans -->\n<!-- hubbot:end plans -->\nOutro.\n"}
    s.wiki.import_pages(pages)
    config = s.config([{"name": "plans", "kind": "plans", "page": s.page("Hubs"), "region": "plans"},
                       {"name": "directory", "kind": "directory", "page": s.page("Directory")}])
    export = tmp_path / "export.xml"
    s.wiki.export_dump(export)
    out = tmp_path / "offline"
    code = cli.main(["sync", "--offline", str(export), "--config", str(config), "--output", str(out),
                     "--state-dir", str(tmp_path / "offline-state"), "--now", "2026-11-25T12:00:00Z"])
    assert code == 0
    files = sorted(p.name for p in out.iterdir())
    hubs_file = file_name(s.page("Hubs")) + ".wiki"
    dir_file = file_name(s.page("Directory")) + ".wiki"
    assert hubs_file == s.page("Hubs").replace("/", "%2F") + ".wiki"
    assert {hubs_file, dir_file, hubs_file.replace(".wiki", ".diff"), "report.json"} <= set(files)
    assert "+* [[Special:MyLanguage/" in (out / hubs_file.replace(".wiki", ".diff")).read_text()
    assert s.text(s.page("Directory")) == ""                 # offline edits nothing

    code, report = s.sync(config)
    assert code == 0
    assert s.text(s.page("Hubs")).rstrip() == (out / hubs_file).read_text().rstrip()
    assert s.text(s.page("Directory")).rstrip() == (out / dir_file).read_text().rstrip()


def test_offline_counts_the_same_hubs_as_live_in_the_configured_namespaces(scenario, tmp_path):
    """An export of the wiki (dumpBackup) and the live wiki agree on which pages are hubs."""
    s = scenario
    s.wiki.import_pages({s.page("Hub A"): s.infobox("Hub A"), s.page("Hub B"): s.infobox("Hub B"),
                         f"User:{s.prefix}/Draft hub": s.infobox("Draft hub"),
                         f"Help:{s.prefix}/Example hub": s.infobox("Example hub")})
    export = tmp_path / "export.xml"
    s.wiki.export_dump(export)
    counts = {}
    for namespaces in ([0], [0, 2], None):
        config = s.config([{"name": "directory", "kind": "directory", "page": s.page("Directory")}])
        data = yaml.safe_load(config.read_text())
        if namespaces is not None:
            data["hubs"]["namespaces"] = namespaces
        config.write_text(yaml.safe_dump(data))
        report = tmp_path / "offline-report.json"
        code = cli.main(["sync", "--offline", str(export), "--config", str(config), "--output", str(tmp_path / "out"),
                         "--state-dir", str(tmp_path / "offline-state"), "--report", str(report)])
        assert code == 0
        offline = json.loads(report.read_text())["totals"]["hubs"]
        code, live = s.sync(config, "--dry-run")
        assert code == 0
        counts[str(namespaces)] = (offline, live["totals"]["hubs"])
    assert counts == {"[0]": (2, 2), "[0, 2]": (3, 3), "None": (4, 4)}
