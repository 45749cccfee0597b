"""Chinese working days: official holidays and 调休 make-up days (chinesecalendar).

chinesecalendar covers the years the State Council has announced; for a later
year we fall back to Monday–Friday, the only honest guess before the notice.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar

# chinesecalendar's own is_workday() finds the covered years by scanning every holiday on each
# call; the same answer from its two tables directly (a year outside them: Monday–Friday).
_HOLIDAYS = chinese_calendar.holidays
_WORKDAYS = chinese_calendar.workdays
_FIRST_YEAR = min(_HOLIDAYS).year
_LAST_YEAR = max(_HOLIDAYS).year


@lru_cache(maxsize=4096)
def is_workday(day: dt.date) -> bool:
    if isinstance(day, dt.datetime):
        day = day.date()
    if not _FIRST_YEAR <= day.year <= _LAST_YEAR:
        return day.weekday() < 5
    return day in _WORKDAYS or (day.weekday() <= 4 and day not in _HOLIDAYS)


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
