"""Load a corpus: folders of text files, JSON Lines, CSV and JSON files, per CONTRACT.md.

Nothing a user gives is silently lost. A bad line, an empty text, a duplicate id or undecodable
bytes each become a `Problem` naming the file, line and article, and the rest of the corpus
loads. Only an input with nothing usable at all raises `InputError`.

Order is stable: paths in the order given; inside a folder, files sorted by relative path;
records in file order.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import io
import json
import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence, Union

from .errors import InputError
from .model import Article, Problem

__all__ = ["Corpus", "load_corpus", "iter_articles", "infer_published", "parse_published",
           "article_from_record"]

log = logging.getLogger(__name__)

PathLike = Union[str, "os.PathLike[str]"]

# Contract field -> accepted input names (matched case-insensitively), first one preferred.
_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "text": ("text", "body", "content"),
    "outlet": ("outlet", "publisher", "series", "source"),
    "published": ("published", "date", "scrape_time", "published_at"),
    "title": ("title",),
    "url": ("url",),
    "byline": ("byline",),
}
_TEXT_SUFFIXES = (".txt", ".md")
_TABLE_SUFFIXES = (".jsonl", ".csv", ".json")
_KINDS = "*.txt, *.md, *.jsonl, *.csv or *.json"
_WHAT_TO_GIVE = "give a folder of .txt or .md files, or a .jsonl, .csv or .json file"


@dataclass(frozen=True)
class Corpus:
    """The articles that loaded, in a stable order, and every problem met on the way."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class _Record:
    """One JSON object or CSV row: where it is (`file:line`), its fields, and what follows the
    file's name in its default id (`:<line>`, `#<item>`, or "" when the file is one article)."""

    origin: str
    data: dict[str, Any]
    label: str


# ----------------------------------------------------------------------------- text decoding

# cp1252 leaves five bytes undefined; latin-1 maps them to control characters so that every
# byte still decodes to exactly one character.
_CP1252 = {b: (bytes([b]).decode("cp1252", errors="ignore") or chr(b)) for b in range(0x80, 0x100)}
_ESCAPED = re.compile("[\udc80-\udcff]")
_UTF8_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _decode(data: bytes, where: str, problems: list[Problem], article: Optional[str] = None) -> str:
    """The bytes as UTF-8 (a BOM dropped). Undecodable bytes never stop a run.

    A few bad bytes in a file that is otherwise UTF-8 become U+FFFD, one per byte. When more than
    1% of the bytes are bad, or the file holds no valid non-ASCII UTF-8 at all (ASCII with stray
    Windows quotes), it is read as cp1252. Either way a Problem counts the bad bytes.
    """
    has_bom = data.startswith(codecs.BOM_UTF8)
    if has_bom:
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # surrogateescape turns each undecodable byte into one lone surrogate, so they can be counted.
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED.findall(escaped))
    utf8_evidence = has_bom or _UTF8_NON_ASCII.search(escaped) is not None
    were = "was" if bad == 1 else "were"
    if utf8_evidence and bad * 100 <= len(data):
        problems.append(Problem(where, f"{_plural(bad, 'byte')} {were} not valid UTF-8 and {were} "
                                "replaced with U+FFFD; save the file as UTF-8 to keep them",
                                article))
        return _ESCAPED.sub("\ufffd", escaped)
    problems.append(Problem(where, f"{_plural(bad, 'byte')} {were} not valid UTF-8, so the file "
                            "was read as cp1252 (Windows Western); save it as UTF-8 if that is "
                            "wrong", article))
    return data.decode("latin-1").translate(_CP1252)


