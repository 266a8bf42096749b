"""Word classes: synonyms folded into one word, so that a spun or reworded copy keeps its words.

A spinner or a translation engine swaps words for synonyms ("purchase" for "buy", "assist" for
"help", "large" for "big"); light stems cannot see that the two sides still say the same thing.
With word classes on (`Settings.word_classes`), a content word is replaced, before it is stemmed,
by its class: the most tagged lemma of the word's dominant sense in Princeton WordNet 3.0
(`reuse/data/word_classes.tsv`, built by `benchmarks/make_word_classes.py`). Only the dominant
sense is used, so that a word with many rare senses ("set", "run") is not tied to everything it
can mean. Inflected forms find their lemma by WordNet's own detachment rules ("purchased" ->
"purchase" -> "buy") or its exception lists ("told" -> "tell" -> "say").
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from importlib import resources

__all__ = ["WordClasses", "word_classes"]

# WordNet's detachment rules (morphy): an ending and what replaces it, nouns, verbs, adjectives.
_DETACH = (
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
    ("es", "e"),
    ("es", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
    ("er", ""),
    ("est", ""),
    ("er", "e"),
    ("est", "e"),
    ("s", ""),
)


class WordClasses:
    """The class of a word, or the word itself when it has none.

    `fixed` words (stop words, calendar words) never move and are never a class.
    """

    def __init__(self, classes: dict[str, str], fixed: Collection[str] = ()) -> None:
        self._fixed = frozenset(fixed)
        self._classes = {
            w: (w if c in self._fixed else c) for w, c in classes.items() if w not in self._fixed
        }
        self._moved = sum(w != c for w, c in self._classes.items())

    def __len__(self) -> int:
        """How many words move to another word's class."""
        return self._moved

    def of(self, word: str) -> str:
        """The class of `word` (a normalised, lower-case word)."""
        if word in self._fixed or not word.isalpha():
            return word
        got = self._classes.get(word)
        if got is not None:
            return got
        if len(word) > 3:
            for end, new in _DETACH:
                if word.endswith(end) and len(word) - len(end) + len(new) >= 3:
                    got = self._classes.get(word[: -len(end)] + new)
                    if got is not None:
                        return got
        return word


@lru_cache(maxsize=4)
def word_classes(fixed: frozenset[str] = frozenset()) -> WordClasses:
    """The word classes of `reuse/data/word_classes.tsv`, with `fixed` words left alone."""
    text = resources.files("reuse").joinpath("data/word_classes.tsv").read_text("utf-8")
    classes = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, cls = line.split("\t")
            classes[word] = cls
    return WordClasses(classes, fixed)
