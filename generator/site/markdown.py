"""The one Markdown interface of the site: article body text in, safe HTML out.

CommonMark with tables. Raw HTML is off, so any tag an author types is shown
escaped, never executed (the SE rules refuse it before a build anyway). The
shallowest body heading becomes <h2>, because the page's <h1> is the article title;
headings h2–h4 get anchors. Links to other articles are written as relative `.md`
paths in the repository; each article page sits where its file sits
(content/a/b.md -> a/b.html), so swapping the suffix is all it takes.

Two engines sit behind `render`: markdown-it-pyrs (the Rust port of markdown-it,
about ten times faster: benchmarks/README.md) when it is installed, and
markdown-it-py otherwise. Both parse with the same rule set and share the same
finishing pass over their HTML, so their output is identical (tests prove it).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

# CommonMark without the two raw-HTML rules, plus tables (benchmarks/markdown_engines.py uses it too).
RULES: list[Any] = [  # names of markdown-it rules (a Literal set in its stubs)
    "blockquote",
    "code",
    "fence",
    "heading",
    "hr",
    "lheading",
    "list",
    "paragraph",
    "reference",
    "autolink",
    "backticks",
    "emphasis",
    "entity",
    "escape",
    "image",
    "link",
    "newline",
    "table",
]
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
_HREF = re.compile(r'<a href="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")
_TABLE_OPEN = '<div class="table-wrap" role="region" aria-label="表格" tabindex="0">\n<table>\n'


def render(text: str) -> str:
    return _finish(_engine()(text))


def render_reference(text: str) -> str:
    """The pure-Python engine, whatever is installed: the yardstick of the fast one."""
    return _finish(_markdown_it_py()(text))


def engine_name() -> str:
    return _engine_and_name()[1]


def rust_engine() -> Callable[[str], str]:
    """markdown-it-pyrs with RULES, unfinished; ImportError where it is not installed."""
    from markdown_it_pyrs import MarkdownIt as RustMarkdownIt

    render: Callable[[str], str] = RustMarkdownIt("zero").enable_many(RULES).render
    return render


def _engine() -> Callable[[str], str]:
    return _engine_and_name()[0]


@lru_cache(maxsize=1)
def _engine_and_name() -> tuple[Callable[[str], str], str]:
    """The engine and its name (a build that renders nothing asks only the name: the pure-Python engine,
    a tenth of a second to set up, is then not made for nothing)."""
    try:
        return rust_engine(), "markdown-it-pyrs"
    except ImportError:
        return _markdown_it_py(), "markdown-it-py"


@lru_cache(maxsize=1)
def _markdown_it_py() -> Callable[[str], str]:
    from markdown_it import MarkdownIt

    return MarkdownIt("zero", {"html": False, "xhtmlOut": True}).enable(RULES).render


def _finish(body: str) -> str:
    body = _headings(body)
    if "<a " in body:
        body = _HREF.sub(lambda m: f'<a href="{page_href(m.group(1))}"', body)
    if "<table>" in body:
        body = body.replace("<table>\n", _TABLE_OPEN).replace("</table>\n", "</table>\n</div>\n")
    return body


def _headings(body: str) -> str:
    levels = [int(level) for level in re.findall(r"<h([1-6])>", body)]
    if not levels:
        return body
    shift = max(0, 2 - min(levels))
    slugs: set[str] = set()

    def rewrite(m: re.Match[str]) -> str:
        level = min(int(m.group(1)) + shift, 6)
        if not 2 <= level <= 4:
            return f"<h{level}>{m.group(2)}</h{level}>"
        slug = _unique(_slug(html.unescape(_TAG.sub("", m.group(2)))), slugs)
        return f'<h{level} id="{html.escape(slug)}">{m.group(2)}</h{level}>'

    return _HEADING.sub(rewrite, body)


def _slug(title: str) -> str:
    # \w keeps Chinese characters; an id must never be empty.
    slug = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
    return f"h-{slug}" if slug else "h-section"


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 1
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def page_href(href: str) -> str:
    """`../a/b.md#x` -> `../a/b.html#x`; other links unchanged."""
    if _SCHEME.match(href) or href.startswith(("/", "#")):
        return href
    cut = min((i for i in (href.find("#"), href.find("?")) if i >= 0), default=len(href))
    path, rest = href[:cut], href[cut:]
    if path.lower().endswith(".md"):
        return path[:-3] + ".html" + rest
    return href
