"""Scores against truth: hand-worked cases, properties, Clough & Stevenson, the evaluate command."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.cli.evaluation import evaluate as evaluate_cmd
from reuse.errors import ReportFormatError
from reuse.evaluation import evaluate, evaluate_clough, load_clough, pan_measures, render_clough
from reuse.model import ArticleSummary, Derivation, Match, Report


def _m(a: str, a0: int, a1: int, b: str, b0: int, b1: int, **extra) -> dict:
    return {"a": a, "a_start": a0, "a_end": a1, "b": b, "b_start": b0, "b_end": b1, **extra}


def _report(matches=(), derivations=(), articles=()) -> dict:
    return {
        "format": "newsreuse-report",
        "version": 1,
        "settings": {},
        "articles": list(articles),
        "matches": list(matches),
        "clusters": [],
        "derivations": list(derivations),
    }


def _truth(matches=(), derivations=(), negatives=(), articles=()) -> dict:
    return {
        "format": "newsreuse-truth",
        "version": 1,
        "articles": list(articles),
        "matches": list(matches),
        "derivations": list(derivations),
        "negatives": list(negatives),
    }


# One case: 100 characters of x copied into y (both spans 100 long), plus a same-story negative.
CASE = _m("x", 0, 100, "y", 200, 300, kind="verbatim", words=20)
TRUTH = _truth([CASE], negatives=[{"a": "x", "b": "z"}])


# -- PAN measures on cases worked out by hand -----------------------------------------------------


def test_perfect_report_scores_one() -> None:
    e = evaluate(_report([_m("x", 0, 100, "y", 200, 300)]), TRUTH)
    p = e.passages
    assert (p["precision"], p["recall"], p["granularity"], p["plagdet"]) == (1.0, 1.0, 1.0, 1.0)
    assert (e.pairs["precision"], e.pairs["recall"], e.pairs["f1"]) == (1.0, 1.0, 1.0)
    assert e.negatives["rate"] == 0.0


def test_empty_report_scores_zero() -> None:
    e = evaluate(_report(), TRUTH)
    p = e.passages
    assert (p["precision"], p["recall"], p["plagdet"], p["granularity"]) == (0.0, 0.0, 0.0, 1.0)
    assert e.pairs["recall"] == 0.0 and e.pairs["precision"] is None and e.pairs["f1"] == 0.0


def test_half_found_passage() -> None:
    # The first half in both articles: 50 + 50 of 200 case characters, all reported ones right.
    e = evaluate(_report([_m("x", 0, 50, "y", 200, 250)]), TRUTH)
    p = e.passages
    assert p["recall"] == 0.5 and p["precision"] == 1.0 and p["granularity"] == 1.0
    assert p["plagdet"] == pytest.approx(2 / 3)


def test_passage_found_in_three_pieces() -> None:
    pieces = [
        _m("x", 0, 30, "y", 200, 230),
        _m("x", 30, 60, "y", 230, 260),
        _m("x", 60, 100, "y", 260, 300),
    ]
    p = evaluate(_report(pieces), TRUTH).passages
    assert p["recall"] == 1.0 and p["precision"] == 1.0
    assert p["granularity"] == 3.0
    assert p["plagdet"] == pytest.approx(1.0 / math.log2(4)) == 0.5


def test_detection_twice_as_long_halves_precision() -> None:
    p = evaluate(_report([_m("x", 0, 200, "y", 150, 350)]), TRUTH).passages
    # Detected 400 characters, 200 of them the case's.
    assert p["recall"] == 1.0 and p["precision"] == 0.5
    assert p["plagdet"] == pytest.approx(2 * 0.5 / 1.5)


def test_overlap_in_one_article_only_detects_nothing() -> None:
    # Right place in x, wrong place in y: PAN counts a detection only if it overlaps in both.
    p = evaluate(_report([_m("x", 0, 100, "y", 0, 100)]), TRUTH).passages
    assert p["recall"] == 0.0 and p["precision"] == 0.0 and p["detected_cases"] == 0


def test_orientation_of_a_match_does_not_matter() -> None:
    swapped = evaluate(_report([_m("y", 200, 300, "x", 0, 100)]), TRUTH)
    assert swapped.passages["plagdet"] == 1.0 and swapped.pairs["f1"] == 1.0


def test_characters_are_counted_per_pair_in_both_articles() -> None:
    # One passage of w found in two copies: the same characters of w count once for each pair.
    truth = _truth([_m("w", 0, 100, "x", 0, 100), _m("w", 0, 100, "y", 0, 100)])
    p = evaluate(_report([_m("w", 0, 100, "x", 0, 100)]), truth).passages
    assert p["recall"] == 0.5 and p["precision"] == 1.0


def test_false_pair_and_hard_negative() -> None:
    rep = _report([_m("x", 0, 100, "y", 200, 300), _m("x", 10, 40, "z", 10, 40)])
    e = evaluate(rep, TRUTH)
    assert e.pairs["precision"] == 0.5 and e.pairs["recall"] == 1.0
    assert e.negatives == {"pairs": 1, "reported": 1, "rate": 1.0, "examples": [("x", "z")]}
    assert e.passages["precision"] == pytest.approx(200 / 260)


def test_split_by_kind_and_size() -> None:
    truth = _truth(
        [
            _m("a", 0, 100, "b", 0, 100, kind="verbatim", words=50),
            _m("c", 0, 40, "d", 0, 40, kind="spun", words=8),
        ]
    )
    e = evaluate(_report([_m("a", 0, 100, "b", 0, 100)]), truth)
    assert e.by_kind["verbatim"]["recall"] == 1.0 and e.by_kind["verbatim"]["precision"] == 1.0
    assert e.by_kind["spun"]["recall"] == 0.0 and e.by_kind["spun"]["case_recall"] == 0.0
    assert e.by_kind["spun"]["precision"] is None  # no detection touches a spun case
    assert (
        e.by_size[">=40 words"]["case_recall"] == 1.0
        and e.by_size["<40 words"]["case_recall"] == 0.0
    )
    assert e.by_kind_size["verbatim"][">=40 words"]["pair_recall"] == 1.0


# -- derivations ----------------------------------------------------------------------------------


def _deriv(s: str, t: str, rel: str = "copied", conf: float = 0.9, **extra) -> dict:
    return {"source": s, "target": t, "relation": rel, "confidence": conf, **extra}


DTRUTH = _truth(
    [
        _m("a", 0, 50, "b", 0, 50, kind="verbatim", words=10),
        _m("c", 0, 50, "d", 0, 50, kind="spun", words=10),
        _m("e", 0, 50, "f", 0, 50, kind="quote", words=10),
        _m("a", 0, 50, "g", 0, 50, kind="verbatim", words=10),
        _m("b", 0, 50, "g", 0, 50, kind="verbatim", words=10),
    ],
    [
        _deriv("a", "b", kind="verbatim"),
        _deriv("d", "c", kind="spun"),
        _deriv("e", "f", "common-source", kind="quote"),
        _deriv("b", "g", kind="verbatim"),
    ],
    articles=[
        {"id": "a", "published": "2024-01-01T10:00:00Z"},
        {"id": "b", "published": "2024-01-01T12:00:00Z"},
        {"id": "c", "published": "2024-01-02"},
        {"id": "d", "published": "2024-01-01"},
        {"id": "e", "published": None},
        {"id": "f", "published": None},
        {"id": "g", "published": None},
    ],
)


def test_direction_and_common_source() -> None:
    rep = _report(
        derivations=[
            _deriv("a", "b", conf=0.95),  # right
            _deriv("c", "d", conf=0.85),  # copied, wrong way round
            _deriv("e", "f", "common-source", conf=0.55),  # right
            _deriv("a", "g", "common-source", conf=0.6),  # a to g only through b: not judged
            _deriv("x", "y", "common-source", conf=0.15),  # no such relation
        ]
    )
    d = evaluate(rep, DTRUTH).derivations
    assert d["direction"]["all"] == {"n": 2, "accuracy": 0.5}
    assert d["direction"]["both date-time"] == {"n": 1, "accuracy": 1.0}
    assert d["direction"]["date only"] == {"n": 1, "accuracy": 0.0}
    assert d["direction_by_kind"]["spun"]["accuracy"] == 0.0
    assert d["ignored_indirect"] == 1
    cs = d["common_source"]
    assert (cs["tp"], cs["reported"], cs["truth"], cs["precision"], cs["recall"]) == (
        1,
        2,
        1,
        0.5,
        1.0,
    )
    assert d["copied"]["tp"] == 1 and d["copied"]["truth"] == 3
    assert d["pairs"]["recall"] == 0.75  # a-b, c-d, e-f of a-b, d-c, e-f, b-g
    assert d["relation_accuracy"] == 1.0


def test_reliability_table() -> None:
    rep = _report(
        derivations=[
            _deriv("a", "b", conf=0.95),
            _deriv("c", "d", conf=0.92),
            _deriv("x", "y", "common-source", conf=0.15),
        ]
    )
    e = evaluate(rep, DTRUTH)
    bins = {r["bin"]: r for r in e.reliability}
    assert bins["[0.9, 1.0]"]["n"] == 2 and bins["[0.9, 1.0]"]["share_correct"] == 0.5
    assert bins["[0.1, 0.2)"]["share_correct"] == 0.0 and bins["[0.5, 0.6)"]["n"] == 0
    ece = (2 * abs(0.5 - 0.935) + abs(0.0 - 0.15)) / 3
    assert e.derivations["expected_calibration_error"] == pytest.approx(ece)


# -- inputs ---------------------------------------------------------------------------------------


def test_accepts_a_report_object() -> None:
    rep = Report(
        settings={},
        articles=(ArticleSummary("x", None, None, False, None, 300, 100),),
        matches=(Match("m1", "x", 0, 100, "y", 200, 300, 1.0, "verbatim", False),),
        clusters=(),
        derivations=(Derivation("x", "y", "copied", 0.8, 100, 0.3),),
    )
    e = evaluate(rep, TRUTH)
    assert e.passages["plagdet"] == 1.0
    json.dumps(e.to_dict())  # JSON-ready
    assert "plagdet" in e.render_table()


def test_rejects_what_is_not_a_report() -> None:
    with pytest.raises(ReportFormatError, match="newsreuse-report"):
        evaluate({"matches": []}, TRUTH)
    with pytest.raises(ReportFormatError, match="truth"):
        evaluate(_report(), {"format": "something"})
    with pytest.raises(ReportFormatError, match="match #1"):
        evaluate(_report([{"a": "x"}]), TRUTH)


# -- properties -----------------------------------------------------------------------------------

span = st.tuples(st.integers(0, 300), st.integers(1, 80)).map(lambda t: (t[0], t[0] + t[1]))
match = st.builds(
    lambda pair, sa, sb: _m(pair[0], *sa, pair[1], *sb),
    st.sampled_from([("p", "q"), ("p", "r"), ("q", "r")]),
    span,
    span,
)


@settings(max_examples=60, deadline=None)
@given(cases=st.lists(match, min_size=1, max_size=6), dets=st.lists(match, max_size=6))
def test_measures_stay_in_range(cases, dets) -> None:
    r = pan_measures(cases, dets)
    for k in ("precision", "recall", "f1", "plagdet"):
        assert 0.0 <= r[k] <= 1.0
    assert r["granularity"] >= 1.0
    assert r["plagdet"] <= r["f1"] + 1e-12


@settings(max_examples=40, deadline=None)
@given(cases=st.lists(match, min_size=1, max_size=6))
def test_truth_as_report_is_perfect_and_orientation_free(cases) -> None:
    # Disjoint-in-both cases, so that each detection detects only its own case.
    keep, seen = [], []
    for c in cases:
        if all(
            c["a"] != o["a"]
            or c["b"] != o["b"]
            or (
                (c["a_end"] <= o["a_start"] or o["a_end"] <= c["a_start"])
                and (c["b_end"] <= o["b_start"] or o["b_end"] <= c["b_start"])
            )
            for o in seen
        ):
            keep.append(c)
            seen.append(c)
    r = pan_measures(keep, keep)
    assert (r["precision"], r["recall"], r["granularity"], r["plagdet"]) == (1.0, 1.0, 1.0, 1.0)
    flipped = [_m(c["b"], c["b_start"], c["b_end"], c["a"], c["a_start"], c["a_end"]) for c in keep]
    assert pan_measures(keep, flipped) == r


# -- Clough & Stevenson ---------------------------------------------------------------------------


def test_clough_loader_reads_the_corpus(clough_dir: Path) -> None:
    articles, truth = load_clough(clough_dir)
    assert truth["format"] == "clough-stevenson" and len(truth["documents"]) == 95
    assert len(articles) == 100
    cats = {
        c: sum(d["category"] == c for d in truth["documents"])
        for c in ("cut", "light", "heavy", "non")
    }
    assert cats == {"cut": 19, "light": 19, "heavy": 19, "non": 38}
    ids = {a["id"] for a in articles}
    assert {f"orig_task{x}" for x in "abcde"} <= ids
    assert all(d["source"] in ids for d in truth["documents"])


def test_clough_scores_a_report_that_finds_exactly_the_reuse(clough_dir: Path) -> None:
    articles, truth = load_clough(clough_dir)
    text = {a["id"]: a["text"] for a in articles}
    matches = []
    for d in truth["documents"]:
        if d["category"] != "non":
            a, b = sorted((d["id"], d["source"]))
            matches.append(_m(a, 0, len(text[a]), b, 0, len(text[b])))
    result = evaluate_clough(_report(matches), clough_dir)
    assert result["answers"] == 95
    assert result["fixed_rule"]["f1"] == 1.0 and result["leave_one_out"]["accuracy"] == 1.0
    assert result["by_category"]["cut"]["mean_coverage"] == 1.0
    assert result["by_category"]["non"]["mean_coverage"] == 0.0
    assert "leave-one-out" in render_clough(result)


def test_clough_coverage_counts_only_the_answer_side(clough_dir: Path) -> None:
    articles, truth = load_clough(clough_dir)
    text = {a["id"]: a["text"] for a in articles}
    doc = next(d for d in truth["documents"] if d["category"] == "cut")
    half = len(text[doc["id"]]) // 2
    other = "orig_taska" if doc["source"] != "orig_taska" else "orig_taskb"
    rep = _report([_m(doc["id"], 0, half, doc["source"], 0, 10), _m(doc["id"], 0, 5, other, 0, 5)])
    result = evaluate_clough(rep, clough_dir)
    row = next(r for r in result["rows"] if r["id"] == doc["id"])
    assert row["coverage"] == pytest.approx(half / len(text[doc["id"]]))
    assert result["answers_matching_another_source"] == 1


def test_clough_provenance_counts_copies_from_the_source_and_between_answers(
    clough_dir: Path,
) -> None:
    articles, truth = load_clough(clough_dir)
    text = {a["id"]: a["text"] for a in articles}
    reused = [d for d in truth["documents"] if d["category"] != "non"][:3]
    matches = []
    for d in reused:
        a, b = sorted((d["id"], d["source"]))
        matches.append(_m(a, 0, 10, b, 0, 10))
    first, second, third = reused
    derivations = [
        {
            "source": first["source"],
            "target": first["id"],
            "relation": "copied",
            "confidence": 0.95,
        },
        {
            "source": second["id"],
            "target": second["source"],
            "relation": "copied",
            "confidence": 0.96,
        },
        {
            "source": third["source"],
            "target": third["id"],
            "relation": "common-source",
            "confidence": 0.5,
        },
        {"source": first["id"], "target": third["id"], "relation": "copied", "confidence": 0.9},
    ]
    assert all(len(text[d["id"]]) > 10 for d in reused)
    result = evaluate_clough(_report(matches, derivations), clough_dir)
    assert result["provenance"] == {
        "found": 3,
        "from_source": 1,
        "source_reversed": 1,
        "answer_pairs_copied": 1,
        # Right: only the copy from the source. A source and its copy are no common source.
        "derivations": 4,
        "right": 1,
        "wrong_at_90": 2,
        "wrong_at_95": 1,
        # Ten bins: three calls at 0.90-0.96 of which one is right, one at 0.5 that is wrong.
        "calibration_error": pytest.approx(
            3 / 4 * abs(1 / 3 - (0.95 + 0.96 + 0.9) / 3) + 1 / 4 * 0.5
        ),
    }
    text = render_clough(result)
    assert "copied from their source, source first" in text
    assert "wrong at confidence 0.95 or above" in text


# -- the evaluate command -------------------------------------------------------------------------


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    rep, tru = tmp_path / "report.json", tmp_path / "truth.json"
    rep.write_text(json.dumps(_report([_m("x", 0, 50, "y", 200, 250)])), encoding="utf-8")
    tru.write_text(json.dumps(TRUTH), encoding="utf-8")
    return rep, tru


def test_evaluate_command_text_and_json(files, tmp_path: Path) -> None:
    rep, tru = files
    result = CliRunner().invoke(evaluate_cmd, [str(rep), str(tru)])
    assert result.exit_code == 0, result.output
    assert "plagdet" in result.output and "0.667" in result.output
    out = tmp_path / "scores.json"
    result = CliRunner().invoke(
        evaluate_cmd, [str(rep), str(tru), "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 0 and result.output == ""
    assert json.loads(out.read_text())["passages"]["recall"] == 0.5


def test_evaluate_command_errors_name_the_file(files, tmp_path: Path) -> None:
    rep, tru = files
    runner = CliRunner()
    missing = tmp_path / "nope.json"
    result = runner.invoke(evaluate_cmd, [str(missing), str(tru)])
    assert (
        result.exit_code == 1
        and "nope.json" in result.output
        and "newsreuse report" in result.output
    )
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = runner.invoke(evaluate_cmd, [str(bad), str(tru)])
    assert result.exit_code == 1 and "bad.json" in result.output and "not JSON" in result.output
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something-else"}))
    result = runner.invoke(evaluate_cmd, [str(other), str(tru)])
    assert result.exit_code == 1 and "not a newsreuse report" in result.output
    result = runner.invoke(evaluate_cmd, [str(rep), str(rep)])
    assert result.exit_code == 1 and "not a newsreuse truth file" in result.output
    result = runner.invoke(evaluate_cmd, [str(rep)])
    assert result.exit_code == 2 and "--clough" in result.output


def test_evaluate_command_refuses_a_report_of_another_corpus(tmp_path: Path) -> None:
    """Generated corpora number their articles alike: a report of seed 7 scored against the
    truth of seed 0 gave every measure 0, exit 0. The ids and outlets must be the truth's."""
    truth = {
        **TRUTH,
        "articles": [{"id": f"n{k:04d}", "outlet": f"Outlet {k % 7}"} for k in range(10)],
    }
    report = _report([_m("n0001", 0, 50, "n0002", 200, 250)])
    report["articles"] = [
        {**a, "id": f"n{k:04d}", "outlet": f"Paper {k % 5}"}
        for k, a in enumerate(
            [
                {
                    "published": None,
                    "published_inferred": False,
                    "title": None,
                    "chars": 400,
                    "reused_chars": 0,
                }
            ]
            * 10
        )
    ]
    rep, tru = tmp_path / "report.json", tmp_path / "truth.json"
    rep.write_text(json.dumps(report), encoding="utf-8")
    tru.write_text(json.dumps(truth), encoding="utf-8")
    result = CliRunner().invoke(evaluate_cmd, [str(rep), str(tru)])
    assert result.exit_code == 1 and "a report of another corpus" in result.output
    for a, t in zip(report["articles"], truth["articles"]):
        a["outlet"] = t["outlet"]
    rep.write_text(json.dumps(report), encoding="utf-8")
    assert CliRunner().invoke(evaluate_cmd, [str(rep), str(tru)]).exit_code == 0


def test_evaluate_command_on_clough(clough_dir: Path, tmp_path: Path) -> None:
    rep = tmp_path / "report.json"
    rep.write_text(json.dumps(_report()), encoding="utf-8")
    result = CliRunner().invoke(evaluate_cmd, [str(rep), "--clough", str(clough_dir)])
    assert result.exit_code == 0, result.output
    assert "mean coverage" in result.output
    result = CliRunner().invoke(evaluate_cmd, [str(rep), "--clough", str(tmp_path)])
    assert result.exit_code == 1 and "file_information.csv" in result.output


def test_commands_have_help() -> None:
    from reuse.cli.evaluation import fixtures

    for cmd in (fixtures, evaluate_cmd):
        result = CliRunner().invoke(cmd, ["--help"])
        assert result.exit_code == 0 and len(result.output) > 200
