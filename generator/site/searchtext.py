"""What search reads from an article, and the one normalisation both the build and the browser apply.

The normalisation maps each UTF-16 code unit to exactly one code unit, so an
offset in normalised text is the same offset in the original: the browser finds
and highlights hits in the original text with the same table. The table is
written into the index (search/meta.json) and search.js applies it from there,
so the build and the browser cannot drift apart:

- full-width ASCII (U+FF01–FF5E) to half-width, the ideographic space to a space;
- A–Z to a–z (after the full-width fold, so Ａ, A and a are one letter);
- the bracket variants of a 文号 — [ ] ( ) 【 】 〖 〗 ［ ］ （ ） ﹝ ﹞ — to 〔 〕, so
  国税发[2026]12号 finds 国税发〔2026〕12号;
- every other space-like character to a space. Code units up to U+0020 are
  breaks: no indexed pair spans one, and a query is split into terms at them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from generator.site.views import ArticleView

BREAK = 0x20  # code units <= this are breaks (space, newline, controls)

_OPEN, _CLOSE = "〔", "〕"
_BRACKETS = {"[": _OPEN, "]": _CLOSE, "(": _OPEN, ")": _CLOSE, "【": _OPEN, "】": _CLOSE, "〖": _OPEN, "〗": _CLOSE}
_BRACKETS.update({"﹝": _OPEN, "﹞": _CLOSE})
_SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


def _fold_table() -> dict[int, int]:
    table: dict[int, int] = {}
    for code in range(0x21, 0x7F):
        table[0xFEE0 + code] = code  # full-width ASCII
    for char in _SPACES:
        table[ord(char)] = BREAK
    for code in range(BREAK):
        table[code] = BREAK
    final: dict[int, int] = {}
    for source in [*table, *range(0x41, 0x5B), *(ord(c) for c in _BRACKETS)]:
        target = chr(table.get(source, source))
        target = _BRACKETS.get(target, target.lower() if "A" <= target <= "Z" else target)
        if ord(target) != source:
            final[source] = ord(target)
    return final


FOLD: dict[int, int] = _fold_table()
_TRANSLATE = {source: chr(target) for source, target in FOLD.items()}


def normalise(text: str) -> str:
    """The searchable form of `text`: same length in code units, folded as the module says."""
    return text.translate(_TRANSLATE)


def fold_pairs() -> list[list[int]]:
    """The table as [[from, to], ...] for the browser."""
    return [[source, FOLD[source]] for source in sorted(FOLD)]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# Block-level tags end a run of text: no phrase is found across a paragraph, cell or list item.
_BLOCK = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "thead", "tbody", "tr", "td", "th"}
    | {"blockquote", "pre", "div", "br", "hr"}
)
# A line break inside a paragraph between two non-ASCII characters is no space to a reader of Chinese.
_SOFT_BREAK = re.compile(r"(?<=[^\x00-\x7f])\n(?=[^\x00-\x7f])")


def html_text(body_html: str) -> str:
    """The visible text of rendered article HTML (markdown.render's: every literal < is escaped), blocks on lines."""
    parts = body_html.split("<")
    out = [parts[0]]
    for part in parts[1:]:
        tag, _, text = part.partition(">")
        name = tag[1:] if tag[:1] == "/" else tag
        if name.split(" ", 1)[0].lower() in _BLOCK:
            out.append("\n")
        if text:
            out.append(_SOFT_BREAK.sub("", text) if "\n" in text[1:-1] else text)
    text = "".join(out)
    return (html.unescape(text) if "&" in text else text).strip()


@dataclass(frozen=True, slots=True)
class SearchText:
    """An article as search sees it: the title apart (ranking looks for hits there) and the rest."""

    title: str
    rest: str  # 文号, 索引号, 发布机构, the body's text and the attachment names, one per line

    @property
    def indexed(self) -> str:
        return normalise(self.title + "\n" + self.rest)


def article_text(view: ArticleView, body_html: str) -> SearchText:
    """What a reader can find an article by: its title, its disclosure labels, its text, its attachments."""
    lines = []
    if view.disclosure:
        lines += [v for v in (view.disclosure.doc_no, view.disclosure.index_no, view.disclosure.issuer) if v]
    lines.append(html_text(body_html))
    lines += [a.name for a in view.attachments]
    return SearchText(view.title.replace("\n", " "), "\n".join(lines))
