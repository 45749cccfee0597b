"""The built site as an inspector's crawler sees it: broken internal links, missing
attachments, and the footer items and meta tags every page must carry.

Read with regular expressions over each page (no DOM): the pages are our own output,
and a crawl of tens of thousands of pages must stay within seconds.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.attachments import ATTACHMENT_TYPES
from generator.maps import SiteSettings

_LINK = re.compile(r"""\s(?:href|src)\s*=\s*["']([^"'<>]*)["']""", re.IGNORECASE)
_META = re.compile(r"""<meta\s+name=["']([A-Za-z]+)["']\s+content=["']([^"']*)["']""", re.IGNORECASE)
_BASE = re.compile(r"""<base\s+href=["']([^"']*)["']""", re.IGNORECASE)
# What an inspector counts as a broken attachment: sitegen's own types, and office formats it refuses
# (a hand-written link in a template could still point at one).
DOCUMENT_SUFFIXES = (*ATTACHMENT_TYPES, ".wps", ".et", ".zip", ".rar")
SITE_META = ("SiteName", "SiteDomain", "SiteIDCode")
ARTICLE_META = ("ColumnName", "ArticleTitle", "PubDate", "ContentSource")


@dataclass(frozen=True)
class PageProblem:
    page: str
    kind: str  # link | attachment | footer | meta
    detail: str


def scan(site: Path, settings: SiteSettings | None) -> tuple[int, list[PageProblem]]:
    files = _files(site)
    pages = sorted(f for f in files if f.endswith(".html"))
    base_path = urlsplit(settings.base_url).path if settings else "/"
    footer = _footer_items(settings)
    problems: list[PageProblem] = []
    for page in pages:
        text = (site / page).read_text(encoding="utf-8", errors="replace")
        problems += _links(page, text, files, base_path)
        problems += _footer(page, text, footer)
        problems += _meta(page, text)
    return len(pages), problems


def _files(site: Path) -> set[str]:
    found = set()
    for folder, _dirs, names in os.walk(site):
        rel = Path(folder).relative_to(site).as_posix()
        for name in names:
            found.add(name if rel == "." else f"{rel}/{name}")
    return found


def _links(page: str, text: str, files: set[str], base_path: str) -> list[PageProblem]:
    base = _BASE.search(text)
    folder = posixpath.dirname(page)
    if base:
        folder = posixpath.relpath(urlsplit(base.group(1)).path or "/", base_path or "/").strip(".") or ""
    out = []
    seen = set()
    for raw in _LINK.findall(text):
        parts = urlsplit(raw.strip())
        if parts.scheme or parts.netloc or not parts.path or raw.startswith(("#", "mailto:", "tel:")):
            continue
        path = unquote(parts.path)
        target = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path))
        if path.endswith("/"):
            target = posixpath.join(target, "index.html") if target != "." else "index.html"
        if target in seen:
            continue
        seen.add(target)
        if target.startswith("..") or target not in files:
            kind = "attachment" if target.lower().endswith(DOCUMENT_SUFFIXES) else "link"
            out.append(PageProblem(page, kind, raw))
    return out


def _footer_items(settings: SiteSettings | None) -> dict[str, str]:
    if settings is None:
        return {}
    return {
        "网站标识码": settings.id_code,
        "ICP 备案号": str(settings.icp.get("number", "")),
        "公安机关备案号": str(settings.police.get("number", "")),
        "主办单位": settings.host,
        "党政机关网站标识": "bszs.conac.cn",
    }


def _footer(page: str, text: str, items: dict[str, str]) -> list[PageProblem]:
    tail = text[text.rfind("<footer") :] if "<footer" in text else ""
    return [PageProblem(page, "footer", name) for name, value in items.items() if value and value not in tail]


def _meta(page: str, text: str) -> list[PageProblem]:
    found = dict(_META.findall(text[: text.find("</head>")]))
    wanted = list(SITE_META)
    if "ArticleTitle" in found:
        wanted += ARTICLE_META
    return [PageProblem(page, "meta", name) for name in wanted if not found.get(name, "").strip()]
