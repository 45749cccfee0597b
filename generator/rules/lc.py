"""LC: an article's life after publishing — withdrawal (撤稿), emergency takedown (第十七条),
corrections (更正), validity and succession, policy interpretations (三同步), consultation results.

`check` judges one article by itself; `verify` judges what depends on other articles
(successors, interpretation pairs, links to withdrawn articles) and runs after every file is read.
"""

from __future__ import annotations

import datetime as dt
import itertools
import posixpath
from collections.abc import Callable
from typing import Any, Final

from generator import lifecycle
from generator.article import Parsed
from generator.problems import ERROR, INFO, WARNING
from generator.project import CONTENT, is_inside
from generator.rules import Sink, rule
from generator.rules.context import Context

NOT_PUBLISHED = rule("LC001", ERROR, "撤稿或紧急下线的文章尚未发布（审批未完成或发布日期未到）")
WITHDRAW_NOT_LIAISON = rule("LC002", ERROR, "撤稿申请人不是该单位在申请日期登记的网站联络员")
WITHDRAW_NOT_LEADER = rule("LC003", ERROR, "撤稿审核人不是该单位的领导")
WITHDRAW_NOT_APPROVER = rule("LC004", ERROR, "撤稿审批人既不是办公厅发布人，也不是该单位的主管局领导")
WITHDRAW_ORDER = rule("LC005", ERROR, "撤稿各环节日期顺序不对、晚于今天、早于发布日期，或同一人签署两个环节")
WITHDRAW_PENDING = rule("LC006", INFO, "撤稿审批尚未完成（分支上为提示；--release 和构建时为错误）")
TAKEDOWN_NOT_PUBLISHER = rule("LC007", ERROR, "紧急下线人不是办公厅发布人（第十七条）")
TAKEDOWN_BAD_CONFIRMER = rule("LC008", ERROR, "紧急下线的事后确认人不是本单位领导，或不是另一位办公厅人员")
TAKEDOWN_DATES = rule("LC009", ERROR, "紧急下线或确认的日期不对（晚于今天、早于发布日期或早于下线日期）")
TAKEDOWN_UNCONFIRMED = rule("LC010", WARNING, "紧急下线没有在 site.yaml 规定的期限内得到确认")
CORRECTION_DATE = rule("LC011", ERROR, "更正日期早于发布日期或晚于今天")
CORRECTION_NOT_APPROVED = rule("LC012", ERROR, "更正后没有重新审批（审批日期早于最近一次更正）")
VALIDITY_SINCE = rule("LC013", ERROR, "失效、废止、部分失效的文件缺少失效日期，或有效文件写了失效日期、替代文件")
BAD_SUCCESSOR = rule("LC014", ERROR, "替代文件（superseded_by）不存在、不是政府信息公开文件，或替代关系成环")
BAD_INTERPRETATION = rule("LC015", ERROR, "政策文件与解读没有互相指向，或所解读的不是政策文件")
NO_INTERPRETATION = rule("LC016", WARNING, "须同步解读的政策文件没有解读（三同步）")
RESULT_DUE = rule("LC017", WARNING, "征求意见已结束，意见采纳情况尚未公布")
RESULT_OVERDUE = rule("LC018", ERROR, "征求意见结束后超过规定期限仍未公布意见采纳情况")
BAD_RESULT = rule("LC019", ERROR, "意见采纳情况的日期或意见条数不对")
LINKS_WITHDRAWN = rule("LC020", WARNING, "链接指向已撤稿或已紧急下线的文章")
BAD_ARTICLE_PATH = rule("LC021", ERROR, "superseded_by、interprets、interpretation 不是 content/ 中文章的路径")

PATH_FIELDS: tuple[tuple[str, ...], ...] = (("disclosure", "superseded_by"), ("interprets",), ("interpretation",))


