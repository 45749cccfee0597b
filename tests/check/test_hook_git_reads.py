"""The pre-commit hook's merged git reads give what the separate git calls gave.

`toplevel_and_head` is `rev-parse --show-toplevel` plus `rev-parse --verify HEAD` in one process;
`config_values` is `git config --get` of several keys from one `git config --list`; `read_batch`
reads any object; a working file that holds exactly the staged blob is not asked of `git diff`.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from gitenv import git_env

from generator import gitio
from generator.commands.check import _as_staged
from generator.errors import SitegenError
from generator.project import IndexTree


def _repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    env = git_env(tmp_path / "home")
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, env, "init", "-q")
    return root, env


def _git(root: Path, env: dict[str, str], *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def _commit(root: Path, env: dict[str, str]) -> None:
    _git(root, env, "-c", "user.name=甲", "-c", "user.email=a@example.gov.cn", "commit", "-q", "-m", "一")


def test_toplevel_and_head_before_and_after_the_first_commit_and_outside_a_repository(tmp_path, monkeypatch):
    root, env = _repo(tmp_path)
    monkeypatch.setenv("HOME", env["HOME"])
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", env["GIT_CONFIG_GLOBAL"])
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    (root / "sub").mkdir()
    assert gitio.toplevel_and_head(root / "sub") == (gitio.toplevel(root / "sub"), None)
    assert gitio.toplevel_and_head(root)[0] == root.resolve()
    (root / "a.md").write_text("一\n", encoding="utf-8")
    _git(root, env, "add", "a.md")
    _commit(root, env)
    head = _git(root, env, "rev-parse", "--verify", "-q", "HEAD").strip()
    assert gitio.toplevel_and_head(root / "sub") == (root.resolve(), head)
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert gitio.toplevel(outside) is None  # control: the old call says the same
    assert gitio.toplevel_and_head(outside) == (None, None)


def test_config_values_read_as_git_config_get_reads_each_key(tmp_path, monkeypatch):
    root, env = _repo(tmp_path)
    for name in ("HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM"):
        monkeypatch.setenv(name, env[name])
    _git(root, env, "config", "--global", "user.email", "global@example.gov.cn")
    _git(root, env, "config", "user.email", "local@example.gov.cn")  # the later scope wins
    _git(root, env, "config", "--add", "sitegen.protectedBranch", "first")
    _git(root, env, "config", "--add", "sitegen.protectedBranch", "release")  # the last value wins
    _git(root, env, "config", "branch.MixedCase.description", "子节区分大小写")
    with (root / ".git" / "config").open("a", encoding="utf-8") as handle:
        handle.write("[Sitegen]\n\tEmpty\n")  # a key with no value
    keys = ("user.email", "sitegen.protectedBranch", "branch.MixedCase.description", "sitegen.empty", "user.name")
    assert gitio.config_values(root, *keys) == {key: gitio.config_value(root, key) for key in keys}
    assert gitio.config_values(root, *keys) == {
        "user.email": "local@example.gov.cn",
        "sitegen.protectedBranch": "release",
        "branch.MixedCase.description": "子节区分大小写",
        "sitegen.empty": None,
        "user.name": None,
    }
    assert gitio.config_values(root, "branch.mixedcase.description") == {"branch.mixedcase.description": None}


def test_read_batch_gives_each_object_its_type_and_none_for_a_missing_one(tmp_path):
    root, env = _repo(tmp_path)
    (root / "d").mkdir()
    (root / "d" / "a.md").write_bytes(b"text\n")
    _git(root, env, "add", "-A")
    _commit(root, env)
    blob = _git(root, env, "rev-parse", "HEAD:d/a.md").strip()
    found = gitio.read_batch(root, ["HEAD:d/a.md", "HEAD:d", blob, "HEAD:nothing", "0" * 40])
    assert found["HEAD:d/a.md"] == ("blob", b"text\n") and found[blob] == ("blob", b"text\n")
    assert found["HEAD:d"] is not None and found["HEAD:d"][0] == "tree"
    assert found["HEAD:nothing"] is None and found["0" * 40] is None
    assert gitio.read_objects(root, ["HEAD:d/a.md", "HEAD:d"]) == {"HEAD:d/a.md": b"text\n", "HEAD:d": None}


def test_a_working_file_is_as_staged_only_with_the_same_bytes_and_mode(tmp_path):
    root, env = _repo(tmp_path)
    (root / "a.md").write_bytes(b"staged\n")
    (root / "x.md").write_bytes(b"staged\n")
    os.symlink("a.md", root / "link.md")
    _git(root, env, "add", "-A")
    index = IndexTree(root)
    assert _as_staged(root, "a.md", index)
    assert not _as_staged(root, "link.md", index)  # a link is left to git
    assert not _as_staged(root, "missing.md", index)
    (root / "a.md").write_bytes(b"edited\n")
    os.chmod(root / "x.md", 0o755)
    assert not _as_staged(root, "a.md", index) and not _as_staged(root, "x.md", index)
    # Each path this says differs, git diff names too.
    listed = _git(root, env, "diff", "--name-only", "-z", "--", "a.md", "x.md").split("\0")
    assert set(listed) - {""} == {"a.md", "x.md"}
    (root / "x.md").unlink()
    assert not _as_staged(root, "x.md", index)


def test_git_runs_without_subprocess_feeding_and_reading_more_than_a_pipe_holds(tmp_path, monkeypatch):
    """gitio.run spawns git itself: more than a pipe holds (64 KB) through `cat-file --batch` either way
    arrives whole; a failing git's errors are reported; without git on PATH the user is told to install it."""
    root, env = _repo(tmp_path)
    blobs = []
    for i in range(30):
        data = (f"第{i}块\n" * 20000).encode()
        (root / f"{i}.md").write_bytes(data)
        blobs.append(data)
    _git(root, env, "add", "-A")
    (root / "small.md").write_bytes(b"x")
    _git(root, env, "add", "-A")
    index = gitio.index_entries(root)
    found = gitio.read_blobs(root, [index[f"{i}.md"][1] for i in range(30)])  # 4.8 MB out
    assert [found[index[f"{i}.md"][1]] for i in range(30)] == blobs
    small = index["small.md"][1]
    out = gitio.git(root, "cat-file", "--batch", input=f"{small}\n".encode() * 2000)  # 82 KB in
    assert out == f"{small} blob 1\nx\n".encode() * 2000
    code, out, err = gitio.run(root, ["cat-file", "-t", "HEAD"])
    assert code != 0 and out == b"" and err  # no commit yet: git says so on its error output
    with pytest.raises(SitegenError, match="git cat-file -t HEAD 失败"):
        gitio.git(root, "cat-file", "-t", "HEAD")
    assert gitio.git(root, "rev-parse", "--show-toplevel").decode().strip() == str(root.resolve())
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    with pytest.raises(SitegenError, match="找不到 git 命令"):
        gitio.git(root, "status")
    assert gitio.toplevel(root) is None and gitio.toplevel_and_head(root) == (None, None)


def test_git_gets_none_of_the_descriptors_sitegen_holds_open_for_others(tmp_path):
    """A descriptor marked inheritable in sitegen (by whoever started it, or os.set_inheritable) is closed in
    the git it spawns, as subprocess's close_fds does: the same listing of a child's descriptors shows it when
    it is passed on on purpose (the control), and shows the child's own 0, 1 and 2 either way."""
    root, _ = _repo(tmp_path)
    probe = ["-c", "alias.fds=!ls /proc/self/fd", "fds"]  # ls, run by git's shell, lists what it holds
    read_end, write_end = os.pipe()
    held = os.dup2(write_end, 200, inheritable=True)  # far above anything the child opens for itself
    try:
        code, out, err = gitio.run(root, probe)
        assert code == 0, err
        listed = set(out.decode().split())
        assert {"0", "1", "2"} <= listed and str(held) not in listed
        passed_on = subprocess.run(
            ["git", "-C", str(root), *probe], capture_output=True, check=True, pass_fds=(held,)
        ).stdout.decode()
        assert str(held) in passed_on.split()
    finally:
        for fd in (read_end, write_end, held):
            os.close(fd)