def _read(path: Path, where: str, problems: list[Problem],
          article: Optional[str] = None) -> Optional[str]:
    """The decoded file, or None (with a Problem) when it cannot be read at all."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(where, f"cannot read the file ({exc.strerror or exc}): skipped",
                                article))
        return None
    return _decode(data, where, problems, article)


# ----------------------------------------------------------------------------- dates

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?[ \t]+)?"
_ZONE = r"(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)"
_SECONDS = r"(?::(?P<s>\d{2})(?P<frac>[.,]\d{1,6})?)?"
# Same-line blanks only: a time on the next line belongs to the next paragraph.
_CLOCK = (r"(?:,?[ \t]*(?:at[ \t]+)?(?P<h>\d{1,2}):(?P<mi>\d{2})" + _SECONDS +
          r"(?:[ \t]*(?P<ampm>[ap]\.?m\.?))?(?:[ \t]*" + _ZONE + r")?)?")
_DATE_FORMS = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
               r"(?:(?:T|[ \t]+)(?P<h>\d{2}):(?P<mi>\d{2})" + _SECONDS
               + r"(?:[ \t]*" + _ZONE + r")?)?", re.I),
    re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})" + _CLOCK, re.I),
    re.compile(_WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?[ \t-]+" + _MONTH
               + r",?[ \t-]+(?P<y>\d{4})" + _CLOCK, re.I),
    re.compile(_WEEKDAY + _MONTH + r"[ \t]+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?[ \t]+(?P<y>\d{4})"
               + _CLOCK, re.I),
]
_BASIC_DATE = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")


def _iso_from(m: re.Match[str]) -> Optional[str]:
    """ISO 8601 from a date match, a date alone when no time was stated; None if impossible."""
    g = m.groupdict()
    try:
        month = int(g["m"]) if g.get("m") else _MONTHS[g["mon"].lower()[:3]]
        day = dt.date(int(g["y"]), month, int(g["d"]))
        if not g.get("h"):
            return day.isoformat()
        hour = int(g["h"])
        ampm = (g.get("ampm") or "").replace(".", "").lower()
        if ampm and not 1 <= hour <= 12:
            return None
        if ampm:
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        frac = (g.get("frac") or "")[1:]
        moment = dt.datetime(day.year, day.month, day.day, hour, int(g["mi"]), int(g.get("s") or 0),
                             int(frac.ljust(6, "0")) if frac else 0)
    except (ValueError, KeyError, TypeError):
        return None
    text = moment.isoformat()
    tz = (g.get("tz") or "").upper()
    if tz in ("Z", "UTC", "GMT"):
        return text + "Z"
    if tz:
        digits = tz[1:].replace(":", "").ljust(4, "0")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes > 59:
            return None
        return f"{text}{tz[0]}{digits[:2]}:{digits[2:]}"
    return text


def _from_timestamp(seconds: float) -> Optional[str]:
    try:
        moment = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.replace(tzinfo=None).isoformat() + "Z"


def parse_published(value: Any) -> Optional[str]:
    """A given date or date-time as ISO 8601, keeping its precision; None when unreadable.

    Reads ISO 8601 (with or without a zone, `Z`), "Dec 6, 2021", "6 December 2021",
    "Mon, 06 Dec 2021 14:30:00 GMT", "2021/12/06", and unix timestamps (seconds, or
    milliseconds as exported by JavaScript and pandas). A date alone stays a date.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        # Milliseconds since 1970 pass 1e11 in 1973; seconds do not reach it before year 5138.
        return _from_timestamp(value / 1000 if abs(value) >= 1e11 else value)
    text = str(value).strip()
    if re.fullmatch(r"\d{9,13}", text):
        return parse_published(int(text))
    m = _BASIC_DATE.fullmatch(text)
    if m:
        return _iso_from(m)
    for form in _DATE_FORMS:
        m = form.fullmatch(text)
        if m:
            return _iso_from(m)
    return None


_LABEL = re.compile(r"(?<![\w-])(?P<label>first published|published|posted|dated|date|"
                    r"last updated|updated|last modified|modified)"
                    r"[ \t]*(?:on\b|at\b|:|-|\u2013|\|)?[ \t]*(?:\r?\n[ \t]*)?", re.I)
_INFER_WINDOW = 600


def infer_published(text: str) -> Optional[str]:
    """A publication date stated with a label near the start of the text, as ISO 8601.

    Looks for "Published On 6 Dec 2021", "Posted: December 6, 2021 10:30 AM", "date 2021-12-29"
    and the like in the first 600 characters. A published, posted or date label wins over an
    updated one; among equals the first wins. A date without a label (a photo caption, the
    running prose) is not taken.
    """
    best: Optional[tuple[int, str]] = None
    for lab in _LABEL.finditer(text[:_INFER_WINDOW]):
        rank = 1 if "updated" in lab["label"].lower() or "modified" in lab["label"].lower() else 0
        if best is not None and best[0] <= rank:
            continue
        for form in _DATE_FORMS:
            m = form.match(text, lab.end())
            if m:
                iso = _iso_from(m)
                if iso:
                    best = (rank, iso)
                break
        if best is not None and best[0] == 0:
            break
    return best[1] if best else None


