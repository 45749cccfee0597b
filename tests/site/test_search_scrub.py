"""Taking documents out of a built index (searchscrub.py), checked against the texts themselves.

An index layer is written by the real builder (searchindex.layer_files) over a corpus small enough to
read back whole, with the thresholds lowered so that every kind of list occurs: lists in the shards
and in parts of their own (in the pack after the shard), offsets in the shards and in parts of their own (after the
list), common grams
(3/), phrases (f/). A reader written here, independently of the code under test, decodes every file into
{(family, key): {document: offsets}}; it must equal what the texts give, before any document is taken
out (the control: the reader is right) and after (the scrub is right). The scrub overwrites spans in
place: what is left of a span after its content must be zeros (the reader checks), and a key that only
the removed documents had must be gone from every header: its entry leaves the header with its bytes, the
rest of the shard moves up and zeros fill its end, and its own parts leave the pack the same way (the reader
requires strictly ascending keys, zeros only after the shard's offsets, and zeros only after its own parts).
"""

from __future__ import annotations

import random
import re
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest
from test_search_exact import own_offsets, pack_directory, shard_files, shard_header, shard_regions

from generator.site import searchindex, searchphrases, searchsentences
from generator.site.searchindex import FIRSTS_APART, SPARSE, IndexDoc, folded_units, layer_files
from generator.site.searchscrub import Patch, ScrubError, scrub

SEP = 1 << 31
SHARDS = 16
ALPHABET = "纳税人申报个人所得税务总局发票出口退率联络员办服厅"


def corpus(count: int) -> list[str]:
    rng = random.Random(7)
    texts = []
    for i in range(count):
        body = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 160)))
        rare = f"独有{i:03d}甲乙" if i % 10 == 0 else ""  # pairs of one document only (甲乙 of several)
        rare += "丙丁戊己庚" if i in (64, 130, 131, 150, 299) else ""  # a phrase of a few documents
        rare += "壬癸子丑" if i % 20 == 3 else ""  # and one of 15 in 300 (a list in a file of its own)
        texts.append(f"标题{i}\n{body} {rare}。Ｔａｘ〔2026〕{i % 7}号")
    return texts


def write(folder: Path, texts: list[str]) -> None:
    docs = [IndexDoc(text, 20000 + i, text.index("\n"), i % 3) for i, text in enumerate(texts)]
    for rel, data in layer_files(docs, 0, SHARDS):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 127) << shift
        shift += 7
        if byte < 128:
            return value, at


def rice(data: bytes, n: int) -> list[int]:
    """The n values of a block of offsets in an own part, read bit by bit: u8 k, then n low parts of k bits, then
    each high part as that many 0 bits and a 1 (bits from the lowest of each byte); every bit after them is 0."""

    def bit(at: int) -> int:
        return data[at >> 3] >> (at & 7) & 1

    if not n:
        rest_is_zeros(data, 0, len(data))
        return []
    k, low, values = data[0], 8, []
    for _ in range(n):
        values.append(sum(bit(low + j) << j for j in range(k)))
        low += k
    high = low
    for i in range(n):
        while not bit(high):
            values[i] += 1 << k
            high += 1
        high += 1
    assert not any(bit(at) for at in range(high, 8 * len(data))), "bits after the offsets that are not zeros"
    return values


def rest_is_zeros(data: bytes, at: int, end: int) -> None:
    assert not any(data[at:end]), "bytes after a span's content that are not zeros"


def offsets_in_shard(d: bytes) -> bool:
    """Whether a shard holds offsets after its lists (those of pairs whose offsets are short)."""
    header = shard_header(d)
    return len(d) > 4 + 12 * len(header) + sum(size for _, size, _ in header if not size & SEP)


def blocked(data: bytes, blocks: int) -> list[tuple[int, bytes]]:
    ends = struct.unpack_from(f"<{blocks}I", data)
    head, out, start = 4 * blocks, [], 0
    assert head + ends[-1] == len(data)
    for block, end in enumerate(ends):
        assert end >= start
        out.append((block, data[head + start : head + end]))
        start = end
    return out


def keeps_tables(folder: Path, before: dict[tuple[str, int], dict[int, list[int]]], gone: set[int]) -> bool:
    """Whether every phrase and every common pair keeps a document when `gone` are taken out (else the
    scrub refuses: the tables list them in the clear)."""
    table = np.frombuffer((folder / "3/common.bin").read_bytes(), dtype="<u4")
    common = set(table[2 : 2 + int(table[1])].tolist())
    return all(
        set(by_doc) - gone
        for (family, key), by_doc in before.items()
        if family in ("f/", "s/", "w/") or (key in common and not family)
    )


def phrase_rank(folder: Path, phrase: str) -> int:
    return phrase_table(folder)[1].index(tuple(folded_units(phrase).tolist()))


def before_offset(before: dict[tuple[str, int], dict[int, list[int]]], doc: int) -> int:
    """Where 丙丁戊己庚 starts in document `doc` (its pair 丙丁's first offset there)."""
    return before[("", ord("丙") << 16 | ord("丁"))][doc][0]


def phrase_table(folder: Path, name: str = "f/phrases.bin") -> tuple[int, list[tuple[int, ...]]]:
    """The shards and the phrases (tuples of folded units, by rank) of f/phrases.bin (or s/sentences.bin)."""
    data = (folder / name).read_bytes()
    shards, count = struct.unpack_from("<II", data)
    lengths = struct.unpack_from(f"<{count}H", data, 8)
    units = struct.unpack_from(f"<{sum(lengths)}H", data, 8 + 2 * count)
    phrases, at = [], 0
    for length in lengths:
        phrases.append(tuple(units[at : at + length]))
        at += length
    after = 8 + 2 * count + 2 * at  # then f/phrases.bin's contexts (searchphrases.Contexts), if any
    if after < len(data):  # K × u16 before, K × u16 after, K × u32 absorbed, their units, u16 G, G × 2 u16 grams
        grams = after + 8 * count + 2 * sum(struct.unpack_from(f"<{2 * count}H", data, after))
        assert len(data) == grams + 2 + 4 * struct.unpack_from("<H", data, grams)[0]
    return shards, phrases


