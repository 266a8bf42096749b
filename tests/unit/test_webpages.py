"""Web pages and WARC archives: the article text out of the page chrome, its metadata, charsets,
archives with records of every kind, and damaged archives that never raise."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional

import pytest

from reuse import detect
from reuse.corpus import webpages
from reuse.corpus.webpages import html_article, missing_extra_message, page_kind, warc_articles
from reuse.model import Article, Problem


@pytest.fixture
def trafilatura() -> Any:
    return pytest.importorskip("trafilatura")


@pytest.fixture
def warcio(trafilatura: Any) -> Any:
    return pytest.importorskip("warcio")


# ----------------------------------------------------------------------------- the pages

# The Coastal Herald's story: six paragraphs inside the usual chrome of a news site.
HERALD_PARAGRAPHS = [
    "The harbour council voted on Monday evening to build a movable flood barrier across the "
    "mouth of the old port, ending more than ten years of argument over how to protect the lower "
    "town from winter storm surges.",
    "Councillors approved the plan by nineteen votes to four after a four-hour session in which "
    "residents of the waterfront district described basements filled with seawater three winters "
    "in a row and shopkeepers said their insurers had refused to renew their policies.",
    "The barrier, two steel gates that will lie on the seabed and rise when the tide gauge at the "
    "lighthouse passes a set level, is expected to cost 48 million euros, of which the national "
    "government has promised to pay two thirds under its coastal resilience programme.",
    "\u201cWe have studied this for long enough. Every winter we wait is another winter in which "
    "families carry their furniture upstairs,\u201d said the council leader, Anders Holm, who has "
    "championed the project since his election in 2017.",
    "Opponents on the council argued that the gates would change the currents in the bay and "
    "damage the mussel beds that supply the town\u2019s last fishing cooperative. An "
    "environmental study commissioned last year found the effect would be small but recommended "
    "monitoring for at least five years after construction.",
    "Construction is due to begin next autumn and take three years. The council said it would "
    "publish the full contract and the study on its website before the end of the month.",
]
HERALD_URL = "https://www.coastalherald.example/news/2021/12/06/flood-barrier-approved"
HERALD_CHROME = [
    "We use cookies",
    "Accept all cookies",
    "Sport",
    "Weather",
    "Related stories",
    "Storm damage bill passes two million",
    "All rights reserved",
    "Privacy policy",
    "Subscribe to our newsletter",
]


def _paragraphs(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


def herald_page(*, head_extra: str = "", charset: str = "utf-8") -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="{charset}">
<title>Harbour council approves flood barrier after decade of delays | The Coastal Herald</title>
<link rel="canonical" href="{HERALD_URL}">
<meta property="og:site_name" content="The Coastal Herald">
<meta property="og:title" content="Harbour council approves flood barrier after decade of delays">
<meta property="og:url" content="{HERALD_URL}">
<meta property="article:published_time" content="2021-12-06T09:30:00+00:00">
<meta name="author" content="Maria Jensen">
{head_extra}
</head>
<body>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your experience on
our site. By continuing to browse you accept our cookie policy.</p>
<button>Accept all cookies</button></div>
<header class="site-header"><a href="/" class="logo">The Coastal Herald</a>
<nav class="main-nav"><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li>
<li><a href="/weather">Weather</a></li></ul></nav>
</header>
<main>
<article class="story">
<h1>Harbour council approves flood barrier after decade of delays</h1>
<p class="byline">By Maria Jensen &middot;
<time datetime="2021-12-06T09:30:00+00:00">6 December 2021</time></p>
{_paragraphs(HERALD_PARAGRAPHS)}
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/news/2021/11/30/storm-damage">Storm damage bill passes two million</a></li>
<li><a href="/news/2021/11/12/insurers">Insurers pull out of waterfront district</a></li>
<li><a href="/news/2021/10/02/mussels">Mussel harvest lowest in twenty years</a></li>
</ul></aside>
</main>
<footer class="site-footer"><p>&copy; 2021 The Coastal Herald Media Group. All rights reserved.</p>
<ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
<li><a href="/privacy">Privacy policy</a></li></ul>
<p>Subscribe to our newsletter for the latest local news delivered every morning.</p></footer>
</body>
</html>
"""


