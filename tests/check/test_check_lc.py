"""LC: withdrawal, emergency takedown, corrections, validity and successor, interpretations, consultation results."""

from __future__ import annotations

import datetime as dt

import pytest
from checkkit import (
    COLUMNS,
    CONSULTATION,
    DISCLOSURE,
    GOOD_ARTICLE,
    SETTINGS,
    approval,
    article,
    bad,
    check,
    consultation_article,
    disclosure_article,
    good,
    line_of,
    run_case,
    write_site,
)

from generator import lifecycle, workdays

W = "content/nsfw/w.md"
X = "content/xxgk/a.md"
Y = "content/xxgk/b.md"
Z = "content/xxgk/c.md"
JD = "content/nsfw/jd.md"  # an interpretation
Q = "content/nsfw/zqyj/a.md"

WITHDRAWAL = """\
withdrawal:
  reason: 文中办事电话有误，已另行发布更正后的通知
  requested_by: zhangwei
  requested: 2026-11-23
  reviewed_by: limin
  reviewed: 2026-11-24
  approved_by: chenhong
  approved: 2026-11-25
"""
TAKEDOWN = """\
takedown:
  by: chenhong
  date: 2026-11-24
  reason: 页面被篡改，含有害信息
  leader: limin
  leader_date: 2026-11-25
  office: zhaoli
  office_date: 2026-11-25
"""


def withdrawn(block: str = WITHDRAWAL, **approval_changes: str | None) -> str:
    return article(approval=approval(**approval_changes), extra=block)


