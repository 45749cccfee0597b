"""Word (.docx) and Excel (.xlsx): every part of the package, read from the zip.

The file is published byte for byte, so everything in it that a reader can see or extract is
scanned, not a list of known places. One guarded reader for both formats, zip + defusedxml, rather
than python-docx and openpyxl: the limits below are applied before a single part is inflated.

- The parts a reader sees first are read with positions (paragraph, cell): body, headers, footers,
  footnotes, endnotes, comments, tracked changes (deleted text included), every sheet (hidden and
  very hidden ones too) with cell values as shown (a custom number format's literal text around
  the value, a formula's string literals joined as `&` joins them), cell comments.
- Then EVERY part of the package, whatever its name: every XML part (settings, styles, relations of
  every part, properties, pivot caches, charts, custom XML …) gives every text node and every
  attribute value not read above (a drop-down's entries, a field's instruction, document
  variables, number formats, hyperlink targets of headers and drawings …); every picture goes
  through the image reader (GPS SE011, EXIF/XMP/comments); HTML, text and RTF parts (an
  altChunk Word shows inline) are read as text; any other part gives the text runs in its bytes
  (a vector picture's text, a printer's settings). A `w:sym` digit is read as its character.

Refused: a zip bomb (too many entries, too much inflated data, an absurd ratio), an encrypted
or broken package, macros (vbaProject.bin, macro-enabled content types, ActiveX), embedded
objects and any part that is itself a container (OLE, zip, PDF, an MHT web archive's
non-text parts): one more document we would have to read.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree.ElementTree import Element

from generator.docread import MACROS, UNSCANNABLE, Extract, Property, Refusal, Segment, binstrings, xmlsafe

MAX_ENTRIES = 5000
MAX_INFLATED = 256 * 1024 * 1024  # all parts together, inflated
MAX_RATIO = 200  # inflated / compressed, for a part over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
# A line break inside a paragraph or a cell (Word's Shift+Enter, w:br / w:cr; Alt+Enter in Excel): the reader
# sees a new line, so a mark after it heads a line (sescan), yet it is no paragraph of its own, whose
# label ("第 3 段", "单元格 B2") each \n of a segment stands for. U+2028 is both: a line break to the mark
# scan, none to the counting of segment lines, and a space between a number's groups.
SOFT_BREAK = "\u2028"

_WORD_PARTS = (
    (re.compile(r"word/document\d*\.xml"), "正文"),
    (re.compile(r"word/header\d*\.xml"), "页眉"),
    (re.compile(r"word/footer\d*\.xml"), "页脚"),
    (re.compile(r"word/footnotes\.xml"), "脚注"),
    (re.compile(r"word/endnotes\.xml"), "尾注"),
    (re.compile(r"word/comments\w*\.xml"), "批注"),
)
_PEOPLE_ATTRS = ((W + "author", "修订或批注的作者"),)


class Refused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.refusal = Refusal(code, message)


def read(data: bytes, suffix: str) -> Extract:
    word = suffix.startswith(".doc")
    out = Extract(kind=suffix[1:])
    try:
        package = _open(data)
        _refuse_active(package, suffix)
        if word:
            _read_word(package, out)
        else:
            _read_workbook(package, out)
        _read_properties(package, out)
        _read_every_part(package, out)
    except Refused as exc:
        out.segments.clear()
        out.refusals.append(exc.refusal)
    except xmlsafe.UnsafeXml as exc:
        out.segments.clear()
        out.refusals.append(
            Refusal(
                UNSCANNABLE,
                f"文档中有无法安全解析的 XML（{exc}，例如声明了实体或 DTD），不能上网：请重新保存后再上传。",
            )
        )
    return out


# Attributes that only tie the XML together (revision-save ids, paragraph ids): hex, never text.
_STRUCTURAL_ATTRIBUTES = frozenset({"paraId", "textId", "space"})
_FORMULAS = frozenset({"f", "formula", "formula1", "formula2", "definedName"})
_TEXT_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".csv", ".rtf", ".mht", ".mhtml")
_CONTAINERS = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE 复合文档"),
    (b"PK\x03\x04", "压缩包"),
    (b"%PDF", "PDF"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩数据"),
)
_IMAGES = (b"\xff\xd8", b"\x89PNG", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")


_HIDDEN_HINT = "（打开文档时不一定看得到：找不到时，可用 Word/WPS“检查文档”删除隐藏内容后另存为新文件，或改传 PDF）"


def _read_every_part(package: _Package, out: Extract) -> None:
    """Every part, whatever its name: what the positioned readers did not take is read here."""
    envelope = binstrings.text_runs(package.archive.comment)
    for info in package.names.values():
        envelope += binstrings.text_runs(info.comment) + binstrings.text_runs(info.extra)
    for extra in package.local_extras:
        envelope += binstrings.text_runs(extra)
    if envelope:
        out.segments.append(Segment("压缩包注释或附加字段", "\n".join(envelope)))
    for name in sorted(package.names):
        if name.endswith("/"):
            continue
        data = package.raw(name)
        if not data.strip():
            continue
        lowered = name.lower()
        for magic, kind in _CONTAINERS:
            if data.startswith(magic):
                raise Refused(
                    UNSCANNABLE,
                    f"文档内部的 {name} 是嵌入的{kind}，其内容无法检查，不能上网：请删除该嵌入对象（或把它另作附件），"
                    "再重新保存上传。",
                )
        if lowered.endswith((".xml", ".rels", ".vml")) or (
            _looks_like_xml(data) and not lowered.endswith(_TEXT_SUFFIXES)
        ):
            root = package.xml(name)
            lines, labels = _xml_rest(root, package.consumed) if root is not None else ([], [])
            if root is not None and not any(pattern.fullmatch(name) for pattern, _ in _WORD_PARTS):
                _people_anywhere(root, name, out)
        elif data.startswith(_IMAGES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
            _read_picture(name, data, out)
            continue
        elif lowered.endswith(_TEXT_SUFFIXES) or data.lstrip()[:1] == b"<":
            lines = _text_part(name, data)
            labels = []
        else:
            lines = binstrings.text_runs(data)
            labels = []
        if lines:
            out.segments.append(Segment(f"内部部件 {name}{_HIDDEN_HINT}", "\n".join(lines), 1, tuple(labels)))


# Attributes that name who wrote or changed something, in any part (people.xml, comment extensions,
# revision marks outside the main parts): like a comment's author, SE010.
_PEOPLE_ANYWHERE = {"author": "修订或批注的作者", "userId": "批注作者的账户"}


def _people_anywhere(root: Element, name: str, out: Extract) -> None:
    seen: set[str] = set()
    for element in root.iter():
        for key, value in element.attrib.items():
            label = _PEOPLE_ANYWHERE.get(_local(key))
            if label and value.strip() and value not in seen:
                seen.add(value)
                out.people.append(Property(f"{label}（{name}）", value.strip()))


def _looks_like_xml(data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf \r\n\t")
    return head.startswith(b"<?xml")


def _xml_rest(root: Element, consumed: set[int]) -> tuple[list[str], list[str]]:
    """Every text node and attribute value of a part that the positioned readers did not take."""
    lines: list[str] = []
    labels: list[str] = []
    seen: set[tuple[str, str]] = set()

    def add(label: str, value: str) -> None:
        value = value.strip().replace("\n", " ")
        if value and (label, value) not in seen:
            seen.add((label, value))
            lines.append(value)
            labels.append(label)

    joined: set[int] = set()  # elements whose text went into their paragraph's line
    for element in root.iter():
        local = _local(element.tag)
        for key, value in element.attrib.items():
            name = _local(key)
            if name in _STRUCTURAL_ATTRIBUTES or name.startswith("rsid"):
                continue
            add(f"{local} 元素的 {name} 属性", value)
        if local in _PARAGRAPHS and id(element) not in joined:
            add(f"{local} 段落", _paragraph_line(element, consumed, joined))
        elif element.text and id(element) not in consumed and id(element) not in joined:
            add(f"{local} 元素", element.text)
            if local in _FORMULAS:
                add(f"{local} 公式中的文字连接", _formula_literals(element.text))
        if element.tail and id(element) not in joined:
            add(f"{local} 元素之后", element.tail)
    return lines, labels


# Elements whose runs make one line of text as shown: a paragraph of WordprocessingML or DrawingML
# (text boxes, shapes, charts, SmartArt), a shared or inline string of SpreadsheetML. A number split
# over two runs (<a:r><a:t>138</a:t></a:r><a:r><a:t>00138000</a:t></a:r>) is one number.
_PARAGRAPHS = frozenset({"p", "si", "is"})


def _paragraph_line(paragraph: Element, consumed: set[int], joined: set[int]) -> str:
    pieces: list[str] = []
    for element in paragraph.iter():
        joined.add(id(element))
        local = _local(element.tag)
        if element.text and id(element) not in consumed:
            pieces.append(element.text)
        elif local == "sym":
            pieces.append(_symbol(element))
        elif local in ("tab", "br", "cr"):
            pieces.append(" ")
        if element is not paragraph and element.tail:
            pieces.append(element.tail)
    return "".join(pieces)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _read_picture(name: str, data: bytes, out: Extract) -> None:
    """A picture inside the document: the same reader as a picture attachment."""
    from generator.docread import image

    found = image.read(data)
    where = f"文档中的图片 {name}"
    for refusal in found.refusals:
        out.refusals.append(
            Refusal(refusal.code, f"{where}：{refusal.message}（处理好原图后，在文档中删除并重新插入该图片。）")
        )
    for prop in found.people:
        out.people.append(Property(f"{prop.label}，{where}", prop.value))
    for segment in found.segments:
        out.segments.append(Segment(f"{where} 的{segment.where}", segment.text, 1, segment.labels))


def _text_part(name: str, data: bytes) -> list[str]:
    """An HTML, text, RTF or MHT part (Word shows an altChunk inline): its text and attribute values."""
    lowered = name.lower()
    if lowered.endswith((".mht", ".mhtml")) or data.lstrip().lower().startswith(b"mime-version"):
        return _mht(name, data)
    text = _decode(data)
    if lowered.endswith(".rtf") or text.lstrip().startswith("{\\rtf"):
        return _rtf(text)
    if "<" in text:
        return _html(text)
    return [line for line in text.splitlines() if line.strip()]


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _html(text: str) -> list[str]:
    from html.parser import HTMLParser

    lines: list[str] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            lines.extend(v for _, v in attrs if v and v.strip())

        def handle_data(self, data: str) -> None:
            lines.append(data)

        def handle_comment(self, data: str) -> None:
            lines.append(data)

    reader = Reader(convert_charrefs=True)
    reader.feed(text)
    reader.close()
    # Inline tags dropped without a gap (as the browser shows 138<b>0013</b>8000), then one line per line.
    return [line for line in "".join(x if x.strip() else "\n" for x in lines).splitlines() if line.strip()]


_RTF_UNICODE = re.compile(r"\\u(-?\d{1,6})\??")
_RTF_HEX = re.compile(r"\\'([0-9a-fA-F]{2})")
_RTF_CONTROL = re.compile(r"\\[a-zA-Z]{1,32}-?\d{0,10} ?|\\[^a-zA-Z]|[{}]")


def _rtf(text: str) -> list[str]:
    """RTF's text: \\uN and \\'hh characters decoded, control words dropped (crude, but every digit stays)."""
    text = _RTF_UNICODE.sub(lambda m: chr(int(m.group(1)) % 65536), text)
    text = _RTF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]).decode("latin-1"), text)
    text = _RTF_CONTROL.sub("", text)
    return [line for line in text.splitlines() if line.strip()]


def _mht(name: str, data: bytes) -> list[str]:
    """A web archive: its text and HTML parts are read; any other part cannot be."""
    import email
    from email.message import Message

    message: Message = email.message_from_bytes(data)
    lines: list[str] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        kind = part.get_content_type()
        if kind.startswith("text/"):
            lines.extend(_text_part(name + ".html", payload))
        elif kind.startswith("image/"):
            lines.extend(binstrings.text_runs(payload))
        else:
            raise Refused(
                UNSCANNABLE, f"文档内部的网页存档 {name} 中有无法检查的内容（{kind}），不能上网：请删除后重新保存上传。"
            )
    return lines


def _formula_literals(formula: str) -> str:
    """A formula's string literals joined as `&` joins them: ="1380013"&"8000" shows 13800138000."""
    if len(formula) > MAX_FORMULA:
        return ""
    pieces = [
        m.group(1).replace('""', '"') if m.group(1) is not None else (m.group(2) or m.group(3) or "")
        for m in _LITERAL.finditer(formula)
    ]
    return "".join(pieces) if len(pieces) > 1 else ""


