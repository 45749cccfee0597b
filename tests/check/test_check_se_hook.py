"""Each evasive form is caught at commit time by the real pre-commit hook, and again by the build;
the honest look-alike passes both. Reviewed exemptions, from both sides."""

from __future__ import annotations

import json

import docmaker
import pytest
from checkkit import approval, line_of
from checkkit import article as approved_article

ZHANGWEI = ("张伟", "zhangwei@example.gov.cn")
PENDING = approval(reviewed_by=None, reviewed=None, approved_by=None, approved=None)


def article(body: str = "正文。\n", **kw: str) -> str:
    """What a liaison commits: the form with only the liaison's own stage filled in."""
    return approved_article(body, approval=PENDING, **kw)


A = "content/nsfw/a.md"

EVASIVE = [
    ("SE001", "机　密★1年"),
    ("SE001", "內部資料"),
    ("SE001", "内 部 资 料"),
    ("SE002", "身份证 110101 19900307 7715"),
    ("SE003", "手机 1380 013 8000"),
    ("SE003", "手机 138.0013.8000"),
    ("SE004", "卡号 6222.0212.3456.7890.128"),
    ("SE007", "来信请寄 zhang*wei*@example.gov.cn"),
    ("SE007", "[写信](mailto:zhangwei%40example.gov.cn)"),
    ("SE007", "来信请寄 zhangwei\\@example.gov.cn"),
    ("SE007", "来信请寄 zhangwei&#64;example.gov.cn"),
    # numbers in CJK numerals (review s6, H1-3)
    ("SE002", "身份证 一一〇一〇五一九四九一二三一〇〇二十"),
    ("SE003", "手机 壹叁捌 零零壹叁 捌零零零"),
    ("SE004", "卡号 六二二二 〇二一二 三四五六 七八九〇 一二八"),
    # split by Markdown the page does not show, which the build's screen reads run together (review s8, B1)
    ("SE003", "手机 138**0013**8000"),
    ("SE003", "手机 [138](https://www.example.gov.cn/)00138000"),
    ("SE003", "手机 `138`0013`8000`"),
    ("SE002", "身份证 110105*1949*1231002X"),
    ("SE004", "卡号 6222~~0212~~3456\\7890128"),
    # written otherwise (review s8, A1-A10)
    ("SE003", "手机 138–0013–8000"),
    ("SE003", "电话 1 3 8 0 0 1 3 8 0 0 0"),
    ("SE003", "[联系张三](https://wa.me/8613800138000)"),
    ("SE002", "身份证号 110105194912310**X"),
]
HONEST = [
    "严禁将内部资料上传互联网。",
    "依据《内部资料性出版物管理办法》办理。",
    "累计办理退税15012345678元。",
    "详见 https://www.gov.cn/zhengce/content/2021-03/24/content_5595384.htm 。",
    "联系电话示例 138****8000，身份证号示例 110105********002X。",
    "2026-11-26 13:45 起施行。",
    "自二〇二六年十一月三十日起施行，依据第一二三条办理，一一核对。",
    "**2025**年增长*12*%，详见[附件1](https://www.example.gov.cn/a.pdf)和[附件2](https://www.example.gov.cn/b.pdf)。",
    "身份证号码示例：110105********002X，手机号码示例：138****8000。",
]


def _commit(git_site, files: dict[str, str | bytes]):
    for rel, content in files.items():
        path = git_site.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        git_site("add", rel)
    done = git_site.commit("新增文章", author=ZHANGWEI, check=False)
    return done, done.stdout + done.stderr


@pytest.mark.parametrize(("code", "text"), EVASIVE, ids=[f"{c}-{i}" for i, (c, _) in enumerate(EVASIVE)])
def test_the_hook_refuses_the_evasive_form(git_site, code, text):
    body = f"办理说明。\n\n{text}\n"
    done, output = _commit(git_site, {A: article(body)})
    assert done.returncode != 0
    line = line_of(article(body), text[:2])
    assert f"{A}:{line}: {code} error: " in output, output
    assert "第十八条" in output or "第十九条" in output
    assert "Traceback" not in output


