"""Disguises an insider tries next (review s10 of h4, 2026-11-30), after session 9's widened scans.

Each form below passed `sitegen check` and `sitegen build` on a real scratch repository before this
review (the markup splits passed the check and stopped only the build): a dot or a dash that NFKC
makes a katakana or another look-alike, any one symbol repeated between the usual groups of a number,
a mobile cut in two after a name, a mark spaced with slashes or over soft line breaks (one line on the
page), Kangxi radicals and the variant 宻, a sentence that says this document is internal, 仅供内部使用,
and a mark cut by code marks or a link. Each has its plain form as control and honest look-alikes that
must stay clean. The rules are in docs/secrecy.md.
"""

from __future__ import annotations

import pytest
from checkkit import article, line_of

from generator import sescan
from generator.rules.se import _findings
from generator.textfold import fold

CONTROLS = {
    "SE001": "内部资料",
    "SE002": "身份证号 11010519491231002X。",
    "SE003": "联系电话 13800138000。",
    "SE004": "卡号 6222021234567890128。",
}

NUMBERS = [
    # N1: look-alikes of a middle dot and a dash that NFKC makes another character (･ is ・ after NFKC)
    ("halfwidth-katakana-dot", "联系人张三，电话 138･0013･8000。", "SE003"),
    ("word-separator-dot", "联系人张三，电话 138⸱0013⸱8000。", "SE003"),
    ("latin-middle-dot", "联系人张三，电话 138ꞏ0013ꞏ8000。", "SE003"),
    ("modifier-minus", "联系人张三，电话 138˗0013˗8000。", "SE003"),
    ("id-halfwidth-dot", "张三身份证 110105･19491231･002X。", "SE002"),
    ("card-halfwidth-dot", "张三工资卡 6222･0212･3456･7890･128。", "SE004"),
    # N2: any one symbol, the same in every gap, between the usual groups (3-4-4, 4-3-4, 6-8-4, fours)
    ("hash", "联系人张三，电话 138#0013#8000。", "SE003"),
    ("apostrophe", "联系人张三，电话 138'0013'8000。", "SE003"),
    ("caret", "联系人张三，电话 138^0013^8000。", "SE003"),
    ("equals", "联系人张三，电话 138=0013=8000。", "SE003"),
    ("ditto", "联系人张三，电话 138〃0013〃8000。", "SE003"),
    ("arrow", "联系人张三，电话 138→0013→8000。", "SE003"),
    ("wavy-dash", "联系人张三，电话 138〰0013〰8000。", "SE003"),
    ("four-three-four-hash", "联系人张三，电话 1380#013#8000。", "SE003"),
    ("id-hash", "张三身份证 110105#19491231#002X。", "SE002"),
    ("hash-spaced", "联系人张三，电话 138 # 0013 # 8000。", "SE003"),
    ("card-arrow-spaced", "张三工资卡 6222 → 0212 → 3456 → 7890 → 128。", "SE004"),
    ("card-apostrophe", "张三工资卡 6222'0212'3456'7890'128。", "SE004"),
    # N3: a mobile cut in two or three uneven pieces, one of five digits or more, after a name's label
    ("label-five-six", "张三：13800 138000", "SE003"),
    ("label-seven-four", "张三：1380013 8000", "SE003"),
    ("label-two-nine", "张三：13 800138000", "SE003"),
]

MARKS = [
    # M1: look-alike dots and slashes between the characters of a mark
    ("halfwidth-katakana-dot", "内･部･资･料"),
    ("word-separator-dot", "内⸱部⸱资⸱料"),
    ("slashes", "内/部/资/料"),
    # M2: a mark over soft line breaks (the page shows 内 部 资 料 on one line) or one character a line
    ("vertical", "正文。\n\n内\n部\n资\n料\n\n正文二。"),
    ("vertical-crlf", "内\r\n部\r\n资\r\n料"),
    ("wrapped", "内部\n资料"),
    ("level-wrapped", "机\n密\n★一年"),
    ("label-wrapped", "密\n级：秘密"),
    # M3: Kangxi radicals and the variant 宻 (a reader sees 文, 用, 密)
    ("kangxi-wen", "内部⽂件"),
    ("kangxi-yong", "内部使⽤"),
    ("variant-mi-starred", "机宻★1年"),
    ("variant-mi-label", "宻级：秘密"),
    # M4: a sentence that says this document is internal, ending its statement
    ("this-document", "本文件为内部资料，请勿外传。"),
    ("this-piece", "此件系内部文件。"),
    ("after-a-note", "说明：本文件为内部资料。"),
    ("this-material-belongs", "本资料属于内部资料"),
    ("this-document-level", "本文件为机密文件。"),
    ("this-document-level-alone", "本件属秘密。"),
    # M5: the stamp 仅供内部使用 and its kin
    ("internal-use-only", "仅供内部使用"),
    ("internal-use-only-bracketed", "【仅供内部使用】"),
    ("internal-reference-only", "仅供内部参考"),
    ("internal-circulation", "内部传阅"),
]

