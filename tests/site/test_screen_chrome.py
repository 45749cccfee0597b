"""The final screen reads the shared chrome (render.py's fragments) once, and finds on every page exactly what
reading the whole page finds (screen.Screen against screen.page_text + sescan.scan).

Hostile cases: a number, an address, a label, a table or a row of counts split between a fragment and the
page around it, in its text or in its attribute values, a mark or a number in a fragment alone; each beside
its control (the same fragment with nothing across the cut is left out of the page's scan), and thousands
of random pages built from the pieces that reach across a line break.
"""

from __future__ import annotations

import random

from generator import sescan
from generator.site import screen
from generator.textfold import fold

STAFF = sescan.staff_keys(["zhangsan@example.gov.cn"])


def _plain(html: str) -> list[tuple[str, str, str]]:
    text = fold(screen.page_text(html))
    return [(f.code, f.text, f.message) for f in sescan.scan(text, staff=STAFF, folded=text)]


def _memo(scr: screen.Screen, html: str, fragments: list[str]) -> list[tuple[str, str, str]]:
    return [(f.code, f.text, f.message) for f in scr.findings(html, fragments)]


NAV = '<nav class="main-nav"><ul>\n  <li><a href="../index.html">首页</a></li>\n  <li><a href="../xxgk/">政府信息公开</a></li>\n</ul></nav>'
FOOTER = '<footer class="site-footer">\n  <p>主办单位：国家税务总局</p>\n  <p><a href="../lxwm.html" title="联系我们">联系我们</a></p>\n</footer>'


def _page(head: str, middle: str, tail: str = "", nav: str = NAV, footer: str = FOOTER) -> str:
    return f"<html><head><title>{head}</title></head><body>\n  {nav}\n  <main>{middle}</main>\n  {footer}\n{tail}</body></html>"


def test_a_clean_fragment_is_left_out_and_the_findings_are_the_same() -> None:
    scr = screen.Screen(STAFF)
    html = _page("通知", "<p>联系电话 13800138000。</p>")
    assert _memo(scr, html, [NAV, FOOTER]) == _plain(html) != []
    segments = scr._segments(screen._visible(html), [NAV, FOOTER])
    assert segments is not None
    scanned = screen.Screen._scanned(segments)
    assert "政府信息公开" not in scanned and "主办单位" not in scanned  # control: the chrome is read once, apart
    assert "13800138000" in scanned


def test_a_mark_or_number_in_a_fragment_alone_is_found_on_every_page() -> None:
    scr = screen.Screen(STAFF)
    for footer in (
        FOOTER.replace("<p>主办单位", "<p>内部资料</p>\n  <p>主办单位"),
        FOOTER.replace("国家税务总局", "国家税务总局 13800138000"),
        FOOTER.replace('title="联系我们"', 'title="zhangsan@example.gov.cn"'),
    ):
        for k in range(3):  # the fragment's reading is kept: the second and third page use it
            html = _page(f"第 {k} 页", "<p>正文</p>", footer=footer)
            found = _memo(scr, html, [NAV, footer])
            assert found == _plain(html) and found, footer


def test_a_number_split_between_the_page_and_a_fragment_is_found() -> None:
    scr = screen.Screen(STAFF)
    nav = NAV.replace('href="../index.html"', 'href="0013 8000"')
    html = _page("通知", '<p><a href="tel:138">电话</a></p>'.replace("<p>", "<p>"), nav=nav).replace(
        "<title>通知</title>", '<title>通知</title><link href="tel:138">'
    )
    assert any(code == sescan.MOBILE for code, _, _ in _plain(html))  # the values join across one line break
    assert _memo(scr, html, [nav, FOOTER]) == _plain(html)
    control = html.replace('href="tel:138"', 'href="tel:x"')
    assert _memo(scr, control, [nav, FOOTER]) == _plain(control) == []


def test_an_address_split_between_the_page_and_a_fragment_is_found() -> None:
    scr = screen.Screen(STAFF)
    nav = NAV.replace('href="../index.html"', 'href="example.gov.cn"')
    html = _page("通知", "<p>正文</p>", nav=nav).replace(
        "<title>通知</title>", '<title>通知</title><link href="zhangsan@">'
    )
    assert any(code == sescan.STAFF_EMAIL for code, _, _ in _plain(html))
    assert _memo(scr, html, [nav, FOOTER]) == _plain(html)


def test_a_label_before_a_fragment_reaches_its_number() -> None:
    scr = screen.Screen(STAFF)
    footer = "<footer><p>110105491231002</p></footer>"
    html = f"<body><p>身份证</p>{footer}</body>"
    assert any(code == sescan.ID_NUMBER for code, _, _ in _plain(html))  # 15 digits count after their label
    assert _memo(scr, html, [footer]) == _plain(html)
    control = f"<body><p>发文</p>{footer}</body>"
    assert _memo(scr, control, [footer]) == _plain(control) == []
    assert "110105491231002" not in screen.Screen._scanned(scr._segments(control, [footer]) or [])


def test_a_row_of_counts_and_a_table_across_a_cut_read_as_in_the_whole_page() -> None:
    scr = screen.Screen(STAFF)
    nav = NAV.replace('href="../index.html"', 'href="1 3 8 0 0 1 3 8 0 0 0"')
    for before in ('<link href="第">', '<link href="件数：">', '<link href="|密级|">', '<link href="x">'):
        html = _page("通知", "<p>正文</p>", nav=nav).replace("<title>通知</title>", "<title>通知</title>" + before)
        assert _memo(scr, html, [nav, FOOTER]) == _plain(html), before


