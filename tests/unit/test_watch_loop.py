"""The watcher's loop (bot.watch.Watcher) with a gateway that only answers recent changes: what it runs when."""

from __future__ import annotations

import logging
import os
from datetime import date

from bot import hub_cache
from bot.config import parse_config
from bot.hub_cache import CachedHub, HubCache, cache_key
from bot.logic.kinds import check_config
from bot.models import ChangePosition, ParseResult
from bot.watch import Watcher, known_hubs
from bot.wiki.gateway import Counters


class Quiet:
    """A wiki where nothing happens: every poll finds no change (one request)."""

    description = "quiet wiki"

    def __init__(self) -> None:
        self.counters = Counters()

    def recent_changes(self, after, overlap=0.0):
        self.counters.requests += 1
        return [], after or ChangePosition("2026-11-25T00:00:00Z", 1)


def config(tmp_path):
    return check_config(parse_config({"hubs": {"template": "Hub infobox"},
                                      "outputs": [{"name": "directory", "kind": "directory", "page": "Hubs/Ongoing"},
                                                  {"name": "errors", "kind": "errors", "page": "Hubs/Errors"}],
                                      "safety": {"lock_wait": 0}},
                                     str(tmp_path / "config.yaml")))


def test_the_first_poll_of_a_new_day_makes_one_run_for_text_that_counts_days(tmp_path, caplog):
    days = iter([date(2026, 11, 25)] * 4 + [date(2026, 11, 26)] * 20)
    today = {"day": date(2026, 11, 25)}
    runs = []

    def sleep(seconds):
        today["day"] = next(days)

    watcher = Watcher(config(tmp_path), Quiet(), tmp_path, interval=5, sync=lambda only: runs.append(only) or 0,
                      sleep=sleep, max_polls=8, emit=lambda s: None, today=lambda: today["day"])
    with caplog.at_level(logging.INFO, logger="hubbot"):
        assert watcher.run() == 0
    assert runs == [["directory", "errors"], ["directory", "errors"]]     # the catch-up run, then one new day
    assert "because a new day (2026-11-26)" in caplog.text
    assert watcher.requests == 8                                          # still one request per poll


def test_a_watcher_with_a_fixed_date_never_sees_a_new_day(tmp_path):
    runs = []
    watcher = Watcher(config(tmp_path), Quiet(), tmp_path, interval=5, sync=lambda only: runs.append(only) or 0,
                      sleep=lambda s: None, max_polls=5, emit=lambda s: None, today=lambda: date(2026, 11, 25))
    watcher.run()
    assert len(runs) == 1


def test_the_hubs_known_after_a_run_come_from_the_cache_this_process_wrote(tmp_path):
    path = tmp_path / hub_cache.CACHE_FILE
    record = CachedHub(1, ParseResult(None, ()))
    hub_cache.write_cache(path, HubCache(cache_key("quiet wiki", "Hub infobox"), {"Hub A": record, "Hub B": record}))
    info = path.stat()
    path.write_text("x" * info.st_size)                    # same size and time: the file is not read again
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert known_hubs(tmp_path) == {"Hub A", "Hub B"}
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 10 ** 9))   # changed by someone else: read (damaged)
    assert known_hubs(tmp_path) == frozenset()


def test_the_event_stream_hands_over_every_change_the_watcher_decides_and_its_listing_sees_them_all():
    from bot.watch import StreamSource
    events = [{"meta": {"domain": "meta.wikimedia.org"}, "id": 10 + i, "type": "edit", "namespace": ns,
               "title": title, "timestamp": 1795608005 + i, "user": "Editor", "revision": {"old": 1, "new": 2 + i},
               "wiki": "metawiki"} for i, (ns, title) in enumerate([(10, "Template:Hub header"), (0, "Essay"),
                                                                       (0, "CEE Hub")])]

    class Streaming(Quiet):
        def change_stream(self, since=None, url=None, on_open=None, on_error=None):
            on_open()
            return iter(events)

    source = StreamSource(Streaming(), None)
    source.restart(None)
    source.thread.join(5)
    changes, position = source.changes(None)
    assert [c.title for c in changes] == ["Template:Hub header", "Essay", "CEE Hub"] and position.rcid == 12


def test_a_run_that_could_not_happen_because_another_run_holds_the_lock_is_tried_again(tmp_path, caplog):
    """`hubbot watch` next to a cron `hubbot sync` of the same state dir: the watcher's run waits for the
    lock to be free at the next interval instead of being dropped (and with it the editor's change)."""
    import argparse
    from bot import app
    from bot.wiki.memory import MemoryWiki

    class Wiki(MemoryWiki):
        def recent_changes(self, after, overlap=0.0):
            self.counters.requests += 1
            return [], after or ChangePosition("2026-11-25T00:00:00Z", 1)

    wiki = Wiki()
    wiki.edit("Hub A", "{{Hub infobox\n| name = Hub A\n| type = regional\n| status = pilot\n}}")
    wiki.edit("Hubs/Ongoing", "")
    cfg = config(tmp_path)
    held = app.run_lock(cfg, tmp_path).acquire()            # a scheduled sync is running
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            held.release()                                    # ... and ends

    args = argparse.Namespace(state_dir=str(tmp_path), interval=5, now="2026-11-25T12:00:00Z", source="poll",
                              stream_url=None, max_polls=3)
    from bot.watch import run_watch
    with caplog.at_level(logging.INFO, logger="hubbot"):
        assert run_watch(cfg, args, gateway=wiki, sleep=sleep) == 0
    assert caplog.text.count("the run did not happen") == 2      # the catch-up run and the first retry
    assert "[[Special:MyLanguage/Hub A|Hub A]]" in wiki.text("Hubs/Ongoing")   # the retry after the lock was freed


def test_a_change_written_late_with_a_lower_id_is_handed_over_once_and_nothing_twice():
    """MediaWiki writes a recent-changes row at the end of the edit's request: a poll can show rcid 12
    before 11. Each poll reads a minute back; what was handed over already is not handed over again."""
    from bot.models import Change
    from bot.watch import PollingSource

    def row(rcid, second):
        return Change(rcid, f"2026-11-25T12:00:{second:02}Z", "edit", f"Page {rcid}", 0, 100 + rcid, "Editor")

    class Late(Quiet):
        def __init__(self):
            super().__init__()
            self.answers = [[row(10, 1), row(12, 3)], [row(10, 1), row(11, 2), row(12, 3), row(13, 9)], [row(13, 9)]]
            self.asked = []

        def recent_changes(self, after, overlap=0.0):
            self.asked.append((after, overlap))
            rows = self.answers.pop(0)
            return rows, ChangePosition(rows[-1].timestamp, rows[-1].rcid)

    wiki = Late()
    source = PollingSource(wiki)
    start = ChangePosition("2026-11-25T12:00:00Z", 9)
    first, position = source.changes(start)
    second, position = source.changes(position)
    third, position = source.changes(position)
    assert [c.rcid for c in first] == [10, 12] and [c.rcid for c in second] == [11, 13] and third == []
    assert position.rcid == 13 and all(overlap == 60 for _, overlap in wiki.asked)


def test_a_watcher_stopped_after_one_poll_and_one_run_says_so_in_the_singular(tmp_path):
    said = []
    watcher = Watcher(config(tmp_path), Quiet(), tmp_path, interval=5, sync=lambda only: 0, sleep=lambda s: None,
                      max_polls=1, emit=said.append, today=lambda: date(2026, 11, 25))
    assert watcher.run() == 0
    assert said[-1] == "watch: stopped after 1 poll and 1 run"
