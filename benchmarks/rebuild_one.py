"""One article changed, then `sitegen build`: two sitegen installs side by side, interleaved.

Each variant is a sitegen executable with its own copy of a corpus site (benchmarks/corpus.py)
and its own user cache folder, already built once (warm). Every repetition appends a paragraph to
the corpus's first article in each copy (run.py's touch_article) and times a build of each
variant in turn, so both meet the same machine load. Reports wall and CPU (the build and the
workers it waits for: wait4) medians, and the load average before each run.

    python benchmarks/rebuild_one.py --repeat 5 \\
        before=/tmp/base/.venv/bin/sitegen:/tmp/corpus-base:/tmp/cache-base \\
        after=.venv/bin/sitegen:/tmp/corpus:/tmp/cache

`--each`: as run.py, every repetition changes another article of the first article's folder (so each
takes an old text out of the main search index), and puts it back with an untimed build after.
`--nothing`: also times, before each change, a build with nothing changed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import time
from pathlib import Path

TODAY = "2026-11-26"  # as run.py: the corpus stamps end on 2026-11-25


def touch_article(path: Path, k: int) -> None:
    """A real body change: a new paragraph, different on every repetition (run.py's)."""
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\n本文第{k + 1}次修订补充说明：相关政策以税务机关最新公告为准。\n")


def first_article(site: Path) -> Path:
    manifest = site.parent / "manifest.json"
    if manifest.exists():
        return site / json.loads(manifest.read_text("utf-8"))["first_article"]
    return min((site / "content").rglob("*.md"))


def timed_build(sitegen: str, site: Path, cache: Path) -> tuple[float, float, float, int]:
    load = os.getloadavg()[0]
    env = {**os.environ, "SITEGEN_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sitegen, "build", "--today", TODAY], cwd=site, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    err = child.stderr.read() if child.stderr else b""  # EOF: nothing the build left running holds it
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{sitegen} failed ({code}): {err.decode('utf-8', 'replace')[-400:]}")
    return wall, usage.ru_utime + usage.ru_stime, load, code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--each", action="store_true", help="another article each repetition, put back after")
    parser.add_argument("--nothing", action="store_true", help="also time a build with nothing changed")
    parser.add_argument(
        "--first",
        type=int,
        default=0,
        help="with --each: start at this article of the folder (one an earlier run changed is out of the main "
        "index already: changed again, it is not taken out again)",
    )
    parser.add_argument("variants", nargs="+", help="label=sitegen:site:cache")
    args = parser.parse_args()
    variants = []
    for spec in args.variants:
        label, rest = spec.split("=", 1)
        sitegen, site, cache = rest.split(":")
        variants.append((label, sitegen, Path(site), Path(cache)))
    runs: dict[str, list[tuple[float, float, float]]] = {}
    for k in range(args.repeat):
        for label, sitegen, site, cache in variants:
            if args.nothing:
                timed(runs, f"{label} nothing changed", k, sitegen, site, cache)
            article = first_article(site)
            if args.each:
                siblings = sorted(article.parent.glob("*.md"))
                article = siblings[(args.first + k) % len(siblings)]
            touch_article(article, k)
            timed(runs, label, k, sitegen, site, cache)
            if args.each:
                subprocess.run(["git", "checkout", "-q", "--", str(article.relative_to(site))], cwd=site, check=True)
                timed_build(sitegen, site, cache)  # the article back: a change too, not timed
    for label, got in runs.items():
        wall = statistics.median(r[0] for r in got)
        cpu = statistics.median(r[1] for r in got)
        load = statistics.median(r[2] for r in got)
        print(f"{label}: median {wall:.2f} s wall, {cpu:.2f} s CPU over {len(got)} runs (median load {load:.1f})")
    for kind in ("", " nothing changed"):
        pair = [
            (label, got) for label, got in runs.items() if label.endswith(kind) and (kind or "nothing" not in label)
        ]
        if len(pair) == 2:
            (a, ra), (b, rb) = pair
            for i, what in ((0, "wall"), (1, "CPU")):
                ratio = statistics.median(r[i] for r in rb) / statistics.median(r[i] for r in ra)
                print(f"{b}/{a} {what}: {ratio:.2f}×")


def timed(
    runs: dict[str, list[tuple[float, float, float]]], label: str, k: int, sitegen: str, site: Path, cache: Path
) -> None:
    wall, cpu, load, _ = timed_build(sitegen, site, cache)
    runs.setdefault(label, []).append((wall, cpu, load))
    print(f"{label} #{k + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU, load {load:.1f}", flush=True)


if __name__ == "__main__":
    main()
