"""Site search in real headless Chromium, against a generated corpus whose true answers come from the article texts.

The benchmark corpus (benchmarks/corpus.py: the project's maps, disclosures with 文号, consultations,
links, attachments) is built and served from a sub-path (/gov/site/). For every query the true
result set is worked out here, independently of the index: a page is a true result when its
visible text (title, disclosure labels, body, attachment names), folded with Unicode NFKC, lower
case and 〔〕 for every bracket variant, contains each space-separated term. Precision and recall
must both be 1.0 for every query, and the ranking must follow title hits, then occurrences, then
date. Then articles are changed, added and withdrawn: the next build must take the change layer,
and its results must equal both the new truth and a cold build's.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import random
import re
import shutil
import struct
import sys
import threading
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from browserkit import serve

from generator.site.search import read_results
from generator.site.searchindex import folded_units
from generator.site.searchtext import utf16_len

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 26)
ARTICLES = 240
PER_KIND = 30

pytestmark = [pytest.mark.slow, pytest.mark.search]


# --------------------------------------------------------------------------
# the truth, from the Markdown sources


_FOLD_BRACKETS = str.maketrans(dict.fromkeys("[(【〖﹝", "〔") | dict.fromkeys("])】〗﹞", "〕"))


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().translate(_FOLD_BRACKETS)


def visible_body(markdown: str) -> list[str]:
    lines = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or re.fullmatch(r"\|[\s:|-]+\|", line):
            continue
        line = re.sub(r"^#{1,6}\s+", "", line)
        line = re.sub(r"^(?:[-*+]|\d+\.)\s+", "", line)
        line = re.sub(r"\]\([^)]*\)", "", line).replace("[", "").replace("**", "")
        if line.startswith("|"):
            lines.extend(cell.strip() for cell in line.strip("|").split("|"))
        else:
            lines.append(line)
    return lines


@dataclass
class Page:
    url: str
    title: str
    date: str
    channel: str
    text: str  # folded: title, then the rest, one line per block

    def count(self, term: str) -> int:
        found, at = 0, self.text.find(term)
        while at >= 0:
            found, at = found + 1, self.text.find(term, at + 1)
        return found


def read_pages(site: Path) -> dict[str, Page]:
    pages = {}
    for path in sorted((site / "content").rglob("*.md")):
        head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
        form = yaml.safe_load(head.removeprefix("---\n"))
        if form["date"] > TODAY:
            continue
        rel = path.relative_to(site / "content").with_suffix(".html").as_posix()
        lines = [str(form["title"])]
        disclosure = form.get("disclosure") or {}
        lines += [str(disclosure[k]) for k in ("doc_no", "index_no", "issuer") if disclosure.get(k)]
        lines += visible_body(body)
        folder = path.with_suffix("")
        if folder.is_dir():
            # An attachment is shown (and found) by the body's link text for it, else by its file name.
            labels = {target: label for label, target in re.findall(r"\[([^\]]+)\]\(([^)]+)\)", body)}
            lines += [labels.get(f"{folder.name}/{p.name}", p.name) for p in sorted(folder.iterdir())]
        pages[rel] = Page(rel, str(form["title"]), form["date"].isoformat(), rel.split("/")[0], fold("\n".join(lines)))
    return pages


def terms_of(query: str) -> list[str]:
    return list(dict.fromkeys(fold(query).split()))


def truth(pages: dict[str, Page], query: str, channel: str = "", year: str = "") -> list[str]:
    """The true results, in the order the site must rank them."""
    terms = terms_of(query)
    found = []
    for page in pages.values():
        if (channel and page.channel != channel) or (year and not page.date.startswith(year)):
            continue
        counts = [page.count(t) for t in terms]
        if all(counts):
            in_title = all(t in fold(page.title) for t in terms)
            day = dt.date.fromisoformat(page.date).toordinal()
            found.append(((not in_title, -sum(counts), -day, zlib.crc32(page.url.encode())), page.url))
    return [url for _, url in sorted(found)]


# --------------------------------------------------------------------------
# queries of every kind, picked from the texts

_PLAIN = re.compile(r"[^\s\[\]()【】（）〔〕|*#`\\<>&]+")


def _phrase(rng: random.Random, pages: list[Page], low: int, high: int) -> str:
    while True:
        page = rng.choice(pages)
        runs = [r for r in _PLAIN.findall(page.text) if len(r) >= low]
        if runs:
            run = rng.choice(runs)
            size = rng.randint(low, min(high, len(run)))
            start = rng.randint(0, len(run) - size)
            return run[start : start + size]


def queries(pages: dict[str, Page]) -> dict[str, list[str]]:
    rng = random.Random(13)
    listed = list(pages.values())
    kinds: dict[str, list[str]] = {
        "2 characters": [_phrase(rng, listed, 2, 2) for _ in range(PER_KIND)],
        "3-5 characters": [_phrase(rng, listed, 3, 5) for _ in range(PER_KIND)],
        "6-10 characters": [_phrase(rng, listed, 6, 10) for _ in range(PER_KIND)],
        "11-24 characters": [_phrase(rng, listed, 11, 24) for _ in range(PER_KIND)],
        "two or three terms": [
            rng.choice([" ", "\u3000", "  "]).join(_phrase(rng, listed, 2, 6) for _ in range(rng.randint(2, 3)))
            for _ in range(PER_KIND)
        ],
    }
    doc_nos = sorted({m for p in listed for m in re.findall(r"[^\s]+〔\d{4}〕\d+号", p.text)})
    variants = [("[", "]"), ("(", ")"), ("【", "】"), ("（", "）"), ("〔", "〕"), ("［", "］")]
    kinds["文号 in any brackets"] = []
    for i in range(PER_KIND):
        doc_no = doc_nos[i % len(doc_nos)]
        left, right = variants[i % len(variants)]
        typed = doc_no.replace("〔", left).replace("〕", right)
        kinds["文号 in any brackets"].append(typed if i % 3 else typed[: typed.index(right) + 1])  # also 国税发[2026]
    numbers = sorted({m for p in listed for m in re.findall(r"\d{2,}(?:\.\d)?[年月日号万亿件条%]?", p.text)})
    kinds["numbers and 索引号"] = [rng.choice(numbers) for _ in range(PER_KIND - 5)]
    index_nos = [m.group() for p in listed if (m := re.search(r"\d{9}/\d{4}-\d{5}", p.text))]
    kinds["numbers and 索引号"] += index_nos[:5]
    widths = []
    for _ in range(PER_KIND):
        phrase = _phrase(rng, listed, 2, 8)
        widths.append("".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in phrase.upper()))
    kinds["full-width and upper case"] = widths
    absent = []
    while len(absent) < PER_KIND:
        phrase = _phrase(rng, listed, 3, 8)
        candidate = phrase[::-1]
        if not truth(pages, candidate):
            absent.append(candidate)
    kinds["nothing to find"] = absent + ["发漂", "不存在的文号〔2099〕999号"]
    return kinds


# --------------------------------------------------------------------------
# fixtures


@dataclass
class Corpus:
    site: Path
    www: Path
    url: str  # the served root

    def build(self, into: str, *, cache: bool = True) -> None:
        from generator.commands.build import run_build

        env = {"SITEGEN_NO_CACHE": "1"} if not cache else {}
        old = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            assert run_build(out=self.www / into, today=TODAY, root=self.site, quiet=True) == 0
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    def ids_to_urls(self, into: str) -> dict[int, str]:
        search = self.www / into / "search"
        meta = json.loads((search / "meta.json").read_text(encoding="utf-8"))
        layers = [(search / meta["gen"], 0)]
        if meta["layer"]:
            layers.append((search / meta["layer"]["dir"], meta["layer"]["first"]))
        return {first + i: record["u"] for layer, first in layers for i, (record, _) in enumerate(read_results(layer))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    sys.path.insert(0, str(REPO / "benchmarks"))
    import corpus as generator

    base = tmp_path_factory.mktemp("search-corpus")
    os.environ["SITEGEN_CACHE_DIR"] = str(base / "cache")
    os.environ.pop("SITEGEN_NO_SEARCH", None)
    site = base / "site"
    generator.write_sitegen_corpus(site, ARTICLES, seed=3, commit=False)
    corpus = Corpus(site, base / "www", "")
    corpus.build("gov/site")
    with serve(corpus.www) as corpus.url:
        yield corpus
    os.environ.pop("SITEGEN_CACHE_DIR", None)


@pytest.fixture
def page(tab):
    """conftest's tab: the corpus is served by its own fixture, not the shared scratch site."""
    return tab


