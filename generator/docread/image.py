"""Pictures (PNG and JPEG, and the other raster formats an Office file may hold): all the metadata a
picture carries, read in full — not a list of known fields.

- JPEG: every segment is walked (our own marker walk, linear): every EXIF block (all tags of every
  IFD: IFD0, Exif, Interop, the thumbnail's IFD1; text tags in any encoding, XP* tags in UCS-2,
  UserComment with its charset prefix, the maker note's text runs), every XMP packet, every comment
  (COM) and the text runs of every other application segment (IPTC, Photoshop, ICC …).
- PNG: every chunk is walked: tEXt, zTXt and iTXt under any key (decompressed within a limit),
  eXIf, XMP, and the text runs of any chunk that is not image data.
- GPS: a position in EXIF or in XMP (exif:GPSLatitude …) is refused (SE011); author, artist, camera
  owner (EXIF, PNG keys, XMP dc:creator …) are people (SE010); everything else is text to scan.
- Data after the end of the image (a phone's "motion photo" video, an appended archive) cannot be
  read as a picture and would be published with it: refused (SE008).

Pillow reads the EXIF blocks and the other raster formats' headers; the pixels are never decoded,
so a decompression bomb costs nothing here.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.docread import IMAGE_METADATA, UNSCANNABLE, Extract, Property, Refusal, Segment, binstrings, xmlsafe, xmp

if TYPE_CHECKING:
    from PIL import Image as PILImage

_EXIF_IFD, _GPS_IFD, _INTEROP_IFD, _MAKER_NOTE, _USER_COMMENT = 0x8769, 0x8825, 0xA005, 0x927C, 0x9286
_POINTERS = frozenset({_EXIF_IFD, _GPS_IFD, _INTEROP_IFD, 0xA005, 0x014A})
_PEOPLE_TAGS = {0x013B: "作者（Artist）", 0x9C9D: "作者（XPAuthor）", 0xA430: "相机所有者"}
_XP_TAGS = frozenset(
    {0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F}
)  # Windows' UCS-2 title, comment, author, keywords, subject
_PNG_PEOPLE = frozenset({"author", "artist", "creator"})
_XMP_MARK = b"http://ns.adobe.com/xap/1.0/\x00"
_PNG_IMAGE_DATA = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"pHYs"})
_PNG_IMAGE_DATA |= {b"sBIT", b"bKGD", b"hIST", b"tIME", b"acTL", b"fcTL", b"fdAT"}
_JPEG_TABLES = frozenset({*range(0xC0, 0xD0), 0xDA, 0xDB, 0xDD})  # frames, Huffman/quantisation tables, scans
MAX_TEXT_CHUNK = 8 * 1024 * 1024  # a zTXt/iTXt chunk inflated
_PADDING = b"\x00\xff \r\n\t"
_FILL = re.compile(rb"\xff+")


class _Unreadable(Exception):
    pass


@dataclass
class _Found:
    lines: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    gps: list[str] = field(default_factory=list)

    def add(self, label: str, text: str) -> None:
        for line in text.splitlines():
            if line.strip():
                self.lines.append(line.strip())
                self.labels.append(label)


def read(data: bytes) -> Extract:
    from PIL import Image, UnidentifiedImageError

    out = Extract(kind="image")
    found = _Found()
    try:
        if data.startswith(b"\xff\xd8"):
            trailing = _read_jpeg(data, found, out)
        elif data.startswith(b"\x89PNG\r\n\x1a\n"):
            trailing = _read_png(data, found, out)
        else:
            trailing = b""
            with Image.open(io.BytesIO(data)) as image:
                _read_other(image, found, out)
    except (_Unreadable, UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        detail = str(exc) if isinstance(exc, _Unreadable) else type(exc).__name__
        out.refusals.append(
            Refusal(UNSCANNABLE, f"图片文件已损坏或格式异常（{detail}），无法检查，不能上网：请重新导出图片。")
        )
        return out
    except xmlsafe.UnsafeXml as exc:
        out.refusals.append(
            Refusal(
                UNSCANNABLE,
                f"图片的 XMP 元数据无法安全解析（{exc}），无法检查，不能上网：请用画图或截图工具另存为新图片后再上传。",
            )
        )
        return out
    if trailing.strip(_PADDING):
        out.refusals.append(
            Refusal(
                UNSCANNABLE,
                f"图片在图像数据结束后还附加了 {len(trailing)} 字节的其他数据（例如手机“动态照片”附带的视频，"
                "或夹带的其他文件），无法检查，不能上网：请用画图或截图工具另存为新的 JPG/PNG 后再上传。",
            )
        )
    if found.gps:
        out.refusals.append(
            Refusal(
                IMAGE_METADATA,
                f"图片的{'、'.join(dict.fromkeys(found.gps))}中记录了拍摄地点（GPS 位置），属于个人信息，不能上网（第十九条）："
                "请在“属性 → 详细信息 → 删除属性和个人信息”中删除位置信息，或用截图/另存为去掉 EXIF 后再上传。",
            )
        )
    if found.lines:
        out.segments.append(
            Segment(
                "图片元数据（请用画图或截图工具另存为不带元数据的新图片）",
                "\n".join(found.lines),
                1,
                tuple(found.labels),
            )
        )
    return out


# --- JPEG ------------------------------------------------------------------------------------


def _read_jpeg(data: bytes, found: _Found, out: Extract, depth: int = 0) -> bytes:
    """Every segment's metadata; returns what follows the end of the image."""
    segments, end = _jpeg_segments(data)
    for marker, payload in segments:
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
            _exif_block(payload, found, out, depth)
        elif marker == 0xE1 and payload.startswith(_XMP_MARK):
            _xmp(payload[len(_XMP_MARK) :], found, out)
        elif marker == 0xFE:
            found.add("JPEG 注释（COM）", _decode(payload))
        elif marker == 0xED:  # Photoshop resources: IPTC by-line and writer are people, all of it text
            for label, value in _iptc_people(payload):
                out.people.append(Property(label, value))
            found.add("JPEG APP13 段（IPTC）", binstrings.text(payload))
        elif marker not in _JPEG_TABLES:
            label = f"JPEG APP{marker - 0xE0} 段" if 0xE0 <= marker <= 0xEF else f"JPEG 段 0x{marker:02X}"
            found.add(label, binstrings.text(payload))
    return data[end:]


