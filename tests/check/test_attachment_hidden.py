"""Personal data hidden in an attachment's less visible places (review s8-privacy, D–G): every part of
the file is read, what cannot be read is refused, and honest files still pass.

An attachment is published byte for byte: whatever a reader of the file can see or extract (a
drop-down's entries, a number format, a pivot cache, a header's link, a picture's EXIF or XMP, a PDF
form value or an earlier revision) is scanned like the body. Each hostile case has its plain form
beside it (refused before and after), and honest documents made by the same writers pass.
"""

from __future__ import annotations

import hiddenmaker as hm
import pytest
from checkkit import article, check, write_site
from scratchkit import link_templates

A = "content/nsfw/a.md"
M = hm.MOBILE


def problems(name: str, data: bytes, tmp_path) -> list:
    """The SE problems of the scratch site's article with this one attachment (the real check)."""
    root = write_site(tmp_path / "site", {A: article("附件见下。\n"), f"content/nsfw/a/{name}": data})
    return [p for p in check(root) if p.rule.startswith("SE")]


def codes(name: str, data: bytes, tmp_path) -> set[str]:
    found = problems(name, data, tmp_path)
    for p in found:
        assert p.path == f"content/nsfw/a/{name}", p
        assert any("\u4e00" <= ch <= "\u9fff" for ch in p.message), p
    return {p.rule for p in found}


