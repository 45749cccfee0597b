"""The refund-rate lookup on ~20,000 rows: what a query downloads, and what checking and sharding cost.

    .venv/bin/python benchmarks/lookup.py [ROWS]

Replays lookup.js's choice of shards in Python (same shard arithmetic, generator/site/dataviews.py)
for a set of typical queries, and reports the bytes each query loads (raw and gzip-compressed, as a
web server would send them) beside the size of the whole data; then the median time to check the CSV
(read_table, as DT rules do) and to cut it into shards (as the build does), over 5 runs.
"""

from __future__ import annotations

import gzip
import io
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_data import refund_rows, write_csv

from generator.datasets import REFUND_RATES, read_table
from generator.site.dataviews import ColumnData, gram_shard, refund_files

QUERIES = ["84", "8471", "847130", "0101", "85423", "集成电路", "马铃薯", "空气调节器", "不锈钢制", "其他"]


def shards_for(query: str, files: dict[str, bytes], base: str) -> list[str]:
    meta = json.loads(files[f"{base}/meta.json"])
    wanted = [f"{base}/meta.json"]
    if query.isdigit():
        lo, hi = (query + "0" * 10)[:10], (query + "9" * 10)[:10]
        firsts = meta["firsts"]
        for i, first in enumerate(firsts):
            nxt = firsts[i + 1] if i + 1 < len(firsts) else None
            if first <= hi and (nxt is None or nxt > lo):
                wanted.append(f"{base}/c/{i:03d}.json")
        return wanted
    grams = list(dict.fromkeys(query[i : i + 2] for i in range(len(query) - 1)))
    if len(grams) > 3:
        grams = [grams[0], grams[len(grams) // 2], grams[-1]]
    lists = []
    for gram in grams:
        path = f"{base}/n/{gram_shard(gram):02x}.json"
        wanted.append(path)
        lists.append(json.loads(files[path]).get(gram, []))
    lists.sort(key=len)
    others = [set(x) for x in lists[1:]]
    ids = [i for i in lists[0] if all(i in s for s in others)][:200]
    wanted.extend(sorted({f"{base}/c/{i // meta['size']:03d}.json" for i in ids}))
    return list(dict.fromkeys(wanted))


def main(count: int) -> None:
    out = io.StringIO()
    write_csv(list(REFUND_RATES.headers), refund_rows(count), out)
    data = out.getvalue().encode("utf-8")
    checks, cuts = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        table = read_table(data, REFUND_RATES)
        t1 = time.perf_counter()
        files = refund_files("ssfg/cktsl", ColumnData("export-refund-rates", table.rows, True, "2026-11-20"))
        t2 = time.perf_counter()
        checks.append(t1 - t0)
        cuts.append(t2 - t1)
    assert not table.problems
    whole = sum(len(b) for b in files.values())
    whole_gz = sum(len(gzip.compress(b)) for b in files.values())
    print(
        f"rows {len(table.rows)}, CSV {len(data) / 1024:.0f} KB; {len(files)} files, {whole / 1024:.0f} KB "
        f"({whole_gz / 1024:.0f} KB gzip) in all"
    )
    print(
        f"check (read_table) median {statistics.median(checks) * 1000:.0f} ms; "
        f"shard median {statistics.median(cuts) * 1000:.0f} ms"
    )
    print("| query | files | KB loaded | KB gzip | share of all data (gzip) |")
    print("|---|---|---|---|---|")
    for query in QUERIES:
        paths = shards_for(query, files, "ssfg/cktsl/data")
        raw = sum(len(files[p]) for p in paths)
        gz = sum(len(gzip.compress(files[p])) for p in paths)
        print(f"| {query} | {len(paths)} | {raw / 1024:.0f} | {gz / 1024:.0f} | {gz / whole_gz * 100:.1f}% |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
