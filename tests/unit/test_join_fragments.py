"""Joining fragments of one copy (Settings.join_gap_words): a copy with a sentence rewritten
beyond recognition, or a summary that left sentences out, is one passage, not several."""

from __future__ import annotations

import pytest

from reuse.model import Article
from reuse.settings import Settings
from reuse.stages.align import align_pair
from reuse.stages.align.passages import Aligned, join_fragments
from reuse.stages.align.vectors import Idf
from reuse.stages.prepare import Document, prepare

FIRST = (
    "The regional water board approved a plan on Tuesday to rebuild the northern reservoir "
    "dam, which engineers have warned could fail during the next heavy spring flood."
)
LAST = (
    "Farmers downstream of the reservoir have demanded compensation for the fields they lost "
    "when the spillway gates were opened without warning two winters ago."
)
MIDDLE_A = (
    "Work is due to start in the autumn and will cost about forty million over six years, "
    "according to documents seen by the council's finance committee."
)
MIDDLE_B = (
    "Opposition councillors nevertheless grumbled loudly at yesterday's heated session, "
    "accusing the chairman of hiding ballooning bills from ratepayers."
)
OWN_A = "Elsewhere in the county, a new library opened its doors to readers on Saturday."
OWN_B = "Traffic on the coastal road was slow all weekend because of resurfacing works."


def _align(text_a: str, text_b: str, settings: Settings) -> list[Aligned]:
    da = prepare(Article("a", text_a), settings)
    db = prepare(Article("b", text_b), settings)
    idf = Idf.of([da, db])
    return align_pair(da, idf.unit_vectors(da), db, idf.unit_vectors(db), settings)


def test_a_rewritten_middle_sentence_splits_the_copy_unless_joined() -> None:
    a = " ".join([OWN_A, FIRST, MIDDLE_A, LAST])
    b = " ".join([FIRST, MIDDLE_B, LAST, OWN_B])
    apart = _align(a, b, Settings())
    assert len(apart) == 2  # the news default keeps the two copied sentences apart
    joined = _align(a, b, Settings(join_gap_words=40))
    assert len(joined) == 1
    m = joined[0]
    # (Offsets end at the last word: the full stop is not a word.)
    assert a[m.a_start : m.a_end] == " ".join([FIRST, MIDDLE_A, LAST])[:-1]
    assert b[m.b_start : m.b_end] == " ".join([FIRST, MIDDLE_B, LAST])[:-1]
    # Too long a gap for the setting: still two.
    assert len(_align(a, b, Settings(join_gap_words=10))) == 2


def _frag(a0: int, a1: int, b0: int, b1: int) -> Aligned:
    return Aligned(a0, a1, b0, b1, 1.0, "verbatim", False, 5, a1 - a0, b1 - b0)


@pytest.fixture
def docs() -> tuple[Document, Document]:
    settings = Settings()
    words = " ".join(f"w{i}" for i in range(300))
    return prepare(Article("a", words), settings), prepare(Article("b", words), settings)


def _at(doc: Document, word: int) -> int:
    return int(doc.tokens.starts[word])


def _end(doc: Document, word: int) -> int:
    return int(doc.tokens.ends[word - 1])


@pytest.mark.parametrize(
    ("gap_a", "gap_b", "gap", "joined"),
    [
        (10, 10, 0, False),  # off
        (10, 10, 10, True),
        (11, 11, 10, False),
        (11, 10, 10, True),  # one side within the gap, the other within four times it
        (0, 40, 10, True),  # a summary: nothing between on one side, four times more on the other
        (0, 41, 10, False),
        (5, 40, 10, True),
    ],
)
def test_join_rule(
    docs: tuple[Document, Document], gap_a: int, gap_b: int, gap: int, joined: bool
) -> None:
    da, db = docs
    x = _frag(_at(da, 0), _end(da, 20), _at(db, 0), _end(db, 20))
    y = _frag(_at(da, 20 + gap_a), _end(da, 40 + gap_a), _at(db, 20 + gap_b), _end(db, 40 + gap_b))
    out = join_fragments([x, y], da, db, Settings(join_gap_words=gap))
    assert (len(out) == 1) == joined
    if joined:
        assert (out[0].a_start, out[0].a_end) == (x.a_start, y.a_end)
        assert (out[0].b_start, out[0].b_end) == (x.b_start, y.b_end)
        assert out[0].a_literal_chars == x.a_literal_chars + y.a_literal_chars


def test_fragments_out_of_order_in_one_article_stay_apart(docs: tuple[Document, Document]) -> None:
    da, db = docs
    x = _frag(_at(da, 0), _end(da, 20), _at(db, 50), _end(db, 70))
    y = _frag(_at(da, 25), _end(da, 45), _at(db, 0), _end(db, 20))
    assert join_fragments([x, y], da, db, Settings(join_gap_words=100)) == [x, y]
