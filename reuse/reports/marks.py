"""Article text as escaped HTML with shared passages marked, for the HTML report.

Passages of one text may overlap (two matches of a pair, or matches with several articles), and
HTML elements cannot overlap, so the text is cut at every passage boundary into runs; each run is
one `<mark>` classed by the strongest kind covering it. Words found on one side only of a
near-verbatim passage (difflib over words) are wrapped in `<span class="only">` inside the marks.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Optional
from urllib.parse import quote

from .common import kind_rank

__all__ = ["Span", "esc", "fragment", "word_diff", "highlight"]

# C0 controls other than tab, newline and return are parse errors in HTML: shown as U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"\S+")
_EDGE_PUNCT = re.compile(r"^\W+|\W+$")


def esc(text: object) -> str:
    """Text made safe for HTML element content and quoted attribute values."""
    return _CONTROL.sub("\ufffd", html.escape(str(text), quote=True))


def fragment(value: str) -> str:
    """`value` made usable in an element id and a `#fragment` link alike (percent-encoded).

    Both the id and the link carry the same encoded form, which browsers match as it stands.
    """
    return quote(value, safe="-._~!$'()*+,;=:@")


@dataclass(frozen=True)
class Span:
    """A passage to mark in one text.

    `anchor` is the element id given where the passage starts (so other parts of the page can
    link to it); `link` is the fragment the mark links to (the same passage in the other text).
    """

    start: int
    end: int
    kind: str
    quoted: bool
    match: str
    similarity: float = 0.0
    anchor: Optional[str] = None
    link: Optional[str] = None


def _norm(word: str) -> str:
    # Case and surrounding punctuation are house style, not wording: "Said," == "said".
    core = _EDGE_PUNCT.sub("", word)
    return (core or word).casefold()


def word_diff(a: str, b: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character ranges (relative to `a` and `b`) of the words found on one side only.

    Consecutive one-sided words form one range, so the space between them is marked too.
    """
    wa = [(m.start(), m.end()) for m in _WORD.finditer(a)]
    wb = [(m.start(), m.end()) for m in _WORD.finditer(b)]
    sm = difflib.SequenceMatcher(
        None, [_norm(a[s:e]) for s, e in wa], [_norm(b[s:e]) for s, e in wb], autojunk=False
    )
    only_a: list[tuple[int, int]] = []
    only_b: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            only_a.append((wa[i1][0], wa[i2 - 1][1]))
        if j2 > j1:
            only_b.append((wb[j1][0], wb[j2 - 1][1]))
    return only_a, only_b


def _snap_forward(text: str, pos: int, reach: int = 40) -> int:
    """`pos` moved forward to the next whitespace (within `reach`), so cuts fall between words."""
    m = re.compile(r"\s").search(text, pos, min(len(text), pos + reach))
    return m.start() if m else pos


def _gap_note(n: int) -> str:
    return f'<span class="gap">[… {n:,} characters not in a shared passage …]</span>'


def _plain(text: str, start: int, end: int, context: Optional[int], first: bool, last: bool) -> str:
    """Unmarked text; with `context`, long stretches are cut to that much around the marks."""
    if context is None or end - start <= 2 * context + 80:
        return esc(text[start:end])
    out: list[str] = []
    head_end = start if first else _snap_forward(text, start + context)
    tail_start = end if last else _snap_forward(text, end - context)
    if first and last:  # no passage at all in this text: show its beginning only
        head_end = _snap_forward(text, start + 2 * context)
        tail_start = end
    if head_end > start:
        out.append(esc(text[start:head_end]))
    if tail_start > head_end:
        out.append(_gap_note(tail_start - head_end))
    if end > tail_start:
        out.append(esc(text[tail_start:end]))
    return "".join(out)


def _title(cover: Sequence[Span], limit: int = 3) -> str:
    """The tooltip of a mark: which passages cover it (the first few, to keep pages small)."""
    parts = []
    for s in cover[:limit]:
        parts.append(
            f"{s.match}: {s.kind}"
            + (", quoted" if s.quoted else "")
            + (f", similarity {s.similarity:.2f}" if s.similarity else "")
        )
    if len(cover) > limit:
        parts.append(f"and {len(cover) - limit} more")
    return "; ".join(parts)


def highlight(
    text: str,
    spans: Iterable[Span],
    only: Iterable[tuple[int, int]] = (),
    context: Optional[int] = None,
) -> str:
    """`text` as escaped HTML with `spans` marked and `only` ranges flagged inside them.

    Args:
        text: the article text, exactly as loaded.
        spans: passages to mark (offsets into `text`).
        only: character ranges of words found on one side only (shown inside marks).
        context: when given, unmarked stretches longer than about twice this many characters
            are cut, keeping this much text next to each passage.
    """
    n = len(text)
    marks = sorted(
        {
            Span(
                max(0, min(n, s.start)),
                max(0, min(n, s.end)),
                s.kind,
                s.quoted,
                s.match,
                s.similarity,
                s.anchor,
                s.link,
            )
            for s in spans
        },
        key=lambda s: (s.start, s.end, s.match),
    )
    marks = [s for s in marks if s.end > s.start]
    flags = sorted((max(0, a), min(n, b)) for a, b in only if b > a)
    cuts = {0, n}
    for s in marks:
        cuts.update((s.start, s.end))
    for a, b in flags:
        cuts.update((a, b))
    bounds = sorted(cuts)
    # Runs of elementary segments covered by the same passages.
    runs: list[tuple[int, int, tuple[Span, ...]]] = []
    for lo, hi in zip(bounds, bounds[1:]):
        cover = tuple(s for s in marks if s.start <= lo and hi <= s.end)
        if runs and runs[-1][2] == cover:
            runs[-1] = (runs[-1][0], hi, cover)
        else:
            runs.append((lo, hi, cover))
    out: list[str] = []
    for i, (lo, hi, cover) in enumerate(runs):
        if not cover:
            out.append(_plain(text, lo, hi, context, first=i == 0, last=i == len(runs) - 1))
            continue
        out.append(_mark(text, lo, hi, cover, flags))
    return "".join(out)


def _mark(
    text: str, lo: int, hi: int, cover: tuple[Span, ...], flags: Sequence[tuple[int, int]]
) -> str:
    strongest = min(cover, key=lambda s: (kind_rank(s.kind), s.match))
    classes = [strongest.kind]
    if any(s.quoted for s in cover):
        classes.append("quoted")
    if len(cover) > 1:
        classes.append("multi")
    starting = [s for s in cover if s.start == lo and s.anchor]
    anchor = starting[0].anchor if starting else None
    # Extra passages starting here get empty anchors, since one element has only one id.
    pre = "".join(f'<span id="{esc(s.anchor)}"></span>' for s in starting[1:])
    inner: list[str] = []
    cuts = sorted({lo, hi} | {x for a, b in flags for x in (a, b) if lo < x < hi})
    for a, b in zip(cuts, cuts[1:]):
        piece = esc(text[a:b])
        if any(fa <= a and b <= fb for fa, fb in flags):
            inner.append(f'<span class="only">{piece}</span>')
        else:
            inner.append(piece)
    id_attr = f' id="{esc(anchor)}"' if anchor else ""
    body = (
        f'<mark class="{" ".join(classes)}"{id_attr} title="{esc(_title(cover))}">'
        f"{''.join(inner)}</mark>"
    )
    link = next(
        (s.link for s in sorted(cover, key=lambda s: (kind_rank(s.kind), s.match)) if s.link), None
    )
    if link:
        body = f'<a class="pl" href="#{esc(link)}">{body}</a>'
    return pre + body
