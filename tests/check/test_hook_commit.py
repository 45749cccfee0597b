"""The pre-commit hook judges the commit being made: its author, the stamps it writes, the signed
articles it edits, what its deletions break. Same GH rules as the history check, said at commit time.

Each refused case has its control: the same change by the right person (or done the right way) passes.
"""

from __future__ import annotations

import docmaker
from checkkit import APPROVAL, approval, article, line_of

A = "content/nsfw/a.md"
ZHANGWEI = ("张伟", "zhangwei@example.gov.cn")  # nsfws liaison
LIMIN = ("李敏", "limin@example.gov.cn")  # nsfws leader
CHENHONG = ("陈红", "chenhong@example.gov.cn")  # office publisher
STRANGER = ("某人", "someone@example.com")
SUBMITTED = approval(reviewed_by=None, reviewed=None, approved_by=None, approved=None)
REVIEWED = approval(approved_by=None, approved=None)


def _out(done) -> str:
    return done.stdout + done.stderr


def _committed(git_site, message: str, author) -> bool:
    git_site("add", "-A")
    done = git_site.commit(message, author=author, check=False)
    git_site.last = _out(done)
    return done.returncode == 0


def _seed(git_site, text: str = article(approval=SUBMITTED)) -> None:
    git_site.write(A, text)
    assert _committed(git_site, "报送", ZHANGWEI), git_site.last


def test_an_unregistered_author_is_named_at_commit_time(git_site):
    git_site.write(A, article(approval=SUBMITTED))
    assert not _committed(git_site, "报送", STRANGER)
    assert "departments.yaml:1: GH001 error:" in git_site.last and "someone@example.com" in git_site.last
    assert _committed(git_site, "报送", ZHANGWEI), git_site.last  # control: the registered liaison


def test_the_author_comes_from_git_config_when_the_environment_names_none(git_site):
    git_site.env = {k: v for k, v in git_site.env.items() if not k.startswith(("GIT_AUTHOR_", "GIT_COMMITTER_"))}
    git_site("config", "user.name", "李敏")
    git_site("config", "user.email", "limin@example.gov.cn")
    git_site.write(A, article(approval=SUBMITTED))
    assert not _committed(git_site, "报送", None)
    assert f"{A}:1: GH002 error:" in git_site.last and "李敏" in git_site.last
    git_site("config", "user.email", "zhangwei@example.gov.cn")
    assert _committed(git_site, "报送", None), git_site.last  # control: config now names the liaison


def test_git_commit_author_flag_is_the_author_judged(git_site):
    git_site.write(A, article(approval=SUBMITTED))
    git_site("add", "-A")
    refused = git_site("commit", "-q", "-m", "报送", "--author=李敏 <limin@example.gov.cn>", check=False)
    assert refused.returncode != 0 and f"{A}:1: GH002 error:" in _out(refused)
    accepted = git_site("commit", "-q", "-m", "报送", "--author=张伟 <zhangwei@example.gov.cn>", check=False)
    assert accepted.returncode == 0, _out(accepted)


def test_someone_who_is_not_the_columns_liaison_may_not_write_in_it(git_site):
    _seed(git_site)
    git_site.write(A, article("改过的正文。\n", approval=SUBMITTED))
    assert not _committed(git_site, "改正文", LIMIN)
    assert f"{A}:1: GH002 error:" in git_site.last
    assert _committed(git_site, "改正文", ZHANGWEI), git_site.last  # control: the liaison


def test_a_liaison_writing_the_leaders_stamp_is_named_on_the_stamp_line(git_site):
    _seed(git_site)
    text = article(approval=REVIEWED)
    git_site.write(A, text)
    assert not _committed(git_site, "代签", ZHANGWEI)
    assert f"{A}:{line_of(text, '  reviewed_by:')}: GH003 error:" in git_site.last
    assert _committed(git_site, "审核", LIMIN), git_site.last  # control: the leader signs it


