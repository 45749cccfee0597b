"""Safe YAML with line marks and no aliases.

PyYAML's composed nodes carry the line of every key; we keep a map from key path
to line so that every problem can point at its line. Anchors and aliases are
refused: they are never needed in our files and are the road to alias bombs.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

# PyYAML is imported where it is used: a plain form (nearly every article) is read by yamlflat
# without it, and the pre-commit hook saves its import.

KeyPath = tuple[Any, ...]


class YamlSyntaxError(Exception):
    def __init__(self, line: int, detail: str):
        super().__init__(detail)
        self.line = line
        self.detail = detail


class YamlAliasError(YamlSyntaxError):
    pass


class YamlDoc:
    """A YAML document's value with the line of every key path (and of keys given twice).

    A plain class (a dataclass costs about a millisecond to create, at every start of the pre-commit hook).
    """

    __slots__ = ("duplicates", "lines", "value")

    def __init__(self, value: Any) -> None:
        self.value = value
        self.lines: dict[KeyPath, int] = {}  # 1-based, relative to the YAML text
        self.duplicates: list[tuple[KeyPath, int]] = []

    def line(self, *path: Any) -> int:
        return line_of(self.lines, path)


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int:
    """The line of `path`, or of its nearest ancestor that has one (1 when none has)."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), 1)


class YamlTypingError(YamlSyntaxError):
    """A mistake a Chinese input method makes (full-width colon, space, quotes; a tab): `detail` says how to fix it."""


def load(text: str) -> YamlDoc:
    """`text` read as YAML with line marks: the fast reader for a plain form, PyYAML for anything else."""
    from generator import yamlflat  # imported here: it builds on this module's YamlDoc

    if _ODD_SPACE.search(text):  # rare: only then look line by line (`key:　value` may even parse, as text)
        hint = odd_space_hint(text)
        if hint is not None:
            raise YamlTypingError(*hint)
    return yamlflat.load(text) or load_composed(text)


