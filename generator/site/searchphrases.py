"""The phrase table of the search index: frequent phrases, chosen by how many documents hold them.

A phrase that most documents hold several times (个人所得税, 税务总局) is costly to find from its
pairs: an exact count needs their offsets in nearly every document. Indexed as one gram, its list
gives the count and first offset per document, and no offsets are read. The table holds phrases of
MIN_LENGTH to MAX_LENGTH code units of letters and digits, chosen from an even sample of the
documents (about SAMPLE_UNITS of text, so choosing costs the same at any size): the grams in at
least MIN_DOCS of the sampled documents that are either whole (not nearly always inside one longer
gram) or the shortest of a phrase (no piece of one unit less, WORD units at least, nearly always
extends to it), the most frequent first while their estimated occurrences fit SHARE of the text
(which bounds the index's extra time and memory). The budget goes to whole phrases and words, not
to every extension of a frequent pair; 8-unit phrases on one long sentence are picked OVERLAP or more apart.

Windows (_windows): a clause that thousands of articles share but whose slot varies (帮助小微企业获得信用贷款{amount}亿元) is in
no sentence table (searchsentences.py), and a term cut from it reads the lists and offsets of all its pairs in each
of those articles (the heaviest queries of the benchmark's citizens). So the table also takes WINDOW-unit grams in
at least WINDOW_DOCS of the sampled documents outside the table sentences' occurrences (which the family leaves
out), the most widespread first, sharing fewer than OVERLAP units with one picked on the clause (so 3 or more
apart: a term of 8 units or more on it often holds one; the greedy pick can leave a wider gap, and a term inside it
reads its pairs), while their occurrences fit WINDOW_SHARE more of the text: a term holding one reads its list
instead of its pairs' offsets. (At 10k, 300 citizen queries: 8-unit windows took those over 150 KB from 16 to 9;
6-unit ones read 431 KB less than 8-unit ones over the 300 and took 业销售收入同比增 from 172 to 88 KB, 5- and 7-unit ones
less well.)

Pieces (_pieces): a three-unit gram nearly always inside one longer phrase is left to it (所得税 in 个人所得税), but
when most documents hold it, and it occurs elsewhere too (企业所得税), a citizen's term of it alone reads its pairs'
lists and offsets in nearly all of them (所得税 双重征税和防: 155 KB at 10k): the longer phrase's list does not count
it. So the table also takes such pieces in at least PIECE_DOCS of the sampled documents with PIECE_ALONE of their
occurrences or more outside the longer gram holding most of them (a gram always inside one, 务机关 in 税务机关, is
found where that one is, and no one types it), the most widespread first, while their occurrences fit PIECE_SHARE
more of the text (at 10k: that query 107 KB; 5 pieces).

Contexts (Contexts, contexts): after the passes have found every occurrence, the letters that stand around a phrase
every time are kept with the table. A term inside that context and holding the phrase is wherever the phrase is, so it
reads the phrase's list alone (国家税务总 in 国家税务总局: 163 KB from its pairs' offsets, 41 KB so), and phrases with
one context around them (国家税务, 家税务总, 税务总局 and 国家税务总局) share one list: at 10k the phrases' indexed
occurrences 1.63 → 0.98 million. The passes also count the pairs near the phrases (context_pairs): a pair of the
whole that occurs as often as the phrase occurs only there (absorbed), and a term inside the whole holding it is
counted from the phrase's list too, without holding the phrase (计取消各类证: 122 → 32 KB). A longer piece of the
whole can occur only there though each of its pairs occurs elsewhere too (区税务局 in 自治区税务局; 区税 is also in
区税收): the shortest such pieces (at each start, holding no shorter one) are kept as absorbed grams. The pieces
found nowhere else in a sample of the text are the candidates; each is then checked in all of it from the offsets
of its least frequent pair, which one scan of the text finds for all of them after the passes (keeping every near
pair's offsets in the passes instead cost 25-30 MB of peak memory at 10k). At 10k: 23 grams, 区税务局 192 → 30 KB.

Membership is explicit: the index lists the table (f/phrases.bin) and holds every occurrence of
every phrase in it (in its owner's list), so a phrase of the table missing from the index occurs nowhere, and a gram
not in the table says nothing (search.js then uses the pairs). `family_keys` gives the keys a text
contributes to this family (the phrase's rank in the table) with their offsets: what a document
adds to f/d and f/e, computed from its text and the table alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from generator.site.searchtext import BREAK

if TYPE_CHECKING:  # searchsentences builds on this module's PhraseTable
    from generator.site.searchsentences import Interiors

MIN_LENGTH, MAX_LENGTH = 3, 8  # code units of a phrase (8 fit two u64 words)
SAMPLE_UNITS = 150_000  # text sampled (whole documents, evenly spread) to choose the phrases
MIN_DOCS = 0.1  # a phrase is in at least this share of the sampled documents
WHOLE = 0.8  # a gram is a piece of a longer phrase when at least this share of its occurrences are in that one
WORD = 4  # a gram nearly always inside a longer one is left out when shorter than this; a longer gram whose
# piece of one unit less (this long at least) nearly always extends to it is left out: the piece serves
OVERLAP = 4  # units two 8-unit phrases or two windows on one sentence share at least when one is left out
SHARE = 0.06  # estimated occurrences of all phrases, as a share of the text's units
WINDOW_DOCS = 0.2  # a window (_windows) is in at least this share of the sampled documents, outside table sentences
WINDOW = 6  # units of a window
WINDOW_SHARE = 0.03  # and the windows' occurrences are at most this share of the text's units (beyond SHARE)
PIECE_DOCS = 0.5  # a three-unit piece (_pieces) is in at least this share of the sampled documents
PIECE_SHARE = 0.02  # and the pieces' occurrences are at most this share of the text's units (beyond the others)
PIECE_ALONE = 0.03  # and at least this share of its occurrences is outside the longer gram holding most of them
MAX_PHRASES = 1024
CONTEXT = 12  # code units of a phrase's context (Contexts) on each side at most
CHUNK = 2_000_000
_MULTIPLY = np.uint64(0x9E3779B97F4A7C15)  # an odd 64-bit constant: a polynomial hash of a gram's units
_MIX = np.uint64(0xBF58476D1CE4E5B9)  # and another, applied last
_FILTER_BITS = 20  # the filter of phrases' first pairs: 2**20 bits


def _word_units() -> np.ndarray:
    word = np.zeros(0x10000, bool)
    word[0x3400:0xA000] = word[0xF900:0xFB00] = True  # CJK ideographs
    word[ord("0") : ord("9") + 1] = word[ord("a") : ord("z") + 1] = True  # folded: no A-Z left
    return word


_WORD = _word_units()


@dataclass(frozen=True)
class PhraseTable:
    """Phrases by rank: `lengths[r]` code units each, back to back in `units`."""

    lengths: np.ndarray  # uint16
    units: np.ndarray  # uint16

    def phrases(self) -> list[np.ndarray]:
        ends = np.cumsum(self.lengths.astype(np.int64))
        return [self.units[end - length : end] for end, length in zip(ends.tolist(), self.lengths.tolist())]

    def texts(self) -> list[str]:
        """The phrases by rank, as text."""
        return [phrase.tobytes().decode("utf-16-le", "surrogatepass") for phrase in self.phrases()]

    def to_bytes(self, shards: int) -> bytes:
        """f/phrases.bin: u32 shards, u32 K, K × u16 length, then the phrases' UTF-16 code units."""
        head = np.array([shards, len(self.lengths)], "<u4").tobytes()
        return head + self.lengths.astype("<u2").tobytes() + self.units.astype("<u2").tobytes()

    @staticmethod
    def from_bytes(data: bytes) -> tuple[int, PhraseTable]:
        """(shards, table) of an f/phrases.bin."""
        shards, count = (int(x) for x in np.frombuffer(data[:8], "<u4"))
        lengths = np.frombuffer(data[8 : 8 + 2 * count], "<u2").astype(np.uint16)
        end = 8 + 2 * count + 2 * int(lengths.sum())
        units = np.frombuffer(data[8 + 2 * count : end], "<u2").astype(np.uint16)
        return shards, PhraseTable(lengths, units)

    def size(self) -> int:
        """The bytes of its f/phrases.bin before the contexts."""
        return 8 + 2 * len(self.lengths) + 2 * len(self.units)


