"""LC1xx: an article's later life in the history — what `git rm`, withdrawal and takedown commits may do.

Pure functions over the commits and front matter that history.py reads (see rules/gh.py):
- a published article's file may not be deleted or moved unless the deleted version carries an
  approved withdrawal (its URL must end in a notice, never silently disappear);
- every withdrawal or takedown signature is committed by the person it names;
- a commit that takes a page down changes nothing else in it (a takedown cannot publish);
- a published article keeps its publish date: a correction is recorded under `corrections`, and
  the page's date (its place in lists, feeds and the disclosure catalogue) never moves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator import lifecycle
from generator.maps import Departments, Maps
from generator.problems import ERROR, Problem
from generator.rules import Sink, rule
from generator.rules.gh import UNSIGN, Change, Commit, Form, Forms, column_of, fix

DELETED_PUBLISHED = rule("LC101", ERROR, "删除或移动了已发布的文章，而它没有经批准的撤稿")
FORGED_SIGNATURE = rule("LC102", ERROR, "撤稿或紧急下线的签署不是被签署人本人提交的")
TAKEDOWN_CHANGES_MORE = rule("LC103", ERROR, "紧急下线的提交还改动了文章的其他内容（紧急下线不能用来发布）")
DATE_OF_PUBLISHED = rule("LC104", ERROR, "改动了已发布文章的发布日期（更正后的文章保留原发布日期）")

# (block, key): the person a stamp names; the block's date keys go with it.
SIGNED = {
    ("withdrawal", "requested_by"): ("requested",),
    ("withdrawal", "reviewed_by"): ("reviewed",),
    ("withdrawal", "approved_by"): ("approved",),
    ("takedown", "by"): ("date", "reason"),
    ("takedown", "leader"): ("leader_date",),
    ("takedown", "office"): ("office_date",),
}
LIFECYCLE_BLOCKS = ("withdrawal", "takedown")


def check_commit(commit: Commit, maps: Maps, forms: Forms, today: dt.date | None = None) -> list[Problem]:
    """`today`: the judge's date. An article counts as published on it, whatever date the commit claims."""
    deps = maps.departments
    if deps is None or maps.columns is None:
        return []  # GH009 says so
    person = deps.person_by_email(commit.email)
    author = person.id if person else None
    out: list[Problem] = []
    for change in commit.changes:
        if not (change.path.startswith("content/") and change.path.endswith(".md")):
            continue
        befores = [forms(sha) for sha in (change.old, *change.others)]
        new = forms(change.new)
        if change.new is None:
            _deleted(commit, change, befores, max(commit.day, today or commit.day), out)
            continue
        _signatures(commit, change.path, author, befores, new, deps, out)
        _takedown_only(commit, change.path, befores, new, out)
        _date_kept(commit, change.path, befores, new, max(commit.day, today or commit.day), out)
    return out


def lifecycle_stamp_only(
    old: Form | None, new: Form | None, person: str, unit_id: str | None, deps: Departments
) -> bool:
    """True when the change only signs `person`'s own withdrawal or takedown stamps (for GH002)."""
    if old is None or new is None or old.front is None or new.front is None:
        return False
    unit = deps.units.get(unit_id or "")
    allowed: list[tuple[str, str]] = []
    if unit is not None and person in unit.leaders:
        allowed += [("withdrawal", "reviewed_by"), ("takedown", "leader")]
    if unit is not None and person in deps.approvers_for(unit.id):
        allowed += [("withdrawal", "approved_by")]
    if not allowed:
        return False
    for block, key in allowed:
        if _value(new, block, key) not in (person, None) or _value(old, block, key) not in (person, None):
            return False
    strip = {(block, k) for block, key in allowed for k in (key, *SIGNED[(block, key)])}
    return _without(old, strip) == _without(new, strip)


def _deleted(commit: Commit, change: Change, befores: list[Form | None], day: dt.date, out: list[Problem]) -> None:
    # The author date is the committer's to choose: a back-dated deletion is judged on the judge's day.
    old = next((f for f in befores if f is not None and f.front is not None), None)
    if old is None or not published(old, day):
        return
    if lifecycle.withdrawal_approved(old.front or {}):
        return
    title = str((old.front or {}).get("title", ""))
    _add(
        out,
        change.path,
        DELETED_PUBLISHED,
        f"{commit.label} 删除（或移动）了已发布的文章「{title}」。已经公开的网址不能悄悄消失，其他单位的链接也会失效："
        f"请改用 sitegen withdraw {change.path} --reason … 申请撤稿，经本单位领导审核、办公厅或主管局领导审批后，"
        f"网页会改为撤稿说明。{fix(commit, f'这次提交尚未完成：请撤销这一删除（git restore --staged --worktree {change.path}），再提交。')}",
    )


