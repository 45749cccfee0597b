"""The shipped repository passes its own gate; the rules reference and the tests cover every rule."""

from __future__ import annotations

import re
from pathlib import Path

from checkkit import HAN
from gitenv import REPO

from generator.rules import all_rules

HERE = Path(__file__).parent


def test_the_shipped_site_passes_the_release_check(run_sitegen):
    run = run_sitegen(
        "check", "--release", "--today", "2026-11-26", "--format", "json", cwd=REPO, extra_env={"SITEGEN_NO_CACHE": "1"}
    )
    assert run.code == 0, run.out + run.err
    errors = [p for p in run.json["problems"] if p["severity"] == "error"]
    assert errors == []


def test_docs_rules_md_is_generated_from_the_registry(run_sitegen):
    run = run_sitegen("rules", "--format", "markdown", cwd=REPO)
    assert run.code == 0
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == run.out, (
        "docs/rules.md is stale: run  sitegen rules --format markdown > docs/rules.md"
    )


def test_every_rule_has_a_chinese_summary_and_a_known_severity():
    for rule in all_rules():
        assert re.fullmatch(r"[A-Z]{2}\d{3}", rule.code)
        assert rule.severity in {"error", "warning", "info"}
        assert HAN.search(rule.summary), rule


def test_every_check_rule_has_a_failing_and_a_passing_case():
    """Each rule of FM CO AP SE LK DX MP DT is proved from both sides by a bad(...) and a good(...) case."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(HERE.glob("test_check_*.py")))
    bad = set(re.findall(r'\bbad\(\s*"([A-Z]{2}\d{3})"', source))
    good = set(re.findall(r'\bgood\(\s*"([A-Z]{2}\d{3})"', source))
    codes = {
        r.code
        for r in all_rules()
        if r.code[:2] in {"FM", "CO", "AP", "SE", "LK", "DX", "MP", "LC", "DT"} and not r.code.startswith("LC1")
    }
    assert codes - bad == set(), "rules without a failing case"
    assert codes - good == set(), "rules without a passing case"
