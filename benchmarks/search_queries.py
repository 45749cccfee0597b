"""What a citizen's browser downloads per search, and how long a search takes, in headless Chromium.

Serves a corpus's built site (benchmarks/work/corpus-<N>/sitegen/build, as run.py leaves it;
built here if missing) and types queries into the search page one after another in one tab, as a
reader would. Per query it records the bytes the search script fetched (its own count of every
index file it read, so a browser's HTTP cache cannot hide any) and the time until the result
count is announced. The first query also loads meta.json and the document tables, so it is
reported apart. Queries are phrases of 2, 3-5 and 6-10 characters picked from the articles, two
terms at once, 文号 typed with [ ] and one that finds nothing.

    .venv/bin/python benchmarks/search_queries.py --sizes 1000,10000

`--citizens N` measures N queries drawn the way citizens type them instead (fixed seed, see
pick_citizen_queries): substrings of 2-12 characters at random places of random bodies (so many lie inside
clauses shared by thousands of articles) and titles, 文号 with 〔〕 or [ ], years and numbers, two terms from
one article or from two. Each query runs in a freshly loaded page after a warm-up query (so no file read
by an earlier query is counted as free); `--site DIR` measures a built copy elsewhere (e.g. /tmp). The
result counts are kept, so two runs (before and after a change) can be compared query by query
(`--compare A.json B.json`).

Needs Playwright and Debian's /usr/bin/chromium (the repository's test set-up has both).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.site.rangeserve import RangeHandler

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
RESULTS = WORK / "search_results.json"
README = HERE / "README.md"
START, END = "<!-- search:start -->", "<!-- search:end -->"
TODAY = "2026-11-26"


class _Quiet(RangeHandler):  # honours Range, as nginx, Apache and CDNs do
    def log_message(self, *args):
        pass


def bytes_read(search: Path, path: str) -> bytes:
    """What search.js read at `path` (a file, or "file#start-end" for a byte range)."""
    name, _, span = path.partition("#")
    data = (search / name).read_bytes()
    if not span:
        return data
    start, end = (int(x) for x in span.split("-"))
    return data[start:end]


def pick_queries(site: Path, seed: int = 5) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    files = sorted((site / "content").rglob("*.md"))
    sample = [f.read_text(encoding="utf-8").split("\n---\n", 1) for f in rng.sample(files, min(200, len(files)))]
    runs = [r for _, body in sample for r in re.findall(r"[\u4e00-\u9fff0-9]{10,}", body)]
    doc_nos = sorted({m for head, _ in sample for m in re.findall(r"doc_no: (.+)", head)})

    def phrase(low: int, high: int) -> str:
        run = rng.choice(runs)
        size = rng.randint(low, high)
        start = rng.randint(0, len(run) - size)
        return run[start : start + size]

    queries = [("2 characters", phrase(2, 2)) for _ in range(10)]
    queries += [("3-5 characters", phrase(3, 5)) for _ in range(10)]
    queries += [("6-10 characters", phrase(6, 10)) for _ in range(10)]
    queries += [("two terms", f"{phrase(2, 4)} {phrase(2, 4)}") for _ in range(5)]
    queries += [("文号 with [ ]", d.replace("〔", "[").replace("〕", "]")) for d in doc_nos[:5]]
    queries += [("common words", q) for q in ("纳税人", "税务总局", "增值税", "出口退税", "个人所得税")]
    queries.append(("nothing to find", "发漂"))
    rng.shuffle(queries)
    return queries


def pick_citizen_queries(site: Path, count: int, seed: int = 13) -> list[tuple[str, str]]:
    """`count` queries as citizens type them, drawn from the corpus with a fixed seed."""
    rng = random.Random(seed)
    files = sorted((site / "content").rglob("*.md"))
    heads, bodies = [], []
    for f in rng.sample(files, min(400, len(files))):
        head, _, body = f.read_text(encoding="utf-8").partition("\n---\n")
        heads.append(head)
        bodies.append(re.findall(r"[\u4e00-\u9fff0-9A-Za-z]{2,}", body))
    titles = [m for h in heads for m in re.findall(r'title: "?([^"\n]+)', h)]
    doc_nos = sorted({m.strip() for h in heads for m in re.findall(r"doc_no: (.+)", h)})
    numbers = sorted(
        {m for runs in bodies for r in runs for m in re.findall(r"\d{2,}(?:年|月|日|亿元|万元|元|个|项|户|号)?", r)}
    )

    def inside(runs: list[str], low: int, high: int) -> str:
        # a random place of the text (longer runs are hit more often), a random length that fits
        weights = [len(r) for r in runs]
        run = rng.choices(runs, weights)[0]
        size = min(rng.randint(low, high), len(run))
        start = rng.randint(0, len(run) - size)
        return run[start : start + size]

    plan = [("body 2-4", 0.15), ("body 5-8", 0.15), ("body 9-12", 0.12), ("title", 0.12), ("文号", 0.08)]
    plan += [("year or number", 0.12), ("two terms, one article", 0.16), ("two terms, two articles", 0.10)]
    queries: list[tuple[str, str]] = []
    for kind, share in plan:
        for _ in range(round(count * share)):
            body = rng.choice([b for b in bodies if b])
            if kind.startswith("body"):
                low, high = (int(x) for x in kind.split()[1].split("-"))
                queries.append((kind, inside(body, low, high)))
            elif kind == "title":
                queries.append((kind, inside(re.findall(r"[\u4e00-\u9fff0-9A-Za-z]{2,}", rng.choice(titles)), 2, 12)))
            elif kind == "文号" and doc_nos:
                d = rng.choice(doc_nos)
                queries.append((kind, d.replace("〔", "[").replace("〕", "]") if rng.random() < 0.5 else d))
            elif kind == "year or number":
                queries.append((kind, str(rng.randint(2015, 2026)) if rng.random() < 0.4 else rng.choice(numbers)))
            elif kind == "two terms, one article":
                queries.append((kind, f"{inside(body, 2, 6)} {inside(body, 2, 6)}"))
            elif kind == "two terms, two articles":
                other = rng.choice([b for b in bodies if b])
                queries.append((kind, f"{inside(body, 2, 6)} {inside(other, 2, 6)}"))
    return [q for q in queries if len(q[1].replace(" ", "")) >= 2]


def measure(build: Path, queries: list[tuple[str, str]], fresh: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    www = build.parent / "www"
    if www.exists():
        (www / "site").unlink(missing_ok=True)
    (www).mkdir(exist_ok=True)
    (www / "site").symlink_to(build, target_is_directory=True)  # served from a sub-path
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/site/search.html")
        status = page.locator("#sg-search-status")
        for kind, query in queries:
            if fresh:  # a new page, its index loaded by a warm-up query that finds nothing
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/site/search.html")
                page.evaluate("window.sgSearch('发漂')")
            before = page.evaluate("window.sgSearchStats.bytes")
            seen = page.evaluate("window.sgSearchStats.paths.length")
            started = time.perf_counter()
            page.fill("#sg-search-input", query)
            page.evaluate("document.getElementById('sg-search-status').textContent = ''")
            page.press("#sg-search-input", "Enter")
            page.wait_for_function(
                "(t => t && t.indexOf('正在') < 0)(document.getElementById('sg-search-status').textContent)",
                timeout=60000,
            )
            seconds = time.perf_counter() - started
            found = re.search(r"找到 (\d+) 条", status.inner_text())
            paths = page.evaluate("window.sgSearchStats.paths")[seen:]
            gzipped = sum(len(zlib.compress(bytes_read(build / "search", p), 6)) for p in paths)
            rows.append(
                {
                    "kind": kind,
                    "query": query,
                    "bytes": page.evaluate("window.sgSearchStats.bytes") - before,
                    "gzip_bytes": gzipped,
                    "files": len(paths),
                    "seconds": round(seconds, 3),
                    "results": int(found.group(1)) if found else 0,
                }
            )
            print(f"  {query}: {rows[-1]['bytes'] / 1024:.1f} KB, {seconds:.2f} s, {rows[-1]['results']} results")
        browser.close()
    server.shutdown()
    size = sum(f.stat().st_size for f in (build / "search").rglob("*") if f.is_file())
    files = sum(1 for f in (build / "search").rglob("*") if f.is_file())
    if fresh:  # every query ran after a warm-up: none is a first
        return {"rest": rows, "index_mb": round(size / 2**20, 1), "index_files": files}
    return {"first": rows[0], "rest": rows[1:], "index_mb": round(size / 2**20, 1), "index_files": files}


def citizen_summary(rows: list[dict]) -> str:
    kb = sorted(r["bytes"] / 1024 for r in rows)
    worst = max(rows, key=lambda r: r["bytes"])
    over = sum(1 for r in rows if r["bytes"] > 150 * 1024)
    return (
        f"{len(rows)} queries: median {statistics.median(kb):.0f} KB, 90th {kb[int(len(kb) * 0.9)]:.0f} KB, "
        f"largest {kb[-1]:.0f} KB ({worst['query']}, {worst['results']} results), {over} over 150 KB"
    )


def compare(before_path: Path, after_path: Path) -> int:
    """Two --citizens runs of the same queries: result counts must agree; bytes side by side."""
    before, after = (json.loads(p.read_text(encoding="utf-8"))["rest"] for p in (before_path, after_path))
    differ = [
        (a["query"], a["results"], b["results"])
        for a, b in zip(before, after, strict=True)
        if a["results"] != b["results"]
    ]
    for kind in sorted({r["kind"] for r in before}):
        pick = [i for i, r in enumerate(before) if r["kind"] == kind]
        print(f"{kind}: {citizen_summary([before[i] for i in pick])}")
        print(f"{' ' * len(kind)}  {citizen_summary([after[i] for i in pick])}")
    print(f"all, before: {citizen_summary(before)}")
    print(f"all, after:  {citizen_summary(after)}")
    for a, b in sorted(zip(before, after), key=lambda x: -x[0]["bytes"])[:25]:
        print(f"  {a['query']}: {a['bytes'] / 1024:.0f} -> {b['bytes'] / 1024:.0f} KB ({a['results']} results)")
    print(f"result counts differing: {len(differ)} {differ[:10]}")
    return 1 if differ else 0


def summary(n: int, result: dict) -> list[str]:
    rest = result["rest"]
    kb = sorted(r["bytes"] / 1024 for r in rest)
    secs = sorted(r["seconds"] for r in rest)
    worst = max(rest, key=lambda r: r["bytes"])
    over = [r for r in rest if r["bytes"] > 150 * 1024]
    gz = sorted(r["gzip_bytes"] / 1024 for r in rest)
    return [
        (
            f"| {n:,} | {result['index_mb']} MB, {result['index_files']:,} files | {result['first']['bytes'] / 1024:.0f} KB "
            f"| {statistics.median(kb):.0f} KB | {kb[int(len(kb) * 0.9)]:.0f} KB | {kb[-1]:.0f} KB ({worst['query']}, "
            f"{worst['results']} results) | {len(over)} of {len(rest)} | {statistics.median(gz):.0f} KB / {gz[-1]:.0f} KB "
            f"| {statistics.median(secs):.2f} s / {secs[-1]:.2f} s |"
        )
    ]


def write_readme(results: dict) -> None:
    lines = [
        START,
        "",
        "## Search: bytes and time per query (search_queries.py)",
        "",
        (
            "Headless Chromium, one tab, the queries typed one after another into the search page of the "
            "built corpus served from a sub-path; bytes are what search.js read (uncompressed, no HTTP cache "
            "counted), time is until the result count is announced, first result page shown."
        ),
        "",
        (
            "| articles | index on disk | first query (loads meta and document tables) | median after the first "
            "| 90th percentile | largest | over 150 KB | with server gzip: median / largest | median / slowest time |"
        ),
        "|---:|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for n in sorted(results, key=int):
        lines += summary(int(n), results[n])
    lines += ["", END]
    text = README.read_text(encoding="utf-8")
    if START in text:
        text = text[: text.index(START)] + "\n".join(lines) + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    README.write_text(text, encoding="utf-8")


def _current(site: Path) -> bool:
    """Whether the corpus was built with this checkout's search script (the corpus keeps a copy of the templates)."""
    from generator.site.compactjs import compact

    built = site / "build" / "static" / "search.js"
    if not (site / "build" / "search" / "meta.json").exists() or not built.exists():
        return False
    source = (HERE.parent / "templates" / "static" / "search.js").read_text(encoding="utf-8")
    return built.read_text(encoding="utf-8") == compact(source)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--citizens", type=int, default=0, help="measure this many citizen-like queries instead")
    parser.add_argument("--site", type=Path, help="a built site to measure (with --citizens), not the work corpus")
    parser.add_argument("--out", type=Path, help="where --citizens writes its rows (JSON)")
    parser.add_argument("--compare", type=Path, nargs=2, help="two --citizens outputs: before and after")
    parser.add_argument("--seed", type=int, default=13, help="another --citizens sample (the figures: 13)")
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if args.citizens:
        site = args.site or WORK / f"corpus-{args.sizes.split(',')[-1]}" / "sitegen"
        if not (site / "build" / "search" / "meta.json").exists():
            raise SystemExit(f"build {site} first (sitegen build --today {TODAY})")
        result = measure(site / "build", pick_citizen_queries(site, args.citizens, args.seed), fresh=True)
        out = args.out or WORK / "search_citizens.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        print(citizen_summary(result["rest"]))
        return 0
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    for n in [int(s) for s in args.sizes.split(",")]:
        site = WORK / f"corpus-{n}" / "sitegen"
        if not site.is_dir():
            sys.path.insert(0, str(HERE))
            import corpus

            corpus.generate(site.parent, n, 1)
        if not _current(site):
            shutil.copytree(HERE.parent / "templates", site / "templates", dirs_exist_ok=True)
            subprocess.run(
                [str(HERE.parent / ".venv" / "bin" / "sitegen"), "build", "--today", TODAY], cwd=site, check=True
            )
        print(f"== {n} articles")
        results[str(n)] = measure(site / "build", pick_queries(site))
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    write_readme(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
