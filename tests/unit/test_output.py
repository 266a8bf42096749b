"""Where reports go and how they are written: `check_output` before the run, atomic writes,
permissions, special files, clear errors; and text that cannot be written (lone surrogates,
controls) never stopping a writer.

The suite runs as root, which `chmod` does not stop: a read-only place is /sys (sysfs refuses to
create files, even for root) and, where `mount` works, a read-only tmpfs; a full disk is
/dev/full and, where `mount` works, a tiny tmpfs.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Optional

import pytest
from conftest import HOSTILE, build_hand_report, hostile_report
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from reuse import reports
from reuse.errors import OutputError, ReportFormatError
from reuse.reports import csv_report, output, sqlite_report

ALL = [
    ("text", "r.txt"),
    ("json", "r.json"),
    ("html", "r.html"),
    ("markdown", "r.md"),
    ("csv", "r.zip"),
    ("csv", "folder"),
    ("sqlite", "r.sqlite"),
    ("passim", "r.jsonl"),
    ("parquet", "r.parquet"),
]
TEXT_FORMATS = ["text", "json", "html", "markdown", "passim"]


def _leftovers(folder: Path) -> list[str]:
    """Temporaries a writer left in `folder` (they are hidden: `.name.XXXX.tmp`)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# ---- check_output ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, name", ALL)
def test_check_output_accepts_a_new_file_in_a_folder(tmp_path: Path, fmt: str, name: str) -> None:
    reports.check_output(tmp_path / name, fmt, [tmp_path / "corpus.jsonl"])
    assert _leftovers(tmp_path) == []  # the probe file is gone


@pytest.mark.parametrize(
    "target, fmt, message",
    [
        ("missing/r.json", "json", "does not exist"),
        ("afile/r.json", "json", "is not a folder"),
        ("adir", "json", "is a folder"),
        ("adir", "html", "report.html"),
        ("adir.zip", "csv", "is a folder"),
        ("afile", "csv", "is a file"),
        ("r.csv", "csv", "folder of CSV files"),
        ("notreport", "csv", "other things than a report"),
        ("", "json", "empty"),
    ],
)
def test_check_output_refuses_wrong_places(
    tmp_path: Path, target: str, fmt: str, message: str
) -> None:
    (tmp_path / "afile").write_text("x")
    (tmp_path / "adir").mkdir()
    (tmp_path / "adir.zip").mkdir()
    (tmp_path / "notreport").mkdir()
    (tmp_path / "notreport" / "thesis.docx").write_text("years of work")
    path = str(tmp_path / target) if target else ""
    with pytest.raises(OutputError, match=message) as err:
        reports.check_output(path, fmt, [])
    if target:
        assert str(tmp_path / target) in str(err.value) or "folder" in str(err.value)
    assert isinstance(err.value, ReportFormatError)  # the CLI's existing handler catches it


def test_check_output_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ReportFormatError, match="nope"):
        reports.check_output(tmp_path / "r.json", "nope", [])


def test_check_output_read_only_place() -> None:
    # sysfs refuses new files even to root, where os.access says yes: the probe knows better.
    assert os.geteuid() != 0 or os.access("/sys", os.W_OK)
    with pytest.raises(OutputError, match=r"/sys/report\.json: Permission denied; choose"):
        reports.check_output("/sys/report.json", "json", [])


def test_check_output_in_a_folder_that_takes_no_files() -> None:
    # procfs says "no such file" when a file is made in a folder that exists: the message must
    # not tell the user to create a folder that is already there.
    for path in ("/proc/version", "/proc/report.json"):
        with pytest.raises(OutputError, match=r"the folder /proc takes no new files") as err:
            reports.check_output(path, "json", [])
        assert "create the folder" not in str(err.value)


@pytest.mark.parametrize("special", ["/dev/null", "/dev/full", "/dev/stdout"])
@pytest.mark.parametrize("fmt", ["text", "csv", "sqlite"])
def test_check_output_accepts_special_files(special: str, fmt: str) -> None:
    reports.check_output(special, fmt, ["/dev/null"])


