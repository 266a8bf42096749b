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

from .errors import InputError, SettingsError
from .model import Article, ArticleSummary, Match, Problem, Report
from .parallel import check_jobs, map_steps, shared
from .progress import Progress, as_progress
from .settings import Settings
from .stages.align import align_pair
from .stages.align.passages import Aligned
from .stages.align.vectors import Idf, UnitVectors, document_frequencies
from .stages.attribution import attribute
from .stages.attribution.directions import context_direction, edit_direction
from .stages.boilerplate import (
    boilerplate_index,
    find_boilerplate,
    is_boilerplate_match,
)
from .stages.candidates.lsh import CandidateStats, band_keys, check_lsh, pairs_from_keys
from .stages.candidates.minhash import Sketches, concat_sketches, sketch
from .stages.cluster import cluster_matches
from .stages.prepare import Document, empty_document, prepare
from .stages.quotes import track_quotes
from .text.spans import union_length

__all__ = ["detect", "CorpusInput"]

log = logging.getLogger(__name__)

PathLike = Union[str, "os.PathLike[str]"]
CorpusInput = Union[PathLike, Sequence[PathLike], Iterable[Union[Article, Mapping[str, Any]]]]


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
    from .corpus import (
        admit,
        article_from_record,
        load_corpus,
        no_articles_error,
        unique_ids,
    )

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


# Steps run by worker processes: they read the corpus and settings through `shared()`. A failure
# inside one article or one pair is caught there and becomes a Problem naming it and the stage;
# the run goes on without it.

def _failure(stage: str, exc: BaseException) -> str:
    return (f"{stage} failed ({type(exc).__name__}: {exc}); left out of the comparison, the run "
            "went on. Please report this with the article(s) it names")


def _prepared(article: Article, settings: Settings, problems: list[Problem]) -> Optional[Document]:
    try:
        return prepare(article, settings)
    except Exception as exc:  # noqa: BLE001 - one article must never end the run
        problems.append(Problem(article.origin or article.id, _failure("preparing the article", exc),
                                article.id))
        return None


@dataclasses.dataclass
class _SketchPart:
    """What one sketch step returns: band keys, verification bits, names-and-figures
    signatures and owners of its units, the stems' document frequencies, and problems."""

    keys: np.ndarray
    low: np.ndarray
    doc: np.ndarray
    unit: np.ndarray
    facts: np.ndarray
    has_facts: np.ndarray
    df: Counter[str]
    problems: list[Problem]


def _sketch_docs(docs: list[Document], articles: Sequence[Article], lo: int, settings: Settings,
                 problems: list[Problem]) -> Sketches:
    """`sketch(docs)`, or, when that fails, each document alone with the failing ones left out."""
    try:
        return sketch(docs, settings, offset=lo)
    except Exception:  # noqa: BLE001 - find which document fails, keep the others
        parts = []
        for k, d in enumerate(docs):
            try:
                parts.append(sketch([d], settings, offset=lo + k))
            except Exception as exc:  # noqa: BLE001
                a = articles[lo + k]
                problems.append(Problem(a.origin or a.id, _failure("sketching the article", exc),
                                        a.id))
        return concat_sketches(parts, settings)


def _sketch_step(bounds: tuple[int, int]) -> _SketchPart:
    lo, hi = bounds
    state = shared()
    settings: Settings = state["settings"]
    articles: Sequence[Article] = state["articles"]
    problems: list[Problem] = []
    # A document that cannot be prepared stands as an empty one, so indices stay in place.
    docs = [_prepared(a, settings, problems) or empty_document(a) for a in articles[lo:hi]]
    sk = _sketch_docs(docs, articles, lo, settings, problems)
    # The low 16 bits of each MinHash value suffice to verify collisions (a chance equality is
    # 1 in 65,536) and halve the memory the reduce step holds.
    low = (sk.signatures & np.uint32(0xFFFF)).astype(np.uint16)
    assert sk.facts is not None and sk.has_facts is not None
    return _SketchPart(band_keys(sk.signatures, settings), low, sk.doc, sk.unit, sk.facts,
                       sk.has_facts, document_frequencies(docs), problems)


_PREPARED: dict[int, dict[int, tuple[Document, UnitVectors]]] = {}
_CACHE_DOCS = 4000


def _vectors(docs: list[Document], idf: Idf, problems: list[Problem]) -> list[Optional[UnitVectors]]:
    """TF-IDF rows of `docs`, weighted together; one by one when that fails."""
    try:
        return list(idf.unit_vectors_of(docs))
    except Exception:  # noqa: BLE001 - find which document fails, keep the others
        out: list[Optional[UnitVectors]] = []
        for d in docs:
            try:
                out.append(idf.unit_vectors_of([d])[0])
            except Exception as exc:  # noqa: BLE001
                problems.append(Problem(d.article.origin or d.id,
                                        _failure("weighing the article's words", exc), d.id))
                out.append(None)
        return out


