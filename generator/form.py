"""The approval form (front matter) declared once: its fields, and the FM rules of reading a file.

FM: the file itself — encoding, size, place, front matter and its fields. These problems are
found while an article is read (`generator.article.parse`), so they are declared with the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Final

from generator import lifecycle
from generator.maps import ColumnKind
from generator.problems import ERROR, Rule, Sink, rule
from generator.schema import Codes, Field

NOT_UTF8 = rule("FM001", ERROR, "文件不是 UTF-8 编码（带 BOM 的 UTF-8 和 CRLF 换行可以接受）")
TOO_LARGE = rule("FM002", ERROR, "文件超过 1 MiB")
ESCAPES = rule("FM003", ERROR, "符号链接，或路径指向 content/ 之外")
NO_FRONT_MATTER = rule("FM004", ERROR, "缺少 front matter（审批单），或没有用 --- 结束")
YAML_SYNTAX = rule("FM005", ERROR, "front matter 的 YAML 语法错误")
NOT_MAPPING = rule("FM006", ERROR, "front matter 不是“字段: 值”形式的映射")
ALIAS = rule("FM007", ERROR, "front matter 使用了 YAML 锚点或别名（可被用作“别名炸弹”）")
UNKNOWN_FIELD = rule("FM008", ERROR, "未知字段或字段拼写错误")
MISSING_FIELD = rule("FM009", ERROR, "缺少必填字段")
BAD_DATE = rule("FM010", ERROR, "日期无效（应为 YYYY-MM-DD）")
BAD_SLUG = rule("FM011", ERROR, "文件名（slug）不合规")
WRONG_TYPE = rule("FM012", ERROR, "字段的类型或取值不对")
DUPLICATE_KEY = rule("FM013", ERROR, "front matter 中字段重复")
NOT_ARTICLE = rule("FM014", ERROR, "content/ 中有既不是文章（.md）也不是附件的文件")
NAME_NOT_UTF8 = rule("FM020", ERROR, "文件名不是 UTF-8 编码")
NAME_CONTROL = rule("FM021", ERROR, "文件名含有控制字符")
NAME_NOT_URL = rule(
    "FM022", ERROR, "文件名不能成为网址：含空白或 # ? % \\ \" < > | * : ' ` ^ { } & 等字符，或以 . 开头"
)
TEXT_CONTROL = rule("FM023", ERROR, "标题、摘要等文字或正文中含有控制字符（会破坏 feed.xml 等输出）")

# One character class, scanned once: linear whatever the input.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_TITLE_BREAK = re.compile("[\t\n\r\x85\u2028\u2029]")
_NAME_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_URL_UNSAFE = frozenset(" \t#?%\\\"<>|*:'`^{}&")
# Whatever name_problem refuses, found in one scan (re's \s is str.isspace): a name without any is fine as it is,
# and a check at every build judges every attachment's name again.
_NAME_SUSPECT = re.compile(
    "[\udc80-\udcff\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff#?%\\\\\"<>|*:'`^{}&]|\\s|(?:^|/)\\."
)


def name_problem(rel: str) -> tuple[Rule, str] | None:
    """Why the path `rel` cannot be published (refused at the gate, not crashing a build), or None."""
    if _NAME_SUSPECT.search(rel) is None:
        return None
    if any("\udc80" <= c <= "\udcff" for c in rel):
        return (
            NAME_NOT_UTF8,
            "文件名不是 UTF-8 编码，网站无法为它生成地址。请在 UTF-8 环境下重新命名（例如只用汉字、字母、数字和“-”）。",
        )
    if _NAME_CONTROL.search(rel):
        return NAME_CONTROL, "文件名含有控制字符（换行、制表符等看不见的字符）。请重新命名，只用汉字、字母、数字和“-”。"
    for part in rel.split("/"):
        bad = sorted({c for c in part if c in _URL_UNSAFE or c.isspace()})
        if bad or part.startswith("."):
            shown = "、".join("空格" if c == " " else c for c in bad) or "开头的 ."
            return (
                NAME_NOT_URL,
                f"文件名含有不能用于网址的字符（{shown}）。请重新命名，只用汉字、字母、数字、“-”“_”和扩展名前的“.”。",
            )
    return None


def check_text(
    fields: dict[str, Any], body: str | None, body_line: int, line_of: Callable[..., int], sink: Sink
) -> None:
    """Control characters in any text of the form or in the body: refused, with the line."""
    stack: list[tuple[tuple[Any, ...], object]] = [((), fields)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, (list, tuple)):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
        elif isinstance(value, str):
            # A title is one line: a tab or line break in it (a YAML "\t", a | block) breaks headings and lists.
            found = _CONTROL.search(value) or (_TITLE_BREAK.search(value) if path == ("title",) else None)
            if found:
                where = ".".join(str(p) for p in path)
                sink.add(
                    TEXT_CONTROL,
                    line_of(*path),
                    f"字段 {where} 中含有控制字符 U+{ord(found.group(0)):04X}（看不见，但会使 feed.xml 等文件无效）。请删除它后重新保存。",
                )
    if body:
        found = _CONTROL.search(body)
        if found:
            sink.add(
                TEXT_CONTROL,
                body_line + body.count("\n", 0, found.start()),
                f"正文中含有控制字符 U+{ord(found.group(0)):04X}（看不见，但会使 feed.xml 等文件无效）。请删除它后重新保存。",
            )


CODES = Codes(UNKNOWN_FIELD, MISSING_FIELD, WRONG_TYPE, BAD_DATE, WRONG_TYPE)

APPROVAL_FIELDS = {
    "submitted_by": Field("str", True, "报送人（本单位网站联络员）"),
    "submitted": Field("date", True, "报送日期"),
    "reviewed_by": Field("str", False, "本单位领导审核人"),
    "reviewed": Field("date", False, "审核日期"),
    "approved_by": Field("str", False, "审批人"),
    "approved": Field("date", False, "审批日期"),
    "secrecy": Field("str", True, "保密审查结论", hint="经保密审查可以公开的，填写 公开。"),
}
DISCLOSURE_FIELDS = {
    "index_no": Field("str", True, "索引号", hint="例如 000014349/2026-00123。"),
    "doc_no": Field("str", False, "文号"),
    "issuer": Field("str", True, "发布机构"),
    "topic": Field("str", True, "主题分类"),
    "written": Field("date", True, "成文日期"),
    "validity": Field("str", True, "有效性"),
    **lifecycle.DISCLOSURE_FIELDS,
}
DATA_FIELDS = {
    "file": Field(
        "str",
        True,
        "数据文件名",
        pattern=r"[a-z0-9][a-z0-9-]*\.csv",
        hint="写附件文件夹中 CSV 文件的名字，只用小写字母、数字和“-”，例如 rates-2026.csv。",
    ),
    "sha256": Field(
        "str", True, "数据文件的 SHA-256", pattern=r"[0-9a-f]{64}", hint="64 位十六进制数字（sha256sum 的结果）。"
    ),
    "sample": Field("str", False, "是否为示例数据", choices=("是", "否")),
}
CONSULTATION_FIELDS = {
    "opens": Field("date", True, "征求意见开始日期"),
    "closes": Field("date", True, "征求意见截止日期"),
    "feedback": Field("str", True, "公众反馈意见的方式"),
    **lifecycle.CONSULTATION_FIELDS,
}


class Block:
    """The part of the form that the articles of one column kind carry, and no other article may.

    A plain class, read-only by its Final attributes (a frozen dataclass costs about a millisecond to
    create, at every start of the pre-commit hook).
    """

    __slots__ = ("column_type", "contents", "fields", "key", "label", "published", "skeleton")

    def __init__(
        self,
        key: str,  # the front-matter key
        label: str,
        fields: dict[str, Field],
        contents: str,  # what it holds, named in the message when it is missing
        column_type: str,  # the page's ColumnType when columns.yaml gives none
        published: tuple[str, ...],  # free-text fields shown on the page: screened like the body (SE)
        # What `sitegen new` writes; filled with {index_no} {issuer} {topic} {today} {closes}.
        skeleton: tuple[str, ...],
    ) -> None:
        self.key: Final = key
        self.label: Final = label
        self.fields: Final = fields
        self.contents: Final = contents
        self.column_type: Final = column_type
        self.published: Final = published
        self.skeleton: Final = skeleton


# Every column kind, declared once: maps.ColumnKind names the same keys (a test holds them equal).
COLUMN_KINDS: dict[ColumnKind, Block | None] = {
    "article": None,
    "disclosure": Block(
        "disclosure",
        "政府信息公开",
        DISCLOSURE_FIELDS,
        "索引号、文号、发布机构、主题分类、成文日期、有效性",
        "信息公开",
        ("issuer", "topic", "doc_no"),
        (
            "disclosure:          # 政府信息公开",
            "  index_no: {index_no}          # 索引号（全站唯一）",
            "  # doc_no: 税总发〔2026〕1号          # 文号（如有），年份用六角括号〔〕",
            "  issuer: {issuer}          # 发布机构",
            "  topic: {topic}          # 主题分类",
            "  written: {today}          # 成文日期",
            "  validity: 有效          # 有效性：有效、部分失效、失效、废止",
        ),
    ),
    "consultation": Block(
        "consultation",
        "征求意见",
        CONSULTATION_FIELDS,
        "opens、closes、feedback",
        "互动交流",
        ("feedback",),
        (
            "consultation:          # 征求意见",
            "  opens: {today}          # 开始日期",
            "  closes: {closes}          # 截止日期（一般不少于 30 日）",
            "  feedback:          # 必填：公众如何反馈意见，例如 电子邮件 zqyj@example.gov.cn",
        ),
    ),
}
BLOCKS = tuple(block for block in COLUMN_KINDS.values() if block is not None)

ARTICLE_FIELDS = {
    "title": Field("str", True, "标题"),
    "date": Field("date", True, "发布日期"),
    "unit": Field("str", True, "报送单位"),
    "summary": Field("str", False, "摘要"),
    "approval": Field("map", True, "网站信息发布审批单"),
    **{block.key: Field("map", False, block.label) for block in BLOCKS},
    "data": Field("map", False, "数据文件（数据栏目）"),
    "exemptions": Field("list", False, "经审核的误报豁免", hint="每项写 rule、text、reason。"),
    **lifecycle.ARTICLE_FIELDS,
}

# index_no in block style (indented) or inside a flow mapping: disclosure: {index_no: …, …}.
# A quick scan (no YAML) for the articles a partial check does not read.
INDEX_LINE = re.compile(r"(?:^\s+|[{,]\s*)index_no:\s*['\"]?([^'\"\s#,}]+)", re.MULTILINE)

_INDEX_KEY = "index_no:"
_INDEX_VALUE = re.compile(r"\s*['\"]?([^'\"\s#,}]+)")


def index_lines(text: str) -> Iterator[tuple[int, str]]:
    """(start, 索引号) of every match of INDEX_LINE in `text`, as `INDEX_LINE.finditer` gives them.

    The same matches, found from the literal key: the pattern opens with an alternation, so the regex
    engine tries it at every character, which costs most of a scan of thousands of disclosure articles.
    """
    end = 0  # where finditer would resume
    find = text.find
    at = find(_INDEX_KEY, end)
    while at >= 0:
        start = _index_start(text, at, end)
        value = _INDEX_VALUE.match(text, at + len(_INDEX_KEY)) if start is not None else None
        if start is not None and value is not None:
            yield start, value.group(1)
            end = value.end()
        at = find(_INDEX_KEY, max(at + 1, end))


def _index_start(text: str, at: int, end: int) -> int | None:
    """The leftmost start (not before `end`) of `(?:^\\s+|[{,]\\s*)` ending at `at`, or None."""
    space = at
    while space > end and text[space - 1].isspace():  # str.isspace is re's \s
        space -= 1
    if space > end and text[space - 1] in "{,":
        return space - 1  # `[{,]\s*`
    if space == at:
        return None  # `^\s+` needs at least one space
    if space == 0:
        return 0
    if text[space - 1] == "\n":  # reached `end` on a line start (a run stopped at `end`)
        return space
    newline = text.find("\n", space, at - 1)
    return newline + 1 if newline >= 0 else None
