"""Adversarial corpora for the clause table of site search (s/, searchsentences.py, search-s.js), in real Chromium.

Articles are written whose bodies repeat a few clauses, so the table holds them; the queries cut, join and
straddle those clauses (inside a table clause and elsewhere in one document, overlapping themselves, whole
clauses with and without their terminator, across two and three clauses of the table and of the rest in
every order, 文号 and numbers inside, full-width and bracket variants of one clause, a clause at the very start
and end of a body). Each query's results must equal the truth computed from the texts (test_search_exact:
title hits, then occurrences, then date), and, after articles are added, changed and withdrawn, a cold
build's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from browserkit import serve
from test_search_exact import (
    REPO,
    Corpus,
    _phrase_table,
    _sentence_table,
    fold,
    own_offsets,
    ranked,
    read_pages,
    shard_files,
    truth,
)

pytestmark = [pytest.mark.slow, pytest.mark.search]

C1 = "各级税务机关要严格落实首问责任制。"
C2 = "严格落实首问责任制。"  # a table clause inside another
C3 = "哈哈哈哈哈哈哈哈，"  # a term overlapping itself inside one clause
C4 = "依照国税发〔2024〕12号文件执行第3条；"  # a 文号 and numbers
C5 = "ABC纳税缴费服务热线全天开通，"  # written full-width in some articles
C4_LENTICULAR = C4.replace("〔", "【").replace("〕", "】")  # (not [ ]: the truth reads those as a Markdown link's)
C5_WIDE = "ＡＢＣ纳税缴费服务热线全天开通，"
C6 = "全年累计退税2,106.0亿元，"  # a thousands separator is a comma: two clauses, the first in the table
C7 = "𠀾局长强调要优化服务，"  # a character beyond the BMP (two code units)
CLAUSES = [C1, C2, C3, C4, C5, C6[:8], C7]

# Bodies, one paragraph per list item; every one holds table clauses, most also the rest around them.
BODIES = [
    [C1 + C2 + C3 + C4 + C5 + "我们严格落实首问制度。" + C1, C6 + C7 + C6],
    [C2 + "首问责任制。" + C1 + "哈哈，" + C3 + C3, C4_LENTICULAR + "本公告自发布之日起施行"],
    [C1 + C1 + C1, C5_WIDE + C4 + "12号文件"],
    ["开头不是表里的句子。" + C3 + "哈哈哈" + C4, C2 + C5],
    [C1 + "严格落实首问责任制" + C3 + C5_WIDE + C2, C7 + C1 + "全年累计退税2,"],
    [C5 + C4 + C3 + C2 + C1, "𠀾" + C6 + C7],
    [C1 + "一是" + C2 + C3, C4 + C4 + "依照国税发"],
    [C3 + C3 + C3 + "哈哈哈哈哈哈哈哈哈。"],
    [C2 + "各级税务机关要" + C4 + C5],
    [C1 + C4 + "制度。" + C1, C5 + C3],
    [C4_LENTICULAR + C5 + C1 + C2, C7 + C7 + "全年累计退税2，106.0亿元。"],
    [C3 + C1 + C5, "首问责任制。各级税务" + C2],
]
TITLES = ["各级税务机关要严格落实首问责任制", "哈哈哈哈", "国税发〔2024〕12号文件执行", "", C1 + C3[:-1]]

QUERIES = [
    # inside one clause (table, or rest, or both in one document)
    "严格落实首问",
    "首问责任制",
    "落实首问",
    "哈哈",
    "哈哈哈",
    "哈哈哈哈哈哈哈哈哈",
    "国税发〔2024〕12号",
    "国税发[2024]12号",
    "2024",
    "12号文件",
    "第3条",
    "abc纳税",
    "ＡＢＣ纳税缴费",
    "热线全天开通",
    # whole clauses, with and without the terminator
    C1,
    C1[:-1],
    C2,
    C3,
    C3[:-1],
    C4,
    C5,
    # ending at a terminator, starting at one
    "责任制。",
    "全天开通,",
    "执行第3条;",
    "。各级税务",
    ",依照国税发",
    ";abc",
    "。哈哈",
    # across two or three clauses: table-table, table-rest, rest-table, rest-rest around a table clause
    "责任制。各级税务",
    "责任制。哈哈哈",
    "哈哈,依照国税发",
    "第3条;abc纳税",
    "开通,我们严格",
    "首问制度。各级",
    "制度。各级税务机关",
    "责任制。严格落实",
    "哈哈,哈哈哈",
    "哈哈哈,哈哈,哈哈",
    C1 + C2,
    C3 + C4 + C5,
    "责任制。" + C3 + "依照",
    "施行",
    # a number cut by a comma, a clause with a character beyond the BMP, a title of two clauses
    "退税2,106.0亿元",
    "2,106",
    "累计退税2,",
    "亿元,𠀾局长",
    "𠀾局长强调",
    "优化服务,𠀾",
    "服务,全年累计",
    "责任制。哈哈",
    "全天开通，",
    # two terms, one inside a clause and one across
    "首问 哈哈",
    "责任制。各级 abc纳税",
    "哈哈 国税发[2024]",
    # control: nothing
    "落实首问首问",
    "哈哈哈,各级",
]


def _plain_head(site: Path) -> tuple[str, Path]:
    """The front matter of a plain corpus article (no disclosure) and its folder."""
    for path in sorted((site / "content").rglob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        if "\ndisclosure:" not in head:
            return head, path.parent
    raise AssertionError("no plain article")


def write_articles(site: Path, bodies: list[list[str]], first: int, day: dt.date) -> list[Path]:
    """Articles with the given bodies (one paragraph per item), next to a plain corpus article."""
    head, folder = _plain_head(site)
    written = []
    for k, body in enumerate(bodies):
        n = first + k
        title = (TITLES[n % len(TITLES)] or "通知") + f"（第{n}号）"
        date = day - dt.timedelta(days=n % 50)
        text = re.sub(r"\ntitle: .*", f'\ntitle: "{title}"', head)
        text = re.sub(r"\ndate: .*", f"\ndate: {date.isoformat()}", text)
        path = folder / f"{date.strftime('%Y%m%d')}-9{n:05d}.md"
        path.write_text(text + "\n---\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _search_site(tmp_path_factory: pytest.TempPathFactory, name: str) -> Corpus:
    """A fresh folder `name` with its own user cache, search on, and a site of the project's maps (6 articles)."""
    base = tmp_path_factory.mktemp(name)
    os.environ["SITEGEN_CACHE_DIR"] = str(base / "cache")
    os.environ.pop("SITEGEN_NO_SEARCH", None)
    return _site(base, 6)