def _align_step(pairs: Sequence[tuple[tuple[int, int], tuple[tuple[int, int], ...]]]
                ) -> tuple[list[Match], list[Problem]]:
    state = shared()
    settings: Settings = state["settings"]
    articles: Sequence[Article] = state["articles"]
    idf: Idf = state["idf"]
    problems: list[Problem] = []
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
    fresh = [(i, _prepared(articles[i], settings, problems)) for i in missing]
    ready = [(i, d) for i, d in fresh if d is not None]
    for (i, d), v in zip(ready, _vectors([d for _, d in ready], idf, problems)):
        if v is not None:
            docs[i] = (d, v)

    out = []
    for (i, j), hints in pairs:
        if i not in docs or j not in docs:
            continue  # an article that failed above, already named in a Problem
        (da, va), (db, vb) = docs[i], docs[j]
        try:
            found = [dataclasses.replace(_to_match(da, db, m),
                                         edits=round(edit_direction(da, db, m, idf), 4),
                                         context=round(context_direction(da, db, m), 4))
                     for m in align_pair(da, va, db, vb, settings, hints=hints)]
        except Exception as exc:  # noqa: BLE001 - one pair must never end the run
            problems.append(Problem(f"{da.id} / {db.id}", _failure(
                f"aligning {da.id} with {db.id}", exc), da.id))
            continue
        out.extend(found)
    return out, problems


