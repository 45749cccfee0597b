"""Taking documents out of a built index layer: the main index after articles changed or were withdrawn.

A changed, withdrawn or removed article's old text must not stay downloadable (第十八、十九条): not in
its result pack, and not in its pairs' positions, from which the text can be read back. Rebuilding the
index cold costs seconds at 10,000 articles; taking one article out overwrites only the bytes that hold
it, in place, and leaves every other byte as it is.

A document's pairs, common grams and phrases (the families "", 3/ and f/) are computed from the text it
was indexed with, by the functions that built the index (searchindex.py: pair_keys, common_grams against
3/common.bin, family_keys against f/phrases.bin), so they are the keys its entries are under. A layer
without f/phrases.bin (indexed before the phrase family) has no f/ to scrub. The words of the clause table
(w/words.bin) are found in the whole text, as the builder finds them. Each list that holds the
document (in a shard, or a block of the list in a pair's own part) and each run of its offsets (in the shard,
or a block of the offsets in an own part, Rice coded with the block's own parameter, kept) is decoded,
re-encoded without the document and written over the old bytes; the bytes left over at the end of the span
are zeros. Every reader stops where its span's content ends (a list after its documents, offsets after the
counts the list gives, a block after the documents of its bit map, a sparse list of a sentence after the
documents it says it has), so the shards and parts keep their places (packs.bin stays as it is) and the block
directories stay as they are: a one-article change writes a few bytes in about a thousand places instead of
rewriting tens of megabytes.
(Taking a document out never lengthens a list: the next document's gap grows by at most the bytes the
removed entry frees.)

A pair no other document has leaves no trace: its header entry and its spans leave the shard, whose
other entries and spans move up, zeros filling the end (the shard keeps its size; an entry kept under
another key would still tell that a key sorted there, and how long its lists were), and its own part, if
any, leaves the pack the same way: the shard's later own parts move up (their places follow from the header),
zeros after them. (Only the blocks of the removed documents are read, so a list in a part of its own
is known to be empty only when one of its blocks is left without documents: then all are read.)

A key the text gives but the index lacks, a list without the document or with another count than the
text gives, or a span whose left-over bytes are not zeros means the folder is not what those texts
built: ScrubError, and the caller builds the index cold. So does a pair of 3/common.bin that no
document has any more: the table lists its two characters in the clear.

The result packs and document tables are search.py's: it blanks those itself, in the same way.
"""

from __future__ import annotations

import bisect
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from generator.site import searchsentences
from generator.site.searchindex import (
    BLOCK,
    FIRSTS_APART,
    RICE_MAX_K,
    SEPARATE,
    SPARSE,
    Packs,
    common_grams,
    family_keys,
    folded_units,
    pair_keys,
    shard_of,
)
from generator.site.searchphrases import Contexts, PhraseTable


@dataclass
class Patch:
    """Byte ranges to overwrite in files of a layer folder (by relative path)."""

    writes: dict[str, list[tuple[int, bytes]]] = field(default_factory=dict)

    def write(self, rel: str, at: int, data: bytes) -> None:
        self.writes.setdefault(rel, []).append((at, data))

    def files(self) -> int:
        return len(self.writes)


class ScrubError(Exception):
    """The folder does not hold what the removed documents' texts say it should."""


