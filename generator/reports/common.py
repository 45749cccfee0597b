"""Small shared readings of the corpus: whose an article is, how long it took."""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from generator import workdays
from generator.reports.gather import Corpus, Entry


def unit_of(entry: Entry, corpus: Corpus) -> str | None:
    """The 报送单位: the form's unit, or the column's owner when the form names no known unit."""
    if entry.unit in corpus.departments.units:
        return entry.unit
    column = corpus.columns.get(entry.column)
    return column.owner if column else None


def person(corpus: Corpus, person_id: str | None) -> str:
    """A name the office recognises (never an e-mail address)."""
    if not person_id:
        return "（未填写）"
    found = corpus.departments.people.get(person_id)
    return f"{found.name}（{person_id}）" if found else f"{person_id}（未登记）"


def unit_name(corpus: Corpus, unit_id: str | None) -> str:
    if unit_id is None:
        return "（无法确定单位）"
    unit = corpus.departments.units.get(unit_id)
    return unit.name if unit else unit_id


def lead_time(entry: Entry) -> int | None:
    """Working days from submission to publication (Chinese calendar, 调休 included)."""
    if entry.submitted is None or entry.published is None:
        return None
    return workdays.workdays_after(entry.submitted, entry.published)


def median(values: Iterable[int | None]) -> float | None:
    present = [v for v in values if v is not None]
    return float(statistics.median(present)) if present else None
