"""SE: secrecy (第十八条) and privacy (第十九条) — nothing classified or personal goes online.

The patterns are written not to cry wolf: 国家秘密/商业秘密 in running text,
masked ID numbers, numbers with a wrong check digit and the 12366 hotline pass.
"""

from __future__ import annotations

import bisect
import html
import re
import urllib.parse
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from generator import mdscan, sescan
from generator.article import Parsed
from generator.problems import ERROR, INFO, REGISTRY, WARNING
from generator.rules import Sink, rule
from generator.rules.context import Context
from generator.sescan import id_check_digit_ok, looks_like_id, luhn_ok
from generator.textfold import fold

if TYPE_CHECKING:
    from generator.exemptions import Exemption

__all__ = ["check", "id_check_digit_ok", "is_script_link", "looks_like_id", "luhn_ok", "scan_text"]

CLASSIFIED = rule("SE001", ERROR, "密级标志或内部资料标记（第十八条）")
ID_NUMBER = rule(
    "SE002", ERROR, "未打码或打码不足的居民身份证号码（校验位正确，或注明身份证的 15 位旧号码）（第十九条）"
)
MOBILE = rule("SE003", ERROR, "未打码或打码不足的手机号码（第十九条）")
BANK_CARD = rule("SE004", ERROR, "通过 Luhn 校验或打码不足的银行卡号（第十九条）")
RAW_HTML = rule("SE005", ERROR, "正文中有 HTML 标签")
SCRIPT_LINK = rule("SE006", ERROR, "javascript:/data:/vbscript: 链接")
STAFF_EMAIL = rule("SE007", ERROR, "departments.yaml 中人员的邮箱出现在文章中（第十九条）")
STALE_EXEMPTION = rule("SE013", WARNING, "误报豁免已不对应文中任何内容")
BAD_EXEMPTION = rule("SE014", ERROR, "误报豁免写法不对，或针对了不能豁免的规则（密级标志永不豁免）")

# Raw HTML as CommonMark defines it: a tag's attributes must be well-formed, so that
# "若 a<b 且 c>d" in running text is text, as the Markdown renderer will show it.
_ATTRIBUTE = r"""\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?"""
_HTML = re.compile(
    r"<!--|<\?|<![A-Za-z]|<!\[CDATA\[|</[A-Za-z][A-Za-z0-9-]*\s*>"
    r"|<[A-Za-z][A-Za-z0-9-]*(?:" + _ATTRIBUTE + r")*\s*/?>"
)
_BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
# Keys of the front matter that are not published text: people's ids, dates, the exemptions themselves.
_UNPUBLISHED = frozenset({"approval", "exemptions", "date", "unit"})


def check(parsed: Parsed, ctx: Context, sink: Sink) -> None:
    usable = _usable_exemptions(parsed, sink)
    used: set[Exemption] = set()
    staff = staff_keys(ctx)
    for path, value in published_fields(parsed.fields):
        scan_text(value, parsed.line(*path), sink, staff, markdown=False, exempt=usable, used=used)
    scan_text(parsed.slug, 1, sink, staff, markdown=False, exempt=usable, used=used, where="文件名中")
    if parsed.body is not None:
        scan_text(parsed.body, parsed.body_line, sink, staff, markdown=True, exempt=usable, used=used)
    for item in usable:
        if item not in used:
            sink.add(
                STALE_EXEMPTION,
                item.line,
                f"豁免（{item.rule}“{item.text}”）已不对应文中任何内容：请从 exemptions 中删除这一项，"
                "或改成与正文完全一致的原文。",
            )


def _usable_exemptions(parsed: Parsed, sink: Sink) -> list[Exemption]:
    """The form's well-formed exemptions of rules that may be exempted; SE014 for the others."""
    raw = parsed.fields.get("exemptions")  # exemptions.FIELD
    if raw is None:
        return []  # nearly every article: the exemptions module is not even imported
    from generator import exemptions

    exempt, problems = exemptions.read(raw, parsed.line)
    for line, message in problems:
        sink.add(BAD_EXEMPTION, line, message)
    return [e for e in exempt if _exemptable(e, sink)]


