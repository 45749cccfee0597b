"""`sitegen hooks install`: point git at the repository's own hooks/ folder."""

from __future__ import annotations

from pathlib import Path

from generator import gitio
from generator.errors import EXIT_CLEAN, SitegenError
from generator.project import find_root


def run_install(*, root: Path | None) -> int:
    root = (root or find_root()).resolve()
    if gitio.toplevel(root) is None:
        raise SitegenError(f"{root} 不是 git 仓库。")
    if not (root / "hooks" / "pre-commit").is_file():
        raise SitegenError(f"{root}/hooks/pre-commit 不存在，无法启用钩子。")
    gitio.git(root, "config", "core.hooksPath", "hooks")
    print("已启用仓库自带的 git 钩子（core.hooksPath = hooks）：每次提交前会自动运行 sitegen check --staged。")
    return EXIT_CLEAN