def _jpeg_segments(data: bytes) -> tuple[list[tuple[int, bytes]], int]:
    """(marker, payload) of every segment up to EOI, and the offset just after EOI."""
    segments: list[tuple[int, bytes]] = []
    pos, size = 2, len(data)
    while pos < size:
        if data[pos] != 0xFF:
            raise _Unreadable("JPEG 段结构错误")
        fill = _FILL.match(data, pos)
        pos = fill.end() if fill else pos + 1
        if pos >= size:
            break
        marker = data[pos]
        pos += 1
        if marker == 0xD9:
            return segments, pos
        if 0xD0 <= marker <= 0xD7 or marker in (0x01, 0xD8):
            continue
        if pos + 2 > size:
            raise _Unreadable("JPEG 段被截断")
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2 or pos + length > size:
            raise _Unreadable("JPEG 段长度错误")
        segments.append((marker, data[pos + 2 : pos + length]))
        pos += length
        if marker == 0xDA:
            pos = _after_scan(data, pos)
    return segments, size  # no EOI: nothing follows the image


def _after_scan(data: bytes, pos: int) -> int:
    """The offset of the marker that ends entropy-coded data (stuffed 0xFF00 and restarts skipped)."""
    size = len(data)
    while True:
        at = data.find(b"\xff", pos)
        if at < 0:
            return size
        fill = _FILL.match(data, at)
        after = fill.end() if fill else at + 1
        if after >= size:
            return size
        following = data[after]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            pos = after + 1
            continue
        return after - 1


