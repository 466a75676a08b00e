"""`hubbot status`: what an operator sees of the state directory, without a request to the wiki. Runs on the
wiki in memory write the state; status reads it (its lines stated literally, and its exit code)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot import app
from bot.errors import UserError, WikiUnreachable
from bot.lock import RunLock
from bot.run_status import status
from tests.unit.test_runner_memory import make

NOW = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parents[2]


def sync(wiki, config, state_dir, now=NOW, clock=None, scheduled=True, **kw) -> int:
    """A run as of ``now``, at ``clock``'s time (by default the same: the runs of these tests are not --now's)."""
    request = app.SyncRequest(state_dir=state_dir, now=now, scheduled=scheduled)
    return app.run_command(lambda: app.sync(config, request, gateway=wiki, sleep=lambda s: None,
                                            out=lambda t: None, clock=clock or (lambda: now), **kw))


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="seconds")


def shown(config, state_dir, now=NOW) -> tuple[list[str], int]:
    lines, code = status(config, state_dir, now)
    assert lines[0] == f"hubbot status of {state_dir} (config {config.path}); the wiki was not asked"
    return lines[1:], code


def test_before_any_run_status_says_so_and_is_healthy(tmp_path):
    wiki, config = make(tmp_path)
    assert shown(config, tmp_path / "state") == ([
        f"no run has used this state directory yet ({tmp_path / 'state'} does not exist): check --state-dir or "
        f"state_dir in {config.path}, or run `hubbot sync --config {config.path}`."], 0)
    (tmp_path / "state").mkdir()
    assert shown(config, tmp_path / "state") == ([
        "bot: enabled; 0 failed runs in a row (it disables itself at 3)",
        f"last run: none recorded ({tmp_path / 'state' / 'state.json'} does not exist yet)",
        "lock: free"], 0)


def test_a_run_done_then_a_quiet_one_and_no_request_to_the_wiki(tmp_path):
    wiki, config = make(tmp_path)
    state_dir = tmp_path / "state"
    assert sync(wiki, config, state_dir) == 0
    assert shown(config, state_dir) == ([
        "bot: enabled; 0 failed runs in a row (it disables itself at 3)",
        "last run: 2026-11-25T12:00:00+00:00, done, 3 edits",
        "lock: free"], 0)
    assert sync(wiki, config, state_dir, now=NOW + timedelta(minutes=5)) == 0
    requests = wiki.counters.requests
    assert shown(config, state_dir)[0][1] == "last run: 2026-11-25T12:05:00+00:00, quiet (nothing new), 0 edits"
    assert wiki.counters.requests == requests              # status asked the wiki nothing


def test_a_failed_page_is_exit_1_naming_the_page_and_who_can_fix_it_and_a_refused_one_too(tmp_path):
    wiki, config = make(tmp_path)
    state_dir = tmp_path / "state"
    wiki.transient_failures["Hubs/Plans"] = 1000            # the wiki fails every save of Hubs/Plans
    wiki.edit("Hubs/Ongoing", "Intro by a human, the markers gone.")
    assert sync(wiki, config, state_dir) == 1
    assert shown(config, state_dir) == ([
        "bot: enabled; 1 failed run in a row (it disables itself at 3)",
        "last run: 2026-11-25T12:00:00+00:00, failed, 1 edit; not written: Hubs/Ongoing (refused, who can fix "
        "it: editor), Hubs/Plans (failed, who can fix it: wiki)",
        "lock: free"], 1)


def test_a_bot_disabled_by_an_unreachable_wiki_says_since_when_why_and_the_reset_command(tmp_path):
    wiki, config = make(tmp_path, max_consecutive_failures=2)
    state_dir = tmp_path / "state"

    def down():
        raise WikiUnreachable("wiki meta:meta", "cannot be reached at https://meta.example/w/api.php.")
    for hour in (12, 13):
        request = app.SyncRequest(state_dir=state_dir, now=NOW.replace(hour=hour), scheduled=True)
        assert app.run_command(lambda: app.sync(config, request, connect=down, out=lambda t: None,
                                                clock=lambda: request.now)) == 1
    assert shown(config, state_dir) == ([
        "bot: DISABLED since 2026-11-25T13:00:00+00:00 after 2 failed runs in a row (the limit is 2): the wiki "
        "could not be reached",
        f"  re-enable it once the cause is fixed: hubbot reset --config {config.path} --state-dir {state_dir}",
        "last run: 2026-11-25T13:00:00+00:00, failed: wiki meta:meta: cannot be reached at "
        "https://meta.example/w/api.php., 0 edits",
        "lock: free"], 1)
    assert sync(wiki, config, state_dir, now=NOW.replace(hour=14)) == 0     # the wiki is back: the notice only
    lines, code = shown(config, state_dir)
    assert lines[2:] == ["last run: 2026-11-25T14:00:00+00:00, disabled (only the errors page may be written), "
                         "1 edit; not written: Hubs/Ongoing (blocked, who can fix it: operator), Hubs/Plans "
                         "(blocked, who can fix it: operator)", "lock: free"] and code == 1
    app.reset(config, state_dir)
    assert shown(config, state_dir) == ([
        "bot: enabled; 0 failed runs in a row (it disables itself at 2)",
        "last run: 2026-11-25T14:00:00+00:00, disabled (only the errors page may be written), 1 edit; not written: "
        "Hubs/Ongoing (blocked, who can fix it: operator), Hubs/Plans (blocked, who can fix it: operator)",
        "lock: free"], 0)                  # reset: healthy until the next run says otherwise


def test_a_disabling_failed_page_is_the_cause_and_the_runs_own_last_line_says_the_same(tmp_path):
    wiki, config = make(tmp_path, max_consecutive_failures=1)
    state_dir = tmp_path / "state"
    wiki.transient_failures["Hubs/Plans"] = 1000
    lines: list[str] = []
    assert app.sync(config, app.SyncRequest(state_dir=state_dir, now=NOW), gateway=wiki, sleep=lambda s: None,
                    out=lines.append, clock=lambda: NOW) == 1
    assert lines[-1] == ("hubbot is now disabled after 1 failed run in a row: this run could not save Hubs/Plans; "
                         f"run `hubbot reset --config {config.path} --state-dir {state_dir}` once the cause is fixed.")
    assert shown(config, state_dir)[0][0] == ("bot: DISABLED since 2026-11-25T12:00:00+00:00 after 1 failed run in "
                                              "a row (the limit is 1): this run could not save Hubs/Plans")


def test_a_run_the_shutoff_page_stopped_is_shown_with_the_page_its_words_and_since_when_until_an_editor_clears_it(
        tmp_path):
    wiki, config = make(tmp_path)
    state_dir = tmp_path / "state"
    assert sync(wiki, config, state_dir) == 0
    wiki.edit("User:HubBot/Shutoff", "stop: the directory lost its <!-- an editor's note --> links, see talk "
                                     "page. " + "Details " * 20)
    assert sync(wiki, config, state_dir, now=NOW.replace(hour=13), scheduled=False) == 3       # `sync`
    said = "stop: the directory lost its  links, see talk page. Details Details Details Det…"      # 80 characters
    assert shown(config, state_dir) == ([
        f"bot: shut off on-wiki by User:HubBot/Shutoff since 2026-11-25T13:00:00+00:00, which says {said!r}; 0 "
        "failed runs in a row (it disables itself at 3)",
        "  to let it run again, an editor empties User:HubBot/Shutoff (or writes 'run'); that needs no hubbot reset",
        f"last run: 2026-11-25T13:00:00+00:00, shut off: the shutoff page User:HubBot/Shutoff says {said!r}, 0 edits",
        "lock: free"], 3)
    wiki.edit("User:HubBot/Shutoff", "stop")
    assert sync(wiki, config, state_dir, now=NOW.replace(hour=14)) == 0                       # `schedule --once`
    lines, code = shown(config, state_dir)
    assert lines[0] == ("bot: shut off on-wiki by User:HubBot/Shutoff since 2026-11-25T13:00:00+00:00, which says "
                        "'stop'; 0 failed runs in a row (it disables itself at 3)") and code == 3      # the first since
    assert lines[2] == "last run: 2026-11-25T14:00:00+00:00, shut off: the shutoff page User:HubBot/Shutoff says " \
                       "'stop', 0 edits"
    wiki.edit("User:HubBot/Shutoff", "")                                                        # an editor clears it
    assert sync(wiki, config, state_dir, now=NOW.replace(hour=15)) == 0
    assert shown(config, state_dir) == ([
        "bot: enabled; 0 failed runs in a row (it disables itself at 3)",
        "last run: 2026-11-25T15:00:00+00:00, done, 0 edits",
        "lock: free"], 0)


def test_a_shutoff_between_two_saves_keeps_the_edits_made_and_a_disabled_bot_says_it_is_shut_off_too(tmp_path):
    wiki, config = make(tmp_path, max_consecutive_failures=1)
    state_dir = tmp_path / "state"
    wiki.before_save["Hubs/Plans"] = lambda: wiki.edit("User:HubBot/Shutoff", "halt")   # while Hubs/Plans is saved
    assert sync(wiki, config, state_dir, scheduled=False) == 3            # the errors page's check finds it
    assert shown(config, state_dir)[0][2] == ("last run: 2026-11-25T12:00:00+00:00, shut off: the shutoff page "
                                              "User:HubBot/Shutoff says 'halt', 2 edits")
    state = json.loads((state_dir / "state.json").read_text())
    state.update(disabled=True, consecutive_failures=1, disabled_since="2026-11-25T11:00:00+00:00",
                 disabled_cause="this run could not save Hubs/Plans")
    (state_dir / "state.json").write_text(json.dumps(state))
    assert shown(config, state_dir) == ([
        "bot: DISABLED since 2026-11-25T11:00:00+00:00 after 1 failed run in a row (the limit is 1): this run could "
        "not save Hubs/Plans",
        f"  re-enable it once the cause is fixed: hubbot reset --config {config.path} --state-dir {state_dir}",
        "  also shut off on-wiki by User:HubBot/Shutoff since 2026-11-25T12:00:00+00:00, which says 'halt'",
        "  to let it run again, an editor empties User:HubBot/Shutoff (or writes 'run'); that needs no hubbot reset",
        "last run: 2026-11-25T12:00:00+00:00, shut off: the shutoff page User:HubBot/Shutoff says 'halt', 2 edits",
        "lock: free"], 1)                       # disabled: the operator's to fix first


def test_a_run_made_with_now_shows_when_it_ran_and_the_time_it_ran_as(tmp_path):
    wiki, config = make(tmp_path)
    state_dir = tmp_path / "state"
    ran = datetime(2026, 12, 3, 15, 4, 10, 600000, tzinfo=timezone.utc)
    assert sync(wiki, config, state_dir, now=NOW, clock=lambda: ran) == 0
    assert shown(config, state_dir)[0][1] == ("last run: 2026-12-03T15:04:10+00:00 (run as of --now "
                                              "2026-11-25T12:00:00+00:00), done, 3 edits")
    down = app.SyncRequest(state_dir=state_dir, now=NOW.replace(hour=13), scheduled=True)

    def unreachable():
        raise WikiUnreachable("wiki meta:meta", "cannot be reached.")
    assert app.run_command(lambda: app.sync(config, down, connect=unreachable, out=lambda t: None,
                                            clock=lambda: ran + timedelta(hours=1))) == 1
    assert shown(config, state_dir)[0][1] == ("last run: 2026-12-03T16:04:10+00:00 (run as of --now "
                                              "2026-11-25T13:00:00+00:00), failed: wiki meta:meta: cannot be "
                                              "reached., 0 edits")


def test_the_lock_held_by_a_run_and_one_left_by_a_run_that_stopped(tmp_path):
    wiki, config = make(tmp_path)
    state_dir = tmp_path / "state"
    start = float(int(time.time()))
    lock = RunLock(state_dir, lease=300, clock=lambda: start, heartbeat=False).acquire()
    try:
        assert shown(config, state_dir)[0][2] == (
            f"lock: held by pid {os.getpid()} on {socket.gethostname()} since {iso(start)} (its lease runs to "
            f"{iso(start + 300)}): a run is in progress")
    finally:
        lock.release()
    assert shown(config, state_dir)[0][2] == "lock: free"
    start = NOW.timestamp()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (state_dir / "lock").write_text(json.dumps({"token": "x", "pid": int(dead.stdout), "host": socket.gethostname(),
                                                "start": start, "expires": 4102444800}) + "\n")
    assert shown(config, state_dir)[0][2] == (
        f"lock: left by pid {int(dead.stdout)} on {socket.gethostname()} since 2026-11-25T12:00:00+00:00, which "
        "stopped; the next run takes it over")


def test_once_schedule_has_run_what_is_due_and_the_next_firing(tmp_path):
    wiki, config = make(tmp_path)
    config = config.__class__(**{**config.__dict__, "schedule": "17 * * * *"})
    state_dir = tmp_path / "state"
    assert sync(wiki, config, state_dir) == 0
    assert len(shown(config, state_dir)[0]) == 3                             # no schedule.json: no schedule line
    (state_dir / "schedule.json").write_text(json.dumps({"directory": "2026-11-25T12:17:00+00:00",
                                                         "plans": "2026-11-25T12:17:00+00:00",
                                                         "errors": "2026-11-25T11:17:00+00:00"}))
    lines, code = shown(config, state_dir, NOW.replace(minute=20))
    assert lines[3:] == ["schedule: due now, not run yet: errors (fired 2026-11-25T12:17:00+00:00)",
                         "schedule: next: directory, plans, errors at 2026-11-25T13:17:00+00:00"] and code == 0


def test_a_damaged_state_file_is_the_stores_message_naming_the_file_and_the_fix(tmp_path, capsys):
    wiki, config = make(tmp_path)
    state_dir = tmp_path / "state"
    state_dir.mkdir()
    (state_dir / "state.json").write_text('{"consecutive_failures": "two"}')
    assert app.run_command(lambda: status(config, state_dir, NOW)[1]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"hubbot: error: {state_dir / 'state.json'}: the run history cannot be read (Expected "
                          "`int`, got `str` - at `$.consecutive_failures`). Fix: correct the file (it is JSON;")
    (state_dir / "state.json").write_text('{"last_run": {"at": "2026-11-25T12:00:00+00:00", "ended": "maybe"}}')
    try:
        status(config, state_dir, NOW)
    except UserError as exc:
        assert "(Invalid enum value 'maybe' - at `$.last_run.ended`)" in str(exc)
    else:
        raise AssertionError("a last run of an unknown ending must be the history's error")


def test_hubbot_status_on_the_command_line_prints_the_lines_and_exits_1_when_the_last_run_failed(tmp_path):
    """No wiki anywhere: the config names Meta, and nothing may be asked of it."""
    config = tmp_path / "config.yaml"
    config.write_text("site: {family: meta, code: meta}\noutputs:\n  - {name: plans, kind: plans, page: Hubs/Plans}\n"
                      "state_dir: state\n")
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "state.json").write_text(json.dumps({
        "consecutive_failures": 1, "last_run": {"at": "2026-11-25T12:00:00+00:00", "ended": "failed", "edits": 0,
                                                "not_written": [{"page": "Hubs/Plans", "status": "failed",
                                                                 "owner": "wiki"}]}}))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "status", "--config", str(config)], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == (f"hubbot status of {tmp_path / 'state'} (config {config}); the wiki was not asked\n"
                           "bot: enabled; 1 failed run in a row (it disables itself at 3)\n"
                           "last run: 2026-11-25T12:00:00+00:00, failed, 0 edits; not written: Hubs/Plans (failed, "
                           "who can fix it: wiki)\n"
                           "lock: free\n")
