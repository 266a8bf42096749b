"""The CLI through click's CliRunner, and the committed demo reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reuse.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: click.Group) -> list[str]:
    return sorted(group.commands)


@pytest.mark.parametrize("name", _commands(cli))
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert cli.commands[name].help, f"command {name} has no help text"


def test_report_text_on_seeds(seeds_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(seeds_dir)])
    assert result.exit_code == 0, result.output
    assert "Matched pairs" in result.output and "Stories" in result.output
    assert "To be clear, we do not know" in result.output  # the story's passage


def test_report_json_to_file(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["report", str(seeds_dir), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "newsreuse-report" and data["version"] == 1
    assert set(data) >= {"settings", "articles", "matches", "clusters", "derivations"}
    assert data["settings"]["lsh_threshold"] == 0.4


def test_json_on_stdout_and_dash_o_are_the_file_s_bytes(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The JSON report printed (streamed, never one string) is the file's bytes, and `-o -`
    prints it too, as for most tools, rather than writing a file named "-"."""
    out = tmp_path / "r.json"
    assert CliRunner().invoke(cli, ["report", str(seeds_dir), "-o", str(out), "-q"]).exit_code == 0
    printed = CliRunner().invoke(cli, ["report", str(seeds_dir), "-f", "json", "-q"])
    assert printed.exit_code == 0 and printed.stdout_bytes == out.read_bytes()
    monkeypatch.chdir(tmp_path)
    dash = CliRunner().invoke(cli, ["report", str(seeds_dir), "-f", "json", "-o", "-", "-q"])
    assert dash.exit_code == 0 and dash.stdout_bytes == out.read_bytes()
    text = CliRunner().invoke(cli, ["report", str(seeds_dir), "-o", "-", "-q"])
    assert text.exit_code == 0 and "Matched pairs" in text.output
    assert not (tmp_path / "-").exists()
    # A file named "-" is `-o ./-`, as the option's help says (a Path made "./-" into "-").
    named = CliRunner().invoke(cli, ["report", str(seeds_dir), "-f", "json", "-o", "./-", "-q"])
    assert named.exit_code == 0 and named.stdout_bytes == b""
    assert (tmp_path / "-").read_bytes() == out.read_bytes()


