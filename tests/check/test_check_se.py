"""SE: secrecy (第十八条) and privacy (第十九条) — and no crying wolf."""

from __future__ import annotations

import docmaker
import pytest
from checkkit import (
    CONSULTATION,
    SETTINGS,
    article,
    bad,
    check,
    consultation_article,
    good,
    line_of,
    run_case,
    write_site,
)

from generator.rules.se import id_check_digit_ok, luhn_ok

A = "content/nsfw/a.md"
VALID_ID = "11010519491231002X"
CARD = "6222021234567890128"


def body(text: str) -> dict:
    return {A: article(text)}


def body_line(text: str, needle: str) -> int:
    return line_of(article(text), needle)


HARMLESS = """\
本文件不涉及国家秘密，也不涉及商业秘密；保守国家秘密是每个公民的义务。
示例：身份证号码应打码，例如 110105********002X。
110105194912310021 这个号码的校验位不对，不是身份证号码。
纳税缴费服务热线 12366，办公电话 010-63417114，传真 (010)63417000。
文号 国税发〔2026〕12号，索引号 000014349/2026-00123，统一社会信用代码 91110000100000000X。
若 a<b 且 c>d，则税率不超过 5%。
代码示例：`<div>` 和
```
<script>alert(1)</script>
```
自动链接 <https://www.example.gov.cn/> 和 <webmaster@example.gov.cn>。
"""

SCRIPT_LINKS = """\
[点我](javascript:alert(1))

![图](data:image/png;base64,AAAA)

[大写](JaVaScRiPt:alert(1))

[参考]: vbscript:msgbox

<javascript:alert(1)>
"""


def attached(name: str, data: bytes) -> dict:
    return {**body("附件见下。\n"), f"content/nsfw/a/{name}": data}


STALE = "exemptions:\n  - rule: SE003\n    text: '13800138000'\n    reason: 受理编号，不是手机号码\n"

STALE_NUMERALS = STALE.replace("'13800138000'", "'一三八〇〇一三八〇〇〇'")  # the exemption names the text as written

