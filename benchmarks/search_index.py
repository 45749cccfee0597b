"""The search index alone: build it cold from a built site's article texts, report time and memory.

Reads the texts a build left in build/search/<gen>/ (the r/<n>.bin result packs) and the
document table, then writes a complete main index (pairs, common grams and result packs) into a
scratch folder with the builder's own code (searchindex.layer_files, search._write_results).
Run by run.py as a separate process, so its peak RSS is the index's own cost; the build's text
extraction happens during rendering and is in the build's rows.

    python benchmarks/search_index.py benchmarks/work/corpus-10000/sitegen/build
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generator.site.fsio import Writer
from generator.site.search import _write_results, read_results
from generator.site.searchindex import IndexDoc, layer_files, shard_count
from generator.site.searchtext import utf16_len


@dataclass
class _Result:  # what search._write_results reads of an article's view
    url: str
    date: str


def load(build: Path) -> tuple[list[_Result], list[str], np.ndarray, np.ndarray]:
    """What the main index of a build was made from: each article's result record, text, day, channel."""
    meta = json.loads((build / "search" / "meta.json").read_text(encoding="utf-8"))
    base = build / "search" / meta["gen"]
    table = (base / "docs.bin").read_bytes()
    n = int(np.frombuffer(table[:4], "<u4")[0])
    days = np.frombuffer(table[4 : 4 + 2 * n], "<u2")
    channels = np.frombuffer(table[4 + 4 * n : 4 + 5 * n], "<u1")
    results = list(read_results(base))
    return [_Result(record["u"], record["d"]) for record, _ in results], [t for _, t in results], days, channels


def main(build: Path) -> None:
    views, texts, days, channels = load(build)
    n = len(texts)
    started, cpu = time.perf_counter(), time.process_time()
    docs = [IndexDoc(t, int(days[i]), utf16_len(t.partition("\n")[0]), int(channels[i])) for i, t in enumerate(texts)]
    del texts
    scratch = Path(tempfile.mkdtemp(prefix="sitegen-index-"))
    try:
        writer = Writer(scratch, None)
        for rel, data in layer_files(docs, 0, shard_count(sum(len(d.text) for d in docs))):
            writer.write_fresh(f"index/{rel}", data)
        _write_results(writer, "index", 0, views, docs)  # type: ignore[arg-type]
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        files = sizes = 0
        for folder, _, names in os.walk(scratch):
            files += len(names)
            sizes += sum(os.path.getsize(os.path.join(folder, name)) for name in names)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "articles": n,
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "peak_mb": round(peak),
                "files": files,
                "mb": round(sizes / 2**20, 1),
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
