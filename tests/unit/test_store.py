"""One store (bot/store.py): every file hubbot keeps, with one policy, stated literally.

- a cache unreadable or of the wrong shape: one warning, and the run reads what it would have kept;
- the run history (state.json) unreadable or of the wrong type: exit 2 naming the file, the value and the fix;
- a time from the future (a clock that was ahead): ignored with a warning;
- a full disk or an I/O error: a failed run (exit 1) saying so and naming the folder, no traceback, no
  temporary file, and no lock that blocks the next run.
"""

from __future__ import annotations

import errno
import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot import app, store
from bot.config import parse_config
from bot.errors import LockBusy
from bot.heartbeat import verdict
from bot.lock import RunLock
from bot.logic.kinds import check_config
from bot.schedule import ran_firings
from bot.state import HISTORY_FIX, State
from bot.watch import load_position, save_position
from bot.models import ChangePosition
from bot.wiki.memory import MemoryWiki

NOW = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)


def config_of(tmp_path):
    return check_config(parse_config({
        "hubs": {"template": "Hub infobox"},
        "outputs": [{"name": "plans", "kind": "plans", "page": "Hubs/Plans"},
                    {"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"}],
        "safety": {"shutoff_page": "User:HubBot/Shutoff"}}, str(tmp_path / "config.yaml")))


def wiki_with_hubs() -> MemoryWiki:
    wiki = MemoryWiki()
    for name in ("Hub A", "Hub B"):
        wiki.edit(name, f"{{{{Hub infobox\n| name = {name}\n| type = regional\n| scope = Somewhere\n"
                        f"| status = pilot\n| details = See [[{name}/Plan|the plan]].\n}}}}\n")
    wiki.edit("User:HubBot/Shutoff", "run")
    return wiki


def sync(tmp_path, wiki, state_dir, capsys=None) -> int:
    request = app.SyncRequest(state_dir=state_dir, now=NOW)
    return app.run_command(lambda: app.sync(config_of(tmp_path), request, gateway=wiki, sleep=lambda s: None,
                                            out=lambda t: None))


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- the run history: exit 2 naming the file, the value and the fix -------------------------------
@pytest.mark.parametrize("content, why", [
    ('{"consecutive_failures": "abc"}', "Expected `int`, got `str` - at `$.consecutive_failures`"),
    ('{"outcomes": [1]}', "Expected `object`, got `array` - at `$.outcomes`"),
    ('{"disabled": "no"}', "Expected `bool`, got `str` - at `$.disabled`"),
    ('{"outcomes": {"plans": {"page": "P", "status": "sideways"}}}',
     "Invalid enum value 'sideways' - at `$.outcomes[...].status`"),
    ('[]', "Expected `object`, got `array`"),
    ('{"consecutive_failures": 2', "Input data was truncated"),
])
def test_a_run_history_of_the_wrong_type_stops_with_exit_2_naming_the_file_and_the_fix(tmp_path, capsys,
                                                                                        content, why):
    state_dir = tmp_path / "state"
    state_dir.mkdir()
    (state_dir / "state.json").write_text(content)
    wiki = wiki_with_hubs()
    assert sync(tmp_path, wiki, state_dir) == 2
    assert capsys.readouterr().err == (f"hubbot: error: {state_dir / 'state.json'}: the run history cannot be read "
                                       f"({why}). Fix: {HISTORY_FIX}\n")
    assert HISTORY_FIX == ("correct the file (it is JSON; the message says what is wrong where it can), or delete it. "
                           "Deleting it also forgets the human text replaced in the last 30 days (quoted on the errors "
                           "page), the hub count the shrinking-list guard compares with, and the hub pages of the last "
                           "run; the next run starts with no failed runs counted and the bot enabled.")
    assert wiki.counters.edits == 0 and (state_dir / "state.json").read_text() == content
    assert files_in(state_dir) == ["state.json"]     # no lock left


