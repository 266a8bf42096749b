"""One renderer per report format, chosen by name or guessed from the output path's suffix.

Each renderer module offers `write(report, path)`; the text-based ones also `render(report) -> str`.
CSV (a folder or a .zip) and SQLite are files, not text: they are only written, with -o.

Every writer is atomic (the previous report stays until the new one is complete) and turns an
`OSError` into `OutputError`; `check_output` says before a run whether a path will do (see
`output`). Every renderer writes lone surrogates as U+FFFD (see `common`), and the terminal
report strips control characters (`for_terminal`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ReportFormatError
from .formats import FORMATS, SUFFIXES, guess_format

if TYPE_CHECKING:
    from ..model import Report
    from .output import check_output, is_special
    from .text import for_terminal

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "SUMMARISED",
    "render",
    "write",
    "guess_format",
    "check_output",
    "for_terminal",
    "is_special",
]

# Format -> the module that renders it. Renderers are imported when a report is made, so that
# the command line's help does not wait for them.
_MODULES = {
    "text": "text",
    "json": "json_report",
    "html": "html",
    "markdown": "markdown",
    "csv": "csv_report",
    "sqlite": "sqlite_report",
    "passim": "passim",
    "parquet": "parquet_report",
}
_FILES_ONLY = frozenset(
    {"csv", "sqlite", "parquet"}
)  # written to a file or folder, never rendered as text
# Formats that summarise a large report unless asked for everything (`full`).
SUMMARISED = frozenset({"text", "markdown"})
_ELSEWHERE = {"check_output": "output", "is_special": "output", "for_terminal": "text"}

assert tuple(_MODULES) == FORMATS, "every format has a renderer, in the order of FORMATS"


def _module(fmt: str) -> Any:
    if fmt not in _MODULES:
        raise ReportFormatError(
            f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}"
        )
    return importlib.import_module(f".{_MODULES[fmt]}", __name__)


def __getattr__(name: str) -> Any:
    if name in _ELSEWHERE:
        return getattr(importlib.import_module(f".{_ELSEWHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render(report: Report, fmt: str, full: bool = False) -> str:
    """The report as text in format `fmt` (text, json, ...). The text and Markdown reports
    summarise (top stories, outlets, derivations) unless `full` asks for everything; the other
    formats always hold everything."""
    module = _module(fmt)
    if fmt in _FILES_ONLY:
        raise ReportFormatError(
            f"format {fmt!r} is written to a file or folder: give an output path with -o"
        )
    if fmt in SUMMARISED:
        out: str = module.render(report, full)
        return out
    fn: Callable[[Report], str] = module.render
    return fn(report)


def write(report: Report, fmt: str, path: Path | str, full: bool = False) -> None:
    """Write the report in format `fmt` to `path`, atomically: into a temporary next to it, then
    moved over it (`full` as for `render`), so an error or Ctrl-C leaves the previous report as it was. Special files
    (/dev/stdout, /dev/null, a FIFO) are written directly. Raises `OutputError` (a
    `ReportFormatError`) with the path, the reason and what to do, never a bare `OSError`."""
    from .output import output_error

    module = _module(fmt)
    try:
        if fmt in SUMMARISED:
            module.write(report, Path(path), full)
        else:
            fn: Callable[[Report, Path], None] = module.write
            fn(report, Path(path))
    except OSError as exc:  # the writers convert their own; this keeps a missed one readable
        raise output_error(path, exc) from exc
