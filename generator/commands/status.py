"""`sitegen status` and `sitegen columns`: what is waiting for me, and where I may publish."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from generator.commands.whoami import current_person
from generator.commands.whoami import usable_maps as _maps
from generator.errors import EXIT_CLEAN, EXIT_FAILED
from generator.maps import Departments, Person, UsableMaps
from generator.project import find_root
from generator.status import (
    DETACHED,
    STAGE_LABELS,
    SYNC_LABELS,
    WORKTREE,
    Branches,
    Entry,
    collect,
    is_office,
    may_approve,
    may_review,
    mine,
    waiting_for,
)


def run_status(*, fmt: str, today: dt.date | None, root: Path | None) -> int:
    today = today or dt.date.today()
    root = (root or find_root()).resolve()
    maps = _maps(root, today)
    person = current_person(root, maps.departments)
    report = build_report(root, maps, person, today)
    if fmt == "json":
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_text(report))
    return EXIT_CLEAN


def build_report(root: Path, maps: UsableMaps, person: Person, today: dt.date) -> dict[str, Any]:
    deps = maps.departments
    assert deps is not None
    found = collect(root, maps)
    current = found.current

    def item(entry: Entry, next_step: str) -> dict[str, Any]:
        return _item(entry, deps, today, current, next_step)

    mine_ = [
        item(e, _next_for_author(e, deps, found))
        for e in found.entries
        if mine(person.id, e, deps, maps.columns, today) or (e.stage == "unreadable" and e.branch == WORKTREE)
    ]
    review = [item(e, _commands(e, found, "review")) for e in found.entries if may_review(person.id, e, deps)]
    approve = [item(e, _commands(e, found, "approve")) for e in found.entries if may_approve(person.id, e, deps)]
    ready = []
    if is_office(person.id, deps):
        ready = [
            item(e, _merge_command(e, found.protected))
            for e in found.entries
            if e.stage == "approved"
            and (
                (e.sync in ("pushed", "remote_only", "behind") and e.remote is not None)  # the merge takes the remote's
                or e.sync == "no_remote"
            )
            and e.remote != f"origin/{found.protected}"
        ]
    return {
        "user": {"id": person.id, "name": person.name, "email": person.email},
        "branch": current,
        "protected_branch": found.protected,
        "mine": mine_,
        "to_review": review,
        "to_approve": approve,
        "ready_to_merge": ready,
        "office": is_office(person.id, deps),
    }


def _item(entry: Entry, deps: Departments, today: dt.date, current: str | None, next_step: str) -> dict[str, Any]:
    stage = STAGE_LABELS[entry.stage]
    if entry.stage == "approved" and entry.date is not None and entry.date > today:
        stage = f"已审批，定于 {entry.date} 发布"
    waiting = [deps.label(p) for p in waiting_for(entry, deps)]
    return {
        "branch": entry.branch,
        "current": entry.branch in (current, WORKTREE, DETACHED),
        "remote": entry.remote,
        "sync": entry.sync,
        "sync_label": SYNC_LABELS[entry.sync],
        "problem": entry.problem,
        "path": entry.path,
        "title": entry.title,
        "unit": entry.unit,
        "stage": entry.stage,
        "stage_label": stage,
        "date": entry.date.isoformat() if entry.date else None,
        "waiting_for": waiting,
        "next": next_step,
    }


def _switch(entry: Entry, current: str | None) -> str:
    """The commands that put this entry's text in the working tree (the newest from the remote)."""
    if entry.branch in (WORKTREE, DETACHED):
        return ""
    local = entry.branch.split("/", 1)[1] if entry.branch.startswith("origin/") else entry.branch
    switch = "" if local == current else f"git switch {local} && "
    return switch + ("git pull && " if entry.sync == "behind" else "")


def _push(entry: Entry, found: Branches) -> str:
    """The push that works for this branch: `-u origin <b>` when it has no upstream yet."""
    sync = found.current_sync if entry.branch == WORKTREE else entry.sync
    if entry.branch == DETACHED or (entry.branch == WORKTREE and found.current is None):
        return "git push origin HEAD:分支名（游离 HEAD 上请先 git switch -c 分支名）"
    local = found.current if entry.branch == WORKTREE else entry.branch.removeprefix("origin/")
    if sync in ("local_only", "ahead"):
        return f"git push -u origin {local}"
    if sync == "diverged":
        return f"git pull --rebase origin {local} && git push -u origin {local}"
    return "git push"


def _then_push(entry: Entry, found: Branches) -> str:
    """` && <push>`, or nothing in a clone without a remote."""
    sync = found.current_sync if entry.branch == WORKTREE else entry.sync
    return "" if sync == "no_remote" else f" && {_push(entry, found)}"