def test_editing_a_signed_article_is_named_at_commit_time(git_site):
    _seed(git_site)
    git_site.write(A, article(approval=REVIEWED))
    assert _committed(git_site, "审核", LIMIN), git_site.last
    edited = article("审核之后改过的正文。\n", approval=REVIEWED)
    git_site.write(A, edited)
    assert not _committed(git_site, "改正文", ZHANGWEI)
    assert f"{A}:{line_of(edited, '  reviewed_by:')}: GH004 error:" in git_site.last
    # control: edit and clear the stamp in the same commit; the leader signs again
    git_site.write(A, article("审核之后改过的正文。\n", approval=SUBMITTED))
    assert _committed(git_site, "改正文，撤回审核", ZHANGWEI), git_site.last


def test_deleting_an_article_others_link_to_is_named_where_the_link_is(git_site):
    linking = "content/nsfw/b.md"
    _seed(git_site)
    body = "详见[通知](a.md)。\n"
    git_site.write(linking, article(body, approval=SUBMITTED))
    assert _committed(git_site, "链接", ZHANGWEI), git_site.last
    (git_site.root / A).unlink()
    assert not _committed(git_site, "删除", ZHANGWEI)
    assert f"{linking}:{line_of(article(body, approval=SUBMITTED), '详见')}: LK001 error:" in git_site.last
    # control: the link goes in the same commit
    git_site.write(linking, article("详见通知。\n", approval=SUBMITTED))
    assert _committed(git_site, "删除并改链接", ZHANGWEI), git_site.last


def test_deleting_an_article_but_not_its_attachments_is_named(git_site):
    pdf = git_site.root / "content" / "nsfw" / "a" / "附件.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(docmaker.blank_pdf())
    _seed(git_site, article("见[附件](a/附件.pdf)。\n", approval=SUBMITTED))
    (git_site.root / A).unlink()
    assert not _committed(git_site, "删除", ZHANGWEI)
    assert "content/nsfw/a/附件.pdf:1: LK006 error:" in git_site.last
    pdf.unlink()
    assert _committed(git_site, "删除文章和附件", ZHANGWEI), git_site.last  # control


def _pdf(git_site, text: str) -> bytes:
    fonts = git_site.root.parent / "fonts"
    fonts.mkdir(exist_ok=True)
    return docmaker.pdf([text], folder=str(fonts))


def _signed_with_attachment(git_site):
    pdf = git_site.root / "content" / "nsfw" / "a" / "附件.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(_pdf(git_site, "审核时的附件"))
    body = "见[附件](a/附件.pdf)。\n"
    _seed(git_site, article(body, approval=SUBMITTED))
    git_site.write(A, article(body, approval=REVIEWED))
    assert _committed(git_site, "审核", LIMIN), git_site.last
    return pdf, body


def test_an_attachment_swapped_added_or_deleted_after_signing_is_named_at_commit_time(git_site):
    pdf, _body = _signed_with_attachment(git_site)
    pdf.write_bytes(_pdf(git_site, "审核之后换过的附件"))
    assert not _committed(git_site, "换附件", ZHANGWEI)
    assert "content/nsfw/a/附件.pdf:1: GH004 error:" in git_site.last
    git_site("reset", "-q", "--hard", "HEAD")
    (pdf.parent / "补充.pdf").write_bytes(_pdf(git_site, "审核之后加的附件"))
    assert not _committed(git_site, "加附件", ZHANGWEI)
    assert "content/nsfw/a/补充.pdf:1: GH004 error:" in git_site.last
    git_site("reset", "-q", "--hard", "HEAD")  # the refused file was staged: the reset removes it
    assert not (pdf.parent / "补充.pdf").exists()
    git_site.write(A, article("附件已删除。\n", approval=REVIEWED))
    pdf.unlink()
    assert not _committed(git_site, "删附件", ZHANGWEI)
    assert "content/nsfw/a/附件.pdf:1: GH004 error:" in git_site.last


