"""When Python's cyclic garbage collector runs during a build.

A build loads some hundred thousand long-lived objects (every article's check result, view and
page context) that all live until the process ends. The collector, which would scan them over and
over as they pile up, cost about a third of a rebuild's CPU at 10,000 articles, to free nothing:
they are released by reference counting, or with the process. So a command pauses it for its
run (`paused`); the worker processes it forks collect as usual (`resume_in_worker`), with the
parent's objects frozen out of their scans (they are the parent's, not garbage of the worker).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block (reference counting frees as always); restored after it."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def resume_in_worker() -> None:
    """In a freshly started worker: what it inherited is frozen, its own garbage is collected again."""
    gc.freeze()
    gc.enable()
