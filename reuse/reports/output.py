"""Where a report goes: checked before the run, and written so that a failure costs nothing.

A run can take minutes, so `check_output` looks at the output path first: its folder exists and
can be written to, it is not one of the corpus files or inside a corpus folder (the loader would
read the report as articles next time), and its kind fits the format (a folder only for CSV).

Every report is then written atomically: rendered into a hidden temporary file (or folder) next to
its destination, on the same file system, and moved over it with one `os.replace` (for a folder,
two renames). Until that moment the previous report is untouched, and an error or Ctrl-C removes
the temporary and leaves the old report as it was. Special files (a terminal, `/dev/null`,
`/dev/stdout`, a FIFO) cannot be replaced and are written directly. The file gets the permissions
a plainly written one would (`0o666` less the umask, or the mode of the file it replaces), not
the owner-only mode of `tempfile.mkstemp`.

Any `OSError` on the way becomes an `OutputError` that names the path, gives the system's reason
("No space left on device") and says what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Optional, Union

from ..errors import OutputError, ReportFormatError

__all__ = [
    "check_output",
    "atomic_file",
    "atomic_folder",
    "write_bytes",
    "is_special",
    "open_special",
    "output_error",
]

PathLike = Union[str, "os.PathLike[str]"]

# What to do, by the system's reason.
_HINTS: dict[int, str] = {
    errno.ENOENT: "create the folder first or give another path",
    errno.ENOTDIR: "a part of the path is a file, not a folder: give another path",
    errno.EACCES: "choose a place you may write to",
    errno.EPERM: "choose a place you may write to",
    errno.EROFS: "the file system is read-only: choose another place",
    errno.ENOSPC: "free some space or write the report to another disk",
    errno.EDQUOT: "free some space or write the report to another disk",
    errno.EFBIG: "write it to a file system that allows larger files",
    errno.EISDIR: "give a file path, not a folder",
    errno.ENAMETOOLONG: "give a shorter path",
    errno.ENXIO: "nothing is reading from it: start the reader first",
    errno.EPIPE: "the reader went away before the report was written",
}
# /proc/<pid>/fd/<n> (what /dev/stdout and /dev/fd/<n> point to): an open file of this process.
_FD_FOLDER = re.compile(r"/proc/(self|thread-self|\d+)(?:/task/\d+)?/fd")


def output_error(path: PathLike, exc: OSError, doing: str = "write the report to") -> OutputError:
    """The domain error for an `OSError` met while writing to `path`: the path, the system's
    reason and what to do, without a traceback."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    hint = _HINTS.get(exc.errno or 0, "check the path and try again")
    return OutputError(f"cannot {doing} {path}: {reason}; {hint}")


def _umask() -> int:
    """The process's umask, read without changing it where Linux says it (no race with threads)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fd_alias(path: PathLike) -> Optional[tuple[str, int]]:
    """(process, descriptor) when `path` names an open file (/dev/stdout, /dev/fd/1,
    /proc/self/fd/1), possibly through symlinks; else None. Such a path must be written through,
    even when the shell pointed it at a regular file: replacing that file would cut the shell's
    redirection, and reopening it would drop `>>`'s append mode."""
    p = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on symlink hops
        parent = os.path.realpath(os.path.dirname(p))
        m = _FD_FOLDER.fullmatch(parent)
        if m and os.path.basename(p).isdigit():
            return m.group(1), int(os.path.basename(p))
        if not os.path.islink(p):
            return None
        p = os.path.abspath(os.path.join(os.path.dirname(p), os.readlink(p)))
    return None


def open_special(path: PathLike) -> BinaryIO:
    """`path` opened for writing as it is: an open descriptor of this process is duplicated (so
    a pipe, a terminal or an appending redirection gets the bytes as the shell set it up), any
    other special file opened plainly."""
    alias = _fd_alias(path)
    if alias is not None and alias[0] in ("self", "thread-self", str(os.getpid())):
        return os.fdopen(os.dup(alias[1]), "wb")
    return open(path, "wb")


def _stat(path: PathLike) -> Optional[os.stat_result]:
    try:
        return os.stat(path)
    except OSError:
        return None


