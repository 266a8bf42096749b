"""Word tokens of a text: normalised forms with their spans in the original text, and stems.

Nothing here changes an article's text. Tokens carry their original character offsets: their
normalised form (case folded, Unicode NFKC, accents removed, curly apostrophes made straight,
words split across a line-end hyphen rejoined) and the span of each in the original text.
Dashes and hyphens separate words, so "long-term", "long - term" and "long—term" give the same
tokens. A combining mark is part of the word of the letter before it (Hindi and the other
scripts that write vowels as marks). Scripts written without spaces between words (Chinese,
Japanese, Thai, Lao, Khmer, Burmese) give a token for each character, keyed with the next one.
`normalize` gives one normalised string with, for every character, the index of the original
character it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple, Optional

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


# Scripts written without spaces between words: Chinese (Han ideographs), Japanese (kana),
# Thai, Lao, Myanmar and Khmer. Each of their characters, with the marks that follow it, is a
# token of its own, as a search engine's CJK tokenizers make them, so that a copy with a
# character changed keeps its other characters; the token's key (its word) is the character
# with the next one when that is of these scripts too, the overlapping bigrams that index such
# text (see `split_tokens`).
_UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x3134F),  # CJK Extensions B to G
)
_UNSPACED = "".join(f"{chr(a)}-{chr(b)}" for a, b in _UNSPACED_RANGES)


def _mark_ranges() -> tuple[np.ndarray, str]:
    """Which code points of the Basic Multilingual Plane are combining marks (Unicode category
    M: vowel signs and viramas of Indic scripts, Arabic and Hebrew vowel points, accents written
    apart), and the same as a character class's ranges."""
    marks = np.fromiter(
        (unicodedata.category(chr(c))[0] == "M" for c in range(0x10000)), dtype=bool, count=0x10000
    )
    edges = np.diff(np.concatenate(([False], marks, [False])).astype(np.int8))
    ranges = zip(np.flatnonzero(edges == 1).tolist(), (np.flatnonzero(edges == -1) - 1).tolist())
    return marks, "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


# A combining mark belongs to the word of the letter it follows: Hindi, Bengali, Tamil, Thai
# and the other scripts that write vowels as marks are words, not consonants cut apart
# ("प्रधानमंत्री", not "प", "रध", "नम", ...), and Arabic with vowel points is read as without.
# (Marks outside the Basic Multilingual Plane, of historic scripts, are left out of words.)
_MARKS, _MARK_CLASS = _mark_ranges()
_LETTER = f"[^\\W_{_UNSPACED}][{_MARK_CLASS}]*"
# One letter or digit of an unspaced script with its marks (the ranges also hold signs).
_UNSPACED_CHAR = re.compile(f"(?=[^\\W_])[{_UNSPACED}][{_MARK_CLASS}]*")

# A word: letters and digits, with inner apostrophes ("don't", "Biden’s", "O'Neill"), each
# with the marks that follow it; one character of an unspaced script.
_WORD = re.compile(f"{_UNSPACED_CHAR.pattern}|(?:{_LETTER})+(?:['’ʼ](?:{_LETTER})+)*")

# The words that reports and clusters count and compare (no apostrophes inside): runs of
# letters and digits with their marks, and single characters of an unspaced script, as
# tokens are cut.
WORD_RUN = re.compile(f"{_UNSPACED_CHAR.pattern}|(?:{_LETTER})+")


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


# The voicing marks of Japanese kana: accents are dropped from words, but these make other
# words ("は" and "ば" differ as "ha" and "ba" do), so they stay.
_KANA_VOICING = "\u3099\u309a"


def _normal(word: str) -> str:
    """The normalised form of one written word (no line break in it)."""
    w = word.casefold()
    if w.isascii():  # no curly apostrophe, nothing to decompose
        return w
    w = unicodedata.normalize("NFKD", w.translate(_APOSTROPHES))
    w = "".join(c for c in w if not unicodedata.combining(c) or c in _KANA_VOICING)
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


_FLAGS: np.ndarray | None = None  # `_flag_table`, once built


def is_unspaced(ch: str) -> bool:
    """Whether `ch` is a letter or digit of a script written without spaces (a token of its
    own, with its marks)."""
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _UNSPACED_RANGES) and ch.isalnum()


def _unspaced(codes: np.ndarray) -> np.ndarray:
    """Which code points are of a script written without spaces (`_UNSPACED_RANGES`)."""
    out = np.zeros(len(codes), dtype=bool)
    for lo, hi in _UNSPACED_RANGES:
        out |= (codes >= lo) & (codes <= hi)
    return out


