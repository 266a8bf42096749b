"""The JSON report of CONTRACT.md.

`write` streams it: each article, match, cluster... is made into JSON and written in turn, so
a report of a million articles never stands in memory as one string (nor as one tree of
dicts). The bytes are those of `Report.to_json`: a value nested at depth d is indented as
`json.dumps(..., indent=2)` indents it, and JSON strings never hold a raw newline, so a value
dumped alone is the nested one once every newline is followed by the deeper indent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from ..model import Report
from .common import clean_report, map_strings, replace_surrogates, utf8
from .output import atomic_file, is_special, open_special, output_error

__all__ = ["render", "write", "chunks", "write_stream"]


def render(report: Report) -> str:
    """The report as JSON (lone surrogates as U+FFFD, see `common`)."""
    return clean_report(report).to_json()


def _dumped(value: Any, depth: int) -> str:
    text = json.dumps(map_strings(value, replace_surrogates), indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * depth) if depth else text


def chunks(report: Report) -> Iterator[str]:
    """`render(report)` in pieces: a piece per element of each list of the report."""
    lists: dict[str, Sequence[Any]] = {
        "articles": report.articles,
        "matches": report.matches,
        "clusters": report.clusters,
        "derivations": report.derivations,
        "quotes": report.quotes,
        "boilerplate": report.boilerplate,
        "stories": report.stories,
        "problems": report.problems,
    }
    top: dict[str, Any] = {
        "format": "newsreuse-report",
        "version": 1,
        "settings": report.settings,
        **{k: None for k in ("articles", "matches", "clusters", "derivations")},
        **{k: None for k in ("quotes", "boilerplate", "stories")},
        "counts": dict(report.counts),
        "problems": None,
    }
    yield "{"
    for n, (key, value) in enumerate(top.items()):
        yield ("," if n else "") + "\n  " + _dumped(key, 1) + ": "
        if key not in lists:
            yield _dumped(value, 1)
            continue
        items = lists[key]
        if not items:
            yield "[]"
            continue
        yield "["
        for k, item in enumerate(items):
            yield ("," if k else "") + "\n    " + _dumped(item.to_dict(), 2)
        yield "\n  ]"
    yield "\n}\n"


# Pieces gathered into writes of about this many characters.
_WRITE_CHARS = 1 << 20


def write_stream(report: Report, fh: BinaryIO) -> None:
    """Write the JSON report to an open binary stream (standard output), in UTF-8, as it goes:
    the same bytes as `render` encoded, never the whole report as one string."""
    pending: list[str] = []
    size = 0
    for piece in chunks(report):
        pending.append(piece)
        size += len(piece)
        if size >= _WRITE_CHARS:
            fh.write(utf8("".join(pending)))
            pending, size = [], 0
    fh.write(utf8("".join(pending)))


def write(report: Report, path: Path) -> None:
    """Write the JSON report to `path`, replacing any file there in one step (a special file,
    such as standard output, is written as it goes)."""
    try:
        if is_special(path):
            with open_special(path) as fh:
                write_stream(report, fh)
            return
        with atomic_file(path) as tmp, open(tmp, "wb") as fh:
            write_stream(report, fh)
    except OSError as exc:
        raise output_error(path, exc) from exc
