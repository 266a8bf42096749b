"""Loading corpora: folders, JSON Lines, CSV, JSON; metadata; problems named, never fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reuse.corpus import (
    Corpus,
    article_from_record,
    infer_published,
    iter_articles,
    load_corpus,
    parse_published,
)
from reuse.errors import InputError
from reuse.model import Problem


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_bytes(data.encode("utf-8"))  # no newline translation: bytes as written
    return path


def _jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def _messages(corpus: Corpus) -> list[str]:
    return [str(p) for p in corpus.problems]


# ----------------------------------------------------------------------------- real corpora


def test_demo_corpus(seeds_dir: Path) -> None:
    corpus = load_corpus(seeds_dir)
    assert [a.id[:3] for a in corpus.articles] == ["000", "001", "002", "003", "004"]
    dates = {a.id[:3]: (a.published, a.published_inferred) for a in corpus.articles}
    assert dates["003"] == ("2021-12-06", True)  # "Published On 6 Dec 2021"
    assert dates["004"] == ("2021-12-29", True)  # " date 2021-12-29 A senior ..."
    assert dates["001"] == (None, False)  # "photos, created on December 6, 2021": a caption
    assert corpus.problems == ()
    for a in corpus.articles:
        path = seeds_dir / f"{a.id}.txt"
        assert a.origin == str(path)
        assert a.text == path.read_bytes().decode("utf-8")  # exactly the file, nothing stripped


def test_clough_corpus_with_metadata_and_stray_bytes(clough_dir: Path) -> None:
    data = clough_dir / "data"
    corpus = load_corpus(data)
    assert len(corpus.articles) == 100
    by_id = {a.id: a for a in corpus.articles}
    assert by_id["g0pA_taska"].extra == {"Task": "a", "Category": "non"}
    assert by_id["orig_taskc"].extra == {"Task": "c", "Category": "orig"}
    assert all(set(a.extra) == {"Task", "Category"} for a in corpus.articles)
    not_utf8 = set()
    for path in data.glob("*.txt"):
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            not_utf8.add(path)
    assert len(not_utf8) >= 10
    # The only problems are the files with stray bytes, each named once, each still loaded.
    assert sorted(p.where for p in corpus.problems) == sorted(str(p) for p in not_utf8)
    for path in not_utf8:
        art = by_id[path.stem]
        assert art.text == path.read_bytes().decode("cp1252")  # ASCII plus Windows quotes
        assert "\ufffd" not in art.text
    assert all("not valid UTF-8" in p.message and "cp1252" in p.message for p in corpus.problems)


# ----------------------------------------------------------------------------- JSON Lines


def test_jsonl_bad_lines_do_not_stop_the_rest(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "c.jsonl",
        _jsonl(
            {"id": "a", "text": "First article."},
            {"id": "b", "body": "Second article.", "publisher": "Daily"},
            "{broken",
            "[1, 2]",
            "",
            "   ",
            {"id": "c", "content": "Third.", "date": "Dec 6, 2021"},
            '"just a string"',
            {"text": "No id here.", "published_at": "2021-12-06T10:00:00Z", "tag": 1},
        ),
    )
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles] == ["a", "b", "c", "c.jsonl:9"]
    assert [a.origin for a in corpus.articles] == [f"{path}:{n}" for n in (1, 2, 7, 9)]
    b, c, last = corpus.articles[1:]
    assert (b.outlet, b.text) == ("Daily", "Second article.")
    assert (c.published, c.published_inferred) == ("2021-12-06", False)
    assert last.published == "2021-12-06T10:00:00Z" and last.extra == {"tag": 1}
    where = {p.where: p.message for p in corpus.problems}
    assert set(where) == {f"{path}:3", f"{path}:4", f"{path}:8"}
    assert where[f"{path}:3"].startswith("not valid JSON: ")
    assert where[f"{path}:4"].startswith("line is a JSON list, expected an object")
    assert where[f"{path}:8"].startswith("line is a JSON string")


def test_jsonl_splits_on_newlines_only_and_keeps_text_exact(tmp_path: Path) -> None:
    # U+2028 and U+0085 are line breaks to str.splitlines but plain characters in JSON strings.
    text = "Line one\u2028still one\x85and\r\nmore  \n"
    path = _write(
        tmp_path / "c.jsonl",
        json.dumps({"text": text}, ensure_ascii=False)
        + "\r\n"
        + json.dumps({"text": "second"})
        + "\r\n",
    )
    corpus = load_corpus(path)
    assert [(a.id, a.text) for a in corpus.articles] == [
        ("c.jsonl:1", text),
        ("c.jsonl:2", "second"),
    ]
    assert corpus.problems == ()


def test_record_fields_ids_and_extra(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "c.jsonl",
        _jsonl(
            {
                "ID": 7,
                "TEXT": "Body.",
                "Series": "Wire",
                "Title": " A title ",
                "URL": "http://x",
                "Byline": "By Kim",
                "tags": ["a", "b"],
                "meta": {"k": 1},
                "score": 0.5,
            },
        ),
    )
    (art,) = load_corpus(path).articles
    assert (art.id, art.text, art.outlet, art.title, art.url, art.byline) == (
        "7",
        "Body.",
        "Wire",
        "A title",
        "http://x",
        "By Kim",
    )
    assert art.extra == {"tags": ["a", "b"], "meta": {"k": 1}, "score": 0.5}


@pytest.mark.parametrize(
    "key,field",
    [
        ("text", "text"),
        ("body", "text"),
        ("content", "text"),
        ("Body", "text"),
        ("outlet", "outlet"),
        ("publisher", "outlet"),
        ("series", "outlet"),
        ("SOURCE", "outlet"),
        ("published", "published"),
        ("date", "published"),
        ("scrape_time", "published"),
        ("Published_At", "published"),
        ("publishedAt", "published"),
        ("datePublished", "published"),
        ("date_publish", "published"),
        ("publish_date", "published"),
        ("maintext", "text"),
        ("articleBody", "text"),
        ("article", "text"),
        ("ocr_eng", "text"),
        ("media_name", "outlet"),
        ("source_domain", "outlet"),
        ("title", "title"),
        ("headline", "title"),
        ("url", "url"),
        ("link", "url"),
        ("byline", "byline"),
        ("author", "byline"),
        ("Id", "id"),
        ("stories_id", "id"),
        ("guid", "id"),
    ],
)
def test_field_aliases(key: str, field: str) -> None:
    record = {"text": "Some text.", key: "2021-12-06" if field == "published" else "value"}
    if field == "text":
        record = {key: "value"}
    problems: list[Problem] = []
    art = article_from_record(record, "x.jsonl:1", problems)
    assert art is not None and problems == []
    assert getattr(art, field) == ("2021-12-06" if field == "published" else "value")
    assert art.extra == {}


def test_news_api_and_crawler_exports_read_as_they_come(tmp_path: Path) -> None:
    """A NewsAPI response (the outlet an object, the date `publishedAt`), a news-please record
    (`maintext`, `authors` a list) and a MongoDB export (`{"$date": ...}`): the outlet, byline
    and date are read, and each object reduced to its name is kept whole in `extra`."""
    body = "The central bank raised its main interest rate by half a percentage point on Thursday."
    newsapi = {
        "status": "ok",
        "articles": [
            {
                "source": {"id": "reuters", "name": "Reuters"},
                "author": "Jo Lee",
                "title": "Bank raises rates",
                "url": "https://example.com/a",
                "publishedAt": "2024-03-07T10:00:00Z",
                "content": body,
            }
        ],
    }
    _write(tmp_path / "newsapi.json", json.dumps(newsapi).encode())
    crawled = {
        "maintext": body,
        "authors": ["Ana Ruiz", "Li Wei"],
        "date_publish": "2024-03-07 11:30:00",
        "source_domain": "planet.example",
        "_id": "x1",
    }
    mongo = {"id": "m1", "text": body, "published": {"$date": "2024-03-07T12:00:00Z"}}
    lines = json.dumps(crawled) + "\n" + json.dumps(mongo) + "\n"
    _write(tmp_path / "crawl.jsonl", lines.encode())
    corpus = load_corpus(tmp_path)
    assert corpus.problems == ()
    by_outlet = {a.outlet: a for a in corpus.articles}
    reuters = by_outlet["Reuters"]
    assert (reuters.byline, reuters.published, reuters.title) == (
        "Jo Lee",
        "2024-03-07T10:00:00Z",
        "Bank raises rates",
    )
    assert reuters.extra["source"] == {"id": "reuters", "name": "Reuters"}
    crawl = by_outlet["planet.example"]
    assert crawl.byline == "Ana Ruiz, Li Wei" and crawl.extra["authors"] == ["Ana Ruiz", "Li Wei"]
    assert crawl.published is not None and crawl.published.startswith("2024-03-07")
    assert by_outlet[None].published == "2024-03-07T12:00:00Z"


def test_first_alias_wins_and_the_other_is_kept(tmp_path: Path) -> None:
    problems: list[Problem] = []
    art = article_from_record(
        {"body": "second", "text": "first", "source": "S", "outlet": "O"}, "x", problems
    )
    assert art is not None
    assert (art.text, art.outlet) == ("first", "O")
    assert art.extra == {"body": "second", "source": "S"}


# ----------------------------------------------------------------------------- CSV


def test_csv_with_aliases_multiline_cells_and_line_numbers(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "c.csv",
        "ID,Body,source,scrape_time,title,rank\n"
        '1,"A text, with a comma",Wire,2021-12-06 10:30,T1,3\n'
        '2,"Multi\nline\ntext",Paper,sometime soon,T2,\n'
        "\n"
        ",No id here,,,,\n",
    )
    corpus = load_corpus(path)
    one, two, three = corpus.articles
    assert (one.id, one.text, one.outlet, one.published, one.title, one.extra) == (
        "1",
        "A text, with a comma",
        "Wire",
        "2021-12-06T10:30:00",
        "T1",
        {"rank": "3"},
    )
    assert (two.text, two.published, two.extra["published_raw"]) == (
        "Multi\nline\ntext",
        None,
        "sometime soon",
    )
    # The third record starts on line 7: the second spans lines 3-5 and line 6 is blank.
    assert (three.id, three.origin) == ("c.csv:7", f"{path}:7")
    (problem,) = corpus.problems
    assert (problem.where, problem.article) == (f"{path}:3", "2")
    assert "'sometime soon'" in problem.message


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_csv_delimiter_and_bom(tmp_path: Path, sep: str) -> None:
    data = (
        "\ufeff"
        + "\n".join(sep.join(row) for row in (["id", "text", "outlet"], ["x", "Body here", "O"]))
        + "\n"
    )
    (art,) = load_corpus(_write(tmp_path / "c.csv", data)).articles
    assert (art.id, art.text, art.outlet) == ("x", "Body here", "O")


def test_csv_ragged_rows_and_repeated_columns(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.csv", "id,text,note,note\na,Alpha,n1,n2\nb,Beta,n3,n4,surplus\n")
    corpus = load_corpus(path)
    a, b = corpus.articles
    assert a.extra == {"note": "n1", "note~2": "n2"}
    assert b.extra == {"note": "n3", "note~2": "n4", "extra_cells": ["surplus"]}
    assert [p.where for p in corpus.problems] == [f"{path}:1", f"{path}:3"]


def test_csv_large_field(tmp_path: Path) -> None:
    body = "word " * 60_000  # past the csv module's default 128 KiB limit
    (art,) = load_corpus(_write(tmp_path / "big.csv", f'id,text\nbig,"{body}"\n')).articles
    assert art.text == body


# ----------------------------------------------------------------------------- JSON


def test_json_list_and_articles_object(tmp_path: Path) -> None:
    listed = _write(
        tmp_path / "list.json",
        json.dumps(
            [{"id": "a", "text": "A."}, {"text": "No id."}, 5, {"text": "Third."}], indent=1
        ),
    )
    wrapped = _write(
        tmp_path / "wrapped.json",
        json.dumps({"name": "dump", "articles": [{"id": "w", "text": "W."}]}),
    )
    compact = _write(tmp_path / "compact.json", json.dumps([{"text": "x1"}, {"text": "x2"}]))
    single = _write(tmp_path / "single.json", json.dumps({"text": "One article.", "outlet": "O"}))
    corpus = load_corpus([listed, wrapped, compact, single])
    assert [a.id for a in corpus.articles] == [
        "a",
        "list.json#2",
        "list.json#4",
        "w",
        "compact.json#1",
        "compact.json#2",
        "single",
    ]
    # Origins name the line each item starts on.
    assert [a.origin for a in corpus.articles[:3]] == [f"{listed}:2", f"{listed}:6", f"{listed}:10"]
    (problem,) = corpus.problems
    assert problem.where == f"{listed}:9" and "item 3 is a JSON number" in problem.message


def test_earlier_report_is_skipped(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", "An article.")
    report = {
        "format": "newsreuse-report",
        "version": 1,
        "articles": [{"id": "a", "outlet": None, "published": None}],
    }
    _write(tmp_path / "report.json", json.dumps(report))
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a"]
    (problem,) = corpus.problems
    assert problem.where == str(tmp_path / "report.json")
    assert "earlier newsreuse report" in problem.message


def test_invalid_json_file(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", "An article.")
    _write(tmp_path / "bad.json", '[\n{"text": "x"},\n{oops}\n]')
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a"]
    (problem,) = corpus.problems
    assert problem.where == f"{tmp_path / 'bad.json'}:3" and "not valid JSON" in problem.message


# ----------------------------------------------------------------------------- folders


def test_folder_metadata_by_file_column(tmp_path: Path) -> None:
    _write(tmp_path / "x.txt", "Story x.")
    _write(tmp_path / "sub" / "y.md", "Story y.")
    _write(
        tmp_path / "meta.csv",
        "File,outlet,published,rank\n"
        "x.txt,Alpha,2021-01-02,1\n"
        "sub/y,Beta,,2\n"
        "missing.txt,Gamma,,3\n",
    )
    corpus = load_corpus(tmp_path)
    y, x = corpus.articles  # sorted by relative path: sub/y.md before x.txt
    assert (x.id, x.outlet, x.published, x.published_inferred, x.extra) == (
        "x",
        "Alpha",
        "2021-01-02",
        False,
        {"rank": "1"},
    )
    assert (y.id, y.outlet, y.published, y.extra) == ("sub/y", "Beta", None, {"rank": "2"})
    (problem,) = corpus.problems
    assert problem.where == f"{tmp_path / 'meta.csv'}:4" and "'missing.txt'" in problem.message


def test_folder_metadata_jsonl_by_id_and_in_subfolder(tmp_path: Path) -> None:
    _write(tmp_path / "cnn" / "story1.txt", "Published: December 6, 2021 10:30 AM\nBody one.")
    _write(
        tmp_path / "cnn" / "meta.jsonl", _jsonl({"ID": "story1", "publisher": "CNN", "desk": "US"})
    )
    _write(tmp_path / "top.txt", "Body two.")
    _write(tmp_path / "meta.jsonl", _jsonl({"id": "top", "date": "2021-12-07T08:00:00+01:00"}))
    corpus = load_corpus(tmp_path)
    story, top = corpus.articles
    assert (story.id, story.outlet, story.extra) == ("cnn/story1", "CNN", {"desk": "US"})
    assert (story.published, story.published_inferred) == ("2021-12-06T10:30:00", True)
    assert (top.id, top.published, top.published_inferred) == (
        "top",
        "2021-12-07T08:00:00+01:00",
        False,
    )
    assert corpus.problems == ()


def test_folder_metadata_id_beside_file_is_kept(tmp_path: Path) -> None:
    _write(tmp_path / "x.txt", "Story x.")
    _write(tmp_path / "meta.csv", "file,id,outlet\nx.txt,X-17,Alpha\n")
    (x,) = load_corpus(tmp_path).articles
    assert (x.id, x.outlet, x.extra) == ("x", "Alpha", {"id": "X-17"})


def test_folder_metadata_names_files_by_the_columns_exports_use(tmp_path: Path) -> None:
    """A file name column spelt as spreadsheets and crawlers spell it ("File Name", "filepath"),
    or an id column under an id's alias (Media Cloud's `stories_id`, `doc_id`), names the
    folder's files as `file` and `id` do."""
    for name in ("a", "b", "c", "d"):
        _write(tmp_path / "docs" / f"{name}.txt", f"Story {name}.")
    _write(tmp_path / "docs" / "sheet.csv", "File Name,Outlet\na.txt,Alpha\n")
    _write(tmp_path / "docs" / "crawl.jsonl", _jsonl({"filepath": "b.txt", "source": "Beta"}))
    _write(tmp_path / "docs" / "mc.csv", "stories_id,media_name,publish_date\nc,Gamma,2024-03-07\n")
    _write(tmp_path / "docs" / "ids.jsonl", _jsonl({"doc_id": "d", "publisher": "Delta"}))
    corpus = load_corpus(tmp_path)
    assert [(a.id, a.outlet) for a in corpus.articles] == [
        ("docs/a", "Alpha"),
        ("docs/b", "Beta"),
        ("docs/c", "Gamma"),
        ("docs/d", "Delta"),
    ]
    assert corpus.articles[2].published == "2024-03-07"
    assert corpus.problems == ()


