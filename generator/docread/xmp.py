"""XMP packets (in JPEG, PNG and PDF): every text and attribute value, the creators, any GPS position.

XMP stores a value either as an element's text or as an attribute of rdf:Description, so both are
read; parsed with defusedxml (xmlsafe), never with pypdf's or Pillow's own XMP readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.docread import xmlsafe

PEOPLE = frozenset({"creator", "Author", "Artist", "Owner", "OwnerName", "CameraOwnerName", "CaptionWriter"})
GPS = frozenset({"GPSLatitude", "GPSLongitude", "GPSDestLatitude", "GPSDestLongitude"})


@dataclass
class Packet:
    lines: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    people: list[tuple[str, str]] = field(default_factory=list)  # (property, value)
    gps: bool = False


def read(packet: bytes) -> Packet:
    """Everything in `packet`; xmlsafe.UnsafeXml when it declares a DTD or entities or does not parse."""
    out = Packet()
    start = packet.find(b"<x:xmpmeta")
    end = packet.rfind(b"</x:xmpmeta>")
    if start >= 0 and end > start:
        packet = packet[start : end + len(b"</x:xmpmeta>")]
    root = xmlsafe.parse(packet.strip(b"\x00 \r\n\t"))
    if root is None:
        return out
    for element in root.iter():
        local = _local(element.tag)
        for key, value in element.attrib.items():
            name = _local(key)
            if name == "about" or not value.strip():
                continue
            _add(out, name, value)
            out.gps |= name in GPS
            if name in PEOPLE:
                out.people.append((name, value.strip()))
        for text in (element.text, element.tail):
            if text and text.strip():
                _add(out, local, text)
        if local in GPS and "".join(element.itertext()).strip():
            out.gps = True
        if local in PEOPLE:
            out.people.extend((local, t.strip()) for t in element.itertext() if t.strip())
    return out


def _add(out: Packet, name: str, text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            out.lines.append(line.strip())
            out.labels.append(f"XMP {name}")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
