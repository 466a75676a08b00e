"""One measured run for scripts/benchmark.py, in its own process (so peak RSS is its own).

    bench_child.py hubbot CONFIG STATE_DIR [SYNC OPTIONS]   hubbot sync of all outputs
    bench_child.py naive  TEMPLATE PREFIX       the per-page pywikibot bot an operator might write
    bench_child.py watch  CONFIG STATE_DIR INTERVAL   `hubbot watch`, with time stamps on stderr

Prints one JSON line: wall seconds (from the start of the work; interpreter start-up and module
imports excluded for both), HTTP requests to the API, edits, peak RSS in MB.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_hubbot(config: str, state_dir: str, *extra: str) -> dict:
    import pywikibot  # noqa: F401  (imported before the clock starts, as for the naive bot)
    from bot import app, cli, commands, runner  # noqa: F401  (hubbot's own modules too: start-up, not work)
    report = f"{state_dir}/bench-report.json"
    Path(state_dir).mkdir(parents=True, exist_ok=True)     # --report wants an existing folder
    started = time.perf_counter()
    code = cli.main(["--quiet", "sync", "--config", config, "--state-dir", state_dir, "--report", report, *extra])
    wall = time.perf_counter() - started
    data = json.load(open(report))
    totals = data["totals"]
    return {"wall": wall, "requests": totals["requests"], "edits": totals["edits"], "exit": code,
            "pages_read": totals["pages_read"],
            "would_edit": sum(o["action"] == "would edit" for o in data["outputs"]),
            "not_saved": [f"{o['page']}: {o['action']}, {o['reason']}" for o in data["outputs"]
                          if o["action"] in ("refused", "blocked", "failed")]}


def run_naive(template: str, prefix: str) -> dict:
    """Reads each hub page with its own request, as a first pywikibot script would, and writes the
    same outputs (directory, plans, status, errors) to pages of its own, saving every time."""
    import pywikibot
    from pywikibot.comms import http
    from datetime import datetime, timezone

    from bot.config import OutputConfig
    from bot.logic.kinds import KINDS
    from bot.logic.outputs import RunData
    from bot.logic.report import errors_body
    from bot.parsing.infobox import parse_hub_page

    counter = {"n": 0}
    http.session.hooks.setdefault("response", []).append(lambda r, *a, **k: counter.__setitem__("n", counter["n"] + 1))
    started = time.perf_counter()
    site = pywikibot.Site()
    site.login()
    hubs, problems = [], []
    for page in pywikibot.Page(site, template, ns=10).getReferences(only_template_inclusion=True):
        result = parse_hub_page(page.title(), page.text, template)     # page.text: one request per page
        if result.hub:
            hubs.append(result.hub)
        problems.extend(result.problems)
    data = RunData(hubs=hubs, problems=problems, now=datetime.now(timezone.utc), template=template)
    edits, not_saved = 0, []
    for kind in ("directory", "plans", "status", "errors"):
        out = OutputConfig(name=kind, kind=kind, page=f"{prefix}/Naive {kind}")
        target = pywikibot.Page(site, out.page)
        target.text = errors_body(problems, [], []) if kind == "errors" else KINDS[kind].render(out, data)
        try:
            target.save(summary=f"naive bot: {kind}", quiet=True)
        except pywikibot.exceptions.Error as exc:   # a page the wiki cannot take (too large): the others still go
            not_saved.append(f"{out.page}: {len(target.text.encode()) // 1024} KB, {type(exc).__name__}")
            continue
        edits += 1
    return {"wall": time.perf_counter() - started, "requests": counter["n"], "edits": edits, "exit": 0,
            "not_saved": not_saved}


def run_watch(config: str, state_dir: str, interval: str) -> int:
    """`hubbot watch` as an operator runs it, plus "BENCH <unix time> <event> [<title>]" lines on stderr
    when a run starts and when each save starts and ends: the benchmark splits an edit's wait into
    the poll, hubbot's work and MediaWiki's save. Nothing else changes."""
    from bot import cli, runner
    from bot.wiki.pywikibot import PywikibotGateway

    def stamp(event: str) -> None:
        print(f"BENCH {time.time():.3f} {event}", file=sys.stderr, flush=True)

    save, run = PywikibotGateway.save, runner.Run.run

    def timed_save(self, base, text, summary, **options):
        stamp(f"save-start {base.title}")
        try:
            return save(self, base, text, summary, **options)
        finally:
            stamp(f"save-end {base.title}")

    def timed_run(self, *args, **kwargs):
        stamp("run-start")
        return run(self, *args, **kwargs)

    PywikibotGateway.save = timed_save
    runner.Run.run = timed_run
    return cli.main(["watch", "--config", config, "--state-dir", state_dir, "--interval", interval])


if __name__ == "__main__":
    if sys.argv[1] == "watch":
        sys.exit(run_watch(*sys.argv[2:5]))
    mode, a, b = sys.argv[1:4]
    result = run_hubbot(a, b, *sys.argv[4:]) if mode == "hubbot" else run_naive(a, b)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))
