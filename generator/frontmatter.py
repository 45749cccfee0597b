"""Split an article into its front matter (the approval form) and its Markdown body.

Accepts what Windows editors write (a UTF-8 BOM, CRLF line endings); refuses
other encodings with the line of the first bad byte.
"""

from __future__ import annotations

from typing import Final

MAX_BYTES = 1024 * 1024


class DecodeError(Exception):
    def __init__(self, line: int, detail: str):
        super().__init__(detail)
        self.line = line
        self.detail = detail


class Split:
    """An article's file cut into its YAML front matter and its Markdown body, with their first lines.

    A plain class, read-only by its Final attributes (a frozen dataclass costs about a millisecond to
    create, at every start of the pre-commit hook).
    """

    __slots__ = ("body", "body_line", "closed", "yaml_first_line", "yaml_text")

    def __init__(
        self,
        yaml_text: str | None,  # None: the file has no front matter
        yaml_first_line: int,  # file line of the first YAML line
        body: str,
        body_line: int,  # file line where the body starts
        closed: bool = True,
    ) -> None:
        self.yaml_text: Final = yaml_text
        self.yaml_first_line: Final = yaml_first_line
        self.body: Final = body
        self.body_line: Final = body_line
        self.closed: Final = closed


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DecodeError(1, "UTF-16")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DecodeError(line, f"字节 0x{data[exc.start]:02x}") from None
    if "\x00" in text:
        raise DecodeError(text.count("\n", 0, text.index("\x00")) + 1, "NUL")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> Split:
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return Split(None, 1, text, 1)
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1 :])
            return Split(yaml_text, 2, body, index + 2)
    return Split("\n".join(lines[1:]), 2, "", len(lines) + 1, closed=False)
