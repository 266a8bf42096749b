"""The `fixtures` and `evaluate` commands: thin click layers over `reuse.fixtures` and
`reuse.evaluate` (added to the `newsreuse` group by `reuse.cli`). The library is imported inside
the commands, so that the group's help stays quick.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import click

from ..errors import ReuseError
from ..fixtures.config import (
    FixtureConfig,  # the standard library only: cheap to import
)
from .options import dash_is_stdout

__all__ = ["fixtures", "evaluate"]


@click.command("fixtures")
@click.option(
    "--articles",
    "-n",
    "n_articles",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="Articles in the corpus.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed: the same seed gives the same files.",
)
@click.option(
    "--words",
    type=click.IntRange(min=50),
    default=FixtureConfig.article_words,
    show_default=True,
    help="Mean words of an article's own prose.",
)
@click.option(
    "--preset",
    type=click.Choice(["default", "news-day", "obfuscation"]),
    default="default",
    show_default=True,
    help=(
        "Plantings to make: default (passage copies, reprints, quotations, chains, fan-outs, "
        "hard negatives), news-day (those, plus wire stories carried by 20-60 outlets with "
        "their own headers and footers, digest pages, write-thrus and attributed copies of "
        "quotations; the truth then lists the planting events), or obfuscation (the default "
        "ones, plus passages copied with hard obfuscation, each a kind of its own: random "
        "word operations at low and high strength, translation-like rewording, summaries to "
        "a third of the words, single sentences with one figure or clause changed)."
    ),
)
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write corpus.jsonl and truth.json into (created if missing).",
)
def fixtures(n_articles: int, seed: int, words: int, preset: str, out_dir: Path) -> None:
    """Write a news-like corpus with planted reuse (corpus.jsonl) and its truth (truth.json).

    Planted: verbatim, near-verbatim and spun passages, wire reprints, shared quotations, chains
    and fan-outs, and same-story hard negatives; with --preset news-day also wire stories with
    dozens of carriers, digest pages, write-thrus and attributed copies; with --preset
    obfuscation also random-low, random-high, translation, summary and sentence-edit copies.
    Score a report on it with `newsreuse evaluate` (PAN measures by kind).
    """
    from ..fixtures import generate, write

    if preset == "news-day":
        config = FixtureConfig.news_day(article_words=words)
    elif preset == "obfuscation":
        config = FixtureConfig.obfuscation(article_words=words)
    else:
        config = FixtureConfig(article_words=words)
    try:
        fx = generate(n_articles, seed, config=config)
        corpus, truth = write(fx, out_dir)
    except OSError as exc:
        raise click.ClickException(
            f"{out_dir}: cannot write the corpus ({exc.strerror or exc}); "
            "choose a folder you can write to"
        ) from exc
    c = fx.truth["counts"]
    kinds = ", ".join(f"{n} {k}" for k, n in c["matches_by_kind"].items())
    news = ""
    if "events" in c:
        news = (
            f", {c['events']} events ({c['wire_stories']} wire stories, {c['digest_pages']} "
            f"digest pages, {c['write_thru_families']} write-thru families, "
            f"{c['attributed_copies']} attributed copies)"
        )
    click.echo(
        f"{c['articles']} articles, {c['matches']} truth matches ({kinds}), {c['derivations']} "
        f"derivations, {c['negatives']} hard negatives{news}: {corpus}, {truth}"
    )


def _load_json(path: Path, what: str, hint: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise click.ClickException(f"{path}: no such file; {hint}") from None
    except IsADirectoryError:
        raise click.ClickException(f"{path}: is a folder, not a {what}; {hint}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path}: cannot read the {what} ({exc}); {hint}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise click.ClickException(
            f"{path}: not JSON (line {exc.lineno}: {exc.msg}); {hint}"
        ) from None


_REPORT_HINT = (
    "give the JSON report written by `newsreuse report CORPUS --format json -o report.json`"
)
_TRUTH_HINT = "give the truth.json written by `newsreuse fixtures`"


@click.command("evaluate")
@click.argument("report", type=click.Path(path_type=Path))
@click.argument("truth", type=click.Path(path_type=Path), required=False)
@click.option(
    "--clough",
    "clough_dir",
    type=click.Path(path_type=Path),
    help="Score on the Clough & Stevenson short-answer corpus in this folder instead of a TRUTH file.",
)
@click.option(
    "--pan",
    "pan_dir",
    type=click.Path(path_type=Path),
    help="Score on the PAN text-alignment corpus in this folder (its pairs and XML truth files), "
    "as PAN scores it, instead of a TRUTH file.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Tables for people, or JSON.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to this file instead of standard output (`-o -` is standard output).",
    callback=dash_is_stdout,
)
def evaluate(
    report: Path,
    truth: Optional[Path],
    clough_dir: Optional[Path],
    pan_dir: Optional[Path],
    fmt: str,
    output: Optional[Path],
) -> None:
    """Score REPORT (a JSON report) against TRUTH (a fixtures truth.json).

    Measures: article-pair precision, recall and F1; PAN passage measures (character precision and
    recall, granularity, plagdet) overall, by kind of reuse and by passage size; the share of
    hard negatives reported; derivation direction accuracy, common-source precision and recall,
    and a confidence reliability table. On a news-day truth (fixtures --preset news-day), also
    cluster purity on the planted events, pair recall by event size, wire stories' provenance
    (when the report has stories) and how attributed copies are labelled.

    With --pan DIR: PAN's precision, recall, granularity and plagdet on the corpus's pairs,
    by sub-corpus and by obfuscation (report the corpus with --pairs DIR/pairs first).
    """
    from ..evaluation import evaluate as evaluate_report
    from ..evaluation import evaluate_clough, evaluate_pan, render_clough, render_pan

    if sum(x is not None for x in (truth, clough_dir, pan_dir)) != 1:
        raise click.UsageError("give one of TRUTH (a truth.json), --clough DIR or --pan DIR")
    rep = _load_json(report, "report", _REPORT_HINT)
    if not isinstance(rep, dict) or rep.get("format") != "newsreuse-report":
        raise click.ClickException(
            f'{report}: not a newsreuse report (no "format": "newsreuse-report"); {_REPORT_HINT}'
        )
    try:
        if clough_dir is not None:
            result = evaluate_clough(rep, clough_dir)
            text = render_clough(result) if fmt == "text" else _dumps(result)
        elif pan_dir is not None:
            result = evaluate_pan(rep, pan_dir)
            text = render_pan(result) if fmt == "text" else _dumps(result)
        else:
            assert truth is not None
            tru = _load_json(truth, "truth file", _TRUTH_HINT)
            if not isinstance(tru, dict) or tru.get("format") != "newsreuse-truth":
                raise click.ClickException(
                    f'{truth}: not a newsreuse truth file (no "format": '
                    f'"newsreuse-truth"); {_TRUTH_HINT}'
                )
            _same_corpus(report, rep, truth, tru)
            ev = evaluate_report(rep, tru)
            text = ev.render_table() if fmt == "text" else _dumps(ev.to_dict())
    except ReuseError as exc:
        raise click.ClickException(f"{report}: {exc}") from None
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot write ({exc.strerror or exc})") from None


def _same_corpus(report: Path, rep: dict[str, Any], truth: Path, tru: dict[str, Any]) -> None:
    """Refuse a report of another corpus than the truth's: every measure would be 0 without a
    word (a truth.json of one fixtures run beside the report of another)."""

    def outlets(data: dict[str, Any]) -> dict[str, Any]:
        return {
            str(a.get("id")): a.get("outlet")
            for a in data.get("articles") or []
            if isinstance(a, dict)
        }

    want, have = outlets(tru), outlets(rep)
    # Generated corpora number their articles alike (n0000, n0001, ...): the same id of another
    # corpus is another article, most often of another outlet.
    same = sum(1 for k, outlet in want.items() if k in have and have[k] == outlet)
    if want and 2 * same < len(want):
        raise click.ClickException(
            f"{report} holds {same:,} of the {len(want):,} articles {truth} describes (the "
            "same id and outlet): it is a report of another corpus. Report the corpus written "
            "beside this truth (corpus.jsonl) and evaluate that report"
        )


def _dumps(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"
