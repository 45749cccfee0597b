"""Rendering pages with Jinja2, serially for small sites and in parallel for large ones.

Each worker compiles the templates once (its initializer) and then renders
chunks of pages straight into the staging tree, so only file names travel back.
Every rendered page also passes the final screen (site/screen.py): the same scans as the
check, over what the public will read; a classification mark or personal data stops the build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from generator import collector
from generator.article import read_body
from generator.checkcache import stat_signature
from generator.errors import SitegenError
from generator.site import markdown, routes, screen
from generator.site.fsio import Writer
from generator.site.pages import PageJob
from generator.site.screen import PrivacyLeak
from generator.site.searchtext import SearchText, article_text
from generator.site.views import ArticleView
from generator.workers import run_phases, workers_for

__all__ = ["PrivacyLeak", "Rendered", "Renderer", "Shared", "render_all"]


class Rendered(NamedTuple):
    page: str
    text: SearchText | None  # the article's search text, when `Shared.search` and the page is an article
    sha1: str  # of the bytes written (screened): the page memo records it without reading the file back
    signature: tuple[int, ...] | None = None  # its stat data right after writing (checkcache.stat_signature)


@dataclass(frozen=True)
class Shared:
    """What every worker needs once: templates, globals, where to write, what to refuse."""

    templates: str
    globals: dict[str, Any]
    stage: str
    previous: str | None
    forbidden: tuple[str, ...]  # registered e-mail addresses, as sescan.email_key gives them
    # (article source, its reviewed exemptions as (rule, folded text)): a page's screen honours those of the
    # articles it shows, and only those
    exempt: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    search: bool = False  # also return each article's search text (read while its HTML is at hand)
    screened: bool = True  # False only for `sitegen serve`'s private preview, whose banners show the problems
    recycled: bool = False  # the stage holds an earlier build's files (fsio.Writer)
    # The templates and code are the very bytes the last finished build compiled whole (memo.PageMemo): a
    # build that renders a page or two compiles only the templates they use.
    compiled_before: bool = False
    # A private folder where the render pool's workers leave the articles' body HTML between its two rounds
    # (render_all sets it; None: no first round).
    spool: str | None = None
    # The workers run niced (WORKER_NICENESS): this process writes a cold search index while they render.
    yield_to_index: bool = False


class _TreeLoader(jinja2.FileSystemLoader):
    """Templates are files inside templates/: a symbolic link (to a file of the CI machine, say) is refused."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        base = Path(self.searchpath[0]).resolve()
        if Path(filename).resolve().parent != base / Path(template).parent or Path(filename).is_symlink():
            raise SitegenError(f"模板 templates/{template} 是符号链接或位于 templates/ 之外：模板必须是普通文件。")
        return source, filename, uptodate


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, answering the common questions without its general tests.

    A page reads about sixty fields of the site's own view records (article.title, column.url) and
    keys of plain dicts; the sandbox's tests for each (is it internal, does it mutate, is it
    str.format) cost as much as the rest of the template. For a field of a dataclass defined in
    this package, or a key of a plain dict that is no dict attribute, those tests always pass and the
    sandbox returns exactly what is returned here. Anything else, or a field that holds something
    callable, goes through the sandbox unchanged.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        kind = type(obj)
        if kind is dict:
            if attribute not in _DICT_ATTRIBUTES and attribute in obj:
                return obj[attribute]
        elif attribute in _record_fields(kind):
            value = getattr(obj, attribute)
            if not callable(value):
                return value
        return super().getattr(obj, attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))


_FIELDS: dict[type, frozenset[str]] = {}


def _record_fields(kind: type) -> frozenset[str]:
    """The public fields of one of this package's dataclasses; empty for any other type."""
    found = _FIELDS.get(kind)
    if found is None:
        package = dataclasses.is_dataclass(kind) and kind.__module__.startswith("generator.")
        found = _FIELDS[kind] = (
            frozenset(f.name for f in dataclasses.fields(kind) if not f.name.startswith("_"))
            if package
            else frozenset()
        )
    return found


