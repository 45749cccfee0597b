"""Classification marks in every form a mark takes on a page (第十八条; review s7 of the mark scan).

A mark on a government document (GB/T 9704: 密级和保密期限 at the top left, 秘密★1年, 机密★长期; the
内部资料 notices) is a mark because of how it stands: at the head of a line, a table cell, an element or
an attribute's value, behind any decoration (bullets, stars, list heads, quotes, dashes, tags), alone or
with a short tail. The same words inside a sentence are not marks. Each class of review s7's misses has its
positives (each one missed before), the plain form as a control, and prose that must stay clean.
"""

from __future__ import annotations

import pytest
from checkkit import article, line_of

from generator import sescan
from generator.site.screen import page_text
from generator.textfold import fold


def marks(text: str) -> list[str]:
    return [f.text for f in sescan.scan(text) if f.code == sescan.CLASSIFIED]


BULLETS = ["• ", "● ", "◆", "■ ", "▲", "◇ ", "○ ", "□ ", "► ", "※ ", "▪ ", "→ ", "📌 ", "✔ ", "・", "◎ ", "▶ "]
BULLETS += ["◉ ", "❖ ", "➤ ", "☞ ", "⚠ ", "🔒 ", "〇 ", "▸", "◦ ", "⁃ "]
STARS = ["＊ ", "☆", "✱ ", "★ ", "⭐ ", "* "]  # textfold folds the first five to ★; * is a Markdown bullet
LIST_HEADS = [
    "一、",
    "十二、",
    "（一）",
    "(三) ",
    "(1) ",
    "1. ",
    "12、",
    "A、",
    "a) ",
    "Ⅰ.",
    "Ⅳ、",
    "① ",
    "⑴ ",
    "- [ ] ",
    "- [x] ",
    "* [X] ",
    "1) ",
    "壹、",
    "甲、",
    "A1. ",
    "(a) ",
    "㈠",
    "❶ ",
    "⒈",
    "一．",
    "貳、",  # traditional numerals (review s8, miss 4)
    "陸、",
    "参、",
]
WRAPPED = [
    ("“", "”"),
    ("「", "」"),
    ("《", "》"),
    ("‘", "’"),
    ('"', '"'),
    ("——", "——"),
    ("—— ", ""),
    ("`", "`"),
    ("〈", "〉"),
    ("<p>", "</p>"),
    ("<td>", "</td>"),
    ("<TD>", "</TD>"),
    ('<div class="note">', "</div>"),
    ("<h2>", "</h2>"),
    ("<li><strong>", "</strong></li>"),
    ("<span>", "</span>"),
    ('<img src="a.png" alt="', '">'),
    ('<img alt="', '" src="https://www.example.gov.cn/images/a-long-file-name.png">'),
    ("<a title='", "' href='/a.html'>附件</a>"),
    ("<img alt=", ">"),
    ('<img alt = "', '">'),
    ("<!-- ", " -->"),
]
WORDS = ["内部资料", "内部文件", "注意保密", "严禁外传", "秘密", "机密", "绝密"]


@pytest.mark.parametrize("head", BULLETS + STARS)
@pytest.mark.parametrize("word", ["内部资料", "机密"])
def test_a_mark_behind_a_bullet_or_a_star_is_found(head, word):
    assert marks(f"正文。\n{head}{word}\n正文。") == [word]


@pytest.mark.parametrize("head", LIST_HEADS)
@pytest.mark.parametrize("word", ["内部资料", "秘密", "内部文件"])
def test_a_mark_behind_a_list_head_is_found(head, word):
    assert marks(f"{head}{word}") == [word]


@pytest.mark.parametrize(
    "text",
    [
        "三、注意保密",
        "（五）注意保密。",
        "四、严禁外传。",
        "（三）严禁外传、复制涉密资料",
        "1、注意保密",
        "A. 注意保密",
    ],
)
def test_a_notice_behind_a_numbered_list_head_heads_an_item_of_a_rule_text(text):
    """Review s8 (P1): 三、注意保密 is a section of a rule text about confidentiality, not a stamp."""
    assert marks(text) == []


@pytest.mark.parametrize(
    "text", ["注意保密", "■ 注意保密", "——注意保密——", "• 严禁外传", "【注意保密】", "一、内部资料", "（五）秘密"]
)
def test_control_a_notice_behind_decoration_and_a_document_mark_behind_a_list_head_are_found(text):
    assert len(marks(text)) == 1


