"""Hostile input at the gate: does the work grow with the input, never with its square?

Two measurements (issue 8), one run each, medians of --repeat runs:

1. `sitegen check` of one crafted article of ~1 MiB (just under FM002's limit), one per
   pattern that would make a backtracking scan blow up (e-mail-like runs, backtick runs of
   every length, digit runs, link brackets, unclosed fences, HTML-ish text, control
   characters). Limit: under 1 s each.
2. The server hook judging one push of N files (a bare remote with hooks/pre-receive, real
   `git push`), N = 1,000 … 10,000: approved articles (three commits by three people: written,
   reviewed, approved) and orphan attachments (refused). Limit: 10,000 files under 10 s, and
   the time per file must not grow with N. Reported: the push's wall time and the CPU time of
   everything it ran (git and the hook), which does not depend on the shared machine's load.

    .venv/bin/python benchmarks/hostile.py [--only check|push] [--sizes 1000,10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests" / "history"))

LIMIT = 1_000_000  # bytes of body: the file stays under FM002's 1 MiB

FORM = """\
---
title: 关于优化纳税服务的通知
date: 2025-06-12
unit: nsfws
approval:
  submitted_by: zhangwei
  submitted: 2025-06-10
  reviewed_by: limin
  reviewed: 2025-06-11
  approved_by: chenhong
  approved: 2025-06-12
  secrecy: 公开