# ----------------------------------------------------------------------------- records

def _keys(record: dict[str, Any]) -> dict[str, Any]:
    """Field name, stripped and lower-cased -> the record's own key (the first one wins)."""
    lower: dict[str, Any] = {}
    for key in record:
        lower.setdefault(str(key).strip().lower(), key)
    return lower


def _field_keys(record: dict[str, Any]) -> dict[str, Any]:
    """Contract field -> the record's key holding it, for the fields the record has."""
    lower = _keys(record)
    found = {}
    for name, aliases in _FIELDS.items():
        for alias in aliases:
            if alias in lower:
                found[name] = lower[alias]
                break
    return found


def _has_text_field(keys: Iterable[Any]) -> bool:
    return any(str(k).strip().lower() in _FIELDS["text"] for k in keys)


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "number"
    return {dict: "object", list: "list", str: "string"}.get(type(value), type(value).__name__)


def _str(value: Any) -> Optional[str]:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def article_from_record(record: dict[str, Any], origin: str, problems: list[Problem],
                        default_id: Optional[str] = None) -> Optional[Article]:
    """An Article from a JSON object or CSV row (field aliases per CONTRACT.md).

    Returns None, with a Problem, when the record has no usable text. Fields the contract does
    not name go into `Article.extra` as given.
    """
    keys = _field_keys(record)
    values = {name: record[key] for name, key in keys.items()}
    art_id = _str(values.get("id")) or default_id or origin
    text = values.get("text")
    if text is None:
        problems.append(Problem(origin, "no text (a text, body or content field): record skipped; "
                                "add the article's text", art_id))
        return None
    if isinstance(text, (dict, list)):
        problems.append(Problem(origin, f"text is a JSON {_json_kind(text)}, expected a string: "
                                "record skipped", art_id))
        return None
    text = text if isinstance(text, str) else str(text)
    if not text.strip():
        problems.append(Problem(origin, "empty text: article skipped; give it a text or remove it",
                                art_id))
        return None
    used = set(keys.values())
    extra = {str(k): v for k, v in record.items() if k not in used}
    published, inferred = None, False
    raw = values.get("published")
    if raw is not None and str(raw).strip():
        published = parse_published(raw)
        if published is None:
            extra["published_raw"] = raw
            problems.append(Problem(origin, f"published value {raw!r} is not a date this tool "
                                    "reads (use ISO 8601, e.g. 2021-12-06 or "
                                    "2021-12-06T14:30:00Z): left empty, raw value kept as "
                                    "published_raw", art_id))
    else:
        published = infer_published(text)
        inferred = published is not None
    return Article(id=art_id, text=text, outlet=_str(values.get("outlet")), published=published,
                   published_inferred=inferred, title=_str(values.get("title")),
                   url=_str(values.get("url")), byline=_str(values.get("byline")), origin=origin,
                   extra=extra)


# ----------------------------------------------------------------------------- JSON Lines

