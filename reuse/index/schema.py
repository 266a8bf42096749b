"""The index's SQLite file: its tables, its schema version and the migrations between versions.

One file (with SQLite's `-wal` and `-shm` beside it while open), in WAL mode so that readers never
wait for a writer and a killed writer leaves every committed transaction whole. Tables, readable
by Datasette or any SQL client:

    meta      key (primary key), value: `schema_version`, `created`, `newsreuse` (the version
              that made it)
    settings  key (primary key), value (JSON-encoded): the settings the index was built with, as
              a report's `settings` object
    articles  n (integer primary key), id (unique), outlet, published, published_inferred, title,
              url, byline, origin, extra (JSON), text, chars, digest (SHA-256 of the article's
              fields), sketch (what the candidate stage computed of its units: band keys,
              verification bits, names-and-figures signatures; see
              `reuse.stages.candidates.stage.ArticleSketch`), added, updated
    bands     segment (-> segments.n), key, article (-> articles.n): which articles hold each
              LSH band key. Kept as a log-structured merge: each step of an `add` writes its
              keys, sorted, as a new segment at the end of the table (so an add writes new pages
              instead of rewriting the table's), and FANOUT segments of one level are merged
              into one of the next level. A lookup seeks the key in each segment.
    segments  n (primary key), level, rows
    stems     stem (primary key), df: how many articles hold each content stem (and, after a
              space, each content word as written), for TF-IDF
    history   n (primary key), at, id, change (`added`, `updated`, `removed`), digest, chars:
              every change made to the index, in order
    report_*  the last report kept by `index report --store` (`Index.report(store=True)`): the
              SQLite report's tables (matches, passages, clusters, stories, story_carriers,
              derivations, ...) named with `report_` in front; `meta.report` says when and over
              which articles it was made

`PRAGMA user_version` holds the schema version too.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path
from typing import Optional

from .. import __version__
from ..errors import InputError
from ..text.dates import moment, parse_published

__all__ = ["ARTICLE_COLUMNS", "SCHEMA_VERSION", "connect", "now"]

SCHEMA_VERSION = 1

# What an article is read by (`n` and `digest` for the readers' check): not the sketch, 7.6 KB
# an article that SQLite would otherwise read from its overflow pages for nothing.
ARTICLE_COLUMNS = (
    "n, id, outlet, published, published_inferred, title, url, byline, origin, extra, text, digest"
)

_SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    outlet TEXT,
    published TEXT,
    published_inferred INTEGER NOT NULL,
    title TEXT,
    url TEXT,
    byline TEXT,
    origin TEXT NOT NULL,
    extra TEXT NOT NULL,
    text TEXT NOT NULL,
    chars INTEGER NOT NULL,
    digest TEXT NOT NULL,
    sketch BLOB NOT NULL,
    added TEXT NOT NULL,
    updated TEXT
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE TABLE segments (n INTEGER PRIMARY KEY, level INTEGER NOT NULL, rows INTEGER NOT NULL);
CREATE TABLE bands (
    segment INTEGER NOT NULL REFERENCES segments (n),
    key INTEGER NOT NULL,
    article INTEGER NOT NULL REFERENCES articles (n),
    PRIMARY KEY (segment, key, article)
) WITHOUT ROWID;
CREATE TABLE stems (stem TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE history (
    n INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    id TEXT NOT NULL,
    change TEXT NOT NULL,
    digest TEXT,
    chars INTEGER
);
"""

# Version k -> k + 1, as single statements run in one transaction. A file of an older version
# is brought up to date when opened for writing.
_MIGRATIONS: dict[int, list[str]] = {
    0: [s.strip() for s in _SCHEMA_1.split(";") if s.strip()],
}

# How long a writer waits for another process's write to finish before giving up.
BUSY_SECONDS = 600.0


