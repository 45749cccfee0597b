"""The scans' faster searches find exactly what the plain searches found (issue 13, session 11 h3).

Four searches were rewritten so that the regular expression engine skips quickly to where a match can start:
the digit runs and the masked runs put their first character before their look-ahead (a pattern that starts with
a class is skipped to in the engine's own loop; one that starts with a look-ahead is tried at every character),
the e-mail's @ and the one-symbol numbers are tried only where str.find or a digit run says one can start
(`finditer_at`, `_symbol_matches`), the starred marks' hint is asked only of a text with a star, and the standing
marks' hint walks back from each first character of a mark instead of trying every head (`_head_hint`). Each is
compared here with its plain form over hostile random texts, the labelled corpus and the benchmark corpus's
articles, pattern by pattern and through the whole `scan`; controls show that the texts hold what is looked for.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
import secorpus

from generator import sescan
from generator.textfold import fold

REPO = Path(__file__).resolve().parents[2]
STAFF = sescan.staff_keys([secorpus.STAFF, "li.ming@example.gov.cn"])

_PIECES = [
    *("\n", "\n\n", " ", "\t", "  ", "\r", "\u2028", "|", "> ", "<p>", "</p>", 'alt="', '"', "=", "a="),
    *("-", "--", "—", ".", "...", "·", "/", ",", "(", ")", "+", "~", "、", "。", "…", "*", "**", "_", "★"),
    *("#", "'", "→", ";", ":", "丨", "●", "■", "?", "x", "X", "O", "o", "l", "I", "З", "Ο"),
    *("0", "1", "3", "8", "9", "13", "138", "0013", "8000", "1380", "013", "86", "+86 ", "0086", "2026", "11"),
    *("13800138000", "138 0013 8000", "138-0013-8000", "138*0013*8000", "138****8000", "1380013**00"),
    *(secorpus.VALID_ID, secorpus.ID_B, secorpus.CARD, "6222 0212 3456 7890 128", "110101 19900307 7715"),
    *("110105********002X", "110105194912310**X", "2026-11-26", "20250205-003215", "11010202000001"),
    *("一三八", "〇〇一三", "八〇〇〇", "一三八〇〇一三八〇〇〇", "壹叁捌", "十", "一", "○○○○"),
    *("@", "[at]", "(at)", " at ", "zhangwei", "li.ming", "example", ".gov", ".cn", "[dot]", "。", "ZhangWei"),
    *(secorpus.STAFF, "zhangwei@example.gov.cn.了解", "zhang*wei@example.gov.cn", "li.ming (at) example.gov.cn"),
    *("内部资料", "机密★1年", "秘密", "密", "秘", "★", "＊", "秘密*1年", "密级：机密", "绝 密", "㊙★"),
    *("元", "万元", "户", "第", "电话：", "身份证", "得分：", "https://example.gov.cn/a/", "?cardNo=", "的", "文字"),
]


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 80))) for _ in range(count)]


def _symbol_texts(count: int, seed: int) -> list[str]:
    """Digit groups of every size with one symbol (or two) between them, spaces and digits around."""
    rng = random.Random(seed)
    symbols = "#'→;:丨!^?=@$\"、-"
    out = []
    for _ in range(count):
        symbol = rng.choice(symbols)
        sizes = rng.choice([[3, 4, 4], [4, 3, 4], [6, 8, 4], [4, 4, 4, 4], [4, 4, 4, 4, 3], [4, 4, 4, 4, 4, 2]])
        sizes = [max(1, n + rng.choice([0, 0, 0, 0, -1, 1])) for n in sizes]
        groups = ["".join(rng.choice("0123456789") for _ in range(n)) for n in sizes]
        gap = rng.choice(["", " ", "\t"])
        text = (gap + symbol + gap).join(groups)
        if rng.random() < 0.2:
            text = text.replace(symbol, rng.choice(symbols), 1)
        out.append(rng.choice(["", "1", "号码", " ", "#1"]) + text + rng.choice(["", "9", "元", " ", "#2", "X"]))
    return out


def _labelled_texts() -> list[str]:
    return [c for case in secorpus.CASES for c in case.files.values() if isinstance(c, str)]


def _mutated(texts: list[str], seed: int) -> list[str]:
    """Each text with a few pieces put in at random places (the labelled cases, disturbed)."""
    rng = random.Random(seed)
    out = []
    for text in texts:
        for _ in range(rng.randint(1, 4)):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(_PIECES) + text[at:]
        out.append(text)
    return out


def _spans(matches) -> list[tuple[int, int, tuple[str | None, ...]]]:
    return [(m.start(), m.end(), m.groups()) for m in matches]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    labelled = _labelled_texts()
    return [fold(t) for t in [*_random_texts(4000, 11), *_symbol_texts(3000, 13), *labelled, *_mutated(labelled, 12)]]


def test_runs_with_their_first_character_before_the_look_ahead(texts: list[str]) -> None:
    found = 0
    for soft in (True, False):
        for args in (("", "[Xx]", "[A-Za-z0-9]"), (sescan._N, f"[Xx{sescan._TENS}]", f"[A-Za-z0-9{sescan._N}]")):
            plain = re.compile(sescan._long_pattern(*args, soft, plain=True))
            fast = re.compile(sescan._long_pattern(*args, soft))
            assert plain.pattern != fast.pattern
            for text in texts:
                expected = _spans(plain.finditer(text))
                assert _spans(fast.finditer(text)) == expected, repr(text)
                found += len(expected)
    masked = re.compile(sescan._MASKED_PLAIN)
    for text in texts:
        expected = _spans(masked.finditer(text))
        assert _spans(sescan._MASKED.finditer(text)) == expected, repr(text)
        found += len(expected)
    assert found > 10_000  # control: the texts are full of runs


def test_addresses_are_tried_where_they_can_start(texts: list[str]) -> None:
    found = 0
    crowded = [t + "(" * (sescan._FEW_STARTS + 1) for t in texts[:500]]  # the engine's own scan, past the few
    for text in [*texts, *crowded]:
        expected = _spans(sescan._AT.finditer(text))
        assert _spans(sescan.finditer_at(sescan._AT, text, sescan._AT_FIRSTS)) == expected, repr(text)
        found += len(expected)
    assert found > 2000
    assert all(m.group()[0] in sescan._AT_FIRSTS for t in texts for m in sescan._AT.finditer(t))


def test_one_symbol_numbers_are_tried_at_digit_runs(texts: list[str]) -> None:
    found = 0
    for text in texts:
        expected = _spans(sescan._SYMBOL_SEPARATED.finditer(text))
        assert _spans(sescan._symbol_matches(text)) == expected, repr(text)
        found += len(expected)
    assert found > 200


def test_the_starred_hint_needs_a_star(texts: list[str]) -> None:
    hits = 0
    for text in texts:
        plain = sescan._STARRED_HINT.search(text) is not None
        assert sescan._starred_hint(text) == plain, repr(text)
        hits += plain
    assert hits > 500
    assert sescan._starred_hint("机密＊1年".replace("＊", "★")) and not sescan._starred_hint("机密1年")


def test_the_head_hint_walks_back_from_each_first_character(texts: list[str]) -> None:
    rng = random.Random(14)
    # every kind of character the run reads, heads, words, and the first characters themselves
    alphabet = [*sescan._BREAKS, "|", ">", "=", " ", "\t", "_", "a", "Z", "9", "〇", "ª", "¼", "\u24eb", "\u2793"]
    alphabet += [
        "\U0001f10b",
        "一",
        "甲",
        "备",
        "附",
        "件",
        "说",
        "明",
        "提",
        "示",
        "国",
        "文",
        "。",
        "，",
        "——",
        "★",
        "●",
    ]
    alphabet += ["(", "【", "《", "\U0001f512", "·", "-", "*", *sescan._STANDING_FIRST, "内部资料", "机密"]
    tiny = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(20_000)]
    hits = 0
    for text in [*texts, *tiny]:
        plain = bool(sescan._START_HINT.match(text) or sescan._HEAD_HINT.search(text))
        assert sescan._head_hint(text) == plain, repr(text)
        hits += plain
    assert 1000 < hits < len(texts) + len(tiny) - 1000  # control: both answers are common
    assert not any(sescan._in_hint_run(ch) for ch in sescan._STANDING_FIRST)  # what keeps the walks apart


def _plain_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the plain searches back in sescan."""
    long_plain = {
        (extra, soft): re.compile(sescan._long_pattern(extra, check, not_after, soft, plain=True))
        for extra, check, not_after in (
            ("", "[Xx]", "[A-Za-z0-9]"),
            (sescan._N, f"[Xx{sescan._TENS}]", f"[A-Za-z0-9{sescan._N}{sescan._TENS}]"),
        )
        for soft in (True, False)
    }
    monkeypatch.setattr(sescan, "_long_digits", lambda soft: long_plain["", soft])
    monkeypatch.setattr(sescan, "_long_numerals", lambda soft: long_plain[sescan._N, soft])
    monkeypatch.setattr(sescan, "_MASKED", sescan._Lazy(sescan._MASKED_PLAIN))
    monkeypatch.setattr(sescan, "finditer_at", lambda pattern, text, firsts: pattern.finditer(text))
    monkeypatch.setattr(sescan, "_symbol_matches", sescan._SYMBOL_SEPARATED.compiled().finditer)
    monkeypatch.setattr(sescan, "_starred_hint", lambda text: sescan._STARRED_HINT.search(text) is not None)
    monkeypatch.setattr(
        sescan, "_head_hint", lambda text: bool(sescan._START_HINT.match(text) or sescan._HEAD_HINT.search(text))
    )


def _benchmark_articles(count: int) -> list[str]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import corpus

    return [corpus.corpus_article(i, 10_000).body for i in range(0, 10_000, 10_000 // count)]


def test_the_whole_scan_finds_what_the_plain_scan_found(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    articles = [fold(a) for a in _benchmark_articles(40)]
    every = [*texts, *articles]
    fast = [sescan.scan(t, staff=STAFF, folded=t, soft_breaks=k % 3 != 0) for k, t in enumerate(every)]
    with monkeypatch.context() as m:
        _plain_scan(m)
        assert sescan._long_digits(True).pattern.startswith("(?=")  # control: the plain forms are in place
        plain = [sescan.scan(t, staff=STAFF, folded=t, soft_breaks=k % 3 != 0) for k, t in enumerate(every)]
    for text, a, b in zip(every, fast, plain, strict=True):
        assert a == b, repr(text)
    codes = {f.code for found in plain for f in found}
    assert codes >= {sescan.CLASSIFIED, sescan.ID_NUMBER, sescan.MOBILE, sescan.BANK_CARD, sescan.STAFF_EMAIL}
    assert sum(map(len, plain)) > 5000 and not any(fast[len(texts) :])  # the corpus's articles stay clean
