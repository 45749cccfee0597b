"""What `sitegen serve` adds to a page it previews: the banner of a pending or scheduled article.

The preview renders every article that can be read, approved or not, into the server's private
folder (never build/). Each article page that the public build would not publish today carries a
banner: the stage still missing and who may sign it, or the day it goes live; and the problems the
check found in it, with their lines.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from generator.article import Article
from generator.maps import Departments
from generator.problems import Problem
from generator.site import routes

STAGES = (("reviewed_by", "本单位领导审核", "sitegen review"), ("approved_by", "审批", "sitegen approve"))
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True)
class Banner:
    url: str  # the page, relative to the site root
    kind: str  # "pending" | "scheduled" | "problems"
    html: str


def banners(articles: list[Article], problems: list[Problem], deps: Departments, today: dt.date) -> dict[str, Banner]:
    """url -> banner for every article page that needs one."""
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)
    out = {}
    for article in articles:
        url = routes.article_page(article.column, article.slug)
        found = by_path.get(article.rel_path, [])
        missing = [(key, label, command) for key, label, command in STAGES if not article.approval.get(key)]
        if missing:
            kind, headline = "pending", _pending(article, missing, deps)
        elif article.date > today:
            kind, headline = "scheduled", f"预览：本文已完成审批，定于 {article.date} 发布；在此之前不会出现在网站上。"
        elif found:
            kind, headline = "problems", "预览：检查发现本文有以下问题。"
        else:
            continue
        out[url] = Banner(url, kind, _html(kind, headline, article.rel_path, found))
    return out


def _pending(article: Article, missing: list[tuple[str, str, str]], deps: Departments) -> str:
    key, label, command = missing[0]
    unit = deps.units.get(article.unit)
    allowed = (list(unit.leaders) if unit else []) if key == "reviewed_by" else deps.approvers_for(article.unit)
    signed = {article.approval.get(k) for k in ("submitted_by", "reviewed_by")}
    who = "、".join(deps.label(p) for p in allowed if p not in signed) or "（未登记，请办公厅更新 departments.yaml）"
    rest = "、".join(f"“{m[1]}”" for m in missing)
    return (
        f"预览：本文尚未发布，审批还缺{rest}。下一步“{label}”可由 {who} 签署"
        f"（{command} {article.rel_path}）。完成全部审批并合并后才会发布"
        f"{f'（计划发布日期 {article.date}）' if article.date else ''}。"
    )


def _html(kind: str, headline: str, rel_path: str, problems: list[Problem]) -> str:
    items = "".join(
        f"<li>{html.escape(rel_path)}:{p.line}: {p.rule} {SEVERITY.get(p.severity, p.severity)}："
        f"{html.escape(p.message)}</li>"
        for p in problems
    )
    listing = f'<p>检查发现的问题：</p><ul style="margin:.3em 0 0 1.2em;padding:0">{items}</ul>' if items else ""
    colour = "#8a4b00" if kind == "scheduled" else "#b00020"
    return (
        f'<div id="sitegen-preview-banner" data-kind="{kind}" role="status" '
        f'style="background:#fffbe6;color:#000;border:4px solid {colour};padding:1em;margin:0;'
        f'font:16px/1.6 sans-serif">'
        f"<strong>{html.escape(headline)}</strong>{listing}</div>"
    )
