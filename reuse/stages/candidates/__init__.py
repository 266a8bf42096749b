"""Candidate article pairs from MinHash-LSH over units (about a sentence each).

Why units and not whole articles: a 40-word quote shared by two 1,000-word articles gives a
whole-article Jaccard near 0.02, far below anything LSH can be tuned to. One unit against
another, the same quote gives a Jaccard near 1.

The sketches are datasketch's MinHash (scheme "affine32": a MurmurHash3 pre-mix, then
`a*h + b mod 2**32` per permutation) and the banding is datasketch's MinHashLSH with its own
choice of bands and rows for the threshold. Both are computed here over numpy arrays for a whole
batch of units at once: datasketch's per-object `update` and `insert` cost a Python call per
shingle and per band, which is the bottleneck at newsroom scale. Tests check that the signatures
equal datasketch's and that the candidate pairs equal what `MinHashLSH.query` returns.
"""

from __future__ import annotations

from .lsh import (
    CandidateStats,
    band_keys,
    candidate_pairs,
    check_lsh,
    lsh_params,
    pairs_from_keys,
)
from .minhash import (
    FACT_PERM,
    Sketches,
    concat_sketches,
    permutations,
    shingle_hashes,
    sketch,
)

__all__ = [
    "Sketches",
    "concat_sketches",
    "check_lsh",
    "lsh_params",
    "permutations",
    "shingle_hashes",
    "sketch",
    "band_keys",
    "candidate_pairs",
    "pairs_from_keys",
    "CandidateStats",
    "FACT_PERM",
]
