"""CO: column ownership (第四、五条) and the blocks a column's kind requires."""

from __future__ import annotations

import pytest
from checkkit import (
    CONSULTATION,
    DISCLOSURE,
    article,
    bad,
    bgt_approval,
    consultation_article,
    disclosure_article,
    good,
    line_of,
    run_case,
)

A = "content/nsfw/a.md"
WITH_DISCLOSURE = article(extra=DISCLOSURE)
WITH_CONSULTATION = article(extra=CONSULTATION)

CASES = [
    bad("CO001", {"content/nsfx/a.md": article()}, "content/nsfx/a.md", 1, "typo"),
    bad("CO001", {"content/a.md": article()}, "content/a.md", 1, "content-root"),
    bad("CO001", {"content/nsfw/qita/a.md": article()}, "content/nsfw/qita/a.md", 1, "unknown-child"),
    good("CO001", {"content/nsfw/zqyj/a.md": consultation_article()}, "child-column"),
    bad("CO002", {A: article(unit="bgt", approval=bgt_approval())}, A, 4),
    good("CO002", {"content/xxgk/a.md": disclosure_article()}, "owner"),
    bad("CO003", {A: article(unit="nsfwz")}, A, 4),
    good("CO003", {A: article(unit="nsfws")}),
    bad("CO004", {"content/xxgk/a.md": article(unit="bgt", approval=bgt_approval())}, "content/xxgk/a.md", None),
    bad(
        "CO004",
        {"content/xxgk/a.md": article(unit="bgt", approval=bgt_approval(), extra="disclosure:\n")},
        "content/xxgk/a.md",
        None,
        "left-empty",
    ),
    good("CO004", {"content/xxgk/a.md": disclosure_article()}),
    bad("CO005", {A: WITH_DISCLOSURE}, A, line_of(WITH_DISCLOSURE, "disclosure:")),
    good("CO005", {A: article()}),
    bad("CO006", {"content/nsfw/zqyj/a.md": article()}, "content/nsfw/zqyj/a.md", None),
    bad(
        "CO006",
        {"content/nsfw/zqyj/a.md": article(extra="consultation:\n")},
        "content/nsfw/zqyj/a.md",
        None,
        "left-empty",
    ),
    good("CO006", {"content/nsfw/zqyj/a.md": consultation_article()}),
    bad("CO007", {A: WITH_CONSULTATION}, A, line_of(WITH_CONSULTATION, "consultation:")),
    good("CO007", {A: article()}),
    bad("CO008", {"content/nsfw/index.md": article()}, "content/nsfw/index.md", 1, "column-page"),
    bad("CO008", {"content/nsfw/zqyj.md": article()}, "content/nsfw/zqyj.md", 1, "child-column"),
    good("CO008", {"content/nsfw/index-2026.md": article()}),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_co(case, tmp_path):
    run_case(case, tmp_path / "site")


def test_unknown_column_suggests_the_nearest_folder(tmp_path):
    [problem] = run_case(CASES[0], tmp_path / "site")
    assert "content/nsfw/" in problem.message


def test_wrong_owner_names_the_owner_to_write(tmp_path):
    problems = run_case(CASES[4], tmp_path / "site")
    [owner] = [p for p in problems if p.rule == "CO002"]
    assert "纳税服务司" in owner.message and "nsfws" in owner.message
