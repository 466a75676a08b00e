"""Incremental `hubbot sync` on the real local wiki: only changed hubs are read, output as a full run.

Request counts are exact. A run after the first in a process has no set-up requests (pywikibot
keeps the site info and the login), so an incremental run with nothing new costs exactly:
1 listing of the hubs with their revision ids + 1 listing of the pages with on-wiki {{Hub list}}s
+ 1 request for the revision ids of the output and shutoff pages (no page text: bot.logic.quiet).
When a hub changed, the last of these is not needed (the listing already tells): 1 read of the
changed hubs with the output and shutoff pages instead. A hub that left the listing is read once
more, in that same read, to tell a deleted or moved hub from one whose infobox MediaWiki stopped seeing.
"""

from __future__ import annotations

import json
import time

import yaml

from bot import hub_cache
from tests.integration.conftest import actions
from tests.integration.wikiadmin import Admin

LISTING, LISTS, OTHERS = 1, 1, 1   # requests: the hub listing (<= 5,000 hubs), the {{Hub list}} listing,
                                   # output + shutoff pages in one read
INFO = 1                           # revision ids of the output and shutoff pages (prop=info, no text)
SAVE = 2                           # a save: its page's and the shutoff page's revisions (one prop=info), the edit


def setup(s, n=3):
    s.wiki.import_pages({s.page(f"Hub {i}"): s.infobox(f"Hub {i}", status="pilot") for i in range(n)})
    config = s.config([{"name": "directory", "kind": "directory", "page": s.page("Directory")},
                       {"name": "errors", "kind": "errors", "page": s.page("Errors")}])
    code, report = s.sync(config)          # the first run: reads everything, fills the cache
    # the shutoff page is not read again before a save: its revision comes with the save's check
    assert code == 0 and report["totals"]["pages_read"] == n + 3, report
    return config


def others(s):
    return 3   # Directory, Errors, Shutoff


def hubs_read(s, report) -> int:
    """Hub pages read: pages read, less the output and shutoff pages (not read again before a save)."""
    return report["totals"]["pages_read"] - others(s)


def assert_same_as_full(s, config):
    """A --full run right after finds nothing to change: the incremental output is byte-identical."""
    code, report = s.sync(config, "--full", "--dry-run")
    assert code == 0 and set(actions(report).values()) == {"unchanged"}, report


def test_no_change_lists_hubs_and_reads_no_page_text(scenario):
    s = scenario
    config = setup(s, n=60)
    code, report = s.sync(config)
    assert code == 0 and set(actions(report).values()) == {"unchanged"}
    assert report["totals"]["requests"] == LISTING + LISTS + INFO
    assert report["totals"]["pages_read"] == 0
    assert report["totals"]["hubs"] == 60
    code, full = s.sync(config, "--full")
    assert full["totals"]["pages_read"] == 60 + others(s)
    assert full["totals"]["requests"] == LISTING + LISTS + 2     # 63 pages: two reads of 50


def test_an_editors_change_to_an_output_page_is_read_and_planned_again(scenario):
    s = scenario
    config = setup(s)
    directory = s.page("Directory")
    s.wiki.edit_as("Editor", directory, "Intro written by an editor.\n" + s.text(directory))
    code, report = s.sync(config)
    # the revision ids tell that the directory changed: it is read (with the others) and planned again;
    # a whole-page output gets its generated text back, the editor's line quoted on the errors page
    assert code == 0 and actions(report)[directory] == "edited" and hubs_read(s, report) == 0
    assert report["totals"]["requests"] == LISTING + LISTS + INFO + OTHERS + SAVE * report["totals"]["edits"]
    assert "Intro written by an editor." in s.text(s.page("Errors"))
    code, report = s.sync(config)
    assert report["totals"]["pages_read"] == 0 and report["totals"]["requests"] == LISTING + LISTS + INFO


def test_one_changed_hub_is_the_only_hub_read(scenario):
    s = scenario
    config = setup(s)
    s.wiki.import_pages({s.page("Hub 1"): s.infobox("Hub 1 renamed", status="implementation")})
    code, report = s.sync(config)
    assert code == 0 and actions(report)[s.page("Directory")] == "edited"
    assert hubs_read(s, report) == 1
    # a save costs 3: the shutoff check, the base-revision check, the edit
    assert report["totals"]["requests"] == LISTING + LISTS + OTHERS + SAVE * report["totals"]["edits"]
    directory = s.text(s.page("Directory"))
    assert "|Hub 1 renamed]]" in directory and "Implementation" in directory
    assert_same_as_full(s, config)


