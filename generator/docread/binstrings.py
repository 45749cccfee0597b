"""The text a `strings`-like tool finds in bytes of no known structure (a camera's maker note, a
JPEG application segment, a vector picture inside a DOCX, an object of an earlier PDF revision).

Anyone can read such text with a hex editor, so it is scanned like any other text. Runs of text in
UTF-8 (ASCII included) and in UTF-16 (either byte order; ASCII and CJK) are taken, each on its own
line: bytes that are not text end a run, so digits from unrelated places never join into one number.
Linear: one decode and two regular expressions without nested quantifiers.
"""

from __future__ import annotations

import re

MIN_RUN = 4
# A character that is not text: controls (line breaks included, the lines are ours) and U+FFFD (an
# undecodable byte).
_NOT_TEXT = re.compile(r"[\x00-\x1f\x7f\ufffd]+")
# UTF-16 code units of printable ASCII, of CJK ideographs (U+4E00–U+9FFF) and of full-width digits.
# Not the symbol blocks between: read from plain ASCII bytes, they would fold into digits (㉑ is 21).
_UTF16_LE = re.compile(rb"(?:[\x20-\x7e]\x00|[\x00-\xff][\x4e-\x9f]|[\x10-\x19]\xff){4,}")
_UTF16_BE = re.compile(rb"(?:\x00[\x20-\x7e]|[\x4e-\x9f][\x00-\xff]|\xff[\x10-\x19]){4,}")


def text_runs(data: bytes) -> list[str]:
    """Every run of at least MIN_RUN characters of text in `data`, UTF-8 first, then UTF-16."""
    runs = [r.strip() for r in _NOT_TEXT.split(data.decode("utf-8", "replace"))]
    found = [r for r in runs if len(r) >= MIN_RUN]
    for pattern, codec in ((_UTF16_LE, "utf-16-le"), (_UTF16_BE, "utf-16-be")):
        for match in pattern.finditer(data):
            raw = match.group()
            text = raw[: len(raw) // 2 * 2].decode(codec, "replace")
            text = _NOT_TEXT.sub(" ", text).strip()
            if len(text) >= MIN_RUN:
                found.append(text)
    return found


def text(data: bytes) -> str:
    """`text_runs` as lines."""
    return "\n".join(text_runs(data))
