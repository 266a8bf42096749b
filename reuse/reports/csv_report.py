"""The CSV report: one CSV file per table, in a folder or a `.zip`.

Files (UTF-8, header row, RFC 4180 quoting; columns named as in the JSON report):
    articles.csv     one row per article
    matches.csv      one row per shared passage pair
    clusters.csv     one row per passage of a cluster: cluster, quoted, article, start, end, text
    derivations.csv  one row per related pair; `evidence` joined with " | "
    relations.csv    every pairwise relation (`Report.relations()`): the derivations, then the
                     common-source pairs of the carriers of wide stories, which the derivations
                     leave to the stories; the columns of derivations.csv
    stories.csv, story_carriers.csv  the stories and their carriers, earliest first
    problems.csv     one row per problem in the input
    settings.json    the settings of the run

Booleans are written `true`/`false` and missing values as empty cells. A path ending in `.zip`
gets a zip archive with fixed timestamps (the same report gives the same bytes); any other path
without a suffix, or an existing folder, gets a folder. A special file (/dev/stdout, a FIFO) gets
the zip archive, since a folder cannot be streamed. Both are written atomically (see `output`):
an existing report folder is replaced whole, and a folder holding anything else is refused.

Formula injection (OWASP, "CSV Injection"): a spreadsheet opening the file runs a cell that
starts with `=`, `+`, `-` or `@` as a formula (`=cmd|' /C calc'!A0`, `@SUM(A1:A9)`), and some
also after a leading tab or carriage return. Every text cell that starts with one of these, or
with a single quote, gets one more single quote in front, which spreadsheets show as text and do
not display. Numbers and booleans are written as they are (a negative number stays a number).
To read a text cell back exactly, remove one leading `'` if there is one (`restore`): the rule is
reversible because cells already starting with `'` were prefixed too.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from ..errors import ReportFormatError
from ..model import Report
from .common import (
    article_rows,
    clean_report,
    derivation_rows,
    match_rows,
    passage_rows,
    problem_rows,
    relation_rows,
    story_carrier_rows,
    story_rows,
    utf8,
)
from .output import atomic_file, atomic_folder, is_special

__all__ = ["write", "tables", "neutralise", "restore", "EVIDENCE_SEP", "FILES"]

EVIDENCE_SEP = " | "
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold

# A derivation's columns, in derivations.csv and relations.csv alike.
_DERIVATION_COLUMNS = [
    "source",
    "target",
    "relation",
    "confidence",
    "shared_chars",
    "target_coverage",
    "evidence",
]
_COLUMNS: dict[str, list[str]] = {
    "articles.csv": [
        "id",
        "outlet",
        "published",
        "published_inferred",
        "title",
        "chars",
        "reused_chars",
    ],
    "matches.csv": [
        "id",
        "a",
        "a_start",
        "a_end",
        "b",
        "b_start",
        "b_end",
        "similarity",
        "kind",
        "quoted",
        "a_literal_chars",
        "b_literal_chars",
        "via",
    ],
    "clusters.csv": ["cluster", "quoted", "article", "start", "end", "text"],
    "derivations.csv": _DERIVATION_COLUMNS,
    "relations.csv": _DERIVATION_COLUMNS,
    "problems.csv": ["where", "article", "message"],
    "stories.csv": [
        "id",
        "cluster",
        "core",
        "text",
        "carriers",
        "outlets",
        "earliest",
        "first_seen",
        "last_seen",
        "spread",
        "wire",
        "source",
        "source_article",
        "purity",
        "quoted",
        "evidence",
        "confidence",
        "earliest_tied",
    ],
    "story_carriers.csv": ["story", "rank", "article"],
}


# The names a CSV report folder holds: a folder holding only these may be replaced whole.
FILES: tuple[str, ...] = (
    "articles.csv",
    "matches.csv",
    "clusters.csv",
    "derivations.csv",
    "relations.csv",
    "problems.csv",
    "stories.csv",
    "story_carriers.csv",
    "settings.json",
)
# What a spreadsheet may take for the start of a formula, and the quote that marks the prefix.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise(text: str) -> str:
    """A text cell made inert for spreadsheets: a `'` in front if it starts with `=`, `+`, `-`,
    `@`, tab, carriage return or `'` (see the module docstring)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def restore(cell: str) -> str:
    """The text a CSV text cell was written from: `neutralise` undone."""
    return cell[1:] if cell.startswith("'") else cell


def _value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, (list, tuple)):
        return neutralise(EVIDENCE_SEP.join(str(x) for x in v))
    return neutralise(str(v))


def _csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    # A field a later model adds is kept (after the known ones) rather than dropped silently.
    for row in rows:
        columns += [k for k in row if k not in columns]
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(columns)
    for row in rows:
        w.writerow([_value(row.get(c)) for c in columns])
    return buf.getvalue()


def tables(report: Report) -> dict[str, str]:
    """File name -> file contents, in a fixed order."""
    report = clean_report(report)
    out = {
        "articles.csv": _csv(list(_COLUMNS["articles.csv"]), article_rows(report)),
        "matches.csv": _csv(list(_COLUMNS["matches.csv"]), match_rows(report)),
        "clusters.csv": _csv(list(_COLUMNS["clusters.csv"]), passage_rows(report)),
        "derivations.csv": _csv(list(_COLUMNS["derivations.csv"]), derivation_rows(report)),
        "relations.csv": _csv(list(_COLUMNS["relations.csv"]), relation_rows(report)),
        "problems.csv": _csv(list(_COLUMNS["problems.csv"]), problem_rows(report)),
        "stories.csv": _csv(list(_COLUMNS["stories.csv"]), story_rows(report)),
        "story_carriers.csv": _csv(
            list(_COLUMNS["story_carriers.csv"]), story_carrier_rows(report)
        ),
        "settings.json": json.dumps(
            report.settings, indent=2, sort_keys=True, ensure_ascii=False, default=str
        )
        + "\n",
    }
    return out


def _write_zip(files: dict[str, str], path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permission bits below mean the same everywhere
            info.external_attr = 0o644 << 16
            zf.writestr(info, utf8(content))


def write(report: Report, path: Path) -> None:
    """Write the CSV tables to the folder `path`, or into a zip archive if `path` ends in .zip
    (or is a special file); either replaces what was there in one step."""
    path = Path(path)
    files = tables(report)
    if path.suffix.lower() == ".zip" or is_special(path):
        with atomic_file(path) as tmp:
            _write_zip(files, tmp)
        return
    if path.exists() and not path.is_dir():
        raise ReportFormatError(
            f"{path} is a file: the CSV report is a folder of CSV files; "
            "give a folder path or a path ending in .zip"
        )
    if not path.exists() and path.suffix:
        raise ReportFormatError(
            f"{path}: the CSV report is a folder of CSV files (articles.csv, "
            "matches.csv, ...); give a folder path without a suffix or a "
            "path ending in .zip"
        )
    with atomic_folder(path, FILES) as tmp:
        for name, content in files.items():
            (tmp / name).write_bytes(utf8(content))