CASES = [
    bad("SE001", body("机密★1年\n"), A, body_line("机密★1年\n", "机密★"), "jimi-star"),
    bad("SE001", body("正文\n内部资料 注意保存\n"), A, body_line("正文\n内部资料\n", "内部资料"), "neibu-ziliao"),
    bad("SE001", body("密级：秘密\n"), A, None, "miji"),
    bad("SE001", {A: article(title="绝密★ 通知")}, A, 2, "in-title"),
    good("SE001", body("本文件不涉及国家秘密和商业秘密。\n"), "guojia-mimi"),
    bad("SE002", body(f"身份证号 {VALID_ID}\n"), A, body_line("身份证号\n", "身份证号"), "valid"),
    bad("SE002", body(f"身份证号 {VALID_ID.lower()}\n"), A, None, "lower-x"),
    good("SE002", body("身份证号 110105********002X\n"), "masked"),
    good("SE002", body("号码 110105194912310021\n"), "wrong-check-digit"),
    bad("SE003", body("手机 13812345678\n"), A, None, "plain"),
    bad("SE003", body("手机 +86 138-1234-5678\n"), A, None, "formatted"),
    good("SE003", body("热线 12366，电话 010-63417114\n"), "hotline"),
    bad("SE004", body(f"卡号 {CARD}\n"), A, None, "plain"),
    bad("SE004", body("卡号 6222 0212 3456 7890 128\n"), A, None, "grouped"),
    good("SE004", body("卡号 6222021234567890127\n"), "luhn-fails"),
    bad("SE005", body("<div>文字</div>\n"), A, None, "div"),
    bad(
        "SE005", body("第一段\n\n<script>alert(1)</script>\n"), A, body_line("第一段\n\n<script>", "<script>"), "script"
    ),
    bad("SE005", body("<img src=x onerror=alert(1)>\n"), A, None, "img"),
    bad("SE005", body("a <!-- 注释 --> b\n"), A, None, "comment"),
    good("SE005", body(HARMLESS), "harmless"),
    bad("SE006", body(SCRIPT_LINKS), A, body_line(SCRIPT_LINKS, "[点我]"), "javascript"),
    bad("SE006", body(SCRIPT_LINKS), A, body_line(SCRIPT_LINKS, "![图]"), "data"),
    bad("SE006", body(SCRIPT_LINKS), A, body_line(SCRIPT_LINKS, "[大写]"), "mixed-case"),
    bad("SE006", body(SCRIPT_LINKS), A, body_line(SCRIPT_LINKS, "[参考]"), "vbscript"),
    bad("SE006", body(SCRIPT_LINKS), A, body_line(SCRIPT_LINKS, "<javascript"), "autolink"),
    good(
        "SE006", body("[网站](https://www.example.gov.cn/) [邮件](mailto:webmaster@example.gov.cn)\n"), "https-mailto"
    ),
    bad("SE007", body("联系人邮箱 zhangwei@example.gov.cn\n"), A, None, "staff"),
    good("SE007", body("来信请寄 webmaster@example.gov.cn\n"), "public-address"),
    bad("SE008", attached("附件.pdf", b"%PDF-1.4\n1 0 obj broken"), "content/nsfw/a/附件.pdf", 1),
    good("SE008", attached("附件.docx", docmaker.docx(["说明。"]))),
    bad(
        "SE009",
        attached("附件.docx", docmaker.docx_with_part("word/vbaProject.bin", b"x")),
        "content/nsfw/a/附件.docx",
        1,
    ),
    good("SE009", attached("附件.docx", docmaker.docx(["说明。"]))),
    bad("SE010", attached("附件.docx", docmaker.docx(["说明。"], author="张伟")), "content/nsfw/a/附件.docx", 1),
    good("SE010", attached("附件.docx", docmaker.docx(["说明。"], author="纳税服务司"))),
    bad("SE011", attached("照片.jpg", docmaker.jpeg(gps=True)), "content/nsfw/a/照片.jpg", 1),
    good("SE011", attached("照片.jpg", docmaker.jpeg())),
    bad(
        "SE012", {**body("附件见下。\n"), "content/nsfw/a/附件.ofd": docmaker.ofd("通知")}, "content/nsfw/a/附件.ofd", 1
    ),
    good(
        "SE012",
        {
            **body("附件见下。\n"),
            "content/nsfw/a/附件.ofd": docmaker.ofd("通知"),
            "site.yaml": SETTINGS + "attachments:\n  allow_unscanned_ofd: true\n",
        },
        "allowed-in-site-yaml",
    ),
    bad("SE013", {A: article("正文。\n", extra=STALE)}, A, line_of(article("正文。\n", extra=STALE), "- rule")),
    good("SE013", {A: article("受理编号 13800138000。\n", extra=STALE)}, "used"),
    bad("SE003", body("受理编号 一三八〇〇一三八〇〇〇。\n"), A, None, "numerals-not-exempted"),
    bad(
        "SE003",
        {A: article("受理编号 一三八〇〇一三八〇〇〇。\n", extra=STALE_NUMERALS)},
        A,
        None,
        "numerals-exempted",
        severity="info",  # shown as exempted, never an error
    ),
    bad("SE014", {A: article("机密★1年\n", extra=STALE.replace("SE003", "SE001"))}, A, None, "mark"),
    good("SE014", {A: article("受理编号 13800138000。\n", extra=STALE)}, "well-formed"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_se(case, tmp_path):
    run_case(case, tmp_path / "site")


def test_the_example_numbers_are_what_they_claim():
    assert id_check_digit_ok(VALID_ID)
    assert not id_check_digit_ok("110105194912310021")
    assert luhn_ok(CARD)
    assert not luhn_ok("6222021234567890127")


def test_harmless_text_raises_nothing_at_all(tmp_path):
    root = write_site(tmp_path / "s", body(HARMLESS))
    assert check(root) == []


def test_privacy_in_the_consultation_feedback_is_found(tmp_path):
    # The feedback line is published on the page as it stands.
    block = CONSULTATION.replace("电子邮件 zqyj@example.gov.cn", "电话 13812345678 或 zhangwei@example.gov.cn")
    text = consultation_article(block)
    root = write_site(tmp_path / "s", {"content/nsfw/zqyj/a.md": text})
    found = {(p.rule, p.line) for p in check(root)}
    assert {("SE003", line_of(text, "feedback")), ("SE007", line_of(text, "feedback"))} <= found


def test_secrecy_messages_say_what_to_do(tmp_path):
    root = write_site(tmp_path / "s", body(f"机密★1年\n手机 13812345678\n身份证 {VALID_ID}\n"))
    messages = {p.rule: p.message for p in check(root)}
    assert "第十八条" in messages["SE001"]
    assert "138****5678" in messages["SE003"] and "13812345678" not in messages["SE003"]
    assert "110105********002X" in messages["SE002"]
