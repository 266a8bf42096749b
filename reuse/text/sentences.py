"""Sentences and quotations of a text, as spans of the original text."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

__all__ = ["sentences", "quote_spans", "inside_share", "abbreviation"]


# Sentence ends: terminal punctuation (the danda of Hindi and its neighbours, the Arabic
# question mark, the Urdu full stop too), optional closing quotes/brackets, then white space;
# or the full stops of Chinese, Japanese, Khmer and Myanmar, which no space need follow.
_SENT_END = re.compile(r"[.!?…।॥؟۔]+[\"'”’»)\]]*(?=\s)|[。！？។။]+[」』”’）)]*")


_PARA = re.compile(r"[^\n]+")


# Words that end in a full stop without ending a sentence: titles before a name ("Ms. Schmidt",
# "Gov. Newsom", "Sen. Warren"), and a few others that precede a capital or a number.
_ABBREVIATIONS = frozenset(
    """Mr Mrs Ms Mx Dr Prof Gov Sen Rep Gen Lt Col Maj Capt Cmdr Adm Sgt
    Cpl Pvt Rev Hon Pres Supt Det Insp Fr Sr Jr St Mt Ft No Nos Vol Fig Gen Jan Feb Mar Apr Jun
    Jul Aug Sep Sept Oct Nov Dec Corp Inc Ltd Co Bros vs""".split()
)


_WORD_BEFORE = re.compile(r"([^\W\d_]+)\Z")


def abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` ends an abbreviation: a title or other listed word, or a
    single letter (an initial, "U.S.", "J.K.")."""
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group(1)
    if m.start() > 0 and text[m.start() - 1] not in " \t\n(\"'“‘«.":
        return False
    return len(word) == 1 or word in _ABBREVIATIONS


def _char_positions(text: str, chars: str) -> list[int]:
    """Where any of `chars` stands in `text`, in order: found with str.find (a scan in C), far
    faster than an expression tried at every character."""
    out = []
    for ch in chars:
        at = text.find(ch)
        while at >= 0:
            out.append(at)
            at = text.find(ch, at + 1)
    out.sort()
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences, trimmed of surrounding white space.

    A line break always ends a sentence. Terminal punctuation ends one when the next word does not
    start in lower case and a full stop does not end a title or an initial ("Ms. Schmidt",
    "U.S. President", "J. K. Rowling" stay whole).
    """
    # `_SENT_END` can only match where terminal punctuation stands: try the expression there,
    # as `finditer` would, not at every character.
    marks = _char_positions(text, ".!?…।॥؟۔。！？។။")
    spans: list[tuple[int, int]] = []
    k = 0
    for para in _PARA.finditer(text):
        p_start, p_end = para.span()
        start = p_start
        while k < len(marks) and marks[k] < p_start:
            k += 1
        done = p_start  # where the last match ended: matches do not overlap
        while k < len(marks) and marks[k] < p_end:
            m = _SENT_END.match(text, marks[k], p_end) if marks[k] >= done else None
            k += 1
            if m is None:
                continue
            done = m.end()
            nxt = m.end()
            while nxt < p_end and text[nxt].isspace():
                nxt += 1
            if nxt >= p_end or text[nxt].islower():
                continue
            if (
                text[m.start()] == "."
                and m.end() - m.start() == 1
                and abbreviation(text, m.start())
            ):
                continue
            spans.append((start, m.end()))
            start = nxt
        spans.append((start, p_end))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


_OPEN_CLOSE = {"“": "”", "„": "“”", "«": "»", "»": "«", "‹": "›", "‘": "’", "‚": "‘’", "「": "」"}


_QUOTE_MARKS = '"“”„«»‹›‘’‚「」'


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted speech, quotation marks included.

    Handles “…”, „…“ and „…”, «…», »…«, ‹…›, ‘…’ and straight "…". A quote still open at the end
    of a paragraph closes there (the convention for quotes running over paragraphs). A ’ inside a
    word is an apostrophe, not a closing quote; a ‘ opens only at a word start.
    """
    spans: list[tuple[int, int]] = []
    marks = _char_positions(text, _QUOTE_MARKS)
    if not marks:
        return spans
    k = 0
    for para in _PARA.finditer(text):
        p_start, p_end = para.span()
        open_at = -1
        closers = ""
        while k < len(marks) and marks[k] < p_start:
            k += 1
        while k < len(marks) and marks[k] < p_end:
            i = marks[k]
            ch = text[i]
            k += 1
            prev = text[i - 1] if i > p_start else " "
            nxt = text[i + 1] if i + 1 < p_end else " "
            if ch in "’'" and prev.isalnum() and nxt.isalnum():
                continue  # apostrophe
            if open_at < 0:
                if ch == '"':
                    open_at, closers = i, '"'
                elif ch in _OPEN_CLOSE and not (ch in "‘’" and prev.isalnum()):
                    open_at, closers = i, _OPEN_CLOSE[ch]
                elif ch == "”" and not prev.isalnum():
                    open_at, closers = i, "”"  # some house styles open with ”
                continue
            if ch in closers:
                spans.append((open_at, i + 1))
                open_at = -1
        if open_at >= 0:
            spans.append((open_at, p_end))
    return spans


# The white space characters (`str.isspace`, what `\\s` matches): none above U+3000, so every
# code above is looked up at U+3001.
_LAST_SPACE = 0x3000
_IS_SPACE = np.array([chr(c).isspace() for c in range(_LAST_SPACE + 2)])
# Texts up to this long get a table of counts (4 bytes a character), kept for the last 64:
# 64 MiB at most.
_TABLE_CHARS = 1 << 18


@lru_cache(maxsize=64)
def _non_space_before(text: str) -> np.ndarray:
    """For each offset of `text` (and its end), how many characters before it are not white
    space: a text's passages and matches are many, and each asks for some of its ranges."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    counts = np.zeros(len(codes) + 1, dtype=np.int32)
    np.cumsum(~_IS_SPACE[np.minimum(codes, _LAST_SPACE + 1)], out=counts[1:])
    return counts


def _non_space(text: str, start: int, end: int) -> int:
    """How many characters of text[start:end] are not white space."""
    lo, hi = min(max(start, 0), len(text)), min(max(end, 0), len(text))
    if hi <= lo:
        return 0
    if len(text) > _TABLE_CHARS:  # the split drops all the white space, in one C call
        return len("".join(text[lo:hi].split()))
    counts = _non_space_before(text)
    return int(counts[hi] - counts[lo])


def inside_share(start: int, end: int, spans: list[tuple[int, int]], text: str) -> float:
    """Share of the non-space characters of text[start:end] that lie inside `spans`."""
    over = [(max(s, start), min(e, end)) for s, e in spans if max(s, start) < min(e, end)]
    if not over:  # nothing inside: no need to count the range (most passages quote nothing)
        return 0.0
    total = _non_space(text, start, end)
    if total == 0:
        return 0.0
    return sum(_non_space(text, lo, hi) for lo, hi in over) / total
