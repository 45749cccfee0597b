"""Staging tree and atomic swap: a failed build never touches the previous output.

A build writes into a sibling folder. A file whose bytes equal the
previous build's is hard-linked from it instead of written, so unchanged pages
keep their inode and mtime (cheap for rsync and for the dev server). Every write
creates a new file (or goes to a temporary name renamed into place): nothing
is ever written through a link into the live output.

The sibling folder is the output before last when there is one (the spare): after the swap the
replaced output is kept as the next build's stage instead of being removed. Its files are then
mostly hard links of the live output's: a page that is unchanged twice running is already in
place (same inode), and nothing is linked, unlinked or removed for it. This also keeps the live
pages' ctime still (an unlink of a hard-linked page's other name moves it), so the page memo
vouches for them by their exact stat data. Nothing of the spare is trusted: a file stays only if
it is the very inode the build would link (memo.py vouched for it in the live output), every
symbolic link or special file is removed before anything is written, and whatever the build did
not place is removed before the swap.

The staging folder lives in the user's cache folder when that is on the same file
system as the output (a rename cannot cross file systems), so a build killed
mid-way leaves nothing in the repository; otherwise beside the output. Either way
the next build removes what an earlier, killed build left. Builds into one output
take a lock (`BuildLock`): they never interleave, and the second one says it waits.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import hashlib
import os
import shutil
import stat
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

    def __init__(self, stage: Path, previous: Path | None, recycled: bool = False):
        self.stage = stage
        self.previous = previous if previous and (previous / MARKER).exists() else None
        self._made: set[str] = set()  # folders (relative) known to exist in the stage
        self.carried: list[str] = []  # folders of the previous output moved into the stage at the swap
        # carried folder -> byte ranges to overwrite by file, applied in the stage
        self.patches: dict[str, dict[str, list[tuple[int, bytes]]]] = {}
        # A recycled stage (the spare, see the module's docstring) holds files of an earlier build:
        # whatever is in a path's way is removed before it is written, and `placed` lists what this
        # build put there (the rest is pruned before the swap). `existing`: the stage's files as found
        # (rel -> inode), read by Staging once, so that a file already in place costs no system call.
        self.recycled = recycled
        self.placed: set[str] = set()
        self.existing: dict[str, int] = {}
        self.existing_folders: set[str] = set()  # the stage's folders as found
        self.kept: set[str] = set()  # files left in place by `link` (no system call: not even their ctime moved)

    def part(self) -> Writer:
        """A writer into the same stage that records only its own writes: for work done beside this writer (in
        another process, whose record comes back pickled), taken into this one by `absorb` before the commit.
        The two must write different paths (the build: search/ there, the pages here)."""
        part = Writer(self.stage, None, recycled=self.recycled)
        part.previous = self.previous
        part.existing, part.existing_folders = self.existing, self.existing_folders
        return part

    def absorb(self, part: Writer) -> None:
        """Take over what a `part` of this writer wrote, carried and placed."""
        self._made |= part._made
        self.carried += part.carried
        self.patches.update(part.patches)
        self.placed |= part.placed
        self.kept |= part.kept

    def __getstate__(self) -> dict[str, object]:
        # A part comes back from its process without the stage's survey (it is this process's to begin with).
        return {**self.__dict__, "existing": {}, "existing_folders": set()}

    def carry(self, rel: str, writes: dict[str, list[tuple[int, bytes]]] | None = None) -> bool:
        """Take the previous output's folder `rel`, moved (not copied) into the stage at the swap.

        For a large folder that changes little between builds (the search index's main part): one
        rename instead of a link per file. `writes` gives byte ranges to overwrite in some of its files
        (by path in the folder: [(offset, bytes)]): done in the stage, just before the swap, so the live
        output keeps its own until then (_Patcher). False if the previous output has no such folder.
        """
        if self.previous is None or not os.path.isdir(self.previous / rel) or os.path.islink(self.previous / rel):
            return False
        self._target(rel)  # makes its parent folder
        self.carried.append(rel)
        if writes:
            self.patches[rel] = writes
        return True

    def _folder(self, folder: str) -> None:
        if folder not in self._made:
            path = os.path.join(self.stage, folder)
            try:
                os.makedirs(path, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                if not self.recycled:
                    raise
                _make_real_dirs(str(self.stage), folder)  # a file of an earlier build is in the way
            self._made.add(folder)

    def _target(self, rel: str) -> Path:
        self._folder(os.path.dirname(rel))
        self.placed.add(rel)
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
        if old is not None and self._link(old, path):
            return
        self._write(path, data)

    def _write(self, path: Path, data: bytes) -> None:
        try:
            _write_new(path, data)
        except IsADirectoryError:
            if not self.recycled:
                raise
            shutil.rmtree(path)  # an earlier build's folder of that name
            _write_new(path, data)

    def _link(self, old: str | Path, new: str | Path) -> bool:
        """Link `old` as `new`; in a recycled stage, whatever else is at `new` goes first."""
        if _try_link(old, new):
            return True
        if not self.recycled:
            return False
        try:
            here, there = os.lstat(new), os.stat(old)
            if stat.S_ISREG(here.st_mode) and (here.st_ino, here.st_dev) == (there.st_ino, there.st_dev):
                return True  # already this very file
        except OSError:
            pass
        _clear(new)
        return _try_link(old, new)

    def write_fresh(self, rel: str, data: bytes) -> None:
        """Write a file known to be new (no comparison with the previous output).

        Plain strings and os.open, no Path objects: the search index writes tens of thousands of these.
        """
        folder = os.path.dirname(rel)
        if folder not in self._made:
            self._folder(folder)
        path = os.path.join(self.stage, rel)
        if self.recycled:
            self.placed.add(rel)
        try:
            fd = os.open(path, _NEW_FILE, 0o666)
        except FileExistsError:
            self._write(Path(path), data)
            return
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)

    def link(self, rel: str, old: str | Path, inode: int | None = None) -> bool:
        """Take `old` (a file of the previous output) as `rel` without writing it again.

        `inode`: old's, as the caller just found it; a recycled stage that already holds that inode
        at `rel` keeps it as it is.
        """
        if self.recycled:
            self.placed.add(rel)
            if inode is not None and self.existing.get(rel) == inode:
                self.kept.add(rel)
                return True
        folder = os.path.dirname(rel)  # as in write_fresh: plain strings, it runs for every unchanged page
        if folder not in self._made:
            self._folder(folder)
        return self._link(old, os.path.join(self.stage, rel))

    def copy(self, rel: str, source: Path) -> None:
        """Copy a file (an attachment), linking the previous copy when its bytes are equal."""
        path = self._target(rel)
        if self.previous is not None:
            old = self.previous / rel
            if _same_file_bytes(old, source) and self._link(old, path):
                return
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)  # never copied through a planted link
        shutil.copyfile(source, tmp)
        if self.recycled and os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        os.replace(tmp, path)

    def prune(self) -> None:
        """Remove from a recycled stage every file (and folder) of the earlier build this one did not place."""
        if not self.recycled:
            return
        needed = {""}
        for rel in self.placed:
            folder = os.path.dirname(rel)
            while folder not in needed:
                needed.add(folder)
                folder = os.path.dirname(folder)
        for rel in self.existing:
            if rel not in self.placed and rel != MARKER:
                folder = os.path.dirname(rel)
                top = folder
                while folder and folder not in needed:  # the topmost folder nothing placed is in
                    top, folder = folder, os.path.dirname(folder)
                if top and top not in needed:
                    _clear(os.path.join(self.stage, top))
                    needed.add(top)  # removed: not again
                else:
                    _clear(os.path.join(self.stage, rel))
        for folder in sorted(self.existing_folders, key=len):  # empty folders of the earlier build
            if folder not in needed:  # nothing placed is in it (an ancestor's removal took it already: no-op)
                _clear(os.path.join(self.stage, folder))
                needed.add(folder)


def _clear(path: str | Path) -> None:
    """Remove whatever is at `path` in a recycled stage (a file, a link, a folder); what cannot be
    removed stops the build (it would be published with the stage)."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise SitegenError(
            f"无法清除上次输出留下的 {path}（{exc.strerror}）：请检查该目录的权限或属性后重新构建。"
        ) from None


