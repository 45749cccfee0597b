"""Taking documents out of a built index layer: the main index after articles changed or were withdrawn.

A changed, withdrawn or removed article's old text must not stay downloadable (第十八、十九条): not in
its result pack, and not in its pairs' positions, from which the text can be read back. Rebuilding the
index cold costs seconds at 10,000 articles; taking one article out overwrites only the bytes that hold
it, in place, and leaves every other byte as it is.

A document's pairs, common grams and phrases (the families "", 3/ and f/) are computed from the text it
was indexed with, by the functions that built the index (searchindex.py: pair_keys, common_grams against
3/common.bin, family_keys against f/phrases.bin), so they are the keys its entries are under. A layer
without f/phrases.bin (indexed before the phrase family) has no f/ to scrub. Each list that holds the
document (in a shard, or a block of an e/ file) and each run of its offsets (in p/, or a block of a q/
file) is decoded, re-encoded without the document and written over the old bytes; the bytes left over
at the end of the span are zeros. Every reader stops where its span's content ends (a list after its
documents, offsets after the counts the list gives, a block after the documents of its bit map), so
files keep their sizes and the shard headers and block directories stay as they are: a one-article
change writes a few bytes in a few thousand files instead of rewriting tens of megabytes. (Taking a
document out never lengthens a list: the next document's gap grows by at most the bytes the removed
entry frees.)

A pair no other document has leaves no trace: its header entry takes the key before it (a reader stops
at the first entry with the key it wants, so the copy is never read), its spans are zeros, and its own
files, if any, are deleted. (Only the blocks of the removed documents are read, so a list in a file of
its own is known to be empty only when one of its blocks is left without documents: then all are read.)

A key the text gives but the index lacks, a list without the document or with another count than the
text gives, or a span whose left-over bytes are not zeros means the folder is not what those texts
built: ScrubError, and the caller builds the index cold. So does a pair of 3/common.bin that no
document has any more: the table lists its two characters in the clear.

The result packs and document tables are search.py's: it blanks those itself, in the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from generator.site import searchsentences
from generator.site.searchindex import (
    BLOCK,
    SEPARATE,
    common_grams,
    family_keys,
    folded_units,
    pair_keys,
    shard_of,
    varints,
)
from generator.site.searchphrases import PhraseTable


@dataclass
class Patch:
    """Byte ranges to overwrite in files of a layer folder (by relative path), and files to delete."""

    writes: dict[str, list[tuple[int, bytes]]] = field(default_factory=dict)
    deletions: set[str] = field(default_factory=set)

    def write(self, rel: str, at: int, data: bytes) -> None:
        self.writes.setdefault(rel, []).append((at, data))

    def files(self) -> int:
        return len(self.writes) + len(self.deletions)


class ScrubError(Exception):
    """The folder does not hold what the removed documents' texts say it should."""


def scrub(folder: Path, documents: int, shards: int, removed: dict[int, str], patch: Patch | None = None) -> Patch:
    """What to overwrite in the d/ p/ e/ q/ files of the layer in `folder` (its `documents` numbered from 0,
    its pairs in `shards` shards) to take out the documents of `removed` (id -> the text it was indexed with)."""
    patch = patch or Patch()
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
    }  # keys a table lists in the clear (f/: all)
    for prefix, count, holders in families:
        by_shard: dict[int, dict[int, dict[int, int]]] = {}
        for key, docs in holders.items():
            by_shard.setdefault(shard_of(key, count), {})[key] = docs
        for shard, in_shard in sorted(by_shard.items()):
            _Shard(folder, prefix, shard, blocks, patch, tables[prefix]).remove(in_shard)
    return patch


def _phrase_table(path: Path) -> bytes | None:
    """The bytes of a layer's f/phrases.bin (u32 shards, u32 K, K u16 lengths, their units), or None when
    the layer has no phrase family (a layer indexed before it had one)."""
    if not path.exists() and not path.is_symlink():
        return None
    data = _read(path)
    head = np.frombuffer(data[:8], "<u4") if len(data) >= 8 else np.zeros(0, np.uint32)
    if len(head) < 2 or len(data) < 8 + 2 * int(head[1]) or len(data) % 2:
        raise ScrubError(f"{path}: not a phrase table")
    lengths = np.frombuffer(data[8 : 8 + 2 * int(head[1])], "<u2")
    shards = int(head[0])
    if shards < 1 or shards & (shards - 1) or len(data) != 8 + 2 * int(head[1]) + 2 * int(lengths.sum()):
        raise ScrubError(f"{path}: not a phrase table")
    return data


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ScrubError(f"{path}: {error}") from error