@dataclass(frozen=True)
class Contexts:
    """What stands before and after every indexed occurrence of each phrase of a table, the same letters and digits
    each time (CONTEXT units at most a side; f/phrases.bin after the table: K × u16 before, K × u16 after,
    K × u32 absorbed, then the befores' code units and the afters', by rank).

    A term holding phrase P at k, inside P's context (its first k units end the before, the rest after P start
    the after), occurs exactly where P does, shifted by k: it is counted from P's list, no offsets read
    (国家税务总 from 国家税务, which every time is in 国家税务总局). Phrases with the same context around them
    (家税务总, 国家税务 and 国家税务总局 in 国家税务总局) occur at the same places: only the first by rank,
    their *owner*, has a list, which serves the others shifted (`owners`).

    `absorbed[r]` has bit i set when the pair at i of the whole (before, phrase, after; once in it) occurs in the
    text exactly as often as the phrase: every occurrence of that pair is in the whole, so a term inside the whole
    holding it is wherever the phrase is too, even without the phrase (计取消各类证 in 年累计取消各类证明事项).
    `grams` extends this to longer pieces of a whole whose pairs all occur elsewhere too: (rank, start, length) of
    grams of an owner's whole checked to occur nowhere else in the text (区税务局 in 自治区税务局, whose 区税 is also
    in 区税收; the shortest at its start among the candidates, contexts), none holding the phrase or a shorter
    absorbed piece (after the afters' units: u16 G, then G × (u16 rank, u16 start << 8 | length))."""

    before: list[str]
    after: list[str]
    absorbed: list[int]
    grams: tuple[tuple[int, int, int], ...] = ()

    def owners(self, table: PhraseTable) -> tuple[list[int], list[int]]:
        """Per rank: the rank whose list holds its occurrences, and where its own start after that one's."""
        first: dict[str, int] = {}
        owner, shift = [], []
        for rank, phrase in enumerate(table.texts()):
            text = self.before[rank] + phrase + self.after[rank]
            mine = first.setdefault(text, rank)
            owner.append(mine)
            shift.append(len(self.before[rank]) - len(self.before[mine]))
        return owner, shift

    def to_bytes(self) -> bytes:
        """K × u16 before, K × u16 after (their lengths), K × u32 absorbed, the befores' units, the afters', then
        u16 G and the absorbed grams (u16 rank, u16 start << 8 | length)."""
        sizes = np.array([len(t) for t in self.before] + [len(t) for t in self.after], "<u2").tobytes()
        text = "".join(self.before) + "".join(self.after)
        grams = [len(self.grams)] + [x for rank, start, size in self.grams for x in (rank, start << 8 | size)]
        return (
            sizes
            + np.array(self.absorbed, "<u4").tobytes()
            + text.encode("utf-16-le", "surrogatepass")
            + np.array(grams, "<u2").tobytes()
        )

    @staticmethod
    def from_bytes(data: bytes, table: PhraseTable) -> Contexts:
        """The contexts of `table` from the bytes of its f/phrases.bin (none after the table: every context empty,
        as in a layer indexed before they were kept). ValueError when they are not contexts of K phrases."""
        count, data = len(table.lengths), data[table.size() :]
        if not data:
            return Contexts([""] * count, [""] * count, [0] * count)
        sizes = np.frombuffer(data[: 4 * count], "<u2").tolist() if len(data) >= 8 * count else []
        end = 8 * count + 2 * sum(sizes)
        tail = np.frombuffer(data[end : end + 2], "<u2").tolist() if len(data) >= end + 2 else []
        if len(sizes) != 2 * count or not tail or len(data) != end + 2 + 4 * tail[0]:
            raise ValueError("not the contexts of the table")
        absorbed = np.frombuffer(data[4 * count : 8 * count], "<u4").tolist()
        text = data[8 * count : end].decode("utf-16-le", "surrogatepass")
        cuts = np.cumsum([0] + sizes).tolist()
        parts = [text[cuts[j] : cuts[j + 1]] for j in range(2 * count)]
        packed = np.frombuffer(data[end + 2 :], "<u2").reshape(-1, 2).tolist()
        grams = tuple((rank, start_size >> 8, start_size & 0xFF) for rank, start_size in packed)
        lengths = table.lengths.tolist()
        if any(  # (a gram shorter than 3 or past its whole would make search.js count other terms from the list)
            rank >= count or size < 3 or start + size > sizes[rank] + lengths[rank] + sizes[count + rank]
            for rank, start, size in grams
        ):
            raise ValueError("not the contexts of the table")
        return Contexts(parts[:count], parts[count:], absorbed, grams)


