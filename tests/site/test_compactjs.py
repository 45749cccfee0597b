"""compactjs must never change what a script does: each script runs as written and as compacted in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site.compactjs import compact

pytestmark = pytest.mark.slow

RUN = """src => {
  window.__out = undefined; window.__err = null;
  window.onerror = (message) => { window.__err = String(message); };
  const script = document.createElement("script");
  script.textContent = src;
  document.body.appendChild(script);
  script.remove();
  return [window.__out === undefined ? null : JSON.stringify(window.__out), window.__err];
}"""

# Scripts whose compaction must keep what they do: comments, strings and regular expressions that look like
# comments, line ends of every kind, automatic semicolon insertion, operators that would join.
SHORTENED = {
    "plain": """
    // a comment line
    var out = [];
    function add(x) {
        /* a block comment line */
        out.push(x);  // a trailing comment
    }
    add(1); add(2);
    window.__out = out;
    """,
    "slashes in strings and regexes": """
    var u = "http://example.org//a";
      var r = /\\/\\//.test("a//b");
    var t = "  /* not a comment */  ";
    var q = '// nor this';
    window.__out = [u, r, t, q, "x".replace(/x/, "/*"), "a/b".replace(/[/]/g, "|")]; /* "/*" is in a string */
    """,
    "a character that Python would split lines at": 'var s = "a\x85b\x0bc\x0cd\x1ce";\n  window.__out = s;\n',
    "a comment opened by /*/": """
    var out = [];
    /*/
    out.push("hidden");
    /**/
    out.push("shown");
    window.__out = out;
    """,
    "a mid-line comment closed on its line": "var a = 1; /* note */ var b = 2;\n    window.__out = a + b;\n",
    "a comment opened mid-line whose end is on a // line": """
    var out = ["a"]; /* a note that goes on
    // and ends here */
    out.push("b");
    window.__out = out;
    """,
    "a comment opened mid-line whose end is on a /* line": """
    var out = ["a"]; /* a note that goes on
    /* and ends here */
    out.push("b");
    window.__out = out;
    """,
    "a template literal with indented and // lines": """
    var t = `first
        // not a comment
      /* nor this */`;
    window.__out = t;
    """,
    "a line continuation in a string": 'var s = "a\\\n    b";\nwindow.__out = s;\n',
    "U+2028 in a string": 'var s = "a\u2028  b";\n  window.__out = s;\n',
    "a lone carriage return": "var out = 1; // comment\r  out = 2;\n  window.__out = out;\n",
    "code after a comment's end": "/* a\n   b */ var x = 3;\n  window.__out = x;\n",
    "a division after a line break": """
    var b = 6, x = 2, g = {exec: function () { return 1; }};
    var a = b
    /x/g.exec(1)
    window.__out = a;
    """,
    "return then a line break": "function f() { return\n  1 }\nwindow.__out = [f() === undefined];\n",
    "no semicolons": "var x = 1, y = 1\nx\n++y\nvar z = y\n;[x, y].forEach(function (v) { z += v })\nwindow.__out = [x, y, z]\n",
    "signs that would join": "var a = 1, b = 2;\nvar c = a + +b; var d = a - -b; var e = a++ + ++b;\nwindow.__out = [c, d, e, a, b];\n",
    "a regular expression after return": "function f(s) { return /a b/.test(s) }\nwindow.__out = [f('a b'), f('ab')];\n",
    "keywords beside strings": "var o = {a: 1}; var k = typeof o, i = 'a' in o, n = o instanceof Object;\nwindow.__out = [k, i, n];\n",
}

# Scripts rJSmin may read wrongly: shipped as written.
AS_WRITTEN = {
    "a nested template literal": "var a = 1; var t = `x${ `y${a}` }z`;\n  window.__out = t;\n",
    # rJSmin would join them into <!--, which opens a comment to the line's end in a classic script
    "a less-than before a negated decrement": "var b = 3; var a = 1 < !--b; window.__out = [a, b];\n",
    "a decrement before a greater-than, then a line break": "var b = 3, a = b-- > 1\n  window.__out = [a, b];\n",
}


def _run(tab, source: str) -> list[str | None]:
    return tab.evaluate(RUN, source)


def _both_ways(browser, source: str) -> tuple[list[str | None], list[str | None]]:
    """What the script does as written and as compacted, in one fresh tab."""
    tab = browser.new_page()
    try:
        tab.set_content("<!doctype html><html><body></body></html>")
        return _run(tab, source), _run(tab, compact(source))
    finally:
        tab.close()


@pytest.mark.parametrize("name", sorted(SHORTENED))
def test_a_compacted_script_does_what_it_did(browser, name):
    source = SHORTENED[name]
    original, shipped = _both_ways(browser, source)
    assert original[1] is None and original[0] is not None, original
    assert shipped == original
    assert len(compact(source)) < len(source)  # control: it was compacted, not passed through


@pytest.mark.parametrize("name", sorted(AS_WRITTEN))
def test_a_script_it_cannot_be_sure_of_is_shipped_as_written(browser, name):
    source = AS_WRITTEN[name]
    original, shipped = _both_ways(browser, source)
    assert original[1] is None and original[0] is not None, original
    assert shipped == original
    assert compact(source) == source


def test_the_shipped_scripts_are_compacted_and_do_not_fail_to_parse(browser):
    """Control: the site's own scripts are shortened, and each still parses as a script."""
    for script in sorted((Path(__file__).resolve().parents[2] / "templates" / "static").glob("*.js")):
        source = script.read_text(encoding="utf-8")
        shipped = compact(source)
        assert len(shipped) < 0.8 * len(source), script.name
        tab = browser.new_page()
        try:
            tab.set_content("<!doctype html><html><body></body></html>")
            assert (
                tab.evaluate(
                    "src => { try { new Function(src); return null; } catch (e) { return String(e); } }", shipped
                )
                is None
            ), script.name
        finally:
            tab.close()
