"""The labelled corpus (tests/check/secorpus.py) through the real check: no regression on either side."""

from __future__ import annotations

import pytest
import secorpus
from checkkit import HAN, check, write_site


@pytest.fixture(scope="module")
def corpus_result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    root = write_site(folder / "site", secorpus.build(folder))
    problems = check(root)
    found: dict[str, set[str]] = {}
    for p in problems:
        case = secorpus.case_of(p.path)
        if case is not None and p.severity != "info":
            found.setdefault(case, set()).add(p.rule)
    return found, problems


def test_the_corpus_is_large_and_covers_both_sides():
    assert len(secorpus.CASES) >= 300
    assert len({c.id for c in secorpus.CASES}) == len(secorpus.CASES)
    positives = [c for c in secorpus.CASES if c.positive]
    assert len(positives) >= 150 and len(secorpus.CASES) - len(positives) >= 100


@pytest.mark.parametrize("case", secorpus.CASES, ids=lambda c: c.id)
def test_corpus_case(case, corpus_result):
    found, _ = corpus_result
    raised = {code for code in found.get(case.id, set()) if code.startswith("SE")}
    if case.positive:
        assert case.expect <= raised, f"{case.id}: expected {sorted(case.expect)}, got {sorted(raised)}"
    else:
        assert not found.get(case.id), f"{case.id}: false alarm {sorted(found.get(case.id, set()))}"


def test_precision_and_recall_are_perfect(corpus_result):
    found, _ = corpus_result
    assert secorpus.score(found)["precision"] == 1.0
    assert secorpus.score(found)["recall"] == 1.0


def test_every_finding_names_its_place_in_chinese(corpus_result):
    _, problems = corpus_result
    for p in problems:
        if p.rule.startswith("SE"):
            assert p.line >= 1 and HAN.search(p.message), p
