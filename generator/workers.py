"""One way to spread work over processes, used by the check and by the build.

Work goes in chunks; each worker builds its state once (`init(arg)` in its initializer), then
only chunks and results travel. Workers are forked when this process runs a single thread: the
state is inherited, not pickled. A threaded process (the dev server, with its watcher and HTTP
threads) starts them from a fork server instead, since forking while another thread holds a lock
can leave the child stuck on it.

Besides the pools: `in_background` (a cache file written by a child while the work goes on), and `ahead` (one
result computed in another process while this one does something else: the helper `start_helper` forked early,
or a child forked then; never from a threaded process), whose children end with this process.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import pickle
import select
import signal
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any, Generic, NamedTuple, NoReturn, TypeVar

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


class Ahead(Generic[R]):
    """`with ahead(task) as pending:` … `pending.result()`: `task()` computed in another process while this one
    goes on with work that does not need it (the build: the search index's update while the pages are planned
    and linked, on the core that would otherwise idle): the helper when one is waiting (`start_helper`, `task`
    sent to it pickled), else a child forked now.

    The child inherits this process's objects (nothing is sent to it) and sends back its result, pickled, through
    a pipe of its own: only what this very program wrote, never a file. Where forking is not safe (a threaded
    process: the dev server) or not possible, or not wanted (`fork=False`: too little work to pay for the fork),
    `task()` runs here, at once. An exception in the task is raised by `result()`; a child that ends without a
    result (killed) is an error. Leaving the `with` block without the result kills the child and waits for it, and
    a child never outlives this process (`_child`): nothing it does outlives the block or a killed build.
    """

    def __init__(self, task: Callable[[], R], fork: bool = True):
        self._pid = 0
        self._pipe = -1
        self._value: tuple[bool, Any] | None = None
        if not fork or threading.active_count() != 1 or not hasattr(os, "fork"):
            self._value = _outcome(task)
            return
        if _to_helper(task, self):
            return
        read, write = os.pipe()
        forked = _fork(functools.partial(_send, task, write), (read,))
        os.close(write)
        if forked is None:  # no process to spare: computed here
            os.close(read)
            self._value = _outcome(task)
            return
        self._pid, self._pipe = forked[0], read  # owned before a held Ctrl-C can arrive
        _unblock(forked[1], self._stop)

    def __enter__(self) -> Ahead[R]:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._stop()  # left without the result (an error here): the child stops now

    def result(self) -> R:
        if self._pid:
            with os.fdopen(self._pipe, "rb") as pipe:
                self._pipe = -1
                payload = pipe.read()
            status = self._reap()
            if status != 0 or not payload:
                from generator.errors import SitegenError

                raise SitegenError("构建的辅助进程意外退出（可能是内存不足或被终止），未生成网站：请重新构建。")
            try:
                self._value = pickle.loads(payload)  # written by this program's own child, through a pipe
            except Exception as exc:  # noqa: BLE001 - said as what it is, a fault of this program
                raise RuntimeError(f"the result of a child process could not be read back: {exc!r}") from None
        assert self._value is not None
        done, value = self._value
        if not done:
            raise value
        return value  # type: ignore[no-any-return]

    def _stop(self) -> None:
        if self._pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()

    def _reap(self) -> int:
        pid, self._pid = self._pid, 0
        if self._pipe >= 0:
            os.close(self._pipe)
            self._pipe = -1
        try:
            return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        except ChildProcessError:
            return -1


def ahead(task: Callable[[], R], *, fork: bool = True) -> Ahead[R]:
    return Ahead(task, fork)


_STOPPING = frozenset({signal.SIGINT, signal.SIGTERM})


def _child(parent: int, body: Callable[[], None], close: tuple[int, ...]) -> NoReturn:  # pragma: no cover - a child
    """A forked child's whole life: it never returns into the parent's code, and never outlives the parent.

    The kernel kills it when its parent ends (Linux's PR_SET_PDEATHSIG; it ends at once if the parent already
    has): a build killed by SIGKILL or the OOM killer leaves no child writing into its stage, which the next
    build takes as its own. Ctrl-C and TERM, held across the fork (delivered before this `try`, they would unwind
    the parent's frames here), get their default action back: they end it without running any of its code.
    """
    status = 1
    try:
        _die_with(parent)
        for fd in close:
            os.close(fd)
        for number in _STOPPING:
            signal.signal(number, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)
        body()
        status = 0
    finally:
        os._exit(status)


def _die_with(parent: int) -> None:  # pragma: no cover - a child's
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the helper still watches its parent while it waits
        pass
    if os.getppid() != parent:
        os._exit(1)  # the parent ended before the setting took


def _fork(body: Callable[[], None], close: tuple[int, ...]) -> tuple[int, Any] | None:
    """Fork a child that runs `body` (`_child`, closing `close` first). Here: (its pid, the signal mask to give
    back with `_unblock` once the child is owned), or None, the mask given back, when no process could be made
    (a pids limit, no memory to commit)."""
    parent = os.getpid()
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)  # none delivered between the fork and `_child`
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        return None
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        _child(parent, body, close)
    return pid, held


def _unblock(held: Any, undo: Callable[[], None]) -> None:
    """Give back the signal mask after a fork; a Ctrl-C held meanwhile arrives here, and `undo` stops the child."""
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    except BaseException:
        undo()
        raise


def _send(task: Callable[[], Any], write: int) -> None:  # pragma: no cover - a child's
    payload = _pickled(_outcome(task))
    with os.fdopen(write, "wb") as pipe:
        pipe.write(payload)


def _outcome(task: Callable[[], R]) -> tuple[bool, Any]:
    try:
        return True, task()
    except Exception as exc:  # noqa: BLE001 - raised again by `result()`, in the parent
        return False, exc


def _pickled(outcome: tuple[bool, Any]) -> bytes:  # pragma: no cover - a child's
    """The outcome as the parent will read it: an exception with the child's traceback as a note (pickling drops
    its frames), or, when it or the result does not pickle and read back, a RuntimeError that says what it was."""
    done, value = outcome
    if not done:
        import traceback

        value.add_note("In the child process:\n" + "".join(traceback.format_exception(value)).rstrip())
    try:
        payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        if not done:
            pickle.loads(payload)  # an exception whose class cannot be made again from its args
        return payload
    except Exception as exc:  # noqa: BLE001 - said in words instead
        said = f"{type(value).__name__}: {value}" if not done else f"a result of type {type(value).__name__}"
        return pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}; {said}")))


# --- a helper forked early ------------------------------------------------------------------------------------
#
# A child forked late shares every page of the parent's memory, and each page the parent writes while the child
# lives is copied first: at 150 MB (a one-article rebuild by the time its search index update can start) that cost
# the parent a tenth of a second, more than half of what the child saved it. A helper forked at the start of the
# command shares little, spends the time until its task in `warm` (imports) on the core the parent's own work
# leaves idle, and takes one task, sent pickled through a pipe (a module-level function and plain values: under
# a megabyte); its result comes back as `Ahead`'s does.


class _Helper(NamedTuple):
    pid: int
    tasks: int  # this process's end of the pipe the task goes through
    results: int  # and of the one its result comes back through


_helper: _Helper | None = None
_LENGTH = 8  # bytes of the length before a task
_TASK_PIPE = (
    1 << 20
)  # the task pipe's capacity: a task of the 10,000-article site is sent without waiting for the helper


def start_helper(warm: Callable[[], None]) -> None:
    """Fork the helper `ahead` will hand its task to (nothing where forking is not safe or possible)."""
    global _helper  # noqa: PLW0603 - one helper per process, taken by the first `ahead`
    if _helper is not None or threading.active_count() != 1 or not hasattr(os, "fork"):
        return
    tasks_in, tasks_out = os.pipe()
    results_in, results_out = os.pipe()
    with contextlib.suppress(OSError, AttributeError):  # Linux; elsewhere a large task waits for the helper's warm-up
        import fcntl

        fcntl.fcntl(tasks_out, fcntl.F_SETPIPE_SZ, _TASK_PIPE)
    serve = functools.partial(_serve, warm, tasks_in, results_out, os.getpid())
    forked = _fork(serve, (tasks_out, results_in))
    os.close(tasks_in)
    os.close(results_out)
    if forked is None:  # no process to spare: `ahead` forks when it is needed, or works here
        os.close(tasks_out)
        os.close(results_in)
        return
    _helper = _Helper(forked[0], tasks_out, results_in)  # owned before a held Ctrl-C can arrive
    _unblock(forked[1], stop_helper)


def stop_helper() -> None:
    """End the helper if no task took it (killed: it holds nothing but its imports). Also run at exit."""
    global _helper
    helper, _helper = _helper, None
    if helper is None:
        return
    os.close(helper.tasks)
    os.close(helper.results)
    with contextlib.suppress(ProcessLookupError):
        os.kill(helper.pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(helper.pid, 0)


atexit.register(stop_helper)


def _serve(warm: Callable[[], None], tasks: int, results: int, parent: int) -> None:  # pragma: no cover - the helper's
    with contextlib.suppress(Exception):
        warm()  # only a head start: the task imports what it needs anyway
    task = _receive(tasks, parent)
    if task is not None:
        _send(task, results)


def _to_helper(task: Callable[[], Any], pending: Ahead[Any]) -> bool:
    """Hand `task` to the waiting helper, if there is one and the task pickles; its result comes back to `pending`,
    which owns the helper from here (stopped with it, whatever happens while the task is sent)."""
    global _helper
    if _helper is None:
        return False
    try:
        payload = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - a closure, say: a child forked now takes it instead
        return False
    helper, _helper = _helper, None
    pending._pid, pending._pipe = helper.pid, helper.results
    try:
        with os.fdopen(helper.tasks, "wb") as pipe:  # written whole, then closed
            pipe.write(len(payload).to_bytes(_LENGTH, "little") + payload)
    except OSError:  # the helper is gone (killed): a child forked now takes the task instead
        pending._stop()
        return False
    except BaseException:
        pending._stop()
        raise
    return True


def _receive(fd: int, parent: int) -> Callable[[], Any] | None:  # pragma: no cover - the helper's
    """The helper's task, or None when its parent ends (or closes the pipe) without one."""
    data = bytearray()
    wanted = _LENGTH
    waiting = select.poll()  # not select.select: a process may hold descriptors past 1024
    waiting.register(fd, select.POLLIN)
    while len(data) < wanted:
        if not waiting.poll(1000):
            if os.getppid() != parent:
                return None  # the parent is gone (killed): no task will come
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return None
        data += chunk
        if wanted == _LENGTH and len(data) >= _LENGTH:
            wanted += int.from_bytes(data[:_LENGTH], "little")
    task: Callable[[], Any] = pickle.loads(bytes(data[_LENGTH:wanted]))  # sent by this process's parent
    return task
