"""AP: the approval chain of 第八条 — liaison submits, unit leader reviews, office or supervisor approves."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

from generator.problems import ERROR, INFO, Severity
from generator.project import EXAMPLE_HEADING, EXAMPLE_TITLE, PLACEHOLDER_BODY, fold
from generator.project import PLACEHOLDER_TEXT as PLACEHOLDER_TEXT
from generator.rules import Sink, rule
from generator.rules.context import Context

if TYPE_CHECKING:  # the article reader is not needed by `sitegen status`, which asks body_placeholder only
    from generator.article import Parsed

NOT_LIAISON = rule("AP001", ERROR, "报送人不是该单位在报送日期登记的网站联络员")
NOT_LEADER = rule("AP002", ERROR, "审核人不是该单位的领导")
NOT_APPROVER = rule("AP003", ERROR, "审批人既不是办公厅发布人，也不是该单位的主管局领导")
DATES_OUT_OF_ORDER = rule("AP004", ERROR, "日期顺序不对：应为 报送 ≤ 审核 ≤ 审批，且审批 ≤ 发布日期")
FUTURE_STAMP = rule("AP005", ERROR, "签署日期晚于今天")
SAME_PERSON = rule("AP006", ERROR, "同一人签署了两个环节")
NOT_PUBLIC = rule("AP007", ERROR, "保密审查结论不是“公开”（第十八条）")
STAGE_MISSING = rule("AP008", INFO, "审批尚未完成（分支上为提示；--release 和构建时为错误）")
STAGE_BROKEN = rule("AP009", ERROR, "环节只填了一半（有人无日期或有日期无人），或跳过了前一环节")
PLACEHOLDER = rule(
    "AP010",
    INFO,
    "正文为空，或仍是 sitegen new 写入的占位文字、示例小标题或示例标题（分支上为提示；--release 和构建时为错误）",
)

# The template's sentences (at least five characters: short ones would match real text).
_SENTENCES = tuple(
    folded
    for part in re.split(r"[。；\n]", PLACEHOLDER_BODY)
    if len(folded := fold(part)) >= 5 and part.strip()[:1] != "#"
)
_HEADING = fold(EXAMPLE_HEADING)
_HEADING_FIND = "标"  # one of the heading's characters, which a line folding to it holds (body_placeholder)
# project.fold only removes characters (textfold.fold, which also rewrites them, would make this unsound):
# a text whose fold holds a sentence holds each of its characters.
# Testing that first (str.__contains__, a C search) spares almost every real body the fold.
_NEEDED = tuple(frozenset(sentence) for sentence in _SENTENCES)
_WORD_CHAR = re.compile(r"[^\W_]")  # what fold() keeps

STAGES = (
    ("submitted_by", "submitted", "报送"),
    ("reviewed_by", "reviewed", "本单位领导审核"),
    ("approved_by", "approved", "审批"),
)


def check(parsed: Parsed, ctx: Context, sink: Sink) -> None:
    form = parsed.fields.get("approval")
    if not isinstance(form, dict):
        return

    def line(key: str) -> int:
        return parsed.line("approval", key)

    secrecy = form.get("secrecy")
    if secrecy is not None and secrecy != "公开":
        sink.add(
            NOT_PUBLIC,
            line("secrecy"),
            f"保密审查结论为“{secrecy}”：只有经审查可以“公开”的信息才能上网（第十八条）。不宜公开的内容不得提交到本仓库。",
        )
    _placeholder(parsed, ctx, sink)
    filled = _stages(parsed, form, ctx, sink)
    _order(parsed, form, filled, ctx, sink)
    _people(parsed, form, ctx, sink)


def placeholder_line(parsed: Parsed) -> int | None:
    """The file line of what `sitegen new` wrote and is still there (or of an empty body), if any."""
    found = placeholder(parsed)
    return None if found is None else found[0]


def placeholder(parsed: Parsed) -> tuple[int, str] | None:
    """(file line, what to change in Chinese) when the body or title is still `sitegen new`'s, or empty."""
    found = body_placeholder(parsed.body or "")
    if found is not None:
        offset, message = found
        return (max(parsed.body_line - 1, 1) if offset < 0 else parsed.body_line + offset), message
    title = parsed.fields.get("title")
    if isinstance(title, str) and fold(title) == fold(EXAMPLE_TITLE):
        return parsed.line("title"), f"标题还是示例“{EXAMPLE_TITLE}”：请写出实际的标题。"
    return None


