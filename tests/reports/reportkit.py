"""A real site repository for the office's reports: main, merged and unmerged branches,
commits by different people on chosen dates (GIT_AUTHOR_DATE / GIT_COMMITTER_DATE)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TODAY = "2025-10-31"

PEOPLE = {
    "zhoukexin": ("周可馨", "zhoukexin@example.gov.cn"),  # 办公厅 liaison
    "chenhong": ("陈红", "chenhong@example.gov.cn"),  # 办公厅 publisher
    "dongpf": ("董鹏飞", "dongpf@example.gov.cn"),  # 办公厅 leader
    "wangjun": ("王军", "wangjun@example.gov.cn"),  # 主管局领导
    "liuyang": ("刘洋", "liuyang@example.gov.cn"),  # 纳税服务司 liaison until 2025-09-26 (Friday before 国庆)
    "zhangwei": ("张伟", "zhangwei@example.gov.cn"),  # 纳税服务司 liaison from 2025-10-20
    "limin": ("李敏", "limin@example.gov.cn"),  # 纳税服务司 leader
    "chenyt": ("陈雅婷", "chenyt@example.gov.cn"),  # 征管和科技发展司 liaison until 2025-08-29, no successor
    "guohw": ("郭宏伟", "guohw@example.gov.cn"),  # 征管和科技发展司 leader
    "huangpf": ("黄鹏飞", "huangpf@example.gov.cn"),  # 电子税务管理中心 liaison
    "sunli": ("孙丽", "sunli@example.gov.cn"),  # 财务司 liaison registered ahead, from 2025-11-10
}

DEPARTMENTS = """\
office: bgt
technical: dzswzx
people:
{people}
units:
  bgt:
    name: 办公厅
    kind: hq
    leaders: [dongpf]
    supervisor: wangjun
    publishers: [chenhong]
    liaisons:
      - {{person: zhoukexin, from: 2025-01-01}}
  nsfws:
    name: 纳税服务司
    kind: hq
    leaders: [limin]
    supervisor: wangjun
    liaisons:
      - {{person: liuyang, from: 2025-01-01, to: 2025-09-26}}
      - {{person: zhangwei, from: 2025-10-20}}
  zgkjs:
    name: 征管和科技发展司
    kind: hq
    leaders: [guohw]
    supervisor: wangjun
    liaisons:
      - {{person: chenyt, from: 2025-01-01, to: 2025-08-29}}
  dzswzx:
    name: 电子税务管理中心
    kind: hq
    leaders: [dongpf]
    supervisor: wangjun
    liaisons:
      - {{person: huangpf, from: 2025-01-01}}
  cws:
    name: 财务司
    kind: hq
    leaders: [dongpf]
    supervisor: wangjun
    liaisons:
      - {{person: sunli, from: 2025-11-10}}
"""

COLUMNS = """\
gzdt:
  title: 工作动态
  owner: bgt
  cadence: news
  type: 工作动态
nsfw:
  title: 纳税服务
  owner: nsfws
  cadence: notice
nsfw/zxft:
  title: 在线访谈
  owner: nsfws
  cadence: notice
zgkj:
  title: 征管科技
  owner: zgkjs
  cadence: notice
tzgg:
  title: 通知公告
  owner: bgt
  cadence: notice
zcjd:
  title: 政策解读
  owner: bgt
  cadence: notice
rsxx:
  title: 人事信息
  owner: bgt
  cadence: plan
hdjl:
  title: 互动交流
  owner: bgt
  cadence: none
"""

SETTINGS_TAIL = """\
remuneration:
  default: 200
  columns:
    gzdt: 300
