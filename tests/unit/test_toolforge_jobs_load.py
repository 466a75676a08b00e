"""Every jobs.yaml that `hubbot toolforge-jobs` writes is accepted by the real Toolforge jobs CLI.

`toolforge jobs load FILE` (package toolforge-jobs-cli, jobs_cli.cli.op_load) turns each YAML entry
into the words of `toolforge jobs run` (_job_to_arg_parser_args), parses them with the CLI's own
argument parser and builds the API payload (get_api_payload), which rejects bad combinations
(`retry` on a continuous job, `timeout` without `schedule`, a health check on a cron job, ...).
Here op_load runs as it is, offline: its API client is a recorder, so nothing leaves the machine.
Any rejection fails the test: an argparse error (SystemExit), a ToolforgeUserError, or a warning
of the loader (a key it ignores).
"""

from __future__ import annotations

import io
import logging
from contextlib import redirect_stderr
from pathlib import Path

import pytest
import yaml
from jobs_cli import cli as jobs_cli
from toolforge_weld.errors import ToolforgeUserError

from bot import cli

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "config").glob("*.yaml"))
MODES = {"cron": [], "watch": ["--watch"], "watch-eventstreams": ["--watch", "--source", "eventstreams"],
         "cron-python3.13": ["--image", "python3.13"], "watch-python3.13": ["--watch", "--image", "python3.13"]}


class RecordingApi:
    """Stands in for the jobs API client (ToolforgeClient): keeps what `load` would send."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, dict]] = []

    def post(self, path: str, json: dict, **kwargs) -> dict:
        self.sent.append(("post", path, json))
        return {}

    def patch(self, path: str, json: dict, **kwargs) -> dict:
        self.sent.append(("patch", path, json))
        return {}

    def __getattr__(self, name: str):
        raise AssertionError(f"`toolforge jobs load` called the API's {name}(): not expected offline")


def load_with_the_jobs_cli(path: Path, caplog) -> list[dict]:
    """What `toolforge jobs load PATH` would send to the API; an AssertionError naming any rejection."""
    api, said = RecordingApi(), io.StringIO()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger=jobs_cli.LOGGER.name), redirect_stderr(said):
        try:
            jobs_cli.op_load(api=api, file=str(path), job_name=None, tool_name="hubbot")
        except SystemExit as exc:                   # argparse: unknown key, bad value
            raise AssertionError(f"the jobs CLI's parser rejected {path.name} (exit {exc.code}): "
                                 f"{said.getvalue().strip()[-300:]}") from None
        except ToolforgeUserError as exc:           # get_api_payload: a bad combination of keys
            raise AssertionError(f"the jobs CLI rejected {path.name}: {exc}") from None
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not warnings, f"the jobs CLI warned about {path.name}: {warnings}"
    return [payload for _, _, payload in api.sent]


def generate(tmp_path: Path, config: str, mode: str) -> Path:
    out = tmp_path / f"{Path(config).stem}-{mode}.yaml"
    code = cli.main(["toolforge-jobs", "--config", str(ROOT / config), "--project-dir", "/data/project/hubbot/hubbot",
                     "-o", str(out), *MODES[mode]])
    assert code == 0 and out.exists()
    return out


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("config", CONFIGS)
def test_the_jobs_cli_loads_every_generated_file(tmp_path, caplog, config, mode):
    path = generate(tmp_path, config, mode)
    payloads = load_with_the_jobs_cli(path, caplog)
    entries = yaml.safe_load(path.read_text())
    assert [p["name"] for p in payloads] == [e["name"] for e in entries] and payloads
    for payload in payloads:
        assert payload["imagename"] == ("python3.13" if "python3.13" in mode else "python3.11")
        assert payload["emails"] == "onfailure" and payload["filelog_stderr"].startswith("logs/")
        if mode.startswith("watch"):
            assert payload["job_type"] == "continuous" and "retry" not in payload and "timeout" not in payload
            assert payload["health_check"] == {
                "type": "script",
                "script": "cd /data/project/hubbot/hubbot && PYWIKIBOT_DIR=/data/project/hubbot/hubbot "
                          f"/data/project/hubbot/hubbot/.venv/bin/hubbot --quiet watch --check-health --config {ROOT / config}"}
            assert payload["cmd"].endswith("--source eventstreams") == mode.endswith("eventstreams")
        else:
            assert payload["job_type"] == "scheduled" and payload["retry"] == 1 and payload["timeout"] == 3600
            assert "health_check" not in payload


# What the test above would catch: files the jobs CLI refuses, edited from a generated one.
BROKEN = {
    "an unknown key": ("cron", lambda job: job.update({"restart": "always"}), "parser rejected"),
    "retry on a continuous job": ("watch", lambda job: job.update({"retry": 1}), "--retry is only valid"),
    "timeout on a continuous job": ("watch", lambda job: job.update({"timeout": 60}), "--timeout is only valid"),
    "a health check on a cron job": ("cron", lambda job: job.update({"health-check-script": "true"}),
                                     "Health checks are only supported"),
    "a retry the CLI does not offer": ("cron", lambda job: job.update({"retry": 9}), "parser rejected"),
    "continuous written as a string": ("watch", lambda job: job.update({"continuous": "yes"}), "rejected"),
    "a key the loader drops with a warning": ("cron", lambda job: job.update({"filelog": "on"}), "warned"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_file_the_jobs_cli_refuses_fails_the_check(tmp_path, caplog, case):
    mode, spoil, said = BROKEN[case]
    path = generate(tmp_path, "config/meta.yaml", mode)
    jobs = yaml.safe_load(path.read_text())
    spoil(jobs[0])
    path.write_text(yaml.safe_dump(jobs, sort_keys=False))
    with pytest.raises(AssertionError, match=said):
        load_with_the_jobs_cli(path, caplog)