def _site(base: Path, corpus_articles: int) -> Corpus:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import corpus as generator

    site = base / "site"
    generator.write_sitegen_corpus(site, corpus_articles, seed=5, commit=False)
    return Corpus(site, base / "www", "")


@pytest.fixture(scope="module")
def clauses(tmp_path_factory):
    corpus = _search_site(tmp_path_factory, "search-clauses")
    write_articles(corpus.site, BODIES, 0, dt.date(2026, 11, 1))
    corpus.build("gov/site")
    with serve(corpus.www) as corpus.url:
        yield corpus
    os.environ.pop("SITEGEN_CACHE_DIR", None)


def _meta(corpus: Corpus, into: str) -> dict:
    return json.loads((corpus.www / into / "search/meta.json").read_text(encoding="utf-8"))


def _assert_exact(page, corpus: Corpus, into: str, queries: list[str]) -> None:
    pages = read_pages(corpus.site)
    wrong = {}
    for query in queries:
        got, expected = ranked(page, corpus, into, query), truth(pages, query)
        if got != expected:
            wrong[query] = (got, expected)
    for query, (got, expected) in wrong.items():  # the counts the truth ranks by, to read a failure
        print(
            query, [(u, pages[u].count(fold(query))) for u in got], [(u, pages[u].count(fold(query))) for u in expected]
        )
    assert not wrong, wrong


