"""The cyclic garbage collector: paused for a build's run, running again in the workers it forks."""

from __future__ import annotations

import gc
import weakref

from generator import collector, workers


def _collector_enabled(_: None, chunk: list[int]) -> list[bool]:
    return [gc.isenabled() for _ in chunk]


def test_paused_stops_collection_and_restores_it() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():  # nested: the outer block's pause stays
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_resume_collects_again_inside_a_pause_and_nothing_stays_frozen() -> None:
    with collector.paused():
        kept = [object() for _ in range(3)]
        collector.resume()
        assert gc.isenabled() and gc.get_freeze_count() > 0  # what was made before is out of the scans
    assert gc.isenabled() and gc.get_freeze_count() == 0 and kept
    collector.resume()  # control: outside a pause, it changes nothing
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_an_already_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with collector.paused():
            collector.resume()  # the caller wanted no collection: it stays so
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_workers_of_a_paused_parent_collect_their_own_garbage() -> None:
    with collector.paused():
        parts = workers.run_chunks(_collector_enabled, [[1], [2]], workers=2, init=workers.same, arg=None)
        assert not gc.isenabled()  # control: the parent's own pause is untouched (and a plain fork inherits it)
    assert [enabled for part in parts for enabled in part] == [True, True]


class _Node:
    me: _Node


def test_what_a_pause_leaves_is_old_and_its_cycles_are_still_collected() -> None:
    with collector.paused():
        kept = [_Node() for _ in range(1000)]
        cycle = _Node()
        cycle.me = cycle
        gone = weakref.ref(cycle)
        del cycle
    # Nothing left young for the first allocation after the block to scan: what it held is in the oldest generation.
    assert gc.get_count()[0] < 100
    assert any(obj is kept[0] for obj in gc.get_objects(generation=2))
    gc.collect()  # a full collection still frees the cycle the block left
    assert gone() is None
