"""Runs with nothing new (bot.logic.quiet), exhaustively on a wiki in memory.

A run whose inputs are those of the last run reads no page text: it lists the hubs with
their revision ids, lists the pages with {{Hub list}}s and asks the revision ids of the pages
it would write or reads, and asks what changes without a revision: translation progress and
whether map files exist (5 requests here). Every input that can change an output must make
the next run a normal one, whose output is then that of a --full run. The same stories run on
the real local MediaWiki in tests/integration/test_incremental.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot import fingerprints, hub_cache
from bot.config import parse_config
from bot.errors import ShutoffError
from bot.logic.kinds import check_config
from bot.models import TranslationProgress, TranslationStat
from bot.outcomes import Status
from bot.runner import Run
from bot.state import State
from bot.wiki.memory import MemoryWiki

NOW = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
REGION = "Intro by a human.\n<!-- hubbot:begin dir -->\n<!-- hubbot:end dir -->\nOutro by a human.\n"
QUIET_REQUESTS = 5      # hub listing, {{Hub list}} listing, revision ids of the other pages (one batch),
                        # Translate's statistics of 'Hubs', the map files


def infobox(name: str, status: str = "pilot", extra: str = "") -> str:
    return (f"{{{{Hub infobox\n| name = {name}\n| type = regional\n| scope = Somewhere\n| status = {status}\n"
            f"| plans = [[{name}/Plan]]\n{extra}}}}}\nText by the hub's editors.\n")


def config_of(tmp_path, **extra_output):
    outputs = [{"name": "directory", "kind": "directory", "page": "Hubs/Ongoing", "region": "dir",
                "columns": ["hub", "type", "map", "status"]},
               {"name": "plans", "kind": "plans", "page": "Hubs/Plans"},
               {"name": "status", "kind": "status", "page": "Hubs/Status", "translations": ["Hubs"]},
               {"name": "check", "kind": "directory-check", "page": "Hubs/Check", "source": "Hubs/Table"},
               {"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"}]
    outputs[0].update(extra_output)
    return check_config(parse_config({
        "hubs": {"template": "Hub infobox"}, "outputs": outputs,
        "safety": {"shutoff_page": "User:HubBot/Shutoff"}}, str(tmp_path / "config.yaml")))


def make(tmp_path):
    wiki = MemoryWiki()
    for i in range(4):
        wiki.edit(f"Hub {i}", infobox(f"Hub {i}", extra="| map = File:Hub 0 map.png\n" if i == 0 else ""))
    wiki.edit("File:Hub 0 map.png", "a map")
    wiki.edit("Hubs/Ongoing", REGION)
    wiki.edit("Hubs/Table", '{| class="wikitable"\n|-\n| [[Hub 0]]\n|}')
    wiki.edit("User:HubBot/Shutoff", "run")
    wiki.edit("Essay", "An essay with a list:\n{{Hub list|status=pilot}}\n{{Hub list end}}\nMore essay.\n")
    return wiki, config_of(tmp_path)


def run(wiki, config, tmp_path, *, now=NOW, only=None, **kw):
    state = State.load(tmp_path / "state")
    before = wiki.counters.requests
    report = Run(config, wiki, now=now, state=state, sleep=lambda s: None, **kw).run(only)
    report.requests = wiki.counters.requests - before
    return report


def quiet(report) -> bool:
    return report.pages_read == 0


def settled(tmp_path):
    """A wiki after two runs: the first wrote every page, the second found nothing new."""
    wiki, config = make(tmp_path)
    first = run(wiki, config, tmp_path)
    assert not quiet(first) and first.edits >= 4
    second = run(wiki, config, tmp_path)
    assert quiet(second) and second.requests == QUIET_REQUESTS and second.edits == 0, second
    assert {o.status for o in second.outputs} == {Status.UNCHANGED}
    # every output and the on-wiki list, as a normal run reports them
    assert sorted(o.output for o in second.outputs) == sorted(o.output for o in first.outputs)
    assert second.hubs == first.hubs == 4 and second.problems == first.problems
    return wiki, config


def same_as_full(wiki, config, tmp_path, now=NOW):
    full = run(wiki, config, tmp_path, now=now, full=True, dry_run=True)
    assert not quiet(full)
    assert [o.output for o in full.outputs if o.status is Status.WOULD_EDIT] == [], full.outputs


def test_nothing_new_reads_no_page_text_and_a_third_run_is_as_quiet(tmp_path):
    wiki, config = settled(tmp_path)
    third = run(wiki, config, tmp_path)
    assert quiet(third) and third.requests == QUIET_REQUESTS
    same_as_full(wiki, config, tmp_path)


def translated(wiki):
    answer = TranslationProgress("Hubs", True, (TranslationStat("fr", 10, 4, 0),))
    wiki.translation_progress = lambda page: answer


# Each change a run must see: (what changes, whether the first run after it edits something)
CHANGES = {
    "a hub's status": lambda w, c, t: w.edit("Hub 1", infobox("Hub 1", status="established")),
    "a new hub": lambda w, c, t: w.edit("Hub 9", infobox("Hub 9")),
    "a deleted hub": lambda w, c, t: w.pages.pop("Hub 2"),
    "a human edit outside the region": lambda w, c, t: w.edit("Hubs/Ongoing", "More intro.\n" + w.text("Hubs/Ongoing")),
    "a human edit inside the region": lambda w, c, t: w.edit("Hubs/Ongoing", w.text("Hubs/Ongoing").replace(
        "Hub 1", "Hub One", 1)),
    "a human edit of a whole-page output": lambda w, c, t: w.edit("Hubs/Plans", w.text("Hubs/Plans") + "\nHello"),
    "the errors page edited": lambda w, c, t: w.edit("User:HubBot/Errors", "blanked"),
    "an output page deleted": lambda w, c, t: w.pages.pop("Hubs/Plans"),
    "a map file deleted": lambda w, c, t: w.pages.pop("File:Hub 0 map.png"),
    "translation progress": lambda w, c, t: translated(w),
    "the hand-kept directory": lambda w, c, t: w.edit("Hubs/Table", w.text("Hubs/Table") + "\n"
                                                      "{| class=\"wikitable\"\n|-\n| [[Hub 3]]\n|}"),
    "a new {{Hub list}}": lambda w, c, t: w.edit("Essay 2", "{{Hub list}}\n{{Hub list end}}"),
    "a {{Hub list}}'s parameters": lambda w, c, t: w.edit("Essay", w.text("Essay").replace("pilot", "established")),
    "a {{Hub list}} without its end": lambda w, c, t: w.edit("Essay 3", "{{Hub list}}\n"),
    "the shutoff page emptied": lambda w, c, t: w.edit("User:HubBot/Shutoff", ""),
    "the shutoff page deleted": lambda w, c, t: w.pages.pop("User:HubBot/Shutoff"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_input_that_can_change_an_output_makes_a_normal_run(tmp_path, change):
    wiki, config = settled(tmp_path)
    CHANGES[change](wiki, config, tmp_path)
    after = run(wiki, config, tmp_path)
    assert not quiet(after), change
    same_as_full(wiki, config, tmp_path)
    again = run(wiki, config, tmp_path)          # and the run after that is quiet again
    assert quiet(again) and again.edits == 0, change


def test_another_day_config_code_or_user_makes_a_normal_run(tmp_path, monkeypatch):
    wiki, config = settled(tmp_path)
    tomorrow = NOW + timedelta(days=1)
    assert not quiet(run(wiki, config, tmp_path, now=tomorrow))       # "days since" counts change daily
    assert quiet(run(wiki, config, tmp_path, now=tomorrow + timedelta(hours=3)))
    other = config_of(tmp_path, columns=["hub", "status"])
    assert not quiet(run(wiki, other, tmp_path, now=tomorrow))
    assert quiet(run(wiki, other, tmp_path, now=tomorrow))
    monkeypatch.setattr(fingerprints, "program_fingerprint", lambda: "another hubbot")
    assert not quiet(run(wiki, other, tmp_path, now=tomorrow))
    assert quiet(run(wiki, other, tmp_path, now=tomorrow))
    wiki.user = "OtherBot"
    assert not quiet(run(wiki, other, tmp_path, now=tomorrow))


def protect(wiki):
    wiki.protected.add("Hubs/Ongoing")


def size_limit(wiki):       # siteinfo's limit: the planner blocks the page before saving
    wiki.max_page_bytes = len(wiki.text("Hubs/Ongoing").encode()) + 10


@pytest.mark.parametrize("keep_out", [protect, size_limit])
def test_a_page_left_unwritten_is_tried_by_every_run_until_it_is_written(tmp_path, keep_out):
    wiki, config = settled(tmp_path)
    wiki.edit("Hub 1", infobox("Hub One Hundred With A Long Name", status="established"))
    keep_out(wiki)
    for _ in range(2):
        blocked = run(wiki, config, tmp_path)
        assert not quiet(blocked)
        assert {o.output: o.status for o in blocked.outputs}["directory"] is Status.BLOCKED
    wiki.protected.clear()
    wiki.max_page_bytes = None
    written = run(wiki, config, tmp_path)
    assert {o.output: o.status for o in written.outputs}["directory"] is Status.EDITED
    assert quiet(run(wiki, config, tmp_path))


def test_the_shutoff_page_saying_stop_is_seen_by_the_next_run(tmp_path):
    wiki, config = settled(tmp_path)
    wiki.edit("User:HubBot/Shutoff", "stop: vandalism in the lists")
    with pytest.raises(ShutoffError):
        run(wiki, config, tmp_path)


def test_only_runs_keep_each_other_quiet_and_the_errors_page_sees_what_they_remembered(tmp_path):
    wiki, config = settled(tmp_path)
    assert quiet(run(wiki, config, tmp_path, only=["plans"]))
    assert quiet(run(wiki, config, tmp_path, only=["directory"]))
    wiki.protected.add("Hubs/Status")
    wiki.edit("Hub 1", infobox("Hub 1", status="established"))
    blocked = run(wiki, config, tmp_path, only=["status"])              # the errors page says so
    assert {o.output: o.status for o in blocked.outputs}["status"] is Status.BLOCKED
    listed = "| [[Special:MyLanguage/Hubs/Status|Hubs/Status]] || status || blocked"
    assert listed in wiki.text("User:HubBot/Errors")
    both = ["directory", "errors"]
    assert not quiet(run(wiki, config, tmp_path, only=both))           # the directory changed
    assert quiet(run(wiki, config, tmp_path, only=both))
    assert listed in wiki.text("User:HubBot/Errors")                    # remembered from the status run
    wiki.protected.clear()
    assert not quiet(run(wiki, config, tmp_path, only=["status"]))     # written now, errors page not run
    # The errors page's own inputs changed (what the state remembers of 'status'): planned again.
    assert not quiet(run(wiki, config, tmp_path, only=both))
    assert listed not in wiki.text("User:HubBot/Errors")
    assert quiet(run(wiki, config, tmp_path, only=both))


def test_a_dry_run_with_nothing_new_is_quiet_and_remembers_nothing(tmp_path):
    wiki, config = settled(tmp_path)
    state_before = (tmp_path / "state" / "state.json").read_text()
    report = run(wiki, config, tmp_path, dry_run=True)
    assert quiet(report) and report.edits == 0
    assert (tmp_path / "state" / "state.json").read_text() == state_before


@pytest.mark.parametrize("damage", ["not a dict", {"pages": "x"}, {"basics": {}, "hubs": "many", "pages": {}}])
def test_a_damaged_memory_of_pages_means_one_normal_run_never_an_error(tmp_path, damage):
    import json
    wiki, config = settled(tmp_path)
    path = tmp_path / "state" / "state.json"
    data = json.loads(path.read_text())
    data["quiet"] = damage
    path.write_text(json.dumps(data))
    again = run(wiki, config, tmp_path)
    assert not quiet(again) and again.exit_code == 0 and again.edits == 0
    assert quiet(run(wiki, config, tmp_path))


def test_snapshots_are_kept_once_apart_from_the_small_state_file(tmp_path):
    import json
    wiki, config = settled(tmp_path)
    folder = tmp_path / "state"
    shared = json.loads((folder / "snapshots.json").read_text())
    # directory and status show the same hubs: one copy of the snapshot for both
    assert set(shared["outputs"]) >= {"directory", "status"}
    assert shared["outputs"]["directory"] == shared["outputs"]["status"] and len(shared["snapshots"]) <= 2
    assert "outputs" not in json.loads((folder / "state.json").read_text())
    stamp = (folder / "snapshots.json").stat().st_mtime_ns
    wiki.edit("Hubs/Ongoing", "A new intro.\n" + wiki.text("Hubs/Ongoing"))
    assert not quiet(run(wiki, config, tmp_path))                 # planned again, the same hubs:
    assert (folder / "snapshots.json").stat().st_mtime_ns == stamp   # the snapshots are not written again
    wiki.edit("Hub 1", infobox("Hub 1", status="established"))
    report = run(wiki, config, tmp_path)
    summary = next(o.summary for o in report.outputs if o.output == "directory")
    assert "status changed for 1 hub (Hub 1: pilot→established)" in summary


def test_a_state_file_of_the_previous_version_keeps_its_snapshots(tmp_path):
    import json
    wiki, config = settled(tmp_path)
    folder = tmp_path / "state"
    shared = json.loads((folder / "snapshots.json").read_text())
    state = json.loads((folder / "state.json").read_text())
    state["outputs"] = {name: shared["snapshots"][key] for name, key in shared["outputs"].items()}
    (folder / "state.json").write_text(json.dumps(state))
    (folder / "snapshots.json").unlink()
    wiki.edit("Hub 1", infobox("Hub 1", status="established"))
    report = run(wiki, config, tmp_path)
    summary = next(o.summary for o in report.outputs if o.output == "directory")
    assert "status changed for 1 hub (Hub 1: pilot→established)" in summary
    assert "outputs" not in json.loads((folder / "state.json").read_text())


def test_a_process_keeps_the_snapshots_it_wrote_and_reads_the_file_again_once_it_changed(tmp_path):
    import os
    wiki, config = settled(tmp_path)
    path = tmp_path / "state" / "snapshots.json"
    remembered = State.load(tmp_path / "state").snapshots
    info = path.stat()
    path.write_text("x" * info.st_size)                       # same size and time stamp: not read again
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert State.load(tmp_path / "state").snapshots == remembered != {}
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 10 ** 9))   # changed on disk: read (damaged: none)
    assert State.load(tmp_path / "state").snapshots == {}


def test_the_hub_cache_is_written_after_the_saves_even_when_the_run_stops_halfway(tmp_path):
    wiki, config = make(tmp_path)
    cache = tmp_path / "state" / hub_cache.CACHE_FILE
    seen = []
    wiki.before_save["Hubs/Ongoing"] = lambda: seen.append(cache.exists())
    # An admin switches the bot off while it saves: the run stops before its next save.
    wiki.before_save["Hubs/Plans"] = lambda: wiki.edit("User:HubBot/Shutoff", "stop", user="Admin")
    with pytest.raises(ShutoffError):
        run(wiki, config, tmp_path)
    assert seen == [False]                # the directory was saved before the cache was written
    assert cache.exists()                  # and the hubs read are not read again by the next run
    wiki.edit("User:HubBot/Shutoff", "run", user="Admin")
    read, reader = [], wiki.read_pages
    wiki.read_pages = lambda titles: read.extend(titles) or reader(titles)
    run(wiki, config, tmp_path)
    assert read and not [t for t in read if t.startswith("Hub ")]


class ReversedListing(MemoryWiki):
    def hub_revisions(self, template, namespaces):
        return dict(reversed(list(super().hub_revisions(template, namespaces).items())))


def test_the_order_of_the_hub_listing_is_not_an_input(tmp_path):
    """`watch` keeps its own listing, in another order than the wiki's: outputs must not change, even
    where two hubs of the same name meet a hand-kept directory row that names no page."""
    texts = []
    for kind in (MemoryWiki, ReversedListing):
        wiki, config = make(tmp_path / kind.__name__)
        wiki.__class__ = kind
        wiki.edit("Hub 5", infobox("Hub 1", status="established"))
        wiki.edit("Hubs/Table", '{| class="wikitable"\n! Type !! Scope !! Status\n|-\n| Regional || Hub 1 || Pilot\n|}')
        run(wiki, config, tmp_path / kind.__name__)
        texts.append({t: wiki.text(t) for t in sorted(wiki.pages)})
    assert texts[0] == texts[1]
