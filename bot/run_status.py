"""`hubbot status`: what the state directory says about the bot, without asking the wiki (0 requests).

Read from STATE_DIR (bot.store's files, never written here): whether the bot disabled itself (since when,
why, and the command that re-enables it) or editors shut it off on-wiki (which page, since when, their
words, and that an editor lets it run again), the failed runs in a row and the limit
(``safety.max_consecutive_failures``), how the last run ended (``state.json``'s ``last_run``, kept by
bot.pipeline.record: when, and the time it was run as when --now said another; quiet / done / failed /
disabled / shut off, its edits, the pages not written and who can fix each), whether a run holds the lock
(``lock``: pid, host, since when) and, once `hubbot schedule` has run (``schedule.json``), what is due and
when the schedule fires next.

Exit 0 when the bot is enabled and its last run did not fail; 1 when it is disabled or its last run failed;
3 (as `sync`'s) when the shutoff page stopped the last run that read it, and the bot is not disabled
besides; 2 (bot.store's policy) when ``state.json`` cannot be read, naming the file and the fix.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from bot.config import Config
from bot.errors import EXIT_FAILED, EXIT_OK, EXIT_SHUTOFF
from bot.lock import RunLock
from bot.schedule import SCHEDULE_FILE, due_since, next_run, ran_firings
from bot.state import State

SHOWN_PAGES = 5          # pages not written named in the last run's line; the rest are counted


def status(config: Config, state_dir: Path, now: datetime) -> tuple[list[str], int]:
    """The lines `hubbot status` prints, and its exit code."""
    state_dir = Path(state_dir)
    lines = [f"hubbot status of {state_dir} (config {config.path}); the wiki was not asked"]
    if not state_dir.is_dir():
        lines.append(f"no run has used this state directory yet ({state_dir} does not exist): check --state-dir "
                     f"or state_dir in {config.path}, or run `hubbot sync --config {config.path}`.")
        return lines, EXIT_OK
    state = State.load(state_dir)          # a damaged state.json: UserError naming the file and the fix (exit 2)
    lines.append(bot_line(state, config.safety.max_consecutive_failures))
    if state.disabled:
        lines.append(f"  re-enable it once the cause is fixed: {state.reset_command(config.path, config.state_dir)}")
    lines.extend(shutoff_lines(state.shut_off, also=state.disabled))
    lines.append(last_run_line(state))
    lines.append(lock_line(RunLock(state_dir, lease=config.safety.lock_lease, heartbeat=False).holder()))
    if (state_dir / SCHEDULE_FILE).exists():
        lines.extend(schedule_lines(config, ran_firings(state_dir / SCHEDULE_FILE, now), now))
    last = state.last_run or {}
    if state.disabled or last.get("ended") == "failed":
        return lines, EXIT_FAILED
    return lines, EXIT_SHUTOFF if state.shut_off else EXIT_OK


def bot_line(state: State, limit: int) -> str:
    runs = f"{state.consecutive_failures} failed run{'' if state.consecutive_failures == 1 else 's'} in a row"
    if not state.disabled:
        shutoff = state.shut_off
        how = f"shut off on-wiki {_shutoff(shutoff)}" if shutoff else "enabled"
        return f"bot: {how}; {runs} (it disables itself at {limit})"
    since = f" since {state.disabled_since}" if state.disabled_since else ""
    cause = f": {state.disabled_cause}" if state.disabled_cause else ""
    return f"bot: DISABLED{since} after {runs} (the limit is {limit}){cause}"


def shutoff_lines(shutoff: dict | None, also: bool) -> list[str]:
    """Editors stopped the bot on-wiki (``also``: a disabled bot, whose line said nothing of it): what lets it
    run again."""
    if not shutoff:
        return []
    return ([f"  also shut off on-wiki {_shutoff(shutoff)}"] if also else []) + [
        f"  to let it run again, an editor empties {shutoff['page']} (or writes 'run'); that needs no hubbot reset"]


def _shutoff(shutoff: dict) -> str:
    return f"by {shutoff['page']} since {shutoff['since']}, which says {shutoff['said']!r}"


def last_run_line(state: State) -> str:
    last = state.last_run
    if last is None:
        if not state.path.exists():
            return f"last run: none recorded ({state.path} does not exist yet)"
        return "last run: not recorded (the state was written by an older hubbot)"
    edits = f"{last['edits']} edit{'' if last['edits'] == 1 else 's'}"
    ended = {"quiet": "quiet (nothing new)", "disabled": "disabled (only the errors page may be written)",
             "shutoff": "shut off"}.get(last["ended"], last["ended"])
    when = last["at"] + (f" (run as of --now {last['as_of']})" if last.get("as_of") else "")
    line = f"last run: {when}, {ended}" + (f": {last['reason']}" if last.get("reason") else "") + f", {edits}"
    pages = last.get("not_written") or []
    if pages:
        named = [f"{p['page']} ({p['status']}" + (f", who can fix it: {p['owner']})" if p.get("owner") else ")")
                 for p in pages[:SHOWN_PAGES]]
        more = f" and {len(pages) - SHOWN_PAGES} more" if len(pages) > SHOWN_PAGES else ""
        line += "; not written: " + ", ".join(named) + more
    return line


def lock_line(holder: dict | None) -> str:
    if holder is None:
        return "lock: free"
    who = f"pid {holder['pid']} on {holder['host']}"
    since = f" since {_time(holder['start'])}" if isinstance(holder.get("start"), (int, float)) else ""
    if holder["stale"]:
        return f"lock: left by {who}{since}, which stopped; the next run takes it over"
    lease = f" (its lease runs to {_time(holder['expires'])})" if isinstance(holder.get("expires"), (int, float)) \
        else ""
    return f"lock: held by {who}{since}{lease}: a run is in progress"


def schedule_lines(config: Config, last: dict[str, str], now: datetime) -> list[str]:
    """What `schedule --once` would run now, and the next firing (from the config and schedule.json)."""
    lines = []
    due = due_since(config, last, now)
    if due:
        lines.append("schedule: due now, not run yet: " + ", ".join(f"{name} (fired {when})"
                                                                     for name, when in due.items()))
    nxt = next_run(config, now)
    if nxt is not None:
        lines.append(f"schedule: next: {', '.join(nxt[1])} at {nxt[0].isoformat()}")
    return lines


def _time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="seconds")
