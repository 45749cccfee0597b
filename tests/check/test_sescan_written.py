"""Personal numbers written so that the scan missed them (review s8-privacy, A1–A10, 2026-11-30).

Each class of form has its cases (every one passed `check`, the hooks and the build before), the plain
form as control, and the honest look-alikes that must stay clean: amounts, dates, document numbers,
hotlines, tables of counts, addresses of real sites, index numbers, ISBNs. The rules are in
docs/secrecy.md ("How a number may be written").
"""

from __future__ import annotations

import pytest
from checkkit import article, line_of

from generator import sescan

ID = "11010519491231002X"  # region 110105, born 1949-12-31, check digit X
MOBILE = "13800138000"
CARD = "6222021234567890128"  # passes Luhn

CONTROLS = {"SE002": f"身份证号{ID}。", "SE003": f"联系电话{MOBILE}。", "SE004": f"卡号 {CARD}。"}

CAUGHT = [
    # A1: a / = # beside a number in plain text is no web address
    ("a1-slash-between-two", "联系人：张三，电话13800138000/13900139000。", "SE003"),
    ("a1-equals-before", "联系人张三 手机=13800138000 。", "SE003"),
    ("a1-hash-before", "联系人张三，手机#13800138000 。", "SE003"),
    ("a1-card-slash-bank", "张三工资卡6222021234567890128/工商银行。", "SE004"),
    # A2: an address ends where the text goes on; and a number inside an address is published too (A9)
    ("a2-address-runs-on", "网站https://www.example.gov.cn/、联系人张三13800138000。", "SE003"),
    ("a9-query", "[联系张三](https://www.example.com/?tel=13800138000)", "SE003"),
    ("a9-path-plus86", "[联系张三](https://wa.me/8613800138000)", "SE003"),
    ("a9-reference-definition", '[联系][x]\n\n[x]: https://www.example.com/u/13800138000 "张三"', "SE003"),
    ("a9-id-query", f"[查询](https://www.example.com/?sfz={ID})", "SE002"),  # caught before too: kept
    # A3: a measure word that starts another word is no unit
    ("a3-card-huming", "卡号 6222 0212 3456 7890 128 户名：张三。", "SE004"),
    ("a3-mobile-ri", "张三手机 13800138000 日间可拨打。", "SE003"),
    ("a3-mobile-tian", "张三手机13800138000 天天在线。", "SE003"),
    ("a3-mobile-nianling", "张三13800138000年龄四十岁。", "SE003"),
    ("a3-mobile-yuandan", "张三13800138000元旦后可联系。", "SE003"),
    # A4: every dash, slash, comma, bracket, long spaces
    ("a4-en-dash", "联系电话 138–0013–8000 。", "SE003"),
    ("a4-hyphen-2010", "联系电话 138‐0013‐8000 。", "SE003"),
    ("a4-minus-2212", "联系电话 138−0013−8000 。", "SE003"),
    ("a4-em-dash", "联系电话 138—0013—8000 。", "SE003"),
    ("a4-slash", "联系电话 138/0013/8000 。", "SE003"),
    ("a4-fullwidth-slash", "联系电话 138／0013／8000 。", "SE003"),
    ("a4-comma", "联系电话 138,0013,8000 。", "SE003"),
    ("a4-brackets", "联系电话 (138)0013-8000 。", "SE003"),
    ("a4-five-spaces", "联系电话 138     0013     8000 。", "SE003"),
    ("a4-thin-spaces", "联系电话 138\u20090013\u20098000 。", "SE003"),  # these three were folded already: kept
    ("a4-narrow-no-break", "联系电话 138\u202f0013\u202f8000 。", "SE003"),
    ("a4-ideographic-space", "联系电话 138\u30000013\u30008000 。", "SE003"),
    ("a4-katakana-dot", "联系电话 138・0013・8000 。", "SE003"),
    ("a4-bullet", "联系电话 138•0013•8000 。", "SE003"),
    ("a4-spaced-dash", "联系电话 138 – 0013 – 8000 。", "SE003"),
    ("a4-id-en-dash", "身份证号 110105–19491231–002X 。", "SE002"),
    ("a4-id-slash", "身份证号 110105/19491231/002X 。", "SE002"),
    ("a4-card-issuer-then-rest", "张三工资卡 622202 1234567890128 。", "SE004"),
    # A5: digit by digit, in pairs, odd pieces, standing alone
    ("a5-digit-by-digit", "联系电话 1 3 8 0 0 1 3 8 0 0 0 。", "SE003"),
    ("a5-pairs", "联系电话 13 80 01 38 00 0 。", "SE003"),
    ("a5-threes", "联系电话 138 001 380 00 。", "SE003"),
    ("a5-dashed-digits", "联系电话 1-3-8-0-0-1-3-8-0-0-0 。", "SE003"),
    ("a5-id-digit-by-digit", "身份证号 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 X 。", "SE002"),
    ("a5-id-3-3-8-4", "身份证号 110 105 19491231 002X 。", "SE002"),
    ("a5-card-digit-by-digit", "卡号 6 2 2 2 0 2 1 2 3 4 5 6 7 8 9 0 1 2 8 。", "SE004"),
    # A7: the check digit written × or Cyrillic/Greek X
    ("a7-times", "身份证号 11010519491231002× 。", "SE002"),
    ("a7-cyrillic", "身份证号 11010519491231002Х 。", "SE002"),
    ("a7-greek", "身份证号 11010519491231002Χ 。", "SE002"),
    ("a7-ballot-x", "身份证号 11010519491231002✗ 。", "SE002"),
    # A8: letters for digits
    ("a8-letter-o", "联系电话 138OO138OOO 。", "SE003"),
    ("a8-letter-l", "联系电话 l38OOl38OOO 。", "SE003"),
    ("a8-id-letter-o", "身份证号 11O1O519491231OO2X 。", "SE002"),
    # A10: too little hidden
    ("a10-id-two-hidden", "身份证号 110105194912310**X 。", "SE002"),
    ("a10-id-five-hidden", "身份证号 1101051949*****02X 。", "SE002"),
    ("a10-mobile-two-hidden", "联系电话 138**138000 。", "SE003"),
    ("a10-mobile-three-hidden", "联系电话 13800138***。", "SE003"),
    ("a10-mobile-x-mask", "联系电话 138xx138000 。", "SE003"),
    # B1 in the check (the screen already stopped it): Markdown emphasis inside the number
    ("b1-emphasis", "联系电话138**0013**8000。", "SE003"),
    # 15-digit first-generation ID numbers, where a label names them
    ("id15-labelled", "张三，身份证号110105491231002。", "SE002"),
    ("id15-labelled-grouped", "公民身份号码 110105 491231 002", "SE002"),
]

