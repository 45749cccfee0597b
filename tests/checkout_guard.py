"""What the checkout guard (tests/conftest.py) compares: the files git lists as changed, new or ignored."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Written by the tools that run the tests, not by the tests.
_TOOL_FOLDERS = (".git", ".venv", ".mypy_cache", ".ruff_cache", ".pytest_cache", "sitegen.egg-info")

State = dict[str, tuple[int, int] | None]


def checkout_state(root: Path = REPO) -> State:
    """path -> (mtime_ns, size) of every file git lists as changed, new or ignored (None: listed but gone)."""
    excludes = [f":(exclude){name}" for name in _TOOL_FOLDERS] + [":(exclude,glob)**/__pycache__/**"]
    listed = subprocess.run(
        [
            "git",
            "--no-optional-locks",
            "status",
            "--porcelain=v1",
            "-z",
            "--ignored=matching",
            "--untracked-files=all",
            "--",
            ".",
            *excludes,
        ],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout
    state: State = {}
    for entry in listed.split(b"\0"):
        if len(entry) > 3:
            _add(state, root, entry[3:].decode("utf-8", "surrogateescape"))
    return state


def _add(state: State, root: Path, rel: str) -> None:
    path = root / rel
    if path.is_dir():  # an ignored or untracked folder may be listed whole: look inside
        for folder, _dirs, files in os.walk(path):
            for name in files:
                _add(state, root, (Path(folder) / name).relative_to(root).as_posix())
        return
    try:
        st = path.stat()
    except OSError:
        state[rel] = None
        return
    state[rel] = (st.st_mtime_ns, st.st_size)


def changed_paths(before: State, after: State) -> list[str]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
