"""The checkout guard of tests/conftest.py can fail: shown on a scratch repository, never the checkout."""

from __future__ import annotations

import subprocess
from pathlib import Path

from checkout_guard import changed_paths, checkout_state


def _repo(root: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("build/\n.cache/\n", encoding="utf-8")
    (root / "README.md").write_text("site\n", encoding="utf-8")
    return root


def test_the_guard_sees_new_ignored_and_changed_files(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    before = checkout_state(root)
    (root / ".cache" / "sitegen").mkdir(parents=True)
    (root / ".cache" / "sitegen" / "check.pickle").write_bytes(b"x")
    (root / "stray.txt").write_text("x", encoding="utf-8")
    assert changed_paths(before, checkout_state(root)) == [".cache/sitegen/check.pickle", "stray.txt"]


def test_an_untouched_checkout_passes(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    (root / "build").mkdir()
    (root / "build" / "index.html").write_text("old", encoding="utf-8")
    before = checkout_state(root)
    assert changed_paths(before, checkout_state(root)) == []
