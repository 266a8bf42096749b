"""One frozen `Settings` object carries every parameter that shapes a result.

The defaults are chosen for news: passages of one sentence and up, wire copy, quotes, light
paraphrase and machine spinning. Every report writes its settings, so a result can be reproduced.

Each setting is a dataclass field whose metadata holds its help text, its allowed range and its
group: validation, the command line's options and the README's settings table all come from it.
Presets (`Settings.preset("plagiarism")`) change a few of them for other uses; their table is in
`reuse.presets`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any, Optional

from .errors import SettingsError
from .presets import DEFAULT_PRESET, PRESETS

__all__ = [
    "Settings",
    "SETTING_GROUPS",
    "setting_help",
    "setting_range",
    "setting_group",
    "settings_table",
    "presets_table",
]

SETTING_GROUPS = ("input", "candidates", "alignment", "scoring", "attribution")


def _setting(default: Any, low: float, high: float, group: str, help: str) -> Any:
    """A settings field: its default, the closed range [low, high] it must lie in, its group
    and its help text (one or two sentences, as the command line and the README show it)."""
    return field(default=default, metadata={"range": (low, high), "group": group, "help": help})


@dataclass(frozen=True)
class Settings:
    """Every parameter of the pipeline, with defaults that work on news.

    Each field's help, range and group are in its metadata (`setting_help`, `setting_range`,
    `setting_group`); `newsreuse report --help` and the README's settings table show them.
    Construction validates every value and raises `SettingsError` naming the rule broken.

    `Settings.preset(name)` gives the settings of another use (`plagiarism`, `ocr`); they
    remember the preset's name (`preset_name`), which `to_dict` writes as `preset` unless it is
    the default `news`.
    """

    # Input
    max_article_chars: int = _setting(
        5_000_000,
        1_000,
        1_000_000_000,
        "input",
        "an article longer than this many characters is skipped with a problem (a book, a "
        "log or a dump is not a news article, and alignment time grows with article length); "
        "raise it to compare longer texts.",
    )
    # Candidates
    num_perm: int = _setting(64, 8, 512, "candidates", "MinHash permutations per unit.")
    lsh_threshold: float = _setting(
        0.4,
        0.05,
        0.9,
        "candidates",
        "Jaccard similarity of unit shingle sets that LSH is tuned to catch (it sets "
        "datasketch's bands and rows: 0.4 with 64 permutations is 16 bands of 4 rows, which "
        "lets through a pair of Jaccard 0.3 one time in eight and of 0.6 nine in ten, while the "
        "many same-topic sentence pairs near 0.15 almost never collide).",
    )
    candidate_similarity: float = _setting(
        0.3,
        0.0,
        1.0,
        "candidates",
        "colliding unit pairs are kept when their MinHash estimate of Jaccard reaches this; LSH "
        "also lets through pairs far below its threshold.",
    )
    verify_threshold: float = _setting(
        0.6,
        0.0,
        1.0,
        "candidates",
        "an article pair with only one kept unit pair needs this estimate (one moderately "
        "similar sentence is most often a shared frame).",
    )
    lone_pair_facts: float = _setting(
        0.375,
        0.0,
        1.0,
        "candidates",
        "an article pair with only one kept unit pair, whose two sides both name names or "
        "figures, needs this share of them in common (the MinHash estimate over their names and "
        "figures) unless its own estimate reaches lone_pair_close. A copied sentence carries "
        "the facts of its source; a sentence poured into the same mould with other facts does "
        "not.",
    )
    lone_pair_close: float = _setting(
        0.8,
        0.0,
        1.0,
        "candidates",
        "the MinHash estimate at which a lone unit pair needs no names or figures in common "
        "(see lone_pair_facts).",
    )
    shingle_words: int = _setting(
        1,
        1,
        8,
        "candidates",
        "words per shingle (n-grams of the light stems of a unit's content words, stop words "
        "left out; 1 is a bag of content words, which survives paraphrase).",
    )
    stem_chars: int = _setting(
        5,
        1,
        64,
        "candidates",
        "tokens are cut to this many characters, a cheap stemmer that also absorbs typos and "
        'inflection at word ends ("decides"/"decided", "escalation").',
    )
    word_classes: int = _setting(
        0,
        0,
        1,
        "candidates",
        "1 folds synonyms into one word before stemming (the dominant sense of each word in "
        'WordNet: "purchase" and "buy", "assist" and "help"), so that a copy run '
        "through a spinner or a translation engine keeps its words; 0 leaves words as written.",
    )
    min_unit_words: int = _setting(
        8, 1, 1_000, "candidates", "shorter sentences are joined to their neighbour to form a unit."
    )
    max_unit_words: int = _setting(
        60,
        1,
        1_000,
        "candidates",
        "longer sentences are cut into units of at most this many words (at least min_unit_words).",
    )
    max_bucket: int = _setting(
        200,
        2,
        1_000_000,
        "candidates",
        "an LSH bucket holding more articles than this is boilerplate-like and its pairs are not "
        "expanded (counted in the report's problems instead).",
    )
    max_neighbours: int = _setting(
        8,
        1,
        10_000,
        "candidates",
        "each unit keeps its this-many most similar colliding units (by the MinHash estimate); "
        "formulaic sentences resemble hundreds of others a little.",
    )
    minhash_seed: int = _setting(1, 0, 2**32 - 2, "candidates", "seed of the MinHash permutations.")
    # Alignment
    seed_similarity: float = _setting(
        0.5, 0.0, 1.0, "alignment", "cosine a unit pair needs to start a passage."
    )
    extend_similarity: float = _setting(
        0.25,
        0.0,
        1.0,
        "alignment",
        "cosine a neighbouring unit pair needs to extend a passage (at most seed_similarity).",
    )
    max_gap: int = _setting(
        1, 0, 50, "alignment", "units that may be skipped on either side while extending."
    )
    min_passage_words: int = _setting(
        12, 1, 100_000, "alignment", "passages with fewer matched words than this are dropped."
    )
    min_quote_words: int = _setting(
        8,
        1,
        100_000,
        "alignment",
        "the same for a quotation (inside quotation marks in both articles): a short quote "
        'carried word for word ("What happened on Friday was the right call") is reuse where a '
        "short run of prose is not.",
    )
    min_shared_words: int = _setting(
        4, 0, 1_000, "alignment", "distinct content words two units must share to seed a passage."
    )
    seed_ngram_words: int = _setting(
        7,
        1,
        10_000,
        "alignment",
        "a run of this many words shared verbatim (with two informative words in it) also seeds "
        "a passage, however different the rest of the two sentences.",
    )
    split_gap_words: int = _setting(
        8,
        1,
        100_000,
        "alignment",
        "a passage is cut in two where both articles have more than this many words of their own "
        "between the runs of words they share.",
    )
    join_gap_words: int = _setting(
        0,
        0,
        100_000,
        "alignment",
        "passages of one article pair that follow each other in both articles are joined into "
        "one when at most this many words lie between them on each side (a heavily reworded "
        "sentence between two found ones, sentences a summary left out); 0 keeps them apart, "
        "as news needs: two outlets' separate copies of one source stay two passages.",
    )
    # Scoring
    min_similarity: float = _setting(
        0.25,
        0.0,
        1.0,
        "scoring",
        "a passage whose word-level similarity is below this is split where both articles have "
        "more than half split_gap_words words of their own between shared runs, and its parts "
        "are judged alone; without such a gap it is dropped (under a quarter of it aligns: "
        "articles on one story that share a name and some phrases, not a copy).",
    )
    short_passage_words: int = _setting(
        25,
        1,
        100_000,
        "scoring",
        "a passage shorter than this many words that is not a quotation must be "
        "short_passage_similarity similar: a reworded fragment of a sentence is most often a "
        'common frame ("the number of people held on remand has grown"), not a copy.',
    )
    short_passage_similarity: float = _setting(
        0.85,
        0.0,
        1.0,
        "scoring",
        "the word-level similarity a short passage (see short_passage_words) needs: nearly "
        "verbatim.",
    )
    frame_passage_words: int = _setting(
        40,
        1,
        100_000,
        "scoring",
        "a passage shorter than this many words that is not a quotation and has other names or "
        'clearly other figures than its counterpart in the same places is a formula ("the court '
        'sentenced X to N years in prison"), not a copy: copies keep facts.',
    )
    min_sentence_cover: float = _setting(
        0.7,
        0.0,
        1.0,
        "scoring",
        "such a passage must also cover this share of a unit (sentence) in at least one "
        'article: a copied sentence is copied whole, a stock phrase ("has been too slow to '
        'approve the") sits inside sentences that differ around it.',
    )
    verbatim_similarity: float = _setting(
        0.97, 0.0, 1.0, "scoring", "word-level similarity from which a passage is `verbatim`."
    )
    near_verbatim_similarity: float = _setting(
        0.75,
        0.0,
        1.0,
        "scoring",
        "word-level similarity from which a passage is `near-verbatim` (below: `paraphrase`); at "
        "most verbatim_similarity.",
    )
    quoted_share: float = _setting(
        0.5,
        0.0,
        1.0,
        "scoring",
        "share of a passage inside quotation marks (in both articles) to be `quoted`.",
    )
    # Attribution
    boilerplate_min_articles: int = _setting(
        3,
        1,
        1_000_000,
        "attribution",
        "a passage one outlet repeats in this many of its articles is boilerplate (a footer, a "
        "newsletter prompt), not reuse.",
    )

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            _check(f.name, getattr(self, f.name), f.type, *f.metadata["range"])
        if self.max_unit_words < self.min_unit_words:
            raise SettingsError(
                f"max_unit_words ({self.max_unit_words}) must be at least "
                f"min_unit_words ({self.min_unit_words})"
            )
        if self.extend_similarity > self.seed_similarity:
            raise SettingsError(
                f"extend_similarity ({self.extend_similarity}) must not exceed "
                f"seed_similarity ({self.seed_similarity})"
            )
        if self.near_verbatim_similarity > self.verbatim_similarity:
            raise SettingsError(
                f"near_verbatim_similarity ({self.near_verbatim_similarity}) "
                f"must not exceed verbatim_similarity ({self.verbatim_similarity})"
            )

    @classmethod
    def preset(cls, name: str, **changes: Any) -> Settings:
        """The settings of a preset (see `reuse.presets.PRESETS`), with `changes` on top.

        Args:
            name: `news` (the defaults), `plagiarism` or `ocr`.
            **changes: settings to set otherwise than the preset does.

        Raises:
            SettingsError: an unknown preset or setting, or a value out of range; the message
                names the preset and the setting.

        Examples:
            >>> Settings.preset("plagiarism").lsh_threshold
            0.3
            >>> Settings.preset("plagiarism", lsh_threshold=0.25).preset_name
            'plagiarism'
        """
        _check_preset(name)
        values = {setting: value for setting, (value, _) in PRESETS[name].changes.items()}
        try:
            settings = cls().replace(**{**values, **changes})
        except SettingsError as exc:
            raise SettingsError(f"preset {name}: {exc}") from exc
        return settings._named(name)

    @property
    def preset_name(self) -> str:
        """The preset these settings were made from (`news` unless `Settings.preset` named
        another); a label for the report, the values are the fields'."""
        return str(self.__dict__.get("_preset", DEFAULT_PRESET))

    def _named(self, name: str) -> Settings:
        # Not a field: the label must not change equality, the field-made options and table,
        # nor the news report (which has no `preset` key).
        object.__setattr__(self, "_preset", name)
        return self

    def to_dict(self) -> dict[str, Any]:
        """The settings as a plain dict, as written into every report: every field, led by
        `preset` when the settings come from a preset other than news."""
        values = dataclasses.asdict(self)
        if self.preset_name == DEFAULT_PRESET:
            return values
        return {"preset": self.preset_name, **values}

    def replace(self, **changes: Any) -> Settings:
        """A copy with some parameters changed (validated like the original), from the same
        preset."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **changes)._named(self.preset_name)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """Settings from a report's `settings` object (its `preset`, if any, and every value);
        unknown keys are an error."""
        values = dict(data)
        name = values.pop("preset", DEFAULT_PRESET)
        _check_preset(name)
        return cls().replace(**values)._named(name)


def _check(name: str, value: Any, kind: Any, low: float, high: float) -> None:
    """Raise SettingsError unless `value` is of the field's kind and inside [low, high]."""
    is_int = kind in (int, "int")
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (is_int and not isinstance(value, int))
    ):
        wanted = "a whole number" if is_int else "a number"
        raise SettingsError(f"{name} must be {wanted} in [{low}, {high}], got {value!r}")
    if not math.isfinite(value) or not low <= value <= high:
        raise SettingsError(f"{name} must be in [{low}, {high}], got {value!r}")


