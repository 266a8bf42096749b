"""Run a stage's independent steps on all cores, with results identical to one core.

Stages are shaped as functions over groups of articles (or of candidate pairs) that read shared,
read-only state and return small results. Here they run in worker processes forked after the
shared state is set, so the corpus is not pickled to every worker; a distributed engine could run
the same functions over partitions.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Sequence, TypeVar

__all__ = ["default_jobs", "shared", "map_steps"]

T = TypeVar("T")
R = TypeVar("R")

_SHARED: dict[str, Any] = {}


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def shared() -> dict[str, Any]:
    """The read-only state of the stage being run (inside a worker or in-process)."""
    return _SHARED


def _fork_context() -> Any:
    try:
        return mp.get_context("fork")
    except ValueError:
        return None


def map_steps(fn: Callable[[T], R], steps: Sequence[T], jobs: int, state: dict[str, Any]) -> list[R]:
    """`[fn(step) for step in steps]`, on `jobs` processes when that helps, in order.

    `state` is visible to `fn` through `shared()`. Without the fork start method (or with one
    job, or one step) everything runs in this process.
    """
    global _SHARED
    _SHARED = state
    try:
        ctx = _fork_context()
        if jobs <= 1 or len(steps) <= 1 or ctx is None:
            return [fn(step) for step in steps]
        with ProcessPoolExecutor(max_workers=min(jobs, len(steps)), mp_context=ctx) as pool:
            return list(pool.map(fn, steps))
    finally:
        _SHARED = {}