# The bits of `_flag_table`.
_ALNUM_BIT, _MARK_BIT, _UNSPACED_BIT = 1, 2, 4


def _flag_table() -> np.ndarray:
    """For every code point of the Basic Multilingual Plane, built once: `str.isalnum()`, a
    combining mark, a character of an unspaced script, as bits (one look-up a character)."""
    global _FLAGS
    if _FLAGS is None:
        alnum = np.fromiter((chr(c).isalnum() for c in range(0x10000)), dtype=bool, count=0x10000)
        codes = np.arange(0x10000, dtype=np.uint32)
        _FLAGS = (
            alnum * np.uint8(_ALNUM_BIT)
            + _MARKS * np.uint8(_MARK_BIT)
            + _unspaced(codes) * np.uint8(_UNSPACED_BIT)
        ).astype(np.uint8)
    return _FLAGS


class _Mask(NamedTuple):
    """Where the words of a text are: its code points, which of them are in a word, and, when
    it has characters of an unspaced script, which are (`alone`: such a character and the
    marks it holds) and where each such token begins (`lead`)."""

    codes: np.ndarray
    inside: np.ndarray
    alone: Optional[np.ndarray] = None
    lead: Optional[np.ndarray] = None


def _word_mask(text: str) -> _Mask:
    """The code points of `text`, which of them belong to a word (a match of `_WORD`), and the
    characters of unspaced scripts, each a word alone with its marks."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bmp = codes < 0x10000
    if bmp.all():
        flags = _flag_table()[codes]
    else:  # outside the BMP (emoji, rare scripts): ask Python, char by char
        flags = np.zeros(len(codes), dtype=np.uint8)
        flags[bmp] = _flag_table()[codes[bmp]]
        for i in np.flatnonzero(~bmp).tolist():
            flags[i] = _ALNUM_BIT * text[i].isalnum() + _UNSPACED_BIT * is_unspaced(text[i])
    inside = (flags & _ALNUM_BIT).astype(bool)
    lead = (flags & _UNSPACED_BIT).astype(bool) & inside
    alone = lead if lead.any() else None
    base = inside if alone is None else inside & ~alone  # letters and digits of spaced scripts
    mark = (flags & _MARK_BIT).astype(bool)
    if mark.any():
        # A mark is in the word of the last character before it that is not a mark.
        last = np.maximum.accumulate(np.where(mark, -1, np.arange(len(codes))))
        held = mark & (last >= 0)
        held[held] = inside[last[held]]
        inside = inside | held
        if alone is not None:
            alone = alone | (held & alone[np.maximum(last, 0)])
    # An apostrophe between two letters or digits joins them ("don't", "O'Neill").
    middle = codes[1:-1]
    apos = np.flatnonzero((middle == 0x27) | (middle == 0x2019) | (middle == 0x2BC)) + 1
    if len(apos):
        before = inside if alone is None else inside & ~alone
        inside[apos] |= before[apos - 1] & base[apos + 1]
    if alone is None:
        return _Mask(codes, inside)
    return _Mask(codes, inside, alone, lead)


def _shift(a: np.ndarray, by: int) -> np.ndarray:
    """`a` moved `by` places to the right (left when negative), False where nothing came."""
    if by > 0:
        return np.concatenate((np.zeros(by, dtype=bool), a[:-by]))
    return np.concatenate((a[-by:], np.zeros(-by, dtype=bool)))


def _begins(mask: _Mask) -> np.ndarray:
    """Where a word begins (mask with characters of unspaced scripts): where a run of word
    characters begins, at each such character, and after one."""
    assert mask.alone is not None and mask.lead is not None
    inside, alone = mask.inside, mask.alone
    return inside & (~_shift(inside, 1) | mask.lead | (~alone & _shift(alone, 1)))


def _spans_of(mask: _Mask) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the words: runs of word characters, cut before and after each
    character of an unspaced script (with its marks)."""
    inside = mask.inside
    if mask.alone is None:
        edges = np.diff(np.concatenate(([False], inside, [False])).astype(np.int8))
        return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    begins = _begins(mask)
    ends = inside & (~_shift(inside, -1) | _shift(begins, -1))
    return np.flatnonzero(begins), np.flatnonzero(ends) + 1


