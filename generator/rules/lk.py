"""LK: links between articles and to attachments; the attachments themselves."""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from dataclasses import dataclass

from generator.article import Parsed
from generator.attachments import ATTACHMENT_TYPES, MAX_ATTACHMENT
from generator.problems import ERROR, WARNING
from generator.project import CONTENT, is_inside
from generator.rules import Sink, rule
from generator.rules.context import Context

BROKEN_LINK = rule("LK001", ERROR, "站内链接指向不存在的文章或附件")
BAD_TYPE = rule("LK002", ERROR, "附件类型不允许")
ABSOLUTE_LINK = rule("LK003", WARNING, "站内链接使用了以 / 开头的绝对路径")
LEAVES_CONTENT = rule("LK004", ERROR, "链接指向 content/ 之外")
TOO_LARGE = rule("LK005", ERROR, "附件超过大小上限")
ORPHAN = rule("LK006", ERROR, "附件不属于任何文章")

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class LinkRef:
    """An internal link, kept so that its target can be verified against the current tree."""

    line: int
    dest: str
    target: str


def extract(parsed: Parsed, sink: Sink) -> list[LinkRef]:
    """Internal links of the body; reports the ones that are wrong whatever the tree holds."""
    if parsed.body is None:
        return []
    from generator import mdscan  # here: verifying cached links (the usual case) needs no Markdown scan

    masked = mdscan.mask_code(parsed.body)
    folder = posixpath.dirname(parsed.rel_path)
    refs = []
    for offset, dest in mdscan.links(masked):
        line = mdscan.line_at(parsed.body, offset, parsed.body_line)
        if not dest or dest.startswith(("#", "//")) or _SCHEME.match(dest):
            continue
        if dest.startswith("/"):
            sink.add(
                ABSOLUTE_LINK,
                line,
                f"链接 {dest} 以 / 开头：网站可能部署在子目录下，请改用相对路径（例如 ../xxgk/glbf.md）。",
            )
            continue
        path = urllib.parse.unquote(dest.split("#", 1)[0].split("?", 1)[0])
        if not path:
            continue
        target = posixpath.normpath(posixpath.join(folder, path))
        if not is_inside(target, CONTENT) or target == CONTENT:
            sink.add(LEAVES_CONTENT, line, f"链接 {dest} 指向 content/ 之外：只能链接站内文章和附件。")
        else:
            refs.append(LinkRef(line, dest, target))
    return refs


def verify(refs: list[LinkRef], ctx: Context, sink: Sink) -> None:
    for ref in refs:
        if not ctx.tree.exists(ref.target):
            sink.add(
                BROKEN_LINK,
                ref.line,
                f"链接 {ref.dest} 指向的 {ref.target} 不存在：请检查文件名和相对路径（相对于本文所在文件夹）。",
            )


def check_attachment(rel: str, ctx: Context, sink: Sink) -> None:
    suffix = posixpath.splitext(rel)[1].lower()
    if suffix not in ATTACHMENT_TYPES:
        allowed = "、".join(sorted({s.lstrip(".") for s in ATTACHMENT_TYPES}))
        sink.add(BAD_TYPE, 1, f"附件类型 {suffix or '（无扩展名）'} 不允许上网；只允许 {allowed}。")
    size = ctx.tree.size(rel)
    if size > MAX_ATTACHMENT:
        sink.add(
            TOO_LARGE, 1, f"附件有 {size / 1048576:.1f} MiB，超过 {MAX_ATTACHMENT // 1048576} MiB 上限；请压缩或拆分。"
        )
    if owning_article(rel, ctx) is None:
        sink.add(
            ORPHAN,
            1,
            "附件应放在所属文章同名的文件夹中（content/<栏目>/<文章>/附件），但找不到对应的文章 .md；请移动附件或补上文章。",
        )


def owning_article(rel: str, ctx: Context) -> str | None:
    folder = posixpath.dirname(rel)
    while is_inside(folder, CONTENT) and folder != CONTENT:
        if ctx.tree.exists(folder + ".md"):
            return folder + ".md"
        folder = posixpath.dirname(folder)
    return None
