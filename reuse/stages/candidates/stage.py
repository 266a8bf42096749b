"""The candidate stage: every article prepared and sketched (in steps over worker processes),
the sketches banded and verified into candidate article pairs, and the document frequency of
every stem counted on the way, for TF-IDF.

A failure inside one article is caught where it happens and becomes a Problem naming it; the
others keep their places and the run goes on without it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

import numpy as np

from ...arrays import distinct
from ...model import Article, Problem
from ...parallel import chunks, iter_steps, map_steps
from ...progress import Progress
from ...settings import Settings
from ..align.growth import SharedRuns
from ..align.vectors import document_frequencies
from ..held import PreparedStore
from ..prepare import Document, empty_document, pack, prepare
from .lsh import CandidateStats, band_keys, candidate_table
from .minhash import FACT_PERM, Sketches, concat_sketches, sketch

__all__ = [
    "Candidates",
    "CandidatePair",
    "article_steps",
    "ArticleSketch",
    "article_sketches",
    "find_candidates",
    "candidates_of",
    "CorpusSketch",
    "sketch_corpus",
    "sketch_part",
    "failure",
    "prepared",
    "sketch_rows",
]

# An article pair (indices into the corpus, i < j) with its colliding unit pairs, or None for a
# pair given by the caller (no hints: alignment looks for seeds over the whole grid).
CandidatePair = tuple[tuple[int, int], Optional[tuple[tuple[int, int], ...]]]

# Articles per sketching step: enough to keep numpy busy, few enough to spread over the cores.
_STEP_ARTICLES = (16, 500)


def article_steps(n_articles: int, jobs: int) -> list[tuple[int, int]]:
    """Bounds of the steps articles are prepared in over `jobs` workers (about four a worker,
    each of `_STEP_ARTICLES` articles)."""
    low_size, high_size = _STEP_ARTICLES
    return chunks(n_articles, max(low_size, min(high_size, -(-n_articles // (jobs * 4)))))


@dataclass(frozen=True)
class Candidates:
    """The candidate pairs, the document frequency of every stem, and the stage's counts."""

    pairs: Sequence[CandidatePair]
    df: Counter[str]
    stats: CandidateStats
    n_docs: Optional[int] = None  # the documents `df` counts, when not the corpus's articles
    # The prepared documents of the articles in pairs, when the stage was asked to keep them
    # (the caller closes the store); alignment prepares the others.
    prepared: Optional[PreparedStore] = None
    # Which word runs two or more articles may share, when the stage was asked to count them:
    # alignment looks up the n-gram seeds among those runs only.
    runs: Optional[SharedRuns] = None


def failure(stage: str, exc: BaseException) -> str:
    """The message of a Problem for a failure inside one article or pair."""
    return (
        f"{stage} failed ({type(exc).__name__}: {exc}); left out of the comparison, the run "
        "went on. Please report this with the article(s) it names"
    )


def prepared(article: Article, settings: Settings, problems: list[Problem]) -> Optional[Document]:
    """`prepare(article)`, or None with a Problem when that fails."""
    try:
        return prepare(article, settings)
    except Exception as exc:  # noqa: BLE001 - one article must never end the run
        problems.append(
            Problem(article.origin or article.id, failure("preparing the article", exc), article.id)
        )
        return None


@dataclass(frozen=True)
class _SketchState:
    articles: Sequence[Article]
    settings: Settings
    keep: Optional[str] = None  # a folder to write the prepared documents in
    runs: Optional[SharedRuns] = None  # count the articles' word runs (`SharedRuns`)


@dataclass(frozen=True)
class _SketchPart:
    """What one sketch step returns: band keys, verification bits, names-and-figures
    signatures and owners of its units, the stems' document frequencies, and problems."""

    keys: np.ndarray
    low: np.ndarray
    doc: np.ndarray
    unit: np.ndarray
    facts: np.ndarray
    has_facts: np.ndarray
    df: Counter[str]
    problems: list[Problem]
    # With `keep`: the offsets of the prepared documents in the step's file (PreparedStore).
    kept: tuple[int, ...] = ()
    # With `runs`: the slots of the step's word runs, and of those two articles hold.
    runs: Optional[tuple[np.ndarray, np.ndarray]] = None


