"""The `newsreuse` command: a thin click layer over the library.

Each command parses its options, calls one library function and renders the result. Domain
errors become `click.ClickException` with the library's message. Commands import the library
inside their bodies, so `newsreuse --help` and `--version` answer without loading numpy or
scikit-learn.
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Sequence
from typing import Any, Optional

import click

from .. import __version__
from .evaluation import evaluate as evaluate_cmd
from .evaluation import fixtures as fixtures_cmd
from .exits import EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, stops_end_the_run
from .explain import explain_cmd
from .index import index_cmd
from .report import report_cmd

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsreuse")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) on stderr.")
def cli(verbose: int) -> None:
    """newsreuse: find the passages news articles share and who took them from whom."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


cli.add_command(report_cmd)
cli.add_command(fixtures_cmd)
cli.add_command(evaluate_cmd)
cli.add_command(index_cmd)
cli.add_command(explain_cmd)


class _Terminated(BaseException):
    """SIGTERM, raised where the main process is so that workers are stopped and temporary
    files removed on the way out (a BaseException: no `except Exception` swallows it)."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated()


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Console-script entry point: the commands, with Ctrl-C and SIGTERM turned into a clean
    stop (workers ended, nothing half-written) and exit codes 130 and 143."""
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    previous_int = signal.getsignal(signal.SIGINT)
    stops_end_the_run(True)
    code: Any = EXIT_OK
    try:
        # Out of standalone mode, click hands back the code of `ctx.exit(code)` (as `--strict`
        # exits 3) rather than raising it: keep it, or the command would exit 0.
        returned = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="newsreuse",
            standalone_mode=False,
        )
        if isinstance(returned, int):
            code = returned
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("\nnewsreuse: interrupted; nothing was written", err=True)
        code = EXIT_INTERRUPTED
    except _Terminated:
        click.echo("newsreuse: terminated; nothing was written", err=True)
        code = EXIT_TERMINATED
    finally:
        stops_end_the_run(False)
        signal.signal(signal.SIGTERM, previous)
        if previous_int is not None:  # None: a handler not set from Python, left alone
            signal.signal(signal.SIGINT, previous_int)
    sys.exit(code)
