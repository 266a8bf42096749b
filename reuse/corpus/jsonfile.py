"""JSON files: a list of article objects, an object with an `articles` list, or one article."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..model import Problem
from .decoding import decode, read_bytes
from .records import Record, has_text_field, json_kind

__all__ = ["json_records"]

_BLANK = re.compile(r"[ \t\n\r]*")


def _item_starts(text: str) -> list[int]:
    """Character offset where each article item starts, in a document already parsed once.

    Walks the top level with `raw_decode` so that each item's line can be named.
    """
    decoder = json.JSONDecoder()

    def skip(pos: int) -> int:
        blank = _BLANK.match(text, pos)
        return blank.end() if blank else pos

    def items(pos: int) -> tuple[list[int], int]:
        starts, pos = [], skip(pos + 1)
        while text[pos] != "]":
            starts.append(pos)
            pos = skip(decoder.raw_decode(text, pos)[1])
            if text[pos] == ",":
                pos = skip(pos + 1)
        return starts, pos + 1

    pos = skip(0)
    if text[pos] == "[":
        return items(pos)[0]
    found: list[int] = []
    pos = skip(pos + 1)
    while text[pos] != "}":
        key, pos = decoder.raw_decode(text, pos)
        pos = skip(skip(pos) + 1)  # past ':'
        if key == "articles" and text[pos] == "[":
            found, pos = items(pos)  # json.loads keeps the last of repeated keys; so does this
        else:
            pos = decoder.raw_decode(text, pos)[1]
        pos = skip(pos)
        if text[pos] == ",":
            pos = skip(pos + 1)
    return found


def json_records(path: Path, problems: list[Problem]) -> Iterator[Record]:
    """The article objects of a JSON file, each with its `file:line`."""
    data = read_bytes(path, str(path), problems)
    text = decode(data, str(path), problems) if data is not None else None
    if text is None:
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(
                f"{path}:{exc.lineno}",
                f"not valid JSON: {exc.msg} at column {exc.colno}; file skipped, fix it",
            )
        )
        return
    except RecursionError:
        problems.append(Problem(str(path), "the JSON nests too deeply to read: file skipped"))
        return
    if isinstance(doc, dict) and doc.get("format") == "newsreuse-report":
        problems.append(Problem(str(path), "an earlier newsreuse report, not articles: skipped"))
        return
    if isinstance(doc, dict) and not isinstance(doc.get("articles"), list):
        if has_text_field(doc):
            yield Record(str(path), doc, "")  # the file is one article
            return
        problems.append(
            Problem(
                str(path),
                "a JSON object without an 'articles' list or a text "
                "field: file skipped; give a list of article objects",
            )
        )
        return
    items = doc["articles"] if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        problems.append(
            Problem(
                str(path),
                f"a JSON {json_kind(doc)}, expected a list of article objects: file skipped",
            )
        )
        return
    line, last = 1, 0
    for n, (item, start) in enumerate(zip(items, _item_starts(text)), 1):
        line, last = line + text.count("\n", last, start), start
        if isinstance(item, dict):
            # A JSON list is often written on one line, so its items are numbered, not lined.
            yield Record(f"{path}:{line}", item, f"#{n}")
        else:
            problems.append(
                Problem(
                    f"{path}:{line}",
                    f"item {n} is a JSON {json_kind(item)}, expected an object: skipped",
                )
            )