CLEAN = [
    # amounts
    "今年累计办理退税15012345678元，惠及纳税人。",
    "累计入库税款123456789012元。",
    "全年税收收入 15,123,456,789 元。",
    "| 税种 | 收入（元） |\n|---|---:|\n| 增值税 | 15,123,456,789 |",
    "共 13812345678 户次享受优惠。",
    "共 13812345678 户。",
    "累计服务 13812345678 人次。",
    "退税 15012345678.50 元。",
    "各季度新增户数分别为 15 20 30 45 60 9 户。",
    # dates, times, document and index numbers, standards, books
    "2026-11-26 13:45:00 起施行。",
    "2026/11/26 发布，2026/12/01 施行。",
    "2021–2025 年规划。",
    "索引号 000014349/2026-00123。",
    "书号 ISBN 978-7-5095-1234-5。",
    "依据 GB/T 33190—2016 标准。",
    "时间戳 1732876543210。",
    # phones that are not mobiles
    "纳税缴费服务热线 12366，银行客服 95566。",
    "办公电话 010–6341 7114，传真 (010)6341-7000。",
    "办公电话 0571-8888 1234 转 8000。",
    # masked as it should be
    "身份证号 110105********002X。",
    "身份证号 1101**********002X。",
    "身份证号 110105 ******** 002X。",
    "联系电话 138****8000。",
    "联系电话 138 **** 8000。",
    "联系电话 1380013****。",
    # tables and lists of counts
    "| 月份 | 1 | 2 | 3 |\n|---|---|---|---|\n| 户数 | 13 | 80 | 01 |\n| 人数 | 38 | 00 | 0 |",
    "三项指标分别为 13.8 15.2 16.1 17 18.5。",
    "序号 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21",
    "得分 1 3 8 0 0 1 3 8 0 0 0 2 5 9 4",  # part of a longer run of digits: not one number
    "- 150\n- 2000\n- 3000",
    # addresses of real sites
    "详见 https://www.gov.cn/zhengce/content/2021-03/24/content_5595384.htm 。",
    "详见 https://www.mof.gov.cn/zhengwuxinxi/202301/t20230113_3863251.htm 。",
    "网站https://www.example.gov.cn/2026/、热线12366。",
    # letters and words
    "Windows 10 Pro 与 Office 2016 兼容，ISO 9001:2015 认证。",
    "型号 IO138001380。",
    "Hello 2026，Google 12345678901234567890。",
    # 15 digits without a label: an old taxpayer number is a region and an organisation code
    "纳税人识别号 110105491231002。",
]


