"""Scores against a truth's planted events (news-day corpora): hand-worked cluster purity, pair
recall by event size, wire stories' provenance and attributed copies; and the measures computed
on a generated news day through the detector."""

from __future__ import annotations

import itertools

import pytest

import reuse
from reuse.evaluation import evaluate
from reuse.fixtures import FixtureConfig, generate


def _m(a: str, a0: int, a1: int, b: str, b0: int, b1: int, **extra) -> dict:
    return {"a": a, "a_start": a0, "a_end": a1, "b": b, "b_start": b0, "b_end": b1, **extra}


def _report(matches=(), clusters=(), derivations=(), stories=None) -> dict:
    rep = {
        "format": "newsreuse-report",
        "version": 1,
        "settings": {},
        "articles": [],
        "matches": list(matches),
        "clusters": list(clusters),
        "derivations": list(derivations),
    }
    if stories is not None:
        rep["stories"] = list(stories)
    return rep


def _truth(matches=(), events=(), derivations=()) -> dict:
    return {
        "format": "newsreuse-truth",
        "version": 1,
        "articles": [],
        "matches": list(matches),
        "derivations": list(derivations),
        "negatives": [],
        "events": list(events),
    }


def _event(eid: str, carriers: list[str], **extra) -> dict:
    rec = {"id": eid, "plan": "passage", "kind": "verbatim", "carriers": carriers}
    rec.update({"source": None, "wire": None, "first_carrier": None})
    rec.update(extra)
    return rec


def _cluster(*passages: tuple[str, int, int]) -> dict:
    return {
        "id": "c",
        "quoted": False,
        "passages": [{"article": a, "start": s, "end": e, "text": ""} for a, s, e in passages],
    }


# -- cluster purity -----------------------------------------------------------------------------

# e1: x[0, 100] = y[0, 100]; e2: x[200, 300] = z[0, 100] (x carries both, as a digest page does);
# e3 and e4: two versions of one write-thru, whose passages coincide in w.
PURITY_TRUTH = _truth(
    [
        _m("x", 0, 100, "y", 0, 100, event="e1"),
        _m("x", 200, 300, "z", 0, 100, event="e2"),
        _m("v", 0, 100, "w", 0, 100, event="e3"),
        _m("u", 0, 100, "w", 0, 100, event="e4"),
    ],
    [
        _event("e1", ["x", "y"]),
        _event("e2", ["x", "z"]),
        _event("e3", ["v", "w"], plan="write-thru", family="e3"),
        _event("e4", ["u", "w"], plan="write-thru", family="e3"),
    ],
)


def test_a_cluster_joining_two_events_is_not_pure() -> None:
    rep = _report(
        clusters=[
            _cluster(("x", 0, 100), ("y", 10, 90)),  # e1 alone
            _cluster(("x", 0, 300), ("z", 0, 100)),  # x's passage runs over both events
            _cluster(("q", 0, 50), ("r", 0, 50)),  # planted nothing: left out
            _cluster(("v", 0, 100), ("w", 0, 100), ("u", 5, 95)),  # one write-thru family
        ]
    )
    p = evaluate(rep, PURITY_TRUTH).events["purity"]
    assert (p["clusters"], p["clusters_on_events"], p["pure"], p["mixing"]) == (4, 3, 2, 1)
    assert p["pure_share"] == pytest.approx(2 / 3)
    # 2 + 1 (z's, in the mixing cluster's main event e2; x's passage is in both) + 3 of 7.
    assert p["passage_purity"] == pytest.approx(6 / 7)


def test_a_passage_overlaps_an_event_by_half_of_the_shorter_span() -> None:
    # y[60, 200] shares 40 characters with y[0, 100]: less than half of the shorter (100).
    rep = _report(clusters=[_cluster(("x", 0, 100), ("y", 60, 200))])
    p = evaluate(rep, PURITY_TRUTH).events["purity"]
    assert p["pure"] == 1 and p["passage_purity"] == 0.5
    # y[50, 200]: 50 of 100, enough.
    rep = _report(clusters=[_cluster(("x", 0, 100), ("y", 50, 200))])
    assert evaluate(rep, PURITY_TRUTH).events["purity"]["passage_purity"] == 1.0


# -- pair recall by event size --------------------------------------------------------------------


def _wire_event(eid: str, n: int) -> tuple[list[dict], dict]:
    carriers = [f"{eid}-{i:02d}" for i in range(n)]
    matches = [_m(a, 0, 100, b, 0, 100, event=eid) for a, b in itertools.combinations(carriers, 2)]
    return matches, _event(eid, carriers, plan="wire", wire="Global Wire Service")


