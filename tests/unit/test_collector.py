"""The cyclic garbage collector is paused while the pipeline runs, and restored after."""

from __future__ import annotations

import gc
import threading

import pytest

import reuse
from reuse import collector
from reuse.collector import paused, while_paused
from reuse.fixtures import generate
from reuse.parallel import map_steps
from reuse.progress import Progress


@pytest.fixture(autouse=True)
def _collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_restored_after_even_on_error() -> None:
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError):
        with paused():
            raise KeyError("x")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_overlapping_pauses_restore_when_the_last_ends() -> None:
    """Two threads' runs overlap: the collector comes back when the second ends, not when the
    first does."""
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = []

    def first() -> None:
        with paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with paused():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.isenabled())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == [False]
    assert gc.isenabled()


def test_while_paused_keeps_the_function_and_its_result() -> None:
    @while_paused
    def add(a: int, b: int = 1) -> tuple[int, bool]:
        """Adds."""
        return a + b, gc.isenabled()

    assert add(2, b=3) == (5, False)
    assert add.__doc__ == "Adds." and add.__name__ == "add"
    assert gc.isenabled()


def _collector_state(_state: None, _step: int) -> bool:
    return gc.isenabled()


def test_workers_forked_during_a_pause_start_with_it_paused() -> None:
    with paused():
        assert map_steps(_collector_state, [1, 2, 3, 4], 2, None) == [False] * 4
    assert gc.isenabled()


class _Watch(Progress):
    def __init__(self) -> None:
        self.states: list[bool] = []

    def stage(self, name: str, total: int | None = None) -> None:
        self.states.append(gc.isenabled())


def test_detect_runs_with_the_collector_paused_and_restores_it(seeds_dir) -> None:
    watch = _Watch()
    report = reuse.detect(seeds_dir, jobs=1, progress=watch)
    assert report.matches
    assert watch.states and not any(watch.states)
    assert gc.isenabled()


def _cyclic_garbage_of_a_run(n_articles: int) -> int:
    """Unreachable objects in reference cycles that a run over `n_articles` generated
    articles leaves behind (what only the cyclic collector can free)."""
    articles = generate(n_articles, seed=3).articles
    gc.collect()
    with paused():
        reuse.detect(articles, jobs=1)
        return gc.collect()


def test_the_pipeline_makes_no_cycles_that_grow_with_the_corpus() -> None:
    """What a paused collector leaves unfreed stays small and does not grow with the corpus:
    the pipeline's objects are freed by reference counting alone."""
    _cyclic_garbage_of_a_run(20)  # what the first run makes once (imports, caches)
    small, large = _cyclic_garbage_of_a_run(60), _cyclic_garbage_of_a_run(240)
    assert large <= small + 100, (small, large)
    assert large < 500, large


def _pause_in_worker(_state: None, _step: int) -> tuple[int, bool]:
    with paused():
        pass
    return collector._depth, gc.isenabled()


def test_a_forked_worker_counts_its_own_pauses_from_none() -> None:
    """A worker forked during a pause does not inherit the parent's count: its own pauses end
    with none open, and the collector as the worker found it (paused)."""
    with paused():
        assert map_steps(_pause_in_worker, [1, 2, 3], 2, None) == [(0, False)] * 3
    assert collector._depth == 0 and gc.isenabled()
