"""What an article's later life costs: the LC checks in a whole-site check, and `sitegen import`.

    python3 benchmarks/lifecycle.py [--articles 2000] [--repeat 3]

1. A corpus from corpus.py (links between articles, consultations with results), checked whole
   and cold (no cache) with every rule, then with LC's cross-article pass switched off: the
   difference is what successors, interpretation pairs and links-to-withdrawn-articles cost.
2. A Word document of N sections (heading, paragraphs, a table, a list) written by python-docx,
   imported with `sitegen import`: seconds per document size, to show the conversion is linear.
Medians of --repeat runs, one process, this machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
TODAY = dt.date(2026, 11, 26)


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def check_cost(articles: int, repeat: int) -> None:
    import corpus

    from generator import checking

    os.environ["SITEGEN_NO_CACHE"] = "1"
    with tempfile.TemporaryDirectory(prefix="sitegen-lc-") as tmp:
        site = Path(tmp) / "site"
        corpus.write_sitegen_corpus(site, articles, commit=False)

        def whole() -> None:
            result = checking.check_tree(site, today=TODAY, release=True)
            assert not [p for p in result.problems if p.severity == "error"], result.problems[:3]

        with_lc = timed(whole, repeat)
        original = checking._lifecycle
        checking._lifecycle = lambda *a, **k: None
        try:
            without = timed(whole, repeat)
        finally:
            checking._lifecycle = original
    print(
        f"whole check, {articles} articles, cold: {with_lc:.2f} s with LC's cross-article pass, {without:.2f} s without"
    )
    print(f"  → the pass costs {with_lc - without:+.2f} s ({with_lc / without:.2f}×)")


def word_document(path: Path, sections: int) -> None:
    import docx

    document = docx.Document()
    document.add_heading("关于进一步优化纳税服务的通知", level=1)
    for n in range(1, sections + 1):
        document.add_paragraph(f"{'一二三四五六七八九十'[n % 10]}、第{n}部分")
        for _ in range(3):
            document.add_paragraph(
                "为深入贯彻落实党中央、国务院关于优化营商环境的决策部署，进一步便利纳税人缴费人办税缴费。" * 3
            )
        table = document.add_table(rows=3, cols=3)
        for i in range(3):
            for j in range(3):
                table.cell(i, j).text = f"第{i}行第{j}列"
        for item in ("登录电子税务局", "填写申报表", "提交"):
            document.add_paragraph(item, style="List Number")
    document.save(path)


def import_cost(repeat: int) -> None:
    sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "check")]  # checkkit and the shared kit under it
    from checkkit import clean_env, write_site

    for sections in (20, 80, 320):
        with tempfile.TemporaryDirectory(prefix="sitegen-import-") as tmp:
            root = write_site(Path(tmp) / "site")
            env = clean_env(Path(tmp))
            subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=env)
            subprocess.run(["git", "config", "user.email", "zhangwei@example.gov.cn"], cwd=root, check=True, env=env)
            source = Path(tmp) / "doc.docx"
            word_document(source, sections)

            args = [sys.executable, "-m", "generator.cli", "import", str(source), "nsfw", "--today", "2026-11-20"]
            runs = [0]

            def run(args: list[str] = args, root: Path = root, env: dict[str, str] = env, n: list[int] = runs) -> None:
                n[0] += 1
                done = subprocess.run(
                    [*args, "--slug", f"b{n[0]}"], cwd=root, env=env, capture_output=True, text=True, check=False
                )
                assert done.returncode == 0, done.stderr

            seconds = timed(run, repeat)
            size = source.stat().st_size / 1024
        print(
            f"import of a {sections}-section document ({size:.0f} KB .docx): {seconds:.2f} s (interpreter start included)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    check_cost(args.articles, args.repeat)
    import_cost(args.repeat)


if __name__ == "__main__":
    main()
