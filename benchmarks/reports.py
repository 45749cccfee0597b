"""Time the office's reports and `sitegen inspect` at national scale.

    python3 benchmarks/reports.py -n 10000 --branches 100 --repeat 3 [--build]

Generates (or reuses) a corpus of N articles with benchmarks/corpus.py in
benchmarks/work/reports-<N>/, gives it BRANCHES unmerged branches (each with
two new submissions and one edit of a published article, made with one
`git fast-import`), then times each command in a child process (wall clock,
interpreter start included) and prints the median of the runs. With --build,
the site is built once first so that `sitegen inspect` also crawls it.
Everything under benchmarks/work/ is git-ignored.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
TODAY = "2026-11-26"  # the corpus's stamps end on 2026-11-25
# The corpus reaches main in one commit of 2026-11-25: Q4 adopts all N articles (the largest
# ledger), Q3 only counts submissions.
COMMANDS = {
    "report quarter 2026Q3": ["report", "quarter", "2026Q3"],
    "report quarter 2026Q4": ["report", "quarter", "2026Q4"],
    "report liaisons": ["report", "liaisons"],
    "report year 2026": ["report", "year", "2026"],
    "report remuneration 2026Q4": ["report", "remuneration", "2026Q4"],
    "inspect": ["inspect"],
}


def corpus(n: int) -> Path:
    sys.path.insert(0, str(HERE))
    import corpus as corpus_mod

    site = WORK / f"reports-{n}"
    if not (site / ".git").is_dir():
        corpus_mod.write_sitegen_corpus(site, n, seed=1, repo=REPO)
    return site


def git(site: Path, *args: str, data: bytes | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=site, input=data, capture_output=True, check=True)
    return done.stdout.decode()


def make_branches(site: Path, count: int) -> None:
    """`count` branches off main: two new articles each, and one edit of a published one."""
    existing = {line.split()[-1] for line in git(site, "for-each-ref", "--format=%(refname)", "refs/heads").split()}
    if f"refs/heads/bench-{count - 1}" in existing:
        return
    main = git(site, "rev-parse", "main").strip()
    articles = sorted(
        p for p in git(site, "ls-tree", "-r", "--name-only", "main", "--", "content").split("\n") if p.endswith(".md")
    )
    stream = bytearray()
    for i in range(count):
        source = articles[(i * 97) % len(articles)]
        text = git(site, "show", f"main:{source}")
        new = text.replace("submitted: 20", "submitted: 2026-08-1" + str(i % 10) + "\n  # was: 20", 1)
        folder = source.rsplit("/", 1)[0]
        files = {
            f"{folder}/bench-{i}-a.md": new,
            f"{folder}/bench-{i}-b.md": new.replace("title: ", "title: 再报：", 1),
            source: text + "\n（分支上的修改）\n",
        }
        message = f"bench branch {i}".encode()
        stamp = 1785000000 + i * 3600
        stream += f"commit refs/heads/bench-{i}\ncommitter 某人 <bench@example.gov.cn> {stamp} +0800\n".encode()
        stream += f"data {len(message)}\n".encode() + message + b"\n" + f"from {main}\n".encode()
        for path, content in files.items():
            body = content.encode()
            stream += f"M 100644 inline {path}\ndata {len(body)}\n".encode() + body + b"\n"
        stream += b"\n"
    git(site, "fast-import", "--quiet", data=bytes(stream))


def timed(site: Path, args: list[str], out: Path, cache: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child): CPU time is what a busy shared machine inflates least."""
    command = [sys.executable, "-m", "generator.cli", *args, "--today", TODAY, "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO), "SITEGEN_CACHE_DIR": str(cache)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=site, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{args} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=10000)
    parser.add_argument("--branches", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="build the site first, so that inspect crawls it")
    args = parser.parse_args(argv)
    site = corpus(args.n)
    make_branches(site, args.branches)
    out = WORK / f"reports-{args.n}-out"  # reports go beside the corpus, never into its build/
    if args.build and not (site / "build").is_dir():
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "build", "--today", TODAY, "--no-search"],
            cwd=site,
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        print(f"build (once, not timed as a report): {time.perf_counter() - started:.1f} s")
    results = {}
    for name, command in COMMANDS.items():
        cache = Path(tempfile.mkdtemp(prefix="sitegen-bench-cache-"))
        try:
            cold = timed(site, command, out, cache)  # an empty cache: every form read from git
            warm = [timed(site, command, out, cache) for _ in range(args.repeat)]
        finally:
            shutil.rmtree(cache, ignore_errors=True)
        wall = statistics.median(w for w, _ in warm)
        cpu = statistics.median(c for _, c in warm)
        results[name] = {
            "cold_wall": round(cold[0], 2),
            "cold_cpu": round(cold[1], 2),
            "warm_wall_median": round(wall, 2),
            "warm_cpu_median": round(cpu, 2),
        }
        print(
            f"{name:28} cold {cold[0]:6.2f} s (CPU {cold[1]:5.2f})   warm median {wall:6.2f} s (CPU {cpu:5.2f})",
            flush=True,
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(json.dumps({"articles": args.n, "branches": args.branches, "built_site": args.build, "seconds": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
