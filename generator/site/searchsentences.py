"""The sentence table of the search index: whole sentences that many documents share (s/).

A cut of a sentence that thousands of articles hold (机关要严格落实首问责) is costly to count from
pairs: its pairs occur several times in each of those documents, so their offsets must be read for
thousands of them. Indexed as one gram per whole sentence, each with its documents, counts and first
offsets, such a term is counted without offsets: a term without a terminator lies inside one sentence,
so

    count(term, doc) = Σ over table sentences S holding the term: count(S, doc) × occurrences of term in S
                       + its count in the rest of the text.

A sentence is a maximal run of letters (code units above searchtext.BREAK) that ends after a terminator
(TERMINATORS, folded: 。！？； and the comma, so a clause is a sentence here) or before a break; sentences
partition the text. (Clauses, measured against whole sentences at 10k: a clause is shared by more
articles than the sentence around it, whose other clause may vary, e.g. by a number; a term holding a
comma is rare in queries.) Only the body counts: an
occurrence in the title (which ranking looks at) stays with the rest. The rest is what the pairs,
common grams and phrases index: every pair or gram wholly inside an occurrence of a table sentence is
left out of them (`Interiors`), so the two parts never count one occurrence twice. A term with a
terminator before its last unit spans sentences: search-s.js then reads the offsets of its pairs in the
rest and of the table sentences that hold them, and joins them.

The table (s/sentences.bin, as f/phrases.bin: u32 shards, u32 K, K × u16 length, the units) is chosen
from an even sample of the documents (about SAMPLE_UNITS): sentences of MIN_LENGTH units or more in at
least MIN_DOCS of the sampled documents, the most widespread first, while the table stays within
MAX_UNITS. A short term pays for the lists of every table sentence holding it, so each gram of the table's
sentences whose sentences' documents add up to more than LOAD times the sample's (税务, 纳税人: the "load")
is a *word* of the table (w/words.bin, laid out as s/sentences.bin) with a list of its own that is whole:
every occurrence, in the rest, inside table sentences and in titles (searchindex: w/), which search-s.js
reads instead of the rest and the sentences. A longer gram's load is at most that of any gram inside it, so
a sentence is taken while no gram of MAX_WORD + 1 units goes over the bound and the words stay within
MAX_WORDS: every term that is not a word then reads at most LOAD times the documents in sentence lists.
(Before the words, the bound kept a sentence out when any pair went over it: ≈ 40 clauses that thousands of
articles share, each holding 纳税, 税人, 税务 or 税收, were left to the pairs.) The tables list their sentences
and words in the clear: they are in many documents, and one that no document holds any more makes the
scrub build the index cold (searchscrub.py).

Only a main index has a table. A change layer's is empty (search.py: layer_files(clauses=False)), so all
its pairs are in its rest: search.js reads search-s.js only when the main index has a table (meta.json
"sentences"), and a table of the layer's own over a main index without one would hide the pairs inside
its sentences from every reader.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass

import numpy as np

from generator.site.searchphrases import PhraseTable
from generator.site.searchtext import BREAK

TERMINATORS = "。!?;,"  # folded: the full-width ！？；， are these (a clause is a "sentence" here)
MIN_LENGTH, MAX_LENGTH = 8, 1024  # code units of a table sentence
SAMPLE_UNITS = 600_000
MIN_DOCS = 0.05  # a table sentence is in at least this share of the sampled documents
LOAD = 4.0  # documents of the table sentences holding a gram that is not a word: at most this many times the sample's
MAX_UNITS = 4096  # code units of the whole table (8 KB, read with the first query)
MAX_WORD = 8  # code units of a word (searchphrases.family_keys finds grams of up to 8)
MAX_WORDS = 256  # words of a table (each has a list of its own, w/)
WORD_SHARE = 0.12  # the words' occurrences, at most this share of the text's units (estimated from the sample):
# they are sorted at once after the passes (at 10k: 21 words, 9 %, peak as before; LOAD 2 gave 142, 27 %, 687 MB)
CHUNK = 4_000_000


EMPTY = PhraseTable(np.zeros(0, np.uint16), np.zeros(0, np.uint16))  # no table: every pair is in the rest


def _terminator_units() -> np.ndarray:
    table = np.zeros(0x10000, bool)
    for char in TERMINATORS:
        table[ord(char)] = True
    return table


_TERMINATOR = _terminator_units()


def sentences(units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(start, end) of every sentence of `units` (folded UTF-16 code units), int64, in text order."""
    starts, ends = [], []
    size = len(units)
    for lo in range(0, size, CHUNK):
        hi = min(lo + CHUNK, size)
        word = units[max(lo - 1, 0) : hi + 1] > BREAK  # one unit of context either side
        stop = _TERMINATOR[units[max(lo - 1, 0) : hi + 1]]
        shift = 1 if lo else 0
        here = word[shift : shift + hi - lo]
        before = np.zeros(hi - lo, bool)  # whether a sentence ends before each unit
        if lo:
            before[:] = ~word[: hi - lo] | stop[: hi - lo]
        else:
            before[0] = True
            before[1:] = ~word[: hi - lo - 1] | stop[: hi - lo - 1]
        starts.append(np.flatnonzero(here & before) + lo)
        after = np.ones(hi - lo, bool)  # whether a sentence ends after each unit
        nxt = word[shift + 1 : shift + 1 + hi - lo]
        after[: len(nxt)] = ~nxt | stop[shift : shift + len(nxt)]
        ends.append(np.flatnonzero(here & after) + lo + 1)
    if not starts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(starts).astype(np.int64), np.concatenate(ends).astype(np.int64)


