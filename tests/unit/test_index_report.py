"""`Index.report` reads articles from the index's file when asked and finds candidates from the
stored sketches (band keys on disk, a band at a time): the report is the batch report over the
same articles, with any number of jobs, for a selection, with the keys kept in memory, on real
OCR pages; and a report over an index another process changes meanwhile is refused."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from conftest import generated_articles

import reuse
from reuse.errors import InputError
from reuse.index import stored
from reuse.model import Article

SLICE = Path(__file__).resolve().parents[1] / "data" / "chronam_1916_01_06_07" / "corpus.jsonl.gz"


def _json(report: reuse.Report) -> str:
    return json.dumps(report.to_dict(), sort_keys=True)


@pytest.fixture(scope="module")
def day() -> list[Article]:
    fx = reuse.generate(140, seed=5, config=reuse.FixtureConfig.news_day())
    return generated_articles(fx.articles)


@pytest.fixture(scope="module")
def day_report(day: list[Article]) -> reuse.Report:
    """The batch report over the day: what every report over an index of it must be."""
    return reuse.detect(day, jobs=1)


@pytest.fixture(scope="module")
def day_index(tmp_path_factory: pytest.TempPathFactory, day: list[Article]) -> Path:
    path = tmp_path_factory.mktemp("ix") / "day.db"
    with reuse.Index(path) as ix:
        ix.add(day[::2], jobs=1)
        ix.add(day[1::2], jobs=1)
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_report_over_the_index_is_the_batch_report(
    day_index: Path, day: list[Article], day_report: reuse.Report, jobs: int
) -> None:
    want = day_report
    assert len(want.matches) > 50 and len(want.clusters) > 5
    with reuse.Index(day_index) as ix:
        got = ix.report(jobs=jobs)
    assert _json(got) == _json(want)
    assert got == want
    # The texts are read from the index when asked: those of the passages are the articles'.
    m = got.matches[0]
    assert got.texts[m.a] == next(a.text for a in day if a.id == m.a)
    assert len(got.texts) == len(day) and set(got.texts) == {a.id for a in day}


def test_a_selection_is_the_batch_report_over_the_selected_articles(
    day_index: Path, day: list[Article]
) -> None:
    outlets = sorted({a.outlet for a in day if a.outlet})[::2]
    chosen = [a for a in day if a.outlet in outlets]
    want = reuse.detect(chosen, jobs=1)
    assert want.matches
    with reuse.Index(day_index) as ix:
        got = ix.report(outlets=outlets, jobs=2)
    assert _json(got) == _json(want)


def test_keys_kept_in_memory_when_the_disk_is_short_give_the_same_report(
    day_index: Path, day_report: reuse.Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_disk = day_report  # the index report with its keys on disk (the first test)
    written: list[str] = []
    real = stored.tempfile.mkdtemp
    monkeypatch.setattr(stored.tempfile, "mkdtemp", lambda **kw: written.append("x") or real(**kw))

    class Full:
        free = 0

    monkeypatch.setattr(stored.shutil, "disk_usage", lambda where: Full())
    with reuse.Index(day_index) as ix:
        in_memory = ix.report(jobs=1)
    assert not written
    assert _json(in_memory) == _json(on_disk)


def test_no_band_file_is_left_behind(
    day_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stored.tempfile, "gettempdir", lambda: str(tmp_path))
    seen: list[list[str]] = []
    real = stored.spilled_unit_pairs

    def spy(keys, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(sorted(p.name for p in tmp_path.glob("newsreuse-bands-*/*")))
        spill = real(keys, *args, **kwargs)
        seen.append(sorted(p.name for p in tmp_path.glob("newsreuse-bands-*/*")))
        return spill

    monkeypatch.setattr(stored, "spilled_unit_pairs", spy)
    # The folder of a killed run: its lock file is there, and nobody holds it.
    orphan = tmp_path / f"{stored.BANDS_PREFIX}killed"
    orphan.mkdir()
    (orphan / "lock").write_bytes(b"")
    (orphan / "band0.u8").write_bytes(b"\0" * 64)
    with reuse.Index(day_index) as ix:
        ix.report(jobs=1)
    assert seen and len([n for n in seen[0] if n.startswith("band")]) > 2  # a file a band
    assert any(n.startswith("similar-") for n in seen[1])  # the similar pairs, spilled
    assert not list(tmp_path.iterdir())


def test_an_index_changed_during_the_report_is_refused(day_index: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.db"
    with reuse.Index(day_index) as src, reuse.Index(path) as ix:
        ix.add(list(src.articles()), jobs=1)

    def meddle(message: str) -> None:
        if message.endswith("shared passages"):  # alignment is done
            with reuse.Index(path) as other:
                other.add([Article("late", "A late story that another newsroom tool adds now.")])

    with reuse.Index(path) as ix, pytest.raises(InputError, match="changed while the report"):
        ix.report(jobs=1, progress=meddle)


def test_real_ocr_pages_added_day_by_day_report_as_the_batch(tmp_path: Path) -> None:
    with gzip.open(SLICE, "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh]
    want = reuse.detect(SLICE, jobs=2)
    assert len(want.matches) > 100
    with reuse.Index(tmp_path / "pages.db") as ix:
        for day in sorted({p["published"][:10] for p in pages}):
            ix.add([p for p in pages if p["published"][:10] == day], jobs=2)
        got = ix.report(jobs=2)
    assert _json(got) == _json(want)


def test_after_updates_and_removals_the_report_is_the_batch_report_of_what_is_left(
    day_index: Path, day: list[Article], tmp_path: Path
) -> None:
    path = tmp_path / "edited.db"
    edited = [
        Article(a.id, a.text + "\nAn editor's note was added.", outlet=a.outlet) for a in day[:6]
    ]
    gone = {day[7].id, day[40].id}
    with reuse.Index(path) as ix:
        ix.add(day, jobs=1)
        ix.add(edited, jobs=1)
        ix.remove(sorted(gone))
        got = ix.report(jobs=2)
    left = edited + [a for a in day[6:] if a.id not in gone]
    assert _json(got) == _json(reuse.detect(left, jobs=1))


def test_texts_of_a_report_are_checked_readable_from_threads_and_picklable(
    day_index: Path, day: list[Article], tmp_path: Path
) -> None:
    import pickle
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "t.db"
    with reuse.Index(path) as ix:
        ix.add(day, jobs=1)
        report = ix.report(jobs=1)
    m = report.matches[0]
    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(report.texts.__getitem__, [m.a, m.b])) == [
            report.texts[m.a],
            report.texts[m.b],
        ]
    copy = pickle.loads(pickle.dumps(report))
    assert copy == report and copy.texts[m.a] == report.texts[m.a]
    # An article updated after the report was made is not served in its new state.
    with reuse.Index(path) as ix:
        ix.add([Article(m.b, "A wholly different text now.", outlet="x")], jobs=1)
    with pytest.raises(InputError, match="changed while the report was being made, or since"):
        copy.texts[m.b]


def test_sketches_made_by_other_code_are_made_again(
    day_index: Path,
    day: list[Article],
    day_report: reuse.Report,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import reuse.index as index_module

    want = _json(day_report)
    path = tmp_path / "old.db"
    monkeypatch.setattr(index_module, "sketch_code_digest", lambda: "older code")
    with reuse.Index(path) as ix:
        ix.add(day, jobs=1)
    monkeypatch.undo()
    used: list[int] = []
    real = stored.stored_candidates
    monkeypatch.setattr(
        index_module, "stored_candidates", lambda *a, **k: used.append(1) or real(*a, **k)
    )
    with reuse.Index(path) as ix:
        assert _json(ix.report(jobs=1)) == want
    assert not used  # not trusted: sketched again
    with reuse.Index(day_index) as ix:
        assert _json(ix.report(jobs=1)) == want
    assert used  # the index's own code: started from its sketches


def test_an_article_whose_preparation_failed_when_added_is_sketched_again(
    day: list[Article], day_report: reuse.Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reuse.stages.candidates import stage

    want = _json(day_report)
    unlucky = {day[3].id, day[50].id}
    real = stage.prepare

    def flaky(article, settings):  # type: ignore[no-untyped-def]
        if article.id in unlucky:
            raise RuntimeError("a passing fault")
        return real(article, settings)

    path = tmp_path / "flaky.db"
    monkeypatch.setattr(stage, "prepare", flaky)
    with reuse.Index(path) as ix:
        ix.add(day, jobs=1)
    monkeypatch.undo()
    with reuse.Index(path) as ix:
        assert _json(ix.report(jobs=1)) == want


def test_similar_pairs_spilled_in_many_blocks_give_the_same_report(
    day_index: Path, day_report: reuse.Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The similar pairs wait on disk in files by band and block of first rows; read back
    block by block (here blocks of 23 rows, so over a hundred of them) they are the pairs the bands
    found, and the report is the same."""
    want = day_report
    blocks: list[int] = []

    class SmallBlocks(stored.SpilledPairs):
        def __init__(self, folder: str, rows: int) -> None:
            super().__init__(folder, rows, block_rows=23)
            blocks.append(self.blocks)

    monkeypatch.setattr(stored, "SpilledPairs", SmallBlocks)
    with reuse.Index(day_index) as ix:
        got = ix.report(jobs=2)
    assert blocks and blocks[0] > 100
    assert _json(got) == _json(want)


def test_a_report_with_a_checkpoint_resumes_from_it(
    day_index: Path, day_report: reuse.Report, tmp_path: Path
) -> None:
    ckpt = tmp_path / "ckpt"
    with reuse.Index(day_index) as ix:
        assert _json(ix.report(jobs=1, checkpoint=ckpt)) == _json(day_report)
        (folder,) = ckpt.iterdir()  # keyed by the stored digests: no text read for the key
        aligned = sorted(folder.glob("align-*.pickle"))
        assert aligned and (folder / "candidates.pickle").is_file()
        aligned[-1].unlink()  # as if stopped before the last step ended
        notes: list[str] = []
        again = ix.report(jobs=1, checkpoint=ckpt, progress=notes.append)
    assert _json(again) == _json(day_report)
    assert "candidate pairs read from the checkpoint" in notes