def test_a_new_hub_is_read_and_listed(scenario):
    s = scenario
    config = setup(s)
    s.wiki.import_pages({s.page("Hub new"): s.infobox("Brand new hub")})
    code, report = s.sync(config)
    assert code == 0 and report["totals"]["hubs"] == 4 and hubs_read(s, report) == 1
    assert "|Brand new hub]]" in s.text(s.page("Directory"))
    assert_same_as_full(s, config)


def test_a_deleted_hub_is_dropped_and_only_its_title_is_checked(scenario):
    s = scenario
    config = setup(s, n=4)    # one of four: under the shrinking guard's 30 %
    Admin(s.wiki).delete(s.page("Hub 2"))
    code, report = s.sync(config)
    # the deleted title is asked for once, in the same read (missing: deleted, so no problem to report)
    assert code == 0 and report["totals"]["hubs"] == 3 and hubs_read(s, report) == 1
    assert report["totals"]["requests"] == LISTING + LISTS + OTHERS + SAVE * report["totals"]["edits"]
    assert "MediaWiki no longer sees" not in s.text(s.page("Errors"))
    assert "|Hub 2]]" not in s.text(s.page("Directory")) and "|Hub 0]]" in s.text(s.page("Directory"))
    cache = json.loads((s.state_dir / hub_cache.CACHE_FILE).read_text())
    assert s.page("Hub 2") not in cache["hubs"]
    assert_same_as_full(s, config)


def test_a_moved_hub_is_read_under_its_new_title(scenario):
    s = scenario
    config = setup(s)
    Admin(s.wiki).move(s.page("Hub 0"), s.page("Hub zero"))    # leaves a redirect, which is no hub
    s.wiki.run_jobs()
    code, report = s.sync(config)
    # the new title is read, and the old one (now a redirect: moved, so no problem to report)
    assert code == 0 and report["totals"]["hubs"] == 3 and hubs_read(s, report) == 2
    assert "MediaWiki no longer sees" not in s.text(s.page("Errors"))
    directory = s.text(s.page("Directory"))
    assert f"[[Special:MyLanguage/{s.page('Hub zero')}|Hub 0]]" in directory
    assert f"[[Special:MyLanguage/{s.page('Hub 0')}|" not in directory
    assert_same_as_full(s, config)


def test_a_deleted_and_recreated_hub_shows_its_new_text(scenario):
    s = scenario
    config = setup(s)
    Admin(s.wiki).delete(s.page("Hub 1"))
    s.wiki.import_pages({s.page("Hub 1"): s.infobox("Hub 1 again", type="thematic")})
    code, report = s.sync(config)
    assert code == 0 and hubs_read(s, report) == 1
    assert "|Hub 1 again]]" in s.text(s.page("Directory"))
    assert_same_as_full(s, config)


def test_revision_deleted_hub_text_is_never_served_from_the_cache(scenario):
    """A vandal's text cached, then reverted and hidden; then the page is deleted and only the revisions
    before the vandal's are restored (its latest revision id goes *back*): each time the hub is read again."""
    s = scenario
    config = setup(s)
    admin = Admin(s.wiki)
    title = s.page("Hub 1")
    s.wiki.edit_as("Editor", title, s.infobox("VANDAL NAME"))
    s.wiki.run_jobs()
    s.sync(config)
    assert "VANDAL NAME" in s.text(s.page("Directory"))
    vandal = admin.revisions(title)[0]
    s.wiki.edit_as("Editor", title, s.infobox("Hub 1", status="pilot"))
    answer = admin.hide_text(title, vandal["revid"])
    assert answer["revisiondelete"]["items"][0].get("texthidden") == "", answer
    code, report = s.sync(config)
    assert code == 0 and hubs_read(s, report) == 1
    assert "VANDAL NAME" not in s.text(s.page("Directory"))
    assert_same_as_full(s, config)

    time.sleep(1.1)   # undelete picks revisions by timestamp: the vandal's must not share a second with the revert
    s.wiki.edit_as("Editor", title, s.infobox("VANDAL AGAIN"))
    s.wiki.run_jobs()
    s.sync(config)
    assert "VANDAL AGAIN" in s.text(s.page("Directory"))
    older = [r["timestamp"] for r in admin.revisions(title)[1:]]
    admin.delete(title)
    admin.restore(title, older)
    s.wiki.run_jobs()
    code, report = s.sync(config)
    assert code == 0 and hubs_read(s, report) == 1
    assert "VANDAL AGAIN" not in s.text(s.page("Directory")) and "|Hub 1]]" in s.text(s.page("Directory"))
    assert_same_as_full(s, config)


