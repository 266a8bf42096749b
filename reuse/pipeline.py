"""`detect()`: the stages in order. Load, prepare, find candidates, align, cluster, attribute."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import resource
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Sequence, Union

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import reverse_cuthill_mckee

from .align import (Aligned, Idf, UnitVectors, align_pair, context_direction,
                    document_frequencies, edit_direction)
from .attribute import attribute, union_length
from .candidates import CandidateStats, band_keys, pairs_from_keys, sketch
from .boilerplate import boilerplate_index, find_boilerplate, is_boilerplate_match
from .cluster import cluster_matches
from .document import Document, prepare
from .errors import InputError
from .model import Article, ArticleSummary, Match, Problem, Report
from .parallel import default_jobs, map_steps, shared
from .quotes import track_quotes
from .settings import Settings

__all__ = ["detect", "CorpusInput"]

log = logging.getLogger(__name__)

PathLike = Union[str, "os.PathLike[str]"]
CorpusInput = Union[PathLike, Sequence[PathLike], Iterable[Union[Article, Mapping[str, Any]]]]
Progress = Callable[[str], None]


def _article_object(item: Article, origin: str, problems: list[Problem]) -> Optional[Article]:
    """An `Article` given by a library caller, its text and id checked like a file's fields."""
    from .corpus import article_from_record

    if isinstance(item.text, str) and isinstance(item.id, str):
        return item if item.text.strip() else article_from_record(
            {"id": item.id, "text": item.text}, item.origin or origin, problems)
    record = {"id": item.id if isinstance(item.id, (str, int)) and not isinstance(item.id, bool)
              else None, "text": item.text}
    checked = article_from_record(record, item.origin or origin, problems, default_id=origin)
    if checked is None:
        return None
    return dataclasses.replace(item, id=checked.id, text=checked.text, origin=item.origin or origin)


def _articles_from(corpus: CorpusInput, problems: list[Problem], settings: Settings) -> list[Article]:
    """Articles from paths (loaded per CONTRACT) or from Article objects or dicts, with one
    policy for both: texts must be strings (bytes are decoded like files), lone surrogates are
    repaired, over-long articles skipped and duplicate ids renamed, each with a Problem."""
    from .corpus import admit, article_from_record, load_corpus, no_articles_error, unique_ids

    if isinstance(corpus, (str, os.PathLike, Article, Mapping)):
        corpus = [corpus]  # type: ignore[list-item]
    if isinstance(corpus, (bytes, bytearray)):
        raise InputError("the corpus is bytes: give paths, Article objects or dicts with a "
                         "'text' field")
    items = list(corpus)
    if not items:
        raise InputError("no articles given: give a folder, files, Article objects or dicts "
                         "with a 'text' field")
    if all(isinstance(x, (str, os.PathLike)) for x in items):
        loaded = load_corpus([Path(x) for x in items], max_article_chars=settings.max_article_chars)
        problems.extend(loaded.problems)
        return list(loaded.articles)
    found: list[Article] = []
    for n, item in enumerate(items, 1):
        origin = f"<input>:{n}"
        if isinstance(item, Article):
            art = _article_object(item, origin, problems)
        elif isinstance(item, Mapping):
            art = article_from_record(item, origin, problems)
        else:
            raise InputError(f"item {n} of the corpus is a {type(item).__name__}: give paths, "
                             "Article objects or dicts with a 'text' field (not a mix of paths "
                             "and articles)")
        art = admit(art, problems, settings.max_article_chars) if art is not None else None
        if art is not None:
            found.append(art)
    out = list(unique_ids(found, problems))
    if not out:
        raise no_articles_error(f"the {len(items):,} items given", problems)
    return out


def _to_match(da: Document, db: Document, m: Aligned, number: int = 0) -> Match:
    return Match(f"m{number}", da.id, m.a_start, m.a_end, db.id, m.b_start, m.b_end,
                 m.similarity, m.kind, m.quoted, m.a_literal_chars, m.b_literal_chars)


class _Stages:
    """Wall and CPU time of each stage (CPU includes worker processes), for benchmarks."""

    def __init__(self, sink: Optional[dict[str, dict[str, float]]]) -> None:
        self.sink = sink

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), _cpu_seconds()
        yield
        if self.sink is not None:
            self.sink[name] = {"wall": time.perf_counter() - wall, "cpu": _cpu_seconds() - cpu}


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# Steps run by worker processes: they read the corpus and settings through `shared()`.

def _sketch_step(bounds: tuple[int, int]) -> tuple[Any, Any, Any, Counter[str]]:
    lo, hi = bounds
    state = shared()
    settings: Settings = state["settings"]
    docs = [prepare(a, settings) for a in state["articles"][lo:hi]]
    sk = sketch(docs, settings, offset=lo)
    # The low 16 bits of each MinHash value suffice to verify collisions (a chance equality is
    # 1 in 65,536) and halve the memory the reduce step holds.
    low = (sk.signatures & np.uint32(0xFFFF)).astype(np.uint16)
    return (band_keys(sk.signatures, settings), low, sk.doc, sk.unit, sk.facts, sk.has_facts,
            document_frequencies(docs))