def find_candidates(articles: Sequence[Article], settings: Settings, jobs: int,
                    stats: CandidateStats, problems: Optional[list[Problem]] = None,
                    progress: Optional[Progress] = None
                    ) -> tuple[list[tuple[tuple[int, int], tuple[tuple[int, int], ...]]], Counter[str]]:
    """The candidate stage: candidate document pairs (indices into `articles`, with their
    colliding unit pairs) and the document frequency of every stem, for TF-IDF."""
    size = max(16, min(500, -(-len(articles) // (jobs * 4))))
    chunks = _chunks(len(articles), size)
    tell = progress or Progress()
    tell.stage("reading and sketching articles", len(articles))
    parts = map_steps(_sketch_step, chunks, jobs, {"articles": articles, "settings": settings},
                      done=lambda k: tell.advance(chunks[k][1] - chunks[k][0]),
                      what="the sketching of articles")
    df: Counter[str] = Counter()
    # Parts are copied into whole arrays and let go one by one, so the signatures are never
    # held twice.
    rows = sum(len(p.doc) for p in parts)
    keys = np.empty((rows, parts[0].keys.shape[1] if parts else 1), np.uint64)
    low = np.empty((rows, parts[0].low.shape[1] if parts else 1), np.uint16)
    doc, unit = np.empty(rows, np.int32), np.empty(rows, np.int32)
    facts = np.empty((rows, parts[0].facts.shape[1] if parts else 1), np.uint16)
    has_facts = np.empty(rows, bool)
    at = 0
    for n_part in range(len(parts)):
        part = parts[n_part]
        parts[n_part] = None  # type: ignore[call-overload]
        end = at + len(part.doc)
        keys[at:end], low[at:end], doc[at:end], unit[at:end] = part.keys, part.low, part.doc, part.unit
        facts[at:end], has_facts[at:end] = part.facts, part.has_facts
        df.update(part.df)
        if problems is not None:
            problems.extend(part.problems)
        at = end
        del part
    del parts
    tell.stage("finding candidate pairs")
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
           jobs: Optional[int] = None,
           progress: Union[Progress, Callable[[str], None], None] = None,
           timings: Optional[dict[str, dict[str, Any]]] = None) -> Report:
    """Find every passage the articles of `corpus` share, cluster them and attribute them.

    Args:
        corpus: a path (folder, .jsonl, .csv, .json, .txt), a list of paths, or an iterable of
            `Article` objects or dicts with at least a `text` field (CONTRACT field names).
            Texts must be strings (bytes are decoded as files are); duplicate ids are renamed
            `<id>~2`, ..., as for files.
        settings: every parameter; `Settings()` (news defaults) when omitted.
        jobs: worker processes, a whole number of at least 1 (default: all cores). The result
            does not depend on it.
        progress: a `reuse.Progress` told of each stage and step, or a callable given a short
            message at each stage.
        timings: if given, filled with the wall and CPU seconds of each stage, and under
            "counts" the sizes of the candidate stage (units, unit pairs, candidate pairs).

    Returns:
        A `Report`; `report.to_dict()` is the JSON report of CONTRACT.md. The same input and
        settings give the same report, whatever the order of the articles. A failure inside
        one article or pair leaves it out and is listed in `report.problems`.

    Raises:
        InputError: no article could be read, or the corpus is not paths, articles or dicts.
        SettingsError: `jobs` or a setting is out of range.
        RunError: a worker process died (killed, out of memory).
    """
    settings = settings or Settings()
    if not isinstance(settings, Settings):
        raise SettingsError(f"settings must be a reuse.Settings, got {type(settings).__name__}")
    jobs = check_jobs(jobs)
    check_lsh(settings)
    tell = as_progress(progress)
    clock = _Stages(timings)
    problems: list[Problem] = []

    with clock.stage("load"):
        tell.stage("loading articles")
        articles = sorted(_articles_from(corpus, problems, settings), key=lambda a: a.id)
    by_id = {a.id: a for a in articles}
    tell.note(f"loaded {len(articles):,} articles")

    with clock.stage("candidates"):
        state: dict[str, Any] = {"articles": articles, "settings": settings}
        stats = CandidateStats()
        pairs, df = find_candidates(articles, settings, jobs, stats, problems, tell)
    if stats.buckets_skipped:
        problems.append(Problem("<corpus>", f"{stats.buckets_skipped} LSH buckets held more than "
                                f"{settings.max_bucket} articles and were not expanded (boilerplate "
                                "or mass reprints); raise max_bucket to expand them"))
    if stats.repeats_skipped:
        problems.append(Problem("<corpus>", f"{stats.repeats_skipped} recurrences of sentences that "
                                "one article repeats many times (a line of debris, a notice) were "
                                "not paired: each article takes part in an LSH bucket with a bounded "
                                "number of its sentences"))
    tell.note(f"{len(pairs):,} candidate pairs")
    if timings is not None:
        timings["counts"] = {"articles": len(articles), "units": stats.units,
                             "unit_pairs": stats.unit_pairs, "similar_unit_pairs": stats.similar_pairs,
                             "verified_unit_pairs": stats.verified_pairs,
                             "candidate_pairs": len(pairs), "buckets_skipped": stats.buckets_skipped,
                             "repeats_skipped": stats.repeats_skipped}

    with clock.stage("alignment"):
        state["idf"] = Idf(df, len(articles))
        size = max(8, min(400, -(-len(pairs) // (jobs * 8))))
        ordered = _locality_order(pairs, len(articles))
        steps = [ordered[lo:hi] for lo, hi in _chunks(len(ordered), size)]
        tell.stage("aligning candidate pairs", len(ordered))
        found = []
        for part, failed in map_steps(_align_step, steps, jobs, state,
                                      done=lambda k: tell.advance(len(steps[k])),
                                      what="the alignment of candidate pairs"):
            found.extend(part)
            problems.extend(failed)
        found.sort(key=lambda m: (m.a, m.b, m.a_start, m.b_start, m.a_end, m.b_end))
        matches = [dataclasses.replace(m, id=f"m{n}") for n, m in enumerate(found, 1)]
    tell.note(f"{len(matches):,} shared passages")
    if timings is not None:
        timings["counts"]["matches"] = len(matches)

    texts = {a.id: a.text for a in articles}
    with clock.stage("clustering"):
        tell.stage("clustering passages")
        clusters = cluster_matches(matches, texts)
        boiler = find_boilerplate(clusters, by_id, settings.boilerplate_min_articles)
        if boiler:
            index = boilerplate_index(boiler)
            matches = [dataclasses.replace(m, id=f"m{n}") for n, m in enumerate(
                (m for m in matches if not is_boilerplate_match(m, boiler, index)), 1)]
            clusters = cluster_matches(matches, texts)
    with clock.stage("attribution"):
        tell.stage("attributing related pairs", len({(m.a, m.b) for m in matches}))
        quotes = track_quotes(clusters, by_id)
        derivations = attribute(matches, by_id, jobs=jobs, problems=problems, progress=tell)
    tell.close()

    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in matches:
        spans[m.a].append((m.a_start, m.a_end))
        spans[m.b].append((m.b_start, m.b_end))
    summaries = tuple(ArticleSummary(a.id, a.outlet, a.published, a.published_inferred, a.title,
                                     len(a.text), union_length(spans.get(a.id, [])))
                      for a in articles)
    return Report(settings.to_dict(), summaries, tuple(matches), tuple(clusters),
                  tuple(derivations), tuple(problems), texts, tuple(quotes), tuple(boiler))
