"""The scrub over each way a pair's list and offsets can be stored (in the shard or in the pair's own e/ file),
every document of a pair taken out, in several builds one after the other, with the pairs next to each other in
their shards' headers; read_index checks after each that no own file is left that no header entry points to.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from test_search_exact import shard_files, shard_header
from test_search_scrub import (
    SEP,
    SHARDS,
    applied,
    corpus,
    header_keys,
    keeps_tables,
    read_index,
    truth,
    write,
)

from generator.site import searchindex, searchphrases
from generator.site.searchscrub import scrub

LEAD = "鼗"  # in no text of corpus(): its pairs are the last keys of their shards, next to each other
KINDS = {  # (documents, times in each, gap): how the pair's list and offsets are stored
    "list in the shard, offsets in e/": (2, 14, " " * 130),  # two-byte deltas: long offsets, few occurrences
    "list in e/, no offsets": (7, 1, " "),
    "list and offsets in e/": (7, 3, " "),
    "list and offsets in the shard": (2, 2, " "),
}


@pytest.fixture
def kinds_site(tmp_path, monkeypatch):
    monkeypatch.setattr(searchindex, "OWN_DOCS", 4)  # lists of more than 4 documents: e/
    monkeypatch.setattr(searchindex, "OWN_FILE", 24)  # offsets over 24 bytes: in the e/ file too
    monkeypatch.setattr(searchindex, "COMMON_SHARE", 0.2)
    # 3/common.bin takes pairs with offsets in e/: the crafted ones (few documents) must stay out of it, or
    # taking out all their documents is (rightly) refused
    monkeypatch.setattr(searchindex, "COMMON", 4)
    monkeypatch.setattr(searchphrases, "MIN_DOCS", 0.01)
    monkeypatch.setattr(searchphrases, "SHARE", 0.5)
    rng = random.Random(5)
    texts = corpus(300)
    plan: dict[int, tuple[str, set[int]]] = {}
    for k in range(32):
        kind = list(KINDS)[k % 4]
        docs, times, gap = KINDS[kind]
        second = chr(0x4E01 + 7 * k)
        holders = set(rng.sample(range(len(texts)), docs))
        for h in holders:
            texts[h] += " " + (LEAD + second + gap) * times
        plan[ord(LEAD) << 16 | ord(second)] = (kind, holders)
    write(tmp_path / "index", texts)
    return tmp_path, texts, plan


def _stored(folder: Path, key: int) -> tuple[bool, bool]:
    shard = shard_files(folder, "")[searchindex.shard_of(key, SHARDS)]
    for found, doc_bytes, position_bytes in shard_header(shard):
        if found == key:
            return bool(doc_bytes & SEP), bool(position_bytes & SEP)
    raise AssertionError(key)


def test_every_document_of_a_pair_of_each_kind_goes_over_several_builds(kinds_site):
    tmp_path, texts, plan = kinds_site
    index = tmp_path / "index"
    before = read_index(index, len(texts))
    assert before == truth(index, texts)
    expected = {
        "list in the shard, offsets in e/": (False, True),
        "list in e/, no offsets": (True, False),
        "list and offsets in e/": (True, True),
        "list and offsets in the shard": (False, False),
    }
    assert all(_stored(index, key) == expected[kind] for key, (kind, _) in plan.items())  # control: the four kinds
    rng, folder, gone, emptied = random.Random(9), index, set[int](), set[str]()
    for step in range(6):
        keys = [k for k in sorted(plan) if not plan[k][1] <= gone]
        batch: set[int] = set()
        for key in rng.sample(keys, len(keys)):
            more = batch | plan[key][1]
            if keeps_tables(index, before, gone | more):
                batch = more
                if len(batch) >= 8:
                    break
        assert batch, step
        patch = scrub(folder, len(texts), SHARDS, {i: texts[i] for i in batch - gone})
        folder = applied(folder, tmp_path / f"build{step}", patch)
        gone |= batch
        assert read_index(folder, len(texts)) == truth(index, [("" if i in gone else t) for i, t in enumerate(texts)])
        only_gone = {key for key, by_doc in before.items() if set(by_doc) <= gone}
        assert not header_keys(folder) & only_gone
        emptied |= {plan[k][0] for k in plan if plan[k][1] <= gone}
    assert emptied == set(KINDS)  # control: a pair of every kind lost all its documents
