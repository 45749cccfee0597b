"""The pre-receive hook in a bare remote: real pushes by different people."""

from __future__ import annotations

import shutil

from gitsite import COLUMNS, REPO, STRANGER, Clone, article, departments, run, seed

ARTICLE = "content/nsfw/youhua.md"


def normal_flow(site, *, push: bool = True):
    site.write(ARTICLE, article())
    site.commit("zhangwei", "纳税服务：报送优化纳税服务的通知", day="2025-06-10")
    site.write(ARTICLE, article(reviewed="limin"))
    site.commit("limin", "审核：优化纳税服务的通知", day="2025-06-11")
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong"))
    site.commit("chenhong", "审批：优化纳税服务的通知", day="2025-06-12")
    return site.push() if push else None


def refused(pushed, *codes: str) -> None:
    assert pushed.returncode != 0, pushed.stderr
    assert "已拒绝" in pushed.stderr, pushed.stderr
    for code in codes:
        assert code in pushed.stderr, pushed.stderr


def test_normal_flow_is_accepted(site):
    pushed = normal_flow(site)
    assert pushed.returncode == 0, pushed.stderr


def test_liaison_writing_the_leaders_stamp_is_refused(site):
    site.write(ARTICLE, article())
    site.commit("zhangwei", "报送")
    site.write(ARTICLE, article(reviewed="limin"))
    site.commit("zhangwei", "替领导签上审核", day="2025-06-11")
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong"))
    site.commit("chenhong", "审批", day="2025-06-12")
    pushed = site.push()
    refused(pushed, "GH003", ARTICLE, "替领导签上审核")


def test_liaison_of_another_unit_is_refused(site):
    normal_flow(site)
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong", body="被改过的正文。"))
    site.commit("chenyt", "顺手改一下纳税服务的通知", day="2025-06-13")
    refused(site.push(), "GH002", "纳税服务", "张伟（zhangwei）")


def test_bad_article_committed_with_no_verify_is_refused_at_push(site):
    site.git("config", "core.hooksPath", str(REPO / "hooks"))
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong", secrecy="内部"))
    blocked = site.commit("zhangwei", "内部资料", check=False)
    assert blocked.returncode != 0  # the pre-commit hook is only advice…
    site.commit("zhangwei", "内部资料", flags=("--no-verify",))
    refused(site.push(), "AP007")  # …the server is not


def test_pending_article_may_not_reach_main_but_may_reach_a_branch(site):
    site.write(ARTICLE, article())
    site.commit("zhangwei", "报送，等待审核")
    assert site.push("HEAD:refs/heads/draft").returncode == 0
    refused(site.push(), "AP008")


def test_liaison_editing_columns_yaml_is_refused(site):
    site.write("columns.yaml", COLUMNS + "nsfw/new:\n  title: 新栏目\n  owner: nsfws\n")
    site.commit("zhangwei", "给自己加个栏目")
    refused(site.push(), "GH005", "columns.yaml")


def test_liaison_cannot_promote_themselves_in_the_same_push(site):
    site.write("departments.yaml", departments(extra_office=", zhangwei"))
    site.commit("zhangwei", "把自己加进办公厅")
    refused(site.push(), "GH005", "departments.yaml")


def test_unknown_author_is_refused(site):
    site.write(ARTICLE, article())
    site.commit(STRANGER, "陌生人的提交")
    refused(site.push(), "GH001", STRANGER[1])


def test_technical_files_only_by_the_technical_unit(site):
    site.write("templates/notice.html", "<html></html>\n")
    site.commit("zhoukexin", "办公厅改模板")
    refused(site.push(), "GH006", "templates/notice.html")
    site.git("reset", "-q", "--hard", "origin/main")
    site.write("templates/notice.html", "<html></html>\n")
    site.commit("huangpf", "电子税务管理中心改模板")
    assert site.push().returncode == 0


