"""Search after a sequence of incremental builds that scrub articles at block boundaries, in real Chromium.

About 150 articles, lists of more than 12 documents in files of their own (e/: three blocks of 64). Every
crafted article holds a marker no other has (甲 + two CJK Extension A characters + 乙: pairs of one document);
the others share a common term (in e/ blocked lists, mixed with short shard lists in 征收管理甲方), repeated
characters (税税税税, overlapping), a 文号 written with 〔〕 and 【】, full-width and half-width digits and letters,
a character beyond the BMP, clauses of the sentence table, and each its title number (第N号). Then, build after
build, the articles numbered 63, 64, 65, 127 and 128 in the main index are changed, withdrawn and one re-added
as it was; two whose marker pairs are next to each other in one shard's header are withdrawn higher first,
lower later; then twelve at once (the most a build scrubs), then thirteen (the index is built cold).
After each build:
- every query (one term and several, one with no results, terms equal after normalisation) equals the truth
  computed from the texts (test_search_exact.truth), read through Range requests from the scrubbed files;
- no file under search/ holds a gone marker (UTF-16 or UTF-8), no shard header holds a gone marker's pair, and
  every pair key a main-index header holds is a pair of a text the main index still serves.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import struct
from pathlib import Path

import pytest
from browserkit import serve
from test_search_clauses import _assert_exact, _meta, _search_site, write_articles
from test_search_exact import Corpus, own_offsets, read_pages, shard_files, truth
from test_search_scrub import header_keys, own_keys

from generator.site.search import read_results

pytestmark = [pytest.mark.slow, pytest.mark.search]

CRAFTED = 144
COMMON = "征收管理"


def marker(k: int) -> str:
    return f"甲{chr(0x3400 + 2 * k)}{chr(0x3401 + 2 * k)}乙"


def marker_key(k: int) -> int:
    return (0x3400 + 2 * k) << 16 | (0x3401 + 2 * k)


def body(k: int) -> list[str]:
    parts = [marker(k) + "。"]
    if k % 2 == 0:
        parts.append(COMMON * (1 + k % 3) + "。")
    if k % 13 == 0:
        parts.append("征收管理甲方。")
    parts.append({0: "税税税。", 1: "税税税税税，"}.get(k % 5, ""))
    if k % 7 == 0:
        parts.append("税。税税税税")
    parts.append({0: "依据国税发〔2026〕7号。", 4: "依据国税发【2026】7号。"}.get(k % 9, ""))
    parts.append({0: "２０２６年度申报。", 2: "2026年度申报。"}.get(k % 4, ""))
    parts.append({0: "ＡＢＣ申报", 3: "abc申报"}.get(k % 6, ""))
    parts.append({1: "𠀾局长讲话，", 5: "见𠀾"}.get(k % 8, ""))  # a character of two code units
    return ["".join(parts) + "其他内容。"]


QUERIES = [
    COMMON,
    COMMON * 2,
    COMMON * 3,
    "征收管理甲方",
    "理甲方",
    "税税",
    "税税税",
    "税税税税",
    "税税税税税",
    "税税税税税税",  # control: in no article
    "税。税税",
    "国税发[2026]7号",
    "国税发【2026】7号",
    "国税发(2026)7号",
    "国税发〔2026〕7号",
    "2026年度",
    "２０２６年度申报",
    "abc申报",
    "ＡＢＣ",
    "申报。其他",  # across clauses
    "征收管理 税税税税",
    "税税税税 征收管理",
    "征收管理 国税发[2026]7号 税税税",
    "征收管理 无此词语",  # one term with no results
    "2026年度 ２０２６年度",  # equal after normalisation
    "abc申报 ABC申报",
    "征收管理甲方 税税税",
    "𠀾",
    "𠀾局长",
    "见𠀾 税税",
]


def _by_number(corpus: Corpus) -> dict[int, Path]:
    """The crafted articles by the number write_articles gave them (the file name's 9NNNNN)."""
    return {int(p.stem.rsplit("-9", 1)[1]): p for p in (corpus.site / "content").rglob("*-9?????.md")}


def _main_ids(corpus: Corpus) -> dict[int, int]:
    """Main-index id -> crafted article number, from the main index's result records."""
    main = corpus.www / "gov/site/search" / _meta(corpus, "gov/site")["gen"]
    numbers = {
        f"{p.relative_to(corpus.site / 'content').with_suffix('.html').as_posix()}": n
        for n, p in _by_number(corpus).items()
    }
    return {i: numbers[record["u"]] for i, (record, _) in enumerate(read_results(main)) if record["u"] in numbers}


def _shard_neighbours(corpus: Corpus, numbers: set[int]) -> tuple[int, int]:
    """Two crafted articles (lower, higher) whose marker pairs are next to each other in one shard's header."""
    main = corpus.www / "gov/site/search" / _meta(corpus, "gov/site")["gen"]
    by_key = {marker_key(k): k for k in numbers}
    for data in shard_files(main, ""):
        keys = struct.unpack_from(f"<{3 * struct.unpack_from('<I', data)[0]}I", data, 4)[::3]
        for low, high in itertools.pairwise(keys):
            if low in by_key and high in by_key:
                return by_key[low], by_key[high]
    raise AssertionError("no two markers next to each other in a shard")


def _assert_no_trace(corpus: Corpus, gone: set[int]) -> None:
    """No file under search/ holds a gone marker; no header its pair; main headers only pairs of served texts."""
    from generator.site.searchindex import folded_units, pair_keys

    search = corpus.www / "gov/site/search"
    needles = [marker(k).encode(code) for k in gone for code in ("utf-16-le", "utf-8")]
    for path in search.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not [n for n in needles if n in data], path
    keys = {
        key
        for layer in search.iterdir()
        if (layer / "packs.bin").is_file()
        for family, key in header_keys(layer)
        if not family
    }
    assert keys  # control: the headers are read
    assert not keys & {marker_key(k) for k in gone}
    main = search / _meta(corpus, "gov/site")["gen"]
    served: set[int] = set()
    for record, text in read_results(main):
        if record["u"]:
            served.update(pair_keys(folded_units(text)).tolist())
    held = {key for family, key in header_keys(main) if not family}
    assert held - {0} <= served, sorted(held - served)[:5]


@pytest.fixture(scope="module")
def sequence(tmp_path_factory):
    from generator.site import searchindex

    corpus = _search_site(tmp_path_factory, "search-sequence")
    write_articles(corpus.site, [body(k) for k in range(CRAFTED)], 0, dt.date(2026, 11, 1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchindex, "OWN_DOCS", 12)  # lists of more than 12 documents: e/ (blocks of 64)
        patch.setattr(searchindex, "OWN_FILE", 24)  # offsets over 24 bytes: in the e/ file too
        corpus.build("gov/site")
        with serve(corpus.www) as corpus.url:
            yield corpus
    os.environ.pop("SITEGEN_CACHE_DIR", None)


def _rebuilt(page, corpus: Corpus, gone: set[int], queries: list[str]) -> dict:
    corpus.build("gov/site")
    page.goto(f"{corpus.url}gov/site/search.html")  # the index as rebuilt
    _assert_exact(page, corpus, "gov/site", queries)
    _assert_no_trace(corpus, gone)
    return _meta(corpus, "gov/site")


def _change(path: Path, k: int, to: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(marker(k), to), "utf-8")


def test_changes_withdrawals_and_a_re_addition_at_block_boundaries(page, sequence):
    index = sequence.www / "gov/site/search" / _meta(sequence, "gov/site")["gen"]
    assert own_keys(index, "")  # control: blocked lists and offsets
    assert own_offsets(shard_files(index, ""))
    ids = _main_ids(sequence)
    at = {i: ids[i] for i in (63, 64, 65, 127, 128)}  # the crafted articles at the block boundaries
    assert len(at) == 5, "a boundary id is not a crafted article"
    files = _by_number(sequence)
    markers = [marker(k) for k in at.values()]
    pages = read_pages(sequence.site)
    assert all(
        truth(pages, m) == [files[k].relative_to(sequence.site / "content").with_suffix(".html").as_posix()]
        for m, k in zip(markers, at.values())
    )
    assert sum(bool(truth(pages, q)) for q in QUERIES) == len(QUERIES) - 2  # control: all but two find pages
    queries = QUERIES + markers + [f"{COMMON} {m}" for m in markers] + ["修改后的正文", "撤回后重新发布"]
    queries += [f"第{k}号" for k in at.values()] + [f"第{k}号 {COMMON}" for k in at.values()]  # in titles only
    _assert_exact(page, sequence, "gov/site", queries)
    _assert_no_trace(sequence, set())
    gen = _meta(sequence, "gov/site")["gen"]
    low, high = _shard_neighbours(sequence, set(files) - set(at.values()))

    # 1: change 64 and 127 (their markers go), withdraw 63, and the higher of two shard neighbours
    original = files[at[64]].read_text(encoding="utf-8")
    _change(files[at[64]], at[64], "修改后的正文" + COMMON)
    _change(files[at[127]], at[127], "税税税税税税税")
    files[at[63]].unlink()
    files[high].unlink()
    meta = _rebuilt(page, sequence, {at[63], at[64], at[127], high}, queries + ["税税税税税税税"])
    assert meta["gen"] == gen and meta["layer"]["deleted"] == 4, meta["layer"]  # scrubbed, not built cold

    # 2: withdraw the changed 64, change 65 and 128, withdraw the lower neighbour
    files[at[64]].unlink()
    _change(files[at[65]], at[65], "")
    _change(files[at[128]], at[128], "撤回后重新发布" + COMMON * 2)
    files[low].unlink()
    gone = {at[63], at[64], at[65], at[127], at[128], high, low}
    meta = _rebuilt(page, sequence, gone, queries)
    assert meta["gen"] == gen and meta["layer"]["deleted"] == 7, meta["layer"]

    # 3: 64 back as it was: found again (from the change layer), its main entries stay out
    files[at[64]].write_text(original, "utf-8")
    meta = _rebuilt(page, sequence, gone - {at[64]}, queries)
    assert meta["gen"] == gen and meta["layer"]["deleted"] == 7, meta["layer"]
    assert len(truth(read_pages(sequence.site), marker(at[64]))) == 1


def test_twelve_scrubbed_in_one_build_then_thirteen_build_cold(page, sequence):
    """The most one build takes out of the main index (search.SCRUB_MAX = 12), each one's marker gone; one more
    and the index is built cold. (Runs after the test above, on what it left; the fixture's small lists hold.)"""
    from generator.site import search

    assert search.SCRUB_MAX == 12
    files = _by_number(sequence)
    in_main = set(_main_ids(sequence).values())
    before = _meta(sequence, "gov/site")
    candidates = sorted(k for k in files if k in in_main and marker(k) in files[k].read_text(encoding="utf-8"))
    twelve, thirteen = candidates[1:120:10][:12], candidates[2:130:10][:13]
    assert len(twelve) == 12 and len(thirteen) == 13 and not set(twelve) & set(thirteen)
    gone = {k for k in files if marker(k) not in files[k].read_text(encoding="utf-8")}
    gone |= set(range(CRAFTED)) - set(files)
    queries = QUERIES + [marker(k) for k in twelve[:4] + thirteen[:4]] + ["第二轮修改"]
    for k in twelve:
        _change(files[k], k, "第二轮修改")
    meta = _rebuilt(page, sequence, gone | set(twelve), queries)
    deleted = before["layer"]["deleted"] if before["layer"] else 0  # 0: run alone (pytest-xdist may split the two)
    assert meta["gen"] == before["gen"] and meta["layer"]["deleted"] == deleted + 12
    for k in thirteen:
        _change(files[k], k, "第二轮修改")
    meta = _rebuilt(page, sequence, gone | set(twelve) | set(thirteen), queries)
    assert meta["gen"] != before["gen"] and meta["layer"] is None, meta["layer"]