def _make_real_dirs(top: str, folder: str) -> None:
    """Make `folder` under `top` a chain of real folders, removing a file in the way (recycled stage)."""
    path = top
    for part in folder.split("/"):
        path = os.path.join(path, part)
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISDIR(mode):
            os.unlink(path)
            mode = None
        if mode is None:
            try:
                os.mkdir(path)
            except FileExistsError:
                if not os.path.isdir(path) or os.path.islink(path):
                    raise


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
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)  # a file of that name (a planted hard link, say) is never written through
    with open(tmp, "xb") as handle:
        handle.write(data)
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
        self.spare = spare_path(self.out, self.parent)
        self.recycled = False
        self._existing: dict[str, int] = {}
        self._folders: set[str] = set()

    def __enter__(self) -> Self:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.out, self.parent)
        found = survey_spare(self.spare) if self.spare is not None else None
        if self.spare is not None and found is not None:
            self.path, self.recycled = self.spare, True
            self._existing = {rel: ino for rel, ino in found.items() if ino != -1}
            self._folders = {rel[:-1] for rel, ino in found.items() if ino == -1}
            os.chmod(self.path, 0o700)  # private while it is being built, as mkdtemp's
        else:
            if self.spare is not None and os.path.lexists(self.spare):
                unusable = self.parent / f".{self.out.name}.unusable-{os.getpid()}-{time.time_ns()}"
                with contextlib.suppress(OSError):
                    os.rename(self.spare, unusable)  # out of the way; removed if it can be
                    remove_in_background(unusable, removal_note(self.out, self.parent))
            self.path = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.staging-", dir=self.parent))
        # A new file every build (never absent, even in a recycled stage): the page memo knows by it
        # whether another build has written into the output since its own.
        tmp = self.path / f"{MARKER}.tmp{os.getpid()}"
        tmp.write_bytes(b"sitegen\n")
        os.replace(tmp, self.path / MARKER)
        return self

    def writer(self) -> Writer:
        assert self.path is not None
        self._writer = Writer(self.path, self.out if self.out.is_dir() else None, recycled=self.recycled)
        self._writer.existing = self._existing
        self._writer.existing_folders = self._folders
        self._writer.placed.add(MARKER)
        return self._writer

    def commit(self) -> None:
        assert self.path is not None
        if self._writer is not None:
            self._writer.prune()
        os.chmod(self.path, 0o755)  # mkdtemp makes it 0700; a web server must read it
        if self.out.exists():
            patcher = _Patcher()
            for rel, writes in (self._writer.patches if self._writer else {}).items():
                patcher.prepare(self.path / rel, writes)
            moved = self._move_carried()
            try:
                patcher.apply({self.path / rel for rel in moved})
                swap_dirs(self.path, self.out)  # now self.path holds the old output
            except BaseException:  # an interrupt too: the live output gets its folders back as they were
                patcher.undo()
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
        # On success self.path holds the replaced output: kept as the next build's stage (the spare)
        # where one can be kept, else removed. On failure a fresh stage is removed; a recycled one stays
        # the spare as it is (the next build trusts none of it).
        if self.path is None or not self.path.exists() or self.recycled:
            return
        if exc_type is None and self.spare is not None:
            try:
                os.rename(self.path, self.spare)  # fails if something else holds the name: then removed
                return
            except OSError:
                remove_in_background(self.path, removal_note(self.out, self.parent))
        else:  # beside the output (no cache folder outside the repository): no spare, no note there either
            shutil.rmtree(self.path, ignore_errors=True)


