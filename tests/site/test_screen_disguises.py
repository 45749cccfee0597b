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
