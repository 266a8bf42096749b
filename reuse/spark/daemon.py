"""The Python daemon of the Spark engine's executors (`spark.python.daemon.module`): PySpark's
own daemon, with the engine's modules (numpy, scikit-learn, the stages) imported once and their
objects frozen (`gc.freeze`) before it forks a worker for each task.

With PySpark's own daemon, a forked worker imports the modules again on its first task (about a
second of CPU), and after every task runs a full `gc.collect()` over all of their objects: on a
generated news day of 160 articles, 270 collections took more CPU than the work itself. Frozen
in the daemon, the imported objects are skipped by every collection in the workers (and their
memory pages stay shared with the daemon's)."""

import gc

from pyspark import daemon

from . import engine  # noqa: F401  (imported here for every worker forked from here)

if __name__ == "__main__":
    gc.collect()
    gc.freeze()
    daemon.manager()