MAX_FORMULA = 8192  # Excel's own limit on a formula's length
# A string literal, or a number joined to something by & (not the digits of a cell reference such as B2).
_LITERAL = re.compile(r'"((?:[^"]|"")*)"|(?:(?<=&)|(?<=&\s))(\d+(?:\.\d+)?)|(?<![A-Za-z$\d.])(\d+(?:\.\d+)?)(?=\s?&)')


class _Package:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.names = {info.filename: info for info in archive.infolist()}
        self.parsed: dict[str, Element | None] = {}
        self.local_extras: list[bytes] = []
        # The elements whose text a positioned reader took (by id; the parsed trees stay alive).
        self.consumed: set[int] = set()

    def xml(self, name: str) -> Element | None:
        if name not in self.parsed:
            self.parsed[name] = None if name not in self.names else xmlsafe.parse(self.raw(name))
        return self.parsed[name]

    def raw(self, name: str) -> bytes:
        info = self.names[name]
        try:
            with self.archive.open(info) as handle:
                data = handle.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError) as exc:
            raise Refused(
                UNSCANNABLE, f"文档内部的 {name} 无法读取（{type(exc).__name__}），不能上网：请重新保存后再上传。"
            ) from None
        if len(data) > info.file_size:
            raise Refused(UNSCANNABLE, f"文档内部的 {name} 实际大小与声明不符（疑似压缩炸弹），不能上网。")
        return data

    def matching(self, pattern: re.Pattern[str]) -> list[str]:
        return sorted(n for n in self.names if pattern.fullmatch(n))