"""


def departments() -> str:
    people = "\n".join(f"  {pid}: {{name: {name}, email: {email}}}" for pid, (name, email) in PEOPLE.items())
    return DEPARTMENTS.format(people=people)


def article(
    *,
    unit: str,
    by: str,
    submitted: str,
    date: str,
    reviewed_by: str | None = None,
    approved_by: str | None = None,
    title: str = "关于优化纳税服务的通知",
    body: str = "为进一步优化纳税服务，现将有关事项通知如下。",
) -> str:
    stamps = ""
    if reviewed_by:
        stamps += f"  reviewed_by: {reviewed_by}\n  reviewed: {submitted}\n"
    if approved_by:
        stamps += f"  approved_by: {approved_by}\n  approved: {date}\n"
    return (
        f"---\ntitle: {title}\ndate: {date}\nunit: {unit}\napproval:\n"
        f"  submitted_by: {by}\n  submitted: {submitted}\n{stamps}  secrecy: 公开\n---\n{body}\n"
    )


def clean_env(home: Path) -> dict[str, str]:
    (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SITEGEN"))}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
        PYTHONPATH=str(REPO),
        LC_ALL="C.UTF-8",
    )
    return env


@dataclass
class Repo:
    path: Path
    env: dict[str, str]

    def git(self, *args: str, day: str | None = None, who: str = "zhoukexin") -> str:
        env = dict(self.env)
        if day:
            name, email = PEOPLE[who]
            stamp = f"{day}T10:00:00+08:00"
            env.update(
                GIT_AUTHOR_NAME=name,
                GIT_AUTHOR_EMAIL=email,
                GIT_COMMITTER_NAME=name,
                GIT_COMMITTER_EMAIL=email,
                GIT_AUTHOR_DATE=stamp,
                GIT_COMMITTER_DATE=stamp,
            )
        done = subprocess.run(["git", *args], cwd=self.path, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"git {args}: {done.stderr}"
        return done.stdout

    def write(self, rel: str, text: str) -> None:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, who: str, day: str, message: str = "报送") -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, day=day, who=who)

    def sitegen(self, *args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-c", "from generator.cli import main; main(prog_name='sitegen')", *args]
        return subprocess.run(command, cwd=self.path, env=self.env, capture_output=True, text=True, check=False)


def make_repo(root: Path) -> Repo:
    """The story of 2025Q3 (see test_reports.py for what each article is there to prove)."""
    home = root / "home"
    home.mkdir()
    repo = Repo(root / "site", clean_env(home))
    repo.path.mkdir()
    repo.git("init", "-q")
    repo.write("departments.yaml", departments())
    repo.write("columns.yaml", COLUMNS)
    settings = (REPO / "site.yaml").read_text(encoding="utf-8").split("\nremuneration:")[0]
    repo.write("site.yaml", settings.rstrip("\n") + "\n" + SETTINGS_TAIL)
    (repo.path / "templates").symlink_to(REPO / "templates", target_is_directory=True)
    repo.write(".gitignore", "reports/\nbuild/\n")
    repo.commit("zhoukexin", "2025-05-10", "办公厅：网站地图")

    # A1: 纳税服务司, submitted 07-01, on main 07-03 (2 working days).
    repo.write(
        "content/nsfw/a1.md",
        article(
            unit="nsfws",
            by="liuyang",
            submitted="2025-07-01",
            date="2025-07-03",
            reviewed_by="limin",
            approved_by="wangjun",
        ),
    )
    repo.commit("liuyang", "2025-07-03")
    # A4: 办公厅, submitted 06-20 (Q2) on a branch, merged with a merge commit on 07-10: adopted in Q3 (14 working days).
    repo.git("switch", "-q", "-c", "bgt-a4")
    repo.write(
        "content/gzdt/a4.md",
        article(
            unit="bgt",
            by="zhoukexin",
            submitted="2025-06-20",
            date="2025-07-10",
            reviewed_by="dongpf",
            approved_by="chenhong",
            title="办公厅工作动态",
        ),
    )
    repo.commit("zhoukexin", "2025-06-20")
    repo.git("switch", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "合并 A4", "bgt-a4", day="2025-07-10", who="chenhong")
    repo.git("branch", "-q", "-D", "bgt-a4")
    # A5: 办公厅, submitted 09-01, on main 09-05 (4 working days).
    repo.write(
        "content/gzdt/a5.md",
        article(
            unit="bgt",
            by="zhoukexin",
            submitted="2025-09-01",
            date="2025-09-05",
            reviewed_by="dongpf",
            approved_by="chenhong",
            title="办公厅九月动态",
        ),
    )
    repo.commit("zhoukexin", "2025-09-05")
    # A2: 纳税服务司, submitted 09-25 (Q3), reached main 10-09 (Q4): 5 working days across 国庆 and the 调休 Sunday 09-28.
    repo.write(
        "content/nsfw/a2.md",
        article(
            unit="nsfws",
            by="liuyang",
            submitted="2025-09-25",
            date="2025-10-09",
            reviewed_by="limin",
            approved_by="wangjun",
        ),
    )
    repo.commit("liuyang", "2025-10-09")
    # A3: 纳税服务司, submitted 08-11, never merged: submitted, not adopted.
    repo.git("switch", "-q", "-c", "nsfws-pending")
    repo.write("content/nsfw/a3.md", article(unit="nsfws", by="liuyang", submitted="2025-08-11", date="2025-08-11"))
    repo.commit("liuyang", "2025-08-11")
    # A7: 办公厅, submitted 08-01 with a mobile number in it (the gate finds an SE error), never merged.
    repo.git("switch", "-q", "-c", "bgt-pending", "main")
    repo.write(
        "content/gzdt/a7.md",
        article(unit="bgt", by="zhoukexin", submitted="2025-08-01", date="2025-08-01", body="联系人手机 13812345678。"),
    )
    repo.commit("zhoukexin", "2025-08-01")
    # A6: 征管和科技发展司, submitted 10-15 (Q4) by a liaison whose term ended 08-29 (the gate finds an AP error).
    repo.git("switch", "-q", "-c", "zgkjs-pending", "main")
    repo.write("content/zgkj/a6.md", article(unit="zgkjs", by="chenyt", submitted="2025-10-15", date="2025-10-15"))
    repo.commit("chenyt", "2025-10-15")
    repo.git("switch", "-q", "main")
    return repo


def copy_repo(repo: Repo, target: Path) -> Repo:
    shutil.copytree(repo.path, target, symlinks=True)
    return Repo(target, repo.env)
