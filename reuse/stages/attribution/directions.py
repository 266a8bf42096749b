"""Direction signals read from each aligned passage, for attribution: which side has the rarer
variants where the wording differs (edit direction), whose story the passage's names belong
to (context direction), and which side's neighbouring text is about what the passage is about
(cohesion direction).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import numpy as np

from ..align.blocks import replaced
from ..align.passages import SCAN_TOKENS, Aligned, stem_hash_index
from ..align.vectors import Idf
from ..prepare import Document

__all__ = ["edit_direction", "context_direction", "cohesion_direction"]


def edit_direction(da: Document, db: Document, m: Aligned, idf: Idf) -> float:
    """How much rarer the words are that b has where a has others, averaged over the replaced
    stretches of the passage (0 when nothing was replaced).

    A copy is where typos, spun synonyms and house-style changes appear, and such variants are
    rarer in the corpus than the words they replace; so a positive value says b derived from a.
    """
    a0, a1 = da.token_range(m.a_start, m.a_end)
    b0, b1 = db.token_range(m.b_start, m.b_end)
    wa, wb = da.tokens.norm[a0:a1], db.tokens.norm[b0:b1]
    if wa == wb:
        return 0.0
    rarity = _rarity(idf)
    diffs = [
        max(map(rarity, wb[j1:j2])) - max(map(rarity, wa[i1:i2]))
        for i1, i2, j1, j2 in replaced(wa, wb)
    ]
    return float(np.mean(diffs)) if diffs else 0.0


# Each IDF's word rarities once found (edit direction asks them of every word of every replaced
# stretch, again and again), at most `_RARITIES_KEPT` words each: kept beside the IDF rather
# than in it, and gone with it.
_RARITIES: weakref.WeakKeyDictionary[Idf, dict[str, float]] = weakref.WeakKeyDictionary()
_RARITIES_KEPT = 500_000


def _rarity(idf: Idf) -> Callable[[str], float]:
    """`idf.word_rarity`, each word's found once."""
    kept = _RARITIES.get(idf)
    if kept is None:
        kept = _RARITIES[idf] = {}

    def of(word: str) -> float:
        found = kept.get(word)
        if found is None:
            found = idf.word_rarity(word)
            if len(kept) < _RARITIES_KEPT:
                kept[word] = found
        return found

    return of


def _names_elsewhere(doc: Document, t0: int, t1: int) -> float:
    """Share of the distinct names (capitalised words not opening a sentence) in tokens
    [t0, t1) that the document also mentions outside them."""
    t = doc.tokens
    at = np.flatnonzero(
        t.capitalized[t0:t1] & ~doc.informative[t0:t1] & doc.content[t0:t1]
    ).tolist()
    if not at:
        return 0.0
    norm = t.norm
    first: dict[str, int] = {}  # each name, and where it first stands in the span
    for k in at:
        first.setdefault(norm[t0 + k], t0 + k)
    if len(norm) <= SCAN_TOKENS:
        outside = set(norm[:t0]) | set(norm[t1:])
        return len(first.keys() & outside) / len(first)
    # A name's other occurrences are among the tokens of its stem hash (an index of the
    # document's stem hashes, made once): far less memory than a count of every word held for
    # each cached document, and no scan. The names are looked up together.
    ordered, where = stem_hash_index(doc)
    hashes = doc.hashes[list(first.values())]
    lo = np.searchsorted(ordered, hashes, side="left").tolist()
    hi = np.searchsorted(ordered, hashes, side="right").tolist()
    found = 0
    for name, a, b in zip(first, lo, hi):
        if any((k < t0 or k >= t1) and norm[k] == name for k in where[a:b].tolist()):
            found += 1
    return found / len(first)


def context_direction(da: Document, db: Document, m: Aligned) -> float:
    """How much more the passage's names recur in the rest of a than of b, in [-1, 1].

    The original of a passage is about its own story, so the people and places it names recur
    around it; a copy pasted into another story names them only there. Positive: b looks
    derived from a.
    """
    a0, a1 = da.token_range(m.a_start, m.a_end)
    b0, b1 = db.token_range(m.b_start, m.b_end)
    return _names_elsewhere(da, a0, a1) - _names_elsewhere(db, b0, b1)


# Tokens read on each side of a passage for its cohesion, and the fewest there must be on each
# side of the pair (a passage that is the whole of one article has no neighbours to compare).
_NEIGHBOURS = 150
_FEWEST_NEIGHBOURS = 40


def _cohesion(doc: Document, t0: int, t1: int) -> float | None:
    """Share of the distinct content stems of tokens [t0, t1) that the `_NEIGHBOURS` tokens
    before and after them also hold; None with fewer than `_FEWEST_NEIGHBOURS` around."""
    lo, hi = max(0, t0 - _NEIGHBOURS), min(len(doc.stems), t1 + _NEIGHBOURS)
    if (t0 - lo) + (hi - t1) < _FEWEST_NEIGHBOURS:
        return None
    content, stems = doc.content, doc.stems
    inside = {stems[t0 + k] for k in np.flatnonzero(content[t0:t1]).tolist()}
    if not inside:
        return None
    around = {stems[lo + k] for k in np.flatnonzero(content[lo:t0]).tolist()}
    around.update(stems[t1 + k] for k in np.flatnonzero(content[t1:hi]).tolist())
    return len(inside & around) / len(inside)


def cohesion_direction(da: Document, db: Document, m: Aligned) -> float:
    """How much more of the passage's words the text around it holds in a than in b, in
    [-1, 1]; 0 when either side has next to nothing around it.

    The original of a passage is part of its own text: the sentences before and after it are
    about the same things and share its words. A copy pasted into another article sits among
    sentences about something else. Positive: b looks derived from a.
    """
    a0, a1 = da.token_range(m.a_start, m.a_end)
    b0, b1 = db.token_range(m.b_start, m.b_end)
    ca, cb = _cohesion(da, a0, a1), _cohesion(db, b0, b1)
    return 0.0 if ca is None or cb is None else ca - cb
