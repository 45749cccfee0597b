"""An article's life after publishing: corrections, withdrawal, emergency takedown, validity,
interpretations and consultation results — the fields, the settings and the one answer to
"is this article public, and is it listed?" that the build, feeds, directory and search share.

Model layer: plain data and pure functions, no rules and no I/O.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, Literal

from generator.maps import LifecycleSettings as LifecycleSettings  # declared with the maps it is part of
from generator.schema import Field

# ---- front-matter fields ------------------------------------------------------------------------

# Top-level article fields this module adds to the approval form (see docs/lifecycle.md).
ARTICLE_FIELDS = {
    "corrections": Field("list", False, "更正说明"),
    "withdrawal": Field("map", False, "撤稿"),
    "takedown": Field("map", False, "紧急下线"),
    "interprets": Field("str", False, "所解读的政策文件"),
    "interpretation": Field("str", False, "政策解读"),
}
CORRECTION_FIELDS = {
    "date": Field("date", True, "更正日期"),
    "note": Field("str", True, "更正内容", hint="写明改了什么，例如：第三条“30日”更正为“30个工作日”。"),
}
WITHDRAWAL_FIELDS = {
    "reason": Field("str", True, "撤稿理由", hint="理由会公开显示在撤稿说明页上。"),
    "requested_by": Field("str", True, "申请人（本单位网站联络员）"),
    "requested": Field("date", True, "申请日期"),
    "reviewed_by": Field("str", False, "本单位领导审核人"),
    "reviewed": Field("date", False, "审核日期"),
    "approved_by": Field("str", False, "审批人"),
    "approved": Field("date", False, "审批日期"),
}
TAKEDOWN_FIELDS = {
    "by": Field("str", True, "下线人（办公厅发布人）"),
    "date": Field("date", True, "下线日期"),
    "reason": Field("str", True, "下线理由", hint="理由会公开显示在下线说明页上。"),
    "leader": Field("str", False, "事后确认的本单位领导"),
    "leader_date": Field("date", False, "本单位领导确认日期"),
    "office": Field("str", False, "事后确认的另一位办公厅人员"),
    "office_date": Field("date", False, "办公厅人员确认日期"),
}
# Added to the disclosure and consultation blocks.
DISCLOSURE_FIELDS = {
    "validity_since": Field("date", False, "失效/废止日期"),
    "superseded_by": Field("str", False, "替代文件"),
}
CONSULTATION_FIELDS = {"result": Field("map", False, "意见采纳情况")}
RESULT_FIELDS = {
    "date": Field("date", True, "公布日期"),
    "comments": Field("any", True, "收到意见条数"),
    "adopted": Field("str", True, "采纳情况"),
    "not_adopted": Field("str", False, "未采纳意见及理由"),
}
BLOCK_FIELDS = {"withdrawal": WITHDRAWAL_FIELDS, "takedown": TAKEDOWN_FIELDS}

NOT_VALID = ("部分失效", "失效", "废止")
WITHDRAWAL_STAGES = (
    ("requested_by", "requested", "撤稿申请"),
    ("reviewed_by", "reviewed", "本单位领导审核"),
    ("approved_by", "approved", "审批"),
)

# ---- site.yaml `lifecycle:` ---------------------------------------------------------------------

SETTINGS_FIELDS = {
    "takedown_confirm_days": Field("any", False, "紧急下线事后确认期限（工作日）"),
    "consultation_result_days": Field("any", False, "意见采纳情况公布期限（工作日）"),
    "interpretation_required": Field("str_list", False, "须同步解读的栏目类型"),
}


DEFAULT_SETTINGS = LifecycleSettings()


def settings_of(site_settings: Any) -> LifecycleSettings:
    """The lifecycle settings of a SiteSettings (defaults when absent)."""
    found = getattr(site_settings, "lifecycle", None)
    return found if isinstance(found, LifecycleSettings) else DEFAULT_SETTINGS


# ---- states ------------------------------------------------------------------------------------

State = Literal["listed", "notice", "hidden"]


def withdrawal_approved(life: dict[str, Any]) -> bool:
    block = life.get("withdrawal")
    return isinstance(block, dict) and all(block.get(k) for stage in WITHDRAWAL_STAGES for k in stage[:2])


def taken_down(life: dict[str, Any], today: dt.date) -> bool:
    block = life.get("takedown")
    return isinstance(block, dict) and bool(block.get("by")) and _on_or_before(block.get("date"), today)


def state(date: dt.date, life: dict[str, Any], today: dt.date) -> State:
    """What the public site does with an article on `today`.

    listed: a page with its content, in lists, feeds, the directory and search;
    notice: a withdrawal or takedown notice at the same URL, in no list, feed or index;
    hidden: scheduled for later, no page at all.
    """
    if date > today:
        return "hidden"
    if taken_down(life, today) or (withdrawal_approved(life) and _on_or_before(life["withdrawal"]["approved"], today)):
        return "notice"
    return "listed"


def is_listed(article: Any, today: dt.date) -> bool:
    """The one test for lists, feeds, the directory and the search index."""
    return state(article.date, getattr(article, "life", {}) or {}, today) == "listed"


def has_page(article: Any, today: dt.date) -> bool:
    return state(article.date, getattr(article, "life", {}) or {}, today) != "hidden"


def _on_or_before(day: Any, today: dt.date) -> bool:
    return isinstance(day, dt.date) and day <= today


# ---- emergency takedowns, for the office's reports ------------------------------------------------


TakedownStatus = Literal["confirmed", "late", "pending", "overdue"]


class TakedownRecord:
    """An emergency takedown (第十七条) as recorded in an article's form.

    A plain class, read-only by its Final attributes: every article check imports this module, and a frozen
    dataclass costs about a millisecond to create at every start of the pre-commit hook.
    """

    __slots__ = (
        "by",
        "date",
        "deadline",
        "leader",
        "leader_date",
        "office",
        "office_date",
        "path",
        "reason",
        "status",
        "title",
        "unit",
    )

    def __init__(
        self,
        path: str,
        title: str,
        unit: str,
        by: str,
        date: dt.date,
        reason: str,
        deadline: dt.date,
        leader: str | None,
        leader_date: dt.date | None,
        office: str | None,
        office_date: dt.date | None,
        status: TakedownStatus = "pending",
    ) -> None:
        self.path: Final = path
        self.title: Final = title
        self.unit: Final = unit
        self.by: Final = by
        self.date: Final = date
        self.reason: Final = reason
        self.deadline: Final = deadline
        self.leader: Final = leader
        self.leader_date: Final = leader_date
        self.office: Final = office
        self.office_date: Final = office_date
        self.status: Final = status

    @property
    def confirmed_in_time(self) -> bool:
        return self.status == "confirmed"


def confirm_deadline(day: dt.date, settings: LifecycleSettings) -> dt.date:
    from generator import workdays  # here: the holiday tables are for the few articles with deadlines

    return workdays.add_workdays(day, settings.takedown_confirm_days)


def takedown_records(articles: list[Any], settings: LifecycleSettings, today: dt.date) -> list[TakedownRecord]:
    """Every emergency takedown among `articles` (checking.Site.articles), oldest first.

    status: confirmed (both confirmations within the period), late (both, one after it),
    pending (not yet both, period still running), overdue (not both, period over).
    Issue 14's reports call this.
    """
    records = []
    for article in articles:
        block = (getattr(article, "life", {}) or {}).get("takedown")
        if not isinstance(block, dict) or not isinstance(block.get("date"), dt.date):
            continue
        deadline = confirm_deadline(block["date"], settings)
        records.append(
            TakedownRecord(
                article.rel_path,
                article.title,
                article.unit,
                str(block.get("by", "")),
                block["date"],
                str(block.get("reason", "")),
                deadline,
                block.get("leader"),
                block.get("leader_date"),
                block.get("office"),
                block.get("office_date"),
                _takedown_status(block, deadline, today),
            )
        )
    return sorted(records, key=lambda r: (r.date, r.path))


def _takedown_status(block: dict[str, Any], deadline: dt.date, today: dt.date) -> TakedownStatus:
    days = [block.get("leader_date"), block.get("office_date")]
    dated = [d for d in days if isinstance(d, dt.date)]
    if len(dated) == 2 and block.get("leader") and block.get("office"):
        return "confirmed" if all(d <= deadline for d in dated) else "late"
    return "pending" if today <= deadline else "overdue"


# ---- consultation results -------------------------------------------------------------------------


def result_due(closes: dt.date, settings: LifecycleSettings) -> dt.date:
    from generator import workdays

    return workdays.add_workdays(closes, settings.consultation_result_days)


def load_settings(value: Any, doc: Any, sink: Any, codes: Any) -> LifecycleSettings:
    """site.yaml's `lifecycle:` block, every problem reported with its line."""
    from generator.schema import validate

    fields = validate(value, SETTINGS_FIELDS, doc, ("lifecycle",), sink, codes)
    numbers: dict[str, int] = {}
    for key in ("takedown_confirm_days", "consultation_result_days"):
        if key not in fields:
            continue
        raw = fields[key]
        if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= 60:
            sink.add(
                codes.bad_value, doc.line("lifecycle", key), f"lifecycle.{key} 应是 1 到 60 之间的整数（工作日）。"
            )
        else:
            numbers[key] = raw
    return LifecycleSettings(
        numbers.get("takedown_confirm_days", DEFAULT_SETTINGS.takedown_confirm_days),
        numbers.get("consultation_result_days", DEFAULT_SETTINGS.consultation_result_days),
        tuple(fields.get("interpretation_required", ())),
    )
