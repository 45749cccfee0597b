"""What reading numbers written in CJK numerals costs the privacy scan, over the 10k benchmark corpus.

    .venv/bin/python benchmarks/numeral_scan.py [--articles 10000] [--repeat 5] [--code /path/to/other/checkout]

The corpus's articles (benchmarks/corpus.py, the texts the cold build scans: the whole Markdown file,
front matter included) are made in memory and folded once; then `sescan.scan` runs over every folded
text, --repeat times; the median total is reported, with the number of findings (the corpus holds no
personal data, so any finding is a false alarm). `--code` imports `generator` from another checkout
(e.g. an export of main) to give the figure before the change; run both on the same (shared, 2-core)
machine back to back, alternating, and compare medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def corpus_texts(n: int, seed: int) -> list[str]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import corpus

    maps = corpus.load_maps(REPO)
    columns = corpus.article_columns(maps)
    pool = corpus.build_pool(seed)
    return [corpus.render_sitegen(corpus.make_article(i, seed, maps, columns, pool, n)) for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout whose `generator` is measured")
    args = parser.parse_args()
    texts = corpus_texts(args.articles, args.seed)
    sys.path.insert(0, str(args.code))
    for name in [m for m in sys.modules if m == "generator" or m.startswith("generator.")]:
        del sys.modules[name]
    from generator import sescan
    from generator.textfold import fold

    assert Path(sescan.__file__).resolve().is_relative_to(args.code.resolve()), sescan.__file__
    folded = [fold(t) for t in texts]
    times, findings = [], []
    for _ in range(args.repeat):
        started = time.process_time()  # CPU time: the shared machine's load counts less than wall time
        found = [sescan.scan(t, folded=f) for t, f in zip(texts, folded)]
        times.append(time.process_time() - started)
        findings = [x for one in found for x in one]
    chars = sum(len(f) for f in folded)
    total = statistics.median(times)
    print(
        f"{args.code}: {len(texts)} articles, {chars / 1e6:.1f} M characters: scan {total:.3f} s CPU, median of "
        f"{args.repeat} (min {min(times):.3f}, max {max(times):.3f}), {total / len(texts) * 1e6:.0f} µs/article, "
        f"{len(findings)} findings"
    )
    for finding in findings[:10]:
        print(f"  {finding.code} {finding.text!r}")


if __name__ == "__main__":
    main()
