"""A group of unit pairs made a passage: cut where both sides have text of their own, trimmed to
the first and last shared words, filtered (length, formulas with other facts, stock phrases,
quotations) and scored (textdistance) into a kind.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import Any

import numpy as np
import textdistance

from ...model import MatchKind
from ...settings import Settings
from ...text.numbers import NUMBER, parse_number
from ...text.sentences import abbreviation, inside_share
from .. import trace
from ..prepare import Document
from .blocks import Block, anchored_blocks, matching_blocks, replaced

__all__ = [
    "SCAN_TOKENS",
    "stem_hash_index",
    "Aligned",
    "passage_similarity",
    "classify",
    "pieces",
    "NUMBER_WORDS",
    "PIECE_WORDS",
    "spans",
    "passage",
    "merge_overlaps",
]


_LEVENSHTEIN = textdistance.Levenshtein()


# Documents of more tokens than this look words up in an index made once (kept in the
# document's memo) instead of scanning the document for each passage. A scan is a Python loop
# over the whole document for every passage; the index costs one sort and then a few array
# lookups, which is cheaper from a few hundred tokens on (an OCR front page has thousands and
# asks about hundreds of passages).
SCAN_TOKENS = 200


@dataclass(frozen=True)
class Aligned:
    """One passage shared by documents a and b (offsets into their original texts)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float
    kind: MatchKind
    quoted: bool
    words: int
    a_literal_chars: int
    b_literal_chars: int


