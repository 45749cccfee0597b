"""Numbers in CJK numerals stop a real build: in an article (the build's check) and in a page the check
never reads (a template: the final screen of the rendered HTML), each beside its digit form as control,
while Chinese dates and article numbers build (review s6, H1-3)."""

from __future__ import annotations

import pytest
from sitekit import build, footer_says, read

MOBILE_WRITTEN = "一三八 〇〇一三 八〇〇〇"
ID_WRITTEN = "一一〇一〇五一九四九一二三一〇〇二十"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (f"联系人手机 {MOBILE_WRITTEN}。", "SE003"),
        ("联系人手机 138 0013 8000。", "SE003"),  # control: the digit form
        (f"申请人身份证 {ID_WRITTEN}。", "SE002"),
        ("申请人身份证 11010519491231002X。", "SE002"),  # control: the digit form
    ],
    ids=["mobile-numerals", "mobile-digits", "id-numerals", "id-digits"],
)
def test_an_article_with_the_number_is_not_built(scratch, capsys, text, code):
    out = scratch.root / "build"
    assert build(scratch, out) == 0
    before = read(out, "index.html")
    path = scratch.article("nsfw", "leak", title="办理说明", date="2026-11-22", body=f"办理事项说明。\n\n{text}")
    assert build(scratch, out) == 1
    err = capsys.readouterr().err
    line = path.read_text(encoding="utf-8").splitlines().index(text) + 1
    assert f"content/nsfw/leak.md:{line}: {code} " in err, err
    assert "第十九条" in err
    assert read(out, "index.html") == before and not (out / "nsfw/leak.html").exists()


@pytest.mark.parametrize(
    ("words", "shown"),
    [
        (f"值班手机：{MOBILE_WRITTEN}", "138****8000（用汉字数字书写）"),
        ("值班手机：壹叁捌零零壹叁捌零零零", "138****8000（用汉字数字书写）"),
        ("值班手机：138 0013 8000", "138****8000："),  # control: the digit form
    ],
    ids=["numerals", "capitals", "digits"],
)
def test_the_final_screen_stops_a_template_carrying_the_number(scratch, capsys, words, shown):
    out = scratch.root / "build"
    assert build(scratch, out) == 0
    snapshot = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    footer_says(scratch, f"<p>{words}</p>")
    assert build(scratch, out) == 1
    err = capsys.readouterr().err
    assert "未通过发布前的最终检查（SE003）" in err and shown in err, err
    assert "第十九条" in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot


def test_a_template_with_chinese_dates_and_article_numbers_builds(scratch):
    words = "本站自二〇二六年十一月三十日起依据第一二三条运行，一一核对，二〇二五年十二月三十一日前的信息见旧站"
    footer_says(scratch, f"<p>{words}</p>")
    out = scratch.root / "build"
    assert build(scratch, out) == 0
    assert words in read(out, "index.html")