def test_settings_options_reach_the_report(seeds_dir: Path) -> None:
    result = CliRunner().invoke(
        cli, ["report", str(seeds_dir), "-f", "json", "--seed-similarity", "0.6"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["settings"]["seed_similarity"] == 0.6


@pytest.mark.parametrize(
    "args,message",
    [
        (["report", "no/such/folder"], "no/such/folder"),
        (["report", "SEEDS", "--lsh-threshold", "1.5"], "lsh_threshold"),
        (["report", "SEEDS", "-f", "nope"], "nope"),
    ],
)
def test_errors_are_clear(args: list[str], message: str, seeds_dir: Path) -> None:
    args = [str(seeds_dir) if a == "SEEDS" else a for a in args]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_one_bad_article_does_not_stop_the_run(tmp_path: Path, seeds_dir: Path) -> None:
    lines = [
        json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")})
        for p in sorted(seeds_dir.glob("*.txt"))
    ]
    lines.insert(2, "{not json")
    lines.insert(4, json.dumps({"id": "empty", "text": "  "}))
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(corpus), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "corpus.jsonl:3" in result.stderr  # the malformed line is named on stderr
    data = json.loads(result.stdout)
    assert len(data["articles"]) == 5
    assert any("corpus.jsonl:3" in p["where"] for p in data["problems"])
    assert any(p["article"] == "empty" for p in data["problems"])


def test_python_dash_m_matches_the_command(seeds_dir: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "reuse", "report", str(seeds_dir), "-f", "json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert json.loads(run.stdout)["format"] == "newsreuse-report"


DEMO_REPORTS = [
    ("text", "seeds.txt"),
    ("json", "seeds.json"),
    ("html", "seeds.html"),
    ("markdown", "seeds.md"),
    ("csv", "seeds.zip"),
    ("sqlite", "seeds.sqlite"),
    ("passim", "seeds.passim.jsonl"),
    ("parquet", "seeds.parquet"),
]


def _sqlite_dump(path: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(path) as con:
        return list(con.iterdump())


@pytest.mark.parametrize("fmt,name", DEMO_REPORTS)
def test_committed_demo_reports_are_current(
    fmt: str, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """reports/ holds what `reports/regenerate.sh` (newsreuse report seeds/ -f FMT -o ...) makes."""
    monkeypatch.chdir(ROOT)
    out = tmp_path / name
    result = CliRunner().invoke(
        cli, ["report", "seeds/", "-f", fmt, "-o", str(out), "-q"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    committed = ROOT / "reports" / name
    stale = f"reports/{name} is out of date: run reports/regenerate.sh"
    if fmt == "sqlite":
        assert _sqlite_dump(committed) == _sqlite_dump(out), stale
    elif fmt == "parquet":  # the tables, not the bytes (which name pyarrow's version)
        import pyarrow.parquet as pq

        assert sorted(p.name for p in committed.iterdir()) == sorted(p.name for p in out.iterdir())
        for f in committed.glob("*.parquet"):
            assert pq.read_table(f).equals(pq.read_table(out / f.name)), stale
        assert (committed / "settings.json").read_bytes() == (out / "settings.json").read_bytes()
    else:
        assert committed.read_bytes() == out.read_bytes(), stale


def test_quiet_keeps_stderr_empty(seeds_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["report", str(seeds_dir), "-o", str(tmp_path / "r.html"), "-q"]
    )
    assert result.exit_code == 0
    assert result.stderr == ""
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_help_and_version_do_not_load_the_stages() -> None:
    """`newsreuse --help` and `--version` answer without numpy, scipy or scikit-learn."""
    code = (
        "import sys\nfrom reuse.cli import cli\n"
        "for args in (['--help'], ['--version'], ['report', '--help'], ['fixtures', '--help'],"
        " ['evaluate', '--help']):\n"
        "    try:\n        cli.main(args=args, prog_name='newsreuse')\n"
        "    except SystemExit as exc:\n        assert exc.code == 0, (args, exc.code)\n"
        "heavy = sorted(m for m in ('numpy', 'scipy', 'sklearn', 'datasketch', 'tqdm') if m in sys.modules)\n"
        "print('LOADED', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "LOADED []" in out.stdout


def test_every_setting_is_an_option_with_its_own_help() -> None:
    import dataclasses

    from reuse.settings import Settings, setting_help

    result = CliRunner().invoke(cli, ["report", "--help"], terminal_width=400)
    assert result.exit_code == 0
    flat = " ".join(result.output.split())
    for f in dataclasses.fields(Settings):
        option = "--" + f.name.replace("_", "-")
        assert option in flat, option
        first_words = " ".join(setting_help(f.name).split()[:5])
        assert first_words in flat, (option, first_words)
        assert "see the README" not in setting_help(f.name)


def test_index_commands_add_query_report_remove_stats(seeds_dir: Path, tmp_path: Path) -> None:
    run = CliRunner().invoke
    index = str(tmp_path / "news.db")
    first = run(cli, ["index", "add", index, str(seeds_dir), "-q"])
    assert first.exit_code == 0, first.output
    assert "5 added, 0 updated, 0 unchanged" in first.output
    assert "5 unchanged" in run(cli, ["index", "add", index, str(seeds_dir), "-q"]).output
    source = sorted(seeds_dir.glob("001*"))[0]
    draft = source.read_text(encoding="utf-8")[:700]
    query = run(
        cli,
        ["index", "query", index, "-", "--id", "draft", "--outlet", "Desk", "-f", "json", "-q"],
        input=draft,
    )
    assert query.exit_code == 0, query.output
    report = json.loads(query.output)
    assert {(m["a"], m["b"]) for m in report["matches"]} == {(source.stem, "draft")}
    assert report["counts"]["archive_articles"] == 5
    whole = run(cli, ["index", "report", index, "-f", "json", "-q"])
    batch = run(cli, ["report", str(seeds_dir), "-f", "json", "-q"])
    assert whole.exit_code == 0 and whole.output == batch.output
    removed = run(cli, ["index", "remove", index, "--id", source.stem, "--id", "nope"])
    assert removed.exit_code == 0 and "1 removed" in removed.output
    assert "no article 'nope'" in removed.output
    stats = json.loads(run(cli, ["index", "stats", index, "--json"]).output)
    assert stats["articles"] == 4 and stats["changes"]["removed"] == 1


def test_index_errors_are_clear(seeds_dir: Path, tmp_path: Path) -> None:
    run = CliRunner().invoke
    missing = run(cli, ["index", "query", str(tmp_path / "none.db"), str(seeds_dir)])
    assert missing.exit_code == 1 and "no index here" in missing.output
    index = str(tmp_path / "news.db")
    assert run(cli, ["index", "add", index, str(seeds_dir), "-q"]).exit_code == 0
    other = run(cli, ["index", "add", index, str(seeds_dir), "--lsh-threshold", "0.5"])
    assert other.exit_code == 1 and "lsh_threshold 0.5 (index: 0.4)" in other.output
    nothing = run(cli, ["index", "remove", index])
    assert nothing.exit_code == 2 and "--before" in nothing.output


@pytest.mark.parametrize("name", ["report.csv", "report.TSV", "report.xlsx", "report.pdf"])
def test_an_output_named_for_a_format_no_report_is_written_in_needs_f(
    tmp_path: Path, name: str
) -> None:
    """`-o report.csv` used to write the terminal text under that name: the suffix promised
    what the file is not. It is refused before any work, with what to give instead."""
    out = tmp_path / name
    got = CliRunner().invoke(cli, ["report", str(ROOT / "seeds"), "-o", str(out), "-q"])
    assert got.exit_code == 2 and not out.exists()
    assert "no report is written as" in got.output and "-o report." in got.output
    forced = CliRunner().invoke(cli, ["report", str(ROOT / "seeds"), "-o", str(out), "-f", "text"])
    assert forced.exit_code == 0 and out.read_text().startswith("newsreuse report: 5 articles")
