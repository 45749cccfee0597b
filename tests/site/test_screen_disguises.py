"""A mark written over soft line breaks (内⏎部⏎资⏎料: one line on the page) stops a real build where only the
final screen can see it, a template (review s10 of h4); the plain mark is the control, and prose wrapped after
a word that starts like a mark builds."""

from __future__ import annotations

import pytest
from sitekit import build, footer_says


@pytest.mark.parametrize(
    "html",
    ["<p>内部资料</p>", "<p>内\n部\n资\n料</p>", "<p>内部\n资料</p>", "<p>内･部･资･料</p>"],
    ids=["plain", "vertical", "wrapped", "halfwidth-dots"],
)
def test_the_final_screen_stops_a_template_carrying_the_mark(scratch, capsys, html):
    footer_says(scratch, html)
    assert build(scratch, scratch.root / "build") == 1
    err = capsys.readouterr().err
    assert "未通过发布前的最终检查（SE001）" in err and "第十八条" in err, err


def test_a_template_with_wrapped_prose_builds(scratch):
    footer_says(scratch, "<p>内部\n控制制度</p>\n<p>加强内部\n资料管理</p>")
    assert build(scratch, scratch.root / "build") == 0


@pytest.mark.parametrize(
    "html",
    [
        "<p>正文内容。内部资料</p>",
        "<p>🈲外传</p>",
        "<p>内丨部资料</p>",
        "<p>联系人张三，电话 138丨0013丨8000。</p>",
        "<p>联系电话幺三八洞洞幺三八洞洞洞。</p>",
        "<p>联系人张三，电话 138;0013;8000。</p>",
        "<p>退款账户 6222 0212 3456 78** 128</p>",
    ],
    ids=["after-a-sentence", "ban-emoji", "stroke-in-mark", "stroke-in-number", "radio", "semicolon", "card-mask"],
)
def test_the_final_screen_stops_the_forms_closed_in_session_11(scratch, capsys, html):
    """Session 11 (h5): each of these passed the build before; the plain forms above are the control."""
    footer_says(scratch, html)
    assert build(scratch, scratch.root / "build") == 1
    err = capsys.readouterr().err
    assert "未通过发布前的最终检查（SE00" in err, err


def test_a_template_with_their_honest_look_alikes_builds(scratch):
    footer_says(
        scratch,
        "<p>政策解读丨2024年个人所得税汇算清缴</p>\n<p>修补漏洞一个，山洞两个。会议时间 13:30:00。</p>\n"
        "<p>各单位要加强管理。内部资料，由办公室统一保管。</p>\n<p>禁止外传的规定如下。</p>\n"
        "<p>退款账户 6222 **** **** 0128</p>",
    )
    assert build(scratch, scratch.root / "build") == 0
