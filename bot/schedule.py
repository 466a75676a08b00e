"""Running on a schedule: the foreground scheduler and Toolforge's jobs.yaml.

``due_groups`` and ``next_run`` are pure functions of (now, config), tested
with a fixed clock. ``run_schedule`` sleeps until the next due minute, runs
the due outputs as one sync (hub pages read once for all of them), logs and
goes on after a failed run; SIGTERM/SIGINT stop it between runs.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Callable

import yaml

from bot.config import Config
from bot.logic.cron import next_due, parse_cron

log = logging.getLogger("hubbot")


def schedules(config: Config) -> dict[str, list[str]]:
    """Outputs by schedule expression (outputs without any schedule are left out)."""
    groups: dict[str, list[str]] = {}
    for out in config.outputs:
        expr = config.schedule_of(out)
        if expr:
            groups.setdefault(expr, []).append(out.name)
    return groups


def due_at(config: Config, when: datetime) -> list[str]:
    """Names of the outputs whose schedule fires at the minute of ``when``, in config order."""
    minute = when.replace(second=0, microsecond=0)
    return [out.name for out in config.outputs
            if (expr := config.schedule_of(out)) and parse_cron(expr).matches(minute)]


def next_run(config: Config, now: datetime) -> tuple[datetime, list[str]] | None:
    """The next minute after ``now`` when something is due, and what is due then."""
    exprs = {config.schedule_of(o) for o in config.outputs} - {None}
    if not exprs:
        return None
    when = min(next_due(e, now) for e in exprs)
    return when, due_at(config, when)


def run_schedule(config: Config, args, *, clock: Callable[[], datetime] | None = None,
                 sleep: Callable[[float], None] | None = None) -> int:
    from bot import cli

    clock = clock or (lambda: datetime.now(timezone.utc))
    stop = threading.Event()
    sleep = sleep or (lambda seconds: stop.wait(seconds))

    def on_signal(signum, frame):
        log.info("schedule: received %s; stopping after the current run", signal.Signals(signum).name)
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    base_args = ["sync", "--config", args.config]
    if args.state_dir:
        base_args += ["--state-dir", args.state_dir]
    runs = 0
    last_code = 0
    try:
        if args.once:
            due = due_at(config, clock())
            if not due:
                print("schedule: nothing is due now")
                return 0
            return cli.main(base_args + [a for n in due for a in ("--only", n)])
        if not schedules(config):
            print(f"schedule: no output in {config.path} has a schedule; add 'schedule:' to the config.")
            return 2
        last: datetime | None = None
        while not stop.is_set():
            now = clock()
            # Resume after the last run's minute; a minute missed while a run was going on is
            # caught up once, older ones are not replayed.
            floor = now.replace(second=0, microsecond=0) - timedelta(minutes=1)
            base = max(last, floor) if last is not None else now
            nxt = next_run(config, base)
            assert nxt is not None
            when, due = nxt
            wait = (when - clock()).total_seconds()
            log.info("schedule: next run at %s for %s", when.isoformat(), ", ".join(due))
            if wait > 0:
                sleep(wait)
            if stop.is_set():
                break
            started = time.monotonic()
            last_code = cli.main(base_args + [a for n in due for a in ("--only", n)])
            last = when
            runs += 1
            log.info("schedule: run %d of %s finished with exit code %d in %.1f s", runs, ", ".join(due),
                     last_code, time.monotonic() - started)
            if args.max_runs and runs >= args.max_runs:
                break
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print(f"schedule: stopped after {runs} runs")
    return 0 if last_code in (0, 1) else last_code


# -- Toolforge ----------------------------------------------------------------
def _job_name(expr: str, names: list[str]) -> str:
    base = "hubbot-" + "-".join(names)
    base = re.sub(r"[^a-z0-9-]+", "-", base.lower()).strip("-")
    return base[:50].rstrip("-")


def toolforge_watch_job(config_path: str, project_dir: str = "$HOME/hubbot", interval: int = 60) -> str:
    """A jobs.yaml with one continuous job running `hubbot watch` (instead of the cron jobs)."""
    job = {
        "name": "hubbot-watch",
        "command": (f"cd {project_dir} && PYWIKIBOT_DIR={project_dir} "
                    f"{project_dir}/.venv/bin/hubbot --quiet watch --config {config_path} --interval {interval}"),
        "image": "python3.11",
        "continuous": True,
        "emails": "onfailure",
        "mem": "512Mi",
        "cpu": "0.5",
        "filelog-stdout": "logs/hubbot-watch.out",
        "filelog-stderr": "logs/hubbot-watch.err",
    }
    header = (f"# Toolforge job for hubbot, generated by `hubbot toolforge-jobs --watch --config {config_path}`.\n"
              "# One continuous job following recent changes; load with: toolforge jobs load jobs.yaml\n")
    return header + yaml.safe_dump([job], sort_keys=False, allow_unicode=True)


def toolforge_jobs(config: Config, config_path: str, project_dir: str = "$HOME/hubbot") -> str:
    """A jobs.yaml for `toolforge jobs load`: one job per distinct schedule.

    One job per schedule, not per output: outputs due together then share one
    read of the hub pages, and one lock; per-output jobs would read everything
    once per output and contend for the lock.
    """
    jobs = []
    for expr, names in schedules(config).items():
        only = " ".join(f"--only {n}" for n in names)
        jobs.append({
            "name": _job_name(expr, names),
            "command": (f"cd {project_dir} && PYWIKIBOT_DIR={project_dir} "
                        f"{project_dir}/.venv/bin/hubbot --quiet sync --config {config_path} {only}"),
            "image": "python3.11",
            "schedule": expr,
            "emails": "onfailure",
            "retry": 1,
            "mem": "512Mi",
            "cpu": "0.5",
            "timeout": 3600,
            "filelog-stdout": f"logs/{_job_name(expr, names)}.out",
            "filelog-stderr": f"logs/{_job_name(expr, names)}.err",
        })
    header = (f"# Toolforge jobs for hubbot, generated by `hubbot toolforge-jobs --config {config_path}`.\n"
              "# Load with: toolforge jobs load jobs.yaml   (idempotent; see README 'Deploy on Toolforge')\n")
    return header + yaml.safe_dump(jobs, sort_keys=False, allow_unicode=True)
