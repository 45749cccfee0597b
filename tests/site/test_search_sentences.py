"""The sentences of the search index's sentence table (searchsentences.py), against a plain reading of the text."""

from __future__ import annotations

import random
import re

import numpy as np

from generator.site import searchindex, searchsentences
from generator.site.searchphrases import PhraseTable
from generator.site.searchsentences import Interiors, occurrences, sentences

_SENTENCE = re.compile(r"[^ \n。!?;,]*[。!?;,]|[^ \n。!?;,]+")


def units_of(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-16-le"), "<u2").copy()


def _phrase_table(phrases: list[str]) -> PhraseTable:
    """A table of `phrases` in the order given (their ranks), as searchsentences lays one out."""
    return PhraseTable(np.array([len(p) for p in phrases], np.uint16), units_of("".join(phrases)).astype(np.uint16))


def test_sentences_end_after_a_terminator_or_before_a_break_in_any_chunking(monkeypatch):
    rng = random.Random(3)
    for chunk in (5, 7, 1_000):
        monkeypatch.setattr(searchsentences, "CHUNK", chunk)
        for _ in range(200):
            text = "".join(rng.choice("税务。!?, \n局;甲") for _ in range(rng.randint(0, 50)))
            start, end = sentences(units_of(text))
            assert list(zip(start.tolist(), end.tolist())) == [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]


def test_interiors_hold_the_grams_wholly_inside_an_occurrence(monkeypatch):
    rng = random.Random(5)
    for _ in range(200):
        text = "".join(rng.choice("ab。!? \n") for _ in range(rng.randint(2, 60)))
        found = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.end() - m.start() >= 2]
        chosen = [(a, b) for a, b in found if rng.random() < 0.5]
        inner = Interiors(np.array([a for a, _ in chosen], np.int64), np.array([b for _, b in chosen], np.int64))
        n = len(text)
        for lo in range(0, n - 1, 4):
            hi = min(lo + 4, n - 1)
            assert inner.pairs(lo, hi).tolist() == [
                any(a <= o and o + 2 <= b for a, b in chosen) for o in range(lo, hi)
            ]
        offsets = np.arange(n, dtype=np.int64)
        assert inner.holds(offsets, 3).tolist() == [any(a <= o and o + 3 <= b for a, b in chosen) for o in range(n)]


def test_a_table_sentence_counts_in_bodies_only_and_as_a_whole_sentence():
    sentence = "各级税务机关要严格落实。"
    # doc 0: the sentence as its title (not counted), then twice in its body; doc 1: inside a longer sentence
    # (not the same sentence: not counted), then once whole after a break
    texts = [f"{sentence}\n{sentence}前文。{sentence}", f"标题\n一是{sentence} {sentence}"]
    joined = "\x00".join(texts)
    units = units_of(joined)
    starts = np.array([0, len(texts[0]) + 1], np.int64)
    bodies = starts + np.array([t.index("\n") for t in texts], np.int64)
    table = PhraseTable(np.array([len(sentence)], np.uint16), units_of(sentence).astype(np.uint16))
    found = occurrences(units, starts, bodies, table)
    expected = [len(sentence) + 1, 2 * len(sentence) + 4, int(starts[1]) + 3 + 2 + len(sentence) + 1]
    assert [(rank, offsets.tolist()) for rank, offsets in found] == [(0, expected)]
    assert joined.count(sentence) == 5  # control: five places hold its text; three are whole sentences of a body


def _table_of(texts: list[str]) -> list[str]:
    """The sentence table chosen from documents `texts` (title, newline, body), as text."""
    joined = "\x00".join(texts)
    units = searchindex.folded_units(joined)
    starts = np.cumsum([0] + [len(units_of(t)) + 1 for t in texts[:-1]]).astype(np.int64)
    bodies = starts + np.array([len(units_of(t.partition("\n")[0])) for t in texts], np.int64)
    table, _ = searchsentences.choose(units, starts, bodies)
    return [np.asarray(p, "<u2").tobytes().decode("utf-16-le", "surrogatepass") for p in table.phrases()]


