"""Pairs given to compare: a pairs file, or (id, id) pairs from a library caller.

When the pairs are known (the PAN setup: each suspicious document with its candidate sources),
they stand in for the candidate stage. A pairs file is UTF-8 text, one pair a line: two article
ids separated by a tab, or by spaces when neither id holds one (so a two-column TSV file and
PAN's `pairs` file, "suspicious-document00001.txt source-document00001.txt", are both read as
they are). Blank lines and lines starting with `#` are skipped; there is no header.

An id is an article's id as the report shows it (a folder's file name without its suffix, or the
`id` field); a file name whose stem is an article's id (`doc1.txt` for `doc1`) names that
article, and so does a file name one article has in a folder of the corpus
(`susp/suspicious-document00001`). Each pair keeps where it came from (file and line, or its index), so that an id no
article has is an error saying where it was given.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple, Union

from ..errors import InputError

__all__ = ["GivenPair", "PairsInput", "read_pairs", "pairs_from"]

PairsInput = Union[str, "os.PathLike[str]", Iterable[Sequence[str]]]

_FORMAT = (
    "one pair a line: two article ids separated by a tab, or by spaces when neither id holds one "
    '(blank lines and lines starting with "#" are skipped)'
)


class GivenPair(NamedTuple):
    """Two article ids to compare, and where the pair was given ("pairs.tsv line 3")."""

    a: str
    b: str
    where: str


def _fields(line: str) -> list[str]:
    if "\t" in line:
        return [f.strip() for f in line.split("\t")]
    return line.split()


def read_pairs(path: Union[str, os.PathLike[str]]) -> list[GivenPair]:
    """The pairs of a pairs file, in file order (see the module's docstring for the format).

    Raises:
        InputError: the file cannot be read or decoded, or a line is not two ids; the message
            names the file and line and shows the format.
    """
    name = os.fspath(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(
            f"pairs file {name} cannot be read ({reason}): give a UTF-8 text file, {_FORMAT}"
        ) from exc
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = _fields(line)
        if len(fields) != 2 or not all(fields):
            raise InputError(
                f"{name} line {number}: expected two article ids, got {line.strip()[:80]!r}; a "
                f"pairs file has {_FORMAT}"
            )
        out.append(GivenPair(fields[0], fields[1], f"{name} line {number}"))
    return out


def pairs_from(pairs: PairsInput) -> list[GivenPair]:
    """The pairs a caller gave: a pairs file's path, or an iterable of (id, id) pairs.

    Raises:
        InputError: a pairs file that cannot be read, or an item that is not two string ids.
    """
    if isinstance(pairs, (str, os.PathLike)):
        return read_pairs(pairs)
    out = []
    for k, item in enumerate(pairs):
        if (
            isinstance(item, (str, bytes))
            or not isinstance(item, Sequence)
            or len(item) != 2
            or not all(isinstance(x, str) and x for x in item)
        ):
            raise InputError(
                f"pairs[{k}] must be two article ids (non-empty strings), got {item!r}"
            )
        out.append(GivenPair(item[0], item[1], f"pairs[{k}]"))
    return out