# The Bay Gazette's story, two days later: its own opening and close around two paragraphs of
# the Herald's, word for word, inside a different site's chrome (no <article>, a sidebar, a
# newsletter box, a JSON-LD block for its metadata).
GAZETTE_OWN = [
    "Residents of the lower town will have to wait at least four more years for protection from "
    "storm surges, even though the harbour council has finally said yes to a flood barrier.",
    "The Gazette asked the council's engineers when the gates could first be raised. They said "
    "the first full test was planned for the winter after construction ends, if the weather "
    "allows divers to finish the foundations on time.",
    "Local fishermen said they would ask the regional court to review the environmental study "
    "before any work starts on the seabed.",
]
SHARED = HERALD_PARAGRAPHS[1:3]
GAZETTE_PARAGRAPHS = [GAZETTE_OWN[0], *SHARED, GAZETTE_OWN[1], GAZETTE_OWN[2]]
GAZETTE_URL = "https://bay-gazette.example/local/flood-barrier-wait"


def gazette_page() -> str:
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Flood barrier: the long wait begins - Bay Gazette</title>
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle",
  "headline": "Flood barrier: the long wait begins",
  "datePublished": "2021-12-08T07:00:00+01:00",
  "author": {{"@type": "Person", "name": "Tom Okafor"}},
  "publisher": {{"@type": "Organization", "name": "Bay Gazette"}}}}
