"""The whole pipeline against failures and junk: a failure in one article or pair is a problem,
not a dead run; library inputs are checked like files; exit codes; and any texts at all (OCR
debris, numbers in every format, lone surrogates, control and bidi characters, very long tokens)
give a report whose offsets slice the input, in every format."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import reuse
from reuse import reports
from reuse.cli import cli
from reuse.errors import InputError, RunError, SettingsError
from reuse.model import Article

WIRE = (
    "The central bank raised its main interest rate by half a percentage point on Thursday, "
    "its fourth increase this year, saying inflation remained far above its target and that "
    "the labour market was still too tight for comfort."
)
ARTICLES = [
    Article("a", "Shares fell in early trading. " + WIRE, published="2024-03-07T12:00:00Z"),
    Article("b", WIRE + " Markets had expected the move.", published="2024-03-07T10:00:00Z"),
    Article("c", "Analysts were split. " + WIRE + " The currency rose.", published="2024-03-07"),
    Article(
        "d",
        "A storm closed schools across the region on Friday as rivers rose to levels "
        "not seen in a decade, officials said, urging residents to stay indoors.",
    ),
]


def _pairs(report: reuse.Report) -> set[tuple[str, str]]:
    return {(m.a, m.b) for m in report.matches}


# ----------------------------------------------------------------------------- fault isolation


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_article_that_cannot_be_prepared_is_a_problem(
    monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    import reuse.stages.candidates.stage as pipeline

    real = pipeline.prepare

    def failing(article: Article, settings: reuse.Settings):  # type: ignore[no-untyped-def]
        if article.id == "c":
            raise ValueError("could not convert string to float: '200.000.000'")
        return real(article, settings)

    monkeypatch.setattr(pipeline, "prepare", failing)
    report = reuse.detect(ARTICLES, jobs=jobs)
    assert _pairs(report) == {("a", "b")}
    assert [a.id for a in report.articles] == ["a", "b", "c", "d"]  # still listed
    (problem,) = report.problems
    assert problem.article == "c" and "preparing the article failed" in problem.message
    assert "200.000.000" in problem.message


def test_a_pair_whose_alignment_fails_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    import reuse.stages.align.stage as pipeline

    real = pipeline.align_pair

    def failing(da, va, db, vb, settings, hints=None):  # type: ignore[no-untyped-def]
        if (da.id, db.id) == ("a", "c"):
            raise IndexError("index 7 is out of bounds")
        return real(da, va, db, vb, settings, hints=hints)

    monkeypatch.setattr(pipeline, "align_pair", failing)
    report = reuse.detect(ARTICLES, jobs=1)
    aligned = {(m.a, m.b) for m in report.matches if m.via is None}
    assert aligned == {("a", "b"), ("b", "c")}
    # The three carry one passage, so the pair that failed is still reported, through it.
    (via,) = [m for m in report.matches if m.via is not None]
    assert (via.a, via.b) == ("a", "c") and via.via == report.clusters[0].id
    (problem,) = report.problems
    assert problem.where == "a / c" and "aligning a with c failed (IndexError" in problem.message


def test_a_pair_whose_attribution_fails_keeps_its_passages(monkeypatch: pytest.MonkeyPatch) -> None:
    import reuse.stages.attribution.weigh as attribute

    real = attribute.weigh_pair

    def failing(p, *signals):  # type: ignore[no-untyped-def]
        if (p.a.id, p.b.id) == ("a", "b"):
            raise ZeroDivisionError("division by zero")
        return real(p, *signals)

    monkeypatch.setattr(attribute, "weigh_pair", failing)
    report = reuse.detect(ARTICLES, jobs=1)
    assert ("a", "b") in _pairs(report)
    assert {(d.source, d.target) for d in report.derivations} & {("a", "b"), ("b", "a")} == set()
    assert any("attributing a and b failed" in p.message for p in report.problems)


_MAIN = os.getpid()


def _dying(state, step):  # type: ignore[no-untyped-def]
    """An alignment step that kills its worker process (as the kernel's OOM killer would)."""
    if os.getpid() != _MAIN:
        os.kill(os.getpid(), signal.SIGKILL)
    return ([], [])


def test_a_worker_that_dies_ends_the_run_with_run_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import reuse.stages.align.stage as stage

    monkeypatch.setattr(stage, "_align_step", _dying)
    fx_file, _ = reuse.fixtures.write(reuse.generate(120, seed=2), tmp_path)
    with pytest.raises(RunError, match="worker process died"):
        reuse.detect(fx_file, jobs=2)


# ----------------------------------------------------------------------------- library inputs


def test_bytes_are_decoded_like_files_and_other_types_refused() -> None:
    report = reuse.detect(
        [
            {"id": "a", "text": ("Shares fell. " + WIRE).encode("utf-8")},
            {"id": "b", "text": WIRE.encode("cp1252")},
            {"id": "n", "text": 12345},
            {"id": "t", "text": True},
            Article("x", b"\xef\xbb\xbf" + WIRE.encode()),  # type: ignore[arg-type]
        ]
    )
    assert [a.id for a in report.articles] == ["a", "b", "x"]
    assert report.texts["x"] == WIRE
    refused = {p.article: p.message for p in report.problems}
    assert "text is a number, expected a string" in refused["n"]
    assert "text is a true/false, expected a string" in refused["t"]
    assert ("a", "b") in _pairs(report) and ("a", "x") in _pairs(report)


def test_duplicate_ids_are_renamed_by_the_library_as_by_the_cli() -> None:
    report = reuse.detect([{"id": "a", "text": WIRE}, {"id": "a", "text": "Lead. " + WIRE}])
    assert [a.id for a in report.articles] == ["a", "a~2"]
    assert any("duplicate id 'a'" in p.message for p in report.problems)
    assert _pairs(report) == {("a", "a~2")}


def test_empty_corpus_is_an_error_as_on_the_command_line() -> None:
    with pytest.raises(InputError, match="no articles given"):
        reuse.detect([])
    with pytest.raises(InputError, match="no articles found"):
        reuse.detect([{"id": "a", "text": "   "}])


@pytest.mark.parametrize("jobs", [0, -1, "2", True, 1.5])
def test_jobs_are_checked(jobs: object) -> None:
    with pytest.raises(SettingsError, match="jobs must be a whole number"):
        reuse.detect(ARTICLES, jobs=jobs)  # type: ignore[arg-type]


def _out_of_range() -> list[tuple[str, object]]:
    cases = []
    for name in reuse.Settings.__dataclass_fields__:
        low, high = reuse.settings.setting_range(name)
        cases.append((name, high * 2 + 1))
        cases.append((name, low - 1))
    return cases


@pytest.mark.parametrize("name,value", _out_of_range())
def test_every_setting_has_a_range(name: str, value: object) -> None:
    with pytest.raises(SettingsError, match=name):
        reuse.Settings(**{name: value})


@pytest.mark.parametrize(
    "name,value",
    [("num_perm", "64"), ("max_gap", 1.5), ("seed_similarity", float("nan")), ("num_perm", True)],
)
def test_settings_of_the_wrong_kind_are_refused(name: str, value: object) -> None:
    with pytest.raises(SettingsError, match=name):
        reuse.Settings(**{name: value})


def test_lsh_banding_is_checked_before_work() -> None:
    with pytest.raises(SettingsError, match=r"lsh_threshold 0\.9 with num_perm 8"):
        reuse.detect(ARTICLES, reuse.Settings(lsh_threshold=0.9, num_perm=8))


# ----------------------------------------------------------------------------- exit codes


def _corpus(tmp_path: Path, with_problem: bool) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for art in ARTICLES:
        (folder / f"{art.id}.txt").write_text(art.text, encoding="utf-8")
    if with_problem:
        (folder / "empty.txt").write_text("")
    return folder


@pytest.mark.parametrize(
    "args,problem,code",
    [
        ([], False, 0),
        ([], True, 0),
        (["--strict"], False, 0),
        (["--strict"], True, 3),
        (["--num-perm", "3"], False, 2),
        (["--lsh-threshold", "0.9", "--num-perm", "8"], False, 1),
    ],
)
def test_exit_codes(tmp_path: Path, args: list[str], problem: bool, code: int) -> None:
    folder = _corpus(tmp_path, problem)
    result = CliRunner().invoke(cli, ["report", str(folder), "-f", "json", *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("problem,code", [(False, 0), (True, 3)])
def test_strict_exit_code_from_the_installed_command(
    tmp_path: Path, problem: bool, code: int
) -> None:
    """The console script, not click's test runner: `main` runs click out of standalone mode,
    where `ctx.exit(3)` comes back as a return value that `main` must keep."""
    import subprocess
    import sys

    folder = _corpus(tmp_path, problem)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "reuse",
            "report",
            str(folder),
            "-f",
            "json",
            "-q",
            "--strict",
            "-o",
            str(tmp_path / "r.json"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == code, run.stderr
    assert (tmp_path / "r.json").exists()  # the report is written all the same


def test_exit_code_when_nothing_can_be_read(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(b"\x7fELF" + bytes(64))
    result = CliRunner().invoke(cli, ["report", str(tmp_path)])
    assert result.exit_code == 1 and "no articles found" in result.output


def test_exit_code_when_the_run_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import reuse.pipeline as pipeline

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RunError("a worker process died during the alignment of candidate pairs")

    monkeypatch.setattr(pipeline, "detect", failing)
    result = CliRunner().invoke(cli, ["report", str(_corpus(tmp_path, False))])
    assert result.exit_code == 4 and "worker process died" in result.output


def test_problem_lines_on_stderr_are_terminal_safe(tmp_path: Path) -> None:
    folder = _corpus(tmp_path, False)
    (folder / "evil\x1b]0;pwned\x07\x1b[31m.txt").write_text("")
    result = CliRunner().invoke(cli, ["report", str(folder), "-f", "json"])
    assert result.exit_code == 0
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "evil]0;pwned[31m.txt" in result.stderr


# ----------------------------------------------------------------------------- junk, whole pipeline

_SENTENCES = [
    "The minister said on Monday that the budget would raise spending on schools by four per cent.",
    "Firefighters were battling 591 wildfires across the province on Tuesday night, officials said.",
    "\u201cWe will not hesitate to act again if inflation does not come down,\u201d the governor said.",
]
_NUMBERS = st.from_regex(
    r"\A(\d{1,4}([.,]\d{1,4}){0,4}|\d{3}\.\d{3}\.\d{4}|[$\u00a3\u20ac]\d+(,\d{3})*(\.\d\d)?)\Z"
)
_JUNK = st.one_of(
    st.sampled_from(_SENTENCES),
    _NUMBERS,
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),  # lone surrogates
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), min_size=1, max_size=5),
    st.sampled_from(["\u202e", "\u2066", "\u200f", "\ufeff", "\u00ad", "\u0301"]),
    st.builds(lambda c, n: c * n, st.sampled_from("x-.,'\"\u2014"), st.integers(1, 3000)),
    st.from_regex(r"\A[a-z]{1,3}[.,;:'!?|\\/]{1,3}\Z"),  # OCR debris
    st.sampled_from(["tho", "ot", "\u00bb\u00ab", "\u201e", "\u2019s", "-\n", "\r\n", "\t"]),
    st.text(max_size=20),
)
_TEXTS = st.lists(_JUNK, min_size=1, max_size=25).map(" ".join)


@given(
    texts=st.lists(_TEXTS, min_size=1, max_size=5),
    ids=st.lists(st.text(max_size=8), min_size=5, max_size=5),
    outlets=st.lists(st.one_of(st.none(), st.text(max_size=10)), min_size=5, max_size=5),
    dates=st.lists(
        st.one_of(st.none(), st.text(max_size=12), _NUMBERS, st.integers(-(10**12), 10**14)),
        min_size=5,
        max_size=5,
    ),
)
@hsettings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_texts_give_a_report_that_slices_and_renders(
    texts: list[str], ids: list[str], outlets: list[object], dates: list[object]
) -> None:
    # Every text carries one shared sentence, so matches, clusters and derivations are made.
    records = [
        {
            "id": ids[k],
            "text": f"{text} {_SENTENCES[0]} {_SENTENCES[1]} {text}",
            "outlet": outlets[k],
            "published": dates[k],
        }
        for k, text in enumerate(texts)
    ]
    try:
        report = reuse.detect(records, jobs=1)
    except InputError:
        return  # nothing usable (every text blank): the CLI's error, not a crash
    for m in report.matches:
        for art, start, end in ((m.a, m.a_start, m.a_end), (m.b, m.b_start, m.b_end)):
            assert 0 <= start < end <= len(report.texts[art])
    for c in report.clusters:
        for p in c.passages:
            assert report.texts[p.article][p.start : p.end] == p.text
    for fmt in reports.FORMATS:
        if fmt in ("csv", "sqlite", "parquet"):
            continue
        assert isinstance(reports.render(report, fmt), str)
        reports.render(report, fmt).encode("utf-8")


@given(texts=st.lists(_TEXTS, min_size=2, max_size=3))
@hsettings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_texts_write_every_file_format(texts: list[str], tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    records = [
        {"id": f"a{k}\ud83d", "text": f"{t} {_SENTENCES[0]} {_SENTENCES[2]}"}
        for k, t in enumerate(texts)
    ]
    report = reuse.detect(records, jobs=1)
    out = tmp_path_factory.mktemp("formats")
    for fmt, name in [
        ("csv", "r.zip"),
        ("csv", "folder"),
        ("sqlite", "r.sqlite"),
        ("parquet", "r.parquet"),
        ("html", "r.html"),
        ("json", "r.json"),
    ]:
        reports.write(report, fmt, out / name)


# ----------------------------------------------------------------------------- output, before any work


@pytest.mark.parametrize(
    "target,message",
    [
        ("CORPUS_FILE", "would overwrite the corpus"),
        ("INSIDE", "lies inside the corpus folder"),
        ("missing/r.json", "does not exist; create it first"),
        ("/sys/r.json", "cannot"),
    ],
)
def test_a_bad_output_is_refused_before_the_run(tmp_path: Path, target: str, message: str) -> None:
    folder = _corpus(tmp_path, False)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    out = {"CORPUS_FILE": str(folder / "a.txt"), "INSIDE": str(folder / "report.md")}.get(
        target, target if target.startswith("/") else str(tmp_path / target)
    )
    given = (
        [str(folder / "a.txt"), str(folder / "b.txt")] if target == "CORPUS_FILE" else [str(folder)]
    )
    result = CliRunner().invoke(cli, ["report", *given, "-o", out])
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert "loading articles" not in result.output  # refused before any work
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_full_disk_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["report", str(_corpus(tmp_path, False)), "-o", "/dev/full", "-f", "json", "-q"]
    )
    assert result.exit_code == 1
    assert "No space left on device" in result.output and "Traceback" not in result.output


# ----------------------------------------------------------------------------- progress


class _Recorder(reuse.Progress):
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def stage(self, name: str, total: int | None = None) -> None:
        self.events.append(("stage", (name, total)))

    def advance(self, n: int = 1) -> None:
        self.events.append(("advance", n))

    def note(self, message: str) -> None:
        self.events.append(("note", message))


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_reports_every_stage_and_step(tmp_path: Path, jobs: int) -> None:
    fx_file, _ = reuse.fixtures.write(reuse.generate(150, seed=4), tmp_path)
    seen = _Recorder()
    report = reuse.detect(fx_file, jobs=jobs, progress=seen)
    stages = [e[1] for e in seen.events if e[0] == "stage"]
    names = [name for name, _ in stages]  # type: ignore[misc]
    assert names == [
        "loading articles",
        "reading and sketching articles",
        "finding candidate pairs",
        "aligning candidate pairs",
        "clustering passages",
        "attributing related pairs",
    ]
    totals = dict(stages)  # type: ignore[arg-type]
    # The steps of each counted stage add up to its total.
    current, done = None, {}
    for kind, value in seen.events:
        if kind == "stage":
            current = value[0]  # type: ignore[index]
        elif kind == "advance":
            done[current] = done.get(current, 0) + value  # type: ignore[operator]
    assert done["reading and sketching articles"] == totals["reading and sketching articles"] == 150
    assert done["aligning candidate pairs"] == totals["aligning candidate pairs"] > 0
    assert (
        done["attributing related pairs"]
        == totals["attributing related pairs"]
        == len({(m.a, m.b) for m in report.matches})
    )


def test_a_progress_bar_on_a_terminal(tmp_path: Path, seeds_dir: Path) -> None:
    """On a terminal stderr shows tqdm's bar; through a pipe plain lines; with -q nothing."""
    import fcntl
    import pty
    import struct
    import subprocess
    import sys
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a real size
    proc = subprocess.run(
        [sys.executable, "-m", "reuse", "report", str(seeds_dir), "-o", str(tmp_path / "r.json")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        timeout=120,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "\r" in shown and "newsreuse: reading and sketching articles" in shown  # a redrawn bar
    assert "100%" in shown
    piped = subprocess.run(
        [sys.executable, "-m", "reuse", "report", str(seeds_dir), "-f", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "\r" not in piped.stderr and "s] aligning candidate pairs (1)" in piped.stderr
    quiet = subprocess.run(
        [sys.executable, "-m", "reuse", "report", str(seeds_dir), "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert quiet.stderr == ""


def test_a_ctrl_c_after_the_report_is_written_does_not_say_nothing_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real SIGINT, sent to this process the moment the report is in place (from the
    line that says it was written): the console script ends as it would have, exit 0, rather
    than with 130, which says nothing was written. Ctrl-C's handler is back after it."""
    import json
    import os
    import signal

    import reuse.cli.report as report_cli
    from reuse.cli import main

    folder = _corpus(tmp_path, False)
    out = tmp_path / "r.json"
    echo = report_cli.click.echo

    def echo_then_interrupt(message: object = None, *args: object, **kwargs: object) -> None:
        echo(message, *args, **kwargs)  # type: ignore[arg-type]
        if isinstance(message, str) and message.startswith("newsreuse: wrote"):
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(report_cli.click, "echo", echo_then_interrupt)
    before = signal.getsignal(signal.SIGINT)  # Python's, or one an earlier test left (Spark's)
    with pytest.raises(SystemExit) as stop:
        main(["report", str(folder), "-f", "json", "-o", str(out), "-j", "1"])
    assert stop.value.code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "newsreuse-report"
    assert signal.getsignal(signal.SIGINT) is before
