"""Two checkouts' cold `sitegen check` of one site, alternated: one pair after another.

    cp -r benchmarks/work/corpus-10000/sitegen /tmp/ab/site
    git archive main | tar -x -C /tmp/ab/old      # the baseline's code, no venv needed
    python3 benchmarks/check_ab.py /tmp/ab/site /tmp/ab/old . --pairs 3

Both checkouts check the same copy of the site (the check writes nothing into it), each with its own code
first on PYTHONPATH and this interpreter's packages (--python, default this checkout's .venv), cold: an
empty cache folder each run (<site>/../cache-ab, given as SITEGEN_CACHE_DIR). The order alternates pair by
pair (A B, B A, …), so a drift of the shared machine's speed lands on both. Wall and CPU (user + system of
the process tree) come from os.wait4 (pairs.timed); the one-minute load average after each run is printed
beside it, and each run's summary line (共发现 N 个错误…), which must be the same for both. Prints every run,
then the medians and the ratio second/first of the median CPU and wall as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from pairs import timed  # benchmarks/pairs.py: wall and process-tree CPU by os.wait4

TODAY = "2026-11-29"


def summary(python: str, checkout: Path, site: Path, env: dict[str, str]) -> str:
    """The check's summary line (how many errors and warnings)."""
    run = subprocess.run(
        [python, "-m", "generator.cli", "check", "--today", TODAY],
        cwd=site,
        env={**env, "PYTHONPATH": str(checkout)},
        capture_output=True,
        text=True,
        check=False,
    )
    said = [line for line in (run.stdout + run.stderr).splitlines() if "共发现" in line or "检查通过" in line]
    return said[-1] if said else f"exit {run.returncode}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--python", default=str(Path(__file__).resolve().parent.parent / ".venv/bin/python"))
    args = parser.parse_args()
    cache = args.site.parent / "cache-ab"
    base_env = {**os.environ, "SITEGEN_CACHE_DIR": str(cache)}
    checkouts = {"first": args.first.resolve(), "second": args.second.resolve()}
    for name, checkout in checkouts.items():
        shutil.rmtree(cache, ignore_errors=True)
        print(name, summary(args.python, checkout, args.site, base_env), flush=True)
    runs: dict[str, list[tuple[float, float]]] = {"first": [], "second": []}
    for k in range(args.pairs):
        for name in ("first", "second") if k % 2 == 0 else ("second", "first"):
            shutil.rmtree(cache, ignore_errors=True)
            env = {**base_env, "PYTHONPATH": str(checkouts[name])}
            wall, cpu = timed([args.python, "-m", "generator.cli", "check", "--today", TODAY], args.site, env)
            runs[name].append((wall, cpu))
            print(f"pair {k + 1} {name}: wall {wall:.1f} s, cpu {cpu:.1f} s, load {os.getloadavg()[0]:.1f}", flush=True)
    medians = {
        name: {"wall": statistics.median(w for w, _ in r), "cpu": statistics.median(c for _, c in r)}
        for name, r in runs.items()
    }
    ratio = {key: medians["second"][key] / medians["first"][key] for key in ("wall", "cpu")}
    json.dump({"medians": medians, "ratio_second_first": ratio}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
