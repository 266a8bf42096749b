"""TF-IDF rows of units: scikit-learn's weighting with the corpus's document frequencies, so
that unit vectors of any article can be made without refitting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import Any, Optional

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

from ...arrays import distinct, firsts
from ...text.tokens import stem
from ..prepare import STOP_WORDS, Document, gather

__all__ = ["document_frequencies", "Idf", "UnitVectors"]


def document_frequencies(docs: Iterable[Document]) -> Counter[str]:
    """How many of `docs` contain each content stem, and (keys prefixed with a space, which no
    stem has) each content word as written: a typo shares its stem with the right word, not its
    spelling."""
    df: Counter[str] = Counter()
    for d in docs:
        content = d.content.tolist()
        stems = set(compress(d.stems, content)) if any(content) else set(d.stems)
        df.update(stems)
        df.update([" " + w for w in set(compress(d.tokens.norm, content))])
    return df


class _Vocabulary(dict[str, int]):
    """stem -> column; -1 for a stem outside the vocabulary (looked up with `map`)."""

    def __missing__(self, key: str) -> int:
        return -1


class Idf:
    """Inverse document frequencies of content stems across the corpus, as a scikit-learn
    `TfidfVectorizer` with a fixed vocabulary (the smoothed IDF of `TfidfTransformer`), so unit
    vectors of any document can be made without refitting."""

    def __init__(
        self, df: Mapping[str, int], n_docs: int, stem_chars: Optional[int] = None
    ) -> None:
        """`df` counts the articles holding each stem (see `document_frequencies`) among
        `n_docs`. With `stem_chars` (the setting the documents were prepared with), the unit
        vectors leave out, after weighting, the stems that only one article holds: no two
        articles share them, so no cosine between two articles changes (see
        `unit_vectors_of`)."""
        stems = sorted(k for k in df if not k.startswith(" "))
        vocab = {stem: i for i, stem in enumerate(stems)}
        counts = np.fromiter((df[s] for s in stems), dtype=np.float64, count=len(vocab))
        self.n_docs = n_docs
        self.word_df = {k[1:]: v for k, v in df.items() if k.startswith(" ")}
        self._lookup = _Vocabulary(vocab or {"": 0})
        self.vectorizer = TfidfVectorizer(
            analyzer=_identity, vocabulary=vocab or {"": 0}, norm="l2", lowercase=False
        )
        # Unknown stems (not counted) are simply not features; smoothing as scikit-learn's.
        idf = np.log((1.0 + n_docs) / (1.0 + counts)) + 1.0
        self.vectorizer.idf_ = idf if len(idf) else np.ones(1)
        self.transformer = TfidfTransformer(norm="l2")
        self.transformer.idf_ = self.vectorizer.idf_
        self._kept: Optional[np.ndarray] = None
        if stem_chars is not None and len(stems):
            # A stem is in an article's vectors only if the article was counted holding it
            # (a content word's stem), or as the stem of a stop word (a unit of stop words
            # alone keeps them all): those are the columns two articles may share.
            stop = {stem(w, stem_chars) for w in STOP_WORDS}
            shared = (counts >= 2) | np.fromiter((s in stop for s in stems), bool, len(stems))
            self._kept = np.where(shared, np.cumsum(shared) - 1, -1)

    @classmethod
    def of(cls, docs: Sequence[Document]) -> Idf:
        return cls(document_frequencies(docs), len(docs))

    def unit_vectors(self, doc: Document) -> UnitVectors:
        """TF-IDF rows of the units of `doc`; see `unit_vectors_of`."""
        return self.unit_vectors_of([doc])[0]

    def unit_vectors_of(self, docs: Sequence[Document]) -> list[UnitVectors]:
        """For each document, the TF-IDF rows of its units (each unit's content stems, or all
        its stems when it has none), L2-normalised, and each unit's set of informative stems.

        The term counts of all the documents' units are assembled from their arrays and
        weighted and normalised by scikit-learn's `TfidfTransformer` in one call (the IDF of
        the vectorizer): what `TfidfVectorizer.transform` gives, without its per-token Python
        loop and its per-call checks.
        """
        vocab = self._lookup
        rows, cols, sizes, inf_sets = [], [], [], []
        numbers = []
        first = 0
        for doc in docs:
            bounds = doc.unit_bounds
            n_units = len(bounds)
            stems = doc.stems
            tok_unit = np.repeat(np.arange(n_units), bounds[:, 1] - bounds[:, 0])
            keep = doc.content[: len(tok_unit)].copy()
            has_content = np.bincount(tok_unit[keep], minlength=n_units) > 0
            keep |= ~has_content[tok_unit]
            positions = np.flatnonzero(keep)
            ids = np.fromiter(
                map(vocab.__getitem__, gather(stems, positions.tolist())),
                dtype=np.int64,
                count=len(positions),
            )
            known = ids >= 0
            rows.append(tok_unit[positions[known]] + first)
            cols.append(ids[known])
            sizes.append(n_units)
            first += n_units
            at = np.flatnonzero(doc.informative)
            words = gather(stems, at.tolist())
            cuts = np.searchsorted(at, bounds).tolist()
            inf_sets.append(tuple(frozenset(words[c0:c1]) for c0, c1 in cuts))
            numbers.append(_informative_columns(positions, ids, at, tok_unit, n_units))
        if not docs:
            return []
        row = np.concatenate(rows)
        counts = sparse.csr_matrix(
            (np.ones(len(row)), (row, np.concatenate(cols))), shape=(first, len(vocab))
        )
        counts.sum_duplicates()
        matrix = self.transformer.transform(counts).tocsr()
        if self._kept is not None:
            matrix = _on_columns(matrix, self._kept)
        out = []
        lo = 0
        for n_units, sets, columns in zip(sizes, inf_sets, numbers):
            vectors = UnitVectors(matrix[lo : lo + n_units], sets, rarity=self.vectorizer.idf_)
            vectors.memo["informative"] = columns
            out.append(vectors)
            lo += n_units
        return out

    def word_rarity(self, word: str) -> float:
        """Smoothed IDF of a word as written (unseen words are the rarest)."""
        return float(np.log((1.0 + self.n_docs) / (1.0 + self.word_df.get(word, 0))) + 1.0)


def _on_columns(matrix: sparse.csr_matrix, kept: np.ndarray) -> sparse.csr_matrix:
    """`matrix` with the columns `kept` numbers (-1: left out), each row keeping its entries
    in the order stored. A pair's cosines are then the same numbers, to the bit: scipy's
    product adds, for each cell, the products of a row's entries in the order stored with the
    matching entries of the other, and a left-out column matches nothing. The product turns
    one of the two matrices by columns at each call, so its cost falls with the columns: on
    OCR text most stems are misreadings that one page alone holds."""
    column = kept[matrix.indices]
    hit = column >= 0
    ends = np.concatenate(([0], np.cumsum(hit)))
    return sparse.csr_matrix(
        (matrix.data[hit], column[hit].astype(matrix.indices.dtype), ends[matrix.indptr]),
        shape=(matrix.shape[0], int(kept.max(initial=-1)) + 1),
    )


def _informative_columns(
    positions: np.ndarray, ids: np.ndarray, at: np.ndarray, tok_unit: np.ndarray, n_units: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Each unit's informative stems as vocabulary columns: (the distinct columns, sorted;
    where each one's units start in the third array; the units, grouped by column in ascending
    order). `positions` are the weighed tokens, `ids` their columns, `at` the informative
    tokens. None when an informative stem is not in the vocabulary (not counted in the corpus):
    then they cannot all be numbered."""
    where = np.minimum(np.searchsorted(positions, at), max(len(positions) - 1, 0))
    if len(at) and (not np.array_equal(positions[where], at) or (ids[where] < 0).any()):
        return None
    column = ids[where] if len(at) else np.zeros(0, np.int64)
    codes = distinct(column * max(n_units, 1) + tok_unit[at])
    col, unit = codes // max(n_units, 1), codes % max(n_units, 1)
    first = firsts(col)
    return col[first], np.flatnonzero(first), unit


def _identity(x: list[str]) -> list[str]:
    return x


@dataclass(frozen=True)
class UnitVectors:
    """L2-normalised TF-IDF rows, one per unit of a document, and the informative stems of
    each unit."""

    matrix: sparse.csr_matrix
    informative: tuple[frozenset[str], ...] = ()
    memo: dict[object, Any] = field(default_factory=dict, compare=False, repr=False)
    # The IDF of each vocabulary column (the columns of `memo["informative"]`), shared by all
    # the documents weighed alike: it orders the stems from the rarest for `has_seed`'s filter.
    rarity: Optional[np.ndarray] = field(default=None, compare=False, repr=False)
