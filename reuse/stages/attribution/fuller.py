"""The fuller text: among articles that share one text with no time to order them, the one
that holds what the others share, and more of each, is the likelier source.

Three articles A, B and C share a passage, and no publication time orders them. If C holds
the text A and B share, and also text A shares with C alone and text B shares with C alone,
the account that gives each article one source is C -> A and C -> B: were A the source of C,
the text C shares with B alone would need a second source. So C is the fuller text of A and
B, as a wire story is of the outlets that trimmed it, a press release of the articles that
pasted parts of it, an encyclopedia entry of the answers that copied it. Two readings follow:

- A and B, weighed as a copy, are `common-source` (reason "fuller text"): both took the text
  from C, or from C's own source;
- between C and A, when one of them has no publication time, the one that is the fuller text
  for more of the other's partners is the likelier source (the direction signal `fuller`, in
  [-1, 1]). Articles dated the same day are not ordered this way: printed the same day, the
  fuller text is more often the nearest copy of a source all took (a wire story) than the
  others' source.

A third reading doubts: a copy between A and B that nothing orders, whose shared text a third
article C holds (with more of each or not), is one account of several (C -> A and C -> B; C
-> A -> B), which the direction signals, reading two texts, cannot tell apart. Such a call is
at most even odds (`doubt_by_holder`). Over five corpora (two generated, two generated news
days, Clough & Stevenson) these calls were right 35 times in 98.

A chain A -> B -> C in which C copied B's own additions looks the same from the texts alone
(B holds what A and C share, and more of each): without times, the fuller text is read as the
root, the common case in news. Pairs that publication times order, or that an agency or a
credit orders, are left to those signals.

Only the spans each pair shares are read, so the report's attribution and `newsreuse explain`
read a pair alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from ...model import Match
from ...text.spans import merge_spans, union_length
from .weigh import SIGNAL_WEIGHTS, Weighed, calibrate, common_confidence

__all__ = [
    "FullerTexts",
    "read_fuller",
    "direct_by_fuller",
    "common_by_fuller",
    "doubt_by_holder",
]

# C holds the text A and B share when at least this share of it, in each of A and B, lies in
# passages each shares with C (as a story's carriers are told, `stories._TOLD`).
_HOLDS = 0.8
# C holds more of A than A and B share when A shares with C, outside the text A shares with
# B, at least this share of that text and at least this many characters (a sentence, not a
# passage's edge drawn a few words wider).
_MORE_SHARE = 0.2
_MORE_CHARS = 100


def read_fuller(pairs: Mapping[tuple[str, str], Weighed], fuller: FullerTexts) -> None:
    """The pairs weighed as copies that nothing else orders, read for their fuller texts: the
    direction first (`direct_by_fuller`), then the pairs whose shared text a third article
    holds with more of each (`common_by_fuller`)."""
    for key in sorted(pairs):
        direct_by_fuller(pairs[key], fuller)
    for key in sorted(pairs):
        common_by_fuller(pairs[key], fuller)


def _unordered(p: Weighed) -> bool:
    """A copy whose direction no publication time, agency or credit gives."""
    return p.relation == "copied" and not any(p.signals.get(k) for k in _ORDERED_BY)


# A copy whose direction the fuller text alone gives is never surer than this.
_FULLER_CALL_MOST = 0.75
# The signals that order a pair without the fuller text.
_ORDERED_BY = ("time", "credit", "agency")
_GUESS = "no signal orders the two: direction is a guess"


def direct_by_fuller(p: Weighed, fuller: FullerTexts) -> None:
    """Of a copy nothing else orders, and that lacks a publication time, the side that is the
    fuller text for more of the other's partners is the likelier source: the `fuller` signal,
    added to the direction's log-odds. Two articles dated the same day are left as they were:
    printed the same day, the fuller one is more often the nearest copy of a source both took
    (a wire story) than the other's source."""
    if not _unordered(p) or not p.signals.get("undated"):
        return
    n_a, n_b = fuller.fuller_for(p.a, p.b), fuller.fuller_for(p.b, p.a)
    if n_a == n_b:
        return
    sign = 1 if n_a > n_b else -1
    full, other, n = (p.a, p.b, n_a) if sign > 0 else (p.b, p.a, n_b)
    rest = p.forward
    p.signals["fuller"] = sign
    p.forward += SIGNAL_WEIGHTS["fuller"] * sign
    if _GUESS in p.evidence:
        p.evidence.remove(_GUESS)
    p.evidence.append(
        f"{full} holds the text {other} shares with {n} other article{'s' if n > 1 else ''}, "
        f"and more of each: the fuller text, likelier the source"
    )
    calibrate(p)
    if rest == 0 or (rest > 0) != (p.forward > 0):
        # The direction is the fuller text's alone: that text may be the source, or only the
        # nearest copy of a source the corpus lacks (a wire story all three took).
        p.confidence = min(p.confidence, _FULLER_CALL_MOST)