def _open(data: bytes) -> _Package:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(
            UNSCANNABLE,
            "文档不是有效的 Office 文件（可能已加密、已损坏，或扩展名与内容不符），无法检查，不能上网："
            "请去掉密码、在 Word/Excel/WPS 中重新保存后再上传。",
        ) from None
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise Refused(
            UNSCANNABLE, f"文档内部有 {len(infos)} 个部件，超过 {MAX_ENTRIES} 个上限（疑似压缩炸弹），不能上网。"
        )
    inflated = sum(i.file_size for i in infos)
    if inflated > MAX_INFLATED:
        raise Refused(
            UNSCANNABLE,
            f"文档解压后有 {inflated / 1048576:.0f} MiB，超过 {MAX_INFLATED // 1048576} MiB 上限（疑似压缩炸弹），不能上网。",
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise Refused(UNSCANNABLE, "文档内部的部件已加密，无法检查，不能上网：请去掉密码后重新保存。")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Refused(
                UNSCANNABLE,
                f"文档内部的 {info.filename} 压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍，疑似压缩炸弹），不能上网。",
            )
    if len({i.filename for i in infos}) != len(infos):
        raise Refused(
            UNSCANNABLE, "文档内部有同名的部件（不同软件会读出不同的内容），无法检查，不能上网：请重新保存后再上传。"
        )
    extras: list[bytes] = []
    stray = _stray_bytes(data, archive, infos, extras)
    if stray:
        raise Refused(
            UNSCANNABLE,
            f"文档中有 {stray} 字节不属于任何部件的数据（可能夹带了其他内容），无法检查，不能上网："
            "请在 Word/Excel/WPS 中重新保存后再上传。",
        )
    package = _Package(archive)
    package.local_extras = extras
    return package


def _stray_bytes(data: bytes, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], extras: list[bytes]) -> int:
    """Bytes of the file that belong to no entry, the central directory or the end record (zero padding
    aside): data before, between or after the parts, which any hex editor shows. The local headers'
    extra fields go to `extras` (read as text with the archive's comments)."""
    spans = []
    for info in infos:
        start = info.header_offset
        header = data[start : start + 30]
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise Refused(UNSCANNABLE, f"文档内部的 {info.filename} 位置错误，文件已损坏，无法检查，不能上网。")
        name_size, extra_size = int.from_bytes(header[26:28], "little"), int.from_bytes(header[28:30], "little")
        extras.append(data[start + 30 + name_size : start + 30 + name_size + extra_size])
        end = start + 30 + name_size + extra_size + info.compress_size
        if info.flag_bits & 0x08:  # a data descriptor follows: 12 or 20 bytes, and an optional signature
            signed = data[end : end + 4] == b"PK\x07\x08"
            end += (4 if signed else 0) + (
                20 if info.file_size >= 0xFFFFFFFF or info.compress_size >= 0xFFFFFFFF else 12
            )
        spans.append((start, end))
    directory = int(getattr(archive, "start_dir", len(data)))
    spans.append((directory, len(data)))
    stray, position = 0, 0
    for start, end in sorted(spans):
        if start > position and data[position:start].strip(b"\x00"):
            stray += start - position
        position = max(position, end)
    return stray


