"""generator/heap.py: inside the block, a large allocation reuses what the last one freed (no fresh pages from the
kernel); outside it, and after it, each one gets fresh pages as before."""

from __future__ import annotations

import resource
import sys
import threading

import pytest

from generator import heap

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or heap._glibc() is None, reason="glibc's malloc only"
)

SIZE = 64 << 20  # above glibc's default threshold, below the block's


def _page_faults(rounds: int = 4) -> int:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(rounds):
        block = bytearray(SIZE)  # zero-filled: every page touched
        del block
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_freed_memory_is_reused_inside_the_block_only():
    pages = SIZE // resource.getpagesize()
    assert _page_faults() >= pages  # control: each allocation is mapped afresh
    with heap.reusing_freed_memory():
        _page_faults(1)  # the heap grows once
        assert _page_faults() < pages // 16
    assert _page_faults() >= pages  # the defaults are back


def test_nested_and_concurrent_blocks_keep_the_setting_until_the_last_ends():
    pages = SIZE // resource.getpagesize()
    entered, inner_done = threading.Event(), threading.Event()

    def other() -> None:
        with heap.reusing_freed_memory():
            entered.set()
            inner_done.wait(30)

    with heap.reusing_freed_memory():
        thread = threading.Thread(target=other)
        thread.start()
        assert entered.wait(30)
        with heap.reusing_freed_memory():
            pass
        _page_faults(1)
        assert _page_faults() < pages // 16  # the nested block's end did not restore the defaults
    assert heap._depth == 1  # the thread's block still runs
    inner_done.set()
    thread.join()
    assert heap._depth == 0
    assert _page_faults() >= pages
