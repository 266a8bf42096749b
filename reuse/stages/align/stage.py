"""The alignment stage: every candidate pair aligned into passages, in steps over worker
processes, each passage read for the direction signals attribution needs.

A step prepares (tokenises, weighs) the articles of its pairs and keeps them for later steps in
a cache of the stage's state (each worker has its own copy); pairs are ordered so that pairs
sharing an article fall in the same or nearby steps. Documents the candidate stage prepared
(handed on packed) are unpacked instead of prepared again: a real page meets dozens of
partners, and each worker would otherwise prepare most pages of a densely linked corpus. A
failure inside one article or pair is caught there and becomes a Problem naming it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional, Union, overload

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import reverse_cuthill_mckee

from ...checkpoint import Checkpoint, kept_steps
from ...model import Article, Match, Problem
from ...parallel import chunks
from ...progress import Progress
from ...settings import Settings
from ..attribution.directions import cohesion_direction, context_direction, edit_direction
from ..candidates.stage import CandidatePair, failure, prepared
from ..candidates.table import PairTable
from ..held import PreparedStore
from ..prepare import Document
from . import align_pair
from .growth import SharedRuns, keep_shared_runs
from .passages import Aligned
from .vectors import Idf, UnitVectors

__all__ = ["align_candidates", "align_step", "AlignedStep", "locality_order", "numbered"]

# Documents a step keeps prepared for later steps: enough to hold an article's neighbourhood in
# the candidate graph, few enough to bound a worker's memory.
_CACHE_DOCS = 4000
# Candidate pairs per alignment step: enough to use the cache, few enough to spread the pairs
# over the cores evenly.
_STEP_PAIRS = (8, 400)


@dataclass
class _AlignState:
    """What every alignment step reads, and the documents it keeps prepared (each worker
    process fills its own copy of the cache)."""

    articles: Union[Sequence[Article], Mapping[int, Article]]  # by index
    settings: Settings
    idf: Idf
    cache: dict[int, tuple[Document, UnitVectors]] = field(default_factory=dict)
    prepared: Optional[PreparedStore] = None  # documents the candidate stage prepared
    runs: Optional[SharedRuns] = None  # the word runs two articles or more may share


@dataclass(frozen=True)
class AlignedStep:
    """The passages of one step's pairs, and the problems met."""

    matches: list[Match]
    problems: list[Problem]


def _to_match(da: Document, db: Document, m: Aligned, number: int = 0) -> Match:
    return Match(
        f"m{number}",
        da.id,
        m.a_start,
        m.a_end,
        db.id,
        m.b_start,
        m.b_end,
        m.similarity,
        m.kind,
        m.quoted,
        m.a_literal_chars,
        m.b_literal_chars,
    )


def _vectors(
    docs: list[Document], idf: Idf, problems: list[Problem]
) -> list[Optional[UnitVectors]]:
    """TF-IDF rows of `docs`, weighted together; one by one when that fails."""
    try:
        return list(idf.unit_vectors_of(docs))
    except Exception:  # noqa: BLE001 - find which document fails, keep the others
        out: list[Optional[UnitVectors]] = []
        for d in docs:
            try:
                out.append(idf.unit_vectors_of([d])[0])
            except Exception as exc:  # noqa: BLE001
                problems.append(
                    Problem(
                        d.article.origin or d.id, failure("weighing the article's words", exc), d.id
                    )
                )
                out.append(None)
        return out


def _align_step(state: _AlignState, pairs: Sequence[CandidatePair]) -> AlignedStep:
    settings, articles, idf, docs = state.settings, state.articles, state.idf, state.cache
    problems: list[Problem] = []
    needed = {k for (i, j), _ in pairs for k in (i, j)}
    missing = sorted(needed - docs.keys())
    excess = len(docs) + len(missing) - _CACHE_DOCS
    if excess > 0:  # forget the documents cached longest that this step does not need
        for key in [k for k in docs if k not in needed][:excess]:
            del docs[key]
    # Prepared together, so the TF-IDF weighting runs once for all of them.
    kept = state.prepared
    fresh = [
        (
            i,
            (kept.document(i, articles[i]) if kept is not None else None)
            or prepared(articles[i], settings, problems),
        )
        for i in missing
    ]
    ready = [(i, d) for i, d in fresh if d is not None]
    for (i, d), v in zip(ready, _vectors([d for _, d in ready], idf, problems)):
        if v is not None:
            if state.runs is not None:
                try:
                    keep_shared_runs(d, v, state.runs)
                except Exception:  # noqa: BLE001 - a shortcut lost: all its runs looked up
                    v.memo.pop(("grams", state.runs.k), None)
            docs[i] = (d, v)

    out = []
    for (i, j), hints in pairs:
        if i not in docs or j not in docs:
            continue  # an article that failed above, already named in a Problem
        (da, va), (db, vb) = docs[i], docs[j]
        try:
            found = [
                dataclasses.replace(
                    _to_match(da, db, m),
                    edits=round(edit_direction(da, db, m, idf), 4),
                    context=round(context_direction(da, db, m), 4),
                    cohesion=round(cohesion_direction(da, db, m), 4),
                )
                for m in align_pair(da, va, db, vb, settings, hints=hints)
            ]
        except Exception as exc:  # noqa: BLE001 - one pair must never end the run
            problems.append(
                Problem(f"{da.id} / {db.id}", failure(f"aligning {da.id} with {db.id}", exc), da.id)
            )
            continue
        out.extend(found)
    return AlignedStep(out, problems)


