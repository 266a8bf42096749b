"""Bytes in, text out: which files can be read, how they are decompressed and decoded.

Nothing here raises on bad input. A file that cannot be read, is not a regular file, is too
large, is binary or is not UTF-8 gives a `Problem` that names it and says what was done and
what to do; the caller gets `None` (skip it) or the best text that can be made of it.
"""

from __future__ import annotations

import bz2
import codecs
import lzma
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Optional

from ..model import Problem

__all__ = [
    "COMPRESSIONS",
    "plural",
    "kind_suffix",
    "special_file",
    "open_binary",
    "os_reason",
    "damage_of",
    "damage_problem",
    "read_bytes",
    "binary_kind",
    "without_nuls",
    "nul_problem",
    "wide_encoding",
    "decode",
    "decode_line",
    "repair_text",
    "mb",
]

# Suffix -> a decompressor of its streams; the suffix before it names the kind (.jsonl.gz).
COMPRESSIONS: dict[str, Callable[[], Any]] = {
    ".gz": lambda: zlib.decompressobj(wbits=31),
    ".bz2": bz2.BZ2Decompressor,
    ".xz": lzma.LZMADecompressor,
}
_DAMAGED = (OSError, EOFError, lzma.LZMAError, zlib.error)
_COMPRESSED_CHUNK = 1 << 16
_OUT_STEP = 1 << 20


class _Decompressed:
    """A compressed file's bytes, decompressed as they are read (streams one after another, as
    gzip, bzip2 and xz allow). Where the file is damaged or cut short, every byte decompressed
    before the damage is handed out first and the error is raised by the next read: gzip.open
    and its kin drop what a read call decompressed when it meets the damage, and with it the
    whole lines of a file's last readable megabyte (all of a small file's)."""

    def __init__(self, path: Path, make: Callable[[], Any]) -> None:
        self._raw = open(path, "rb")
        self._make = make
        self._d = make()
        self._fed = False  # the current stream has had bytes
        self._out = bytearray()
        self._tail = b""  # input not yet given to a decompressor
        self._error: Optional[BaseException] = None
        self._raised: Optional[BaseException] = None
        self._done = False

    def _wants_input(self) -> bool:
        # The tail (input zlib left, or the start of a next stream) goes first; bz2 and lzma
        # keep their own and say when they need more.
        return bool(self._tail) or getattr(self._d, "needs_input", True)

    def _fill(self) -> None:
        """Decompress at most `_OUT_STEP` more bytes (a small file of a run of zeros could
        otherwise make gigabytes at once)."""
        if self._wants_input():
            chunk, self._tail = (self._tail or self._raw.read(_COMPRESSED_CHUNK)), b""
            if not chunk:  # the file's end
                if self._fed:
                    self._error = EOFError("the compressed file ended before the end of its stream")
                self._done = True
                return
            if not self._fed:
                chunk = chunk.lstrip(b"\0")  # zeros may pad a file after a stream
                if not chunk:
                    return  # padding so far: read on
        else:
            chunk = b""
        try:
            self._out += self._d.decompress(chunk, _OUT_STEP)
            self._fed = True
            if hasattr(self._d, "unconsumed_tail"):
                self._tail = self._d.unconsumed_tail
            if self._d.eof:
                self._tail = self._d.unused_data
                self._d, self._fed = self._make(), False
        except _DAMAGED as exc:
            # As OSError (what every reader here catches), whatever the decompressor raised.
            damaged = exc if isinstance(exc, (OSError, EOFError)) else OSError(str(exc))
            self._error, self._done = damaged, True

    @property
    def damaged(self) -> Optional[BaseException]:
        """The error met after the bytes read so far, if one was (read or not yet raised)."""
        return self._error or self._raised

    def read(self, n: int = -1) -> bytes:
        while (n < 0 or len(self._out) < n) and not self._done:
            self._fill()
        if not self._out and self._error is not None:
            error, self._error = self._error, None
            self._raised = error
            raise error
        take = len(self._out) if n < 0 else min(n, len(self._out))
        got = bytes(self._out[:take])
        del self._out[:take]
        return got

    def __iter__(self) -> Iterator[bytes]:
        pending = b""
        while True:
            chunk = self.read(_COMPRESSED_CHUNK)
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            yield from (line + b"\n" for line in lines)
        if pending:
            yield pending

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> _Decompressed:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def os_reason(exc: BaseException) -> str:
    """What went wrong reading a file, in the system's words where it has them."""
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def damage_of(f: Any) -> Optional[BaseException]:
    """The damage a compressed file (`open_binary`'s) met after the bytes read from it, if any."""
    return f.damaged if isinstance(f, _Decompressed) else None


