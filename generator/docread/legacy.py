"""Word 97–2003 (.doc) and Excel 97–2003 (.xls): binary formats no maintained pure-Python reader can
read completely (text, headers, comments, revisions, macros). Unscannable, hence unpublishable."""

from __future__ import annotations

from generator.docread import UNSCANNABLE, Extract, Refusal

_NAMES = {".doc": ("Word 97–2003", "docx"), ".xls": ("Excel 97–2003", "xlsx")}


def read(data: bytes, suffix: str) -> Extract:
    kind, modern = _NAMES[suffix]
    return Extract(
        refusals=[
            Refusal(
                UNSCANNABLE,
                f"{kind} 旧格式（{suffix}）的内容无法完整检查（批注、修订、宏都可能藏在其中），不能上网："
                f"请在 Word/WPS 中“另存为” .{modern} 或 PDF 后再上传。",
            )
        ],
        kind=suffix[1:],
    )
