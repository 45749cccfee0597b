"""Attachments that hide personal data where a reader of the file can still see or extract it.

Each is a real document made by its real writer (python-docx, openpyxl, fpdf2, pypdf, Pillow); where
the writer has no API for a structure, the minimal XML part or PDF object is added to that real
file, as a hostile author would (review s8-privacy, sections D–G).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

MOBILE = "13800138000"
ID = "11010519491231002X"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def rezip(data: bytes, edits: dict[str, Callable[[str], str] | bytes | str]) -> bytes:
    """The package with parts changed (a function of the old text) or added (bytes or text)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for name in names:
            content = source.read(name)
            edit = edits.get(name)
            if callable(edit):
                content = edit(content.decode("utf-8")).encode("utf-8")
            elif edit is not None:
                content = edit.encode("utf-8") if isinstance(edit, str) else edit
            target.writestr(name, content)
        for name, edit in edits.items():
            if name not in names and not callable(edit):
                target.writestr(name, edit.encode("utf-8") if isinstance(edit, str) else edit)
    return out.getvalue()


# --- DOCX ------------------------------------------------------------------------------------


def docx(fill: Callable[..., object] | None = None, text: str = "通知正文。") -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph(text)
    if fill is not None:
        fill(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _insert(xml: str) -> Callable[..., object]:
    def fill(document) -> None:
        from docx.oxml import parse_xml

        document.element.body.insert(0, parse_xml(xml))

    return fill


def docx_dropdown() -> bytes:
    """A content control's drop-down: its entries are offered to anyone who opens the list."""
    return docx(
        _insert(
            f'<w:sdt {W}><w:sdtPr><w:dropDownList><w:listItem w:displayText="张三 {MOBILE}" w:value="1"/>'
            "</w:dropDownList></w:sdtPr><w:sdtContent><w:p><w:r><w:t>请选择</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        )
    )


def docx_form_dropdown() -> bytes:
    return docx(
        _insert(
            f'<w:p {W}><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="f1"/><w:ddList>'
            f'<w:listEntry w:val="请选择"/><w:listEntry w:val="张三 {MOBILE}"/></w:ddList></w:ffData></w:fldChar></w:r>'
            '<w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )
    )


def docx_symbol_digit(char: str = "0030") -> bytes:
    """电话138 + a 0 inserted as a symbol + 0138000: Word shows 13800138000."""
    return docx(
        _insert(
            f'<w:p {W}><w:r><w:t>电话138</w:t></w:r><w:r><w:sym w:font="Symbol" w:char="{char}"/></w:r>'
            "<w:r><w:t>0138000</w:t></w:r></w:p>"
        )
    )


def docx_docvar() -> bytes:
    return rezip(
        docx(),
        {
            "word/settings.xml": lambda t: t.replace(
                "</w:settings>",
                f'<w:docVars><w:docVar w:name="联系人" w:val="张三 {MOBILE}"/></w:docVars></w:settings>',
            )
        },
    )


def docx_header_link() -> bytes:
    def fill(document) -> None:
        from docx.oxml import parse_xml

        header = document.sections[0].header
        rid = header.part.relate_to(f"https://www.example.com/?sfz={ID}", HYPERLINK, is_external=True)
        header.paragraphs[0]._p.append(
            parse_xml(f'<w:hyperlink {W} {R} r:id="{rid}"><w:r><w:t>查询</w:t></w:r></w:hyperlink>')
        )

    return docx(fill)


def docx_field_link() -> bytes:
    return docx(
        _insert(
            f'<w:p {W}><w:fldSimple w:instr=" HYPERLINK &quot;https://www.example.com/?sfz={ID}&quot; ">'
            "<w:r><w:t>查询</w:t></w:r></w:fldSimple></w:p>"
        )
    )


def docx_altchunk(name: str = "afchunk1.html", content_type: str = "text/html", payload: bytes | None = None) -> bytes:
    """An altChunk part: Word shows its content inline where the w:altChunk stands."""
    payload = payload or f"<html><body><p>联系人张三，手机{MOBILE}</p></body></html>".encode()

    def fill(document) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from docx.oxml import parse_xml

        part = Part(PackURI(f"/word/{name}"), content_type, payload, document.part.package)
        rid = document.part.relate_to(part, RELATIONSHIP_TYPE.A_F_CHUNK)
        document.element.body.insert(1, parse_xml(f'<w:altChunk {W} {R} r:id="{rid}"/>'))

    return docx(fill)


def docx_core(**values: str) -> bytes:
    def fill(document) -> None:
        for key, value in values.items():
            setattr(document.core_properties, key, value)

    return docx(fill)


def docx_app_properties() -> bytes:
    return rezip(
        docx(),
        {
            "docProps/app.xml": lambda t: t.replace(
                "</Properties>",
                f"<HyperlinkBase>https://www.example.com/</HyperlinkBase><Template>张三{MOBILE}.dotm</Template></Properties>",
            )
        },
    )


def docx_with_picture(picture: bytes) -> bytes:
    def fill(document) -> None:
        document.add_paragraph("现场照片：")
        document.add_picture(io.BytesIO(picture))

    return docx(fill)


def docx_with_binary_part(name: str, payload: bytes) -> bytes:
    return rezip(docx(), {name: payload})


def emf_with_text(text: str) -> bytes:
    """Bytes shaped like a vector picture holding `text` in UTF-16 (as EMR_EXTTEXTOUTW does)."""
    return b"\x01\x00\x00\x00\x6c\x00\x00\x00" + bytes(range(40)) + text.encode("utf-16-le") + b"\x0e\x00\x00\x00"


# --- XLSX ------------------------------------------------------------------------------------


def xlsx(fill: Callable[..., object] | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "名单"
    if fill is not None:
        fill(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_number_format(value: object, code: str) -> bytes:
    def fill(book, sheet) -> None:
        sheet["B2"] = value
        sheet["B2"].number_format = code

    return xlsx(fill)


def xlsx_cell(value: object) -> bytes:
    return xlsx(lambda book, sheet: sheet.__setitem__("B2", value))


def xlsx_conditional_format() -> bytes:
    def fill(book, sheet) -> None:
        from openpyxl.formatting.rule import FormulaRule

        sheet.conditional_formatting.add("B2", FormulaRule(formula=[f'B2="{MOBILE}"']))

    return xlsx(fill)


def xlsx_pivot_cache() -> bytes:
    """Pivot cache records: Excel keeps a pivot table's source data there, even with the source sheet deleted."""
    return rezip(
        xlsx(),
        {
            "xl/pivotCache/pivotCacheRecords1.xml": '<?xml version="1.0" encoding="UTF-8"?><pivotCacheRecords '
            'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"><r><s v="张三"/>'
            f'<s v="{MOBILE}"/></r></pivotCacheRecords>'
        },
    )


def xlsx_core(**values: str) -> bytes:
    def fill(book, sheet) -> None:
        for key, value in values.items():
            setattr(book.properties, key, value)

    return xlsx(fill)


def xlsx_orphan_shared_string() -> bytes:
    """A shared string no cell shows (openpyxl writes its strings inline): still in the file."""
    return rezip(
        xlsx(lambda book, sheet: sheet.__setitem__("B2", "事项")),
        {
            "xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8"?><sst '
            'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
            f"<si><t>张三 {MOBILE}</t></si></sst>"
        },
    )


# --- images ----------------------------------------------------------------------------------


def jpeg(
    *,
    exif: dict[int, object] | None = None,
    exif_ifd: dict[int, object] | None = None,
    exif_bytes: bytes | None = None,
    **save: object,
) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (16, 16), (200, 30, 30))
    tags = image.getexif()
    for tag, value in (exif or {}).items():
        tags[tag] = value
    for tag, value in (exif_ifd or {}).items():
        tags.get_ifd(0x8769)[tag] = value
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif_bytes if exif_bytes is not None else tags, **save)
    return out.getvalue()


def xmp_packet(*, creator: str = "", description: str = "", gps: bool = False) -> bytes:
    parts = [
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/">',
    ]
    if creator:
        parts.append(f"<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>")
    if description:
        parts.append(
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li></rdf:Alt></dc:description>'
        )
    if gps:
        parts.append("<exif:GPSLatitude>39,54.5N</exif:GPSLatitude><exif:GPSLongitude>116,23.5E</exif:GPSLongitude>")
    parts.append("</rdf:Description></rdf:RDF></x:xmpmeta>")
    return "".join(parts).encode("utf-8")


def png(
    texts: dict[str, str] | None = None, *, compressed: bool = False, international: bool = False, **save: object
) -> bytes:
    from PIL import Image, PngImagePlugin

    image = Image.new("RGB", (16, 16), (30, 30, 200))
    info = PngImagePlugin.PngInfo()
    for key, value in (texts or {}).items():
        if international:
            info.add_itxt(key, value, zip=compressed)
        else:
            info.add_text(key, value, zip=compressed)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, **save)
    return out.getvalue()


# --- PDF -------------------------------------------------------------------------------------


def pdf(draw: Callable[..., object] | None = None, *, compress: bool = True) -> bytes:
    from fpdf import FPDF

    document = FPDF()
    document.set_compression(compress)
    document.add_page()
    document.set_font("helvetica", size=12)
    document.text(10, 10, "Notice.")
    if draw is not None:
        draw(document)
    return bytes(document.output())


def pdf_right_to_left(number: str) -> bytes:
    """Each character drawn on its own, the last first: the page shows `number`, the stream holds it reversed."""

    def draw(document) -> None:
        for i, ch in reversed(list(enumerate(number))):
            document.text(10 + 3 * i, 30, ch)

    return pdf(draw)


def pdf_post(data: bytes, change: Callable[..., object], *, incremental: bool = False) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = (
        PdfWriter(io.BytesIO(data), incremental=True)
        if incremental
        else PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    )
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _annotation(writer, entries: dict) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    annot = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), **entries})
    annot[NameObject("/Rect")] = ArrayObject([FloatObject(50), FloatObject(700), FloatObject(150), FloatObject(720)])
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annot)])