def damage_problem(
    where: str, damage: BaseException, read: str, article: Optional[str] = None
) -> Problem:
    """The Problem of a compressed file damaged after what was read from it (`read`, such as
    "1,234 bytes"), which is kept."""
    return Problem(
        where,
        f"the compressed file is damaged after {read} ({os_reason(damage)}): what was read "
        "before the damage is kept, the rest is lost; check that it is whole",
        article,
    )


def plural(count: int, noun: str, nouns: str = "") -> str:
    """ "1 file", "2 files"; `nouns` for a plural not made with -s."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {nouns or noun + 's'}"


def mb(size: int) -> str:
    """A size in bytes or characters as megabytes, for messages."""
    return f"{size / 1e6:,.1f} MB"


def kind_suffix(path: Path) -> str:
    """The suffix that names a file's kind, lower case, past any compression suffix:
    `.jsonl` for `x.jsonl.gz`, `.warc` for `x.warc.gz`."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSIONS:
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


_SPECIAL = [
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
]


def special_file(path: Path) -> Optional[str]:
    """What a path is when it is not a regular file or a folder ("a FIFO (named pipe)", ...),
    following symbolic links; None for regular files, folders and missing paths.

    Such files are never opened: reading a FIFO waits for a writer forever and a device such as
    /dev/zero never ends.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return next((name for test, name in _SPECIAL if test(mode)), None)


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes, decompressed on the fly when its suffix names a compression."""
    suffix = path.suffix.lower()
    if suffix in COMPRESSIONS:
        return _Decompressed(path, COMPRESSIONS[suffix])  # type: ignore[return-value]
    return open(path, "rb")


def read_bytes(
    path: Path,
    where: str,
    problems: list[Problem],
    article: Optional[str] = None,
    limit: Optional[int] = None,
) -> Optional[bytes]:
    """The whole (decompressed) file, or None with a Problem when it cannot or must not be read:
    not a regular file, unreadable, damaged, or (with `limit`) more than `limit` bytes."""
    special = special_file(path)
    if special:
        problems.append(
            Problem(
                where,
                f"{special}, not a regular file: skipped (reading it could wait or run forever)",
                article,
            )
        )
        return None
    try:
        if (
            limit is not None
            and path.suffix.lower() not in COMPRESSIONS
            and os.stat(path).st_size > limit
        ):
            problems.append(
                Problem(
                    where,
                    f"the file is {mb(os.stat(path).st_size)}, more than "
                    f"the {mb(limit)} an article may take (max_article_chars): "
                    "skipped; raise --max-article-chars to read it",
                    article,
                )
            )
            return None
        with open_binary(path) as f:
            data = f.read() if limit is None else f.read(limit + 1)
            damage = damage_of(f)
        if damage is not None:
            if not data:
                raise damage  # nothing read before it: the file is skipped, as below
            problems.append(damage_problem(where, damage, plural(len(data), "byte"), article))
    except (OSError, EOFError, lzma.LZMAError) as exc:
        reason = os_reason(exc)
        problems.append(
            Problem(
                where,
                f"cannot read the file ({reason}): skipped; check that "
                "it exists, is readable and, if compressed, is whole",
                article,
            )
        )
        return None
    if limit is not None and len(data) > limit:
        problems.append(
            Problem(
                where,
                f"the file holds more than the {mb(limit)} an article may "
                "take (max_article_chars): skipped; raise --max-article-chars "
                "to read it",
                article,
            )
        )
        return None
    return data


# ----------------------------------------------------------------------------- binary files

# File signatures of common non-text files (what `file` would say first).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x7fELF", "an ELF executable or library"),
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b\x08", "a gzip archive (name it .gz to have it read)"),
    (b"BZh91AY&SY", "a bzip2 archive (name it .bz2 to have it read)"),
    (b"\xfd7zXZ\x00", "an xz archive (name it .xz to have it read)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "a Mach-O executable"),
    (b"\x00asm", "a WebAssembly module"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"fLaC", "a FLAC audio file"),
)
_SAMPLE = 65_536
# Control bytes that text files do not hold (tab, line feed, vertical tab, form feed, carriage
# return and escape are text).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"


def binary_kind(data: bytes) -> Optional[str]:
    """What a file is when it is not text ("an ELF executable", "binary data"); None for text.

    Checked before decoding: its signature, then a share of control bytes (NUL among them) no
    text has (UTF-16 and UTF-32, whose NULs are text, are recognised first).
    """
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    sample = data[:_SAMPLE]
    if not sample:
        return None
    # NUL is a control byte: a stray NUL or two (a database export, a damaged scrape) does not
    # make text binary, and is replaced once the text is decoded (`without_nuls`).
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls * 20 > len(sample):
        if b"\x00" in sample:
            return "binary data (it holds NUL bytes)"
        return "binary data (it holds many control bytes)"
    return None


