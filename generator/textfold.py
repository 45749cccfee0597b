"""The one normaliser every secrecy/privacy scan reads through (第十八、十九条).

An author who writes 机　密★1年, ＊ for ★, 內部資料, full-width digits, a zero-width space inside a
number, ``hanlina&#64;…``, ``hanlina\\@…`` or ``%40`` means the same as the plain form, and the
public page shows the same thing. `fold` maps all of these to one plain form, so the check, the
attachment scan and the build's final screen judge the same text the same way.

What it folds: Unicode compatibility forms (NFKC per character: full-width letters and digits,
circled digits, every width of space), the star variants, the look-alikes of a dash, a dot, a slash and
an X (sescan reads them between and after the digits of a number), zero-width and control characters,
traditional forms of the characters of the marks, HTML character references, Markdown backslash
escapes and percent-encoding. Separators *between* the characters of a mark or the digits of a
number are left to the scanners (they decide by form), and so is Markdown emphasis inside an
address.

Linear time: one regular expression without nested quantifiers for the escapes, then one
`str.translate` over a precomputed table for every character (deletions included), both in C;
in bulk work, a numpy lookup in the same table instead (`_translate`).
Line breaks are never added or removed, so a finding's line in the folded text is its line in
the source.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import Any

STAR = "★"
_STARS = "☆✩✪✫✬✭✮✯✰⭐✱✲✳✴✵✶✷✸✹✺⋆﹡＊٭"
# Traditional (and variant) forms of the characters that make up the marks and the words around them.
_TRADITIONAL = {
    "內": "内",
    "資": "资",
    "機": "机",
    "祕": "秘",
    "絕": "绝",
    "絶": "绝",  # the Japanese form (絶密)
    "參": "参",
    "傳": "传",
    "級": "级",
    "嚴": "严",
    "閱": "阅",
    "護": "护",
    "檔": "档",
    "刊": "刊",
    "宻": "密",  # a variant of 密 (review s10 of h4: 机宻★1年)
}
# What a reader takes for a dash, a middle dot, a slash, a tilde or an X, and NFKC leaves apart (‐ – — −,
# ・ •, ∕, 〜, × and the Cyrillic and Greek Х Χ): one character each, so a number written 138–0013–8000 or an
# ID number ending in × is the number the scans know (sescan reads - · / ~ between digits, X at the end).
_LOOKALIKES = (
    dict.fromkeys(
        "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u2e3a\u2e3b\ufe58\u30fc\u2500\u2501\u02d7\u2796", "-"
    )
    | dict.fromkeys("\u30fb\u2027\u2219\u2022\u22c5\u2e31\ua78f\u16eb", "\u00b7")
    | dict.fromkeys("\u2215\u2044", "/")
    | dict.fromkeys("\u301c\u223c\u3030\u2053", "~")
    | dict.fromkeys("\u00d7\u0425\u0445\u03a7\u03c7\u2715\u2716\u2717\u2718\u2573\u2a2f\u3128\u274c\u274e\u4e42", "X")
)
_DROP = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
)
_BLANKS = "\u3164\u2800"  # fillers a page shows as a space: the Hangul filler, the blank Braille pattern
_RANGES = (
    (0x00, 0x1F),  # control characters (a PDF text layer may hold NULs)
    (0x7F, 0xA0),
    (0x2000, 0x206F),  # spaces, zero-widths, directional marks of general punctuation
    (0x2100, 0x218F),  # letterlike and number forms: Ⅹ is X (an ID number's check digit)
    (0x2460, 0x24FF),  # circled and parenthesised digits and letters
    (0x2776, 0x2793),
    (0x2E80, 0x2FDF),  # CJK radicals and Kangxi radicals: ⽂ is 文 (a PDF's text layer often holds them)
    (0x3000, 0x3000),  # the ideographic space
    (0x3164, 0x3164),
    (0x3200, 0x32FF),  # enclosed CJK letters and months: ㊙ is 秘, ㊞ 印
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE6F),  # small and vertical forms
    (0xFF00, 0xFFEF),  # full-width forms
    (0x1D400, 0x1D7FF),  # mathematical letters and digits
    (0x1F200, 0x1F2FF),  # enclosed ideographic supplement: 🈛 is 料, 🈲 禁
    (0x1F100, 0x1F10C),
    (0x2F800, 0x2FA1F),  # compatibility ideographs supplement
)


# Where invisible marks (format characters, variation selectors, tags, combining marks) and the other
# scripts' digits live: scanned once to build the table (a whole-Unicode scan would cost half a second).
_SCANNED = (
    (0x0080, 0x2FFF),
    (0xA600, 0xABFF),
    (0xFE00, 0xFE0F),
    (0xFFF0, 0xFFFB),
    (0x104A0, 0x104A9),
    (0x11000, 0x11FFF),  # Brahmic scripts' digits and marks
    (0x16A60, 0x16B5F),
    (0x1D165, 0x1D1AD),  # musical formatting and combining marks
    (0x1E100, 0x1E95F),
    (0x1F300, 0x1F320),  # 🌟 and its neighbours
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1FBF0, 0x1FBF9),
    (0xE0000, 0xE01EF),  # tags and the variation selectors supplement
)


def _invisible(ch: str) -> bool:
    """A character a reader does not see between two others: format (Cf) and combining (Mn, Me) marks."""
    return unicodedata.category(ch) in ("Cf", "Mn", "Me")


def _is_star(ch: str) -> bool:
    name = unicodedata.name(ch, "")
    return ord(ch) > 0x7F and ("STAR" in name.split() or "ASTERISK" in name) and "CRESCENT" not in name


def _fold_one(ch: str) -> str:
    if ch in "\t\n\r":
        return ch
    if ch in _DROP or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or _invisible(ch):
        return ""
    if ch in _STARS or _is_star(ch):
        return STAR
    if ch in _LOOKALIKES:
        return _LOOKALIKES[ch]
    digit = unicodedata.digit(ch, None)
    if digit is not None:
        return str(digit)  # ١٣٨ (Arabic-Indic), ๑๓๘ (Thai), 𝟏, ¹, ₁, ❶, ⒈ …: the same number
    if ch in _TRADITIONAL:
        return _TRADITIONAL[ch]
    if unicodedata.category(ch) == "Zs" or ch in _BLANKS:
        return " "
    plain = unicodedata.normalize("NFKC", ch)
    if plain in _LOOKALIKES:
        return _LOOKALIKES[plain]  # ･ is ・ after NFKC, and ・ a middle dot (review s10 of h4)
    if plain in _DROP:
        return ""  # ﾠ (the half-width filler) is the filler U+1160
    if plain == "*":  # the full-width asterisk of an official document's star
        return STAR
    if plain in _TRADITIONAL:
        return _TRADITIONAL[plain]
    if len(plain) > 1 and plain.startswith("(") and plain.endswith(")"):
        plain = plain[1:-1]  # ⑴ -> 1
    if len(plain) > 1 and not any(c.isalnum() for c in plain):
        return ch  # … stays …: only letters and digits matter to the scans
    return plain


def _tables() -> tuple[dict[int, str], dict[int, str]]:
    """(one-to-one folds, for str.translate over whole texts; folds that change the length).

    Read from generator/foldtable.py, which `python -m generator.textfold` writes from `_computed_tables`
    (tests/check/test_textfold.py holds the two equal): building them scans 20,000 code points, ≈ 25 ms of
    every command that folds text. Computed here when this Python's Unicode database is another one.
    """
    from generator import foldtable

    if unicodedata.unidata_version == foldtable.UNIDATA_VERSION:
        return dict(foldtable.SAME), dict(foldtable.OTHER)
    return _computed_tables()


def _computed_tables() -> tuple[dict[int, str], dict[int, str]]:
    """`_tables` from the rules of `_fold_one` and this Python's Unicode database."""
    same: dict[int, str] = {}
    other: dict[int, str] = {}
    chars = [chr(c) for a, b in _RANGES for c in range(a, b + 1)]
    chars += list(_STARS) + list(_TRADITIONAL) + list(_DROP) + list(_BLANKS) + list(_LOOKALIKES)
    for a, b in _SCANNED:
        for code in range(a, b + 1):
            ch = chr(code)
            category = unicodedata.category(ch)
            if (
                category in ("Cf", "Mn", "Me", "Nd")
                or (category in ("So", "Po", "Sm") and _is_star(ch))
                or unicodedata.digit(ch, None) is not None  # ¹ ₁ ❶: digits written otherwise (No)
            ):
                chars.append(ch)
    for ch in chars:
        plain = _fold_one(ch)
        if plain == ch:
            continue
        (same if len(plain) == 1 else other)[ord(ch)] = plain
    return same, other


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """For str.translate: one C pass, deletions included (built on first use, not at import)."""
    same, other = _tables()
    return {**same, **other}


