"""Reading what an attachment would publish: its text, its properties, or why it cannot be read.

Every reader takes bytes and returns an `Extract`; nothing in a document is ever executed and
nothing is fetched (pypdf reads no remote resource; XML is parsed with defusedxml, which refuses
entities and DTDs). A document that cannot be read completely is unpublishable: the readers
report a `Refusal` rather than a partial result.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

UNSCANNABLE = "SE008"
MACROS = "SE009"
PERSONAL_PROPERTY = "SE010"
IMAGE_METADATA = "SE011"
OFD_UNSCANNED = "SE012"


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of published text: one PDF page, one DOCX part, one sheet.

    `labels[i]` says where line i of `text` stands (第 3 段, 单元格 B7); `page` is the PDF page (else 1).
    """

    where: str
    text: str
    page: int = 1
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Property:
    """A document property that names who made or changed the document."""

    label: str  # 作者, 最后修改者, 批注作者 …
    value: str


@dataclass(frozen=True, slots=True)
class Refusal:
    code: str
    message: str


@dataclass
class Extract:
    segments: list[Segment] = field(default_factory=list)
    people: list[Property] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    kind: str = ""


def prepare(suffixes: set[str]) -> None:
    """Import now the readers (and their libraries) of these kinds of file: before forking workers."""
    if ".pdf" in suffixes:
        import pypdf  # noqa: F401 - imported for the workers to inherit

        from generator.docread import pdf  # noqa: F401
    if suffixes & {".docx", ".xlsx", ".docm", ".xlsm"}:
        from generator.docread import ooxml  # noqa: F401


def extract(name: str, data: bytes, *, allow_unscanned_ofd: bool = False) -> Extract:
    """What the attachment `name` (its bytes `data`) would publish."""
    suffix = posixpath.splitext(name)[1].lower()
    if suffix == ".pdf":
        from generator.docread import pdf

        return pdf.read(data)
    if suffix in (".docx", ".xlsx", ".docm", ".xlsm"):
        from generator.docread import ooxml

        return ooxml.read(data, suffix)
    if suffix in (".doc", ".xls"):
        from generator.docread import legacy

        return legacy.read(data, suffix)
    if suffix in (".png", ".jpg", ".jpeg"):
        from generator.docread import image

        return image.read(data)
    if suffix == ".ofd":
        from generator.docread import ofd

        return ofd.read(data, allowed=allow_unscanned_ofd)
    return Extract(kind="other")
