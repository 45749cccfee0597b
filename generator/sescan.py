"""What is classified or personal in a piece of text, judged by form (第十八、十九条).

Pure functions over text (model layer), shared by the article rules (rules/se.py), the attachment
scan (rules/seattach.py) and the build's final screen (site/screen.py): all read through the one
normaliser (textfold) and report the same findings for the same text.

By form, not by word:
- a classification mark is a mark because of how it stands: 绝密/机密/秘密 followed by a star
  (of any shape, ＊ included) or labelled 密级, or a mark phrase (内部资料, 内部文件, 注意保密…)
  standing on its own at the head of a line, a heading, a title — never the same words inside
  a sentence (严禁将内部资料上传互联网) or a book title (《内部资料性出版物管理办法》);
- a number is read with the separators people put inside it (spaces, any dash, dots, ·, /, commas,
  brackets, emphasis, a soft line break), in digits, in CJK numerals (一三八〇〇一三八〇〇〇, 壹叁捌…, each
  numeral read as its digit) or with letters for digits (138OO138OOO), and then judged by its
  structure: an ID number by its region, birth date and check digit; a card by its issuer prefix and
  Luhn; a mobile number by its 1[3-9] head and its grouping (odd groupings only standing alone).
  Amounts (a unit, a currency sign, thousands, a fraction) and dates are not phone numbers, nor a row of
  counts a label or 第 marks; a number inside a web address is published as written and judged like any
  other, except a card (Luhn alone is too weak against post ids) unless a parameter names it; a mask that
  hides too little is refused;
- a registered person's e-mail address is found however it is written: full-width, entity- or
  percent-encoded, escaped, with Markdown emphasis or spaces inside, [at] for @.

Every pattern is linear: no nested quantifiers, look-backs bounded by the run just matched, possessive
quantifiers where a run of separators could be split two ways.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise

from generator.textfold import fold

CLASSIFIED = "SE001"
ID_NUMBER = "SE002"
MOBILE = "SE003"
BANK_CARD = "SE004"
STAFF_EMAIL = "SE007"

# What re.IGNORECASE adds to the ASCII letters: İ and ı match i, K (Kelvin) matches k, ſ matches s.
_CASE_MATES = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def case_blind(word: str) -> str:
    """A pattern matching `word` exactly as re.IGNORECASE would, with character classes instead of the flag.

    The flag makes the engine fold every character it compares: on a whole page, the scans that
    run per character are up to 1.6 times slower with it (the build's final screen reads every page).
    """
    assert word.isascii(), "only ASCII words: other letters fold in ways classes of two cases do not cover"
    out = []
    for ch in word:
        low = ch.lower()
        if "a" <= low <= "z":
            out.append(f"[{low}{low.upper()}{_CASE_MATES.get(low, '')}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


class _Lazy:
    """A pattern compiled when first used: the pre-commit hook scans one article, and compiling every
    pattern of the scanner (the standing phrases' alone take about 10 ms) would cost each commit more
    than most of the scans it runs. Cheap tests before each use (how a starred or labelled mark must
    look, a line head's first character) spare most texts the compilation altogether."""

    __slots__ = ("_compiled", "_flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self._flags)
        return self._compiled

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(text, pos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled().match(text, pos)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled().search(text)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().fullmatch(text, pos, endpos)

    def sub(self, replacement: str, text: str) -> str:
        return self.compiled().sub(replacement, text)


# A text with at most this many candidate characters is searched by str.find and one anchored match at each; more,
# and the engine's own scan is cheaper than a Python step per candidate.
_FEW_STARTS = 64


def finditer_at(pattern: re.Pattern[str] | _Lazy, text: str, firsts: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern whose every match is non-empty and starts with one of `firsts`.

    str.find skips to the few characters that can start a match (a few µs over a page), where the engine tries a
    pattern that starts with an alternation or a look-around at every character (about 20 ns each). The matches
    are the same: the leftmost match after the previous one starts at one of these characters, and each is tried
    in order with the match that finditer would try there (tests/check/test_sescan_classfirst.py compares)."""
    if sum(text.count(ch) for ch in firsts) > _FEW_STARTS:
        yield from pattern.finditer(text)
        return
    starts: list[int] = []
    for ch in firsts:
        at = text.find(ch)
        while at >= 0:
            starts.append(at)
            at = text.find(ch, at + 1)
    done = 0
    for at in sorted(starts):
        if at < done:
            continue
        m = pattern.match(text, at)
        if m is not None:
            done = m.end()
            yield m


# Characters that may stand between the characters of a mark: spaces, dots, dashes, slashes, emphasis; as many as
# a stamp spaced across a line takes (内    部    资    料, session 9), bounded so the engine stays linear. And up to
# two line breaks (review s10 of h4): Markdown and a page show 内⏎部⏎资⏎料 and 内部⏎资料 on one line (a soft
# break is a space), and a mark written one character a line (vertical writing, in a document too) is still a mark.
# Session 11 (h5): the cell bar | and the CJK stroke 丨 too (| 内 | 部 | 资 | 料 |, 内丨部资料), and after a line break
# the decoration that opens a list item, a table row or a quote on each line (1. 内⏎2. 部…, | 内 |⏎| 部 |…, + 机⏎+ 密):
# a mark written one character a row. The mark must still head its first line and stand alone on its last.
# The characters beyond Latin-1 (— 、 丨) are alternatives of their own, not members of the class: re compiles a class
# holding one into a 64K-bit table (≈ 60 µs), and the standing phrases repeat these classes 180 times (a pattern that
# holds them compiled in 11.6 ms, now 5.9 ms; a one-article rebuild compiles four). The empty look-ahead keeps re's
# parser from merging single-character alternatives back into one class. The same characters match.
_WIDE_SEPARATORS = "|—|、|丨(?=)"
_SEP_CHARS = rf"(?:[ \t·._\-*~/|]{_WIDE_SEPARATORS})"
_ROW_CHARS = rf"(?:[ \t·._\-*~/|+>0-9)]{_WIDE_SEPARATORS})"
_SEP = rf"{_SEP_CHARS}{{0,8}}(?:(?:\r?\n|[\r\u2028\u2029]){_ROW_CHARS}{{0,8}}){{0,2}}"


def _spaced(word: str) -> str:
    return _SEP.join(re.escape(ch) for ch in word)


_LEVEL = "(?:" + "|".join(_spaced(w) for w in ("绝密", "机密", "秘密")) + ")"
# ㊙ folds to 秘 (NFKC) and stands for the classification itself: ㊙★五年 is 秘密★五年, ㊙ alone on its line a mark.
_LEVEL_OR_SEAL = "(?:" + _LEVEL + "|秘(?!" + _SEP + "密))"
# A term of secrecy as GB/T 9704 writes it after the star: 1年, 一年, 十年, 6个月, 长期.
_TERM = r"(?:[0-9]{1,3}|[一二三四五六七八九十两]{1,3})[ \t]{0,2}(?:年|个月)|长期"
# What may stand between a level and its star (秘密★一年, 秘密：★一年, 秘密（★一年）, 机密·★, 秘密—★): spaces,
# emphasis, a colon, an opening bracket or quote, a dash, a slash or a dot — never a comma or a full stop,
# which end the words, nor a closing quote (…商业秘密”★★★★★ is a rating after a quoted phrase).
_STAR_SEP = r"[ \t*_~:(\[【〔“‘「『〈《\-—–·./]{0,3}"
# The star itself: ★ (textfold folds ＊ ☆ ✱ … to it) anywhere; the ASCII * only before a term (机密*1年), as
# **国家秘密**是指… is Markdown emphasis, not a star.
_STAR = rf"(?:★|\*(?=[ \t]{{0,2}}(?:{_TERM})))"
# ㊙ (秘) takes its star close (㊙★, ㊙ ★): 揭秘：★★★★★ is a rating.
_SEAL_STAR = r"秘[ \t_~]{0,3}★"
_STARRED = _Lazy(_LEVEL + _STAR_SEP + _STAR + "|" + _SEAL_STAR)
# 密级：机密, 密级—秘密, 密级=机密, 密级】秘密: a label and punctuation is a mark wherever it stands. 密级为秘密 and
# 密级是机密 are marks when the level ends the statement (本文件密级为秘密。), not when it runs on into the
# sentence (确定密级为秘密的事项, 密级为秘密、机密的文件): those are rules about marks, not marks.
# 密级（秘密） is one too, the level closed by its bracket (确定密级（绝密、机密、秘密） lists the levels). The
# label may be 保密等级 or 涉密等级, and the level 内部 (密级：内部, an internal document's grade).
_LABELS = ("密级程度", "密级", "保密等级", "涉密等级", "保密级别", "秘密等级")  # the hint below finds each one
_LABEL = "(?:" + "|".join(_spaced(w) for w in _LABELS) + ")"
# A level followed by another (密级：秘密、机密、绝密) lists the levels: a rule about marks, not a mark.
_LABEL_PUNCT = (
    r"[ \t*_~:=\-—–】〕\]/“‘「『\"']{0,4}(?:" + _LEVEL_OR_SEAL + "|内部)"
    r"(?!级?[ \t]{0,2}[、,/或和及与][ \t]{0,2}(?:" + _LEVEL_OR_SEAL + "))"
)
_LABEL_BRACKETS = r"[ \t*_~]{0,3}[(\[【〔][ \t]{0,2}" + _LEVEL_OR_SEAL + r"级?[ \t]{0,2}[)\]】〕]"
_LABEL_VERB = r"[ \t*_~]{0,3}(?:为|是|定为|属于|属)[ \t*_~:“‘「『\"']{0,3}"
_STATEMENT_ENDS = rf"(?:级)?(?=[ \t]{{0,3}}(?:[★*]|{_TERM})|[ \t]*+(?![\w、]))"  # any spaces before the line's end
_LABELLED = _Lazy(
    _LABEL + "(?:" + _LABEL_PUNCT + "|" + _LABEL_BRACKETS + "|" + _LABEL_VERB + _LEVEL_OR_SEAL + _STATEMENT_ENDS + ")"
)
_PHRASES = (
    "内部资料",
    "内部文件",
    "内部参考",
    "内部使用",
    "内部刊物",
    "注意保密",
    "严禁外传",
    "禁止外传",  # session 11 (h5): the ban written 禁止, and 🈲外传 (🈲 folds to 禁)
    "禁外传",
    "内部资料注意保存",
    "内部传阅",  # review s10 of h4: the stamps of internal circulation
    "仅供内部使用",
    "仅供内部参考",
    "仅供内部传阅",
    "仅限内部使用",
)
_STANDING = _Lazy("|".join(_spaced(w) for w in sorted(_PHRASES, key=len, reverse=True)) + "|" + _LEVEL + "|秘")
_LEVEL_ONLY = _Lazy(_LEVEL_OR_SEAL)
# How every starred mark ends (each level ends in 密) and how every labelled one starts: a text without
# them, nearly every text, is spared compiling the marks. 密 and 级 alone are in nearly every article.
_STARRED_HINT = re.compile("密" + _STAR_SEP + "[★*]|" + _SEAL_STAR)  # both need ★ or *: tested with `in` first
_LABELLED_HINT = re.compile(_spaced("密级") + "|" + _spaced("密等级"))
_MARK_HINT = re.compile(r"[密内注严禁秘]")
# A sentence that says this document is internal or classified (本文件为内部资料，请勿外传。此件系内部文件。本件属秘密。),
# review s10 of h4: 本 or 此 (not inside a word), maybe a name of the document, a verb, then a mark phrase or a level
# (with 级, 文件) that ends the statement. Rules about such material (本文件所称内部资料，是指…, 本办法所称内部资料为…)
# and words run on (本文件为内部资料性出版物…) are not statements of this kind.
_THIS_DOCUMENT_IS = _Lazy(
    r"[本此](?<!\w[本此])(?:文件|件|资料|材料|文档|报告|稿|页|表)?[ \t]{0,2}(?:为|系|属于|属|是|定为|列为)[ \t*_~“‘「『\"']{0,3}"
    r"(?:"
    + "|".join(_spaced(w) for w in sorted(_PHRASES, key=len, reverse=True))
    + r"|"
    + _LEVEL
    + r"级?(?:文件|件|资料)?)"
    r"(?=[ \t*_~”’」』\"']*+(?![\w、]))"
)
# Where to try it: 本 and 此 found by str.find (far faster than the engine's scan of CJK text for a class), tried only
# where one of the verbs' first characters follows within the name's two characters and two spaces.
_THIS_STARTS = "本此"
_THIS_VERBS = frozenset("为系属是定列")
_THIS_VERB_WITHIN = 5

# A standing mark heads a piece of text that a reader sees on its own: a line (after \n, and after \r, U+2028
# and U+2029, which Markdown and Unicode also end a line with; textfold keeps all four), a table cell (after
# |), an element (after the > of a tag: <p>, <td>, <br>, <div class=…>; or of a block quote), or an
# attribute's value (alt="…", title='…', alt=…). The C0/C1 controls \v \f U+0085 are no line break in
# Markdown or in a browser (which draws them inside the line): textfold deletes them like the other invisible
# characters.
_BREAKS = "\n\r\u2028\u2029"
# The character that opens a head, tried first by the engine (a class it skips to quickly; a look-behind at
# every character would cost the page scan five times as much). An = opens an attribute's value only after a
# name (alt="…", alt=…; a run of = is decoration: each of them tried as a head would read the run again).
# The start of the text is a head too (`_standing_at_heads`).
_AT_HEAD = f"[{_BREAKS}|>=](?:(?<!=)|(?<=[A-Za-z0-9_\\-]=)|(?<=[A-Za-z0-9_\\-][ \\t]=))"
# Between that head and the mark, decoration only: spaces, punctuation, digits, brackets and quotes (“机密”,
# 「内部资料」, 《内部资料》, `内部资料`), dashes (——注意保密——), bullets and other symbols (• ● ◆ ■ ▲ ◇ ○ □ ► ※ ★,
# arrows, box drawing, emoji), and list heads: 一、 (一) 壹、 甲、 1. ① (textfold: 1) A、 A1. Ⅰ. (textfold: I.)
# - [ ] - [x]. Never | or > (each is a head of its own) and never a letter or a CJK character outside a list
# head: a word before the mark puts it inside a sentence. The first characters of the marks (内注严绝机秘) are none of these,
# so the run is taken whole (possessive): one pass over each head's decoration, never a second.
_SYMBOLS = (
    " \t"
    + "".join(re.escape(ch) for ch in "!\"#$%&'()*+,-./:;<=?@[\\]^_`{}~")
    + "\u00a1-\u00bf\u00d7\u00f7"  # ¡ « · » ¿ × ÷
    + "\u2010-\u2027\u2030-\u205e"  # dashes, quotes, • ‣ … ‰ ※ ⁃
    + "\u2190-\u23ff\u2460-\u24ff\u2500-\u27bf\u2900-\u2bff"  # arrows, operators, geometric shapes, ★, dingbats
    + "\u3000-\u3004\u3007-\u3020\u3030\u30fb"  # 、。〇〈〉《》「」『』【】〔〕〖〗〝〞 ・
)
_PICTOGRAPHS = (
    "[\U0001f000-\U0001faff]"  # emoji used as bullets: apart, as a class with them is slow for every character
)
_DECOR = f"[0-9{_SYMBOLS}]"
# CJK numerals stand as digits do, their list punctuation optional (textfold reads ㈠ as 一, as it reads ① as 1).
_LIST_HEAD = (
    r"[一二三四五六七八九十百零壹贰貳叁参肆伍陆陸柒捌玖拾]{1,5}[、.:)\]]?|[甲乙丙丁戊己庚辛壬癸][、.:)\]]"
    r"|[A-Za-z]{1,4}[0-9]{0,3}[、.:)\]]"
    r"|(?:备|附)?注[ \t]*:|说明[ \t]*:|提示[ \t]*:|附件[ \t]*:"  # a note's label: 注：内部资料 (session 9)
)
# Decoration, list heads and pictographs in any order, unrolled so that the common case is one class's loop.
_RUN = _Lazy(f"{_DECOR}*+(?:(?:{_LIST_HEAD}|{_PICTOGRAPHS}){_DECOR}*+)*+")
# Every standing phrase and level starts with one of these characters (a test holds this to _PHRASES).
_STANDING_FIRST = "内注严禁绝机秘仅"
# Two look-aheads the rest of the pattern implies, so that a head fails before the engine tries the decoration's
# and the phrases' alternatives: a break right after a head (a page's text has about 570 line breaks, most of
# them in runs) is never followed by a mark at that head, and a mark starts with _STANDING_FIRST. The matches
# are the same (tests/check/test_sescan_marks.py compares with the plain patterns); a page's scan is ≈ 40 µs faster.
_STANDING_AT_HEAD = _Lazy(
    _AT_HEAD + f"(?![{_BREAKS}])" + _RUN.pattern + f"(?=[{_STANDING_FIRST}])(" + _STANDING.pattern + ")"
)
# Every standing phrase and level starts with one of these (the separators stand only between their
# characters): a text none of whose heads holds one after its decoration has no standing mark, and is spared
# compiling the phrases.
#
# The hints read the decoration coarsely, as any character that is no letter or CJK character (\W), digits, and
# the letters and numerals of list heads: a class that compiles in a fraction of a millisecond (the exact one
# takes 3 ms, which the hook would pay on every commit). Head characters are not part of it, so that no run of
# them is read again from each one; any = is a head here. The word characters among the decoration (〇, µ, ª,
# º, ¼ ½ ¾, circled numbers from 11 such as ⓫ ❿: _DECOR holds them) are added by name;
# tests/check/test_sescan_marks.py holds the hints to be wider.
_HINT_HEAD = f"[{_BREAKS}|>=]"
_HINT_EXTRA = (
    "0-9_A-Za-z〇ªµº¼½¾\u24eb-\u24ff\u2776-\u2793\U0001f10b\U0001f10c"
    "一二三四五六七八九十百零壹贰貳叁参肆伍陆陸柒捌玖拾甲乙丙丁戊己庚辛壬癸备附件说明提示"
)
_HINT_RUN = f"[^\\w{_BREAKS}|>=]*+(?:[{_HINT_EXTRA}][^\\w{_BREAKS}|>=]*+)*+"  # unrolled: \W's loop first
_HEAD_HINT = re.compile(_HINT_HEAD + _HINT_RUN + f"[{_STANDING_FIRST}]")
_START_HINT = re.compile(_HINT_RUN + f"[{_STANDING_FIRST}]")


def _expand(chars: str) -> frozenset[str]:
    """The characters of a class's body written with ranges (a-b), as _HINT_EXTRA is."""
    out: set[str] = set()
    i = 0
    while i < len(chars):
        if i + 2 < len(chars) and chars[i + 1] == "-":
            out.update(chr(c) for c in range(ord(chars[i]), ord(chars[i + 2]) + 1))
            i += 3
        else:
            out.add(chars[i])
            i += 1
    return frozenset(out)


_HINT_HEADS = frozenset(_BREAKS + "|>=")
_HINT_WORDS = _expand(_HINT_EXTRA)


def _in_hint_run(ch: str) -> bool:
    """Whether `ch` belongs to _HINT_RUN: no word character (\\w: alphanumeric or _) and no head, or one of _HINT_EXTRA."""
    return ch in _HINT_WORDS or not (ch.isalnum() or ch == "_" or ch in _HINT_HEADS)


def _head_hint(text: str) -> bool:
    """`_START_HINT.match(text) or _HEAD_HINT.search(text)`, from each first character of a mark (str.find) back over
    the run before it to a head or the start: the engine's scan tries every head of a page (hundreds of line breaks),
    where nearly every first character (内 of 国内, 机 of 机关) has a word right before it. No first character is in
    the run, so each step back is taken once: linear. tests/check/test_sescan_classfirst.py compares."""
    for first in _STANDING_FIRST:
        at = text.find(first)
        while at >= 0:
            i = at - 1
            while i >= 0 and _in_hint_run(text[i]):
                i -= 1
            if i < 0 or text[i] in _HINT_HEADS:
                return True
            at = text.find(first, at + 1)
    return False


# Where the text after a mark stops belonging to it: the end of its line or table cell.
_TAIL_END = _Lazy(f"[{_BREAKS}|]")
_TAIL = 80
_TAIL_DECOR = _Lazy(f"(?:[{_SYMBOLS}>]|{_PICTOGRAPHS})*+")  # closing decoration; not digits (秘密 1年: a term)
# HTML in the text after a mark: a block element's tag ends the mark's element (内部资料</p>, 内部资料<br>); an
# inline one is dropped (内部资料<em>管理</em>办法 reads 内部资料管理办法); an attribute's value ends at its
# closing quote (alt="内部资料" src=…).
_BLOCK_TAGS = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
]
_BLOCK_TAG = _Lazy(r"</?(?:" + "|".join(case_blind(t) for t in _BLOCK_TAGS) + r")(?![A-Za-z0-9])[^<>]*>")
_ANY_TAG = _Lazy(r"</?[A-Za-z][^<>]*>")
_ATTRIBUTE_END = _Lazy(r"[\"'](?=[ \t]*/?>|[ \t]+[A-Za-z][A-Za-z0-9_:.\-]*[ \t]*=)")
_TERM_ONLY = _Lazy(_TERM)
# What may follow a level alone on its line (GB/T 9704 sets 密级和保密期限 and 紧急程度 at the top): its term,
# written with 保密期限 or not, and the urgency (秘密 特急, 机密　急件, 秘密 保密期限一年).
_URGENCY = "特急|加急|平急|急件|特提"
_LEVEL_TAIL = _Lazy(
    rf"(?:(?:保密期限[ \t:]{{0,3}})?(?:{_TERM})|{_URGENCY})(?:[ \t:,;/]{{0,3}}(?:(?:保密期限[ \t:]{{0,3}})?(?:{_TERM})|{_URGENCY}))?"
)
# What follows a standing mark: closing brackets, punctuation, spaces, the star, the end of the line.
_COMPANIONS = _Lazy(r"注意保存|请勿外传|不得外传|严禁外传|禁止外传|注意保密|妥善保管|不得上网|[0-9]+年|长期|★")
_REST_OF_LINE_SHORT = 12
_COMPANIONS_ONLY = _Lazy(
    f"(?:(?:{_COMPANIONS.pattern}|仅供参考|{_STANDING.pattern})(?:[{_SYMBOLS}>]|{_PICTOGRAPHS})*+)+"
)
# The notices among the standing phrases: a stamp of their own only alone (or with a companion: 注意保密 请勿外传).
# After a numbered list head (三、 （五） 1、 A. — any letter or numeral in the decoration) a notice heads an item
# of a rule text about confidentiality (三、注意保密, （三）严禁外传、复制涉密资料), and with a sentence after it
# it is a slogan (注意保密，从我做起). The document marks (内部资料…) and the levels stand after a list head.
_NOTICES = _Lazy("|".join(_spaced(w) for w in ("注意保密", "严禁外传", "禁止外传", "禁外传")))
# A label after 的 states the level of something else (增值税防伪税控系统密钥的密级为机密。, a 保密事项范围 item),
# unless the clause before it names this document (本文件的密级为秘密, 此件的密级：机密).
_CLAUSE_BEFORE_LABEL = 12
# A starred mark quoted as an example inside a sentence (如“秘密★10年”) is cited, not carried: the quotes a mark
# is cited in, each opening one with its closing one.
_OPENING_QUOTES = '“「『‘"'
_CLOSING_QUOTES = '”」』’"'
_THIS_DOCUMENT = "本此"
# A Markdown table's column whose header names a level (密级, 原密级, 保密等级): its cells hold levels as data
# (a 保密期限 table, a list of declassified documents), not marks.
_DELIMITER_ROW = _Lazy(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_LEVEL_HEADER = _Lazy(_spaced("密级") + "|" + _spaced("密等级") + "|" + _spaced("密别"))

# Numbers written with CJK numerals (一三八〇〇一三八〇〇〇, 壹叁捌…; 幺 as a number is read out, ○ for 〇,
# the Suzhou numerals): each character stands for one digit, so a run translated character by character
# keeps its offsets and is judged as the digits it stands for. 十 and 拾 (ten) stand for the ID check digit
# X (Roman Ⅹ folds to X). ㊀, ㈠ and the compatibility ideographs fold to these (textfold). Session 11 (h5): the
# digits as radio operators read them out, 幺 1, 两 2, 拐 7, 勾 9, 洞 0 (幺三八洞洞幺三八洞洞洞): words of running text
# too (漏洞, 拐弯, 勾选, 两个), but a number needs eleven of them in a row, which no running text holds. Not 什 or 漆.
_NUMERALS = {
    "0": "〇零○◯洞",
    "1": "一壹弌壱幺〡㆒",
    "2": "二贰貳貮弍弐〢㆓两",
    "3": "三叁叄参弎〣㆔",
    "4": "四肆〤㆕",
    "5": "五伍〥",
    "6": "六陆陸〦",
    "7": "七柒〧拐",
    "8": "八捌〨",
    "9": "九玖〩勾",
}
_TENS = "十拾"
NUMERAL_DIGITS = str.maketrans({ch: d for d, chars in _NUMERALS.items() for ch in chars} | dict.fromkeys(_TENS, "X"))
_N = "".join(_NUMERALS.values())


# Letters that look like digits (O for 0, l and I for 1): read as digits only in a second reading, whose
# findings must hold such a letter, stand apart from other letters and pass the number's own checks.
# Cyrillic І Ӏ ӏ for 1 and З з for 3 too (review s8 of h4, N4): they look the same in most fonts.
_LETTER_DIGITS = str.maketrans(dict.fromkeys("OoΟοОо", "0") | dict.fromkeys("lIΙІӀӏ", "1") | dict.fromkeys("Зз", "3"))
_LETTER_CHARS = "OoΟοОоlIΙІӀӏЗз"
_LETTER_HINTS = (re.compile(rf"[0-9][{_LETTER_CHARS}]"), re.compile(rf"[{_LETTER_CHARS}][0-9]"))
_LETTERS = re.compile(rf"[{_LETTER_CHARS}]")
# What may stand between two groups of a number: spaces and tabs (a browser shows any run of them as one
# space), at most one of the separators people write (- . · / , ( ) + ~, every dash read as -), or a
# Markdown emphasis of one to three * or _; in text whose line breaks are soft (Markdown, a page), one line
# break instead. Possessive quantifiers: the engine never splits a run of spaces two ways, so it is linear.
# Review s8 of h4 (N1, N7): a dash may be doubled (the Chinese dash —— folds to --), dots may be three (...),
# a closing bracket may have a dash after it ((138)-0013-8000), and a line break inside a paragraph or a
# cell (U+2028: Word's Shift+Enter, Excel's Alt+Enter, as the document readers give them) is a gap too.
# Session 9: the marks that list things in Chinese prose (、 。 … ⋯, the ellipsis doubled) separate a number's
# groups too (138、0013、8000); a number so written counts only in the usual groupings (_judge, _LISTING).
_LISTING = "、。…⋯"
_GAP_CHARS = "\\-./,·()+~\u2028、。"
_SEPARATOR = rf"-{{1,2}}+|\.{{1,3}}+|[…⋯]{{1,2}}+|\)[ \t]*+-?|[{_GAP_CHARS}]|[*_]{{1,3}}"
_GAP = rf"[ \t]*+(?:{_SEPARATOR})?[ \t]*+"
# A backslash before the line break is Markdown's hard break (138\⏎0013\⏎8000, session 11): the page breaks the line
# there as it does after two spaces (138␣␣⏎0013␣␣⏎8000), which was read as a soft break already.
_SOFT_GAP = rf"[ \t]*+(?:{_SEPARATOR}|\\?\n)?[ \t]*+"
_RUN_CHARS = rf"0-9 \t{_GAP_CHARS}…⋯*_"


def _run_pattern(digit: str, check: str, not_after: str, gap: str) -> str:
    """A run of digit groups of any size (the judgement decides which groupings make a number); a final X
    for the ID check digit, maybe after a space. Greedy, possessive and never failing: linear."""
    return rf"{digit}++(?:{gap}{digit}++)*+(?:[ \t]?{check}(?!{not_after}))?"


def _long_pattern(extra: str, check: str, not_after: str, soft: bool, *, plain: bool = False) -> str:
    """Runs that can be 11 characters long (the shortest number judged): the look-ahead covers every
    character a run may hold, so a run it passes over is shorter, and so is any run starting inside it.

    The run's first digit stands before the look-ahead (its other ten characters): a pattern that starts with a
    character class lets the engine skip to the next such character in its own loop, where a look-ahead first
    makes it try the whole pattern at every character (a page's scan for runs: half the time). `plain`: the
    look-ahead first, as tests/check/test_sescan_classfirst.py compares."""
    digit = f"[0-9{extra}]"
    rest = f"(?=[{_RUN_CHARS}{extra}" + (r"\n\\" if soft else "") + f"Xx{_TENS if extra else ''}]{{10}})"
    run = _run_pattern(digit, check, not_after, _SOFT_GAP if soft else _GAP)
    if plain:
        return f"(?={digit}{rest[3:]}" + run
    return digit + rest + digit + "*+" + run.removeprefix(digit + "++")


def _long(extra: str, check: str, not_after: str, soft: bool) -> re.Pattern[str]:
    return re.compile(_long_pattern(extra, check, not_after, soft))


@lru_cache(maxsize=2)
def _long_digits(soft: bool) -> re.Pattern[str]:
    return _long("", "[Xx]", "[A-Za-z0-9]", soft)


@lru_cache(maxsize=2)
def _long_numerals(soft: bool) -> re.Pattern[str]:
    """The same runs over digits and CJK numerals at once: on the text, what _long_digits finds on the text
    translated by NUMERAL_DIGITS (whose 十 is an X, so an X may not stand before a numeral either). Every run
    _long_digits finds starts inside one of these (its look-ahead is the narrower one) and ends at most one
    character (an X) after it: the one pass of the engine finds the candidates of both."""
    return _long(_N, f"[Xx{_TENS}]", f"[A-Za-z0-9{_N}{_TENS}]", soft)


# A run of pieces of one or two digits is a number only as a whole (digit by digit, in pairs), so of at
# most 19 digits and 18 gaps of at most 3 characters besides spaces: a longer one is not judged at all.
_SHORT_RUN = 80
_THREE_DIGITS = re.compile(f"[0-9{_N}]{{3}}")
_SPACES = re.compile(r"[ \t\n]+")
_AFTER_RUN = 16  # characters after a numeral run that the digit runs starting in it can look at (10 + X + slack)
_MAX_GROUPS = 19  # a card of 19 digits written digit by digit: no number we look for is in more pieces
_GROUP = re.compile(r"[0-9]+|[Xx]")
# Which lengths of number can start with these two digits: a mobile number 1[3-9] (+86, 0086), an ID
# number's province 11–91, a card's issuer prefix.
_CARD_PREFIXES = ("62", "4", "51", "52", "53", "54", "55", "2", "35", "37", "60", "65")


def _starts() -> dict[str, tuple[int, ...]]:
    table: dict[str, tuple[int, ...]] = {}
    for n in range(100):
        head = f"{n:02d}"
        lengths = set()
        if "13" <= head <= "19":
            lengths.add(11)
        if head == "86":
            lengths.add(13)
        if head == "00":
            lengths.add(15)
        if "11" <= head <= "91":
            lengths.update((15, 18))
        if head.startswith(_CARD_PREFIXES):
            lengths.update((16, 17, 18, 19))
        if lengths:
            table[head] = tuple(sorted(lengths, reverse=True))
    return table


_STARTS = _starts()
# How long the first of several groups is in the usual groupings of a number of each length: a mobile
# number 3-4-4 or 4-3-4, +86 or 0086 before one, an ID number 6-8-4 (a first group of 4 or more), a card in
# fours or after its 6-digit issuer number, a 15-digit ID number 6-6-3.
_USUAL_FIRST = {
    11: frozenset({3, 4}),
    13: frozenset({2}),
    15: frozenset({4, 6}),
    16: frozenset({4, 6}),
    17: frozenset({4, 6}),
    18: frozenset(range(4, 18)),
    19: frozenset({4, 6}),
}
# A unit after a number makes it an amount (元, 万元, 户次, %…), maybe after 余 or 多 (13800138000余元: more
# than). Single measure words (户, 日, 天, 名…) count only when no word follows them: 13800138000 日间可拨打,
# 户名, 天天, 年龄, 名单 are not amounts; the units made of a measure word and more (千瓦时, 吨标准煤, 立方米)
# are listed whole. A decimal fraction ends an amount too (13800138000.50): a phone number has none.
_UNIT_STRONG = (
    "万元|亿元|千元|百元|美元|港元|欧元|日元|英镑|人民币|元(?!旦)|万(?!一)|亿|户次|人次|件次|千克|公斤|平方米|平方|公里|"
    "小时|分钟|千瓦时|千瓦|兆瓦|万千瓦|度电|吨标准煤|吨标煤|吨油当量|立方米|立方|公顷|亩|%|‰|kg|km|m2|m3|MB|GB|KB|TB|"
    "[kKMG]Wh?|kVA"
)
_UNIT_WEAK = "户|人|名|位|次|笔|件|份|个|项|张|条|台|辆|家|吨|克|米|度|天|日|年|月|秒|角|升|千|百|倍|股|瓦"
_UNIT_AFTER = _Lazy(
    rf"(?:\.[0-9]{{1,4}})?[ \t]{{0,2}}[余多]?(?:{_UNIT_STRONG}|(?:{_UNIT_WEAK})(?![ \t]*[^\W_]))"
    rf"|\.[0-9]{{1,2}}(?![0-9./\-·]|[ \t]*[0-9])"
)
_CURRENCY_BEFORE = frozenset("¥$€£")
# A number partly hidden: * ★ (a full-width ＊ folds to it) ● # and x stand for the hidden digits, and so do
# ? ■ □ △ ▲ ◆ ◇ _ (review s8 of h4, N5), maybe with a space between the digits and the mask.
_MASK_SYMBOLS = "*★●#?■□△▲◆◇_"
_MASKS = _MASK_SYMBOLS + "Xx"
_MASK_HINTS = (re.compile(rf"[0-9][ \t]?[{_MASKS}]"), re.compile(rf"[{_MASK_SYMBOLS}][ \t]?[0-9]"))
# Whether a text needs either reading at all: one search whose pattern starts with one class of characters,
# rare in Chinese text, and tests its neighbours only there (an alternation at every character, or one
# search per hint, costs the engine several times as much over CJK text: a 3,700-character article,
# 38 µs against 167 µs for the four hints above).
_EITHER_HINT = re.compile(rf"[{_LETTER_CHARS}{_MASKS}](?:(?<=[0-9].)|(?<=[0-9][ \t].)|(?=[ \t]?[0-9]))")
# Its first character before the look-ahead, as in _long_pattern (the plain form: _MASKED_PLAIN, for the tests).
_MASKED_REST = rf"(?:[ \t]*+[\-./·]?[ \t]*+[0-9{_MASKS}]++)*+"
_MASKED_PLAIN = rf"(?=[0-9{_MASKS}][0-9{_MASKS} \t\-./·]{{10}})[0-9{_MASKS}]++" + _MASKED_REST
_MASKED = _Lazy(rf"[0-9{_MASKS}](?=[0-9{_MASKS} \t\-./·]{{10}})[0-9{_MASKS}]*+" + _MASKED_REST)
_MASKED_GROUP = re.compile(rf"[0-9{_MASKS}]+")
_ID_HIDE_AT_LEAST = 6  # 110105********002X hides 8; with fewer than 6 hidden the check digit narrows it down
_MOBILE_HIDE_AT_LEAST = 4  # 138****8000
# A card's number (16–19 digits, an issuer prefix shown) with fewer than 4 hidden (session 11, h5): Luhn narrows two
# hidden digits to ten numbers, three to a hundred. 前六后四 (the first 6 and the last 4 shown) hides 6 or more.
_CARD_HIDE_AT_LEAST = 4
_MASKED_LENGTHS = (19, 18, 17, 16, 11)
_ID_LABEL = re.compile(r"身份证|证件号|公民身份号码")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# An "@" (or [at]) followed by something shaped like a domain: found by the regex engine, not Python.
# "#" and 。 are the common Chinese disguises of "@" and "." (zhangwei#example。gov。cn).
_AT = _Lazy(r"(?:@|#|[\[(]\s?at\s?[\])])(?=\s?[A-Za-z0-9*_~\-]{1,63}(?:\.|。|\[dot\]|\(dot\)))", re.IGNORECASE)
_AT_FIRSTS = "@#[("  # what every match of _AT starts with (finditer_at)
_MAX_LOCAL = 64
_DOMAIN = _Lazy(r"\s?([A-Za-z0-9*_~\-]{1,63}(?:(?:\.|。|\[dot\]|\(dot\))[A-Za-z0-9*_~\-]{1,63}){1,8})", re.IGNORECASE)
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-*~`")
_EMPHASIS = str.maketrans("", "", "*_~`")


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    start: int  # offsets in the folded text (whose lines are the source's lines)
    end: int
    text: str  # the text found, folded (what an exemption names)
    message: str


def scan(
    source: str, *, staff: frozenset[str] = frozenset(), folded: str | None = None, soft_breaks: bool = True
) -> list[Finding]:
    """Every classification mark and piece of personal data in `source`, in order.

    `staff`: the registered e-mail addresses, as `email_key` gives them; `folded`: fold(source), when
    the caller has it already; `soft_breaks`: False for a document's extracted text, whose line breaks
    part cells and paragraphs (a number never runs across them).
    """
    f = fold(source) if folded is None else folded
    found = [*_marks(f), *_numbers(f, soft_breaks)]
    if staff and ("@" in f or "#" in f or "at" in f.lower()):
        found.extend(_emails(f, staff))
    return sorted(found, key=lambda x: (x.start, x.code))


def _finding(f: str, code: str, start: int, end: int, message: str) -> Finding:
    return Finding(code, start, end, f[start:end], message)


# --- classification marks ------------------------------------------------------------------


def _marks(f: str) -> Iterable[Finding]:
    text = f
    if not _MARK_HINT.search(text):
        return
    patterns = [p for p, hint in ((_STARRED, _starred_hint), (_LABELLED, _LABELLED_HINT.search)) if hint(text)]
    spans = sorted(m.span() for pattern in patterns for m in pattern.finditer(text))
    spans = [(start, end) for start, end in spans if not (_about_another(text, start) or _cited(text, start, end))]
    statements = _statements(text)
    if statements:
        spans = _with_statements(spans, statements)
    for start, end in spans:
        yield _mark(f, start, end)
    heads = list(_marks_at_heads(f, spans)) if _head_hint(text) else []
    yield from heads
    yield from _marks_after_sentences(f, _Taken([*heads, *(Finding(CLASSIFIED, a, b, "", "") for a, b in spans)]))


# A document mark or a level alone after a sentence on its line (正文内容。内部资料, 请认真贯彻落实！机密), session 11
# (h5): the mark is a sentence of its own, ending its line or cell, with nothing after it but closing decoration or
# a companion (内部资料，请勿外传。), for a level its term. Prose that starts with the same words runs on
# (内部资料管理办法另行制定。) or goes on in a clause (内部资料，由办公室统一保管。), and the notices (注意保密) after a
# sentence belong to a rule text: not marks. Up to three characters of opening decoration may stand between.
_SENTENCE_ENDS = "。!?"  # ！ and ？ fold to ! and ?
_SENTENCE_DECOR = " \t*_~【〔[(“「『《"
_SENTENCE_DECOR_MAX = 3
# Where a candidate mark can start: a document mark starts with 内 or 仅, a level is the seal 秘 or ends in 密 (its
# first character, 绝 机 秘, right before, or up to _SEP's length before when separators stand between). str.find
# over the text (far faster than the engine's scan of CJK text for a class), then a test of the one character before
# each: about 8 µs of a corpus article's 430 µs scan.
_LEVEL_BACK = 32
_BEFORE_A_MARK = frozenset(_SENTENCE_ENDS + _SENTENCE_DECOR)
_BETWEEN_A_LEVEL = frozenset(" \t·._-*~—、/|丨+>0123456789)\r\n\u2028\u2029")  # _SEP's characters


def _sentence_candidates(text: str) -> list[int]:
    """Every start of a mark phrase or level with a sentence's end or opening decoration just before it, in order."""
    out = []
    before = _BEFORE_A_MARK
    for key in "内仅秘":
        at = text.find(key)
        while at >= 0:
            if at > 0 and text[at - 1] in before:
                out.append(at)
            at = text.find(key, at + 1)
    at = text.find("密")
    while at >= 0:
        previous = text[at - 1] if at > 0 else ""
        if previous in "绝机":
            if at > 1 and text[at - 2] in before:
                out.append(at - 1)
        elif previous and previous in _BETWEEN_A_LEVEL:
            for first in "绝机秘":
                q = text.rfind(first, max(0, at - _LEVEL_BACK), at)
                if q > 0 and text[q - 1] in before:
                    out.append(q)
        at = text.find("密", at + 1)
    return sorted(set(out))


def _marks_after_sentences(f: str, taken: _Taken) -> Iterator[Finding]:
    text = f
    for start in _sentence_candidates(text):
        if not _after_a_sentence(text, start):
            continue
        m = _STANDING.match(text, start)
        if m is None or _NOTICES.fullmatch(text, start, m.end()):
            continue
        mark = _mark(f, start, m.end())
        if taken.overlaps(mark):
            continue
        level = _LEVEL_ONLY.fullmatch(m.group()) is not None
        if _alone_to_the_end(text, m.end(), classification=level):
            yield mark


def _after_a_sentence(text: str, start: int) -> bool:
    """Whether a sentence's end stands before `start`, with at most _SENTENCE_DECOR_MAX characters of opening
    decoration between."""
    for i in range(start - 1, max(-1, start - 2 - _SENTENCE_DECOR_MAX), -1):
        if text[i] in _SENTENCE_ENDS:
            return True
        if text[i] not in _SENTENCE_DECOR:
            return False
    return False


def _alone_to_the_end(text: str, end: int, *, classification: bool) -> bool:
    """Nothing after the mark to the end of its line or cell but closing decoration, companions (请勿外传) or, after
    a level, its term (秘密 一年): `_stands_alone` without the short tail of other words."""
    rest = _undecorated(_in_element(_line_tail(text, end)))
    if not rest:
        return True
    if classification:
        return _LEVEL_TAIL.fullmatch(rest) is not None
    return _COMPANIONS_ONLY.fullmatch(rest) is not None


def _line_tail(text: str, end: int) -> str:
    """What follows a mark ending at `end` to the end of its line or cell, at most _TAIL characters."""
    window = text[end : end + _TAIL]
    cut = _TAIL_END.search(window)
    return window[: cut.start()] if cut else window


def _in_element(tail: str) -> str:
    """A mark's tail cut to the element or attribute the mark stands in, inline tags dropped."""
    if "<" in tail or '"' in tail or "'" in tail:
        return _without_markup(tail)
    return tail


def _undecorated(tail: str) -> str:
    """A mark's tail without the decoration that opens or closes it."""
    lead = _TAIL_DECOR.match(tail)
    trail = _TAIL_DECOR.match(tail[::-1])
    return tail[lead.end() if lead else 0 : len(tail) - (trail.end() if trail else 0)]


def _marks_at_heads(f: str, spans: list[tuple[int, int]]) -> Iterator[Finding]:
    """The standing marks at heads (_STANDING_AT_HEAD), not inside a starred or labelled one."""
    text = f
    k = 0
    cells: list[tuple[int, int]] | None = None
    for head, start, end in _standing_at_heads(text):
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        if k < len(spans) and spans[k][0] <= start:
            continue  # part of a starred or labelled mark already reported
        level = _LEVEL_ONLY.fullmatch(text[start:end]) is not None
        if level:
            cells = _level_cells(text) if cells is None else cells
            if _in_spans(cells, start):
                continue  # a level as data in a column headed 密级
        if _numbered_notice(text, head, start, end):
            continue
        if _stands_alone(text, start, end, classification=level):
            yield _mark(f, start, end)


def _starred_hint(text: str) -> bool:
    """`_STARRED_HINT.search(text)`, asked only of a text with a star: `in` looks for one far faster than the engine
    scans a page for the hint's first characters (密 秘), and nearly no page holds one."""
    return ("★" in text or "*" in text) and _STARRED_HINT.search(text) is not None


def _statements(text: str) -> list[tuple[int, int]]:
    """The spans of the statements that this document is internal or classified (_THIS_DOCUMENT_IS), in order."""
    out: list[tuple[int, int]] = []
    for first in _THIS_STARTS:
        at = text.find(first)
        while at >= 0:
            if not _THIS_VERBS.isdisjoint(text[at + 1 : at + 1 + _THIS_VERB_WITHIN]):
                m = _THIS_DOCUMENT_IS.match(text, at)
                if m is not None:
                    out.append(m.span())
            at = text.find(first, at + 1)
    return sorted(out)


def _with_statements(spans: list[tuple[int, int]], statements: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` and the `statements` that overlap none of them (本件为秘密：★一年 is one mark, found as the starred
    one), in order."""
    taken = _Taken(Finding(CLASSIFIED, a, b, "", "") for a, b in spans)
    return sorted(spans + [(a, b) for a, b in statements if not taken.overlaps(Finding(CLASSIFIED, a, b, "", ""))])


def _about_another(text: str, start: int) -> bool:
    """Whether the label at `start` follows 原 (a declassified document's former level) or follows 的 in a clause
    that does not name this document."""
    end = start
    while end > 0 and start - end < _CLAUSE_BEFORE_LABEL and text[end - 1] in " \t":
        end -= 1
    if end > 0 and text[end - 1] == "原":
        return True  # 原密级：秘密
    return end > 0 and text[end - 1] == "的" and not _names_this_document(text, end - 1)


def _names_this_document(text: str, end: int) -> bool:
    """Whether the clause that ends at `end` (its last words, back to punctuation) names this document (本, 此)."""
    clause = text[max(0, end - _CLAUSE_BEFORE_LABEL) : end]
    for i in range(len(clause) - 1, -1, -1):
        if not _is_word_char(clause[i]):
            clause = clause[i + 1 :]
            break
    return any(ch in _THIS_DOCUMENT for ch in clause)


def _cited(text: str, start: int, end: int) -> bool:
    """Whether the starred mark at start:end is an example quoted in a sentence (标志如“秘密★10年”, 文件上的
    “机密★1年”是什么意思): a word right before the opening quote, nothing but the term before the closing one."""
    if start < 2 or text[start - 1] not in _OPENING_QUOTES or not _is_word_char(text[start - 2]):
        return False
    close = _CLOSING_QUOTES[_OPENING_QUOTES.index(text[start - 1])]
    if text[end - 1] != "★":
        return False
    term = _TERM_ONLY.match(text, end)
    return text.startswith(close, term.end() if term else end) and not _names_this_document(text, start - 1)


def _numbered_notice(text: str, run_start: int, start: int, end: int) -> bool:
    """Whether the standing phrase at start:end is a notice behind a numbered list head (a letter or a numeral in
    the decoration from `run_start`)."""
    return _NOTICES.fullmatch(text, start, end) is not None and any(ch.isalnum() for ch in text[run_start:start])


def _level_cells(text: str) -> list[tuple[int, int]]:
    """The spans of the data cells of every Markdown table column whose header names a level, in order."""
    out: list[tuple[int, int]] = []
    if "|" not in text or not _LEVEL_HEADER.search(text):
        return out
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    columns: set[int] = set()
    for i, (pos, line) in enumerate(lines):
        if "|" not in line:
            columns = set()
            continue
        if i > 0 and "|" in lines[i - 1][1] and _DELIMITER_ROW.fullmatch(line.rstrip("\r")):
            header = _cells(lines[i - 1][1])
            columns = {n for n, (_, cell) in enumerate(header) if _LEVEL_HEADER.search(cell)}
            continue
        out.extend((pos + a, pos + a + len(cell)) for n, (a, cell) in enumerate(_cells(line)) if n in columns)
    return out


def _cells(line: str) -> list[tuple[int, str]]:
    """A table row's cells with their offsets in the row (a leading | opens the first)."""
    stripped = line.lstrip(" \t")
    offset = len(line) - len(stripped)
    if stripped.startswith("|"):
        offset += 1
    cells, pos = [], offset
    for cell in line[offset:].split("|"):
        cells.append((pos, cell))
        pos += len(cell) + 1
    return cells


def _in_spans(spans: list[tuple[int, int]], at: int) -> bool:
    i = bisect_right(spans, (at, sys.maxsize)) - 1
    return i >= 0 and spans[i][0] <= at < spans[i][1]


def _standing_at_start(text: str) -> tuple[int, int] | None:
    """The span of a standing phrase or level behind the decoration that opens the text, or None: what
    _STANDING_AT_HEAD's group 1 is after a head. Found by _RUN, then _STANDING where the run ends (the run is
    possessive: it ends in one place), two patterns the check compiles anyway, where a third one holding every phrase
    took 6 ms to compile."""
    run = _RUN.match(text)
    at = run.end() if run is not None else 0
    if at < len(text) and text[at] in _STANDING_FIRST:
        phrase = _STANDING.match(text, at)
        if phrase is not None:
            return at, phrase.end()
    return None


def _standing_at_heads(text: str) -> Iterator[tuple[int, int, int]]:
    """Every standing phrase or level at a head, behind its decoration: (the head, the phrase's start and end), in
    order."""
    first = _standing_at_start(text)
    if first is not None:
        yield 0, *first
    for head in _STANDING_AT_HEAD.finditer(text, first[1] if first is not None else 0):
        yield head.start(), *head.span(1)


def _mark(f: str, start: int, end: int) -> Finding:
    shown = " ".join(f[start:end].split())  # a mark written over line breaks (内⏎部⏎资⏎料) is named on one line
    return _finding(
        f,
        CLASSIFIED,
        start,
        end,
        f"出现“{shown}”标记：涉密或内部信息不得上网（第十八条）。请撤下此内容并按保密规定处理，不要仅删除标记。",
    )


def _stands_alone(text: str, start: int, end: int, *, classification: bool) -> bool:
    """True when what follows the mark (at a head: _STANDING_AT_HEAD) to the end of its line or cell is at most a
    short tail: closing decoration, a companion (注意保存), a term after a level (秘密 一年), the end of the
    element or attribute it stands in."""
    tail = _line_tail(text, end)
    if tail.startswith("]("):
        return True  # the whole text of a link or the alt text of an image
    tail = _in_element(tail)
    rest = _undecorated(tail)
    if not rest:
        return True
    if classification:
        # 秘密 / 机密 alone on a line is a mark, and so with its term (机密 长期); 秘密文件的管理 is a sentence
        return _LEVEL_TAIL.fullmatch(rest) is not None
    if _COMPANIONS_ONLY.fullmatch(rest):
        return True  # 内部资料注意保密, 内部资料 请勿外传, 注意保密 内部资料: the notices of a stamp, written together
    if _NOTICES.fullmatch(text, start, end):
        return False  # 注意保密，从我做起: a notice with a sentence after it is a slogan
    if _is_word_char(tail[0]):
        return False  # 内部资料性出版物, 内部文件管理: the words run on into a sentence
    return len(rest) <= _REST_OF_LINE_SHORT or bool(_COMPANIONS.search(rest))


def _without_markup(tail: str) -> str:
    """The text after a mark that belongs to its element: up to a block tag or the attribute's closing quote,
    inline tags dropped."""
    block = _BLOCK_TAG.search(tail)
    if block:
        tail = tail[: block.start()]
    closing = _ATTRIBUTE_END.search(tail)
    if closing:
        tail = tail[: closing.start()]
    return _ANY_TAG.sub("", tail) if "<" in tail else tail


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or "\u4e00" <= ch <= "\u9fff"


# --- numbers -------------------------------------------------------------------------------


def _numbers(f: str, soft_breaks: bool = True) -> list[Finding]:
    """Every ID, card and mobile number in the folded text: as written, read with the letters that look
    like digits, and partly hidden with too little hidden.

    `soft_breaks`: a single line break is shown as a space (Markdown, a page's text), so a number may run
    across it; not in a document's extracted text, whose lines are cells and paragraphs.
    """
    text = f
    found = _runs(f, text, soft_breaks)
    hint = _EITHER_HINT.search(text)
    if hint is not None:
        at = max(0, hint.start() - 2)
        if any(h.search(text, at) for h in _LETTER_HINTS):
            found.extend(_letter_runs(f, text, soft_breaks, found))
        if any(h.search(text, at) for h in _MASK_HINTS):
            found.extend(_masked(f, text, found))
    if _SYMBOL_HINT.search(text):
        found.extend(_symbol_separated(f, text, found))
    if any(x.code == BANK_CARD for x in found):
        found = _without_address_ids(text, found)
    return found


# Any one symbol, the same in every gap, between the usual groups of a number (review s10 of h4): 138#0013#8000,
# 138'0013'8000, 138→0013→8000, 110105#19491231#002X, 6222'0212'3456'7890'128. Only the usual groupings (a mobile
# 3-4-4 or 4-3-4, an ID number's 6-8-4, a card in fours), standing alone (no digit, and no symbol then a digit,
# on either side), not read as counts or an amount. Not the separators the runs read already (they have rules of
# their own), nor | (a table's cells: a row of figures), nor a letter or a CJK character other than the stroke 丨.
# Session 11 (h5): ; : < > and 丨 too. A time has groups of two (13:30:00), a ratio is short (3:2, 1:3:8), a list
# of counts after a label is read as counts (数量：138；2013；8000), and a title cut by 丨 has words beside it.
_OTHER_SYMBOL = rf"(?:[^\w\s|{re.escape(_GAP_CHARS)}…⋯*\[\]{{}}&%$¥€£]|丨)"
# A class first, so that the engine skips to it; a space may stand on either side of the symbol (138 # 0013 # 8000).
_SYMBOL_HINT = re.compile(rf"[0-9][0-9][0-9][ \t]?{_OTHER_SYMBOL}[ \t]?[0-9][0-9][0-9]")
_ALONE_BEFORE = rf"(?<![0-9])(?<![0-9]{_OTHER_SYMBOL})(?<![0-9][ \t]{_OTHER_SYMBOL})(?<![0-9]{_OTHER_SYMBOL}[ \t])"
_ALONE_AFTER = rf"(?![0-9]|[ \t]?{_OTHER_SYMBOL}[ \t]?[0-9])"
_SYMBOL_SEPARATED = _Lazy(
    rf"{_ALONE_BEFORE}([0-9]{{3,6}})[ \t]?({_OTHER_SYMBOL})[ \t]?([0-9]{{3,8}})[ \t]?\2[ \t]?([0-9]{{3}}[0-9Xx]){_ALONE_AFTER}"
    rf"|{_ALONE_BEFORE}([0-9]{{4}})[ \t]?({_OTHER_SYMBOL})[ \t]?[0-9]{{4}}[ \t]?\6[ \t]?[0-9]{{4}}"
    rf"(?:[ \t]?\6[ \t]?[0-9]{{1,4}}){{1,2}}{_ALONE_AFTER}"
)
_SYMBOL_CARD_PREFIXES = ("62", "4", "51", "52", "53", "54", "55")  # not 2 and the rest: a list of years starts so


# Every match of _SYMBOL_SEPARATED starts a run of three digits or more (no digit before it): the engine finds those
# runs in its own loop over a class, and the pattern is tried at each one only (its look-behinds first made the engine
# try it at every character: 3 ms on a page that passes _SYMBOL_HINT).
_DIGIT_RUN = re.compile("[0-9]{3,}")


def _symbol_matches(text: str) -> Iterator[re.Match[str]]:
    """`_SYMBOL_SEPARATED.finditer(text)` (tests/check/test_sescan_classfirst.py compares)."""
    done = 0
    for run in _DIGIT_RUN.finditer(text):
        if run.start() < done:
            continue
        m = _SYMBOL_SEPARATED.match(text, run.start())
        if m is not None:
            done = m.end()
            yield m


def _symbol_separated(f: str, text: str, found: list[Finding]) -> list[Finding]:
    out: list[Finding] = []
    taken = _Taken(found)
    for m in _symbol_matches(text):
        start, end = m.span()
        symbol = m.group(2) or m.group(6)
        part = _groups(start, m.group().replace(symbol, " "))
        digits = "".join(g for _, g in part)
        sizes = [len(g) for _, g in part]
        if _counted(text, start, end, sizes) or _UNIT_AFTER.match(text, end):
            continue
        finding = None
        if len(digits) == 18 and sizes[0] == 6 and looks_like_id(digits) and id_check_digit_ok(digits):
            finding = _id_finding(f, digits, start, end, "")
        elif not digits.isdigit():
            continue
        elif len(digits) == 11 and sizes in ([3, 4, 4], [4, 3, 4]) and "13" <= digits[:2] <= "19":
            finding = _finding(
                f,
                MOBILE,
                start,
                end,
                f"出现手机号码 {digits[:3]}****{digits[-4:]}：个人联系方式不得公开（第十九条）。请删除或改用单位办公电话、12366 热线。",
            )
        elif (
            16 <= len(digits) <= 19
            and _fours(sizes)
            and digits.startswith(_SYMBOL_CARD_PREFIXES)
            and not looks_like_id(digits[:18])
            and luhn_ok(digits)
        ):
            finding = _finding(
                f,
                BANK_CARD,
                start,
                end,
                f"出现银行卡号 {digits[:4]}…{digits[-4:]}：个人金融信息不得公开（第十九条）。请删除或打码。",
            )
        if finding is not None and not taken.overlaps(finding):
            out.append(finding)
    return out


# A web address, to where a space, a quote, an angle bracket or CJK punctuation ends it.
_ADDRESS = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.)[^\s<>\"'，。、；！？（）【】《》“”]+")
# What names a bank card in an address's query: card=, cardNo=, bank_account=, acct=, kh= (卡号), yhzh=…
_CARD_PARAMETER = re.compile(r"(?:card|acc|acct|account|bank|kh|yhk|yhzh|zh)[A-Za-z_\-]*=$", re.IGNORECASE)


def _without_address_ids(text: str, found: list[Finding]) -> list[Finding]:
    """Drop the "cards" that are a web address's own ids. A card number has only its issuer prefix and Luhn
    to tell it from any other number, which one number in ten passes: the ids in the addresses of posts
    and articles (weibo.cn/status/4277784818376763, toutiao.com/article/6531531238007663778) pass as often.
    So a card inside an address counts only after a parameter that names one (?cardNo=…). Mobile and ID
    numbers are judged inside addresses as anywhere (an ID's date and check digit, a mobile's head and
    length prove more than Luhn)."""
    spans = [m.span() for m in _ADDRESS.finditer(text)]
    if not spans:
        return found
    starts = [a for a, _ in spans]
    kept = []
    for x in found:
        k = bisect_left(starts, x.start + 1) - 1
        if x.code == BANK_CARD and k >= 0 and spans[k][1] >= x.end:
            before = text[max(spans[k][0], x.start - 24) : x.start]
            if not _CARD_PARAMETER.search(before):
                continue
        kept.append(x)
    return kept


def _runs(f: str, text: str, soft: bool) -> list[Finding]:
    found: list[Finding] = []
    long_digits = _long_digits(soft)
    for span in _long_numerals(soft).finditer(text):
        start, end = span.span()
        if end - start < 11:
            continue  # too short, and so is a run in digits starting inside it (it ends at most one X later)
        written = span.group()
        if end - start > _SHORT_RUN and not _THREE_DIGITS.search(written) and _too_long(written):
            continue  # pieces of one or two digits only, too many to be one number: 1 2 3 4 5 6 7 8 9 10 11 12…
        if written.isascii() and text[end : end + 1] not in ("X", "x"):
            # Digits only, and no X after them that _long_digits would take: the run _long_digits finds here.
            found.extend(_judge_run(f, text, _groups(start, written)))
            continue
        here: list[Finding] = []
        for run in long_digits.finditer(text, start, min(len(text), end + _AFTER_RUN)):
            if run.start() >= end:
                break
            if run.end() - run.start() >= 11:
                here.extend(_judge_run(f, text, _groups(run.start(), run.group())))
        found.extend(here)
        digits = written.translate(NUMERAL_DIGITS)
        if digits == written:
            continue
        taken = _Taken(here)
        for finding in _judge_run(f, text, _groups(start, digits), written="（用汉字数字书写）"):
            if _circle_masked(finding.text):
                continue  # 138○○○○8000: digits with a mask of circles, not a number in numerals
            if not taken.overlaps(finding):
                found.append(finding)  # a number written in digits beside numerals is reported once, as digits
    return found


# Four or more circles between digits hide them (138○○○○8000, 110105〇〇〇〇〇〇〇〇002X): a mask, though ○ and 〇
# read as 0 in a number written in numerals (一三八〇〇一三八〇〇〇, which holds no digit beside them).
_CIRCLE_MASK = re.compile(r"(?<=[0-9])[〇○◯]{4,}(?=[0-9Xx])")


def _circle_masked(written: str) -> bool:
    """Digits whose only numerals are masks of circles."""
    unmasked, masks = _CIRCLE_MASK.subn("", written)
    return masks > 0 and unmasked.isascii()


def _too_long(run: str) -> bool:
    return len(_SPACES.sub("", run)) > _SHORT_RUN


class _Taken:
    """The spans of findings already made, asked whether a new one overlaps any of them in O(log n): the
    starts in order and, for each, the furthest end of the spans up to it (a crafted text holds tens of
    thousands of findings, and testing each new one against every earlier one is quadratic)."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, findings: Iterable[Finding] = ()):
        spans = sorted((x.start, x.end) for x in findings)
        self._starts = [a for a, _ in spans]
        self._ends = list(accumulate((b for _, b in spans), max))

    def add(self, finding: Finding) -> None:
        """Record a finding that starts at or after every recorded one (as a sweep makes them)."""
        if self._starts and finding.start < self._starts[-1]:
            raise ValueError("findings must be added in order")
        self._starts.append(finding.start)
        self._ends.append(max(finding.end, self._ends[-1]) if self._ends else finding.end)

    def overlaps(self, finding: Finding) -> bool:
        k = bisect_left(self._starts, finding.end)
        return k > 0 and self._ends[k - 1] > finding.start


def _letter_runs(f: str, text: str, soft: bool, found: list[Finding]) -> list[Finding]:
    """Numbers with O for 0 or l, I for 1 (138OO138OOO): the text read with those letters as digits; a
    finding counts when it holds such a letter and no other letter touches it (a word is not a number)."""
    view = text.translate(_LETTER_DIGITS)
    out: list[Finding] = []
    taken = _Taken(found)
    mine = _Taken()
    for run in _long_digits(soft).finditer(view):
        if run.end() - run.start() < 11 or not _LETTERS.search(text, run.start(), run.end()):
            continue
        for finding in _judge_run(f, view, _groups(run.start(), run.group()), written="（其中有形似数字的字母）"):
            a, b = finding.start, finding.end
            if not _LETTERS.search(text, a, b) or _is_letter(text, a - 1) or _is_letter(text, b):
                continue
            if not taken.overlaps(finding) and not mine.overlaps(finding):
                out.append(finding)
                mine.add(finding)
    return out


def _is_letter(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isalpha() and not "\u4e00" <= text[i] <= "\u9fff"


def _groups(base: int, run: str) -> list[tuple[int, str]]:
    return [(base + g.start(), g.group()) for g in _GROUP.finditer(run)]


def _judge_run(f: str, text: str, groups: list[tuple[int, str]], *, written: str = "") -> Iterable[Finding]:
    """Every ID, card or mobile number made of consecutive groups of one run; longest first, no overlaps.

    `written`: how the number was written, when not in digits (the message says so). A window of groups
    is judged only when its first two digits can start a number of its length (_STARTS). In a run of more
    than _MAX_GROUPS groups no window is the whole run, so only the usual groupings count, and those start
    with a group of 3 digits or more (or +86).
    """
    digits = "".join(g for _, g in groups)
    if len(digits) < 11:
        return  # 138 1234 567: a run long only by its separators
    n = len(groups)
    sizes = [len(g) for _, g in groups]
    ends = list(accumulate(sizes, initial=0))
    at = {e: k for k, e in enumerate(ends)}
    candidates: Iterable[int] = (
        range(n) if n <= _MAX_GROUPS else [i for i, s in enumerate(sizes) if s >= 3 or groups[i][1] == "86"]
    )
    taken_until = -1
    for i in candidates:
        if groups[i][0] < taken_until:
            continue
        a = ends[i]
        for length in _STARTS.get(digits[a : a + 2], ()):
            j = at.get(a + length)
            if j is None or j - i > _MAX_GROUPS:
                continue
            whole = i == 0 and j == n
            if j - i > 1 and not whole and sizes[i] not in _USUAL_FIRST[length]:
                continue  # a cheap test that spares 123 123 123… a judgement per window
            finding = _judge(f, text, digits[a : a + length], groups[i:j], whole, written)
            if finding is not None:
                taken_until = finding.end
                yield finding
                break


def _judge(f: str, text: str, digits: str, part: list[tuple[int, str]], whole: bool, written: str) -> Finding | None:
    """The number these groups make, if any. `whole`: the groups are the whole run (nothing else is
    attached to them), the one case where an unusual grouping (digit by digit, in pairs, 3-3-8-4) counts,
    when every gap between them is the same separator."""
    if "X" in digits.upper()[:-1]:
        return None
    start = part[0][0]
    end = part[-1][0] + len(part[-1][1])
    sizes = [len(g) for _, g in part]
    odd = len(part) > 1 and whole and _alike(text, part, start, end)
    if len(digits) == 18 and (len(part) == 1 or sizes[0] >= 4 or odd) and looks_like_id(digits):
        if id_check_digit_ok(digits):
            return _id_finding(f, digits, start, end, written)
        return None
    if not digits.isdigit():
        return None
    # An ID's birth date and check digit prove it in any grouping; a mobile's or card's unusual one is a row
    # of counts where the text around says so.
    alike, odd = odd, odd and not _counted(text, start, end, sizes)
    if len(digits) == 15 and _first_generation_id(text, digits, start, sizes):
        return _id_finding(f, digits, start, end, written)
    if _is_amount(text, part, start, end, alike):
        return None
    kinds = _gap_kinds(text, part)
    if any(k in _LISTING for kind in kinds for k in kind):
        # 138、0013、8000: the marks that list counts (甲 138、乙 1234…) make a mobile only in the usual
        # groupings, standing alone and not read as counts; never a card (a list of years passes Luhn).
        if not whole or _counted(text, start, end, sizes):
            return None
        mobile = _mobile(digits, part, sizes, False)
    elif _is_card(digits, sizes, odd):
        return _finding(
            f,
            BANK_CARD,
            start,
            end,
            f"出现银行卡号 {digits[:4]}…{digits[-4:]}{written}：个人金融信息不得公开（第十九条）。请删除或打码。",
        )
    else:
        mobile = _mobile(digits, part, sizes, odd, spaced=odd and kinds <= {" ", "-"})
    if mobile:
        return _finding(
            f,
            MOBILE,
            start,
            end,
            f"出现手机号码 {mobile[:3]}****{mobile[-4:]}{written}：个人联系方式不得公开（第十九条）。请删除或改用单位办公电话、12366 热线。",
        )
    return None


def _id_finding(f: str, digits: str, start: int, end: int, written: str) -> Finding:
    masked = f"{digits[:6]}********{digits[14:]}" if len(digits) == 18 else f"{digits[:6]}******{digits[12:]}"
    return _finding(
        f,
        ID_NUMBER,
        start,
        end,
        f"出现居民身份证号码 {digits[:6]}…{written}：个人资料不得公开（第十九条）。请删除，或打码为 {masked} 这样的形式。",
    )


def _first_generation_id(text: str, digits: str, start: int, sizes: list[int]) -> bool:
    """A 15-digit ID number (issued until 2004: region, YYMMDD, sequence; no check digit). Without a check
    digit its form alone proves little (an old 15-digit taxpayer number is a region and an organisation
    code), so it counts only where a label names it: 身份证, 证件号 just before."""
    if not (len(sizes) == 1 or sizes == [6, 6, 3]) or not _ID_LABEL.search(text, max(0, start - 12), start):
        return False
    return looks_like_id(f"{digits[:6]}19{digits[6:]}0")


# What makes a row of small numbers a row of counts, scores or ordinals rather than a number in pieces
# (review s8 h4 Q3): 第 before it, a measure word after it, or a label before it on its line that does not
# name a way to reach someone (各区受理件数：1 5 2 3 0 0 4 1 2 0 3, 得分：13 15 20 18 22 9).
_ORDINAL_BEFORE = re.compile(r"第[ \t]*$")
_COUNT_AFTER = re.compile(r"[ \t]*[题项条分名个页岁期章节款届号]")
_LABEL_BEFORE = re.compile(r"([^\n：:，,。；;！？!?]*)[：:][ \t]*$")
_COUNT_PIECE = 4  # the largest piece of a row of counts after a label
_CONTACT = re.compile(r"电话|手机|联系|热线|致电|拨打|号码|微信|短信|[Tt][Ee][Ll]|[Pp]hone|[Mm]obile|☎|📞|📱")


def _counted(text: str, start: int, end: int, sizes: list[int]) -> bool:
    """A number written in an unusual grouping (digit by digit, in pairs) that reads as a row of counts. A label
    makes a row of counts only of small pieces (得分：13 15 20 18 22 9): a piece of five digits or more after a
    name (张三：13800 138000, 张三：1380013 8000) is a number cut in two (review s10 of h4)."""
    before = text[max(0, start - 24) : start]
    if _ORDINAL_BEFORE.search(before) or _COUNT_AFTER.match(text, end):
        return True
    if max(sizes) > _COUNT_PIECE:
        return False
    label = _LABEL_BEFORE.search(before)
    return label is not None and _CONTACT.search(label.group(1)) is None


def _alike(text: str, part: list[tuple[int, str]], start: int, end: int) -> bool:
    """Every gap between the groups is the same separator (an X directly after its digits is no gap), and
    at most one line break is among them."""
    return len(_gap_kinds(text, part)) <= 1 and text.count("\n", start, end) <= 1


def _gap_kinds(text: str, part: list[tuple[int, str]]) -> set[str]:
    """The separators between the groups, without their spaces (" " for spaces alone)."""
    kinds = set()
    for (at, group), (following, _) in pairwise(part):
        gap = text[at + len(group) : following]
        if gap:
            kinds.add(gap.strip(" \t\n") or " ")
    return kinds


_UNEVEN_PIECES = 4  # more uneven pieces than this read as a row of figures (15 23 18 30 12 9)


def _uniform(sizes: list[int]) -> bool:
    """Cut into equal pieces of at most 4 digits, the last one shorter: 1 3 8…, 13 80 01…, 138 001 380 00."""
    return sizes[0] <= 4 and all(s == sizes[0] for s in sizes[:-1]) and sizes[-1] <= sizes[0]


def _fours(sizes: list[int]) -> bool:
    return all(s == 4 for s in sizes[:-1]) and 1 <= sizes[-1] <= 4


def _is_card(digits: str, sizes: list[int], odd: bool) -> bool:
    """Written as cards are (in one piece, in fours, the 6-digit issuer number then the rest) or, making up
    the whole run, in equal pieces; an issuer prefix; Luhn."""
    if not 16 <= len(digits) <= 19 or not digits.startswith(_CARD_PREFIXES):
        return False
    usual = len(sizes) == 1 or _fours(sizes) or (sizes[0] == 6 and (len(sizes) == 2 or _fours(sizes[1:])))
    if not usual and not (odd and _uniform(sizes)):
        return False
    if len(digits) == 18 and looks_like_id(digits):
        return False  # an ID number (valid or mistyped) is not a card
    return luhn_ok(digits)


def _mobile(
    digits: str, part: list[tuple[int, str]], sizes: list[int], odd: bool, *, spaced: bool = False
) -> str | None:
    """The 11 digits of the mobile number these groups make, if they make one. `odd`: an unusual grouping
    counts (the groups stand alone, alike and not as counts); `spaced`: and they are cut by spaces or dashes
    alone, where a few uneven pieces (1 38 0013 8000, 13 800 138 000) are a number cut to pass a scan (session
    9): a row of counts is written with 、 or commas, or carries its unit."""
    for prefix in ("86", "0086"):
        if len(digits) == 11 + len(prefix) and digits.startswith(prefix):
            if part[0][1] == prefix:
                digits, sizes = digits[len(prefix) :], sizes[1:]
            elif len(part) == 1:
                digits, sizes = digits[len(prefix) :], [11]  # +8613800138000, wa.me/8613800138000
            else:
                return None
    if len(digits) != 11 or not ("13" <= digits[:2] <= "19"):
        return None
    if len(sizes) == 1 or (len(sizes) <= 3 and 3 <= sizes[0] <= 4 and min(sizes[1:]) >= 3):
        return digits  # 13800138000, 138 0013 8000, 1380 013 8000, 138 00138000
    if odd and _uniform(sizes):
        return digits  # 1 3 8 0 0 1 3 8 0 0 0, 13 80 01 38 00 0 standing alone
    if spaced and len(sizes) <= _UNEVEN_PIECES:
        return digits  # 1 38 0013 8000, 1-3800-1380-00, 1380013 8000 standing alone
    return None  # a year-month-day, a row of counts: not how a phone number is written


def _is_amount(text: str, part: list[tuple[int, str]], start: int, end: int, odd: bool) -> bool:
    """An amount: in one piece after a currency sign or before a unit; or in thousands (13,800,138,000).
    Numbers in odd pieces that stand alone before a unit are counts (共 15 20 30 45 60 9 户)."""
    if len(part) > 1 and not odd:
        return _thousands(text, part)
    if len(part) > 1 and _thousands(text, part):
        return True
    if start > 0 and text[start - 1] in _CURRENCY_BEFORE:
        return True
    return _UNIT_AFTER.match(text, end) is not None


def _thousands(text: str, part: list[tuple[int, str]]) -> bool:
    sizes = [len(g) for _, g in part]
    if not 1 <= sizes[0] <= 3 or any(s != 3 for s in sizes[1:]):
        return False
    return all(text[at + len(group) : following] == "," for (at, group), (following, _) in pairwise(part))


def _masked(f: str, text: str, found: list[Finding]) -> list[Finding]:
    """ID and mobile numbers partly hidden with too little hidden: 110105194912310**X leaves 16 of 18
    digits, and the check digit narrows the rest to about ten numbers."""
    out: list[Finding] = []
    taken = _Taken(found)
    for run in _MASKED.finditer(text):
        if run.end() - run.start() < 11:
            continue
        groups = [(run.start() + g.start(), g.group()) for g in _MASKED_GROUP.finditer(run.group())]
        sizes = [len(g) for _, g in groups]
        ends = list(accumulate(sizes, initial=0))
        at = {e: k for k, e in enumerate(ends)}
        candidates = [i for i, s in enumerate(sizes) if s >= 3]
        taken_until = -1
        for i in candidates:
            if groups[i][0] < taken_until:
                continue
            for length in _MASKED_LENGTHS:
                j = at.get(ends[i] + length)
                if j is None or j - i > 5:
                    continue
                finding = _judge_masked(f, groups[i:j])
                if finding is not None and not taken.overlaps(finding):
                    out.append(finding)
                    taken_until = finding.end
                    break
    return out


def _judge_masked(f: str, part: list[tuple[int, str]]) -> Finding | None:
    shown = "".join(g for _, g in part)
    if shown.isdigit():
        return None  # nothing hidden: the number itself, judged by the plain reading
    start = part[0][0]
    end = part[-1][0] + len(part[-1][1])
    body = shown[:-1]  # digits and masks only (_MASKED_GROUP): counted in C, not character by character
    hidden = len(body) - sum(map(body.count, "0123456789"))
    if len(shown) == 11:
        hidden += shown[-1] in _MASKS
        if not (0 < hidden < _MOBILE_HIDE_AT_LEAST and shown[0] == "1" and shown[1] in "3456789"):
            return None
        return _finding(
            f,
            MOBILE,
            start,
            end,
            f"手机号码 {f[start:end]} 打码不足：只隐去了 {hidden} 位，其余数字足以推算出完整号码（第十九条）。"
            f"请至少隐去中间 4 位，写成 {shown[:3]}****{shown[7:]} 这样的形式，或删除。",
        )
    if len(shown) == 18:
        id_hidden = hidden + (shown[-1] in _MASK_SYMBOLS)  # a final X is the check digit, not a mask
        if 0 < id_hidden < _ID_HIDE_AT_LEAST and _could_be_id(shown):
            return _finding(
                f,
                ID_NUMBER,
                start,
                end,
                f"身份证号码 {f[start:end]} 打码不足：只隐去了 {id_hidden} 位，其余数字和校验位足以推算出完整号码（第十九条）。"
                f"请至少隐去 {_ID_HIDE_AT_LEAST} 位，通常隐去出生日期的 8 位，写成 {shown[:6]}********{shown[14:]} 这样的形式，或删除。",
            )
    # A card: its issuer's 6 digits and its last digit shown, a mask beside a digit (a number then a heading's #
    # is no mask: 4567138001380001. #), fewer than 4 hidden.
    if not (0 < hidden < _CARD_HIDE_AT_LEAST and shown[:6].isdigit() and shown[-1].isdigit()):
        return None
    if not shown.startswith(_SYMBOL_CARD_PREFIXES) or not any(h.search(f, start, end) for h in _MASK_HINTS):
        return None
    if len(shown) == 18 and _could_be_id(shown):
        return None  # an ID number's shape (62 is a province too): judged as one above
    return _finding(
        f,
        BANK_CARD,
        start,
        end,
        f"银行卡号 {f[start:end]} 打码不足：只隐去了 {hidden} 位，其余数字和校验位足以推算出完整卡号（第十九条）。"
        f"请只保留前 6 位和后 4 位，写成 {shown[:6]}{'*' * (len(shown) - 10)}{shown[-4:]} 这样的形式，或删除。",
    )


def _could_be_id(shown: str) -> bool:
    """The visible digits of a partly hidden 18-character number fit an ID number: province, birth year,
    month and day where they are shown, a digit or X at the end."""
    if not (shown[:2].isdigit() and "11" <= shown[:2] <= "91"):
        return False
    for a, b, low, high in ((6, 8, "19", "20"), (10, 12, "01", "12"), (12, 14, "01", "31")):
        piece = shown[a:b]
        if piece.isdigit() and not low <= piece <= high:
            return False
    return shown[-1].isdigit() or shown[-1] in _MASKS


def id_check_digit_ok(number: str) -> bool:
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return "10X98765432"[total % 11] == number[17].upper()


@lru_cache(maxsize=4096)  # a crafted text repeats one number many times; real text costs nothing more
def looks_like_id(number: str) -> bool:
    """Structurally an ID number: region code and a real birth date."""
    if not number[:17].isdigit() or not ("11" <= number[:2] <= "91"):
        return False
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= int(number[6:10]) <= 2100


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# --- e-mail addresses ------------------------------------------------------------------------


def email_key(address: str) -> str:
    """The form an address is compared in: folded, lower case, without emphasis characters."""
    local, _, domain = fold(address).strip().lower().rpartition("@")
    return f"{local.translate(_EMPHASIS)}@{domain.translate(_EMPHASIS)}"


def staff_keys(emails: Iterable[str]) -> frozenset[str]:
    return frozenset(email_key(e) for e in emails if e and "@" in e)


def _emails(f: str, staff: frozenset[str]) -> Iterable[Finding]:
    text = f
    for at in finditer_at(_AT, text, _AT_FIRSTS):
        start = at.start()
        if start > 0 and text[start - 1] == " ":
            start -= 1
        local_start = start
        while local_start > 0 and start - local_start < _MAX_LOCAL and text[local_start - 1] in _LOCAL_CHARS:
            local_start -= 1
        domain = _DOMAIN.match(text, at.end())
        if domain is None or local_start == start:
            continue
        local = text[local_start:start].lower().translate(_EMPHASIS).strip(".")
        host = re.sub(r"\[dot\]|\(dot\)|。", ".", domain.group(1).lower(), flags=re.IGNORECASE).translate(_EMPHASIS)
        key = _longest_staff_match(local, host, staff) or _longest_staff_match(local.split("+", 1)[0], host, staff)
        if key is not None:
            yield _finding(
                f,
                STAFF_EMAIL,
                local_start,
                domain.end(),
                f"出现工作人员邮箱 {key}：不得对外透露个人资料（第十九条）。请改用单位的公开联系方式。",
            )


def _longest_staff_match(local: str, host: str, staff: frozenset[str]) -> str | None:
    # The domain read forward may run on into the next word (…gov.cn.了解): try its shorter prefixes.
    labels = host.strip(".-").split(".")
    for n in range(len(labels), 1, -1):
        key = f"{local}@{'.'.join(labels[:n])}"
        if key in staff:
            return key
    return None


NUMERAL_CHARS = _N  # every character read as a digit besides 0-9 (rules/se.py looks for markup beside one)
# Every character of a mark phrase, a level or a label (rules/se.py looks for markup between two of them).
MARK_CHARS = "".join(sorted(set("".join(_PHRASES) + "绝密机密秘密" + "".join(_LABELS))))


# --- where a text may be cut -----------------------------------------------------------------
#
# The build's final screen reads the chrome every page shares (navigation, footer) once, and on each page only the
# text around it (site/screen.py). That is exact only where no finding can join the text on both sides of a cut
# and no scan looks across it. The scans above read across a line break in these ways only: a number's groups
# across one line break (a soft break), an e-mail's @ and its domain across one, a Markdown table's header and its
# rows line by line, an ID number's label up to LOOK_BEHIND characters back (_first_generation_id), a row of
# counts' 第 or label just before the line break in front of it (_counted), and a mark's characters across up to two
# line breaks (_SEP: 内⏎部⏎资⏎料). A mark's tail is per line (_TAIL_END), and so are the other look-behinds and
# look-aheads (\n ends each of their classes).
LOOK_BEHIND = 12
_CUT_GROUP = frozenset("0123456789" + _N + _LETTER_CHARS)  # what a number's group (or a look-alike letter) is made of
_CUT_COUNTED = frozenset("第：:")
_CUT_AT_END = frozenset("@#([)]")  # an @ or # before its domain, or a bracket of [at] / (at)
_CUT_MARK = frozenset(MARK_CHARS)  # a mark may be written over line breaks (内⏎部⏎资⏎料, _SEP)
_CUT_MARK_SEPARATORS = " \t\r\n\u2028\u2029·._-*~—、/|丨+>0123456789)"  # _SEP_CHARS and _ROW_CHARS


def _blank_tail(text: str) -> bool:
    """`text` ends with a line break and at most spaces and tabs after it."""
    at = text.rfind("\n")
    return at >= 0 and not text[at + 1 :].strip(" \t")


def _blank_head(text: str) -> bool:
    """`text` starts with at most spaces and tabs, then a line break."""
    at = text.find("\n")
    return at >= 0 and not text[:at].strip(" \t")


def separable(before: str, after: str) -> bool:
    """Whether the folded text `before + after` has exactly the findings of `before` and of `after`, each scanned
    alone: the two meet at a blank line (a line break, spaces and tabs, a line break) or at one line break that
    `before` ends with, across which no number, address, table or label of the list above can reach.

    `before` must hold at least the LOOK_BEHIND characters before the cut that the whole text has there.
    """
    if _ID_LABEL.search(before, max(0, len(before) - LOOK_BEHIND)):
        return False  # an ID number's label close before the cut: a 15-digit number after it would count
    if before.rstrip(_CUT_MARK_SEPARATORS)[-1:] in _CUT_MARK and after.lstrip(_CUT_MARK_SEPARATORS)[:1] in _CUT_MARK:
        return False  # a mark's characters on both sides: a mark written over line breaks may cross the cut
    if _blank_tail(before) and _blank_head(after):
        return True
    if before[-1:] != "\n" or after[:1] == "\n":
        return False  # inside a line, or a break that does not only end `before`
    line = before[:-1]
    last = line.rstrip(" \t").removesuffix("\\").rstrip(" \t")[-1:]  # a hard break's backslash (138\⏎0013)
    if last in _CUT_GROUP and after.lstrip(" \t")[:1] in _CUT_GROUP:
        return False  # a number's groups on both sides of a soft break
    if after[:1] in _CUT_GROUP and last in _CUT_COUNTED:
        return False  # 第 or a label just before the break: a row of counts after it
    if line[-1:] in _CUT_AT_END or line[-2:].lower() == "at":
        return False  # an address's @ (or [at]) before the break, its domain after it
    return not ("|" in line[line.rfind("\n") + 1 :] and "|" in after.split("\n", 1)[0])  # a table's rows
