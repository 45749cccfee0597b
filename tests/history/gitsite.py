"""Real repositories for the GH rules: a bare remote with the project's pre-receive hook,
and clones committing as different people of tests/scratchkit.py's maps, posted as CAST says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from gitenv import REPO, git_env
from scratchkit import PEOPLE, SITE, STRANGER, Posts, as_person, columns, form_article, write
from scratchkit import departments as departments_text

__all__ = ["PEOPLE", "STRANGER"]  # the history tests take the whole kit from here
TODAY = "2025-06-30"

# The history's story: 刘洋 hands 纳税服务司's liaison post to 张伟 on 2025-04-01; 董鹏飞 leads
# both the office and the technical unit.
CAST = {
    "bgt": Posts(("dongpf",), (("zhoukexin", "2025-01-01", None),), publishers=("chenhong",)),
    "nsfws": Posts(("limin",), (("liuyang", "2025-01-01", "2025-03-31"), ("zhangwei", "2025-04-01", None))),
    "zgkjs": Posts(("guohw",), (("chenyt", "2025-01-01", None),)),
    "dzswzx": Posts(("dongpf",), (("huangpf", "2025-01-01", None),)),
}

COLUMNS = columns("nsfw", "nsfw/zxft", "zgkj", "gzdt")


def departments(*, signing: bool = False, keys: dict[str, str] | None = None, extra_office: str = "") -> str:
    """The history's departments.yaml; `extra_office`: ", id" more leaders of the office."""
    cast = dict(CAST)
    if extra_office:
        more = tuple(p.strip() for p in extra_office.split(",") if p.strip())
        cast["bgt"] = replace(cast["bgt"], leaders=cast["bgt"].leaders + more)
    return departments_text(cast, signing=signing, keys=keys)


def article(
    *,
    unit: str = "nsfws",
    by: str = "zhangwei",
    reviewed: str | None = None,
    approved: str | None = None,
    secrecy: str = "公开",
    body: str = "为进一步优化纳税服务，现将有关事项通知如下。",
) -> str:
    """The history's article: submitted on 2025-06-10, reviewed on 06-11, approved and dated 06-12."""
    return form_article(
        unit=unit,
        by=by,
        submitted="2025-06-10",
        date="2025-06-12",
        reviewed=(reviewed, "2025-06-11") if reviewed else None,
        approved=(approved, "2025-06-12") if approved else None,
        secrecy=secrecy,
        body=body,
    )


@pytest.fixture(scope="session")
def tool_env(tmp_path_factory) -> dict[str, str]:
    """An environment in which `sitegen` runs this checkout's code and git ignores the user's config."""
    home = tmp_path_factory.mktemp("home")
    bin_dir = home / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "sitegen"
    wrapper.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -c \'from generator.cli import main; main(prog_name="sitegen")\' "$@"\n'
    )
    wrapper.chmod(0o755)
    return git_env(home, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", SITEGEN_TODAY=TODAY)


def run(args: list[str], cwd: Path, env: dict[str, str], check: bool = True, **extra) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False, **extra)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


@dataclass
class Clone:
    path: Path
    env: dict[str, str]
    remote: Path | None = None

    def git(self, *args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
        return run(["git", *args], self.path, env or self.env, check=check)

    def write(self, rel: str, text: str) -> None:
        write(self.path, rel, text)

    def commit(
        self,
        who: str | tuple[str, str],
        message: str,
        *,
        day: str = "2025-06-10",
        flags: tuple[str, ...] = (),
        check: bool = True,
        key: Path | None = None,
    ) -> subprocess.CompletedProcess:
        """Commit everything as `who`; with `key`, signed with that SSH key."""
        env = self.as_person(who, day)
        if key is not None:
            env.update(
                GIT_CONFIG_COUNT="2",
                GIT_CONFIG_KEY_0="gpg.format",
                GIT_CONFIG_VALUE_0="ssh",
                GIT_CONFIG_KEY_1="user.signingkey",
                GIT_CONFIG_VALUE_1=str(key),
            )
            flags = (*flags, "-S")
        self.git("add", "-A")
        return run(["git", "commit", "-q", "-m", message, *flags], self.path, env, check=check)

    def as_person(self, who: str | tuple[str, str], day: str = "2025-06-10") -> dict[str, str]:
        """The environment in which git commits (or merges) as `who` on `day`."""
        return as_person(self.env, who, day)

    def server(self, branch: str = "main") -> str:
        """The branch's tip on the bare remote ("" when it does not exist)."""
        assert self.remote is not None
        done = run(["git", "rev-parse", "-q", "--verify", f"refs/heads/{branch}"], self.remote, self.env, check=False)
        return done.stdout.strip()

    def push(self, ref: str = "HEAD:main", *extra: str) -> subprocess.CompletedProcess:
        return self.git("push", "origin", ref, *extra, check=False)

    def check(self, *args: str) -> subprocess.CompletedProcess:
        return run(["sitegen", "check", "--today", TODAY, *args], self.path, self.env, check=False)

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").stdout.strip()


def seed(clone: Clone, *, signing: bool = False, keys: dict[str, str] | None = None) -> None:
    clone.write("departments.yaml", departments(signing=signing, keys=keys))
    clone.write("columns.yaml", COLUMNS)
    clone.write("site.yaml", SITE)


def make_site(tmp_path: Path, env: dict[str, str], **maps) -> Clone:
    """A bare remote with hooks/pre-receive installed, seeded by the office, and a clone of it."""
    remote = tmp_path / "remote.git"
    run(["git", "init", "-q", "--bare", str(remote)], tmp_path, env)
    shutil.copy(REPO / "hooks" / "pre-receive", remote / "hooks" / "pre-receive")
    work = tmp_path / "work"
    run(["git", "clone", "-q", str(remote), str(work)], tmp_path, env)
    clone = Clone(work, env, remote)
    key = maps.pop("seed_key", None)
    seed(clone, **maps)
    clone.commit("zhoukexin", "办公厅：网站地图", day="2025-05-10", key=key)
    pushed = clone.push()  # the first push creates main: checked over its whole history
    assert pushed.returncode == 0, pushed.stderr
    return clone


@pytest.fixture
def site(tmp_path, tool_env) -> Clone:
    return make_site(tmp_path, tool_env)
