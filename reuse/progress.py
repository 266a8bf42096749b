"""What a long run says as it goes: stages, and steps done within a stage.

The library says nothing unless given a `Progress`; the command line shows a bar on a terminal
and plain lines otherwise. A plain callable taking a message is accepted too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Optional, Union

__all__ = ["Progress", "as_progress"]


class Progress:
    """Receives the run's progress. Subclass it and override what you need."""

    def stage(self, name: str, total: Optional[int] = None) -> None:
        """A stage starts; `total` steps will follow (None when unknown)."""

    def advance(self, n: int = 1) -> None:
        """`n` more steps of the current stage are done."""

    def note(self, message: str) -> None:
        """A stage's outcome in a few words ("412 candidate pairs")."""

    def close(self) -> None:
        """The run is over (or stopped)."""


class _Messages(Progress):
    """Stages and notes as messages to a callable (the older, simpler interface)."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say

    def note(self, message: str) -> None:
        self.say(message)


def as_progress(progress: Union[Progress, Callable[[str], None], None]) -> Progress:
    """A `Progress` for whatever the caller gave: itself, a callable of messages, or nothing."""
    if progress is None:
        return Progress()
    if isinstance(progress, Progress):
        return progress
    return _Messages(progress)