def choose(units: np.ndarray, starts: np.ndarray, bodies: np.ndarray) -> tuple[PhraseTable, PhraseTable]:
    """The sentence table of a layer's text (folded units, documents from `starts`, bodies from `bodies`) and its
    words: every gram whose table sentences' documents add up to more than LOAD times the sample's."""
    ends = np.append(starts[1:], len(units) + 1)
    step = max(1, -(-len(units) // SAMPLE_UNITS))
    chosen = np.arange(0, len(starts), step)
    if len(chosen) < 8:
        return EMPTY, EMPTY
    # Sentences as tuples of code units: offsets count units, and a str counts a character beyond the BMP
    # (a surrogate pair, as 𠀾 in a name) as one, which shifted every cut after it.
    seen: collections.Counter[tuple[int, ...]] = collections.Counter()
    texts = []  # the sampled documents whole, to estimate the words' occurrences
    for d in chosen.tolist():
        texts.append("".join(map(chr, units[int(starts[d]) : min(int(ends[d]), len(units))].tolist())))
        body = units[int(bodies[d]) : min(int(ends[d]), len(units))]
        found = sentences(body)
        listed = body.tolist()
        seen.update(
            {tuple(listed[a:b]) for a, b in zip(*(x.tolist() for x in found)) if MIN_LENGTH <= b - a <= MAX_LENGTH}
        )
    need = max(3, int(MIN_DOCS * len(chosen)))
    bound = LOAD * len(chosen)
    load: collections.Counter[tuple[int, ...]] = collections.Counter()
    room, picked, words = MAX_UNITS, [], set[tuple[int, ...]]()
    sample = "\x00".join(texts)
    occurring: dict[tuple[int, ...], int] = {}  # a word's occurrences in the sample
    share = WORD_SHARE * len(sample)
    for text, docs in sorted(seen.items(), key=lambda item: (-item[1], -len(item[0]), item[0])):
        if docs < need or room < MIN_LENGTH:
            break
        if len(text) > room:
            continue
        # A gram's load bounds what a term that is not a word reads; load(longer) <= load(any gram inside it),
        # so no gram of MAX_WORD + 1 units over the bound means none longer is either.
        grams = {text[a : a + n] for n in range(2, MAX_WORD + 2) for a in range(len(text) - n + 1)}
        over = {g for g in grams if load[g] + docs > bound}
        if any(len(g) > MAX_WORD for g in over) or len(words | over) > MAX_WORDS:
            continue
        for g in over - words:
            occurring[g] = occurring.get(g) or sample.count("".join(map(chr, g)))
        if sum(occurring[g] for g in words | over) > share:
            continue
        picked.append(text)
        room -= len(text)
        load.update(dict.fromkeys(grams, docs))
        words |= over
    return _table(picked), _table(list(words))


def _table(texts: list[tuple[int, ...]]) -> PhraseTable:
    texts = sorted(texts, key=lambda t: (len(t), t))
    lengths = np.array([len(t) for t in texts], dtype=np.uint16)
    flat = np.array([unit for t in texts for unit in t], dtype=np.uint16)
    return PhraseTable(lengths, flat)


def occurrences(
    units: np.ndarray, starts: np.ndarray, bodies: np.ndarray, table: PhraseTable
) -> list[tuple[int, np.ndarray]]:
    """(rank, ascending offsets) of every table sentence occurring in `units` as a whole sentence of a body
    (documents start at `starts`, their bodies at `bodies`: a sentence before its body's start is in a title)."""
    if not len(table.lengths):
        return []
    units = np.asarray(units, np.uint16)  # UTF-16 code units, two bytes each (_quads reads four per u64)
    start, end = sentences(units)
    length = end - start
    fits = np.zeros(MAX_LENGTH + 2, bool)
    fits[table.lengths.astype(np.int64)] = True
    keep = fits[np.minimum(length, MAX_LENGTH + 1)]
    start, length = start[keep], length[keep]
    doc = np.searchsorted(starts, start, side="right") - 1
    keep = start >= np.asarray(bodies, np.int64)[doc]
    start, length = start[keep], length[keep]
    # Each sentence's key looked up among the table's few keys (no sort of the text's sentences); the candidates
    # of each key then grouped by a stable sort of small group numbers (numpy sorts those by radix, in text order).
    phrases = table.phrases()
    keys, group_of = np.unique(
        np.array([_key(p, np.zeros(1, np.int64), np.array([len(p)]))[0] for p in phrases], np.uint64),
        return_inverse=True,
    )
    key = _key(units, start, length)
    group = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
    listed = keys[group] == key
    start, group = start[listed], group[listed].astype(np.int16 if len(keys) < 2**15 else np.int64)
    order = np.argsort(group, kind="stable")
    start = start[order]
    bounds = np.searchsorted(group[order], np.arange(len(keys) + 1))
    quads = _quads(units)
    found = []
    for rank, phrase in enumerate(phrases):
        g = int(group_of[rank])
        candidates = start[bounds[g] : bounds[g + 1]]  # ascending: the sort kept text order
        hit = np.ones(len(candidates), bool)
        size = len(phrase)
        if size < 7:  # shorter than any table sentence (MIN_LENGTH): unit by unit
            for k in range(3, size):
                hit &= units[candidates + k] == phrase[k]
        else:  # units 3 .. size - 1 four at a time (the key holds the first three; the last four may overlap)
            want = np.ascontiguousarray(phrase, dtype=units.dtype)  # in the text's byte order
            for k in [*range(3, size - 4, 4), size - 4]:
                hit &= quads[candidates + k] == want[k : k + 4].view(np.uint64)[0]
        if hit.any():
            found.append((rank, candidates[hit].astype(np.uint32)))
    return found


def _quads(units: np.ndarray) -> np.ndarray:
    """Four code units from each offset as one u64: a view of the text (offset k reads units k .. k + 3)."""
    assert units.itemsize == 2, "UTF-16 code units"
    units = np.ascontiguousarray(units)
    return np.ndarray((max(len(units) - 3, 0),), dtype=np.uint64, buffer=units, strides=(units.itemsize,))


def _key(units: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """A sentence's length and first three units in one u64 (MIN_LENGTH >= 3)."""
    key = length.astype(np.uint64) << np.uint64(48)
    for k in range(3):
        key |= units[start + k].astype(np.uint64) << np.uint64(32 - 16 * k)
    return key


@dataclass(frozen=True)
class Interiors:
    """Where the table sentences' occurrences lie: a gram wholly inside one is left out of the other families."""

    starts: np.ndarray  # int64, ascending
    ends: np.ndarray  # int64: each occurrence's end (exclusive)

    @staticmethod
    def of(table: PhraseTable, found: list[tuple[int, np.ndarray]]) -> Interiors:
        if not found:
            return Interiors(np.zeros(0, np.int64), np.zeros(0, np.int64))
        lengths = table.lengths.astype(np.int64)
        starts = np.concatenate([offsets.astype(np.int64) for _, offsets in found])
        ends = starts + np.concatenate([np.full(len(offsets), lengths[rank]) for rank, offsets in found])
        order = np.argsort(starts, kind="stable")
        return Interiors(starts[order], ends[order])

    def holds(self, offsets: np.ndarray, width: int | np.ndarray) -> np.ndarray:
        """Whether the gram of `width` units at each offset lies wholly inside an occurrence."""
        where = np.searchsorted(self.starts, offsets, side="right") - 1
        inside = where >= 0
        if len(self.starts):
            inside &= offsets.astype(np.int64) + width <= self.ends[np.maximum(where, 0)]
        return inside

    def pairs(self, lo: int, hi: int) -> np.ndarray:
        """Whether the pair at each offset lo .. hi - 1 lies wholly inside an occurrence (bool)."""
        delta = np.zeros(hi - lo + 1, np.int8)
        first = int(np.searchsorted(self.starts, lo, side="right")) - 1
        # pairs inside [a, b) start at a .. b - 2
        last = int(np.searchsorted(self.starts, hi))
        a = self.starts[max(first, 0) : last]
        b = self.ends[max(first, 0) : last] - 1
        begin = a[(a >= lo) & (a < hi)] - lo
        finish = b[(b >= lo) & (b < hi)] - lo
        delta[begin] += 1
        delta[finish] -= 1
        if first >= 0 and self.starts[first] < lo <= self.ends[first] - 1:
            delta[0] += 1
        return np.cumsum(delta[:-1], dtype=np.int8) > 0


def of_document(units: np.ndarray, body: int, table: PhraseTable) -> tuple[list[tuple[int, np.ndarray]], Interiors]:
    """One document's table sentences (as `occurrences`) and their interiors, its body starting at `body`."""
    found = occurrences(units, np.zeros(1, np.int64), np.array([body], np.int64), table)
    return found, Interiors.of(table, found)
