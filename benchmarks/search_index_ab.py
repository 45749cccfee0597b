"""The cold search index alone, two versions of the code alternated: one pair after another.

    git archive main | tar -x -C /tmp/main-code
    python3 benchmarks/search_index_ab.py /tmp/site-copy/build /tmp/main-code . --pairs 4

Runs each code's benchmarks/search_index.py (that code first on PYTHONPATH, this venv's Python)
over the same built site, alternating which goes first, so a drift of the shared machine's speed
lands on both. Prints every run and the medians: the timed part's CPU and wall (search_index.py's
own figures), the whole process's user and kernel CPU (os.wait4) and peak RSS. On these machines
the kernel CPU (creating the index's files) varies by 2-3x with other users' I/O: compare the user
CPU when the two differ only in numpy work. Check that both write the same bytes separately.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any


def one(code: Path, build: Path) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(code))
    script = code / "benchmarks" / "search_index.py"
    with subprocess.Popen([sys.executable, str(script), str(build)], env=env, stdout=subprocess.PIPE, text=True) as p:
        assert p.stdout is not None
        out = p.stdout.read()
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode:
        raise SystemExit(f"{script} failed ({p.returncode})")
    row: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    row["user"], row["kernel"] = round(usage.ru_utime, 2), round(usage.ru_stime, 2)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build", type=Path, help="a built site's build/ folder (with search/)")
    parser.add_argument("first", type=Path, help="a checkout of the first code")
    parser.add_argument("second", type=Path, help="a checkout of the second code")
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    codes = {"first": args.first.resolve(), "second": args.second.resolve()}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in codes}
    for k in range(args.pairs):
        order = list(codes) if k % 2 == 0 else list(reversed(codes))
        for name in order:
            row = one(codes[name], args.build)
            rows[name].append(row)
            print(name, json.dumps(row), flush=True)
    for name, runs in rows.items():
        medians = {key: statistics.median(r[key] for r in runs) for key in ("cpu_seconds", "seconds", "user", "kernel")}
        medians["peak_mb"] = statistics.median(r["peak_mb"] for r in runs)
        print(name, str(codes[name]), json.dumps(medians))


if __name__ == "__main__":
    main()
