"""Forms docs/secrecy.md listed as still open after review s10 of h4, closed in session 11 (h5).

Each form below passed `sitegen check` and `sitegen build` before: a mobile or ID number read out as on the
radio (幺三八洞洞…, 洞 for 0, 拐 for 7, 勾 for 9, 两 for 2); the CJK stroke 丨 and ; : < > as the one symbol
between the usual groups of a number; 🈲外传 and 禁止外传; a mark split by 丨 or written one character a row of a
table or a numbered list; a document mark or a level standing alone after a sentence on its line
(正文内容。内部资料). Each has its plain form as control and honest look-alikes that must stay clean (words with
洞 拐 勾 两, titles with 丨, times, ratios, rows of counts, tables of figures, prose that starts with 内部资料).
The rules are in docs/secrecy.md.
"""

from __future__ import annotations

import pytest
from checkkit import article, line_of
from test_sescan_disguises import CONTROLS, _codes

from generator import sescan
from generator.rules.se import _findings
from generator.textfold import fold

NUMBERS = [
    # R1: a number read out as on the radio: 幺 1, 两 2, 拐 7, 勾 9, 洞 0
    ("radio", "联系电话幺三八洞洞幺三八洞洞洞。", "SE003"),
    ("radio-seven-nine", "联系人张三，电话幺三九拐拐幺三八勾洞勾。", "SE003"),
    ("radio-two", "张三电话幺三两洞洞幺三八洞洞洞", "SE003"),
    ("radio-spaced", "张三电话 幺三八 洞洞幺三 八洞洞洞", "SE003"),
    ("radio-id", "身份证 幺幺洞幺洞五幺九四九幺两三幺洞洞两X", "SE002"),
    # R2: the CJK stroke 丨 and ; : < > as the one symbol between the usual groups
    ("stroke", "联系人张三，电话 138丨0013丨8000。", "SE003"),
    ("stroke-spaced", "联系人张三，电话 138 丨 0013 丨 8000。", "SE003"),
    ("semicolon", "联系人张三，电话 138;0013;8000。", "SE003"),
    ("fullwidth-semicolon", "联系人张三，电话 138；0013；8000。", "SE003"),
    ("colon", "联系人张三，电话 138:0013:8000。", "SE003"),
    ("fullwidth-colon", "张三 1380：013：8000", "SE003"),
    ("less-than", "联系人张三，电话 138<0013<8000。", "SE003"),
    ("greater-than", "联系人张三，电话 138>0013>8000。", "SE003"),
    ("id-stroke", "张三身份证 110105丨19491231丨002X。", "SE002"),
    ("card-semicolon", "张三工资卡 6222;0212;3456;7890;128。", "SE004"),
    # R3: a card's number with fewer than 4 digits hidden (Luhn narrows two hidden digits to ten numbers)
    ("card-two-hidden", "张三工资卡 6222021234567890**8。", "SE004"),
    ("card-fours-two-hidden", "张三工资卡 6222 0212 3456 78** 128。", "SE004"),
    ("card-one-hidden", "退款账户 4392 2500 1234 56*8", "SE004"),
]

MARKS = [
    # B1: 🈲 (禁) and 禁止外传, the stamps of a ban on passing on
    ("ban-emoji", "🈲外传"),
    ("ban", "禁止外传"),
    ("ban-bracketed", "【禁止外传】"),
    ("mark-with-ban", "内部资料 禁止外传"),
    # B2: a mark split by the CJK stroke, or written one character a row of a table or a numbered list
    ("stroke-inside", "内丨部资料"),
    ("strokes", "内丨部丨资丨料"),
    ("table-column", "| 内 |\n| 部 |\n| 资 |\n| 料 |"),
    ("table-row", "| 内 | 部 | 资 | 料 |"),
    ("numbered-list", "1. 内\n2. 部\n3. 资\n4. 料"),
    ("bullets", "• 内\n• 部\n• 资\n• 料"),
    ("plus-list", "+ 机\n+ 密\n+ ★一年"),
    # B3: a document mark or a level alone after a sentence on its line
    ("after-a-sentence", "正文内容。内部资料"),
    ("after-a-sentence-with-notice", "正文内容。内部资料，请勿外传。"),
    ("after-an-exclamation", "请各单位认真贯彻落实！机密"),
    ("after-a-question", "是否已经办理？ 内部文件"),
    ("after-a-sentence-bracketed", "正文内容。【内部资料】"),
    ("level-term-after-a-sentence", "正文内容。秘密 一年"),
    ("after-a-sentence-in-a-cell", "| 说明 | 正文内容。内部资料 |"),
]

