"""`sitegen build` on the scratch site: pages, furniture, feeds, sitemap, privacy, atomicity."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path
from urllib.parse import unquote

import feedparser
import pytest
from click.testing import CliRunner
from sitekit import DEPARTMENTS, TODAY, build, html_pages, read
from test_search_exact import FAMILIES, shard_files

from generator.cli import main
from generator.site.search import read_results


def test_build_writes_every_kind_of_page(built):
    for rel in (
        "index.html",
        "xxgk/index.html",
        "xxgk/zcwj/index.html",
        "nsfw/bsfw/index.html",
        "nsfw/bsfw/index_2.html",
        "xxgk/gkzn.html",
        "nsfw/zqyj/open.html",
        "gkml.html",
        "wzdt.html",
        "search.html",
        "404.html",
        "feed.xml",
        "nsfw/feed.xml",
        "xxgk/feed.xml",
        "sitemap.xml",
        "robots.txt",
        "static/site.css",
        "static/site.js",
    ):
        assert (built / rel).is_file(), rel


def test_scheduled_article_is_absent_until_its_date(scratch, tmp_path):
    out = scratch.root / "build"
    assert build(scratch, out) == 0
    assert not (out / "nsfw/bsfw/future.html").exists()
    assert "尚未到期的定时文章" not in read(out, "nsfw/bsfw/index.html") + read(out, "feed.xml")
    assert "future.html" not in read(out, "sitemap.xml")
    assert build(scratch, out, today=dt.date(2026, 12, 5)) == 0
    assert (out / "nsfw/bsfw/future.html").is_file()
    assert "future.html" in read(out, "sitemap.xml")


def test_sitemap_lists_exactly_the_published_pages(built):
    listed = re.findall(r"<loc>https://www\.example\.gov\.cn/([^<]*)</loc>", read(built, "sitemap.xml"))
    pages = {p.relative_to(built).as_posix() for p in html_pages(built)} - {"404.html"}
    assert sorted(listed) == sorted(pages)
    assert "Sitemap: https://www.example.gov.cn/sitemap.xml" in read(built, "robots.txt")


def test_feeds_parse_and_list_newest_first(built):
    feed = feedparser.parse((built / "feed.xml").read_bytes())
    assert not feed.bozo
    dates = [e.published for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert feed.entries[0].title == '标题含<b>标签</b>与"引号"&符号'
    assert feed.entries[0].link == "https://www.example.gov.cn/nsfw/tags.html"
    channel = feedparser.parse((built / "nsfw/feed.xml").read_bytes())
    assert not channel.bozo
    assert {e.link.split("/")[3] for e in channel.entries} == {"nsfw"}
    assert channel.entries[0].title.startswith("标题含")


def test_every_page_has_the_norms_meta_tags_and_footer(built):
    for page in html_pages(built):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="zh-CN"' in html
        assert '<meta name="SiteName" content="测试税务网站">' in html, page
        assert '<meta name="SiteDomain" content="www.example.gov.cn">' in html
        assert '<meta name="SiteIDCode" content="bm29000099">' in html
        assert "党政机关" in html and "主办单位：测试税务局" in html and "网站标识码：bm29000099" in html
        assert '<a href="https://beian.miit.gov.cn/">京ICP备00000000号</a>' in html
        assert (
            'href="https://beian.mps.gov.cn/#/query/webSearch?code=11010200000000">京公网安备11010200000000号</a>'
            in html
        )
        assert "服务热线：12366" in html and "承办单位：测试税务局信息中心" in html
        assert 'class="conac" href="https://bszs.conac.cn/sitename?method=show&amp;id=TEST"' in html
        assert 'alt="党政机关网站标识"' in html
        assert ">我为政府网站找错</a>" in html and '<a href="https://www.gov.cn/">中国政府网</a>' in html
        assert 'lxwm.html">联系我们</a>' in html
        assert 'static/favicon.svg" type="image/svg+xml">' in html


def test_furniture_is_optional_and_drawn_from_site_yaml(scratch):
    from scratchkit import BARE_SITE

    scratch.write("site.yaml", BARE_SITE)
    assert build(scratch) == 0
    html = read(scratch.root / "build", "index.html")
    assert '<a class="conac" href="https://bszs.conac.cn/"' in html  # the required 标识, without an image
    for absent in ("static/conac.svg", "找错", "承办单位", "中国政府网", "办事服务", "电子税务局"):
        assert absent not in html, absent
    assert "联系我们" in html  # the contact page is built from the required contact block


def test_home_page_service_entries_and_contact_page(built):
    home = read(built, "index.html")
    assert '<a href="https://etax.example.gov.cn/"><strong>电子税务局</strong><span>网上办税缴费</span></a>' in home
    assert "<strong>发票查验</strong></a>" in home
    contact = read(built, "lxwm.html")
    assert "<h1>联系我们</h1>" in contact and "测试税务局信息中心" in contact
    assert '<a href="tel:12366">12366</a>' in contact and "mailto:webmaster@example.gov.cn" in contact


def test_a_furniture_image_missing_from_templates_static_is_refused(scratch, capsys):
    site_yaml = scratch.root / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("conac.svg", "nosuch.svg"), encoding="utf-8")
    assert build(scratch) == 1
    err = capsys.readouterr().err
    assert "site.yaml" in err and "MP010" in err and "templates/static/nosuch.svg" in err


def test_a_bad_site_id_code_refuses_to_publish(scratch, capsys):
    site_yaml = scratch.root / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("bm29000099", "bm2900"), encoding="utf-8")
    assert build(scratch) == 1
    assert "site.yaml" in capsys.readouterr().err
    assert not (scratch.root / "build").exists()


def test_column_page_meta(built):
    html = read(built, "xxgk/index.html")
    assert '<meta name="ColumnName" content="政府信息公开">' in html
    assert '<meta name="ColumnDescription" content="依法主动公开政府信息。">' in html
    assert '<meta name="ColumnKeywords" content="政府信息公开,公开指南">' in html
    assert '<meta name="ColumnType" content="信息公开">' in html


def test_article_page_meta_and_header(built):
    html = read(built, "xxgk/gkzn.html")
    assert '<meta name="ArticleTitle" content="政府信息公开指南">' in html
    assert '<meta name="PubDate" content="2026-11-20">' in html  # no invented time of day
    # 来源 and ContentSource name the same body as 发布机构.
    assert '<meta name="ContentSource" content="测试税务局办公厅">' in html
    assert "来源：测试税务局办公厅" in html and '<th scope="row">发布机构</th><td>测试税务局办公厅</td>' in html
    assert '<time datetime="2026-11-20"' in html
    plain = read(built, "nsfw/bsfw/bs03.html")
    assert "来源：测试税务局纳税服务司" in plain  # a headquarters unit under the host's name


def test_disclosure_table_and_withdrawn_mark(built):
    html = read(built, "xxgk/gkzn.html")
    for label, value in (
        ("索引号", "000014349/2026-00001"),
        ("文号", "测税发〔2026〕1号"),
        ("发布机构", "测试税务局办公厅"),
        ("主题分类", "综合政务"),
        ("成文日期", "2026-11-18"),
        ("有效性", "有效"),
    ):
        assert re.search(rf"<th scope=\"row\">{label}</th><td[^>]*>(<span[^>]*>)?{re.escape(value)}", html), label
    assert "本文件已" not in html and "起已" not in html
    old = read(built, "xxgk/zcwj/fzwj.html")
    assert "本文件自 2026-11-01 起已废止" in old
    assert "已废止" in read(built, "xxgk/zcwj/index.html")
    directory = read(built, "gkml.html")
    assert "000014349/2026-00001" in directory and "000014349/2026-00002" in directory
    assert '<strong class="validity-withdrawn">废止</strong>' in directory


def test_consultation_open_and_closed_on_the_build_date(built):
    open_ = read(built, "nsfw/zqyj/open.html")
    assert "正在征求意见" in open_ and "2026-12-25" in open_ and "还剩 30 天" in open_
    assert "电子邮件 zqyj@example.gov.cn" in open_
    closed = read(built, "nsfw/zqyj/closed.html")
    assert "意见征集已结束" in closed and "信函寄测试税务局" in closed


def test_attachments_are_copied_and_listed_with_type_and_size(built):
    assert (built / "xxgk/gkzn/附件1.pdf").read_bytes().startswith(b"%PDF")
    html = read(built, "xxgk/gkzn.html")
    # The author's link text is the attachment's title, not its file name.
    assert '<a href="../xxgk/gkzn/%E9%99%84%E4%BB%B61.pdf">附件1</a>' in html
    assert "（PDF，3.0 KB）" in html
    assert 'href="gkzn/%E9%99%84%E4%BB%B61.pdf"' in html  # the author's own link still resolves


def test_links_between_articles_point_at_pages(built):
    html = read(built, "xxgk/gkzn.html")
    assert 'href="../nsfw/bsfw/bs01.html"' in html
    assert (built / "xxgk" / "../nsfw/bsfw/bs01.html").resolve().is_file()


def test_pagination_and_breadcrumbs(built):
    first, second = read(built, "nsfw/bsfw/index.html"), read(built, "nsfw/bsfw/index_2.html")
    assert first.count('class="article-list"') == 1
    assert "办税指南第12号" in first and "办税指南第1号<" not in first
    assert "办税指南第1号" in second
    assert 'href="../../nsfw/bsfw/index_2.html" rel="next"' in first
    assert 'aria-current="page">2</a>' in second
    crumbs = re.search(r'<nav class="crumbs.*?</nav>', read(built, "nsfw/bsfw/bs03.html"), re.DOTALL).group(0)
    assert list(re.findall(r">([^<>\s][^<>]*)</", crumbs)) == ["首页", "纳税服务", "办税服务", "办税指南第3号"]


def test_home_shows_latest_items_of_each_channel(built):
    html = read(built, "index.html")
    assert "政府信息公开指南" in html and "办税指南第12号" in html
    assert 'href="xxgk/index.html"' in html and 'href="nsfw/index.html"' in html


def test_urls_are_relative_everywhere(built):
    allowed = (
        "https://beian.miit.gov.cn/",
        "https://beian.mps.gov.cn/",
        "https://bszs.conac.cn/",
        "https://zfwzgl.www.gov.cn/",
        "https://www.gov.cn/",
        "https://etax.example.gov.cn/",
        "https://inv-veri.example.gov.cn/",
        "tel:",
        "mailto:",
    )
    bureau_site = re.compile(r"https://b\d\d\.example\.gov\.cn/")
    for page in html_pages(built):
        if page.name == "404.html":
            continue  # served at any depth: it resolves links against <base href> from base_url
        html = page.read_text(encoding="utf-8")
        for url in re.findall(r'(?:href|src|action)="([^"]*)"', html):
            if url.startswith(allowed) or bureau_site.fullmatch(url):
                continue
            assert not url.startswith(("/", "http:", "https:", "//")), (page, url)
        # Every relative link resolves to a file of the build.
        for url in re.findall(r'(?:href|src)="([^"#?]+)', html):
            if not (url.startswith(allowed) or bureau_site.fullmatch(url)):
                assert (page.parent / unquote(url)).resolve().exists(), (page, url)


def test_titles_and_summaries_are_escaped(built):
    html = read(built, "nsfw/tags.html")
    assert "<b>标签</b>" not in html
    assert "标题含&lt;b&gt;标签&lt;/b&gt;与&#34;引号&#34;&amp;符号" in html
    assert "摘要&lt;i&gt;也要&lt;/i&gt;转义" in html
    assert "<b>" not in read(built, "index.html")


def test_no_personal_data_reaches_the_public_site(built):
    people = re.findall(r"^  (\w+): \{name: (\S+), email: (\S+)\}", DEPARTMENTS, re.MULTILINE)
    assert people
    texts = [p.read_bytes().decode("utf-8", "replace") for p in built.rglob("*") if p.is_file()]
    for person_id, name, email in people:
        for text in texts:
            assert email not in text and person_id not in text and name not in text
    for field in ("submitted_by", "reviewed_by", "approved_by", "secrecy"):
        assert not any(field in t for t in texts)


def test_a_personal_email_in_a_body_stops_the_build(scratch, capsys):
    out = scratch.root / "build"
    assert build(scratch, out) == 0
    before = read(out, "index.html")
    scratch.article("nsfw", "leak", title="泄露", date="2026-11-22", body="联系 liuyang.nsfw@example.gov.cn")
    assert build(scratch, out) == 1
    assert "第十九条" in capsys.readouterr().err
    assert read(out, "index.html") == before and not (out / "nsfw/leak.html").exists()


def test_check_errors_refuse_to_publish_and_keep_the_old_output(scratch, capsys):
    out = scratch.root / "build"
    assert build(scratch, out) == 0
    snapshot = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    scratch.write("content/nsfw/bad.md", "---\ntitle: 无审批\ndate: 2026-11-20\nunit: nsfws\n---\n正文\n")
    assert build(scratch, out) == 1
    assert "content/nsfw/bad.md" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot


def test_a_broken_template_leaves_build_unchanged(scratch, capsys):
    out = scratch.root / "build"
    assert build(scratch, out) == 0
    snapshot = {p: (p.read_bytes(), p.stat().st_ino) for p in out.rglob("*") if p.is_file()}
    templates = scratch.use_own_templates()
    (templates / "article.html").write_text("{% extends 'base.html' %}{% block main %}{{ broken( }}{% endblock %}")
    result = CliRunner().invoke(main, ["build", "--root", str(scratch.root), "--today", TODAY.isoformat()])
    assert result.exit_code == 2
    assert "templates/article.html 第 1 行" in result.output
    snapshot_after = {p: (p.read_bytes(), p.stat().st_ino) for p in out.rglob("*") if p.is_file()}
    assert snapshot_after == snapshot
    assert not [p for p in out.parent.iterdir() if ".staging-" in p.name]


def test_a_template_runtime_error_leaves_build_unchanged(scratch):
    from generator.errors import SitegenError

    out = scratch.root / "build"
    assert build(scratch, out) == 0
    snapshot = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    templates = scratch.use_own_templates()
    (templates / "home.html").write_text(
        "{% extends 'base.html' %}{% block main %}{{ site.no_such_field }}{% endblock %}"
    )
    with pytest.raises(SitegenError, match=r"home\.html"):
        build(scratch, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot


def test_two_builds_are_byte_identical_and_unchanged_files_are_not_rewritten(scratch, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert build(scratch, a) == 0 and build(scratch, b) == 0
    files_a = {p.relative_to(a): p.read_bytes() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b): p.read_bytes() for p in b.rglob("*") if p.is_file()}
    assert files_a == files_b
    inode = (a / "xxgk/gkzn.html").stat().st_ino
    scratch.article("nsfw", "new", title="新增文章", date="2026-11-25")
    assert build(scratch, a) == 0
    assert (a / "xxgk/gkzn.html").stat().st_ino == inode  # unchanged: linked from the last build
    assert "新增文章" in read(a, "index.html")


def test_refuses_an_output_folder_it_did_not_make(scratch, tmp_path):
    from generator.errors import SitegenError

    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(SitegenError, match="不是 sitegen 生成的"):
        build(scratch, foreign)
    with pytest.raises(SitegenError, match="包含站点仓库本身"):
        build(scratch, scratch.root)
    assert (foreign / "notes.txt").read_text() == "keep me"


def test_parallel_rendering_matches_serial(scratch, tmp_path, monkeypatch):
    from generator import workers

    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert build(scratch, serial) == 0
    monkeypatch.setattr(workers, "SERIAL_BELOW", 1)  # the check and the render both use workers
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    assert build(scratch, parallel) == 0
    for page in html_pages(serial):
        assert page.read_bytes() == (parallel / page.relative_to(serial)).read_bytes()


_NICE_PROBE = """
import datetime as dt, os, sys
from pathlib import Path
from generator import workers
from generator.commands.build import run_build
from generator.site import render

