"""`hubbot watch` as an operator runs it (a process, stopped with SIGTERM) against the real local wiki."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import requests

from tests.integration.sse_server import StreamServer, recentchange_event
from tests.integration.wikiadmin import Admin

POLL = re.compile(r"watch: poll (\d+) via (\w+): (\d+) changes, (\d+) relevant, (\d+) API requests")


def start_watch(s, config, *extra):
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "watch", "--config", str(config), "--state-dir",
                             str(s.state_dir), "--interval", "1", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))


def wait_for(predicate, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def stop(proc) -> tuple[int, str, str]:
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


def latest_change(wiki) -> dict:
    answer = requests.get(wiki.api, params={"action": "query", "list": "recentchanges", "rclimit": 1,
                                            "rcprop": "title|ids|timestamp|user|loginfo|sizes|comment",
                                            "format": "json"}, timeout=10).json()
    return answer["query"]["recentchanges"][0]


def setup(s):
    s.wiki.import_pages({s.page("Hub A"): s.infobox("Hub A"), s.page("Hub B"): s.infobox("Hub B")})
    config = s.config([{"name": "directory", "kind": "directory", "page": s.page("Directory")},
                       {"name": "errors", "kind": "errors", "page": s.page("Errors")}])
    s.sync(config)
    return config


def test_watch_syncs_an_edit_and_idle_polls_cost_one_request_each(scenario):
    s = scenario
    config = setup(s)
    proc = start_watch(s, config)
    try:
        wait_for(lambda: (s.state_dir / "watch.json").exists(), "the first catch-up run")
        time.sleep(3)                                      # a few idle polls
        s.wiki.edit_as("Editor", s.page("Hub A"), s.infobox("Hub A edited while watching"))
        wait_for(lambda: "|Hub A edited while watching]]" in s.text(s.page("Directory")), "the edit in the directory")
        time.sleep(3)                                      # idle again, after the bot's own saves
    finally:
        code, out, err = stop(proc)
    assert code == 0, err
    polls = [m.groups() for m in POLL.finditer(err)]
    assert polls and all(source == "recentchanges" for _, source, *_ in polls)
    idle = [p for p in polls if p[2] == "0"]
    assert len(idle) >= 4 and {p[4] for p in idle} == {"1"}          # idle: one request per interval, no other
    relevant = [p for p in polls if p[3] != "0"]
    assert len(relevant) == 1 and relevant[0][4] == "1"               # the edit: one poll, then one run
    assert err.count("watch: syncing directory, errors because") == 2    # start-up catch-up + the edit
    # the bot's own saves show up in recent changes but trigger nothing
    assert any(p[2] != "0" and p[3] == "0" for p in polls)
    assert "watch: stopped after" in out


def test_watch_follows_the_event_stream_resumes_and_falls_back_to_polling(scenario, gateway):
    s = scenario
    config = setup(s)
    wiki_id = gateway.wiki_id
    server = StreamServer()
    proc = start_watch(s, config, "--source", "eventstreams", "--stream-url", server.url)
    try:
        wait_for(lambda: (s.state_dir / "watch.json").exists() and server.last_event_ids, "the stream connection")
        # Other wikis' events and canaries pass by; this wiki's edit is synced.
        s.wiki.edit_as("Editor", s.page("Hub A"), s.infobox("Hub A via the stream"))
        row = latest_change(s.wiki)
        other = recentchange_event({**row, "rcid": 99999}, "otherwiki", "other.example.org")
        canary = {**recentchange_event(row, wiki_id), "meta": {"domain": "canary"}}
        server.publish(other, canary, recentchange_event(row, wiki_id))
        wait_for(lambda: "|Hub A via the stream]]" in s.text(s.page("Directory")), "the streamed edit")

        # The connection drops: the client reconnects, sending the id of the last event it got.
        server.drop()
        wait_for(lambda: len(server.last_event_ids) >= 2, "the reconnection")
        assert '"offset": 2' in server.last_event_ids[1]
        s.wiki.edit_as("Editor", s.page("Hub B"), s.infobox("Hub B after the drop"))
        server.publish(recentchange_event(latest_change(s.wiki), wiki_id))
        wait_for(lambda: "|Hub B after the drop]]" in s.text(s.page("Directory")), "the edit after the drop")

        # The stream service goes away: the watcher polls recent changes and misses nothing.
        server.stop()
        s.wiki.edit_as("Editor", s.page("Hub A"), s.infobox("Hub A while the stream is down"))
        wait_for(lambda: "|Hub A while the stream is down]]" in s.text(s.page("Directory")), "the polled edit")
    except AssertionError:
        code, out, err = stop(proc)
        raise AssertionError(err[-6000:]) from None
    code, out, err = stop(proc)
    assert code == 0, err
    polls = [m.groups() for m in POLL.finditer(err)]
    streamed = [p for p in polls if p[1] == "eventstreams"]
    assert streamed and {p[4] for p in streamed if p[3] == "0"} <= {"0"}   # the stream costs no API request
    assert "the event stream dropped" in err
    assert any(p[1] == "recentchanges" and p[3] != "0" for p in polls)


def test_watch_keeps_the_hub_listing_from_recent_changes_and_its_output_is_that_of_a_full_run(scenario):
    """New hub, hub edited, infobox removed, hub deleted: each reaches the directory; the runs after the
    first ask the wiki only about the pages edited (a deletion makes a full listing); a --full run
    afterwards would change nothing."""
    s = scenario
    s.wiki.import_pages({s.page(f"Hub {i}"): s.infobox(f"Hub {i}") for i in range(8)})   # one hub less is usual
    config = setup(s)
    proc = start_watch(s, config, "--now", "2026-11-25T12:00:00Z")
    directory = lambda: s.text(s.page("Directory"))   # noqa: E731
    try:
        wait_for(lambda: (s.state_dir / "watch.json").exists(), "the first catch-up run")
        s.wiki.edit_as("Editor", s.page("Hub C"), s.infobox("Hub C, new while watching"))
        wait_for(lambda: "|Hub C, new while watching]]" in directory(), "the new hub in the directory")
        s.wiki.edit_as("Editor", s.page("Hub B"), s.infobox("Hub B", status="established"))
        wait_for(lambda: "|Hub B]] || Regional || Somewhere ||  || Established" in directory(), "the edited hub")
        s.wiki.edit_as("Editor", s.page("Hub A"), "The infobox was removed.")
        wait_for(lambda: "|Hub A]]" not in directory(), "the hub without infobox gone from the directory")
        Admin(s.wiki).delete(s.page("Hub C"))
        wait_for(lambda: "Hub C" not in directory(), "the deleted hub gone from the directory")
    except AssertionError:
        code, out, err = stop(proc)
        raise AssertionError(err[-6000:]) from None
    code, out, err = stop(proc)
    assert code == 0, err
    assert err.count("watch: listing every hub page (first run)") == 1
    assert err.count("watch: listing every hub page (a log event or a template edit since the last listing)") == 1
    assert err.count("watch: hub listing kept from recent changes") >= 3
    code, report = s.sync(config, "--full", "--dry-run")
    assert code == 0 and [o for o in report["outputs"] if o["action"] == "would edit"] == [], report["outputs"]


def test_the_health_check_passes_while_the_watcher_lives_fails_once_it_is_frozen_and_sighup_stops_it(scenario):
    """The check Toolforge runs (the health-check-script `toolforge-jobs --watch` writes, run as Kubernetes
    runs it: /bin/sh -c) against a real watcher: alive, frozen (SIGSTOP) past the allowed age, killed and
    started again as Kubernetes does after three failed checks, then stopped with SIGHUP."""
    import json
    from pathlib import Path

    import yaml

    from bot import cli
    s = scenario
    config = setup(s)
    data = yaml.safe_load(config.read_text())
    config.write_text(yaml.safe_dump({**data, "state_dir": str(s.state_dir)}, sort_keys=False))   # as a job has it
    root = Path(__file__).resolve().parents[2]
    jobs_file = s.tmp / "jobs.yaml"
    assert cli.main(["toolforge-jobs", "--watch", "--config", str(config), "--project-dir", str(root),
                     "-o", str(jobs_file), "--interval", "1"]) == 0
    script = yaml.safe_load(jobs_file.read_text())[0]["health-check-script"]

    def health(*extra: str) -> tuple[int, str]:
        done = subprocess.run(["/bin/sh", "-c", " ".join([script, *extra])], capture_output=True, text=True, timeout=30)
        return done.returncode, done.stdout + done.stderr

    def doing() -> str:
        try:
            return json.loads((s.state_dir / "watch-heartbeat.json").read_text())["doing"]
        except (OSError, ValueError):
            return ""

    assert health()[0] == 1                                            # no watcher yet
    proc = start_watch(s, config)
    try:
        wait_for(lambda: doing().startswith("poll 2 "), "idle polls after the catch-up run")
        code, said = health()
        assert code == 0 and said.startswith("healthy: the watcher (pid") and "= max(3 × 1 s interval, 120 s)" in said
        assert health("--max-age", "3")[0] == 0

        proc.send_signal(signal.SIGSTOP)                               # frozen: no poll, no beat
        time.sleep(4)
        code, said = health("--max-age", "3")
        assert code == 1 and "more than the 3 s allowed: frozen or stuck since: poll" in said, said
        assert health()[0] == 0                                        # the rule's own limit: 120 s
        proc.kill()                                                    # Kubernetes restarts the job
        proc.communicate(timeout=60)

        proc = start_watch(s, config)
        wait_for(lambda: health("--max-age", "3")[0] == 0, "the restarted watcher's heartbeat", timeout=60)
        wait_for(lambda: doing().startswith("poll"), "the restarted watcher's polls")
    except AssertionError:
        proc.kill()
        out, err = proc.communicate(timeout=60)
        raise AssertionError(err[-6000:]) from None
    proc.send_signal(signal.SIGHUP)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "watch: received SIGHUP; stopping after the current run" in err and "watch: stopped after" in out
    code, said = health()
    assert code == 1 and "stopped" in said and "(stopped: received SIGHUP)" in said, said
