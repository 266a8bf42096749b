"""One frozen `Settings` object carries every parameter that shapes a result.

The defaults are chosen for news: passages of one sentence and up, wire copy, quotes, light
paraphrase and machine spinning. Every report writes its settings, so a result can be reproduced.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from .errors import SettingsError

__all__ = ["Settings"]


def _check_range(name: str, value: float, low: float, high: float) -> None:
    if not (low <= value <= high):
        raise SettingsError(f"{name} must be in [{low}, {high}], got {value!r}")


@dataclass(frozen=True)
class Settings:
    """Every parameter of the pipeline, with defaults that work on news.

    Candidates (MinHash-LSH over passage units of about one sentence):
        num_perm: MinHash permutations per unit.
        lsh_threshold: Jaccard similarity of unit shingle sets that LSH is tuned to catch (it
            sets datasketch's bands and rows: 0.4 with 64 permutations is 16 bands of 4 rows,
            which lets through a pair of Jaccard 0.3 one time in eight and of 0.6 nine in ten,
            while the many same-topic sentence pairs near 0.15 almost never collide).
        candidate_similarity: colliding unit pairs are kept when their MinHash estimate of
            Jaccard reaches this; LSH also lets through pairs far below its threshold.
        verify_threshold: an article pair with only one kept unit pair needs this estimate
            (one moderately similar sentence is most often a shared frame).
        lone_pair_facts / lone_pair_close: an article pair with only one kept unit pair, whose
            two sides both name names or figures, needs this share of them in common (the
            MinHash estimate over their names and figures) unless its own estimate reaches the
            second value. A copied sentence carries the facts of its source; a sentence poured
            into the same mould with other facts does not.
        shingle_words: words per shingle (n-grams of the light stems of a unit's content words,
            stop words left out; 1 is a bag of content words, which survives paraphrase).
        stem_chars: tokens are cut to this many characters, a cheap stemmer that also absorbs
            typos and inflection at word ends ("decides"/"decided", "escalation").
        min_unit_words: shorter sentences are joined to their neighbour to form a unit.
        max_unit_words: longer sentences are cut into units of at most this many words.
        max_bucket: an LSH bucket holding more articles than this is boilerplate-like and its
            pairs are not expanded (counted in the report's problems instead).
        max_neighbours: each unit keeps its this-many most similar colliding units (by the
            MinHash estimate); formulaic sentences resemble hundreds of others a little.
        minhash_seed: seed of the MinHash permutations.

    Alignment (TF-IDF over units inside a candidate pair):
        seed_similarity: cosine a unit pair needs to start a passage.
        extend_similarity: cosine a neighbouring unit pair needs to extend a passage.
        max_gap: units that may be skipped on either side while extending.
        min_passage_words: passages with fewer matched words than this are dropped.
        min_quote_words: the same for a quotation (inside quotation marks in both articles): a
            short quote carried word for word ("What happened on Friday was the right call") is
            reuse where a short run of prose is not.
        min_shared_words: distinct content words two units must share to seed a passage.
        seed_ngram_words: a run of this many words shared verbatim (with two informative words
            in it) also seeds a passage, however different the rest of the two sentences.

    Scoring:
        min_similarity: a passage whose word-level similarity is below this is split where one
            article has more than a unit of its own text between shared runs, and its parts are
            judged alone; without such a gap it is dropped (hardly any of it aligns).
        short_passage_words / short_passage_similarity: a passage shorter than this many words
            that is not a quotation must be this similar (nearly verbatim): a reworded fragment
            of a sentence is most often a common frame ("the number of people held on remand
            has grown"), not a copy.
        frame_passage_words: a passage shorter than this many words that is not a quotation and
            has other names or clearly other figures than its counterpart in the same places is a
            formula ("the court sentenced X to N years in prison"), not a copy: copies keep facts.
        min_sentence_cover: such a passage must also cover this share of a unit (sentence) in
            at least one article: a copied sentence is copied whole, a stock phrase
            ("has been too slow to approve the") sits inside sentences that differ around it.
        verbatim_similarity / near_verbatim_similarity: word-level similarity thresholds of the
            `verbatim` and `near-verbatim` kinds; below is `paraphrase`.
        quoted_share: share of a passage inside quotation marks (in both articles) to be `quoted`.

    Attribution:
        boilerplate_min_articles: a passage one outlet repeats in this many of its articles is
            boilerplate (a footer, a newsletter prompt), not reuse.
    """

    num_perm: int = 64
    lsh_threshold: float = 0.4
    candidate_similarity: float = 0.3
    verify_threshold: float = 0.6
    lone_pair_facts: float = 0.375
    lone_pair_close: float = 0.8
    shingle_words: int = 1
    stem_chars: int = 5
    min_unit_words: int = 8
    max_unit_words: int = 60
    max_bucket: int = 200
    max_neighbours: int = 8
    minhash_seed: int = 1
    seed_similarity: float = 0.5
    extend_similarity: float = 0.25
    max_gap: int = 1
    min_passage_words: int = 12
    min_quote_words: int = 8
    min_shared_words: int = 4
    seed_ngram_words: int = 7
    split_gap_words: int = 8
    min_similarity: float = 0.15
    short_passage_words: int = 25
    short_passage_similarity: float = 0.85
    frame_passage_words: int = 40
    min_sentence_cover: float = 0.7
    verbatim_similarity: float = 0.97
    near_verbatim_similarity: float = 0.75
    quoted_share: float = 0.5
    boilerplate_min_articles: int = 3

    def __post_init__(self) -> None:
        for name in ("num_perm", "shingle_words", "stem_chars", "min_unit_words",
                     "max_unit_words", "max_bucket", "min_passage_words", "min_quote_words", "seed_ngram_words", "split_gap_words", "max_neighbours",
                     "short_passage_words", "frame_passage_words",
                     "boilerplate_min_articles"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be a positive whole number, got {getattr(self, name)!r}")
        if self.num_perm < 8:
            raise SettingsError(f"num_perm must be at least 8, got {self.num_perm}")
        if self.max_unit_words < self.min_unit_words:
            raise SettingsError("max_unit_words must be at least min_unit_words")
        if self.max_gap < 0 or self.min_shared_words < 0:
            raise SettingsError("max_gap and min_shared_words must not be negative")
        for name in ("lsh_threshold", "seed_similarity", "extend_similarity",
                     "verbatim_similarity", "near_verbatim_similarity", "quoted_share", "min_similarity",
                     "verify_threshold", "candidate_similarity", "min_sentence_cover",
                     "lone_pair_facts", "lone_pair_close",
                     "short_passage_similarity"):
            _check_range(name, getattr(self, name), 0.0, 1.0)
        if not 0.0 < self.lsh_threshold < 1.0:
            raise SettingsError(f"lsh_threshold must be strictly between 0 and 1, got {self.lsh_threshold}")
        if self.extend_similarity > self.seed_similarity:
            raise SettingsError("extend_similarity must not exceed seed_similarity")
        if self.near_verbatim_similarity > self.verbatim_similarity:
            raise SettingsError("near_verbatim_similarity must not exceed verbatim_similarity")

    def to_dict(self) -> dict[str, Any]:
        """The settings as a plain dict, as written into every report."""
        return dataclasses.asdict(self)

    def replace(self, **changes: Any) -> "Settings":
        """A copy with some parameters changed (validated like the original)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Settings":
        """Settings from a report's `settings` object; unknown keys are an error."""
        return cls().replace(**data)
