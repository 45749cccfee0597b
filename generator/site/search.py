"""Site search: Pagefind (the extended build, which segments Chinese) indexes the staging tree.

Only article bodies are indexed (templates mark them with data-pagefind-body).
Set SITEGEN_NO_SEARCH=1 to skip indexing, e.g. for benchmarks.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator.errors import SitegenError


def enabled() -> bool:
    return os.environ.get("SITEGEN_NO_SEARCH", "").strip() not in ("1", "true", "yes")


def index(site_dir: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SitegenError(f"无法运行 Pagefind 生成搜索索引：{exc}。可设置 SITEGEN_NO_SEARCH=1 跳过搜索索引。") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise SitegenError("Pagefind 生成搜索索引失败：" + " / ".join(detail))