def test_change_after_approval_needs_a_new_stamp(site):
    normal_flow(site)
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong", body="审批后又改了正文。"))
    site.commit("zhangwei", "审批后改正文", day="2025-06-13")
    refused(site.push(), "GH004", "审批后改正文")
    # The way through: clear the stamps with the edit, then the signers sign again.
    site.git("reset", "-q", "--hard", "origin/main")
    site.write(ARTICLE, article(body="审批后又改了正文。"))
    site.commit("zhangwei", "撤回签署，修改正文", day="2025-06-13")
    site.write(ARTICLE, article(reviewed="limin", body="审批后又改了正文。"))
    site.commit("limin", "重新审核", day="2025-06-13")
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong", body="审批后又改了正文。"))
    site.commit("chenhong", "重新审批", day="2025-06-13")
    pushed = site.push()
    assert pushed.returncode == 0, pushed.stderr


def test_supervisor_may_sign_but_not_edit(site):
    site.write(ARTICLE, article(reviewed="limin"))
    site.commit("zhangwei", "报送")
    site.write(ARTICLE, article())
    site.commit("zhangwei", "报送（去掉未签的审核）")
    site.write(ARTICLE, article(reviewed="limin"))
    site.commit("limin", "审核", day="2025-06-11")
    site.write(ARTICLE, article(reviewed="limin", approved="wangjun"))
    site.commit("wangjun", "主管局领导审批", day="2025-06-12")
    assert site.push().returncode == 0
    site.write(ARTICLE, article(reviewed="limin", approved="wangjun", body="领导亲自改正文。"))
    site.commit("wangjun", "改正文", day="2025-06-13")
    refused(site.push(), "GH002")


def test_former_liaison_is_judged_on_the_author_date(site):
    site.write("content/nsfw/jiu.md", article(by="liuyang").replace("2025-06-10", "2025-03-20"))
    site.commit("liuyang", "旧联络员在任期外报送", day="2025-06-10")
    refused(site.push(), "GH002", "张伟（zhangwei）")


def test_protected_branch_cannot_be_deleted_or_unprotected(site):
    refused(site.push(":main"))
    settings = (site.path / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", settings.replace("protected_branch: main", "protected_branch: release"))
    site.write(ARTICLE, article())
    site.commit("zhangwei", "关掉保护")
    refused(site.push(), "GH005", "AP008")


def test_office_may_protect_another_branch_but_never_unprotects_the_default_one(site):
    """site.yaml's protected_branch adds a protected branch; the repository's default branch (the bare
    repository's HEAD) stays protected, or one office member's edit would switch the gate off for main."""
    settings = (site.path / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", settings.replace("protected_branch: main", "protected_branch: release"))
    site.commit("zhoukexin", "发布分支改为 release")
    assert site.push().returncode == 0
    site.write(ARTICLE, article())
    site.commit("zhangwei", "报送")
    refused(site.push(), "AP008")  # main: still judged
    refused(site.push("HEAD:refs/heads/release"), "AP008")
    site.git("reset", "-q", "--hard", "origin/main")
    site.write("departments.yaml", (site.path / "departments.yaml").read_text(encoding="utf-8") + "\n")
    site.commit(STRANGER, "陌生人改地图")
    refused(site.push(), "GH001")
    site.git("reset", "-q", "--hard", "origin/main")
    site.write("content/nsfw/other.md", "x")  # control: an ordinary branch is not judged
    site.commit("zhangwei", "草稿")
    assert site.push("HEAD:refs/heads/draft").returncode == 0


def test_a_new_protected_branch_is_checked_over_its_whole_history(tmp_path, tool_env):
    remote = tmp_path / "remote.git"
    run(["git", "init", "-q", "--bare", str(remote)], tmp_path, tool_env)
    shutil.copy(REPO / "hooks" / "pre-receive", remote / "hooks" / "pre-receive")
    site = Clone(tmp_path / "work", tool_env, remote)
    run(["git", "clone", "-q", str(remote), str(site.path)], tmp_path, tool_env)
    seed(site)
    site.commit("zhoukexin", "办公厅：网站地图", day="2025-05-10")
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong"))
    site.commit("zhangwei", "一次写好全部签署")
    assert site.push("HEAD:refs/heads/draft").returncode == 0  # unprotected: not checked
    refused(site.push(), "GH003")  # main created from it: every commit is checked
