"""PDF: everything the file holds that a reader or a tool can show, read with pypdf.

- Every page's text layer in content order, and every line whose pieces are drawn out of visual
  order again in visual order, so characters drawn one by one right to left read as the page shows them.
- Every annotation's strings (comments /Contents, rich text /RC, /T, /Subj, a form field's value
  /V and tooltip /TU …, link targets) and the text of its appearance stream; every form field's
  strings (/V, /DV, /TU, /TM, /Opt) down its /Kids.
- Every key of the document information dictionary, the whole XMP packet (text and attributes), and
  every XMP stream attached to a page or an image.
- Every string of EVERY object in the file, live or not: objects an incremental save replaced
  (a "redaction" that kept the old revision), objects nothing references, signatures, structure
  alt texts. An earlier revision's or an orphan's page content (a stream that shows text) cannot be
  read in page order: its text runs are scanned and the file is refused (SE008) — save it as a
  new file ("另存为", "打印为 PDF") to drop the earlier revisions.
- Refused: encryption; JavaScript, launch and import actions anywhere, additional actions (SE009); embedded files
  anywhere (the /EmbeddedFiles tree, file-attachment annotations, any /EmbeddedFile stream) and
  media annotations (SE009).

Not read: text that exists only as pixels (a scanned page): there is no OCR (docs/secrecy.md).
"""

from __future__ import annotations

import functools
import io
import logging
import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader

from generator.docread import MACROS, UNSCANNABLE, Extract, Property, Refusal, Segment, binstrings, xmlsafe, xmp

_AUTHOR_KEYS = (("/Author", "作者"),)
_INFO_LABELS = {
    "/Title": "标题",
    "/Subject": "主题",
    "/Keywords": "关键词",
    "/Creator": "创建程序",
    "/Producer": "生成程序",
}
_MEDIA_ANNOTATIONS = frozenset({"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"})
_CLEAR_HINT = "请用 PDF 阅读器的“文件 → 属性 → 说明”清空作者，或从 Word/WPS 清除个人信息后重新导出 PDF。"
# An object header "12 0 obj": found by its keyword (a literal search, fast over image data), then the
# two numbers just before it.
_OBJ_NUMBERS = re.compile(rb"(?<![0-9])(\d{1,10})[ \t\r\n\f\x00]{1,16}(\d{1,5})[ \t\r\n\f\x00]{1,16}\Z")
_SHOWS_TEXT = re.compile(rb"[)>\]][ \t\r\n]{0,8}(?:Tj|TJ|'|\")")
_BLANK = re.compile(rb"[ \t\r\n\f\x00]*")
MAX_DEPTH = 32


def read(data: bytes) -> Extract:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    _share_named_encodings()
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
        seen: set[str] = set()
        shown: set[str] = set()  # the pages' lines: a form XObject a page draws is not read twice
        for number, page in enumerate(reader.pages, start=1):
            text, layout = _page_text(page)
            shown.update(line.strip() for line in text.splitlines())
            annotations, media = _annotation_text(page, seen)
            active.extend(media)
            out.segments.append(
                Segment(f"第 {number} 页", "\n".join(x for x in (text, layout, annotations) if x), number)
            )
        fields = _field_text(reader, seen)
        if fields:
            out.segments.append(Segment("表单域", "\n".join(fields)))
        _metadata(reader, out, seen)
        bookmarks = _outline_titles(reader.outline)
        seen.update(bookmarks)
        if bookmarks:
            out.segments.append(Segment("书签", "\n".join(bookmarks)))
        _every_object(data, reader, out, seen | shown, active)
        if active:
            out.refusals.append(
                Refusal(
                    MACROS,
                    f"PDF 含有打开时会执行的内容、内嵌文件或多媒体（{'、'.join(dict.fromkeys(active))}），不能上网："
                    "请用“打印为 PDF”或从原文档重新导出。",
                )
            )
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OSError) as exc:
        out.segments.clear()
        out.refusals.append(
            Refusal(
                UNSCANNABLE,
                f"PDF 文件已损坏或格式异常，无法读取全部内容（{type(exc).__name__}），不能上网：请重新导出 PDF 再上传。",
            )
        )
    except xmlsafe.UnsafeXml as exc:
        out.segments.clear()
        out.refusals.append(
            Refusal(UNSCANNABLE, f"PDF 的 XMP 元数据无法安全解析（{exc}），不能上网：请重新导出 PDF 再上传。")
        )
    return out


