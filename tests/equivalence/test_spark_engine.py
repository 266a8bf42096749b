"""The Spark engine (`engine="spark"`, local[2]) gives the local engine's report, byte for byte,
on generated news and on real 1916 front pages, whatever the number of partitions."""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import reuse
from reuse.cli import cli
from reuse.errors import InputError, SettingsError
from reuse.settings import Settings
from reuse.spark import SparkEngine, spark_session

pytest.importorskip("pyspark", reason="the spark extra (pip install -e '.[dev]' brings it)")

ROOT = Path(__file__).resolve().parents[2]
CHRONAM = ROOT / "tests" / "data" / "chronam_1916_01_06_07" / "corpus.jsonl.gz"


@pytest.fixture(scope="module")
def session() -> Any:
    s = spark_session("local[2]")
    yield s
    s.stop()


def _json(report: reuse.Report) -> str:
    return json.dumps(report.to_dict(), sort_keys=True)


@pytest.fixture(scope="module")
def news_day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("spark")
    config = reuse.FixtureConfig.news_day(wire_carriers=(6, 12))
    path, _ = reuse.fixtures.write(reuse.generate(160, seed=11, config=config), folder)
    return Path(path)


@pytest.fixture(scope="module")
def local_day(news_day: Path) -> reuse.Report:
    """The local engine's report over the day: what every Spark run over it must give."""
    return reuse.detect(news_day, jobs=2)


def test_generated_news_gives_the_local_report_for_any_partitions(
    session: Any, news_day: Path, local_day: reuse.Report
) -> None:
    # Three partitions here; four (the URIs' test) and five (the checkpoint's) elsewhere.
    assert len(local_day.matches) > 50 and local_day.clusters  # something to find
    spark = reuse.detect(news_day, jobs=2, engine=SparkEngine(session, 3))
    assert _json(spark) == _json(local_day)


def test_real_front_pages_give_the_local_report(session: Any) -> None:
    local = reuse.detect(CHRONAM, jobs=2)
    spark = reuse.detect(CHRONAM, jobs=2, engine="spark")
    assert len(local.matches) > 500
    assert _json(spark) == _json(local)


def test_settings_that_skip_buckets_and_repeats_are_counted_alike(
    session: Any, news_day: Path
) -> None:
    # Narrow buckets: the problems that say what the candidate stage left out must agree too.
    narrow = Settings(max_bucket=3)
    local = reuse.detect(news_day, narrow, jobs=2)
    assert any("LSH buckets" in p.message for p in local.problems)
    assert _json(reuse.detect(news_day, narrow, jobs=2, engine="spark")) == _json(local)


def test_a_failed_run_resumes_from_its_checkpoint(
    session: Any,
    news_day: Path,
    local_day: reuse.Report,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    local = local_day
    engine = SparkEngine(session, 5, checkpoint=str(tmp_path / "ckpt"))

    def broken(*args: Any, **kw: Any) -> Any:
        raise RuntimeError("the cluster went away")

    # The alignment fails: the sketches and candidate pairs are kept, the alignment is not.
    with monkeypatch.context() as m:
        m.setattr(SparkEngine, "align", broken)
        with pytest.raises(RuntimeError, match="went away"):
            reuse.detect(news_day, jobs=2, engine=engine)
    (kept,) = (tmp_path / "ckpt").iterdir()
    assert {p.name for p in kept.iterdir()} == {"sketches", "candidates"}
    assert kept.name != "clusters"
    # Run again: the candidate stage is read, not recomputed (it would fail here).
    with monkeypatch.context() as m:
        m.setattr(SparkEngine, "_candidates", broken)
        again = reuse.detect(news_day, jobs=2, engine=engine)
    assert _json(again) == _json(local)
    assert (kept / "alignment" / "_SUCCESS").exists()
    # The clusters were kept too (of the same-outlet matches and of all).
    clusters = tmp_path / "ckpt" / "clusters"
    assert all((c / "clusters" / "_SUCCESS").exists() for c in clusters.iterdir())
    # A stage cut short (no _SUCCESS) is computed again, not trusted; the clusters, kept whole,
    # are read (finding them again would fail here).
    (kept / "alignment" / "_SUCCESS").unlink()
    for part in (kept / "alignment").glob("part-*"):
        part.write_bytes(b"cut short")
    with monkeypatch.context() as m:
        m.setattr("reuse.spark.components.connected_components", broken)
        assert _json(reuse.detect(news_day, jobs=2, engine=engine)) == _json(local)
    # Other settings, other articles are other work: another folder of the checkpoint.
    articles = sorted(reuse.load_corpus(news_day).articles, key=lambda a: a.id)
    here = engine._stage_dir(articles, Settings())
    assert here is not None and Path(here).name == kept.name
    assert engine._stage_dir(articles, Settings(min_passage_words=20)) != here
    assert engine._stage_dir(articles[1:], Settings()) != here


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


def test_uris_of_json_lines_and_parquet_read_by_spark(
    session: Any, news_day: Path, local_day: reuse.Report, tmp_path: Path
) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    local = local_day
    rows = [json.loads(line) for line in news_day.read_text(encoding="utf-8").splitlines()]
    fields = sorted({k for r in rows for k in r})  # every field, though the first row lacks some
    rows = [{k: r.get(k) for k in fields} for r in rows]
    folder = tmp_path / "parts"
    folder.mkdir()
    half = len(rows) // 2
    pq.write_table(pa.Table.from_pylist(rows[:half]), folder / "part-0.parquet")
    pq.write_table(pa.Table.from_pylist(rows[half:]), folder / "part-1.parquet")
    (folder / "_SUCCESS").write_text("")  # what Hadoop writes beside the data: not read
    spark = reuse.detect([news_day.as_uri()], jobs=2, engine=SparkEngine(session, 4))
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


def test_the_command_is_quiet_and_resumes_from_its_checkpoint(session: Any, tmp_path: Path) -> None:
    # A process of its own: Spark's start-up warnings come from a new JVM, on its stderr.
    want = (ROOT / "reports" / "seeds.json").read_text(encoding="utf-8")
    seeds, out = str(ROOT / "seeds"), tmp_path / "r.json"
    spark = ["--engine", "spark", "--checkpoint", str(tmp_path / "ckpt")]
    cmd = [sys.executable, "-m", "reuse", "report", seeds, "-q", *spark, "-o", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == want
    # The JVM's own note on an incubating module is all that may show (Spark asks for it).
    noise = [line for line in done.stderr.splitlines() if "incubator modules" not in line]
    assert noise == []
    # Here, in this process's session: the work that run kept is read back.
    again = CliRunner().invoke(cli, ["report", seeds, "-f", "json", *spark])
    assert again.stdout == want and again.exit_code == 0
    assert "read from the checkpoint" in again.stderr
    misplaced = CliRunner().invoke(cli, ["report", seeds, "--spark-master", "local[1]"])
    assert misplaced.exit_code == 2 and "goes with --engine spark" in misplaced.output


def test_without_pyspark_the_message_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(SettingsError, match=r"newsreuse\[spark\]"):
        spark_session("local[1]")


def test_an_unknown_engine_is_an_error() -> None:
    with pytest.raises(SettingsError, match="engine must be"):
        reuse.detect(ROOT / "seeds", engine="dask")
