"""The phrase table (f/): what a document adds to it is computable from its text and the table alone.

searchphrases.family_keys gives the keys and offsets a text contributes to the family; the index
finds the same occurrences another way (from its sorted pairs, in the passes). Here both are checked
against a plain string search, and the index's f/ lists are decoded and compared with what
family_keys gives for each document.
"""

from __future__ import annotations

import dataclasses
import random
import re

import numpy as np
import pytest
from test_search_exact import shard_files, shard_header, shard_regions

from generator.site import searchindex, searchphrases
from generator.site.searchindex import IndexDoc, layer_files
from generator.site.searchphrases import PhraseTable, family_keys
from generator.site.searchsentences import Interiors
from generator.site.searchtext import FOLD

# Sentences repeated across documents, so some phrases are in most of them; digits and a-z fold too.
_SENTENCES = [
    "纳税人可以通过电子税务局办理个人所得税综合所得汇算",
    "国家税务总局关于进一步优化增值税优惠政策办理程序的公告",
    "各级税务机关要持续优化办税缴费服务",
    "出口退税率调整后，12366纳税缴费服务平台提供咨询",
    "本公告自发布之日起施行",
]
_NOISE = "税务总局发票增值税纳税人申报退税出口政策公告国家〔〕2026号年第一二三四五ABC"


def _docs(count: int, seed: int) -> list[IndexDoc]:
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        parts = [rng.choice(_SENTENCES) if rng.random() < 0.6 else rng.choice(_NOISE) * rng.randint(1, 3)]
        parts += [rng.choice(_SENTENCES + list(_NOISE)) for _ in range(rng.randint(20, 60))]
        title = "".join(rng.choice(_NOISE) for _ in range(rng.randint(4, 12)))
        docs.append(IndexDoc(f"{title}\n{''.join(parts)}", 19000 + i, len(title), i % 3))
    return docs


def _units(text: str) -> np.ndarray:
    folded = "".join(chr(FOLD.get(ord(c), ord(c))) for c in text)
    return np.frombuffer(folded.encode("utf-16-le"), "<u2").astype(np.uint16)


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 127) << shift
        shift += 7
        if not byte & 128:
            return value, at


