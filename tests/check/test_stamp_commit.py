"""`sitegen review` / `approve` never write a stamp the pre-commit hook would then refuse.

Real repository with the project's pre-commit hook; each person signs with `git config user.email`
set to theirs and commits as themselves. Every refusal has its control: the same stamp done the
way the rules allow is written and its commit passes the hook.
"""

from __future__ import annotations

import datetime as dt

A = "content/nsfw/a.md"
ZHANGWEI = ("张伟", "zhangwei@example.gov.cn")  # nsfws liaison
LIMIN = ("李敏", "limin@example.gov.cn")  # nsfws leader
WANGJUN = ("王军", "wangjun@example.gov.cn")  # nsfws supervisor
CHENHONG = ("陈红", "chenhong@example.gov.cn")  # office publisher, and a leader of the office
ZHAOLI = ("赵丽", "zhaoli@example.gov.cn")  # a leader of the office
SUNQIANG = ("孙强", "sunqiang@example.gov.cn")  # the office's liaison


def _sign(git_site, run_sitegen, who, command: str, path: str, day: str):
    git_site("config", "user.email", who[1])
    return run_sitegen(command, path, "--today", day, cwd=git_site.root)


def _commit(git_site, who, message: str) -> str:
    git_site("add", "-A")
    done = git_site.commit(message, author=who, check=False)
    return "" if done.returncode == 0 else done.stdout + done.stderr


def _started(git_site, run_sitegen, day: str = "2026-11-16", column: str = "nsfw", who=ZHANGWEI, rel: str = A) -> None:
    """The liaison starts the article with `new`, writes its body and commits it."""
    git_site("config", "user.email", who[1])
    slug = rel.rsplit("/", 1)[1][:-3]
    made = run_sitegen(
        "new", column, "--title", "关于调整办税时间的通知", "--slug", slug, "--today", day, cwd=git_site.root
    )
    assert made.code == 0, made.err
    path = git_site.root / rel
    head, _, _ = path.read_text(encoding="utf-8").partition("\n---\n")
    path.write_text(f"{head}\n---\n自下月起，办税服务厅周六上午照常办公。\n", encoding="utf-8")
    assert _commit(git_site, who, "报送") == ""


def test_a_review_dated_before_the_submission_is_refused(git_site, run_sitegen):
    _started(git_site, run_sitegen, day="2026-11-16")
    before = (git_site.root / A).read_bytes()
    early = _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-10")
    assert early.code == 1 and "AP004" in early.err and "早于“报送”日期 2026-11-16" in early.err
    assert (git_site.root / A).read_bytes() == before  # nothing written
    # control: the same leader on a day after the submission; the hook accepts the commit
    assert _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-17").code == 0
    assert _commit(git_site, LIMIN, "审核") == ""


def test_a_stamp_dated_after_today_is_refused(git_site, run_sitegen):
    _started(git_site, run_sitegen)
    later = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    before = (git_site.root / A).read_bytes()
    future = _sign(git_site, run_sitegen, LIMIN, "review", A, later)
    assert future.code == 1 and "AP005" in future.err and (git_site.root / A).read_bytes() == before
    assert _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-18").code == 0  # control
    assert _commit(git_site, LIMIN, "审核") == ""


def test_signing_over_an_uncommitted_edit_is_refused_until_its_author_commits_it(git_site, run_sitegen):
    _started(git_site, run_sitegen)
    path = git_site.root / A
    edited = path.read_text(encoding="utf-8").replace("周六上午", "周六全天")
    path.write_text(edited, encoding="utf-8")  # the liaison's edit, not committed yet
    dirty = _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-18")
    assert dirty.code == 1 and "尚未提交的修改" in dirty.err and f"git restore {A}" in dirty.err
    assert path.read_text(encoding="utf-8") == edited
    # control: the liaison commits the edit first; then the review is written and its commit passes
    assert _commit(git_site, ZHANGWEI, "改正文") == ""
    assert _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-18").code == 0
    assert _commit(git_site, LIMIN, "审核") == ""


def test_signing_an_article_never_committed_is_refused(git_site, run_sitegen):
    git_site("config", "user.email", ZHANGWEI[1])
    assert (
        run_sitegen("new", "nsfw", "--title", "通知", "--slug", "a", "--today", "2026-11-16", cwd=git_site.root).code
        == 0
    )
    path = git_site.root / A
    head, _, _ = path.read_text(encoding="utf-8").partition("\n---\n")
    path.write_text(f"{head}\n---\n正文。\n", encoding="utf-8")
    unborn = _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-18")
    assert unborn.code == 1 and "还没有提交到 git" in unborn.err and "reviewed_by: limin" not in path.read_text("utf-8")
    assert _commit(git_site, ZHANGWEI, "报送") == ""  # control: once committed by the liaison
    assert _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-18").code == 0
    assert _commit(git_site, LIMIN, "审核") == ""


