"""Word tokens of a text: normalised forms with their spans in the original text, and stems.

Nothing here changes an article's text. Tokens carry their original character offsets: their
normalised form (case folded, Unicode NFKC, accents removed, curly apostrophes made straight,
words split across a line-end hyphen rejoined) and the span of each in the original text.
Dashes and hyphens separate words, so "long-term", "long - term" and "long—term" give the same
tokens. `normalize` gives one normalised string with, for every character, the index of the
original character it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = [
    "Tokens",
    "Normalized",
    "word_spans",
    "split_words",
    "split_tokens",
    "word_form",
    "fresh_word_form",
    "tokenize",
    "normalize",
    "stem",
    "WORD_RUN",
    "is_unspaced",
]


# Scripts written without spaces between words: Chinese (Han ideographs), Japanese (kana).
# Each of their characters is a token of its own, as a search engine's CJK tokenizers make
# them, so that a copy with a character changed keeps its other characters; the token's key
# (its word) is the character with the next one when that is of these scripts too, the
# overlapping bigrams that index such text (see `split_tokens`).
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
# One letter or digit of an unspaced script (the ranges also hold marks and signs).
_UNSPACED_CHAR = re.compile(f"(?=[^\\W_])[{_UNSPACED}]")

# A word: letters and digits, with inner apostrophes ("don't", "Biden’s", "O'Neill"); one
# character of an unspaced script.
_WORD = re.compile(f"{_UNSPACED_CHAR.pattern}|[^\\W_{_UNSPACED}]+(?:['’ʼ][^\\W_{_UNSPACED}]+)*")

# The words that reports and clusters count and compare (no apostrophes inside): runs of
# letters and digits, and single characters of an unspaced script, as tokens are cut.
WORD_RUN = re.compile(f"{_UNSPACED_CHAR.pattern}|[^\\W_{_UNSPACED}]+")


# A hyphen at a line end followed by the rest of the word: "escala-\ntion".
_LINE_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*\Z")


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


def _normal(word: str) -> str:
    """The normalised form of one written word (no line break in it)."""
    w = word.casefold()
    if w.isascii():  # no curly apostrophe, nothing to decompose
        return w
    w = unicodedata.normalize("NFKD", w.translate(_APOSTROPHES))
    w = "".join(c for c in w if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", w)


_norm_word = lru_cache(maxsize=200_000)(_normal)


def fresh_word_form(word: str) -> tuple[str, bool]:
    """`word_form` computed, not looked up: for callers that keep the forms of their own (the
    word table of `prepare`), so that a corpus's many words seen once do not fill the caches
    here as well."""
    if "\n" in word:  # a word broken at a line end, its parts rejoined
        return "".join(map(_normal, word.split("\n"))), word[:1].isupper()
    return _normal(word), word[:1].isupper()


class _WordCache(dict[str, tuple[str, bool]]):
    """word as written -> (normalised form, starts with a capital); filled on first sight."""

    def __missing__(self, word: str) -> tuple[str, bool]:
        value = fresh_word_form(word)
        if len(self) < 1_000_000:
            self[word] = value
        return value


_WORDS = _WordCache()


_ALNUM: np.ndarray | None = None


def is_unspaced(ch: str) -> bool:
    """Whether `ch` is a character of a script written without spaces (a token of its own)."""
    return _UNSPACED_CHAR.match(ch) is not None


def _unspaced(codes: np.ndarray) -> np.ndarray:
    """Which code points are of a script written without spaces (`_UNSPACED`)."""
    return (
        ((codes >= 0x3040) & (codes <= 0x30FF))
        | ((codes >= 0x3400) & (codes <= 0x4DBF))
        | ((codes >= 0x4E00) & (codes <= 0x9FFF))
        | ((codes >= 0xF900) & (codes <= 0xFAFF))
        | ((codes >= 0xFF66) & (codes <= 0xFF9F))
        | ((codes >= 0x20000) & (codes <= 0x3134F))
    )


def _alnum_table() -> np.ndarray:
    """`str.isalnum()` of every code point of the Basic Multilingual Plane, built once."""
    global _ALNUM
    if _ALNUM is None:
        _ALNUM = np.fromiter((chr(c).isalnum() for c in range(0x10000)), dtype=bool, count=0x10000)
    return _ALNUM


def _word_mask(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The code points of `text`, which of them belong to a word (a match of `_WORD`), and
    which are characters of an unspaced script, each a word alone (None when there are none)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = _alnum_table()
    inside = np.zeros(len(codes), dtype=bool)
    bmp = codes < 0x10000
    inside[bmp] = table[codes[bmp]]
    if not bmp.all():  # outside the BMP (emoji, rare scripts): ask Python, char by char
        for i in np.flatnonzero(~bmp).tolist():
            inside[i] = text[i].isalnum()
    single = _unspaced(codes) & inside
    alone = single if single.any() else None
    # An apostrophe between two letters or digits joins them ("don't", "O'Neill").
    middle = codes[1:-1]
    apos = np.flatnonzero((middle == 0x27) | (middle == 0x2019) | (middle == 0x2BC)) + 1
    if len(apos):
        letters = inside if alone is None else inside & ~alone
        letters = letters.copy()
        inside[apos] |= letters[apos - 1] & letters[apos + 1]
    return codes, inside, alone


def _spans_of(inside: np.ndarray, alone: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the runs of `inside`, each character marked `alone` a run of its own."""
    if alone is None:
        edges = np.diff(np.concatenate(([False], inside, [False])).astype(np.int8))
        return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    before = np.concatenate(([False], inside[:-1]))
    after = np.concatenate((inside[1:], [False]))
    alone_before = np.concatenate(([False], alone[:-1]))
    alone_after = np.concatenate((alone[1:], [False]))
    starts = np.flatnonzero(inside & (~before | alone | alone_before))
    ends = np.flatnonzero(inside & (~after | alone | alone_after)) + 1
    return starts, ends