def pdf_form_field() -> bytes:
    """A filled text field: the value /V and its appearance, not the page's content stream."""

    def change(writer) -> None:
        from pypdf.generic import (
            ArrayObject,
            DecodedStreamObject,
            DictionaryObject,
            FloatObject,
            NameObject,
            TextStringObject,
        )

        appearance = DecodedStreamObject()
        appearance.set_data(f"BT /Helv 10 Tf 2 5 Td ({MOBILE}) Tj ET".encode())
        appearance.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(100), FloatObject(20)]),
            }
        )
        _annotation(
            writer,
            {
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/FT"): NameObject("/Tx"),
                NameObject("/T"): TextStringObject("phone"),
                NameObject("/V"): TextStringObject(MOBILE),
                NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(appearance)}),
            },
        )
        writer._root_object[NameObject("/AcroForm")] = writer._add_object(
            DictionaryObject({NameObject("/Fields"): ArrayObject([writer.pages[0]["/Annots"][0]])})
        )

    return pdf_post(pdf(), change)


def pdf_file_attachment() -> bytes:
    def change(writer) -> None:
        from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

        embedded = DecodedStreamObject()
        embedded.set_data(f"姓名,手机\n张三,{MOBILE}\n".encode())
        embedded.update({NameObject("/Type"): NameObject("/EmbeddedFile")})
        spec = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Filespec"),
                NameObject("/F"): TextStringObject("list.csv"),
                NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(embedded)}),
            }
        )
        _annotation(
            writer, {NameObject("/Subtype"): NameObject("/FileAttachment"), NameObject("/FS"): writer._add_object(spec)}
        )

    return pdf_post(pdf(), change)


