"""Run every rule over a tree (working files or git's index) and collect the problems.

Loads only what the requested files need: a check of one staged article reads
that article, the maps, and the index numbers of the disclosure columns.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import article as article_mod
from generator import checkrecord, gitio
from generator import form as fm
from generator.article import Article, file_digest
from generator.attachments import ATTACHMENT_TYPES, MAX_ATTACHMENT
from generator.checkcache import CheckCache, FileScanCache, IndexNumberCache, Signature, stat_signature
from generator.form import index_lines
from generator.mapcache import BASE_TEMPLATE, load_maps
from generator.maps import Columns, Departments, Maps, SiteSettings
from generator.problems import REGISTRY, Problem, Sink, sort_problems
from generator.project import CONTENT, MAP_FILES, IndexTree, Tree, WorkTree, is_inside
from generator.rules import dx, gh, lc, lk
from generator.rules.context import Context

if TYPE_CHECKING:
    from generator.article import Parsed
    from generator.attachcache import AttachmentCache
    from generator.rules.seattach import Found


def article_rules() -> tuple[Callable[[Parsed, Context, Sink], None], ...]:
    """The rules that judge one article by its own bytes (and the maps); lk runs apart: its results are
    partly tree-dependent. Imported when an article is checked, not from the cache: a staged article
    checked before needs neither them nor the secrecy scanner."""
    from generator.rules import ap, co, se
    from generator.rules import dt as data_rules

    return (co.check, ap.check, se.check, dx.check, lc.check, data_rules.check)


@dataclass
class Site:
    """The maps and the articles a check read: what a build starts from."""

    settings: SiteSettings | None
    departments: Departments | None
    columns: Columns | None
    articles: list[Article] = field(default_factory=list)
    # The regular files under content/ a whole check of the working tree listed (None: another check): the files
    # the build publishes beside the articles are these, checked, not what a second walk would find.
    files: tuple[str, ...] | None = None


@dataclass
class CheckResult:
    """What a check found: the site it read and every problem, sorted."""

    site: Site
    problems: list[Problem]


_FileResult = checkrecord.FileResult  # one file's verdict, as the check cache keeps it (checkrecord.py)


def check_tree(
    root: Path,
    *,
    today: dt.date,
    release: bool,
    targets: list[str] | None = None,
    tree: Tree | None = None,
    maps: Maps | None = None,
    cache_in_background: bool = False,
) -> CheckResult:
    """`maps`: judge by these (the trusted base's) instead of the tree's own.

    `cache_in_background`: write the check cache from a forked child when it has many new results to encode
    (CheckCache.save; the build, which goes on to render, waits for the child before it ends). Others find the
    file written when this returns.
    """
    tree = tree or WorkTree(root)
    own_maps = maps is None
    whole = targets is None
    files = tree.content_files() if targets is None else [t for t in targets if t not in MAP_FILES]
    tree.preload([*MAP_FILES, BASE_TEMPLATE, *files] if own_maps else files)  # one read from git
    maps = maps or load_maps(tree, today)
    ctx = Context(maps.departments, maps.columns, today, release, tree, maps.settings)
    cache = None
    # Not for a commit (`check --rev`: the pre-receive hook, CI): the gate judges every pushed article afresh.
    if own_maps and (tree.on_disk or type(tree) is IndexTree):
        maps_bytes = [tree.read(name) for name in MAP_FILES]
        # The staged text (the pre-commit hook) has its own small file: a staged article is found by its
        # bytes' digest only, and the working tree's file of 10,000 results is not read for it.
        name = "check.json" if tree.on_disk else "staged.json"
        cache = CheckCache(root, maps_bytes, today, release, name=name, codec=checkrecord)
    results = _check_files(files, ctx, cache, whole, cache_in_background)
    problems = list(maps.problems)
    sinks: dict[str, Sink] = {}
    owners: dict[str, list[tuple[str, int]]] = {}
    for rel, result in results.items():
        problems.extend(result.problems)
        sinks[rel] = Sink(rel)
        lk.verify(result.links, ctx, sinks[rel])
        if result.index_no:
            owners.setdefault(result.index_no[0], []).append((rel, result.index_no[1]))
    if not whole:
        _add_other_index_numbers(tree, ctx, set(files), owners)
    dx.check_unique(owners, sinks)
    _lifecycle(results, ctx, sinks)
    problems.extend(p for sink in sinks.values() for p in sink.problems)
    articles = [r.article for r in results.values() if r.article is not None]
    listed = tuple(rel for rel in files if tree.plain(rel)) if whole and isinstance(tree, WorkTree) else None
    site = Site(maps.settings, maps.departments, maps.columns, articles, listed)
    return CheckResult(site, sort_problems(problems))


def _check_files(
    files: list[str], ctx: Context, cache: CheckCache | None, whole: bool, background: bool = False
) -> dict[str, _FileResult]:
    """Results for `files`: from the cache where the bytes are unchanged, else checked (in parallel)."""
    results: dict[str, _FileResult] = {}
    todo: list[str] = []
    signatures: dict[str, Signature | None] = {}
    # Attachments: their sha256 by stat data (as articles' results are), so that an unchanged one is
    # judged again (every rule: its verdict depends on other files) without reading its bytes.
    digests = (
        FileScanCache(ctx.tree.root, "attachment-digests.json") if cache is not None and ctx.tree.on_disk else None
    )
    attachment_signatures: dict[str, Signature | None] = {}
    known: dict[str, str] = {}
    root = str(ctx.tree.root)
    for rel in files:
        if cache is not None and ctx.tree.on_disk and rel.endswith(".md"):
            signatures[rel] = stat_signature(os.path.join(root, rel))
            hit = cache.by_stat(rel, signatures[rel])
            if hit is not None and _bound(hit, rel, cache.entries[rel][1]):
                results[rel] = hit
                continue
        elif digests is not None and posixpath.splitext(rel)[1].lower() in ATTACHMENT_TYPES:
            signature = attachment_signatures[rel] = stat_signature(os.path.join(root, rel))
            digest = digests.get(rel, signature)
            if isinstance(digest, str) and digest:
                known[rel] = digest
                continue
        todo.append(rel)
    fresh = _run(todo, ctx, cache)
    fresh.update({rel: check_file(rel, ctx, cache, digest) for rel, digest in known.items()})
    results.update({rel: result for rel, (_, result) in fresh.items()})
    if digests is not None:
        for rel, signature in attachment_signatures.items():
            if fresh[rel][0]:  # stat data taken before its bytes were read
                digests.put(rel, signature, fresh[rel][0])
        digests.save()
        if attachment_signatures:
            _remember_attachment_verdicts(ctx, {rel: fresh[rel] for rel in attachment_signatures})
    # Saved when an article was read afresh, or (a whole check) when one is gone. Only articles have
    # entries: attachments and data files are judged again every time (their verdicts depend on others).
    renewed = any(rel in signatures for rel in fresh)
    if cache is not None and not ctx.tree.on_disk:
        # The staged text: keep this run's articles, by digest alone (no working file vouches for them).
        kept: dict[str, tuple[Signature | None, str, Any]] = {
            rel: (None, digest, result) for rel, (digest, result) in fresh.items() if digest and rel.endswith(".md")
        }
        if {rel: e[1] for rel, e in kept.items()} != {rel: e[1] for rel, e in cache.entries.items()}:
            cache.save(kept)
    elif cache is not None and (renewed or (whole and len(signatures) != len(cache.entries))):
        entries: dict[str, tuple[Signature | None, str, Any]] = {} if whole else dict(cache.entries)
        for rel, result in results.items():
            digest = fresh[rel][0] if rel in fresh else cache.entries[rel][1]
            if digest and rel in signatures:
                entries[rel] = (signatures[rel], digest, _light(result))
        cache.save(entries, background=background)
    return {rel: results[rel] for rel in files}


def _bound(result: _FileResult, rel: str, digest: str) -> bool:
    """A cached result counts only for the file and the bytes it was found for (a record copied to another
    entry of the cache is no result for it)."""
    return result.article is None or (result.article.rel_path == rel and result.article.digest == digest)


def _light(result: _FileResult) -> _FileResult:
    """What the cache keeps: no body (it is in the file, which the digest vouches for)."""
    if result.article is None or result.article.body_text is None:
        return result
    return dataclasses.replace(result, article=result.article.without_body())


def _run(files: list[str], ctx: Context, cache: CheckCache | None) -> dict[str, tuple[str, _FileResult]]:
    if not ctx.tree.on_disk or len(files) < 2:  # other trees are read in one batch
        return {rel: check_file(rel, ctx, cache) for rel in files}
    from generator.workers import run_chunks, same, workers_for  # here: a staged check never starts workers

    workers = workers_for(len(files))
    if workers == 1:
        return {rel: check_file(rel, ctx, cache) for rel in files}
    _prepare_workers(files)
    # Many small chunks: the last one a worker takes is short, so the other does not idle long at the end.
    chunks = [files[i :: workers * 16] for i in range(workers * 16)]
    merged: dict[str, tuple[str, _FileResult]] = {}
    for part in run_chunks(_check_chunk, chunks, workers=workers, init=same, arg=(ctx, cache)):
        merged.update(part)
    return merged


def _prepare_workers(files: list[str]) -> None:
    """Import and build here, once, what every worker would otherwise import and build for itself:
    the forked workers inherit it (the rule families, the fold's bulk table, the document readers)."""
    from generator import docread, textfold

    article_rules()
    textfold.prepare_bulk()
    docread.prepare({posixpath.splitext(rel)[1].lower() for rel in files})


def _check_chunk(state: tuple[Context, CheckCache | None], files: list[str]) -> dict[str, tuple[str, _FileResult]]:
    ctx, cache = state
    out = {}
    for rel in files:
        digest, result = check_file(rel, ctx, cache)
        if result.article is not None:
            result.article = result.article.without_body()  # the parent re-reads it only if needed
        out[rel] = (digest, result)
    return out


def check_file(
    rel: str, ctx: Context, cache: CheckCache | None = None, known: str | None = None
) -> tuple[str, _FileResult]:
    """(digest of the bytes or "" when not read, result) for one file under content/.

    The digest: an article's sha1; an attachment's sha256, which `known` may give (its bytes then
    need not be read when the scan of those bytes is cached).
    """
    sink = Sink(rel)
    if not is_inside(posixpath.normpath(rel), CONTENT) or ctx.tree.escapes(rel):
        sink.add(
            fm.ESCAPES,
            1,
            "此路径是符号链接或位于 content/ 之外：文章和附件必须是 content/ 中的普通文件，请把文件本身复制进来。",
        )
        return "", _FileResult(None, sink.problems)
    bad_name = fm.name_problem(rel)
    if bad_name is not None:
        sink.add(bad_name[0], 1, bad_name[1])
        return "", _FileResult(None, sink.problems)
    if rel.lower().endswith(".csv"):
        from generator.rules import dt as data_rules

        # A data column's data, checked whole each time: its companion's pin may have changed.
        data_rules.check_data_file(rel, ctx, sink)
        return "", _FileResult(None, sink.problems)
    if not rel.endswith(".md"):
        if (
            lk.owning_article(rel, ctx) is None
            and ctx.columns is not None
            and posixpath.dirname(rel)[len(CONTENT) + 1 :] in ctx.columns
        ):
            sink.add(fm.NOT_ARTICLE, 1, "栏目文件夹中只能放文章（.md 文件）；附件请放进与文章同名的文件夹。")
        else:
            lk.check_attachment(rel, ctx, sink)
            digest, found = _scan_attachment(rel, ctx, sink, known)
            return digest, _FileResult(None, sink.problems, scan=found)
        return "", _FileResult(None, sink.problems)
    data = ctx.tree.read(rel)
    if data is None:
        sink.add(fm.ESCAPES, 1, "找不到此文件：请确认路径在 content/ 中。")
        return "", _FileResult(None, sink.problems)
    digest = file_digest(data)
    if cache is not None:
        hit = cache.by_digest(rel, digest)
        if hit is not None and _bound(hit, rel, digest):
            return digest, hit
    source = ctx.tree.source_of(rel)
    parsed = article_mod.parse(rel, data, sink, source)
    fm.check_text(parsed.fields, parsed.body, parsed.body_line, parsed.line, sink)
    for check in article_rules():
        check(parsed, ctx, sink)
    from generator.rules import dt as data_rules

    links = lk.extract(parsed, sink) + data_rules.data_link(parsed)
    index_no = None
    disclosure = parsed.fields.get("disclosure")
    if isinstance(disclosure, dict) and disclosure.get("index_no"):
        index_no = (disclosure["index_no"], parsed.line("disclosure", "index_no"))
    lc_lines = {path: parsed.line(*path) for path in lc.PATH_FIELDS if parsed.doc and path in parsed.doc.lines}
    return digest, _FileResult(parsed.article, sink.problems, index_no, links, lc_lines)


def _lifecycle(results: dict[str, _FileResult], ctx: Context, sinks: dict[str, Sink]) -> None:
    """LC checks that read other articles: successors, interpretation pairs, links to withdrawn ones."""
    fronts: dict[str, lc.Front | None] = {}

    def lookup(rel: str) -> lc.Front | None:
        if rel not in fronts:
            found = results.get(rel)
            if found is not None and found.article is not None:
                a = found.article
                fronts[rel] = lc.Front(a.date, a.disclosure, a.life, a.title)
            else:
                readable = ctx.tree.exists(rel) and not ctx.tree.escapes(rel)
                form = gh.read_form(ctx.tree.read(rel) if readable else None)
                fronts[rel] = lc.front_of(form.front) if form is not None and form.front is not None else None
        return fronts[rel]

    withdrawn: dict[str, bool] = {}  # an article of this check -> links to it are reported (a notice today)

    def plain(target: str) -> bool:
        """A link to an article of this check that lc.verify has nothing to say about."""
        if target not in withdrawn:
            found = results.get(target)
            if found is None or found.article is None:
                return False  # lc.verify reads it from the tree (lookup)
            withdrawn[target] = lc.shows_notice(found.article.date, found.article.life, ctx.today)
        return not withdrawn[target]

    for rel, result in results.items():
        a = result.article
        links = [(ref.line, ref.target) for ref in result.links if ref.target.endswith(".md")]
        if a is None:
            continue
        lifecycle_fields = a.life or (a.disclosure or {}).get("superseded_by")
        if not lifecycle_fields and all(plain(t) for _, t in links):
            continue  # links only, none to a withdrawn article (7,500 of 10,000 articles): nothing to report
        own = lc.Front(a.date, a.disclosure, a.life, a.title)
        lc.verify(rel, own, lookup, links, _line_lookup(result.lc_lines), ctx.today, sinks.setdefault(rel, Sink(rel)))


def _line_lookup(lines: dict[tuple[str, ...], int]) -> Callable[..., int]:
    def line(*path: str) -> int:
        return lines.get(path, 1)

    return line


def _scan_attachment(rel: str, ctx: Context, sink: Sink, known: str | None = None) -> tuple[str, list[Found]]:
    """The attachment's name and content (SE, 第十八、十九条); content results cached by its sha256, the
    whole scan by path and sha256 (attachcache.py).

    Returns that sha256 ("" when the content is not scanned) and the findings. `known`: the sha256 of the
    file's bytes as vouched for by its stat data (_check_files); the file is read only if its scan is not
    cached.
    """
    from generator.rules import se, seattach

    staff = se.staff_keys(ctx)
    suffix = posixpath.splitext(rel)[1].lower()
    digest = ""
    found: list[Found] | None = None
    if suffix in ATTACHMENT_TYPES:
        cache = _attachment_cache(ctx, staff)
        # A verdict was kept only for bytes that were scanned, so within the size limit: the same bytes are.
        found = cache.verdict(rel, known) if known else None
        if found is not None and known:
            digest = known
        elif ctx.tree.size(rel) <= MAX_ATTACHMENT:
            content = cache.get(known) if known else None
            if content is not None and known:
                digest = known
            else:
                data = ctx.tree.read(rel)
                if data is not None:
                    digest = hashlib.sha256(data).hexdigest()
                    found = cache.verdict(rel, digest)
                    content = cache.get(digest) if found is None else None
                    if found is None and content is None:
                        content = seattach.scan_content(rel, data, ctx, staff)
                        cache.put(digest, content, len(data))
            if found is None:
                found = seattach.scan_name(rel, staff) + (content or [])
    if found is None:
        found = seattach.scan_name(rel, staff)
    for item in found:
        sink.add(REGISTRY[item.rule], item.line, item.message)
    return digest, found


def _remember_attachment_verdicts(ctx: Context, fresh: dict[str, tuple[str, _FileResult]]) -> None:
    """Keep the whole scan of every attachment whose bytes were scanned (attachcache.py)."""
    from generator.rules import se

    cache = _attachment_cache(ctx, se.staff_keys(ctx))
    for rel, (digest, result) in fresh.items():
        if digest and result.scan is not None:
            cache.remember(rel, digest, result.scan)
    cache.save_verdicts()


_ATTACHMENT_CACHES: dict[int, tuple[Context, AttachmentCache]] = {}


def _attachment_cache(ctx: Context, staff: frozenset[str]) -> AttachmentCache:
    from generator.attachcache import AttachmentCache  # here: most checks have no attachment

    held = _ATTACHMENT_CACHES.get(id(ctx))
    if held is None or held[0] is not ctx:
        units = sorted(u.name for u in ctx.departments.units.values()) if ctx.departments else []
        settings = ctx.settings
        key = (sorted(staff), units, settings and (settings.name, settings.host, settings.allow_unscanned_ofd))
        _ATTACHMENT_CACHES.clear()
        held = _ATTACHMENT_CACHES[id(ctx)] = (ctx, AttachmentCache(ctx.tree.root, key))
    return held[1]


def _add_other_index_numbers(
    tree: Tree, ctx: Context, checked: set[str], owners: dict[str, list[tuple[str, int]]]
) -> None:
    """Index numbers of the articles not being checked, read by a quick scan (no YAML)."""
    if ctx.columns is None:
        return
    folders = {f"{CONTENT}/{c.path}" for c in ctx.columns if c.kind == "disclosure"}
    # A tree of git's lists every file: its disclosure articles are picked from the listing and only they
    # are sorted (content_files would sort all 12,000). rpartition is posixpath.dirname for the paths a
    # tree lists (no trailing or doubled slashes); every folder is under content/.
    listed = tree.entries if isinstance(tree, IndexTree) else tree.content_files()
    others = [p for p in listed if p.endswith(".md") and p.rpartition("/")[0] in folders and p not in checked]
    blob_ids: dict[str, str] = {}
    if isinstance(tree, IndexTree):
        others.sort()  # as IndexTree.content_files lists them
        blob_ids = gitio.blob_ids(tree.entries, others)
    cache = IndexNumberCache(tree.root) if blob_ids else None
    found: dict[str, tuple[str, int] | None] = {}
    if cache is not None:  # a blob scanned before is not read again
        for rel, number in cache.known(blob_ids).items():
            found[rel] = (number[0], number[1]) if number else None
    tree.preload([rel for rel in others if rel not in found])
    for rel in others:
        if rel not in found:
            found[rel] = _index_number(tree.read(rel) or b"")
            if cache is not None:
                cache.put(blob_ids[rel], found[rel])
        scanned = found[rel]
        if scanned is not None:
            owners.setdefault(scanned[0], []).append((rel, scanned[1]))
    if cache is not None:
        cache.save()


def _index_number(data: bytes) -> tuple[str, int] | None:
    """The first 索引号 in the head of an article and its line (the quick scan)."""
    head = data[:8192].decode("utf-8", "replace")
    match = next(index_lines(head), None)
    return (match[1], head.count("\n", 0, match[0]) + 1) if match else None
