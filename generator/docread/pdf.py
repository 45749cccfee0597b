"""PDF: the text layer of every page, the document information and XMP authors (pypdf).

Encrypted or unreadable files are refused: what cannot be read cannot be vouched for. A PDF
that runs JavaScript or launches actions when opened is refused as a macro-enabled file is.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader

from generator.docread import MACROS, UNSCANNABLE, Extract, Property, Refusal, Segment

_AUTHOR_KEYS = (("/Author", "作者"),)
_TEXT_KEYS = (
    ("/Title", "标题"),
    ("/Subject", "主题"),
    ("/Keywords", "关键词"),
    ("/Creator", "创建程序"),
    ("/Producer", "生成程序"),
)
_ACTIVE = ("/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/RichMedia")
_CLEAR_HINT = "请用 PDF 阅读器的“文件 → 属性 → 说明”清空作者，或从 Word/WPS 清除个人信息后重新导出 PDF。"


def read(data: bytes) -> Extract:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged xref is reported by us, not logged
    out = Extract(kind="pdf")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            out.refusals.append(
                Refusal(
                    UNSCANNABLE,
                    "PDF 已加密（设置了打开或权限密码），无法检查其内容，不能上网：请去掉密码后重新导出再上传。",
                )
            )
            return out
        active = _active_content(reader)
        if active:
            out.refusals.append(
                Refusal(
                    MACROS,
                    f"PDF 含有打开时会执行的内容或内嵌文件（{active}），不能上网：请用“打印为 PDF”或从原文档重新导出。",
                )
            )
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            annotations = _annotation_text(page)
            if annotations:
                text = f"{text}\n{annotations}"
            out.segments.append(Segment(f"第 {number} 页", text, number))
        _metadata(reader, out)
        bookmarks = _outline_titles(reader.outline)
        if bookmarks:
            out.segments.append(Segment("书签", "\n".join(bookmarks)))
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OSError) as exc:
        out.segments.clear()
        out.refusals.append(
            Refusal(
                UNSCANNABLE,
                f"PDF 文件已损坏或格式异常，无法读取全部内容（{type(exc).__name__}），不能上网：请重新导出 PDF 再上传。",
            )
        )
    return out


def _active_content(reader: PdfReader) -> str:
    """The names of active features the document catalogue declares (JavaScript, launch actions, embedded files)."""
    root = reader.trailer.get("/Root")
    root = root.get_object() if root is not None else {}
    found = []
    names = root.get("/Names")
    names = names.get_object() if names is not None else {}
    for key in ("/JavaScript", "/EmbeddedFiles"):
        if key in names:
            found.append(key[1:])
    action = root.get("/OpenAction")
    action = action.get_object() if action is not None else None
    if isinstance(action, dict) and action.get("/S") in ("/JavaScript", "/Launch"):
        found.append(str(action.get("/S"))[1:])
    if "/AA" in root:
        found.append("AA")
    return "、".join(found)


def _annotation_text(page: PageObject) -> str:
    """Comments, notes and link targets of a page: published with it."""
    annots = page.get("/Annots")
    if annots is None:
        return ""
    parts = []
    for ref in annots.get_object():
        annot = ref.get_object()
        for key in ("/Contents", "/T"):
            if annot.get(key):
                parts.append(str(annot[key]))
        action = annot.get("/A")
        action = action.get_object() if action is not None else None
        if isinstance(action, dict) and action.get("/URI"):
            parts.append(str(action["/URI"]))
    return "\n".join(parts)


def _outline_titles(outline: Any, depth: int = 0) -> list[str]:
    """Bookmark titles, however nested (a reader's side panel shows them)."""
    titles: list[str] = []
    for item in outline if depth < 32 else ():
        if isinstance(item, list):
            titles += _outline_titles(item, depth + 1)
        elif getattr(item, "title", None):
            titles.append(str(item.title))
    return titles


def _metadata(reader: PdfReader, out: Extract) -> None:
    info: Any = reader.metadata or {}
    texts = []
    for key, label in _AUTHOR_KEYS:
        value = info.get(key)
        if value:
            out.people.append(Property(label, str(value)))
    for key, label in _TEXT_KEYS:
        value = info.get(key)
        if value:
            texts.append(f"{label}：{value}")
    for creator in _xmp_creators(reader):
        out.people.append(Property("作者（XMP）", creator))
    if texts:
        out.segments.append(Segment("文档属性", "\n".join(texts)))


def _xmp_creators(reader: PdfReader) -> list[str]:
    """dc:creator of the XMP packet, parsed with defusedxml (pypdf's own XMP reader is not hardened)."""
    from generator.docread import xmlsafe

    root: Any = reader.trailer["/Root"].get_object()
    stream = root.get("/Metadata")
    if stream is None:
        return []
    tree = xmlsafe.parse(stream.get_object().get_data())
    if tree is None:
        return []
    creators: list[str] = []
    for element in tree.iter(f"{{{_DC}}}creator"):
        creators.extend(t.strip() for t in element.itertext() if t.strip())
    return creators


_DC = "http://purl.org/dc/elements/1.1/"
CLEAR_HINT = _CLEAR_HINT
