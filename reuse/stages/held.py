"""Work kept on disk between stages, in temporary folders that go with the run: the prepared
documents the candidate stage hands to alignment (`PreparedStore`), and the folders that hold
such work (`HeldFolder`), locked while their run lives so that a killed run's are found and
removed."""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Sequence
from typing import Any, Optional

from ..model import Article
from .prepare import Document, unpack

try:  # locks tell a live store's folder from a killed run's (POSIX)
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = ["PreparedStore", "HeldFolder"]


class PreparedStore:
    """Prepared documents kept on disk between stages: packed (`pack`) into files of a
    temporary folder, looked up by article index. The candidate stage's workers write them as
    they prepare the articles; alignment's workers read the ones they need, so that no process
    holds them all in memory. The store only spares work: a document it could not write or
    read back is prepared again by whoever needs it.

    The folder goes with `close()` (or when the store is collected, in the process that made
    it). While the store lives, its process (and the workers it forks) hold a lock on a file
    in the folder; a folder whose lock nobody holds was left by a run that was killed (`kill
    -9`, or SIGTERM in a library process with no handler for it), and goes when the next store
    is made in the same temporary directory."""

    # Bytes a character of text takes packed (about 4.6 measured on OCR pages and on news).
    BYTES_PER_CHAR = 6
    PREFIX = "newsreuse-prepared-"
    _LOCK = "lock"

    def __init__(self) -> None:
        self._held = HeldFolder(self.PREFIX)
        self.folder = self._held.folder
        self.where: dict[int, tuple[str, int, int]] = {}

    @classmethod
    def with_room(cls, chars: int) -> Optional[PreparedStore]:
        """A store, if the temporary folder's disk has room for the documents of `chars`
        characters of text with three quarters of its free space to spare; else None."""
        try:
            free = shutil.disk_usage(tempfile.gettempdir()).free
            return cls() if chars * cls.BYTES_PER_CHAR * 4 <= free else None
        except OSError:  # no temporary directory to write in: nothing is kept
            return None

    @staticmethod
    def write(folder: str, name: str, blobs: Sequence[Optional[bytes]]) -> list[int]:
        """Write `blobs` (None for a document that could not be prepared) one after another
        into a new file `name` of `folder`; returns their start offsets and the end of the
        last (one more number than blobs; a None takes no bytes). When the file cannot be
        written (a full disk), returns no offsets: those documents are prepared again."""
        offsets = [0]
        try:
            with open(os.path.join(folder, name), "wb") as f:
                for blob in blobs:
                    if blob:
                        f.write(blob)
                    offsets.append(offsets[-1] + len(blob or b""))
        except OSError:
            return []
        return offsets

    def add(self, name: str, first: int, offsets: Sequence[int]) -> None:
        """Record the file `name` written by `write`, its blobs numbered from `first`."""
        path = os.path.join(self.folder, name)
        for k, (start, end) in enumerate(zip(offsets[:-1], offsets[1:])):
            if end > start:
                self.where[first + k] = (path, start, end)

    def keep_only(self, wanted: set[int]) -> None:
        self.where = {k: v for k, v in self.where.items() if k in wanted}

    def __contains__(self, index: object) -> bool:
        return index in self.where

    def document(self, index: int, article: Article) -> Optional[Document]:
        """The document of article `index`, or None when it is not in the store or cannot be
        read back (its file gone or damaged): the caller then prepares the article."""
        if index not in self.where:
            return None
        path, start, end = self.where[index]
        try:
            with open(path, "rb") as f:
                f.seek(start)
                blob = f.read(end - start)
            return unpack(blob, article) if len(blob) == end - start else None
        except Exception:  # noqa: BLE001 - a cache: whatever went wrong, prepare it again
            return None

    def close(self) -> None:
        self.where = {}
        self._held.close()


class HeldFolder:
    """A temporary folder (in TMPDIR, its name starting with `prefix`) that the process making
    it holds a lock on (a file `lock` in it) while it lives; forked workers inherit the lock.
    It goes with `close()` or when collected in the process that made it; a folder of the same
    prefix whose lock nobody holds was left by a killed run and goes when the next is made."""

    LOCK = "lock"

    def __init__(self, prefix: str) -> None:
        _remove_orphans(prefix)
        self.folder = tempfile.mkdtemp(prefix=prefix)
        self._lock = _locked(os.path.join(self.folder, self.LOCK))
        self._remove = weakref.finalize(self, _remove_folder, self.folder, os.getpid(), self._lock)

    def close(self) -> None:
        self._remove()


def _locked(path: str) -> Optional[Any]:
    """`path` opened and locked (flock, exclusive) for as long as the file stays open; None
    where locks are not to be had (then the folder is never taken for an orphan's)."""
    if fcntl is None:
        return None
    f = open(path, "wb")  # held open for the store's life
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        return None
    return f


def _remove_folder(folder: str, owner: int, lock: Optional[Any]) -> None:
    if os.getpid() != owner:  # a worker process forked with the store
        return
    shutil.rmtree(folder, ignore_errors=True)
    if lock is not None:
        lock.close()


def _remove_orphans(prefix: str) -> None:
    """Remove the folders of `prefix` nobody holds the lock of: their runs were killed. A
    folder with no lock file (being made this instant, or made where locks cannot be had) is
    left."""
    if fcntl is None:
        return
    try:
        top = tempfile.gettempdir()
        names = [n for n in os.listdir(top) if n.startswith(prefix)]
    except OSError:
        return
    for name in names:
        folder = os.path.join(top, name)
        try:
            with open(os.path.join(folder, HeldFolder.LOCK), "rb") as f:
                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # held by a running store, not ours, or gone meanwhile
            continue
