"""A report over an index without holding the index in memory.

`Index.report` gives `reuse.detect` the stored articles as a `LoadedCorpus` whose sequence and
mappings read each article from the index's file when asked (every process its own connection,
a few recent articles kept), and a candidate stage that starts from the sketches the index
stored when the articles were added instead of preparing and sketching every text again. Its
band keys go to a temporary file a band, read back one band at a time; only the verification
bits and names-and-figures signatures of all units are held together, as the batch run holds
them. The candidate pairs are those of the batch candidate stage over the same articles: the
stored sketches are the stage's own rows, article after article in order of id, as the batch
stage lays them out.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Optional, Union, overload

import numpy as np

from ..errors import InputError, RunError
from ..model import Article, Problem
from ..parallel import chunks, map_steps
from ..progress import Progress
from ..settings import Settings
from ..stages.align.vectors import document_frequencies
from ..stages.candidates.lsh import (
    BandColumns,
    CandidateStats,
    Similar,
    SpilledPairs,
    lsh_params,
    pairs_from_similar,
    similar_unit_pairs,
    spilled_unit_pairs,
)
from ..stages.candidates.minhash import FACT_PERM
from ..stages.candidates.stage import (
    ArticleSketch,
    Candidates,
    article_sketches,
    prepared,
    sketch_rows,
)
from ..stages.held import HeldFolder
from ..stages.prepare import empty_document
from .schema import ARTICLE_COLUMNS, BUSY_SECONDS

__all__ = [
    "StoredArticles",
    "StoredById",
    "StoredTexts",
    "StaleSketches",
    "stored_candidates",
    "changed",
]

# Articles read in one statement when the whole selection is walked through.
_BATCH = 500
# Recent articles each process keeps (attribution and clustering ask for an article again and
# again while they work on its pairs).
_KEEP = 1024
# The temporary folders of band keys (in TMPDIR).
BANDS_PREFIX = "newsreuse-bands-"
# Rows of band keys gathered before they are appended to the band files.
_FLUSH_ROWS = 1 << 18


def changed(path: Path) -> InputError:
    """The error for an index changed by another process after a report over it began."""
    return InputError(
        f"{path}: the index changed while the report was being made, or since (another process "
        "added, updated or removed articles); run the report again"
    )


# Connections a forked process inherited: kept, never closed there (closing a connection made
# before a fork, in the child, is what SQLite says not to do).
_INHERITED: list[sqlite3.Connection] = []


class StaleSketches(Exception):
    """A stored sketch is not what this code makes of the article's text now."""