def test_folder_metadata_tables_merge_and_conflicts_are_named(tmp_path: Path) -> None:
    _write(tmp_path / "x.txt", "Story x.")
    _write(tmp_path / "a_outlets.csv", "file,outlet\nx,Alpha\n")
    _write(
        tmp_path / "b_dates.jsonl",
        _jsonl({"file": "x.txt", "published": "2021-12-06", "outlet": "Beta"}),
    )
    corpus = load_corpus(tmp_path)
    (x,) = corpus.articles
    assert (x.outlet, x.published) == ("Alpha", "2021-12-06")
    (problem,) = corpus.problems
    assert problem.where == f"{tmp_path / 'b_dates.jsonl'}:1"
    assert "'Beta'" in problem.message and f"{tmp_path / 'a_outlets.csv'}:2" in problem.message


def test_folder_jsonl_whose_first_record_lacks_text_is_still_articles(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "feed.jsonl",
        _jsonl({"id": "head", "title": "No text"}, {"id": "body", "text": "Has text."}),
    )
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["body"]
    assert [(p.where, p.article) for p in corpus.problems] == [(f"{path}:1", "head")]


def test_folder_tables_and_texts_in_file_order(tmp_path: Path) -> None:
    _write(tmp_path / "b.txt", "B text.")
    _write(tmp_path / "a.jsonl", _jsonl({"id": "a1", "text": "A1."}))
    _write(tmp_path / "c" / "feed.csv", "text\nFrom the feed.\n")
    _write(tmp_path / "d.md", "D text.")
    _write(tmp_path / ".hidden.txt", "Not an article.")
    _write(tmp_path / ".git" / "notes.txt", "Not an article either.")
    _write(tmp_path / "notes.pdf", b"%PDF")
    _write(tmp_path / "tags.csv", "tag,weight\nx,1\n")
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a1", "b", "c/feed.csv:2", "d"]
    assert corpus.articles[2].origin == f"{tmp_path / 'c' / 'feed.csv'}:2"
    messages = {p.where: p.message for p in corpus.problems}
    assert set(messages) == {str(tmp_path), str(tmp_path / "tags.csv")}
    assert "notes.pdf" in messages[str(tmp_path)]
    assert "no text field" in messages[str(tmp_path / "tags.csv")]


