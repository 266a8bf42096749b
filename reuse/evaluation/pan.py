"""Scores on a PAN text-alignment corpus: the public plagiarism detection benchmarks (PAN-PC-09
to 11, PAN 2012 to 2015 text alignment), as PAN scores them.

A PAN corpus holds suspicious and source documents (`susp/`, `src/`), a `pairs` file (one
"suspicious-documentXXXXX.txt source-documentYYYYY.txt" a line, in the corpus's folder and in
each of its sub-corpora's) and the truth as XML files, one a suspicious document or a pair:

    <document reference="suspicious-document00001.txt">
      <feature name="plagiarism" obfuscation="random" this_offset="5" this_length="400"
               source_reference="source-document00042.txt" source_offset="80"
               source_length="390"/>
    </document>

`evaluate_pan(report, folder)` reads them (XML with the standard library's parser) and scores the
report's matches on the corpus's pairs with PAN's measures (Potthast, Stein, Barrón-Cedeño,
Rosso 2010): a case and a detection are each a span in the suspicious document and one in the
source; a detection detects a case when both overlap it on the same pair. Characters are counted
in both documents. Recall is the mean, over cases, of the share of the case's characters that
detecting detections cover; precision the mean, over detections, of the share of the
detection's characters inside cases it detects; granularity the mean number of detections of a
detected case; plagdet = F1 / log2(1 + granularity). The same over all characters at once
(`pan_measures`) is given too, as `characters`.

A report's article names a document when its id is the document's file name, that name without
the suffix, or either after a folder (`susp/suspicious-document00001`, as a folder's articles
are named).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Union

from tabulate import tabulate

from ..errors import ReportFormatError
from ..text.spans import union_length
from .measures import (
    Span,
    as_report_dict,
    cases_of,
    check_format,
    fmt,
    intersect,
    pan_measures,
    pan_summary,
)

__all__ = ["PanCase", "load_pan", "pan_scores", "evaluate_pan", "render_pan"]


@dataclass(frozen=True)
class PanCase:
    """A span of a suspicious document (`this`) and one of a source document, or a detection
    of one; `group` is the sub-corpus (the folder of its truth file) and `obfuscation` PAN's
    name for how it was disguised."""

    this: str
    this_span: Span
    source: str
    source_span: Span
    group: str = "."
    obfuscation: str = ""


@dataclass
class PanTruth:
    """A PAN corpus's truth: its cases, its pairs by sub-corpus, and what could not be read."""

    cases: list[PanCase]
    pairs: dict[str, set[tuple[str, str]]]
    problems: list[str]


def _rel(folder: Path, path: Path) -> str:
    return path.parent.relative_to(folder).as_posix()


def load_pan(folder: Union[str, Path]) -> PanTruth:
    """The cases (`<feature name="plagiarism">` of every `*.xml` under `folder`) and the pairs
    (every file named `pairs` under it, by the folder it is in). A file that cannot be read is
    named in `problems` and left out."""
    root = Path(folder)
    if not root.is_dir():
        raise ReportFormatError(
            f"{root}: not a folder; give the folder of a PAN text-alignment corpus (its pairs "
            "file and its XML truth files)"
        )
    problems: list[str] = []
    pairs: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(root.rglob("pairs")):
        if not path.is_file():
            continue
        group = _rel(root, path)
        found = pairs.setdefault(group, set())
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: cannot be read ({exc}): its pairs are left out")
            continue
        for n, line in enumerate(lines, 1):
            parts = line.split()
            if not parts or line.lstrip().startswith("#"):
                continue
            if len(parts) != 2:
                problems.append(f"{path}:{n}: not two document names: line left out")
                continue
            found.add((parts[0], parts[1]))
    cases: list[PanCase] = []
    xml_files = sorted(p for p in root.rglob("*.xml") if p.is_file())
    for path in xml_files:
        try:
            doc = ET.parse(path).getroot()
        except (ET.ParseError, OSError) as exc:
            problems.append(f"{path}: not readable XML ({exc}): its cases are left out")
            continue
        this = doc.get("reference")
        for n, feature in enumerate(doc.iter("feature"), 1):
            if feature.get("name") not in ("plagiarism", "artificial-plagiarism"):
                continue
            try:
                t_off, t_len = (
                    int(feature.get("this_offset", "")),
                    int(feature.get("this_length", "")),
                )
                s_off, s_len = (
                    int(feature.get("source_offset", "")),
                    int(feature.get("source_length", "")),
                )
            except ValueError:
                problems.append(
                    f"{path}: feature {n} lacks whole-number offsets and lengths: left out"
                )
                continue
            source = feature.get("source_reference")
            if not this or not source or t_len <= 0 or s_len <= 0:
                continue
            cases.append(
                PanCase(
                    this,
                    (t_off, t_off + t_len),
                    source,
                    (s_off, s_off + s_len),
                    _rel(root, path),
                    feature.get("obfuscation") or feature.get("type") or "",
                )
            )
    if not xml_files:
        raise ReportFormatError(
            f"{root}: no XML truth files (suspicious-document...xml) under it; give the folder "
            "of a PAN text-alignment corpus"
        )
    return PanTruth(cases, pairs, problems)


