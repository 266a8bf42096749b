"""Parquet files (the `parquet` extra: pyarrow): one article a row, with the fields of a JSON
Lines record (CONTRACT.md), read in batches so a large file is never held whole."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Union

from ..model import Problem
from .records import Record

__all__ = ["available", "missing_extra_message", "parquet_records"]

_INSTALL = "pip install 'newsreuse[parquet]'"
_BATCH_ROWS = 1024


def available() -> bool:
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def missing_extra_message(path: Union[str, os.PathLike[str]]) -> str:
    return (
        f"{os.fspath(path)} is a Parquet file: reading Parquet needs the optional parquet extra "
        f"(pyarrow), which is not installed; install it with {_INSTALL}"
    )


def _plain(value: Any) -> Any:
    """A Parquet value as a JSON Lines one: dates and times as ISO 8601 text."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return value


def parquet_records(path: Path, problems: list[Problem]) -> Iterator[Record]:
    """The rows of a Parquet file, each with its `file#row` (rows counted from 1). A file that
    is not Parquet, or breaks while read, is a Problem naming it (the rows read before stay)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 0
    try:
        table = pq.ParquetFile(path)
        for batch in table.iter_batches(batch_size=_BATCH_ROWS):
            for row in batch.to_pylist():
                n += 1
                yield Record(f"{path}#{n}", {k: _plain(v) for k, v in row.items()}, f"#{n}")
    except (pa.ArrowException, OSError) as exc:
        lost = f"the rows after row {n:,} are skipped" if n else "skipped"
        problems.append(
            Problem(
                str(path),
                f"not a readable Parquet file ({type(exc).__name__}: {exc}): {lost}; write it "
                "again, or give the articles as JSON Lines",
            )
        )
