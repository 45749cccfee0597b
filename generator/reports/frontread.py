"""A quick reader for the approval form of many articles at once.

The reports read the front matter of every article on every branch: tens of thousands of
forms. Nearly all of them are written the way `sitegen new` writes them (block style, plain,
quoted or date values, two levels deep), and for those a line scan gives exactly what YAML
would. Anything else (flow style, lists, anchors, escapes, multi-line values, values YAML
would read as numbers or booleans) goes to the full YAML reader, so the result never differs.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator.rules.gh import read_form

HEAD_LIMIT = 65536  # a form longer than this is read the slow way
_LINE = re.compile(r"( {2})?([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DOUBLE = re.compile(r'"([^"\\]*)"')
_SINGLE = re.compile(r"'([^']*)'")
_SPECIAL_START = tuple("[{&*!|>%@`-?:,#\"'")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"}
_NUMBER = re.compile(r"[-+]?(\.?\d|0x|0o|\.inf|\.nan)", re.IGNORECASE)


class _Slow(Exception):
    pass


def front_matter(data: bytes) -> dict[str, Any] | None:
    """The form as a mapping, or None when the file has no readable front matter."""
    try:
        return _scan(data)
    except _Slow:
        form = read_form(data)
        return form.front if form and isinstance(form.front, dict) else None


def _scan(data: bytes) -> dict[str, Any]:
    if not data.startswith(b"---\n"):
        raise _Slow
    end = data.find(b"\n---\n", 3, HEAD_LIMIT)
    if end < 0:
        raise _Slow
    try:
        head = data[4 : end + 1].decode("utf-8")
    except UnicodeDecodeError:
        raise _Slow from None
    if "\r" in head or "\t" in head or "\x00" in head:
        raise _Slow
    result: dict[str, Any] = {}
    block: dict[str, Any] | None = None
    for line in head.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            raise _Slow
        indent, key, raw = match.groups()
        target = result if indent is None else block
        if target is None or key in target:
            raise _Slow  # a nested key without its block, or a duplicate: let YAML report it
        if raw is None or raw == "":
            if indent is not None:
                raise _Slow
            block = target[key] = {}
            continue
        if indent is None:
            block = None
        target[key] = _value(raw)
    return result


def _value(raw: str) -> Any:
    text = raw.rstrip()
    if " #" in text:
        raise _Slow
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # as yamlsrc keeps an impossible date: text, reported by the check
    for quoted in (_DOUBLE, _SINGLE):
        match = quoted.fullmatch(text)
        if match:
            return match.group(1)
    if text.startswith(_SPECIAL_START) or text.lower() in _YAML_WORDS or _NUMBER.match(text) or ": " in text:
        raise _Slow
    return text
