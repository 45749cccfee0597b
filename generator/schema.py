"""Declared schemas for the maps and the approval form, and one validator for all.

A schema is data (`Field`s in a dict); validation reports every problem with its
key path's line and never stops at the first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Literal

from generator.problems import Rule, Sink

if TYPE_CHECKING:  # annotations only: validating needs no YAML parser
    from generator.yamlsrc import KeyPath, YamlDoc

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# What a field's value must be: text, a date, a list, a mapping, a list of texts, or anything.
FieldKind = Literal["str", "date", "list", "map", "str_list", "any"]


class Field:
    """One field of a form or a map: its kind, whether it is required, its Chinese label, allowed values.

    Plain classes, read-only by their Final attributes (a frozen dataclass costs about a millisecond to
    create, at every start of the pre-commit hook).
    """

    __slots__ = ("choices", "hint", "kind", "label", "pattern", "required")

    def __init__(
        self,
        kind: FieldKind,
        required: bool = False,
        label: str = "",  # Chinese name shown in messages
        choices: tuple[str, ...] = (),
        pattern: str | None = None,
        hint: str = "",  # what a valid value looks like
    ) -> None:
        self.kind: Final = kind
        self.required: Final = required
        self.label: Final = label
        self.choices: Final = choices
        self.pattern: Final = pattern
        self.hint: Final = hint


class Codes:
    """The rules a validator reports for unknown, missing and mistyped fields, bad dates and bad values."""

    __slots__ = ("bad_date", "bad_value", "missing", "unknown", "wrong_type")

    def __init__(self, unknown: Rule, missing: Rule, wrong_type: Rule, bad_date: Rule, bad_value: Rule) -> None:
        self.unknown: Final = unknown
        self.missing: Final = missing
        self.wrong_type: Final = wrong_type
        self.bad_date: Final = bad_date
        self.bad_value: Final = bad_value


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def key_text(path: KeyPath) -> str:
    return ".".join(str(p) for p in path)


def validate(
    value: Any, fields: dict[str, Field], doc: YamlDoc, path: KeyPath, sink: Sink, codes: Codes, line_offset: int = 0
) -> dict[str, Any]:
    """Check a mapping against `fields`; return the valid, normalised values."""

    def line(*p: Any) -> int:
        return doc.line(*p) + line_offset

    clean: dict[str, Any] = {}
    if not isinstance(value, dict):
        where = key_text(path) or "内容"
        sink.add(codes.wrong_type, line(*path), f"{where} 应当是“字段: 值”形式的映射，而不是 {_kind_name(value)}。")
        return clean
    for key in value:
        if key not in fields:
            sink.add(codes.unknown, line(*path, key), _unknown_message(path, key, fields))
    for key, spec in fields.items():
        raw = value.get(key)
        full = path + (key,)
        if raw is None or raw == "" or raw == []:
            if spec.required:
                sink.add(
                    codes.missing, line(*path), f"缺少必填字段 {key_text(full)}（{spec.label}）。{spec.hint}".rstrip()
                )
            continue
        checked = _check_value(raw, spec, full, line(*full), sink, codes)
        if checked is not None:
            clean[key] = checked
    return clean


def _check_value(raw: Any, spec: Field, full: KeyPath, line: int, sink: Sink, codes: Codes) -> Any:
    if spec.kind == "date":
        day = parse_date(raw)
        if day is None:
            sink.add(
                codes.bad_date,
                line,
                f"{_name(full, spec)} 的值 {raw!s} 不是有效日期，请写成 YYYY-MM-DD，例如 2026-11-20。",
            )
        return day
    if not _EXPECTED[spec.kind](raw):
        sink.add(
            codes.wrong_type,
            line,
            f"{_name(full, spec)} 应当是{_KIND_NAMES[spec.kind]}，现在是{_kind_name(raw)}。{spec.hint}".rstrip(),
        )
        return None
    if spec.kind == "str_list":
        return [str(item).strip() for item in raw]
    if spec.kind == "str":
        raw = str(raw).strip()
        if spec.choices and raw not in spec.choices:
            sink.add(
                codes.bad_value, line, f"{_name(full, spec)} 只能取 {'、'.join(spec.choices)} 之一，不能是 {raw}。"
            )
            return None
        if spec.pattern and not re.fullmatch(spec.pattern, raw):
            sink.add(codes.bad_value, line, f"{_name(full, spec)} 的值 {raw} 格式不对。{spec.hint}".rstrip())
            return None
    return raw


def _name(full: KeyPath, spec: Field) -> str:
    """How a problem names the field (made only for a problem: 140,000 values of 10,000 forms pass)."""
    return f"{key_text(full)}（{spec.label}）" if spec.label else key_text(full)


def _is_text(value: Any) -> bool:
    # A keyword such as 12366 is read by YAML as a number; it is still text to us.
    return isinstance(value, (str, int)) and not isinstance(value, bool)


_EXPECTED: dict[FieldKind, Callable[[Any], bool]] = {
    "str": _is_text,
    "list": lambda v: isinstance(v, list),
    "map": lambda v: isinstance(v, dict),
    "str_list": lambda v: isinstance(v, list) and all(_is_text(i) for i in v),
    "any": lambda v: True,
}


def _unknown_message(path: KeyPath, key: Any, fields: dict[str, Field]) -> str:
    where = f"{key_text(path)} 中" if path else ""
    import difflib  # here: only a mistake needs a suggestion

    close = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
    advice = f"是不是想写 {close[0]}？" if close else f"可用的字段：{'、'.join(fields)}。"
    return f"{where}有未知字段 {key}。{advice}"


_KIND_NAMES: dict[FieldKind, str] = {
    "str": "一段文字",
    "list": "列表",
    "map": "映射（字段: 值）",
    "str_list": "文字列表",
    "any": "值",
    "date": "日期",
}


def _kind_name(value: Any) -> str:
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, (int, float)):
        return "数字"
    if value is None:
        return "空值"
    return "文字"