def test_pair_recall_is_split_by_the_number_of_carriers() -> None:
    small_m, small = _wire_event("s", 2)
    mid_m, mid = _wire_event("m", 10)
    big_m, big = _wire_event("b", 40)
    truth = _truth(small_m + mid_m + big_m, [small, mid, big])
    found = mid_m[:9] + big_m  # none of the small event, 9 of 45 pairs of the middle one
    r = evaluate(_report(found), truth).events["pair_recall_by_size"]
    assert r["2-9 carriers"] == {"events": 1, "pairs": 1, "found": 0, "recall": 0.0}
    assert r["10-39 carriers"] == {"events": 1, "pairs": 45, "found": 9, "recall": 0.2}
    assert r["40+ carriers"] == {"events": 1, "pairs": 780, "found": 780, "recall": 1.0}


# -- wire stories' provenance ---------------------------------------------------------------------

WIRE_TRUTH = _truth(
    [
        _m("c1", 0, 50, "s1", 0, 50, event="e1"),
        _m("c2", 0, 50, "s1", 0, 50, event="e1"),
        _m("d1", 0, 50, "d2", 0, 50, event="e2"),
        _m("d2", 0, 50, "d3", 0, 50, event="e2"),
        _m("p", 0, 50, "q", 0, 50, event="e3"),
    ],
    [
        _event("e1", ["s1", "c1", "c2"], plan="wire", source="s1", wire="GWS", first_carrier="c1"),
        _event("e2", ["d1", "d2", "d3"], plan="wire", wire="CPA", first_carrier="d2"),
        _event("e3", ["p", "q"]),
    ],
)


def _story(**fields: object) -> dict:
    """A story as the JSON report writes it, with the fields a test does not care about."""
    carriers = list(fields["carriers"])  # type: ignore[call-overload]
    base = {
        "core": "",
        "text": "",
        "outlets": len(carriers),
        "earliest": carriers[0],
        "first_seen": None,
        "last_seen": None,
        "spread": [],
        "wire": None,
        "source": "in-corpus" if fields.get("source_article") else "unseen",
        "source_article": None,
        "purity": 1.0,
        "quoted": False,
    }
    return {**base, **fields}


def test_a_wire_story_is_judged_by_the_report_story_sharing_most_carriers() -> None:
    stories = [
        _story(id="s", cluster="c", carriers=["c1"], earliest="c1", wire="GWS"),
        _story(
            id="t",
            cluster="c",
            carriers=["s1", "c1", "c2"],
            earliest="s1",  # the source, when it is in the corpus
            wire="GWS",
            source_article="s1",
        ),
        _story(id="u", cluster="d", carriers=["d2", "d3"], earliest="d2", wire="MNA"),
    ]
    s = evaluate(_report(stories=stories), WIRE_TRUTH).events["stories"]
    assert s["wire_events"] == 2
    assert s["found"] == {"n": 2, "right": 2, "share": 1.0}
    assert s["wire_named"] == {"n": 2, "right": 1, "share": 0.5}
    assert s["earliest"] == {"n": 2, "right": 2, "share": 1.0}
    assert s["source_article"] == {"n": 1, "right": 1, "share": 1.0}
    assert s["source_unseen"] == {"n": 1, "right": 1, "share": 1.0}


def test_a_story_given_a_carrier_as_source_of_an_unseen_wire_is_wrong() -> None:
    """The agency's copy of e2 is not in the corpus: a story that names one of its carriers
    the source (others copied it) has its provenance wrong."""
    stories = [
        _story(id="t", cluster="c", carriers=["s1", "c1", "c2"], wire="GWS", source_article="s1"),
        _story(id="u", cluster="d", carriers=["d1", "d2", "d3"], wire="CPA", source_article="d2"),
    ]
    s = evaluate(_report(stories=stories), WIRE_TRUTH).events["stories"]
    assert s["source_unseen"] == {"n": 1, "right": 0, "share": 0.0}
    assert s["source_article"] == {"n": 1, "right": 1, "share": 1.0}


def test_a_wrong_first_carrier_counts_as_given_evident_unless_the_story_says_it_is_tied() -> None:
    stories = [
        _story(id="t", cluster="c", carriers=["c2", "c1", "s1"], earliest="c2", wire="GWS"),
        _story(id="u", cluster="d", carriers=["d1", "d2", "d3"], earliest="d1", wire="CPA"),
    ]
    s = evaluate(_report(stories=stories), WIRE_TRUTH).events["stories"]
    assert s["earliest"] == {"n": 2, "right": 0, "share": 0.0}
    assert s["earliest_wrong_evident"] == {"n": 2, "right": 2, "share": 1.0}
    stories[1]["earliest_tied"] = 2  # "d1, one of 3 the dates do not order": no false claim
    s = evaluate(_report(stories=stories), WIRE_TRUTH).events["stories"]
    assert s["earliest_wrong_evident"] == {"n": 2, "right": 1, "share": 0.5}


