"""Data columns on the public site: the refund-rate lookup's shards and page, the statistics charts."""

from __future__ import annotations

import json
import re

import pytest
from sitekit import LOOKUP_CODE, LOOKUP_NAME, build, read

SHARD_BYTES = 64 * 1024  # what one row or gram shard may weigh uncompressed


def test_refund_rates_are_sharded_and_no_shard_is_large(built):
    data = built / "nsfw/cktsl/data"
    meta = json.loads((data / "meta.json").read_text(encoding="utf-8"))
    assert meta["rows"] == 2400 and meta["shards"] == 64
    rows = [r for p in sorted((data / "c").glob("*.json")) for r in json.loads(p.read_text(encoding="utf-8"))]
    assert len(rows) == 2400 and [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert meta["firsts"] == [rows[i][0] for i in range(0, len(rows), meta["size"])]
    for shard in [*data.glob("c/*.json"), *data.glob("n/*.json")]:
        assert shard.stat().st_size < SHARD_BYTES, shard
    assert [LOOKUP_CODE, LOOKUP_NAME, "个", "13", "2026-01-01"] in rows


def test_gram_shards_agree_with_the_rows(built):
    from generator.site.dataviews import gram_shard

    data = built / "nsfw/cktsl/data"
    rows = [r for p in sorted((data / "c").glob("*.json")) for r in json.loads(p.read_text(encoding="utf-8"))]
    table = json.loads((data / f"n/{gram_shard('处理'):02x}.json").read_text(encoding="utf-8"))
    assert [rows[i][1] for i in table["处理"]] == [LOOKUP_NAME]


def test_the_lookup_page_is_marked_sample_and_links_the_file(built):
    html = read(built, "nsfw/cktsl/index.html")
    assert "示例数据" in html and 'id="sg-lookup-form"' in html and "static/lookup.js" in html
    assert "文库共收录 2400 个商品编码" in html
    assert 'href="../../nsfw/cktsl/wk2026/rates.csv">rates.csv</a>' in html
    assert (built / "nsfw/cktsl/wk2026/rates.csv").is_file()
    assert "static/lookup.js" not in read(built, "nsfw/bsfw/index.html")  # only where it is used


def test_statistics_are_drawn_at_build_with_their_tables(built):
    html = read(built, "nsfw/sstj/index.html")
    assert "示例数据" not in html
    charts = re.findall(r"<svg [^>]*role=\"img\"", html)
    assert len(charts) == 2
    assert html.count("<rect ") == 2 + 2  # two months; two taxes (the total is not a tax)
    assert '<th scope="row">1月</th><td class="num">20600.00</td><td class="num">2.1</td>' in html
    assert '<th scope="row">国内增值税</th><td class="num">12000.75</td>' in html
    assert "2026 年 1—2 月主要税种收入" in html


def test_the_build_publishes_only_the_approved_bytes(scratch):
    """A CSV changed after the check ran must not reach the site (the companion pins its SHA-256)."""
    csv = scratch.root / "content/nsfw/sstj/sr2026/revenue.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("20600.00", "99999.00"), encoding="utf-8")
    assert build(scratch) == 1
    assert not (scratch.root / "build").exists()


def test_a_newer_release_replaces_the_rows_it_repeats(scratch):
    from sitekit import REVENUE_CSV

    newer = REVENUE_CSV.splitlines()[0] + "\n2026-02,国内增值税,4300.00,4.9\n2026-03,税收收入合计,12000.00,1.0\n"
    scratch.data("nsfw/sstj", "sr2026b", "revenue.csv", newer, title="更正后的数据")
    path = scratch.root / "content/nsfw/sstj/sr2026b.md"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2026-11-20", "date: 2026-11-21"), encoding="utf-8")
    assert build(scratch) == 0
    html = read(scratch.root / "build", "nsfw/sstj/index.html")
    assert '<th scope="row">国内增值税</th><td class="num">12100.50</td>' in html  # 7800.50 + 4300.00
    assert '<th scope="row">3月</th>' in html


def _lookup(browser, site_url: str, width: int, query: str):
    """A fresh tab (no shard cached), the query typed and submitted; (tab, context, shards loaded)."""
    from sitekit import open_page

    context, tab, outside, errors = open_page(browser, width)
    loaded: list[str] = []
    tab.on("request", lambda r: loaded.append(r.url.split("/data/", 1)[1]) if "/data/" in r.url else None)
    tab.goto(site_url + "nsfw/cktsl/index.html")
    box = tab.get_by_role("search", name="出口退税率查询")
    box.get_by_label("商品编码或名称").fill(query)
    box.get_by_role("button", name="查询").click()
    tab.locator("#sg-lookup-status").filter(has_text=re.compile("找到|没有找到")).wait_for(timeout=10000)
    return context, tab, loaded, outside, errors


@pytest.mark.slow
@pytest.mark.search
@pytest.mark.parametrize("width", [390, 1366])
def test_the_refund_rate_lookup_by_code_loads_one_shard(browser, site_url, width):
    context, tab, loaded, outside, errors = _lookup(browser, site_url, width, LOOKUP_CODE[:6])
    assert tab.locator("#sg-lookup-status").inner_text() == "找到 1 条。"
    row = tab.locator("#sg-lookup-rows tr")
    assert row.count() == 1 and LOOKUP_NAME in row.inner_text() and "13" in row.inner_text()
    assert loaded[0] == "meta.json" and len(loaded) == 2 and loaded[1].startswith("c/")  # one row shard
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    assert not outside and not errors, (outside, errors)


@pytest.mark.slow
@pytest.mark.search
def test_the_refund_rate_lookup_by_name_loads_its_grams_and_one_shard(browser, site_url):
    context, tab, loaded, outside, errors = _lookup(browser, site_url, 390, "处理器")
    assert tab.locator("#sg-lookup-status").inner_text() == "找到 1 条。"
    assert LOOKUP_CODE in tab.locator("#sg-lookup-rows").inner_text()
    assert len([u for u in loaded if u.startswith("n/")]) == 2  # 处理, 理器
    assert len([u for u in loaded if u.startswith("c/")]) == 1
    context.close()
    assert not outside and not errors, (outside, errors)


@pytest.mark.slow
@pytest.mark.search
def test_the_refund_rate_lookup_says_when_nothing_matches(browser, site_url):
    context, tab, _loaded, outside, errors = _lookup(browser, site_url, 390, "不存在的商品")
    assert "没有找到" in tab.locator("#sg-lookup-status").inner_text()
    assert tab.locator("#sg-lookup-wrap").is_hidden()
    context.close()
    assert not outside and not errors, (outside, errors)


@pytest.mark.slow
@pytest.mark.search
def test_the_charts_are_images_with_names_and_their_tables_are_read(browser, site_url):
    from sitekit import open_page

    context, tab, outside, errors = open_page(browser, 390)
    tab.goto(site_url + "nsfw/sstj/index.html")
    charts = tab.get_by_role("img", name=re.compile("柱形图|条形图"))
    assert charts.count() == 2 and charts.first.is_visible()
    assert tab.get_by_role("table", name="2026 年各月税收收入").is_visible()
    assert tab.get_by_role("table", name="2026 年 1—2 月主要税种收入").is_visible()
    context.close()
    assert not outside and not errors
