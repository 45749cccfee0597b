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
    """Working days d with start < d <= end (0 when end <= start)."""
    total = 0
    day = start + dt.timedelta(days=1)
    while day <= end:
        total += is_workday(day)
        day += dt.timedelta(days=1)
    return total
