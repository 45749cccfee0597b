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
from dataclasses import dataclass

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
    body = _visible(html)
    values = [a or b for a, b in _ATTRIBUTE.findall(body)]
    text = _TAG.sub("\n", _INLINE.sub("", body))
    return text + "\n" + "\n".join(v.replace("\n", " ") for v in values)


def _visible(html: str) -> str:
    return _HIDDEN.sub("\n", html) if "<script" in html or "<style" in html else html


def screen(out: str, html: str, staff: frozenset[str], exempt: frozenset[tuple[str, str]]) -> None:
    """Raise PrivacyLeak naming the page and the first finding not covered by a reviewed exemption."""
    text = fold(page_text(html))
    _raise_first(out, sescan.scan(text, staff=staff, folded=text), exempt)


def _raise_first(out: str, findings: list[sescan.Finding], exempt: frozenset[tuple[str, str]]) -> None:
    for finding in findings:
        if (finding.code, fold_key(finding.text)) in exempt:
            continue
        raise PrivacyLeak(f"页面 {out} 未通过发布前的最终检查（{finding.code}）：{finding.message}")


# --- the shared chrome, read once per build ------------------------------------------------------
#
# The navigation, the column's sub-navigation and the footer (render.py's fragments) are the same markup on
# thousands of pages: about a third of a page's text. `Screen` reads each distinct one once: its text and
# attribute values (as page_text would read them there), folded, and scanned alone. On a page it cuts the markup
# where each fragment stands, reads the rest, and leaves a fragment's text and values out of the page's scan when
# they are clean alone and every cut around them is one where no finding can join the two sides
# (sescan.separable). What is left out has no finding of its own and none that reaches across: the findings of
# the rest are the findings of the whole page, in the same order. Wherever one of these conditions fails, the
# fragment is read with the page as before.


@dataclass(frozen=True, slots=True)
class _Fragment:
    text: str  # folded, as page_text reads it within a page
    values: str  # its attribute values, one per line, folded ("" for none)
    has_values: bool
    text_clean: bool  # no finding in its text scanned alone (nor is it too short to stand between two cuts)
    values_clean: bool


# A markup cut right before a fragment's "<" and right after its last ">" falls between two tags: no tag pattern
# matches across it. An attribute value in quotes may hold < and >: a piece whose last quote opens a value
# (after a name and =) could run on into the next piece, and is not cut.
_SEPARATOR = "\n" + " " * sescan.LOOK_BEHIND + "\n"  # a blank line wider than any look-behind across one
# Bounds for templates that call fragment() with new parameters on every page, or hundreds of times on one: each
# page searches its markup for at most _PER_PAGE fragments (linear), and at most _KEPT readings are kept.
_PER_PAGE = 16
_KEPT = 4096


def _opens_value(piece: str) -> bool:
    """Whether the piece's last quote of either kind may open an attribute value (it follows an =)."""
    for quote in "\"'":
        at = piece.rfind(quote)
        while at > 0 and piece[at - 1].isspace():
            at -= 1
        if at > 0 and piece[at - 1] == "=":
            return True
    return False


def _read(piece: str) -> tuple[str, list[str]]:
    """page_text's two parts for a piece of visible markup: its text, and its attribute values."""
    return _TAG.sub("\n", _INLINE.sub("", piece)), [(a or b).replace("\n", " ") for a, b in _ATTRIBUTE.findall(piece)]