def body_placeholder(body: str) -> tuple[int, str] | None:
    """(line offset in the body, -1 when empty; what to change) when `body` is empty or holds the template."""
    if _WORD_CHAR.search(body) is None:  # fold(body) == ""
        return -1, "正文是空的（或只有空白和标点）：请撰写正文，再请领导审核、审批。"
    if any(all(ch in body for ch in needed) for needed in _NEEDED):  # else no sentence can be in fold(body)
        folded = fold(body)
        for sentence in _SENTENCES:
            at = folded.find(sentence)
            if at >= 0:
                message = (
                    f"正文中还留着 sitegen new 写入的占位文字（“{PLACEHOLDER_TEXT}”等，增删空格或标点也一样）："
                    f"请用实际正文替换它，并删除或改写示例小标题“{EXAMPLE_HEADING}”，再请领导审核、审批。"
                )
                return _line_of_folded(body, at), message
    # The heading's three characters are in most bodies (小微, 标准, 问题): only a line holding all three is folded,
    # and only the lines holding one of them (the one found least in the benchmark corpus's articles: 标 3,700 times
    # in 3,000, 小 15,000, 题 19,000) are looked at, found by str.find: splitting every body into lines cost ≈ 20 µs.
    if all(ch in body for ch in _HEADING):
        at = body.find(_HEADING_FIND)
        while at >= 0:
            start = body.rfind("\n", 0, at) + 1
            end = body.find("\n", at)
            text = body[start:] if end < 0 else body[start:end]
            if all(ch in text for ch in _HEADING) and fold(text) == _HEADING:
                return (
                    body.count("\n", 0, start),
                    f"正文中还留着 sitegen new 写入的示例小标题“{text.strip()}”：请改为实际的小标题，或删除它。",
                )
            at = -1 if end < 0 else body.find(_HEADING_FIND, end)
    return None


def _line_of_folded(body: str, at: int) -> int:
    """The line offset of character `at` of fold(body): fold works line by line (newlines fold away)."""
    seen = 0
    lines = body.split("\n")
    for offset, text in enumerate(lines):
        seen += len(fold(text))
        if seen > at:
            return offset
    return len(lines) - 1


def _placeholder(parsed: Parsed, ctx: Context, sink: Sink) -> None:
    found = placeholder(parsed)
    if found is not None:
        sink.add(PLACEHOLDER, found[0], found[1], "error" if ctx.release else None)


def _stages(parsed: Parsed, form: dict[str, Any], ctx: Context, sink: Sink) -> list[str]:
    """Which stages are complete; reports half-filled, skipped and pending ones."""
    filled: list[str] = []
    missing: list[str] = []
    written = _written(parsed, form)
    for who, when, label in STAGES:
        if (who in written) != (when in written):
            given, lacking = (who, when) if who in written else (when, who)
            sink.add(
                STAGE_BROKEN,
                parsed.line("approval", given),
                f"“{label}”环节填了 {given} 却没有 {lacking}，请补全或一并清空。",
            )
        elif who in written:
            if missing:
                sink.add(
                    STAGE_BROKEN,
                    parsed.line("approval", who),
                    f"“{label}”环节已签署，但之前的“{missing[0]}”环节还空着；审批须按顺序进行。",
                )
            filled.append(who)
        else:
            missing.append(label)
    if missing and "submitted_by" in written:
        severity: Severity | None = ERROR if ctx.release else None
        sink.add(
            STAGE_MISSING,
            parsed.line("approval"),
            f"审批尚未完成：还缺“{'”“'.join(missing)}”。请由相应人员运行 sitegen review / sitegen approve 签署后再合并发布。",
            severity,
        )
    return filled


