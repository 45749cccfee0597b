"""The parsed maps kept as plain JSON in the user's cache, so that a daily command need not parse YAML.

Parsing columns.yaml, departments.yaml and site.yaml (and importing the YAML parser and the maps'
schemas to do it) is most of the start-up of `sitegen columns`, `status`, `new`, `review` and
`approve`. The maps are a function of the code, the day (the liaison register's gaps are counted up
to it) and the files the loader read: the three maps, plus what site.yaml points to
(templates/base.html, the images it names). So an entry is found by a hash of the code version, the
day and the three maps' bytes, and it lists every other file read with the hash of its bytes (or
null: absent), which are read and compared again before the entry is used (git's index and a commit
know each file's blob id without reading it: the entry keeps the ids too, and those are compared). An entry can therefore
never stand for maps other than the ones a fresh parse would give, and a verdict never rests on a
stale one.

Where and how (SPEC §8): in the user's cache folder for the repository (`usercache.cache_file`
refuses one inside the working tree), as plain data read back into the maps' own classes only
(`plaindata`); an unreadable, foreign or corrupted file is ignored and the maps are parsed afresh.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Any

from generator import plaindata
from generator.maps import (
    Column,
    Columns,
    Departments,
    LiaisonTerm,
    LifecycleSettings,
    Maps,
    Person,
    Remuneration,
    SiteSettings,
    Unit,
)
from generator.problems import Problem
from generator.project import MAP_FILES, Files, IndexTree
from generator.usercache import cache_file, code_version, load_plain, save_plain

FORMAT = 3
PURPOSE = "maps"
KEEP = 8  # entries kept: a few days, or the maps of a few branches
VARIANTS = 4  # per entry: the same maps read beside different other files
BASE_TEMPLATE = "templates/base.html"  # = maploader.BASE_TEMPLATE: read with the maps, so fetched in the same batch

for _cls in (
    Maps,
    Departments,
    Person,
    Unit,
    LiaisonTerm,
    Columns,
    Column,
    Remuneration,
    SiteSettings,
    LifecycleSettings,
    Problem,
):
    plaindata.register(_cls)

# Entries met in this process (the pre-commit hook loads the index's maps and the protected branch's,
# nearly always the same bytes).
_SEEN: dict[str, list[Variant]] = {}


# One variant of an entry: the files read (path -> sha256 of the bytes, None: absent), the maps, and the
# git blob id of each file read (path -> id) by which a tree of git's vouches for the same bytes unread.
Variant = tuple[dict[str, str | None], Maps, dict[str, str]]


def load_maps(tree: Files, today: dt.date, cache_root: Path | None = None) -> Maps:
    """The maps of `tree` on `today`, as `maploader.load_maps` gives them, from the cache when it holds them.

    `cache_root`: the repository whose cache folder to use, for a tree that does not name one (blobs read
    from git). One entry holds a few variants: the same maps read with and without templates/ beside them.
    """
    root = cache_root or getattr(tree, "root", None)
    if not isinstance(root, Path):  # a tree of blobs with no repository behind it: no cache folder
        return _parse(tree, today)[0]
    _preload(tree, [*MAP_FILES, BASE_TEMPLATE])
    key = entry_key({name: tree.read(name) for name in MAP_FILES}, today)
    variants = _SEEN.get(key)
    if variants is None:
        variants = _SEEN[key] = _stored(root, key)
    for reads, maps, blobs in variants:
        if _same_blobs(tree, reads, blobs):
            return dataclasses.replace(maps, problems=list(maps.problems))
        _preload(tree, list(reads))
        if all(_digest(tree.read(rel)) == digest for rel, digest in reads.items()):
            return dataclasses.replace(maps, problems=list(maps.problems))
    maps, read = _parse(tree, today)
    blob_ids = {rel: _blob_id(data) for rel, data in read.items() if data is not None}
    variants.insert(0, ({rel: _digest(data) for rel, data in read.items()}, maps, blob_ids))
    del variants[VARIANTS:]
    _save(root, key, variants)
    return dataclasses.replace(maps, problems=list(maps.problems))


def entry_key(map_bytes: dict[str, bytes | None], today: dt.date) -> str:
    digest = hashlib.sha256(f"{FORMAT}\0{code_version()}\0{today.isoformat()}".encode())
    for name in MAP_FILES:
        data = map_bytes.get(name)
        digest.update(b"\0absent" if data is None else b"\0%d\0" % len(data) + data)
    return digest.hexdigest()


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _blob_id(data: bytes) -> str:
    """The id git gives these bytes as a blob (in a SHA-1 repository)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _same_blobs(tree: Files, reads: dict[str, str | None], blobs: dict[str, str]) -> bool:
    """True when the index or commit `tree` lists exactly the files `reads` names, as the blobs `blobs`.

    False also when it cannot tell (another kind of tree, a SHA-256 repository): then the files are read.
    """
    if not isinstance(tree, IndexTree):
        return False
    entries = tree.entries
    for rel, digest in reads.items():
        if digest is None:
            if rel in entries:
                return False
        elif rel not in entries or rel not in blobs or entries[rel][1] != blobs[rel]:
            return False
    return True


def _parse(tree: Files, today: dt.date) -> tuple[Maps, dict[str, bytes | None]]:
    from generator.maploader import load_maps_read  # here: a cache hit needs neither YAML nor the schemas

    return load_maps_read(tree, today)


def _preload(tree: Files, paths: list[str]) -> None:
    preload = getattr(tree, "preload", None)
    if preload is not None:
        preload(paths)


def _stored(root: Path, key: str) -> list[Variant]:
    payload = load_plain(cache_file(root, PURPOSE, f"{key}.json"))
    if not isinstance(payload, dict) or payload.get("format") != FORMAT or payload.get("key") != key:
        return []
    variants = payload.get("variants")
    if not isinstance(variants, list):
        return []
    found = []
    for variant in variants:
        if not isinstance(variant, dict):
            return []
        reads, maps, blobs = variant.get("reads"), variant.get("maps"), variant.get("blobs")
        if not isinstance(maps, Maps) or not isinstance(reads, dict) or not set(MAP_FILES) <= set(reads):
            return []
        if not all(isinstance(rel, str) and (d is None or isinstance(d, str)) for rel, d in reads.items()):
            return []
        if not isinstance(blobs, dict) or not all(isinstance(b, str) for b in blobs.values()):
            return []
        found.append((reads, maps, blobs))
    return found[:VARIANTS]


def _save(root: Path, key: str, variants: list[Variant]) -> None:
    file = cache_file(root, PURPOSE, f"{key}.json")
    if file is None:
        return
    payload: dict[str, Any] = {
        "format": FORMAT,
        "key": key,
        "variants": [{"reads": reads, "maps": maps, "blobs": blobs} for reads, maps, blobs in variants],
    }
    save_plain(file, payload)
    try:  # keep the newest few entries
        entries = sorted(file.parent.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP:]:
            os.unlink(old)
    except OSError:
        pass
