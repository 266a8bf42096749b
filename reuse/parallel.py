"""Run a stage's independent steps on all cores, with results identical to one core.

Stages are shaped as functions over groups of articles (or of candidate pairs) that read shared,
read-only state and return small results. Here they run in worker processes forked after the
shared state is set, so the corpus is not pickled to every worker; a distributed engine could run
the same functions over partitions.

Workers never outlive the run: they ignore Ctrl-C (the main process decides), ask the kernel to
end them when the main process dies, however it dies, and are terminated when the main process
stops early (an interrupt, SIGTERM, an error). A worker that dies (killed, out of memory) ends
the run with `RunError`, never with a hang or a traceback.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing as mp
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Optional, Sequence, TypeVar

from .errors import RunError, SettingsError

__all__ = ["default_jobs", "shared", "map_steps", "check_jobs"]

T = TypeVar("T")
R = TypeVar("R")

_SHARED: dict[str, Any] = {}
_PR_SET_PDEATHSIG = 1


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_jobs(jobs: object) -> int:
    """`jobs` as a number of worker processes, or SettingsError naming the rule: a whole number
    of at least 1 (None means all cores)."""
    if jobs is None:
        return default_jobs()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise SettingsError(f"jobs must be a whole number of at least 1 (or None for all cores), "
                            f"got {jobs!r}")
    return jobs


def shared() -> dict[str, Any]:
    """The read-only state of the stage being run (inside a worker or in-process)."""
    return _SHARED


def _fork_context() -> Any:
    try:
        return mp.get_context("fork")
    except ValueError:
        return None


def _worker_start() -> None:
    """Set up a worker: Ctrl-C reaches the whole terminal's process group, but only the main
    process decides what to do about it; SIGTERM ends the worker at once; and on Linux the kernel
    sends SIGTERM when the main process dies (even by SIGKILL), so no worker is orphaned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass
        if os.getppid() == 1:  # the main process died before prctl took effect
            os._exit(1)


def _stop_workers() -> None:
    """Terminate and reap every worker of this process."""
    children = mp.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join(timeout=5)


def map_steps(fn: Callable[[T], R], steps: Sequence[T], jobs: int, state: dict[str, Any],
              done: Optional[Callable[[int], None]] = None, what: str = "a stage") -> list[R]:
    """`[fn(step) for step in steps]`, on `jobs` processes when that helps, in order.

    `state` is visible to `fn` through `shared()`. `done(k)` is called as step k finishes (in
    order), for progress. Without the fork start method (or with one job, or one step)
    everything runs in this process.

    Raises:
        RunError: a worker process died (killed by a signal or by the kernel for lack of
            memory); `what` names the stage in the message.
    """
    global _SHARED
    _SHARED = state
    try:
        ctx = _fork_context()
        if jobs <= 1 or len(steps) <= 1 or ctx is None:
            out = []
            for k, step in enumerate(steps):
                out.append(fn(step))
                if done:
                    done(k)
            return out
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(steps)), mp_context=ctx,
                                   initializer=_worker_start)
        try:
            # Futures are awaited in order by hand: `pool.map` cancels what is pending when the
            # wait is interrupted, and the pool's own thread then fails on the cancelled futures.
            futures = [pool.submit(fn, step) for step in steps]
            results = []
            for k, future in enumerate(futures):
                results.append(future.result())
                if done:
                    done(k)
        except BrokenProcessPool as exc:
            _stop_workers()
            pool.shutdown(wait=False)
            raise RunError(f"a worker process died during {what} (killed by a signal, or by the "
                           "system for lack of memory); no report was made. Run again with "
                           "fewer --jobs, on a smaller corpus, or with more memory") from exc
        except BaseException:
            # An interrupt, SIGTERM or an error: the workers must not run on (nor be waited for).
            _stop_workers()
            pool.shutdown(wait=False)
            raise
        pool.shutdown(wait=True)
        return results
    finally:
        _SHARED = {}
