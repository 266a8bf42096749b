"""Alignment's fast paths (grid dilations, array grouping, the sparse path, anchored blocks,
overlap merging) give what the plain searches give.
"""

from __future__ import annotations

from typing import ClassVar

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from reuse.model import Article
from reuse.settings import Settings
from reuse.stages.prepare import prepare


def _grid_search_reference(near, inf_a, inf_b, seeds, step):
    """Passage growth as a plain breadth-first search, cell by cell: what `_accepted_pairs`
    computes with whole-grid dilations."""
    accepted, frontier = set(seeds), list(seeds)
    na, nb = len(near), len(near[0])
    while frontier:
        i, j = frontier.pop()
        for x in range(max(0, i - step), min(na, i + step + 1)):
            for y in range(max(0, j - step), min(nb, j + step + 1)):
                if near[x][y] and (x, y) not in accepted and not inf_a[x].isdisjoint(inf_b[y]):
                    accepted.add((x, y))
                    frontier.append((x, y))
    return accepted


def _components_reference(pairs, gap):
    reach, todo, seen, groups = gap + 1, sorted(pairs), set(), []
    for p in todo:
        if p in seen:
            continue
        seen.add(p)
        group, stack = [], [p]
        while stack:
            i, j = stack.pop()
            group.append((i, j))
            for q in (
                (x, y)
                for x in range(i - reach, i + reach + 1)
                for y in range(j - reach, j + reach + 1)
            ):
                if q in pairs and q not in seen:
                    seen.add(q)
                    stack.append(q)
        groups.append(sorted(group))
    return groups


@hsettings(max_examples=150, deadline=None)
@given(st.integers(1, 14), st.integers(1, 14), st.integers(0, 2), st.randoms(use_true_random=False))
def test_passage_growth_and_grouping_equal_the_plain_searches(na, nb, gap, rnd) -> None:
    import numpy as np

    from reuse.stages.align import growth as align

    words = ["port", "wage", "fire", "court"]
    inf_a = [frozenset(rnd.sample(words, rnd.randint(0, 2))) for _ in range(na)]
    inf_b = [frozenset(rnd.sample(words, rnd.randint(0, 2))) for _ in range(nb)]
    sim = np.array([[rnd.random() for _ in range(nb)] for _ in range(na)])
    settings = Settings(
        max_gap=gap,
        seed_similarity=0.9,
        extend_similarity=0.4,
        min_shared_words=0,
        seed_ngram_words=10_000,
    )

    class Vectors:
        informative = tuple(inf_a)
        memo: ClassVar[dict] = {}

    class VectorsB(Vectors):
        informative = tuple(inf_b)

    doc = prepare(Article("x", "Too short."), settings)
    got = align.accepted_pairs(doc, Vectors(), doc, VectorsB(), sim, settings)
    seeds = [(i, j) for i in range(na) for j in range(nb) if sim[i, j] >= 0.9]
    near = (sim >= 0.4).tolist()
    assert got == _grid_search_reference(near, inf_a, inf_b, seeds, gap + 1)
    assert align.components(got, gap) == _components_reference(got, gap)
    if got:  # the array path taken for long near-copies
        assert align._components_of_many(sorted(got), gap + 1) == _components_reference(got, gap)


@hsettings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["the", "port", "wage", "deal", "said", "a", "fire"]), max_size=40),
    st.lists(st.sampled_from(["the", "port", "wage", "deal", "said", "a", "fire"]), max_size=40),
)
def test_blocks_are_those_of_the_standard_difflib(a: list[str], b: list[str]) -> None:
    """The compiled SequenceMatcher finds the runs the standard library's does."""
    import difflib

    from reuse.stages.align.blocks import Block, anchored_blocks

    expected = [
        Block(*m)
        for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
        if m.size
    ]
    if a == b:
        expected = [Block(0, 0, len(a))] if a else []
    assert anchored_blocks(tuple(a), tuple(b)) == expected


class _GridCosines:
    """The sparse path's view of a dense grid of cosines, in row blocks of `rows` rows."""

    def __init__(self, sim, rows: int) -> None:
        self.sim, self.rows, self.shape = sim, rows, sim.shape

    def blocks(self, threshold):
        import numpy as np

        for lo in range(0, self.shape[0], self.rows):
            hi = min(lo + self.rows, self.shape[0])
            x, y = np.nonzero(self.sim[lo:hi] >= threshold)
            yield lo, hi, x.astype(np.int64) + lo, y.astype(np.int64)

    def at(self, x, y):
        return self.sim[x, y]


