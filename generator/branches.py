"""The branches of a clone and what each one carries that the protected branch does not yet hold."""

from __future__ import annotations

from pathlib import Path

from generator import gitio
from generator.project import CONTENT


def refs(root: Path) -> list[str]:
    """Every local and remote-tracking branch, by short name (`main`, `origin/notice`)."""
    out = gitio.git(root, "for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/remotes", check=False)
    return [line for line in out.decode("utf-8", "replace").splitlines() if line and not line.endswith("/HEAD")]


def protected_ref(names: list[str], protected: str) -> str | None:
    """The protected branch as this clone knows it: the local one, else the remote-tracking one."""
    return protected if protected in names else f"origin/{protected}" if f"origin/{protected}" in names else None


def on_their_way(root: Path, protected: str) -> list[tuple[str, str]]:
    """(branch, article path) for every article a branch adds or changes since it left `protected`."""
    names = refs(root)
    base = protected_ref(names, protected)
    if base is None:
        return []
    found = []
    for ref in names:
        if ref in (protected, f"origin/{protected}"):
            continue
        out = gitio.git(
            root,
            "diff",
            "--name-only",
            "-z",
            "--diff-filter=AM",
            "--no-renames",
            f"{base}...{ref}",
            "--",
            CONTENT,
            check=False,
        )
        found += [(ref, p) for p in out.decode("utf-8", "surrogateescape").split("\0") if p.endswith(".md")]
    return found


def index_numbers_at(root: Path, rev: str, folders: set[str]) -> dict[str, str]:
    """索引号 -> article path, for the disclosure articles of commit `rev` (a quick scan, no YAML)."""
    from generator.form import index_lines

    out = gitio.git(root, "ls-tree", "-r", "-z", "--full-tree", rev, "--", *sorted(folders))
    entries = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        name = path.decode("utf-8", "surrogateescape")
        if name.endswith(".md") and name.rsplit("/", 1)[0] in folders:
            entries.append((name, meta.decode().split()[2]))
    blobs = gitio.read_blobs(root, sorted({sha for _, sha in entries}))
    numbers: dict[str, str] = {}
    for name, sha in entries:
        match = next(index_lines(blobs[sha][:8192].decode("utf-8", "replace")), None)
        if match:
            numbers.setdefault(match[1], name)
    return numbers
