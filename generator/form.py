"""The approval form (front matter) declared once: its fields, and the FM rules of reading a file.

FM: the file itself — encoding, size, place, front matter and its fields. These problems are
found while an article is read (`generator.article.parse`), so they are declared with the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import lifecycle
from generator.maps import ColumnKind
from generator.problems import ERROR, rule
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
CONSULTATION_FIELDS = {
    "opens": Field("date", True, "征求意见开始日期"),
    "closes": Field("date", True, "征求意见截止日期"),
    "feedback": Field("str", True, "公众反馈意见的方式"),
    **lifecycle.CONSULTATION_FIELDS,
}


@dataclass(frozen=True)
class Block:
    """The part of the form that the articles of one column kind carry, and no other article may."""

    key: str  # the front-matter key
    label: str
    fields: dict[str, Field]
    contents: str  # what it holds, named in the message when it is missing
    column_type: str  # the page's ColumnType when columns.yaml gives none
    published: tuple[str, ...]  # free-text fields shown on the page: screened like the body (SE)
    # What `sitegen new` writes; filled with {index_no} {issuer} {topic} {today} {closes}.
    skeleton: tuple[str, ...]


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
    "exemptions": Field("list", False, "经审核的误报豁免", hint="每项写 rule、text、reason。"),
    **lifecycle.ARTICLE_FIELDS,
}

# index_no in block style (indented) or inside a flow mapping: disclosure: {index_no: …, …}.
# A quick scan (no YAML) for the articles a partial check does not read.
INDEX_LINE = re.compile(r"(?:^\s+|[{,]\s*)index_no:\s*['\"]?([^'\"\s#,}]+)", re.MULTILINE)