def _values(data: np.ndarray, wanted: int | None = None) -> tuple[list[int], list[int]]:
    """The first `wanted` LEB128 values of a span (all of it when None) and the byte where each ends.

    What follows them must be zeros (the padding a scrub leaves); anything else is an error.
    """
    ends = np.flatnonzero(data < 128) + 1
    if wanted is None:
        wanted = len(ends)
    if len(ends) < wanted:
        raise ScrubError("a span shorter than its content")
    ends = ends[:wanted]
    stop = int(ends[-1]) if wanted else 0
    if data[stop:].any():
        raise ScrubError("bytes after a span's content that are not zeros")
    if not wanted:
        return [], []
    starts = np.concatenate(([0], ends[:-1]))
    shift = np.arange(stop) - np.repeat(starts, ends - starts)
    if shift.max() > 4:
        raise ScrubError("a number longer than 32 bits")
    parts = (data[:stop] & 0x7F).astype(np.int64) << (7 * shift)
    return np.add.reduceat(parts, starts).tolist(), ends.tolist()


def _encode(values: list[int]) -> bytes:
    data, _ = varints(np.asarray(values, dtype=np.uint32))
    return data.tobytes()


def _padded(data: bytes, size: int) -> bytes:
    if len(data) > size:
        raise ScrubError("a list that grew")  # cannot happen: see the module's docstring
    return data + bytes(size - len(data))


def _without_values(data: np.ndarray, per_doc: list[int], gone: list[bool]) -> bytes:
    """A run of offsets (each document's `per_doc` values in turn) without the documents in `gone`,
    padded with zeros to its length."""
    _, ends = _values(data, sum(per_doc))
    cut, at, k = [], 0, 0
    for count, drop in zip(per_doc, gone):
        end = ends[k + count - 1] if count else at
        if drop and end > at:
            cut.append((at, end))
        at, k = end, k + count
    return _padded(_cut(data, [*cut, (at, at)]), len(data))


def _doc_block(data: np.ndarray, block: int) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """An e/ block (a u64 map of its documents, then per document v(first·4 + min(count-1, 3)) and
    v(count-4) when count ≥ 4): its documents' ids, counts and byte spans after the map."""
    if len(data) < 8:
        raise ScrubError("a block without its map")
    bits = np.flatnonzero(np.unpackbits(data[:8], bitorder="little")).tolist()
    body = data[8:]
    values, stops = _values(body)  # every varint, the padding's zeros too
    ids, counts, spans, at, k = [], [], [], 0, 0
    for local in bits:
        if k >= len(stops):
            raise ScrubError("a block with fewer entries than documents")
        start, count = at, values[k] % 4 + 1
        at, k = stops[k], k + 1
        if count == 4:
            if k >= len(stops):
                raise ScrubError("a block with fewer entries than documents")
            count += values[k]
            at, k = stops[k], k + 1
        ids.append(block * BLOCK + local)
        counts.append(count)
        spans.append((start, at))
    if body[at:].any():
        raise ScrubError("bytes after a block's documents that are not zeros")
    return ids, counts, spans


def _one(data: np.ndarray, start: int, end: int) -> int:
    value = 0
    for shift, byte in enumerate(data[start:end].tolist()):
        value |= (byte & 0x7F) << (7 * shift)
    return value


def _cut(data: np.ndarray, spans: list[tuple[int, int]]) -> bytes:
    """`data` up to the end of its last span, without the (sorted) `spans` to cut."""
    out, at = [], 0
    for start, end in spans:
        out.append(data[at:start].tobytes())
        at = end
    return b"".join(out)


