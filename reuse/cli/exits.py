"""Exit codes of the `newsreuse` command, as the README documents them."""

from __future__ import annotations

import signal

import click

__all__ = [
    "finished_writing",
    "stops_end_the_run",
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


# Whether Ctrl-C and SIGTERM still stop the command (set by the console script's `main`, which
# puts them back as they were when the command ends).
_STOPPABLE = {"after the report": False}


def stops_end_the_run(on: bool) -> None:
    """Let `finished_writing` ignore a late Ctrl-C or SIGTERM (the console script), or not."""
    _STOPPABLE["after the report"] = on


def finished_writing() -> None:
    """The report is in place: a Ctrl-C or SIGTERM from here on is ignored, so that the command
    ends as it would have (exit 0 or 3) rather than with 130 or 143, which say that nothing was
    written."""
    if _STOPPABLE["after the report"]:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
