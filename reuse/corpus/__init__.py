"""Load a corpus: folders of text files, JSON Lines, CSV and JSON files, per CONTRACT.md.

Nothing a user gives is silently lost. A bad line, an empty text, a duplicate id, undecodable
bytes, a binary file, a file too large, a FIFO, a folder that cannot be read: each becomes a
`Problem` naming the file, line and article, and the rest of the corpus loads. Only an input with
nothing usable at all raises `InputError`.

Order is stable: paths in the order given; inside a folder, files sorted by relative path;
records in file order. Any file may be compressed (`.gz`, `.bz2`, `.xz`), and is read as the
kind its name gives before that suffix (`corpus.jsonl.gz` is JSON Lines).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

from ..errors import InputError
from ..model import Article, Problem
from ..settings import Settings
from ..text.dates import infer_published, parse_published
from . import parquet
from .csvfile import csv_records
from .decoding import (
    COMPRESSIONS,
    decode,
    kind_suffix,
    plural,
    read_bytes,
    special_file,
)
from .folders import FolderMetadata, first_keys, is_metadata, list_folder
from .jsonfile import json_records
from .jsonlines import jsonl_records
from .records import (
    Record,
    admit,
    article_from_record,
    clean_str,
    has_text_field,
    unique_ids,
)
from .webpages import available as webpages_available
from .webpages import html_article, missing_extra_message, warc_articles

__all__ = [
    "Corpus",
    "load_corpus",
    "iter_articles",
    "infer_published",
    "parse_published",
    "article_from_record",
    "admit",
    "unique_ids",
    "no_articles_error",
    "TEXT_SUFFIXES",
    "TABLE_SUFFIXES",
    "PAGE_SUFFIXES",
    "ARCHIVE_SUFFIXES",
]

log = logging.getLogger(__name__)

PathLike = Union[str, "os.PathLike[str]"]

TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".jsonl", ".csv", ".json", ".parquet")
# Read with the optional html extra: one article a page, many a web archive.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
ARCHIVE_SUFFIXES = (".warc",)
_KINDS = "*.txt, *.md, *.jsonl, *.csv, *.json or *.parquet"
_WHAT_TO_GIVE = (
    "give a folder of .txt or .md files, or a .jsonl, .csv or .json file (any of "
    "them may be compressed: .gz, .bz2, .xz); .html pages and .warc archives are "
    "read with the html extra, .parquet files with the parquet extra"
)
_DEFAULT_LIMIT = Settings().max_article_chars


@dataclass(frozen=True)
class Corpus:
    """The articles that loaded, in a stable order, and every problem met on the way."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]


def _line_limit(max_chars: int) -> int:
    """Bytes a JSON Lines line may hold: the largest article in UTF-8 (up to four bytes a
    character), with room for its other fields."""
    return 4 * max_chars + 65_536


def _readers(max_chars: int) -> dict[str, Callable[[Path, list[Problem]], Iterator[Record]]]:
    return {
        ".jsonl": lambda p, problems: jsonl_records(p, problems, _line_limit(max_chars)),
        ".csv": csv_records,
        ".json": json_records,
        ".parquet": _parquet_records,
    }


def _parquet_records(path: Path, problems: list[Problem]) -> Iterator[Record]:
    if not parquet.available():
        problems.append(Problem(str(path), f"skipped: {parquet.missing_extra_message(path)}"))
        return iter(())
    return parquet.parquet_records(path, problems)


def _plain_id(rel: Path) -> str:
    """The id of a text file: its path without the kind suffix (and compression suffix)."""
    if rel.suffix.lower() in COMPRESSIONS:
        rel = rel.with_suffix("")
    return rel.with_suffix("").as_posix()


def _table_articles(
    records: Iterable[Record], name: str, problems: list[Problem]
) -> Iterator[Article]:
    """Articles of a table file; `name`, the start of default ids, is the file's path in its
    folder, or its own name when given directly."""
    for rec in records:
        default = f"{name}{rec.label}" if rec.label else _plain_id(Path(name))
        art = article_from_record(rec.data, rec.origin, problems, default_id=default)
        if art is not None:
            yield art