def test_lost_or_corrupt_state_means_one_full_read_never_an_error(scenario):
    s = scenario
    config = setup(s)
    cache, state = s.state_dir / hub_cache.CACHE_FILE, s.state_dir / "state.json"
    # (damage, hub pages read by the run after a hub changed). With nothing new a run needs no hub
    # cache at all; without the state's memory of the pages (bot.logic.quiet) it reads them once.
    cases = [(cache.unlink, 3), (lambda: cache.write_text('{"format": 1, "hubs": {"x": 1}'), 3),
             (state.unlink, 1)]
    for k, (damage, read_after_change) in enumerate(cases):
        damage()
        code, report = s.sync(config)
        assert code == 0 and set(actions(report).values()) == {"unchanged"}
        assert report["totals"]["pages_read"] == (others(s) if damage == state.unlink else 0), report
        s.wiki.edit_as("Editor", s.page("Hub 0"), s.infobox(f"Hub 0 ({k})", status="implementation"))
        s.wiki.run_jobs()
        code, report = s.sync(config)
        assert code == 0 and hubs_read(s, report) == read_after_change, report
        code, report = s.sync(config)
        assert report["totals"]["pages_read"] == 0    # the cache and the state are back


def test_two_only_sets_taking_turns_are_quiet_from_their_second_round(scenario):
    """As the schedules of config/meta.yaml run them: the lists with the errors page (`sync --only directory
    directory-check errors`, every 6 hours) and the errors page alone (hourly). Each set's second run with
    nothing new asks only for the listings and the revision ids, whatever the other set ran in between (they
    read every page each time before, the errors-only run then left out the check's problem and the next run
    put it back: an edit every run)."""
    s = scenario
    lists = {"template": f"Hub list {s.key}", "end_template": f"Hub list end {s.key}",
             "notices": f"Module:Hub list {s.key}/data"}
    s.wiki.import_pages({s.page(f"Hub {i}"): s.infobox(f"Hub {i}", status="pilot") for i in range(3)}
                        | {f"Template:{lists['template']}": "", f"Template:{lists['end_template']}": "",
                           s.page("Portal"): f"Pilots:\n{{{{{lists['template']}|status=pilot}}}}\n"
                                             f"{{{{{lists['end_template']}}}}}\n",
                           s.page("Hand-kept"): "{| class=wikitable\n|}"})
    config = s.config([{"name": "directory", "kind": "directory", "page": s.page("Directory")},
                       {"name": "directory-check", "kind": "directory-check", "page": s.page("Check"),
                        "source": s.page("Hand-kept")},
                       {"name": "errors", "kind": "errors", "page": s.page("Errors")}])
    data = yaml.safe_load(config.read_text())
    config.write_text(yaml.safe_dump(data | {"lists": lists}, sort_keys=False))
    with_lists, errors_only = ["--only", "directory", "--only", "directory-check", "--only", "errors"], \
        ["--only", "errors"]
    code, first = s.sync(config, *with_lists)
    assert code == 0 and first["totals"]["edits"] == 4           # directory, check, the portal, errors
    problem = f"{s.page('Hand-kept')} has no directory table (no wikitable rows were found)"   # an operator's warning
    assert problem in s.text(s.page("Errors"))
    code, report = s.sync(config, *errors_only)                  # its first run: its own inputs, read once
    assert code == 0 and report["totals"]["edits"] == 0 and report["totals"]["pages_read"] > 0
    for _ in range(2):
        code, report = s.sync(config, *with_lists)
        assert code == 0 and (report["totals"]["requests"], report["totals"]["pages_read"],
                              report["totals"]["edits"]) == (LISTING + LISTS + INFO, 0, 0), report["totals"]
        assert set(actions(report).values()) == {"unchanged"}
        code, report = s.sync(config, *errors_only)              # no {{Hub list}} listing: lists are not its
        assert code == 0 and (report["totals"]["requests"], report["totals"]["pages_read"],
                              report["totals"]["edits"]) == (LISTING + INFO, 0, 0), report["totals"]
    assert problem in s.text(s.page("Errors"))
