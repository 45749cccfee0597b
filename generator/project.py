"""Where things are in a site repository, and the two views of its files.

A check reads either the working tree or git's index (the pre-commit hook):
both are a `Tree` with the same small interface, so the rules never know which.
"""

from __future__ import annotations

import errno
import os
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from generator import gitio
from generator.errors import SitegenError

CONTENT = "content"
DEPARTMENTS = "departments.yaml"
COLUMNS = "columns.yaml"
SETTINGS = "site.yaml"
MAP_FILES = (DEPARTMENTS, COLUMNS, SETTINGS)
# Top-level folders of the built site that the generator owns (static assets, the search index).
RESERVED_OUTPUT = ("static", "search")
# What `sitegen new` writes (the one template: commands/stamp.py writes it, rules/ap.py's AP010 finds it);
# an article still holding any of it, or nothing at all, is not ready to sign.
PLACEHOLDER_TEXT = "在这里用中文撰写正文。"
EXAMPLE_HEADING = "小标题"
PLACEHOLDER_BODY = f"## {EXAMPLE_HEADING}\n\n{PLACEHOLDER_TEXT}段落之间空一行；列表用“- ”开头；表格用“|”分隔各列。\n"
EXAMPLE_TITLE = "关于……的通知"  # shown by `sitegen new` when the title is missing; never a title itself
# Placeholders are compared with spaces and punctuation removed ("在这里 用中文撰写正文" is still it):
# only letters and digits are kept, by one C-speed substitution (linear on any body).
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """`text` without whitespace, punctuation and symbols: what placeholder comparisons look at."""
    return _NOT_WORD.sub("", text)


# An article's file name without .md (FM011; `sitegen new --slug`).
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
# The file name of a column's own page: an article may not take it.
COLUMN_PAGE_SLUG = "index"
# Who may change what (第四条): the office owns the maps and the settings, the technical unit
# owns the machinery. The GH rules judge commits by these lists and CODEOWNERS is written from them.
OFFICE_FILES = (COLUMNS, DEPARTMENTS, SETTINGS)
# Folders end in "/".
TECHNICAL_PATHS = (
    "templates/",
    "generator/",
    "hooks/",
    "pyproject.toml",
    "tests/",
    "benchmarks/",
    "Makefile",
    ".gitlab-ci.yml",
    ".github/",
    ".ci/",
    ".pre-commit-hooks.yaml",
)


def find_root(start: Path | None = None) -> Path:
    """The site repository that contains `start` (default: the current directory)."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / DEPARTMENTS).is_file() and (candidate / COLUMNS).is_file():
            return candidate
    top = gitio.toplevel(here)
    if top is not None:
        return top
    raise SitegenError(f"在 {here} 及其上级目录中找不到站点仓库（应包含 {COLUMNS} 和 {DEPARTMENTS}）。")


def is_inside(rel: str, folder: str) -> bool:
    return rel == folder or rel.startswith(folder + "/")


class Files(Protocol):
    """Anything that reads a site file by repository-relative posix path (the maps loader needs no more)."""

    def read(self, rel: str) -> bytes | None:  # None: no such file
        ...


class Tree(Files, Protocol):
    """Read-only access to the site's files: the working tree, git's index or one commit."""

    root: Path
    # True for the working tree: files can be stat'ed and re-read by path, so their check results
    # are cached, the renderer reads them again and workers may check them in parallel.
    on_disk: bool

    def size(self, rel: str) -> int: ...

    def exists(self, rel: str) -> bool: ...

    def escapes(self, rel: str) -> bool:
        """True when `rel` is a symlink or resolves outside content/."""
        ...

    def content_files(self) -> list[str]: ...

    def preload(self, paths: list[str]) -> None:
        """Read these files in one go when reading them one by one would be slow."""
        ...

    def source_of(self, rel: str) -> str | None:
        """The file on disk that holds `rel` (None when the tree is not `on_disk`)."""
        ...


class NoFiles:
    """A tree with nothing in it: for judging one article's form by the rules that read no other file."""

    root = Path(".")
    on_disk = False

    def read(self, rel: str) -> bytes | None:
        return None

    def size(self, rel: str) -> int:
        return 0

    def exists(self, rel: str) -> bool:
        return False

    def escapes(self, rel: str) -> bool:
        return True  # nothing can be inside an empty tree

    def content_files(self) -> list[str]:
        return []

    def preload(self, paths: list[str]) -> None:
        pass

    def source_of(self, rel: str) -> str | None:
        return None


