"""Seeds and their growth: the unit pairs of a candidate pair that start a passage, those reached
from them at a lower similarity, and their grouping into passages. A pair whose grid of unit
pairs would exceed `DENSE_CELLS` cells is grown without the grid (`Cosines`,
`accepted_pairs_sparse`), with the same unit pairs as the dense grid gives.
"""

from __future__ import annotations

import weakref
from collections import deque
from collections.abc import Iterator, Sequence

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from ...arrays import distinct, firsts
from ...settings import Settings
from ...text.hashing import M32
from ...text.hashing import combine as _combine
from ...text.spans import UnionFind
from ..prepare import Document
from .vectors import UnitVectors

__all__ = [
    "word_runs",
    "SharedRuns",
    "keep_shared_runs",
    "ngram_seed_codes",
    "accepted_pairs",
    "DENSE_CELLS",
    "Cosines",
    "accepted_pairs_sparse",
    "groups_of",
    "components",
    "is_seed",
    "cosine_seed",
    "cell_cosines",
    "shared_informative",
    "unit_cosines",
]


def shared_informative(va: UnitVectors, ua: int, vb: UnitVectors, ub: int) -> int:
    """Informative words units `ua` of a and `ub` of b share."""
    return len(va.informative[ua] & vb.informative[ub])


# The documents whose transposes `unit_cosines` keeps, the oldest first: the last few only, as
# a page's partners come together in alignment's locality order, and each transpose holds as
# much as the page's vectors. Weak references: a run's documents go with the run.
_TRANSPOSED: deque[weakref.ref[UnitVectors]] = deque()
_KEEP_TRANSPOSED = 64


def unit_cosines(va: UnitVectors, vb: UnitVectors) -> sparse.csr_matrix:
    """The cosine of every unit of a with every unit of b (`va.matrix @ vb.matrix.T`, the same
    arrays), with b's transpose kept for its next partners: scipy's product converts it to
    rows again at every call, and a page of many partners would pay for it each time."""
    rows = vb.memo.get("rows of the transpose")
    if rows is None:
        rows = vb.memo["rows of the transpose"] = vb.matrix.T.tocsr()
        _TRANSPOSED.append(weakref.ref(vb))
        while len(_TRANSPOSED) > _KEEP_TRANSPOSED:
            oldest = _TRANSPOSED.popleft()()
            if oldest is not None:
                oldest.memo.pop("rows of the transpose", None)
    product: sparse.csr_matrix = va.matrix @ rows
    return product


def _informative_runs(doc: Document, vectors: UnitVectors, k: int) -> np.ndarray:
    """How many informative words each `k`-word run of `doc` holds, by where it starts (none
    when `doc` is shorter than `k` words); made once per document, kept in the smallest type
    that holds `k`."""
    key = ("informative runs", k)
    if key not in vectors.memo:
        flags = doc.informative.astype(np.int64)
        if len(flags) < k:
            vectors.memo[key] = np.zeros(0, np.int8)
        else:
            counts = np.convolve(flags, np.ones(k, np.int64), "valid")
            vectors.memo[key] = counts.astype(np.min_scalar_type(k))
    runs: np.ndarray = vectors.memo[key]
    return runs


