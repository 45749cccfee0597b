"""Reuse of unchanged pages between builds.

A page is fully determined by its template, its context and the environment
(templates, site-wide globals, Markdown engine, sitegen's own code). Their
digest is remembered with the page; when it is the same next time and the
previous build's file is untouched, that file is hard-linked into the new build
instead of rendering it again. Untouched: the same stat signature, ctime included,
and the output's marker is still the one this memo's build wrote (another build
into the same output writes its own), else the file must still hold the very bytes
recorded (its sha1). The memo is plain JSON in the user's cache folder
(checkcache.cache_file); deleting it only costs time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import operator
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.checkcache import RACY_NS, cache_file, code_version, load_plain, save_plain, stat_signature
from generator.site.fsio import MARKER


def environment_key(templates: Path, globals_: dict[str, Any], engine: str) -> str:
    digest = hashlib.sha1(code_version().encode())
    digest.update(engine.encode())
    for path in sorted(p for p in templates.rglob("*") if p.is_file()):
        digest.update(path.relative_to(templates).as_posix().encode())
        digest.update(path.read_bytes())
    # Sets pickle in hash order, which varies between runs: sort them first.
    stable = {k: sorted(v) if isinstance(v, (set, frozenset)) else v for k, v in sorted(globals_.items())}
    digest.update(_values_only(stable))
    return digest.hexdigest()


def _values_only(value: Any) -> bytes:
    """A pickle without pickle's memo: equal values give equal bytes, whichever of them are one object.

    (With the memo, maps parsed from YAML and the same maps read back from the map cache share
    strings differently, and every page's key changed between a cold build and the next.)
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=4)
    pickler.fast = True
    pickler.dump(value)
    return buffer.getvalue()


def page_keys(env_key: str, pages: list[tuple[str, dict[str, Any], bool]]) -> list[str]:
    """The keys of many pages (template, context, markdown) at once.

    An object of a `SHARED` class (an article's view is in its page and in a list page or two, a
    column's in every page of it) is digested once per call and stands in the pages' pickles as
    that digest: the same information, pickled once instead of on every page that shows it.
    """
    pickler = _KeyPickler(env_key)
    return [pickler.key((template, markdown, context)) for template, context, markdown in pages]


Reducer = Callable[[Any], Any]


class _Digest:
    """What stands for a shared object in a page's pickle (never unpickled: keys only)."""


class _KeyPickler:
    """Pickles contexts for their digest only: a dataclass becomes (its class, its field values).

    Pickle's own route for a slotted dataclass calls dataclasses.fields() on every instance, which was
    most of the time spent on the keys of 10,000 pages. This holds the same information: the class (by
    name) and every field's value, in order.
    """

    def __init__(self, env_key: str):
        self.env_key = env_key.encode()
        self.digests: dict[int, tuple[Any, str]] = {}  # id(shared object) -> (it, its digest)
        self.table: dict[type, Reducer] = _Reducers(self)
        # One pickler and buffer per depth (a shared object is digested while its page is being pickled), made
        # once: 20,000 keys a build made a pickler each.
        self.picklers: list[tuple[pickle.Pickler, io.BytesIO]] = []
        self.depth = 0

    def key(self, value: Any) -> str:
        if self.depth == len(self.picklers):
            buffer = io.BytesIO()
            pickler = pickle.Pickler(buffer, protocol=4)
            pickler.dispatch_table = self.table
            pickler.fast = True  # no memo: see _values_only
            self.picklers.append((pickler, buffer))
        pickler, buffer = self.picklers[self.depth]
        buffer.seek(0)
        buffer.truncate()
        self.depth += 1
        try:
            pickler.dump(value)
        finally:
            self.depth -= 1
        digest = hashlib.sha1(self.env_key)
        digest.update(buffer.getbuffer())
        return digest.hexdigest()

    def shared(self, obj: Any, fields: Callable[[Any], Any]) -> Any:
        known = self.digests.get(id(obj))
        if known is None or known[0] is not obj:
            known = (obj, self.key((type(obj), fields(obj))))
            self.digests[id(obj)] = known  # holds obj: its id cannot be reused during this call
        return (_Digest, (known[1],))


class _Reducers(dict[type, Reducer]):
    """A pickler's dispatch table made on demand, class by class."""

    def __init__(self, owner: _KeyPickler):
        super().__init__()
        self.owner = owner

    def __missing__(self, cls: type) -> Reducer:
        reducer: Reducer
        if dataclasses.is_dataclass(cls):
            names = [f.name for f in dataclasses.fields(cls)]
            get = operator.attrgetter(*names) if names else (lambda obj: ())

            def fields(obj: Any) -> Any:
                return (get(obj),) if len(names) == 1 else get(obj)

            if cls.__name__ in SHARED:
                owner = self.owner
                reducer = lambda obj: owner.shared(obj, fields)  # noqa: E731
            else:
                reducer = lambda obj: (cls, fields(obj))  # noqa: E731
        else:
            reducer = lambda obj: obj.__reduce_ex__(4)  # noqa: E731 - pickle's own way, remembered as such
        self[cls] = reducer
        return reducer


