"""The search index: every overlapping pair of characters, with where it occurs, in small files.

A phrase occurs in a text exactly when its character pairs occur at consecutive
offsets, so an index of all pairs (bigrams, as Lucene's CJK analyzer makes them)
with their positions answers any phrase of two or more characters exactly: no
word segmenter, hence no segmenter to disagree with the browser's.

Offsets count UTF-16 code units, as JavaScript strings do. A pair key is
`first << 16 | second`. Pairs are spread over `shards` shards by a hash the
browser computes the same way (`shard_of`); each query reads only the shards
of its own pairs. Per shard (all integers little-endian; `v` is an unsigned
LEB128 varint):

    shard  u32 B, then B × (u32 key, u32 doc_bytes, u32 pos_bytes) sorted by key,
           then per pair: v ndocs, ndocs × (v doc-id delta, v count, v first offset),
           then per pair, per doc: count-1 × v offset delta (the first offset is in the list)

A pair in more than OWN_DOCS documents keeps only its header entry in the shard
(bit 31 of doc_bytes set, the rest the size of its list) and has its list in a
part of its own; a pair whose positions are longer than OWN_FILE bytes, or whose list is
in a part of its own, has them in that part too, after the list if the list is there (bit 31 of
pos_bytes); positions left in the shard are read with the shard. So a shard stays
small whatever pairs hash into it, and a query reads the long lists of the pairs
it needs and no other.

Files (`Packs`): shard s and then the own parts of its pairs, in header order, are in
p/<s mod packs>.bin, packs = shards / PACK_SHARDS; packs.bin says where each shard starts
in its pack and how long it is, so the browser reads a shard, and then an own part, by
HTTP Range (the own part's place follows from the header's sizes). Creating a file costs
this build machine 0.1–1.2 ms of kernel time whatever its size, more than writing its
bytes: with a file per shard and one per long list (3,817 files at 10,000 articles) a
cold index took 9.5 s (4.2 s of kernel CPU), with packs (309 files) 7.7 s (2.0 s). A
server without Range sends a pack whole, once (about 200 KB at 10,000 articles).

The two parts of an own part are blocked by document: block j holds the layer's
documents j·BLOCK to j·BLOCK + 63 (by number within the layer), and each part starts
with B = ceil(documents / BLOCK) u32 block ends (bytes after that directory), so the
browser reads the directory and then, by HTTP Range, only the blocks of the
documents it still needs (a server without Range sends the file whole, once):

    list     directory, then per block with documents: a u64 bit map of them,
             then per document v(first offset · 4 + min(count - 1, 3)), and
             v(count - 4) after it when count ≥ 4
    offsets  directory, then per block with offsets (its documents' count-1 offset deltas each, in turn; n in
             all, known from the list), Rice coded: u8 k, then bits from the lowest of each byte: the n
             values' low k bits, then each value's high part (value >> k) in unary, that many 0 bits and a
             1; 0 bits to the end of the last byte (_rice_parts)

The offsets of own parts are what long queries read most (the offsets of a phrase such as 省税务局 in the
thousands of documents where its first occurrence does not settle the match): the distances between
occurrences of a frequent gram are a few hundred units, two bytes as varints, about 11 bits Rice coded
with k = floor(log2(mean)) per block (within 0.2 % of the best k): 27 % fewer bytes for
省税务局, 省税务, 推进 or 活动 at 10,000 articles. Offsets left in a shard stay varints (short, read with it).

In the sentence family (FIRSTS_APART: s/) no list holds a first offset (0 in a shard's list) and each
document's offsets start with its first, as it is (v first, then the count-1 deltas; in an own part count
values of each document, Rice coded as above), in the shard and in an own part alike; an own part's list is
counts only:

    list     directory, then per block with documents: a u64 bit map of them, a u64 bit map of those that
             hold the sentence more than once, then v(count - 2) of each of those
    or, when shorter (SPARSE set in the header's list size; most sentences, which are in a tenth of the
    documents or fewer, where the maps and the directory are mostly empty):
    list     v(documents), then per document v(gap · 2 + more) and v(count - 2) after it when more (it holds
             the sentence more than once); gap: the documents skipped since the one before (from the first)

A term inside table sentences needs their counts alone, so a sentence in thousands of documents costs about
a quarter of a byte each (not 2.3), and a result shown reads its first hit, for the excerpt, from one block
of offsets (search-s.js).

A query intersects document lists first, the shortest first, reading of each
later list only the blocks of documents still possible; it then reads offsets
only of the documents where the counts and first offsets do not settle the
match (search.js). Bit maps make a list of most documents cheap (1/8 byte a
document), and 2 bytes hold most first offsets and counts.

A two-character query needs its pair's list only, and a longer one the lists
and positions of a few of its pairs (search.js picks pairs that cover every
character at least cost, reading the sizes from the shard headers first).

Common grams (3/): for the pairs in most documents, bounded to COMMON pairs whose
occurrences are at most COMMON_SHARE of the text (estimated on the phrase table's sample, with the
table: a three-character phrase is left to this family exactly when one of its pairs is here), every
three-character gram they start or end is indexed too, in the same layout. A three-character term that is one such
gram reads its list and no positions, and a longer term may cover itself with
grams, whose lists are shorter than their pairs'. The share bounds the extra
time and memory (a 25 % share at 10,000 articles doubled the peak memory and
saved little: the long phrases still over budget occur in thousands of articles).
Phrases (f/): a table of frequent whole phrases of 3 to 8 units, chosen by document frequency
from a sample of the documents, and of 6-unit windows on the clauses outside table sentences that many
documents share (searchphrases.py), with every occurrence of each indexed as a
family of grams in the same layout (f/p, f/ in packs.bin; the key is the phrase's rank in
f/phrases.bin). A term that is a phrase, or lies inside the letters that stand around a phrase every time (its
context, kept after the table: searchphrases.Contexts) and holds it, reads the phrase's list alone; phrases with one
context share the list of the first (their owner). A longer term may cover itself with
the phrases inside it. Membership is explicit: a phrase of the table absent from f/ (its owner) occurs nowhere,
and a gram not in the table means "use the pairs". The keys a text contributes to the family are
`family_keys(folded_units(text), <bytes of f/phrases.bin>)` (what searchscrub.py takes out of the index); in a cold
build they are found in the passes, from the sorted pairs (a phrase's candidates are its first pair's run), which
costs less than a scan.

Sentences (s/): a table of frequent whole sentences (searchsentences.py), each occurrence of one in a
body indexed as a family of grams in the same layout (s/sentences.bin as f/phrases.bin; the key is the
sentence's rank; a change layer's table is empty: layer_files(clauses=False)). Every pair, common gram
and phrase wholly inside such an occurrence is left out of "", 3/ and f/ (searchsentences.Interiors), which so
index the rest of the text only: a term without a terminator before its end counts as its rest's count plus, per
table sentence holding it, the sentence's count times the term's occurrences in it (search-s.js); a term across
sentences joins the offsets of its pairs in the rest and in the table sentences. `pair_keys`, `common_grams` and
`family_keys` take the interiors, so a text's keys in every family follow from it and the tables alone.
Words (w/): the grams that so many table sentences hold that reading each one's list would cost more than LOAD
times the documents (税务, 纳税人: searchsentences.choose), each with every occurrence in the text (titles and table
sentences too) counted as a family in the same layout (w/words.bin as f/phrases.bin), but without positions
(documents, counts, first offsets only; a first offset is the body's first occurrence, where the excerpt is cut,
or the title's when the body has none, · 2 + whether the title holds the word): a term that is a word reads its
list alone and needs no offsets. Found by a scan (searchphrases.family_keys, as the scrub finds them).

A family of grams is thus: a small table (3/common.bin, f/phrases.bin, s/sentences.bin, w/words.bin) from which the
keys of any text follow, and packs written by `_shard_files`, exactly as the pairs'.

`docs.bin` holds u32 N, then N × u16 day (days since 1970-01-01), N × u16 title
length (hits below it are in the title), N × u8 channel.

Built with numpy in a few passes over the concatenated text, each pass sorting
(pair, offset) for a share of the shards, so memory stays a small multiple of
the text's size; no Python loop ever runs per character. Two passes run at once
in threads (numpy releases the GIL in its array work), over the one shared text.
On a virtual machine a fresh temporary array costs about as much in page faults as the
arithmetic on it, so the hot steps keep few and narrow ones: a pair's key is one gather
(_pair_at), a document is found from a table (_Documents), varints
are written as whole words of 4 or 8 bytes and kept by one mask (_varint_words, slots).
"""

