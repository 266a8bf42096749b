"""MinHash-LSH candidates: datasketch's sketches and banding, over units."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import filler_article

from reuse.model import Article
from reuse.settings import Settings
from reuse.stages.candidates.lsh import candidate_pairs, lsh_params
from reuse.stages.candidates.minhash import shingle_hashes, sketch
from reuse.stages.prepare import prepare


def test_a_shared_quote_inside_long_articles_is_a_candidate() -> None:
    settings = Settings()
    docs = [prepare(filler_article(i, i in (2, 9)), settings) for i in range(12)]
    pairs = candidate_pairs(sketch(docs, settings), settings)
    assert (2, 9) in pairs


# A vocabulary of a few thousand made-up words, as varied as real prose.
_LETTERS = np.array(list("abcdefghijklmnopqrstuvwxyz"))


VOCAB = ["".join(w) for w in np.random.default_rng(0).choice(_LETTERS, (3000, 7))]


def _random_text(seed: int, sentences: int = 6) -> str:
    rng = np.random.default_rng(seed)
    return "\n".join(" ".join(rng.choice(VOCAB, 14)).capitalize() + "." for _ in range(sentences))


def test_unrelated_articles_are_rarely_candidates() -> None:
    # LSH is probabilistic: a chance collision between unrelated units is possible but rare.
    settings = Settings()
    docs = [prepare(Article(f"x{i}", _random_text(i)), settings) for i in range(40)]
    pairs = candidate_pairs(sketch(docs, settings), settings)
    assert len(pairs) <= 0.02 * (40 * 39 / 2)


def test_oversized_buckets_are_counted_not_expanded() -> None:
    from reuse.stages.candidates.lsh import CandidateStats

    settings = Settings(max_bucket=3)
    same = "Leave a reply: your email address will not be published and required fields are marked."
    docs = [
        prepare(Article(f"b{i}", f"{_random_text(100 + i)}\n{same}"), settings) for i in range(6)
    ]
    stats = CandidateStats()
    pairs = candidate_pairs(sketch(docs, settings), settings, stats)
    assert stats.buckets_skipped > 0
    assert pairs == {}


@pytest.mark.parametrize("k", [1, 2, 3])
def test_shingles_of_short_units(k: int) -> None:
    assert len(shingle_hashes(["one"], k)) == 1
    assert len(shingle_hashes(["a", "b", "c", "d"], k)) == 4 - k + 1


def test_a_quote_inside_long_sentences_is_a_candidate() -> None:
    quote = (
        "“Nobody wants rising costs, but we have to release the former minister on bail "
        "within two months,” "
    )
    left = [
        _random_text(7, 1)[:-1]
        + ", and then the court spokesman, "
        + quote
        + "said to reporters outside the building late on Tuesday evening after the hearing."
    ]
    right = ["Lawyers for the defence, " + quote + _random_text(8, 1)]
    settings = Settings()
    docs = [
        prepare(Article("l", _random_text(3) + "\n" + left[0]), settings),
        prepare(Article("r", right[0] + "\n" + _random_text(4)), settings),
    ]
    assert (0, 1) in candidate_pairs(sketch(docs, settings), settings)


def test_nearest_keeps_the_closest_partners_of_each_unit() -> None:
    from reuse.stages.candidates.lsh import _nearest

    r1 = np.array([0, 0, 0, 1, 2])
    r2 = np.array([1, 2, 3, 2, 3])
    est = np.array([0.9, 0.5, 0.4, 0.3, 0.35])
    k1, k2, _, _ = _nearest(r1, r2, est, 1)
    # Row 0's best is 1; row 1's best is 0; row 2's best is 0 (0.5); row 3's best is 0.4 (0-3).
    assert sorted(zip(k1.tolist(), k2.tolist())) == [(0, 1), (0, 2), (0, 3)]
    k1, k2, _, _ = _nearest(r1, r2, est, 5)
    assert len(k1) == 5


def test_moderate_unit_pairs_count_when_they_follow_one_another() -> None:
    """Article pairs whose best unit pair is only moderately similar are kept when two such
    pairs lie near each other in both articles (a paraphrased passage) or three or more agree,
    not when two lie far apart (two articles on one story, sentence by sentence)."""
    from reuse.stages.candidates.lsh import _strong_or_repeated

    # Rows: doc 0 has units 0..9 (rows 0..9), doc 1 rows 10..19, doc 2 rows 20..29, doc 3 30..39.
    doc = np.repeat(np.arange(4), 10)
    unit = np.tile(np.arange(10), 4)
    r1 = np.array([0, 1, 0, 8, 0, 4, 9, 5])
    r2 = np.array([11, 12, 20, 25, 30, 37, 33, 16])
    est = np.array([0.4, 0.4, 0.4, 0.4, 0.35, 0.35, 0.35, 0.6])
    k1, k2 = _strong_or_repeated(r1, r2, est, doc, unit, 0.5)
    kept = sorted(zip(k1.tolist(), k2.tolist()))
    # 0-1: units (0,1) and (1,2) are neighbours -> kept; (5,6) is strong -> kept.
    # 0-2: units (0,0) and (8,5) are far apart -> dropped. 0-3: three pairs -> kept.
    assert kept == [(0, 11), (0, 30), (1, 12), (4, 37), (5, 16), (9, 33)]


def test_a_lone_unit_pair_needs_the_facts_of_its_source() -> None:
    """An article pair held by one unit pair that is not nearly identical needs a good share of
    the names and figures of the two units in common (a copy carries them, a formula does not);
    a side that names none, a near-identical pair or a second unit pair lifts the rule."""
    from reuse.stages.candidates.lsh import _strong_or_repeated

    # doc 0 rows 0..9; docs 1..5 rows 10..59.
    doc = np.repeat(np.arange(6), 10)
    unit = np.tile(np.arange(10), 6)
    r1 = np.array([0, 1, 2, 3, 4, 5])
    r2 = np.array([10, 20, 30, 40, 41, 50])
    est = np.array([0.7, 0.7, 0.85, 0.7, 0.7, 0.7])
    share = np.array([0.25, 0.5, 0.1, 0.1, 0.1, np.nan])
    k1, _ = _strong_or_repeated(r1, r2, est, doc, unit, 0.6, lone=(share, 0.375, 0.8))
    # 0-1: few facts shared -> dropped; 0-2: enough -> kept; 0-3: nearly identical -> kept;
    # 0-4: two neighbouring unit pairs -> kept; 0-5: no facts on one side -> kept.
    assert k1.tolist() == [1, 2, 3, 4, 5]
    k1, _ = _strong_or_repeated(r1, r2, est, doc, unit, 0.6)
    assert k1.tolist() == [0, 1, 2, 3, 4, 5]


def test_a_formula_with_other_names_and_figures_is_not_a_candidate() -> None:
    """The same sentence mould filled with other places and figures is a formula; the same
    sentence with its facts (one figure updated) is a copy."""
    settings = Settings()
    base = (
        "Firefighters were battling {n} wildfires near {place} on Friday, driven by winds "
        "gusting up to {k} kilometres an hour across the dry hills."
    )
    filler = [_random_text(100 + i, 3) for i in range(3)]
    texts = [
        filler[0] + "\n" + base.format(n="591", place="Chengdu", k="149"),
        filler[1] + "\n" + base.format(n="38,544", place="Rosario", k="119"),  # a formula
        filler[2] + "\n" + base.format(n="594", place="Chengdu", k="149"),  # a copy, updated
    ]
    docs = [prepare(Article(f"f{i}", t), settings) for i, t in enumerate(texts)]
    pairs = candidate_pairs(sketch(docs, settings), settings)
    assert (0, 2) in pairs
    assert (0, 1) not in pairs and (1, 2) not in pairs


@pytest.mark.parametrize(
    ("text", "tails"),
    [
        ("Sales fell by 34.9 per cent", ["9"]),
        ("Some 3,400 people and 1,250,000 more", ["400", "250", "000"]),
        ("In Malmö, 34 people", []),  # a comma and a space: two facts
        ("Version 2.b ships", []),  # not a number after the point
        ("It ended. 9 more came", []),
    ],
)
def test_a_number_with_a_point_or_comma_is_one_fact(text: str, tails: list[str]) -> None:
    """The tokens cut "34.9" in two; the part after the point is not a fact of its own, so
    that a copy with an updated figure ("35.4") differs in one fact, not two."""
    from reuse.stages.candidates.minhash import _number_tails

    doc = prepare(Article("n", text), Settings())
    assert [doc.tokens.norm[k] for k in _number_tails(doc).tolist()] == tails


def test_a_line_repeated_through_a_long_article_is_paired_a_bounded_number_of_times() -> None:
    """An article repeating one sentence a thousand times, against an article that carries it
    once: one bucket per band, but only `_ROWS_PER_DOCUMENT` of the repeats are paired."""
    from reuse.stages.candidates.lsh import _ROWS_PER_DOCUMENT, CandidateStats

    settings = Settings()
    line = "Readers who wish to receive the weekly edition by post should write to the office."
    long = "\n".join(f"{_random_text(7 + k % 50)}\n{line}" for k in range(1000))
    docs = [
        prepare(Article("long", long), settings),
        prepare(Article("short", f"{_random_text(3)}\n{line}"), settings),
    ]
    stats = CandidateStats()
    pairs = candidate_pairs(sketch(docs, settings), settings, stats)
    assert (0, 1) in pairs
    bands = lsh_params(settings.lsh_threshold, settings.num_perm)[0]
    assert stats.unit_pairs <= (_ROWS_PER_DOCUMENT + 8) * bands < 1000
    assert stats.repeats_skipped > 0
