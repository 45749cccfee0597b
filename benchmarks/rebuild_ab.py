"""Two checkouts' incremental rebuilds, alternated run by run (A B A B …) on copies of one corpus.

    git archive main generator | tar -x -C /tmp/ab-old      # frozen copies: main moves, and any change
    git archive HEAD generator | tar -x -C /tmp/ab-new      # to generator/ empties every cache (code version)
    python3 benchmarks/rebuild_ab.py --old /tmp/ab-old --new /tmp/ab-new --old-python .venv/bin/python \\
        --new-python .venv/bin/python --corpus benchmarks/work/corpus-10000 --work /tmp/ab --pairs 3

Each checkout builds its own copy of the corpus's sitegen/ site (copied once into --work, with its own
user cache: SITEGEN_CACHE_DIR=<work>/cache-<a|b>) with the Python of its own .venv, so both run the same
steps on the same bytes. After an untimed cold build and an untimed rebuild each (the caches and the
spare output settle), every pair times, for A then B: a rebuild with nothing changed, a rebuild after one
article's body changed (another article every pair, the same one on both sides) and a rebuild after one
article was added. A change in the machine's speed (these shared machines drift by ±30 % within minutes)
then falls on both sides alike. Wall and CPU (user + system of the process tree, os.wait4, as pairs.py)
per run; medians and the new/old ratio of the medians per step, printed as JSON at the end. Both sides
run from compiled modules (PYTHONPYCACHEPREFIX=<work>/pycache-<a|b>, written by the untimed builds).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
from pathlib import Path
from typing import Any

from pairs import timed  # benchmarks/pairs.py: wall and process-tree CPU by os.wait4

TODAY = "2026-11-29"
STEPS = ("nothing", "one_changed", "one_added")


def changed_article(site: Path, k: int) -> Path:
    manifest = json.loads((site.parent / "manifest.json").read_text("utf-8"))
    first = site / manifest["first_article"]
    return sorted(first.parent.glob("*.md"))[k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="checkout A (its generator/ is the one run)")
    parser.add_argument("--new", type=Path, required=True, help="checkout B (or a copy of its generator/)")
    parser.add_argument("--old-python", type=Path, help="default: the old checkout's .venv/bin/python")
    parser.add_argument("--new-python", type=Path, help="default: the new checkout's .venv/bin/python")
    parser.add_argument("--corpus", type=Path, required=True, help="a corpus run.py generated (corpus-<N>/)")
    parser.add_argument("--work", type=Path, required=True, help="where the two copies and caches go")
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    sides: dict[str, dict[str, Any]] = {}
    for name, checkout, python in (("a", args.old, args.old_python), ("b", args.new, args.new_python)):
        site = args.work / name / "sitegen"
        if not site.is_dir():
            site.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(args.corpus / "sitegen", site, symlinks=True)
            shutil.copy(args.corpus / "manifest.json", site.parent / "manifest.json")
            shutil.rmtree(site / "build", ignore_errors=True)
        env = {**os.environ, "SITEGEN_CACHE_DIR": str(args.work / f"cache-{name}")}
        env.pop("SITEGEN_NO_SEARCH", None)
        # Both sides start from compiled modules, kept outside the checkouts (neither is written to).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(args.work / f"pycache-{name}")
        # The checkout's own generator/ first on the path (before any editable install the venv points elsewhere).
        env["PYTHONPATH"] = str(checkout.resolve())
        python = python or checkout / ".venv" / "bin" / "python"
        command = [str(python), "-m", "generator.cli", "build"]
        sides[name] = {
            "site": site,
            "env": env,
            "command": [*command, "--today", TODAY],
            "runs": {s: [] for s in STEPS},
        }
    for name, side in sides.items():  # untimed: cold (or whatever state the copy is in), then settled
        for _ in range(2):
            wall, cpu = timed(side["command"], side["site"], side["env"])
            print(f"{name} prepare: {wall:.1f} s wall, {cpu:.1f} s CPU", flush=True)
    for k in range(args.pairs):
        for step in STEPS:
            for name, side in sides.items():
                site = side["site"]
                if step == "one_changed":
                    with changed_article(site, k).open("a", encoding="utf-8") as f:
                        f.write(f"\n本文第{k + 1}次修订补充说明：相关政策以税务机关最新公告为准。\n")
                elif step == "one_added":
                    source = changed_article(site, k)
                    added = source.with_name(f"20261125-99999{k}.md")
                    added.write_text(source.read_text("utf-8") + f"\n新增文章{k}。\n", "utf-8")
                load = os.getloadavg()[0]
                wall, cpu = timed(side["command"], site, side["env"])
                side["runs"][step].append((wall, cpu, load))
                print(f"pair {k + 1} {step} {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, load {load:.1f}", flush=True)
    for side in sides.values():  # the copies back as generated (their next build sees these as changes)
        subprocess.run(["git", "checkout", "-q", "--", "content"], cwd=side["site"], check=True)
        subprocess.run(["git", "clean", "-qfd", "--", "content"], cwd=side["site"], check=True)

    def median(values: list[float]) -> float:
        return round(statistics.median(values), 2)

    summary: dict[str, Any] = {"pairs": args.pairs}
    for step in STEPS:
        a, b = sides["a"]["runs"][step], sides["b"]["runs"][step]
        summary[step] = {
            "old_wall": median([r[0] for r in a]),
            "new_wall": median([r[0] for r in b]),
            "old_cpu": median([r[1] for r in a]),
            "new_cpu": median([r[1] for r in b]),
            "wall_ratio": round(statistics.median(r[0] for r in b) / statistics.median(r[0] for r in a), 2),
            "cpu_ratio": round(statistics.median(r[1] for r in b) / statistics.median(r[1] for r in a), 2),
            "pair_wall_ratios": [round(y[0] / x[0], 2) for x, y in zip(a, b, strict=True)],
            "load": [round(r[2], 1) for r in a + b],
        }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