root, out, seen = (Path(a) for a in sys.argv[1:4])
today = dt.date.fromisoformat(sys.argv[4])
original = render._worker
folder = seen

def recording(arg):
    state = original(arg)
    (folder / str(os.getpid())).write_text(str(os.nice(0)))
    return state

render._worker = recording  # the forked workers take the patched module over
workers.SERIAL_BELOW = 1
before = os.nice(0)
codes = []
for name, target, search in (("cold", out, True), ("update", out, True), ("plain", out.with_name("plain"), False)):
    folder = seen / name
    folder.mkdir()
    if name == "update":  # one article changed: its page, its lists, the index's update
        article = min((root / "content").rglob("*.md"))
        article.write_text(article.read_text(encoding="utf-8") + "\\n补充说明。\\n", encoding="utf-8")
    codes.append(run_build(out=target, today=today, root=root, quiet=True, search=search))
print(max(codes), before, os.nice(0), render.WORKER_NICENESS)
"""


@pytest.mark.search
def test_render_workers_yield_a_core_to_a_cold_index_and_the_build_keeps_its_priority(scratch, tmp_path):
    """The render workers run niced while this process writes a cold search index (it gets a core of its own),
    not in an incremental build or one without an index (nothing to yield to); the build's own process keeps its
    nice value. In a process of its own, with one thread: its pool forks, as `sitegen build`'s does (pytest's may
    run threads, whose pools start from a fork server)."""
    import os
    import subprocess
    import sys

    from generator.site.render import WORKER_NICENESS

    if os.nice(0) >= 19 - WORKER_NICENESS:
        pytest.skip("already niced as far as a worker would be")
    seen = tmp_path / "nice"
    seen.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", _NICE_PROBE, str(scratch.root), str(tmp_path / "out"), str(seen), TODAY.isoformat()],
        capture_output=True,
        text=True,
        env={**os.environ, "SITEGEN_WORKERS": "2", "SITEGEN_CACHE_DIR": str(tmp_path / "cache")},
        check=True,
    )
    code, before, after, niceness = (int(v) for v in done.stdout.split())
    assert code == 0 and after == before and niceness > 0
    values = {name: {int(f.read_text()) for f in (seen / name).iterdir()} for name in ("cold", "update", "plain")}
    assert values == {"cold": {before + niceness}, "update": {before}, "plain": {before}}, values


def test_parallel_rendering_from_a_fork_server_matches_serial(scratch, tmp_path, monkeypatch):
    """A threaded process (the dev server) starts its workers from a fork server: they inherit nothing, and the
    jobs the tasks name by number reach them with their state."""
    import threading

    from generator import workers

    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert build(scratch, serial) == 0
    monkeypatch.setattr(workers, "SERIAL_BELOW", 1)
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert workers.start_method() == "forkserver"
        assert build(scratch, parallel) == 0
    finally:
        stop.set()
        other.join()
    for page in html_pages(serial):
        assert page.read_bytes() == (parallel / page.relative_to(serial)).read_bytes()


@pytest.mark.search
def test_parallel_build_with_search_matches_serial_in_every_file(scratch, tmp_path, monkeypatch):
    """The workers first send every article's body and search text back (the index starts from the texts), then
    render the pages from those bodies: every file is the serial build's, the search index's included."""
    from generator import workers

    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(tmp_path / "cache"))
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert build(scratch, serial) == 0
    monkeypatch.setattr(workers, "SERIAL_BELOW", 1)  # the check and the render both use workers
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    assert build(scratch, parallel) == 0
    files = sorted(p.relative_to(serial) for p in serial.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(parallel) for p in parallel.rglob("*") if p.is_file())
    assert any(f.parts[0] == "search" for f in files) and any(f.suffix == ".pdf" for f in files)
    for rel in files:
        assert (serial / rel).read_bytes() == (parallel / rel).read_bytes(), rel


@pytest.mark.search
def test_search_index_is_built_and_deterministic(scratch, tmp_path, monkeypatch):
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(tmp_path / "cache"))
    a, b = tmp_path / "a", tmp_path / "b"
    assert build(scratch, a) == 0 and build(scratch, b) == 0
    meta = json.loads((a / "search/meta.json").read_text(encoding="utf-8"))
    assert meta["layer"] is None and meta["n"] == len(list(read_results(a / "search" / meta["gen"])))
    files_a = {p.relative_to(a): p.read_bytes() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b): p.read_bytes() for p in b.rglob("*") if p.is_file()}
    assert files_a == files_b
    # Pagefind is gone: no files of its own and no hidden markers in the pages
    assert not (a / "pagefind").exists()
    assert not any(b"pagefind" in data for data in files_a.values())


@pytest.mark.search
def test_an_added_article_goes_to_the_change_layer_and_the_main_index_is_carried(scratch, tmp_path, monkeypatch):
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build(scratch, out) == 0
    meta = json.loads((out / "search/meta.json").read_text(encoding="utf-8"))
    docs = out / "search" / meta["gen"] / "docs.bin"
    first = docs.stat().st_ino
    template = min((scratch.root / "content" / "nsfw" / "bsfw").glob("*.md"))
    article = template.with_name("20261120-999998.md")
    article.write_text(template.read_text(encoding="utf-8") + "\n独一无二的新增文章。\n", encoding="utf-8")
    assert build(scratch, out) == 0
    changed = json.loads((out / "search/meta.json").read_text(encoding="utf-8"))
    assert changed["gen"] == meta["gen"] and docs.stat().st_ino == first  # moved over, not re-indexed
    layer = out / "search" / changed["layer"]["dir"]
    assert changed["layer"]["n"] == 1 and changed["layer"]["deleted"] == 0
    ((record, text),) = read_results(layer)
    assert record["u"].endswith(f"{article.stem}.html")
    assert "独一无二的新增文章" in text
    assert build(scratch, out) == 0  # nothing changed: the same layer again
    assert json.loads((out / "search/meta.json").read_text(encoding="utf-8")) == changed


@pytest.mark.search
def test_a_file_planted_in_the_live_index_is_not_carried_into_the_next_output(scratch, tmp_path, monkeypatch):
    """Review s6 (H2-4): the main index folder is carried only if it is exactly what the last build left."""
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build(scratch, out) == 0
    meta = json.loads((out / "search/meta.json").read_text(encoding="utf-8"))
    (out / "search" / meta["gen"] / "planted.html").write_text("机密★十年", encoding="utf-8")
    template = min((scratch.root / "content" / "nsfw" / "bsfw").glob("*.md"))
    added = template.with_name("20261120-999996.md")
    added.write_text(template.read_text(encoding="utf-8") + "\n植入检测新增文章。\n", encoding="utf-8")
    assert build(scratch, out) == 0
    now = json.loads((out / "search/meta.json").read_text(encoding="utf-8"))
    assert now["layer"] is None  # built cold instead
    assert not list((out / "search").rglob("planted.html"))
    second = template.with_name("20261120-999995.md")
    second.write_text(template.read_text(encoding="utf-8") + "\n植入检测第二篇。\n", encoding="utf-8")
    assert build(scratch, out) == 0  # control: untouched, the folder is carried again
    control = json.loads((out / "search/meta.json").read_text(encoding="utf-8"))
    assert control["gen"] == now["gen"] and control["layer"]["n"] == 1


def _header_keys(search: Path) -> set[int]:
    """Every pair and gram key in the shard headers of the index layers under `search`."""
    keys: set[int] = set()
    for layer in (p for p in search.iterdir() if (p / "packs.bin").is_file()):
        for data in (shard for prefix in FAMILIES for shard in shard_files(layer, prefix)):
            count = int.from_bytes(data[:4], "little")
            keys.update(int.from_bytes(data[4 + 12 * j : 8 + 12 * j], "little") for j in range(count))
    return keys


@pytest.mark.search
def test_a_changed_article_leaves_the_main_index_with_its_old_text(scratch, tmp_path, monkeypatch):
    """A sentence taken out of an article (personal data found after publication, say) must not stay
    downloadable from the search index: not in a result pack, not in the main index's lists and offsets,
    not even as a pair's key. The main index is rewritten where it held the article, not rebuilt."""
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    article = min((scratch.root / "content" / "nsfw" / "bsfw").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8").replace("。", "，待删除的旧句子。", 1), encoding="utf-8")
    assert build(scratch, out) == 0
    meta = json.loads((out / "search/meta.json").read_text(encoding="utf-8"))
    assert any("待删除的旧句子" in text for _, text in read_results(out / "search" / meta["gen"]))  # control
    unique = {ord(a) << 16 | ord(b) for a, b in itertools.pairwise("待删除的旧句子")}
    unique -= {
        ord(a) << 16 | ord(b)
        for _, t in read_results(out / "search" / meta["gen"])
        for a, b in itertools.pairwise(t)
        if "待删除的旧句子" not in t
    }
    assert "除的" in "待删除的旧句子" and unique and unique <= _header_keys(out / "search")  # control
    article.write_text(article.read_text(encoding="utf-8").replace("待删除的旧句子", "改写后的句子"), encoding="utf-8")
    assert build(scratch, out) == 0
    changed = json.loads((out / "search/meta.json").read_text(encoding="utf-8"))
    assert changed["gen"] == meta["gen"] and changed["layer"]["n"] == 1 and changed["layer"]["deleted"] == 1
    texts = [
        text for layer in (meta["gen"], changed["layer"]["dir"]) for _, text in read_results(out / "search" / layer)
    ]
    assert not any("待删除的旧句子" in text for text in texts) and any("改写后的句子" in text for text in texts)
    assert not unique & _header_keys(out / "search" / meta["gen"])  # (the layer has 的句 and 句子 of the new text)
    for path in (out / "search").rglob("*.bin"):
        assert "待删除的旧句子".encode("utf-16-le") not in path.read_bytes(), path

    # Put back as it was: its main entries are gone for good, so the text is found in the change layer.
    article.write_text(article.read_text(encoding="utf-8").replace("改写后的句子", "待删除的旧句子"), encoding="utf-8")
    assert build(scratch, out) == 0
    back = json.loads((out / "search/meta.json").read_text(encoding="utf-8"))
    assert back["gen"] == meta["gen"] and back["layer"]["n"] == 1 and back["layer"]["deleted"] == 1
    layer = [text for _, text in read_results(out / "search" / back["layer"]["dir"])]
    assert any("待删除的旧句子" in text for text in layer)
    assert not any("待删除的旧句子" in text for _, text in read_results(out / "search" / meta["gen"]))


@pytest.mark.search
def test_a_failed_swap_puts_the_carried_main_index_back(scratch, tmp_path, monkeypatch):
    from generator.site import fsio

    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build(scratch, out) == 0

    def files() -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    before = files()
    template = min((scratch.root / "content" / "nsfw" / "bsfw").glob("*.md"))
    article = template.with_name("20261120-999997.md")
    article.write_text(template.read_text(encoding="utf-8") + "\n换入失败时新增的文章。\n", encoding="utf-8")
    template.write_text(template.read_text(encoding="utf-8") + "\n换入失败时改过的文章。\n", encoding="utf-8")
    real = fsio.swap_dirs

    def failing(a: Path, b: Path) -> None:
        raise OSError("swap refused")

    monkeypatch.setattr(fsio, "swap_dirs", failing)
    with pytest.raises(OSError):
        build(scratch, out)
    # the main index was moved into the stage, its files holding the changed article replaced there,
    # and all of it put back; the replaced files' copies are gone with their scratch folder
    assert files() == before
    assert not list((tmp_path / "cache").rglob(".out.staging-patch-*"))
    monkeypatch.setattr(fsio, "swap_dirs", real)
    # control: the same addition and change go through. The index is built cold: the files put back
    # have new ctimes, so the manifest no longer vouches for the main index folder.
    assert build(scratch, out) == 0
    meta = json.loads((out / "search/meta.json").read_text(encoding="utf-8"))
    texts = [text for _, text in read_results(out / "search" / meta["gen"])]
    assert any("换入失败时改过的文章" in t for t in texts) and any("换入失败时新增的文章" in t for t in texts)


def test_no_search_flag_skips_the_index(scratch, tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--no-search",
            "--out",
            str(tmp_path / "o"),
            "--today",
            TODAY.isoformat(),
            "--root",
            str(scratch.root),
        ],
    )
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "o" / "search").exists()


