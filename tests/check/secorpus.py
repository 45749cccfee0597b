"""The labelled corpus of the secrecy and privacy scans (第十八、十九条): realistic cases, both sides.

Each case is one article (and, for documents, one attachment) with the SE codes it must raise —
an empty set for the honest look-alikes. `build(folder)` writes them all into one scratch site;
the test checks it once and compares case by case. `python tests/check/secorpus.py` prints the
precision and recall that docs/secrecy.md reports.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import docmaker
from checkkit import article

VALID_ID = "11010519491231002X"
ID_B = "110101199003077715"
MOBILE = "13800138000"
CARD = "6222021234567890128"
STAFF = "zhangwei@example.gov.cn"


@dataclass
class Case:
    id: str
    expect: frozenset[str]  # SE codes that must be raised; empty: nothing may be
    files: dict[str, str | bytes | Callable[[str], bytes]] = field(default_factory=dict)
    form: str = ""  # what the case is about (the docs group by it)

    @property
    def positive(self) -> bool:
        return bool(self.expect)


def _slug(text: str) -> str:
    return text.lower().replace("_", "-")


CASES: list[Case] = []


def add(case_id: str, expect: set[str] | frozenset[str], files: dict, form: str) -> None:
    CASES.append(Case(_slug(case_id), frozenset(expect), files, form))


def body_case(case_id: str, expect: set[str], body: str, form: str, **kw: str) -> None:
    slug = _slug(case_id)
    add(case_id, expect, {f"content/nsfw/{slug}.md": article(body, **kw)}, form)


# --- text forms: each one placed in a realistic sentence, in several places ---------------------

MARKS_BAD = {
    "star": "机密★1年",
    "ideographic-space": "机　密★1年",
    "fullwidth-asterisk": "机密＊1年",
    "white-star": "秘密☆5年",
    "top-secret-long": "绝密★长期",
    "spaced-star": "机 密 ★ 10年",
    "labelled": "密级：机密",
    "labelled-ascii": "密级:秘密",
    "traditional": "內部資料",
    "spaced-neibu": "内 部 资 料",
    "neibu-heading": "## 内部资料",
    "neibu-bracketed": "【内部资料】",
    "neibu-keep": "内部资料 注意保存",
    "zhuyi-baomi": "注意保密",
    "yanjin-waichuan": "严禁外传",
    "neibu-cankao": "内部参考",
    "zero-width": "机\u200b密★1年",
    "emphasis": "**机密**★1年",
    "entity": "机&#23494;★1年",
    "level-alone": "秘密",
    "neibu-wenjian": "内部文件",
    "traditional-star": "機密★3年",
}
MARKS_GOOD = {
    "sentence": "严禁将内部资料上传互联网，违者依法处理。",
    "book-title": "依据《内部资料性出版物管理办法》办理。",
    "rule-title": "内部文件管理规定如下：各单位应当建立台账。",
    "guojia-mimi": "本文件不涉及国家秘密，也不涉及商业秘密。",
    "baoshou": "保守国家秘密是每个公民的义务。",
    "mimi-wenjian": "秘密文件的管理应当符合保密法的规定。",
    "definition": "内部资料，是指由内部编印、供内部使用、不公开发行的各类资料。",
    "jimi-word": "本公告对申请人的商业秘密予以保护。",
    "neibu-kongzhi": "企业应当健全内部控制制度。",
    "zhuyi-shixiang": "注意事项：请携带有效证件。",
    "heading-run-on": "## 内部资料管理办法",
    "list-run-on": "1. 内部文件的归档应当及时。",
    "quote-sentence": "> 各单位不得将内部资料上传至互联网。",
    "bold-sentence": "**严禁外传内部资料**是保密纪律的要求。",
    "neibu-shenji": "内部审计结果将另行公布。",
    "mimi-law": "依照《中华人民共和国保守国家秘密法》执行。",
    "jimi-sentence": "泄露机密信息将依法追责。",
    "star-rating": "服务评价：★★★★★",
    "star-plain": "★ 重点推荐",
    "secret-level-text": "密级标注应当符合规定。",
}
PERSONAL_BAD = {
    ("SE002", "id-plain"): f"申请人身份证号码 {ID_B}，请核对。",
    ("SE002", "id-x"): f"身份证号：{VALID_ID}。",
    ("SE002", "id-lower-x"): f"身份证号：{VALID_ID.lower()}。",
    ("SE002", "id-spaced"): "身份证 110101 19900307 7715，请核对。",
    ("SE002", "id-dashed"): "身份证 110101-19900307-7715。",
    ("SE002", "id-fullwidth"): "身份证 １１０１０１１９９００３０７７７１５。",
    ("SE002", "id-zero-width"): "身份证 110101\u200b19900307\u200b7715。",
    ("SE002", "id-in-link"): f"[查询结果](https://www.example.gov.cn/cx?id={ID_B})",
    ("SE003", "mobile-plain"): f"联系人手机 {MOBILE}。",
    ("SE003", "mobile-344"): "联系人手机 138 0013 8000。",
    ("SE003", "mobile-434"): "联系人手机 1380 013 8000。",
    ("SE003", "mobile-dots"): "联系人手机 138.0013.8000。",
    ("SE003", "mobile-dashes"): "联系人手机 138-0013-8000。",
    ("SE003", "mobile-plus86"): "联系人手机 +86 138-0013-8000。",
    ("SE003", "mobile-fullwidth"): "联系人手机 １３８００１３８０００。",
    ("SE003", "mobile-zero-width"): "联系人手机 138\u200b0013\u200b8000。",
    ("SE003", "mobile-tel-link"): "[拨打电话](tel:13800138000)",
    ("SE003", "mobile-middle-dot"): "联系人手机 138·0013·8000。",
    ("SE004", "card-plain"): f"退款账户 {CARD}。",
    ("SE004", "card-grouped"): "退款账户 6222 0212 3456 7890 128。",
    ("SE004", "card-dots"): "退款账户 6222.0212.3456.7890.128。",
    ("SE004", "card-dashes"): "退款账户 6222-0212-3456-7890-128。",
    ("SE004", "card-fullwidth"): "退款账户 ６２２２０２１２３４５６７８９０１２８。",
    ("SE007", "email-plain"): f"来信请寄 {STAFF}。",
    ("SE007", "email-emphasis"): "来信请寄 zhang*wei*@example.gov.cn。",
    ("SE007", "email-strong"): "来信请寄 **zhang**wei@example.gov.cn。",
    ("SE007", "email-mailto-percent"): "[写信](mailto:zhangwei%40example.gov.cn)",
    ("SE007", "email-backslash"): "来信请寄 zhangwei\\@example.gov.cn。",
    ("SE007", "email-entity"): "来信请寄 zhangwei&#64;example.gov.cn。",
    ("SE007", "email-fullwidth-at"): "来信请寄 zhangwei＠example.gov.cn。",
    ("SE007", "email-bracket-at"): "来信请寄 zhangwei[at]example.gov.cn。",
    ("SE007", "email-upper"): "来信请寄 ZhangWei@Example.gov.cn。",
    ("SE007", "email-spaced-at"): "来信请寄 zhangwei @ example.gov.cn。",
    ("SE007", "email-zero-width"): "来信请寄 zhang\u200bwei@example.gov.cn。",
    ("SE007", "email-fullwidth-letters"): "来信请寄 ｚｈａｎｇｗｅｉ@example.gov.cn。",
}
# Forms found by the adversarial review of 2026-11-29: invisible characters, other stars and digits,
# the common disguises of an address.
MARKS_BAD |= {
    "variation-selector": "机\ufe0f密★1年",
    "variation-selector-neibu": "内\ufe0f部资料",
    "small-star": "机密⭑1年",
    "four-pointed-star": "机密✦1年",
}
PERSONAL_BAD |= {
    ("SE003", "mobile-variation-selector"): "联系人手机 138\ufe0f0013\ufe0f8000。",
    ("SE003", "mobile-tag-character"): "联系人手机 138\U000e00200013\U000e00208000。",
    ("SE003", "mobile-arabic-indic"): "联系人手机 ١٣٨٠٠١٣٨٠٠٠。",
    ("SE002", "id-variation-selector"): "身份证 1101051949\ufe0f1231002X。",
    ("SE004", "card-variation-selector"): "退款账户 622202\ufe0f1234567890128。",
    ("SE007", "email-hash"): "来信请寄 zhangwei#example.gov.cn。",
    ("SE007", "email-ideographic-dots"): "来信请寄 zhangwei@example。gov。cn。",
    ("SE007", "email-plus-tag"): "来信请寄 zhangwei+news@example.gov.cn。",
    ("SE007", "email-variation-selector"): "来信请寄 zhang\ufe0fwei@example.gov.cn。",
}
# Numbers written in CJK numerals (review s6, H1-3): read as the digits they stand for.
PERSONAL_BAD |= {
    ("SE002", "id-cjk-numerals"): "身份证号码 一一〇一〇五一九四九一二三一〇〇二X。",
    ("SE002", "id-cjk-ten"): "身份证号码：一一〇一〇五一九四九一二三一〇〇二十。",
    ("SE002", "id-cjk-grouped"): "身份证 一一〇一〇一 一九九〇〇三〇七 七七一五，请核对。",
    ("SE003", "mobile-cjk-numerals"): "联系人手机 一三八〇〇一三八〇〇〇。",
    ("SE003", "mobile-cjk-capitals"): "联系人手机 壹叁捌零零壹叁捌零零零。",
    ("SE003", "mobile-cjk-spaced"): "联系人手机 一三八 〇〇一三 八〇〇〇。",
    ("SE003", "mobile-cjk-dashed"): "联系人手机 一三八-〇〇一三-八〇〇〇。",
    ("SE003", "mobile-cjk-mixed"): "联系人手机 138〇〇13八〇〇〇。",
    ("SE003", "mobile-cjk-circle-zero"): "联系人手机 一三八○○一三八○○○。",
    ("SE004", "card-cjk-numerals"): "退款账户 六二二二〇二一二三四五六七八九〇一二八。",
    ("SE004", "card-cjk-fours"): "退款账户 六二二二 〇二一二 三四五六 七八九〇 一二八。",
}
PERSONAL_GOOD = {
    "amount": "今年累计办理退税15012345678元，惠及纳税人。",
    "amount-spaced": "累计减税 13812345678 元。",
    "amount-wan": "共计13900001234万元。",
    "households": "共 13812345678 户次享受优惠。",
    "currency": "合计 ¥13812345678。",
    "date-iso": "2026-11-26 13:45 起施行。",
    "date-dots": "2026.11.26 发布。",
    "date-compact": "编号 20261126-0001。",
    "masked-id": "身份证号码应打码，例如 110105********002X。",
    "wrong-check-digit": "号码 110105194912310021 的校验位不对。",
    "hotline": "纳税缴费服务热线 12366。",
    "landline": "办公电话 010-63417114，传真 (010)63417000。",
    "landline-spaced": "办公电话 0571-8888 1234。",
    "luhn-fails": "卡号 6222021234567890127 校验不通过。",
    "credit-code": "统一社会信用代码 91110000100000000X。",
    "index-no": "索引号 000014349/2026-00123。",
    "doc-no": "国税发〔2026〕12号。",
    "public-email": "来信请寄 webmaster@example.gov.cn。",
    "unregistered-email": "意见请发送至 zqyj@example.gov.cn。",
    "similar-email": "来信请寄 zhangwei2@example.gov.cn。",
    "isbn": "书号 ISBN 978-7-5095-1234-5。",
    "standard": "依据 GB/T 33190-2016 标准。",
    "ten-digits": "受理编号 1380013800。",
    "decimal-amount": "退税 15012345678.50 元。",
    "postcode": "邮编 100038。",
    "bank-hotline": "银行客服 95566。",
    "numbers-list": "第 1 期 2 期 3 期合计 138 户。",
    "percent": "同比增长 13.8%。",
    "phone-extension": "咨询电话 010-63417114 转 8000。",
    "two-amounts": "分别为 1380 万元和 13800138 元。",
    "timestamp": "受理时间 2026-11-26 13:45:00。",
    "tax-id": "纳税人识别号 91110108MA01ABCD2X。",
    "year-range": "2021-2025 年规划。",
    "long-serial": "发票代码 011002200111，号码 12345678。",
    "cjk-date": "自二〇二六年十一月三十日起施行。",
    "cjk-article": "依据第一二三条办理。",
    "cjk-capital-amount": "合计人民币壹拾贰万叁仟肆佰伍拾陆元柒角捌分。",
    "cjk-amount-unit": "累计减税 一三八一二三四五六七八 元。",
    "cjk-idioms": "一一对应，九九八十一难，一五一十，三三两两。",
    "cjk-wrong-check-digit": "号码 一一〇一〇五一九四九一二三一〇〇二一 的校验位不对。",
    "cjk-masked-id": "身份证号码应打码，例如 一一〇一〇五********〇〇二X。",
    "cjk-doc-no": "国税发〔二〇二六〕一二号。",
}

# Review s8 (2026-11-30, A1-A10): the forms the number scan missed, and their honest look-alikes. A number
# inside a web address is published as written (the link's address is in the page), so it is judged too:
# the two cases that were honest look-alikes before (a page and a query parameter numbered like a mobile)
# are refused now.
PERSONAL_BAD |= {
    ("SE003", "mobile-in-address-path"): "详见 https://www.example.gov.cn/art/2026/15012345678.html 。",
    ("SE003", "mobile-in-address-query"): "详见 https://www.example.gov.cn/list?page=13812345678 。",
    ("SE003", "mobile-slash-pair"): "联系人电话 13800138000/13900139000。",
    ("SE003", "mobile-equals"): "联系人张三 手机=13800138000 。",
    ("SE003", "mobile-hash"): "联系人张三，手机#13800138000 。",
    ("SE003", "mobile-after-address"): "网站https://www.example.gov.cn/、联系人张三13800138000。",
    ("SE004", "card-slash-bank"): "张三工资卡6222021234567890128/工商银行。",
    ("SE004", "card-issuer-split"): "张三工资卡 622202 1234567890128 。",
    ("SE004", "card-huming"): "卡号 6222 0212 3456 7890 128 户名张三。",
    ("SE003", "mobile-ri"): "张三手机 13800138000 日间可拨打。",
    ("SE003", "mobile-tian"): "张三手机13800138000 天天在线。",
    ("SE003", "mobile-en-dash"): "联系人手机 138–0013–8000。",
    ("SE003", "mobile-hyphen-2010"): "联系人手机 138‐0013‐8000。",
    ("SE003", "mobile-minus"): "联系人手机 138−0013−8000。",
    ("SE003", "mobile-em-dash"): "联系人手机 138—0013—8000。",
    ("SE003", "mobile-slashes"): "联系人手机 138/0013/8000。",
    ("SE003", "mobile-commas"): "联系人手机 138,0013,8000。",
    ("SE003", "mobile-brackets"): "联系人手机 (138)0013-8000。",
    ("SE003", "mobile-many-spaces"): "联系人手机 138     0013     8000。",
    ("SE002", "id-en-dash"): "身份证号 110105–19491231–002X。",
    ("SE002", "id-slashes"): "身份证号 110105/19491231/002X。",
    ("SE003", "mobile-digit-by-digit"): "联系电话 1 3 8 0 0 1 3 8 0 0 0 。",
    ("SE003", "mobile-pairs"): "联系电话 13 80 01 38 00 0 。",
    ("SE002", "id-digit-by-digit"): "身份证号 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 X 。",
    ("SE002", "id-3-3-8-4"): "身份证号 110 105 19491231 002X 。",
    ("SE002", "id-times-sign"): "身份证号 11010519491231002× 。",
    ("SE002", "id-cyrillic-x"): "身份证号 11010519491231002Х 。",
    ("SE003", "mobile-letter-o"): "联系电话 138OO138OOO 。",
    ("SE002", "id-masked-two"): "身份证号 110105194912310**X 。",
    ("SE003", "mobile-masked-two"): "联系电话 138**138000 。",
    ("SE003", "mobile-emphasis"): "联系电话138**0013**8000。",
    ("SE003", "mobile-wa-me"): "[联系张三](https://wa.me/8613800138000)",
    ("SE002", "id-first-generation"): "张三，身份证号110105491231002。",
}
PERSONAL_GOOD |= {
    "address-of-a-real-site": "详见 https://www.gov.cn/zhengce/content/2021-03/24/content_5595384.htm 。",
    "address-then-hotline": "网站https://www.example.gov.cn/2026/、热线12366。",
    "thousands-amount": "全年税收收入 15,123,456,789 元。",
    "twelve-digit-amount": "累计入库税款123456789012元。",
    "person-times": "累计服务 13812345678 人次。",
    "households-full-stop": "共 13812345678 户。",
    "counts-before-unit": "各季度新增户数分别为 15 20 30 45 60 9 户。",
    "decimal-list": "三项指标分别为 13.8 15.2 16.1 17 18.5。",
    "long-run-of-counts": "得分 1 3 8 0 0 1 3 8 0 0 0 2 5 9 4。",
    "dates-slashes": "2026/11/26 发布，2026/12/01 施行。",
    "landline-en-dash": "办公电话 010–6341 7114，传真 (010)6341-7000。",
    "standard-em-dash": "依据 GB/T 33190—2016 标准。",
    "timestamp-ms": "时间戳 1732876543210。",
    "masked-mobile": "联系电话 138****8000。",
    "masked-mobile-spaced": "联系电话 138 **** 8000。",
    "masked-id-region": "身份证号 1101**********002X。",
    "masked-id-spaced": "身份证号 110105 ******** 002X。",
    "letters-and-versions": "Windows 10 Pro 与 Office 2016 兼容，ISO 9001:2015 认证。",
    "model-number": "型号 IO138001380。",
    "old-taxpayer-number": "纳税人识别号 110105491231002。",
}
# Review s8 of h4 (Q1): quantities whose unit is a measure word and more, or a fraction.
PERSONAL_GOOD |= {
    "unit-kilowatt-hours": "全年用电 13800138000 千瓦时。",
    "unit-kilowatt-hours-joined": "全社会用电量15012345678千瓦时。",
    "unit-tonnes-of-coal": "能耗折合13800138000吨标准煤。",
    "unit-more-than-yuan": "累计退税13800138000余元。",
    "unit-cubic-metres": "合计 13800138000 立方米。",
    "unit-shares": "总股本13800138000股。",
    "decimal-amount": "合计 13800138000.50，较上年增长。",
    # Q2: a post's or an article's id in its address passes Luhn one time in ten; not a card there
    "weibo-status-address": "详见 https://m.weibo.cn/status/4277784818376763 。",
    "toutiao-article-address": "详见 https://www.toutiao.com/article/6531531238007663778/ 。",
    # Q3: rows of small numbers that a label, 第 or a measure word marks as counts; a mask of circles
    "row-of-counts-labelled": "各区受理件数：1 5 2 3 0 0 4 1 2 0 3",
    "row-of-scores-labelled": "得分：13 15 20 18 22 9",
    "row-of-ordinals": "涉及第13,14,15,16,17,8题。",
    "masked-mobile-circles": "联系电话 138○○○○8000。",
    "masked-mobile-question-marks": "联系电话 138????8000。",
    "date-range-chinese-dash": "有效期 2025-01-01——2025-12-31，依据 GB/T 33190——2016。",
    "page-range-question": "详见第2?3页。",
}
PERSONAL_BAD |= {
    ("SE003", "mobile-digit-by-digit-contact-label"): "手机：1 3 8 0 0 1 3 8 0 0 0",
    ("SE003", "mobile-in-numerals-circles"): "联系电话：一三八〇〇一三八〇〇〇。",
    ("SE002", "id-digit-by-digit-other-label"): "编号：1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 X",
    ("SE003", "mobile-chinese-dash"): "联系人手机 138——0013——8000。",
    ("SE003", "mobile-bracket-dash"): "联系人手机 (138)-0013-8000。",
    ("SE003", "mobile-line-separator"): "联系人手机 138 0013\u20288000。",
    ("SE003", "mobile-masked-question-marks"): "联系电话 1380013??00。",
    ("SE002", "id-masked-squares"): "身份证号 11010519491231■■2X。",
    ("SE003", "mobile-cyrillic-letters"): "联系电话 1З8ОО1З8ООО。",
    ("SE004", "card-in-address-parameter"): "[查询退款](https://pay.example.cn/q?cardNo=6222021234567890128)",
    (
        "SE004",
        "card-beside-address",
    ): "详见 https://m.weibo.cn/status/4277784818376763 ，退款账户 6222021234567890128。",
}

# Review s10 of h4 (2026-11-30): the disguises that passed after session 9 (tests/check/test_sescan_disguises.py has
# each with its control); the honest look-alikes beside them.
MARKS_BAD |= {
    "s10-halfwidth-dots": "内･部･资･料",
    "s10-slashes": "内/部/资/料",
    "s10-vertical": "内\n部\n资\n料",
    "s10-wrapped": "内部\n资料",
    "s10-kangxi": "内部⽂件",
    "s10-variant-mi": "机宻★1年",
    "s10-this-document": "本文件为内部资料，请勿外传。",
    "s10-this-piece-level": "本件属秘密。",
    "s10-internal-use-only": "仅供内部使用",
    "s10-code-split": "`内部`资料",
    "s10-link-split": "[内部](https://www.example.gov.cn/)资料",
}
MARKS_GOOD |= {
    "s10-wrapped-prose": "加强内部\n资料管理。",
    "s10-wrapped-word": "内部\n控制制度应当健全。",
    "s10-rule-about-material": "本文件所称内部资料，是指在本系统内部使用的材料。",
    "s10-run-on": "本文件为内部资料性出版物管理的补充规定。",
    "s10-internal-use-sentence": "该系统仅供内部使用。",
    "s10-kangxi-prose": "关于⽂件管理的通知",
    "s10-code-word": "`内部`控制",
}
PERSONAL_BAD |= {
    ("SE003", "s10-mobile-halfwidth-dots"): "联系人张三，电话 138･0013･8000。",
    ("SE003", "s10-mobile-hash"): "联系人张三，电话 138#0013#8000。",
    ("SE003", "s10-mobile-apostrophe"): "联系人张三，电话 138'0013'8000。",
    ("SE003", "s10-mobile-arrow"): "联系人张三，电话 138→0013→8000。",
    ("SE002", "s10-id-hash"): "张三身份证 110105#19491231#002X。",
    ("SE004", "s10-card-apostrophe"): "张三工资卡 6222'0212'3456'7890'128。",
    ("SE003", "s10-mobile-cut-after-name"): "张三：13800 138000",
}
PERSONAL_GOOD |= {
    "s10-times-and-ratios": "会议时间 13:30—14:00，比分 3:2，比例 1:3:8。",
    "s10-years-hash": "2019#2020#2021#2022 年度报告",
    "s10-counts-two-pieces": "一季度受理 13800 件，二季度 138000 件。",
    "s10-amounts-after-label": "收入：13800 元 138000 元",
}

# Session 11 (h5, 2026-11-30): the forms docs/secrecy.md listed as still open (tests/check/test_sescan_open_forms.py
# has each with its control); the honest look-alikes beside them.
MARKS_BAD |= {
    "s11-ban-emoji": "🈲外传",
    "s11-ban": "【禁止外传】",
    "s11-stroke-inside": "内丨部资料",
    "s11-table-column": "| 内 |\n| 部 |\n| 资 |\n| 料 |",
    "s11-numbered-list": "1. 内\n2. 部\n3. 资\n4. 料",
    "s11-after-a-sentence": "以上为正文内容。内部资料",
    "s11-after-a-sentence-companion": "以上为正文内容。内部资料，请勿外传。",
    "s11-level-after-an-exclamation": "请各单位认真贯彻落实！机密",
}
MARKS_GOOD |= {
    "s11-ban-in-a-sentence": "禁止外传的规定如下。",
    "s11-ban-numbered": "三、禁止外传",
    "s11-sentence-then-clause": "各单位要加强管理。内部资料，由办公室统一保管。",
    "s11-sentence-then-run-on": "现予公布。内部资料管理办法另行制定。",
    "s11-sentence-then-notice": "会议材料请妥善保管。注意保密。",
    "s11-list-of-prose": "1. 内部控制\n2. 资料管理",
    "s11-stroke-title": "内部丨控制制度",
}
PERSONAL_BAD |= {
    ("SE003", "s11-mobile-radio"): "联系电话幺三八洞洞幺三八洞洞洞。",
    ("SE003", "s11-mobile-radio-seven-nine"): "联系人张三，电话幺三九拐拐幺三八勾洞勾。",
    ("SE002", "s11-id-radio"): "身份证 幺幺洞幺洞五幺九四九幺两三幺洞洞两X",
    ("SE003", "s11-mobile-stroke"): "联系人张三，电话 138丨0013丨8000。",
    ("SE003", "s11-mobile-semicolon"): "联系人张三，电话 138；0013；8000。",
    ("SE003", "s11-mobile-colon"): "联系人张三，电话 138:0013:8000。",
    ("SE003", "s11-mobile-less-than"): "联系人张三，电话 138<0013<8000。",
    ("SE002", "s11-id-stroke"): "张三身份证 110105丨19491231丨002X。",
    ("SE004", "s11-card-semicolon"): "张三工资卡 6222;0212;3456;7890;128。",
    ("SE004", "s11-card-two-hidden"): "张三工资卡 6222 0212 3456 78** 128。",
}
PERSONAL_GOOD |= {
    "s11-radio-words": "修补漏洞一个，山洞两个，拐弯三次，勾选两项，三三两两。",
    "s11-stroke-title": "政策解读丨2024年个人所得税汇算清缴",
    "s11-stroke-years": "2019丨2020丨2021丨2022 年度报告",
    "s11-times-seconds": "会议时间 13:30:00—14:00:00，比分 138:126。",
    "s11-counts-semicolons": "数量：138；2013；8000",
    "s11-comparison": "当 138<x<2000 时适用。",
    "s11-card-masked-enough": "退款账户 6222 **** **** 0128，尾号 0128。",
}


FEEDBACK = {
    "mobile": ("SE003", "电话 138 0013 8000"),
    "staff-email": ("SE007", "电子邮件 zhang*wei*@example.gov.cn"),
    "id": ("SE002", f"联系人身份证 {ID_B}"),
    "mark": ("SE001", "机密★1年"),
    "public-email": (None, "电子邮件 zqyj@example.gov.cn"),
    "landline": (None, "电话 010-63417114"),
    "hotline": (None, "拨打 12366 纳税缴费服务热线"),
}


def _text_cases() -> None:
    for name, mark in MARKS_BAD.items():
        body_case(f"mark-{name}-body", {"SE001"}, f"关于进一步优化纳税服务的通知\n\n{mark}\n\n正文内容。\n", "mark")
    for name in ("star", "ideographic-space", "fullwidth-asterisk", "traditional", "spaced-neibu", "entity"):
        body_case(f"mark-{name}-title", {"SE001"}, "正文。\n", "mark", title=f"{MARKS_BAD[name]} 通知")
    for name in ("star", "traditional", "neibu-keep"):
        body_case(f"mark-{name}-summary", {"SE001"}, "正文。\n", "mark", extra=f"summary: {MARKS_BAD[name]}\n")
    for name in ("star", "labelled", "traditional"):
        body_case(f"mark-{name}-alt", {"SE001"}, f"![{MARKS_BAD[name]}](https://www.example.gov.cn/a.png)\n", "mark")
    body_case(
        "mark-link-target",
        {"SE001"},
        "[下载](https://www.example.gov.cn/%E6%9C%BA%E5%AF%86%E2%98%851%E5%B9%B4.pdf)\n",
        "mark",
    )
    body_case(
        "mark-ok-link-target",
        set(),
        "[下载](https://www.example.gov.cn/neibu/%E5%86%85%E9%83%A8%E8%B5%84%E6%96%99)\n",
        "mark",
    )
    for name, text in MARKS_GOOD.items():
        body_case(f"mark-ok-{name}-body", set(), f"{text}\n", "mark")
    body_case("mark-ok-book-title-title", set(), "正文。\n", "mark", title="关于《内部资料性出版物管理办法》的解读")
    body_case("mark-ok-sentence-summary", set(), "正文。\n", "mark", extra="summary: 严禁将内部资料上传互联网\n")
    for (code, name), text in PERSONAL_BAD.items():
        body_case(f"{name}-body", {code}, f"办理事项说明。\n\n{text}\n", "personal")
    for (code, name), text in list(PERSONAL_BAD.items())[::3]:
        if "link" in name:
            continue
        body_case(f"{name}-title", {code}, "正文。\n", "personal", title=f"通知 {text.strip('。')}")
        body_case(f"{name}-summary", {code}, "正文。\n", "personal", extra=f"summary: '{text}'\n")
    for (code, name), text in list(PERSONAL_BAD.items())[1::4]:
        if "link" in name:
            continue
        body_case(f"{name}-table", {code}, f"| 事项 | 内容 |\n|---|---|\n| 联系 | {text} |\n", "personal")
        body_case(f"{name}-alt", {code}, f"![{text}](https://www.example.gov.cn/a.png)\n", "personal")
    for name, text in PERSONAL_GOOD.items():
        body_case(f"ok-{name}-body", set(), f"办理事项说明。\n\n{text}\n", "personal")
    for name, text in list(PERSONAL_GOOD.items())[::2]:
        body_case(f"ok-{name}-title", set(), "正文。\n", "personal", title=f"公告 {text.strip('。')}")
    for name, (code, feedback) in FEEDBACK.items():
        slug = _slug(f"feedback-{name}")
        block = f"consultation:\n  opens: 2026-11-20\n  closes: 2026-12-20\n  feedback: {feedback}\n"
        text = article("请提出意见。\n", title="征求意见稿", extra=block)
        add(slug, {code} if code else set(), {f"content/nsfw/zqyj/{slug}.md": text}, "form field")
    body_case("mobile-soft-break-body", {"SE003"}, "办理事项说明。\n\n联系电话 138 0013\n8000 。\n", "personal")
    body_case("id-soft-break-body", {"SE002"}, "身份证号1101051949\n1231002X，请核对。\n", "personal")
    body_case(
        "mobile-reference-definition-body",
        {"SE003"},
        '[联系][x]\n\n[x]: https://www.example.com/u/13800138000 "张三"\n',
        "personal",
    )
    body_case(
        "mobile-digits-table-cell-body",
        {"SE003"},
        "| 事项 | 内容 |\n|---|---|\n| 联系 | 1 3 8 0 0 1 3 8 0 0 0 |\n",
        "personal",
    )
    body_case(
        "ok-counts-table-body",
        set(),
        "| 月份 | 1 | 2 | 3 |\n|---|---|---|---|\n| 户数 | 13 | 80 | 01 |\n| 人数 | 38 | 00 | 0 |\n",
        "personal",
    )
    body_case(
        "ok-thousands-table-body", set(), "| 税种 | 收入（元） |\n|---|---:|\n| 增值税 | 15,123,456,789 |\n", "personal"
    )
    body_case("ok-list-of-counts-body", set(), "各季度户数：\n\n- 150\n- 2000\n- 3000\n", "personal")
    body_case(  # session 11: a row of figures is not a number cut into cells
        "ok-s11-table-of-figures-body",
        set(),
        "| 季度 | 户数 | 年度 | 金额 |\n|---|---|---|---|\n| 一季度 | 138 | 2013 | 8000 |\n",
        "personal",
    )
    body_case("ok-two-paragraphs-body", set(), "编号 138 0013\n\n8000 户已办结。\n", "personal")
    add("138-0013-8000", {"SE003"}, {"content/nsfw/138-0013-8000.md": article("正文。\n")}, "file name")
    body_case("2026-11-26-notice", set(), "正文。\n", "file name")


# --- attachments ------------------------------------------------------------------------------


def attachment_case(
    case_id: str, expect: set[str], name: str, maker: Callable[[str], bytes] | bytes, form: str
) -> None:
    slug = _slug(case_id)
    body = "附件见本页下方的附件列表。\n"  # not linked: the file name must be caught as a file name
    add(case_id, expect, {f"content/nsfw/{slug}.md": article(body), f"content/nsfw/{slug}/{name}": maker}, form)


DOC_BAD = {
    "SE001": "机　密★1年",
    "SE002": "身份证 110101 19900307 7715",
    "SE003": "联系人手机 1380 013 8000",
    "SE004": "退款账户 6222 0212 3456 7890 128",
    "SE007": "来信请寄 zhangwei@example.gov.cn",
}
DOC_MORE_BAD = {
    "SE001": "內部資料",
    "SE002": f"身份证号码：{VALID_ID}",
    "SE003": "手机：138.0013.8000",
    "SE004": f"卡号 {CARD}",
    "SE007": "zhangwei＠example.gov.cn",
}
NAME_BAD = {
    "SE001": "机密★1年_通知.pdf",
    "SE002": f"张伟_{ID_B}.pdf",
    "SE003": "联系人_138-0013-8000.pdf",
    "SE004": f"账户_{CARD}.pdf",
    "SE007": "zhangwei@example.gov.cn.pdf",
}
DOC_GOOD = [
    "严禁将内部资料上传互联网。",
    "累计办理退税15012345678元。",
    "办公电话 010-63417114，热线 12366。",
    "2026-11-26 发布。",
    "来信请寄 webmaster@example.gov.cn。",
    "身份证号码应打码，例如 110105********002X。",
]


def _document_cases() -> None:
    for code, text in {**DOC_BAD}.items():
        for variant, sample in (("a", text), ("b", DOC_MORE_BAD[code])):
            attachment_case(
                f"pdf-{code}-{variant}",
                {code},
                "附件.pdf",
                lambda f, t=sample: docmaker.pdf(["第一页说明。", t], folder=f),
                "pdf",
            )
            attachment_case(
                f"docx-{code}-{variant}", {code}, "附件.docx", lambda f, t=sample: docmaker.docx(["说明。", t]), "docx"
            )
            attachment_case(
                f"xlsx-{code}-{variant}",
                {code},
                "附件.xlsx",
                lambda f, t=sample: docmaker.xlsx([["事项", "内容"], ["联系", t]]),
                "xlsx",
            )
        attachment_case(
            f"docx-{code}-header", {code}, "附件.docx", lambda f, t=text: docmaker.docx(["说明。"], header=t), "docx"
        )
        attachment_case(
            f"docx-{code}-footer", {code}, "附件.docx", lambda f, t=text: docmaker.docx(["说明。"], footer=t), "docx"
        )
        attachment_case(
            f"docx-{code}-comment", {code}, "附件.docx", lambda f, t=text: docmaker.docx(["说明。"], comment=t), "docx"
        )
        attachment_case(
            f"docx-{code}-deleted",
            {code},
            "附件.docx",
            lambda f, t=text: docmaker.docx_with_deleted_text("说明。", t),
            "docx",
        )
        attachment_case(
            f"xlsx-{code}-hidden",
            {code},
            "附件.xlsx",
            lambda f, t=text: docmaker.xlsx([["事项"]], hidden=[["底稿", t]]),
            "xlsx",
        )
        attachment_case(
            f"xlsx-{code}-comment", {code}, "附件.xlsx", lambda f, t=text: docmaker.xlsx([["事项"]], comment=t), "xlsx"
        )
        attachment_case(
            f"name-{code}", {code}, NAME_BAD[code], lambda f: docmaker.pdf(["说明。"], folder=f), "file name"
        )
    attachment_case(
        "pdf-page-three",
        {"SE003"},
        "附件.pdf",
        lambda f: docmaker.pdf(["一", "二", "联系人手机 138 0013 8000"], folder=f),
        "pdf",
    )
    attachment_case(
        "docx-link-staff", {"SE007"}, "附件.docx", lambda f: docmaker.docx(["说明。"], link=f"mailto:{STAFF}"), "docx"
    )
    attachment_case(
        "docx-title-mark", {"SE001"}, "附件.docx", lambda f: docmaker.docx(["说明。"], title="机密★1年"), "docx"
    )
    attachment_case(
        "pdf-title-mark", {"SE001"}, "附件.pdf", lambda f: docmaker.pdf(["说明。"], folder=f, title="机密★1年"), "pdf"
    )
    for i, text in enumerate(DOC_GOOD):
        attachment_case(
            f"pdf-ok-{i}", set(), "附件.pdf", lambda f, t=text: docmaker.pdf(["说明。", t], folder=f), "pdf"
        )
        attachment_case(
            f"docx-ok-{i}", set(), "附件.docx", lambda f, t=text: docmaker.docx(["说明。", t], footer=t), "docx"
        )
        attachment_case(
            f"xlsx-ok-{i}", set(), "附件.xlsx", lambda f, t=text: docmaker.xlsx([["说明"], [t]], hidden=[[t]]), "xlsx"
        )
    attachment_case(
        "name-ok", set(), "2026年第1期统计表.pdf", lambda f: docmaker.pdf(["说明。"], folder=f), "file name"
    )
    # properties that name a person (refused) and those that do not
    attachment_case(
        "docx-author", {"SE010"}, "附件.docx", lambda f: docmaker.docx(["说明。"], author="张伟"), "properties"
    )
    attachment_case(
        "docx-last-modified",
        {"SE010"},
        "附件.docx",
        lambda f: docmaker.docx(["说明。"], last_modified_by="zhangwei"),
        "properties",
    )
    attachment_case(
        "docx-comment-author",
        {"SE010"},
        "附件.docx",
        lambda f: docmaker.docx(["说明。"], comment="请核对", comment_author="李敏"),
        "properties",
    )
    attachment_case(
        "docx-revision-author",
        {"SE010"},
        "附件.docx",
        lambda f: docmaker.docx_with_deleted_text("说明。", "旧文字", "刘洋"),
        "properties",
    )
    attachment_case(
        "xlsx-creator", {"SE010"}, "附件.xlsx", lambda f: docmaker.xlsx([["说明"]], creator="王军"), "properties"
    )
    attachment_case(
        "xlsx-comment-author",
        {"SE010"},
        "附件.xlsx",
        lambda f: docmaker.xlsx([["说明"]], comment="核对", comment_author="赵丽"),
        "properties",
    )
    attachment_case(
        "pdf-author", {"SE010"}, "附件.pdf", lambda f: docmaker.pdf(["说明。"], folder=f, author="韩丽娜"), "properties"
    )
    attachment_case("jpeg-artist", {"SE010"}, "照片.jpg", lambda f: docmaker.jpeg(artist="Zhang Wei"), "image")
    attachment_case("png-author", {"SE010"}, "图片.png", lambda f: docmaker.png(author="张伟"), "image")
    attachment_case("jpeg-gps", {"SE011"}, "照片.jpg", lambda f: docmaker.jpeg(gps=True), "image")
    attachment_case(
        "jpeg-description", {"SE003"}, "照片.jpg", lambda f: docmaker.jpeg(description="tel 13800138000"), "image"
    )
    attachment_case(
        "docx-author-unit", set(), "附件.docx", lambda f: docmaker.docx(["说明。"], author="纳税服务司"), "properties"
    )
    attachment_case("docx-author-default", set(), "附件.docx", lambda f: docmaker.docx(["说明。"]), "properties")
    attachment_case("xlsx-creator-default", set(), "附件.xlsx", lambda f: docmaker.xlsx([["说明"]]), "properties")
    attachment_case(
        "pdf-author-site",
        set(),
        "附件.pdf",
        lambda f: docmaker.pdf(["说明。"], folder=f, author="测试税务局"),  # the host in site.yaml
        "properties",
    )
    attachment_case("jpeg-clean", set(), "照片.jpg", lambda f: docmaker.jpeg(), "image")
    attachment_case("png-clean", set(), "图片.png", lambda f: docmaker.png(), "image")
    # unscannable = unpublishable
    attachment_case(
        "pdf-encrypted",
        {"SE008"},
        "附件.pdf",
        lambda f: docmaker.encrypted_pdf(docmaker.pdf(["说明。"], folder=f)),
        "unscannable",
    )
    attachment_case(
        "pdf-corrupt", {"SE008"}, "附件.pdf", lambda f: docmaker.pdf(["说明。"], folder=f)[:400], "unscannable"
    )
    attachment_case(
        "pdf-javascript",
        {"SE009"},
        "附件.pdf",
        lambda f: docmaker.pdf_with_javascript(docmaker.pdf(["说明。"], folder=f)),
        "unscannable",
    )
    attachment_case("docx-bomb", {"SE008"}, "附件.docx", lambda f: docmaker.zip_bomb(300), "unscannable")
    attachment_case("docx-ratio-bomb", {"SE008"}, "附件.docx", lambda f: docmaker.zip_bomb(60), "unscannable")
    attachment_case(
        "docx-macro",
        {"SE009"},
        "附件.docx",
        lambda f: docmaker.docx_with_part("word/vbaProject.bin", b"\xd0\xcf\x11\xe0"),
        "unscannable",
    )
    attachment_case(
        "docx-embedded",
        {"SE008"},
        "附件.docx",
        lambda f: docmaker.docx_with_part("word/embeddings/oleObject1.bin", b"x"),
        "unscannable",
    )
    attachment_case(
        "docx-dtd",
        {"SE008"},
        "附件.docx",
        lambda f: docmaker.docx_with_part("docProps/custom.xml", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'),
        "unscannable",
    )
    attachment_case(
        "docx-not-zip", {"SE008"}, "附件.docx", b"\xd0\xcf\x11\xe0 encrypted office document", "unscannable"
    )
    attachment_case("doc-legacy", {"SE008"}, "附件.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1legacy", "unscannable")
    attachment_case("jpeg-corrupt", {"SE008"}, "照片.jpg", b"\xff\xd8\xff\xe0 not really", "unscannable")
    attachment_case("ofd-default", {"SE012"}, "附件.ofd", lambda f: docmaker.ofd("通知正文"), "unscannable")


def _xlsx_with(change: Callable[[Any], None]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["事项", "内容"])
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _validation(book: Any) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    check = DataValidation(type="list", formula1='"13800138000,13900139000"', prompt="联系人手机")
    book.active.add_data_validation(check)
    check.add("B2")


def _pdf_with_bookmark(folder: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(docmaker.pdf(["说明。"], folder=folder))))
    writer.add_outline_item(title="联系人手机 13800138000", page_number=0)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx_alt_text(folder: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("流程图见下。")
    document.add_picture(io.BytesIO(docmaker.png()))
    document.inline_shapes[0]._inline.docPr.set("descr", "联系人手机 13800138000")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _review_document_cases() -> None:
    """Parts of documents the first readers did not reach (the adversarial review of 2026-11-29)."""
    sheet_named = _xlsx_with(lambda book: setattr(book.active, "title", "机密★1年"))
    attachment_case("xlsx-sheet-name", {"SE001"}, "附件.xlsx", sheet_named, "xlsx")
    attachment_case("xlsx-data-validation", {"SE003"}, "附件.xlsx", _xlsx_with(_validation), "xlsx")
    attachment_case("docx-alt-text", {"SE003"}, "附件.docx", _docx_alt_text, "docx")
    attachment_case("pdf-bookmark", {"SE003"}, "附件.pdf", _pdf_with_bookmark, "pdf")


def _numeral_document_cases() -> None:
    """Numbers in CJK numerals inside documents (review s6, H1-3), with an honest date as control."""
    for code, text in {
        "SE002": "身份证 一一〇一〇五一九四九一二三一〇〇二X",
        "SE003": "联系人手机 一三八 〇〇一三 八〇〇〇",
        "SE004": "退款账户 六二二二〇二一二三四五六七八九〇一二八",
    }.items():
        attachment_case(
            f"pdf-{code}-numerals",
            {code},
            "附件.pdf",
            lambda f, t=text: docmaker.pdf(["第一页说明。", t], folder=f),
            "pdf",
        )
        attachment_case(
            f"docx-{code}-numerals", {code}, "附件.docx", lambda f, t=text: docmaker.docx(["说明。", t]), "docx"
        )
        attachment_case(
            f"xlsx-{code}-numerals",
            {code},
            "附件.xlsx",
            lambda f, t=text: docmaker.xlsx([["事项", "内容"], ["联系", t]]),
            "xlsx",
        )
    honest = "自二〇二六年十一月三十日起施行，依据第一二三条办理。"
    attachment_case("pdf-ok-numerals", set(), "附件.pdf", lambda f: docmaker.pdf(["说明。", honest], folder=f), "pdf")
    attachment_case("docx-ok-numerals", set(), "附件.docx", lambda f: docmaker.docx(["说明。", honest]), "docx")
    attachment_case("xlsx-ok-numerals", set(), "附件.xlsx", lambda f: docmaker.xlsx([["说明"], [honest]]), "xlsx")


def _review_s8_document_cases() -> None:
    """Review s8 (A4, A6, A10) in attachments: the same rules; a spreadsheet's cells never join into one number."""
    attachment_case(
        "docx-SE003-en-dash",
        {"SE003"},
        "附件.docx",
        lambda f: docmaker.docx(["说明。", "联系人手机 138–0013–8000"]),
        "docx",
    )
    attachment_case(
        "pdf-SE002-masked-two",
        {"SE002"},
        "附件.pdf",
        lambda f: docmaker.pdf(["说明。", "身份证号 110105194912310**X"], folder=f),
        "pdf",
    )
    attachment_case(
        "name-SE003-en-dash",
        {"SE003"},
        "张三138–0013–8000.pdf",
        lambda f: docmaker.pdf(["说明。"], folder=f),
        "file name",
    )
    attachment_case(
        "xlsx-ok-numbers-in-cells",
        set(),
        "附件.xlsx",
        lambda f: docmaker.xlsx([["季度", "户数", "人数", "笔数"], ["一季度", "150", "2000", "3000"]]),
        "xlsx",
    )


