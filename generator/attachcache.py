"""Attachment scan results, cached by content hash in the user's cache folder (never in the tree).

Reading a 20 MB PDF costs a second; its bytes rarely change. An entry is keyed by the sha256
of the file's bytes and of everything else the result depends on (the code, the registered
e-mail addresses and units, the site's settings), and holds plain JSON — rule, line, message —
never a pickle: a cache is data to read, not code to run. A missing, foreign or malformed entry
is simply a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from generator.checkcache import code_version
from generator.rules.seattach import Found
from generator.usercache import repository_cache_dir

_VERSION = 1


class AttachmentCache:
    def __init__(self, root: Path, *context: object):
        self.folder = None if os.environ.get("SITEGEN_NO_CACHE") else repository_cache_dir(root, "attachments")
        self.context = hashlib.sha256(repr((_VERSION, code_version(), context)).encode()).hexdigest()

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

    def put(self, digest: str, found: list[Found]) -> None:
        file = self._file(digest)
        if file is None:
            return
        payload = {"digest": digest, "context": self.context, "found": [[f.rule, f.line, f.message] for f in found]}
        try:
            fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".att-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, ensure_ascii=False)
            os.replace(tmp, file)
        except OSError:
            pass