def is_special(path: PathLike) -> bool:
    """Whether `path` is written directly rather than replaced: a character device (a terminal,
    /dev/null, /dev/full), a FIFO, or an open file of this process such as /dev/stdout."""
    if _fd_alias(path) is not None:
        return True
    st = _stat(path)
    return st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode))


def _real(path: PathLike) -> Path:
    """The path with symlinks resolved: a report written to a symlink replaces the file it points
    to (as writing to it plainly would) and leaves the symlink in place."""
    return Path(os.path.realpath(path))


def _refuse_odd_kinds(path: PathLike, st: Optional[os.stat_result]) -> None:
    if st is None:
        return
    if stat.S_ISBLK(st.st_mode):
        raise OutputError(
            f"{path} is a block device (a whole disk or partition): a report is "
            "never written there; give a file path"
        )
    if stat.S_ISSOCK(st.st_mode):
        raise OutputError(f"{path} is a socket, which cannot be opened as a file; give a file path")


def _file_mode(real: Path) -> int:
    """The permission bits a plainly written file would get: those of the file it replaces, or
    0o666 less the umask for a new one."""
    st = _stat(real)
    if st is not None and stat.S_ISREG(st.st_mode):
        return stat.S_IMODE(st.st_mode)
    return 0o666 & ~_umask()


