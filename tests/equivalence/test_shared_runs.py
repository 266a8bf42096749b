"""The word runs the candidate stage marks as shared (`SharedRuns`) leave the n-gram seeds, and
so the passages, as they are: a run two articles hold is never left out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from reuse.corpus.objects import articles_from
from reuse.fixtures import generate
from reuse.model import Article
from reuse.settings import Settings
from reuse.stages.align import growth
from reuse.stages.align.growth import SharedRuns, keep_shared_runs, ngram_seed_codes, word_runs
from reuse.stages.align.stage import align_candidates
from reuse.stages.align.vectors import Idf
from reuse.stages.candidates.stage import find_candidates
from reuse.stages.prepare import prepare

SLICE = Path(__file__).resolve().parents[1] / "data" / "chronam_1916_01_06_07" / "corpus.jsonl.gz"


@hsettings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(0, 2**64 - 1) | st.sampled_from([7, 2**63, 2**40 + 5]), max_size=30),
        min_size=1,
        max_size=12,
    ),
    st.integers(1, 4),
    st.sampled_from([6, 27]),
)
def test_a_run_two_documents_hold_is_marked_and_one_alone_is_not(docs, steps, bits) -> None:
    """Counted a step of documents at a time (any cut), every run held by two documents or more
    is marked; a run whose slot no other document's run falls in is not (tiny bitmaps make
    slots collide)."""
    runs = SharedRuns(5, bits=bits)
    hashes = [np.array(d, dtype=np.uint64) for d in docs]
    cut = max(1, len(hashes) // steps)
    for lo in range(0, len(hashes), cut):
        step = hashes[lo : lo + cut]
        doc_of = np.repeat(np.arange(len(step)), [len(h) for h in step])
        runs.add(*runs.held(doc_of, np.concatenate(step)))
    runs.done()
    holders: dict[int, set[int]] = {}
    slot_holders: dict[int, set[int]] = {}
    for k, h in enumerate(hashes):
        for value, slot in zip(h.tolist(), runs.slots(h).tolist()):
            holders.setdefault(value, set()).add(k)
            slot_holders.setdefault(slot, set()).add(k)
    for h in hashes:
        marked = runs.may_share(h).tolist()
        for value, slot, mark in zip(h.tolist(), runs.slots(h).tolist(), marked):
            if len(holders[value]) >= 2:
                assert mark
            assert mark == (len(slot_holders[slot]) >= 2)


@hsettings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["port", "wage", "Lima", "the", "of", "deal", "x."]), max_size=14),
        max_size=6,
    ),
    st.integers(1, 4),
)
def test_the_runs_of_a_step_are_those_of_each_document(texts, k) -> None:
    """`word_runs` over several documents at once (the candidate stage's steps) gives each
    document the runs, starts and hashes it has alone (as alignment makes them): no run
    crosses from one document into the next."""
    settings = Settings()
    docs = [prepare(Article(f"d{n}", " ".join(t)), settings) for n, t in enumerate(texts)]
    doc_of, at, hashes = word_runs(docs, k)
    high = word_runs(docs, k, high_half=True)
    assert np.array_equal(high[2], hashes & np.uint64(0xFFFFFFFF00000000))
    assert np.array_equal(high[0], doc_of) and np.array_equal(high[1], at)
    for n, d in enumerate(docs):
        alone = word_runs([d], k)
        assert not alone[0].any()
        mine = doc_of == n
        assert np.array_equal(at[mine], alone[1]) and np.array_equal(hashes[mine], alone[2])
        assert (at[mine] + k <= len(d.hashes)).all()


def _corpora() -> list[list]:
    return [
        sorted(articles_from(SLICE, [], Settings()), key=lambda a: a.id),
        sorted(articles_from(generate(200, seed=5).articles, [], Settings()), key=lambda a: a.id),
    ]


def test_the_seeds_and_the_passages_are_those_without_the_marks() -> None:
    """On real front pages (nearly every run a page's own) and on generated news: the runs left
    per document fall (on the pages, to a fifth or less), each candidate pair's n-gram seeds
    are those of all the runs, and alignment gives the same matches with the marks and
    without them, with one job and with two."""
    settings = Settings()
    for number, articles in enumerate(_corpora()):
        candidates = find_candidates(articles, settings, 2, [], runs=True)
        assert candidates.runs is not None
        pairs = list(candidates.pairs)[:300]
        idf = Idf(candidates.df, len(articles), settings.stem_chars)
        needed = sorted({k for (i, j), _ in pairs for k in (i, j)})
        docs = {k: prepare(articles[k], settings) for k in needed}
        plain = dict(zip(needed, idf.unit_vectors_of([docs[k] for k in needed])))
        marked = dict(zip(needed, idf.unit_vectors_of([docs[k] for k in needed])))
        k = settings.seed_ngram_words
        for key in needed:
            keep_shared_runs(docs[key], marked[key], candidates.runs)
        all_runs = sum(len(growth._grams(docs[x], plain[x], k)[0]) for x in needed)
        kept = sum(len(growth._grams(docs[x], marked[x], k)[0]) for x in needed)
        assert 0 < kept < all_runs
        if number == 0:
            assert kept * 5 < all_runs, (kept, all_runs)
        for (i, j), _ in pairs:
            assert np.array_equal(
                ngram_seed_codes(docs[i], plain[i], docs[j], plain[j], k),
                ngram_seed_codes(docs[i], marked[i], docs[j], marked[j], k),
            )
            assert growth.shares_ngram(
                docs[i], plain[i], docs[j], plain[j], k
            ) == growth.shares_ngram(docs[i], marked[i], docs[j], marked[j], k)
        expected = align_candidates(articles, candidates.pairs, candidates.df, settings, 1, [])
        for jobs in (1, 2):
            got = align_candidates(
                articles, candidates.pairs, candidates.df, settings, jobs, [], runs=candidates.runs
            )
            assert got == expected


def test_a_step_that_cannot_count_its_runs_turns_the_marks_off(monkeypatch) -> None:
    """Marks missing a step's runs would leave shared runs out: when counting fails in a step,
    the stage hands on no marks at all, and its candidate pairs are the same."""
    settings = Settings()
    articles = sorted(
        articles_from(generate(80, seed=2).articles, [], Settings()), key=lambda a: a.id
    )
    counted = find_candidates(articles, settings, 1, [], runs=True)
    assert counted.runs is not None
    real = SharedRuns.step_slots
    seen = []

    def fail_once(self, docs):
        seen.append(len(docs))
        if len(seen) == 2:
            raise MemoryError("no room")
        return real(self, docs)

    monkeypatch.setattr(
        "reuse.stages.candidates.stage.article_steps",
        lambda n, jobs: [(k, min(k + 20, n)) for k in range(0, n, 20)],
    )
    monkeypatch.setattr(SharedRuns, "step_slots", fail_once)
    failed = find_candidates(articles, settings, 1, [], runs=True)
    assert len(seen) == 4 and failed.runs is None
    assert list(failed.pairs) == list(counted.pairs)


def test_a_step_is_counted_the_same_a_few_words_at_a_time(monkeypatch) -> None:
    """`step_slots` hashes a step's words a batch of documents at a time (bounded memory);
    the slots are those of the whole step at once, whatever the batch size."""
    settings = Settings()
    docs = [prepare(a, settings) for a in _corpora()[0][:40]]
    runs = SharedRuns(settings.seed_ngram_words)
    doc_of, _, hashes = word_runs(docs, runs.k)
    whole = runs.held(doc_of, hashes)
    for words in (1, 500, 5000, 1 << 19):
        monkeypatch.setattr(growth, "_RUN_WORDS", words)
        got = runs.step_slots(docs)
        assert all(np.array_equal(x, y) for x, y in zip(got, whole))
    assert len(whole[1]) and len(whole[0]) > len(whole[1])


def test_alignment_looks_up_every_run_when_the_marks_fail(monkeypatch) -> None:
    """A failure reading the marks for a document loses the shortcut, not a passage."""
    settings = Settings()
    articles = _corpora()[0]
    candidates = find_candidates(articles, settings, 1, [], runs=True)
    expected = align_candidates(articles, candidates.pairs, candidates.df, settings, 1, [])

    def broken(self, hashes):
        raise MemoryError("no room")

    monkeypatch.setattr(SharedRuns, "may_share", broken)
    problems: list = []
    got = align_candidates(
        articles, candidates.pairs, candidates.df, settings, 1, problems, runs=candidates.runs
    )
    assert got == expected and not problems