from __future__ import annotations

import functools
import struct
import sys
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from generator.heap import reusing_freed_memory
from generator.site import searchphrases, searchsentences
from generator.site.searchtext import BREAK, FOLD
from generator.workers import worker_count

HASH_FIRST, HASH_SECOND = 40503, 34283
UNITS_PER_PASS = 1_500_000  # text whose pairs are sorted at once: bounds the memory (≈ 40 bytes a pair)
PASS_THREADS = 2  # passes run at once (each holds its own pairs: the memory grows with it)
CHUNK = 2_000_000
OWN_FILE = 2048  # a pair's positions longer than this go into a part of their own
OWN_DOCS = 512  # and a list of more documents than this (about 2 KB)
BLOCK = 64  # documents (by id) per block of a part of its own, read alone by HTTP Range
SEPARATE = 1 << 31
SPARSE = 1 << 30  # beside SEPARATE in a header's list size: a FIRSTS_APART list with no blocks (_count_lists)
FIRSTS_APART = ("s/",)  # families whose lists hold no first offsets (see the docstring; search.js posting and
# positions, searchscrub and the tests' read_family name the family too)
COMMON = 1024  # at most so many pairs have their three-character grams indexed too (the most frequent, by documents)
COMMON_SHARE = 0.05  # and their occurrences are at most this share of the text's (bounds the grams' time and memory)
MAX_PASSES = 128  # a pass number fits a byte beside 255, "no pair here" (_pass_of_pairs)
LOCATE_SHIFT = 8  # the document of an offset is looked up in a table of the one holding every 256th unit


@dataclass(frozen=True, slots=True)
class IndexDoc:
    text: str  # as written: title, newline, the rest (normalised here)
    day: int  # days since 1970-01-01
    title_len: int  # UTF-16 code units of the title
    channel: int  # index into the channel list


