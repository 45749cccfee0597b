"""The reports' HTML in headless Chromium (Debian's /usr/bin/chromium): the charts render, and axe
finds no WCAG 2.1 AA violation; the page asks for nothing from the network and runs no script."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from browserkit import chromium
from reportkit import TODAY

from generator.reports import inspect, liaisons, output, quarter, remuneration, year
from generator.reports.gather import gather
from generator.reports.period import quarter as parse_quarter
from generator.reports.period import year as parse_year

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DAY = dt.date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def pages(repo, tmp_path_factory) -> dict[str, Path]:
    corpus = gather(repo.path, DAY)
    folder = tmp_path_factory.mktemp("html")
    reports = {
        "quarter": quarter.build(corpus, parse_quarter("2025Q3", DAY)),
        "liaisons": liaisons.build(corpus),
        "year": year.build(corpus, parse_year("2025", DAY)),
        "remuneration": remuneration.build(corpus, parse_quarter("2025Q3", DAY)),
        "inspect": inspect.run(corpus, None)[0],
    }
    now = dt.datetime(2025, 10, 31, 9, 0)
    return {kind: output.write(report, folder, ("html",), now)[0] for kind, report in reports.items()}


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def tab(browser):
    context = browser.new_context(locale="zh-CN", java_script_enabled=True)  # axe needs script; the page has none
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    yield page
    context.close()
    assert all(url.startswith("file://") for url in requests), requests


@pytest.mark.parametrize("kind", ["quarter", "liaisons", "year", "remuneration", "inspect"])
def test_charts_render_and_axe_passes(tab, pages, kind):
    from axe_playwright_python.sync_playwright import Axe

    tab.goto(pages[kind].as_uri())
    assert tab.locator("script").count() == 0
    charts = tab.locator("svg[role=img]")
    assert charts.count() >= 1
    for i in range(charts.count()):
        chart = charts.nth(i)
        box = chart.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 20
        bars = chart.locator("rect")
        widths = [bars.nth(j).bounding_box()["width"] for j in range(bars.count())]
        assert max(widths) > 100  # the largest value's bar is drawn at full length
        described = chart.get_attribute("aria-labelledby").split()
        assert all(tab.locator(f"[id='{ref}']").count() == 1 for ref in described)
    assert tab.locator("table th[scope=col]").count() >= 3  # the figures behind the chart
    results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, results.generate_report()


def test_the_quarter_chart_shows_the_figures_of_its_table(tab, pages):
    tab.goto(pages["quarter"].as_uri())
    titles = tab.locator("svg[role=img] rect title").all_text_contents()
    assert "纳税服务司 报送：3 篇" in titles and "办公厅 本季度采用：2 篇" in titles


def test_reports_print_without_losing_the_charts(tab, pages, tmp_path):
    tab.goto(pages["quarter"].as_uri())
    tab.emulate_media(media="print")
    assert tab.locator("svg[role=img]").first.is_visible()
    pdf = tab.pdf(path=str(tmp_path / "quarter.pdf"))
    assert pdf[:4] == b"%PDF"
