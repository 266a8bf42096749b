"""Progress on stderr: a bar per stage on a terminal (tqdm), timed lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Any, Optional

import click

from ..progress import Progress

__all__ = ["progress_for"]


class _BarProgress(Progress):
    """A progress bar per stage on a terminal (tqdm), notes above it."""

    def __init__(self) -> None:
        from tqdm import tqdm

        self._tqdm = tqdm
        self.bar: Any = None

    def stage(self, name: str, total: Optional[int] = None) -> None:
        self.close()
        self.bar = self._tqdm(
            total=total,
            desc=f"newsreuse: {name}",
            file=sys.stderr,
            leave=False,
            dynamic_ncols=True,
            mininterval=0.3,
            bar_format=None if total else "{desc}...",
        )

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def note(self, message: str) -> None:
        self._tqdm.write(f"newsreuse: {message}", file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class _LineProgress(Progress):
    """Plain lines on stderr when it is not a terminal (a log, a CI job): one per stage and note,
    with the time since the start."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def _say(self, message: str) -> None:
        click.echo(f"newsreuse: [{time.monotonic() - self.start:7.1f}s] {message}", err=True)

    def stage(self, name: str, total: Optional[int] = None) -> None:
        self._say(name + (f" ({total:,})" if total else ""))

    def note(self, message: str) -> None:
        self._say(message)


def progress_for(quiet: bool) -> Optional[Progress]:
    """What the run shows on stderr: nothing with --quiet, a bar on a terminal, else lines."""
    if quiet:
        return None
    return _BarProgress() if sys.stderr.isatty() else _LineProgress()
