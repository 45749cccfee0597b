from generator.site.markdown import page_href, render


def test_raw_html_is_escaped_not_executed():
    html = render('正文<script>alert("x")</script>\n\n<div onclick="x">块</div>\n')
    assert "<script>" not in html and "<div" not in html
    assert "&lt;script&gt;" in html


def test_md_links_become_page_urls_and_other_links_stay():
    html = render("[a](../b/c.md) [b](d.md#h-x) [c](https://x.cn/a.md) [d](gkzn/附件1.pdf)")
    assert 'href="../b/c.html"' in html
    assert 'href="d.html#h-x"' in html
    assert 'href="https://x.cn/a.md"' in html
    assert 'href="gkzn/%E9%99%84%E4%BB%B61.pdf"' in html


def test_page_href_keeps_fragments_and_queries():
    assert page_href("a.md?x=1#y") == "a.html?x=1#y"
    assert page_href("#top") == "#top"
    assert page_href("/abs/a.md") == "/abs/a.md"


def test_dangerous_schemes_are_not_links():
    html = render("[x](javascript:alert(1)) [y](data:text/html,hi)")
    assert "<a" not in html


def test_headings_get_chinese_anchors_and_start_at_h2():
    html = render("# 一、总则\n\n## 细则\n\n# 一、总则\n")
    assert '<h2 id="h-一总则">一、总则</h2>' in html
    assert '<h3 id="h-细则">细则</h3>' in html
    assert 'id="h-一总则-1"' in html


def test_tables_are_rendered_in_a_focusable_scroll_region():
    html = render("| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "<table>" in html and "<td>1</td>" in html
    assert 'class="table-wrap"' in html and 'tabindex="0"' in html


ENGINE_CASES = [
    "# 一\n# 一\n## 一-1\n#### 深\n###### 六\n",
    "## x &amp; y `c` [链接](a.md) 标题\n\n## 第\\_1条\n\n## &#x4e2d;文\n\n## \n",
    "[a](b.md#c) [d](http://x.md) [e](../f/g.md?x=1) ![i](x.md) <https://example.gov.cn/a.md>\n",
    "<b>hi</b>\n\n<div>\nx\n</div>\n\n```\n<x>\n```\n\n    code\n",
    "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- 一\n- 二\n\n1. 甲\n2. 乙\n\n> 引用\n\n***\n\na  \nb\n",
]


def test_fast_engine_output_is_identical_to_markdown_it_py():
    """Identical input, identical output, whichever engine is installed."""
    from pathlib import Path

    from generator import frontmatter
    from generator.site import markdown

    repo = Path(__file__).resolve().parents[2]
    bodies = [
        frontmatter.split(frontmatter.decode(p.read_bytes())).body for p in sorted((repo / "content").rglob("*.md"))
    ]
    for text in bodies + ENGINE_CASES:
        assert markdown.render(text) == markdown.render_reference(text)


def test_the_fast_engine_is_the_one_in_use():
    from generator.site import markdown

    assert markdown.engine_name() == "markdown-it-pyrs"
