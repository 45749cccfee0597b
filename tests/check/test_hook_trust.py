"""The pre-commit hook runs the protected branch's checker, never the code of the branch checked out.

A branch under review may carry its own generator/ and hooks/. An office member who checks it out
and commits must not run them: `sitegen hooks install` takes the hook from the protected branch and
keeps it in .git/, and the hook unpacks the protected branch's generator/ into the user's cache.
Each case has its control: the planted payload really runs when the working tree's code is run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from checkkit import approval, article
from gitenv import REPO

ZHANGWEI = ("张伟", "zhangwei@example.gov.cn")  # nsfws liaison
SUNQIANG = ("孙强", "sunqiang@example.gov.cn")  # technical unit
SUBMITTED = approval(reviewed_by=None, reviewed=None, approved_by=None, approved=None)
PAYLOAD = 'import pathlib as _p\n_p.Path({marker!r}).write_text("ran")\n'


@pytest.fixture
def repo(site, env, tmp_path):
    """A site whose main carries the real generator/ and hooks/, and a branch `mr` whose generator/
    and hooks/pre-commit write a marker file when run."""
    root = site()
    shutil.copytree(REPO / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "hooks", root / "hooks")
    git = _git(root, env)
    git("init", "-q", "-b", "main")
    git("config", "commit.gpgsign", "false")
    git("add", "-A")
    git("commit", "-q", "--no-verify", "-m", "初始站点", author=SUNQIANG)
    git("checkout", "-q", "-b", "mr")
    marker = tmp_path / "payload-ran"
    cli = root / "generator" / "cli.py"
    cli.write_text(cli.read_text(encoding="utf-8") + PAYLOAD.format(marker=str(marker)), encoding="utf-8")
    hook = root / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\necho ran > {marker}\nexit 0\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "--no-verify", "-m", "看似无害的改动", author=SUNQIANG)
    return root, git, marker


def sitegen(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """The installed sitegen, as its console script runs it: the working directory is not on sys.path."""
    return subprocess.run(
        [sys.executable, "-I", "-B", "-m", "generator.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _git(root: Path, env: dict[str, str]):
    def run(*args: str, author: tuple[str, str] = ZHANGWEI, check: bool = True) -> subprocess.CompletedProcess:
        who = dict(env)
        who["GIT_AUTHOR_NAME"], who["GIT_AUTHOR_EMAIL"] = author
        who["GIT_COMMITTER_NAME"], who["GIT_COMMITTER_EMAIL"] = author
        done = subprocess.run(
            ["git", *args], cwd=root, env=who, capture_output=True, text=True, timeout=120, check=False
        )
        assert not check or done.returncode == 0, done.stdout + done.stderr
        return done

    return run


def test_the_branch_payload_is_live(repo):
    """Control: the working tree's generator/ does run the payload when imported."""
    root, _git_run, marker = repo
    subprocess.run(
        [sys.executable, "-I", "-B", "-c", "import sys; sys.path.insert(0, '.'); import generator.cli"],
        cwd=root,
        check=False,
    )
    assert marker.exists()