def test_order_is_deterministic(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for folder, names in ((one, ["b", "a", "c/z", "c/a"]), (two, ["c/a", "a", "c/z", "b"])):
        for name in names:  # created in different orders
            _write(folder / f"{name}.txt", f"Text of {name}.")
    ids = [a.id for a in load_corpus(one).articles]
    assert ids == ["a", "b", "c/a", "c/z"] == [a.id for a in load_corpus(two).articles]
    both = load_corpus([two / "c", one])  # paths in the order given
    assert [a.id for a in both.articles] == ["a", "z", "a~2", "b", "c/a", "c/z"]


# ----------------------------------------------------------------------------- problems


def test_duplicate_ids_are_kept_and_named(tmp_path: Path) -> None:
    a = _write(
        tmp_path / "a.jsonl", _jsonl({"id": "same", "text": "one"}, {"id": "same", "text": "two"})
    )
    b = _write(tmp_path / "b.jsonl", _jsonl({"id": "same", "text": "three"}))
    corpus = load_corpus([a, b])
    assert [(x.id, x.text) for x in corpus.articles] == [
        ("same", "one"),
        ("same~2", "two"),
        ("same~3", "three"),
    ]
    assert [(p.where, p.article) for p in corpus.problems] == [
        (f"{a}:2", "same~2"),
        (f"{b}:1", "same~3"),
    ]
    for p in corpus.problems:
        assert "duplicate id 'same'" in p.message and f"{a}:1" in p.message


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_text_is_skipped_with_a_problem(tmp_path: Path, text: str) -> None:
    _write(tmp_path / "full.txt", "Something.")
    _write(tmp_path / "empty.txt", text)
    _write(tmp_path / "more.jsonl", _jsonl({"id": "j", "text": text}))
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["full"]
    assert [(p.where, p.article) for p in corpus.problems] == [
        (str(tmp_path / "empty.txt"), "empty"),
        (f"{tmp_path / 'more.jsonl'}:1", "j"),
    ]
    assert all(p.message.startswith("empty text: article skipped") for p in corpus.problems)


def test_record_without_text(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "c.jsonl",
        _jsonl(
            {"id": "a", "text": "ok"},
            {"id": "b", "title": "T"},
            {"id": "c", "text": ["x"]},
            {"id": "d", "text": None},
        ),
    )
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles] == ["a"]
    assert [p.article for p in corpus.problems] == ["b", "c", "d"]


