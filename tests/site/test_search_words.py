"""The words of the clause table (w/, searchsentences.choose, search-s.js `whole`), in real Chromium.

A gram that many table clauses hold (税务, 纳税人) would read every such clause's list, so the table bounds the
clauses' documents per gram (LOAD) and, past the bound, makes the gram a word with a list of its own: every
occurrence, in the rest, inside table clauses and in titles. 150 articles share clauses, behind prefixes
(一是, 二是), differing by a city, whole and cut; lists of more than 12 documents have files of their own in
three blocks. Every word of the table, and terms holding words, crossing a clause's end or starting before a
clause, alone and with other terms, must equal the truth computed from the texts, and after articles are
changed, withdrawn and added, a cold build's.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest
from browserkit import serve
from test_search_clauses import _assert_exact, _meta, _site, write_articles
from test_search_exact import (
    _assert_hits,
    _phrase_table,
    _sentence_table,
    fold,
    own_offsets,
    ranked,
    read_pages,
    shard_files,
    truth,
)
from test_search_scrub import offsets_in_shard, own_keys
from test_search_terms import BODIES, O1, O2, O3, QUERIES

pytestmark = [pytest.mark.slow, pytest.mark.search]

P1 = "一是" + O1  # O1 behind a prefix: another clause
P2 = "二是" + O1
WORD_BODIES = [
    *BODIES,
    ["严格落实首问责任制。" + P1 + P2 + "纳税人满意。"],
    [P1 + O2 + "各级税务机关纳税人"],  # words at the body's end, outside any clause
    [P2 + O3 + P1],
    ["其他内容。" + P1 + O1],
]

WORD_QUERIES = [
    *QUERIES,
    "一是税务机关",
    "二是税务",
    "是税务机关应当",
    "纳税人的商业秘密保密,北京",  # across a clause's end
    "内容。一是税务",  # starting before a clause
    "满意。",
    "纳税人满意",
    "税务 纳税人",  # two words
    "纳税人 第7号",
    "第7号 税务",
    "税务机关 一是",
    "各级税务机关纳税人",
    # control: nothing
    "三是税务机关",
]


@pytest.fixture(scope="module")
def words(tmp_path_factory):
    """150 articles, the clause table bounded at LOAD 1 (so some grams are words); lists of more than 12
    documents have files of their own."""
    from generator.site import searchindex, searchsentences

    base = tmp_path_factory.mktemp("search-words")
    os.environ["SITEGEN_CACHE_DIR"] = str(base / "cache")
    os.environ.pop("SITEGEN_NO_SEARCH", None)
    corpus = _site(base, 6)
    write_articles(corpus.site, [WORD_BODIES[k % len(WORD_BODIES)] for k in range(144)], 0, dt.date(2026, 11, 1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchsentences, "LOAD", 1.0)
        patch.setattr(searchindex, "OWN_DOCS", 12)
        patch.setattr(searchindex, "OWN_FILE", 24)
        corpus.build("gov/site")
        with serve(corpus.www) as corpus.url:
            yield corpus, patch
    os.environ.pop("SITEGEN_CACHE_DIR", None)


def _words(corpus) -> list[str]:
    return _phrase_table(corpus.www / "gov/site/search" / _meta(corpus, "gov/site")["gen"], "w/words.bin")


def test_words_of_the_table_and_terms_holding_them_are_exact(page, words):
    corpus, _ = words
    index = corpus.www / "gov/site/search" / _meta(corpus, "gov/site")["gen"]
    table, listed = set(_sentence_table(index)), _words(corpus)
    # the fixture's premise: prefixed clauses in the table, words in several of them, some with files of their own
    assert fold(P1) in table and fold(P2) in table, table
    assert "税务" in listed, listed
    assert own_keys(index, "w/")
    # a word's list has no positions (search-s.js reads documents, counts and first offsets): none in the shards,
    # none in the words' own parts
    assert not any(own_offsets([shard]) or offsets_in_shard(shard) for shard in shard_files(index, "w/"))
    pages = read_pages(corpus.site)
    assert all(truth(pages, w) for w in listed)  # control: every word is somewhere
    nothing = [q for q in WORD_QUERIES if not truth(pages, q)]
    assert "三是税务机关" in nothing and len(nothing) <= 5, nothing  # control: the rest find pages
    _assert_exact(page, corpus, "gov/site", listed + WORD_QUERIES)


def test_a_word_first_found_in_the_title_reports_its_first_hit_in_the_body(page, words):
    """The excerpt is cut at the first hit in the body. A word's list has no offsets but the first: in the articles
    titled 各级税务机关… that is the body's first, the title's flag beside it (searchindex._word_lists)."""
    corpus, _ = words
    index = corpus.www / "gov/site/search" / _meta(corpus, "gov/site")["gen"]
    page.goto(f"{corpus.url}gov/site/search.html")
    hits = page.evaluate("q => window.sgSearchHits(q)", "税务")
    assert any(title and count > 1 for _, count, title, _ in hits)  # control: such articles are there
    for word in _words(corpus):
        _assert_hits(page, index, word)


def test_a_word_reads_its_own_list_and_no_clause_list(page, words):
    """A word's hits come from w/ alone; a longer term holding it reads the clauses' lists (s/) as before."""
    corpus, _ = words
    gen = _meta(corpus, "gov/site")["gen"]
    page.goto(f"{corpus.url}gov/site/search.html")
    page.evaluate("window.sgSearch('发漂')")  # the tables, read once
    for word in _words(corpus):
        before = page.evaluate("window.sgSearchStats.paths.length")
        page.evaluate("q => window.sgSearch(q)", word)
        read = page.evaluate("window.sgSearchStats.paths")[before:]
        assert any(p.startswith(f"{gen}/w/") for p in read), (word, read)
        assert not any(p.startswith(f"{gen}/s/") for p in read), (word, read)
    before = page.evaluate("window.sgSearchStats.paths.length")
    page.evaluate("q => window.sgSearch(q)", "税务机关应当依法为纳税人")  # control: not a word
    read = page.evaluate("window.sgSearchStats.paths")[before:]
    assert not any(p.startswith(f"{gen}/w/") for p in read), read


def test_changes_to_articles_holding_words_equal_a_cold_build(page, words):
    """Changed and withdrawn articles are scrubbed from the words' lists too, added ones go to the change layer
    (no table, no words of its own); every query equals the truth and a cold build."""
    corpus, _ = words
    articles = sorted(p for p in (corpus.site / "content").rglob("*-9?????.md"))
    holding = [p for p in articles if P1 in p.read_text(encoding="utf-8")]
    for path in holding[:: len(holding) // 3][:3]:  # in several blocks
        path.write_text(path.read_text(encoding="utf-8").replace(P1, "一是税务机关应当依法办事，", 1), "utf-8")
    next(p for p in articles if P2 in p.read_text(encoding="utf-8")).unlink()
    write_articles(corpus.site, [WORD_BODIES[-1], WORD_BODIES[-3]], 300, dt.date(2026, 10, 1))
    corpus.build("gov/site")
    meta = _meta(corpus, "gov/site")
    assert meta["layer"] and meta["layer"]["n"] == 5 and meta["layer"]["deleted"] == 4, meta["layer"]
    assert not _phrase_table(corpus.www / "gov/site/search" / meta["layer"]["dir"], "w/words.bin")
    queries = _words(corpus) + WORD_QUERIES + ["依法办事", "一是税务机关应当依法办事"]
    page.goto(f"{corpus.url}gov/site/search.html")  # the index as rebuilt
    _assert_exact(page, corpus, "gov/site", queries)
    shutil.rmtree(corpus.www / "cold", ignore_errors=True)
    corpus.build("cold/site", cache=False)
    cold = page.context.new_page()
    for query in queries:
        assert ranked(cold, corpus, "cold/site", query) == ranked(page, corpus, "gov/site", query), query
    cold.close()