_PREPARED: dict[int, dict[int, tuple[Document, UnitVectors]]] = {}
_CACHE_DOCS = 4000


def _align_step(pairs: Sequence[tuple[tuple[int, int], tuple[tuple[int, int], ...]]]
                ) -> list[Match]:
    state = shared()
    settings: Settings = state["settings"]
    articles: Sequence[Article] = state["articles"]
    idf: Idf = state["idf"]
    # Prepared documents stay cached in the worker across steps of one run: pairs come sorted,
    # so a document's pairs tend to fall in the same or nearby steps.
    docs = _PREPARED.setdefault(id(state), {})
    if len(_PREPARED) > 1:
        for key in [k for k in _PREPARED if k != id(state)]:
            del _PREPARED[key]

    needed = {k for (i, j), _ in pairs for k in (i, j)}
    missing = sorted(needed - docs.keys())
    excess = len(docs) + len(missing) - _CACHE_DOCS
    if excess > 0:  # forget the documents cached longest that this step does not need
        for key in [k for k in docs if k not in needed][:excess]:
            del docs[key]
    # Prepared together, so the TF-IDF weighting runs once for all of them.
    fresh = [prepare(articles[i], settings) for i in missing]
    for i, d, v in zip(missing, fresh, idf.unit_vectors_of(fresh)):
        docs[i] = (d, v)

    out = []
    for (i, j), hints in pairs:
        (da, va), (db, vb) = docs[i], docs[j]
        for m in align_pair(da, va, db, vb, settings, hints=hints):
            out.append(dataclasses.replace(_to_match(da, db, m),
                                           edits=round(edit_direction(da, db, m, idf), 4),
                                           context=round(context_direction(da, db, m), 4)))
    return out


