"""Clocks a run can be given to time its stages (benchmarks do): wall and CPU seconds of each
stage, CPU including worker processes, and the sizes the stages report."""

from __future__ import annotations

import contextlib
import resource
import time
from collections.abc import Iterator
from typing import Any, Optional

__all__ = ["Clock", "RecordingClock"]


class Clock:
    """Times nothing: the default. A subclass records what it needs."""

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as stage `name`."""
        yield

    def count(self, name: str, value: int) -> None:
        """A size the run reports (articles, units, candidate pairs, matches)."""


class RecordingClock(Clock):
    """Records into `sink`: `sink[stage] = {"wall": s, "cpu": s}` and `sink["counts"][name]`."""

    def __init__(self, sink: Optional[dict[str, Any]] = None) -> None:
        self.sink: dict[str, Any] = {} if sink is None else sink

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), _cpu_seconds()
        yield
        self.sink[name] = {"wall": time.perf_counter() - wall, "cpu": _cpu_seconds() - cpu}

    def count(self, name: str, value: int) -> None:
        self.sink.setdefault("counts", {})[name] = value


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