_IPTC_PEOPLE = {0x50: "作者（IPTC By-line）", 0x7A: "作者（IPTC Writer）", 0x76: "联系人（IPTC Contact）"}
_IPTC_DATASET = re.compile(rb"\x1c\x02([\x50\x7a\x76])([\x00-\x7f].)", re.DOTALL)


def _iptc_people(payload: bytes) -> list[tuple[str, str]]:
    """IPTC datasets 2:80 (By-line), 2:122 (Writer/Editor), 2:118 (Contact): who made or sent the photo."""
    people = []
    for match in _IPTC_DATASET.finditer(payload):
        size = int.from_bytes(match.group(2), "big")
        value = _decode(payload[match.end() : match.end() + size])
        if value:
            people.append((_IPTC_PEOPLE[match.group(1)[0]], value))
    return people


# --- PNG -------------------------------------------------------------------------------------


def _read_png(data: bytes, found: _Found, out: Extract) -> bytes:
    pos, size = 8, len(data)
    while pos + 12 <= size:
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if len(body) < length:
            raise _Unreadable("PNG 数据块被截断")
        pos += 12 + length
        if kind == b"IEND":
            return data[pos:]
        if kind in _PNG_IMAGE_DATA:
            continue
        name = kind.decode("latin-1")
        if kind in (b"tEXt", b"zTXt", b"iTXt"):
            key, text = _png_text(kind, body)
            if key.lower() == "xml:com.adobe.xmp":
                _xmp(text.encode("utf-8"), found, out)
                continue
            label = f"PNG 文本块“{key}”"
            found.add(label, key)
            found.add(label, text)
            if key.lower() in _PNG_PEOPLE and text.strip():
                out.people.append(Property(f"作者（{key}）", text.strip()))
        elif kind == b"eXIf":
            _exif_block(body, found, out)
        elif kind == b"iCCP":  # a colour profile: its name, and its text tags once inflated
            profile, _, packed = body.partition(b"\x00")
            found.add("PNG 数据块 iCCP", profile.decode("latin-1") + "\n" + binstrings.text(_inflate(packed[1:])))
        else:
            found.add(f"PNG 数据块 {name}", binstrings.text(body))
    return data[pos:] if pos < size else b""


def _png_text(kind: bytes, body: bytes) -> tuple[str, str]:
    key, _, rest = body.partition(b"\x00")
    if kind == b"tEXt":
        return key.decode("latin-1"), rest.decode("latin-1")
    if kind == b"zTXt":
        return key.decode("latin-1"), _inflate(rest[1:]).decode("latin-1")
    compressed = rest[:1] == b"\x01"
    _language, _, rest = rest[2:].partition(b"\x00")
    translated, _, text = rest.partition(b"\x00")
    raw = _inflate(text) if compressed else text
    label = key.decode("latin-1")
    return label, f"{translated.decode('utf-8', 'replace')} {raw.decode('utf-8', 'replace')}".strip()


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        result = inflater.decompress(data, MAX_TEXT_CHUNK)
    except zlib.error:
        raise _Unreadable("PNG 压缩文本块无法解压") from None
    if inflater.unconsumed_tail:
        raise _Unreadable(f"PNG 压缩文本块解压后超过 {MAX_TEXT_CHUNK // 1048576} MiB")
    return result


# --- other raster formats (inside Office files: GIF, BMP, TIFF, WebP) ---------------------------


def _read_other(image: PILImage.Image, found: _Found, out: Extract) -> None:
    _exif(image.getexif(), found, out)
    for key, value in image.info.items():
        if key == "exif":
            continue
        if key == "xmp" and isinstance(value, bytes):
            _xmp(value, found, out)
        elif isinstance(value, str):
            found.add(f"图片信息“{key}”", value)
        elif isinstance(value, bytes):
            found.add(f"图片信息“{key}”", binstrings.text(value))