def pdf_rich_text_note() -> bytes:
    def change(writer) -> None:
        from pypdf.generic import NameObject, TextStringObject

        _annotation(
            writer,
            {
                NameObject("/Subtype"): NameObject("/FreeText"),
                NameObject("/RC"): TextStringObject(f"<body><p>张三 {MOBILE}</p></body>"),
                NameObject("/DA"): TextStringObject("/Helv 10 Tf 0 g"),
            },
        )

    return pdf_post(pdf(), change)


def pdf_info(**entries: str) -> bytes:
    return pdf_post(pdf(), lambda writer: writer.add_metadata({f"/{k}": v for k, v in entries.items()}))


def pdf_xmp(packet: bytes) -> bytes:
    def change(writer) -> None:
        from pypdf.generic import DecodedStreamObject, NameObject

        stream = DecodedStreamObject()
        stream.set_data(packet)
        stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
        writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)

    return pdf_post(pdf(), change)


def pdf_redacted_by_incremental_save() -> bytes:
    """Revision 1 shows the number; revision 2 replaces the page content with stars; revision 1 stays in the file."""
    first = pdf(lambda d: d.text(10, 20, f"Tel {MOBILE}"), compress=False)

    def change(writer) -> None:
        page = writer.pages[0]
        content = page.get_contents()
        content.set_data(b"BT /F1 12 Tf 28 800 Td (Tel ***********) Tj ET")
        page.replace_contents(content)

    return pdf_post(first, change, incremental=True)


def pdf_titled_by_incremental_save() -> bytes:
    """An honest incremental save (a title added, as a signature or a form fill adds objects): nothing hidden."""
    return pdf_post(pdf(), lambda writer: writer.add_metadata({"/Title": "关于优化纳税服务的通知"}), incremental=True)


def pdf_orphan_object() -> bytes:
    """An object nothing references, holding the number: any PDF tool lists it."""
    return pdf() + f"99 0 obj\n<< /Note (Zhang San {MOBILE}) >>\nendobj\n".encode()