def test_the_table_lists_whole_sentences_after_characters_beyond_the_basic_plane():
    """A sentence is cut from the text by code units: a character beyond the BMP (two units, such as 𠀾 in a
    name) before it must not shift the cut. Control: the same documents without it."""
    sentence = "各级税务机关要严格落实首问责任制。"
    plain = [f"标题{i}\n第{i}项。{sentence}其他内容{i}。" for i in range(10)]
    astral = [f"标题{i}\n𠀾𠀾{i}。{sentence}其他内容{i}。" for i in range(10)]
    assert _table_of(plain) == [sentence]
    assert _table_of(astral) == [sentence]
    assert _table_of([f"标题\n{sentence[:-1]}𠀾。" for _ in range(10)]) == [sentence[:-1] + "𠀾。"]  # inside one


def _tables_of(texts: list[str]) -> tuple[list[str], list[str]]:
    """The sentence table and its words chosen from documents `texts` (title, newline, body), as text."""
    joined = "\x00".join(texts)
    units = searchindex.folded_units(joined)
    starts = np.cumsum([0] + [len(units_of(t)) + 1 for t in texts[:-1]]).astype(np.int64)
    bodies = starts + np.array([len(units_of(t.partition("\n")[0])) for t in texts], np.int64)
    tables = searchsentences.choose(units, starts, bodies)
    return tuple(  # type: ignore[return-value]
        [np.asarray(p, "<u2").tobytes().decode("utf-16-le", "surrogatepass") for p in table.phrases()]
        for table in tables
    )


def test_a_gram_over_the_load_bound_is_a_word_while_the_words_fit_their_share(monkeypatch):
    """税务 is in three clauses of 30 documents each: over a bound of 30 (LOAD 1) it is a word and all three are
    in the table. Its occurrences (3 of ≈ 45 units a document) over WORD_SHARE: the clauses that would make it a
    word stay out. A 9-unit gram over the bound keeps its clause out whatever the share."""
    clauses = ["各级税务机关要依法行政。", "全省税务部门要优化服务。", "市县税务干部要廉洁自律。"]
    texts = [f"标题{i}\n" + "".join(clauses) for i in range(30)]
    monkeypatch.setattr(searchsentences, "LOAD", 1.0)
    table, words = _tables_of(texts)
    assert sorted(table) == sorted(clauses) and words == ["税务"]
    monkeypatch.setattr(searchsentences, "WORD_SHARE", 0.05)  # 税务 is ≈ 6.7 % of the sample
    table, words = _tables_of(texts)
    assert len(table) == 1 and words == []
    monkeypatch.setattr(searchsentences, "WORD_SHARE", 0.12)
    table, words = _tables_of(
        [f"标题{i}\n" + "一是各级税务机关要依法行政。二是各级税务机关要依法行政。" for i in range(30)]
    )
    assert len(table) == 1 and words == []  # control: the two clauses share 各级税务机关要依法 (9 units)


def test_occurrences_are_the_whole_body_sentences_equal_to_a_phrase_even_when_phrases_share_a_key():
    """Phrases of one length and the same first three units (one key) are told apart unit by unit, and each
    phrase's offsets are those of the plain reading, ascending."""
    rng = random.Random(11)
    phrases = ["甲乙丙丁戊己庚。", "甲乙丙丁戊己辛。", "甲乙丙戊丁己庚。", "乙乙丙丁戊己庚辛壬。"]
    # of 8 and 12 units, told apart by their last unit only (the last group of four read)
    phrases += ["丙丁戊己庚辛壬,", "丙丁戊己庚辛壬;", "丁丁戊己庚辛壬癸甲乙丙,", "丁丁戊己庚辛壬癸甲乙丙;"]
    table = _phrase_table(phrases)
    pieces = [*phrases, "甲乙丙丁戊己庚", "乙。", "丙丁 ", "\n", "丙丁戊己庚辛壬!"]
    for _ in range(100):
        texts = ["标题" + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3)]
        texts = [t.replace("标题", "标题\n", 1) for t in texts]
        joined = "\x00".join(texts)
        starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]]).astype(np.int64)
        bodies = starts + np.array([t.index("\n") for t in texts], np.int64)
        found = {rank: offsets.tolist() for rank, offsets in occurrences(units_of(joined), starts, bodies, table)}
        whole = [(m.start(), m.group()) for m in _SENTENCE.finditer(joined.replace("\x00", "\n"))]
        expected = {
            rank: [
                at for at, text in whole if text == phrase and at >= bodies[np.searchsorted(starts, at, "right") - 1]
            ]
            for rank, phrase in enumerate(phrases)
        }
        assert found == {rank: offsets for rank, offsets in expected.items() if offsets}


