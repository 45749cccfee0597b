"""Random texts over a tiny alphabet, and random queries cut from them, in real Chromium against the truth.

144 articles written from nine characters, a 文号's brackets, full-width and half-width digits and clause
terminators, with a few whole clauses shared by many articles (the sentence table), so that nearly every pair is
common (3/ grams, phrases, long e/ lists and offsets in blocks of 64), characters repeat and overlap, and terms
run across clauses. Queries are cut from the texts at random (2–12 characters, inside and across clauses),
rewritten in another form that folds the same (full-width, another bracket), drawn at random from the alphabet
(most of those are in no article), and joined two or three to a query. Each must equal the truth computed from
the texts (title hits, then occurrences, then date); then articles are changed, withdrawn and added, and the
same holds for the incremental build.
"""

from __future__ import annotations

import datetime as dt
import os
import random

import pytest
from browserkit import serve
from test_search_clauses import _assert_exact, _meta, _search_site, write_articles
from test_search_exact import _phrase_table, _sentence_table, fold, own_offsets, read_pages, shard_files, truth
from test_search_scrub import own_keys

pytestmark = [pytest.mark.slow, pytest.mark.search]

LETTERS = "税务纳人申报征收管"
SHARED = ["纳税人申报征收管理。", "税务税务税务税务，", "依国税〔2024〕7号；"]
WIDE = str.maketrans("0123456789〔〕", "０１２３４５６７８９【】")


def text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(3, 12)):
        roll = rng.random()
        if roll < 0.3:
            parts.append(rng.choice(SHARED))
        elif roll < 0.4:
            parts.append(
                f"税〔202{rng.randint(0, 9)}〕{rng.randint(1, 9)}号".translate(WIDE if rng.random() < 0.4 else {})
            )
        else:
            run = "".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 14)))
            parts.append(run + rng.choice("。，；"))
    return "".join(parts)


def queries(rng: random.Random, texts: list[str], count: int) -> list[str]:
    folded = [fold(t) for t in texts]
    found: list[str] = []
    while len(found) < count:
        roll = rng.random()
        if roll < 0.55:
            source = rng.choice(folded)
            size = rng.randint(2, 12)
            start = rng.randint(0, max(0, len(source) - size))
            term = source[start : start + size]
            if rng.random() < 0.3:
                term = term.translate(WIDE)
        else:
            term = "".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 5)))
        if term.split() and all(len(part) >= 2 for part in term.split()):  # the page refuses a one-character term
            found.append(term)
    joined = [" ".join(rng.sample(found, rng.randint(2, 3))) for _ in range(count // 3)]
    return found + joined


@pytest.fixture(scope="module")
def alphabet(tmp_path_factory):
    from generator.site import searchindex

    corpus = _search_site(tmp_path_factory, "search-alphabet")
    rng = random.Random(13)
    corpus.texts = [text(rng) for _ in range(144)]
    write_articles(corpus.site, [[t] for t in corpus.texts], 0, dt.date(2026, 11, 1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchindex, "OWN_DOCS", 12)  # lists of more than 12 documents: own parts (blocks of 64)
        patch.setattr(searchindex, "OWN_FILE", 24)  # offsets over 24 bytes: in the own part too
        corpus.build("gov/site")
        with serve(corpus.www) as corpus.url:
            yield corpus
    os.environ.pop("SITEGEN_CACHE_DIR", None)


def test_random_queries_over_a_tiny_alphabet_are_exact(page, alphabet):
    index = alphabet.www / "gov/site/search" / _meta(alphabet, "gov/site")["gen"]
    assert {fold(c) for c in SHARED} <= set(_sentence_table(index)) and len(_phrase_table(index)) > 5
    assert all(own_keys(index, f) for f in ("", "3/", "f/", "s/"))  # control: every kind has own parts
    assert own_offsets(shard_files(index, ""))  # and offsets in parts of their own
    asked = queries(random.Random(5), alphabet.texts, 90)
    assert sum(any(c in q[:-1] for c in "。，；") for q in asked) > 10  # terms across clauses
    pages = read_pages(alphabet.site)
    found = sum(bool(truth(pages, q)) for q in asked)
    assert 0.3 * len(asked) < found < len(asked)  # control: many find pages, some none
    _assert_exact(page, alphabet, "gov/site", asked)


def test_random_queries_after_changes_withdrawals_and_additions(page, alphabet):
    rng = random.Random(17)
    articles = sorted(p for p in (alphabet.site / "content").rglob("*-9?????.md"))
    gen = _meta(alphabet, "gov/site")["gen"]
    picked = rng.sample(articles, 10)
    for path in picked[:6]:
        head, _ = path.read_text(encoding="utf-8").split("\n---\n", 1)
        path.write_text(head + "\n---\n" + text(rng) + "\n", "utf-8")
    for path in picked[6:]:
        path.unlink()
    write_articles(alphabet.site, [[text(rng)] for _ in range(3)], 300, dt.date(2026, 10, 1))
    alphabet.build("gov/site")
    meta = _meta(alphabet, "gov/site")
    assert meta["gen"] == gen and meta["layer"]["deleted"] == 10 and meta["layer"]["n"] == 9, meta["layer"]
    page.goto(f"{alphabet.url}gov/site/search.html")
    texts = [
        p.read_text(encoding="utf-8").split("\n---\n", 1)[1] for p in (alphabet.site / "content").rglob("*-9?????.md")
    ]
    _assert_exact(page, alphabet, "gov/site", queries(random.Random(6), texts, 90))
