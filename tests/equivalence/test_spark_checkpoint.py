"""The Spark engine's checkpoints (a failed run resumes from the stages it kept) and its
command (quiet, resumable). A module of its own, with its own session, so that it runs beside
`test_spark_engine.py` on the other pytest worker."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import reuse
from reuse.cli import cli
from reuse.settings import Settings
from reuse.spark import SparkEngine

pytest.importorskip("pyspark", reason="the spark extra (pip install -e '.[dev]' brings it)")
pytestmark = pytest.mark.first  # a long module (a JVM, many small Spark jobs)

ROOT = Path(__file__).resolve().parents[2]


def _json(report: reuse.Report) -> str:
    return json.dumps(report.to_dict(), sort_keys=True)


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
