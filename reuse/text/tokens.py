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
]


# A word: letters and digits, with inner apostrophes ("don't", "Biden’s", "O'Neill").
_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")


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
    if (
        "-\n" in text or "-\r\n" in text or "- \n" in text or "-\t\n" in text
    ) and _HYPHEN_BREAK.search(text):
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
    if not (
        ("-\n" in text or "-\r\n" in text or "- \n" in text or "-\t\n" in text)
        and _HYPHEN_BREAK.search(text)
    ):
        return words, starts, ends
    gap = starts[1:] - ends[:-1]
    near = np.flatnonzero((gap >= 2) & (gap <= 8))
    near = near[codes[ends[near]] == 0x2D]  # a hyphen right after the word
    joined: list[int] = []  # k: word k+1 continues word k
    for k in near.tolist():
        e, s = int(ends[k]), int(starts[k + 1])
        if _LINE_HYPHEN.match(text, e, s) and words[k + 1][:1].islower():
            joined.append(k)
    if not joined:
        return words, starts, ends
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
