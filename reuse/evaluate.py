"""Scores of a report against truth: the measures used for text reuse and plagiarism detection.

- Article pairs: a pair is reported when the report has at least one match between the two
  articles; truth pairs are those with a truth match. Precision, recall, F1.
- Passages: PAN's text alignment measures (Potthast, Stein, Barrón-Cedeño, Rosso 2010, "An
  Evaluation Framework for Plagiarism Detection"). A case (truth match) and a detection (report
  match) are each a pair of spans, one in each article. A detection *detects* a case when both
  are on the same article pair and overlap in both articles. With characters counted per article
  pair in both articles:

      recall    = |union over detected (case, detection) of case ∩ detection| / |union of cases|
      precision = the same numerator / |union of detections|
      granularity = mean, over detected cases, of the number of detections that detect each
      plagdet   = F1 / log2(1 + granularity)

  Split by kind of truth reuse, the cases are those of the kind and the detections those that
  detect at least one of them (a detection that detects nothing belongs to no kind; it lowers
  only the overall precision). Case recall is the share of cases detected at all.
- Hard negatives: the share of same-story pairs without shared text that the report pairs up.
- Derivations: direction accuracy on truth `copied` pairs reported as `copied` (split by whether
  both articles carry a date-time), common-source precision and recall, and a reliability table
  of reported confidence against the share of derivations that are right. Pairs that share text
  only through a third article (a chain's two ends, two outlets of a wire story that is in the
  corpus) have no truth derivation; whatever the report says of them is left out of derivation
  scores.
- Clough & Stevenson's short-answer corpus: `load_clough` and `evaluate_clough`.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from tabulate import tabulate

from .attribute import union_length
from .errors import InputError, ReportFormatError

__all__ = ["Evaluation", "evaluate", "pan_measures", "load_clough", "evaluate_clough",
           "render_clough", "KINDS", "SIZE_BUCKETS"]

KINDS = ("verbatim", "near-verbatim", "spun", "quote")
# Passage sizes in words: targets are stated for single sentences and for 40 words or more.
SIZE_BUCKETS = ((0, 40, "<40 words"), (40, None, ">=40 words"))
_CONFIDENCE_BINS = 10

Span = tuple[int, int]
Pair = tuple[str, str]


# ---------------------------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------------------------

def _as_dict(report: Any) -> dict[str, Any]:
    if hasattr(report, "to_dict") and not isinstance(report, Mapping):
        report = report.to_dict()
    if not isinstance(report, Mapping):
        raise ReportFormatError(f"a report must be a JSON object or a Report, got {type(report).__name__}")
    return dict(report)


def _check(doc: Mapping[str, Any], expected: str, what: str) -> None:
    fmt = doc.get("format")
    if fmt != expected:
        raise ReportFormatError(
            f"{what} has format {fmt!r}, expected {expected!r}: give a newsreuse "
            f"{'JSON report (newsreuse report --format json)' if what == 'report' else 'truth.json (newsreuse fixtures)'}")
    if not isinstance(doc.get("matches", []), list):
        raise ReportFormatError(f"{what} 'matches' must be a list")


@dataclass(frozen=True)
class _Case:
    pair: Pair
    a: Span
    b: Span
    kind: str = ""
    words: int = 0


def _cases(matches: Iterable[Mapping[str, Any]], what: str) -> list[_Case]:
    out = []
    for i, m in enumerate(matches):
        try:
            a, b = str(m["a"]), str(m["b"])
            sa, sb = (int(m["a_start"]), int(m["a_end"])), (int(m["b_start"]), int(m["b_end"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ReportFormatError(f"{what} match #{i + 1} lacks a, a_start, a_end, b, b_start or b_end: {exc}") from exc
        if b < a:
            a, b, sa, sb = b, a, sb, sa
        if a == b or sa[1] <= sa[0] or sb[1] <= sb[0]:
            continue  # an empty or self match carries no characters
        out.append(_Case((a, b), sa, sb, str(m.get("kind", "")), int(m.get("words") or 0)))
    return out


def _by_pair(items: Iterable[_Case]) -> dict[Pair, list[_Case]]:
    out: dict[Pair, list[_Case]] = {}
    for it in items:
        out.setdefault(it.pair, []).append(it)
    return out


def _pair_of(p: Any) -> Pair:
    a, b = (p["a"], p["b"]) if isinstance(p, Mapping) else (p[0], p[1])
    a, b = str(a), str(b)
    return (a, b) if a < b else (b, a)


# ---------------------------------------------------------------------------------------------
# PAN measures
# ---------------------------------------------------------------------------------------------

def _inter(x: Span, y: Span) -> Optional[Span]:
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
        cases = _cases(cases, "truth")
    if any(isinstance(d, Mapping) for d in detections):
        detections = _cases(detections, "report")
    cases_by, dets_by = _by_pair(cases), _by_pair(detections)
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
                ia, ib = _inter(c.a, d.a), _inter(c.b, d.b)
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
    granularity = gran_sum / detected if detected else 1.0
    f1 = _f1(precision, recall)
    return {
        "cases": len(cases), "detections": len(detections), "detected_cases": detected,
        "case_recall": detected / len(cases) if cases else None,
        "precision": precision, "recall": recall, "f1": f1, "granularity": granularity,
        "plagdet": f1 / math.log2(1 + granularity),
    }


def _f1(p: Optional[float], r: Optional[float]) -> float:
    if not p or not r:
        return 0.0
    return 2 * p * r / (p + r)


def _prf(tp: int, n_reported: int, n_truth: int) -> dict[str, Any]:
    """Precision (None when nothing is reported), recall (None without truth) and F1."""
    p = tp / n_reported if n_reported else None
    r = tp / n_truth if n_truth else None
    f1 = None if p is None and r is None else _f1(p, r)
    return {"truth": n_truth, "reported": n_reported, "tp": tp, "precision": p, "recall": r, "f1": f1}


def _detecting(cases: Sequence[_Case], detections_by: Mapping[Pair, list[_Case]]) -> list[_Case]:
    """Detections that detect at least one of `cases` (each once)."""
    seen: dict[int, _Case] = {}
    for c in cases:
        for d in detections_by.get(c.pair, []):
            if id(d) not in seen and _inter(c.a, d.a) and _inter(c.b, d.b):
                seen[id(d)] = d
    return list(seen.values())


def _group_measures(cases: Sequence[_Case], dets_by: Mapping[Pair, list[_Case]],
                    reported: set[Pair]) -> dict[str, Any]:
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


def _derivation_scores(report: Mapping[str, Any], truth: Mapping[str, Any],
                       truth_pairs: set[Pair]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    published: dict[str, Optional[str]] = {}
    for art in report.get("articles") or []:
        published[str(art.get("id"))] = art.get("published")
    for art in truth.get("articles") or []:  # what the input carried wins over what was inferred
        published[str(art.get("id"))] = art.get("published")

    t_der: dict[Pair, Mapping[str, Any]] = {}
    for d in truth.get("derivations") or []:
        t_der[_pair_of((d["source"], d["target"]))] = d
    r_der: dict[Pair, Mapping[str, Any]] = {}
    for d in report.get("derivations") or []:
        key = _pair_of((d["source"], d["target"]))
        # One record per pair is the contract; keep the most confident if a report has more.
        if key not in r_der or float(d.get("confidence") or 0) > float(r_der[key].get("confidence") or 0):
            r_der[key] = d
    indirect = truth_pairs - set(t_der)  # related only through a third article

    def right(key: Pair, d: Mapping[str, Any]) -> bool:
        t = t_der.get(key)
        if t is None or t["relation"] != d.get("relation"):
            return False
        return t["relation"] != "copied" or (str(d["source"]), str(d["target"])) == (t["source"], t["target"])

    # Direction on truth copied pairs reported as copied.
    groups: dict[str, list[bool]] = {"all": [], "both date-time": [], "date only": [], "a date missing": []}
    by_kind: dict[str, list[bool]] = {}
    for key, t in t_der.items():
        d = r_der.get(key)
        if t["relation"] != "copied" or d is None or d.get("relation") != "copied":
            continue
        ok = (str(d["source"]), str(d["target"])) == (t["source"], t["target"])
        da, db = _dating(published.get(t["source"])), _dating(published.get(t["target"]))
        split = "both date-time" if da == db == "date-time" else \
            ("a date missing" if "undated" in (da, db) else "date only")
        groups["all"].append(ok)
        groups.setdefault(split, []).append(ok)
        by_kind.setdefault(str(t.get("kind", "")), []).append(ok)

    def share(xs: list[bool]) -> dict[str, Any]:
        return {"n": len(xs), "accuracy": sum(xs) / len(xs) if xs else None}

    t_copied = {k for k, t in t_der.items() if t["relation"] == "copied"}
    t_cs = {k for k, t in t_der.items() if t["relation"] == "common-source"}
    r_cs = {k for k, d in r_der.items() if d.get("relation") == "common-source" and k not in indirect}
    r_copied = {k for k, d in r_der.items() if d.get("relation") == "copied" and k not in indirect}
    copied_right = sum(1 for k in r_copied & t_copied if right(k, r_der[k]))
    judged = {k: d for k, d in r_der.items() if k not in indirect}
    found = set(t_der) & set(r_der)
    scores = {
        "truth": len(t_der), "reported": len(r_der), "ignored_indirect": len(set(r_der) & indirect),
        "pairs": _prf(len(found), len(judged), len(t_der)),
        "relation_accuracy": (sum(r_der[k].get("relation") == t_der[k]["relation"] for k in found) / len(found)
                              if found else None),
        "direction": {name: share(v) for name, v in groups.items()},
        "direction_by_kind": {k: share(v) for k, v in sorted(by_kind.items())},
        "copied": _prf(copied_right, len(r_copied), len(t_copied)),
        "common_source": _prf(len(r_cs & t_cs), len(r_cs), len(t_cs)),
        "correct": sum(right(k, d) for k, d in judged.items()),
    }
    # Reliability: bins of reported confidence against the share of derivations that are right.
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(_CONFIDENCE_BINS)]
    for k, d in judged.items():
        c = min(max(float(d.get("confidence") or 0.0), 0.0), 1.0)
        bins[min(int(c * _CONFIDENCE_BINS), _CONFIDENCE_BINS - 1)].append((c, right(k, d)))
    table = []
    n_all = sum(len(b) for b in bins)
    ece = 0.0
    for i, b in enumerate(bins):
        lo, hi = i / _CONFIDENCE_BINS, (i + 1) / _CONFIDENCE_BINS
        conf = sum(c for c, _ in b) / len(b) if b else None
        acc = sum(ok for _, ok in b) / len(b) if b else None
        if b:
            ece += len(b) / n_all * abs(acc - conf)  # type: ignore[operator]
        table.append({"bin": f"[{lo:.1f}, {hi:.1f}{']' if i == _CONFIDENCE_BINS - 1 else ')'}",
                      "n": len(b), "mean_confidence": conf, "share_correct": acc})
    scores["expected_calibration_error"] = ece if n_all else None
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "newsreuse-evaluation", "version": 1,
            "pairs": self.pairs, "passages": self.passages, "by_kind": self.by_kind,
            "by_size": self.by_size, "by_kind_size": self.by_kind_size, "negatives": self.negatives,
            "derivations": self.derivations, "reliability": self.reliability,
        }

    def render_table(self, tablefmt: str = "simple") -> str:
        """The scores as a few plain-text tables."""
        f = _fmt
        out = []
        p = self.pairs
        out.append(tabulate([["article pairs", p["truth"], p["reported"], f(p["precision"]), f(p["recall"]), f(p["f1"])]],
                            ["", "truth", "reported", "precision", "recall", "F1"], tablefmt=tablefmt, disable_numparse=True))
        rows = []
        for name, m in [("all", self.passages), *self.by_kind.items(), *self.by_size.items()]:
            rows.append([name, m["cases"], f(m.get("pair_recall")), f(m["case_recall"]), f(m["precision"]),
                         f(m["recall"]), f(m["granularity"], 2), f(m["plagdet"])])
        out.append(tabulate(rows, ["passages", "cases", "pair rec", "case rec", "char prec", "char rec",
                                   "gran", "plagdet"], tablefmt=tablefmt, disable_numparse=True))
        rows = []
        for kind, sizes in self.by_kind_size.items():
            for size, m in sizes.items():
                rows.append([kind, size, m["cases"], f(m["case_recall"]), f(m["recall"]), f(m["pair_recall"])])
        if rows:
            out.append(tabulate(rows, ["kind", "size", "cases", "case rec", "char rec", "pair rec"],
                                tablefmt=tablefmt, disable_numparse=True))
        n = self.negatives
        out.append(f"hard negatives: {n['reported']} of {n['pairs']} same-story pairs reported "
                   f"(rate {f(n['rate'])})")
        d = self.derivations
        rows = [["pairs with a derivation", d["pairs"]["truth"], d["pairs"]["reported"], f(d["pairs"]["precision"]),
                 f(d["pairs"]["recall"]), f(d["pairs"]["f1"])],
                ["copied (right direction)", d["copied"]["truth"], d["copied"]["reported"], f(d["copied"]["precision"]),
                 f(d["copied"]["recall"]), f(d["copied"]["f1"])],
                ["common-source", d["common_source"]["truth"], d["common_source"]["reported"],
                 f(d["common_source"]["precision"]), f(d["common_source"]["recall"]), f(d["common_source"]["f1"])]]
        out.append(tabulate(rows, ["derivations", "truth", "reported", "precision", "recall", "F1"],
                            tablefmt=tablefmt, disable_numparse=True))
        rows = [[name, v["n"], f(v["accuracy"])] for name, v in d["direction"].items()]
        rows += [[f"kind {name}", v["n"], f(v["accuracy"])] for name, v in d["direction_by_kind"].items()]
        out.append(tabulate(rows, ["direction of copied", "n", "accuracy"], tablefmt=tablefmt, disable_numparse=True))
        rows = [[r["bin"], r["n"], f(r["mean_confidence"]), f(r["share_correct"])] for r in self.reliability if r["n"]]
        if rows:
            out.append(tabulate(rows, ["confidence", "n", "mean conf", "share correct"], tablefmt=tablefmt, disable_numparse=True)
                       + f"\nexpected calibration error: {f(d['expected_calibration_error'])}")
        return "\n\n".join(out) + "\n"


def _fmt(x: Optional[float], digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def evaluate(report: Any, truth: Mapping[str, Any]) -> Evaluation:
    """Score a report (a parsed JSON report, or a `reuse.model.Report`) against a truth dict.

    Raises:
        ReportFormatError: when either is not what it should be (wrong `format`, bad matches).
    """
    report = _as_dict(report)
    truth = _as_dict(truth)
    _check(report, "newsreuse-report", "report")
    _check(truth, "newsreuse-truth", "truth")
    cases = _cases(truth.get("matches") or [], "truth")
    dets = _cases(report.get("matches") or [], "report")
    dets_by = _by_pair(dets)
    reported = set(dets_by)
    truth_pairs = {c.pair for c in cases}

    pairs = _prf(len(reported & truth_pairs), len(reported), len(truth_pairs))
    passages = pan_measures(cases, dets)
    passages["pairs"] = len(truth_pairs)
    passages["pair_recall"] = pairs["recall"]

    kinds = [k for k in KINDS if any(c.kind == k for c in cases)]
    kinds += sorted({c.kind for c in cases} - set(KINDS))
    by_kind = {k: _group_measures([c for c in cases if c.kind == k], dets_by, reported) for k in kinds}
    sizes = [name for _, _, name in SIZE_BUCKETS]
    by_size = {s: _group_measures([c for c in cases if _bucket(c.words) == s], dets_by, reported)
               for s in sizes if any(_bucket(c.words) == s for c in cases)}
    by_kind_size: dict[str, dict[str, dict[str, Any]]] = {}
    for k in kinds:
        for s in sizes:
            group = [c for c in cases if c.kind == k and _bucket(c.words) == s]
            if group:
                by_kind_size.setdefault(k, {})[s] = _group_measures(group, dets_by, reported)

    negs = {_pair_of(p) for p in truth.get("negatives") or []}
    hit = negs & reported
    negatives = {"pairs": len(negs), "reported": len(hit), "rate": len(hit) / len(negs) if negs else None,
                 "examples": sorted(hit)[:10]}
    derivations, reliability = _derivation_scores(report, truth, truth_pairs)
    return Evaluation(pairs, passages, by_kind, by_size, by_kind_size, negatives, derivations, reliability)


# ---------------------------------------------------------------------------------------------
# Clough & Stevenson short answers
# ---------------------------------------------------------------------------------------------

_REUSE = ("cut", "light", "heavy")


def _clough_dir(data_dir: Union[str, Path]) -> Path:
    d = Path(data_dir)
    if (d / "data" / "file_information.csv").is_file():
        d = d / "data"
    if not (d / "file_information.csv").is_file():
        raise InputError(f"{d}: no file_information.csv here; give the Clough & Stevenson corpus folder "
                         "(the one holding data/ or file_information.csv)")
    return d


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # A few answers carry stray Windows-1252 bytes; decoding them so keeps every character.
        return raw.decode("cp1252", errors="replace")


def load_clough(data_dir: Union[str, Path]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The Clough & Stevenson corpus as articles plus document-level truth.

    Returns:
        (articles, truth): articles with `id` (file name without `.txt`) and `text`, answers and
        the five `orig_task<x>` sources; truth `{"format": "clough-stevenson", "documents": [...]}`
        with each answer's `task`, `category` (cut, light, heavy, non) and `source` id.
    """
    d = _clough_dir(data_dir)
    docs = []
    with (d / "file_information.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            name, task, category = row["File"].strip(), row["Task"].strip(), row["Category"].strip()
            if category == "orig":
                continue
            docs.append({"id": Path(name).stem, "task": task, "category": category,
                         "source": f"orig_task{task}"})
    ids = sorted({doc["id"] for doc in docs} | {doc["source"] for doc in docs})
    articles = []
    for i in ids:
        path = d / f"{i}.txt"
        if not path.is_file():
            raise InputError(f"{path}: listed in file_information.csv but missing")
        articles.append({"id": i, "text": _read_text(path)})
    return articles, {"format": "clough-stevenson", "documents": docs}


def _classify(pred: Sequence[bool], gold: Sequence[bool]) -> dict[str, Any]:
    tp = sum(p and g for p, g in zip(pred, gold))
    fp = sum(p and not g for p, g in zip(pred, gold))
    fn = sum(g and not p for p, g in zip(pred, gold))
    correct = sum(p == g for p, g in zip(pred, gold))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"n": len(gold), "accuracy": correct / len(gold) if gold else None,
            "precision": prec, "recall": rec, "f1": _f1(prec, rec)}


