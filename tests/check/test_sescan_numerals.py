"""Numbers written in CJK numerals are the numbers they stand for (第十九条); Chinese text that counts is not.

Review s6 (H1-3): 一一〇一〇五一九四九一二三一〇〇二X and 一三八一二三四五六七八 passed check, build and publish.
Each form is tested beside the same number written in digits (the control that the digit form is refused
too), and each look-alike of ordinary Chinese text is tested to raise nothing.
"""

from __future__ import annotations

import pytest

from generator import sescan

ID = "11010519491231002X"  # a valid test number (region 110105, 1949-12-31, check digit X)
MOBILE = "13812345678"
CARD = "6222021234567890128"  # passes Luhn

CAUGHT = [
    # (id, the number written otherwise, the same number in digits, code)
    ("id-numerals-x", "身份证 一一〇一〇五一九四九一二三一〇〇二X", f"身份证 {ID}", "SE002"),
    ("id-numerals-ten", "身份证 一一〇一〇五一九四九一二三一〇〇二十", f"身份证 {ID}", "SE002"),
    ("id-capital-ten", "身份证 壹壹零壹零伍壹玖肆玖壹贰叁壹零零贰拾", f"身份证 {ID}", "SE002"),
    ("id-roman-ten", "身份证 11010519491231002Ⅹ", f"身份证 {ID}", "SE002"),
    ("id-numerals-grouped", "身份证 一一〇一〇五 一九四九一二三一 〇〇二X", "身份证 110105 19491231 002X", "SE002"),
    ("id-mixed", "身份证 1101〇5一九49一二31〇〇2X", f"身份证 {ID}", "SE002"),
    ("id-circled-ideographs", "身份证 ㊀㊀〇㊀〇㊄㊀㊈㊃㊈㊀㊁㊂㊀〇〇㊁X", f"身份证 {ID}", "SE002"),
    ("mobile-numerals", "手机 一三八一二三四五六七八", f"手机 {MOBILE}", "SE003"),
    ("mobile-ling", "手机 一三八零零一三八零零零", "手机 13800138000", "SE003"),
    ("mobile-circle-zero", "手机 一三八○○一三八○○○", "手机 13800138000", "SE003"),
    ("mobile-yao", "手机 幺三八零零幺三八零零零", "手机 13800138000", "SE003"),
    ("mobile-capitals", "手机 壹叁捌壹贰叁肆伍陆柒捌", f"手机 {MOBILE}", "SE003"),
    ("mobile-traditional-capitals", "手機 壹參捌壹貳參肆伍陸柒捌", f"手机 {MOBILE}", "SE003"),
    ("mobile-spaced", "手机 一三八 一二三四 五六七八", "手机 138 1234 5678", "SE003"),
    ("mobile-ideographic-spaces", "手机 一三八\u3000一二三四\u3000五六七八", "手机 138 1234 5678", "SE003"),
    ("mobile-dashed", "手机 一三八-一二三四-五六七八", "手机 138-1234-5678", "SE003"),
    ("mobile-fullwidth-dashes", "手机 一三八－一二三四－五六七八", "手机 138-1234-5678", "SE003"),
    ("mobile-plus86", "手机 +八六 一三八 一二三四 五六七八", "手机 +86 138 1234 5678", "SE003"),
    ("mobile-mixed-digits", "手机 1三8一二三四5六七八", f"手机 {MOBILE}", "SE003"),
    ("mobile-mixed-fullwidth", "手机 １三８一２三四５六七８", f"手机 {MOBILE}", "SE003"),
    ("mobile-circled", "手机 ①③⑧①②③④⑤⑥⑦⑧", f"手机 {MOBILE}", "SE003"),
    ("mobile-parenthesised", "手机 ⑴⑶⑻⑴⑵⑶⑷⑸⑹⑺⑻", f"手机 {MOBILE}", "SE003"),
    ("mobile-full-stop", "手机 ⒈⒊⒏⒈⒉⒊⒋⒌⒍⒎⒏", f"手机 {MOBILE}", "SE003"),
    ("mobile-parenthesised-ideographs", "手机 ㈠㈢㈧㈠㈡㈢㈣㈤㈥㈦㈧", f"手机 {MOBILE}", "SE003"),
    ("mobile-suzhou", "手机 〡〣〨〡〢〣〤〥〦〧〨", f"手机 {MOBILE}", "SE003"),
    ("mobile-zero-width", "手机 一三八\u200b一二三四\u200b五六七八", f"手机 {MOBILE}", "SE003"),
    ("mobile-entity", "手机 一三八&#19968;二三四五六七八", f"手机 {MOBILE}", "SE003"),
    ("card-numerals", "卡号 六二二二〇二一二三四五六七八九〇一二八", f"卡号 {CARD}", "SE004"),
    ("card-fours", "卡号 六二二二 〇二一二 三四五六 七八九〇 一二八", "卡号 6222 0212 3456 7890 128", "SE004"),
    ("card-capitals", "卡号 陆贰贰贰零贰壹贰叁肆伍陆柒捌玖零壹贰捌", f"卡号 {CARD}", "SE004"),
]


