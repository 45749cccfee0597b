"""The problems the gate finds in articles as they stand (the article rules of `sitegen check`).

The yearly rating counts them per liaison: a clean submission is part of a liaison's work.
The rules are judged with the protected branch's maps; links are left out (they depend on
the rest of the tree the article would join). Results are cached by (blob, maps, day, stage)
in the user's cache folder; many articles are checked by forked workers.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator import article as article_mod
from generator import usercache, workers
from generator.checking import article_rules
from generator.problems import ERROR, WARNING, Sink
from generator.project import NoFiles
from generator.reports.gather import Corpus, Entry, load_cache, save_cache
from generator.rules.context import Context


def problem_counts(corpus: Corpus, entries: Iterable[Entry]) -> dict[str, tuple[int, int]]:
    """path -> (errors, warnings)."""
    chosen = list(entries)
    folder = usercache.repository_cache_dir(corpus.root, "reports")
    cache_file = folder / "gate.pickle" if folder else None
    cached = load_cache(cache_file)
    keys = {e.path: f"{e.blob} {e.adopted is not None} {corpus.today} {corpus.maps_key}" for e in chosen}
    counts = {e.path: cached[keys[e.path]] for e in chosen if keys[e.path] in cached}
    todo = [e for e in chosen if e.path not in counts]
    if todo:
        counts.update(_check(corpus, todo))
        if cache_file is not None:
            save_cache(cache_file, {keys[e.path]: counts[e.path] for e in chosen})
    return counts


def _check(corpus: Corpus, entries: list[Entry]) -> dict[str, tuple[int, int]]:
    blobs = corpus.read(entries)
    count = workers.workers_for(len(entries))
    if count < 2:
        return _chunk((corpus, blobs), entries)
    chunks = [entries[i :: count * 4] for i in range(count * 4)]
    merged: dict[str, tuple[int, int]] = {}
    for part in workers.run_chunks(_chunk, chunks, workers=count, init=workers.same, arg=(corpus, blobs)):
        merged.update(part)
    return merged


def _chunk(state: tuple[Corpus, dict[str, bytes]], entries: list[Entry]) -> dict[str, tuple[int, int]]:
    corpus, blobs = state
    return {e.path: _count(corpus, e, blobs.get(e.blob, b"")) for e in entries}


def _count(corpus: Corpus, entry: Entry, data: bytes) -> tuple[int, int]:
    release = entry.adopted is not None  # a pending stage is only information on a branch
    ctx = Context(corpus.departments, corpus.columns, corpus.today, release, NoFiles())
    sink = Sink(entry.path)
    parsed = article_mod.parse(entry.path, data, sink)
    for check in article_rules():
        check(parsed, ctx, sink)
    severities = [p.severity for p in sink.problems]
    return severities.count(ERROR), severities.count(WARNING)
