"""The one Markdown interface of the site: article body text in, safe HTML out.

CommonMark with tables. Raw HTML is off, so any tag an author types is shown
escaped, never executed (the SE rules refuse it before a build anyway). The
shallowest body heading becomes <h2>, because the page's <h1> is the article title.
Links to other articles are written as relative `.md` paths in the repository;
each article page sits where its file sits (content/a/b.md -> a/b.html), so
swapping the suffix is all it takes to point at the page.
"""
from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.anchors import anchors_plugin

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def render(text: str) -> str:
    return _parser().render(text)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.core.ruler.push("sitegen_shift_headings", _shift_headings)
    md.core.ruler.push("sitegen_md_links", _rewrite_md_links)
    anchors_plugin(md, min_level=2, max_level=4, slug_func=_slug)
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    return md


def _slug(title: str) -> str:
    # \w keeps Chinese characters; an id must never be empty.
    slug = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
    return f"h-{slug}" if slug else "h-section"


def _shift_headings(state: StateCore) -> None:
    heads = [t for t in state.tokens if t.type in ("heading_open", "heading_close")]
    if not heads:
        return
    shift = max(0, 2 - min(int(t.tag[1]) for t in heads))  # the top body heading becomes <h2>
    for token in heads:
        token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"


def _rewrite_md_links(state: StateCore) -> None:
    for block in state.tokens:
        for token in block.children or ():
            if token.type == "link_open":
                href = token.attrGet("href")
                if isinstance(href, str):
                    token.attrSet("href", page_href(href))


def page_href(href: str) -> str:
    """`../a/b.md#x` -> `../a/b.html#x`; other links unchanged."""
    if _SCHEME.match(href) or href.startswith(("/", "#")):
        return href
    cut = min((i for i in (href.find("#"), href.find("?")) if i >= 0), default=len(href))
    path, rest = href[:cut], href[cut:]
    if path.lower().endswith(".md"):
        return path[:-3] + ".html" + rest
    return href


def _table_open(self, tokens, idx, options, env) -> str:
    # A wide table scrolls inside a focusable region instead of breaking the layout.
    return '<div class="table-wrap" role="region" aria-label="表格" tabindex="0">\n<table>\n'


def _table_close(self, tokens, idx, options, env) -> str:
    return "</table>\n</div>\n"
