"""The page plan: which template renders which page, with what data.

Planning is cheap and serial; rendering (render.py) is the expensive, parallel part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.site import routes
from generator.site.views import ArticleView, ColumnView, Disclosure

HOME_ITEMS = 6  # latest items per channel on the home page
CHILD_ITEMS = 5  # latest items per child column on a channel page
DIRECTORY_FROM = 13  # a channel with this many child columns lists them compactly (地方频道), not as blocks
LATEST_ITEMS = 10  # the home page's 最新发布


@dataclass(frozen=True, slots=True)
class PageJob:
    out: str
    template: str
    context: dict[str, Any]
    markdown: bool = False  # render context["article"].body into context["body_html"]


class Catalogue:
    """Published articles by column, newest first, with subtree lookups."""

    def __init__(self, columns: dict[str, ColumnView], articles: list[ArticleView]):
        self.columns = columns
        self.direct: dict[str, list[ArticleView]] = {path: [] for path in columns}
        self._subtrees: dict[str, list[ArticleView]] = {path: [] for path in columns}
        for article in articles:  # already newest first
            self.direct.setdefault(article.column, []).append(article)
            parts = article.column.split("/")
            for depth in range(1, len(parts) + 1):
                self._subtrees.setdefault("/".join(parts[:depth]), []).append(article)
        self.all = articles

    def subtree(self, path: str, limit: int | None = None) -> list[ArticleView]:
        found = self._subtrees.get(path, [])
        return found[:limit] if limit else list(found)


def plan(
    columns: dict[str, ColumnView],
    catalogue: Catalogue,
    page_size: int,
    notices: Sequence[ArticleView] = (),
    data: dict[str, dict[str, Any]] | None = None,
) -> list[PageJob]:
    jobs = [_home(columns, catalogue)]
    for column in columns.values():
        jobs.extend(_column_pages(column, columns, catalogue, page_size, (data or {}).get(column.path)))
    jobs.extend(_article_page(a, columns) for a in catalogue.all)
    jobs.extend(_notice_page(a, columns) for a in notices)
    jobs.append(_directory(catalogue, columns))
    jobs.append(_simple(routes.SITEMAP_PAGE, "sitemap.html", "网站地图"))
    jobs.append(_simple(routes.SEARCH, "search.html", "站内搜索"))
    jobs.append(_simple(routes.CONTACT, "contact.html", "联系我们"))
    jobs.append(_simple(routes.NOT_FOUND, "404.html", "页面未找到"))
    return jobs


def _base(out: str, title: str, crumbs: list[Any], channel: str | None = None) -> dict[str, Any]:
    return {
        "page": out,
        "root": routes.root_prefix(out),
        "title": title,
        "crumbs": crumbs,
        "channel": channel,
        "meta": [],
        "feed": None,
    }


class _Chains:
    """The column chains of the one `columns` dict being planned (held, so never confused with another)."""

    columns: dict[str, ColumnView] | None = None
    chains: dict[str, list[tuple[str, str]]] = {}  # noqa: RUF012 - replaced, never shared between dicts


def _crumbs(columns: dict[str, ColumnView], path: str) -> list[tuple[str, str]]:
    """The column chain of `path` (a new list each time), computed once per column of `columns`."""
    if _Chains.columns is not columns:
        _Chains.columns, _Chains.chains = columns, {}
    chains = _Chains.chains
    chain = chains.get(path)
    if chain is None:
        chain, parts = [], path.split("/")
        for i in range(1, len(parts) + 1):
            column = columns[("/".join(parts[:i]))]
            chain.append((column.title, column.url))
        chains[path] = chain
    return list(chain)


def _column_meta(column: ColumnView) -> list[tuple[str, str]]:
    meta = [
        ("ColumnName", column.title),
        ("ColumnDescription", column.description),
        ("ColumnKeywords", column.keywords),
    ]
    if column.type:
        meta.append(("ColumnType", column.type))
    return meta


def _home(columns: dict[str, ColumnView], catalogue: Catalogue) -> PageJob:
    ctx = _base(routes.HOME, "首页", [])
    ctx["latest"] = catalogue.all[:LATEST_ITEMS]
    ctx["blocks"] = [(c, catalogue.subtree(c.path, HOME_ITEMS)) for c in columns.values() if c.parent is None]
    ctx["feed"] = routes.FEED
    return PageJob(routes.HOME, "home.html", ctx)


def _column_pages(
    column: ColumnView,
    columns: dict[str, ColumnView],
    catalogue: Catalogue,
    page_size: int,
    data: dict[str, Any] | None = None,
) -> list[PageJob]:
    own = catalogue.direct.get(column.path, [])
    pages = max(1, -(-len(own) // page_size))
    channel = column.path.split("/")[0]
    jobs = []
    for number in range(1, pages + 1):
        out = routes.column_page(column.path, number)
        title = column.title if number == 1 else f"{column.title}（第 {number} 页）"
        ctx = _base(out, title, _crumbs(columns, column.path), channel)
        ctx.update(
            column=column,
            items=own[(number - 1) * page_size : number * page_size],
            number=number,
            pages=pages,
            page_urls=[routes.column_page(column.path, n) for n in range(1, pages + 1)],
            children=[(columns[k], catalogue.subtree(k, CHILD_ITEMS)) for k in column.children] if number == 1 else [],
            compact=len(column.children) >= DIRECTORY_FROM,
            data=data if number == 1 else None,
        )
        ctx["meta"] = _column_meta(column)
        ctx["feed"] = routes.channel_feed(channel)
        jobs.append(PageJob(out, "column.html", ctx))
    return jobs


def _article_context(article: ArticleView, columns: dict[str, ColumnView]) -> dict[str, Any]:
    """What an article's page and its notice share: the frame, the crumbs, the article and its column."""
    ctx = _base(
        article.url,
        article.title,
        [*_crumbs(columns, article.column), (article.title, None)],
        article.column.split("/")[0],
    )
    ctx.update(article=article, column=columns[article.column])
    return ctx