def _sketch_docs(
    docs: list[Document],
    articles: Sequence[Article],
    offset: int,
    settings: Settings,
    problems: list[Problem],
) -> Sketches:
    """`sketch(docs)` (the documents of `articles`, numbered from `offset`), or, when that
    fails, each document alone with the failing ones left out."""
    try:
        return sketch(docs, settings, offset=offset)
    except Exception:  # noqa: BLE001 - find which document fails, keep the others
        parts = []
        for k, d in enumerate(docs):
            try:
                parts.append(sketch([d], settings, offset=offset + k))
            except Exception as exc:  # noqa: BLE001
                a = articles[k]
                problems.append(
                    Problem(a.origin or a.id, failure("sketching the article", exc), a.id)
                )
        return concat_sketches(parts, settings)


def _sketch_step(state: _SketchState, bounds: tuple[int, int]) -> _SketchPart:
    lo, hi = bounds
    return sketch_part(state.articles[lo:hi], lo, state.settings, keep=state.keep, runs=state.runs)


def sketch_part(
    articles: Sequence[Article],
    lo: int,
    settings: Settings,
    *,
    keep: Optional[str] = None,
    runs: Optional[SharedRuns] = None,
) -> _SketchPart:
    """The articles numbered lo, lo + 1, ... prepared and sketched (one step of the stage;
    the Spark engine runs it on a partition); with `keep` (a folder), their prepared documents
    are also written there, to a file named after `lo` (see `PreparedStore`); with `runs`,
    their word runs are counted (`SharedRuns.step_slots`)."""
    problems: list[Problem] = []
    ready = [prepared(a, settings, problems) for a in articles]
    # A document that cannot be prepared stands as an empty one, so indices stay in place.
    docs = [d or empty_document(a) for d, a in zip(ready, articles)]
    sk = _sketch_docs(docs, articles, lo, settings, problems)
    # The low 16 bits of each MinHash value suffice to verify collisions (a chance equality is
    # 1 in 65,536) and halve the memory the reduce step holds.
    low = (sk.signatures & np.uint32(0xFFFF)).astype(np.uint16)
    assert sk.facts is not None and sk.has_facts is not None
    return _SketchPart(
        band_keys(sk.signatures, settings),
        low,
        sk.doc,
        sk.unit,
        sk.facts,
        sk.has_facts,
        document_frequencies(docs),
        problems,
        tuple(
            PreparedStore.write(keep, f"{lo}.bin", [pack(d) if d else None for d in ready])
            if keep
            else ()
        ),
        _step_runs(runs, docs),
    )


def _step_runs(
    runs: Optional[SharedRuns], docs: list[Document]
) -> Optional[tuple[np.ndarray, np.ndarray]]:
    """The step's word runs counted (`SharedRuns.step_slots`); None if not asked, or if that
    fails (then no run is left out anywhere: the marks would miss this step's runs)."""
    if runs is None:
        return None
    try:
        return runs.step_slots(docs)
    except Exception:  # noqa: BLE001 - a shortcut lost, never a result
        return None


@dataclass(frozen=True)
class CorpusSketch:
    """Every unit row of a corpus as the candidate stage sketches it (a quotation adds a row):
    band keys, verification bits, owner article (index) and unit, names-and-figures signature;
    and the document frequency of every stem."""

    keys: np.ndarray  # (rows, bands) uint64
    low: np.ndarray  # (rows, num_perm) uint16
    doc: np.ndarray  # (rows,) int32
    unit: np.ndarray  # (rows,) int32
    facts: np.ndarray  # (rows, FACT_PERM) uint16
    has_facts: np.ndarray  # (rows,) bool
    df: Counter[str]
    prepared: Optional[PreparedStore] = None  # with `keep`: the prepared documents
    runs: Optional[SharedRuns] = None  # with `runs`: the word runs articles share


def find_candidates(
    articles: Sequence[Article],
    settings: Settings,
    jobs: int,
    problems: list[Problem],
    progress: Optional[Progress] = None,
    *,
    keep: bool = False,
    runs: bool = False,
) -> Candidates:
    """The candidate stage over `articles` (indices of the pairs point into it). With `keep`,
    the prepared documents of the articles in pairs are handed on in `Candidates.prepared`
    (when the temporary folder's disk has room for them); the caller closes it. With `runs`,
    the word runs two articles or more hold are marked in `Candidates.runs`."""
    sk = sketch_corpus(articles, settings, jobs, problems, progress, keep=keep, runs=runs)
    try:
        return candidates_of(sk, settings, jobs, progress)
    except BaseException:
        if sk.prepared is not None:
            sk.prepared.close()
        raise


