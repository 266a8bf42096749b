"""The report formats by name, and the suffixes that name them (light: the command line reads
this without loading the renderers)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

__all__ = ["FORMATS", "SUFFIXES", "UNWRITTEN", "guess_format"]

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


# Suffixes of formats no report is written in, which a report named so would only pretend to be
# (text under report.csv): a name with one of these needs -f.
UNWRITTEN: dict[str, str] = {
    ".csv": "the CSV report is a folder of CSV tables or a .zip of them: give -o report.zip, "
    "or -f csv -o FOLDER",
    ".tsv": "the CSV report is a folder of CSV tables or a .zip of them: give -o report.zip, "
    "or -f csv -o FOLDER",
    ".xlsx": "spreadsheets open the CSV report's tables: give -o report.zip",
    ".xls": "spreadsheets open the CSV report's tables: give -o report.zip",
    ".ods": "spreadsheets open the CSV report's tables: give -o report.zip",
    ".pdf": "give -o report.html and print the page from a browser",
}


def guess_format(path: Path | str) -> Optional[str]:
    """The format named by a path's suffix, or None when the suffix says nothing."""
    return SUFFIXES.get(Path(path).suffix.lower())
