"""The site's scripts as shipped: without indentation and comment lines, which are a fifth of their bytes.

Every page must weigh at most 50 KB with its scripts and stylesheets (a test enforces it), and
the search script is most of that. Only what cannot change the program is removed: the
whitespace that starts a line and lines that are wholly comments (`//` lines, `/* ... */` blocks
starting a line). Line breaks stay, so automatic semicolon insertion sees the same program. A
script with a template literal or a line continuation (where leading whitespace may be part of
a string) is shipped as written.
"""

from __future__ import annotations


def compact(source: str) -> str:
    if "`" in _code_only(source) or any(line.endswith("\\") for line in source.splitlines()):
        return source
    out: list[str] = []
    in_comment = False
    for line in source.splitlines():
        text = line.strip()
        if in_comment:
            in_comment = "*/" not in text
            if not in_comment and not text.endswith("*/"):
                return source  # code after a comment's end on the same line: not worth handling
            continue
        if text.startswith("/*"):
            if "*/" not in text:
                in_comment = True
            elif not text.endswith("*/") or text.count("*/") > 1:
                return source
            continue
        if text.startswith("//") or not text:
            continue
        out.append(text)
    return "\n".join(out) + "\n"


def _code_only(source: str) -> str:
    """The source without its comment lines (a backtick in a comment is harmless)."""
    kept, in_comment = [], False
    for line in source.splitlines():
        text = line.strip()
        if in_comment or text.startswith("/*"):
            in_comment = "*/" not in text
        elif not text.startswith("//"):
            kept.append(line)
    return "\n".join(kept)