# Review s7 of the mark scan: marks behind decoration and list heads, in cells, elements and attributes, after
# other line breaks; stars after punctuation, labels without a colon, ㊙. Each with prose that must stay clean.
MARKS_S7_BAD = {
    "bullet": "• 内部资料",
    "square": "■ 注意保密",
    "star-bullet": "＊ 内部资料",
    "white-star-bullet": "☆内部资料",
    "list-head": "一、秘密",
    "paren-list-head": "（一）内部资料",
    "letter-list-head": "A、内部文件",
    "roman-list-head": "Ⅰ.机密",
    "task-list": "- [x] 内部资料",
    "quoted": "“机密”",
    "corner-quoted": "「内部资料」",
    "dashes": "——注意保密——",
    "book-title-marks": "《内部资料》",
    "inline-code": "`内部资料`",
    "html-paragraph": "<p>内部资料</p>",
    "html-break": "正文<br>内部资料",
    "html-div": '<div class="note">绝密</div>',
    "html-alt": '<img src="a.png" alt="内部资料">',
    "second-cell": "| 名称 | 说明 |\n|---|---|\n| 本表 | 内部资料 |",
    "line-separator": "正文正文正文\u2028内部资料",
    "paragraph-separator": "正文正文正文\u2029秘密",
    "star-after-colon": "秘密：★一年",
    "star-in-brackets": "秘密（★一年）",
    "star-after-dash": "秘密—★一年",
    "star-after-dot": "机密·★",
    "label-dash": "密级—秘密",
    "label-equals": "密级=机密",
    "label-wei": "密级为秘密",
    "label-shi": "本文件密级是机密。",
    "seal-alone": "㊙",
    "seal-term": "㊙ 一年",
    "level-term": "机密 长期",
}
MARKS_S7_GOOD = {
    "guojia-mimi-info": "对涉及国家秘密的信息，应当依法进行保密审查。",
    "baoshou-mimi": "保守秘密是每个公民的义务。",
    "baomi-heading": "一、保密要求",
    "neibu-kongzhi-heading": "二、内部控制",
    "neibu-title-list": "（一）内部资料的管理办法",
    "quoted-definition": "“内部资料”是指由内部编印、供内部使用、不公开发行的各类资料。",
    "label-rule": "确定密级为秘密的事项，应当同时确定保密期限。",
    "label-levels": "密级为秘密、机密的文件一律不得上网。",
    "emphasis-not-star": "**国家秘密**是指关系国家安全和利益的事项。",
    "rating-after-jiemi": "揭秘：★★★★★",
    "mishu": "秘书处负责会议组织。",
    "cell-sentence": "| 事项 | 说明 |\n|---|---|\n| 保密 | 严禁将内部资料上传互联网 |",
    "cell-run-on": "| 名称 | 说明 |\n|---|---|\n| 办法 | 内部资料的管理办法 |",
    "bullet-run-on": "• 内部控制制度",
}
DOC_S7_BAD = ["一、秘密", "• 内部资料", "“机密”", "密级=机密", "秘密（★一年）"]
DOC_S7_GOOD = ["一、保密要求", "确定密级为秘密的事项，应当同时确定保密期限。", "（一）内部资料的管理办法"]
# A line break inside a paragraph (Word's Shift+Enter: python-docx writes "\n" as w:br) or a cell (Alt+Enter):
# the mark after it heads a line; a sentence broken there stays a sentence; a number broken there stays a number.
SOFT_BREAK_BAD = {"SE001": "关于优化纳税服务的通知\n内部资料", "SE003": "联系人手机 138 0013\n8000"}
SOFT_BREAK_GOOD = "严禁将\n内部资料上传互联网。"


