"""An article's later life in real git: `git rm`, withdrawal and emergency takedown, pushed to a bare
remote whose pre-receive hook runs sitegen, by the people of gitsite.py's map."""

from __future__ import annotations

import datetime as dt
import os

from gitsite import PEOPLE, REPO, Clone, article, run

ARTICLE = "content/nsfw/youhua.md"
LINKER = "content/nsfw/lianjie.md"


def published(site: Clone) -> None:
    site.write(ARTICLE, article())
    site.commit("zhangwei", "报送", day="2025-06-10")
    site.write(ARTICLE, article(reviewed="limin"))
    site.commit("limin", "审核", day="2025-06-11")
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong"))
    site.commit("chenhong", "审批", day="2025-06-12")
    pushed = site.push()
    assert pushed.returncode == 0, pushed.stderr


def as_person(site: Clone, who: str, *args: str) -> object:
    """Run a sitegen command with `who`'s registered e-mail as git's user.email."""
    site.git("config", "user.email", PEOPLE[who][1])
    return run(["sitegen", *args], site.path, site.env, check=False)


def refused(pushed, *codes: str) -> None:
    assert pushed.returncode != 0, pushed.stderr
    assert "已拒绝" in pushed.stderr, pushed.stderr
    for code in codes:
        assert code in pushed.stderr, pushed.stderr


def test_a_liaisons_git_rm_of_a_published_article_is_refused_at_push(site):
    published(site)
    site.git("rm", "-q", ARTICLE)
    site.commit("zhangwei", "删掉这篇通知", day="2025-06-20")
    pushed = site.push()
    refused(pushed, "LC101", ARTICLE, "sitegen withdraw")


def test_moving_a_published_article_is_refused_too(site):
    published(site)
    site.git("mv", ARTICLE, "content/nsfw/youhua2.md")
    site.commit("zhangwei", "改个文件名", day="2025-06-20")
    refused(site.push(), "LC101")


def test_deleting_an_unpublished_draft_is_accepted(site):
    """Control: only what was public must end in a notice."""
    site.write("content/nsfw/draft.md", article())
    site.commit("zhangwei", "草稿", day="2025-06-10")
    site.git("rm", "-q", "content/nsfw/draft.md")
    site.commit("zhangwei", "草稿不要了", day="2025-06-11")
    pushed = site.push()
    assert pushed.returncode == 0, pushed.stderr


