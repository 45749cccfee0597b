"""`sitegen check`: the gate run by the pre-commit hook, CI and the build."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator import gitio
from generator.errors import EXIT_CLEAN, EXIT_PROBLEMS, SitegenError
from generator.problems import Problem, format_json, format_text, has_errors, sort_problems, summary_line
from generator.project import IndexTree, find_root, is_inside

if TYPE_CHECKING:
    from generator.checking import CheckResult


def run_check(
    *,
    paths: Sequence[Path],
    staged: bool,
    release: bool,
    strict: bool,
    commits: str | None,
    fmt: str,
    today: dt.date | None,
    root: Path | None,
    rev: str | None = None,
    target: str | None = None,
) -> int:
    from generator.checking import check_tree

    today = today or dt.date.today()
    root = (root or find_root()).resolve()
    if staged and paths:
        raise SitegenError("--staged 检查暂存区的全部改动，不能同时指定文件路径。")
    if rev and (staged or paths):
        raise SitegenError("--rev 检查整个提交，不能与 --staged 或文件路径同时使用。")
    if rev:
        # A bare repository (the pre-receive hook) has no working tree: read the commit itself.
        from generator.project import CommitTree

        result = check_tree(root, today=today, release=release, tree=CommitTree(root, rev))
    elif staged:
        top, head = gitio.toplevel_and_head(root)
        if top is None:
            raise SitegenError(f"{root} 不是 git 仓库，无法使用 --staged。")
        from generator import proposed

        tree = IndexTree(root)
        changes = proposed.staged_changes(root, head)
        targets = [c.path for c in changes if c.new is not None and is_inside(c.path, "content")]
        targets += proposed.affected_by_deletions(root, tree, changes)
        result = check_tree(root, today=today, release=release, targets=targets, tree=tree)
        # The commit itself: its author, the stamps it writes, the signed articles it edits (GH rules).
        staged_problems = proposed.judge_staged(root, today, head, changes)
    else:
        given = [_relative(root, Path(p)) for p in paths] if paths else None
        result = check_tree(root, today=today, release=release, targets=_expand_folders(root, given))
    problems = result.problems
    if staged:
        problems = sort_problems([*problems, *staged_problems])
    # A merge request's base (A of --commits A..B) is the target branch as the request found it;
    # the server hook's A is the protected branch's tip itself.
    if target:
        problems = sort_problems([*problems, *_taken_on_target(root, target, result)])
    elif _range_start(commits):
        with contextlib.suppress(SitegenError):  # an unknown start: the history check below says so
            problems = sort_problems([*problems, *_taken_on_target(root, _range_start(commits) or "", result)])
    if commits:
        from generator.gate import judge_tip
        from generator.history import parse_range

        base, tip = parse_range(commits)
        problems = sort_problems(
            [*problems, *judge_tip(root, base, tip, today=today, tree_check=False, release=release)]
        )
    _report(problems, fmt)
    if staged and fmt == "text":
        _name_unstaged_edits(root, problems, tree)
    return EXIT_PROBLEMS if has_errors(problems, strict=strict) else EXIT_CLEAN


def _report(problems: list[Problem], fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(format_json(problems))
        return
    sys.stdout.write(format_text(problems))
    print(summary_line(problems), file=sys.stderr if problems else sys.stdout)


def _range_start(commits: str | None) -> str | None:
    if not commits or "..." in commits or ".." not in commits or len(commits.split()) != 1:
        return None
    start = commits.split("..", 1)[0]
    return start if start and not start.startswith("-") and start.strip("0") != "" else None


def _taken_on_target(root: Path, target: str, result: CheckResult) -> list[Problem]:
    """DX001 for every 索引号 that the target branch's tip already gives to another article.

    A parallel branch merged after this one was started may have taken the same number:
    the checked tree alone cannot see it, the target's tip can.
    """
    from generator.branches import index_numbers_at
    from generator.form import INDEX_LINE
    from generator.problems import Sink
    from generator.project import CommitTree
    from generator.rules import dx

    site = result.site
    if site.columns is None:
        return []
    folders = {f"content/{c.path}" for c in site.columns if c.kind == "disclosure"}
    theirs = index_numbers_at(root, CommitTree(root, target).rev, folders)
    out = []
    for article in site.articles:
        number = (article.disclosure or {}).get("index_no")
        other = theirs.get(number) if number else None
        if other is None or other == article.rel_path:
            continue
        sink = Sink(article.rel_path)
        try:
            text = "" if article.lines else (root / article.rel_path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        match = INDEX_LINE.search(text)
        line = (
            article.line("disclosure", "index_no")
            if article.lines
            else (text.count("\n", 0, match.start()) + 1 if match else 1)
        )
        sink.add(
            dx.DUPLICATE_INDEX,
            line,
            f"索引号 {number} 在目标分支 {target} 上已被 {other} 使用（那篇文章在本分支开始之后才合并进去）；"
            "索引号必须全站唯一：请把本文的 index_no 改为未被使用的编号（在更新到目标分支最新内容后运行 sitegen new 可看到下一个可用编号）。",
        )
        out.extend(sink.problems)
    return out


def _name_unstaged_edits(root: Path, problems: list[Problem], index: IndexTree) -> None:
    """A problem found in the staged text may already be fixed in the working file: say so."""
    # A working file whose bytes and executable bit are the staged blob's is not asked of git (the usual
    # case: the liaison commits what they just added); git diff decides every other path.
    paths = sorted({p.path for p in problems if p.severity != "info" and not _as_staged(root, p.path, index)})
    if not paths:
        return
    out = gitio.git(root, "diff", "--name-only", "-z", "--", *paths, check=False)
    for path in sorted(p for p in out.decode("utf-8", "surrogateescape").split("\0") if p):
        print(
            f"注意：{path} 的工作区文件与暂存区中的版本不同。以上检查的是暂存区中的版本（即将提交的内容）；"
            f"如已在工作区改正，请重新 git add {path} 后再提交。",
            file=sys.stderr,
        )


def _as_staged(root: Path, rel: str, index: IndexTree) -> bool:
    """True when the working file `rel` is a regular file holding exactly the staged blob, with its mode."""
    entry = index.entries.get(rel)
    if entry is None or entry[0] not in ("100644", "100755"):
        return False
    try:
        info = os.lstat(root / rel)
        if not stat.S_ISREG(info.st_mode) or bool(info.st_mode & 0o111) != (entry[0] == "100755"):
            return False
        data = (root / rel).read_bytes()
    except OSError:
        return False
    digest = hashlib.sha1 if len(entry[1]) == 40 else hashlib.sha256
    return digest(b"blob %d\0" % len(data) + data).hexdigest() == entry[1]


def _relative(root: Path, path: Path) -> str:
    absolute = Path(os.path.abspath(path if path.is_absolute() else Path.cwd() / path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return os.path.relpath(absolute, root).replace(os.sep, "/")


def _expand_folders(root: Path, targets: list[str] | None) -> list[str] | None:
    if targets is None:
        return None
    expanded: list[str] = []
    for rel in targets:
        folder = root / rel
        if folder.is_dir() and not folder.is_symlink():
            expanded.extend(
                sorted(p.relative_to(root).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())
            )
        elif not folder.exists() and not folder.is_symlink():
            raise SitegenError(f"找不到 {rel}。")
        else:
            expanded.append(rel)
    return expanded
