"""One way to spread work over processes, used by the check and by the build.

Work goes in chunks; each worker builds its state once (`init(arg)` in its initializer), then
only chunks and results travel. Workers are forked when this process runs a single thread: the
state is inherited, not pickled. A threaded process (the dev server, with its watcher and HTTP
threads) starts them from a fork server instead, since forking while another thread holds a lock
can leave the child stuck on it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import threading
from collections.abc import Callable
from typing import Any, TypeVar

SERIAL_BELOW = 300  # fewer items than this: starting workers costs more than it saves

A = TypeVar("A")
S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")
U = TypeVar("U")
V = TypeVar("V")

_state: Any = None  # the worker's state, set by its initializer


def worker_count() -> int:
    """SITEGEN_WORKERS, else the CPUs this process may run on."""
    wanted = os.environ.get("SITEGEN_WORKERS")
    if wanted and wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def workers_for(items: int) -> int:
    """How many processes `items` pieces of work deserve (1: do them here)."""
    return 1 if items < SERIAL_BELOW else worker_count()


def start_method() -> str:
    return "fork" if threading.active_count() == 1 else "forkserver"


def same(value: S) -> S:
    """An `init` for state that needs no preparation in the worker."""
    return value


def run_chunks(
    task: Callable[[S, list[T]], R],
    chunks: list[list[T]],
    *,
    workers: int,
    init: Callable[[A], S],
    arg: A,
) -> list[R]:
    """`task(state, chunk)` for every chunk in `workers` processes, results in completion order.

    `task` and `init` must be module-level functions (a fork server pickles them by name).
    """
    import multiprocessing  # here: a check of one article never starts workers

    context = multiprocessing.get_context(start_method())
    with context.Pool(workers, initializer=_start, initargs=(init, arg)) as pool:
        return list(pool.imap_unordered(functools.partial(_apply, task), chunks))


def run_phases(
    first: Callable[[S, list[T]], R],
    first_chunks: list[list[T]],
    then: Callable[[S, list[U]], V],
    then_chunks: Callable[[list[R]], list[list[U]]],
    *,
    workers: int,
    init: Callable[[A], S],
    arg: A,
    meanwhile: Callable[[list[R]], None],
    at_start: Callable[[], None] | None = None,
) -> tuple[list[R], list[V]]:
    """Two rounds of chunks in one pool: `first` over `first_chunks`, then `then` over the chunks that
    `then_chunks(results of the first round)` makes from them; `meanwhile(results of the first round)` runs
    here while the workers go through the second (the build: the search index is built from the articles'
    texts while the pages render). `at_start()` runs here once the workers are started, during the first round.
    Results in completion order, per round.
    """
    import multiprocessing

    context = multiprocessing.get_context(start_method())
    with context.Pool(workers, initializer=_start, initargs=(init, arg)) as pool:
        pending = pool.imap_unordered(functools.partial(_apply, first), first_chunks)  # submitted at once
        if at_start is not None:
            at_start()
        done = list(pending)
        rest = pool.map_async(functools.partial(_apply, then), then_chunks(done), chunksize=1)
        meanwhile(done)
        return done, rest.get()


def _start(init: Callable[[Any], Any], arg: Any) -> None:
    global _state  # noqa: PLW0603 - a pool initializer can only leave its result in the module
    from generator.collector import resume_in_worker

    resume_in_worker()  # the parent may have paused it for its own run (collector.paused)
    _state = init(arg)


def _apply(task: Callable[[Any, list[Any]], Any], chunk: list[Any]) -> Any:
    return task(_state, chunk)


_forked: list[int] = []  # children started by `in_background`, waited for when this process exits


def in_background(task: Callable[[], None]) -> None:
    """Run `task` in a forked child while this process goes on; inline when forking is not safe.

    For writing a large cache file while the build's own work continues on the other core. The child
    ends with os._exit (no atexit handlers, no second flush of this process's buffers); this process
    waits for its children before it exits, so the next command finds the file written.
    """
    if threading.active_count() != 1 or not hasattr(os, "fork"):
        task()  # a threaded process (the dev server): a fork could inherit a held lock
        return
    if not _forked:
        import atexit

        atexit.register(wait_background)
    # Ctrl-C and TERM are held back across the fork: delivered in the child before its `try`, they
    # would unwind the parent's code there (a second message, the exit handlers run twice).
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        pid = os.fork()
    except OSError:  # no process to spare (a pids limit, no memory to commit): write it here
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        task()
        return
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        status = 1
        try:
            task()  # signals stay held: the file is written whole or, killed, not at all (atomic rename)
            status = 0
        finally:
            os._exit(status)  # whatever happened: never return into the parent's code
    signal.pthread_sigmask(signal.SIG_SETMASK, held)
    _forked.append(pid)


def wait_background() -> None:
    """Wait for the children `in_background` started (a build does, before it hands its output over)."""
    while _forked:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_forked.pop(), 0)