def scrub(folder: Path, documents: int, shards: int, removed: dict[int, str], patch: Patch | None = None) -> Patch:
    """What to overwrite in the packs of the layer in `folder` (its `documents` numbered from 0,
    its pairs in `shards` shards) to take out the documents of `removed` (id -> the text it was indexed with)."""
    patch = patch or Patch()
    try:
        packs = Packs.from_bytes(_read(folder / "packs.bin"))
    except ValueError as error:
        raise ScrubError(str(error)) from error
    table = np.frombuffer(_read(folder / "3/common.bin"), dtype="<u4")
    gram_shards, common = int(table[0]), table[2 : 2 + int(table[1])]
    families: list[tuple[str, int, dict[int, dict[int, int]]]] = [("", shards, {}), ("3/", gram_shards, {})]
    phrases = _phrase_table(folder / "f/phrases.bin")
    if phrases is not None:
        families.append(("f/", int(np.frombuffer(phrases[:4], "<u4")[0]), {}))
    sentence_bytes = _phrase_table(folder / "s/sentences.bin")
    sentences = PhraseTable.from_bytes(sentence_bytes)[1] if sentence_bytes is not None else None
    if sentence_bytes is not None:
        families.append(("s/", int(np.frombuffer(sentence_bytes[:4], "<u4")[0]), {}))
    words = _phrase_table(folder / "w/words.bin")
    if words is not None:
        families.append(("w/", int(np.frombuffer(words[:4], "<u4")[0]), {}))
    for doc, text in removed.items():
        if not 0 <= doc < documents:
            raise ScrubError(f"document {doc} is not in the layer")
        units = folded_units(text)
        interiors, in_table = None, np.zeros(0, np.uint32)
        if sentences is not None:  # its table sentences (in its body: the title ends at the first newline)
            body = len(text.partition("\n")[0].encode("utf-16-le", "surrogatepass")) // 2
            occurring, interiors = searchsentences.of_document(units, body, sentences)
            in_table = np.repeat(
                np.array([rank for rank, _ in occurring], np.uint32), [len(at) for _, at in occurring]
            ).astype(np.uint32)
        found = [pair_keys(units, interiors), common_grams(units, common, interiors) >> np.uint64(32)]
        if phrases is not None:
            found.append(family_keys(units, phrases, interiors)[0])
        if sentences is not None:
            found.append(in_table)
        if words is not None:  # whole: every occurrence, inside table sentences and titles too
            found.append(family_keys(units, words)[0])
        for (_, _, holders), of_text in zip(families, found, strict=True):
            keys, counts = np.unique(of_text, return_counts=True)
            for key, count in zip(keys.tolist(), counts.tolist()):
                holders.setdefault(int(key), {})[doc] = int(count)
    blocks = -(-documents // BLOCK)
    tables = {
        "": set(common.tolist()),
        "3/": set(),
        "f/": set(),
        "s/": set(),
        "w/": set(),
    }  # keys a table lists in the clear (f/: all)
    for prefix, count, holders in families:
        by_shard: dict[int, dict[int, dict[int, int]]] = {}
        for key, docs in holders.items():
            by_shard.setdefault(shard_of(key, count), {})[key] = docs
        for shard, in_shard in sorted(by_shard.items()):
            _Shard(folder, prefix, shard, blocks, patch, tables[prefix], packs).remove(in_shard)
    return patch


def _phrase_table(path: Path) -> bytes | None:
    """The bytes of a layer's f/phrases.bin (u32 shards, u32 K, K u16 lengths, their units, then the phrases'
    contexts) or of a table laid out as it without contexts (s/sentences.bin, w/words.bin), or None when the layer
    has no such family (a layer indexed before it had one)."""
    if not path.exists() and not path.is_symlink():
        return None
    data = _read(path)
    head = np.frombuffer(data[:8], "<u4") if len(data) >= 8 else np.zeros(0, np.uint32)
    if len(head) < 2 or len(data) < 8 + 2 * int(head[1]) or len(data) % 2:
        raise ScrubError(f"{path}: not a phrase table")
    lengths = np.frombuffer(data[8 : 8 + 2 * int(head[1])], "<u2")
    shards = int(head[0])
    size = 8 + 2 * int(head[1]) + 2 * int(lengths.sum())
    if shards < 1 or shards & (shards - 1) or len(data) < size or (len(data) > size and path.name != "phrases.bin"):
        raise ScrubError(f"{path}: not a phrase table")
    try:  # f/phrases.bin: the contexts after the table (searchphrases.Contexts)
        Contexts.from_bytes(data, PhraseTable.from_bytes(data)[1])
    except (ValueError, UnicodeDecodeError) as error:
        raise ScrubError(f"{path}: not a phrase table") from error
    return data


def _pread(path: str, at: int, size: int) -> bytes:
    """`size` bytes of a file from `at`: all of them, or ScrubError."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as error:
        raise ScrubError(f"{path}: {error}") from error
    try:
        data = os.pread(fd, size, at)
    finally:
        os.close(fd)
    if len(data) != size:
        raise ScrubError(f"{path}: shorter than packs.bin says")
    return data


def _read(path: Path | str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as error:
        raise ScrubError(f"{path}: {error}") from error


# The lists a one-article scrub touches are small (a few hundred bytes; thousands of them): bytes and plain
# Python cost less there than numpy's per-call overhead. A span longer than this is scanned by numpy.
_VECTOR = 96


def _ends(data: bytes, start: int, stop: int, wanted: int | None = None) -> list[int]:
    """Where each of the first `wanted` LEB128 values of data[start:stop] ends (all of them when None).

    What follows them must be zeros (the padding a scrub leaves); anything else is an error, and so is
    a span with fewer values or a value of more than five bytes (32 bits).
    """
    if stop - start > _VECTOR:
        found = np.flatnonzero(np.frombuffer(data, np.uint8, stop - start, start) < 128) + (start + 1)
        if wanted is None:
            wanted = len(found)
        if len(found) < wanted:
            raise ScrubError("a span shorter than its content")
        found = found[:wanted]
        if wanted and (int(found[0]) - start > 5 or (wanted > 1 and int((found[1:] - found[:-1]).max()) > 5)):
            raise ScrubError("a number longer than 32 bits")
        ends: list[int] = found.tolist()
    else:
        ends, last = [], start
        if wanted != 0:
            for i in range(start, stop):
                if data[i] < 128:
                    if i - last > 4:
                        raise ScrubError("a number longer than 32 bits")
                    last = i + 1
                    ends.append(last)
                    if len(ends) == wanted:
                        break
        if wanted is None:
            wanted = len(ends)
        if len(ends) < wanted:
            raise ScrubError("a span shorter than its content")
    end = ends[-1] if ends else start
    if data.count(0, end, stop) != stop - end:
        raise ScrubError("bytes after a span's content that are not zeros")
    return ends


def _decode(data: bytes, start: int, ends: list[int]) -> list[int]:
    """The values whose varints run from `start` to each of `ends` in turn."""
    values, at = [], start
    for end in ends:
        if end - at == 1:
            values.append(data[at])
        else:
            value = 0
            for shift, i in enumerate(range(at, end)):
                value |= (data[i] & 0x7F) << (7 * shift)
            values.append(value)
        at = end
    return values


def _encode(values: list[int]) -> bytes:
    """LEB128 of uint32 values (as searchindex.varints writes them)."""
    out = bytearray()
    for value in values:
        value &= 0xFFFFFFFF
        while value >= 128:
            out.append(value & 0x7F | 0x80)
            value >>= 7
        out.append(value)
    return bytes(out)


def _padded(data: bytes, size: int) -> bytes:
    if len(data) > size:
        raise ScrubError("a list that grew")  # cannot happen: see the module's docstring
    return data + bytes(size - len(data))


def _without_values(data: bytes, start: int, stop: int, per_doc: list[int], gone: list[bool]) -> bytes:
    """A run of offsets data[start:stop] (each document's `per_doc` values in turn) without the documents in
    `gone`, padded with zeros to its length."""
    ends = _ends(data, start, stop, sum(per_doc))
    cut, at, k = [], start, 0
    for count, drop in zip(per_doc, gone):
        end = ends[k + count - 1] if count else at
        if drop and end > at:
            cut.append((at, end))
        at, k = end, k + count
    return _padded(_cut(data, start, [*cut, (at, at)]), stop - start)


def _rice_values(data: bytes, n: int) -> list[int]:
    """The `n` values of a block of offsets in an own part (searchindex._rice_parts: u8 k, then bits from the lowest
    of each byte: the values' low k bits, then their high parts in unary). Every bit after them must be 0."""
    if not n:
        if data.count(0) != len(data):
            raise ScrubError("bytes in a block of offsets without any")
        return []
    if not data:
        raise ScrubError("an empty block of offsets where the list has some")
    k = data[0]
    if k > RICE_MAX_K:
        raise ScrubError(f"a block of offsets with parameter {k} (at most {RICE_MAX_K})")
    if 8 * len(data) < 8 + n * (k + 1):
        raise ScrubError("a block of offsets shorter than its content")
    if n <= _FEW:
        return _few_values(data, n, k)
    bits = np.unpackbits(np.frombuffer(data, np.uint8, offset=1), bitorder="little")
    low = bits[: n * k].reshape(n, k).astype(np.int64) @ (np.int64(1) << np.arange(k, dtype=np.int64))
    stops = np.flatnonzero(bits[n * k :])
    if len(stops) < n:
        raise ScrubError("a block of offsets shorter than its content")
    if len(stops) > n:
        raise ScrubError("bits after a block's offsets that are not zeros")
    high = np.diff(stops, prepend=-1) - 1
    values: list[int] = ((high << k) | low).tolist()
    return values


# Blocks of this many values or fewer (most of those a one-article scrub touches) are read and written through
# strings of binary digits: numpy's calls cost more there (5 values: 36 µs against 5 µs; 300: 44 against 188).
_FEW = 40


def _few_values(data: bytes, n: int, k: int) -> list[int]:
    """_rice_values of a short block, its bits lowest first in a string of binary digits."""
    bits = format(int.from_bytes(data[1:], "little"), "b")[::-1]
    values, at = [], n * k
    for i in range(n):
        stop = bits.find("1", at)
        if stop < 0:
            raise ScrubError("a block of offsets shorter than its content")
        values.append((stop - at) << k | (int(bits[i * k : i * k + k][::-1], 2) if k else 0))
        at = stop + 1
    if len(bits) > at:
        raise ScrubError("bits after a block's offsets that are not zeros")
    return values


def _rice_block(values: list[int], k: int, size: int) -> bytes:
    """`values` as _rice_values reads them, with parameter `k`, padded with zeros to `size` bytes."""
    if not values:
        return bytes(size)
    if len(values) <= _FEW:
        mask = (1 << k) - 1
        digits = "".join("1" + "0" * (v >> k) for v in reversed(values))  # highest bit first
        if k:
            digits += "".join(format(v & mask, "b").zfill(k) for v in reversed(values))
        return _padded(bytes([k]) + int(digits, 2).to_bytes((len(digits) + 7) // 8, "little"), size)
    v = np.array(values, np.int64)
    high = v >> k
    bits = np.zeros(len(v) * k + int(high.sum()) + len(v), np.uint8)
    bits[: len(v) * k] = ((v[:, None] >> np.arange(k, dtype=np.int64)) & 1).ravel()
    bits[len(v) * k + np.cumsum(high + 1) - 1] = 1
    return _padded(bytes([k]) + np.packbits(bits, bitorder="little").tobytes(), size)


def _rice_without(data: bytes, per_doc: list[int], gone: list[bool]) -> bytes:
    """A block of offsets in an own part (each document's `per_doc` values in turn) without the documents in
    `gone`, with the same parameter (so never longer: fewer values, no larger one), zeros after."""
    values, kept, at = _rice_values(data, sum(per_doc)), [], 0
    for count, drop in zip(per_doc, gone):
        if not drop:
            kept += values[at : at + count]
        at += count
    return _rice_block(kept, data[0] if data else 0, len(data))


def _doc_block(data: bytes, start: int, stop: int, block: int) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """A block of an own list, data[start:stop] (a u64 map of its documents, then per document v(first·4 + min(count-1, 3))
    and v(count-4) when count ≥ 4): its documents' ids, counts and byte spans (in `data`) after the map."""
    if stop - start < 8:
        raise ScrubError("a block without its map")
    bits = int.from_bytes(data[start : start + 8], "little")
    ends = _ends(data, start + 8, stop)  # every varint, the padding's zeros too
    ids, counts, spans, at, k, last = [], [], [], start + 8, 0, len(ends)
    while bits:
        low = bits & -bits
        bits ^= low
        if k >= last:
            raise ScrubError("a block with fewer entries than documents")
        begin, count = at, (data[at] & 3) + 1  # the value mod 4 is its first byte's mod 4
        at, k = ends[k], k + 1
        if count == 4:
            if k >= last:
                raise ScrubError("a block with fewer entries than documents")
            count += data[at] if ends[k] - at == 1 else _decode(data, at, [ends[k]])[0]
            at, k = ends[k], k + 1
        ids.append(block * BLOCK + low.bit_length() - 1)
        counts.append(count)
        spans.append((begin, at))
    if data.count(0, at, stop) != stop - at:
        raise ScrubError("bytes after a block's documents that are not zeros")
    return ids, counts, spans


def _count_block(data: bytes, block: int) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """A block of a FIRSTS_APART family's own list (a u64 map of its documents, a u64 map of those holding the gram
    more than once, then v(count - 2) of each of those), as _doc_block gives it (a document once: an empty span)."""
    if len(data) < 16:
        raise ScrubError("a block without its maps")
    bits, more = int.from_bytes(data[:8], "little"), int.from_bytes(data[8:16], "little")
    if more & ~bits:
        raise ScrubError("a block counting documents it does not list")
    ends = _ends(data, 16, len(data))
    ids, counts, spans, at, k = [], [], [], 16, 0
    while bits:
        low = bits & -bits
        bits ^= low
        count, begin = 1, at
        if more & low:
            if k >= len(ends):
                raise ScrubError("a block with fewer entries than documents")
            count = 2 + _decode(data, at, [ends[k]])[0]
            at, k = ends[k], k + 1
        ids.append(block * BLOCK + low.bit_length() - 1)
        counts.append(count)
        spans.append((begin, at))
    if data.count(0, at) != len(data) - at:
        raise ScrubError("bytes after a block's documents that are not zeros")
    return ids, counts, spans


def _sparse_counts(data: bytes, documents: int) -> list[tuple[int, int]]:
    """(document, count) of a sparse FIRSTS_APART list (searchindex _count_lists: v(documents), then per document
    v(gap · 2 + more) [v(count - 2)]), its documents counted from the layer's first, fewer than `documents`."""
    values = _decode(data, 0, _ends(data, 0, len(data)))  # every varint, the padding's zeros too
    if not values:
        raise ScrubError("a list without its length")
    n, k, doc, out = values[0], 1, -1, []
    for _ in range(n):
        if k >= len(values):
            raise ScrubError("a list with fewer entries than documents")
        value, k = values[k], k + 1
        doc += 1 + value // 2
        count = 1
        if value % 2:
            if k >= len(values):
                raise ScrubError("a list with fewer entries than documents")
            count, k = 2 + values[k], k + 1
        out.append((doc, count))
    if any(values[k:]) or doc >= documents:
        raise ScrubError("a list with more than its documents")
    return out


def _sparse_bytes(entries: list[tuple[int, int]]) -> bytes:
    """_sparse_counts's list written back."""
    values, before = [len(entries)], -1
    for doc, count in entries:
        values.append((doc - before - 1) * 2 + (count > 1))
        if count > 1:
            values.append(count - 2)
        before = doc
    return _encode(values)


def _cut(data: bytes, start: int, spans: list[tuple[int, int]]) -> bytes:
    """`data` from `start` up to the end of its last span, without the (sorted) `spans` to cut."""
    out, at = [], start
    for begin, end in spans:
        out.append(data[at:begin])
        at = end
    return b"".join(out)


class _Own:
    """A blocked list or offsets of a pair's own part (each u32 block ends, then the blocks), `size` bytes from
    `base` in its pack, read block by block. A directory that points past the part is an error: the bytes there
    are another pair's."""

    def __init__(self, path: str, blocks: int, base: int, size: int):
        self.blocks = blocks
        try:
            self.fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError as error:
            raise ScrubError(f"{path}: {error}") from error
        self.head = base + 4 * blocks
        try:
            self.directory = self._pread(4 * blocks, base)
            if blocks and 4 * blocks + int.from_bytes(self.directory[-4:], "little") > size:
                raise ScrubError("a block directory that points past its part")
        except ScrubError:
            self.close()
            raise

    def _pread(self, size: int, at: int) -> bytes:
        data = os.pread(self.fd, size, at)
        if len(data) != size:
            raise ScrubError("a file shorter than its directory says")
        return data

    def _span(self, number: int) -> tuple[int, int]:
        start = int.from_bytes(self.directory[4 * number - 4 : 4 * number], "little") if number else 0
        return start, int.from_bytes(self.directory[4 * number : 4 * number + 4], "little")

    def block(self, number: int) -> tuple[int, bytes]:
        """Where block `number` starts in the file, and its bytes."""
        start, end = self._span(number)
        if end < start:
            raise ScrubError("a directory whose ends go back")
        return self.head + start, self._pread(end - start, self.head + start)

    def has_documents(self, number: int) -> bool:
        """Whether block `number`'s map (of an own list) has any document."""
        at, size = self._span(number)
        return size > at and any(self._pread(8, self.head + at))

    def close(self) -> None:
        os.close(self.fd)


class _Entry(NamedTuple):
    """A pair's header entry in its shard: whether its list (d) and offsets (p) are in its part of its own, and
    their sizes and places in the shard (p_at: from the start of the shard's offsets)."""

    d_own: bool
    p_own: bool
    d_at: int
    d_size: int
    p_at: int
    p_size: int


class _Shard:
    """One shard of a family (header, lists, offsets) and its pairs' own parts, which follow it in its pack."""

    def __init__(
        self, folder: Path, prefix: str, shard: int, blocks: int, patch: Patch, tabled: set[int], packs: Packs
    ):
        self.folder, self.prefix, self.shard, self.blocks, self.patch = str(folder), prefix, shard, blocks, patch
        self.tabled = tabled  # keys a table lists (3/common.bin): one no document has would stay there
        self.later = (
            0 if prefix in FIRSTS_APART else 1
        )  # offsets a document lacks in the offsets: its first (in the list)
        self.d_name = f"{prefix}shard {shard}"  # in messages
        place = packs.place(prefix, shard)
        if place is None:
            raise ScrubError(f"{self.d_name}: not in packs.bin")
        self.pack, self.start, size = place
        self.path = f"{self.folder}/{self.pack}"
        self.d = _pread(self.path, self.start, size)
        count = int.from_bytes(self.d[:4], "little") if len(self.d) >= 4 else -1
        if count < 0 or len(self.d) < 4 + 12 * count:
            raise ScrubError(f"{self.d_name}: a header longer than the shard")
        header = np.frombuffer(self.d, "<u4", 3 * count, 4).reshape(count, 3).astype(np.int64)
        self.keys = header[:, 0].tolist()
        own = header[:, 1:] >= SEPARATE  # a list (d) or its offsets (p) in a part of its own
        sizes = np.where(own, 0, header[:, 1:])
        ends = np.cumsum(sizes, axis=0)
        self.lists_at = 4 + 12 * count
        self.p_base = self.lists_at + (int(ends[-1, 0]) if count else 0)  # where the shard's offsets start
        self.end = self.p_base + (int(ends[-1, 1]) if count else 0)  # then zeros (entries an earlier scrub dropped)
        if self.end > len(self.d) or self.d[self.end :].strip(b"\0"):
            raise ScrubError(f"{self.d_name}: lists that do not match the header")
        self.p = self.d[self.p_base : self.end]
        self.header = header
        self.dropped: list[int] = []  # entries of keys left in no document: taken out of the header at the end
        self.ends, self.sizes, self.own = ends, sizes, own  # read per entry: a scrub needs a few
        # the own parts, in header order from the shard's end: each entry's list (if own), then its offsets (if own)
        self.own_sizes = np.where(own, header[:, 1:] & ~(SEPARATE | SPARSE), 0).sum(axis=1)
        self.own_ends = self.start + size + np.cumsum(self.own_sizes)
        if count and int(self.own_ends[-1]) > packs.region_end(prefix, shard, os.path.getsize(self.path)):
            raise ScrubError(f"{self.d_name}: own parts that run into the next shard")

    def _own_at(self, j: int) -> int:
        """Where entry j's own part starts in the pack."""
        return int(self.own_ends[j] - self.own_sizes[j])

    def _write(self, at: int, data: bytes) -> None:
        """Overwrite the shard's bytes from `at` (within the shard)."""
        self.patch.write(self.pack, self.start + at, data)

    def _entry(self, j: int) -> _Entry:
        d_size, p_size = int(self.sizes[j, 0]), int(self.sizes[j, 1])
        d_at = self.lists_at + int(self.ends[j, 0]) - d_size
        return _Entry(bool(self.own[j, 0]), bool(self.own[j, 1]), d_at, d_size, int(self.ends[j, 1]) - p_size, p_size)

    def remove(self, keys: dict[int, dict[int, int]]) -> None:
        """Take out of each pair's list the documents given with the times the pair occurs in each."""
        for key, docs in sorted(keys.items()):
            j = bisect.bisect_left(self.keys, key)
            if j >= len(self.keys) or self.keys[j] != key:
                raise ScrubError(f"{self.d_name}: pair {key} is not in the index")
            entry = self._entry(j)
            if entry.d_own and self.header[j, 1] & SPARSE:
                self._remove_from_sparse_list(j, entry, key, docs)
            elif entry.d_own:
                self._remove_from_own_list(j, entry, key, docs)
            else:
                self._remove_from_shard_list(j, entry, key, docs)
        if self.dropped:
            self._compact()

    def _remove_from_shard_list(self, j: int, entry: _Entry, key: int, docs: dict[int, int]) -> None:
        start, stop = entry.d_at, entry.d_at + entry.d_size
        end = start
        while end < stop and self.d[end] >= 128:
            end += 1
        if end >= stop:
            raise ScrubError(f"{self.d_name}: a list without its length")
        n = _decode(self.d, start, [end + 1])[0]
        values = _decode(self.d, start, _ends(self.d, start, stop, 1 + 3 * n))
        ids, counts, firsts, doc = [], [], [], 0
        for i in range(n):
            doc = values[1 + 3 * i] if i == 0 else doc + values[1 + 3 * i]
            ids.append(doc)
            counts.append(values[2 + 3 * i])
            firsts.append(values[3 + 3 * i])
        gone = [doc in docs for doc in ids]
        if sum(gone) != len(docs) or any(docs[doc] != count for doc, count in zip(ids, counts) if doc in docs):
            raise ScrubError(f"{self.d_name}: pair {key} not listed as often as the text has it")
        if entry.p_own:
            blocks = {d // BLOCK for d in docs}
            in_block: dict[int, tuple[list[int], list[int]]] = {}
            for doc, count in zip(ids, counts):
                if doc // BLOCK in blocks:
                    in_block.setdefault(doc // BLOCK, ([], []))
                    in_block[doc // BLOCK][0].append(doc)
                    in_block[doc // BLOCK][1].append(count)
            self._remove_own_positions(j, key, in_block, docs, 0)
        elif entry.p_size:
            p_start, p_stop = entry.p_at, entry.p_at + entry.p_size
            run = _without_values(self.p, p_start, p_stop, [c - self.later for c in counts], gone)
            self._write(self.p_base + p_start, run)
        kept = [(doc, count, first) for doc, count, first, out in zip(ids, counts, firsts, gone) if not out]
        if not kept:
            self._blank(j, entry, key)
            return
        elements, previous = [len(kept)], 0
        for doc, count, first in kept:
            elements += [doc - previous, count, first]
            previous = doc
        self._write(start, _padded(_encode(elements), entry.d_size))

    def _remove_from_own_list(self, j: int, entry: _Entry, key: int, docs: dict[int, int]) -> None:
        name = f"{self.d_name}: pair {key}"
        if not entry.p_own and entry.p_size:
            raise ScrubError(f"{name}: offsets in the shard (an index of an earlier layout)")
        lists = _Own(self.path, self.blocks, self._own_at(j), self._own_list_size(j))
        try:
            in_block: dict[int, tuple[list[int], list[int]]] = {}
            emptied = left = False
            for block in sorted({doc // BLOCK for doc in docs}):
                if block >= self.blocks:
                    raise ScrubError(f"{name}: a document beyond the layer")
                at, data = lists.block(block)
                counted = not self.later  # FIRSTS_APART: counts only, in two maps and the varints
                ids, counts, spans = _count_block(data, block) if counted else _doc_block(data, 0, len(data), block)
                listed = {doc: count for doc, count in zip(ids, counts) if doc in docs}
                if listed != {doc: count for doc, count in docs.items() if doc // BLOCK == block}:
                    raise ScrubError(f"{name}: not listed as often as the text has it")
                in_block[block] = (ids, counts)
                gone = ~sum(1 << (doc % BLOCK) for doc in listed)
                maps = [int.from_bytes(data[8 * m : 8 * m + 8], "little") & gone for m in range(1 + counted)]
                bitmap = maps[0]
                cut = [span for doc, span in zip(ids, spans) if doc in docs] + [(spans[-1][1], spans[-1][1])]
                kept = _cut(data, 8 * len(maps), cut)
                head = b"".join(m.to_bytes(8, "little") for m in maps)
                self.patch.write(self.pack, at, _padded(head + kept, len(data)))
                emptied, left = emptied or not bitmap, left or bool(bitmap)
            # A block left without documents (rare: it held up to 64): when no block holds any (neither one
            # just rewritten nor another), the pair goes.
            gone_all = (
                emptied
                and not left
                and not any(lists.has_documents(b) for b in range(self.blocks) if b not in in_block)
            )
        finally:
            lists.close()
        if entry.p_own:
            self._remove_own_positions(j, key, in_block, docs, self._own_list_size(j))  # after its list
        if gone_all:
            self._blank(j, entry, key)

    def _own_list_size(self, j: int) -> int:
        return int(self.header[j, 1]) & ~(SEPARATE | SPARSE)

    def _remove_from_sparse_list(self, j: int, entry: _Entry, key: int, docs: dict[int, int]) -> None:
        """A sentence's list without blocks (searchindex _count_lists): decoded whole, written back without the
        documents, zeros after it."""
        name, size = f"{self.d_name}: pair {key}", self._own_list_size(j)
        data = _pread(self.path, self._own_at(j), size)
        try:
            entries = _sparse_counts(data, self.blocks * BLOCK)
        except ScrubError as error:
            raise ScrubError(f"{name}: {error}") from error
        if {doc: count for doc, count in entries if doc in docs} != docs:
            raise ScrubError(f"{name}: not listed as often as the text has it")
        kept = [(doc, count) for doc, count in entries if doc not in docs]
        if not kept:
            self._blank(j, entry, key)  # a table's sentence: refused (cold build)
        self.patch.write(self.pack, self._own_at(j), _padded(_sparse_bytes(kept), size))
        if entry.p_own:
            blocks = {doc // BLOCK for doc in docs}
            in_block: dict[int, tuple[list[int], list[int]]] = {b: ([], []) for b in blocks}
            for doc, count in entries:
                if doc // BLOCK in blocks:
                    in_block[doc // BLOCK][0].append(doc)
                    in_block[doc // BLOCK][1].append(count)
            self._remove_own_positions(j, key, in_block, docs, size)

    def _remove_own_positions(
        self, j: int, key: int, in_block: dict[int, tuple[list[int], list[int]]], docs: dict[int, int], base: int
    ) -> None:
        """Take the documents out of the offsets in entry j's own part, `base` bytes in (after its list)."""
        offsets = _Own(self.path, self.blocks, self._own_at(j) + base, int(self.header[j, 2]) & ~SEPARATE)
        try:
            for block, (ids, counts) in sorted(in_block.items()):
                at, data = offsets.block(block)
                run = _rice_without(data, [c - self.later for c in counts], [doc in docs for doc in ids])
                self.patch.write(self.pack, at, run)
        finally:
            offsets.close()

    def _blank(self, j: int, entry: _Entry, key: int) -> None:
        """No document has the pair any more: its entry leaves the header, its own part the pack (_compact)."""
        if key in self.tabled or self.prefix in ("f/", "s/", "w/"):
            # 3/common.bin lists the pair, f/phrases.bin the phrase, s/sentences.bin the sentence, w/words.bin
            # the word, in the clear:
            # one that no document has any more would stay readable there. Rare (they are the commonest): build
            # cold.
            raise ScrubError(f"{self.d_name}: {self.prefix or 'pair'} key {key} of a table is left in no document")
        self.dropped.append(j)

    def _patched(self, start: int, size: int) -> bytearray:
        """The pack's bytes from `start` (size bytes) with the writes planned there so far, which they replace."""
        current = bytearray(_pread(self.path, start, size))
        kept = []
        for at, data in self.patch.writes.get(self.pack, []):
            if start <= at < start + size:
                current[at - start : at - start + len(data)] = data
            else:
                kept.append((at, data))
        self.patch.writes[self.pack] = kept
        return current

    def _compact(self) -> None:
        """The shard without the dropped entries: a header entry kept in its place (even under another key) would
        still say that some key sorted there and how long its lists were. The shard as patched so far, its dropped
        entries' header rows and in-shard bytes cut out, the rest moved up and zeros after it: the shard keeps its
        size and every reader stops where the header's lists end. Its own parts alike: the dropped entries' cut
        out, the later ones moved up (where the header's sizes say they are), zeros after them."""
        current = self._patched(self.start, len(self.d))
        gone = set(self.dropped)
        kept = [j for j in range(len(self.keys)) if j not in gone]
        lists, offsets = [], []
        for j in kept:
            entry = self._entry(j)
            lists.append(current[entry.d_at : entry.d_at + entry.d_size])
            offsets.append(current[self.p_base + entry.p_at : self.p_base + entry.p_at + entry.p_size])
        rows = self.header[kept].astype("<u4")  # keys and sizes as they were: a scrub pads lists in place
        body = len(kept).to_bytes(4, "little") + rows.tobytes() + b"".join(lists) + b"".join(offsets)
        self._write(0, body + bytes(len(self.d) - len(body)))
        if any(self.own_sizes[j] for j in gone):
            first = self.start + len(self.d)
            parts = self._patched(first, int(self.own_ends[-1]) - first)
            moved = b"".join(parts[self._own_at(j) - first : int(self.own_ends[j]) - first] for j in kept)
            self.patch.write(self.pack, first, moved + bytes(len(parts) - len(moved)))
