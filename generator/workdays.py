"""Chinese working days: official holidays and 调休 make-up days (chinesecalendar).

chinesecalendar covers the years the State Council has announced; for a later
year we fall back to Monday–Friday, the only honest guess before the notice.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar


@lru_cache(maxsize=4096)
def is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def workdays_after(start: dt.date, end: dt.date) -> int:
    """Working days d with start < d <= end (0 when end <= start).

    From per-year running totals, so that reports over thousands of articles stay fast.
    """
    if end <= start:
        return 0
    if start.year == end.year:
        return _through(end) - _through(start)
    total = _year(start.year)[-1] - _through(start)
    for year in range(start.year + 1, end.year):
        total += _year(year)[-1]
    return total + _through(end)


def _through(day: dt.date) -> int:
    """Working days from 1 January of its year up to and including `day`."""
    return _year(day.year)[day.timetuple().tm_yday - 1]


@lru_cache(maxsize=64)
def _year(year: int) -> tuple[int, ...]:
    running, totals = 0, []
    day = dt.date(year, 1, 1)
    while day.year == year:
        running += is_workday(day)
        totals.append(running)
        day += dt.timedelta(days=1)
    return tuple(totals)


def add_workdays(start: dt.date, count: int) -> dt.date:
    """The day on which `count` working days after `start` have passed (start itself not counted)."""
    day = start
    while count > 0:
        day += dt.timedelta(days=1)
        count -= is_workday(day)
    return day