def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) split on "\\n" only: JSON strings may hold U+2028 and other breaks
    that `str.splitlines` would cut at."""
    start, n = 0, 1
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield n, text[start:end]
        start, n = end + 1, n + 1


def _jsonl_records(path: Path, problems: list[Problem]) -> Iterator[_Record]:
    text = _read(path, str(path), problems)
    if text is None:
        return
    for n, line in _lines(text):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(where, f"not valid JSON: {exc.msg} at column {exc.colno}; line "
                                    "skipped, fix or remove it"))
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(where, f"line is a JSON {_json_kind(obj)}, expected an object "
                                    "with a text field: line skipped"))
            continue
        yield _Record(where, obj, f":{n}")


# ----------------------------------------------------------------------------- CSV

def _delimiter(header_line: str) -> str:
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
            problems.append(Problem(where, f"column name {name!r} repeats: column {n} read as "
                                    f"{name}~{k}"))
            name = f"{name}~{k}"
        names.append(name)
    return names


def _csv_records(path: Path, problems: list[Problem]) -> Iterator[_Record]:
    text = _read(path, str(path), problems)
    if text is None:
        return
    # News bodies easily pass the csv module's default 128 KiB field limit.
    csv.field_size_limit(min(sys.maxsize, 2 ** 31 - 1))
    first_line = next((line for _, line in _lines(text) if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    header: Optional[list[str]] = None
    try:
        while True:
            start = reader.line_num + 1  # a quoted cell may span lines: note where a row starts
            row = next(reader, None)
            if row is None:
                return
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = _header(row, f"{path}:{start}", problems)
                continue
            where = f"{path}:{start}"
            data: dict[str, Any] = dict(zip(header, row))
            if len(row) > len(header):
                problems.append(Problem(where, f"row has {len(row)} cells, the header "
                                        f"{len(header)}: extra cells kept as extra_cells"))
                data["extra_cells"] = row[len(header):]
            yield _Record(where, data, f":{start}")
    except csv.Error as exc:
        problems.append(Problem(f"{path}:{reader.line_num}", f"CSV error ({exc}): rest of the file "
                                "skipped"))


# ----------------------------------------------------------------------------- JSON

_BLANK = re.compile(r"[ \t\n\r]*")


def _json_item_starts(text: str) -> list[int]:
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


def _json_records(path: Path, problems: list[Problem]) -> Iterator[_Record]:
    text = _read(path, str(path), problems)
    if text is None:
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem(f"{path}:{exc.lineno}", f"not valid JSON: {exc.msg} at column "
                                f"{exc.colno}; file skipped, fix it"))
        return
    if isinstance(data, dict) and data.get("format") == "newsreuse-report":
        problems.append(Problem(str(path), "an earlier newsreuse report, not articles: skipped"))
        return
    if isinstance(data, dict) and not isinstance(data.get("articles"), list):
        if _has_text_field(data):
            yield _Record(str(path), data, "")  # the file is one article
            return
        problems.append(Problem(str(path), "a JSON object without an 'articles' list or a text "
                                "field: file skipped; give a list of article objects"))
        return
    items = data["articles"] if isinstance(data, dict) else data
    if not isinstance(items, list):
        problems.append(Problem(str(path), f"a JSON {_json_kind(data)}, expected a list of article "
                                "objects: file skipped"))
        return
    line, last = 1, 0
    for n, (item, start) in enumerate(zip(items, _json_item_starts(text)), 1):
        line, last = line + text.count("\n", last, start), start
        if isinstance(item, dict):
            # A JSON list is often written on one line, so its items are numbered, not lined.
            yield _Record(f"{path}:{line}", item, f"#{n}")
        else:
            problems.append(Problem(f"{path}:{line}", f"item {n} is a JSON {_json_kind(item)}, "
                                    "expected an object: skipped"))


_READERS = {".jsonl": _jsonl_records, ".csv": _csv_records, ".json": _json_records}


def _table_articles(records: Iterable[_Record], name: str,
                    problems: list[Problem]) -> Iterator[Article]:
    """Articles of a table file; `name`, the start of default ids, is the file's path in its
    folder, or its own name when given directly."""
    for rec in records:
        default = f"{name}{rec.label}" if rec.label else Path(name).with_suffix("").as_posix()
        art = article_from_record(rec.data, rec.origin, problems, default_id=default)
        if art is not None:
            yield art


# ----------------------------------------------------------------------------- folders

def _folder_files(folder: Path) -> list[Path]:
    """Every file under `folder` by relative path, hidden files and folders left out."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root, f) for f in files if not f.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _first_keys(path: Path) -> Optional[list[str]]:
    """Field names of a JSONL or CSV file's first record, read cheaply; None if unknown."""
    try:
        with path.open("rb") as f:
            for raw in f:
                # Decoding problems are reported when the file is read in full.
                line = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
                if not line.strip():
                    continue
                if path.suffix.lower() == ".csv":
                    return next(csv.reader([line], delimiter=_delimiter(line)), [])
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                if isinstance(obj, dict):
                    return list(obj)
    except OSError:
        pass
    return None


def _meta_name(value: Any) -> str:
    name = str(value).strip().replace("\\", "/")
    return name[2:] if name.startswith("./") else name