# Markdown a reader does not see, inside a mark: the check reads it as the page shows it (the screen did)
MARKDOWN_MARKS = [
    ("code-first", "`内部`资料\n\n正文。"),
    ("code-second", "内部`资料`\n\n正文。"),
    ("link-first", "[内部](https://www.example.gov.cn/)资料\n\n正文。"),
    ("link-second", "内部[资料](a/附件.pdf)\n\n正文。"),
    ("emphasis-inside", "内*部*资料\n\n正文。"),
]

CLEAN = [
    # numbers: times, ratios, scores, lists and counts with a symbol; a row of small counts after a label
    "会议时间 13:30—14:00，地点 138 会议室。",
    "比分 3:2，比例 1:3:8。",
    "数量：138、0013、8000",
    "得分：13 15 20 18 22 9",
    "各区受理件数：1 5 2 3 0 0 4 1 2 0 3",
    "2019#2020#2021#2022 年度报告",
    "文号 国税发〔2013〕138号，税号 91110105MA01ABCD2X。",
    "一季度受理 13800 件，二季度 138000 件。",
    "收入：13800 元 138000 元",
    "热线 12366，办公电话 010-6341-7114。",
    "示例 138****8000、110105********002X。",
    "版本 1.3.8，编号 A-138#2013。",
    "第 138 # 2013 # 8000 号",
    "评分 5 # 4 # 3，排名 1 → 2 → 3。",
    # marks: prose wrapped over lines, rules about internal material, words that start like a mark
    "加强内部\n资料管理。",
    "内部\n资料管理办法",
    "内部\n控制制度",
    "机\n构改革",
    "本文件所称内部资料，是指在本系统内部使用的材料。",
    "本办法所称内部资料为未公开的工作材料。",
    "本文件为内部资料性出版物管理的补充规定。",
    "本网站不发布内部资料。",
    "本文件为公开文件。",
    "此件为公开发布。",
    "该系统仅供内部使用。",
    "仅供内部使用的系统已经下线。",
    "内部传阅制度的改进",
    "关于⽂件管理的通知",
    "严禁将内部资料上传互联网。",
]

MARKDOWN_CLEAN = [
    "`内部`控制\n\n正文。",
    "[内部](https://www.example.gov.cn/)控制制度\n\n正文。",
    "加强[内部资料](a.pdf)管理\n\n正文。",
]


def _codes(text: str, markdown: bool = False) -> set[str]:
    if markdown:
        return {f.code for f in _findings(text, fold(text), frozenset(), True)}
    return {f.code for f in sescan.scan(text)}


@pytest.mark.parametrize(("text", "code"), [c[1:] for c in NUMBERS], ids=[c[0] for c in NUMBERS])
def test_disguised_numbers_are_refused_as_the_plain_number_is(text: str, code: str) -> None:
    assert code in _codes(CONTROLS[code])  # control: the plain form
    assert code in _codes(text), sescan.scan(text)


@pytest.mark.parametrize("text", [c[1] for c in MARKS], ids=[c[0] for c in MARKS])
def test_disguised_marks_are_refused_as_the_plain_mark_is(text: str) -> None:
    assert _codes(CONTROLS["SE001"]) == {"SE001"}  # control
    assert "SE001" in _codes(text), sescan.scan(text)


@pytest.mark.parametrize("text", [c[1] for c in MARKDOWN_MARKS], ids=[c[0] for c in MARKDOWN_MARKS])
def test_a_mark_cut_by_markup_is_read_as_the_page_shows_it(text: str) -> None:
    assert _codes("内部资料\n\n正文。", markdown=True) == {"SE001"}  # control
    assert "SE001" in _codes(text, markdown=True)


@pytest.mark.parametrize("text", CLEAN)
def test_honest_look_alikes_stay_clean(text: str) -> None:
    assert sescan.scan(text) == []
    assert sescan.scan(text, soft_breaks=False) == []


@pytest.mark.parametrize("text", MARKDOWN_CLEAN)
def test_honest_markup_beside_mark_words_stays_clean(text: str) -> None:
    assert _codes(text, markdown=True) == set()


def test_the_fold_reads_look_alikes_after_compatibility_forms() -> None:
    """･ (half-width) is ・ after NFKC, and ・ is a middle dot; Kangxi radicals are the ideographs they show."""
    assert fold("138･0013⸱8000ꞏ1˗2") == "138·0013·8000·1-2"
    assert fold("⽂⽤⼈") == "文用人"
    assert fold("机宻") == "机密"