class _Reader:
    """The index's file opened for reading, once in each process and thread that reads (worker
    processes are forked, and a connection must not cross a fork nor, in Python, a thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def db(self) -> sqlite3.Connection:
        here = self._local
        if getattr(here, "pid", None) != os.getpid():
            if getattr(here, "db", None) is not None:
                _INHERITED.append(here.db)
            here.db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
            here.db.row_factory = sqlite3.Row
            here.pid = os.getpid()
        db: sqlite3.Connection = here.db
        return db

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])  # type: ignore[misc]


def _article(row: sqlite3.Row) -> Article:
    from . import _article as article

    return article(row)


class StoredArticles(Sequence[Article]):
    """The index's articles numbered `numbers` (in that order, which is the order of their ids),
    read when asked. `digests` (SHA-256, as bytes) are the articles' when the report began: an
    article read with another (updated since) or not found (removed since) is an error, never
    a silent mix of two states of the index."""

    def __init__(
        self, path: Path, numbers: Sequence[int], ids: Sequence[str], digests: Sequence[bytes]
    ) -> None:
        self.path = path
        self.numbers = list(numbers)
        self.ids = list(ids)
        self.digests = list(digests)
        self._reader = _Reader(path)
        self._kept: OrderedDict[int, Article] = OrderedDict()
        self._kept_pid = os.getpid()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_kept"] = OrderedDict()
        return state

    def _check(self, k: int, row: Optional[sqlite3.Row]) -> sqlite3.Row:
        if row is None or bytes.fromhex(row["digest"]) != self.digests[k]:
            raise changed(self.path)
        return row

    def __len__(self) -> int:
        return len(self.numbers)

    @overload
    def __getitem__(self, k: int) -> Article: ...

    @overload
    def __getitem__(self, k: slice) -> Sequence[Article]: ...

    def __getitem__(self, k: Union[int, slice]) -> Union[Article, Sequence[Article]]:
        if isinstance(k, slice):
            return list(self._read(range(len(self))[k]))
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        if self._kept_pid != os.getpid():  # a forked worker starts with its own
            self._kept, self._kept_pid = OrderedDict(), os.getpid()
        found = self._kept.get(k)
        if found is None:
            row = (
                self._reader.db()
                .execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE n = ?", (self.numbers[k],))
                .fetchone()
            )
            found = _article(self._check(k, row))
            self._kept[k] = found
            if len(self._kept) > _KEEP:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(k)
        return found

    def __iter__(self) -> Iterator[Article]:
        return self._read(range(len(self)))

    def _read(self, positions: Sequence[int]) -> Iterator[Article]:
        """The articles at `positions`, read `_BATCH` at a time."""
        db = self._reader.db()
        for lo in range(0, len(positions), _BATCH):
            part = positions[lo : lo + _BATCH]
            wanted = [self.numbers[k] for k in part]
            marks = ",".join("?" * len(wanted))
            rows = {
                r["n"]: r
                for r in db.execute(
                    f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE n IN ({marks})", wanted
                )
            }
            for k, n in zip(part, wanted):
                yield _article(self._check(k, rows.get(n)))


class StoredById(Mapping[str, Article]):
    """The articles of a `StoredArticles` by id."""

    def __init__(self, articles: StoredArticles) -> None:
        self.articles = articles
        self.at = {a: k for k, a in enumerate(articles.ids)}

    def __getitem__(self, article_id: str) -> Article:
        return self.articles[self.at[article_id]]

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.at

    def __iter__(self) -> Iterator[str]:
        return iter(self.articles.ids)

    def __len__(self) -> int:
        return len(self.at)


class StoredTexts(Mapping[str, str]):
    """The texts of a `StoredArticles` by id."""

    def __init__(self, by_id: StoredById) -> None:
        self.by_id = by_id

    def __getitem__(self, article_id: str) -> str:
        return self.by_id[article_id].text

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.by_id

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_id)

    def __len__(self) -> int:
        return len(self.by_id)


@dataclass(frozen=True)
class _CountState:
    articles: StoredArticles
    settings: Settings


def _count_step(state: _CountState, bounds: tuple[int, int]) -> Counter[str]:
    """The document frequencies of the articles of one step (prepared as the candidate stage
    prepares them)."""
    lost: list[Problem] = []  # the candidate stage reports these (see `stored_candidates`)
    return document_frequencies(
        prepared(a, state.settings, lost) or empty_document(a)
        for a in state.articles[bounds[0] : bounds[1]]
    )


def stored_candidates(
    path: Path,
    articles: StoredArticles,
    sketch_bytes: Sequence[int],
    df: Optional[Counter[str]],
    settings: Settings,
    jobs: int,
    problems: list[Problem],
    progress: Progress,
) -> Candidates:
    """The candidate stage over `articles` from the sketches the index stored (`sketch_bytes`:
    the size of each one's), giving the pairs the batch candidate stage gives. `df`: the
    document frequencies of the selected articles when known (the index's own, when every
    article is selected); None counts them again from the texts.

    An article whose sketch holds no unit is sketched again from its text: the Problem that its
    preparation failed, if it did, is then reported as the batch run reports it."""
    bands, _ = lsh_params(settings.lsh_threshold, settings.num_perm)
    perm = settings.num_perm
    counts = [sketch_rows(size, settings) for size in sketch_bytes]
    rows = sum(counts)
    low = np.empty((rows, perm), np.uint16)
    facts = np.empty((rows, FACT_PERM), np.uint16)
    has_facts = np.empty(rows, bool)
    doc = np.empty(rows, np.int32)
    unit = np.empty(rows, np.int32)
    # The band keys: on disk, a file a band, when the disk has room for them twice over.
    # (A folder left by a killed run goes when the next report makes its own.)
    held: Optional[HeldFolder] = None
    keys_in_memory: Optional[np.ndarray] = None
    if shutil.disk_usage(tempfile.gettempdir()).free > 2 * rows * bands * 8:
        held = HeldFolder(BANDS_PREFIX)
    else:
        keys_in_memory = np.empty((rows, bands), np.uint64)
    folder = held.folder if held is not None else None
    try:
        progress.stage("reading the index's sketches", len(articles))
        files: list[BinaryIO] = []
        try:
            if folder is not None:
                for b in range(bands):
                    files.append(open(os.path.join(folder, f"band{b}.u8"), "wb"))
            pending: list[np.ndarray] = []
            pending_rows = 0

            def flush() -> None:
                nonlocal pending, pending_rows
                if pending:
                    block = np.concatenate(pending)
                    try:
                        for b, fh in enumerate(files):
                            np.ascontiguousarray(block[:, b]).astype("<u8").tofile(fh)
                    except OSError as exc:
                        raise RunError(
                            f"writing band keys to {folder} failed ({exc}): free disk space "
                            "there, or set TMPDIR to a folder with room"
                        ) from exc
                pending, pending_rows = [], 0

            empties: list[int] = []
            at = 0
            db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
            try:
                for k, n in enumerate(articles.numbers):
                    if k % _BATCH == 0:
                        wanted = articles.numbers[k : k + _BATCH]
                        marks = ",".join("?" * len(wanted))
                        blobs = {
                            row[0]: row[1:]
                            for row in db.execute(
                                f"SELECT n, digest, sketch FROM articles WHERE n IN ({marks})",
                                wanted,
                            )
                        }
                        progress.advance(len(wanted))
                    digest, blob = blobs.get(n, ("", b""))
                    if not digest or bytes.fromhex(digest) != articles.digests[k]:
                        raise changed(path)
                    r = counts[k]
                    if not r:
                        empties.append(k)
                        continue
                    sk = ArticleSketch.from_bytes(blob)
                    if sk.keys.shape != (r, bands) or sk.low.shape[1] != perm:
                        raise InputError(
                            f"{path}: the stored sketch of {articles.ids[k]!r} does not fit the "
                            "index's settings; rebuild the index"
                        )
                    low[at : at + r] = sk.low
                    unit[at : at + r] = sk.unit
                    facts[at : at + r] = sk.facts
                    has_facts[at : at + r] = sk.has_facts
                    doc[at : at + r] = k
                    if keys_in_memory is not None:
                        keys_in_memory[at : at + r] = sk.keys
                    else:
                        pending.append(sk.keys)
                        pending_rows += r
                        if pending_rows >= _FLUSH_ROWS:
                            flush()
                    at += r
            finally:
                db.close()
            flush()
        finally:
            for fh in files:
                fh.close()
        assert at == rows
        if empties:
            # Sketched again to report, as the batch stage does, those that fail; one that now
            # has units was stored by a preparation that failed then (or by other code).
            again: list[Problem] = []
            sketches, _ = article_sketches([articles[k] for k in empties], settings, 1, again)
            if any(len(x.unit) for x in sketches):
                raise StaleSketches(path)
            problems.extend(again)
        if df is None:
            df = Counter()
            for part in map_steps(
                _count_step,
                chunks(len(articles), _BATCH),
                jobs,
                _CountState(articles, settings),
                what="the counting of word frequencies",
            ):
                df.update(part)
        progress.stage("finding candidate pairs")
        stats = CandidateStats()
        keys = (
            keys_in_memory
            if keys_in_memory is not None
            else BandColumns([os.path.join(str(folder), f"band{b}.u8") for b in range(bands)], rows)
        )
        # The signatures are done with once the bands are: they go before the similar pairs
        # are kept and grouped (handed over unnamed, so that those go as they are used).
        similar: list[Similar] = []
        if folder is not None:
            # The similar pairs wait on disk while the signatures fill memory (`SpilledPairs`).
            spilled = spilled_unit_pairs(
                keys,
                doc,
                settings,
                stats,
                SpilledPairs(folder, rows),
                verify=low,
                facts=(facts, has_facts),
                jobs=jobs,
            )
            del keys, low, facts, has_facts, keys_in_memory
            similar.append(spilled.gather(bands, perm, FACT_PERM))
        else:
            similar.append(
                similar_unit_pairs(
                    keys, doc, settings, stats, verify=low, facts=(facts, has_facts), jobs=jobs
                )
            )
            del keys, low, facts, has_facts, keys_in_memory
        found = pairs_from_similar(similar.pop(), doc, unit, settings, stats)
        return Candidates(found, df, stats)
    finally:
        if held is not None:
            held.close()
