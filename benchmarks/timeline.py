"""How many cores a command's process tree uses, second by second: where one of them idles.

    SITEGEN_TIMINGS=1 SITEGEN_CACHE_DIR=/tmp/x/cache python3 benchmarks/timeline.py --cwd SITE -- \
        .venv/bin/python -m generator.cli build --today 2026-11-29

Samples /proc every `--step` seconds: the user + system time of every live process descended from the
command, plus what its exited children left in their parents' counts (cutime, cstime). Prints one row
per step: the time since start, the cores used over that step (0-2 on a 2-core machine), the live
processes, and any stderr line the command wrote meanwhile (SITEGEN_TIMINGS=1 prints phase marks).
The stretches below the machine's core count are the ones to overlap. Linux only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import threading
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _tree_cpu(root: int) -> tuple[float, int]:
    """(CPU seconds of `root` and its descendants, reaped children included; live process count)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        pid = int(entry)
        parents[pid] = int(fields[1])
        times[pid] = sum(int(x) for x in fields[11:15]) / TICK  # utime stime cutime cstime
    members = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in members and pid not in members:
                members.add(pid)
                grew = True
    return sum(times.get(p, 0.0) for p in members), len(members & times.keys())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cwd", type=Path, default=Path.cwd())
    parser.add_argument("--step", type=float, default=0.5)
    parser.add_argument("command", nargs="+")
    args = parser.parse_args()
    started = time.perf_counter()
    process = subprocess.Popen(args.command, cwd=args.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(f"{time.perf_counter() - started:7.2f} {line.rstrip()}")

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    last_cpu, last_t = 0.0, 0.0
    rows = []
    while process.poll() is None:
        time.sleep(args.step)
        cpu, live = _tree_cpu(process.pid)
        now = time.perf_counter() - started
        cores = (cpu - last_cpu) / (now - last_t) if now > last_t else 0.0
        rows.append((now, cores, live))
        last_cpu, last_t = max(cpu, last_cpu), now
    process.wait()  # reaped by poll() already: its exit code
    reader.join(timeout=5)
    wall = time.perf_counter() - started
    marks = sorted(lines, key=lambda s: float(s.split()[0]))
    for now, cores, live in rows:
        while marks and float(marks[0].split()[0]) <= now:
            print("        |", marks.pop(0))
        print(f"{now:7.2f} {cores:4.2f} {'#' * round(cores * 20):40s} {live}")
    for mark in marks:
        print("        |", mark)
    print(f"wall {wall:.1f} s, exit code {process.returncode}, load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
