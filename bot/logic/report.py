"""The errors page: the run's report for editors, planned last from every outcome (pure).

It lists every problem on a hub page, every output page the bot did not write
(this run's outcomes, plus the last known outcome of each configured output
that did not run this time, so `--only errors` never loses an entry), who can
fix each one, and the hand-written lines the bot replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.logic.infobox_checks import TRACKING_CATEGORY
from bot.models import Problem
from bot.outcomes import OWNERS, Outcome, Status
from bot.rendering.render import render

REPLACED_KEEP_DAYS = 30


@dataclass(frozen=True)
class ReplacedText:
    """Lines a human wrote inside generated text that a save replaced."""

    page: str
    revid: int | None
    date: str
    lines: tuple[str, ...]
    fix: str = ""            # where such words belong (empty: remembered from an earlier version)


@dataclass(frozen=True)
class NotWritten:
    """One row of "Pages the bot did not edit"."""

    page: str
    output: str
    status: str
    owner: str
    reason: str
    fix: str
    since: str            # the date of the first run that found it so (kept while it stays so)


def since(outcome: Outcome, last: dict | None, today: str) -> str:
    """When this page first ended this way: kept from the last run while the outcome and reason stay."""
    same = last and last.get("status") == outcome.status.value and last.get("reason") == outcome.reason
    return last.get("since") or last.get("date") or today if same else today


def remembered(outcome: Outcome, last: dict | None, today: str) -> dict:
    """What the state keeps of an outcome, for runs that do not run this output."""
    return {"page": outcome.page, "status": outcome.status.value, "owner": outcome.owner,
            "reason": outcome.reason, "fix": outcome.fix, "date": today, "since": since(outcome, last, today)}


def not_written(now_outcomes: list[Outcome], last: dict[str, dict], configured: list[str],
                today: str) -> list[NotWritten]:
    """This run's pages not written, plus those remembered for configured outputs not run now."""
    ran = {o.output for o in now_outcomes}
    rows = [NotWritten(o.page, o.output, o.status.value, o.owner, o.reason, o.fix, since(o, last.get(o.output), today))
            for o in now_outcomes if o.status.not_written]
    for name in configured:
        entry = last.get(name)
        if name in ran or not entry or not Status(entry["status"]).not_written:
            continue
        rows.append(NotWritten(entry["page"], name, entry["status"], entry.get("owner", ""),
                               entry.get("reason", ""), entry.get("fix", ""),
                               entry.get("since") or entry.get("date", "")))
    return sorted(rows, key=lambda r: (r.page, r.output))


def while_disabled(blocked: list[Outcome], last: dict[str, dict]) -> list[Outcome]:
    """A disabled bot's rows of this run. Pages that failed in the runs before say why it stopped: their rows
    (remembered) stay, and the page is as the disabling run wrote it. When none failed (the wiki could not be
    reached), each page is *blocked* (the bot is disabled: reset it); without these rows such a bot said
    "every output page could be written" with every page blocked."""
    if any(entry.get("status") == Status.FAILED.value for entry in last.values()):
        return []
    return [o for o in blocked
            if not (last.get(o.output) and Status(last[o.output]["status"]).not_written)]


def recent_replaced(items: list[dict], now: datetime) -> list[ReplacedText]:
    keep_from = (now - timedelta(days=REPLACED_KEEP_DAYS)).date().isoformat()
    return [ReplacedText(r["page"], r.get("revid"), r["date"], tuple(r["lines"]), r.get("fix", ""))
            for r in items if r.get("date", "") >= keep_from]


def errors_body(problems: list[Problem], rows: list[NotWritten], replaced: list[ReplacedText],
                disabled_after: int = 0, warnings: tuple[str, ...] = (),
                tracking_category: str = TRACKING_CATEGORY) -> str:
    problems = sorted(problems, key=lambda p: (p.page.casefold(), p.field or "", p.message))
    return render("errors.wiki.j2", problems=problems, refused=rows, owners=OWNERS, replaced=replaced,
                  disabled=disabled_after, warnings=warnings, tracking_category=tracking_category)


def errors_summary(problems: list[Problem], rows: list[NotWritten]) -> str:
    return (f"{len(problems)} problem{'' if len(problems) == 1 else 's'}, "
            f"{len(rows)} page{'' if len(rows) == 1 else 's'} not edited")
