"""Numbers written so the scan missed them (review s8-privacy, A1–A10) stop a real build: in an article
(the build's check) and in a page the check never reads (a template: the final screen of the rendered
HTML, whose soft line breaks and link addresses it reads), each beside its plain form as control, while
honest look-alikes build."""

from __future__ import annotations

import pytest
from sitekit import build, footer_says, read


@pytest.mark.parametrize(
    ("html", "code", "shown"),
    [
        ("<p>值班手机：138–0013–8000</p>", "SE003", "138****8000"),
        ("<p>值班手机：1 3 8 0 0 1 3 8 0 0 0</p>", "SE003", "138****8000"),
        ("<p>值班手机：138 0013\n8000</p>", "SE003", "138****8000"),  # a soft line break: one space on screen
        ('<p><a href="https://wa.me/8613800138000">联系值班员</a></p>', "SE003", "138****8000"),
        ("<p>值班员身份证：110105194912310**X</p>", "SE002", "打码不足"),
        ("<p>值班手机：138 0013 8000</p>", "SE003", "138****8000"),  # control: the plain form
    ],
    ids=["en-dash", "digit-by-digit", "soft-break", "address", "too-little-masked", "plain"],
)
def test_the_final_screen_stops_a_template_carrying_the_number(scratch, capsys, html, code, shown):
    out = scratch.root / "build"
    assert build(scratch, out) == 0
    snapshot = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    footer_says(scratch, html)
    assert build(scratch, out) == 1
    err = capsys.readouterr().err
    assert f"未通过发布前的最终检查（{code}）" in err and shown in err, err
    assert "第十九条" in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot


def test_a_template_with_honest_numbers_builds(scratch):
    words = (
        "<p>办公电话 010–6341 7114，热线 12366，2026/11/26 起施行，全年收入 15,123,456,789 元，"
        '示例 138****8000、110105********002X，详见 <a href="https://www.gov.cn/zhengce/content/2021-03/24/'
        'content_5595384.htm">国务院文件</a>。</p>\n<p>一季度 150</p>\n<p>2000 户</p>'
    )
    footer_says(scratch, words)
    out = scratch.root / "build"
    assert build(scratch, out) == 0
    assert "15,123,456,789" in read(out, "index.html")


def test_an_article_with_the_number_across_a_line_break_is_not_built(scratch, capsys):
    out = scratch.root / "build"
    assert build(scratch, out) == 0
    body = "办理事项说明。\n\n联系人电话 138–0013\n8000，请勿外传。"
    path = scratch.article("nsfw", "leak", title="办理说明", date="2026-11-22", body=body)
    assert build(scratch, out) == 1
    err = capsys.readouterr().err
    line = path.read_text(encoding="utf-8").splitlines().index("联系人电话 138–0013") + 1
    assert f"content/nsfw/leak.md:{line}: SE003 " in err, err
    assert not (out / "nsfw/leak.html").exists()