def passage_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Word-level Levenshtein similarity in [0, 1] (textdistance), symmetric."""
    if not a and not b:
        return 1.0
    return float(_LEVENSHTEIN.normalized_similarity(list(a), list(b)))


def classify(similarity: float, identical: bool, settings: Settings) -> MatchKind:
    if identical or similarity >= settings.verbatim_similarity:
        return "verbatim"
    if similarity >= settings.near_verbatim_similarity:
        return "near-verbatim"
    return "paraphrase"


def _shared_blocks(da: Document, a0: int, a1: int, db: Document, b0: int, b1: int) -> list:
    """Runs of stems shared in order by tokens [a0, a1) of a and [b0, b1) of b (offsets relative
    to a0 and b0): two words or more, or one informative word."""
    sa, sb = da.stems[a0:a1], db.stems[b0:b1]
    return [
        blk
        for blk in anchored_blocks(sa, sb)
        if blk.size >= 2 or (blk.size == 1 and da.informative[a0 + blk.a])
    ]


def pieces(
    da: Document,
    a0: int,
    a1: int,
    db: Document,
    b0: int,
    b1: int,
    gap: int,
    far: int,
    quoted_share: float | None,
) -> list[tuple[int, int, int, int]]:
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
            if min(ga, gb) <= gap and (
                max(ga, gb) <= far
                or not (
                    quoted_share is None
                    or _quotes_in(da, a0 + x.a, a0 + x.a + x.size, quoted_share)
                    or _quotes_in(da, a0 + y.a, a0 + y.a + y.size, quoted_share)
                )
            ):
                continue
        first, last = blocks[start], blocks[k - 1]
        out.append((a0 + first.a, a0 + last.a + last.size, b0 + first.b, b0 + last.b + last.size))
        start = k
    return out


# Longest run of shared words with a name in it that is peeled off a passage's end when it
# lies far from the rest (a speaker introduced the same way).
_NAMED_RUN = 10
# A run of at most this many shared words is as likely chance as copying.
_CHANCE_RUN = 3
# A run is far from the rest of the passage when more words than this many per word of the
# shorter run (plus a slack for a clause) separate them.
_FAR_PER_WORD, _FAR_SLACK = 3, 2


_CURRENCY = "$£€¥₹"


NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
NUMBER_WORDS.update(
    {
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "hundred": 100,
        "dozen": 12,
    }
)


def _is_name(doc: Document, k: int) -> bool:
    """A capitalised content word that does not open a sentence (a person, place, body)."""
    return bool(
        doc.tokens.capitalized[k]
        and doc.content[k]
        and not doc.informative[k]
        and not doc.tokens.norm[k][:1].isdigit()
    )


def _figure(doc: Document, t0: int, t1: int) -> tuple[float, str] | None:
    """The first number written in tokens [t0, t1), read whole even where the tokens cut it
    ("41.1", "97,983"), with the currency sign before it ("" if none), or None."""
    text = doc.text
    lo, hi = int(doc.tokens.starts[t0]), int(doc.tokens.ends[t1 - 1])
    while lo > 0 and (
        text[lo - 1].isdigit() or (text[lo - 1] in ".," and lo > 1 and text[lo - 2].isdigit())
    ):
        lo -= 1
    while hi < len(text) and (
        text[hi].isdigit() or (text[hi] in ".," and hi + 1 < len(text) and text[hi + 1].isdigit())
    ):
        hi += 1
    m = NUMBER.search(text, lo, hi)
    value = parse_number(m.group()) if m is not None else None
    if m is not None and value is not None:
        sign = text[m.start() - 1] if m.start() and text[m.start() - 1] in _CURRENCY else ""
        return value, sign
    for k in range(t0, t1):
        if doc.tokens.norm[k] in NUMBER_WORDS:
            return float(NUMBER_WORDS[doc.tokens.norm[k]]), ""
    return None


def stem_hash_index(doc: Document) -> tuple[np.ndarray, np.ndarray]:
    """The stem hashes of `doc` sorted, and the token each comes from (in token order where
    hashes are equal): made once and kept in the document's memo, for looking up where a stem
    occurs. Positions are int32 (an article is limited far below 2**31 characters), so the
    index of a cached document costs 8 bytes a token."""
    if "stem hashes" not in doc.memo:
        order = np.argsort(doc.hashes, kind="stable").astype(np.int32)
        doc.memo["stem hashes"] = (doc.hashes[order], order)
    index: tuple[np.ndarray, np.ndarray] = doc.memo["stem hashes"]
    return index


def _recurs(doc: Document, t0: int, t1: int) -> bool:
    """Whether the stems of tokens [t0, t1) occur again elsewhere in the document (the way it
    keeps naming one of its people or bodies).

    A long document is not scanned: the places its run's rarest stem hash occurs (from an index
    of the stem hashes, made once) are the only places the run can start, less its offset in the
    run; those whose hashes match the run's are compared stem by stem."""
    run = doc.stems[t0:t1]
    n = t1 - t0
    if len(doc.stems) <= SCAN_TOKENS or n == 0:
        return any(
            doc.stems[k : k + n] == run
            for k in range(len(doc.stems) - n + 1)
            if k + n <= t0 or k >= t1
        )
    ordered, where = stem_hash_index(doc)
    h = doc.hashes[t0:t1]
    lo, hi = np.searchsorted(ordered, h, side="left"), np.searchsorted(ordered, h, side="right")
    rare = int(np.argmin(hi - lo))
    at = where[lo[rare] : hi[rare]] - rare
    at = at[(at >= 0) & (at + n <= len(doc.stems)) & ((at + n <= t0) | (at >= t1))]
    for k in range(n):
        at = at[doc.hashes[at + k] == h[k]]
    return any(doc.stems[k : k + n] == run for k in at.tolist())


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


def _fact_cut(doc: Document, t0: int, t1: int) -> tuple[int, int]:
    """Tokens [start, end) a fact that differs at tokens [t0, t1) takes out of a passage: the
    units (sentences) it touches (`_unit_of`), or, when it lies inside one unit after a comma,
    only the clause from that comma to the unit's end: a clause added to a sentence the other
    side carries ("... in the first half of 1992, a representative of the Bluewater office
    said.") is the copy's own, and the sentence before it is copied text."""
    u0, u1 = _unit_of(doc, t0, t1)
    if u0 < t0 and u1 == _unit_of(doc, t0, t0 + 1)[1]:  # inside one unit
        for t in range(t0, u0, -1):
            if _comma_before(doc, t):
                return t, u1
    return u0, u1


