"""A persistent cache of per-article check results, keyed by content.

An entry is reused only when the article's bytes (sha1) are the same and the
whole cache was made by the same code, from the same maps, for the same day and
mode; anything else starts afresh, so deleting `.cache/` is always safe. As in
git's index, a file's stat data vouches for its bytes unless it changed too
close to the moment the cache was written. The ctime is part of it because no
user can set it: even a write that restores size and mtime changes the ctime.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

CACHE_DIR = Path(".cache") / "sitegen"
RACY_NS = 2_000_000_000  # a file modified this close to the save is re-hashed
Signature = tuple[int, int, int, int]  # ctime_ns, mtime_ns, size, inode


@lru_cache(maxsize=1)
def code_version() -> str:
    package = Path(__file__).resolve().parent
    digest = hashlib.sha1()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stat_signature(path: str) -> Signature | None:
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return (st.st_ctime_ns, st.st_mtime_ns, st.st_size, st.st_ino)


class CheckCache:
    def __init__(self, root: Path, *key_parts: Any):
        self.file = root / CACHE_DIR / "check.pickle"
        self.key = hashlib.sha1(repr((code_version(), *key_parts)).encode()).hexdigest()
        self.entries: dict[str, tuple[Signature | None, str, Any]] = {}  # rel -> (stat signature, sha1, result)
        self.saved_ns = 0
        self._load()

    def _load(self) -> None:
        stored = load_pickle(self.file)
        if isinstance(stored, dict) and stored.get("key") == self.key:
            self.entries = stored["entries"]
            self.saved_ns = stored["saved_ns"]

    def by_stat(self, rel: str, signature: Signature | None) -> Any | None:
        entry = self.entries.get(rel)
        if entry is None or signature is None or entry[0] != signature:
            return None
        if max(signature[0], signature[1]) >= self.saved_ns - RACY_NS:
            return None  # modified around the last save: its stat data proves nothing
        return entry[2]

    def by_digest(self, rel: str, digest: str) -> Any | None:
        entry = self.entries.get(rel)
        return entry[2] if entry is not None and entry[1] == digest else None

    def save(self, fresh: dict[str, tuple[Signature | None, str, Any]]) -> None:
        """Keep exactly the entries of this run (`fresh`)."""
        save_pickle(self.file, {"key": self.key, "saved_ns": time.time_ns(), "entries": fresh})


def load_pickle(file: Path) -> Any | None:
    """A cache file's content, or None when caching is off or the file is missing or unreadable."""
    if os.environ.get("SITEGEN_NO_CACHE"):
        return None
    try:
        with open(file, "rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return None


def save_pickle(file: Path, payload: Any) -> None:
    """Write a cache file atomically; a read-only checkout just goes without."""
    if os.environ.get("SITEGEN_NO_CACHE"):
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.stem}-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, file)
    except OSError:
        pass
