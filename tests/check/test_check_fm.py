"""FM: the file itself — encoding, size, place, front matter and its fields."""

from __future__ import annotations

import os
import time

import docmaker
import pytest
from checkkit import APPROVAL, article, bad, check, good, line_of, run_case, write_site

A = "content/nsfw/a.md"

GBK = article("第一行\n第二行\n").encode("utf-8") + "税务总局".encode("gbk") + b"\n"
UNCLOSED_QUOTE = '---\ntitle: "关于优化纳税服务\ndate: 2026-11-20\nunit: nsfws\n---\n正文\n'
UNCLOSED_FLOW = "---\ntitle: 通知\ndate: 2026-11-20\nunit: [nsfws\n---\n正文\n"
BAD_INDENT = article().replace("  reviewed: 2026", "   reviewed: 2026")
BILLION_LAUGHS = (
    "---\n"
    'a: &a ["哈","哈","哈","哈","哈","哈","哈","哈","哈"]\n'
    + "".join(f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))
    + "---\n正文\n"
)
ONE_ALIAS = article(title="&t 通知", extra="summary: *t\n")
UNDEFINED_ALIAS = article(title="*t")
TYPO_TOP = article().replace("title:", "titel:")
TYPO_APPROVAL = article().replace("reviewed_by:", "reviewd_by:")
MISSING_SECRECY = article(approval=APPROVAL.replace("  secrecy: 公开\n", ""))
LARGE = article("甲" * (1024 * 1024 // 3 + 100) + "\n")
JUST_UNDER = article(("纳税服务。" * 20 + "\n") * 3400)


PDF = docmaker.blank_pdf()
CONTROL_TITLE = article(title='"关于优化纳税服务的\\x01通知"')
CONTROL_BODY = article("第一行。\n响铃\x07在这里。\n")


def _latin1_name(root):
    folder = root / "content/nsfw/a"
    folder.mkdir(parents=True, exist_ok=True)
    with open(os.path.join(os.fsencode(folder), b"\xff.pdf"), "wb") as handle:
        handle.write(PDF)


def _symlinked_file(root):
    outside = root.parent / "outside.md"
    outside.write_text(article(), encoding="utf-8")
    os.symlink(outside, root / "content/nsfw/link.md")


def _symlinked_folder(root):
    outside = root.parent / "elsewhere"
    outside.mkdir()
    (outside / "b.md").write_text(article(), encoding="utf-8")
    os.symlink(outside, root / "content/nsfw/more")


CASES = [
    bad("FM001", {A: GBK}, A, line_of(article("第一行\n第二行\n"), "---", 2) + 3, "gbk"),
    bad("FM001", {A: "\ufeff".encode("utf-16-le") + article().encode("utf-16-le")}, A, 1, "utf16"),
    bad("FM001", {A: article("正文\x00\n").encode()}, A, line_of(article("正文\x00\n"), "正文"), "nul"),
    good("FM001", {A: ("\ufeff" + article()).replace("\n", "\r\n").encode("utf-8")}, "bom-crlf"),
    good("FM001", {A: article().replace("\n", "\r\n").encode("utf-8")}, "crlf"),
    bad("FM002", {A: LARGE}, A, 1),
    good("FM002", {A: JUST_UNDER}, "just-under-1mib"),
    bad("FM003", {}, "content/nsfw/link.md", 1, "symlinked-file", setup=_symlinked_file),
    bad("FM003", {}, "content/nsfw/more", 1, "symlinked-folder", setup=_symlinked_folder),
    good("FM003", {A: article()}, "regular-file"),
    bad("FM004", {A: "title: 没有审批单\n\n正文\n"}, A, 1, "none"),
    bad("FM004", {A: "---\ntitle: 没有结束\ndate: 2026-11-20\n"}, A, 1, "unclosed"),
    good("FM004", {A: article()}),
    bad("FM005", {A: UNCLOSED_QUOTE}, A, 2, "unclosed-quote"),
    bad("FM005", {A: UNCLOSED_FLOW}, A, 4, "unclosed-bracket"),
    bad("FM005", {A: BAD_INDENT}, A, line_of(BAD_INDENT, "   reviewed:"), "indent"),
    bad("FM005", {A: article().replace("unit: nsfws", "unit: nsfws\n\tsummary: 摘要")}, A, 5, "tab"),
    good("FM005", {A: article(title='"关于“纳税服务: 热线”的通知"')}, "colon-in-quotes"),
    bad("FM006", {A: "---\n- title\n- date\n---\n正文\n"}, A, 2, "list"),
    bad("FM006", {A: "---\n只是一句话\n---\n正文\n"}, A, 2, "scalar"),
    bad("FM006", {A: "---\n---\n正文\n"}, A, None, "empty"),
    good("FM006", {A: article()}),
    bad("FM007", {A: BILLION_LAUGHS}, A, 3, "billion-laughs"),
    bad("FM007", {A: ONE_ALIAS}, A, line_of(ONE_ALIAS, "summary"), "one-alias"),
    bad("FM007", {A: UNDEFINED_ALIAS}, A, 2, "undefined-alias"),
    good("FM007", {A: article(title="纳税服务 & 征管*改革")}, "ampersand-in-text"),
    bad("FM008", {A: TYPO_TOP}, A, 2, "top"),
    bad("FM008", {A: TYPO_APPROVAL}, A, line_of(TYPO_APPROVAL, "reviewd_by"), "approval"),
    good("FM008", {A: article(extra="summary: 摘要\n")}, "all-known"),
    bad("FM009", {A: article().replace("title: 关于优化纳税服务的通知\n", "")}, A, 2, "title"),
    bad("FM009", {A: MISSING_SECRECY}, A, line_of(MISSING_SECRECY, "approval:"), "secrecy"),
    good("FM009", {A: article()}),
    bad("FM010", {A: article(date="2026-13-40")}, A, 3, "month-13"),
    bad("FM010", {A: article(date="2026-02-30")}, A, 3, "feb-30"),
    bad("FM010", {A: article(date="2026-2-3")}, A, 3, "short"),
    bad("FM010", {A: article(date="2026/11/20")}, A, 3, "slashes"),
    bad("FM010", {A: article(date="2026年11月20日")}, A, 3, "chinese"),
    bad("FM010", {A: article(date="2026-11-20 10:00:00")}, A, 3, "datetime"),
    bad("FM010", {A: article().replace("submitted: 2026-11-18", "submitted: 18/11/2026")}, A, 7, "approval"),
    good("FM010", {A: article(date='"2026-11-20"')}, "quoted"),
    bad("FM011", {"content/nsfw/Bad_Name.md": article()}, "content/nsfw/Bad_Name.md", 1, "upper"),
    bad("FM011", {"content/nsfw/-x.md": article()}, "content/nsfw/-x.md", 1, "dash"),
    bad("FM011", {"content/nsfw/通知.md": article()}, "content/nsfw/通知.md", 1, "han"),
    good("FM011", {"content/nsfw/2026-nsfw-notice.md": article()}),
    bad("FM012", {A: article(title="[甲, 乙]")}, A, 2, "list-title"),
    bad(
        "FM012",
        {A: "---\ntitle: 通知\ndate: 2026-11-20\nunit: nsfws\napproval: 已审批\n---\n正文\n"},
        A,
        5,
        "approval-text",
    ),
    good("FM012", {A: article(title="12366")}, "number-title"),
    bad("FM013", {A: article(extra="title: 重复\n")}, A, line_of(article(extra="title: 重复\n"), "title: 重复")),
    good("FM013", {A: article()}),
    bad("FM014", {"content/nsfw/x.pdf": b"%PDF-1.7"}, "content/nsfw/x.pdf", 1),
    good("FM014", {"content/nsfw/good/x.pdf": docmaker.blank_pdf()}, "attachment-folder"),
    # File names that would break the site are refused at the gate, each with its own code.
    bad("FM020", {A: article()}, "content/nsfw/a/\\xff.pdf", 1, "latin1-name", setup=_latin1_name),
    good("FM020", {A: article(), "content/nsfw/a/附件一.pdf": PDF}, "chinese-name"),
    bad("FM021", {A: article(), "content/nsfw/a/a\x01b.pdf": PDF}, "content/nsfw/a/a\\x01b.pdf", 1),
    bad("FM021", {A: article(), "content/nsfw/a/a\nb.pdf": PDF}, "content/nsfw/a/a\\x0ab.pdf", 1, "newline"),
    good("FM021", {A: article(), "content/nsfw/a/a-1.pdf": PDF}),
    bad("FM022", {A: article(), "content/nsfw/a/a b#1.pdf": PDF}, "content/nsfw/a/a b#1.pdf", 1),
    bad("FM022", {A: article(), "content/nsfw/a/100%.pdf": PDF}, "content/nsfw/a/100%.pdf", 1, "percent"),
    good("FM022", {A: article(), "content/nsfw/a/附件_1(修订).pdf": PDF}),
    bad("FM023", {A: CONTROL_TITLE}, A, line_of(CONTROL_TITLE, "title:"), "title"),
    bad("FM023", {A: article(title='"关于优化纳税服务的\\t通知"')}, A, 2, "tab-in-title"),
    bad("FM023", {A: article(title='"关于优化纳税服务的\\n通知"')}, A, 2, "newline-in-title"),
    bad("FM023", {A: article(title="|\n  关于优化纳税服务的\n  通知")}, A, 2, "block-title"),
    good("FM023", {A: article(title="关于优化纳税服务的 通知")}, "space-in-title"),
    bad("FM023", {A: CONTROL_BODY}, A, line_of(CONTROL_BODY, "响铃"), "body"),
    good("FM023", {A: article("制表符\t可以。\n")}, "tab"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fm(case, tmp_path):
    run_case(case, tmp_path / "site")


def test_gbk_points_at_the_line_of_the_first_bad_byte(tmp_path):
    root = write_site(tmp_path / "s", {A: GBK})
    [problem] = check(root)
    assert (problem.rule, problem.line) == ("FM001", GBK.count(b"\n"))
    assert "UTF-8" in problem.message


def test_yaml_error_message_is_chinese_and_says_what_to_change(tmp_path):
    root = write_site(tmp_path / "s", {A: UNCLOSED_QUOTE})
    [problem] = check(root)
    assert "引号" in problem.message
    assert "while scanning" not in problem.message


def test_alias_bomb_is_refused_quickly(tmp_path):
    root = write_site(tmp_path / "s", {A: BILLION_LAUGHS, "columns.yaml": None})
    start = time.perf_counter()
    problems = check(root)
    assert time.perf_counter() - start < 2
    assert "FM007" in {p.rule for p in problems}


def test_unknown_field_names_the_nearest_spelling(tmp_path):
    root = write_site(tmp_path / "s", {A: TYPO_APPROVAL})
    [typo] = [p for p in check(root) if p.rule == "FM008"]
    assert "reviewed_by" in typo.message


def test_every_problem_of_a_form_is_reported_not_only_the_first(tmp_path):
    text = article(date="2026-13-01", extra="sumary: 摘要\n").replace("reviewed:", "reviewd:")
    root = write_site(tmp_path / "s", {A: text})
    found = {(p.rule, p.line) for p in check(root)}
    assert {("FM010", 3), ("FM008", line_of(text, "sumary")), ("FM008", line_of(text, "reviewd:"))} <= found


def test_bom_and_crlf_do_not_shift_lines(tmp_path):
    # A BOM must not move the line numbers: the unknown field is still on line 2.
    root = write_site(tmp_path / "s", {A: ("\ufeff" + TYPO_TOP).replace("\n", "\r\n").encode()})
    assert [(p.rule, p.line) for p in check(root)] == [("FM008", 2), ("FM009", 2)]  # titel, so no title
