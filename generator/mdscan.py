"""Fast, approximate Markdown scanning for the checks (no full parse: the hook must be quick).

Code is masked out (kept as blanks, newlines preserved) before looking for raw
HTML or links, so that a code sample showing `<div>` is not a problem.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1?\2[`~]*[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_INLINE_LINK = re.compile(r"!?\[(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*\]\(\s*(<[^>\n]*>|[^\s)]*(?:\([^\s)]*\)[^\s)]*)*)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)", re.MULTILINE)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_code(text: str) -> str:
    if "`" not in text and "~~~" not in text:
        return text
    text = _FENCE.sub(_blank, text)
    return _INLINE_CODE.sub(_blank, text)


def links(masked: str) -> list[tuple[int, str]]:
    """(offset, destination) of every inline link/image, reference definition and autolink."""
    found = []
    for pattern, hint in ((_INLINE_LINK, "]("), (_REF_DEF, "]:"), (_AUTOLINK, "<")):
        if hint not in masked:
            continue
        for m in pattern.finditer(masked):
            dest = m.group(1).strip()
            if dest.startswith("<") and dest.endswith(">"):
                dest = dest[1:-1]
            found.append((m.start(), dest))
    return sorted(found)


def line_at(text: str, offset: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, offset)
