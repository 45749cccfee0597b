"""The one scratch site of the tests: its people, units, columns and settings, and the writing helpers.

Every folder's kit (check/checkkit.py, site/sitekit.py, history/gitsite.py, reports/reportkit.py)
writes departments.yaml, columns.yaml and site.yaml from here:
- PEOPLE is one register: an id has one name and one address in every folder, and every
  departments.yaml lists all of them (a person may hold no post in a folder's story).
- A unit has one name everywhere (UNIT_NAMES). Which units a folder's story has and who holds
  which post from when (the check rules' liaison gap, the history's hand-over, the reports'
  quarter) is that folder's CAST, given to `departments`, the one builder of departments.yaml.
- COLUMNS is the one catalogue of columns, each defined once; the check and site tests use it
  whole, a story about fewer columns (the history's, the reports' blank columns) picks its
  own with `columns`. SITE is the one site.yaml; a folder adds keys only where its tests are
  about them (the reports' remuneration).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from gitenv import REPO

# id -> (name, e-mail). The distinctive ids and names (…nsfw, 李敏导, …) are the public site's:
# its privacy tests search build/ for every person here.
PEOPLE: dict[str, tuple[str, str]] = {
    "wangjun": ("王军", "wangjun@example.gov.cn"),
    "chenhong": ("陈红", "chenhong@example.gov.cn"),
    "zhaoli": ("赵丽", "zhaoli@example.gov.cn"),
    "sunqiang": ("孙强", "sunqiang@example.gov.cn"),
    "limin": ("李敏", "limin@example.gov.cn"),
    "liuyang": ("刘洋", "liuyang@example.gov.cn"),
    "zhangwei": ("张伟", "zhangwei@example.gov.cn"),
    "huangtao": ("黄涛", "huangtao@example.gov.cn"),
    "fenglei": ("冯磊", "fenglei@example.gov.cn"),
    "zhoukexin": ("周可馨", "zhoukexin@example.gov.cn"),
    "dongpf": ("董鹏飞", "dongpf@example.gov.cn"),
    "chenyt": ("陈雅婷", "chenyt@example.gov.cn"),
    "guohw": ("郭宏伟", "guohw@example.gov.cn"),
    "huangpf": ("黄鹏飞", "huangpf@example.gov.cn"),
    "sunli": ("孙丽", "sunli@example.gov.cn"),
    "zhangweiliaison": ("张伟联", "zhangwei.liaison@example.gov.cn"),
    "liminleader": ("李敏导", "limin.leader@example.gov.cn"),
    "chenhongpub": ("陈红发", "chenhong.pub@example.gov.cn"),
    "wangjunsup": ("王军管", "wangjun.sup@example.gov.cn"),
    "liuyangnsfw": ("刘洋纳", "liuyang.nsfw@example.gov.cn"),
    "wangfangnsfw": ("王芳纳", "wangfang.nsfw@example.gov.cn"),
    "jishuyuan": ("技术员", "jishuyuan@example.gov.cn"),
}
STRANGER = ("某人", "someone@example.com")  # in no map

UNIT_NAMES = {
    "bgt": "办公厅",
    "nsfws": "纳税服务司",
    "dzswzx": "电子税务管理中心",
    "zgkjs": "征管和科技发展司",
    "cws": "财务司",
}

Term = tuple[str, str, str | None]  # (person, from, to or None)


@dataclass(frozen=True)
class Posts:
    """Who holds a unit's posts in one folder's story."""

    leaders: tuple[str, ...]
    liaisons: tuple[Term, ...]
    supervisor: str = "wangjun"
    publishers: tuple[str, ...] = ()


def departments(
    cast: dict[str, Posts], *, signing: bool = False, keys: dict[str, str] | None = None, people: str = ""
) -> str:
    """departments.yaml: every person of PEOPLE (with `keys`: their SSH keys), the units as `cast` posts them.

    `people`: more lines for the people block (a test's extra person).
    """
    keys = keys or {}
    lines = ["office: bgt", "technical: dzswzx"]
    if signing:
        lines += ["signing:", "  required: true"]
    lines.append("people:")
    for pid, (name, email) in PEOPLE.items():
        key = f', signing_key: "{keys[pid]}"' if pid in keys else ""
        lines.append(f"  {pid}: {{name: {name}, email: {email}{key}}}")
    text = "\n".join(lines) + "\n" + people + "units:\n"
    for unit, posts in cast.items():
        text += f"  {unit}:\n    name: {UNIT_NAMES[unit]}\n    kind: hq\n"
        text += f"    leaders: [{', '.join(posts.leaders)}]\n    supervisor: {posts.supervisor}\n"
        if posts.publishers:
            text += f"    publishers: [{', '.join(posts.publishers)}]\n"
        text += "    liaisons:\n"
        for person, start, end in posts.liaisons:
            text += f"      - {{person: {person}, from: {start}" + (f", to: {end}}}\n" if end else "}\n")
    return text


# Thirteen bureaus: enough for the compact, filterable list of a channel with many columns.
BUREAUS = ("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建")

COLUMNS = """\
xxgk:
  title: 政府信息公开
  owner: bgt
  kind: disclosure
  type: 信息公开
  description: 依法主动公开政府信息。
  keywords: [政府信息公开, 公开指南]
xxgk/zcwj:
  title: 政策文件
  owner: bgt
  kind: disclosure
  type: 政策文件
gzdt:
  title: 工作动态
  owner: bgt
  cadence: news
  type: 工作动态
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
nsfw:
  title: 纳税服务
  owner: nsfws
  cadence: notice
  type: 办事服务
  description: 办税指南与服务信息。
nsfw/bsfw:
  title: 办税服务
  owner: nsfws
  type: 办事服务
nsfw/zqyj:
  title: 征求意见
  owner: nsfws
  kind: consultation
  type: 互动交流
nsfw/zxft:
  title: 在线访谈
  owner: nsfws
  cadence: notice
nsfw/cktsl:
  title: 出口退税率
  owner: nsfws
  dataset: export-refund-rates
nsfw/sstj:
  title: 税收统计
  owner: nsfws
  dataset: tax-revenue
zgkj:
  title: 征管科技
  owner: zgkjs
  cadence: notice
dfpd:
  title: 地方频道
  owner: bgt
""" + "".join(
    f"dfpd/b{n:02d}:\n  title: {name}\n  owner: bgt\n  website: https://b{n:02d}.example.gov.cn/\n"
    for n, name in enumerate(BUREAUS, 1)
)


def columns(*paths: str) -> str:
    """columns.yaml with only the catalogue's columns at `paths`, in that order (a parent before its children)."""
    entries: dict[str, str] = {}
    for line in COLUMNS.splitlines(keepends=True):
        if not line.startswith(" "):
            key = line.rstrip(":\n")
        entries[key] = entries.get(key, "") + line
    return "".join(entries[path] for path in paths)


SITE = """\
name: 测试税务网站
domain: www.example.gov.cn
base_url: https://www.example.gov.cn/
id_code: bm29000099
host: 测试税务局
contact:
  phone: "12366"
  address: 北京市海淀区测试路1号
  postcode: "100038"
  email: webmaster@example.gov.cn
icp:
  number: 京ICP备00000000号
  url: https://beian.miit.gov.cn/
police:
  number: 京公网安备11010200000000号
  url: "https://beian.mps.gov.cn/#/query/webSearch?code=11010200000000"
protected_branch: main
index_prefix: "000014349"
page_size: 10
conac: {url: "https://bszs.conac.cn/sitename?method=show&id=TEST", image: conac.svg}
operator: 测试税务局信息中心
error_report: "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=bm29000099"
links:
  - {title: 中国政府网, url: "https://www.gov.cn/"}
services:
  - {title: 电子税务局, url: "https://etax.example.gov.cn/", note: 网上办税缴费}
  - {title: 发票查验, url: "https://inv-veri.example.gov.cn/"}
"""
# The same site with none of the optional furniture: every item must be optional.
BARE_SITE = SITE[: SITE.index("conac:")]


def form_article(
    *,
    unit: str,
    by: str,
    submitted: str,
    date: str,
    reviewed: tuple[str, str] | None = None,
    approved: tuple[str, str] | None = None,
    title: str = "关于优化纳税服务的通知",
    secrecy: str = "公开",
    body: str = "为进一步优化纳税服务，现将有关事项通知如下。",
) -> str:
    """An article submitted by `by`; `reviewed` and `approved`: (person, day) of those stamps."""
    stamps = ""
    if reviewed:
        stamps += f"  reviewed_by: {reviewed[0]}\n  reviewed: {reviewed[1]}\n"
    if approved:
        stamps += f"  approved_by: {approved[0]}\n  approved: {approved[1]}\n"
    return (
        f"---\ntitle: {title}\ndate: {date}\nunit: {unit}\napproval:\n"
        f"  submitted_by: {by}\n  submitted: {submitted}\n{stamps}  secrecy: {secrecy}\n---\n{body}\n"
    )


def write(root: Path, rel: str, content: str | bytes) -> Path:
    """Write one file of a scratch site (text as UTF-8), making its folders."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def write_files(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write every file of `files` under `root` (a None value leaves that file out)."""
    for rel, content in files.items():
        if content is not None:
            write(root, rel, content)
    return root


def link_templates(root: Path) -> None:
    """The checkout's templates, linked into a scratch site (a test that breaks them copies them)."""
    (root / "templates").symlink_to(REPO / "templates", target_is_directory=True)


def as_person(env: dict[str, str], who: str | tuple[str, str], day: str) -> dict[str, str]:
    """`env` in which git commits as `who` (an id of PEOPLE, or (name, email)) at 10:00 Beijing time on `day`."""
    name, email = PEOPLE[who] if isinstance(who, str) else who
    stamp = f"{day}T10:00:00+08:00"
    return dict(
        env,
        GIT_AUTHOR_NAME=name,
        GIT_AUTHOR_EMAIL=email,
        GIT_COMMITTER_NAME=name,
        GIT_COMMITTER_EMAIL=email,
        GIT_AUTHOR_DATE=stamp,
        GIT_COMMITTER_DATE=stamp,
    )


# `sitegen` as a process running this checkout's code (gitenv's PYTHONPATH), whatever is installed.
SITEGEN = [sys.executable, "-c", "from generator.cli import main; main(prog_name='sitegen')"]
