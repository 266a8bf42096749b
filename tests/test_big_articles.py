"""Long articles: alignment without the dense grid of unit cosines, refrains."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from reuse import align
from reuse.align import Idf, align_pair
from reuse.candidates import CandidateStats
from reuse.document import Document, prepare
from reuse.fixtures import generate
from reuse.model import Article
from reuse.pipeline import find_candidates
from reuse.settings import Settings


@lru_cache(maxsize=1)
def _corpus() -> tuple[list[Document], Idf, list]:
    """160 generated articles, prepared, with their candidate pairs (and hints)."""
    settings = Settings()
    articles = sorted((Article(a["id"], a["text"]) for a in generate(160, 5).articles),
                      key=lambda a: a.id)
    pairs, df = find_candidates(articles, settings, 1, CandidateStats())
    docs = [prepare(a, settings) for a in articles]
    return docs, Idf(df, len(articles)), pairs


def test_cosines_without_the_grid_are_those_of_the_grid(monkeypatch) -> None:
    """Cell by cell and by row blocks (made tiny here), the sparse path's cosines are the
    dense grid's to the last bit, so both paths compare the same numbers with thresholds."""
    docs, idf, pairs = _corpus()
    monkeypatch.setattr(align, "_BLOCK_PRODUCTS", 50)
    for (i, j), _ in pairs[:40]:
        va, vb = idf.unit_vectors(docs[i]), idf.unit_vectors(docs[j])
        grid = (va.matrix @ vb.matrix.T).toarray()
        cos = align._Cosines(va.matrix, vb.matrix)
        x, y = np.indices(grid.shape).reshape(2, -1)
        assert np.array_equal(cos.at(x, y), grid.ravel())
        for threshold in (0.0, 0.25, 0.5):
            cells = set()
            covered = 0
            for lo, hi, bx, by in cos.blocks(threshold):
                assert lo == covered and hi > lo
                covered = hi
                assert ((bx >= lo) & (bx < hi)).all()
                cells |= set(zip(bx.tolist(), by.tolist()))
            assert covered == grid.shape[0]
            assert cells == set(zip(*(v.tolist() for v in np.nonzero(grid >= threshold))))


def test_the_sparse_path_aligns_as_the_dense_grid(monkeypatch) -> None:
    """Every candidate pair of a generated corpus, with and without hints, gives the same
    passages whether aligned on the dense grid or on the sparse path."""
    docs, idf, pairs = _corpus()
    settings = Settings()
    vectors = [idf.unit_vectors(d) for d in docs]
    dense = [align_pair(docs[i], vectors[i], docs[j], vectors[j], settings, hints=h)
             for (i, j), h in pairs]
    unhinted = [align_pair(docs[i], vectors[i], docs[j], vectors[j], settings)
                for (i, j), _ in pairs[:60]]
    assert sum(map(len, dense)) > 40
    monkeypatch.setattr(align, "_DENSE_CELLS", 0)
    monkeypatch.setattr(align, "_BLOCK_PRODUCTS", 200)
    monkeypatch.setattr(align, "_GROW_BATCH", 3)
    assert [align_pair(docs[i], vectors[i], docs[j], vectors[j], settings, hints=h)
            for (i, j), h in pairs] == dense
    assert [align_pair(docs[i], vectors[i], docs[j], vectors[j], settings)
            for (i, j), _ in pairs[:60]] == unhinted


def _ngram_seeds_reference(da, va, db, vb, k, per_run=4):
    """The n-gram seeds as first written: every run of a looked up in b, each with its first
    `per_run` occurrences there."""
    if len(da.stems) < k or len(db.stems) < k:
        return set()
    ha, pa = align._grams(da, va, k)
    hb, pb = align._grams(db, vb, k)
    out = set()
    for h, p in zip(ha.tolist(), pa.tolist()):
        lo = int(np.searchsorted(hb, h, side="left"))
        hi = min(int(np.searchsorted(hb, h, side="right")), lo + per_run)
        for q in pb[lo:hi].tolist():
            out.add((int(np.searchsorted(da.unit_bounds[:, 0], p, side="right") - 1),
                     int(np.searchsorted(db.unit_bounds[:, 0], q, side="right") - 1)))
    return out


@hsettings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["port", "wage", "deal", "fire", "the", "of", "court", "Lima"]),
                min_size=1, max_size=80),
       st.lists(st.sampled_from(["port", "wage", "deal", "fire", "the", "of", "court", "Lima"]),
                min_size=1, max_size=80),
       st.integers(2, 4), st.integers(1, 5), st.sampled_from([3, 1 << 22]))
def test_ngram_seeds_are_those_of_the_plain_lookup(wa, wb, k, per_run, batch) -> None:
    """Looked up from the side with fewer runs and expanded in batches (tiny here), the
    n-gram seeds are the unit pairs the plain lookup finds."""
    settings = Settings(min_unit_words=3, max_unit_words=6)
    da = prepare(Article("a", " ".join(wa) + "."), settings)
    db = prepare(Article("b", " ".join(wb) + "."), settings)
    idf = Idf.of([da, db])
    va, vb = idf.unit_vectors(da), idf.unit_vectors(db)
    old, align._RUN_PAIRS = align._RUN_PAIRS, batch
    try:
        codes = align._ngram_seed_codes(da, va, db, vb, k, per_run)
    finally:
        align._RUN_PAIRS = old
    nb = len(db.unit_bounds)
    assert codes.tolist() == sorted(set(codes.tolist()))
    assert {(c // nb, c % nb) for c in codes.tolist()} == _ngram_seeds_reference(da, va, db, vb, k, per_run)


def _texts(n: int, seed: int) -> list[str]:
    return [a["text"] for a in generate(n, seed).articles]


NOTICE = ("Readers who wish to receive the weekly edition by post should write to the circulation "
          "office, enclosing their name, their full address and a stamped envelope.")


@pytest.mark.parametrize("sparse", [False, True])
def test_a_line_both_texts_repeat_is_not_a_passage_with_every_copy(monkeypatch, sparse) -> None:
    """Two texts repeating a notice 30 and 40 times share it where it lies inside the stretch
    one copied from the other (or beside another shared sentence), not 1,200 times over."""
    if sparse:
        monkeypatch.setattr(align, "_DENSE_CELLS", 0)
    texts = _texts(60, 12)
    a = "\n".join(f"{t}\n{NOTICE}" for t in texts[:30])
    shared = "\n".join(f"{t}\n{NOTICE}" for t in texts[5:15])
    b = "\n".join(f"{t}\n{NOTICE}" for t in texts[30:45]) + "\n" + shared + "\n" + \
        "\n".join(f"{t}\n{NOTICE}" for t in texts[45:60])
    settings = Settings()
    da, db = prepare(Article("a", a), settings), prepare(Article("b", b), settings)
    idf = Idf.of([da, db])
    found = align_pair(da, idf.unit_vectors(da), db, idf.unit_vectors(db), settings)
    start, end = a.index(shared), a.index(shared) + len(shared)
    assert sum(max(0, min(end, m.a_end) - max(start, m.a_start)) for m in found) > 0.95 * len(shared)
    assert len(found) < 60  # 1,089 when every copy of the notice seeds with every other