def _lists(
    files: dict[str, bytes], prefix: str, documents: int, first_id: int = 0
) -> dict[tuple[int, int], tuple[int, int]]:
    """{(key, doc): (count, first offset)} of a family, decoded from its packs (a shard's list holds document ids, an
    own list documents counted from the layer's first, `first_id`)."""
    found: dict[tuple[int, int], tuple[int, int]] = {}
    blocks = -(-documents // searchindex.BLOCK)
    for data, after in shard_regions(files, prefix):
        count = int.from_bytes(data[:4], "little")
        at, own_at = 4 + 12 * count, 0
        for j in range(count):
            key, doc_bytes, position_bytes = np.frombuffer(data[4 + 12 * j : 16 + 12 * j], "<u4").tolist()
            list_at = own_at  # own parts follow the shard in header order: a list (if own), then offsets (if own)
            own_at += sum(size & ~searchindex.SEPARATE for size in (doc_bytes, position_bytes) if size >> 31)
            if doc_bytes & searchindex.SEPARATE:  # blocked, in the pack after the shard
                own = after[list_at:]
                ends = np.frombuffer(own[: 4 * blocks], "<u4").tolist()
                for block in range(blocks):
                    start = 4 * blocks + (ends[block - 1] if block else 0)
                    if start == 4 * blocks + ends[block]:
                        continue
                    bitmap, cursor = int.from_bytes(own[start : start + 8], "little"), start + 8
                    for i in range(searchindex.BLOCK):
                        if bitmap >> i & 1:
                            value, cursor = _varint(own, cursor)
                            occurrences = value % 4 + 1
                            if occurrences == 4:
                                extra, cursor = _varint(own, cursor)
                                occurrences += extra
                            found[(key, first_id + block * searchindex.BLOCK + i)] = (occurrences, value // 4)
                continue
            ndocs, at = _varint(data, at)
            doc = 0
            for i in range(ndocs):
                delta, at = _varint(data, at)
                doc = delta if i == 0 else doc + delta
                occurrences, at = _varint(data, at)
                first, at = _varint(data, at)
                found[(key, doc)] = (occurrences, first)
    return found


def test_family_keys_finds_every_occurrence_of_every_phrase_as_a_string_search_does():
    table = PhraseTable(
        np.array([3, 4, 5, 8], np.uint16),
        _units("税务局" + "税务总局" + "个人所得税" + "12366纳税缴"),
    )
    text = "国家税务总局和省税务局：个人所得税个人所得税，12366纳税缴费；税务总"
    keys, offsets = family_keys(_units(text), table)
    got = sorted(zip(keys.tolist(), offsets.tolist()))
    expected = []
    for rank, phrase in enumerate(["税务局", "税务总局", "个人所得税", "12366纳税缴"]):
        at = text.find(phrase)
        while at >= 0:
            expected.append((rank, at))
            at = text.find(phrase, at + 1)
    assert got == sorted(expected)
    assert (1, 2) in got and (2, 12) in got and (2, 17) in got  # overlapping and repeated occurrences


def test_family_keys_of_a_text_without_the_phrases_is_empty():
    """Control: a phrase cut short at the end of the text, or with one character changed, is not found."""
    table = PhraseTable(np.array([4], np.uint16), _units("税务总局"))
    keys, _ = family_keys(_units("税务总 税务总司 税务总"), table)
    assert len(keys) == 0


def test_the_index_holds_for_each_document_what_family_keys_gives_for_its_text(monkeypatch):
    monkeypatch.setattr(searchindex, "UNITS_PER_PASS", 20_000)  # many passes: phrases found in each
    monkeypatch.setattr(searchphrases, "SAMPLE_UNITS", 20_000)
    docs = _docs(300, seed=3)
    files = dict(layer_files(docs, 0, 64))
    _, table = PhraseTable.from_bytes(files["f/phrases.bin"])
    phrases = ["".join(map(chr, p.tolist())) for p in table.phrases()]
    assert len(phrases) >= 5 and max(len(p) for p in phrases) >= 6, phrases
    expected: dict[tuple[int, int], tuple[int, int]] = {}
    for doc, d in enumerate(docs):
        keys, offsets = searchindex.family_keys(searchindex.folded_units(d.text), files["f/phrases.bin"])
        for key in set(keys.tolist()):
            mine = offsets[keys == key]
            expected[(key, doc)] = (len(mine), int(mine.min()))
    assert len(expected) > 300
    assert _lists(files, "f/", len(docs)) == expected
    owner, _ = searchphrases.Contexts.from_bytes(files["f/phrases.bin"], table).owners(table)
    assert {key for key, _ in expected} == set(owner) and len(set(owner)) < len(owner)  # some share a list


def test_a_phrase_table_round_trips_and_lists_only_phrases_without_breaks_or_punctuation(monkeypatch):
    monkeypatch.setattr(searchphrases, "SAMPLE_UNITS", 20_000)
    files = dict(layer_files(_docs(300, seed=4), 0, 64))
    data = files["f/phrases.bin"]
    shards, table = PhraseTable.from_bytes(data)
    contexts = searchphrases.Contexts.from_bytes(data, table)
    assert table.to_bytes(shards) + contexts.to_bytes() == data
    assert any(contexts.before) and any(contexts.after)  # the generated corpus repeats its clauses
    for phrase, before, after in zip(table.phrases(), contexts.before, contexts.after, strict=True):
        text = "".join(map(chr, phrase.tolist()))
        assert searchphrases.MIN_LENGTH <= len(text) <= searchphrases.MAX_LENGTH
        assert all(c.isalnum() for c in text + before + after), text
        assert max(len(before), len(after)) <= searchphrases.CONTEXT


def test_the_words_lists_give_each_documents_count_and_first_offset_without_positions(monkeypatch):
    """w/ (searchindex._word_lists): the word occurrences come a chunk at a time and are reduced to one entry per
    (word, document) as they come; chunks far smaller than a document put every document across several. The
    first offset is the body's first (where the excerpt is cut), the title's flag beside it."""
    words = ["税务", "纳税人", "个人所得税", "12366纳税缴"]
    table = PhraseTable(np.array([len(w) for w in words], np.uint16), _units("".join(words)))
    monkeypatch.setattr(searchindex.searchsentences, "choose", lambda *_: (searchindex.searchsentences.EMPTY, table))
    monkeypatch.setattr(searchindex, "OWN_DOCS", 60)  # some lists long enough for parts of their own
    docs = _docs(300, seed=5)
    whole = dict(layer_files(docs, 0, 64))
    monkeypatch.setattr(searchphrases, "CHUNK", 97)
    chunked = dict(layer_files(docs, 0, 64))
    assert chunked == whole  # the chunks' lists merged across their cuts are the lists of the whole text
    monkeypatch.setattr(searchindex, "UNITS_PER_PASS", 40)  # the lists written in several passes: the same
    assert {k: v for k, v in layer_files(docs, 0, 64) if k.startswith("w/")} == {
        k: v for k, v in chunked.items() if k.startswith("w/")
    }
    later = _lists(dict(layer_files(docs, 70_000, 64)), "w/", len(docs), 70_000)  # a layer numbered from 70,000
    assert later == {(key, doc + 70_000): found for (key, doc), found in _lists(chunked, "w/", len(docs)).items()}
    expected: dict[tuple[int, int], tuple[int, int]] = {}
    for doc, d in enumerate(docs):
        text = "".join(chr(FOLD.get(ord(c), ord(c))) for c in d.text)
        for key, word in enumerate(words):
            at = [k for k in range(len(text)) if text.startswith(word, k)]
            if at:  # the first in the body (the first of all when the body has none), · 2 + whether the title has it
                first = next((k for k in at if k > d.title_len), at[0])
                expected[(key, doc)] = (len(at), first * 2 + (at[0] < d.title_len))
    assert len(expected) > 300 and any(count >= 4 for count, _ in expected.values())
    # the premise: titles hold words before the body's first (whose offset the list then gives)
    assert any(v % 2 and v // 2 > d.title_len for (_, doc), (_, v) in expected.items() for d in [docs[doc]])
    assert _lists(chunked, "w/", len(docs)) == expected
    shards = shard_files(chunked, "w/")
    assert any(doc_bytes & searchindex.SEPARATE for shard in shards for _, doc_bytes, _ in shard_header(shard))
    for data in shards:  # control for the layout: no positions, in the shards or in own parts
        header = np.frombuffer(data, "<u4", 3 * int.from_bytes(data[:4], "little"), 4).reshape(-1, 3)
        assert not header[:, 2].any()


def _chosen(texts: list[str]) -> list[str]:
    """The phrase table chosen from documents `texts` (ideographs and punctuation only), as text."""
    units = searchindex.folded_units("\x00".join(texts))
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]]).astype(np.int64)
    table, _ = searchphrases.choose(units, starts, searchphrases.CommonBound(0, 1, 0.0))
    return ["".join(map(chr, p.tolist())) for p in table.phrases()]


