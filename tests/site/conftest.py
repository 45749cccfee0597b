"""Fixtures for the public-site tests; the scratch site itself is in sitekit.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browserkit import chromium, serve
from sitekit import ScratchSite, build, open_page, populate


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


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    """The scratch site built once (with its search index) and served from the sub-path /gov/site/."""
    saved = os.environ.pop("SITEGEN_NO_SEARCH", None)
    base = tmp_path_factory.mktemp("browser")
    scratch = populate(ScratchSite(base / "repo"))
    www = base / "www"
    try:
        assert build(scratch, www / "gov" / "site") == 0
    finally:
        if saved is not None:
            os.environ["SITEGEN_NO_SEARCH"] = saved
    with serve(www) as url:
        yield url + "gov/site/"


@pytest.fixture(scope="module")
def browser():
    """One headless Debian Chromium per test module; pages are drawn with a real Chinese font.

    Module scope, not session: one process can run only one synchronous Playwright at a time, and
    the reports' browser tests (tests/browserkit.py too) may share the process.
    """
    with chromium() as launched:
        yield launched


@pytest.fixture
def tab(browser):
    """A fresh tab of the module's browser; the test fails on a request leaving 127.0.0.1 or a script error."""
    context, fresh, outside, errors = open_page(browser)
    yield fresh
    context.close()
    assert not outside, f"请求了外部资源：{outside}"
    assert not errors, f"页面脚本出错：{errors}"


@pytest.fixture
def page(tab, site_url):
    """A tab, with the shared scratch site served at site_url."""
    return tab
