"""Benchmark: hubbot against the naive per-page bot, on a fresh local MediaWiki.

For each N (100 and 1,000 hubs; 10,000 with --large): import N realistic hub
pages (importDump), then measure, each in its own process:
  (a) hubbot sync of all outputs, (b) the naive per-page pywikibot bot writing
  the same outputs, (c) a second hubbot sync with no change, (d) a hubbot sync
  after changing 1% of the hubs.
Reports wall time, API requests (counted at the HTTP level), edits and peak RSS,
and the naive/hubbot ratios; writes docs/benchmarks.md.

    scripts/benchmark [--large] [--sizes 100,1000] [--output docs/benchmarks.md]
    scripts/benchmark --incremental [--sizes 1000,10000]   incremental runs and `hubbot watch`
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bot.localwiki import LocalWiki, free_port  # noqa: E402

STATUSES = ["research", "discussion", "planning", "pilot", "implementation", "established"]
LANGS = ["en", "fr", "es", "pt", "ar", "hi", "id", "pl", "uk", "sw", "zh", "de"]


def hub_text(template: str, i: int, status: str) -> str:
    rnd = random.Random(i)
    kind = "regional" if i % 3 else "thematic"
    plans = "\n".join(f"[[Bench Hub {i:05}/Plan {k}|Plan {k}]]" for k in range(rnd.randint(0, 3)))
    # details with a link on a third of the hubs, as Meta's ESEAP, EARTH and CEE hubs have (the hub cache
    # once could not read them back: every new process read every hub)
    details = (f"| details = Hub number {i}; see its [[Bench Hub {i:05}/Plan 0|first plan]].\n" if i % 3 == 0
               else f"| details = Hub number {i}.\n")
    return (f"<languages/>\n{{{{{template}\n| name = <translate><!--T:1--> Bench Hub {i:05}</translate>\n"
            f"| type = {kind}\n| scope = Region or theme number {i}\n| status = {status}\n{details}"
            f"| languages = {', '.join(rnd.sample(LANGS, 3))}\n| website = https://hub{i}.example.org\n"
            f"| founded = {2010 + i % 15}\n| updated = 2026-{1 + i % 12:02}-{1 + i % 28:02}\n"
            f"| plans = {plans}\n}}}}\n<translate>\n<!--T:2-->\nBench Hub {i:05} supports its communities.\n"
            "</translate>\n")


def measure(pwb: Path, *args: str) -> dict:
    env = dict(os.environ, PYWIKIBOT_DIR=str(pwb))
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_child.py"), *args], env=env,
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_wiki(wiki: LocalWiki, n: int, work: Path, name: str) -> tuple[str, str, Path]:
    """N hub pages on the wiki (template "Hub infobox NAME"), and a config writing the four outputs."""
    template, prefix = f"Hub infobox {name}", name.capitalize()
    print(f"N={n}: importing {n} hub pages ...", flush=True)
    started = time.perf_counter()
    for chunk in range(0, n, 2000):
        wiki.import_pages({f"Bench Hub {i:05}": hub_text(template, i, STATUSES[i % len(STATUSES)])
                           for i in range(chunk, min(n, chunk + 2000))})
    print(f"N={n}: imported in {time.perf_counter() - started:.0f} s", flush=True)
    config = work / f"{name}.yaml"
    config.write_text(yaml.safe_dump({
        "hubs": {"template": template},
        "outputs": [{"name": k, "kind": k, "page": f"{prefix}/{k.capitalize()}"}
                    for k in ("directory", "plans", "status", "errors")],
        "safety": {"max_edits_per_run": 100}}))
    return template, prefix, config


def run_size(wiki: LocalWiki, n: int, work: Path) -> list[dict]:
    template, prefix, config = bench_wiki(wiki, n, work, f"bench{n}")
    state = work / f"state{n}"
    pwb = wiki.pywikibot_dir
    rows = []
    rows.append({"scenario": "(a) hubbot sync", "n": n, **measure(pwb, "hubbot", str(config), str(state)),
                 "rendered": rendered(wiki, f"{prefix}/Status")})
    rows.append({"scenario": "(b) naive per-page bot", "n": n, **measure(pwb, "naive", template, prefix)})
    rows.append({"scenario": "(c) hubbot, no change", "n": n, **measure(pwb, "hubbot", str(config), str(state))})
    changed = max(1, n // 100)
    wiki.import_pages({f"Bench Hub {i:05}": hub_text(template, i, "inactive") for i in range(changed)})
    rows.append({"scenario": f"(d) hubbot, {changed} hubs changed", "n": n,
                 **measure(pwb, "hubbot", str(config), str(state))})
    for row in rows:
        print(f"  {row['scenario']:<28} {row['wall']:8.2f} s {row['requests']:6} requests "
              f"{row['edits']:3} edits {row['peak_rss_mb']:7.1f} MB", flush=True)
    return rows


def rendered(wiki: LocalWiki, title: str) -> str:
    """How MediaWiki renders the status page (its days and stale hubs come from Module:Hub status): size,
    parse time, post-expand include size against its limit, Lua time; read as a reader's view would be."""
    import urllib.parse
    import urllib.request
    wiki.edit_as("Admin", "Module:Hub status", (ROOT / "templates" / "Hub_status_module.lua").read_text())

    def api(**params) -> dict:
        query = urllib.parse.urlencode({**params, "format": "json", "formatversion": "2"})
        with urllib.request.urlopen(f"{wiki.api}?{query}", timeout=600) as answer:
            return json.load(answer)
    page = api(action="query", prop="info", titles=title)["query"]["pages"][0]
    if "missing" in page:
        return f"{title} was not saved"
    started = time.perf_counter()
    parsed = api(action="parse", page=title, prop="text|limitreportdata", disablelimitreport="0")["parse"]
    seconds = time.perf_counter() - started
    limits = {d["name"]: d for d in parsed.get("limitreportdata", [])}
    post = limits.get("limitreport-postexpandincludesize", {})
    lua = limits.get("scribunto-limitreport-timeusage", {})
    errors = parsed["text"].count("scriptError") + parsed["text"].count("post-expand include size too large")
    return (f"{title}: {page['length'] / 1024:,.0f} KB of wikitext, rendered in {seconds:.1f} s; post-expand include "
            f"size {int(post.get('0', 0)) / 1024:,.0f} of {int(post.get('1', 0)) / 1024:,.0f} KB; Lua "
            f"{lua.get('0', '?')} s; {errors} script errors or omitted expansions")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    php = subprocess.run(["php", "-r", "echo PHP_VERSION;"], capture_output=True, text=True).stdout
    return (f"{os.cpu_count()} cores ({cpu}){mem}; {platform.platform()}; Python {platform.python_version()}; "
            f"MediaWiki 1.39 (Debian) on PHP {php} built-in server, sqlite, 127.0.0.1")


