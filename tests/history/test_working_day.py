"""A working day without dead ends, on a real clone of a bare remote with the project's hooks.

The liaison starts an article on day D, the leader reviews on D+2, the publisher approves on D+3,
the office merges and builds on D+3: every pre-commit hook accepts, the pre-receive hook accepts the
push to main, and the page is published. `sitegen status` tells each role what waits for them.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
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
    assert "git merge --no-ff origin/d && git push" in publisher["ready_to_merge"][0]["next"]  # what was pushed

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


def _mine(report: dict) -> dict[str, tuple[str, str, str]]:
    """path -> (branch, stage, sync) of "my articles"."""
    return {i["path"]: (i["branch"], i["stage"], i["sync"]) for i in report["mine"]}


def test_status_relates_branches_to_the_remote_and_to_what_is_published(tmp_path, tool_env):
    """The reviewer's cases: merged and published articles, remote-only, ahead, behind and unpushed branches."""
    clone = make_site(tmp_path, tool_env)
    approved = _article("zhangwei", reviewed="limin", approved="wangjun")

    def branch(name: str, path: str, text: str, who: str, push: str | None) -> None:
        clone.git("switch", "-q", "-c", name, "origin/main")
        clone.write(path, text)
        clone.commit(who, name, day="2025-06-12")
        if push is not None:
            assert clone.push(*push.split()).returncode == 0

    # merged: the office merged "pub" on the server; this clone's main is stale, a new branch starts at origin/main
    branch("pub", "content/nsfw/pub.md", approved, "wangjun", "-u pub")
    run(["git", "fetch", "-q", str(clone.path), "pub:main"], clone.remote, clone.env)  # the server's main moves
    clone.git("fetch", "-q")
    clone.git("switch", "-q", "-c", "later", "origin/main")
    # control: approved, pushed, not merged; and one only on the remote
    branch("ready", "content/nsfw/ready.md", approved.replace("通知", "待发", 1), "wangjun", "-u ready")
    branch("far", "content/nsfw/far.md", approved.replace("通知", "远程", 1), "wangjun", "HEAD:far")
    clone.git("switch", "-q", "later")
    clone.git("branch", "-q", "-D", "far")
    # ahead: approval committed locally, not pushed; no upstream at all; behind: the remote has the review
    branch("ahead", "content/nsfw/ahead.md", _article("zhangwei"), "zhangwei", "-u ahead")
    clone.write("content/nsfw/ahead.md", approved.replace("通知", "未推", 1))
    clone.commit("wangjun", "审批", day="2025-06-13")
    branch("fresh", "content/nsfw/fresh.md", approved.replace("通知", "新分支", 1), "wangjun", None)
    branch("behind", "content/nsfw/behind.md", _article("zhangwei"), "zhangwei", "-u behind")
    clone.write("content/nsfw/behind.md", _article("zhangwei", reviewed="limin"))
    clone.commit("limin", "审核", day="2025-06-13")
    assert clone.push("behind").returncode == 0
    clone.git("reset", "-q", "--hard", "HEAD~1")
    clone.git("switch", "-q", "later")

    liaison = _status(clone, "zhangwei")
    assert _mine(liaison) == {
        "content/nsfw/ready.md": ("ready", "approved", "pushed"),  # listed once, not as ready and origin/ready
        "content/nsfw/far.md": ("origin/far", "approved", "remote_only"),
        "content/nsfw/ahead.md": ("ahead", "approved", "ahead"),
        "content/nsfw/fresh.md": ("fresh", "approved", "local_only"),
        "content/nsfw/behind.md": ("behind", "reviewed", "behind"),  # the remote's stage, not the stale copy's
    }  # pub.md is published: not on its way anywhere
    nexts = {i["path"]: i["next"] for i in liaison["mine"]}
    assert "git push -u origin fresh" in nexts["content/nsfw/fresh.md"]
    assert "git push -u origin ahead" in nexts["content/nsfw/ahead.md"]
    assert "git pull" in nexts["content/nsfw/behind.md"]

    publisher = _status(clone, "chenhong")
    ready = {i["path"]: i["next"] for i in publisher["ready_to_merge"]}
    assert sorted(ready) == ["content/nsfw/far.md", "content/nsfw/ready.md"]  # nothing merged, nothing unpushed
    assert "git merge --no-ff origin/far && git push" in ready["content/nsfw/far.md"]
    assert "git merge --no-ff origin/ready && git push" in ready["content/nsfw/ready.md"]
    text = _sitegen(_on(clone, "2025-06-30", "chenhong"), "2025-06-30", "status").stdout
    assert "pub.md" not in text and "[ahead，有未推送的提交]" not in text.split("已完成审批")[1]

    leader = _status(clone, "limin")
    assert "content/nsfw/behind.md" not in {i["path"] for i in leader["to_review"]}  # the remote: reviewed already