def test_a_widespread_word_inside_a_longer_phrase_has_a_list_of_its_own(monkeypatch):
    """所得税, nearly always inside 个人所得税 (the piece rule leaves it to that phrase), is in every document, and
    sometimes outside it (企业所得税): a term of it alone would read its pairs' offsets in all of them, so the pieces'
    budget takes it (_pieces). A piece always inside one longer gram (个人所, 人所得) is found where that one is and
    stays out; so does a piece in fewer than PIECE_DOCS of the documents (口退税 in 出口退税率). Controls: without
    PIECE_ALONE 个人所 is taken; without the pieces' budget 所得税 is left out."""
    rng = random.Random(7)
    noise = [chr(c) for c in range(0x8000, 0x8800)]  # none of the phrases' characters
    texts = []
    for k in range(60):
        body = [rng.choice(noise) for _ in range(1000)] + ["，个人所得税，"] * 9 + ["，企业所得税，"]
        if k % 4 == 0:  # in a quarter of the documents: under PIECE_DOCS
            body += ["，出口退税率，"] * 3
        rng.shuffle(body)
        texts.append("".join(body))
    chosen = _chosen(texts)
    assert "个人所得税" in chosen and "出口退税率" in chosen, chosen
    assert "所得税" in chosen and not {"个人所", "人所得", "口退税"} & set(chosen), chosen
    monkeypatch.setattr(searchphrases, "PIECE_ALONE", 0.0)
    assert "个人所" in _chosen(texts)  # control: what kept it out
    monkeypatch.setattr(searchphrases, "PIECE_SHARE", 0.0)
    assert "所得税" not in _chosen(texts)