class Screen:
    """The final screen of one build's pages (one per worker), reading each fragment's markup once."""

    def __init__(self, staff: frozenset[str]):
        self.staff = staff
        self._fragments: dict[str, _Fragment | None] = {}  # stripped markup -> its reading, None: never cut out

    def check(self, out: str, html: str, exempt: frozenset[tuple[str, str]], fragments: list[str]) -> None:
        """screen(out, html, …) with the fragments (markup the page holds verbatim) read once."""
        _raise_first(out, self.findings(html, fragments), exempt)

    def findings(self, html: str, fragments: list[str]) -> list[sescan.Finding]:
        """sescan.scan of the page's folded page_text, with the offsets of the text actually scanned."""
        body = _visible(html)
        segments = self._segments(body, fragments)
        if segments is None:
            text = fold(page_text(html))
            return sescan.scan(text, staff=self.staff, folded=text)
        text = self._scanned(segments)
        return sescan.scan(text, staff=self.staff, folded=text)

    def _fragment(self, markup: str) -> _Fragment | None:
        if markup in self._fragments:
            return self._fragments[markup]
        found: _Fragment | None = None
        inline_free = _INLINE.sub("", markup)
        if (
            markup.startswith("<")
            and markup.endswith(">")
            and inline_free.startswith("<")
            and inline_free.endswith(">")
            and not _opens_value(markup)
        ):
            raw_text, raw_values = _read(markup)
            text, values = fold(raw_text), fold("\n".join(raw_values))
            found = _Fragment(
                text,
                values,
                bool(raw_values),
                len(text) >= sescan.LOOK_BEHIND and not sescan.scan(text, staff=self.staff, folded=text),
                len(values) >= sescan.LOOK_BEHIND and not sescan.scan(values, staff=self.staff, folded=values),
            )
        if len(self._fragments) < _KEPT:
            self._fragments[markup] = found
        return found

    def _segments(self, body: str, fragments: list[str]) -> list[tuple[str, str, bool]] | None:
        """The page's text as (separator before, folded text, may be left out) in order: the text pieces, then the
        attribute values piece by piece; None when no fragment can be cut out."""
        places = []
        for markup in list(dict.fromkeys(m.strip() for m in fragments))[:_PER_PAGE]:
            fragment = self._fragment(markup)
            at = body.find(markup) if fragment is not None else -1
            if fragment is not None and at >= 0 and (fragment.text_clean or fragment.values_clean):
                places.append((at, at + len(markup), fragment))
        if not places:
            return None
        places.sort(key=lambda p: p[0])
        texts: list[tuple[str, str, bool]] = []
        values: list[tuple[str, str, bool]] = []
        done = 0
        for start, end, fragment in places:
            if start < done:
                continue  # overlapping another fragment: read as part of the page
            piece = body[done:start]
            if _opens_value(piece):
                return None
            self._add_piece(piece, texts, values)
            texts.append(("", fragment.text, fragment.text_clean))
            if fragment.has_values:
                values.append(("\n", fragment.values, fragment.values_clean))
            done = end
        self._add_piece(body[done:], texts, values)
        if values:
            values[0] = ("\n", values[0][1], values[0][2])
        else:
            values.append(("\n", "", False))  # page_text ends with the line break before the (empty) values
        return texts + values

    @staticmethod
    def _add_piece(piece: str, texts: list[tuple[str, str, bool]], values: list[tuple[str, str, bool]]) -> None:
        text, found = _read(piece)
        texts.append(("", fold(text), False))
        if found:
            values.append(("\n", fold("\n".join(found)), False))

    @staticmethod
    def _scanned(segments: list[tuple[str, str, bool]]) -> str:
        """The page's text without the clean fragments whose cuts are separable, a blank line in their place."""
        whole = [part for separator, text, _ in segments for part in (separator, text)]
        out: list[str] = []
        gap = False  # something was left out since the last segment written
        for k, (separator, text, clean) in enumerate(segments):
            if clean and _leaves(whole, 2 * k + 1):
                gap = True
                continue
            out.append(_SEPARATOR if gap else separator)
            out.append(text)
            gap = False
        return "".join(out)


def _leaves(whole: list[str], at: int) -> bool:
    """Whether whole[at] (a fragment's text or values; whole alternates separators and segments) can be left out:
    the cut before it (after its separator) and the cut after it (after the next separator) are separable."""
    inner = whole[at]
    before = _tail(whole, at)
    if not sescan.separable(before, inner):
        return False
    if at + 2 >= len(whole):
        return True  # the end of the text: nothing after it to join
    return sescan.separable(before + inner + whole[at + 1], whole[at + 2])


def _tail(whole: list[str], at: int) -> str:
    """The end of "".join(whole[:at]): at least 2 * LOOK_BEHIND characters and a whole last line (or all of it)."""
    parts: list[str] = []
    size = 0
    k = at
    while k > 0:
        k -= 1
        parts.append(whole[k])
        size += len(whole[k])
        if size >= 2 * sescan.LOOK_BEHIND and "\n" in "".join(reversed(parts))[:-1]:
            break
    return "".join(reversed(parts))