def test_a_notice_with_a_sentence_after_it_is_a_slogan():
    assert marks("注意保密，从我做起") == []
    assert marks("严禁外传，违者追究责任") == []
    assert marks("注意保密！") == ["注意保密"]  # control
    assert marks("注意保密 请勿外传") == ["注意保密"]


@pytest.mark.parametrize(
    "text",
    [
        "内部资料注意保密",
        "内部资料严禁外传",
        "内部资料请勿外传",
        "内部资料不得外传",
        "内部资料妥善保管",
        "内部资料仅供参考",
    ],
)
def test_a_mark_with_its_notice_written_together_is_found(text):
    """Review s8 (miss 1): the notice right after the mark, without a gap, is its companion."""
    assert marks(text) == ["内部资料"]
    assert marks(f"正文\n• {text}\n正文") == ["内部资料"]


def test_control_a_mark_running_on_into_other_words_is_not_found():
    assert marks("内部资料注意事项") == []
    assert marks("内部资料妥善保管的规定如下：") == []


LEVEL_TABLES = [
    "| 密级 | 保密期限 |\n|---|---|\n| 绝密 | 不超过30年 |\n| 机密 | 不超过20年 |\n| 秘密 | 不超过10年 |",
    "| 文件名称 | 原密级 | 解密日期 |\n|---|---|---|\n| 关于XX工作的通知 | 秘密 | 2025-01-01 |",
    "| 序号 | 事项 | 保密等级 |\n| :-: | --- | :-- |\n| 1 | 密钥 | 机密 |\n| 2 | 方案 | 秘密 |",
    "说明：\n\n密级 | 期限\n--- | ---\n绝密 | 30年\n",
]


@pytest.mark.parametrize("text", LEVEL_TABLES)
def test_a_level_in_a_column_headed_by_a_level_is_data(text):
    """Review s8 (P2): a 保密期限 table and a list of declassified documents hold levels as data."""
    assert marks(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "| 名称 | 说明 |\n|---|---|\n| 本表 | 秘密 |",  # a column about something else
        "| 密级 | 秘密 |",  # no header row: the label and its level
        "| 密级 | 期限 |\n|---|---|\n| 秘密★一年 | 十年 |",  # a starred mark is a mark in any cell
        "| 密级 | 期限 |\n|---|---|\n| 内部资料 | 十年 |",  # not a level
        "| 密级 |\n|---|\n| 机密 |\n\n| 名称 |\n|---|\n| 秘密 |",  # the next table has its own header
        "| 密级 |\n|---|\n\n秘密\n",  # a line after the table
    ],
)
def test_control_a_level_in_a_table_is_found_outside_such_a_column(text):
    assert len(marks(text)) == 1


@pytest.mark.parametrize(
    "text",
    ["增值税防伪税控系统密钥的密级为机密。", "涉密载体的密级：秘密", "该系统的密级是机密。", "国家秘密的密级为绝密。"],
)
def test_a_label_after_de_states_the_level_of_something_else(text):
    """Review s8 (P3): 的密级为 after a noun phrase is a 保密事项范围-style rule, not this document's mark."""
    assert marks(text) == []


@pytest.mark.parametrize("text", ["本文件的密级为秘密。", "此件的密级：机密", "本通知密级为秘密。", "密级为秘密"])
def test_control_a_label_naming_this_document_is_a_mark(text):
    assert len(marks(text)) == 1


@pytest.mark.parametrize("text", ["（密级：秘密、机密、绝密）", "密级：秘密/机密", "密级分为：秘密、机密、绝密"])
def test_a_label_before_a_list_of_levels_is_a_rule_about_marks(text):
    assert marks(text) == []


@pytest.mark.parametrize("text", ["密级：秘密，保密期限一年", "密级：秘密", "密级：㊙", "密级：秘密 一年"])
def test_control_a_label_before_one_level_is_a_mark(text):
    assert len(marks(text)) == 1


@pytest.mark.parametrize(("before", "after"), WRAPPED)
@pytest.mark.parametrize("word", WORDS)
def test_a_mark_in_quotes_dashes_code_or_html_is_found(before, after, word):
    assert marks(f"正文。\n{before}{word}{after}\n") == [word]


@pytest.mark.parametrize(
    "text",
    [
        "正文<br>内部资料",
        "正文<br/>机密",
        "正文</p><p>注意保密</p>",
        "<tr><td>名称</td><td>内部资料</td></tr>",
        "<blockquote>> 内部资料</blockquote>",
    ],
)
def test_a_mark_opening_an_element_after_other_text_is_found(text):
    assert len(marks(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "| 名称 | 内部资料 |",
        "| 名称 | 说明 |\n|---|---|\n| 本表 | 内部资料 |",
        "| 1 | 秘密 | 一年 |",
        "| 名称 | 内部资料 | 这是一段很长很长很长很长很长很长的说明文字 |",
        "| 名称 | • 注意保密 |",
    ],
)
def test_a_mark_heading_a_table_cell_that_is_not_the_first_is_found(text):
    assert len(marks(text)) == 1


@pytest.mark.parametrize("brk", ["\r", "\r\n", "\u2028", "\u2029", "\n"])
@pytest.mark.parametrize("word", ["内部资料", "秘密"])
def test_a_mark_after_any_line_break_is_found(brk, word):
    """\\r ends a line in Markdown (and an HTML parser reads it as \\n); U+2028/U+2029 are Unicode's line and
    paragraph separators, which textfold keeps and a browser lays out as it does \\n."""
    assert marks(f"正文正文正文{brk}{word}{brk}正文") == [word]


@pytest.mark.parametrize("control", ["\v", "\f", "\x85", "\x1c", "\x1e"])
def test_a_control_character_is_no_line_break_and_joins_what_it_separates(control):
    """textfold deletes the C0/C1 controls (Chromium draws them inside the line, Markdown keeps them in its
    paragraph, DOCX and XLSX cannot hold \\v or \\f): 正文\\v内部资料 is 正文内部资料, a sentence, and the same
    control inside a mark does not hide it."""
    assert marks(f"严禁将{control}内部资料上传") == []
    assert marks(f"机{control}密★1年") == ["机密★"]
    assert marks(f"{control}内部资料{control}") == ["内部资料"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("秘密：★一年", "秘密:★"),
        ("秘密（★一年）", "秘密(★"),
        ("秘密 (★五年)", "秘密 (★"),
        ("秘密-★一年", "秘密-★"),
        ("秘密—★一年", "秘密-★"),
        ("机密·★", "机密·★"),
        ("绝密【★长期】", "绝密【★"),
        ("机密 : ★10年", "机密 : ★"),
        ("本件为秘密：★一年，请妥善保管", "秘密:★"),
        ("机密*1年", "机密*"),
        ("**机密** * 长期", "机密** *"),
        ("秘密“★一年”", "秘密“★"),
        ("秘密/★一年", "秘密/★"),
    ],
)
def test_a_star_after_punctuation_is_still_a_starred_mark(text, found):
    assert marks(text) == [found]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("密级为秘密", "密级为秘密"),
        ("密级—秘密", "密级-秘密"),
        ("密级=机密", "密级=机密"),
        ("密级是机密", "密级是机密"),
        ("密级：秘 密", "密级:秘 密"),
        ("密级 — 绝密", "密级 - 绝密"),
        ("【密级】秘密", "密级】秘密"),
        ("本文件密级为秘密，保密期限一年。", "密级为秘密"),
        ("密级为秘密级。", "密级为秘密级"),
        ("密级为机密 长期", "密级为机密"),
        ("密级：㊙", "密级:秘"),
        ("密级（秘密）", "密级(秘密)"),
        ("密级 (机密级)", "密级 (机密级)"),
        ("保密等级：秘密", "保密等级:秘密"),
        ("涉密等级—机密", "涉密等级-机密"),
        ("密级：内部", "密级:内部"),
        ("【密级】内部", "密级】内部"),
        ("密级定为秘密。", "密级定为秘密"),
        ("密级属于机密", "密级属于机密"),
    ],
)
def test_a_label_without_a_colon_is_still_a_labelled_mark(text, found):
    assert marks(text) == [found]


@pytest.mark.parametrize(
    "text", ["㊙", "正文\n㊙\n正文", "㊙ 一年", "㊙（一年）", "• ㊙ 长期", "秘密 一年", "机密 10年"]
)
def test_the_seal_or_a_level_alone_or_with_a_term_is_a_mark(text):
    assert len(marks(text)) == 1


