"""Site search: Pagefind (the extended build, which segments Chinese) indexes the staging tree.

Only article bodies are indexed (templates mark them with data-pagefind-body).
Indexing costs more than the rest of a large build, so when every indexed page
is unchanged (same page keys, see memo.py) the previous build's index is linked
instead. Set SITEGEN_NO_SEARCH=1 (or `sitegen build --no-search`) to skip it.

Why not shards merged in the browser: Pagefind's mergeIndex searches the merged
indexes with looser matching (a phrase found in one article came back with four
results from three shards), so a single index is what keeps Chinese search exact.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from generator.errors import SitegenError


def enabled() -> bool:
    return os.environ.get("SITEGEN_NO_SEARCH", "").strip() not in ("1", "true", "yes")


_KEY_FILE = ".sitegen-index-key"


def index_key(page_keys: list[str]) -> str:
    """What the index depends on: the indexed pages' keys and the Pagefind version."""
    try:
        pagefind = version("pagefind")
    except PackageNotFoundError:
        pagefind = "unknown"
    digest = hashlib.sha1(pagefind.encode())
    for key in sorted(page_keys):
        digest.update(key.encode())
    return digest.hexdigest()


def index_or_reuse(site_dir: Path, key: str, previous: Path | None) -> None:
    if not _link_previous(previous, key, site_dir / "pagefind"):
        index(site_dir)
        (site_dir / "pagefind" / _KEY_FILE).write_text(key, encoding="utf-8")


def _link_previous(previous: Path | None, key: str, target: Path) -> bool:
    if previous is None:
        return False
    old = previous / "pagefind"
    try:
        if (old / _KEY_FILE).read_text(encoding="utf-8") != key:
            return False
        for folder, _, files in os.walk(old):
            into = target / os.path.relpath(folder, old)
            into.mkdir(parents=True, exist_ok=True)
            for name in files:
                os.link(os.path.join(folder, name), into / name)
    except OSError:
        return False
    return True


def index(site_dir: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SitegenError(
            f"无法运行 Pagefind 生成搜索索引：{exc}。可设置 SITEGEN_NO_SEARCH=1 跳过搜索索引。"
        ) from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise SitegenError("Pagefind 生成搜索索引失败：" + " / ".join(detail))
