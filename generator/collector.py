"""When Python's cyclic garbage collector runs during a build.

A build loads some hundred thousand long-lived objects (every article's check result, view and
page context) that all live until the process ends. The collector, which would scan them over and
over as they pile up, cost about a third of a no-op rebuild's CPU at 10,000 articles, to free
nothing: they are released by reference counting, or with the process. So a build pauses it while
it reads and plans (`paused`), and resumes it before rendering many pages, whose temporary objects it
must free (`resume`: what is alive then is frozen out of its scans).
The worker processes a build forks collect as usual (`resume_in_worker`), the parent's objects
frozen out of their scans too (they are the parent's, not the worker's garbage).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_pauses: list[bool] = []  # per `paused` block entered and not left: was the collector enabled before it
_ending = False  # set by `ending`: the process ends once its `paused` block is left


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block until `resume` (reference counting frees as always);
    afterwards the collector is as it was, and nothing stays frozen."""
    _pauses.append(gc.isenabled())
    gc.disable()
    try:
        yield
    finally:
        if _pauses.pop() and not (_ending and not _pauses):
            gc.enable()
        if not _pauses:
            gc.unfreeze()  # whatever `resume` kept out of the scans is scanned again from here on


def ending() -> None:
    """This process ends when its `paused` block is left (`sitegen build` as a command, fastcli): the collector
    stays off then. Enabled, it collected at the next allocation the youngest generation, which holds a rebuild's
    every object: 20 ms on the way out, to free nothing the end of the process does not."""
    global _ending  # noqa: PLW0603 - once per process, before its one build
    _ending = True


def resume() -> None:
    """Inside `paused`: collect what is garbage now, then collect again as usual for the objects made from
    here on; those alive now are frozen out of the scans. Outside any `paused` block (the dev server, say):
    nothing changes."""
    if _pauses and _pauses[-1] and not gc.isenabled():
        gc.collect()  # once: the cycles made so far (a cold check's leave tens of MB) are freed, not frozen
        gc.freeze()
        gc.enable()


def resume_in_worker() -> None:
    """In a freshly started worker: what it inherited is frozen, its own garbage is collected again."""
    gc.freeze()
    gc.enable()
