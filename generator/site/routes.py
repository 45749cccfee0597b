"""Where each page goes, and how pages link to each other.

Every link in the site is relative (`root` is "../" once per folder level), so
the site works from any sub-path. An article page sits where its Markdown file
sits (content/a/b.md -> a/b.html) and its attachments folder beside it, which
keeps the authors' relative links valid unchanged.
"""

from __future__ import annotations

from urllib.parse import quote

from generator.project import COLUMN_PAGE_SLUG, RESERVED_OUTPUT

HOME = "index.html"
SEARCH = "search.html"
DIRECTORY = "gkml.html"  # 政府信息公开目录
SITEMAP_PAGE = "wzdt.html"  # 网站地图
NOT_FOUND = "404.html"
CONTACT = "lxwm.html"  # 联系我们
FEED = "feed.xml"
SITEMAP_XML = "sitemap.xml"
ROBOTS = "robots.txt"
STATIC, SEARCH_INDEX = RESERVED_OUTPUT

# Top-level names the generator owns; a column with one of these paths would collide.
RESERVED = set(RESERVED_OUTPUT)


def article_page(column: str, slug: str) -> str:
    return f"{column}/{slug}.html"


def column_page(path: str, page: int = 1) -> str:
    return f"{path}/{COLUMN_PAGE_SLUG}.html" if page == 1 else f"{path}/{COLUMN_PAGE_SLUG}_{page}.html"


def channel_feed(channel: str) -> str:
    return f"{channel}/{FEED}"


def attachment(column: str, slug: str, filename: str) -> str:
    return f"{column}/{slug}/{filename}"


def href(target: str) -> str:
    """A target path made safe for an href (non-ASCII file names are percent-encoded)."""
    return quote(target, safe="/#?=&.-_~")


def root_prefix(page: str) -> str:
    return "../" * page.count("/")


def absolute(base_url: str, target: str) -> str:
    base = base_url if base_url.endswith("/") else base_url + "/"
    return base + href(target)
