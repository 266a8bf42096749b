"""Normalised views of an article's text that always keep a map back to the original.

Nothing here changes `Article.text`. Every view carries original character offsets:

- `tokenize` gives word tokens: their normalised form (case folded, Unicode NFKC, accents
  removed, curly apostrophes made straight, words split across a line-end hyphen rejoined) and the
  span of each in the original text. Dashes and hyphens separate words, so "long-term",
  "long - term" and "long—term" give the same tokens.
- `normalize` gives one normalised string (tokens joined by single spaces) with, for every
  character of it, the index of the original character it came from.
- `sentences` and `quote_spans` give spans of the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np

__all__ = ["Tokens", "Normalized", "tokenize", "split_words", "split_tokens", "word_form", "normalize", "stem", "sentences", "quote_spans",
           "inside_share", "parse_number", "NUMBER"]

# A word: letters and digits, with inner apostrophes ("don't", "Biden’s", "O'Neill").
_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
# A hyphen at a line end followed by the rest of the word: "escala-\ntion".
_LINE_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*$")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})


@dataclass(frozen=True)
class Tokens:
    """Word tokens of a text: normalised forms and their original spans (end-exclusive)."""

    norm: tuple[str, ...]
    starts: np.ndarray
    ends: np.ndarray
    capitalized: np.ndarray  # bool: the original word starts with an upper-case letter

    def __len__(self) -> int:
        return len(self.norm)


@dataclass(frozen=True)
class Normalized:
    """A normalised string and, for each of its characters, the original index it maps to."""

    text: str
    offsets: np.ndarray

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the normalised span [start, end)."""
        if start >= end:
            raise ValueError("empty span")
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1


@lru_cache(maxsize=200_000)
def _norm_word(word: str) -> str:
    w = word.casefold().translate(_APOSTROPHES)
    if not w.isascii():
        w = unicodedata.normalize("NFKD", w)
        w = "".join(c for c in w if not unicodedata.combining(c))
        w = unicodedata.normalize("NFKC", w)
    return w


class _WordCache(dict):  # type: ignore[type-arg]
    """word as written -> (normalised form, starts with a capital); filled on first sight."""

    def __missing__(self, word: str) -> tuple[str, bool]:
        if "\n" in word:  # a word broken at a line end, its parts rejoined
            value = ("".join(map(_norm_word, word.split("\n"))), word[:1].isupper())
        else:
            value = (_norm_word(word), word[:1].isupper())
        if len(self) < 1_000_000:
            self[word] = value
        return value


_WORDS = _WordCache()


_ALNUM: np.ndarray | None = None


def _alnum_table() -> np.ndarray:
    """`str.isalnum()` of every code point of the Basic Multilingual Plane, built once."""
    global _ALNUM
    if _ALNUM is None:
        _ALNUM = np.fromiter((chr(c).isalnum() for c in range(0x10000)), dtype=bool, count=0x10000)
    return _ALNUM


