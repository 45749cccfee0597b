"""Withdrawals and emergency takedowns (issue 12) and reviewed exemptions (issue 10), once they exist.

Each function returns unit id -> count for the period, or None while the feature has not landed:
the quarter report then shows "—" in its column and says why. This is the one place that
connects those features to the reports.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter
from types import ModuleType

from generator.reports.common import unit_of
from generator.reports.gather import Corpus
from generator.reports.period import Period

PENDING_NOTE = "“撤稿”“豁免”两列：相应功能（撤稿与紧急下线、豁免审核）尚未上线的，以“—”表示。"


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


def exemptions(corpus: Corpus, period: Period) -> dict[str, int] | None:
    return None  # issue 10 has not exposed its reviewed exemptions yet
