"""Withdrawals and emergency takedowns (issue 12) and reviewed exemptions (issue 10) in the reports.

The counting functions return unit id -> count for the period (None while a feature is absent: the
quarter report then shows "—" in its column and says why). This is the one place that connects
those features to the reports.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter
from types import ModuleType
from typing import Any

from generator import exemptions as exemption_model
from generator.reports.common import person, unit_name, unit_of
from generator.reports.gather import Corpus
from generator.reports.period import Period

PENDING_NOTE = "“撤稿”列：撤稿与紧急下线功能尚未上线时以“—”表示。"


def _lifecycle() -> ModuleType | None:
    try:
        return importlib.import_module("generator.lifecycle")
    except ModuleNotFoundError:
        return None


def withdrawals(corpus: Corpus, period: Period) -> dict[str, int] | None:
    """Approved withdrawals and takedowns whose decisive date falls in the period, per unit."""
    lifecycle = _lifecycle()
    if lifecycle is None or not hasattr(lifecycle, "withdrawal_approved"):
        return None
    counts: Counter[str] = Counter()
    for entry in corpus.entries:
        if entry.adopted is None:
            continue
        front = entry.front
        withdrawal = front.get("withdrawal")
        takedown = front.get("takedown")
        day = None
        if isinstance(withdrawal, dict) and lifecycle.withdrawal_approved(front):
            day = withdrawal.get("approved")
        elif isinstance(takedown, dict):
            day = takedown.get("date")
        if isinstance(day, dt.date) and day in period:
            counts[unit_of(entry, corpus) or "?"] += 1
    return dict(counts)


def exemption_rows(corpus: Corpus, period: Period) -> list[list[Any]]:
    """Every reviewed exemption (误报豁免) of the articles adopted in the period: one row each, with the
    article, the rule, the exact text, the reason and the leader and approver whose stamps cover it."""
    rows: list[list[Any]] = []
    for entry in sorted(corpus.entries, key=lambda e: e.path):
        if entry.adopted is None or entry.adopted not in period:
            continue
        found, _problems = exemption_model.read(entry.front.get(exemption_model.FIELD), lambda *_: 0)
        approval = entry.front.get("approval")
        stamps = approval if isinstance(approval, dict) else {}
        for item in found:
            rows.append(
                [
                    entry.path,
                    entry.title,
                    unit_name(corpus, unit_of(entry, corpus)),
                    item.rule,
                    item.text,
                    item.reason,
                    person(corpus, stamps.get("reviewed_by")),
                    person(corpus, stamps.get("approved_by")),
                    entry.adopted.isoformat(),
                ]
            )
    return rows


def exemptions(corpus: Corpus, period: Period) -> dict[str, int]:
    """Reviewed exemptions per unit, of the articles adopted in the period."""
    counts: Counter[str] = Counter()
    for entry in corpus.entries:
        if entry.adopted is not None and entry.adopted in period:
            found, _problems = exemption_model.read(entry.front.get(exemption_model.FIELD), lambda *_: 0)
            if found:
                counts[unit_of(entry, corpus) or "?"] += len(found)
    return dict(counts)