def ranked(page, corpus: Corpus, into: str, query: str, channel: str = "", year: str = "") -> list[str]:
    """The site's results for `query`, in order, as page paths."""
    if not page.url.endswith(f"/{into}/search.html"):
        page.goto(f"{corpus.url}{into}/search.html")
    ids = page.evaluate("([q, c, y]) => window.sgSearch(q, c, y)", [query, channel, year])
    urls = corpus.ids_to_urls(into)
    return [urls[i] for i in ids]


# --------------------------------------------------------------------------
# exact results


def test_every_kind_of_query_has_precision_and_recall_of_one(page, corpus):
    pages = read_pages(corpus.site)
    checked = 0
    for kind, asked in queries(pages).items():
        assert len(asked) >= PER_KIND, kind
        for query in asked:
            expected = truth(pages, query)
            got = ranked(page, corpus, "gov/site", query)
            true_positives = len(set(got) & set(expected))
            precision = true_positives / len(got) if got else 1.0
            recall = true_positives / len(expected) if expected else 1.0
            assert (precision, recall) == (1.0, 1.0), (kind, query, len(got), len(expected))
            assert got == expected, (kind, query)  # title hits, then occurrences, then newest
            checked += 1
    assert checked >= 9 * PER_KIND


def _common_pairs(index: Path) -> set[str]:
    """The pairs whose three-character grams the index holds (3/common.bin), as text."""
    data = (index / "3" / "common.bin").read_bytes()
    count = int.from_bytes(data[4:8], "little")
    keys = [int.from_bytes(data[8 + 4 * k : 12 + 4 * k], "little") for k in range(count)]
    return {chr(key >> 16) + chr(key & 0xFFFF) for key in keys}


def test_phrases_made_only_of_frequent_pairs_are_exact_and_read_common_grams(page, corpus):
    pages = read_pages(corpus.site)
    meta = json.loads((corpus.www / "gov/site/search/meta.json").read_text(encoding="utf-8"))
    common = _common_pairs(corpus.www / "gov/site/search" / meta["gen"])
    assert len(common) >= 5
    table = _phrase_table(corpus.www / "gov/site/search" / meta["gen"])
    sentences = _sentence_table(corpus.www / "gov/site/search" / meta["gen"])  # (a term inside one of them may
    # have no pair left in the rest of the text: found from the sentences alone, no gram read)
    phrases: list[str] = []  # the longest runs (three to eight characters) whose every pair is frequent
    for text in sorted(p.text for p in pages.values()):
        start = 0
        for i in range(1, len(text) + 1):
            if i == len(text) or text[i - 1 : i + 1] not in common:
                run = text[start:i][:8]
                if len(run) >= 3 and run not in phrases and not any(run in s for s in sentences):
                    phrases.append(run)
                start = i
    for text in sorted(p.text for p in pages.values()):  # a character, then a frequent pair: read as one gram
        phrases += [text[i : i + 3] for i in range(1, len(text) - 2) if text[i + 1 : i + 3] in common][:1]
        phrases = [q for q in dict.fromkeys(phrases) if not any(c.isspace() for c in q)]
        # (a term across a clause's end may run into a table sentence: joined from pairs and sentences, search-s.js)
        # and a term holding a phrase of the table reads the phrase
        phrases = [
            q
            for q in phrases
            if not any(q in s for s in sentences)
            and not re.search("[。!?;,]", fold(q)[:-1])
            and not any(p in fold(q) for p in table)
        ]
        if len(phrases) >= 4:
            break
    assert len(phrases) >= 2
    for query in phrases:
        page.goto(f"{corpus.url}gov/site/search.html")  # a fresh page: every file it reads is counted
        got = ranked(page, corpus, "gov/site", query)
        assert got and got == truth(pages, query), query
        read = page.evaluate("window.sgSearchStats.paths")
        assert any(path.startswith(meta["gen"] + "/3/p/") for path in read), query  # common grams were read


def _sentence_table(index: Path) -> list[str]:
    """The sentences the index lists (s/sentences.bin, laid out as f/phrases.bin)."""
    return _phrase_table(index, "s/sentences.bin")


