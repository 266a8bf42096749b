"""Shared passages as JSON Lines in the shape of passim's pairwise alignments.

passim (David A. Smith, github.com/dasmiq/passim) run with `--pairwise` writes `align.json`: one
JSON record per aligned passage pair, with each side's fields suffixed `1` and `2`, then
`matches` and `score`. This renderer writes one such record per match, so scripts written for
passim's output read newsreuse's. The fields, and what they are mapped from:

    uid1, uid2        passim's internal document id: the first 8 bytes of the MD5 of the id
                      (UTF-8), as a signed big-endian 64-bit integer, exactly as passim computes it
    id1, id2          `a`, `b` of the match (article ids; id1 < id2)
    bw1, ew1          first and one-past-last token of the passage (whitespace-separated tokens,
                      where passim uses its own tokenizer)
    b1, e1            `a_start`, `a_end`: character offsets of the passage (end exclusive)
    len1              length of the article text in characters
    tok1              number of tokens in the article text
    series1           the article's `outlet` (passim groups documents into series; reuse within a
                      series is what it ignores)
    date1, title1     the article's `published` and `title` (passim passes input metadata through
                      with the side's suffix)
    s1, s2            the two passages aligned character by character: '-' fills a gap, and a '-'
                      of the text is written as U+2010 (as passim does, so gaps stay unambiguous)
    matches           aligned positions with the same character on both sides
    score             the alignment's score with passim's defaults: +2 per match, -1 per
                      mismatch, gaps cost 5 to open and 0.5 to extend
    (the same with suffix 2 for the other side)

Fields passim does not have are appended after these: `match` (the match id), `kind`, `quoted`
and `similarity`. Lines are sorted by id1, id2, b1, b2 (passim's own order), then match id.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import json
import re
from pathlib import Path
from typing import Any, Optional

from ..model import ArticleSummary, Report
from .common import clean_report, utf8
from .output import write_bytes

__all__ = ["render", "write", "records", "uid", "align"]

_TOKEN = re.compile(r"\S+")
_CHUNK = re.compile(r"\S+\s*|\s+")
MATCH, MISMATCH, GAP_OPEN, GAP_EXTEND = 2.0, -1.0, 5.0, 0.5


def uid(article_id: str) -> int:
    """passim's `uid` of a document id."""
    return int.from_bytes(hashlib.md5(article_id.encode("utf-8")).digest()[:8], "big", signed=True)


def _gap(n: int) -> float:
    return GAP_OPEN + GAP_EXTEND * (n - 1) if n > 0 else 0.0


def align(s1: str, s2: str) -> tuple[str, str, int, float]:
    """Character alignment of two passages: (aligned s1, aligned s2, matches, score).

    Aligns words first (fast, and keeps edits inside words), then characters inside the words
    that differ; both aligned strings have the same length and '-' marks a gap.
    """
    s1, s2 = s1.replace("-", "\u2010"), s2.replace("-", "\u2010")
    c1, c2 = _CHUNK.findall(s1), _CHUNK.findall(s2)
    out1: list[str] = []
    out2: list[str] = []
    matches, score = 0, 0.0

    def emit(x: str, y: str) -> None:
        nonlocal matches, score
        common = min(len(x), len(y))
        for ch1, ch2 in zip(x, y):
            if ch1 == ch2:
                matches += 1
                score += MATCH
            else:
                score += MISMATCH
        extra = abs(len(x) - len(y))
        score -= _gap(extra)
        out1.append(x + "-" * (len(y) - common))
        out2.append(y + "-" * (len(x) - common))

    words = difflib.SequenceMatcher(None, c1, c2, autojunk=False)
    for tag, i1, i2, j1, j2 in words.get_opcodes():
        x, y = "".join(c1[i1:i2]), "".join(c2[j1:j2])
        if tag == "equal":
            emit(x, y)
            continue
        chars = difflib.SequenceMatcher(None, x, y, autojunk=False)
        for _ctag, a1, a2, b1, b2 in chars.get_opcodes():
            emit(x[a1:a2], y[b1:b2])
    return "".join(out1), "".join(out2), matches, score


def _side(
    n: int, aid: str, start: int, end: int, text: Optional[str], art: Optional[ArticleSummary]
) -> dict[str, Any]:
    bw: Optional[int] = None
    ew: Optional[int] = None
    tok: Optional[int] = None
    length: Optional[int] = None
    if text is not None:
        spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        starts = [s for s, _ in spans]
        ends = [e for _, e in spans]
        bw, ew, tok, length = (
            bisect.bisect_right(ends, start),
            bisect.bisect_left(starts, end),
            len(spans),
            len(text),
        )
    return {
        f"uid{n}": uid(aid),
        f"id{n}": aid,
        f"bw{n}": bw,
        f"ew{n}": ew,
        f"b{n}": start,
        f"e{n}": end,
        f"len{n}": length if length is not None else (art.chars if art else None),
        f"tok{n}": tok,
        f"series{n}": art.outlet if art else None,
        f"date{n}": art.published if art else None,
        f"title{n}": art.title if art else None,
    }


def records(report: Report) -> list[dict[str, Any]]:
    """One passim-style record per match, in passim's order."""
    report = clean_report(report)
    arts = {a.id: a for a in report.articles}
    out = []
    for m in sorted(report.matches, key=lambda m: (m.a, m.b, m.a_start, m.b_start, m.id)):
        ta, tb = report.texts.get(m.a), report.texts.get(m.b)
        p1 = ta[m.a_start : m.a_end] if ta is not None else ""
        p2 = tb[m.b_start : m.b_end] if tb is not None else ""
        s1, s2, n_match, score = align(p1, p2)
        rec = _side(1, m.a, m.a_start, m.a_end, ta, arts.get(m.a))
        rec["s1"] = s1
        rec.update(_side(2, m.b, m.b_start, m.b_end, tb, arts.get(m.b)))
        rec["s2"] = s2
        rec.update(
            {
                "matches": n_match,
                "score": score,
                "match": m.id,
                "kind": m.kind,
                "quoted": m.quoted,
                "similarity": m.similarity,
            }
        )
        out.append(rec)
    return out


def render(report: Report) -> str:
    """The matches as passim-style JSON Lines."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(report))


def write(report: Report, path: Path) -> None:
    """Write the JSON Lines to `path` (UTF-8), replacing any file there in one step."""
    write_bytes(path, utf8(render(report)))
