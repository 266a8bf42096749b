"""Load a corpus: folders of text files, JSON Lines, CSV and JSON files, per CONTRACT.md.

Nothing a user gives is silently lost. A bad line, an empty text, a duplicate id or undecodable
bytes each become a `Problem` naming the file, line and article, and the rest of the corpus
loads. Only an input with nothing usable at all raises `InputError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence, Union

from .errors import InputError
from .model import Article, Problem

__all__ = ["Corpus", "load_corpus", "iter_articles", "article_from_record", "infer_published",
           "parse_published", "read_text", "FIELDS"]

log = logging.getLogger(__name__)

# Contract field -> accepted input names (case-insensitive), first one preferred.
FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "text": ("text", "body", "content"),
    "outlet": ("outlet", "publisher", "series", "source"),
    "published": ("published", "date", "scrape_time", "published_at"),
    "title": ("title",),
    "url": ("url",),
    "byline": ("byline",),
}
TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".jsonl", ".csv", ".json")

PathLike = Union[str, Path]


@dataclass(frozen=True)
class Corpus:
    """The articles that loaded, in a stable order, and every problem met on the way."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]


# ----------------------------------------------------------------------------- text decoding

def read_text(path: Path, problems: list[Problem]) -> str:
    """The file decoded as UTF-8 (a BOM dropped). Undecodable bytes never stop a run: a few are
    replaced with U+FFFD; if many are bad the file is read as cp1252 (latin-1 for what cp1252
    lacks). Either way a Problem says how many bytes were affected."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    bad = _count_bad_utf8(data)
    if bad <= max(1, len(data) // 100):
        problems.append(Problem(str(path), f"{bad} byte(s) were not valid UTF-8 and were replaced "
                                "with U+FFFD; save the file as UTF-8 to keep them"))
        return data.decode("utf-8", errors="replace")
    problems.append(Problem(str(path), f"{bad} byte(s) were not valid UTF-8, so the file was read "
                            "as cp1252 (Windows Western); save it as UTF-8 if that is wrong"))
    return "".join(_cp1252(b) for b in data) if _needs_latin1(data) else data.decode("cp1252")


def _count_bad_utf8(data: bytes) -> int:
    bad, pos = 0, 0
    while True:
        try:
            data[pos:].decode("utf-8")
            return bad
        except UnicodeDecodeError as exc:
            bad += exc.end - exc.start
            pos += exc.end


def _needs_latin1(data: bytes) -> bool:
    return any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


def _cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


# ----------------------------------------------------------------------------- dates

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
         r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_TIME = r"(?:,?\s*(?:at\s+)?(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?" \
        r"(?:\s*(?P<tz>UTC|GMT|Z))?)?"
_DATE_FORMS = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})"
               r"(?::(?P<s>\d{2})(?:\.\d+)?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?", re.I),
    re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})" + _TIME, re.I),
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>\d{4})" + _TIME, re.I),
    re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})" + _TIME, re.I),
]


def _from_match(m: re.Match[str]) -> Optional[str]:
    g = m.groupdict()
    try:
        month = int(g["m"]) if g.get("m") else _MONTHS[g["mon"].lower()[:3]]
        date = dt.date(int(g["y"]), month, int(g["d"]))
    except (ValueError, KeyError, TypeError):
        return None
    if not g.get("h"):
        return date.isoformat()
    hour, minute, sec = int(g["h"]), int(g["mi"]), int(g.get("s") or 0)
    ampm = (g.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        moment = dt.datetime(date.year, date.month, date.day, hour, minute, sec)
    except ValueError:
        return None
    tz = g.get("tz") or ""
    if tz.upper() in ("Z", "UTC", "GMT"):
        return moment.isoformat() + "Z"
    if tz:
        return moment.isoformat() + (tz if ":" in tz else tz[:3] + ":" + tz[3:])
    return moment.isoformat()


def parse_published(value: Any) -> Optional[str]:
    """A given date or date-time as ISO 8601, keeping its precision, or None if unreadable."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            moment = dt.datetime.fromtimestamp(float(value), tz=dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return moment.replace(tzinfo=None).isoformat() + "Z"
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{9,11}", text):
        return parse_published(int(text))
    for form in _DATE_FORMS:
        m = form.fullmatch(text)
        if m:
            return _from_match(m)
    return None


_LABEL = re.compile(r"\b(?P<label>first published|published|posted|date|updated|last updated)"
                    r"\s*(?:on|:)?\s*", re.I)
_INFER_WINDOW = 600


def infer_published(text: str) -> Optional[str]:
    """A publication date stated with a label near the start of the text ("Published On 6 Dec
    2021", "date 2021-12-29"), as ISO 8601; an unlabelled date in the prose is not taken."""
    head = text[:_INFER_WINDOW]
    found: list[tuple[int, str]] = []
    for lab in _LABEL.finditer(head):
        rest = head[lab.end():lab.end() + 60]
        for form in _DATE_FORMS:
            m = form.match(rest)
            if m:
                iso = _from_match(m)
                if iso:
                    rank = 1 if "updated" in lab.group("label").lower() else 0
                    found.append((rank, iso))
                break
    return min(found)[1] if found else None