def _review_s7_cases() -> None:
    for name, mark in MARKS_S7_BAD.items():
        body_case(f"mark-s7-{name}-body", {"SE001"}, f"关于进一步优化纳税服务的通知\n\n{mark}\n\n正文内容。\n", "mark")
    for name in ("bullet", "star-after-colon", "label-wei", "quoted"):
        body_case(f"mark-s7-{name}-title", {"SE001"}, "正文。\n", "mark", title=f"'{MARKS_S7_BAD[name]}'")
    for name, text in MARKS_S7_GOOD.items():
        body_case(f"mark-s7-ok-{name}-body", set(), f"关于进一步优化纳税服务的通知\n\n{text}\n\n正文内容。\n", "mark")
    for i, text in enumerate(DOC_S7_BAD):
        attachment_case(f"docx-s7-{i}", {"SE001"}, "附件.docx", lambda f, t=text: docmaker.docx(["说明。", t]), "docx")
        attachment_case(
            f"xlsx-s7-{i}",
            {"SE001"},
            "附件.xlsx",
            lambda f, t=text: docmaker.xlsx([["事项", "内容"], ["说明", t]]),
            "xlsx",
        )
        attachment_case(
            f"pdf-s7-{i}", {"SE001"}, "附件.pdf", lambda f, t=text: docmaker.pdf(["第一页说明。", t], folder=f), "pdf"
        )
    for code, text in SOFT_BREAK_BAD.items():
        attachment_case(f"docx-s7-soft-break-{code}", {code}, "附件.docx", lambda f, t=text: docmaker.docx([t]), "docx")
        attachment_case(
            f"xlsx-s7-soft-break-{code}", {code}, "附件.xlsx", lambda f, t=text: docmaker.xlsx([["说明"], [t]]), "xlsx"
        )
    attachment_case("docx-s7-ok-soft-break", set(), "附件.docx", lambda f: docmaker.docx([SOFT_BREAK_GOOD]), "docx")
    attachment_case(
        "xlsx-s7-ok-soft-break", set(), "附件.xlsx", lambda f: docmaker.xlsx([["说明"], [SOFT_BREAK_GOOD]]), "xlsx"
    )
    for i, text in enumerate(DOC_S7_GOOD):
        attachment_case(f"docx-s7-ok-{i}", set(), "附件.docx", lambda f, t=text: docmaker.docx(["说明。", t]), "docx")
        attachment_case(
            f"xlsx-s7-ok-{i}",
            set(),
            "附件.xlsx",
            lambda f, t=text: docmaker.xlsx([["事项", "内容"], ["说明", t]]),
            "xlsx",
        )
        attachment_case(
            f"pdf-s7-ok-{i}", set(), "附件.pdf", lambda f, t=text: docmaker.pdf(["第一页说明。", t], folder=f), "pdf"
        )


