"""Every git call sitegen makes goes through here.

Each call runs with replace objects and grafts switched off: `refs/replace/*` or an
`info/grafts` file would let a repository show the checker a decoy in place of the
commits and trees that are really being published.
"""

from __future__ import annotations

import os
import select
import signal
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from generator.errors import SitegenError


def hardened_env() -> dict[str, str]:
    """The environment for every git call: no replace objects, no grafts."""
    env = dict(os.environ)
    env["GIT_NO_REPLACE_OBJECTS"] = "1"
    env["GIT_GRAFT_FILE"] = os.devnull + "/no-grafts"  # a path that can never exist: grafts are ignored
    return env


def git(root: Path, *args: str, input: bytes | None = None, check: bool = True) -> bytes:
    try:
        code, out, err = run(root, list(args), input)
    except FileNotFoundError:
        raise SitegenError("找不到 git 命令，请先安装 git。") from None
    if check and code != 0:
        detail = err.decode("utf-8", "replace").strip()
        raise SitegenError(f"git {' '.join(args)} 失败：{detail}")
    return out


def run(folder: Path, args: list[str], input: bytes | None = None) -> tuple[int, bytes, bytes]:
    """(exit code, output, errors) of `git args` run in `folder` with `input` on its standard input
    (None: this process's own, as subprocess leaves it). Raises FileNotFoundError when git is missing.

    os.posix_spawn rather than subprocess: importing subprocess (threads, signals, selectors, locale) is
    ≈ 10 ms of every daily command, which start a dozen git processes each. The folder is given to git
    as `-C` (posix_spawn changes no folder before Python 3.13); as subprocess does, the child gets the
    default handling of SIGPIPE and SIGXFSZ, which Python ignores, and none of this process's other files:
    the ones marked inheritable (by whoever started sitegen, or os.set_inheritable) are closed in the child.
    """
    actions: list[tuple[int, ...]] = [(os.POSIX_SPAWN_CLOSE, fd) for fd in _inheritable_fds()]
    out_r, out_w = os.pipe()  # os.pipe's descriptors are not inherited: only the dup2'ed copies are
    err_r, err_w = os.pipe()
    actions += [(os.POSIX_SPAWN_DUP2, out_w, 1), (os.POSIX_SPAWN_DUP2, err_w, 2)]
    in_r, in_w = os.pipe() if input is not None else (-1, -1)
    if input is not None:
        actions.append((os.POSIX_SPAWN_DUP2, in_r, 0))
    try:
        pid = os.posix_spawnp(
            "git",
            ["git", "-C", os.fspath(folder), *args],
            hardened_env(),
            file_actions=actions,
            setsigdef=(signal.SIGPIPE, signal.SIGXFSZ),
        )
    except BaseException:
        for fd in (out_r, in_w):
            if fd >= 0:
                os.close(fd)
        os.close(err_r)
        raise
    finally:
        for fd in (out_w, err_w, in_r):
            if fd >= 0:
                os.close(fd)
    try:
        out, err = _exchange(out_r, err_r, in_w, input or b"")
    finally:
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out, err


def _inheritable_fds() -> list[int]:
    """This process's descriptors above 2 that a spawned process would inherit (listed in /proc/self/fd or
    /dev/fd; else every number below the descriptor limit is asked)."""
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            numbers: Iterable[int] = [int(name) for name in os.listdir(folder)]
            break
        except (OSError, ValueError):
            continue
    else:
        numbers = range(3, min(os.sysconf("SC_OPEN_MAX"), 65536))
    found = []
    for fd in numbers:
        if fd > 2:
            try:
                if os.get_inheritable(fd):
                    found.append(fd)
            except OSError:
                continue  # not open (the listing's own descriptor, closed once listed)
    return found


