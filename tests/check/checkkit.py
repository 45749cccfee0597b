"""The scratch site and the rule cases of the `sitegen check` tests.

A scratch site is the three maps of tests/scratchkit.py, its units posted as this
folder's CAST says (a liaison register with a gap), plus articles written from
inline text. Every case checks the tree in-process through
`generator.checking.check_tree` with a fixed "today".
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from gitenv import git_env
from scratchkit import COLUMNS, SITE, Posts, departments, write_files

TODAY = dt.date(2026, 11, 26)
HAN = re.compile(r"[\u4e00-\u9fff]")

# The check rules' story: 刘洋 hands 纳税服务司's liaison post to 张伟 with a week's vacancy.
CAST = {
    "bgt": Posts(("zhaoli", "chenhong"), (("sunqiang", "2024-01-01", None),), publishers=("chenhong",)),
    "nsfws": Posts(("limin",), (("liuyang", "2024-01-01", "2025-02-20"), ("zhangwei", "2025-03-01", None))),
    "dzswzx": Posts(("fenglei",), (("huangtao", "2024-06-01", None),)),
    "zgkjs": Posts(("guohw",), (("chenyt", "2024-01-01", None),)),
}
DEPARTMENTS = departments(CAST)
SETTINGS = SITE

APPROVAL = """\
approval:
  submitted_by: zhangwei
  submitted: 2026-11-18
  reviewed_by: limin
  reviewed: 2026-11-19
  approved_by: chenhong
  approved: 2026-11-20
  secrecy: 公开
"""


def article(
    body: str = "纳税服务正文。\n",
    *,
    title: str = "关于优化纳税服务的通知",
    date: str = "2026-11-20",
    unit: str = "nsfws",
    approval: str = APPROVAL,
    extra: str = "",
) -> str:
    """An article of the nsfw column, fully approved; `extra` is more front matter."""
    return f"---\ntitle: {title}\ndate: {date}\nunit: {unit}\n{approval}{extra}---\n{body}"


def approval(**changes: str | None) -> str:
    """APPROVAL with some lines replaced (value) or removed (None)."""
    lines = []
    for line in APPROVAL.splitlines():
        key = line.strip().split(":", 1)[0]
        if key in changes:
            if changes[key] is not None:
                lines.append(f"  {key}: {changes[key]}")
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def bgt_approval(day: str | None = None) -> str:
    """The approval of an office (bgt) article; `day`: all three stamps on that day."""
    text = APPROVAL.replace("zhangwei", "sunqiang").replace("limin", "zhaoli")
    if day:
        text = re.sub(r"\d{4}-\d{2}-\d{2}", day, text)
    return text


DISCLOSURE = """\
disclosure:
  index_no: 000014349/2026-00001
  doc_no: 税总办发〔2026〕1号
  issuer: 国家税务总局办公厅
  topic: 综合政务
  written: 2026-11-16
  validity: 有效
"""


def disclosure_article(
    block: str = DISCLOSURE, *, date: str = "2026-11-20", body: str = "公开正文。\n", stamped: str | None = None
) -> str:
    return article(body, title="信息公开指南", date=date, unit="bgt", approval=bgt_approval(stamped), extra=block)


CONSULTATION = """\
consultation:
  opens: 2026-11-20
  closes: 2026-12-20
  feedback: 电子邮件 zqyj@example.gov.cn
"""


def consultation_article(block: str = CONSULTATION) -> str:
    return article("请提出意见。\n", title="征求意见稿", extra=block)


GOOD_ARTICLE = "content/nsfw/good.md"

# Billion laughs: nine levels of nine aliases, a billion strings if expanded.
BILLION_LAUGHS = 'a: &a ["哈","哈","哈","哈","哈","哈","哈","哈","哈"]\n' + "".join(
    f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")
)
BILLION_LAUGHS_TEXT = "---\n" + BILLION_LAUGHS + "---\n正文\n"


def base_files() -> dict[str, str | bytes]:
    return {
        "departments.yaml": DEPARTMENTS,
        "columns.yaml": COLUMNS,
        "site.yaml": SETTINGS,
        GOOD_ARTICLE: article(),
    }


def write_site(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """Write the base site plus `files` (a None value leaves that file out)."""
    write_files(root, {**base_files(), **(files or {})})
    (root / "content").mkdir(exist_ok=True)
    return root


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth occurrence of `needle` in `text`."""
    start = -1
    for _ in range(nth):
        start = text.index(needle, start + 1)
    return text.count("\n", 0, start) + 1


def check(root: Path, *, today: dt.date = TODAY, release: bool = False, targets: list[str] | None = None):
    from generator.checking import check_tree

    return check_tree(root, today=today, release=release, targets=targets).problems


# --- rule cases -------------------------------------------------------------------------------


@dataclass
class Case:
    side: str  # "bad": the rule must fire; "good": it must not
    code: str
    files: dict = field(default_factory=dict)
    path: str | None = None  # where the problem is reported (bad cases)
    line: int | None = None
    today: dt.date = TODAY
    release: bool = False
    severity: str | None = None
    others_ok: bool = False  # good cases: other problems may appear
    note: str = ""
    setup: object = None  # optional callable(root) for what text cannot express (symlinks, sizes)

    @property
    def id(self) -> str:
        return f"{self.code}-{self.side}-{self.note}" if self.note else f"{self.code}-{self.side}"


def bad(code: str, files: dict, path: str | None, line: int | None, note: str = "", **kw) -> Case:
    return Case("bad", code, files, path, line, note=note, **kw)


def good(code: str, files: dict, note: str = "", **kw) -> Case:
    return Case("good", code, files, note=note, **kw)


def run_case(case: Case, root: Path) -> list:
    write_site(root, case.files)
    if case.setup is not None:
        case.setup(root)
    problems = check(root, today=case.today, release=case.release)
    if case.side == "bad":
        hits = [p for p in problems if p.rule == case.code]
        assert hits, f"{case.code} expected, got {problems}"
        wanted = [
            p for p in hits if (case.path is None or p.path == case.path) and (case.line is None or p.line == case.line)
        ]
        assert wanted, f"{case.code} expected at {case.path}:{case.line}, got {hits}"
        for p in wanted:
            assert HAN.search(p.message), p
            if case.severity:
                assert p.severity == case.severity, p
    else:
        same = [p for p in problems if p.rule == case.code]
        assert not same, same
        if not case.others_ok:
            assert [p for p in problems if p.severity != "info"] == [], problems
    return problems


# --- processes --------------------------------------------------------------------------------


def clean_env(home: Path) -> dict[str, str]:
    """The tests' git environment (gitenv.py) with 张伟 committing and sitegen first on PATH."""
    return git_env(
        home,
        GIT_AUTHOR_NAME="张伟",
        GIT_AUTHOR_EMAIL="zhangwei@example.gov.cn",
        GIT_COMMITTER_NAME="张伟",
        GIT_COMMITTER_EMAIL="zhangwei@example.gov.cn",
        GIT_AUTHOR_DATE="2026-11-20T10:00:00+08:00",
        GIT_COMMITTER_DATE="2026-11-20T10:00:00+08:00",
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    )


def sitegen(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60):
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )
