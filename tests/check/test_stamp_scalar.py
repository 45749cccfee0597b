"""`sitegen new` writes the title as a YAML scalar: plain only when it reads back as the same text."""

from __future__ import annotations

import random

import pytest
import yaml

from generator.commands.stamp import _PLAIN_CHARS, _scalar

CHINESE = "关于开展税收宣传月活动的通知，。、；：？！“”‘’（）《》〈〉〔〕【】—…·"


def test_chinese_titles_are_written_plain_and_read_back() -> None:
    rng = random.Random(11)
    for _ in range(5000):
        title = "".join(rng.choice(CHINESE) for _ in range(rng.randint(1, 20)))
        assert _scalar(title) == title
        assert yaml.safe_load(f"title: {_scalar(title)}") == {"title": title}


@pytest.mark.parametrize(
    "title",
    [
        "2026",
        "true",
        "关于: 通知",
        "通知 #1",
        "- 通知",
        "“通知” ",
        "null",
        "通知\u2028第二行",
        "{通知}",
        "'通知'",
        "@通知",
    ],
)
def test_anything_else_is_asked_of_the_parser(title: str) -> None:
    assert not _PLAIN_CHARS.fullmatch(title)
    assert yaml.safe_load(f"title: {_scalar(title)}") == {"title": title}
