"""Every page type on a 320 px and a 390 px phone and a 1366 px desktop, in the normal, 大字号 and
高对比度 modes: the page never scrolls sideways and axe finds no WCAG 2.1 AA violation.

The browser and the built site are the session's (conftest.py); a tab is opened per width.
"""

from __future__ import annotations

import pytest
from sitekit import open_page

pytestmark = [pytest.mark.slow, pytest.mark.search]

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (320, 390, 1366)
MODES = ("", "large-text", "high-contrast")
PAGE_TYPES = {
    "home": "index.html",
    "channel": "nsfw/index.html",
    "column": "nsfw/bsfw/index.html",
    "article": "nsfw/bsfw/bs07.html",
    "disclosure": "xxgk/gkzn.html",
    "consultation": "nsfw/zqyj/open.html",
    "directory": "gkml.html",
    "bureaus": "dfpd/index.html",
    "lookup": "nsfw/cktsl/index.html?q=854231",
    "statistics": "nsfw/sstj/index.html",
    "sitemap": "wzdt.html",
    "contact": "lxwm.html",
    "search": "search.html?q=留抵退税",
    "not-found": "404.html",
}


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda w: f"{w}px")
def tab(request, browser, site_url):
    context, tab, outside, errors = open_page(browser, request.param, 800)
    yield tab
    context.close()
    assert not outside, f"请求了外部资源：{outside}"
    assert not errors, f"页面脚本出错：{errors}"


def _show(tab, site_url: str, path: str, mode: str) -> None:
    tab.goto(site_url + path)
    tab.evaluate("document.documentElement.classList.remove('large-text', 'high-contrast')")
    if mode:
        tab.evaluate(f"document.documentElement.classList.add('{mode}')")
    if path.startswith("search"):
        tab.locator("#sg-search-results > li").first.wait_for(timeout=15000)


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m or "normal")
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_sideways_scroll_and_no_axe_violation(tab, site_url, kind, mode):
    from axe_playwright_python.sync_playwright import Axe

    _show(tab, site_url, PAGE_TYPES[kind], mode)
    width = tab.evaluate("window.innerWidth")
    scroll = tab.evaluate("document.documentElement.scrollWidth")
    wide = tab.evaluate(
        """w => Array.from(document.querySelectorAll('body *'))
              .filter(e => e.getBoundingClientRect().right > w + 0.5 && !e.closest('.table-wrap'))
              .slice(0, 3).map(e => e.tagName + '.' + e.className)""",
        width,
    )
    assert scroll <= width, f"{PAGE_TYPES[kind]} 在 {width}px 宽、{mode or '普通'}模式下横向溢出到 {scroll}px：{wide}"
    results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, results.generate_report()


def test_large_mode_reads_at_about_24_px(tab, site_url):
    _show(tab, site_url, "nsfw/bsfw/bs07.html", "large-text")
    size = tab.evaluate("parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize)")
    assert 23.5 <= size <= 26


def test_the_header_stays_compact_and_the_menu_opens_behind_a_button(tab, site_url):
    _show(tab, site_url, "index.html", "")
    width = tab.evaluate("window.innerWidth")
    header = tab.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    nav = tab.get_by_role("navigation", name="主导航")
    if width >= 768:
        assert nav.is_visible()
        assert not tab.locator("button.menu-toggle").is_visible()
        return
    assert header <= 150, f"页头在 {width}px 宽时高 {header}px"
    assert not nav.is_visible()
    toggle = tab.get_by_role("button", name="栏目导航")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert nav.get_by_role("link", name="纳税服务").is_visible()
    assert tab.evaluate("document.documentElement.scrollWidth") <= width


def test_disclosure_dates_never_break_inside(tab, site_url):
    _show(tab, site_url, "xxgk/gkzn.html", "large-text")
    for cell in tab.locator(".gk-meta td").all():
        text = cell.inner_text()
        if text[:4].isdigit() and len(text) == 10:  # a date
            line = tab.evaluate(
                "e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length }",
                cell.element_handle(),
            )
            assert line == 1, f"日期 {text} 被折成了 {line} 行"


def test_the_bureau_list_is_compact_and_filters_as_one_types(tab, site_url):
    _show(tab, site_url, "dfpd/index.html", "")
    items = tab.locator("#sg-unit-list > li")
    assert items.count() == 13
    assert items.filter(has_text="河北").get_by_role("link", name="河北网站（外部）").get_attribute("href") == (
        "https://b03.example.gov.cn/"
    )
    height = tab.evaluate("document.documentElement.scrollHeight")
    assert height < 2600, f"地方频道页高 {height}px"
    tab.get_by_label("按名称查找").fill("江")
    assert tab.locator("#sg-unit-list > li:not([hidden])").all_inner_texts()[0].startswith("黑龙江")
    assert tab.locator("#sg-unit-list > li:not([hidden])").count() == 3  # 黑龙江, 江苏, 浙江
    assert "找到 3 个" in tab.locator("#sg-unit-count").inner_text()
