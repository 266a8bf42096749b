"""Records (JSON objects, CSV rows, library dicts) into articles, per CONTRACT.md's fields.

One place decides what an article must be, whatever format it came in: a text that is a string
(bytes are decoded like files; numbers, booleans, lists are refused), strings without lone
surrogates, a text no longer than `max_article_chars`, a publication date that is readable and
not in the future. Everything refused or repaired is a `Problem`, never silent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Optional

from ..model import Article, Problem
from ..text.dates import in_the_future, infer_published, parse_published
from .decoding import decode, plural, repair_text

__all__ = [
    "FIELDS",
    "Record",
    "article_from_record",
    "admit",
    "unique_ids",
    "field_keys",
    "has_text_field",
    "FILE_COLUMNS",
    "is_id_key",
    "join_keys",
    "json_kind",
    "clean_str",
]

# Contract field -> accepted input names, first one preferred. Names are matched without case
# and without "_", "-" or spaces ("publishedAt", "published_at" and "Published At" are one),
# so the exports of news APIs and crawlers read as they come: NewsAPI (`publishedAt`,
# `source.name`, `author`), news-please (`maintext`, `date_publish`, `source_domain`,
# `authors`), Media Cloud (`stories_id`, `media_name`, `publish_date`), schema.org
# (`headline`, `articleBody`, `datePublished`, `publisher.name`), Chronicling America's pages
# (`ocr_eng`), and datasets that call the text `article` (CNN / Daily Mail).
FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "stories_id", "article_id", "doc_id", "document_id"),
    "text": (
        "text",
        "body",
        "content",
        "maintext",
        "article_text",
        "body_text",
        "full_text",
        "article_body",
        "article",
        "ocr_eng",
        "ocr_text",
        "ocr",
    ),
    "outlet": (
        "outlet",
        "publisher",
        "series",
        "source",
        "media_name",
        "source_name",
        "site_name",
        "source_domain",
        "publication",
        "newspaper",
    ),
    "published": (
        "published",
        "date",
        "scrape_time",
        "published_at",
        "date_published",
        "date_publish",
        "publish_date",
        "publication_date",
        "pub_date",
        "datetime",
    ),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "byline": ("byline", "author", "authors"),
}


def _squeeze(name: Any) -> str:
    """A field name as aliases are matched: lower case, without "_", "-" and spaces."""
    return "".join(ch for ch in str(name).strip().lower() if ch not in "_- ")


_ALIASES = {name: tuple(map(_squeeze, aliases)) for name, aliases in FIELDS.items()}


@dataclass(frozen=True)
class Record:
    """One JSON object or CSV row: where it is (`file:line`), its fields, and what follows the
    file's name in its default id (`:<line>`, `#<item>`, or "" when the file is one article)."""

    origin: str
    data: dict[str, Any]
    label: str


def _squeezed(keys: Iterable[Any]) -> dict[str, Any]:
    """Squeezed field name -> the first of `keys` that squeezes to it."""
    squeezed: dict[str, Any] = {}
    for key in keys:
        squeezed.setdefault(_squeeze(key), key)
    return squeezed


def field_keys(record: Mapping[str, Any]) -> dict[str, Any]:
    """Contract field -> the record's key holding it, for the fields the record has."""
    squeezed = _squeezed(record)
    found = {}
    for name, aliases in _ALIASES.items():
        for alias in aliases:
            if alias in squeezed:
                found[name] = squeezed[alias]
                break
    return found


def has_text_field(keys: Iterable[Any]) -> bool:
    return any(_squeeze(k) in _ALIASES["text"] for k in keys)


# Columns of a folder's metadata table that name one of its text files: by file name first,
# then by the article's id (its file name without the suffix); matched as field names are.
FILE_COLUMNS = ("file", "filename", "file_name", "filepath", "file_path", "path")
_JOIN = tuple(map(_squeeze, FILE_COLUMNS)) + _ALIASES["id"]


def join_keys(keys: Iterable[Any]) -> list[Any]:
    """The keys (of a record) that may name a text file of its folder, in the order they are
    tried: file name columns, then id columns (`FILE_COLUMNS`, then the id aliases)."""
    squeezed = _squeezed(keys)
    return [squeezed[k] for k in _JOIN if k in squeezed]


def is_id_key(key: Any) -> bool:
    """Whether a field name is one of the id's."""
    return _squeeze(key) in _ALIASES["id"]


def json_kind(value: Any) -> str:
    """How a value reads in a message: "null", "true/false", "number", "object", ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "number"
    names: dict[type, str] = {dict: "object", list: "list", str: "string"}
    return names.get(type(value), type(value).__name__)


def clean_str(value: Any) -> Optional[str]:
    """A metadata value as a stripped string, None when empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _named(value: Any) -> Any:
    """What an outlet or byline given as an object or a list is called: the `name` of an object
    (NewsAPI's `{"id": "reuters", "name": "Reuters"}`, schema.org's `{"@type": "Person", "name":
    ...}`), the names in a list joined by commas; anything else as it is."""
    if isinstance(value, Mapping):
        name = value.get("name")
        return name if isinstance(name, str) and name.strip() else value
    if isinstance(value, (list, tuple)):
        names = [_named(v) for v in value]
        if names and all(isinstance(n, str) for n in names):
            return ", ".join(n.strip() for n in names if n.strip())
    return value


