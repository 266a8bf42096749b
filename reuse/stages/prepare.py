"""An article prepared for matching: tokens, light stems, units of about a sentence, quotes.

A *unit* is the piece of text that candidates and alignment work on: a sentence, a long
sentence cut into pieces of at most `max_unit_words` words, or short sentences joined to reach
`min_unit_words`. Units are token index ranges, so they map back to original offsets.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Optional

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..model import Article
from ..settings import Settings
from ..text.dates import CALENDAR_WORDS
from ..text.sentences import quote_spans, sentences
from ..text.tokens import Tokens, fresh_word_form, is_unspaced, split_tokens, stem
from ..text.wordclasses import WordClasses, word_classes

__all__ = [
    "Document",
    "prepare",
    "empty_document",
    "gather",
    "pack",
    "unpack",
    "STOP_WORDS",
]

STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    {
        "said",
        "says",
        "say",
        "told",
        "according",
        "also",
        "would",
        "could",
        "will",
        "mr",
        "ms",
        "mrs",
        "s",
        "t",
        "don't",
        "it's",
    }
)


@dataclass(frozen=True)
class Document:
    """One article ready for matching.

    `stems` are the light stems of the tokens. `informative[i]` is true for a token that says
    something about *text* reuse rather than about the topic: a lower-case content word (not a
    stop word, not a number, not a capitalised name or title). Two outlets writing on one story
    share names and numbers; a copy shares the ordinary words around them.
    `unit_bounds` is an (n_units, 2) array of token index ranges [start, end).
    `content` marks tokens that are not stop words; `hashes` are 32-bit hashes of the stems.
    """

    article: Article
    tokens: Tokens
    stems: tuple[str, ...]
    informative: np.ndarray
    unit_bounds: np.ndarray
    quotes: tuple[tuple[int, int], ...]
    content: np.ndarray  # bool: not a stop word
    hashes: np.ndarray  # uint32: crc32 of each token's stem, stable across runs
    # Indexes made on demand for long documents (alignment looks words up instead of scanning).
    memo: dict[object, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        return self.article.text

    def content_stems(self, s: int, e: int) -> list[str]:
        """Stems of the tokens [s, e) that are not stop words (all of them if all are)."""
        out = [st for st, c in zip(self.stems[s:e], self.content[s:e]) if c]
        return out or list(self.stems[s:e])

    def unit_span(self, u: int) -> tuple[int, int]:
        """Original character span of unit `u`."""
        s, e = self.unit_bounds[u]
        return int(self.tokens.starts[s]), int(self.tokens.ends[e - 1])

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Tokens [t0, t1) that lie inside the characters [start, end): the inverse of
        `token_span`."""
        return (
            int(np.searchsorted(self.tokens.starts, start)),
            int(np.searchsorted(self.tokens.ends, end, side="right")),
        )

    def token_span(self, s: int, e: int) -> tuple[int, int]:
        """Original character span of tokens [s, e)."""
        return int(self.tokens.starts[s]), int(self.tokens.ends[e - 1])


def _sentence_starts(tokens: Tokens, sents: list[tuple[int, int]]) -> np.ndarray:
    """Token indices where a new sentence begins (always including 0 when there are tokens)."""
    if len(tokens) == 0:
        return np.zeros(0, dtype=np.int64)
    sent_starts = np.asarray([s for s, _ in sents], dtype=np.int64)
    # Sentence index of each token: the last sentence starting at or before it.
    tok_sent = np.searchsorted(sent_starts, tokens.starts, side="right") - 1
    return np.concatenate(([0], np.flatnonzero(np.diff(tok_sent)) + 1))


