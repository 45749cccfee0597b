"""Keeping freed memory in the process while one phase allocates and frees large arrays in turn.

glibc gives every allocation of 128 KB or more (a threshold it raises to at most 32 MB as it goes) a mapping of
its own and returns it to the kernel when it is freed. The search index makes and drops arrays of 30 to 300 MB
one after another (the text's units, its pairs, their offsets), so the kernel zero-fills every page of each anew:
about 2 of the 9 to 10 s of CPU of the index at 10,000 articles (benchmarks/README.md, session 22). Inside
`reusing_freed_memory()`, allocations up to 256 MB come from the heap and what is freed stays there for the next
one; the peak is the same (the arrays are freed before their successors grow). Afterwards the thresholds are
where glibc's own adjustment ends (a set threshold no longer adjusts: 32 MB to map, 64 MB to trim) and the free
memory is given back. Where the C library is not glibc (musl, macOS), or refuses a threshold that high (an older
glibc caps it at 32 MB), nothing changes: the trim threshold alone would only cost (every block mapped afresh).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import threading
from collections.abc import Iterator

_M_TRIM_THRESHOLD = -1  # glibc's malloc.h
_M_MMAP_THRESHOLD = -3
_KEPT_MAPPING_BELOW = 256 * 1024 * 1024
_KEPT_FREE_BELOW = 1024 * 1024 * 1024
# Where glibc's dynamic thresholds end up after large blocks are freed (DEFAULT_MMAP_THRESHOLD_MAX on 64 bits, and
# twice it to trim): once set, they no longer move, and glibc's starting 128 KB would map every larger block afresh.
_MAPPING_AFTER = 32 * 1024 * 1024
_FREE_AFTER = 64 * 1024 * 1024

_lock = threading.Lock()
_depth = 0  # nested or concurrent phases: the thresholds are restored when the last one ends
_set = False  # whether glibc took the thresholds (it may refuse one that high)


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt  # noqa: B018 - glibc's own: absent from musl's and macOS's C library
        libc.malloc_trim  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


@contextlib.contextmanager
def reusing_freed_memory() -> Iterator[None]:
    global _depth, _set  # noqa: PLW0603 - one setting for the whole process
    libc = _glibc()
    if libc is None:
        yield
        return
    with _lock:
        if _depth == 0:
            _set = libc.mallopt(_M_MMAP_THRESHOLD, _KEPT_MAPPING_BELOW) == 1  # mallopt returns 1 on success
            if _set:
                libc.mallopt(_M_TRIM_THRESHOLD, _KEPT_FREE_BELOW)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _set:
                libc.mallopt(_M_MMAP_THRESHOLD, _MAPPING_AFTER)
                libc.mallopt(_M_TRIM_THRESHOLD, _FREE_AFTER)
                libc.malloc_trim(0)
                _set = False
