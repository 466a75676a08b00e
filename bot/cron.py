"""Cron schedules (5 fields, Vixie cron semantics), as pure functions of a time.

``next_due(expr, after)`` gives the first minute strictly after ``after`` that
matches. Day-of-month and day-of-week follow cron's rule: when both are
restricted, a day matches if *either* matches.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31),
           ("month", 1, 12), ("day of week", 0, 7))
_NAMES = {
    3: {n.lower(): i for i, n in enumerate(calendar.month_abbr) if n},
    4: {n.lower(): (i + 1) % 7 for i, n in enumerate(calendar.day_abbr)},
}
_MACROS = {"@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
           "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *",
           "@annually": "0 0 1 1 *"}


class CronError(ValueError):
    pass


@dataclass(frozen=True)
class Cron:
    expr: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]          # 0 = Sunday
    days_restricted: bool
    weekdays_restricted: bool

    def matches(self, when: datetime) -> bool:
        if when.minute not in self.minutes or when.hour not in self.hours or when.month not in self.months:
            return False
        return self._day_matches(when)

    def _day_matches(self, when: datetime) -> bool:
        dom = when.day in self.days
        dow = (when.isoweekday() % 7) in self.weekdays
        if self.days_restricted and self.weekdays_restricted:
            return dom or dow
        return dom and dow


def _value(token: str, index: int) -> int:
    name, low, high = _FIELDS[index]
    token = token.lower()
    if token in _NAMES.get(index, {}):
        return _NAMES[index][token]
    if not token.isdigit():
        raise CronError(f"{name}: {token!r} is not a number")
    value = int(token)
    if not low <= value <= high:
        raise CronError(f"{name}: {value} is outside {low}-{high}")
    return value


def _field(text: str, index: int) -> frozenset[int]:
    name, low, high = _FIELDS[index]
    values: set[int] = set()
    for part in text.split(","):
        if not part:
            raise CronError(f"{name}: empty list item")
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError(f"{name}: bad step {step_text!r}")
            step = int(step_text)
        if part == "*":
            start, end = low, high
        elif "-" in part:
            a, b = part.split("-", 1)
            start, end = _value(a, index), _value(b, index)
            if start > end:
                raise CronError(f"{name}: range {part} runs backwards")
        else:
            start = _value(part, index)
            end = high if step > 1 else start
        values.update(range(start, end + 1, step))
    if index == 4 and 7 in values:
        values.discard(7)
        values.add(0)
    return frozenset(values)


def parse_cron(expr: str) -> Cron:
    text = _MACROS.get(expr.strip().lower(), expr)
    parts = text.split()
    if len(parts) != 5:
        raise CronError(f"expected 5 fields, found {len(parts)}")
    sets = [_field(p, i) for i, p in enumerate(parts)]
    return Cron(expr=expr, minutes=sets[0], hours=sets[1], days=sets[2], months=sets[3],
                weekdays=sets[4], days_restricted=not parts[2].startswith("*"),
                weekdays_restricted=not parts[4].startswith("*"))


# The longest each month can be (February in a leap year).
_MONTH_DAYS = {m: calendar.monthrange(2024, m)[1] for m in range(1, 13)}


def ever_fires(cron: Cron) -> bool:
    """Whether the schedule matches any minute at all (``0 0 31 2 *`` never does).

    Minutes, hours and weekdays are never empty after parsing, and every month has every
    weekday, so only a day-of-month list that no chosen month has can make it silent.
    """
    if cron.weekdays_restricted or not cron.days_restricted:
        return True
    return any(day <= _MONTH_DAYS[month] for month in cron.months for day in cron.days)


def next_due(expr: str | Cron, after: datetime) -> datetime:
    """The first whole minute strictly after ``after`` at which the schedule fires."""
    cron = parse_cron(expr) if isinstance(expr, str) else expr
    when = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    # Skip whole days and hours that cannot match, so a yearly schedule is found fast.
    limit = when + timedelta(days=366 * 5)
    while when < limit:
        if when.month not in cron.months:
            year, month = (when.year + 1, 1) if when.month == 12 else (when.year, when.month + 1)
            when = when.replace(year=year, month=month, day=1, hour=0, minute=0)
            continue
        if not cron._day_matches(when):
            when = (when + timedelta(days=1)).replace(hour=0, minute=0)
            continue
        if when.hour not in cron.hours:
            when = (when + timedelta(hours=1)).replace(minute=0)
            continue
        if when.minute not in cron.minutes:
            when += timedelta(minutes=1)
            continue
        return when
    raise CronError(f"{cron.expr!r} never fires")
