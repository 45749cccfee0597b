"""An article: its place in content/, its approval form and its Markdown body."""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import form as fm
from generator import frontmatter, lifecycle
from generator.errors import SitegenError
from generator.problems import Sink
from generator.project import CONTENT
from generator.project import SLUG as SLUG
from generator.schema import validate
from generator.yamlsrc import KeyPath, YamlAliasError, YamlDoc, YamlSyntaxError, YamlTypingError, line_of, load

if TYPE_CHECKING:
    from generator.exemptions import Exemption


@dataclass(kw_only=True)
class Article:
    """One article as the site and the rules see it: where it is, its form's fields and its body."""

    rel_path: str  # e.g. content/xxgk/glbf.md
    column: str
    slug: str
    title: str
    date: dt.date
    unit: str
    summary: str | None
    approval: dict[str, Any]
    disclosure: dict[str, Any] | None
    consultation: dict[str, Any] | None
    body_text: str | None  # None: not kept in memory; read again from `source` when needed
    body_line: int
    lines: dict[KeyPath, int] = field(default_factory=dict, repr=False)  # front-matter key path -> file line
    source: str | None = None  # the file it was read from, when it came from the working tree
    digest: str = ""  # sha1 of the file's bytes: what was checked is what gets rendered
    data: dict[str, Any] | None = None  # a data column's companion: {file, sha256, sample?} of its CSV
    exemptions: tuple[Exemption, ...] = ()  # reviewed false alarms (rules/se.py judges them)
    life: dict[str, Any] = field(default_factory=dict)  # corrections, withdrawal, takedown, interprets, interpretation
    # Attachment file (relative to the article's folder) -> the text the body links it with: kept with the
    # check result (bound to the same bytes), so that a build need not read the body again for its page's list.
    link_titles: dict[str, str] | None = None

    @property
    def body(self) -> str:
        if self.body_text is None:
            self.body_text = _reload_body(self)
        return self.body_text

    def without_body(self) -> Article:
        """A light copy for caches and for passing between processes."""
        # The line map only serves the checks, which are done by now.
        return replace(self, body_text=None, lines={}) if self.source else self

    def line(self, *path: Any) -> int:
        return line_of(self.lines, path)


class Parsed:
    """What could be read of a file, even when the form is incomplete (filled in by `parse`).

    A plain class (a dataclass costs about a millisecond to create, at every start of the pre-commit hook).
    """

    __slots__ = ("article", "body", "body_line", "column", "doc", "fields", "line_offset", "rel_path", "slug")

    def __init__(self, rel_path: str, column: str, slug: str) -> None:
        self.rel_path = rel_path
        self.column = column
        self.slug = slug
        self.body: str | None = None
        self.body_line = 1
        self.fields: dict[str, Any] = {}
        self.doc: YamlDoc | None = None
        self.line_offset = 0
        self.article: Article | None = None

    def line(self, *path: Any) -> int:
        return (self.doc.line(*path) + self.line_offset) if self.doc else 1


def place(rel_path: str) -> tuple[str, str]:
    """(column path, slug) of content/<column>/<slug>.md."""
    inner = rel_path[len(CONTENT) + 1 :]
    folder, name = posixpath.split(inner)
    return folder, name.removesuffix(".md")


def file_digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def _reload_body(article: Article) -> str:
    assert article.source is not None, "only an article read from the working tree drops its body"
    return read_body(article.source, article.digest, article.rel_path)


def read_body(source: str, digest: str, rel_path: str) -> str:
    """The Markdown body of a checked file, refusing bytes other than the ones checked."""
    data = Path(source).read_bytes()
    if file_digest(data) != digest:
        raise SitegenError(f"{rel_path} 在检查之后被修改了，请重新运行。")
    return frontmatter.split(frontmatter.decode(data)).body


