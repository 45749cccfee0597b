"""The standing-mark patterns with their look-aheads find exactly what the plain patterns find.

sescan.py puts two look-aheads into _STANDING_AT_HEAD (no break right after a head, a mark's first character
before the phrases), and finds a mark that opens the text with _RUN, then _STANDING (_standing_at_start): speed-ups
only. Over hostile text (runs of breaks, decoration,
list heads, every phrase and level, spaced and not, at every kind of head) the matches must be the same, and
every phrase's first character must be in _STANDING_FIRST.
"""

from __future__ import annotations

import random
import re

from generator import sescan

_PLAIN_AT_HEAD = re.compile(sescan._AT_HEAD + sescan._RUN.pattern + "(" + sescan._STANDING.pattern + ")")
_PLAIN_AT_START = re.compile(sescan._RUN.pattern + "(" + sescan._STANDING.pattern + ")")


def _texts(count: int) -> list[str]:
    rng = random.Random(18)
    words = [*sescan._PHRASES, "绝密", "机 密", "秘-密", "秘", "内部", "注意", "严禁", "内 部 资 料"]
    pieces = ["\n", "\r", "\u2028", "\u2029", "|", ">", "=", "alt=", "a =", " ", "\t", "——", "★", "一、", "（三）"]
    pieces += ["1.", "A、", "●", "🔒", "《", "》", "文字", "的", "政府信息公开", "\n\n\n", "\n  \n"]
    out = []
    for _ in range(count):
        out.append("".join(rng.choice(words if rng.random() < 0.3 else pieces) for _ in range(rng.randint(3, 40))))
    return out


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return [(m.span(), m.span(1)) for m in pattern.finditer(text)]


def test_heads_match_as_the_plain_pattern() -> None:
    found = 0
    for text in _texts(3000):
        assert _spans(sescan._STANDING_AT_HEAD.compiled(), text) == _spans(_PLAIN_AT_HEAD, text), repr(text)
        plain = _PLAIN_AT_START.match(text)
        assert sescan._standing_at_start(text) == (plain and plain.span(1)), repr(text)
        found += len(_spans(_PLAIN_AT_HEAD, text))
    assert found > 1000  # control: the texts do hold marks at heads


def test_every_phrase_starts_with_a_first_character() -> None:
    for word in [*sescan._PHRASES, "绝密", "机密", "秘密", "秘"]:
        assert word[0] in sescan._STANDING_FIRST
    assert _PLAIN_AT_HEAD.search("\n  ——内部资料") and sescan._STANDING_AT_HEAD.search("\n  ——内部资料")