@pytest.mark.parametrize(
    "data,text,problem",
    [
        ("caf\u00e9".encode(), "caf\u00e9", None),
        (b"\xef\xbb\xbfBOM text", "BOM text", None),
        (b"\xef\xbb\xbfid,text", "id,text", None),
        (
            b"line one\r\nline two\r\n",
            "line one\r\nline two\r\n",
            None,
        ),  # newlines kept as they are
        # Mostly UTF-8 (it holds valid non-ASCII) with two stray bytes: each becomes U+FFFD.
        (
            "caf\u00e9 ".encode() * 60 + b"bad \xff and \xfe here",
            "caf\u00e9 " * 60 + "bad \ufffd and \ufffd here",
            "2 bytes were not valid UTF-8 and were replaced with U+FFFD",
        ),
        # A cp1252 file: many bad bytes.
        (
            "Na\u00efve caf\u00e9 \u2013 r\u00e9sum\u00e9".encode("cp1252"),
            "Na\u00efve caf\u00e9 \u2013 r\u00e9sum\u00e9",
            "5 bytes were not valid UTF-8, so the file was read as cp1252",
        ),
        # ASCII with a stray Windows quote: no UTF-8 in it at all, so cp1252 however long it is.
        (
            b"It" + b"\x92" + b"s a long enough text. " * 50,
            "It\u2019" + "s a long enough text. " * 50,
            "1 byte was not valid UTF-8, so the file was read as cp1252",
        ),
        # A byte cp1252 lacks falls back to latin-1: still one character per byte.
        (
            b"odd \x81 byte \xe9",
            "odd \x81 byte \u00e9",
            "2 bytes were not valid UTF-8, so the file was read as cp1252",
        ),
    ],
)
def test_decoding(tmp_path: Path, data: bytes, text: str, problem: str | None) -> None:
    path = _write(tmp_path / "t.txt", data)
    corpus = load_corpus(path)
    (art,) = corpus.articles
    assert art.text == text
    if problem is None:
        assert corpus.problems == ()
    else:
        (p,) = corpus.problems
        assert (p.where, p.article) == (str(path), "t")
        assert p.message.startswith(problem)


