"""Lists are newest first, then by URL: the two stable sorts equal the one sort by (negated date, URL)."""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace
from typing import Any

from generator.site.views import newest_first


def test_newest_first_equals_sorting_by_negated_date_then_url() -> None:
    rng = random.Random(13)
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 3000)) for _ in range(40)]
    items: list[Any] = [
        SimpleNamespace(date=rng.choice(days).isoformat(), url=f"c{rng.randrange(9)}/{rng.randrange(10**6)}.html")
        for _ in range(2000)
    ]
    expected = sorted(items, key=lambda a: (tuple(-int(x) for x in a.date.split("-")), a.url))
    assert newest_first(items) == expected
    assert newest_first(reversed(items)) == expected
    assert [a.date for a in expected[:2]] == sorted((a.date for a in items), reverse=True)[:2]  # control