CLEAN = [
    # words with 洞 拐 勾 两 and runs of numerals that count
    "修补漏洞一个，山洞两个，洞口三处。",
    "拐弯三次，勾选两项，三三两两，一五一十。",
    "两千零二十六年十一月三十日，第一二三条。",
    "一一对应，两两相比，三三两两。",
    # 丨 in titles, times, ratios, rows of counts, comparisons
    "政策解读丨2024年个人所得税汇算清缴",
    "138丨办税指南丨2013版",
    "2019丨2020丨2021丨2022 年度报告",
    "会议时间 13:30:00—14:00:00，比分 138:126，比例 1:3:8。",
    "数量：138；2013；8000",
    "时段 13:00;14:00;15:00",
    "当 138<x<2000 时适用。",
    "热线 12366，办公电话 010-6341-7114。",
    # cards masked enough: the first 6 and the last 4 shown, or 4 and more hidden; emphasis around years
    "退款账户 6222 **** **** 0128，622202******7890128，6222 0212 **** 0128，尾号 0128。",
    "2019**2020**2021",
    # a table of figures: cells are not joined (a row 138 | 2013 | 8000 is counts, a year and an amount)
    "| 季度 | 户数 | 年度 | 金额 |\n|---|---|---|---|\n| 一季度 | 138 | 2013 | 8000 |",
    # bans and marks in sentences, rules and prose that starts with a mark's words
    "禁止外传的规定如下。",
    "三、禁止外传",
    "禁止外传，违者追责。",
    "🈲止吸烟",
    "严禁将内部资料上传互联网。",
    "各单位要加强管理。内部资料，由办公室统一保管。",
    "现予公布。内部资料管理办法另行制定。",
    "会议材料请妥善保管。注意保密。",
    "该系统仅供内部使用。",
    "秘书处负责。秘书长主持。",
    "加强管理。机密文件要专人保管。",
    "1. 内部控制\n2. 资料管理",
    "| 序号 | 内容 |\n|---|---|\n| 1 | 内部控制 |\n| 2 | 资料管理 |",
    "内部丨控制制度",
]


@pytest.mark.parametrize(("text", "code"), [c[1:] for c in NUMBERS], ids=[c[0] for c in NUMBERS])
def test_open_number_forms_are_refused_as_the_plain_number_is(text: str, code: str) -> None:
    assert code in _codes(CONTROLS[code])  # control: the plain form
    assert code in _codes(text), sescan.scan(text)
    assert code in {f.code for f in sescan.scan(text, soft_breaks=False)}  # in a document's text too


@pytest.mark.parametrize(
    "text",
    ["联系电话 138\\\n0013\\\n8000。", "张三\\\n138\\\n0013\\\n8000", "联系电话 138  \n0013  \n8000。"],
    ids=["backslash", "backslash-after-name", "two-spaces"],
)
def test_a_number_over_markdown_hard_breaks_is_refused(text: str) -> None:
    """Markdown's hard break (a backslash or two spaces before the line break) is a line break on the page, as a soft
    break is a space: the groups are read across it, as across a soft break (control: 138⏎0013⏎8000)."""
    assert _codes("联系电话 138\n0013\n8000。") == {"SE003"}
    assert _codes(text) == {"SE003"}, sescan.scan(text)
    assert _codes(text, markdown=True) == {"SE003"}


def test_counts_over_hard_breaks_stay_clean() -> None:
    assert _codes("户数 150\\\n金额 2000\\\n年度 2013\\\n") == set()
    assert _codes("各季度户数：\n\n- 150\n- 2000\n- 3000\n") == set()  # list items are not joined


@pytest.mark.parametrize("text", [c[1] for c in MARKS], ids=[c[0] for c in MARKS])
def test_open_mark_forms_are_refused_as_the_plain_mark_is(text: str) -> None:
    assert _codes(CONTROLS["SE001"]) == {"SE001"}  # control
    assert "SE001" in _codes(text), sescan.scan(text)
    assert "SE001" in _codes(text, markdown=True)


@pytest.mark.parametrize("text", CLEAN)
def test_honest_look_alikes_stay_clean(text: str) -> None:
    assert sescan.scan(text) == []
    assert sescan.scan(text, soft_breaks=False) == []
    assert _codes(text, markdown=True) == set()