def _commands(entry: Entry, found: Branches, verb: str) -> str:
    label = "审核" if verb == "review" else "审批"
    return (
        f"{_switch(entry, found.current)}sitegen {verb} {entry.path} && "
        f'git commit -m "{label}：{entry.title}" -- {entry.path}{_then_push(entry, found)}'
    )


def _next_for_author(entry: Entry, deps: Departments, found: Branches) -> str:
    if entry.stage == "unreadable":
        return f"修正后再提交：{entry.problem}；改好后运行 sitegen check {entry.path} 确认"
    if entry.placeholder:
        return f"先写好正文（替换占位文字），再提交：git add {entry.path} && git commit"
    if entry.branch == WORKTREE:
        return f'提交修改：git add {entry.path} && git commit -m "{entry.title}"{_then_push(entry, found)}'
    if entry.sync == "behind":
        return (
            f"本地分支 {entry.branch} 落后于 {entry.remote}，以下按远程的版本：先 git switch {entry.branch} && git pull"
        )
    if entry.sync in ("local_only", "ahead", "diverged", "detached"):
        what = "尚未推送" if entry.sync == "local_only" else SYNC_LABELS[entry.sync]
        return f"分支 {entry.branch} {what}，别人看不到：先推送 {_push(entry, found)}"
    who = "、".join(deps.label(p) for p in waiting_for(entry, deps)) or "（未登记）"
    if entry.stage == "draft":
        return f"填写审批单中的报送人和报送日期（sitegen check {entry.path} 会指出缺什么）"
    if entry.stage == "submitted":
        return f"请 {who} 运行 sitegen review {entry.path}（在分支 {entry.branch} 上）"
    if entry.stage == "reviewed":
        return f"请 {who} 运行 sitegen approve {entry.path}（在分支 {entry.branch} 上）"
    return f"发起合并请求：把分支 {entry.branch} 合并到受保护分支，由办公厅合并"


def _merge_command(entry: Entry, protected: str) -> str:
    """Merge what was pushed (origin/<b>): a remote-only branch has no local name, a local one may be stale."""
    if entry.remote is None:  # a clone without a remote: its own branch is what there is
        return f"检查通过后合并：git switch {protected} && git merge --no-ff {entry.branch}"
    return (
        f"合并请求通过检查后合并：git fetch && git switch {protected} && git pull && "
        f"git merge --no-ff {entry.remote} && git push"
    )


SECTIONS = (
    ("mine", "我的文章"),
    ("to_review", "等我审核（本单位领导审核）"),
    ("to_approve", "等我审批"),
    ("ready_to_merge", "已完成审批、可以合并发布（办公厅）"),
)


def render_text(report: dict[str, Any]) -> str:
    user = report["user"]
    lines = [f"{user['name']}（{user['id']}，{user['email']}），当前分支：{report['branch'] or '（游离 HEAD）'}"]
    for key, title in SECTIONS:
        items = report[key]
        if key == "ready_to_merge" and not report["office"]:
            continue
        lines.append("")
        lines.append(f"{title}：{len(items)} 篇" if items else f"{title}：无")
        for item in items:
            waiting = f"；等待 {'、'.join(item['waiting_for'])}" if item["waiting_for"] and key == "mine" else ""
            where = (
                item["branch"] if item["sync"] in ("pushed", "worktree") else f"{item['branch']}，{item['sync_label']}"
            )
            lines.append(f"  [{where}] {item['path']}  《{item['title']}》  {item['stage_label']}{waiting}")
            if item["problem"]:
                lines.append(f"      问题：{item['problem']}")
            lines.append(f"      下一步：{item['next']}")
    return "\n".join(lines) + "\n"


def run_waiting(*, stage: str, today: dt.date | None, root: Path | None) -> int:
    """`sitegen review` / `sitegen approve` without a path: what waits for me, and exit 2."""
    today = today or dt.date.today()
    root = (root or find_root()).resolve()
    maps = _maps(root, today)
    person = current_person(root, maps.departments)
    report = build_report(root, maps, person, today)
    key, verb, label = ("to_review", "review", "审核") if stage == "reviewed" else ("to_approve", "approve", "审批")
    items = report[key]
    out = sys.stderr
    print(f"sitegen {verb} 需要文章路径：sitegen {verb} content/栏目/文件名.md", file=out)
    if not items:
        print(f"目前没有等 {person.name} {label}的文章（sitegen status 列出各分支上的全部进度）。", file=out)
    else:
        print(f"等 {person.name} {label}的文章：", file=out)
        for item in items:
            print(f"  [{item['branch']}] {item['path']}  《{item['title']}》", file=out)
            print(f"      {item['next']}", file=out)
    return EXIT_FAILED
