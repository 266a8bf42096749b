"""Python's cyclic garbage collector paused while newsreuse computes.

The pipeline builds millions of small containers that live for a whole stage (each prepared
article's stems and its units' word sets, passages, pairs) and makes no reference cycles of
note: everything it lets go is freed at once by reference counting. The cyclic collector, left
on, only rescans what lives: on the January 1916 front pages, 6% of a run's CPU time (and it
writes to every object it scans, so forked workers copy pages they would otherwise share). It
is paused while `detect` runs, or the fixtures generator builds, and restored after: as it
was, however the work ends, and only when the last of several overlapping pauses (threads)
ends. Worker processes forked meanwhile start with it paused.
"""

from __future__ import annotations

import functools
import gc
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

__all__ = ["paused", "while_paused"]

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.Lock()
_depth = 0
_was_enabled = False


def _forked() -> None:
    """In a child forked during a pause: the collector stays as the child found it (paused,
    for a worker of the run), and the child's own pauses count from none."""
    global _lock, _depth, _was_enabled
    _lock, _depth, _was_enabled = threading.Lock(), 0, False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic garbage collector off inside the block (on again after it if it was on
    before the first of the overlapping blocks began)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def while_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn` run with the collector paused (see `paused`)."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return fn(*args, **kwargs)

    return run
