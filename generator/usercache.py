"""Where sitegen keeps its caches and logs: the user's cache folder, never the working tree.

Anything inside the repository can be committed by anyone (`git add -f`), so nothing that
sitegen reads back as a cache or trusts may live there. Each repository gets its own folder,
keyed by its resolved path; $SITEGEN_CACHE_DIR overrides the base (tests point it elsewhere).
Folders are created private (0700) and a folder that is a symlink or belongs to another user
is not used: a planted link must not redirect what sitegen writes.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


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
