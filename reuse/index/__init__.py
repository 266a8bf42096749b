"""A persistent index: articles kept on disk, added as they come, one article asked about at a time.

    >>> import reuse
    >>> with reuse.Index("news.db") as index:                   # doctest: +SKIP
    ...     index.add("today/")                                  # new ids added, changed ones updated
    ...     report = index.query({"id": "draft", "text": draft}) # the draft against the archive
    ...     index.remove(before="2026-10-01")                    # forget what is old

What the index keeps of an article: the article itself (every field, so nothing given is lost),
the LSH band keys of its units (the candidate stage's, under the index's settings) and its share
of the document frequencies words are weighed by. A query sketches the article, looks its keys up
(an index seek each), aligns it with the archive articles that share a key (weighing words by the
whole archive's frequencies) and reports as `reuse.detect` does, never reading the whole index.
`Index.report` runs `reuse.detect` over the stored articles, reading each from the file when asked
and starting from the sketches stored with them (`reuse.index.stored`): the same report as one
batch run over them, however many batches they were added in and in whatever order, without
holding the index's texts or band keys in memory.

The file is SQLite (see `reuse.index.schema` for its tables) in WAL mode. Each step of an `add`
(up to 2,000 articles) is one transaction: a process killed mid-way leaves every earlier step
whole and nothing of the step it was in. Two processes may add at once; the second waits for the
first's transaction.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Optional, Union

import numpy as np

from ..corpus.objects import CorpusInput, articles_from
from ..digest import sketch_code_digest
from ..errors import InputError, SettingsError
from ..model import Article, Problem, Report
from ..parallel import check_jobs
from ..pipeline import LoadedCorpus, detect
from ..progress import Progress, as_progress
from ..settings import Settings
from ..stages.align.vectors import document_frequencies
from ..stages.candidates.lsh import CandidateStats, pairs_from_keys
from ..stages.candidates.stage import (
    ArticleSketch,
    CandidatePair,
    Candidates,
    article_sketches,
    find_candidates,
    prepared,
)
from ..stages.prepare import empty_document
from .schema import ARTICLE_COLUMNS, SCHEMA_VERSION, connect, date_bound, near_day, now
from .stored import (
    StaleSketches,
    StoredArticles,
    StoredById,
    StoredTexts,
    changed,
    stored_candidates,
)

__all__ = ["Index", "AddResult", "DEFAULT_MAX_CANDIDATES"]

log = logging.getLogger(__name__)

# Articles written in one transaction by `add` (and removed in one by `remove`).
STEP = 2_000
# Archive articles a query aligns with at most (those sharing the most band keys first); the rest
# are counted in the report.
DEFAULT_MAX_CANDIDATES = 500
# Host parameters SQLite takes in one statement (its default limit is 999 on old builds).
_PARAMS = 900

_FIELDS = ("id", "outlet", "published", "published_inferred", "title", "url", "byline")


@dataclass(frozen=True)
class AddResult:
    """What one `Index.add` did: ids added, updated (other text or fields under a known id) and
    unchanged, and the problems of reading the input."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    problems: tuple[Problem, ...]

    def __str__(self) -> str:
        return (
            f"{len(self.added):,} added, {len(self.updated):,} updated, "
            f"{len(self.unchanged):,} unchanged"
            + (f", {len(self.problems):,} problem(s) in the input" if self.problems else "")
        )


def _digest(a: Article) -> str:
    """SHA-256 of everything an article holds (not where it was read from)."""
    record = {f: getattr(a, f) for f in _FIELDS}
    record["text"] = a.text
    record["extra"] = a.extra
    blob = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        outlet=row["outlet"],
        published=row["published"],
        published_inferred=bool(row["published_inferred"]),
        title=row["title"],
        url=row["url"],
        byline=row["byline"],
        origin=row["origin"],
        extra=json.loads(row["extra"]),
    )


def _as_int64(keys: np.ndarray) -> list[int]:
    """uint64 band keys as SQLite's signed 64-bit integers (the same bits)."""
    return keys.astype(np.uint64).view(np.int64).tolist()


def _keys_of(blob: bytes) -> np.ndarray:
    return ArticleSketch.from_bytes(blob).distinct_keys()


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for lo in range(0, len(items), size):
        yield items[lo : lo + size]


