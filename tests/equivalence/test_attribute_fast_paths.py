"""Attribution's quicker finders (house style, boilerplate index) give what the plain
expressions and scans give.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from reuse.model import Match
from reuse.stages.boilerplate import is_boilerplate_match

_PLAIN_STYLE = {  # the house-style expressions, scanned plainly: what the quicker finders equal
    "curly": r"[“”‘’]",
    "straight": r"[\"']",
    "closed em dash": r"\w—\w",
    "spaced em dash": r" — ",
    "en dash": r" – ",
    "hyphen as dash": r" - ",
    "with full stop": r"\b(?:Mr|Mrs|Ms|Dr)\.",
    "without full stop": r"\b(?:Mr|Mrs|Ms|Dr)\b(?!\.)",
}


@hsettings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("Mr.sDIx_ —–-'\"“”‘’ PERcntſK\u212a\u0130é\n")
            + ["Mrs.", "Dr ", "per  cent", "colour", "realise", "organized", "a—b—c"]
        ),
        max_size=30,
    ).map("".join)
)
def test_style_finders_equal_the_plain_expressions(text: str) -> None:
    import re

    from reuse.stages.attribution import style as attribute

    marks = {
        name: list(pos)
        for _, variants in attribute.style_marks.__wrapped__(text)
        for name, pos in variants
    }
    for name, pattern in _PLAIN_STYLE.items():
        assert marks[name] == [m.start() for m in re.finditer(pattern, text)], name
    assert attribute._distinct_words.__wrapped__(text) == frozenset(
        re.findall(r"[A-Za-z]+", attribute._lowered(text))
    )
    # "per cent" is a family of its own, found where it begins in lower case (a capital is a
    # name's, or a headline's).
    per_cent = [
        m.start() for m in re.finditer(r"(?i)\bper\s+cents?\b", text) if text[m.start()] == "p"
    ]
    assert set(per_cent) <= set(marks["per cent"])
    assert not set(marks["per cent"]) & set(marks["UK"])


@hsettings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(st.sampled_from("abcd"), st.integers(0, 50), st.integers(1, 30)),
            min_size=1,
            max_size=4,
        ),
        max_size=4,
    ),
    st.lists(
        st.tuples(
            st.sampled_from("abcd"),
            st.integers(0, 60),
            st.integers(1, 20),
            st.sampled_from("abcd"),
            st.integers(0, 60),
            st.integers(1, 20),
        ),
        max_size=10,
    ),
)
def test_boilerplate_check_equals_the_plain_scan(clusters, sides) -> None:
    """The indexed check finds the matches a scan of every boilerplate cluster finds."""
    from reuse.model import Boilerplate, Passage
    from reuse.stages.boilerplate import boilerplate_index

    found = [
        Boilerplate(f"b{k}", "o", "t", tuple(Passage(a, s, s + n, "t") for a, s, n in c))
        for k, c in enumerate(clusters)
    ]
    index = boilerplate_index(found)
    for n, (a, s, la, b, t, lb) in enumerate(sides):
        if a == b:
            continue
        m = Match(f"m{n}", a, s, s + la, b, t, t + lb, 1.0, "verbatim", False)
        plain = any(
            any(p.article == a and p.start <= s and s + la <= p.end for p in bp.passages)
            and any(p.article == b and p.start <= t and t + lb <= p.end for p in bp.passages)
            for bp in found
        )
        assert is_boilerplate_match(m, found, index) == plain == is_boilerplate_match(m, found)


def _wire_credits_plain(text: str) -> tuple[str, ...]:
    """`wire_credits(text, datelines=True)` with every expression scanned (no word needed)."""
    from reuse.stages.attribution import signals

    found = set()
    for pattern in [signals._DATELINE, *signals._OFF_LIST_CREDITS]:
        for m in pattern.finditer(text):
            name = " ".join(m.group(1).split())
            found.add(signals._AGENCIES.get(name.lower().removeprefix("the "), name))
    named = any(name in text for name in signals._AGENCY_WORDS)
    lowered = text.lower()
    if not named and "agencies" not in lowered and "wires" not in lowered:
        return tuple(sorted(found))
    for pattern in signals._CREDITS if named else signals._CREDITS[-1:]:
        for m in pattern.finditer(text):
            key = m.group(1).lower().removeprefix("the ")
            found.add(
                signals._AGENCIES.get(
                    key, "news agencies" if key in ("agencies", "wires") else m.group(1)
                )
            )
    return tuple(sorted(found))


@hsettings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list(" \n\t(),.|-—;ſıİ\u212a")
            + ["By", "by", "Jo Lee", "Reporting", "REPORTING", "reportinG", "reporting", "staff"]
            + ["writer", "contributed to this report", "and news agencies", "with WIRES", "Reuters"]
            + ["AP", "Capital Wire Bureau", "Union News Exchange", "Press", "Daily Press", "LONDON"]
            + [
                "editing by Al Ames (CWB)",
                "Meridian News Agency",
                "agencieſ",
                "wıres",
                "The",
                "and",
                "with",
            ]
        ),
        max_size=25,
    ).map(" ".join)
)
def test_wire_credits_skips_only_expressions_that_cannot_match(text: str) -> None:
    from reuse.stages.attribution.signals import wire_credits

    assert wire_credits(text, datelines=True) == _wire_credits_plain(text)


def test_every_credit_expression_has_its_needed_words() -> None:
    """The words each credit expression needs are listed beside it, one entry per expression:
    an expression added without its entry would be skipped silently (zip stops short)."""
    from reuse.stages.attribution import signals

    assert len(signals._OFF_LIST_NEEDS) == len(signals._OFF_LIST_CREDITS)
    assert len(signals._CREDITS_NEEDS) == len(signals._CREDITS)


@hsettings(deadline=None)
@given(st.lists(st.sampled_from(["wire", "copy", "Wire", "unseen", "x", "the"]), max_size=30))
def test_word_rarity_kept_once_found_is_the_idfs(words: list[str]) -> None:
    """The edit direction asks each word's rarity again and again; the kept value is the
    IDF's, for words the corpus holds and words it does not, and no more are kept than the
    bound."""
    from reuse.stages.align.vectors import Idf
    from reuse.stages.attribution import directions

    idf = Idf({" wire": 3, " copy": 1, "wire": 3}, 10)
    old, directions._RARITIES_KEPT = directions._RARITIES_KEPT, 2
    try:
        for w in words + words:
            assert directions._rarity(idf)(w) == idf.word_rarity(w)
        assert len(directions._RARITIES.get(idf, {})) <= 2
    finally:
        directions._RARITIES_KEPT = old
