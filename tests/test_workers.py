"""The worker-pool helper: same results as serial work, and no fork from a threaded process."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from generator import workers


def _square_all(offset: int, chunk: list[int]) -> list[int]:
    return [offset + n * n for n in chunk]


def test_chunks_give_the_serial_results() -> None:
    chunks = [[1, 2], [3], [4, 5, 6]]
    parts = workers.run_chunks(_square_all, chunks, workers=2, init=workers.same, arg=100)
    assert sorted(n for part in parts for n in part) == [101, 104, 109, 116, 125, 136]


@contextlib.contextmanager
def _another_thread() -> Iterator[None]:
    """This process with a second thread running (the dev server's case) for the length of the block."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def test_a_threaded_process_starts_workers_from_a_fork_server() -> None:
    with _another_thread():
        assert workers.start_method() == "forkserver"
        parts = workers.run_chunks(_square_all, [[2], [3]], workers=2, init=workers.same, arg=0)
        assert sorted(n for part in parts for n in part) == [4, 9]


def test_workers_follow_the_setting_and_the_threshold(monkeypatch) -> None:
    monkeypatch.setenv("SITEGEN_WORKERS", "3")
    assert workers.workers_for(workers.SERIAL_BELOW - 1) == 1
    assert workers.workers_for(workers.SERIAL_BELOW) == 3


def _write_slowly(path, text: str) -> None:
    import time

    time.sleep(0.3)
    path.write_text(text, encoding="utf-8")


def test_background_work_runs_in_a_child_and_is_waited_for(tmp_path) -> None:
    import os

    target = tmp_path / "cache.json"
    parent = os.getpid()
    seen = tmp_path / "pid"
    single = threading.active_count() == 1

    def task() -> None:
        seen.write_text(str(os.getpid()), encoding="utf-8")
        _write_slowly(target, "written")

    workers.in_background(task)
    if single:
        assert not target.exists()  # still being written while this process goes on
    workers.wait_background()
    assert target.read_text(encoding="utf-8") == "written"
    assert (int(seen.read_text(encoding="utf-8")) != parent) == single


def test_a_threaded_process_does_background_work_inline(tmp_path) -> None:
    """Control: with another thread running, no fork (it could inherit a held lock); the work is done at once."""
    import os

    seen = tmp_path / "pid"
    with _another_thread():
        workers.in_background(lambda: seen.write_text(str(os.getpid()), encoding="utf-8"))
        assert int(seen.read_text(encoding="utf-8")) == os.getpid()


def _negate_all(offset: int, chunk: list[int]) -> list[int]:
    return [offset - n for n in chunk]


def test_the_second_round_is_made_from_the_first_and_meanwhile_runs_beside_it() -> None:
    """render_all: the article bodies first, then the pages from them while the search index is built here."""
    seen: list[list[list[int]]] = []
    made: list[list[list[int]]] = []

    def then_chunks(done: list[list[int]]) -> list[list[int]]:
        made.append(done)
        return [[n] for part in done for n in part] + [[100]]

    started: list[int] = []

    def at_start() -> None:
        assert not made and not seen  # before the first round's results are in
        started.append(len(started))

    first, then = workers.run_phases(
        _square_all,
        [[1], [2, 3]],
        _negate_all,
        then_chunks,
        workers=2,
        init=workers.same,
        arg=0,
        meanwhile=seen.append,
        at_start=at_start,
    )
    assert started == [0]
    assert sorted(n for part in first for n in part) == [1, 4, 9]
    assert made == seen == [first]  # the second round's input and meanwhile's are the first round's results
    assert sorted(n for part in then for n in part) == [-100, -9, -4, -1]


def test_an_empty_first_round_goes_straight_to_the_second() -> None:
    """Control: a build without search has no texts to gather first; meanwhile still runs, with nothing."""
    seen: list[list[list[int]]] = []
    first, then = workers.run_phases(
        _square_all,
        [],
        _negate_all,
        lambda done: [[5], [6]],
        workers=2,
        init=workers.same,
        arg=0,
        meanwhile=seen.append,
    )
    assert first == [] and seen == [[]]
    assert sorted(n for part in then for n in part) == [-6, -5]


def test_a_fork_that_fails_does_the_work_here(tmp_path, monkeypatch) -> None:
    """A pids limit or strict overcommit must not fail the build: the cache is then written inline."""
    import os

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(workers.os, "fork", no_fork)
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    seen = tmp_path / "pid"
    workers.wait_background()  # a child an earlier test in this process left (a check's cache writer)
    workers.in_background(lambda: seen.write_text(str(os.getpid()), encoding="utf-8"))
    assert int(seen.read_text(encoding="utf-8")) == os.getpid() and not workers._forked


# --- ahead and the helper ---------------------------------------------------------------------------------------

_warmed = 0  # set by _warm in the process that ran it


def _single_threaded(monkeypatch) -> None:
    """Forks only from a process of one thread: this test process may hold others (a browser test's), which the
    children here never touch."""
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)