class WorkTree:
    on_disk = True

    def __init__(self, root: Path):
        self.root = root
        self.content_root = (root / CONTENT).resolve()
        self._walked_plain: set[str] = set()  # regular files met by content_files(): cannot escape

    def read(self, rel: str) -> bytes | None:
        try:
            return (self.root / rel).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:
                return None
            raise

    def size(self, rel: str) -> int:
        return os.stat(os.path.join(self.root, rel)).st_size  # not a Path: every attachment's, at every check

    def exists(self, rel: str) -> bool:
        if rel in self._walked_plain:
            return True  # listed by this run's walk of content/ (the links check asks for thousands)
        try:
            return (self.root / rel).exists()
        except OSError:  # e.g. a crafted link target longer than the file system allows
            return False

    def plain(self, rel: str) -> bool:
        """Whether content_files listed `rel` as a file that is no symbolic link."""
        return rel in self._walked_plain

    def escapes(self, rel: str) -> bool:
        if rel in self._walked_plain:
            return False
        path = self.root / rel
        # Every component counts: a symlinked folder is as much a way out as a symlinked file.
        probe = path
        while probe != self.root and probe != probe.parent:
            if probe.is_symlink():
                return True
            probe = probe.parent
        resolved = path.resolve()
        return resolved != self.content_root and self.content_root not in resolved.parents

    def preload(self, paths: list[str]) -> None:
        pass  # reading a working file is already cheap

    def source_of(self, rel: str) -> str | None:
        return str(self.root / rel)

    def content_files(self) -> list[str]:
        """Every file under content/, folder by folder in name order (as os.walk top-down with sorted names).

        One os.scandir per folder: whether an entry is a folder or a symbolic link comes with the listing,
        so the 12,000 files of a large site cost no stat each.
        """
        files: list[str] = []
        root = str(self.root)

        def walk(rel_folder: str) -> None:
            try:
                with os.scandir(os.path.join(root, rel_folder)) as listing:
                    entries = list(listing)
            except OSError:
                return  # as os.walk: a folder that cannot be listed is skipped
            names: list[tuple[str, bool]] = []  # (name, is a symbolic link)
            folders: list[str] = []
            for entry in entries:
                link = entry.is_symlink()
                try:
                    folder = entry.is_dir()  # follows a link, as os.walk does
                except OSError:
                    folder = False
                if folder and not link:
                    folders.append(entry.name)
                else:  # symlinked folders are listed (as files) so that the rules can refuse them
                    names.append((entry.name, link))
            for name, link in sorted(names):
                rel = f"{rel_folder}/{name}"
                files.append(rel)
                if not link:
                    self._walked_plain.add(rel)
            for name in sorted(folders):
                walk(f"{rel_folder}/{name}")

        walk(CONTENT)
        return files


