"""One store on the real local wiki: a new process reads the demo's hubs from the hub cache.

The demo's ESEAP, EARTH and CEE hubs (as Meta's) have links in ``details``; the hub cache once could
not decode them, so every new process (each cron run, each `schedule --once`, each new watcher) read
every hub again. Each run here is a process of its own, as cron starts them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot import hub_cache
from bot.demo_corpus import HUBS, hub_page_text

ROOT = Path(__file__).resolve().parents[2]


def run(s, config: Path, now: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "bot.cli", "sync", "--config", str(config),
                           "--state-dir", str(s.state_dir), "--now", now],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def test_a_new_process_reads_every_unchanged_demo_hub_from_the_cache(scenario):
    s = scenario
    s.wiki.import_pages({s.page(h.page): hub_page_text(h).replace("{{Hub infobox", "{{" + s.template)
                         for h in HUBS} | {s.page("Shutoff"): "run"})
    config = s.config([{"name": "directory", "kind": "directory", "page": s.page("Directory")},
                       {"name": "errors", "kind": "errors", "page": s.page("Errors")}])
    first = run(s, config, "2026-11-25T12:00:00Z")
    assert f"hubs listed={len(HUBS)} read={len(HUBS)} from cache=0" in first.stderr
    cache = json.loads((s.state_dir / hub_cache.CACHE_FILE).read_text())
    linked = sorted(title.removeprefix(s.prefix + "/") for title, entry in cache["hubs"].items()
                    if any(isinstance(part, dict) for part in entry["record"]["hub"]["details"]))
    assert linked == ["ESEAP Hub", "East Africa Regional and Thematic Hub", "Wikimedia CEE Hub"]

    # A new day (outputs count days, so the run plans again), in a new process: no hub page is read.
    second = run(s, config, "2026-11-26T12:00:00Z")
    assert f"hubs listed={len(HUBS)} read=0 from cache={len(HUBS)}" in second.stderr, second.stderr
    assert "WARNING" not in second.stderr and "reading every hub page" not in second.stderr

    # One hub edited: it alone is read, in a new process again.
    eseap = next(h for h in HUBS if h.page == "ESEAP Hub")
    s.wiki.import_pages({s.page(eseap.page): hub_page_text(eseap).replace("{{Hub infobox", "{{" + s.template)
                         .replace("| status = pilot", "| status = implementation")})
    third = run(s, config, "2026-11-26T12:00:00Z")
    assert f"hubs listed={len(HUBS)} read=1 from cache={len(HUBS) - 1}" in third.stderr, third.stderr
    row = next(line for line in s.text(s.page("Directory")).splitlines() if "|ESEAP Hub]]" in line)
    assert "Implementation" in row
