"""Where sitegen keeps its caches and logs: the user's cache folder, never the working tree.

Anything inside the repository can be committed by anyone (`git add -f`), so nothing that
sitegen reads back as a cache or trusts may live there. Each repository gets its own folder,
keyed by its resolved path; $SITEGEN_CACHE_DIR overrides the base (tests point it elsewhere).
Folders are created private (0700) and a folder that is a symlink or belongs to another user
is not used: a planted link must not redirect what sitegen writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator import plaindata


def cache_base() -> Path:
    explicit = os.environ.get("SITEGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "sitegen" if xdg else Path.home() / ".cache" / "sitegen"


def _private_dir(path: Path) -> Path | None:
    """`path` as a real, private folder of this user, created if missing; None when unsafe or impossible."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        return None
    return path


def repository_cache_dir(root: Path, purpose: str) -> Path | None:
    """The private cache folder for `purpose` (e.g. "check", "pages", "logs") of the repository at `root`.

    None when no safe folder can be had, or when the cache base lies inside the repository (a cache
    read from the tree could vouch for a file); callers then simply go without a cache.
    """
    if inside_tree(root):
        return None
    key = hashlib.sha256(str(Path(root).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    base = _private_dir(cache_base())
    if base is None:
        return None
    repo = _private_dir(base / key)
    return None if repo is None else _private_dir(repo / purpose)


def private_dir(purpose: str) -> Path | None:
    """A private folder of the user's cache not tied to a repository (e.g. "logs")."""
    base = _private_dir(cache_base())
    return None if base is None else _private_dir(base / purpose)


def inside_tree(root: Path) -> bool:
    """True when the cache base is the repository or inside it: then no cache is used at all."""
    base, top = Path(os.path.abspath(cache_base())), Path(root).resolve()
    try:
        base = base.resolve()
    except OSError:
        return True
    return base == top or top in base.parents


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of every .py file of the package, names and bytes: any change to the code starts every cache afresh."""
    package = os.path.dirname(os.path.realpath(__file__))
    names = []
    for folder, subfolders, files in os.walk(package):  # os.walk, not Path.rglob: half the cost at every start
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        rel = os.path.relpath(folder, package)
        names += [
            name if rel == "." else f"{rel}/{name}".replace(os.sep, "/") for name in files if name.endswith(".py")
        ]
    digest = hashlib.sha1()
    for name in sorted(names):
        digest.update(name.encode("utf-8", "surrogateescape"))
        with open(os.path.join(package, name), "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def cache_file(root: Path, purpose: str, name: str) -> Path | None:
    """The cache file `name` for `purpose`, outside the working tree; None: go without a cache."""
    if os.environ.get("SITEGEN_NO_CACHE") or inside_tree(root):
        return None  # a cache folder inside the repository could be committed: never use it
    folder = repository_cache_dir(root, purpose)
    return None if folder is None else folder / name


def load_plain(file: Path | None) -> Any | None:
    """A cache file's content, or None when caching is off or the file is missing or unreadable."""
    text = load_text(file)
    try:
        return None if text is None else plaindata.loads(text)
    except plaindata.NotPlain:
        return None


def load_text(file: Path | None) -> str | None:
    """A cache file's text (UTF-8), or None when caching is off or the file is missing or unreadable."""
    if file is None or os.environ.get("SITEGEN_NO_CACHE"):
        return None
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            return handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def save_plain(file: Path | None, payload: Any, *, json_only: bool = False) -> None:
    """Write a cache file atomically; without a usable cache folder, just go without.

    `json_only`: the payload is made of JSON's own types only (dicts with string keys not starting
    with "$", lists, strings, numbers), so it is written as it is, without plaindata's walk over it
    (the caches of 10,000 articles or pages). Read back by load_plain like any other.
    """
    if file is None or os.environ.get("SITEGEN_NO_CACHE"):
        return
    try:
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")) if json_only else plaindata.dumps(payload)
    except (TypeError, ValueError):
        return
    save_text(file, text)


def save_text(file: Path | None, text: str) -> None:
    """Write a cache file's text atomically; without a usable cache folder, just go without."""
    if file is None or os.environ.get("SITEGEN_NO_CACHE"):
        return
    try:
        data = text.encode("utf-8")  # before the file is made: a lone surrogate leaves nothing behind
        fd, tmp = _new_private_file(file)
    except (OSError, ValueError):
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, file)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # a full disk, a folder in the way: no half-written file left behind


def _new_private_file(beside: Path) -> tuple[int, Path]:
    """A new file of this user only, with a random name beside `beside`, as tempfile.mkstemp makes it
    (whose import, with shutil and random, costs a command that writes one cache file ≈ 5 ms)."""
    for _ in range(100):
        tmp = beside.parent / f".{beside.stem}-{os.urandom(8).hex()}"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free name beside {beside}")