def _units(n: int, first: np.ndarray, settings: Settings) -> np.ndarray:
    """Token ranges of units: sentences, long ones cut, short ones joined to a neighbour."""
    if n == 0:
        return np.zeros((0, 2), dtype=np.int64)
    bounds = first[1:]
    pieces = np.concatenate(([0], bounds, [n])).tolist()
    ranges: list[list[int]] = []
    size = settings.max_unit_words
    for s, e in zip(pieces[:-1], pieces[1:]):
        if e - s > size:
            # Cut evenly rather than leave a tiny last piece.
            k = -(-(e - s) // size)
            step = -(-(e - s) // k)
            for cs in range(s, e, step):
                ranges.append([cs, min(cs + step, e)])
        else:
            ranges.append([s, e])
    # Join short units to the next one (or the previous, for the last), within the size limit.
    joined: list[list[int]] = []
    for r in ranges:
        if (
            joined
            and (joined[-1][1] - joined[-1][0] < settings.min_unit_words)
            and (r[1] - joined[-1][0] <= settings.max_unit_words)
        ):
            joined[-1][1] = r[1]
        else:
            joined.append(r)
    if (
        len(joined) > 1
        and joined[-1][1] - joined[-1][0] < settings.min_unit_words
        and joined[-1][1] - joined[-2][0] <= settings.max_unit_words
    ):
        joined[-2][1] = joined[-1][1]
        joined.pop()
    return np.asarray(joined, dtype=np.int64)


# Function words of German, normalised (no umlauts), that English and the other languages
# written in the Latin alphabet hardly use: a fifth or more of a German text's words, a
# hundredth at most of an English page's (the January 1916 pages), a twentieth of a French
# article's. An article in which they make up `_GERMAN_SHARE` of its words (of
# `_GERMAN_LEAST_WORDS` or more) capitalises its nouns, so capitals there mark no names: a
# copy that swaps "Reihe" for "Serie" does not put other names in the same frame.
_GERMAN_FUNCTION_WORDS = frozenset(
    "der und nicht ist mit auf fur dem eine einer eines einem sich zu von im wird wurde sind "
    "auch nach bei uber oder aber noch werden dass das".split()
)
_GERMAN_SHARE = 0.12
_GERMAN_LEAST_WORDS = 20

# Most words as written a word table keeps rows for; past it a word's facts are found again at
# each sight (a corpus of OCR pages holds some 600,000 distinct words in 50 MB).
_MOST_WORDS = 2_000_000


class _WordTable(dict[str, int]):
    """word as written -> row number in columns of per-word facts (normalised form,
    capitalised, stem, content word, informative unless a name, 32-bit stem hash), filled on
    first sight: a corpus has far fewer distinct words than tokens, and a document's facts are
    then gathered by row numbers instead of built token by token."""

    def __init__(self, stem_chars: int, classes: Optional[WordClasses] = None) -> None:
        super().__init__()
        self.stem_chars = stem_chars
        self.classes = classes
        self.norms: list[str] = []
        self.stems: list[str] = []
        # capitalised, content, plain, a function word of German
        self.flags = np.zeros((1024, 4), dtype=bool)
        self.hashes = np.zeros(1024, dtype=np.uint32)

    def __missing__(self, word: str) -> int:
        return self._add([word])[0]

    def rows(self, words: list[str]) -> list[int]:
        """The row of each word, the words not seen before given rows all at once."""
        rows = list(map(self.get, words))
        if None not in rows:
            return rows  # type: ignore[return-value]
        new = list(dict.fromkeys(w for w, r in zip(words, rows) if r is None))
        added = dict(zip(new, self._add(new)))
        return [added[w] if r is None else r for w, r in zip(words, rows)]

    def _add(self, words: list[str]) -> list[int]:
        """Rows for `words` (distinct, none in the table), kept for their next sight while the
        table holds fewer than `_MOST_WORDS`."""
        forms = list(map(fresh_word_form, words))
        facts = [self.of_norm(norm) for norm, _ in forms]
        row, n = len(self.norms), len(words)
        while row + n > len(self.hashes):
            self.flags = np.concatenate((self.flags, np.zeros_like(self.flags)))
            self.hashes = np.concatenate((self.hashes, np.zeros_like(self.hashes)))
        self.norms.extend(norm for norm, _ in forms)
        self.stems.extend(f[0] for f in facts)
        self.flags[row : row + n] = [
            (cap, f[1], f[2], norm in _GERMAN_FUNCTION_WORDS)
            for (norm, cap), f in zip(forms, facts)
        ]
        self.hashes[row : row + n] = [f[3] for f in facts]
        rows = list(range(row, row + n))
        room = max(0, _MOST_WORDS - len(self))
        self.update(zip(words[:room], rows[:room]))
        return rows

    def of_norm(self, norm: str) -> tuple[str, bool, bool, int]:
        st = stem(self.classes.of(norm) if self.classes is not None else norm, self.stem_chars)
        content = norm not in STOP_WORDS
        return (
            st,
            content,
            # a word of three letters or more, or two characters of an unspaced script
            content and not norm.isdigit() and (len(norm) > 2 or _two_unspaced(norm)),
            zlib.crc32(st.encode("utf-8")),
        )


def _two_unspaced(norm: str) -> bool:
    """Whether `norm` is a token key of two characters of an unspaced script (Chinese,
    Japanese): such a bigram says about as much as a word."""
    return len(norm) == 2 and is_unspaced(norm[0]) and is_unspaced(norm[1])


_WORD_TABLES: dict[tuple[int, int], _WordTable] = {}


def word_table(settings: Settings) -> _WordTable:
    """The word table of the settings' stem length and word classes (one per process)."""
    key = (settings.stem_chars, settings.word_classes)
    table = _WORD_TABLES.get(key)
    if table is None:
        classes = (
            word_classes(STOP_WORDS | frozenset(CALENDAR_WORDS)) if settings.word_classes else None
        )
        table = _WORD_TABLES[key] = _WordTable(settings.stem_chars, classes)
    return table


def gather(column: Sequence[str], rows: list[int]) -> tuple[str, ...]:
    """`tuple(column[r] for r in rows)`, by one C call (itemgetter) where there are several."""
    if len(rows) > 1:
        return tuple(itemgetter(*rows)(column))
    return tuple(column[r] for r in rows)


def prepare(article: Article, settings: Settings) -> Document:
    """Tokenise, stem and cut an article into units."""
    text = article.text
    table = word_table(settings)
    words, starts, ends = split_tokens(text)
    rows = table.rows(words)
    idx = np.asarray(rows, dtype=np.int64)
    flags = table.flags[idx]
    tokens = Tokens(gather(table.norms, rows), starts, ends, flags[:, 0].copy())
    stems = gather(table.stems, rows)
    content, plain, hashes = flags[:, 1].copy(), flags[:, 2], table.hashes[idx]
    first = _sentence_starts(tokens, sentences(text))
    # A capital at a sentence start says nothing; elsewhere it marks a name or a title, except
    # in German, which capitalises every noun.
    name = tokens.capitalized.copy()
    name[first] = False
    if len(idx) >= _GERMAN_LEAST_WORDS and np.count_nonzero(flags[:, 3]) >= _GERMAN_SHARE * len(
        idx
    ):
        name[:] = False
    informative = plain & ~name
    units = _units(len(tokens), first, settings)
    return Document(
        article, tokens, stems, informative, units, tuple(quote_spans(text)), content, hashes
    )


def empty_document(article: Article) -> Document:
    """A document with no tokens and no units: it takes part in nothing. It stands for an
    article that could not be prepared, so that the others keep their places."""
    none = np.zeros(0, dtype=np.int64)
    return Document(
        article,
        Tokens((), none, none, np.zeros(0, dtype=bool)),
        (),
        np.zeros(0, dtype=bool),
        np.zeros((0, 2), dtype=np.int64),
        (),
        np.zeros(0, dtype=bool),
        np.zeros(0, dtype=np.uint32),
    )


def pack(doc: Document) -> bytes:
    """`doc` as bytes, without its article (the receiver has it): a tenth of the cost of
    preparing the article again, and about 4.6 bytes a character of text. The candidate stage
    hands prepared documents to alignment this way."""
    t = doc.tokens
    # Offsets fit 32 bits unless the text is over 2 GB (a raised max_article_chars).
    offsets = np.int32 if len(doc.text) < 2**31 else np.int64
    return pickle.dumps(
        (
            t.norm,
            t.starts.astype(offsets),
            t.ends.astype(offsets),
            t.capitalized,
            doc.stems,
            doc.informative,
            doc.unit_bounds.astype(offsets),
            doc.quotes,
            doc.content,
            doc.hashes,
        ),
        protocol=pickle.HIGHEST_PROTOCOL,
    )


def unpack(blob: bytes, article: Article) -> Document:
    """The document `pack` made of `article`'s, equal to `prepare(article)`'s."""
    norm, starts, ends, capitalized, stems, informative, units, quotes, content, hashes = (
        pickle.loads(blob)
    )
    return Document(
        article,
        Tokens(norm, starts.astype(np.int64), ends.astype(np.int64), capitalized),
        stems,
        informative,
        units.astype(np.int64),
        quotes,
        content,
        hashes,
    )