# ----------------------------------------------------------------------------- decoding

_BOMS = (  # the longer BOMs first: UTF-32's little-endian BOM begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WIDE_NAMES = {
    "utf-16-le": "UTF-16 (little-endian)",
    "utf-16-be": "UTF-16 (big-endian)",
    "utf-32-le": "UTF-32 (little-endian)",
    "utf-32-be": "UTF-32 (big-endian)",
}


def wide_encoding(data: bytes) -> Optional[str]:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the NUL bytes stand: text in
    Latin script saved as UTF-16 has a NUL in every other byte, as UTF-32 in three of four."""
    n = min(len(data), 8192)
    n -= n % 4
    if n < 8:
        return None
    s = data[:n]
    share = [s[k::4].count(0) * 4 / n for k in range(4)]
    if min(share[1:]) > 0.9 and share[0] < 0.5:
        return "utf-32-le"
    if min(share[:3]) > 0.9 and share[3] < 0.5:
        return "utf-32-be"
    even, odd = s[0::2].count(0) * 2 / n, s[1::2].count(0) * 2 / n
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _decode_wide(
    data: bytes,
    encoding: str,
    where: str,
    problems: list[Problem],
    article: Optional[str],
    stated: bool,
) -> str:
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
    if not stated:
        problems.append(
            Problem(
                where,
                f"the file is {_WIDE_NAMES[encoding]} without a byte-order "
                "mark: decoded as such; save it as UTF-8 to be sure",
                article,
            )
        )
    if bad:
        problems.append(
            Problem(
                where,
                f"{plural(bad, 'character')} could not be decoded as "
                f"{_WIDE_NAMES.get(encoding, encoding)} and became U+FFFD",
                article,
            )
        )
    return text


# cp1252 leaves five bytes undefined; latin-1 maps them to control characters so that every
# byte still decodes to exactly one character.
_CP1252 = {b: (bytes([b]).decode("cp1252", errors="ignore") or chr(b)) for b in range(0x80, 0x100)}
_ESCAPED = re.compile("[\udc80-\udcff]")
_UTF8_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")


def _cp1252(data: bytes) -> str:
    return data.decode("latin-1").translate(_CP1252)


# The multi-byte encodings of Chinese, Japanese and Korean (as charset-normalizer names them).
# The detector tells them apart well but gives them no coherence (its language measure is of
# alphabets), so a guess of one stands when the bytes decode in it without an error: Western
# text in cp1252 decodes in them rarely, and the detector does not rank them first for it.
_MULTIBYTE = (
    "gb",
    "hz",
    "big5",
    "cp932",
    "cp936",
    "cp949",
    "cp950",
    "shift_jis",
    "euc_",
    "iso2022_",
    "johab",
)


def _multibyte(encoding: str) -> bool:
    return encoding.lower().startswith(_MULTIBYTE)


def _decodes(data: bytes, encoding: str) -> bool:
    """Whether `data` decodes in `encoding` without an error (a cut at the sample's end, in the
    middle of a character, aside)."""
    try:
        codecs.getincrementaldecoder(encoding)(errors="strict").decode(data, final=False)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _legacy_encoding(data: bytes) -> str:
    """The single- or double-byte encoding of a file that is not UTF-8, by charset-normalizer.

    Western text is cp1252 (Windows' Latin) far more often than the Central European cp1250 that
    the detector ranks equal on short texts (both decode "café"; only cp1252 gives "naïve"), so
    cp1252 wins whenever it is among the least chaotic guesses of nearly the best coherence, and when the guess rests on no language
    evidence at all, unless it is a multi-byte encoding of Chinese, Japanese or Korean in which
    the bytes decode (`_MULTIBYTE`).
    """
    from charset_normalizer import from_bytes

    sample = data[: _SAMPLE * 4]
    matches = list(from_bytes(sample))
    if not matches:
        return "cp1252"
    best = matches[0]
    if _multibyte(best.encoding) and _decodes(sample, best.encoding):
        return str(best.encoding)
    if best.coherence < 0.05:
        return "cp1252"
    least_chaos = min(m.chaos for m in matches)
    for m in matches:
        if (
            m.chaos <= least_chaos + 0.01
            and m.coherence >= best.coherence - 0.1
            and "cp1252" in m.could_be_from_charset
        ):
            return "cp1252"
    return str(best.encoding)


def decode(
    data: bytes, where: str, problems: list[Problem], article: Optional[str] = None
) -> Optional[str]:
    """The bytes as text, or None (with a Problem) when they are not text at all.

    A byte-order mark (UTF-8, UTF-16, UTF-32) is honoured and dropped; UTF-16 and UTF-32
    without one are recognised by their NUL bytes. Otherwise the text is UTF-8: a few bad
    bytes in a file that is otherwise UTF-8 become U+FFFD, one per byte. When more than 1% of
    the bytes are bad, or the file holds no valid non-ASCII UTF-8 at all, it was saved in a
    legacy encoding, which charset-normalizer names (cp1252, Windows' Latin, by preference).
    Either way a Problem says what was done. Lone surrogates cannot arise: every decoder here
    replaces what it cannot read.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding == "utf-8":
                return _decode_utf8(body, where, problems, article, has_bom=True)
            return _decode_wide(body, encoding, where, problems, article, stated=True)
    wide = wide_encoding(data)
    if wide:
        return _decode_wide(data, wide, where, problems, article, stated=False)
    kind = binary_kind(data)
    if kind:
        problems.append(Problem(where, f"{kind}, not text: skipped", article))
        return None
    text = _decode_utf8(data, where, problems, article, has_bom=False)
    if "\x00" in text:
        first = text.index("\x00")
        line = text.count("\n", 0, first) + 1 if "\n" in text.rstrip("\r\n") else None
        text, message = without_nuls(text, line)
        problems.append(Problem(where, message, article))
    return text


def without_nuls(text: str, line: Optional[int] = None, lines: int = 1) -> tuple[str, str]:
    """`text` with each NUL replaced by U+FFFD, and the problem to report (naming `line`, the
    first line that held one, and how many of `lines` did): a NUL is no character of text, and
    the CSV and JSON readers refuse it, so one NUL would otherwise cost a line or a file. The
    text is decoded first, so a NUL does not sway the guess of a legacy encoding."""
    n = text.count("\x00")
    return text.replace("\x00", "\ufffd"), nul_problem(n, line, lines)


def nul_problem(n: int, line: Optional[int], lines: int = 1) -> str:
    """The problem of `n` NUL characters replaced, the first on `line`, in `lines` lines."""
    were = "was" if n == 1 else "were"
    at = ""
    if line is not None:
        at = f" (the first on line {line:,}" + (f", in {lines:,} lines)" if lines > 1 else ")")
    return (
        f"{plural(n, 'NUL byte')}{at} {were} replaced with U+FFFD (a NUL is no character of text: "
        "the file may be damaged, or exported with them); remove them to keep the text as it is"
    )


def _decode_utf8(
    data: bytes, where: str, problems: list[Problem], article: Optional[str], has_bom: bool
) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text, problem = decode_line(data, has_bom)
    problems.append(Problem(where, problem, article))
    return text


def decode_line(data: bytes, utf8_evidence: bool = False) -> tuple[str, str]:
    """Bytes that are not valid UTF-8 as text, and the problem to report: U+FFFD for stray bad
    bytes in UTF-8 text, else the legacy encoding the bytes were most likely saved in."""
    # surrogateescape turns each undecodable byte into one lone surrogate, so they can be counted.
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED.findall(escaped))
    utf8_evidence = utf8_evidence or _UTF8_NON_ASCII.search(escaped) is not None
    were = "was" if bad == 1 else "were"
    if utf8_evidence and bad * 100 <= len(data):
        return (
            _ESCAPED.sub("\ufffd", escaped),
            f"{plural(bad, 'byte')} {were} not valid UTF-8 and {were} replaced with U+FFFD; "
            "save the file as UTF-8 to keep them",
        )
    encoding = _legacy_encoding(data)
    if encoding == "cp1252":
        text = _cp1252(data)
    else:
        text = data.decode(encoding, errors="replace")
    name = "cp1252 (Windows Western)" if encoding == "cp1252" else encoding
    return text, (
        f"{plural(bad, 'byte')} {were} not valid UTF-8, so the file was read as {name}; "
        "save it as UTF-8 if that is wrong"
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_text(value: str) -> tuple[str, int]:
    """`value` with every lone surrogate (half of an escaped emoji, as JSON can hold
    "\\ud83d") made U+FFFD, and how many there were. One character for one: offsets hold."""
    if value.isascii():
        return value, 0
    try:
        value.encode("utf-8")
        return value, 0
    except UnicodeEncodeError:
        pass
    return _SURROGATE.subn("\ufffd", value)
