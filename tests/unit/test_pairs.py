"""Given pairs: exactly the pairs named are aligned (then clustered and attributed as usual),
from a pairs file or a list, the same for any order and any number of jobs."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

import reuse
from reuse.cli import cli
from reuse.corpus.pairs import read_pairs

A, B = "000_88272de48d0801c2", "001_1739c8cb4df8427c"  # the seeds' one reused pair
# Only unit pairs whose MinHash estimate is exactly 1 survive: the paraphrased quote does not.
STRICT = reuse.Settings(candidate_similarity=1.0)


def test_given_pairs_align_a_pair_the_candidates_miss(seeds_dir: Path) -> None:
    assert reuse.detect(seeds_dir, STRICT, jobs=1).matches == ()
    given = reuse.detect(seeds_dir, STRICT, pairs=[(A, B)], jobs=1)
    default = reuse.detect(seeds_dir, jobs=1)
    assert [(m.a, m.b) for m in given.matches] == [(A, B)]
    assert [m.to_dict() for m in given.matches] == [m.to_dict() for m in default.matches]
    assert given.clusters and given.derivations
    assert given.counts["given_pairs"] == 1 and "given_pairs" not in default.counts


def test_pairs_not_given_get_no_match(seeds_dir: Path) -> None:
    others = [("002_03466817e75d6d5a", "003_6e89e7a80c6d2489"), (A, "004_153af44f1576908e")]
    report = reuse.detect(seeds_dir, pairs=others, jobs=1)
    assert report.matches == () and report.counts["given_pairs"] == 2


def _carriers(seeds_dir: Path) -> list[dict[str, str]]:
    """Three articles that carry one passage, each around a different seed article."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    passage = texts[0][:700]
    return [
        {"id": name, "text": f"{texts[k]}\n\n{passage}\n"}
        for name, k in (("x", 2), ("y", 3), ("z", 4))
    ]


def test_clusters_infer_no_match_for_a_pair_not_given(seeds_dir: Path) -> None:
    corpus = _carriers(seeds_dir)
    everything = reuse.detect(corpus, jobs=1)
    assert {(m.a, m.b) for m in everything.matches} == {("x", "y"), ("x", "z"), ("y", "z")}
    given = reuse.detect(corpus, pairs=[("x", "y"), ("z", "y")], jobs=1)
    assert {(m.a, m.b) for m in given.matches} == {("x", "y"), ("y", "z")}
    assert {p.article for c in given.clusters for p in c.passages} == {"x", "y", "z"}


def _clough_pairs(clough_dir: Path) -> list[tuple[str, str]]:
    ids = sorted(p.stem for p in (clough_dir / "data").glob("*.txt"))
    return [(i, "orig_" + i.split("_")[1]) for i in ids if not i.startswith("orig")]


def test_same_report_for_any_jobs_and_pair_order(clough_dir: Path, tmp_path: Path) -> None:
    pairs = _clough_pairs(clough_dir)
    one = reuse.detect(clough_dir / "data", pairs=pairs, jobs=1)
    shuffled = [(b, a) if k % 2 else (a, b) for k, (a, b) in enumerate(pairs)]
    random.Random(1).shuffle(shuffled)
    file = tmp_path / "pairs.tsv"
    file.write_text("".join(f"{a}\t{b}\n" for a, b in shuffled + shuffled[:5]), encoding="utf-8")
    two = reuse.detect(clough_dir / "data", pairs=file, jobs=2)
    assert one.to_json() == two.to_json()
    assert one.counts["given_pairs"] == len(pairs) and one.matches
    assert {(m.a, m.b) for m in one.matches} <= {tuple(sorted(p)) for p in pairs}


def test_pairs_file_format(tmp_path: Path) -> None:
    file = tmp_path / "pairs.txt"
    file.write_text(
        "\ufeff# suspicious source\n\na b\n  c.txt   d  \nwith space\tother\n",
        encoding="utf-8",
    )
    assert [tuple(p) for p in read_pairs(file)] == [
        ("a", "b", f"{file} line 3"),
        ("c.txt", "d", f"{file} line 4"),
        ("with space", "other", f"{file} line 5"),
    ]


def test_a_file_name_names_its_article(seeds_dir: Path, tmp_path: Path) -> None:
    file = tmp_path / "pairs"
    file.write_text(f"{A}.txt {B}.txt\n", encoding="utf-8")
    report = reuse.detect(seeds_dir, pairs=file, jobs=1)
    assert [(m.a, m.b) for m in report.matches] == [(A, B)]


@pytest.mark.parametrize(
    "lines,settings,words",
    [
        (f"{A} {B}\n{A} nope\n", None, ["line 2", "'nope'", "no article", "Give ids"]),
        (f"{A} {B} {A}\n", None, ["line 1", "expected two article ids", "tab"]),
        (f"{A}\t{A}\n", None, ["line 1", "with itself"]),
        (f"{A} {B}\n", {"max_article_chars": 3000}, [repr(B), "left out", "max_article_chars"]),
    ],
)
def test_pairs_file_errors_say_where_and_what_to_do(
    lines: str, settings: dict[str, int] | None, words: list[str], seeds_dir: Path, tmp_path: Path
) -> None:
    file = tmp_path / "pairs.tsv"
    file.write_text(lines, encoding="utf-8")
    with pytest.raises(reuse.InputError) as err:
        reuse.detect(seeds_dir, reuse.Settings(**(settings or {})), pairs=file, jobs=1)
    assert str(file) in str(err.value)
    for word in words:
        assert word in str(err.value)


@pytest.mark.parametrize("bad", [[("a",)], ["ab"], [("a", 2)], [("", "b")]])
def test_library_pairs_must_be_two_ids(bad: list[object], seeds_dir: Path) -> None:
    with pytest.raises(reuse.InputError, match=r"pairs\[0\] must be two article ids"):
        reuse.detect(seeds_dir, pairs=bad, jobs=1)  # type: ignore[arg-type]


def test_cli_pairs(seeds_dir: Path, tmp_path: Path) -> None:
    file = tmp_path / "pairs.tsv"
    file.write_text(f"{B}\t{A}\n", encoding="utf-8")
    args = ["report", str(seeds_dir), "--candidate-similarity", "1", "-f", "json", "-q"]
    result = CliRunner().invoke(cli, [*args, "--pairs", str(file), "-j", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(m["a"], m["b"]) for m in data["matches"]] == [(A, B)]
    assert data["counts"]["given_pairs"] == 1

    file.write_text(f"{A}\t{B}\n{A}\tmissing\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [*args, "--pairs", str(file)])
    assert result.exit_code == 1
    assert f"{file} line 2: unknown article id 'missing'" in result.output
    assert "Traceback" not in result.output
    # A mistyped id is answered with the ids it is close to.
    file.write_text(f"{A}\t{B[:-1]}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [*args, "--pairs", str(file)])
    assert result.exit_code == 1 and f"(close ids: {B}" in result.output

    result = CliRunner().invoke(cli, [*args, "--pairs", str(tmp_path / "none.tsv")])
    assert result.exit_code == 2 and "none.tsv" in result.output


def test_help_documents_pairs() -> None:
    result = CliRunner().invoke(cli, ["report", "--help"], terminal_width=400)
    flat = " ".join(result.output.split())
    assert "--pairs FILE" in flat and "two article ids separated by a tab or by spaces" in flat
