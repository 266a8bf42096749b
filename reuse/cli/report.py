"""`newsreuse report`: find shared passages in a corpus and write the report."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

import click

from ..errors import ReuseError, RunError
from ..reports.formats import FORMATS, UNWRITTEN, guess_format
from ..settings import Settings
from .exits import EXIT_PROBLEMS, RunFailed, finished_writing
from .options import dash_is_stdout, settings_options
from .progress import progress_for

if TYPE_CHECKING:
    from ..model import Problem, Report

__all__ = ["report_cmd", "output_format", "run_errors", "show_result", "report_options"]


def _show_problems(problems: Sequence[Problem], limit: int = 20) -> None:
    from .. import reports

    click.echo(
        f"newsreuse: {len(problems):,} problem(s) in the input, listed in the report", err=True
    )
    for p in problems[:limit]:
        click.echo(f"  {reports.for_terminal(str(p))}", err=True)
    if len(problems) > limit:
        click.echo(f"  ... and {len(problems) - limit:,} more in the report's problems", err=True)


def report_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options of every command that makes a report: -f, -o, --full, -q, --strict, -j."""
    for option in reversed(
        [
            click.option(
                "-f",
                "--format",
                "fmt",
                type=click.Choice(FORMATS),
                default=None,
                help="Report format. Default: guessed from -o's suffix, else text.",
            ),
            click.option(
                "-o",
                "--output",
                type=click.Path(),
                default=None,
                help="Write the report here instead of printing it (`-o -`: print it).",
                callback=dash_is_stdout,
            ),
            click.option(
                "--full",
                "--all",
                "full",
                is_flag=True,
                help="Text and Markdown reports: list every story, article, pair and derivation instead of "
                "a summary (top stories, outlets by reused share, top derivations).",
            ),
            click.option(
                "-q", "--quiet", is_flag=True, help="No progress or problem lines on stderr."
            ),
            click.option(
                "--strict",
                is_flag=True,
                help="Exit with code 3 when the input had problems (the report is still written).",
            ),
            click.option(
                "-j",
                "--jobs",
                type=click.IntRange(min=1),
                default=None,
                help="Worker processes. Default: all cores. The report does not depend on it.",
            ),
        ]
    ):
        fn = option(fn)
    return fn


@click.command("report")
@click.argument("corpus", nargs=-1, required=True)
@report_options
@click.option(
    "--pairs",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Compare exactly these article pairs instead of finding candidates: a UTF-8 file of "
    "one pair a line, two article ids separated by a tab or by spaces (a two-column TSV file or "
    "PAN's pairs file; a file name such as doc1.txt names the article doc1; blank lines and "
    "lines starting with # are skipped). An id no article has is an error naming the line.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="Where the candidate and alignment stages run: worker processes here, or Spark jobs "
    "(the spark extra: pip install 'newsreuse[spark]'; Java 17). The report is the same.",
)
@click.option(
    "--spark-master",
    default=None,
    metavar="URL",
    help="The Spark master for --engine spark: local[2], spark://host:7077, yarn, ... "
    "Default: local[*].",
)
@click.option(
    "--checkpoint",
    default=None,
    metavar="DIR",
    help="Keep the run's work in DIR as it goes (the candidate pairs, each step of alignment "
    "and attribution; with --engine spark each stage's output, and DIR may be a Hadoop URI): "
    "a run over the same articles and settings reads the work found there instead of "
    "computing it again, so a run that stopped resumes. Delete DIR when done.",
)
@settings_options
@click.pass_context
def report_cmd(
    ctx: click.Context,
    corpus: tuple[str, ...],
    fmt: Optional[str],
    output: Optional[Path],
    full: bool,
    quiet: bool,
    strict: bool,
    jobs: Optional[int],
    pairs: Optional[Path],
    engine: str,
    spark_master: Optional[str],
    checkpoint: Optional[str],
    settings: Settings,
) -> None:
    """Find shared passages in CORPUS (folders, .jsonl, .csv, .json, .txt or .parquet files,
    also compressed as .gz, .bz2 or .xz; with --engine spark also Hadoop URIs such as
    hdfs://host/articles/) and report.

    The text report goes to the terminal; -o FILE writes any format: text, json, html (one
    self-contained page), markdown, csv (a folder or .zip), sqlite, passim (JSON Lines),
    parquet (a folder of Parquet tables, with the parquet extra). The format is guessed from FILE's suffix unless -f gives it. The text and Markdown reports
    summarise (the largest stories, outlets by reused share, the top derivations) unless
    --full asks for everything.

    Exit codes: 0 report written (problems in the input are listed in it and on stderr); 1
    nothing usable in the input or the output cannot be written; 2 a bad option; 3 --strict and
    the input had problems; 4 the run failed (a worker killed, out of memory); 130 interrupted;
    143 terminated.
    """
    from ..pipeline import detect

    # Paths, or URIs (scheme://...) that the spark engine reads.
    given: list[Union[str, Path]] = [x if "://" in x else Path(x) for x in corpus]
    local = [x for x in given if isinstance(x, Path)]
    fmt = output_format(fmt, output, (*local, *([pairs] if pairs else [])))
    if engine != "spark" and spark_master:
        raise click.UsageError("--spark-master goes with --engine spark")
    with run_errors():
        chosen: Any = engine
        if engine == "spark":
            from ..spark import SparkEngine, spark_session

            chosen = SparkEngine(spark_session(spark_master), checkpoint=checkpoint)
        result = detect(
            given,
            settings,
            pairs=pairs,
            jobs=jobs,
            progress=progress_for(quiet),
            engine=chosen,
            checkpoint=checkpoint if engine == "local" else None,
        )
    show_result(ctx, result, fmt, output, full=full, quiet=quiet, strict=strict)