def _exemptable(item: Exemption, sink: Sink) -> bool:
    from generator import exemptions

    if item.rule == sescan.CLASSIFIED:
        sink.add(
            BAD_EXEMPTION,
            item.line,
            "密级标志和内部资料标记（SE001）不能豁免（第十八条）：请撤下该内容，或在正文中改写，使其不再像标记。",
        )
        return False
    if item.rule not in exemptions.EXEMPTABLE:
        sink.add(
            BAD_EXEMPTION,
            item.line,
            f"规则 {item.rule} 不能豁免：只有 {'、'.join(exemptions.EXEMPTABLE)} 的误报可以经审核豁免。",
        )
        return False
    return True


def published_fields(fields: dict[Any, Any], path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(key path, text) of every front-matter value that reaches the public page, however deep."""
    for key, value in fields.items():
        if not path and key in _UNPUBLISHED:
            continue
        here = (*path, key)
        if isinstance(value, str):
            yield here, value
        elif isinstance(value, int) and not isinstance(value, bool):
            yield here, str(value)
        elif isinstance(value, dict):
            yield from published_fields(value, here)
        elif isinstance(value, list):
            yield from published_fields(dict(enumerate(value)), here)


def scan_text(
    text: str,
    first_line: int,
    sink: Sink,
    staff: frozenset[str],
    *,
    markdown: bool,
    exempt: list[Exemption] = (),  # type: ignore[assignment]
    used: set[Exemption] | None = None,
    where: str = "",
) -> None:
    folded = fold(text)
    line, counted = first_line, 0
    for finding in _findings(text, folded, staff, markdown):
        line += folded.count("\n", counted, finding.start)  # in order: each line break is counted once
        counted = finding.start
        cover = next((e for e in exempt if e.covers(finding.code, finding.text)), None)
        if cover is not None:
            if used is not None:
                used.add(cover)
            sink.add(
                REGISTRY[finding.code], line, f"已豁免：“{finding.text}”，理由：{cover.reason}（经审核签署）。", INFO
            )
            continue
        sink.add(REGISTRY[finding.code], line, where + finding.message)
    if markdown:
        _scan_markdown(text, lambda offset: mdscan.line_at(text, offset, first_line), sink)


def _findings(text: str, folded: str, staff: frozenset[str], markdown: bool) -> list[sescan.Finding]:
    """The scan of the text as written and, in Markdown with markup next to a number, of the text a reader
    sees once the markup is gone (review s8, B1): the build's final screen reads the rendered page, and a
    form that passes here must not fail there."""
    found = sescan.scan(text, staff=staff, folded=folded)
    if not markdown:
        return found
    known = {(f.code, f.text) for f in found}
    if "](" in folded or "]:" in folded:
        found.extend(_title_findings(folded, staff, known))
    if not (_MARKUP_BY_NUMBER.search(folded) or _MARKUP_IN_MARK.search(folded)):
        return sorted(found, key=lambda x: (x.start, x.code))
    view, starts, origins = mdscan.shown_text(folded)
    written = _Spans(found)
    for f in sescan.scan(view, staff=staff, folded=view):
        if (f.code, f.text) not in known:
            known.add((f.code, f.text))
            at = mdscan.origin_of(f.start, starts, origins)
            end = max(at, mdscan.origin_of(f.end, starts, origins))
            if written.overlaps(f.code, at, end):
                continue  # the written text's scan found it already (138**0013**8000 reads as a number there too)
            found.append(sescan.Finding(f.code, at, end, f.text, f.message))
    return sorted(found, key=lambda x: (x.start, x.code))


class _Spans:
    """The written text's findings by rule, sorted, with the furthest end so far: whether a span overlaps
    one is a bisection (asking each finding in turn made a text of many numbers quadratic)."""

    def __init__(self, found: list[sescan.Finding]) -> None:
        self.by_code: dict[str, tuple[list[int], list[int]]] = {}
        for f in sorted(found, key=lambda x: x.start):
            begins, reach = self.by_code.setdefault(f.code, ([], []))
            begins.append(f.start)
            reach.append(max(f.end, reach[-1]) if reach else f.end)

    def overlaps(self, code: str, start: int, end: int) -> bool:
        begins, reach = self.by_code.get(code, ([], []))
        k = bisect.bisect_left(begins, end) - 1  # the last finding that begins before `end`
        return k >= 0 and reach[k] > start


def _title_findings(folded: str, staff: frozenset[str], known: set[tuple[str, str]]) -> list[sescan.Finding]:
    """The titles of links and images (`[附件](a.pdf "内部资料")`, `[1]: url '内部资料'`), each read as a text of its
    own: the page shows a title alone, as a tooltip (review s8, miss 7); the build's screen reads it in title=."""
    out = []
    for pattern in (_LINK_TITLE, _DEFINITION_TITLE):
        for m in pattern.finditer(folded):
            group = next(g for g in (1, 2, 3) if m.group(g) is not None)
            title, at = m.group(group), m.start(group)
            for f in sescan.scan(title, staff=staff, folded=title):
                if (f.code, f.text) not in known:
                    known.add((f.code, f.text))
                    out.append(sescan.Finding(f.code, at + f.start, at + f.end, f.text, f.message))
    return out


# A link's or an image's title after its destination, in "…", '…' or (…), and a reference definition's. The
# destination holds no ( or space, so no run is read again from a later "](": linear on any input.
_TITLE = r"""(?:"([^"\n]{1,256})"|'([^'\n]{1,256})'|\(([^()\n]{1,256})\))"""
_LINK_TITLE = re.compile(r"\]\((?:<[^<>\n]{0,512}>|[^()\s]{0,512})[ \t]+" + _TITLE + r"[ \t]*\)")
_DEFINITION_TITLE = re.compile(r"^[ ]{0,3}\[[^\]\n]{1,999}\]:[ \t]*\S{1,512}[ \t]+" + _TITLE + r"[ \t]*$", re.MULTILINE)

# Markup a reader does not see (emphasis, code, escapes, a link's brackets and destination) between two digits
# or numerals, in the folded text: only then can the text shown hold a number the text written does not.
# Possessive, bounded and stopping at the next opener, so that no run is read again from each of its characters.
_NUMBERISH = "[0-9Xx" + "".join(re.escape(ch) for ch in sorted(set(sescan.NUMERAL_CHARS))) + "]"
_MARKUP_BY_NUMBER = re.compile(
    _NUMBERISH + r"[ \t]*+(?:\]\([^()\n]{0,512}+\)|\]\[[^\]\n]{0,128}+\]|[*_~`\\\[\]!])++[ \t]*+" + _NUMBERISH
)

# The same markup between two characters of a mark (`内部`资料, [内部](…)资料, 内部[资料](a.pdf)): the page shows
# 内部资料, and the build's screen refused it (review s10 of h4).
_MARK_CHAR = "[" + sescan.MARK_CHARS + "]"
_MARKUP_IN_MARK = re.compile(
    _MARK_CHAR + r"[ \t]*+(?:\]\([^()\n]{0,512}+\)|\]\[[^\]\n]{0,128}+\]|[*_~`\\\[\]!])++[ \t]*+" + _MARK_CHAR
)


def staff_keys(ctx: Context) -> frozenset[str]:
    """The registered e-mail addresses in the form the scans compare (cached per loaded map)."""
    if ctx.departments is None:
        return frozenset()
    key = id(ctx.departments)
    if key not in _EMAIL_CACHE:
        _EMAIL_CACHE.clear()
        _EMAIL_CACHE[key] = sescan.staff_keys(p.email for p in ctx.departments.people.values())
    return _EMAIL_CACHE[key]


_EMAIL_CACHE: dict[int, frozenset[str]] = {}


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
    cleaned = fold(urllib.parse.unquote(html.unescape(dest)))
    cleaned = re.sub(r"[\x00-\x20\\]", "", cleaned).lower()
    return cleaned.startswith(_BAD_SCHEMES)