# ----------------------------------------------------------------------------- records

def _field(record: dict[str, Any], name: str) -> tuple[Optional[str], Any]:
    lower = {str(k).lower(): k for k in record}
    for alias in FIELDS[name]:
        if alias in lower:
            return lower[alias], record[lower[alias]]
    return None, None


def _has_text_field(keys: Iterable[str]) -> bool:
    lower = {str(k).lower() for k in keys}
    return any(a in lower for a in FIELDS["text"])


def article_from_record(record: dict[str, Any], origin: str, problems: list[Problem],
                        default_id: Optional[str] = None) -> Optional[Article]:
    """An Article from a JSON object or CSV row, or None (with a Problem) when it has no text."""
    used: set[Optional[str]] = set()
    values: dict[str, Any] = {}
    for name in FIELDS:
        key, value = _field(record, name)
        used.add(key)
        values[name] = value
    art_id = values["id"]
    art_id = str(art_id).strip() if art_id is not None and str(art_id).strip() else (default_id or origin)
    text = values["text"]
    if text is None:
        problems.append(Problem(origin, "no text field (text, body or content): record skipped; "
                                "add the article's text", art_id))
        return None
    if not isinstance(text, str):
        text = str(text)
    if not text.strip():
        problems.append(Problem(origin, "empty text: article skipped; give it a text or remove it",
                                art_id))
        return None
    extra = {str(k): v for k, v in record.items() if k not in used}
    published, inferred = _published(values["published"], text, origin, art_id, problems, extra)
    return Article(id=art_id, text=text, outlet=_str(values["outlet"]), published=published,
                   published_inferred=inferred, title=_str(values["title"]), url=_str(values["url"]),
                   byline=_str(values["byline"]), origin=origin, extra=extra)


def _str(value: Any) -> Optional[str]:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _published(raw: Any, text: str, origin: str, art_id: str, problems: list[Problem],
               extra: dict[str, Any]) -> tuple[Optional[str], bool]:
    if raw is not None and str(raw).strip():
        iso = parse_published(raw)
        if iso:
            return iso, False
        extra["published_raw"] = raw
        problems.append(Problem(origin, f"published value {raw!r} is not a date this tool reads "
                                "(use ISO 8601, e.g. 2021-12-06T14:30:00Z); left empty", art_id))
    iso = infer_published(text)
    return (iso, True) if iso else (None, False)


# ----------------------------------------------------------------------------- files

def _read_jsonl(path: Path, problems: list[Problem]) -> Iterator[tuple[str, int, dict[str, Any]]]:
    text = read_text(path, problems)
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(f"{path}:{n}", f"not valid JSON ({exc.msg} at column "
                                    f"{exc.colno}): line skipped; fix or remove it"))
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(f"{path}:{n}", f"line is a JSON {type(obj).__name__}, expected an "
                                    "object with a text field: line skipped"))
            continue
        yield f"{path}:{n}", n, obj


def _read_csv(path: Path, problems: list[Problem]) -> Iterator[tuple[str, int, dict[str, Any]]]:
    text = read_text(path, problems)
    csv.field_size_limit(min(sys.maxsize, 2 ** 31 - 1))
    reader = csv.DictReader(text.splitlines(keepends=True))
    if reader.fieldnames is None:
        return
    prev = reader.line_num  # the header's last line
    try:
        for row in reader:
            # The line a record starts on (a quoted cell may span several lines).
            line, prev = prev + 1, reader.line_num
            if None in row:
                problems.append(Problem(f"{path}:{line}", "row has more cells than the header: extra "
                                        "cells kept under 'extra_cells'"))
                row["extra_cells"] = row.pop(None)
            yield f"{path}:{line}", line, {k: v for k, v in row.items() if k is not None}
    except csv.Error as exc:
        problems.append(Problem(f"{path}:{reader.line_num}", f"CSV error ({exc}): rest of file skipped"))


def _read_json(path: Path, problems: list[Problem]) -> Iterator[tuple[str, int, dict[str, Any]]]:
    try:
        data = json.loads(read_text(path, problems))
    except json.JSONDecodeError as exc:
        problems.append(Problem(f"{path}:{exc.lineno}", f"not valid JSON ({exc.msg}): file skipped"))
        return
    if isinstance(data, dict) and data.get("format") == "newsreuse-report":
        problems.append(Problem(str(path), "an earlier newsreuse report, not articles: skipped"))
        return
    items = data.get("articles") if isinstance(data, dict) else data
    if not isinstance(items, list):
        problems.append(Problem(str(path), "expected a list of articles or an object with an "
                                "'articles' list: file skipped"))
        return
    for n, obj in enumerate(items, 1):
        if isinstance(obj, dict):
            yield f"{path}[{n}]", n, obj
        else:
            problems.append(Problem(f"{path}[{n}]", "item is not an object: skipped"))


_READERS = {".jsonl": _read_jsonl, ".csv": _read_csv, ".json": _read_json}


