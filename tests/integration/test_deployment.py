"""Ready for a first deployment on Meta (issue 28), end to end on the real local MediaWiki: a read-only
window is the wiki's pause, not a failure. (The decisions are tested in memory in
tests/unit/test_runner_memory.py and tests/unit/test_deployment.py.)"""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.integration.faultproxy import FaultProxy, Rule
from tests.integration.test_safety import run_hubbot, setup

NOW = "2026-11-25T12:00:00Z"


def pywikibot_dir_with_default_retries(wiki, directory: Path, port: int) -> Path:
    """A pywikibot directory for the wiki behind a proxy on ``port``, with pywikibot's own retry settings
    (max_retries 15, retry_wait 5 s doubling to 120 s: what an operator on Meta has)."""
    directory.mkdir(exist_ok=True)
    (directory / "user-config.py").write_text(
        f"family_files['proxied'] = 'http://127.0.0.1:{port}/api.php'\n"
        "family = 'proxied'\nmylang = 'proxied'\nusernames['proxied']['proxied'] = 'HubBot'\n"
        f"password_file = {str(wiki.pywikibot_dir / 'passwordfile')!r}\nput_throttle = 0\n")
    return directory


def outcomes(report: dict) -> dict[str, tuple[str, str]]:
    return {o["page"]: (o["action"], o["owner"]) for o in report["outputs"]}


def test_a_read_only_window_blocks_at_the_first_refused_save_is_never_counted_and_is_saved_after(scenario):
    s = scenario
    config = setup(s, max_consecutive_failures=2)
    pages = [s.page("Region"), s.page("Plans"), s.page("Errors")]
    with FaultProxy(s.wiki.port) as proxy:
        edits = Rule("action=edit", "before", 10_000, action=lambda: None)     # counts every save request
        proxy.rules.append(edits)
        pwb = pywikibot_dir_with_default_retries(s.wiki, s.tmp / "pwb", proxy.port)

        def sync(directory: Path = pwb):
            started = time.monotonic()
            done = run_hubbot(directory, "sync", "--config", str(config), "--state-dir", str(s.state_dir),
                              "--report", str(s.tmp / "r.json"), "--now", NOW)
            report = json.loads((s.tmp / "r.json").read_text()) if (s.tmp / "r.json").exists() else {}
            (s.tmp / "r.json").unlink(missing_ok=True)
            return done, report, time.monotonic() - started

        done, report, _ = sync()                                   # logged in, pages written
        assert done.returncode == 0, done.stderr
        s.wiki.edit_as("Editor", s.page("Hub 0"), s.infobox("Hub 0", plans="[[A new plan]]"))
        s.wiki.run_jobs()
        before = {t: s.text(t) for t in pages}
        with s.wiki.settings_override('$wgReadOnly = "Data centre switchover until 14:00 UTC";'):
            for n in range(3):                                     # more runs than max_consecutive_failures
                saves = edits.hits
                done, report, seconds = sync()
                assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
                assert edits.hits - saves == 1                     # the first refused save, no retry, no other page
                assert seconds < 20                                # pywikibot's retries took minutes here
                print(f"read-only run {n + 1}: {seconds:.1f} s")
                assert outcomes(report) == {s.page("Region"): ("unchanged", ""), s.page("Plans"): ("blocked", "wiki"),
                                            s.page("Errors"): ("blocked", "wiki")}
                reasons = {o["page"]: o["reason"] for o in report["outputs"]}
                assert "the wiki is read-only: Data centre switchover until 14:00 UTC" in reasons[s.page("Plans")]
                assert reasons[s.page("Plans")].endswith("; not saved.")
                assert reasons[s.page("Errors")].endswith("; not tried.")
                assert report["totals"]["edits"] == 0 and report["exit_code"] == 0
                state = json.loads((s.state_dir / "state.json").read_text())
                assert state["consecutive_failures"] == 0 and not state.get("disabled")
            fresh = pywikibot_dir_with_default_retries(s.wiki, s.tmp / "pwb-fresh", proxy.port)
            done, report, seconds = sync(fresh)                    # no login cookie: the login is refused too
            assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
            assert "Data centre switchover until 14:00 UTC" in done.stderr
            assert "cannot log in until it is writable again" in done.stderr and seconds < 20
            state = json.loads((s.state_dir / "state.json").read_text())
            assert state["consecutive_failures"] == 0 and not state.get("disabled")
        assert {t: s.text(t) for t in pages} == before
        done, report, _ = sync()                                   # writable: this run saves everything
    assert done.returncode == 0, done.stderr
    assert outcomes(report)[s.page("Plans")] == ("edited", "")
    assert outcomes(report)[s.page("Errors")] == ("unchanged", "")        # nothing left to report
    assert "A new plan" in s.text(s.page("Plans"))
    assert "stopped editing" not in s.text(s.page("Errors"))