SHARED = frozenset({"ArticleView", "ColumnView", "SiteView"})  # site/views.py: in many pages each


class PageMemo:
    def __init__(self, root: Path, out: Path):
        self.file = cache_file(root, "pages", "pages.json")
        self.out = out
        self.entries: dict[str, list[Any]] = {}  # page -> [key, stat signature, sha1 of bytes]
        self.verified: dict[str, tuple[tuple[int, ...], str]] = {}  # page reused -> (stat data seen, sha1)
        self.untouched: dict[str, int] = {}  # page reused by its exact stat data -> its inode
        # page rendered by this build -> (its stat data right after writing, sha1 of the bytes screened and written)
        self.rendered: dict[str, tuple[tuple[int, ...] | None, str]] = {}
        self.saved_ns = 0
        self.trusted = False
        self.environment: str | None = None  # environment_key of the build this memo describes
        stored = load_plain(self.file)
        if isinstance(stored, dict) and stored.get("out") == str(out) and isinstance(stored.get("entries"), dict):
            self.entries = stored["entries"]
            environment = stored.get("environment")
            self.environment = environment if isinstance(environment, str) else None
            marker = stored.get("marker")
            # The output's marker is the file this memo's build wrote (every build writes a new one):
            # no other build has written into `out` since.
            self.trusted = marker is not None and tuple(marker) == stat_signature(os.path.join(out, MARKER))
            saved = stored.get("saved_ns")
            self.saved_ns = saved if isinstance(saved, int) else 0

    def reusable(self, page: str, key: str) -> str | None:
        """The previous build's file for `page` when it can stand for a new rendering."""
        entry = self.entries.get(page)
        if entry is None or entry[0] != key:
            return None
        old = os.path.join(self.out, page)
        signature = stat_signature(old)
        if signature is None:
            return None
        if self._vouches(signature, tuple(entry[1])):
            self.untouched[page] = signature[3]
        elif _sha1(old) != entry[2]:
            return None
        self.verified[page] = (signature, entry[2])
        return old

    def written(self, pages: dict[str, tuple[tuple[int, ...] | None, str]]) -> None:
        """The pages this build rendered: their stat data right after writing and the sha1 of the bytes
        it screened and wrote (recorded without reading the file back while the stat data is unchanged)."""
        self.rendered.update(pages)

    def inode(self, page: str) -> int | None:
        """The inode of a page `reusable` found untouched since the memo's build (no link, no unlink, no
        write since: its ctime is the recorded one), for fsio.Writer.link to keep where it already is."""
        return self.untouched.get(page)

    def _vouches(self, now: tuple[int, ...], recorded: tuple[int, ...]) -> bool:
        """Stat data alone proves the bytes: same file, untouched since the memo's build wrote it.

        The ctime must be the recorded one: an in-place edit that restores the mtime and size still
        moves it. (Accepting a ctime moved during the background removal of the replaced output let an
        edit made in that window pass for the removal's unlink: s5 review, finding 1.) A page whose
        ctime moved is hashed and compared with its recorded digest instead. A file modified around
        the save (mtime) is re-hashed, as in git's racy-index rule.
        """
        return self.trusted and now == recorded and now[1] < self.saved_ns - RACY_NS

    def save(
        self, keys: dict[str, str], kept: set[str] | frozenset[str] = frozenset(), environment: str | None = None
    ) -> None:
        """Remember the pages of the build now in `out` (call after the swap).

        `environment`: its environment_key (the templates and code it compiled, whole, without an error).

        `kept`: pages the build left where they were (fsio.Writer.kept), untouched since `reusable` found
        their stat data exactly as recorded: that stat data is recorded again without another stat (a
        later change moves it, and the next build then hashes the page).
        """
        entries = {}
        for page, key in keys.items():
            seen = self.verified.get(page)
            if seen is not None and page in kept and page in self.untouched:
                entries[page] = [key, list(seen[0]), seen[1]]
                continue
            path = os.path.join(self.out, page)
            signature = stat_signature(path)
            made = self.rendered.get(page)
            if seen is not None and seen[0] == signature:
                digest = seen[1]  # untouched since it was vouched for: not even linked again
            elif made is not None and made[0] == signature:
                digest = made[1]  # untouched since the worker wrote (or linked) it
            else:  # linked (a new name moves the ctime), copied, or changed since: its bytes now
                digest = _sha1(path)
                if stat_signature(path) != signature:
                    continue  # changed while being read: not remembered
            if signature is not None and digest:
                entries[page] = [key, list(signature), digest]
        marker = stat_signature(os.path.join(self.out, MARKER))
        payload = {
            "out": str(self.out),
            "entries": entries,
            "marker": marker and list(marker),
            "saved_ns": time.time_ns(),
            "environment": environment,
        }
        save_plain(self.file, payload, json_only=True)


def _sha1(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha1(handle.read()).hexdigest()
    except OSError:
        return ""
