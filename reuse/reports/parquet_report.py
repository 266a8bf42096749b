"""The Parquet report (the parquet extra: pyarrow): a folder of Parquet tables, the CSV report's
tables (articles, matches, cluster passages, derivations, relations, problems, stories, story carriers)
with typed columns, for archives too large for one JSON file; read by Spark, DuckDB, pandas.

    report.parquet/articles.parquet, matches.parquet, clusters.parquet, ... settings.json

Values are as in the JSON report (lists stay lists, numbers numbers; nothing is neutralised,
as no spreadsheet opens Parquet). The same report gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
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
from .csv_report import _COLUMNS
from .output import atomic_folder, is_special

__all__ = ["write", "FILES"]

_TABLES: dict[str, Callable[[Report], list[dict[str, Any]]]] = {
    "articles": article_rows,
    "matches": match_rows,
    "clusters": passage_rows,
    "derivations": derivation_rows,
    "relations": relation_rows,
    "problems": problem_rows,
    "stories": story_rows,
    "story_carriers": story_carrier_rows,
}
FILES: tuple[str, ...] = (*(f"{name}.parquet" for name in _TABLES), "settings.json")


def _table(name: str, rows: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    columns = list(_COLUMNS[f"{name}.csv"])
    for row in rows:  # a field a later model adds is kept, after the known ones
        columns += [k for k in row if k not in columns]
    data = {c: [row.get(c) for row in rows] for c in columns}
    return pa.table(
        {
            c: pa.array(v) if any(x is not None for x in v) else pa.nulls(len(v), pa.string())
            for c, v in data.items()
        }
    )


def write(report: Report, path: Path) -> None:
    """Write the tables into the folder `path` (replacing a previous Parquet report whole)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ReportFormatError(
            "the parquet report needs the optional parquet extra (pyarrow); install it with "
            "pip install 'newsreuse[parquet]'"
        ) from None
    path = Path(path)
    if is_special(path) or (path.exists() and not path.is_dir()):
        raise ReportFormatError(
            f"{path}: the Parquet report is a folder of Parquet files (articles.parquet, "
            "matches.parquet, ...); give a folder path"
        )
    report = clean_report(report)
    with atomic_folder(path, FILES) as tmp:
        for name, rows in _TABLES.items():
            pq.write_table(_table(name, rows(report)), tmp / f"{name}.parquet")
        settings = json.dumps(
            report.settings, indent=2, sort_keys=True, ensure_ascii=False, default=str
        )
        (tmp / "settings.json").write_bytes(utf8(settings + "\n"))
