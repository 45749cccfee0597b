"""What each branch carries that the protected branch does not (branches.on_their_way).

With more than two branches it is read from one `rev-list` and one `diff-tree --stdin` instead of
one `git diff main...branch` each; every branch shape below must give what that diff gives.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from gitenv import git_env

from generator import branches


def _git(root: Path, *args: str) -> str:
    env = git_env(
        root.parent / "home",
        GIT_AUTHOR_NAME="测试",
        GIT_AUTHOR_EMAIL="t@example.gov.cn",
        GIT_COMMITTER_NAME="测试",
        GIT_COMMITTER_EMAIL="t@example.gov.cn",
    )
    return subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True, text=True).stdout


def _commit(root: Path, files: dict[str, str | None], message: str) -> None:
    for rel, text in files.items():
        path = root / rel
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message)


def _by_diff(root: Path) -> list[tuple[str, str]]:
    """The reference: `git diff --name-only --diff-filter=AM main...<ref>` for every other branch."""
    found = []
    refs = _git(root, "for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/remotes").split()
    for ref in refs:
        if ref in ("main", "origin/main") or ref.endswith("/HEAD"):
            continue
        done = subprocess.run(
            ["git", "diff", "--name-only", "-z", "--diff-filter=AM", "--no-renames", f"main...{ref}", "--", "content"],
            cwd=root,
            capture_output=True,
            env=git_env(root.parent / "home"),
            check=False,  # no common history: git fails and names nothing
        )
        found += [(ref, p) for p in done.stdout.decode().split("\0") if p.endswith(".md")]
    return found


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _commit(root, {"content/a/old.md": "旧\n", "content/a/keep.md": "留\n"}, "初始")
    for name, files in {
        "adds": {"content/a/new.md": "新\n"},
        "edits": {"content/a/old.md": "改\n"},
        "adds-then-deletes": {"content/a/gone.md": "暂\n"},
        "not-content": {"README.md": "说明\n"},
    }.items():
        _git(root, "switch", "-q", "-c", name, "main")
        _commit(root, files, name)
        if name == "adds-then-deletes":
            _commit(root, {"content/a/gone.md": None}, "删去")
    _git(root, "switch", "-q", "-c", "merged-main-in", "main")
    _commit(root, {"content/a/first.md": "一\n"}, "first")
    _git(root, "switch", "-q", "main")
    _commit(root, {"content/a/main-later.md": "主\n"}, "main moves on")
    _git(root, "switch", "-q", "merged-main-in")
    _git(root, "merge", "-q", "--no-edit", "main")  # two boundary commits: asked of git diff
    _commit(root, {"content/a/second.md": "二\n"}, "second")
    _git(root, "switch", "-q", "-c", "behind", "main~1")  # main reaches it: nothing on its way
    _git(root, "switch", "-q", "--orphan", "unrelated")  # no common history: git diff names nothing
    _commit(root, {"content/a/alone.md": "孤\n"}, "unrelated")
    _git(root, "switch", "-q", "main")
    _git(root, "update-ref", "refs/remotes/origin/adds", "adds")  # a fetched copy of a local branch
    return root


def test_every_branch_shape_gives_what_git_diff_gives(repo: Path) -> None:
    expected = _by_diff(repo)
    assert ("adds", "content/a/new.md") in expected and ("edits", "content/a/old.md") in expected  # control
    assert ("merged-main-in", "content/a/second.md") in expected
    assert not [ref for ref, _ in expected if ref in ("behind", "adds-then-deletes", "unrelated", "not-content")]
    assert len(_git(repo, "branch", "--format=%(refname:short)").split()) > branches.BATCH_FROM + 1
    assert sorted(branches.on_their_way(repo, "main")) == sorted(expected)


def test_a_few_branches_are_asked_one_by_one_with_the_same_answer(repo: Path) -> None:
    for name in ("edits", "adds-then-deletes", "not-content", "merged-main-in", "behind", "unrelated"):
        _git(repo, "branch", "-q", "-D", name)
    _git(repo, "update-ref", "-d", "refs/remotes/origin/adds")
    assert sorted(branches.on_their_way(repo, "main")) == sorted(_by_diff(repo)) == [("adds", "content/a/new.md")]
