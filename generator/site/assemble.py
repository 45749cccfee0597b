"""The build pipeline: published articles -> pages, feeds, sitemap, search -> swapped-in output."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from generator import exemptions, lifecycle, sescan, workers
from generator.checkcache import RACY_NS, stat_signature
from generator.checking import Site
from generator.errors import SitegenError
from generator.site import (
    compactcss,
    compactjs,
    dataviews,
    feeds,
    lifecycle_views,
    markdown,
    memo,
    pages,
    render,
    routes,
    search,
    sitemap,
    views,
)
from generator.site.fsio import BuildLock, Staging, Writer, staging_parent
from generator.site.searchtext import SearchText


@dataclass(frozen=True)
class BuildReport:
    pages: int
    articles: int
    scheduled: int
    out: Path


def build_site(
    site: Site,
    *,
    root: Path,
    out: Path,
    today: dt.date,
    templates: Path | None = None,
    with_search: bool | None = None,
    preview: bool = False,
) -> BuildReport:
    """`preview` (sitegen serve only, never build/): every readable article, approved or not, dated or not."""
    assert site.settings and site.departments and site.columns, "a build starts from a check without errors"
    templates = templates or root / "templates"
    published = list(site.articles) if preview else [a for a in site.articles if lifecycle.has_page(a, today)]
    unit_names = views.full_unit_names(site.departments.units.values(), site.settings.host)
    folders = views.Folders(root) if site.files is None else views.Listed(root, site.files, published)
    decorated = lifecycle_views.decorate(
        [views.article_view(a, root, unit_names, today, folders) for a in published], published, today
    )
    everything = views.newest_first(decorated)
    columns = views.column_views(site.columns)
    _refuse_collisions(columns, everything)
    # Withdrawn and taken-down articles keep their URL (a notice) but leave lists, feeds, directory, search.
    articles = [a for a in everything if a.notice is None]
    notices = [a for a in everything if a.notice is not None]
    indexed = search.enabled(with_search)
    with contextlib.ExitStack() as scope:
        scope.enter_context(BuildLock(root, out))  # the memo describes `out`: read and written under the lock
        stage = scope.enter_context(Staging(out, staging_parent(root, out)))
        writer = stage.writer()
        index = search.plan(root, articles, columns) if indexed else None
        change = search.prepare(index, writer.previous) if index is not None and writer.previous else None
        update = None
        if change is not None:
            # A change to the previous output's index needs nothing the render makes: it is worked out in another
            # process from here (workers.ahead: the helper run_build forked, else a child forked now), on the other
            # core, while this process plans, links and renders the pages; there only when it has work (old texts to
            # take out, a layer to write): a late fork costs this process the copy of every page of memory it
            # writes while the child lives, and a helper may still be importing what the update needs.
            update = scope.enter_context(
                workers.ahead(partial(_index_update, change, writer.part()), fork=change.costly)
            )
        catalogue = pages.Catalogue(columns, articles)
        data = _column_data(columns, articles)
        jobs = pages.plan(columns, catalogue, site.settings.page_size, notices, _data_contexts(data))
        site_view = views.site_view(site.settings, today)
        forbidden = tuple(sorted(sescan.staff_keys(p.email for p in site.departments.people.values())))
        # A reviewed exemption is one article's: it covers that article's text on the pages that show it, never
        # the same digits written into another article (review s8, B2).
        exempt = tuple(
            (a.rel_path, tuple(sorted({(e.rule, exemptions.key(e.text)) for e in a.exemptions})))
            for a in sorted(published, key=lambda a: a.rel_path)
            if a.exemptions
        )
        template_globals = {
            "site": site_view,
            "columns": columns,
            "channels": [c for c in columns.values() if c.parent is None],
            "nav_pages": frozenset(["index.html", *(c.url for c in columns.values() if c.parent is None)]),
        }
        env_key = memo.environment_key(
            templates,
            {**template_globals, "forbidden": forbidden, "exempt": exempt, "screened": not preview},
            markdown.engine_name(),
        )

        def page_keys() -> dict[str, str]:
            return dict(
                zip([j.out for j in jobs], memo.page_keys(env_key, [(j.template, j.context, j.markdown) for j in jobs]))
            )

        page_memo = memo.PageMemo(root, out.resolve())
        shared = render.Shared(
            templates=str(templates),
            globals=template_globals,
            stage=str(stage.path),
            previous=str(stage.out) if stage.out.is_dir() else None,
            forbidden=forbidden,
            search=indexed,
            exempt=exempt,
            screened=not preview,
            recycled=stage.recycled,
            # Not for a preview: `sitegen serve` renders a page at a time and shows a broken template's error.
            compiled_before=page_memo.environment == env_key and not preview,
            yield_to_index=index is not None and update is None,
        )
        # Without a previous output every page is rendered: the keys, which only the memo then needs, are
        # made while the workers render (meanwhile), not before they start.
        keys = page_keys() if writer.previous is not None else {}
        todo = _unchanged_linked(jobs, keys, page_memo, writer)
        if os.environ.get("SITEGEN_TIMINGS"):  # read by benchmarks and tests/perf
            print(f"pages rendered: {len(todo)} of {len(jobs)}", file=sys.stderr)
        remember: Callable[[Path], None] | None = None
        attachment_keys: dict[str, str] = {}

        def meanwhile(texts: dict[str, SearchText]) -> None:
            """The search index and the files no template renders, written while the workers render."""
            nonlocal remember
            # An update worked out beside the build is taken at once (a helper that failed says so before anything
            # else is written, and ends); a cold index is written last (below).
            updated = _updated(update, writer) if update is not None else None
            if not keys:
                keys.update(page_keys())
            _copy_static(templates / "static", writer)
            attachment_keys.update(_attachments_linked(articles, page_memo, writer))
            _write_feeds(writer, site_view, columns, catalogue)
            for path, column_data in data.items():
                if column_data.dataset == "export-refund-rates":
                    for target, payload in dataviews.refund_files(path, column_data).items():
                        writer.write(target, payload)
            listed = [
                (j.out, _lastmod(j.context["article"]) if "article" in j.context else None)
                for j in jobs
                if j.out != routes.NOT_FOUND
            ]
            writer.write(routes.SITEMAP_XML, sitemap.sitemap_xml(site_view.base_url, listed))
            writer.write(routes.ROBOTS, sitemap.robots_txt(site_view.base_url))
            # A cold index last: it takes as long as the workers' pages, and what came before it here ran while they
            # rendered, not on one core after them (the attachments' copies: 0.3 s at 10,000 articles).
            if index is not None:
                remember = search.remember(index, updated if updated is not None else _cold(index, writer, texts))

        rendered = render.render_all(todo, shared, meanwhile)
        page_memo.written({r.page: (r.signature, r.sha1) for r in rendered})
        writer.placed.update(r.page for r in rendered)  # written by the render workers
        del rendered
        keys.update(attachment_keys)
        stage.commit()
        if remember is not None:
            remember(out)
        page_memo.save(keys, writer.kept, env_key)
    return BuildReport(len(jobs), len(articles), len(site.articles) - len(published), out)


def _index_update(change: search.Update, part: Writer) -> tuple[search.State | None, Writer, float, float]:
    """search.update into a part of the build's writer (in the child workers.ahead forked), and its wall and CPU time."""
    started, cpu = time.perf_counter(), time.process_time()
    state = search.update(change, part)
    return state, part, time.perf_counter() - started, time.process_time() - cpu