def common_by_fuller(p: Weighed, fuller: FullerTexts) -> None:
    """A copy nothing else orders whose shared text a third article holds, with more of each
    side besides, is two copies of that fuller text: `common-source`. Not when one side is
    itself the fuller text of the other's partners (`direct_by_fuller`): a source and its copy,
    both carried on by a third article."""
    if not _unordered(p) or p.signals.get("fuller"):
        return
    found = fuller.witnesses(p.a, p.b)
    if not found:
        return
    c = max(found, key=lambda x: (fuller.held(x, p.a) + fuller.held(x, p.b), x))
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    p.relation, p.reason = "common-source", "fuller text"
    p.confidence = common_confidence("fuller text", p.matches)
    p.evidence.append(
        f"{c}{more} holds the text both share, and more of each: both likely took it from "
        f"{c}, or from its source"
    )


# A copy nothing else orders whose shared text a third article also holds is never surer than
# this: the texts alone leave at least two accounts open.
_HOLDER_CALL_MOST = 0.5


def doubt_by_holder(p: Weighed, fuller: FullerTexts) -> None:
    """A copy that no publication time, agency or credit orders, whose shared text a third
    article also holds, whether or not it holds more of each: both may have taken the text
    from that article, or it from one of them. The direction signals, the fuller text's among
    them, read the texts and cannot tell these accounts apart, so the call is at most even
    odds (`_HOLDER_CALL_MOST`), with that evidence. Read after every other reading of the pair
    (the fuller text, one agency's story), on the copies they leave."""
    if not _unordered(p):
        return
    found = fuller.holders(p.a, p.b)
    if not found:
        return
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    if p.confidence > _HOLDER_CALL_MOST:
        p.confidence = _HOLDER_CALL_MOST
    p.evidence.append(
        f"{found[0]}{more} also holds the text both share: both may have taken it from there, "
        "which the texts alone cannot rule out"
    )


class FullerTexts:
    """Which articles hold the text two others share (`holders`), and more of each
    (`witnesses`), read from the spans the related pairs share (`matches`)."""

    def __init__(self, matches: Iterable[Match]) -> None:
        spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        partners: dict[str, set[str]] = defaultdict(set)
        for m in matches:
            spans[m.a, m.b].append((m.a_start, m.a_end))
            spans[m.b, m.a].append((m.b_start, m.b_end))
            partners[m.a].add(m.b)
            partners[m.b].add(m.a)
        self._raw = spans
        self._merged: dict[tuple[str, str], tuple[list[tuple[int, int]], int]] = {}
        self._partners = partners
        self._holds: dict[tuple[str, str, str], bool] = {}

    def _spans(self, x: str, y: str) -> tuple[list[tuple[int, int]], int]:
        """x's spans shared with y, merged, and their length."""
        got = self._merged.get((x, y))
        if got is None:
            merged = merge_spans(self._raw.get((x, y), []))
            got = self._merged[x, y] = (merged, union_length(merged))
        return got

    def holds(self, c: str, a: str, b: str) -> bool:
        """Whether `c` holds the text `a` and `b` share, and more of each."""
        key = (c, a, b) if a < b else (c, b, a)
        got = self._holds.get(key)
        if got is None:
            got = self._holds[key] = self._holds_side(c, a, b) and self._holds_side(c, b, a)
        return got

    def _holds_side(self, c: str, a: str, b: str) -> bool:
        with_b, shared = self._spans(a, b)
        with_c, held = self._spans(a, c)
        if not shared or not held:
            return False
        inside = _overlap(with_b, with_c)
        if inside < _HOLDS * shared:
            return False
        return held - inside >= max(_MORE_CHARS, _MORE_SHARE * shared)

    def holders(self, a: str, b: str) -> list[str]:
        """The articles that hold the text `a` and `b` share (more of each or not), by id."""
        common = (self._partners.get(a, set()) & self._partners.get(b, set())) - {a, b}
        return [c for c in sorted(common) if self._within(c, a, b) and self._within(c, b, a)]

    def _within(self, c: str, a: str, b: str) -> bool:
        with_b, shared = self._spans(a, b)
        with_c, held = self._spans(a, c)
        return bool(shared and held) and _overlap(with_b, with_c) >= _HOLDS * shared

    def held(self, c: str, a: str) -> int:
        """Characters of `a` shared with `c`."""
        return self._spans(a, c)[1]

    def witnesses(self, a: str, b: str) -> list[str]:
        """The articles that hold the text `a` and `b` share, and more of each, by id."""
        common = (self._partners.get(a, set()) & self._partners.get(b, set())) - {a, b}
        return [c for c in sorted(common) if self.holds(c, a, b)]

    def fuller_for(self, c: str, a: str) -> int:
        """How many of `a`'s other partners `c` is the fuller text with."""
        common = (self._partners.get(a, set()) & self._partners.get(c, set())) - {a, c}
        return sum(1 for y in common if self.holds(c, a, y))


def _overlap(x: list[tuple[int, int]], y: list[tuple[int, int]]) -> int:
    """Characters two merged, ordered span lists have in common."""
    i = j = total = 0
    while i < len(x) and j < len(y):
        lo, hi = max(x[i][0], y[j][0]), min(x[i][1], y[j][1])
        if hi > lo:
            total += hi - lo
        if x[i][1] < y[j][1]:
            i += 1
        else:
            j += 1
    return total
