"""Run a stage's independent steps on all cores, with results identical to one core.

A stage is a function `fn(state, step)` over steps (groups of articles, of candidate pairs,
bands) that reads a stage's state (a typed, read-only object: the corpus, the settings, the
corpus statistics) and returns a small, typed result. `map_steps` (`iter_steps`) runs the steps here or in
worker processes forked with the state, so the corpus is not pickled to every worker: the state
reaches each worker through its start-up arguments, not through a global of the main process. A
distributed engine could run the same functions over partitions.

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
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Optional, TypeVar

from .errors import RunError, SettingsError

__all__ = ["default_jobs", "map_steps", "iter_steps", "check_jobs", "chunks"]

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1
# The state of the stage a worker process serves, set once by its start-up function. It is
# never set in the main process, which hands the state to `fn` itself.
_WORKER_STATE: Any = None


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
        raise SettingsError(
            f"jobs must be a whole number of at least 1 (or None for all cores), got {jobs!r}"
        )
    return jobs


def chunks(n: int, size: int) -> list[tuple[int, int]]:
    """[lo, hi) bounds cutting `range(n)` into steps of `size`."""
    return [(lo, min(lo + size, n)) for lo in range(0, n, size)]


def _fork_context() -> Any:
    try:
        return mp.get_context("fork")
    except ValueError:
        return None


def _worker_start(state: Any) -> None:
    """Set up a worker with its stage's state. Ctrl-C reaches the whole terminal's process group, but only the main
    process decides what to do about it; SIGTERM ends the worker at once; and on Linux the kernel
    sends SIGTERM when the main process dies (even by SIGKILL), so no worker is orphaned."""
    global _WORKER_STATE
    _WORKER_STATE = state
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


def _in_worker(fn: Callable[[Any, T], R], step: T) -> R:
    return fn(_WORKER_STATE, step)


def map_steps(
    fn: Callable[[S, T], R],
    steps: Sequence[T],
    jobs: int,
    state: S,
    done: Optional[Callable[[int], None]] = None,
    what: str = "a stage",
) -> list[R]:
    """`[fn(state, step) for step in steps]`, on `jobs` processes when that helps, in order
    (see `iter_steps`)."""
    return list(iter_steps(fn, steps, jobs, state, done, what, ahead=len(steps)))


def iter_steps(
    fn: Callable[[S, T], R],
    steps: Sequence[T],
    jobs: int,
    state: S,
    done: Optional[Callable[[int], None]] = None,
    what: str = "a stage",
    *,
    ahead: Optional[int] = None,
) -> Iterator[R]:
    """`fn(state, step)` for each step, yielded in order as they are ready, on `jobs` processes
    when that helps. At most `ahead` (default `jobs`) steps are handed out ahead of the one the
    caller is given: a caller that folds the results as they come holds no more than that many
    of them, and steps made when asked for (a lazy sequence) are made no sooner. More than
    `jobs` keeps the workers busy when steps take unequal times.

    The workers are forked with `state` (never pickled: with the fork start method a worker
    starts with the main process's memory). `done(k)` is called as step k finishes (in order),
    for progress. Without the fork start method (or with one job, or one step) everything runs
    in this process.

    Raises:
        RunError: a worker process died (killed by a signal or by the kernel for lack of
            memory); `what` names the stage in the message.
    """
    ctx = _fork_context()
    if jobs <= 1 or len(steps) <= 1 or ctx is None:
        for k, step in enumerate(steps):
            result = fn(state, step)
            if done:
                done(k)
            yield result
        return
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(steps)),
        mp_context=ctx,
        initializer=_worker_start,
        initargs=(state,),
    )
    try:
        # Futures are awaited in order by hand: `pool.map` cancels what is pending when the
        # wait is interrupted, and the pool's own thread then fails on the cancelled futures.
        ahead = min(ahead or jobs, len(steps))
        futures = deque(pool.submit(_in_worker, fn, step) for step in steps[:ahead])
        for k in range(len(steps)):
            result = futures.popleft().result()
            if k + ahead < len(steps):
                futures.append(pool.submit(_in_worker, fn, steps[k + ahead]))
            if done:
                done(k)
            yield result
            del result
    except BrokenProcessPool as exc:
        _abandon(pool)
        raise RunError(
            f"a worker process died during {what} (killed by a signal, or by the "
            "system for lack of memory); no report was made. Run again with "
            "fewer --jobs, on a smaller corpus, or with more memory"
        ) from exc
    except BaseException:
        # An interrupt, SIGTERM, an error, or the caller leaving early (GeneratorExit): the
        # workers must not run on (nor be waited for).
        _abandon(pool)
        raise
    pool.shutdown(wait=True)


# Seconds to wait for an abandoned pool's manager thread to see its workers gone.
_MANAGER_SECONDS = 5.0


def _abandon(pool: ProcessPoolExecutor) -> None:
    """Stop `pool`'s workers without waiting for their work, and let its manager thread (which
    notices them gone at once) end before the caller goes on. On Python 3.11 the pool's exit
    hook may otherwise wake that thread just as the thread closes its pipe, and the process
    ends printing a traceback ("Exception ignored ... Bad file descriptor")."""
    manager = getattr(pool, "_executor_manager_thread", None)
    _stop_workers()
    pool.shutdown(wait=False)
    if isinstance(manager, threading.Thread) and manager is not threading.current_thread():
        manager.join(timeout=_MANAGER_SECONDS)