def shard_header(shard: bytes) -> list[tuple[int, int, int]]:
    """A shard's header: (key, list size, offsets size) per entry, bit 31 set when in the pair's own part."""
    return [struct.unpack_from("<III", shard, 4 + 12 * j) for j in range(int.from_bytes(shard[:4], "little"))]


FAMILIES = ("", "3/", "f/", "s/", "w/")  # packs.bin's order


Layer = Path | dict[str, bytes]  # an index layer's folder, or its files as layer_files gives them


def _layer_file(layer: Layer, rel: str) -> bytes:
    return layer[rel] if isinstance(layer, dict) else (layer / rel).read_bytes()


def _layer_names(layer: Layer, folder: str) -> set[str]:
    """The names of the files in a folder of the layer."""
    if isinstance(layer, dict):
        return {rel[len(folder) :] for rel in layer if rel.startswith(folder) and "/" not in rel[len(folder) :]}
    return {p.name for p in (layer / folder).glob("*")}


def pack_directory(layer: Layer) -> dict[str, tuple[int, list[int], list[int]]]:
    """packs.bin of an index layer: per family with files, (packs, start per shard, size per shard); shard s is in
    <family>p/<s mod packs>.bin."""
    data = _layer_file(layer, "packs.bin")
    found, at = {}, 0
    for prefix in FAMILIES:
        shards, packs = struct.unpack_from("<II", data, at)
        starts = list(struct.unpack_from(f"<{shards}I", data, at + 8))
        sizes = list(struct.unpack_from(f"<{shards}I", data, at + 8 + 4 * shards))
        if shards:
            found[prefix] = (packs, starts, sizes)
        at += 8 + 8 * shards
    assert at == len(data)
    return found


def shard_regions(layer: Layer, prefix: str) -> list[tuple[bytes, bytes]]:
    """Each shard of a family, by number: its bytes, and the bytes after it up to the next shard of its pack or the
    pack's end (its pairs' own parts in header order, then the zeros a scrub may have left). Every byte of every
    pack belongs to one shard's region, and the family has no other file."""
    packs, starts, sizes = pack_directory(layer).get(prefix, (0, [], []))
    names = _layer_names(layer, f"{prefix}p/")
    assert names == {f"{n}.bin" for n in range(packs)}, sorted(names)[:5]
    regions: list[tuple[int, bytes, bytes]] = []
    for pack in range(packs):
        data = _layer_file(layer, f"{prefix}p/{pack}.bin")
        mine = list(range(pack, len(starts), packs))
        bounds = [starts[s] for s in mine] + [len(data)]
        assert bounds[0] == 0 and bounds == sorted(bounds)
        for k, s in enumerate(mine):
            shard = data[starts[s] : starts[s] + sizes[s]]
            assert len(shard) == sizes[s] and starts[s] + sizes[s] <= bounds[k + 1]
            regions.append((s, shard, data[starts[s] + sizes[s] : bounds[k + 1]]))
    return [(shard, after) for _, shard, after in sorted(regions)]


def shard_files(layer: Layer, prefix: str) -> list[bytes]:
    """The shards of a family of an index layer (packs.bin)."""
    return [shard for shard, _ in shard_regions(layer, prefix)]


def own_offsets(shards: Iterable[bytes]) -> int:
    """How many header entries of these shards have their offsets in a part of their own (in the pack, after the
    list when that is there too): bit 31 of the entry's offset size."""
    return sum(offsets >= 1 << 31 for data in shards for _, _, offsets in shard_header(data))


def _phrase_table(index: Path, name: str = "f/phrases.bin") -> list[str]:
    """The phrases the index lists (f/phrases.bin: u32 shards, u32 K, K × u16 length, the code units)."""
    data = (index / name).read_bytes()
    count = int.from_bytes(data[4:8], "little")
    lengths = [int.from_bytes(data[8 + 2 * k : 10 + 2 * k], "little") for k in range(count)]
    units, phrases, at = data[8 + 2 * count :], [], 0  # cut by code units: 𠀾 is two
    for length in lengths:
        phrases.append(units[2 * at : 2 * (at + length)].decode("utf-16-le"))
        at += length
    return phrases


def _outside_clauses(pages: dict[str, Page], term: str, clauses: list[str]) -> bool:
    """Whether `term` occurs somewhere outside every place a table clause is written (a title counts outside:
    the clause table indexes bodies only)."""
    for page in pages.values():
        title, _, body = page.text.partition("\n")
        if term in title:
            return True
        spans = [(m.start(), m.end()) for clause in clauses for m in re.finditer(re.escape(clause), body)]
        at = body.find(term)
        while at >= 0:
            if not any(start <= at and at + len(term) <= end for start, end in spans):
                return True
            at = body.find(term, at + 1)
    return False


