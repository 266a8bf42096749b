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
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import compress
from typing import Iterable, Mapping, NamedTuple, Sequence

import numpy as np
import textdistance
from rapidfuzz.distance import Indel
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

from .candidates import _M32, _combine
from .document import Document
from .normalize import inside_share
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
        vocab = self.vectorizer.vocabulary_
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
            ids = np.fromiter((vocab.get(stems[i], -1) for i in positions.tolist()),
                              dtype=np.int64, count=len(positions))
            known = ids >= 0
            rows.append(tok_unit[positions[known]] + first)
            cols.append(ids[known])
            sizes.append(n_units)
            first += n_units
            informative = doc.informative
            inf_sets.append(tuple(frozenset(stems[i] for i in range(s0, e0) if informative[i])
                                  for s0, e0 in bounds.tolist()))
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
    diffs = []
    i = j = 0
    for blk in anchored_blocks(wa, wb):
        if i < blk.a and j < blk.b:  # a stretch of a replaced by one of b
            ra = max(idf.word_rarity(w) for w in wa[i:blk.a])
            rb = max(idf.word_rarity(w) for w in wb[j:blk.b])
            diffs.append(rb - ra)
        i, j = blk.a + blk.size, blk.b + blk.size
    return float(np.mean(diffs)) if diffs else 0.0


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


