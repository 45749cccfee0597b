"""What a data column publishes: its rows merged from the approved CSV files, and their views.

Rows come only from published companions (articles with a `data` block) and only when the file's
bytes still match the approved SHA-256; a newer release replaces the rows of an older one with the
same key. Two views exist:

- 出口退税率 (export-refund-rates): a lookup in the reader's browser. The rows, sorted by commodity
  code, are cut into shards of 400 rows (`data/c/NNN.json`, a few KB compressed), and the names'
  two-character grams are indexed into 64 shards (`data/n/HH.json`). A query by code loads the one
  or two row shards its prefix spans (meta.json lists each shard's first code); a query by name loads
  at most three gram shards and the row shards of the first hits.
- 税收统计 (tax-revenue): tables and inline SVG charts rendered at build, each chart with its table.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.datasets import DATASETS, read_table
from generator.errors import SitegenError

GRAM_SHARDS = 64
ROWS_PER_SHARD = 400
DATA_DIR = "data"  # under the column's folder


@dataclass(frozen=True, slots=True)
class Release:
    """One approved data file of a data column."""

    column: str
    date: str
    source: str  # the CSV in the working tree
    sha256: str  # as approved in the companion's front matter
    url: str  # where the CSV is published (the companion's attachment)
    sample: bool


@dataclass
class ColumnData:
    dataset: str
    rows: list[dict[str, str]]
    sample: bool
    updated: str
    downloads: list[str] = field(default_factory=list)


@lru_cache(maxsize=65536)
def gram_shard(gram: str) -> int:
    """The shard of a gram; the same arithmetic runs in lookup.js (over UTF-16 code units)."""
    value = 0
    units = gram.encode("utf-16-le")
    for i in range(0, len(units), 2):
        value = (value * 31 + int.from_bytes(units[i : i + 2], "little")) % GRAM_SHARDS
    return value


def grams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if not text[i : i + 2].isspace()}


def merge(dataset: str, releases: list[Release]) -> ColumnData:
    """Rows of every release, oldest first, so that a newer release wins for the same key."""
    spec = DATASETS[dataset]
    merged: dict[tuple[str, ...], dict[str, str]] = {}
    ordered = sorted(releases, key=lambda r: (r.date, r.url))
    for release in ordered:
        data = Path(release.source).read_bytes()
        if hashlib.sha256(data).hexdigest() != release.sha256:
            raise SitegenError(f"{release.url} 在检查之后被修改了，或与审批登记的 SHA-256 不一致，请重新运行。")
        for row in read_table(data, spec).rows:
            merged[tuple(row[k] for k in spec.unique)] = row
    rows = [merged[k] for k in sorted(merged)]
    return ColumnData(
        dataset,
        rows,
        any(r.sample for r in releases),
        ordered[-1].date if ordered else "",
        [r.url for r in reversed(ordered)],
    )


# ---- 出口退税率: shards for the browser ------------------------------------------------------------


def refund_files(column: str, data: ColumnData) -> dict[str, bytes]:
    """Output path -> bytes of the lookup's shards and its small meta file."""
    files: dict[str, bytes] = {}
    base = f"{column}/{DATA_DIR}"
    postings: list[dict[str, list[int]]] = [{} for _ in range(GRAM_SHARDS)]
    firsts = []
    for start in range(0, len(data.rows), ROWS_PER_SHARD):
        chunk = data.rows[start : start + ROWS_PER_SHARD]
        firsts.append(chunk[0]["code"])
        rows = [[r["code"], r["name"], r["unit"], r["rate"], r["since"]] for r in chunk]
        files[f"{base}/c/{start // ROWS_PER_SHARD:03d}.json"] = _json(rows)
    for row_id, row in enumerate(data.rows):
        for gram in sorted(grams(row["name"])):
            postings[gram_shard(gram)].setdefault(gram, []).append(row_id)
    for shard, table in enumerate(postings):
        files[f"{base}/n/{shard:02x}.json"] = _json(dict(sorted(table.items())))
    meta = {"rows": len(data.rows), "size": ROWS_PER_SHARD, "firsts": firsts, "shards": GRAM_SHARDS}
    files[f"{base}/meta.json"] = _json(meta)
    return files


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def refund_summary(data: ColumnData) -> dict[str, object]:
    rates: dict[str, int] = {}
    for row in data.rows:
        rates[row["rate"]] = rates.get(row["rate"], 0) + 1
    return {
        "rows": len(data.rows),
        "rates": sorted(rates.items(), key=lambda kv: -int(kv[0])),
        "chapters": len({r["code"][:2] for r in data.rows}),
    }


