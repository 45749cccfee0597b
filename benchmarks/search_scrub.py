"""Taking one article out of the main search index (a changed or withdrawn article): time and files.

Builds a main index cold from a build's article texts (as search_index.py does) into a scratch
folder, then, for several articles in turn, works out the files that change when that article
leaves the index (searchscrub.scrub; what search.py adds for its result pack and tables is a few
bytes) and overwrites them in place as a build does. Reports the median CPU and wall time of each
part, the files touched and the bytes overwritten.

    python benchmarks/search_scrub.py benchmarks/work/corpus-10000/sitegen/build [runs]
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from search_index import load  # type: ignore[import-not-found]

from generator.site.searchindex import IndexDoc, layer_files, shard_count
from generator.site.searchscrub import scrub
from generator.site.searchtext import utf16_len


def main(build: Path, runs: int) -> None:
    _, texts, days, channels = load(build)
    docs = [IndexDoc(t, int(days[i]), utf16_len(t.partition("\n")[0]), int(channels[i])) for i, t in enumerate(texts)]
    shards = shard_count(sum(len(d.text) for d in docs))
    scratch = Path(tempfile.mkdtemp(prefix="sitegen-scrub-"))
    rows = []
    try:
        for rel, data in layer_files(docs, 0, shards):
            (scratch / rel).parent.mkdir(parents=True, exist_ok=True)
            (scratch / rel).write_bytes(data)
        step = max(1, len(docs) // runs)
        for doc in range(step // 2, len(docs), step)[:runs]:
            wall, cpu = time.perf_counter(), time.process_time()
            patch = scrub(scratch, len(docs), shards, {doc: docs[doc].text})
            scrub_wall, scrub_cpu = time.perf_counter() - wall, time.process_time() - cpu
            wall, cpu = time.perf_counter(), time.process_time()
            for rel, ranges in patch.writes.items():  # in place, as the build does at the swap
                fd = os.open(scratch / rel, os.O_RDWR)
                for at, data in ranges:
                    os.pread(fd, len(data), at)  # the old bytes, kept to undo a failed swap
                    os.pwrite(fd, data, at)
                os.close(fd)
            write_wall, write_cpu = time.perf_counter() - wall, time.process_time() - cpu
            size = sum(len(data) for ranges in patch.writes.values() for _, data in ranges)
            rows.append((scrub_wall, scrub_cpu, write_wall, write_cpu, patch.files(), size, len(docs[doc].text)))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    median = [statistics.median(column) for column in zip(*rows)]
    keys = ("scrub_seconds", "scrub_cpu", "write_seconds", "write_cpu", "files", "bytes", "article_chars")
    report = {"articles": len(docs), "runs": len(rows), "load": round(os.getloadavg()[0], 1)}
    report |= {key: round(value, 3) for key, value in zip(keys, median)}
    print(json.dumps(report))


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5)
