"""Safe YAML with line marks and no aliases.

PyYAML's composed nodes carry the line of every key; we keep a map from key path
to line so that every problem can point at its line. Anchors and aliases are
refused: they are never needed in our files and are the road to alias bombs.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Constructor = yaml.constructor.SafeConstructor

KeyPath = tuple


class YamlSyntaxError(Exception):
    def __init__(self, line: int, detail: str):
        super().__init__(detail)
        self.line = line
        self.detail = detail


class YamlAliasError(YamlSyntaxError):
    pass


@dataclass
class YamlDoc:
    value: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)  # 1-based, relative to the YAML text
    duplicates: list[tuple[KeyPath, int]] = field(default_factory=list)

    def line(self, *path: Any) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def load(text: str) -> YamlDoc:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlSyntaxError((mark.line + 1) if mark else 1, _describe(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, str(exc)) from None
    doc = YamlDoc(None)
    if node is None:
        return doc
    doc.lines[()] = node.start_mark.line + 1
    doc.value = _Builder(doc).build(node, ())
    return doc


def _describe(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "; ".join(parts) or "无法解析"


class _Builder:
    def __init__(self, doc: YamlDoc):
        self.doc = doc
        self.seen: set[int] = set()
        self.constructor = _Constructor()

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        # An alias makes the composer reuse a node object: seeing one twice means an alias.
        if id(node) in self.seen:
            raise YamlAliasError(node.start_mark.line + 1, "alias")
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlAliasError(key_node.start_mark.line + 1, "merge")
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if isinstance(key, (dt.date, int, float, bool)) or key is None:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key)
            line = key_node.start_mark.line + 1
            if key in result:
                self.doc.duplicates.append((path + (key,), line))
            self.doc.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, TypeError, OverflowError, yaml.YAMLError):
            return node.value  # e.g. 2026-13-40: kept as text, reported as a bad date later
