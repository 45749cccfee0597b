"""A fast reader for the plain YAML of an approval form; anything else is left to PyYAML.

Nearly every front matter is a block mapping of `key: value` lines, some keys holding
one more level of such lines (approval, disclosure, consultation), with plain, quoted
or date values and comments. Composing that with PyYAML's nodes costs more than all
other checking of an article together, so `load` reads exactly this shape and returns
None for anything outside it (lists, flow collections, deeper nesting, escapes,
multi-line values, anchors, tags, any value PyYAML would not read as a string or a
date). yamlsrc.load then takes the PyYAML road. Whenever it returns a YamlDoc, that
document equals PyYAML's (value, key lines, duplicates): tests prove it on every
front matter of the corpus and on a catalogue of unusual inputs.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from generator.yamlsrc import KeyPath, YamlDoc

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?:[ ]+(.*))?\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# What PyYAML's reader refuses, and what this reader never has to think about.
# Any character but \n, printable ASCII, \xa0-\ud7ff, \ue000-\ufffd and the astral planes, spelled as the
# complement's few ranges: the same matches, compiled in a sixth of the time of the negated class.
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_STR = "tag:yaml.org,2002:str"
# PyYAML's implicit resolvers (yaml/resolver.py), copied so that a plain form is read without
# importing PyYAML (the pre-commit hook's start-up): the tag a plain scalar gets is that of the first
# pattern, among those listed for its first character, that matches it. tests/check/test_yamlflat.py
# proves the table is PyYAML's own.
IMPLICIT_PATTERNS = {
    "tag:yaml.org,2002:bool": r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""",
    "tag:yaml.org,2002:float": r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
    "tag:yaml.org,2002:int": r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    "tag:yaml.org,2002:merge": r"^(?:<<)$",
    "tag:yaml.org,2002:null": r"""^(?: ~
                    |null|Null|NULL
                    | )$""",
    "tag:yaml.org,2002:timestamp": r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    "tag:yaml.org,2002:value": r"^(?:=)$",
    "tag:yaml.org,2002:yaml": r"^(?:!|&|\*)$",
}
VERBOSE_TAGS = frozenset(IMPLICIT_PATTERNS) - {
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
    "tag:yaml.org,2002:yaml",
}
# First character -> the tags tried, in PyYAML's order.
IMPLICIT_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _tag, _firsts in (
    ("tag:yaml.org,2002:bool", "yYnNtTfFoO"),
    ("tag:yaml.org,2002:float", "-+0123456789."),
    ("tag:yaml.org,2002:int", "-+0123456789"),
    ("tag:yaml.org,2002:merge", "<"),
    ("tag:yaml.org,2002:null", ("~", "n", "N", "")),
    ("tag:yaml.org,2002:timestamp", "0123456789"),
    ("tag:yaml.org,2002:value", "="),
    ("tag:yaml.org,2002:yaml", "!&*"),
):
    for _first in _firsts:
        IMPLICIT_BY_FIRST[_first] = (*IMPLICIT_BY_FIRST.get(_first, ()), _tag)


@cache
def implicit_regex(tag: str) -> re.Pattern[str]:
    """Compiled on first use: most forms need only the bool and null patterns, or none."""
    return re.compile(IMPLICIT_PATTERNS[tag], re.VERBOSE if tag in VERBOSE_TAGS else 0)


def implicit_tag(value: str) -> str:
    """The tag PyYAML's resolver gives the plain scalar `value` (yaml.resolver.Resolver.resolve)."""
    for tag in IMPLICIT_BY_FIRST.get(value[:1], ()):
        if implicit_regex(tag).match(value):
            return tag
    return _STR


def load(text: str) -> YamlDoc | None:
    if _UNUSUAL.search(text):
        return None
    doc = YamlDoc(None)
    root: dict[str, Any] = {}
    parent: str | None = None  # the top-level key whose nested lines may follow
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        match = _KEY.match(stripped)
        if match is None or indent not in (0, 2) or (indent == 2 and parent is None):
            return None
        key, raw = match.group(1), match.group(2)
        if raw is not None and not raw.strip(" "):
            raw = None
        value = _scalar(raw) if raw is not None else None
        if value is _NOT_SIMPLE:
            return None
        if indent == 0:
            if not root:
                doc.lines[()] = number
            parent = key if raw is None or raw.startswith("#") else None
            _put(doc, root, (key,), value, number)
        else:
            assert parent is not None
            block = root[parent]
            if block is None:
                block = root[parent] = {}
            _put(doc, block, (parent, key), value, number)
    if not root:
        return None if doc.lines else YamlDoc(None)
    doc.value = root
    return doc


def _put(doc: YamlDoc, into: dict[str, Any], path: KeyPath, value: Any, line: int) -> None:
    if path[-1] in into:
        doc.duplicates.append((path, line))
    doc.lines[path] = line
    into[path[-1]] = value


_NOT_SIMPLE = object()


def _scalar(raw: str) -> Any:
    """The value of a one-line scalar, or _NOT_SIMPLE when PyYAML must decide."""
    if raw.startswith("#"):
        return None  # only a comment: an empty value
    if raw.startswith('"'):
        return _quoted(raw, '"')
    if raw.startswith("'"):
        return _quoted(raw, "'")
    if raw[0] in _PLAIN_START:
        return _NOT_SIMPLE
    cut = raw.find(" #")
    value = (raw if cut < 0 else raw[:cut]).rstrip(" ")
    if ": " in value or value.endswith(":") or "\t" in value:
        return _NOT_SIMPLE
    if _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return _NOT_SIMPLE
    if implicit_tag(value) != _STR:
        return _NOT_SIMPLE
    return value


def _quoted(raw: str, quote: str) -> Any:
    end = raw.find(quote, 1)
    if end < 0 or "\\" in raw[:end]:
        return _NOT_SIMPLE
    rest = raw[end + 1 :].lstrip(" ")
    if rest and not (rest.startswith("#") and raw[end + 1 : end + 2] == " "):
        return _NOT_SIMPLE
    return raw[1:end]
