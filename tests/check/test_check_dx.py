"""DX: 政府信息公开 metadata and consultation timing, in Chinese working days."""

from __future__ import annotations

import datetime as dt

import pytest
from checkkit import (
    CONSULTATION,
    DISCLOSURE,
    GOOD_ARTICLE,
    bad,
    check,
    consultation_article,
    disclosure_article,
    good,
    line_of,
    run_case,
    write_site,
)

from generator import workdays

X = "content/xxgk/a.md"
Y = "content/xxgk/b.md"
Q = "content/nsfw/zqyj/a.md"


def block(**changes: str) -> str:
    text = DISCLOSURE
    for key, value in changes.items():
        text = (
            "\n".join(f"  {key}: {value}" if line.strip().startswith(key + ":") else line for line in text.splitlines())
            + "\n"
        )
    return text


def at(key: str, text: str) -> int:
    return line_of(text, f"  {key}:")


def around_national_day(written: str, date: str) -> str:
    """A disclosure written before 国庆 2025 and published after it, stamped on the publish day."""
    return disclosure_article(block(written=written), date=date, stamped=date)


BRACKETS = disclosure_article(block(doc_no="税总办发[2026]1号"))
LENTICULAR = disclosure_article(block(doc_no="税总办发【2026】1号"))
WRITTEN_LATE = disclosure_article(block(written="2026-11-21"))
VALIDITY = disclosure_article(block(validity="生效"))
LATE = around_national_day("2025-09-26", "2025-10-31")  # 21 working days
IN_TIME = around_national_day("2025-09-26", "2025-10-30")  # 20 working days
SHORT = consultation_article(CONSULTATION.replace("2026-12-20", "2026-12-19"))
THIRTY = consultation_article(CONSULTATION.replace("2026-12-20", "2026-12-20"))
BACKWARDS = consultation_article(CONSULTATION.replace("2026-12-20", "2026-11-19"))

CASES = [
    bad("DX001", {X: disclosure_article(), Y: disclosure_article()}, X, at("index_no", disclosure_article()), "a"),
    bad("DX001", {X: disclosure_article(), Y: disclosure_article()}, Y, at("index_no", disclosure_article()), "b"),
    good("DX001", {X: disclosure_article(), Y: disclosure_article(block(index_no="000014349/2026-00002"))}),
    bad("DX002", {X: BRACKETS}, X, at("doc_no", BRACKETS), "square", severity="warning"),
    bad("DX002", {X: LENTICULAR}, X, at("doc_no", LENTICULAR), "lenticular", severity="warning"),
    good("DX002", {X: disclosure_article()}, "hexagonal"),
    good("DX002", {X: disclosure_article(block(doc_no="null").replace("  doc_no: null\n", ""))}, "no-doc-no"),
    bad("DX003", {X: WRITTEN_LATE}, X, at("written", WRITTEN_LATE)),
    good("DX003", {X: disclosure_article(block(written="2026-11-20"))}, "same-day"),
    bad("DX004", {X: VALIDITY}, X, at("validity", VALIDITY)),
    good("DX004", {X: disclosure_article(block(validity="部分失效\n  validity_since: 2026-11-19"))}),
    bad(
        "DX005",
        {GOOD_ARTICLE: None, X: LATE},
        X,
        3,
        "after-guoqing-2025",
        today=dt.date(2025, 11, 3),
        severity="warning",
    ),
    good("DX005", {GOOD_ARTICLE: None, X: IN_TIME}, "20th-working-day", today=dt.date(2025, 11, 3)),
    bad("DX006", {Q: SHORT}, Q, at("closes", SHORT), severity="warning"),
    good("DX006", {Q: THIRTY}, "thirty-days"),
    bad("DX007", {Q: BACKWARDS}, Q, at("closes", BACKWARDS)),
    good("DX007", {Q: consultation_article()}),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_dx(case, tmp_path):
    run_case(case, tmp_path / "site")


def test_guoqing_2025_working_days():
    # 国庆、中秋 2025: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 are make-up working days.
    day = dt.date
    assert workdays.is_workday(day(2025, 9, 28)) and workdays.is_workday(day(2025, 10, 11))
    assert not any(workdays.is_workday(day(2025, 10, d)) for d in range(1, 9))
    assert workdays.workdays_after(day(2025, 9, 26), day(2025, 10, 30)) == 20
    assert workdays.workdays_after(day(2025, 9, 26), day(2025, 10, 31)) == 21
    # A Monday-to-Friday count would already be over the limit: the holidays matter.
    weekdays = sum(1 for n in range(1, 35) if (day(2025, 9, 26) + dt.timedelta(n)).weekday() < 5)
    assert weekdays > 20


def test_spring_festival_2026_working_days():
    # 春节 2026: 02-15..02-23 off; Saturdays 02-14 and 02-28 are make-up working days.
    day = dt.date
    assert workdays.is_workday(day(2026, 2, 14)) and workdays.is_workday(day(2026, 2, 28))
    assert not any(workdays.is_workday(day(2026, 2, d)) for d in range(15, 24))
    assert workdays.workdays_after(day(2026, 2, 13), day(2026, 2, 28)) == 6  # 14, 24, 25, 26, 27, 28


def test_an_index_number_used_elsewhere_is_found_when_checking_one_article(tmp_path):
    root = write_site(tmp_path / "s", {X: disclosure_article(), Y: disclosure_article()})
    problems = check(root, targets=[X])
    assert [(p.rule, p.path) for p in problems] == [("DX001", X)]
    assert Y in problems[0].message


def test_a_flow_style_index_number_elsewhere_is_found_too(tmp_path):
    flow = disclosure_article(
        "disclosure: {index_no: '000014349/2026-00001', issuer: 国家税务总局办公厅, "
        "topic: 综合政务, written: 2026-11-16, validity: 有效}\n"
    )
    root = write_site(tmp_path / "s", {X: disclosure_article(), Y: flow})
    assert [p.rule for p in check(root, targets=[Y])] == ["DX001"]  # read fully
    assert [p.rule for p in check(root, targets=[X])] == ["DX001"]  # found by the quick scan