class _Patcher:
    """Overwrites byte ranges of files of carried folders, once they are in the stage and before the swap
    (the live output never sees a half-patched file); undone if the swap fails. A folder that was linked
    file by file instead of moved shares its files with the live output: those files are copied, patched
    and renamed over their links instead."""

    def __init__(self) -> None:
        self.planned: list[tuple[Path, dict[str, list[tuple[int, bytes]]]]] = []
        self.log: list[tuple[Path, int, bytes]] = []  # (file, where, old bytes)

    def prepare(self, folder: Path, writes: dict[str, list[tuple[int, bytes]]]) -> None:
        self.planned.append((folder, writes))

    def apply(self, moved: set[Path]) -> None:
        for folder, writes in self.planned:
            for rel, ranges in sorted(writes.items()):
                (self._overwrite if folder in moved else _copy_patched)(folder / rel, ranges)

    def _overwrite(self, path: Path, ranges: list[tuple[int, bytes]]) -> None:
        fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise OSError(f"{path}: not a regular file")
            for at, data in ranges:
                old = os.pread(fd, len(data), at)
                if len(old) != len(data):
                    raise OSError(f"{path}: shorter than the range to overwrite")
                self.log.append((path, at, old))
                if os.pwrite(fd, data, at) != len(data):
                    raise OSError(f"{path}: short write")
        finally:
            os.close(fd)

    def undo(self) -> None:
        for path, at, old in reversed(self.log):
            fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
            try:
                os.pwrite(fd, old, at)
            finally:
                os.close(fd)
        self.log.clear()