def _words_at(
    codes: np.ndarray, inside: np.ndarray, alone: np.ndarray | None, bigrams: bool = False
) -> list[str]:
    """The words of the text whose code points are `codes`, at the spans `_spans_of(inside,
    alone)` gives; with `bigrams`, each character of an unspaced script keyed with the next
    when that follows it directly in the same script (`_bigram_keys`)."""
    if alone is None:
        # Every character outside a word made a space, the words are what `str.split` returns
        # (no word character is white space): one pass in C instead of a slice per word.
        return np.where(inside, codes, np.uint32(32)).tobytes().decode("utf-32-le").split()
    # Three code points a character: itself (a space outside words), the next character when
    # it makes a bigram with it, and a space after a character that is a word alone; the
    # zeros left are dropped before the same split.
    after = np.concatenate((alone[1:], [False]))
    grid = np.zeros((len(codes), 3), dtype=np.uint32)
    grid[:, 0] = np.where(inside, codes, np.uint32(32))
    if bigrams:
        pair = np.flatnonzero(alone & after)
        grid[pair, 1] = codes[pair + 1]
    grid[alone | (after & inside), 2] = 32
    flat = grid.ravel()
    return flat[flat != 0].tobytes().decode("utf-32-le").split()


def _bigram_keys(
    text: str, words: list[str], starts: np.ndarray, alone: np.ndarray | None
) -> list[str]:
    """Token keys: a character of an unspaced script keyed with the next one when that follows
    it directly and is of such a script too (the last of a run alone)."""
    if alone is None or not len(starts):
        return words
    single = alone[starts]
    pair = np.flatnonzero(single[:-1] & single[1:] & (starts[1:] == starts[:-1] + 1))
    for i, s in zip(pair.tolist(), starts[pair].tolist()):
        words[i] = text[s : s + 2]
    return words


