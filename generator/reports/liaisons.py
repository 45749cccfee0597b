"""`sitegen report liaisons`: the 备案 register, its gaps and vacancies (第六条(三)).

A gap is counted as MP005 counts it: the working days after the previous liaison's
last day up to and including the day the next one took over (or today, for a
vacancy still open). More than 15 is flagged: the regulation gives 15 working days
to name and register a successor. Working days follow chinesecalendar: official
holidays off, 调休 make-up Saturdays and Sundays on.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from generator import workdays
from generator.maps import LiaisonTerm, Unit
from generator.reports.common import person
from generator.reports.document import Chart, Report, Section
from generator.reports.gather import Corpus

LIMIT = 15
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Gap:
    unit: Unit
    after: LiaisonTerm
    until: LiaisonTerm | None  # None: still vacant
    days: int  # working days without a liaison
    flagged: bool  # the successor came (or is still missing) after the 15th working day


def gaps(unit: Unit, today: dt.date) -> list[Gap]:
    found = []
    terms = unit.liaisons
    for term, nxt in itertools.pairwise(terms):
        if term.end is None or nxt.start <= term.end + ONE_DAY:
            continue
        days = workdays.workdays_after(term.end, nxt.start - ONE_DAY)
        if days:
            found.append(Gap(unit, term, nxt, days, workdays.workdays_after(term.end, nxt.start) > LIMIT))
    last = terms[-1] if terms else None
    if last is not None and last.end is not None and last.end < today:
        days = workdays.workdays_after(last.end, today)
        found.append(Gap(unit, last, None, days, days > LIMIT))
    return found


def current(unit: Unit, today: dt.date) -> LiaisonTerm | None:
    for term in unit.liaisons:
        if term.start <= today and (term.end is None or today <= term.end):
            return term
    return None


def build(corpus: Corpus) -> Report:
    today = corpus.today
    units = list(corpus.departments.units.values())
    now_rows, history, gap_rows, missing = [], [], [], []
    all_gaps: list[Gap] = []
    for unit in units:
        term = current(unit, today)
        unit_gaps = gaps(unit, today)
        all_gaps += unit_gaps
        open_gap = next((g for g in unit_gaps if g.until is None), None)
        if term is not None:
            state = "在任"
        elif open_gap is not None:
            state = f"空缺 {open_gap.days} 个工作日" + ("（超过 15 个工作日）" if open_gap.flagged else "")
        else:
            state = "未登记联络员"
        now_rows.append(
            [
                unit.name,
                person(corpus, term.person) if term else None,
                term.start.isoformat() if term else None,
                workdays.workdays_after(term.start - ONE_DAY, today) if term else None,
                state,
            ]
        )
        if term is None:
            upcoming = next((t for t in unit.liaisons if t.start > today), None)
            reason = f"已登记 {person(corpus, upcoming.person)} 自 {upcoming.start} 起任" if upcoming else ""
            missing.append([unit.name, unit.id, state, reason or None])
        for t in unit.liaisons:
            history.append(
                [unit.name, person(corpus, t.person), t.start.isoformat(), t.end.isoformat() if t.end else "至今"]
            )
    for g in all_gaps:
        gap_rows.append(
            [
                g.unit.name,
                person(corpus, g.after.person),
                g.after.end.isoformat() if g.after.end else None,
                person(corpus, g.until.person) if g.until else "（尚未登记）",
                g.until.start.isoformat() if g.until else f"至今（{today}）",
                g.days,
                "是" if g.flagged else "否",
            ]
        )
    flagged = [g for g in all_gaps if g.flagged]
    chart = Chart(
        "联络员空缺时长",
        [f"{g.unit.name} {g.after.end}" for g in all_gaps],
        [("空缺工作日", [float(g.days) for g in all_gaps])],
        "个工作日",
    )
    return Report(
        f"liaisons-{today.isoformat()}",
        "网站联络员备案情况",
        [
            f"统计日：{today}；依据 {corpus.branch} 分支（{corpus.head[:10]}）上的 departments.yaml。",
            (
                "空缺工作日：前任卸任后、继任者到任前没有联络员的工作日数（尚未登记继任者的，算到统计日），"
                "按国务院公布的节假日和调休计算；第六条(三)要求 15 个工作日内确定新的联络员，"
                "继任者在卸任后第 15 个工作日之后才到任（或至今未登记）的标为“是”。"
            ),
        ],
        [
            ("单位", f"{len(units)} 个"),
            ("有在任联络员", f"{sum(r[1] is not None for r in now_rows)} 个"),
            ("无联络员", f"{len(missing)} 个"),
            ("超过 15 个工作日的空缺", f"{len(flagged)} 次"),
        ],
        [
            Section("current", "各单位现任联络员", ["单位", "现任联络员", "到任日期", "已任工作日", "状态"], now_rows),
            Section(
                "gaps",
                "联络员空缺（含当前空缺）",
                ["单位", "前任", "卸任日期", "继任", "到任日期", "空缺工作日", "超过 15 个工作日期限"],
                gap_rows,
                chart,
                empty="备案登记中没有空缺。",
            ),
            Section(
                "missing",
                "目前没有联络员的单位",
                ["单位", "代码", "状态", "说明"],
                missing,
                empty="各单位均有在任联络员。",
            ),
            Section("history", "备案登记历史", ["单位", "联络员", "起", "止"], history),
        ],
        list(corpus.notes),
    )
