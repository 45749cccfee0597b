"""The publishable view of the site: plain, picklable data for the templates.

Only what a visitor may see is copied here. The approval form (who submitted,
reviewed and approved) and anything from departments.yaml except unit names
never reach a template (第十九条), so no template can leak them by mistake.
"""

from __future__ import annotations

import datetime as dt
import operator
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.article import Article, attachment_titles
from generator.attachments import ATTACHMENT_TYPES
from generator.form import COLUMN_KINDS
from generator.maps import ColumnKind, Columns, SiteSettings
from generator.site import routes
from generator.site.dataviews import Release

WITHDRAWN = ("失效", "废止")  # validity values that get a clear mark on the page

DATA_TYPES = {".csv": "CSV 数据"}  # only data columns may hold one (DT rules); published for download


@dataclass(frozen=True, slots=True)
class SiteView:
    name: str
    domain: str
    base_url: str
    id_code: str
    host: str
    contact: dict[str, Any]
    icp: dict[str, Any]
    police: dict[str, Any]
    today: str
    year: int
    logo: dict[str, Any] | None = None
    conac: dict[str, Any] | None = None
    operator: str | None = None
    error_report: str | None = None
    links: tuple[dict[str, Any], ...] = ()
    services: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class ColumnView:
    path: str
    title: str
    kind: ColumnKind
    type: str | None
    description: str
    keywords: str
    parent: str | None
    children: tuple[str, ...]
    url: str
    website: str | None = None
    dataset: str | None = None


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str  # what the reader sees: the body's link text for the file, else its file name
    url: str
    kind: str
    size: str
    source: str  # absolute path of the file to copy


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Notice:
    """Why an article's page shows a notice instead of its text."""

    kind: str  # withdrawn | takedown
    date: str
    reason: str


@dataclass(frozen=True, slots=True)
class Correction:
    date: str
    note: str


@dataclass(frozen=True, slots=True)
class ConsultationResult:
    date: str
    comments: int
    adopted: str
    not_adopted: str


@dataclass(frozen=True, slots=True)
class Disclosure:
    index_no: str
    doc_no: str
    issuer: str
    topic: str
    written: str
    validity: str
    since: str = ""  # validity_since: 失效/废止/部分失效 since this day
    successor: Link | None = None  # superseded_by
    predecessors: tuple[Link, ...] = ()  # the documents this one replaces

    @property
    def withdrawn(self) -> bool:
        return self.validity in WITHDRAWN


@dataclass(frozen=True, slots=True)
class Consultation:
    opens: str
    closes: str
    feedback: str
    status: str  # upcoming | open | closed (on the build date; the reader's browser recomputes it)
    days_left: int
    result: ConsultationResult | None = None


@dataclass(frozen=True, slots=True)
class ArticleView:
    url: str  # output path, relative to the site root
    source: str  # content/... path, for error messages
    column: str
    title: str
    date: str
    pubdate: str  # the norms' PubDate: the date only (a time of day is not recorded, so none is invented)
    unit: str  # 来源 and ContentSource: the 发布机构 of a disclosure, else the unit's full name
    summary: str
    body_file: str  # where the checked Markdown is; the worker reads and renders it
    digest: str  # sha1 of that file as checked: a page depends on it, not on the text
    disclosure: Disclosure | None
    consultation: Consultation | None
    attachments: tuple[Attachment, ...] = field(default=())
    release: Release | None = None  # a data column's companion: its approved CSV
    notice: Notice | None = None  # withdrawn or taken down: the page is a notice
    corrections: tuple[Correction, ...] = ()
    interpretation: Link | None = None  # on a policy: its 解读
    interprets: Link | None = None  # on a 解读: its policy


def site_view(settings: SiteSettings, today: dt.date) -> SiteView:
    return SiteView(
        settings.name,
        settings.domain,
        settings.base_url,
        settings.id_code,
        settings.host,
        dict(settings.contact or {}),
        dict(settings.icp or {}),
        dict(settings.police or {}),
        today.isoformat(),
        today.year,
        settings.logo,
        settings.conac,
        settings.operator,
        settings.error_report,
        tuple(settings.links),
        tuple(settings.services),
    )


def column_views(columns: Columns) -> dict[str, ColumnView]:
    views = {}
    for col in columns:
        kids = tuple(c.path for c in columns.children(col.path))
        views[col.path] = ColumnView(
            col.path,
            col.title,
            col.kind,
            col.type or _default_type(col.kind),
            col.description or col.title,
            ",".join(col.keywords) or col.title,
            col.parent,
            kids,
            routes.column_page(col.path),
            col.website,
            col.dataset,
        )
    return views


def _default_type(kind: ColumnKind) -> str | None:
    block = COLUMN_KINDS[kind]
    return block.column_type if block else None


def full_unit_names(units: Iterable[Any], host: str) -> dict[str, str]:
    """Unit id -> the name a reader recognises: 纳税服务司 is shown as 国家税务总局纳税服务司."""
    return {u.id: u.name if u.name.startswith(host) else f"{host}{u.name}" for u in units}


