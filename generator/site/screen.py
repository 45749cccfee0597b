"""The build's final screen: every rendered page is read as the public will read it (第十八、十九条).

The page's visible text and the attribute values that carry text or addresses (href, src, alt,
title, content) go through the same normaliser and the same scans as `sitegen check`
(rules/sescan.py), so a form that passes the check cannot fail here, and a form that slipped past
the check (a template, a setting) still stops the build. Inline tags are dropped without a gap
(``han<em>lina</em>@…`` reads as one address); block tags end a line (a mark heading its own
paragraph still stands alone).
"""

from __future__ import annotations

import re

from generator import sescan
from generator.errors import SitegenError
from generator.sescan import case_blind
from generator.textfold import fold, fold_key

_INLINE_TAGS = [
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "cite",
    "code",
    "data",
    "del",
    "dfn",
    "em",
    "i",
    "ins",
    "kbd",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
]
_ATTRIBUTE_NAMES = ("href", "src", "alt", "title", "content", "aria-label")


def _first_letters(names: tuple[str, ...] | list[str]) -> str:
    """A character class of the names' first letters in any case, as case_blind writes them."""
    return "[" + "".join(sorted({case_blind(n[0])[1:-1] for n in names})) + "]"


# Tag and attribute names in any case, as re.IGNORECASE would match them (sescan.case_blind: the flag is slower).
# Each pattern first looks ahead for a name's first letter, which its names imply: most of a page's tags are
# block tags and most of its white space is indentation, and the alternatives of every name are not tried there
# (≈ 70 µs of a page's 400; tests/site/test_screen_patterns.py compares with the plain patterns).
_INLINE = re.compile(
    r"<(?=/?"
    + _first_letters(_INLINE_TAGS)
    + r")/?(?:"
    + "|".join(case_blind(t) for t in _INLINE_TAGS)
    + r")(?:\s[^<>]*)?>"
)
_TAG = re.compile(r"<[^<>]*>")
_HIDDEN = re.compile(r"<(script|style)\b[^<>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(
    r"\s(?="
    + _first_letters(_ATTRIBUTE_NAMES)
    + r")(?:"
    + "|".join(case_blind(a) for a in _ATTRIBUTE_NAMES)
    + ")"
    + r"""\s*=\s*(?:"([^"]*)"|'([^']*)')"""
)


class PrivacyLeak(SitegenError):
    """A page would publish a classification mark or personal data."""


def page_text(html: str) -> str:
    """What a reader of the page sees or follows: its text, then its attribute values, one per line."""
    body = _HIDDEN.sub("\n", html) if "<script" in html or "<style" in html else html
    values = [a or b for a, b in _ATTRIBUTE.findall(body)]
    text = _TAG.sub("\n", _INLINE.sub("", body))
    return text + "\n" + "\n".join(v.replace("\n", " ") for v in values)


def screen(out: str, html: str, staff: frozenset[str], exempt: frozenset[tuple[str, str]]) -> None:
    """Raise PrivacyLeak naming the page and the first finding not covered by a reviewed exemption."""
    text = fold(page_text(html))
    for finding in sescan.scan(text, staff=staff, folded=text):
        if (finding.code, fold_key(finding.text)) in exempt:
            continue
        raise PrivacyLeak(f"页面 {out} 未通过发布前的最终检查（{finding.code}）：{finding.message}")