def test_the_run_history_written_by_a_run_is_read_back(tmp_path):
    state_dir = tmp_path / "state"
    assert sync(tmp_path, wiki_with_hubs(), state_dir) == 0
    state = State.load(state_dir)
    assert state.consecutive_failures == 0 and state.last_outcomes()["plans"]["status"] == "edited"


# -- caches: one warning, then the run reads instead ------------------------------------------------
def warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_damaged_memory_of_what_pages_were_written_from_is_one_warning(tmp_path, caplog):
    state_dir = tmp_path / "state"
    wiki = wiki_with_hubs()
    assert sync(tmp_path, wiki, state_dir) == 0
    data = json.loads((state_dir / "state.json").read_text())
    data["quiet"]["hubs"] = "two"
    (state_dir / "state.json").write_text(json.dumps(data))
    with caplog.at_level(logging.INFO, logger="hubbot"):
        assert sync(tmp_path, wiki, state_dir) == 0
    assert warnings(caplog) == [
        f"{state_dir / 'state.json'} is unreadable (what the last run wrote each page from: Expected `int`, got "
        "`str` - at `$.hubs`); this run reads the pages instead of trusting their revision ids. It is written anew "
        "by this run."]
    assert json.loads((state_dir / "state.json").read_text())["quiet"]["hubs"] == 2


@pytest.mark.parametrize("content, why", [
    ("", "Input data was truncated"),
    ('{"outputs": {"plans": "k1"}, "snapshots": {}}', "no snapshot k1"),
    ('{"outputs": [], "snapshots": {}}', "Expected `object`, got `array` - at `$.outputs`"),
])
def test_damaged_snapshots_are_one_warning_and_summaries_count_once(tmp_path, caplog, content, why):
    state_dir = tmp_path / "state"
    state_dir.mkdir()
    (state_dir / "snapshots.json").write_text(content)
    with caplog.at_level(logging.INFO, logger="hubbot"):
        assert sync(tmp_path, wiki_with_hubs(), state_dir) == 0
    assert warnings(caplog) == [f"{state_dir / 'snapshots.json'} is unreadable ({why}); edit summaries of this "
                                "run count every hub as new. It is written anew by this run."]


def test_a_damaged_watch_position_is_one_warning_and_a_start_from_now(tmp_path, caplog):
    save_position(tmp_path, "w", ChangePosition("2026-11-25T12:00:00Z", 7))
    assert load_position(tmp_path, "w") == ChangePosition("2026-11-25T12:00:00Z", 7)
    (tmp_path / "watch.json").write_text('{"wiki": "w", "timestamp": "2026-11-25T12:00:00Z", "rcid": "7"}')
    with caplog.at_level(logging.INFO, logger="hubbot"):
        assert load_position(tmp_path, "w") is None
    assert warnings(caplog) == [f"{tmp_path / 'watch.json'} is unreadable (Expected `int`, got `str` - at `$.rcid`); "
                                "the watcher starts from now, after one run that catches up. It is written anew "
                                "by this run."]


def test_a_damaged_schedule_record_is_one_warning_not_an_internal_error(tmp_path, caplog):
    (tmp_path / "schedule.json").write_text("{not json")
    with caplog.at_level(logging.INFO, logger="hubbot"):
        assert ran_firings(tmp_path / "schedule.json", NOW) == {}
    assert warnings(caplog) == [
        f"{tmp_path / 'schedule.json'} is unreadable (JSON is malformed: object keys must be strings (byte 1)); outputs that fired "
        "in the last 15 minutes run, even if they ran already. It is written anew by this run."]


# -- times from the future ---------------------------------------------------------------------------
def test_a_firing_from_the_future_in_schedule_json_is_ignored_with_a_warning(tmp_path, caplog):
    (tmp_path / "schedule.json").write_text(json.dumps({"plans": "2027-01-01T00:17:00+00:00",
                                                        "errors": "2026-11-25T11:17:00+00:00"}))
    with caplog.at_level(logging.INFO, logger="hubbot"):
        assert ran_firings(tmp_path / "schedule.json", NOW) == {"errors": "2026-11-25T11:17:00+00:00"}
    assert warnings(caplog) == [f"{tmp_path / 'schedule.json'}: the last run of plans is 2027-01-01T00:17:00+00:00, "
                                "later than now (2026-11-25T12:00:00+00:00): a clock was wrong; it is ignored."]


