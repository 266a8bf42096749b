"""Presets: the settings for the uses people have, as changes to the news defaults.

Each preset is a short table of settings it changes, each with the value and the reason in one
line; everything it does not name keeps its news default. `Settings.preset(name)` builds the
settings, the command line's `--preset` takes the name, and the README's presets section is made
from this table (`reuse.settings.presets_table()`; a test keeps it current). To tune a preset,
change its row here: nothing else needs to follow.

Only settings that exist are named (a test checks that every preset validates).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Preset", "PRESETS", "DEFAULT_PRESET"]


@dataclass(frozen=True)
class Preset:
    """A use, said in one line, and the settings it changes: {setting: (value, why)}."""

    use: str
    changes: Mapping[str, tuple[Any, str]] = field(default_factory=dict)


DEFAULT_PRESET = "news"

PRESETS: Mapping[str, Preset] = {
    "news": Preset(
        "news articles: wire copy, quotes, light paraphrase and spinning (the defaults)."
    ),
    "plagiarism": Preset(
        "long documents (essays, theses, books) and heavy obfuscation, pairs given or not.",
        {
            "max_article_chars": (
                100_000_000,
                "a thesis or a book is the document, not a dump to skip.",
            ),
            "word_classes": (
                1,
                "spinners and translation engines swap words for synonyms; folding them keeps "
                "the copy's words.",
            ),
            "lsh_threshold": (
                0.3,
                "obfuscated sentences keep fewer of their source's words, so their Jaccard is lower.",
            ),
            "candidate_similarity": (
                0.2,
                "keeps the colliding unit pairs that rewording has pushed below the news cut.",
            ),
            "verify_threshold": (
                0.45,
                "one reworded sentence is the whole copy more often than in news.",
            ),
            "split_gap_words": (
                15,
                "a heavily reworded stretch inside a copy does not cut it in two.",
            ),
            "join_gap_words": (
                40,
                "a copy is one passage across a sentence rewritten beyond recognition, and a "
                "summary is one passage with the sentences it left out.",
            ),
            "min_similarity": (
                0.4,
                "with the longer gaps above, a passage must still align 40% of its words: a "
                "sentence mould carried over two sentences with other facts aligns about a third.",
            ),
            "short_passage_similarity": (
                0.7,
                "a single reworded sentence is evidence here when 70% of it still aligns.",
            ),
            "max_neighbours": (
                32,
                "a long document on one topic has many sentences like the copied one to keep.",
            ),
        },
    ),
    "ocr": Preset(
        "noisy scans (OCR text): misread letters, broken words, stray lines.",
        {
            "stem_chars": (
                4,
                "a word misread in its fifth letter or later keeps its stem.",
            ),
            "candidate_similarity": (
                0.25,
                "misread words lower the estimate of a copied sentence's Jaccard.",
            ),
            "max_gap": (
                2,
                "a garbled line between two copied sentences does not end the passage.",
            ),
            "short_passage_similarity": (
                0.75,
                "a short copy read by OCR twice differs in more words than a clean one.",
            ),
            "verbatim_similarity": (
                0.9,
                "OCR misreads a few words in a hundred, so a word-for-word copy scores below 0.97.",
            ),
        },
    ),
}