@hsettings(max_examples=300, deadline=None)
@given(
    st.integers(1, 16),
    st.integers(1, 16),
    st.integers(0, 2),
    st.integers(1, 5),
    st.integers(1, 6),
    st.floats(0.0, 0.6),
    st.randoms(use_true_random=False),
)
def test_sparse_growth_equals_the_dense_grid(na, nb, gap, rows, refrain, extend, rnd) -> None:
    """The sparse path (seeds by row blocks, refrains dropped as blocks end, growth computing
    only the cosines around the pairs reached) accepts the unit pairs the dense dilations do,
    n-gram seeds and refrains included, and groups them as the plain search does."""
    import numpy as np

    from reuse.stages.align import growth as align

    words = ["port", "wage", "fire", "court"]
    inf_a = [frozenset(rnd.sample(words, rnd.randint(0, 2))) for _ in range(na)]
    inf_b = [frozenset(rnd.sample(words, rnd.randint(0, 2))) for _ in range(nb)]
    sim = np.array(
        [[rnd.choice((0.0, 0.0, extend, rnd.random())) for _ in range(nb)] for _ in range(na)]
    )
    ngram = np.unique(
        np.array([rnd.randrange(na * nb) for _ in range(rnd.randint(0, 4))], dtype=np.int64)
    )
    settings = Settings(
        max_gap=gap,
        seed_similarity=0.8,
        extend_similarity=extend,
        min_shared_words=rnd.randint(0, 1),
    )
    old, align._REFRAIN_SEEDS = align._REFRAIN_SEEDS, refrain
    try:
        dense = align._grow_dense(sim, inf_a, inf_b, ngram, settings)
        codes = align.accepted_pairs_sparse(_GridCosines(sim, rows), inf_a, inf_b, ngram, settings)
        # The strong cells read from a sparse product's entries (any order) grow the same.
        shuffled = rnd.sample(range(na * nb), na * nb)
        stored = np.array([c for c in shuffled if sim.flat[c] >= settings.seed_similarity])
        strong = (stored // nb, stored % nb) if len(stored) else (stored, stored)
        assert align._grow_dense(sim, inf_a, inf_b, ngram, settings, strong) == dense
    finally:
        align._REFRAIN_SEEDS = old
    assert codes.tolist() == sorted(i * nb + j for i, j in dense)
    assert [
        [(c // nb, c % nb) for c in group.tolist()] for group in align.groups_of(codes, nb, gap)
    ] == _components_reference(dense, gap)


@hsettings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(1, 6), st.integers(0, 12), st.integers(1, 6)),
        max_size=30,
    )
)
def test_overlapping_passages_merge_as_when_all_are_compared(spans) -> None:
    """Comparing a passage only with the kept passages that reach its start drops the same
    passages as comparing it with all of them."""
    from reuse.stages.align.passages import Aligned
    from reuse.stages.align.passages import merge_overlaps as _merge_overlaps

    items = sorted(
        (Aligned(a, a + n, b, b + m, 1.0, "verbatim", False, n, 0, 0) for a, n, b, m in spans),
        key=lambda x: (x.a_start, x.b_start, x.a_end, x.b_end),
    )
    keep: list = []
    for m in items:
        if any(
            k.a_start <= m.a_start
            and m.a_end <= k.a_end
            and k.b_start <= m.b_start
            and m.b_end <= k.b_end
            for k in keep
        ):
            continue
        keep = [
            k
            for k in keep
            if not (
                m.a_start <= k.a_start
                and k.a_end <= m.a_end
                and m.b_start <= k.b_start
                and k.b_end <= m.b_end
            )
        ]
        keep.append(m)
    assert _merge_overlaps(items) == keep


@hsettings(max_examples=200, deadline=None)
@given(
    st.integers(1, 12),
    st.integers(1, 12),
    st.integers(2, 30),
    st.floats(0.05, 0.9),
    st.randoms(use_true_random=False),
)
def test_cosines_of_a_few_cells_are_those_of_the_product(na, nb, width, density, rnd) -> None:
    """The alignment gate's cosines of single cells are the very numbers of the sparse product
    (the same float sums in the same order), so the gate decides as it did on the grid."""
    import numpy as np
    from scipy import sparse

    from reuse.stages.align import growth as align

    def rows(n):
        m = sparse.random(n, width, density=density, random_state=rnd.randrange(2**31))
        m = sparse.csr_matrix(m)
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1 / norms) @ m)

    a, b = rows(na), rows(nb)
    grid = (a @ b.T).toarray()
    cells = [(i, j) for i in range(na) for j in range(nb)]
    assert align.cell_cosines(a, b, cells) == [grid[i, j] for i, j in cells]


def test_unit_cosines_are_the_product_with_the_transpose_kept() -> None:
    """The grid of unit cosines with b's transpose kept (for the last 64 documents) is the
    plain product, array for array, for each document whether it was kept, made again after
    it was let go, or never kept."""
    import random
    import weakref

    import numpy as np
    from scipy import sparse

    from reuse.stages.align import growth as align
    from reuse.stages.align.vectors import UnitVectors

    rnd = random.Random(5)

    def vectors(n: int) -> UnitVectors:
        m = sparse.random(n, 40, density=0.2, random_state=rnd.randrange(2**31), format="csr")
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return UnitVectors(sparse.csr_matrix(sparse.diags(1 / norms) @ m))

    docs = [vectors(rnd.randrange(1, 12)) for _ in range(150)]
    # Each document meets partners while it is kept, and again after 64 others pushed it out.
    order = [k for k in range(150) for _ in range(3)] + list(range(150))
    for k in order:
        va, vb = docs[rnd.randrange(150)], docs[k]
        got, want = align.unit_cosines(va, vb), va.matrix @ vb.matrix.T
        assert got.shape == want.shape and got.format == want.format == "csr"
        for x, y in ((got.indptr, want.indptr), (got.indices, want.indices), (got.data, want.data)):
            assert np.array_equal(x, y)
    kept = [d for d in docs if "rows of the transpose" in d.memo]
    assert len(kept) == 64
    # What is kept does not keep a document alive once its run lets it go.
    gone = vectors(3)
    align.unit_cosines(docs[0], gone)
    ref = weakref.ref(gone)
    del gone
    assert ref() is None