def _quote_cover(doc: Document, start: int, end: int) -> float:
    """The largest share of the quoted words of a unit (sentence) that [start, end) covers."""
    t0, t1 = doc.token_range(start, end)
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
    return max(
        (
            (min(t1, int(e)) - max(t0, int(s))) / (int(e) - int(s))
            for s, e in bounds[first:last]
            if e > s
        ),
        default=1.0,
    )


def _other_facts(
    da: Document, a0: int, a1: int, db: Document, b0: int, b1: int
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


@dataclass(frozen=True)
class _Trimmed:
    """Token ranges [a0, a1) and [b0, b1) of a passage trimmed to its first and last shared
    words, and the characters of its literal part in each article."""

    a0: int
    a1: int
    b0: int
    b1: int
    literal_a: int
    literal_b: int


# Three or more words in a row, the same and in the same order on both sides, are copying;
# shorter runs are as likely chance.
_LITERAL_RUN = 3


def _trim(da: Document, a0: int, a1: int, db: Document, b0: int, b1: int) -> _Trimmed:
    """The passage trimmed to the first and last shared words, with the characters (in a, in
    b) of its literal part: runs of `_LITERAL_RUN` or more words that are the same, in the same
    order, on both sides."""
    blocks = _shared_blocks(da, a0, a1, db, b0, b1)
    if not blocks:
        return _Trimmed(a0, a1, b0, b1, 0, 0)

    # A short run of shared words far from the rest ("... the official") is chance, not part
    # of the passage: peel such runs off both ends. So is a person or body named the same way
    # ("Ruth Schmidt, the spokesperson at the refugee agency,") sentences away from a shared
    # quotation: that is how both articles introduce the speaker, not copied text.
    def far(x: Block, y: Block) -> bool:
        """Whether the words between runs x and y outnumber what the shorter run explains."""
        gap = max(y.a - (x.a + x.size), y.b - (x.b + x.size))
        return gap > _FAR_PER_WORD * min(x.size, y.size) + _FAR_SLACK

    def loose(x: Block, y: Block) -> bool:
        """Whether run x may be peeled off beside run y (the rest of the passage)."""
        if x.size <= _CHANCE_RUN:
            return True
        return (
            x.size <= _NAMED_RUN
            and any(_is_name(da, a0 + k) for k in range(x.a, x.a + x.size))
            and (_quoted_token(da, a0 + y.a) or _recurs(da, a0 + x.a, a0 + x.a + x.size))
        )

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
    lit_a = sum(
        int(da.tokens.ends[ta0 + k.a + k.size - 1] - da.tokens.starts[ta0 + k.a])
        for k in same
        if k.size >= _LITERAL_RUN
    )
    lit_b = sum(
        int(db.tokens.ends[tb0 + k.b + k.size - 1] - db.tokens.starts[tb0 + k.b])
        for k in same
        if k.size >= _LITERAL_RUN
    )
    return _Trimmed(ta0, ta1, tb0, tb1, lit_a, lit_b)


# Longest stretch, in words on either side, that trimming and alignment see at once. difflib and
# rapidfuzz align two sequences in time (rapidfuzz's alignment also in memory) that grows with
# the product of their lengths; an ordinary passage is far shorter (a whole article is some
# hundreds to a few thousand words). A group of unit pairs spanning more is aligned in
# consecutive pieces of at most this many words: a copy longer than this comes out as
# consecutive passages.
PIECE_WORDS = 10_000


def spans(
    da: Document, db: Document, group: Sequence[tuple[int, int]]
) -> list[tuple[int, int, int, int]]:
    """Token ranges [a0, a1) x [b0, b1) to align for a group of unit pairs (sorted): the units
    it spans, or, where that is more than `PIECE_WORDS` words on either side, consecutive
    pieces of at most `PIECE_WORDS` words on both sides, cut along the group's chain of unit
    pairs in order in both articles (`_chain`), each ending where a unit pair of the chain ends.

    A piece ends at the end of a unit of the chain in both articles, so for a copy the pieces
    meet where its text does and come out as consecutive passages. Pairs off the chain (a
    sentence of the copy that also resembles another one) count only inside the pieces.
    """
    ua, ub = da.unit_bounds, db.unit_bounds
    lo_j = min(j for _, j in group)
    hi_j = max(j for _, j in group)
    whole = (int(ua[group[0][0]][0]), int(ua[group[-1][0]][1]), int(ub[lo_j][0]), int(ub[hi_j][1]))
    if whole[1] - whole[0] <= PIECE_WORDS and whole[3] - whole[2] <= PIECE_WORDS:
        return [whole]
    chain = _chain(group)
    out: list[tuple[int, int, int, int]] = []
    sa, sb = int(ua[chain[0][0]][0]), int(ub[chain[0][1]][0])  # where the piece starts
    ends: tuple[int, int] | None = None  # where it can end: the last unit pair that fits
    for i, j in chain:
        ea, eb = int(ua[i][1]), int(ub[j][1])
        if ea - sa > PIECE_WORDS or eb - sb > PIECE_WORDS:
            if ends is not None:
                out.append((sa, ends[0], sb, ends[1]))
                sa, sb = ends
            if ea - sa > PIECE_WORDS or eb - sb > PIECE_WORDS:
                # The chain skips more than a piece: cut that stretch into equal parts.
                parts = -(-max(ea - sa, eb - sb) // PIECE_WORDS)
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


# Most words a passage is carried past the units it was aligned on, at either end.
_REACH = 60


def _verbatim_ends(
    da: Document, a0: int, a1: int, db: Document, b0: int, b1: int
) -> tuple[int, int, int, int]:
    """The passage carried on, at each end, over the words both sides share word for word
    beyond it: units are cut at sentence ends and commas, and the words of a unit that differs
    as a whole (an attribution after another lead-in, "Keiko Price, the head of the electoral
    commission, cautioned:") are copied text when they are the same up to the passage. Only
    when the first (last) words of both sides are the same as well, so a passage that begins
    mid-run is not stretched over chance words."""
    na, nb = da.tokens.norm, db.tokens.norm
    if a0 < a1 and b0 < b1 and na[a0] == nb[b0]:
        k = 0
        while k < _REACH and a0 - k > 0 and b0 - k > 0 and na[a0 - k - 1] == nb[b0 - k - 1]:
            k += 1
        a0, b0 = a0 - k, b0 - k
    if a0 < a1 and b0 < b1 and na[a1 - 1] == nb[b1 - 1]:
        k = 0
        while k < _REACH and a1 + k < len(na) and b1 + k < len(nb) and na[a1 + k] == nb[b1 + k]:
            k += 1
        a1, b1 = a1 + k, b1 + k
    return a0, a1, b0, b1


# Most words of a clause at the start or end of a sentence that one side carries and the other
# cut ("..., organisers said."; "Selin Khalil, the public defender, ...") and that a passage
# whose other side is the whole sentence takes in.
_CLAUSE_WORDS = 12

_SENTENCE_END = re.compile(r"[.!?…।॥؟۔][\"'”’)\]]*\s|\n|[。！？។။]")
# A comma between clauses, not the one of "1,000".
_COMMA = re.compile(r",\s")


def _ends_sentence(doc: Document, t1: int) -> bool:
    """Whether token t1 - 1 ends a sentence: the text ends there, or a full stop (question or
    exclamation mark, ellipsis) and a space or a line break come before the next token; the
    point of "38.7", with no space after it, and of "Mr." or "U.S." do not end one."""
    tokens = doc.tokens
    if t1 >= len(tokens):
        return True
    m = _SENTENCE_END.search(doc.text, int(tokens.ends[t1 - 1]), int(tokens.starts[t1]))
    return m is not None and not (m.group()[0] == "." and abbreviation(doc.text, m.start()))


def _comma_before(doc: Document, t: int) -> bool:
    """Whether a comma between clauses stands between tokens t - 1 and t."""
    tokens = doc.tokens
    return 0 < t < len(tokens) and bool(
        _COMMA.search(doc.text, int(tokens.ends[t - 1]), int(tokens.starts[t]))
    )


def _starts_sentence(doc: Document, t0: int) -> bool:
    """Whether token t0 starts a sentence."""
    return t0 == 0 or _ends_sentence(doc, t0)


def _clause_after(doc: Document, t1: int) -> int:
    """Where the sentence that a comma after token t1 - 1 continues ends, when within
    `_CLAUSE_WORDS` words; else t1."""
    if not _comma_before(doc, t1):
        return t1
    for t in range(t1 + 1, min(len(doc.tokens), t1 + _CLAUSE_WORDS) + 1):
        if _ends_sentence(doc, t):
            return t
    return t1


def _clause_before(doc: Document, t0: int) -> int:
    """Where the sentence that token t0 continues after a comma starts, when within
    `_CLAUSE_WORDS` words; else t0."""
    if not _comma_before(doc, t0):
        return t0
    for t in range(t0 - 1, max(0, t0 - _CLAUSE_WORDS) - 1, -1):
        if _starts_sentence(doc, t):
            return t
    return t0


def _whole_sentences(
    da: Document, a0: int, a1: int, db: Document, b0: int, b1: int
) -> tuple[int, int, int, int]:
    """The passage with a clause one side cut from the copied sentence put back on the side
    that has it: where one side starts (ends) a sentence and the other starts (ends) after
    (before) a comma with at most `_CLAUSE_WORDS` words to the sentence's start (end). The
    sentence is what was copied; its trimmed clause is part of the copy's source."""
    if _ends_sentence(db, b1) and not _ends_sentence(da, a1):
        a1 = _own(da, a1, _clause_after(da, a1), db)
    elif _ends_sentence(da, a1) and not _ends_sentence(db, b1):
        b1 = _own(db, b1, _clause_after(db, b1), da)
    if _starts_sentence(db, b0) and not _starts_sentence(da, a0):
        a0 = _own(da, a0, _clause_before(da, a0), db)
    elif _starts_sentence(da, a0) and not _starts_sentence(db, b0):
        b0 = _own(db, b0, _clause_before(db, b0), da)
    return a0, a1, b0, b1


def _own(doc: Document, at: int, to: int, other: Document) -> int:
    """`to`, where a clause of `doc` between tokens `at` and `to` would take the passage, unless
    the clause shares a run of `_LITERAL_RUN` words with `other`: then it belongs to another
    passage of the pair (or to none), and the passage stays at `at`."""
    lo, hi = min(at, to), max(at, to)
    if hi - lo < _LITERAL_RUN:
        return to
    words = other.memo.get("words")
    if words is None:  # the other article's words, each between spaces, searched as text
        words = other.memo["words"] = f" {' '.join(other.tokens.norm)} "
    norm = doc.tokens.norm[lo:hi]
    return at if any(f" {' '.join(run)} " in words for run in zip(norm, norm[1:], norm[2:])) else to


# What each rule of `passage` compares, and whether a value below the setting drops the passage.
_RULES = {
    "min_passage_words": "words",
    "min_quote_words": "words",
    "min_shared_words": "informative words shared",
    "min_similarity": "word-level similarity",
    "frame_passage_words": "words (shorter passages around other names or figures are formulas)",
    "min_sentence_cover": "share of its sentences covered",
    "short_passage_similarity": "word-level similarity of a short passage",
}


def _dropped(
    da: Document,
    a0: int,
    a1: int,
    db: Document,
    b0: int,
    b1: int,
    rule: str,
    value: float,
    settings: Settings,
    **more: Any,
) -> list[Aligned]:
    """Note, when tracing, a span the rule `rule` (a setting's name) turned down; no passage."""
    if trace.active():
        trace.note(
            "dropped",
            rule=rule,
            measures=_RULES[rule],
            value=round(float(value), 4),
            threshold=getattr(settings, rule),
            a=da.token_span(a0, a1),
            b=db.token_span(b0, b1),
            **more,
        )
    return []


def _informative_stems(doc: Document, t0: int, t1: int) -> set[str]:
    """The stems of the informative tokens [t0, t1) of `doc` (picked in one pass over the
    slice, not by indexing the flags token by token)."""
    return set(compress(doc.stems[t0:t1], doc.informative[t0:t1].tolist()))


def passage(
    da: Document,
    db: Document,
    a0: int,
    a1: int,
    b0: int,
    b1: int,
    settings: Settings,
    whole: bool = True,
) -> list[Aligned]:
    """The passage tokens [a0, a1) of a and [b0, b1) of b share (none when it does not pass the
    filters, more than one when a formula sits in it). With `whole`, a clause one side cut from
    a copied sentence is put back (`_whole_sentences`); the parts left between other facts are
    not extended back over them."""
    trimmed = _trim(da, a0, a1, db, b0, b1)
    a0, a1, b0, b1 = trimmed.a0, trimmed.a1, trimmed.b0, trimmed.b1
    lit_a, lit_b = trimmed.literal_a, trimmed.literal_b
    words = min(a1 - a0, b1 - b0)
    if words < min(settings.min_passage_words, settings.min_quote_words):
        return _dropped(da, a0, a1, db, b0, b1, "min_passage_words", words, settings)
    inf_a = _informative_stems(da, a0, a1)
    inf_b = _informative_stems(db, b0, b1)
    quoted = (
        _quoted_share(da, *da.token_span(a0, a1)) >= settings.quoted_share
        and _quoted_share(db, *db.token_span(b0, b1)) >= settings.quoted_share
    )
    if quoted:
        # A quotation's attribution may lie in a unit that differs as a whole (another lead-in
        # before it): carry the passage over the words both sides share word for word.
        ends = _verbatim_ends(da, a0, a1, db, b0, b1)
        if ends != (a0, a1, b0, b1):
            # The words carried over are literal copy.
            (xa, ya), (xb, yb) = da.token_span(a0, a1), db.token_span(b0, b1)
            a0, a1, b0, b1 = ends
            (xa2, ya2), (xb2, yb2) = da.token_span(a0, a1), db.token_span(b0, b1)
            lit_a += (xa - xa2) + (ya2 - ya)
            lit_b += (xb - xb2) + (yb2 - yb)
        words = min(a1 - a0, b1 - b0)
        inf_a = _informative_stems(da, a0, a1)
        inf_b = _informative_stems(db, b0, b1)
    shared = len(inf_a & inf_b)
    if shared < settings.min_shared_words and not (
        shared >= 2 and quoted and da.tokens.norm[a0:a1] == db.tokens.norm[b0:b1]
    ):
        # (A quotation carried word for word may name its matter with few ordinary words:
        # "What happened in Beirut on Friday evening was the right call".)
        return _dropped(da, a0, a1, db, b0, b1, "min_shared_words", shared, settings)
    ta, tb = da.stems[a0:a1], db.stems[b0:b1]
    similarity = round(passage_similarity(ta, tb), 4)
    if similarity < settings.min_similarity:
        # Hardly any of it aligns: if gaps of more than half `split_gap_words` split it, judge
        # the parts (a copied sentence, and a phrase shared by chance far along in one article;
        # a heavily revised sentence between words of the writer's own).
        gap = max(1, settings.split_gap_words // 2)
        parts = pieces(da, a0, a1, db, b0, b1, gap, settings.max_unit_words, None)
        _dropped(da, a0, a1, db, b0, b1, "min_similarity", similarity, settings, parts=len(parts))
        return [m for part in parts if len(parts) > 1 for m in passage(da, db, *part, settings)]
    short = words < settings.short_passage_words
    # A short quotation is evidence when carried word for word; altered, it is a mould
    # ("Frankly, the wage bill has been neglected for far too long") that needs a passage's
    # length.
    word_for_word = quoted and da.tokens.norm[a0:a1] == db.tokens.norm[b0:b1]
    if words < (settings.min_quote_words if word_for_word else settings.min_passage_words):
        rule = "min_quote_words" if word_for_word else "min_passage_words"
        return _dropped(da, a0, a1, db, b0, b1, rule, words, settings)
    if words < settings.frame_passage_words and not quoted:
        # The same words around other names or figures are a formula, not a copy: keep only
        # what lies between the sentences that differ in facts (a copied sentence next to a
        # formula).
        cuts = _other_facts(da, a0, a1, db, b0, b1)
        if cuts:
            _dropped(
                da, a0, a1, db, b0, b1, "frame_passage_words", words, settings, other_facts=True
            )
            bounds = [(a0, a0, b0, b0)]
            for i1, i2, j1, j2 in cuts:
                (x0, x1), (y0, y1) = (
                    _fact_cut(da, a0 + i1, a0 + i2),
                    _fact_cut(db, b0 + j1, b0 + j2),
                )
                bounds.append((max(x0, a0), min(x1, a1), max(y0, b0), min(y1, b1)))
            bounds.append((a1, a1, b1, b1))
            return [
                m
                for (_, x0, _, y0), (x1, _, y1, _) in zip(bounds, bounds[1:])
                if x1 > x0 and y1 > y0
                for m in passage(da, db, x0, x1, y0, y1, settings, whole=False)
            ]
    if (
        words < settings.frame_passage_words
        and not quoted
        and (cover := max(_cover(da, a0, a1), _cover(db, b0, b1))) < settings.min_sentence_cover
    ):
        # A stock phrase inside sentences that differ around it on both sides.
        return _dropped(da, a0, a1, db, b0, b1, "min_sentence_cover", cover, settings)
    if short and not quoted and similarity < settings.short_passage_similarity:
        # A reworded fragment of a sentence is a common frame, not evidence of copying.
        return _dropped(da, a0, a1, db, b0, b1, "short_passage_similarity", similarity, settings)
    if not quoted and whole:
        a0, a1, b0, b1 = _whole_sentences(da, a0, a1, db, b0, b1)
    identical = da.tokens.norm[a0:a1] == db.tokens.norm[b0:b1]
    a_start, a_end = da.token_span(a0, a1)
    b_start, b_end = db.token_span(b0, b1)
    if quoted and _copied_around(da, a0, a1, db, b0, b1):
        # The words around the quotation (its attribution, the sentence before or after) are
        # copied too: the passage is copied text, whatever its quotation marks.
        quoted = False
    if quoted:
        # A quotation carried with different attributions ("..., she said" / "He told
        # reporters: ...") is the quote: keep the passage inside the quotation marks.
        a_start, a_end = _inside_quotes(da, a_start, a_end)
        b_start, b_end = _inside_quotes(db, b_start, b_end)
        if words < settings.frame_passage_words and _other_facts(
            da, *da.token_range(a_start, a_end), db, *db.token_range(b_start, b_end)
        ):
            # The same mould of quotation about other people, places or figures.
            return _dropped(
                da, a0, a1, db, b0, b1, "frame_passage_words", words, settings, other_facts=True
            )
        if (
            words < settings.frame_passage_words
            and (cover := max(_quote_cover(da, a_start, a_end), _quote_cover(db, b_start, b_end)))
            < settings.min_sentence_cover
        ):
            # A stock phrase inside two different quotations.
            return _dropped(da, a0, a1, db, b0, b1, "min_sentence_cover", cover, settings)
    if identical:
        lit_a, lit_b = a_end - a_start, b_end - b_start
    trace.note(
        "passage",
        a=(a_start, a_end),
        b=(b_start, b_end),
        words=words,
        similarity=similarity,
        kind=classify(similarity, identical, settings),
        quoted=quoted,
    )
    return [
        Aligned(
            a_start,
            a_end,
            b_start,
            b_end,
            similarity,
            classify(similarity, identical, settings),
            quoted,
            words,
            min(lit_a, a_end - a_start),
            min(lit_b, b_end - b_start),
        )
    ]


# Words outside the quotation marks, in runs of `_LITERAL_RUN` or more shared word for word,
# that make a mostly quoted passage copied text: more than a shared "Curtis said" (two outlets
# quoting one speaker attribute the words in their own way).
_AROUND_WORDS = 5


def _copied_around(da: Document, a0: int, a1: int, db: Document, b0: int, b1: int) -> bool:
    """Whether the passage carries `_AROUND_WORDS` or more words outside the quotation marks
    in literal runs shared by both sides."""
    same = matching_blocks(da.tokens.norm[a0:a1], db.tokens.norm[b0:b1])
    outside = 0
    for k in same:
        if k.size < _LITERAL_RUN:
            continue
        outside += sum(
            1
            for i in range(k.size)
            if not _quoted_token(da, a0 + k.a + i) and not _quoted_token(db, b0 + k.b + i)
        )
        if outside >= _AROUND_WORDS:
            return True
    return False


def _inside_quotes(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The span [start, end) cut to the words inside the quotations it overlaps."""
    spans = _quotes_over(doc, start, end)
    if not spans:
        return start, end
    lo, hi = max(start, spans[0][0]), min(end, spans[-1][1])
    t0, t1 = doc.token_range(lo, hi)
    if t1 <= t0:
        return start, end
    return int(doc.tokens.starts[t0]), int(doc.tokens.ends[t1 - 1])


def merge_overlaps(items: list[Aligned]) -> list[Aligned]:
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
        if any(
            keep[k].a_start <= m.a_start
            and m.a_end <= keep[k].a_end
            and keep[k].b_start <= m.b_start
            and m.b_end <= keep[k].b_end
            for k in live
        ):
            continue
        for k in live:
            if (
                m.a_start <= keep[k].a_start
                and keep[k].a_end <= m.a_end
                and m.b_start <= keep[k].b_start
                and keep[k].b_end <= m.b_end
            ):
                dropped.add(k)
        live.append(len(keep))
        keep.append(m)
    return [m for k, m in enumerate(keep) if k not in dropped]


# A summary keeps about a third of what it condenses: between two of its sentences found in the
# source, the source may hold several times the words the summary holds there.
_SUMMARY_RATIO = 4


def join_fragments(
    items: list[Aligned], da: Document, db: Document, settings: Settings
) -> list[Aligned]:
    """Join passages that follow each other in both articles with at most
    `settings.join_gap_words` words between them on each side; `items` in order of their start
    in a. The joined passage is scored again as a whole."""
    gap = settings.join_gap_words
    if gap <= 0 or len(items) < 2:
        return items
    out: list[Aligned] = []
    for m in items:
        if out:
            last = out[-1]
            gaps = sorted(
                (
                    _words_between(da, last.a_end, m.a_start),
                    _words_between(db, last.b_end, m.b_start),
                )
            )
            if (
                m.a_start >= last.a_end
                and m.b_start >= last.b_end
                and gaps[0] <= gap
                and gaps[1] <= _SUMMARY_RATIO * gap
            ):
                out[-1] = _joined(last, m, da, db, settings)
                continue
        out.append(m)
    return out


def _words_between(doc: Document, end: int, start: int) -> int:
    t0, t1 = doc.token_range(end, start)
    return max(0, t1 - t0)


def _joined(x: Aligned, y: Aligned, da: Document, db: Document, settings: Settings) -> Aligned:
    a0, a1 = da.token_range(x.a_start, y.a_end)
    b0, b1 = db.token_range(x.b_start, y.b_end)
    similarity = round(passage_similarity(da.stems[a0:a1], db.stems[b0:b1]), 4)
    identical = da.tokens.norm[a0:a1] == db.tokens.norm[b0:b1]
    return Aligned(
        x.a_start,
        y.a_end,
        x.b_start,
        y.b_end,
        similarity,
        classify(similarity, identical, settings),
        x.quoted and y.quoted,
        min(a1 - a0, b1 - b0),
        x.a_literal_chars + y.a_literal_chars,
        x.b_literal_chars + y.b_literal_chars,
    )