def test_every_page_of_the_shipped_site_weighs_at_most_50_kb_with_its_css_and_js(tmp_path, monkeypatch):
    """HTML + the stylesheets and scripts it loads (no web fonts, nothing from elsewhere) ≤ 50 KB."""
    from generator.commands.build import run_build

    monkeypatch.setenv("SITEGEN_NO_CACHE", "1")  # the shipped site is the checkout: no cache written into it

    repo = Path(__file__).resolve().parents[2]
    out = tmp_path / "shipped"
    assert run_build(out=out, today=dt.date(2026, 11, 26), root=repo, quiet=True) == 0
    for page in html_pages(out):
        html = page.read_text(encoding="utf-8")
        assets = re.findall(r'<(?:link rel="stylesheet"|script) (?:href|src)="([^"]+)"', html)
        assert not [a for a in assets if "//" in a], page
        weight = len(html.encode()) + sum((page.parent / a).stat().st_size for a in assets)
        assert weight <= 50 * 1024, f"{page.relative_to(out)} 连同样式和脚本共 {weight} 字节"
        assert "@font-face" not in html


@pytest.mark.search
def test_the_render_pools_body_spool_is_removed_after_a_build_and_after_a_failed_one(scratch, tmp_path, monkeypatch):
    """The workers leave the articles' body HTML in a private temporary folder between the pool's two rounds:
    none of it may stay behind, whether the build succeeds or a template fails while the pages render."""
    import tempfile

    from generator import workers
    from generator.errors import SitegenError

    spools = tmp_path / "tmp"
    spools.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spools))
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(workers, "SERIAL_BELOW", 1)
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    assert build(scratch, tmp_path / "out") == 0
    assert (tmp_path / "out" / "search").is_dir()
    assert list(spools.iterdir()) == []
    page = scratch.use_own_templates() / "article.html"  # fails in the second round, the spool written
    source = page.read_text(encoding="utf-8")
    assert "{% block main %}" in source
    page.write_text(source.replace("{% block main %}", "{% block main %}{{ article.no_such_field }}"), encoding="utf-8")
    with pytest.raises(SitegenError, match=r"article\.html"):
        build(scratch, tmp_path / "out")
    assert list(spools.iterdir()) == []


def test_the_build_command_line_exits_with_its_status_and_every_line_written(scratch, tmp_path):
    """`sitegen build` as a process leaves without the interpreter's teardown (fastcli._leave): its exit status,
    its last line and its exit handlers (the check cache's writer waited for) are still those of a normal exit."""
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(repo), SITEGEN_CACHE_DIR=str(tmp_path / "cache"), SITEGEN_NO_SEARCH="1")

    def sitegen(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "generator.cli", "build", "--today", TODAY.isoformat(), *args]
        return subprocess.run(command, cwd=scratch.root, env=env, capture_output=True, text=True, check=False)

    done = sitegen()
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("秒）。") and "网站已生成到 build/" in done.stdout
    assert list((tmp_path / "cache").rglob("check.json"))  # written in the background, waited for before the exit
    helped = sitegen("--help")
    assert helped.returncode == 0 and "--no-search" in helped.stdout
    wrong = sitegen("--out", str(scratch.root / "content"))
    assert wrong.returncode != 0 and "content/" in wrong.stderr
    scratch.article("nsfw", "broken", title="", date="2026-11-20", body="缺标题。")
    failed = sitegen()
    assert failed.returncode == 1 and "发布检查未通过" in failed.stderr
