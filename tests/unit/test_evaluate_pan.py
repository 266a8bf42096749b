"""Scoring on a PAN text-alignment corpus: PAN's measures over its pairs, its folders read as
they come (`src/`, `susp/`, `pairs`, sub-corpora with their own pairs and XML truth)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

import reuse
from reuse.cli.evaluation import evaluate as evaluate_cmd
from reuse.errors import InputError, ReportFormatError
from reuse.evaluation import evaluate_pan
from reuse.evaluation.pan import PanCase, load_pan, pan_scores

SOURCE = [
    "The committee met on Tuesday to review the budget for the coming year, and its chair, Helen "
    "Ward, warned that the reserves would run out by the spring unless the council raised its "
    "charges. Three members asked for a full audit of the housing department before any vote.",
    "The river authority has opened a consultation on the new weir at Mill Lane, which engineers "
    "say will lower the risk of flooding for some four hundred homes in the lower town. Residents "
    "have until the end of March to send their views, and a public meeting will be held in the "
    "library on the first Monday of the month.",
    "Local traders said the works on the high street had cut their takings by a third since "
    "November, and several shops have shortened their hours. The roadworks are due to finish in "
    "the summer.",
]
OWN = [
    "Our reporter spent a week with the volunteers who run the food bank at St Anne's church, "
    "where demand has doubled in two years and the shelves are often empty by Thursday afternoon.",
    "The school choir won the regional competition on Saturday with a programme of folk songs "
    "arranged by their music teacher, who has led the choir for eleven years.",
]


def _case(t: tuple[int, int], s: tuple[int, int], pair: str = "1") -> PanCase:
    return PanCase(f"susp{pair}", t, f"src{pair}", s)


def test_pan_scores_follow_the_definition() -> None:
    case = _case((0, 100), (0, 100))
    half = pan_scores([case], [_case((0, 50), (0, 50))])
    assert (half["recall"], half["precision"], half["granularity"]) == (0.5, 1.0, 1.0)
    split = pan_scores([case], [_case((0, 50), (0, 50)), _case((50, 100), (50, 100))])
    assert split["recall"] == 1.0 and split["granularity"] == 2.0
    assert split["plagdet"] == pytest.approx(1 / math.log2(3))
    # A detection elsewhere on the pair counts against precision as the mean over detections.
    stray = pan_scores([case], [_case((0, 100), (0, 100)), _case((200, 300), (200, 300))])
    assert (stray["precision"], stray["recall"]) == (0.5, 1.0)
    # Overlap in one document only does not detect; another pair never does.
    assert pan_scores([case], [_case((0, 100), (500, 600))])["recall"] == 0.0
    assert pan_scores([case], [_case((0, 100), (0, 100), pair="2")])["recall"] == 0.0
    assert pan_scores([], [])["plagdet"] == 1.0


def _corpus(root: Path) -> None:
    """Two suspicious documents and a source, as PAN 2013 lays them out: the first copies the
    source's second paragraph between two of its own; the second copies nothing."""
    source = "\n\n".join(SOURCE)
    susp1 = "\n\n".join([OWN[0], SOURCE[1], OWN[1]])
    for path, text in (
        ("src/source-document00001.txt", source),
        ("susp/suspicious-document00001.txt", susp1),
        ("susp/suspicious-document00002.txt", "\n\n".join(reversed(OWN))),
    ):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    one = "suspicious-document00001.txt source-document00001.txt\n"
    two = "suspicious-document00002.txt source-document00001.txt\n"
    (root / "pairs").write_text(one + two)
    for group, pair in (("02-no-obfuscation", one), ("01-no-plagiarism", two)):
        (root / group).mkdir()
        (root / group / "pairs").write_text(pair)
    t, s = susp1.index(SOURCE[1]), source.index(SOURCE[1])
    (root / "02-no-obfuscation" / "suspicious-document00001-source-document00001.xml").write_text(
        '<document reference="suspicious-document00001.txt">\n'
        f'<feature name="plagiarism" obfuscation="none" this_offset="{t}" '
        f'this_length="{len(SOURCE[1])}" source_reference="source-document00001.txt" '
        f'source_offset="{s}" source_length="{len(SOURCE[1])}"/>\n</document>\n'
    )
    (root / "01-no-plagiarism" / "suspicious-document00002-source-document00001.xml").write_text(
        '<document reference="suspicious-document00002.txt">\n</document>\n'
    )


def test_a_pan_corpus_is_reported_on_its_pairs_file_and_scored(tmp_path: Path) -> None:
    """The pairs file names `suspicious-document00001.txt`, which the corpus folder holds as
    `susp/suspicious-document00001`: the pairs resolve, and the copy scores as PAN would."""
    _corpus(tmp_path)
    report = reuse.detect(tmp_path, pairs=tmp_path / "pairs")
    assert report.counts["given_pairs"] == 2
    result = evaluate_pan(report, tmp_path)
    assert result["pairs"] == 2 and result["matches_outside_pairs"] == 0
    everything = result["all"]
    assert everything["cases"] == 1 and everything["detections"] == 1
    assert everything["plagdet"] > 0.95 and everything["granularity"] == 1.0
    groups = result["by_subcorpus"]
    assert sorted(groups) == ["01-no-plagiarism", "02-no-obfuscation"]
    assert groups["01-no-plagiarism"]["detections"] == 0
    assert groups["02-no-obfuscation"]["recall"] > 0.95
    assert result["by_obfuscation"]["none"]["cases"] == 1
    assert result["problems"] == []


def test_evaluate_command_scores_a_pan_corpus(tmp_path: Path) -> None:
    corpus, out = tmp_path / "pan", tmp_path / "report.json"
    corpus.mkdir()
    _corpus(corpus)
    out.write_text(json.dumps(reuse.detect(corpus, pairs=corpus / "pairs").to_dict()))
    result = CliRunner().invoke(evaluate_cmd, [str(out), "--pan", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "02-no-obfuscation" in result.output and "plagdet" in result.output
    both = CliRunner().invoke(evaluate_cmd, [str(out), str(out), "--pan", str(corpus)])
    assert both.exit_code == 2 and "--pan" in both.output


def test_unreadable_truth_is_named_and_left_out(tmp_path: Path) -> None:
    _corpus(tmp_path)
    (tmp_path / "02-no-obfuscation" / "broken.xml").write_text("<document reference=")
    truth = load_pan(tmp_path)
    assert len(truth.cases) == 1
    assert [p.split(":")[0] for p in truth.problems] == [
        str(tmp_path / "02-no-obfuscation" / "broken.xml")
    ]
    with pytest.raises(ReportFormatError, match="no XML truth files"):
        load_pan(tmp_path / "src")


def test_a_file_name_in_two_folders_is_not_guessed(tmp_path: Path) -> None:
    _corpus(tmp_path)
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "source-document00001.txt").write_text(OWN[0])
    with pytest.raises(InputError, match="names 2 articles"):
        reuse.detect(tmp_path, pairs=tmp_path / "pairs")
