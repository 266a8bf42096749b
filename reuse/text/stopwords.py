"""Function words of languages other than English, and which of them an article is written in.

English function words (scikit-learn's list and a few of news's own) are not content words
everywhere. Other languages' function words were content words: in an Italian or a Finnish
page (January 1916 holds both), "della", "che", "per", "ja", "oli" counted as the informative
words that seed a passage, and were shingled into every sketch. The lists of the `stop-words`
package (data packaged on PyPI, nothing fetched at run time) are read here for the languages
written with spaces between words, each word normalised as the tokenizer normalises it.

A language's words are applied to an article only when the article is written in it: a word
that is a function word in one language is a content word in another ("son", "pour", "die"
in English). The language is the one whose function words of three letters or more, not
English function words, make up the largest share of the article's words, when that share is
at least `_SHARE` of `_LEAST_WORDS` or more. On English text the largest such share is about
a twentieth (generated news, Clough & Stevenson, the January 1916 pages, whose OCR debris
makes many two-letter "words"); on the Italian and Finnish pages of that month it is a fifth
or more.
"""

from __future__ import annotations

import functools
from typing import Optional

import numpy as np
from stop_words import get_stop_words

from .tokens import fresh_word_form, split_tokens

__all__ = ["LANGUAGES", "stop_bits", "foreign_stops", "stop_words_digest"]

# The languages read, each a bit of `stop_bits`: those of the package written with spaces
# between words (Chinese and Japanese are tokenised by character pairs, which no list of words
# matches; English is the pipeline's own list).
LANGUAGES = (
    "arabic",
    "bulgarian",
    "catalan",
    "czech",
    "danish",
    "dutch",
    "finnish",
    "french",
    "german",
    "greek",
    "hebrew",
    "hindi",
    "hungarian",
    "indonesian",
    "italian",
    "korean",
    "malaysian",
    "norwegian",
    "persian",
    "polish",
    "portuguese",
    "romanian",
    "russian",
    "slovak",
    "spanish",
    "swedish",
    "turkish",
    "ukrainian",
    "vietnamese",
)

# An article is in a language when that language's function words of three letters or more
# (not English function words) are at least this share of its words, of this many or more.
_SHARE = 0.12
_LEAST_WORDS = 20
_DETECTING_LETTERS = 3


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, int]]:
    """norm -> bit mask of the languages it is a function word of; and the same for the words
    of three letters or more, which alone say which language an article is in."""
    bits: dict[str, int] = {}
    detecting: dict[str, int] = {}
    for i, language in enumerate(LANGUAGES):
        for word in get_stop_words(language):
            found = [word] if word.isalpha() else split_tokens(word)[0]
            if len(found) != 1:
                continue  # a phrase ("bao giờ"), or nothing the tokenizer reads as a word
            norm = fresh_word_form(found[0])[0]
            bits[norm] = bits.get(norm, 0) | (1 << i)
            if len(norm) >= _DETECTING_LETTERS:
                detecting[norm] = detecting.get(norm, 0) | (1 << i)
    return bits, detecting


def stop_bits(norm: str) -> tuple[int, int]:
    """The languages `norm` is a function word of, as a bit mask (bit i: `LANGUAGES[i]`), and
    those it says an article is written in (a word of three letters or more)."""
    bits, detecting = _tables()
    return bits.get(norm, 0), detecting.get(norm, 0)


def foreign_stops(
    bits: np.ndarray, detecting: np.ndarray, content: np.ndarray
) -> Optional[np.ndarray]:
    """The tokens that are function words of the language an article is written in, or None
    when it is in none of `LANGUAGES` (English, or too short to say). `bits` and `detecting`
    are the tokens' masks (`stop_bits`), `content` marks the tokens that are not English
    function words."""
    n = len(bits)
    if n < _LEAST_WORDS:
        return None
    marked = detecting[content]
    marked = marked[marked != 0]
    least = _SHARE * n
    if len(marked) < least:
        return None
    best, best_count = -1, 0
    for i in range(len(LANGUAGES)):
        count = int(np.count_nonzero(marked & np.uint64(1 << i)))
        if count > best_count:
            best, best_count = i, count
    if best < 0 or best_count < least:
        return None
    return (bits & np.uint64(1 << best)) != 0


def stop_words_digest() -> str:
    """The lists as read, for the digest of the code that sketches an article."""
    bits, _ = _tables()
    return " ".join(f"{w}:{b}" for w, b in sorted(bits.items()))