@pytest.mark.parametrize(
    "text", ["内部资料", "\n内部资料\n", "## 内部资料", "秘密★1年", "机密★长期", "密级：机密", "秘密", "㊙★五年"]
)
def test_control_the_plain_forms_are_refused_too(text):
    assert len(marks(text)) == 1


PROSE = [
    "对涉及国家秘密的信息，应当依法进行保密审查。",
    "保守秘密是每个公民的义务。",
    "一、保密要求",
    "二、内部控制",
    "（一）内部资料的管理办法",
    "1. 内部文件的归档应当及时。",
    "A、内部资料性出版物管理办法",
    "• 内部控制制度",
    "一、秘密文件的管理",
    "“内部资料”是指由内部编印、供内部使用、不公开发行的各类资料。",
    "《内部资料性出版物管理办法》第五条规定",
    "依据《内部资料性出版物管理办法》办理。",
    "确定密级为秘密的事项，应当同时确定保密期限。",
    "密级为秘密、机密的文件不得上网。",
    "密级是国家秘密的等级。",
    "**国家秘密**是指关系国家安全和利益的事项。",
    "涉及国家秘密*的内容不得上网。",
    "商业秘密：包括技术信息和经营信息。",
    "揭秘：★★★★★",
    "服务评价：★★★★★",
    "秘书处\n",
    "| 事项 | 说明 |\n|---|---|\n| 保密 | 严禁将内部资料上传互联网 |",
    "| 名称 | 内部资料的管理办法 |",
    "<p>严禁将内部资料上传互联网</p>",
    "严禁将<em>内部资料</em>上传互联网。",
    "<h2>内部资料<em>管理</em>办法</h2>",
    '<img alt="内部资料管理办法示意图" src="a.png">',
    "——严禁将内部资料上传互联网——",
    "- [x] 内部控制自查",
    "第十八条 网站发布信息要严格执行国家《保密法》，凡国家秘密、涉及国家秘密内容的相关资料及文件不得上网。",
    "确定密级（绝密、机密、秘密）和保密期限。",
    "纳税信用等级：A级",
    "保密等级的确定应当依法进行。",
    "密级属于国家秘密的基本属性。",
    "本项目涉及商业秘密”★★★★★",
    "甲、乙双方应当保守内部资料的秘密。",
    "x = 内部资料的数量",
]


@pytest.mark.parametrize("text", PROSE)
def test_control_the_same_words_in_prose_are_not_marks(text):
    assert marks(text) == []


def test_the_final_screen_reads_marks_in_cells_and_attributes_of_a_page():
    """The build's screen reads a page's text and attribute values through the same scan."""
    page = (
        "<table><tr><th>名称</th><th>说明</th></tr><tr><td>本表</td><td>• 内部资料</td></tr></table>"
        '<p>正文<img src="a.png" alt="“机密”"></p>'
    )
    text = fold(page_text(page))
    assert [f.text for f in sescan.scan(text, folded=text)] == ["内部资料", "机密"]


def test_a_crafted_text_of_heads_and_decoration_is_scanned_in_linear_time():
    """Heads everywhere (| > and attribute quotes) and long decoration: every head's decoration is read once.
    (Correctness only: the time is measured in benchmarks/secrecy.py.)"""
    for piece in ("|", "> ", 'a="', "• ", "一、", "<p>", "—", '"', "=", "'"):
        text = piece * 20000 + "内部资料"
        assert marks(text) == ["内部资料"], piece


SITE_BODY = (
    "关于进一步优化纳税服务的通知\n\n"
    "• 内部资料\n\n"
    "| 名称 | 说明 |\n|---|---|\n| 本表 | “机密” |\n\n"
    "秘密（★一年）\n\n"
    "本文件密级为秘密。\n\n"
    "一、保密要求\n\n"
    "对涉及国家秘密的信息，应当依法进行保密审查。\n"
)


