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


def test_after_the_block_blocks_of_a_few_megabytes_still_reuse_freed_memory():
    """Setting a threshold stops glibc adjusting it: the block leaves them where glibc's adjustment would have
    (an 8 MB array made again and again is not mapped afresh each time, as it would be at glibc's 128 KB start)."""
    with heap.reusing_freed_memory():
        pass
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(64):
        block = bytearray(8 << 20)
        del block
    pages = (8 << 20) // resource.getpagesize()
    assert resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before < 4 * pages  # afresh: 64 * pages


class _RefusingLibc:
    """A glibc that refuses the high mapping threshold (an older one caps it at 32 MB)."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def mallopt(self, option: int, value: int) -> int:
        self.calls.append((option, value))
        return 0 if option == heap._M_MMAP_THRESHOLD and value > 32 << 20 else 1

    def malloc_trim(self, pad: int) -> int:
        self.calls.append((0, pad))
        return 1


def test_a_refused_threshold_changes_nothing(monkeypatch):
    libc = _RefusingLibc()
    monkeypatch.setattr(heap, "_glibc", lambda: libc)
    with heap.reusing_freed_memory():
        pass
    # the trim threshold alone would map every block afresh: neither it nor a restore follows the refusal
    assert libc.calls == [(heap._M_MMAP_THRESHOLD, heap._KEPT_MAPPING_BELOW)]
    assert heap._depth == 0
