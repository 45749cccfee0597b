"""Mistakes Chinese input methods make in the approval form: each named on its own line, in Chinese.

Every case has its plain control: the same form typed correctly passes.
"""

from __future__ import annotations

import pytest
from checkkit import article, check, write_site

A = "content/nsfw/a.md"
GOOD = article()


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
