"""REPORT: what the state keeps of a run, in one place for every way a run ends.

- ``quiet``: nothing new. The outcomes are remembered and the run counted as a success.
- ``disabled``: the bot is disabled; nothing is counted. Only whether the errors page now says so.
- ``done``: a run that planned. Snapshots for edit summaries, what each page was planned from (the
  next quiet check), the outcomes, replaced human text, the hub pages watched, the languages whose
  pages were written per language, the failure count.
- a run that could not reach the wiki (``record_unreachable``): a failed run, counted.
- a run the on-wiki shutoff page stopped (``record_shutoff``): not counted either way; the state keeps
  which page, its words and since when (``shutoff``), until a run the page lets through forgets them.
Every one of them keeps how it ended (``last_run``: when, by the clock, and the time it was run as when
--now said another; quiet / done / failed / disabled / shutoff, its edits and the pages not written with
who can fix them) and, when it disabled the bot, when and why (``disabled_since``, ``disabled_cause``):
what `hubbot status` shows without asking the wiki. A dry run records nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Literal, Mapping, Sequence

from bot.config import Config
from bot.executor import PageResult
from bot.logic import report as errors_page
from bot.logic.kinds import report_output
from bot.logic.quiet import Quiet
from bot.outcomes import Report, Status
from bot.state import State

@dataclass
class Ending:
    """How a run ended, and what of it the state keeps."""

    how: Literal["quiet", "disabled", "done"]
    today: str
    hub_count: int | None = None                   # None: the hub list was not trusted (or not known)
    results: Sequence[PageResult] = ()
    page_outcomes: Mapping[str, list] = field(default_factory=dict)
    fingerprints: Mapping[str, str] | None = None  # page -> what it was planned from (None: no revision listing)
    basics: Mapping | None = None
    map_files: Sequence[str] = ()
    watched: Sequence[str] = ()
    replaced: Sequence[errors_page.ReplacedText] = ()   # human lines replaced in the last 30 days, these included
    languages_written: Sequence[str] | None = None      # languages of the pages written per language (None: as it was)
    disabled_notice_saved: bool = False


def record(state: State, config: Config, report: Report, ending: Ending, quiet: Quiet, at: datetime,
           as_of: datetime | None = None) -> None:
    """``at``: when the run ran (the clock); ``as_of``: the time it was run as (--now), when another."""
    was_disabled = state.disabled
    remember_run(state, report, ending.how, at, as_of)
    state.data.pop("shutoff", None)      # the shutoff page let this run through (a quiet run's is unchanged)
    if ending.how == "quiet":
        remember_outcomes(state, config, report, ending.today)
        state.record_run(ok=True, hub_count=ending.hub_count, max_failures=config.safety.max_consecutive_failures)
        state.save()
        return
    if ending.how == "done":
        for result in ending.results:
            if result.status in (Status.EDITED, Status.UNCHANGED):
                for name, snap in result.plan.snapshots.items():
                    state.set_snapshot(name, snap)
        if ending.hub_count is not None:
            remember_quiet(state, report, ending, quiet)
        else:
            state.data.pop("quiet", None)
        remember_outcomes(state, config, report, ending.today)
        if any(res.status is Status.EDITED and res.plan.replaced for res in ending.results):
            state.data["replaced"] = [asdict(r) | {"lines": list(r.lines)} for r in ending.replaced]
        state.data["hub_pages"] = sorted(ending.watched)
        if ending.languages_written:
            state.data["languages_written"] = list(ending.languages_written)
        elif ending.languages_written is not None:
            state.data.pop("languages_written", None)
        state.record_run(ok=not report.failed, hub_count=ending.hub_count,
                         max_failures=config.safety.max_consecutive_failures)
        if state.disabled and not was_disabled:
            failed = sorted({o.page for o in report.outputs if o.status is Status.FAILED})
            remember_disabling(state, at, "this run could not save " + ", ".join(failed) if failed
                               else "this run failed")
    if state.disabled:   # scheduled runs of a disabled bot whose errors page says so end at once (bot.app)
        state.data["disabled_reported"] = ending.disabled_notice_saved or report_output(config.outputs) is None
    state.save()


def record_unreachable(state: State, config: Config, at: datetime, why: str, as_of: datetime | None = None) -> None:
    """A run that could not reach the wiki (``why``): a failed run, counted (the bot may now be disabled).
    What the shutoff page said is not known: a shut-off bot stays so."""
    was_disabled = state.disabled
    state.data["last_run"] = {"at": _iso(at), "ended": "failed", "edits": 0, "reason": why, "not_written": [],
                              **_as_of(at, as_of)}
    state.record_run(ok=False, hub_count=None, max_failures=config.safety.max_consecutive_failures)
    if state.disabled and not was_disabled:
        remember_disabling(state, at, "the wiki could not be reached")
    state.save()


SHUTOFF_QUOTED = 80          # characters of the shutoff page's words the state keeps (`hubbot status` quotes them)


def record_shutoff(state: State, report: Report, at: datetime, page: str, said: str,
                   as_of: datetime | None = None) -> None:
    """A run the shutoff page ``page`` stopped, saying ``said`` (before its first edit, or between two: the
    report's edits). The editors' choice: no failure, nothing counted. Their words are kept short; ``since``
    stays the first such run's while the same page keeps saying stop."""
    said = said if len(said) <= SHUTOFF_QUOTED else said[:SHUTOFF_QUOTED - 1] + "…"
    state.data["last_run"] = {"at": _iso(at), "ended": "shutoff", "edits": report.edits,
                              "reason": f"the shutoff page {page} says {said!r}", "not_written": [],
                              **_as_of(at, as_of)}
    known = state.shut_off
    since = known["since"] if known and known.get("page") == page else _iso(at)
    state.data["shutoff"] = {"page": page, "said": said, "since": since}
    state.save()


def remember_run(state: State, report: Report, how: str, at: datetime, as_of: datetime | None = None) -> None:
    """How this run ended, for `hubbot status`: quiet, done, failed (a page failed) or disabled."""
    ended = how if how != "done" else "failed" if report.failed else "done"
    state.data["last_run"] = {
        "at": _iso(at), "ended": ended, "edits": report.edits, "reason": "",
        "not_written": [{"page": o.page, "status": o.status.value, "owner": o.owner}
                        for o in report.outputs if o.status.not_written], **_as_of(at, as_of)}


def remember_disabling(state: State, at: datetime, cause: str) -> None:
    state.data["disabled_since"], state.data["disabled_cause"] = _iso(at), cause


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def _as_of(at: datetime, as_of: datetime | None) -> dict[str, str]:
    """The time a run was run as (--now), kept when it is not the clock's (to the second)."""
    return {"as_of": _iso(as_of)} if as_of is not None and _iso(as_of) != _iso(at) else {}


def remember_outcomes(state: State, config: Config, report: Report, today: str) -> None:
    """The state keeps the last outcome of every configured output (for the errors page of later runs)."""
    last = state.last_outcomes()
    configured = {o.name for o in config.outputs}    # on-wiki lists are found again every run
    for outcome in report.outputs:
        if outcome.output in configured:
            state.set_outcome(outcome.output, errors_page.remembered(outcome, last.get(outcome.output), today))


def remember_quiet(state: State, report: Report, ending: Ending, quiet: Quiet) -> None:
    """Pages whose outputs all came out edited, unchanged or refused, with what they were planned
    from: the next run with the same inputs reads none of them (bot.logic.quiet)."""
    if ending.fingerprints is None:
        return
    quiet.ran(ending.basics or {}, ending.hub_count, report.problems, ending.map_files)
    for result in ending.results:
        title = result.plan.title
        outcomes = [{"output": o.output, "status": o.status.value, "reason": o.reason, "fix": o.fix,
                     "owner": o.owner} for o in ending.page_outcomes.get(title, [])]
        quiet.remember(title, result.revid, ending.fingerprints[title], outcomes)
    state.data["quiet"] = quiet.as_json()
