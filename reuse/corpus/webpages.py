"""Web pages as articles: saved HTML pages and WARC web archives (the optional `html` extra).

A news page carries far more than its article: navigation, cookie banners, related links,
footers. Compared as they are, two pages of one site would share all of that and two outlets
carrying the same paragraphs would hide them in chrome, so the article's own text is taken out
with trafilatura first. `Article.text` is that extracted text, and the report's offsets point
into it.

trafilatura and warcio are imported inside the functions that need them: `import reuse` stays
fast and works without the extra, and `available()` says whether it is installed.

Like the rest of the loader, nothing is dropped silently: a page without article text, a
charset that had to be guessed, records skipped in an archive and a damaged archive each become
a `Problem` naming the file (and `#record`), and the rest of the input still loads.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import io
import logging
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, Optional, Union
from urllib.parse import urlsplit

# The module, not its names: corpus may import this module while it is itself being imported.
from ..model import Article, Problem
from ..text.dates import parse_published

__all__ = [
    "available",
    "missing_extra_message",
    "page_kind",
    "html_article",
    "warc_articles",
    "HTML_SUFFIXES",
    "WARC_SUFFIXES",
]

log = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_INSTALL = "pip install 'newsreuse[html]'"

NO_TEXT = "no article text found in the page (trafilatura extracted nothing): skipped"


# ----------------------------------------------------------------------------- the extra


def available() -> bool:
    """Whether the `html` extra (trafilatura and warcio) is installed and imports.

    An import, not a look-up of installed distributions: trafilatura can be installed and still
    fail to import (its jusText needs lxml's HTML cleaner, a separate package since lxml 5.2).
    """
    try:
        import trafilatura  # noqa: F401
        import warcio  # noqa: F401
    except ImportError:
        return False
    return True


def page_kind(path: Union[str, os.PathLike[str]]) -> Optional[Literal["html", "warc"]]:
    """ "html" or "warc" when the file's name says it is a web page or a web archive, else None."""
    name = os.fspath(path).lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    return None


def missing_extra_message(path: Union[str, os.PathLike[str]]) -> str:
    """What to tell a user who gave a web page or archive without the `html` extra installed."""
    what = "a WARC web archive" if page_kind(path) == "warc" else "an HTML page"
    return (
        f"{os.fspath(path)} is {what}: reading HTML pages and WARC archives needs the "
        f"optional html extra (trafilatura, warcio), which is not installed; install it with "
        f"{_INSTALL}"
    )


# ----------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers look for a <meta> charset in the first 1024 bytes; pages with long scripts or
# comments in their <head> put it later, and looking further costs nothing.
_PRESCAN = 4096
_LABEL = rb"[\"']?\s*([A-Za-z0-9._:-]+)"
_XML_DECLARATION = re.compile(rb"\s*<\?xml\b[^>]*?\bencoding\s*=\s*" + _LABEL, re.I)
_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*" + _LABEL, re.I)
_HEADER_CHARSET = re.compile(r"\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
# Labels that browsers (the WHATWG Encoding Standard) read as a superset, as pages are written
# for browsers: a page labelled ISO-8859-1 holds Windows quotes and dashes. A UTF-16 label in
# a page that could be read as ASCII is a mistake, and browsers read it as UTF-8. Keys are
# Python's codec names.
_SUPERSETS = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}
# Labels that browsers know and Python does not.
_BROWSER_LABELS = {
    "windows-874": "cp874",
    "windows-31j": "cp932",
    "x-sjis": "cp932",
    "x-cp1252": "cp1252",
    "x-gbk": "gb18030",
    "x-mac-roman": "mac_roman",
    "x-mac-cyrillic": "mac_cyrillic",
}
_ESCAPED = re.compile("[\udc80-\udcff]")


def _codec(label: str) -> Optional[str]:
    """Python's codec for a charset label as a browser reads it; None for an unknown label."""
    try:
        name = codecs.lookup(_BROWSER_LABELS.get(label.lower(), label)).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def _declared_charset(data: bytes, content_type: Optional[str]) -> Optional[tuple[str, str]]:
    """(label, where it was declared): the HTTP header first, then the page itself."""
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m:
            return m[1], "in the HTTP Content-Type header"
    head = data[:_PRESCAN]
    found = _XML_DECLARATION.match(head)
    if found:
        return found[1].decode("ascii"), "in the XML declaration"
    found = _META_CHARSET.search(head)
    if found:
        return found[1].decode("ascii"), "in a <meta> tag"
    return None


def _is_utf8_text(data: bytes) -> bool:
    """True for bytes that hold non-ASCII text and are valid UTF-8: text in another charset
    almost never is, so this beats a wrong label (servers still send ISO-8859-1 by default)."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_as(
    data: bytes, codec: str, label: str, where: str, problems: list[Problem], article: str
) -> str:
    """The bytes in `codec`; bytes it cannot read become U+FFFD, counted in a Problem."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        pass
    escaped = data.decode(codec, errors="surrogateescape")
    bad = len(_ESCAPED.findall(escaped))
    were = "byte was" if bad == 1 else "bytes were"
    problems.append(
        Problem(
            where,
            f"{bad} {were} not valid {label} and replaced with U+FFFD; "
            "check the charset the page declares",
            article,
        )
    )
    return _ESCAPED.sub("\ufffd", escaped)


def _decode_page(
    data: bytes, content_type: Optional[str], where: str, problems: list[Problem], article: str
) -> str:
    """The page as text, decoded the way a browser would read it.

    A byte order mark wins, then the charset declared in the HTTP header, the XML declaration
    or a <meta> tag. trafilatura would guess instead (UTF-8, else charset detection), and a
    guess on a short page can pick a neighbouring charset and change the letters the report
    quotes. Pages that declare nothing are read as UTF-8, else as windows-1252, the browsers'
    default, with a Problem.
    """
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(data[len(bom) :], bom_codec, bom_codec, where, problems, article)
    declared = _declared_charset(data, content_type)
    if declared is not None:
        label, source = declared
        codec = _codec(label)
        if codec is not None and codec != "utf-8" and _is_utf8_text(data):
            problems.append(
                Problem(
                    where,
                    f"the page declares charset {label!r} {source}, but "
                    "its bytes are UTF-8: read as UTF-8",
                    article,
                )
            )
            return data.decode("utf-8")
        if codec is not None:
            return _decode_as(data, codec, label, where, problems, article)
        problems.append(
            Problem(
                where,
                f"the page declares charset {label!r} {source}, which "
                "this tool does not know: read as UTF-8, or as windows-1252 "
                "where it is not UTF-8; check the text",
                article,
            )
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared is None:
        problems.append(
            Problem(
                where,
                "the page declares no charset and is not valid UTF-8: "
                "read as windows-1252; if letters look wrong, declare the charset "
                "in the page (<meta charset=...>) or save it as UTF-8",
                article,
            )
        )
    return _decode_as(data, "cp1252", "windows-1252", where, problems, article)


# ----------------------------------------------------------------------------- extraction


def _extract(html: str, url: Optional[str]) -> Any:
    """trafilatura's reading of the page: a Document (text and metadata), or None.

    Comments are left out (they are not the outlet's text). Tables are left out too: data
    tables would come out as rows of figures, and old sites laid out with tables would come
    out as one line holding the menu; with tables off their paragraphs are still found, one a
    line. The date comes from the page's markup only (meta tags, <time>, JSON-LD, the page's
    own URL): the extensive search also reads dates in the text and in links, and took a
    related story's date for the article's. No deduplication across calls, so the result does
    not depend on the pages read before.
    """
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )


def _clean(value: Any) -> Optional[str]:
    text = str(value).strip() if value is not None else ""
    return text or None


def _host(url: Optional[str]) -> Optional[str]:
    """The URL's host without a leading `www.`: the outlet when the page names no site."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _published(raw: Any, extra: dict[str, Any]) -> Optional[str]:
    """The page's date as ISO 8601; an unreadable one is kept as `published_raw`."""
    value = _clean(raw)
    if value is None:
        return None
    published = parse_published(value)
    if published is None:
        extra["published_raw"] = value
    return published


def html_article(
    data: bytes,
    origin: str,
    default_id: str,
    problems: list[Problem],
    url: Optional[str] = None,
    *,
    content_type: Optional[str] = None,
) -> Optional[Article]:
    """The article of one HTML page, or None (with a Problem) when it holds no article text.

    `url` is the address the page was fetched from (a WARC record's target); without it the
    page's own canonical link or og:url is used. `content_type` is the HTTP Content-Type header,
    when known, for its charset. The outlet is the site's name (og:site_name, JSON-LD
    publisher, the title's site part), else the URL's host. A canonical address that differs
    from `url` is kept in `extra["canonical_url"]`.
    """
    html = _decode_page(data, content_type, origin, problems, default_id)
    try:
        doc = _extract(html, url)
    # Heuristics of a third party on pages from anywhere: one odd page must not stop a corpus.
    except Exception as exc:
        log.debug("trafilatura failed on %s", origin, exc_info=True)
        problems.append(
            Problem(
                origin,
                f"trafilatura failed on the page ({type(exc).__name__}: "
                f"{exc}): skipped; check that the file is an HTML page",
                default_id,
            )
        )
        return None
    text = doc.text if doc is not None else None
    if not text or not text.strip():
        problems.append(Problem(origin, NO_TEXT, default_id))
        return None
    extra: dict[str, Any] = {}
    found_url = _clean(doc.url)
    page_url = url or found_url
    if found_url and page_url and found_url != page_url:
        extra["canonical_url"] = found_url
    return Article(
        id=default_id,
        text=text,
        outlet=_clean(doc.sitename) or _host(page_url),
        published=_published(doc.date, extra),
        title=_clean(doc.title),
        url=page_url,
        byline=_clean(doc.author),
        origin=origin,
        extra=extra,
    )


# ----------------------------------------------------------------------------- WARC archives


@dataclass(frozen=True)
class _Page:
    """One HTML page found in an archive, before extraction."""

    number: int
    uri: Optional[str]
    date: Optional[str]
    content_type: Optional[str]
    payload: bytes


@dataclass
class _Skipped:
    """Records of an archive that hold no page to read, by kind, for one Problem each."""

    not_html: Counter[str] = field(default_factory=Counter)
    not_ok: Counter[str] = field(default_factory=Counter)

    @staticmethod
    def _kinds(counts: Counter[str]) -> str:
        items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = ", ".join(f"{n} \u00d7 {kind}" for kind, n in items[:6])
        return shown + (", ..." if len(items) > 6 else "")

    def report(self, path: Path, problems: list[Problem]) -> None:
        total = sum(self.not_html.values())
        if total:
            what = (
                "record that is not an HTML page"
                if total == 1
                else "records that are not HTML pages"
            )
            problems.append(
                Problem(str(path), f"{total} {what} skipped ({self._kinds(self.not_html)})")
            )
        total = sum(self.not_ok.values())
        if total:
            what = "HTML response" if total == 1 else "HTML responses"
            problems.append(
                Problem(
                    str(path),
                    f"{total} {what} skipped because the HTTP status "
                    f"is not 200 OK ({self._kinds(self.not_ok)})",
                )
            )


def _warc_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged archive raises. warcio's own ArchiveLoadFailed and header parser
    error cover most damage; a header block cut short surfaces as AttributeError, a bad length
    as ValueError, a broken gzip stream as zlib.error, EOFError or OSError."""
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    return (
        ArchiveLoadFailed,
        StatusAndHeadersParserException,
        AttributeError,
        ValueError,
        EOFError,
        OSError,
        zlib.error,
    )


def _media_type(value: Optional[str]) -> str:
    return value.split(";", 1)[0].strip().lower() if value else ""


def _content_type(record: Any) -> Optional[str]:
    """The payload's Content-Type: the HTTP header of a response, the record's own for a
    resource, else what the crawler identified."""
    if record.rec_type == "response":
        value = record.http_headers.get_header("Content-Type") if record.http_headers else None
    else:
        value = record.rec_headers.get_header("Content-Type")
    return _clean(value) or _clean(record.rec_headers.get_header("WARC-Identified-Payload-Type"))


def _target_uri(record: Any) -> Optional[str]:
    """WARC-Target-URI; WARC 1.0 writers may wrap it in angle brackets."""
    uri = _clean(record.rec_headers.get_header("WARC-Target-URI"))
    if uri and uri.startswith("<") and uri.endswith(">"):
        uri = _clean(uri[1:-1])
    return uri


def _page_of(record: Any, number: int, skipped: _Skipped) -> Optional[_Page]:
    """The record's page when it is an HTML page served with status 200, else None (counted)."""
    if record.rec_type not in ("response", "resource"):
        skipped.not_html[record.rec_type or "untyped"] += 1
        return None
    content_type = _content_type(record)
    media = _media_type(content_type)
    if media not in _HTML_TYPES:
        skipped.not_html[media or "no content type"] += 1
        return None
    if record.rec_type == "response":
        status = record.http_headers.get_statuscode() if record.http_headers else None
        if status != "200":
            skipped.not_ok[f"status {status}" if status else "no status"] += 1
            return None
    return _Page(
        number,
        _target_uri(record),
        _clean(record.rec_headers.get_header("WARC-Date")),
        content_type,
        record.content_stream().read(),
    )


def _incomplete(record: Any) -> bool:
    """Whether the record's header block lacks what every WARC record has (a type, a length).
    warcio reads a file that ends inside a header block as a record with the headers that are
    there, a length cut to "Content-Length:" included."""
    if not record.rec_type:
        return True
    length = record.rec_headers.get_header("Content-Length") or ""
    return record.format.startswith("warc") and not length.strip().isdigit()


def _read_through(record: Any) -> bool:
    """Read the rest of the record; False when the file ended inside it. warcio hands out the
    bytes that are there without a word, so what the record's length promised is checked."""
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    return getattr(raw, "limit", 0) <= 0


def _cut(path: Path, number: int) -> Problem:
    return Problem(
        f"{path}#{number}",
        "the file ends inside this record (it was cut short): the "
        "record was skipped and reading stopped, the pages before it were kept; fetch "
        "or copy the archive again",
    )


def _why(exc: BaseException) -> str:
    """What went wrong, in a line. warcio's own errors say it (their first line: some run to a
    screenful); a Python error from inside warcio only means a record it could not parse."""
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    if not isinstance(exc, (ArchiveLoadFailed, StatusAndHeadersParserException)):
        return f"a malformed or incomplete record: warcio failed with {type(exc).__name__}"
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    first = lines[0] if lines else type(exc).__name__
    return first[:200] + ("..." if len(first) > 200 else "")


def _damage(path: Path, number: int, exc: BaseException) -> Problem:
    advice = "repair or fetch the archive again"
    if "non-chunked gzip" in str(exc):
        advice = (
            "the file was compressed whole, not record by record: "
            "`warcio recompress IN OUT` rewrites it so that it reads in full"
        )
    return Problem(
        f"{path}#{number}",
        f"the archive cannot be read from record {number} on "
        f"({_why(exc)}): reading stopped there, the pages before it were kept; "
        f"{advice}",
    )


def _misaligned(path: Path, number: int, said: str) -> Problem:
    """warcio's warning that a record is not followed by the blank lines its length promised."""
    first = said.strip().splitlines()[0].strip().rstrip(":").removeprefix("WARNING:").strip()
    return Problem(
        f"{path}#{number}",
        f"the record's length does not match where the next "
        f"record starts (warcio: {first}); the archive may be damaged, check the "
        "pages after this one",
    )


def _next_record(archive: Any, path: Path, previous: int, problems: list[Problem]) -> Any:
    """The archive's next record, or None at its end. warcio checks that a record ends where
    its length says when it moves on to the next one, and says so on stderr: that is caught,
    only while warcio runs, and becomes a Problem about the previous record."""
    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said):
            return next(archive, None)
    finally:
        if said.getvalue().strip():
            problems.append(_misaligned(path, max(previous, 1), said.getvalue()))


