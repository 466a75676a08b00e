"""Benchmark of incremental runs and `hubbot watch` (issue "Incremental runs and hubbot watch").

Run by `scripts/benchmark.py --incremental` (N = 1,000 and 10,000 by default). For each N, on a
fresh local MediaWiki: a first full sync, then side by side a run with no change (incremental and
--full), a run after 1 % of the hubs changed (incremental, then a --full --dry-run that must find
nothing to change: the output is identical), the state files' sizes, and `hubbot watch --interval 5`:
time from a hub edit to the saved directory over 10 edits, and API requests per idle minute.
The results replace the section between the incremental markers of docs/benchmarks.md.
"""

from __future__ import annotations

import math
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- incremental:begin -->", "<!-- incremental:end -->"
POLL = re.compile(r"watch: poll \d+ via \w+: (\d+) changes, (\d+) relevant, (\d+) API requests")


def directory_text(wiki, title: str) -> str:
    query = urllib.parse.urlencode({"action": "query", "prop": "revisions", "rvprop": "content", "rvslots": "main",
                                    "titles": title, "format": "json", "formatversion": "2"})
    with urllib.request.urlopen(f"{wiki.api}?{query}", timeout=30) as answer:
        page = json.load(answer)["query"]["pages"][0]
    return page["revisions"][0]["slots"]["main"]["content"] if "revisions" in page else ""


def directory_revid(wiki, title: str) -> int | None:
    query = urllib.parse.urlencode({"action": "query", "prop": "info", "titles": title, "format": "json",
                                    "formatversion": "2"})
    with urllib.request.urlopen(f"{wiki.api}?{query}", timeout=30) as answer:
        return json.load(answer)["query"]["pages"][0].get("lastrevid")


def stamps(log: str, since: float) -> list[tuple[float, str]]:
    """The watcher's BENCH time stamps (scripts/bench_child.py watch) at or after ``since``."""
    out = []
    for line in log.splitlines():
        if line.startswith("BENCH "):
            _, when, event = line.split(" ", 2)
            if float(when) >= since:
                out.append((float(when), event))
    return out


