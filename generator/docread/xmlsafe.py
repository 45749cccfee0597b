"""XML from documents, parsed with defusedxml: no DTD, no entity expansion, nothing fetched."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]
from defusedxml import DefusedXmlException


class UnsafeXml(Exception):
    """The XML declares a DTD or entities, or does not parse: refused, never expanded."""


def parse(data: bytes) -> Element | None:
    """The root element; None for empty data; UnsafeXml for anything hostile or broken."""
    if not data.strip():
        return None
    try:
        root: Element = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        return root
    except (DefusedXmlException, SafeET.ParseError) as exc:
        raise UnsafeXml(type(exc).__name__) from None
