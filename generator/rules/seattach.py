"""SE for attachments: the file name and everything the file itself would publish (第十八、十九条).

The file's text goes through the same scans as an article (rules/sescan.py); a document that
cannot be read completely is refused (unscannable = unpublishable).

Document properties that name a person (author, last modified by, comment and revision authors,
EXIF artist) are *refused*, not stripped at build: the approved file must be the published file
(the reviewer stamps these bytes, and a rewritten DOCX or PDF could be damaged or differ), git
keeps every committed version, so the name would stay in the repository anyway, and the liaison
hears it at commit time, with how to clear it in Word or WPS. Values that name no person pass:
empty ones, tool and account defaults (python-docx, openpyxl, Administrator …), the units of
departments.yaml and the site's own name.
"""

from __future__ import annotations

import bisect
import itertools
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from generator import sescan
from generator.problems import ERROR
from generator.rules import rule
from generator.rules.context import Context
from generator.textfold import fold, fold_key

if TYPE_CHECKING:
    from generator.docread import Extract

UNSCANNABLE = rule("SE008", ERROR, "附件无法完整检查（加密、损坏、压缩炸弹、旧格式、嵌入对象），不能上网")
MACROS = rule("SE009", ERROR, "附件含有宏、ActiveX 或打开时执行的脚本")
PERSONAL_PROPERTY = rule("SE010", ERROR, "附件的文档属性记录了个人（作者、最后修改者、批注或修订作者）（第十九条）")
IMAGE_METADATA = rule("SE011", ERROR, "图片（含文档中的图片）的 EXIF 或 XMP 中记录了拍摄地点（GPS）（第十九条）")
OFD_UNSCANNED = rule("SE012", ERROR, "OFD 附件无法检查内容，且 site.yaml 未允许")

# Author names that name no person; compared folded (built on first use: folding needs the fold table).
_GENERIC_AUTHOR_NAMES = (
    "python-docx",
    "openpyxl",
    "Administrator",
    "admin",
    "user",
    "用户",
    "Microsoft Office User",
    "Microsoft Office 用户",
    "微软用户",
    "Windows User",
    "Windows 用户",
    "Unknown",
    "未知",
    "Author",
    "作者",
    "WPS",
    "WPS_",
)


@lru_cache(maxsize=1)
def _generic_authors() -> frozenset[str]:
    return frozenset(fold_key(v).lower() for v in _GENERIC_AUTHOR_NAMES)


_WORD_HINT = (
    "Word：“文件 → 信息 → 检查问题 → 检查文档 → 文档属性和个人信息 → 全部删除”；"
    "WPS：“文件 → 文档加密 → 隐私保护 → 删除文档中的个人信息”，或在“文件 → 属性 → 摘要”中清空作者；"
    "有批注或修订的，先“接受所有修订”并删除全部批注，再重新保存上传。"
)


@dataclass(frozen=True, slots=True)
class Found:
    """One problem of an attachment, without its path (the cache keeps these, as plain JSON)."""

    rule: str
    line: int
    message: str


def scan_name(rel: str, staff: frozenset[str]) -> list[Found]:
    """The attachment's path is published in its address and, when no link names it, as the link text:
    every folder and the file name are scanned (review s8, C1), as written and with their punctuation
    read as spaces (张三+138+0013+8000.pdf, C2), since a name has no other way to separate words.

    The parts are scanned in one text, a blank line apart (no number or mark runs across one): two scans
    per attachment, not two per folder (every build checks every attachment's name)."""
    parts = rel.split("/")
    stems = [*parts[:-1], posixpath.splitext(parts[-1])[0]]
    ends = list(itertools.accumulate(len(stem) + 2 for stem in stems))  # where each part's text ends, its gap too
    joined = "\n\n".join(stems)
    found, seen = [], set()
    for text in dict.fromkeys((joined.replace("_", " "), _NAME_PUNCTUATION.sub(" ", joined))):
        for f in sescan.scan(text, staff=staff):
            if (f.code, f.text) not in seen:
                seen.add((f.code, f.text))
                shown = "/".join(parts[bisect.bisect_right(ends, f.start) :])  # from the part that holds it on
                found.append(Found(f.code, 1, f"附件文件名“{shown}”中：{f.message}"))
    return found


# Anything in a name but letters, digits, ideographs, line breaks (between the parts) and the @ and . of an
# e-mail address (scanned as written): a separator there.
_NAME_PUNCTUATION = re.compile(r"[^\w@.\n]|_")


def scan_content(rel: str, data: bytes, ctx: Context, staff: frozenset[str]) -> list[Found]:
    allow_ofd = bool(ctx.settings and ctx.settings.allow_unscanned_ofd)
    from generator import docread  # here: most checks read no attachment

    extract = docread.extract(rel, data, allow_unscanned_ofd=allow_ofd)
    found = [Found(r.code, 1, r.message) for r in extract.refusals]
    found.extend(_segments(extract, staff))
    found.extend(_people(extract, ctx))
    return list(dict.fromkeys(found))  # a page read twice (content and visual order) reports a number once


def _segments(extract: Extract, staff: frozenset[str]) -> list[Found]:
    found = []
    for segment in extract.segments:
        text = fold(segment.text)
        line_index, counted = 0, 0
        for finding in sescan.scan(text, staff=staff, folded=text, soft_breaks=False):
            line_index += text.count("\n", counted, finding.start)
            counted = finding.start
            label = segment.labels[line_index] if line_index < len(segment.labels) else ""
            where = f"{segment.where}{label and ' ' + label}"
            found.append(Found(finding.code, segment.page, f"附件{where}：{finding.message}"))
    return found


def _people(extract: Extract, ctx: Context) -> list[Found]:
    if not extract.people:
        return []  # most documents: no unit's names to fold
    allowed = set(_generic_authors())
    if ctx.departments is not None:
        allowed.update(fold_key(u.name).lower() for u in ctx.departments.units.values())
    if ctx.settings is not None:
        allowed.update(fold_key(v).lower() for v in (ctx.settings.name, ctx.settings.host))
    found, seen = [], set()
    for prop in extract.people:
        key = fold_key(prop.value).lower()
        if not key or key in allowed or (prop.label, key) in seen:
            continue
        seen.add((prop.label, key))
        hint = _WORD_HINT if extract.kind in ("docx", "xlsx") else _other_hint(extract.kind)
        found.append(
            Found(
                PERSONAL_PROPERTY.code,
                1,
                f"附件的文档属性“{prop.label}”记录了“{_masked(prop.value)}”：个人信息不得上网（第十九条）。"
                f"请清除后重新上传。{hint}",
            )
        )
    return found


def _other_hint(kind: str) -> str:
    if kind == "pdf":
        return "PDF：在阅读器的“文件 → 属性 → 说明”中清空作者，或在 Word/WPS 中先清除个人信息再导出 PDF。"
    return "图片：右键“属性 → 详细信息 → 删除属性和个人信息”，或另存为不带 EXIF 的图片。"


def _masked(value: str) -> str:
    value = value.strip()
    return value[0] + "*" * min(len(value) - 1, 6) if len(value) > 1 else "*"