# ---- 税收统计: tables and charts at build ------------------------------------------------------------

TOTAL = "税收收入合计"
CHART_W, CHART_H = 640, 300
PAD_L, PAD_B, PAD_T = 64, 36, 16


def revenue_views(data: ColumnData) -> dict[str, object]:
    """The latest year's monthly totals (columns) and its taxes' year-to-date sums (bars)."""
    if not data.rows:
        return {}
    year = max(r["period"][:4] for r in data.rows)
    rows = [r for r in data.rows if r["period"].startswith(year)]
    months = sorted({r["period"] for r in rows})
    totals = {r["period"]: r for r in rows if r["item"] == TOTAL}
    monthly = []
    for month in months:
        row = totals.get(month)
        amount = float(row["amount"]) if row else sum(float(r["amount"]) for r in rows if r["period"] == month)
        monthly.append((month, amount, row["growth"] if row else ""))
    items: dict[str, float] = {}
    for r in rows:
        if r["item"] != TOTAL:
            items[r["item"]] = items.get(r["item"], 0.0) + float(r["amount"])
    ranked = sorted(items.items(), key=lambda kv: -kv[1])
    whole = sum(items.values()) or 1.0
    last = months[-1][5:].lstrip("0")
    return {
        "year": year,
        "last_month": last,
        "monthly": [
            {"label": f"{int(m[5:])}月", "period": m, "amount": f"{a:.2f}", "growth": g} for m, a, g in monthly
        ],
        "monthly_chart": _columns([(f"{int(m[5:])}月", a) for m, a, _ in monthly]),
        "items": [{"item": k, "amount": f"{v:.2f}", "share": f"{v / whole * 100:.1f}"} for k, v in ranked],
        "items_chart": _bars(ranked),
    }


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    return float(((int(value) // step) + 1) * step)


def _columns(points: list[tuple[str, float]]) -> dict[str, object]:
    """Geometry of a column chart; the template draws it."""
    top = _nice_max(max((v for _, v in points), default=0))
    inner_w, inner_h = CHART_W - PAD_L - 8, CHART_H - PAD_B - PAD_T
    slot = inner_w / max(len(points), 1)
    bars = []
    for i, (label, value) in enumerate(points):
        h = inner_h * value / top
        bars.append(
            {
                "x": round(PAD_L + i * slot + slot * 0.15, 1),
                "y": round(PAD_T + inner_h - h, 1),
                "w": round(slot * 0.7, 1),
                "h": round(h, 1),
                "cx": round(PAD_L + i * slot + slot / 2, 1),
                "label": label,
                "value": f"{value:.0f}",
            }
        )
    ticks = [{"y": round(PAD_T + inner_h - inner_h * k / 4, 1), "label": f"{top * k / 4:.0f}"} for k in range(5)]
    return {"w": CHART_W, "h": CHART_H, "bars": bars, "ticks": ticks, "left": PAD_L, "base": PAD_T + inner_h}


def _bars(items: list[tuple[str, float]]) -> dict[str, object]:
    """Geometry of a horizontal bar chart, one bar per tax."""
    row_h, label_w = 34, 215
    top = _nice_max(max((v for _, v in items), default=0))
    inner_w = CHART_W - label_w - 70
    bars = []
    for i, (label, value) in enumerate(items):
        bars.append(
            {
                "y": i * row_h + 6,
                "w": round(inner_w * value / top, 1),
                "ty": i * row_h + 23,
                "label": label,
                "value": f"{value:.0f}",
            }
        )
    return {"w": CHART_W, "h": max(len(items), 1) * row_h + 8, "bars": bars, "left": label_w, "inner": inner_w}
