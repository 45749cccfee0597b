"""The one headless browser and the one static web server of the tests.

Debian's Chromium (/usr/bin/chromium) driven by Playwright, never a browser a test tool downloads;
a built site served from a folder over HTTP on 127.0.0.1. The fixtures built on them live in
tests/site/conftest.py (and, for the reports' own pages, tests/reports/test_report_browser.py).
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from generator.site.rangeserve import RangeHandler

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextmanager
def chromium() -> Iterator[Any]:
    """One headless Chromium. One process runs one synchronous Playwright at a time: hold it per module."""
    if not CHROMIUM.exists():
        pytest.fail("需要 Debian 的 chromium（make system-test-deps 会安装）；测试不下载浏览器。")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _Quiet(RangeHandler):
    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """`folder` over HTTP on a free port of 127.0.0.1 while inside; yields "http://127.0.0.1:PORT/"."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
