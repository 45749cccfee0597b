"""`sitegen report year 2026`: the yearly liaison rating (第二十条: 按年评选优秀网站联络员).

Per liaison: articles submitted in the year, articles adopted in the year, timeliness
(median working days from submission to publication) and the problems the gate finds in
the year's submissions as they stand. Ranked by adopted articles, then by the share of
submissions the gate finds nothing in, then by timeliness: the office picks from the top.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from generator.reports import gate
from generator.reports.common import lead_time, median, person
from generator.reports.document import Chart, Report, Section, percent
from generator.reports.gather import Corpus, Entry
from generator.reports.period import Period


def build(corpus: Corpus, year: Period) -> Report:
    submitted: dict[str, list[Entry]] = defaultdict(list)
    adopted: dict[str, list[Entry]] = defaultdict(list)
    for entry in corpus.entries:
        if not entry.submitted_by:
            continue
        if entry.submitted in year:
            submitted[entry.submitted_by].append(entry)
        if entry.adopted in year:
            adopted[entry.submitted_by].append(entry)
    problems = gate.problem_counts(corpus, (e for v in submitted.values() for e in v))
    liaisons = _liaisons_in(corpus, year)
    people = sorted({*liaisons, *submitted, *adopted})
    scored = []
    for pid in people:
        subs, took = submitted.get(pid, []), adopted.get(pid, [])
        errors = sum(problems[e.path][0] for e in subs)
        warnings = sum(problems[e.path][1] for e in subs)
        clean = sum(problems[e.path] == (0, 0) for e in subs)
        mid = median(lead_time(e) for e in took)
        key = (-len(took), -(clean / len(subs) if subs else 0), mid if mid is not None else float("inf"), pid)
        row = [
            person(corpus, pid),
            "、".join(sorted(liaisons.get(pid, set()))) or "（非联络员）",
            len(subs),
            sum(e.adopted is not None for e in subs),
            percent(sum(e.adopted is not None for e in subs), len(subs)),
            len(took),
            mid,
            errors,
            warnings,
            percent(clean, len(subs)),
        ]
        scored.append((key, row))
    scored.sort(key=lambda item: item[0])
    rows: list[list[Any]] = [[rank, *row] for rank, (_key, row) in enumerate(scored, 1)]
    top = rows[:20]
    chart = Chart(
        f"{year.label}联络员采用稿件（前 {len(top)} 名）",
        [str(r[1]) for r in top],
        [("本年采用", [float(r[6]) for r in top])],
        "篇",
    )
    return Report(
        f"year-{year.key}",
        f"{year.label}网站联络员考核评比",
        [
            (
                f"统计期间：{year.start} 至 {year.end}；统计日：{corpus.today}；依据 {corpus.branch} 分支（{corpus.head[:10]}）"
                f"及其他 {corpus.branches_read} 个分支。"
            ),
            (
                "报送：本年报送（approval.submitted）的稿件；本年采用：本年进入发布分支的稿件；"
                "及时性：本年采用稿件从报送到发布的工作日数中位数；关口问题：本年报送的稿件现有版本经 sitegen check 文章规则"
                "（栏目归属、审批链、保密与隐私、公开时限）发现的错误和警告。"
            ),
            "排序：本年采用多者在前；相同时，无问题稿件比例高者在前；再相同时，报送至发布更快者在前。",
        ],
        [
            ("联络员", f"{len(rows)} 人"),
            ("本年报送", f"{sum(len(v) for v in submitted.values())} 篇"),
            ("本年采用", f"{sum(len(v) for v in adopted.values())} 篇"),
            ("排名第一", str(rows[0][1]) if rows else "—"),
        ],
        [
            Section(
                "ranking",
                "联络员排名",
                [
                    "名次",
                    "联络员",
                    "单位",
                    "报送",
                    "其中已采用",
                    "采用率",
                    "本年采用",
                    "报送至发布中位数（工作日）",
                    "关口发现错误",
                    "关口发现警告",
                    "无问题稿件比例",
                ],
                rows,
                chart,
            )
        ],
        list(corpus.notes),
    )


def _liaisons_in(corpus: Corpus, year: Period) -> dict[str, set[str]]:
    """person -> names of the units they were liaison of at some time in the year."""
    found: dict[str, set[str]] = defaultdict(set)
    for unit in corpus.departments.units.values():
        for term in unit.liaisons:
            if term.start <= year.end and (term.end is None or term.end >= year.start):
                found[term.person].add(unit.name)
    return found
