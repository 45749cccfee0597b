"""The array path of the normaliser gives exactly what str.translate gives, for any string."""

from __future__ import annotations

import random

import pytest

from generator import sescan, textfold


def _alphabet() -> list[str]:
    same, other = textfold._tables()
    keys = [chr(k) for k in (*same, *other)]
    plain = [chr(c) for c in range(0x20, 0x7F)] + ["\n", "\t", "\r"]
    cjk = [chr(c) for c in range(0x4E00, 0x4E00 + 300)] + list("，。：；（）〔〕【】《》")
    odd = ["\ud800", "\udfff", "\U0001d7cf", "\U00020000", "\x00"]  # lone surrogates, astral, NUL
    return keys + plain + cjk + odd


def test_array_translate_equals_str_translate_on_random_texts() -> None:
    rng = random.Random(20261129)
    everything = _alphabet()
    _, other = textfold._tables()
    one_to_one = [ch for ch in everything if ord(ch) not in other]  # the array path proper
    table = textfold._table()
    for alphabet in (everything, one_to_one):
        for size in (0, 1, 7, 600, 5000):
            for _ in range(40):
                text = "".join(rng.choice(alphabet) for _ in range(size))
                assert textfold.array_translate(text) == text.translate(table)


def test_array_translate_without_special_characters_takes_the_array_path() -> None:
    same, _ = textfold._tables()
    text = "".join(chr(k) for k in same) * 3 + "纳税人，请于２０２６年办理。\n" * 50
    assert textfold.array_translate(text) == text.translate(textfold._table())


def test_bulk_folding_finds_what_a_single_fold_finds(monkeypatch) -> None:
    # Control: the text folded alone (str.translate) has its findings; after the process has folded
    # enough to switch to the array path, the same text gives the same findings.
    text = "联系人手机：１３８　００１３　８０００\n" + "正文。" * 400 + "\n秘密★１年\n"
    alone = sescan.scan(text)
    assert {f.code for f in alone} == {sescan.MOBILE, sescan.CLASSIFIED}
    monkeypatch.setattr(textfold, "_folded", textfold._BULK_AFTER)
    assert textfold.fold(text) == text.translate(textfold._table())
    assert sescan.scan(text) == alone


_ESCAPE_PIECES = [
    "&",
    "&#64;",
    "&#x40;",
    "&amp;",
    "&amp",
    "&#",
    "&x;",
    "%",
    "%40",
    "%e7%a8%8e",
    "%4",
    "%%41",
    "\\",
    "\\@",
    "\\\\",
    "\\a",
    "税",
    "a",
    "#",
    "6",
    "4",
    ";",
    " ",
    "\n",
    "%0A",
    "&#10;",
    "x",
]


@pytest.mark.parametrize("pieces", [3, 30, 200])
def test_unescaping_only_where_an_escape_starts_equals_the_whole_text_substitution(pieces):
    """textfold.unescape_all jumps from one & % \\ to the next; it must equal the plain re.sub, with few
    candidates (the jumping path) and with many (the engine's scan)."""
    rng = random.Random(pieces)
    for _ in range(3000):
        text = "".join(rng.choice(_ESCAPE_PIECES) for _ in range(rng.randint(0, pieces)))
        assert textfold.unescape_all(text) == textfold._ESCAPE.sub(textfold._unescape, text), text


def test_control_the_substitution_really_decodes_escapes():
    assert textfold.unescape_all("zhang&#64;ex%2Ecn \\@ &amp;") == "zhang@ex.cn @ &"


def test_the_generated_fold_tables_are_the_computed_ones() -> None:
    """generator/foldtable.py is what `python -m generator.textfold` writes from `_fold_one`: change the
    rules without writing it again and this fails; under another Unicode database it is not used."""
    import unicodedata

    from generator import foldtable

    computed = textfold._computed_tables()
    if unicodedata.unidata_version == foldtable.UNIDATA_VERSION:  # the Python it was written with (3.11)
        assert computed == (foldtable.SAME, foldtable.OTHER)
    assert textfold._tables() == computed
    assert textfold.fold("機密★１年") == "机密★1年"


@pytest.mark.parametrize(
    ("hidden", "plain"),
    [
        ("秘\ufeff密★一年", "秘密★一年"),  # a byte-order mark inside: in the drop list, missing from the table
        ("138\u115f0013\u11608000", "13800138000"),  # Hangul fillers (letters by category, invisible)
        ("1380013\uffa08000", "13800138000"),  # the half-width filler, whose NFKC form is one of them
        ("内部\U0001bca0资料", "内部资料"),  # a shorthand format control
        ("\u2800内部资料", " 内部资料"),  # the blank Braille pattern: a space on the page
        ("絶密★一年", "绝密★一年"),  # the Japanese form of 绝
    ],
)
def test_invisible_and_variant_characters_found_in_review_s8_fold_away(hidden, plain):
    assert textfold.fold(hidden) == plain
    assert sescan.scan(hidden) and [f.code for f in sescan.scan(hidden)] == [f.code for f in sescan.scan(plain)]
