"""Hostile and unusual input: encodings, binary files, compression, broken CSV quoting,
pretty-printed JSON Lines, folders with links, FIFOs, devices, hidden and unreadable entries,
lone surrogates, articles too large. Each case is read or skipped with a Problem, never silently,
never with an exception."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from reuse.corpus import load_corpus
from reuse.errors import InputError

TEXT = (
    "The minister said on Monday that the new budget would raise spending on schools and "
    "hospitals by four per cent, the largest increase in a decade."
)


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _messages(corpus) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in corpus.problems]


# ----------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding,bom",
    [
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
        ("utf-32-be", b"\x00\x00\xfe\xff"),
    ],
)
def test_byte_order_marks_are_honoured(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = TEXT + " Caf\u00e9 \u201cquoted\u201d \u2013 na\u00efve."
    path = _write(tmp_path / "a.txt", bom + text.encode(encoding))
    corpus = load_corpus(path)
    assert corpus.articles[0].text == text
    assert corpus.problems == ()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_wide_encodings_without_bom_are_recognised(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path / "a.txt", TEXT.encode(encoding))
    corpus = load_corpus(path)
    assert corpus.articles[0].text == TEXT  # not NUL-interleaved
    (problem,) = corpus.problems
    assert "without a byte-order mark" in problem.message and problem.where == str(path)


def test_utf16_jsonl_with_bom(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": f"a{i}", "text": TEXT}) + "\n" for i in range(3))
    path = _write(tmp_path / "c.jsonl", b"\xff\xfe" + lines.encode("utf-16-le"))
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles] == ["a0", "a1", "a2"] and corpus.problems == ()


def test_legacy_encoding_named_by_charset_detection(tmp_path: Path) -> None:
    text = (
        "\u042d\u0442\u043e \u0440\u0443\u0441\u0441\u043a\u0438\u0439 \u0442\u0435\u043a\u0441\u0442 "
        "\u0432 \u043a\u043e\u0434\u0438\u0440\u043e\u0432\u043a\u0435, \u0441\u0442\u0430\u0442\u044c\u044f "
        "\u0438\u0437 \u0433\u0430\u0437\u0435\u0442\u044b \u043e \u0431\u044e\u0434\u0436\u0435\u0442\u0435."
    )
    path = _write(tmp_path / "ru.txt", text.encode("koi8_r"))
    corpus = load_corpus(path)
    assert corpus.articles[0].text == text
    assert "read as koi8_r" in corpus.problems[0].message


_CJK_TEXTS = {
    "zh": "国务院总理2日主持召开国务院常务会议，听取关于今年以来安全生产工作情况的汇报，研究部署进一步加强冬季安全生产工作。",
    "zh-hant": "行政院今天召開會議，討論明年度總預算案，並要求各部會加強防災準備工作。",
    "ja": "政府は10日、首相官邸で閣議を開き、来年度の予算案の編成方針を決定した。防衛費の増額や少子化対策の強化を柱とする。",
    "ko": "정부는 10일 국무회의를 열고 내년도 예산안 편성 방침을 확정했다. 국방비 증액과 저출산 대책 강화가 핵심이다.",
}


@pytest.mark.parametrize(
    ("language", "encoding"),
    [
        ("zh", "gb18030"),
        ("zh", "gbk"),
        ("zh-hant", "big5"),
        ("ja", "shift_jis"),
        ("ja", "euc_jp"),
        ("ko", "euc_kr"),
    ],
)
def test_chinese_japanese_and_korean_legacy_encodings_are_read(
    tmp_path: Path, language: str, encoding: str
) -> None:
    """The detector names these encodings but gives them no coherence; they were read as
    cp1252 (mojibake, so nothing matched) until a guess that decodes was trusted."""
    text = _CJK_TEXTS[language]
    path = _write(tmp_path / "a.txt", text.encode(encoding))
    corpus = load_corpus(path)
    assert corpus.articles[0].text == text
    (problem,) = corpus.problems
    assert "cp1252" not in problem.message and problem.where == str(path)


# ----------------------------------------------------------------------------- binary files


@pytest.mark.parametrize(
    "data,what",
    [
        (b"\x7fELF\x02\x01\x01" + bytes(200), "ELF executable"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"some text\x00\x00\x01\x02 more" * 20, "NUL bytes"),
        (bytes(range(1, 9)) * 200, "control bytes"),
    ],
)
def test_binary_files_are_skipped_with_a_problem(tmp_path: Path, data: bytes, what: str) -> None:
    _write(tmp_path / "good.txt", TEXT)
    bad = _write(tmp_path / "bad.txt", data)
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["good"]
    (problem,) = corpus.problems
    assert problem.where == str(bad) and what in problem.message and "skipped" in problem.message


def test_a_stray_nul_in_a_text_file_costs_no_article(tmp_path: Path) -> None:
    """One NUL byte in the first 64 KB of a CSV or JSON Lines file used to make the whole file
    binary (all its articles lost), and a raw NUL inside a JSON string fails the parser: it
    is replaced with U+FFFD, one character for one byte, with a problem naming where."""
    texts = [
        f"Story {k}: the harbour road stays closed for a week as officials say." for k in range(6)
    ]
    rows = "id,text\n" + "".join(f"a{k},{t}\n" for k, t in enumerate(texts))
    csv_file = _write(tmp_path / "c" / "nul.csv", rows.replace("Story 2:", "Story 2:\x00").encode())
    lines = "".join(json.dumps({"id": f"a{k}", "text": t}) + "\n" for k, t in enumerate(texts))
    jsonl = _write(tmp_path / "j" / "nul.jsonl", lines.replace("Story 3:", "Story\x00 3:").encode())
    plain = _write(tmp_path / "t" / "nul.txt", (TEXT * 20).encode() + b"\x00" + TEXT.encode())
    for path, line in ((csv_file, 4), (jsonl, 4), (plain, None)):
        corpus = load_corpus(path)
        assert len(corpus.articles) == (1 if path is plain else 6)
        (problem,) = corpus.problems
        assert "1 NUL byte" in problem.message and "replaced with U+FFFD" in problem.message
        if line:
            assert f"the first on line {line}" in problem.message
    assert load_corpus(jsonl).problems[0].where == str(jsonl)
    (story,) = [a for a in load_corpus(csv_file).articles if a.id == "a2"]
    assert story.text == texts[2].replace("Story 2:", "Story 2:\ufffd")
    assert load_corpus(plain).articles[0].text == TEXT * 20 + "\ufffd" + TEXT


def test_real_executables_saved_as_text_are_not_articles(tmp_path: Path) -> None:
    for name in ("ls", "cp", "mv"):
        binary = shutil.which(name)
        assert binary is not None
        shutil.copyfile(binary, tmp_path / f"{name}.txt")
    _write(tmp_path / "news.txt", TEXT)
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["news"]
    assert len(corpus.problems) == 3 and all("not text" in p.message for p in corpus.problems)


# ----------------------------------------------------------------------------- compression


@pytest.mark.parametrize(
    "suffix,compress",
    [
        (".gz", gzip.compress),
        (".bz2", bz2.compress),
        (".xz", lzma.compress),
    ],
)
def test_compressed_files_are_read_as_their_inner_kind(
    tmp_path: Path, suffix: str, compress
) -> None:  # type: ignore[no-untyped-def]
    lines = "".join(json.dumps({"id": f"a{i}", "text": TEXT}) + "\n" for i in range(2))
    _write(tmp_path / f"c.jsonl{suffix}", compress(lines.encode()))
    _write(tmp_path / f"note.txt{suffix}", compress(TEXT.encode()))
    _write(tmp_path / f"t.csv{suffix}", compress(f'id,text\nr1,"{TEXT}"\n'.encode()))
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a0", "a1", "note", "r1"]
    assert corpus.problems == ()
    direct = load_corpus(tmp_path / f"c.jsonl{suffix}")
    assert [a.id for a in direct.articles] == ["a0", "a1"]


def test_damaged_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    """Every whole line that can be decompressed before the damage is kept (gzip.open drops
    what a read call decompressed when it meets the damage: a megabyte of lines, or all of a
    small file), and the problem says after which line the file was cut."""
    import zlib

    lines = "".join(json.dumps({"id": f"a{i}", "text": TEXT * 20}) + "\n" for i in range(200))
    data = gzip.compress(lines.encode())
    for cut in (len(data) // 2, len(data) * 4 // 5):
        path = _write(tmp_path / f"c{cut}.jsonl.gz", data[:cut])
        readable = zlib.decompressobj(wbits=31).decompress(data[:cut]).count(b"\n")
        corpus = load_corpus(path)
        assert [a.id for a in corpus.articles] == [f"a{i}" for i in range(readable)]
        (problem,) = corpus.problems
        assert f"after line {readable}" in problem.message
        assert "the rest of the file was skipped" in problem.message
    # A file of two articles, cut in the second: the first is kept.
    two = "".join(json.dumps({"id": f"b{i}", "text": TEXT * (3 + 5 * i)}) + "\n" for i in range(2))
    data = gzip.compress(two.encode())
    corpus = load_corpus(_write(tmp_path / "two.jsonl.gz", data[: len(data) * 9 // 10]))
    assert [a.id for a in corpus.articles] == ["b0"]


def test_damaged_compressed_text_file_keeps_its_text_with_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    data = gzip.compress((TEXT * 50).encode())
    _write(folder / "cut.txt.gz", data[: len(data) * 4 // 5])
    _write(folder / "whole.txt", TEXT * 10)
    corpus = load_corpus(folder)
    texts = {a.id: a.text for a in corpus.articles}
    assert texts["whole"] == TEXT * 10
    assert 0 < len(texts["cut"]) < len(TEXT * 50) and (TEXT * 50).startswith(texts["cut"])
    (problem,) = corpus.problems
    assert "damaged" in problem.message and "kept" in problem.message


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz"])
def test_compressed_files_of_several_streams_are_read_whole(tmp_path: Path, suffix: str) -> None:
    import bz2
    import lzma

    compress = {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress}[suffix]
    first = "".join(json.dumps({"id": f"a{i}", "text": TEXT}) + "\n" for i in range(3))
    second = "".join(json.dumps({"id": f"b{i}", "text": TEXT}) + "\n" for i in range(2))
    for padding in (b"", b"\0" * 70_000):  # zeros may pad a file between streams and after
        path = _write(
            tmp_path / f"c{len(padding)}.jsonl{suffix}",
            compress(first.encode()) + padding + compress(second.encode()) + padding,
        )
        corpus = load_corpus(path)
        assert [a.id for a in corpus.articles] == ["a0", "a1", "a2", "b0", "b1"]
        assert not corpus.problems


def test_a_compressed_run_of_zeros_is_decompressed_a_step_at_a_time(tmp_path: Path) -> None:
    """200 MB of zeros in 177 bytes of bzip2: a read of one megabyte does not make them all."""
    import bz2
    import tracemalloc

    from reuse.corpus.decoding import open_binary

    path = _write(tmp_path / "z.txt.bz2", bz2.compress(b"\0" * (200 << 20)))
    tracemalloc.start()
    try:
        with open_binary(path) as f:
            assert f.read(1 << 20) == b"\0" * (1 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 << 20


# ----------------------------------------------------------------------------- CSV quoting


def _csv_rows(n: int, broken: int, quote_others: bool) -> str:
    rows = ["id,text,published"]
    for i in range(n):
        body = f"Story number {i} about the harbour strike and the talks."
        if i == broken:
            rows.append(f'r{i},"{body} An unclosed quotation,2021-12-0{1 + i % 9}')
        elif quote_others:
            rows.append(f'r{i},"{body}",2021-12-0{1 + i % 9}')
        else:
            rows.append(f"r{i},{body},2021-12-0{1 + i % 9}")
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("quote_others", [False, True])
def test_csv_with_an_unclosed_quote_is_not_merged(tmp_path: Path, quote_others: bool) -> None:
    path = _write(tmp_path / "c.csv", _csv_rows(200, broken=5, quote_others=quote_others))
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles] == [f"r{i}" for i in range(200)]
    (problem,) = corpus.problems
    assert problem.where == f"{path}:7" and "quoting of this row is broken" in problem.message
    assert corpus.articles[6].text == "Story number 6 about the harbour strike and the talks."


def test_csv_multiline_cells_still_read_whole(tmp_path: Path) -> None:
    body = "First paragraph, with commas, here.\nSecond paragraph, also, with commas.\nThird."
    data = "id,text,outlet\n" + "".join(f'r{i},"{body}",Paper {i}\n' for i in range(4))
    corpus = load_corpus(_write(tmp_path / "c.csv", data))
    assert [a.text for a in corpus.articles] == [body] * 4 and corpus.problems == ()


def test_csv_quote_in_the_middle_of_a_cell_is_read_leniently(tmp_path: Path) -> None:
    data = 'id,text\nr1,"He said" that it was fine\nr2,Plain text here\n'
    corpus = load_corpus(_write(tmp_path / "c.csv", data))
    assert [a.id for a in corpus.articles] == ["r1", "r2"]
    assert corpus.articles[0].text == "He said that it was fine"
    assert "read leniently" in corpus.problems[0].message


# ----------------------------------------------------------------------------- JSON Lines


def test_pretty_printed_json_in_a_jsonl_file_is_read_with_a_hint(tmp_path: Path) -> None:
    doc = [{"id": "a", "text": TEXT}, {"id": "b", "text": TEXT + " Again."}]
    path = _write(tmp_path / "c.jsonl", json.dumps(doc, indent=2))
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles] == ["a", "b"]
    assert any("pretty-printed" in p.message for p in corpus.problems)


def test_a_line_longer_than_the_article_limit_is_skipped(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "small", "text": TEXT}),
        json.dumps({"id": "huge", "text": "word " * 2_000}),
        json.dumps({"id": "after", "text": TEXT}),
    ]
    path = _write(tmp_path / "c.jsonl", "\n".join(lines) + "\n")
    corpus = load_corpus(path, max_article_chars=1_000)
    assert [a.id for a in corpus.articles] == ["small", "after"]
    assert any(p.where == f"{path}:2" for p in corpus.problems)


def test_an_article_over_the_limit_is_skipped_with_a_problem(tmp_path: Path) -> None:
    _write(tmp_path / "big.txt", "word " * 10_000)
    _write(tmp_path / "small.txt", TEXT)
    corpus = load_corpus(tmp_path, max_article_chars=20_000)
    assert [a.id for a in corpus.articles] == ["small"]
    (problem,) = corpus.problems
    assert problem.article == "big" and "max-article-chars" in problem.message


def test_lone_surrogates_are_repaired_with_a_problem(tmp_path: Path) -> None:
    line = (
        '{"id": "x\\ud83d", "text": "Truncated emoji \\ud83d here and \\udc00 there. ' + TEXT + '"}'
    )
    path = _write(tmp_path / "c.jsonl", line + "\n")
    corpus = load_corpus(path)
    (art,) = corpus.articles
    assert art.id == "x\ufffd" and art.text.startswith(
        "Truncated emoji \ufffd here and \ufffd there."
    )
    art.text.encode("utf-8")  # writable
    assert sorted(p.message.split(" (")[0] for p in corpus.problems) == [
        "1 lone surrogate",
        "2 lone surrogates",
    ]


def test_dates_as_numbers_and_in_the_future(tmp_path: Path) -> None:
    lines = [
        {"id": "n", "text": TEXT, "published": 20211206},
        {"id": "f", "text": TEXT, "published": "2099-01-01"},
    ]
    corpus = load_corpus(_write(tmp_path / "c.jsonl", "".join(json.dumps(x) + "\n" for x in lines)))
    by_id = {a.id: a for a in corpus.articles}
    assert by_id["n"].published == "2021-12-06"
    assert by_id["f"].published is None and by_id["f"].extra["published_raw"] == "2099-01-01"
    (problem,) = corpus.problems
    assert problem.article == "f" and "in the future" in problem.message


# ----------------------------------------------------------------------------- folders


def test_hidden_files_are_listed_not_silently_dropped(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", TEXT)
    _write(tmp_path / ".b.txt", TEXT)
    _write(tmp_path / ".git" / "c.txt", TEXT)
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a"]
    (problem,) = corpus.problems
    assert "2 hidden files or folders" in problem.message
    assert ".b.txt" in problem.message and ".git" in problem.message


def test_symlinked_folder_is_followed_once_and_loops_are_not(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    _write(corpus_dir / "a.txt", TEXT)
    _write(tmp_path / "elsewhere" / "b.txt", TEXT)
    (corpus_dir / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (corpus_dir / "loop").symlink_to(corpus_dir, target_is_directory=True)
    (corpus_dir / "again").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    corpus = load_corpus(corpus_dir)
    assert [a.id for a in corpus.articles] == ["a", "again/b"]
    messages = " | ".join(_messages(corpus))
    assert "followed" in messages and messages.count("not read again") == 2


def test_broken_link_is_named(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", TEXT)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a"]
    assert "broken symbolic link" in corpus.problems[0].message


def test_fifo_and_device_are_skipped_without_waiting(tmp_path: Path) -> None:
    """A FIFO named .txt waits forever when opened, /dev/zero never ends: the run must neither
    hang nor fill memory. Run in a subprocess with a timeout."""
    _write(tmp_path / "a.txt", TEXT)
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "direct.jsonl")
    code = (
        "import sys; from reuse.corpus import load_corpus; "
        "c = load_corpus(sys.argv[1]); print([a.id for a in c.articles]); "
        "[print(p) for p in c.problems]"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "['a']"
    assert any("pipe.txt" in line and "FIFO" in line for line in lines)
    assert any("zero.txt" in line and "character device" in line for line in lines)
    assert any("direct.jsonl" in line and "FIFO" in line for line in lines)


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder every user can enter, for tests that read as an unprivileged user."""
    path = Path(tempfile.mkdtemp(prefix="newsreuse-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for root, dirs, _ in os.walk(path):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(path)


def drop_root(code: str) -> str:
    """`code` run by an unprivileged user when the tests run as root (permissions do not stop
    root). The interpreter lives where only root may go, so the child drops root itself, after
    its imports."""
    if os.geteuid() != 0:
        return code
    return "import os, charset_normalizer; os.setgid(65534); os.setuid(65534)\n" + code


def test_unreadable_folder_and_file_are_named(shared_tmp: Path) -> None:
    _write(shared_tmp / "a.txt", TEXT)
    _write(shared_tmp / "locked" / "b.txt", TEXT)
    _write(shared_tmp / "secret.txt", TEXT)
    for p in (shared_tmp / "a.txt", shared_tmp / "locked" / "b.txt"):
        p.chmod(0o644)
    (shared_tmp / "locked").chmod(0o000)
    (shared_tmp / "secret.txt").chmod(0o000)
    code = "import sys\nfrom reuse.corpus import load_corpus\n" + drop_root(
        "c = load_corpus(sys.argv[1]); print([a.id for a in c.articles]); "
        "[print(p) for p in c.problems]"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(shared_tmp)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "['a']"
    assert any("locked" in line and "cannot list the folder" in line for line in lines)
    assert any("secret.txt" in line and "cannot read the file" in line for line in lines)


def test_a_folder_of_nothing_readable_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path / "bin.txt", b"\x7fELF" + bytes(100))
    with pytest.raises(InputError, match="no articles found") as err:
        load_corpus(tmp_path)
    assert "ELF" in str(err.value)


def test_undecodable_bytes_in_several_json_lines_say_whose_count_it_is(tmp_path: Path) -> None:
    """The problem counts the bytes of the first such line: it said "1 byte ... (in 3 lines)",
    which reads as one byte in all."""
    path = _write(
        tmp_path / "lat.jsonl",
        b'{"id":"a","text":"caf\xe9 one"}\n{"id":"b","text":"caf\xe9 two"}\n'
        b'{"id":"c","text":"na\xefve \xe9"}\n',
    )
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles] == ["a", "b", "c"]
    (problem,) = corpus.problems
    assert "(the count is of line 1, the first of 3 lines with such bytes)" in problem.message


def test_a_nul_neither_sways_a_legacy_encoding_nor_makes_a_short_file_binary(
    tmp_path: Path,
) -> None:
    """The NUL is replaced after decoding: replaced before, its U+FFFD bytes made a cp1252 file
    look like cp775 ("café" read as "cafķ"). A short text with one NUL is text, and a JSON Lines
    file with a NUL in every line gives one problem, not one a line."""
    latin = _write(tmp_path / "l" / "latin.txt", b"Le caf\xe9 du coin ferme\x00 ses portes. " * 3)
    (article,) = load_corpus(latin).articles
    assert article.text.startswith("Le café du coin ferme\ufffd ses portes.")
    short = _write(tmp_path / "s" / "short.txt", b"A short note on the harbour\x00 road closing.")
    assert load_corpus(short).articles[0].text.endswith("harbour\ufffd road closing.")
    rows = b"".join(
        b'{"id": "a%d", "text": "Line %d of the story\x00 here."}\n' % (k, k) for k in range(50)
    )
    many = _write(tmp_path / "j" / "many.jsonl", rows)
    corpus = load_corpus(many)
    assert len(corpus.articles) == 50
    (problem,) = corpus.problems
    assert "50 NUL bytes (the first on line 1, in 50 lines)" in problem.message