def test_sitegen_check_refuses_each_form(site, run_sitegen) -> None:
    """Through the real `sitegen check` on a scratch repository: each form in its own article is named with its
    file, the line where it starts and its rule; the honest article beside them passes."""
    forms = {
        name: (text, code)
        for name, text, code in NUMBERS
        if name in ("halfwidth-katakana-dot", "hash", "id-hash", "label-five-six")
    }
    forms |= {
        f"mark-{n}": (t, "SE001")
        for n, t in MARKS
        if n
        in ("slashes", "vertical", "wrapped", "kangxi-wen", "variant-mi-starred", "this-document", "internal-use-only")
    }
    forms |= {f"md-{n}": (t, "SE001") for n, t in MARKDOWN_MARKS if n in ("code-first", "link-second")}
    files = {f"content/nsfw/{name}.md": article("正文说明。\n\n" + text + "\n") for name, (text, _) in forms.items()}
    files["content/nsfw/honest.md"] = article("\n\n".join(CLEAN + MARKDOWN_CLEAN) + "\n")
    root = site(files)
    run = run_sitegen("check", "--today", "2026-11-26", cwd=root)
    assert run.code == 1, run.err
    for name, (text, code) in forms.items():
        needle = "内\n部" if name == "mark-vertical" else text.split("\n", 1)[0]
        line = line_of(files[f"content/nsfw/{name}.md"], needle)
        assert f"content/nsfw/{name}.md:{line}: {code} error" in run.out, (name, run.out)
    assert not [line for line in run.out.splitlines() if line.startswith("content/nsfw/honest.md") and " SE0" in line]
    assert "出现“内 部 资 料”标记" in run.out  # named on one line


@pytest.mark.parametrize(
    "unit",
    ["138･0013･8000", "138#0013#8000", "张三：13800 138000", "内\n部\n资\n料", "本文件为内部资料。", "内/部/资/料"],
)
def test_crafted_repetitions_of_each_form_are_each_found(unit: str) -> None:
    """Correctness on a long crafted text (the time is measured in benchmarks/secrecy.py): every copy is found once."""
    text = "\n\n".join([unit] * 2000)
    assert len(_findings(text, fold(text), frozenset(), True)) == 2000, unit


def test_a_cut_between_the_characters_of_a_mark_is_not_separable() -> None:
    """The build's screen scans the shared chrome apart only where no finding can cross the cut: a mark written
    over line breaks can (control: the same cut between prose)."""
    assert not sescan.separable("导航\n内\n", "部\n资\n料\n")
    assert not sescan.separable("导航\n内·\n\n", "\n部\n资\n料\n")
    assert sescan.separable("导航\n", "正文\n")
    text = "导航\n内\n部\n资\n料\n"
    assert [f.text for f in sescan.scan(text)] == ["内\n部\n资\n料"]


def test_attachments_made_by_real_writers_are_read_with_the_same_rules(site, run_sitegen, tmp_path) -> None:
    """python-docx, openpyxl and fpdf2 documents carrying each form are refused, every one named; documents by the
    same writers with the honest look-alikes (three cells of counts, prose wrapped after 内部, a rule about internal
    material) pass. Each of these documents passed the check before review s10 of h4."""
    import docmaker

    fonts = str(tmp_path / "fonts")
    (tmp_path / "fonts").mkdir()
    leaks = {
        "d1/文件.docx": docmaker.docx(["正文。", "本文件为内部资料，请勿外传。"]),
        "d2/文件.docx": docmaker.docx(["正文。"], header="仅供内部使用"),
        "d3/文件.docx": docmaker.docx(["内", "部", "资", "料", "正文。"]),
        "d4/文件.docx": docmaker.docx(["正文。"], title="内部⽂件"),
        "d5/文件.docx": docmaker.docx(["联系人张三，电话 138･0013･8000。"]),
        "x1/表.xlsx": docmaker.xlsx([["姓名", "电话"], ["张三", "138#0013#8000"]]),
        "x2/表.xlsx": docmaker.xlsx([["说明"], ["张三：13800 138000"]]),
        "p1/文件.pdf": docmaker.pdf(["内部⽂件\n正文。"], folder=fonts),
        "p2/文件.pdf": docmaker.pdf(["机宻★1年\n正文。"], folder=fonts),
        "p3/文件.pdf": docmaker.pdf(["联系人张三，电话 138'0013'8000。"], folder=fonts),
        "n1/内部⽂件.docx": docmaker.docx(["正文。"]),
    }
    honest = {
        "h1/表.xlsx": docmaker.xlsx([["季度", "户数", "人数", "笔数"], ["一季度", "138", "0013", "8000"]]),
        "h2/文件.docx": docmaker.docx(["加强内部", "控制制度。", "本文件所称内部资料，是指在本系统内部使用的材料。"]),
        "h3/文件.pdf": docmaker.pdf(["关于⽂件管理的通知\n会议时间 13:30—14:00，比分 3:2。"], folder=fonts),
    }
    files: dict[str, str | bytes] = {}
    for path, data in {**leaks, **honest}.items():
        files[f"content/nsfw/{path.split('/')[0]}.md"] = article("附件见下方。\n")
        files[f"content/nsfw/{path}"] = data
    root = site(files)
    run = run_sitegen("check", "--today", "2026-11-26", cwd=root)
    assert run.code == 1, run.err
    for path in leaks:
        assert f"content/nsfw/{path}:1: SE00" in run.out, (path, run.out)
    for path in honest:
        assert f"content/nsfw/{path}" not in run.out, run.out
