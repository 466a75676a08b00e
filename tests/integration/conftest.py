"""A real MediaWiki (Debian's package) started once per test session, on 127.0.0.1.

Never skipped: if MediaWiki cannot be installed or started, these tests fail.
Each test isolates itself with its own infobox template name (hubs are the
pages transcluding it) and its own output page titles.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

import pytest
import yaml

from bot import cli
from bot.localwiki import LocalWiki


@pytest.fixture(scope="session")
def wiki():
    root = Path(os.environ["HUBBOT_TEST_WIKI"])
    shutil.rmtree(root, ignore_errors=True)
    instance = LocalWiki(root)
    instance.start(int(os.environ["HUBBOT_TEST_PORT"]))
    yield instance
    instance.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Path:
    """hubbot as `pip install .` installs it (a wheel, not the checkout): its folder for PYTHONPATH.

    Commands run with it from another folder must find their templates and configs as package data.
    """
    import subprocess
    import sys
    root = Path(__file__).resolve().parents[2]
    wheels, target = tmp_path_factory.mktemp("wheel"), tmp_path_factory.mktemp("site")

    def pip(*args: str) -> None:
        done = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, timeout=300,
                              cwd=tmp_path_factory.getbasetemp())
        assert done.returncode == 0, done.stderr
    pip("wheel", "-q", "--no-deps", "-w", str(wheels), str(root))
    pip("install", "-q", "--no-deps", "--target", str(target), str(next(wheels.glob("hubbot-*.whl"))))
    return target


@pytest.fixture
def gateway(wiki):
    from bot.wiki.pywikibot import PywikibotGateway
    gw = PywikibotGateway()
    gw.login()
    yield gw
    gw.close()


def wrong_password_dir(wiki: LocalWiki, tmp_path: Path) -> Path:
    """A pywikibot directory for the local wiki whose bot password is wrong (32 valid characters)."""
    pwb = tmp_path / "pwb"
    pwb.mkdir()
    (pwb / "passwordfile").write_text("('HubBot', BotPassword('hubbot', '0123456789abcdefghijklmnopqrstuv'))\n")
    (pwb / "user-config.py").write_text(
        (wiki.pywikibot_dir / "user-config.py").read_text().replace(str(wiki.pywikibot_dir / "passwordfile"),
                                                                   str(pwb / "passwordfile")))
    return pwb


class Scenario:
    """One test's own corner of the wiki: a unique template name and page prefix."""

    def __init__(self, wiki: LocalWiki, tmp_path: Path) -> None:
        self.wiki = wiki
        self.tmp = tmp_path
        self.key = uuid.uuid4().hex[:8]
        self.template = f"Hub infobox {self.key}"
        self.prefix = f"T{self.key}"
        self.state_dir = tmp_path / "state"

    def page(self, name: str) -> str:
        return f"{self.prefix}/{name}"

    def infobox(self, name, type="regional", scope="Somewhere", status="pilot", plans="", **extra) -> str:
        lines = [f"{{{{{self.template}", f"| name = {name}", f"| type = {type}", f"| scope = {scope}",
                 f"| status = {status}"]
        lines += [f"| {k} = {v}" for k, v in extra.items()]
        if plans:
            lines.append(f"| plans = {plans}")
        return "\n".join(lines) + "\n}}\nText written by the hub's editors.\n"

    def config(self, outputs: list[dict], **safety) -> Path:
        data = {"hubs": {"template": self.template},
                "outputs": outputs,
                "safety": {"shutoff_page": self.page("Shutoff"), "max_edits_per_run": 50, **safety}}
        path = self.tmp / "config.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        return path

    def sync(self, config: Path, *args: str) -> tuple[int, dict]:
        report = self.tmp / "report.json"
        report.unlink(missing_ok=True)
        code = cli.main(["sync", "--config", str(config), "--state-dir", str(self.state_dir),
                         "--report", str(report), "--now", "2026-11-25T12:00:00Z", *args])
        return code, (json.loads(report.read_text()) if report.exists() else {})

    def text(self, title: str) -> str:
        from bot.wiki.pywikibot import PywikibotGateway
        gw = PywikibotGateway()
        try:
            return gw.read_pages([title])[title].text
        finally:
            gw.close()


@pytest.fixture
def scenario(wiki, tmp_path):
    return Scenario(wiki, tmp_path)


def actions(report: dict) -> dict[str, str]:
    return {o["page"]: o["action"] for o in report["outputs"]}
