"""Bad input never crashes: every case is one line naming the file/key/port and the fix, with exit 2.

One table, as a new user or an adversary would try hubbot: the exit code and the
words of the message are asserted, and no case may end in "internal error" or a
traceback. Cases marked `wiki` talk to the real local MediaWiki; cases marked
`subprocess` run `python -m bot.cli` (for -dir:, which must act before pywikibot loads).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from bot import cli
from tests.integration.conftest import wrong_password_dir

ROOT = Path(__file__).resolve().parents[2]
GOOD = "hubs: {template: Hub infobox}\noutputs:\n  - {name: d, kind: directory, page: Hubs/Directory}\n"


@dataclass
class Case:
    name: str
    argv: Callable[[Path], list[str]]       # given a folder to write files into
    code: int
    words: tuple[str, ...]                  # all must be in the output (stderr + stdout)
    subprocess: bool = False
    env: dict[str, str] = field(default_factory=dict)


def write(folder: Path, name: str, content: str | bytes) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    return str(path)


def config(folder: Path, text: str = GOOD, name: str = "c.yaml") -> str:
    return write(folder, name, text)


def sync(*extra: str) -> Callable[[Path], list[str]]:
    return lambda d: ["sync", "--config", config(d), "--state-dir", str(d / "state"), *extra]


def with_config(text: str, command: str = "sync", *extra: str) -> Callable[[Path], list[str]]:
    return lambda d: [command, "--config", config(d, text), *extra]


def wrong_port_dir(d: Path) -> str:
    """A pywikibot directory whose wiki is on a port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    write(d, "pwb/user-config.py", f"family_files['gone'] = 'http://127.0.0.1:{port}/api.php'\n"
                                   "family = 'gone'\nmylang = 'gone'\nmax_retries = 1\nretry_wait = 0\n"
                                   "socket_timeout = 2\n")
    (d / "port").write_text(str(port))
    return str(d / "pwb")


