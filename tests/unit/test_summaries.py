"""The terminal and Markdown reports summarise a large report: the largest stories, outlets by
reused share, the top derivations, and a line on what was left out; `full` lists everything."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_hand_report, story_report

from reuse import reports
from reuse.cli import cli
from reuse.model import Derivation, Report
from reuse.reports import markdown, text
from reuse.reports.summary import largest_stories, outlet_shares, top_derivations


@pytest.fixture(scope="module")
def big() -> Report:
    """120 stories over 30 outlets, and 25 derivations sharing 100 to 2,500 characters."""
    report = story_report()
    pairs = sorted({(m.a, m.b) for m in report.matches})[:25]
    derivations = tuple(
        Derivation(a, b, "copied", 0.5 + k / 100, 100 * (k + 1), 0.1, (f"reason {k}",))
        for k, (a, b) in enumerate(pairs)
    )
    return dataclasses.replace(report, derivations=derivations)


def test_selections_are_ordered() -> None:
    report = story_report()
    stories = largest_stories(report)
    sizes = [len(s.carriers) for s in stories]
    assert sizes == sorted(sizes, reverse=True) and len(stories) == len(report.stories)
    shares = outlet_shares(report)
    values = [o.share for o in shares]
    assert values == sorted(values, reverse=True)
    assert sum(o.articles for o in shares) == len(report.articles)
    # Each story counts once for every outlet that carries it, and once as the first's.
    assert sum(o.first for o in shares) == len(report.stories)
    carried = sum(len({c.split("-")[1] for c in s.carriers}) for s in report.stories)
    assert sum(o.stories for o in shares) == carried


def test_a_cluster_without_a_story_is_told_as_one() -> None:
    (story,) = largest_stories(build_hand_report())  # the hand report has a cluster only
    assert story.cluster == "c1" and story.source == "unknown" and story.wire is None
    assert story.carriers == ("wire-001", "daily-002", "blog-003")  # earliest first, undated last
    assert story.spread == (("2024-03-04", 2),)


def _entries(out: str, section: str) -> list[str]:
    body = out.split(section, 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\s*\d+\. (\S+?):? ", body, re.M)


def test_text_summary_of_a_large_report(big: Report) -> None:
    out = text.render(big)
    stories = largest_stories(big)
    assert f"Top stories (10 of {len(stories)}, most carriers first)" in out
    listed = _entries(out, "Top stories")
    assert listed == [s.id for s in stories[:10]]
    head = "Outlets by reused share (10 of 30, text shared with other outlets first)"
    assert head in out
    top = [o.outlet for o in outlet_shares(big)[:10]]
    table = out.split(head + "\n", 1)[1].split("\n\n", 1)[0]
    assert [row.split("  ")[0] for row in table.splitlines()[2:]] == top
    assert "Top derivations (10 of 25, between two outlets first, most shared text first)" in out
    first = top_derivations(big)[0]
    assert f" 1. {first.target} " in out and "2,500 characters shared" in out
    assert "Articles\n" not in out  # too many to list: the outlets stand for them
    assert "Not shown here: 110 stories, 20 outlets, 15 derivations" in out
    assert "--full" in out
    assert len(out.splitlines()) < 150  # a page or two, however large the corpus


def test_text_full_lists_everything(big: Report) -> None:
    out = text.render(big, full=True)
    assert len(_entries(out, "Stories (most carriers first)")) == len(big.stories)
    for head in ("Articles", "Matched pairs", "Clusters", "Derivations"):
        assert f"\n{head}\n" in out
    assert all(a.id in out for a in big.articles)
    assert "Not shown here" not in out
    assert len(out) > 3 * len(text.render(big))


def test_text_summary_of_a_small_report_shows_all_of_it() -> None:
    out = text.render(build_hand_report())
    for head in ("Stories (most carriers first)", "Matched pairs", "Articles", "Derivations"):
        assert head in out
    assert "Not shown here" not in out  # nothing was left out
    assert "wire-001 (Wire Service, 2024-03-04T08:00:00Z)" in out


def _table_rows(md: str, heading: str) -> list[str]:
    body = md.split(heading, 1)[1].split("\n## ", 1)[0]
    return [line for line in body.splitlines() if line.startswith("| ")][1:]


def test_markdown_summary_of_a_large_report(big: Report) -> None:
    md = markdown.render(big)
    stories = largest_stories(big)
    assert "## Top stories (20 of 120)" in md
    rows = _table_rows(md, "## Top stories")
    assert len(rows) == 20
    assert [int(r.split(" | ")[2]) for r in rows] == [len(s.carriers) for s in stories[:20]]
    assert "## Outlets by reused share (20 of 30, text shared with other outlets first)" in md
    assert len(_table_rows(md, "## Outlets by reused share")) == 20
    assert "## Top derivations (20 of 25)" in md
    derivation_rows = _table_rows(md, "## Top derivations")
    assert len(derivation_rows) == 20
    # Each side named with its outlet: a page's id says little.
    outlet = {a.id: a.outlet for a in big.articles}
    first = top_derivations(big)[0]
    assert derivation_rows[0].startswith(f"| {first.source} ({outlet[first.source]}) |")
    block = md.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert block.count(" --> ") == 20  # the graph of the derivations listed, not of all
    left = md.split("## Left out\n", 1)[1].split("\n## ", 1)[0]
    assert "100 stories, 10 outlets, 5 derivations" in left
    assert f"{len(big.matches):,} shared passages" in left
    assert "-f markdown --full" in left
    assert "## Matches" not in md and "## Clusters" not in md
    assert len(md) < 20_000


def test_markdown_full_lists_everything(big: Report) -> None:
    md = markdown.render(big, full=True)
    assert len(_table_rows(md, "## Stories")) == len(big.stories)
    assert len(_table_rows(md, "## Matches")) == len(big.matches)
    assert len(_table_rows(md, "## Derivations\n")) == len(big.derivations)
    assert "## Left out" not in md


def test_full_reaches_the_renderers_through_the_registry(big: Report, tmp_path: Path) -> None:
    assert reports.render(big, "text", full=True) == text.render(big, full=True)
    assert reports.render(big, "markdown") == markdown.render(big)
    reports.write(big, "markdown", tmp_path / "r.md", full=True)
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == markdown.render(big, full=True)
    assert reports.render(big, "json", full=True) == reports.render(big, "json")


def test_cli_full_option(seeds_dir: Path) -> None:
    short = CliRunner().invoke(cli, ["report", str(seeds_dir), "-q"])
    full = CliRunner().invoke(cli, ["report", str(seeds_dir), "-q", "--full"])
    alias = CliRunner().invoke(cli, ["report", str(seeds_dir), "-q", "--all"])
    assert short.exit_code == full.exit_code == alias.exit_code == 0
    assert full.output == alias.output
    assert "Stories (most carriers first)" in short.output
    assert "\nClusters\n" in full.output and "\nClusters\n" not in short.output


def test_full_derivation_tree_lists_each_copy_once() -> None:
    """Chains that branch and join (a lattice of copies) once made the tree list every path:
    2^n lines for n joins. Each edge is listed once now."""
    ids = [f"a{k:02d}" for k in range(41)]
    report = story_report(n_outlets=3, n_stories=2)
    derivations = []
    for k in range(0, 40, 2):  # a -> b, a -> c, b -> d, c -> d, d -> ...: 20 joins
        a, b, c = ids[k], ids[k + 1], ids[k + 2]
        derivations += [
            Derivation(a, b, "copied", 0.9, 10, 0.1),
            Derivation(a, c, "copied", 0.9, 10, 0.1),
            Derivation(b, c, "copied", 0.9, 10, 0.1),
        ]
    tree = text._graph(dataclasses.replace(report, derivations=tuple(derivations)))
    assert len(tree) == 1 + len(derivations)
    assert sum("(above)" in line for line in tree) < len(derivations)
    assert {line.split("└─ ")[1].split()[0] for line in tree[1:]} == set(ids[1:])


def test_derivations_between_two_outlets_lead_the_list() -> None:
    """A paper's second edition shares most of its first: such pairs go after those between
    two outlets, however much text they share."""
    from reuse.model import ArticleSummary

    arts = tuple(
        ArticleSummary(x, outlet, None, False, None, 10_000, 9_000)
        for x, outlet in (("ed1", "Star"), ("ed2", "Star"), ("other", "Herald"))
    )
    derivs = (
        Derivation("ed1", "ed2", "copied", 0.9, 9000, 0.9, ()),
        Derivation("ed1", "other", "copied", 0.9, 300, 0.1, ()),
    )
    report = Report({}, arts, (), (), derivs)
    assert [d.target for d in top_derivations(report)] == ["other", "ed2"]


def test_outlets_rank_by_the_text_they_share_with_other_outlets() -> None:
    """A paper whose second edition repeats its first reuses most of its text, none of it
    another outlet's: it ranks below a paper that shares a tenth with another outlet."""
    from reuse.model import ArticleSummary, Match

    arts = tuple(
        ArticleSummary(x, outlet, None, False, None, 10_000, reused)
        for x, outlet, reused in (
            ("ed1", "Star", 9_000),
            ("ed2", "Star", 9_000),
            ("h", "Herald", 1_000),
            ("g", "Gazette", 1_000),
        )
    )
    matches = (
        Match("m1", "ed1", 0, 9_000, "ed2", 0, 9_000, 1.0, "verbatim", False),
        Match("m2", "g", 0, 1_000, "h", 0, 1_000, 1.0, "verbatim", False),
    )
    shares = outlet_shares(Report({}, arts, matches, (), ()))
    assert [(o.outlet, o.elsewhere_chars) for o in shares] == [
        ("Gazette", 1_000),
        ("Herald", 1_000),
        ("Star", 0),
    ]
    assert shares[2].share == 0.9 and shares[2].elsewhere_share == 0.0
