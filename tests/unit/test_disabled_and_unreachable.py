"""A bot that disabled itself on an unreachable wiki, and whose wiki is still down: the next run said only
'cannot be reached' (found by a try-out), not that the bot is disabled, since when and how to re-enable it."""

from __future__ import annotations

import json

from tests.unit.test_operator_trips import gone_wiki, run_cli


def test_a_disabled_bot_whose_wiki_is_still_down_says_it_is_disabled(tmp_path):
    pwb, config, port = gone_wiki(tmp_path, retries=0)
    sync = ["sync", "--config", str(config), "--state-dir", str(tmp_path / "s")]
    reset = f"hubbot reset --config {config} --state-dir {tmp_path / 's'}"
    first = run_cli(tmp_path, *sync, pwb=pwb)
    assert first.returncode == 1
    assert first.stderr.strip().splitlines()[-1] == (
        f"hubbot: hubbot is now disabled after 1 failed run in a row: the wiki could not be reached; run `{reset}` "
        "once the cause is fixed.")
    since = json.loads((tmp_path / "s" / "state.json").read_text())["disabled_since"]
    second = run_cli(tmp_path, *sync, pwb=pwb)
    assert second.returncode == 1
    assert second.stderr.strip().splitlines() == [
        f"hubbot: wiki gone:gone: cannot be reached at http://127.0.0.1:{port}/api.php: connection refused. "
        "Fix: nothing answers at that address: check that the wiki is up there and that PYWIKIBOT_DIR/user-config.py "
        "(or the config's site:) names the right host and port; for the demo run `hubbot localwiki start DIR`.",
        f"hubbot: hubbot is disabled since {since}, after 1 failed run in a row: the wiki could not be reached; run "
        f"`{reset}` once the cause is fixed."]