def test_check_output_accepts_an_old_csv_report_folder(tmp_path: Path) -> None:
    out = tmp_path / "old"
    reports.write(build_hand_report(), "csv", out)
    reports.check_output(out, "csv", [])
    (tmp_path / "empty").mkdir()
    reports.check_output(tmp_path / "empty", "csv", [])


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("An article.", encoding="utf-8")
    (tmp_path / "one.jsonl").write_text('{"id": "x", "text": "An article."}\n', encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to(tmp_path / "one.jsonl")
    os.link(tmp_path / "one.jsonl", tmp_path / "hard.jsonl")
    (tmp_path / "corpuslink").symlink_to(folder)
    return folder


@pytest.mark.parametrize(
    "target, fmt, inputs, message",
    [
        ("one.jsonl", "passim", ["one.jsonl"], "is an input of this run"),
        ("link.jsonl", "passim", ["one.jsonl"], "is an input of this run"),  # through a symlink
        ("one.jsonl", "passim", ["link.jsonl"], "is an input of this run"),
        ("hard.jsonl", "passim", ["one.jsonl"], "is an input of this run"),  # a hard link
        ("corpus/a.txt", "text", ["corpus"], "is an input|inside the corpus folder"),
        ("corpus/report.txt", "text", ["corpus"], "inside the corpus folder"),
        ("corpus/sub/report.md", "markdown", ["corpus"], "inside the corpus folder"),
        ("corpus/report.html", "html", ["corpus"], "inside the corpus folder"),
        ("corpus/r.zip", "csv", ["corpus"], "inside the corpus folder"),
        ("corpuslink/report.json", "json", ["corpus"], "inside the corpus folder"),
        ("corpus/report.json", "json", ["corpuslink"], "inside the corpus folder"),
        ("corpus/.hidden.json", "json", ["corpus"], "inside the corpus folder"),
        ("corpus", "csv", ["corpus"], "is an input of this run"),
        (".", "csv", ["corpus"], "lies inside the output folder"),
    ],
)
def test_check_output_refuses_to_touch_the_corpus(
    tmp_path: Path, target: str, fmt: str, inputs: list[str], message: str
) -> None:
    _corpus(tmp_path)
    with pytest.raises(OutputError, match=message):
        reports.check_output(tmp_path / target, fmt, [tmp_path / i for i in inputs])


def test_check_output_refuses_a_csv_folder_holding_the_corpus(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "articles.csv").write_text("id,text\nx,An article.\n", encoding="utf-8")
    with pytest.raises(OutputError, match=r"is an input|lies inside the output folder"):
        reports.check_output(out, "csv", [out / "articles.csv"])


def test_check_output_allows_a_report_next_to_a_corpus_file(tmp_path: Path) -> None:
    _corpus(tmp_path)
    reports.check_output(
        tmp_path / "report.json",
        "json",
        [tmp_path / "one.jsonl", tmp_path / "corpus", tmp_path / "gone.jsonl"],
    )


# ---- atomic writing --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, name", ALL)
def test_write_replaces_and_leaves_no_temporaries(tmp_path: Path, fmt: str, name: str) -> None:
    target = tmp_path / name
    reports.write(build_hand_report(), fmt, target)
    first = _snapshot(target)
    reports.write(build_hand_report(), fmt, target)  # over the previous report
    assert _snapshot(target) == first or fmt == "sqlite"
    assert _leftovers(tmp_path) == []


def _snapshot(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return {path.name: path.read_bytes()}


@pytest.mark.parametrize("fmt, name", ALL)
def test_permissions_follow_the_umask(tmp_path: Path, fmt: str, name: str) -> None:
    target = tmp_path / name
    old = os.umask(0o027)
    try:
        reports.write(build_hand_report(), fmt, target)
    finally:
        os.umask(old)
    files = sorted(target.iterdir()) if target.is_dir() else [target]
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o640, f
    if target.is_dir():
        assert stat.S_IMODE(target.stat().st_mode) == 0o750


def test_replacing_a_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text("old")
    target.chmod(0o600)
    reports.write(build_hand_report(), "html", target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_write_through_a_symlink_replaces_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    reports.write(build_hand_report(), "json", link)
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("{")


class _Interrupt(KeyboardInterrupt):
    pass


def _interrupt(*args: object, **kwargs: object) -> None:
    raise _Interrupt()


@pytest.mark.parametrize("fmt, name", ALL)
def test_ctrl_c_while_writing_keeps_the_old_report(
    tmp_path: Path, fmt: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / name
    reports.write(build_hand_report(), fmt, target)
    before = _snapshot(target)
    # Interrupted after the new report is written in full, just before it is moved into place.
    monkeypatch.setattr(output, "_fsync", _interrupt)
    with pytest.raises(_Interrupt):
        reports.write(hostile_report(), fmt, target)
    assert _snapshot(target) == before
    assert _leftovers(tmp_path) == []


def test_ctrl_c_inside_the_sqlite_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.sqlite"
    reports.write(build_hand_report(), "sqlite", target)
    before = target.read_bytes()
    monkeypatch.setattr(sqlite_report, "fill", _interrupt)
    with pytest.raises(_Interrupt):
        reports.write(build_hand_report(), "sqlite", target)
    assert target.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_ctrl_c_while_zipping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.zip"
    reports.write(build_hand_report(), "csv", target)
    before = target.read_bytes()
    real_write = csv_report._write_zip

    def half(files: dict[str, str], path: Path) -> None:
        real_write(dict(list(files.items())[:2]), path)
        raise _Interrupt()

    monkeypatch.setattr(csv_report, "_write_zip", half)
    with pytest.raises(_Interrupt):
        reports.write(build_hand_report(), "csv", target)
    assert target.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_a_csv_folder_is_never_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report"
    reports.write(build_hand_report(), "csv", target)
    before = _snapshot(target)
    calls: list[str] = []
    original = Path.write_bytes

    def patched(self: Path, data: bytes) -> int:  # the disk fills up at the fourth table
        calls.append(self.name)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", patched)
    with pytest.raises(OutputError, match="No space left on device"):
        reports.write(hostile_report(), "csv", target)
    monkeypatch.undo()
    assert _snapshot(target) == before
    assert _leftovers(tmp_path) == []


def test_a_csv_folder_with_other_files_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    with pytest.raises(OutputError, match=r"notes\.txt"):
        reports.write(build_hand_report(), "csv", target)
    assert (target / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


# ---- errors while writing --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "html", "markdown", "csv", "sqlite", "passim"])
def test_dev_full_is_a_clear_error_and_leaves_nothing(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where a special file's copy is made
    with pytest.raises(OutputError) as err:
        reports.write(build_hand_report(), fmt, "/dev/full")
    assert str(err.value) == (
        "cannot write the report to /dev/full: No space left on device; "
        "free some space or write the report to another disk"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt, name", ALL)
def test_missing_folder_is_a_clear_error(tmp_path: Path, fmt: str, name: str) -> None:
    target = tmp_path / "missing" / name
    with pytest.raises(
        OutputError, match=f"{target}: No such file or directory; create the folder first"
    ):
        reports.write(build_hand_report(), fmt, target)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt, name", ALL)
def test_read_only_place_is_a_clear_error(fmt: str, name: str) -> None:
    with pytest.raises(OutputError, match=r"/sys/.*: (Permission denied|Operation not permitted)"):
        reports.write(build_hand_report(), fmt, Path("/sys") / name)


@pytest.mark.parametrize("fmt", ["json", "html", "sqlite", "csv"])
def test_special_files_are_written_directly(fmt: str, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        reports.write(build_hand_report(), fmt, fifo)
        data = reader.communicate(timeout=30)[0]
    finally:
        reader.kill()
        reader.wait()
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the FIFO, not replaced by a file
    if fmt == "sqlite":
        assert data.startswith(b"SQLite format 3\x00")
    elif fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            assert "articles.csv" in zf.namelist()
    else:
        assert data == reports.render(build_hand_report(), fmt).encode("utf-8")
    reports.write(build_hand_report(), fmt, "/dev/null")


def test_stdout_redirected_to_a_file_is_written_through(tmp_path: Path) -> None:
    # As `newsreuse report ... -o /dev/stdout >> out.json` would: the shell's file, in append mode.
    out = tmp_path / "out.json"
    saved = os.dup(1)
    try:
        with open(out, "ab") as fh:
            fh.write(b"before\n")
            fh.flush()
            os.dup2(fh.fileno(), 1)
            reports.write(build_hand_report(), "json", "/dev/stdout")
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    # Written into, not replaced (the inode is the shell's) and not truncated (append kept).
    assert out.read_bytes() == b"before\n" + reports.render(build_hand_report(), "json").encode()
    assert _leftovers(tmp_path) == []


# ---- a real read-only and a real full file system, where mount works -------------------------


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    """A function mounting a tmpfs with the given options (or binding a folder) on a fresh
    folder; skips the test where mount is not allowed, and unmounts everything at the end."""
    points: list[Path] = []

    def mount(options: str, bind: Optional[Path] = None) -> Path:
        point = tmp_path / f"mnt{len(points)}"
        point.mkdir()
        args = ["--bind", str(bind)] if bind else ["-t", "tmpfs", "-o", options, "tmpfs"]
        done = subprocess.run(["mount", *args, str(point)], capture_output=True)
        if done.returncode != 0:
            pytest.skip("mount is not allowed here: " + done.stderr.decode(errors="replace"))
        points.append(point)
        return point

    yield mount
    for point in reversed(points):
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def test_read_only_mount(mounted: Callable[..., Path]) -> None:
    point = mounted("ro,size=64k")
    with pytest.raises(OutputError, match="Read-only file system; the file system is read-only"):
        reports.check_output(point / "r.json", "json", [])
    with pytest.raises(OutputError, match="Read-only file system"):
        reports.write(build_hand_report(), "json", point / "r.json")


@pytest.mark.parametrize("fmt, name", ALL)
def test_full_disk_keeps_the_old_report(mounted: Callable[..., Path], fmt: str, name: str) -> None:
    point = mounted("size=512k")
    target = point / name
    reports.write(build_hand_report(), fmt, target)
    before = _snapshot(target)
    with open(point / "filler", "wb", buffering=0) as fh:  # fill the disk to the last byte
        for size in (4096, 1):
            with pytest.raises(OSError):
                while True:
                    fh.write(b"\0" * size)
    with pytest.raises(OutputError, match=r"(No space left on device|disk is full)"):
        reports.write(hostile_report(), fmt, target)
    assert _snapshot(target) == before
    assert _leftovers(point) == []


@pytest.mark.parametrize("kind", ["tmpfs", "bind"])
def test_csv_folder_on_a_mount_point_is_written_in_place(
    mounted: Callable[..., Path], tmp_path: Path, kind: str
) -> None:
    # A mount point (say a container's volume) cannot be renamed aside: its files are replaced.
    source = tmp_path / "volume"
    source.mkdir()
    point = mounted("size=1m") if kind == "tmpfs" else mounted("", bind=source)
    reports.write(build_hand_report(), "csv", point)  # an empty mount point: a report folder
    reports.write(hostile_report(), "csv", point)  # and again, over the first
    assert sorted(p.name for p in point.iterdir()) == sorted(csv_report.FILES)
    rows = list(csv.DictReader(io.StringIO((point / "articles.csv").read_text("utf-8"))))
    assert len(rows) == 3 and "pwned" in rows[0]["title"]  # the second, hostile report
    assert _leftovers(tmp_path) == []


# ---- text that cannot be written -------------------------------------------------------------


@pytest.mark.parametrize("fmt, name", ALL)
def test_hostile_strings_in_every_format(tmp_path: Path, fmt: str, name: str) -> None:
    report = hostile_report()
    if fmt in TEXT_FORMATS:
        out = reports.render(report, fmt)
        assert not any("\ud800" <= ch <= "\udfff" for ch in out)
        out.encode("utf-8")
    reports.write(report, fmt, tmp_path / name)
    files = (
        sorted((tmp_path / name).iterdir())
        if (fmt == "csv" and name == "folder") or fmt == "parquet"
        else [tmp_path / name]
    )
    for f in files:
        if fmt not in ("sqlite", "parquet") and f.suffix != ".zip":
            f.read_bytes().decode("utf-8")  # valid UTF-8 throughout


def test_surrogates_become_replacement_characters_at_the_same_offsets() -> None:
    import json

    report = hostile_report(("\ud83d",))
    data = json.loads(reports.render(report, "json"))
    ids = [a["id"] for a in data["articles"]]
    assert ids == ["blog-003\ufffd", "daily-002\ufffd", "wire-001\ufffd"]
    clean = {
        k.replace("\ud83d", "\ufffd"): v.replace("\ud83d", "\ufffd")
        for k, v in report.texts.items()
    }
    for m in data["matches"]:  # offsets still slice the same passages
        assert len(clean[m["a"]]) == len(report.texts[m["a"].replace("\ufffd", "\ud83d")])
    for c in data["clusters"]:
        for p in c["passages"]:
            assert clean[p["article"]][p["start"] : p["end"]] == p["text"]


_PIECES = st.one_of(
    st.sampled_from(HOSTILE),
    st.characters(codec=None, exclude_categories=()),  # any code point, surrogates included
    st.sampled_from(["\x00", "\ud800", "\udfff", "\u202e", "\u2066", "\x1b", "\x9b", "\r", "\n"]),
)
_TEXT = st.lists(_PIECES, min_size=1, max_size=8).map(tuple)


@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=_TEXT)
def test_any_text_renders_and_writes_in_every_format(pieces: tuple[str, ...]) -> None:
    report = hostile_report(pieces)
    for fmt in TEXT_FORMATS:
        reports.render(report, fmt).encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, name in ALL:
            reports.write(report, fmt, Path(tmp) / name)
        text = (Path(tmp) / "r.txt").read_text(encoding="utf-8")
        assert not set(text) & (set(map(chr, range(32))) - {"\n", "\t"})
        assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
