"""DT: the data files of data columns (出口退税率, 税收统计).

A CSV file is published only from a column with `dataset:` in columns.yaml, inside the attachment
folder of an article of that column (its companion) whose `data` block names the file and pins its
SHA-256. The companion carries the approval form, so the unit's liaison submits the data, its leader
reviews it and the publisher approves it like any article; a change to the numbers changes the pin,
which is a change to the article (GH004 then asks for fresh signatures). The file must follow its
dataset's schema (generator/datasets.py), every bad cell reported with its line.
"""

from __future__ import annotations

import hashlib
import posixpath
from typing import Any

from generator import article as article_mod
from generator.article import Parsed
from generator.problems import ERROR
from generator.project import CONTENT
from generator.rules import Sink, rule
from generator.rules.context import Context
from generator.rules.lk import LinkRef, owning_article

DATA_MISPLACED = rule("DT001", ERROR, "非数据栏目的文章写了 data（数据文件）")
CSV_MISPLACED = rule("DT002", ERROR, "CSV 数据文件不在数据栏目（columns.yaml 中有 dataset 的栏目）的文章附件文件夹中")
NOT_DECLARED = rule("DT003", ERROR, "数据文件没有在所属文章的 data.file 中登记")
NOT_APPROVED = rule("DT004", ERROR, "数据文件的内容与所属文章登记（并经审批）的 SHA-256 不一致")
UNREADABLE = rule("DT005", ERROR, "数据文件不是 UTF-8 文本 CSV、无法解析或超过大小上限")
BAD_HEADER = rule("DT006", ERROR, "数据文件的表头与数据集格式不符")
BAD_CELL = rule("DT007", ERROR, "数据文件中的值不符合该列的格式")
DUPLICATE_ROW = rule("DT008", ERROR, "数据文件中同一编码（或统计期与项目）出现了两次")

_BY_KIND = {"encoding": UNREADABLE, "header": BAD_HEADER, "value": BAD_CELL, "duplicate": DUPLICATE_ROW}


def check(parsed: Parsed, ctx: Context, sink: Sink) -> None:
    """The companion's side: a `data` block only in a data column."""
    if ctx.columns is None or "data" not in parsed.fields:
        return
    column = ctx.columns.get(parsed.column)
    if column is not None and column.dataset is None:
        sink.add(
            DATA_MISPLACED,
            parsed.line("data"),
            f"栏目“{column.title}”不是数据栏目，请删除 data 部分；数据文件只能发布在 columns.yaml 中写有 dataset 的栏目。",
        )


def data_link(parsed: Parsed) -> list[LinkRef]:
    """The declared data file, verified against the tree like a link (LK001 when it is missing)."""
    data = parsed.fields.get("data")
    if not isinstance(data, dict) or "file" not in data:
        return []
    target = posixpath.join(parsed.rel_path[:-3], data["file"])
    return [LinkRef(parsed.line("data", "file"), data["file"], target)]


def check_data_file(rel: str, ctx: Context, sink: Sink) -> None:
    """The CSV's side: where it is, that its article declares and pins it, and every row."""
    # Imported here: every article passes through `check` and `data_link`, which need no schema.
    from generator.datasets import DATASETS, MAX_DATA_BYTES, read_table

    companion = owning_article(rel, ctx)
    column = ctx.columns.get(posixpath.dirname(companion)[len(CONTENT) + 1 :]) if companion and ctx.columns else None
    if companion is None or column is None or column.dataset not in DATASETS:
        where = f"栏目“{column.title}”不是数据栏目" if column is not None else "它不属于任何栏目中的文章"
        sink.add(
            CSV_MISPLACED,
            1,
            f"CSV 数据文件只能放在数据栏目（出口退税率、税收统计等）文章的附件文件夹中，而{where}。请移到相应数据栏目，或改为 PDF/Excel 附件。",
        )
        return
    size = ctx.tree.size(rel)
    if size > MAX_DATA_BYTES:
        sink.add(
            UNREADABLE,
            1,
            f"数据文件有 {size / 1048576:.1f} MiB，超过 {MAX_DATA_BYTES // 1048576} MiB 上限；请拆分为多个文件。",
        )
        return
    data = ctx.tree.read(rel) or b""
    _approved(rel, companion, data, ctx, sink)
    table = read_table(data, DATASETS[column.dataset])
    for bad in table.problems:
        sink.add(_BY_KIND[bad.kind], bad.line, bad.message)


def _approved(rel: str, companion: str, data: bytes, ctx: Context, sink: Sink) -> None:
    name = posixpath.basename(rel)
    declared = _declared(companion, ctx)
    if declared is None or declared.get("file") != name or posixpath.dirname(rel) != companion[:-3]:
        sink.add(
            NOT_DECLARED,
            1,
            f"数据文件 {name} 没有在 {companion} 的 data.file 中登记；数据须随文章一起报送审批：请在该文章的审批单中写 data: 与 file: {name}，以及 sha256。",
        )
        return
    actual = hashlib.sha256(data).hexdigest()
    if declared.get("sha256") != actual:
        sink.add(
            NOT_APPROVED,
            1,
            f"数据文件的内容与 {companion} 中 data.sha256 登记的不一致（现在的 SHA-256 是 {actual}）。"
            "数据改动须重新报送审批：把 data.sha256 改为上面的值，再由本单位领导审核、审批人审批。",
        )


def _declared(companion: str, ctx: Context) -> dict[str, Any] | None:
    raw = ctx.tree.read(companion)
    if raw is None:
        return None
    parsed = article_mod.parse(companion, raw, Sink(companion))  # its own problems are reported when it is checked
    data = parsed.fields.get("data")
    return data if isinstance(data, dict) else None