def check(parsed: Parsed, ctx: Context, sink: Sink) -> None:
    f = parsed.fields
    published = _published(parsed)
    if isinstance(f.get("withdrawal"), dict):
        _withdrawal(parsed, f["withdrawal"], published, ctx, sink)
    if isinstance(f.get("takedown"), dict):
        _takedown(parsed, f["takedown"], published, ctx, sink)
    if isinstance(f.get("corrections"), list):
        _corrections(parsed, f["corrections"], ctx, sink)
    if isinstance(f.get("disclosure"), dict):
        _validity(parsed, f["disclosure"], sink)
    if isinstance(f.get("consultation"), dict):
        _result(parsed, f["consultation"], ctx, sink)
    for path in PATH_FIELDS:
        value = _get(f, path)
        if value is not None and article_path(value) is None:
            sink.add(
                BAD_ARTICLE_PATH,
                parsed.line(*path),
                f"{'.'.join(path)} 的值 {value} 不是文章路径：请写成从仓库根目录起的路径，例如 content/ssfg/xypj2026.md。",
            )
    _needs_interpretation(parsed, ctx, sink)


def article_path(value: Any) -> str | None:
    """`value` as a content/….md path, or None when it is not one."""
    if not isinstance(value, str):
        return None
    path = posixpath.normpath(value.strip())
    if not path.endswith(".md") or not is_inside(path, CONTENT) or path != value.strip():
        return None
    return path


