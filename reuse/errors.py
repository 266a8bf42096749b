"""Errors raised by newsreuse.

Every message says what was wrong, where (file, line or article id) and what to do.
"""

from __future__ import annotations

__all__ = [
    "ReuseError",
    "InputError",
    "SettingsError",
    "ReportFormatError",
    "OutputError",
    "RunError",
]


class ReuseError(Exception):
    """Base class of every error newsreuse raises on purpose."""


class InputError(ReuseError):
    """A corpus file or article cannot be read as given."""


class SettingsError(ReuseError, ValueError):
    """A setting is outside its allowed range."""


class ReportFormatError(ReuseError):
    """A report cannot be written or read in the requested format."""


class OutputError(ReportFormatError):
    """A report cannot be written where it was asked to go: a missing or read-only folder, a full
    disk, or a path that is one of the run's inputs. Raised before the run where that can be
    known, so minutes of work are not lost to a typo in the output path."""


class RunError(ReuseError):
    """The run could not go on for a reason outside the input: a worker process died (killed,
    out of memory). Nothing is written; the message says what to try."""
