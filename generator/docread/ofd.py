"""OFD (GB/T 33190): no maintained Python reader exists that reads its text reliably.

So an OFD attachment is refused unless the office allows unscanned OFD files explicitly in
site.yaml (`attachments: {allow_unscanned_ofd: true}`). When allowed, the zip limits still
apply and the TextCode elements that can be read are scanned, as a best effort, not a guarantee.
"""

from __future__ import annotations

import re

from generator.docread import OFD_UNSCANNED, Extract, Refusal, Segment, ooxml, xmlsafe

_PAGE = re.compile(r"Doc_\d+/Pages/Page_\d+/Content\.xml", re.IGNORECASE)


def read(data: bytes, *, allowed: bool) -> Extract:
    out = Extract(kind="ofd")
    if not allowed:
        out.refusals.append(
            Refusal(
                OFD_UNSCANNED,
                "OFD 文件的内容目前无法可靠检查（没有维护中的解析器），不能上网：请同时提供 PDF 版本并只上传 PDF；"
                "确需发布 OFD 的，由办公厅在 site.yaml 中设置 attachments: {allow_unscanned_ofd: true}。",
            )
        )
        return out
    try:
        package = ooxml._open(data)
        for number, name in enumerate(package.matching(_PAGE), start=1):
            root = package.xml(name)
            if root is None:
                continue
            lines = [e.text for e in root.iter() if e.tag.endswith("TextCode") and e.text]
            out.segments.append(Segment(f"第 {number} 页", "\n".join(lines), number))
    except ooxml.Refused as exc:
        out.segments.clear()
        out.refusals.append(exc.refusal)
    except xmlsafe.UnsafeXml:
        out.segments.clear()
        out.refusals.append(Refusal(OFD_UNSCANNED, "OFD 文件中有无法安全解析的 XML，不能上网：请改传 PDF。"))
    return out