def test_an_unclosed_quote_or_a_script_around_a_fragment_is_read_with_the_page() -> None:
    scr = screen.Screen(STAFF)
    for html in (
        _page("通知", "<p>正文</p>").replace("<body>", '<body><img alt="'),
        _page("通知", "<p>正文</p>").replace("<body>", "<body><script>").replace("</main>", "</main></script>"),
        _page("通知", "<p>正文</p>").replace("<body>", "<body><b"),
    ):
        assert _memo(scr, html, [NAV, FOOTER]) == _plain(html)


# Pieces that reach across a line break, for random pages and fragments.
_TEXT = [
    "正文",
    "身份证",
    "第",
    "：",
    "内部资料",
    "机密★一年",
    "138",
    "0013 8000",
    "1 3 8",
    "|密级|",
    "|---|",
    "|秘密|",
]
_TEXT += ["zhangsan@", "example.gov.cn", "O", "l", "  ", "\n", "11010549123100", "2", "X", "#", "(at)", "注意保密"]


def _random_markup(rng: random.Random, size: int) -> str:
    out = []
    for _ in range(size):
        roll = rng.random()
        piece = "".join(rng.choice(_TEXT) for _ in range(rng.randint(1, 3)))
        if roll < 0.3:
            out.append(f'<a href="{piece}">')
        elif roll < 0.45:
            out.append(f'<img alt="{piece}" title="{rng.choice(_TEXT)}">')
        elif roll < 0.6:
            out.append(rng.choice(["<p>", "</p>", "<br>", "<em>", "</em>", "\n  ", "<li>", "</li>"]))
        else:
            out.append(piece)
    return "".join(out)


def test_random_pages_and_fragments_read_as_whole_pages() -> None:
    rng = random.Random(9)
    scr = screen.Screen(STAFF)
    fragments = [f"<nav>{_random_markup(rng, rng.randint(1, 6))}</nav>" for _ in range(12)]
    fragments += [NAV, FOOTER]
    found = left_out = 0
    for _ in range(1500):
        used = rng.sample(fragments, rng.randint(1, 3))
        pieces = [_random_markup(rng, rng.randint(0, 5))]
        for markup in used:
            pieces += [
                rng.choice(["", "\n", "\n  ", " "]) + markup + rng.choice(["", "\n", " "]),
                _random_markup(rng, 3),
            ]
        html = "".join(pieces)
        expected = _plain(html)
        assert _memo(scr, html, used) == expected, html
        found += bool(expected)
        segments = scr._segments(screen._visible(html), used)
        if segments is not None and len(screen.Screen._scanned(segments)) < len(fold(screen.page_text(html))):
            left_out += 1
    assert found > 300 and left_out > 300  # controls: pages with findings, and pages where chrome was left out


def test_counts_and_tables_that_a_fragment_heads_stay_as_in_the_whole_page() -> None:
    # The fragment's last value labels what follows it: the page's row of counts is not a number and its 秘密 is a
    # table cell under 密级, as in the whole page. Controls: without the fragment's label both are found.
    scr = screen.Screen(STAFF)
    for label, value in (
        ("受理件数：", "1 3 8 0 0 1 3 8 0 0 0"),
        ("第", "1 3 8 0 0 1 3 8 0 0 0"),
        ("|密级|\n|---|", "|秘密|"),
    ):
        lines = ["本栏目统计数据的说明文字", *label.split("\n")]  # the values are long enough to be read once
        titles = "".join(f'<span title="{line}">x</span>' for line in lines)
        nav = f"<nav>{titles}</nav>"
        html = f'<body>\n{nav}\n<img src="{value}" alt="">\n<p>正文</p></body>'
        assert _memo(scr, html, [nav]) == _plain(html) == [], label
        control = html.replace(nav, "<nav>导航</nav>")
        assert _memo(scr, control, ["<nav>导航</nav>"]) == _plain(control) != [], label


def test_an_attribute_value_left_open_before_or_inside_a_fragment_is_read_with_the_page() -> None:
    # The whole page reads an unclosed value on into the fragment: its digits join the value before them.
    scr = screen.Screen(STAFF)
    before = '<body><a href="tel:138">x</a><img alt="0013 8000' + NAV + "</body>"
    inside_nav = '<nav><a href="../index.html" title="首页的链接说明文字">首页栏目名称</a><a href="tel:138">x</a><img alt="0013 8000></nav>'
    inside = f'<body><p>正文</p>{inside_nav} 1">x</body>'
    for html, fragments in ((before, [NAV]), (inside, [inside_nav])):
        assert any(code == sescan.MOBILE for code, _, _ in _plain(html)), html
        assert _memo(scr, html, fragments) == _plain(html), html


def test_a_fragment_that_starts_with_an_inline_tag_is_read_with_the_page() -> None:
    # Without its inline tags the fragment starts with text, which the "<b" left open before it takes into a tag:
    # the whole page reads 138 and 0013 8000 across one line break.
    scr = screen.Screen(STAFF)
    nav = "<span>栏目导航的说明文字不含号码></span>"
    html = f"<body><p>138 <b{nav}0013 8000</p></body>"
    assert any(code == sescan.MOBILE for code, _, _ in _plain(html))
    assert _memo(scr, html, [nav]) == _plain(html)


def test_many_fragments_on_a_page_are_read_as_the_whole_page() -> None:
    # A template may call fragment() hundreds of times: only the first few are cut out, the rest is page.
    scr = screen.Screen(STAFF)
    fragments = [f'<nav><a href="../c{k}.html">第{k}个栏目的导航链接</a></nav>' for k in range(200)]
    html = "<body>\n" + "\n".join(fragments) + "\n<p>电话 13800138000</p></body>"
    assert _memo(scr, html, fragments) == _plain(html) != []
    segments = scr._segments(html, fragments)
    assert segments is not None and len(segments) <= 3 * screen._PER_PAGE + 3
