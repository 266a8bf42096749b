"""`detect()`: the stages in order. Load, prepare, find candidates, align, cluster, attribute."""

from __future__ import annotations

import dataclasses
import logging
import os
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

from .align import Aligned, UnitVectors, align_pair, document_frequencies, idf_from_counts
from .attribute import attribute, union_length
from .candidates import CandidateStats, candidate_pairs, sketch
from .cluster import cluster_matches
from .document import Document, prepare
from .errors import InputError
from .model import Article, ArticleSummary, Match, Problem, Report
from .settings import Settings

__all__ = ["detect", "CorpusInput"]

log = logging.getLogger(__name__)

PathLike = Union[str, "os.PathLike[str]"]
CorpusInput = Union[PathLike, Sequence[PathLike], Iterable[Union[Article, Mapping[str, Any]]]]
Progress = Callable[[str], None]


def _articles_from(corpus: CorpusInput, problems: list[Problem]) -> list[Article]:
    """Articles from paths (loaded per CONTRACT) or from Article objects or dicts."""
    from .corpus import article_from_record, load_corpus

    if isinstance(corpus, (str, os.PathLike)):
        corpus = [corpus]
    items = list(corpus)
    if items and all(isinstance(x, (str, os.PathLike)) for x in items):
        loaded = load_corpus([Path(x) for x in items])
        problems.extend(loaded.problems)
        return list(loaded.articles)
    out: list[Article] = []
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        if isinstance(item, Article):
            art: Optional[Article] = item
        elif isinstance(item, Mapping):
            art = article_from_record(dict(item), f"<input>:{n}", problems)
        else:
            raise InputError(f"item {n} of the corpus is a {type(item).__name__}: give paths, "
                             "Article objects or dicts with a 'text' field")
        if art is None:
            continue
        if art.id in seen:
            problems.append(Problem(f"<input>:{n}", f"duplicate id {art.id!r}: article skipped; "
                                    "give every article a unique id", art.id))
            continue
        if not art.text.strip():
            problems.append(Problem(f"<input>:{n}", "empty text: article skipped", art.id))
            continue
        seen.add(art.id)
        out.append(art)
    return out


def _to_match(da: Document, db: Document, m: Aligned, number: int = 0) -> Match:
    return Match(f"m{number}", da.id, m.a_start, m.a_end, db.id, m.b_start, m.b_end,
                 m.similarity, m.kind, m.quoted, m.a_literal_chars, m.b_literal_chars)


def detect(corpus: CorpusInput, settings: Optional[Settings] = None, *,
           progress: Optional[Progress] = None) -> Report:
    """Find every passage the articles of `corpus` share, cluster them and attribute them.

    Args:
        corpus: a path (folder, .jsonl, .csv, .json, .txt), a list of paths, or an iterable of
            `Article` objects or dicts with at least a `text` field (CONTRACT field names).
        settings: every parameter; `Settings()` (news defaults) when omitted.
        progress: called with a short message at each stage (the CLI shows it on stderr).

    Returns:
        A `Report`; `report.to_dict()` is the JSON report of CONTRACT.md. The same input and
        settings give the same report, whatever the order of the articles.
    """
    settings = settings or Settings()
    say = progress or (lambda msg: None)
    problems: list[Problem] = []
    articles = sorted(_articles_from(corpus, problems), key=lambda a: a.id)
    by_id = {a.id: a for a in articles}
    say(f"loaded {len(articles)} articles")

    docs = [prepare(a, settings) for a in articles]
    idf = idf_from_counts(document_frequencies(docs), len(docs))
    say("prepared")

    stats = CandidateStats()
    pairs = candidate_pairs(sketch(docs, settings), settings, stats)
    if stats.buckets_skipped:
        problems.append(Problem("<corpus>", f"{stats.buckets_skipped} LSH buckets held more than "
                                f"{settings.max_bucket} articles and were not expanded (boilerplate "
                                "or mass reprints); raise max_bucket to expand them"))
    say(f"{len(pairs)} candidate pairs")

    vectors: dict[int, UnitVectors] = {}
    matches: list[Match] = []
    for i, j in pairs:
        for idx in (i, j):
            if idx not in vectors:
                vectors[idx] = UnitVectors.of(docs[idx], idf)
        for m in align_pair(docs[i], vectors[i], docs[j], vectors[j], settings):
            matches.append(_to_match(docs[i], docs[j], m))
    matches.sort(key=lambda m: (m.a, m.b, m.a_start, m.b_start, m.a_end, m.b_end))
    matches = [dataclasses.replace(m, id=f"m{n}") for n, m in enumerate(matches, 1)]
    say(f"{len(matches)} matches")

    texts = {a.id: a.text for a in articles}
    clusters = cluster_matches(matches, texts)
    derivations = attribute(matches, by_id)

    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in matches:
        spans[m.a].append((m.a_start, m.a_end))
        spans[m.b].append((m.b_start, m.b_end))
    summaries = tuple(ArticleSummary(a.id, a.outlet, a.published, a.published_inferred, a.title,
                                     len(a.text), union_length(spans.get(a.id, [])))
                      for a in articles)
    return Report(settings.to_dict(), summaries, tuple(matches), tuple(clusters),
                  tuple(derivations), tuple(problems), texts)