@pytest.mark.parametrize("text", HONEST)
def test_the_hook_lets_the_honest_look_alike_through(git_site, text):
    done, output = _commit(git_site, {A: article(f"办理说明。\n\n{text}\n")})
    assert done.returncode == 0, output
    assert "SE0" not in output


def test_an_attachment_is_refused_with_its_page(git_site, tmp_path):
    pdf = docmaker.pdf(["第一页。", "联系人手机 138 0013 8000"], folder=str(tmp_path))
    done, output = _commit(git_site, {A: article("附件见下。\n"), "content/nsfw/a/附件.pdf": pdf})
    assert done.returncode != 0
    assert "content/nsfw/a/附件.pdf:2: SE003 error: 附件第 2 页：出现手机号码 138****8000" in output, output


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("附件.docx", lambda folder: docmaker.docx(["说明。", "联系人手机 一三八〇〇一三八〇〇〇"])),
        ("附件.xlsx", lambda folder: docmaker.xlsx([["联系人手机", "一三八〇〇一三八〇〇〇"]])),
        ("附件.pdf", lambda folder: docmaker.pdf(["第一页。", "联系人手机 一三八〇〇一三八〇〇〇"], folder=folder)),
    ],
    ids=["docx", "xlsx", "pdf"],
)
def test_an_attachment_with_a_number_in_numerals_is_refused(git_site, tmp_path, name, make):
    done, output = _commit(git_site, {A: article("附件见下。\n"), f"content/nsfw/a/{name}": make(str(tmp_path))})
    assert done.returncode != 0
    assert f"content/nsfw/a/{name}:" in output and "SE003 error: 附件" in output, output
    assert "出现手机号码 138****8000（用汉字数字书写）" in output, output


def test_an_attachment_named_with_personal_data_is_refused(git_site, tmp_path):
    pdf = docmaker.pdf(["说明。"], folder=str(tmp_path))
    done, output = _commit(git_site, {A: article("附件见下。\n"), "content/nsfw/a/张伟_110101199003077715.pdf": pdf})
    assert done.returncode != 0
    assert "content/nsfw/a/张伟_110101199003077715.pdf:1: SE002 error: 附件文件名" in output, output


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("content/nsfw/a/13800138000/附件.pdf", "附件文件名“13800138000/附件.pdf”中"),  # a folder (review s8, C1)
        ("content/nsfw/a/张三138–0013–8000.pdf", "附件文件名“张三138–0013–8000.pdf”中"),  # dashes (C2)
        ("content/nsfw/a/张三+138+0013+8000.pdf", "附件文件名“张三+138+0013+8000.pdf”中"),
        ("content/nsfw/a/张三13800138000.pdf", "附件文件名“张三13800138000.pdf”中"),  # control: plain
    ],
    ids=["folder", "dashes", "plus", "plain"],
)
def test_an_attachment_path_with_a_mobile_number_is_refused(git_site, tmp_path, path, shown):
    pdf = docmaker.pdf(["说明。"], folder=str(tmp_path))
    done, output = _commit(git_site, {A: article("附件见下。\n"), path: pdf})
    assert done.returncode != 0
    assert f"{path}:1: SE003 error: {shown}：出现手机号码 138****8000" in output, output


def test_an_attachment_in_a_folder_with_dates_and_numbers_is_accepted(git_site, tmp_path):
    pdf = docmaker.pdf(["说明。"], folder=str(tmp_path))
    path = "content/nsfw/a/2026-11-30/附件1：2025年第3季度统计表.pdf"
    done, output = _commit(git_site, {A: article("[统计表](a/2026-11-30/附件1：2025年第3季度统计表.pdf)\n"), path: pdf})
    assert done.returncode == 0, output


