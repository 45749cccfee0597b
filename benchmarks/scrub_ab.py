"""Two versions of searchscrub.py alternated article by article on one built main index: CPU and same patches.

    git show main:generator/site/searchscrub.py > /tmp/scrub_old.py
    .venv/bin/python benchmarks/scrub_ab.py /tmp/scrub_old.py <a 10k build>/build [articles]

Loads the old file as a module of its own beside this checkout's generator.site.searchscrub (both use this
checkout's searchindex: the index layout must be the same), then for `articles` articles spread over the
main index of the build (its search/meta.json's gen; articles already taken out by a scrub are skipped),
works out each one's patch with the old then the new code (A B per article: a drift in the machine's speed
falls on both) without writing anything. Prints per version the median CPU and wall of one scrub, their
ratio, and how many patches differ (the writes, offsets and bytes: 0 when the new code is a faithful
rewrite). Measured on a shared 2-core machine: compare CPU, and only within one run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path

from generator.site import searchscrub
from generator.site.search import PACK, _pack_spans


def main(old_file: Path, build: Path, articles: int) -> None:
    spec = importlib.util.spec_from_file_location("scrub_old", old_file)
    assert spec and spec.loader
    old = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = old  # (its dataclasses look their module up)
    spec.loader.exec_module(old)
    meta = json.loads((build / "search" / "meta.json").read_text("utf-8"))
    folder, n, shards = build / "search" / meta["gen"], int(meta["n"]), int(meta["shards"])
    rows: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
    differ = refused = 0
    for doc in range(n // articles // 2, n, max(1, n // articles))[:articles]:
        data = (folder / "r" / f"{doc // PACK}.bin").read_bytes()
        _, middle, end = _pack_spans(data)[doc % PACK]
        removed = {doc: data[middle:end].decode("utf-16-le", "surrogatepass")}
        if not removed[doc]:
            continue  # taken out by an earlier build
        patches = []
        for name, module in (("old", old), ("new", searchscrub)):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                patch = module.scrub(folder, n, shards, removed)
                patches.append(("patch", patch.writes))
            except module.ScrubError as error:
                patches.append(("refused", str(error)))
            rows[name].append((time.process_time() - cpu, time.perf_counter() - wall))
        differ += patches[0] != patches[1]
        refused += patches[0][0] == "refused"
    report: dict[str, object] = {"articles": len(rows["new"]), "differ": differ, "refused": refused}
    for name, runs in rows.items():
        report[f"{name}_cpu"] = round(statistics.median(r[0] for r in runs), 3)
        report[f"{name}_wall"] = round(statistics.median(r[1] for r in runs), 3)
    report["cpu_ratio"] = round(float(report["new_cpu"]) / float(report["old_cpu"]), 2)  # type: ignore[arg-type]
    report["wall_ratio"] = round(float(report["new_wall"]) / float(report["old_wall"]), 2)  # type: ignore[arg-type]
    report["load"] = round(os.getloadavg()[0], 1)
    print(json.dumps(report))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 40)