---
"""


def _fill(unit: str) -> str:
    return (unit * (LIMIT // len(unit.encode()) + 1))[: LIMIT // 3]


def patterns() -> dict[str, str]:
    """Bodies of about 1 MB that are pathological for naive regular expressions."""
    runs = []
    total, width = 0, 2
    while total < LIMIT // 2:  # backtick runs of every length, none repeated: no closer for any
        runs.append("`" * width + "a")
        total += width + 1
        width += 1
    bodies = {
        "letters (no @)": "a" * LIMIT,
        "e-mail local part": "a." * (LIMIT // 2),
        "at signs": "a@" * (LIMIT // 2),
        "domain without TLD": "x@" + "a." * (LIMIT // 2 - 1),
        "digits": "1" * LIMIT,
        "spaced digits": "1 " * (LIMIT // 2),
        "dashed digits": "1-" * (LIMIT // 2),
        "backtick runs": "".join(runs),
        "open brackets": "[" * LIMIT,
        "link openers": "[a](" * (LIMIT // 4),
        "nested brackets": "![[a]" * (LIMIT // 5),
        "autolink openers": "<a:" * (LIMIT // 3),
        "unclosed fences": "```a\n" * (LIMIT // 5),
        "angle brackets": "<a " * (LIMIT // 3),
        "classification marks": _fill("机密★"),
        "id-like numbers": ("11010519491231002" + "Y") * (LIMIT // 18),
        "mobile-like numbers": ("138 1234 567" + "a") * (LIMIT // 13),
        # the same runs in CJK numerals (read as digits by the number scans), beside their digit forms above
        "CJK numerals": "一" * (LIMIT // 3),
        "spaced CJK numerals": "一 " * (LIMIT // 4),
        "dashed CJK numerals": "一-" * (LIMIT // 4),
        "CJK numerals and digits": "一1" * (LIMIT // 4),
        "CJK numeral groups": "一三八 " * (LIMIT // 10),
        "id-like CJK numerals": ("一一〇一〇五一九四九一二三一〇〇二" + "十") * (LIMIT // 54),
        "mobile-like CJK numerals": ("一三八 一二三四 五六七" + "甲") * (LIMIT // 39),
        "emphasis": "*a" * (LIMIT // 2),
        # markup between digits: the check also reads the text as shown (review s8, B1)
        "emphasis between digits": "1*" * (LIMIT // 2),
        "link destinations between digits": "1](a)" * (LIMIT // 5),
        "unclosed destinations between digits": "1](" * (LIMIT // 3),
        "reference labels between digits": "1][" * (LIMIT // 3),
        # distinct numbers, each found written and another found only as shown: every shown one is compared with
        # the written ones (a bisection, not a walk through them all)
        "numbers written and shown": "".join(
            f"手机138{i:08d}，电话139**{i // 10000:04d}**{i % 10000:04d}，" for i in range(LIMIT // 48)
        ),
        # the separators, groupings and masks the number scan reads since review s8 (A1-A10)
        "en-dashed digits": "1–" * (LIMIT // 4),
        "digits, long spaces": ("1" + " " * 30) * (LIMIT // 31),
        "digits on lines": "1\n" * (LIMIT // 2),
        "digit pairs": "13 " * (LIMIT // 3),
        "comma groups": "13," * (LIMIT // 3),
        "slashed groups": "138/" * (LIMIT // 4),
        "emphasis in digits": "138**" * (LIMIT // 5),
        "star masks": "1★" * (LIMIT // 4),
        "masked groups": "138 **** " * (LIMIT // 9),
        "letters for digits": "1O" * (LIMIT // 2),
        "letters, digits, spaces": "l3 O " * (LIMIT // 5),
        # the separators and masks read since review s8 of h4 (N1, N5, N7)
        "doubled dashes in digits": "1--" * (LIMIT // 3),
        "brackets and dashes in digits": "1)-" * (LIMIT // 3),
        "dots in digits": "1..." * (LIMIT // 4),
        "line separators in digits": "1\u2028" * (LIMIT // 4),
        "question masks": "1?" * (LIMIT // 2),
        "spaced masks": "1 ? " * (LIMIT // 4),
        # every piece a finding, each tested against the findings before it (review s8 h4: quadratic once)
        "mobiles in letters": "138OO138OOO " * (LIMIT // 12),
        "mobiles, too little masked": "13800138000 1380013**00 " * (LIMIT // 24),
        "control characters": "\x01" * LIMIT,
    }
    return {name: body[:LIMIT] for name, body in bodies.items()}


def site_with_maps(root: Path) -> None:
    import gitsite

    (root / "content" / "nsfw").mkdir(parents=True)
    (root / "departments.yaml").write_text(gitsite.departments(), encoding="utf-8")
    (root / "columns.yaml").write_text(gitsite.COLUMNS, encoding="utf-8")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")


def measure_check(repeat: int) -> list[tuple[str, float, int]]:
    os.environ["SITEGEN_NO_CACHE"] = "1"
    from generator.checking import check_tree

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        site_with_maps(root)
        for name, body in patterns().items():
            rel = "content/nsfw/hostile.md"
            data = (FORM + body + "\n").encode("utf-8")
            (root / rel).write_bytes(data)
            times = []
            for _ in range(repeat):
                # CPU time of this process: the check is single-threaded, and the shared machine's
                # load would otherwise be measured instead of the scan.
                started = time.process_time()
                check_tree(root, today=dt.date(2025, 6, 30), release=True, targets=[rel])
                times.append(time.process_time() - started)
            rows.append((name, statistics.median(times), len(data)))
            print(f"  {name:24s} {len(data) / 1048576:5.2f} MiB  {statistics.median(times):6.3f} s", flush=True)
    return rows


def _env(home: Path) -> dict[str, str]:
    wrapper = home / "bin" / "sitegen"
    wrapper.parent.mkdir(parents=True, exist_ok=True)
    wrapper.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -c \'from generator.cli import main; main(prog_name="sitegen")\' "$@"\n'
    )
    wrapper.chmod(0o755)
    (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SITEGEN"))}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
        PATH=f"{wrapper.parent}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=str(REPO),
        SITEGEN_TODAY="2025-06-30",
        SITEGEN_CACHE_DIR=str(home / "cache"),
        LC_ALL="C.UTF-8",
    )
    return env


def measure_push(n: int, kind: str) -> tuple[float, bool]:
    import gitsite

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env = _env(tmp_path / "home")
        site = gitsite.make_site(tmp_path, env)
        folder = site.path / "content" / "nsfw"
        folder.mkdir(parents=True, exist_ok=True)
        if kind == "orphan attachments":
            for i in range(n):
                (folder / "files").mkdir(exist_ok=True)
                (folder / "files" / f"a{i:05d}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
            site.commit("zhangwei", "大量附件")
        else:
            stages = [
                ("zhangwei", {}, "2025-06-10"),
                ("limin", {"reviewed": "limin"}, "2025-06-11"),
                ("chenhong", {"reviewed": "limin", "approved": "chenhong"}, "2025-06-12"),
            ]
            for who, stamps, day in stages:
                text = gitsite.article(**stamps)
                for i in range(n):
                    (folder / f"a{i:05d}.md").write_text(text, encoding="utf-8")
                site.commit(who, f"{who} 的一步", day=day)
        cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        pushed = site.push()
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)
        return wall, used, pushed.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["check", "push"])
    parser.add_argument("--sizes", default="1000,2500,5000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if args.only in (None, "check"):
        print(f"1 MiB crafted articles, sitegen check, CPU seconds (median of {args.repeat}):")
        rows = measure_check(args.repeat)
        worst = max(rows, key=lambda r: r[1])
        print(f"  worst: {worst[0]} {worst[1]:.3f} s (limit 1 s)")
    if args.only in (None, "push"):
        sizes = [int(s) for s in args.sizes.split(",")]
        for kind in ("approved articles", "orphan attachments"):
            print(f"push of N files judged by the pre-receive hook ({kind}):")
            base = None
            for n in sizes:
                wall, cpu, accepted = measure_push(n, kind)
                per = cpu / n * 1000
                base = base or per
                verdict = "accepted" if accepted else "refused"
                print(
                    f"  N={n:6d}  wall {wall:6.2f} s  CPU {cpu:6.2f} s  {per:6.3f} ms/file (CPU)  "
                    f"ratio {per / base:4.2f}  ({verdict})",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
