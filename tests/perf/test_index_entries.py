"""gitio.index_entries reads `git ls-files -s -z` in one pass: the same entries as record by record."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from generator import gitio


def _by_record(out: bytes) -> dict[str, tuple[str, str]]:
    entries = {}
    for record in out.decode("utf-8", "surrogateescape").split("\0"):
        if record:
            meta, _, path = record.partition("\t")
            mode, sha, _stage = meta.split()
            entries[path] = (mode, sha)
    return entries


def test_odd_names_modes_and_a_link(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=env)
    names = [b"plain.md", b"tab\there.md", b"new\nline.md", b"space d/x y.md", "中文/文章.md".encode(), b"bad\xff.md"]
    for name in names:
        path = os.path.join(os.fsencode(root), name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(name)
    os.chmod(os.path.join(os.fsencode(root), b"plain.md"), 0o755)
    os.symlink("plain.md", root / "link.md")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    out = subprocess.run(["git", "ls-files", "-s", "-z"], cwd=root, check=True, capture_output=True).stdout
    expected = _by_record(out)
    assert len(expected) == len(names) + 1
    assert {mode for mode, _ in expected.values()} == {"100644", "100755", "120000"}
    assert gitio.index_entries(root) == expected
    assert gitio.index_entries(root, "中文") == {"中文/文章.md": expected["中文/文章.md"]}
