"""docread.pdf hands pypdf its named encodings from a memo (pypdf rebuilt cp1252 for every page it read):
the tables are pypdf's own, each caller gets its own copy, and a PDF reads the same with the memo as without."""

from __future__ import annotations

import sys

import pytest

from generator.docread import pdf
from tests import docmaker


def _core_font_pdf(text: str) -> bytes:
    """A PDF whose text is drawn in a core font (Helvetica, WinAnsiEncoding), by fpdf2."""
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.multi_cell(0, 8, text)
    doc.set_author("Zhang San")
    return bytes(doc.output())


@pytest.mark.parametrize("encoding", ["cp1252", "mac_roman", "latin-1", "ascii"])
def test_the_memo_gives_pypdfs_own_tables(encoding: str) -> None:
    from pypdf._codecs import encoding_dict_from_named_encoding

    assert pdf.named_encoding(encoding) == encoding_dict_from_named_encoding(encoding)


def test_each_caller_gets_a_copy_of_its_own() -> None:
    first = pdf.named_encoding("cp1252")
    first[65] = "Ж"  # a font's /Differences rewrite entries of its table
    assert pdf.named_encoding("cp1252")[65] == "A"


def test_reading_installs_the_memo_where_pypdf_still_has_its_own_function(tmp_path) -> None:
    from pypdf import _codecs

    pdf.read(docmaker.pdf(["第一页"], folder=str(tmp_path)))
    pdf.read(docmaker.pdf(["第一页"], folder=str(tmp_path)))  # the extractor's module is imported by the first
    for name in pdf._ENCODING_USERS:
        assert sys.modules[name].encoding_dict_from_named_encoding is pdf.named_encoding
    assert _codecs.encoding_dict_from_named_encoding is not pdf.named_encoding  # pypdf's own stays as it was


def test_a_pdf_reads_the_same_with_the_memo_as_without(tmp_path, monkeypatch) -> None:
    from pypdf import _codecs

    documents = [
        _core_font_pdf("Contact: 13800138000, ID 110105194912310021. Internal use only."),
        _core_font_pdf("Caf\u00e9, na\u00efve r\u00e9sum\u00e9: 12\u00bd \u00b5g, \u00a9 \u00ab\u00bb"),
        docmaker.pdf(["内部资料 请勿外传", "联系人手机 13800138000"], folder=str(tmp_path), author="张三"),
    ]
    with_memo = [pdf.read(data) for data in documents]
    assert any("13800138000" in s.text for s in with_memo[0].segments)  # a control: the text was read at all
    monkeypatch.setattr(pdf, "_share_named_encodings", lambda: None)
    for name in pdf._ENCODING_USERS:
        monkeypatch.setattr(
            sys.modules[name], "encoding_dict_from_named_encoding", _codecs.encoding_dict_from_named_encoding
        )
    without = [pdf.read(data) for data in documents]
    assert with_memo == without