def test_sitegen_check_names_the_file_the_line_the_rule_and_what_to_do(site, run_sitegen):
    """Through the real command on a scratch site: each new form is reported where it stands, the prose is not."""
    text = article(SITE_BODY, title="“内部资料”")
    root = site({"content/nsfw/a.md": text})
    run = run_sitegen("check", "--today", "2026-11-26", cwd=root)
    assert run.code == 1, run.err
    reported = [line for line in run.out.splitlines() if " SE001 " in line]
    expected = [("“内部资料”", "内部资料"), ("• 内部资料", "内部资料"), ("“机密”", "机密")]
    expected += [("秘密（★一年）", "秘密(★"), ("本文件密级为秘密", "密级为秘密")]
    assert reported == [
        f"content/nsfw/a.md:{line_of(text, needle)}: SE001 error: 出现“{shown}”标记：涉密或内部信息不得上网（第十八条）。"
        "请撤下此内容并按保密规定处理，不要仅删除标记。"
        for needle, shown in expected
    ]


def test_control_sitegen_check_passes_the_same_article_without_its_marks(site, run_sitegen):
    clean = "\n\n".join(p for p in SITE_BODY.split("\n\n") if "保密" in p or "通知" in p) + "\n"
    root = site({"content/nsfw/a.md": article(clean)})
    run = run_sitegen("check", "--today", "2026-11-26", cwd=root)
    assert (run.code, run.out.strip()) == (0, "检查通过：没有发现问题。"), run.out


def test_the_hints_let_every_decoration_through():
    """The hints read decoration with a cheaper class than the scan's: every character the scan takes as
    decoration (or a pictograph) must pass the hints too, or a mark behind it would be spared the scan."""
    decor = sescan._RUN
    chars = [chr(c) for c in (*range(0x20, 0x10000), *range(0x1F000, 0x1FB00)) if not 0xD800 <= c < 0xE000]
    chars = [ch for ch in chars if ch not in "|>=\n\r\u2028\u2029\x85"]
    folded = fold("\n".join(chars)).split("\n")
    assert len(folded) == len(chars)
    # the scans read folded text: a character textfold changes (① → 1, ² → 2) never reaches them
    taken = [ch for ch, plain in zip(chars, folded, strict=True) if plain == ch and decor.fullmatch(ch)]
    assert len(taken) > 4000
    missed = [ch for ch in taken if not (_hinted(ch + "内") and _hinted(f"正文\n{ch}内"))]
    assert missed == []
    heads = ["一、", "十二", "壹、", "甲、", "A1.", "xiv)", "x]", "- [x] ", "(一)", "=", "a=", '"', "|", "<p>"]
    assert [h for h in heads if not (_hinted(f"{h}内") and _hinted(f"正文\n{h}内"))] == []
    assert not _hinted("正文内部资料\n纳税服务的内部控制")  # control: the hints do spare a text


def _hinted(text: str) -> bool:
    """What _marks asks before it compiles the standing phrases."""
    return bool(sescan._START_HINT.match(text) or sescan._HEAD_HINT.search(text))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("保密级别：秘密", "保密级别:秘密"),
        ("密级程度：秘密", "密级程度:秘密"),
        ("秘密等级：绝密", "秘密等级:绝密"),
        ("正文 密级/秘密", "密级/秘密"),
        ("正文 密级“秘密”", "密级“秘密"),
        ("正文 密级：“秘密”", "密级:“秘密"),
        ("本通知密级为“秘密”。", "密级为“秘密"),
    ],
)
def test_other_labels_and_quoted_levels_are_labelled_marks(text, found):
    """Review s8 (miss 3): labels other than 密级, and a level in quotes after its label."""
    assert marks(text) == [found]


@pytest.mark.parametrize(
    "text",
    [
        "已解密文件目录：\n- 关于XX工作的通知，原密级：秘密，现予解密",
        "保密级别的确定应当依法进行。",
        "秘密等级划分为绝密、机密、秘密。",
        "“密级”“秘密”两个词的含义不同。",
    ],
)
def test_control_an_original_level_and_the_label_words_in_prose_are_not_marks(text):
    assert marks(text) == []


TITLES_BODY = (
    "关于进一步优化纳税服务的通知\n\n"
    '请下载[附件](https://www.example.gov.cn/a.pdf "内部资料")。\n\n'
    '![示意图](https://www.example.gov.cn/a.png "机密")\n\n'
    "[1]: https://www.example.gov.cn/x.pdf '秘密★一年'\n"
)


