"""`sitegen serve`: preview on 127.0.0.1, rebuilt on every change, problems shown in the page."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from generator.errors import EXIT_CLEAN, SitegenError, os_reason
from generator.project import find_root


def run_serve(*, port: int, today: dt.date | None, root: Path | None) -> int:
    from generator.site.devserver import DevServer, serve_until_interrupted

    root = (root or find_root()).resolve()
    try:
        server = DevServer(root, port=port, today=today, verbose=True)
    except OSError as exc:
        raise SitegenError(
            f"无法在 127.0.0.1:{port} 上启动预览：{os_reason(exc)}；可用 --port 换一个端口，例如 --port {_other(port)}。"
        ) from None
    print(f"正在预览：{server.url}  （文件变化时自动重建；按 Ctrl+C 停止）", file=sys.stderr)
    try:
        serve_until_interrupted(server)
    except KeyboardInterrupt:
        print("预览已停止。", file=sys.stderr)
    return EXIT_CLEAN


def _other(port: int) -> int:
    return port + 1 if port < 65535 else 8000