def _names_elsewhere(doc: Document, t0: int, t1: int) -> float:
    """Share of the distinct names (capitalised words not opening a sentence) in tokens
    [t0, t1) that the document also mentions outside them."""
    names = {doc.tokens.norm[i] for i in range(t0, t1)
             if doc.tokens.capitalized[i] and not doc.informative[i] and doc.content[i]}
    if not names:
        return 0.0
    outside = set(doc.tokens.norm[:t0]) | set(doc.tokens.norm[t1:])
    return len(names & outside) / len(names)


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
    that hold two or more informative words, and where each starts; made once per document."""
    key = ("grams", k)
    if key not in vectors.memo:
        words = doc.hashes.astype(np.uint64)
        h1 = _combine(words, k)
        h2 = _combine((words * np.uint64(0x85EBCA6B) + np.uint64(0x27D4EB2F)) & _M32, k)
        h = (h1 << np.uint64(32)) | h2
        inf = np.convolve(doc.informative.astype(np.int64), np.ones(k, np.int64), "valid")
        pos = np.flatnonzero(inf >= 2)
        vectors.memo[key] = (h[pos], pos)
    return vectors.memo[key]  # type: ignore[no-any-return]


def _ngram_seeds(da: Document, va: "UnitVectors", db: Document, vb: "UnitVectors",
                 k: int, per_run: int = 4) -> set[tuple[int, int]]:
    """Unit pairs that share a run of `k` words with at least two informative words in it.

    This catches a verbatim fragment inside sentences that otherwise differ (a quote or a
    wire paragraph spliced into new prose), whose whole-unit cosine stays low. A run that
    recurs in b is paired with its first `per_run` occurrences there. Runs are compared by
    64-bit hashes: a chance equality is about one in 10**19.
    """
    if len(da.stems) < k or len(db.stems) < k:
        return set()
    ha, pos_a = _grams(da, va, k)
    hb, pos_b = _grams(db, vb, k)
    common = np.intersect1d(ha, hb)
    if not len(common):
        return set()
    in_a, in_b = np.isin(ha, common), np.isin(hb, common)
    ha, pa = ha[in_a], pos_a[in_a]
    order = np.lexsort((pos_b[in_b], hb[in_b]))
    hb, pb = hb[in_b][order], pos_b[in_b][order]
    lo = np.searchsorted(hb, ha, side="left")
    hi = np.minimum(np.searchsorted(hb, ha, side="right"), lo + per_run)
    count = hi - lo
    a_idx = np.repeat(np.arange(len(ha)), count)
    b_idx = np.repeat(lo, count) + (np.arange(len(a_idx)) - np.repeat(np.cumsum(count) - count, count))
    ua = np.searchsorted(da.unit_bounds[:, 0], pa[a_idx], side="right") - 1
    ub = np.searchsorted(db.unit_bounds[:, 0], pb[b_idx], side="right") - 1
    return set(zip(ua.tolist(), ub.tolist()))


def _accepted_pairs(da: Document, va: UnitVectors, db: Document, vb: UnitVectors,
                    sim: np.ndarray, settings: Settings) -> set[tuple[int, int]]:
    """Seed unit pairs and their extensions."""
    seeds = [(i, j) for i, j in zip(*(x.tolist() for x in np.nonzero(sim >= settings.seed_similarity)))
             if _shared_informative(va, i, vb, j) >= settings.min_shared_words]
    seeds = sorted(set(seeds) | _ngram_seeds(da, va, db, vb, settings.seed_ngram_words))
    accepted = set(seeds)
    frontier = list(seeds)
    step = settings.max_gap + 1
    na, nb = sim.shape
    near = (sim >= settings.extend_similarity).tolist()
    inf_a, inf_b = va.informative, vb.informative
    while frontier:
        i, j = frontier.pop()
        for x in range(max(0, i - step), min(na, i + step + 1)):
            row = near[x]
            for y in range(max(0, j - step), min(nb, j + step + 1)):
                if row[y] and (x, y) not in accepted and not inf_a[x].isdisjoint(inf_b[y]):
                    accepted.add((x, y))
                    frontier.append((x, y))
    return accepted


def _components(pairs: set[tuple[int, int]], gap: int) -> list[list[tuple[int, int]]]:
    """Group unit pairs that lie within `gap`+1 units of each other in both documents."""
    reach = gap + 1
    todo = sorted(pairs)
    at = set(todo)
    seen: set[tuple[int, int]] = set()
    groups = []
    for p in todo:
        if p in seen:
            continue
        seen.add(p)
        group, stack = [], [p]
        while stack:
            i, j = stack.pop()
            group.append((i, j))
            for x in range(i - reach, i + reach + 1):
                for y in range(j - reach, j + reach + 1):
                    q = (x, y)
                    if q in at and q not in seen:
                        seen.add(q)
                        stack.append(q)
        groups.append(sorted(group))
    return groups


def _trim(da: Document, a0: int, a1: int, db: Document, b0: int, b1: int
          ) -> tuple[int, int, int, int, int, int]:
    """Token ranges trimmed to the first and last shared words, and the characters (in a, in b)
    of the literal part: runs of 3+ words that are the same, in the same order, on both sides."""
    sa, sb = da.stems[a0:a1], db.stems[b0:b1]
    blocks = [blk for blk in anchored_blocks(sa, sb)
              if blk.size >= 2 or (blk.size == 1 and da.informative[a0 + blk.a])]
    if not blocks:
        return a0, a1, b0, b1, 0, 0
    # A short run of shared words far from the rest ("... the official") is chance, not part
    # of the passage: peel such runs off both ends.
    def far(x, y) -> bool:
        gap = max(y.a - (x.a + x.size), y.b - (x.b + x.size))
        return gap > 3 * min(x.size, y.size) + 2
    while len(blocks) > 1 and blocks[0].size <= 3 and far(blocks[0], blocks[1]):
        blocks.pop(0)
    while len(blocks) > 1 and blocks[-1].size <= 3 and far(blocks[-2], blocks[-1]):
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
             sim: np.ndarray, settings: Settings) -> bool:
    """Whether units i of `da` and j of `db` would seed a passage (cosine and shared words, or a
    shared run of `seed_ngram_words`)."""
    if sim[i, j] >= settings.seed_similarity and \
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
    """
    if not len(da.unit_bounds) or not len(db.unit_bounds):
        return []
    sim = (va.matrix @ vb.matrix.T).toarray()
    if hints is not None and not any(_is_seed(da, va, i, db, vb, j, sim, settings)
                                     for i, j in hints):
        return []
    pairs = _accepted_pairs(da, va, db, vb, sim, settings)
    out: list[Aligned] = []
    for group in _components(pairs, settings.max_gap):
        ua = [i for i, _ in group]
        ub = [j for _, j in group]
        a0, a1 = int(da.unit_bounds[min(ua)][0]), int(da.unit_bounds[max(ua)][1])
        b0, b1 = int(db.unit_bounds[min(ub)][0]), int(db.unit_bounds[max(ub)][1])
        a0, a1, b0, b1, lit_a, lit_b = _trim(da, a0, a1, db, b0, b1)
        words = min(a1 - a0, b1 - b0)
        if words < settings.min_passage_words:
            continue
        inf_a = {da.stems[i] for i in range(a0, a1) if da.informative[i]}
        inf_b = {db.stems[i] for i in range(b0, b1) if db.informative[i]}
        if len(inf_a & inf_b) < settings.min_shared_words:
            continue
        ta, tb = da.stems[a0:a1], db.stems[b0:b1]
        similarity = round(passage_similarity(ta, tb), 4)
        if similarity < settings.min_similarity:
            continue
        short = words < settings.short_passage_words
        quoted = (inside_share(*da.token_span(a0, a1), list(da.quotes), da.text) >= settings.quoted_share
                  and inside_share(*db.token_span(b0, b1), list(db.quotes), db.text) >= settings.quoted_share)
        if short and not quoted and similarity < settings.short_passage_similarity:
            continue  # a reworded fragment of a sentence is a common frame, not evidence of copying
        identical = da.tokens.norm[a0:a1] == db.tokens.norm[b0:b1]
        a_start, a_end = da.token_span(a0, a1)
        b_start, b_end = db.token_span(b0, b1)
        if quoted:
            # A quotation carried with different attributions ("..., she said" / "He told
            # reporters: ...") is the quote: keep the passage inside the quotation marks.
            a_start, a_end = _inside_quotes(da, a_start, a_end)
            b_start, b_end = _inside_quotes(db, b_start, b_end)
        if identical:
            lit_a, lit_b = a_end - a_start, b_end - b_start
        out.append(Aligned(a_start, a_end, b_start, b_end, similarity,
                           classify(similarity, identical, settings), quoted, words,
                           min(lit_a, a_end - a_start), min(lit_b, b_end - b_start)))
    out.sort(key=lambda m: (m.a_start, m.b_start, m.a_end, m.b_end))
    return _merge_overlaps(out)


def _inside_quotes(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The span [start, end) cut to the words inside the quotations it overlaps."""
    spans = [(s, e) for s, e in doc.quotes if s < end and start < e]
    if not spans:
        return start, end
    lo, hi = max(start, spans[0][0]), min(end, spans[-1][1])
    t0 = int(np.searchsorted(doc.tokens.starts, lo))
    t1 = int(np.searchsorted(doc.tokens.ends, hi, side="right"))
    if t1 <= t0:
        return start, end
    return int(doc.tokens.starts[t0]), int(doc.tokens.ends[t1 - 1])


def _merge_overlaps(items: list[Aligned]) -> list[Aligned]:
    """Drop a passage wholly inside another one of the same pair (both sides)."""
    keep: list[Aligned] = []
    for m in items:
        if any(k.a_start <= m.a_start and m.a_end <= k.a_end and
               k.b_start <= m.b_start and m.b_end <= k.b_end for k in keep):
            continue
        keep = [k for k in keep if not (m.a_start <= k.a_start and k.a_end <= m.a_end and
                                        m.b_start <= k.b_start and k.b_end <= m.b_end)]
        keep.append(m)
    return keep
