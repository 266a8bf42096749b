"""Word classes: synonyms folded into one word before stemming (Settings.word_classes)."""

from __future__ import annotations

import pytest

import reuse
from reuse.stages.prepare import STOP_WORDS, prepare
from reuse.text.dates import CALENDAR_WORDS
from reuse.text.wordclasses import WordClasses, word_classes

FIXED = STOP_WORDS | frozenset(CALENDAR_WORDS)


@pytest.mark.parametrize(
    ("word", "cls"),
    [
        ("purchase", "buy"),
        ("purchased", "buy"),  # WordNet's detachment rules find the lemma
        ("purchasing", "buy"),
        ("assisted", "help"),
        ("automobiles", "car"),
        ("commenced", "begin"),
        ("buy", "buy"),
        ("news", "news"),  # a lemma of its own is not read as a form of "new"
        ("said", "said"),  # stop words never move
        ("may", "may"),  # nor do calendar words
        ("guadalajara", "guadalajara"),  # a word WordNet does not know stays
        ("17.8", "17.8"),
    ],
)
def test_word_classes_of(word: str, cls: str) -> None:
    assert word_classes(FIXED).of(word) == cls


def test_fixed_words_are_never_a_class() -> None:
    classes = WordClasses({"tell": "say", "purchase": "buy"}, fixed={"say"})
    assert classes.of("tell") == "tell"
    assert classes.of("purchase") == "buy"
    assert len(classes) == 1


def test_classes_are_many_and_few_are_chains() -> None:
    classes = word_classes(FIXED)
    assert len(classes) > 3_000
    # A class is its own class: folding twice changes nothing.
    moved = [w for w in ("purchase", "assist", "automobile", "commence", "big")]
    assert all(classes.of(classes.of(w)) == classes.of(w) for w in moved)


def test_prepare_folds_synonyms_only_when_asked() -> None:
    a = reuse.Article("a", "The council will purchase the automobiles and commence work.")
    b = reuse.Article("b", "The council will buy the cars and begin work.")
    plain = reuse.Settings()
    folded = reuse.Settings(word_classes=1)
    assert prepare(a, plain).stems != prepare(b, plain).stems
    assert prepare(a, folded).stems == prepare(b, folded).stems
    # Offsets still point into the original text.
    doc = prepare(a, folded)
    assert [a.text[s:e] for s, e in zip(doc.tokens.starts, doc.tokens.ends)][3] == "purchase"


def test_word_classes_find_a_heavily_synonymised_copy() -> None:
    source = (
        "The regional council decided on Tuesday to purchase forty automobiles for the "
        "ambulance service, and officials said work would commence immediately to assist "
        "villages cut off by the flooding in the northern valleys."
    )
    copy = (
        "The regional council decided on Tuesday to buy forty cars for the ambulance "
        "service, and officials said work would begin immediately to help villages cut off "
        "by the flooding in the northern valleys."
    )
    arts = [reuse.Article("src", source), reuse.Article("copy", copy)]
    folded = reuse.detect(arts, reuse.Settings(word_classes=1))
    assert folded.matches
    plain = reuse.detect(arts)
    if plain.matches:  # folding never makes the passage shorter or less alike
        assert folded.matches[0].similarity >= plain.matches[0].similarity


def test_the_data_file_is_well_formed_and_carries_its_licence() -> None:
    from importlib import resources

    text = resources.files("reuse").joinpath("data/word_classes.tsv").read_text("utf-8")
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in text
    rows = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    assert all(len(r) == 2 and r[0].isalpha() and r[1].isalpha() for r in rows)
    words = [r[0] for r in rows]
    assert words == sorted(set(words))  # one row a word, in order