def _exchange(out_r: int, err_r: int, in_w: int, data: bytes) -> tuple[bytes, bytes]:
    """Write `data` to `in_w` (if it is open) while reading both outputs to their end, so that neither
    side waits on a full pipe; closes all three."""
    chunks: dict[int, list[bytes]] = {out_r: [], err_r: []}
    poller = select.poll()
    for fd in chunks:
        poller.register(fd, select.POLLIN)
    view, sent = memoryview(data), 0
    if in_w >= 0 and not data:
        os.close(in_w)
        in_w = -1
    if in_w >= 0:
        os.set_blocking(in_w, False)
        poller.register(in_w, select.POLLOUT)
    reading = set(chunks)
    try:
        while reading or in_w >= 0:
            for fd, event in poller.poll():
                if fd == in_w:
                    try:
                        sent += (
                            0 if event & (select.POLLERR | select.POLLHUP) else os.write(fd, view[sent : sent + 65536])
                        )
                    except BlockingIOError:
                        continue
                    except BrokenPipeError:  # git stopped reading (it failed): its errors say why
                        sent = len(view)
                    if sent >= len(view) or event & (select.POLLERR | select.POLLHUP):
                        poller.unregister(fd)
                        os.close(fd)
                        in_w = -1
                elif fd in reading:
                    block = os.read(fd, 65536)
                    if block:
                        chunks[fd].append(block)
                    else:
                        poller.unregister(fd)
                        reading.discard(fd)
    finally:
        for fd in (out_r, err_r, in_w):
            if fd >= 0:
                os.close(fd)
    return b"".join(chunks[out_r]), b"".join(chunks[err_r])


def toplevel(start: Path) -> Path | None:
    try:
        code, out, _ = run(start, ["rev-parse", "--show-toplevel"])
    except (FileNotFoundError, NotADirectoryError):
        return None
    if code != 0:
        return None
    return Path(out.decode().strip())


def toplevel_and_head(start: Path) -> tuple[Path | None, str | None]:
    """(the work tree's top folder or None outside one, HEAD's commit or None before the first commit).

    One `rev-parse` for both: it prints the top folder first and fails (exit 1) only on an unborn HEAD.
    """
    try:
        code, stdout, _ = run(start, ["rev-parse", "--show-toplevel", "--verify", "-q", "HEAD"])
    except (FileNotFoundError, NotADirectoryError):
        return None, None
    out = stdout.decode("utf-8", "surrogateescape").rstrip("\n")
    if code not in (0, 1) or not out:
        return None, None
    if code == 1:
        return Path(out.strip()), None
    top, _, head = out.rpartition("\n")  # the commit id is the last line, whatever the folder's name holds
    return Path(top.strip()), head.strip() or None


def config_value(root: Path, key: str) -> str | None:
    value = git(root, "config", "--get", key, check=False).decode("utf-8", "replace").strip()
    return value or None


def config_values(root: Path, *keys: str) -> dict[str, str | None]:
    """`config_value` of each key from one `git config --list` (the last value of a key wins, as --get's)."""
    out = git(root, "config", "-z", "--list", check=False).decode("utf-8", "replace")
    wanted = {_canonical(key): key for key in keys}
    found: dict[str, str | None] = dict.fromkeys(keys)
    for item in out.split("\0"):
        name, _, value = item.partition("\n")  # a key without "=" in the file is listed without a value
        key = wanted.get(_canonical(name))
        if key is not None:
            found[key] = value.strip() or None
    return found


def _canonical(key: str) -> str:
    """A config key as git lists it: section and variable name in lower case, a subsection as written."""
    section, _, rest = key.partition(".")
    middle, dot, variable = rest.rpartition(".")
    return f"{section.lower()}.{middle}{dot}{variable.lower()}"


class IndexEntries(Mapping[str, tuple[str, str]]):
    """Staged files: path -> (mode, blob sha), kept as `git ls-files -s` printed them.

    12,000 records are split once and each is stored whole under its path; mode and sha are sliced
    out when an entry is asked for (half the time of parsing every record into three strings).
    """

    __slots__ = ("_records", "_sha_end")

    def __init__(self, records: dict[str, str], sha_end: int):
        self._records = records
        self._sha_end = sha_end

    def __getitem__(self, path: str) -> tuple[str, str]:
        record = self._records[path]
        return record[:6], record[7 : self._sha_end]

    def __contains__(self, path: object) -> bool:
        return path in self._records

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)