def test_a_document_property_naming_a_person_is_refused_with_how_to_clear_it(git_site):
    data = docmaker.docx(["说明。"], author="张伟")
    done, output = _commit(git_site, {A: article("附件见下。\n"), "content/nsfw/a/附件.docx": data})
    assert done.returncode != 0
    assert "content/nsfw/a/附件.docx:1: SE010 error: " in output
    assert "检查文档" in output and "张*" in output and "张伟" not in output.split("SE010")[1].split("\n")[0]


def test_a_clean_document_passes(git_site):
    data = docmaker.docx(["说明。累计办理退税15012345678元。"], author="纳税服务司")
    done, output = _commit(git_site, {A: article("附件见下。\n"), "content/nsfw/a/附件.docx": data})
    assert done.returncode == 0, output


# --- reviewed exemptions ------------------------------------------------------------------------

EXEMPT = "exemptions:\n  - rule: SE003\n    text: '13800138000'\n    reason: 这是退税业务的受理编号，不是手机号码\n"


def test_an_exemption_lets_a_reviewed_false_alarm_through_and_says_so(git_site):
    done, output = _commit(git_site, {A: article("受理编号 13800138000。\n", extra=EXEMPT)})
    assert done.returncode == 0, output
    assert "SE003 info: 已豁免" in output and "受理编号" in output


def test_without_the_exemption_the_same_text_is_refused(git_site):
    done, output = _commit(git_site, {A: article("受理编号 13800138000。\n")})
    assert done.returncode != 0 and "SE003 error" in output


def test_a_stale_exemption_is_a_warning(git_site, run_sitegen):
    text = article("正文。\n", extra=EXEMPT)
    git_site.write(A, text)
    run = run_sitegen("check", "--format", "json", A, cwd=git_site.root)
    problems = [(p["rule"], p["severity"], p["line"]) for p in run.json["problems"]]
    assert ("SE013", "warning", line_of(text, "- rule: SE003")) in problems
    assert run_sitegen("check", "--strict", A, cwd=git_site.root).code == 1


def test_a_classification_mark_is_never_exempted(git_site):
    extra = "exemptions:\n  - rule: SE001\n    text: 机密★1年\n    reason: 只是示例\n"
    done, output = _commit(git_site, {A: article("机密★1年\n", extra=extra)})
    assert done.returncode != 0
    assert "SE014 error" in output and "SE001 error" in output


def test_an_exemption_needs_rule_text_and_reason(git_site):
    extra = "exemptions:\n  - rule: SE003\n    text: '13800138000'\n"
    done, output = _commit(git_site, {A: article("受理编号 13800138000。\n", extra=extra)})
    assert done.returncode != 0 and "SE014 error" in output and "reason" in output


def test_the_reviewer_sees_the_exemptions_when_stamping(git_site, run_sitegen):
    pending = article("受理编号 13800138000。\n", extra=EXEMPT)
    git_site.write(A, pending)
    git_site("add", "-A")
    git_site.commit("报送", author=("张伟", "zhangwei@example.gov.cn"))  # a stamp is signed on committed text
    git_site("config", "user.email", "limin@example.gov.cn")
    run = run_sitegen("review", A, "--today", "2026-11-19", cwd=git_site.root)
    assert run.code == 0, run.err
    assert "豁免" in run.out and "13800138000" in run.out and "受理编号" in run.out


def test_the_office_reports_can_list_every_exemption(site):
    from checkkit import TODAY

    from generator.checking import check_tree
    from generator.exemptions import site_exemptions

    root = site({A: approved_article("受理编号 13800138000。\n", extra=EXEMPT)})
    rows = site_exemptions(check_tree(root, today=TODAY, release=False).site.articles)
    assert [(r.path, r.rule, r.text, r.reviewed_by) for r in rows] == [(A, "SE003", "13800138000", "limin")]
    assert json.dumps([r.reason for r in rows], ensure_ascii=False).count("受理编号") == 1
