"""`sitegen report quarter 2026Q3`: what each unit submitted and what was adopted (第二十条).

Counting rules (also on the page):
- submitted: articles whose approval.submitted falls in the quarter, on main or on any other branch;
- adopted in the quarter: articles that reached main in the quarter (whenever submitted);
- adoption rate: of the quarter's submissions, the share that has reached main by the report date;
- lead time: working days from submission to publication (the later of reaching main and `date`),
  over the articles adopted in the quarter.
Withdrawals (issue 12) and reviewed exemptions (issue 10) are counted per unit, and every exemption
of an article adopted in the quarter is listed with its reason and the stamps that cover it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from generator.maps import Unit
from generator.reports import extras
from generator.reports.common import lead_time, median, person, unit_name, unit_of
from generator.reports.document import DETAIL_ROWS, Chart, Report, Section, percent
from generator.reports.gather import Corpus, Entry
from generator.reports.period import Period


def build(corpus: Corpus, quarter: Period) -> Report:
    submitted: dict[str, list[Entry]] = defaultdict(list)
    adopted: dict[str, list[Entry]] = defaultdict(list)
    for entry in corpus.entries:
        unit = unit_of(entry, corpus) or "?"
        if entry.submitted in quarter:
            submitted[unit].append(entry)
        if entry.adopted in quarter:
            adopted[unit].append(entry)
    withdrawn = extras.withdrawals(corpus, quarter)
    exempted = extras.exemptions(corpus, quarter)
    rows: list[list[Any]] = []
    for unit_id in corpus.departments.units:
        subs, took = submitted.get(unit_id, []), adopted.get(unit_id, [])
        taken_of_subs = sum(e.adopted is not None for e in subs)
        rows.append(
            [
                unit_name(corpus, unit_id),
                len(subs),
                taken_of_subs,
                percent(taken_of_subs, len(subs)),
                len(subs) - taken_of_subs,
                len(took),
                median(lead_time(e) for e in took),
                withdrawn.get(unit_id, 0) if withdrawn is not None else None,
                exempted.get(unit_id, 0),
            ]
        )
    total_subs = sum(len(v) for v in submitted.values())
    total_taken = sum(e.adopted is not None for v in submitted.values() for e in v)
    total_adopted = sum(len(v) for v in adopted.values())
    silent = [u for u in corpus.departments.units.values() if not submitted.get(u.id)]
    active = [r for r in rows if r[1] or r[5]]
    chart = Chart(
        f"{quarter.label}各单位报送与采用",
        [r[0] for r in active],
        [("报送", [float(r[1]) for r in active]), ("本季度采用", [float(r[5]) for r in active])],
        "篇",
    )
    sections = [
        Section(
            "units",
            "各单位报送与采用",
            [
                "单位",
                "报送（篇）",
                "其中已采用",
                "采用率",
                "待采用",
                "本季度采用（篇）",
                "报送至发布中位数（工作日）",
                "撤稿",
                "豁免",
            ],
            rows,
            chart,
            notes=[extras.PENDING_NOTE] if withdrawn is None else [],
        ),
        Section(
            "exemptions",
            "经审核的误报豁免（本季度采用的稿件）",
            ["文件", "标题", "单位", "规则", "豁免的原文", "理由", "审核（本单位领导）", "审批", "进入发布分支"],
            extras.exemption_rows(corpus, quarter),
            empty="本季度采用的稿件均无误报豁免。",
        ),
        Section(
            "silent",
            "本季度未报送稿件的单位",
            ["单位", "代码", "现任联络员"],
            [[u.name, u.id, _liaison_now(corpus, u)] for u in silent],
            empty="各单位本季度均有报送。",
        ),
        Section(
            "articles",
            "明细：本季度报送或采用的稿件",
            ["文件", "标题", "单位", "报送人", "报送日期", "进入发布分支", "发布日期", "所在分支"],
            [
                [
                    e.path,
                    e.title,
                    unit_name(corpus, unit_of(e, corpus)),
                    person(corpus, e.submitted_by),
                    e.submitted.isoformat() if e.submitted else None,
                    e.adopted.isoformat() if e.adopted else "未采用",
                    e.date.isoformat() if e.date else None,
                    "、".join(e.branches) or corpus.branch,
                ]
                for e in sorted(
                    {e.path: e for v in (*submitted.values(), *adopted.values()) for e in v}.values(),
                    key=lambda e: (e.submitted or quarter.start, e.path),
                )
            ],
            html_rows=DETAIL_ROWS,
        ),
    ]
    return Report(
        f"quarter-{quarter.key}",
        f"{quarter.label}网站信息报送与采用情况通报",
        [
            (
                f"统计期间：{quarter.start} 至 {quarter.end}；统计日：{corpus.today}；依据 {corpus.branch} 分支（{corpus.head[:10]}）"
                f"及其他 {corpus.branches_read} 个分支。"
            ),
            (
                "报送：审批单报送日期（approval.submitted）在本季度的稿件，含尚未合入发布分支的；"
                "采用：本季度进入发布分支的稿件；采用率：本季度报送的稿件中截至统计日已采用的比例；"
                "报送至发布：从报送日期到发布（进入发布分支与发布日期中较晚者）的工作日数，按国务院公布的节假日和调休计算。"
            ),
        ],
        [
            ("报送", f"{total_subs} 篇"),
            ("其中已采用", f"{total_taken} 篇"),
            ("采用率", percent(total_taken, total_subs)),
            ("本季度采用", f"{total_adopted} 篇"),
            ("未报送的单位", f"{len(silent)} 个"),
        ],
        sections,
        list(corpus.notes),
    )


def _liaison_now(corpus: Corpus, unit: Unit) -> str:
    current = unit.liaison_on(corpus.today)
    return person(corpus, current) if current else "（目前没有联络员）"
