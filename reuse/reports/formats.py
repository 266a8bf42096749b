"""The report formats by name, and the suffixes that name them (light: the command line reads
this without loading the renderers)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

__all__ = ["FORMATS", "SUFFIXES", "guess_format"]

FORMATS: tuple[str, ...] = (
    "text",
    "json",
    "html",
    "markdown",
    "csv",
    "sqlite",
    "passim",
    "parquet",
)
SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".zip": "csv",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".db": "sqlite",
    ".jsonl": "passim",
    ".parquet": "parquet",
}


def guess_format(path: Path | str) -> Optional[str]:
    """The format named by a path's suffix, or None when the suffix says nothing."""
    return SUFFIXES.get(Path(path).suffix.lower())