@dataclass(frozen=True, slots=True)
class _Documents:
    """Where each document of a layer's joined text starts, and a table to find the document of any offset.

    A table of the document at every 2**LOCATE_SHIFT-th unit settles an offset with one lookup unless a
    document starts between that unit and the offset; those few are searched (np.searchsorted for every
    offset cost more than a tenth of the whole index)."""

    starts: np.ndarray  # uint32: the first unit of each document, ascending
    following: np.ndarray  # uint32: the start of the next document (the last: 2**32 - 1)
    table: np.ndarray  # int32: the document holding unit k << LOCATE_SHIFT

    @staticmethod
    def of(starts: np.ndarray, length: int) -> _Documents:
        at = starts.astype(np.uint32)
        probes = np.arange(0, length + 1, 1 << LOCATE_SHIFT, dtype=np.int64)
        table = (np.searchsorted(starts, probes, side="right") - 1).astype(np.int32)
        return _Documents(at, np.append(at[1:], np.uint32(0xFFFFFFFF)), table)

    def __len__(self) -> int:
        return len(self.starts)

    def locate(self, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(document, offset within it) of each offset (uint32, within the text): int32 and uint32."""
        doc = self.table[offsets >> np.uint32(LOCATE_SHIFT)]
        late = np.flatnonzero(self.following[doc] <= offsets)
        if len(late):
            doc[late] = np.searchsorted(self.starts, offsets[late], side="right") - 1
        return doc, offsets - self.starts[doc]


def _fold_units() -> np.ndarray:
    table = np.arange(0x10000, dtype=np.uint16)
    for source, target in FOLD.items():
        table[source] = target
    return table


_FOLD_UNITS = _fold_units()  # searchtext.normalise as a lookup table over UTF-16 code units


def indexed_text(text: str) -> str:
    """A document's text as the index reads it (NUL separates documents)."""
    return text.replace("\x00", " ")


def folded_units(text: str) -> np.ndarray:
    """One document's normalised UTF-16 code units, as its pairs and grams are indexed."""
    units: np.ndarray = _FOLD_UNITS[np.frombuffer(indexed_text(text).encode("utf-16-le"), dtype="<u2")]
    return units


def pair_keys(units: np.ndarray, interiors: searchsentences.Interiors | None = None) -> np.ndarray:
    """The key of every indexed pair of `units` (neither unit a break, not inside a table sentence's
    occurrence of `interiors`), in text order."""
    first, second = units[:-1].astype(np.uint32), units[1:].astype(np.uint32)
    kept = (first > BREAK) & (second > BREAK)
    if interiors is not None and len(kept):
        kept &= ~interiors.pairs(0, len(kept))
    return ((first << np.uint32(16)) | second)[kept]


def shard_of(key: int, shards: int) -> int:
    """The shard of a pair; `shards` is a power of two, so 32-bit wrap-around (JS Math.imul) gives the same."""
    return ((key >> 16) * HASH_FIRST + (key & 0xFFFF) * HASH_SECOND) & (shards - 1)


def shard_count(units: int) -> int:
    """About 60,000 code units of text per shard, a power of two from 16 to 4096.

    A shard holds the header entries and short lists of its pairs only (long ones have files of
    their own), so it stays small with few shards; fewer files make a cold index cheaper to write.
    """
    count = 16
    while count < 4096 and count * 60_000 < units:
        count *= 2
    return count


PACK_SHARDS = 8  # shards per pack file
FAMILIES = ("", "3/", "f/", "s/", "w/")  # in packs.bin's order


def pack_count(shards: int) -> int:
    """How many pack files a family of `shards` shards has: shard s is in pack s mod packs. A family is written in
    at most so many passes (the shards of pass k are those ≡ k modulo the passes, a power of two): the shards of
    a pack then all fall in one pass, and the files do not depend on how many passes wrote them."""
    return max(1, shards // PACK_SHARDS)


class Packs:
    """Where each shard of each family lies (packs.bin): in pack file <prefix>p/<shard mod packs>.bin, from `start`,
    `size` bytes, its pairs' own parts right after it. Filled in by the passes as they write the packs (each
    shard once, from any thread), read by the scrub."""

    def __init__(self) -> None:
        self.families: dict[str, tuple[int, np.ndarray, np.ndarray]] = {}  # prefix: (packs, starts, sizes)
        self._lock = threading.Lock()

    def family(self, prefix: str, shards: int) -> tuple[int, np.ndarray, np.ndarray]:
        with self._lock:
            if prefix not in self.families:
                zeros = np.zeros(shards, np.int64)
                self.families[prefix] = (pack_count(shards), zeros, zeros.copy())
            return self.families[prefix]

    def place(self, prefix: str, shard: int) -> tuple[str, int, int] | None:
        """The pack file (relative path), start and size of a shard, or None for a family with no files."""
        if prefix not in self.families or not 0 <= shard < len(self.families[prefix][1]):
            return None
        packs, starts, sizes = self.families[prefix]
        return f"{prefix}p/{shard % packs}.bin", int(starts[shard]), int(sizes[shard])

    def region_end(self, prefix: str, shard: int, pack_size: int) -> int:
        """Where a shard's region (the shard, then its pairs' own parts) must end: at the next shard of its pack, or
        at the pack's end (`pack_size`)."""
        packs, starts, _ = self.families[prefix]
        return int(starts[shard + packs]) if shard + packs < len(starts) else pack_size

    def to_bytes(self) -> bytes:
        """Per family of FAMILIES: u32 shards, u32 packs (both 0: no files), then shards × u32 start and
        shards × u32 size."""
        out = []
        for prefix in FAMILIES:
            packs, starts, sizes = self.families.get(prefix, (0, np.zeros(0, np.int64), np.zeros(0, np.int64)))
            out += [np.array([len(starts), packs], "<u4").tobytes(), starts.astype("<u4").tobytes()]
            out.append(sizes.astype("<u4").tobytes())
        return b"".join(out)

    @classmethod
    def from_bytes(cls, data: bytes) -> Packs:
        """The inverse of to_bytes; ValueError for bytes it did not write."""
        packs_of, at = cls(), 0
        for prefix in FAMILIES:
            if len(data) < at + 8:
                raise ValueError("packs.bin: shorter than its families")
            shards, packs = struct.unpack_from("<II", data, at)
            if len(data) < at + 8 + 8 * shards or (shards and (packs < 1 or packs > shards or shards % packs)):
                raise ValueError("packs.bin: a family that does not fit")
            values = np.frombuffer(data, "<u4", 2 * shards, at + 8).astype(np.int64)
            if shards:
                packs_of.families[prefix] = (packs, values[:shards], values[shards:])
            at += 8 + 8 * shards
        if at != len(data):
            raise ValueError("packs.bin: bytes after its families")
        return packs_of


def varint_sizes(values: np.ndarray) -> np.ndarray:
    """The bytes of each uint32 value's LEB128 varint (uint8)."""
    sizes = (values >= 1 << 7).view(np.uint8) + (values >= 1 << 14).view(np.uint8)
    sizes += (values >= 1 << 21).view(np.uint8)
    sizes += (values >= 1 << 28).view(np.uint8)
    sizes += 1
    return sizes


def varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LEB128 encoding of uint32 values: (bytes, bytes per value)."""
    values = values.astype(np.uint32, copy=False)
    sizes = varint_sizes(values)
    ends = np.cumsum(sizes, dtype=np.int64)
    out = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    starts = ends - sizes
    out[starts] = (values & np.uint32(0x7F)).astype(np.uint8) | ((sizes > 1).astype(np.uint8) << np.uint8(7))
    longer = np.flatnonzero(sizes > 1)  # most values fit one byte: later bytes touch only the rest
    for k in range(1, 5):
        if not len(longer):
            break
        rest = sizes[longer]
        byte = ((values[longer] >> np.uint32(7 * k)) & np.uint32(0x7F)).astype(np.uint8)
        out[starts[longer] + k] = byte | ((rest > k + 1).astype(np.uint8) << np.uint8(7))
        longer = longer[rest > k + 1]
    return out, sizes


SLOT_VALUE = 1 << 28  # values below take 4 varint bytes at most
_SLOT_MASK = np.array([(1 << 8 * k) // 255 for k in range(9)], dtype="<u8")  # k bytes of 1: the first k kept
_VARINT_MASK = _SLOT_MASK[:5].astype("<u4")  # the same, for a varint of k bytes in a uint32
_VARINT_MORE = np.array([0, 0, 0x80, 0x8080, 0x808080], dtype=np.uint32)  # the continuation bits of k bytes


def _varint_words(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LEB128 encoding of uint32 values below SLOT_VALUE, each in the low bytes of a uint32: (words, bytes)."""
    values = values.astype(np.uint32, copy=False)
    sizes = (values >= 1 << 7).view(np.uint8) + (values >= 1 << 14).view(np.uint8)
    sizes += (values >= 1 << 21).view(np.uint8)
    sizes += 1
    words = values & np.uint32(0x7F)
    words |= (values << np.uint32(1)) & np.uint32(0x7F00)
    words |= (values << np.uint32(2)) & np.uint32(0x7F0000)
    words |= (values << np.uint32(3)) & np.uint32(0x7F000000)
    words |= _VARINT_MORE[sizes]
    return words, sizes


def docs_table(docs: list[IndexDoc]) -> bytes:
    n = len(docs)
    return b"".join(
        (
            np.array([n], dtype="<u4").tobytes(),
            np.array([d.day for d in docs], dtype="<u2").tobytes(),
            np.array([min(d.title_len, 0xFFFF) for d in docs], dtype="<u2").tobytes(),
            np.array([d.channel for d in docs], dtype="<u1").tobytes(),
        )
    )


def layer_files(
    docs: list[IndexDoc], first_id: int, shards: int, *, clauses: bool = True
) -> Iterator[tuple[str, bytes]]:
    """Every file of one index layer (docs numbered from `first_id`): (relative path, bytes). Without `clauses`
    its sentence table is empty (a change layer's: search.js reads s/ only when the main index has a table)."""
    with reusing_freed_memory():  # arrays of 30 to 300 MB made and dropped in turn (generator/heap.py)
        yield from _layer_files(docs, first_id, shards, clauses=clauses)


def _layer_files(docs: list[IndexDoc], first_id: int, shards: int, *, clauses: bool) -> Iterator[tuple[str, bytes]]:
    yield "docs.bin", docs_table(docs)
    joined = "\x00".join(indexed_text(d.text) for d in docs)  # NUL separates documents
    units = np.frombuffer(joined.encode("utf-16-le"), dtype="<u2")
    del joined
    starts = np.concatenate(([0], np.flatnonzero(units == 0) + 1)).astype(np.int64)
    units = _FOLD_UNITS[units]  # NUL becomes a break too
    documents = _Documents.of(starts, len(units))
    bodies = starts + np.array([d.title_len for d in docs], np.int64)  # the title's newline is a break
    sentence_table, words = (
        searchsentences.choose(units, starts, bodies) if clauses else (searchsentences.EMPTY, searchsentences.EMPTY)
    )
    sentences = searchsentences.occurrences(units, starts, bodies, sentence_table)
    interiors = searchsentences.Interiors.of(sentence_table, sentences)
    passes = 1
    while passes < min(pack_count(shards), MAX_PASSES) and passes * UNITS_PER_PASS < len(units):
        passes *= 2
    pass_of = _pass_of_pairs(units, passes, interiors)
    # The frequent phrases are chosen from all the text (from the rest only, whole words such as 个人所得税 left
    # the table and cost more than the sentences saved); the windows from the rest (searchphrases._windows).
    # The common pairs are chosen with the phrases, from the same sample: a three-unit phrase is left out of the
    # table exactly when the common grams will index it (chosen from the whole text after the passes, they missed
    # grams such as 202, in every date, which then read two pairs' offsets in every document). Common pairs are
    # among those whose offsets get a file of their own (most offsets take two bytes).
    bound = searchphrases.CommonBound(COMMON, OWN_FILE // 2, COMMON_SHARE)
    table, common = searchphrases.choose(units, starts, bound, interiors)
    phrases: list[tuple[int, np.ndarray]] = []  # (rank, offsets) of the phrases, found in the passes
    near = searchphrases.context_pairs(units, starts, table)  # counted in the passes (Contexts.absorbed)
    near_counts = np.zeros(len(near), np.int64)

    # The passes are independent and numpy releases the GIL in their sorts and array passes: two threads
    # share the text (no copy, no pickling) and halve the wall time on a machine with two cores or more.
    # At most `threads` passes are under way or waiting to be written, so the memory stays bounded.
    threads = min(PASS_THREADS, worker_count()) if passes > 1 else 1
    layout = Packs()
    work = functools.partial(
        _one_pass, units, documents, pass_of, searchphrases.Matcher.of(table), near, first_id, shards, passes, layout
    )
    with ThreadPoolExecutor(max_workers=threads) as pool:
        pending = deque(pool.submit(work, part) for part in range(min(threads, passes)))
        for part in range(threads, passes + threads):
            files, occurrences, counts = pending.popleft().result()  # in order: the output is the same
            if part < passes:
                pending.append(pool.submit(work, part))
            phrases.extend(occurrences)
            near_counts += counts
            yield from files
    del work
    # phrases that occur at the same places share the list of the first (searchphrases.Contexts)
    contexts = searchphrases.contexts(units, table, phrases, (near, near_counts), pass_of != 255)
    del pass_of
    yield from _common_gram_files(units, documents, first_id, common, layout, interiors)
    del interiors  # (two int64 arrays as long as the clauses' occurrences: the peak came in s/ beside them)
    owner, _ = contexts.owners(table)
    phrases[:] = [(rank, offsets) for rank, offsets in phrases if owner[rank] == rank]
    yield from _phrase_files(table, phrases, documents, first_id, layout, contexts=contexts.to_bytes())
    firsts, counts, titles = _word_lists(units, words, documents, bodies)
    del units  # the last to read the text: the clauses' files, written last, are the peak of the memory
    shards = shard_count(len(firsts))
    yield "w/words.bin", words.to_bytes(shards)
    yield from _family_files(
        firsts, documents, first_id, shards, "w/", layout, ordered=True, counts=counts, titles=titles
    )
    del firsts, counts, titles
    yield from _phrase_files(sentence_table, sentences, documents, first_id, layout, "s/sentences.bin")
    yield "packs.bin", layout.to_bytes()


def _word_lists(
    units: np.ndarray, words: searchphrases.PhraseTable, documents: _Documents, bodies: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every word of the table in every document that holds it, anywhere in the text (titles and the insides of
    table sentences too: a word's list is whole, read instead of the rest and the sentences): the grams
    (u64: rank << 32 | offset of its first occurrence in the document's body, or in its title when the body has
    none), sorted; the occurrences of each; and whether the title holds the word (`bodies`: where each document's
    title ends, its line break).

    Without positions: search-s.js reads a word's documents, counts and first offsets, never its offsets; the
    first in the body is where a result's excerpt is cut (the first of all is in the title in most articles
    titled 国家税务总局…, and the title flag ranks the result). Each chunk of occurrences is reduced to its
    (word, document) lists as it comes, so memory follows the lists, not the occurrences (a word such as 税务
    occurs millions of times at 10k)."""
    lists, firsts, counts, titled, titles = [], [], [], [], []
    for keys, offsets in searchphrases.family_key_chunks(units, words):
        doc, _ = documents.locate(offsets.astype(np.uint32))
        listed = (keys.astype(np.uint64) << np.uint64(32)) | doc.astype(np.uint64)
        in_title = offsets < bodies[doc]
        order = np.lexsort((offsets, in_title, listed))  # in a document, its body's occurrences first
        listed, offsets, in_title = listed[order], offsets[order], in_title[order]
        new = np.ones(len(listed), bool)
        new[1:] = listed[1:] != listed[:-1]
        at = np.flatnonzero(new)
        lists.append(listed[at])
        firsts.append(offsets[at])
        titled.append(in_title[at])  # the first is in the title: the body has none
        titles.append(np.logical_or.reduceat(in_title, at) if len(at) else in_title[at])
        counts.append(np.diff(np.append(at, len(listed))))
    if not lists:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, bool)
    # a document across two chunks has a list in each: merged, its first the earliest in the body, if any
    listed, first, count = np.concatenate(lists), np.concatenate(firsts), np.concatenate(counts)
    first_titled, title = np.concatenate(titled), np.concatenate(titles)
    order = np.lexsort((first, first_titled, listed))
    listed, first, count, title = listed[order], first[order], count[order], title[order]
    new = np.ones(len(listed), bool)
    new[1:] = listed[1:] != listed[:-1]
    at = np.flatnonzero(new)
    grams = ((listed[at] >> np.uint64(32)) << np.uint64(32)) | first[at].astype(np.uint64)
    if not len(at):
        return grams, count, title
    return grams, np.add.reduceat(count, at), np.logical_or.reduceat(title, at)


def _one_pass(
    units: np.ndarray,
    documents: _Documents,
    pass_of: np.ndarray,
    phrases: searchphrases.Matcher,
    near: np.ndarray,
    first_id: int,
    shards: int,
    passes: int,
    layout: Packs,
    part: int,
) -> tuple[list[tuple[str, bytes]], list[tuple[int, np.ndarray]], np.ndarray]:
    """The files of the shards of pass `part`, its phrases' occurrences (those whose first pair is in this
    pass: all of a phrase's are in one pass) and how often each pair of `near` (sorted u32 keys) occurs in it."""
    # (grouping passes per scan, or ordering the pairs by pass once, saved no CPU or cost 30 MB of peak memory)
    where = np.flatnonzero(pass_of == part)
    pairs = _pair_at(units, where).astype(np.uint64)
    pairs <<= np.uint64(32)
    pairs |= where.view(np.uint64)  # offsets: non-negative
    del where
    pairs.sort()
    occurrences = phrases.occurrences(units, pairs)
    runs = near.astype(np.uint64) << np.uint64(32)
    counts = np.searchsorted(pairs, runs + np.uint64(1 << 32)) - np.searchsorted(pairs, runs)
    return list(_shard_files(pairs, documents, first_id, shards, passes, part, "", layout)), occurrences, counts


def _pair_at(units: np.ndarray, where: np.ndarray) -> np.ndarray:
    """The key (first << 16 | second, uint32) of the pair at each offset: one gather of both units, through a
    view of the text as overlapping uint32 (offset k reads units k and k + 1)."""
    view = np.ndarray((max(len(units) - 1, 0),), dtype=np.uint32, buffer=units, strides=(units.itemsize,))
    words: np.ndarray = view[where]
    if sys.byteorder == "little":  # the first unit is the low half: swap the halves
        words = (words << np.uint32(16)) | (words >> np.uint32(16))
    return words


def _common_gram_files(
    units: np.ndarray,
    documents: _Documents,
    first_id: int,
    common: np.ndarray,
    layout: Packs,
    interiors: searchsentences.Interiors | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Common grams: for the pairs in most documents, every three characters they start or end, with offsets.

    A phrase made only of frequent pairs would need their long position lists; its three-character
    grams are far rarer, so search.js covers it with those instead, as exactly. 3/common.bin holds
    u32 shards, u32 K and the K pair keys, sorted; a gram's key is its pair's rank << 16 | its third
    unit (the pair then a character), or (K + rank) << 16 | its first unit (a character then the pair),
    its offset that of its first character. The grams' files are laid out as the pairs' (3/d,
    3/e), sorted in passes as the pairs are.
    """
    grams = common_grams(units, common, interiors)
    shards = shard_count(len(grams))
    yield "3/common.bin", np.array([shards, len(common)], "<u4").tobytes() + common.astype("<u4").tobytes()
    yield from _family_files(grams, documents, first_id, shards, "3/", layout)


def common_grams(
    units: np.ndarray, common: np.ndarray, interiors: searchsentences.Interiors | None = None
) -> np.ndarray:
    """Every common gram of `units` (3/common.bin's sorted pair keys): key << 32 | offset, as uint64; none
    wholly inside an occurrence of a table sentence (`interiors`)."""
    parts: list[np.ndarray] = []
    if len(common):
        last = len(units) - 1  # pairs start at 0 .. last - 1
        # a lookup of each character of the pair skips most offsets before the (dearer) search among the pairs
        leads, seconds = np.zeros(0x10000, dtype=bool), np.zeros(0x10000, dtype=bool)
        leads[common >> np.uint32(16)] = True
        seconds[common & np.uint32(0xFFFF)] = True
        for lo in range(0, max(last, 0), CHUNK):
            hi = min(lo + CHUNK, last)
            maybe = np.flatnonzero(leads[units[lo:hi]] & seconds[units[lo + 1 : hi + 1]]) + lo
            pair = (units[maybe].astype(np.uint32) << np.uint32(16)) | units[maybe + 1]
            rank = np.minimum(np.searchsorted(common, pair), len(common) - 1)
            hit = common[rank] == pair
            at, rank_at = maybe[hit], rank[hit].astype(np.uint64)
            right = at + 2 <= last
            right[right] = units[at[right] + 2] > BREAK
            after, rank_after = at[right], rank_at[right]
            third = units[after + 2].astype(np.uint64)
            parts.append((rank_after << np.uint64(48)) | (third << np.uint64(32)) | after.astype(np.uint64))
            keep = (at >= 1) & (units[np.maximum(at - 1, 0)] > BREAK)
            before, rank_before = at[keep] - 1, rank_at[keep] + np.uint64(len(common))
            first = units[before].astype(np.uint64)
            if interiors is not None:
                # grams start at lo - 1 .. hi - 1; a gram lies inside an occurrence when both its pairs do (the
                # occurrences are whole sentences: no two share a unit). One pass over the chunk's pairs instead
                # of a search among the occurrences for every gram.
                base = max(lo - 1, 0)
                inside = interiors.pairs(base, min(hi + 1, last))
                inside = inside[:-1] & inside[1:]  # the gram at base + k
                parts[-1] = parts[-1][~inside[after - base]]
                out = ~inside[before - base]
                before, rank_before, first = before[out], rank_before[out], first[out]
            parts.append((rank_before << np.uint64(48)) | (first << np.uint64(32)) | before.astype(np.uint64))
    return np.concatenate(parts) if parts else np.empty(0, np.uint64)


def _phrase_files(
    table: searchphrases.PhraseTable,
    phrases: list[tuple[int, np.ndarray]],
    documents: _Documents,
    first_id: int,
    layout: Packs,
    name: str = "f/phrases.bin",
    contexts: bytes = b"",
) -> Iterator[tuple[str, bytes]]:
    """The phrase table (f/phrases.bin, searchphrases.py) or the sentence table (s/sentences.bin,
    searchsentences.py) and its grams' files, laid out as the pairs'.

    `phrases` has each phrase's offsets ascending, so in the order of rank the grams are sorted already; it is
    emptied (the grams hold the offsets now: the caller's arrays would double them at the peak)."""
    phrases.sort(key=lambda found: found[0])
    parts = [(np.uint64(rank) << np.uint64(32)) | offsets.astype(np.uint64) for rank, offsets in phrases]
    phrases.clear()
    grams = np.concatenate(parts) if parts else np.empty(0, np.uint64)
    del parts
    shards = shard_count(len(grams))
    yield name, table.to_bytes(shards) + contexts
    yield from _family_files(grams, documents, first_id, shards, name[:2], layout, ordered=True)


def _family_files(
    grams: np.ndarray,
    documents: _Documents,
    first_id: int,
    shards: int,
    prefix: str,
    layout: Packs,
    ordered: bool = False,
    counts: np.ndarray | None = None,
    titles: np.ndarray | None = None,
) -> Iterator[tuple[str, bytes]]:
    """The packs of a family of grams (u64: key << 32 | offset in the text), sorted in passes
    (unless `ordered`: sorted already). With `counts`, one gram per (key, document), its first occurrence, and
    the occurrences of each: lists without positions (the words), whose first offsets are first · 2 + whether the
    title holds the word (`titles`)."""
    if not len(grams):
        return
    passes = 1
    while passes < pack_count(shards) and passes * UNITS_PER_PASS < len(grams):
        passes *= 2
    # a pass is the low bits of the shard: 16-bit arithmetic, wrapping, gives them (as in _pass_of_pairs)
    pass_of = (grams >> np.uint64(48)).astype(np.uint16)
    pass_of *= np.uint16(HASH_FIRST & 0xFFFF)
    low = (grams >> np.uint64(32)).astype(np.uint16)
    low *= np.uint16(HASH_SECOND & 0xFFFF)
    pass_of += low
    pass_of &= np.uint16(passes - 1)
    del low
    for part in range(passes):
        mine = pass_of == part
        chosen = grams[mine]
        if not ordered:
            chosen.sort()
        yield from _shard_files(
            chosen,
            documents,
            first_id,
            shards,
            passes,
            part,
            prefix,
            layout,
            None if counts is None else counts[mine],
            None if titles is None else titles[mine],
        )


def family_keys(
    units: np.ndarray, phrases: bytes, interiors: searchsentences.Interiors | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """What a text adds to the phrase family f/ of a layer: (keys, offsets) of every occurrence of every phrase
    of the layer's table, given the bytes of its f/phrases.bin and the text as folded UTF-16 code units
    (`folded_units`). The key is the phrase's rank; its entries are in shard shard_of(key, shards) of f/ and, for
    long lists, in own parts, exactly as a pair's are. None inside an
    occurrence of a table sentence (`interiors`)."""
    _, table = searchphrases.PhraseTable.from_bytes(phrases)
    keys, offsets = searchphrases.family_keys(units, table)
    owner, _ = searchphrases.Contexts.from_bytes(phrases, table).owners(table)
    kept = np.array(owner, np.int64)[keys] == keys  # a phrase sharing another's list has none (Contexts)
    if interiors is not None:
        kept &= ~interiors.holds(offsets, table.lengths.astype(np.int64)[keys])  # inside a table sentence: left out
    return keys[kept], offsets[kept]


def _pass_of_pairs(units: np.ndarray, passes: int, interiors: searchsentences.Interiors | None = None) -> np.ndarray:
    """For the pair at each offset: the pass that indexes it (its shard modulo `passes`), or 255 for none (a
    break in it, or inside an occurrence of a table sentence)."""
    out = np.empty(max(len(units) - 1, 0), dtype=np.uint8)
    # A pass is the low bits of the shard (passes <= MAX_PASSES), and the low 16 bits of the hash follow from
    # those of its terms: 16-bit arithmetic, wrapping, gives them without widening the text.
    first_factor, second_factor = np.uint16(HASH_FIRST & 0xFFFF), np.uint16(HASH_SECOND & 0xFFFF)
    for lo in range(0, len(out), CHUNK):
        hi = min(lo + CHUNK, len(out))
        part = units[lo:hi] * first_factor
        part += units[lo + 1 : hi + 1] * second_factor
        part &= np.uint16(passes - 1)
        out[lo:hi] = part
        broken = units[lo : hi + 1] <= BREAK
        out[lo:hi][broken[:-1] | broken[1:]] = 255
        if interiors is not None and len(interiors.starts):
            out[lo:hi][interiors.pairs(lo, hi)] = 255
    return out


def _shard_files(
    pairs: np.ndarray,
    documents: _Documents,
    first_id: int,
    shards: int,
    passes: int,
    part: int,
    prefix: str,
    layout: Packs,
    counts: np.ndarray | None = None,
    titles: np.ndarray | None = None,
) -> Iterator[tuple[str, bytes]]:
    """A pass's shard files. `counts`: `pairs` holds one entry per (key, document) and no positions are written
    (_family_files); `titles`: and each list's first offset is offset · 2 + the entry's title flag."""
    keys = (pairs >> np.uint64(32)).astype(np.uint32)
    doc, local = documents.locate(pairs.astype(np.uint32))  # the low 32 bits: the offset
    del pairs
    total = len(keys)
    new_key = np.ones(total, dtype=bool)
    new_key[1:] = keys[1:] != keys[:-1]
    new_doc = new_key.copy()
    new_doc[1:] |= doc[1:] != doc[:-1]
    key_at = np.cumsum(new_key, dtype=np.int32) - 1  # pair index of every occurrence
    group_start = np.flatnonzero(new_doc)  # one group per (pair, doc)
    groups = len(group_start)
    group_new_key = new_key[group_start]
    group_pair = key_at[group_start]
    group_local = doc[group_start]
    count = np.diff(np.append(group_start, total)) if counts is None else counts[group_start]
    first_group = np.flatnonzero(group_new_key)
    ndocs = np.diff(np.append(first_group, groups))
    pair_keys = keys[group_start[first_group]]
    own_docs = ndocs > OWN_DOCS  # a long list: blocked, in a part of its own
    firsts_apart = prefix in FIRSTS_APART
    # the shards' stream of the other pairs: per pair [ndocs, (delta, count, first offset) per doc]
    kept = np.flatnonzero(~own_docs[group_pair])
    kept_new_key = group_new_key[kept]
    kept_first = np.flatnonzero(kept_new_key)
    group_doc = group_local[kept].astype(np.int64) + first_id
    delta = group_doc.copy()
    delta[1:] = np.where(kept_new_key[1:], group_doc[1:], group_doc[1:] - group_doc[:-1])
    elements = np.empty(len(kept_first) + 3 * len(kept), dtype=np.uint32)
    pair_start = np.arange(len(kept_first)) + 3 * kept_first
    elements[pair_start] = ndocs[~own_docs]
    slot = np.cumsum(kept_new_key) + 3 * np.arange(len(kept))
    elements[slot] = delta
    elements[slot + 1] = count[kept]
    first_offsets = local[group_start] * np.uint32(not firsts_apart)
    if titles is not None:
        first_offsets = first_offsets * np.uint32(2) + titles[group_start].astype(np.uint32)
    elements[slot + 2] = first_offsets[kept]
    del delta, group_doc, slot
    d_bytes, d_sizes = varints(elements)
    del elements
    d_len = np.zeros(len(first_group), dtype=np.int64)
    if len(pair_start):
        d_len[~own_docs] = np.add.reduceat(d_sizes.astype(np.int64), pair_start)
    if counts is None:
        values, sizes = _offset_values(local, new_doc, firsts_apart)
        group_p = np.add.reduceat(sizes, group_start, dtype=np.int64) if groups else np.zeros(0, np.int64)
    else:
        values, sizes, group_p = None, None, np.zeros(groups, np.int64)
    p_len = np.add.reduceat(group_p, first_group) if groups else np.zeros(0, np.int64)
    # A list with a part of its own has its offsets there too (blocked alike), however short: taking a
    # document out of the index (searchscrub.py) then rewrites the document's block of each, no more.
    own_positions = (p_len > OWN_FILE) | (own_docs & (p_len > 0))
    blocks = -(-len(documents) // BLOCK)
    d_head = d_len.copy()  # the header's list sizes: with SPARSE on sparse own lists (d_len: their sizes)
    files: dict[int, bytes] = {}  # by pair index: its own part, the list (if own) then the offsets (if own)
    if own_docs.any():
        mine = np.flatnonzero(own_docs[group_pair])
        rows = np.cumsum(own_docs) - 1
        if firsts_apart:
            data, at, size, sparse = _count_lists(rows[group_pair[mine]], group_local[mine], count[mine], blocks)
        else:
            data, at, size = _doc_blocks(
                rows[group_pair[mine]], group_local[mine], count[mine], first_offsets[mine], blocks
            )
            sparse = np.zeros(len(size), bool)
        for row, j in enumerate(np.flatnonzero(own_docs).tolist()):
            files[j] = data[at[row] : at[row] + size[row]].tobytes()
            d_len[j] = size[row]
            d_head[j] = size[row] | (SPARSE if sparse[row] else 0)
    p_stream = np.where(own_positions, 0, p_len)  # the offsets left in the shards (varints)
    p_head = p_len.copy()  # the header's offsets sizes
    p_bytes = np.zeros(0, np.uint8)
    if values is not None and sizes is not None:
        stored = sizes > 0
        own = own_positions[key_at]
        p_bytes = _varint_bytes(values[stored & ~own])
        if own_positions.any():
            mine = np.flatnonzero(stored & own)
            del stored, own
            rows = np.cumsum(own_positions) - 1
            data, at, size = _rice_parts(
                rows[key_at[mine]], doc[mine] // BLOCK, values[mine], int(own_positions.sum()), blocks
            )
            del mine
            for row, j in enumerate(np.flatnonzero(own_positions).tolist()):
                files[j] = files.get(j, b"") + data[at[row] : at[row] + size[row]].tobytes()
                p_head[j] = size[row]
    del values, sizes
    d_stream = np.where(own_docs, 0, d_len)
    yield from _write_shards(
        pair_keys,
        (d_bytes, d_stream, d_head, own_docs),
        (p_bytes, p_stream, p_head, own_positions),
        files,
        shards,
        passes,
        part,
        prefix,
        layout,
    )


def _offset_values(local: np.ndarray, new_doc: np.ndarray, with_first: bool) -> tuple[np.ndarray, np.ndarray]:
    """What the offsets store of each occurrence (sorted by key, document, offset; `local`: its offset within its
    document): the distance from the previous occurrence in its group, and a group's first as it is when
    `with_first` (FIRSTS_APART; else the list holds it); and the bytes of each as a varint, 0 where nothing is
    stored (`own_positions` is decided on these sizes, and the offsets left in a shard are these varints)."""
    values = np.empty(len(local), np.uint32)
    if len(local):
        values[0] = local[0]
        np.subtract(local[1:], local[:-1], out=values[1:])  # wraps where a group starts: replaced or not stored
    if with_first:
        values[new_doc] = local[new_doc]
    sizes = varint_sizes(values)
    if not with_first:
        sizes[new_doc] = 0
    return values, sizes


def _varint_bytes(values: np.ndarray) -> np.ndarray:
    """The varints of `values` (uint32) back to back."""
    if not len(values) or int(values.max()) >= SLOT_VALUE:
        return varints(values)[0]
    words, sizes = _varint_words(values)
    return np.compress(_VARINT_MASK[sizes].view(bool), words.astype("<u4", copy=False).view(np.uint8))


RICE_MAX_K = 24  # a block's parameter: search.js shifts 1 by it in 32-bit arithmetic


def _rice_parts(
    row: np.ndarray, block: np.ndarray, values: np.ndarray, rows: int, blocks: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The own offsets parts (rows 0..rows-1, each with values (uint32); each value given with its row and its
    document's block, in order): their bytes back to back, where each starts and its size. Layout in the module
    docstring.

    A unit is a (row, block) with values. Its bits are laid out from their positions at once: a value's low part
    spans at most RICE_MAX_K + 7 bits of bytes, and no two values share a bit, so each byte is the sum of what
    the values put in it (np.add.at, a byte at a time) rather than a loop over bits."""
    n = len(values)
    new = np.ones(n, bool)
    new[1:] = (row[1:] != row[:-1]) | (block[1:] != block[:-1])
    start = np.flatnonzero(new)
    unit_of = np.cumsum(new) - 1
    del new
    count = np.diff(np.append(start, n))
    # the parameter: floor(log2(mean)), within 0.2 % of the best k per unit at 10,000 articles (trying its two
    # neighbours too cost a sixth of this function's time)
    mean = np.add.reduceat(values, start, dtype=np.uint64) / count
    k = np.clip(np.floor(np.log2(np.maximum(mean, 1.0))), 0, RICE_MAX_K).astype(np.int64)
    del mean
    k_of = k[unit_of].astype(np.uint32)
    high = values >> k_of
    low = values & ((np.uint32(1) << k_of) - np.uint32(1))
    high_sum = np.add.reduceat(high, start, dtype=np.int64)
    unit_bytes = 1 + (count * k + high_sum + count + 7) // 8
    unit_row, unit_block = row[start], block[start]
    table = np.zeros((rows, blocks), np.int64)
    table[unit_row, unit_block] = unit_bytes
    ends = np.cumsum(table, axis=1)
    del table
    size = 4 * blocks + ends[:, -1]
    file_start = np.cumsum(size) - size
    unit_at = file_start[unit_row] + 4 * blocks + ends[unit_row, unit_block] - unit_bytes
    total = int(size.sum())
    # each value's stop bit (the 1 after its high part's 0s): the unit's unary bits start right after its low
    # parts, and the values before it in the unit took their high part and a stop each
    high += np.uint32(1)
    stop = np.cumsum(high, dtype=np.int64)
    stop += ((unit_at + 1) * 8 + count * k - stop[start] + high[start] - 1)[unit_of]
    del high
    bits = np.zeros(8 * total, bool)
    bits[stop] = True
    del stop
    data = np.packbits(bits, bitorder="little")
    del bits
    at = np.arange(n, dtype=np.int64) * k_of  # the first bit of each low part
    at += ((unit_at + 1) * 8 - start * k)[unit_of]
    del unit_of
    low <<= (at & 7).astype(np.uint32)  # at most RICE_MAX_K + 7 bits
    at >>= 3
    for _ in range((int(k.max()) + 14) // 8):  # the bytes a low part can touch
        np.add.at(data, at, (low & np.uint32(0xFF)).astype(np.uint8))
        at += 1
        np.minimum(at, total - 1, out=at)  # past the end a low part has no bits left: it adds 0 there
        low >>= np.uint32(8)
    data[unit_at] = k
    directories = ends.astype("<u4").view(np.uint8)  # row by row (an index array of every byte: 32 bytes a cell)
    for number, begin in enumerate(file_start.tolist()):
        data[begin : begin + 4 * blocks] = directories[number]
    return data, file_start, size


def _doc_blocks(
    row: np.ndarray, doc: np.ndarray, count: np.ndarray, first: np.ndarray, blocks: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The own lists (one per `row`, given by (row, local doc) in order): their bytes back to back,
    where each starts and its size. Layout in the module docstring."""
    head = first.astype(np.uint64) * 4 + np.minimum(count - 1, 3).astype(np.uint64)
    if not len(row) or (int(head.max()) < SLOT_VALUE and int(count.max()) - 4 < SLOT_VALUE):
        return _doc_blocks_in_slots(row, doc, count, head.astype(np.uint32), blocks)
    return _doc_blocks_any(row, doc, count, first, blocks)


class _Units(NamedTuple):
    """The units of own lists: each (row, block of BLOCK documents) holding documents, in order."""

    new: np.ndarray  # per document: whether it starts a unit
    start: np.ndarray  # each unit's first document
    bitmap: np.ndarray  # each unit's u64 bit map of its documents within the block
    bytes: np.ndarray  # each unit's size: its bit map and its documents' varints
    row: np.ndarray  # each unit's row (int64)
    block: np.ndarray  # each unit's block
    ends: np.ndarray  # per row, per block: the directory's u32 end (bytes after the directory)
    file_start: np.ndarray  # per row: where its list starts in the bytes back to back
    file_size: np.ndarray  # per row: its list's size


def _units(row: np.ndarray, doc: np.ndarray, group_bytes: np.ndarray, blocks: int, maps: int = 1) -> _Units:
    """The block layout the encoders of own lists share (`group_bytes`: each document's varint bytes; `maps`: u64
    bit maps at the head of each block)."""
    block = doc.astype(np.int64) // BLOCK
    new = np.ones(len(row), dtype=bool)
    new[1:] = (row[1:] != row[:-1]) | (block[1:] != block[:-1])
    start = np.flatnonzero(new)
    bitmap = np.bitwise_or.reduceat(np.left_shift(np.uint64(1), (doc % BLOCK).astype(np.uint64)), start)
    unit_bytes = 8 * maps + np.add.reduceat(group_bytes, start)
    unit_row, unit_block = row[start].astype(np.int64), block[start]
    table = np.zeros((int(row[-1]) + 1, blocks), dtype=np.int64)
    table[unit_row, unit_block] = unit_bytes
    ends = np.cumsum(table, axis=1)
    size = 4 * blocks + ends[:, -1]
    return _Units(new, start, bitmap, unit_bytes, unit_row, unit_block, ends, np.cumsum(size) - size, size)


def _doc_blocks_in_slots(
    row: np.ndarray, doc: np.ndarray, count: np.ndarray, head: np.ndarray, blocks: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """_doc_blocks when every value takes 4 bytes at most (any text under 2**26 units a document): each
    document's two varints, each block's bit map and each pair of directory entries is a slot of 8 bytes at
    most, the slots are laid out in file order and their bytes kept (one pass; no per-byte index arrays)."""
    extra = count >= 4
    tail = count.astype(np.uint32)
    tail -= np.uint32(4)  # wraps below 4: such a document has no second varint (its size is zeroed)
    tail *= extra
    head_word, head_size = _varint_words(head)
    tail_word, tail_size = _varint_words(tail)
    del tail
    tail_size *= extra
    group_bytes = head_size.astype(np.int64)
    group_bytes += tail_size
    head_size <<= np.uint8(3)  # the tail's shift, in bits
    group_slot = tail_word.astype(np.uint64)
    group_slot <<= head_size.astype(np.uint64)
    group_slot |= head_word
    del head_word, tail_word, head_size, tail_size
    unit_new, unit_start, bitmap, _, unit_row, _, ends, start, size = _units(row, doc, group_bytes, blocks)
    rows = len(size)
    # slots in file order: per row its directory (u32 ends, two a slot), then per unit its bit map and documents
    pairs = -(-blocks // 2)
    directory = np.zeros((rows, 2 * pairs), dtype="<u4")
    directory[:, :blocks] = ends
    unit_of = np.cumsum(unit_new) - 1
    row_units = np.searchsorted(unit_row, np.arange(rows))  # units before each row
    row_groups = np.searchsorted(row, np.arange(rows))  # documents before each row
    total = len(row) + len(unit_start) + rows * pairs
    slots = np.empty(total, dtype="<u8")
    lengths = np.empty(total, dtype=np.uint8)
    at = row.astype(np.int64)
    at += 1
    at *= pairs
    at += unit_of
    at += np.arange(1, len(row) + 1, dtype=np.int64)
    slots[at], lengths[at] = group_slot, group_bytes
    at = unit_start + np.arange(len(unit_start)) + (unit_row + 1) * pairs
    slots[at], lengths[at] = bitmap, 8
    at = ((np.arange(rows) * pairs + row_units + row_groups)[:, None] + np.arange(pairs)).ravel()
    slots[at] = directory.view("<u8").ravel()
    lengths[at] = 8
    if blocks % 2:
        lengths[at[pairs - 1 :: pairs]] = 4
    return np.compress(_SLOT_MASK[lengths].view(bool), slots.view(np.uint8)), start, size


def _doc_blocks_any(
    row: np.ndarray, doc: np.ndarray, count: np.ndarray, first: np.ndarray, blocks: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """_doc_blocks for values of any size."""
    extra = count >= 4
    width = 1 + extra.astype(np.int64)
    at = np.cumsum(width) - width
    elements = np.empty(int(width.sum()), dtype=np.uint32)
    elements[at] = first.astype(np.uint32) * 4 + np.minimum(count - 1, 3).astype(np.uint32)
    elements[at[extra] + 1] = count[extra] - 4
    data, sizes = varints(elements)
    del elements
    group_bytes = np.add.reduceat(sizes.astype(np.int64), at)
    unit_new, unit_start, bitmap, unit_bytes, unit_row, unit_block, ends, start, size = _units(
        row, doc, group_bytes, blocks
    )
    out = np.empty(int(size.sum()), dtype=np.uint8)
    out[(start[:, None] + np.arange(4 * blocks)).ravel()] = ends.astype("<u4").view(np.uint8).ravel()
    unit_at = start[unit_row] + 4 * blocks + ends[unit_row, unit_block] - unit_bytes
    out[(unit_at[:, None] + np.arange(8)).ravel()] = bitmap.astype("<u8").view(np.uint8).ravel()
    unit_of = np.cumsum(unit_new) - 1
    source = np.cumsum(group_bytes) - group_bytes
    target = unit_at[unit_of] + 8 + source - source[unit_start][unit_of]
    out[np.arange(len(data), dtype=np.int64) + np.repeat(target - source, group_bytes)] = data
    return out, start, size


def _count_lists(
    row: np.ndarray, doc: np.ndarray, count: np.ndarray, blocks: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The own lists of a FIRSTS_APART family, each in the shorter of its two layouts (the module's docstring):
    (bytes of the lists back to back, where each starts, its size, whether it is sparse). The maps cost two bytes
    for every 8 documents of the layer and the directory four for every 64; a sentence in a tenth of the documents
    or fewer takes a byte or two for each of its own (at 10k, 3.2 KB → 1.0 KB each; 246 lists 1.14 → 0.86 MB)."""
    maps, map_at, map_size = _count_blocks(row, doc, count, blocks)
    gaps, gap_at, gap_size = _count_gaps(row, doc, count)
    sparse = gap_size < map_size
    size = np.where(sparse, gap_size, map_size)
    start = np.cumsum(size) - size
    out = np.empty(int(size.sum()), np.uint8)
    for r in range(len(size)):
        source, at = (gaps, gap_at) if sparse[r] else (maps, map_at)
        out[start[r] : start[r] + size[r]] = source[at[r] : at[r] + size[r]]
    return out, start, size, sparse


def _count_gaps(row: np.ndarray, doc: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sparse layout of _count_lists: per row v(documents), then per document v(gap · 2 + more) [v(count - 2)]
    (rows numbered from 0, each with documents, in order)."""
    more = count > 1
    first = np.ones(len(row), bool)
    first[1:] = row[1:] != row[:-1]
    before = np.empty(len(doc), np.int64)
    before[0] = -1
    before[1:] = doc[:-1]
    before[first] = -1
    width = 1 + more.astype(np.int64) + first  # a row's first document carries the row's length before it
    at = np.cumsum(width) - width
    starts = np.flatnonzero(first)
    elements = np.empty(int(width.sum()), np.uint32)
    elements[at[starts]] = np.diff(np.append(starts, len(row)))
    value_at = at + first
    elements[value_at] = (doc.astype(np.int64) - before - 1) * 2 + more
    elements[value_at[more] + 1] = count[more] - 2
    data, sizes = varints(elements)
    byte_at = np.cumsum(sizes, dtype=np.int64) - sizes
    row_at = byte_at[at[starts]]
    return data, row_at, np.diff(np.append(row_at, len(data)))


def _count_blocks(
    row: np.ndarray, doc: np.ndarray, count: np.ndarray, blocks: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The own lists of a FIRSTS_APART family (as _doc_blocks): per block with documents, the u64 map of them, the
    u64 map of those that hold the gram more than once, then v(count - 2) of each of those."""
    more = count > 1
    data, sizes = varints((count[more] - 2).astype(np.uint32))
    group_bytes = np.zeros(len(row), np.int64)
    group_bytes[more] = sizes
    unit_new, unit_start, bitmap, unit_bytes, unit_row, unit_block, ends, start, size = _units(
        row, doc, group_bytes, blocks, maps=2
    )
    bits = np.left_shift(np.uint64(1), (doc % BLOCK).astype(np.uint64)) * more.astype(np.uint64)
    out = np.zeros(int(size.sum()), dtype=np.uint8)
    out[(start[:, None] + np.arange(4 * blocks)).ravel()] = ends.astype("<u4").view(np.uint8).ravel()
    unit_at = start[unit_row] + 4 * blocks + ends[unit_row, unit_block] - unit_bytes
    heads = np.stack([bitmap, np.bitwise_or.reduceat(bits, unit_start)], axis=1).astype("<u8")
    out[(unit_at[:, None] + np.arange(16)).ravel()] = heads.view(np.uint8).ravel()
    unit_of = np.cumsum(unit_new) - 1
    source = np.cumsum(group_bytes) - group_bytes
    target = unit_at[unit_of] + 16 + source - source[unit_start][unit_of]
    out[np.arange(len(data), dtype=np.int64) + np.repeat(target - source, group_bytes)] = data
    return out, start, size


def _write_shards(
    pair_keys: np.ndarray,
    docs: tuple[np.ndarray, ...],
    positions: tuple[np.ndarray, ...],
    files: dict[int, bytes],
    shards: int,
    passes: int,
    part: int,
    prefix: str,
    layout: Packs,
) -> Iterator[tuple[str, bytes]]:
    """The pack files of one pass (its shards, each followed by its pairs' own parts), their places noted in
    `layout`; `docs` and `positions` are (in-shard bytes, their length per pair, the header's length per pair,
    whether in a part of its own); `files` has the own parts' bytes by pair index."""
    d_data, d_stream, d_len, d_own = docs
    p_data, p_stream, p_len, p_own = positions
    k64 = pair_keys.astype(np.uint64)
    shard = ((k64 >> np.uint64(16)) * HASH_FIRST + (k64 & np.uint64(0xFFFF)) * HASH_SECOND) & np.uint64(shards - 1)
    order = np.argsort(shard, kind="stable")  # keys stay sorted within a shard
    bounds = np.searchsorted(shard[order], np.arange(shards + 1, dtype=np.uint64)).tolist()
    d_sorted, d_ends = _gather(d_data, d_stream, order)
    p_sorted, p_ends = _gather(p_data, p_stream, order)
    header = np.empty((len(order), 3), dtype="<u4")
    header[:, 0] = pair_keys[order]
    header[:, 1] = d_len[order] | np.where(d_own[order], SEPARATE, 0).astype(np.int64)
    header[:, 2] = p_len[order] | np.where(p_own[order], SEPARATE, 0).astype(np.int64)
    # the pairs with own parts in header order, and where each shard's start among them
    placed = np.empty(len(order), np.int64)
    placed[order] = np.arange(len(order))
    owners = np.array(sorted(files, key=lambda j: placed[j]), np.int64)
    owner_bounds = np.searchsorted(placed[owners], bounds).tolist()
    owners_list = owners.tolist()
    packs, starts, sizes = layout.family(prefix, shards)
    for pack in range(part, packs, passes):  # packs ≡ part (mod passes): their shards are all in this pass
        parts: list[bytes] = []
        at = 0
        for s in range(pack, shards, packs):
            lo, hi = bounds[s], bounds[s + 1]
            d_from, d_to = (d_ends[lo - 1] if lo else 0), (d_ends[hi - 1] if hi else 0)
            p_from, p_to = (p_ends[lo - 1] if lo else 0), (p_ends[hi - 1] if hi else 0)
            count = np.array([hi - lo], dtype="<u4").tobytes()
            lists = d_sorted[d_from:d_to].tobytes() + p_sorted[p_from:p_to].tobytes()
            part_bytes = count + header[lo:hi].tobytes() + lists
            own = b"".join(files[j] for j in owners_list[owner_bounds[s] : owner_bounds[s + 1]])
            starts[s], sizes[s] = at, len(part_bytes)
            parts += [part_bytes, own]
            at += len(part_bytes) + len(own)
        yield f"{prefix}p/{pack}.bin", b"".join(parts)


def _gather(data: np.ndarray, lengths: np.ndarray, order: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """The byte ranges of `data` (one per pair, `lengths` long, back to back) in `order`; and their ends."""
    starts = np.cumsum(lengths) - lengths
    wanted = lengths[order]
    ends = np.cumsum(wanted)
    total = int(ends[-1]) if len(ends) else 0
    shift = np.repeat(starts[order] - (ends - wanted), wanted)
    return data[np.arange(total, dtype=np.int64) + shift], ends.tolist()
