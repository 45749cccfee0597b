"""Word (.docx) and Excel (.xlsx): every part that a reader of the file can see, read from the zip.

One guarded reader for both formats, zip + defusedxml, rather than python-docx and openpyxl:
the limits below are applied before a single part is inflated, and every part is reached —
headers, footers, footnotes, comments, tracked changes (deleted text included), hyperlink
targets, every sheet (hidden and very hidden ones too), cell comments, the core, extended and
custom properties — where python-docx and openpyxl expose only some of them. The tests make
their documents with python-docx and openpyxl.

Refused: a zip bomb (too many entries, too much inflated data, an absurd ratio), an encrypted
or broken package, macros (vbaProject.bin, macro-enabled content types, ActiveX), embedded
objects (an embedded workbook is one more document we would have to read).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree.ElementTree import Element

from generator.docread import MACROS, UNSCANNABLE, Extract, Property, Refusal, Segment, xmlsafe

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
        _read_rest(package, out, _WORD_READ if word else _BOOK_READ)
        _read_properties(package, out)
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


# Parts whose text the readers above already took (with cell and paragraph positions); the rest of the
# package — sheet and defined names, charts, data validations, drawings' alt text, text boxes, smart
# art — still reaches the reader, so its text and its visible attributes are scanned too.
_WORD_READ = re.compile(r"word/(?:document|header|footer|footnotes|endnotes|comments)\w*\.xml")
_BOOK_READ = re.compile(r"xl/(?:worksheets/.*|sharedStrings\.xml|(?:comments/)?comments?\d*\.xml|persons/.*)")
_NOT_TEXT = re.compile(
    r"\[Content_Types\]\.xml|.*\.rels|docProps/.*|.*/theme/.*|.*/(?:styles|fontTable|settings|webSettings|calcChain)\.xml"
)
_ALWAYS_TEXT = frozenset({"formula1", "formula2"})  # a data validation's list: shown in the cell's drop-down
_VISIBLE_ATTRIBUTES = frozenset({"name", "descr", "title", "prompt", "promptTitle", "error", "errorTitle", "tooltip"})


def _read_rest(package: _Package, out: Extract, read: re.Pattern[str]) -> None:
    lines: list[str] = []
    for name in sorted(package.names):
        if not name.endswith(".xml") or _NOT_TEXT.fullmatch(name):
            continue
        root = package.xml(name)
        if root is None:
            continue
        text_too = read.fullmatch(name) is None
        for element in root.iter():
            for key, value in element.attrib.items():
                if key.rsplit("}", 1)[-1] in _VISIBLE_ATTRIBUTES and value.strip():
                    lines.append(value.strip())
            local = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
            if (text_too or local in _ALWAYS_TEXT) and element.text and element.text.strip():
                lines.append(element.text.strip())
    if lines:
        out.segments.append(Segment("其他部件（工作表名、名称、图表、数据验证、图片说明等）", "\n".join(lines)))


class _Package:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.names = {info.filename: info for info in archive.infolist()}

    def xml(self, name: str) -> Element | None:
        info = self.names.get(name)
        if info is None:
            return None
        try:
            with self.archive.open(info) as handle:
                data = handle.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError) as exc:
            raise Refused(
                UNSCANNABLE, f"文档内部的 {name} 无法读取（{type(exc).__name__}），不能上网：请重新保存后再上传。"
            ) from None
        if len(data) > info.file_size:
            raise Refused(UNSCANNABLE, f"文档内部的 {name} 实际大小与声明不符（疑似压缩炸弹），不能上网。")
        return xmlsafe.parse(data)

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
    return _Package(archive)


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
            lines, labels = _paragraphs(root, deleted)
            out.segments.append(Segment(where, "\n".join(lines), 1, tuple(labels)))
            _people_in(root, out)
    if deleted:
        out.segments.append(Segment("修订记录（已删除但仍保存在文件中的文字）", "\n".join(deleted)))
    targets = _external_targets(package, "word/_rels/document.xml.rels")
    if targets:
        out.segments.append(Segment("超链接地址", "\n".join(targets)))


def _paragraphs(root: Element, deleted: list[str]) -> tuple[list[str], list[str]]:
    lines: list[str] = []
    labels: list[str] = []
    for number, paragraph in enumerate(root.iter(W + "p"), start=1):
        shown: list[str] = []
        gone: list[str] = []
        for element in paragraph.iter():
            tag = element.tag
            if tag in (W + "t", W + "instrText"):
                shown.append(element.text or "")
            elif tag == W + "delText" or tag == W + "delInstrText":
                gone.append(element.text or "")
            elif tag in (W + "tab", W + "br", W + "cr"):
                shown.append(" ")
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


def _external_targets(package: _Package, rels_name: str) -> list[str]:
    rels = package.xml(rels_name)
    if rels is None:
        return []
    return [r.get("Target") or "" for r in rels.iter(REL + "Relationship") if r.get("TargetMode") == "External"]


# --- Excel -----------------------------------------------------------------------------------


def _read_workbook(package: _Package, out: Extract) -> None:
    shared = _shared_strings(package)
    for name, path, state in _sheets(package):
        root = package.xml(path)
        if root is None:
            continue
        where = f"工作表“{name}”" + ("（隐藏）" if state in ("hidden", "veryHidden") else "")
        lines, labels = _cells(root, shared)
        out.segments.append(Segment(where, "\n".join(lines), 1, tuple(labels)))
        rels = posixpath.join(posixpath.dirname(path), "_rels", posixpath.basename(path) + ".rels")
        targets = _external_targets(package, rels)
        if targets:
            out.segments.append(Segment(where + "的超链接地址", "\n".join(targets)))
    for comments in package.matching(re.compile(r"xl/(?:comments/)?comments?\d*\.xml")):
        root = package.xml(comments)
        if root is None:
            continue
        lines, labels = [], []
        for comment in root.iter(S + "comment"):
            lines.append("".join(comment.itertext()).replace("\n", " "))
            labels.append(f"单元格 {comment.get('ref', '')}")
        out.segments.append(Segment("单元格批注", "\n".join(lines), 1, tuple(labels)))
        for author in root.iter(S + "author"):
            if author.text and author.text.strip():
                out.people.append(Property("批注作者", author.text.strip()))
    for persons in package.matching(re.compile(r"xl/persons/person\d*\.xml")):
        root = package.xml(persons)
        for person in root.iter() if root is not None else ():
            if person.get("displayName"):
                out.people.append(Property("批注作者", person.get("displayName") or ""))


def _shared_strings(package: _Package) -> list[str]:
    root = package.xml("xl/sharedStrings.xml")
    if root is None:
        return []
    return ["".join(t.text or "" for t in si.iter(S + "t")) for si in root.iter(S + "si")]


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


def _cells(root: Element, shared: list[str]) -> tuple[list[str], list[str]]:
    lines: list[str] = []
    labels: list[str] = []
    for cell in root.iter(S + "c"):
        kind = cell.get("t")
        value = cell.find(S + "v")
        if kind == "s" and value is not None and (value.text or "").isdigit():
            index = int(value.text or "0")
            text = shared[index] if index < len(shared) else ""
        elif kind == "inlineStr":
            text = "".join(t.text or "" for t in cell.iter(S + "t"))
        else:
            text = value.text or "" if value is not None else ""
        formula = cell.find(S + "f")
        if formula is not None and formula.text:
            text = f"{text} {formula.text}"
        if text.strip():
            lines.append(text.replace("\n", " "))
            labels.append(f"单元格 {cell.get('r', '')}")
    for part in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"):
        for element in root.iter(S + part):
            if element.text:
                lines.append(element.text.replace("\n", " "))
                labels.append("页眉页脚")
    return lines, labels


# --- properties ------------------------------------------------------------------------------


def _read_properties(package: _Package, out: Extract) -> None:
    texts: list[str] = []
    core = package.xml("docProps/core.xml")
    if core is not None:
        for tag, label in ((DC + "creator", "作者"), (CP + "lastModifiedBy", "最后修改者")):
            for element in core.iter(tag):
                if element.text and element.text.strip():
                    out.people.append(Property(label, element.text.strip()))
        for tag in (DC + "title", DC + "subject", CP + "keywords", DC + "description", CP + "category"):
            texts.extend(e.text for e in core.iter(tag) if e.text)
    app = package.xml("docProps/app.xml")
    if app is not None:
        for element in app.iter(EP + "Manager"):
            if element.text and element.text.strip():
                out.people.append(Property("经理", element.text.strip()))
        texts.extend(e.text for e in app.iter(EP + "Company") if e.text)
    custom = package.xml("docProps/custom.xml")
    if custom is not None:
        texts.extend(t for t in custom.itertext() if t.strip())
    if texts:
        out.segments.append(Segment("文档属性", "\n".join(t.replace("\n", " ") for t in texts)))
