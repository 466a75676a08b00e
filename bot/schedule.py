"""Running on a schedule: the foreground scheduler and Toolforge's jobs.yaml.

``due_at``, ``due_since`` and ``next_run`` are pure functions of (now, config),
tested with a fixed clock. ``run_schedule`` sleeps until the next due minute,
runs the due outputs as one sync (hub pages read once for all of them), logs
and goes on after a failed run; SIGTERM/SIGINT stop it between runs.

``schedule --once`` (what cron and Toolforge start) runs every output whose
schedule fired in the last ``ONCE_WINDOW`` minutes and has not run for that
firing yet (``STATE_DIR/schedule.json``), so a job started late still runs and
a job started twice runs once (a firing recorded later than now, from a clock
that was ahead, is ignored with a warning). Toolforge gets *one* job per config whose
schedule covers every output's (bot.schedule.covering_cron): jobs on one state
directory never start in the same minute and wait for each other's lock.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

import yaml

from bot import store
from bot.config import Config
from bot.errors import UserError
from bot.cron import next_due, parse_cron

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


ONCE_WINDOW = 15       # minutes a late `schedule --once` still catches up
SCHEDULE_FILE = "schedule.json"


def due_since(config: Config, last: dict[str, str], now: datetime,
              window: int = ONCE_WINDOW) -> dict[str, str]:
    """Outputs whose latest firing in the last ``window`` minutes has not run yet: name -> firing minute."""
    minute = now.replace(second=0, microsecond=0)
    due: dict[str, str] = {}
    for out in config.outputs:
        expr = config.schedule_of(out)
        if not expr:
            continue
        cron = parse_cron(expr)
        for back in range(window):
            fired = minute - timedelta(minutes=back)
            if cron.matches(fired):
                stamp = fired.isoformat()
                if last.get(out.name, "") < stamp:
                    due[out.name] = stamp
                break
    return due


def ran_firings(path: Path, now: datetime) -> dict[str, str]:
    """``schedule.json``: per output, the firing minute it last ran for. A damaged file is one warning (what
    fired in the last minutes runs, once more at most); a firing later than ``now`` (a clock that was
    ahead) is ignored with a warning, else that output would never be due again."""
    data = store.read_cache(path, dict[str, str], "outputs that fired in the last "
                                                  f"{ONCE_WINDOW} minutes run, even if they ran already")
    kept: dict[str, str] = {}
    for name, stamp in (data or {}).items():
        try:
            when = datetime.fromisoformat(stamp)
        except ValueError:
            store.warn_unreadable(path, f"{name}: {stamp!r} is not a time", f"{name} runs when it is due")
            continue
        if not store.from_the_future(when if when.tzinfo else when.replace(tzinfo=timezone.utc), now, path,
                                     f"the last run of {name}"):
            kept[name] = stamp
    return kept


def covering_cron(exprs: list[str]) -> str:
    """One cron expression that fires at least whenever any of ``exprs`` does (field-wise union).

    It may fire more often; `schedule --once` then finds nothing due and exits at once.
    """
    crons = [parse_cron(e) for e in exprs]

    def field(sets: list[frozenset[int]], low: int, high: int) -> str:
        values = sorted(set().union(*sets))
        return "*" if values == list(range(low, high + 1)) else ",".join(map(str, values))

    days = {(c.days, c.weekdays, c.days_restricted, c.weekdays_restricted) for c in crons}
    if len(days) == 1:       # the same days for all: keep them (cron's day-of-month OR day-of-week rule)
        words = crons[0].expr.split()
        dom, dow = (words[2], words[4]) if len(words) == 5 else ("*", "*")
    else:
        dom = dow = "*"
    return " ".join([field([c.minutes for c in crons], 0, 59), field([c.hours for c in crons], 0, 23), dom,
                     field([c.months for c in crons], 1, 12), dow])


def run_schedule(config: Config, args, *, clock: Callable[[], datetime] | None = None,
                 sleep: Callable[[float], None] | None = None) -> int:
    from bot import app

    clock = clock or (lambda: datetime.now(timezone.utc))
    stop = threading.Event()
    sleep = sleep or (lambda seconds: stop.wait(seconds))

    def on_signal(signum, frame):
        log.info("schedule: received %s; stopping after the current run", signal.Signals(signum).name)
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    state_dir = app.state_dir_of(config, args.state_dir)

    def sync(names: list[str], now: datetime | None = None) -> int:
        return app.run_command(lambda: app.sync(config, app.SyncRequest(only=tuple(names), state_dir=state_dir,
                                                                         now=now, scheduled=True),
                                                connect=app.logged_in(config, args)))   # -family: etc.

    runs = 0
    last_code = 0
    try:
        if args.once:
            record = state_dir / SCHEDULE_FILE
            now = app.parse_now(args.now) if getattr(args, "now", None) else clock()    # --now: a day replayed
            last = ran_firings(record, now)
            due = due_since(config, last, now)
            if not due:
                nxt = next_run(config, now)
                print("schedule: nothing is due now" + (f"; next: {', '.join(nxt[1])} at {nxt[0].isoformat()}"
                                                        if nxt else ""))
                return 0
            code = sync(list(due), now)
            if code == 0:        # a failed run is not recorded: a retry of the job runs it again
                store.write(record, last | due, pretty=True)
            return code
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
            last_code = sync(due)
            last = when
            runs += 1
            log.info("schedule: run %d of %s finished with exit code %d in %.1f s", runs, ", ".join(due),
                     last_code, time.monotonic() - started)
            if args.max_runs and runs >= args.max_runs:
                break
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print(f"schedule: stopped after {runs} run{'' if runs == 1 else 's'}")
    return 0 if last_code in (0, 1) else last_code


# -- Toolforge ----------------------------------------------------------------
WATCH_JOB = "hubbot-watch"
IMAGES = ("python3.11", "python3.13")   # Toolforge's Debian bookworm and trixie Python images


def cron_job_name(config_path: str) -> str:
    """The cron job of a config: hubbot-<config file name> (hubbot-meta for config/meta.yaml)."""
    name = "hubbot-" + re.sub(r"[^a-z0-9-]+", "-", Path(config_path).stem.lower()).strip("-")
    return name[:50].rstrip("-")


def other_mode_jobs(config_path: str, watch: bool) -> list[str]:
    """The jobs of the other mode for this config, which `toolforge jobs load` leaves running."""
    return [cron_job_name(config_path)] if watch else [WATCH_JOB]


def retire_note(config_path: str, watch: bool) -> str:
    """What an operator must do after loading, in one line per job (the file's comment and the command's output)."""
    mode = "the cron job (`toolforge-jobs`)" if watch else "the watcher (`toolforge-jobs --watch`)"
    return "".join(f"`toolforge jobs load` deletes no job: if {mode} ran before, stop it with: "
                   f"toolforge jobs delete {name}\n" for name in other_mode_jobs(config_path, watch))


def _hubbot(project_dir: str) -> str:
    return f"cd {project_dir} && PYWIKIBOT_DIR={project_dir} {project_dir}/.venv/bin/hubbot --quiet"


def job_config_path(config: str, project_dir: str) -> str:
    """The ``--config`` a Toolforge job runs with. The job starts with ``cd`` into the project folder: a
    config inside it is written relative to it, any other as an absolute path (a relative path typed in
    another folder would not be found there), with a warning: that path must exist where the job runs
    (a config of another checkout, or of /tmp, does not on Toolforge)."""
    path = Path(config).expanduser().resolve()
    project = Path(os.path.expandvars(project_dir)).expanduser().resolve()
    try:
        return str(path.relative_to(project))
    except ValueError:
        log.warning("--config %s lies outside the project dir %s, so the job runs it by that absolute path, which "
                    "must exist where the job runs. Fix: copy the config into the project dir (e.g. %s) and pass "
                    "that copy to --config, or give --project-dir the folder that holds the config's checkout "
                    "where the job runs", path, project, project / "config" / path.name)
        return str(path)


def toolforge_watch_job(config_path: str, project_dir: str = "$HOME/hubbot", interval: int = 60,
                        source: str = "poll", image: str = IMAGES[0]) -> str:
    """A jobs.yaml with one continuous job running `hubbot watch` (instead of the cron jobs).

    Its health check is `hubbot watch --check-health`: Kubernetes runs it every 10 s once it first
    passes (within two minutes of a start), and restarts the job after three failures in a row, i.e.
    when the watcher has not beaten its heartbeat for max(3 × interval, 120 s).
    """
    job = {
        "name": WATCH_JOB,
        "command": (f"{_hubbot(project_dir)} watch --config {config_path} --interval {interval}"
                    + (f" --source {source}" if source != "poll" else "")),
        "image": image,
        "continuous": True,
        "health-check-script": f"{_hubbot(project_dir)} watch --check-health --config {config_path}",
        "emails": "onfailure",
        "mem": "512Mi",
        "cpu": "0.5",
        "filelog-stdout": "logs/hubbot-watch.out",
        "filelog-stderr": "logs/hubbot-watch.err",
    }
    header = (f"# Toolforge job for hubbot, generated by `hubbot toolforge-jobs --watch --config {config_path}`.\n"
              "# One continuous job following recent changes; load with: toolforge jobs load jobs.yaml\n"
              "# Its health check fails when the watcher's heartbeat is older than max(3 x interval, 120 s).\n"
              + "".join(f"# {line}\n" for line in retire_note(config_path, watch=True).splitlines()))
    return header + yaml.safe_dump([job], sort_keys=False, allow_unicode=True)


def toolforge_jobs(config: Config, config_path: str, project_dir: str = "$HOME/hubbot", image: str = IMAGES[0]) -> str:
    """A jobs.yaml for `toolforge jobs load`: one job for the whole config.

    One job, not one per output or per schedule: its schedule covers every
    output's (covering_cron) and it runs `schedule --once`, which runs the
    outputs due now as one sync. Outputs due together share one read of the
    hub pages, and no two jobs on one state directory start in the same minute
    (which made one of them exit on the lock and e-mail the operator).
    """
    exprs = list(schedules(config))
    if not exprs:
        raise UserError(config.path, "no output has a schedule, so there is no job to write.",
                        "add 'schedule: \"17 */6 * * *\"' at the top level of the config.")
    name = cron_job_name(config_path)
    job = {
        "name": name,
        "command": f"{_hubbot(project_dir)} schedule --once --config {config_path}",
        "image": image,
        "schedule": covering_cron(exprs),
        "emails": "onfailure",
        "retry": 1,
        "mem": "512Mi",
        "cpu": "0.5",
        "timeout": 3600,
        "filelog-stdout": f"logs/{name}.out",
        "filelog-stderr": f"logs/{name}.err",
    }
    header = (f"# Toolforge jobs for hubbot, generated by `hubbot toolforge-jobs --config {config_path}`.\n"
              f"# One job: its schedule covers every output's ({'; '.join(exprs)});\n"
              "# `schedule --once` runs the outputs due at that minute as one sync.\n"
              "# Load with: toolforge jobs load jobs.yaml   (idempotent; see README 'Deploy on Toolforge')\n"
              + "".join(f"# {line}\n" for line in retire_note(config_path, watch=False).splitlines()))
    return header + yaml.safe_dump([job], sort_keys=False, allow_unicode=True)
