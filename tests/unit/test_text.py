"""Normalisation keeps a map back to the original text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from reuse.text.numbers import parse_number
from reuse.text.sentences import quote_spans, sentences
from reuse.text.tokens import (
    normalize,
    stem,
    tokenize,
)


@pytest.mark.parametrize(
    "left,right",
    [
        ("He said “no” today.", 'He said "no" today.'),
        ("„Wir schaffen das“, sagte sie.", "«Wir schaffen das», sagte sie."),
        ("a long-term plan", "a long – term plan"),
        ("a long—term plan", "a long term plan"),
        ("Biden’s call", "Biden's call"),
        ("CAFÉ  Society", "café society"),
        ("the escala-\ntion", "the escalation"),
        ("ﬁnal   offer\n\nnow", "final offer now"),
        ("Zelenskyy\u00a0said", "zelenskyy said"),
    ],
)
def test_variants_normalise_alike(left: str, right: str) -> None:
    assert normalize(left).text == normalize(right).text


@pytest.mark.parametrize(
    "text",
    [
        "Plain text, nothing odd.",
        "Curly “quotes” and ‘single’ ones — and dashes – too.",
        "Straße und ﬁnal İstanbul",
        "hyphen-\nated words across a line-\n  break",
        "",
        "   \n\n  ",
    ],
)
def test_map_points_into_original(text: str) -> None:
    norm = normalize(text)
    assert len(norm.offsets) == len(norm.text)
    toks = tokenize(text)
    for word, s, e in zip(toks.norm, toks.starts, toks.ends):
        assert 0 <= s < e <= len(text)
        # The original span, normalised, gives the token back.
        assert normalize(text[s:e]).text.replace(" ", "") == word


def test_tokens_keep_original_spans() -> None:
    text = "The “official” said: don’t."
    toks = tokenize(text)
    assert [text[s:e] for s, e in zip(toks.starts, toks.ends)] == [
        "The",
        "official",
        "said",
        "don’t",
    ]
    assert toks.norm == ("the", "official", "said", "don't")
    assert list(toks.capitalized) == [True, False, False, False]


def test_to_original_span() -> None:
    text = "Hello,   “World”!"
    norm = normalize(text)
    i = norm.text.index("world")
    assert norm.to_original(i, i + 5) == (text.index("World"), text.index("World") + 5)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
@hsettings(max_examples=200, deadline=None)
def test_offsets_always_slice_original(text: str) -> None:
    norm = normalize(text)
    assert len(norm.offsets) == len(norm.text)
    if len(text):
        assert all(0 <= o < len(text) for o in norm.offsets)
    assert list(norm.offsets) == sorted(norm.offsets)
    for s, e in sentences(text):
        assert 0 <= s < e <= len(text) and text[s:e].strip() == text[s:e]
    for s, e in quote_spans(text):
        assert 0 <= s < e <= len(text)


def test_sentences_split_on_ends_and_lines() -> None:
    text = "U.S. officials met. They talked.\nA new line “Quoted.” Then more"
    got = [text[s:e] for s, e in sentences(text)]
    assert got == ["U.S. officials met.", "They talked.", "A new line “Quoted.”", "Then more"]


@pytest.mark.parametrize(
    "text,quoted",
    [
        ("He said “we will act” and left.", ["“we will act”"]),
        ("„Wir handeln“, sagte er.", ["„Wir handeln“"]),
        ('He said "yes" and "no".', ['"yes"', '"no"']),
        ("It’s Biden’s ‘red line’ now.", ["‘red line’"]),
        ("«Nous agirons», a-t-il dit.", ["«Nous agirons»"]),
        (
            "“An open quote runs to the end of its paragraph\nNext paragraph.",
            ["“An open quote runs to the end of its paragraph"],
        ),
    ],
)
def test_quote_spans(text: str, quoted: list[str]) -> None:
    assert [text[s:e] for s, e in quote_spans(text)] == quoted


@pytest.mark.parametrize(
    "a,b",
    [
        ("decides", "decided"),
        ("escalation", "escalations"),
        ("calls", "call"),
        ("countries", "country"),
    ],
)
def test_stem_meets_inflections(a: str, b: str) -> None:
    assert stem(a, 5) == stem(b, 5)


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Aides to Ms. Schmidt said no. Then Gov. Newsom left.",
            ["Aides to Ms. Schmidt said no.", "Then Gov. Newsom left."],
        ),
        ("The U.S. President spoke. He left.", ["The U.S. President spoke.", "He left."]),
        (
            "J. K. Rowling wrote. On Dec. 7 it rained.",
            ["J. K. Rowling wrote.", "On Dec. 7 it rained."],
        ),
        ("It was a bust. Mr. Smith agreed.", ["It was a bust.", "Mr. Smith agreed."]),
        ("The talks failed. Ms Jones left.", ["The talks failed.", "Ms Jones left."]),
    ],
)
def test_titles_and_initials_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in sentences(text)] == expected


@pytest.mark.parametrize(
    "written,value",
    [
        ("97,983", 97983.0),
        ("41.1", 41.1),
        ("1,234.56", 1234.56),
        ("1.234,56", 1234.56),
        ("3,5", 3.5),
        ("200.000.000", 200000000.0),
        ("1,234,567.8", 1234567.8),
        ("239.430.4900", 2394304900.0),  # a phone number: its digits stand for it
        ("2250.566.38", 225056638.0),  # OCR debris likewise
        ("12", 12.0),
        ("", None),
        ("abc", None),
        ("1.2.x", None),
        ("9" * 80, None),
    ],
)
def test_parse_number(written: str, value: float | None) -> None:
    assert parse_number(written) == value


@given(st.text(alphabet=st.sampled_from(list("0123456789.,, -x\u0660\u00b2")), max_size=40))
def test_parse_number_never_raises(written: str) -> None:
    value = parse_number(written)
    assert value is None or value == value  # a number, never NaN