def _warm() -> None:
    global _warmed  # noqa: PLW0603 - what the helper did before its task, read back by the task
    import os

    _warmed = os.getpid()


def _where() -> tuple[int, int]:
    import os

    return os.getpid(), _warmed


def _refuse(text: str) -> None:
    from generator.errors import SitegenError

    raise SitegenError(text)


def _die() -> None:
    import os
    import signal

    os.kill(os.getpid(), signal.SIGKILL)


def _unpicklable() -> object:
    return threading.Lock()


def _gone(pid: int) -> bool:
    """Whether `pid` has ended (reaped, or a zombie its new parent has not reaped yet)."""
    from pathlib import Path

    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat[stat.rindex(")") + 2] in "ZX"


def test_ahead_computes_in_a_child_and_raises_its_errors(monkeypatch) -> None:
    import functools
    import os

    import pytest

    from generator.errors import SitegenError

    _single_threaded(monkeypatch)
    with workers.ahead(_where) as pending:
        pid, _ = pending.result()
    assert pid != os.getpid() and _gone(pid)
    with (
        workers.ahead(functools.partial(_refuse, "请重新构建")) as pending,
        pytest.raises(SitegenError, match="请重新构建"),
    ):
        pending.result()
    with workers.ahead(_die) as pending, pytest.raises(SitegenError, match="意外退出"):
        pending.result()  # killed without a result: an error, never a silent None
    with workers.ahead(_unpicklable) as pending, pytest.raises(RuntimeError, match="lock"):
        pending.result()
    with workers.ahead(_where, fork=False) as pending:
        assert pending.result()[0] == os.getpid()  # not worth a fork: done here


def test_a_block_left_without_the_result_stops_the_child(tmp_path, monkeypatch) -> None:
    import functools
    import time

    import pytest

    _single_threaded(monkeypatch)
    seen = tmp_path / "written"
    with pytest.raises(KeyError), workers.ahead(functools.partial(_write_slowly, seen, "late")) as pending:
        pid = pending._pid
        raise KeyError("the build failed meanwhile")
    assert pid and _gone(pid)
    time.sleep(0.6)
    assert not seen.exists()


def test_a_threaded_process_computes_ahead_here() -> None:
    import os

    with _another_thread(), workers.ahead(_where) as pending:
        assert pending.result()[0] == os.getpid()


def test_the_helper_warms_then_takes_one_task_and_a_closure_goes_to_a_fork(monkeypatch) -> None:
    import os

    _single_threaded(monkeypatch)
    workers.start_helper(_warm)
    assert workers._helper is not None
    helper = workers._helper.pid

    def closure() -> int:  # a local function does not pickle: a child forked now takes it
        return os.getpid()

    try:
        with workers.ahead(closure) as pending:
            assert pending.result() not in (helper, os.getpid())
        assert workers._helper is not None and workers._helper.pid == helper  # still waiting for its task
        with workers.ahead(_where) as pending:
            assert pending.result() == (helper, helper)  # warmed, then the task, in the helper
        assert workers._helper is None and _gone(helper)
        assert _warmed == 0  # the warming happened there, not here
    finally:
        workers.stop_helper()