class _FolderMetadata:
    """Fields from the folder's metadata tables, by the text file they name."""

    def __init__(self, folder: Path, texts: list[Path]) -> None:
        self.folder = folder
        self.by_name: dict[str, Path] = {}
        self.by_folded: dict[str, Path] = {}
        for p in texts:
            rel = p.relative_to(folder)
            for key in (rel.as_posix(), rel.with_suffix("").as_posix()):
                self.by_name.setdefault(key, p)
                self.by_folded.setdefault(key.casefold(), p)
        self.fields: dict[Path, dict[str, Any]] = {}
        self.ids: dict[Path, dict[str, Any]] = {}
        self.first_origin: dict[tuple[Path, str], str] = {}

    def _find(self, name: str, table_dir: str) -> Optional[Path]:
        # A metadata file in a subfolder names that subfolder's files.
        keys = ([f"{table_dir}/{name}"] if table_dir != "." else []) + [name]
        for key in keys:
            if key in self.by_name:
                return self.by_name[key]
        for key in keys:
            if key.casefold() in self.by_folded:
                return self.by_folded[key.casefold()]
        return None

    def add(self, table: Path, records: list[_Record], problems: list[Problem]) -> None:
        table_dir = table.parent.relative_to(self.folder).as_posix()
        for rec in records:
            lower = _keys(rec.data)
            join = next((lower[k] for k in ("file", "id")
                         if k in lower and _str(rec.data[lower[k]]) is not None), None)
            if join is None:
                problems.append(Problem(rec.origin, "metadata row names no file (no file or id "
                                        "value): row not used"))
                continue
            name = _meta_name(rec.data[join])
            target = self._find(name, table_dir)
            if target is None:
                problems.append(Problem(rec.origin, f"metadata names {name!r}, which is not a .txt "
                                        f"or .md file in {self.folder}: row not used"))
                continue
            for key, value in rec.data.items():
                if key == join:
                    continue
                # The article's id is its file's path; an id column beside `file` is kept, not
                # applied, so that ids stay what CONTRACT.md says for folders.
                is_id = str(key).strip().lower() == "id"
                slot = (self.ids if is_id else self.fields).setdefault(target, {})
                old = slot.get(key)
                if old in (None, ""):
                    slot[key] = value
                    self.first_origin[(target, key)] = rec.origin
                elif value not in (None, "") and value != old:
                    first = self.first_origin[(target, key)]
                    problems.append(Problem(rec.origin, f"metadata gives {key}={value!r} for "
                                            f"{name!r}, but {first} gave {old!r}: the first kept"))


def _classify(path: Path, problems: list[Problem]) -> tuple[str, Optional[list[_Record]]]:
    """"articles", "metadata" or "skip" for a table file in a folder, with its records if they
    had to be read to tell."""
    if path.suffix.lower() != ".json":
        keys = _first_keys(path)
        if keys is not None and _has_text_field(keys):
            return "articles", None
    records = list(_READERS[path.suffix.lower()](path, problems))
    keys_seen = {str(k).strip().lower() for rec in records for k in rec.data}
    if not records or _has_text_field(keys_seen):
        return "articles", records
    if keys_seen & {"file", "id"}:
        return "metadata", records
    problems.append(Problem(str(path), "no text field (text, body or content) and no file or id "
                            "column naming the folder's files: file skipped"))
    return "skip", None


def _folder_articles(folder: Path, problems: list[Problem]) -> Iterator[Article]:
    files = _folder_files(folder)
    texts = [p for p in files if p.suffix.lower() in _TEXT_SUFFIXES]
    others = [p for p in files if p.suffix.lower() not in _TEXT_SUFFIXES + _TABLE_SUFFIXES]
    if others:
        names = ", ".join(p.relative_to(folder).as_posix() for p in others[:5])
        more = f" and {len(others) - 5} more" if len(others) > 5 else ""
        problems.append(Problem(str(folder), f"{_plural(len(others), 'file')} of other kinds "
                                f"skipped (expected {_KINDS}): {names}{more}"))
    # Metadata must be known before the first text file is read, wherever the table sorts.
    metadata = _FolderMetadata(folder, texts)
    # Article tables, with their records when classifying had to read them (else streamed).
    tables: dict[Path, Optional[list[_Record]]] = {}
    for p in files:
        if p.suffix.lower() in _TABLE_SUFFIXES:
            kind, records = _classify(p, problems)
            if kind == "metadata":
                metadata.add(p, records or [], problems)
            elif kind == "articles":
                tables[p] = records
    log.debug("%s: %d text files, %d article tables", folder, len(texts), len(tables))
    for p in files:
        rel = p.relative_to(folder)
        if p in tables:
            kept = tables.pop(p)
            records = kept if kept is not None else _READERS[p.suffix.lower()](p, problems)
            yield from _table_articles(records, rel.as_posix(), problems)
        elif p.suffix.lower() in _TEXT_SUFFIXES:
            art_id = rel.with_suffix("").as_posix()
            text = _read(p, str(p), problems, art_id)
            if text is None:
                continue
            record = {**metadata.fields.get(p, {}), "id": art_id, "text": text}
            art = article_from_record(record, str(p), problems)
            if art is not None:
                art.extra.update({k: v for k, v in metadata.ids.get(p, {}).items()
                                  if _str(v) != art_id})
                yield art