# (id, file name, maker, codes that must be raised). docx-duplicate-part: the first word/document.xml
# holds the number, a second one of the same name is clean (readers differ on which one they show).
HOSTILE = [
    # XLSX (D)
    ("xlsx-numfmt-literal", "表.xlsx", lambda: hm.xlsx_number_format(0, f'"张三 {M}"'), {"SE003"}),
    ("xlsx-numfmt-suffix", "表.xlsx", lambda: hm.xlsx_number_format(138, '0"00138000"'), {"SE003"}),
    ("xlsx-numfmt-text", "表.xlsx", lambda: hm.xlsx_number_format("0013", '"138"@"8000"'), {"SE003"}),
    ("xlsx-formula-concat", "表.xlsx", lambda: hm.xlsx_cell('="1380013"&"8000"'), {"SE003"}),
    ("xlsx-condformat", "表.xlsx", hm.xlsx_conditional_format, {"SE003"}),
    ("xlsx-pivot-cache", "表.xlsx", hm.xlsx_pivot_cache, {"SE003"}),
    ("xlsx-core-identifier", "表.xlsx", lambda: hm.xlsx_core(identifier=M), {"SE003"}),
    ("xlsx-core-status", "表.xlsx", lambda: hm.xlsx_core(contentStatus=f"张三 {M}"), {"SE003"}),
    ("xlsx-core-version", "表.xlsx", lambda: hm.xlsx_core(version=M), {"SE003"}),
    ("xlsx-orphan-shared-string", "表.xlsx", hm.xlsx_orphan_shared_string, {"SE003"}),
    ("xlsx-shape-split-runs", "表.xlsx", hm.xlsx_shape_split_runs, {"SE003"}),
    ("xlsx-zip-comment", "表.xlsx", lambda: hm.with_zip_comment(hm.xlsx(), f"张三 {M}".encode()), {"SE003"}),
    ("xlsx-bytes-before-the-parts", "表.xlsx", lambda: f"张三 {M} ".encode() * 8 + hm.xlsx(), {"SE008"}),
    (
        "docx-duplicate-part",
        "通知.docx",
        lambda: hm.with_duplicate_part(
            hm.docx(text=f"张三 {M}"), "word/document.xml", _part(hm.docx(), "word/document.xml")
        ),
        {"SE008"},
    ),
    # DOCX (E)
    ("docx-sdt-dropdown", "通知.docx", hm.docx_dropdown, {"SE003"}),
    ("docx-formfield-dropdown", "通知.docx", hm.docx_form_dropdown, {"SE003"}),
    ("docx-symbol-digit", "通知.docx", hm.docx_symbol_digit, {"SE003"}),
    ("docx-symbol-font-digit", "通知.docx", lambda: hm.docx_symbol_digit("F030"), {"SE003"}),
    ("docx-docvar", "通知.docx", hm.docx_docvar, {"SE003"}),
    ("docx-header-link", "通知.docx", hm.docx_header_link, {"SE002"}),
    ("docx-fldsimple-link", "通知.docx", hm.docx_field_link, {"SE002"}),
    ("docx-altchunk-html", "通知.docx", hm.docx_altchunk, {"SE003"}),
    (
        "docx-altchunk-rtf",
        "通知.docx",
        lambda: hm.docx_altchunk("afchunk1.rtf", "application/rtf", rb"{\rtf1 \u24352?\u19977? 138\'30\'30138000}"),
        {"SE003"},
    ),
    ("docx-people-part", "通知.docx", hm.docx_people_part, {"SE010"}),
    ("docx-core-identifier", "通知.docx", lambda: hm.docx_core(identifier=M), {"SE003"}),
    ("docx-core-status", "通知.docx", lambda: hm.docx_core(content_status=f"张三 {M}"), {"SE003"}),
    ("docx-app-template", "通知.docx", hm.docx_app_properties, {"SE003"}),
    (
        "docx-picture-gps",
        "通知.docx",
        lambda: hm.docx_with_picture(hm.jpeg(exif={0x8825: {1: "N", 2: (39.0, 54.0, 27.0)}})),
        {"SE011"},
    ),
    (
        "docx-picture-exif",
        "通知.docx",
        lambda: hm.docx_with_picture(hm.jpeg(exif={0x013B: "Zhang San", 0x010E: f"Zhang San {M}"})),
        {"SE010", "SE003"},
    ),
    (
        "docx-vector-picture-text",
        "通知.docx",
        lambda: hm.docx_with_binary_part("word/media/image9.emf", hm.emf_with_text(f"Tel {M}")),
        {"SE003"},
    ),
    (
        "docx-ole-outside-embeddings",
        "通知.docx",
        lambda: hm.docx_with_binary_part("word/media/oleObject1.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
        {"SE008"},
    ),
    (
        "docx-zip-inside",
        "通知.docx",
        lambda: hm.docx_with_binary_part("word/media/data.bin", hm.xlsx_cell(M)),
        {"SE008"},
    ),
    # images (G)
    ("jpeg-comment", "照片.jpg", lambda: hm.jpeg(comment=f"zhangsan {M}".encode()), {"SE003"}),
    (
        "jpeg-xmp",
        "照片.jpg",
        lambda: hm.jpeg(xmp=hm.xmp_packet(creator="张三", description=M, gps=True)),
        {"SE003", "SE010", "SE011"},
    ),
    ("jpeg-xpkeywords", "照片.jpg", lambda: hm.jpeg(exif={0x9C9E: f"张三 {M}".encode("utf-16-le")}), {"SE003"}),
    ("jpeg-make", "照片.jpg", lambda: hm.jpeg(exif={0x010F: M}), {"SE003"}),
    ("jpeg-body-serial", "照片.jpg", lambda: hm.jpeg(exif_ifd={0xA431: hm.ID}), {"SE002"}),
    ("jpeg-unique-id", "照片.jpg", lambda: hm.jpeg(exif_ifd={0xA420: M}), {"SE003"}),
    (
        "jpeg-user-comment",
        "照片.jpg",
        lambda: hm.jpeg(exif_ifd={0x9286: b"UNICODE\x00" + f"张三 {M}".encode("utf-16-le")}),
        {"SE003"},
    ),
    ("jpeg-appended-data", "照片.jpg", lambda: hm.jpeg() + hm.xlsx_cell("x"), {"SE008"}),
    ("jpeg-iptc", "照片.jpg", lambda: hm.jpeg_with_iptc("张三", f"联系电话 {M}"), {"SE010", "SE003"}),
    ("jpeg-thumbnail-comment", "照片.jpg", lambda: hm.jpeg(exif=None, exif_bytes=_thumbnail()), {"SE003"}),
    ("png-custom-key", "图.png", lambda: hm.png({"Phone": f"张三 {M}"}), {"SE003"}),
    ("png-software", "图.png", lambda: hm.png({"Software": M}), {"SE003"}),
    ("png-source-compressed", "图.png", lambda: hm.png({"Source": hm.ID}, compressed=True), {"SE002"}),
    ("png-itxt", "图.png", lambda: hm.png({"Remark": f"张三 {M}"}, international=True, compressed=True), {"SE003"}),
    ("png-exif-chunk", "图.png", lambda: hm.png(exif=_exif({0x010F: M})), {"SE003"}),
    (
        "png-xmp-gps",
        "图.png",
        lambda: hm.png({"XML:com.adobe.xmp": hm.xmp_packet(gps=True).decode()}, international=True),
        {"SE011"},
    ),
    # PDF (F)
    ("pdf-right-to-left", "附件.pdf", lambda: hm.pdf_right_to_left(M), {"SE003"}),
    ("pdf-right-to-left-id", "附件.pdf", lambda: hm.pdf_right_to_left(hm.ID), {"SE002"}),
    ("pdf-form-value", "附件.pdf", hm.pdf_form_field, {"SE003"}),
    ("pdf-file-attachment", "附件.pdf", hm.pdf_file_attachment, {"SE009"}),
    ("pdf-rich-text-note", "附件.pdf", hm.pdf_rich_text_note, {"SE003"}),
    ("pdf-info-custom-key", "附件.pdf", lambda: hm.pdf_info(Phone=M, Company=f"张三 {M}"), {"SE003"}),
    ("pdf-xmp-description", "附件.pdf", lambda: hm.pdf_xmp(hm.xmp_packet(description=f"张三 {M}")), {"SE003"}),
    ("pdf-earlier-revision", "附件.pdf", hm.pdf_redacted_by_incremental_save, {"SE003", "SE008"}),
    ("pdf-orphan-object", "附件.pdf", hm.pdf_orphan_object, {"SE003"}),
    ("pdf-undrawn-form-xobject", "附件.pdf", hm.pdf_undrawn_form, {"SE003"}),
    ("pdf-link-javascript", "附件.pdf", hm.pdf_link_javascript, {"SE009"}),
    (
        "pdf-page-xmp",
        "附件.pdf",
        lambda: hm.pdf_page_xmp(hm.xmp_packet(creator="张三", description=M)),
        {"SE003", "SE010"},
    ),
]

# The plain forms: refused before this change and after.
CONTROLS = [
    ("xlsx-plain-cell", "表.xlsx", lambda: hm.xlsx_cell(f"张三 {M}"), {"SE003"}),
    ("docx-plain-body", "通知.docx", lambda: hm.docx(text=f"张三 {M}"), {"SE003"}),
    ("jpeg-plain-description", "照片.jpg", lambda: hm.jpeg(exif={0x010E: f"张三 {M}"}), {"SE003"}),
    ("jpeg-plain-gps", "照片.jpg", lambda: hm.jpeg(exif={0x8825: {1: "N", 2: (39.0, 54.0, 27.0)}}), {"SE011"}),
    ("png-plain-comment", "图.png", lambda: hm.png({"Comment": M}), {"SE003"}),
    ("pdf-plain-text", "附件.pdf", lambda: hm.pdf(lambda d: d.text(10, 20, f"Tel {M}")), {"SE003"}),
    ("pdf-plain-keywords", "附件.pdf", lambda: hm.pdf_info(Keywords=M), {"SE003"}),
]


def _part(data: bytes, name: str) -> bytes:
    import io
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def _thumbnail() -> bytes:
    """An EXIF block whose preview JPEG carries a comment of its own."""
    import io

    from PIL import Image

    preview = io.BytesIO()
    Image.new("RGB", (8, 8)).save(preview, "JPEG", comment=f"zhangsan {M}".encode())
    return hm.exif_with_thumbnail(preview.getvalue())


def _exif(tags: dict[int, object]):
    from PIL import Image

    exif = Image.Exif()
    for tag, value in tags.items():
        exif[tag] = value
    return exif


@pytest.mark.parametrize(("name", "maker", "expected"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hidden_personal_data_is_found(name, maker, expected, tmp_path):
    assert expected <= codes(name, maker(), tmp_path)


@pytest.mark.parametrize(("name", "maker", "expected"), [c[1:] for c in CONTROLS], ids=[c[0] for c in CONTROLS])
def test_the_plain_form_is_refused_too(name, maker, expected, tmp_path):
    assert expected <= codes(name, maker(), tmp_path)


def _honest_xlsx() -> bytes:
    def fill(book, sheet) -> None:
        import datetime as dt

        sheet.append(["事项", "金额", "日期", "占比"])
        sheet.append(["退税", 13800, dt.date(2026, 11, 30), 0.25])
        sheet.append(["合计", "=SUM(B2:B2)", None, '=B2&"元"'])
        sheet["B2"].number_format = '#,##0.00"元"'
        sheet["C2"].number_format = 'yyyy"年"m"月"d"日"'
        sheet["D2"].number_format = "0.0%"
        sheet.conditional_formatting.add("B2", _rule())
        sheet.title = "汇总表"

    return hm.xlsx(fill)


def _rule():
    from openpyxl.formatting.rule import FormulaRule

    return FormulaRule(formula=["B2>10000"])


def _honest_docx() -> bytes:
    def fill(document) -> None:
        document.sections[0].header.paragraphs[0].text = "国家税务总局"
        document.sections[0].footer.paragraphs[0].text = "第 1 页"
        document.add_paragraph("纳税缴费服务热线 12366，办公电话 010-63417114。")
        document.add_picture(__import__("io").BytesIO(hm.jpeg()))
        document.core_properties.title = "关于优化纳税服务的通知"

    return hm.docx(fill)


HONEST = [
    ("xlsx", "表.xlsx", _honest_xlsx),
    ("docx", "通知.docx", _honest_docx),
    ("docx-symbol-arrow", "通知.docx", lambda: hm.docx_symbol_digit("F0E0")),
    ("jpeg", "照片.jpg", lambda: hm.jpeg(exif={0x010F: "Canon", 0x0110: "EOS R5", 0x0131: "GIMP 2.10"}, quality=90)),
    ("png", "图.png", lambda: hm.png({"Software": "Pillow", "Title": "纳税服务流程图"}, dpi=(96, 96))),
    ("pdf", "附件.pdf", lambda: hm.pdf(lambda d: d.text(10, 20, "Hotline 12366, 2026-11-30"))),
    ("pdf-info", "附件.pdf", lambda: hm.pdf_info(Title="关于优化纳税服务的通知", Company="国家税务总局")),
    ("pdf-honest-incremental-save", "附件.pdf", hm.pdf_titled_by_incremental_save),
]


@pytest.mark.parametrize(("name", "maker"), [c[1:] for c in HONEST], ids=[c[0] for c in HONEST])
def test_honest_documents_by_the_same_writers_pass(name, maker, tmp_path):
    assert problems(name, maker(), tmp_path) == []


def test_the_message_names_the_part_and_says_what_to_change(tmp_path):
    found = problems("通知.docx", hm.docx_docvar(), tmp_path)
    assert [p.rule for p in found] == ["SE003"]
    assert "word/settings.xml" in found[0].message and "docVar" in found[0].message
    gps = problems("通知.docx", hm.docx_with_picture(hm.jpeg(exif={0x8825: {1: "N"}})), tmp_path / "b")
    assert [p.rule for p in gps] == ["SE011"]
    assert "word/media/image1.jpg" in gps[0].message and "重新插入" in gps[0].message
    revision = problems("附件.pdf", hm.pdf_redacted_by_incremental_save(), tmp_path / "c")
    assert any(p.rule == "SE008" and "另存为" in p.message for p in revision), revision


def test_a_page_read_twice_reports_a_number_once(tmp_path):
    found = problems("附件.pdf", hm.pdf(lambda d: d.text(10, 20, f"Tel {M}")), tmp_path)
    assert [p.rule for p in found] == ["SE003"]


def test_through_the_real_sitegen_check(site, run_sitegen):
    """The command a liaison runs: exit 1, the attachment, its part, the rule, in Chinese."""
    root = site({A: article("附件见下。\n"), "content/nsfw/a/通知.docx": hm.docx_dropdown()})
    run = run_sitegen("check", "--today", "2026-11-26", cwd=root)
    assert run.code == 1, run.out + run.err
    line = next(line for line in run.out.splitlines() if " SE003 " in line)
    assert line.startswith("content/nsfw/a/通知.docx:1: SE003 error: "), line
    assert "word/document.xml" in line and "listItem" in line
    clean = site({A: article("附件见下。\n"), "content/nsfw/a/通知.docx": _honest_docx()}, name="clean")
    assert run_sitegen("check", "--today", "2026-11-26", cwd=clean).code == 0


def test_the_build_publishes_no_such_file(site, run_sitegen, tmp_path):
    """`sitegen build` runs the same check: the hostile file is not published, the honest one is."""
    hostile = site(
        {A: article("[附件](a/表.xlsx)\n"), "content/nsfw/a/表.xlsx": hm.xlsx_number_format(0, f'"张三 {M}"')}
    )
    out = tmp_path / "out"
    run = run_sitegen("build", "--today", "2026-11-26", "--out", str(out), cwd=hostile)
    assert run.code == 1 and "content/nsfw/a/表.xlsx:1: SE003 error: " in run.out + run.err, run.out + run.err
    assert not list(out.rglob("*.xlsx"))
    honest = site({A: article("[附件](a/表.xlsx)\n"), "content/nsfw/a/表.xlsx": _honest_xlsx()}, name="honest")
    link_templates(honest)
    run = run_sitegen("build", "--today", "2026-11-26", "--out", str(out), cwd=honest)
    assert run.code == 0, run.out + run.err
    assert [p.name for p in out.rglob("*.xlsx")] == ["表.xlsx"]
