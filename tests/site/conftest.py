"""Fixtures for the public-site tests; the scratch site itself is in sitekit.py."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest
from sitekit import ScratchSite, build, open_page, populate

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


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


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


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
    handler = functools.partial(_Quiet, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/gov/site/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    """One headless Debian Chromium per test module; pages are drawn with a real Chinese font.

    Module scope, not session: other test modules start their own Playwright, and one process can
    run only one synchronous Playwright at a time.
    """
    if not CHROMIUM.exists():
        pytest.fail("需要 Debian 的 chromium（make system-test-deps 会安装）；测试不下载浏览器。")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site_url):
    context, tab, outside, errors = open_page(browser)
    yield tab
    context.close()
    assert not outside, f"请求了外部资源：{outside}"
    assert not errors, f"页面脚本出错：{errors}"