def _updated(
    update: workers.Ahead[tuple[search.State | None, Writer, float, float]], writer: Writer
) -> search.State | None:
    """The search index's update worked out beside the build, absorbed into the stage; None: it found a cold
    index needed after all."""
    state, part, wall, used = update.result()
    if state is None:
        return None
    writer.absorb(part)
    _timing("incremental", wall, used)
    return state


def _cold(index: search.Plan, writer: Writer, texts: dict[str, SearchText]) -> search.State:
    """A cold index into the stage, from the texts the render made."""
    started, cpu = time.perf_counter(), time.process_time()
    state = search.cold(index, writer, texts)
    _timing("cold", time.perf_counter() - started, time.process_time() - cpu)
    return state


def _timing(mode: str, wall: float, cpu: float) -> None:
    if os.environ.get("SITEGEN_TIMINGS"):  # read by benchmarks/run.py
        print(f"search index ({mode}): {wall:.3f} s, {cpu:.3f} s CPU", file=sys.stderr)


def _column_data(columns: dict[str, Any], articles: list[Any]) -> dict[str, dataviews.ColumnData]:
    """The merged rows of every data column, from its published companions' approved files."""
    found = {}
    for path, column in columns.items():
        if column.dataset:
            releases = [a.release for a in articles if a.column == path and a.release is not None]
            found[path] = dataviews.merge(column.dataset, releases)
    return found