def _contexts_of(phrases: list[str], texts: list[str]) -> tuple[searchphrases.Contexts, PhraseTable]:
    table = PhraseTable(np.array([len(p) for p in phrases], np.uint16), _units("".join(phrases)))
    keys, offsets = family_keys(_units("\x00".join(texts)), table)
    found = [(rank, np.sort(offsets[keys == rank])) for rank in range(len(phrases))]
    return searchphrases.contexts(searchindex.folded_units("\x00".join(texts)), table, found), table


def test_a_phrase_always_in_the_same_letters_has_them_as_its_context_and_shares_one_list():
    """Contexts: the letters and digits before and after every occurrence of a phrase, up to a break, punctuation,
    a document's end or CONTEXT units. Phrases with one context around them occur at the same places: the first by
    rank owns the list, the others start `shift` units after it. Controls: one occurrence elsewhere (国家税务局)
    takes 国家税务 out of the group; a phrase that occurs nowhere has no context."""
    phrases = ["国家税务", "税务总局", "国家税务总局", "税务局", "领导小组", "不在"]
    texts = ["国家税务总局发布公告", "局国家税务总局今日", "省税务局，和国家税务总局", "领导小组" + "办公室" * 6]
    contexts, table = _contexts_of(phrases, texts + ["领导小组" + "办公室" * 5])
    assert list(zip(contexts.before, contexts.after, strict=True)) == [
        ("", "总局"),  # 国家税务: 总局 after it every time; before it nothing (a document's start), 局, 和
        ("国家", ""),
        ("", ""),
        ("省", ""),  # the comma is no letter
        ("", "办公室办公室办公室办公室"),  # CONTEXT units at most
        ("", ""),  # occurs nowhere
    ]
    assert contexts.owners(table) == ([0, 0, 0, 3, 4, 5], [0, 2, 0, 0, 0, 0])
    assert searchphrases.Contexts.from_bytes(table.to_bytes(1) + contexts.to_bytes(), table) == contexts
    assert searchphrases.Contexts.from_bytes(table.to_bytes(1), table) == searchphrases.Contexts(
        [""] * 6, [""] * 6, [0] * 6
    )
    elsewhere, _ = _contexts_of(phrases, [*texts, "国家税务局"])
    assert elsewhere.before[0] == elsewhere.after[0] == "" and elsewhere.owners(table)[0] == [0, 1, 1, 3, 4, 5]


def test_a_pair_of_a_context_found_nowhere_else_is_absorbed_and_one_found_elsewhere_is_not():
    """Contexts.absorbed: bit i of a whole (before, phrase, after) when its pair at i, once in it, occurs as often
    in the text as the phrase (given the pairs' counts): a term inside the whole holding that pair is where the
    phrase is. 年累 is also in 年累积: not absorbed; nor is a pair not counted (事项). Control: counts one more."""
    texts = ["2025年累计取消各类证明事项", "年累计取消各类证明事项，年累积", "今年累计取消各类证明事项"]
    text = "\x00".join(texts)
    units = searchindex.folded_units(text)
    table = PhraseTable(np.array([4], np.uint16), _units("取消各类"))
    _, offsets = family_keys(units, table)
    pairs = sorted({text[i : i + 2] for i in range(len(text) - 1)} - {"事项"})  # 事项 left uncounted
    near = np.array([(ord(p[0]) << 16) | ord(p[1]) for p in pairs], np.uint32)
    counts = np.array([sum(t.count(p) for t in texts) for p in pairs], np.int64)  # (no pair overlaps itself here)
    contexts = searchphrases.contexts(units, table, [(0, np.sort(offsets))], (near, counts))
    whole = contexts.before[0] + "取消各类" + contexts.after[0]
    assert whole == "年累计取消各类证明事项"
    held = [whole[i : i + 2] for i in range(len(whole) - 1) if contexts.absorbed[0] >> i & 1]
    assert held == ["累计", "计取", "取消", "消各", "各类", "类证", "证明", "明事"]
    again = searchphrases.contexts(units, table, [(0, np.sort(offsets))], (near, counts + 1))  # control
    assert again.absorbed == [0] and again.before == contexts.before