</script>
</head>
<body>
<div id="top-bar"><a href="/">Bay Gazette</a> | <a href="/local">Local</a> |
<a href="/events">Events</a> | <a href="/jobs">Jobs</a> | <a href="/login">Sign in</a></div>
<div class="consent"><p>This site uses cookies and similar technologies. Manage your
preferences or accept them to continue.</p><a href="#">Manage preferences</a></div>
<div class="layout">
<div class="content">
<div class="post">
<h1 class="post-title">Flood barrier: the long wait begins</h1>
<div class="post-meta">Tom Okafor, 8 December 2021</div>
<div class="post-body">
{_paragraphs(GAZETTE_PARAGRAPHS)}
</div>
</div>
<div class="newsletter-box"><p>Get the Gazette in your inbox every Friday: local news, events
and the tide tables for the week ahead.</p><a href="/newsletter">Sign up now</a></div>
</div>
<div class="sidebar"><h3>Most read</h3><ul>
<li><a href="/local/ferry">Ferry timetable changes from January</a></li>
<li><a href="/local/school">New school opens on the hill</a></li>
<li><a href="/local/market">Christmas market returns to the square</a></li></ul></div>
</div>
<div class="bottom"><p>Bay Gazette, 12 Quay Street. Copyright 2021. All rights reserved.</p>
<p><a href="/terms">Terms</a> &middot; <a href="/cookies">Cookie settings</a></p></div>
</body>
</html>
"""


def _extract(
    html: str | bytes,
    problems: Optional[list[Problem]] = None,
    url: Optional[str] = None,
    **kw: Any,
) -> Optional[Article]:
    data = html.encode("utf-8") if isinstance(html, str) else html
    return html_article(data, "page.html", "page", [] if problems is None else problems, url, **kw)


# ----------------------------------------------------------------------------- without the extra


def test_page_kind() -> None:
    assert page_kind("crawl/2021.warc.gz") == "warc"
    assert page_kind(Path("A.WARC")) == "warc"
    assert page_kind("story.html") == "html"
    assert page_kind("story.HTM") == "html"
    assert page_kind("page.xhtml") == "html"
    assert page_kind("story.txt") is None
    assert page_kind("archive.gz") is None


def test_missing_extra_message_names_the_file_and_the_install_command() -> None:
    message = missing_extra_message(Path("crawl/2021.warc.gz"))
    assert message.startswith("crawl/2021.warc.gz is a WARC web archive")
    assert "pip install 'newsreuse[html]'" in message
    assert "an HTML page" in missing_extra_message("news/story.html")


def test_available_is_false_when_the_extra_does_not_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import raises ImportError
    assert webpages.available() is False


def test_importing_reuse_does_not_import_the_extra() -> None:
    code = (
        "import sys, reuse, reuse.corpus.webpages\n"
        "assert 'trafilatura' not in sys.modules and 'warcio' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ----------------------------------------------------------------------------- one page


def test_extracts_the_article_paragraphs_one_a_line_and_not_the_chrome(trafilatura: Any) -> None:
    problems: list[Problem] = []
    article = _extract(herald_page(), problems)
    assert article is not None and problems == []
    lines = article.text.split("\n")
    for paragraph in HERALD_PARAGRAPHS:
        assert paragraph in lines
    for chrome in HERALD_CHROME:
        assert chrome not in article.text


def test_reads_title_site_date_author_and_url(trafilatura: Any) -> None:
    article = _extract(herald_page())
    assert article is not None
    assert article.id == "page" and article.origin == "page.html"
    assert article.title == "Harbour council approves flood barrier after decade of delays"
    assert article.outlet == "The Coastal Herald"
    assert article.published == "2021-12-06" and not article.published_inferred
    assert article.url == HERALD_URL  # from the canonical link: no URL was given
    assert article.byline == "Maria Jensen"
    assert webpages.available()


def test_metadata_from_json_ld(trafilatura: Any) -> None:
    article = _extract(gazette_page(), url=GAZETTE_URL)
    assert article is not None
    assert article.title == "Flood barrier: the long wait begins"
    assert article.outlet == "Bay Gazette"
    assert article.published == "2021-12-08"
    assert article.url == GAZETTE_URL
    assert article.byline == "Tom Okafor"
    for paragraph in GAZETTE_PARAGRAPHS:
        assert paragraph in article.text.split("\n")
    for chrome in ("Most read", "Get the Gazette", "Manage preferences", "Quay Street", "Jobs"):
        assert chrome not in article.text


def test_a_given_url_wins_and_the_canonical_one_is_kept(trafilatura: Any) -> None:
    fetched = "https://www.coastalherald.example/amp/flood-barrier?utm_source=feed"
    article = _extract(herald_page(), url=fetched)
    assert article is not None
    assert article.url == fetched
    assert article.extra == {"canonical_url": HERALD_URL}


def test_outlet_is_the_host_when_the_page_names_no_site(trafilatura: Any) -> None:
    html = (
        "<html><head><title>Mill closes</title></head><body><article>"
        + _paragraphs(HERALD_PARAGRAPHS[:3])
        + "</article></body></html>"
    )
    article = _extract(html, url="https://www.valley-news.example/2021/mill")
    assert article is not None
    assert article.outlet == "valley-news.example"
    assert article.published is None  # no date in the markup: none is made up


def test_the_date_is_not_taken_from_related_links(trafilatura: Any) -> None:
    html = herald_page().replace(
        '<meta property="article:published_time" content="2021-12-06T09:30:00+00:00">', ""
    )
    html = html.replace('<time datetime="2021-12-06T09:30:00+00:00">6 December 2021</time>', "")
    html = html.replace(HERALD_URL, "https://www.coastalherald.example/news/flood-barrier")
    article = _extract(html)
    assert article is not None
    assert article.published is None  # not 2021-10-02, the date in a related story's link


def test_a_page_laid_out_with_tables_still_reads_one_paragraph_a_line(trafilatura: Any) -> None:
    html = (
        "<html><head><title>Old site</title></head><body><table width='100%'><tr>"
        "<td class='menu'><a href='/'>Home</a><br><a href='/archive'>Archive</a></td>"
        "<td class='content'>" + _paragraphs(HERALD_PARAGRAPHS[:4]) + "</td></tr></table>"
        "</body></html>"
    )
    article = _extract(html)
    assert article is not None
    assert article.text.split("\n") == HERALD_PARAGRAPHS[:4]


def test_a_page_without_article_text_is_a_problem(trafilatura: Any) -> None:
    html = (
        "<html><head><title>Harbour at dawn</title></head><body>"
        "<img src='/photos/harbour.jpg' alt='The harbour at dawn'></body></html>"
    )
    problems: list[Problem] = []
    assert _extract(html, problems) is None
    assert problems == [
        Problem(
            "page.html",
            "no article text found in the page (trafilatura extracted nothing): skipped",
            "page",
        )
    ]
    problems.clear()
    assert _extract(b"", problems) is None
    assert [p.message for p in problems] == [webpages.NO_TEXT]


def test_extraction_is_deterministic_and_keeps_no_state(trafilatura: Any) -> None:
    first = _extract(herald_page())
    _extract(gazette_page())
    again = _extract(herald_page())
    assert first is not None and again is not None
    assert (first.text, first.title, first.outlet, first.published, first.url) == (
        again.text,
        again.title,
        again.outlet,
        again.published,
        again.url,
    )


# ----------------------------------------------------------------------------- charsets

CP1252_PARAGRAPHS = [
    "The caf\u00e9 owners of the old quarter said on Tuesday they were \u201crelieved\u201d that "
    "the plan to close the street to delivery vans had been dropped \u2013 for now.",
    "\u201cWe lost \u20ac3,000 a week during the trial,\u201d said Ren\u00e9e Dupr\u00e9, who "
    "runs a cr\u00eaperie near the market hall and has led the traders\u2019 campaign.",
    "The city\u2019s transport office said it would look again at the \u00e9tude and consult "
    "the traders before proposing anything new.",
]


def _cafe_page(meta: str) -> str:
    return (
        f"<html><head>{meta}<title>Caf\u00e9 owners \u2018relieved\u2019</title></head>"
        f"<body><article>{_paragraphs(CP1252_PARAGRAPHS)}</article></body></html>"
    )


def test_windows_1252_declared_in_a_meta_tag(trafilatura: Any) -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    problems: list[Problem] = []
    article = _extract(_cafe_page(meta).encode("cp1252"), problems)
    assert article is not None and problems == []
    assert article.text.split("\n") == CP1252_PARAGRAPHS
    assert article.title == "Caf\u00e9 owners \u2018relieved\u2019"


def test_iso_8859_1_is_read_as_windows_1252_like_a_browser(trafilatura: Any) -> None:
    article = _extract(_cafe_page('<meta charset="ISO-8859-1">').encode("cp1252"))
    assert article is not None
    assert article.text.split("\n") == CP1252_PARAGRAPHS  # curly quotes, euro sign, en dash


def test_the_declared_charset_is_honoured_where_guessing_is_hard(trafilatura: Any) -> None:
    polish = [
        "Rada miasta zdecydowa\u0142a w poniedzia\u0142ek o budowie zapory "
        "przeciwpowodziowej u wej\u015bcia do starego portu.",
        "Mieszka\u0144cy dzielnicy nadbrze\u017cnej m\u00f3wili o piwnicach "
        "zalanych wod\u0105 morsk\u0105 przez trzy zimy z rz\u0119du.",
        "Budowa ma si\u0119 rozpocz\u0105\u0107 jesieni\u0105 i potrwa\u0107 trzy lata, "
        "a koszt wyniesie czterdzie\u015bci osiem milion\u00f3w euro.",
    ]
    html = (
        '<html><head><meta charset="iso-8859-2"><title>Zapora</title></head><body><article>'
        + _paragraphs(polish)
        + "</article></body></html>"
    )
    article = _extract(html.encode("iso-8859-2"))
    assert article is not None
    assert article.text.split("\n") == polish


def test_xhtml_with_an_xml_declaration(trafilatura: Any) -> None:
    page = (
        '<?xml version="1.0" encoding="iso-8859-1"?>\n<!DOCTYPE html PUBLIC '
        '"-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Caf\u00e9</title></head>'
        f'<body><div id="content">{_paragraphs(CP1252_PARAGRAPHS)}</div></body></html>'
    )
    problems: list[Problem] = []
    article = _extract(page.encode("cp1252"), problems)
    assert article is not None and problems == []
    assert article.text.split("\n") == CP1252_PARAGRAPHS
    assert article.title == "Caf\u00e9"


def test_the_http_header_charset_wins_over_the_page(trafilatura: Any) -> None:
    data = _cafe_page('<meta charset="iso-8859-15">').encode("cp1252")
    article = _extract(data, content_type="text/html; charset=windows-1252")
    assert article is not None
    assert article.text.split("\n") == CP1252_PARAGRAPHS  # iso-8859-15 would read the euro as "¤"


def test_a_byte_order_mark_wins(trafilatura: Any) -> None:
    data = b"\xff\xfe" + _cafe_page('<meta charset="windows-1252">').encode("utf-16-le")
    article = _extract(data)
    assert article is not None
    assert article.text.split("\n") == CP1252_PARAGRAPHS


def test_utf8_bytes_under_a_wrong_label_are_read_as_utf8(trafilatura: Any) -> None:
    problems: list[Problem] = []
    article = _extract(_cafe_page('<meta charset="iso-8859-1">').encode("utf-8"), problems)
    assert article is not None
    assert article.text.split("\n") == CP1252_PARAGRAPHS
    assert [p.message for p in problems] == [
        "the page declares charset 'iso-8859-1' in a <meta> tag, but its bytes are UTF-8: read "
        "as UTF-8"
    ]


def test_no_charset_and_not_utf8_is_read_as_windows_1252_with_a_problem(trafilatura: Any) -> None:
    problems: list[Problem] = []
    article = _extract(_cafe_page("").encode("cp1252"), problems)
    assert article is not None
    assert article.text.split("\n") == CP1252_PARAGRAPHS
    assert len(problems) == 1 and "declares no charset" in problems[0].message
    assert problems[0].where == "page.html" and problems[0].article == "page"


def test_an_unknown_charset_label_is_a_problem_not_an_error(trafilatura: Any) -> None:
    problems: list[Problem] = []
    article = _extract(_cafe_page('<meta charset="x-martian">').encode("utf-8"), problems)
    assert article is not None
    assert article.text.split("\n") == CP1252_PARAGRAPHS
    assert len(problems) == 1 and "'x-martian'" in problems[0].message


@pytest.mark.parametrize(
    "label, codec",
    [
        ("ISO-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("latin1", "cp1252"),
        ("windows-1252", "cp1252"),
        ("x-cp1252", "cp1252"),
        ("iso-8859-9", "cp1254"),
        ("windows-874", "cp874"),
        ("GB2312", "gb18030"),
        ("Shift_JIS", "cp932"),
        ("windows-31j", "cp932"),
        ("euc-kr", "cp949"),
        ("utf-16", "utf-8"),
        ("UTF8", "utf-8"),
        ("koi8-r", "koi8-r"),
        ("iso-8859-2", "iso8859-2"),
        ("x-martian", None),
    ],
)
def test_charset_labels_are_read_as_browsers_read_them(label: str, codec: Optional[str]) -> None:
    assert webpages._codec(label) == codec


# ----------------------------------------------------------------------------- reuse across pages


def test_pages_sharing_paragraphs_are_matched_in_the_extracted_text(trafilatura: Any) -> None:
    herald = html_article(herald_page().encode(), "herald.html", "herald", [], HERALD_URL)
    gazette = html_article(gazette_page().encode(), "gazette.html", "gazette", [], GAZETTE_URL)
    assert herald is not None and gazette is not None
    report = detect([herald, gazette], jobs=1)
    matches = [m for m in report.matches if {m.a, m.b} == {"herald", "gazette"}]
    assert matches
    texts = {"herald": herald.text, "gazette": gazette.text}
    shared = "\n".join(SHARED)
    for side in ("a", "b"):
        spans = sorted((getattr(m, f"{side}_start"), getattr(m, f"{side}_end")) for m in matches)
        text = texts[getattr(matches[0], side)]
        covered = "".join(text[start:end] for start, end in spans)
        # The passage is the two shared paragraphs, nothing more (to their last word).
        assert covered.strip().rstrip(".") == shared.rstrip(".")
    derivation = next(d for d in report.derivations)
    assert (derivation.source, derivation.target) == ("herald", "gazette")  # dates from the pages


# ----------------------------------------------------------------------------- WARC archives


def _response(
    writer: Any,
    uri: str,
    status: str,
    content_type: str,
    body: bytes,
    date: str = "2022-01-05T10:00:00Z",
) -> None:
    from warcio.statusandheaders import StatusAndHeaders

    http = StatusAndHeaders(
        status,
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)


PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)
NOT_FOUND = b"<html><body><h1>Not found</h1><p>No page at this address.</p></body></html>"


def write_warc(path: Path, gz: bool = True) -> list[int]:
    """Two HTML pages, an image and a 404 page; the offsets where records 2, 3, 4 start and where
    the file ends."""
    from warcio.warcwriter import WARCWriter

    ends = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        _response(
            writer,
            "https://www.coastalherald.example/flood",
            "200 OK",
            "text/html; charset=utf-8",
            herald_page().encode(),
        )
        ends.append(fh.tell())
        _response(writer, "https://www.coastalherald.example/logo.png", "200 OK", "image/png", PNG)
        ends.append(fh.tell())
        _response(
            writer,
            "https://www.coastalherald.example/gone",
            "404 Not Found",
            "text/html",
            NOT_FOUND,
        )
        ends.append(fh.tell())
        _response(writer, GAZETTE_URL, "200 OK", "text/html", gazette_page().encode())
        ends.append(fh.tell())
    return ends


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_gives_the_html_pages_and_counts_the_rest(
    warcio: Any, tmp_path: Path, gz: bool
) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, gz)
    problems: list[Problem] = []
    articles = list(warc_articles(path, problems))
    assert [a.id for a in articles] == ["https://www.coastalherald.example/flood", GAZETTE_URL]
    assert [a.url for a in articles] == [a.id for a in articles]
    assert [a.origin for a in articles] == [f"{path}#1", f"{path}#4"]
    herald, gazette = articles
    assert herald.text.split("\n")[1:] == HERALD_PARAGRAPHS  # after the headline
    assert herald.published == "2021-12-06"  # the page's date, not the WARC-Date
    assert herald.extra == {"canonical_url": HERALD_URL, "warc_date": "2022-01-05T10:00:00Z"}
    assert gazette.outlet == "Bay Gazette" and gazette.published == "2021-12-08"
    assert [str(p) for p in problems] == [
        f"{path}: 1 record that is not an HTML page skipped (1 \u00d7 image/png)",
        f"{path}: 1 HTML response skipped because the HTTP status is not 200 OK "
        "(1 \u00d7 status 404)",
    ]


def test_warc_resource_records_and_records_of_other_types(warcio: Any, tmp_path: Path) -> None:
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "mixed.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record("mixed.warc.gz", {"software": "test"}))
        writer.write_record(
            writer.create_warc_record(
                "https://bay-gazette.example/saved",
                "resource",
                payload=io.BytesIO(gazette_page().encode()),
                warc_content_type="text/html",
            )
        )
        writer.write_record(
            writer.create_warc_record(
                "https://bay-gazette.example/style.css",
                "resource",
                payload=io.BytesIO(b"p{}"),
                warc_content_type="text/css",
            )
        )
        _response(
            writer,
            "https://bay-gazette.example/old",
            "301 Moved Permanently",
            "text/html",
            b"<html><body><a href='/new'>moved</a></body></html>",
        )
        _response(
            writer,
            "https://bay-gazette.example/saved",
            "200 OK",
            "application/xhtml+xml",
            gazette_page().encode(),
        )
    problems: list[Problem] = []
    articles = list(warc_articles(path, problems))
    # The same URI twice is yielded twice: the loader's duplicate policy renames the second.
    assert [(a.id, a.origin) for a in articles] == [
        ("https://bay-gazette.example/saved", f"{path}#2"),
        ("https://bay-gazette.example/saved", f"{path}#5"),
    ]
    assert articles[0].text == articles[1].text
    assert [p.message for p in problems] == [
        "2 records that are not HTML pages skipped (1 \u00d7 text/css, 1 \u00d7 warcinfo)",
        "1 HTML response skipped because the HTTP status is not 200 OK (1 \u00d7 status 301)",
    ]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_truncated_warc_keeps_the_records_before_the_cut(
    warcio: Any, tmp_path: Path, gz: bool
) -> None:
    whole = tmp_path / "whole.warc"
    ends = write_warc(whole, gz)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(data[: (ends[2] + ends[3]) // 2])  # in the middle of the Gazette's record
    problems: list[Problem] = []
    articles = list(warc_articles(cut, problems))
    assert [a.id for a in articles] == ["https://www.coastalherald.example/flood"]
    assert problems[0].where == f"{cut}#4"
    assert "the file ends inside this record (it was cut short)" in problems[0].message
    # The records read before the cut are still counted.
    assert [p.message.split(" (")[0] for p in problems[1:]] == [
        "1 record that is not an HTML page skipped",
        "1 HTML response skipped because the HTTP status is not 200 OK",
    ]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_warc_cut_anywhere_never_raises(
    warcio: Any, tmp_path: Path, gz: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = tmp_path / "whole.warc"
    ends = write_warc(whole, gz)
    data = whole.read_bytes()
    # The pages themselves are not what is checked here: extraction is left out for speed.
    monkeypatch.setattr(webpages, "_page_article", lambda path, page, problems: page.uri)
    cut = tmp_path / "cut.warc"
    for size in range(0, len(data), 23):
        cut.write_bytes(data[:size])
        problems: list[Problem] = []
        uris = list(warc_articles(cut, problems))
        # Cut in the blank lines that end a record, or in its gzip trailer, nothing of the
        # record is lost: it may be read or reported, either is right.
        if any(0 < end - size <= (16 if gz else 4) for end in ends):
            continue
        complete = sum(end <= size for end in ends)
        assert len(uris) == (complete >= 1) + (complete >= 4), size
        if size not in (0, *ends):
            assert problems[0].where == f"{cut}#{complete + 1}", size
            assert (
                "cut short" in problems[0].message
                or "cannot be read from record" in problems[0].message
            ), size


def test_a_damaged_warc_stops_with_a_problem(warcio: Any, tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc"
    ends = write_warc(whole, gz=False)
    data = whole.read_bytes()
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(data[: ends[0]] + b"GARBAGE\x00\xff not a record\r\n\r\n" + data[ends[0] :])
    problems: list[Problem] = []
    articles = list(warc_articles(damaged, problems))
    assert [a.id for a in articles] == ["https://www.coastalherald.example/flood"]
    assert problems[0].where == f"{damaged}#2"
    assert problems[0].message.startswith("the archive cannot be read from record 2 on (")
    assert "the pages before it were kept" in problems[0].message


def test_a_warc_compressed_whole_says_how_to_repair_it(warcio: Any, tmp_path: Path) -> None:
    plain = tmp_path / "plain.warc"
    write_warc(plain, gz=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))  # one gzip member, not one per record
    problems: list[Problem] = []
    articles = list(warc_articles(whole, problems))
    assert [a.id for a in articles] == ["https://www.coastalherald.example/flood"]
    assert "warcio recompress" in problems[0].message


def test_a_file_that_is_not_a_warc(warcio: Any, tmp_path: Path) -> None:
    path = tmp_path / "story.warc"
    path.write_text(herald_page(), encoding="utf-8")
    problems: list[Problem] = []
    assert list(warc_articles(path, problems)) == []
    assert len(problems) == 1 and problems[0].where == f"{path}#1"
    assert "cannot be read from record 1 on" in problems[0].message


def test_a_missing_warc_is_a_problem(warcio: Any, tmp_path: Path) -> None:
    problems: list[Problem] = []
    assert list(warc_articles(tmp_path / "gone.warc.gz", problems)) == []
    assert len(problems) == 1 and problems[0].message.startswith("cannot read the file (")


def test_warc_pages_in_a_corpus_are_matched(warcio: Any, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    report = detect(list(warc_articles(path, [])), jobs=1)
    pairs = {(d.source, d.target) for d in report.derivations}
    assert pairs == {("https://www.coastalherald.example/flood", GAZETTE_URL)}


# ----------------------------------------------------------------------------- in the loader


def test_a_folder_of_pages_and_archives_is_read_by_the_loader(warcio: Any, tmp_path: Path) -> None:
    from reuse.corpus import load_corpus

    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "herald.html").write_text(herald_page(), encoding="utf-8")
    (folder / "gazette.htm").write_text(gazette_page(), encoding="utf-8")
    write_warc(folder / "crawl.warc.gz")
    corpus = load_corpus(folder)
    ids = [a.id for a in corpus.articles]
    assert ids[:2] == ["https://www.coastalherald.example/flood", GAZETTE_URL]  # crawl.warc.gz
    assert ids[-2:] == ["gazette", "herald"]
    report = detect(folder, jobs=1)
    assert ("gazette", "herald") in {(m.a, m.b) for m in report.matches}


def test_without_the_extra_pages_are_named_not_dropped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import reuse.corpus as corpus_module
    from reuse.corpus import load_corpus
    from reuse.errors import InputError

    monkeypatch.setattr(corpus_module, "webpages_available", lambda: False)
    (tmp_path / "a.txt").write_text("The minister said the budget would rise by four per cent.")
    (tmp_path / "page.html").write_text("<html><body><p>Hello</p></body></html>")
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a"]
    assert "pip install 'newsreuse[html]'" in corpus.problems[0].message
    with pytest.raises(InputError, match=r"newsreuse\[html\]"):
        load_corpus(tmp_path / "page.html")
