"""The candidate, alignment and clustering stages as Spark jobs, giving what the local engine
gives.

Each job runs the local engine's own numpy code on a partition, so the two engines cannot
disagree by design; only how rows reach a partition differs:

1. **sketching**: articles (numbered by id, as `detect` sorts them) in contiguous slices, each
   prepared and sketched by `sketch_part`; the document frequencies are summed by a tree
   reduce, and each article's row count gives its rows' global numbers (the local engine's).
2. **band keys**: every row's key of every band (20 bytes) is sent to the partition of its
   (band, key), where the buckets that `_band_pairs` would expand are found (rows of two
   articles or more, no more than `max_bucket` articles); only their rows are sent again, with
   the bits that verify a pair, and there `_band_pairs` expands the buckets as the local
   engine does (the `max_bucket` and repeated-row rules included).
3. **verification**: in the same partition, as the local engine's `_band_step` does
   (`_estimate`, `_fact_share`, `_verified`); the similar pairs go to the block of rows of
   their first row, where each is kept once (never a collect of the signatures).
4. **nearest partners**: each verified pair goes to both its rows' blocks, where each row's
   partners are ranked as `_partner_ranks` ranks them (estimate, then pair order).
5. **the article-pair rule**: the kept pairs meet by article pair, where `_strong_or_repeated`
   decides.
6. **alignment**: candidate pairs in the local engine's locality order, cut into steps; each
   step meets the articles it needs (a join) and runs `_align_step`.

7. **clustering**: matches whose sides meet in an article are linked (a shuffle by article),
   their groups found by a connected-components job (`components.py`), and each group's
   clusters found by one task with the local code (`found_clusters`), given the pieces of its
   articles' texts that it reads.

Only the candidate article pairs (with their unit pairs), the passages and the clusters come
back to the driver; attribution runs there, as in the local engine.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Optional

import numpy as np

from ..arrays import firsts
from ..errors import RunError, SettingsError
from ..model import Article, Cluster, Match, Problem
from ..progress import Progress
from ..settings import Settings
from ..stages.align.stage import AlignedStep, align_step, locality_order, numbered
from ..stages.candidates import lsh
from ..stages.candidates.stage import CandidatePair, Candidates, sketch_part

__all__ = ["SparkEngine", "spark_session"]


# How the RDDs used twice are kept: in memory as far as it goes, the rest on local disk (the
# unit pairs of a large corpus do not fit a JVM's heap; MEMORY_ONLY, the default, fails there).
def _kept_level() -> Any:
    from pyspark import StorageLevel

    return StorageLevel.MEMORY_AND_DISK


# Bumped when what a checkpoint holds changes.
_CHECKPOINT_VERSION = 1
# Rows of signatures a block holds (the unit verification pairs are sent to).
_BLOCK_ROWS = 1 << 14
# The JVM heap of a local session (spark.driver.memory), unless PYSPARK_SUBMIT_ARGS gives one.
_LOCAL_HEAP = "4g"
# Unit pairs a shuffled record holds at most (some megabytes).
_RECORD_PAIRS = 100_000
# Matches per slice of the clustering job (a few hundred megabytes of matches).
_MATCH_SLICE = 500_000
# Articles per sketching slice.
_SLICE_ARTICLES = 200
# Candidate pairs per alignment step: about two steps a partition, within these bounds. A step
# prepares each article it needs once (pairs in locality order share articles), and receives
# each once by a join: long steps prepare and ship an article fewer times; on the January 1916
# month, steps of 400 pairs shipped 1 GB of articles and took 7.7 times the local engine.
_STEP_PAIRS = (400, 20_000)


def spark_session(master: Optional[str] = None, java_options: Sequence[str] = ()) -> Any:
    """A Spark session (the one running, or a new one on `master`, default local[*]) whose
    Python workers run this interpreter.

    `java_options` are added to the driver JVM's options when this call starts it (in local
    mode the tasks run there too): `-XX:TieredStopAtLevel=1`, for one, spares short runs most
    of the JIT compiler's work (an error when PYSPARK_SUBMIT_ARGS set the driver's Java options
    too)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SettingsError(
            "the spark engine needs pyspark: pip install 'newsreuse[spark]' (and Java 17), or "
            "use the local engine"
        ) from exc
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.appName("newsreuse")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # Workers forked with the engine's modules already imported (see `daemon.py`).
        .config("spark.python.daemon.module", "reuse.spark.daemon")
    )
    submit_args = os.environ.get("PYSPARK_SUBMIT_ARGS", "")
    if (master or "local").startswith("local") and "driver-memory" not in submit_args:
        # In local mode the tasks run in the driver's JVM, whose heap is 1 GiB unless told:
        # too little for the unit pairs of some thousands of articles.
        builder = builder.config("spark.driver.memory", _LOCAL_HEAP)
    java_given = "driver.extraJavaOptions" in submit_args or "driver-java-options" in submit_args
    if java_given and java_options:
        raise SettingsError(
            "PYSPARK_SUBMIT_ARGS set the driver's Java options, and java_options were given "
            f"too ({' '.join(java_options)}): give them in one place"
        )
    if not java_given:
        # Spark's warnings on start-up (host name, native Hadoop library) are not the user's
        # business: the driver's JVM logs errors only, unless told otherwise.
        config = Path(__file__).resolve().parent.parent / "data" / "spark-log4j2.properties"
        options = [f"-Dlog4j2.configurationFile={config.as_uri()}", *java_options]
        builder = builder.config("spark.driver.extraJavaOptions", " ".join(options))
    if master:
        builder = builder.master(master)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # no Java, a master that does not answer, ...
        first = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
        raise RunError(
            f"Spark did not start ({type(exc).__name__}: {first[:300]}); it needs Java 17 "
            "(JAVA_HOME or java on the PATH) and a master that answers"
        ) from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


