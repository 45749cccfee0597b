"""Fast, approximate Markdown scanning for the checks (no full parse: the hook must be quick).

Code is masked out (kept as blanks, newlines preserved) before looking for raw
HTML or links, so that a code sample showing `<div>` is not a problem.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Any

_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n", re.MULTILINE)
_BACKTICKS = re.compile(r"`+")
_INLINE_LINK = re.compile(r"!?\[(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*\]\(\s*(<[^>\n]*>|[^\s)]*(?:\([^\s)]*\)[^\s)]*)*)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)", re.MULTILINE)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")


def _blank(match: re.Match[str]) -> str:
    return _blank_text(match.group(0))


def _blank_text(text: str) -> str:
    """Spaces for every character but the newlines (one replacement per line, not per character)."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


def mask_code(text: str) -> str:
    if "`" not in text and "~~~" not in text:
        return text
    return _mask_inline_code(_mask_fences(text))


def _mask_fences(text: str) -> str:
    """Blank fenced code blocks: an opener line, then up to the matching closer (or the end).

    Each block is found with two C-level searches, and the text is walked once: a lazy
    regex stepping character by character cost a second per MiB.
    """
    pieces, pos = [], 0
    while True:
        opener = _FENCE_OPEN.search(text, pos)
        if opener is None:
            break
        closer = _closer(opener.group(2)).search(text, opener.end())
        end = closer.end() if closer else len(text)
        pieces += [text[pos : opener.start()], _blank_text(text[opener.start() : end])]
        pos = end
        if closer is None:
            break
    pieces.append(text[pos:])
    return "".join(pieces)


@functools.lru_cache(maxsize=64)
def _closer(fence: str) -> re.Pattern[str]:
    return re.compile(r"^ {0,3}" + re.escape(fence) + r"[`~]*[ \t]*$", re.MULTILINE)


def _mask_inline_code(text: str) -> str:
    """Blank every code span: a backtick run opens one, the next run of the same length closes it.

    One pass over the runs (CommonMark's rule, without a backtracking regex: runs of every
    length, none closed, made the regex quadratic).
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    if len(runs) < 2:
        return text
    following: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        width = runs[i][1] - runs[i][0]
        following[i] = seen.get(width)
        seen[width] = i
    pieces, last, i = [], 0, 0
    while i < len(runs):
        j = following[i]
        if j is None:
            i += 1
            continue
        start, end = runs[i][0], runs[j][1]
        pieces.append(text[last:start])
        pieces.append(_blank_text(text[start:end]))
        last, i = end, j + 1
    pieces.append(text[last:])
    return "".join(pieces)


def links(masked: str) -> list[tuple[int, str]]:
    """(offset, destination) of every inline link/image, reference definition and autolink.

    The link rules and the secrecy rules both ask for one article's links, one after the other: the
    last answer is kept (compared by the whole text) and a copy handed out.
    """
    if _LAST_LINKS[0] != masked:
        _LAST_LINKS[:] = [masked, _find_links(masked)]
    return list(_LAST_LINKS[1])


_LAST_LINKS: list[Any] = [None, []]  # [the masked text, its links]


def _find_links(masked: str) -> list[tuple[int, str]]:
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


_LINES: list[Any] = [None, []]  # [the text last indexed, offsets of its newlines]


def line_at(text: str, offset: int, first_line: int) -> int:
    """The line of `offset`: an index of the text's newlines is built once per text, then bisected
    (counting newlines per call made a text with many findings quadratic)."""
    if _LINES[0] is not text:
        _LINES[0], _LINES[1] = text, [m.start() for m in re.finditer("\n", text)]
    return first_line + bisect.bisect_left(_LINES[1], offset)


# Marks a reader never sees between two pieces of text: emphasis and code marks, escapes, a link's or image's
# brackets. With the destinations and reference labels (found in shown_text), what is left is the text the
# rendered page shows run together (138**0013**8000 and [138](url)00138000 read 13800138000 there).
_HIDDEN_MARKS = re.compile(r"[*_~`\\\[\]!]")


def shown_text(text: str) -> tuple[str, list[int], list[int]]:
    """The text without the markup a reader never sees: (view, starts, origins) — the view's k-th piece
    begins at starts[k] in the view and at origins[k] in `text` (newlines are kept, so lines map too).

    A destination "](…)" or a label "][…]" ends at its closer on the same line. Each search goes on from
    where the last one ended, so the text is read a bounded number of times (linear on any input)."""
    hidden = []  # (start, end) spans, in order
    for opener, closer in (("](", ")"), ("][", "]")):
        # the next closer and line end found (-1, len(text): none in the rest of the text)
        at, close, line_end = text.find(opener), -2, -2
        while at >= 0:
            if close != -1 and close < at + 2:
                close = text.find(closer, at + 2)
            if line_end < at + 2:
                line_end = text.find("\n", at + 2)
                line_end = len(text) if line_end < 0 else line_end
            if 0 <= close < line_end:
                hidden.append((at + 1, close + 1))  # the "]" itself is a mark: _HIDDEN_MARKS takes it
                at = text.find(opener, close + 1)
            else:
                at = text.find(opener, line_end)
    hidden.sort()
    pieces, starts, origins, last, length = [], [], [], 0, 0

    def keep(start: int, end: int) -> None:
        nonlocal length
        for piece_start, piece_end in _unmarked(text, start, end):
            pieces.append(text[piece_start:piece_end])
            starts.append(length)
            origins.append(piece_start)
            length += piece_end - piece_start

    for start, end in hidden:
        if start >= last:
            keep(last, start)
            last = end
    keep(last, len(text))
    if not starts:
        starts, origins = [0], [0]
    return "".join(pieces), starts, origins


def _unmarked(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, last = [], start
    for m in _HIDDEN_MARKS.finditer(text, start, end):
        if m.start() > last:
            spans.append((last, m.start()))
        last = m.end()
    if end > last:
        spans.append((last, end))
    return spans


def origin_of(offset: int, starts: list[int], origins: list[int]) -> int:
    """Where the view's `offset` (shown_text) is in the text it was made from."""
    k = bisect.bisect_right(starts, offset) - 1
    return origins[k] + offset - starts[k]
