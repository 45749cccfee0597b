"""CO: column ownership (第四、五条) and the blocks a column's kind requires."""

from __future__ import annotations

from typing import Any

from generator.article import Parsed
from generator.form import COLUMN_KINDS
from generator.maps import Columns
from generator.problems import ERROR
from generator.project import COLUMN_PAGE_SLUG
from generator.rules import Rule, Sink, rule
from generator.rules.context import Context

NOT_A_COLUMN = rule("CO001", ERROR, "文章所在文件夹不是 columns.yaml 中的栏目")
NOT_OWNER = rule("CO002", ERROR, "报送单位（unit）不是该栏目的维护单位")
UNKNOWN_UNIT = rule("CO003", ERROR, "报送单位（unit）不在 departments.yaml 中")
DISCLOSURE_MISSING = rule("CO004", ERROR, "政府信息公开栏目的文章缺少 disclosure")
DISCLOSURE_MISPLACED = rule("CO005", ERROR, "非政府信息公开栏目的文章写了 disclosure")
CONSULTATION_MISSING = rule("CO006", ERROR, "征求意见栏目的文章缺少 consultation")
CONSULTATION_MISPLACED = rule("CO007", ERROR, "非征求意见栏目的文章写了 consultation")
RESERVED_SLUG = rule("CO008", ERROR, "文件名与栏目首页或子栏目重名，页面或附件文件夹会冲突")
# For each block of the form (form.COLUMN_KINDS): missing where required, present where not allowed.
_BLOCK_RULES = {
    "disclosure": (DISCLOSURE_MISSING, DISCLOSURE_MISPLACED),
    "consultation": (CONSULTATION_MISSING, CONSULTATION_MISPLACED),
}


def check(parsed: Parsed, ctx: Context, sink: Sink) -> None:
    if ctx.columns is None:
        return
    column = ctx.columns.get(parsed.column)
    if column is None:
        sink.add(NOT_A_COLUMN, 1, _where_message(parsed.column, list(ctx.columns.by_path)))
        return
    _slug_is_free(parsed, column.path, ctx.columns, sink)
    unit = parsed.fields.get("unit")
    if unit and ctx.departments is not None:
        if unit not in ctx.departments.units:
            sink.add(
                UNKNOWN_UNIT,
                parsed.line("unit"),
                f"unit 的值 {unit} 不是已登记的单位；本栏目由 {ctx.departments.unit_label(column.owner)} 维护，应填写 {column.owner}。",
            )
        elif unit != column.owner:
            sink.add(
                NOT_OWNER,
                parsed.line("unit"),
                f"栏目“{column.title}”（{column.path}）由 {ctx.departments.unit_label(column.owner)} 维护，{ctx.departments.unit_label(unit)} 不能在此发布；请把 unit 改为 {column.owner}，或把文章移到本单位的栏目。",
            )
    if parsed.doc is None or not isinstance(parsed.doc.value, dict):
        return
    present = parsed.doc.value
    for kind, block in COLUMN_KINDS.items():
        if block is not None:
            missing, misplaced = _BLOCK_RULES[block.key]
            _block(
                parsed, sink, block.key, column.kind == kind, present, column.title, missing, misplaced, block.contents
            )


def _slug_is_free(parsed: Parsed, column: str, columns: Columns, sink: Sink) -> None:
    if parsed.slug == COLUMN_PAGE_SLUG:
        sink.add(RESERVED_SLUG, 1, f"文件名 {COLUMN_PAGE_SLUG}.md 留给栏目首页使用，请给文章换一个文件名。")
    elif f"{column}/{parsed.slug}" in columns:
        sink.add(
            RESERVED_SLUG,
            1,
            f"文件名 {parsed.slug}.md 与子栏目 {column}/{parsed.slug} 重名，文章的附件文件夹会与栏目文件夹冲突；请换一个文件名。",
        )


def _block(
    parsed: Parsed,
    sink: Sink,
    key: str,
    wanted: bool,
    present: dict[str, Any],
    title: str,
    missing: Rule,
    misplaced: Rule,
    contents: str,
) -> None:
    if wanted and present.get(key) is None:  # `disclosure:` left empty is as good as missing
        sink.add(missing, parsed.line(), f"栏目“{title}”的文章必须填写 {key}（{contents}）。")
    elif not wanted and key in present:
        sink.add(misplaced, parsed.line(key), f"栏目“{title}”不是该类栏目，请删除 {key} 部分，或把文章移到相应栏目。")


def _where_message(folder: str, known: list[str]) -> str:
    if not folder:
        return "文章必须放在栏目文件夹中（content/<栏目路径>/），不能直接放在 content/ 下。"
    import difflib  # here: only a misplaced article needs the suggestion

    close = difflib.get_close_matches(folder, known, n=1, cutoff=0.6)
    advice = (
        f"是不是想放在 content/{close[0]}/？"
        if close
        else "请放到 columns.yaml 中已有栏目的文件夹，或请办公厅先在 columns.yaml 中增设栏目。"
    )
    return f"content/{folder}/ 不是 columns.yaml 中的栏目。{advice}"