@pytest.mark.parametrize(("text", "code"), [c[1:] for c in CAUGHT], ids=[c[0] for c in CAUGHT])
def test_the_form_is_refused_as_the_plain_number_is(text, code):
    assert code in {f.code for f in sescan.scan(CONTROLS[code])}  # control: the plain form
    found = sescan.scan(text)
    assert code in {f.code for f in found}, found
    assert all("第十九条" in f.message for f in found)


@pytest.mark.parametrize("text", CLEAN)
def test_honest_look_alikes_stay_clean(text):
    assert sescan.scan(text) == []


def test_control_the_clean_texts_hold_the_shapes_they_guard():
    """The look-alikes are not clean for want of digits: each holds at least 7 of them."""
    assert all(sum(ch.isdigit() for ch in text) >= 7 for text in CLEAN)


def test_a_line_break_in_the_source_is_a_space_on_the_page():
    for text, code in (("联系电话 138 0013\n8000 。", "SE003"), ("身份证号1101051949\n1231002X，请核对。", "SE002")):
        assert [f.code for f in sescan.scan(text)] == [code]
        # a document's lines are its cells and paragraphs: 150 / 2000 / 3000 in three cells are three numbers
        assert sescan.scan(text, soft_breaks=False) == []
    assert sescan.scan("一季度\n150\n2000\n3000\n", soft_breaks=False) == []
    assert sescan.scan("联系电话 138 0013\n\n8000 。") == []  # two paragraphs


def test_too_little_hidden_says_how_much_to_hide():
    (id_finding,) = sescan.scan("身份证号 110105194912310**X 。")
    assert "打码不足" in id_finding.message and "只隐去了 2 位" in id_finding.message
    assert "至少隐去 6 位" in id_finding.message and "110105********0**X" in id_finding.message
    (mobile,) = sescan.scan("联系电话 138**138000 。")
    assert "打码不足" in mobile.message and "138****8000" in mobile.message


def test_letters_for_digits_are_named_in_the_message():
    (finding,) = sescan.scan("联系电话 138OO138OOO 。")
    assert finding.text == "138OO138OOO" and "形似数字的字母" in finding.message