def parse(rel_path: str, data: bytes, sink: Sink, source: str | None = None) -> Parsed:
    column, slug = place(rel_path)
    parsed = Parsed(rel_path, column, slug)
    if not SLUG.fullmatch(slug):
        sink.add(
            fm.BAD_SLUG,
            1,
            f"文件名 {slug}.md 不合规：只能用小写英文字母、数字和“-”，并以字母或数字开头，例如 2026-nsfw-notice.md。",
        )
    if len(data) > frontmatter.MAX_BYTES:
        sink.add(
            fm.TOO_LARGE,
            1,
            f"文件有 {len(data) / 1048576:.1f} MiB，超过 1 MiB 上限；请精简正文，或把大段材料作为附件（PDF/OFD）上传。",
        )
        return parsed
    try:
        text = frontmatter.decode(data)
    except frontmatter.DecodeError as exc:
        hint = (
            "文件是 UTF-16 编码"
            if exc.detail == "UTF-16"
            else f"第 {exc.line} 行有无法按 UTF-8 解读的内容（{exc.detail}）"
        )
        sink.add(fm.NOT_UTF8, exc.line, f"{hint}；请在编辑器中选择“UTF-8”编码另存此文件。")
        return parsed
    split = frontmatter.split(text)
    parsed.body, parsed.body_line = split.body, split.body_line
    if split.yaml_text is None:
        sink.add(
            fm.NO_FRONT_MATTER,
            1,
            "文件开头缺少审批单（front matter）：第一行应为 ---，随后是 title、date、unit、approval 等字段，再以 --- 结束。可用 sitegen new 生成。",
        )
        return parsed
    if not split.closed:
        sink.add(fm.NO_FRONT_MATTER, 1, "审批单（front matter）没有结束：请在字段之后单独写一行 ---，再写正文。")
        return parsed
    offset = split.yaml_first_line - 1
    try:
        doc = load(split.yaml_text)
    except YamlAliasError as exc:
        sink.add(fm.ALIAS, exc.line + offset, "审批单中不允许使用 YAML 锚点和别名（& 与 *），请把每个值直接写出来。")
        return parsed
    except YamlTypingError as exc:
        sink.add(fm.YAML_SYNTAX, exc.line + offset, f"审批单 YAML 语法错误：{exc.detail}。")
        return parsed
    except YamlSyntaxError as exc:
        sink.add(
            fm.YAML_SYNTAX,
            exc.line + offset,
            f"审批单 YAML 语法错误：{exc.detail}。请检查冒号后是否有空格、缩进是否对齐、引号是否成对。",
        )
        return parsed
    parsed.doc, parsed.line_offset = doc, offset
    for path, line in doc.duplicates:
        sink.add(fm.DUPLICATE_KEY, line + offset, f"字段 {'.'.join(map(str, path))} 出现了两次，请只保留一处。")
    if not isinstance(doc.value, dict):
        sink.add(
            fm.NOT_MAPPING, doc.line() + offset, "审批单应由“字段: 值”组成（例如 title: 标题），现在不是这种形式。"
        )
        return parsed
    parsed.fields = _validate_form(doc, sink, offset)
    parsed.article = _article(parsed, doc, offset, source, data)
    return parsed


def _validate_form(doc: YamlDoc, sink: Sink, offset: int) -> dict[str, Any]:
    fields = validate(doc.value, fm.ARTICLE_FIELDS, doc, (), sink, fm.CODES, offset)
    blocks = {
        "approval": fm.APPROVAL_FIELDS,
        **{block.key: block.fields for block in fm.BLOCKS},
        "data": fm.DATA_FIELDS,
    }
    for key, schema in blocks.items():
        if key in fields:
            fields[key] = validate(fields[key], schema, doc, (key,), sink, fm.CODES, offset)
    _validate_lifecycle(fields, doc, sink, offset)
    return fields


def _validate_lifecycle(fields: dict[str, Any], doc: YamlDoc, sink: Sink, offset: int) -> None:
    """The blocks of generator/lifecycle.py: withdrawal, takedown, corrections, consultation.result."""
    for key, schema in lifecycle.BLOCK_FIELDS.items():
        if key in fields:
            fields[key] = validate(fields[key], schema, doc, (key,), sink, fm.CODES, offset)
    if "corrections" in fields:
        fields["corrections"] = [
            validate(item, lifecycle.CORRECTION_FIELDS, doc, ("corrections", i), sink, fm.CODES, offset)
            for i, item in enumerate(fields["corrections"])
        ]
    consultation = fields.get("consultation")
    if isinstance(consultation, dict) and "result" in consultation:
        consultation["result"] = validate(
            consultation["result"], lifecycle.RESULT_FIELDS, doc, ("consultation", "result"), sink, fm.CODES, offset
        )


def _article(parsed: Parsed, doc: YamlDoc, offset: int, source: str | None, data: bytes) -> Article | None:
    f = parsed.fields
    if not all(k in f for k in ("title", "date", "unit", "approval")):
        return None
    lines = {path: line + offset for path, line in doc.lines.items()}
    return Article(
        rel_path=parsed.rel_path,
        column=parsed.column,
        slug=parsed.slug,
        title=f["title"],
        date=f["date"],
        unit=f["unit"],
        summary=f.get("summary"),
        approval=f["approval"],
        disclosure=f.get("disclosure"),
        consultation=f.get("consultation"),
        body_text=parsed.body or "",
        body_line=parsed.body_line,
        lines=lines,
        source=source,
        digest=file_digest(data),
        data=f.get("data"),
        exemptions=_exemptions(f.get("exemptions"), parsed),
        life={k: f[k] for k in lifecycle.ARTICLE_FIELDS if k in f},
        link_titles=attachment_titles(parsed.slug, parsed.body or ""),
    )


def _exemptions(value: Any, parsed: Parsed) -> tuple[Exemption, ...]:
    if value is None:
        return ()  # nearly every article
    # Imported here: a result read back from the check cache needs neither it nor the text folding it uses.
    from generator import exemptions

    return tuple(exemptions.read(value, parsed.line)[0])


# The destination stops at "(" too: otherwise each of n unclosed "[a](" scans to the end of the line, n²
# in all. (A destination with ")" never matched, so names with parentheses lose nothing more.)
_LINK = re.compile(r"(?<!!)\[([^\[\]\n]+)\]\(\s*<?([^\s()>]+)>?\s*\)")


def attachment_titles(slug: str, body: str) -> dict[str, str]:
    """Attachment file (relative to its folder) -> the text the author linked it with (the first link)."""
    from urllib.parse import unquote  # here: a result read back from the check cache does not need it

    prefix = slug + "/"
    titles: dict[str, str] = {}
    for text, dest in _LINK.findall(body):
        dest = unquote(dest.split("#", 1)[0])
        if dest.startswith(prefix):
            titles.setdefault(dest[len(prefix) :], text.strip())
    return titles
