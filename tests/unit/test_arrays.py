"""The shared numpy helpers give what numpy's own functions give."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reuse.arrays import distinct, firsts

_DTYPES = st.sampled_from([np.int64, np.int32, np.uint32, np.uint64, np.uint16])


@given(
    _DTYPES.flatmap(lambda t: hnp.arrays(t, hnp.array_shapes(min_dims=1, max_dims=2, min_side=0)))
)
def test_distinct_is_numpys_unique(values: np.ndarray) -> None:
    """Sorted distinct values of the flattened array, in the array's own type."""
    got = distinct(values)
    want = np.unique(values)
    assert got.dtype == want.dtype
    assert got.tolist() == want.tolist()


@given(st.lists(st.integers(-5, 5), max_size=40))
def test_firsts_marks_the_first_of_each_run_of_a_sorted_array(values: list[int]) -> None:
    ordered = np.array(sorted(values), dtype=np.int64)
    marks = firsts(ordered)
    _, want = np.unique(ordered, return_index=True)
    assert np.flatnonzero(marks).tolist() == want.tolist()
