"""The site's stylesheets as shipped: without comments, indentation and blank lines (a twelfth of their bytes).

Every page must weigh at most 50 KB with its scripts and stylesheets (a test enforces it); site.css is loaded by
every page. Only what cannot change a rule is removed: comments outside strings, and the spaces and tabs that
start or end a line. Anything this reading cannot be sure of is shipped as written: a url( (an unquoted URL may
hold /* that is no comment), a backslash (an escape, or a string going on to the next line), a comment or string
left open at the end, a comment between two tokens with no white space on either side (they would join).
"""

from __future__ import annotations

_BLANK = " \t"


def compact(source: str) -> str:
    if "url(" in source.lower() or "\\" in source:
        return source
    out: list[str] = []
    at, quote = 0, ""
    while at < len(source):
        ch = source[at]
        if quote:
            if ch == "\n":
                return source  # a string cut by a line break: invalid CSS, shipped as written
            if ch == quote:
                quote = ""
            out.append(ch)
            at += 1
        elif ch in "\"'":
            quote = ch
            out.append(ch)
            at += 1
        elif source.startswith("/*", at):
            end = source.find("*/", at + 2)
            if end < 0:
                return source
            before, after = (out[-1] if out else " "), source[end + 2 : end + 3] or " "
            if not before.isspace() and not after.isspace():
                return source  # a/**/b: two tokens the comment separates would join
            at = end + 2
        else:
            out.append(ch)
            at += 1
    if quote:
        return source
    lines = (line.strip(_BLANK) for line in "".join(out).replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line) + "\n"