def load_composed(text: str) -> YamlDoc:
    """PyYAML's composed nodes: every YAML there is, with its line marks."""
    import yaml

    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = _where(exc)
        line = (mark.line + 1) if mark else 1
        hint = typing_hint(text, line)
        if hint is not None:
            raise YamlTypingError(*hint) from None
        error = YamlAliasError if "alias" in (exc.problem or "") else YamlSyntaxError
        raise error(line, _describe(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, str(exc)) from None
    doc = YamlDoc(None)
    if node is None:
        return doc
    doc.lines[()] = node.start_mark.line + 1
    doc.value = _Builder(doc).build(node, ())
    return doc


# ---- what Chinese input methods do to YAML ------------------------------------------------------

_KEY = r"[ \u3000]*(?:- )?[A-Za-z_][A-Za-z0-9_.-]*"
_FULL_COLON = re.compile(rf"^{_KEY}[ \u3000]*：")
_TAB = re.compile(rf"^[ \u3000]*\t|^{_KEY}:[ ]*\t")
_NO_SPACE = re.compile(rf"^{_KEY}:(?=[^\s/])")
_FULL_SPACE = re.compile(r"^ *\u3000")
# Full-width marks that an input method puts around or into a field name.
FULL_WIDTH_MARKS = "“”‘’「」『』【】〔〕（）《》＂＇［］｛｝"


# Unicode spaces other than the ASCII one (category Zs): YAML takes none of them for a separator.
ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_ODD_SPACE = re.compile(f"[{ODD_SPACES}]")
_ODD_AROUND_COLON = re.compile(
    rf"^[ \u3000]*(?:-[ ]+)?(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)(?:(?P<before>[{ODD_SPACES}]+):|:(?P<after>[{ODD_SPACES}]))"
)
_ODD_AFTER_DASH = re.compile(rf"^[ \u3000]*-(?P<after>[{ODD_SPACES}])")


def space_name(ch: str) -> str:
    """A user's word for an unusual space, with its code point."""
    if ch == "\u3000":
        return "全角空格（中文输入法的空格）"
    if ch in "\u00a0\u202f":
        return f"不换行空格（U+{ord(ch):04X}，常从网页或 Word 复制而来）"
    return f"特殊空格（U+{ord(ch):04X}）"


def odd_space_hint(text: str) -> tuple[int, str] | None:
    """The first line where an unusual space stands next to a field name's colon or a list item's dash."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not _ODD_SPACE.search(line):
            continue
        found = _ODD_AROUND_COLON.match(line)
        if found and found["after"]:
            key = found["key"]
            return number, (
                f"“{key}:”后面是{space_name(found['after'])}，不是普通空格：YAML 不认它，"
                f"请把它换成一个英文空格（半角空格），写成“{key}: 值”"
            )
        if found and found["before"]:
            key = found["key"]
            return number, (
                f"字段名“{key}”和冒号之间有{space_name(found['before'][0])}：请删掉它，"
                f"写成“{key}: 值”（冒号后面是一个英文空格）"
            )
        dash = _ODD_AFTER_DASH.match(line)
        if dash:
            return number, (
                f"列表项的“-”后面是{space_name(dash['after'])}，不是普通空格：请把它换成一个英文空格（半角空格），"
                "写成“- 值”"
            )
    return None


def typing_hint(text: str, error_line: int) -> tuple[int, str] | None:
    """The first input-method mistake at or before the line where the parser gave up, with its fix."""
    for number, line in enumerate(text.split("\n")[:error_line], start=1):
        if _FULL_COLON.match(line):
            return number, "字段名后面用了中文冒号“：”：请改成英文冒号加一个空格“: ”（切换到英文输入法输入）"
        if _TAB.match(line):
            return number, "这一行用了 Tab 键：YAML 只能用空格缩进和分隔，请把 Tab 换成空格（缩进用两个空格）"
        if _FULL_SPACE.match(line):
            return number, "这一行用全角空格（中文输入法的空格）缩进：请删掉它们，改用英文空格（缩进用两个空格）"
        if _NO_SPACE.match(line):
            key = line.split(":", 1)[0].strip()
            return number, f"“{key}:”后面缺少空格：英文冒号和值之间要有一个空格，例如“{key}: 值”"
    return None


def _key_hint(key: str) -> str | None:
    """What is wrong with a field name that an input method mangled; None: an ordinary name."""
    if "\u3000" in key:
        return f"字段名“{key}”中有全角空格（中文输入法的空格）：请删掉它们，缩进只用英文空格"
    marks = [ch for ch in key if ch in FULL_WIDTH_MARKS]
    if marks:
        bare = "".join(ch for ch in key if ch not in FULL_WIDTH_MARKS)
        return f"字段名“{key}”中有中文引号或括号（{''.join(marks)}）：字段名不加引号或括号，请写成“{bare}: 值”"
    return None


# Errors whose cause is where the construct began (an unclosed quote or bracket, a key
# without its colon), not where the parser gave up (often the end of the text).
_STARTED_AT_CONTEXT = ("while scanning a quoted scalar", "while parsing a flow", "while scanning a simple key")

# PyYAML's English problems, said in Chinese: what is wrong and how to fix it.
_PROBLEMS = (
    ("found unexpected end of stream", "引号没有成对：这一行开始的引号没有闭合"),
    ("did not find expected ',' or ']'", "方括号 [ ] 没有成对，或列表的各项之间缺少英文逗号"),
    ("did not find expected ',' or '}'", "花括号 { } 没有成对，或各项之间缺少英文逗号"),
    ("mapping values are not allowed", "此处不能出现“: ”：可能是缩进不对，或值里含有冒号（请给整个值加上引号）"),
    ("could not find expected ':'", "这一行缺少“: ”：字段名和值之间要用英文冒号加空格分开"),
    ("tab character", "不能用 Tab 缩进，请改用空格"),
    ("cannot start any token", "值不能以 @、`、% 等字符开头，请给整个值加上引号"),
    ("did not find expected key", "缩进不对，或在“字段: 值”之间混入了列表项（- ）"),
    ("expected <block end>", "缩进没有对齐"),
    ("did not find expected '-' indicator", "列表项（- ）的缩进没有对齐"),
    ("found undefined alias", "使用了未定义的别名（*）"),
    ("duplicate anchor", "锚点（&）重复"),
    ("expected <document start>", "这一行之前的内容不是“字段: 值”的形式：请检查上面几行的冒号后面是否各有一个英文空格"),
)


def _where(exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    if exc.context_mark and (exc.context or "").startswith(_STARTED_AT_CONTEXT):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    for english, chinese in _PROBLEMS:
        if english in problem:
            return chinese
    original = "; ".join(p for p in (exc.context, exc.problem) if p)
    return f"无法解析（{original}）" if original else "无法解析"


class _Builder:
    def __init__(self, doc: YamlDoc):
        self.doc = doc
        self.seen: set[int] = set()
        import yaml

        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        import yaml

        # An alias makes the composer reuse a node object: seeing one twice means an alias.
        if id(node) in self.seen:  # reported where the alias is used, not where the anchor is
            raise YamlAliasError(self.doc.line(*path), "alias")
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self._item(item, path + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node)

    def _item(self, node: yaml.Node, path: KeyPath) -> Any:
        if id(node) not in self.seen:  # an alias's node carries its anchor's line, not its own
            self.doc.lines.setdefault(path, node.start_mark.line + 1)  # a list item's own line
        return self.build(node, path)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[Any, Any]:
        import yaml

        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlAliasError(key_node.start_mark.line + 1, "merge")
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if isinstance(key, (dt.date, int, float, bool)) or key is None:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key)
            line = key_node.start_mark.line + 1
            hint = _key_hint(key) if isinstance(key, str) else None
            if hint is not None:
                raise YamlTypingError(line, hint)
            if key in result:
                self.doc.duplicates.append((path + (key,), line))
            self.doc.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        import yaml

        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, TypeError, OverflowError, yaml.YAMLError):
            return node.value  # e.g. 2026-13-40: kept as text, reported as a bad date later
