"""JSON Lines: one article object per line, read as a stream (memory bounded by one line)."""

from __future__ import annotations

import json
import lzma
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO, Optional

from ..model import Problem
from .decoding import (
    binary_kind,
    damage_of,
    damage_problem,
    decode,
    decode_line,
    mb,
    nul_problem,
    open_binary,
    os_reason,
    plural,
    special_file,
    wide_encoding,
)
from .records import Record, json_kind

__all__ = ["jsonl_records", "split_lines"]

_CHUNK = 1 << 20
_HEAD = 65_536


def split_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) split on "\\n" only: JSON strings may hold U+2028 and other breaks
    that `str.splitlines` would cut at."""
    start, n = 0, 1
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield n, text[start:end]
        start, n = end + 1, n + 1


def _byte_lines(f: BinaryIO, head: bytes, max_bytes: int) -> Iterator[tuple[int, Optional[bytes]]]:
    """(line number, bytes) of each line, read in chunks; None for a line longer than
    `max_bytes`, whose bytes are not kept."""
    pending = b""
    n = 1
    too_long = False
    for chunk in chain([head], iter(lambda: f.read(_CHUNK), b"")):
        pending += chunk
        parts = pending.split(b"\n")
        pending = parts.pop()
        for part in parts:
            yield n, (None if too_long or len(part) > max_bytes else part)
            n += 1
            too_long = False
        if len(pending) > max_bytes:
            too_long, pending = True, b""
    if pending or too_long:
        yield n, None if too_long else pending


def _counted(
    lines: Iterator[tuple[int, Optional[bytes]]], read_to: list[int]
) -> Iterator[tuple[int, Optional[bytes]]]:
    for n, raw in lines:
        read_to[0] = n
        yield n, raw


def jsonl_records(path: Path, problems: list[Problem], max_line_bytes: int) -> Iterator[Record]:
    """The objects of a JSON Lines file, each with its `file:line`.

    A bad line is a Problem and the rest goes on. A file that turns out to be one JSON document
    spread over many lines (pretty-printed) is read as JSON, with a hint. UTF-8 is read line by
    line; a file in UTF-16 or UTF-32 (with or without a byte-order mark) is decoded whole.
    """
    special = special_file(path)
    if special:
        problems.append(Problem(str(path), f"{special}, not a regular file: skipped"))
        return
    bad_lines: list[tuple[int, str]] = []
    nul_lines: list[tuple[int, int]] = []  # (line, NULs in it)
    read_to = [0]  # the last whole line read
    try:
        with open_binary(path) as f:
            head = f.read(_HEAD)
            if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) or wide_encoding(
                head
            ):
                # Not UTF-8: decode the whole file (rare; such files are small in practice).
                raw = head + f.read()
                damage = damage_of(f)
                if damage is not None:
                    problems.append(damage_problem(str(path), damage, plural(len(raw), "byte")))
                text = decode(raw, str(path), problems)
                if text is not None:
                    yield from _records(
                        path, ((n, line) for n, line in split_lines(text)), problems
                    )
                return
            if head.startswith(b"\xef\xbb\xbf"):
                head = head[3:]
            kind = binary_kind(head)
            if kind:
                problems.append(Problem(str(path), f"{kind}, not JSON Lines: skipped"))
                return
            lines = _counted(_byte_lines(f, head, max_line_bytes), read_to)
            yield from _records(
                path,
                _decoded(path, lines, bad_lines, max_line_bytes, problems, nul_lines),
                problems,
            )
    except (OSError, EOFError, lzma.LZMAError) as exc:
        reason = os_reason(exc)
        problems.append(
            Problem(
                str(path),
                f"cannot read on after line {read_to[0]:,} ({reason}): the articles before "
                "it were kept, the rest of the file was skipped; check that it is whole",
            )
        )
    if bad_lines:
        first_line, message = bad_lines[0]
        where = (
            f" (the count is of line {first_line}, the first of {len(bad_lines):,} lines with such bytes)"
            if len(bad_lines) > 1
            else f" (line {first_line})"
        )
        problems.append(Problem(str(path), message + where))
    if nul_lines:
        problems.append(
            Problem(
                str(path),
                nul_problem(sum(k for _, k in nul_lines), nul_lines[0][0], len(nul_lines)),
            )
        )


def _decoded(
    path: Path,
    lines: Iterator[tuple[int, Optional[bytes]]],
    bad_lines: list[tuple[int, str]],
    max_line_bytes: int,
    problems: list[Problem],
    nul_lines: list[tuple[int, int]],
) -> Iterator[tuple[int, str]]:
    for n, raw in lines:
        if raw is None:
            problems.append(
                Problem(
                    f"{path}:{n}",
                    f"the line is longer than {mb(max_line_bytes)}, "
                    "more than an article may take (max_article_chars): skipped; "
                    "raise --max-article-chars to read it",
                )
            )
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text, message = decode_line(raw)
            bad_lines.append((n, message))
        if "\x00" in text:
            nul_lines.append((n, text.count("\x00")))
            text = text.replace("\x00", "\ufffd")
        yield n, text


def _records(
    path: Path, lines: Iterator[tuple[int, str]], problems: list[Problem]
) -> Iterator[Record]:
    first = True
    for n, line in lines:
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            if first and line.strip()[:1] in "{[":
                whole = _pretty_printed(path, problems)
                if whole is not None:
                    yield from whole
                    return
            problems.append(
                Problem(
                    where,
                    f"not valid JSON: {exc.msg} at column {exc.colno}; line "
                    "skipped, fix or remove it",
                )
            )
            first = False
            continue
        first = False
        if not isinstance(obj, dict):
            problems.append(
                Problem(
                    where,
                    f"line is a JSON {json_kind(obj)}, expected an object "
                    "with a text field: line skipped",
                )
            )
            continue
        yield Record(where, obj, f":{n}")


def _pretty_printed(path: Path, problems: list[Problem]) -> Optional[list[Record]]:
    """The records of a .jsonl file that is really one JSON document over many lines, or None
    when it is not valid JSON either (then its lines are reported one by one)."""
    from .jsonfile import json_records

    found: list[Problem] = []
    records = list(json_records(path, found))
    if any(p.message.startswith("not valid JSON") for p in found):
        return None
    problems.append(
        Problem(
            str(path),
            "this .jsonl file is one JSON document spread over many "
            "lines (pretty-printed), not JSON Lines: read as JSON; write one "
            "article object per line, or name the file .json",
        )
    )
    problems.extend(found)
    return records