@pytest.mark.parametrize(("written", "digits", "code"), [c[1:] for c in CAUGHT], ids=[c[0] for c in CAUGHT])
def test_a_number_in_numerals_is_found_as_its_digits_are(written, digits, code):
    assert [f.code for f in sescan.scan(digits)] == [code]  # control: the number in digits is refused
    found = sescan.scan(written)
    assert [f.code for f in found] == [code]
    assert "第十九条" in found[0].message


def test_the_message_names_the_number_masked_and_how_it_was_written():
    (mobile,) = sescan.scan("联系人手机一三八一二三四五六七八。")
    assert "138****5678（用汉字数字书写）" in mobile.message and "13812345678" not in mobile.message
    assert "第十九条" in mobile.message and "请删除" in mobile.message
    (number,) = sescan.scan("身份证一一〇一〇五一九四九一二三一〇〇二十。")
    assert "110105********002X" in number.message  # how to mask it, as for digits
    (card,) = sescan.scan("卡号六二二二〇二一二三四五六七八九〇一二八。")
    assert "6222…0128（用汉字数字书写）" in card.message
    (digits,) = sescan.scan("联系人手机13812345678。")
    assert "汉字" not in digits.message


def test_a_number_in_digits_beside_numerals_is_reported_once_as_digits():
    for text in ("13812345678一律退回", "11010519491231002X一并提交", "一律 13812345678"):
        found = sescan.scan(text)
        assert len(found) == 1 and "汉字" not in found[0].message, (text, found)


HARMLESS = [
    "二〇二六年十一月三十日",
    "自二〇二六年一月一日起施行，二〇二五年十二月三十一日废止。",
    "依据第一二三条办理。",
    "一一对应，一一列举，逐一核对，三三两两。",
    "一二三四五六七八九十",
    "一、二、三、四、五、六、七、八、九、十",
    "金额：人民币壹拾贰万叁仟肆佰伍拾陆元柒角捌分。",
    "共计一百三十八亿一千二百三十四万元。",
    "一三八一二三四五六七八元",  # an amount with its unit, as 13812345678元 is
    "一三八一二三四五六七八万元",
    "¥一三八一二三四五六七八",
    "身份证号码应打码，例如 一一〇一〇五********〇〇二X。",
    "号码 一一〇一〇五一九四九一二三一〇〇二一 的校验位不对。",
    "卡号 六二二二〇二一二三四五六七八九〇一二七 校验不通过。",
    "编号 一二八一二三四五六七八。",  # 12 is no mobile prefix
    "一三八一二三四五六七八九",  # twelve numerals: no number we look for
    "国税发〔二〇二六〕一二号",
    "九九八十一难，七上八下，一五一十，十全十美。",
    "一九四九年十月一日，一九七八年十二月，二〇〇八年八月八日。",
    "第十一届全国人民代表大会第五次会议",
    "一〇一〇一〇一〇",
    "统一社会信用代码 91110000100000000X，一律以原件为准。",
    "参加会议的有一二十人，参差不齐。",
]


@pytest.mark.parametrize("text", HARMLESS)
def test_chinese_text_that_counts_raises_nothing(text):
    assert sescan.scan(text) == []


def test_control_the_harmless_amount_is_a_number_without_its_unit():
    """The unit makes 一三八一二三四五六七八元 an amount; without it, it is a mobile number."""
    assert [f.code for f in sescan.scan("一三八一二三四五六七八。")] == ["SE003"]


HOSTILE_UNITS = {
    "numerals": ("一", "1"),
    "numerals and spaces": ("一 ", "1 "),
    "numerals and dashes": ("一-", "1-"),
    "groups of three": ("一三八 ", "138 "),
    "numerals and digits": ("一1", "11"),
    "tens": ("十一", "X1"),
}


@pytest.mark.parametrize("unit", list(HOSTILE_UNITS), ids=list(HOSTILE_UNITS))
def test_a_megabyte_of_numerals_hides_no_number_after_it(unit):
    """Not timed (benchmarks/hostile.py and secrecy.py time these): a number after 1 MB of hostile
    numerals is still found, as it is after the same run in digits (the control)."""
    written, digits = HOSTILE_UNITS[unit]
    size = 1_000_000 // len(written.encode("utf-8"))
    assert [f.code for f in sescan.scan(digits * size + "。手机 13812345678。")] == ["SE003"]
    assert [f.code for f in sescan.scan(written * size + "。手机 一三八一二三四五六七八。")] == ["SE003"]
