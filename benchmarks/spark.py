"""The Spark engine against the local one: time per stage, and whether the reports are equal.

    python benchmarks/spark.py ../shared/data/chronam-1916-01/corpus.jsonl.gz
    python benchmarks/spark.py --generate 10000 [--plain] [--master local[2]] [--jobs 2]

Runs `reuse.detect` with the local engine (`--jobs` worker processes), then with the Spark
engine on `--master` (a session started once, its start-up timed apart), each stage timed by
the report's own clock. Prints the seconds of each stage for both engines and Spark's ratio,
the candidate stage's sizes (rows, colliding and similar unit pairs, candidate article pairs),
the bytes and records each Spark stage shuffles (read from Spark's event log), the peak memory of this process (the driver; Spark's executors in local mode
are this machine's JVM and Python workers, not counted), and whether the two JSON reports
are equal byte for byte (exit 1 if not).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import reuse
from reuse.spark import SparkEngine

STAGES = ("load", "candidates", "alignment", "clustering", "attribution")


def _timed(corpus: Any, jobs: int, engine: Any) -> tuple[reuse.Report, dict[str, Any], float]:
    timings: dict[str, Any] = {}
    t = time.perf_counter()
    report = reuse.detect(corpus, jobs=jobs, engine=engine, timings=timings)
    return report, timings, time.perf_counter() - t


def _seconds(timings: dict[str, Any], stage: str) -> float:
    value = timings.get(stage)
    if isinstance(value, dict):
        return float(value.get("wall", 0.0))
    return float(value or 0.0)


def _session(master: str, events: Path) -> Any:
    """A session as `spark_session` makes it, that also writes Spark's event log."""
    import os

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master(master)
        .appName("newsreuse-benchmark")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "4g")  # as spark_session sets for local masters
        .config("spark.python.daemon.module", "reuse.spark.daemon")  # and its workers' daemon
        .config("spark.eventLog.enabled", "true")
        .config("spark.eventLog.dir", events.as_uri())
        .config("spark.eventLog.compress", "false")
        .config("spark.eventLog.rolling.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def _shuffles(events: Path) -> dict[str, tuple[int, int]]:
    """Shuffle bytes and records written by each stage (named by Spark: the call that made it,
    and the line of reuse/spark/engine.py), summed over its tasks."""
    names: dict[int, str] = {}
    totals: dict[int, list[int]] = {}
    for log in (p for p in events.rglob("*") if p.is_file()):
        for line in log.read_text().splitlines():
            e = json.loads(line)
            if e.get("Event") == "SparkListenerStageCompleted":
                info = e["Stage Info"]
                names[info["Stage ID"]] = info["Stage Name"]
            elif e.get("Event") == "SparkListenerTaskEnd":
                w = (e.get("Task Metrics") or {}).get("Shuffle Write Metrics") or {}
                t = totals.setdefault(e["Stage ID"], [0, 0])
                t[0] += w.get("Shuffle Bytes Written", 0)
                t[1] += w.get("Shuffle Records Written", 0)
    out: dict[str, tuple[int, int]] = {}
    for stage in sorted(totals):
        written, records = totals[stage]
        if written:
            name = f"{stage}: {names.get(stage, '?')}".replace(
                str(Path(reuse.__file__).parent), "reuse"
            )
            out[name] = (written, records)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path)
    ap.add_argument("--generate", type=int, default=0, help="articles of generated news")
    ap.add_argument(
        "--plain",
        action="store_true",
        help="the generator's default corpus (that of bench.py) instead of a news day",
    )
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.generate:
            config = reuse.FixtureConfig() if args.plain else reuse.FixtureConfig.news_day()
            corpus, _ = reuse.fixtures.write(
                reuse.generate(args.generate, seed=1, config=config), Path(tmp)
            )
            kind = "generated articles" if args.plain else "generated news-day articles"
            name = f"{args.generate:,} {kind}"
        elif args.corpus:
            corpus, name = args.corpus, str(args.corpus)
        else:
            ap.error("give a corpus or --generate N")
        local, lt, l_all = _timed(corpus, args.jobs, "local")
        events = Path(tmp) / "events"
        events.mkdir()
        t = time.perf_counter()
        session = _session(args.master, events)
        start = time.perf_counter() - t
        spark, st, s_all = _timed(corpus, args.jobs, SparkEngine(session, args.partitions))
        session.stop()
        shuffles = _shuffles(events)
    print(f"corpus: {name}: {local.counts['articles']:,} articles")
    print(f"spark master {args.master}, start-up {start:.1f} s (not in the figures below)")
    print(f"{'stage':<12} {'local s':>9} {'spark s':>9} {'ratio':>7}")
    for stage in STAGES:
        a, b = _seconds(lt, stage), _seconds(st, stage)
        print(f"{stage:<12} {a:9.1f} {b:9.1f} {b / a if a else float('nan'):7.2f}")
    print(f"{'total':<12} {l_all:9.1f} {s_all:9.1f} {s_all / l_all:7.2f}")
    counts = lt.get("counts", {})
    for key in ("units", "unit_pairs", "similar_unit_pairs", "candidate_pairs", "matches"):
        if key in counts:
            print(f"  {key}: {counts[key]:,}")
    print("shuffle written per Spark stage (from Spark's event log):")
    for name, (written, records) in shuffles.items():
        print(f"  {name:<44} {written / 2**20:10.1f} MiB {records:>12,} records")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"driver peak memory: {peak:,.0f} MiB")
    same = json.dumps(local.to_dict(), sort_keys=True) == json.dumps(
        spark.to_dict(), sort_keys=True
    )
    print(f"reports equal: {same} ({len(local.matches):,} matches)")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