def make_env(templates: str | Path) -> jinja2.Environment:
    # Sandboxed: a merge request's trial build renders templates that are not yet judged (GH006 runs
    # beside it), and a template must not reach Python's internals ({{ x.__class__ }}) or mutate data.
    env = _Sandbox(
        loader=_TreeLoader(str(templates)),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,  # a misspelt field fails the build, not the page
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["href"] = routes.href
    env.filters["url_path"] = lambda url: urlsplit(url).path or "/"
    env.globals["fragment"] = _fragment_renderer(env)
    return env


def _fragment_renderer(env: jinja2.Environment, used: list[str] | None = None) -> Callable[..., Markup]:
    """`fragment(name, **params)`: a template rendered once per distinct parameters.

    The navigation and footer are the same on thousands of pages; their
    parameters (relative root, channel, current column) say everything they
    depend on besides the environment's globals, so one rendering serves all.
    `used`: each call's markup is appended (the final screen reads a fragment once: screen.Screen).
    """

    @cache
    def render(name: str, params: tuple[Any, ...]) -> Markup:
        return Markup(env.get_template(name).render(dict(params)))

    def fragment(name: str, **params: Any) -> Markup:
        markup = render(name, tuple(sorted(params.items())))
        if used is not None:
            used.append(markup)
        return markup

    return fragment


def compile_all(env: jinja2.Environment) -> None:
    """Compile every template now, so a broken one fails before anything is written."""
    for name in env.list_templates(extensions=["html", "xml"]):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise SitegenError(f"模板 templates/{exc.name or name} 第 {exc.lineno} 行语法错误：{exc.message}") from None


class Renderer:
    def __init__(self, shared: Shared, *, compile_now: bool = True):
        self.shared = shared
        self.env = make_env(shared.templates)
        self.env.globals.update(shared.globals)
        self.fragments: list[str] = []  # the fragments the page being rendered holds
        self.env.globals["fragment"] = _fragment_renderer(self.env, self.fragments)
        if compile_now:
            compile_all(self.env)
        self.writer = Writer(
            Path(shared.stage), Path(shared.previous) if shared.previous else None, recycled=shared.recycled
        )
        self.forbidden = frozenset(shared.forbidden)
        self.screen = screen.Screen(self.forbidden)
        self.exempt = {source: frozenset(pairs) for source, pairs in shared.exempt}

    def body(self, job: PageJob) -> tuple[str, str, SearchText | None]:
        """An article job's page, its body's HTML and (`Shared.search`) its search text."""
        view = job.context["article"]
        body_html = markdown.render(read_body(view.body_file, view.digest, view.source))
        return job.out, body_html, article_text(view, body_html) if self.shared.search else None

    def render(self, job: PageJob, body_html: str | None = None) -> Rendered:
        """`body_html`: the article's body as `body` made it (then no search text is returned: it went with it)."""
        context = job.context
        text = None
        if job.markdown:
            if body_html is None:
                _, body_html, text = self.body(job)
            context = {**context, "body_html": Markup(body_html)}
        self.fragments.clear()
        try:
            html = self.env.get_template(job.template).render(context)
        except jinja2.TemplateError as exc:
            raise SitegenError(f"生成页面 {job.out} 时模板 templates/{job.template} 出错：{exc}") from None
        self._screen(job.out, html, context)
        data = html.encode("utf-8")
        self.writer.write(job.out, data)
        signature = stat_signature(os.path.join(self.shared.stage, job.out))
        return Rendered(job.out, text, hashlib.sha1(data).hexdigest(), signature)

    def _screen(self, out: str, html: str, context: dict[str, Any]) -> None:
        if self.shared.screened:
            exempt: frozenset[tuple[str, str]] = frozenset()
            if self.exempt:  # nearly every site has none: no walk through the contexts
                exempt = frozenset().union(*(self.exempt.get(s, ()) for s in shown_articles(context)))
            self.screen.check(out, html, exempt, self.fragments)


def shown_articles(value: Any) -> set[str]:
    """The sources of the articles a page's context holds (the page itself, a list's items, a directory's
    topics), however deep in dicts, lists and tuples."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, ArticleView):
            found.add(item.source)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return found


# A build that renders this many pages or more (a cold one, say) resumes the garbage collector first:
# rendering, and the check before it, leave cycles that add up to tens of MB at 10,000 articles. Below,
# the one collection resuming costs (0.1 s at 10,000 articles) more than the little garbage it would free.
RESUME_COLLECTOR_FROM = 300


def _nothing() -> None:
    pass


class Spooled(NamedTuple):
    """Where a worker left an article's body HTML: bytes [start, end) of one file of the spool folder."""

    file: str
    start: int
    end: int


class _Worker(NamedTuple):
    """A render worker's state: its renderer and the build's jobs, which its tasks name by number (a forked
    worker inherits them: no job, with the article views of its context, is pickled to it)."""

    renderer: Renderer
    jobs: list[PageJob]


def _body_chunk(worker: _Worker, numbers: list[int]) -> tuple[list[tuple[str, Spooled]], dict[str, SearchText]]:
    """The bodies of the jobs `numbers` as HTML, written to one spool file (the parent never holds them: 100 MB
    at 10,000 articles), and their search texts, which the parent indexes."""
    renderer = worker.renderer
    assert renderer.shared.spool is not None, "the first round runs only with a spool folder"
    jobs = [worker.jobs[n] for n in numbers]
    parts: list[bytes] = []
    where: list[tuple[str, Spooled]] = []
    texts: dict[str, SearchText] = {}
    file = os.path.join(renderer.shared.spool, hashlib.sha1(jobs[0].out.encode()).hexdigest())
    offset = 0
    for job in jobs:
        page, body_html, text = renderer.body(job)
        data = body_html.encode("utf-8")
        parts.append(data)
        where.append((page, Spooled(file, offset, offset + len(data))))
        offset += len(data)
        if text is not None:
            texts[page] = text
    with open(file, "xb") as out:  # x: a chunk's file is its own (named by its first page)
        out.write(b"".join(parts))
    return where, texts


def _render_chunk(worker: _Worker, items: list[tuple[int, Spooled | None]]) -> list[Rendered]:
    files: dict[str, int] = {}
    try:
        rendered = []
        for number, spooled in items:
            job = worker.jobs[number]
            body_html = None
            if spooled is not None:
                fd = files.get(spooled.file)
                if fd is None:
                    fd = files[spooled.file] = os.open(spooled.file, os.O_RDONLY)
                data = os.pread(fd, spooled.end - spooled.start, spooled.start)
                if len(data) != spooled.end - spooled.start:
                    raise SitegenError(f"生成页面 {job.out} 时临时文件不完整，请重新运行。")
                body_html = data.decode("utf-8")
            rendered.append(worker.renderer.render(job, body_html))
        return rendered
    finally:
        for fd in files.values():
            os.close(fd)


_compiled: Renderer | None = None  # the parent's, which forked workers take over (no second compilation)


# The render workers' nice value above this process's when it writes a cold search index while they render
# (Shared.yield_to_index; render_all's meanwhile): three tasks on two cores, each given two thirds of one, so the
# index ended last, on one core, 1.5 s after the pages at 10,000 articles. Niced, the workers leave the index a
# core of its own while it runs, and have both once it is done: both cores stay busy to the end. Not otherwise
# (an incremental build, no search index): there is nothing to yield to, and a niced worker would only lose to
# whatever else runs on the machine. (A worker cannot lower its nice value again: the workers are new processes
# for every build.)
WORKER_NICENESS = 5


def _worker(arg: tuple[Shared, list[PageJob]]) -> _Worker:
    """A worker's state: the renderer its parent compiled for these very settings, else its own."""
    shared, jobs = arg
    if shared.yield_to_index:
        with contextlib.suppress(OSError):  # not allowed here (a sandbox): the same work, in another order
            os.nice(WORKER_NICENESS)
    renderer = _compiled if _compiled is not None and _compiled.shared is shared else Renderer(shared)
    return _Worker(renderer, jobs)


def render_all(
    jobs: list[PageJob], shared: Shared, meanwhile: Callable[[dict[str, SearchText]], None] | None = None
) -> list[Rendered]:
    """Render every job into the stage.

    `meanwhile(search texts by page)`: called here once, while the workers render the pages (the search index
    and the build's other files are written on the core the workers would otherwise share). With `Shared.search`
    the workers first turn every article's Markdown into HTML, left in a spool folder, and its search text, which
    comes back here: the index starts from the texts while the pages are rendered from that HTML (each body
    converted once; this process never holds the HTML, 135 MB less at its peak at 10,000 articles). Serially,
    it is called once the articles are rendered, before the other pages.
    """
    global _compiled  # noqa: PLW0603 - handed to the forked workers through their copy of this module
    articles = [job for job in jobs if job.markdown]
    others = [job for job in jobs if not job.markdown]
    if not jobs:  # every page reused: the templates are the very bytes the last build compiled (memo key)
        if meanwhile is not None:
            meanwhile({})
        return []
    workers = workers_for(len(jobs))
    collect = collector.resume if len(jobs) >= RESUME_COLLECTOR_FROM else _nothing
    if workers == 1:
        collect()
        renderer = Renderer(shared, compile_now=not shared.compiled_before)
        head = [renderer.render(job) for job in articles]
        if meanwhile is not None:
            meanwhile({r.page: r.text for r in head if r.text is not None})
        return head + [renderer.render(job) for job in others]
    with tempfile.TemporaryDirectory(prefix="sitegen-bodies-") as spool:  # private (0700), removed at the end
        shared = dataclasses.replace(shared, spool=spool if shared.search else None)
        _compiled = Renderer(shared)  # compiled here: a syntax error fails before the pool starts
        try:
            size = max(16, len(jobs) // (workers * 8))
            ordered = articles + others  # tasks name a job by its place here (_Worker)
            numbers = range(len(articles)) if shared.search else range(0)
            first = [list(numbers[i : i + size]) for i in range(0, len(numbers), size)]

            def pages(bodies: list[tuple[list[tuple[str, Spooled]], dict[str, SearchText]]]) -> list[list[Any]]:
                spooled = {page: where for part, _ in bodies for page, where in part}
                # The list pages first (the heaviest per page), then the articles in smaller chunks: the two
                # workers finish close together.
                items: list[tuple[int, Spooled | None]] = [(len(articles) + n, None) for n in range(len(others))]
                items += [(n, spooled.get(job.out)) for n, job in enumerate(articles)]
                step = max(8, size // 2)
                return [items[i : i + step] for i in range(0, len(items), step)]

            def texts(bodies: list[tuple[list[tuple[str, Spooled]], dict[str, SearchText]]]) -> None:
                if meanwhile is not None:
                    meanwhile({page: text for _, part in bodies for page, text in part.items()})

            _, parts = run_phases(
                _body_chunk,
                first,
                _render_chunk,
                pages,
                workers=workers,
                init=_worker,
                arg=(shared, ordered),
                meanwhile=texts,
                at_start=collect,  # here, while the workers start: the collection's garbage stays out of their way
            )
        finally:
            _compiled = None
    return [out for part in parts for out in part]
