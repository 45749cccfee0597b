"""A working day without dead ends, on a real clone of a bare remote with the project's hooks.

The liaison starts an article on day D, the leader reviews on D+2, the publisher approves on D+3,
the office merges and builds on D+3: every pre-commit hook accepts, the pre-receive hook accepts the
push to main, and the page is published. `sitegen status` tells each role what waits for them.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

from gitsite import PEOPLE, REPO, Clone, make_site, run

D, D2, D3 = "2025-06-10", "2025-06-12", "2025-06-13"


def _on(clone: Clone, day: str, who: str) -> Clone:
    """The clone as `who` on `day`: git config names them, hooks and rules take `day` as today."""
    clone.git("config", "user.name", PEOPLE[who][0])
    clone.git("config", "user.email", PEOPLE[who][1])
    return dataclasses.replace(clone, env=dict(clone.env, SITEGEN_TODAY=day))


def _sitegen(clone: Clone, day: str, *args: str, check: bool = True):
    return run(["sitegen", *args, "--today", day], clone.path, clone.env, check=check)


def _with_hook(clone: Clone) -> None:
    hook = clone.path / ".git" / "hooks" / "pre-commit"
    shutil.copy(REPO / "hooks" / "pre-commit", hook)
    hook.chmod(0o755)


def _write_body(path: Path, body: str) -> None:
    head, _, _ = path.read_text(encoding="utf-8").partition("\n---\n")
    path.write_text(f"{head}\n---\n{body}", encoding="utf-8")


def test_new_review_approve_merge_build_across_days(tmp_path, tool_env):
    clone = make_site(tmp_path, tool_env)
    _with_hook(clone)
    shutil.copytree(REPO / "templates", clone.path / "templates")
    assert clone.commit("huangpf", "技术单位：网站模板", day="2025-05-20").returncode == 0
    assert clone.push("main").returncode == 0
    clone.git("switch", "-q", "-c", "notice")

    liaison = _on(clone, D, "zhangwei")
    made = _sitegen(liaison, D, "new", "nsfw", "--title", "关于延长申报期限的通知", "--slug", "yanqi")
    assert "已新建 content/nsfw/yanqi.md" in made.stdout
    path = "content/nsfw/yanqi.md"
    _write_body(clone.path / path, "经研究，本月申报期限延长至 6 月 20 日。\n")
    done = liaison.commit("zhangwei", "报送：关于延长申报期限的通知", day=D)
    assert done.returncode == 0, done.stderr
    assert liaison.push("HEAD:notice").returncode == 0

    leader = _on(clone, D2, "limin")
    waiting = json.loads(_sitegen(leader, D2, "status", "--format", "json").stdout)
    assert [i["path"] for i in waiting["to_review"]] == [path]
    reviewed = _sitegen(leader, D2, "review", path)
    assert "已以 李敏（limin） 的身份签署“本单位领导审核”" in reviewed.stdout
    done = leader.commit("limin", "审核：关于延长申报期限的通知", day=D2)
    assert done.returncode == 0, done.stderr  # reviewed two days after the planned date: no AP004
    assert leader.push("HEAD:notice").returncode == 0

    publisher = _on(clone, D3, "chenhong")
    approved = _sitegen(publisher, D3, "approve", path)
    assert f"发布日期已改为审批当天 {D3}" in approved.stdout
    done = publisher.commit("chenhong", "审批：关于延长申报期限的通知", day=D3)
    assert done.returncode == 0, done.stderr
    assert publisher.push("HEAD:notice").returncode == 0
    ready = json.loads(_sitegen(publisher, D3, "status", "--format", "json").stdout)["ready_to_merge"]
    assert [(i["branch"], i["path"]) for i in ready] == [("notice", path)]

    publisher.git("switch", "-q", "main")
    env = dict(publisher.env, GIT_AUTHOR_DATE=f"{D3}T16:00:00+08:00", GIT_COMMITTER_DATE=f"{D3}T16:00:00+08:00")
    run(["git", "merge", "-q", "--no-ff", "-m", "合并：关于延长申报期限的通知", "notice"], clone.path, env)
    pushed = publisher.push("main")
    assert pushed.returncode == 0, pushed.stderr  # the server's pre-receive hook accepts it

    out = tmp_path / "site-out"
    built = _sitegen(publisher, D3, "build", "--out", str(out), "--no-search")
    assert built.returncode == 0, built.stderr
    page = (out / "nsfw" / "yanqi.html").read_text(encoding="utf-8")
    assert "关于延长申报期限的通知" in page and "本月申报期限延长至" in page
    assert (out / "nsfw" / "yanqi.html").exists()


def _article(by: str, unit: str = "nsfws", reviewed: str | None = None, approved: str | None = None) -> str:
    stamps = f"  reviewed_by: {reviewed}\n  reviewed: 2025-06-11\n" if reviewed else ""
    stamps += f"  approved_by: {approved}\n  approved: 2025-06-12\n" if approved else ""
    return (
        f"---\ntitle: 通知{by}{reviewed or ''}{approved or ''}\ndate: 2025-06-12\nunit: {unit}\napproval:\n"
        f"  submitted_by: {by}\n  submitted: 2025-06-10\n{stamps}  secrecy: 公开\n---\n正文。\n"
    )


def _status(clone: Clone, who: str) -> dict:
    as_who = _on(clone, "2025-06-30", who)
    return json.loads(_sitegen(as_who, "2025-06-30", "status", "--format", "json").stdout)


def _paths(report: dict, key: str) -> list[tuple[str, str]]:
    return sorted((i["branch"], i["path"]) for i in report[key])


def test_status_for_each_role_on_several_branches(tmp_path, tool_env):
    clone = make_site(tmp_path, tool_env)
    branches = {
        "a": ("content/nsfw/a.md", _article("zhangwei"), ["zhangwei"]),
        "b": ("content/nsfw/b.md", _article("zhangwei", reviewed="limin"), ["zhangwei", "limin"]),
        "d": (
            "content/nsfw/d.md",
            _article("zhangwei", reviewed="limin", approved="wangjun"),
            ["zhangwei", "limin", "wangjun"],
        ),
        "c": ("content/zgkj/c.md", _article("chenyt", unit="zgkjs"), ["chenyt"]),
    }
    for name, (path, text, _) in branches.items():
        clone.git("switch", "-q", "-c", name, "main")
        clone.write(path, text)
        clone.commit(branches[name][2][-1], f"{name}", day="2025-06-12")
        if name != "c":
            assert clone.push(f"HEAD:{name}").returncode == 0
    clone.git("switch", "-q", "a")
    clone.write("content/nsfw/e.md", _article("zhangwei"))  # not committed yet

    liaison = _status(clone, "zhangwei")
    assert _paths(liaison, "mine") == [
        ("a", "content/nsfw/a.md"),
        ("b", "content/nsfw/b.md"),
        ("d", "content/nsfw/d.md"),
        ("（工作区，未提交）", "content/nsfw/e.md"),
    ]
    stages = {i["path"]: i["stage"] for i in liaison["mine"]}
    assert stages == {
        "content/nsfw/a.md": "submitted",
        "content/nsfw/b.md": "reviewed",
        "content/nsfw/d.md": "approved",
        "content/nsfw/e.md": "submitted",
    }
    assert liaison["to_review"] == liaison["to_approve"] == [] and liaison["office"] is False

    leader = _status(clone, "limin")
    assert _paths(leader, "to_review") == [("a", "content/nsfw/a.md"), ("（工作区，未提交）", "content/nsfw/e.md")]
    assert leader["mine"] == [] and leader["to_approve"] == []
    assert "sitegen review content/nsfw/a.md" in leader["to_review"][0]["next"]

    other_leader = _status(clone, "guohw")
    assert _paths(other_leader, "to_review") == [("c", "content/zgkj/c.md")]
    assert other_leader["to_review"][0]["next"].startswith("git switch c && sitegen review content/zgkj/c.md")

    supervisor = _status(clone, "wangjun")
    assert _paths(supervisor, "to_approve") == [("b", "content/nsfw/b.md")] and supervisor["office"] is False

    publisher = _status(clone, "chenhong")
    assert _paths(publisher, "to_approve") == [("b", "content/nsfw/b.md")]
    assert _paths(publisher, "ready_to_merge") == [("d", "content/nsfw/d.md")]
    assert "git merge --no-ff d" in publisher["ready_to_merge"][0]["next"]

    text = _sitegen(_on(clone, "2025-06-30", "limin"), "2025-06-30", "status").stdout
    assert "等我审核（本单位领导审核）：2 篇" in text and "下一步：" in text

    no_path = _sitegen(_on(clone, "2025-06-30", "limin"), "2025-06-30", "review", check=False)
    assert no_path.returncode == 2 and "content/nsfw/a.md" in no_path.stderr and "Missing" not in no_path.stderr


def test_columns_mine_lists_where_i_may_publish(tmp_path, tool_env):
    clone = make_site(tmp_path, tool_env)
    liaison = _on(clone, "2025-06-30", "zhangwei")
    rows = json.loads(_sitegen(liaison, "2025-06-30", "columns", "--mine", "--format", "json").stdout)["columns"]
    assert [(r["path"], r["roles"]) for r in rows] == [("nsfw", ["new"]), ("nsfw/zxft", ["new"])]
    supervisor = _on(clone, "2025-06-30", "wangjun")
    rows = json.loads(_sitegen(supervisor, "2025-06-30", "columns", "--mine", "--format", "json").stdout)["columns"]
    assert {r["path"] for r in rows} == {"nsfw", "nsfw/zxft", "zgkj", "gzdt"}
    everyone = _sitegen(liaison, "2025-06-30", "columns").stdout
    assert "zgkj  征管科技  征管和科技发展司  联络员 陈雅婷（chenyt）" in everyone