def output_format(fmt: Optional[str], output: Optional[Path], inputs: Sequence[Path]) -> str:
    """The report format (-f, else guessed from -o), with -o checked before any work is done,
    so that none is lost to a folder that is missing, read-only, or would overwrite an input."""
    from .. import reports

    if fmt is None:
        if output is not None and output.is_dir():
            fmt = "csv"  # a folder of CSV tables
        else:
            unwritten = UNWRITTEN.get(output.suffix.lower()) if output else None
            if output is not None and unwritten:
                raise click.UsageError(
                    f"-o {output}: no report is written as {output.suffix} ({unwritten}); "
                    "-f text (or json, html, markdown) writes that format under this name"
                )
            fmt = (guess_format(output) if output else None) or "text"
    if output is not None:
        with run_errors():
            reports.check_output(output, fmt, tuple(inputs))
    return fmt


@contextmanager
def run_errors() -> Iterator[None]:
    """The library's errors as the command's: a failed run exit 4, others exit 1."""
    try:
        yield
    except RunError as exc:
        raise RunFailed(str(exc)) from exc
    except MemoryError as exc:
        raise RunFailed(
            "out of memory: no report was made. Run on a smaller corpus, with fewer "
            "--jobs, or with more memory"
        ) from exc
    except ReuseError as exc:
        raise click.ClickException(str(exc)) from exc


def show_result(
    ctx: click.Context,
    result: Report,
    fmt: str,
    output: Optional[Path],
    *,
    full: bool,
    quiet: bool,
    strict: bool,
) -> None:
    """Print or write the report, list its problems on stderr, exit 3 under --strict."""
    from .. import reports

    with run_errors():
        if output is None and fmt == "json":
            # Streamed: a large corpus's report is never held as one string.
            from ..reports.json_report import write_stream

            stdout = sys.stdout.buffer
            try:
                write_stream(result, stdout)
                stdout.flush()
            except BrokenPipeError:  # `| head`: the reader has what it wanted
                pass
        elif output is None:
            click.echo(reports.render(result, fmt, full=full), nl=False)
        else:
            reports.write(result, fmt, output, full=full)
    finished_writing()
    if not quiet and result.problems:
        _show_problems(result.problems)
    if output is not None and not quiet:
        click.echo(f"newsreuse: wrote {fmt} report to {output}", err=True)
    if strict and result.problems:
        ctx.exit(EXIT_PROBLEMS)