def word_spans(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the words of `text`: the matches of `_WORD`, in order, computed over
    the code points as arrays rather than match by match (a test holds the two equal)."""
    _, inside, alone = _word_mask(text)
    return _spans_of(inside, alone)


def split_words(text: str) -> tuple[list[str], np.ndarray, np.ndarray] | None:
    """The words of `text` as written (the matches of `_WORD`), with their starts and ends;
    None when a word is broken by a hyphen at a line end (then `tokenize` rejoins it on its
    slower path)."""
    if (
        "-\n" in text or "-\r\n" in text or "- \n" in text or "-\t\n" in text
    ) and _HYPHEN_BREAK.search(text):
        return None
    codes, inside, alone = _word_mask(text)
    starts, ends = _spans_of(inside, alone)
    return _words_at(codes, inside, alone), starts.astype(np.int64), ends.astype(np.int64)


def split_tokens(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The words of `text` as `split_words` gives them, with their starts and ends, except that
    a word broken by a hyphen at a line end ("escala-\ntion") is one token: its key is its
    written parts joined by "\n" (no written word holds a line break), and `word_form` reads
    such a key as the rejoined word. OCR pages break words at nearly every line end, so this is
    the common path, made with arrays and a look at each hyphen break only."""
    codes, inside, alone = _word_mask(text)
    starts, ends = _spans_of(inside, alone)
    starts, ends = starts.astype(np.int64), ends.astype(np.int64)
    if not (
        ("-\n" in text or "-\r\n" in text or "- \n" in text or "-\t\n" in text)
        and _HYPHEN_BREAK.search(text)
    ):
        return _words_at(codes, inside, alone, bigrams=True), starts, ends
    words = _words_at(codes, inside, alone)
    gap = starts[1:] - ends[:-1]
    near = np.flatnonzero((gap >= 2) & (gap <= 8))
    near = near[codes[ends[near]] == 0x2D]  # a hyphen right after the word
    joined: list[int] = []  # k: word k+1 continues word k
    for k in near.tolist():
        e, s = int(ends[k]), int(starts[k + 1])
        if _LINE_HYPHEN.match(text, e, s) and words[k + 1][:1].islower():
            joined.append(k)
    if not joined:
        return _bigram_keys(text, words, starts, alone), starts, ends
    keep = np.ones(len(words), dtype=bool)
    keep[np.asarray(joined) + 1] = False
    # Runs of joined words become one key, the words between them are taken as they are.
    out: list[str] = []
    taken = 0
    for k in joined:
        if k < taken:  # word k was already joined to the word before it
            out[-1] = out[-1] + "\n" + words[k + 1]
        else:
            out.extend(words[taken:k])
            out.append(words[k] + "\n" + words[k + 1])
        taken = k + 2
    out.extend(words[taken:])
    # A run of joined words ends where its last part ends.
    kept = np.flatnonzero(keep)
    run_end = np.searchsorted(kept, np.arange(len(words)), side="right") - 1
    final_end = np.zeros(len(kept), dtype=np.int64)
    np.maximum.at(final_end, run_end, ends)
    starts = starts[keep]
    return _bigram_keys(text, out, starts, alone), starts, final_end


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
        if (
            norms
            and s - ends[-1] <= 8
            and "\n" in text[ends[-1] : s]
            and _LINE_HYPHEN.match(text, ends[-1], s)
            and word[:1].islower()
        ):
            norms[-1] = norms[-1] + _norm_word(word)
            ends[-1] = e
            continue
        norm, cap = _WORDS[word]
        norms.append(norm)
        starts.append(s)
        ends.append(e)
        caps.append(cap)
    for i in range(len(norms) - 1):  # unspaced scripts: a character keyed with the next
        if starts[i + 1] == starts[i] + 1 and is_unspaced(text[starts[i]]):
            if is_unspaced(text[starts[i + 1]]):
                norms[i] = _WORDS[text[starts[i] : starts[i] + 2]][0]
    return Tokens(
        tuple(norms),
        np.asarray(starts, dtype=np.int64),
        np.asarray(ends, dtype=np.int64),
        np.asarray(caps, dtype=bool),
    )


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