# pypdf (7.1) builds the cp1252 table afresh, 256 decodes of which five raise, for every page it extracts text from
# and for every core font: 0.64 ms, a third of reading a one-page attachment (2,000 of them in a 10k-article build).
# Its modules that do so are given the same tables from a memo, as a new dict at each call (a font's /Differences
# change its own copy).
_ENCODING_USERS = ("pypdf._text_extraction._text_extractor", "pypdf.generic._font")


@functools.cache
def _named_encoding_items(encoding: str) -> tuple[tuple[int, str], ...]:
    from pypdf._codecs import encoding_dict_from_named_encoding

    return tuple(encoding_dict_from_named_encoding(encoding).items())


def named_encoding(encoding: str) -> dict[int, str]:
    """pypdf._codecs.encoding_dict_from_named_encoding(encoding), from the memo."""
    return dict(_named_encoding_items(encoding))


def _share_named_encodings() -> None:
    """Point pypdf's users of encoding_dict_from_named_encoding at `named_encoding` (where they still hold
    pypdf's own function: a later pypdf that moves or renames it is left alone)."""
    from pypdf import _codecs

    for name in _ENCODING_USERS:
        module = sys.modules.get(name)
        if getattr(module, "encoding_dict_from_named_encoding", None) is _codecs.encoding_dict_from_named_encoding:
            module.encoding_dict_from_named_encoding = named_encoding  # type: ignore[union-attr]