def _pair_counts(units: np.ndarray, interiors: Interiors) -> tuple[np.ndarray, np.ndarray]:
    """Every indexed pair of `units` (as the passes see it: no break in it, not inside `interiors`) and how often
    it occurs."""
    where = np.flatnonzero(searchindex._pass_of_pairs(units, 1, interiors) != 255)
    keys = (units[where].astype(np.uint32) << np.uint32(16)) | units[where + 1]
    unique, counts = np.unique(keys, return_counts=True)
    return unique, counts


def _occurrences(text: str, gram: str) -> int:
    return len(re.findall(f"(?={re.escape(gram)})", text))  # overlapping ones too


def _grams_of(
    phrases: list[str], texts: list[str], sentence: str = ""
) -> tuple[searchphrases.Contexts, PhraseTable, str]:
    """The contexts of `phrases` in `texts`, with the occurrences of `sentence` as a table sentence's (left out)."""
    table = PhraseTable(np.array([len(p) for p in phrases], np.uint16), _units("".join(phrases)))
    text = "\x00".join(texts)
    starts = [m.start() for m in re.finditer(re.escape(sentence), text)] if sentence else []
    interiors = Interiors(np.array(starts, np.int64), np.array(starts, np.int64) + len(sentence))
    keys, offsets = family_keys(_units(text), table)
    found = [
        (rank, np.sort(offsets[(keys == rank) & ~interiors.holds(offsets, len(p))])) for rank, p in enumerate(phrases)
    ]
    units = searchindex.folded_units(text)
    indexed = searchindex._pass_of_pairs(units, 1, interiors) != 255
    return searchphrases.contexts(units, table, found, _pair_counts(units, interiors), indexed), table, text


def test_a_longer_piece_of_a_context_found_nowhere_else_is_absorbed_though_its_pairs_are_found_elsewhere():
    """Contexts.grams: 区税务局 occurs only in 自治区税务局, though 区税 is also in 区税收 and 区税务 in 地区税务所:
    the shortest piece at each start of the whole found nowhere else, without the phrase and holding no absorbed
    pair (治区, only here) or shorter piece (自治区 holds 治区; 税务局 is in 省税务局 too). Control: one 区税务局
    elsewhere (市区税务局) and it is not."""
    texts = ["自治区税务局发布", "区税收，地区税务所，省税务局", "广西自治区税务局，自治区税务局", "自治州"]
    contexts, table, _ = _grams_of(["自治区税务局"], texts)
    assert contexts.before == [""] and contexts.after == [""]
    assert contexts.absorbed == [0b10]  # 治区
    assert contexts.grams == ((0, 2, 4),)  # 区税务局
    again, _, _ = _grams_of(["自治区税务局"], [*texts, "市区税务局"])
    assert again.grams == () and again.absorbed == [0b10]
    # an occurrence inside a table sentence's is counted from the sentence, not here: 区税务局 is still absorbed
    inside, _, _ = _grams_of(["自治区税务局"], [*texts, "在市区税务局办理，"], "在市区税务局办理，")
    assert inside.grams == ((0, 2, 4),)
    assert searchphrases.Contexts.from_bytes(table.to_bytes(1) + contexts.to_bytes(), table) == contexts
    # a damaged file is refused (the scrub then builds cold): a gram of fewer than 3 units, one past its whole
    # (6 units here), one of a rank the table has not
    for damaged in ((0, 0, 0), (0, 2, 2), (0, 4, 3), (1, 0, 3)):
        data = table.to_bytes(1) + dataclasses.replace(contexts, grams=(damaged,)).to_bytes()
        with pytest.raises(ValueError):
            searchphrases.Contexts.from_bytes(data, table)