def test_undecodable_jsonl_still_loads(tmp_path: Path) -> None:
    line = json.dumps({"id": "a", "text": "caf\u00e9 " * 50 + "end"}, ensure_ascii=False).encode()
    path = _write(tmp_path / "c.jsonl", line.replace(b"end", b"\xff\xfend") + b"\n")
    corpus = load_corpus(path)
    assert corpus.articles[0].text.endswith("\ufffd\ufffdnd")
    assert [p.where for p in corpus.problems] == [str(path)]


def test_published_given_unreadable_or_inferred(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "c.jsonl",
        _jsonl(
            {"id": "given", "text": "Published On 1 Jan 2020. Body.", "published": "2021-12-06"},
            {"id": "bad", "text": "Published On 1 Jan 2020. Body.", "published": "yesterday"},
            {"id": "blank", "text": "Posted 2021-12-06\nBody.", "published": ""},
            {"id": "none", "text": "Body with no date."},
        ),
    )
    corpus = load_corpus(path)
    got = {a.id: (a.published, a.published_inferred) for a in corpus.articles}
    assert got == {
        "given": ("2021-12-06", False),
        "bad": (None, False),
        "blank": ("2021-12-06", True),
        "none": (None, False),
    }
    assert corpus.articles[1].extra == {"published_raw": "yesterday"}
    (problem,) = corpus.problems
    assert (problem.where, problem.article) == (f"{path}:2", "bad")
    assert "'yesterday'" in problem.message