def _warc_pages(
    stream: IO[bytes], path: Path, size: int, problems: list[Problem], skipped: _Skipped
) -> Iterator[_Page]:
    """The HTML pages of an open archive of `size` bytes, in order; stops with a Problem at the
    first damage, keeping what came before."""
    from warcio.archiveiterator import ArchiveIterator

    errors = _warc_errors()
    number = 0  # records read in full
    try:
        archive = ArchiveIterator(stream)
        while True:
            record = _next_record(archive, path, number, problems)
            if record is None:
                # warcio ends quietly when the file ends inside a header block.
                if archive.offset < size:
                    problems.append(_cut(path, number + 1))
                return
            if _incomplete(record):
                problems.append(_cut(path, number + 1))
                return
            page = _page_of(record, number + 1, skipped)
            if not _read_through(record):
                problems.append(_cut(path, number + 1))
                return
            number += 1
            if page is not None:
                yield page
    except errors as exc:
        problems.append(_damage(path, number + 1, exc))


def warc_articles(path: Path, problems: list[Problem]) -> Iterator[Article]:
    """The articles of the HTML pages in a WARC archive (`.warc` or `.warc.gz`), in file order.

    Pages are `response` records with status 200 and `resource` records, both of type
    text/html or application/xhtml+xml; other records are counted in one Problem at the end,
    and HTML responses with another status in a second. An article's id and url are the
    record's WARC-Target-URI (a repeated URI is renamed by the loader's duplicate policy),
    its origin `<file>#<record number>`, counting every record from 1. The publication date
    is the page's own: WARC-Date says when the page was fetched, not when it was published,
    so it is kept as `extra["warc_date"]` only. A damaged or truncated archive never raises:
    reading stops with a Problem naming the record, and the pages before it are kept.
    """
    skipped = _Skipped()
    try:
        size = path.stat().st_size
        stream = path.open("rb")
    except OSError as exc:
        problems.append(
            Problem(str(path), f"cannot read the file ({exc.strerror or exc}): skipped")
        )
        return
    with stream:
        for page in _warc_pages(stream, path, size, problems, skipped):
            article = _page_article(path, page, problems)
            if article is not None:
                yield article
    skipped.report(path, problems)


def _page_article(path: Path, page: _Page, problems: list[Problem]) -> Optional[Article]:
    origin = f"{path}#{page.number}"
    article = html_article(
        page.payload,
        origin,
        page.uri or origin,
        problems,
        url=page.uri,
        content_type=page.content_type,
    )
    if article is None or page.date is None:
        return article
    return dataclasses.replace(article, extra={**article.extra, "warc_date": page.date})