def _best_threshold(values: Sequence[float], gold: Sequence[bool]) -> float:
    """The coverage threshold (reuse iff coverage > t) with the best accuracy; ties: the lowest."""
    cands = sorted(set(values))
    points = [cands[0] - 1e-9] + [(x + y) / 2 for x, y in zip(cands, cands[1:])] + [cands[-1]]
    best, best_t = -1, points[0]
    for t in points:
        acc = sum((v > t) == g for v, g in zip(values, gold))
        if acc > best:
            best, best_t = acc, t
    return best_t


def evaluate_clough(report: Any, data_dir: Union[str, Path]) -> dict[str, Any]:
    """Score a report on the Clough & Stevenson corpus.

    For each answer: coverage = characters of the answer covered by matches with its task's
    source, over the answer's length. Reuse (cut, light, heavy) against non is then classified by
    a fixed rule (reuse iff the answer has any match with its source) and by a coverage threshold
    chosen by leave-one-out (each answer classified with the threshold that is best on the
    other 94). Also mean coverage by category and matches with another task's source.
    """
    report = _as_dict(report)
    _check(report, "newsreuse-report", "report")
    articles, truth = load_clough(data_dir)
    length = {a["id"]: len(a["text"]) for a in articles}
    for art in report.get("articles") or []:
        if art.get("chars"):
            length[str(art["id"])] = int(art["chars"])  # lengths as the detector decoded them
    spans: dict[Pair, list[Span]] = {}
    for c in _cases(report.get("matches") or [], "report"):
        a, b = c.pair
        spans.setdefault((a, b), []).append(c.a)
        spans.setdefault((b, a), []).append(c.b)
    rows = []
    wrong_source = 0
    for doc in truth["documents"]:
        own = spans.get((doc["id"], doc["source"]), [])
        cov = union_length(own) / length[doc["id"]] if length.get(doc["id"]) else 0.0
        others = [s for s in spans if s[0] == doc["id"] and s[1].startswith("orig_task") and s[1] != doc["source"]]
        wrong_source += bool(others)
        rows.append({"id": doc["id"], "task": doc["task"], "category": doc["category"],
                     "matched": bool(own), "coverage": cov, "other_sources": len(others)})
    gold = [r["category"] in _REUSE for r in rows]
    cov = [r["coverage"] for r in rows]
    fixed = _classify([r["matched"] for r in rows], gold)
    loo_pred, thresholds = [], []
    for i in range(len(rows)):
        t = _best_threshold(cov[:i] + cov[i + 1:], gold[:i] + gold[i + 1:])
        thresholds.append(t)
        loo_pred.append(cov[i] > t)
    loo = _classify(loo_pred, gold)
    loo["threshold_median"] = sorted(thresholds)[len(thresholds) // 2] if thresholds else None
    by_cat: dict[str, dict[str, Any]] = {}
    for cat in (*_REUSE, "non"):
        vals = [r for r in rows if r["category"] == cat]
        if vals:
            by_cat[cat] = {"n": len(vals), "mean_coverage": sum(r["coverage"] for r in vals) / len(vals),
                           "matched": sum(r["matched"] for r in vals) / len(vals)}
    return {"format": "newsreuse-clough-evaluation", "version": 1, "answers": len(rows),
            "fixed_rule": fixed, "leave_one_out": loo, "by_category": by_cat,
            "answers_matching_another_source": wrong_source, "rows": rows}


def render_clough(result: Mapping[str, Any], tablefmt: str = "simple") -> str:
    """The Clough & Stevenson scores as plain-text tables."""
    f = _fmt
    rows = [[name, r["n"], f(r["accuracy"]), f(r["precision"]), f(r["recall"]), f(r["f1"])]
            for name, r in (("any match with the source", result["fixed_rule"]),
                            ("coverage threshold (leave-one-out)", result["leave_one_out"]))]
    out = [tabulate(rows, ["reuse vs non", "n", "accuracy", "precision", "recall", "F1"], tablefmt=tablefmt, disable_numparse=True)]
    rows = [[cat, r["n"], f(r["mean_coverage"]), f(r["matched"])] for cat, r in result["by_category"].items()]
    out.append(tabulate(rows, ["category", "n", "mean coverage", "share matched"], tablefmt=tablefmt, disable_numparse=True))
    out.append(f"answers with a match to another task's source: {result['answers_matching_another_source']}")
    return "\n\n".join(out) + "\n"
