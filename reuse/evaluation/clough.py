"""Clough & Stevenson's corpus of plagiarised short answers: load it and score a report on it
(reuse vs non by whether an answer is matched with its task's source; coverage by category)."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Union

from tabulate import tabulate

from ..errors import InputError
from ..text.spans import union_length
from .measures import Pair, Span, as_report_dict, cases_of, check_format, f1, fmt, reliability

__all__ = ["load_clough", "evaluate_clough", "render_clough"]

_REUSE = ("cut", "light", "heavy")


def _clough_dir(data_dir: Union[str, Path]) -> Path:
    d = Path(data_dir)
    if (d / "data" / "file_information.csv").is_file():
        d = d / "data"
    if not (d / "file_information.csv").is_file():
        raise InputError(
            f"{d}: no file_information.csv here; give the Clough & Stevenson corpus folder "
            "(the one holding data/ or file_information.csv)"
        )
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
            docs.append(
                {
                    "id": Path(name).stem,
                    "task": task,
                    "category": category,
                    "source": f"orig_task{task}",
                }
            )
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
    return {
        "n": len(gold),
        "accuracy": correct / len(gold) if gold else None,
        "precision": prec,
        "recall": rec,
        "f1": f1(prec, rec),
    }


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
    report = as_report_dict(report)
    check_format(report, "newsreuse-report", "report")
    articles, truth = load_clough(data_dir)
    length = {a["id"]: len(a["text"]) for a in articles}
    for art in report.get("articles") or []:
        if art.get("chars"):
            length[str(art["id"])] = int(art["chars"])  # lengths as the detector decoded them
    spans: dict[Pair, list[Span]] = {}
    for c in cases_of(report.get("matches") or [], "report"):
        a, b = c.pair
        spans.setdefault((a, b), []).append(c.a)
        spans.setdefault((b, a), []).append(c.b)
    rows = []
    wrong_source = 0
    for doc in truth["documents"]:
        own = spans.get((doc["id"], doc["source"]), [])
        coverage = union_length(own) / length[doc["id"]] if length.get(doc["id"]) else 0.0
        others = [
            s
            for s in spans
            if s[0] == doc["id"] and s[1].startswith("orig_task") and s[1] != doc["source"]
        ]
        wrong_source += bool(others)
        rows.append(
            {
                "id": doc["id"],
                "task": doc["task"],
                "category": doc["category"],
                "matched": bool(own),
                "coverage": coverage,
                "other_sources": len(others),
            }
        )
    gold = [r["category"] in _REUSE for r in rows]
    cov = [r["coverage"] for r in rows]
    fixed = _classify([r["matched"] for r in rows], gold)
    loo_pred, thresholds = [], []
    for i in range(len(rows)):
        t = _best_threshold(cov[:i] + cov[i + 1 :], gold[:i] + gold[i + 1 :])
        thresholds.append(t)
        loo_pred.append(cov[i] > t)
    loo = _classify(loo_pred, gold)
    loo["threshold_median"] = sorted(thresholds)[len(thresholds) // 2] if thresholds else None
    by_cat: dict[str, dict[str, Any]] = {}
    for cat in (*_REUSE, "non"):
        vals = [r for r in rows if r["category"] == cat]
        if vals:
            by_cat[cat] = {
                "n": len(vals),
                "mean_coverage": sum(r["coverage"] for r in vals) / len(vals),
                "matched": sum(r["matched"] for r in vals) / len(vals),
            }
    return {
        "format": "newsreuse-clough-evaluation",
        "version": 1,
        "answers": len(rows),
        "fixed_rule": fixed,
        "leave_one_out": loo,
        "by_category": by_cat,
        "answers_matching_another_source": wrong_source,
        "provenance": _provenance(report.get("derivations") or [], truth, rows),
        "rows": rows,
    }


def _provenance(
    derivations: Sequence[Mapping[str, Any]],
    truth: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """How the report's derivations tell where the reused answers it found came from. Every
    reused answer was written from its task's source, and no answer from another: so each
    found answer should have a `copied` derivation from its source, and no `copied`
    derivation should join two answers.

    Each derivation is also judged as a call: right when it is `copied` from a task's source
    to a reused answer of that task, or `common-source` between two reused answers of one
    task (both written from its source); wrong otherwise. With the confidences: how many
    wrong calls are at 0.9 and 0.95 or above, and the expected calibration error (ten bins,
    as `newsreuse evaluate` scores a generated truth)."""
    copied = {
        (str(d.get("source")), str(d.get("target")))
        for d in derivations
        if d.get("relation") == "copied"
    }
    sources = {doc["source"] for doc in truth["documents"]}
    found = [
        doc
        for doc, row in zip(truth["documents"], rows)
        if doc["category"] in _REUSE and row["matched"]
    ]
    reused_from = {
        doc["id"]: doc["source"] for doc in truth["documents"] if doc["category"] in _REUSE
    }

    def right(d: Mapping[str, Any]) -> bool:
        s, t = str(d.get("source")), str(d.get("target"))
        if d.get("relation") == "copied":
            return reused_from.get(t) == s
        return s in reused_from and reused_from.get(t) == reused_from[s]

    calls = [(float(d.get("confidence") or 0.0), right(d)) for d in derivations]
    ece, _ = reliability(calls)
    return {
        "found": len(found),
        "from_source": sum((d["source"], d["id"]) in copied for d in found),
        "source_reversed": sum((d["id"], d["source"]) in copied for d in found),
        "answer_pairs_copied": sum(1 for s, t in copied if s not in sources and t not in sources),
        "derivations": len(calls),
        "right": sum(ok for _, ok in calls),
        "wrong_at_90": sum(1 for c, ok in calls if c >= 0.9 and not ok),
        "wrong_at_95": sum(1 for c, ok in calls if c >= 0.95 and not ok),
        "calibration_error": ece,
    }


def render_clough(result: Mapping[str, Any], tablefmt: str = "simple") -> str:
    """The Clough & Stevenson scores as plain-text tables."""
    f = fmt
    rows = [
        [name, r["n"], f(r["accuracy"]), f(r["precision"]), f(r["recall"]), f(r["f1"])]
        for name, r in (
            ("any match with the source", result["fixed_rule"]),
            ("coverage threshold (leave-one-out)", result["leave_one_out"]),
        )
    ]
    out = [
        tabulate(
            rows,
            ["reuse vs non", "n", "accuracy", "precision", "recall", "F1"],
            tablefmt=tablefmt,
            disable_numparse=True,
        )
    ]
    rows = [
        [cat, r["n"], f(r["mean_coverage"]), f(r["matched"])]
        for cat, r in result["by_category"].items()
    ]
    out.append(
        tabulate(
            rows,
            ["category", "n", "mean coverage", "share matched"],
            tablefmt=tablefmt,
            disable_numparse=True,
        )
    )
    out.append(
        f"answers with a match to another task's source: {result['answers_matching_another_source']}"
    )
    prov = result.get("provenance")
    if prov:
        out.append(
            tabulate(
                [
                    ["reused answers found", prov["found"]],
                    ["  copied from their source, source first", prov["from_source"]],
                    ["  the source said to copy the answer", prov["source_reversed"]],
                    [
                        "answer pairs called copies (each was written from the source)",
                        prov["answer_pairs_copied"],
                    ],
                    ["derivations judged as calls", prov["derivations"]],
                    [
                        "  right (copied from the source, or two answers of one source)",
                        prov["right"],
                    ],
                    ["  wrong at confidence 0.9 or above", prov["wrong_at_90"]],
                    ["  wrong at confidence 0.95 or above", prov["wrong_at_95"]],
                    ["expected calibration error", f(prov["calibration_error"])],
                ],
                ["who took from whom", "n"],
                tablefmt=tablefmt,
                disable_numparse=True,
            )
        )
    return "\n\n".join(out) + "\n"
