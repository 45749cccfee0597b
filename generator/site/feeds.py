"""Atom feeds: one for the whole site and one per channel, newest first.

Feeds need absolute URLs, so they use site.yaml's base_url. Timestamps come from
the articles' dates only, which keeps two builds of one tree byte-identical.
"""

from __future__ import annotations

from generator.site import routes
from generator.site.sitemap import escape
from generator.site.views import ArticleView, SiteView

FEED_ITEMS = 20


def atom(site: SiteView, title: str, self_path: str, page_path: str, articles: list[ArticleView]) -> bytes:
    items = articles[:FEED_ITEMS]
    updated = _stamp(items[0].date if items else site.today)
    base = site.base_url
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"  <title>{escape(title)}</title>",
        f'  <link rel="self" href="{escape(routes.absolute(base, self_path))}"/>',
        f'  <link rel="alternate" type="text/html" href="{escape(routes.absolute(base, page_path))}"/>',
        f"  <id>{escape(routes.absolute(base, self_path))}</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(site.host)}</name></author>",
    ]
    for article in items:
        url = escape(routes.absolute(base, article.url))
        lines += [
            "  <entry>",
            f"    <title>{escape(article.title)}</title>",
            f'    <link rel="alternate" type="text/html" href="{url}"/>',
            f"    <id>{url}</id>",
            f"    <published>{_stamp(article.date)}</published>",
            f"    <updated>{_stamp(article.date)}</updated>",
        ]
        if article.unit:
            lines.append(f"    <author><name>{escape(article.unit)}</name></author>")
        if article.summary:
            lines.append(f"    <summary>{escape(article.summary)}</summary>")
        lines.append("  </entry>")
    lines.append("</feed>\n")
    return "\n".join(lines).encode("utf-8")


def _stamp(iso_day: str) -> str:
    return f"{iso_day}T00:00:00+08:00"  # publish dates are Beijing days