def _page_text(page: PageObject) -> tuple[str, str]:
    """The page's text in content order, and the lines whose pieces are drawn out of visual order
    (characters drawn one by one right to left, a number's halves swapped) put in visual order.

    One extraction: pypdf reports where each piece is drawn; a line whose pieces stand left to
    right in the order they were drawn is already read correctly and is not repeated.
    """
    pieces: list[tuple[float, float, float, int, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(size * tm[0] * cm[0]) or abs(size * tm[3] * cm[3]) or abs(size)
        pieces.append((y, x, scale, len(pieces), text))

    text = page.extract_text(visitor_text=visit) or ""
    return text, "\n".join(_visual_lines(pieces))


def _visual_lines(pieces: list[tuple[float, float, float, int, str]]) -> list[str]:
    lines: list[list[tuple[float, float, float, int, str]]] = []
    for piece in sorted(pieces, key=lambda p: (-p[0], p[3])):
        if lines and abs(lines[-1][0][0] - piece[0]) <= max(piece[2], 1.0) / 3:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    out = []
    for line in lines:
        drawn = sorted(line, key=lambda p: p[3])
        seen = sorted(line, key=lambda p: p[1])
        if [p[3] for p in drawn] == [p[3] for p in seen]:
            continue  # drawn in reading order: the content-order text has it
        shown = []
        right = None
        for _, x, scale, _, chunk in seen:
            chunk = chunk.replace("\n", " ")
            if right is not None and x - right > scale:
                shown.append(" ")  # a gap wider than a character: separate pieces
            shown.append(chunk)
            right = x + scale * sum(1.0 if ord(ch) > 0x2E7F else 0.6 for ch in chunk.strip())
        out.append("".join(shown).strip())
    return out


def _active_content(reader: PdfReader) -> list[str]:
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
    return found


def _annotation_text(page: PageObject, seen: set[str]) -> tuple[str, list[str]]:
    """Every string of the page's annotations and the text of their appearance; the media ones named."""
    annots = page.get("/Annots")
    if annots is None:
        return "", []
    parts: list[str] = []
    media: list[str] = []
    for ref in annots.get_object():
        annot = ref.get_object()
        if not isinstance(annot, dict):
            continue
        subtype = str(annot.get("/Subtype", ""))
        if subtype in _MEDIA_ANNOTATIONS:
            media.append(f"{subtype[1:]} 注释")
        for value in _strings(annot, skip=("/P", "/Parent", "/Popup", "/IRT", "/AP")):
            seen.add(value)
            parts.append(value)
        for text in _appearance_text(annot):
            seen.update(line.strip() for line in text.splitlines())
            parts.append(text)
    return "\n".join(parts), media


def _appearance_text(annot: dict[str, Any]) -> list[str]:
    """The text an annotation's normal appearance draws (a filled field shows its value there)."""
    from pypdf.generic import StreamObject

    appearance = annot.get("/AP")
    appearance = appearance.get_object() if appearance is not None else None
    normal = appearance.get("/N") if isinstance(appearance, dict) else None
    normal = normal.get_object() if normal is not None else None
    streams = [normal] if isinstance(normal, StreamObject) else []
    if isinstance(normal, dict) and not isinstance(normal, StreamObject):
        streams = [s.get_object() for s in normal.values() if isinstance(s.get_object(), StreamObject)]
    texts = [_form_text(stream) for stream in streams[:16]]
    return [t for t in texts if t.strip()]


def _form_text(stream: Any) -> str:
    """The text a form XObject draws, read as a page of its own (its resources, its content)."""
    from pypdf import PageObject
    from pypdf.generic import NameObject

    page = PageObject()
    resources = stream.get("/Resources")
    if resources is not None:
        page[NameObject("/Resources")] = resources.get_object()
    page.replace_contents(stream)
    try:
        return page.extract_text() or ""
    except Exception:  # noqa: BLE001 - then its raw text runs
        return "\n".join(binstrings.text_runs(stream.get_data()))


def _field_text(reader: PdfReader, seen: set[str]) -> list[str]:
    """Every string of every form field, down its /Kids (a field without a widget on a page too)."""
    root: Any = reader.trailer["/Root"].get_object()
    form = root.get("/AcroForm")
    form = form.get_object() if form is not None else None
    if not isinstance(form, dict):
        return []
    lines = []
    for value in _strings(form, skip=("/P", "/Parent", "/AP", "/DR")):
        if value not in seen:
            seen.add(value)
            lines.append(value)
    return lines


def _strings(
    obj: Any, skip: tuple[str, ...] = (), depth: int = 0, visited: set[int] | None = None, *, follow: bool = True
) -> Iterator[str]:
    """Every string in `obj`, following references unless not `follow` (each object once, depth bounded);
    not a stream's data."""
    from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, IndirectObject, TextStringObject

    visited = set() if visited is None else visited
    if depth > MAX_DEPTH:
        return
    if isinstance(obj, IndirectObject):
        if not follow:
            return
        key = (obj.idnum << 16) | obj.generation
        if key in visited:
            return
        visited.add(key)
        obj = obj.get_object()
    if isinstance(obj, ByteStringObject):
        yield from binstrings.text_runs(bytes(obj))
    elif isinstance(obj, TextStringObject):
        if str(obj).strip():
            yield str(obj)
    elif isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            if key not in skip:
                yield from _strings(value, skip, depth + 1, visited, follow=follow)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            yield from _strings(value, skip, depth + 1, visited, follow=follow)


def _direct_dictionaries(obj: Any, depth: int = 0) -> Iterator[Any]:
    """`obj` and the dictionaries written inside it (an annotation's action), not those it refers to."""
    from pypdf.generic import ArrayObject, DictionaryObject

    if depth > MAX_DEPTH:
        return
    if isinstance(obj, DictionaryObject):
        yield obj
        for value in obj.values():
            yield from _direct_dictionaries(value, depth + 1)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            yield from _direct_dictionaries(value, depth + 1)


def _outline_titles(outline: Any, depth: int = 0) -> list[str]:
    """Bookmark titles, however nested (a reader's side panel shows them)."""
    titles: list[str] = []
    for item in outline if depth < 32 else ():
        if isinstance(item, list):
            titles += _outline_titles(item, depth + 1)
        elif getattr(item, "title", None):
            titles.append(str(item.title))
    return titles


def _metadata(reader: PdfReader, out: Extract, seen: set[str]) -> None:
    info: Any = reader.metadata or {}
    texts = []
    for key, label in _AUTHOR_KEYS:
        value = info.get(key)
        if value:
            out.people.append(Property(label, str(value)))
    for key in info:
        value = info.get(key)
        if value is not None and str(value).strip():
            seen.add(str(value))
            texts.append(f"{_INFO_LABELS.get(str(key), str(key)[1:])}：{value}")
    if texts:
        out.segments.append(Segment("文档属性", "\n".join(t.replace("\n", " ") for t in texts)))
    root: Any = reader.trailer["/Root"].get_object()
    stream = root.get("/Metadata")
    if stream is None:
        return
    packet = xmp.read(stream.get_object().get_data())
    for name, value in packet.people:
        out.people.append(Property(f"作者（XMP {name}）", value))
    if packet.lines:
        seen.update(packet.lines)
        out.segments.append(Segment("XMP 元数据", "\n".join(packet.lines), 1, tuple(packet.labels)))


def _every_object(data: bytes, reader: PdfReader, out: Extract, seen: set[str], active: list[str]) -> None:
    """The strings of every object in the file, live or left over from an earlier revision."""
    from pypdf.generic import DictionaryObject, IndirectObject, StreamObject, read_object

    lines: list[str] = []
    labels: list[str] = []
    old_content: list[str] = []
    root: Any = reader.trailer["/Root"].get_object()
    catalog_metadata = root["/Metadata"].get_object() if "/Metadata" in root else None

    def take(obj: Any, label: str) -> None:
        for value in _strings(obj, follow=False):  # this object's own strings; referenced ones are read in turn
            for line in value.splitlines():
                if line.strip() and line not in seen:
                    seen.add(line)
                    lines.append(line.strip())
                    labels.append(label)
        if not isinstance(obj, DictionaryObject):
            return
        for inner in _direct_dictionaries(obj):
            if inner.get("/Type") == "/EmbeddedFile":
                active.append("内嵌文件")
            if inner.get("/S") in ("/JavaScript", "/Launch", "/ImportData") or "/JS" in inner:
                active.append(f"{str(inner.get('/S', '/JavaScript'))[1:]} 动作")
        if isinstance(obj, StreamObject) and obj.get("/Subtype") == "/Form":  # drawn by no page, or by one
            for line in _form_text(obj).splitlines():
                if line.strip() and line.strip() not in seen:
                    seen.add(line.strip())
                    lines.append(line.strip())
                    labels.append(f"{label}（表单 XObject，页面上不一定显示）")
        if isinstance(obj, StreamObject) and obj.get("/Subtype") == "/XML" and obj is not catalog_metadata:
            packet = xmp.read(obj.get_data())  # an image's or a page's own XMP
            for line, where in zip(packet.lines, packet.labels, strict=True):
                if line not in seen:
                    seen.add(line)
                    lines.append(line)
                    labels.append(f"{label} {where}")
            out.people.extend(Property(f"作者（XMP {name}）", value) for name, value in packet.people)

    live: dict[tuple[int, int], int] = {}
    for generation, numbers in reader.xref.items():
        for number, offset in numbers.items():
            live[(number, generation)] = offset
            take(reader.get_object(IndirectObject(number, generation, reader)), f"对象 {number}")
    for number in getattr(reader, "xref_objStm", {}):
        take(reader.get_object(IndirectObject(number, 0, reader)), f"对象 {number}")
    headers: list[tuple[int, int, int, int]] = []
    at = data.find(b"obj")
    while at >= 0:
        after = data[at + 3 : at + 4]
        if not after.isalpha():
            found = _OBJ_NUMBERS.search(data, max(0, at - 48), at)
            if found:
                headers.append((int(found.group(1)), int(found.group(2)), found.start(), at + 3))
        at = data.find(b"obj", at + 3)
    count: dict[tuple[int, int], int] = {}
    for number, generation, _, _ in headers:
        count[(number, generation)] = count.get((number, generation), 0) + 1
    for number, generation, start, end in headers:
        key = (number, generation)
        # Live: the object the xref names (an object defined once is that one, even at a skewed offset).
        if key in live and (count[key] == 1 or live[key] == start):
            continue
        stream = io.BytesIO(data)
        stream.seek(_BLANK.match(data, end).end())  # type: ignore[union-attr]  # matches the empty string
        try:
            obj = read_object(stream, reader)
        except Exception:  # noqa: BLE001 - bytes that only look like an object header: their text runs
            obj = None
        label = f"早期版本或未引用的对象 {number}"
        if obj is None:
            continue
        take(obj, label)
        if isinstance(obj, StreamObject):
            decoded = obj.get_data()
            for line in binstrings.text_runs(decoded):
                if line not in seen:
                    seen.add(line)
                    lines.append(line)
                    labels.append(label)
            if _SHOWS_TEXT.search(decoded):
                old_content.append(str(number))
    if lines:
        out.segments.append(
            Segment(
                "文件内部对象（阅读器中不一定看得到：请改正原文档后用“另存为”新文件或“打印为 PDF”重新生成）",
                "\n".join(lines),
                1,
                tuple(labels),
            )
        )
    if old_content:
        out.refusals.append(
            Refusal(
                UNSCANNABLE,
                f"PDF 经过增量保存，早期版本或未引用的页面内容（对象 {'、'.join(old_content[:5])}）仍留在文件中，"
                "任何人都能读出，而无法逐页检查，不能上网：请用“另存为”新文件或“打印为 PDF”重新生成后再上传（这样会去掉早期版本）。",
            )
        )


CLEAR_HINT = _CLEAR_HINT