def _text_file(
    path: Path, art_id: str, problems: list[Problem], max_chars: int, fields: Optional[dict] = None
) -> Optional[Article]:
    """One text file as an article (with metadata `fields` from its folder), or None."""
    data = read_bytes(path, str(path), problems, art_id, limit=4 * max_chars + 4)
    text = decode(data, str(path), problems, art_id) if data is not None else None
    if text is None:
        return None
    return article_from_record({**(fields or {}), "id": art_id, "text": text}, str(path), problems)


def _page_file(
    path: Path, art_id: str, problems: list[Problem], max_chars: int
) -> Optional[Article]:
    """One saved web page as an article: its main text, title, date and site (html extra)."""
    data = read_bytes(path, str(path), problems, art_id, limit=8 * max_chars + 4)
    if data is None:
        return None
    return html_article(data, str(path), art_id, problems)


def _archive_file(path: Path, problems: list[Problem]) -> Iterator[Article]:
    """The web pages of a WARC archive (html extra)."""
    special = special_file(path)
    if special:
        problems.append(Problem(str(path), f"{special}, not a regular file: skipped"))
        return
    yield from warc_articles(path, problems)


def _classify(
    path: Path, problems: list[Problem], max_chars: int
) -> tuple[str, Optional[list[Record]]]:
    """ "articles", "metadata" or "skip" for a table file in a folder, with its records if they
    had to be read to tell."""
    kind = kind_suffix(path)
    if kind != ".json":
        keys = first_keys(path)
        if keys is not None and has_text_field(keys):
            return "articles", None
    records = list(_readers(max_chars)[kind](path, problems))
    verdict = is_metadata(records)
    if verdict is None:
        problems.append(
            Problem(
                str(path),
                "no text field (text, body or content) and no file or "
                "id column naming the folder's files: file skipped",
            )
        )
        return "skip", None
    return ("metadata" if verdict else "articles"), records


def _folder_articles(folder: Path, problems: list[Problem], max_chars: int) -> Iterator[Article]:
    files = list_folder(folder, problems).files
    texts = [p for p in files if kind_suffix(p) in TEXT_SUFFIXES]
    web = [p for p in files if kind_suffix(p) in PAGE_SUFFIXES + ARCHIVE_SUFFIXES]
    if web and not webpages_available():
        problems.append(
            Problem(
                str(folder),
                f"{plural(len(web), 'web page or archive', 'web pages or archives')} "
                f"skipped ({web[0].relative_to(folder).as_posix()}, ...): "
                f"{missing_extra_message(web[0])}",
            )
        )
        files = [p for p in files if p not in set(web)]
        web = []
    others = [
        p
        for p in files
        if kind_suffix(p) not in TEXT_SUFFIXES + TABLE_SUFFIXES + PAGE_SUFFIXES + ARCHIVE_SUFFIXES
    ]
    if others:
        names = ", ".join(p.relative_to(folder).as_posix() for p in others[:5])
        more = f" and {len(others) - 5} more" if len(others) > 5 else ""
        problems.append(
            Problem(
                str(folder),
                f"{plural(len(others), 'file')} of other kinds "
                f"skipped (expected {_KINDS}): {names}{more}",
            )
        )
    # Metadata must be known before the first text file is read, wherever the table sorts.
    metadata = FolderMetadata(folder, texts)
    # Article tables, with their records when classifying had to read them (else streamed).
    tables: dict[Path, Optional[list[Record]]] = {}
    for p in files:
        if kind_suffix(p) in TABLE_SUFFIXES:
            kind, records = _classify(p, problems, max_chars)
            if kind == "metadata":
                metadata.add(p, records or [], problems)
            elif kind == "articles":
                tables[p] = records
    log.debug("%s: %d text files, %d article tables", folder, len(texts), len(tables))
    readers = _readers(max_chars)
    for p in files:
        rel = p.relative_to(folder)
        if p in tables:
            kept = tables.pop(p)
            found: Iterable[Record] = (
                kept if kept is not None else readers[kind_suffix(p)](p, problems)
            )
            yield from _table_articles(found, rel.as_posix(), problems)
        elif kind_suffix(p) in TEXT_SUFFIXES:
            art_id = _plain_id(rel)
            art = _text_file(p, art_id, problems, max_chars, metadata.fields.get(p, {}))
            if art is not None:
                art.extra.update(
                    {k: v for k, v in metadata.ids.get(p, {}).items() if clean_str(v) != art_id}
                )
                yield art
        elif kind_suffix(p) in PAGE_SUFFIXES:
            page = _page_file(p, _plain_id(rel), problems, max_chars)
            if page is not None:
                yield page
        elif kind_suffix(p) in ARCHIVE_SUFFIXES:
            yield from _archive_file(p, problems)