class _Own:
    """A blocked file of its own (e/ or q/: u32 block ends, then the blocks), read block by block."""

    def __init__(self, path: Path, blocks: int):
        self.blocks = blocks
        try:
            self.fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError as error:
            raise ScrubError(f"{path}: {error}") from error
        self.head = 4 * blocks
        self.ends = np.frombuffer(self._pread(self.head, 0), "<u4").astype(np.int64)

    def _pread(self, size: int, at: int) -> bytes:
        data = os.pread(self.fd, size, at)
        if len(data) != size:
            raise ScrubError("a file shorter than its directory says")
        return data

    def block(self, number: int) -> tuple[int, np.ndarray]:
        """Where block `number` starts in the file, and its bytes."""
        start = int(self.ends[number - 1]) if number else 0
        size = int(self.ends[number]) - start
        if size < 0:
            raise ScrubError("a directory whose ends go back")
        return self.head + start, np.frombuffer(self._pread(size, self.head + start), np.uint8)

    def has_documents(self, number: int) -> bool:
        """Whether block `number`'s map (of an e/ file) has any document."""
        at, size = (int(self.ends[number - 1]) if number else 0), int(self.ends[number])
        return size > at and any(self._pread(8, self.head + at))

    def close(self) -> None:
        os.close(self.fd)