def _get(fields: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = fields
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _published(parsed: Parsed) -> bool:
    """Fully approved: the date alone is judged against each lifecycle date by the caller."""
    approval = parsed.fields.get("approval")
    return isinstance(approval, dict) and all(approval.get(k) for k in ("reviewed_by", "approved_by", "approved"))


# ---- withdrawal -------------------------------------------------------------------------------------


def _withdrawal(parsed: Parsed, block: dict[str, Any], published: bool, ctx: Context, sink: Sink) -> None:
    def line(key: str = "") -> int:
        return parsed.line("withdrawal", key) if key else parsed.line("withdrawal")

    date = parsed.fields.get("date")
    requested = block.get("requested")
    if not published or (isinstance(date, dt.date) and isinstance(requested, dt.date) and requested < date):
        sink.add(
            NOT_PUBLISHED,
            line(),
            "只有已经发布（审批完成、发布日期已到）的文章才能撤稿；尚未发布的文章直接删除文件即可。"
            + (f"撤稿申请日期 {requested} 早于发布日期 {date}。" if published else ""),
        )
    filled = [label for who, when, label in lifecycle.WITHDRAWAL_STAGES if block.get(who) and block.get(when)]
    missing = [label for who, when, label in lifecycle.WITHDRAWAL_STAGES if not (block.get(who) and block.get(when))]
    if missing:
        sink.add(
            WITHDRAW_PENDING,
            line(),
            f"撤稿审批尚未完成：还缺“{'”“'.join(missing)}”。请由本单位领导运行 sitegen review、办公厅发布人或主管局领导运行 sitegen approve 后再合并。",
            "error" if ctx.release else None,
        )
    _withdrawal_people(parsed, block, ctx, sink)
    _withdrawal_dates(parsed, block, filled, ctx, sink)


def _withdrawal_people(parsed: Parsed, block: dict[str, Any], ctx: Context, sink: Sink) -> None:
    deps = ctx.departments
    unit = deps.units.get(parsed.fields.get("unit", "")) if deps else None
    if deps is None or unit is None:
        return

    def line(key: str) -> int:
        return parsed.line("withdrawal", key)

    who, when = block.get("requested_by"), block.get("requested")
    if who and isinstance(when, dt.date) and unit.liaison_on(when) != who:
        liaison = unit.liaison_on(when)
        sink.add(
            WITHDRAW_NOT_LIAISON,
            line("requested_by"),
            f"撤稿申请人 {deps.label(who)} 在 {when} 不是 {unit.name} 的网站联络员"
            + (f"；当日的联络员是 {deps.label(liaison)}，请由其运行 sitegen withdraw。" if liaison else "。"),
        )
    reviewer = block.get("reviewed_by")
    if reviewer and reviewer not in unit.leaders:
        allowed = "、".join(deps.label(p) for p in unit.leaders) or "（未登记）"
        sink.add(
            WITHDRAW_NOT_LEADER,
            line("reviewed_by"),
            f"撤稿审核人 {deps.label(reviewer)} 不是 {unit.name} 的领导；可以审核的是：{allowed}。",
        )
    approver = block.get("approved_by")
    if approver and approver not in deps.approvers_for(unit.id):
        allowed = "、".join(deps.label(p) for p in deps.approvers_for(unit.id)) or "（未登记）"
        sink.add(
            WITHDRAW_NOT_APPROVER,
            line("approved_by"),
            f"撤稿审批人 {deps.label(approver)} 既不是办公厅发布人，也不是 {unit.name} 的主管局领导；可以审批的是：{allowed}。",
        )
    signers = [block.get(who) for who, _, _ in lifecycle.WITHDRAWAL_STAGES if block.get(who)]
    if len(set(signers)) < len(signers):
        sink.add(WITHDRAW_ORDER, parsed.line("withdrawal"), "撤稿的申请、审核、审批须由三个不同的人签署。")


def _withdrawal_dates(parsed: Parsed, block: dict[str, Any], filled: list[str], ctx: Context, sink: Sink) -> None:
    dated = [
        (when, label, block[when])
        for _, when, label in lifecycle.WITHDRAWAL_STAGES
        if isinstance(block.get(when), dt.date) and label in filled
    ]
    for (_, label_a, a), (key_b, label_b, b) in itertools.pairwise(dated):
        if b < a:
            sink.add(
                WITHDRAW_ORDER,
                parsed.line("withdrawal", key_b),
                f"撤稿“{label_b}”日期 {b} 早于“{label_a}”日期 {a}；应为 申请 ≤ 审核 ≤ 审批。",
            )
    for key, label, day in dated:
        if day > ctx.today:
            sink.add(
                WITHDRAW_ORDER,
                parsed.line("withdrawal", key),
                f"撤稿“{label}”日期 {day} 晚于今天（{ctx.today}）；签署日期只能是当天或之前。",
            )


# ---- emergency takedown ------------------------------------------------------------------------------


def _takedown(parsed: Parsed, block: dict[str, Any], published: bool, ctx: Context, sink: Sink) -> None:
    def line(key: str) -> int:
        return parsed.line("takedown", key)

    date, day = parsed.fields.get("date"), block.get("date")
    if not published:
        sink.add(
            NOT_PUBLISHED,
            parsed.line("takedown"),
            "紧急下线只能用于已经发布的文章；它不能代替审批，也不能用来发布。请删除 takedown，按正常流程报送。",
        )
    deps = ctx.departments
    if deps is not None:
        by = block.get("by")
        if by and by not in deps.publishers():
            allowed = "、".join(deps.label(p) for p in deps.publishers()) or "（未登记）"
            sink.add(
                TAKEDOWN_NOT_PUBLISHER,
                line("by"),
                f"{deps.label(by)} 不是办公厅发布人，不能紧急下线（第十七条）；可以下线的是：{allowed}。其他人请走撤稿流程（sitegen withdraw）。",
            )
        _confirmers(parsed, block, deps, sink)
    if isinstance(day, dt.date):
        if day > ctx.today:
            sink.add(TAKEDOWN_DATES, line("date"), f"下线日期 {day} 晚于今天（{ctx.today}）。")
        if isinstance(date, dt.date) and day < date:
            sink.add(TAKEDOWN_DATES, line("date"), f"下线日期 {day} 早于发布日期 {date}。")
        for key in ("leader_date", "office_date"):
            confirmed = block.get(key)
            if isinstance(confirmed, dt.date) and not day <= confirmed <= ctx.today:
                sink.add(
                    TAKEDOWN_DATES,
                    line(key),
                    f"确认日期 {confirmed} 应在下线日期 {day} 与今天（{ctx.today}）之间。",
                )
        _confirmed_in_time(parsed, block, day, ctx, sink)


def _confirmers(parsed: Parsed, block: dict[str, Any], deps: Any, sink: Sink) -> None:
    unit = deps.units.get(parsed.fields.get("unit", ""))
    leader, office = block.get("leader"), block.get("office")
    if leader and unit is not None and leader not in unit.leaders:
        allowed = "、".join(deps.label(p) for p in unit.leaders) or "（未登记）"
        sink.add(
            TAKEDOWN_BAD_CONFIRMER,
            parsed.line("takedown", "leader"),
            f"{deps.label(leader)} 不是 {unit.name} 的领导，不能确认此次下线；可以确认的是：{allowed}。",
        )
    staff = deps.units[deps.office].staff() if deps.office in deps.units else set()
    if office and (office not in staff or office == block.get("by")):
        why = "就是下线人本人" if office == block.get("by") else "不是办公厅人员"
        sink.add(
            TAKEDOWN_BAD_CONFIRMER,
            parsed.line("takedown", "office"),
            f"{deps.label(office)} {why}；事后确认须由下线人以外的另一位办公厅人员签署。",
        )
    for who, when in (("leader", "leader_date"), ("office", "office_date")):
        if bool(block.get(who)) != bool(block.get(when)):
            sink.add(
                TAKEDOWN_BAD_CONFIRMER,
                parsed.line("takedown", who if block.get(who) else when),
                f"takedown.{who} 与 takedown.{when} 须同时填写（由确认人运行 sitegen takedown --confirm）。",
            )


def _confirmed_in_time(parsed: Parsed, block: dict[str, Any], day: dt.date, ctx: Context, sink: Sink) -> None:
    settings = lifecycle.settings_of(ctx.settings)
    deadline = lifecycle.confirm_deadline(day, settings)
    late = [
        key
        for key, when in (("leader", "leader_date"), ("office", "office_date"))
        if (not isinstance(block.get(when), dt.date) and ctx.today > deadline)
        or (isinstance(block.get(when), dt.date) and block[when] > deadline)
    ]
    if late:
        sink.add(
            TAKEDOWN_UNCONFIRMED,
            parsed.line("takedown"),
            f"{day} 的紧急下线应在 {deadline} 前（{settings.takedown_confirm_days} 个工作日内）由本单位领导和另一位办公厅人员确认，"
            f"{'、'.join('本单位领导' if k == 'leader' else '办公厅人员' for k in late)}的确认没有按时完成；办公厅的报告会列出此事。",
        )


# ---- corrections, validity, consultation results ---------------------------------------------------------


def _corrections(parsed: Parsed, items: list[Any], ctx: Context, sink: Sink) -> None:
    date = parsed.fields.get("date")
    days = []
    for index, item in enumerate(items):
        day = item.get("date") if isinstance(item, dict) else None
        if not isinstance(day, dt.date):
            continue
        days.append(day)
        if day > ctx.today or (isinstance(date, dt.date) and day < date):
            sink.add(
                CORRECTION_DATE,
                parsed.line("corrections", index, "date"),
                f"更正日期 {day} 应在发布日期 {date} 与今天（{ctx.today}）之间。",
            )
    approval = parsed.fields.get("approval")
    approved = approval.get("approved") if isinstance(approval, dict) else None
    if days and isinstance(approved, dt.date) and approved < max(days):
        sink.add(
            CORRECTION_NOT_APPROVED,
            parsed.line("approval", "approved"),
            f"文章在 {max(days)} 更正过，但审批日期仍是 {approved}：更正须重新审核和审批。请删除 approval 中的审核、审批签署，"
            "由本单位领导运行 sitegen review、办公厅发布人或主管局领导运行 sitegen approve 重新签署。",
        )


def _validity(parsed: Parsed, block: dict[str, Any], sink: Sink) -> None:
    validity = block.get("validity")
    since, successor = block.get("validity_since"), block.get("superseded_by")
    if validity in lifecycle.NOT_VALID and since is None:
        sink.add(
            VALIDITY_SINCE,
            parsed.line("disclosure", "validity"),
            f"有效性为“{validity}”时须写明自何日起{validity}：请填写 disclosure.validity_since: YYYY-MM-DD；如有替代文件，填写 superseded_by。",
        )
    if validity == "有效" and (since is not None or successor is not None):
        key = "validity_since" if since is not None else "superseded_by"
        sink.add(
            VALIDITY_SINCE,
            parsed.line("disclosure", key),
            f"有效的文件不能有 {key}：如果文件已失效、废止或部分失效，请先修改 validity。",
        )
    written = block.get("written")
    if isinstance(since, dt.date) and isinstance(written, dt.date) and since < written:
        sink.add(
            VALIDITY_SINCE, parsed.line("disclosure", "validity_since"), f"失效日期 {since} 早于成文日期 {written}。"
        )


def _result(parsed: Parsed, block: dict[str, Any], ctx: Context, sink: Sink) -> None:
    closes, result = block.get("closes"), block.get("result")
    if not isinstance(closes, dt.date):
        return
    if isinstance(result, dict) and result:
        comments = result.get("comments")
        if comments is not None and (isinstance(comments, bool) or not isinstance(comments, int) or comments < 0):
            sink.add(
                BAD_RESULT,
                parsed.line("consultation", "result", "comments"),
                f"consultation.result.comments（收到意见条数）应是 0 或正整数，而不是 {comments}。",
            )
        day = result.get("date")
        if isinstance(day, dt.date) and day <= closes:
            sink.add(
                BAD_RESULT,
                parsed.line("consultation", "result", "date"),
                f"意见采纳情况的公布日期 {day} 应晚于征求意见截止日期 {closes}。",
            )
        return
    if ctx.today <= closes:
        return
    due = lifecycle.result_due(closes, lifecycle.settings_of(ctx.settings))
    code = RESULT_OVERDUE if ctx.today > due else RESULT_DUE
    sink.add(
        code,
        parsed.line("consultation", "closes"),
        f"征求意见已于 {closes} 结束，意见采纳情况（收到多少意见、采纳了什么、未采纳的理由）应在 {due} 前公布"
        + ("，现已超期。" if code is RESULT_OVERDUE else "。")
        + "请在 consultation 下填写 result: {date, comments, adopted, not_adopted}。",
    )


def _needs_interpretation(parsed: Parsed, ctx: Context, sink: Sink) -> None:
    required = lifecycle.settings_of(ctx.settings).interpretation_required
    column = ctx.columns.get(parsed.column) if ctx.columns else None
    if not required or column is None or column.type not in required or "approval" not in parsed.fields:
        return
    if parsed.fields.get("interpretation") is None and parsed.fields.get("interprets") is None:
        sink.add(
            NO_INTERPRETATION,
            parsed.line(),
            f"“{column.type}”类文件应同步发布政策解读（三同步）：请发布解读文章（写 interprets: {parsed.rel_path}），"
            "并在本文写 interpretation: <解读文章路径>。",
        )


# ---- across articles -------------------------------------------------------------------------------------


class Front:
    """What `verify` needs to know of another article (a plain record: see rules/context.py)."""

    __slots__ = ("date", "disclosure", "life", "title")

    def __init__(self, date: Any, disclosure: dict[str, Any] | None, life: dict[str, Any], title: str = "") -> None:
        self.date: Final = date
        self.disclosure: Final = disclosure
        self.life: Final = life
        self.title: Final = title


Lookup = Callable[[str], Front | None]


def front_of(fields: dict[str, Any]) -> Front:
    life = {k: fields[k] for k in lifecycle.ARTICLE_FIELDS if k in fields}
    disclosure = fields.get("disclosure")
    return Front(
        fields.get("date"), disclosure if isinstance(disclosure, dict) else None, life, str(fields.get("title", ""))
    )


def shows_notice(date: Any, life: dict[str, Any], today: dt.date) -> bool:
    """An article whose page is only its withdrawal or takedown notice today: links to it are reported."""
    return isinstance(date, dt.date) and lifecycle.state(date, life, today) == "notice"


def verify(
    path: str,
    own: Front,
    lookup: Lookup,
    links: list[tuple[int, str]],
    lines: Callable[..., int],
    today: dt.date,
    sink: Sink,
) -> None:
    """Checks of `path` (whose front matter is `own`) against the articles it names or links to."""
    _successor(path, own, lookup, lines, sink)
    _pair(path, own, lookup, lines, sink)
    for line, target in links:
        other = lookup(target) if target.endswith(".md") else None
        if other is not None and shows_notice(other.date, other.life, today):
            sink.add(
                LINKS_WITHDRAWN,
                line,
                f"此链接指向的 {target}「{other.title}」已撤稿或已紧急下线，页面只剩说明；请删除或改为有效的文章。",
            )


def _successor(path: str, own: Front, lookup: Lookup, lines: Callable[..., int], sink: Sink) -> None:
    target = article_path((own.disclosure or {}).get("superseded_by"))
    if target is None:
        return
    line = lines("disclosure", "superseded_by")
    seen: list[str] = [path]
    current: str | None = target
    while current is not None:
        if current in seen:
            chain = " → ".join([*seen, current])
            sink.add(
                BAD_SUCCESSOR, line, f"替代关系成环：{chain}。每个文件只能被更新的文件替代，请改正 superseded_by。"
            )
            return
        other = lookup(current)
        if other is None:
            what = "替代文件" if current == target else f"替代链中的 {seen[-1]} 所指的"
            sink.add(BAD_SUCCESSOR, line, f"{what} {current} 不存在，请核对路径（例如 content/ssfg/xypj2026.md）。")
            return
        if other.disclosure is None:
            if current == target:
                sink.add(
                    BAD_SUCCESSOR,
                    line,
                    f"替代文件 {current} 不是政府信息公开文件（没有 disclosure），请改为替代它的公开文件。",
                )
            return
        seen.append(current)
        current = article_path(other.disclosure.get("superseded_by"))
        if len(seen) > 1000:
            return


def _pair(path: str, own: Front, lookup: Lookup, lines: Callable[..., int], sink: Sink) -> None:
    policy = article_path(own.life.get("interprets"))
    if policy is not None:
        other = lookup(policy)
        line = lines("interprets")
        if other is None:
            sink.add(BAD_INTERPRETATION, line, f"所解读的政策文件 {policy} 不存在，请核对路径。")
        elif other.disclosure is None:
            sink.add(
                BAD_INTERPRETATION,
                line,
                f"{policy} 不是政策文件（不在政府信息公开栏目、没有 disclosure），不能作为解读对象。",
            )
        elif other.life.get("interpretation") != path:
            sink.add(
                BAD_INTERPRETATION,
                line,
                f"政策文件 {policy} 没有指回本解读：请在其中写 interpretation: {path}（两者须同步报送）。",
            )
    reading = article_path(own.life.get("interpretation"))
    if reading is not None:
        other = lookup(reading)
        line = lines("interpretation")
        if other is None:
            sink.add(BAD_INTERPRETATION, line, f"解读文章 {reading} 不存在，请核对路径。")
        elif other.life.get("interprets") != path:
            sink.add(
                BAD_INTERPRETATION,
                line,
                f"解读文章 {reading} 没有指回本文：请在其中写 interprets: {path}。",
            )
        elif own.disclosure is None:
            sink.add(BAD_INTERPRETATION, line, "只有政策文件（政府信息公开栏目中的文件）才能有 interpretation。")