# Review s8 of the mark scan: honest rule texts the widened scan refused (a notice heading a numbered item, levels as
# data in a table, a label stating another thing's level, a list of levels), and a mark with its notice written
# together. The plain forms stay caught (MARKS_BAD, MARKS_S7_BAD).
MARKS_S8_BAD = {
    "neibu-zhuyi-baomi": "内部资料注意保密",
    "neibu-yanjin": "内部资料严禁外传",
    "this-document-de": "本文件的密级为秘密。",
    "other-column-level": "| 名称 | 说明 |\n|---|---|\n| 本表 | 秘密 |",
    "bullet-notice": "• 严禁外传",
    "baomi-jibie": "保密级别：秘密",
    "quoted-level": "本通知密级为“秘密”。",
    "level-urgency": "秘密 特急",
    "link-title": '请下载[附件](https://www.example.gov.cn/a.pdf "内部资料")。',
}
MARKS_S8_GOOD = {
    "numbered-notice": "三、注意保密\n\n各单位应当加强保密管理。",
    "paren-numbered-notice": "（五）注意保密。",
    "numbered-yanjin": "（三）严禁外传、复制涉密资料",
    "digit-numbered-notice": "1、注意保密",
    "slogan": "注意保密，从我做起",
    "term-table": "| 密级 | 保密期限 |\n|---|---|\n| 绝密 | 不超过30年 |\n| 机密 | 不超过20年 |\n| 秘密 | 不超过10年 |",
    "declassified-list": "| 文件名称 | 原密级 | 解密日期 |\n|---|---|---|\n| 关于XX工作的通知 | 秘密 | 2025-01-01 |",
    "scope-item": "增值税防伪税控系统密钥的密级为机密。",
    "level-list": "（密级：秘密、机密、绝密）",
    "declassified-item": "已解密文件目录：\n\n- 关于XX工作的通知，原密级：秘密，现予解密",
    "cited-form": "问：文件上的“机密★1年”是什么意思？",
    "link-title-prose": '请下载[附件](https://www.example.gov.cn/a.pdf "内部资料管理办法")。',
}


