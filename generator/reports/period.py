"""Quarters and years as the office names them: `2026Q3`, `2026`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.errors import SitegenError

_QUARTER = re.compile(r"(\d{4})\s*[Qq]\s*(\d+)")
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Period:
    label: str  # 2026年第三季度 / 2026年
    key: str  # 2026Q3 / 2026: file names
    start: dt.date
    end: dt.date  # inclusive

    def __contains__(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


_NUMERALS = "一二三四"


def quarter(text: str, today: dt.date) -> Period:
    match = _QUARTER.fullmatch(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 4:
        raise SitegenError(f"季度写法不对：{text!r}。请写成“年份Q季度”，季度为 1 到 4，例如 2026Q3。")
    year, number = int(match.group(1)), int(match.group(2))
    start = dt.date(year, 3 * number - 2, 1)
    end = (dt.date(year + (number == 4), (3 * number) % 12 + 1, 1)) - dt.timedelta(days=1)
    if start > today:
        raise SitegenError(f"{text} 尚未开始（今天是 {today}），无法统计未来的季度。")
    return Period(f"{year}年第{_NUMERALS[number - 1]}季度", f"{year}Q{number}", start, end)


def year(text: str, today: dt.date) -> Period:
    if not _YEAR.fullmatch(text.strip()):
        raise SitegenError(f"年份写法不对：{text!r}。请写四位年份，例如 2026。")
    value = int(text)
    if value > today.year:
        raise SitegenError(f"{value} 年尚未开始（今天是 {today}），无法评选未来的年度。")
    return Period(f"{value}年", str(value), dt.date(value, 1, 1), dt.date(value, 12, 31))
