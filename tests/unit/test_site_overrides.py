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



def test_a_toolforge_job_finds_its_config_from_the_project_folder(tmp_path, monkeypatch):
    """The job starts with cd into the project folder: a config typed relative to another folder is made absolute
    (found by an operator's try-out: the job said 'config file not found'); one inside the project stays relative."""
    import yaml
    project, elsewhere = tmp_path / "hubbot", tmp_path / "ops"
    (project / "config").mkdir(parents=True)
    elsewhere.mkdir()
    text = "hubs: {}\nschedule: '0 * * * *'\noutputs:\n  - {name: errors, kind: errors, page: 'User:HubBot/Errors'}\n"
    (elsewhere / "meta.yaml").write_text(text)
    (project / "config" / "meta.yaml").write_text(text)

    def command(cwd, config):
        monkeypatch.chdir(cwd)
        out = tmp_path / "jobs.yaml"
        assert cli.main(["toolforge-jobs", "--config", config, "--project-dir", str(project), "-o", str(out)]) == 0
        return yaml.safe_load(out.read_text())[0]["command"]

    assert command(elsewhere, "meta.yaml").endswith(f"schedule --once --config {elsewhere / 'meta.yaml'}")
    assert command(project, "config/meta.yaml").endswith("schedule --once --config config/meta.yaml")
    assert command(elsewhere, str(project / "config" / "meta.yaml")).endswith("--config config/meta.yaml")
