"""What the stages decide about one article pair, recorded as they decide it, for
`reuse.explain`.

A stage calls `note(event, ...)` where it keeps or drops something; outside `recording()` that
is a no-op (one context-variable read), so `report` pays nothing for it and `explain` runs the
very code `report` runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Optional

__all__ = ["recording", "note", "active"]

_events: ContextVar[Optional[list[dict[str, Any]]]] = ContextVar("reuse_trace", default=None)


@contextmanager
def recording() -> Iterator[list[dict[str, Any]]]:
    """Record the events noted inside the block into the list it yields."""
    events: list[dict[str, Any]] = []
    token = _events.set(events)
    try:
        yield events
    finally:
        _events.reset(token)


def active() -> bool:
    """Whether events are being recorded (to spare computing what only a trace needs)."""
    return _events.get() is not None


def note(event: str, **values: Any) -> None:
    """Record `event` with its values, when recording."""
    events = _events.get()
    if events is not None:
        events.append({"event": event, **values})
