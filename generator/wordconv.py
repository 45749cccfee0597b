"""Word (.docx) → Markdown for `sitegen import`: mammoth turns the document into simple HTML, this
module turns that HTML into the Markdown our articles use, and refuses files it should not open.

Kept: headings (Word's styles, and 一、/（一）/1. numbering), lists, tables, bold, italic, links,
footnotes and endnotes, PNG/JPEG images. Dropped: properties, comments, layout (see docs/lifecycle.md).
"""

from __future__ import annotations

import html.parser
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

MAX_FILE = 50 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_IMAGE = 20 * 1024 * 1024  # LK's attachment limit
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAVE_AS = (
    "请用 Word 打开后选择“文件 → 另存为 → Word 文档（*.docx）”，或在 WPS 中选择“文件 → 另存为 → "
    "Microsoft Word 文件（*.docx）”，再导入另存后的 .docx 文件。"
)
IMAGE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/jpg": ".jpg"}

# Word's built-in heading styles, by name as English and Chinese Word and WPS store them.
STYLE_MAP = (
    "\n".join(
        f"p[style-name='{name} {n}'] => h{n}:fresh" for n in range(1, 7) for name in ("heading", "Heading", "标题")
    )
    + "\np[style-name='Title'] => h1.doc-title:fresh\np[style-name='标题'] => h1.doc-title:fresh"
)


class WordError(Exception):
    """A file sitegen will not import; the message says, in Chinese, what to do."""


@dataclass
class Converted:
    title: str | None  # the document's Title paragraph or first level-1 heading
    markdown: str
    images: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, bytes)
    dropped: list[str] = field(default_factory=list)  # what was left out, for the user


def screen(name: str, data: bytes) -> None:
    """Refuse what is not a plain, sane .docx before any parser sees it."""
    lower = name.lower()
    if len(data) > MAX_FILE:
        raise WordError(
            f"文件有 {len(data) / 1048576:.0f} MB，超过 50 MB 上限；请压缩其中的图片（Word：图片格式 → 压缩图片）后再导入，或把大图作为附件单独上传。"
        )
    if data.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise WordError(
                "文件设置了打开密码，sitegen 无法读取。请在 Word 中“文件 → 信息 → 保护文档 → 用密码进行加密”清除密码，另存为 .docx 后再导入。"
            )
        raise WordError(f"这是旧版 Word（.doc）或 WPS（.wps）格式的文件，sitegen 只能导入 .docx。{_SAVE_AS}")
    if lower.endswith((".doc", ".wps", ".wpt", ".dot", ".rtf")):
        raise WordError(f"不支持 {name.rsplit('.', 1)[-1]} 格式，sitegen 只能导入 .docx。{_SAVE_AS}")
    if lower.endswith((".docm", ".dotm")):
        raise WordError(f"这是启用宏的 Word 文件（.docm），出于安全原因不能导入。{_SAVE_AS}")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WordError(f"文件已损坏，或不是 Word 文档（可能只是改了扩展名）。{_SAVE_AS}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _screen_members(archive, members)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        raise WordError(f"文件已损坏，无法读取（{type(exc).__name__}）。{_SAVE_AS}") from None


def _screen_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    names = {m.filename for m in members}
    if len(members) > MAX_MEMBERS:
        raise WordError(f"文件内部结构异常（{len(members)} 个部件），已拒绝。{_SAVE_AS}")
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise WordError(
            "文件解压后超过 200 MB（多为大量高清图片），请在 Word 中压缩图片（图片格式 → 压缩图片），或删除不必要的图片后再导入。"
        )
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise WordError(f"文件中含有宏（VBA），出于安全原因不能导入。请另存为不含宏的 .docx：{_SAVE_AS}")
    if "word/document.xml" not in names:
        raise WordError(f"文件不是 Word 文档（缺少正文部分）。{_SAVE_AS}")
    content_types = archive.read("[Content_Types].xml")[:200000] if "[Content_Types].xml" in names else b""
    if b"macroEnabled" in content_types:
        raise WordError(f"文件是启用宏的 Word 文档，出于安全原因不能导入。{_SAVE_AS}")
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            with archive.open(member) as part:
                head = part.read(65536)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise WordError(f"文件中含有不允许的 XML 声明（DOCTYPE/ENTITY），已拒绝。{_SAVE_AS}")


def convert(data: bytes, slug: str) -> Converted:
    """The document as Markdown; images named 图片N.ext, linked as `<slug>/图片N.ext`."""
    import mammoth  # type: ignore[import-untyped]  # no stubs published

    images: list[tuple[str, bytes]] = []
    dropped: list[str] = []

    def image(element: Any) -> dict[str, str]:
        suffix = IMAGE_TYPES.get((element.content_type or "").lower())
        with element.open() as stream:
            blob = stream.read(MAX_IMAGE + 1)
        if suffix is None or len(blob) > MAX_IMAGE:
            why = "超过 20 MB" if suffix else f"格式 {element.content_type} 不是 PNG/JPEG"
            dropped.append(f"一张图片（{why}）")
            return {"src": "", "alt": ""}
        name = f"图片{len(images) + 1}{suffix}"
        images.append((name, blob))
        return {"src": f"{slug}/{name}", "alt": (element.alt_text or "").strip() or name.rsplit(".", 1)[0]}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            include_embedded_style_map=False,
            convert_image=mammoth.images.img_element(image),
            ignore_empty_paragraphs=True,
        )
    except WordError:
        raise
    except Exception as exc:  # noqa: BLE001 - mammoth's errors are many and undocumented: all mean "unreadable"
        raise WordError(f"无法读取文件内容（{type(exc).__name__}）。{_SAVE_AS}") from None
    title, markdown = to_markdown(result.value)
    return Converted(title, markdown, images, dropped)