def exif_with_thumbnail(thumbnail: bytes) -> bytes:
    """An EXIF block (TIFF, big-endian) whose IFD1 points at `thumbnail`: cameras store a preview so."""
    ifd0 = (1).to_bytes(2, "big") + _entry(0x010F, 2, 4, b"Cam\x00") + (26).to_bytes(4, "big")
    ifd1 = (2).to_bytes(2, "big") + _entry(0x0201, 4, 1, (56).to_bytes(4, "big"))
    ifd1 += _entry(0x0202, 4, 1, len(thumbnail).to_bytes(4, "big")) + bytes(4)
    tiff = b"MM\x00\x2a" + (8).to_bytes(4, "big") + ifd0 + ifd1
    assert len(tiff) == 56, len(tiff)
    return b"Exif\x00\x00" + tiff + thumbnail


def _entry(tag: int, kind: int, count: int, value: bytes) -> bytes:
    return tag.to_bytes(2, "big") + kind.to_bytes(2, "big") + count.to_bytes(4, "big") + value


def xlsx_shape_split_runs() -> bytes:
    """A shape's text (DrawingML) with the number split over two runs: Excel shows one number."""
    drawing = (
        '<?xml version="1.0" encoding="UTF-8"?><xdr:wsDr '
        'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor><xdr:sp><xdr:txBody>'
        f"<a:p><a:r><a:t>联系电话{MOBILE[:3]}</a:t></a:r><a:r><a:t>{MOBILE[3:]}</a:t></a:r></a:p>"
        "</xdr:txBody></xdr:sp></xdr:twoCellAnchor></xdr:wsDr>"
    )
    return rezip(xlsx(), {"xl/drawings/drawing1.xml": drawing})


def with_zip_comment(data: bytes, comment: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.comment = comment
    return out.getvalue()


def with_duplicate_part(data: bytes, name: str, payload: bytes) -> bytes:
    import warnings

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Duplicate name": the point of the case
            target.writestr(name, payload)
    return out.getvalue()


def pdf_link_javascript() -> bytes:
    """A link whose action runs JavaScript (not declared in the catalogue: on a page's annotation)."""

    def change(writer) -> None:
        from pypdf.generic import DictionaryObject, NameObject, TextStringObject

        action = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1);")}
        )
        _annotation(writer, {NameObject("/Subtype"): NameObject("/Link"), NameObject("/A"): action})

    return pdf_post(pdf(), change)


def pdf_page_xmp(packet: bytes) -> bytes:
    """XMP attached to a page (as to an image) rather than to the document."""

    def change(writer) -> None:
        from pypdf.generic import DecodedStreamObject, NameObject

        stream = DecodedStreamObject()
        stream.set_data(packet)
        stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
        writer.pages[0][NameObject("/Metadata")] = writer._add_object(stream)

    return pdf_post(pdf(), change)


def docx_people_part() -> bytes:
    """word/people.xml: the commenter's name and account, kept after the comments are deleted."""
    people = (
        '<?xml version="1.0" encoding="UTF-8"?><w15:people '
        'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="张三">'
        '<w15:presenceInfo w15:providerId="Windows Live" w15:userId="zhangsan1990"/></w15:person></w15:people>'
    )
    return rezip(docx(), {"word/people.xml": people})


def jpeg_with_iptc(by_line: str, caption: str) -> bytes:
    """A JPEG with a Photoshop APP13 segment holding IPTC By-line (2:80) and Caption (2:120)."""
    records = b""
    for dataset, text in ((0x50, by_line), (0x78, caption)):
        value = text.encode("utf-8")
        records += b"\x1c\x02" + bytes([dataset]) + len(value).to_bytes(2, "big") + value
    resource = b"8BIM\x04\x04\x00\x00" + len(records).to_bytes(4, "big") + records
    payload = b"Photoshop 3.0\x00" + resource
    data = jpeg()
    return data[:2] + b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload + data[2:]


def pdf_undrawn_form() -> bytes:
    """A form XObject in the page's resources that the page never draws: any PDF tool extracts its text."""

    def change(writer) -> None:
        from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        form = DecodedStreamObject()
        form.set_data(f"BT /F9 12 Tf 0 0 Td (Tel {MOBILE}) Tj ET".encode())
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(200), FloatObject(20)]),
                NameObject("/Resources"): DictionaryObject(
                    {NameObject("/Font"): DictionaryObject({NameObject("/F9"): writer._add_object(font)})}
                ),
            }
        )
        resources = writer.pages[0]["/Resources"].get_object()
        resources[NameObject("/XObject")] = DictionaryObject({NameObject("/Hidden"): writer._add_object(form)})

    return pdf_post(pdf(), change)
