"""SE: secrecy (第十八条) and privacy (第十九条) — nothing classified or personal goes online.

The patterns are written not to cry wolf: 国家秘密/商业秘密 in running text,
masked ID numbers, numbers with a wrong check digit and the 12366 hotline pass.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

from generator import mdscan
from generator.article import Parsed
from generator.form import BLOCKS
from generator.maps import Departments
from generator.problems import ERROR
from generator.rules import Sink, rule
from generator.rules.context import Context

CLASSIFIED = rule("SE001", ERROR, "密级标志或内部资料标记（第十八条）")
ID_NUMBER = rule("SE002", ERROR, "未打码的 18 位居民身份证号码（校验位正确）（第十九条）")
MOBILE = rule("SE003", ERROR, "手机号码（第十九条）")
BANK_CARD = rule("SE004", ERROR, "通过 Luhn 校验的银行卡号（第十九条）")
RAW_HTML = rule("SE005", ERROR, "正文中有 HTML 标签")
SCRIPT_LINK = rule("SE006", ERROR, "javascript:/data:/vbscript: 链接")
STAFF_EMAIL = rule("SE007", ERROR, "departments.yaml 中人员的邮箱出现在文章中（第十九条）")

_MARKS = re.compile(
    r"(绝密|机密|秘密)\s*[★☆]|密\s*级\s*[:：]\s*(绝密|机密|秘密)|内部资料|内部文件|注意保密|内部参考|严禁外传"
)
_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![0-9])")
_CARD = re.compile(r"(?<![0-9])(?:\d[ -]?){15,18}\d(?![0-9])")
# Raw HTML as CommonMark defines it: a tag's attributes must be well-formed, so that
# "若 a<b 且 c>d" in running text is text, as the Markdown renderer will show it.
_ATTRIBUTE = r"""\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?"""
_HTML = re.compile(
    r"<!--|<\?|<![A-Za-z]|<!\[CDATA\[|</[A-Za-z][A-Za-z0-9-]*\s*>"
    r"|<[A-Za-z][A-Za-z0-9-]*(?:" + _ATTRIBUTE + r")*\s*/?>"
)
# Starts only where a run of address characters starts: without the lookbehind every position of
# a long run would be tried again, rescanning the run (quadratic: 25 s for 100 KiB of "a").
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_MARK_HINTS = ("★", "☆", "密级", "内部资料", "内部文件", "内部参考", "注意保密", "严禁外传")
# Cheap first pass: the number rules only look near runs of 11+ digits (separators allowed).
_LONG_NUMBER = re.compile(r"\d[\d -]{9,}[\dXx]")
_CARD_PREFIXES = ("62", "4", "51", "52", "53", "54", "55", "2", "35", "37", "60", "65")


def id_check_digit_ok(number: str) -> bool:
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return "10X98765432"[total % 11] == number[17].upper()


def looks_like_id(number: str) -> bool:
    """Structurally an ID number: region code and a real birth date."""
    if not ("11" <= number[:2] <= "91"):
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


# Form fields published on the page besides the body (person ids and dates are not text).
PUBLISHED_FIELDS = (("title",), ("summary",), *((block.key, key) for block in BLOCKS for key in block.published))


def check(parsed: Parsed, ctx: Context, sink: Sink) -> None:
    for path in PUBLISHED_FIELDS:
        value: Any = parsed.fields
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str):
            scan_text(value, parsed.line(*path), sink, ctx, markdown=False)
    if parsed.body is not None:
        scan_text(parsed.body, parsed.body_line, sink, ctx, markdown=True)


def scan_text(text: str, first_line: int, sink: Sink, ctx: Context, *, markdown: bool) -> None:
    def at(offset: int) -> int:
        return mdscan.line_at(text, offset, first_line)

    if any(hint in text for hint in _MARK_HINTS):
        for m in _MARKS.finditer(text):
            sink.add(
                CLASSIFIED,
                at(m.start()),
                f"出现“{m.group(0)}”标记：涉密或内部信息不得上网（第十八条）。请撤下此内容并按保密规定处理，不要仅删除标记。",
            )
    if _LONG_NUMBER.search(text):
        # One pass of each number pattern over the whole text (each starts only where a digit run
        # starts): scanning a window per long number cost a Python call per run of a crafted text.
        _scan_numbers(text, 0, len(text), at, sink)
    if ctx.departments is not None and "@" in text:
        emails = _staff_emails(ctx.departments)
        for m in _EMAIL.finditer(text):
            if m.group(0).lower() in emails:
                sink.add(
                    STAFF_EMAIL,
                    at(m.start()),
                    f"出现工作人员邮箱 {m.group(0)}：不得对外透露个人资料（第十九条）。请改用单位的公开联系方式。",
                )
    if markdown:
        _scan_markdown(text, at, sink)


def _scan_numbers(text: str, start: int, end: int, at: Callable[[int], int], sink: Sink) -> None:
    ids = set()
    for m in _ID.finditer(text, start, end):
        number = m.group(0)
        if looks_like_id(number) and id_check_digit_ok(number):
            ids.add(m.start())
            sink.add(
                ID_NUMBER,
                at(m.start()),
                f"出现居民身份证号码 {number[:6]}…：个人资料不得公开（第十九条）。请删除，或打码为 {number[:6]}********{number[14:]} 这样的形式。",
            )
    for m in _MOBILE.finditer(text, start, end):
        sink.add(
            MOBILE,
            at(m.start()),
            f"出现手机号码 {m.group(1)}****{m.group(3)}：个人联系方式不得公开（第十九条）。请删除或改用单位办公电话、12366 热线。",
        )
    for m in _CARD.finditer(text, start, end):
        digits = m.group(0).replace(" ", "").replace("-", "")
        if not digits.startswith(_CARD_PREFIXES) or m.start() in ids:
            continue
        if len(digits) == 18 and looks_like_id(digits):
            continue  # an ID number (valid or mistyped) is not a card
        if luhn_ok(digits):
            sink.add(
                BANK_CARD,
                at(m.start()),
                f"出现银行卡号 {digits[:4]}…{digits[-4:]}：个人金融信息不得公开（第十九条）。请删除或打码。",
            )


_EMAIL_CACHE: dict[int, frozenset[str]] = {}


def _staff_emails(departments: Departments) -> frozenset[str]:
    key = id(departments)
    if key not in _EMAIL_CACHE:
        _EMAIL_CACHE.clear()
        _EMAIL_CACHE[key] = frozenset(p.email.lower() for p in departments.people.values())
    return _EMAIL_CACHE[key]


def _scan_markdown(text: str, at: Callable[[int], int], sink: Sink) -> None:
    masked = mdscan.mask_code(text)
    for m in _HTML.finditer(masked):
        snippet = m.group(0)[:30]
        sink.add(
            RAW_HTML,
            at(m.start()),
            f"正文中不能使用 HTML（{snippet}）：请改用 Markdown 写法（标题用 ##，链接用 [文字](地址)，表格用 | 分隔）。",
        )
    for offset, dest in mdscan.links(masked):
        if is_script_link(dest):
            sink.add(
                SCRIPT_LINK,
                at(offset),
                f"链接地址 {dest[:40]} 使用了不安全的协议：只允许 https、http、mailto 或站内相对路径。",
            )


def is_script_link(dest: str) -> bool:
    cleaned = urllib.parse.unquote(html.unescape(dest))
    cleaned = re.sub(r"[\x00-\x20\\]", "", cleaned).lower()
    return cleaned.startswith(_BAD_SCHEMES)