def test_common_grams_leave_out_exactly_the_grams_inside_an_occurrence_in_any_chunking(monkeypatch):
    rng = random.Random(13)
    # pairs whose first and second units differ as sets, with a terminator in some (a gram may end past an
    # occurrence's last unit, or start in the unit before it)
    common = np.array(sorted({(ord(a) << 16) | ord(b) for a, b in ("税务", "务局", "局。", "。税", "甲乙")}), np.uint32)
    for chunk in (3, 8, 1_000):
        monkeypatch.setattr(searchindex, "CHUNK", chunk)
        for _ in range(100):
            text = "".join(
                rng.choice(["税务局", "税", "务", "。", " ", "局", "局。税", "甲乙", "乙", ","])
                for _ in range(rng.randint(0, 30))
            )
            units = units_of(text)
            found = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
            chosen = [(a, b) for a, b in found if rng.random() < 0.5]
            inner = Interiors(np.array([a for a, _ in chosen], np.int64), np.array([b for _, b in chosen], np.int64))
            every = searchindex.common_grams(units, common)
            offsets = (every & np.uint64(0xFFFFFFFF)).astype(np.int64)
            outside = every[~inner.holds(offsets, 3)]
            assert searchindex.common_grams(units, common, inner).tolist() == outside.tolist()
            assert sorted(every.tolist()) == _plain_common_grams(text, common, [])
            assert sorted(outside.tolist()) == _plain_common_grams(text, common, chosen)


def _plain_common_grams(text: str, common: np.ndarray, inside: list[tuple[int, int]]) -> list[int]:
    """common_grams read off the text: a common pair with the character after it (key rank << 16 | that
    character) or before it ((K + rank) << 16 | it), at the gram's first character; none within an occurrence."""
    ranks = {int(pair): rank for rank, pair in enumerate(common.tolist())}
    grams = []
    for at in range(len(text) - 1):
        rank = ranks.get((ord(text[at]) << 16) | ord(text[at + 1]))
        if rank is None:
            continue
        for start, key in ((at, rank), (at - 1, len(common) + rank)):
            if start < 0 or start + 3 > len(text) or min(map(ord, text[start : start + 3])) <= searchindex.BREAK:
                continue
            if any(a <= start and start + 3 <= b for a, b in inside):
                continue
            third = ord(text[start + 2]) if key == rank else ord(text[start])
            grams.append((key << 48) | (third << 32) | start)
    return sorted(grams)


def test_short_phrases_are_compared_unit_by_unit():
    """A table of phrases shorter than a table sentence (a hand-made one): every unit still counts."""
    phrases = ["甲乙丙丁", "甲乙丙戊", "甲乙丙丁戊己", "甲乙丙"]
    table = _phrase_table(phrases)
    text = "题\n甲乙丙戊 甲乙丙丁戊己 甲乙丙丁 甲乙丙"
    expected = {
        0: [text.index("甲乙丙丁 ")],
        1: [text.index("甲乙丙戊")],
        2: [text.index("甲乙丙丁戊己")],
        3: [text.rindex("甲乙丙")],
    }
    # the units as any integer array (a caller's int32, a big-endian copy): read as UTF-16 code units all the same
    for units in (units_of(text), units_of(text).astype(np.int32), units_of(text).astype(">u2")):
        found = {
            rank: offsets.tolist() for rank, offsets in occurrences(units, np.zeros(1, np.int64), np.array([1]), table)
        }
        assert found == expected
