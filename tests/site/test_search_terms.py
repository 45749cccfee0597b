"""Queries of several terms, read lightest term first, the later ones only in the blocks of the documents still
possible (search.js `search`, search-s.js `within`), in real Chromium.

150 articles whose bodies share clauses (in the sentence table, or kept out of it by MAX_UNITS), whole, twice,
inside other clauses, overlapping themselves, with numbers and a 文号, and the same terms outside any clause and in
titles; lists of more than 12 documents are in files of their own, in three blocks of 64. A rare term (a number
in one title) with common ones, in every order, inside, across and outside table clauses. Each query's results
must equal the truth computed from the texts (title hits, then occurrences, then date), and, after articles are
changed, withdrawn and added, a cold build's.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys

import pytest
from browserkit import serve
from test_search_clauses import _assert_exact, _meta, _site, write_articles
from test_search_exact import (
    REPO,
    Corpus,
    _own_parts,
    _part_of,
    _sentence_table,
    fold,
    own_offsets,
    ranked,
    read_pages,
    shard_files,
    truth,
)

pytestmark = [pytest.mark.slow, pytest.mark.search]

M = "严格落实首问责任制。"  # in every body
O1 = "税务机关应当依法为纳税人的商业秘密保密，"
O2 = "北京市税务局联合有关部门开展银税互动，"
O3 = "上海市税务局联合有关部门开展银税互动，"  # differs from O2 by the city only
O4 = "哈哈哈哈哈哈哈哈，"  # a term overlapping itself
O5 = "依照国税发〔2024〕12号文件执行第3条；"

BODIES = [
    [M + O1 + O2 + "其他内容。"],
    [M + O1 + O1 + O4],
    [M + "税务机关应当依法为纳税人服务。" + O3],  # the term in another clause: its pairs outside o/ sentences
    [M + O2 + O3 + O4 + O4],
    [M + "我们" + O1[:-1] + "。" + O5],  # O1's letters inside another clause
    [M + O5 + O5 + "依法为纳税人"],  # at the very end of the body, no terminator
    [M + O4 + "哈哈哈哈哈哈哈哈哈。"],
    [M + O1 + "市税务局联合有关部门"],
    [M + "依法"],  # a pair of the terms, none of the terms
    [M + O3 + O1, O2],
    [M],
    [M + O2.replace("，", "。")],  # the same letters before another terminator: not O2
    [M + O1, "依法为纳税人的商业秘密保密，" + O2],  # O1's tail as a clause of its own
    [M + O4 + O1 + O3],
]

QUERIES = [
    # inside O1, in titles (各级税务机关…), in other clauses and at a body's end
    "税务机关应当依法为纳税人",
    "依法为纳税人的商业",
    "应当依法",
    "税务机关",
    "纳税人的商业秘密保密",
    "依法为纳税人",
    O1,
    O1[:-1],
    # the clauses that differ by a city
    "市税务局联合有关部门",
    "北京市税务局联合",
    "上海市税务局联合有关部",
    "联合有关部门开展银税互动",
    O2,
    # overlapping, longer than the clause
    "哈哈哈哈",
    "哈哈哈哈哈哈哈哈",
    "哈哈哈哈哈哈哈哈哈",
    # numbers and a 文号
    "国税发[2024]12号",
    "12号文件执行第3条",
    "2024",
    # across clauses
    "保密,北京市",
    "互动,哈哈",
    "责任制。税务机关",
    # several terms: a rare one (a title's number) with common ones, in either order, inside and across clauses
    "第7号 税务机关应当依法",
    "依法为纳税人 第130号",
    "哈哈哈哈 北京市税务局联合",
    "第3号 上海市税务局联合有关部 哈哈哈哈",
    "第12号 依法为纳税人的商业 秘密保密",
    "第42号 责任制。税务机关 依法",
    "第100号 " + M,
    "第9号 严格落实",
    "税务机关 依法 哈哈哈哈",
    "责任制 第143号",
    # control: nothing
    "上海市税务局联合北京",
    "第8号 哈哈哈哈",
]


@pytest.fixture(scope="module", params=[4096, len(M)], ids=["tabled", "one-clause-table"])
def terms(request, tmp_path_factory):
    """150 articles; lists of more than 12 documents have files of their own; the clauses in the sentence table, or
    only M."""
    from generator.site import searchindex, searchsentences

    base = tmp_path_factory.mktemp("search-terms")
    os.environ["SITEGEN_CACHE_DIR"] = str(base / "cache")
    os.environ.pop("SITEGEN_NO_SEARCH", None)
    corpus = _site(base, 6)
    write_articles(corpus.site, [BODIES[k % len(BODIES)] for k in range(144)], 0, dt.date(2026, 11, 1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchsentences, "MAX_UNITS", request.param)
        patch.setattr(searchindex, "OWN_DOCS", 12)
        patch.setattr(searchindex, "OWN_FILE", 24)
        corpus.build("gov/site")
        with serve(corpus.www) as corpus.url:
            yield corpus
    os.environ.pop("SITEGEN_CACHE_DIR", None)


def _paths_read(page, query: str) -> list[str]:
    before = page.evaluate("window.sgSearchStats.paths.length")
    page.evaluate("q => window.sgSearch(q)", query)
    return list(page.evaluate("window.sgSearchStats.paths")[before:])


def test_several_terms_read_lightest_first_are_exact(page, terms):
    index = terms.www / "gov/site/search" / _meta(terms, "gov/site")["gen"]
    table = set(_sentence_table(index))
    assert fold(M) in table and own_offsets(shard_files(index, ""))
    assert (fold(O1) in table) == (len(table) > 1)  # the fixture's two cases: O1 in the table, or not
    pages = read_pages(terms.site)
    assert sum(bool(truth(pages, q)) for q in QUERIES) == len(QUERIES) - 2  # control: all but two find pages
    _assert_exact(page, terms, "gov/site", QUERIES)


def _long_lists_read(page, corpus: Corpus, query: str) -> int:
    """The bytes a query reads from long lists (own parts: lists and offsets) in a fresh page after a first query."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from search_queries import bytes_read  # what search.js read at a path or byte range, as the benchmark counts it

    page.goto(f"{corpus.url}gov/site/search.html")
    page.evaluate("window.sgSearch('依法')")
    seen = page.evaluate("window.sgSearchStats.paths.length")
    page.evaluate("q => window.sgSearch(q)", query)
    search = corpus.www / "gov/site/search"
    own = _own_parts(search)
    read = page.evaluate("window.sgSearchStats.paths")[seen:]
    return sum(len(bytes_read(search, p)) for p in read if "#" in p and _part_of(p, own) is not None)