def contexts(
    units: np.ndarray,
    table: PhraseTable,
    found: list[tuple[int, np.ndarray]],
    pairs: tuple[np.ndarray, np.ndarray] | None = None,
    indexed: np.ndarray | None = None,
) -> Contexts:
    """The contexts of the phrases of `table` from their indexed occurrences (`found`: rank, offsets in the folded
    text `units`): the letters and digits (what a term of them holds) that stand before every one of a phrase's
    occurrences, and after, up to CONTEXT units a side. A phrase that occurs nowhere has none. `pairs`: some pairs
    (sorted u32 keys, context_pairs) and how often each occurs in the indexed text, for the absorbed ones (others
    are not); with `indexed` (whether the pair at each offset of `units` is in the pair index: not across a break,
    not inside a table sentence's occurrence), the absorbed grams too."""
    keys, totals = pairs if pairs is not None else (np.zeros(0, np.uint32), np.zeros(0, np.int64))
    before, after, absorbed = [""] * len(table.lengths), [""] * len(table.lengths), [0] * len(table.lengths)
    phrases = table.texts()
    for rank, offsets in found:
        if not len(offsets):
            continue
        at = offsets.astype(np.int64)
        before[rank] = _same_run_of(units, at - 1, -1)[::-1]
        after[rank] = _same_run_of(units, at + int(table.lengths[rank]), 1)
        whole = before[rank] + phrases[rank] + after[rank]
        for i in range(min(len(whole) - 1, 32)):
            where = _where(keys, whole[i : i + 2])
            found_once = whole.find(whole[i : i + 2]) == i and whole.find(whole[i : i + 2], i + 1) < 0
            if found_once and where >= 0:
                absorbed[rank] |= int(totals[where] == len(at)) << i
    if indexed is None:
        return Contexts(before, after, absorbed)
    owner, _ = Contexts(before, after, absorbed).owners(table)
    wholes = [
        (rank, before[rank] + phrases[rank] + after[rank], len(offsets))
        for rank, offsets in sorted(found, key=lambda item: item[0])
        if owner[rank] == rank and len(offsets)  # the others read its list
    ]
    # the pieces found nowhere else in a sample of the text are checked in all of it, from their anchors' offsets
    sample = _sample_text(units, indexed)
    candidates = []
    for rank, whole, occurrences in wholes:
        frequency = [_count(keys, totals, whole[i : i + 2]) for i in range(len(whole) - 1)]
        phrase = (len(before[rank]), len(before[rank]) + len(phrases[rank]))
        pieces = list(_likely_pieces(whole, occurrences, frequency, phrase, sample))
        candidates.append((rank, whole, occurrences, frequency, pieces))
    anchors = _pair_offsets(units, _anchors(candidates), indexed)
    grams: list[tuple[int, int, int]] = []
    for rank, whole, occurrences, frequency, pieces in candidates:
        held = [
            (start, size)
            for start, size in pieces
            if size == 2 or _nowhere_else(units, whole, occurrences, frequency, anchors, start, size)  # pairs: exact
        ]
        grams.extend((rank, start, size) for start, size in _shortest(held))
    return Contexts(before, after, absorbed, tuple(grams))


def _count(keys: np.ndarray, totals: np.ndarray, pair: str) -> int:
    """How often the pair occurs in the indexed text, -1 when it was not counted."""
    where = _where(keys, pair)
    return int(totals[where]) if where >= 0 else -1


def _anchors(candidates: list[tuple[int, str, int, list[int], list[tuple[int, int]]]]) -> np.ndarray:
    """The pairs (sorted u32 keys) _nowhere_else reads the offsets of: the least frequent pair of each candidate
    piece of three units or more (whose pairs were all counted)."""
    chosen = set()
    for _, whole, _, frequency, pieces in candidates:
        for start, size in pieces:
            if size > 2 and min(frequency[start : start + size - 1]) > 0:
                i = _anchor(frequency, start, size)
                chosen.add((ord(whole[i]) << 16) | ord(whole[i + 1]))
    return np.array(sorted(chosen), np.uint32)