def test_the_office_signing_over_an_uncommitted_edit_is_warned(git_site, run_sitegen):
    """The office may change content (GH002), so its commit passes; it is told the edit goes in under its name."""
    g = "content/xxgk/g.md"
    _started(git_site, run_sitegen, column="xxgk", who=SUNQIANG, rel=g)
    path = git_site.root / g
    path.write_text(path.read_text(encoding="utf-8") + "\n附：咨询电话12366。\n", encoding="utf-8")
    done = _sign(git_site, run_sitegen, ZHAOLI, "review", g, "2026-11-18")
    assert done.code == 0 and "注意" in done.out and "以 赵丽（zhaoli） 的名义提交" in done.out
    assert _commit(git_site, ZHAOLI, "审核") == ""


def test_the_office_editing_over_someone_elses_stamp_is_refused(git_site, run_sitegen):
    """Even the office: its edit after the leader's review would make that review stale (GH004)."""
    _started(git_site, run_sitegen)
    assert _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-18").code == 0
    assert _commit(git_site, LIMIN, "审核") == ""
    path = git_site.root / A
    edited = path.read_text(encoding="utf-8") + "\n附：咨询电话12366。\n"
    path.write_text(edited, encoding="utf-8")
    refused = _sign(git_site, run_sitegen, CHENHONG, "approve", A, "2026-11-19")
    assert refused.code == 1 and "尚未提交的修改" in refused.err and path.read_text(encoding="utf-8") == edited
    assert _commit(git_site, CHENHONG, "审批") != ""  # what it avoided: the hook refuses this edit (GH004)


def test_re_review_after_the_approval_is_refused_and_says_what_the_rules_allow(git_site, run_sitegen):
    _started(git_site, run_sitegen)
    assert _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-17").code == 0
    assert _commit(git_site, LIMIN, "审核") == ""
    assert _sign(git_site, run_sitegen, WANGJUN, "approve", A, "2026-11-18").code == 0
    assert _commit(git_site, WANGJUN, "审批") == ""
    signed = (git_site.root / A).read_bytes()
    again = _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-20")
    assert again.code == 1 and "审核仍然有效，无需重新签署" in again.err
    assert (git_site.root / A).read_bytes() == signed
    # What the message offers works: the approver withdraws their own stamp, then the review is re-dated.
    text = signed.decode("utf-8")
    lines = [x for x in text.split("\n") if not x.strip().startswith(("approved_by:", "approved:"))]
    (git_site.root / A).write_text("\n".join(lines), encoding="utf-8")
    assert _commit(git_site, WANGJUN, "撤回审批") == ""
    assert _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-20").code == 0
    assert "reviewed: 2026-11-20" in (git_site.root / A).read_text(encoding="utf-8")
    assert _commit(git_site, LIMIN, "重新审核") == ""


def test_re_dating_ones_own_review_before_the_approval_passes(git_site, run_sitegen):
    """Control of the above: with no later stage, a later day's review re-dates the stamp and commits."""
    _started(git_site, run_sitegen)
    assert _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-17").code == 0
    assert _commit(git_site, LIMIN, "审核") == ""
    assert _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-19").code == 0
    assert "reviewed: 2026-11-19" in (git_site.root / A).read_text(encoding="utf-8")
    assert _commit(git_site, LIMIN, "重新审核") == ""


def test_a_second_leader_is_told_the_review_is_done_and_never_to_delete_it(git_site, run_sitegen):
    g = "content/xxgk/g.md"
    _started(git_site, run_sitegen, column="xxgk", who=SUNQIANG, rel=g)
    assert _sign(git_site, run_sitegen, ZHAOLI, "review", g, "2026-11-17").code == 0
    assert _commit(git_site, ZHAOLI, "审核") == ""
    reviewed = (git_site.root / g).read_bytes()
    second = _sign(git_site, run_sitegen, CHENHONG, "review", g, "2026-11-18")
    assert second.code == 1 and "已由 赵丽（zhaoli） 于 2026-11-17 签署" in second.err and "无需你再签署" in second.err
    assert "删除" not in second.err and (git_site.root / g).read_bytes() == reviewed
    # control: the next stage by the same person is what is left to do
    assert _sign(git_site, run_sitegen, CHENHONG, "approve", g, "2026-11-18").code == 0
    assert _commit(git_site, CHENHONG, "审批") == ""


def test_withdrawal_stamps_are_judged_before_they_are_written(git_site, run_sitegen):
    """The withdrawal of a published article: same guard (dates, uncommitted edits), each refusal with its control."""
    from checkkit import article

    requested = "withdrawal:\n  reason: 政策已调整\n  requested_by: zhangwei\n  requested: 2026-11-22\n"
    git_site.write(A, article(extra=requested))
    git_site("add", "-A")
    git_site("commit", "-q", "--no-verify", "-m", "撤稿申请", author=ZHANGWEI)
    path = git_site.root / A
    before = path.read_bytes()
    early = _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-21")
    assert early.code == 1 and "LC005" in early.err and path.read_bytes() == before
    path.write_text(before.decode("utf-8") + "补充一句。\n", encoding="utf-8")
    dirty = _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-23")
    assert dirty.code == 1 and "尚未提交的修改" in dirty.err
    path.write_bytes(before)
    assert _sign(git_site, run_sitegen, LIMIN, "review", A, "2026-11-23").code == 0  # control
    assert "reviewed_by: limin" in path.read_text(encoding="utf-8").split("withdrawal:")[1]
    assert _commit(git_site, LIMIN, "审核撤稿") == ""
