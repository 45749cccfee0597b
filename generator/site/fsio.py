"""Staging tree and atomic swap: a failed build never touches the previous output.

A build writes into a fresh sibling folder. A file whose bytes equal the
previous build's is hard-linked from it instead of written, so unchanged pages
keep their inode and mtime (cheap for rsync and for the dev server). Every write
creates a new file (or goes to a temporary name renamed into place): nothing
is ever written through a link into the live output.

The staging folder lives in the user's cache folder when that is on the same file
system as the output (a rename cannot cross file systems), so a build killed
mid-way leaves nothing in the repository; otherwise beside the output. Either way
the next build removes what an earlier, killed build left. Builds into one output
take a lock (`BuildLock`): they never interleave, and the second one says it waits.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Self

from generator.errors import SitegenError
from generator.usercache import inside_tree, private_dir, repository_cache_dir

MARKER = ".sitegen-build"  # marks a folder this tool may replace


def check_out_dir(out: Path, root: Path) -> None:
    """Refuse an output folder whose replacement would destroy something else."""
    out, root = out.resolve(), root.resolve()
    if out == root or out in root.parents:
        raise SitegenError(f"输出目录 {out} 包含站点仓库本身，不能用作构建输出，请换一个目录（例如 build/）。")
    for source in ("content", "templates", "generator", "hooks", ".git"):
        folder = root / source
        if out == folder or folder in out.parents:
            raise SitegenError(f"输出目录 {out} 位于 {source}/ 之内，请换一个目录（例如 build/）。")
    if out.exists() and not out.is_dir():
        raise SitegenError(f"输出路径 {out} 已存在且不是目录。")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SitegenError(f"输出目录 {out} 非空且不是 sitegen 生成的，为避免误删不会覆盖它；请清空或换一个目录。")


class Writer:
    """Writes files into the staging folder, linking unchanged ones from the previous output."""

    def __init__(self, stage: Path, previous: Path | None):
        self.stage = stage
        self.previous = previous if previous and (previous / MARKER).exists() else None
        self._made: set[str] = set()  # folders (relative) known to exist in the stage
        self.carried: list[str] = []  # folders of the previous output moved into the stage at the swap

    def carry(self, rel: str) -> bool:
        """Take the previous output's folder `rel` as it is, moved (not copied) into the stage at the swap.

        For a large folder that does not change between builds (the search index's main part): one
        rename instead of a link per file. False if the previous output has no such folder.
        """
        if self.previous is None or not os.path.isdir(self.previous / rel) or os.path.islink(self.previous / rel):
            return False
        self._target(rel)  # makes its parent folder
        self.carried.append(rel)
        return True

    def _target(self, rel: str) -> Path:
        folder = os.path.dirname(rel)
        if folder not in self._made:
            os.makedirs(os.path.join(self.stage, folder), exist_ok=True)
            self._made.add(folder)
        return Path(self.stage, rel)

    def _same_as_previous(self, rel: str, data: bytes) -> Path | None:
        if self.previous is None:
            return None
        old = self.previous / rel
        try:
            if old.stat().st_size == len(data) and old.read_bytes() == data:
                return old
        except OSError:
            return None
        return None

    def write(self, rel: str, data: bytes) -> None:
        path = self._target(rel)
        old = self._same_as_previous(rel, data)
        if old is not None and _try_link(old, path):
            return
        _write_new(path, data)

    def write_fresh(self, rel: str, data: bytes) -> None:
        """Write a file known to be new (no comparison with the previous output).

        Plain strings and os.open, no Path objects: the search index writes tens of thousands of these.
        """
        folder = os.path.dirname(rel)
        if folder not in self._made:
            os.makedirs(os.path.join(self.stage, folder), exist_ok=True)
            self._made.add(folder)
        path = os.path.join(self.stage, rel)
        try:
            fd = os.open(path, _NEW_FILE, 0o666)
        except FileExistsError:
            _write_new(Path(path), data)
            return
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)

    def link(self, rel: str, old: str | Path) -> bool:
        """Take `old` (a file of the previous output) as `rel` without writing it again."""
        folder = os.path.dirname(rel)  # as in write_fresh: plain strings, it runs for every unchanged page
        if folder not in self._made:
            os.makedirs(os.path.join(self.stage, folder), exist_ok=True)
            self._made.add(folder)
        return _try_link(old, os.path.join(self.stage, rel))

    def copy(self, rel: str, source: Path) -> None:
        """Copy a file (an attachment), linking the previous copy when its bytes are equal."""
        path = self._target(rel)
        if self.previous is not None:
            old = self.previous / rel
            if _same_file_bytes(old, source) and _try_link(old, path):
                return
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        shutil.copyfile(source, tmp)
        os.replace(tmp, path)


def _link_tree(old: Path, new: Path) -> None:
    for folder, _subfolders, files in os.walk(old):
        into = new / os.path.relpath(folder, old)
        into.mkdir(parents=True, exist_ok=True)
        for name in files:
            if not _try_link(Path(folder, name), into / name):
                shutil.copyfile(Path(folder, name), into / name)


def _same_file_bytes(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _try_link(old: str | Path, new: str | Path) -> bool:
    try:
        os.link(old, new)
        return True
    except OSError:
        return False


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _write_new(path: Path, data: bytes) -> None:
    # The stage is private until the swap, so a new file can be written in place; "x" refuses
    # to open anything that already exists, so nothing is ever written through a link.
    try:
        with open(path, "xb") as handle:
            handle.write(data)
        return
    except FileExistsError:
        pass
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class BuildLock:
    """`with BuildLock(root, out):` one build at a time into `out`; a second one waits, and says so."""

    def __init__(self, root: Path, out: Path):
        self.root = root
        self.out = out.resolve()
        self.fd: int | None = None

    def __enter__(self) -> Self:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        # Keyed by the output alone: builds of two checkouts into one folder exclude each other.
        folder = None if inside_tree(self.root) else private_dir("locks")
        if folder is not None:
            name = hashlib.sha256(str(self.out).encode("utf-8", "surrogateescape")).hexdigest()[:20] + ".lock"
            self.fd = os.open(folder / name, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        else:
            self.fd = os.open(self.out.parent, os.O_RDONLY)  # a folder can be locked too, without a file in it
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"sitegen: 另一个构建正在写入 {self.out}，等它完成后再继续（两个构建不会交错写入）……", file=sys.stderr
            )
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock; a killed build's lock goes with its process
            self.fd = None


def staging_parent(root: Path, out: Path) -> Path:
    """Where to stage: the user's cache folder if a rename can reach `out` from there, else beside `out`."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = None if inside_tree(root) else repository_cache_dir(root, "staging")
    if folder is not None:
        try:
            if os.stat(folder).st_dev == os.stat(out.parent).st_dev:
                return folder
        except OSError:
            pass
    return out.parent


def remove_leftovers(out: Path, parent: Path) -> None:
    """Remove what killed builds left: staging and parked folders (only ones this tool marked)."""
    out = out.resolve()
    candidates = [p for p in parent.iterdir() if p.name.startswith(f".{out.name}.")] if parent.is_dir() else []
    if parent != out.parent and out.parent.is_dir():
        candidates += [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    for path in candidates:
        if (".staging-" in path.name or ".old-" in path.name) and not path.is_symlink() and (path / MARKER).exists():
            shutil.rmtree(path, ignore_errors=True)


class Staging:
    """`with Staging(out) as stage:` build into stage.path; `stage.commit()` swaps it in."""

    def __init__(self, out: Path, parent: Path | None = None):
        self.out = out.resolve()
        self.parent = parent or self.out.parent
        self.path: Path | None = None
        self._writer: Writer | None = None

    def __enter__(self) -> Self:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.out, self.parent)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.staging-", dir=self.parent))
        (self.path / MARKER).write_bytes(b"sitegen\n")
        return self

    def writer(self) -> Writer:
        assert self.path is not None
        self._writer = Writer(self.path, self.out if self.out.is_dir() else None)
        return self._writer

    def commit(self) -> None:
        assert self.path is not None
        os.chmod(self.path, 0o755)  # mkdtemp makes it 0700; a web server must read it
        if self.out.exists():
            moved = self._move_carried()
            try:
                swap_dirs(self.path, self.out)  # now self.path holds the old output
            except OSError:
                for rel in reversed(moved):
                    os.rename(self.path / rel, self.out / rel)
                raise
        else:
            os.rename(self.path, self.out)
            self.path = None

    def _move_carried(self) -> list[str]:
        """Move the carried folders from the live output into the stage, just before the swap.

        The live output lacks them only between these renames and the swap (no file is written in
        between). A folder that cannot be renamed is linked file by file instead.
        """
        moved: list[str] = []
        assert self.path is not None
        for rel in self._writer.carried if self._writer else []:
            try:
                os.rename(self.out / rel, self.path / rel)
                moved.append(rel)
            except OSError:
                _link_tree(self.out / rel, self.path / rel)
        return moved

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        # On failure this removes the half-built tree; on success, the old output.
        if self.path is None or not self.path.exists():
            return
        if exc_type is None and self.parent != self.out.parent:
            remove_in_background(self.path, removal_note(self.out, self.parent))
        else:  # beside the output (no cache folder outside the repository): no note there either
            shutil.rmtree(self.path, ignore_errors=True)


# Run by `python -I -S` (nothing from the working tree, the current folder, can be imported). It forks
# and returns at once; the grandchild, in a session of its own, removes the folder at low priority.
# The marker goes last, so a removal cut short is still recognised (and finished) by remove_leftovers.
_REMOVE = f"""
import os, shutil, sys, time
if os.fork():
    os._exit(0)
os.setsid()
os.nice(10)
top, note = sys.argv[1], sys.argv[2]
for name in os.listdir(top):
    if name != {MARKER!r}:
        path = os.path.join(top, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass
shutil.rmtree(top, ignore_errors=True)
with open(note + ".tmp", "w") as handle:
    handle.write(str(time.time_ns()))
os.replace(note + ".tmp", note)
"""


def removal_note(out: Path, parent: Path) -> Path:
    """Where the background removal after a build into `out` notes the time it ended (a diagnostic: since
    the page memo vouches for a page by its exact recorded stat data only, no code reads it)."""
    name = hashlib.sha256(str(out.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return parent / f"removed-{name}"


def _note_time(note: Path) -> None:
    tmp = note.with_name(f"{note.name}.tmp{os.getpid()}")
    try:
        tmp.write_text(str(time.time_ns()), encoding="ascii")
        os.replace(tmp, note)
    except OSError:
        pass


def remove_in_background(path: Path, note: Path) -> None:
    """Remove a replaced output after the build has finished, in a process of its own.

    Unlinking ten thousand hard-linked files waits on the disk's journal for seconds; nobody needs
    to wait for it once the new output is in place. Only for folders in the user's cache folder
    (never in the repository, where it would show as a leftover meanwhile). If that process dies,
    the next build's remove_leftovers finishes the job. When done it writes the time into `note`.
    Unlinking the old names of hard-linked pages changes their ctime: the next build hashes those pages
    again (memo.PageMemo), since a hand edit in the same window would move it too.
    """
    try:
        started = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _REMOVE, str(path), str(note)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        started = None
    if started is None or started.returncode != 0:
        shutil.rmtree(path, ignore_errors=True)
        _note_time(note)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def swap_dirs(a: Path, b: Path) -> None:
    """Exchange two folders atomically (Linux renameat2), else by two renames."""
    if _renameat2_exchange(a, b):
        return
    parking = b.with_name(f".{b.name}.old-{os.getpid()}")
    os.rename(b, parking)
    try:
        os.rename(a, b)
    except OSError:
        os.rename(parking, b)
        raise
    os.rename(parking, a)


def _renameat2_exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):
        return False
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
