"""Issue 10's speed claims, measured: attachment scans, `check --staged`, and linear time on hostile text.

    .venv/bin/python benchmarks/secrecy.py [--repeat 3] [--articles 1000] [--baseline /path/to/old/checkout]

1. A 20 MB PDF (120 pages of Chinese text plus scanned-page images, written by fpdf2) scanned cold
   (no cache) and warm (the content-hash cache in the user's cache folder).
2. `sitegen check --staged` of one changed article in a corpus site (benchmarks/corpus.py),
   interpreter start included, against the same command run by --baseline's code (e.g. main
   before issue 10) when given.
3. The text scans (normaliser + every SE scan) on crafted inputs of 256 KiB, 512 KiB and 1 MiB:
   the time must grow linearly.

Medians of --repeat runs; one run of this script gives every number in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # docmaker: real documents made by real writers


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def big_pdf(folder: Path, target_mib: int = 20) -> bytes:
    import docmaker
    from fpdf import FPDF
    from PIL import Image

    sentence = "国家税务总局关于进一步优化纳税缴费服务的公告，办公电话 010-63417114，热线 12366。"
    font = docmaker.cjk_font(str(folder), sentence)
    doc = FPDF()
    doc.add_font("cjk", fname=font)
    doc.set_font("cjk", size=10)
    noise = Image.effect_noise((900, 900), 64).convert("RGB")
    embedded = 0
    page = 0
    while embedded < target_mib * 1024 * 1024 and page < 400:
        path = folder / f"scan{page}.jpg"  # a distinct scanned image per page: the PDF really carries the pixels
        noise.rotate(page * 3 + 1).save(path, "JPEG", quality=95)
        embedded += path.stat().st_size
        doc.add_page()
        doc.multi_cell(0, 5, (sentence * 3 + "\n") * 12)
        doc.image(str(path), x=10, y=150, w=120)
        page += 1
    for _ in range(page * 2):  # and text-only pages, as a report has
        doc.add_page()
        doc.multi_cell(0, 5, (sentence * 3 + "\n") * 20)
    return bytes(doc.output())


def bench_pdf(repeat: int) -> dict[str, float]:
    from generator.rules.context import Context
    from generator.rules.seattach import scan_content

    with tempfile.TemporaryDirectory() as tmp:
        data = big_pdf(Path(tmp))
    ctx = Context(None, None, __import__("datetime").date(2026, 11, 26), False, None)  # type: ignore[arg-type]
    cold = median_time(lambda: scan_content("附件.pdf", data, ctx, frozenset()), repeat)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(data)).pages)
    return {"size_mib": len(data) / 1048576, "pages": pages, "scan_s": cold}


def bench_cache(repeat: int) -> dict[str, float]:
    """Warm: the same bytes again, answered from the JSON cache (hashing the file included)."""
    import hashlib

    from generator.attachcache import AttachmentCache

    data = os.urandom(20 * 1024 * 1024)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SITEGEN_CACHE_DIR"] = tmp
        cache = AttachmentCache(Path(tmp), "bench")
        cache.put(hashlib.sha256(data).hexdigest(), [], len(data))
        warm = median_time(lambda: cache.get(hashlib.sha256(data).hexdigest()), repeat)
    return {"warm_s": warm}


def bench_staged(articles: int, repeat: int, baseline: Path | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "corpus"
        subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / "corpus.py"), "-n", str(articles), str(target)],
            check=True,
            capture_output=True,
        )
        site = target / "sitegen"
        article = next(p for p in sorted((site / "content").rglob("*.md")))
        article.write_text(
            article.read_text(encoding="utf-8") + "\n补充说明：办公电话 010-63417114。\n", encoding="utf-8"
        )
        subprocess.run(["git", "add", str(article)], cwd=site, check=True)
        results = {}
        for label, code in (("this", REPO), ("baseline", baseline)):
            if code is None:
                continue
            env = {**os.environ, "PYTHONPATH": str(code), "SITEGEN_NO_CACHE": "1"}
            command = [sys.executable, "-m", "generator.cli", "check", "--staged", "--today", "2026-11-26"]
            results[f"staged_{label}_s"] = median_time(
                lambda c=command, e=env: subprocess.run(c, cwd=site, env=e, capture_output=True, check=False), repeat
            )
    return results


HOSTILE: dict[str, str | tuple[str, str] | tuple[str, str, str]] = {
    "spaced digits": "1 ",
    "digit groups": "123 ",
    "ID-like groups": "110101 ",
    "@ runs": "a.@",
    "mark characters": "内 部 ",
    "run-on phrases": "内部资料性",
    "entities": "&#64;",
    "zero-width": "1\u200b",
    "stars": "秘密 ★",
    "full-width": "１",
    "CJK numerals": "一",  # a number in CJK numerals is read as digits: the same runs as "1 ", "123 " above
    "spaced CJK numerals": "一 ",
    "CJK numeral groups": "一三八 ",
    "CJK numerals and digits": "一1",
    "ID-like numerals": "一一〇一〇五一九四九一二三一〇〇二十一",
    # review s8 (A1-A10): the separators, groupings, masks and letters the number scan reads
    "en-dashed digits": "1–",
    "digit pairs": "13 ",
    "digits on lines": "1\n",
    "emphasis in digits": "138**",
    "masks": "1*",
    "letters for digits": "1O",
    # the heads of review s7: every cell, element and attribute value opens one, behind decoration and list heads
    "table cells": "|• ",
    "cells of marks": "| 内部资料 ",
    "elements": "<p>— ",
    "attribute values": 'a="“',
    "list heads": "一、(一)A、",
    "stars after punctuation": "秘密：(",
    "labels": "密级为秘密",
    "quotes and equals": '"=',
    # review s8: one run of quotes before a mark character, a quoted number list after one; the heads' new rules
    "a run of quotes, then 内": ('"', "内"),
    "quoted numbers after 内": ('"1",', "以下为内容说明。\n", ""),
    "rows of a 密级 column": ("| 秘密 |\n", "| 密级 |\n|---|\n", ""),
    "numbered notices": "1、注意保密\n",
    "labels after 的": "密钥的密级为机密。",
    # review s10 of h4: symbols between groups, marks over line breaks and slashes, statements about this document
    "symbol-separated groups": "138#0013#",
    "symbol-separated fours": "6222'0212'",
    "mark characters a line": "内\n部\n",
    "slashed mark characters": "内/部/资/",
    "this-document statements": "本文件为内部",
    "internal-use stamps": "\n仅供内部使",
    "labels before cut numbers": "张三：13800 138000\n",
    # session 11 (h5): radio digits, 丨 ; : < > between groups, 禁止外传, marks a row each, marks after a sentence
    "radio digits": "幺三八洞",
    "stroke-separated groups": "138丨0013丨",
    "colon-separated groups": "138:0013:",
    "bans": "🈲外传 ",
    "mark characters a table row": "| 内 |\n",
    "mark characters a list item": "1. 内\n",
    "sentence ends before 内": "。内",
    "marks after sentences": "正文。内部资料 ",
    "levels far after 机": "机" + "密" * 40,
}


def _hostile_text(spec: str | tuple[str, str] | tuple[str, str, str], size: int) -> str:
    """A unit repeated to `size` bytes; (unit, after) or (unit, before, after): one run of it, text around it."""
    unit, before, after = (
        (spec, "", "") if isinstance(spec, str) else (spec[0], "", spec[1]) if len(spec) == 2 else spec
    )
    return before + unit * (size // len(unit.encode("utf-8"))) + after


def bench_hostile(repeat: int) -> list[tuple[str, float, float, float]]:
    from generator import sescan

    staff = sescan.staff_keys(["zhangwei@example.gov.cn"])
    rows = []
    for name, spec in HOSTILE.items():
        times = []
        for size in (256 * 1024, 512 * 1024, 1024 * 1024):
            text = _hostile_text(spec, size)
            times.append(median_time(lambda t=text: sescan.scan(t, staff=staff), repeat))
        rows.append((name, *times))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--baseline", type=Path, default=None, help="a checkout whose `generator` is the baseline")
    parser.add_argument("--only", choices=("pdf", "staged", "hostile"), default=None)
    args = parser.parse_args()
    if args.only in (None, "pdf"):
        pdf = bench_pdf(args.repeat)
        print(f"20 MB PDF: {pdf['size_mib']:.1f} MiB, {pdf['pages']} pages, cold scan {pdf['scan_s']:.2f} s (median)")
        print(
            f"cached answer for a 20 MiB attachment (sha256 + JSON): {bench_cache(args.repeat)['warm_s'] * 1000:.0f} ms"
        )
    if args.only in (None, "staged"):
        staged = bench_staged(args.articles, args.repeat, args.baseline)
        line = f"check --staged, one article of {args.articles}: {staged['staged_this_s']:.2f} s"
        if "staged_baseline_s" in staged:
            ratio = staged["staged_this_s"] / staged["staged_baseline_s"]
            line += f" (baseline {staged['staged_baseline_s']:.2f} s, ratio {ratio:.2f})"
        print(line)
    if args.only in (None, "hostile"):
        print("hostile text, scan time at 256 KiB / 512 KiB / 1 MiB (ratio 1 MiB : 256 KiB)")
        for name, a, b, c in bench_hostile(args.repeat):
            print(f"  {name:16s} {a:.3f} s  {b:.3f} s  {c:.3f} s  ({c / a:.1f}x)")


if __name__ == "__main__":
    main()
