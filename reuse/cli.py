"""The `newsreuse` command: a thin click layer over the library.

Each command parses its options, calls one library function and renders the result. Domain
errors become `click.ClickException` with the library's message.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import sys
from pathlib import Path
from typing import Any, Callable, Optional

import click

from . import __version__, reports
from .cli_eval import evaluate as evaluate_cmd, fixtures as fixtures_cmd
from .errors import ReuseError
from .pipeline import detect
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


@cli.command("report")
@click.argument("corpus", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(reports.FORMATS), default=None,
              help="Report format. Default: guessed from -o's suffix, else text.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write the report here instead of printing it.")
@click.option("-q", "--quiet", is_flag=True, help="No progress or problem lines on stderr.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes. Default: all cores. The report does not depend on it.")
@settings_options
def report_cmd(corpus: tuple[Path, ...], fmt: Optional[str], output: Optional[Path], quiet: bool,
               jobs: Optional[int], settings: Settings) -> None:
    """Find shared passages in CORPUS (folders, .jsonl, .csv, .json or .txt files) and report.

    The text report goes to the terminal; -o FILE writes any format: text, json, html (one
    self-contained page), markdown, csv (a folder or .zip), sqlite, passim (JSON Lines). The
    format is guessed from FILE's suffix unless -f gives it.
    """
    if fmt is None:
        if output is not None and output.is_dir():
            fmt = "csv"  # a folder of CSV tables
        else:
            fmt = (reports.guess_format(output) if output else None) or "text"
    show = (not quiet) and sys.stderr.isatty()
    progress = (lambda msg: click.echo(f"newsreuse: {msg}", err=True)) if show else None
    try:
        result = detect(list(corpus), settings, jobs=jobs, progress=progress)
        if output is None:
            click.echo(reports.render(result, fmt), nl=False)
        else:
            reports.write(result, fmt, output)
    except ReuseError as exc:
        raise click.ClickException(str(exc)) from exc
    if not quiet and result.problems:
        click.echo(f"newsreuse: {len(result.problems)} problem(s) in the input, listed in the "
                   "report", err=True)
        for p in result.problems[:20]:
            click.echo(f"  {p}", err=True)
    if output is not None and not quiet:
        click.echo(f"newsreuse: wrote {fmt} report to {output}", err=True)


cli.add_command(fixtures_cmd)
cli.add_command(evaluate_cmd)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="newsreuse")
