"""The scans' shortcuts find exactly what the plain scans found.

`_marks` tries the standing phrases only at line heads, and `_numbers` lets the engine pass over
runs too short to be a number (and finds web addresses only once a long run is there). Both are
held here to the plain forms they replaced, written out below: over the labelled corpus's texts,
hand-made edge cases, and thousands of random texts built from the characters the patterns care about.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

import pytest
import secorpus

from generator import sescan
from generator.sescan import Finding
from generator.textfold import fold


def _plain_marks(f: str) -> list[Finding]:
    """`_marks` written out: every _STANDING match in the text, then its head (`_plain_head`) and its tail."""
    text = f
    if not sescan._MARK_HINT.search(text):
        return []
    spans = sorted(m.span() for pattern in (sescan._STARRED, sescan._LABELLED) for m in pattern.finditer(text))
    spans = [(s, e) for s, e in spans if not (sescan._about_another(text, s) or sescan._cited(text, s, e))]
    # statements that this document is internal (本文件为内部资料。): every match, unless a starred or labelled mark
    # overlaps it (review s10 of h4)
    statements = [m.span() for m in sescan._THIS_DOCUMENT_IS.finditer(text)]
    spans = sorted(spans + [(s, e) for s, e in statements if not any(s < b and a < e for a, b in spans)])
    found = [sescan._mark(f, start, end) for start, end in spans]
    k = 0
    cells = sescan._level_cells(text)
    for m in sescan._STANDING.finditer(text):
        while k < len(spans) and spans[k][1] <= m.start():
            k += 1
        if k < len(spans) and spans[k][0] <= m.start():
            continue
        head = _plain_head(text, m.start())
        if head is None:
            continue
        level = sescan._LEVEL_ONLY.fullmatch(m.group(0)) is not None
        if level and sescan._in_spans(cells, m.start()):
            continue  # a level as data in a column headed 密级
        if sescan._numbered_notice(text, head, m.start(), m.end()):
            continue  # 三、注意保密: a heading of a rule text
        if sescan._stands_alone(text, m.start(), m.end(), classification=level):
            found.append(sescan._mark(f, m.start(), m.end()))
    return found + _plain_after_sentences(f, found)


def _plain_after_sentences(f: str, found: list[Finding]) -> list[Finding]:
    """`_marks_after_sentences` written out: at every position after a sentence's end, a _STANDING match that is no
    notice, overlaps no mark found and stands alone to the end of its line or cell (session 11, h5)."""
    text = f
    out = []
    for start in range(len(text)):
        if not sescan._after_a_sentence(text, start):
            continue
        m = sescan._STANDING.match(text, start)
        if m is None or sescan._NOTICES.fullmatch(text, start, m.end()):
            continue
        if any(x.start < m.end() and start < x.end for x in found):
            continue
        level = sescan._LEVEL_ONLY.fullmatch(m.group()) is not None
        if sescan._alone_to_the_end(text, m.end(), classification=level):
            out.append(sescan._mark(f, start, m.end()))
    return out


_PLAIN_RUN = re.compile(sescan._run_pattern("[0-9]", "[Xx]", "[A-Za-z0-9]", sescan._SOFT_GAP))


def _plain_head(text: str, start: int) -> int | None:
    """Where the decoration before the mark starts, when only decoration stands between the mark and the start of
    its line, table cell or element (the last line break, | or > before it: its place) or of an attribute's value
    (the = after a name, after that: the place of the =); None when a word stands there."""
    head = max(text.rfind(ch, 0, start) for ch in "\n\r\u2028\u2029|>") + 1
    if sescan._RUN.fullmatch(text, head, start):
        return max(head - 1, 0)
    names = re.finditer("[A-Za-z0-9_-][ \t]?=", text[head:start])
    return next((head + m.end() - 1 for m in names if sescan._RUN.fullmatch(text, head + m.end(), start)), None)


def _plain_numbers(f: str) -> list[Finding]:
    """`_numbers` as it is defined, in order of place: every run of digits, its length tested in Python;
    then every run of the text read with its CJK numerals as digits that holds a numeral, its findings kept
    where no finding of a digit run already is; then the readings with letters as digits and of masks."""
    text = f
    found: list[Finding] = []
    for run in _PLAIN_RUN.finditer(text):
        if run.end() - run.start() < 11:
            continue
        base = run.start()
        groups = [(base + g.start(), g.group()) for g in sescan._GROUP.finditer(run.group())]
        found.extend(sescan._judge_run(f, text, groups))
    digits = text.translate(sescan.NUMERAL_DIGITS)
    read: list[Finding] = []
    for run in _PLAIN_RUN.finditer(digits):
        if run.end() - run.start() < 11 or text[run.start() : run.end()] == run.group():
            continue
        base = run.start()
        groups = [(base + g.start(), g.group()) for g in sescan._GROUP.finditer(run.group())]
        for finding in sescan._judge_run(f, text, groups, written="（用汉字数字书写）"):
            if sescan._circle_masked(finding.text):
                continue  # digits around a mask of circles
            if not any(finding.start < other.end and other.start < finding.end for other in found):
                read.append(finding)
    found += read
    found += sescan._letter_runs(f, text, True, found)
    found += sescan._masked(f, text, found)
    found += sescan._symbol_separated(f, text, found)  # any one symbol between the usual groups (review s10 of h4)
    addresses = [m.span() for m in sescan._ADDRESS.finditer(text)]
    found = [
        x
        for x in found
        if x.code != sescan.BANK_CARD
        or not any(
            a <= x.start and x.end <= b and not sescan._CARD_PARAMETER.search(text[max(a, x.start - 24) : x.start])
            for a, b in addresses
        )
    ]
    return _in_order(found)


def _in_order(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda x: (x.start, x.end, x.code))


_PIECES = [
    "\n",
    "\n\n",
    " ",
    "\t",
    "#",
    "> ",
    "* ",
    "1. ",
    "- ",
    "【",
    "〔",
    "(",
    ")",
    "、",
    "·",
    ".",
    "-",
    "—",
    "*",
    "_",
    "~",
    "★",
    "：",
    ":",
    "内部资料",
    "内部文件",
    "。",
    "！",
    "？",
    "丨",
    "|",
    "禁止外传",
    "🈲外传",
    "\\\n",
    "仅供内部使用",
    "注意保密",
    "严禁外传",
    "内部资料注意保存",
    "内",
    "部",
    "密",
    "绝密",
    "机密",
    "秘密",
    "密级",
    "绝 密",
    "机·密",
    "不得外传",
    "2026年",
    "文件管理",
    "的",
    "元",
    "万元",
    "X",
    "x",
    "https://example.gov.cn/a/",
    "–",
    "×",
    "O",
    "l",
    "**",
    "\n",
    ",",
    "户名",
    "日间",
    "?id=",
    "/",
    ".html",
    "138",
    "0013",
    "8000",
    "13800138000",
    "138 0013 8000",
    "+86 138-0013-8000",
    "0086",
    secorpus.VALID_ID,
    secorpus.ID_B,
    secorpus.CARD,
    "6222 0212 3456 7890 128",
    "110101 19900307 7715",
    "2026-11-26",
    "123",
    "4567",
    "1",
    "9",
    # numbers in CJK numerals, their pieces, and the numerals of ordinary text
    "一三八",
    "〇〇一三",
    "八〇〇〇",
    "一三八〇〇一三八〇〇〇",
    "壹叁捌零零壹叁捌零零零",
    "幺三八",
    "○○",
    "一一〇一〇五一九四九一二三一〇〇二",
    "一一〇一〇一一九九〇〇三〇七七七一五",
    "六二二二",
    "〇二一二",
    "十",
    "拾",
    "一",
    "二〇二六年",
    "十一月三十日",
    "第一二三条",
    "一一",
    # the heads and decoration of review s7: cells, elements, attributes, other line breaks, list heads
    "|",
    "> ",
    "<p>",
    "</p>",
    "<br>",
    "<em>",
    "</em>",
    'alt="',
    '"',
    "“",
    "”",
    "《",
    "`",
    "•",
    "一、",
    "(一)",
    "A、",
    "- [x] ",
    "\r",
    "\u2028",
    "秘",
    "为",
    "是",
    "=",
    "(",
    "一年",
    "长期",
    "alt=",
    "壹、",
    "A1.",
    "保密等级",
    "定为",
    "内部",
]


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 60)))


def _corpus_texts() -> Iterable[str]:
    for case in secorpus.CASES:
        for content in case.files.values():
            if isinstance(content, str):
                yield content


EDGES = [
    "内部资料",
    "\n内部资料\n",
    "  1. 内部资料：",
    "正文\n## 内部文件\n正文",
    "严禁将内部资料上传互联网",
    "【内部资料】注意保存",
    "机密★5年\n秘密\n绝密",
    "密级：机密\n内部资料",
    "秘密文件的管理",
    "内部资料性出版物",
    "> * 注意保密",
    "---内部参考",
    "身份证 " + secorpus.VALID_ID + "，手机 13800138000。",
    "2026-11-26 13:00:00 1234567890",
    "卡号 6222 0212 3456 7890 128 元",
    "https://example.gov.cn/15012345678.html 15012345678",
    "1" * 200,
    "1 " * 200,
    "13800138000" * 30,
    "联系电话：+86 138-0013-8000",
    "卡号 6222 0212 3456 7890 128。",
    "证件号码 " + secorpus.ID_B,
    "身份证 一一〇一〇五一九四九一二三一〇〇二十",
    "手机 一三八 〇〇一三 八〇〇〇，卡号 六二二二 〇二一二 三四五六 七八九〇 一二八",
    "13800138000一律办理",
    "11010519491231002X一一",
    "一三八〇〇一三八〇〇〇13800138000",
    "手机 138〇〇13八〇〇〇",
    "二〇二六年十一月三十日，第一二三条，一一对应",
    "一" * 200,
    "一 " * 200,
    "一三八〇〇一三八〇〇〇" * 30,
    "| 名称 | 内部资料 |",
    "正文<br>内部资料",
    '<img src="a.png" alt="内部资料">',
    "严禁将<em>内部资料</em>上传",
    "正文\r内部资料\u2028秘密\u2029注意保密",
    "• 内部资料\n一、秘密\n(一)机密\n- [x] 注意保密",
    "秘密:★一年 密级为秘密 密级—机密 ㊙ 一年",
    "确定密级为秘密的事项",
    "|" * 300 + "内部资料",
    'a="' * 300 + "内部资料",
]


@pytest.mark.parametrize("text", EDGES)
def test_edge_cases_find_what_the_plain_scans_found(text):
    f = fold(text)
    assert list(sescan._marks(f)) == _plain_marks(f)
    assert _in_order(sescan._numbers(f)) == _plain_numbers(f)


def test_control_the_edge_cases_do_find_marks_and_numbers():
    """The comparison above is not between two empty lists."""
    marks = sum(bool(_plain_marks(fold(t))) for t in EDGES)
    numbers = sum(bool(_plain_numbers(fold(t))) for t in EDGES)
    read = sum(any("汉字数字" in x.message for x in _plain_numbers(fold(t))) for t in EDGES)
    assert marks >= 8 and numbers >= 4 and read >= 3


def test_the_labelled_corpus_finds_what_the_plain_scans_found():
    texts = list(_corpus_texts())
    assert len(texts) >= 40
    found = 0
    for text in texts:
        f = fold(text)
        plain = _plain_marks(f) + _plain_numbers(f)
        assert list(sescan._marks(f)) + _in_order(sescan._numbers(f)) == plain, text
        found += bool(plain)
    assert found >= 20


def test_random_texts_find_what_the_plain_scans_found():
    rng = random.Random(20261130)
    hits = read = 0
    for _ in range(6000):
        f = fold(_random_text(rng))
        plain_marks, plain_numbers = _plain_marks(f), _plain_numbers(f)
        assert list(sescan._marks(f)) == plain_marks, f
        assert _in_order(sescan._numbers(f)) == plain_numbers, f
        hits += bool(plain_marks) + bool(plain_numbers)
        read += any("汉字数字" in x.message for x in plain_numbers)
    assert hits > 1000  # the random texts do hold marks and numbers
    assert read > 300  # and numbers written in CJK numerals


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("㊙★五年", "SE001"),  # ㊙ stands for the classification itself
        ("㊙密★一年", "SE001"),
        ("秘密★\n正文", "SE001"),
        ("身份证 ¹¹⁰¹⁰⁵¹⁹⁴⁹¹²³¹⁰⁰²X", "SE002"),  # superscript digits
        ("身份证 ₁₁₀₁₀₅₁₉₄₉₁₂₃₁₀₀₂X", "SE002"),  # subscript digits
        ("身份证 ❶❶⓪❶⓪⑤①⑨④⑨①②③①⓪⓪②X", "SE002"),  # circled digits of every kind
    ],
)
def test_marks_and_numbers_written_with_other_characters_are_found(text, code):
    """Review s6 (H1-3): ㊙ and digits with a digit value but no decomposition to one were not folded."""
    assert code in {finding.code for finding in sescan.scan(text)}


@pytest.mark.parametrize("text", ["**揭秘**", "奥秘 * 注释", "神秘的故事", "m² 与 m2", "第⒈条"])
def test_control_the_same_characters_in_ordinary_text_are_not_marks(text):
    assert not sescan.scan(text)
