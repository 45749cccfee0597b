"""A small scratch site written from inline text, and helpers to build it.

Its maps and settings are tests/scratchkit.py's. The site has a channel with child columns, a disclosure column, a consultation
column, enough articles for two pages of a column, one scheduled article and one
with an attachment. People's ids, names and e-mails are distinctive so the
privacy tests can search build/ for them.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from scratchkit import COLUMNS, SITE, Posts, departments, link_templates, write, write_files

TODAY = dt.date(2026, 11, 26)
UNIQUE_PHRASE = "增值税留抵退税绿色通道"  # occurs in one article only (search tests)

# Every post of the site's story is held by a person of distinctive id, name and e-mail.
CAST = {
    "bgt": Posts(
        ("liminleader",), (("zhangweiliaison", "2024-01-02", None),), "wangjunsup", publishers=("chenhongpub",)
    ),
    "nsfws": Posts(("wangfangnsfw",), (("liuyangnsfw", "2024-01-02", None),), "wangjunsup"),
    "dzswzx": Posts(("jishuyuan",), (("jishuyuan", "2024-01-02", None),), "wangjunsup"),
    "zgkjs": Posts(("guohw",), (("chenyt", "2024-01-02", None),), "wangjunsup"),
}
DEPARTMENTS = departments(CAST)

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
        write_files(root, {"departments.yaml": DEPARTMENTS, "columns.yaml": COLUMNS, "site.yaml": SITE})
        link_templates(root)

    def write(self, rel: str, text: str | bytes) -> Path:
        return write(self.root, rel, text)

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

    def data(self, column: str, slug: str, name: str, csv_text: str, *, title: str, sample: bool = False) -> Path:
        """A data column's companion article and its CSV, the file's SHA-256 pinned in the form."""
        import hashlib

        raw = csv_text.encode("utf-8")
        self.write(f"content/{column}/{slug}/{name}", raw)
        pin = f"data:\n  file: {name}\n  sha256: {hashlib.sha256(raw).hexdigest()}\n"
        if sample:
            pin += "  sample: 是\n"
        return self.article(column, slug, title=title, date="2026-11-20", extra=pin, body=f"[数据文件]({slug}/{name})")

    def use_own_templates(self) -> Path:
        """Replace the templates link by a copy a test may break."""
        import shutil

        link = self.root / "templates"
        source = link.resolve()
        link.unlink()
        shutil.copytree(source, link)
        return link


def footer_says(site: ScratchSite, html: str) -> None:
    """Put `html` into the footer of every page (a copy of the templates): what no article says, only the final
    screen of the rendered page can stop."""
    footer = site.use_own_templates() / "_footer.html"
    text = footer.read_text(encoding="utf-8")
    assert "<p>主办单位：" in text
    footer.write_text(text.replace("<p>主办单位：", f"{html}\n      <p>主办单位：", 1), encoding="utf-8")


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
    site.article("dfpd/b03", "dt01", title="河北税务工作动态", date="2026-11-02", unit="bgt")
    site.data("nsfw/cktsl", "wk2026", "rates.csv", refund_csv(), title="出口退税率文库", sample=True)
    site.data("nsfw/sstj", "sr2026", "revenue.csv", REVENUE_CSV, title="税收收入统计数据")
    return site


# Refund rates: 2,400 rows over 40 chapters, with a few rows whose names the tests look up.
LOOKUP_CODE, LOOKUP_NAME = "8542310001", "集成电路（处理器及控制器）"


def refund_csv(count: int = 2400) -> str:
    rows = {LOOKUP_CODE: f"{LOOKUP_CODE},{LOOKUP_NAME},个,13,2026-01-01"}
    for n in range(count - 1):
        chapter = 1 + (n * 7) % 97
        code = f"{chapter:02d}{(n * 7919) % 10**8:08d}"
        rows.setdefault(code, f"{code},测试商品{n}号（第{chapter}章）,千克,{(9, 13, 0)[n % 3]},2025-07-01")
    return "商品编码,商品名称,计量单位,退税率,执行起始日期\n" + "\n".join(rows[c] for c in sorted(rows)) + "\n"


REVENUE_CSV = """\
统计期,项目,收入（亿元）,同比增长（%）
2026-01,国内增值税,7800.50,3.0
2026-01,企业所得税,5100.00,1.1
2026-01,税收收入合计,20600.00,2.1
2026-02,国内增值税,4200.25,2.5
2026-02,企业所得税,1900.00,-0.5
2026-02,税收收入合计,10900.00,0.9
"""


def build(site: ScratchSite, out: Path | None = None, today: dt.date = TODAY) -> int:
    from generator.commands.build import run_build

    return run_build(out=out or site.root / "build", today=today, root=site.root, quiet=True)


def html_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "search" not in p.parts)


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def open_page(browser, width: int = 1366, height: int = 900):
    """A fresh tab that refuses any request leaving 127.0.0.1 and records script errors."""
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    outside: list[str] = []
    context.route(
        lambda url: not url.startswith("http://127.0.0.1"),
        lambda route: (outside.append(route.request.url), route.abort()),
    )
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, tab, outside, errors


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