def _signatures(
    commit: Commit,
    path: str,
    author: str | None,
    befores: list[Form | None],
    new: Form | None,
    deps: Departments,
    out: list[Problem],
) -> None:
    if new is None or new.front is None:
        return
    for block, key in SIGNED:
        value = _value(new, block, key)
        if value is None or value == author:
            continue
        if any(f is not None and _value(f, block, key) == value for f in befores):
            continue  # signed before this commit
        by = deps.label(author) if author else commit.email
        _add(
            out,
            path,
            FORGED_SIGNATURE,
            f"{commit.label} 把 {block}.{key} 写成了 {deps.label(value)}，但提交者是 {by}："
            f"撤稿和紧急下线的每一项签署只能由被签署人本人提交。请删除这一签署，由 {deps.label(value)} 本人运行相应命令并提交。{fix(commit, UNSIGN)}",
            new.line(block, key),
        )


def _takedown_only(commit: Commit, path: str, befores: list[Form | None], new: Form | None, out: list[Problem]) -> None:
    if new is None or new.front is None:
        return
    taking = {(block, key) for block, key in [("takedown", "by"), ("takedown", "date"), ("takedown", "reason")]}
    if not any(_value(new, b, k) is not None for b, k in taking):
        return
    if not any(f is None or any(_value(f, b, k) != _value(new, b, k) for b, k in taking) for f in befores):
        return  # the takedown itself is older than this commit
    if all(
        f is not None and f.front is not None and _without_block(f, "takedown") == _without_block(new, "takedown")
        for f in befores
    ):
        return
    _add(
        out,
        path,
        TAKEDOWN_CHANGES_MORE,
        f"{commit.label} 在紧急下线的同时改动了文章的其他内容（或新建了文章）。紧急下线只能让已发布的网页下线，"
        f"不能用来发布或修改；其他改动请按正常流程报送审批。{fix(commit)}",
        new.line("takedown"),
    )


def _date_kept(
    commit: Commit, path: str, befores: list[Form | None], new: Form | None, day: dt.date, out: list[Problem]
) -> None:
    if new is None or new.front is None:
        return
    for before in befores:
        if before is None or not published(before, day):
            continue
        was, now = (before.front or {}).get("date"), new.front.get("date")
        if now != was:
            _add(
                out,
                path,
                DATE_OF_PUBLISHED,
                f"{commit.label} 把已于 {was} 发布的文章的发布日期改成了 {now}。已发布的文章保留原发布日期"
                f"（它在列表、订阅和信息公开目录中的位置不变）；更正内容请写在 corrections 中，date 请改回 {was}。"
                f"{fix(commit, '这次提交尚未完成：改回后重新 git add，再提交。')}",
                new.line("date"),
            )
            return


# ---- helpers ------------------------------------------------------------------------------------------


def published(form: Form, day: dt.date) -> bool:
    front = form.front or {}
    approval = front.get("approval")
    date = front.get("date")
    if not isinstance(approval, dict) or not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        return False
    return bool(approval.get("approved_by")) and bool(approval.get("approved")) and date <= day


def _value(form: Form, block: str, key: str) -> Any:
    part = (form.front or {}).get(block)
    value = part.get(key) if isinstance(part, dict) else None
    if isinstance(value, bool) or value in (None, ""):
        return None
    return str(value).strip() if isinstance(value, (str, int)) else value


def _without(form: Form, keys: set[tuple[str, str]]) -> tuple[Any, ...]:
    front = dict(form.front or {})
    for block in LIFECYCLE_BLOCKS:
        part = front.get(block)
        if isinstance(part, dict):
            front[block] = {k: v for k, v in part.items() if (block, k) not in keys}
            if not front[block]:
                front.pop(block)
    return (repr(sorted(front.items(), key=lambda kv: str(kv[0]))), form.body)


def _without_block(form: Form, block: str) -> tuple[Any, ...]:
    front = {k: v for k, v in (form.front or {}).items() if k != block}
    return (repr(sorted(front.items(), key=lambda kv: str(kv[0]))), form.body)


def _add(out: list[Problem], path: str, code: Any, message: str, line: int = 1) -> None:
    sink = Sink(path)
    sink.add(code, line, message)
    out.extend(sink.problems)


def unit_of(path: str, maps: Maps) -> str | None:
    column = column_of(path, maps.columns) if maps.columns else None
    found = maps.columns.get(column) if column and maps.columns else None
    return found.owner if found else None
