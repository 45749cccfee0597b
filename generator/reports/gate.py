"""The problems the gate finds in articles as they stand (the article rules of `sitegen check`).

The yearly rating counts them per liaison: a clean submission is part of a liaison's work.
The rules are judged with the protected branch's maps; links are left out (they depend on
the rest of the tree the article would join).
"""

from __future__ import annotations

from collections.abc import Iterable

from generator import article as article_mod
from generator.checking import ARTICLE_RULES
from generator.problems import ERROR, WARNING, Sink
from generator.project import NoFiles
from generator.reports.gather import Corpus, Entry
from generator.rules.context import Context


def problem_counts(corpus: Corpus, entries: Iterable[Entry]) -> dict[str, tuple[int, int]]:
    """path -> (errors, warnings)."""
    chosen = list(entries)
    blobs = corpus.read(chosen)
    counts = {}
    for entry in chosen:
        counts[entry.path] = _count(corpus, entry, blobs.get(entry.blob, b""))
    return counts


def _count(corpus: Corpus, entry: Entry, data: bytes) -> tuple[int, int]:
    release = entry.adopted is not None  # a pending stage is only information on a branch
    ctx = Context(corpus.departments, corpus.columns, corpus.today, release, NoFiles())
    sink = Sink(entry.path)
    parsed = article_mod.parse(entry.path, data, sink)
    for check in ARTICLE_RULES:
        check(parsed, ctx, sink)
    severities = [p.severity for p in sink.problems]
    return severities.count(ERROR), severities.count(WARNING)
