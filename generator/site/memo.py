"""Reuse of unchanged pages between builds.

A page is fully determined by its template, its context and the environment
(templates, site-wide globals, Markdown engine, sitegen's own code). Their
digest is remembered with the page; when it is the same next time and the
previous build's file is untouched (same stat signature, ctime included) and
still holds the very bytes recorded (its sha1: a name and stat data are not proof,
e.g. after another build wrote into the same output), that file is hard-linked
into the new build instead of rendering it again. The memo is plain JSON in the
user's cache folder (checkcache.cache_file); deleting it only costs time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from generator.checkcache import cache_file, code_version, load_plain, save_plain, stat_signature


def environment_key(templates: Path, globals_: dict[str, Any], engine: str) -> str:
    digest = hashlib.sha1(code_version().encode())
    digest.update(engine.encode())
    for path in sorted(p for p in templates.rglob("*") if p.is_file()):
        digest.update(path.relative_to(templates).as_posix().encode())
        digest.update(path.read_bytes())
    # Sets pickle in hash order, which varies between runs: sort them first.
    stable = {k: sorted(v) if isinstance(v, (set, frozenset)) else v for k, v in sorted(globals_.items())}
    digest.update(pickle.dumps(stable, protocol=4))
    return digest.hexdigest()


def page_key(env_key: str, template: str, context: dict[str, Any], markdown: bool) -> str:
    return hashlib.sha1(pickle.dumps((env_key, template, markdown, context), protocol=4)).hexdigest()


class PageMemo:
    def __init__(self, root: Path, out: Path):
        self.file = cache_file(root, "pages", "pages.json")
        self.out = out
        self.entries: dict[str, tuple[str, Any, str]] = {}  # page -> (key, stat signature, sha1 of bytes)
        self.verified: dict[str, str] = {}  # page -> sha1, for the pages reused by this build
        stored = load_plain(self.file)
        if isinstance(stored, dict) and stored.get("out") == str(out) and isinstance(stored.get("entries"), dict):
            self.entries = stored["entries"]

    def reusable(self, page: str, key: str) -> Path | None:
        """The previous build's file for `page` when it can stand for a new rendering."""
        entry = self.entries.get(page)
        if entry is None or entry[0] != key:
            return None
        old = os.path.join(self.out, page)
        if stat_signature(old) != tuple(entry[1]) or _sha1(old) != entry[2]:
            return None
        self.verified[page] = entry[2]
        return Path(old)

    def save(self, keys: dict[str, str]) -> None:
        """Remember the pages of the build now in `out` (call after the swap)."""
        entries = {}
        for page, key in keys.items():
            path = os.path.join(self.out, page)
            signature = stat_signature(path)
            digest = self.verified.get(page) or _sha1(path)
            if signature is not None and digest:
                entries[page] = (key, signature, digest)
        save_plain(self.file, {"out": str(self.out), "entries": entries})


def _sha1(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha1(handle.read()).hexdigest()
    except OSError:
        return ""
