"""A reviewed exemption is one article's (review s8, B2): it lets that article's own text through the
build's final screen, on its page and on the lists that show it, and nothing else. Before, the build
gathered every article's exemptions into one set for every page, so a number exempted in one article
(a case number that looks like a mobile number) passed the screen wherever it was written."""

from __future__ import annotations

from sitekit import build, footer_says, read

EXEMPT = """\
exemptions:
  - rule: SE003
    text: "13800138000"
    reason: 业务受理编号，不是手机号码
"""
NUMBER = "13800138000"


def _exempting_article(scratch) -> None:
    scratch.article(
        "nsfw",
        "tuishui",
        title=f"受理编号{NUMBER}办理结果",
        date="2026-11-20",
        summary=f"受理编号{NUMBER}。",
        extra=EXEMPT,
        body=f"受理编号{NUMBER}，请妥善保存。",
    )


def test_an_exempted_number_is_published_on_its_own_page_and_its_lists(scratch):
    _exempting_article(scratch)
    out = scratch.root / "build"
    assert build(scratch, out) == 0
    assert NUMBER in read(out, "nsfw/tuishui.html")
    assert NUMBER in read(out, "nsfw/index.html") and NUMBER in read(out, "index.html")  # lists show its title


def test_the_same_number_on_another_page_is_stopped_by_the_screen(scratch, capsys):
    _exempting_article(scratch)
    out = scratch.root / "build"
    assert build(scratch, out) == 0
    snapshot = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    footer_says(scratch, f"<p>值班手机：{NUMBER}</p>")  # on every page, shown by no article
    assert build(scratch, out) == 1
    err = capsys.readouterr().err
    assert "未通过发布前的最终检查（SE003）" in err, err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot


def test_control_without_any_exemption_the_footer_is_stopped_too(scratch, capsys):
    out = scratch.root / "build"
    assert build(scratch, out) == 0
    footer_says(scratch, f"<p>值班手机：{NUMBER}</p>")
    assert build(scratch, out) == 1
    assert "未通过发布前的最终检查（SE003）" in capsys.readouterr().err
