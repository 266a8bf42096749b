"""A report scored against a fixtures truth file (`newsreuse fixtures`).

- Article pairs: a pair is reported when the report has at least one match between the two
  articles; truth pairs are those with a truth match. Precision, recall, F1.
- Passages: PAN's text alignment measures (see `measures`), overall, and split by kind of truth
  reuse and by passage size: the cases are those of the kind and the detections those that
  detect at least one of them (a detection that detects nothing belongs to no kind; it lowers
  only the overall precision). Case recall is the share of cases detected at all.
- Hard negatives: the share of same-story pairs without shared text that the report pairs up.
- Derivations: direction accuracy on truth `copied` pairs reported as `copied` (split by whether
  both articles carry a date-time), common-source precision and recall, and a reliability table
  of reported confidence against the share of derivations that are right. Pairs that share text
  only through a third article (a chain's two ends, two outlets of a wire story that is in the
  corpus) have no truth derivation; whatever the report says of them is left out of derivation
  scores.
- Events (when the truth lists them: news-day corpora): cluster purity, pair recall by event
  size, wire stories' provenance (when the report has `stories`) and attributed copies; see
  `events`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

from tabulate import tabulate

from ..model import Report
from .events import event_measures, render_events
from .measures import (
    Case,
    Pair,
    as_report_dict,
    by_pair,
    cases_of,
    check_format,
    derivations_by_pair,
    fmt,
    intersect,
    pair_of,
    pan_measures,
    prf,
    reliability,
)

__all__ = ["Evaluation", "evaluate", "KINDS", "SIZE_BUCKETS"]

# Kinds of truth reuse in the order their rows are shown: those of every fixtures corpus, then
# the obfuscation kinds (fixtures --preset obfuscation) from the lightest to the hardest.
KINDS = (
    "verbatim",
    "near-verbatim",
    "spun",
    "quote",
    "sentence-edit",
    "random-low",
    "translation",
    "random-high",
    "summary",
)
# Passage sizes in words: targets are stated for single sentences and for 40 words or more.
SIZE_BUCKETS = ((0, 40, "<40 words"), (40, None, ">=40 words"))
_CONFIDENCE_BINS = 10


def _detecting(cases: Sequence[Case], detections_by: Mapping[Pair, list[Case]]) -> list[Case]:
    """Detections that detect at least one of `cases` (each once)."""
    seen: dict[int, Case] = {}
    for c in cases:
        for d in detections_by.get(c.pair, []):
            if id(d) not in seen and intersect(c.a, d.a) and intersect(c.b, d.b):
                seen[id(d)] = d
    return list(seen.values())


def _group_measures(
    cases: Sequence[Case], dets_by: Mapping[Pair, list[Case]], reported: set[Pair]
) -> dict[str, Any]:
    detecting = _detecting(cases, dets_by)
    out = pan_measures(cases, detecting)
    pairs = {c.pair for c in cases}
    out["pairs"] = len(pairs)
    out["pair_recall"] = len(pairs & reported) / len(pairs) if pairs else None
    if not detecting:  # precision of no detections says nothing about this group
        out["precision"] = None
    return out


def _bucket(words: int) -> str:
    for low, high, name in SIZE_BUCKETS:
        if words >= low and (high is None or words < high):
            return name
    return SIZE_BUCKETS[-1][2]


# ---------------------------------------------------------------------------------------------
# Derivations
# ---------------------------------------------------------------------------------------------


def _dating(published: Optional[str]) -> str:
    if not published:
        return "undated"
    return "date-time" if "T" in str(published) else "date"


def _derivation_scores(
    report: Mapping[str, Any], truth: Mapping[str, Any], truth_pairs: set[Pair]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    published: dict[str, Optional[str]] = {}
    for art in report.get("articles") or []:
        published[str(art.get("id"))] = art.get("published")
    for art in truth.get("articles") or []:  # what the input carried wins over what was inferred
        published[str(art.get("id"))] = art.get("published")

    t_der: dict[Pair, Mapping[str, Any]] = {}
    for d in truth.get("derivations") or []:
        t_der[pair_of((d["source"], d["target"]))] = d
    r_der = derivations_by_pair(report)
    indirect = truth_pairs - set(t_der)  # related only through a third article

    def right(key: Pair, d: Mapping[str, Any]) -> bool:
        t = t_der.get(key)
        if t is None or t["relation"] != d.get("relation"):
            return False
        return t["relation"] != "copied" or (str(d["source"]), str(d["target"])) == (
            t["source"],
            t["target"],
        )

    # Direction on truth copied pairs reported as copied.
    groups: dict[str, list[bool]] = {
        "all": [],
        "both date-time": [],
        "date only": [],
        "a date missing": [],
    }
    by_kind: dict[str, list[bool]] = {}
    for key, t in t_der.items():
        d = r_der.get(key)
        if t["relation"] != "copied" or d is None or d.get("relation") != "copied":
            continue
        ok = (str(d["source"]), str(d["target"])) == (t["source"], t["target"])
        da, db = _dating(published.get(t["source"])), _dating(published.get(t["target"]))
        split = (
            "both date-time"
            if da == db == "date-time"
            else ("a date missing" if "undated" in (da, db) else "date only")
        )
        groups["all"].append(ok)
        groups.setdefault(split, []).append(ok)
        by_kind.setdefault(str(t.get("kind", "")), []).append(ok)

    def share(xs: list[bool]) -> dict[str, Any]:
        return {"n": len(xs), "accuracy": sum(xs) / len(xs) if xs else None}

    t_copied = {k for k, t in t_der.items() if t["relation"] == "copied"}
    t_cs = {k for k, t in t_der.items() if t["relation"] == "common-source"}
    r_cs = {
        k for k, d in r_der.items() if d.get("relation") == "common-source" and k not in indirect
    }
    r_copied = {k for k, d in r_der.items() if d.get("relation") == "copied" and k not in indirect}
    copied_right = sum(1 for k in r_copied & t_copied if right(k, r_der[k]))
    judged = {k: d for k, d in r_der.items() if k not in indirect}
    found = set(t_der) & set(r_der)
    scores = {
        "truth": len(t_der),
        "reported": len(r_der),
        "ignored_indirect": len(set(r_der) & indirect),
        "pairs": prf(len(found), len(judged), len(t_der)),
        "relation_accuracy": (
            sum(r_der[k].get("relation") == t_der[k]["relation"] for k in found) / len(found)
            if found
            else None
        ),
        "direction": {name: share(v) for name, v in groups.items()},
        "direction_by_kind": {k: share(v) for k, v in sorted(by_kind.items())},
        "copied": prf(copied_right, len(r_copied), len(t_copied)),
        "common_source": prf(len(r_cs & t_cs), len(r_cs), len(t_cs)),
        "correct": sum(right(k, d) for k, d in judged.items()),
    }
    # Reliability: bins of reported confidence against the share of derivations that are right.
    ece, table = reliability(
        [(float(d.get("confidence") or 0.0), right(k, d)) for k, d in judged.items()],
        _CONFIDENCE_BINS,
    )
    scores["expected_calibration_error"] = ece
    return scores, table


# ---------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    """Scores of one report against one truth. `to_dict()` for JSON, `render_table()` for people."""

    pairs: dict[str, Any]
    passages: dict[str, Any]
    by_kind: dict[str, dict[str, Any]]
    by_size: dict[str, dict[str, Any]]
    by_kind_size: dict[str, dict[str, dict[str, Any]]]
    negatives: dict[str, Any]
    derivations: dict[str, Any]
    reliability: list[dict[str, Any]] = field(default_factory=list)
    events: dict[str, Any] = field(default_factory=dict)  # empty when the truth has no events

    def to_dict(self) -> dict[str, Any]:
        out = {
            "format": "newsreuse-evaluation",
            "version": 1,
            "pairs": self.pairs,
            "passages": self.passages,
            "by_kind": self.by_kind,
            "by_size": self.by_size,
            "by_kind_size": self.by_kind_size,
            "negatives": self.negatives,
            "derivations": self.derivations,
            "reliability": self.reliability,
        }
        if self.events:
            out["events"] = self.events
        return out

    def render_table(self, tablefmt: str = "simple") -> str:
        """The scores as a few plain-text tables."""
        f = fmt
        out = []
        p = self.pairs
        out.append(
            tabulate(
                [
                    [
                        "article pairs",
                        p["truth"],
                        p["reported"],
                        f(p["precision"]),
                        f(p["recall"]),
                        f(p["f1"]),
                    ]
                ],
                ["", "truth", "reported", "precision", "recall", "F1"],
                tablefmt=tablefmt,
                disable_numparse=True,
            )
        )
        rows = []
        for name, m in [("all", self.passages), *self.by_kind.items(), *self.by_size.items()]:
            rows.append(
                [
                    name,
                    m["cases"],
                    f(m.get("pair_recall")),
                    f(m["case_recall"]),
                    f(m["precision"]),
                    f(m["recall"]),
                    f(m["granularity"], 2),
                    f(m["plagdet"]),
                ]
            )
        out.append(
            tabulate(
                rows,
                [
                    "passages",
                    "cases",
                    "pair rec",
                    "case rec",
                    "char prec",
                    "char rec",
                    "gran",
                    "plagdet",
                ],
                tablefmt=tablefmt,
                disable_numparse=True,
            )
        )
        rows = []
        for kind, sizes in self.by_kind_size.items():
            for size, m in sizes.items():
                rows.append(
                    [
                        kind,
                        size,
                        m["cases"],
                        f(m["case_recall"]),
                        f(m["recall"]),
                        f(m["pair_recall"]),
                    ]
                )
        if rows:
            out.append(
                tabulate(
                    rows,
                    ["kind", "size", "cases", "case rec", "char rec", "pair rec"],
                    tablefmt=tablefmt,
                    disable_numparse=True,
                )
            )
        n = self.negatives
        out.append(
            f"hard negatives: {n['reported']} of {n['pairs']} same-story pairs reported "
            f"(rate {f(n['rate'])})"
        )
        d = self.derivations
        rows = [
            [
                "pairs with a derivation",
                d["pairs"]["truth"],
                d["pairs"]["reported"],
                f(d["pairs"]["precision"]),
                f(d["pairs"]["recall"]),
                f(d["pairs"]["f1"]),
            ],
            [
                "copied (right direction)",
                d["copied"]["truth"],
                d["copied"]["reported"],
                f(d["copied"]["precision"]),
                f(d["copied"]["recall"]),
                f(d["copied"]["f1"]),
            ],
            [
                "common-source",
                d["common_source"]["truth"],
                d["common_source"]["reported"],
                f(d["common_source"]["precision"]),
                f(d["common_source"]["recall"]),
                f(d["common_source"]["f1"]),
            ],
        ]
        out.append(
            tabulate(
                rows,
                ["derivations", "truth", "reported", "precision", "recall", "F1"],
                tablefmt=tablefmt,
                disable_numparse=True,
            )
        )
        rows = [[name, v["n"], f(v["accuracy"])] for name, v in d["direction"].items()]
        rows += [
            [f"kind {name}", v["n"], f(v["accuracy"])] for name, v in d["direction_by_kind"].items()
        ]
        out.append(
            tabulate(
                rows,
                ["direction of copied", "n", "accuracy"],
                tablefmt=tablefmt,
                disable_numparse=True,
            )
        )
        rows = [
            [r["bin"], r["n"], f(r["mean_confidence"]), f(r["share_correct"])]
            for r in self.reliability
            if r["n"]
        ]
        if rows:
            out.append(
                tabulate(
                    rows,
                    ["confidence", "n", "mean conf", "share correct"],
                    tablefmt=tablefmt,
                    disable_numparse=True,
                )
                + f"\nexpected calibration error: {f(d['expected_calibration_error'])}"
            )
        if self.events:
            out += render_events(self.events, tablefmt)
        return "\n\n".join(out) + "\n"


def evaluate(report: Any, truth: Mapping[str, Any]) -> Evaluation:
    """Score a report (a parsed JSON report, or a `reuse.model.Report`) against a truth dict.

    Raises:
        ReportFormatError: when either is not what it should be (wrong `format`, bad matches).
    """
    report = as_report_dict(report)
    truth = as_report_dict(truth)
    check_format(report, "newsreuse-report", "report")
    check_format(truth, "newsreuse-truth", "truth")
    if report.get("stories"):
        # Relations that wide stories tell count as the pairwise derivations they stand for.
        told = Report.from_dict(report).relations()
        report = {**report, "derivations": [d.to_dict() for d in told]}
    cases = cases_of(truth.get("matches") or [], "truth")
    dets = cases_of(report.get("matches") or [], "report")
    dets_by = by_pair(dets)
    reported = set(dets_by)
    truth_pairs = {c.pair for c in cases}

    pairs = prf(len(reported & truth_pairs), len(reported), len(truth_pairs))
    passages = pan_measures(cases, dets)
    passages["pairs"] = len(truth_pairs)
    passages["pair_recall"] = pairs["recall"]

    kinds = [k for k in KINDS if any(c.kind == k for c in cases)]
    kinds += sorted({c.kind for c in cases} - set(KINDS))
    by_kind = {
        k: _group_measures([c for c in cases if c.kind == k], dets_by, reported) for k in kinds
    }
    sizes = [name for _, _, name in SIZE_BUCKETS]
    by_size = {
        s: _group_measures([c for c in cases if _bucket(c.words) == s], dets_by, reported)
        for s in sizes
        if any(_bucket(c.words) == s for c in cases)
    }
    by_kind_size: dict[str, dict[str, dict[str, Any]]] = {}
    for k in kinds:
        for s in sizes:
            group = [c for c in cases if c.kind == k and _bucket(c.words) == s]
            if group:
                by_kind_size.setdefault(k, {})[s] = _group_measures(group, dets_by, reported)

    negs = {pair_of(p) for p in truth.get("negatives") or []}
    hit = negs & reported
    negatives = {
        "pairs": len(negs),
        "reported": len(hit),
        "rate": len(hit) / len(negs) if negs else None,
        "examples": sorted(hit)[:10],
    }
    derivations, reliability = _derivation_scores(report, truth, truth_pairs)
    events = event_measures(report, truth, reported) if "events" in truth else {}
    return Evaluation(
        pairs, passages, by_kind, by_size, by_kind_size, negatives, derivations, reliability, events
    )
