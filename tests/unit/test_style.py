"""House style: the spelling a shared passage uses against the rest of its article."""

from __future__ import annotations

from reuse.stages.attribution.style import foreign_style

REST = (
    "The labor board met at the civic center to honor the neighbors who organized the drive. "
    "Its members will realize the plan by spring."
)


def _foreign(shared: str) -> list[str]:
    text = shared + "\n\n" + REST
    return foreign_style(text, [(0, len(shared))])


def test_a_passage_in_uk_spelling_was_written_elsewhere() -> None:
    shared = "The council organised a parade in the colour of the harbour flags at the theatre."
    assert "UK spelling" in _foreign(shared)


def test_words_that_only_look_like_uk_spelling_are_not_it() -> None:
    # "advertise" is the one spelling of the word; OCR splits words at line breaks ("ad-
    # vertising", "mer- chandise", "ex- ercise"); a capital is a name's (Louise, Sir Edward
    # Grey, Cochise county, the Orpheum Theatre, the Labour party), kept in any outlet's style.
    shared = (
        "Advertising pays: the store advertised its merchandise, ad- vertising the mer- "
        "chandise for ex- ercise. Louise heard Sir Edward Grey of the Labour party at the "
        "Orpheum Theatre in Cochise county."
    )
    assert _foreign(shared) == []


def test_per_cent_is_a_style_of_its_own_not_uk_spelling() -> None:
    # American papers wrote "per cent" for decades: against US spelling it says nothing.
    assert _foreign("Prices rose ten per cent in a year and five per cent since.") == []
    text = "Prices rose ten per cent in a year.\n\n" + "It fell 3 percent, then 2 percent."
    assert foreign_style(text, [(0, 35)]) == ["per cent percentages"]


def test_a_shared_text_that_mixes_the_variants_has_no_style_of_its_own() -> None:
    shared = "The council organised the parade; the labor men organized the honor guard."
    assert "UK spelling" not in _foreign(shared)