def word_runs(
    docs: Sequence[Document], k: int, *, high_half: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The `k`-word runs of `docs` that hold two or more informative words: for each, its
    document (index into `docs`), where it starts there, and its 64-bit hash (two independent
    32-bit ones side by side; with `high_half`, the low one left zero); in order of document
    and position. One pass over all the documents' words, not one a document."""
    lengths = np.fromiter((len(d.hashes) for d in docs), np.int64, len(docs))
    total = int(lengths.sum())
    if total < k:
        none = np.zeros(0, np.int64)
        return none, none, np.zeros(0, np.uint64)
    words = np.concatenate([d.hashes for d in docs]).astype(np.uint64)
    flags = np.concatenate([d.informative for d in docs]).astype(np.int64)
    n = total - k + 1
    doc_of = np.repeat(np.arange(len(docs)), lengths)[:n]
    at = np.arange(n) - (np.cumsum(lengths) - lengths)[doc_of]
    # Runs that end inside their document, with two informative words.
    keep = np.flatnonzero(
        (at + k <= lengths[doc_of]) & (np.convolve(flags, np.ones(k, np.int64), "valid") >= 2)
    )
    high = _combine(words, k)[keep] << np.uint64(32)
    if high_half:
        return doc_of[keep], at[keep], high
    low = _combine((words * np.uint64(0x85EBCA6B) + np.uint64(0x27D4EB2F)) & M32, k)[keep]
    return doc_of[keep], at[keep], high | low


class SharedRuns:
    """Which word runs (`word_runs` of `k` words) two or more documents of a corpus may hold:
    a bitmap over `2**bits` slots of a run's hash, a slot marked when the runs of two documents
    fall in it. A run that one document alone holds can seed no passage; on OCR pages nearly
    all runs are such (a misread word in each), and leaving them out before the n-gram seeds
    are looked up makes each pair's lists a tenth as long. A run two documents share is always
    kept (a run kept in error only costs its lookup), so the seeds are the same.

    The candidate stage counts each step's runs (`step_slots`) and adds them up (`add`)."""

    def __init__(self, k: int, bits: int = 27) -> None:
        if not 3 <= bits <= 32:
            raise ValueError(f"bits must be 3 to 32 (a slot is the hash's high bits), got {bits}")
        self.k, self.bits = k, bits
        self._once = np.zeros(1 << (bits - 3), np.uint8)
        self.twice = np.zeros(1 << (bits - 3), np.uint8)

    def slots(self, hashes: np.ndarray) -> np.ndarray:
        return (hashes >> np.uint64(64 - self.bits)).astype(np.int64)

    def step_slots(self, docs: Sequence[Document]) -> tuple[np.ndarray, np.ndarray]:
        """The slots of the runs of a step's documents: those of any document, and those of
        two documents or more. The documents' words are hashed `_RUN_WORDS` at a time (a
        whole document at least), so the temporaries stay small whatever the step."""
        parts: list[np.ndarray] = []
        batch: list[Document] = []
        words = 0
        for doc in [*docs, None]:
            if doc is None or (batch and words + len(doc.hashes) > _RUN_WORDS):
                doc_of, _, hashes = word_runs(batch, self.k, high_half=True)  # high bits
                parts.append(self._doc_slots(doc_of, hashes))
                batch, words = [], 0
            if doc is not None:
                batch.append(doc)
                words += len(doc.hashes)
        return _tally(np.concatenate(parts))

    def held(self, doc_of: np.ndarray, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The slots of runs (`hashes`, each held by document `doc_of`): those of any document,
        and those of two documents or more (sorted, uint32)."""
        return _tally(self._doc_slots(doc_of, hashes))

    def _doc_slots(self, doc_of: np.ndarray, hashes: np.ndarray) -> np.ndarray:
        """Each document's distinct slots (uint32), by sorting (numpy's unique of a plain
        array hashes, several times slower here)."""
        codes = np.sort((doc_of.astype(np.int64) << self.bits) | self.slots(hashes))
        codes = codes[firsts(codes)]
        return (codes & ((1 << self.bits) - 1)).astype(np.uint32)

    def add(self, slots: np.ndarray, shared: np.ndarray) -> None:
        """Count a step's slots (`step_slots`) with those of the steps added before."""
        _mark(self.twice, slots[_marked(self._once, slots)])
        _mark(self.twice, shared)
        _mark(self._once, slots)

    def done(self) -> SharedRuns:
        """Counting is over: only the marks of shared runs are kept."""
        self._once = np.zeros(0, np.uint8)
        return self

    def may_share(self, hashes: np.ndarray) -> np.ndarray:
        """Whether each run may be held by another document too (bool array)."""
        return _marked(self.twice, self.slots(hashes))


# Words of a step's documents `SharedRuns.step_slots` hashes at once (a few arrays of 8 bytes a
# word).
_RUN_WORDS = 1 << 19


def _tally(slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct `slots` (each document's distinct slots, together), and those found more
    than once (held by two documents or more)."""
    if not len(slots):  # short or empty articles
        return slots, slots
    slots = np.sort(slots)
    first = firsts(slots)
    counts = np.diff(np.append(np.flatnonzero(first), len(slots)))
    return slots[first], slots[first][counts >= 2]


def _mark(bitmap: np.ndarray, slots: np.ndarray) -> None:
    np.bitwise_or.at(bitmap, slots >> 3, np.left_shift(1, slots & 7).astype(np.uint8))


def _marked(bitmap: np.ndarray, slots: np.ndarray) -> np.ndarray:
    return ((bitmap[slots >> 3] >> (slots & 7).astype(np.uint8)) & 1).astype(bool)


def keep_shared_runs(doc: Document, vectors: UnitVectors, runs: SharedRuns) -> None:
    """Make `doc`'s n-gram seed runs (`_grams`) of the runs another document may hold only."""
    _grams(doc, vectors, runs.k, runs)


def _grams(
    doc: Document, vectors: UnitVectors, k: int, shared: SharedRuns | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The hashes of `doc`'s `word_runs` and where each run starts, sorted by hash and then
    position (with `shared`, only the runs another document may hold); made once per
    document."""
    key = ("grams", k)
    if key not in vectors.memo:
        _, pos, h = word_runs([doc], k)
        if shared is not None and shared.k == k:
            kept = shared.may_share(h)
            h, pos = h[kept], pos[kept]
        order = np.lexsort((pos, h))  # by hash, then position
        vectors.memo[key] = (h[order], pos[order])
    grams: tuple[np.ndarray, np.ndarray] = vectors.memo[key]
    return grams


def _spread(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """starts[0], starts[0] + 1, ... (counts[0] numbers), then the same from starts[1], ..."""
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))


# Most occurrence pairs of shared word runs `ngram_seed_codes` expands at once (a batch holds a
# few int64 arrays of this length).
_RUN_PAIRS = 1 << 22


def ngram_seed_codes(
    da: Document, va: UnitVectors, db: Document, vb: UnitVectors, k: int, per_run: int = 4
) -> np.ndarray:
    """Unit pairs (coded i * n_units_b + j, distinct and sorted) that share a run of `k` words
    with at least two informative words in it.

    This catches a verbatim fragment inside sentences that otherwise differ (a quote or a
    wire paragraph spliced into new prose), whose whole-unit cosine stays low. A run that
    recurs in b is paired with its first `per_run` occurrences there. Runs are compared by
    64-bit hashes: a chance equality is about one in 10**19.

    The distinct runs of the article with fewer runs are looked up in the other (a long article
    against a short one costs the short one's runs, not the long one's), and the occurrences
    are expanded into unit pairs a batch at a time.
    """
    nb = len(db.unit_bounds)
    none = np.zeros(0, np.int64)
    if len(da.stems) < k or len(db.stems) < k:
        return none
    ha, pa = _grams(da, va, k)
    hb, pb = _grams(db, vb, k)
    small_is_a = len(ha) <= len(hb)
    small, big = (ha, hb) if small_is_a else (hb, ha)
    if not len(small):
        return none
    # The distinct runs of the smaller side, where each starts there and how often it occurs;
    # then the runs the other side has too, found there.
    s_lo = np.flatnonzero(firsts(small))
    s_n = np.diff(np.append(s_lo, len(small)))
    runs = small[s_lo]
    g_lo = np.searchsorted(big, runs, side="left")
    both = g_lo < len(big)
    both[both] = big[g_lo[both]] == runs[both]
    if not both.any():
        return none
    runs, s_lo, s_n, g_lo = runs[both], s_lo[both], s_n[both], g_lo[both]
    g_n = np.searchsorted(big, runs, side="right") - g_lo
    a_lo, a_n, b_lo, b_n = (s_lo, s_n, g_lo, g_n) if small_is_a else (g_lo, g_n, s_lo, s_n)
    b_n = np.minimum(b_n, per_run)
    total = np.cumsum(a_n * b_n)
    cuts = np.searchsorted(total, np.arange(_RUN_PAIRS, int(total[-1]), _RUN_PAIRS), side="right")
    out = []
    for lo, hi in zip(np.concatenate(([0], cuts)), np.concatenate((cuts, [len(a_lo)]))):
        # Each occurrence in a of these runs, with the first b_n occurrences in b.
        a_idx = _spread(a_lo[lo:hi], a_n[lo:hi])
        b_cnt = np.repeat(b_n[lo:hi], a_n[lo:hi])
        b_idx = _spread(np.repeat(b_lo[lo:hi], a_n[lo:hi]), b_cnt)
        a_idx = np.repeat(a_idx, b_cnt)
        ua = np.searchsorted(da.unit_bounds[:, 0], pa[a_idx], side="right") - 1
        ub = np.searchsorted(db.unit_bounds[:, 0], pb[b_idx], side="right") - 1
        out.append(distinct(ua.astype(np.int64) * nb + ub))
    return distinct(np.concatenate(out))


# A unit that would seed with more than this many units of the other article seeds nothing.
# Such a unit is a line one of the articles repeats (a notice, a running head, a chorus): its
# copies would each seed with each other's, and two long texts repeating one line m and n times
# would make m x n one-line passages. In ordinary article pairs a unit seeds with a few units of
# the other, with eleven at most in the candidate pairs of 10,000 generated articles (whose
# stories repeat their key phrases). Where a repeated line lies inside a copied passage, the
# passage still grows over it from the seeds around it.
_REFRAIN_SEEDS = 32


def _without_refrains(codes: np.ndarray, nb: int) -> np.ndarray:
    """The seeds (distinct codes i * nb + j) whose two units each seed with at most
    `_REFRAIN_SEEDS` units of the other article."""
    x, y = codes // nb, codes % nb
    keep = (np.bincount(x)[x] <= _REFRAIN_SEEDS) & (np.bincount(y)[y] <= _REFRAIN_SEEDS)
    return codes[keep]


def accepted_pairs(
    da: Document,
    va: UnitVectors,
    db: Document,
    vb: UnitVectors,
    sim: np.ndarray,
    settings: Settings,
    product: sparse.csr_matrix | None = None,
) -> set[tuple[int, int]]:
    """Seed unit pairs and their extensions on the dense grid of cosines `sim`; see
    `_grow_dense`. `product` is the sparse matrix `sim` was made from, when there is one: its
    strong cells are read from its entries rather than from every cell of the grid."""
    strong = None
    if product is not None and settings.seed_similarity > 0:
        strong = _strong_cells(product, settings.seed_similarity)
    return _grow_dense(
        sim,
        va.informative,
        vb.informative,
        ngram_seed_codes(da, va, db, vb, settings.seed_ngram_words),
        settings,
        strong,
    )


def _strong_cells(product: sparse.csr_matrix, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """The cells (rows, columns) of a sparse grid of cosines at `threshold` or more, in the
    order stored."""
    at = np.flatnonzero(product.data >= threshold)
    return np.searchsorted(product.indptr, at, side="right") - 1, product.indices[at]


def _grow_dense(
    sim: np.ndarray,
    inf_a: Sequence[frozenset[str]],
    inf_b: Sequence[frozenset[str]],
    ngram: np.ndarray,
    settings: Settings,
    strong: tuple[np.ndarray, np.ndarray] | None = None,
) -> set[tuple[int, int]]:
    """Seed unit pairs and their extensions: the unit pairs reachable from a seed through unit
    pairs at `extend_similarity` or more that share an informative word, each within
    `max_gap` + 1 units of the last in both documents.

    Seeds are the unit pairs at `seed_similarity` or more that share `min_shared_words`
    informative words, and the `ngram` seeds (codes i * n_units_b + j), less those of units
    that seed with more than `_REFRAIN_SEEDS` units of the other article.

    The search grows the whole frontier at once: the cells within `max_gap` + 1 of the
    frontier's cells, not yet tested, at `extend_similarity` or more, each tested for a shared
    informative word once. Its cost is that of the cells around the passages, not of the grid
    for every step (a long copy grows by a step of units at a time).
    """
    na, nb = sim.shape
    # The cells at `seed_similarity` or more, in any order (`strong`, when given, holds them).
    xs, ys = strong if strong is not None else np.nonzero(sim >= settings.seed_similarity)
    by_cosine = [
        i * nb + j
        for i, j in zip(xs.tolist(), ys.tolist())
        if len(inf_a[i] & inf_b[j]) >= settings.min_shared_words
    ]
    seeds = _without_refrains(
        distinct(np.concatenate((np.asarray(by_cosine, np.int64), ngram))), nb
    )
    if not len(seeds):
        return set()
    step = settings.max_gap + 1
    near = np.arange(-step, step + 1)
    dx, dy = np.repeat(near, len(near)), np.tile(near, len(near))
    tested = np.zeros(sim.shape, dtype=bool)
    tested.flat[seeds] = True
    accepted = [seeds]
    frontier = seeds
    while len(frontier):
        x = (frontier // nb)[:, None] + dx
        y = (frontier % nb)[:, None] + dy
        inside = (x >= 0) & (x < na) & (y >= 0) & (y < nb)
        x, y = x[inside], y[inside]
        cells = distinct(x * nb + y)
        cells = cells[~tested.flat[cells]]
        cells = cells[sim.flat[cells] >= settings.extend_similarity]
        tested.flat[cells] = True
        ok = [not inf_a[c // nb].isdisjoint(inf_b[c % nb]) for c in cells.tolist()]
        frontier = cells[np.asarray(ok, dtype=bool)] if ok else cells
        accepted.append(frontier)
    codes = np.concatenate(accepted)
    return set(zip((codes // nb).tolist(), (codes % nb).tolist()))


# Grids (the unit pairs of two articles) of up to this many cells are aligned on the dense grid
# of cosines: a float64 and a few boolean masks per cell, some 60 MB at the limit, and the
# fastest way for ordinary articles (hundreds of cells). Beyond it the grid grows with the
# product of the two lengths (two articles of 5 MB, some 30,000 units each, make 900 million
# cells), so the sparse path is taken: the cosines are computed in row blocks keeping only the
# seeds, and passages grow by computing the cosines around what they have reached.
DENSE_CELLS = 4_000_000


# Most multiplications of TF-IDF weights one row block of the sparse seed search does: a block's
# product holds at most this many cells (some tens of megabytes with scipy's work arrays).
_BLOCK_PRODUCTS = 2_000_000


# Most cells whose cosines `Cosines.at` computes at once, and most accepted unit pairs the
# sparse growth expands at once (each into (2 * max_gap + 3)**2 cells around it).
_CELL_BATCH = 1 << 20


_GROW_BATCH = 1 << 14


class Cosines:
    """Cosines of the unit pairs of two documents, from their TF-IDF rows `a` and `b`, for
    alignment without the dense grid.

    Every value is the one the product `a @ b.T` gives: scipy's sparse product adds the
    products of each entry of a row of `a` (in the order stored) with the matching entry of
    `b`, and `at` adds them in that order too; `blocks` takes rows of that very product. So the
    sparse path compares the same numbers with the thresholds as the dense grid does.
    """

    def __init__(self, a: sparse.csr_matrix, b: sparse.csr_matrix) -> None:
        self.a = sparse.csr_matrix(a)
        self.bt = sparse.csr_matrix(b.T)  # what `a @ b.T` multiplies by
        bs = sparse.csr_matrix(b, copy=True)
        bs.sort_indices()
        self.b_data = bs.data
        self.width = bs.shape[1]  # words of the vocabulary
        self.b_keys = (
            np.repeat(np.arange(bs.shape[0], dtype=np.int64), np.diff(bs.indptr)) * self.width
            + bs.indices
        )
        self.shape = (a.shape[0], b.shape[0])

    def blocks(self, threshold: float) -> Iterator[tuple[int, int, np.ndarray, np.ndarray]]:
        """For consecutive row blocks [lo, hi) covering every row, the cells (x, y) of the
        block whose cosine reaches `threshold`. A block does at most about `_BLOCK_PRODUCTS`
        multiplications (a row's are the lengths of the postings of its words in b)."""
        a, (na, nb) = self.a, self.shape
        if threshold <= 0:  # every cell reaches it, zero or not
            cost = np.full(na, float(nb))
        else:
            postings = np.diff(self.bt.indptr).astype(np.float64)
            cost = np.bincount(
                np.repeat(np.arange(na), np.diff(a.indptr)),
                weights=postings[a.indices],
                minlength=na,
            )
        done = np.concatenate(([0.0], np.cumsum(cost)))
        lo = 0
        while lo < na:
            hi = int(np.searchsorted(done, done[lo] + _BLOCK_PRODUCTS, side="right")) - 1
            hi = min(max(hi, lo + 1), na)
            if threshold <= 0:
                x = np.repeat(np.arange(lo, hi), nb)
                y = np.tile(np.arange(nb), hi - lo)
            else:
                block = (a[lo:hi] @ self.bt).tocoo()
                keep = block.data >= threshold
                x, y = block.row[keep].astype(np.int64) + lo, block.col[keep].astype(np.int64)
            yield lo, hi, x, y
            lo = hi

    def at(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The cosines of the cells (x[k], y[k])."""
        out = np.zeros(len(x))
        a = self.a
        for lo in range(0, len(x), _CELL_BATCH):
            xs, ys = x[lo : lo + _CELL_BATCH], y[lo : lo + _CELL_BATCH].astype(np.int64)
            first = a.indptr[xs]
            length = a.indptr[xs + 1] - first
            part = np.zeros(len(xs))
            for k in range(int(length.max(initial=0))):
                live = np.flatnonzero(length > k)
                entry = first[live] + k
                key = ys[live] * self.width + a.indices[entry]
                pos = np.minimum(np.searchsorted(self.b_keys, key), len(self.b_keys) - 1)
                hit = self.b_keys[pos] == key if len(self.b_keys) else np.zeros(len(key), bool)
                part[live] += np.where(hit, a.data[entry] * self.b_data[pos], 0.0)
            out[lo : lo + _CELL_BATCH] = part
        return out


def accepted_pairs_sparse(
    cosines: Cosines,
    inf_a: Sequence[frozenset[str]],
    inf_b: Sequence[frozenset[str]],
    ngram: np.ndarray,
    settings: Settings,
) -> np.ndarray:
    """What `_grow_dense` finds on the grid of `cosines`, without making the grid, as sorted
    codes i * n_units_b + j.

    The seeds are found in row blocks of the grid, keeping only the cells at `seed_similarity`
    or more that share `min_shared_words` informative words; a row whose unit seeds with more
    than `_REFRAIN_SEEDS` units of b is dropped as soon as its block is done, and a column's
    partners are counted, so the seeds held never exceed `_REFRAIN_SEEDS` per unit of a. The
    passages then grow by breadth-first search from the seeds, computing only the cosines of
    the cells within `max_gap` + 1 of a unit pair reached: the accepted pairs are the same as
    the dense dilations give (validity of a cell does not depend on the order it is reached
    in), and the memory is that of the accepted pairs (held in arrays, some tens of bytes
    each), not of the grid.
    """
    _na, nb = cosines.shape
    partners = np.zeros(nb, np.int64)  # distinct seed partners of each unit of b
    kept = []
    for lo, hi, x, y in cosines.blocks(settings.seed_similarity):
        ok = np.fromiter(
            (
                len(inf_a[i] & inf_b[j]) >= settings.min_shared_words
                for i, j in zip(x.tolist(), y.tolist())
            ),
            dtype=bool,
            count=len(x),
        )
        g0, g1 = np.searchsorted(ngram, [lo * nb, hi * nb])
        codes = distinct(np.concatenate((x[ok] * nb + y[ok], ngram[g0:g1])))
        rows = codes // nb - lo
        np.add.at(partners, codes % nb, 1)
        kept.append(codes[np.bincount(rows, minlength=hi - lo)[rows] <= _REFRAIN_SEEDS])
    seeds = np.concatenate(kept) if kept else np.zeros(0, np.int64)
    seeds = seeds[partners[seeds % nb] <= _REFRAIN_SEEDS]
    return _grow_sparse(seeds, cosines, inf_a, inf_b, settings)


def _grow_sparse(
    seeds: np.ndarray,
    cosines: Cosines,
    inf_a: Sequence[frozenset[str]],
    inf_b: Sequence[frozenset[str]],
    settings: Settings,
) -> np.ndarray:
    """The unit pairs (sorted codes i * n_units_b + j) reachable from `seeds` (sorted codes)
    through unit pairs at `extend_similarity` or more that share an informative word, each
    within `max_gap` + 1 units of the last in both documents; cosines computed only around the
    pairs reached."""
    na, nb = cosines.shape
    step = settings.max_gap + 1
    near = np.arange(-step, step + 1)
    dx, dy = np.repeat(near, len(near)), np.tile(near, len(near))
    # The accepted pairs that are not seeds: sorted `grown`, and the `recent` ones (sorted
    # arrays), merged into `grown` when they hold a quarter as many, so that the merging costs
    # n log n in all rather than the size of `grown` for each batch.
    grown = np.zeros(0, np.int64)
    recent: list[np.ndarray] = []

    def known(cells: np.ndarray) -> np.ndarray:
        out = _member(cells, seeds) | _member(cells, grown)
        for part in recent:
            out |= _member(cells, part)
        return out

    todo = [seeds[lo : lo + _GROW_BATCH] for lo in range(0, len(seeds), _GROW_BATCH)]
    while todo:
        reached = todo.pop()
        x = (reached // nb)[:, None] + dx
        y = (reached % nb)[:, None] + dy
        inside = (x >= 0) & (x < na) & (y >= 0) & (y < nb)
        cells = distinct(x[inside] * nb + y[inside])
        cells = cells[~known(cells)]
        cx, cy = cells // nb, cells % nb
        close = cosines.at(cx, cy) >= settings.extend_similarity
        cells, cx, cy = cells[close], cx[close], cy[close]
        ok = np.fromiter(
            (not inf_a[i].isdisjoint(inf_b[j]) for i, j in zip(cx.tolist(), cy.tolist())),
            dtype=bool,
            count=len(cells),
        )
        fresh = cells[ok]
        if len(fresh):
            recent.append(fresh)
            if 4 * sum(map(len, recent)) > len(grown) or len(recent) > 8:
                grown = distinct(np.concatenate([grown, *recent]))
                recent = []
            todo.extend(fresh[lo : lo + _GROW_BATCH] for lo in range(0, len(fresh), _GROW_BATCH))
    return distinct(np.concatenate([seeds, grown, *recent]))


def _member(items: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Whether each of `items` is in the sorted array `ordered`."""
    if not len(ordered):
        return np.zeros(len(items), dtype=bool)
    at = np.minimum(np.searchsorted(ordered, items), len(ordered) - 1)
    return ordered[at] == items


def groups_of(codes: np.ndarray, nb: int, gap: int) -> Iterator[np.ndarray]:
    """`components` of unit pairs given as sorted codes i * nb + j: each group's codes in
    order, the groups in order of their first pair.

    A pair is linked to the first pair of each window of pairs within `gap` + 1 of it in its
    own row (after it) and in the rows after it, and the pairs of each window to one another in
    a chain: all of a window's pairs are linked to the pair whose window it is, so the groups
    are those of linking every two pairs within reach, with at most `gap` + 3 links per pair
    however many pairs the rows within reach hold (a row of a long article can hold dozens).
    """
    n, reach = len(codes), gap + 1
    if not n:
        return
    x, y = codes // nb, codes % nb
    src, dst = [], []
    chain = np.zeros(n + 1, np.int64)  # > 0 where a window holds both pair k and pair k + 1
    for dx in range(reach + 1):
        row = (x + dx) * nb
        lo = np.searchsorted(codes, row + (y + 1 if dx == 0 else np.maximum(y - reach, 0)))
        hi = np.searchsorted(codes, row + np.minimum(y + reach, nb - 1), side="right")
        has = np.flatnonzero(hi > lo)
        src.append(has)
        dst.append(lo[has])
        chain += np.bincount(lo[has], minlength=n + 1) - np.bincount(hi[has] - 1, minlength=n + 1)
    link = np.flatnonzero(np.cumsum(chain[: n - 1]) > 0)
    src.append(link)
    dst.append(link + 1)
    a, b = np.concatenate(src), np.concatenate(dst)
    graph = sparse.coo_matrix((np.ones(len(a), np.int8), (a, b)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    _, first = np.unique(labels, return_index=True)
    rank = np.empty(len(first), np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    group = rank[labels]
    order = np.argsort(group, kind="stable")
    bounds = np.concatenate(([0], np.flatnonzero(np.diff(group[order])) + 1, [n]))
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        yield codes[order[lo:hi]]


def components(pairs: set[tuple[int, int]], gap: int) -> list[list[tuple[int, int]]]:
    """Group unit pairs that lie within `gap`+1 units of each other in both documents; groups
    in order of their first pair, each sorted."""
    reach = gap + 1
    cells = sorted(pairs)
    if len(cells) > 200:  # a long near-copy: the pairwise sweep below would grow as its square
        return _components_of_many(cells, reach)
    uf = UnionFind(len(cells))  # a group's root is its first pair
    # Sorted by the first coordinate, each pair need only be compared with those after it
    # that are within reach in that coordinate.
    for k, (i, j) in enumerate(cells):
        for m in range(k + 1, len(cells)):
            x, y = cells[m]
            if x - i > reach:
                break
            if -reach <= y - j <= reach:
                uf.union(k, m)
    return [[cells[k] for k in group] for group in uf.groups()]


def _components_of_many(cells: list[tuple[int, int]], reach: int) -> list[list[tuple[int, int]]]:
    """`components` of many sorted unit pairs: the links as arrays, the groups from scipy's
    connected components, in order of their first pair, each in pair order."""
    n = len(cells)
    xy = np.asarray(cells, dtype=np.int64)
    x, y = xy[:, 0], xy[:, 1]
    # Each pair against the pairs after it whose first coordinate is within reach.
    ends = np.searchsorted(x, x + reach, side="right")
    counts = ends - np.arange(n) - 1
    src = np.repeat(np.arange(n), counts)
    dst = src + 1 + (np.arange(len(src)) - np.repeat(np.cumsum(counts) - counts, counts))
    link = np.abs(y[src] - y[dst]) <= reach
    graph = sparse.coo_matrix(
        (np.ones(int(link.sum()), np.int8), (src[link], dst[link])), shape=(n, n)
    )
    _, labels = connected_components(graph, directed=False)
    _, first = np.unique(labels, return_index=True)
    rank = np.empty(len(first), np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    group = rank[labels]
    order = np.argsort(group, kind="stable")
    bounds = np.flatnonzero(np.diff(group[order])) + 1
    return [[cells[k] for k in part.tolist()] for part in np.split(order, bounds)]


def cell_cosines(
    a: sparse.csr_matrix, b: sparse.csr_matrix, cells: Sequence[tuple[int, int]]
) -> list[float]:
    """The cosines of the unit pairs `cells` (rows of `a`, rows of `b`), each the very number
    `(a @ b.T)[i, j]` is: scipy's sparse product adds, from zero, the products of the entries of
    row i of `a` (in the order stored) with the matching entries of b's row j, and so does this.
    A few cells cost a few dozen multiplications instead of the whole product."""
    out = []
    for i, j in cells:
        row_b = dict(
            zip(
                b.indices[b.indptr[j] : b.indptr[j + 1]].tolist(),
                b.data[b.indptr[j] : b.indptr[j + 1]].tolist(),
            )
        )
        total = 0.0
        lo, hi = a.indptr[i], a.indptr[i + 1]
        for col, value in zip(a.indices[lo:hi].tolist(), a.data[lo:hi].tolist()):
            if col in row_b:
                total += value * row_b[col]
        out.append(total)
    return out


def cosine_seed(
    va: UnitVectors, i: int, vb: UnitVectors, j: int, cosine: float, settings: Settings
) -> bool:
    """Whether units i and j (whose cosine is `cosine`) seed a passage by their cosine: at
    `seed_similarity` or more, sharing `min_shared_words` informative words."""
    return (
        cosine >= settings.seed_similarity
        and shared_informative(va, i, vb, j) >= settings.min_shared_words
    )


def is_seed(
    da: Document,
    va: UnitVectors,
    i: int,
    db: Document,
    vb: UnitVectors,
    j: int,
    cosine: float,
    settings: Settings,
) -> bool:
    """Whether units i of `da` and j of `db` (whose cosine is `cosine`) would seed a passage
    (cosine and shared words, or a shared run of `seed_ngram_words`)."""
    if cosine_seed(va, i, vb, j, cosine, settings):
        return True
    k = settings.seed_ngram_words
    (sa, ea), (sb, eb) = da.unit_bounds[i], db.unit_bounds[j]
    if ea - sa < k or eb - sb < k:
        return False
    starts = sa + np.flatnonzero(_informative_runs(da, va, k)[sa : ea - k + 1] >= 2)
    grams_a = {da.stems[p : p + k] for p in starts.tolist()}
    return any(db.stems[q : q + k] in grams_a for q in range(sb, eb - k + 1))


def shares_ngram(da: Document, va: UnitVectors, db: Document, vb: UnitVectors, k: int) -> bool:
    """Whether the two documents share a run of `k` words with two informative words in it
    (the n-gram seed of `ngram_seed_codes`, only asked whether one exists)."""
    if len(da.stems) < k or len(db.stems) < k:
        return False
    ha, _ = _grams(da, va, k)
    hb, _ = _grams(db, vb, k)
    small, big = (ha, hb) if len(ha) <= len(hb) else (hb, ha)
    if not len(small):
        return False
    at = np.minimum(np.searchsorted(big, small), len(big) - 1)
    return bool((big[at] == small).any())


# Most (unit of a, unit of b) occurrence pairs of shared informative stems `_word_cells`
# expands; beyond it (two long texts repeating the same words) the product is taken instead.
_WORD_PAIRS = 1 << 21


def _common(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the values two sorted arrays of distinct numbers share stand in each, in
    ascending order (what `np.intersect1d(..., return_indices=True)` gives): the shorter is
    looked up in the longer, without sorting the two together."""
    swap = len(x) > len(y)
    small, big = (y, x) if swap else (x, y)
    at = np.searchsorted(big, small)
    hit = at < len(big)
    hit[hit] = big[at[hit]] == small[hit]
    at_small, at_big = np.flatnonzero(hit), at[hit]
    return (at_big, at_small) if swap else (at_small, at_big)


# `_word_cells` counts the unit pairs on the whole grid (no sorting) when the grid holds at most
# `_GRID_CELLS` cells or `_GRID_PER_PAIR` cells for each occurrence pair it counts (and no more
# than `DENSE_CELLS`).
_GRID_CELLS = 1 << 16
_GRID_PER_PAIR = 16


def _word_cells(va: UnitVectors, vb: UnitVectors, least: int) -> np.ndarray | None:
    """The unit pairs (coded i * n_units_b + j, sorted) that share at least `least` (>= 1)
    informative stems, counted from each document's stem-to-units lists; None when that would
    expand more than `_WORD_PAIRS` occurrence pairs or a document's stems are not all numbered
    (see `Idf.unit_vectors_of`).

    With `least` >= 2 and the two documents weighed alike (their `rarity`), only each unit's
    `len - least + 2` rarest stems are expanded (`_prefix`): a unit pair sharing `least` stems
    shares at least two of those, since the two rarest of its common stems are in both
    prefixes (the prefix filter of set-similarity joins). The unit pairs sharing two prefix
    stems are then counted in full. The stems left out are the common ones that many units
    hold, whose occurrence pairs are most of the expansion; the cells are the same."""
    if va.memo.get("informative") is None or vb.memo.get("informative") is None:
        return None
    if least >= 2 and va.rarity is not None and va.rarity is vb.rarity:
        codes = _occurrence_pairs(_prefix(va, least), _prefix(vb, least), vb.matrix.shape[0])
        if codes is None:
            return None
        codes.sort()
        twice = codes[1:][codes[1:] == codes[:-1]]  # sorted: the cells held twice or more
        return _counted(va, vb, twice[firsts(twice)], least)
    return _shared_cells(va.memo["informative"], vb.memo["informative"], least, va, vb)


def _entries(v: UnitVectors) -> tuple[np.ndarray, np.ndarray]:
    """The (unit, column) entries of `memo["informative"]`, one pair of arrays, grouped by
    column."""
    words, starts, units = v.memo["informative"]
    return units, np.repeat(words, np.diff(np.append(starts, len(units))))


def _prefix(v: UnitVectors, least: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each unit's `len - least + 2` rarest informative stems (by `v.rarity`, ties by column),
    as `memo["informative"]` lists them: the distinct columns, where each one's units start,
    the units grouped by column."""
    key = ("informative prefix", least)
    if key not in v.memo:
        assert v.rarity is not None
        units, columns = _entries(v)
        order = np.lexsort((columns, -v.rarity[columns], units))
        units, columns = units[order], columns[order]
        counts = np.bincount(units, minlength=v.matrix.shape[0])
        place = np.arange(len(units)) - (np.cumsum(counts) - counts)[units]
        keep = place < counts[units] - (least - 2)
        units, columns = units[keep], columns[keep]
        order = np.lexsort((units, columns))
        columns = columns[order]
        first = firsts(columns)
        v.memo[key] = (columns[first], np.flatnonzero(first), units[order])
    prefix: tuple[np.ndarray, np.ndarray, np.ndarray] = v.memo[key]
    return prefix


def _by_unit(v: UnitVectors) -> tuple[np.ndarray, np.ndarray]:
    """The document's informative (unit, column) entries as codes unit * width + column in
    ascending order, the width being the vocabulary's (`v.rarity`), and where each unit's
    codes start (one more at the end)."""
    key = "informative by unit"
    if key not in v.memo:
        assert v.rarity is not None
        units, columns = _entries(v)
        codes = np.sort(units * len(v.rarity) + columns)
        v.memo[key] = (
            codes,
            np.searchsorted(codes // len(v.rarity), np.arange(v.matrix.shape[0] + 1)),
        )
    entries: tuple[np.ndarray, np.ndarray] = v.memo[key]
    return entries


def _counted(va: UnitVectors, vb: UnitVectors, cells: np.ndarray, least: int) -> np.ndarray:
    """Those of `cells` (sorted codes i * n_units_b + j) whose units share `least` informative
    stems or more, counted in full: unit i's columns looked up among unit j's."""
    if not len(cells):
        return cells
    assert va.rarity is not None
    nb, wide = vb.matrix.shape[0], len(va.rarity)
    codes_a, first = _by_unit(va)
    keys = _by_unit(vb)[0]
    i, j = cells // nb, cells % nb
    lengths = first[i + 1] - first[i]
    wanted = np.repeat(j, lengths) * wide + codes_a[_spread(first[i], lengths)] % wide
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    shared = np.bincount(
        np.repeat(np.arange(len(cells)), lengths)[keys[at] == wanted], minlength=len(cells)
    )
    kept: np.ndarray = cells[shared >= least]
    return kept


def _occurrence_pairs(
    a: tuple[np.ndarray, np.ndarray, np.ndarray],
    b: tuple[np.ndarray, np.ndarray, np.ndarray],
    nb: int,
) -> np.ndarray | None:
    """Each occurrence in `a` of a column the two stem-to-units lists share with each of its
    occurrences in `b`, as the unit pair holding them (coded i * nb + j); None past
    `_WORD_PAIRS` of them."""
    words_a, starts_a, units_a = a
    words_b, starts_b, units_b = b
    at_a, at_b = _common(words_a, words_b)
    if not len(at_a):
        return np.zeros(0, np.int64)
    ends_a = np.append(starts_a[1:], len(units_a))
    ends_b = np.append(starts_b[1:], len(units_b))
    n_a, n_b = ends_a[at_a] - starts_a[at_a], ends_b[at_b] - starts_b[at_b]
    if int((n_a * n_b).sum()) > _WORD_PAIRS:
        return None
    a_idx = _spread(starts_a[at_a], n_a)
    b_cnt = np.repeat(n_b, n_a)
    b_idx = _spread(np.repeat(starts_b[at_b], n_a), b_cnt)
    codes: np.ndarray = units_a[np.repeat(a_idx, b_cnt)] * nb + units_b[b_idx]
    return codes


def _shared_cells(
    a: tuple[np.ndarray, np.ndarray, np.ndarray],
    b: tuple[np.ndarray, np.ndarray, np.ndarray],
    least: int,
    va: UnitVectors,
    vb: UnitVectors,
) -> np.ndarray | None:
    """The unit pairs (coded i * n_units_b + j, sorted) that at least `least` of the columns
    the stem-to-units lists `a` (of `va`) and `b` (of `vb`) share hold both, or None past
    `_WORD_PAIRS` occurrence pairs."""
    nb = vb.matrix.shape[0]
    codes = _occurrence_pairs(a, b, nb)
    if codes is None:
        return None
    if not len(codes):
        return codes
    grid = va.matrix.shape[0] * nb
    if grid <= min(max(_GRID_PER_PAIR * len(codes), _GRID_CELLS), DENSE_CELLS):
        # Counted on the grid, without sorting: the same cells, in the same order (the grid
        # never larger than the dense path's).
        return np.flatnonzero(np.bincount(codes, minlength=grid) >= least)
    cells, counts = np.unique(codes, return_counts=True)
    return cells[counts >= least]


def has_seed(
    da: Document,
    va: UnitVectors,
    db: Document,
    vb: UnitVectors,
    settings: Settings,
) -> bool:
    """Whether any unit pair of the two documents would seed a passage (`is_seed` over the
    whole grid), without the grid: a cosine seed shares `min_shared_words` informative stems,
    so only the unit pairs that do (found from each document's stem-to-units lists, few
    between articles that do not share a passage) have their cosines computed, the very
    numbers the product gives; the n-gram seed is a lookup of sorted hashes, asked first as it
    costs a tenth of the unit pairs' search (on January's pages, most pairs that pass here
    share a run of words)."""
    if shares_ngram(da, va, db, vb, settings.seed_ngram_words):
        return True
    least = settings.min_shared_words
    cells = _word_cells(va, vb, least) if least >= 1 else None
    if cells is None:
        rows, columns = _strong_cells(unit_cosines(va, vb), settings.seed_similarity)
        pairs = zip(rows.tolist(), columns.tolist())
        return any(shared_informative(va, i, vb, j) >= least for i, j in pairs)
    if not len(cells):
        return False
    nb = vb.matrix.shape[0]
    found = list(zip((cells // nb).tolist(), (cells % nb).tolist()))
    return max(cell_cosines(va.matrix, vb.matrix, found)) >= settings.seed_similarity
