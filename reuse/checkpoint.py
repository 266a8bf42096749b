"""Work kept on disk so that a long run that stops (killed, out of time, a machine restarted)
picks up where it stopped: the candidate pairs, and each finished step of alignment and of
attribution.

A `Checkpoint` is a folder named by a key of the work (the code, the settings, the articles,
the pairs given): a run over other articles, settings or code never reads another run's work.
Each item is one pickle, written to a temporary name and renamed, so a file that exists was
written whole. A step is named by the run of pairs it covers, so a run with another number of
jobs (which cuts the pairs into other steps) computes its steps again rather than reading the
wrong ones. The folder is kept after the run (a run in another format reads it instead of
computing again); delete it when done.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Optional, TypeVar, Union, overload

from .errors import InputError
from .parallel import iter_steps

__all__ = ["Checkpoint", "kept_steps"]

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger(__name__)

# Bumped when what a checkpoint holds changes shape.
_VERSION = 1


class Checkpoint:
    """A folder of kept work, `folder/<key>`: `key` names the work (see `Checkpoint.for_work`)."""

    def __init__(self, folder: Union[str, os.PathLike[str]], key: str) -> None:
        self.folder = Path(folder)
        self.root = self.folder / key
        self._broken: Optional[str] = None  # why nothing more can be kept, once a write failed

    def check(self) -> None:
        """Make the folder and try a write there, before any work: InputError naming the
        folder and the reason when work cannot be kept in it."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=self.root):
                pass
        except OSError as exc:
            raise InputError(
                f"{self.folder}: the run's work cannot be kept there "
                f"({exc.strerror or exc}); give --checkpoint a folder you can write to"
            ) from exc

    @classmethod
    def for_work(
        cls, folder: Union[str, os.PathLike[str]], header: Iterable[Any], parts: Iterable[bytes]
    ) -> Checkpoint:
        """The checkpoint in `folder` of the work described by `header` (JSON-ready: the
        settings, the engine) and `parts` (bytes that name the input: the articles' records
        or digests), made by this code (`reuse.digest.parts_key`)."""
        from . import __version__
        from .digest import parts_key

        return cls(folder, parts_key(parts, [_VERSION, __version__, *header]))

    def _path(self, name: str) -> Path:
        return self.root / f"{name}.pickle"

    def has(self, name: str) -> bool:
        return self._path(name).is_file()

    def load(self, name: str) -> Any:
        """The item `name`, or None when it was not kept or cannot be read back (it is then
        computed again)."""
        try:
            with open(self._path(name), "rb") as f:
                return pickle.load(f)
        except FileNotFoundError:
            return None
        except Exception as exc:  # noqa: BLE001 - kept work is only a shortcut
            log.warning("%s: cannot read it back (%s); computing it again", self._path(name), exc)
            return None

    def save(self, name: str, value: Any) -> None:
        """Keep `value` as `name`: written whole, or not at all. Kept work is a shortcut, not
        the run's result: when it cannot be written (a full disk, a folder removed), a warning
        says so once and the run goes on without keeping more."""
        if self._broken is not None:
            return
        tmp: Optional[str] = None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=f".{name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self._path(name))
        except OSError as exc:
            self._broken = str(exc)
            log.warning(
                "%s: cannot keep the run's work (%s); the run goes on without keeping more",
                self.root,
                exc,
            )
        finally:
            if tmp is not None:  # gone already when it was moved into place
                Path(tmp).unlink(missing_ok=True)


class _Subset(Sequence[T]):
    """The steps of `steps` at positions `at`, made when asked for."""

    def __init__(self, steps: Sequence[T], at: list[int]) -> None:
        self._steps, self._at = steps, at

    def __len__(self) -> int:
        return len(self._at)

    @overload
    def __getitem__(self, k: int) -> T: ...

    @overload
    def __getitem__(self, k: slice) -> Sequence[T]: ...

    def __getitem__(self, k: Union[int, slice]) -> Union[T, Sequence[T]]:
        if isinstance(k, slice):
            return [self._steps[self._at[j]] for j in range(*k.indices(len(self)))]
        return self._steps[self._at[k]]


def kept_steps(
    checkpoint: Optional[Checkpoint],
    names: Sequence[str],
    fn: Callable[[S, T], R],
    steps: Sequence[T],
    jobs: int,
    state: S,
    done: Optional[Callable[[int], None]] = None,
    what: str = "a stage",
    *,
    ahead: Optional[int] = None,
) -> Iterator[R]:
    """`iter_steps(fn, steps, ...)`, with each step's result kept in `checkpoint` under its
    name in `names` as it comes; a step kept by an earlier run is read, not computed. Without
    a checkpoint, `iter_steps` itself."""
    if checkpoint is None:
        yield from iter_steps(fn, steps, jobs, state, done, what, ahead=ahead)
        return
    todo = [k for k, name in enumerate(names) if not checkpoint.has(name)]
    fresh = iter_steps(
        fn,
        _Subset(steps, todo),
        jobs,
        state,
        done=(lambda t: done(todo[t])) if done else None,
        what=what,
        ahead=ahead,
    )
    waiting = set(todo)
    for k, name in enumerate(names):
        if k in waiting:
            result = next(fresh)
            checkpoint.save(name, result)
        else:
            result = checkpoint.load(name)
            if result is None:  # gone or unreadable since it was seen: computed here
                result = fn(state, steps[k])
                checkpoint.save(name, result)
            if done:
                done(k)
        yield result
        del result
