"""A real site repository for the office's reports: main, merged and unmerged branches,
commits by different people on chosen dates (GIT_AUTHOR_DATE / GIT_COMMITTER_DATE).
The maps and settings are tests/scratchkit.py's, its units posted as CAST says; git runs in
tests/gitenv.py's environment."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gitenv import REPO, git_env
from scratchkit import SITE, SITEGEN, Posts, as_person, columns, departments, form_article, link_templates, write

__all__ = ["REPO"]  # test_nightly_ci.py takes it from here

TODAY = "2025-10-31"

# The reports' story of 2025: 刘洋 leaves 纳税服务司's liaison post on the Friday before 国庆
# (2025-09-26) and 张伟 takes it on 2025-10-20; 陈雅婷 leaves 征管和科技发展司's on 2025-08-29
# with no successor; 孙丽 is registered ahead for 财务司, from 2025-11-10.
CAST = {
    "bgt": Posts(("dongpf",), (("zhoukexin", "2025-01-01", None),), publishers=("chenhong",)),
    "nsfws": Posts(("limin",), (("liuyang", "2025-01-01", "2025-09-26"), ("zhangwei", "2025-10-20", None))),
    "zgkjs": Posts(("guohw",), (("chenyt", "2025-01-01", "2025-08-29"),)),
    "dzswzx": Posts(("dongpf",), (("huangpf", "2025-01-01", None),)),
    "cws": Posts(("dongpf",), (("sunli", "2025-11-10", None),)),
}
# Blank columns and cadences are what the reports judge: the story has these columns only.
COLUMNS = columns("gzdt", "nsfw", "nsfw/zxft", "zgkj", "tzgg", "zcjd", "rsxx", "hdjl")

SETTINGS_TAIL = """\
remuneration:
  default: 200
  columns:
    gzdt: 300
"""


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
    """The reports' article: reviewed on the day it was submitted, approved on its date."""
    return form_article(
        unit=unit,
        by=by,
        submitted=submitted,
        date=date,
        reviewed=(reviewed_by, submitted) if reviewed_by else None,
        approved=(approved_by, date) if approved_by else None,
        title=title,
        body=body,
    )


@dataclass
class Repo:
    path: Path
    env: dict[str, str]

    def git(self, *args: str, day: str | None = None, who: str = "zhoukexin") -> str:
        env = as_person(self.env, who, day) if day else self.env
        done = subprocess.run(["git", *args], cwd=self.path, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"git {args}: {done.stderr}"
        return done.stdout

    def write(self, rel: str, text: str) -> None:
        write(self.path, rel, text)

    def commit(self, who: str, day: str, message: str = "报送") -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, day=day, who=who)

    def sitegen(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*SITEGEN, *args], cwd=self.path, env=self.env, capture_output=True, text=True, check=False
        )


def make_repo(root: Path) -> Repo:
    """The story of 2025Q3 (see test_reports.py for what each article is there to prove)."""
    home = root / "home"
    home.mkdir()
    repo = Repo(root / "site", git_env(home))
    repo.path.mkdir()
    repo.git("init", "-q")
    repo.write("departments.yaml", departments(CAST))
    repo.write("columns.yaml", COLUMNS)
    repo.write("site.yaml", SITE + SETTINGS_TAIL)
    link_templates(repo.path)
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
