"""The perf tests' scratch site: a copy of the repository's own maps, content and templates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SITEGEN_NO_SEARCH", "1")
    root = tmp_path / "site"
    root.mkdir()
    for name in ("departments.yaml", "columns.yaml", "site.yaml"):
        shutil.copy(REPO / name, root / name)
    for folder in ("content", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    return root
