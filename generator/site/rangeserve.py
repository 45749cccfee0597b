"""A static file handler that honours a single HTTP byte range, as nginx, Apache and CDNs do.

Search reads results by byte ranges (search.js, search.py's r/ packs); Python's own
SimpleHTTPRequestHandler ignores Range and sends whole files. The preview server and the
tests' server use this one, so they serve search as a production web server does.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
from typing import IO, Any

_RANGE = re.compile(r"bytes=(\d+)-(\d*)$")


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    _remaining: int | None = None  # bytes of the range still to send

    def send_head(self) -> IO[bytes] | None:  # type: ignore[override]
        wanted = _RANGE.match(self.headers.get("Range", "").strip())
        path = self.translate_path(self.path)
        if wanted is None or not os.path.isfile(path):
            return super().send_head()
        handle = open(path, "rb")  # noqa: SIM115 - the base class closes it after sending
        size = os.fstat(handle.fileno()).st_size
        start = int(wanted.group(1))
        end = min(int(wanted.group(2)), size - 1) if wanted.group(2) else size - 1
        if start >= size or end < start:
            handle.close()
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        handle.seek(start)
        self._remaining = end - start + 1
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(self._remaining))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return handle

    def copyfile(self, source: Any, outputfile: Any) -> None:
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            shutil.copyfileobj(source, outputfile)
            return
        self._remaining = None
        while remaining > 0:
            chunk = source.read(min(remaining, 1 << 16))
            if not chunk:
                break
            outputfile.write(chunk)
            remaining -= len(chunk)
