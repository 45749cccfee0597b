"""Fixtures for the `sitegen check` tests: scratch sites, the CLI as a process, real git."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from checkkit import clean_env, sitegen, write_site
from gitenv import REPO


@pytest.fixture
def site(tmp_path) -> Callable[..., Path]:
    """site(files={...}) writes the scratch site plus `files` and returns its root."""

    def make(files: dict | None = None, name: str = "site") -> Path:
        return write_site(tmp_path / name, files)

    return make


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return clean_env(home)


class Run:
    def __init__(self, done: subprocess.CompletedProcess):
        self.code = done.returncode
        self.out = done.stdout
        self.err = done.stderr

    @property
    def json(self) -> dict:
        return json.loads(self.out)

    def rules(self) -> list[tuple[str, str, int]]:
        return [(p["rule"], p["path"], p["line"]) for p in self.json["problems"]]


@pytest.fixture
def run_sitegen(env) -> Callable[..., Run]:
    """run_sitegen(*args, cwd=...) runs `python -m generator.cli` as a real process."""

    def run(*args: str, cwd: Path, extra_env: dict | None = None) -> Run:
        return Run(sitegen(*args, cwd=cwd, env={**env, **(extra_env or {})}))

    return run


class Git:
    """A repository in tmp_path with the project's pre-commit hook and pinned identities."""

    def __init__(self, root: Path, env: dict[str, str]):
        self.root, self.env = root, env

    def __call__(self, *args: str, check: bool = True, author: tuple[str, str] | None = None):
        env = dict(self.env)
        if author:
            env["GIT_AUTHOR_NAME"], env["GIT_AUTHOR_EMAIL"] = author
            env["GIT_COMMITTER_NAME"], env["GIT_COMMITTER_EMAIL"] = author
        done = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)}: {done.stdout}{done.stderr}")
        return done

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, *, author: tuple[str, str] | None = None, check: bool = True):
        return self("commit", "-q", "-m", message, check=check, author=author)


@pytest.fixture
def git_site(site, env) -> Git:
    """The scratch site as a git repository whose hook runs `sitegen check --staged`."""
    root = site()
    hooks = root / "hooks"
    hooks.mkdir()
    shutil.copy2(REPO / "hooks" / "pre-commit", hooks / "pre-commit")
    (hooks / "pre-commit").chmod(0o755)
    repo = Git(root, env)
    repo("init", "-q", "-b", "main")
    repo("config", "core.hooksPath", "hooks")
    repo("config", "commit.gpgsign", "false")
    repo("add", ".")
    repo.commit("初始站点", author=("孙强", "sunqiang@example.gov.cn"))
    return repo
