"""Data columns: the CSV schemas they follow, declared once, and a reader that reports every bad cell.

A column with `dataset: <name>` in columns.yaml publishes CSV files. Each file sits in the
attachment folder of an ordinary article of that column (its companion), whose front matter
carries the approval form and a `data` block naming the file and pinning its SHA-256: changing
the data means changing the article, so the approval chain and the history rules (GH004) apply
to the numbers exactly as to the words.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

MAX_DATA_BYTES = 8 * 1024 * 1024  # ~100,000 rows of refund rates
MAX_ROWS = 200_000


@dataclass(frozen=True, slots=True)
class DataField:
    header: str  # the CSV header, as the unit's staff write it
    key: str  # the name used in the built site's data
    kind: str  # code10 | text | percent | date | month | amount | signed
    required: bool = True


@dataclass(frozen=True, slots=True)
class Dataset:
    name: str
    title: str
    fields: tuple[DataField, ...]
    unique: tuple[str, ...]  # keys of the fields that identify a row

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(f.header for f in self.fields)


REFUND_RATES = Dataset(
    "export-refund-rates",
    "出口退税率",
    (
        DataField("商品编码", "code", "code10"),
        DataField("商品名称", "name", "text"),
        DataField("计量单位", "unit", "text", required=False),
        DataField("退税率", "rate", "percent"),
        DataField("执行起始日期", "since", "date"),
    ),
    ("code",),
)
TAX_REVENUE = Dataset(
    "tax-revenue",
    "税收收入统计",
    (
        DataField("统计期", "period", "month"),
        DataField("项目", "item", "text"),
        DataField("收入（亿元）", "amount", "amount"),
        DataField("同比增长（%）", "growth", "signed", required=False),
    ),
    ("period", "item"),
)
DATASETS = {d.name: d for d in (REFUND_RATES, TAX_REVENUE)}
DATASET_NAMES = tuple(DATASETS)

_KIND_HINTS = {
    "code10": "10 位数字的商品编码，例如 0101210010",
    "text": "不超过 200 字的文字",
    "percent": "0 到 17 之间的整数百分比（不写 %），例如 13",
    "date": "YYYY-MM-DD 格式的日期，例如 2026-01-01",
    "month": "YYYY-MM 格式的统计月份，例如 2026-10",
    "amount": "不小于 0、最多两位小数的数字，例如 1523.47",
    "signed": "最多一位小数的百分数（可为负，不写 %），例如 -3.2",
}


def _date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) is not None


_CODE10 = re.compile(r"[0-9]{10}").fullmatch
_PERCENT = re.compile(r"[0-9]{1,2}").fullmatch
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])").fullmatch
_AMOUNT = re.compile(r"[0-9]{1,9}(\.[0-9]{1,2})?").fullmatch
_SIGNED = re.compile(r"-?[0-9]{1,4}(\.[0-9])?").fullmatch
_CONTROL = re.compile(r"[\x00-\x1f\x7f]").search
_DATES: dict[str, bool] = {}  # a few distinct dates repeat over thousands of rows


def _date_cached(value: str) -> bool:
    known = _DATES.get(value)
    if known is None:
        known = _date(value)
        if len(_DATES) < 4096:
            _DATES[value] = known
    return known


_VALID: dict[str, Callable[[str], bool]] = {
    "code10": lambda v: _CODE10(v) is not None,
    "text": lambda v: 0 < len(v) <= 200 and _CONTROL(v) is None,
    "percent": lambda v: _PERCENT(v) is not None and int(v) <= 17,
    "date": _date_cached,
    "month": lambda v: _MONTH(v) is not None,
    "amount": lambda v: _AMOUNT(v) is not None,
    "signed": lambda v: _SIGNED(v) is not None,
}


@dataclass(frozen=True, slots=True)
class BadCell:
    line: int
    message: str
    kind: str  # header | value | duplicate | encoding


@dataclass
class Table:
    rows: list[dict[str, str]]
    problems: list[BadCell]


def read_table(data: bytes, dataset: Dataset) -> Table:
    """Every row that fits the schema, and one problem per bad header, cell or duplicate."""
    problems: list[BadCell] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Table(
            [], [BadCell(line, "数据文件不是 UTF-8 编码；请在 Excel 中“另存为 CSV UTF-8（逗号分隔）”。", "encoding")]
        )
    if "\0" in text:
        return Table(
            [], [BadCell(text[: text.index("\0")].count("\n") + 1, "数据文件含有空字符，不是文本 CSV。", "encoding")]
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return Table([], [BadCell(1, f"表头无法按 CSV 读取（{exc}）。", "encoding")])
    expected = list(dataset.headers)
    if header is None or [h.strip() for h in header] != expected:
        got = "，".join(h.strip() for h in header) if header else "（空文件）"
        message = f"表头应为“{'，'.join(expected)}”（{dataset.title}数据格式，次序一致），现在是“{got}”。"
        return Table([], [BadCell(1, message, "header")])
    rows: list[dict[str, str]] = []
    seen: dict[tuple[str, ...], int] = {}
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(BadCell(reader.line_num, f"此行无法按 CSV 读取（{exc}），请检查引号是否成对。", "encoding"))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(rows) >= MAX_ROWS:
            problems.append(BadCell(line, f"数据超过 {MAX_ROWS} 行，请拆分为多个文件。", "value"))
            break
        row = _row(record, dataset, line, problems)
        if row is None:
            continue
        key = tuple(row[k] for k in dataset.unique)
        if key in seen:
            problems.append(
                BadCell(
                    line,
                    f"与第 {seen[key]} 行重复（{'、'.join(key)}）；同一{_unique_label(dataset)}只能出现一次。",
                    "duplicate",
                )
            )
            continue
        seen[key] = line
        rows.append(row)
    return Table(rows, problems)


def _unique_label(dataset: Dataset) -> str:
    return "与".join(f.header for f in dataset.fields if f.key in dataset.unique)


def _row(record: list[str], dataset: Dataset, line: int, problems: list[BadCell]) -> dict[str, str] | None:
    if len(record) != len(dataset.fields):
        problems.append(
            BadCell(
                line,
                f"此行有 {len(record)} 列，应为 {len(dataset.fields)} 列（{'，'.join(dataset.headers)}）。",
                "value",
            )
        )
        return None
    row: dict[str, str] = {}
    ok = True
    for spec, raw in zip(dataset.fields, record, strict=True):
        value = raw.strip()
        if not value and not spec.required:
            row[spec.key] = ""
            continue
        if not _VALID[spec.kind](value):
            shown = value[:40] or "（空）"
            problems.append(
                BadCell(line, f"“{spec.header}”列的值 {shown} 不合规，应为{_KIND_HINTS[spec.kind]}。", "value")
            )
            ok = False
            continue
        row[spec.key] = value
    return row if ok else None
