"""`sitegen inspect`: the national inspection indicators a site can check about itself
(政府网站与政务新媒体检查指标, 国办秘函〔2019〕19号), before the inspectors do.

Levels: 否决 (fails the site outright: exit 1, a nightly pipeline alerts), 扣分 (a deduction
item), 提示 (could not be checked). What is measured is the protected branch as published
(articles whose publish date has come) and, when present, the built site.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import lifecycle, workdays
from generator.maps import Column
from generator.reports import builtsite
from generator.reports.document import DETAIL_ROWS, Chart, Report, Section
from generator.reports.gather import Corpus, Entry

FAIL, DEDUCT, INFO = "否决", "扣分", "提示"
OUTRIGHT_COUNT = 5  # stale, or blank, columns: this many fail a site outright
CADENCES: dict[str, tuple[str, Callable[[dt.date], dt.date] | None]] = {  # cadence -> (label, the limit)
    "news": ("动态、要闻类（2 周）", lambda d: d + dt.timedelta(days=14)),
    "notice": ("通知公告、政策文件类（6 个月）", lambda d: _add_months(d, 6)),
    "plan": ("人事、规划计划类（1 年）", lambda d: _add_months(d, 12)),
    "none": ("不考核更新", None),
}
CONSULTATION_DAYS = 30
RESULT_WORKDAYS = 20  # 征求意见结束后公布采纳情况的期限（工作日）
DISCLOSURE_WORKDAYS = 20  # 政府信息公开条例 第二十六条
YEARLY_REPORT = "政府网站工作年度报表"


@dataclass(frozen=True)
class Finding:
    level: str
    item: str
    where: str
    detail: str


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def run(corpus: Corpus, site: Path | None) -> tuple[Report, list[Finding]]:
    today = corpus.today
    live = [e for e in corpus.entries if e.published is not None and e.published <= today and not _gone(e, today)]
    findings: list[Finding] = []
    freshness = _columns(corpus, live, findings)
    _home(corpus, live, findings)
    _consultations(corpus, live, findings)
    _disclosures(corpus, live, findings)
    _yearly_report(today, live, findings)
    pages = _site(corpus, site, findings)
    findings.sort(key=lambda f: ((FAIL, DEDUCT, INFO).index(f.level), f.item, f.where))
    return _report(corpus, findings, freshness, pages), findings


def _gone(entry: Entry, today: dt.date) -> bool:
    """Withdrawn or taken down, as the public site itself decides (lifecycle.state): no longer an update."""
    return lifecycle.state(entry.date or today, entry.front, today) == "notice"


def _latest(columns: list[Column], live: list[Entry]) -> dict[str, dt.date | None]:
    """Column path -> the latest publish date in it or any of its sub-columns."""
    latest: dict[str, dt.date | None] = {c.path: None for c in columns}
    for entry in live:
        path = entry.column
        while path:
            current = latest.get(path, entry.date)
            if path in latest and entry.date and (current is None or entry.date > current):
                latest[path] = entry.date
            path = path.rsplit("/", 1)[0] if "/" in path else ""
    return latest


def _columns(corpus: Corpus, live: list[Entry], findings: list[Finding]) -> list[list[Any]]:
    columns = list(corpus.columns)
    latest = _latest(columns, live)
    today = corpus.today
    rows, stale, blank = [], 0, 0
    for column in columns:
        last = latest[column.path]
        label, limit = CADENCES.get(column.cadence or "", ("未声明更新周期", None))
        where = f"{column.title}（{column.path}）"
        if last is None:
            status = "空白栏目"
            blank += 1
            findings.append(Finding(DEDUCT, "空白栏目", where, "栏目中没有任何已发布的信息。"))
        elif limit is not None and limit(last) < today:
            status = f"超期未更新（应于 {limit(last)} 前更新）"
            stale += 1
            findings.append(Finding(DEDUCT, "栏目不更新", where, f"{label}栏目，最近一次更新是 {last}，已超期。"))
        else:
            status = "正常" if column.cadence else "未声明更新周期"
        if column.cadence is None:
            findings.append(Finding(INFO, "未声明更新周期", where, "请在 columns.yaml 中为此栏目填写 cadence。"))
        rows.append(
            [
                column.title,
                column.path,
                label,
                last.isoformat() if last else None,
                (today - last).days if last else None,
                status,
            ]
        )
    if stale >= OUTRIGHT_COUNT:
        findings.append(
            Finding(FAIL, "栏目不更新", "全站", f"{stale} 个栏目超期未更新（{OUTRIGHT_COUNT} 个及以上即单项否决）。")
        )
    if blank >= OUTRIGHT_COUNT:
        findings.append(
            Finding(FAIL, "空白栏目", "全站", f"{blank} 个空白栏目（{OUTRIGHT_COUNT} 个及以上即单项否决）。")
        )
    return rows


def _home(corpus: Corpus, live: list[Entry], findings: list[Finding]) -> None:
    news = {c.path for c in corpus.columns if c.cadence == "news"}
    dates = [e.date for e in live if e.date and e.column in news]
    last = max(dates, default=None)
    if last is None or last + dt.timedelta(days=14) < corpus.today:
        since = f"最近一次是 {last}" if last else "从未更新"
        findings.append(
            Finding(FAIL, "首页不更新", "首页", f"首页的动态、要闻类栏目超过 2 周未更新（{since}），为单项否决指标。")
        )


def _consultations(corpus: Corpus, live: list[Entry], findings: list[Finding]) -> None:
    kinds = {c.path for c in corpus.columns if c.kind == "consultation"}
    for entry in live:
        block = entry.front.get("consultation")
        if entry.column not in kinds or not isinstance(block, dict):
            continue
        opens, closes = block.get("opens"), block.get("closes")
        if not isinstance(opens, dt.date) or not isinstance(closes, dt.date):
            continue
        if (closes - opens).days < CONSULTATION_DAYS:
            findings.append(
                Finding(
                    DEDUCT,
                    "征求意见期限不足",
                    entry.path,
                    f"{opens} 至 {closes} 仅 {(closes - opens).days} 天，应不少于 30 天。",
                )
            )
        result = block.get("result")
        published = (
            isinstance(result, dict) and isinstance(result.get("date"), dt.date) and result["date"] <= corpus.today
        )
        if not published and closes < corpus.today and workdays.workdays_after(closes, corpus.today) > RESULT_WORKDAYS:
            findings.append(
                Finding(
                    DEDUCT,
                    "征求意见未公布结果",
                    entry.path,
                    f"{closes} 截止，超过 {RESULT_WORKDAYS} 个工作日仍未公布意见采纳情况。",
                )
            )


def _disclosures(corpus: Corpus, live: list[Entry], findings: list[Finding]) -> None:
    for entry in live:
        block = entry.front.get("disclosure")
        written = block.get("written") if isinstance(block, dict) else None
        if not isinstance(written, dt.date) or entry.date is None:
            continue
        late = workdays.workdays_after(written, entry.date)
        if late > DISCLOSURE_WORKDAYS:
            findings.append(
                Finding(
                    DEDUCT,
                    "信息公开不及时",
                    entry.path,
                    f"成文 {written}，{entry.date} 才公开，相隔 {late} 个工作日（应在 20 个工作日内）。",
                )
            )


def _yearly_report(today: dt.date, live: list[Entry], findings: list[Finding]) -> None:
    year = today.year - 1  # the report on last year is due by 31 January of this year
    due = dt.date(today.year, 1, 31)
    found = [e for e in live if YEARLY_REPORT in e.title and str(year) in e.title]
    if not found:
        if today > due:
            findings.append(
                Finding(DEDUCT, "年度报表未公开", "全站", f"未找到 {year} 年{YEARLY_REPORT}（应于 {due} 前公开）。")
            )
        return
    first = min(e.date for e in found if e.date)
    if first > due:
        findings.append(
            Finding(DEDUCT, "年度报表逾期公开", found[0].path, f"{year} 年{YEARLY_REPORT}于 {first} 公开，晚于 {due}。")
        )


_PAGE_ITEMS = {
    "link": (DEDUCT, "链接不可用"),
    "attachment": (DEDUCT, "附件缺失"),
    "footer": (DEDUCT, "页脚信息缺失"),
    "meta": (DEDUCT, "网页元数据缺失"),
}


def _site(corpus: Corpus, site: Path | None, findings: list[Finding]) -> int:
    if site is None or not site.is_dir():
        findings.append(
            Finding(
                INFO,
                "未检查已生成的网站",
                str(site or "build/"),
                "找不到已生成的网站：请先运行 sitegen build，或用 --site 指定网站目录。",
            )
        )
        return 0
    pages, problems = builtsite.scan(site, corpus.settings)
    for problem in problems:
        level, item = _PAGE_ITEMS[problem.kind]
        findings.append(Finding(level, item, problem.page, _page_detail(problem)))
    return pages


def _page_detail(problem: builtsite.PageProblem) -> str:
    if problem.kind in ("link", "attachment"):
        return f"指向 {problem.detail}，目标不存在。"
    if problem.kind == "footer":
        return f"页脚缺少{problem.detail}。"
    return f'缺少 <meta name="{problem.detail}">。'


def _report(corpus: Corpus, findings: list[Finding], freshness: list[list[Any]], pages: int) -> Report:
    levels = Counter(f.level for f in findings)
    items = Counter((f.level, f.item) for f in findings if f.level != INFO)
    item_rows: list[list[Any]] = [
        [item, level, n]
        for (level, item), n in sorted(items.items(), key=lambda kv: ((FAIL, DEDUCT).index(kv[0][0]), -kv[1]))
    ]
    return Report(
        f"inspect-{corpus.today.isoformat()}",
        "网站自查（政府网站检查指标）",
        [
            f"检查日：{corpus.today}；依据 {corpus.branch} 分支（{corpus.head[:10]}）已发布的信息"
            + (f"和已生成网站的 {pages} 个页面。" if pages else "（未检查已生成的网站）。"),
            "否决：单项否决指标（首页 2 周未更新；超期未更新栏目或空白栏目达 5 个）；扣分：扣分指标；提示：未能检查的情况。",
        ],
        [("否决项", str(levels[FAIL])), ("扣分项", str(levels[DEDUCT])), ("提示", str(levels[INFO]))],
        [
            Section(
                "items",
                "检查结果汇总",
                ["指标", "级别", "处数"],
                item_rows,
                Chart(
                    "各指标发现的问题", [r[0] for r in item_rows], [("处数", [float(r[2]) for r in item_rows])], "处"
                ),
                empty="未发现问题。",
            ),
            Section(
                "findings",
                "问题明细",
                ["级别", "指标", "位置", "说明"],
                [[f.level, f.item, f.where, f.detail] for f in findings],
                empty="未发现问题。",
                html_rows=DETAIL_ROWS,
            ),
            Section("columns", "栏目更新情况", ["栏目", "路径", "更新要求", "最近更新", "距今天数", "状态"], freshness),
        ],
        list(corpus.notes),
    )
