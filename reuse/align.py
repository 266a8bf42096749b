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

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter
from typing import Iterable, Iterator, Mapping, NamedTuple, Sequence

# difflib's SequenceMatcher compiled (from the makers of rapidfuzz): the same blocks, four times
# faster on the short passages that alignment compares by the thousand.
from cydifflib import SequenceMatcher
import numpy as np
import textdistance
from rapidfuzz.distance import Indel
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

from .candidates import _M32, _combine
from .cluster import _UnionFind
from .document import Document, _gather
from .normalize import NUMBER, inside_share, parse_number
from .settings import Settings

__all__ = ["Aligned", "Idf", "UnitVectors", "document_frequencies", "align_pair", "edit_direction",
           "context_direction",
           "passage_similarity", "classify"]

_LEVENSHTEIN = textdistance.Levenshtein()


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


class _Vocabulary(dict):  # type: ignore[type-arg]
    """stem -> column; -1 for a stem outside the vocabulary (looked up with `map`)."""

    def __missing__(self, key: str) -> int:
        return -1


class Idf:
    """Inverse document frequencies of content stems across the corpus, as a scikit-learn
    `TfidfVectorizer` with a fixed vocabulary (the smoothed IDF of `TfidfTransformer`), so unit
    vectors of any document can be made without refitting."""

    def __init__(self, df: Mapping[str, int], n_docs: int) -> None:
        stems = sorted(k for k in df if not k.startswith(" "))
        vocab = {stem: i for i, stem in enumerate(stems)}
        counts = np.fromiter((df[s] for s in stems), dtype=np.float64, count=len(vocab))
        self.n_docs = n_docs
        self.word_df = {k[1:]: v for k, v in df.items() if k.startswith(" ")}
        self._lookup = _Vocabulary(vocab or {"": 0})
        self.vectorizer = TfidfVectorizer(analyzer=_identity, vocabulary=vocab or {"": 0},
                                          norm="l2", lowercase=False)
        # Unknown stems (not counted) are simply not features; smoothing as scikit-learn's.
        idf = np.log((1.0 + n_docs) / (1.0 + counts)) + 1.0
        self.vectorizer.idf_ = idf if len(idf) else np.ones(1)
        self.transformer = TfidfTransformer(norm="l2")
        self.transformer.idf_ = self.vectorizer.idf_

    @classmethod
    def of(cls, docs: Sequence[Document]) -> "Idf":
        return cls(document_frequencies(docs), len(docs))

    def unit_vectors(self, doc: Document) -> "UnitVectors":
        """TF-IDF rows of the units of `doc`; see `unit_vectors_of`."""
        return self.unit_vectors_of([doc])[0]

    def unit_vectors_of(self, docs: Sequence[Document]) -> list["UnitVectors"]:
        """For each document, the TF-IDF rows of its units (each unit's content stems, or all
        its stems when it has none), L2-normalised, and each unit's set of informative stems.

        The term counts of all the documents' units are assembled from their arrays and
        weighted and normalised by scikit-learn's `TfidfTransformer` in one call (the IDF of
        the vectorizer): what `TfidfVectorizer.transform` gives, without its per-token Python
        loop and its per-call checks.
        """
        vocab = self._lookup
        rows, cols, sizes, inf_sets = [], [], [], []
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
            ids = np.fromiter(map(vocab.__getitem__, _gather(stems, positions.tolist())),
                              dtype=np.int64, count=len(positions))
            known = ids >= 0
            rows.append(tok_unit[positions[known]] + first)
            cols.append(ids[known])
            sizes.append(n_units)
            first += n_units
            at = np.flatnonzero(doc.informative)
            words = _gather(stems, at.tolist())
            cuts = np.searchsorted(at, bounds).tolist()
            inf_sets.append(tuple(frozenset(words[c0:c1]) for c0, c1 in cuts))
        if not docs:
            return []
        row = np.concatenate(rows)
        counts = sparse.csr_matrix((np.ones(len(row)), (row, np.concatenate(cols))),
                                   shape=(first, len(vocab)))
        counts.sum_duplicates()
        matrix = self.transformer.transform(counts).tocsr()
        out = []
        lo = 0
        for n_units, sets in zip(sizes, inf_sets):
            out.append(UnitVectors(matrix[lo:lo + n_units], sets))
            lo += n_units
        return out

    def word_rarity(self, word: str) -> float:
        """Smoothed IDF of a word as written (unseen words are the rarest)."""
        return float(np.log((1.0 + self.n_docs) / (1.0 + self.word_df.get(word, 0))) + 1.0)


def edit_direction(da: Document, db: Document, m: "Aligned", idf: Idf) -> float:
    """How much rarer the words are that b has where a has others, averaged over the replaced
    stretches of the passage (0 when nothing was replaced).

    A copy is where typos, spun synonyms and house-style changes appear, and such variants are
    rarer in the corpus than the words they replace; so a positive value says b derived from a.
    """
    a0 = int(np.searchsorted(da.tokens.starts, m.a_start))
    a1 = int(np.searchsorted(da.tokens.ends, m.a_end, side="right"))
    b0 = int(np.searchsorted(db.tokens.starts, m.b_start))
    b1 = int(np.searchsorted(db.tokens.ends, m.b_end, side="right"))
    wa, wb = da.tokens.norm[a0:a1], db.tokens.norm[b0:b1]
    if wa == wb:
        return 0.0
    diffs = [max(idf.word_rarity(w) for w in wb[j1:j2]) - max(idf.word_rarity(w) for w in wa[i1:i2])
             for i1, i2, j1, j2 in replaced(wa, wb)]
    return float(np.mean(diffs)) if diffs else 0.0


