"""An article's later life on the public site: withdrawal and takedown notices, corrections,
validity banners with the successor both ways, policy ↔ interpretation links, consultation results,
and the consultation status worked out in the reader's browser (real Chromium)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docmaker
import feedparser
import pytest
from browserkit import serve
from sitekit import ScratchSite, build, populate, read

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

WITHDRAWAL = """\
withdrawal:
  reason: 文中办事电话有误，已另行发布
  requested_by: liuyangnsfw
  requested: 2026-11-23
  reviewed_by: wangfangnsfw
  reviewed: 2026-11-24
  approved_by: chenhongpub
  approved: 2026-11-25
"""
TAKEDOWN = """\
takedown:
  by: chenhongpub
  date: 2026-11-25
  reason: 页面被篡改，内容已下线核查
"""


def disclosure(index: int, extra: str = "", validity: str = "有效") -> str:
    return (
        "disclosure:\n"
        f"  index_no: 000014349/2026-{index:05d}\n"
        "  issuer: 测试税务局办公厅\n"
        "  topic: 税收法规\n"
        "  written: 2026-10-09\n"
        f"  validity: {validity}\n"
        f"{extra}"
    )


def lifecycle_site(site: ScratchSite) -> ScratchSite:
    populate(site)
    site.article(
        "xxgk/zcwj",
        "old",
        title="关于旧办法的公告",
        date="2026-10-10",
        extra=disclosure(11, "  validity_since: 2026-11-20\n  superseded_by: content/xxgk/zcwj/new.md\n", "废止"),
    )
    site.article(
        "xxgk/zcwj",
        "new",
        title="关于新办法的公告",
        date="2026-11-20",
        extra=disclosure(12) + "interpretation: content/nsfw/bsfw/jd.md\n",
    )
    site.article(
        "nsfw/bsfw",
        "jd",
        title="《关于新办法的公告》政策解读",
        date="2026-11-20",
        extra="interprets: content/xxgk/zcwj/new.md\n",
    )
    site.article(
        "nsfw/bsfw",
        "gone",
        title="已撤稿的办税通知",
        date="2026-11-02",
        body="撤稿前的正文 WITHDRAWN-TEXT。",
        extra=WITHDRAWAL,
    )
    site.write("content/nsfw/bsfw/gone/附件.pdf", docmaker.blank_pdf())
    site.article(
        "nsfw/bsfw",
        "down",
        title="被紧急下线的页面",
        date="2026-11-03",
        body="有害内容 TAKEN-DOWN-TEXT。",
        extra=TAKEDOWN,
    )
    site.article(
        "nsfw/bsfw",
        "fixed",
        title="更正过的通知",
        date="2026-11-04",
        approved="2026-11-04",
        extra="corrections:\n  - date: 2026-11-04\n    note: 第二段办理时限“3日”更正为“3个工作日”\n",
    )
    return site


@pytest.fixture
def built_life(tmp_path) -> Path:
    site = lifecycle_site(ScratchSite(tmp_path / "site"))
    assert build(site) == 0
    return site.root / "build"


def test_withdrawn_article_is_a_notice_at_the_same_url(built_life):
    html = read(built_life, "nsfw/bsfw/gone.html")
    assert "本文已于 2026-11-25 撤稿。" in html
    for fact in ("已撤稿的办税通知", "2026-11-02", "文中办事电话有误，已另行发布"):
        assert fact in html
    assert "WITHDRAWN-TEXT" not in html and "data-pagefind-body" not in html
    assert '<meta name="robots" content="noindex">' in html
    # Who asked, reviewed and approved never reaches the page (第十九条).
    for person in ("liuyangnsfw", "刘洋纳", "wangfangnsfw", "chenhongpub", "陈红发"):
        assert person not in html
    assert not (built_life / "nsfw/bsfw/gone/附件.pdf").exists()


def test_withdrawn_and_taken_down_articles_leave_lists_feeds_and_directory(built_life):
    for page in ("index.html", "nsfw/index.html", "nsfw/bsfw/index.html", "nsfw/bsfw/index_2.html", "wzdt.html"):
        if (built_life / page).exists():
            text = read(built_life, page)
            assert "已撤稿的办税通知" not in text and "被紧急下线的页面" not in text, page
    for feed in ("feed.xml", "nsfw/feed.xml"):
        titles = [e.title for e in feedparser.parse(read(built_life, feed)).entries]
        assert "已撤稿的办税通知" not in titles and "被紧急下线的页面" not in titles
        assert "更正过的通知" in titles
    sitemap = read(built_life, "sitemap.xml")
    # The notice stays in the sitemap, dated by the notice, so crawlers fetch it (and its noindex) soon.
    assert re.search(r"nsfw/bsfw/gone\.html</loc><lastmod>2026-11-25</lastmod>", sitemap)
    assert re.search(r"nsfw/bsfw/down\.html</loc><lastmod>2026-11-25</lastmod>", sitemap)


def test_emergency_takedown_page_shows_the_notice_only(built_life):
    html = read(built_life, "nsfw/bsfw/down.html")
    assert "本文已于 2026-11-25 下线。" in html and "页面被篡改，内容已下线核查" in html
    assert "TAKEN-DOWN-TEXT" not in html


def test_validity_banner_links_the_successor_and_the_successor_links_back(built_life):
    old = read(built_life, "xxgk/zcwj/old.html")
    assert "本文件自 2026-11-20 起已废止。" in old
    assert re.search(r'<a href="../../xxgk/zcwj/new.html" data-successor>关于新办法的公告</a>', old)
    new = read(built_life, "xxgk/zcwj/new.html")
    assert re.search(r'data-predecessors>本文件替代：<a href="../../xxgk/zcwj/old.html">关于旧办法的公告</a>', new)
    directory = read(built_life, "gkml.html")
    row = re.search(r"<tr>\s*<td>000014349/2026-00011</td>.*?</tr>", directory, re.DOTALL).group(0)
    assert "废止" in row and "自 2026-11-20" in row and "xxgk/zcwj/new.html" in row


def test_policy_and_interpretation_link_each_other(built_life):
    policy = read(built_life, "xxgk/zcwj/new.html")
    assert re.search(r'data-interpretation>政策解读：<a href="../../nsfw/bsfw/jd.html">', policy)
    reading = read(built_life, "nsfw/bsfw/jd.html")
    assert re.search(
        r'data-interprets>本文解读的文件：<a href="../../xxgk/zcwj/new.html">关于新办法的公告</a>', reading
    )


def test_corrections_are_shown_on_the_page(built_life):
    html = read(built_life, "nsfw/bsfw/fixed.html")
    assert "更正说明" in html and "2026-11-04" in html and "第二段办理时限“3日”更正为“3个工作日”" in html


def test_consultation_result_on_its_page_and_status_in_lists(built_life):
    closed = read(built_life, "nsfw/zqyj/closed.html")
    assert "意见采纳情况" in closed and "共收到意见 42 条" in closed and "取消备案等 3 条意见" in closed
    listing = read(built_life, "nsfw/zqyj/index.html")
    assert re.search(r'data-opens="2026-11-20" data-closes="2026-12-25" data-short>征求意见中</span>', listing)
    assert re.search(r'data-closes="2026-10-08" data-short>已结束</span>', listing)


def test_a_withdrawal_takes_effect_on_its_approval_day(tmp_path):
    site = lifecycle_site(ScratchSite(tmp_path / "site"))
    assert build(site, today=dt.date(2026, 11, 26)) == 0
    assert "撤稿" in read(site.root / "build", "nsfw/bsfw/gone.html")


# ---- in the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def life_url(tmp_path_factory):
    base = tmp_path_factory.mktemp("life")
    site = lifecycle_site(ScratchSite(base / "repo"))
    assert build(site, base / "www" / "site") == 0
    with serve(base / "www") as url:
        yield url + "site/"


@pytest.mark.slow
def test_browser_follows_successor_and_interpretation_links(tab, life_url):
    tab.goto(life_url + "xxgk/zcwj/old.html")
    banner = tab.locator("[data-validity-banner]")
    assert "已废止" in banner.inner_text()
    banner.get_by_role("link", name="关于新办法的公告").click()
    tab.wait_for_url("**/site/xxgk/zcwj/new.html")
    assert tab.locator("[data-predecessors]").get_by_role("link", name="关于旧办法的公告").is_visible()
    tab.locator("[data-interpretation]").get_by_role("link").click()
    tab.wait_for_url("**/site/nsfw/bsfw/jd.html")
    tab.locator("[data-interprets]").get_by_role("link", name="关于新办法的公告").click()
    tab.wait_for_url("**/site/xxgk/zcwj/new.html")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("day", "page_text", "badge"),
    [
        ("2026-11-10", "意见征集尚未开始", "未开始"),
        ("2026-12-20", "还剩 6 天", "征求意见中（剩 6 天）"),
        ("2027-01-05", "意见征集已结束", "已结束"),
    ],
)
def test_consultation_status_is_computed_in_the_readers_browser(tab, life_url, day, page_text, badge):
    """The site was built on 2026-11-26; the reader's clock decides what the page says."""
    tab.clock.set_fixed_time(dt.datetime.fromisoformat(f"{day}T10:00:00+08:00"))
    tab.goto(life_url + "nsfw/zqyj/open.html")
    assert page_text in tab.locator("[data-consultation]").inner_text()
    tab.goto(life_url + "nsfw/zqyj/index.html")
    assert badge in tab.locator('[data-closes="2026-12-25"]').inner_text()


@pytest.mark.slow
@pytest.mark.parametrize("path", ["nsfw/bsfw/gone.html", "xxgk/zcwj/old.html", "nsfw/zqyj/closed.html"])
def test_axe_finds_no_violations_on_lifecycle_pages(tab, life_url, path):
    from axe_playwright_python.sync_playwright import Axe

    tab.goto(life_url + path)
    results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, results.generate_report()