def measure_watch(wiki, n: int, config: Path, state: Path, template: str, hub_text, prefix: str,
                  interval: float = 5, edits: int = 10, idle_seconds: float = 60) -> dict:
    """Time from a hub edit (the editor's save answered) to the directory saved with it.

    Each edit comes after the last run is over, at a random moment of the poll cadence (seeded), as
    editors' edits do. The directory is watched by its revision id (a small request every 0.25 s: reading
    1.2 MB every moment would load the 2-core machine that also runs MediaWiki and the watcher), then
    its text is checked. Each edit's time is split with the watcher's own time stamps into the wait
    for the next poll, hubbot's work until the directory's save starts, and MediaWiki's save.
    """
    env = dict(os.environ, PYWIKIBOT_DIR=str(wiki.pywikibot_dir))
    log = state / "watch.err"
    title_dir = f"{prefix}/Directory"
    rng = random.Random(n)
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "bench_child.py"), "watch", str(config),
                                 str(state), str(interval)], stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 600
        while "run 1 finished" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        idle_from = len(log.read_text())
        time.sleep(idle_seconds)
        idle = [m.groups() for m in POLL.finditer(log.read_text()[idle_from:])]
        idle_requests = sum(int(r) for c, rel, r in idle)
        rows = []
        for k in range(edits):
            name = f"Watched edit {k} of {n} ({int(time.time())})"   # a new text even when run again
            title = f"Bench Hub {k:05}"
            text = hub_text(template, k, "pilot").replace(f"Bench Hub {k:05}</translate>", f"{name}</translate>")
            runs_before = log.read_text().count(" finished with exit code")
            before = directory_revid(wiki, title_dir)
            time.sleep(rng.uniform(0, interval))
            wiki.edit_as("Editor", title, text)
            edited = time.time()
            while True:
                if time.time() - edited > 180:
                    raise SystemExit(f"watch: edit {k} not in the directory after 180 s; see {log}")
                revid = directory_revid(wiki, title_dir)
                if revid != before:
                    seen = time.time()
                    if name in directory_text(wiki, title_dir):
                        break
                    before = revid
                time.sleep(0.25)
            # The next edit comes once this run is over (its other outputs saved), as separate edits would.
            while log.read_text().count(" finished with exit code") <= runs_before:
                time.sleep(0.2)
            events = stamps(log.read_text(), edited)
            run_start = next((t for t, e in events if e == "run-start"), float("nan"))
            save_start = next((t for t, e in events if e == f"save-start {title_dir}"), float("nan"))
            save_end = next((t for t, e in events if e == f"save-end {title_dir}"), float("nan"))
            rows.append({"total": seen - edited, "wait": run_start - edited, "hubbot": save_start - run_start,
                         "mediawiki": save_end - save_start})
        peak = _peak_rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=120)
    totals = [r["total"] for r in rows]
    part = lambda key: statistics.median(r[key] for r in rows)   # noqa: E731
    return {"median": statistics.median(totals), "max": max(totals), "latencies": totals, "rows": rows,
            "wait": part("wait"), "hubbot": part("hubbot"), "mediawiki": part("mediawiki"),
            "mediawiki_max": max(r["mediawiki"] for r in rows), "hubbot_max": max(r["hubbot"] for r in rows),
            "idle_per_minute": idle_requests * 60 / idle_seconds, "idle_polls": len(idle), "peak_rss_mb": peak,
            "exit": proc.returncode}


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def median_run(rows: list[dict]) -> dict:
    """The run of median wall time, with every run's wall time (for the table)."""
    ordered = sorted(rows, key=lambda row: row["wall"])
    return dict(ordered[len(ordered) // 2], walls=[row["wall"] for row in rows])


def run_size(wiki, n: int, work: Path, measure, hub_text, bench_wiki) -> dict:
    template, prefix, config = bench_wiki(wiki, n, work, f"inc{n}")
    state = work / f"incstate{n}"
    pwb = wiki.pywikibot_dir
    r = {"n": n}
    r["first"] = measure(pwb, "hubbot", str(config), str(state), "--full")
    # No change: the median of three runs of each (each its own process), so that neither side is one
    # process's first use of an API module (pywikibot then fetches and caches its parameter info).
    r["none_inc"] = median_run([measure(pwb, "hubbot", str(config), str(state)) for _ in range(3)])
    r["none_full"] = median_run([measure(pwb, "hubbot", str(config), str(state), "--full", "--dry-run")
                                 for _ in range(3)])
    changed = max(1, n // 100)
    wiki.import_pages({f"Bench Hub {i:05}": hub_text(template, i, "inactive") for i in range(changed)})
    r["changed"] = changed
    r["one_inc"] = measure(pwb, "hubbot", str(config), str(state))
    r["one_full"] = measure(pwb, "hubbot", str(config), str(state), "--full", "--dry-run")
    r["sizes"] = {p.name: p.stat().st_size for p in state.iterdir() if p.suffix == ".json" and "report" not in p.name}
    r["watch"] = measure_watch(wiki, n, config, state, template, hub_text, prefix)
    for key in ("first", "none_inc", "none_full", "one_inc", "one_full"):
        row = r[key]
        print(f"  {key:<10} {row['wall']:8.2f} s {row['requests']:6} requests {row['edits']:3} edits "
              f"{row['pages_read']:6} pages read {row['peak_rss_mb']:7.1f} MB", flush=True)
    w = r["watch"]
    print(f"  watch: median {w['median']:.1f} s, max {w['max']:.1f} s (wait {w['wait']:.1f}, hubbot {w['hubbot']:.2f}, "
          f"MediaWiki {w['mediawiki']:.1f}), idle {w['idle_per_minute']:.1f} requests/min",
          flush=True)
    return r


def markdown(results: list[dict], machine: str) -> str:
    lines = [BEGIN, "## Incremental runs and `hubbot watch`", "",
             "Measured by `scripts/benchmark --incremental` on a fresh local MediaWiki "
             f"({machine}). Same input, side by side:",
             "incremental (the default: hubs listed with their revision ids, one request per 5,000; only changed "
             "hubs read) and `--full` (every hub read). Each run is its own process; wall time excludes interpreter "
             "start-up and module imports.", "",
             "| N hubs | run | wall (s) | API requests | budget | edits | pages read | peak RSS (MB) |",
             "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        n, c = r["n"], r["changed"]
        listing = math.ceil(n / 5000)
        walls = lambda row: " (" + " / ".join(f"{w:.2f}" for w in row["walls"]) + ")"   # noqa: E731
        rows = [("first run (--full, fills the cache)", r["first"], ""),
                ("no change, incremental: median of 3" + walls(r["none_inc"]), r["none_inc"], f"<= {listing + 6}"),
                ("no change, --full --dry-run: median of 3" + walls(r["none_full"]), r["none_full"], ""),
                (f"{c} hubs changed (1 %), incremental", r["one_inc"],
                 f"<= {listing + math.ceil(c / 50) + 2 * r['one_inc']['edits'] + 6}"),
                (f"{c} hubs changed, then --full --dry-run", r["one_full"], "")]
        for label, row, budget in rows:
            lines.append(f"| {n:,} | {label} | {row['wall']:.2f} | {row['requests']:,} | {budget} | {row['edits']} | "
                         f"{row['pages_read']:,} | {row['peak_rss_mb']:.0f} |")
    lines += ["", "| N hubs | no change: wall --full / incremental | 1 %: output identical to --full "
              "| state files (bytes) | watch peak RSS (MB) | watch, idle API requests per minute |",
              "|---:|---:|---|---|---:|---:|"]
    for r in results:
        w = r["watch"]
        same = "yes (--full --dry-run: 0 pages would change)" if r["one_full"]["would_edit"] == 0 else \
            f"NO ({r['one_full']['would_edit']} pages would change)"
        sizes = ", ".join(f"{k} {v:,}" for k, v in sorted(r["sizes"].items()))
        lines.append(f"| {r['n']:,} | {r['none_full']['wall'] / r['none_inc']['wall']:.1f}x | {same} | {sizes} | "
                     f"{w['peak_rss_mb']:.0f} | {w['idle_per_minute']:.1f} |")
    lines += ["", "`hubbot watch --interval 5`, 10 hub edits each, from the editor's save to the directory saved with "
              "the edit (seconds):", "",
              "| N hubs | median | max | wait for the poll (median) | hubbot until the save starts (median / max) "
              "| MediaWiki's save of the directory (median / max) | each edit |",
              "|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        w = r["watch"]
        each = ", ".join(f"{x:.1f}" for x in w["latencies"])
        lines.append(f"| {r['n']:,} | {w['median']:.1f} | {w['max']:.1f} | {w['wait']:.1f} | "
                     f"{w['hubbot']:.2f} / {w['hubbot_max']:.2f} | {w['mediawiki']:.1f} / {w['mediawiki_max']:.1f} | "
                     f"{each} |")
    lines += ["", "Targets (issue): no change <= ceil(N/5,000) + 6 requests and >= 10x less wall time than --full;",
              "1 % changed <= ceil(N/5,000) + ceil(changed/50) + 2 x edits + 6 requests with output identical to",
              "--full; peak memory < 200 MB at 10,000; watch --interval 5: edit to saved directory <= 10 s.",
              "Notes:",
              "- A run with nothing new reads no page text: the hub listing and one prop=info request for the",
              "  output, shutoff and list pages show that every page has the revision and inputs of the last run",
              "  (bot.logic.quiet); it decodes no cache and renders nothing.",
              "- A save costs 2 requests: one prop=info of the page with the shutoff page (the base revision and",
              "  the switch in one query), then the edit; a page created costs the same (the edit with createonly),",
              "  and the first save of a process 1 more for pywikibot's edit token.",
              "- Request counts are the run's own: pywikibot's set-up requests in a fresh process (site info, the",
              "  login check) are not counted. Wall times exclude interpreter start-up and module imports, for",
              "  both runs. The local wiki's user-config has minthrottle = 0: pywikibot's default 0.1 s pause",
              "  between reads is meant for public wikis (with it, a run with nothing new takes about 0.3 s more).",
              "- Watch: polls keep a fixed 5 s cadence and each edit comes at a random moment of it, so an edit",
              "  waits 0-5 s for the next poll. Between runs the watcher keeps the hub listing (updated from the",
              "  recent changes it polls: only pages edited since are asked about), the hub cache decoded, the",
              "  edit-summary snapshots, rendered table rows, and the texts of large output pages (checked by",
              "  revision id and SHA-1). The hub cache is written after the saves. MediaWiki's save is the edit",
              "  request of the directory page: at 10,000 hubs it parses 1.6 MB of table (TemplateData's save hook",
              "  parses every wikitext page; 3.8 s of 4.4 s in a profile of one save of 1.2 MB).",
              END, ""]
    return "\n".join(lines)


def splice(doc: Path, section: str) -> None:
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.write_text(text)
