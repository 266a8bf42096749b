"""detect() end to end: the demo corpus, the Clough & Stevenson corpus, and properties."""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import reuse
from reuse.model import Article


@pytest.fixture(scope="module")
def seeds_report(seeds_dir: Path) -> reuse.Report:
    return reuse.detect(seeds_dir)


def _ids(report: reuse.Report) -> dict[str, str]:
    """Short id (the 3-digit prefix) -> full id of the demo articles."""
    return {a.id[:3]: a.id for a in report.articles}


def test_seeds_official_quote_found_whole_and_quoted(seeds_report: reuse.Report) -> None:
    ids = _ids(seeds_report)
    pair = [m for m in seeds_report.matches if (m.a, m.b) == (ids["000"], ids["001"])]
    assert len(pair) == 1
    m = pair[0]
    a = seeds_report.texts[m.a][m.a_start : m.a_end]
    b = seeds_report.texts[m.b][m.b_start : m.b_end]
    # Both halves of the quote, in both articles.
    assert "To be clear, we do not know whether President Putin has" in a
    assert "further military escalation in Ukraine" in a
    assert "engage in such escalation, should he decide to do so" in a
    assert "To be clear, we do not know whether President Putin has decided on" in b
    assert "engage in such an escalation if he decides to do so" in b
    assert m.quoted


def test_seeds_no_same_topic_matches(seeds_report: reuse.Report) -> None:
    ids = _ids(seeds_report)
    allowed = {(ids["000"], ids["001"]), (ids["000"], ids["003"])}
    for m in seeds_report.matches:
        assert (m.a, m.b) in allowed, (m, seeds_report.texts[m.a][m.a_start : m.a_end])
        if (m.a, m.b) == (ids["000"], ids["003"]):
            # Only the "genuine, meaningful and ... costs" quote variant may match here.
            assert "meaningful" in seeds_report.texts[m.a][m.a_start : m.a_end]


def test_seeds_clusters_and_dates(seeds_report: reuse.Report) -> None:
    ids = _ids(seeds_report)
    assert any(
        {p.article for p in c.passages} == {ids["000"], ids["001"]} and c.quoted
        for c in seeds_report.clusters
    )
    inferred = {a.id[:3]: a.published for a in seeds_report.articles if a.published_inferred}
    assert inferred == {"003": "2021-12-06", "004": "2021-12-29"}


def test_seeds_quote_is_common_source(seeds_report: reuse.Report) -> None:
    ids = _ids(seeds_report)
    (d,) = [d for d in seeds_report.derivations if {d.source, d.target} == {ids["000"], ids["001"]}]
    assert d.relation == "common-source"


def test_offsets_slice_original_text(seeds_report: reuse.Report) -> None:
    for m in seeds_report.matches:
        for art, s, e in ((m.a, m.a_start, m.a_end), (m.b, m.b_start, m.b_end)):
            text = seeds_report.texts[art]
            assert 0 <= s < e <= len(text)
            assert text[s:e] == text[s:e].strip()
        assert 0.0 <= m.similarity <= 1.0
        assert m.a < m.b
    for c in seeds_report.clusters:
        for p in c.passages:
            assert seeds_report.texts[p.article][p.start : p.end] == p.text


