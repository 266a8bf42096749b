"""The JSON report is written as it is made, element by element, and its bytes are those of
`Report.to_json`: for a run over the seeds, a generated news day, hostile strings (surrogates
included), a report with empty lists, to a file and to a special file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import build_hand_report, generated_articles, hostile_report

import reuse
from reuse.model import Report
from reuse.reports import json_report
from reuse.reports.common import utf8


def _reports(seeds_dir: Path) -> list[Report]:
    day = reuse.generate(60, seed=3, config=reuse.FixtureConfig.news_day())
    seeds = reuse.detect(reuse.load_corpus(seeds_dir).articles, jobs=1)
    empty = reuse.detect(generated_articles(day.articles)[:1], jobs=1)
    return [
        seeds,
        reuse.detect(generated_articles(day.articles), jobs=1),
        build_hand_report(),
        hostile_report(),
        empty,
    ]


def test_streamed_json_is_the_report_json_byte_for_byte(seeds_dir: Path, tmp_path: Path) -> None:
    reports = _reports(seeds_dir)
    assert any(not r.matches for r in reports) and any(len(r.matches) > 20 for r in reports)
    for k, report in enumerate(reports):
        want = utf8(json_report.render(report))
        assert utf8("".join(json_report.chunks(report))) == want
        path = tmp_path / f"r{k}.json"
        json_report.write(report, path)
        assert path.read_bytes() == want
        json.loads(want)


def test_a_large_report_is_written_in_several_pieces(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = reuse.detect(reuse.load_corpus(seeds_dir).articles, jobs=1)
    monkeypatch.setattr(json_report, "_WRITE_CHARS", 100)
    writes: list[int] = []
    real = json_report.write_stream

    class Counting:
        def __init__(self, fh) -> None:  # type: ignore[no-untyped-def]
            self.fh = fh

        def write(self, data: bytes) -> int:
            writes.append(len(data))
            return self.fh.write(data)

    monkeypatch.setattr(json_report, "write_stream", lambda r, fh: real(r, Counting(fh)))
    json_report.write(report, tmp_path / "r.json")
    assert len(writes) > 10 and max(writes) < 100_000
    assert (tmp_path / "r.json").read_bytes() == utf8(json_report.render(report))


def test_the_report_streams_to_a_special_file(seeds_dir: Path, tmp_path: Path) -> None:
    import os

    report = reuse.detect(reuse.load_corpus(seeds_dir).articles, jobs=1)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = bytearray()
    import threading

    def read() -> None:
        with open(fifo, "rb") as fh:
            got.extend(fh.read())

    reader = threading.Thread(target=read)
    reader.start()
    json_report.write(report, fifo)
    reader.join(timeout=30)
    assert bytes(got) == utf8(json_report.render(report))
