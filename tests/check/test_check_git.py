"""Real git: the project's pre-commit hook refuses bad articles and checks the staged text."""

from __future__ import annotations

import os
import shutil

from checkkit import DEPARTMENTS, approval, article, line_of

A = "content/nsfw/a.md"
TODAY = ("--today", "2026-11-26")
ZHANGWEI = ("张伟", "zhangwei@example.gov.cn")
LIMIN = ("李敏", "limin@example.gov.cn")
CHENHONG = ("陈红", "chenhong@example.gov.cn")
SUBMITTED = approval(reviewed_by=None, reviewed=None, approved_by=None, approved=None)
# Written by the liaison: a form with someone else's stamps is refused at commit time (GH003).
BAD = article("联系人手机 13812345678\n", approval=SUBMITTED)
PENDING = article(approval=SUBMITTED)


# git passes the hook's output on through its own stderr.


def _blocking(run) -> list[tuple[str, str, int]]:
    """Errors and warnings: a pending form's AP008 note is expected on a branch."""
    return [(p["rule"], p["path"], p["line"]) for p in run.json["problems"] if p["severity"] != "info"]


def test_the_hook_refuses_a_bad_article(git_site):
    git_site.write(A, BAD)
    git_site("add", A)
    done = git_site.commit("新增文章", author=ZHANGWEI, check=False)
    assert done.returncode != 0
    assert f"{A}:{line_of(BAD, '13812345678')}: SE003 error: " in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert git_site("log", "--format=%s").stdout.splitlines() == ["初始站点"]


def test_the_hook_lets_a_good_article_through(git_site):
    git_site.write(A, PENDING)  # a pending approval is fine on a branch
    git_site("add", A)
    done = git_site.commit("新增文章（待审）", author=ZHANGWEI)
    assert "AP008 info" in done.stdout + done.stderr
    git_site.write(A, PENDING.replace("  secrecy", "  reviewed_by: limin\n  reviewed: 2026-11-19\n  secrecy"))
    git_site("add", A)
    git_site.commit("审核", author=LIMIN)
    git_site.write(A, article())
    git_site("add", A)
    git_site.commit("审批", author=CHENHONG)
    authors = git_site("log", "--format=%ae %s").stdout.splitlines()
    assert authors == [
        "chenhong@example.gov.cn 审批",
        "limin@example.gov.cn 审核",
        "zhangwei@example.gov.cn 新增文章（待审）",
        "sunqiang@example.gov.cn 初始站点",
    ]


def test_staged_bad_text_fails_even_when_the_working_file_is_good(git_site, run_sitegen):
    git_site.write(A, BAD)
    git_site("add", A)
    git_site.write(A, PENDING)
    run = run_sitegen("check", *TODAY, "--staged", "--format", "json", cwd=git_site.root)
    assert run.code == 1
    assert _blocking(run) == [("SE003", A, line_of(BAD, "13812345678"))]
    assert run_sitegen("check", *TODAY, A, cwd=git_site.root).code == 0  # the working file itself is fine
    assert git_site.commit("新增文章", check=False).returncode != 0


def test_staged_good_text_passes_even_when_the_working_file_is_bad(git_site, run_sitegen):
    git_site.write(A, PENDING)
    git_site("add", A)
    git_site.write(A, BAD)
    run = run_sitegen("check", *TODAY, "--staged", "--format", "json", cwd=git_site.root)
    assert (run.code, _blocking(run)) == (0, [])
    assert run_sitegen("check", *TODAY, A, cwd=git_site.root).code == 1
    git_site.commit("新增文章", author=ZHANGWEI)
    assert git_site("show", f"HEAD:{A}").stdout == PENDING


def test_staged_checks_only_what_changed(git_site, run_sitegen):
    # A bad file left unstaged in the working tree is none of this commit's business.
    git_site.write("content/nsfw/draft.md", BAD)
    git_site.write(A, PENDING)
    git_site("add", A)
    run = run_sitegen("check", *TODAY, "--staged", "--format", "json", cwd=git_site.root)
    assert (run.code, _blocking(run)) == (0, [])


def test_a_staged_symlink_is_refused(git_site):
    os.symlink("good.md", git_site.root / "content/nsfw/alias.md")
    git_site("add", "content/nsfw/alias.md")
    done = git_site.commit("链接", check=False)
    assert done.returncode != 0
    assert "content/nsfw/alias.md:1: FM003 error:" in done.stdout + done.stderr


def test_a_broken_map_is_refused(git_site):
    git_site.write("departments.yaml", DEPARTMENTS.replace("  bgt:\n", "  bgt\n"))
    git_site("add", "departments.yaml")
    done = git_site.commit("改单位", author=("孙强", "sunqiang@example.gov.cn"), check=False)
    assert done.returncode != 0
    assert "departments.yaml:" in done.stderr and "MP001 error" in done.stderr


def test_staged_links_are_checked_against_the_index(git_site, run_sitegen):
    # The link target exists in the working tree only: the commit would publish a broken link.
    git_site.write("content/nsfw/target.md", article())
    git_site.write(A, article("见[目标](target.md)\n", approval=SUBMITTED))
    git_site("add", A)
    run = run_sitegen("check", *TODAY, "--staged", "--format", "json", cwd=git_site.root)
    assert run.code == 1
    assert [r[0] for r in _blocking(run)] == ["LK001"]


def test_hook_without_sitegen_says_how_to_install_it(git_site, tmp_path):
    git_site.write(A, PENDING)
    git_site("add", A)
    only_git = tmp_path / "only-git"  # a PATH with git and nothing else: no sitegen, whatever the machine has
    only_git.mkdir()
    (only_git / "git").symlink_to(shutil.which("git") or "/usr/bin/git")
    git = git_site.__class__(git_site.root, dict(git_site.env, PATH=str(only_git)))
    done = git.commit("新增文章", check=False)
    assert done.returncode != 0 and "make site" in done.stderr