def owners(folder: Path) -> list[tuple[int, int]]:
    """Per phrase of f/phrases.bin: the rank whose list holds its occurrences (the first of those with the same
    context around them: they occur at the same places), and how far after that one's start it starts."""
    data = (folder / "f/phrases.bin").read_bytes()
    phrases = phrase_table(folder)[1]
    count, at = len(phrases), 8 + 2 * len(phrases) + 2 * sum(map(len, phrases))
    if at == len(data):
        return [(rank, 0) for rank in range(count)]
    sizes = struct.unpack_from(f"<{2 * count}H", data, at)
    text = data[at + 8 * count :].decode("utf-16-le")  # after the sizes and the absorbed pairs (K × u32)
    cuts = np.cumsum((0,) + sizes).tolist()
    first: dict[str, tuple[int, int]] = {}
    found = []
    for rank, phrase in enumerate(phrases):
        before, after = text[cuts[rank] : cuts[rank + 1]], text[cuts[count + rank] : cuts[count + rank + 1]]
        owner, where = first.setdefault(before + "".join(map(chr, phrase)) + after, (rank, len(before)))
        found.append((owner, len(before) - where))
    return found


def owned(folder: Path) -> set[int]:
    """The ranks of the phrases of f/phrases.bin with a list of their own."""
    return {owner for owner, _ in owners(folder)}


def header_keys(folder: Path) -> set[tuple[str, int]]:
    """(family, key) of every header entry of the layer."""
    return {
        (prefix, key)
        for prefix in ("", "3/", "f/", "s/", "w/")
        for shard in shard_files(folder, prefix)
        for key, _, _ in shard_header(shard)
    }


def own_keys(folder: Path, prefix: str) -> set[int]:
    """The keys of a family whose list or offsets are in a part of their own."""
    return {
        key
        for shard in shard_files(folder, prefix)
        for key, doc_bytes, position_bytes in shard_header(shard)
        if (doc_bytes | position_bytes) & SEP
    }