def test_the_check_names_file_line_and_rule(site, run_sitegen):
    """Through the real `sitegen check`: the line is where the number starts, the message in Chinese."""
    body = "办理事项说明。\n\n联系人：张三，电话 138–0013\n8000，身份证号 110105194912310**X。\n\n工资卡 622202 1234567890128。\n"
    text = article(body)
    root = site({"content/nsfw/leak.md": text, "content/nsfw/ok.md": article("\n".join(CLEAN[:20]) + "\n")})
    run = run_sitegen("check", "--today", "2026-11-26", cwd=root)
    assert run.code == 1
    first = line_of(text, "电话 138–0013")
    assert f"content/nsfw/leak.md:{first}: SE003 error: 出现手机号码 138****8000" in run.out, run.out
    assert f"content/nsfw/leak.md:{first + 1}: SE002 error: 身份证号码 110105194912310**X 打码不足" in run.out
    assert f"content/nsfw/leak.md:{line_of(text, '工资卡')}: SE004 error: 出现银行卡号 6222…0128" in run.out
    assert "content/nsfw/ok.md" not in run.out


def test_an_attachment_is_read_with_the_same_rules(site, run_sitegen):
    """A spreadsheet (openpyxl): a mobile with en dashes in one cell is refused; numbers in three cells are not
    one number (the cells are lines that never join)."""
    import docmaker

    leak = docmaker.xlsx([["事项", "内容"], ["联系", "张三 138–0013–8000"]])
    counts = docmaker.xlsx([["季度", "户数", "人数", "笔数"], ["一季度", "150", "2000", "3000"]])
    root = site(
        {
            "content/nsfw/a.md": article("附件见下方。\n"),
            "content/nsfw/a/联系表.xlsx": leak,
            "content/nsfw/b.md": article("附件见下方。\n"),
            "content/nsfw/b/统计表.xlsx": counts,
        }
    )
    run = run_sitegen("check", "--today", "2026-11-26", cwd=root)
    assert run.code == 1
    assert "content/nsfw/a/联系表.xlsx" in run.out and "SE003" in run.out, run.out
    assert "统计表" not in run.out


def test_overlap_index_answers_as_testing_every_earlier_finding() -> None:
    """The index that keeps the scan linear (review s8 h4: each finding was tested against every earlier
    one) says what the quadratic test said, spans overlapping one another included."""
    import random

    from generator.sescan import Finding, _Taken

    rng = random.Random(8)
    for _ in range(200):
        spans = [(a, a + rng.randint(1, 20)) for a in (rng.randint(0, 200) for _ in range(rng.randint(0, 15)))]
        made = [Finding("SE003", a, b, "", "") for a, b in spans]
        index = _Taken(made)
        for a in range(0, 230, 3):
            new = Finding("SE003", a, a + rng.randint(1, 12), "", "")
            naive = any(new.start < x.end and x.start < new.end for x in made)
            assert index.overlaps(new) is naive


def test_many_findings_each_reported_once() -> None:
    """Thousands of findings in one text (the crafted input that was quadratic) are all still reported,
    once each; the plain form beside them too."""
    text = "138OO138OOO " * 3000 + "13800138000 1380013**00 " * 3000
    found = sescan.scan(text)
    assert [x.code for x in found].count(sescan.MOBILE) == 9000
    assert len({(x.start, x.end) for x in found}) == len(found)


@pytest.mark.parametrize(
    "text",
    [
        "全年用电 13800138000 千瓦时。",
        "全年用电 13800138000 千瓦",
        "全社会用电量15012345678千瓦时",
        "全社会用电量 15012345678 kWh",
        "13800138000吨标准煤",
        "累计退税13800138000余元",
        "累计退税13800138000多元",
        "惠及13800138000余户",
        "合计 13800138000 立方米",
        "合计 13800138000 平方米",
        "总股本13800138000股",
        "合计 13800138000.50",
    ],
)
def test_quantity_with_a_longer_unit_or_a_fraction_is_no_mobile(text: str) -> None:
    """Review s8 h4 Q1: a measure word followed by more of its unit (千瓦时, 吨标准煤), 余/多 before a unit,
    a decimal fraction: quantities, not phone numbers."""
    assert sescan.scan(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "联系电话：13800138000。",
        "联系电话：13800138000.",
        "电话 13800138000 名单见附件",
        "手机13800138000，股份公司",
        "电话 138.0013.8000",
        "13800138000.1380013800",
        "手机 13800138000 千万不要外传",
    ],
)
def test_mobile_beside_a_unit_like_word_is_still_found(text: str) -> None:
    """Controls: a full stop, a word after a measure word, dots as separators do not make an amount."""
    assert sescan.MOBILE in {x.code for x in sescan.scan(text)}