_ESCAPE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"  # HTML character reference
    r"|(?:%[0-9A-Fa-f]{2})+"  # percent-encoded bytes
    r"|\\[!-/:-@\[-`{-~]"  # a Markdown backslash escape
)
_ESCAPE_STARTS = "&%\\"  # the first characters of the three escapes
_FEW_CANDIDATES = 64


def fold(source: str) -> str:
    """The plain form of `source`. Line breaks are kept exactly: line N of the result is line N of the source."""
    return _translate(unescape_all(source))


def unescape_all(source: str) -> str:
    """`_ESCAPE.sub(_unescape, source)`, trying the pattern only where an escape can start (& % \\).

    The regular expression engine tests every character of a CJK text against the pattern's first
    characters far more slowly than str.find looks for them (a page of 6,000 characters: 0.3 ms
    against a few µs). A text with many candidates (more than _FEW_CANDIDATES) goes to the engine's
    single scan instead of a Python step for each.
    """
    candidates = sum(source.count(ch) for ch in _ESCAPE_STARTS)
    if not candidates:
        return source
    if candidates > _FEW_CANDIDATES:  # a Python step per candidate would cost more than the engine's scan
        return _ESCAPE.sub(_unescape, source)
    following = {ch: source.find(ch) for ch in _ESCAPE_STARTS}
    out = []
    done = 0  # source[:done] is in out
    at = 0  # no escape starts before this
    while True:
        for ch, found in following.items():
            if 0 <= found < at:
                following[ch] = source.find(ch, at)
        starts = [found for found in following.values() if found >= 0]
        if not starts:
            break
        start = min(starts)
        match = _ESCAPE.match(source, start)
        if match is None:
            at = start + 1
            continue
        out.append(source[done:start])
        out.append(_unescape(match))
        done = at = match.end()
    out.append(source[done:])
    return "".join(out)