def _review_s8_cases() -> None:
    for name, mark in MARKS_S8_BAD.items():
        body_case(f"mark-s8-{name}-body", {"SE001"}, f"关于进一步优化纳税服务的通知\n\n{mark}\n\n正文内容。\n", "mark")
    for name, text in MARKS_S8_GOOD.items():
        body_case(f"mark-s8-ok-{name}-body", set(), f"关于进一步优化纳税服务的通知\n\n{text}\n\n正文内容。\n", "mark")


_text_cases()
_document_cases()
_review_document_cases()
_numeral_document_cases()
_review_s8_document_cases()

_review_s7_cases()
_review_s8_cases()


def build(folder) -> dict[str, str | bytes]:
    """The files of every case, documents made now (PDF fonts go to `folder`)."""
    files: dict[str, str | bytes] = {}
    for case in CASES:
        for rel, content in case.files.items():
            files[rel] = content(str(folder)) if callable(content) else content
    return files


def case_of(path: str) -> str | None:
    """The case id a problem's path belongs to (None: not a corpus file)."""
    return _OWNER.get(path)


_OWNER = {rel: case.id for case in CASES for rel in case.files}


def score(found: dict[str, set[str]]) -> dict[str, float | int]:
    """Case-level precision and recall: a positive is caught when all its codes are raised."""
    tp = sum(1 for c in CASES if c.positive and c.expect <= found.get(c.id, set()))
    fn = sum(1 for c in CASES if c.positive and not c.expect <= found.get(c.id, set()))
    fp = sum(1 for c in CASES if not c.positive and found.get(c.id))
    tn = sum(1 for c in CASES if not c.positive and not found.get(c.id))
    return {
        "cases": len(CASES),
        "positives": tp + fn,
        "negatives": fp + tn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
    }