class _Shard:
    """One shard of a family (d/<shard>.bin, p/<shard>.bin) and the own files of its pairs."""

    def __init__(self, folder: Path, prefix: str, shard: int, blocks: int, patch: Patch, tabled: set[int]):
        self.folder, self.prefix, self.shard, self.blocks, self.patch = folder, prefix, shard, blocks, patch
        self.tabled = tabled  # keys a table lists (3/common.bin): one no document has would stay there
        self.d_name, self.p_name = f"{prefix}d/{shard}.bin", f"{prefix}p/{shard}.bin"
        self.d = np.frombuffer(_read(folder / self.d_name), dtype=np.uint8)
        p_path = folder / self.p_name
        self.p = np.frombuffer(_read(p_path), dtype=np.uint8) if p_path.exists() else np.zeros(0, np.uint8)
        count = int(self.d[:4].view("<u4")[0]) if len(self.d) >= 4 else -1
        if count < 0 or len(self.d) < 4 + 12 * count:
            raise ScrubError(f"{self.d_name}: a header longer than the file")
        header = self.d[4 : 4 + 12 * count].view("<u4").reshape(count, 3).astype(np.int64)
        self.keys = header[:, 0]
        self.d_own = (header[:, 1] >= SEPARATE).tolist()
        self.p_own = (header[:, 2] >= SEPARATE).tolist()
        d_size = np.where(header[:, 1] >= SEPARATE, 0, header[:, 1])
        p_size = np.where(header[:, 2] >= SEPARATE, 0, header[:, 2])
        d_at = 4 + 12 * count + np.cumsum(d_size) - d_size
        p_at = np.cumsum(p_size) - p_size
        if count and (d_at[-1] + d_size[-1] != len(self.d) or p_at[-1] + p_size[-1] != len(self.p)):
            raise ScrubError(f"{self.d_name}: lists that do not match the header")
        self.d_at, self.d_size = d_at.tolist(), d_size.tolist()
        self.p_at, self.p_size = p_at.tolist(), p_size.tolist()

    def remove(self, keys: dict[int, dict[int, int]]) -> None:
        """Take out of each pair's list the documents given with the times the pair occurs in each."""
        for key, docs in sorted(keys.items()):
            j = int(np.searchsorted(self.keys, key))  # the first entry with the key (later copies are blanks)
            if j >= len(self.keys) or self.keys[j] != key:
                raise ScrubError(f"{self.d_name}: pair {key} is not in the index")
            if self.d_own[j]:
                self._remove_from_own_list(j, key, docs)
            else:
                self._remove_from_shard_list(j, key, docs)

    def _remove_from_shard_list(self, j: int, key: int, docs: dict[int, int]) -> None:
        span = self.d[self.d_at[j] : self.d_at[j] + self.d_size[j]]
        first_end = np.flatnonzero(span < 128)
        if not len(first_end):
            raise ScrubError(f"{self.d_name}: a list without its length")
        n = _one(span, 0, int(first_end[0]) + 1)
        values, _ = _values(span, 1 + 3 * n)
        ids, counts, firsts, doc = [], [], [], 0
        for i in range(n):
            doc = values[1 + 3 * i] if i == 0 else doc + values[1 + 3 * i]
            ids.append(doc)
            counts.append(values[2 + 3 * i])
            firsts.append(values[3 + 3 * i])
        gone = [doc in docs for doc in ids]
        if sum(gone) != len(docs) or any(docs[doc] != count for doc, count in zip(ids, counts) if doc in docs):
            raise ScrubError(f"{self.d_name}: pair {key} not listed as often as the text has it")
        if self.p_own[j]:
            in_block: dict[int, tuple[list[int], list[int]]] = {}
            for doc, count in zip(ids, counts):
                if doc // BLOCK in {d // BLOCK for d in docs}:
                    in_block.setdefault(doc // BLOCK, ([], []))
                    in_block[doc // BLOCK][0].append(doc)
                    in_block[doc // BLOCK][1].append(count)
            self._remove_own_positions(key, in_block, docs)
        elif self.p_size[j]:
            run = self.p[self.p_at[j] : self.p_at[j] + self.p_size[j]]
            self.patch.write(self.p_name, self.p_at[j], _without_values(run, [c - 1 for c in counts], gone))
        kept = [(doc, count, first) for doc, count, first, out in zip(ids, counts, firsts, gone) if not out]
        if not kept:
            self._blank(j, key)
            return
        elements, previous = [len(kept)], 0
        for doc, count, first in kept:
            elements += [doc - previous, count, first]
            previous = doc
        self.patch.write(self.d_name, self.d_at[j], _padded(_encode(elements), self.d_size[j]))

    def _remove_from_own_list(self, j: int, key: int, docs: dict[int, int]) -> None:
        name = f"{self.prefix}e/{key}.bin"
        if not self.p_own[j] and self.p_size[j]:
            raise ScrubError(f"{name}: offsets in the shard (an index of an earlier layout)")
        lists = _Own(self.folder / name, self.blocks)
        try:
            in_block: dict[int, tuple[list[int], list[int]]] = {}
            emptied = left = False
            for block in sorted({doc // BLOCK for doc in docs}):
                if block >= self.blocks:
                    raise ScrubError(f"{name}: a document beyond the layer")
                at, data = lists.block(block)
                ids, counts, spans = _doc_block(data, block)
                listed = {doc: count for doc, count in zip(ids, counts) if doc in docs}
                if listed != {doc: count for doc, count in docs.items() if doc // BLOCK == block}:
                    raise ScrubError(f"{name}: pair {key} not listed as often as the text has it")
                in_block[block] = (ids, counts)
                bitmap = sum(1 << (doc % BLOCK) for doc in ids if doc not in docs)
                cut = [span for doc, span in zip(ids, spans) if doc in docs] + [(spans[-1][1], spans[-1][1])]
                kept = _cut(data[8:], cut)
                self.patch.write(name, at, _padded(bitmap.to_bytes(8, "little") + kept, len(data)))
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
        if self.p_own[j]:
            self._remove_own_positions(key, in_block, docs)
        if gone_all:
            self._blank(j, key)

    def _remove_own_positions(
        self, key: int, in_block: dict[int, tuple[list[int], list[int]]], docs: dict[int, int]
    ) -> None:
        name = f"{self.prefix}q/{key}.bin"
        offsets = _Own(self.folder / name, self.blocks)
        try:
            for block, (ids, counts) in sorted(in_block.items()):
                at, data = offsets.block(block)
                run = _without_values(data, [c - 1 for c in counts], [doc in docs for doc in ids])
                self.patch.write(name, at, run)
        finally:
            offsets.close()

    def _blank(self, j: int, key: int) -> None:
        """No document has the pair any more: its entry takes the key before it, its spans are zeros."""
        if key in self.tabled or self.prefix in ("f/", "s/"):
            # 3/common.bin lists the pair, f/phrases.bin the phrase, s/sentences.bin the sentence, in the clear: one
            # that no document has
            # any more would stay readable there. Rare (they are the commonest): build cold.
            raise ScrubError(f"{self.d_name}: {self.prefix or 'pair'} key {key} of a table is left in no document")
        before = int(self.keys[j - 1]) if j else 0
        self.keys[j] = before  # the entry after it, if blanked too, takes the same key (never this one's)
        self.patch.write(self.d_name, 4 + 12 * j, before.to_bytes(4, "little"))
        self.patch.write(self.d_name, self.d_at[j], bytes(self.d_size[j]))
        if self.p_size[j]:
            self.patch.write(self.p_name, self.p_at[j], bytes(self.p_size[j]))
        for own, kind in ((self.d_own[j], "e"), (self.p_own[j], "q")):
            if own:
                self.patch.writes.pop(f"{self.prefix}{kind}/{key}.bin", None)
                self.patch.deletions.add(f"{self.prefix}{kind}/{key}.bin")
