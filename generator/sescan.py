"""What is classified or personal in a piece of text, judged by form (第十八、十九条).

Pure functions over text (model layer), shared by the article rules (rules/se.py), the attachment
scan (rules/seattach.py) and the build's final screen (site/screen.py): all read through the one
normaliser (textfold) and report the same findings for the same text.

By form, not by word:
- a classification mark is a mark because of how it stands: 绝密/机密/秘密 followed by a star
  (of any shape, ＊ included) or labelled 密级, or a mark phrase (内部资料, 内部文件, 注意保密…)
  standing on its own at the head of a line, a heading, a title — never the same words inside
  a sentence (严禁将内部资料上传互联网) or a book title (《内部资料性出版物管理办法》);
- a number is read with the separators people put inside it (spaces, dashes, dots, ·), in digits
  or in CJK numerals (一三八〇〇一三八〇〇〇, 壹叁捌…, each numeral read as its digit), and then
  judged by its structure: an ID number by its region, birth date and check digit; a card by its
  issuer prefix and Luhn; a mobile number by its 1[3-9] head and its grouping. Amounts followed
  by a unit (元, 万元, 户…), numbers inside a web address and dates are not phone numbers;
- a registered person's e-mail address is found however it is written: full-width, entity- or
  percent-encoded, escaped, with Markdown emphasis or spaces inside, [at] for @.

Every pattern is linear: no nested quantifiers, look-backs bounded by the run just matched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate

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

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(text)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled().match(text, pos)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled().search(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled().fullmatch(text)


# Characters that may stand between the characters of a mark: spaces, dots, dashes, emphasis.
_SEP = r"[ \t·._\-*~—、]{0,3}"


def _spaced(word: str) -> str:
    return _SEP.join(re.escape(ch) for ch in word)


_LEVEL = "(?:" + "|".join(_spaced(w) for w in ("绝密", "机密", "秘密")) + ")"
# ㊙ folds to 秘 (NFKC) and stands for the classification itself: ㊙★五年 is 秘密★五年.
_STARRED = _Lazy(_LEVEL + r"[ \t*_~]{0,3}[★*]|秘[ \t_~]{0,3}★")
_LABELLED = _Lazy(_spaced("密级") + r"[ \t*_~]{0,3}[:：]?[ \t*_~]{0,3}" + _LEVEL)
_PHRASES = ("内部资料", "内部文件", "内部参考", "内部使用", "内部刊物", "注意保密", "严禁外传", "内部资料注意保存")
_STANDING = _Lazy("|".join(_spaced(w) for w in sorted(_PHRASES, key=len, reverse=True)) + "|" + _LEVEL)
_LEVEL_ONLY = _Lazy(_LEVEL)
# How every starred mark ends (each level ends in 密) and how every labelled one starts: a text without
# them, nearly every text, is spared compiling the marks. 密 and 级 alone are in nearly every article.
_STARRED_HINT = re.compile(r"密[ \t*_~]{0,3}[★*]|秘[ \t_~]{0,3}★")
_LABELLED_HINT = re.compile(_spaced("密级"))
_MARK_HINT = re.compile(r"[密内注严秘]")
# What may stand before a mark on its line: Markdown and list decoration, opening brackets.
_DECOR_BEFORE = frozenset(" \t#>*_~-+|=![(【〔「『〖<0123456789.、)")
# A standing mark heads its line (after decoration only), and no mark crosses a line: so the marks
# that can stand alone are the _STANDING matches tried at each line's first other character, which
# the engine finds without trying the phrases at every character of the text.
_DECOR_CLASS = "[" + "".join(re.escape(ch) for ch in sorted(_DECOR_BEFORE)) + "]*"
_STANDING_AT_HEAD = _Lazy("(?m)^" + _DECOR_CLASS + "(" + _STANDING.pattern + ")")
# Every standing phrase and level starts with one of these (the separators stand only between their
# characters): a text none of whose line heads holds one has no standing mark, and is spared compiling
# the phrases.
_HEAD_HINT = re.compile("(?m)^" + _DECOR_CLASS + "[内注严绝机秘]")
# What follows a standing mark: closing brackets, punctuation, spaces, the star, the end of the line.
_COMPANIONS = _Lazy(r"注意保存|请勿外传|不得外传|严禁外传|注意保密|妥善保管|不得上网|[0-9]+年|长期|★")
_REST_OF_LINE_SHORT = 12

# Numbers written with CJK numerals (一三八〇〇一三八〇〇〇, 壹叁捌…; 幺 as a number is read out, ○ for 〇,
# the Suzhou numerals): each character stands for one digit, so a run translated character by character
# keeps its offsets and is judged as the digits it stands for. 十 and 拾 (ten) stand for the ID check digit
# X (Roman Ⅹ folds to X). ㊀, ㈠ and the compatibility ideographs fold to these (textfold). Not 两, 什,
# 漆: words of running text that only count as numerals in amounts.
_NUMERALS = {
    "0": "〇零○◯",
    "1": "一壹弌壱幺〡㆒",
    "2": "二贰貳貮弍弐〢㆓",
    "3": "三叁叄参弎〣㆔",
    "4": "四肆〤㆕",
    "5": "五伍〥",
    "6": "六陆陸〦",
    "7": "七柒〧",
    "8": "八捌〨",
    "9": "九玖〩",
}
_TENS = "十拾"
NUMERAL_DIGITS = str.maketrans({ch: d for d, chars in _NUMERALS.items() for ch in chars} | dict.fromkeys(_TENS, "X"))
_N = "".join(_NUMERALS.values())


def _run_pattern(digit: str, check: str, not_after: str) -> str:
    """A run of digit groups: after the first, every group has 3 digits or more (138 1234 5678, 110101
    19900307 7715, 6222 0212 3456 7890 128); a final X for the ID check digit. Greedy and never failing: linear.
    """
    return rf"{digit}+(?:[ \t]{{0,2}}[\-.·]?[ \t]{{0,2}}{digit}{{3,}})*(?:{check}(?!{not_after}))?"


_DIGITS = _Lazy(_run_pattern("[0-9]", "[Xx]", "[A-Za-z0-9]"))
# The same runs, where one can be 11 characters long (the shortest number judged): the look-ahead
# covers every character a run may hold, so a run it passes over is shorter, and so is any run
# starting inside it. Dates and amounts then cost the engine, not a Python loop.
_LONG_DIGITS = re.compile(r"(?=[0-9][0-9 \t\-.·Xx]{10})" + _DIGITS.pattern)
# The same runs over digits and CJK numerals at once: on the text, what _LONG_DIGITS finds on the text
# translated by NUMERAL_DIGITS (whose 十 is an X, so an X may not stand before a numeral either). Every run
# _LONG_DIGITS finds starts inside one of these (its look-ahead is the narrower one) and ends at most one
# character (an X) after it: the one pass of the engine finds the candidates of both.
_LONG_NUMERALS = re.compile(
    rf"(?=[0-9{_N}][0-9{_N} \t\-.·Xx{_TENS}]{{10}})"
    + _run_pattern(f"[0-9{_N}]", f"[Xx{_TENS}]", f"[A-Za-z0-9{_N}{_TENS}]")
)
_AFTER_RUN = 16  # characters after a numeral run that the digit runs starting in it can look at (10 + X + slack)
_MAX_GROUPS = 5  # 6222 0212 3456 7890 128: no number we look for is written in more pieces
_LENGTHS = frozenset({11, 13, 15, 16, 17, 18, 19})  # mobile (+86, 0086), cards, ID numbers
_GROUP = re.compile(r"[0-9]+|[Xx]")
_URL = _Lazy(
    "(?:" + case_blind("http") + f"{case_blind('s')}?|" + case_blind("ftp") + r")://[^\s<>\"'()\[\]（）【】，。；]+"
)
_UNIT_AFTER = _Lazy(
    r"(?:\.[0-9]{1,4})?[ \t]{0,2}(?:元|万|亿|千|百|美元|港元|欧元|人民币|角|分钱|户|人|名|位|次|笔|件|份|个|项|张|条|台|辆|家|"
    r"吨|千克|公斤|克|米|平方|公里|升|度|天|日|年|月|小时|分钟|秒|%|‰|kg|km|m2|MB|GB|KB)"
)
_URL_BEFORE = frozenset("/=?&#")
_CURRENCY_BEFORE = frozenset("¥$€£")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CARD_PREFIXES = ("62", "4", "51", "52", "53", "54", "55", "2", "35", "37", "60", "65")
# An "@" (or [at]) followed by something shaped like a domain: found by the regex engine, not Python.
# "#" and 。 are the common Chinese disguises of "@" and "." (zhangwei#example。gov。cn).
_AT = _Lazy(r"(?:@|#|[\[(]\s?at\s?[\])])(?=\s?[A-Za-z0-9*_~\-]{1,63}(?:\.|。|\[dot\]|\(dot\)))", re.IGNORECASE)
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


def scan(source: str, *, staff: frozenset[str] = frozenset(), folded: str | None = None) -> list[Finding]:
    """Every classification mark and piece of personal data in `source`, in order.

    `staff`: the registered e-mail addresses, as `email_key` gives them; `folded`: fold(source), when
    the caller has it already.
    """
    f = fold(source) if folded is None else folded
    found = [*_marks(f), *_numbers(f)]
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
    patterns = [p for p, hint in ((_STARRED, _STARRED_HINT), (_LABELLED, _LABELLED_HINT)) if hint.search(text)]
    spans = sorted(m.span() for pattern in patterns for m in pattern.finditer(text))
    for start, end in spans:
        yield _mark(f, start, end)
    if not _HEAD_HINT.search(text):
        return
    k = 0
    for head in _STANDING_AT_HEAD.finditer(text):
        start, end = head.span(1)
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        if k < len(spans) and spans[k][0] <= start:
            continue  # part of a starred or labelled mark already reported
        level = _LEVEL_ONLY.fullmatch(head.group(1)) is not None
        if _stands_alone(text, start, end, classification=level):
            yield _mark(f, start, end)


def _mark(f: str, start: int, end: int) -> Finding:
    shown = f[start:end]
    return _finding(
        f,
        CLASSIFIED,
        start,
        end,
        f"出现“{shown}”标记：涉密或内部信息不得上网（第十八条）。请撤下此内容并按保密规定处理，不要仅删除标记。",
    )


def _stands_alone(text: str, start: int, end: int, *, classification: bool) -> bool:
    """True when the phrase is the head of its line and nothing but a short tail follows."""
    i = start
    while i > 0 and text[i - 1] in _DECOR_BEFORE:
        i -= 1
    if i > 0 and text[i - 1] != "\n":
        return False
    tail = text[end : end + 40].split("\n", 1)[0]
    if tail.startswith("]("):
        return True  # the whole text of a link or the alt text of an image
    rest = tail.strip(" \t*_~】〕」』〗])>:：,，.。、;；!！")
    if not rest:
        return True
    if classification:
        return False  # 秘密 / 机密 alone on a line is a mark; 秘密文件的管理 is a sentence
    if _is_word_char(tail[0]):
        return False  # 内部资料性出版物, 内部文件管理: the words run on into a sentence
    return len(rest) <= _REST_OF_LINE_SHORT or bool(_COMPANIONS.search(rest))


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or "\u4e00" <= ch <= "\u9fff"


# --- numbers -------------------------------------------------------------------------------


def _numbers(f: str) -> Iterable[Finding]:
    text = f
    urls: list[tuple[int, int]] = []
    found_urls = False  # web addresses are found when a run's judgement first needs them: most never do

    def in_url(start: int, end: int) -> bool:
        nonlocal found_urls
        if not found_urls:
            if "://" in text:
                urls.extend(m.span() for m in _URL.finditer(text))
            found_urls = True
        return any(a <= start < b for a, b in urls) or _url_like(text, start, end)

    for span in _LONG_NUMERALS.finditer(text):
        start, end = span.span()
        if end - start < 11:
            continue  # too short, and so is a run in digits starting inside it (it ends at most one X later)
        written = span.group()
        if written.isascii() and text[end : end + 1] not in ("X", "x"):
            # Digits only, and no X after them that _LONG_DIGITS would take: the run _LONG_DIGITS finds here.
            yield from _judge_run(f, text, _groups(start, written), partial(in_url, start, end))
            continue
        found: list[Finding] = []
        for run in _LONG_DIGITS.finditer(text, start, min(len(text), end + _AFTER_RUN)):
            if run.start() >= end:
                break
            if run.end() - run.start() >= 11:
                found.extend(_judge_run(f, text, _groups(run.start(), run.group()), partial(in_url, *run.span())))
        yield from found
        digits = written.translate(NUMERAL_DIGITS)
        if digits == written:
            continue
        for finding in _judge_run(f, text, _groups(start, digits), partial(in_url, start, end), numerals=True):
            if not any(finding.start < other.end and other.start < finding.end for other in found):
                yield finding  # a number written in digits beside numerals is reported once, as digits


def _groups(base: int, run: str) -> list[tuple[int, str]]:
    return [(base + g.start(), g.group()) for g in _GROUP.finditer(run)]


def _judge_run(
    f: str, text: str, groups: list[tuple[int, str]], in_url: Callable[[], bool], *, numerals: bool = False
) -> Iterable[Finding]:
    """Every ID, card or mobile number made of consecutive groups of one run; longest first, no overlaps.

    `numerals`: the groups are a run's CJK numerals read as digits (the message says so).
    """
    sizes = [len(g) for _, g in groups]
    ends = list(accumulate(sizes, initial=0))
    taken_until = -1
    for i in range(len(groups)):
        if groups[i][0] < taken_until:
            continue
        for j in range(min(len(groups), i + _MAX_GROUPS), i, -1):
            if ends[j] - ends[i] not in _LENGTHS or not _plausible_shape(sizes[i:j], ends[j] - ends[i]):
                continue
            part = groups[i:j]
            start = part[0][0]
            end = part[-1][0] + len(part[-1][1])
            finding = _judge(f, text, "".join(g for _, g in part), start, end, part, in_url, numerals)
            if finding is not None:
                taken_until = end
                yield finding
                break


def _plausible_shape(sizes: list[int], total: int) -> bool:
    """Whether groups of these lengths can be written as an ID, card or mobile number at all: a cheap
    test on lengths that spares a long run of digit groups (123 123 123…) a full judgement per window."""
    if len(sizes) == 1:
        return True
    first, rest = sizes[0], sizes[1:]
    if total == 18 and first >= 4:
        return True  # an ID number in pieces starts with its 6-digit region (or more)
    if 16 <= total <= 19 and all(n == 4 for n in sizes[:-1]):
        return True  # a card in fours
    if total == 11:
        return len(sizes) <= 3 and 3 <= first <= 4 and min(rest) >= 3
    if total in (13, 15) and first == total - 11:  # +86 / 0086, then the mobile number
        return len(rest) <= 3 and 3 <= rest[0] <= 4 and min(rest) >= 3
    return False


def _judge(
    f: str,
    text: str,
    digits: str,
    start: int,
    end: int,
    part: list[tuple[int, str]],
    in_url: Callable[[], bool],
    numerals: bool = False,
) -> Finding | None:
    if "X" in digits.upper()[:-1]:
        return None
    written = "（用汉字数字书写）" if numerals else ""
    if (
        len(digits) == 18
        and (len(part) == 1 or len(part[0][1]) >= 4)
        and looks_like_id(digits)
        and id_check_digit_ok(digits)
    ):
        masked = f"{digits[:6]}********{digits[14:]}"
        return _finding(
            f,
            ID_NUMBER,
            start,
            end,
            f"出现居民身份证号码 {digits[:6]}…{written}：个人资料不得公开（第十九条）。请删除，或打码为 {masked} 这样的形式。",
        )
    if not digits.isdigit() or in_url() or _is_amount(text, start, end):
        return None
    if _is_card(digits, part):
        return _finding(
            f,
            BANK_CARD,
            start,
            end,
            f"出现银行卡号 {digits[:4]}…{digits[-4:]}{written}：个人金融信息不得公开（第十九条）。请删除或打码。",
        )
    mobile = _mobile(digits, part, text, start)
    if mobile:
        return _finding(
            f,
            MOBILE,
            start,
            end,
            f"出现手机号码 {mobile[:3]}****{mobile[-4:]}{written}：个人联系方式不得公开（第十九条）。请删除或改用单位办公电话、12366 热线。",
        )
    return None


def _is_card(digits: str, part: list[tuple[int, str]]) -> bool:
    if not 16 <= len(digits) <= 19 or not _card_grouping(part) or not digits.startswith(_CARD_PREFIXES):
        return False
    if len(digits) == 18 and looks_like_id(digits):
        return False  # an ID number (valid or mistyped) is not a card
    return luhn_ok(digits)


def _card_grouping(part: list[tuple[int, str]]) -> bool:
    """Written as cards are: in one piece, or in fours (the last group shorter)."""
    groups = [g for _, g in part]
    return len(groups) == 1 or (all(len(g) == 4 for g in groups[:-1]) and 1 <= len(groups[-1]) <= 4)


def _mobile(digits: str, part: list[tuple[int, str]], text: str, start: int) -> str | None:
    groups = [g for _, g in part]
    if len(digits) == 13 and digits.startswith("86") and groups[0] == "86":
        digits, groups = digits[2:], groups[1:]
    elif len(digits) == 15 and digits.startswith("0086") and groups[0] == "0086":
        digits, groups = digits[4:], groups[1:]
    if len(digits) != 11 or not re.fullmatch(r"1[3-9][0-9]{9}", digits):
        return None
    if len(groups) > 1 and not (3 <= len(groups[0]) <= 4 and all(len(g) >= 3 for g in groups[1:])):
        return None  # 1 38 0013 8000 or a year-month-day: not how a phone number is written
    if len(groups) > 3:
        return None
    return digits


def _url_like(text: str, start: int, end: int) -> bool:
    """A number that is a piece of a path or query: ../2026/15012345678.html, ?id=…"""
    before = text[start - 1] if start > 0 else ""
    after = text[end : end + 5]
    return (before in _URL_BEFORE and before != "") or after[:1] in ("/", "?", "&", "#") or after.startswith(".htm")


def _is_amount(text: str, start: int, end: int) -> bool:
    if start > 0 and text[start - 1] in _CURRENCY_BEFORE:
        return True
    return _UNIT_AFTER.match(text, end) is not None


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
    for at in _AT.finditer(text):
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