def replaced(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """The stretches a[i1:i2] that b replaces with b[j1:j2] (difflib's "replace" opcodes, on
    `anchored_blocks`)."""
    out = []
    i = j = 0
    for blk in [*anchored_blocks(a, b), Block(len(a), len(b), 0)]:
        if i < blk.a and j < blk.b:
            out.append((i, blk.a, j, blk.b))
        i, j = blk.a + blk.size, blk.b + blk.size
    return out


class Block(NamedTuple):
    """A run of `size` equal items at `a` in one sequence and `b` in the other."""

    a: int
    b: int
    size: int


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[Block]:
    """The runs two word sequences share, in order, along a longest common subsequence
    (rapidfuzz's bit-parallel Indel alignment; difflib's is quadratic in Python on long
    passages). No zero-size sentinel at the end."""
    if a == b:
        return [Block(0, 0, len(a))] if a else []
    return [Block(m.a, m.b, m.size) for m in Indel.opcodes(a, b).as_matching_blocks() if m.size]


def anchored_blocks(a: Sequence[str], b: Sequence[str], anchor: int = 12) -> list[Block]:
    """The runs two word sequences share, found as difflib does: the longest run first, then
    the same on each side of it. Trimming and edit direction rely on this anchoring (a longest
    common subsequence also threads through scattered common words at a passage's ends), so
    they use it; the literal runs, where only long runs count, use `matching_blocks`.

    difflib is quadratic Python on long near-copies, so there the runs of `anchor` or more
    words on rapidfuzz's alignment are taken as they are (a run that long is what difflib
    anchors on too) and difflib aligns only the stretches between them.
    """
    if a == b:
        return [Block(0, 0, len(a))] if a else []
    if len(a) * len(b) <= 4 * anchor * anchor * anchor:
        return _difflib_blocks(a, b, 0, 0)
    out: list[Block] = []
    i = j = 0
    for blk in matching_blocks(a, b):
        if blk.size < anchor:
            continue
        out.extend(_difflib_blocks(a[i:blk.a], b[j:blk.b], i, j))
        out.append(blk)
        i, j = blk.a + blk.size, blk.b + blk.size
    out.extend(_difflib_blocks(a[i:], b[j:], i, j))
    return out


def _difflib_blocks(a: Sequence[str], b: Sequence[str], i: int, j: int) -> list[Block]:
    if not a or not b:
        return []
    return [Block(m.a + i, m.b + j, m.size)
            for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size]


# Documents of more tokens than this look words up in an index made once (kept in the
# document's memo) instead of scanning the document for each passage: an ordinary article is
# scanned faster than an index is made, a long one holds millions of tokens and thousands of
# passages.
_SCAN_TOKENS = 20_000


def _names_elsewhere(doc: Document, t0: int, t1: int) -> float:
    """Share of the distinct names (capitalised words not opening a sentence) in tokens
    [t0, t1) that the document also mentions outside them."""
    names = {doc.tokens.norm[i] for i in range(t0, t1)
             if doc.tokens.capitalized[i] and not doc.informative[i] and doc.content[i]}
    if not names:
        return 0.0
    if len(doc.tokens.norm) <= _SCAN_TOKENS:
        outside = set(doc.tokens.norm[:t0]) | set(doc.tokens.norm[t1:])
        return len(names & outside) / len(names)
    # A name occurs outside the tokens when the document has more of it than they do.
    if "words" not in doc.memo:
        doc.memo["words"] = Counter(doc.tokens.norm)
    total: Counter[str] = doc.memo["words"]  # type: ignore[assignment]
    inside = Counter(doc.tokens.norm[t0:t1])
    return sum(total[w] > inside[w] for w in names) / len(names)


def context_direction(da: Document, db: Document, m: "Aligned") -> float:
    """How much more the passage's names recur in the rest of a than of b, in [-1, 1].

    The original of a passage is about its own story, so the people and places it names recur
    around it; a copy pasted into another story names them only there. Positive: b looks
    derived from a.
    """
    a0 = int(np.searchsorted(da.tokens.starts, m.a_start))
    a1 = int(np.searchsorted(da.tokens.ends, m.a_end, side="right"))
    b0 = int(np.searchsorted(db.tokens.starts, m.b_start))
    b1 = int(np.searchsorted(db.tokens.ends, m.b_end, side="right"))
    return _names_elsewhere(da, a0, a1) - _names_elsewhere(db, b0, b1)


def _identity(x: list[str]) -> list[str]:
    return x


@dataclass(frozen=True)
class UnitVectors:
    """L2-normalised TF-IDF rows, one per unit of a document, and the informative stems of
    each unit."""

    matrix: sparse.csr_matrix
    informative: tuple[frozenset[str], ...] = ()
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Aligned:
    """One passage shared by documents a and b (offsets into their original texts)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float
    kind: str
    quoted: bool
    words: int
    a_literal_chars: int
    b_literal_chars: int


def passage_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Word-level Levenshtein similarity in [0, 1] (textdistance), symmetric."""
    if not a and not b:
        return 1.0
    return float(_LEVENSHTEIN.normalized_similarity(list(a), list(b)))


def classify(similarity: float, identical: bool, settings: Settings) -> str:
    if identical or similarity >= settings.verbatim_similarity:
        return "verbatim"
    if similarity >= settings.near_verbatim_similarity:
        return "near-verbatim"
    return "paraphrase"


def _shared_informative(va: UnitVectors, ua: int, vb: UnitVectors, ub: int) -> int:
    return len(va.informative[ua] & vb.informative[ub])


def _grams(doc: Document, vectors: "UnitVectors", k: int) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes (two independent 32-bit ones side by side) of the `k`-word runs of `doc`
    that hold two or more informative words, and where each starts, sorted by hash and then
    position; made once per document."""
    key = ("grams", k)
    if key not in vectors.memo:
        words = doc.hashes.astype(np.uint64)
        h1 = _combine(words, k)
        h2 = _combine((words * np.uint64(0x85EBCA6B) + np.uint64(0x27D4EB2F)) & _M32, k)
        h = (h1 << np.uint64(32)) | h2
        inf = np.convolve(doc.informative.astype(np.int64), np.ones(k, np.int64), "valid")
        pos = np.flatnonzero(inf >= 2)
        order = np.lexsort((pos, h[pos]))  # by hash, then position
        vectors.memo[key] = (h[pos][order], pos[order])
    return vectors.memo[key]  # type: ignore[no-any-return]


def _spread(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """starts[0], starts[0] + 1, ... (counts[0] numbers), then the same from starts[1], ..."""
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))


# Most occurrence pairs of shared word runs `_ngram_seed_codes` expands at once (a batch holds a
# few int64 arrays of this length).
_RUN_PAIRS = 1 << 22


def _ngram_seed_codes(da: Document, va: "UnitVectors", db: Document, vb: "UnitVectors",
                      k: int, per_run: int = 4) -> np.ndarray:
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
    small = ha if len(ha) <= len(hb) else hb
    if not len(small):
        return none
    runs = small[np.concatenate(([True], small[1:] != small[:-1]))]
    a_lo = np.searchsorted(ha, runs, side="left")
    a_n = np.searchsorted(ha, runs, side="right") - a_lo
    b_lo = np.searchsorted(hb, runs, side="left")
    b_n = np.minimum(np.searchsorted(hb, runs, side="right") - b_lo, per_run)
    both = (a_n > 0) & (b_n > 0)
    a_lo, a_n, b_lo, b_n = a_lo[both], a_n[both], b_lo[both], b_n[both]
    if not len(a_lo):
        return none
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
        out.append(np.unique(ua.astype(np.int64) * nb + ub))
    return np.unique(np.concatenate(out))


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


def _box(mask: np.ndarray, reach: int) -> np.ndarray:
    """Cells within `reach` of a true cell of `mask` in both directions (a square dilation)."""
    if not mask.any():
        return mask.copy()
    out = mask.copy()
    for _ in range(reach):  # grow by one cell each way, `reach` times
        grown = out.copy()
        grown[1:] |= out[:-1]
        grown[:-1] |= out[1:]
        out = grown.copy()
        out[:, 1:] |= grown[:, :-1]
        out[:, :-1] |= grown[:, 1:]
    return out


def _accepted_pairs(da: Document, va: UnitVectors, db: Document, vb: UnitVectors,
                    sim: np.ndarray, settings: Settings) -> set[tuple[int, int]]:
    """Seed unit pairs and their extensions on the dense grid of cosines `sim`; see
    `_grow_dense`."""
    return _grow_dense(sim, va.informative, vb.informative,
                       _ngram_seed_codes(da, va, db, vb, settings.seed_ngram_words), settings)


def _grow_dense(sim: np.ndarray, inf_a: Sequence[frozenset[str]], inf_b: Sequence[frozenset[str]],
                ngram: np.ndarray, settings: Settings) -> set[tuple[int, int]]:
    """Seed unit pairs and their extensions: the unit pairs reachable from a seed through unit
    pairs at `extend_similarity` or more that share an informative word, each within
    `max_gap` + 1 units of the last in both documents.

    Seeds are the unit pairs at `seed_similarity` or more that share `min_shared_words`
    informative words, and the `ngram` seeds (codes i * n_units_b + j), less those of units
    that seed with more than `_REFRAIN_SEEDS` units of the other article.

    The search grows the whole frontier at once as a square dilation of the grid of unit pairs;
    each reached unit pair is tested for a shared informative word once.
    """
    nb = sim.shape[1]
    xs, ys = np.nonzero(sim >= settings.seed_similarity)
    by_cosine = [i * nb + j for i, j in zip(xs.tolist(), ys.tolist())
                 if len(inf_a[i] & inf_b[j]) >= settings.min_shared_words]
    seeds = _without_refrains(np.union1d(np.asarray(by_cosine, dtype=np.int64), ngram), nb)
    if not len(seeds):
        return set()
    step = settings.max_gap + 1
    near = sim >= settings.extend_similarity
    accepted = np.zeros(sim.shape, dtype=bool)
    accepted[seeds // nb, seeds % nb] = True
    tested = accepted.copy()
    frontier = accepted
    while True:
        reached = _box(frontier, step) & near & ~tested
        if not reached.any():
            break
        tested |= reached
        xs, ys = np.nonzero(reached)
        ok = [not inf_a[x].isdisjoint(inf_b[y]) for x, y in zip(xs.tolist(), ys.tolist())]
        frontier = np.zeros_like(accepted)
        frontier[xs[ok], ys[ok]] = True
        accepted |= frontier
    xs, ys = np.nonzero(accepted)
    return set(zip(xs.tolist(), ys.tolist()))


# Grids (the unit pairs of two articles) of up to this many cells are aligned on the dense grid
# of cosines: a float64 and a few boolean masks per cell, some 60 MB at the limit, and the
# fastest way for ordinary articles (hundreds of cells). Beyond it the grid grows with the
# product of the two lengths (two articles of 5 MB, some 30,000 units each, make 900 million
# cells), so the sparse path is taken: the cosines are computed in row blocks keeping only the
# seeds, and passages grow by computing the cosines around what they have reached.
_DENSE_CELLS = 4_000_000

# Most multiplications of TF-IDF weights one row block of the sparse seed search does: a block's
# product holds at most this many cells (some tens of megabytes with scipy's work arrays).
_BLOCK_PRODUCTS = 2_000_000

# Most cells whose cosines `_Cosines.at` computes at once, and most accepted unit pairs the
# sparse growth expands at once (each into (2 * max_gap + 3)**2 cells around it).
_CELL_BATCH = 1 << 20
_GROW_BATCH = 1 << 14


class _Cosines:
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
        self.b_keys = (np.repeat(np.arange(bs.shape[0], dtype=np.int64), np.diff(bs.indptr))
                       * self.width + bs.indices)
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
            cost = np.bincount(np.repeat(np.arange(na), np.diff(a.indptr)),
                               weights=postings[a.indices], minlength=na)
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
            xs, ys = x[lo:lo + _CELL_BATCH], y[lo:lo + _CELL_BATCH].astype(np.int64)
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
            out[lo:lo + _CELL_BATCH] = part
        return out


def _accepted_pairs_sparse(cosines: "_Cosines", inf_a: Sequence[frozenset[str]],
                           inf_b: Sequence[frozenset[str]], ngram: np.ndarray,
                           settings: Settings) -> np.ndarray:
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
    na, nb = cosines.shape
    partners = np.zeros(nb, np.int64)  # distinct seed partners of each unit of b
    kept = []
    for lo, hi, x, y in cosines.blocks(settings.seed_similarity):
        ok = np.fromiter((len(inf_a[i] & inf_b[j]) >= settings.min_shared_words
                          for i, j in zip(x.tolist(), y.tolist())), dtype=bool, count=len(x))
        g0, g1 = np.searchsorted(ngram, [lo * nb, hi * nb])
        codes = np.union1d(x[ok] * nb + y[ok], ngram[g0:g1])
        rows = codes // nb - lo
        np.add.at(partners, codes % nb, 1)
        kept.append(codes[np.bincount(rows, minlength=hi - lo)[rows] <= _REFRAIN_SEEDS])
    seeds = np.concatenate(kept) if kept else np.zeros(0, np.int64)
    seeds = seeds[partners[seeds % nb] <= _REFRAIN_SEEDS]
    return _grow_sparse(seeds, cosines, inf_a, inf_b, settings)


def _grow_sparse(seeds: np.ndarray, cosines: "_Cosines", inf_a: Sequence[frozenset[str]],
                 inf_b: Sequence[frozenset[str]], settings: Settings) -> np.ndarray:
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

    todo = [seeds[lo:lo + _GROW_BATCH] for lo in range(0, len(seeds), _GROW_BATCH)]
    while todo:
        reached = todo.pop()
        x = (reached // nb)[:, None] + dx
        y = (reached % nb)[:, None] + dy
        inside = (x >= 0) & (x < na) & (y >= 0) & (y < nb)
        cells = np.unique(x[inside] * nb + y[inside])
        cells = cells[~known(cells)]
        cx, cy = cells // nb, cells % nb
        close = cosines.at(cx, cy) >= settings.extend_similarity
        cells, cx, cy = cells[close], cx[close], cy[close]
        ok = np.fromiter((not inf_a[i].isdisjoint(inf_b[j]) for i, j in zip(cx.tolist(), cy.tolist())),
                         dtype=bool, count=len(cells))
        fresh = cells[ok]
        if len(fresh):
            recent.append(fresh)
            if 4 * sum(map(len, recent)) > len(grown) or len(recent) > 8:
                grown = np.unique(np.concatenate([grown, *recent]))
                recent = []
            todo.extend(fresh[lo:lo + _GROW_BATCH] for lo in range(0, len(fresh), _GROW_BATCH))
    return np.unique(np.concatenate([seeds, grown, *recent]))


def _member(items: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Whether each of `items` is in the sorted array `ordered`."""
    if not len(ordered):
        return np.zeros(len(items), dtype=bool)
    at = np.minimum(np.searchsorted(ordered, items), len(ordered) - 1)
    return ordered[at] == items


def _groups_of(codes: np.ndarray, nb: int, gap: int) -> Iterator[np.ndarray]:
    """`_components` of unit pairs given as sorted codes i * nb + j: each group's codes in
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
    link = np.flatnonzero(np.cumsum(chain[:n - 1]) > 0)
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


def _components(pairs: set[tuple[int, int]], gap: int) -> list[list[tuple[int, int]]]:
    """Group unit pairs that lie within `gap`+1 units of each other in both documents; groups
    in order of their first pair, each sorted."""
    reach = gap + 1
    cells = sorted(pairs)
    if len(cells) > 200:  # a long near-copy: the pairwise sweep below would grow as its square
        return _components_of_many(cells, reach)
    uf = _UnionFind(len(cells))  # a group's root is its first pair
    # Sorted by the first coordinate, each pair need only be compared with those after it
    # that are within reach in that coordinate.
    for k, (i, j) in enumerate(cells):
        for m in range(k + 1, len(cells)):
            x, y = cells[m]
            if x - i > reach:
                break
            if -reach <= y - j <= reach:
                uf.union(k, m)
    groups: dict[int, list[tuple[int, int]]] = {}
    for k, cell in enumerate(cells):
        groups.setdefault(uf.find(k), []).append(cell)
    return list(groups.values())


def _components_of_many(cells: list[tuple[int, int]], reach: int) -> list[list[tuple[int, int]]]:
    """`_components` of many sorted unit pairs: the links as arrays, the groups from scipy's
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
    graph = sparse.coo_matrix((np.ones(int(link.sum()), np.int8), (src[link], dst[link])),
                              shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    _, first = np.unique(labels, return_index=True)
    rank = np.empty(len(first), np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    group = rank[labels]
    order = np.argsort(group, kind="stable")
    bounds = np.flatnonzero(np.diff(group[order])) + 1
    return [[cells[k] for k in part.tolist()] for part in np.split(order, bounds)]


def _shared_blocks(da: Document, a0: int, a1: int, db: Document, b0: int, b1: int) -> list:
    """Runs of stems shared in order by tokens [a0, a1) of a and [b0, b1) of b (offsets relative
    to a0 and b0): two words or more, or one informative word."""
    sa, sb = da.stems[a0:a1], db.stems[b0:b1]
    return [blk for blk in anchored_blocks(sa, sb)
            if blk.size >= 2 or (blk.size == 1 and da.informative[a0 + blk.a])]


def _pieces(da: Document, a0: int, a1: int, db: Document, b0: int, b1: int, gap: int,
            far: int, quoted_share: float | None) -> list[tuple[int, int, int, int]]:
    """Token ranges [a0, a1) x [b0, b1) cut where both sides have more than `gap` words between
    runs of two or more words they share: two stretches of shared text with a sentence of
    different text between them in both articles are two passages (two outlets on one story
    use the same phrases here and there), not one; a lone shared word ("border", "minister")
    does not bridge such a gap. An edit on one side only (a clause
    inserted, two sentences swapped) leaves the other side without a gap and does not cut."""
    blocks = [blk for blk in _shared_blocks(da, a0, a1, db, b0, b1) if blk.size >= 2]
    if len(blocks) < 2:
        return [(a0, a1, b0, b1)]
    out = []
    start = 0
    for k in range(1, len(blocks) + 1):
        if k < len(blocks):
            x, y = blocks[k - 1], blocks[k]
            ga, gb = y.a - (x.a + x.size), y.b - (x.b + x.size)
            if min(ga, gb) <= gap and (max(ga, gb) <= far or not (
                    quoted_share is None or
                    _quotes_in(da, a0 + x.a, a0 + x.a + x.size, quoted_share) or
                    _quotes_in(da, a0 + y.a, a0 + y.a + y.size, quoted_share))):
                continue
        first, last = blocks[start], blocks[k - 1]
        out.append((a0 + first.a, a0 + last.a + last.size, b0 + first.b, b0 + last.b + last.size))
        start = k
    return out


# Longest run of shared words with a name in it that is peeled off a passage's end when it
# lies far from the rest (a speaker introduced the same way).
_NAMED_RUN = 10
_CURRENCY = "$£€¥₹"
_NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                      "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12})


def _is_name(doc: Document, k: int) -> bool:
    """A capitalised content word that does not open a sentence (a person, place, body)."""
    return bool(doc.tokens.capitalized[k] and doc.content[k] and not doc.informative[k]
                and not doc.tokens.norm[k][:1].isdigit())


def _figure(doc: Document, t0: int, t1: int) -> tuple[float, str] | None:
    """The first number written in tokens [t0, t1), read whole even where the tokens cut it
    ("41.1", "97,983"), with the currency sign before it ("" if none), or None."""
    text = doc.text
    lo, hi = int(doc.tokens.starts[t0]), int(doc.tokens.ends[t1 - 1])
    while lo > 0 and (text[lo - 1].isdigit() or (text[lo - 1] in ".," and lo > 1 and text[lo - 2].isdigit())):
        lo -= 1
    while hi < len(text) and (text[hi].isdigit() or (text[hi] in ".," and hi + 1 < len(text) and text[hi + 1].isdigit())):
        hi += 1
    m = NUMBER.search(text, lo, hi)
    value = parse_number(m.group()) if m is not None else None
    if m is not None and value is not None:
        sign = text[m.start() - 1] if m.start() and text[m.start() - 1] in _CURRENCY else ""
        return value, sign
    for k in range(t0, t1):
        if doc.tokens.norm[k] in _NUMBER_WORDS:
            return float(_NUMBER_WORDS[doc.tokens.norm[k]]), ""
    return None


def _token_range(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Tokens [t0, t1) inside the characters [start, end)."""
    return (int(np.searchsorted(doc.tokens.starts, start)),
            int(np.searchsorted(doc.tokens.ends, end, side="right")))


def _recurs(doc: Document, t0: int, t1: int) -> bool:
    """Whether the stems of tokens [t0, t1) occur again elsewhere in the document (the way it
    keeps naming one of its people or bodies).

    A long document is not scanned: the places its run's rarest stem hash occurs (from an index
    of the stem hashes, made once) are the only places the run can start, less its offset in the
    run; those whose hashes match the run's are compared stem by stem."""
    run = doc.stems[t0:t1]
    n = t1 - t0
    if len(doc.stems) <= _SCAN_TOKENS or n == 0:
        return any(doc.stems[k:k + n] == run for k in range(len(doc.stems) - n + 1)
                   if k + n <= t0 or k >= t1)
    if "stem hashes" not in doc.memo:
        order = np.argsort(doc.hashes, kind="stable")
        doc.memo["stem hashes"] = (doc.hashes[order], order)
    ordered, where = doc.memo["stem hashes"]  # type: ignore[misc]
    h = doc.hashes[t0:t1]
    lo, hi = np.searchsorted(ordered, h, side="left"), np.searchsorted(ordered, h, side="right")
    rare = int(np.argmin(hi - lo))
    at = where[lo[rare]:hi[rare]] - rare
    at = at[(at >= 0) & (at + n <= len(doc.stems)) & ((at + n <= t0) | (at >= t1))]
    for k in range(n):
        at = at[doc.hashes[at + k] == h[k]]
    return any(doc.stems[k:k + n] == run for k in at.tolist())


def _quotes_over(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """The quotations of `doc` that overlap characters [start, end), in order.

    Quotation spans come in order and do not overlap, so they are found by binary search on
    their ends: a long article holds tens of thousands, and passages ask about them by the
    thousand.
    """
    quotes = doc.quotes
    k = bisect_right(quotes, start, key=itemgetter(1))
    out = []
    while k < len(quotes) and quotes[k][0] < end:
        out.append(quotes[k])
        k += 1
    return out


def _quoted_share(doc: Document, start: int, end: int) -> float:
    """Share of the non-space characters of [start, end) inside quotation marks."""
    return inside_share(start, end, _quotes_over(doc, start, end), doc.text)


def _quotes_in(doc: Document, t0: int, t1: int, share: float) -> bool:
    """Whether at least `share` of tokens [t0, t1) lies inside quotation marks."""
    return _quoted_share(doc, *doc.token_span(t0, t1)) >= share


def _quoted_token(doc: Document, t: int) -> bool:
    """Whether token t lies inside quotation marks."""
    start = int(doc.tokens.starts[t])
    return bool(_quotes_over(doc, start, start + 1))


def _unit_of(doc: Document, t0: int, t1: int) -> tuple[int, int]:
    """Tokens [start, end) of the units (sentences) that tokens [t0, t1) touch; just [t0, t1)
    when they hold a quotation, whose words are not those of the attribution around it."""
    bounds = doc.unit_bounds
    first = int(np.searchsorted(bounds[:, 1], t0, side="right"))
    last = int(np.searchsorted(bounds[:, 0], t1, side="left"))
    u0, u1 = int(bounds[first, 0]), int(bounds[max(first, last - 1), 1])
    if _quotes_over(doc, *doc.token_span(u0, u1)):
        return t0, t1
    return u0, u1


def _quote_cover(doc: Document, start: int, end: int) -> float:
    """The largest share of the quoted words of a unit (sentence) that [start, end) covers."""
    t0, t1 = _token_range(doc, start, end)
    bounds = doc.unit_bounds
    first = int(np.searchsorted(bounds[:, 1], t0, side="right"))
    last = int(np.searchsorted(bounds[:, 0], t1, side="left"))
    best = 0.0
    for u0, u1 in bounds[first:last]:
        quoted = [k for k in range(int(u0), int(u1)) if _quoted_token(doc, k)]
        if quoted:
            best = max(best, sum(t0 <= k < t1 for k in quoted) / len(quoted))
    return best if last > first else 1.0


def _cover(doc: Document, t0: int, t1: int) -> float:
    """The largest share of a unit (sentence) that tokens [t0, t1) cover."""
    bounds = doc.unit_bounds
    first = int(np.searchsorted(bounds[:, 1], t0, side="right"))
    last = int(np.searchsorted(bounds[:, 0], t1, side="left"))
    return max(((min(t1, int(e)) - max(t0, int(s))) / (int(e) - int(s))
                for s, e in bounds[first:last] if e > s), default=1.0)


def _other_facts(da: Document, a0: int, a1: int, db: Document, b0: int, b1: int
                 ) -> list[tuple[int, int, int, int]]:
    """The places (i1, i2, j1, j2, relative to a0 and b0) where the two sides put different
    names, or clearly different figures: "sentenced the ex-banker to ten years ... assets worth
    £70 million" against "... to two years ... worth €473 million". A copy carries the facts of
    its source (an updated or corrected figure moves by a few per cent); a formula reused for
    another story does not."""
    na, nb = da.tokens.norm[a0:a1], db.tokens.norm[b0:b1]
    out = []
    for i1, i2, j1, j2 in replaced(na, nb):
        names_a = {na[i] for i in range(i1, i2) if _is_name(da, a0 + i)}
        names_b = {nb[j] for j in range(j1, j2) if _is_name(db, b0 + j)}
        if names_a and names_b and not names_a & names_b:
            out.append((i1, i2, j1, j2))
            continue
        x, y = _figure(da, a0 + i1, a0 + i2), _figure(db, b0 + j1, b0 + j2)
        if x is not None and y is not None:
            lo, hi = min(x[0], y[0]), max(x[0], y[0])
            if (hi - lo > 3 and hi > 1.25 * lo) or (x[1] and y[1] and x[1] != y[1]):
                out.append((i1, i2, j1, j2))
    return out


def _trim(da: Document, a0: int, a1: int, db: Document, b0: int, b1: int
          ) -> tuple[int, int, int, int, int, int]:
    """Token ranges trimmed to the first and last shared words, and the characters (in a, in b)
    of the literal part: runs of 3+ words that are the same, in the same order, on both sides."""
    blocks = _shared_blocks(da, a0, a1, db, b0, b1)
    if not blocks:
        return a0, a1, b0, b1, 0, 0
    # A short run of shared words far from the rest ("... the official") is chance, not part
    # of the passage: peel such runs off both ends. So is a person or body named the same way
    # ("Ruth Schmidt, the spokesperson at the refugee agency,") sentences away from a shared
    # quotation: that is how both articles introduce the speaker, not copied text.
    def far(x, y) -> bool:
        gap = max(y.a - (x.a + x.size), y.b - (x.b + x.size))
        return gap > 3 * min(x.size, y.size) + 2

    def loose(x, y) -> bool:
        """Whether run x may be peeled off beside run y (the rest of the passage)."""
        if x.size <= 3:
            return True
        return x.size <= _NAMED_RUN and \
            any(_is_name(da, a0 + k) for k in range(x.a, x.a + x.size)) and \
            (_quoted_token(da, a0 + y.a) or _recurs(da, a0 + x.a, a0 + x.a + x.size))
    while len(blocks) > 1 and loose(blocks[0], blocks[1]) and far(blocks[0], blocks[1]):
        blocks.pop(0)
    while len(blocks) > 1 and loose(blocks[-1], blocks[-2]) and far(blocks[-2], blocks[-1]):
        blocks.pop()
    first, last = blocks[0], blocks[-1]
    ta0, ta1 = a0 + first.a, a0 + last.a + last.size
    tb0, tb1 = b0 + first.b, b0 + last.b + last.size
    # The literal part: runs of three or more words that are the same (not just the same
    # stems) and in the same order on both sides; shorter runs are as likely chance as copying.
    na, nb = da.tokens.norm[ta0:ta1], db.tokens.norm[tb0:tb1]
    same = matching_blocks(na, nb)
    lit_a = sum(int(da.tokens.ends[ta0 + k.a + k.size - 1] - da.tokens.starts[ta0 + k.a])
                for k in same if k.size >= 3)
    lit_b = sum(int(db.tokens.ends[tb0 + k.b + k.size - 1] - db.tokens.starts[tb0 + k.b])
                for k in same if k.size >= 3)
    return ta0, ta1, tb0, tb1, lit_a, lit_b


def _is_seed(da: Document, va: UnitVectors, i: int, db: Document, vb: UnitVectors, j: int,
             cosine: float, settings: Settings) -> bool:
    """Whether units i of `da` and j of `db` (whose cosine is `cosine`) would seed a passage
    (cosine and shared words, or a shared run of `seed_ngram_words`)."""
    if cosine >= settings.seed_similarity and \
            _shared_informative(va, i, vb, j) >= settings.min_shared_words:
        return True
    k = settings.seed_ngram_words
    (sa, ea), (sb, eb) = da.unit_bounds[i], db.unit_bounds[j]
    if ea - sa < k or eb - sb < k:
        return False
    grams_a = {da.stems[p:p + k] for p in range(sa, ea - k + 1)
               if da.informative[p:p + k].sum() >= 2}
    return any(db.stems[q:q + k] in grams_a for q in range(sb, eb - k + 1))


def align_pair(da: Document, va: UnitVectors, db: Document, vb: UnitVectors,
               settings: Settings, hints: Sequence[tuple[int, int]] | None = None
               ) -> list[Aligned]:
    """Every passage documents `da` and `db` share, in order of position in `da`.

    `hints` are unit pairs (of da, of db) that candidate generation found alike. When given,
    the pair is aligned only if one of them would seed a passage: a cheap test that spares the
    full alignment of the many candidate pairs that only share formulaic sentences.

    Ordinary pairs are aligned on the dense grid of unit cosines; a pair whose grid would hold
    more than `_DENSE_CELLS` cells takes the sparse path, which finds the same unit pairs in
    memory that grows with the articles rather than with their product. A copy longer than
    `_PIECE_WORDS` words comes out as consecutive passages of at most that length.
    """
    na, nb = len(da.unit_bounds), len(db.unit_bounds)
    if not na or not nb:
        return []
    if na * nb <= _DENSE_CELLS:
        sim = (va.matrix @ vb.matrix.T).toarray()
        if hints is not None and not any(_is_seed(da, va, i, db, vb, j, sim[i, j], settings)
                                         for i, j in hints):
            return []
        groups: Iterable[list[tuple[int, int]]] = _components(
            _accepted_pairs(da, va, db, vb, sim, settings), settings.max_gap)
    else:
        cosines = _Cosines(va.matrix, vb.matrix)
        if hints is not None:
            at = cosines.at(np.array([i for i, _ in hints], dtype=np.int64),
                            np.array([j for _, j in hints], dtype=np.int64)).tolist()
            if not any(_is_seed(da, va, i, db, vb, j, c, settings)
                       for (i, j), c in zip(hints, at)):
                return []
        ngram = _ngram_seed_codes(da, va, db, vb, settings.seed_ngram_words)
        codes = _accepted_pairs_sparse(cosines, va.informative, vb.informative, ngram, settings)
        groups = ([(c // nb, c % nb) for c in group.tolist()]
                  for group in _groups_of(codes, nb, settings.max_gap))
    out: list[Aligned] = []
    for group in groups:
        for a0, a1, b0, b1 in _spans(da, db, group):
            for piece in _pieces(da, a0, a1, db, b0, b1, settings.split_gap_words,
                                 settings.max_unit_words, settings.quoted_share):
                out.extend(_passage(da, db, *piece, settings))
    out.sort(key=lambda m: (m.a_start, m.b_start, m.a_end, m.b_end))
    return _merge_overlaps(out)


# Longest stretch, in words on either side, that trimming and alignment see at once. difflib and
# rapidfuzz align two sequences in time (rapidfuzz's alignment also in memory) that grows with
# the product of their lengths; an ordinary passage is far shorter (a whole article is some
# hundreds to a few thousand words). A group of unit pairs spanning more is aligned in
# consecutive pieces of at most this many words: a copy longer than this comes out as
# consecutive passages.
_PIECE_WORDS = 10_000


def _spans(da: Document, db: Document, group: Sequence[tuple[int, int]]
           ) -> list[tuple[int, int, int, int]]:
    """Token ranges [a0, a1) x [b0, b1) to align for a group of unit pairs (sorted): the units
    it spans, or, where that is more than `_PIECE_WORDS` words on either side, consecutive
    pieces of at most `_PIECE_WORDS` words on both sides, cut along the group's chain of unit
    pairs in order in both articles (`_chain`), each ending where a unit pair of the chain ends.

    A piece ends at the end of a unit of the chain in both articles, so for a copy the pieces
    meet where its text does and come out as consecutive passages. Pairs off the chain (a
    sentence of the copy that also resembles another one) count only inside the pieces.
    """
    ua, ub = da.unit_bounds, db.unit_bounds
    lo_j = min(j for _, j in group)
    hi_j = max(j for _, j in group)
    whole = (int(ua[group[0][0]][0]), int(ua[group[-1][0]][1]), int(ub[lo_j][0]), int(ub[hi_j][1]))
    if whole[1] - whole[0] <= _PIECE_WORDS and whole[3] - whole[2] <= _PIECE_WORDS:
        return [whole]
    chain = _chain(group)
    out: list[tuple[int, int, int, int]] = []
    sa, sb = int(ua[chain[0][0]][0]), int(ub[chain[0][1]][0])  # where the piece starts
    ends: tuple[int, int] | None = None  # where it can end: the last unit pair that fits
    for i, j in chain:
        ea, eb = int(ua[i][1]), int(ub[j][1])
        if ea - sa > _PIECE_WORDS or eb - sb > _PIECE_WORDS:
            if ends is not None:
                out.append((sa, ends[0], sb, ends[1]))
                sa, sb = ends
            if ea - sa > _PIECE_WORDS or eb - sb > _PIECE_WORDS:
                # The chain skips more than a piece: cut that stretch into equal parts.
                parts = -(-max(ea - sa, eb - sb) // _PIECE_WORDS)
                at_a = [sa + (ea - sa) * k // parts for k in range(parts + 1)]
                at_b = [sb + (eb - sb) * k // parts for k in range(parts + 1)]
                out.extend(zip(at_a, at_a[1:], at_b, at_b[1:]))
                sa, sb, ends = ea, eb, None
                continue
        ends = (ea, eb)
    if ends is not None:
        out.append((sa, ends[0], sb, ends[1]))
    return out


def _chain(cells: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """A longest run of `cells` (sorted) that goes forward in both articles: the diagonal of a
    copy, without the pairs beside it (patience sorting, n log n)."""
    order = sorted(range(len(cells)), key=lambda k: (cells[k][0], -cells[k][1]))
    tails: list[int] = []  # j of the last cell of the best run of each length
    ends: list[int] = []  # index of that cell
    before = [-1] * len(cells)
    for k in order:
        j = cells[k][1]
        n = bisect_left(tails, j)
        before[k] = ends[n - 1] if n else -1
        if n == len(tails):
            tails.append(j)
            ends.append(k)
        else:
            tails[n], ends[n] = j, k
    out = []
    k = ends[-1]
    while k >= 0:
        out.append(cells[k])
        k = before[k]
    return out[::-1]


def _passage(da: Document, db: Document, a0: int, a1: int, b0: int, b1: int,
             settings: Settings) -> list[Aligned]:
    """The passage tokens [a0, a1) of a and [b0, b1) of b share (none when it does not pass the
    filters, more than one when a formula sits in it)."""
    a0, a1, b0, b1, lit_a, lit_b = _trim(da, a0, a1, db, b0, b1)
    words = min(a1 - a0, b1 - b0)
    if words < min(settings.min_passage_words, settings.min_quote_words):
        return []
    inf_a = {da.stems[i] for i in range(a0, a1) if da.informative[i]}
    inf_b = {db.stems[i] for i in range(b0, b1) if db.informative[i]}
    quoted = (_quoted_share(da, *da.token_span(a0, a1)) >= settings.quoted_share
              and _quoted_share(db, *db.token_span(b0, b1)) >= settings.quoted_share)
    shared = len(inf_a & inf_b)
    if shared < settings.min_shared_words and not (
            shared >= 2 and quoted and da.tokens.norm[a0:a1] == db.tokens.norm[b0:b1]):
        # (A quotation carried word for word may name its matter with few ordinary words:
        # "What happened in Beirut on Friday evening was the right call".)
        return []
    ta, tb = da.stems[a0:a1], db.stems[b0:b1]
    similarity = round(passage_similarity(ta, tb), 4)
    if similarity < settings.min_similarity:
        # Hardly any of it aligns: if a gap longer than a unit in one article splits it, judge
        # the parts (a copied sentence, and a phrase shared by chance far along in one article).
        parts = _pieces(da, a0, a1, db, b0, b1, settings.split_gap_words, settings.max_unit_words, None)
        return [m for part in parts if len(parts) > 1 for m in _passage(da, db, *part, settings)]
    short = words < settings.short_passage_words
    if words < (settings.min_quote_words if quoted else settings.min_passage_words):
        return []
    if words < settings.frame_passage_words and not quoted:
        # The same words around other names or figures are a formula, not a copy: keep only
        # what lies between the sentences that differ in facts (a copied sentence next to a
        # formula).
        cuts = _other_facts(da, a0, a1, db, b0, b1)
        if cuts:
            bounds = [(a0, a0, b0, b0)]
            for i1, i2, j1, j2 in cuts:
                (x0, x1), (y0, y1) = _unit_of(da, a0 + i1, a0 + i2), _unit_of(db, b0 + j1, b0 + j2)
                bounds.append((max(x0, a0), min(x1, a1), max(y0, b0), min(y1, b1)))
            bounds.append((a1, a1, b1, b1))
            return [m for (_, x0, _, y0), (x1, _, y1, _) in zip(bounds, bounds[1:])
                    if x1 > x0 and y1 > y0
                    for m in _passage(da, db, x0, x1, y0, y1, settings)]
    if words < settings.frame_passage_words and not quoted and \
            max(_cover(da, a0, a1), _cover(db, b0, b1)) < settings.min_sentence_cover:
        return []  # a stock phrase inside sentences that differ around it on both sides
    if short and not quoted and similarity < settings.short_passage_similarity:
        return []  # a reworded fragment of a sentence is a common frame, not evidence of copying
    identical = da.tokens.norm[a0:a1] == db.tokens.norm[b0:b1]
    a_start, a_end = da.token_span(a0, a1)
    b_start, b_end = db.token_span(b0, b1)
    if quoted:
        # A quotation carried with different attributions ("..., she said" / "He told
        # reporters: ...") is the quote: keep the passage inside the quotation marks.
        a_start, a_end = _inside_quotes(da, a_start, a_end)
        b_start, b_end = _inside_quotes(db, b_start, b_end)
        if words < settings.frame_passage_words and _other_facts(
                da, *_token_range(da, a_start, a_end), db, *_token_range(db, b_start, b_end)):
            return []  # the same mould of quotation about other people, places or figures
        if words < settings.frame_passage_words and max(
                _quote_cover(da, a_start, a_end), _quote_cover(db, b_start, b_end)) < settings.min_sentence_cover:
            return []  # a stock phrase inside two different quotations
    if identical:
        lit_a, lit_b = a_end - a_start, b_end - b_start
    return [Aligned(a_start, a_end, b_start, b_end, similarity,
                    classify(similarity, identical, settings), quoted, words,
                    min(lit_a, a_end - a_start), min(lit_b, b_end - b_start))]


def _inside_quotes(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The span [start, end) cut to the words inside the quotations it overlaps."""
    spans = _quotes_over(doc, start, end)
    if not spans:
        return start, end
    lo, hi = max(start, spans[0][0]), min(end, spans[-1][1])
    t0 = int(np.searchsorted(doc.tokens.starts, lo))
    t1 = int(np.searchsorted(doc.tokens.ends, hi, side="right"))
    if t1 <= t0:
        return start, end
    return int(doc.tokens.starts[t0]), int(doc.tokens.ends[t1 - 1])


def _merge_overlaps(items: list[Aligned]) -> list[Aligned]:
    """Drop a passage wholly inside another one of the same pair (both sides); `items` in order
    of their start in a.

    Only the passages kept so far that reach the start of the next one in a can hold it or lie
    inside it, so only those are compared with it: two long articles share passages by the ten
    thousand, mostly apart from one another.
    """
    keep: list[Aligned] = []
    dropped: set[int] = set()  # indices into keep
    live: list[int] = []  # indices of the kept passages reaching the current start in a
    for m in items:
        live = [k for k in live if keep[k].a_end >= m.a_start and k not in dropped]
        if any(keep[k].a_start <= m.a_start and m.a_end <= keep[k].a_end and
               keep[k].b_start <= m.b_start and m.b_end <= keep[k].b_end for k in live):
            continue
        for k in live:
            if m.a_start <= keep[k].a_start and keep[k].a_end <= m.a_end and \
                    m.b_start <= keep[k].b_start and keep[k].b_end <= m.b_end:
                dropped.add(k)
        live.append(len(keep))
        keep.append(m)
    return [m for k, m in enumerate(keep) if k not in dropped]
