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
from typing import Any

import yaml

from generator.yamlsrc import KeyPath, YamlDoc

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?:[ ]+(.*))?\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# What PyYAML's reader refuses, and what this reader never has to think about.
# Any character but \n, printable ASCII, \xa0-\ud7ff, \ue000-\ufffd and the astral planes, spelled as the
# complement's few ranges: the same matches, compiled in a sixth of the time of the negated class.
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_STR = "tag:yaml.org,2002:str"
_resolver = yaml.resolver.Resolver()


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
    if _resolver.resolve(yaml.ScalarNode, value, (True, False)) != _STR:  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
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
