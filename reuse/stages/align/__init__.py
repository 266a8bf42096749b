"""Passage alignment inside a candidate pair: TF-IDF seeds, extension, merging, scoring.

1. Every unit is a TF-IDF vector over the light stems of its content words (scikit-learn's
   TfidfVectorizer with the corpus vocabulary; IDF from article frequencies across the corpus).
   Unit pairs whose cosine reaches `seed_similarity` and that share at least
   `min_shared_words` informative words (lower-case content words: two outlets on one story
   share names and numbers, a copy shares the ordinary words around them) are seeds.
2. Seeds grow into neighbouring unit pairs whose cosine reaches `extend_similarity` (a trimmed or
   paraphrased second sentence of a copied passage), skipping up to `max_gap` units.
3. Unit pairs that touch (in both articles) form one passage; its ends are trimmed to the first
   and last words the two sides share, so offsets are exact to the word.
4. textdistance scores the passage (word-level Levenshtein similarity of the stems), which sets
   its kind: verbatim, near-verbatim or paraphrase.

Memory grows with the articles, not with their product: a pair whose grid of unit pairs would
exceed `_DENSE_CELLS` cells is aligned without it (`_Cosines`, `_accepted_pairs_sparse`, the
same unit pairs as the dense grid gives), a unit that would seed with more than
`_REFRAIN_SEEDS` units of the other article (a line both repeat) seeds nothing, and a copy
longer than `_PIECE_WORDS` words is aligned, and reported, in consecutive pieces.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from ...settings import Settings
from .. import trace
from ..prepare import Document
from .growth import (
    DENSE_CELLS,
    Cosines,
    accepted_pairs,
    accepted_pairs_sparse,
    cell_cosines,
    components,
    cosine_seed,
    groups_of,
    has_seed,
    is_seed,
    ngram_seed_codes,
    shared_informative,
    shares_ngram,
    unit_cosines,
)
from .passages import (
    Aligned,
    join_fragments,
    merge_overlaps,
    passage,
    pieces,
    spans,
)
from .vectors import UnitVectors

__all__ = ["align_pair", "seeds_dense"]


def align_pair(
    da: Document,
    va: UnitVectors,
    db: Document,
    vb: UnitVectors,
    settings: Settings,
    hints: Sequence[tuple[int, int]] | None = None,
) -> list[Aligned]:
    """Every passage documents `da` and `db` share, in order of position in `da`.

    `hints` are unit pairs (of da, of db) that candidate generation found alike. When given,
    the pair is aligned only if some unit pair would seed a passage: the hints are tried first
    (a seed is usually among them), then the whole grid's strong cells and shared word runs.
    The test spares the full alignment of the many candidate pairs that only resemble each
    other a little, and loses nothing: a pair without a seed has no passage.

    Ordinary pairs are aligned on the dense grid of unit cosines; a pair whose grid would hold
    more than `DENSE_CELLS` cells takes the sparse path, which finds the same unit pairs in
    memory that grows with the articles rather than with their product. A copy longer than
    `PIECE_WORDS` words comes out as consecutive passages of at most that length.
    """
    na, nb = len(da.unit_bounds), len(db.unit_bounds)
    if not na or not nb:
        return []
    if na * nb <= DENSE_CELLS:
        if hints is not None and not seeds_dense(da, va, db, vb, settings, hints):
            _no_seed(da, va, db, vb, settings, hints)
            return []
        product = unit_cosines(va, vb)
        groups: Iterable[list[tuple[int, int]]] = components(
            accepted_pairs(da, va, db, vb, product.toarray(), settings, product), settings.max_gap
        )
    else:
        cosines = Cosines(va.matrix, vb.matrix)
        if hints is not None:
            at = cosines.at(
                np.array([i for i, _ in hints], dtype=np.int64),
                np.array([j for _, j in hints], dtype=np.int64),
            ).tolist()
            if not any(
                is_seed(da, va, i, db, vb, j, c, settings) for (i, j), c in zip(hints, at)
            ) and not shares_ngram(da, va, db, vb, settings.seed_ngram_words):
                _no_seed(da, va, db, vb, settings, hints)
                return []
        ngram = ngram_seed_codes(da, va, db, vb, settings.seed_ngram_words)
        codes = accepted_pairs_sparse(cosines, va.informative, vb.informative, ngram, settings)
        groups = (
            [(c // nb, c % nb) for c in group.tolist()]
            for group in groups_of(codes, nb, settings.max_gap)
        )
    out: list[Aligned] = []
    for group in groups:
        if trace.active():
            trace.note(
                "group",
                units_a=(group[0][0], group[-1][0]),
                units_b=_extent(group),
                cells=len(group),
            )
        for a0, a1, b0, b1 in spans(da, db, group):
            for piece in pieces(
                da,
                a0,
                a1,
                db,
                b0,
                b1,
                settings.split_gap_words,
                settings.max_unit_words,
                settings.quoted_share,
            ):
                out.extend(passage(da, db, *piece, settings))
    out.sort(key=lambda m: (m.a_start, m.b_start, m.a_end, m.b_end))
    return join_fragments(merge_overlaps(out), da, db, settings)


def seeds_dense(
    da: Document,
    va: UnitVectors,
    db: Document,
    vb: UnitVectors,
    settings: Settings,
    hints: Sequence[tuple[int, int]],
) -> bool:
    """The gate of `align_pair` on the dense path: whether some unit pair of the two documents
    would seed a passage, the `hints` tried first.

    The hints' cosines alone first: a cosine seed is usually among them, and a pair that has
    one needs no other test. Otherwise the unit pairs sharing enough informative words and the
    shared word runs say whether any unit pair would seed; most candidate pairs have none, and
    they need no grid. (A hint's shared word run needs no test of its own: `has_seed` finds
    every run the two articles share that could seed.)"""
    return any(
        cosine_seed(va, i, vb, j, c, settings)
        for (i, j), c in zip(hints, cell_cosines(va.matrix, vb.matrix, hints))
    ) or has_seed(da, va, db, vb, settings)


def _extent(group: Sequence[tuple[int, int]]) -> tuple[int, int]:
    return min(j for _, j in group), max(j for _, j in group)


def _no_seed(
    da: Document,
    va: UnitVectors,
    db: Document,
    vb: UnitVectors,
    settings: Settings,
    hints: Sequence[tuple[int, int]] | None,
) -> None:
    """Note, when tracing, that no unit pair would seed a passage, with the closest cells."""
    if not trace.active():
        return
    cells = list(hints or ())
    best = [
        (round(float(c), 4), i, j, shared_informative(va, i, vb, j))
        for (i, j), c in zip(cells, cell_cosines(va.matrix, vb.matrix, cells))
    ]
    best.sort(reverse=True)
    trace.note(
        "no_seed",
        rule="seed_similarity",
        hints=[
            {"unit_a": i, "unit_b": j, "cosine": c, "shared_words": w} for c, i, j, w in best[:5]
        ],
        seed_similarity=settings.seed_similarity,
        min_shared_words=settings.min_shared_words,
        seed_ngram_words=settings.seed_ngram_words,
    )
