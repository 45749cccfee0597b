"""A report as plain values: sections, each a table and optionally the chart drawn from it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

Cell = str | int | float | None
DETAIL_ROWS = 1000  # rows of a detail list on the printable page; the CSV keeps every row


@dataclass(frozen=True)
class Chart:
    """Horizontal bars: one group per label, one bar per series (the table below holds the same figures)."""

    title: str
    labels: list[str]
    series: list[tuple[str, list[float]]]
    unit: str  # 篇, 个工作日, 元 …


@dataclass(frozen=True)
class Section:
    id: str  # a file-name-safe id: the CSV file of this section
    heading: str
    headers: list[str]
    rows: Sequence[Sequence[Cell]]
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)
    empty: str = "无。"  # what the page says when there are no rows
    html_rows: int | None = None  # a long detail list: the page shows this many, the CSV has them all


@dataclass(frozen=True)
class Report:
    key: str  # file stem: quarter-2026Q3, liaisons-2026-11-29 …
    title: str
    basis: list[str]  # how the figures were counted (统计口径), shown under the title
    summary: list[tuple[str, str]]  # key figure name -> value
    sections: list[Section]
    notes: list[str] = field(default_factory=list)  # what could not be counted where it belongs


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