@pytest.mark.parametrize(
    "text",
    [
        "详见 https://m.weibo.cn/status/4277784818376763 。",
        "详见 https://www.toutiao.com/article/6531531238007663778/ 。",
        "详见 www.toutiao.com/a6531531238007663778 。",
        "[原文](https://www.toutiao.com/article/6531531238007663778/?id=6531531238007663778)",
    ],
)
def test_an_address_id_that_passes_luhn_is_no_card(text: str) -> None:
    """Review s8 h4 Q2: these ids pass Luhn and start like cards; inside an address they are ids."""
    assert sescan.luhn_ok("4277784818376763") and sescan.luhn_ok("6531531238007663778")
    assert sescan.scan(text) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("4277784818376763", sescan.BANK_CARD),
        ("退款账户 6531531238007663778。", sescan.BANK_CARD),
        ("[查询](https://pay.example.cn/q?cardNo=6222021234567890128)", sescan.BANK_CARD),
        ("https://pay.example.cn/q?bank_account=6222021234567890128&x=1", sescan.BANK_CARD),
        ("详见 https://m.weibo.cn/status/4277784818376763 ，退款账户 6222021234567890128。", sescan.BANK_CARD),
        ("详见 https://www.example.gov.cn/art/2026/15012345678.html 。", sescan.MOBILE),
        ("[查询结果](https://www.example.gov.cn/cx?id=110101199003077715)", sescan.ID_NUMBER),
    ],
)
def test_card_outside_an_address_or_named_in_it_and_other_numbers_in_addresses_are_found(text: str, code: str) -> None:
    """Controls: the same digits outside an address are a card; a card parameter names one; mobiles and
    ID numbers inside addresses are still judged."""
    assert code in {x.code for x in sescan.scan(text)}