# ----------------------------------------------------------------------------- unusable input


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder") as err:
        load_corpus([tmp_path / "nope", tmp_path / "gone.jsonl"])
    for missing in (tmp_path / "nope", tmp_path / "gone.jsonl"):
        assert str(missing) in str(err.value)


def test_bad_suffix(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.pdf", b"%PDF")
    with pytest.raises(InputError, match=r"x\.pdf: not a folder or a \.txt"):
        load_corpus(path)


def test_folder_with_no_articles(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    _write(folder / "readme.pdf", b"%PDF")
    with pytest.raises(InputError) as err:
        load_corpus(f"{folder}/")
    message = str(err.value)
    assert message.startswith(
        f"no articles found in {folder}/: expected *.txt, *.md, *.jsonl, *.csv, *.json or *.parquet files"
    )
    assert "readme.pdf" in message  # the first problem says why


def test_iter_articles_streams_and_checks_paths_first(tmp_path: Path) -> None:
    good = _write(tmp_path / "a.jsonl", _jsonl({"text": "one"}, "oops", {"text": "two"}))
    with pytest.raises(InputError):
        iter_articles([good, tmp_path / "missing"], [])  # before any article is read
    problems: list[Problem] = []
    stream = iter_articles(str(good), problems)
    assert next(stream).text == "one" and problems == []
    assert next(stream).text == "two" and [p.where for p in problems] == [f"{good}:2"]
    assert next(stream, None) is None


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value,iso",
    [
        ("2021-12-06", "2021-12-06"),
        (" 2021-12-06 ", "2021-12-06"),
        ("20211206", "2021-12-06"),
        ("2021-12-06T14:30:00Z", "2021-12-06T14:30:00Z"),
        ("2021-12-06T14:30:00+01:00", "2021-12-06T14:30:00+01:00"),
        ("2021-12-06T14:30:00-0500", "2021-12-06T14:30:00-05:00"),
        ("2021-12-06T14:30:00.250Z", "2021-12-06T14:30:00.250000Z"),
        ("2021-12-06 14:30", "2021-12-06T14:30:00"),
        ("Dec 6, 2021", "2021-12-06"),
        ("December 6, 2021", "2021-12-06"),
        ("6 December 2021", "2021-12-06"),
        ("6th Dec. 2021", "2021-12-06"),
        ("Monday, December 6, 2021", "2021-12-06"),
        ("December 6, 2021 10:30 PM", "2021-12-06T22:30:00"),
        ("Dec 6, 2021 12:05 a.m.", "2021-12-06T00:05:00"),
        ("Mon, 06 Dec 2021 14:30:00 GMT", "2021-12-06T14:30:00Z"),
        ("Mon, 06 Dec 2021 14:30:00 +0100", "2021-12-06T14:30:00+01:00"),
        ("2021/12/06", "2021-12-06"),
        (1638801000, "2021-12-06T14:30:00Z"),
        ("1638801000", "2021-12-06T14:30:00Z"),
        (1638801000000, "2021-12-06T14:30:00Z"),  # milliseconds
        ("20211206T143000Z", "2021-12-06T14:30:00Z"),  # the basic form with a time
        ("20211206143000", "2021-12-06T14:30:00"),  # GDELT's
        ("6 décembre 2021", "2021-12-06"),
        ("1er décembre 2021", "2021-12-01"),
        ("6 de diciembre de 2021", "2021-12-06"),
        ("6 de dezembro de 2021", "2021-12-06"),
        ("6. Dezember 2021 14:30", "2021-12-06T14:30:00"),
        ("6 dicembre 2021", "2021-12-06"),
        ("6 mei 2021", "2021-05-06"),
        ("06.12.2021", "2021-12-06"),  # points: the day first
        ("6.12.2021 14:30", "2021-12-06T14:30:00"),
        ("2021年12月6日", "2021-12-06"),
        ("2021年12月6日 14:30", "2021-12-06T14:30:00"),
        ("2021년 12월 6일", "2021-12-06"),
        ("31.02.2021", None),
        ("6 décembre", None),
        ("next Tuesday", None),
        ("2021-13-45", None),
        ("Feb 30, 2021", None),
        ("12/06/2021", None),  # day and month order unknown
        ("13:00 PM Dec 6, 2021", None),
        ("", None),
        (None, None),
        (True, None),
        (float("nan"), None),
    ],
)
def test_parse_published(value: object, iso: str | None) -> None:
    assert parse_published(value) == iso


@pytest.mark.parametrize(
    "text,iso",
    [
        ("Title\n\nPublished On 6 Dec 2021\n\nBody", "2021-12-06"),
        (" date 2021-12-29 A senior official said", "2021-12-29"),
        ("Posted: December 6, 2021 10:30 AM\nBody", "2021-12-06T10:30:00"),
        ("Published: December 6, 2021 10:30 AM\n10:45 the next item", "2021-12-06T10:30:00"),
        ("By Kim Lee | Posted 2021-12-06\nBody", "2021-12-06"),
        ("Published\n6 December 2021\nBody", "2021-12-06"),
        ("Updated 7 Dec 2021. Published 6 Dec 2021. Body", "2021-12-06"),
        ("Updated 7 Dec 2021. Body", "2021-12-07"),
        ("Last updated: Monday, 6 December 2021\nBody", "2021-12-06"),
        ("Date: 2021-12-06 ... Posted 2021-12-01", "2021-12-06"),  # the first of equals
        ("Photos created on December 6, 2021, show the president.", None),
        ("The summit of December 6, 2021 was published widely.", None),
        ("It was kept up-to-date 2021-12-06 by staff.", None),
        ("x" * 700 + " Published On 6 Dec 2021", None),  # beyond the start of the text
        ("No date at all.", None),
        ("Published On 31 Feb 2021", None),
    ],
)
def test_infer_published(text: str, iso: str | None) -> None:
    assert infer_published(text) == iso
