"""Cron computation as a pure function of the time."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.cron import CronError, ever_fires, next_due, parse_cron


def at(text):
    return datetime.fromisoformat(text)


CASES = [
    ("*/15 * * * *", "2026-11-25T10:07", "2026-11-25T10:15"),
    ("*/15 * * * *", "2026-11-25T10:45", "2026-11-25T11:00"),
    ("0 */6 * * *", "2026-11-25T13:00", "2026-11-25T18:00"),
    ("30 2 * * 1-5", "2026-11-27T03:00", "2026-11-30T02:30"),   # Friday after 02:30 -> Monday
    ("0 0 1 * *", "2026-01-31T12:00", "2026-02-01T00:00"),      # month boundary
    ("0 0 31 * *", "2026-02-01T00:00", "2026-03-31T00:00"),     # skips short months
    ("0 12 29 2 *", "2026-03-01T00:00", "2028-02-29T12:00"),    # leap day
    ("5,35 9,17 * * *", "2026-11-25T09:06", "2026-11-25T09:35"),
    ("0 9 * * sun", "2026-11-25T00:00", "2026-11-29T09:00"),
    ("0 9 * * 7", "2026-11-25T00:00", "2026-11-29T09:00"),      # 7 is Sunday too
    ("0 0 1 * 1", "2026-11-25T00:00", "2026-11-30T00:00"),      # dom OR dow when both given
    ("59 23 31 12 *", "2026-12-31T23:59", "2027-12-31T23:59"),  # strictly after
    ("@daily", "2026-11-25T00:00", "2026-11-26T00:00"),
    ("0 0 * jan,jul *", "2026-11-25T00:00", "2027-01-01T00:00"),
    ("10-20/5 * * * *", "2026-11-25T10:16", "2026-11-25T10:20"),
]


@pytest.mark.parametrize("expr,now,expected", CASES)
def test_next_due(expr, now, expected):
    assert next_due(expr, at(now)) == at(expected)


@pytest.mark.parametrize("expr", ["", "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *",
                                  "5-1 * * * *", "*/0 * * * *", "a * * * *", "0 0 30 2 *"])
def test_invalid(expr):
    with pytest.raises(CronError):
        next_due(parse_cron(expr), at("2026-01-01T00:00"))


@pytest.mark.parametrize("expr,fires", [("0 0 31 2 *", False), ("0 0 30 2 *", False), ("0 0 31 4,6,9,11 *", False),
                                        ("0 0 29 2 *", True), ("0 0 31 2,3 *", True), ("0 0 31 2 1", True),
                                        ("*/5 * * * *", True), ("0 0 31 * *", True)])
def test_ever_fires(expr, fires):
    assert ever_fires(parse_cron(expr)) is fires