def now() -> str:
    """The time, as ISO 8601 UTC to the second."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def date_bound(value: Optional[str], option: str) -> Optional[str]:
    """A date or time given to select or remove articles (`--since`, `--until`, `--before`), read
    as the corpus's dates are ("1916-01-02", "January 2, 1916", "2021-12-06T14:30:00-05:00"), as
    the UTC moment it starts (a date: its midnight, as dates are compared elsewhere); None for
    None.

    Raises:
        InputError: the value is no date newsreuse can read (naming `option`).
    """
    if value is None:
        return None
    when = moment(parse_published(value))
    if when is None:
        raise InputError(
            f"{option} {value!r}: not a date newsreuse can read; give one such as 2021-12-06 "
            "or 2021-12-06T14:30:00Z"
        )
    return when.utc.isoformat()


def near_day(bound: str, days: int) -> str:
    """The day `days` from a bound (as `date_bound` gives), as "YYYY-MM-DD": a string every
    date written within a day of the bound's, in any zone, sorts on the right side of."""
    return (dt.datetime.fromisoformat(bound) + dt.timedelta(days=days)).date().isoformat()


def _span(published: Optional[str]) -> Optional[tuple[dt.datetime, dt.datetime, bool]]:
    """When an article may have been published: (start, end, timed), a date without a time
    being its whole UTC day; None with no date."""
    when = moment(published)
    if when is None:
        return None
    if when.has_time:
        return when.utc, when.utc, True
    return when.utc, when.utc + dt.timedelta(days=1), False


def within(published: Optional[str], since: Optional[str], until: Optional[str]) -> int:
    """1 when an article published at `published` may lie in [`since`, `until`) (bounds as
    `date_bound` gives; either may be None), else 0; 0 for an article with no date. A date
    without a time is its whole (UTC) day and is in the range when the day meets it: `--since
    1916-01-04T00:00:00` keeps the pages dated 4 January."""
    span = _span(published)
    if span is None:
        return 0
    start, end, timed = span
    if since is not None:
        bound = dt.datetime.fromisoformat(since)
        if (end < bound) if timed else (end <= bound):
            return 0
    if until is not None and start >= dt.datetime.fromisoformat(until):
        return 0
    return 1


def before(published: Optional[str], bound: str) -> int:
    """1 when an article published at `published` evidently came before `bound` (as
    `date_bound` gives), else 0; 0 for an article with no date. A date without a time must
    have ended by then: removing what is older than a time never takes its own day's pages."""
    span = _span(published)
    if span is None:
        return 0
    start, end, timed = span
    limit = dt.datetime.fromisoformat(bound)
    return int(start < limit) if timed else int(end <= limit)


def connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """The index at `path`, opened (and created, or migrated to the current schema, when
    `create`).

    Raises:
        InputError: the file is not an index (or not SQLite), is of a newer schema than this
            newsreuse reads, or does not exist and `create` is false.
    """
    if not create and not path.exists():
        raise InputError(f"{path}: no index here; make one with `newsreuse index add {path} ...`")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give the index's file name (e.g. news.db)")
    try:
        db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(
            "PRAGMA cache_size=-262144"
        )  # 256 MiB of pages: band keys are inserted at random
        db.execute("PRAGMA foreign_keys=OFF")
        db.create_function("newsreuse_within", 3, within, deterministic=True)
        db.create_function("newsreuse_before", 2, before, deterministic=True)
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise InputError(
            f"{path}: not a newsreuse index ({exc}); give the index's file (made by "
            "`newsreuse index add INDEX CORPUS`), or a new path to make one"
        ) from exc
    if version == 0 and tables:
        db.close()
        raise InputError(f"{path}: a SQLite file but not a newsreuse index; give another path")
    if version > SCHEMA_VERSION:
        db.close()
        raise InputError(
            f"{path}: index schema version {version} is newer than this newsreuse "
            f"({__version__}) reads ({SCHEMA_VERSION}); upgrade newsreuse"
        )
    if version < SCHEMA_VERSION:
        if not create:
            db.close()
            raise InputError(f"{path}: index schema {version} needs upgrading; run `index add`")
        _migrate(db, version)
    return db


def _migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring the schema from `version` to SCHEMA_VERSION, each step in one transaction."""
    while version < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            now_version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if now_version == version:  # another process may have migrated meanwhile
                for statement in _MIGRATIONS[version]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")
                db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(version + 1),)
                )
                if version == 0:
                    db.execute("INSERT INTO meta VALUES ('created', ?)", (now(),))
                db.execute("INSERT OR REPLACE INTO meta VALUES ('newsreuse', ?)", (__version__,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
