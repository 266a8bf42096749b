"""The `newsreuse` command: a thin click layer over the library.

Each command parses its options, calls one library function and renders the result. Domain
errors become `click.ClickException` with the library's message.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import signal
import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

import click

from . import __version__, reports
from .cli_eval import evaluate as evaluate_cmd, fixtures as fixtures_cmd
from .errors import ReuseError, RunError
from .model import Problem
from .pipeline import detect
from .progress import Progress
from .settings import Settings, setting_help

__all__ = ["cli", "main"]


def settings_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add one option per `Settings` field (e.g. --lsh-threshold), defaulting to the news
    defaults, and pass a validated `Settings` to the command as `settings`."""
    fields = dataclasses.fields(Settings)

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = {f.name: kwargs.pop(f.name) for f in fields}
        try:
            kwargs["settings"] = Settings(**given)
        except ReuseError as exc:
            raise click.BadParameter(str(exc)) from exc
        return fn(*args, **kwargs)

    for f in reversed(fields):
        default = f.default
        wrapper = click.option(
            "--" + f.name.replace("_", "-"), f.name, type=type(default), default=default,
            show_default=True, help=setting_help(f.name))(wrapper)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsreuse")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) on stderr.")
def cli(verbose: int) -> None:
    """newsreuse: find the passages news articles share and who took them from whom."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


# Exit codes, as documented in the README.
EXIT_OK = 0            # the report was written (problems in the input are in it and on stderr)
EXIT_ERROR = 1         # nothing to do: no article read, output not writable, a report not readable
EXIT_USAGE = 2         # a bad option or setting (click's own code for usage errors)
EXIT_PROBLEMS = 3      # --strict, and the input had problems (the report was still written)
EXIT_RUN_FAILED = 4    # the run itself failed: a worker killed, out of memory
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT): workers stopped, nothing written
EXIT_TERMINATED = 143   # SIGTERM: workers stopped, nothing written


class RunFailed(click.ClickException):
    """The run failed for a reason outside the input (see `reuse.errors.RunError`)."""

    exit_code = EXIT_RUN_FAILED


class _BarProgress(Progress):
    """A progress bar per stage on a terminal (tqdm), notes above it."""

    def __init__(self) -> None:
        from tqdm import tqdm

        self._tqdm = tqdm
        self.bar: Any = None

    def stage(self, name: str, total: Optional[int] = None) -> None:
        self.close()
        self.bar = self._tqdm(total=total, desc=f"newsreuse: {name}", file=sys.stderr,
                              leave=False, dynamic_ncols=True, mininterval=0.3,
                              bar_format=None if total else "{desc}...")

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def note(self, message: str) -> None:
        self._tqdm.write(f"newsreuse: {message}", file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class _LineProgress(Progress):
    """Plain lines on stderr when it is not a terminal (a log, a CI job): one per stage and note,
    with the time since the start."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def _say(self, message: str) -> None:
        click.echo(f"newsreuse: [{time.monotonic() - self.start:7.1f}s] {message}", err=True)

    def stage(self, name: str, total: Optional[int] = None) -> None:
        self._say(name + (f" ({total:,})" if total else ""))

    def note(self, message: str) -> None:
        self._say(message)


def _progress(quiet: bool) -> Optional[Progress]:
    if quiet:
        return None
    return _BarProgress() if sys.stderr.isatty() else _LineProgress()


def _show_problems(problems: Sequence[Problem], limit: int = 20) -> None:
    click.echo(f"newsreuse: {len(problems):,} problem(s) in the input, listed in the report",
               err=True)
    for p in problems[:limit]:
        click.echo(f"  {reports.for_terminal(str(p))}", err=True)
    if len(problems) > limit:
        click.echo(f"  ... and {len(problems) - limit:,} more in the report's problems", err=True)


@cli.command("report")
@click.argument("corpus", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(reports.FORMATS), default=None,
              help="Report format. Default: guessed from -o's suffix, else text.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write the report here instead of printing it.")
@click.option("-q", "--quiet", is_flag=True, help="No progress or problem lines on stderr.")
@click.option("--strict", is_flag=True,
              help="Exit with code 3 when the input had problems (the report is still written).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes. Default: all cores. The report does not depend on it.")
@settings_options
@click.pass_context
def report_cmd(ctx: click.Context, corpus: tuple[Path, ...], fmt: Optional[str],
               output: Optional[Path], quiet: bool, strict: bool, jobs: Optional[int],
               settings: Settings) -> None:
    """Find shared passages in CORPUS (folders, .jsonl, .csv, .json or .txt files, also
    compressed as .gz, .bz2 or .xz) and report.

    The text report goes to the terminal; -o FILE writes any format: text, json, html (one
    self-contained page), markdown, csv (a folder or .zip), sqlite, passim (JSON Lines). The
    format is guessed from FILE's suffix unless -f gives it.

    Exit codes: 0 report written (problems in the input are listed in it and on stderr); 1
    nothing usable in the input or the output cannot be written; 2 a bad option; 3 --strict and
    the input had problems; 4 the run failed (a worker killed, out of memory); 130 interrupted;
    143 terminated.
    """
    if fmt is None:
        if output is not None and output.is_dir():
            fmt = "csv"  # a folder of CSV tables
        else:
            fmt = (reports.guess_format(output) if output else None) or "text"
    try:
        if output is not None:
            # Before the run, so that no work is lost to a folder that is missing, read-only,
            # or would overwrite the corpus.
            reports.check_output(output, fmt, corpus)
        result = detect(list(corpus), settings, jobs=jobs, progress=_progress(quiet))
        if output is None:
            click.echo(reports.render(result, fmt), nl=False)
        else:
            reports.write(result, fmt, output)
    except RunError as exc:
        raise RunFailed(str(exc)) from exc
    except MemoryError as exc:
        raise RunFailed("out of memory: no report was made. Run on a smaller corpus, with fewer "
                        "--jobs, or with more memory") from exc
    except ReuseError as exc:
        raise click.ClickException(str(exc)) from exc
    if not quiet and result.problems:
        _show_problems(result.problems)
    if output is not None and not quiet:
        click.echo(f"newsreuse: wrote {fmt} report to {output}", err=True)
    if strict and result.problems:
        ctx.exit(EXIT_PROBLEMS)


cli.add_command(fixtures_cmd)
cli.add_command(evaluate_cmd)


class _Terminated(BaseException):
    """SIGTERM, raised where the main process is so that workers are stopped and temporary
    files removed on the way out (a BaseException: no `except Exception` swallows it)."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated()


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Console-script entry point: the commands, with Ctrl-C and SIGTERM turned into a clean
    stop (workers ended, nothing half-written) and exit codes 130 and 143."""
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    code: Any = EXIT_OK
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="newsreuse",
                 standalone_mode=False)
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
        signal.signal(signal.SIGTERM, previous)
    sys.exit(code)
