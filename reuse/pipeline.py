"""`detect()`: the stages in order. Load, find candidates (or take the pairs given), align,
cluster, attribute.

Each stage is a function of its stage's module that takes what the stages before it returned
(typed results) and returns its own; this module only passes them on.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, Union

from .checkpoint import Checkpoint
from .collector import while_paused
from .corpus.objects import CorpusInput, articles_from
from .corpus.pairs import GivenPair, PairsInput, pairs_from
from .digest import article_record
from .errors import InputError, SettingsError
from .model import Article, ArticleSummary, Match, Problem, Report
from .parallel import check_jobs
from .presets import DEFAULT_PRESET
from .progress import Progress, as_progress
from .settings import Settings
from .stages.align.stage import align_candidates
from .stages.attribution import attribute
from .stages.boilerplate import Clusterer, remove_boilerplate
from .stages.candidates.given import given_candidates
from .stages.candidates.lsh import check_lsh
from .stages.candidates.stage import Candidates, find_candidates
from .stages.cluster import cluster_matches
from .stages.quotes import track_quotes
from .stages.stories import complete_pairs, read_stories, stories_of, told_by_stories
from .text.spans import union_length
from .timing import Clock, RecordingClock

if TYPE_CHECKING:
    from .spark import SparkEngine

__all__ = ["detect", "CorpusInput", "CandidateFinder", "LoadedCorpus"]

# A candidate stage: (articles, settings, jobs, problems, progress) -> Candidates.
CandidateFinder = Callable[[Sequence[Article], Settings, int, list[Problem], Progress], Candidates]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedCorpus:
    """Articles already read and checked, for `detect` to take as they are: `articles` in order
    of id (the indices candidate pairs point into), `by_id` and `texts` the same articles by id.
    They need not be in memory: `reuse.Index` gives sequences and mappings that read each
    article from its file when asked, so a report over an index never holds every text."""

    articles: Sequence[Article]
    by_id: Mapping[str, Article]
    texts: Mapping[str, str]
    # A digest of each article (in order) that covers everything it holds, when the caller
    # keeps one (an index does): a checkpoint's key is made of them, without reading the texts.
    digests: Optional[Sequence[bytes]] = None


def _uris(corpus: CorpusInput) -> list[str]:
    """The URIs (`scheme://...`) among the paths of `corpus`: all of them, or none."""
    items = [corpus] if isinstance(corpus, (str, os.PathLike)) else corpus
    if not isinstance(items, (list, tuple)):
        return []
    found = [str(x) for x in items if isinstance(x, str) and "://" in x]
    if found and len(found) != len(items):
        raise InputError("give either URIs (for the spark engine) or local paths, not a mix")
    return found


@while_paused
def detect(
    corpus: Union[CorpusInput, LoadedCorpus],
    settings: Optional[Settings] = None,
    *,
    pairs: Optional[PairsInput] = None,
    jobs: Optional[int] = None,
    progress: Union[Progress, Callable[[str], None], None] = None,
    clock: Optional[Clock] = None,
    timings: Optional[dict[str, Any]] = None,
    finder: Optional[CandidateFinder] = None,
    engine: Union[str, SparkEngine] = "local",
    spark_master: Optional[str] = None,
    checkpoint: Union[str, os.PathLike[str], None] = None,
) -> Report:
    """Find every passage the articles of `corpus` share, cluster them and attribute them.

    Args:
        corpus: a path (folder, .jsonl, .csv, .json, .txt), a list of paths, or an iterable of
            `Article` objects or dicts with at least a `text` field (CONTRACT field names).
            Texts must be strings (bytes are decoded as files are); duplicate ids are renamed
            `<id>~2`, ..., as for files.
            Or a `LoadedCorpus`: articles read and checked already, taken as they are.
        settings: every parameter; `Settings()` (news defaults) when omitted, or a preset's
            (`Settings.preset("plagiarism")`, `Settings.preset("ocr")`).
        pairs: the article pairs to compare, when they are known (the PAN setup): a pairs
            file's path (one pair a line, two ids separated by a tab or spaces; see
            `reuse.corpus.pairs`) or an iterable of (id, id) pairs. The candidate stage is
            skipped and exactly these pairs are aligned, then clustered and attributed as
            usual; no other pair gets a match. `report.counts["given_pairs"]` counts the distinct
            pairs aligned.
        jobs: worker processes, a whole number of at least 1 (default: all cores). The result
            does not depend on it.
        progress: a `reuse.Progress` told of each stage and step, or a callable given a short
            message at each stage.
        clock: a `reuse.timing.Clock` that times the stages and takes their sizes.
        timings: a dict to fill with the wall and CPU seconds of each stage and, under
            "counts", the sizes of the stages (a `RecordingClock` over it).
        finder: the candidate stage to run instead of the default one, called as
            `find_candidates` is (articles sorted by id, settings, jobs, problems, progress):
            `reuse.Index` finds a query's candidates from the sketches it stored, and weighs
            words by the whole archive (`Candidates.df` and `n_docs`).
        engine: "local" (worker processes on this machine) or "spark": the candidate and
            alignment stages as Spark jobs (`reuse.spark`; the `spark` extra and Java 17),
            giving the same report; or a `reuse.spark.SparkEngine` (a session of yours, a
            number of partitions).
        spark_master: the Spark master for engine "spark" (default: the running session's,
            else local[*]).
        checkpoint: a folder where the local engine keeps its work as it goes (the candidate
            pairs, each step of alignment and of attribution; `reuse.checkpoint`), in a
            subfolder named by the code, settings and articles: a run that stopped (killed,
            out of time) and is started again over the same articles and settings reads the
            work kept there instead of computing it again. The report is the same. (The
            spark engine keeps its own: `SparkEngine(..., checkpoint=...)`.)

    Returns:
        A `Report`; `report.to_dict()` is the JSON report of CONTRACT.md. The same input and
        settings give the same report, whatever the order of the articles. A failure inside
        one article or pair leaves it out and is listed in `report.problems`.

    While it runs, Python's cyclic garbage collector is paused (for the whole process; it is
    restored when the last overlapping call ends): the pipeline makes no reference cycles
    that grow with the corpus, and the collector would only rescan what lives (`reuse.collector`).

    Raises:
        InputError: no article could be read, or the corpus is not paths, articles or dicts;
            a pairs file cannot be read, or a pair names an id no article has (with the file
            and line, or the pair's index).
        SettingsError: `jobs` or a setting is out of range.
        RunError: a worker process died (killed, out of memory).

    Examples:
        >>> import reuse
        >>> report = reuse.detect("seeds/")                       # doctest: +SKIP
        >>> [(m.a, m.b, m.kind) for m in report.matches][:1]      # doctest: +SKIP
        [('000_88272de48d0801c2', '001_1739c8cb4df8427c', 'paraphrase')]
    """
    settings = settings or Settings()
    if not isinstance(settings, Settings):
        raise SettingsError(f"settings must be a reuse.Settings, got {type(settings).__name__}")
    jobs = check_jobs(jobs)
    try:
        check_lsh(settings)
    except SettingsError as exc:
        if settings.preset_name == DEFAULT_PRESET:
            raise
        raise SettingsError(f"preset {settings.preset_name}: {exc}") from exc
    tell = as_progress(progress)
    clock = clock or (RecordingClock(timings) if timings is not None else Clock())
    problems: list[Problem] = []
    if finder is not None and pairs is not None:
        raise SettingsError("give pairs or a candidate finder, not both")
    given = pairs_from(pairs) if pairs is not None else None  # a bad file fails before loading
    if checkpoint is not None and engine != "local":
        raise SettingsError(
            "checkpoint is for the local engine; give the spark engine its own "
            "(SparkEngine(session, checkpoint=...))"
        )
    aligner: Callable[..., list[Match]] = align_candidates
    clusterer: Clusterer = functools.partial(cluster_matches, jobs=jobs)
    if engine != "local":
        if engine == "spark":
            from .spark import SparkEngine, spark_session

            engine = SparkEngine(spark_session(spark_master))
        elif isinstance(engine, str):
            raise SettingsError(f"engine must be 'local' or 'spark', got {engine!r}")
        aligner = engine.align
        clusterer = engine.cluster
        if finder is None and given is None:
            finder = engine.finder

    articles: Sequence[Article]
    by_id: Mapping[str, Article]
    texts: Mapping[str, str]
    if isinstance(corpus, LoadedCorpus):
        articles, by_id, texts = corpus.articles, corpus.by_id, corpus.texts
    else:
        with clock.stage("load"):
            tell.stage("loading articles")
            uris = _uris(corpus)
            if uris:
                if isinstance(engine, str):
                    raise InputError(
                        f"{uris[0]}: a URI is read by the spark engine (--engine spark, or "
                        "engine='spark' in the library); the local engine reads local paths"
                    )
                corpus = engine.read(uris, problems)
            articles = sorted(articles_from(corpus, problems, settings), key=lambda a: a.id)
        by_id = {a.id: a for a in articles}
        texts = {a.id: a.text for a in articles}
    tell.note(f"loaded {len(articles):,} articles")
    kept = (
        _checkpoint(checkpoint, articles, corpus, settings, given, finder is not None)
        if checkpoint is not None
        else None
    )
    if kept is not None:
        kept.check()
    found_before = kept.load("candidates") if kept is not None else None

    with clock.stage("candidates"):
        before = len(problems)
        resumed = found_before is not None
        if found_before is not None:
            candidates, found = found_before
            problems.extend(found)
            del found_before
            tell.note("candidate pairs read from the checkpoint")
        elif finder is not None:
            candidates = finder(articles, settings, jobs, problems, tell)
        elif given is None:
            # Alignment unpacks the documents the stage prepared instead of preparing them
            # again in each of its workers.
            candidates = find_candidates(
                articles, settings, jobs, problems, tell, keep=True, runs=True
            )
        else:
            candidates = given_candidates(articles, given, settings, jobs, problems, tell)
        if kept is not None and not resumed:
            kept.save(
                "candidates", (dataclasses.replace(candidates, prepared=None), problems[before:])
            )
    # Given pairs bound every match, also those clusters infer for their carriers' pairs.
    allowed = (
        {(articles[i].id, articles[j].id) for (i, j), _ in candidates.pairs}
        if given is not None
        else None
    )
    stats = candidates.stats
    problems.extend(stats.problems(settings))
    tell.note(f"{len(candidates.pairs):,} candidate pairs")
    for name, value in stats.counts().items():
        clock.count(name, value)
    clock.count("articles", len(articles))
    clock.count("candidate_pairs", len(candidates.pairs))

    with clock.stage("alignment"):
        # The local candidate stage hands its prepared documents, and the word runs articles
        # share, to the local aligner.
        local = aligner is align_candidates
        handed = candidates.prepared if local else None
        runs = candidates.runs if local else None
        try:
            matches = aligner(
                articles,
                candidates.pairs,
                candidates.df,
                settings,
                jobs,
                problems,
                tell,
                n_docs=candidates.n_docs,
                **({"prepared": handed} if handed is not None else {}),
                **({"runs": runs} if runs is not None else {}),
                **({"checkpoint": kept} if kept is not None else {}),
            )
        finally:
            if candidates.prepared is not None:
                candidates.prepared.close()
    del candidates
    tell.note(f"{len(matches):,} shared passages")
    clock.count("matches", len(matches))

    with clock.stage("clustering"):
        tell.stage("clustering passages")
        matches, clusters, boiler = remove_boilerplate(
            matches,
            by_id,
            texts,
            settings.boilerplate_min_articles,
            clusterer,
        )
        # Every pair of a cluster's carriers that shares its passage is reported.
        inferred, completion = complete_pairs(clusters, matches, settings)
        if allowed is not None:
            inferred = [m for m in inferred if (m.a, m.b) in allowed]
    if completion.left_out:
        problems.append(
            Problem(
                "<corpus>",
                f"{completion.left_out:,} carrier pairs of very wide "
                "clusters were not checked (at most 20,000 a cluster): they share "
                "the cluster's passage but are not listed as matches",
            )
        )
    clock.count("inferred_matches", len(inferred))
    with clock.stage("attribution"):
        tell.stage("attributing related pairs", len({(m.a, m.b) for m in matches}))
        quotes = track_quotes(clusters, by_id)
        readings = read_stories(clusters, itertools.chain(matches, inferred), by_id)
        derivations = attribute(
            matches,
            by_id,
            jobs=jobs,
            problems=problems,
            progress=tell,
            checkpoint=kept,
            same_wire=readings.same_wire,
        )
        # Numbered in place, so that each passage is held once, not as two lists of objects.
        via_clusters = len(inferred)
        matches += inferred
        del inferred
        matches.sort(key=lambda m: (m.a, m.b, m.a_start, m.b_start, m.a_end, m.b_end))
        for n, m in enumerate(matches):
            matches[n] = dataclasses.replace(m, id=f"m{n + 1}")
        stories = stories_of(readings, derivations)
        derivations, stories, told = told_by_stories(derivations, matches, stories, clusters)
    tell.close()

    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in matches:
        spans[m.a].append((m.a_start, m.a_end))
        spans[m.b].append((m.b_start, m.b_end))
    summaries = tuple(
        ArticleSummary(
            a.id,
            a.outlet,
            a.published,
            a.published_inferred,
            a.title,
            len(a.text),
            union_length(spans.get(a.id, [])),
        )
        for a in articles
    )
    counts = {
        "articles": len(articles),
        "matches": len(matches),
        "matches_via_clusters": via_clusters,
        "clusters": len(clusters),
        "stories": len(stories),
        "derivations": len(derivations),
        "derivations_told_by_stories": told,
        "carrier_pairs_not_checked": completion.left_out,
    }
    if allowed is not None:
        counts["given_pairs"] = len(allowed)
    return Report(
        settings.to_dict(),
        summaries,
        tuple(matches),
        tuple(clusters),
        tuple(derivations),
        tuple(problems),
        texts,
        tuple(quotes),
        tuple(boiler),
        tuple(stories),
        counts,
    )


def _checkpoint(
    folder: Union[str, os.PathLike[str]],
    articles: Sequence[Article],
    corpus: Union[CorpusInput, LoadedCorpus],
    settings: Settings,
    given: Optional[Sequence[GivenPair]],
    found_elsewhere: bool,
) -> Checkpoint:
    """The checkpoint of this run's work in `folder`: keyed by the code, the settings, the
    pairs given, and every article (its digest when the corpus gives one, else its fields
    and text)."""
    parts: Iterable[bytes]
    digests = corpus.digests if isinstance(corpus, LoadedCorpus) else None
    if digests is not None:
        parts = (
            a_id.encode("utf-8", "surrogatepass") + d for a_id, d in zip(_ids(articles), digests)
        )
    else:
        parts = (article_record(a) for a in articles)
    header = [
        "local",
        settings.to_dict(),
        sorted(given) if given is not None else None,
        found_elsewhere,
    ]
    return Checkpoint.for_work(folder, header, parts)


def _ids(articles: Sequence[Article]) -> Iterator[str]:
    ids = getattr(articles, "ids", None)  # a stored selection lists its ids without texts
    if ids is not None:
        yield from ids
    else:
        yield from (a.id for a in articles)
