"""The search index alone: build it cold from a built site's article texts, report time and memory.

Reads the texts a build left in build/search/<gen>/ (the x/<id>.<block>.bin result files)
and the document table, then writes a complete main index into a scratch folder with the
builder's own code (generator.site.searchindex). Run by run.py as a separate process, so its peak
RSS is the index's own cost; the build's text extraction happens during rendering and is in the
build's rows.

    python benchmarks/search_index.py benchmarks/work/corpus-10000/sitegen/build
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from generator.site.search import read_text
from generator.site.searchindex import IndexDoc, layer_files, shard_count
from generator.site.searchtext import utf16_len


def main(build: Path) -> None:
    meta = json.loads((build / "search" / "meta.json").read_text(encoding="utf-8"))
    base = build / "search" / meta["gen"]
    table = (base / "docs.bin").read_bytes()
    n = int(np.frombuffer(table[:4], "<u4")[0])
    days = np.frombuffer(table[4 : 4 + 2 * n], "<u2")
    channels = np.frombuffer(table[4 + 4 * n : 4 + 5 * n], "<u1")
    texts = [read_text(base, i)[1] for i in range(n)]
    started = time.perf_counter()
    docs = [IndexDoc(t, int(days[i]), utf16_len(t.partition("\n")[0]), int(channels[i])) for i, t in enumerate(texts)]
    del texts
    scratch = Path(tempfile.mkdtemp(prefix="sitegen-index-"))
    files = size = 0
    try:
        for rel, data in layer_files(docs, 0, shard_count(sum(len(d.text) for d in docs))):
            path = scratch / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            files, size = files + 1, size + len(data)
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "articles": n,
                "seconds": round(seconds, 2),
                "peak_mb": round(peak),
                "files": files,
                "mb": round(size / 2**20, 1),
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