def _names(name: str) -> tuple[str, ...]:
    """The ways an article id may name a document: its file name, without the suffix."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return (name, stem)


def _documents(ids: Sequence[str], wanted: set[str]) -> tuple[dict[str, str], list[str]]:
    """Document name -> the report's article id, for the `wanted` names; and the names no
    article (or more than one) holds."""
    holders: dict[str, set[str]] = {}
    for aid in ids:
        last = aid.rsplit("/", 1)[-1]
        for key in {*_names(aid), *_names(last)}:
            holders.setdefault(key, set()).add(aid)
    out: dict[str, str] = {}
    missing: list[str] = []
    for name in sorted(wanted):
        found: set[str] = set()
        for key in _names(name):
            found = holders.get(key, set())
            if found:
                break
        if len(found) == 1:
            out[name] = next(iter(found))
        else:
            missing.append(name)
    return out, missing


def pan_scores(cases: Sequence[PanCase], detections: Sequence[PanCase]) -> dict[str, Any]:
    """PAN's precision, recall, granularity and plagdet (means over cases and over detections;
    see the module), with the counts. With neither cases nor detections precision and recall
    are 1; with one of them only, 0; with no detected case, granularity is 1."""
    by_pair: dict[tuple[str, str], list[tuple[int, PanCase]]] = {}
    for k, d in enumerate(detections):
        by_pair.setdefault((d.this, d.source), []).append((k, d))
    case_shares: list[float] = []
    covered: dict[int, tuple[list[Span], list[Span]]] = {}  # detection -> parts inside cases
    detected = gran_sum = 0
    for c in cases:
        hits_t: list[Span] = []
        hits_s: list[Span] = []
        n = 0
        for k, d in by_pair.get((c.this, c.source), []):
            it, is_ = intersect(c.this_span, d.this_span), intersect(c.source_span, d.source_span)
            if it and is_:
                n += 1
                hits_t.append(it)
                hits_s.append(is_)
                mine = covered.setdefault(k, ([], []))
                mine[0].append(it)
                mine[1].append(is_)
        size = (c.this_span[1] - c.this_span[0]) + (c.source_span[1] - c.source_span[0])
        case_shares.append((union_length(hits_t) + union_length(hits_s)) / size)
        if n:
            detected += 1
            gran_sum += n
    det_shares = []
    for k, d in enumerate(detections):
        size = (d.this_span[1] - d.this_span[0]) + (d.source_span[1] - d.source_span[0])
        inside = covered.get(k)
        det_shares.append(
            (union_length(inside[0]) + union_length(inside[1])) / size if inside and size else 0.0
        )
    if not cases and not detections:
        precision = recall = 1.0
    elif not cases or not detections:
        precision = recall = 0.0
    else:
        recall = sum(case_shares) / len(case_shares)
        precision = sum(det_shares) / len(det_shares)
    return pan_summary(len(cases), len(detections), detected, gran_sum, precision, recall)


def _as_matches(items: Sequence[PanCase]) -> list[dict[str, Any]]:
    return [
        {
            "a": c.this,
            "a_start": c.this_span[0],
            "a_end": c.this_span[1],
            "b": c.source,
            "b_start": c.source_span[0],
            "b_end": c.source_span[1],
        }
        for c in items
    ]


def _scores(cases: Sequence[PanCase], detections: Sequence[PanCase]) -> dict[str, Any]:
    out = pan_scores(cases, detections)
    chars = pan_measures(_as_matches(cases), _as_matches(detections))
    out["characters"] = {k: chars[k] for k in ("precision", "recall", "granularity", "plagdet")}
    return out


def evaluate_pan(report: Any, folder: Union[str, Path]) -> dict[str, Any]:
    """Score a report (a JSON report or a Report) on the PAN text-alignment corpus in `folder`:
    over all its pairs, by sub-corpus (each folder with a `pairs` file, its own pairs) and by
    obfuscation. Only matches between the two documents of a pair count; the others are
    counted (`matches_outside_pairs`)."""
    report = as_report_dict(report)
    check_format(report, "newsreuse-report", "report")
    truth = load_pan(folder)
    problems = list(truth.problems)
    all_pairs: set[tuple[str, str]] = set()
    for found in truth.pairs.values():
        all_pairs |= found
    all_pairs |= {(c.this, c.source) for c in truth.cases}
    names = {n for pair in all_pairs for n in pair}
    ids = [str(a["id"]) for a in report.get("articles") or []]
    doc_of, missing = _documents(ids, names)
    if missing:
        shown = ", ".join(missing[:3]) + (
            f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        )
        problems.append(
            f"{len(missing)} documents of the pairs are no article of the report, or name more "
            f"than one ({shown}): their pairs get no detection"
        )
    pair_of_ids: dict[tuple[str, str], tuple[str, str]] = {}
    for this, source in sorted(all_pairs):
        a, b = doc_of.get(this), doc_of.get(source)
        if a and b and a != b:
            pair_of_ids[(a, b)] = (this, source)
    detections: list[PanCase] = []
    outside = 0
    for m in cases_of(report.get("matches") or [], "report"):
        a, b = m.pair
        if (a, b) in pair_of_ids:
            this, source = pair_of_ids[(a, b)]
            detections.append(PanCase(this, m.a, source, m.b))
        elif (b, a) in pair_of_ids:
            this, source = pair_of_ids[(b, a)]
            detections.append(PanCase(this, m.b, source, m.a))
        else:
            outside += 1
    out: dict[str, Any] = {
        "format": "newsreuse-pan-evaluation",
        "version": 1,
        "pairs": len(all_pairs),
        "matches_outside_pairs": outside,
        "all": _scores(truth.cases, detections),
    }
    groups: dict[str, Any] = {}
    for group in sorted(g for g in truth.pairs if g != "."):
        mine = truth.pairs[group] | {(c.this, c.source) for c in truth.cases if c.group == group}
        groups[group] = {
            "pairs": len(mine),
            **_scores(
                [c for c in truth.cases if (c.this, c.source) in mine],
                [d for d in detections if (d.this, d.source) in mine],
            ),
        }
    out["by_subcorpus"] = groups
    kinds = sorted({c.obfuscation for c in truth.cases if c.obfuscation})
    by_kind: dict[str, Any] = {}
    for kind in kinds:
        mine_cases = [c for c in truth.cases if c.obfuscation == kind]
        # Recall by obfuscation: the detections on the pairs of its cases.
        pairs = {(c.this, c.source) for c in mine_cases}
        scores = pan_scores(mine_cases, [d for d in detections if (d.this, d.source) in pairs])
        by_kind[kind] = {"cases": len(mine_cases), "recall": scores["recall"]}
    out["by_obfuscation"] = by_kind
    out["problems"] = problems
    return out


def render_pan(result: Mapping[str, Any], tablefmt: str = "simple") -> str:
    """The PAN scores as plain-text tables."""
    f = fmt

    def row(name: str, pairs: Optional[int], s: Mapping[str, Any]) -> list[Any]:
        return [
            name,
            pairs,
            s["cases"],
            s["detections"],
            f(s["precision"]),
            f(s["recall"]),
            f(s["granularity"], 2),
            f(s["plagdet"]),
            f(s["characters"]["plagdet"]),
        ]

    rows = [row("all", result["pairs"], result["all"])]
    rows += [row(g, s["pairs"], s) for g, s in result["by_subcorpus"].items()]
    out = [
        tabulate(
            rows,
            [
                "sub-corpus",
                "pairs",
                "cases",
                "detections",
                "precision",
                "recall",
                "gran",
                "plagdet",
                "plagdet (chars)",
            ],
            tablefmt=tablefmt,
            disable_numparse=True,
        )
    ]
    if result["by_obfuscation"]:
        out.append(
            tabulate(
                [[k, v["cases"], f(v["recall"])] for k, v in result["by_obfuscation"].items()],
                ["obfuscation", "cases", "recall"],
                tablefmt=tablefmt,
                disable_numparse=True,
            )
        )
    notes = [f"matches outside the corpus's pairs (not scored): {result['matches_outside_pairs']}"]
    notes += [f"problem: {p}" for p in result["problems"]]
    return "\n\n".join(out) + "\n\n" + "\n".join(notes) + "\n"
