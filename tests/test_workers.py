"""The worker-pool helper: same results as serial work, and no fork from a threaded process."""

from __future__ import annotations

import threading

from generator import workers


def _square_all(offset: int, chunk: list[int]) -> list[int]:
    return [offset + n * n for n in chunk]


def test_chunks_give_the_serial_results() -> None:
    chunks = [[1, 2], [3], [4, 5, 6]]
    parts = workers.run_chunks(_square_all, chunks, workers=2, init=workers.same, arg=100)
    assert sorted(n for part in parts for n in part) == [101, 104, 109, 116, 125, 136]


def test_a_threaded_process_starts_workers_from_a_fork_server() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert workers.start_method() == "forkserver"
        parts = workers.run_chunks(_square_all, [[2], [3]], workers=2, init=workers.same, arg=0)
        assert sorted(n for part in parts for n in part) == [4, 9]
    finally:
        stop.set()
        thread.join()


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

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    seen = tmp_path / "pid"
    try:
        workers.in_background(lambda: seen.write_text(str(os.getpid()), encoding="utf-8"))
        assert int(seen.read_text(encoding="utf-8")) == os.getpid()
    finally:
        stop.set()
        thread.join()


def test_meanwhile_gets_the_first_chunks_while_the_rest_are_queued() -> None:
    """render_all builds the search index from the article pages while the list pages render."""
    seen: list[list[list[int]]] = []
    chunks = [[1], [2], [3], [4], [5]]
    parts = workers.run_chunks(_square_all, chunks, workers=2, init=workers.same, arg=0, first=2, meanwhile=seen.append)
    assert len(seen) == 1 and sorted(n for part in seen[0] for n in part) == [1, 4]
    assert sorted(n for part in parts[:2] for n in part) == [1, 4]  # the first chunks' results come first
    assert sorted(n for part in parts for n in part) == [1, 4, 9, 16, 25]


def test_a_fork_that_fails_does_the_work_here(tmp_path, monkeypatch) -> None:
    """A pids limit or strict overcommit must not fail the build: the cache is then written inline."""
    import os

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(workers.os, "fork", no_fork)
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    seen = tmp_path / "pid"
    workers.in_background(lambda: seen.write_text(str(os.getpid()), encoding="utf-8"))
    assert int(seen.read_text(encoding="utf-8")) == os.getpid() and not workers._forked