# ----------------------------------------------------------------------------- entry points

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
            wrong.append(f"{os.fspath(raw)}: no such file or folder")
        elif not path.is_dir() and path.suffix.lower() not in _TEXT_SUFFIXES + _TABLE_SUFFIXES:
            wrong.append(f"{os.fspath(raw)}: not a folder or a .txt, .md, .jsonl, .csv or .json "
                         "file")
    if wrong:
        raise InputError("; ".join(wrong) + f"; {_WHAT_TO_GIVE}")


def _path_articles(path: Path, problems: list[Problem]) -> Iterator[Article]:
    suffix = path.suffix.lower()
    if path.is_dir():
        yield from _folder_articles(path, problems)
    elif suffix in _TEXT_SUFFIXES:
        text = _read(path, str(path), problems, path.stem)
        art = None if text is None else \
            article_from_record({"id": path.stem, "text": text}, str(path), problems)
        if art is not None:
            yield art
    else:
        yield from _table_articles(_READERS[suffix](path, problems), path.name, problems)


def _unique(articles: Iterable[Article], problems: list[Problem]) -> Iterator[Article]:
    """The articles with duplicate ids renamed `<id>~2`, `<id>~3`, ...: none is dropped."""
    seen: dict[str, str] = {}
    for art in articles:
        if art.id in seen:
            n = 2
            while f"{art.id}~{n}" in seen:
                n += 1
            new_id = f"{art.id}~{n}"
            problems.append(Problem(art.origin, f"duplicate id {art.id!r}, first used by "
                                    f"{seen[art.id]}: kept as {new_id!r}; give every article a "
                                    "unique id", new_id))
            art = dataclasses.replace(art, id=new_id)
        seen[art.id] = art.origin
        yield art


def iter_articles(paths: Union[PathLike, Sequence[PathLike]],
                  problems: list[Problem]) -> Iterator[Article]:
    """Stream the articles of one or more paths (folders, .txt, .md, .jsonl, .csv, .json files).

    Every problem met is appended to `problems`; a bad article or line never stops the stream.
    Duplicate ids are kept under `<id>~2`, `<id>~3`, ... with a Problem naming both origins.

    Raises:
        InputError: at once, before any article is read, for a path that does not exist or is
            neither a folder nor a file of a corpus kind.
    """
    checked = _as_list(paths)
    _check_paths(checked)

    def stream() -> Iterator[Article]:
        for raw in checked:
            yield from _path_articles(Path(raw), problems)

    return _unique(stream(), problems)


def load_corpus(paths: Union[PathLike, Sequence[PathLike]]) -> Corpus:
    """Every article of `paths`, in a stable order, and every problem met.

    Raises:
        InputError: for a path that does not exist or is of no corpus kind, and when no article
            at all could be read.
    """
    checked = _as_list(paths)
    problems: list[Problem] = []
    articles = tuple(iter_articles(checked, problems))
    if not articles:
        names = ", ".join(os.fspath(p) for p in checked)
        first = (f" ({_plural(len(problems), 'problem')}, the first: {problems[0]})"
                 if problems else "")
        raise InputError(f"no articles found in {names}: expected {_KINDS} files holding article "
                         f"texts{first}")
    log.debug("loaded %d articles, %d problems", len(articles), len(problems))
    return Corpus(articles, tuple(problems))