def read_family(folder: Path, prefix: str, shards: int, documents: int) -> dict[tuple[str, int], dict[int, list[int]]]:
    blocks = -(-documents // 64)
    found: dict[tuple[str, int], dict[int, list[int]]] = {}
    regions = shard_regions(folder, prefix)
    assert len(regions) == shards
    for whole, after_shard in regions:
        header = shard_header(whole)
        count = len(header)
        lists_end = 4 + 12 * count + sum(doc_bytes for _, doc_bytes, _ in header if not doc_bytes & SEP)
        d, p = whole[:lists_end], whole[lists_end:]  # the lists, then the offsets kept in the shard
        at, p_at, own_at = 4 + 12 * count, 0, 0
        keys: list[int] = []
        for key, doc_bytes, position_bytes in header:
            keys.append(key)
            lists: list[tuple[int, int, int]] = []  # (document, count, first offset)
            sparse = bool(doc_bytes & SEP and doc_bytes & SPARSE)
            own_list = doc_bytes & ~(SEP | SPARSE) if doc_bytes & SEP else 0  # the part: the list, then the offsets
            own_size = own_list + (position_bytes - SEP if position_bytes & SEP else 0)
            own = after_shard[own_at : own_at + own_size]  # the own parts follow the shard, in header order
            assert len(own) == own_size
            own_at += own_size
            if sparse:  # counts only, no blocks: v(documents), then per document v(gap·2 + more) [v(count-2)]
                assert prefix in FIRSTS_APART
                n, k = varint(own, 0)
                doc = -1
                for _ in range(n):
                    value, k = varint(own, k)
                    doc += 1 + value // 2
                    times = 1
                    if value % 2:
                        times, k = varint(own, k)
                        times += 2
                    lists.append((doc, times, 0))
                rest_is_zeros(own, k, own_list)
            elif doc_bytes & SEP:
                e = own[:own_list]
                for block, data in blocked(e, blocks):
                    if not data:
                        continue
                    bitmap, k = int.from_bytes(data[:8], "little"), 8
                    if prefix in FIRSTS_APART:  # counts only: a map of the documents held more than once, v(count-2)
                        more, k = int.from_bytes(data[8:16], "little"), 16
                        assert not more & ~bitmap
                        for bit in range(64):
                            if bitmap >> bit & 1:
                                n = 1
                                if more >> bit & 1:
                                    n, k = varint(data, k)
                                    n += 2
                                lists.append((block * 64 + bit, n, 0))
                        rest_is_zeros(data, k, len(data))
                        continue
                    for bit in range(64):
                        if bitmap >> bit & 1:
                            value, k = varint(data, k)
                            n = value % 4 + 1
                            if n == 4:
                                extra, k = varint(data, k)
                                n += extra
                            lists.append((block * 64 + bit, n, value // 4))
                    rest_is_zeros(data, k, len(data))
            else:
                end = at + doc_bytes
                n, at = varint(d, at)
                doc = 0
                for i in range(n):
                    delta, at = varint(d, at)
                    doc = delta if i == 0 else doc + delta
                    times, at = varint(d, at)
                    first, at = varint(d, at)
                    lists.append((doc, times, first))
                rest_is_zeros(d, at, end)
                at = end
            assert lists, "a key no document has"
            offsets: dict[int, list[int]] = {}
            if prefix == "w/":  # a word's list has no positions (search-s.js reads counts and first offsets)
                assert position_bytes == 0
                found[(prefix, key)] = {doc: [first, times] for doc, times, first in lists}
                continue

            def read(data: bytes, k: int, entry: tuple[int, int, int], into: dict[int, list[int]]) -> int:
                doc, times, first = entry
                if prefix in FIRSTS_APART:  # no first offset in the list (it is 0): it leads the offsets
                    assert first == 0
                    first, k = varint(data, k)
                into[doc] = [first]
                for _ in range(times - 1):
                    delta, k = varint(data, k)
                    into[doc].append(into[doc][-1] + delta)
                return k

            if position_bytes & SEP:  # blocked, Rice coded: each document's values in turn
                q = own[own_list:]
                apart = prefix in FIRSTS_APART
                for block, data in blocked(q, blocks):
                    entries = [e for e in lists if e[0] // 64 == block]
                    values = iter(rice(data, sum(times - (not apart) for _, times, _ in entries)))
                    for doc, times, first in entries:
                        if apart:
                            assert first == 0
                            first = next(values)
                        offsets[doc] = [first]
                        for _ in range(times - 1):
                            offsets[doc].append(offsets[doc][-1] + next(values))
            else:
                k = p_at
                for entry in lists:
                    k = read(p, k, entry, offsets)
                rest_is_zeros(p, k, p_at + position_bytes)
                p_at += position_bytes
            found[(prefix, key)] = offsets
        # keys strictly ascending (an entry of a key left in no document is gone, not kept under another key), every
        # byte read, and after the offsets and after the own parts only zeros (where the entries a scrub took out were)
        assert keys == sorted(set(keys)) and at == len(d)
        rest_is_zeros(p, p_at, len(p))
        rest_is_zeros(after_shard, own_at, len(after_shard))
    return found


def read_index(folder: Path, documents: int) -> dict[tuple[str, int], dict[int, list[int]]]:
    table = np.frombuffer((folder / "3/common.bin").read_bytes(), dtype="<u4")
    pairs = read_family(folder, "", SHARDS, documents)
    grams = read_family(folder, "3/", int(table[0]), documents) if (folder / "3/p").is_dir() else {}
    phrases = read_family(folder, "f/", phrase_table(folder)[0], documents) if (folder / "f/p").is_dir() else {}
    shards = phrase_table(folder, "s/sentences.bin")[0] if (folder / "s/p").is_dir() else 0
    sentences = read_family(folder, "s/", shards, documents) if shards else {}
    shards = phrase_table(folder, "w/words.bin")[0] if (folder / "w/p").is_dir() else 0
    words = read_family(folder, "w/", shards, documents) if shards else {}
    assert_only_tables_and_packs(folder)
    return pairs | grams | phrases | sentences | words


def assert_only_tables_and_packs(folder: Path) -> None:
    """No file but the layer's tables and packs (read_family reads every byte of those, through packs.bin and the
    headers): a file the scrub left aside would keep a key and the offsets of a removed document."""
    tables = {"docs.bin", "tie.bin", "packs.bin", "3/common.bin", "f/phrases.bin", "s/sentences.bin", "w/words.bin"}
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()}
    assert not {rel for rel in on_disk - tables if not re.fullmatch(r"([3fsw]/)?p/\d+\.bin", rel)}


def sentence_owners(units: list[int], body: int, sentences: dict[tuple[int, ...], int]) -> list[int]:
    """Per unit: the start of the table sentence occurrence it is in, or -1. A sentence is a maximal run of
    units above 0x20 ending after 。 ! ? ; , (folded) or before a break; those in the title do not count."""
    owners, start = [-1] * len(units), None
    for i, unit in enumerate(units + [0x20]):
        if unit > 0x20 and start is None:
            start = i
        end = i + 1 if unit > 0x20 and chr(unit) in "。!?;," else i if unit <= 0x20 else None
        if start is not None and end is not None:
            if start >= body and tuple(units[start:end]) in sentences:
                owners[start:end] = [start] * (end - start)
            start = None
    return owners


def truth(folder: Path, texts: list[str]) -> dict[tuple[str, int], dict[int, list[int]]]:
    """What every family should hold for `texts`, computed character by character."""
    table = np.frombuffer((folder / "3/common.bin").read_bytes(), dtype="<u4")
    common = table[2 : 2 + int(table[1])].tolist()
    rank = {pair: r for r, pair in enumerate(common)}
    table_file = folder / "f/phrases.bin"
    phrases = {phrase: r for r, phrase in enumerate(phrase_table(folder)[1])} if table_file.exists() else {}
    if phrases:  # those that share another's list have none
        listed = owned(folder)
        phrases = {phrase: r for phrase, r in phrases.items() if r in listed}
    sizes = sorted({len(phrase) for phrase in phrases})
    sentence_file = folder / "s/sentences.bin"
    sentences = (
        {s: r for r, s in enumerate(phrase_table(folder, "s/sentences.bin")[1])} if sentence_file.exists() else {}
    )
    word_file = folder / "w/words.bin"
    words = {w: r for r, w in enumerate(phrase_table(folder, "w/words.bin")[1])} if word_file.exists() else {}
    found: dict[tuple[str, int], dict[int, list[int]]] = {}

    def add(family: str, key: int, doc: int, offset: int) -> None:
        found.setdefault((family, key), {}).setdefault(doc, []).append(offset)

    for doc, text in enumerate(texts):
        units = folded_units(text).tolist()
        owners = sentence_owners(units, text.find("\n"), sentences)
        for i, owner in enumerate(owners):
            if owner == i:
                end = i
                while end < len(units) and owners[end] == i:
                    end += 1
                add("s/", sentences[tuple(units[i:end])], doc, i)

        def out(at: int, size: int, owners: list[int] = owners) -> bool:  # not wholly inside a table sentence
            return owners[at] < 0 or owners[at] != owners[at + size - 1]

        for i in range(len(units) - 1):
            if units[i] > 0x20 and units[i + 1] > 0x20:
                pair = units[i] << 16 | units[i + 1]
                if out(i, 2):
                    add("", pair, doc, i)
                if pair in rank:
                    if i + 2 < len(units) and units[i + 2] > 0x20 and out(i, 3):
                        add("3/", rank[pair] << 16 | units[i + 2], doc, i)
                    if i >= 1 and units[i - 1] > 0x20 and out(i - 1, 3):
                        add("3/", (len(common) + rank[pair]) << 16 | units[i - 1], doc, i - 1)
        for i in range(len(units)):
            for size in sizes:
                phrase = tuple(units[i : i + size])
                if len(phrase) == size and phrase in phrases and out(i, size):
                    add("f/", phrases[phrase], doc, i)
            for size in sorted({len(word) for word in words}):
                word = tuple(units[i : i + size])
                if word in words:  # whole: inside table sentences and titles too
                    add("w/", words[word], doc, i)
    return {
        key: {doc: _word_list(key[0], sorted(offsets), texts[doc].find("\n")) for doc, offsets in by_doc.items()}
        for key, by_doc in found.items()
    }


def _word_list(family: str, offsets: list[int], title: int) -> list[int]:
    """A document's offsets of a key; of a word (w/ lists have no positions), its first offset in the body (the first
    of all when the body has none) · 2 + whether the title (`title` units long) holds it, and its count."""
    if family != "w/":
        return offsets
    first = next((at for at in offsets if at > title), offsets[0])
    return [first * 2 + (offsets[0] < title), len(offsets)]


def applied(folder: Path, into: Path, patch: Patch) -> Path:
    shutil.copytree(folder, into)
    for rel, ranges in patch.writes.items():
        data = bytearray((into / rel).read_bytes())
        for at, part in ranges:
            assert at + len(part) <= len(data)  # in place: no file grows
            data[at : at + len(part)] = part
        (into / rel).write_bytes(bytes(data))
    return into


@pytest.fixture
def small_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(searchindex, "OWN_DOCS", 12)  # lists of more than 12 documents: in parts of their own
    monkeypatch.setattr(searchindex, "OWN_FILE", 24)  # offsets over 24 bytes: in the own part too
    monkeypatch.setattr(searchindex, "COMMON_SHARE", 0.2)
    monkeypatch.setattr(searchphrases, "MIN_DOCS", 0.01)  # phrases of 3 documents in 300 and more ...
    monkeypatch.setattr(searchphrases, "SHARE", 0.5)  # ... as many as the table holds


def test_taken_out_documents_leave_no_entry_and_the_rest_is_as_a_cold_index(tmp_path, small_lists):
    texts = corpus(300)
    write(tmp_path / "index", texts)
    before = read_index(tmp_path / "index", len(texts))
    assert before == truth(tmp_path / "index", texts)  # control: the reader reads what the builder wrote
    assert own_keys(tmp_path / "index", "") and own_keys(tmp_path / "index", "3/")
    for family in ("", "3/"):  # offsets in parts of their own, and in the shards
        shards = shard_files(tmp_path / "index", family)
        assert own_offsets(shards) and any(offsets_in_shard(d) for d in shards)
    phrases = phrase_table(tmp_path / "index")[1]
    sentences = ["".join(map(chr, s)) for s in phrase_table(tmp_path / "index", "s/sentences.bin")[1]]
    # every phrase occurs, but those only found inside the table's sentences (left out of f/ there)
    inside = {r for r, p in enumerate(phrases) if any("".join(map(chr, p)) in s for s in sentences)}
    assert sentences and {key for family, key in before if family == "s/"} == set(range(len(sentences)))
    listed = owned(tmp_path / "index")  # the others share one of these lists (searchphrases.Contexts)
    in_f = {key for family, key in before if family == "f/"}
    assert len(phrases) >= 3 and in_f <= listed <= in_f | inside
    assert own_keys(tmp_path / "index", "f/")

    gone = {0: texts[0], 77: texts[77], 130: texts[130], 131: texts[131], 299: texts[299], 64: texts[64]}
    patch = scrub(tmp_path / "index", len(texts), SHARDS, gone)
    after = read_index(applied(tmp_path / "index", tmp_path / "after", patch), len(texts))
    left = [("" if i in gone else text) for i, text in enumerate(texts)]
    assert after == truth(tmp_path / "index", left)
    assert not any(doc in gone for by_doc in after.values() for doc in by_doc)
    only_gone = [key for key, by_doc in before.items() if set(by_doc) <= set(gone)]
    assert only_gone and not any(key in after for key in only_gone)  # 独有 pairs: not even their keys stay
    owner, shift = owners(tmp_path / "index")[phrase_rank(tmp_path / "index", "丙丁戊己庚")]
    assert after[("f/", owner)] == {150: [before_offset(before, 150) - shift]}
    assert not header_keys(tmp_path / "after") & set(only_gone)
    for path in (tmp_path / "index").rglob("*.bin"):  # in place: every file keeps its size
        rel = path.relative_to(tmp_path / "index").as_posix()
        assert (tmp_path / "after" / rel).stat().st_size == path.stat().st_size, rel

    # Taken out in two builds, one after the other: the same as in one.
    first = scrub(tmp_path / "index", len(texts), SHARDS, {0: texts[0], 77: texts[77], 64: texts[64]})
    applied(tmp_path / "index", tmp_path / "one", first)
    rest = {i: t for i, t in gone.items() if i not in (0, 77, 64)}
    second = applied(tmp_path / "one", tmp_path / "two", scrub(tmp_path / "one", len(texts), SHARDS, rest))
    assert read_index(second, len(texts)) == after


def test_every_document_of_a_long_list_can_go(tmp_path, small_lists, monkeypatch):
    """A pair whose list has a part of its own, taken out of all its documents: its header entry leaves the shard
    and its part the pack (the later parts move up; read_index requires zeros after them). (No phrase table here:
    its phrases would go with them.)"""
    monkeypatch.setattr(searchphrases, "MIN_DOCS", 2.0)
    texts = corpus(120)
    write(tmp_path / "index", texts)
    before = read_index(tmp_path / "index", len(texts))
    key = next(
        k
        for k in sorted(before)
        if k[0] == ""
        and k[1] in own_keys(tmp_path / "index", "")
        and keeps_tables(tmp_path / "index", before, set(before[k]))
        and _later_own_part(tmp_path / "index", k[1])
    )
    holders = {doc: texts[doc] for doc in before[key]}
    patch = scrub(tmp_path / "index", len(texts), SHARDS, holders)
    after = read_index(applied(tmp_path / "index", tmp_path / "after", patch), len(texts))
    assert key not in after and key[1] not in own_keys(tmp_path / "after", "")
    assert after == truth(tmp_path / "index", [("" if i in holders else t) for i, t in enumerate(texts)])


def _later_own_part(folder: Path, key: int) -> bool:
    """Whether a pair with an own part has another after it in its shard's (which moves up when it goes)."""
    shard = shard_files(folder, "")[searchindex.shard_of(key, SHARDS)]
    keys = [k for k, doc_bytes, position_bytes in shard_header(shard) if (doc_bytes | position_bytes) & SEP]
    return key in keys[:-1]


def test_a_text_the_index_was_not_built_from_is_refused(tmp_path, small_lists):
    """The scrub works only from the very text a document was indexed with: any other (or an index that
    is not what the texts built) is an error, and the caller rebuilds the index cold."""
    texts = corpus(100)
    write(tmp_path / "index", texts)
    scrub(tmp_path / "index", len(texts), SHARDS, {3: texts[3]})  # control: the real text is taken out
    with pytest.raises(ScrubError):
        scrub(tmp_path / "index", len(texts), SHARDS, {3: texts[3] + "从未索引过的字句"})
    with pytest.raises(ScrubError):
        scrub(tmp_path / "index", len(texts), SHARDS, {3: texts[4]})  # another document's text
    pack = tmp_path / "index/p/0.bin"
    pack.write_bytes(pack.read_bytes()[:-3])  # a damaged pack
    with pytest.raises(ScrubError):
        scrub(tmp_path / "index", len(texts), SHARDS, {i: texts[i] for i in range(len(texts))})


@pytest.mark.parametrize("part", ["list", "offsets", "region"])
def test_an_own_part_that_points_past_itself_is_refused(tmp_path, small_lists, part):
    """In a pack the bytes after an own part are another pair's, or the next shard's: a block directory whose ends
    run past its part, or own parts that run past the shard's region, are a ScrubError, never read or written."""
    texts = corpus(120)
    write(tmp_path / "index", texts)
    before = read_index(tmp_path / "index", len(texts))
    directory = pack_directory(tmp_path / "index")[""]
    blocks = -(-len(texts) // 64)
    for shard, data in enumerate(shard_files(tmp_path / "index", "")):
        at = directory[1][shard] + directory[2][shard]  # the shard's own parts start after it
        for key, doc_bytes, position_bytes in shard_header(data):
            sizes = [size & ~(SEP | SPARSE) if size & SEP else 0 for size in (doc_bytes, position_bytes)]
            holder = min(before[("", key)])
            if sizes[0] and sizes[1] and keeps_tables(tmp_path / "index", before, {holder}):
                break
            at += sum(sizes)
        else:
            continue
        break
    else:
        raise AssertionError("no pair with its list and offsets in an own part")
    holders = {holder: texts[holder]}
    scrub(tmp_path / "index", len(texts), SHARDS, holders)  # control: as built, it goes
    pack = tmp_path / f"index/p/{shard % directory[0]}.bin"
    data = bytearray(pack.read_bytes())
    if part == "region":  # the header says the part is longer: it would run into the next shard or past the pack
        header_at = (
            directory[1][shard]
            + 4
            + 12 * [k for k, _, _ in shard_header(shard_files(tmp_path / "index", "")[shard])].index(key)
        )
        struct.pack_into("<I", data, header_at + 8, (sizes[1] + len(data)) | SEP)
    else:  # the last block's end past the list's (or the offsets') size
        base = at if part == "list" else at + sizes[0]
        struct.pack_into("<I", data, base + 4 * blocks - 4, sizes[part == "offsets"])
    pack.write_bytes(bytes(data))
    with pytest.raises(ScrubError):
        scrub(tmp_path / "index", len(texts), SHARDS, holders)


def test_a_long_list_left_with_documents_in_a_rewritten_block_stays(tmp_path, small_lists):
    """A list in a file of its own, one of whose blocks is left without documents while another block the
    scrub rewrote keeps some: the list stays, with those documents (and its part)."""
    texts = corpus(300)
    write(tmp_path / "index", texts)
    before = read_index(tmp_path / "index", len(texts))

    def going(docs: list[int]) -> set[int]:  # all in other blocks than the first one's, and the first
        return {doc for doc in docs if doc // 64 != docs[0] // 64} | {docs[0]}

    for family in ("", "f/"):
        key = next(
            k
            for k in sorted(before)
            if k[0] == family
            and k[1] in own_keys(tmp_path / "index", family)
            and len({doc // 64 for doc in before[k]}) >= 2
            and len([doc for doc in before[k] if doc // 64 == min(before[k]) // 64]) >= 2
            and keeps_tables(tmp_path / "index", before, going(sorted(before[k])))
        )
        docs = sorted(before[key])
        first_block = [doc for doc in docs if doc // 64 == docs[0] // 64]
        gone = {doc: texts[doc] for doc in going(docs)}
        patch = scrub(tmp_path / "index", len(texts), SHARDS, gone)
        after = read_index(applied(tmp_path / "index", tmp_path / f"after{family[:1]}", patch), len(texts))
        assert set(after[key]) == set(first_block[1:])
        assert after == truth(tmp_path / "index", [("" if i in gone else t) for i, t in enumerate(texts)])


def test_a_phrase_left_in_no_document_makes_the_index_cold(tmp_path, small_lists):
    """f/phrases.bin lists every phrase in the clear: a phrase that only the removed documents had would
    stay readable there, so that is a ScrubError (the index is built cold). Control: with one of its
    documents left, it is taken out of the others."""
    texts = corpus(300)
    write(tmp_path / "index", texts)
    before = read_index(tmp_path / "index", len(texts))
    own = [
        k
        for k in before
        if k[0] == "f/"
        and k[1] in own_keys(tmp_path / "index", "f/")
        and not set(before[("f/", 0)]) <= set(before[k])  # phrase 0 keeps documents (see the next test)
    ]
    key = min(own, key=lambda k: len(before[k]))
    _scrub_every_holder_but_one(tmp_path, texts, before, key)


def test_a_layer_without_phrases_is_scrubbed_and_a_damaged_phrase_table_refused(tmp_path, small_lists):
    """A layer indexed before the phrase family has no f/: the other families are scrubbed all the same. A
    phrase table that does not match its files is an error (the caller builds cold), never skipped."""
    texts = corpus(100)
    write(tmp_path / "index", texts)
    assert any(family == "f/" and 5 in by_doc for (family, _), by_doc in read_index(tmp_path / "index", 100).items())
    table = (tmp_path / "index/f/phrases.bin").read_bytes()
    shutil.rmtree(tmp_path / "index/f")
    patch = scrub(tmp_path / "index", len(texts), SHARDS, {5: texts[5]})
    after = read_index(applied(tmp_path / "index", tmp_path / "after", patch), len(texts))
    left = [("" if i == 5 else t) for i, t in enumerate(texts)]
    assert after == truth(tmp_path / "index", left) and not any(family == "f/" for family, _ in after)
    (tmp_path / "index/f").mkdir()
    (tmp_path / "index/f/phrases.bin").write_bytes(table)  # the table, but none of its files
    with pytest.raises(ScrubError):
        scrub(tmp_path / "index", len(texts), SHARDS, {5: texts[5]})
    (tmp_path / "index/f/phrases.bin").write_bytes(table[:-2])  # a truncated table
    with pytest.raises(ScrubError):
        scrub(tmp_path / "index", len(texts), SHARDS, {5: texts[5]})


def test_a_text_given_in_part_or_twice_is_refused(tmp_path, small_lists):
    """Every pair of the text must be listed for the document exactly as often as the text has it: a text
    that is only the start of the indexed one, or the indexed one twice, would leave or miss entries."""
    texts = corpus(100)
    texts[5] = "首行\n" + "纳税申报" * 6 + "，其余内容" + "纳税申报" * 3
    write(tmp_path / "index", texts)
    with pytest.raises(ScrubError):
        scrub(tmp_path / "index", len(texts), SHARDS, {5: texts[5][: texts[5].index("，")]})
    with pytest.raises(ScrubError):
        scrub(tmp_path / "index", len(texts), SHARDS, {5: texts[5] + texts[5]})
    scrub(tmp_path / "index", len(texts), SHARDS, {5: texts[5]})  # control


def test_a_common_pair_left_in_no_document_makes_the_index_cold(tmp_path, small_lists):
    """3/common.bin lists the pairs whose grams are indexed, in the clear: one that only the removed
    documents had (a name repeated in a roster, say) would stay readable there. That is a ScrubError."""
    texts = [*corpus(60), "名单\n" + "郑琪，" * 40, "名单二\n" + "郑琪，" * 40]
    write(tmp_path / "index", texts)
    table = np.frombuffer((tmp_path / "index/3/common.bin").read_bytes(), dtype="<u4")
    name = ord("郑") << 16 | ord("琪")
    assert name in table[2:].tolist()  # control: the name's pair is a common pair
    scrub(tmp_path / "index", len(texts), SHARDS, {60: texts[60]})  # one roster out: the other has it still
    with pytest.raises(ScrubError):
        scrub(tmp_path / "index", len(texts), SHARDS, {60: texts[60], 61: texts[61]})


def test_a_sentence_left_in_no_document_makes_the_index_cold(tmp_path, small_lists):
    """s/sentences.bin lists its sentences in the clear: taking out every document that holds one is a
    ScrubError (the index is built cold). Control: with one of them left, the sentence's list keeps it, and
    every family equals what the texts left give (the pairs inside its occurrences stay out of the pair index)."""
    texts = corpus(300)
    write(tmp_path / "index", texts)
    before = read_index(tmp_path / "index", len(texts))
    sentences = phrase_table(tmp_path / "index", "s/sentences.bin")[1]
    assert sentences and all(("s/", rank) in before for rank in range(len(sentences)))
    # the sentence in fewest documents whose holders but one hold no other table's entry alone (that would refuse)
    key = min(
        (
            k
            for k in before
            if k[0] == "s/" and keeps_tables(tmp_path / "index", before, set(before[k]) - {min(before[k])})
        ),
        key=lambda k: len(before[k]),
    )
    _scrub_every_holder_but_one(tmp_path, texts, before, key)


WORD_CLAUSES = ["各级税务机关要依法行政。", "全省税务部门要优化服务。", "市县税务干部要廉洁自律。"]


def test_words_are_scrubbed_whole(tmp_path, small_lists, monkeypatch):
    """w/words.bin lists grams over the clause table's LOAD bound (税务 here, in three table clauses of 100
    documents each, bound 150) with whole lists: inside table sentences and titles too. Taken-out documents
    leave them as the texts left give, also documents with the word in their title."""
    monkeypatch.setattr(searchsentences, "LOAD", 0.5)
    texts = [
        text.replace("\n", ("税务" if i % 5 == 0 else "") + "\n", 1)
        + "。"
        + WORD_CLAUSES[i % 3]
        + ("，税务" if i % 7 == 0 else "")
        for i, text in enumerate(corpus(300))
    ]
    write(tmp_path / "index", texts)
    before = read_index(tmp_path / "index", len(texts))
    assert before == truth(tmp_path / "index", texts)  # control: the reader reads what the builder wrote
    words = ["".join(map(chr, w)) for w in phrase_table(tmp_path / "index", "w/words.bin")[1]]
    sentences = ["".join(map(chr, s)) for s in phrase_table(tmp_path / "index", "s/sentences.bin")[1]]
    assert "税务" in words and all(c in sentences for c in WORD_CLAUSES), (words, sentences)
    gone = {0: texts[0], 77: texts[77], 130: texts[130], 131: texts[131], 299: texts[299], 64: texts[64]}
    patch = scrub(tmp_path / "index", len(texts), SHARDS, gone)
    after = read_index(applied(tmp_path / "index", tmp_path / "after", patch), len(texts))
    assert after == truth(tmp_path / "index", [("" if i in gone else text) for i, text in enumerate(texts)])
    titled: dict[int, str] = {}
    for i, text in enumerate(texts):  # those whose going leaves every table's entry a document (else it refuses)
        if "税务\n" in text and i % 2 and keeps_tables(tmp_path / "index", before, {*titled, i}):
            titled[i] = text
    assert len(titled) >= 25
    patch = scrub(tmp_path / "index", len(texts), SHARDS, titled)  # documents with the word in their title
    after = read_index(applied(tmp_path / "index", tmp_path / "titled", patch), len(texts))
    assert after == truth(tmp_path / "index", [("" if i in titled else text) for i, text in enumerate(texts)])


def _scrub_every_holder_but_one(tmp_path, texts, before, key):
    """Taking out every document of `key` (a table's entry) refuses (ScrubError: built cold); every one but
    one leaves the entry to that one, and every family equals what the texts left give."""
    holders = {doc: texts[doc] for doc in before[key]}
    with pytest.raises(ScrubError):
        scrub(tmp_path / "index", len(texts), SHARDS, holders)
    kept = min(holders)
    del holders[kept]
    patch = scrub(tmp_path / "index", len(texts), SHARDS, holders)
    after = read_index(applied(tmp_path / "index", tmp_path / "after", patch), len(texts))
    assert set(after[key]) == {kept}
    assert after == truth(tmp_path / "index", [("" if i in holders else t) for i, t in enumerate(texts)])


def test_short_and_long_spans_are_read_alike(monkeypatch):
    """A span is scanned in plain Python when short and by numpy when long (searchscrub._VECTOR): both read
    the same values from the same bytes, and refuse alike a span with too few values, a value of more than
    five bytes, or bytes after the content that are not zeros (controls: the well-formed spans)."""
    from generator.site import searchscrub

    rng = random.Random(3)

    def both(data: bytes, wanted: int | None) -> list[object]:
        seen: list[object] = []
        for vector in (len(data) + 1, 0):  # all in Python, then all by numpy
            monkeypatch.setattr(searchscrub, "_VECTOR", vector)
            try:
                ends = searchscrub._ends(data, 2, len(data), wanted)
                seen.append(searchscrub._decode(data, 2, ends))
            except ScrubError as error:
                seen.append(str(error))
        return seen

    for _ in range(300):
        values = [rng.choice((rng.randrange(128), rng.randrange(1 << 32))) for _ in range(rng.randint(1, 40))]
        good = b"\x81\x01" + searchscrub._encode(values) + bytes(rng.randint(0, 5))
        assert both(good, len(values)) == [values, values]  # the control
        assert both(good, None)[0] == both(good, None)[1]
        bad = bytearray(good)
        bad[-1] = 0x80  # a last byte that continues: not zeros (or not a value's end)
        refused = both(bytes(bad), len(values))
        assert refused[0] == refused[1] and isinstance(refused[0], str)
        if good.endswith(b"\0"):  # padding: the last value stays whole, the byte after it is not a zero
            assert refused[0] == "bytes after a span's content that are not zeros"
    six = b"\0\0" + bytes([0x80] * 5) + b"\x01"
    assert both(six, 1) == ["a number longer than 32 bits"] * 2
    assert both(b"\0\0\x05\x06", 3) == ["a span shorter than its content"] * 2


def test_keys_taken_out_in_two_builds_lower_after_higher_leave_none(tmp_path):
    """Two pairs of one shard, next to each other in its header, each in one document only: the higher one's
    document is taken out first (its entry takes the lower key), then, in a later build, the lower one's. No
    header may keep either key (they are two characters of the old texts, in the clear), and the index must
    read as one built from the texts left. Control: the same two taken out in one build."""
    base = corpus(100)
    lead = "鼗"  # in no text: the pairs it starts are the only keys of their range
    assert not any(lead in text for text in base)
    low = ord(lead) << 16 | ord("甲")
    high = next(
        ord(lead) << 16 | u
        for u in range(ord("甲") + 1, 0x9FA5)
        if searchindex.shard_of(ord(lead) << 16 | u, SHARDS) == searchindex.shard_of(low, SHARDS)
        and chr(u) not in "".join(base)
    )
    texts = list(base)
    texts[11] = f"{lead}甲" + texts[12]  # copies of others but for two characters before the title: one pair each
    texts[71] = f"{lead}{chr(high & 0xFFFF)}" + texts[72]
    write(tmp_path / "index", texts)
    before = read_index(tmp_path / "index", len(texts))
    assert set(before[("", low)]) == {11} and set(before[("", high)]) == {71}  # control: each in one document
    shard = shard_files(tmp_path / "index", "")[searchindex.shard_of(low, SHARDS)]
    keys = list(struct.unpack_from(f"<{3 * struct.unpack_from('<I', shard)[0]}I", shard, 4)[::3])
    assert keys.index(high) == keys.index(low) + 1  # next to each other in the header
    left = [("" if i in (11, 71) else t) for i, t in enumerate(texts)]

    once = applied(
        tmp_path / "index",
        tmp_path / "once",
        scrub(tmp_path / "index", len(texts), SHARDS, {11: texts[11], 71: texts[71]}),
    )
    assert not header_keys(once) & {("", low), ("", high)}  # control: in one build
    one = applied(tmp_path / "index", tmp_path / "one", scrub(tmp_path / "index", len(texts), SHARDS, {71: texts[71]}))
    assert ("", high) not in header_keys(one) and ("", low) in header_keys(one)
    two = applied(one, tmp_path / "two", scrub(one, len(texts), SHARDS, {11: texts[11]}))
    assert not header_keys(two) & {("", low), ("", high)}
    assert read_index(two, len(texts)) == read_index(once, len(texts)) == truth(tmp_path / "index", left)


def test_scrubs_over_many_builds_leave_what_the_texts_left_give(tmp_path, small_lists):
    """Documents taken out in six builds, one after the other, up to twelve at a time, in a random order: after
    each, every family reads as an index of the texts left, and no header holds a key only the documents taken
    out had. Two of every three documents start with a pair of their own, the next one's key up (many such keys
    sit next to each other in a shard's header, so later builds take out entries beside ones taken out before); some hold a pair
    over 131 times, after a long run."""
    rng = random.Random(11)
    texts = [(chr(0x3400 + i) + chr(0x3401 + i) if i % 3 else "") + text for i, text in enumerate(corpus(300))]
    for i in range(7, 300, 25):  # counts over 131 (a block entry's count - 4 in two bytes), first offsets too
        texts[i] += "纳税人" * (130 + i % 50) if i % 2 else "，" + "申报" * 300 + "纳税人" * 140
    write(tmp_path / "index", texts)
    before = read_index(tmp_path / "index", len(texts))
    assert sum(len(by_doc) == 1 for by_doc in before.values()) >= 200  # control: many keys of one document
    tax = ord("纳") << 16 | ord("税")
    assert tax in own_keys(tmp_path / "index", "") and min(len(before[("", tax)][i]) for i in (7, 32)) > 131
    folder, gone = tmp_path / "index", set[int]()
    for step in range(6):
        while True:
            batch = set(rng.sample(sorted(set(range(len(texts))) - gone), rng.randint(1, 10)))
            batch |= {7, 32} if step == 0 else set()  # the long counts: taken out first, beside others
            if keeps_tables(tmp_path / "index", before, gone | batch):
                break
        folder = applied(
            folder, tmp_path / f"build{step}", scrub(folder, len(texts), SHARDS, {i: texts[i] for i in batch})
        )
        gone |= batch
        after = read_index(folder, len(texts))
        assert after == truth(tmp_path / "index", [("" if i in gone else t) for i, t in enumerate(texts)])
        only_gone = {key for key, by_doc in before.items() if set(by_doc) <= gone}
        assert only_gone and not header_keys(folder) & only_gone, step


def list_size(folder: Path, prefix: str, key: int) -> int:
    """The list size a key's header entry gives, with its flags (SEP, SPARSE)."""
    for shard in shard_files(folder, prefix):
        for found, doc_bytes, _ in shard_header(shard):
            if found == key:
                return doc_bytes
    raise AssertionError(f"{prefix}{key}: no header entry")


@pytest.mark.parametrize("every", [3, 20])
def test_a_sentence_held_more_than_once_leaves_no_count_behind(tmp_path, small_lists, every):
    """A sentence's list in a file of its own has counts only: a map of its documents, a map of those holding it
    more than once and their counts (searchindex FIRSTS_APART). Documents holding it twice and once are taken out:
    both maps lose them (read_index checks that the second map is inside the first), the rest is as the texts."""
    sentence = "各级税务机关要严格落实首问责任制。"
    held = [i for i in range(300) if i % every in (1, 2)]  # in two thirds of the documents, or in a tenth
    texts = [text + "。" + sentence * (1 + i % every // 2) if i in held else text for i, text in enumerate(corpus(300))]
    write(tmp_path / "index", texts)
    before = read_index(tmp_path / "index", len(texts))
    table = ["".join(map(chr, s)) for s in phrase_table(tmp_path / "index", "s/sentences.bin")[1]]
    rank = table.index(sentence)
    assert rank in own_keys(tmp_path / "index", "s/")  # control: a list of its own, with documents twice in it
    # a sentence in a tenth of the documents has a sparse list (no maps, no directory); in two thirds, blocks
    assert bool(list_size(tmp_path / "index", "s/", rank) & SPARSE) == (every == 20)
    gone = {i: texts[i] for i in (held[1], held[3], held[2], held[20], held[-3], held[-1])}  # twice, twice, once...
    assert [len(before[("s/", rank)][i]) for i in gone] == [2, 2, 1, 1, 2, 2]
    after = read_index(
        applied(tmp_path / "index", tmp_path / "after", scrub(tmp_path / "index", 300, SHARDS, gone)), 300
    )
    assert after == truth(tmp_path / "index", [("" if i in gone else text) for i, text in enumerate(texts)])
    assert not set(after[("s/", rank)]) & set(gone)
