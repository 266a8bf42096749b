"""The measures of text reuse and plagiarism detection that every evaluation uses: the PAN
text-alignment measures over passage pairs, precision, recall and F1, and reading reports.

PAN's measures (Potthast, Stein, Barrón-Cedeño, Rosso 2010, "An Evaluation Framework for
Plagiarism Detection"): a case (truth match) and a detection (report match) are each a pair of
spans, one in each article. A detection *detects* a case when both are on the same article pair
and overlap in both articles. With characters counted per article pair in both articles:

    recall    = |union over detected (case, detection) of case ∩ detection| / |union of cases|
    precision = the same numerator / |union of detections|
    granularity = mean, over detected cases, of the number of detections that detect each
    plagdet   = F1 / log2(1 + granularity)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Optional

from ..errors import ReportFormatError
from ..text.spans import union_length

__all__ = [
    "Span",
    "Pair",
    "Case",
    "as_report_dict",
    "check_format",
    "cases_of",
    "by_pair",
    "pair_of",
    "intersect",
    "pan_measures",
    "pan_summary",
    "f1",
    "prf",
    "fmt",
]

Span = tuple[int, int]
Pair = tuple[str, str]


def as_report_dict(report: Any) -> dict[str, Any]:
    if hasattr(report, "to_dict") and not isinstance(report, Mapping):
        report = report.to_dict()
    if not isinstance(report, Mapping):
        raise ReportFormatError(
            f"a report must be a JSON object or a Report, got {type(report).__name__}"
        )
    return dict(report)


def check_format(doc: Mapping[str, Any], expected: str, what: str) -> None:
    fmt = doc.get("format")
    if fmt != expected:
        raise ReportFormatError(
            f"{what} has format {fmt!r}, expected {expected!r}: give a newsreuse "
            f"{'JSON report (newsreuse report --format json)' if what == 'report' else 'truth.json (newsreuse fixtures)'}"
        )
    if not isinstance(doc.get("matches", []), list):
        raise ReportFormatError(f"{what} 'matches' must be a list")


@dataclass(frozen=True)
class Case:
    pair: Pair
    a: Span
    b: Span
    kind: str = ""
    words: int = 0


def cases_of(matches: Iterable[Mapping[str, Any]], what: str) -> list[Case]:
    out = []
    for i, m in enumerate(matches):
        try:
            a, b = str(m["a"]), str(m["b"])
            sa, sb = (int(m["a_start"]), int(m["a_end"])), (int(m["b_start"]), int(m["b_end"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ReportFormatError(
                f"{what} match #{i + 1} lacks a, a_start, a_end, b, b_start or b_end: {exc}"
            ) from exc
        if b < a:
            a, b, sa, sb = b, a, sb, sa
        if a == b or sa[1] <= sa[0] or sb[1] <= sb[0]:
            continue  # an empty or self match carries no characters
        out.append(Case((a, b), sa, sb, str(m.get("kind", "")), int(m.get("words") or 0)))
    return out


def by_pair(items: Iterable[Case]) -> dict[Pair, list[Case]]:
    out: dict[Pair, list[Case]] = {}
    for it in items:
        out.setdefault(it.pair, []).append(it)
    return out


def pair_of(p: Any) -> Pair:
    a, b = (p["a"], p["b"]) if isinstance(p, Mapping) else (p[0], p[1])
    a, b = str(a), str(b)
    return (a, b) if a < b else (b, a)


def derivations_by_pair(report: Mapping[str, Any]) -> dict[Pair, Mapping[str, Any]]:
    """The report's derivation of each article pair. One record per pair is the contract; of
    several, the most confident."""
    out: dict[Pair, Mapping[str, Any]] = {}
    for d in report.get("derivations") or []:
        key = pair_of((d["source"], d["target"]))
        if key not in out or float(d.get("confidence") or 0) > float(
            out[key].get("confidence") or 0
        ):
            out[key] = d
    return out


def intersect(x: Span, y: Span) -> Optional[Span]:
    s, e = max(x[0], y[0]), min(x[1], y[1])
    return (s, e) if s < e else None


def pan_measures(cases: Sequence[Any], detections: Sequence[Any]) -> dict[str, Any]:
    """PAN character precision, recall, granularity and plagdet of detections against cases.

    Both are sequences of matches (dicts with a, a_start, a_end, b, b_start, b_end); characters
    are counted per article pair in both articles. Conventions follow PAN's reference code: with
    neither cases nor detections, precision and recall are 1; with only one of them, both are 0;
    with no detected case, granularity is 1.
    """
    if any(isinstance(c, Mapping) for c in cases):
        cases = cases_of(cases, "truth")
    if any(isinstance(d, Mapping) for d in detections):
        detections = cases_of(detections, "report")
    cases_by, dets_by = by_pair(cases), by_pair(detections)
    case_chars = det_chars = hit_chars = 0
    detected = gran_sum = 0
    for pair in set(cases_by) | set(dets_by):
        cs, ds = cases_by.get(pair, []), dets_by.get(pair, [])
        case_chars += union_length([c.a for c in cs]) + union_length([c.b for c in cs])
        det_chars += union_length([d.a for d in ds]) + union_length([d.b for d in ds])
        hits_a: list[Span] = []
        hits_b: list[Span] = []
        for c in cs:
            n = 0
            for d in ds:
                ia, ib = intersect(c.a, d.a), intersect(c.b, d.b)
                if ia and ib:
                    n += 1
                    hits_a.append(ia)
                    hits_b.append(ib)
            if n:
                detected += 1
                gran_sum += n
        hit_chars += union_length(hits_a) + union_length(hits_b)
    if not cases and not detections:
        precision = recall = 1.0
    elif not cases or not detections:
        precision = recall = 0.0
    else:
        recall = hit_chars / case_chars if case_chars else 0.0
        precision = hit_chars / det_chars if det_chars else 0.0
    return pan_summary(len(cases), len(detections), detected, gran_sum, precision, recall)


def pan_summary(
    cases: int, detections: int, detected: int, gran_sum: int, precision: float, recall: float
) -> dict[str, Any]:
    """PAN's figures from the counts: `detected` cases found by `gran_sum` detections in all."""
    granularity = gran_sum / detected if detected else 1.0
    score = f1(precision, recall)
    return {
        "cases": cases,
        "detections": detections,
        "detected_cases": detected,
        "case_recall": detected / cases if cases else None,
        "precision": precision,
        "recall": recall,
        "f1": score,
        "granularity": granularity,
        "plagdet": score / math.log2(1 + granularity),
    }


