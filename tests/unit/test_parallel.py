"""`iter_steps` gives each step's result in order as it is ready, runs at most `jobs` steps
ahead of the caller, and stops its workers when the caller leaves early."""

from __future__ import annotations

import multiprocessing as mp
import os
import time

import pytest

from reuse.parallel import iter_steps, map_steps


def _square_with_pid(state: int, step: int) -> tuple[int, int]:
    time.sleep(0.01 * (step % 3))  # steps finish out of order
    return step * step + state, os.getpid()


def _started(state: str, step: int) -> int:
    with open(os.path.join(state, f"{step}"), "w"):
        pass
    time.sleep(0.2)
    return step


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_in_order_as_map_steps_gives_them(jobs: int) -> None:
    steps = list(range(12))
    got = list(iter_steps(_square_with_pid, steps, jobs, 1))
    assert [r for r, _ in got] == [s * s + 1 for s in steps]
    assert [r for r, _ in map_steps(_square_with_pid, steps, jobs, 1)] == [r for r, _ in got]
    if jobs > 1 and mp.get_start_method(allow_none=True) in (None, "fork"):
        assert {pid for _, pid in got} != {os.getpid()}  # run in workers


def test_steps_run_at_most_jobs_ahead_and_stop_when_the_caller_leaves(tmp_path) -> None:  # type: ignore[no-untyped-def]
    it = iter_steps(_started, list(range(20)), 2, str(tmp_path))
    assert next(it) == 0
    time.sleep(0.5)  # the workers have had time to start anything they were given
    started = {int(p.name) for p in tmp_path.iterdir()}
    assert started <= {0, 1, 2}  # the one given, and at most two ahead of it
    it.close()  # the caller leaves: the workers go
    deadline = time.monotonic() + 10
    while mp.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not mp.active_children()
    assert len(list(tmp_path.iterdir())) <= 3


def test_a_pool_left_early_has_its_manager_thread_ended_before_the_caller_goes_on(
    tmp_path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """A caller that leaves early (an interrupt, SIGTERM, an error) gets control back only once
    the pool's manager thread has seen its workers gone and closed its pipe: otherwise Python
    3.11's exit hook may write to that pipe as it closes, and the process ends printing a
    traceback. The manager thread is slowed here, so that its end is not left to chance."""
    import threading
    from concurrent.futures import process

    closing = process._ExecutorManagerThread.join_executor_internals

    def slowly(self):  # type: ignore[no-untyped-def]
        time.sleep(0.5)
        closing(self)

    monkeypatch.setattr(process._ExecutorManagerThread, "join_executor_internals", slowly)
    before = set(threading.enumerate())
    it = iter_steps(_started, list(range(20)), 2, str(tmp_path))
    assert next(it) == 0
    managers = [t for t in threading.enumerate() if t not in before]
    assert managers  # the pool's manager thread, at least
    it.close()
    assert not any(t.is_alive() for t in managers)
    assert not mp.active_children()
