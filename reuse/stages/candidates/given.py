"""Given pairs in place of the candidate stage: exactly the pairs a caller named are aligned.

Alignment still needs what the candidate stage counts on the way, the document frequency of
every stem over the whole corpus (for TF-IDF), so every article is prepared and counted, in
steps over worker processes as the candidate stage does, but nothing is sketched or banded.

The pairs carry no hints (None, not the colliding unit pairs LSH finds): alignment then skips its
quick test for a seed among the hints and aligns the whole grid of the two articles' units.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

from ...corpus.pairs import GivenPair
from ...errors import InputError
from ...model import Article, Problem
from ...parallel import map_steps
from ...progress import Progress
from ...settings import Settings
from ..align.vectors import document_frequencies
from ..prepare import empty_document
from .lsh import CandidateStats
from .stage import CandidatePair, Candidates, article_steps, prepared

__all__ = ["given_candidates", "resolve_pairs"]


def _article_index(articles: Sequence[Article]) -> dict[str, int]:
    return {a.id: k for k, a in enumerate(articles)}


def _by_file_name(index: dict[str, int]) -> dict[str, list[str]]:
    """The ids of a folder's articles by their file name without the folders before it
    (`susp/suspicious-document00001` under `suspicious-document00001`)."""
    out: dict[str, list[str]] = {}
    for aid in index:
        if "/" in aid:
            out.setdefault(aid.rsplit("/", 1)[1], []).append(aid)
    return out


def _lookup(
    article_id: str,
    where: str,
    index: dict[str, int],
    problems: Sequence[Problem],
    by_name: Optional[dict[str, list[str]]] = None,
) -> int:
    """The index of the article `article_id` names, or InputError saying where it was given. A
    file name names the article it is the file of, in whatever folder of the corpus (a PAN
    corpus's pairs name `suspicious-document00001.txt`, kept in its `susp/` folder), when one
    article has that name."""
    if article_id in index:
        return index[article_id]
    stem, dot, suffix = article_id.rpartition(".")
    file_name = dot and suffix.lower() in ("txt", "md")
    if file_name and stem in index:
        return index[stem]  # a file name, as PAN's pairs files give them
    held = (by_name or {}).get(stem if file_name else article_id, [])
    if len(held) == 1:
        return index[held[0]]
    if len(held) > 1:
        raise InputError(
            f"{where}: {article_id!r} names {len(held)} articles ({', '.join(sorted(held)[:3])}"
            f"{', ...' if len(held) > 3 else ''}): give the id with its folder"
        )
    names = {article_id, stem} if dot else {article_id}
    left_out = next((p for p in problems if p.article in names), None)
    if left_out is not None:
        why = f"the article was left out when loading ({left_out.message})"
    else:
        close = difflib.get_close_matches(article_id, list(index), 3)
        why = "no article in the corpus has this id" + (
            f" (close ids: {', '.join(close)})" if close else ""
        )
    raise InputError(
        f"{where}: unknown article id {article_id!r}: {why}. Give ids as the report shows them "
        "(a folder's file name without its suffix, or the `id` field), and the corpus that "
        "holds them"
    )


def resolve_pairs(
    given: Sequence[GivenPair], articles: Sequence[Article], problems: Sequence[Problem]
) -> list[tuple[int, int]]:
    """The given pairs as index pairs (i < j) into `articles`, each once, sorted: the same pairs
    in any order and either direction give the same list.

    Raises:
        InputError: an id no article has (naming where the pair was given, and the problem
            that left the article out if one did), or a pair of an article with itself.
    """
    index = _article_index(articles)
    by_name = _by_file_name(index)
    out = set()
    for a, b, where in given:
        i = _lookup(a, where, index, problems, by_name)
        j = _lookup(b, where, index, problems, by_name)
        if i == j:
            raise InputError(
                f"{where}: pairs the article {articles[i].id!r} with itself; give two "
                "different articles"
            )
        out.add((min(i, j), max(i, j)))
    return sorted(out)


@dataclass(frozen=True)
class _CountState:
    articles: Sequence[Article]
    settings: Settings


@dataclass(frozen=True)
class _Counted:
    df: Counter[str]
    failed: list[int]
    problems: list[Problem]


def _count_step(state: _CountState, bounds: tuple[int, int]) -> _Counted:
    lo, hi = bounds
    problems: list[Problem] = []
    docs, failed = [], []
    for k in range(lo, hi):
        doc = prepared(state.articles[k], state.settings, problems)
        if doc is None:
            failed.append(k)
        docs.append(doc or empty_document(state.articles[k]))
    return _Counted(document_frequencies(docs), failed, problems)


def given_candidates(
    articles: Sequence[Article],
    given: Sequence[GivenPair],
    settings: Settings,
    jobs: int,
    problems: list[Problem],
    progress: Optional[Progress] = None,
) -> Candidates:
    """The given pairs as the candidate stage's result, with the corpus's document frequency.

    A pair with an article that cannot be prepared is left out (the article is named in a
    Problem, as the candidate stage would leave it out).

    Raises:
        InputError: see `resolve_pairs`; raised before any article is prepared.
    """
    pairs = resolve_pairs(given, articles, problems)
    steps = article_steps(len(articles), jobs)
    tell = progress or Progress()
    tell.stage("reading articles", len(articles))
    df: Counter[str] = Counter()
    failed: set[int] = set()
    for part in map_steps(
        _count_step,
        steps,
        jobs,
        _CountState(articles, settings),
        done=lambda k: tell.advance(steps[k][1] - steps[k][0]),
        what="the reading of articles",
    ):
        df.update(part.df)
        failed.update(part.failed)
        problems.extend(part.problems)
    kept: list[CandidatePair] = [
        ((i, j), None) for i, j in pairs if i not in failed and j not in failed
    ]
    return Candidates(kept, df, CandidateStats())