def _written(parsed: Parsed, form: dict[str, Any]) -> set[str]:
    """Approval keys given a value, valid or not: a bad date is an FM problem, not a missing stage."""
    raw = parsed.doc.value.get("approval") if parsed.doc and isinstance(parsed.doc.value, dict) else None
    if not isinstance(raw, dict):
        return set(form)
    return {key for key, value in raw.items() if value not in (None, "", [])}


def _order(parsed: Parsed, form: dict[str, Any], filled: list[str], ctx: Context, sink: Sink) -> None:
    dated = [(when, label, form[when]) for who, when, label in STAGES if who in filled and when in form]
    for (_, label_a, a), (key_b, label_b, b) in itertools.pairwise(dated):
        if b < a:
            sink.add(
                DATES_OUT_OF_ORDER,
                parsed.line("approval", key_b),
                f"“{label_b}”日期 {b} 早于“{label_a}”日期 {a}；应为 报送 ≤ 审核 ≤ 审批。",
            )
    # `date` is the planned publish date, owned by the approver: only the approval is held
    # against it. Submission and review may come on any later day while the article is pending;
    # `sitegen approve` moves a passed date to the approval day (docs/maps.md, "发布日期与签署").
    publish = parsed.fields.get("date")
    approved = form.get("approved") if "approved_by" in filled else None
    # A corrected article is re-approved after its publish date, which stays the original one.
    if publish and approved and approved > publish and not parsed.fields.get("corrections"):
        sink.add(
            DATES_OUT_OF_ORDER,
            parsed.line("date"),
            f"发布日期 {publish} 早于审批日期 {approved}；须先审批后发布。发布日期由审批人决定："
            "请审批人重新运行 sitegen approve（会把已过去的发布日期改为审批当天），或把 date 改为审批当天或之后。",
        )
    for key, label, day in dated:
        if day > ctx.today:
            sink.add(
                FUTURE_STAMP,
                parsed.line("approval", key),
                f"“{label}”日期 {day} 晚于今天（{ctx.today}）；签署日期只能是当天或之前。",
            )


def _people(parsed: Parsed, form: dict[str, Any], ctx: Context, sink: Sink) -> None:
    deps = ctx.departments
    unit_id = parsed.fields.get("unit")
    if deps is None or unit_id not in deps.units:
        return
    unit = deps.units[unit_id]

    def line(key: str) -> int:
        return parsed.line("approval", key)

    if "submitted_by" in form and "submitted" in form:
        liaison = unit.liaison_on(form["submitted"])
        if form["submitted_by"] != liaison:
            now = (
                f"当日登记的联络员是 {deps.label(liaison)}"
                if liaison
                else "当日该单位没有登记联络员（请办公厅更新 departments.yaml 的 liaisons）"
            )
            sink.add(
                NOT_LIAISON,
                line("submitted_by"),
                f"报送人 {deps.label(form['submitted_by'])} 在 {form['submitted']} 不是 {unit.name} 的网站联络员；{now}。",
            )
    if "reviewed_by" in form and form["reviewed_by"] not in unit.leaders:
        allowed = "、".join(deps.label(p) for p in unit.leaders) or "（未登记）"
        sink.add(
            NOT_LEADER,
            line("reviewed_by"),
            f"审核人 {deps.label(form['reviewed_by'])} 不是 {unit.name} 的领导；可以审核的是：{allowed}。",
        )
    if "approved_by" in form:
        allowed_ids = deps.approvers_for(unit_id)
        if form["approved_by"] not in allowed_ids:
            allowed = "、".join(deps.label(p) for p in allowed_ids) or "（未登记）"
            sink.add(
                NOT_APPROVER,
                line("approved_by"),
                f"审批人 {deps.label(form['approved_by'])} 既不是办公厅发布人，也不是 {unit.name} 的主管局领导；可以审批的是：{allowed}。",
            )
    seen: dict[str, str] = {}
    for who, _, label in STAGES:
        person = form.get(who)
        if person is None:
            continue
        if person in seen:
            sink.add(
                SAME_PERSON,
                line(who),
                f"{deps.label(person)} 已签署“{seen[person]}”，不能再签署“{label}”；每个环节须由不同的人签署。",
            )
        seen.setdefault(person, label)
