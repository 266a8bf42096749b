"""Scores of a report against truth: the measures used for text reuse and plagiarism detection.

- `evaluate(report, truth)`: a report against a fixtures truth file (article pairs, PAN passage
  measures by kind and size, hard negatives, derivations and confidence); see `truth`.
- `evaluate_clough(report, folder)`: against Clough & Stevenson's short answers; see `clough`.
- `evaluate_pan(report, folder)`: on a PAN text-alignment corpus, as PAN scores it; see `pan`.
- `pan_measures(cases, detections)`: PAN's character measures; see `measures`.
- `candidates.candidate_recall(corpus, truth)`: the share of truth pairs of each kind that the
  candidate stage proposes, before alignment (imported from its module: it runs the stage).
"""

from __future__ import annotations

from .clough import evaluate_clough, load_clough, render_clough
from .measures import pan_measures
from .pan import evaluate_pan, render_pan
from .truth import KINDS, SIZE_BUCKETS, Evaluation, evaluate

__all__ = [
    "Evaluation",
    "evaluate",
    "pan_measures",
    "load_clough",
    "evaluate_clough",
    "render_clough",
    "evaluate_pan",
    "render_pan",
    "KINDS",
    "SIZE_BUCKETS",
]