class IndexTree:
    """The text staged in git's index: what the next commit will contain."""

    on_disk = False

    def __init__(self, root: Path):
        self.root = root
        self.entries: Mapping[str, tuple[str, str]] = gitio.index_entries(root)
        self._cache: dict[str, bytes] = {}

    def preload(self, paths: list[str]) -> None:
        wanted = [p for p in paths if p in self.entries and p not in self._cache]
        blobs = gitio.read_blobs(self.root, sorted({self.entries[p][1] for p in wanted}))
        for p in wanted:
            self._cache[p] = blobs[self.entries[p][1]]

    def read(self, rel: str) -> bytes | None:
        if rel not in self.entries:
            return None
        if rel not in self._cache:
            self.preload([rel])
        return self._cache[rel]

    def size(self, rel: str) -> int:
        data = self.read(rel)
        return len(data) if data is not None else 0

    def exists(self, rel: str) -> bool:
        if rel in self.entries:
            return True
        return rel.rstrip("/") in self._folders()

    def _folders(self) -> set[str]:
        """Every folder that holds an entry, built once: `exists` must not scan all entries per call."""
        folders: set[str] | None = getattr(self, "_folder_set", None)
        if folders is None:
            folders = set()
            for path in self.entries:
                folder = posixpath.dirname(path)
                while folder and folder not in folders:
                    folders.add(folder)
                    folder = posixpath.dirname(folder)
            self._folder_set = folders
        return folders

    def escapes(self, rel: str) -> bool:
        normal = posixpath.normpath(rel)
        if not is_inside(normal, CONTENT):
            return True
        return self.entries.get(rel, ("",))[0] == "120000"

    def content_files(self) -> list[str]:
        inside = CONTENT + "/"  # is_inside(p, CONTENT), spelled out: it runs for every staged file
        return sorted(p for p in self.entries if p.startswith(inside) or p == CONTENT)

    def source_of(self, rel: str) -> str | None:
        return None


class CommitTree(IndexTree):
    """The files of one commit: what a bare repository's pre-receive hook has to check.

    It reuses the index view's reading (one `git cat-file --batch` per preload);
    only the listing differs: `git ls-tree -r` of the commit instead of the index.
    """

    def __init__(self, root: Path, rev: str):
        self.root = root
        self.rev = _commit_id(root, rev)
        self.entries = _tree_entries(root, self.rev)
        self._cache = {}


class CommitFiles:
    """Files of one commit read by name, as CommitTree reads them, without listing the whole tree.

    All the maps loader needs (`Files`): what it preloads is read in one `git cat-file --batch`,
    any other file on first use. A name that git's `commit:path` syntax
    would read differently from a tree listing (not in normal form) is looked up in the listing.
    """

    def __init__(self, root: Path, commit: str):
        self.root = root
        self.commit = commit
        self._cache: dict[str, bytes | None] = {}
        self._listing: dict[str, tuple[str, str]] | None = None

    def preload(self, names: list[str]) -> None:
        plain = [n for n in names if n not in self._cache and _plain_name(n)]
        found = gitio.read_objects(self.root, [f"{self.commit}:{n}" for n in plain])
        for name in plain:
            self._cache[name] = found[f"{self.commit}:{name}"]

    def read(self, rel: str) -> bytes | None:
        if rel in self._cache:
            return self._cache[rel]
        if _plain_name(rel):
            self.preload([rel])
            return self._cache[rel]
        if self._listing is None:
            self._listing = _tree_entries(self.root, self.commit)
        entry = self._listing.get(rel)
        data = gitio.read_blobs(self.root, [entry[1]])[entry[1]] if entry else None
        self._cache[rel] = data
        return data


def _plain_name(rel: str) -> bool:
    """A path that `commit:path` resolves exactly as a key of `git ls-tree -r` (a file's own name)."""
    if not rel or "\n" in rel or "\0" in rel or rel[0] == "/" or rel == ".." or rel.startswith("../"):
        return False
    return posixpath.normpath(rel) == rel


def _commit_id(root: Path, rev: str) -> str:
    out = gitio.git(root, "rev-parse", "--verify", "-q", "--end-of-options", f"{rev}^{{commit}}", check=False)
    if not out.strip():
        raise SitegenError(f"找不到提交 {rev}：请给出存在的提交、分支或标签。")
    return out.decode().strip()


def _tree_entries(root: Path, commit: str) -> dict[str, tuple[str, str]]:
    """path -> (mode, sha) for every file of the commit (submodules are skipped)."""
    entries = {}
    for record in gitio.git(root, "ls-tree", "-r", "-z", "--full-tree", commit).split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, sha = meta.decode().split()
        if kind == "blob":
            entries[path.decode("utf-8", "surrogateescape")] = (mode, sha)
    return entries