def _fsync(path: Path) -> None:
    """Flush a finished temporary to disk, so the rename never publishes an empty file after a
    crash."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _settle(tmp: Path, real: Path) -> None:
    """Give the finished temporary the mode (and, where we may, the owner) a plainly written file
    would have, and flush it to disk."""
    os.chmod(tmp, _file_mode(real))
    old = _stat(real)
    if old is not None and stat.S_ISREG(old.st_mode) and hasattr(os, "chown"):
        with contextlib.suppress(OSError):
            os.chown(tmp, old.st_uid, old.st_gid)
    _fsync(tmp)


def _remove(path: Path) -> None:
    """Remove a temporary (file or folder) if it is still there; never raises."""
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()


def _copy_to_special(src: Path, path: PathLike) -> None:
    with open(src, "rb") as fin, open_special(path) as fout:
        shutil.copyfileobj(fin, fout, 1 << 20)


@contextlib.contextmanager
def atomic_file(path: PathLike) -> Iterator[Path]:
    """A temporary path to write the report file into; when the block ends without an error, the
    file replaces `path` in one step. On any error (Ctrl-C too) the temporary is removed and
    `path` keeps what it had. For a special file (see `is_special`) the temporary is made in the
    system's temporary folder and then copied into it.

    For writers that need a real file of their own (zipfile, sqlite3). Raises `OutputError` for
    an `OSError`.
    """
    special = is_special(path)
    real = _real(path)
    if not special:
        st = _stat(real)
        _refuse_odd_kinds(path, st)
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise OutputError(
                f"{path} is a folder: give a file path for this report, such as "
                f"{Path(path) / 'report'}{'' if Path(path).suffix else '.<suffix>'}"
            )
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{real.name}.", suffix=".tmp", dir=None if special else real.parent
        )
    except OSError as exc:
        raise output_error(path, exc) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if special:
            _copy_to_special(tmp, path)
        else:
            _settle(tmp, real)
            os.replace(tmp, real)
    except OSError as exc:
        raise output_error(path, exc) from exc
    finally:
        _remove(tmp)


def write_bytes(path: PathLike, data: bytes) -> None:
    """Write `data` to `path` atomically (special files directly); `OutputError` on failure."""
    if is_special(path):
        try:
            with open_special(path) as fh:
                fh.write(data)
        except OSError as exc:
            raise output_error(path, exc) from exc
        return
    with atomic_file(path) as tmp:
        tmp.write_bytes(data)


def _foreign_entries(folder: Path, replaceable: Collection[str]) -> list[str]:
    """Names in `folder` that a report folder would not hold (sorted), or [] if it holds only
    report files (and temporaries a killed writer left) and may be replaced whole."""
    ours = re.compile(re.escape(f".{folder.name}.") + r".+\.tmp")
    return sorted(
        e.name + ("/" if e.is_dir() else "")
        for e in os.scandir(folder)
        if not (e.name in replaceable and e.is_file(follow_symlinks=False))
        and not ours.fullmatch(e.name)
    )


def _move_in(stage: Path, real: Path, names: list[str]) -> None:
    """Move the staged files over their old versions in `real`, each in one step (copied to a
    temporary beside it first where `real` is another file system, as a mount point is)."""
    for name in names:
        try:
            os.replace(stage / name, real / name)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            with atomic_file(real / name) as tmp:
                shutil.copyfile(stage / name, tmp)


def _check_replaceable(path: PathLike, real: Path, replaceable: Collection[str]) -> None:
    try:
        foreign = _foreign_entries(real, replaceable)
    except OSError as exc:
        raise output_error(path, exc, "read the folder") from exc
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise OutputError(
            f"{path} is a folder holding other things than a report ({shown}): "
            "the report replaces its folder whole, so give a new or empty folder, "
            "or a path ending in .zip"
        )


@contextlib.contextmanager
def atomic_folder(path: PathLike, replaceable: Collection[str]) -> Iterator[Path]:
    """A temporary folder to write a report folder into; when the block ends without an error it
    takes the place of `path`. An existing folder at `path` is replaced only if it holds nothing
    but names in `replaceable` (a previous report): it is renamed aside, the new folder renamed
    in, and the old one removed, so `path` is never a half-written folder. On any error (Ctrl-C
    too) the temporary folder is removed and `path` keeps what it had.

    Where the folder cannot be renamed (it is a mount point or a bind mount, or its parent is
    read-only while it is not), each new file is moved over its old version in one step; only
    that last stage, a few renames, is not one step for the folder as a whole.
    """
    real = _real(path)
    st = _stat(real)
    _refuse_odd_kinds(path, st)
    exists = st is not None and stat.S_ISDIR(st.st_mode)
    if st is not None and not exists:
        raise OutputError(
            f"{path} is a file, and this report is a folder: give a folder path "
            "(or remove the file)"
        )
    if exists:
        _check_replaceable(path, real, replaceable)
    inside = exists and os.path.ismount(real)
    stage: Optional[Path] = None
    try:
        if not inside:
            try:
                stage = Path(
                    tempfile.mkdtemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
                )
            except OSError as exc:
                if not (exists and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS)):
                    raise
                inside = True
        if inside:
            stage = Path(tempfile.mkdtemp(prefix=f".{real.name}.", suffix=".tmp", dir=real))
        assert stage is not None
        yield stage
        # mkdtemp makes a folder private to its owner; give it what the old one or mkdir gives.
        os.chmod(stage, stat.S_IMODE(st.st_mode) if st is not None else 0o777 & ~_umask())
        names = sorted(e.name for e in os.scandir(stage))
        for name in names:
            _fsync(stage / name)
        if inside:
            _move_in(stage, real, names)
        elif exists:
            aside = Path(tempfile.mkdtemp(prefix=f".{real.name}.", suffix=".old", dir=real.parent))
            os.rmdir(aside)  # a free name next to it; rename() wants the name, not a folder
            try:
                os.rename(real, aside)
            except OSError as exc:
                # A bind mount (EBUSY, EXDEV) or a sticky folder of another user (EPERM) keeps
                # the folder where it is: its files are replaced instead.
                if exc.errno not in (errno.EBUSY, errno.EXDEV, errno.EPERM, errno.EACCES):
                    raise
                _move_in(stage, real, names)
            else:
                try:
                    os.rename(stage, real)
                except BaseException:
                    os.rename(aside, real)
                    raise
                stage = None
                _remove(aside)
        else:
            os.rename(stage, real)
            stage = None
    except OSError as exc:
        raise output_error(path, exc) from exc
    finally:
        if stage is not None:
            _remove(stage)


def _inside(path: Path, folder: Path) -> bool:
    return folder in path.parents


def _check_inputs(path: PathLike, real: Path, fmt_folder: bool, inputs: Iterable[PathLike]) -> None:
    for given in inputs:
        if not os.path.exists(given):
            continue  # the loader says what is wrong with it
        source = _real(given)
        same = source == real
        if not same and real.exists():
            with contextlib.suppress(OSError):
                same = os.path.samefile(source, real)
        if same:
            raise OutputError(
                f"{path} is an input of this run ({given}): the report would "
                "overwrite the corpus; give another output path"
            )
        if source.is_dir() and _inside(real, source):
            raise OutputError(
                f"{path} lies inside the corpus folder {given}: the next run on "
                f"that folder would read the report as articles; write it outside "
                f"{given}"
            )
        if fmt_folder and _inside(source, real):
            raise OutputError(
                f"the corpus {given} lies inside the output folder {path}, which "
                "the report replaces whole; give another output folder"
            )


def _probe(path: PathLike, folder: Path) -> None:
    """Create and remove a file in `folder`: the only sure test that a report can be made there
    (os.access says yes to root on a read-only mount)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".newsreuse-probe-", dir=folder)
    except OSError as exc:
        if exc.errno == errno.ENOENT and folder.is_dir():
            # procfs answers "no such file" to a new file in a folder that is there.
            raise OutputError(
                f"cannot write the report to {path}: the folder {folder} takes no new "
                "files (a system folder, such as those of /proc); choose a place you may write to"
            ) from exc
        raise output_error(path, exc) from exc
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)


