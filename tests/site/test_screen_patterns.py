"""The final screen's tag and attribute patterns read exactly what the plain patterns read.

screen.py puts a look-ahead for a name's first letter in front of each pattern (a speed-up: the names'
alternatives are not tried at most tags and spaces). The plain patterns below are the ones before it; over
hostile text (every case mate re.IGNORECASE knows: İ ı ſ K, tags in any case, attribute-like text outside
tags, unclosed quotes) both must find the same, and a name added to a list must not be missed by the look-ahead.
"""

from __future__ import annotations

import random
import re

from generator.sescan import case_blind
from generator.site import screen

_PLAIN_INLINE = re.compile(r"</?(?:" + "|".join(case_blind(t) for t in screen._INLINE_TAGS) + r")(?:\s[^<>]*)?>")
_PLAIN_ATTRIBUTE = re.compile(
    r"\s(?:" + "|".join(case_blind(a) for a in screen._ATTRIBUTE_NAMES) + ")" + r"""\s*=\s*(?:"([^"]*)"|'([^']*)')"""
)

_MATES = {"i": "iIİı", "k": "kKK", "s": "sSſ"}


def _any_case(word: str, rng: random.Random) -> str:
    return "".join(rng.choice(_MATES.get(ch, ch + ch.upper())) if ch.isalpha() else ch for ch in word)


def _hostile_pages(count: int) -> list[str]:
    rng = random.Random(13)
    names = [*screen._INLINE_TAGS, "div", "p", "li", "nav", "section", "img", "abbrx", "ba", "spa"]
    attributes = [*screen._ATTRIBUTE_NAMES, "class", "id", "data-href", "hreff", "sr"]
    pieces = ["<", ">", "/", " ", "\t", "\n", '"', "'", "=", "机密★", "13800138000", "文字", "<<", ">>"]
    spaces = [" ", "\t", "\n"]
    equals = ["=", " = ", "  =", ""]
    values = ['"v 1"', "'内部资料'", '"unclosed', "bare", '"a>b"']
    pages = []
    for _ in range(count):
        out = []
        for _ in range(rng.randint(5, 60)):
            if rng.random() < 0.45:
                attrs = "".join(
                    rng.choice(spaces)
                    + _any_case(rng.choice(attributes), rng)
                    + rng.choice(equals)
                    + rng.choice(values)
                    for _ in range(rng.randint(0, 3))
                )
                name = _any_case(rng.choice(names), rng)
                out.append("<" + rng.choice(["", "/"]) + name + attrs + rng.choice([">", "/>", ""]))
            else:
                out.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))))
        pages.append("".join(out))
    return pages


def test_inline_tags_are_removed_as_by_the_plain_pattern() -> None:
    pages = _hostile_pages(800)
    removed = 0
    for page in pages:
        assert screen._INLINE.sub("", page) == _PLAIN_INLINE.sub("", page), page
        removed += len(_PLAIN_INLINE.findall(page))
    assert removed > 300  # control: the pages do hold inline tags in odd cases


def test_attribute_values_are_read_as_by_the_plain_pattern() -> None:
    pages = _hostile_pages(800)
    found = 0
    for page in pages:
        assert screen._ATTRIBUTE.findall(page) == _PLAIN_ATTRIBUTE.findall(page), page
        found += len(_PLAIN_ATTRIBUTE.findall(page))
    assert found > 300


def test_every_case_mate_of_a_first_letter_is_looked_for() -> None:
    # ſrc is src and İ is i to re.IGNORECASE (and so to case_blind): the look-ahead must let them through
    page = '<ſpan TİTLE="内部资料">x</ſpan><a ſrc="a.png" Href="tel:138">y</a><DIV>'
    assert screen._INLINE.sub("", page) == _PLAIN_INLINE.sub("", page) == "xy<DIV>"
    assert screen._ATTRIBUTE.findall(page) == [("内部资料", ""), ("a.png", ""), ("tel:138", "")]