# str.translate looks every character up in a dict (about 120 ns each on CJK text). Once a process
# has folded this much text (a build, a whole-site check), a numpy table lookup takes over for long
# texts (about 12 ns each). A single article (the hook) never pays for importing numpy.
_BULK_AFTER = 2_000_000  # characters folded before the array path is worth its import
_ARRAY_MIN = 96  # shorter texts: the array path's fixed cost (≈ 7 µs) outweighs its speed (dict: 6 µs at 64, 16 at 128)
_folded = 0


def _translate(text: str) -> str:
    global _folded  # noqa: PLW0603 - a per-process running total decides when to switch
    if _folded < _BULK_AFTER:
        _folded += len(text)
        return text.translate(_table())
    if len(text) < _ARRAY_MIN:
        return text.translate(_table())
    return array_translate(text)


def prepare_bulk() -> None:
    """Take the array path from now on, its tables built now: before forking workers that will fold a lot."""
    global _folded  # noqa: PLW0603 - see _translate
    _arrays()
    _folded = max(_folded, _BULK_AFTER)


@lru_cache(maxsize=1)
def _arrays() -> tuple[Any, Any, Any]:
    import numpy as np

    same, other = _tables()
    table = np.arange(0x110000, dtype=np.uint32)
    table[np.fromiter(same, dtype=np.int64)] = np.fromiter((ord(v) for v in same.values()), dtype=np.uint32)
    special = np.zeros(0x110000, dtype=bool)  # deleted, or folded to several characters
    special[np.fromiter(other, dtype=np.int64)] = True
    return np, table, special


def array_translate(text: str) -> str:
    """`text.translate(_table())` by array lookup; the same result for every string (lone surrogates included)."""
    np, table, special = _arrays()
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if special[codes].any():
        return text.translate(_table())  # rare in real text; still one linear pass
    return str(table[codes].tobytes().decode("utf-32-le", "surrogatepass"))


def _unescape(match: re.Match[str]) -> str:
    piece = match.group(0)
    first = piece[0]
    if first == "\\":
        return piece[1]
    if first == "&":
        plain = html.unescape(piece)
    else:
        try:
            plain = bytes.fromhex(piece.replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:
            return piece
    return plain.replace("\n", " ").replace("\r", " ")  # an encoded line break must not shift the lines


def fold_key(text: str) -> str:
    """Folded and without any whitespace: how names, properties and exemption texts are compared."""
    return "".join(fold(text).split())


def write_table(path: str) -> None:
    """Write generator/foldtable.py: `_computed_tables` as constants (after changing `_fold_one`; then ruff format)."""
    same, other = _computed_tables()
    lines = [
        '"""The fold tables of textfold.py, computed by `python -m generator.textfold` (never edited by hand).',
        "",
        "tests/check/test_textfold.py holds them equal to textfold._computed_tables(); they are used only",
        "under the Unicode database they were computed with.",
        '"""',
        "",
        f"UNIDATA_VERSION = {unicodedata.unidata_version!r}",
    ]
    for name, table in (("SAME", same), ("OTHER", other)):
        lines.append(f"{name}: dict[int, str] = {{")
        lines += [f"    {code:#07x}: {plain!a}," for code, plain in sorted(table.items())]
        lines.append("}")
    with open(path, "w", encoding="ascii") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    import os

    write_table(os.path.join(os.path.dirname(os.path.abspath(__file__)), "foldtable.py"))