def blob_ids(entries: Mapping[str, tuple[str, str]], paths: list[str]) -> dict[str, str]:
    """path -> blob id for `paths` of a listing (`index_entries` or a dict like it): thousands at a time."""
    if isinstance(entries, IndexEntries):
        records, end = entries._records, entries._sha_end  # sliced here: no method call per path
        return {path: records[path][7:end] for path in paths}
    return {path: entries[path][1] for path in paths}


def index_entries(root: Path, *pathspecs: str) -> IndexEntries:
    """Staged files: path -> (mode, blob sha)."""
    out = git(root, "ls-files", "-s", "-z", "--", *pathspecs)
    # Decoded at once: the separators are ASCII, so each path decodes as it would alone. Every record is
    # "<mode> <sha> <stage>\t<path>": git prints the mode as six octal digits and every sha in full, so the
    # path starts at the same place in each (a path may itself hold a tab).
    records = out.decode("utf-8", "surrogateescape").split("\0")
    records.pop()  # after the last \0
    if not records:
        return IndexEntries({}, 0)
    sha_end = records[0].index(" ", 7)
    start = sha_end + 3
    if any(len(r) <= start or r[start - 1] != "\t" or r[6] != " " for r in records):
        raise SitegenError("git ls-files -s 的输出格式无法识别。")
    return IndexEntries({r[start:]: r for r in records}, sha_end)


def staged_changes(root: Path) -> list[str]:
    """Paths added, copied, modified or renamed in the index relative to HEAD."""
    has_head = run(root, ["rev-parse", "--verify", "-q", "HEAD"])[0] == 0
    base = "HEAD" if has_head else _empty_tree(root)
    out = git(root, "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMRT", "--no-renames", base)
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


def _empty_tree(root: Path) -> str:
    return git(root, "hash-object", "-t", "tree", "/dev/null").decode().strip()


def read_objects(root: Path, names: list[str]) -> dict[str, bytes | None]:
    """Blob contents for object names such as `HEAD:site.yaml` with one `git cat-file --batch`.

    None for a name that is missing or is not a blob (a folder, a submodule). Names must not
    contain a newline (the batch protocol reads one name a line).
    """
    return {
        name: obj[1] if obj is not None and obj[0] == "blob" else None for name, obj in read_batch(root, names).items()
    }


def read_batch(root: Path, names: list[str]) -> dict[str, tuple[str, bytes] | None]:
    """(type, contents) of each object name (`<sha>`, `<commit>:<path>`) with one `git cat-file --batch`.

    None for a name that is missing or ambiguous. Names must not contain a newline.
    """
    if not names:
        return {}
    out = git(root, "cat-file", "--batch", input=("\n".join(names) + "\n").encode("utf-8", "surrogateescape"))
    found: dict[str, tuple[str, bytes] | None] = {}
    pos = 0
    for name in names:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        pos = header_end + 1
        if len(header) != 3 or not header[2].isdigit():  # "<name> missing", "<name> ambiguous"
            found[name] = None
            continue
        size = int(header[2])
        found[name] = (header[1].decode("ascii", "replace"), out[pos : pos + size])
        pos += size + 1
    return found


def read_blobs(root: Path, shas: list[str]) -> dict[str, bytes]:
    """Blob contents for many shas (or `rev:path` names) with one `git cat-file --batch`; missing ones left out."""
    if not shas:
        return {}
    out = git(root, "cat-file", "--batch", input=("\n".join(shas) + "\n").encode())
    blobs, pos = {}, 0
    for sha in shas:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        if len(header) < 3:  # "<name> missing": no such file on that branch
            pos = header_end + 1
            continue
        size = int(header[2])
        blobs[sha] = out[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return blobs