def listening(d: Path) -> int:
    """A port some other program listens on (closed when the test's process ends)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    _OPEN.append(sock)
    port = sock.getsockname()[1]
    (d / "port").write_text(str(port))
    return port


_OPEN: list[socket.socket] = []
EXPORT_XML = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/"><page><title>Hubs/Ongoing</title>'
              '<ns>0</ns><revision><id>1</id><text>{| class="wikitable"\n|-\n| Regional || [[X]] || Pilot\n|}'
              '</text></revision></page></mediawiki>\n')

CASES = [
    # -- crashes before (internal error, exit 1) ---------------------------------------------------
    Case("config not UTF-8", lambda d: ["sync", "--config", config(d, GOOD.replace("Directory", "Caf\xe9").encode("latin-1"))],
         2, ("c.yaml: is not UTF-8 text", "Fix: save the file as UTF-8")),
    Case("import file not UTF-8", lambda d: ["import-directory", write(d, "Ongoing.wiki", b"{|\n| Caf\xe9\n|}\n")],
         2, ("Ongoing.wiki: is not UTF-8 text", "Fix:")),
    Case("state_dir cannot be created", lambda d: ["reset", "--config", config(d, GOOD + "state_dir: /proc/hubbot/state\n")],
         2, ("c.yaml: state_dir: the folder /proc/hubbot/state cannot be created", "Fix: point it at a folder")),
    Case("--state-dir is a file", lambda d: ["reset", "--config", config(d), "--state-dir", config(d, "x", "f.txt")],
         2, ("--state-dir: ", "f.txt is a file, not a folder", "Fix:")),
    Case("--offline a folder", sync("--offline", "/tmp", "--output", "/tmp/hubbot-never"),
         2, ("/tmp: is a folder, not an XML export", "Fix: pass the XML file that Special:Export")),
    Case("cron never fires: schedule", with_config(GOOD + 'schedule: "0 0 31 2 *"\n', "schedule", "--once"),
         2, ("c.yaml: schedule: '0 0 31 2 *' never fires", "Fix:")),
    Case("cron never fires: toolforge-jobs", lambda d: ["toolforge-jobs", "--config", config(
        d, GOOD.replace("page: Hubs/Directory", 'page: Hubs/Directory, schedule: "0 0 30 2 *"')), "-o", str(d / "jobs.yaml")],
         2, ("c.yaml: outputs[0].schedule: '0 0 30 2 *' never fires",)),
    # -- silently wrong before ------------------------------------------------------------------------
    Case("one page spelled two ways", with_config(GOOD + "  - {name: p, kind: plans, page: hubs/Directory}\n"),
         2, ("c.yaml: outputs[1].page: 'Hubs/Directory' (the whole page) is already written by outputs[0]",)),
    Case("one page, underscores", with_config(GOOD.replace("Hubs/Directory", "Same page")
                                              + "  - {name: p, kind: plans, page: same_page, region: p}\n"),
         2, ("outputs[1].page: 'Same page' is owned whole by another output", "Fix: use a region on both")),
    Case("page X|Y", with_config(GOOD.replace("Hubs/Directory", '"Hubs/Directory|Other"')),
         2, ("c.yaml: outputs[0].page: 'Hubs/Directory|Other' contains '|'", "Fix:")),
    Case("page [[X]]", with_config(GOOD.replace("Hubs/Directory", '"[[Hubs/Directory]]"')),
         2, ("c.yaml: outputs[0].page: '[[Hubs/Directory]]' is a link", "Fix: write the title alone: Hubs/Directory")),
    Case("page #fragment", with_config(GOOD.replace("Hubs/Directory", '"Hubs/Directory#List"')),
         2, ("outputs[0].page: 'Hubs/Directory#List' names a section", "Fix: write the page alone: Hubs/Directory")),
    Case("shutoff page with markup", with_config(GOOD + "safety: {shutoff_page: '<b>Off</b>'}\n"),
         2, ("c.yaml: safety.shutoff_page:", "Fix:")),
    Case("duplicated YAML key", with_config(GOOD + "hubs: {template: Other}\n"),
         2, ("c.yaml:4: not valid YAML (the key 'hubs' is given twice (first on line 1)", "Fix: remove one of them")),
    Case("offline: an HTML file", sync("--offline", "PLACEHOLDER-HTML", "--output", "OUT"),
         2, ("page.html: is not a MediaWiki XML export (its root element is <html>)",)),
    Case("offline: other XML", sync("--offline", "PLACEHOLDER-RSS", "--output", "OUT"),
         2, ("feed.xml: is not a MediaWiki XML export (its root element is <rss>)",)),
    Case("import-directory on an XML export", lambda d: ["import-directory", write(d, "export.xml", EXPORT_XML)],
         2, ("export.xml: is a MediaWiki XML export, not the wikitext of a page", "Fix: save the page's wikitext")),
    Case("import-directory on JSON", lambda d: ["import-directory", write(d, "records.json", '{"records": []}')],
         2, ("records.json: is JSON, not the wikitext of a page",)),
    Case("import-directory without a table", lambda d: ["import-directory", write(d, "Ongoing.wiki", "Just text.\n")],
         2, ("Ongoing.wiki: has no row that can be imported (no wikitable rows were found.)", "Fix:")),
    Case("import-directory with a column too many in every row",
         lambda d: ["import-directory", write(d, "Extra.wiki", "{| class=wikitable\n! Type !! Scope !! Rough map !! "
                                                               "Status !! Details\n|-\n| Regional || A || || Pilot || x "
                                                               "|| extra\n|}\n")],
         2, ("Extra.wiki: has no row that can be imported (row 1: row 1 has 6 cells, the table has 5 columns",
             "Fix: give every row one cell per column.")),
    Case("localwiki start on a port in use", lambda d: ["localwiki", "start", str(d / "lw"), "--port", str(listening(d))],
         2, ("port {port}: is already in use on 127.0.0.1", "Fix: choose another port")),
    # -- unclear messages before ------------------------------------------------------------------------
    Case("wrong port names the URL", lambda d: [f"-dir:{wrong_port_dir(d)}", "sync", "--config", config(d),
                                                "--state-dir", str(d / "s")],
         1, ("cannot be reached at http://127.0.0.1:{port}/api.php", "Fix:"), subprocess=True),   # a failed run
    Case("unknown family", with_config("site: {family: nosuchfamily, code: xx}\n" + GOOD),
         2, ("wiki family 'nosuchfamily': is unknown to pywikibot", "Fix: correct site.family")),
    Case("-family: unknown", lambda d: ["sync", "--config", config(d), "-family:nosuchfamily", "--state-dir", str(d / "s")],
         2, ("wiki family 'nosuchfamily': is unknown to pywikibot",)),
    Case("-lang: unknown code", lambda d: ["sync", "-lang:xx", "--config", config(d), "-family:meta",
                                           "--state-dir", str(d / "s")],
         2, ("wiki meta:xx: family 'meta' has no site with code 'xx'", "Fix: correct site.code")),
    Case("-user: an account without a password", lambda d: ["sync", "--config", config(d), "-user:Nobody", "-simulate",
                                                            "--state-dir", str(d / "s")],
         2, ("passwordfile: has no line for Nobody (the bot account: usernames[...] in user-config.py, or -user:); "
             "its lines are for 'HubBot'. Fix: the line is ('Nobody', BotPassword('hubbot', '<secret>'))",)),
    Case("-dir: a missing folder", lambda d: ["-dir:" + str(d / "nowhere"), "sync", "--config", config(d)],
         2, ("-dir:", "nowhere: no such folder", "Fix:")),
    # -- handled before (kept handled) --------------------------------------------------------------------
    Case("config missing", lambda d: ["sync", "--config", str(d / "nope.yaml")], 2, ("nope.yaml: config file not found",)),
    Case("config is a folder", lambda d: ["sync", "--config", str(d)], 2, ("is a folder, not a config file",)),
    Case("YAML syntax", with_config("hubs: [\n"), 2, ("c.yaml:", "not valid YAML")),
    Case("unknown key", with_config(GOOD + "colour: blue\n"), 2, ("c.yaml: colour: unknown key",)),
    Case("wrong type", with_config(GOOD + "safety: {max_edits_per_run: lots}\n"), 2, ("safety.max_edits_per_run",)),
    Case("bad cron field", with_config(GOOD + 'schedule: "61 * * * *"\n'), 2, ("outside 0-59",)),
    Case("parse: missing file", lambda d: ["parse", str(d / "nope.wiki")], 2, ("nope.wiki: cannot be read",)),
    Case("parse: not UTF-8", lambda d: ["parse", write(d, "x.wiki", b"\xff\xfe")], 2, ("x.wiki: cannot be read",)),
    Case("--output without --offline", sync("--output", "x"), 2, ("--output: only works with --offline",)),
    Case("--offline without --output", sync("--offline", "x.xml"), 2, ("--offline: needs --output DIR",)),
    Case("--offline missing file", sync("--offline", "/nonexistent/x.xml", "--output", "OUT"), 2, ("export file not found",)),
    Case("--only unknown output", sync("--only", "nope"), 2, ("there is no output named 'nope'", "use one of: d")),
    Case("bad --now", sync("--now", "yesterday"), 2, ("--now: 'yesterday' is not an ISO date-time",)),
    Case("unknown option", lambda d: ["sync", "--config", config(d), "-pt:0"], 2, ("unrecognized arguments: -pt:0",)),
]


def _fill(argv: list[str], d: Path) -> list[str]:
    files = {"PLACEHOLDER-HTML": write(d, "page.html", "<!DOCTYPE html>\n<html><body><p>Hubs</p></body></html>\n"),
             "PLACEHOLDER-RSS": write(d, "feed.xml", "<?xml version='1.0'?><rss><channel/></rss>\n"),
             "OUT": str(d / "out")}
    return [files.get(a, a) for a in argv]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_one_clear_line(case, tmp_path, request, capsys, monkeypatch):
    if not case.subprocess:
        request.getfixturevalue("wiki")
    argv = _fill(case.argv(tmp_path), tmp_path)
    if case.subprocess:
        env = {k: v for k, v in os.environ.items() if k != "PYWIKIBOT_DIR"}
        done = subprocess.run([sys.executable, "-m", "bot.cli", *argv], capture_output=True, text=True,
                              cwd=ROOT, env=env, timeout=120)
        code, out = done.returncode, done.stderr + done.stdout
    else:
        monkeypatch.setenv("PYWIKIBOT_DIR", os.environ["PYWIKIBOT_DIR"])   # -dir: must not leak into other tests
        code = cli.main(argv)
        captured = capsys.readouterr()
        out = captured.err + captured.out
    port = (tmp_path / "port").read_text() if (tmp_path / "port").exists() else ""
    assert code == case.code, out
    for words in case.words:
        assert words.replace("{port}", port) in out, out
    assert "internal error" not in out and "Traceback" not in out
    if case.code == 2:
        assert "Fix:" in out or "see `hubbot" in out
    assert not (tmp_path / "jobs.yaml").exists()      # toolforge-jobs never writes a bad schedule out


PARSE_PAGES = {
    "No infobox": "Just a page about a hub.\n",
    "Commented out": "<!-- {{Hub infobox|name=X|type=regional|scope=S|status=pilot}} -->\n",
    "Unclosed": "{{Hub infobox|name=X|type=regional\n",
    "Empty": "",
    "In nowiki": "<nowiki>{{Hub infobox|name=X}}</nowiki>",
}


def test_parse_prints_one_shape_for_every_page(tmp_path, capsys):
    good = write(tmp_path, "Good.wiki", "{{Hub infobox|name=G|type=regional|scope=S|status=pilot}}")
    files = [good] + [write(tmp_path, f"{name.replace(' ', '_')}.wiki", text) for name, text in PARSE_PAGES.items()]
    assert cli.main(["parse", *files]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [o["page"] for o in out] == ["Good", *PARSE_PAGES]
    assert all(list(o) == list(out[0]) for o in out)                      # the same keys, in the same order
    assert out[0]["problems"] == [] and out[0]["name"] == "G"
    for page in out[1:]:
        assert page["name"] is None and page["languages"] == [] and page["plans"] == []
        assert [p["message"] for p in page["problems"]] == ["no {{Hub infobox}} on this page."]
        assert "add {{Hub infobox|name=...|type=...|scope=...|status=...}}" in page["problems"][0]["fix"]


def test_a_pywikibot_operator_types_a_dry_run_their_way(wiki, tmp_path):
    """-dir: (before pywikibot loads), -simulate, -log, -verbose after the command; the dry run logs in."""
    cfg = config(tmp_path, GOOD.replace("Hubs/Directory", f"T{tmp_path.name[-8:]}/Directory"))
    env = {k: v for k, v in os.environ.items() if k != "PYWIKIBOT_DIR"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "sync", "--config", cfg, "-simulate",
                           f"-dir:{wiki.pywikibot_dir}", "-log:" + str(tmp_path / "logs" / "run.log"), "-verbose",
                           "--state-dir", str(tmp_path / "s")], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "would edit" in done.stdout and "edits: 0" in done.stdout
    logged = (tmp_path / "logs" / "run.log").read_text()
    assert "dry run: logged in as HubBot" in logged and "hubs=" in logged


def test_a_dry_run_checks_the_password_unless_no_login(wiki, tmp_path):
    pwb = wrong_password_dir(wiki, tmp_path)
    cfg = config(tmp_path, GOOD.replace("Hubs/Directory", f"T{tmp_path.name[-8:]}/Directory"))
    env = {k: v for k, v in os.environ.items() if k != "PYWIKIBOT_DIR"}
    base = [sys.executable, "-m", "bot.cli", f"-dir:{pwb}", "sync", "--config", cfg, "--dry-run",
            "--state-dir", str(tmp_path / "s")]
    checked = subprocess.run(base, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert checked.returncode == 2 and "login failed" in checked.stderr, checked.stderr
    anonymous = subprocess.run(base + ["--no-login"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert anonymous.returncode == 0, anonymous.stderr
    assert "without logging in (--no-login)" in anonymous.stderr and "would edit" in anonymous.stdout
