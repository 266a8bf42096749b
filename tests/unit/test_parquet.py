"""Parquet input (the parquet extra): rows read as JSON Lines records are, problems named."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import reuse
from reuse.corpus import load_corpus, parquet
from reuse.errors import InputError

pa = pytest.importorskip("pyarrow", reason="the parquet extra (pip install -e '.[dev]')")
pq = pytest.importorskip("pyarrow.parquet")

CHRONAM = Path(__file__).resolve().parents[1] / "data" / "chronam_1916_01_06_07" / "corpus.jsonl.gz"


def _rows(n: int) -> list[dict]:
    with gzip.open(CHRONAM, "rt", encoding="utf-8") as f:
        return [json.loads(line) for _, line in zip(range(n), f)]


def test_a_parquet_file_gives_the_articles_its_json_lines_give(tmp_path: Path) -> None:
    rows = _rows(60)
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "a.parquet")
    from_json = load_corpus(jsonl)
    from_parquet = load_corpus(tmp_path / "a.parquet")
    assert [a.id for a in from_parquet.articles] == [a.id for a in from_json.articles]
    assert [a.text for a in from_parquet.articles] == [a.text for a in from_json.articles]
    assert [a.published for a in from_parquet.articles] == [a.published for a in from_json.articles]
    assert not from_parquet.problems
    report = reuse.detect(tmp_path / "a.parquet", jobs=1)
    assert report.to_dict()["matches"] == reuse.detect(jsonl, jobs=1).to_dict()["matches"]


def test_dates_ids_and_missing_text_in_parquet(tmp_path: Path) -> None:
    import datetime as dt

    table = pa.Table.from_pylist(
        [
            {"id": "x1", "text": "A first article.", "published": dt.datetime(1916, 1, 6, 7, 30)},
            {"id": None, "text": "A second article.", "published": None},
            {"id": "x3", "text": None, "published": None},
        ]
    )
    path = tmp_path / "d.parquet"
    pq.write_table(table, path)
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles] == ["x1", "d.parquet#2"]
    assert corpus.articles[0].published == "1916-01-06T07:30:00"
    (problem,) = corpus.problems
    assert problem.where == f"{path}#3" and "no text" in problem.message


def test_a_damaged_parquet_file_is_named_and_the_rest_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    pq.write_table(pa.Table.from_pylist(_rows(5)), folder / "good.parquet")
    (folder / "bad.parquet").write_bytes(b"PAR1 not really")
    corpus = load_corpus(folder)
    assert len(corpus.articles) == 5
    (problem,) = corpus.problems
    assert (
        problem.where.endswith("bad.parquet") and "not a readable Parquet file" in problem.message
    )


def test_without_pyarrow_the_message_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.parquet"
    pq.write_table(pa.Table.from_pylist(_rows(2)), path)
    monkeypatch.setattr(parquet, "available", lambda: False)
    with pytest.raises(InputError, match=r"newsreuse\[parquet\]"):
        load_corpus(path)
    corpus = load_corpus([tmp_path, CHRONAM])  # in a folder: skipped with a problem
    assert any("newsreuse[parquet]" in p.message for p in corpus.problems)


def test_the_parquet_report_holds_every_row_of_the_json_report(tmp_path: Path) -> None:
    report = reuse.detect(CHRONAM, jobs=2)
    reuse.reports.write(report, "parquet", tmp_path / "r.parquet")
    data = report.to_dict()
    matches = pq.read_table(tmp_path / "r.parquet" / "matches.parquet").to_pylist()
    assert [(m["id"], m["a"], m["a_start"], m["b"], m["b_end"]) for m in matches] == [
        (m["id"], m["a"], m["a_start"], m["b"], m["b_end"]) for m in data["matches"]
    ]
    passages = pq.read_table(tmp_path / "r.parquet" / "clusters.parquet")
    assert passages.num_rows == sum(len(c["passages"]) for c in data["clusters"])
    assert passages.schema.field("start").type == pa.int64()
    # The same report, the same bytes.
    reuse.reports.write(report, "parquet", tmp_path / "again.parquet")
    for f in (tmp_path / "r.parquet").iterdir():
        assert f.read_bytes() == (tmp_path / "again.parquet" / f.name).read_bytes()
