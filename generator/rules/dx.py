"""DX: 政府信息公开 metadata and consultation timing (政府信息公开条例 第二十六条)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator.article import Parsed
from generator.problems import ERROR, WARNING
from generator.rules import Sink, rule
from generator.rules.context import Context

DUPLICATE_INDEX = rule("DX001", ERROR, "索引号与其他文章重复")
BAD_BRACKETS = rule("DX002", WARNING, "文号的年份括号应为六角括号〔〕")
WRITTEN_AFTER_DATE = rule("DX003", ERROR, "成文日期晚于发布日期")
BAD_VALIDITY = rule("DX004", ERROR, "有效性不是 有效、部分失效、失效、废止 之一")
LATE_DISCLOSURE = rule("DX005", WARNING, "自成文之日起超过 20 个工作日才公开（政府信息公开条例第二十六条）")
SHORT_CONSULTATION = rule("DX006", WARNING, "征求意见期少于 30 日")
CONSULTATION_ORDER = rule("DX007", ERROR, "征求意见截止日期早于开始日期")

VALIDITIES = ("有效", "部分失效", "失效", "废止")
_WRONG_BRACKETS = re.compile(r"[\[【(（]\s*\d{4}\s*[\]】)）]")


def check(parsed: Parsed, ctx: Context, sink: Sink) -> None:
    publish = parsed.fields.get("date")
    disclosure = parsed.fields.get("disclosure")
    if isinstance(disclosure, dict):
        _disclosure(parsed, disclosure, publish, sink)
    consultation = parsed.fields.get("consultation")
    if isinstance(consultation, dict):
        _consultation(parsed, consultation, sink)


def _disclosure(parsed: Parsed, block: dict[str, Any], publish: dt.date | None, sink: Sink) -> None:
    def line(key: str) -> int:
        return parsed.line("disclosure", key)

    doc_no = block.get("doc_no")
    if doc_no and _WRONG_BRACKETS.search(doc_no):
        fixed = _WRONG_BRACKETS.sub(lambda m: "〔" + re.sub(r"\D", "", m.group(0)) + "〕", doc_no)
        sink.add(BAD_BRACKETS, line("doc_no"), f"文号 {doc_no} 的年份应使用六角括号〔〕，请改为 {fixed}。")
    validity = block.get("validity")
    if validity is not None and validity not in VALIDITIES:
        sink.add(BAD_VALIDITY, line("validity"), f"有效性 {validity} 无效，只能填写 {'、'.join(VALIDITIES)} 之一。")
    written = block.get("written")
    if written and publish:
        if written > publish:
            sink.add(
                WRITTEN_AFTER_DATE,
                line("written"),
                f"成文日期 {written} 晚于发布日期 {publish}；请核对成文日期或推迟发布。",
            )
        else:
            from generator import workdays  # here: only a disclosure with its date written needs the holidays

            late = workdays.workdays_after(written, publish)
            if late > 20:
                sink.add(
                    LATE_DISCLOSURE,
                    parsed.line("date"),
                    f"成文日期 {written} 到发布日期 {publish} 相隔 {late} 个工作日，超过 20 个工作日的公开时限（政府信息公开条例第二十六条）；请尽快公开，并核对日期。",
                )


def _consultation(parsed: Parsed, block: dict[str, Any], sink: Sink) -> None:
    opens, closes = block.get("opens"), block.get("closes")
    if not (opens and closes):
        return
    if closes < opens:
        sink.add(
            CONSULTATION_ORDER,
            parsed.line("consultation", "closes"),
            f"截止日期 {closes} 早于开始日期 {opens}，请更正。",
        )
    elif (closes - opens).days < 30:
        sink.add(
            SHORT_CONSULTATION,
            parsed.line("consultation", "closes"),
            f"征求意见期只有 {(closes - opens).days} 日，一般不少于 30 日；如确需缩短，请在正文中说明理由。",
        )


def check_unique(owners: dict[str, list[tuple[str, int]]], sinks: dict[str, Sink]) -> None:
    """`owners`: index number -> [(article path, line)], already including other articles."""
    for number, places in owners.items():
        if len(places) < 2:
            continue
        for path, line in places:
            if path in sinks:
                others = "、".join(p for p, _ in places if p != path)
                sinks[path].add(
                    DUPLICATE_INDEX, line, f"索引号 {number} 已被 {others} 使用；索引号必须全站唯一，请改用新的编号。"
                )