def _clough(
    clough_dir: Path, settings: reuse.Settings | None = None
) -> tuple[reuse.Report, list[dict[str, str]]]:
    report = reuse.detect(clough_dir / "data", settings)
    with open(clough_dir / "data" / "file_information.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["Category"] != "orig"]
    return report, rows


@pytest.fixture(scope="module")
def clough(clough_dir: Path) -> tuple[reuse.Report, list[dict[str, str]]]:
    return _clough(clough_dir)


def _reuse_f1(
    report: reuse.Report, rows: list[dict[str, str]]
) -> tuple[float, tuple[int, int, int]]:
    pairs = {(m.a, m.b) for m in report.matches} | {(m.b, m.a) for m in report.matches}
    tp = fp = fn = 0
    for r in rows:
        found = (r["File"][:-4], "orig_task" + r["Task"]) in pairs
        actual = r["Category"] != "non"
        tp += found and actual
        fp += found and not actual
        fn += actual and not found
    return 2 * tp / (2 * tp + fp + fn), (tp, fp, fn)


def test_clough_reuse_vs_non_f1(
    clough_dir: Path, clough: tuple[reuse.Report, list[dict[str, str]]]
) -> None:
    """Each answer with its task's source: reuse (cut/light/heavy) iff the report has a match
    between them. The trigram-containment baseline reaches F1 0.937.

    A few heavily revised answers share sentences with their source at a Jaccard near 0.33,
    where whether LSH lets them through depends on the MinHash permutations; so the F1 is
    taken over four permutation seeds (the default one among them), not one lucky seed.
    Measured: 0.957 on average over eight seeds (0.944 to 0.964), 0.962 over these four;
    precision is 1.0, the misses are heavy revisions and two "cut" answers that copied from
    outside the supplied source (so 0.982 is the most a detector can score).
    """
    report, rows = clough
    scores = [_reuse_f1(report, rows)]
    for seed in (2, 3, 4):
        other = reuse.detect(clough_dir / "data", reuse.Settings(minhash_seed=seed))
        scores.append(_reuse_f1(other, rows))
    f1s = [f for f, _ in scores]
    assert sum(f1s) / len(f1s) >= 0.95, scores
    assert min(f1s) >= 0.94, scores


def test_clough_answers_are_credited_to_their_source(
    clough_dir: Path, clough: tuple[reuse.Report, list[dict[str, str]]]
) -> None:
    """Every reused answer was written from its task's source and none from another answer,
    and nothing dates them. The source holds what any two answers share, and more of each: the
    fuller text. Measured: of the 53 reused answers found, 24 are `copied` from their source
    with the source first, 3 the other way, and 44 pairs of answers are called copies (before
    the fuller text: 15, 6 and 65). What is left is mostly answers that copied the whole
    source nearly word for word, which the texts cannot tell from the source itself."""
    from reuse.evaluation import evaluate_clough

    provenance = evaluate_clough(clough[0], clough_dir)["provenance"]
    assert provenance["found"] >= 50, provenance
    assert provenance["from_source"] >= 20, provenance
    assert provenance["source_reversed"] <= 5, provenance
    assert provenance["answer_pairs_copied"] <= 50, provenance


def test_clough_derivations_are_never_near_certain_when_wrong(
    clough_dir: Path, clough: tuple[reuse.Report, list[dict[str, str]]]
) -> None:
    """Nothing dates the answers, and the source holds what most pairs of answers share: a
    copy between two answers is one account of several, which the texts alone cannot tell
    apart (`fuller.doubt_by_holder`). Measured: of 86 derivations, 34 right; wrong calls at
    0.95 or above 0 and at 0.9 or above 2, calibration error 0.18 (before the doubt: 4, 9 and
    0.33)."""
    from reuse.evaluation import evaluate_clough

    provenance = evaluate_clough(clough[0], clough_dir)["provenance"]
    assert provenance["wrong_at_95"] == 0, provenance
    assert provenance["wrong_at_90"] <= 4, provenance
    assert provenance["calibration_error"] <= 0.25, provenance


def test_clough_plagiarism_preset_f1(clough_dir: Path) -> None:
    """The plagiarism preset (candidates looser: 21 bands of 3 rows, so a sentence pair of
    Jaccard 0.3 collides 44% of the time against 12%) finds every heavily revised answer the
    supplied source holds but one, whatever the MinHash seed: measured 0.954 with each of eight
    seeds (52 of 57, precision 1.0). The five misses: two "cut" answers copied from elsewhere,
    three heavy revisions (one shares no sentence with the source above a Jaccard of 0.36; one,
    g2pB_taskc, was counted found at 0.964 through a pair inferred from a 6-word scrap of a
    cluster, "the definition of the term means." against "The definition of term depends",
    which is no longer inferred)."""
    rows = _clough(clough_dir)[1]
    scores = [
        _reuse_f1(
            reuse.detect(
                clough_dir / "data", reuse.Settings.preset("plagiarism").replace(minhash_seed=seed)
            ),
            rows,
        )
        for seed in (1, 2, 3, 4)
    ]
    assert min(f for f, _ in scores) >= 0.95, scores
    assert all(fp == 0 for _, (_, fp, _) in scores), scores


@pytest.mark.parametrize("preset", ["news", "plagiarism"])
def test_clough_coverage_orders_categories(
    clough_dir: Path, clough: tuple[reuse.Report, list[dict[str, str]]], preset: str
) -> None:
    """Literal coverage (characters in runs of 3+ identical words, from the report's matches)
    orders cut > light > heavy > non; span coverage puts every reuse class far above non.
    (Measured span coverage: cut 0.70, light 0.79, heavy 0.46, non 0.00. Heavy revisions are
    matched passage by passage, not whole: passages stop where both sides have a sentence of
    their own.) The same holds with the plagiarism preset."""
    report, rows = (
        clough if preset == "news" else _clough(clough_dir, reuse.Settings.preset(preset))
    )
    chars = {a.id: a.chars for a in report.articles}
    literal: dict[tuple[str, str], int] = defaultdict(int)
    spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for m in report.matches:
        literal[(m.a, m.b)] += m.a_literal_chars
        literal[(m.b, m.a)] += m.b_literal_chars
        spans[(m.a, m.b)].append((m.a_start, m.a_end))
        spans[(m.b, m.a)].append((m.b_start, m.b_end))
    lit_by: dict[str, list[float]] = defaultdict(list)
    span_by: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        key = (r["File"][:-4], "orig_task" + r["Task"])
        lit_by[r["Category"]].append(min(1.0, literal[key] / chars[key[0]]))
        covered = set()
        for s, e in spans[key]:
            covered.update(range(s, e))
        span_by[r["Category"]].append(len(covered) / chars[key[0]])
    mean = {c: sum(v) / len(v) for c, v in lit_by.items()}
    assert mean["cut"] > mean["light"] > mean["heavy"] > mean["non"]
    span = {c: sum(v) / len(v) for c, v in span_by.items()}
    assert min(span["cut"], span["light"], span["heavy"]) > 0.4 > 0.05 > span["non"]


ARTICLES = [
    Article(
        "w1",
        "The central bank raised its main interest rate by half a percentage point on "
        "Thursday, its fourth increase this year, saying inflation remained far above its "
        "target. Markets had expected the move.",
        published="2024-03-07T10:00:00Z",
    ),
    Article(
        "o2",
        "Shares fell in early trading. The central bank raised its main interest rate by "
        "half a percentage point on Thursday, its fourth increase this year, saying "
        "inflation remained far above its target. Analysts were split.",
        published="2024-03-07T12:00:00Z",
    ),
    Article(
        "o3",
        "A storm closed schools across the region on Friday as rivers rose to levels not "
        "seen in a decade, officials said, urging residents to stay indoors.",
        published="2024-03-08",
    ),
    Article(
        "o4",
        "“We will not hesitate to act again if inflation does not come down,” the governor "
        "told reporters after the central bank raised its main rate on Thursday.",
        published="2024-03-07",
    ),
]


@given(st.randoms(use_true_random=False))
@hsettings(max_examples=10, deadline=None)
def test_report_does_not_depend_on_input_order(rnd: random.Random) -> None:
    shuffled = list(ARTICLES)
    rnd.shuffle(shuffled)
    assert reuse.detect(shuffled).to_json() == reuse.detect(ARTICLES).to_json()


def test_copied_by_time_order() -> None:
    report = reuse.detect(ARTICLES)
    (d,) = report.derivations
    assert (d.source, d.target, d.relation) == ("w1", "o2", "copied")
    assert 0.0 <= d.confidence <= 1.0


def test_dict_input_and_problems() -> None:
    report = reuse.detect(
        [
            {"id": "a", "text": ARTICLES[0].text},
            {"id": "b", "text": ""},
            {"id": "c", "body": ARTICLES[1].text},
        ]
    )
    assert [a.id for a in report.articles] == ["a", "c"]
    assert any(p.article == "b" for p in report.problems)
    assert len(report.matches) == 1


def test_same_report_on_one_core_and_two(clough_dir: Path) -> None:
    one = reuse.detect(clough_dir / "data", jobs=1)
    two = reuse.detect(clough_dir / "data", jobs=2)
    assert one.to_json() == two.to_json()
    assert one.matches, "the corpus has reuse to find"
