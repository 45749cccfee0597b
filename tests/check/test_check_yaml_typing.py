"""Mistakes Chinese input methods make in the approval form: each named on its own line, in Chinese.

Every case has its plain control: the same form typed correctly passes.
"""

from __future__ import annotations

import pytest
from checkkit import article, check, write_site

A = "content/nsfw/a.md"
GOOD = article()
AFTER = "后面是全角空格（中文输入法的空格），不是普通空格：YAML 不认它，请把它换成一个英文空格"


def _problems(tmp_path, text: str):
    root = write_site(tmp_path / "site", {A: text})
    return [p for p in check(root, targets=[A]) if p.path == A]


def _swap(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


# (case, form, file line, words the message must contain)
CASES = [
    ("full-width-colon-first-line", _swap("title: ", "title："), 2, "中文冒号“：”"),
    ("full-width-colon-later", _swap("unit: ", "unit："), 4, "中文冒号“：”"),
    ("full-width-colon-in-approval", _swap("  reviewed: ", "  reviewed："), 9, "中文冒号“：”"),
    ("tab-indent", _swap("  secrecy: ", "\tsecrecy: "), 12, "Tab"),
    ("tab-after-spaces", _swap("  reviewed_by: ", " \treviewed_by: "), 8, "Tab"),
    ("full-width-space-indent", _swap("  secrecy: ", "\u3000\u3000secrecy: "), 12, "全角空格"),
    ("full-width-space-in-key", _swap("unit: ", "unit\u3000: "), 4, "全角空格"),
    ("full-width-quotes-in-key", _swap("title: ", "“title”: "), 2, "中文引号或括号（“”）"),
    ("full-width-brackets-in-key", _swap("unit: ", "【unit】: "), 4, "中文引号或括号（【】）"),
    ("full-width-parens-in-key", _swap("  submitted: ", "  （submitted）: "), 7, "中文引号或括号"),
    ("no-space-after-colon", _swap("date: ", "date:"), 3, "“date:”后面缺少空格"),
    ("no-space-after-colon-nested", _swap("  approved: ", "  approved:"), 11, "“approved:”后面缺少空格"),
    # A Unicode space instead of the ASCII one, next to a colon or a list dash (the reviewer's `title:　…`)
    ("full-width-space-after-colon-first-line", _swap("title: ", "title:\u3000"), 2, AFTER),
    ("full-width-space-after-colon-later", _swap("unit: ", "unit:\u3000"), 4, AFTER),
    ("full-width-space-after-colon-nested", _swap("  submitted_by: ", "  submitted_by:\u3000"), 6, AFTER),
    ("full-width-space-after-colon-last", _swap("  secrecy: ", "  secrecy:\u3000"), 12, AFTER),
    ("no-break-space-after-colon", _swap("date: ", "date:\u00a0"), 3, "不换行空格（U+00A0"),
    ("em-space-after-colon", _swap("  reviewed: ", "  reviewed:\u2003"), 9, "特殊空格（U+2003）"),
    ("no-break-space-before-colon", _swap("title: ", "title\u00a0: "), 2, "和冒号之间有不换行空格"),
    ("full-width-space-after-list-dash", article(extra="corrections:\n  -\u3000更正\n"), 14, "“-”后面是全角空格"),
    (
        "full-width-space-in-list-item-key",
        article(extra="corrections:\n  - date:\u30002026-11-21\n"),
        14,
        "“date:”后面是全角空格",
    ),
]


@pytest.mark.parametrize(("form", "line", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_input_method_mistake_is_named_on_its_line(tmp_path, form: str, line: int, words: str) -> None:
    problems = _problems(tmp_path, form)
    assert [(p.rule, p.line) for p in problems] == [("FM005", line)], problems
    message = problems[0].message
    assert words in message
    assert not any(english in message for english in ("did not find", "expected", "could not", "token"))


def test_control_the_same_form_typed_correctly_passes(tmp_path) -> None:
    assert _problems(tmp_path, GOOD) == []


def test_full_width_text_in_values_is_ordinary_text(tmp_path) -> None:
    """Full-width colons, quotes and spaces inside a value are Chinese text, not mistakes."""
    text = _swap("title: 关于优化纳税服务的通知", "title: 关于“便民办税”：第一批（试行）\u3000通知")
    assert _problems(tmp_path, text) == []


def test_full_width_space_after_colon_when_the_form_still_parses(tmp_path) -> None:
    """`submitted_by:　x` as the approval's only line is valid YAML (text instead of a form): still named."""
    text = article(approval="approval:\n  submitted_by:\u3000zhangwei\n")
    problems = _problems(tmp_path, text)
    assert [(p.rule, p.line) for p in problems] == [("FM005", 6)], problems
    assert AFTER in problems[0].message and "“submitted_by: 值”" in problems[0].message
    control = _problems(tmp_path, article(approval="approval:\n  submitted_by: zhangwei\n"))
    assert "FM005" not in {p.rule for p in control}


def test_full_width_space_after_a_colon_in_a_map(tmp_path) -> None:
    """The maps are read by the same loader: `technical:　dzswzx` in departments.yaml is named on its line (MP001)."""
    from checkkit import DEPARTMENTS

    assert DEPARTMENTS.split("\n")[1] == "technical: dzswzx"
    broken = DEPARTMENTS.replace("technical: ", "technical:\u3000", 1)
    line = 2
    root = write_site(tmp_path / "site", {"departments.yaml": broken})
    problems = [p for p in check(root) if p.path == "departments.yaml"]
    assert [(p.rule, p.line) for p in problems] == [("MP001", line)], problems
    assert AFTER in problems[0].message
    control = write_site(tmp_path / "control", {"departments.yaml": DEPARTMENTS})
    assert [p for p in check(control) if p.path == "departments.yaml"] == []