def _bucket_partition(band: np.ndarray, keys: np.ndarray, parts: int) -> np.ndarray:
    """The partition of each (band, key): the same on every machine (no Python hash)."""
    mixed = keys ^ (band.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
    mixed ^= mixed >> np.uint64(31)
    return (mixed % np.uint64(parts)).astype(np.int64)


def _sketch_slice(settings: Settings, items: Iterable[tuple[int, Article]]) -> Iterator[Any]:
    """Sketch each contiguous run of numbered articles of a partition."""
    run: list[Article] = []
    lo = -1
    for k, article in sorted(items, key=lambda x: x[0]):
        if run and k != lo + len(run):
            yield sketch_part(run, lo, settings)
            run = []
        if not run:
            lo = k
        run.append(article)
    if run:
        yield sketch_part(run, lo, settings)


def _global_rows(part: Any, starts: np.ndarray) -> np.ndarray:
    """The global row numbers of a sketch part's rows: its articles' first rows plus each
    row's place among its article's rows (rows are in article order)."""
    doc = part.doc.astype(np.int64)
    if not len(doc):
        return doc
    first = np.flatnonzero(firsts(doc))
    place = np.arange(len(doc)) - np.repeat(first, np.diff(np.r_[first, len(doc)]))
    return starts[doc] + place


def _key_blocks(part: Any, starts: np.ndarray, parts: int) -> Iterator[tuple[int, Any]]:
    """A sketch part's band keys sent, band by band, to the partition of their (band, key):
    the key, the row and its article (20 bytes a row and band)."""
    rows = _global_rows(part, starts)
    for band in range(part.keys.shape[1]):
        keys = part.keys[:, band]
        to = _bucket_partition(np.full(len(keys), band), keys, parts)
        for p in np.unique(to).tolist():
            m = to == p
            yield p, (band, keys[m], rows[m], part.doc[m])


def _shared_rows(max_bucket: int, blocks: Iterable[tuple[int, Any]]) -> Iterator[Any]:
    """The rows of one partition's buckets that hold rows of two articles or more and no more
    than `max_bucket` articles (the buckets `_band_pairs` expands), band by band, sent to
    their block of rows; and the count of the wider buckets it skips."""
    by_band: dict[int, list[Any]] = {}
    for _, (band, *arrays) in blocks:
        by_band.setdefault(band, []).append(arrays)
    skipped = 0
    for band in sorted(by_band):
        keys, rows, doc = (np.concatenate([b[k] for b in by_band[band]]) for k in range(3))
        order = np.lexsort((doc, keys))
        keys, rows, doc = keys[order], rows[order], doc[order]
        new_key = firsts(keys)
        bucket = np.cumsum(new_key) - 1
        size = np.bincount(bucket)
        new_doc = new_key | firsts(doc)
        docs_in = np.bincount(bucket[new_doc], minlength=len(size))
        shared = size > 1
        skipped += int((shared & (docs_in > max_bucket)).sum())
        mixed = (docs_in > 1) & (docs_in <= max_bucket)
        need = rows[mixed[bucket]]
        block = need // _BLOCK_ROWS
        for b in np.unique(block).tolist():
            yield "need", (b, (band, need[block == b]))
    yield "skipped", skipped


def _needed_rows(
    parts: int, item: tuple[int, tuple[Iterable[Any], Iterable[Any]]]
) -> Iterator[tuple[int, Any]]:
    """The rows of one block that share a bucket, band by band, sent with what verifying a
    pair needs (signature bits, names-and-figures signature, owner, unit) to the partition of
    their (band, key)."""
    _, (needs, pieces) = item
    needs, pieces = list(needs), list(pieces)
    if not needs or not pieces:
        return
    rows, keys, doc, unit, low, facts, has = (
        np.concatenate([p[k] for p in pieces]) for k in range(7)
    )
    order = np.argsort(rows)
    by_band: dict[int, list[np.ndarray]] = {}
    for band, wanted in needs:
        by_band.setdefault(band, []).append(wanted)
    for band in sorted(by_band):
        at = order[np.searchsorted(rows, np.unique(np.concatenate(by_band[band])), sorter=order)]
        k = keys[at, band]
        to = _bucket_partition(np.full(len(k), band), k, parts)
        for p in np.unique(to).tolist():
            m = at[to == p]
            yield (
                p,
                (band, keys[m, band], rows[m], doc[m], unit[m], low[m], facts[m], has[m]),
            )


def _row_blocks(part: Any, starts: np.ndarray) -> Iterator[tuple[int, Any]]:
    """A sketch part's rows (all their band keys and verification bits) in pieces of the
    blocks of `_BLOCK_ROWS` rows."""
    rows = _global_rows(part, starts)
    block = rows // _BLOCK_ROWS
    for b in np.unique(block).tolist():
        m = block == b
        yield (
            b,
            (
                rows[m],
                part.keys[m],
                part.doc[m],
                part.unit[m],
                part.low[m],
                part.facts[m],
                part.has_facts[m],
            ),
        )


def _band_verified(settings: Settings, blocks: Iterable[tuple[int, Any]]) -> Iterator[Any]:
    """Expand the buckets of one partition band by band, and verify their unit pairs, as the
    local engine's `_band_step` does; the similar pairs go to the block of their first row."""
    by_band: dict[int, list[Any]] = {}
    for _, (band, *arrays) in blocks:
        by_band.setdefault(band, []).append(arrays)
    for band in sorted(by_band):
        keys, rows, doc, unit, low, facts, has = (
            np.concatenate([b[k] for b in by_band[band]]) for k in range(7)
        )
        order = np.argsort(rows, kind="stable")
        keys, rows, doc, unit = keys[order], rows[order], doc[order], unit[order]
        low, facts, has = low[order], facts[order], has[order]
        stats = lsh.CandidateStats()
        n, collided = len(rows), 0
        for batch in lsh._band_pairs(
            keys, doc, n, settings.max_bucket, lsh._ROWS_PER_DOCUMENT, stats
        ):
            collided += len(batch)
            x, y = batch // n, batch % n
            estimate = lsh._estimate(low, x, y)
            ok = estimate >= settings.candidate_similarity
            x, y, estimate = x[ok], y[ok], estimate[ok]
            share = lsh._fact_share((facts, has), x, y)
            ok = lsh._verified(estimate, share, settings)
            x, y, estimate, share = x[ok], y[ok], estimate[ok], share[ok]
            found = (rows[x], rows[y], estimate, share, doc[x], doc[y], unit[x], unit[y])
            block = found[0] // _BLOCK_ROWS
            for b in np.unique(block).tolist():
                at = np.flatnonzero(block == b)
                for lo in range(0, len(at), _RECORD_PAIRS):  # records the JVM holds easily
                    m = at[lo : lo + _RECORD_PAIRS]
                    yield ("pairs", (b, tuple(a[m] for a in found)))
        yield ("stats", (collided, stats.buckets_skipped, stats.repeats_skipped))


def _distinct(item: tuple[int, Iterable[Any]]) -> Iterator[tuple[int, Any]]:
    """The similar pairs of a block of first rows, each once (a pair colliding in several
    bands was verified in each)."""
    b, pieces = item
    arrays = [np.concatenate([p[k] for p in pieces]) for k in range(8)]
    code = arrays[0].astype(np.int64) * (1 << 32) + arrays[1]
    _, first = np.unique(code, return_index=True)
    yield b, tuple(a[first] for a in arrays)


def _ranks(k: int, item: tuple[int, Iterable[Any]]) -> Iterator[tuple[int, Any]]:
    """Each pair's rank among the partners of the rows of one block (as `_partner_ranks`):
    the codes of those among the `k` closest, sent to the block of their first row."""
    pieces = list(item[1])
    row = np.concatenate([p[0] for p in pieces])
    est = np.concatenate([p[1] for p in pieces])
    code = np.concatenate([p[2] for p in pieces])
    order = np.lexsort((code, -est, row))
    row_sorted = row[order]
    first = np.flatnonzero(firsts(row_sorted))
    rank = np.arange(len(row)) - np.repeat(first, np.diff(np.r_[first, len(row)]))
    near = np.empty(len(row), bool)
    near[order] = rank < k
    code = code[near]
    block = (code >> 32) // _BLOCK_ROWS
    for b in np.unique(block).tolist():
        yield b, code[block == b]


def _pair_rule(settings: Settings, groups: Iterable[Any]) -> Iterator[Any]:
    """The article-pair rule (`_strong_or_repeated`) over the pairs of some article pairs."""
    pieces = [p for _, ps in groups for p in ps]
    if not pieces:
        return
    est, share, d1, d2, u1, u2 = (np.concatenate([p[k] for p in pieces]) for k in range(6))
    m = len(est)
    x, y = np.arange(m), m + np.arange(m)
    kx, ky = lsh._strong_or_repeated(
        x,
        y,
        est,
        np.concatenate((d1, d2)),
        np.concatenate((u1, u2)),
        settings.verify_threshold,
        lone=(share, settings.lone_pair_facts, settings.lone_pair_close),
    )
    doc, unit = np.concatenate((d1, d2)), np.concatenate((u1, u2))
    yield doc[kx], doc[ky], unit[kx], unit[ky]


class SparkEngine:
    """The candidate, alignment and clustering stages on a Spark session (see the module's doc).

    `finder` is a `detect` candidate finder; `align` replaces `align_candidates` and `cluster`
    `cluster_matches`."""

    def __init__(
        self, session: Any, partitions: Optional[int] = None, checkpoint: Optional[str] = None
    ) -> None:
        """`partitions` of the shuffles (default: twice the session's parallelism);
        `checkpoint`, a folder or Hadoop URI where each stage's output is kept: a stage whose
        output is there (for the same articles, settings and code) is read, not recomputed."""
        self.session = session
        self.sc = session.sparkContext
        self.partitions = partitions or max(2, 2 * self.sc.defaultParallelism)
        self.checkpoint = checkpoint.rstrip("/") if checkpoint else None

    # --- input ------------------------------------------------------------------------

    def read(self, uris: Sequence[str], problems: list[Problem]) -> list[Article]:
        """The articles of files or folders at Hadoop URIs (`file://`, `hdfs://`, `s3a://`):
        JSON Lines (also compressed) and Parquet, one article a row with the fields of
        CONTRACT.md. Files are read one by one in order of their URI, so the articles come in
        the same order on every run; each row's origin is `file#row`."""
        from ..corpus.parquet import _plain
        from ..corpus.records import article_from_record

        files = self._files(uris, problems)
        out: list[Article] = []
        for uri, kind in files:
            base = uri.rsplit("/", 1)[-1]
            if kind == "parquet":
                rows: Iterator[tuple[str, str, Any]] = (
                    (f"{uri}#{n}", f"{base}#{n}", row.asDict(recursive=True))
                    for n, row in enumerate(self.session.read.parquet(uri).toLocalIterator(), 1)
                )
            else:  # JSON Lines: each line read as the local engine reads it
                rows = self._json_lines(uri, base, problems)
            for origin, default, data in rows:
                data = {k: _plain(v) for k, v in data.items() if v is not None}
                art = article_from_record(data, origin, problems, default_id=default)
                if art is not None:
                    out.append(art)
        return out

    def _json_lines(
        self, uri: str, base: str, problems: list[Problem]
    ) -> Iterator[tuple[str, str, Any]]:
        import json

        lines = self.session.read.text(uri).toLocalIterator()
        for n, row in enumerate(lines, 1):
            line = row[0]
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError as exc:
                problems.append(Problem(f"{uri}:{n}", f"not JSON ({exc}): line skipped; fix it"))
                continue
            if not isinstance(data, dict):
                problems.append(
                    Problem(f"{uri}:{n}", "not a JSON object: line skipped; give one object a line")
                )
                continue
            yield f"{uri}:{n}", f"{base}:{n}", data

    def _files(self, uris: Sequence[str], problems: list[Problem]) -> list[tuple[str, str]]:
        from ..errors import InputError

        found: list[tuple[str, str]] = []
        missing = []
        for uri in uris:
            fs, hpath = self._fs_path(uri)
            if not fs.exists(hpath):
                missing.append(uri)
                continue
            statuses = fs.listStatus(hpath) if fs.getFileStatus(hpath).isDirectory() else []
            names = [str(st.getPath().toString()) for st in statuses if st.isFile()] or [uri]
            for name in sorted(names):
                base = name.rsplit("/", 1)[-1].lower()
                if base.startswith(("_", ".")):
                    continue  # _SUCCESS, .crc and other files Hadoop writes beside the data
                if base.endswith(".parquet"):
                    found.append((name, "parquet"))
                elif base.endswith((".jsonl", ".json", ".jsonl.gz", ".json.gz", ".jsonl.bz2")):
                    found.append((name, "json"))
                else:
                    problems.append(
                        Problem(name, "not a .jsonl or .parquet file: skipped by the spark reader")
                    )
        if missing:
            raise InputError(f"{', '.join(missing)}: no such file or folder")
        return found

    # --- checkpoints --------------------------------------------------------------------

    def _stage_dir(self, articles: Sequence[Article], settings: Settings) -> Optional[str]:
        if self.checkpoint is None:
            return None
        from .. import __version__
        from ..digest import work_key

        key = work_key(articles, ["spark", _CHECKPOINT_VERSION, __version__, settings.to_dict()])
        return f"{self.checkpoint}/{key}"

    def _fs_path(self, path: str) -> tuple[Any, Any]:
        jvm = self.sc._jvm
        hpath = jvm.org.apache.hadoop.fs.Path(path)
        return hpath.getFileSystem(self.sc._jsc.hadoopConfiguration()), hpath

    def _done(self, path: str) -> bool:
        fs, hpath = self._fs_path(f"{path}/_SUCCESS")
        return bool(fs.exists(hpath))

    def _kept(self, rdd: Any, folder: Optional[str], name: str) -> Any:
        """`rdd`, computed once: written to the checkpoint and read back, or read from it when
        a run wrote it whole before (Spark writes _SUCCESS last)."""
        if folder is None:
            return rdd.persist(_kept_level())
        path = f"{folder}/{name}"
        if not self._done(path):
            fs, hpath = self._fs_path(path)
            if fs.exists(hpath):
                fs.delete(hpath, True)  # a stage cut short: its part files are not trusted
            rdd.saveAsPickleFile(path)
        return self.sc.pickleFile(path)

    def _load(self, folder: Optional[str], name: str) -> Any:
        if folder is None or not self._done(f"{folder}/{name}"):
            return None
        return self.sc.pickleFile(f"{folder}/{name}").collect()[0]

    def _save(self, folder: Optional[str], name: str, value: Any) -> None:
        if folder is not None:
            self._kept(self.sc.parallelize([value], 1), folder, name)

    # --- candidates ---------------------------------------------------------------------

    def finder(
        self,
        articles: Sequence[Article],
        settings: Settings,
        jobs: int,
        problems: list[Problem],
        progress: Progress,
    ) -> Candidates:
        sc, parts_n = self.sc, self.partitions
        folder = self._stage_dir(articles, settings)
        saved = self._load(folder, "candidates")
        if saved is not None:
            progress.note(f"candidate pairs read from the checkpoint {folder}")
            candidates, found = saved
            problems.extend(found)
            return candidates
        progress.stage("reading and sketching articles (spark)", len(articles))
        slices = max(1, -(-len(articles) // _SLICE_ARTICLES))
        numbered_articles = sc.parallelize(list(enumerate(articles)), slices)
        parts = self._kept(
            numbered_articles.mapPartitions(lambda it: _sketch_slice(settings, it)),
            folder,
            "sketches",
        )
        mine: list[Problem] = []
        try:
            candidates = self._candidates(parts, articles, settings, mine, progress, parts_n)
        finally:
            parts.unpersist()
        self._save(folder, "candidates", (candidates, mine))
        problems.extend(mine)
        return candidates

    def _candidates(
        self,
        parts: Any,
        articles: Sequence[Article],
        settings: Settings,
        problems: list[Problem],
        progress: Progress,
        parts_n: int,
    ) -> Candidates:
        sc = self.sc
        n_articles = len(articles)

        def summary(p: Any) -> tuple[Counter[str], list[Problem], np.ndarray]:
            return p.df, p.problems, np.bincount(p.doc, minlength=n_articles)

        def merge(a: Any, b: Any) -> Any:
            a[0].update(b[0])
            return a[0], a[1] + b[1], a[2] + b[2]

        df, found_problems, counts = parts.map(summary).treeReduce(merge)
        # In article order, as the local engine's steps give them.
        place = {a.id: k for k, a in enumerate(articles)}
        problems.extend(sorted(found_problems, key=lambda p: place.get(p.article or "", -1)))
        starts = np.r_[0, np.cumsum(counts)[:-1]].astype(np.int64)
        units = int(counts.sum())
        starts_b = sc.broadcast(starts)
        stats = lsh.CandidateStats(units=units)
        progress.stage("finding candidate pairs (spark)")

        # Two passes: the band keys alone find the rows that share a bucket; only those are
        # sent again, with the bits that verify a pair, to be expanded and verified.
        shared = (
            parts.flatMap(lambda p: _key_blocks(p, starts_b.value, parts_n))
            .partitionBy(parts_n, lambda p: p)
            .mapPartitions(lambda it: _shared_rows(settings.max_bucket, it))
            .persist(_kept_level())
        )
        stats.buckets_skipped += sum(
            shared.filter(lambda x: x[0] == "skipped").map(lambda x: x[1]).collect()
        )
        needs = shared.filter(lambda x: x[0] == "need").map(lambda x: x[1])
        row_blocks = parts.flatMap(lambda p: _row_blocks(p, starts_b.value))
        band_out = (
            needs.cogroup(row_blocks, parts_n)
            .flatMap(lambda item: _needed_rows(parts_n, item))
            .partitionBy(parts_n, lambda p: p)
            .mapPartitions(lambda it: _band_verified(settings, it))
            .persist(_kept_level())
        )
        for collided, skipped, repeats in (
            band_out.filter(lambda x: x[0] == "stats").map(lambda x: x[1]).collect()
        ):
            stats.unit_pairs += collided
            stats.buckets_skipped += skipped
            stats.repeats_skipped += repeats
        # Keyed by the block of their first row, each pair once.
        verified = (
            band_out.filter(lambda x: x[0] == "pairs")
            .map(lambda x: x[1])
            .groupByKey(parts_n)
            .flatMap(_distinct)
            .persist(_kept_level())
        )
        stats.similar_pairs = int(verified.map(lambda v: len(v[1][0])).sum())
        k = settings.max_neighbours

        def both_sides(item: tuple[int, Any]) -> Iterator[tuple[int, Any]]:
            r1, r2, est = item[1][:3]
            code = r1 * (1 << 32) + r2
            for rows in (r1, r2):
                blocks = rows // _BLOCK_ROWS
                for b in np.unique(blocks).tolist():
                    m = blocks == b
                    yield b, (rows[m], est[m], code[m])

        near = verified.flatMap(both_sides).groupByKey(parts_n).flatMap(lambda i: _ranks(k, i))

        def by_article_pair(
            item: tuple[int, tuple[Iterable[Any], Iterable[np.ndarray]]],
        ) -> Iterator[tuple[int, Any]]:
            _, (found, near_codes) = item
            found, near_codes = list(found), list(near_codes)
            if not found or not near_codes:
                return
            r1, r2, est, share, d1, d2, u1, u2 = found[0]
            keep = np.isin(r1 * (1 << 32) + r2, np.concatenate(near_codes))
            est, share, d1, d2, u1, u2 = (a[keep] for a in (est, share, d1, d2, u1, u2))
            lo, hi = np.minimum(d1, d2).astype(np.int64), np.maximum(d1, d2)
            key = lo * n_articles + hi
            for kk in np.unique(key).tolist():
                w = key == kk
                yield kk, (est[w], share[w], d1[w], d2[w], u1[w], u2[w])

        decided = (
            verified.cogroup(near, parts_n)
            .flatMap(by_article_pair)
            .groupByKey(parts_n)
            .mapPartitions(lambda it: _pair_rule(settings, it))
            .collect()
        )
        for rdd in (shared, band_out, verified):
            rdd.unpersist()
        starts_b.unpersist()
        if decided:
            d1, d2, u1, u2 = (np.concatenate([x[k] for x in decided]) for k in range(4))
        else:
            d1 = d2 = u1 = u2 = np.zeros(0, np.int64)
        stats.verified_pairs = len(d1)
        swap = d1 > d2
        d1, d2 = np.where(swap, d2, d1), np.where(swap, d1, d2)
        u1, u2 = np.where(swap, u2, u1), np.where(swap, u1, u2)
        order = np.lexsort((u2, u1, d2, d1))
        out: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for i, j, a, b in zip(
            d1[order].tolist(), d2[order].tolist(), u1[order].tolist(), u2[order].tolist()
        ):
            out.setdefault((i, j), []).append((a, b))
        pairs_out: list[CandidatePair] = [(pair, tuple(units)) for pair, units in out.items()]
        return Candidates(pairs_out, df, stats)

    # --- alignment ----------------------------------------------------------------------

    def align(
        self,
        articles: Sequence[Article],
        pairs: Sequence[CandidatePair],
        df: Counter[str],
        settings: Settings,
        jobs: int,
        problems: list[Problem],
        progress: Optional[Progress] = None,
        n_docs: Optional[int] = None,
    ) -> list[Match]:
        """`align_candidates` on Spark: steps of pairs in the local engine's order, each
        joined with the articles it needs."""
        from ..stages.align.vectors import Idf

        tell = progress or Progress()
        tell.stage("aligning candidate pairs (spark)", len(pairs))
        sc = self.sc
        n_docs = len(articles) if n_docs is None else n_docs
        idf = sc.broadcast(Idf(df, n_docs, settings.stem_chars))
        ordered = locality_order(pairs, len(articles))
        low, high = _STEP_PAIRS
        size = min(high, max(low, -(-len(ordered) // (2 * self.partitions))))
        steps = [(s, ordered[lo : lo + size]) for s, lo in enumerate(range(0, len(ordered), size))]
        if not steps:
            return []
        steps_rdd = sc.parallelize(steps, min(len(steps), self.partitions * 4))
        wanted = steps_rdd.flatMap(
            lambda st: [(k, st[0]) for k in sorted({x for (i, j), _ in st[1] for x in (i, j)})]
        )
        texts = sc.parallelize(list(enumerate(articles)), max(1, len(articles) // _SLICE_ARTICLES))
        needed = wanted.join(texts).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))

        def run(item: tuple[int, tuple[Iterable[Any], Iterable[Any]]]) -> tuple[int, AlignedStep]:
            step, (step_pairs, arts) = item
            return step, align_step(
                dict(arts), [p for ps in step_pairs for p in ps], settings, idf.value
            )

        results = self._kept(
            steps_rdd.cogroup(needed).map(run), self._stage_dir(articles, settings), "alignment"
        )
        done = sorted(results.collect(), key=lambda x: x[0])
        results.unpersist()
        idf.unpersist()
        found: list[Match] = []
        for _, part in done:  # in step order, as the local engine gives its problems
            found.extend(part.matches)
            problems.extend(part.problems)
        tell.advance(len(pairs))
        return numbered(found)

    # --- clustering ---------------------------------------------------------------------

    def cluster(
        self,
        matches: Sequence[Match],
        texts: Mapping[str, str],
        masked: Optional[Mapping[str, Sequence[tuple[int, int]]]] = None,
    ) -> list[Cluster]:
        """`cluster_matches` on Spark: matches whose sides meet in an article are linked, their
        groups found by a connected-components job (`match_groups`, on the executors), and
        each group's clusters by one task, with the local code over the group's matches in
        their order (which gives what the local engine gives over all of them: see
        `found_clusters`). Only the clusters come back."""
        from ..stages.cluster import article_links, found_clusters, numbered_clusters
        from .components import connected_components

        if not matches:
            return []
        folder = self._cluster_dir(matches, texts, masked)
        if folder is not None and self._done(f"{folder}/clusters"):
            return numbered_clusters(self.sc.pickleFile(f"{folder}/clusters").collect())
        sc = self.sc
        parts = self.partitions
        arts = sorted({x for m in matches for x in (m.a, m.b)})
        number = {a: k for k, a in enumerate(arts)}
        slices = -(-len(matches) // _MATCH_SLICE)
        rows = sc.parallelize(
            [(k, (number[m.a], number[m.b], m)) for k, m in enumerate(matches)], slices
        )

        def sides(row: tuple[int, Any]) -> Iterator[tuple[int, tuple[int, int, int]]]:
            k, (a, b, m) = row
            yield a, (m.a_start, m.a_end, k)
            yield b, (m.b_start, m.b_end, k)

        # Matches that meet in an article, linked (and each match to itself, so that every
        # match has a group); in a few slices, so that a corpus whose links fit one settles
        # without a round of the components job.
        links = (
            rows.flatMap(sides)
            .groupByKey(parts)
            .flatMap(lambda kv: article_links(kv[1]))
            .union(rows.map(lambda row: (row[0], row[0])))
            .coalesce(slices)
        )
        labels = connected_components(links, parts)
        joined = rows.join(labels, parts).persist(_kept_level())  # (k, ((a, b, match), group))
        group_matches = joined.map(lambda kv: (kv[1][1], (kv[0], kv[1][0][2])))
        keep_masks = masked is not None
        text_rdd = sc.parallelize(
            [(number[a], (a, texts[a], tuple((masked or {}).get(a, ())))) for a in arts],
            max(1, len(arts) // _SLICE_ARTICLES),
        )

        # Each group gets its piece of each of its articles: from the start of the group's
        # first side there to the end of its last (clustering reads nothing else), so a page
        # that carries many stories is not sent whole to each.
        def group_sides(kv: tuple[int, Any]) -> Iterator[tuple[int, tuple[int, int, int]]]:
            _, ((a, b, m), group) = kv
            yield a, (group, m.a_start, m.a_end)
            yield b, (group, m.b_start, m.b_end)

        def pieces(kv: tuple[int, tuple[Iterable[Any], Iterable[Any]]]) -> Iterator[Any]:
            _, (sides, arts) = kv
            for art, text, mask in arts:
                bounds: dict[int, tuple[int, int]] = {}
                for g, lo, hi in sides:
                    was = bounds.get(g, (lo, hi))
                    bounds[g] = (min(was[0], lo), max(was[1], hi))
                for g, (lo, hi) in sorted(bounds.items()):
                    yield g, (art, lo, text[lo:hi], mask)

        group_texts = joined.flatMap(group_sides).cogroup(text_rdd, parts).flatMap(pieces)

        def run(item: tuple[int, tuple[Iterable[Any], Iterable[Any]]]) -> list[Any]:
            _, (ms, ts) = item
            ordered = [m for _, m in sorted(ms, key=lambda x: x[0])]
            own = {a: " " * lo + piece for a, lo, piece, _ in ts}  # offsets as in the article
            masks = {a: list(mk) for a, _, _, mk in ts if mk} if keep_masks else None
            return found_clusters(ordered, own, masks)

        found = self._kept(
            group_matches.cogroup(group_texts, parts).flatMap(run), folder, "clusters"
        )
        out = numbered_clusters(found.collect())
        found.unpersist()
        joined.unpersist()
        labels.unpersist()
        return out

    def _cluster_dir(
        self,
        matches: Sequence[Match],
        texts: Mapping[str, str],
        masked: Optional[Mapping[str, Sequence[tuple[int, int]]]],
    ) -> Optional[str]:
        """The checkpoint folder of clusters of these matches (and texts, masks, code)."""
        if self.checkpoint is None:
            return None
        import dataclasses
        import hashlib

        from ..digest import code_digest

        h = hashlib.sha256(f"{code_digest()} {_CHECKPOINT_VERSION}".encode())
        for m in matches:
            h.update(repr(dataclasses.astuple(m)).encode())
        for a in sorted({x for m in matches for x in (m.a, m.b)}):
            h.update(a.encode("utf-8", "surrogatepass"))
            h.update(hashlib.sha256(texts[a].encode("utf-8", "surrogatepass")).digest())
            h.update(repr((masked or {}).get(a)).encode())
        return f"{self.checkpoint}/clusters/{h.hexdigest()[:32]}"
