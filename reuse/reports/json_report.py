"""The JSON report of CONTRACT.md."""

from __future__ import annotations

from pathlib import Path

from ..model import Report
from .common import clean_report, utf8
from .output import write_bytes

__all__ = ["render", "write"]


def render(report: Report) -> str:
    """The report as JSON (lone surrogates as U+FFFD, see `common`)."""
    return clean_report(report).to_json()


def write(report: Report, path: Path) -> None:
    """Write the JSON report to `path`, replacing any file there in one step."""
    write_bytes(path, utf8(render(report)))