def test_the_full_withdrawal_flow_across_days_is_accepted_and_rendered_as_a_notice(site, tmp_path):
    published(site)
    site.write(LINKER, article(body="详见[优化纳税服务的通知](youhua.md)。").replace("关于优化", "关于转发优化"))
    started = as_person(
        site, "zhangwei", "withdraw", ARTICLE, "--reason", "办理时限有误，已另行发布", "--today", "2025-06-20"
    )
    assert started.returncode == 0, started.stderr
    assert LINKER in started.stdout  # the liaison learns who links to it
    os.remove(site.path / LINKER)  # only there to be found; never committed
    site.commit("zhangwei", "撤稿申请", day="2025-06-20")
    assert site.push("HEAD:refs/heads/withdraw").returncode == 0  # pending: fine on a branch…
    refused(site.push(), "LC006")  # …not on main
    reviewed = as_person(site, "limin", "review", ARTICLE, "--today", "2025-06-23")
    assert reviewed.returncode == 0, reviewed.stderr
    site.commit("limin", "审核撤稿", day="2025-06-23")
    approved = as_person(site, "chenhong", "approve", ARTICLE, "--today", "2025-06-24")
    assert approved.returncode == 0, approved.stderr
    site.commit("chenhong", "审批撤稿", day="2025-06-24")
    pushed = site.push()
    assert pushed.returncode == 0, pushed.stderr
    text = (site.path / ARTICLE).read_text(encoding="utf-8")
    assert "requested_by: zhangwei" in text and "reviewed_by: limin" in text.split("withdrawal:")[1]
    # Build what was pushed: the page is now the notice.
    (site.path / "templates").symlink_to(REPO / "templates", target_is_directory=True)
    out = tmp_path / "www"
    env = dict(site.env, SITEGEN_NO_SEARCH="1")
    built = run(["sitegen", "build", "--out", str(out), "--today", "2025-06-30"], site.path, env, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    html = (out / "nsfw/youhua.html").read_text(encoding="utf-8")
    assert "本文已于 2025-06-24 撤稿。" in html and "办理时限有误，已另行发布" in html and "2025-06-12" in html
    assert "为进一步优化纳税服务" not in html
    assert "关于优化纳税服务的通知" not in (out / "nsfw/index.html").read_text(encoding="utf-8")


def test_a_liaison_signing_the_withdrawal_for_the_leader_is_refused(site):
    published(site)
    assert as_person(site, "zhangwei", "withdraw", ARTICLE, "--reason", "有误", "--today", "2025-06-20").returncode == 0
    text = (site.path / ARTICLE).read_text(encoding="utf-8")
    forged = text.replace(
        "  requested: 2025-06-20\n",
        "  requested: 2025-06-20\n  reviewed_by: limin\n  reviewed: 2025-06-20\n"
        "  approved_by: chenhong\n  approved: 2025-06-20\n",
    )
    site.write(ARTICLE, forged)
    site.commit("zhangwei", "撤稿（代签）", day="2025-06-20")
    refused(site.push(), "LC102", "withdrawal.reviewed_by")


def test_withdrawing_twice_or_an_unpublished_article_is_refused_by_the_command(site):
    site.write("content/nsfw/draft.md", article())
    site.commit("zhangwei", "草稿", day="2025-06-10")
    draft = as_person(
        site, "zhangwei", "withdraw", "content/nsfw/draft.md", "--reason", "不要了", "--today", "2025-06-20"
    )
    assert draft.returncode == 1 and "尚未发布" in draft.stderr
    assert "withdrawal" not in (site.path / "content/nsfw/draft.md").read_text(encoding="utf-8")
    site.git("rm", "-q", "content/nsfw/draft.md")
    site.commit("zhangwei", "草稿不要了", day="2025-06-10")
    published(site)
    assert as_person(site, "zhangwei", "withdraw", ARTICLE, "--reason", "有误", "--today", "2025-06-20").returncode == 0
    before = (site.path / ARTICLE).read_bytes()
    again = as_person(site, "zhangwei", "withdraw", ARTICLE, "--reason", "再撤", "--today", "2025-06-21")
    assert again.returncode == 1 and "撤稿" in again.stderr
    assert (site.path / ARTICLE).read_bytes() == before
    other = as_person(site, "chenyt", "withdraw", ARTICLE, "--reason", "有误", "--today", "2025-06-21")
    assert other.returncode == 1 and "网站联络员" in other.stderr


def test_emergency_takedown_by_an_office_publisher_alone_then_confirmed(site):
    published(site)
    done = as_person(site, "chenhong", "takedown", ARTICLE, "--reason", "页面被篡改", "--today", "2025-06-20")
    assert done.returncode == 0, done.stderr
    site.commit("chenhong", "紧急下线", day="2025-06-20")
    pushed = site.push()
    assert pushed.returncode == 0, pushed.stderr
    leader = as_person(site, "limin", "takedown", ARTICLE, "--confirm", "--today", "2025-06-23")
    assert leader.returncode == 0, leader.stderr
    site.commit("limin", "确认下线", day="2025-06-23")
    office = as_person(site, "dongpf", "takedown", ARTICLE, "--confirm", "--today", "2025-06-23")
    assert office.returncode == 0, office.stderr
    site.commit("dongpf", "确认下线", day="2025-06-23")
    pushed = site.push()
    assert pushed.returncode == 0, pushed.stderr
    from generator.checking import check_tree
    from generator.lifecycle import settings_of, takedown_records

    result = check_tree(site.path, today=dt.date(2025, 6, 30), release=True)
    records = takedown_records(result.site.articles, settings_of(result.site.settings), dt.date(2025, 6, 30))
    assert [(r.path, r.by, r.status) for r in records] == [(ARTICLE, "chenhong", "confirmed")]


def test_takedown_is_refused_to_anyone_but_office_publishers(site):
    published(site)
    for who in ("zhangwei", "limin", "dongpf", "wangjun"):
        done = as_person(site, who, "takedown", ARTICLE, "--reason", "我想下线", "--today", "2025-06-20")
        assert done.returncode == 1 and "不是办公厅发布人" in done.stderr, (who, done.stderr)
    assert "takedown" not in (site.path / ARTICLE).read_text(encoding="utf-8")
    # Written by hand and pushed: refused at the gate.
    site.write(
        ARTICLE,
        article(reviewed="limin", approved="chenhong").replace(
            "---\n为进一步", "takedown:\n  by: zhangwei\n  date: 2025-06-20\n  reason: 我想下线\n---\n为进一步"
        ),
    )
    site.commit("zhangwei", "自己下线", day="2025-06-20")
    refused(site.push(), "LC007")


def test_a_takedown_cannot_carry_other_changes(site):
    published(site)
    assert (
        as_person(site, "chenhong", "takedown", ARTICLE, "--reason", "有害信息", "--today", "2025-06-20").returncode
        == 0
    )
    text = (site.path / ARTICLE).read_text(encoding="utf-8").replace("为进一步优化", "顺便改了正文，为进一步优化")
    site.write(ARTICLE, text)
    site.commit("chenhong", "下线并改正文", day="2025-06-20")
    refused(site.push(), "LC103")


def test_a_takedown_cannot_publish_a_new_article(site):
    site.write(
        "content/nsfw/new.md",
        article().replace(
            "---\n为进一步", "takedown:\n  by: chenhong\n  date: 2025-06-20\n  reason: 借道发布\n---\n为进一步"
        ),
    )
    site.commit("chenhong", "借紧急下线发布", day="2025-06-20")
    refused(site.push(), "LC103")


def test_a_back_dated_deletion_is_judged_on_the_judges_day(site):
    """Crafted history: the author date before the publish date does not make the article unpublished."""
    published(site)
    site.git("rm", "-q", ARTICLE)
    site.commit("zhangwei", "删掉（倒签日期）", day="2025-06-01")
    refused(site.push(), "LC101")


def test_the_pre_commit_hook_already_refuses_the_git_rm(site):
    published(site)
    site.git("config", "core.hooksPath", str(REPO / "hooks"))
    site.git("rm", "-q", ARTICLE)
    blocked = site.commit("zhangwei", "删掉这篇通知", day="2025-06-20", check=False)
    assert blocked.returncode != 0
    assert "LC101" in blocked.stdout + blocked.stderr


def test_the_publish_date_of_a_published_article_does_not_move(site):
    published(site)
    before = site.server()
    moved = article(reviewed="limin", approved="chenhong").replace("2025-06-12", "2025-06-20")
    assert "date: 2025-06-20" in moved
    site.write(ARTICLE, moved)
    site.commit("chenhong", "重新审批并改发布日期", day="2025-06-20")
    pushed = site.push()
    refused(pushed, "LC104", ARTICLE)
    assert site.server() == before


def test_control_a_scheduled_article_not_yet_public_may_be_rescheduled(site):
    scheduled = article(reviewed="limin", approved="chenhong").replace("date: 2025-06-12", "date: 2099-01-10")
    site.write(ARTICLE, article().replace("date: 2025-06-12", "date: 2099-01-10"))
    site.commit("zhangwei", "报送", day="2025-06-10")
    site.write(ARTICLE, article(reviewed="limin").replace("date: 2025-06-12", "date: 2099-01-10"))
    site.commit("limin", "审核", day="2025-06-11")
    site.write(ARTICLE, scheduled)
    site.commit("chenhong", "审批", day="2025-06-12")
    assert site.push().returncode == 0
    site.write(ARTICLE, scheduled.replace("date: 2099-01-10", "date: 2099-01-20"))
    site.commit("chenhong", "改定时发布日期", day="2025-06-13")
    pushed = site.push()
    assert pushed.returncode == 0, pushed.stderr


def test_approve_never_moves_the_date_of_a_published_article(site):
    published(site)
    as_person(site, "chenhong", "approve", ARTICLE, "--today", "2025-06-20")
    text = (site.path / ARTICLE).read_text(encoding="utf-8")
    assert "date: 2025-06-12" in text and "date: 2025-06-20" not in text