def check_output(path: PathLike, fmt: str, inputs: Iterable[PathLike] = ()) -> None:
    """Raise `OutputError` (a `ReportFormatError`) if a report in format `fmt` cannot be written
    to `path`; call it before the run, so a wrong path costs seconds, not the whole run.

    Checks that the folder of `path` exists and a file can be made in it, that `path` is none of
    `inputs` (also through symlinks and hard links) and lies inside none of the input folders,
    and that its kind fits the format: an existing folder only for `csv`, which wants a path
    ending in `.zip` or a folder path (new, empty, or holding a previous CSV report). Special
    files (a terminal, /dev/null, /dev/stdout, a FIFO) are accepted for every format: they are
    written directly (`csv` as a zip archive).
    """
    from . import FORMATS  # the registry imports this module
    from .csv_report import FILES as CSV_FILES

    if fmt not in FORMATS:
        raise ReportFormatError(
            f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}"
        )
    if not str(path):
        raise OutputError("the output path is empty: give a file path, such as report.html")
    if is_special(path):
        return
    real = _real(path)
    st = _stat(real)
    _refuse_odd_kinds(path, st)
    folder = real.parent
    if not folder.exists():
        raise OutputError(
            f"cannot write the report to {path}: the folder {folder} does not "
            "exist; create it first or give another path"
        )
    if not folder.is_dir():
        raise OutputError(
            f"cannot write the report to {path}: {folder} is not a folder; give another path"
        )
    is_dir = st is not None and stat.S_ISDIR(st.st_mode)
    zipped = real.suffix.lower() == ".zip"
    # First, as the worst mistake: the corpus itself as the output.
    _check_inputs(path, real, fmt == "csv" and not zipped, inputs)
    if fmt == "csv":
        if zipped and is_dir:
            raise OutputError(
                f"{path} is a folder: the CSV report as a zip archive needs a file "
                "path ending in .zip"
            )
        if not zipped and st is not None and not is_dir:
            raise OutputError(
                f"{path} is a file: the CSV report is a folder of CSV files; give "
                "a folder path or a path ending in .zip"
            )
        if not zipped and st is None and real.suffix:
            raise OutputError(
                f"{path}: the CSV report is a folder of CSV files (articles.csv, "
                "matches.csv, ...); give a folder path without a suffix or a path "
                "ending in .zip"
            )
        if is_dir and not zipped:
            _check_replaceable(path, real, CSV_FILES)
    elif is_dir:
        raise OutputError(
            f"{path} is a folder: the {fmt} report is one file; give a file path "
            "such as " + str(Path(path) / f"report{_suffix(fmt)}")
        )
    try:
        _probe(path, folder)
    except OutputError:
        # A report folder that exists may still be written into when its parent may not be.
        if not (fmt == "csv" and is_dir):
            raise
        _probe(path, real)


def _suffix(fmt: str) -> str:
    from . import SUFFIXES

    return next((s for s, f in SUFFIXES.items() if f == fmt), "")