def candidates_of(
    sk: CorpusSketch, settings: Settings, jobs: int, progress: Optional[Progress] = None
) -> Candidates:
    """The candidate pairs of a sketched corpus."""
    tell = progress or Progress()
    tell.stage("finding candidate pairs")
    stats = CandidateStats()
    pairs = candidate_table(
        sk.keys,
        sk.doc,
        sk.unit,
        settings,
        stats,
        verify=sk.low,
        facts=(sk.facts, sk.has_facts),
        jobs=jobs,
    )
    if sk.prepared is not None:
        sk.prepared.keep_only(pairs.articles())
    return Candidates(pairs, sk.df, stats, prepared=sk.prepared, runs=sk.runs)


def sketch_corpus(
    articles: Sequence[Article],
    settings: Settings,
    jobs: int,
    problems: list[Problem],
    progress: Optional[Progress] = None,
    *,
    keep: bool = False,
    runs: bool = False,
) -> CorpusSketch:
    """Every article of `articles` prepared and sketched, in steps over `jobs` workers; with
    `keep`, the prepared documents are also written to a `PreparedStore` (when the temporary
    folder's disk has room for them); with `runs`, the word runs articles share are marked
    (`SharedRuns`, of `seed_ngram_words` words)."""
    steps = article_steps(len(articles), jobs)
    tell = progress or Progress()
    tell.stage("reading and sketching articles", len(articles))
    store = PreparedStore.with_room(sum(len(a.text) for a in articles)) if keep else None
    try:
        shared = SharedRuns(settings.seed_ngram_words) if runs else None
        return _sketched(articles, settings, jobs, problems, tell, steps, store, shared)
    except BaseException:
        if store is not None:
            store.close()
        raise


def _sketched(
    articles: Sequence[Article],
    settings: Settings,
    jobs: int,
    problems: list[Problem],
    tell: Progress,
    steps: list[tuple[int, int]],
    store: Optional[PreparedStore],
    runs: Optional[SharedRuns] = None,
) -> CorpusSketch:
    parts: list[Optional[_SketchPart]] = []
    for done_part in iter_steps(
        _sketch_step,
        steps,
        jobs,
        _SketchState(articles, settings, store.folder if store is not None else None, runs),
        done=lambda k: tell.advance(steps[k][1] - steps[k][0]),
        what="the sketching of articles",
        ahead=len(steps),
    ):
        # Each step's word runs are counted as it comes, not held until the last step.
        if runs is not None:
            try:
                if done_part.runs is None:  # a step could not count its runs: mark none
                    raise ValueError("a step's word runs were not counted")
                runs.add(*done_part.runs)
            except Exception:  # noqa: BLE001 - a shortcut lost, never a result
                runs = None
        parts.append(dataclasses.replace(done_part, runs=None))
    del done_part
    df: Counter[str] = Counter()
    # Parts are copied into whole arrays and let go one by one, so the signatures are never
    # held twice.
    rows = sum(len(p.doc) for p in parts if p is not None)
    first = next((p for p in parts if p is not None), None)
    keys = np.empty((rows, first.keys.shape[1] if first else 1), np.uint64)
    low = np.empty((rows, first.low.shape[1] if first else 1), np.uint16)
    doc, unit = np.empty(rows, np.int32), np.empty(rows, np.int32)
    facts = np.empty((rows, first.facts.shape[1] if first else 1), np.uint16)
    has_facts = np.empty(rows, bool)
    del first
    at = 0
    for n_part in range(len(parts)):
        part = parts[n_part]
        parts[n_part] = None
        assert part is not None
        if store is not None:
            lo = steps[n_part][0]
            store.add(f"{lo}.bin", lo, part.kept)
        end = at + len(part.doc)
        keys[at:end], low[at:end], doc[at:end], unit[at:end] = (
            part.keys,
            part.low,
            part.doc,
            part.unit,
        )
        facts[at:end], has_facts[at:end] = part.facts, part.has_facts
        df.update(part.df)
        problems.extend(part.problems)
        at = end
        del part
    del parts
    return CorpusSketch(
        keys, low, doc, unit, facts, has_facts, df, store, runs.done() if runs is not None else None
    )