def _colliding(sketch: ArticleSketch, wanted: Sequence[set[int]]) -> ArticleSketch:
    """`sketch` with only the rows that share a band key with `wanted` (one set per band)."""
    keep = np.zeros(len(sketch.unit), bool)
    for band, keys in enumerate(wanted):
        keep |= np.fromiter((k in keys for k in sketch.keys[:, band].tolist()), bool, len(keep))
    return ArticleSketch(
        sketch.keys[keep],
        sketch.low[keep],
        sketch.unit[keep],
        sketch.facts[keep],
        sketch.has_facts[keep],
    )


# Segments of one level merged into one of the next (see `reuse.index.schema`).
FANOUT = 8


def _add_segment(db: sqlite3.Connection, keys: list[int], owners: list[int]) -> None:
    """Write (key, article) rows, sorted, as a new segment; then merge every level that holds
    FANOUT segments into one segment of the next level. New segments take the highest number,
    so their rows go to the end of the table."""
    seg = db.execute("SELECT coalesce(max(n), 0) + 1 FROM segments").fetchone()[0]
    db.execute("INSERT INTO segments VALUES (?, 0, ?)", (seg, len(keys)))
    db.executemany(f"INSERT INTO bands VALUES ({seg}, ?, ?)", zip(keys, owners))
    level = 0
    while True:
        full = [
            r[0] for r in db.execute("SELECT n FROM segments WHERE level = ? ORDER BY n", (level,))
        ]
        if len(full) < FANOUT:
            return
        seg = db.execute("SELECT max(n) + 1 FROM segments").fetchone()[0]
        marks = ",".join("?" * len(full))
        db.execute(
            f"INSERT INTO bands SELECT ?, key, article FROM bands WHERE segment IN ({marks}) "
            "ORDER BY key, article",
            (seg, *full),
        )
        db.execute(f"DELETE FROM bands WHERE segment IN ({marks})", full)
        rows = db.execute(f"SELECT sum(rows) FROM segments WHERE n IN ({marks})", full).fetchone()[
            0
        ]
        db.execute(f"DELETE FROM segments WHERE n IN ({marks})", full)
        db.execute("INSERT INTO segments VALUES (?, ?, ?)", (seg, level + 1, rows))
        level += 1


def _mark_code(db: sqlite3.Connection) -> None:
    """Record which code made the sketches and word counts of this write (in `meta`, under
    `sketch_code`): one digest while every write was made by the same code, else `mixed`.
    A report starts from the stored sketches only when they are this code's own."""
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('sketch_code', ?) ON CONFLICT (key) DO UPDATE "
        "SET value = CASE WHEN value = excluded.value THEN value ELSE 'mixed' END",
        (sketch_code_digest(),),
    )


def _keep_report(db: sqlite3.Connection, report: Report, scope: dict[str, Any]) -> None:
    """Replace the report kept in the index's `report_` tables (inside a transaction)."""
    from ..reports.common import clean_report
    from ..reports.sqlite_report import fill, schema

    old = db.execute(
        "SELECT type, name FROM sqlite_master WHERE name LIKE 'report\\_%' ESCAPE '\\' "
        "AND type IN ('table', 'view') ORDER BY type = 'table'"
    ).fetchall()
    for kind, name in old:
        db.execute(f"DROP {kind.upper()} {name}")
    for statement in schema("report_").split(";"):
        if statement.strip():
            db.execute(statement)
    fill(db, clean_report(report), "report_")
    db.execute("INSERT OR REPLACE INTO meta VALUES ('report', ?)", (json.dumps(scope),))


def _settings_difference(a: Settings, b: Settings) -> str:
    da, db = a.to_dict(), b.to_dict()
    keys = sorted(k for k in set(da) | set(db) if da.get(k) != db.get(k))
    return ", ".join(f"{k} {db.get(k)!r} (index: {da.get(k)!r})" for k in keys)