class Folders:
    """Which folders of the tree exist, by listing each parent once (os.scandir) instead of one stat per article:
    a build asks for every article's attachment folder, and most articles have none."""

    def __init__(self, root: Path | str):
        self.root = str(root)
        self.listed: dict[str, frozenset[str]] = {}

    def isdir(self, rel: str) -> bool:
        parent, _, name = rel.rpartition("/")
        found = self.listed.get(parent)
        if found is None:
            try:
                with os.scandir(os.path.join(self.root, parent)) as entries:
                    found = frozenset(e.name for e in entries if e.is_dir())  # follows links, as os.path.isdir
            except OSError:
                found = frozenset()
            self.listed[parent] = found
        return name in found

    def files(self, rel: str) -> list[tuple[str, ...]]:
        """The files in folder `rel` and below (a file as its path's parts from there), hidden ones left out."""
        if not self.isdir(rel):  # most articles have none
            return []
        folder = os.path.join(self.root, rel)
        names = []
        # Plain strings, no Path objects: this runs for every article with attachments at every build.
        for parent, _folders, files in os.walk(folder):
            inside = os.path.relpath(parent, folder)
            for name in files:
                if not name.startswith(".") and os.path.isfile(os.path.join(parent, name)):
                    names.append((name,) if inside == "." else (*inside.split(os.sep), name))
        return names


class Listed(Folders):
    """Folders as the check's walk of content/ found them (`files`: the regular files it listed, Site.files): the
    1,600 attachment folders of a large site are not walked again, nor their files looked at one by one."""

    def __init__(self, root: Path | str, files: Iterable[str], articles: Iterable[Article]):
        super().__init__(root)
        folders = {a.rel_path[:-3] for a in articles}
        self.found: dict[str, list[tuple[str, ...]]] = {}
        for rel in files:
            if rel.rpartition("/")[2].startswith("."):
                continue
            cut = rel.rfind("/")
            while cut > 0:  # every article folder above the file, as a walk of each would find it
                folder = rel[:cut]
                if folder in folders:
                    self.found.setdefault(folder, []).append(tuple(rel[cut + 1 :].split("/")))
                cut = rel.rfind("/", 0, cut)

    def files(self, rel: str) -> list[tuple[str, ...]]:
        return self.found.get(rel, [])


def article_view(
    article: Article, root: Path, unit_names: dict[str, str], today: dt.date, folders: Folders | None = None
) -> ArticleView:
    """`folders`: one Folders of `root` for the many articles of a build."""
    assert article.source is not None, "builds read the working tree, so every article has a file"
    disclosure = _disclosure(article.disclosure)
    return ArticleView(
        url=routes.article_page(article.column, article.slug),
        source=article.rel_path,
        column=article.column,
        title=article.title,
        date=article.date.isoformat(),
        pubdate=article.date.isoformat(),
        unit=(disclosure.issuer if disclosure and disclosure.issuer else unit_names.get(article.unit, "")),
        summary=article.summary or "",
        body_file=article.source,
        digest=article.digest,
        disclosure=disclosure,
        consultation=_consultation(article.consultation, today),
        attachments=_attachments(article, root, folders),
        release=_release(article, root),
    )


def _release(article: Article, root: Path) -> Release | None:
    data = getattr(article, "data", None)
    if not data:
        return None
    return Release(
        article.column,
        article.date.isoformat(),
        str(root / article.rel_path[:-3] / data["file"]),
        data["sha256"],
        routes.attachment(article.column, article.slug, data["file"]),
        data.get("sample") == "是",
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _disclosure(block: dict[str, Any] | None) -> Disclosure | None:
    if not block:
        return None
    index_no, doc_no, issuer, topic, written, validity = (
        _text(block.get(k)) for k in ("index_no", "doc_no", "issuer", "topic", "written", "validity")
    )
    return Disclosure(index_no, doc_no, issuer, topic, written, validity)


def _consultation(block: dict[str, Any] | None, today: dt.date) -> Consultation | None:
    if not block:
        return None
    opens, closes = block.get("opens"), block.get("closes")
    if isinstance(opens, dt.date) and today < opens:
        status, left = "upcoming", 0
    elif isinstance(closes, dt.date) and today > closes:
        status, left = "closed", 0
    else:
        status = "open"
        left = (closes - today).days + 1 if isinstance(closes, dt.date) else 0
    return Consultation(_text(opens), _text(closes), _text(block.get("feedback")), status, left)


def _attachments(article: Article, root: Path, folders: Folders | None = None) -> tuple[Attachment, ...]:
    names = (folders or Folders(root)).files(article.rel_path[:-3])
    if not names:  # most articles have none
        return ()
    folder = os.path.join(root, article.rel_path[:-3])
    titles = _link_titles(article)
    found = []
    for parts in sorted(names):  # by path components, as Path objects sort
        name = parts[-1]
        suffix = os.path.splitext(name)[1].lower()
        kind = ATTACHMENT_TYPES.get(suffix) or DATA_TYPES.get(suffix)
        if kind is None:
            continue  # LK rules refuse these before a build; never publish them
        inner = "/".join(parts)
        path = os.path.join(folder, *parts)
        target = routes.attachment(article.column, article.slug, inner)
        title = titles.get(inner) or titles.get(name) or inner
        try:
            size = os.stat(path).st_size
        except (FileNotFoundError, NotADirectoryError):
            continue  # removed since the check listed it (review s24, finding 2): left out, as a walk now would
        found.append(Attachment(title, target, kind, human_size(size), path))
    return tuple(found)


def _link_titles(article: Article) -> dict[str, str]:
    """Attachment file (relative to its folder) -> the text the author linked it with."""
    if article.link_titles is not None:  # found by the check in the very bytes this build publishes
        return article.link_titles
    return attachment_titles(article.slug, article.body or "")


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def newest_first(articles: Iterable[ArticleView]) -> list[ArticleView]:
    """Newest date first, then by URL. Two stable sorts (a reversed sort keeps equal items in order);
    ISO dates (date.isoformat: four-digit years) sort as their text."""
    ordered = sorted(articles, key=operator.attrgetter("url"))
    ordered.sort(key=operator.attrgetter("date"), reverse=True)
    return ordered
