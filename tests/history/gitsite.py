"""Real repositories for the GH rules: a bare remote with the project's pre-receive hook,
and clones committing as different people of a small map of their own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from gitenv import git_env

REPO = Path(__file__).resolve().parents[2]
TODAY = "2025-06-30"

PEOPLE = {
    "zhoukexin": ("周可馨", "zhoukexin@example.gov.cn"),  # 办公厅 liaison
    "chenhong": ("陈红", "chenhong@example.gov.cn"),  # 办公厅 publisher
    "dongpf": ("董鹏飞", "dongpf@example.gov.cn"),  # 办公厅 leader
    "wangjun": ("王军", "wangjun@example.gov.cn"),  # 主管局领导 of 纳税服务司
    "liuyang": ("刘洋", "liuyang@example.gov.cn"),  # 纳税服务司 liaison until 2025-03-31
    "zhangwei": ("张伟", "zhangwei@example.gov.cn"),  # 纳税服务司 liaison from 2025-04-01
    "limin": ("李敏", "limin@example.gov.cn"),  # 纳税服务司 leader
    "chenyt": ("陈雅婷", "chenyt@example.gov.cn"),  # 征管和科技发展司 liaison
    "guohw": ("郭宏伟", "guohw@example.gov.cn"),  # 征管和科技发展司 leader
    "huangpf": ("黄鹏飞", "huangpf@example.gov.cn"),  # 电子税务管理中心 liaison
}
STRANGER = ("某人", "someone@example.com")

UNITS = """\
units:
  bgt:
    name: 办公厅
    kind: hq
    leaders: [dongpf]
    supervisor: wangjun
    publishers: [chenhong]
    liaisons:
      - {person: zhoukexin, from: 2025-01-01}
  nsfws:
    name: 纳税服务司
    kind: hq
    leaders: [limin]
    supervisor: wangjun
    liaisons:
      - {person: liuyang, from: 2025-01-01, to: 2025-03-31}
      - {person: zhangwei, from: 2025-04-01}
  zgkjs:
    name: 征管和科技发展司
    kind: hq
    leaders: [guohw]
    supervisor: wangjun
    liaisons:
      - {person: chenyt, from: 2025-01-01}
  dzswzx:
    name: 电子税务管理中心
    kind: hq
    leaders: [dongpf]
    supervisor: wangjun
    liaisons:
      - {person: huangpf, from: 2025-01-01}
"""

COLUMNS = """\
nsfw:
  title: 纳税服务
  owner: nsfws
nsfw/zxft:
  title: 在线访谈
  owner: nsfws
zgkj:
  title: 征管科技
  owner: zgkjs
gzdt:
  title: 工作动态
  owner: bgt
"""


def departments(*, signing: bool = False, keys: dict[str, str] | None = None, extra_office: str = "") -> str:
    keys = keys or {}
    lines = ["office: bgt", "technical: dzswzx"]
    if signing:
        lines += ["signing:", "  required: true"]
    lines.append("people:")
    for pid, (name, email) in PEOPLE.items():
        key = f', signing_key: "{keys[pid]}"' if pid in keys else ""
        lines.append(f"  {pid}: {{name: {name}, email: {email}{key}}}")
    units = UNITS.replace(
        "leaders: [dongpf]\n    supervisor: wangjun\n    publishers",
        f"leaders: [dongpf{extra_office}]\n    supervisor: wangjun\n    publishers",
    )
    return "\n".join(lines) + "\n" + units


def article(
    *,
    unit: str = "nsfws",
    by: str = "zhangwei",
    reviewed: str | None = None,
    approved: str | None = None,
    secrecy: str = "公开",
    body: str = "为进一步优化纳税服务，现将有关事项通知如下。",
) -> str:
    stamps = ""
    if reviewed:
        stamps += f"  reviewed_by: {reviewed}\n  reviewed: 2025-06-11\n"
    if approved:
        stamps += f"  approved_by: {approved}\n  approved: 2025-06-12\n"
    return (
        f"---\ntitle: 关于优化纳税服务的通知\ndate: 2025-06-12\nunit: {unit}\napproval:\n"
        f"  submitted_by: {by}\n  submitted: 2025-06-10\n{stamps}  secrecy: {secrecy}\n---\n{body}\n"
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
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

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
        name, email = PEOPLE[who] if isinstance(who, str) else who
        return dict(
            self.env,
            GIT_AUTHOR_NAME=name,
            GIT_AUTHOR_EMAIL=email,
            GIT_COMMITTER_NAME=name,
            GIT_COMMITTER_EMAIL=email,
            GIT_AUTHOR_DATE=f"{day}T10:00:00+08:00",
            GIT_COMMITTER_DATE=f"{day}T10:00:00+08:00",
        )

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
    shutil.copy(REPO / "site.yaml", clone.path / "site.yaml")


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