def _word_mask(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The code points of `text` and which of them belong to a word (a match of `_WORD`)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = _alnum_table()
    inside = np.zeros(len(codes), dtype=bool)
    bmp = codes < 0x10000
    inside[bmp] = table[codes[bmp]]
    if not bmp.all():  # outside the BMP (emoji, rare scripts): ask Python, char by char
        for i in np.flatnonzero(~bmp).tolist():
            inside[i] = text[i].isalnum()
    # An apostrophe between two letters or digits joins them ("don't", "O'Neill").
    middle = codes[1:-1]
    apos = np.flatnonzero((middle == 0x27) | (middle == 0x2019) | (middle == 0x2BC)) + 1
    if len(apos):
        letters = inside.copy()
        inside[apos] |= letters[apos - 1] & letters[apos + 1]
    return codes, inside


def _spans_of(inside: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    edges = np.diff(np.concatenate(([False], inside, [False])).astype(np.int8))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def word_spans(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the words of `text`: the matches of `_WORD`, in order, computed over
    the code points as arrays rather than match by match (a test holds the two equal)."""
    return _spans_of(_word_mask(text)[1])


def split_words(text: str) -> tuple[list[str], np.ndarray, np.ndarray] | None:
    """The words of `text` as written (the matches of `_WORD`), with their starts and ends;
    None when a word is broken by a hyphen at a line end (then `tokenize` rejoins it on its
    slower path)."""
    if ("-\n" in text or "-\r\n" in text or "- \n" in text or "-\t\n" in text) and \
            _HYPHEN_BREAK.search(text):
        return None
    codes, inside = _word_mask(text)
    starts, ends = _spans_of(inside)
    # Every character outside a word made a space, the words are what `str.split` returns (no
    # word character is white space): one pass in C instead of a slice per word.
    words = np.where(inside, codes, np.uint32(32)).tobytes().decode("utf-32-le").split()
    return words, starts.astype(np.int64), ends.astype(np.int64)


def split_tokens(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The words of `text` as `split_words` gives them, with their starts and ends, except that
    a word broken by a hyphen at a line end ("escala-\ntion") is one token: its key is its
    written parts joined by "\n" (no written word holds a line break), and `word_form` reads
    such a key as the rejoined word. OCR pages break words at nearly every line end, so this is
    the common path, made with arrays and a look at each hyphen break only."""
    codes, inside = _word_mask(text)
    starts, ends = _spans_of(inside)
    words = np.where(inside, codes, np.uint32(32)).tobytes().decode("utf-32-le").split()
    starts, ends = starts.astype(np.int64), ends.astype(np.int64)
    if not (("-\n" in text or "-\r\n" in text or "- \n" in text or "-\t\n" in text) and
            _HYPHEN_BREAK.search(text)):
        return words, starts, ends
    gap = starts[1:] - ends[:-1]
    joined: list[int] = []  # k: word k+1 continues word k
    for k in np.flatnonzero((gap >= 2) & (gap <= 8)).tolist():
        e, s = int(ends[k]), int(starts[k + 1])
        if text[e] == "-" and _LINE_HYPHEN.match(text, e, s) and words[k + 1][:1].islower():
            joined.append(k)
    if not joined:
        return words, starts, ends
    keep = np.ones(len(words), dtype=bool)
    keep[np.asarray(joined) + 1] = False
    out: list[str] = []
    follows = set(joined)
    for k, word in enumerate(words):
        if k - 1 in follows:
            out[-1] = out[-1] + "\n" + word
        else:
            out.append(word)
    # A run of joined words ends where its last part ends.
    kept = np.flatnonzero(keep)
    run_end = np.searchsorted(kept, np.arange(len(words)), side="right") - 1
    final_end = np.zeros(len(kept), dtype=np.int64)
    np.maximum.at(final_end, run_end, ends)
    return out, starts[keep], final_end


def word_form(word: str) -> tuple[str, bool]:
    """(normalised form, starts with a capital) of a word as written, or of a token key of
    `split_tokens` (parts of a broken word joined by "\n")."""
    return _WORDS[word]


def tokenize(text: str) -> Tokens:
    """Word tokens of `text` with their normalised forms and original spans."""
    words, starts, ends = split_tokens(text)
    if not words:
        return Tokens((), starts, ends, np.zeros(0, dtype=bool))
    norms, caps = zip(*map(_WORDS.__getitem__, words))
    return Tokens(norms, starts, ends, np.fromiter(caps, dtype=bool, count=len(caps)))


_HYPHEN_BREAK = re.compile(r"\w-[ \t]*\r?\n[ \t]*\w")


def _tokenize_rejoining(text: str, spans: list[tuple[int, int]]) -> Tokens:
    """The slow path, for texts with a word broken by a hyphen at a line end ("escala-\ntion")."""
    norms: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    caps: list[bool] = []
    for s, e in spans:
        word = text[s:e]
        if norms and s - ends[-1] <= 8 and "\n" in text[ends[-1]:s] and \
                _LINE_HYPHEN.match(text, ends[-1], s) and word[:1].islower():
            norms[-1] = norms[-1] + _norm_word(word)
            ends[-1] = e
            continue
        norm, cap = _WORDS[word]
        norms.append(norm)
        starts.append(s)
        ends.append(e)
        caps.append(cap)
    return Tokens(tuple(norms), np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64),
                  np.asarray(caps, dtype=bool))


def normalize(text: str) -> Normalized:
    """The text as normalised words joined by single spaces, with a map back to the original.

    A normalised word of the same length as its original maps character by character; one whose
    length changed (ligatures, "ß" to "ss", a rejoined hyphenation) maps each character to the
    original word proportionally. A separating space maps to the end of the word before it.
    """
    toks = tokenize(text)
    parts: list[str] = []
    maps: list[np.ndarray] = []
    for i, word in enumerate(toks.norm):
        s, e = int(toks.starts[i]), int(toks.ends[i])
        if i:
            parts.append(" ")
            maps.append(np.array([int(toks.ends[i - 1]) - 1], dtype=np.int64))
        parts.append(word)
        if len(word) == e - s:
            maps.append(np.arange(s, e, dtype=np.int64))
        else:
            maps.append(s + (np.arange(len(word)) * (e - s)) // max(len(word), 1))
    offsets = np.concatenate(maps) if maps else np.zeros(0, dtype=np.int64)
    return Normalized("".join(parts), offsets)


_SUFFIXES = ("ies", "ing", "ed", "es", "s")


@lru_cache(maxsize=500_000)
def stem(word: str, length: int) -> str:
    """A light stem: common English endings off, then the first `length` characters.

    Cheap and language-light on purpose: it makes "decides", "decided" and "decision" meet, and
    absorbs typos and inflection at word ends, which is what spun and edited copies change.
    """
    if len(word) > 4 and not word.isdigit():
        for suf in _SUFFIXES:
            if word.endswith(suf) and len(word) - len(suf) >= 3 and not word.endswith("ss"):
                word = word[: -len(suf)] + ("y" if suf == "ies" else "")
                break
    return word[:length]


# Sentence ends: terminal punctuation, optional closing quotes/brackets, then white space.
_SENT_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_PARA = re.compile(r"[^\n]+")


# Words that end in a full stop without ending a sentence: titles before a name ("Ms. Schmidt",
# "Gov. Newsom", "Sen. Warren"), and a few others that precede a capital or a number.
_ABBREVIATIONS = frozenset("""Mr Mrs Ms Mx Dr Prof Gov Sen Rep Gen Lt Col Maj Capt Cmdr Adm Sgt
    Cpl Pvt Rev Hon Pres Supt Det Insp Fr Sr Jr St Mt Ft No Nos Vol Fig Gen Jan Feb Mar Apr Jun
    Jul Aug Sep Sept Oct Nov Dec Corp Inc Ltd Co Bros vs""".split())
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\Z")


def _abbreviation(text: str, dot: int) -> bool:
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
    marks = _char_positions(text, ".!?…")
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
            if text[m.start()] == "." and m.end() - m.start() == 1 and _abbreviation(text, m.start()):
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
_QUOTE_MARKS = "\"“”„«»‹›‘’‚「」"


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


_SPACE = re.compile(r"\s")


def inside_share(start: int, end: int, spans: list[tuple[int, int]], text: str) -> float:
    """Share of the non-space characters of text[start:end] that lie inside `spans`."""
    total = max(0, min(end, len(text)) - max(start, 0)) - len(_SPACE.findall(text, start, end))
    if total == 0:
        return 0.0
    inside = 0
    for s, e in spans:
        lo, hi = max(s, start), min(e, end)
        if lo < hi:
            inside += min(hi, len(text)) - max(lo, 0) - len(_SPACE.findall(text, lo, hi))
    return inside / total


# A number as written: digit groups joined by full stops or commas ("97,983", "41.1",
# "1.234,56", OCR's "200.000.000", a phone number "239.430.4900").
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_MAX_NUMBER_CHARS = 64


def parse_number(written: str) -> float | None:
    """The value of a number as written, never raising; None when `written` is not digit groups.

    Group and decimal marks are told apart as readers do: with both marks, the last one is the
    decimal mark ("1,234.56", "1.234,56"); one comma before exactly three digits groups
    thousands ("97,983"), otherwise it is a decimal comma ("3,5"); one full stop is a decimal
    point ("41.1"); a mark that recurs groups thousands when every group after the first has
    three digits ("200.000.000"). Anything else (a phone number "239.430.4900", OCR debris
    "2250.566.38") is no value a reader would state: its digits run together stand for it, so
    two such strings compare equal exactly when their digits do.
    """
    text = written.strip()
    if not text or len(text) > _MAX_NUMBER_CHARS or NUMBER.fullmatch(text) is None:
        return None
    marks = [c for c in text if c in ".,"]
    digits = "".join(c for c in text if c.isdigit())
    if not marks:
        return float(text)
    groups = re.split(r"[.,]", text)
    last = marks[-1]
    group_mark = "," if last == "." else "."
    if group_mark in marks:
        # Both marks: the last is the decimal mark, and the other may only come before it.
        whole, _, fraction = text.rpartition(last)
        parts = whole.split(group_mark)
        if last in whole or not _thousands(parts):
            return float(digits)
        return float("".join(parts) + "." + fraction)
    if len(marks) == 1:
        if last == "," and len(groups[1]) == 3:
            return float(groups[0] + groups[1])
        return float(groups[0] + "." + groups[1])
    return float(digits)  # thousands ("200.000.000"), or digits run together (see above)


def _thousands(groups: list[str]) -> bool:
    """Whether digit groups read as thousands: 1-3 digits, then groups of exactly three."""
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