def _data_contexts(data: dict[str, dataviews.ColumnData]) -> dict[str, dict[str, Any]]:
    """What a data column's page shows (small: the refund rates themselves go to the shards)."""
    contexts = {}
    for path, column_data in data.items():
        view: dict[str, Any] = {
            "sample": column_data.sample,
            "updated": column_data.updated,
            "downloads": column_data.downloads,
        }
        if column_data.dataset == "export-refund-rates":
            view.update(dataviews.refund_summary(column_data))
        else:
            view.update(dataviews.revenue_views(column_data))
        contexts[path] = {"dataset": column_data.dataset, **view}
    return contexts


def _lastmod(article: views.ArticleView) -> str:
    """A notice page stays in sitemap.xml, dated by its notice, so crawlers fetch the notice soon."""
    return article.notice.date if article.notice is not None else article.date


def _unchanged_linked(jobs: list[Any], keys: dict[str, str], page_memo: memo.PageMemo, writer: Writer) -> list[Any]:
    """Link the pages whose inputs are unchanged from the previous build; return the rest."""
    if writer.previous is None:
        return jobs
    todo = []
    for job in jobs:
        old = page_memo.reusable(job.out, keys[job.out])
        if old is None or not writer.link(job.out, old, page_memo.inode(job.out)):
            todo.append(job)
    return todo


def _attachments_linked(articles: list[Any], page_memo: memo.PageMemo, writer: Writer) -> dict[str, str]:
    """Copy the attachments, linking the previous build's copy where its source is untouched since.

    Keyed in the memo by the source file's stat signature (its ctime cannot be set by anyone); one
    modified too recently to be told apart from a later change in the same tick is copied and not keyed.
    """
    keys = {}
    recent = time.time_ns() - RACY_NS
    for article in articles:
        for item in article.attachments:
            signature = stat_signature(item.source)
            key = f"source {signature}" if signature is not None and max(signature[:2]) < recent else None
            old = page_memo.reusable(item.url, key) if key else None
            if old is None or not writer.link(item.url, old, page_memo.inode(item.url)):
                writer.copy(item.url, Path(item.source))
            if key:
                keys[item.url] = key
    return keys


def _refuse_collisions(columns: dict[str, Any], articles: list[Any]) -> None:
    """Two things must never be written to one path; a column must not take a reserved name."""
    for path in columns:
        if path.split("/")[0] in routes.RESERVED:
            raise SitegenError(
                f"栏目路径 {path} 与网站保留目录名冲突（{', '.join(sorted(routes.RESERVED))}），请在 columns.yaml 中改名。"
            )
    taken = {routes.column_page(p) for p in columns}
    for article in articles:
        if article.url in taken:
            raise SitegenError(
                f"{article.source} 的页面地址 {article.url} 与栏目页冲突，请给文件换一个名字（例如不要用 index.md）。"
            )
        taken.add(article.url)


# Scripts and stylesheets are shipped without comments and indentation (compactjs.py, compactcss.py).
_COMPACTORS = {".js": compactjs.compact, ".css": compactcss.compact}


def _copy_static(folder: Path, writer: Writer) -> None:
    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = f"{routes.STATIC}/{path.relative_to(folder).as_posix()}"
        compact = _COMPACTORS.get(path.suffix)
        if compact is None:
            writer.copy(rel, path)
            continue
        try:
            text = path.read_bytes().decode("utf-8")  # line ends as written: the compactors know which they may touch
        except UnicodeDecodeError:
            writer.copy(rel, path)  # another encoding: shipped as written
            continue
        writer.write(rel, compact(text).encode("utf-8"))


def _write_feeds(
    writer: Writer, site_view: views.SiteView, columns: dict[str, views.ColumnView], catalogue: pages.Catalogue
) -> None:
    writer.write(routes.FEED, feeds.atom(site_view, site_view.name, routes.FEED, routes.HOME, catalogue.all))
    for column in columns.values():
        if column.parent is None:
            path = routes.channel_feed(column.path)
            writer.write(
                path,
                feeds.atom(
                    site_view, f"{site_view.name} - {column.title}", path, column.url, catalogue.subtree(column.path)
                ),
            )