def test_crafted_clauses_are_in_the_table_and_every_query_is_exact(page, clauses):
    meta = _meta(clauses, "gov/site")
    table = _sentence_table(clauses.www / "gov/site/search" / meta["gen"])
    assert {fold(c) for c in CLAUSES} <= set(table), "|".join(table)  # folded: ，→, ；→; ABC→abc
    pages = read_pages(clauses.site)
    assert sum(bool(truth(pages, q)) for q in QUERIES) >= len(QUERIES) - 2  # control: all but two find pages
    _assert_exact(page, clauses, "gov/site", QUERIES)


def _cold_equal(page, corpus: Corpus, queries: list[str]) -> None:
    shutil.rmtree(corpus.www / "cold", ignore_errors=True)
    corpus.build("cold/site", cache=False)
    assert _meta(corpus, "cold/site")["layer"] is None
    page.goto(f"{corpus.url}gov/site/search.html")  # the index as rebuilt (not the one read before)
    _assert_exact(page, corpus, "gov/site", queries)
    cold = page.context.new_page()
    for query in queries:
        assert ranked(cold, corpus, "cold/site", query) == ranked(page, corpus, "gov/site", query), query
    cold.close()


def test_changes_to_articles_with_table_clauses_equal_a_cold_build(page, clauses):
    """Added articles holding table clauses go into the change layer (its own index); changed and withdrawn
    ones are scrubbed from the main index, clauses and all; every query equals the truth and a cold build."""
    articles = sorted(p for p in (clauses.site / "content").rglob("*-9?????.md"))
    write_articles(clauses.site, BODIES[:3], 100, dt.date(2026, 10, 1))
    changed = articles[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace(C1, "各级税务机关要落实责任。", 1), "utf-8")
    articles[5].unlink()
    clauses.build("gov/site")
    meta = _meta(clauses, "gov/site")
    assert meta["layer"] and meta["layer"]["n"] == 4 and meta["layer"]["deleted"] == 2, meta["layer"]
    _cold_equal(page, clauses, QUERIES + ["落实责任。各级"])


def test_a_change_layer_of_many_articles_sharing_clauses_over_a_main_index_with_a_table(page, clauses):
    """Twelve more articles (after the changes above, when run in order), enough for a table of the layer's own (it has none: every
    pair of the layer is in its rest), each query still equals the truth and a cold build."""
    write_articles(clauses.site, BODIES, 200, dt.date(2026, 9, 1))
    clauses.build("gov/site")
    meta = _meta(clauses, "gov/site")
    assert meta["sentences"] and meta["layer"] and meta["layer"]["n"] >= len(BODIES), meta["layer"]
    assert not _sentence_table(clauses.www / "gov/site/search" / meta["layer"]["dir"])
    _cold_equal(page, clauses, QUERIES)


@pytest.fixture(scope="module")
def untabled(tmp_path_factory):
    """A main index with no clause table (too few articles share a clause)."""
    corpus = _search_site(tmp_path_factory, "search-untabled")
    write_articles(corpus.site, BODIES[:1], 0, dt.date(2026, 11, 1))
    corpus.build("gov/site")
    with serve(corpus.www) as corpus.url:
        yield corpus
    os.environ.pop("SITEGEN_CACHE_DIR", None)


def test_a_change_layer_of_articles_sharing_clauses_over_a_main_index_without_a_table(page, untabled):
    """Twelve added articles share clauses, enough for a table of their own: their terms must still be found."""
    assert _meta(untabled, "gov/site")["sentences"] == 0
    _assert_exact(page, untabled, "gov/site", ["严格落实首问", "哈哈"])  # control: found in the main index
    write_articles(untabled.site, BODIES[1:], 1, dt.date(2026, 11, 1))
    untabled.build("gov/site")
    meta = _meta(untabled, "gov/site")
    assert meta["layer"] and meta["layer"]["n"] == len(BODIES) - 1, meta["layer"]
    _cold_equal(page, untabled, QUERIES)