def test_a_piece_found_nowhere_else_in_the_sample_but_elsewhere_in_the_text_is_no_gram():
    """The sample (blocks spread over the text) only proposes candidates: each is checked in all the text. 市区税务局
    lies between the sampled blocks, so the sample proposes 区税务局 (and 税务局, in 自治区税务局 every time there),
    and the check in all of it refuses both. Control: with 省税务局 there instead, 区税务局 is a gram."""
    filler = "甲乙丙丁，" * 800  # 4,000 units: the sample's blocks (4,096 units) leave most of each one out
    texts = [
        "自治区税务局发布，区税收，地区税务所",
        "自治区税务局",
        filler,
        "甲乙丙丁，" * 400 + "市区税务局办理" + filler,
    ]
    contexts, _, text = _grams_of(["自治区税务局"], texts + [filler] * 90)
    assert "市区税务局" not in searchphrases._sample_text(searchindex.folded_units(text), np.ones(len(text), bool))
    assert contexts.grams == ()
    elsewhere = "甲乙丙丁，" * 400 + "省税务局办理" + filler
    control, _, _ = _grams_of(["自治区税务局"], [*texts[:3], elsewhere, *[filler] * 90])
    assert control.grams == ((0, 2, 4),)


def test_the_absorbed_grams_are_exactly_the_shortest_pieces_of_each_owners_whole_found_nowhere_else():
    """Against a brute force on random texts over a few letters: each gram (and each absorbed pair) occurs once in
    its owner's whole and as often in the text as the phrase, holds neither the phrase nor a shorter such piece;
    and every piece of a whole found nowhere else holds the phrase, an absorbed pair or one of the grams."""
    rng = random.Random(7)
    checked = 0
    for _ in range(60):
        letters = "甲乙丙丁戊"[: rng.randint(3, 5)]
        texts = ["".join(rng.choice(letters + "，") for _ in range(rng.randint(5, 40))) for _ in range(8)]
        phrases = sorted({t[a : a + rng.randint(3, 4)] for t in texts for a in (rng.randrange(len(t)),)})
        phrases = [p for p in phrases if len(p) >= 3 and "，" not in p][:4]
        if not phrases:
            continue
        contexts, table, text = _grams_of(phrases, texts)
        owner, _ = contexts.owners(table)
        grams = {(r, s, n) for r, s, n in contexts.grams}
        for rank, phrase in enumerate(phrases):
            count = _occurrences(text, phrase)
            whole = contexts.before[rank] + phrase + contexts.after[rank]
            span = (len(contexts.before[rank]), len(contexts.before[rank]) + len(phrase))
            pairs = {(i, 2) for i in range(len(whole) - 1) if contexts.absorbed[rank] >> i & 1}
            mine = {(s, n) for r, s, n in grams if r == rank}
            assert owner[rank] == rank or not mine
            if owner[rank] != rank or not count:
                continue
            for s, n in mine | pairs:
                piece = whole[s : s + n]
                assert _occurrences(whole, piece) == 1 and _occurrences(text, piece) == count
                assert not (s <= span[0] and s + n >= span[1])
                assert not any(s <= a and a + m <= s + n and (a, m) != (s, n) for a, m in mine | pairs)
            for s in range(len(whole)):
                for n in range(2, len(whole) - s + 1):
                    piece = whole[s : s + n]
                    if _occurrences(whole, piece) == 1 and _occurrences(text, piece) == count:
                        checked += 1
                        held = (s <= span[0] and s + n >= span[1]) or any(
                            s <= a and a + m <= s + n for a, m in mine | pairs
                        )
                        assert held, (whole, piece, mine, pairs)
    assert checked > 200
