"""A report as CSV: one file per section, UTF-8 with a BOM so that Excel shows the Chinese."""

from __future__ import annotations

import csv
import io

from generator.reports.document import Report, Section
from generator.reports.html import show


def files(report: Report) -> dict[str, str]:
    """file name -> text; the first section is `<key>.csv`, the others `<key>-<id>.csv`."""
    out = {}
    for index, section in enumerate(report.sections):
        name = f"{report.key}.csv" if index == 0 else f"{report.key}-{section.id}.csv"
        out[name] = _text(section)
    return out


def _text(section: Section) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(section.headers)
    for row in section.rows:
        writer.writerow(["" if cell is None else _safe(show(cell)) for cell in row])
    return "\ufeff" + buffer.getvalue()


def _safe(text: str) -> str:
    """No spreadsheet formula from a title a liaison wrote (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text) else text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