def test_control_an_attachment_changed_with_the_stamp_cleared_passes_at_commit_time(git_site):
    pdf, body = _signed_with_attachment(git_site)
    pdf.write_bytes(_pdf(git_site, "更正后的附件"))
    git_site.write(A, article(body, approval=SUBMITTED))  # the liaison clears the stamp with the change
    assert _committed(git_site, "更正附件并撤回审核", ZHANGWEI), git_site.last
    git_site.write(A, article(body, approval=REVIEWED))
    assert _committed(git_site, "重新审核", LIMIN), git_site.last


def test_a_staged_text_that_differs_from_the_working_file_is_named(git_site):
    bad = article("联系人手机 13812345678\n", approval=SUBMITTED)
    git_site.write(A, bad)
    git_site("add", A)
    git_site.write(A, article(approval=SUBMITTED))  # fixed in the editor, not added again
    done = git_site.commit("报送", author=ZHANGWEI, check=False)
    assert done.returncode != 0
    assert f"{A}:{line_of(bad, '13812345678')}: SE003 error:" in _out(done)
    assert f"注意：{A} 的工作区文件与暂存区中的版本不同" in _out(done) and f"请重新 git add {A}" in _out(done)
    git_site("add", A)
    assert git_site.commit("报送", author=ZHANGWEI, check=False).returncode == 0


def test_the_leader_signing_their_own_stamp_passes(git_site):
    _seed(git_site)
    git_site.write(A, article(approval=REVIEWED))
    assert _committed(git_site, "审核", LIMIN), git_site.last
    git_site.write(A, article(approval=APPROVAL))
    assert _committed(git_site, "审批", CHENHONG), git_site.last


# ---- the maps the hook judges by --------------------------------------------------------------------

LIUYANG = ("刘洋", "liuyang@example.gov.cn")  # nsfws's former liaison
SUNQIANG = ("孙强", "sunqiang@example.gov.cn")  # the office


def test_a_branchs_own_edit_of_the_maps_does_not_vouch_for_its_next_commit(git_site):
    # On a branch, the maps are edited (without the hook) to make the former liaison nsfws's liaison
    # again; the hook still judges the next commit by the protected branch's maps, as the gate will.
    git_site("switch", "-q", "-c", "remap")
    deps = (git_site.root / "departments.yaml").read_text("utf-8")
    remapped = deps.replace("- {person: zhangwei, from: 2025-03-01}", "- {person: liuyang, from: 2025-03-01}")
    assert remapped != deps
    git_site.write("departments.yaml", remapped)
    git_site("add", "-A")
    git_site("commit", "-q", "--no-verify", "-m", "改联络员", author=SUNQIANG)
    git_site.write(A, article(approval=SUBMITTED).replace("submitted_by: zhangwei", "submitted_by: liuyang"))
    assert not _committed(git_site, "报送", LIUYANG)
    assert f"{A}:1: GH002 error:" in git_site.last
    # control: once the change of liaison is on the protected branch, the same commit passes
    git_site("reset", "-q", "HEAD")
    git_site("switch", "-q", "main")
    git_site("merge", "-q", "--ff-only", "remap")
    git_site("switch", "-q", "remap")
    assert _committed(git_site, "报送", LIUYANG), git_site.last


# ---- the advice fits a commit not yet made (review finding 7) -----------------------------------------------


def _seed_unchecked(git_site, text: str) -> None:
    """A published article put in place without the hook (the tests' history before the commit judged)."""
    git_site.write(A, text)
    git_site("add", "-A")
    git_site("commit", "-q", "--no-verify", "-m", "已发布", author=ZHANGWEI)