def _as_list(paths: Union[PathLike, Iterable[PathLike]]) -> list[PathLike]:
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    return list(paths)


def _check_paths(paths: list[PathLike]) -> None:
    """Raise InputError naming every path that is missing or of no corpus kind."""
    if not paths:
        raise InputError(f"no corpus given: {_WHAT_TO_GIVE}")
    wrong = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            wrong.append(
                f"{os.fspath(raw)}: no such file or folder"
                + (" (a broken symbolic link)" if path.is_symlink() else "")
            )
        elif path.is_dir():
            continue
        elif kind_suffix(path) in PAGE_SUFFIXES + ARCHIVE_SUFFIXES:
            if not webpages_available():
                wrong.append(missing_extra_message(raw))
        elif kind_suffix(path) == ".parquet" and not parquet.available():
            wrong.append(parquet.missing_extra_message(raw))
        elif kind_suffix(path) not in TEXT_SUFFIXES + TABLE_SUFFIXES:
            wrong.append(
                f"{os.fspath(raw)}: not a folder or a .txt, .md, .jsonl, .csv, .json or "
                ".parquet file"
            )
    if wrong:
        raise InputError("; ".join(wrong) + f"; {_WHAT_TO_GIVE}")


def _path_articles(path: Path, problems: list[Problem], max_chars: int) -> Iterator[Article]:
    kind = kind_suffix(path)
    if path.is_dir():
        yield from _folder_articles(path, problems, max_chars)
    elif kind in TEXT_SUFFIXES:
        art = _text_file(path, _plain_id(Path(path.name)), problems, max_chars)
        if art is not None:
            yield art
    elif kind in PAGE_SUFFIXES:
        page = _page_file(path, _plain_id(Path(path.name)), problems, max_chars)
        if page is not None:
            yield page
    elif kind in ARCHIVE_SUFFIXES:
        yield from _archive_file(path, problems)
    else:
        yield from _table_articles(_readers(max_chars)[kind](path, problems), path.name, problems)


def iter_articles(
    paths: Union[PathLike, Sequence[PathLike]],
    problems: list[Problem],
    *,
    max_article_chars: int = _DEFAULT_LIMIT,
) -> Iterator[Article]:
    """Stream the articles of one or more paths (folders, .txt, .md, .jsonl, .csv, .json files).

    Every problem met is appended to `problems`; a bad article or line never stops the stream.
    Duplicate ids are kept under `<id>~2`, `<id>~3`, ... with a Problem naming both origins.
    Articles longer than `max_article_chars` are skipped with a Problem.

    Raises:
        InputError: at once, before any article is read, for a path that does not exist or is
            neither a folder nor a file of a corpus kind.
    """
    checked = _as_list(paths)
    _check_paths(checked)

    def stream() -> Iterator[Article]:
        for raw in checked:
            for art in _path_articles(Path(raw), problems, max_article_chars):
                admitted = admit(art, problems, max_article_chars)
                if admitted is not None:
                    yield admitted

    return unique_ids(stream(), problems)


def no_articles_error(names: str, problems: Sequence[Problem]) -> InputError:
    """The error for an input that gave no article, with the first problem as the reason."""
    first = f" ({plural(len(problems), 'problem')}, the first: {problems[0]})" if problems else ""
    return InputError(
        f"no articles found in {names}: expected {_KINDS} files holding article texts{first}"
    )


def load_corpus(
    paths: Union[PathLike, Sequence[PathLike]], *, max_article_chars: int = _DEFAULT_LIMIT
) -> Corpus:
    """Every article of `paths`, in a stable order, and every problem met.

    Raises:
        InputError: for a path that does not exist or is of no corpus kind, and when no article
            at all could be read.
    """
    checked = _as_list(paths)
    problems: list[Problem] = []
    articles = tuple(iter_articles(checked, problems, max_article_chars=max_article_chars))
    if not articles:
        raise no_articles_error(", ".join(os.fspath(p) for p in checked), problems)
    log.debug("loaded %d articles, %d problems", len(articles), len(problems))
    return Corpus(articles, tuple(problems))