# --- EXIF and XMP ----------------------------------------------------------------------------


def _exif_block(payload: bytes, found: _Found, out: Extract, depth: int = 0) -> None:
    from PIL import ExifTags, Image

    exif = Image.Exif()
    try:
        exif.load(payload)
        thumbnail = exif.get_ifd(ExifTags.IFD.IFD1)
    except (OSError, ValueError, SyntaxError, KeyError, IndexError, TypeError, EOFError) as exc:
        raise _Unreadable(f"EXIF 无法读取：{type(exc).__name__}") from None
    _exif(exif, found, out)
    # The thumbnail is a JPEG of its own, with segments of its own (comments, XMP): read it too, once.
    tiff = payload[6:] if payload.startswith(b"Exif\x00\x00") else payload
    start, size = thumbnail.get(0x0201), thumbnail.get(0x0202)
    if depth == 0 and isinstance(start, int) and isinstance(size, int) and size > 0:
        inner = tiff[start : start + size]
        if inner.startswith(b"\xff\xd8"):
            label = len(found.lines)
            _read_jpeg(inner, found, out, depth + 1)
            found.labels[label:] = [f"EXIF 缩略图 {x}" for x in found.labels[label:]]


def _exif(exif: PILImage.Exif, found: _Found, out: Extract) -> None:
    from PIL import ExifTags

    if exif.get_ifd(_GPS_IFD):
        found.gps.append("EXIF")
    tags: list[tuple[int, object]] = list(exif.items())
    for ifd in (_EXIF_IFD, _INTEROP_IFD, ExifTags.IFD.IFD1):
        try:
            tags.extend(exif.get_ifd(ifd).items())
        except (OSError, ValueError, KeyError, IndexError, TypeError, SyntaxError):
            raise _Unreadable("EXIF 子目录无法读取") from None
    for tag, value in tags:
        if tag in _POINTERS or isinstance(value, dict):
            continue
        name = f"EXIF {ExifTags.TAGS.get(tag, f'0x{tag:04X}')}"
        text = _exif_text(tag, value)
        if not text:
            continue
        if tag in _PEOPLE_TAGS:
            out.people.append(Property(_PEOPLE_TAGS[tag], text))
        found.add(name, text)


def _exif_text(tag: int, value: object) -> str:
    if isinstance(value, tuple) and value and all(isinstance(v, int) and 0 <= v < 256 for v in value):
        value = bytes(value)
    if isinstance(value, str):
        return value.strip("\x00 ").strip()
    if not isinstance(value, bytes):
        return ""  # numbers, rationals: no text
    if tag in _XP_TAGS:
        return value.decode("utf-16-le", "replace").strip("\x00 ").strip()
    if tag == _USER_COMMENT:
        charset, body = value[:8], value[8:]
        if charset.startswith(b"UNICODE"):
            codec = "utf-16-be" if body[:1] == b"\x00" else "utf-16-le"
            return body.decode(codec, "replace").strip("\x00 ").strip()
        return _decode(body)
    if tag == _MAKER_NOTE:
        return binstrings.text(value)
    return _decode(value)


def _decode(value: bytes) -> str:
    for codec in ("utf-8", "gb18030"):
        try:
            return value.decode(codec).replace("\x00", "\n").strip()
        except UnicodeDecodeError:
            continue
    return binstrings.text(value)


def _xmp(packet: bytes, found: _Found, out: Extract) -> None:
    """Every text and attribute value of an XMP packet; GPS coordinates and creators noted."""
    read = xmp.read(packet)
    found.lines.extend(read.lines)
    found.labels.extend(read.labels)
    if read.gps:
        found.gps.append("XMP 元数据")
    out.people.extend(Property(f"作者（XMP {name}）", value) for name, value in read.people)