def _anchor(frequency: list[int], start: int, size: int) -> int:
    """Where the least frequent pair of the piece at `start` is."""
    return min(range(start, start + size - 1), key=lambda i: frequency[i])


def _sample_text(units: np.ndarray, indexed: np.ndarray) -> str:
    """About SAMPLE_UNITS of the text, in blocks evenly spread over it (NUL between them), a NUL for each unit
    between two pairs left out of the index (inside a table sentence's occurrence: a piece there is counted
    from the sentence, and does not say the piece is found elsewhere)."""
    block, blocks = 4096, []
    step = max(block, len(units) // max(SAMPLE_UNITS // block, 1))
    for at in range(0, len(units), step):
        end = min(at + block, len(units))
        piece = units[at:end].copy()
        pairs = np.zeros(end - at + 1, bool)  # the pairs before and after each unit: indexed or not
        pairs[1 if at == 0 else 0 : end - at] = indexed[max(at - 1, 0) : end - 1]
        piece[~pairs[:-1] & ~pairs[1:]] = 0
        blocks.append(piece.tobytes().decode("utf-16-le", "surrogatepass"))
    return "\x00".join(blocks)


def _pair_offsets(units: np.ndarray, keys: np.ndarray, indexed: np.ndarray) -> dict[int, np.ndarray]:
    """The indexed offsets of each pair of `keys` (sorted u32, pairs of letters; as u64 rank << 32 | offset,
    ascending), found in one scan: every occurrence where `indexed` (per offset) is true."""
    if not len(keys):
        return {}
    bits, leads = np.zeros(1 << _FILTER_BITS, bool), np.zeros(0x10000, bool)
    bits[_bucket(keys)] = leads[keys >> np.uint32(16)] = True
    found = []
    for lo in range(0, max(len(units) - 1, 0), CHUNK):
        at = np.flatnonzero(leads[units[lo : min(lo + CHUNK, len(units) - 1)]]) + lo  # the first unit, then the pair
        pair = (units[at].astype(np.uint32) << np.uint32(16)) | units[at + 1]
        maybe = bits[_bucket(pair)]
        at, pair = at[maybe], pair[maybe]
        rank = np.minimum(np.searchsorted(keys, pair), len(keys) - 1)
        hit = (keys[rank] == pair) & indexed[at]
        found.append((rank[hit].astype(np.uint64) << np.uint64(32)) | at[hit].astype(np.uint64))
    ranked = np.concatenate(found) if found else np.zeros(0, np.uint64)
    ranked.sort()
    bounds = np.searchsorted(ranked, np.arange(len(keys) + 1, dtype=np.uint64) << np.uint64(32)).tolist()
    return {key: ranked[bounds[k] : bounds[k + 1]] for k, key in enumerate(keys.tolist())}


def _where(keys: np.ndarray, pair: str) -> int:
    """The index of the pair's key in the sorted `keys`, -1 when it is not there."""
    key = (ord(pair[0]) << 16) | ord(pair[1])
    where = int(np.searchsorted(keys, key))
    return where if where < len(keys) and keys[where] == key else -1


def _likely_pieces(
    whole: str, wholes: int, frequency: list[int], phrase: tuple[int, int], sample: str
) -> Iterator[tuple[int, int]]:
    """(start, length) of the shortest piece at each start of `whole` (which occurs `wholes` times, each indexed;
    `frequency`: how often each of its pairs occurs) without the phrase (`phrase`: its start and end in the whole)
    that is found nowhere else: a pair from its count (exact), a longer piece in `sample` (a candidate for
    _nowhere_else: as often there as the whole, and once in it).

    A piece holding one found nowhere else is found nowhere else, so the shortest end of such a piece never moves
    left as its start moves right: one end and one start go through the whole once."""
    end, in_sample = 2, _occurrences(sample, whole)
    for start in range(len(whole) - 1):
        end = max(end, start + 2)
        while end <= len(whole) and not (start <= phrase[0] and end >= phrase[1]):
            piece = whole[start:end]
            if len(piece) == 2:
                likely = frequency[start] == wholes
            else:
                likely = _occurrences(whole, piece) == 1 and _occurrences(sample, piece, in_sample) == in_sample
            if likely:
                yield start, end - start
                break
            end += 1
        if end > len(whole):
            return  # no piece from here on is found only in the whole


def _occurrences(text: str, piece: str, most: int = 1 << 30) -> int:
    """How often `piece` occurs in `text`, overlapping ones too, counted up to `most` + 1."""
    count, at = 0, text.find(piece)
    while at >= 0 and count <= most:
        count, at = count + 1, text.find(piece, at + 1)
    return count


def _nowhere_else(
    units: np.ndarray,
    whole: str,
    wholes: int,
    frequency: list[int],
    offsets: dict[int, np.ndarray],
    start: int,
    size: int,
) -> bool:
    """Whether the piece of `whole` at `start` (3 units or more) occurs in the text only in the whole's `wholes`
    occurrences (where it occurs every time; each indexed): from the offsets of its least frequent pair (its anchor,
    _pair_offsets); False when a pair of it was not counted. (A piece of letters lies inside one sentence, so it is
    indexed exactly where its pairs are: searchsentences.Interiors.)"""
    if min(frequency[start : start + size - 1]) <= 0:
        return False
    anchor = _anchor(frequency, start, size)
    ranked = offsets[(ord(whole[anchor]) << 16) | ord(whole[anchor + 1])]
    at = (ranked & np.uint64(0xFFFFFFFF)).astype(np.int64) - (anchor - start)
    at = at[(at >= 0) & (at + size <= len(units))]
    for i in range(start, start + size):
        if len(at) <= wholes:
            break
        if i not in (anchor, anchor + 1):
            at = at[units[at + (i - start)] == ord(whole[i])]
    return len(at) == wholes  # (it is at each whole's occurrence + start)


def _shortest(pieces: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The pieces (start, length) of 3 units or more that hold no other (a term holding one holds both); those of
    two are the absorbed pairs."""
    for start, size in pieces:
        if size >= 3 and not any(start < s and s + n <= start + size for s, n in pieces):  # one piece a start
            yield start, size


def context_pairs(units: np.ndarray, starts: np.ndarray, table: PhraseTable) -> np.ndarray:
    """The pairs (sorted u32 keys) within CONTEXT units of one occurrence of each phrase of `table` in choose's
    sample: every pair of a phrase's context is among them (the context is around each occurrence), so counting
    these in the passes tells which pairs of a context occur nowhere else (Contexts.absorbed)."""
    sample = _sample(units, starts)[0]
    keys, offsets = family_keys(sample, table)
    if not len(keys):
        return np.zeros(0, np.uint32)
    _, first = np.unique(keys, return_index=True)
    at = offsets[first].astype(np.int64) - CONTEXT
    span = CONTEXT * 2 + int(table.lengths.max()) - 1
    where = (at[:, None] + np.arange(span)[None, :]).ravel()
    where = where[(where >= 0) & (where + 1 < len(sample))]
    where = where[_WORD[sample[where]] & _WORD[sample[where + 1]]]
    return np.unique((sample[where].astype(np.uint32) << np.uint32(16)) | sample[where + 1])


def _same_run_of(units: np.ndarray, at: np.ndarray, step: int) -> str:
    """The letters and digits that are the same at every offset of `at`, then at `at + step`, and so on (CONTEXT
    at most), in the order read."""
    run = []
    for _ in range(CONTEXT):
        if at.min() < 0 or at.max() >= len(units):
            break
        seen = units[at]
        if not _WORD[seen[0]] or (seen != seen[0]).any():
            break
        run.append(chr(seen[0]))
        at = at + step
    return "".join(run)


class CommonBound(NamedTuple):
    """Which pairs the common family (3/) takes: at most `pairs`, each with at least `later` occurrences in the text
    after the first in each document (what its offsets hold: long enough to be worth sparing), their occurrences
    together at most `share` of the text's units."""

    pairs: int
    later: int
    share: float


def choose(
    units: np.ndarray, starts: np.ndarray, bound: CommonBound, interiors: Interiors | None = None
) -> tuple[PhraseTable, np.ndarray]:
    """The phrase table of a layer's text (folded code units, documents from `starts`, NUL-separated), and the
    pairs whose three-unit grams the common family (3/) indexes (sorted u32 keys).

    Phrases are made of letters and digits (CJK ideographs, a-z, 0-9: what a citizen types). A
    three-unit gram that the common grams (3/) index is left out: one of its pairs is among the common pairs,
    which are chosen here from the same sample within `bound` (_common_pairs) and returned for that family. With
    the table sentences' `interiors`, windows on the clauses outside them are added (_windows).
    """
    sample, chosen, sizes = _sample(units, starts)
    doc = np.repeat(np.arange(len(chosen), dtype=np.uint64), sizes)
    at = np.arange(len(sample), dtype=np.int64) + np.repeat(starts[chosen] - (np.cumsum(sizes) - sizes), sizes)
    common = _common_pairs(sample, doc, at, interiors, bound, len(units) / max(len(sample), 1))
    if len(chosen) < 8 or not len(sample):
        return PhraseTable(np.zeros(0, np.uint16), np.zeros(0, np.uint16)), common
    breaks = np.concatenate(([0], np.cumsum(~_WORD[sample])))
    scale = float(len(units) / len(sample))
    need = max(2, int(MIN_DOCS * len(chosen)))
    found = _frequent_grams(sample, doc, breaks, need, MIN_LENGTH, MAX_LENGTH)
    # whole phrases: a gram whose every occurrence is nearly always inside one longer phrase is left out
    rows: list[tuple[int, int, int, int]] = []  # (documents, length, occurrences, offset)
    pieces: tuple[np.ndarray, ...] = (np.zeros(0, np.int64),) * 3
    for length in range(MIN_LENGTH, MAX_LENGTH + 1):
        keys, docs, occurrences, offset = found[length]
        piece = np.zeros(len(keys), bool)
        if length == 3 and len(common):
            for k in (0, 1):
                pair = (sample[offset + k].astype(np.uint32) << np.uint32(16)) | sample[offset + k + 1]
                where = np.minimum(np.searchsorted(common, pair), len(common) - 1)
                piece |= common[where] == pair
        # a gram nearly always inside one longer gram is a piece of that phrase (the whole one serves a term
        # holding it) ...
        most = np.zeros(len(keys), np.int64)  # the occurrences of the longer gram holding most of each
        if length < MAX_LENGTH:
            _, _, longer_occurrences, longer_at = found[length + 1]
            for inner in (longer_at, longer_at + 1):  # the gram a longer one starts with, and ends with
                inner_hash = (_hash_at(sample, inner, length) * _MIX) >> np.uint64(16)
                where = np.minimum(np.searchsorted(keys, inner_hash), max(len(keys) - 1, 0))
                if len(keys):
                    match = keys[where] == inner_hash
                    np.maximum.at(most, where[match], longer_occurrences[match])
        inside = most >= WHOLE * occurrences
        # ... and a gram whose shorter piece (a word at least) nearly always extends to it adds nothing for a
        # term holding it (the piece serves): a phrase is kept when it is either the whole or the shortest
        extends = np.zeros(len(keys), bool)
        if length > WORD:
            shorter, _, shorter_occurrences, _ = found[length - 1]
            for inner in (offset, offset + 1):
                inner_hash = (_hash_at(sample, inner, length - 1) * _MIX) >> np.uint64(16)
                where = np.minimum(np.searchsorted(shorter, inner_hash), max(len(shorter) - 1, 0))
                if len(shorter):
                    extends |= (shorter[where] == inner_hash) & (occurrences >= WHOLE * shorter_occurrences[where])
        if length == 3:  # widespread pieces that 3/ does not index, found outside that gram too (_pieces)
            alone = occurrences - most >= PIECE_ALONE * occurrences
            widespread = np.flatnonzero(inside & ~piece & alone & (docs >= PIECE_DOCS * len(chosen)))
            pieces = (offset[widespread], docs[widespread], occurrences[widespread])
        piece |= inside & (extends | (length < WORD))
        for j in np.flatnonzero(~piece).tolist():
            rows.append((int(docs[j]), length, int(occurrences[j]), int(offset[j])))
    rows.sort(key=lambda r: (-r[2], -r[1], r[3]))
    room = float(SHARE * len(units))
    picked: dict[str, int] = {}  # phrase: occurrences in the sample
    for _, size, seen, where_at in rows:
        if len(picked) >= MAX_PHRASES:
            break
        cost = seen * scale
        text = _text(sample, where_at, size)
        if cost <= room and text not in picked and not _same_run(text, seen, picked, MAX_LENGTH):
            picked[text] = seen
            room -= cost
    _pieces(sample, pieces, PIECE_SHARE * len(units) / scale, picked)
    if interiors is not None and len(picked) < MAX_PHRASES:
        outside = np.concatenate(([0], np.cumsum(~_WORD[sample] | interiors.holds(at, 1))))
        windows = _frequent_grams(sample, doc, outside, max(2, int(WINDOW_DOCS * len(chosen))), WINDOW, WINDOW)
        _windows(sample, windows[WINDOW], WINDOW_SHARE * len(units) / scale, picked)
    ordered = sorted(picked, key=lambda t: (len(t), t))
    lengths = np.array([len(t) for t in ordered], dtype=np.uint16)
    flat = np.frombuffer("".join(ordered).encode("utf-16-le", "surrogatepass"), "<u2").astype(np.uint16)
    return PhraseTable(lengths, flat), common


def _sample(units: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """An even sample of the documents (about SAMPLE_UNITS): their units back to back, each document with the break
    after it (its NUL, folded: no gram runs on into the next one), their numbers, their sizes."""
    ends = np.append(starts[1:], len(units) + 1)
    step = max(1, -(-len(units) // SAMPLE_UNITS))
    chosen = np.arange(0, len(starts), step)[:0xFFFF]  # a document number fits 16 bits
    stops = np.minimum(ends[chosen], len(units))
    sample = np.concatenate(
        [units[starts[d] : stops[k]] for k, d in enumerate(chosen.tolist())] + [np.zeros(0, np.uint16)]
    )
    return sample, chosen, (stops - starts[chosen]).astype(np.int64)


def _frequent_grams(
    sample: np.ndarray, doc: np.ndarray, breaks: np.ndarray, need: int, low: int, high: int
) -> dict[int, tuple[np.ndarray, ...]]:
    """Per length from `low` to `high`: (hash, documents, occurrences, one offset) of the grams of the sample without
    a break that are in `need` of its documents or more (`doc`: each unit's document; `breaks`: breaks before it)."""
    found: dict[int, tuple[np.ndarray, ...]] = {}
    hashes = sample.astype(np.uint64)
    for length in range(1, high + 1):
        if length > 1:
            hashes = hashes[:-1] * _MULTIPLY + sample[length - 1 :].astype(np.uint64)
        if length < low:
            continue
        at = np.flatnonzero(breaks[length:] == breaks[: len(hashes)])  # grams without a break
        mixed = hashes[at] * _MIX  # spreads the last units' bits into the top ones
        value = (mixed & ~np.uint64(0xFFFF)) | doc[at]  # the hash's top 48 bits, then the document
        value.sort()
        gram, docs, occurrences = _runs(value)
        often = docs >= need
        keys, occurrences = gram[often], occurrences[often]
        # an offset of each: where the gram's hash (top 48 bits) is one of these
        mine = mixed >> np.uint64(16)
        where = np.searchsorted(keys, mine)
        hit = where < len(keys)
        hit[hit] = keys[where[hit]] == mine[hit]
        offset = np.zeros(len(keys), np.int64)
        offset[where[hit]] = at[hit]
        found[length] = (keys, docs[often], occurrences, offset)
    return found


def _runs(value: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of sorted u64 values, each a key (the top 48 bits) and a document (the low 16): the keys, and the documents
    and occurrences of each."""
    key = value >> np.uint64(16)
    new_key = np.ones(len(value), bool)
    new_key[1:] = key[1:] != key[:-1]
    new_doc = new_key.copy()
    new_doc[1:] |= value[1:] != value[:-1]
    first = np.flatnonzero(new_key)
    docs = np.add.reduceat(new_doc.astype(np.int64), first) if len(first) else np.zeros(0, np.int64)
    return key[first], docs, np.diff(np.append(first, len(value)))


def _windows(sample: np.ndarray, grams: tuple[np.ndarray, ...], room: float, picked: dict[str, int]) -> None:
    """Add to `picked` the WINDOW-unit grams outside the table sentences in the most documents, apart on a clause
    (_same_run), while their occurrences fit `room` (in the sample's units). A clause that thousands of documents
    share but whose slot varies (帮助小微企业获得信用贷款{amount}亿元) is no table sentence, and a term inside it
    would read the offsets of all its pairs in each of them; one window inside the term spares that."""
    _, docs, occurrences, offset = grams
    order = np.lexsort((offset, -occurrences, -docs)).tolist()
    _fill(((_text(sample, offset[j], WINDOW), int(occurrences[j])) for j in order), room, picked, WINDOW)


def _pieces(sample: np.ndarray, pieces: tuple[np.ndarray, ...], room: float, picked: dict[str, int]) -> None:
    """Add to `picked` three-unit grams of the sample that the piece rule left to a longer phrase but that most
    documents hold and that occur outside it too (`pieces`: an offset, the documents and the occurrences of each;
    所得税, in 个人所得税 and in 企业所得税), those in most documents first, then the most frequent, then by text,
    while their occurrences fit `room` (in the sample's units). A citizen types such a word alone or beside another
    term, and the longer phrase's list cannot count it: it read its pairs' lists and offsets in nearly every
    document, and the lists of the table sentences holding it (所得税 at 10k: 9,665 results, 102 KB; 54 KB with a
    list of its own)."""
    offsets, docs, occurrences = pieces
    texts = [_text(sample, at, 3) for at in offsets.tolist()]
    order = sorted(range(len(texts)), key=lambda j: (-docs[j], -occurrences[j], texts[j]))
    _fill(((texts[j], int(occurrences[j])) for j in order), room, picked)


def _fill(chosen: Iterator[tuple[str, int]], room: float, picked: dict[str, int], run: int = 0) -> None:
    """Add each (gram, occurrences) of `chosen` in turn to `picked` while their occurrences fit `room`: none already
    picked, nor (with `run`, its length) on the same run as a picked one (_same_run)."""
    for text, seen in chosen:
        if len(picked) >= MAX_PHRASES:
            break
        if seen <= room and text not in picked and not (run and _same_run(text, seen, picked, run)):
            picked[text] = seen
            room -= seen


def _text(sample: np.ndarray, at: int, length: int) -> str:
    return sample[at : at + length].tobytes().decode("utf-16-le", "surrogatepass")


def _same_run(text: str, occurrences: int, picked: dict[str, int], length: int) -> bool:
    """Whether a gram of `length` units overlaps a picked one as long by OVERLAP units or more, about as often: two
    8-unit phrases or two windows on one long frequent sentence (the first already serves the terms inside it)."""
    if len(text) < length:
        return False
    return any(
        len(other) == length and min(seen, occurrences) >= WHOLE * max(seen, occurrences) and _overlap(text, other)
        for other, seen in picked.items()
    )


def _overlap(text: str, other: str) -> bool:
    """Whether `text` starts or ends with OVERLAP or more units that `other` ends or starts with."""
    return any(text[:k] == other[-k:] or text[-k:] == other[:k] for k in range(OVERLAP, min(len(text), len(other))))


def _common_pairs(
    sample: np.ndarray, doc: np.ndarray, at: np.ndarray, interiors: Interiors | None, bound: CommonBound, scale: float
) -> np.ndarray:
    """The pairs whose three-unit grams the common family (3/) indexes (sorted u32 keys), estimated on the sample
    (the text is `scale` times longer): of the pairs without a break, outside the table sentences, with `bound`'s
    later occurrences or more, those in most documents first, then the most frequent, while they fit its share.
    Chosen here with the phrases, a three-unit phrase holding one is left out of the table exactly when the family
    indexes it (chosen apart, from the whole text, the two missed grams such as 202, in every date, which then
    read two pairs' offsets in every document)."""
    if len(sample) < 2:
        return np.zeros(0, np.uint32)
    solid = (sample[:-1] > BREAK) & (sample[1:] > BREAK)
    if interiors is not None:
        solid &= ~interiors.holds(at[:-1], 2)
    where = np.flatnonzero(solid)
    pair = (sample[where].astype(np.uint64) << np.uint64(16)) | sample[where + 1]
    keys, docs, occurrences = _runs(np.sort((pair << np.uint64(16)) | doc[where]))  # a document fits 16 bits
    top: list[int] = []
    room = bound.share * len(sample)
    for j in np.lexsort((keys, -occurrences, -docs)).tolist():
        if len(top) >= bound.pairs:
            break
        if bound.later <= (occurrences[j] - docs[j]) * scale and occurrences[j] <= room:
            top.append(j)
            room -= occurrences[j]
    return np.sort(keys[top]).astype(np.uint32)


def _hash_at(sample: np.ndarray, at: np.ndarray, length: int) -> np.ndarray:
    value = np.zeros(len(at), np.uint64)
    for k in range(length):
        value = value * _MULTIPLY + sample[at + k].astype(np.uint64)
    return value


def _words(units: np.ndarray, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 8 code units from each offset as two u64 words (past the end: the last unit, masked away later)."""
    last = len(units) - 1
    words = []
    for half in (0, 4):
        word = np.zeros(len(at), np.uint64)
        for k in range(half, half + 4):
            word = (word << np.uint64(16)) | units[np.minimum(at + k, last)].astype(np.uint64)
        words.append(word)
    return words[0], words[1]


def _masks(length: int) -> tuple[np.uint64, np.uint64]:
    high = min(length, 4)
    low = length - high
    full = 0xFFFFFFFFFFFFFFFF
    return np.uint64(full ^ ((1 << 16 * (4 - high)) - 1)), np.uint64(
        0 if not low else full ^ ((1 << 16 * (4 - low)) - 1)
    )


@dataclass(frozen=True)
class Matcher:
    """A table arranged to find its phrases among the sorted pairs of searchindex's passes."""

    leads: np.ndarray  # u64 first pair << 32 of each group of phrases, ascending
    groups: list[list[tuple[int, np.ndarray]]]  # per first pair: (rank, code units) of its phrases

    @staticmethod
    def of(table: PhraseTable) -> Matcher:
        by_pair: dict[int, list[tuple[int, np.ndarray]]] = {}
        for rank, phrase in enumerate(table.phrases()):
            by_pair.setdefault((int(phrase[0]) << 16) | int(phrase[1]), []).append((rank, phrase))
        leads = sorted(by_pair)
        return Matcher(np.array(leads, np.uint64) << np.uint64(32), [by_pair[pair] for pair in leads])

    def occurrences(self, units: np.ndarray, pairs: np.ndarray) -> list[tuple[int, np.ndarray]]:
        """(rank, ascending offsets) of the phrases that start with a pair of `pairs` (a pass's sorted
        pair << 32 | offset): a phrase's candidates are its first pair's run, checked unit by unit."""
        low = np.searchsorted(pairs, self.leads)
        high = np.searchsorted(pairs, self.leads + np.uint64(1 << 32))
        found = []
        for group in np.flatnonzero(high > low).tolist():
            start = (pairs[low[group] : high[group]] & np.uint64(0xFFFFFFFF)).astype(np.int64)
            for rank, phrase in self.groups[group]:
                at = start[start + len(phrase) <= len(units)]
                for k in range(2, len(phrase)):
                    at = at[units[at + k] == phrase[k]]
                if len(at):
                    found.append((rank, at.astype(np.uint32)))  # offsets fit 32 bits (as in the pairs)
        return found


def family_keys(units: np.ndarray, table: PhraseTable) -> tuple[np.ndarray, np.ndarray]:
    """Every occurrence in `units` (folded UTF-16 code units, as searchindex makes them) of every phrase of
    `table`: (keys, offsets), the key being the phrase's rank in the table, the offset that of its first
    unit. Overlapping occurrences all count (税务总局 inside 国家税务总局 is both). Exact: a candidate is
    compared unit by unit. The order of the output is unspecified."""
    keys, offsets = [], []
    for chunk_keys, chunk_offsets in family_key_chunks(units, table):
        keys.append(chunk_keys)
        offsets.append(chunk_offsets)
    if not keys:
        return np.zeros(0, np.uint32), np.zeros(0, np.int64)
    return np.concatenate(keys), np.concatenate(offsets).astype(np.int64)


def family_key_chunks(units: np.ndarray, table: PhraseTable) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """family_keys a chunk of `units` at a time (the occurrences starting in it, ascending chunks), for a
    caller that reduces them as they come (the words' lists: memory bounded by a chunk's, not the text's)."""
    if not len(table.lengths) or len(units) < 2:
        return
    lengths = table.lengths.astype(np.int64)
    first, second = _words(table.units, np.cumsum(lengths) - lengths)
    high, low = zip(*(_masks(length) for length in lengths.tolist()))
    first, second = first & np.array(high, np.uint64), second & np.array(low, np.uint64)
    high_mask, low_mask = np.array(high, np.uint64), np.array(low, np.uint64)
    lead_pair = (first >> np.uint64(32)).astype(np.uint32)
    order = np.lexsort((second, first, lead_pair))  # the phrases grouped by their first pair
    pairs, group_start, group_size = np.unique(lead_pair[order], return_index=True, return_counts=True)
    bits = np.zeros(1 << _FILTER_BITS, bool)
    bits[_bucket(pairs)] = True
    leads = np.zeros(0x10000, bool)
    leads[pairs >> np.uint32(16)] = True
    for lo in range(0, len(units) - 1, CHUNK):
        hi = min(lo + CHUNK, len(units) - 1)
        maybe = np.flatnonzero(leads[units[lo:hi]]) + lo  # a filter on the first unit, then on the pair
        pair = (units[maybe].astype(np.uint32) << np.uint32(16)) | units[maybe + 1]
        keep = bits[_bucket(pair)]
        maybe, pair = maybe[keep], pair[keep]
        group = np.minimum(np.searchsorted(pairs, pair), len(pairs) - 1)
        keep = pairs[group] == pair
        maybe, group = maybe[keep], group[keep]
        a, b = _words(units, maybe)
        # each candidate against the phrases of its first pair in turn (few share one)
        keys, offsets = [], []
        for shift in range(int(group_size[group].max()) if len(group) else 0):
            live = group_size[group] > shift
            maybe, group, a, b = maybe[live], group[live], a[live], b[live]
            j = order[group_start[group] + shift]
            hit = ((a & high_mask[j]) == first[j]) & ((b & low_mask[j]) == second[j])
            hit &= maybe + lengths[j] <= len(units)
            keys.append(j[hit].astype(np.uint32))
            offsets.append(maybe[hit])
        if keys:
            yield np.concatenate(keys), np.concatenate(offsets).astype(np.int64)


def _bucket(pair: np.ndarray) -> np.ndarray:
    return ((pair.astype(np.uint32) * np.uint32(2654435761)) >> np.uint32(32 - _FILTER_BITS)).astype(np.int64)
