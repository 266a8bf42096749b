"""Candidate recall by kind: which truth article pairs the candidate stage proposes, before any
alignment.

A pair the candidate stage misses can never be reported, whatever alignment does; this measures
that ceiling on a fixtures corpus, kind by kind. Only loading and the candidate stage run (as
`reuse.detect` runs them, with the same settings).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

from ..corpus.objects import CorpusInput, articles_from
from ..model import Problem
from ..parallel import check_jobs
from ..settings import Settings
from ..stages.candidates.lsh import check_lsh
from ..stages.candidates.stage import find_candidates
from .measures import pair_of
from .truth import KINDS

__all__ = ["candidate_pairs", "candidate_recall"]


def candidate_pairs(
    corpus: CorpusInput, settings: Optional[Settings] = None, *, jobs: Optional[int] = None
) -> set[tuple[str, str]]:
    """The article pairs (ids, in order) the candidate stage proposes for `corpus`."""
    settings = settings or Settings()
    check_lsh(settings)
    problems: list[Problem] = []
    articles = sorted(articles_from(corpus, problems, settings), key=lambda a: a.id)
    found = find_candidates(articles, settings, check_jobs(jobs), problems)
    out = set()
    for (i, j), _ in found.pairs:
        a, b = articles[i].id, articles[j].id
        out.add((a, b) if a < b else (b, a))
    return out


def candidate_recall(
    corpus: CorpusInput,
    truth: Mapping[str, Any],
    settings: Optional[Settings] = None,
    *,
    jobs: Optional[int] = None,
) -> dict[str, dict[str, Any]]:
    """The share of truth article pairs of each kind that the candidate stage proposes.

    A pair counts once for each kind of truth match it has (a pair with a verbatim and a spun
    passage counts under both); "all" counts every truth pair once.

    Args:
        corpus: the articles, as `reuse.detect` takes them (a fixture's `articles`, a path).
        truth: a fixtures truth (`Fixture.truth`, or truth.json parsed).
        settings: the settings of the run to measure; `Settings()` when None.
        jobs: worker processes (default: all cores).

    Returns:
        {kind: {"pairs": truth pairs, "proposed": those proposed, "recall": the share or
        None}}, "all" first, then the kinds in the order of `reuse.evaluation.KINDS`.

    Examples:
        >>> from reuse.fixtures import generate
        >>> fx = generate(40, seed=1)
        >>> candidate_recall(fx.articles, fx.truth, jobs=1)["all"]["recall"] > 0.5
        True
    """
    proposed = candidate_pairs(corpus, settings, jobs=jobs)
    by_kind: dict[str, set[tuple[str, str]]] = {}
    for m in truth.get("matches") or []:
        pair = pair_of(m)
        by_kind.setdefault("all", set()).add(pair)
        by_kind.setdefault(str(m.get("kind", "")), set()).add(pair)
    order = ["all", *(k for k in KINDS if k in by_kind)]
    order += sorted(set(by_kind) - set(order))
    out: dict[str, dict[str, Any]] = {}
    for kind in order:
        pairs = by_kind.get(kind, set())
        hit = len(pairs & proposed)
        out[kind] = {
            "pairs": len(pairs),
            "proposed": hit,
            "recall": hit / len(pairs) if pairs else None,
        }
    return out
