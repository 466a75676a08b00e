"""-family:/-lang:/-user: reach the wiki they name for every command that connects, not only sync (found by an
operator's try-out: schedule and watch went to the config's site, production Meta, while testing locally)."""

from __future__ import annotations

import pytest

from bot import app, cli


class Reached(Exception):
    """Raised by the stand-in gateway: the test only needs to know which wiki a command asked for."""


@pytest.mark.parametrize("argv", [
    ["-family:localwiki", "-lang:localwiki", "-user:Trial", "schedule", "--once", "--now", "2026-12-03T06:20:00Z"],
    ["schedule", "--once", "--now", "2026-12-03T06:20:00Z", "--family", "localwiki", "--lang", "localwiki",
     "--user", "Trial"],
    ["watch", "--max-polls", "1", "-family:localwiki", "-lang:localwiki", "-user:Trial"],
    ["sync", "--dry-run", "-family:localwiki", "-lang:localwiki", "-user:Trial"],
])
def test_every_command_that_connects_reaches_the_wiki_the_command_line_names(tmp_path, monkeypatch, argv):
    config = tmp_path / "c.yaml"
    config.write_text("site: {family: meta, code: meta}\nschedule: '* * * * *'\nhubs: {}\n"
                      "outputs:\n  - {name: errors, kind: errors, page: 'User:HubBot/Errors'}\n"
                      f"state_dir: {tmp_path / 'state'}\n")
    asked = []

    def make_gateway(config, family=None, code=None, user=None):
        asked.append((config.site.family, family, code, user))
        raise Reached

    monkeypatch.setattr(app, "make_gateway", make_gateway)
    cli.main([*argv, "--config", str(config)])
    assert asked == [("meta", "localwiki", "localwiki", "Trial")]
