"""`sitegen serve`: rebuild on change, keep the last good build, show problems, live reload."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from gitenv import REPO
from sitekit import TODAY


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _wait_for_version(server, after: int, timeout: float = 20) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = json.loads(_get(server.url + "__sitegen/version")[1])
        if state["version"] > after:
            return state
        time.sleep(0.1)
    raise AssertionError("serve did not rebuild after the change")


@pytest.fixture
def server(scratch):
    from generator.site.devserver import DevServer

    dev = DevServer(scratch.root, port=0, today=TODAY)
    dev.start()
    yield dev
    dev.stop()


def test_serves_the_site_with_live_reload(server):
    status, page = _get(server.url + "index.html")
    assert status == 200 and "测试税务网站" in page
    assert "/__sitegen/version" in page and "sitegen-problems" not in page
    status, css = _get(server.url + "static/site.css")
    assert status == 200 and "--brand" in css
    assert _get(server.url + "no/such/page.html")[0] == 404


def test_rebuilds_on_change_and_keeps_the_last_good_build_on_errors(server, scratch):
    version = json.loads(_get(server.url + "__sitegen/version")[1])["version"]
    scratch.article("nsfw", "fresh", title="刚刚保存的文章", date="2026-11-25")
    state = _wait_for_version(server, version)
    assert state["ok"]
    assert "刚刚保存的文章" in _get(server.url + "nsfw/fresh.html")[1]

    scratch.write("content/nsfw/broken.md", "---\ntitle: 缺审批单\ndate: 2026-11-20\nunit: nsfws\n---\n正文\n")
    state = _wait_for_version(server, state["version"])
    assert not state["ok"]
    status, page = _get(server.url + "nsfw/fresh.html")
    assert status == 200 and "刚刚保存的文章" in page  # the last good build
    assert 'id="sitegen-problems"' in page and "content/nsfw/broken.md" in page

    (scratch.root / "content/nsfw/broken.md").unlink()
    state = _wait_for_version(server, state["version"])
    assert state["ok"]
    assert "sitegen-problems" not in _get(server.url + "index.html")[1]


def test_ignores_changes_outside_the_sources(server, scratch):
    assert not server.relevant(scratch.root / ".git" / "index")
    assert not server.relevant(scratch.root / "build" / "index.html")
    assert not server.relevant(scratch.root / "content" / "nsfw" / ".#a.md")
    assert not server.relevant(scratch.root / ".build.staging-x1" / "index.html")
    assert server.relevant(scratch.root / "content" / "nsfw" / "a.md")
    assert server.relevant(scratch.root / "templates" / "base.html")


def test_a_port_in_use_is_named_in_chinese(scratch):
    """Another program holds the port: a Chinese line naming it and --port, no English system text, no crash."""
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    port = holder.getsockname()[1]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator.cli", "serve", "--port", str(port), "--root", str(scratch.root)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        holder.close()
    assert done.returncode == 2, done.stderr
    assert f"无法在 127.0.0.1:{port} 上启动预览：端口已被占用（EADDRINUSE）；可用 --port 换一个端口" in done.stderr
    assert "Address" not in done.stderr and "内部错误" not in done.stderr
