"""The Spark engine: `reuse.detect(corpus, engine="spark")` runs the candidate and alignment
stages as Spark jobs and gives the local engine's report (see `reuse.spark.engine`). Needs the
`spark` extra (pyspark) and Java 17."""

from .engine import SparkEngine, spark_session

__all__ = ["SparkEngine", "spark_session"]
