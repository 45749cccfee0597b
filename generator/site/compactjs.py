"""The site's scripts as shipped: minified token by token with rJSmin, which takes a third of their bytes.

Every page must weigh at most 50 KB with its scripts and stylesheets (a test enforces it), and the search script
is most of that. rJSmin removes comments and the white space between tokens only where no token changes: it
keeps a line break where automatic semicolon insertion may need it, tells a regular expression from a division,
and leaves strings, regular expressions and template literals as written. It does not rename anything, so a
shipped script reads like its source. It understands template literals only unnested: a script holding one
with a substitution is shipped as written; so is one whose minified form holds an HTML-like comment mark
(`<!--`, `-->`) its source does not (rJSmin joins `a < !--b`).
"""

from __future__ import annotations

import rjsmin


def compact(source: str) -> str:
    if "`" in source and "${" in source:
        return source  # perhaps a nested template literal, which rJSmin would read wrongly
    out = str(rjsmin.jsmin(source)) + "\n"
    # rJSmin keeps `+ +` and `- -` apart but may join `a < !--b` into `a<!--b`: in a classic script `<!--` (and
    # `-->` at a line's start) opens an HTML-like comment, so a minified script holding more of them than its
    # source would mean something else
    if any(out.count(mark) > source.count(mark) for mark in ("<!--", "-->")):
        return source
    return out