def markdown(rows: list[dict], sizes: list[int]) -> str:
    lines = ["# Benchmarks", "",
             "Measured by `scripts/benchmark` (add `--large` for N = 10,000) on a fresh local MediaWiki.",
             "Each run is its own process; wall time counts from the start of the work (interpreter start-up",
             "excluded for both bots), API requests are counted at the HTTP level (pywikibot's session),",
             "peak memory is the process's maximum RSS.", "",
             f"Machine: {machine()}.", "",
             "| N hubs | scenario | wall (s) | API requests | edits | peak RSS (MB) |",
             "|---:|---|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['n']:,} | {r['scenario']} | {r['wall']:.2f} | {r['requests']:,} | {r['edits']} | "
                     f"{r['peak_rss_mb']:.0f} |")
    lines += ["", "## Naive / hubbot, and the targets", "",
              "| N hubs | requests naive/hubbot (a) | wall naive/hubbot (a) | read-only run (c) requests "
              "| budget ceil(N/50)+10 | peak RSS, worst hubbot run |",
              "|---:|---:|---:|---:|---:|---:|"]
    for n in sizes:
        runs = {r["scenario"][:3]: r for r in rows if r["n"] == n}
        a, b, c = runs["(a)"], runs["(b)"], runs["(c)"]
        worst = max(r["peak_rss_mb"] for k, r in runs.items() if k != "(b)")
        lines.append(f"| {n:,} | {b['requests'] / a['requests']:.1f}x | {b['wall'] / a['wall']:.1f}x | "
                     f"{c['requests']:,} | {math.ceil(n / 50) + 10:,} | {worst:.0f} MB |")
    lines += ["", "Notes:",
              "- (a) is a first run: it lists the hubs (one request per 5,000 titles, bot limits), reads every hub",
              "  page in ceil(N/50) batches with the output pages, and creates the output pages. Creating a page",
              "  costs 2 requests, as saving an existing one does (a prop=info check of the page, with the shutoff",
              "  page when one is configured; the edit, with createonly=1), and the first save of a process 1 more",
              "  (pywikibot's edit token). This config has no shutoff page.",
              "- (c) and (d) are incremental runs, the default (see the section below): (c), with nothing new,",
              "  lists the pages that show {{Hub list}} and the hubs with their revision ids, and asks one",
              "  prop=info for the output pages (3 requests up to 5,000 hubs), reading no page text; (d) reads only",
              "  the changed hubs (50 per request) with the output pages, the other hubs come from the hub cache.",
              "- (c) makes no edit; (d) edits only the pages whose content changed (directory and status;",
              "  plans and errors do not depend on a hub's status).",
              "- The local wiki's user-config sets minthrottle = 0 (no pause between reads) for both bots. The",
              "  naive bot's cost is one request per hub page."]
    lines += [f"- Not saved, N = {r['n']:,} {r['scenario']}: {what}" for r in rows for what in r.get("not_saved", [])]
    lines += [f"- The status page as MediaWiki renders it after (a), N = {r['n']:,}: {r['rendered']}"
              for r in rows if r.get("rendered")]
    lines += [""]
    return "\n".join(lines)