def change(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def disclosure(index: int, **extra: str) -> str:
    block = DISCLOSURE.replace("2026-00001", f"2026-{index:05d}")
    block += "".join(f"  {k}: {v}\n" for k, v in extra.items())
    return disclosure_article(block)


NOT_PUBLISHED = withdrawn(approved_by=None, approved=None)
BAD_REQUESTER = withdrawn(change(WITHDRAWAL, "requested_by: zhangwei", "requested_by: sunqiang"))
BAD_REVIEWER = withdrawn(change(WITHDRAWAL, "reviewed_by: limin", "reviewed_by: zhaoli"))
BAD_APPROVER = withdrawn(change(WITHDRAWAL, "approved_by: chenhong", "approved_by: zhaoli"))
OUT_OF_ORDER = withdrawn(change(WITHDRAWAL, "reviewed: 2026-11-24", "reviewed: 2026-11-22"))
PENDING = withdrawn(WITHDRAWAL.split("  reviewed_by")[0])
NOT_PUBLISHER = article(
    extra=change(TAKEDOWN, "by: chenhong", "by: zhaoli").replace("office: zhaoli", "office: sunqiang")
)
SELF_CONFIRMED = article(extra=change(TAKEDOWN, "office: zhaoli", "office: chenhong"))
FUTURE_TAKEDOWN = article(
    extra=TAKEDOWN.replace("2026-11-24", "2026-11-27").replace("leader_date: 2026-11-25", "leader_date: 2026-11-27")
)
UNCONFIRMED = article(
    extra="takedown:\n  by: chenhong\n  date: 2026-11-16\n  reason: 含有错误的办事电话\n", date="2026-11-16"
)
UNCONFIRMED = change(UNCONFIRMED, "approved: 2026-11-20", "approved: 2026-11-16")
UNCONFIRMED = change(
    change(UNCONFIRMED, "reviewed: 2026-11-19", "reviewed: 2026-11-16"),
    "submitted: 2026-11-18",
    "submitted: 2026-11-16",
)
EARLY_CORRECTION = article(extra="corrections:\n  - date: 2026-11-19\n    note: 第三条“30日”更正为“30个工作日”\n")
CORRECTED = article(
    approval=approval(reviewed="2026-11-22", approved="2026-11-23"),
    extra="corrections:\n  - date: 2026-11-22\n    note: 第三条“30日”更正为“30个工作日”\n",
)
NOT_REAPPROVED = article(extra="corrections:\n  - date: 2026-11-24\n    note: 更正了办事电话\n")
REPEALED_NO_DATE = disclosure(1).replace("validity: 有效", "validity: 失效")
REPEALED = disclosure(1, validity_since="2026-11-22", superseded_by=Y).replace("validity: 有效", "validity: 失效")
SUCCESSOR = disclosure(2)
MISSING_SUCCESSOR = change(REPEALED, Y, "content/xxgk/nothere.md")
CYCLE_B = disclosure(2, validity_since="2026-11-22", superseded_by=X).replace("validity: 有效", "validity: 废止")
POLICY = disclosure(1).replace("---\n公开正文", f"interpretation: {JD}\n---\n公开正文")
READING = article(title="《信息公开指南》解读", extra=f"interprets: {X}\n")
READING_OF_NON_POLICY = article(title="解读", extra=f"interprets: {GOOD_ARTICLE}\n")
POLICY_COLUMNS = COLUMNS.replace("  kind: disclosure\n  type: 信息公开\n", "  kind: disclosure\n  type: 政策文件\n", 1)
POLICY_SETTINGS = SETTINGS + "lifecycle:\n  interpretation_required: [政策文件]\n"
CLOSED_RECENTLY = consultation_article(
    CONSULTATION.replace("opens: 2026-11-20", "opens: 2026-10-20").replace("2026-12-20", "2026-11-24")
)
CLOSED_LONG_AGO = change(
    consultation_article(
        CONSULTATION.replace("opens: 2026-11-20", "opens: 2026-08-20").replace("2026-12-20", "2026-09-30")
    ),
    "date: 2026-11-20",
    "date: 2026-11-20",
)
RESULT = "  result:\n    date: 2026-11-25\n    comments: 18\n    adopted: 采纳了简化材料的意见。\n    not_adopted: 其余意见与上位法不符。\n"
WITH_RESULT = consultation_article(
    CONSULTATION.replace("opens: 2026-11-20", "opens: 2026-10-20").replace("2026-12-20", "2026-11-24") + RESULT
)
BAD_RESULT = change(WITH_RESULT, "comments: 18", "comments: -3")
LINKING = article("详见[已撤稿的通知](w.md)。\n")
BAD_PATH = article(title="解读", extra="interprets: ../xxgk/a.md\n")

CASES = [
    bad("LC001", {W: NOT_PUBLISHED}, W, line_of(NOT_PUBLISHED, "withdrawal:")),
    good("LC001", {W: withdrawn()}),
    bad("LC002", {W: BAD_REQUESTER}, W, line_of(BAD_REQUESTER, "requested_by:")),
    good("LC002", {W: withdrawn()}),
    bad("LC003", {W: BAD_REVIEWER}, W, line_of(BAD_REVIEWER, "reviewed_by:", 2)),
    good("LC003", {W: withdrawn()}),
    bad("LC004", {W: BAD_APPROVER}, W, line_of(BAD_APPROVER, "approved_by:", 2)),
    good("LC004", {W: withdrawn()}),
    bad("LC005", {W: OUT_OF_ORDER}, W, line_of(OUT_OF_ORDER, "reviewed:", 2)),
    good("LC005", {W: withdrawn()}),
    bad("LC006", {W: PENDING}, W, line_of(PENDING, "withdrawal:"), "release", release=True, severity="error"),
    bad("LC006", {W: PENDING}, W, line_of(PENDING, "withdrawal:"), "branch", severity="info"),
    good("LC006", {W: withdrawn()}, release=True),
    bad("LC007", {W: NOT_PUBLISHER}, W, line_of(NOT_PUBLISHER, "  by:")),
    good("LC007", {W: article(extra=TAKEDOWN)}),
    bad("LC008", {W: SELF_CONFIRMED}, W, line_of(SELF_CONFIRMED, "office:")),
    good("LC008", {W: article(extra=TAKEDOWN)}),
    bad("LC009", {W: FUTURE_TAKEDOWN}, W, line_of(FUTURE_TAKEDOWN, "  date:")),
    good("LC009", {W: article(extra=TAKEDOWN)}),
    bad("LC010", {W: UNCONFIRMED}, W, line_of(UNCONFIRMED, "takedown:"), severity="warning"),
    good("LC010", {W: article(extra=TAKEDOWN)}, "confirmed-next-day"),
    bad("LC011", {W: EARLY_CORRECTION}, W, line_of(EARLY_CORRECTION, "  - date:")),
    good("LC011", {W: CORRECTED}),
    bad("LC012", {W: NOT_REAPPROVED}, W, line_of(NOT_REAPPROVED, "  approved:")),
    good("LC012", {W: CORRECTED}, "re-approved-after-publish-date"),
    bad("LC013", {X: REPEALED_NO_DATE}, X, line_of(REPEALED_NO_DATE, "validity:")),
    good("LC013", {X: REPEALED, Y: SUCCESSOR}),
    bad("LC014", {X: MISSING_SUCCESSOR}, X, line_of(MISSING_SUCCESSOR, "superseded_by:"), "missing"),
    bad("LC014", {X: REPEALED, Y: CYCLE_B}, Y, line_of(CYCLE_B, "superseded_by:"), "cycle"),
    bad("LC014", {X: change(REPEALED, Y, GOOD_ARTICLE)}, X, None, "not-disclosure"),
    good("LC014", {X: REPEALED, Y: SUCCESSOR}),
    bad("LC015", {JD: READING_OF_NON_POLICY}, JD, line_of(READING_OF_NON_POLICY, "interprets:"), "non-policy"),
    bad("LC015", {JD: READING, X: disclosure(1)}, JD, line_of(READING, "interprets:"), "no-link-back"),
    bad("LC015", {X: POLICY}, X, line_of(POLICY, "interpretation:"), "reading-missing"),
    good("LC015", {JD: READING, X: POLICY}),
    bad(
        "LC016",
        {X: disclosure(1), "columns.yaml": POLICY_COLUMNS, "site.yaml": POLICY_SETTINGS},
        X,
        2,
        severity="warning",
    ),
    good("LC016", {JD: READING, X: POLICY, "columns.yaml": POLICY_COLUMNS, "site.yaml": POLICY_SETTINGS}),
    bad("LC017", {Q: CLOSED_RECENTLY}, Q, line_of(CLOSED_RECENTLY, "closes:"), severity="warning"),
    good("LC017", {Q: WITH_RESULT}),
    bad("LC018", {Q: CLOSED_LONG_AGO}, Q, line_of(CLOSED_LONG_AGO, "closes:"), severity="error"),
    good("LC018", {Q: consultation_article()}, "still-open"),
    bad("LC019", {Q: BAD_RESULT}, Q, line_of(BAD_RESULT, "comments:")),
    good("LC019", {Q: WITH_RESULT}),
    bad("LC020", {W: withdrawn(), GOOD_ARTICLE: LINKING}, GOOD_ARTICLE, line_of(LINKING, "详见"), severity="warning"),
    good("LC020", {W: article(), GOOD_ARTICLE: LINKING}),
    bad("LC021", {JD: BAD_PATH}, JD, line_of(BAD_PATH, "interprets:")),
    good("LC021", {JD: READING, X: POLICY}),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_lc(case, tmp_path):
    run_case(case, tmp_path)


def test_the_staged_check_of_one_article_reads_the_articles_it_names(tmp_path):
    """A check of the interpretation alone still sees that its policy does not point back."""
    write_site(tmp_path, {JD: READING, X: disclosure(1)})
    problems = check(tmp_path, targets=[JD])
    assert [p.rule for p in problems] == ["LC015"]


def test_a_long_succession_chain_is_followed_without_recursion(tmp_path):
    files = {}
    for n in range(1, 61):
        extra = {"validity_since": "2026-11-22", "superseded_by": f"content/xxgk/d{n + 1}.md"} if n < 60 else {}
        text = disclosure(n, **extra)
        files[f"content/xxgk/d{n}.md"] = text.replace("validity: 有效", "validity: 废止") if n < 60 else text
    write_site(tmp_path, files)
    assert [p for p in check(tmp_path) if p.severity != "info"] == []


def test_takedown_records_for_the_reports():
    from generator.article import Article

    def art(path: str, block: dict) -> Article:
        return Article(
            rel_path=path,
            column="nsfw",
            slug="x",
            title="标题",
            date=dt.date(2026, 11, 2),
            unit="nsfws",
            summary=None,
            approval={},
            disclosure=None,
            consultation=None,
            body_text="",
            body_line=1,
            life={"takedown": block},
        )

    base = {"by": "chenhong", "date": dt.date(2026, 11, 2), "reason": "有害信息"}
    deadline = workdays.add_workdays(dt.date(2026, 11, 2), 3)
    in_time = {**base, "leader": "limin", "leader_date": deadline, "office": "zhaoli", "office_date": deadline}
    late = {**in_time, "office_date": deadline + dt.timedelta(days=1)}
    records = lifecycle.takedown_records(
        [art("a", in_time), art("b", late), art("c", base)], lifecycle.DEFAULT_SETTINGS, dt.date(2026, 11, 26)
    )
    assert [(r.path, r.status, r.confirmed_in_time) for r in records] == [
        ("a", "confirmed", True),
        ("b", "late", False),
        ("c", "overdue", False),
    ]
    pending = lifecycle.takedown_records([art("c", base)], lifecycle.DEFAULT_SETTINGS, dt.date(2026, 11, 2))
    assert pending[0].status == "pending" and pending[0].deadline == deadline


def test_working_days_agree_with_chinesecalendar() -> None:
    import datetime as dt

    import chinese_calendar

    from generator import workdays

    day, last = dt.date(2003, 1, 1), dt.date(2030, 12, 31)
    while day <= last:
        try:
            expected = bool(chinese_calendar.is_workday(day))
        except NotImplementedError:  # a year the State Council has not announced: Monday–Friday
            expected = day.weekday() < 5
        assert workdays.is_workday(day) is expected, day
        day += dt.timedelta(days=1)
    assert not workdays.is_workday(dt.date(2026, 10, 1)) and workdays.is_workday(dt.date(2026, 9, 28))
