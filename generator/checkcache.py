"""A persistent cache of per-article check results, keyed by content.

An entry is reused only when the article's bytes (sha1) are the same and the
whole cache was made by the same code, from the same maps, for the same day and
mode; anything else starts afresh, so deleting `.cache/` is always safe. As in
git's index, a file's stat data vouches for its bytes unless it changed too
close to the moment the cache was written. The ctime is part of it because no
user can set it: even a write that restores size and mtime changes the ctime.

Where and how (SPEC §8): the file lives in the user's cache folder for this repository
(usercache.py), never in the working tree, so nobody can commit a cache that vouches for an
article; it is plain JSON (the main file: a header line, then a line per result) read back into a
fixed set of classes (plaindata.py), so reading it can never run code. A folder inside the
repository is never used, whatever the environment says.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Protocol

# Their home is usercache (model layer, where the maps cache uses them too); named here as before.
from generator import plaindata
from generator.usercache import cache_file as cache_file
from generator.usercache import code_version as code_version
from generator.usercache import load_plain as load_plain
from generator.usercache import load_text, save_text
from generator.usercache import save_plain as save_plain

RACY_NS = 2_000_000_000  # a file modified this close to the save is re-hashed
DELTA_MAX = 500  # entries in a check cache's delta file before the main file is written again
# Results a save asked to go to the background still encodes in this process: fewer cost less (≈ 27 µs each) than
# forking a writer and the copies of this process's pages it then writes (≈ 40 ms in a one-article rebuild).
ENCODED_HERE_MAX = 1000
Signature = tuple[int, int, int, int]  # ctime_ns, mtime_ns, size, inode


class Codec(Protocol):
    """How a result is written as text and read back (plaindata, or checkrecord for the check's results):
    `loads` raises plaindata.NotPlain for a text it did not write, `dumps` TypeError for a value it cannot."""

    def dumps(self, value: Any, /) -> str: ...

    def loads(self, text: str, /) -> Any: ...


def stat_signature(path: str) -> Signature | None:
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return (st.st_ctime_ns, st.st_mtime_ns, st.st_size, st.st_ino)


class CheckCache:
    """The results, in a main file and a small delta file beside it.

    After a few changed articles only the delta (what differs from the main file: new entries, and
    None for the ones gone) is written, not the results of the whole site again; past DELTA_MAX
    entries the main file is rewritten and the delta removed. A delta counts only with the very main
    file it was written against (its save time) and the same key; its entries are judged racy by its
    own save time, the main file's by the main file's.
    """

    def __init__(self, root: Path, *key_parts: Any, name: str = "check.json", codec: Codec = plaindata):
        self.codec = codec
        self.file = cache_file(root, "check", name)
        self.delta_file = self.file.with_name(f"{self.file.stem}-delta.json") if self.file else None
        self.key = hashlib.sha1(repr((code_version(), *key_parts)).encode()).hexdigest()
        # rel -> (stat signature, sha1, the result as plain-data text): a result is decoded when it is
        # used, and written back as the same text when it was not re-checked, so saving after one
        # changed article costs one encoding, not one per article of the site.
        self.entries: dict[str, tuple[Signature | None, str, str]] = {}
        self.saved_ns = 0
        self._main: dict[str, tuple[Signature | None, str, str]] | None = None  # the main file's entries
        self._saved_at: dict[str, int] = {}  # rel -> save time of the delta that holds its entry
        self._decoded: dict[int, tuple[Any, str]] = {}  # id(result) -> (result, its text)
        self._load()

    def __getstate__(self) -> dict[str, Any]:
        # The check's workers take the cache over (forkserver pickles it): a module pickles by its name.
        return {**self.__dict__, "codec": self.codec.__name__}  # type: ignore[attr-defined]

    def __setstate__(self, state: dict[str, Any]) -> None:
        if not state["codec"].startswith("generator."):  # only ever our own codecs, from the parent process
            raise TypeError(f"unknown codec {state['codec']!r}")
        self.__dict__.update(state, codec=importlib.import_module(state["codec"]))

    def _load(self) -> None:
        workers = sys.modules.get("generator.workers")  # only a process that imported it can have a writer running
        if workers is not None:
            workers.wait_background()  # a check earlier in this process may still be writing the file
        text = load_text(self.file)
        stored = parse_main(text) if text is not None else None
        if stored is not None and stored[0] == self.key:
            _, self.saved_ns, loaded = stored
            self.entries = dict(loaded)  # signatures: four ints (or None for the staged text), as written
            self._main = loaded
            self._load_delta()

    def _load_delta(self) -> None:
        delta = load_plain(self.delta_file) if self.delta_file else None
        if not (isinstance(delta, dict) and delta.get("key") == self.key and delta.get("base") == self.saved_ns):
            return  # none, or written against another main file
        saved = delta.get("saved_ns")
        changes = _delta_entries(delta.get("entries"))
        if changes is None or not isinstance(saved, int):
            return
        for rel, entry in changes.items():
            if entry is None:
                self.entries.pop(rel, None)
            else:
                self.entries[rel] = entry
                self._saved_at[rel] = saved

    def _result(self, text: str) -> Any | None:
        try:
            result = self.codec.loads(text)
        except plaindata.NotPlain:
            return None  # not what this code wrote: checked again
        self._decoded[id(result)] = (result, text)
        return result

    def by_stat(self, rel: str, signature: Signature | None) -> Any | None:
        entry = self.entries.get(rel)
        if entry is None or signature is None or entry[0] != signature:
            return None
        if max(signature[0], signature[1]) >= self._saved_at.get(rel, self.saved_ns) - RACY_NS:
            return None  # modified around the last save: its stat data proves nothing
        return self._result(entry[2])

    def by_digest(self, rel: str, digest: str) -> Any | None:
        entry = self.entries.get(rel)
        return self._result(entry[2]) if entry is not None and entry[1] == digest else None

    def save(self, fresh: dict[str, tuple[Signature | None, str, Any]], *, background: bool = False) -> None:
        """Keep exactly the entries of this run (`fresh`: results, or texts as `entries` holds them).

        `background`: encode and write in a forked child (a whole check's 10,000 results take about a
        second), dated now as if written now, when more than ENCODED_HERE_MAX results are new. Fewer (a
        rebuild's few articles read afresh) are written here, sooner than a child could be forked to write them
        (a one-article rebuild: 0.95x the CPU): usually a small delta file; once the delta would pass DELTA_MAX,
        the main file again (≈ 0.1 s at 10,000 articles, once in so many changes).
        """
        saved_ns = time.time_ns()
        read = {rel: self._read_text(result) for rel, (_, _, result) in fresh.items()}  # None: to encode
        if background and sum(text is None for text in read.values()) > ENCODED_HERE_MAX:
            from generator.workers import in_background

            in_background(lambda: self._write(fresh, read, saved_ns))
        else:
            self._write(fresh, read, saved_ns)

    def _write(
        self, fresh: dict[str, tuple[Signature | None, str, Any]], read: dict[str, str | None], saved_ns: int
    ) -> None:
        try:
            entries = {
                rel: (
                    tuple(signature) if signature else None,
                    digest,
                    text if (text := read[rel]) is not None else self.codec.dumps(result),
                )
                for rel, (signature, digest, result) in fresh.items()
            }
        except TypeError:
            return  # a result its codec cannot write: go without a cache, as save_plain does
        if self._main is not None and self.delta_file is not None:
            main, since = self._main, self.saved_ns - RACY_NS
            # What differs from the main file, and what the main file holds as racy (it then counts from now).
            changes: dict[str, Any] = {
                rel: _listed(entry)
                for rel, entry in entries.items()
                if main.get(rel) != entry or (entry[0] is not None and max(entry[0][0], entry[0][1]) >= since)
            }
            changes.update((rel, None) for rel in main.keys() - entries.keys())
            if len(changes) <= DELTA_MAX:
                delta = {"key": self.key, "base": self.saved_ns, "saved_ns": saved_ns, "entries": changes}
                save_plain(self.delta_file, delta, json_only=True)
                return
        save_text(self.file, main_text(self.key, saved_ns, entries))
        if self.delta_file is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.delta_file)  # written against the main file just replaced: ignored anyway

    def _read_text(self, result: Any) -> str | None:
        """The text `result` was read from (written back as it is), or None: it must be encoded."""
        if isinstance(result, str):
            return result  # an entry kept as it was read
        known = self._decoded.get(id(result))
        return known[1] if known is not None and known[0] is result else None


def main_text(key: str, saved_ns: int, entries: dict[str, tuple[tuple[int, ...] | None, str, str]]) -> str:
    """The main file: a JSON header line (the key, the save time, each entry's path, stat data and digest, in
    order), then each entry's result text on a line of its own, in the same order.

    Its results are read back with no JSON string around them (10,000 texts once unescaped from the file's
    JSON, then parsed again: ≈ 20 ms of a one-article rebuild). A result text is JSON, whose strings never hold a
    raw line break; one that did (a delta file's, crafted) is left out, and checked again next time.
    """
    kept = {rel: entry for rel, entry in entries.items() if "\n" not in entry[2]}
    listed = [[rel, *_listed(entry)[:2]] for rel, entry in kept.items()]  # a path, then its stat data and digest
    header = {"key": key, "saved_ns": saved_ns, "entries": listed}
    return "\n".join([json.dumps(header, ensure_ascii=False, separators=(",", ":")), *(e[2] for e in kept.values())])


def parse_main(text: str) -> tuple[str, int, dict[str, tuple[Signature | None, str, str]]] | None:
    """(key, save time, entries) of a main file's text as `main_text` writes it; None for any other text."""
    lines = text.split("\n")  # not splitlines: a result's text may hold U+2028 and other line separators
    try:
        header = json.loads(lines[0])
    except (ValueError, RecursionError):  # RecursionError: nested too deep for the decoder
        return None
    if (
        not isinstance(header, dict)
        or not isinstance(header.get("key"), str)
        or type(header.get("saved_ns")) is not int
    ):
        return None
    listed = header.get("entries")
    if not isinstance(listed, list) or len(listed) != len(lines) - 1:
        return None
    found: dict[str, tuple[Signature | None, str, str]] = {}
    for item, result in zip(listed, lines[1:]):
        entry = _entry(item[1:], result) if type(item) is list and len(item) == 3 else None
        if entry is None or type(item[0]) is not str or item[0] in found:
            return None
        found[item[0]] = entry
    return header["key"], header["saved_ns"], found


def _entry(item: list[Any], result: Any) -> tuple[Signature | None, str, str] | None:
    """[stat data, digest] and a result's text as this code writes them (stat data: four ints, or None for the
    staged text), as `CheckCache.entries` holds them; None for anything else."""
    signature, digest = item
    if type(digest) is not str or type(result) is not str:
        return None
    if signature is None:
        return None, digest, result
    if type(signature) is not list or len(signature) != 4:
        return None
    ctime, mtime, size, inode = signature
    if type(ctime) is not int or type(mtime) is not int or type(size) is not int or type(inode) is not int:
        return None
    return (ctime, mtime, size, inode), digest, result


def _listed(entry: tuple[tuple[int, ...] | None, str, str]) -> list[Any]:
    return [list(entry[0]) if entry[0] else None, entry[1], entry[2]]


def _delta_entries(stored: Any) -> dict[str, Any] | None:
    """A delta file's entries as `CheckCache.entries` holds them (None for a deletion), or None if not what this
    code writes."""
    if not isinstance(stored, dict):
        return None
    found: dict[str, Any] = {}
    for rel, e in stored.items():
        if e is None:
            found[rel] = None
            continue
        entry = _entry(e[:2], e[2]) if type(e) is list and len(e) == 3 else None
        if entry is None:
            return None
        found[rel] = entry
    return found


class IndexNumberCache:
    """The quick 索引号 scan of other articles (checking.py), by blob id: a blob's bytes never change.

    The pre-commit hook then reads from git only the disclosure articles it has not scanned before,
    instead of all of them at every commit.
    """

    def __init__(self, root: Path):
        self.file = cache_file(root, "check", "index-numbers.json")
        self.key = code_version()
        stored = load_plain(self.file)
        numbers = stored.get("numbers") if isinstance(stored, dict) and stored.get("key") == self.key else None
        self.numbers: dict[str, Any] = numbers if isinstance(numbers, dict) else {}
        self.used: dict[str, Any] = {}

    def known(self, blob_ids: dict[str, str]) -> dict[str, Any]:
        """path -> [索引号, line] or None, for the paths whose blob (`blob_ids`: path -> blob id) was scanned."""
        numbers, used = self.numbers, self.used
        found = {}
        for rel, sha in blob_ids.items():
            if sha in numbers:
                found[rel] = used[sha] = numbers[sha]
        return found

    def put(self, sha: str, found: tuple[str, int] | None) -> None:
        self.used[sha] = list(found) if found else None

    def save(self) -> None:
        """Keep the scans of this run (the articles that are still there)."""
        if self.used != self.numbers:
            save_plain(self.file, {"key": self.key, "numbers": self.used})


class FileScanCache:
    """A scan of working files (the 索引号 allocator's), by path and stat data as in CheckCache.

    `signature` is taken with symbolic links followed (the scan reads through them); a file
    modified too close to the last save is scanned again.
    """

    def __init__(self, root: Path, name: str):
        self.file = cache_file(root, "check", name)
        self.key = code_version()
        stored = load_plain(self.file)
        if not (isinstance(stored, dict) and stored.get("key") == self.key and isinstance(stored.get("saved_ns"), int)):
            stored = {"files": {}, "saved_ns": 0}
        files = stored.get("files")
        self.files: dict[str, Any] = files if isinstance(files, dict) else {}
        self.saved_ns: int = stored["saved_ns"]
        self.used: dict[str, Any] = {}

    @staticmethod
    def signature(path: str) -> Signature | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return (st.st_ctime_ns, st.st_mtime_ns, st.st_size, st.st_ino)

    def get(self, rel: str, signature: Signature | None) -> Any | None:
        entry = self.files.get(rel)
        if entry is None or signature is None or tuple(entry[0]) != signature:
            return None
        if max(signature[0], signature[1]) >= self.saved_ns - RACY_NS:
            return None  # modified around the last save: its stat data proves nothing
        self.used[rel] = entry
        return entry[1]

    def put(self, rel: str, signature: Signature | None, found: Any) -> None:
        if signature is not None:
            self.used[rel] = [list(signature), found]

    def save(self) -> None:
        """Keep the scans of this run; rewritten only when one was made afresh."""
        if self.used != self.files or any(max(e[0][0], e[0][1]) >= self.saved_ns - RACY_NS for e in self.used.values()):
            save_plain(self.file, {"key": self.key, "saved_ns": time.time_ns(), "files": self.used})
