"""`sitegen hooks install`: enable the pre-commit hook of the protected branch, kept outside the tree.

`git config core.hooksPath hooks` would run whatever hooks/pre-commit the checked-out branch carries:
a branch under review could bring its own. The hook is copied instead from the protected branch
(origin's copy when there is one) into git's own folder (.git/sitegen-hooks/), and that hook runs
the protected branch's checker, never the working tree's (SPEC §8). Run it again after a fetch to
take a newer hook; the checker itself follows the protected branch on every commit.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator import gitio
from generator.branches import protected_branch
from generator.errors import EXIT_CLEAN, SitegenError
from generator.project import find_root

HOOK = "hooks/pre-commit"


def run_install(*, root: Path | None) -> int:
    root = (root or find_root()).resolve()
    if gitio.toplevel(root) is None:
        raise SitegenError(f"{root} 不是 git 仓库。")
    branch = protected_branch(root)
    source, text = _trusted_hook(root, branch)
    folder = Path(
        gitio.git(root, "rev-parse", "--path-format=absolute", "--git-path", "sitegen-hooks").decode().strip()
    )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    hook = folder / "pre-commit"
    temporary = hook.with_name(".pre-commit.tmp")
    temporary.write_bytes(text)
    temporary.chmod(0o755)
    os.replace(temporary, hook)
    gitio.git(root, "config", "sitegen.protectedBranch", branch)
    gitio.git(root, "config", "core.hooksPath", str(folder))
    print(
        f"已启用 git 钩子（取自 {source}，放在 {folder}）：每次提交前自动运行受保护分支 {branch} 上的 "
        "sitegen check --staged，不运行工作区里的代码。受保护分支更新后可再运行一次本命令以取用新版钩子。"
    )
    return EXIT_CLEAN


def _trusted_hook(root: Path, branch: str) -> tuple[str, bytes]:
    """(where it came from, the hook's bytes): the protected branch's copy, never the checkout's."""
    for name in (f"origin/{branch}", branch):
        ref = f"refs/remotes/{name}" if name != branch else f"refs/heads/{name}"
        text = gitio.git(root, "cat-file", "blob", f"{ref}:{HOOK}", check=False)
        if text:
            return f"{name}:{HOOK}", text
    raise SitegenError(
        f"受保护分支 {branch}（origin/{branch} 或本地 {branch}）上找不到 {HOOK}：请先运行 git fetch origin {branch}，"
        "再运行本命令。不会使用工作区中的钩子文件（它可能来自尚未审核的分支）。"
    )