def _history_says(git_site, run_sitegen) -> str:
    """What the history check (CI, the server) says of the same change once committed with --no-verify."""
    git_site("commit", "-q", "--no-verify", "-m", "绕过钩子", author=git_site.author)
    done = run_sitegen("check", "--commits", "HEAD~1..HEAD", cwd=git_site.root)
    return done.out + done.err


def _says_what_to_stage(text: str) -> None:
    assert "待提交的改动" in text and "00000000" not in text and "（待提交的改动）" not in text
    assert "rebase" not in text and "git revert" not in text and "--amend" not in text


def test_a_refused_content_edit_says_to_unstage_it_not_to_rewrite_history(git_site, run_sitegen):
    _seed(git_site)
    git_site.write(A, article("改过的正文。\n", approval=SUBMITTED))
    assert not _committed(git_site, "改正文", LIMIN)
    assert f"{A}:1: GH002 error:" in git_site.last and "git restore --staged" in git_site.last
    _says_what_to_stage(git_site.last)
    git_site.author = LIMIN
    later = _history_says(git_site, run_sitegen)  # control: the history check keeps the history advice
    assert "GH002" in later and "git rebase -i" in later and "待提交的改动" not in later


def test_a_forged_stamp_says_to_undo_it_in_the_staged_file(git_site, run_sitegen):
    _seed(git_site)
    git_site.write(A, article(approval=REVIEWED))
    assert not _committed(git_site, "代签", ZHANGWEI)
    assert (
        "GH003 error:" in git_site.last and "撤销对他人签名的改动" in git_site.last and "重新 git add" in git_site.last
    )
    _says_what_to_stage(git_site.last)
    git_site.author = ZHANGWEI
    later = _history_says(git_site, run_sitegen)
    assert "GH003" in later and "git rebase -i" in later


def test_deleting_a_published_article_says_to_restore_it(git_site, run_sitegen):
    _seed_unchecked(git_site, article())
    (git_site.root / A).unlink()
    assert not _committed(git_site, "删除", ZHANGWEI)
    assert f"{A}:1: LC101 error:" in git_site.last and f"git restore --staged --worktree {A}" in git_site.last
    _says_what_to_stage(git_site.last)
    git_site.author = ZHANGWEI
    later = _history_says(git_site, run_sitegen)
    assert "LC101" in later and "git rebase -i" in later


def test_an_author_from_the_environment_is_named_as_such(git_site):
    git_site("config", "user.email", ZHANGWEI[1])  # the config is right: the environment overrides it
    git_site.write(A, article(approval=SUBMITTED))
    assert not _committed(git_site, "报送", STRANGER)
    assert "GH001 error:" in git_site.last and "GIT_AUTHOR_EMAIL" in git_site.last
    assert "unset GIT_AUTHOR_EMAIL" in git_site.last
    _says_what_to_stage(git_site.last)
    # control: the address comes from git config (the environment names the same): the config is the fix
    git_site("config", "user.email", STRANGER[1])
    assert not _committed(git_site, "报送", STRANGER)
    assert "GH001 error:" in git_site.last and "GIT_AUTHOR_EMAIL" not in git_site.last
    assert "git config user.email" in git_site.last
    _says_what_to_stage(git_site.last)


def test_a_forged_withdrawal_stamp_says_to_undo_it_in_the_staged_file(git_site, run_sitegen):
    requested = "withdrawal:\n  reason: 政策已调整\n  requested_by: zhangwei\n  requested: 2026-11-22\n"
    _seed_unchecked(git_site, article(extra=requested))
    git_site.write(A, article(extra=requested + "  reviewed_by: limin\n  reviewed: 2026-11-23\n"))
    assert not _committed(git_site, "代签撤稿", ZHANGWEI)
    assert "LC102 error:" in git_site.last and "撤销对他人签名的改动" in git_site.last
    _says_what_to_stage(git_site.last)
    git_site.author = ZHANGWEI
    later = _history_says(git_site, run_sitegen)  # control: the history keeps its advice
    assert "LC102" in later and "git rebase -i" in later
