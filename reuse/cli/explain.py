"""`newsreuse explain`: why two articles were matched, or why not."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from ..settings import Settings
from .options import dash_is_stdout, settings_options
from .progress import progress_for
from .report import run_errors

__all__ = ["explain_cmd"]


@click.command("explain")
@click.argument("corpus", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--pair",
    nargs=2,
    required=True,
    metavar="A B",
    help="The two article ids to explain.",
)
@click.option(
    "--what-if",
    "what_if",
    multiple=True,
    metavar="SETTING=VALUE",
    help="Re-examine the pair with a setting changed (repeatable) and say what changes.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text (default) or json.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the explanation here instead of printing it (`-o -`: print it).",
    callback=dash_is_stdout,
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the cache of corpus-wide work (sketches, word frequencies, the report), "
    "made by the first question about a corpus and reused by later ones. Default: "
    "$NEWSREUSE_CACHE, else the user's cache folder.",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines on stderr.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for the corpus-wide work. Default: all cores.",
)
@settings_options
def explain_cmd(
    corpus: tuple[Path, ...],
    pair: tuple[str, str],
    what_if: tuple[str, ...],
    fmt: str,
    output: Optional[Path],
    cache: Optional[Path],
    no_cache: bool,
    quiet: bool,
    jobs: Optional[int],
    settings: Settings,
) -> None:
    """Say, stage by stage, why articles A and B of CORPUS share passages in the report, or
    why they do not: their units, the LSH band keys they share and each candidate rule with
    its value, threshold and setting, the alignment's seeds and each passage kept or dropped
    (by which rule), boilerplate, clusters and stories, and the attribution's signals, weights
    and confidence.

    The first question about a corpus runs the report over it once and keeps what the pair
    stages need in a cache; later questions re-examine the pair alone.

    Exit codes: 0 explained; 1 the corpus cannot be read or an id is not in it; 2 a bad option.
    """
    from ..explanation import explain, parse_what_if

    with run_errors():
        changes = parse_what_if(what_if, settings)
        result = explain(
            list(corpus),
            pair[0],
            pair[1],
            settings,
            what_if=changes,
            jobs=jobs,
            cache=False if no_cache else (cache if cache is not None else True),
            progress=progress_for(quiet),
        )
    text = result.to_json() if fmt == "json" else result.to_text()
    if output is None:
        click.echo(text, nl=False)
        return
    with run_errors():
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
    if not quiet:
        click.echo(f"newsreuse: wrote the explanation to {output}", err=True)
