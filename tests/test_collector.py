"""The cyclic garbage collector: paused for a build's run, running again in the workers it forks."""

from __future__ import annotations

import gc

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


def test_a_process_that_ends_with_its_build_leaves_the_collector_off(monkeypatch) -> None:
    monkeypatch.setattr(collector, "_ending", False)  # put back after the test: this process goes on
    collector.ending()
    try:
        with collector.paused():
            with collector.paused():
                pass
            assert not gc.isenabled()
        assert not gc.isenabled()  # the process ends now: nothing is collected on the way out
    finally:
        gc.enable()
    monkeypatch.setattr(collector, "_ending", False)
    with collector.paused():  # control: a process that goes on collects again after its build
        pass
    assert gc.isenabled()
