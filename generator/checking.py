"""Run every rule over a tree (working files or git's index) and collect the problems.

Loads only what the requested files need: a check of one staged article reads
that article, the maps, and the index numbers of the disclosure columns.
"""
from __future__ import annotations

import datetime as dt
import os
import posixpath
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator import article as article_mod
from generator.article import Article
from generator.maps import Columns, Departments, SiteSettings
from generator.problems import Problem, sort_problems
from generator.project import CONTENT, MAP_FILES, IndexTree, Tree, WorkTree, is_inside
from generator.rules import Sink, ap, co, dx, fm, lk, se
from generator.rules.context import Context
from generator.rules.mp import load_maps

ARTICLE_RULES = (co.check, ap.check, se.check, lk.check, dx.check)
PARALLEL_THRESHOLD = 400  # below this, starting workers costs more than it saves


@dataclass
class Site:
    settings: SiteSettings | None
    departments: Departments | None
    columns: Columns | None
    articles: list[Article] = field(default_factory=list)


@dataclass
class CheckResult:
    site: Site
    problems: list[Problem]


@dataclass
class _FileResult:
    article: Article | None
    problems: list[Problem]
    index_no: tuple[str, int] | None = None


def check_tree(root: Path, *, today: dt.date, release: bool, targets: list[str] | None = None,
               tree: Tree | None = None) -> CheckResult:
    tree = tree or WorkTree(root)
    maps = load_maps(tree, today)
    ctx = Context(maps.departments, maps.columns, today, release, tree)
    whole = targets is None
    files = tree.content_files() if whole else [t for t in targets if t not in MAP_FILES]
    if isinstance(tree, IndexTree):
        tree.preload(files)
    results = _check_files(files, ctx)
    problems = list(maps.problems)
    sinks: dict[str, Sink] = {}
    owners: dict[str, list[tuple[str, int]]] = {}
    for rel, result in results.items():
        problems.extend(result.problems)
        sinks[rel] = Sink(rel)
        if result.index_no:
            owners.setdefault(result.index_no[0], []).append((rel, result.index_no[1]))
    if not whole:
        _add_other_index_numbers(tree, ctx, set(files), owners)
    dx.check_unique(owners, sinks)
    problems.extend(p for sink in sinks.values() for p in sink.problems)
    articles = [r.article for r in results.values() if r.article is not None]
    site = Site(maps.settings, maps.departments, maps.columns, articles)
    return CheckResult(site, sort_problems(problems))


def _check_files(files: list[str], ctx: Context) -> dict[str, _FileResult]:
    if len(files) < PARALLEL_THRESHOLD or not isinstance(ctx.tree, WorkTree) or (os.cpu_count() or 1) < 2:
        return {rel: check_file(rel, ctx) for rel in files}
    global _WORKER_CTX
    _WORKER_CTX = ctx  # inherited by forked workers: the maps are not pickled per task
    workers = os.cpu_count() or 2
    chunks = [files[i::workers * 4] for i in range(workers * 4)]
    try:
        with ProcessPoolExecutor(workers, mp_context=_fork_context()) as pool:
            merged: dict[str, _FileResult] = {}
            for part in pool.map(_check_chunk, chunks):
                merged.update(part)
    finally:
        _WORKER_CTX = None
    return {rel: merged[rel] for rel in files}


_WORKER_CTX: Context | None = None


def _fork_context():
    import multiprocessing
    return multiprocessing.get_context("fork")


def _check_chunk(files: list[str]) -> dict[str, _FileResult]:
    assert _WORKER_CTX is not None
    return {rel: check_file(rel, _WORKER_CTX) for rel in files}


def check_file(rel: str, ctx: Context) -> _FileResult:
    sink = Sink(rel)
    if not is_inside(posixpath.normpath(rel), CONTENT) or ctx.tree.escapes(rel):
        sink.add(fm.ESCAPES, 1, "此路径是符号链接或位于 content/ 之外：文章和附件必须是 content/ 中的普通文件，请把文件本身复制进来。")
        return _FileResult(None, sink.problems)
    if not rel.endswith(".md"):
        if lk.owning_article(rel, ctx) is None and ctx.columns is not None and posixpath.dirname(rel)[len(CONTENT) + 1:] in ctx.columns:
            sink.add(fm.NOT_ARTICLE, 1, "栏目文件夹中只能放文章（.md 文件）；附件请放进与文章同名的文件夹。")
        else:
            lk.check_attachment(rel, ctx, sink)
        return _FileResult(None, sink.problems)
    data = ctx.tree.read(rel)
    if data is None:
        sink.add(fm.ESCAPES, 1, "找不到此文件：请确认路径在 content/ 中。")
        return _FileResult(None, sink.problems)
    parsed = article_mod.parse(rel, data, sink)
    for check in ARTICLE_RULES:
        check(parsed, ctx, sink)
    index_no = None
    disclosure = parsed.fields.get("disclosure")
    if isinstance(disclosure, dict) and disclosure.get("index_no"):
        index_no = (disclosure["index_no"], parsed.line("disclosure", "index_no"))
    return _FileResult(parsed.article, sink.problems, index_no)


def _add_other_index_numbers(tree: Tree, ctx: Context, checked: set[str],
                             owners: dict[str, list[tuple[str, int]]]) -> None:
    """Index numbers of the articles not being checked, read by a quick scan (no YAML)."""
    if ctx.columns is None:
        return
    folders = {f"{CONTENT}/{c.path}" for c in ctx.columns if c.kind == "disclosure"}
    others = [p for p in tree.content_files()
              if p.endswith(".md") and p not in checked and posixpath.dirname(p) in folders]
    if isinstance(tree, IndexTree):
        tree.preload(others)
    for rel in others:
        data = tree.read(rel) or b""
        head = data[:8192].decode("utf-8", "replace")
        match = dx.INDEX_LINE.search(head)
        if match:
            owners.setdefault(match.group(1), []).append((rel, head.count("\n", 0, match.start()) + 1))
