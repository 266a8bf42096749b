"""Clustering's quicker paths (each article's words found once, cuts carried by table) give
what the plain scans give.
"""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from reuse.model import Match
from reuse.stages.cluster import _carries, _Side, _Words

_WORD = re.compile(r"[^\W_]+")


def _match(a: tuple[int, int], b: tuple[int, int]) -> Match:
    return Match("m", "a", a[0], a[1], "b", b[0], b[1], 1.0, "verbatim", False, 0, 0)


@hsettings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(list("ab_ İſ,.\n") + ["Word", "ÉTÉ", "x1"]), max_size=40).map("".join),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), min_size=1, max_size=6),
)
def test_words_of_a_span_are_what_the_expression_finds_there(text, spans) -> None:
    matches = [_match(span, (0, len(text))) for span in spans]
    words = _Words(matches, {"a": text, "b": text})
    for start, end in spans:
        side, found = words.side("a", start, end)
        plain = list(_WORD.finditer(text, start, end))
        assert side.starts.tolist() == [m.start() for m in plain]
        assert side.ends.tolist() == [m.end() for m in plain]
        assert found == [m.group().lower() for m in plain]


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-1, 5), max_size=12), st.lists(st.integers(0, 80), max_size=8))
def test_carry_table_is_where_each_cut_falls(to, cuts) -> None:
    src = _Side(np.arange(len(to)) * 7, np.arange(len(to)) * 7 + 5)
    dst = _Side(np.arange(6) * 11, np.arange(6) * 11 + 9)
    to_arr = np.asarray(to, np.int64)
    table = _carries(src, to_arr, dst, (0, 99))
    for x in cuts:
        i = int(np.searchsorted(src.starts, x))
        after = [k for k in range(i, len(to)) if to[k] >= 0]
        before = [k for k in range(i) if to[k] >= 0]
        plain = dst.starts[to[after[0]]] if after else dst.ends[to[before[-1]]] if before else 99
        assert table[i] == plain


def test_clusters_found_group_by_group_are_those_of_all_matches_at_once() -> None:
    """`cluster_matches` clusters each of the `match_groups` apart (so it holds one group's
    words at a time); over a news day's matches, with and without masked regions, that gives
    the clusters of all the matches found at once."""
    from reuse import detect
    from reuse.fixtures import FixtureConfig, generate
    from reuse.stages.cluster import (
        cluster_matches,
        found_clusters,
        match_groups,
        numbered_clusters,
    )

    day = generate(160, seed=2, config=FixtureConfig.news_day())
    report = detect(day.articles, jobs=1)
    matches = [m for m in report.matches if m.via is None]
    assert len(match_groups(matches)) > 5
    # A mask over the start of every tenth article the matches cover.
    covered = sorted({m.a for m in matches} | {m.b for m in matches})
    masked = {art: [(0, 200)] for art in covered[::10]}
    for mask in (None, masked):
        whole = numbered_clusters(found_clusters(matches, report.texts, mask))
        assert cluster_matches(matches, report.texts, mask) == whole
        assert len(whole) > 5


def test_segments_linked_a_batch_of_matches_at_a_time_are_those_linked_at_once(
    monkeypatch,
) -> None:
    """`_link` counts the words of a batch of matches at a time (so one large group does not
    hold several numbers for every word of every match at once); batches of a few dozen words
    give the clusters of one batch holding them all."""
    from reuse import detect
    from reuse.fixtures import FixtureConfig, generate
    from reuse.stages import cluster

    day = generate(160, seed=3, config=FixtureConfig.news_day())
    report = detect(day.articles, jobs=1)
    matches = [m for m in report.matches if m.via is None]
    monkeypatch.setattr(cluster, "_LINK_WORDS_AT_ONCE", 10**12)
    whole = cluster.cluster_matches(matches, report.texts)
    assert len(cluster._batches([m.a_end - m.a_start for m in matches])) == 1
    monkeypatch.setattr(cluster, "_LINK_WORDS_AT_ONCE", 60)
    assert len(cluster._batches([100, 10, 20, 40, 70])) == 4
    assert cluster.cluster_matches(matches, report.texts) == whole
    assert len(whole) > 5


@given(st.lists(st.integers(0, 50), max_size=30), st.integers(1, 80))
def test_batches_are_consecutive_and_bounded(sizes, bound) -> None:
    from reuse.stages import cluster

    old, cluster._LINK_WORDS_AT_ONCE = cluster._LINK_WORDS_AT_ONCE, bound
    try:
        found = cluster._batches(sizes)
    finally:
        cluster._LINK_WORDS_AT_ONCE = old
    assert [k for lo, hi in found for k in range(lo, hi)] == list(range(len(sizes)))
    for lo, hi in found:
        assert hi > lo
        assert hi - lo == 1 or sum(sizes[lo:hi]) <= bound
    # As few as the bound allows: no batch could take the next one's first item.
    for (lo, hi), (nlo, _) in zip(found, found[1:]):
        assert sum(sizes[lo:hi]) + sizes[nlo] > bound


def test_clusters_found_on_several_processes_are_those_of_one(monkeypatch) -> None:
    """With jobs > 1 the groups of matches are clustered in worker processes, dealt into steps
    the largest first; over a news day's matches, with and without masked regions, the
    clusters (and their numbers) are those one process finds."""
    from reuse import detect
    from reuse.fixtures import FixtureConfig, generate
    from reuse.stages import cluster

    day = generate(160, seed=4, config=FixtureConfig.news_day())
    report = detect(day.articles, jobs=1)
    matches = [m for m in report.matches if m.via is None]
    groups = cluster.match_groups(matches)
    assert len(groups) > 5
    covered = sorted({m.a for m in matches} | {m.b for m in matches})
    masked = {art: [(0, 200)] for art in covered[::10]}
    monkeypatch.setattr(cluster, "_PARALLEL_MATCHES", 1)
    for mask in (None, masked):
        one = cluster.cluster_matches(matches, report.texts, mask, jobs=1)
        assert len(one) > 5
        for jobs in (2, 3):
            assert cluster.cluster_matches(matches, report.texts, mask, jobs=jobs) == one


@given(st.lists(st.integers(1, 40), max_size=40), st.integers(1, 24))
def test_group_steps_hold_every_group_once_largest_first(sizes, n_steps) -> None:
    from reuse.stages import cluster

    groups = [list(range(10 * k, 10 * k + size)) for k, size in enumerate(sizes)]
    steps = cluster._group_steps(groups, n_steps)
    dealt = [g for step in steps for g in step]
    assert sorted(map(tuple, dealt)) == sorted(map(tuple, groups))
    assert [len(g) for g in dealt] == sorted(sizes, reverse=True)
    assert len(steps) <= max(n_steps, 1) and all(steps)