def test_a_heartbeat_from_the_future_does_not_keep_a_frozen_watcher_healthy():
    beat = {"at": 1000.0 + 3600, "interval": 60, "pid": 5, "doing": "poll 3"}
    found = verdict(beat, 1000.0)
    assert not found.healthy and found.message == (
        "the last beat of the watcher (pid 5) is dated 60 min from now, more than the 180 s allowed: a clock was "
        "wrong; the beat is ignored (poll 3)")


def test_a_lock_whose_expiry_is_from_the_future_runs_out_a_lease_after_its_last_renewal(tmp_path, caplog):
    path = tmp_path / "lock"
    path.write_text(json.dumps({"token": "x", "pid": 1, "host": "other-host", "expires": 4102444800.0}))  # 2100
    renewed = path.stat().st_mtime
    held = RunLock(tmp_path, lease=300, heartbeat=False, clock=lambda: renewed + 10)
    with caplog.at_level(logging.INFO, logger="hubbot"), pytest.raises(LockBusy):
        held.acquire()
    assert len(warnings(caplog)) == 1 and "the lock's expiry is 2100-01-01T00:00:00+00:00" in warnings(caplog)[0]
    later = RunLock(tmp_path, lease=300, heartbeat=False, clock=lambda: renewed + 301)
    later.acquire()
    assert later.took_over == "pid 1 on other-host"
    later.release()


# -- a full disk ---------------------------------------------------------------------------------------
def disk_full(monkeypatch, spare=lambda name: False):
    """Every write whose file ``spare`` does not name fails with ENOSPC (as a full file system says it)."""
    real = os.fsync

    def fsync(fd):
        name = os.readlink(f"/proc/self/fd/{fd}")
        if not spare(os.path.basename(name)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd)
    monkeypatch.setattr(store.os, "fsync", fsync)


def test_a_write_on_a_full_disk_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    store.write(path, {"consecutive_failures": 1})
    disk_full(monkeypatch)
    with pytest.raises(store.StoreWriteFailed) as failed:
        store.write(path, {"consecutive_failures": 2})
    assert str(failed.value) == (f"no space left on device in {tmp_path}: state.json was not written (the file is as "
                                 "it was before). Free space there, or point state_dir at another folder; the next "
                                 "run starts from the files as they are.")
    assert files_in(tmp_path) == ["state.json"] and json.loads(path.read_text()) == {"consecutive_failures": 1}


def test_a_lock_on_a_full_disk_fails_the_run_and_never_blocks_the_next_one(tmp_path, monkeypatch):
    disk_full(monkeypatch)
    with pytest.raises(store.StoreWriteFailed, match=r"^no space left on device in .*: lock was not written"):
        RunLock(tmp_path, heartbeat=False).acquire()
    assert files_in(tmp_path) == []                  # no empty lock: the next run is not "in progress (pid None)"
    monkeypatch.undo()
    lock = RunLock(tmp_path, heartbeat=False, wait=0).acquire()
    assert lock.took_over is None and lock._mine() and files_in(tmp_path) == ["lock"]
    lock.release()