def _date_value(value: Any) -> Any:
    """A date given as MongoDB's extended JSON (`{"$date": "..."}`) as the date itself."""
    if isinstance(value, Mapping) and len(value) == 1 and "$date" in value:
        return value["$date"]
    return value


def _text_of(value: Any, origin: str, art_id: str, problems: list[Problem]) -> Optional[str]:
    """The article text from a record's text field: a string, or bytes decoded as a file's
    would be; anything else is refused with a Problem (None)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return decode(bytes(value), origin, problems, art_id)
    what = json_kind(value)
    problems.append(
        Problem(
            origin,
            f"text is a {what}, expected a string: record skipped; give "
            "the article's text as a string",
            art_id,
        )
    )
    return None


def article_from_record(
    record: Mapping[str, Any],
    origin: str,
    problems: list[Problem],
    default_id: Optional[str] = None,
) -> Optional[Article]:
    """An Article from a JSON object, CSV row or dict (field aliases per CONTRACT.md).

    Returns None, with a Problem, when the record has no usable text. Fields the contract does
    not name go into `Article.extra` as given.
    """
    keys = field_keys(record)
    values = {name: record[key] for name, key in keys.items()}
    reduced = set()  # keys whose object or list gave its name: kept whole in `extra` too
    for name in ("outlet", "byline"):
        if name in values:
            named = _named(values[name])
            if named is not values[name]:
                reduced.add(keys[name])
            values[name] = named
    if "published" in values:
        values["published"] = _date_value(values["published"])
    art_id = clean_str(values.get("id")) or default_id or origin
    if values.get("text") is None:
        problems.append(
            Problem(
                origin,
                "no text (a text, body or content field): record skipped; add the article's text",
                art_id,
            )
        )
        return None
    text = _text_of(values["text"], origin, art_id, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(
            Problem(origin, "empty text: article skipped; give it a text or remove it", art_id)
        )
        return None
    used = set(keys.values()) - reduced
    extra = {str(k): v for k, v in record.items() if k not in used}
    published, inferred = None, False
    raw = values.get("published")
    if raw is not None and str(raw).strip():
        published = parse_published(raw)
        if published is None:
            extra["published_raw"] = raw
            problems.append(
                Problem(
                    origin,
                    f"published value {raw!r} is not a date this tool "
                    "reads (use ISO 8601, e.g. 2021-12-06 or "
                    "2021-12-06T14:30:00Z): left empty, raw value kept as "
                    "published_raw",
                    art_id,
                )
            )
    else:
        published = infer_published(text)
        inferred = published is not None
    if published is not None and in_the_future(published):
        extra["published_raw"] = raw if raw is not None else published
        problems.append(
            Problem(
                origin,
                f"published date {published} lies in the future, so it "
                "cannot say who printed a text first: left empty, raw value kept "
                "as published_raw; correct the date",
                art_id,
            )
        )
        published, inferred = None, False
    return Article(
        id=art_id,
        text=text,
        outlet=clean_str(values.get("outlet")),
        published=published,
        published_inferred=inferred,
        title=clean_str(values.get("title")),
        url=clean_str(values.get("url")),
        byline=clean_str(values.get("byline")),
        origin=origin,
        extra=extra,
    )


_STRING_FIELDS = ("id", "text", "outlet", "title", "url", "byline")


def admit(article: Article, problems: list[Problem], max_chars: int) -> Optional[Article]:
    """The article as the pipeline may take it, or None with a Problem.

    Lone surrogates in its strings become U+FFFD (they cannot be written to any file); a text
    longer than `max_chars` is skipped (a book or a dump is not a news article, and its cost
    would bound the whole run's).
    """
    changes: dict[str, str] = {}
    for name in _STRING_FIELDS:
        value = getattr(article, name)
        if isinstance(value, str):
            fixed, count = repair_text(value)
            if count:
                changes[name] = fixed
                problems.append(
                    Problem(
                        article.origin or "<input>",
                        f"{plural(count, 'lone surrogate')} "
                        f"(half of a character, such as a cut emoji) in its {name} "
                        "became U+FFFD; fix the source text to keep them",
                        changes.get("id", article.id),
                    )
                )
    if changes:
        article = dataclasses.replace(article, **changes)  # type: ignore[arg-type]
    if len(article.text) > max_chars:
        problems.append(
            Problem(
                article.origin or "<input>",
                f"the article is "
                f"{len(article.text):,} characters, more than max_article_chars "
                f"({max_chars:,}): skipped; raise --max-article-chars to compare "
                "it",
                article.id,
            )
        )
        return None
    return article


def unique_ids(articles: Iterable[Article], problems: list[Problem]) -> Iterator[Article]:
    """The articles with duplicate ids renamed `<id>~2`, `<id>~3`, ...: none is dropped.

    One policy for every input, files and library alike: the first article keeps its id, later
    ones are renamed, and a Problem names both origins.
    """
    seen: dict[str, str] = {}
    for art in articles:
        if art.id in seen:
            n = 2
            while f"{art.id}~{n}" in seen:
                n += 1
            new_id = f"{art.id}~{n}"
            problems.append(
                Problem(
                    art.origin or "<input>",
                    f"duplicate id {art.id!r}, first used "
                    f"by {seen[art.id]}: kept as {new_id!r}; give every article a "
                    "unique id",
                    new_id,
                )
            )
            art = dataclasses.replace(art, id=new_id)
        seen[art.id] = art.origin or "<input>"
        yield art