# Degenerate bodies: one clause repeated, a lone clause (the body's start and end), a clause without its
# terminator at the end of a body (another sentence than the table's), a single character (a body of a terminator alone is refused: AP010).
SHORT_BODIES = [[C1 * 30], [C3 * 20], [C1], [C1[:-1]], ["哈"], ["哈。"], ["首问"], [C2 + C2[:-1]]]


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """150 articles, and lists short enough to have files of their own (e/) in several blocks of 64."""
    from generator.site import searchindex

    corpus = _search_site(tmp_path_factory, "search-clauses-many")
    bodies = [(BODIES + SHORT_BODIES)[k % (len(BODIES) + len(SHORT_BODIES))] for k in range(144)]
    write_articles(corpus.site, bodies, 0, dt.date(2026, 11, 1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchindex, "OWN_DOCS", 12)  # lists of more than 12 documents: e/
        patch.setattr(searchindex, "OWN_FILE", 24)  # offsets over 24 bytes: in the e/ file too
        corpus.build("gov/site")
        with serve(corpus.www) as corpus.url:
            yield corpus
    os.environ.pop("SITEGEN_CACHE_DIR", None)


def test_long_clause_lists_in_blocks_and_degenerate_bodies_are_exact(page, many):
    meta = _meta(many, "gov/site")
    index = many.www / "gov/site/search" / meta["gen"]
    assert {fold(c) for c in CLAUSES} <= set(_sentence_table(index))
    assert own_offsets(shard_files(index, "s/"))  # control: own parts, with offsets in them
    _assert_exact(page, many, "gov/site", QUERIES + ["哈哈哈哈哈哈哈哈哈哈", C1 * 3, "责任制" + C1])


def test_changes_over_long_clause_lists_equal_a_cold_build(page, many):
    from generator.site import searchindex

    articles = sorted(p for p in (many.site / "content").rglob("*-9?????.md"))
    holding = [p for p in articles if C3 in p.read_text(encoding="utf-8")]
    for path in holding[:: len(holding) // 3][:3]:  # in several blocks
        path.write_text(path.read_text(encoding="utf-8").replace(C3, "嘿嘿嘿嘿嘿嘿嘿嘿，"), "utf-8")
    next(p for p in articles if p.read_text(encoding="utf-8").endswith(C3 * 20 + "\n")).unlink()
    write_articles(many.site, [[C1 * 5 + C3], SHORT_BODIES[0]], 300, dt.date(2026, 10, 1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchindex, "OWN_DOCS", 12)
        patch.setattr(searchindex, "OWN_FILE", 24)
        many.build("gov/site")
        meta = _meta(many, "gov/site")
        assert meta["layer"] and meta["layer"]["n"] == 5 and meta["layer"]["deleted"] == 4, meta["layer"]
        _cold_equal(page, many, QUERIES + ["嘿嘿", "哈哈哈哈哈哈哈哈哈哈"])


def test_excerpts_highlight_hits_inside_and_across_table_clauses(page, clauses):
    """Where the rest of a body has no hit, a table clause's (its first offset in the document, read when the
    result is shown, plus the term's place in it) is where the excerpt is cut: every result's excerpt holds the
    term, highlighted. Control: the results are the true ones."""
    pages = read_pages(clauses.site)
    for query in ["落实首问", "哈哈哈", "全天开通，", "责任制。各级税务", C4, "𠀾局长强调", "2,106", "ＡＢＣ纳税"]:
        page.goto(f"{clauses.url}gov/site/search.html?q={query}")
        page.locator("#sg-search-status").filter(has_text="找到").wait_for()
        items = page.locator("#sg-search-results > li")
        hrefs = items.locator("> a").evaluate_all("all => all.map(a => a.href.split('/gov/site/')[1])")
        assert hrefs and hrefs == truth(pages, query)[:10], query
        for k in range(items.count()):
            marks = items.nth(k).locator(".result-excerpt mark").all_inner_texts()
            assert any(fold(query) in fold(m) for m in marks), (query, hrefs[k], marks)


# A clause most articles share whose slot varies (a number), so it is in no table sentence: the phrase table takes
# windows on it (searchphrases._windows), and a term inside, across the slot or across a table clause is exact.
# (Table clauses in titles count outside the table: C1, in some titles, is not used here.)
SLOTTED = "帮助小微企业获得信用贷款{}亿元，"
SLOTTED_QUERIES = [
    "帮助小微企业获得信用贷款",
    "小微企业获得信用",
    "微企业获得信用贷款3",
    "贷款31",
    "亿元,abc纳税缴费",
    "企业获得",
    "获得信用贷款 全天开通",
    "小微企业获得贷款",  # control: nothing
]


@pytest.fixture(scope="module")
def slotted(tmp_path_factory):
    from generator.site import searchphrases

    corpus = _search_site(tmp_path_factory, "search-slotted")
    bodies = [
        [
            SLOTTED.format(3 * k + 1) + C5 + "各地情况不一。",
            SLOTTED.format(k % 4 + 30),
            "各地情况不一。" * 30 + f"首问责任第{k}条",
        ]
        for k in range(16)
    ]
    write_articles(corpus.site, bodies, 0, dt.date(2026, 11, 1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchphrases, "SHARE", 0.0)  # no frequent phrases: the table is the windows alone
        patch.setattr(searchphrases, "PIECE_SHARE", 0.0)  # nor pieces of them
        corpus.build("gov/site")
        with serve(corpus.www) as corpus.url:
            yield corpus
    os.environ.pop("SITEGEN_CACHE_DIR", None)


def test_windows_on_a_clause_with_a_slot_are_phrases_and_queries_over_them_are_exact(page, slotted):
    from generator.site import searchphrases

    index = slotted.www / "gov/site/search" / _meta(slotted, "gov/site")["gen"]
    assert fold(C5) in _sentence_table(index)
    windows = _phrase_table(index, "f/phrases.bin")
    assert any(w in SLOTTED for w in windows) and {len(w) for w in windows} == {searchphrases.WINDOW}, windows
    assert not any(w in fold(C5) for w in windows), windows  # none inside a table clause: left out there
    _assert_exact(page, slotted, "gov/site", SLOTTED_QUERIES)
    articles = sorted(p for p in (slotted.site / "content").rglob("*-9?????.md"))
    articles[0].write_text(articles[0].read_text(encoding="utf-8").replace("获得信用", "取得信用"), "utf-8")
    articles[1].unlink()
    write_articles(slotted.site, [[SLOTTED.format(77)]], 100, dt.date(2026, 10, 1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchphrases, "SHARE", 0.0)
        slotted.build("gov/site")
    _cold_equal(page, slotted, SLOTTED_QUERIES + ["取得信用贷款"])


def test_a_term_first_in_the_title_is_highlighted_in_the_body_far_down(page, slotted):
    """A term that is one gram (a pair, a phrase) and is first in the title: its list gives the title's offset, and
    the excerpt is cut at its first hit in the body (read from its offsets when shown), not at the body's start.
    Control: the body's first 300 characters do not hold it, and the results are the true ones."""
    pages = read_pages(slotted.site)
    for query in ["首问", "责任"]:
        page.goto(f"{slotted.url}gov/site/search.html?q={query}")
        page.locator("#sg-search-status").filter(has_text="找到").wait_for()
        items = page.locator("#sg-search-results > li")
        hrefs = items.locator("> a").evaluate_all("all => all.map(a => a.href.split('/gov/site/')[1])")
        assert hrefs and hrefs == truth(pages, query)[:10], query
        titled = 0
        for k in range(items.count()):
            title = items.nth(k).locator("> a").inner_text()
            in_body = pages[hrefs[k]].count(query) > title.count(query)  # the text: title, then the rest
            titled += in_body and query in title
            marks = items.nth(k).locator(".result-excerpt mark").all_inner_texts()
            assert (query in marks) == in_body, (query, hrefs[k], marks)
        assert titled, query  # control: some are first in the title and also in the body
