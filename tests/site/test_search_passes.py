"""The search index is the same however its passes are split and run: one pass, many, or two threads.

The passes of searchindex.layer_files sort a share of the shards each; a large index runs them two
at a time in threads. Whatever the split, every file must have the same bytes (search.js and the
incremental layer rely on a cold build being reproducible).
"""

from __future__ import annotations

import random

import pytest
from test_search_exact import own_offsets, shard_files, shard_header

from generator.site import searchindex
from generator.site.searchindex import IndexDoc, layer_files

# A few hundred documents over a small alphabet: many pairs repeat, so some lists and positions
# are long enough for files of their own (e/), and common grams (3/) and phrases (f/) are made.
_ALPHABET = "税务总局发票增值税纳税人申报退税出口政策公告国家〔〕2026号年第一二三四五"


def _docs(count: int, seed: int) -> list[IndexDoc]:
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        title = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(4, 16)))
        body = "".join(rng.choice(_ALPHABET + " \n") for _ in range(rng.randint(200, 1200)))
        docs.append(IndexDoc(f"{title}\n{body}", 19000 + i, len(title), i % 5))
    return docs


def _files(docs: list[IndexDoc]) -> dict[str, bytes]:
    files = dict(layer_files(docs, 0, 64))
    assert len(files) == len(list(layer_files(docs, 0, 64))), "no file is written twice"
    return files


@pytest.mark.parametrize("threads", [1, 2])
def test_passes_and_threads_give_the_same_files_as_one_pass(monkeypatch, threads):
    docs = _docs(400, seed=7)
    monkeypatch.setattr(searchindex, "UNITS_PER_PASS", 10**9)
    one_pass = _files(docs)
    assert own_offsets(shard_files(one_pass, "")) and shard_files(one_pass, "3/")
    assert shard_files(one_pass, "f/")  # phrases, found in each pass
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    monkeypatch.setattr(searchindex, "PASS_THREADS", threads)
    monkeypatch.setattr(searchindex, "UNITS_PER_PASS", 20_000)  # 8 passes (one per pack) over about 300,000 units
    split = _files(docs)
    assert split.keys() == one_pass.keys()
    assert [name for name in split if split[name] != one_pass[name]] == []


def test_a_different_text_gives_different_files(monkeypatch):
    """Control: the comparison above can fail (two corpora do not index alike)."""
    monkeypatch.setattr(searchindex, "UNITS_PER_PASS", 20_000)
    first, second = _files(_docs(400, seed=7)), _files(_docs(400, seed=8))
    assert any(first.get(name) != data for name, data in second.items())


def test_values_too_large_for_a_slot_take_the_general_path_to_the_same_files(monkeypatch):
    """The own lists' blocks and offsets are encoded in slots of 8 bytes when every value fits 4 varint bytes, and by
    the general code otherwise: with the bound lowered so most values take the general path, the bytes agree."""
    docs = _docs(400, seed=7)
    monkeypatch.setattr(searchindex, "UNITS_PER_PASS", 20_000)
    monkeypatch.setattr(searchindex, "OWN_DOCS", 40)  # many lists of their own: blocks in both paths
    slots = _files(docs)
    assert sum(doc_bytes >> 31 for shard in shard_files(slots, "") for _, doc_bytes, _ in shard_header(shard)) > 10
    monkeypatch.setattr(searchindex, "SLOT_VALUE", 200)  # first offsets and distances above 200: general path
    general = _files(docs)
    assert general.keys() == slots.keys()
    assert [name for name in general if general[name] != slots[name]] == []