def test_hooks_install_keeps_the_protected_branchs_hook_outside_the_tree(repo, env):
    root, git, _marker = repo
    done = sitegen("hooks", "install", cwd=root, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    path = Path(git("config", "core.hooksPath").stdout.strip())
    assert path.is_absolute() and (root / ".git") in path.parents
    assert (path / "pre-commit").read_bytes() == (REPO / "hooks" / "pre-commit").read_bytes()
    assert "main:hooks/pre-commit" in done.stdout


def test_a_commit_on_the_branch_is_judged_by_main_s_checker_and_runs_nothing_of_the_branch(repo, env):
    root, git, marker = repo
    assert sitegen("hooks", "install", cwd=root, env=env).returncode == 0
    (root / "content/nsfw/a.md").write_text(article("联系人手机 13812345678。\n", approval=SUBMITTED), encoding="utf-8")
    git("add", "-A")
    refused = git("commit", "-q", "-m", "报送", check=False)
    assert refused.returncode != 0
    assert "content/nsfw/a.md" in refused.stderr + refused.stdout and "SE003" in refused.stderr + refused.stdout
    assert not marker.exists()
    # control: the same commit without the phone number passes, still without the payload
    (root / "content/nsfw/a.md").write_text(article("请拨打 12366 咨询。\n", approval=SUBMITTED), encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "报送")
    assert not marker.exists()
    base = env.get("SITEGEN_CACHE_DIR") or str(
        Path(env.get("XDG_CACHE_HOME") or Path(env["HOME"]) / ".cache") / "sitegen"
    )
    main_tree = git("rev-parse", "main:generator").stdout.strip()
    assert (Path(base) / "checkers" / main_tree / ".complete").exists()  # main's checker ran, unpacked


def test_the_hook_copied_by_hand_still_runs_main_s_checker(repo, env):
    """`git config core.hooksPath hooks` on main (the SPEC's manual way), then a checkout of the branch:
    git now runs the branch's hooks/pre-commit — which is why `sitegen hooks install` exists; with the
    installed hook the branch's hook file is never run."""
    root, git, marker = repo
    git("config", "core.hooksPath", "hooks")
    (root / "content/nsfw/a.md").write_text(article("请拨打 12366 咨询。\n", approval=SUBMITTED), encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "报送")
    assert marker.exists()  # control: the tree's hook ran
    marker.unlink()
    assert sitegen("hooks", "install", cwd=root, env=env).returncode == 0
    (root / "content/nsfw/b.md").write_text(article("请拨打 12366 咨询。\n", approval=SUBMITTED), encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "再报送")
    assert not marker.exists()


def test_a_branch_cannot_name_itself_the_protected_branch(repo, env):
    """The branch's site.yaml names the branch itself (or a branch that does not exist) as protected:
    `hooks install`, run on that branch, still takes main's hook; the tree's hook file is never copied."""
    root, git, marker = repo
    for named in ("mr", "nonexistent"):
        settings = root / "site.yaml"
        settings.write_text(settings.read_text(encoding="utf-8") + f"protected_branch: {named}\n", encoding="utf-8")
        done = sitegen("hooks", "install", cwd=root, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "main:hooks/pre-commit" in done.stdout
        git("checkout", "-q", "--", "site.yaml")
    (root / "content/nsfw/a.md").write_text(article("请拨打 12366 咨询。\n", approval=SUBMITTED), encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "报送")
    assert not marker.exists()


def test_without_the_protected_branch_the_commit_is_refused_not_run_from_the_tree(repo, env):
    """A clone of the branch alone (no main, no origin/main): the hook refuses and says to fetch main,
    instead of running the installed sitegen, which may be an editable install of this checkout."""
    root, git, marker = repo
    assert sitegen("hooks", "install", cwd=root, env=env).returncode == 0
    git("branch", "-q", "-m", "main", "old-main")
    (root / "content/nsfw/a.md").write_text(article("请拨打 12366 咨询。\n", approval=SUBMITTED), encoding="utf-8")
    git("add", "-A")
    refused = git("commit", "-q", "-m", "报送", check=False)
    assert refused.returncode != 0 and "git fetch origin main" in refused.stderr
    assert not marker.exists()
    git("branch", "-q", "-m", "old-main", "main")  # control: with main back, the same commit passes
    git("commit", "-q", "-m", "报送")
    assert not marker.exists()


def test_origin_s_copy_of_the_protected_branch_comes_first_and_never_falls_back(repo, env):
    """The hook takes generator/ from origin/main when origin has main, from the local main only when
    origin has no main (which copy ran: the checker unpacked under its tree id); an origin/main without
    generator/ is not passed over for the local one: the commit is refused."""
    root, git, marker = repo
    assert sitegen("hooks", "install", cwd=root, env=env).returncode == 0
    # Where the hook unpacks checkers (its ${SITEGEN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sitegen}).
    base = env.get("SITEGEN_CACHE_DIR") or os.path.join(env.get("XDG_CACHE_HOME") or f"{env['HOME']}/.cache", "sitegen")
    checkers = Path(base) / "checkers"
    origin = git("commit-tree", "mr^{tree}", "-p", "main", "-m", "origin 的 main").stdout.strip()
    local_tree, origin_tree = (git("rev-parse", f"{rev}:generator").stdout.strip() for rev in ("main", origin))
    assert local_tree != origin_tree
    text = "请拨打 12366 咨询。\n"
    for step in ("local", "origin", "origin without generator/"):
        if step == "origin":
            git("update-ref", "refs/remotes/origin/main", origin)
        if step == "origin without generator/":
            git(
                "update-ref",
                "refs/remotes/origin/main",
                git("commit-tree", "main^{tree}:content", "-m", "无").stdout.strip(),
            )
        text += f"{step}。\n"
        (root / "content/nsfw/a.md").write_text(article(text, approval=SUBMITTED), encoding="utf-8")
        git("add", "-A")
        done = git("commit", "-q", "-m", f"报送 {step}", check=False)
        if step == "local":
            assert done.returncode == 0 and (checkers / local_tree).is_dir() and not (checkers / origin_tree).exists()
        elif step == "origin":
            assert (checkers / origin_tree / ".complete").is_file(), done.stdout + done.stderr
        else:
            assert done.returncode != 0 and "git fetch origin main" in done.stderr
    assert not marker.exists()
