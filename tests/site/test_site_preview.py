"""`sitegen serve` previews what is not yet published: pending and scheduled articles, each with a
banner (the missing stage and who may sign it, or the day it goes live) and its problems.
Nothing of it reaches build/: the public build of the same tree leaves them out."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from sitekit import TODAY, build

PENDING_FORM = """\
approval:
  submitted_by: liuyangnsfw
  submitted: 2026-11-24
  secrecy: 公开
"""


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _pending(scratch) -> None:
    text = (
        "---\ntitle: 待审核的通知\ndate: 2026-11-24\nunit: nsfws\n"
        + PENDING_FORM
        + "---\n待审核的正文，联系电话 13812345678。\n"
    )
    scratch.write("content/nsfw/pending.md", text)


@pytest.fixture
def server(scratch):
    from generator.site.devserver import DevServer

    _pending(scratch)
    scratch.article("nsfw", "later", title="定时发布的通知", date="2026-12-05", approved="2026-11-25")
    dev = DevServer(scratch.root, port=0, today=TODAY)
    dev.start()
    yield dev
    dev.stop()


def test_a_pending_article_is_previewed_with_its_banner(server, scratch):
    status, page = _get(server.url + "nsfw/pending.html")
    assert status == 200 and "待审核的正文" in page
    assert 'id="sitegen-preview-banner" data-kind="pending"' in page
    assert "审批还缺“本单位领导审核”、“审批”" in page
    assert "可由 王芳纳（wangfangnsfw） 签署" in page
    assert "sitegen review content/nsfw/pending.md" in page
    assert "content/nsfw/pending.md:10: SE003 错误" in page  # its problems, with their lines
    assert not (scratch.root / "build").exists()


def test_a_scheduled_article_says_when_it_goes_live(server):
    status, page = _get(server.url + "nsfw/later.html")
    assert status == 200 and 'data-kind="scheduled"' in page and "定于 2026-12-05 发布" in page


def test_a_published_article_has_no_banner(server):
    status, page = _get(server.url + "index.html")
    assert status == 200 and "sitegen-preview-banner" not in page


def test_the_public_build_of_the_same_tree_leaves_them_out(scratch):
    _pending(scratch)
    scratch.article("nsfw", "later", title="定时发布的通知", date="2026-12-05", approved="2026-11-25")
    assert build(scratch) == 1  # the release check refuses the pending article: nothing is written
    assert not (scratch.root / "build").exists()
    (scratch.root / "content/nsfw/pending.md").unlink()
    assert build(scratch) == 0
    out = scratch.root / "build"
    assert not (out / "nsfw" / "pending.html").exists() and not (out / "nsfw" / "later.html").exists()
    assert "sitegen-preview-banner" not in "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))


@pytest.mark.slow
def test_the_banner_is_seen_in_chromium(server, scratch, tab):
    tab.goto(server.url + "nsfw/pending.html")
    banner = tab.locator("#sitegen-preview-banner")
    assert banner.is_visible()
    assert "审批还缺" in banner.inner_text()
    assert tab.get_by_role("status").first.is_visible()
    assert "待审核的正文" in tab.locator("body").inner_text()
    assert not (scratch.root / "build").exists()