def test_sitegen_check_refuses_each_form(site, run_sitegen) -> None:
    """Through the real `sitegen check` on a scratch repository: each form in its own article is named with its
    file, the line where it starts and its rule; the honest article beside them passes."""
    forms = {f"n-{name}": (text, code) for name, text, code in NUMBERS}
    forms |= {f"m-{name}": (text, "SE001") for name, text in MARKS}
    files = {f"content/nsfw/{name}.md": article("正文说明。\n\n" + text + "\n") for name, (text, _) in forms.items()}
    files["content/nsfw/honest.md"] = article("\n\n".join(CLEAN) + "\n")
    root = site(files)
    run = run_sitegen("check", "--today", "2026-11-26", cwd=root)
    assert run.code == 1, run.err
    for name, (text, code) in forms.items():
        line = line_of(files[f"content/nsfw/{name}.md"], text.split("\n", 1)[0])
        assert f"content/nsfw/{name}.md:{line}: {code} error" in run.out, (name, run.out)
    assert not [line for line in run.out.splitlines() if line.startswith("content/nsfw/honest.md") and " SE0" in line]


@pytest.mark.parametrize(
    "unit",
    [
        "幺三八洞洞幺三八洞洞洞",
        "138丨0013丨8000",
        "138;0013;8000",
        "🈲外传",
        "| 内 |\n| 部 |\n| 资 |\n| 料 |",
        "正文。内部资料",
        "138\\\n0013\\\n8000",
    ],
)
def test_crafted_repetitions_of_each_form_are_each_found(unit: str) -> None:
    """Correctness on a long crafted text (the time is measured in benchmarks/secrecy.py): every copy is found once."""
    text = "\n\n".join([unit] * 2000)
    assert len(_findings(text, fold(text), frozenset(), True)) == 2000, unit


def test_a_cut_between_the_rows_of_a_mark_is_not_separable() -> None:
    """The build's screen scans the shared chrome apart only where no finding can cross the cut: a mark written one
    character a table row or a list item can (control: the same cut between prose)."""
    assert not sescan.separable("导航\n| 内 |\n", "| 部 |\n| 资 |\n| 料 |\n")
    assert not sescan.separable("导航\n1. 内\n", "2. 部\n3. 资\n4. 料\n")
    assert not sescan.separable("导航 138\\\n", "0013\\\n8000\n")  # a number over hard breaks
    assert sescan.separable("导航\n1. 正文\n", "2. 说明\n")


def test_attachments_made_by_real_writers_are_read_with_the_same_rules(site, run_sitegen, tmp_path) -> None:
    """python-docx, openpyxl and fpdf2 documents carrying each form are refused, every one named; documents by the
    same writers with the honest look-alikes pass. Each of these documents passed the check before session 11."""
    import docmaker

    fonts = str(tmp_path / "fonts")
    (tmp_path / "fonts").mkdir()
    leaks = {
        "d1/文件.docx": docmaker.docx(["联系电话幺三八洞洞幺三八洞洞洞。", "正文。"]),
        "d2/文件.docx": docmaker.docx(["正文内容。内部资料", "正文。"]),
        "d3/文件.docx": docmaker.docx(["🈲外传", "正文。"]),
        "x1/表.xlsx": docmaker.xlsx([["姓名", "电话"], ["张三", "138丨0013丨8000"]]),
        "x2/表.xlsx": docmaker.xlsx([["说明"], ["内丨部资料"]]),
        "x3/表.xlsx": docmaker.xlsx([["身份证"], ["110105;19491231;002X"]]),
        "p1/文件.pdf": docmaker.pdf(["禁止外传\n正文。"], folder=fonts),
        "p2/文件.pdf": docmaker.pdf(["正文内容。内部资料\n正文。"], folder=fonts),
        "p3/文件.pdf": docmaker.pdf(["联系人张三，电话 138:0013:8000。"], folder=fonts),
    }
    honest = {
        "h1/表.xlsx": docmaker.xlsx([["季度", "户数", "年度", "金额"], ["一季度", "138", "2013", "8000"]]),
        "h2/文件.docx": docmaker.docx(["修补漏洞一个，山洞两个。", "各单位要加强管理。内部资料，由办公室统一保管。"]),
        "h3/文件.pdf": docmaker.pdf(["政策解读丨2024年个人所得税汇算清缴\n会议时间 13:30:00。"], folder=fonts),
    }
    files: dict[str, str | bytes] = {}
    for path, data in {**leaks, **honest}.items():
        files[f"content/nsfw/{path.split('/')[0]}.md"] = article("附件见下方。\n")
        files[f"content/nsfw/{path}"] = data
    root = site(files)
    run = run_sitegen("check", "--today", "2026-11-26", cwd=root)
    assert run.code == 1, run.err
    for path in leaks:
        assert any(line.startswith(f"content/nsfw/{path}:") and " SE00" in line for line in run.out.splitlines()), (
            path,
            run.out,
        )
    for path in honest:
        assert f"content/nsfw/{path}" not in run.out, run.out