def test_sitegen_check_reads_the_titles_of_links_and_images(site, run_sitegen):
    """Review s8 (miss 7): a title is shown alone (a tooltip, title= in the page): a mark there is a mark."""
    root = site({"content/nsfw/a.md": article(TITLES_BODY)})
    run = run_sitegen("check", "--today", "2026-11-26", cwd=root)
    assert run.code == 1, run.err
    shown = [line.split("出现“")[1].split("”")[0] for line in run.out.splitlines() if " SE001 " in line]
    assert shown == ["内部资料", "机密", "秘密★"]


def test_control_sitegen_check_passes_titles_that_are_prose(site, run_sitegen):
    body = TITLES_BODY.replace('"内部资料"', '"内部资料管理办法"').replace('"机密"', '"机密文件的管理流程"')
    body = body.replace("'秘密★一年'", "'附件下载'")
    root = site({"content/nsfw/a.md": article(body)})
    run = run_sitegen("check", "--today", "2026-11-26", cwd=root)
    assert (run.code, run.out.strip()) == (0, "检查通过：没有发现问题。"), run.out


@pytest.mark.parametrize(
    "text",
    [
        "问：文件上的“机密★1年”是什么意思？",
        "国家秘密的标志为“★”，★前标密级，★后标保密期限，如“秘密★10年”。",
        "如「绝密★长期」的文件不得上网。",
    ],
)
def test_a_starred_mark_quoted_as_an_example_in_a_sentence_is_cited(text):
    """Review s8 (pre-existing on main): teaching texts quote the mark's form after a word."""
    assert marks(text) == []


@pytest.mark.parametrize(
    "text", ["“机密★1年”", "正文\n「秘密★一年」", "本件“秘密★一年”", "此件为“秘密★一年”", "文件“机密★1年，不得外传”"]
)
def test_control_a_quoted_starred_mark_standing_alone_or_naming_this_document_is_found(text):
    assert len(marks(text)) == 1


@pytest.mark.parametrize(
    "text", ["秘密 特急", "机密\u3000急件", "秘密 保密期限一年", "秘密 保密期限：一年", "秘密 一年 特急"]
)
def test_a_level_with_its_urgency_or_a_written_out_term_is_a_mark(text):
    """Review s8 (miss 6): GB/T 9704's 密级和保密期限 and 紧急程度 may share a line."""
    assert len(marks(text)) == 1


@pytest.mark.parametrize("text", ["秘密 特急件处理办法", "秘密 特急通知如下", "秘密文件的管理"])
def test_control_a_level_running_on_into_a_sentence_is_not_a_mark(text):
    assert marks(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("注：内部资料", "内部资料"),
        ("备注：内部资料，请勿外传", "内部资料"),
        ("说明：内部资料", "内部资料"),
        ("附注：内部文件", "内部文件"),
        ("附件：内部资料", "内部资料"),
        ("正文\n注 ： 秘密★一年", "秘密★"),
        ("内    部    资    料", "内    部    资    料"),
        ("正文\n秘    密", "秘    密"),
    ],
)
def test_a_note_label_before_a_mark_and_a_stamp_spaced_across_its_line_are_marks(text, found):
    """Session 9: what session 8 left open (a label word before the mark, wide spacing)."""
    assert marks(text) == [found]


@pytest.mark.parametrize(
    "text",
    [
        "注：内部资料不得对外公开。",
        "注：本办法所称内部资料，是指……",
        "附件：内部资料管理办法",
        "备注：无",
        "注：注意保密，从我做起",
        "说明：注意保密事项如下",
        "国内   部分地区",
    ],
)
def test_control_a_note_about_marks_and_a_spaced_sentence_are_not_marks(text):
    assert marks(text) == []


@pytest.mark.parametrize("text", ["本文件密级为秘密    \n正文", "本文件密级为秘密\t\t\t\t\t"])
def test_a_labelled_mark_with_spaces_before_its_line_ends_is_a_mark(text):
    """Review R of session 9: four spaces or more after 密级为秘密 hid it (control: the same without them)."""
    assert marks(text) == ["密级为秘密"]
    assert marks(text.replace(" ", "").replace("\t", "")) == ["密级为秘密"]


def test_control_a_labelled_level_running_on_after_spaces_is_not_a_mark():
    assert marks("本文件密级为秘密    的文件") == []
