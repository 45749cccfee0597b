"""`sitegen report remuneration 2026Q3`: the fee ledger of the quarter's adopted articles (第十条).

Rates come from site.yaml's `remuneration` on the protected branch (yuan per article; a
column's own rate covers its sub-columns). The article is paid to its unit, credited to the
liaison who submitted it; amounts are exact decimals.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from generator.errors import SitegenError
from generator.reports.common import person, unit_name, unit_of
from generator.reports.document import DETAIL_ROWS, Chart, Report, Section
from generator.reports.gather import Corpus
from generator.reports.period import Period


def build(corpus: Corpus, quarter: Period) -> Report:
    rates = corpus.settings.remuneration if corpus.settings else None
    if rates is None:
        raise SitegenError(
            f"{corpus.branch} 分支的 site.yaml 中没有稿费标准：请由办公厅在 site.yaml 中填写 remuneration"
            "（default: 每篇金额；可选 columns: 个别栏目金额），格式见 docs/maps.md。"
        )
    notes = list(corpus.notes)
    notes += [
        f"site.yaml 的 remuneration.columns 中的 {c} 不是 columns.yaml 中的栏目，未使用。"
        for c in rates.columns
        if c not in corpus.columns
    ]
    ledger: list[list[Any]] = []
    by_unit: defaultdict[str, list[Any]] = defaultdict(lambda: [0, Decimal(0)])  # [count, amount]
    by_person: defaultdict[tuple[str, str], list[Any]] = defaultdict(lambda: [0, Decimal(0)])
    adopted = sorted((e for e in corpus.entries if e.adopted in quarter), key=lambda e: (e.adopted, e.path))
    for entry in adopted:
        unit = unit_name(corpus, unit_of(entry, corpus))
        who = person(corpus, entry.submitted_by)
        rate = rates.rate(entry.column)
        column = corpus.columns.get(entry.column)
        ledger.append(
            [
                entry.path,
                entry.title,
                column.title if column else entry.column,
                unit,
                who,
                str(entry.adopted),
                _yuan(rate),
            ]
        )
        for bucket in (by_unit[unit], by_person[(who, unit)]):
            bucket[0] += 1
            bucket[1] += rate
    total = sum((b[1] for b in by_unit.values()), Decimal(0))
    unit_rows = [[name, n, _yuan(amount)] for name, (n, amount) in sorted(by_unit.items(), key=lambda kv: -kv[1][1])]
    person_rows = [
        [who, unit, n, _yuan(amount)]
        for (who, unit), (n, amount) in sorted(by_person.items(), key=lambda kv: -kv[1][1])
    ]
    if ledger:
        ledger.append(["合计", None, None, None, None, None, _yuan(total)])
        unit_rows.append(["合计", len(adopted), _yuan(total)])
        person_rows.append(["合计", None, len(adopted), _yuan(total)])
    rate_text = "；".join(
        [f"一般栏目 {_yuan(rates.default)} 元/篇"]
        + [
            f"{corpus.columns.by_path[c].title if c in corpus.columns else c}（{c}）{_yuan(r)} 元/篇"
            for c, r in rates.columns.items()
        ]
    )
    return Report(
        f"remuneration-{quarter.key}",
        f"{quarter.label}网站采用稿件稿费明细",
        [
            f"统计期间：{quarter.start} 至 {quarter.end}（本季度进入 {corpus.branch} 分支的稿件）；统计日：{corpus.today}。",
            f"稿费标准（site.yaml）：{rate_text}。",
        ],
        [("采用稿件", f"{len(adopted)} 篇"), ("稿费合计", f"{_yuan(total)} 元")],
        [
            Section(
                "units",
                "按单位汇总",
                ["单位", "采用（篇）", "金额（元）"],
                unit_rows,
                Chart(
                    "各单位稿费",
                    [r[0] for r in unit_rows[:-1]],
                    [("金额", [float(r[2]) for r in unit_rows[:-1]])],
                    "元",
                ),
                empty="本季度没有采用的稿件。",
            ),
            Section(
                "liaisons",
                "按联络员汇总",
                ["报送人", "单位", "采用（篇）", "金额（元）"],
                person_rows,
                empty="本季度没有采用的稿件。",
            ),
            Section(
                "ledger",
                "明细",
                ["文件", "标题", "栏目", "单位", "报送人", "采用日期", "金额（元）"],
                ledger,
                empty="本季度没有采用的稿件。",
                html_rows=DETAIL_ROWS,
            ),
        ],
        notes,
    )


def _yuan(amount: Decimal) -> str:
    return f"{amount:.2f}"
