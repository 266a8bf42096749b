"""The Spark tests' fixtures: a local[2] session and a generated news day with the local
engine's report over it, made once for each test module that asks (each module on one pytest
worker with its own session, so that the two Spark modules can run side by side)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import reuse


@pytest.fixture(scope="module")
def session() -> Any:
    pytest.importorskip("pyspark", reason="the spark extra (pip install -e '.[dev]' brings it)")
    from reuse.spark import spark_session

    s = spark_session("local[2]")
    yield s
    s.stop()


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