def find_candidates(articles: Sequence[Article], settings: Settings, jobs: int,
                    stats: CandidateStats) -> tuple[list[tuple[tuple[int, int], tuple[tuple[int, int], ...]]],
                                                    Counter[str]]:
    """The candidate stage: candidate document pairs (indices into `articles`, with their
    colliding unit pairs) and the document frequency of every stem, for TF-IDF."""
    size = max(16, min(500, -(-len(articles) // (jobs * 4))))
    parts = map_steps(_sketch_step, _chunks(len(articles), size), jobs,
                      {"articles": articles, "settings": settings})
    df: Counter[str] = Counter()
    # Parts are copied into whole arrays and let go one by one, so the signatures are never
    # held twice.
    rows = sum(len(p[2]) for p in parts)
    keys = np.empty((rows, parts[0][0].shape[1] if parts else 1), np.uint64)
    low = np.empty((rows, parts[0][1].shape[1] if parts else 1), np.uint16)
    doc, unit = np.empty(rows, np.int32), np.empty(rows, np.int32)
    facts = np.empty((rows, parts[0][4].shape[1] if parts else 1), np.uint16)
    has_facts = np.empty(rows, bool)
    at = 0
    for n_part in range(len(parts)):
        part = parts[n_part]
        parts[n_part] = None  # type: ignore[call-overload]
        end = at + len(part[2])
        keys[at:end], low[at:end], doc[at:end], unit[at:end] = part[:4]
        facts[at:end], has_facts[at:end] = part[4], part[5]
        df.update(part[6])
        at = end
        del part
    del parts
    pairs = list(pairs_from_keys(keys, doc, unit, settings, stats, verify=low,
                                 facts=(facts, has_facts), jobs=jobs).items())
    del keys, low, doc, unit, facts, has_facts
    return pairs, df


def _locality_order(pairs: Sequence[tuple[tuple[int, int], Any]], n_docs: int
                    ) -> list[tuple[tuple[int, int], Any]]:
    """`pairs` reordered so that pairs sharing an article fall in the same or nearby steps.

    A worker prepares (tokenises, weighs) each article of its step's pairs once and keeps it for
    later steps, so the order decides how often an article is prepared again. In index order,
    an article's partners are spread over the whole run; the reverse Cuthill-McKee numbering of
    the candidate graph puts linked articles close together (on 100,000 generated articles it
    cuts the preparations of the alignment stage from 114,000 to 73,000, for 64,000 distinct
    articles). The numbering depends on the graph alone, so the order is deterministic.
    """
    if len(pairs) < 2:
        return list(pairs)
    a = np.fromiter((p[0][0] for p in pairs), np.int64, len(pairs))
    b = np.fromiter((p[0][1] for p in pairs), np.int64, len(pairs))
    graph = sparse.coo_matrix((np.ones(len(pairs), np.int8), (a, b)), shape=(n_docs, n_docs))
    graph = (graph + graph.T).tocsr()
    position = np.empty(n_docs, np.int64)
    position[reverse_cuthill_mckee(graph, symmetric_mode=True)] = np.arange(n_docs)
    lo = np.minimum(position[a], position[b])
    hi = np.maximum(position[a], position[b])
    return [pairs[k] for k in np.lexsort((hi, lo)).tolist()]


def _chunks(n: int, size: int) -> list[tuple[int, int]]:
    return [(lo, min(lo + size, n)) for lo in range(0, n, size)]


def detect(corpus: CorpusInput, settings: Optional[Settings] = None, *,
           jobs: Optional[int] = None, progress: Optional[Progress] = None,
           timings: Optional[dict[str, dict[str, Any]]] = None) -> Report:
    """Find every passage the articles of `corpus` share, cluster them and attribute them.

    Args:
        corpus: a path (folder, .jsonl, .csv, .json, .txt), a list of paths, or an iterable of
            `Article` objects or dicts with at least a `text` field (CONTRACT field names).
        settings: every parameter; `Settings()` (news defaults) when omitted.
        jobs: worker processes (default: all cores). The result does not depend on it.
        progress: called with a short message at each stage (the CLI shows it on stderr).
        timings: if given, filled with the wall and CPU seconds of each stage, and under
            "counts" the sizes of the candidate stage (units, unit pairs, candidate pairs).

    Returns:
        A `Report`; `report.to_dict()` is the JSON report of CONTRACT.md. The same input and
        settings give the same report, whatever the order of the articles.
    """
    settings = settings or Settings()
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    say = progress or (lambda msg: None)
    clock = _Stages(timings)
    problems: list[Problem] = []

    with clock.stage("load"):
        articles = sorted(_articles_from(corpus, problems, settings), key=lambda a: a.id)
    by_id = {a.id: a for a in articles}
    say(f"loaded {len(articles)} articles")

    with clock.stage("candidates"):
        state: dict[str, Any] = {"articles": articles, "settings": settings}
        stats = CandidateStats()
        pairs, df = find_candidates(articles, settings, jobs, stats)
    if stats.buckets_skipped:
        problems.append(Problem("<corpus>", f"{stats.buckets_skipped} LSH buckets held more than "
                                f"{settings.max_bucket} articles and were not expanded (boilerplate "
                                "or mass reprints); raise max_bucket to expand them"))
    say(f"{len(pairs)} candidate pairs")
    if timings is not None:
        timings["counts"] = {"articles": len(articles), "units": stats.units,
                             "unit_pairs": stats.unit_pairs, "similar_unit_pairs": stats.similar_pairs,
                             "verified_unit_pairs": stats.verified_pairs,
                             "candidate_pairs": len(pairs), "buckets_skipped": stats.buckets_skipped}

    with clock.stage("alignment"):
        state["idf"] = Idf(df, len(articles))
        size = max(8, min(400, -(-len(pairs) // (jobs * 8))))
        ordered = _locality_order(pairs, len(articles))
        steps = [ordered[lo:hi] for lo, hi in _chunks(len(ordered), size)]
        found = [m for part in map_steps(_align_step, steps, jobs, state) for m in part]
        found.sort(key=lambda m: (m.a, m.b, m.a_start, m.b_start, m.a_end, m.b_end))
        matches = [dataclasses.replace(m, id=f"m{n}") for n, m in enumerate(found, 1)]
    say(f"{len(matches)} matches")
    if timings is not None:
        timings["counts"]["matches"] = len(matches)

    texts = {a.id: a.text for a in articles}
    with clock.stage("clustering"):
        clusters = cluster_matches(matches, texts)
        boiler = find_boilerplate(clusters, by_id, settings.boilerplate_min_articles)
        if boiler:
            index = boilerplate_index(boiler)
            matches = [dataclasses.replace(m, id=f"m{n}") for n, m in enumerate(
                (m for m in matches if not is_boilerplate_match(m, boiler, index)), 1)]
            clusters = cluster_matches(matches, texts)
    with clock.stage("attribution"):
        quotes = track_quotes(clusters, by_id)
        derivations = attribute(matches, by_id, jobs=jobs)

    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in matches:
        spans[m.a].append((m.a_start, m.a_end))
        spans[m.b].append((m.b_start, m.b_end))
    summaries = tuple(ArticleSummary(a.id, a.outlet, a.published, a.published_inferred, a.title,
                                     len(a.text), union_length(spans.get(a.id, [])))
                      for a in articles)
    return Report(settings.to_dict(), summaries, tuple(matches), tuple(clusters),
                  tuple(derivations), tuple(problems), texts, tuple(quotes), tuple(boiler))
