"""The Spark engine (`engine="spark"`, local[2]) gives the local engine's report, byte for byte,
on generated news and on real 1916 front pages, whatever the number of partitions. (Its
checkpoints and its command: `test_spark_checkpoint.py`.)"""

from __future__ import annotations

import dataclasses
import gzip
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

import reuse
from reuse.errors import InputError, SettingsError
from reuse.settings import Settings
from reuse.spark import SparkEngine, spark_session

pytest.importorskip("pyspark", reason="the spark extra (pip install -e '.[dev]' brings it)")
pytestmark = pytest.mark.first  # a long module (a JVM, many small Spark jobs)

ROOT = Path(__file__).resolve().parents[2]
CHRONAM = ROOT / "tests" / "data" / "chronam_1916_01_06_07" / "corpus.jsonl.gz"


def _json(report: reuse.Report) -> str:
    return json.dumps(report.to_dict(), sort_keys=True)


def test_real_front_pages_give_the_local_report(session: Any, tmp_path: Path) -> None:
    # Every other page of the two days (127 of 253: OCR noise, wire copy, pages that share
    # nothing), so that the module stays a few minutes long.
    lines = gzip.open(CHRONAM, "rt", encoding="utf-8").read().splitlines()
    pages = tmp_path / "pages.jsonl"
    pages.write_text("\n".join(lines[::2]) + "\n", encoding="utf-8")
    local = reuse.detect(pages, jobs=2)
    spark = reuse.detect(pages, jobs=2, engine="spark")
    assert len(local.articles) == 127 and len(local.matches) > 250
    assert _json(spark) == _json(local)


def test_settings_that_skip_buckets_and_repeats_are_counted_alike(
    session: Any, news_day: Path
) -> None:
    # Narrow buckets: the problems that say what the candidate stage left out must agree too.
    narrow = Settings(max_bucket=3)
    local = reuse.detect(news_day, narrow, jobs=2)
    assert any("LSH buckets" in p.message for p in local.problems)
    assert _json(reuse.detect(news_day, narrow, jobs=2, engine="spark")) == _json(local)


def test_connected_components_give_each_node_the_smallest_of_its_component(
    session: Any,
) -> None:
    from reuse.spark.components import connected_components
    from reuse.text.spans import UnionFind

    rnd = random.Random(3)
    n = 3000
    edges = [(k, k + 1) for k in range(1000, 1080)]  # a chain: 80 rounds of label passing
    edges += [(rnd.randrange(2000, n), rnd.randrange(2000, n)) for _ in range(900)]
    edges += [(k, k) for k in range(1700, 1720)]  # lone nodes
    edges += [(5, 1079), (5, 5), (1079, 5)]  # the chain's far end joined to a small node
    truth = UnionFind(n)
    for u, v in edges:
        truth.union(u, v)
    nodes = {x for e in edges for x in e}
    want = {v: truth.find(v) for v in nodes}
    rnd.shuffle(edges)
    for slices, parts in ((1, 1), (5, 3)):
        labels = connected_components(session.sparkContext.parallelize(edges, slices), parts)
        assert dict(labels.collect()) == want
        labels.unpersist()
    assert len(set(want.values())) > 30  # many components, one long one


def test_generated_news_read_from_uris_gives_the_local_report(
    session: Any, news_day: Path, local_day: reuse.Report, tmp_path: Path
) -> None:
    # Three partitions here; four (the real pages' test, the session's default) and five (the
    # checkpoint's) elsewhere: the report does not depend on them.
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    local = local_day
    assert len(local.matches) > 50 and local.clusters  # something to find
    rows = [json.loads(line) for line in news_day.read_text(encoding="utf-8").splitlines()]
    fields = sorted({k for r in rows for k in r})  # every field, though the first row lacks some
    rows = [{k: r.get(k) for k in fields} for r in rows]
    folder = tmp_path / "parts"
    folder.mkdir()
    half = len(rows) // 2
    pq.write_table(pa.Table.from_pylist(rows[:half]), folder / "part-0.parquet")
    pq.write_table(pa.Table.from_pylist(rows[half:]), folder / "part-1.parquet")
    (folder / "_SUCCESS").write_text("")  # what Hadoop writes beside the data: not read
    spark = reuse.detect([news_day.as_uri()], jobs=2, engine=SparkEngine(session, 3))
    assert _json(spark) == _json(local)
    # Parquet parts give the articles the JSON Lines give (the rest of a run is the run above).
    problems: list[Any] = []

    def read(uri: str) -> list[Any]:
        found = SparkEngine(session, 4).read([uri], problems)
        return sorted((dataclasses.replace(a, origin=None) for a in found), key=lambda a: a.id)

    assert read(folder.as_uri()) == read(news_day.as_uri()) and not problems
    with pytest.raises(InputError, match="no such file"):
        reuse.detect([(tmp_path / "missing").as_uri()], engine=SparkEngine(session, 4))
    with pytest.raises(InputError, match="read by the spark engine"):
        reuse.detect([news_day.as_uri()])
    with pytest.raises(InputError, match="not a mix"):
        reuse.detect([news_day.as_uri(), str(news_day)], engine=SparkEngine(session, 4))


def test_without_pyspark_the_message_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(SettingsError, match=r"newsreuse\[spark\]"):
        spark_session("local[1]")


def test_java_options_given_twice_are_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYSPARK_SUBMIT_ARGS", "--driver-java-options=-Xss4m pyspark-shell")
    with pytest.raises(SettingsError, match="give them in one place"):
        spark_session("local[1]", java_options=("-XX:TieredStopAtLevel=1",))


def test_an_unknown_engine_is_an_error() -> None:
    with pytest.raises(SettingsError, match="engine must be"):
        reuse.detect(ROOT / "seeds", engine="dask")


def test_java_options_reach_the_driver_jvm(session: Any) -> None:
    # The session fixture starts its JVM with a C1-only JIT; the logging configuration the
    # package sets is kept beside it.
    runtime = session._jvm.java.lang.management.ManagementFactory.getRuntimeMXBean()
    options = [str(o) for o in runtime.getInputArguments()]
    assert "-XX:TieredStopAtLevel=1" in options
    assert any(o.startswith("-Dlog4j2.configurationFile=") for o in options)


def test_workers_start_with_the_engine_imported_and_frozen(session: Any) -> None:
    # The tasks run in workers forked from the package's daemon: the engine's modules imported
    # there once, and their objects frozen (out of every collection a worker runs after a task).
    def seen(_: int) -> tuple[bool, int]:
        import gc

        return "reuse.stages.align.stage" in sys.modules, gc.get_freeze_count()

    (imported, frozen), *_ = session.sparkContext.parallelize([0], 1).map(seen).collect()
    assert imported and frozen > 10_000