# ---- HTML → Markdown ---------------------------------------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)


_VOID = {"br", "img", "hr"}


class _Builder(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


_CN_H2 = re.compile(r"^[一二三四五六七八九十百]+、\S")
_CN_H3 = re.compile(r"^[（(][一二三四五六七八九十百]+[）)]\S")
_NUM_H4 = re.compile(r"^\d{1,2}[.．]\s*\S")
_CLOSING = tuple("。；;：:，,！？")
_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
_NOTE = re.compile(r"^#(footnote|endnote)-(\d+)$")


def to_markdown(source: str) -> tuple[str | None, str]:
    builder = _Builder()
    builder.feed(source)
    builder.close()
    state = _State()
    blocks: list[str] = []
    for child in builder.root.children:
        block = _block(child, state)
        if block:
            blocks.append(block)
            state.started = True
    if state.notes:
        blocks.append("## 注释")
        blocks.extend(f"〔注{n}〕{text}" for n, text in state.notes)
    return state.title, "\n\n".join(blocks).strip() + "\n"


@dataclass
class _State:
    title: str | None = None
    started: bool = False  # a block has been written: a later level-1 heading is not the title
    notes: list[tuple[int, str]] = field(default_factory=list)


def _block(node: Node | str, state: _State) -> str:
    if isinstance(node, str):
        return _escape(node.strip()) if node.strip() else ""
    tag = node.tag
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        text = _plain(_inline(node, state))
        if not text:
            return ""
        opens_document = "doc-title" in node.attrs.get("class", "") or (tag == "h1" and not state.started)
        if opens_document and state.title is None:
            state.title = text
            return ""
        level = min(int(tag[1]) + 1, 6)
        return "#" * level + " " + text
    if tag == "p":
        text = _inline(node, state).strip()
        return _numbered_heading(text) or text
    if tag in ("ul", "ol"):
        if tag == "ol" and _is_notes(node):
            _collect_notes(node, state)
            return ""
        return _list(node, state, 0)
    if tag == "table":
        return _table(node, state)
    return "\n\n".join(b for b in (_block(c, state) for c in node.children) if b)


def _numbered_heading(text: str) -> str | None:
    plain = _plain(text)
    if len(plain) > 60 or plain.endswith(_CLOSING) or "\n" in plain:
        return None
    if _CN_H2.match(plain):
        return "## " + plain
    if _CN_H3.match(plain):
        return "### " + plain
    if _NUM_H4.match(plain) and len(plain) <= 40:
        return "#### " + plain
    return None


def _plain(markdown: str) -> str:
    return re.sub(r"\*\*|(?<!\\)\*", "", markdown).strip()


def _inline(node: Node, state: _State) -> str:
    out: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            out.append(_escape(child))
            continue
        tag = child.tag
        inner = _inline(child, state) if tag not in _VOID else ""
        if tag in ("strong", "b"):
            out.append(_wrap(inner, "**"))
        elif tag in ("em", "i"):
            out.append(_wrap(inner, "*"))
        elif tag == "br":
            out.append("\n")
        elif tag == "img":
            src = child.attrs.get("src", "")
            if src:
                out.append(f"![{_escape(child.attrs.get('alt', ''))}]({src})")
        elif tag == "a":
            out.append(_link(child, inner))
        elif tag == "sup":
            out.append(inner)
        else:
            out.append(inner)
    return "".join(out)


def _wrap(text: str, mark: str) -> str:
    stripped = text.strip()
    if not stripped:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _link(node: Node, text: str) -> str:
    href = node.attrs.get("href", "")
    note = _NOTE.match(href)
    if note:
        return f"〔注{note.group(2)}〕"
    if href.startswith("#"):  # a back-link from a note, or a bookmark: text only
        return "" if text.strip() in ("↑", "") else text
    if re.match(r"^(https?://|mailto:)", href, re.IGNORECASE) and not re.search(r"[\s<>()]", href):
        return f"[{text or href}]({href})"
    return text


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text.replace("\u00a0", " "))


