"""The preview server behind `sitegen serve`.

It builds into a private temporary folder, serves it on 127.0.0.1, rebuilds when
a file of the repository changes (debounced), and keeps serving the last good
build while a rebuild runs or after one fails. The failure's problems are shown
on every page, and pages reload themselves when a new build is in place.
"""

from __future__ import annotations

import datetime as dt
import html
import http.server
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import SitegenError
from generator.site.rangeserve import RangeHandler

if TYPE_CHECKING:
    from watchdog.observers.api import BaseObserver

    from generator.site.preview import Banner

DEBOUNCE_SECONDS = 0.3
IGNORED_PARTS = {".git", "build", "__pycache__", ".pytest_cache", ".venv", "reports", ".cache"}
VERSION_PATH = "/__sitegen/version"

RELOAD_SCRIPT = """<script>
(function () {
  var seen = %d;
  setInterval(function () {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (d) { if (d.version !== seen) { window.location.reload(); } })
      .catch(function () {});
  }, 1000);
})();
</script>"""


class DevServer:
    def __init__(self, root: Path, *, port: int = 8000, today: dt.date | None = None, verbose: bool = False):
        self.root = root
        self.verbose = verbose
        self.today = today
        self.workdir = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
        self.out = self.workdir / "site"
        self.version = 0
        self.problems = ""  # text shown on every page; empty when the last build was clean
        self.failed = False
        self.banners: dict[str, Banner] = {}  # page url -> preview banner of a pending or scheduled article
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._building = threading.Lock()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._observer: BaseObserver | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def rebuild(self) -> None:
        with self._building:
            problems, failed, banners = self._build_once()
            with self._lock:
                self.problems, self.failed = problems, failed
                if not failed:
                    self.banners = banners
                self.version += 1
            if self.verbose:
                state = "构建失败，继续提供上一次成功的构建" if failed else "已重新构建"
                print(f"sitegen serve：{state}。\n{problems}", end="" if problems else "\n", file=sys.stderr)

    def _build_once(self) -> tuple[str, bool, dict[str, Banner]]:
        from generator.checking import check_tree
        from generator.problems import format_text, has_errors
        from generator.site.assemble import build_site
        from generator.site.preview import banners

        today = self.today or dt.date.today()
        try:
            # The preview shows pending and scheduled articles too (with a banner each): it checks
            # as a branch does, and only what cannot be rendered at all stops it.
            result = check_tree(self.root, today=today, release=False)
            shown = [p for p in result.problems if p.severity != "info"]
            previewed = {a.rel_path for a in result.site.articles}
            if has_errors([p for p in result.problems if p.path not in previewed]) or result.site.departments is None:
                return format_text(shown), True, {}
            build_site(
                result.site,
                root=self.root,
                out=self.out,
                today=today,
                with_search=None,
                preview=True,
            )
            return (
                format_text(shown),
                False,
                banners(result.site.articles, result.problems, result.site.departments, today),
            )
        except SitegenError as exc:
            return str(exc), True, {}
        except Exception as exc:  # noqa: BLE001 - a broken rebuild must not stop the preview
            return f"内部错误：{exc!r}", True, {}

    def schedule(self) -> None:
        """Debounce: a burst of saves triggers one rebuild after it settles."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(DEBOUNCE_SECONDS, self.rebuild)
            self._timer.daemon = True
            self._timer.start()

    def watch(self) -> None:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer

        server = self

        class Changed(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.event_type in ("opened", "closed_no_write"):
                    return
                paths = [event.src_path, getattr(event, "dest_path", "") or ""]
                if any(p and server.relevant(Path(os.fsdecode(p))) for p in paths):
                    server.schedule()

        observer = Observer()
        observer.schedule(Changed(), str(self.root), recursive=True)
        observer.start()
        self._observer = observer

    def relevant(self, path: Path) -> bool:
        try:
            parts = path.relative_to(self.root).parts
        except ValueError:
            return False
        # Hidden names cover .git, editors' swap files and a parallel `sitegen build`'s staging folder.
        if not parts or any(p in IGNORED_PARTS or p.startswith(".") for p in parts):
            return False
        name = parts[-1]
        return not (name.startswith(".#") or name.endswith(("~", ".swp", ".tmp")))

    def start(self) -> None:
        self.rebuild()
        self.watch()
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        if self._timer is not None:
            self._timer.cancel()
        self.httpd.shutdown()
        self.httpd.server_close()
        with self._building:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def overlay(self) -> str:
        with self._lock:
            version, problems, failed = self.version, self.problems, self.failed
        parts = [RELOAD_SCRIPT % (version, VERSION_PATH)]
        if problems:
            title = "构建失败，以下是上一次成功构建的内容" if failed else "检查提示"
            parts.insert(
                0,
                (
                    '<div role="alert" id="sitegen-problems" style="position:fixed;left:0;right:0;bottom:0;'
                    "max-height:40vh;overflow:auto;z-index:9999;background:#fff3f3;color:#000;"
                    'border-top:4px solid #b00020;padding:1em;font:14px/1.5 monospace;white-space:pre-wrap">'
                    f"<strong>sitegen：{title}</strong>\n{html.escape(problems)}</div>"
                ),
            )
        return "".join(parts)

    def with_banner(self, target: Path, text: str) -> str:
        """The page with its preview banner (pending or scheduled article) just inside <body>."""
        try:
            url = target.resolve().relative_to(self.out.resolve()).as_posix()
        except ValueError:
            return text
        with self._lock:
            banner = self.banners.get(url)
        if banner is None:
            return text
        match = re.search(r"<body[^>]*>", text)
        at = match.end() if match else 0
        return str(text[:at] + banner.html + text[at:])

    def _handler(self) -> type[http.server.SimpleHTTPRequestHandler]:
        server = self

        class Handler(RangeHandler):  # search reads its result packs by byte ranges
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(server.out), **kwargs)

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                if self.path.split("?")[0] == VERSION_PATH:
                    with server._lock:
                        body = json.dumps({"version": server.version, "ok": not server.failed})
                    return self._send(body.encode(), "application/json")
                target = Path(self.translate_path(self.path))
                if target.is_dir():
                    target = target / "index.html"
                if target.suffix == ".html" or not server.out.exists():
                    return self._send_page(target)
                return super().do_GET()

            def _send_page(self, target: Path) -> None:
                status = 200
                try:
                    text = target.read_text(encoding="utf-8")
                except OSError:
                    status = 404
                    fallback = server.out / "404.html"
                    text = (
                        fallback.read_text(encoding="utf-8")
                        if fallback.exists()
                        else '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>sitegen</title></head><body></body></html>'
                    )
                extra = server.overlay()
                text = text.replace("</body>", extra + "</body>", 1) if "</body>" in text else text + extra
                if status == 200:
                    text = server.with_banner(target, text)
                self._send(text.encode("utf-8"), "text/html; charset=utf-8", status)

            def _send(self, body: bytes, kind: str, status: int = 200) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

        return Handler


def serve_until_interrupted(server: DevServer) -> None:
    server.start()
    try:
        while True:
            time.sleep(1)
    finally:
        server.stop()