def test_a_run_that_fills_the_disk_fails_with_one_line_and_the_next_run_goes_ahead(tmp_path, monkeypatch, capsys,
                                                                                 caplog):
    """The disk fills after the lock is taken: pages are saved, the state cannot be written."""
    state_dir = tmp_path / "state"
    wiki = wiki_with_hubs()
    disk_full(monkeypatch, spare=lambda name: name.startswith(".lock."))
    with caplog.at_level(logging.DEBUG, logger="hubbot"):
        assert sync(tmp_path, wiki, state_dir) == 1
    err = capsys.readouterr().err
    assert err == (f"hubbot: no space left on device in {state_dir}: hub-cache.json was not written (the file is as "
                   "it was before). Free space there, or point state_dir at another folder; the next run starts from "
                   "the files as they are.\n")
    assert not any(r.exc_info for r in caplog.records) and "Traceback" not in caplog.text
    assert files_in(state_dir) == []                 # no temporary file, no lock, nothing half-written
    assert wiki.counters.edits == 2                  # the pages the wiki saved stay saved
    monkeypatch.undo()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="hubbot"):
        assert sync(tmp_path, wiki, state_dir) == 0
    assert "another run is in progress" not in caplog.text
    assert files_in(state_dir) == ["hub-cache.json", "snapshots.json", "state.json"]   # (no edit: no saved-outputs)


def test_a_quota_is_named_as_such(tmp_path, monkeypatch):
    def fsync(fd):
        raise OSError(errno.EDQUOT, os.strerror(errno.EDQUOT))
    monkeypatch.setattr(store.os, "fsync", fsync)
    with pytest.raises(store.StoreWriteFailed, match=rf"^disk quota exceeded in {tmp_path}: x.json was not written"):
        store.write(tmp_path / "x.json", {})
    assert files_in(tmp_path) == []


def test_a_lock_whose_link_was_made_but_reported_taken_is_held(tmp_path, monkeypatch):
    """NFS: the reply to link() is lost, the retried call finds the name taken; the link count tells."""
    import bot.lock
    real = os.link

    def link_then_refuse(src, dst):
        real(src, dst)
        raise FileExistsError(errno.EEXIST, "File exists")
    monkeypatch.setattr(bot.lock.os, "link", link_then_refuse)
    lock = RunLock(tmp_path, heartbeat=False).acquire()
    assert lock._mine() and files_in(tmp_path) == ["lock"]
    monkeypatch.undo()
    with pytest.raises(LockBusy):                     # and a lock that is there is still refused
        RunLock(tmp_path, heartbeat=False, wait=0).acquire()
    lock.release()
    assert files_in(tmp_path) == []


def test_temporary_files_left_by_a_killed_run_are_removed_by_the_next_run_after_an_hour(tmp_path, caplog):
    left = ["state.tmp", "hub-cache.json.tmp", f".state.json.{os.getpid()}.0a1b2c3d.tmp"]   # older versions', ours
    for name in left + [".snapshots.json.7.ffffffff.tmp"]:
        (tmp_path / name).write_text("")
    hour_ago = os.stat(tmp_path).st_mtime - store.STALE_TEMPORARY - 1
    for name in left:
        os.utime(tmp_path / name, (hour_ago, hour_ago))
    with caplog.at_level(logging.INFO, logger="hubbot"):
        lock = RunLock(tmp_path, heartbeat=False).acquire()
    assert files_in(tmp_path) == [".snapshots.json.7.ffffffff.tmp", "lock"]   # a write of now is left alone
    assert (f"removed temporary files left by a run killed while writing: .state.json.{os.getpid()}.0a1b2c3d.tmp, "
            "hub-cache.json.tmp, state.tmp") in caplog.text
    lock.release()


def test_a_damaged_saved_outputs_file_is_written_anew_when_read_as_the_warning_says(tmp_path, caplog):
    """Found by an operator's try-out: the warning said 'written anew by this run', yet the file kept its damage
    (and every run warned again) until the bot saved a page."""
    from bot.saved_outputs import SAVED_FILE, SavedOutputs
    (tmp_path / SAVED_FILE).write_text('{"a":')
    with caplog.at_level("WARNING", logger="hubbot"):
        assert SavedOutputs.load(tmp_path).pages == {}
    assert [r.getMessage().split(" is unreadable")[0] for r in caplog.records] == [str(tmp_path / SAVED_FILE)]
    caplog.clear()
    with caplog.at_level("WARNING", logger="hubbot"):
        assert SavedOutputs.load(tmp_path).pages == {}
    assert caplog.records == []
    assert json.loads((tmp_path / SAVED_FILE).read_text()) == {"pages": {}, "format": 2}
