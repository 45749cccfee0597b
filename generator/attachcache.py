"""Attachment scan results, cached by content hash in the user's cache folder (never in the tree).

Reading a 20 MB PDF costs a second; its bytes rarely change. An entry is kept for an attachment of
KEEP_FROM bytes or more only: a smaller one costs a few milliseconds to scan again, while creating an
entry's file costs a build machine 0.1–0.7 ms of kernel time (2,000 small attachments: 2 % of a cold
build), and the verdicts below already spare an unchanged one its scan. An entry is keyed by the sha256
of the file's bytes and of everything else the result depends on (the code, the registered
e-mail addresses and units, the site's settings), and holds plain JSON — rule, line, message —
never a pickle: a cache is data to read, not code to run. A missing, foreign or malformed entry
is simply a miss.

Beside those entries, one file holds every attachment's whole scan (its path's findings and its
content's) by path: a rebuild judges 2,000 unchanged attachments with one lookup each, instead of
scanning 2,000 names and opening 2,000 entry files. A verdict counts only for the path it names
and the sha256 it was made for (which the caller takes from the file's stat data, checking.py),
under the same key as the entries; anything else is a miss and the attachment is scanned again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from generator.checkcache import code_version
from generator.rules.seattach import Found
from generator.usercache import load_plain, repository_cache_dir, save_plain

_VERSION = 1
KEEP_FROM = 64 * 1024  # bytes: a smaller attachment's scan is not kept by content (its path's verdict is)


class AttachmentCache:
    def __init__(self, root: Path, *context: object):
        self.folder = None if os.environ.get("SITEGEN_NO_CACHE") else repository_cache_dir(root, "attachments")
        self.context = hashlib.sha256(repr((_VERSION, code_version(), context)).encode()).hexdigest()
        self._verdicts: dict[str, Any] | None = None  # path -> [path, sha256, findings] as stored; read on first use
        self._used: dict[str, Any] = {}  # the verdicts of this run: what the file keeps

    @property
    def verdict_file(self) -> Path | None:
        return None if self.folder is None else self.folder / "verdicts.json"  # entry files are named by hex

    def verdict(self, rel: str, digest: str) -> list[Found] | None:
        """The whole scan of the attachment at `rel` whose bytes have this sha256, if one was kept."""
        if self._verdicts is None:
            stored = load_plain(self.verdict_file)
            fits = isinstance(stored, dict) and stored.get("context") == self.context
            verdicts = stored["verdicts"] if fits and isinstance(stored, dict) and "verdicts" in stored else None
            self._verdicts = verdicts if isinstance(verdicts, dict) else {}
        entry = self._verdicts.get(rel)
        # Bound to its own path and bytes: a record copied to another path, or kept for other bytes, is no
        # verdict for them.
        if type(entry) is not list or len(entry) != 3 or entry[0] != rel or entry[1] != digest:
            return None
        try:
            found = [_found(item) for item in entry[2]]
        except (TypeError, ValueError):
            return None
        self._used[rel] = entry
        return found

    def remember(self, rel: str, digest: str, found: list[Found]) -> None:
        self._used[rel] = [rel, digest, [[f.rule, f.line, f.message] for f in found]]

    def save_verdicts(self) -> None:
        """Keep the verdicts of this run (the attachments still there); written only when they differ."""
        if self._used != self._verdicts:
            save_plain(self.verdict_file, {"context": self.context, "verdicts": self._used}, json_only=True)
            self._verdicts = dict(self._used)

    def _file(self, digest: str) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / (hashlib.sha256(f"{digest}:{self.context}".encode()).hexdigest() + ".json")

    def get(self, digest: str) -> list[Found] | None:
        file = self._file(digest)
        if file is None:
            return None
        try:
            payload = json.loads(file.read_text(encoding="utf-8"))
            if payload.get("digest") != digest or payload.get("context") != self.context:
                return None
            return [Found(str(r), int(n), str(m)) for r, n, m in payload["found"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, digest: str, found: list[Found], size: int) -> None:
        """Keep the content scan of `size` bytes whose sha256 is `digest`, if they are worth keeping."""
        file = self._file(digest)
        if file is None or size < KEEP_FROM:
            return
        payload = {"digest": digest, "context": self.context, "found": [[f.rule, f.line, f.message] for f in found]}
        try:
            fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".att-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, ensure_ascii=False)
            os.replace(tmp, file)
        except OSError:
            pass


def _found(item: Any) -> Found:
    """One finding as `remember` writes it: [rule, line, message]."""
    if type(item) is not list or len(item) != 3 or type(item[1]) is not int:
        raise ValueError("finding")
    if type(item[0]) is not str or type(item[2]) is not str:
        raise ValueError("finding")
    return Found(item[0], item[1], item[2])