@pytest.mark.parametrize(
    "text",
    [
        "各区受理件数：1 5 2 3 0 0 4 1 2 0 3",
        "得分：13 15 20 18 22 9",
        "涉及第13,14,15,16,17,8题",
        "第13、14、15、16、17、8题",
        "138○○○○8000",
        "联系电话 138〇〇〇〇8000",
        "张某，身份证号 110105○○○○○○○○002X",
    ],
)
def test_row_of_counts_and_mask_of_circles_pass(text: str) -> None:
    """Review s8 h4 Q3: small numbers a label, 第 or a measure word marks as counts; ○ four times between
    digits is a mask."""
    assert sescan.scan(text) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1 3 8 0 0 1 3 8 0 0 0", sescan.MOBILE),
        ("联系电话：1 3 8 0 0 1 3 8 0 0 0", sescan.MOBILE),
        ("手机：13 80 01 38 00 0", sescan.MOBILE),
        ("Tel: 1 3 8 0 0 1 3 8 0 0 0", sescan.MOBILE),
        ("得分：13800138000", sescan.MOBILE),
        ("各区受理件数：138 0013 8000", sescan.MOBILE),
        ("编号：1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 X", sescan.ID_NUMBER),
        ("一三八〇〇一三八〇〇〇", sescan.MOBILE),
        ("138〇〇138〇〇〇", sescan.MOBILE),
        ("1380013〇〇00", sescan.MOBILE),
    ],
)
def test_digit_by_digit_after_a_contact_label_and_numerals_are_still_found(text: str, code: str) -> None:
    """Controls: alone or after a contact label a digit-by-digit mobile counts; a usual grouping counts after
    any label; an ID by its check digit after any label; circles as numerals, or fewer than four, are 0."""
    assert code in {x.code for x in sescan.scan(text)}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("138 0013\u20288000", sescan.MOBILE),
        ("138——0013——8000", sescan.MOBILE),
        ("138--0013--8000", sescan.MOBILE),
        ("138 -- 0013 -- 8000", sescan.MOBILE),
        ("(138)-0013-8000", sescan.MOBILE),
        ("138...0013...8000", sescan.MOBILE),
        ("1380013??00", sescan.MOBILE),
        ("1380013■■00", sescan.MOBILE),
        ("1380013△△00", sescan.MOBILE),
        ("1380013__00", sescan.MOBILE),
        ("13800138??0", sescan.MOBILE),
        ("1380013 ** 00", sescan.MOBILE),
        ("1101051949123100?X", sescan.ID_NUMBER),
        ("11010519491231■■2X", sescan.ID_NUMBER),
    ],
)
def test_more_separators_and_masks_are_read(text: str, code: str) -> None:
    """Review s8 h4 N1, N5, N7: the Chinese dash, a bracket then a dash, U+2028 (a line break inside a
    paragraph or cell), masks written with ? ■ △ _ and a spaced mask."""
    assert code in {x.code for x in sescan.scan(text)}


def test_line_separator_is_a_gap_in_documents_too() -> None:
    assert sescan.MOBILE in {x.code for x in sescan.scan("138 0013\u20288000", soft_breaks=False)}
    assert sescan.scan("138 0013\n8000", soft_breaks=False) == []  # control: two cells stay two numbers


@pytest.mark.parametrize(
    "text",
    [
        "138****8000",
        "138????8000",
        "138■■■■8000",
        "110105________002X",
        "详见第2?3页",
        "2025——2026年",
        "2025-01-01——2025-12-31",
        "GB/T 33190——2016",
        "第1...10项",
        "三年分别受理138、2013、8000件",
    ],
)
def test_proper_masks_ranges_and_lists_pass(text: str) -> None:
    """Controls: masks that hide enough, ranges with the Chinese dash, a list parted by 、."""
    assert sescan.scan(text) == []


def test_markup_between_groups_and_the_review_forms_through_the_check(site, run_sitegen):
    """Review s8 h4 N2 (after rebase on main's shown-text pass), Q1-Q3, N1, N5 through the real `sitegen
    check`: code spans and strikethrough between the groups are caught; the honest look-alikes pass."""
    leaks = {
        "code.md": "联系电话：`138`0013`8000`。\n",
        "code2.md": "联系电话：138`0013`8000。\n",
        "strike.md": "联系电话：138~~0013~~8000。\n",
        "dash.md": "联系电话：138——0013——8000。\n",
        "mask.md": "联系电话：1380013??00。\n",
    }
    honest = {
        "kwh.md": "全社会用电量15012345678千瓦时，同比增长3.2%。\n",
        "weibo.md": "详见 https://m.weibo.cn/status/4277784818376763 。\n",
        "counts.md": "各区受理件数：1 5 2 3 0 0 4 1 2 0 3\n",
        "circles.md": "联系电话 138○○○○8000。\n",
    }
    files = {f"content/nsfw/{name}": article(body) for name, body in {**leaks, **honest}.items()}
    run = run_sitegen("check", "--today", "2026-11-26", cwd=site(files))
    assert run.code == 1
    for name in leaks:
        lines = run.out.splitlines()
        assert any(f"content/nsfw/{name}:" in line and "SE003" in line for line in lines), (name, run.out)
    for name in honest:
        assert f"content/nsfw/{name}:" not in run.out, (name, run.out)


