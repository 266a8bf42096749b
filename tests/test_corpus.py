"""Loading corpora: folders, JSON Lines, CSV, JSON; metadata; problems named, never fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reuse.corpus import infer_published, load_corpus, parse_published
from reuse.errors import InputError


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_seeds_folder(seeds_dir: Path) -> None:
    corpus = load_corpus(seeds_dir)
    assert [a.id[:3] for a in corpus.articles] == ["000", "001", "002", "003", "004"]
    dates = {a.id[:3]: (a.published, a.published_inferred) for a in corpus.articles}
    assert dates["003"] == ("2021-12-06", True)
    assert dates["004"] == ("2021-12-29", True)
    assert dates["001"] == (None, False)  # a caption's date is not a publication date
    assert corpus.problems == ()
    for a in corpus.articles:
        assert a.text == (seeds_dir / f"{a.id}.txt").read_text(encoding="utf-8")


def test_clough_folder_with_metadata(clough_dir: Path) -> None:
    corpus = load_corpus(clough_dir / "data")
    assert len(corpus.articles) == 100
    by_id = {a.id: a for a in corpus.articles}
    assert by_id["g0pA_taska"].extra == {"Task": "a", "Category": "non"}
    bad_bytes = [p for p in corpus.problems if "UTF-8" in p.message]
    assert bad_bytes, "the files with stray bytes are named"
    assert all(p.where.endswith(".txt") for p in bad_bytes)


def test_jsonl_bad_line_does_not_stop_the_rest(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "a", "text": "First article."}),
             json.dumps({"id": "b", "body": "Second article.", "publisher": "Daily"}),
             "{broken",
             "[1, 2]",
             "",
             json.dumps({"id": "c", "content": "Third.", "date": "Dec 6, 2021"}),
             json.dumps({"id": "d", "text": "   "}),
             json.dumps({"text": "No id here.", "published_at": "2021-12-06T10:00:00Z", "tag": 1})]
    path = _write(tmp_path / "c.jsonl", "\n".join(lines) + "\n")
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles] == ["a", "b", "c", "c.jsonl:8"]
    b, c, last = corpus.articles[1], corpus.articles[2], corpus.articles[3]
    assert b.outlet == "Daily" and b.text == "Second article."
    assert c.published == "2021-12-06" and not c.published_inferred
    assert last.published == "2021-12-06T10:00:00Z" and last.extra == {"tag": 1}
    where = {p.where: p for p in corpus.problems}
    assert f"{path}:3" in where and "not valid JSON" in where[f"{path}:3"].message
    assert f"{path}:4" in where and "list" in where[f"{path}:4"].message
    assert any(p.article == "d" and "empty text" in p.message for p in corpus.problems)


def test_csv_with_aliases_and_unreadable_date(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.csv", 'id,body,source,scrape_time,title\n'
                  '1,"A text, with a comma",Wire,2021-12-06 10:30,T1\n'
                  '2,"Multi\nline text",Paper,sometime soon,T2\n')
    corpus = load_corpus(path)
    one, two = corpus.articles
    assert (one.id, one.text, one.outlet, one.published, one.title) == \
        ("1", "A text, with a comma", "Wire", "2021-12-06T10:30:00", "T1")
    assert two.text == "Multi\nline text" and two.published is None
    assert two.extra["published_raw"] == "sometime soon"
    (problem,) = corpus.problems
    assert problem.article == "2" and "sometime soon" in problem.message and ":3" in problem.where


def test_folder_metadata_by_file_column(tmp_path: Path) -> None:
    _write(tmp_path / "x.txt", "Story x.")
    _write(tmp_path / "sub" / "y.txt", "Story y.")
    _write(tmp_path / "meta.csv", "file,outlet,published,rank\nx.txt,Alpha,2021-01-02,1\n"
                                  "sub/y,Beta,,2\nmissing.txt,Gamma,,3\n")
    corpus = load_corpus(tmp_path)
    y, x = corpus.articles  # sorted by relative path: sub/y.txt before x.txt
    assert (x.id, x.outlet, x.published, x.extra) == ("x", "Alpha", "2021-01-02", {"rank": "1"})
    assert (y.id, y.outlet) == ("sub/y", "Beta")
    assert any("missing.txt" in p.message for p in corpus.problems)


def test_duplicate_ids_are_kept_and_named(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.jsonl", json.dumps({"id": "same", "text": "one"}) + "\n")
    b = _write(tmp_path / "b.jsonl", json.dumps({"id": "same", "text": "two"}) + "\n")
    corpus = load_corpus([a, b])
    assert [(x.id, x.text) for x in corpus.articles] == [("same", "one"), ("same~2", "two")]
    (problem,) = corpus.problems
    assert "duplicate id" in problem.message and str(a) in problem.message


@pytest.mark.parametrize("data,expected,note", [
    ("caf\u00e9".encode("utf-8"), "caf\u00e9", None),
    (b"\xef\xbb\xbfBOM text", "BOM text", None),
    (b"mostly fine text with one bad byte \xff here and plenty more words to make it long enough "
     b"that a single bad byte is under one per cent of the file" * 2, None, "U+FFFD"),
    ("Na\u00efve caf\u00e9 \u2013 r\u00e9sum\u00e9".encode("cp1252"), "Na\u00efve caf\u00e9 \u2013 r\u00e9sum\u00e9", "cp1252"),
])
def test_decoding(tmp_path: Path, data: bytes, expected: str | None, note: str | None) -> None:
    corpus = load_corpus(_write(tmp_path / "t.txt", data))
    (art,) = corpus.articles
    if expected is not None:
        assert art.text == expected
    if note is None:
        assert corpus.problems == ()
    else:
        assert any(note in p.message for p in corpus.problems)
        if note == "U+FFFD":
            assert "\ufffd" in art.text


def test_earlier_report_and_unknown_files_are_skipped(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", "An article.")
    _write(tmp_path / "report.json", json.dumps({"format": "newsreuse-report", "version": 1}))
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a"]
    assert any("earlier newsreuse report" in p.message for p in corpus.problems)


@pytest.mark.parametrize("make", ["missing", "empty_folder", "bad_suffix"])
def test_unusable_input_raises_clearly(tmp_path: Path, make: str) -> None:
    if make == "missing":
        path = tmp_path / "nope"
    elif make == "empty_folder":
        path = tmp_path / "empty"
        path.mkdir()
    else:
        path = _write(tmp_path / "x.pdf", b"%PDF")
    with pytest.raises(InputError) as err:
        load_corpus(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize("value,iso", [
    ("2021-12-06", "2021-12-06"),
    ("2021-12-06T14:30:00Z", "2021-12-06T14:30:00Z"),
    ("2021-12-06T14:30:00+01:00", "2021-12-06T14:30:00+01:00"),
    ("2021-12-06 14:30", "2021-12-06T14:30:00"),
    ("Dec 6, 2021", "2021-12-06"),
    ("6 December 2021", "2021-12-06"),
    ("December 6, 2021 10:30 PM", "2021-12-06T22:30:00"),
    ("2021/12/06", "2021-12-06"),
    (1638801000, "2021-12-06T14:30:00Z"),
    ("next Tuesday", None),
    ("2021-13-45", None),
])
def test_parse_published(value: object, iso: str | None) -> None:
    assert parse_published(value) == iso


@pytest.mark.parametrize("text,iso", [
    ("Title\n\nPublished On 6 Dec 2021\n\nBody", "2021-12-06"),
    (" date 2021-12-29 A senior official said", "2021-12-29"),
    ("Posted: December 6, 2021 10:30 AM\nBody", "2021-12-06T10:30:00"),
    ("Updated 7 Dec 2021. Published 6 Dec 2021. Body", "2021-12-06"),
    ("Photos created on December 6, 2021, show the president.", None),
    ("No date at all.", None),
])
def test_infer_published(text: str, iso: str | None) -> None:
    assert infer_published(text) == iso
