"""LK: links between articles and to attachments; the attachments themselves."""

from __future__ import annotations

import docmaker
import pytest
from checkkit import article, bad, consultation_article, disclosure_article, good, line_of, run_case

A = "content/nsfw/a.md"
PDF = docmaker.blank_pdf()  # a real PDF: an unreadable one is refused (SE008)

LINKS = """\
[好文章](good.md) [附件](good/guide.pdf) [锚点](good.md#intro) [本页](#top)
[征求意见](zqyj/draft.md) [外站](https://www.example.gov.cn/) [邮件](mailto:webmaster@example.gov.cn)
[公开](../xxgk/) [查询](good.md?from=home)
"""
WITH_LINKS = {
    A: article(LINKS),
    "content/nsfw/good/guide.pdf": PDF,
    "content/nsfw/zqyj/draft.md": consultation_article(),
    "content/xxgk/guide.md": disclosure_article(),
}


def _big_attachment(root, size=21 * 1024 * 1024):
    folder = root / "content/nsfw/good"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "big.pdf", "wb") as handle:
        handle.truncate(size)  # sparse: no 21 MiB written to disk


def _near_limit(root):
    _big_attachment(root, 20 * 1024 * 1024)


def _line(text: str, needle: str) -> int:
    return line_of(article(text), needle)


MISSING = "第一段。\n\n详见[办事指南](guide.md)。\n"
MISSING_ATTACHMENT = "附件：[表格](good/form.xlsx)\n"
ABSOLUTE = "见[纳税服务](/nsfw/good.md)\n"
OUTSIDE = "[设置](../../site.yaml)\n[更远](../../../etc/passwd)\n"

CASES = [
    bad("LK001", {A: article(MISSING)}, A, _line(MISSING, "办事指南"), "article"),
    bad("LK001", {A: article(MISSING_ATTACHMENT)}, A, _line(MISSING_ATTACHMENT, "表格"), "attachment"),
    good("LK001", WITH_LINKS, "existing"),
    bad("LK002", {"content/nsfw/good/setup.exe": b"MZ"}, "content/nsfw/good/setup.exe", 1, "exe"),
    bad("LK002", {"content/nsfw/good/page.html": "<html>"}, "content/nsfw/good/page.html", 1, "html"),
    good(
        "LK002",
        {
            "content/nsfw/good/a.pdf": PDF,
            "content/nsfw/good/b.ofd": docmaker.ofd("通知"),
            "content/nsfw/good/c.docx": docmaker.docx(["说明。"]),
            "content/nsfw/good/d.xlsx": docmaker.xlsx([["说明"]]),
            "content/nsfw/good/e.png": docmaker.png(),
            "content/nsfw/good/f.JPG": docmaker.jpeg(),
        },
        "allowed-types",
        others_ok=True,  # the OFD is refused by SE012 (not scannable), not by LK002
    ),
    bad("LK003", {A: article(ABSOLUTE)}, A, _line(ABSOLUTE, "纳税服务]"), severity="warning"),
    good("LK003", {A: article("见[纳税服务](good.md)\n")}),
    bad("LK004", {A: article(OUTSIDE)}, A, _line(OUTSIDE, "[设置]"), "site-yaml"),
    bad("LK004", {A: article(OUTSIDE)}, A, _line(OUTSIDE, "[更远]"), "etc-passwd"),
    good(
        "LK004",
        {A: article("[征求意见](zqyj/x.md)\n"), "content/nsfw/zqyj/x.md": consultation_article()},
        "child-column",
    ),
    bad("LK005", {}, "content/nsfw/good/big.pdf", 1, setup=_big_attachment),
    good("LK005", {}, "20mib", setup=_near_limit, others_ok=True),  # 20 MiB of zeros is no PDF (SE008)
    bad("LK006", {"content/nsfw/gone/a.pdf": PDF}, "content/nsfw/gone/a.pdf", 1),
    good("LK006", {"content/nsfw/good/a.pdf": PDF, "content/nsfw/good/sub/b.pdf": PDF}, "owned"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_lk(case, tmp_path):
    run_case(case, tmp_path / "site")


def test_links_inside_code_are_not_followed(tmp_path):
    text = "写法示例：`[链接](missing.md)`\n\n```\n[链接](missing.md)\n```\n"
    case = good("LK001", {A: article(text)})
    run_case(case, tmp_path / "site")


def test_attachment_link_titles_are_read_from_the_links_and_unclosed_links_do_not_stall():
    """The text an attachment is linked with becomes its title; a name with brackets keeps its title.
    A body of unclosed "[a](" (each one a link start) is read in one pass: the control is the plain link."""
    from generator.article import attachment_titles

    body = "见[附件一](20260101-x/表[1].xlsx)、[附件二](<20260101-x/b.pdf>)和[别处](other/c.pdf)。"
    assert attachment_titles("20260101-x", body) == {"表[1].xlsx": "附件一", "b.pdf": "附件二"}
    hostile = "[a](" * 250_000 + "[附件三](20260101-x/d.pdf)"
    assert attachment_titles("20260101-x", hostile) == {"d.pdf": "附件三"}