def _is_notes(node: Node) -> bool:
    items = [c for c in node.children if isinstance(c, Node) and c.tag == "li"]
    return bool(items) and all(_NOTE.match("#" + c.attrs.get("id", "")) for c in items)


def _collect_notes(node: Node, state: _State) -> None:
    for item in node.children:
        if isinstance(item, Node) and item.tag == "li":
            number = int(_NOTE.match("#" + item.attrs["id"]).group(2))  # type: ignore[union-attr]
            text = " ".join(
                _inline(p, state).strip() if isinstance(p, Node) else _escape(p.strip()) for p in item.children
            )
            state.notes.append((number, " ".join(text.split())))


def _list(node: Node, state: _State, depth: int) -> str:
    lines: list[str] = []
    number = 0
    for item in node.children:
        if not isinstance(item, Node) or item.tag != "li":
            continue
        number += 1
        marker = f"{number}. " if node.tag == "ol" else "- "
        indent = " " * len(marker)
        text_parts: list[str] = []
        nested: list[str] = []
        for child in item.children:
            if isinstance(child, Node) and child.tag in ("ul", "ol"):
                nested.append(_list(child, state, depth + 1))
            elif isinstance(child, Node):
                text_parts.append(_inline(child, state).strip())
            else:
                text_parts.append(_escape(child.strip()))
        text = " ".join(p for p in text_parts if p).replace("\n", " ")
        lines.append(marker + text)
        for block in nested:
            lines.extend(indent + line if line else line for line in block.splitlines())
    return "\n".join(lines)


def _table(node: Node, state: _State) -> str:
    rows: list[list[str]] = []
    for row in _descendants(node, "tr"):
        cells = [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]
        texts = []
        for cell in cells:
            parts = [_inline(c, state) if isinstance(c, Node) else _escape(c) for c in cell.children]
            text = " ".join(" ".join(parts).split())
            texts.append(text)
            texts.extend([""] * (int(cell.attrs.get("colspan", "1") or 1) - 1))
        rows.append(texts)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def _descendants(node: Node, tag: str) -> list[Node]:
    found: list[Node] = []
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                found.append(child)
            elif child.tag != "table":  # a nested table is flattened into its cell's text
                found.extend(_descendants(child, tag))
    return found
