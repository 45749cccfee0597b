"""The public site in real headless Chromium (Debian's /usr/bin/chromium; never a downloaded browser).

The build is served from a sub-path (/gov/site/) to prove that every URL is relative; the browser,
the built site and its server are shared by the whole session, the browser by the module (conftest.py).
"""

from __future__ import annotations

import pytest
from sitekit import UNIQUE_PHRASE

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [pytest.mark.slow, pytest.mark.search]


def test_follow_navigation_from_home_to_an_article(page, site_url):
    page.goto(site_url + "index.html")
    assert page.title() == "测试税务网站"
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="纳税服务").click()
    page.wait_for_url("**/gov/site/nsfw/index.html")
    page.get_by_role("navigation", name="纳税服务栏目导航").get_by_role("link", name="办税服务").click()
    page.wait_for_url("**/nsfw/bsfw/index.html")
    page.get_by_role("link", name="办税指南第7号").click()
    page.wait_for_url("**/nsfw/bsfw/bs07.html")
    assert page.get_by_role("heading", level=1).inner_text() == "办税指南第7号"
    assert page.evaluate("getComputedStyle(document.body).fontFamily")  # the stylesheet loaded
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") != "rgba(0, 0, 0, 0)"
    )


def test_search_a_chinese_phrase_and_open_the_result(page, site_url):
    page.goto(site_url + "index.html")
    page.get_by_role("search", name="全站搜索").get_by_role("searchbox").fill(UNIQUE_PHRASE)
    page.get_by_role("search", name="全站搜索").get_by_role("button", name="搜索").click()
    page.wait_for_url("**/gov/site/search.html?q=*")
    results = page.locator("#sg-search-results > li")
    results.first.wait_for(timeout=15000)
    assert results.count() == 1
    assert "1 条" in page.locator("#sg-search-status").inner_text()
    results.first.get_by_role("link").click()
    page.wait_for_url("**/gov/site/nsfw/bsfw/bs07.html")
    assert UNIQUE_PHRASE in page.locator("main").inner_text()


def test_search_finds_a_shorter_chinese_word(page, site_url):
    page.goto(site_url + "search.html?q=" + "留抵退税")
    page.locator("#sg-search-results > li").first.wait_for(timeout=15000)
    assert "办税指南第7号" in page.locator("#sg-search-results").inner_text()


def test_larger_text_and_high_contrast_persist_across_pages(page, site_url):
    page.goto(site_url + "index.html")
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="大字号").click()
    assert page.get_by_role("button", name="大字号").get_attribute("aria-pressed") == "true"
    page.get_by_role("link", name="政府信息公开指南").first.click()
    page.wait_for_url("**/xxgk/gkzn.html")
    bigger = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert bigger > size * 1.2
    assert page.get_by_role("button", name="大字号").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="高对比度").click()
    page.goto(site_url + "nsfw/index.html")
    assert page.evaluate("document.documentElement.classList.contains('high-contrast')")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    page.get_by_role("button", name="大字号").click()  # and off again
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('large-text')")


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "nsfw/bsfw/index.html",
        "xxgk/gkzn.html",
        "nsfw/zqyj/open.html",
        "gkml.html",
        f"search.html?q={UNIQUE_PHRASE}",
    ],
)
@pytest.mark.parametrize("mode", ["", "high-contrast"])
def test_axe_finds_no_wcag21_aa_violations(page, site_url, path, mode):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site_url + path)
    if mode:
        page.evaluate(f"document.documentElement.classList.add('{mode}')")
    if path.startswith("search"):
        page.locator("#sg-search-results > li").first.wait_for(timeout=15000)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, results.generate_report()
