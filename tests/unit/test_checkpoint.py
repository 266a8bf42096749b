"""A run with a checkpoint keeps its work as it goes (candidate pairs, alignment and
attribution steps) and a run that stopped resumes from it: the same report, computing only
the steps that were not kept; other settings or articles are other work; a damaged item is
computed again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import generated_articles

import reuse
from reuse.checkpoint import Checkpoint
from reuse.cli import cli
from reuse.model import Article
from reuse.stages.align import stage as align_stage
from reuse.stages.attribution import weigh

ROOT = Path(__file__).resolve().parents[2]


def _json(report: reuse.Report) -> str:
    return json.dumps(report.to_dict(), sort_keys=True)


@pytest.fixture(scope="module")
def day() -> list[Article]:
    fx = reuse.generate(120, seed=11, config=reuse.FixtureConfig.news_day())
    return generated_articles(fx.articles)


@pytest.fixture(scope="module")
def day_report(day: list[Article]) -> reuse.Report:
    return reuse.detect(day, jobs=1)


def _counting(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str, fail_after: int = -1
) -> list[int]:
    """Count the calls of `module.name`; with `fail_after` >= 0, the call after that many
    raises (a run that stops part way)."""
    calls: list[int] = []
    real = getattr(module, name)

    def counted(*args: Any) -> Any:
        if fail_after >= 0 and len(calls) >= fail_after:
            raise KeyboardInterrupt
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(module, name, counted)
    return calls


def _items(folder: Path, prefix: str) -> list[Path]:
    return sorted(folder.glob(f"*/{prefix}*.pickle"))


def test_a_stopped_run_resumes_from_its_checkpoint(
    day: list[Article], day_report: reuse.Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ckpt = tmp_path / "ckpt"
    monkeypatch.setattr(weigh, "_PAIRS_A_STEP", 7)  # several weighing steps
    # Stopped during alignment, after three steps.
    _counting(monkeypatch, align_stage, "_align_step", fail_after=3)
    with pytest.raises(KeyboardInterrupt):
        reuse.detect(day, jobs=1, checkpoint=ckpt)
    monkeypatch.undo()
    monkeypatch.setattr(weigh, "_PAIRS_A_STEP", 7)
    assert len(_items(ckpt, "candidates")) == 1
    assert len(_items(ckpt, "align")) == 3
    # Stopped again during attribution, after two weighing steps.
    aligned = _counting(monkeypatch, align_stage, "_align_step")
    _counting(monkeypatch, weigh, "_weigh_step", fail_after=2)
    with pytest.raises(KeyboardInterrupt):
        reuse.detect(day, jobs=1, checkpoint=ckpt)
    steps = len(_items(ckpt, "align"))
    assert steps > 3 and len(aligned) == steps - 3  # the three kept steps were read
    assert len(_items(ckpt, "weigh")) == 2
    monkeypatch.undo()
    monkeypatch.setattr(weigh, "_PAIRS_A_STEP", 7)
    # Resumed to its end: nothing aligned again, only the weighing steps not kept.
    aligned = _counting(monkeypatch, align_stage, "_align_step")
    weighed = _counting(monkeypatch, weigh, "_weigh_step")
    notes: list[str] = []
    got = reuse.detect(day, jobs=1, checkpoint=ckpt, progress=notes.append)
    assert aligned == [] and len(weighed) == len(_items(ckpt, "weigh")) - 2 > 0
    assert "candidate pairs read from the checkpoint" in notes
    assert _json(got) == _json(day_report)
    # With two jobs (other steps: computed again where they differ), the same report.
    monkeypatch.undo()
    assert _json(reuse.detect(day, jobs=2, checkpoint=ckpt)) == _json(day_report)


def test_other_settings_or_articles_are_other_work(day: list[Article], tmp_path: Path) -> None:
    ckpt, some = tmp_path / "ckpt", day[:60]
    first = reuse.detect(some, jobs=1, checkpoint=ckpt)
    assert first.matches
    stricter = reuse.Settings(seed_similarity=0.8)
    got = reuse.detect(some, stricter, jobs=1, checkpoint=ckpt)
    assert _json(got) == _json(reuse.detect(some, stricter, jobs=1)) != _json(first)
    fewer = some[:-1]
    assert _json(reuse.detect(fewer, jobs=1, checkpoint=ckpt)) == _json(reuse.detect(fewer, jobs=1))
    assert len(list(ckpt.iterdir())) == 3  # one folder of work each


def test_a_damaged_item_is_computed_again(
    day: list[Article], day_report: reuse.Report, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ckpt = tmp_path / "ckpt"
    reuse.detect(day, jobs=1, checkpoint=ckpt)
    for item in (_items(ckpt, "candidates")[0], _items(ckpt, "align")[0], _items(ckpt, "weigh")[0]):
        item.write_bytes(b"not a pickle")
    got = reuse.detect(day, jobs=1, checkpoint=ckpt)
    assert _json(got) == _json(day_report)
    assert "cannot read it back" in caplog.text
    assert Checkpoint(ckpt, _items(ckpt, "align")[0].parent.name).load("align-0-1") is None


def test_the_command_resumes_with_the_local_engine(tmp_path: Path) -> None:
    run = CliRunner().invoke
    seeds = str(ROOT / "seeds")
    want = (ROOT / "reports" / "seeds.json").read_text(encoding="utf-8")
    ckpt = ["--checkpoint", str(tmp_path / "ckpt")]
    first = run(cli, ["report", seeds, "-f", "json", "-q", *ckpt])
    assert first.exit_code == 0 and first.stdout == want
    again = run(cli, ["report", seeds, "-f", "json", *ckpt])
    assert again.exit_code == 0 and again.stdout == want
    assert "read from the checkpoint" in again.stderr


def test_a_folder_that_cannot_hold_the_work_is_refused_before_the_run(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    with pytest.raises(reuse.InputError, match="cannot be kept there"):
        reuse.detect(ROOT / "seeds", checkpoint=afile)
    done = CliRunner().invoke(cli, ["report", str(ROOT / "seeds"), "--checkpoint", str(afile)])
    assert done.exit_code == 1 and str(afile) in done.stderr and "Traceback" not in done.output


def test_a_disk_that_fills_during_the_run_only_stops_the_keeping(
    day: list[Article],
    day_report: reuse.Report,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import pickle

    real, written = pickle.dump, []

    def filling(value: Any, f: Any, **kw: Any) -> None:
        if len(written) == 2:  # the candidates and one step fit; then the disk is full
            raise OSError(28, "No space left on device")
        written.append(1)
        real(value, f, **kw)

    monkeypatch.setattr("reuse.checkpoint.pickle.dump", filling)
    ckpt = tmp_path / "ckpt"
    assert _json(reuse.detect(day, jobs=1, checkpoint=ckpt)) == _json(day_report)
    assert caplog.text.count("cannot keep the run's work") == 1
    (folder,) = ckpt.iterdir()
    assert len(list(folder.glob("*.pickle"))) == 2 and not list(folder.glob(".*"))


def _uncached(digest_of: Any) -> str:
    """A digest computed afresh (its cache cleared before and after)."""
    digest_of.cache_clear()
    try:
        return str(digest_of())
    finally:
        digest_of.cache_clear()


def test_work_kept_by_other_data_or_library_versions_is_not_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The key of kept work (checkpoints, the explain cache) covers the package's data (an
    agency added to reuse/data/agencies.json changes what a run finds) and the versions of
    the libraries it computes with, not only its Python code."""
    from reuse import digest

    def fresh() -> str:
        return _uncached(digest.code_digest)

    before = fresh()
    assert fresh() == before
    read = Path.read_bytes
    with monkeypatch.context() as m:
        m.setattr(
            Path,
            "read_bytes",
            lambda self: read(self) + (b" " if self.name == "agencies.json" else b""),
        )
        assert fresh() != before
    version = digest.metadata.version
    with monkeypatch.context() as m:
        m.setattr(
            digest.metadata, "version", lambda name: "0.0" if name == "numpy" else version(name)
        )
        assert fresh() != before
    assert fresh() == before


def test_an_index_sketch_is_kept_through_a_new_agency_not_new_word_classes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What an index stores of an article (its sketch) does not read the agency list: an agency
    added must not make every index sketch all its articles again. The word classes it reads."""
    from reuse import digest

    def fresh() -> str:
        return _uncached(digest.sketch_code_digest)

    before = fresh()
    read = Path.read_bytes
    for name, changes in (("agencies.json", False), ("word_classes.tsv", True)):
        with monkeypatch.context() as m:
            m.setattr(
                Path,
                "read_bytes",
                lambda self, n=name: read(self) + (b" " if self.name == n else b""),
            )
            assert (fresh() != before) == changes, name
    assert fresh() == before
