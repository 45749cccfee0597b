"""A search page left open across a build that takes articles out of the main index.

Taking an article out rewrites the main index's packs in place (searchscrub.py): a pair left in no article
leaves its shard, and the shard's later own parts move up in the pack. A page loaded before that build keeps
the shard headers it read; reading the new packs with them would read other pairs' bytes. search.js reads
search/stamp.txt (the index's generation and change layer) afresh with every search and loads the index again
when it changed. Checked in Chromium: the page searches before the build (so it holds many shards), the build
takes ten articles out, and the same page then searches terms whose offsets are in own parts.
"""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from browserkit import serve
from test_search_clauses import _search_site, write_articles
from test_search_exact import pack_directory, read_pages, truth

from generator.site import searchindex

pytestmark = [pytest.mark.slow, pytest.mark.search]
LETTERS = "税务申报"


def _pair(i: int) -> str:
    """Two characters of article i alone (CJK extension A)."""
    return chr(0x3400 + 2 * i) + chr(0x3401 + 2 * i)


@pytest.fixture(scope="module")
def stale(tmp_path_factory):
    corpus = _search_site(tmp_path_factory, "search-stale")
    bodies = []
    for i in range(120):
        first, second = _pair(i)
        # the article's own pair often enough for its offsets to be an own part, and three-character terms on it
        body = LETTERS[i % 4] * (1 + i % 3) + "通知" + (first + second) * (30 + i % 15)
        bodies.append([body + "，" + (second + first + LETTERS[i % 4]) * (1 + i % 7)])
    corpus.paths = write_articles(corpus.site, bodies, 0, dt.date(2026, 11, 1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchindex, "OWN_DOCS", 12)  # lists of more than 12 articles in own parts
        patch.setattr(searchindex, "OWN_FILE", 24)  # offsets over 24 bytes too
        corpus.build("gov/site")
        with serve(corpus.www) as corpus.url:
            yield corpus
    os.environ.pop("SITEGEN_CACHE_DIR", None)


def _ids(page, query: str) -> list[int]:
    return page.evaluate("q => window.sgSearch(q)", query)


def test_a_page_open_across_a_scrub_reads_the_new_index(page, stale):
    search = stale.www / "gov/site/search"
    meta = json.loads((search / "meta.json").read_text(encoding="utf-8"))
    before = {p.name: p.read_bytes() for p in (search / meta["gen"] / "p").iterdir()}
    page.goto(f"{stale.url}gov/site/search.html")
    for i in range(120):  # every article's pair: the page now holds the shards of most pairs
        assert _ids(page, _pair(i))
    for path in stale.paths[1:40:4]:
        path.unlink()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchindex, "OWN_DOCS", 12)
        patch.setattr(searchindex, "OWN_FILE", 24)
        stale.build("gov/site")
    after = json.loads((search / "meta.json").read_text(encoding="utf-8"))
    # control: the main index was scrubbed in place (not rebuilt), and some own parts moved within their packs
    assert after["gen"] == meta["gen"] and after["layer"]["deleted"] == 10, after["layer"]
    assert pack_directory(search / meta["gen"]) and any(
        (search / meta["gen"] / "p" / name).read_bytes() != data for name, data in before.items()
    )
    pages = read_pages(stale.site)
    urls = stale.ids_to_urls("gov/site")
    queries = [_pair(i)[1] + _pair(i)[0] + LETTERS[i % 4] for i in range(120)] + [_pair(i) for i in range(120)]
    wrong = {}
    for query in queries:  # the same page, not reloaded
        got = [urls[n] for n in _ids(page, query)]
        if got != truth(pages, query):
            wrong[query] = (got, truth(pages, query))
    assert not wrong, list(wrong.items())[:3]
    assert sum(bool(truth(pages, q)) for q in queries) > 200  # control: most find their article