def test_status_on_a_detached_head_and_for_unreadable_drafts(tmp_path, tool_env):
    clone = make_site(tmp_path, tool_env)
    clone.git("switch", "-q", "--detach", "origin/main")
    clone.write("content/nsfw/det.md", _article("zhangwei"))
    clone.commit("zhangwei", "报送", day="2025-06-12")
    clone.write("content/nsfw/broken.md", "---\ntitle: [没有闭合\ndate: 2025-06-12\nunit: nsfws\n---\n正文。\n")
    clone.write("content/nsfw/gbk.md", "---\ntitle: 通知\n---\n正文。\n")
    (clone.path / "content/nsfw/gbk.md").write_bytes(b"---\ntitle: \xcd\xa8\xff\nunit: nsfws\n---\nok\n")
    clone.write("content/nsfw/fine.md", _article("zhangwei"))  # control: readable, in the same working tree

    leader = _status(clone, "limin")
    assert _paths(leader, "to_review") == [
        ("HEAD", "content/nsfw/det.md"),
        ("（工作区，未提交）", "content/nsfw/fine.md"),
    ]
    assert leader["to_review"][0]["next"].startswith("sitegen review content/nsfw/det.md")
    no_path = _sitegen(_on(clone, "2025-06-30", "limin"), "2025-06-30", "review", check=False)
    assert "content/nsfw/det.md" in no_path.stderr

    liaison = _status(clone, "zhangwei")
    mine = {i["path"]: i for i in liaison["mine"]}
    assert mine["content/nsfw/fine.md"]["stage"] == "submitted"
    assert mine["content/nsfw/broken.md"]["stage"] == "unreadable"
    assert "审批单第 2 行有误" in mine["content/nsfw/broken.md"]["problem"]
    assert "第 2 行不是 UTF-8 编码" in mine["content/nsfw/gbk.md"]["problem"]
    assert "sitegen check content/nsfw/gbk.md" in mine["content/nsfw/gbk.md"]["next"]
    text = _sitegen(_on(clone, "2025-06-30", "zhangwei"), "2025-06-30", "status").stdout
    assert "无法读取（文件有误）" in text and "问题：第 2 行不是 UTF-8 编码" in text


def test_review_of_a_path_that_is_not_on_this_branch(tmp_path, tool_env):
    clone = make_site(tmp_path, tool_env)
    leader = _on(clone, "2025-06-30", "limin")
    gone = _sitegen(leader, "2025-06-30", "review", "content/nsfw/g1.md", check=False)
    assert gone.returncode == 2 and "content/nsfw/g1.md：文件不存在" in gone.stderr and "git switch" in gone.stderr
    control = _sitegen(leader, "2025-06-30", "review", "site.yaml", check=False)
    assert "不是 content/ 中的文章" in control.stderr and "文件不存在" not in control.stderr


def test_a_full_disk_on_status_output(tmp_path, tool_env):
    clone = make_site(tmp_path, tool_env)
    liaison = _on(clone, "2025-06-30", "zhangwei")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            ["sitegen", "status", "--today", "2025-06-30"],
            cwd=clone.path,
            env=liaison.env,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 1 and done.stderr.startswith("sitegen: 无法写出结果：设备空间已满"), done.stderr
    assert "内部错误" not in done.stderr


def test_status_in_a_clone_without_a_remote(tmp_path, tool_env):
    """No remote at all: the local branches are what there is; ready to merge, with no push to suggest."""
    clone = make_site(tmp_path, tool_env)
    clone.git("remote", "remove", "origin")
    clone.git("switch", "-q", "-c", "d")
    clone.write("content/nsfw/d.md", _article("zhangwei", reviewed="limin", approved="wangjun"))
    clone.commit("wangjun", "d", day="2025-06-12")
    clone.git("switch", "-q", "-c", "a", "main")
    clone.write("content/nsfw/a.md", _article("zhangwei"))
    clone.commit("zhangwei", "a", day="2025-06-12")
    publisher = _status(clone, "chenhong")
    assert [(i["branch"], i["sync"]) for i in publisher["ready_to_merge"]] == [("d", "no_remote")]
    assert publisher["ready_to_merge"][0]["next"].endswith("git switch main && git merge --no-ff d")
    leader = _status(clone, "limin")
    assert [i["path"] for i in leader["to_review"]] == ["content/nsfw/a.md"]
    assert "push" not in leader["to_review"][0]["next"]
