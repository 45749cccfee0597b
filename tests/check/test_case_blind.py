"""Patterns written with sescan.case_blind match exactly what the same patterns with re.IGNORECASE match.

The final screen and the privacy scan dropped the flag for speed; these tests hold the new patterns
to the flagged ones: letter by letter over every code point, and pattern by pattern over hostile text
(tags and addresses in every case, the four non-ASCII letters the flag also matches).
"""

from __future__ import annotations

import random
import re
import string

import pytest

from generator import sescan
from generator.sescan import case_blind
from generator.site import screen

EVERY_CHAR = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


@pytest.mark.parametrize("letter", list(string.ascii_lowercase))
def test_each_letter_matches_what_the_flag_matches_over_every_code_point(letter):
    flagged = re.findall(re.escape(letter), EVERY_CHAR, re.IGNORECASE)
    assert re.findall(case_blind(letter), EVERY_CHAR) == flagged
    assert len(flagged) >= 2


def test_control_a_class_of_ascii_cases_only_misses_what_the_flag_matches():
    """The four extra letters matter: [sS] alone would miss ſ, which the flag matches."""
    assert re.findall("[sS]", EVERY_CHAR) != re.findall("s", EVERY_CHAR, re.IGNORECASE)


_OLD_INLINE = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var)"
    r"(?:\s[^<>]*)?>",
    re.IGNORECASE,
)
_OLD_ATTRIBUTE = re.compile(
    r"""\s(?:href|src|alt|title|content|aria-label)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)
_OLD_AT = re.compile(r"(?:@|#|[\[(]\s?at\s?[\])])(?=\s?[A-Za-z0-9*_~\-]{1,63}(?:\.|。|\[dot\]|\(dot\)))", re.IGNORECASE)

_PIECES = [
    "<",
    ">",
    "</",
    "=",
    '"',
    "'",
    " ",
    "\n",
    "\t",
    "@",
    "#",
    "[",
    "]",
    "(",
    ")",
    ".",
    "。",
    "://",
    "/",
    "a",
    "abbr",
    "span",
    "strong",
    "STRONG",
    "ſtrong",
    "kbd",
    "Kbd",
    "İ",
    "ı",
    "ſ",
    "\u212a",
    "i",
    "b",
    "em",
    "href",
    "HREF",
    "hRef",
    "ſrc",
    "alt",
    "tıtle",
    "content",
    "aria-label",
    "ARIA-LABEL",
    ' href="x"',
    " HREF='y'",
    ' \u017frc = "z"',
    ' t\u0131tle="t"',
    ' aria-label="l"',
    ' ALT=""',
    "http",
    "HTTPS",
    "httpſ",
    "ftp",
    "FTP",
    "example",
    "gov",
    "cn",
    "at",
    "AT",
    "dot",
    "DOT",
    "ſ",
    "zhang",
    "税务",
    "x",
]


def _hostile(rng: random.Random) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 60)))


def test_screen_and_scan_patterns_find_what_the_flagged_ones_found():
    rng = random.Random(2026)
    pairs = [
        (_OLD_INLINE, screen._INLINE),
        (_OLD_ATTRIBUTE, screen._ATTRIBUTE),
        (_OLD_AT, sescan._AT),
    ]
    matched = dict.fromkeys(range(len(pairs)), 0)
    for _ in range(20_000):
        text = _hostile(rng)
        for k, (old, new) in enumerate(pairs):
            want = [(m.span(), m.groups()) for m in old.finditer(text)]
            assert [(m.span(), m.groups()) for m in new.finditer(text)] == want, (old.pattern, text)
            matched[k] += bool(want)
    assert all(count > 100 for count in matched.values()), matched  # every pattern was really exercised


def test_page_text_reads_upper_case_and_odd_letter_tags_as_before():
    html = '<P>韩<ſpan>lina</ſpan>@<EM>example</EM>.cn <A HREF="mailto:x@y.cn" Title="T">链接</A></P>'
    text = screen.page_text(html)
    assert "韩lina@example.cn" in text and "mailto:x@y.cn" in text and "\nT" in text