def test_an_unused_helper_is_stopped_and_one_whose_parent_died_ends(monkeypatch) -> None:
    import subprocess
    import sys
    import time

    _single_threaded(monkeypatch)
    workers.start_helper(_warm)
    assert workers._helper is not None
    helper = workers._helper.pid
    workers.stop_helper()
    assert workers._helper is None and _gone(helper)
    # A parent killed before it gave the helper a task: the helper notices within a second or two and ends.
    script = (
        "import os, signal\n"
        "from generator import workers\n"
        "workers.start_helper(lambda: None)\n"
        "print(workers._helper.pid, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=30)
    orphan = int(run.stdout)
    deadline = time.monotonic() + 10
    while not _gone(orphan) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _gone(orphan)


def _write_late(path: str, delay: float) -> int:
    import time
    from pathlib import Path

    time.sleep(delay)
    Path(path).write_text("written late", encoding="utf-8")
    return 1


class _TwoArguments(Exception):
    def __init__(self, what: str, where: str):
        super().__init__(f"{what}：{where}")


def _raise_two_arguments() -> None:
    raise _TwoArguments("清除失败", "r/0.bin")


def _interrupt_at_the_fork(monkeypatch) -> list[int]:
    """A Ctrl-C arriving while a fork is made: held by the mask, delivered when the parent gives the mask back."""
    import os
    import signal

    forked: list[int] = []
    fork = os.fork

    def interrupted_fork() -> int:
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(workers.os, "fork", interrupted_fork)
    return forked


def test_a_ctrl_c_held_across_the_fork_stops_the_child_it_interrupts(tmp_path, monkeypatch) -> None:
    import functools
    import time

    import pytest

    _single_threaded(monkeypatch)
    forked = _interrupt_at_the_fork(monkeypatch)
    late = tmp_path / "late"
    with pytest.raises(KeyboardInterrupt), workers.ahead(functools.partial(_write_late, str(late), 0.5)):
        pass
    with pytest.raises(KeyboardInterrupt):
        workers.start_helper(_warm)
    monkeypatch.undo()
    assert len(forked) == 2 and all(_gone(pid) for pid in forked) and workers._helper is None
    time.sleep(0.8)
    assert not late.exists()


def test_a_ctrl_c_while_the_task_is_sent_stops_the_helper(monkeypatch) -> None:
    import functools
    import signal
    import time

    import pytest

    _single_threaded(monkeypatch)
    workers.start_helper(functools.partial(time.sleep, 3))  # warming: it reads no task for 3 s
    assert workers._helper is not None
    helper = workers._helper.pid

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        with pytest.raises(KeyboardInterrupt), workers.ahead(functools.partial(len, b"x" * (4 << 20))):
            pass  # a task larger than the pipe: its sending waits for the helper
    finally:
        signal.signal(signal.SIGALRM, old)
    assert workers._helper is None and _gone(helper)


def test_an_exception_that_cannot_be_made_again_comes_back_in_words(monkeypatch) -> None:
    import pytest

    _single_threaded(monkeypatch)
    with workers.ahead(_raise_two_arguments) as pending, pytest.raises(RuntimeError, match=r"清除失败：r/0\.bin"):
        pending.result()
    with workers.ahead(_refuse_noted) as pending, pytest.raises(Exception) as raised:
        pending.result()
    assert any("In the child process" in note and "_refuse_noted" in note for note in raised.value.__notes__)


def _refuse_noted() -> None:
    raise ValueError("子进程内的错误")


_STUCK = """
import functools, os, signal, sys
sys.path.insert(0, {tests!r})
from generator import workers
from test_workers import _write_late
{helper}
with workers.ahead(functools.partial(_write_late, {late!r}, 1.5)) as pending:
    print(os.getpid(), flush=True)
    {end}
"""


def test_a_build_killed_or_terminated_leaves_no_child_writing(tmp_path) -> None:
    """SIGTERM to the whole group (a cancelled CI job, `timeout`) or SIGKILL to the build alone (the OOM killer):
    the child or helper working for it ends with it, and writes nothing after."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    tests = Path(__file__).parent
    env = {**os.environ, "PYTHONPATH": str(tests.parent)}
    for helper in ("workers.start_helper(lambda: None)", ""):
        for group in (True, False):
            late = tmp_path / f"late-{bool(helper)}-{group}"
            code = _STUCK.format(tests=str(tests), late=str(late), helper=helper, end="pending.result()")
            build = subprocess.Popen(
                [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, start_new_session=True
            )
            assert build.stdout is not None and int(build.stdout.readline())
            time.sleep(0.3)
            if group:
                os.killpg(build.pid, signal.SIGTERM)
            else:
                os.kill(build.pid, signal.SIGKILL)
            build.wait()
            time.sleep(2)
            assert not late.exists(), (helper, group)
            # control: left alone, the same child writes
    late = tmp_path / "late-control"
    code = _STUCK.format(tests=str(tests), late=str(late), helper="", end="pending.result()")
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=False).returncode == 0
    assert late.exists()