def _article_page(article: ArticleView, columns: dict[str, ColumnView]) -> PageJob:
    ctx = _article_context(article, columns)
    ctx["meta"] = [
        ("ArticleTitle", article.title),
        ("PubDate", article.pubdate),
        ("ContentSource", article.unit),
        *_column_meta(ctx["column"]),
    ]
    if article.summary:
        ctx["meta"].append(("description", article.summary))
    return PageJob(article.url, "article.html", ctx, markdown=True)


def _notice_page(article: ArticleView, columns: dict[str, ColumnView]) -> PageJob:
    """The withdrawal or takedown notice at the article's URL: no body, no attachments, not indexed."""
    ctx = _article_context(article, columns)
    ctx["meta"] = [("ArticleTitle", article.title), ("PubDate", article.pubdate), ("robots", "noindex")]
    return PageJob(article.url, "notice.html", ctx)


def _directory(catalogue: Catalogue, columns: dict[str, ColumnView]) -> PageJob:
    ctx = _base(routes.DIRECTORY, "政府信息公开目录", [("政府信息公开目录", None)])
    disclosed = [a for a in catalogue.all if a.disclosure is not None]
    topics: dict[str, list[ArticleView]] = {}
    for article, block in sorted(((a, a.disclosure) for a in disclosed if a.disclosure), key=_by_topic):
        topics.setdefault(block.topic or "其他", []).append(article)
    ctx["topics"] = sorted(topics.items())
    ctx["count"] = len(disclosed)
    return PageJob(routes.DIRECTORY, "directory.html", ctx)


def _by_topic(pair: tuple[ArticleView, Disclosure]) -> tuple[str, str]:
    return pair[1].topic, pair[1].index_no


def _simple(out: str, template: str, title: str) -> PageJob:
    return PageJob(out, template, _base(out, title, [(title, None)]))
