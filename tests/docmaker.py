"""Real documents for the secrecy tests, made by real writers: python-docx, openpyxl, fpdf2, pypdf, Pillow.

PDFs need a CJK font: Debian's fonts-noto-cjk (installed by `make test` where missing). It is
subset once per process with fontTools (an fpdf2 dependency) so that each PDF takes milliseconds.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


@cache
def cjk_font(folder: str, extra: str = "") -> str:
    """A small TTF with the glyphs the tests use (a subset of a system CJK font), written into `folder`."""
    from fontTools import subset, ttLib

    source = next((p for p in FONT_CANDIDATES if Path(p).exists()), None)
    if source is None:
        raise RuntimeError(
            "找不到中文字体：请运行 make test（会安装 fonts-noto-cjk），或 apt-get install fonts-noto-cjk。"
        )
    font = ttLib.TTFont(source, fontNumber=2 if "Sans" in source else 0)
    options = subset.Options()
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    chars = "".join(chr(c) for c in range(0x20, 0x7F)) + _CORPUS_CHARS + extra
    subsetter.populate(text=chars)
    subsetter.subset(font)
    target = Path(folder) / f"cjk-subset-{abs(hash(extra))}.ttf"
    font.save(str(target))
    return str(target)


_CORPUS_CHARS = (
    "机密秘绝★☆＊内部资料文件参考注意保存严禁外传级：:，。、；（）()《》【】〔〕“”年月日长期第一二三四五六七八九十页"
    "身份证号码手机银行卡邮箱联系人电话申请地址办理退税元万户共计本通知关于进一步优化纳税服务的公告附件表格说明"
    "性出版物管理办法不涉及国家商业保守是每个公民义务将上传互联网请于前提交材料经审核后由税务局统一发布热线０１２３４５６７８９"
    "网站栏目信息公开指南政策解读征求意见稿发票增值税个人所得税企业会计报表示例样式合计金额单位编号序号姓名备注填报"
    "　"
)


def pdf(pages: list[str], *, folder: str, author: str | None = None, title: str | None = None) -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    needed = "".join(sorted(set("".join(pages)) - set(_CORPUS_CHARS) - {chr(c) for c in range(0x20, 0x7F)}))
    doc.add_font("cjk", fname=cjk_font(folder, needed))
    doc.set_font("cjk", size=12)
    for text in pages:
        doc.add_page()
        doc.multi_cell(0, 8, text)
    if author is not None:
        doc.set_author(author)
    if title is not None:
        doc.set_title(title)
    return bytes(doc.output())


def blank_pdf() -> bytes:
    """A valid one-page PDF without text (pypdf)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf(data: bytes) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password="", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_javascript(data: bytes) -> bytes:
    from pypdf import PdfWriter
    from pypdf.actions import JavaScript

    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.add_open_action(JavaScript("app.alert('hello');"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx(
    paragraphs: list[str],
    *,
    header: str | None = None,
    footer: str | None = None,
    comment: str | None = None,
    comment_author: str = "python-docx",
    author: str | None = None,
    last_modified_by: str | None = None,
    title: str | None = None,
    link: str | None = None,
) -> bytes:
    import docx as python_docx
    from docx.opc.constants import RELATIONSHIP_TYPE

    document = python_docx.Document()
    added = [document.add_paragraph(text) for text in paragraphs]
    section = document.sections[0]
    if header is not None:
        section.header.paragraphs[0].text = header
    if footer is not None:
        section.footer.paragraphs[0].text = footer
    if comment is not None:
        document.add_comment(added[0].runs, text=comment, author=comment_author, initials="X")
    if link is not None:
        paragraph = document.add_paragraph("联系我们")
        paragraph.part.relate_to(link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    props = document.core_properties
    if author is not None:
        props.author = author
    if last_modified_by is not None:
        props.last_modified_by = last_modified_by
    if title is not None:
        props.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_with_deleted_text(visible: str, deleted: str, author: str = "python-docx") -> bytes:
    """A python-docx document whose tracked changes keep `deleted` (w:del / w:delText) in the file."""
    data = docx([visible])
    revision = (
        f'<w:p><w:del w:id="1" w:author="{author}" w:date="2026-11-20T10:00:00Z"><w:r><w:delText>{deleted}'
        "</w:delText></w:r></w:del></w:p>"
    )
    return _rewrite(data, "word/document.xml", lambda xml: xml.replace("<w:sectPr", revision + "<w:sectPr", 1))


def docx_with_part(name: str, payload: bytes) -> bytes:
    """A python-docx document with one more part (a macro project, an embedded object …)."""
    source = zipfile.ZipFile(io.BytesIO(docx(["正文。"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr(name, payload)
    return out.getvalue()


def zip_bomb(inflated_mib: int) -> bytes:
    """A .docx-shaped zip whose document part inflates to `inflated_mib` MiB of blanks."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        with target.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(inflated_mib):
                part.write(chunk)
    return out.getvalue()


def _rewrite(data: bytes, name: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == name:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def xlsx(
    rows: list[list[str]],
    *,
    hidden: list[list[str]] | None = None,
    comment: str | None = None,
    comment_author: str = "openpyxl",
    creator: str | None = None,
    last_modified_by: str | None = None,
) -> bytes:
    import openpyxl
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "汇总表"
    for row in rows:
        sheet.append(row)
    if hidden is not None:
        secret = book.create_sheet("底稿")
        secret.sheet_state = "hidden"
        for row in hidden:
            secret.append(row)
    if comment is not None:
        sheet["A1"].comment = Comment(comment, comment_author)
    if creator is not None:
        book.properties.creator = creator
    if last_modified_by is not None:
        book.properties.lastModifiedBy = last_modified_by
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def jpeg(*, artist: str | None = None, gps: bool = False, description: str | None = None) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (16, 16), (200, 30, 30))
    exif = image.getexif()
    if artist is not None:
        exif[0x013B] = artist
    if description is not None:
        exif[0x010E] = description
    if gps:
        exif[0x8825] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(*, author: str | None = None) -> bytes:
    from PIL import Image, PngImagePlugin

    image = Image.new("RGB", (16, 16), (30, 30, 200))
    info = PngImagePlugin.PngInfo()
    if author is not None:
        info.add_text("Author", author)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def ofd(text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>')
        target.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            f'<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:TextCode X="0" Y="0">{text}</ofd:TextCode></ofd:Page>',
        )
    return out.getvalue()
