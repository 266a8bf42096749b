"""`PairTable` holds candidate pairs as arrays and gives the items a list of them gives:
indexing, slices, iteration, reordering, and the articles it names."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from reuse.stages.candidates.table import PairTable


@hsettings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(0, 9), st.integers(0, 9))),
    st.randoms(use_true_random=False),
)
def test_a_table_gives_the_items_of_the_list_it_stands_for(rows, rnd) -> None:  # type: ignore[no-untyped-def]
    rows = sorted({(min(a, b), max(a, b) + 1, u, v) for a, b, u, v in rows})
    want: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for d1, d2, u, v in rows:
        want.setdefault((d1, d2), []).append((u, v))
    items = [(pair, tuple(units)) for pair, units in want.items()]
    cols = [np.array([r[k] for r in rows], np.int32) for k in range(4)]
    table = PairTable.grouped(*cols)
    assert len(table) == len(items)
    assert list(table) == items and list(table.items()) == items
    assert [table[k] for k in range(len(items))] == items
    assert table[1:4] == items[1:4] and table[::-1] == items[::-1]
    if items:
        assert table[-1] == items[-1]
        assert all(type(x) is int for x in (*table[0][0], *table[0][1][0]))
    order = list(range(len(items)))
    rnd.shuffle(order)
    assert list(table.taken(order)) == [items[k] for k in order]
    assert table.units() == len(rows)
    assert table.articles() == {k for pair in want for k in pair}