def align_step(
    articles: Mapping[int, Article],
    pairs: Sequence[CandidatePair],
    settings: Settings,
    idf: Idf,
) -> AlignedStep:
    """One step of the stage on its own: `pairs` (indices into the corpus) aligned, given the
    articles they name (by index) and the corpus's IDF (the Spark engine runs it)."""
    return _align_step(_AlignState(articles, settings, idf), pairs)


def numbered(found: list[Match]) -> list[Match]:
    """The stage's matches in order of (a, b, offsets), numbered m1, m2, ..."""
    found = sorted(found, key=lambda m: (m.a, m.b, m.a_start, m.b_start, m.a_end, m.b_end))
    return [dataclasses.replace(m, id=f"m{n}") for n, m in enumerate(found, 1)]


def locality_order(
    pairs: Sequence[tuple[tuple[int, int], Any]], n_docs: int
) -> Sequence[tuple[tuple[int, int], Any]]:
    """`pairs` reordered so that pairs sharing an article fall in the same or nearby steps.

    A worker prepares (tokenises, weighs) each article of its step's pairs once and keeps it for
    later steps, so the order decides how often an article is prepared again. In index order,
    an article's partners are spread over the whole run; the reverse Cuthill-McKee numbering of
    the candidate graph puts linked articles close together. The numbering depends on the graph
    alone, so the order is deterministic.
    """
    if len(pairs) < 2:
        return list(pairs)
    if isinstance(pairs, PairTable):
        a, b = pairs.first.astype(np.int64), pairs.second.astype(np.int64)
    else:
        a = np.fromiter((p[0][0] for p in pairs), np.int64, len(pairs))
        b = np.fromiter((p[0][1] for p in pairs), np.int64, len(pairs))
    graph = sparse.coo_matrix((np.ones(len(pairs), np.int8), (a, b)), shape=(n_docs, n_docs))
    graph = (graph + graph.T).tocsr()
    position = np.empty(n_docs, np.int64)
    position[reverse_cuthill_mckee(graph, symmetric_mode=True)] = np.arange(n_docs)
    lo = np.minimum(position[a], position[b])
    hi = np.maximum(position[a], position[b])
    order = np.lexsort((hi, lo))
    if isinstance(pairs, PairTable):  # kept as arrays: each step makes its own pairs
        return pairs.taken(order)
    return [pairs[k] for k in order.tolist()]


class _Steps(Sequence[Sequence[CandidatePair]]):
    """The pairs of each step, made when the step is handed out (from a `PairTable`, the
    pairs of one step at a time)."""

    def __init__(self, pairs: Sequence[CandidatePair], bounds: list[tuple[int, int]]) -> None:
        self.pairs, self.bounds = pairs, bounds

    def __len__(self) -> int:
        return len(self.bounds)

    @overload
    def __getitem__(self, k: int) -> Sequence[CandidatePair]: ...

    @overload
    def __getitem__(self, k: slice) -> Sequence[Sequence[CandidatePair]]: ...

    def __getitem__(
        self, k: int | slice
    ) -> Sequence[CandidatePair] | Sequence[Sequence[CandidatePair]]:
        if isinstance(k, slice):
            return [self[x] for x in range(*k.indices(len(self)))]
        lo, hi = self.bounds[k]
        return self.pairs[lo:hi]


def align_candidates(
    articles: Sequence[Article],
    pairs: Sequence[CandidatePair],
    df: Counter[str],
    settings: Settings,
    jobs: int,
    problems: list[Problem],
    progress: Optional[Progress] = None,
    n_docs: Optional[int] = None,
    prepared: Optional[PreparedStore] = None,
    checkpoint: Optional[Checkpoint] = None,
    runs: Optional[SharedRuns] = None,
) -> list[Match]:
    """The passages every candidate pair shares, as matches numbered m1, m2, ... in order of
    (a, b, offsets); `df` is the document frequency of every stem among `n_docs` documents
    (default: `articles`), for TF-IDF. `prepared` holds documents the candidate stage prepared;
    the others are prepared here. `runs` marks the word runs two articles or more may share
    (the n-gram seeds are looked up among those only). With a `checkpoint`, each step's
    passages are kept there as it ends, and the steps an earlier run kept are read instead of
    aligned again."""
    tell = progress or Progress()
    n_docs = len(articles) if n_docs is None else n_docs
    state = _AlignState(
        articles, settings, Idf(df, n_docs, settings.stem_chars), prepared=prepared, runs=runs
    )
    low, high = _STEP_PAIRS
    size = max(low, min(high, -(-len(pairs) // (jobs * 8))))
    ordered = locality_order(pairs, len(articles))
    bounds = chunks(len(ordered), size)
    steps = _Steps(ordered, bounds)
    tell.stage("aligning candidate pairs", len(ordered))
    found: list[Match] = []
    for part in kept_steps(
        checkpoint,
        [f"align-{lo}-{hi}" for lo, hi in bounds],
        _align_step,
        steps,
        jobs,
        state,
        done=lambda k: tell.advance(bounds[k][1] - bounds[k][0]),
        what="the alignment of candidate pairs",
        ahead=4 * jobs,
    ):
        found.extend(part.matches)
        problems.extend(part.problems)
    return numbered(found)
