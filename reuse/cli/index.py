"""`newsreuse index`: keep articles in an index on disk, add to it, ask about one article."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import click

from ..settings import Settings
from .options import settings_options
from .progress import progress_for
from .report import output_format, report_options, run_errors, show_result

if TYPE_CHECKING:
    from ..index import Index

__all__ = ["index_cmd"]

_INDEX = click.argument("index", type=click.Path(dir_okay=False, path_type=Path))


def _date(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[str]:
    """A date option, refused before any work when it cannot be read (exit code 2)."""
    from ..errors import InputError
    from ..index.schema import date_bound

    try:
        date_bound(value, f"--{param.name}")
    except InputError as exc:
        raise click.BadParameter(str(exc).split(" ", 1)[1]) from exc
    return value


def _open(path: Path, settings: Settings, *, create: bool) -> Index:
    """The index at `path`; `settings` are checked against its own unless they are the news
    defaults with no option given (then the index's own are used)."""
    from ..index import Index

    given = None if settings == Settings() and settings.preset_name == "news" else settings
    with run_errors():
        return Index(path, given, create=create)


@click.group("index")
def index_cmd() -> None:
    """Keep articles in an index on disk (one SQLite file): add today's articles, ask about
    one, report over all, forget old ones.

    The index keeps the settings it was built with (those of the first `add`); a later command
    given other settings is an error naming each difference.
    """


@index_cmd.command("add")
@_INDEX
@click.argument("corpus", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help="No progress or problem lines on stderr.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes. Default: all cores.",
)
@settings_options
def add_cmd(
    index: Path, corpus: tuple[Path, ...], quiet: bool, jobs: Optional[int], settings: Settings
) -> None:
    """Add the articles of CORPUS (any input `newsreuse report` reads) to INDEX, made if
    missing. An id already there with the same text and fields is left alone; with other text
    or fields it is updated, and the update is recorded (table `history`)."""
    with _open(index, settings, create=True) as ix:
        with run_errors():
            result = ix.add(list(corpus), jobs=jobs, progress=progress_for(quiet))
    if not quiet:
        for p in result.problems[:20]:
            click.echo(f"  {p}", err=True)
        if len(result.problems) > 20:
            click.echo(f"  ... and {len(result.problems) - 20:,} more problems", err=True)
    click.echo(f"newsreuse: {index}: {result}")


@index_cmd.command("query")
@_INDEX
@click.argument("article", type=click.Path(allow_dash=True, path_type=Path))
@click.option("--id", "article_id", default=None, help="With `-`: the article's id.")
@click.option("--outlet", default=None, help="With `-`: the article's outlet.")
@click.option("--published", default=None, help="With `-`: when it was published (ISO 8601).")
@click.option("--title", default=None, help="With `-`: its title.")
@click.option("--add", "add_it", is_flag=True, help="Add the article to the index afterwards.")
@click.option(
    "--max-candidates",
    type=click.IntRange(min=1),
    default=500,
    show_default=True,
    help="Archive articles compared at most (those sharing most LSH keys first); the rest are "
    "counted in the report.",
)
@report_options
@settings_options
@click.pass_context
def query_cmd(
    ctx: click.Context,
    index: Path,
    article: Path,
    article_id: Optional[str],
    outlet: Optional[str],
    published: Optional[str],
    title: Optional[str],
    add_it: bool,
    max_candidates: int,
    fmt: Optional[str],
    output: Optional[Path],
    full: bool,
    quiet: bool,
    strict: bool,
    jobs: Optional[int],
    settings: Settings,
) -> None:
    """Report ARTICLE (a file of one or more articles in any input format, or `-` for one
    article's text on stdin) against the articles of INDEX, without adding it (unless --add)."""
    fmt = output_format(fmt, output, [article] if str(article) != "-" else [])
    corpus: Any
    if str(article) == "-":
        text = sys.stdin.read()
        record = {"id": article_id or "stdin", "text": text}
        for key, value in (("outlet", outlet), ("published", published), ("title", title)):
            if value is not None:
                record[key] = value
        corpus = [record]
    else:
        if any(v is not None for v in (article_id, outlet, published, title)):
            raise click.UsageError("--id, --outlet, --published and --title go with `-` (stdin)")
        corpus = [article]
    with _open(index, settings, create=False) as ix:
        with run_errors():
            result = ix.query(corpus, add=add_it, max_candidates=max_candidates, jobs=jobs)
    show_result(ctx, result, fmt, output, full=full, quiet=quiet, strict=strict)


@index_cmd.command("report")
@_INDEX
@click.option(
    "--since",
    default=None,
    callback=_date,
    help="Only articles published on or after this date (a page dated by its day alone: "
    "when that day meets the range).",
)
@click.option(
    "--until",
    default=None,
    callback=_date,
    help="Only articles published before this date (a page dated by its day alone: when that "
    "day began before it).",
)
@click.option("--outlet", "outlets", multiple=True, help="Only this outlet's (repeatable).")
@click.option(
    "--store",
    is_flag=True,
    help="Also keep the report in the index (tables report_matches, report_passages, "
    "report_clusters, report_stories, ...), replacing the one kept before: for Datasette.",
)
@click.option(
    "--checkpoint",
    default=None,
    metavar="DIR",
    help="Keep the report's work in DIR as it goes (the candidate pairs, each step of "
    "alignment and attribution): the same report asked again of the same index reads the "
    "work found there instead of computing it again, so a long report that stopped resumes. "
    "Delete DIR when done.",
)
@report_options
@settings_options
@click.pass_context
def report_cmd(
    ctx: click.Context,
    index: Path,
    since: Optional[str],
    until: Optional[str],
    outlets: tuple[str, ...],
    store: bool,
    checkpoint: Optional[str],
    fmt: Optional[str],
    output: Optional[Path],
    full: bool,
    quiet: bool,
    strict: bool,
    jobs: Optional[int],
    settings: Settings,
) -> None:
    """The report over the articles of INDEX (all, or those --since, --until, --outlet
    select): the report `newsreuse report` gives over the same articles."""
    fmt = output_format(fmt, output, [index])
    with _open(index, settings, create=False) as ix:
        with run_errors():
            result = ix.report(
                since=since,
                until=until,
                outlets=outlets or None,
                jobs=jobs,
                progress=progress_for(quiet),
                store=store,
                checkpoint=checkpoint,
            )
    show_result(ctx, result, fmt, output, full=full, quiet=quiet, strict=strict)


@index_cmd.command("remove")
@_INDEX
@click.option("--id", "ids", multiple=True, help="Remove this article (repeatable).")
@click.option(
    "--before",
    default=None,
    callback=_date,
    help="Remove the articles published before this date or time (a page dated by its day "
    "alone goes when that day ended before it).",
)
def remove_cmd(index: Path, ids: tuple[str, ...], before: Optional[str]) -> None:
    """Forget articles of INDEX: by id, or all published before a date (undated ones stay)."""
    if not ids and before is None:
        raise click.UsageError("say what to remove: --id ID (repeatable) or --before DATE")
    with _open(index, Settings(), create=False) as ix:
        with run_errors():
            removed = ix.remove(ids or None, before=before)
    missing = sorted(set(ids) - set(removed))
    for article_id in missing:
        click.echo(f"newsreuse: {index}: no article {article_id!r}; nothing to remove", err=True)
    click.echo(f"newsreuse: {index}: {len(removed):,} removed")


@index_cmd.command("stats")
@_INDEX
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
def stats_cmd(index: Path, as_json: bool) -> None:
    """Articles, outlets, date range and size on disk of INDEX."""
    from tabulate import tabulate

    with _open(index, Settings(), create=False) as ix:
        stats = ix.stats()
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    rows = [
        (k.replace("_", " "), json.dumps(v) if isinstance(v, dict) else v) for k, v in stats.items()
    ]
    click.echo(tabulate(rows, tablefmt="plain", intfmt=","))


@index_cmd.command("serve")
@_INDEX
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8754, show_default=True)
def serve_cmd(index: Path, host: str, port: int) -> None:
    """Answer HTTP requests about INDEX: GET /stats, POST /query (an article as a JSON object,
    or an array of them; ?add=1 adds them). Loopback only unless --host says otherwise."""
    from ..index.serve import serve

    def ready(url: str) -> None:
        click.echo(f"newsreuse: serving {index} on {url} (GET /stats, POST /query); Ctrl-C stops")

    with run_errors():
        try:
            serve(index, host, port, ready)
        except KeyboardInterrupt:
            pass
        except OSError as exc:
            message = f"cannot listen on {host}:{port}: {exc.strerror or exc}"
            raise click.ClickException(message) from exc