class Index:
    """An index of articles in one SQLite file at `path`.

    Args:
        path: the index's file; made when missing (unless `create` is false).
        settings: the settings to build it with (a new index), or to check against (an existing
            one: it keeps the settings it was built with, and other settings are a
            SettingsError naming each difference). None: the index's own, or the news
            defaults for a new index.
        create: make the file when it does not exist.

    Raises:
        InputError: `path` is not an index, or does not exist and `create` is false.
        SettingsError: `settings` differ from those the index was built with.
    """

    def __init__(
        self,
        path: Union[str, Path],
        settings: Optional[Settings] = None,
        *,
        create: bool = True,
    ) -> None:
        self.path = Path(path)
        self._db = connect(self.path, create=create)
        self._db.row_factory = sqlite3.Row
        stored = self._stored_settings()
        if stored is None:
            wanted = settings or Settings()
            self._write(
                sqlite3.Connection.executemany,
                "INSERT OR IGNORE INTO settings VALUES (?, ?)",
                [(k, json.dumps(v)) for k, v in wanted.to_dict().items()],
            )
            stored = self._stored_settings()
            assert stored is not None
        if settings is not None and settings != stored:
            self._db.close()
            raise SettingsError(
                f"{self.path}: the index was built with other settings: "
                f"{_settings_difference(stored, settings)}. Use the index's settings (give none), "
                "or build a new index with these"
            )
        self.settings = stored

    # -- plumbing ------------------------------------------------------------------------------

    def __enter__(self) -> Index:
        return self

    def __exit__(
        self,
        kind: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the file (an index is also closed when garbage-collected)."""
        self._db.close()

    def _stored_settings(self) -> Optional[Settings]:
        rows = self._db.execute("SELECT key, value FROM settings").fetchall()
        if not rows:
            return None
        return Settings.from_dict({k: json.loads(v) for k, v in rows})

    def _write(self, fn: Any, *args: Any) -> Any:
        """`fn(db, *args)` in one write transaction (waiting for other writers), committed whole
        or not at all."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            out = fn(self._db, *args)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return out

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def __contains__(self, article_id: object) -> bool:
        return (
            self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            is not None
        )

    # -- reading -------------------------------------------------------------------------------

    def articles(
        self,
        *,
        since: Optional[str] = None,
        until: Optional[str] = None,
        outlets: Optional[Iterable[str]] = None,
    ) -> Iterator[Article]:
        """The stored articles (in order of id), those published on or after `since` and
        before `until` (dates or times, read as the corpus's dates are; an article dated by its
        day alone is selected when that day meets the range, and one with no date is left out
        when either is given), and of `outlets`.

        Raises:
            InputError: `since` or `until` is no date newsreuse can read.
        """
        where, params = self._where(since, until, outlets)
        yield from map(
            _article,
            self._db.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles {where} ORDER BY id", params),
        )

    @staticmethod
    def _where(
        since: Optional[str], until: Optional[str], outlets: Optional[Iterable[str]]
    ) -> tuple[str, list[Any]]:
        terms: list[str] = []
        params: list[Any] = []
        if since is not None or until is not None:
            lo, hi = date_bound(since, "since"), date_bound(until, "until")
            # Dates as written sort as strings to within a day of their zone: these terms let
            # SQLite's index on `published` narrow the rows the exact test then reads.
            if lo is not None:
                terms.append("published >= ?")
                params.append(near_day(lo, -2))
            if hi is not None:
                terms.append("published < ?")
                params.append(near_day(hi, 2))
            terms.append("newsreuse_within(published, ?, ?)")
            params += [lo, hi]
        if outlets is not None:
            names = sorted(set(outlets))
            terms.append(f"outlet IN ({','.join('?' * len(names))})")
            params.extend(names)
        return ("WHERE " + " AND ".join(terms) if terms else ""), params

    # -- adding --------------------------------------------------------------------------------

    def add(
        self,
        corpus: CorpusInput,
        *,
        jobs: Optional[int] = None,
        progress: Optional[Progress] = None,
        step: int = STEP,
    ) -> AddResult:
        """Add the articles of `corpus` (anything `reuse.detect` reads). An id already in the
        index with the same text and fields is left as it is; with other text or fields, the
        article is replaced and the update is recorded in the `history` table. Articles are
        written `step` at a time (in order of id), each step one transaction.

        Raises:
            InputError: no article of `corpus` could be read.
        """
        jobs = check_jobs(jobs)
        tell = as_progress(progress)
        problems: list[Problem] = []
        articles = sorted(articles_from(corpus, problems, self.settings), key=lambda a: a.id)
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        tell.stage("indexing articles", len(articles))
        for part in _batches(articles, step):
            digests = {a.id: _digest(a) for a in part}
            known = self._digests([a.id for a in part])
            todo = [a for a in part if known.get(a.id) != digests[a.id]]
            sketches, df = (
                article_sketches(todo, self.settings, jobs, problems) if todo else ([], Counter())
            )
            fresh = dict(zip([a.id for a in todo], sketches))
            done = self._write(self._store, part, digests, fresh, df)
            added.extend(done[0])
            updated.extend(done[1])
            unchanged.extend(done[2])
            tell.advance(len(part))
        tell.close()
        return AddResult(tuple(added), tuple(updated), tuple(unchanged), tuple(problems))

    def _digests(self, ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for part in _batches(ids, _PARAMS):
            marks = ",".join("?" * len(part))
            out.update(
                self._db.execute(
                    f"SELECT id, digest FROM articles WHERE id IN ({marks})", list(part)
                ).fetchall()
            )
        return out

    def _store(
        self,
        db: sqlite3.Connection,
        step: Sequence[Article],
        digests: dict[str, str],
        sketches: dict[str, ArticleSketch],
        df: Counter[str],
    ) -> tuple[list[str], list[str], list[str]]:
        """Write one step of `add` (inside its transaction). `sketches` and `df` were
        computed for
        the articles that were new or changed before the transaction; another process may have
        written some of the same ids since, so what to write is decided again here."""
        added, updated, unchanged = [], [], []
        delta = Counter(df)
        at = now()
        band_keys: list[np.ndarray] = []
        owners: list[np.ndarray] = []
        for a in step:
            digest = digests[a.id]
            row = db.execute(
                "SELECT n, digest, text, sketch FROM articles WHERE id = ?", (a.id,)
            ).fetchone()
            if row is not None and row["digest"] == digest:
                unchanged.append(a.id)
                if a.id in sketches:  # counted before another process stored the same article
                    delta.subtract(self._frequencies([a]))
                continue
            if a.id not in sketches:  # another process changed it since: compute it here
                more: list[Problem] = []
                (new_sketch,), more_df = article_sketches([a], self.settings, 1, more)
                sketches[a.id] = new_sketch
                delta.update(more_df)
            fields = (
                a.outlet,
                a.published,
                int(a.published_inferred),
                a.title,
                a.url,
                a.byline,
                a.origin,
                json.dumps(a.extra, sort_keys=True, ensure_ascii=False, default=str),
                a.text,
                len(a.text),
                digest,
                sketches[a.id].to_bytes(),
            )
            if row is None:
                cur = db.execute(
                    "INSERT INTO articles (id, outlet, published, published_inferred, title, url, "
                    "byline, origin, extra, text, chars, digest, sketch, added) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (a.id, *fields, at),
                )
                n = cur.lastrowid
                added.append(a.id)
                change = "added"
            else:
                n = row["n"]
                self._forget_keys(db, n, _keys_of(row["sketch"]))
                delta.subtract(self._frequencies([Article(a.id, row["text"])]))
                db.execute(
                    "UPDATE articles SET outlet = ?, published = ?, published_inferred = ?, "
                    "title = ?, url = ?, byline = ?, origin = ?, extra = ?, text = ?, chars = ?, "
                    "digest = ?, sketch = ?, updated = ? WHERE n = ?",
                    (*fields, at, n),
                )
                updated.append(a.id)
                change = "updated"
            band_keys.append(sketches[a.id].distinct_keys().view(np.int64))
            owners.append(np.full(len(band_keys[-1]), n, np.int64))
            db.execute(
                "INSERT INTO history (at, id, change, digest, chars) VALUES (?, ?, ?, ?, ?)",
                (at, a.id, change, digest, len(a.text)),
            )
        if band_keys:
            # In order of key: the B-tree is then written page after page, not at random.
            flat, owner = np.concatenate(band_keys), np.concatenate(owners)
            order = np.lexsort((owner, flat))
            _add_segment(db, flat[order].tolist(), owner[order].tolist())
        self._count_stems(db, delta)
        _mark_code(db)
        return added, updated, unchanged

    def _frequencies(self, articles: Sequence[Article]) -> Counter[str]:
        """The document frequencies `articles` contribute (as the candidate stage counts them)."""
        problems: list[Problem] = []
        return document_frequencies(
            prepared(a, self.settings, problems) or empty_document(a) for a in articles
        )

    @staticmethod
    def _forget_keys(db: sqlite3.Connection, n: int, keys: np.ndarray) -> None:
        segments = [r[0] for r in db.execute("SELECT n FROM segments")]
        marks = ",".join("?" * len(segments))
        db.executemany(
            f"DELETE FROM bands WHERE segment IN ({marks}) AND key = ? AND article = ?",
            ((*segments, k, n) for k in _as_int64(keys)),
        )

    @staticmethod
    def _count_stems(db: sqlite3.Connection, delta: Counter[str]) -> None:
        changes = [(stem, d) for stem, d in sorted(delta.items()) if d]
        db.executemany(
            "INSERT INTO stems VALUES (?, ?) ON CONFLICT (stem) DO UPDATE SET df = df + excluded.df",
            changes,
        )
        if any(d < 0 for _, d in changes):
            db.execute("DELETE FROM stems WHERE df <= 0")

    # -- removing ------------------------------------------------------------------------------

    def remove(
        self, ids: Optional[Iterable[str]] = None, *, before: Optional[str] = None
    ) -> tuple[str, ...]:
        """Forget the articles of `ids` and/or those published before `before` (a date or time,
        read as the corpus's dates are: "2021-12-06", "6 December 2021", an ISO 8601 time with
        its zone). An article dated by its day alone goes only when that day ended before it;
        articles with no date are kept. Returns the ids removed; an id not in the index is not
        an error (it is simply not among them).

        Raises:
            InputError: `before` is no date newsreuse can read.
        """
        if ids is None and before is None:
            raise InputError("say what to remove: ids, or a date to remove what is older")
        chosen: set[str] = set()
        if ids is not None:
            chosen |= set(self._digests(sorted(set(ids))))
        if before is not None:
            bound = date_bound(before, "before")
            assert bound is not None
            chosen |= {
                r[0]
                for r in self._db.execute(
                    "SELECT id FROM articles WHERE published < ? "
                    "AND newsreuse_before(published, ?)",
                    (near_day(bound, 2), bound),
                )
            }
        removed: list[str] = []
        for part in _batches(sorted(chosen), STEP):
            removed.extend(self._write(self._remove, part))
        return tuple(removed)

    def _remove(self, db: sqlite3.Connection, ids: Sequence[str]) -> list[str]:
        delta: Counter[str] = Counter()
        at = now()
        gone = []
        for article_id in ids:
            row = db.execute(
                "SELECT n, text, sketch, digest, chars FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if row is None:  # removed by another process meanwhile
                continue
            self._forget_keys(db, row["n"], _keys_of(row["sketch"]))
            delta.subtract(self._frequencies([Article(article_id, row["text"])]))
            db.execute("DELETE FROM articles WHERE n = ?", (row["n"],))
            db.execute(
                "INSERT INTO history (at, id, change, digest, chars) VALUES (?, ?, 'removed', ?, ?)",
                (at, article_id, row["digest"], row["chars"]),
            )
            gone.append(article_id)
        self._count_stems(db, delta)
        _mark_code(db)
        return gone

    # -- asking --------------------------------------------------------------------------------

    def query(
        self,
        corpus: CorpusInput,
        *,
        add: bool = False,
        max_candidates: int = DEFAULT_MAX_CANDIDATES,
        jobs: Optional[int] = None,
    ) -> Report:
        """The report for the article(s) of `corpus` against the archive.

        Each queried article is sketched and its band keys looked up; the archive articles
        sharing a key (at most `max_candidates` an article, those sharing most keys first; the
        rest are counted in the report's `counts["candidates_left_out"]` and a problem) are
        verified from their stored sketches as the candidate stage verifies, and the pairs that
        pass are aligned, with words weighed by the whole archive's frequencies. Only those
        archive articles' texts are read. The report holds the queried articles and the archive
        articles they share passages with; every match pairs a queried article. A stored article
        under the same id as a queried one is its old version and is left out. With `add`, the
        articles are then added to the index.

        Raises:
            InputError: no article of `corpus` could be read.
        """
        if max_candidates < 1:
            raise SettingsError(f"max_candidates must be at least 1, got {max_candidates}")
        jobs = check_jobs(jobs) if jobs is not None else 1
        settings = self.settings
        problems: list[Problem] = []
        queries = sorted(articles_from(corpus, problems, settings), key=lambda a: a.id)
        asked = {a.id for a in queries}
        query_sketches, query_df = article_sketches(queries, settings, 1, problems)
        stored = self._digests(sorted(asked))
        # Queried articles the index already holds as they are count in its frequencies.
        known = [a for a in queries if stored.get(a.id) == _digest(a)]
        if known:
            query_df.subtract(self._frequencies(known))
        n_stored = len(self)
        n_docs = n_stored + len(queries) - len(known)

        chosen, left_out, crowded = self._lookup(query_sketches, max_candidates)
        archive = [
            (row["id"], row["n"], ArticleSketch.from_bytes(row["sketch"]))
            for row in self._rows(sorted(chosen), "n, id, sketch")
            if row["id"] not in asked
        ]
        names = [q.id for q in queries] + [c[0] for c in archive]
        # Only the archive units that collide with a queried unit in some band can make a pair
        # with it: the others are left out before verifying.
        wanted = [set(col.tolist()) for col in np.concatenate([s.keys for s in query_sketches]).T]
        sketches = query_sketches + [_colliding(c[2], wanted) for c in archive]
        stats = CandidateStats()
        # Each unit keeps every colliding unit (of at most max_candidates articles), not only
        # its max_neighbours nearest: a batch run reports the other carriers of a widely carried
        # passage through its cluster, which a query, seeing one article's pairs, cannot.
        found = pairs_from_keys(
            np.concatenate([s.keys for s in sketches]),
            np.concatenate([np.full(len(s.unit), k, np.int32) for k, s in enumerate(sketches)]),
            np.concatenate([s.unit for s in sketches]),
            settings.replace(max_neighbours=max(settings.max_neighbours, max_candidates)),
            stats,
            verify=np.concatenate([s.low for s in sketches]),
            facts=(
                np.concatenate([s.facts for s in sketches]),
                np.concatenate([s.has_facts for s in sketches]),
            ),
        )
        n_queries = len(queries)
        verified = {pair: units for pair, units in found.items() if pair[0] < n_queries}
        used = sorted({j for _, j in verified if j >= n_queries})
        texts = self._by_numbers([archive[j - n_queries][1] for j in used])

        def finder(
            articles: Sequence[Article],
            settings: Settings,
            jobs: int,
            problems: list[Problem],
            progress: Progress,
        ) -> Candidates:
            at = {a.id: k for k, a in enumerate(articles)}
            pairs: list[CandidatePair] = []
            for (i, j), units in verified.items():
                a, b = at[names[i]], at[names[j]]
                if a < b:
                    pairs.append(((a, b), units))
                else:
                    pairs.append(((b, a), tuple(sorted((v, u) for u, v in units))))
            pairs.sort(key=lambda p: p[0])
            counted = document_frequencies(
                prepared(a, settings, problems) or empty_document(a) for a in articles
            )
            df = self._stem_counts(sorted(counted))
            df.update({k: v for k, v in query_df.items() if v > 0})
            return Candidates(pairs, df, stats, n_docs=n_docs)

        report = detect([*queries, *texts], settings, jobs=jobs, finder=finder)
        # Pairs of two archive articles (found through a cluster the query joins) are the
        # archive's business, not the query's.
        matches = tuple(m for m in report.matches if m.a in asked or m.b in asked)
        derivations = tuple(d for d in report.derivations if d.source in asked or d.target in asked)
        related = (
            asked
            | {m.a for m in matches}
            | {m.b for m in matches}
            | {p.article for c in report.clusters for p in c.passages}
        )
        extra = list(problems)
        if left_out:
            extra.append(
                Problem(
                    "<query>",
                    f"{left_out:,} archive articles that share an LSH band key with a queried "
                    f"article were not compared (at most {max_candidates:,} an article, those "
                    "sharing most keys first); raise max_candidates to compare them",
                )
            )
        articles = tuple(a for a in report.articles if a.id in related)
        counts = {
            **report.counts,
            "articles": len(articles),
            "matches": len(matches),
            "matches_via_clusters": sum(m.via is not None for m in matches),
            "derivations": len(derivations),
            "archive_articles": n_stored,
            "archive_candidates": len(archive),
            "candidates_left_out": left_out,
            "crowded_keys_skipped": crowded,
        }
        report = dataclasses.replace(
            report,
            articles=articles,
            matches=matches,
            derivations=derivations,
            texts={k: v for k, v in report.texts.items() if k in related},
            problems=tuple(extra) + tuple(report.problems),
            counts=counts,
        )
        if add:
            self.add(queries, jobs=jobs)
        return report

    def _lookup(
        self, sketches: Sequence[ArticleSketch], max_candidates: int
    ) -> tuple[set[int], int, int]:
        """The archive articles (numbers) sharing a band key with each sketch, at most
        `max_candidates` a sketch (most keys shared first); also how many were left out, and
        how many keys were skipped for being in more than `max_bucket` articles (as the
        candidate stage skips such buckets)."""
        limit = self.settings.max_bucket
        segments = [r[0] for r in self._db.execute("SELECT n FROM segments ORDER BY n")]
        marks = ",".join("?" * len(segments))
        chosen: set[int] = set()
        left_out = crowded = 0
        for sketch in sketches:
            shared: Counter[int] = Counter()
            for key in _as_int64(sketch.distinct_keys()):
                rows = self._db.execute(
                    f"SELECT article FROM bands WHERE segment IN ({marks}) AND key = ? LIMIT ?",
                    (*segments, key, limit + 1),
                ).fetchall()
                if len(rows) > limit:
                    crowded += 1
                    continue
                shared.update(r[0] for r in rows)
            ranked = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
            left_out += max(0, len(ranked) - max_candidates)
            chosen.update(n for n, _ in ranked[:max_candidates])
        return chosen, left_out, crowded

    def _rows(self, numbers: Sequence[int], columns: str) -> Iterator[sqlite3.Row]:
        for part in _batches(numbers, _PARAMS):
            marks = ",".join("?" * len(part))
            yield from self._db.execute(
                f"SELECT {columns} FROM articles WHERE n IN ({marks}) ORDER BY n", list(part)
            )

    def _by_numbers(self, numbers: Sequence[int]) -> list[Article]:
        return sorted(map(_article, self._rows(numbers, "*")), key=lambda a: a.id)

    def _stem_counts(self, stems: Sequence[str]) -> Counter[str]:
        out: Counter[str] = Counter()
        for part in _batches(stems, _PARAMS):
            marks = ",".join("?" * len(part))
            out.update(
                dict(
                    self._db.execute(
                        f"SELECT stem, df FROM stems WHERE stem IN ({marks})", list(part)
                    ).fetchall()
                )
            )
        return out

    def report(
        self,
        *,
        since: Optional[str] = None,
        until: Optional[str] = None,
        outlets: Optional[Iterable[str]] = None,
        jobs: Optional[int] = None,
        progress: Any = None,
        store: bool = False,
        checkpoint: Union[str, os.PathLike[str], None] = None,
    ) -> Report:
        """`reuse.detect` over the stored articles (or those of `since`, `until`, `outlets`, as
        `articles` selects them): the report one batch run over the same articles gives.

        The texts are read from the file when a stage asks for them (`report.texts` too), and
        the candidates come from the sketches stored when the articles were added (see
        `reuse.index.stored`): memory holds the units' verification bits, one band of keys at
        a time, and what the stages find, not the index.

        With `store`, the report is also kept in the index, replacing the one kept before: the
        tables of the SQLite report (`reuse.reports.sqlite_report`) named with `report_` in
        front (report_matches, report_passages, report_clusters, report_stories, ...; the texts
        stay in `articles`), and in `meta`, under `report`, when and over what it was made.

        With `checkpoint`, a folder, the work is kept there as it goes (`reuse.detect`): the
        same report asked again of the same articles (their stored digests) resumes from it.

        Raises:
            InputError: no stored article is selected; another process changed the index while
                the report was being made (run it again).
        """
        where, params = self._where(since, until, outlets)
        # One read transaction: the selection, the last change and the word counts are of one
        # state of the index; a change made after it is caught by the digests and the history.
        self._db.execute("BEGIN")
        try:
            chosen = self._db.execute(
                f"SELECT n, id, digest, length(sketch) FROM articles {where} ORDER BY id", params
            ).fetchall()
            last = self._db.execute("SELECT coalesce(max(n), 0) FROM history").fetchone()[0]
            code = self._db.execute("SELECT value FROM meta WHERE key = 'sketch_code'").fetchone()
            trusted = code is not None and code[0] == sketch_code_digest()
            df = (
                Counter(dict(self._db.execute("SELECT stem, df FROM stems WHERE df > 0")))
                if trusted and not where
                else None
            )
        finally:
            self._db.execute("COMMIT")
        if not chosen:
            raise InputError(f"{self.path}: no article of the index is selected")
        numbers, ids, digests, sizes = (list(column) for column in zip(*chosen))
        del chosen
        stored = StoredArticles(self.path, numbers, ids, [bytes.fromhex(d) for d in digests])
        del digests
        by_id = StoredById(stored)

        def finder(
            articles: Sequence[Article],
            settings: Settings,
            jobs: int,
            problems: list[Problem],
            progress: Progress,
        ) -> Candidates:
            if trusted:
                try:
                    return stored_candidates(
                        self.path, stored, sizes, df, settings, jobs, problems, progress
                    )
                except StaleSketches:
                    pass
            # Sketches made by other code (an index built by another version) are not this
            # run's: every article is sketched again, as a batch run does.
            log.warning(
                "%s: the stored sketches were made by other newsreuse code; sketching every "
                "article again (this needs the memory of a batch run)",
                self.path,
            )
            return find_candidates(articles, settings, jobs, problems, progress)

        report = detect(
            LoadedCorpus(stored, by_id, StoredTexts(by_id), digests=stored.digests),
            self.settings,
            jobs=jobs,
            progress=progress,
            finder=finder,
            checkpoint=checkpoint,
        )

        def unchanged(db: sqlite3.Connection) -> None:
            if db.execute("SELECT count(*) FROM history WHERE n > ?", (last,)).fetchone()[0]:
                raise changed(self.path)

        if store:
            scope = {
                "at": now(),
                "articles": len(numbers),
                "since": since,
                "until": until,
                "outlets": sorted(outlets) if outlets is not None else None,
            }

            def keep(db: sqlite3.Connection) -> None:
                unchanged(db)
                _keep_report(db, dataclasses.replace(report, texts={}), scope)

            self._write(keep)
        else:
            unchanged(self._db)
        return report

    def stats(self) -> dict[str, Any]:
        """Articles, outlets, date range, band keys, stems, size on disk, schema, settings."""
        db = self._db
        one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        size = sum(
            p.stat().st_size
            for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm"))
            if p.exists()
        )
        changes = dict(db.execute("SELECT change, count(*) FROM history GROUP BY change"))
        return {
            "path": str(self.path),
            "articles": one("SELECT count(*) FROM articles"),
            "outlets": one("SELECT count(DISTINCT outlet) FROM articles"),
            "undated_articles": one("SELECT count(*) FROM articles WHERE published IS NULL"),
            "first_published": one("SELECT min(published) FROM articles"),
            "last_published": one("SELECT max(published) FROM articles"),
            "chars": one("SELECT coalesce(sum(chars), 0) FROM articles"),
            "band_keys": one("SELECT count(*) FROM bands"),
            "stems": one("SELECT count(*) FROM stems"),
            "bytes_on_disk": size,
            "schema_version": SCHEMA_VERSION,
            "created": one("SELECT value FROM meta WHERE key = 'created'"),
            "changes": {k: changes.get(k, 0) for k in ("added", "updated", "removed")},
            "preset": self.settings.preset_name,
        }
