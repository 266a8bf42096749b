"""The SQLite report: one database file, ready for Datasette or any SQL client.

Tables (columns named as in the JSON report; booleans are 0/1):
    articles     id (primary key), outlet, published, published_inferred, title, chars,
                 reused_chars, text (the full article text, when the report has it)
    matches      id (primary key), a and b (-> articles.id), offsets, similarity, kind, quoted, ...
    clusters     id (primary key), quoted, passages (how many)
    passages     id (primary key), cluster (-> clusters.id), article (-> articles.id), start, end,
                 text
    derivations  id (primary key), source and target (-> articles.id), relation, confidence,
                 shared_chars, target_coverage, evidence (a JSON array)
    relations    every pairwise relation (`Report.relations()`), as derivations: the
                 derivations, then the common-source pairs wide stories tell
    stories      id (primary key), cluster (-> clusters.id), core (-> articles.id), text,
                 carriers (how many), outlets, earliest, first_seen, last_seen, spread (JSON),
                 wire, source, source_article, purity, quoted, evidence (JSON), confidence,
                 earliest_tied
    story_carriers  story (-> stories.id), rank (1 = earliest), article (-> articles.id)
    problems     id (primary key), where, article, message
    settings     key (primary key), value (JSON-encoded)

A view, `story_pairs` (story, a, b), lists the pairs of a story's carriers that a match pairs:
what `Report.relations()` expands a wide story into (`common-source` pairs when the story's
source is not in the corpus and no derivation relates the pair).

Every foreign-key column has an index. `PRAGMA user_version` holds the report format version.
The file is built next to its destination and then moved over it (`output.atomic_file`), so an
existing file is replaced whole and a failed or interrupted write leaves no half-written database
behind. Lone surrogates, which SQLite refuses, are written as U+FFFD (see `common`).
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from ..errors import OutputError, ReportFormatError
from ..model import Report
from .common import clean_report
from .output import atomic_file

__all__ = ["write", "SCHEMA", "schema", "fill"]

REPORT_VERSION = 1

# The columns of a derivation, in the `derivations` and `relations` tables alike.
_DERIVATION_TABLE = """(
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL REFERENCES articles(id),
    target TEXT NOT NULL REFERENCES articles(id),
    relation TEXT NOT NULL,
    confidence REAL NOT NULL,
    shared_chars INTEGER NOT NULL,
    target_coverage REAL NOT NULL,
    evidence TEXT NOT NULL
)"""

SCHEMA = f"""
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    outlet TEXT,
    published TEXT,
    published_inferred INTEGER NOT NULL,
    title TEXT,
    chars INTEGER NOT NULL,
    reused_chars INTEGER NOT NULL,
    text TEXT
);
CREATE TABLE matches (
    id TEXT PRIMARY KEY,
    a TEXT NOT NULL REFERENCES articles(id),
    a_start INTEGER NOT NULL,
    a_end INTEGER NOT NULL,
    b TEXT NOT NULL REFERENCES articles(id),
    b_start INTEGER NOT NULL,
    b_end INTEGER NOT NULL,
    similarity REAL NOT NULL,
    kind TEXT NOT NULL,
    quoted INTEGER NOT NULL,
    a_literal_chars INTEGER NOT NULL,
    b_literal_chars INTEGER NOT NULL,
    via TEXT REFERENCES clusters(id)
);
CREATE TABLE clusters (
    id TEXT PRIMARY KEY,
    quoted INTEGER NOT NULL,
    passages INTEGER NOT NULL
);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY,
    cluster TEXT NOT NULL REFERENCES clusters(id),
    article TEXT NOT NULL REFERENCES articles(id),
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE derivations {_DERIVATION_TABLE};
CREATE TABLE relations {_DERIVATION_TABLE};
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    cluster TEXT NOT NULL REFERENCES clusters(id),
    core TEXT NOT NULL REFERENCES articles(id),
    text TEXT NOT NULL,
    carriers INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    earliest TEXT REFERENCES articles(id),
    first_seen TEXT,
    last_seen TEXT,
    spread TEXT NOT NULL,
    wire TEXT,
    source TEXT NOT NULL,
    source_article TEXT REFERENCES articles(id),
    purity REAL NOT NULL,
    quoted INTEGER NOT NULL,
    evidence TEXT NOT NULL,
    confidence REAL,
    earliest_tied INTEGER
);
CREATE TABLE story_carriers (
    story TEXT NOT NULL REFERENCES stories(id),
    rank INTEGER NOT NULL,
    article TEXT NOT NULL REFERENCES articles(id),
    PRIMARY KEY (story, rank)
);
CREATE TABLE problems (
    id INTEGER PRIMARY KEY,
    "where" TEXT NOT NULL,
    article TEXT,
    message TEXT NOT NULL
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE INDEX matches_a ON matches(a);
CREATE INDEX matches_b ON matches(b);
CREATE INDEX passages_cluster ON passages(cluster);
CREATE INDEX passages_article ON passages(article);
CREATE INDEX derivations_source ON derivations(source);
CREATE INDEX derivations_target ON derivations(target);
CREATE INDEX relations_source ON relations(source);
CREATE INDEX relations_target ON relations(target);
CREATE INDEX story_carriers_article ON story_carriers(article);
CREATE INDEX matches_via ON matches(via);
CREATE INDEX stories_cluster ON stories(cluster);
CREATE VIEW story_pairs AS
    SELECT DISTINCT c1.story AS story, m.a AS a, m.b AS b
    FROM story_carriers c1
    JOIN story_carriers c2 ON c2.story = c1.story AND c1.article < c2.article
    JOIN matches m ON m.a = c1.article AND m.b = c2.article;
"""


def schema(prefix: str = "") -> str:
    """SCHEMA with every table, index and view name led by `prefix` (a report kept inside
    another database, as `reuse.Index` keeps its last report)."""
    named = re.sub(
        r"\b(CREATE TABLE|CREATE INDEX|CREATE VIEW|REFERENCES|FROM|JOIN) (\w+)",
        lambda m: f"{m.group(1)} {prefix}{m.group(2)}",
        SCHEMA,
    )
    return re.sub(r"\bON (\w+)\(", lambda m: f"ON {prefix}{m.group(1)}(", named)


def fill(db: sqlite3.Connection, report: Report, prefix: str = "") -> None:
    """Insert the report into the tables of `schema(prefix)`."""
    db.executemany(
        f"INSERT INTO {prefix}articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        # One article at a time: the texts of a report over an index are read when asked.
        (
            (
                a.id,
                a.outlet,
                a.published,
                int(a.published_inferred),
                a.title,
                a.chars,
                a.reused_chars,
                report.texts.get(a.id),
            )
            for a in report.articles
        ),
    )
    db.executemany(
        f"INSERT INTO {prefix}clusters VALUES (?, ?, ?)",
        [(c.id, int(c.quoted), len(c.passages)) for c in report.clusters],
    )
    db.executemany(
        f"INSERT INTO {prefix}matches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                m.id,
                m.a,
                m.a_start,
                m.a_end,
                m.b,
                m.b_start,
                m.b_end,
                m.similarity,
                m.kind,
                int(m.quoted),
                m.a_literal_chars,
                m.b_literal_chars,
                m.via,
            )
            for m in report.matches
        ],
    )
    db.executemany(
        f'INSERT INTO {prefix}passages (cluster, article, "start", "end", text) VALUES (?, ?, ?, ?, ?)',
        [(c.id, p.article, p.start, p.end, p.text) for c in report.clusters for p in c.passages],
    )
    for table, derivations in (
        ("derivations", report.derivations),
        ("relations", report.relations()),
    ):
        db.executemany(
            f"INSERT INTO {prefix}{table} (source, target, relation, confidence, shared_chars, "
            "target_coverage, evidence) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    d.source,
                    d.target,
                    d.relation,
                    d.confidence,
                    d.shared_chars,
                    d.target_coverage,
                    json.dumps(list(d.evidence), ensure_ascii=False),
                )
                for d in derivations
            ],
        )
    db.executemany(
        f"INSERT INTO {prefix}stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                s.id,
                s.cluster,
                s.core,
                s.text,
                len(s.carriers),
                s.outlets,
                s.earliest,
                s.first_seen,
                s.last_seen,
                json.dumps([{"period": p, "carriers": n} for p, n in s.spread]),
                s.wire,
                s.source,
                s.source_article,
                s.purity,
                int(s.quoted),
                json.dumps(list(s.evidence), ensure_ascii=False),
                s.confidence,
                s.earliest_tied,
            )
            for s in report.stories
        ],
    )
    db.executemany(
        f"INSERT INTO {prefix}story_carriers VALUES (?, ?, ?)",
        [(s.id, k, a) for s in report.stories for k, a in enumerate(s.carriers, 1)],
    )
    db.executemany(
        f'INSERT INTO {prefix}problems ("where", article, message) VALUES (?, ?, ?)',
        [(p.where, p.article, p.message) for p in report.problems],
    )
    db.executemany(
        f"INSERT INTO {prefix}settings VALUES (?, ?)",
        [
            (k, json.dumps(v, ensure_ascii=False, sort_keys=True, default=str))
            for k, v in sorted(report.settings.items())
        ],
    )


def write(report: Report, path: Path) -> None:
    """Write the report as a SQLite database at `path`, replacing any file there."""
    path = Path(path)
    if path.is_dir():
        raise ReportFormatError(
            f"{path} is a folder: give a file path for the SQLite report, such as report.sqlite"
        )
    report = clean_report(report)
    with atomic_file(path) as tmp:
        try:
            db = sqlite3.connect(tmp)
        except sqlite3.Error as exc:
            raise OutputError(
                f"cannot write the report to {path}: {exc}; check the path and try again"
            ) from exc
        try:
            # Checked while inserting, so a report that names an unknown article fails here.
            db.execute("PRAGMA foreign_keys = ON")
            # The file is a temporary until it is flushed and moved into place, so SQLite's own
            # crash safety (a journal file, a flush per transaction) only costs time here.
            db.execute("PRAGMA journal_mode = MEMORY")
            db.execute("PRAGMA synchronous = OFF")
            db.executescript(SCHEMA)
            db.execute(f"PRAGMA user_version = {REPORT_VERSION}")
            with db:
                fill(db, report)
        except sqlite3.IntegrityError as exc:
            raise ReportFormatError(
                f"cannot write {path}: the report is inconsistent ({exc}); "
                "a match, passage or derivation names an article or cluster "
                "that is not in the report"
            ) from exc
        except sqlite3.OperationalError as exc:
            # SQLite's own words for a full disk or an I/O error ("database or disk is full").
            hint = (
                "free some space or write the report to another disk"
                if "full" in str(exc)
                else "check the path and try again"
            )
            raise OutputError(f"cannot write the report to {path}: {exc}; {hint}") from exc
        finally:
            db.close()
            # A transaction cut short (Ctrl-C) may leave SQLite's journal next to the temporary.
            Path(f"{tmp}-journal").unlink(missing_ok=True)
