"""Hugo's full build and sitegen's cold default build, alternated: one pair after another.

    python3 benchmarks/pairs.py --size 10000 --pairs 5

run.py times each step three times in a row, so a change in the machine's speed between the
blocks (these shared machines drift by ±15 % within minutes) lands on one tool only. Here every
pair runs Hugo and sitegen (search index included, no build/ and an empty user cache; the earlier outputs are
moved aside, not deleted, until the run is over, and the first pair waits until the last deletion is 6 minutes
old: run.set_aside, run.settle), Hugo first in
odd pairs and sitegen first in even ones (a machine speeding up or slowing down over the run would
otherwise favour whichever tool always runs first: Hugo took 17, 22, 28 and 39 s in four pairs in a row), on the
corpus run.py generated in benchmarks/work/corpus-<N>/; each pair gives its own ratio, and the
medians of walls, CPUs and ratios are printed as JSON. Wall and CPU (user + system of the whole
process tree) are measured with os.wait4, as run.py does for CPU.

`--rebuild` pairs Hugo's full build with sitegen's one-article rebuild instead (the budget's other ratio, side by
side in the same way): the site is built cold once, untimed; each pair then changes another article of the corpus's
first article's folder (run.py's change: a new paragraph), times `sitegen build`, and puts the article back with an
untimed build, so that each timed rebuild takes one old text out of the main search index, as run.py's do.

`--also NAME=CHECKOUT` (cold builds only, repeatable) times another checkout's cold build in every pair too, with
its own Python (CHECKOUT/.venv/bin/python -m generator.cli build), on the same site and under the same conditions:
an experiment (a variant of the code with one part taken out, say) measured side by side with Hugo and main. The
order rotates pair by pair (pair k starts with the k-th of Hugo, sitegen and the others), and each gets its own
median wall ratio to Hugo.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import run  # benchmarks/run.py: the venv, the Hugo binary, the sitegen script

TODAY = run.TODAY


Timing = tuple[float, float]  # wall seconds, CPU seconds


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> Timing:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[0]} failed: {process.stderr.read().decode()[-2000:] if process.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument(
        "--rebuild", action="store_true", help="pair Hugo's full build with sitegen's one-article rebuild"
    )
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="NAME=CHECKOUT",
        help="also time this checkout's cold build (its .venv/bin/python) in every pair",
    )
    parser.add_argument(
        "--delete",
        action="store_true",
        help="delete the earlier outputs right before each build (as before session 21)",
    )
    args = parser.parse_args()
    also = dict(_named(text) for text in args.also)
    if also and args.rebuild:
        parser.error("--also times cold builds only")
    run.compile_sitegen()
    run.settle()
    corpus = run.WORK / f"corpus-{args.size}"
    site, hugo_site, cache = corpus / "sitegen", corpus / "hugo", corpus / "user-cache"
    hugo_out = corpus / "out" / "hugo-pairs"
    env = {**os.environ, "SITEGEN_CACHE_DIR": str(cache)}
    env.pop("SITEGEN_NO_SEARCH", None)
    pairs: list[dict[str, Any]] = []
    trash = corpus / "set-aside"

    def clear(*paths: Path) -> None:
        if args.delete:
            for path in paths:
                shutil.rmtree(path, ignore_errors=True)
        else:
            run.set_aside(trash, *paths)

    def run_hugo() -> Timing:
        clear(hugo_out)
        return timed([run.hugo_binary(), "--quiet", "-d", str(hugo_out), "-s", str(hugo_site)], hugo_site, env)

    build = [run.tool("sitegen"), "build", "--today", TODAY]

    def run_sitegen() -> Timing:
        clear(site / "build", cache)
        return timed(build, site, env)

    def run_checkout(checkout: Path) -> Callable[[], Timing]:
        command = [str(checkout / ".venv" / "bin" / "python"), "-m", "generator.cli", "build", "--today", TODAY]

        def run_it() -> Timing:
            clear(site / "build", cache)
            return timed(command, site, env)

        return run_it

    changed = sorted(run.first_article(corpus).parent.glob("*.md"))
    rebuilt = 0

    def rebuild_one() -> Timing:
        nonlocal rebuilt
        article = changed[rebuilt % len(changed)]
        run.touch_article(article, rebuilt)
        rebuilt += 1
        try:
            return timed(build, site, env)
        finally:
            run.restore_article(site, article)
            timed(build, site, env)  # the article back: a change too, not timed

    try:
        if args.rebuild:
            run_sitegen()  # the output and caches a rebuild starts from: not timed
            timed(build, site, env)  # and once more, as every rebuild after the first finds them
        runners = {"sitegen": rebuild_one if args.rebuild else run_sitegen}
        runners.update({name: run_checkout(checkout) for name, checkout in also.items()})
        for k in range(args.pairs):
            pairs.append(one_pair(k, run_hugo, runners))
    finally:
        run.empty(trash)
    summarize(args, pairs, list(also))


def _named(text: str) -> tuple[str, Path]:
    name, sep, checkout = text.partition("=")
    if not sep or not name or name in ("hugo", "sitegen") or not (Path(checkout) / ".venv" / "bin" / "python").exists():
        raise SystemExit(f"--also {text}: NAME=CHECKOUT, a new name and a checkout with .venv/bin/python")
    return name, Path(checkout).resolve()


def one_pair(k: int, run_hugo: Callable[[], Timing], runners: dict[str, Callable[[], Timing]]) -> dict[str, Any]:
    """Hugo and every runner once, starting with the k-th of them (with one runner: Hugo first in even pairs)."""
    order = [("hugo", run_hugo), *runners.items()]
    order = order[k % len(order) :] + order[: k % len(order)]
    times = {name: runner() for name, runner in order}
    load = os.getloadavg()[0]
    hugo = times.pop("hugo")
    others = ", ".join(
        f"{name} {t[0]:.1f} s ({t[1]:.1f} s CPU), ratio {t[0] / hugo[0]:.3f}" for name, t in times.items()
    )
    first = "Hugo" if order[0][0] == "hugo" else order[0][0]
    print(
        f"pair {k + 1} ({first} first): Hugo {hugo[0]:.1f} s ({hugo[1]:.1f} s CPU), {others}, load {load:.1f}",
        flush=True,
    )
    sitegen = times.pop("sitegen")
    return {"hugo": hugo, "sitegen": sitegen, "also": times, "wall_ratio": sitegen[0] / hugo[0], "load": load}


def summarize(args: argparse.Namespace, pairs: list[dict[str, Any]], others: list[str]) -> None:
    def median(values: list[float], digits: int = 2) -> float:
        return round(statistics.median(values), digits)

    print(
        json.dumps(
            {
                "articles": args.size,
                "pairs": args.pairs,
                "sitegen": "one-article rebuild" if args.rebuild else "cold build",
                "outputs": "deleted before each build" if args.delete else "moved aside until the end",
                "hugo_wall": median([p["hugo"][0] for p in pairs]),
                "hugo_cpu": median([p["hugo"][1] for p in pairs]),
                "sitegen_wall": median([p["sitegen"][0] for p in pairs]),
                "sitegen_cpu": median([p["sitegen"][1] for p in pairs]),
                "median_wall_ratio": median([p["wall_ratio"] for p in pairs], 3),
                "wall_ratios": [round(p["wall_ratio"], 3) for p in pairs],
                "cpu_ratio_of_medians": round(
                    statistics.median(p["sitegen"][1] for p in pairs) / statistics.median(p["hugo"][1] for p in pairs),
                    2,
                ),
                "also": {
                    name: {
                        "wall": median([p["also"][name][0] for p in pairs]),
                        "cpu": median([p["also"][name][1] for p in pairs]),
                        "median_wall_ratio": median([p["also"][name][0] / p["hugo"][0] for p in pairs], 3),
                        "wall_ratios": [round(p["also"][name][0] / p["hugo"][0], 3) for p in pairs],
                    }
                    for name in others
                },
            }
        )
    )


if __name__ == "__main__":
    main()