@pytest.mark.parametrize("text", ["Ӏ3800138000", "1З8ОО1З8ООО", "І38ОО138ООО", "联系电话 ӏ38ОО138ООО"])
def test_cyrillic_letters_for_one_and_three_are_read(text: str) -> None:
    """Review s8 h4 N4: Cyrillic І Ӏ ӏ look like 1 and З like 3."""
    assert sescan.MOBILE in {x.code for x in sescan.scan(text)}


@pytest.mark.parametrize("text", ["Зона 13", "ЗАО 1380013800", "Model ІO138001380"])
def test_cyrillic_words_and_models_are_no_numbers(text: str) -> None:
    """Controls: the letters inside words, or a number of the wrong length."""
    assert sescan.scan(text) == []


# Session 9: the forms session 8 left open. A number cut into uneven pieces by spaces or dashes, and one cut
# by the marks Chinese prose lists things with (、 。 … ⋯), each refused as the plain number is.
UNEVEN_AND_LISTED = [
    ("联系电话 1 38 0013 8000 。", "SE003"),
    ("联系电话 13 800 138 000 。", "SE003"),
    ("联系方式：1-3800-1380-00。", "SE003"),
    ("张三手机1380013 8000，请勿外传。", "SE003"),
    ("联系电话138、0013、8000。", "SE003"),
    ("联系电话 138…0013…8000 。", "SE003"),
    ("联系电话 138……0013……8000 。", "SE003"),
    ("联系电话 138⋯0013⋯8000 。", "SE003"),
    ("联系电话138。0013。8000", "SE003"),
    ("身份证号 110105、19491231、002X。", "SE002"),
    ("身份证号 11010519491231002乂。", "SE002"),  # 乂 ❌ ❎ look like X (textfold)
    ("身份证号 11010519491231002❌。", "SE002"),
]


@pytest.mark.parametrize(("text", "code"), UNEVEN_AND_LISTED)
def test_uneven_pieces_and_listing_marks_are_refused_as_the_plain_number_is(text: str, code: str) -> None:
    assert code in {f.code for f in sescan.scan(CONTROLS[code])}  # control: the plain form
    assert code in {f.code for f in sescan.scan(text)}


@pytest.mark.parametrize(
    "text",
    [
        "三年分别受理138、1234、5678、90件",  # a list of counts: more pieces than a number, and its unit
        "数量：138、0013、8000",  # after a label that names no contact: counts
        "第1、3、8、0、0、1、3、8、0、0、0条",  # ordinals
        "2019、2020、2021、2022年",  # years (16 digits in fours, one in ten passes Luhn: never a card when listed)
        "2019、2020、2021、2022、2023、2024",
        "六项指标分别为 15 23 181 30。",  # uneven pieces, but not 11 digits
        "共 13 800 138 000 元",  # an amount
        "1 38 0013 8000 户",  # counts with their unit
        "依据2026年1月1日。2026年12月31日前完成。",
        "截至10月底……13800户次",
    ],
)
def test_lists_of_counts_and_years_parted_by_listing_marks_pass(text: str) -> None:
    assert sescan.scan(text) == []


def test_uneven_and_listed_forms_through_the_check(site, run_sitegen):
    """The real `sitegen check` names each file and rule; a list of counts beside them passes."""
    leaks = {"uneven.md": "联系电话：1 38 0013 8000\n", "listed.md": "联系电话：138、0013、8000。\n"}
    honest = {"counts.md": "三年分别受理138、1234、5678、90件。\n"}
    files = {f"content/nsfw/{name}": article(body) for name, body in {**leaks, **honest}.items()}
    run = run_sitegen("check", "--today", "2026-11-26", cwd=site(files))
    assert run.code == 1
    for name in leaks:
        assert any(f"content/nsfw/{name}:" in line and "SE003" in line for line in run.out.splitlines()), run.out
    assert "content/nsfw/counts.md:" not in run.out, run.out
