"""The working tree's listing of content/ (one scandir per folder) equals os.walk's, links and odd files included."""

from __future__ import annotations

import os
from pathlib import Path

from generator.project import WorkTree


def walked(root: Path) -> tuple[list[str], set[str]]:
    """The listing as it was made with os.walk: the reference."""
    files: list[str] = []
    plain: set[str] = set()
    for folder, dirnames, filenames in os.walk(root / "content"):
        rel_folder = Path(folder).relative_to(root).as_posix()
        dirnames.sort()
        links = [d for d in dirnames if os.path.islink(os.path.join(folder, d))]
        for name in sorted(filenames + links):
            files.append(f"{rel_folder}/{name}")
            if name not in links and not os.path.islink(os.path.join(folder, name)):
                plain.add(f"{rel_folder}/{name}")
    return files, plain


def test_the_listing_equals_os_walk(site: Path, tmp_path: Path) -> None:
    content = site / "content"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("x", encoding="utf-8")
    (content / "xxgk" / "deep" / "er").mkdir(parents=True)
    (content / "xxgk" / "deep" / "er" / "a.pdf").write_bytes(b"%PDF")
    (content / "xxgk" / "Upper.md").write_text("x", encoding="utf-8")
    (content / "xxgk" / "linked-folder").symlink_to(outside, target_is_directory=True)
    (content / "xxgk" / "linked.md").symlink_to(outside / "secret.md")
    (content / "xxgk" / "broken.md").symlink_to(tmp_path / "nowhere")
    os.mkfifo(content / "xxgk" / "pipe.md")
    tree = WorkTree(site)
    files = tree.content_files()
    expected, plain = walked(site)
    assert files == expected
    assert tree._walked_plain == plain
    assert "content/xxgk/linked-folder" in files and "content/xxgk/linked-folder" not in plain  # control
    assert not any(f.startswith("content/xxgk/linked-folder/") for f in files)