def test_terms_that_are_or_hold_phrases_of_the_table_are_exact_and_read_the_phrases(page, corpus):
    pages = read_pages(corpus.site)
    meta = json.loads((corpus.www / "gov/site/search/meta.json").read_text(encoding="utf-8"))
    phrases = _phrase_table(corpus.www / "gov/site/search" / meta["gen"])
    assert len(phrases) >= 5, phrases
    texts = sorted(p.text for p in pages.values())
    queries = [(q, True) for q in phrases[:: max(1, len(phrases) // 6)]]  # a phrase: its list alone
    # a phrase with the characters around it, where that term is also outside the clause table (a term only inside
    # its clauses has pairs in no list of the rest: search.js stops there, and reads the clauses' lists)
    clauses = _phrase_table(corpus.www / "gov/site/search" / meta["gen"], "s/sentences.bin")
    for phrase in phrases[:: max(1, len(phrases) // 4)]:
        text = next(t for t in texts if phrase in t)
        at = text.index(phrase)
        around = text[max(0, at - 2) : at + len(phrase) + 2]
        term = next(run for run in re.findall(r"\S+", around) if phrase in run)
        if _outside_clauses(pages, term, clauses):
            queries.append((term, True))
    # control: a phrase with its last character changed holds no phrase of the table: it is found from its pairs
    changed = [p[:-1] + c for p in phrases for c in "税局的"]
    queries += [(q, False) for q in changed if not any(p in q for p in phrases)][:3]
    assert len(queries) >= 8 and sum(not holds for _, holds in queries) >= 1, queries
    words = _phrase_table(corpus.www / "gov/site/search" / meta["gen"], "w/words.bin")
    for query, holds_phrase in queries:
        page.goto(f"{corpus.url}gov/site/search.html")  # a fresh page: every file it reads is counted
        got = ranked(page, corpus, "gov/site", query)
        assert got == truth(pages, query), query
        read = page.evaluate("window.sgSearchStats.paths")
        # a term across clauses is joined from its pairs' offsets and the clause table (search-s.js), no phrase read
        across = bool(meta["sentences"]) and re.search("[。!?;,]", fold(query)[:-1]) is not None
        # and a term that is a word of the clause table (税务机关) reads the word's whole list alone
        word = fold(query) in words
        assert any(path.startswith(meta["gen"] + "/w/p/") for path in read) == word, query
        assert any(path.startswith(meta["gen"] + "/f/p/") for path in read) == (
            holds_phrase and not across and not word
        ), query
        if query in phrases:
            assert not any(path.startswith(meta["gen"] + "/p/") for path in read), query  # no pair was read


def _contexts(index: Path) -> list[tuple[str, str, str]]:
    """(before, phrase, after) of each phrase of f/phrases.bin: its context, kept after the table (K × u16 before,
    K × u16 after, K × u32 absorbed pairs, the befores' code units, the afters')."""
    data = (index / "f/phrases.bin").read_bytes()
    phrases = _phrase_table(index)
    at = 8 + 2 * len(phrases) + 2 * sum(len(p.encode("utf-16-le")) // 2 for p in phrases)
    sizes = struct.unpack_from(f"<{2 * len(phrases)}H", data, at)
    units, parts, at = data[at + 8 * len(phrases) :], [], 0
    for size in sizes:
        parts.append(units[2 * at : 2 * (at + size)].decode("utf-16-le"))
        at += size
    return list(zip(parts[: len(phrases)], phrases, parts[len(phrases) :], strict=True))


def _assert_hits(page, index: Path, query: str) -> None:
    """Each result of a one-term `query` against its indexed text (the result pack's): its count, whether the title
    holds the term, and the body hit it reports (the excerpt is cut there) is an occurrence of the term."""
    texts = [text for _, text in read_results(index)]
    term = folded_units(query)
    for doc, count, title, at in page.evaluate("q => window.sgSearchHits(q)", query):
        units = folded_units(texts[doc])
        places = [p for p in range(len(units) - len(term) + 1) if (units[p : p + len(term)] == term).all()]
        body = utf16_len(texts[doc].partition("\n")[0]) + 1
        assert (count, title) == (len(places), places[0] < body - 1), (query, doc)
        assert at in places and at >= body if at >= 0 else not [p for p in places if p >= body], (query, doc, at)


def test_terms_inside_a_phrases_context_are_counted_from_its_list_alone(page, corpus):
    """A phrase of the table that every time stands in the same letters (its context: 国家税务 in 国家税务总局) is
    where any term inside that context holding it is; the phrases with one context share one list (its owner's).
    Such terms — the phrase, the phrase with some of its context, the whole context — are exact and read only
    phrase lists, no pair's. Control: the phrase with one character more than its context (from a page), found
    from the pairs, is exact too."""
    pages = read_pages(corpus.site)
    meta = json.loads((corpus.www / "gov/site/search/meta.json").read_text(encoding="utf-8"))
    index = corpus.www / "gov/site/search" / meta["gen"]
    words = _phrase_table(index, "w/words.bin")
    texts = sorted(p.text for p in pages.values())
    around = [(b, p, a) for b, p, a in _contexts(index) if (b or a) and fold(p) not in words]
    shared = {b + p + a for b, p, a in around}
    assert len(around) >= 6 and len(shared) < len(around), around  # some phrases share a context
    inside, beyond = [], []
    for before, phrase, after in around[:: max(1, len(around) // 6)]:
        inside += [before[-1:] + phrase + after[:2], before + phrase + after]
        holder = next((t for t in texts if fold(phrase) in fold(t)), "")
        at = fold(holder).find(fold(before + phrase + after))
        further = fold(holder)[at + len(before + phrase + after) : at + len(before + phrase + after) + 1]
        if at >= 0 and re.fullmatch(r"\w", further):
            beyond.append(before + phrase + after + further)
    everything = _contexts(index)

    def in_a_context(term: str) -> bool:
        return any(
            term[k : k + len(p)] == p and b.endswith(term[:k]) and a.startswith(term[k + len(p) :])
            for b, p, a in everything
            for k in range(len(term))
        )

    assert all(in_a_context(term) for term in inside)
    beyond = [term for term in beyond if not in_a_context(term)]  # (入同比增长1's holds 制造业企业销售收入同比增长1)
    assert beyond, around
    for query in inside + beyond:
        page.goto(f"{corpus.url}gov/site/search.html")  # a fresh page: every file it reads is counted
        got = ranked(page, corpus, "gov/site", query)
        assert got and got == truth(pages, query), query
        read = page.evaluate("window.sgSearchStats.paths")
        pairs = any(path.startswith(meta["gen"] + "/p/") for path in read)
        assert any(path.startswith(meta["gen"] + "/f/p/") for path in read), query
        assert pairs == (query in beyond), query
        _assert_hits(page, index, query)  # the phrase's counts, and its offsets shifted to the term's


def _absorbed(index: Path) -> list[int]:
    """Per phrase of f/phrases.bin: the bits of the pairs of its whole (before, phrase, after) that occur nowhere
    else (K × u32 after the contexts' sizes)."""
    data = (index / "f/phrases.bin").read_bytes()
    phrases = _phrase_table(index)
    at = 8 + 2 * len(phrases) + 2 * sum(len(p.encode("utf-16-le")) // 2 for p in phrases) + 4 * len(phrases)
    return list(struct.unpack_from(f"<{len(phrases)}I", data, at))


def _grams(index: Path) -> list[tuple[int, int, int]]:
    """The absorbed grams of f/phrases.bin: (rank, start in its whole, length), after the afters' units (u16 G,
    then G × (u16 rank, u16 start << 8 | length))."""
    data = (index / "f/phrases.bin").read_bytes()
    phrases = _phrase_table(index)
    at = 8 + 2 * len(phrases) + 2 * sum(len(p.encode("utf-16-le")) // 2 for p in phrases)
    at += 8 * len(phrases) + 2 * sum(struct.unpack_from(f"<{2 * len(phrases)}H", data, at))
    (count,) = struct.unpack_from("<H", data, at)
    packed = struct.unpack_from(f"<{2 * count}H", data, at + 2)
    return [(packed[2 * g], packed[2 * g + 1] >> 8, packed[2 * g + 1] & 0xFF) for g in range(count)]


def test_terms_inside_a_context_with_a_pair_found_nowhere_else_read_the_phrases_list_alone(page, corpus):
    """A term inside a whole (before, phrase, after) holding none of the table's phrases but a pair of the whole
    that occurs in the text only there (absorbed: 计 取 in 年累计取消各类证明事项), or a longer piece of it found
    only there though its pairs are found elsewhere (a gram: 区税务局 in 自治区税务局), is wherever the phrase is:
    it is exact and reads the phrase's list alone, no pair's. Control: a term of a whole with neither in it is
    found from its pairs, and is exact too."""
    pages = read_pages(corpus.site)
    meta = json.loads((corpus.www / "gov/site/search/meta.json").read_text(encoding="utf-8"))
    index = corpus.www / "gov/site/search" / meta["gen"]
    contexts, absorbed = _contexts(index), _absorbed(index)
    phrases = [p for _, p, _ in contexts]
    words = _phrase_table(index, "w/words.bin")
    wholes = {b + p + a: mask for (b, p, a), mask in zip(contexts, absorbed, strict=True)}
    pieces: dict[str, list[tuple[int, int]]] = {}
    for rank, start, size in _grams(index):
        pieces.setdefault("".join(contexts[rank]), []).append((start, start + size))

    def by_gram(term: str) -> bool:
        return any(
            whole.index(term) <= start and end <= whole.index(term) + len(term)
            for whole, spans in pieces.items()
            if term in whole
            for start, end in spans
        )

    def held(term: str) -> bool:
        return by_gram(term) or any(
            (mask >> i) & 1
            for whole, mask in wholes.items()
            if term in whole
            for i in range(whole.index(term), whole.index(term) + len(term) - 1)
        )

    kinds: dict[bool, list[str]] = {True: [], False: []}
    for whole in sorted(wholes, key=len):
        for size in (3, 4, 5):
            for start in range(len(whole) - size + 1):
                term = whole[start : start + size]
                if not any(p in term for p in phrases) and term not in words and term not in kinds[held(term)]:
                    kinds[held(term)].append(term)
    assert len(kinds[True]) >= 3 and kinds[False], kinds
    # every term whose pairs are also written elsewhere in the pages (inside table sentences: not in the rest)
    texts = "\n".join(fold(p.text) for p in pages.values())
    elsewhere = [t for t in kinds[True] if any(texts.count(t[i : i + 2]) > texts.count(t) for i in range(len(t) - 1))]
    # and every term held by a gram alone (each of its pairs is in the text outside the whole too)
    grams = [t for t in kinds[True] if all(not held(t[i : i + 2]) for i in range(len(t) - 1))]
    assert grams, pieces
    tried = kinds[True][:: max(1, len(kinds[True]) // 8)] + elsewhere[:12] + grams[:12]
    # and the gram's own pieces short of it, one unit off either end: held by nothing (unless an absorbed pair)
    cuts = {whole[a:b] for whole, spans in pieces.items() for s, e in spans for a, b in ((s, e - 1), (s + 1, e))}
    cuts = sorted(cut for cut in cuts if not any(p in cut for p in phrases) and cut not in words)
    assert any(not held(cut) for cut in cuts), cuts
    for query in tried + cuts[:12] + kinds[False][:: max(1, len(kinds[False]) // 4)]:
        page.goto(f"{corpus.url}gov/site/search.html")  # a fresh page: every file it reads is counted
        got = ranked(page, corpus, "gov/site", query)
        assert got == truth(pages, query), query
        read = page.evaluate("window.sgSearchStats.paths")
        pairs = any(path.startswith(meta["gen"] + "/p/") for path in read)
        assert pairs != held(query), query
        if held(query):
            assert got and any(path.startswith(meta["gen"] + "/f/p/") for path in read), query
        _assert_hits(page, index, query)


def test_terms_inside_and_across_the_table_sentences_are_exact(page, corpus):
    """The pairs inside a table sentence's occurrences are left out of the pair index and the sentence counts
    for them (s/, search-s.js). A cut of a table sentence, one ending with its terminator and one running on
    into the next sentence (joined from the offsets of both parts) are exact, ranked by occurrences; a term
    across the start of a table sentence too. Control: the sentences' lists were read for the cuts."""
    pages = read_pages(corpus.site)
    meta = json.loads((corpus.www / "gov/site/search/meta.json").read_text(encoding="utf-8"))
    sentences = _sentence_table(corpus.www / "gov/site/search" / meta["gen"])
    assert meta["sentences"] == len(sentences) >= 3, sentences
    texts = sorted(p.text for p in pages.values())
    inside, across = [], []
    for sentence in sentences[:: max(1, len(sentences) // 5)]:
        inside += [sentence[2:8], sentence[-4:]]  # a cut, and one ending with the terminator (or the block's end)
        holder = next(t for t in texts if sentence in t)
        at = holder.index(sentence)
        after, before = holder[at + len(sentence) : at + len(sentence) + 3], holder[max(0, at - 2) : at]
        if re.fullmatch(r"[^\s]{3}", after) and sentence[-1] in "。!?;,":
            across.append(sentence[-3:] + after)
        if re.fullmatch(r"[^\s]{2}", before) and before[-1] in "。!?;,":
            across.append(before + sentence[:3])
    assert len(inside) >= 6 and len(across) >= 2, (inside, across)
    for query in inside + across:
        page.goto(f"{corpus.url}gov/site/search.html")  # a fresh page: every file it reads is counted
        got = ranked(page, corpus, "gov/site", query)
        assert got and got == truth(pages, query), query
        read = page.evaluate("window.sgSearchStats.paths")
        assert any(path.startswith(meta["gen"] + "/s/p/") for path in read), query


def _plain_server(folder: Path) -> http.server.ThreadingHTTPServer:
    """Python's own static server, which ignores Range and sends every file whole."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    plain = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=plain.serve_forever, daemon=True).start()
    return plain


def _own_parts(search: Path) -> dict[str, list[tuple[int, int, bool, bool]]]:
    """Per pack file (relative to search/), the own parts in it: (start, size, whether the offsets, whether a list
    without blocks: a sentence's, searchindex SPARSE), from packs.bin and the shards' headers."""
    from generator.site import searchindex

    found: dict[str, list[tuple[int, int, bool, bool]]] = {}
    for layer in (p for p in search.iterdir() if (p / "packs.bin").is_file()):
        for prefix, (packs, starts, sizes) in pack_directory(layer).items():
            for s, shard in enumerate(shard_files(layer, prefix)):
                at, name = starts[s] + sizes[s], f"{layer.name}/{prefix}p/{s % packs}.bin"
                for _, doc_bytes, position_bytes in shard_header(shard):
                    if doc_bytes & searchindex.SEPARATE:
                        size = doc_bytes & ~(searchindex.SEPARATE | searchindex.SPARSE)
                        found.setdefault(name, []).append((at, size, False, bool(doc_bytes & searchindex.SPARSE)))
                        at += size
                    if position_bytes & searchindex.SEPARATE:
                        size = position_bytes & ~searchindex.SEPARATE
                        found.setdefault(name, []).append((at, size, True, False))
                        at += size
    return found


def _part_of(read: str, parts: dict[str, list[tuple[int, int, bool, bool]]]) -> tuple[int, int, int, bool, bool] | None:
    """The own part a ranged read "<pack>#start-end" falls in, (start, end, part start, offsets, sparse); None for a
    read of a shard."""
    name, _, span = read.partition("#")
    start, end = (int(x) for x in span.split("-"))
    inside = [p for p in parts.get(name, []) if p[0] <= start < p[0] + p[1]]
    if not inside:
        return None
    base, size, offsets, sparse = inside[0]
    assert end <= base + size, f"{read}: a read beyond its part"
    return start, end, base, offsets, sparse


def _blocks_in(search: Path, read: str, block: int, parts: dict) -> tuple[int, int, bool] | None:
    """A ranged read "<pack>#start-end" of an own part (a blocked list, or blocked offsets): how many blocks with
    data it covers, of how many, and whether that part is the offsets; None for a read of a part's block
    directory alone, of a list without blocks (read whole), or of a shard."""
    found = _part_of(read, parts)
    if found is None:
        return None
    start, end, base, offsets, sparse = found
    name = read.partition("#")[0]
    if sparse:
        size = next(p[1] for p in parts[name] if p[0] == base)
        assert (start, end) == (base, base + size), f"{read}: a list without blocks is read whole"
        return None
    documents = int.from_bytes((search / name.split("/")[0] / "docs.bin").read_bytes()[:4], "little")
    blocks = -(-documents // block)
    head = 4 * blocks
    if (start, end) == (base, base + head):
        return None
    data = (search / name).read_bytes()
    ends = [0] + [int.from_bytes(data[base + 4 * j : base + 4 * j + 4], "little") for j in range(blocks)]
    assert end <= base + head + ends[-1], f"{read}: a read across two parts"
    full = [j for j in range(blocks) if ends[j] < ends[j + 1]]
    covered = sum(1 for j in full if base + head + ends[j + 1] > start and base + head + ends[j] < end)
    return covered, len(full), offsets


def test_long_lists_read_block_by_block_and_whole_from_a_server_without_range(page, corpus, monkeypatch):
    from generator.site import searchindex

    # Every list of more than 8 documents in a blocked file of its own: at 240 articles (4 blocks of 64),
    # most queries then read some blocks of some lists by HTTP Range and skip the others.
    monkeypatch.setattr(searchindex, "OWN_DOCS", 8)
    shutil.rmtree(corpus.www / "blocks", ignore_errors=True)
    corpus.build("blocks/site", cache=False)
    meta = json.loads((corpus.www / "blocks/site/search/meta.json").read_text(encoding="utf-8"))
    urls = corpus.ids_to_urls("blocks/site")
    pages = read_pages(corpus.site)
    asked = [q for kind in queries(pages).values() for q in kind[:5]] + ["税务 服务", "纳税"]
    # a phrase found in documents of at least two blocks, whose other pairs are in many more documents
    ids = {url: i for i, url in urls.items()}
    spread = next(
        q
        for q in (p for kind in ("3-5 characters", "6-10 characters") for p in queries(pages)[kind])
        if 2 <= len(truth(pages, q)) <= 20 and len({ids[u] // searchindex.BLOCK for u in truth(pages, q)}) >= 2
    )
    asked.append(spread)
    blocked: dict[str, list[str]] = {}
    for query in asked:
        page.goto(f"{corpus.url}blocks/site/search.html")  # a fresh page: every file it reads is counted
        ids_found = page.evaluate("q => window.sgSearch(q)", query)
        assert [urls[i] for i in ids_found] == truth(pages, query), query
        read = page.evaluate("window.sgSearchStats.paths")
        blocked[query] = [p for p in read if re.search(r"/p/\d+\.bin#", p)]
    search = corpus.www / "blocks/site/search"
    own = _own_parts(search)
    spans = {
        q: [s for s in (_blocks_in(search, part, searchindex.BLOCK, own) for part in parts) if s is not None]
        for q, parts in blocked.items()
    }
    assert len([q for q, parts in spans.items() if parts]) >= 5, spans  # blocks read alone, not whole files
    in_parts = [_part_of(p, own) for parts in blocked.values() for p in parts]
    assert any(found and found[4] for found in in_parts)  # and sentence lists whole
    assert any(sum(read for read, _, _ in parts) >= 2 for parts in spans.values()), spans  # several blocks of one query
    assert any(read < full for parts in spans.values() for read, full, _ in parts), spans  # and skipped others
    # offsets too: some read in the offsets part of a file, of fewer blocks than it has
    assert any(read < full for parts in spans.values() for read, full, offsets in parts if offsets), spans
    # the control: the same index from a server that ignores Range gives the same results from whole files
    plain = _plain_server(corpus.www)
    try:
        page.goto(f"http://127.0.0.1:{plain.server_address[1]}/blocks/site/search.html")
        for query in asked:
            ids_found = page.evaluate("q => window.sgSearch(q)", query)
            assert [urls[i] for i in ids_found] == truth(pages, query), query
        read = page.evaluate("window.sgSearchStats.paths")
    finally:
        plain.shutdown()
        plain.server_close()
    assert any(f"{meta['gen']}/p/" in p for p in read) and not any("#" in p for p in read)
    assert len(read) == len(set(read))  # each file once


def _shown(page, url: str) -> tuple[list[str], list[str], list[str]]:
    """The result links, excerpts' highlighted words and result files read on the search page at `url`."""
    page.goto(url)
    page.locator("#sg-search-status").filter(has_text="找到").wait_for()
    hrefs = page.locator("#sg-search-results > li > a").evaluate_all("all => all.map(a => a.href)")
    marks = page.locator("#sg-search-results .result-excerpt mark").all_inner_texts()
    read = [p for p in page.evaluate("window.sgSearchStats.paths") if "/r/" in p]
    return [h.split("/gov/site/")[1] for h in hrefs], marks, read


def test_results_read_by_byte_ranges_and_whole_from_a_server_without_range(page, corpus):
    pages = read_pages(corpus.site)
    query = "税务 服务"
    expected = truth(pages, query)
    links, marks, read = _shown(page, f"{corpus.url}gov/site/search.html?q={query}")
    assert links == expected[:10] and {"税务", "服务"} & set(marks)
    assert read and all("#" in p for p in read)  # byte ranges only
    plain = _plain_server(corpus.www)
    try:
        url = f"http://127.0.0.1:{plain.server_address[1]}/gov/site/search.html?q={query}"
        assert _shown(page, url)[:2] == (links, marks)  # the same results and excerpts
        whole = _shown(page, url)[2]
    finally:
        plain.shutdown()
        plain.server_close()
    assert whole and not any("#" in p for p in whole)  # whole packs, each read once
    assert len(whole) == len(set(whole))


def test_a_wenhao_typed_with_square_brackets_finds_the_page_from_the_header(page, corpus):
    pages = read_pages(corpus.site)
    with_doc_no = next(p for p in pages.values() if re.search(r"〔\d{4}〕\d+号", p.text))
    doc_no = re.search(r"[^\s]+〔\d{4}〕\d+号", with_doc_no.text).group()
    typed = doc_no.replace("〔", "[").replace("〕", "]")
    expected = truth(pages, typed)
    assert with_doc_no.url in expected
    page.goto(f"{corpus.url}gov/site/index.html")
    box = page.get_by_role("search", name="全站搜索")
    box.get_by_role("searchbox").fill(typed)
    box.get_by_role("searchbox").press("Enter")
    page.wait_for_url("**/gov/site/search.html?q=*")
    status = page.locator("#sg-search-status")
    status.filter(has_text="找到").wait_for()
    assert f"找到 {len(expected)} 条" in status.inner_text()
    links = page.locator("#sg-search-results > li > a")
    hrefs = [h.split("/gov/site/")[1] for h in links.evaluate_all("all => all.map(a => a.href)")]
    assert hrefs == expected[:10]
    assert page.get_by_role("search", name="全站搜索").get_by_role("searchbox").input_value() == typed  # kept


def test_a_query_that_finds_nothing_says_so(page, corpus):
    page.goto(f"{corpus.url}gov/site/search.html?q=" + "发漂")
    status = page.locator("#sg-search-status")
    status.filter(has_text="没有找到").wait_for()
    assert page.locator("#sg-search-results > li").count() == 0
    assert status.get_attribute("aria-live") == "polite"


def test_a_script_of_another_index_format_asks_for_a_reload_and_reads_nothing(page, corpus):
    """A browser may keep an earlier search.js beside a rebuilt index (meta.json is asked for afresh): the script
    compares the index's format with its own and, when they differ, says to reload instead of misreading lists.
    Control: the index as built is read."""
    from generator.site.search import FORMAT

    assert re.search(r"var FORMAT = (\d+);", (REPO / "templates/static/search.js").read_text("utf-8"))[1] == str(FORMAT)
    page.goto(f"{corpus.url}gov/site/search.html?q=" + "税务")
    page.locator("#sg-search-status").filter(has_text="找到").wait_for()  # control

    def older(route):
        meta = json.loads(route.fetch().body())
        route.fulfill(json={**meta, "format": FORMAT - 1})

    page.route("**/search/meta.json*", older)
    page.goto(f"{corpus.url}gov/site/search.html?q=" + "税务")
    page.locator("#sg-search-status").filter(has_text="刷新本页").wait_for()
    assert page.locator("#sg-search-results > li").count() == 0
    page.unroute("**/search/meta.json*")


def test_every_result_is_reachable_page_by_page_with_the_keyboard(page, corpus):
    pages = read_pages(corpus.site)
    query = max(("纳税", "税务", "服务", "企业"), key=lambda q: len(truth(pages, q)))
    expected = truth(pages, query)
    assert len(expected) > 30
    page.goto(f"{corpus.url}gov/site/search.html?q={query}")
    status = page.locator("#sg-search-status")
    seen: list[str] = []
    for number in range(1, -(-len(expected) // 10) + 1):
        status.filter(has_text=f"第 {number} 页").wait_for()
        assert f"找到 {len(expected)} 条" in status.inner_text()
        items = page.locator("#sg-search-results > li")
        assert page.locator("#sg-search-results").get_attribute("start") == str(len(seen) + 1)
        for i in range(items.count()):
            item = items.nth(i)
            href = item.locator("a").get_attribute("href")
            seen.append(href)
            excerpt = item.locator(".result-excerpt")
            title = item.locator("a").inner_text()
            assert not excerpt.inner_text().startswith(title)  # the excerpt does not repeat the title
            if query in fold(excerpt.inner_text()):
                assert query in fold(excerpt.locator("mark").first.inner_text())
        following = page.get_by_role("link", name=f"下一页，第 {number + 1} 页")
        if following.count():
            following.focus()
            page.keyboard.press("Enter")
    assert seen == expected


def test_filters_by_channel_and_year(page, corpus):
    pages = read_pages(corpus.site)
    query = "税务"
    channel_titles = {
        c: v["title"] for c, v in yaml.safe_load((corpus.site / "columns.yaml").read_text("utf-8")).items()
    }
    meta = json.loads((corpus.www / "gov/site/search/meta.json").read_text(encoding="utf-8"))
    channels = [c for c, v in channel_titles.items() if "/" not in c]
    for channel in ("xxgk", "dfpd"):
        index = str(channels.index(channel))
        for year in ("", "2025"):
            expected = truth(pages, query, channel, year)
            assert ranked(page, corpus, "gov/site", query, index, year) == expected
    page.goto(f"{corpus.url}gov/site/search.html?q={query}&ch={channels.index('dfpd')}&y=2025")
    page.locator("#sg-search-status").filter(has_text="找到").wait_for()
    assert page.locator("#sg-search-channel").input_value() == str(channels.index("dfpd"))
    assert page.locator("#sg-search-year").input_value() == "2025"
    assert [c[1] for c in meta["channels"]] == [
        channel_titles[c] for c in channels if c in {p.channel for p in pages.values()}
    ]


def test_search_works_in_large_text_and_high_contrast(page, corpus):
    page.goto(f"{corpus.url}gov/site/search.html?q=纳税")
    page.get_by_role("button", name="大字号").click()
    page.get_by_role("button", name="高对比度").click()
    page.locator("#sg-search-status").filter(has_text="找到").wait_for()
    page.reload()
    page.locator("#sg-search-status").filter(has_text="找到").wait_for()
    assert "large-text" in page.locator("html").get_attribute("class")
    assert "high-contrast" in page.locator("html").get_attribute("class")
    first = page.locator("#sg-search-results > li > a").first
    assert first.is_visible()
    mark = page.locator("#sg-search-results mark").first
    colour, background = mark.evaluate("m => [getComputedStyle(m).color, getComputedStyle(m).backgroundColor]")
    assert colour != background


# --------------------------------------------------------------------------
# incremental


def _linked_targets(site: Path) -> set[Path]:
    targets = set()
    for path in (site / "content").rglob("*.md"):
        for link in re.findall(r"\]\(([^)]+\.md)\)", path.read_text(encoding="utf-8")):
            targets.add((path.parent / link).resolve())
    return targets


def _url(site: Path, path: Path) -> str:
    return path.relative_to(site / "content").with_suffix(".html").as_posix()


def _assert_equal_to_truth_and_cold(page, corpus, after, asked):
    shutil.rmtree(corpus.www / "cold", ignore_errors=True)
    corpus.build("cold/site", cache=False)
    assert json.loads((corpus.www / "cold/site/search/meta.json").read_text(encoding="utf-8"))["layer"] is None
    page.goto(f"{corpus.url}gov/site/search.html")  # the index as rebuilt
    cold = page.context.new_page()
    cold.goto(f"{corpus.url}cold/site/search.html")
    for query in asked:
        expected = truth(after, query)
        rebuilt = ranked(page, corpus, "gov/site", query)
        assert rebuilt == expected, query
        assert ranked(cold, corpus, "cold/site", query) == rebuilt, query
    cold.close()


def _results_of(search: Path) -> dict[str, list[str]]:
    """Every result text under search/ (main index and layer), by URL: a blanked record has no URL."""
    found: dict[str, list[str]] = {}
    for layer in sorted(p for p in search.iterdir() if (p / "r").is_dir()):
        for record, text in read_results(layer):
            found.setdefault(record["u"], []).append(text)
    return found


def test_additions_changes_and_withdrawals_go_into_a_change_layer_and_leave_no_old_text(page, corpus):
    """An added article goes into a small change layer over the main index. A changed or withdrawn one is
    taken out of the main index (its result pack, its pairs' lists and offsets: nothing of its old text
    stays downloadable) and a changed one goes into the layer. Each time the results equal a cold build's."""
    site = corpus.site
    articles = sorted((site / "content").rglob("*.md"))
    linked = _linked_targets(site)
    plain = [a for a in articles if "\ndisclosure:" not in a.read_text(encoding="utf-8")]
    changed, template = plain[5], plain[6]
    withdrawn = next(a for a in reversed(articles) if a.resolve() not in linked and not a.with_suffix("").exists())
    before = read_pages(site)

    added = template.with_name("20261120-999999.md")
    added.write_text(template.read_text(encoding="utf-8") + "\n增量索引验证短语乙：新增文章。\n", "utf-8")
    meta_before = json.loads((corpus.www / "gov/site/search/meta.json").read_text(encoding="utf-8"))
    corpus.build("gov/site")
    meta = json.loads((corpus.www / "gov/site/search/meta.json").read_text(encoding="utf-8"))
    assert meta["gen"] == meta_before["gen"] and meta["layer"]["n"] == 1 and meta["layer"]["deleted"] == 0
    after = read_pages(site)
    assert truth(after, "增量索引验证短语乙") == [_url(site, added)]
    asked = ["增量索引验证短语乙", "纳税", "税务 服务"] + [q for kind in queries(after).values() for q in kind[:4]]
    _assert_equal_to_truth_and_cold(page, corpus, after, asked)

    head, body = changed.read_text(encoding="utf-8").split("\n---\n", 1)
    old_phrase = next(r for r in _PLAIN.findall(body) if len(r) >= 12)[:12]
    changed.write_text(head + "\n---\n" + body.replace(old_phrase, "增量索引验证短语甲", 1), "utf-8")
    gone_phrase = before[_url(site, withdrawn)].title
    withdrawn.unlink()
    old_text = next(t for t in _results_of(corpus.www / "gov/site/search")[_url(site, changed)])
    corpus.build("gov/site")
    meta = json.loads((corpus.www / "gov/site/search/meta.json").read_text(encoding="utf-8"))
    assert meta["gen"] == meta_before["gen"] and meta["layer"]["n"] == 2 and meta["layer"]["deleted"] == 2
    results = _results_of(corpus.www / "gov/site/search")
    assert _url(site, withdrawn) not in results and len(results[_url(site, changed)]) == 1
    assert old_text not in results[_url(site, changed)] and "增量索引验证短语甲" in results[_url(site, changed)][0]
    assert set(results) - {""} == set(read_pages(site))  # a result for every page, none for what is gone
    after = read_pages(site)
    assert truth(after, "增量索引验证短语甲") == [_url(site, changed)]
    asked = ["增量索引验证短语甲", "增量索引验证短语乙", old_phrase, gone_phrase, "纳税", "税务 服务"]
    asked += [q for kind in queries(after).values() for q in kind[:6]]
    _assert_equal_to_truth_and_cold(page, corpus, after, asked)
    assert _url(site, withdrawn) not in ranked(page, corpus, "gov/site", gone_phrase)