def _copy_patched(path: Path, ranges: list[tuple[int, bytes]]) -> None:
    data = bytearray(path.read_bytes())
    for at, part in ranges:
        if at + len(part) > len(data):
            raise OSError(f"{path}: shorter than the range to overwrite")
        data[at : at + len(part)] = part
    tmp = path.with_name(f".{path.name}.patch{os.getpid()}")
    _write_new(tmp, bytes(data))
    os.replace(tmp, path)


def spare_path(out: Path, parent: Path) -> Path | None:
    """Where the output before last is kept as the next build's stage; None beside the output (the
    repository: it would show there as a leftover)."""
    if parent == out.parent:
        return None
    name = hashlib.sha256(str(out).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return parent / f".{out.name}.spare-{name}"


def survey_spare(spare: Path) -> dict[str, int] | None:
    """The spare's files (rel -> inode), after removing every symbolic link and special file in it;
    None if it cannot serve as a stage (missing, not a real folder of this tool, another file system inside).

    One walk, no stat of a file: the inode comes with the folder listing.
    """
    try:
        top = os.lstat(spare)
    except OSError:
        return None
    if not stat.S_ISDIR(top.st_mode) or not os.path.isfile(spare / MARKER) or os.path.islink(spare / MARKER):
        return None
    found: dict[str, int] = {}
    folders = [""]
    try:
        while folders:
            folder = folders.pop()
            with os.scandir(os.path.join(spare, folder)) as entries:
                for entry in entries:
                    rel = f"{folder}/{entry.name}" if folder else entry.name
                    if entry.is_dir(follow_symlinks=False):
                        if entry.stat(follow_symlinks=False).st_dev != top.st_dev:
                            return None  # a mount point: not ours to reuse or remove
                        # Its mode as a build makes it (a read-only folder would keep what is in it;
                        # a world-writable one would be published so); not ours to change (another user's, even
                        # with the right mode already: review s24, finding 1): no stage.
                        fd = os.open(entry.path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
                        try:
                            os.fchmod(fd, 0o755)
                        finally:
                            os.close(fd)
                        folders.append(rel)
                        found[rel + "/"] = -1
                    elif entry.is_file(follow_symlinks=False):
                        found[rel] = entry.inode()
                    else:
                        os.unlink(entry.path)  # a symbolic link, a pipe: nothing a build writes
    except OSError:
        return None  # something in it this build cannot change or remove: a fresh stage instead
    return found


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
