"""PNG and JPEG: the metadata a photo carries (EXIF author and owner, GPS position, comments).

Pillow reads the headers only; the pixels are never decoded, so a decompression bomb costs
nothing here (Pillow refuses absurd pixel counts itself, and that is a refusal too).
"""

from __future__ import annotations

import io

from generator.docread import IMAGE_METADATA, UNSCANNABLE, Extract, Property, Refusal, Segment

_PEOPLE_TAGS = {0x013B: "作者（Artist）", 0x9C9D: "作者（XPAuthor）", 0xA430: "相机所有者"}
_TEXT_TAGS = {0x010E: "图像说明", 0x9C9C: "备注", 0x9C9F: "主题", 0x9C9B: "标题", 0x9286: "用户备注", 0x8298: "版权"}
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_PNG_PEOPLE = ("Author", "Artist", "Creator")
_PNG_TEXT = ("Comment", "Description", "Title", "Copyright", "XML:com.adobe.xmp")


def read(data: bytes) -> Extract:
    from PIL import Image, UnidentifiedImageError

    out = Extract(kind="image")
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            tags = {**dict(exif), **dict(exif.get_ifd(_EXIF_IFD))}
            gps = exif.get_ifd(_GPS_IFD)
            info = dict(image.info)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        out.refusals.append(
            Refusal(
                UNSCANNABLE, f"图片文件已损坏或格式异常（{type(exc).__name__}），无法检查，不能上网：请重新导出图片。"
            )
        )
        return out
    if gps:
        out.refusals.append(
            Refusal(
                IMAGE_METADATA,
                "图片的 EXIF 中记录了拍摄地点（GPS 位置），属于个人信息，不能上网（第十九条）："
                "请在“属性 → 详细信息 → 删除属性和个人信息”中删除位置信息，或用截图/另存为去掉 EXIF 后再上传。",
            )
        )
    texts = []
    for tag, label in _PEOPLE_TAGS.items():
        value = _text(tags.get(tag))
        if value:
            out.people.append(Property(label, value))
    for tag, label in _TEXT_TAGS.items():
        value = _text(tags.get(tag))
        if value:
            texts.append(f"{label}：{value}")
    for key in _PNG_PEOPLE:
        value = _text(info.get(key))
        if value:
            out.people.append(Property(f"作者（{key}）", value))
    for key in _PNG_TEXT:
        value = _text(info.get(key))
        if value:
            texts.append(value)
    if texts:
        out.segments.append(Segment("图片元数据", "\n".join(t.replace("\n", " ") for t in texts)))
    return out


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        for encoding in ("utf-16-le", "utf-8"):
            try:
                return value.decode(encoding).strip("\x00 ").strip()
            except UnicodeDecodeError:
                continue
        return ""
    return str(value).strip("\x00 ").strip()
