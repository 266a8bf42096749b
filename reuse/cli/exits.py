"""Exit codes of the `newsreuse` command, as the README documents them."""

from __future__ import annotations

import click

__all__ = [
    "EXIT_OK",
    "EXIT_ERROR",
    "EXIT_USAGE",
    "EXIT_PROBLEMS",
    "EXIT_RUN_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_TERMINATED",
    "RunFailed",
]

EXIT_OK = 0  # the report was written (problems in the input are in it and on stderr)
EXIT_ERROR = 1  # nothing to do: no article read, output not writable, a report not readable
EXIT_USAGE = 2  # a bad option or setting (click's own code for usage errors)
EXIT_PROBLEMS = 3  # --strict, and the input had problems (the report was still written)
EXIT_RUN_FAILED = 4  # the run itself failed: a worker killed, out of memory
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT): workers stopped, nothing written
EXIT_TERMINATED = 143  # SIGTERM: workers stopped, nothing written


class RunFailed(click.ClickException):
    """The run failed for a reason outside the input (see `reuse.errors.RunError`)."""

    exit_code = EXIT_RUN_FAILED