def write_main(doc: Path, main_part: str) -> None:
    """The main tables replace the document's start; the incremental section (scripts/benchmark --incremental)
    and what follows it are kept (this rewrote the whole file before, dropping them)."""
    from benchmark_incremental import BEGIN
    old = doc.read_text() if doc.exists() else ""
    kept = old[old.index(BEGIN):] if BEGIN in old else ""
    doc.write_text(main_part + ("\n" + kept if kept else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", action="store_true", help="also N = 10,000 (a few minutes of import)")
    parser.add_argument("--sizes", help="comma-separated N values (default 100,1000)")
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--incremental", action="store_true",
                        help="measure incremental runs and `hubbot watch` instead (N = 1,000 and 10,000; "
                             "updates that section of the output)")
    args = parser.parse_args()
    if args.incremental:
        return incremental(args)
    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else [100, 1000] + ([10000] if args.large else [])
    work = Path(tempfile.mkdtemp(prefix="hubbot-bench-"))
    wiki = LocalWiki(work / "wiki")
    try:
        wiki.start(free_port())
        rows = []
        for n in sizes:
            rows += run_size(wiki, n, work)
    finally:
        wiki.stop()
    write_main(Path(args.output), markdown(rows, sizes))
    print(f"wrote {args.output}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def incremental(args) -> int:
    import benchmark_incremental as inc
    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else [1000, 10000]
    work = Path(tempfile.mkdtemp(prefix="hubbot-bench-inc-"))
    wiki = LocalWiki(work / "wiki")
    try:
        wiki.start(free_port())
        results = [inc.run_size(wiki, n, work, measure, hub_text, bench_wiki) for n in sizes]
    finally:
        wiki.stop()
    inc.splice(Path(args.output), inc.markdown(results, machine()))
    print(f"wrote {args.output}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