def test_story_measures_need_stories_in_the_report() -> None:
    e = evaluate(_report(), WIRE_TRUTH)
    assert "stories" not in e.events and "purity" in e.events
    s = evaluate(_report(stories=[]), WIRE_TRUTH).events["stories"]
    assert s["found"]["share"] == 0.0 and s["earliest"]["n"] == 2


# -- attributed copies ---------------------------------------------------------------------------

ATTRIBUTED_TRUTH = _truth(
    [_m(a, 0, 50, b, 0, 50, event=f"e{i}") for i, (a, b) in enumerate(["ab", "cd", "ef", "gh"])],
    [_event(f"e{i}", [a, b]) for i, (a, b) in enumerate(["ab", "cd", "ef", "gh"])],
    [
        {"source": "a", "target": "b", "relation": "copied", "attribution": True},
        {"source": "c", "target": "d", "relation": "copied", "attribution": True},
        {"source": "e", "target": "f", "relation": "copied", "attribution": True},
        {"source": "g", "target": "h", "relation": "common-source", "plan": "quote"},
    ],
)


def test_attributed_copies_count_as_copied_in_either_direction() -> None:
    rep = _report(
        derivations=[
            {"source": "b", "target": "a", "relation": "copied", "confidence": 0.9},
            {"source": "c", "target": "d", "relation": "copied", "confidence": 0.9},
            {"source": "e", "target": "f", "relation": "common-source", "confidence": 0.9},
            {"source": "g", "target": "h", "relation": "copied", "confidence": 0.9},
        ]
    )
    e = evaluate(rep, ATTRIBUTED_TRUTH)
    a = e.events["attribution"]
    assert a["labels"] == {"copied": 2, "common-source": 1, "none": 0}
    assert a["copied"] == {"n": 3, "right": 2, "share": pytest.approx(2 / 3)}
    assert a["direction"] == {"n": 2, "right": 1, "share": 0.5}
    assert a["quote_pairs_copied"] == {"n": 1, "right": 1, "share": 1.0}
    table = e.render_table()
    assert "attributed copy called copied" in table and "clusters on planted events" in table
    assert e.to_dict()["events"]["attribution"] == a


def test_no_event_measures_without_events_in_the_truth() -> None:
    truth = {k: v for k, v in ATTRIBUTED_TRUTH.items() if k != "events"}
    e = evaluate(_report(), truth)
    assert e.events == {} and "events" not in e.to_dict()
    assert "clusters on planted events" not in e.render_table()


# -- on a generated news day ---------------------------------------------------------------------


@pytest.mark.slow
def test_event_measures_compute_on_a_news_day_through_the_detector() -> None:
    # Only that the measures compute on a real report: the detector's stages are being changed,
    # so no thresholds here.
    fx = generate(250, seed=6, config=FixtureConfig.news_day(wire_carriers=(12, 24)))
    report = reuse.detect(fx.articles, jobs=1)
    ev = evaluate(report, fx.truth).events
    assert ev["events"] == len(fx.truth["events"])
    p = ev["purity"]
    assert p["clusters"] == len(report.clusters) and p["clusters_on_events"] > 0
    assert 0.0 <= p["pure_share"] <= 1.0 and 0.0 <= p["passage_purity"] <= 1.0
    sizes = ev["pair_recall_by_size"]
    assert sizes["10-39 carriers"]["events"] >= 1
    for row in sizes.values():
        assert row["recall"] is None or 0.0 <= row["recall"] <= 1.0
    assert ev["attribution"]["attributed"] == fx.truth["counts"]["attributed_copies"] > 0
    assert report.stories, "the detector tells the news day's clusters as stories"
    s = evaluate(report.to_dict(), fx.truth).events["stories"]
    assert s["wire_events"] > 0 and 0.0 <= s["found"]["share"] <= 1.0


def test_a_write_thru_family_is_judged_as_one_story() -> None:
    truth = _truth(
        [_m("v1a", 0, 50, "v1b", 0, 50, event="w1"), _m("v2a", 0, 50, "v2b", 0, 50, event="w2")],
        [
            _event("w1", ["v1a", "v1b"], plan="write-thru", wire="GWS", first_carrier="v1a"),
            {
                **_event("w2", ["v2a", "v2b"], plan="write-thru", wire="GWS", first_carrier="v2a"),
                "family": "w1",
            },
        ],
    )
    story = _story(id="s", cluster="c", carriers=["v1a", "v2a", "v1b", "v2b"], wire="GWS")
    s = evaluate(_report(stories=[story]), truth).events["stories"]
    assert s["wire_events"] == 1
    assert s["earliest"] == {"n": 1, "right": 1, "share": 1.0}
