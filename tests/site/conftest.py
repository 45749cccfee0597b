"""Fixtures for the public-site tests; the scratch site itself is in sitekit.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import ScratchSite, build, populate


def pytest_configure(config):
    config.addinivalue_line("markers", "search: builds the search index")
    config.addinivalue_line("markers", "slow: real browser or HTML validator; runs in make test")


@pytest.fixture
def scratch(tmp_path) -> ScratchSite:
    return populate(ScratchSite(tmp_path / "site"))


@pytest.fixture(autouse=True)
def _no_search_by_default(monkeypatch, request):
    # Only tests marked `search` build the search index: the others need not wait for it.
    if "search" not in request.keywords:
        monkeypatch.setenv("SITEGEN_NO_SEARCH", "1")


@pytest.fixture
def built(scratch) -> Path:
    assert build(scratch) == 0
    return scratch.root / "build"