def _records(path: Path, problems: list[Problem]) -> list[tuple[str, int, dict[str, Any]]]:
    try:
        return list(_READERS[path.suffix.lower()](path, problems))
    except OSError as exc:
        problems.append(Problem(str(path), f"cannot read ({exc.strerror}): file skipped"))
        return []


def _is_metadata(records: list[tuple[str, int, dict[str, Any]]]) -> bool:
    if not records:
        return False
    keys = {str(k).lower() for _, _, r in records for k in r}
    return not _has_text_field(keys) and ("id" in keys or "file" in keys)


def _iter_table(path: Path, problems: list[Problem]) -> Iterator[Article]:
    for origin, line, rec in _records(path, problems):
        art = article_from_record(rec, origin, problems, default_id=f"{path.name}:{line}")
        if art is not None:
            yield art


def _iter_folder(folder: Path, problems: list[Problem]) -> Iterator[Article]:
    files = sorted((p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")),
                   key=lambda p: p.relative_to(folder).as_posix())
    texts = [p for p in files if p.suffix.lower() in TEXT_SUFFIXES]
    tables = [p for p in files if p.suffix.lower() in TABLE_SUFFIXES]
    by_key = {}
    for p in texts:
        rel = p.relative_to(folder)
        by_key[rel.with_suffix("").as_posix()] = p
        by_key[rel.as_posix()] = p
    metadata: dict[Path, tuple[str, dict[str, Any]]] = {}
    article_tables = []
    for table in tables:
        records = _records(table, problems)
        if not _is_metadata(records):
            article_tables.append((table, records))
            continue
        for origin, _, rec in records:
            lower = {str(k).lower(): k for k in rec}
            name = rec.get(lower.get("file", ""), None) or rec.get(lower.get("id", ""), None)
            target = by_key.get(str(name).strip()) if name is not None else None
            if target is None:
                problems.append(Problem(origin, f"metadata names {name!r}, which is not a text file "
                                        f"in {folder}: row not used"))
                continue
            meta = {k: v for k, v in rec.items() if str(k).lower() not in ("file",)}
            metadata[target] = (origin, meta)
    for p in texts:
        rel_id = p.relative_to(folder).with_suffix("").as_posix()
        try:
            text = read_text(p, problems)
        except OSError as exc:
            problems.append(Problem(str(p), f"cannot read ({exc.strerror}): file skipped"))
            continue
        record: dict[str, Any] = {}
        if p in metadata:
            record.update(metadata[p][1])
        record = {k: v for k, v in record.items() if not _has_text_field([k])}
        lower = {str(k).lower(): k for k in record}
        if "id" in lower:
            record.pop(lower["id"])
        record["id"] = rel_id
        record["text"] = text
        art = article_from_record(record, str(p), problems)
        if art is not None:
            yield art
    for table, records in article_tables:
        if not records:
            continue
        for origin, line, rec in records:
            art = article_from_record(rec, origin, problems, default_id=f"{table.name}:{line}")
            if art is not None:
                yield art


def iter_articles(paths: Sequence[PathLike], problems: list[Problem]) -> Iterator[Article]:
    """Articles from each path in turn (a folder, or a .txt, .md, .jsonl, .csv or .json file).

    Duplicate ids are kept under `<id>~2`, `<id>~3`, ... with a Problem naming both origins.
    Raises InputError for a path that does not exist or is of no readable kind.
    """
    seen: dict[str, str] = {}
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{raw}: no such file or folder; give a folder of .txt files or a "
                             ".jsonl, .csv or .json file")
        if path.is_dir():
            source: Iterator[Article] = _iter_folder(path, problems)
        elif path.suffix.lower() in TEXT_SUFFIXES:
            source = iter([a for a in [article_from_record(
                {"id": path.stem, "text": read_text(path, problems)}, str(path), problems)] if a])
        elif path.suffix.lower() in TABLE_SUFFIXES:
            source = _iter_table(path, problems)
        else:
            raise InputError(f"{raw}: not a corpus file; expected a folder or a .txt, .md, .jsonl, "
                             ".csv or .json file")
        for art in source:
            if art.id in seen:
                n = 2
                while f"{art.id}~{n}" in seen:
                    n += 1
                new_id = f"{art.id}~{n}"
                problems.append(Problem(art.origin, f"duplicate id {art.id!r} (first at "
                                        f"{seen[art.id]}): kept as {new_id!r}; give every article "
                                        "a unique id", new_id))
                art = Article(**{**art.__dict__, "id": new_id})
            seen[art.id] = art.origin
            yield art


def load_corpus(paths: Union[PathLike, Sequence[PathLike]]) -> Corpus:
    """Every article of `paths`, and every problem met. Raises InputError when no article at
    all could be read."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    problems: list[Problem] = []
    articles = tuple(iter_articles(paths, problems))
    if not articles:
        names = ", ".join(str(p) for p in paths)
        detail = f" ({len(problems)} problem(s): {problems[0]})" if problems else ""
        raise InputError(f"no articles found in {names}: expected *.txt, *.md, *.jsonl, *.csv or "
                         f"*.json files with article texts{detail}")
    return Corpus(articles, tuple(problems))
