"""A small scratch site written from inline text, and helpers to build it.

The site has a channel with child columns, a disclosure column, a consultation
column, enough articles for two pages of a column, one scheduled article and one
with an attachment. People's ids, names and e-mails are distinctive so the
privacy tests can search build/ for them.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

TODAY = dt.date(2026, 11, 26)
UNIQUE_PHRASE = "增值税留抵退税绿色通道"  # occurs in one article only (search tests)

DEPARTMENTS = """\
office: bgt
technical: dzswzx
people:
  zhangweiliaison: {name: 张伟联, email: zhangwei.liaison@example.gov.cn}
  liminleader: {name: 李敏导, email: limin.leader@example.gov.cn}
  chenhongpub: {name: 陈红发, email: chenhong.pub@example.gov.cn}
  wangjunsup: {name: 王军管, email: wangjun.sup@example.gov.cn}
  liuyangnsfw: {name: 刘洋纳, email: liuyang.nsfw@example.gov.cn}
  wangfangnsfw: {name: 王芳纳, email: wangfang.nsfw@example.gov.cn}
  jishuyuan: {name: 技术员, email: jishuyuan@example.gov.cn}
units:
  bgt:
    name: 办公厅
    kind: hq
    leaders: [liminleader]
    supervisor: wangjunsup
    publishers: [chenhongpub]
    liaisons:
      - {person: zhangweiliaison, from: 2024-01-02}
  nsfws:
    name: 纳税服务司
    kind: hq
    leaders: [wangfangnsfw]
    supervisor: wangjunsup
    liaisons:
      - {person: liuyangnsfw, from: 2024-01-02}
  dzswzx:
    name: 电子税务管理中心
    kind: hq
    leaders: [jishuyuan]
    supervisor: wangjunsup
    liaisons:
      - {person: jishuyuan, from: 2024-01-02}
"""

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
nsfw:
  title: 纳税服务
  owner: nsfws
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
"""

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
"""

OFFICE_FORM = """\
approval:
  submitted_by: zhangweiliaison
  submitted: {day}
  reviewed_by: liminleader
  reviewed: {day}
  approved_by: chenhongpub
  approved: {day}
  secrecy: 公开
"""

NSFW_FORM = """\
approval:
  submitted_by: liuyangnsfw
  submitted: {day}
  reviewed_by: wangfangnsfw
  reviewed: {day}
  approved_by: wangjunsup
  approved: {day}
  secrecy: 公开
"""


class ScratchSite:
    """Writes a site repository into a folder; tests add or change files, then build."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.write("departments.yaml", DEPARTMENTS)
        self.write("columns.yaml", COLUMNS)
        self.write("site.yaml", SITE)
        templates = Path(__file__).resolve().parents[2] / "templates"
        (root / "templates").symlink_to(templates, target_is_directory=True)

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def article(
        self,
        column: str,
        slug: str,
        *,
        title: str,
        date: str,
        body: str = "正文。",
        unit: str | None = None,
        summary: str | None = None,
        extra: str = "",
        approved: str | None = None,
    ) -> Path:
        unit = unit or ("bgt" if column.startswith("xxgk") else "nsfws")
        form = (OFFICE_FORM if unit == "bgt" else NSFW_FORM).format(day=approved or min(date, TODAY.isoformat()))
        head = f"title: {_yaml_str(title)}\ndate: {date}\nunit: {unit}\n"
        if summary:
            head += f"summary: {_yaml_str(summary)}\n"
        text = f"---\n{head}{form}{textwrap.dedent(extra)}---\n{textwrap.dedent(body)}\n"
        return self.write(f"content/{column}/{slug}.md", text)

    def use_own_templates(self) -> Path:
        """Replace the templates link by a copy a test may break."""
        import shutil

        link = self.root / "templates"
        source = link.resolve()
        link.unlink()
        shutil.copytree(source, link)
        return link


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def populate(site: ScratchSite) -> ScratchSite:
    site.article(
        "xxgk",
        "gkzn",
        title="政府信息公开指南",
        date="2026-11-20",
        summary="说明如何获取政府信息。",
        extra="""\
                 disclosure:
                   index_no: 000014349/2026-00001
                   doc_no: 测税发〔2026〕1号
                   issuer: 测试税务局办公厅
                   topic: 综合政务
                   written: 2026-11-18
                   validity: 有效
                 """,
        body="""\
                 # 一、公开方式

                 详见[办税指南](../nsfw/bsfw/bs01.md)和附件[附件1](gkzn/附件1.pdf)。

                 | 项目 | 说明 |
                 |---|---|
                 | 电话 | 12366 |
                 """,
    )
    site.write("content/xxgk/gkzn/附件1.pdf", minimal_pdf(3072))
    site.article(
        "xxgk/zcwj",
        "fzwj",
        title="关于废止部分文件的公告",
        date="2026-10-10",
        extra="""\
                 disclosure:
                   index_no: 000014349/2026-00002
                   issuer: 测试税务局
                   topic: 税收法规
                   written: 2026-10-09
                   validity: 废止
                   validity_since: 2026-11-01
                 """,
    )
    for n in range(1, 13):
        day = f"2026-10-{n:02d}"
        body = f"第 {n} 篇办税指南。" + (f"本篇介绍{UNIQUE_PHRASE}的办理流程。" if n == 7 else "")
        site.article("nsfw/bsfw", f"bs{n:02d}", title=f"办税指南第{n}号", date=day, body=body)
    site.article(
        "nsfw/bsfw", "future", title="尚未到期的定时文章", date="2026-12-05", approved="2026-11-20", body="定时发布。"
    )
    site.article(
        "nsfw/zqyj",
        "open",
        title="关于某办法公开征求意见的通知",
        date="2026-11-20",
        extra="""\
                 consultation:
                   opens: 2026-11-20
                   closes: 2026-12-25
                   feedback: 电子邮件 zqyj@example.gov.cn
                 """,
    )
    site.article(
        "nsfw/zqyj",
        "closed",
        title="关于旧办法公开征求意见的通知",
        date="2026-09-01",
        extra="""\
                 consultation:
                   opens: 2026-09-01
                   closes: 2026-10-08
                   feedback: 信函寄测试税务局
                   result:
                     date: 2026-10-20
                     comments: 42
                     adopted: 采纳了简化报送材料等 12 条意见。
                     not_adopted: 取消备案等 3 条意见与上位法不符，未予采纳。
                 """,
    )
    site.article(
        "nsfw", "tags", title='标题含<b>标签</b>与"引号"&符号', date="2026-11-21", summary="摘要<i>也要</i>转义"
    )
    return site


def build(site: ScratchSite, out: Path | None = None, today: dt.date = TODAY) -> int:
    from generator.commands.build import run_build

    return run_build(out=out or site.root / "build", today=today, root=site.root, quiet=True)


def html_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "search" not in p.parts)


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def minimal_pdf(size: int) -> bytes:
    """A valid one-page PDF of exactly `size` bytes (padded with a comment): attachments must be readable."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]

    def assemble(padding: int) -> bytes:
        out = bytearray(b"%PDF-1.4\n%" + b"0" * padding + b"\n")
        offsets = []
        for number, body in enumerate(objects, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
        return bytes(out)

    padding = size - len(assemble(0))
    return assemble(padding - (len(assemble(padding)) - size))  # startxref may have gained a digit