@dataclass(frozen=True)
class ArticleSketch:
    """What the candidate stage computes of one article, row by row of its units (a quotation
    adds a row): LSH band keys, verification bits, the unit each row belongs to, and the names-
    and-figures signature. Enough to find the article's candidates again later without its text
    (`reuse.Index` stores it as bytes)."""

    keys: np.ndarray  # (rows, bands) uint64
    low: np.ndarray  # (rows, num_perm) uint16
    unit: np.ndarray  # (rows,) int32
    facts: np.ndarray  # (rows, FACT_PERM) uint16
    has_facts: np.ndarray  # (rows,) bool

    def distinct_keys(self) -> np.ndarray:
        """The article's distinct band keys, sorted."""
        return distinct(self.keys)

    def to_bytes(self) -> bytes:
        shape = np.array(
            [len(self.unit), self.keys.shape[1], self.low.shape[1], self.facts.shape[1]], "<i4"
        )
        return b"".join(
            [
                shape.tobytes(),
                self.keys.astype("<u8").tobytes(),
                self.low.astype("<u2").tobytes(),
                self.unit.astype("<i4").tobytes(),
                self.facts.astype("<u2").tobytes(),
                self.has_facts.astype("u1").tobytes(),
            ]
        )

    @classmethod
    def from_bytes(cls, blob: bytes) -> ArticleSketch:
        rows, bands, perm, nf = np.frombuffer(blob, "<i4", 4).tolist()
        at = 16
        out = []
        for dtype, shape in (
            ("<u8", (rows, bands)),
            ("<u2", (rows, perm)),
            ("<i4", (rows,)),
            ("<u2", (rows, nf)),
            ("u1", (rows,)),
        ):
            size = int(np.prod(shape)) * np.dtype(dtype).itemsize
            out.append(np.frombuffer(blob, dtype, int(np.prod(shape)), at).reshape(shape))
            at += size
        keys, low, unit, facts, has = out
        return cls(
            keys.astype(np.uint64),
            low.astype(np.uint16),
            unit.astype(np.int32),
            facts.astype(np.uint16),
            has.astype(bool),
        )

    @classmethod
    def empty(cls, settings: Settings) -> ArticleSketch:
        from .lsh import lsh_params

        bands, _ = lsh_params(settings.lsh_threshold, settings.num_perm)
        return cls(
            np.zeros((0, bands), np.uint64),
            np.zeros((0, settings.num_perm), np.uint16),
            np.zeros(0, np.int32),
            np.zeros((0, 1), np.uint16),
            np.zeros(0, bool),
        )


def sketch_rows(size: int, settings: Settings) -> int:
    """The unit rows of an `ArticleSketch` whose `to_bytes` took `size` bytes under `settings`
    (a 16-byte shape, then each row's keys, low bits, unit, facts and flag)."""
    from .lsh import lsh_params

    bands, _ = lsh_params(settings.lsh_threshold, settings.num_perm)
    return (size - 16) // (bands * 8 + settings.num_perm * 2 + 4 + FACT_PERM * 2 + 1)


def article_sketches(
    articles: Sequence[Article], settings: Settings, jobs: int, problems: list[Problem]
) -> tuple[list[ArticleSketch], Counter[str]]:
    """Each article's sketch (see `ArticleSketch`) and the document frequencies of the stems of
    `articles`, computed as the candidate stage does. An article that cannot be prepared or
    sketched gets an empty sketch and a Problem naming it."""
    parts = map_steps(
        _sketch_step,
        article_steps(len(articles), jobs),
        jobs,
        _SketchState(articles, settings),
        what="the sketching of articles",
    )
    out = [ArticleSketch.empty(settings) for _ in articles]
    df: Counter[str] = Counter()
    for part in parts:
        problems.extend(part.problems)
        df.update(part.df)
        if not len(part.doc):
            continue
        order = np.argsort(part.doc, kind="stable")
        docs = part.doc[order]
        starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
        for lo, hi in zip(starts.tolist(), [*starts[1:].tolist(), len(docs)]):
            rows = order[lo:hi]
            out[int(docs[lo])] = ArticleSketch(
                part.keys[rows],
                part.low[rows],
                part.unit[rows],
                part.facts[rows],
                part.has_facts[rows],
            )
    return out, df