def _refuse_active(package: _Package, suffix: str) -> None:
    names = package.names
    macro = suffix in (".docm", ".xlsm") or any(
        n.lower().endswith("vbaproject.bin") or n.lower().startswith(("word/activex/", "xl/activex/")) for n in names
    )
    types = package.xml("[Content_Types].xml")
    if types is not None and any("macroenabled" in (e.get("ContentType") or "").lower() for e in types.iter()):
        macro = True
    if macro:
        raise Refused(
            MACROS,
            "文档含有宏或 ActiveX 控件（启用宏的文档），不能上网：请在 Word/Excel/WPS 中“另存为”不含宏的 .docx/.xlsx 或 PDF。",
        )
    if any("/embeddings/" in n for n in names):
        raise Refused(
            UNSCANNABLE,
            "文档中嵌入了其他文件（OLE 对象或嵌入的工作簿），其内容无法检查，不能上网：请删除嵌入对象，或把它另作附件。",
        )


# --- Word ------------------------------------------------------------------------------------


def _read_word(package: _Package, out: Extract) -> None:
    deleted: list[str] = []
    for pattern, where in _WORD_PARTS:
        for name in package.matching(pattern):
            root = package.xml(name)
            if root is None:
                continue
            lines, labels = _paragraphs(root, deleted, package.consumed)
            out.segments.append(Segment(where, "\n".join(lines), 1, tuple(labels)))
            _people_in(root, out)
    if deleted:
        out.segments.append(Segment("修订记录（已删除但仍保存在文件中的文字）", "\n".join(deleted)))


