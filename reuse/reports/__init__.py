"""One renderer per report format, chosen by name or guessed from the output path's suffix.

Each renderer module offers `write(report, path)`; the text-based ones also `render(report) -> str`.
CSV (a folder or a .zip) and SQLite are files, not text: they are only written, with -o.

Every writer is atomic (the previous report stays until the new one is complete) and turns an
`OSError` into `OutputError`; `check_output` says before a run whether a path will do (see
`output`). Every renderer writes lone surrogates as U+FFFD (see `_common`), and the terminal
report strips control characters (`for_terminal`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from ..errors import ReportFormatError
from ..model import Report
from . import csv_report, html, json_report, markdown, passim, sqlite_report, text
from .output import check_output, is_special, output_error
from .text import for_terminal

__all__ = ["FORMATS", "SUFFIXES", "render", "write", "guess_format", "check_output",
           "for_terminal", "is_special"]

# name -> function returning the report as text (None for formats that are files or folders).
_RENDER: dict[str, Optional[Callable[[Report], str]]] = {
    "text": text.render,
    "json": json_report.render,
    "html": html.render,
    "markdown": markdown.render,
    "csv": None,
    "sqlite": None,
    "passim": passim.render,
}
_WRITE: dict[str, Callable[[Report, Path], None]] = {
    "text": text.write,
    "json": json_report.write,
    "html": html.write,
    "markdown": markdown.write,
    "csv": csv_report.write,
    "sqlite": sqlite_report.write,
    "passim": passim.write,
}
SUFFIXES: dict[str, str] = {
    ".txt": "text", ".json": "json",
    ".html": "html", ".htm": "html",
    ".md": "markdown", ".markdown": "markdown",
    ".zip": "csv",
    ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite",
    ".jsonl": "passim",
}
FORMATS: tuple[str, ...] = tuple(_WRITE)


def guess_format(path: Path | str) -> Optional[str]:
    """The format named by a path's suffix, or None when the suffix says nothing."""
    return SUFFIXES.get(Path(path).suffix.lower())


def render(report: Report, fmt: str) -> str:
    """The report as text in format `fmt` (text, json, ...)."""
    fn = _RENDER.get(fmt)
    if fn is None:
        if fmt in _WRITE:
            raise ReportFormatError(f"format {fmt!r} is written to a file or folder: give an "
                                    "output path with -o")
        raise ReportFormatError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fn(report)


def write(report: Report, fmt: str, path: Path | str) -> None:
    """Write the report in format `fmt` to `path`, atomically: into a temporary next to it, then
    moved over it, so an error or Ctrl-C leaves the previous report as it was. Special files
    (/dev/stdout, /dev/null, a FIFO) are written directly. Raises `OutputError` (a
    `ReportFormatError`) with the path, the reason and what to do, never a bare `OSError`."""
    fn = _WRITE.get(fmt)
    if fn is None:
        raise ReportFormatError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    try:
        fn(report, Path(path))
    except OSError as exc:  # the writers convert their own; this keeps a missed one readable
        raise output_error(path, exc) from exc