def f1(p: Optional[float], r: Optional[float]) -> float:
    if not p or not r:
        return 0.0
    return 2 * p * r / (p + r)


def prf(tp: int, n_reported: int, n_truth: int) -> dict[str, Any]:
    """Precision (None when nothing is reported), recall (None without truth) and F1."""
    p = tp / n_reported if n_reported else None
    r = tp / n_truth if n_truth else None
    score = None if p is None and r is None else f1(p, r)
    return {
        "truth": n_truth,
        "reported": n_reported,
        "tp": tp,
        "precision": p,
        "recall": r,
        "f1": score,
    }


def reliability(
    calls: Iterable[tuple[float, bool]], bins: int = 10
) -> tuple[Optional[float], list[dict[str, Any]]]:
    """Expected calibration error of (confidence, right) calls, and the reliability table: the
    calls in `bins` equal bins of confidence, each with its mean confidence and share right
    (None for an empty bin; the error is None without calls)."""
    held: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for c, ok in calls:
        c = min(max(c, 0.0), 1.0)
        held[min(int(c * bins), bins - 1)].append((c, ok))
    n_all = sum(len(b) for b in held)
    ece = 0.0
    table = []
    for i, b in enumerate(held):
        lo, hi = i / bins, (i + 1) / bins
        conf = sum(c for c, _ in b) / len(b) if b else None
        acc = sum(ok for _, ok in b) / len(b) if b else None
        if conf is not None and acc is not None:
            ece += len(b) / n_all * abs(acc - conf)
        table.append(
            {
                "bin": f"[{lo:.1f}, {hi:.1f}{']' if i == bins - 1 else ')'}",
                "n": len(b),
                "mean_confidence": conf,
                "share_correct": acc,
            }
        )
    return (ece if n_all else None), table


def fmt(x: Optional[float], digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"