def _symbol(element: Element) -> str:
    """The character of a w:sym (Insert → Symbol): w:char in hex, a symbol font's F0xx read as its low byte.

    A digit written as a symbol is read as that digit whatever the font (in Wingdings it is a
    picture): a number must not be split unseen; a false alarm here costs a look, a miss a leak.
    """
    char = next((v for k, v in element.attrib.items() if _local(k) == "char"), "")
    try:
        code = int(char, 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:
        code -= 0xF000
    return chr(code) if 0x20 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""


def _paragraphs(root: Element, deleted: list[str], consumed: set[int]) -> tuple[list[str], list[str]]:
    lines: list[str] = []
    labels: list[str] = []
    for number, paragraph in enumerate(root.iter(W + "p"), start=1):
        shown: list[str] = []
        gone: list[str] = []
        for element in paragraph.iter():
            tag = element.tag
            if tag in (W + "t", W + "instrText"):
                shown.append(element.text or "")
                consumed.add(id(element))
            elif tag == W + "delText" or tag == W + "delInstrText":
                gone.append(element.text or "")
                consumed.add(id(element))
            elif tag == W + "sym":
                shown.append(_symbol(element))
            elif tag == W + "tab":
                shown.append(" ")
            elif tag in (W + "br", W + "cr"):
                shown.append(SOFT_BREAK)
        if shown:
            lines.append("".join(shown).replace("\n", " "))
            labels.append(f"第 {number} 段")
        if gone:
            deleted.append("".join(gone).replace("\n", " "))
    return lines, labels


def _people_in(root: Element, out: Extract) -> None:
    seen: set[str] = set()
    for element in root.iter():
        for attr, label in _PEOPLE_ATTRS:
            value = element.get(attr)
            if value and value not in seen:
                seen.add(value)
                out.people.append(Property(label, value))


# --- Excel -----------------------------------------------------------------------------------


def _read_workbook(package: _Package, out: Extract) -> None:
    shared = _shared_strings(package)
    formats = _cell_formats(package)
    for name, path, state in _sheets(package):
        root = package.xml(path)
        if root is None:
            continue
        where = f"工作表“{name}”" + ("（隐藏）" if state in ("hidden", "veryHidden") else "")
        lines, labels = _cells(root, shared, formats, package.consumed)
        out.segments.append(Segment(where, "\n".join(lines), 1, tuple(labels)))
    for comments in package.matching(re.compile(r"xl/(?:comments/)?comments?\d*\.xml")):
        root = package.xml(comments)
        if root is None:
            continue
        lines, labels = [], []
        for comment in root.iter(S + "comment"):
            lines.append("".join(comment.itertext()).replace("\n", SOFT_BREAK))
            labels.append(f"单元格 {comment.get('ref', '')}")
            package.consumed.update(id(e) for e in comment.iter())
        out.segments.append(Segment("单元格批注", "\n".join(lines), 1, tuple(labels)))
        for author in root.iter(S + "author"):
            if author.text and author.text.strip():
                out.people.append(Property("批注作者", author.text.strip()))
    for persons in package.matching(re.compile(r"xl/persons/person\d*\.xml")):
        root = package.xml(persons)
        for person in root.iter() if root is not None else ():
            if person.get("displayName"):
                out.people.append(Property("批注作者", person.get("displayName") or ""))


def _shared_strings(package: _Package) -> list[Element]:
    """The shared strings (`si`); a cell that shows one marks it read, the others stay for `_read_every_part`."""
    root = package.xml("xl/sharedStrings.xml")
    if root is None:
        return []
    return list(root.iter(S + "si"))


def _cell_formats(package: _Package) -> list[str]:
    """The number format code of each cell style (cellXfs index); "" for a built-in format."""
    styles = package.xml("xl/styles.xml")
    if styles is None:
        return []
    codes = {f.get("numFmtId") or "": f.get("formatCode") or "" for f in styles.iter(S + "numFmt")}
    formats: list[str] = []
    for xfs in styles.iter(S + "cellXfs"):
        formats.extend(codes.get(xf.get("numFmtId") or "", "") for xf in xfs.iter(S + "xf"))
    return formats


def _formatted(code: str, value: str, is_text: bool) -> str:
    """What a custom number format shows around the value: its literal text ("…", \\x, unquoted
    characters) with the value in place of the first run of digit placeholders (or of @).

    An approximation that keeps every literal character in order: 0"00138000" applied to 138
    shows 13800138000, and so does this.
    """
    sections = _split_sections(code)
    section = next((x for x in sections if "@" in x), sections[0]) if is_text else sections[0]
    if not is_text:
        try:
            number = float(value)
            value = str(int(number)) if number.is_integer() and abs(number) < 1e21 else value
        except ValueError:
            pass
    shown: list[str] = []
    placed = False
    i, size = 0, len(section)
    while i < size:
        ch = section[i]
        if ch == '"':
            close = section.find('"', i + 1)
            close = size if close < 0 else close
            shown.append(section[i + 1 : close])
            i = close + 1
        elif ch == "\\" and i + 1 < size:
            shown.append(section[i + 1])
            i += 2
        elif ch == "[":
            close = section.find("]", i + 1)
            i = size if close < 0 else close + 1
        elif ch in "_*" and i + 1 < size:
            i += 2
        elif ch in "0#?.,@" or (ch == "E" and placed):
            j = i
            while j < size and section[j] in "0#?.,@":
                j += 1
            if not placed:
                shown.append(value)
                placed = True
            i = max(j, i + 1)
        else:
            shown.append(ch)
            i += 1
    return "".join(shown)


def _split_sections(code: str) -> list[str]:
    sections: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in code:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(ch)
    sections.append("".join(current))
    return sections


def _sheets(package: _Package) -> list[tuple[str, str, str]]:
    workbook = package.xml("xl/workbook.xml")
    rels = package.xml("xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        raise Refused(
            UNSCANNABLE, "工作簿缺少 workbook.xml，文件已损坏，无法检查，不能上网：请在 Excel/WPS 中重新保存。"
        )
    targets = {r.get("Id"): r.get("Target") or "" for r in rels.iter(REL + "Relationship")}
    sheets = []
    for sheet in workbook.iter(S + "sheet"):
        target = targets.get(sheet.get(R + "id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        sheets.append((sheet.get("name") or "", path, sheet.get("state") or "visible"))
    return sheets


def _cells(root: Element, shared: list[Element], formats: list[str], consumed: set[int]) -> tuple[list[str], list[str]]:
    lines: list[str] = []
    labels: list[str] = []
    for cell in root.iter(S + "c"):
        kind = cell.get("t")
        value = cell.find(S + "v")
        if value is not None:
            consumed.add(id(value))
        if kind == "s" and value is not None and (value.text or "").isdigit():
            index = int(value.text or "0")
            item = shared[index] if index < len(shared) else None
            pieces = list(item.iter(S + "t")) if item is not None else []
            consumed.update(id(t) for t in pieces)
            text = "".join(t.text or "" for t in pieces)
        elif kind == "inlineStr":
            pieces = list(cell.iter(S + "t"))
            consumed.update(id(t) for t in pieces)
            text = "".join(t.text or "" for t in pieces)
        else:
            text = value.text or "" if value is not None else ""
        style = int(cell.get("s") or 0) if (cell.get("s") or "0").isdigit() else 0
        code = formats[style] if style < len(formats) else ""
        if code and text.strip():
            shown = _formatted(code, text, kind in ("s", "inlineStr", "str"))
            if shown != text:
                text = f"{text} {shown}"
        formula = cell.find(S + "f")
        if formula is not None and formula.text:
            consumed.add(id(formula))
            text = f"{text} {formula.text} {_formula_literals(formula.text)}"
        if text.strip():
            lines.append(text.replace("\n", SOFT_BREAK))
            labels.append(f"单元格 {cell.get('r', '')}")
    for part in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"):
        for element in root.iter(S + part):
            if element.text:
                consumed.add(id(element))
                lines.append(element.text.replace("\n", " "))
                labels.append("页眉页脚")
    return lines, labels


# --- properties ------------------------------------------------------------------------------


def _read_properties(package: _Package, out: Extract) -> None:
    """The properties that name a person (SE010); every property's text is read with its part (docProps/…)."""
    core = package.xml("docProps/core.xml")
    if core is not None:
        for tag, label in ((DC + "creator", "作者"), (CP + "lastModifiedBy", "最后修改者")):
            for element in core.iter(tag):
                if element.text and element.text.strip():
                    out.people.append(Property(label, element.text.strip()))
    app = package.xml("docProps/app.xml")
    if app is not None:
        for element in app.iter(EP + "Manager"):
            if element.text and element.text.strip():
                out.people.append(Property("经理", element.text.strip()))
