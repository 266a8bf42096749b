"""CSV files with a header row; a row whose quoting goes wrong is found and read on its own.

A cell that opens a quotation mark and never closes it would swallow every later row into one
giant cell (a 200-row file read as four articles, silently). The rows are parsed strictly, so
such a row raises at once; it is then read leniently if that gives one row of the header's width
without taking in lines that are rows themselves, else as one line with its quotation marks
taken as text, and parsing goes on at the next line. Either way a Problem names the line.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

from ..model import Problem
from .decoding import decode, read_bytes
from .records import Record

__all__ = ["csv_records", "delimiter"]


def delimiter(header_line: str) -> str:
    """The header's most frequent of `,` `;` tab `|`: spreadsheets in many locales save `;`."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header(cells: list[str], where: str, problems: list[Problem]) -> list[str]:
    """Column names, stripped; blank ones named `column<n>`, repeated ones suffixed `~2`."""
    names: list[str] = []
    for n, cell in enumerate(cells, 1):
        name = cell.strip() or f"column{n}"
        if name in names:
            k = 2
            while f"{name}~{k}" in names:
                k += 1
            problems.append(
                Problem(where, f"column name {name!r} repeats: column {n} read as {name}~{k}")
            )
            name = f"{name}~{k}"
        names.append(name)
    return names


def _physical_lines(text: str) -> list[str]:
    """The lines of `text`, each with its line end (a "\\r\\n" stays whole)."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def _from(lines: list[str], start: int) -> Iterator[str]:
    return (lines[k] for k in range(start, len(lines)))


def _width(line: str, sep: str) -> int:
    return len(next(csv.reader([line], delimiter=sep), []))


def _recover(
    lines: list[str], at: int, sep: str, width: Optional[int]
) -> tuple[list[str], int, str]:
    """The row starting at line index `at` whose strict parse failed: (cells, lines used, how
    it was read)."""
    lenient = csv.reader(_from(lines, at), delimiter=sep, strict=False)
    try:
        row: Optional[list[str]] = next(lenient)
        used = lenient.line_num
    except (csv.Error, StopIteration):
        row, used = None, 0
    if (
        row is not None
        and (width is None or len(row) == width)
        and (
            used == 1
            or (
                width is not None
                and not any(_width(lines[k], sep) == width for k in range(at + 1, at + used))
            )
        )
    ):
        return row, used, f"read leniently as {used} line{'s' if used > 1 else ''}"
    row = next(csv.reader([lines[at]], delimiter=sep, quoting=csv.QUOTE_NONE), [])
    return (
        row,
        1,
        (
            "read as one line with its quotation marks taken as text, so that it does "
            "not swallow the rows after it"
        ),
    )


def csv_records(path: Path, problems: list[Problem]) -> Iterator[Record]:
    """The rows of a CSV file as records, each with its `file:line`."""
    data = read_bytes(path, str(path), problems)
    text = decode(data, str(path), problems) if data is not None else None
    if text is None:
        return
    # News bodies easily pass the csv module's default 128 KiB field limit.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    lines = _physical_lines(text)
    sep = delimiter(next((line for line in lines if line.strip()), ""))
    header: Optional[list[str]] = None
    at = 0  # index of the line the current reader started at
    while at < len(lines):
        reader = csv.reader(_from(lines, at), delimiter=sep, strict=True)
        restart = False  # after a broken row, parsing starts again past it
        while not restart:
            start = at + reader.line_num  # index of the line where the next row starts
            try:
                row = next(reader)
                where = f"{path}:{start + 1}"
            except StopIteration:
                return
            except csv.Error as exc:
                row, used, how = _recover(lines, start, sep, len(header) if header else None)
                where = f"{path}:{start + 1}"
                problems.append(
                    Problem(
                        where,
                        f"the quoting of this row is broken ({exc}): "
                        f"{how}; check its quotation marks",
                    )
                )
                at = start + used
                restart = True
            if any(cell.strip() for cell in row):
                if header is None:
                    header = _header(row, where, problems)
                else:
                    data_row: dict[str, Any] = dict(zip(header, row))
                    if len(row) > len(header):
                        problems.append(
                            Problem(
                                where,
                                f"row has {len(row)} cells, the header "
                                f"{len(header)}: extra cells kept as extra_cells",
                            )
                        )
                        data_row["extra_cells"] = row[len(header) :]
                    yield Record(where, data_row, f":{start + 1}")