def _words_at(
    text: str, mask: _Mask, starts: np.ndarray, ends: np.ndarray, bigrams: bool = False
) -> list[str]:
    """The words of `text` at the spans `_spans_of(mask)` gives; with `bigrams`, each
    character of an unspaced script keyed with the next when that follows it directly in such
    a script (`_bigram_keys`)."""
    codes, inside, alone, lead = mask
    if alone is None or lead is None:
        # Every character outside a word made a space, the words are what `str.split` returns
        # (no word character is white space): one pass in C instead of a slice per word.
        return np.where(inside, codes, np.uint32(32)).tobytes().decode("utf-32-le").split()
    if (alone & ~lead).any():  # marks held by such characters: a slice a word
        words = [text[s:e] for s, e in zip(starts.tolist(), ends.tolist())]
        return _bigram_keys(text, words, starts, ends, alone) if bigrams else words
    # Three code points a character: itself (a space outside words), the next character when
    # it makes a bigram with it, and a space where a word ends; the zeros left are dropped
    # before the same split.
    grid = np.zeros((len(codes), 3), dtype=np.uint32)
    grid[:, 0] = np.where(inside, codes, np.uint32(32))
    if bigrams:
        pair = np.flatnonzero(alone & _shift(alone, -1))
        grid[pair, 1] = codes[pair + 1]
    grid[ends - 1, 2] = 32
    flat = grid.ravel()
    return flat[flat != 0].tobytes().decode("utf-32-le").split()


def _bigram_keys(
    text: str, words: list[str], starts: np.ndarray, ends: np.ndarray, alone: Optional[np.ndarray]
) -> list[str]:
    """Token keys: a character of an unspaced script keyed with the next one when that follows
    it directly and is of such a script too (the last of a run alone)."""
    if alone is None or not len(starts):
        return words
    single = alone[starts]
    pair = np.flatnonzero(single[:-1] & single[1:] & (starts[1:] == ends[:-1]))
    for i, s, e in zip(pair.tolist(), starts[pair].tolist(), ends[pair + 1].tolist()):
        words[i] = text[s:e]
    return words


def word_spans(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the words of `text`: the matches of `_WORD`, in order, computed over
    the code points as arrays rather than match by match (a test holds the two equal)."""
    return _spans_of(_word_mask(text))


def split_words(text: str) -> tuple[list[str], np.ndarray, np.ndarray] | None:
    """The words of `text` as written (the matches of `_WORD`), with their starts and ends;
    None when a word is broken by a hyphen at a line end (then `tokenize` rejoins it on its
    slower path)."""
    if (
        "-\n" in text or "-\r\n" in text or "- \n" in text or "-\t\n" in text
    ) and _HYPHEN_BREAK.search(text):
        return None
    mask = _word_mask(text)
    starts, ends = _spans_of(mask)
    return _words_at(text, mask, starts, ends), starts.astype(np.int64), ends.astype(np.int64)


def split_tokens(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The words of `text` as `split_words` gives them, with their starts and ends, except that
    a word broken by a hyphen at a line end ("escala-\ntion") is one token: its key is its
    written parts joined by "\n" (no written word holds a line break), and `word_form` reads
    such a key as the rejoined word. OCR pages break words at nearly every line end, so this is
    the common path, made with arrays and a look at each hyphen break only."""
    mask = _word_mask(text)
    codes, alone = mask.codes, mask.alone
    starts, ends = _spans_of(mask)
    starts, ends = starts.astype(np.int64), ends.astype(np.int64)
    if not (
        ("-\n" in text or "-\r\n" in text or "- \n" in text or "-\t\n" in text)
        and _HYPHEN_BREAK.search(text)
    ):
        return _words_at(text, mask, starts, ends, bigrams=True), starts, ends
    words = _words_at(text, mask, starts, ends)
    gap = starts[1:] - ends[:-1]
    near = np.flatnonzero((gap >= 2) & (gap <= 8))
    near = near[codes[ends[near]] == 0x2D]  # a hyphen right after the word
    joined: list[int] = []  # k: word k+1 continues word k
    for k in near.tolist():
        e, s = int(ends[k]), int(starts[k + 1])
        if _LINE_HYPHEN.match(text, e, s) and words[k + 1][:1].islower():
            joined.append(k)
    if not joined:
        return _bigram_keys(text, words, starts, ends, alone), starts, ends
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
    return _bigram_keys(text, out, starts, final_end, alone), starts, final_end


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
        if starts[i + 1] == ends[i] and is_unspaced(text[starts[i]]):
            if is_unspaced(text[starts[i + 1]]):
                norms[i] = _WORDS[text[starts[i] : ends[i + 1]]][0]
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
