"""Two checkouts' cold default build of one site, alternated: one pair after another.

    cp -r benchmarks/work/corpus-10000/sitegen /tmp/ab/site-a
    cp -r benchmarks/work/corpus-10000/sitegen /tmp/ab/site-b
    python3 benchmarks/build_ab.py /tmp/ab /path/to/old-checkout . --pairs 3

Each checkout builds its own copy of the site (<work>/site-a for the first, <work>/site-b for the
second) with its own Python (<checkout>/.venv/bin/python -m generator.cli build), cold: no build/ and an
empty cache folder (<work>/cache-a, <work>/cache-b, given as SITEGEN_CACHE_DIR), the search index
included. The order alternates pair by pair (A B, B A, …), so a drift of the shared machine's speed lands
on both. Wall and CPU (user + system of the whole process tree) come from os.wait4, as pairs.py measures
them; the one-minute load average after each run is printed beside it. Prints every run, then the
medians and the ratio second/first of the median CPU and wall as JSON. Compare the two build/ folders
separately (diff -r <work>/site-a/build <work>/site-b/build).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

from pairs import timed  # benchmarks/pairs.py: wall and process-tree CPU by os.wait4
from run import compile_sitegen, empty, set_aside, settle

TODAY = "2026-11-29"


def cold_build(code: Path, site: Path, cache: Path) -> tuple[float, float]:
    set_aside(site.parent / "set-aside", site / "build", cache)  # deleted at the end (run.set_aside says why)
    env = {**os.environ, "SITEGEN_CACHE_DIR": str(cache)}
    env.pop("SITEGEN_NO_SEARCH", None)
    command = [str(code / ".venv" / "bin" / "python"), "-m", "generator.cli", "build", "--today", TODAY]
    return timed(command, site, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("work", type=Path, help="folder holding site-a/ and site-b/, two copies of one site")
    parser.add_argument("first", type=Path, help="a checkout with its .venv (the old code)")
    parser.add_argument("second", type=Path, help="a checkout with its .venv (the new code)")
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    sides = {
        "first": (args.first.resolve(), args.work / "site-a", args.work / "cache-a"),
        "second": (args.second.resolve(), args.work / "site-b", args.work / "cache-b"),
    }
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
    for code, _, _ in sides.values():
        compile_sitegen(code, code / ".venv" / "bin" / "python")
    settle()
    try:
        for k in range(args.pairs):
            for name in list(sides) if k % 2 == 0 else list(reversed(sides)):
                wall, cpu = cold_build(*sides[name])
                runs[name].append((wall, cpu))
                print(
                    f"pair {k + 1} {name}: {wall:.1f} s wall, {cpu:.1f} s CPU, load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
    finally:
        empty(args.work / "set-aside")
    medians = {
        name: {"wall": statistics.median(w for w, _ in rows), "cpu": statistics.median(c for _, c in rows)}
        for name, rows in runs.items()
    }
    cpu_ratios = [b[1] / a[1] for a, b in zip(runs["first"], runs["second"], strict=True)]
    print(
        json.dumps(
            {
                "pairs": args.pairs,
                "first": {k: round(v, 2) for k, v in medians["first"].items()},
                "second": {k: round(v, 2) for k, v in medians["second"].items()},
                "cpu_ratio_of_medians": round(medians["second"]["cpu"] / medians["first"]["cpu"], 3),
                "wall_ratio_of_medians": round(medians["second"]["wall"] / medians["first"]["wall"], 3),
                "cpu_ratios": [round(r, 3) for r in cpu_ratios],
            }
        )
    )


if __name__ == "__main__":
    main()
