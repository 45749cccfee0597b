"""The site's scripts as shipped: without indentation and comment lines, which are a fifth of their bytes.

Every page must weigh at most 50 KB with its scripts and stylesheets (a test enforces it), and
the search script is most of that. Only what cannot change the program is removed: the spaces
and tabs that start or end a line, and lines that are wholly comments (`//` lines, `/* ... */`
blocks starting a line and ending a line). Line breaks stay, so automatic semicolon insertion
sees the same program. Anything this line-by-line reading cannot be sure of is shipped as
written: a template literal or a line continuation (a string may span lines there), a line
terminator other than LF or CRLF (JavaScript's lone CR, U+2028 and U+2029 end lines that Python
would not split, and Python's str.splitlines splits at characters that may sit in a JS string),
a block comment opened in the middle of a line and not closed on it (its later lines could
start with `//` or `/*` and hold its end), and a comment line with code after its end.
"""

from __future__ import annotations

_BLANK = " \t"  # the only whitespace stripped: str.strip() would also take characters JS keeps in strings
_OTHER_BREAKS = ("\r", "\u2028", "\u2029")  # JS line terminators besides LF (CR alone; CRLF is handled)


def compact(source: str) -> str:
    unix = source.replace("\r\n", "\n")
    if any(c in unix for c in _OTHER_BREAKS):
        return source
    lines = unix.split("\n")
    if "`" in _code_only(lines) or any(line.endswith("\\") for line in lines):
        return source
    out: list[str] = []
    in_comment = False
    for line in lines:
        text = line.strip(_BLANK)
        if in_comment:
            end = text.find("*/")
            if end < 0:
                continue
            if end != len(text) - 2:
                return source  # code after a comment's end on the same line: not worth handling
            in_comment = False
            continue
        if text.startswith("/*"):
            end = text.find("*/", 2)  # not at 1: "/*/" opens a comment, it does not close one
            if end < 0:
                in_comment = True
            elif end != len(text) - 2:
                return source
            continue
        if text.startswith("//") or not text:
            continue
        opened = text.rfind("/*")
        if opened >= 0 and text.find("*/", opened + 2) < 0:
            return source  # perhaps a comment going on over the next lines, which must stay whole
        out.append(text)
    return "\n".join(out) + "\n"


def _code_only(lines: list[str]) -> str:
    """The source without its comment lines (a backtick in a comment is harmless)."""
    kept, in_comment = [], False
    for line in lines:
        text = line.strip(_BLANK)
        if in_comment:
            in_comment = "*/" not in text
        elif text.startswith("/*"):
            in_comment = "*/" not in text[2:]
        elif not text.startswith("//"):
            kept.append(line)
    return "\n".join(kept)