def test_a_later_term_is_read_only_in_the_blocks_of_the_documents_left(page, terms):
    """第7号 is in one title (…（第7号）): typed after it or before, the other term's long lists (e/) are read in
    that article's block only, less than alone."""
    for common in ("依法为纳税人", "国税发[2024]12号"):
        alone = _long_lists_read(page, terms, common)
        assert alone > 0
        for query in (f"{common} 第7号", f"第7号 {common}"):
            assert _long_lists_read(page, terms, query) < alone, query
        # control: a common second term leaves every document possible
        assert _long_lists_read(page, terms, f"{common} 依法") >= alone


def test_changes_to_articles_equal_a_cold_build(page, terms):
    """Changed and withdrawn articles are scrubbed from the main index, added ones go to the change layer; every
    query of several terms equals the truth and a cold build."""
    articles = sorted(p for p in (terms.site / "content").rglob("*-9?????.md"))
    holding = [p for p in articles if O1 in p.read_text(encoding="utf-8")]
    for path in holding[:: len(holding) // 3][:3]:  # in several blocks
        path.write_text(path.read_text(encoding="utf-8").replace(O1, "税务机关应当依法办事，", 1), "utf-8")
    next(p for p in articles if O2 in p.read_text(encoding="utf-8")).unlink()
    write_articles(terms.site, [BODIES[1], BODIES[3]], 300, dt.date(2026, 10, 1))
    terms.build("gov/site")
    meta = _meta(terms, "gov/site")
    assert meta["layer"] and meta["layer"]["n"] == 5 and meta["layer"]["deleted"] == 4, meta["layer"]
    queries = QUERIES + ["依法办事", "税务机关应当依法办事"]
    page.goto(f"{terms.url}gov/site/search.html")  # the index as rebuilt
    _assert_exact(page, terms, "gov/site", queries)
    shutil.rmtree(terms.www / "cold", ignore_errors=True)
    terms.build("cold/site", cache=False)
    cold = page.context.new_page()
    for query in queries:
        assert ranked(cold, terms, "cold/site", query) == ranked(page, terms, "gov/site", query), query
    cold.close()