def _check_preset(name: Any) -> None:
    if not isinstance(name, str) or name not in PRESETS:
        raise SettingsError(f"unknown preset {name!r}: choose one of {', '.join(PRESETS)}")


def _field(name: str) -> dataclasses.Field[Any]:
    for f in dataclasses.fields(Settings):
        if f.name == name:
            return f
    raise SettingsError(f"unknown setting {name!r}")


def setting_help(name: str) -> str:
    """The help text of a setting."""
    return str(_field(name).metadata["help"])


def setting_range(name: str) -> tuple[float, float]:
    """The closed range a setting must lie in."""
    low, high = _field(name).metadata["range"]
    return low, high


def setting_group(name: str) -> Optional[str]:
    """The group of a setting (input, candidates, alignment, scoring, attribution)."""
    return str(_field(name).metadata["group"])


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def settings_table() -> str:
    """The README's settings table (Markdown), made from the fields' metadata."""
    rows = ["| setting (CLI option) | group | default | range | meaning |", "|---|---|---|---|---|"]
    for f in dataclasses.fields(Settings):
        low, high = f.metadata["range"]
        help_text = str(f.metadata["help"]).replace("|", "\\|")
        rows.append(
            f"| `{f.name}` (`--{f.name.replace('_', '-')}`) | {f.metadata['group']} | "
            f"{_number(getattr(Settings(), f.name))} | {_number(low)} to {_number(high)} | "
            f"{help_text} |"
        )
    return "\n".join(rows) + "\n"


def presets_table() -> str:
    """The README's presets section (Markdown): each preset's use and the settings it changes
    from the news defaults, with the reason for each."""
    news = Settings()
    out = []
    for name, preset in PRESETS.items():
        out.append(f"- **`{name}`**: {preset.use}")
        if preset.changes:
            out += ["", "  | setting | news | " + name + " | why |", "  |---|---|---|---|"]
            for setting, (value, why) in preset.changes.items():
                out.append(
                    f"  | `{setting}` | {_number(getattr(news, setting))} | {_number(value)} | "
                    f"{why.replace('|', chr(92) + '|')} |"
                )
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
