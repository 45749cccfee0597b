"""compactcss must never change how a page looks: the shipped stylesheet and the one as written give every element
of the site's pages the same computed style in Chromium, in the normal, large-text and high-contrast modes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site.compactcss import compact

REPO = Path(__file__).resolve().parents[2]

# Every element's computed style (all properties), one string per element.
STYLES = """() => Array.from(document.querySelectorAll("*")).map(e => {
  const s = getComputedStyle(e);
  return Array.from(s).map(p => p + ":" + s.getPropertyValue(p)).join(";");
})"""
AS_WRITTEN = """css => {
  document.querySelectorAll("link[rel=stylesheet]").forEach(l => l.remove());
  const style = document.createElement("style");
  style.textContent = css;
  document.head.appendChild(style);
}"""


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["", "large-text", "high-contrast"])
def test_the_shipped_stylesheet_styles_the_pages_as_written(page, site_url, mode):
    written = (REPO / "templates" / "static" / "site.css").read_text(encoding="utf-8")
    assert len(compact(written)) < 0.95 * len(written)  # control: it is shipped compacted
    page.goto(site_url + "index.html")
    articles = page.eval_on_selector_all("main a[href$='.html']", "all => all.slice(0, 3).map(a => a.href)")
    pages = [site_url + p for p in ("index.html", "search.html", "wzdt.html", "gkml.html", "lxwm.html")] + articles
    assert len(pages) >= 7
    for url in pages:
        page.goto(url)
        page.wait_for_load_state("networkidle")  # the search page fills its filters from the index after loading
        page.evaluate("mode => { if (mode) { document.documentElement.classList.add(mode); } }", mode)
        # control: the page has the shipped stylesheet (its colours are set)
        assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--text')"), url
        shipped = page.evaluate(STYLES)
        page.evaluate(AS_WRITTEN, written)
        assert page.evaluate(STYLES) == shipped, url


@pytest.mark.parametrize(
    "source",
    [
        "a { background: url(x/*y*/z.png); }\n",  # an unquoted URL may hold /*
        'a::before { content: "\\"/*"; }\n',  # an escape
        "a { margin: 1px/**/2px; }\n",  # two tokens the comment separates
        "a { color: red; } /* open\n",  # a comment left open
        'a::before { content: "open\n}\n',  # a string cut by a line break
    ],
)
def test_what_it_cannot_be_sure_of_is_shipped_as_written(source):
    assert compact(source) == source


def test_comments_and_indentation_go_and_strings_stay():
    source = '/* head */\n\na {\n  color: red;  /* why */\n  content: "/* kept */";\n}\n'
    assert compact(source) == 'a {\ncolor: red;\ncontent: "/* kept */";\n}\n'
