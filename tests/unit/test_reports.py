"""Report renderers: HTML, Markdown, CSV, SQLite, passim JSON Lines, and the format registry."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import re
import sqlite3
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Optional

import pytest
from conftest import build_hand_report, hostile_report
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from reuse import reports
from reuse.errors import ReportFormatError
from reuse.model import Match, Report
from reuse.reports import csv_report, html, markdown, marks, passim, sqlite_report, text

TEXT_FORMATS = ["text", "json", "html", "markdown", "passim"]


# ---- helpers -------------------------------------------------------------------------------

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _Tree(HTMLParser):
    """Collects what the HTML tests look at: ids, fragment links, marks and their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        # (pair id, side, mark id or "", classes) -> text
        self.marks: list[dict[str, Any]] = []
        self.text: list[str] = []

    def _ctx(self, cls: str) -> Optional[dict[str, str]]:
        for _tag, attrs in reversed(self.stack):
            if cls in attrs.get("class", "").split():
                return attrs
        return None

    def handle_starttag(self, tag: str, attrs_list: list) -> None:
        attrs = {k: (v or "") for k, v in attrs_list}
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if attrs.get("href", "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if tag == "mark":
            pair = self._ctx("pairbox")
            side = self._ctx("side")
            self.marks.append(
                {
                    "pair": pair["id"] if pair else None,
                    "side": side.get("class", "").split()[-1] if side else None,
                    "id": attrs.get("id", ""),
                    "classes": attrs["class"].split(),
                    "text": "",
                }
            )
        if tag not in _VOID:
            self.stack.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs_list: list) -> None:
        attrs = {k: (v or "") for k, v in attrs_list}
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if attrs.get("href", "").startswith("#"):
            self.links.append(attrs["href"][1:])

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        assert self.stack and self.stack[-1][0] == tag, (tag, self.stack[-3:])
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if any(t == "mark" for t, _ in self.stack):
            self.marks[-1]["text"] += data


def _parse(page: str) -> _Tree:
    tree = _Tree()
    tree.feed(page)
    tree.close()
    assert not tree.stack, "unclosed elements: " + repr(tree.stack[-3:])
    return tree


def _json_report(report: Report) -> dict[str, Any]:
    return json.loads(reports.render(report, "json"))


def _typed(raw: str, like: Any) -> Any:
    """A CSV cell read back as the type of the JSON value it should equal (text cells with the
    formula guard undone)."""
    if like is None:
        return None if raw == "" else csv_report.restore(raw)
    if isinstance(like, bool):
        return {"true": True, "false": False}[raw]
    if isinstance(like, int):
        return int(raw)
    if isinstance(like, float):
        return float(raw)
    return csv_report.restore(raw)


def _renamed(report: Report, names: dict[str, str]) -> Report:
    """The same report with article ids renamed (to try awkward ids)."""
    r = lambda i: names.get(i, i)  # noqa: E731
    return dataclasses.replace(
        report,
        articles=tuple(dataclasses.replace(a, id=r(a.id)) for a in report.articles),
        matches=tuple(
            sorted(
                (
                    dataclasses.replace(m, a=r(m.a), b=r(m.b))
                    if r(m.a) < r(m.b)
                    else dataclasses.replace(
                        m,
                        a=r(m.b),
                        a_start=m.b_start,
                        a_end=m.b_end,
                        b=r(m.a),
                        b_start=m.a_start,
                        b_end=m.a_end,
                    )
                    for m in report.matches
                ),
                key=lambda m: m.id,
            )
        ),
        clusters=tuple(
            dataclasses.replace(
                c, passages=tuple(dataclasses.replace(p, article=r(p.article)) for p in c.passages)
            )
            for c in report.clusters
        ),
        derivations=tuple(
            dataclasses.replace(d, source=r(d.source), target=r(d.target))
            for d in report.derivations
        ),
        texts={r(k): v for k, v in report.texts.items()},
    )


# ---- registry ------------------------------------------------------------------------------


def test_every_format_has_a_renderer_and_a_writer(hand_report: Report) -> None:
    assert set(reports.FORMATS) == {"text", "json", "html", "markdown", "csv", "sqlite", "passim"}
    for fmt in TEXT_FORMATS:
        assert isinstance(reports.render(hand_report, fmt), str)
    with pytest.raises(ReportFormatError, match="unknown report format 'pdf'"):
        reports.render(hand_report, "pdf")


@pytest.mark.parametrize("fmt", ["csv", "sqlite"])
def test_file_formats_ask_for_an_output_path(hand_report: Report, fmt: str) -> None:
    with pytest.raises(ReportFormatError, match="-o"):
        reports.render(hand_report, fmt)


@pytest.mark.parametrize(
    "path, fmt",
    [
        ("r.txt", "text"),
        ("r.json", "json"),
        ("r.html", "html"),
        ("R.HTM", "html"),
        ("r.md", "markdown"),
        ("r.markdown", "markdown"),
        ("r.zip", "csv"),
        ("r.sqlite", "sqlite"),
        ("r.sqlite3", "sqlite"),
        ("r.db", "sqlite"),
        ("r.jsonl", "passim"),
        ("out/report", None),
        ("r.csv", None),
        ("r.pdf", None),
    ],
)
def test_guess_format(path: str, fmt: Optional[str]) -> None:
    assert reports.guess_format(path) == fmt


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_text_formats_deterministic(fmt: str) -> None:
    # Two separately built, equal reports give the same bytes.
    assert reports.render(build_hand_report(), fmt) == reports.render(build_hand_report(), fmt)


@pytest.mark.parametrize(
    "fmt, name",
    [
        ("html", "r.html"),
        ("markdown", "r.md"),
        ("passim", "r.jsonl"),
        ("csv", "r.zip"),
        ("csv", "folder"),
        ("sqlite", "r.sqlite"),
    ],
)
def test_write_every_format(hand_report: Report, tmp_path: Path, fmt: str, name: str) -> None:
    reports.write(hand_report, fmt, tmp_path / name)
    assert (tmp_path / name).exists()
    if fmt in TEXT_FORMATS:
        assert (tmp_path / name).read_bytes() == reports.render(hand_report, fmt).encode("utf-8")


# ---- HTML ----------------------------------------------------------------------------------


def test_html_is_one_file_that_fetches_nothing(hand_report: Report) -> None:
    page = html.render(hand_report)
    assert page.startswith("<!DOCTYPE html>")
    tree = _parse(page)
    for tag, attrs in tree.tags:
        for attr in ("src", "href", "action", "poster", "srcset", "xlink:href", "data"):
            value = attrs.get(attr, "")
            assert not re.match(r"\s*(https?:)?//", value), (tag, attr, value)
        assert tag not in ("script", "link", "iframe", "img", "object", "embed"), tag
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", page)
    assert "@import" not in page and "@font-face" not in page
    assert "http://" not in page and "https://" not in page
    # A Content-Security-Policy forbids scripts and requests, as a second line of defence.
    assert "default-src 'none'" in page


def test_html_escapes_scraped_markup(hand_report: Report) -> None:
    page = html.render(hand_report)
    assert "<script" not in page and "<img" not in page and 'onerror="window' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    tree = _parse(page)
    assert "<script>alert(1)</script>" in "".join(tree.text)


def test_html_graph_svg(hand_report: Report) -> None:
    page = html.render(hand_report)
    svg = page[page.index("<svg") : page.index("</svg>") + 6]
    for aid in ("blog-003", "daily-002", "wire-001"):
        assert f'<a href="#article-{aid}" class="node"><title>{aid}' in svg
    assert svg.count('class="edge copied"') == 1 and svg.count('class="edge common"') == 1
    copied = re.search(r'class="edge copied">.*?<path ([^>]*)/>', svg).group(1)
    common = re.search(r'class="edge common">.*?<path ([^>]*)/>', svg).group(1)
    assert "marker-end" in copied and "marker-end" not in common
    # Wider line for more shared characters (393 vs 120).
    width = lambda attrs: float(re.search(r'stroke-width="([\d.]+)"', attrs).group(1))  # noqa
    assert width(copied) > width(common)
    # The undated article has its own labelled column, left of the dated ones.
    assert ">no date</text>" in svg
    xs = {
        aid: float(x)
        for aid, x in re.findall(
            r'href="#article-([\w-]+)" class="node">.*?<rect x="([\d.]+)"', svg, re.S
        )
    }
    assert xs["blog-003"] < xs["wire-001"] < xs["daily-002"]


def test_html_pairs_marked_on_both_sides(hand_report: Report) -> None:
    tree = _parse(html.render(hand_report))
    texts = hand_report.texts
    by_id = {m.id: m for m in hand_report.matches}
    pair_marks = [m for m in tree.marks if m["pair"]]
    for m in hand_report.matches:
        pair = f"pair-{m.a}/{m.b}"
        for side, aid, start, end in (
            ("side-a", m.a, m.a_start, m.a_end),
            ("side-b", m.b, m.b_start, m.b_end),
        ):
            found = [
                x for x in pair_marks if x["pair"] == pair and x["id"] == f"m-{m.id}-{side[-1]}"
            ]
            assert len(found) == 1, (m.id, side)
            mark = found[0]
            assert mark["side"] == side
            assert m.kind in mark["classes"]
            assert ("quoted" in mark["classes"]) == m.quoted
            # The mark holds exactly the passage (no two passages of a pair overlap here).
            assert mark["text"] == texts[aid][start:end]
    assert {c for x in pair_marks for c in x["classes"]} >= {
        "verbatim",
        "near-verbatim",
        "paraphrase",
        "quoted",
    }
    assert len(by_id) == len(hand_report.matches)


def test_html_near_verbatim_words_differ_on_each_side(hand_report: Report) -> None:
    page = html.render(hand_report)
    only = re.findall(r'<span class="only">([^<]*)</span>', page)
    assert "collapsed" in only and "wants" in only  # in daily-002 only
    assert "broke down" in only and "is demanding" in only  # in wire-001 only
    assert "7" not in " ".join(only)  # shared words stay unflagged


def test_html_quote_badges_legend_and_sections(hand_report: Report) -> None:
    page = html.render(hand_report)
    assert page.count('<span class="badge quote">quote</span>') >= 3
    for kind in ("verbatim", "near-verbatim", "paraphrase"):
        assert f'<li><mark class="{kind}">{kind}</mark></li>' in page
    for section in (
        "overview",
        "graph",
        "derivations",
        "pairs",
        "clusters",
        "articles",
        "problems",
        "main",
    ):
        assert f'id="{section}"' in page
    assert 'class="skip" href="#main"' in page
    assert "@media (max-width:700px)" in page
    assert 'id="quotes"' not in page  # this report tracks no quotes
    for aid in hand_report.texts:
        assert f'<article class="art" id="article-{aid}"' in page


def test_html_internal_links_all_resolve(hand_report: Report) -> None:
    odd = _renamed(hand_report, {"wire-001": 'AP wire "1" <x>&y', "blog-003": "blog/003#é"})
    for report in (hand_report, odd):
        tree = _parse(html.render(report))
        assert len(tree.ids) == len(set(tree.ids)), "duplicate ids"
        missing = set(tree.links) - set(tree.ids)
        assert not missing


def test_html_cluster_lists_every_passage(hand_report: Report) -> None:
    page = html.render(hand_report)
    start = page.index('id="cluster-c1"')
    block = page[start : page.index("</details>", start)]
    for p in hand_report.clusters[0].passages:
        assert f'href="#article-{p.article}"' in block
        assert html.esc(p.text) in block


def test_html_renders_tracked_quotes_when_present(hand_report: Report) -> None:
    from reuse.model import QuoteVariant, TrackedQuote

    quote = TrackedQuote(
        "q1",
        "We have been patient <for> eight months",
        "c1",
        "wire-001",
        (QuoteVariant("We have been patient <for> eight months", ("wire-001",), ("Wire",)),),
    )
    page = html.render(dataclasses.replace(hand_report, quotes=(quote,)))
    assert 'id="quotes"' in page and 'href="#quotes"' in page
    assert "patient &lt;for&gt; eight" in page
    quotes = page[page.index('id="quotes"') : page.index('id="articles"')]
    assert 'href="#article-wire-001"' in quotes


def test_html_without_texts_or_findings() -> None:
    report = build_hand_report()
    page = html.render(dataclasses.replace(report, texts={}))
    assert "not in the report" in page
    empty = Report(settings={}, articles=(), matches=(), clusters=(), derivations=())
    page = html.render(empty)
    assert "No derivations" in page and "<svg" not in page
    _parse(page)


@hsettings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab <>&\"'\n\x00é"), max_size=60),
    spans=st.lists(
        st.tuples(
            st.integers(0, 60),
            st.integers(0, 60),
            st.sampled_from(["verbatim", "near-verbatim", "paraphrase"]),
            st.booleans(),
        ),
        max_size=4,
    ),
    only=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=3),
)
def test_highlight_keeps_the_text_and_nests_marks(text: str, spans: list, only: list) -> None:
    found = [
        marks.Span(min(a, b), max(a, b), k, q, f"m{i}", anchor=f"m{i}-a", link=f"m{i}-b")
        for i, (a, b, k, q) in enumerate(spans)
    ]
    out = marks.highlight(text, found, [(min(a, b), max(a, b)) for a, b in only])
    tree = _parse(f"<div>{out}</div>")
    assert "".join(tree.text) == text.replace("\x00", "\ufffd")


# Hostile input (conftest.HOSTILE): markup, terminal escapes, bidi overrides, lone surrogates,
# NUL, formulas; in ids, outlets, titles, texts, evidence, problems, quotes and boilerplate.
_UNSAFE_IN_PAGES = ("<script", "<img", "<b>", "</textarea", '</title>"')


def test_html_holds_against_hostile_input() -> None:
    page = html.render(hostile_report())
    for raw in _UNSAFE_IN_PAGES:
        assert raw not in page, raw
    assert not [ch for ch in page if "\ud800" <= ch <= "\udfff"]
    assert not set(page) & (set(map(chr, range(32))) - {"\n", "\t", "\r"})  # C0 shown as U+FFFD
    page.encode("utf-8")
    tree = _parse(page)  # still well-formed: every element closed, nothing injected
    assert not {t for t, _ in tree.tags} & {"script", "img", "b", "textarea", "iframe"}
    shown = "".join(tree.text)
    assert "<script>alert(1)</script>" in shown  # the markup is there, as text
    assert '"><img src=x onerror=alert(1)>' in shown
    assert "blog-003" in shown and "\ufffd" in shown
    assert set(tree.links) <= set(tree.ids)  # ids with every odd character still link


# ---- Markdown ------------------------------------------------------------------------------


def _cells(row: str) -> list[str]:
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_markdown_tables_mermaid_and_escaping(hand_report: Report) -> None:
    md = markdown.render(hand_report, full=True)
    for head in ("## Articles", "## Matches", "## Clusters", "## Derivations"):
        assert head in md
    # Every row of every table has as many cells as its header: no stray pipe or newline.
    lines = md.splitlines()
    width = None
    for line in lines:
        if line.startswith("|"):
            if width is None:
                width = len(_cells(line))
            assert len(_cells(line)) == width, line
        else:
            width = None
    assert "Shipping chaos \\| Rotterdam dockers strike" in md
    assert "wire-001 \\| local reaction" in md
    block = md[md.index("```mermaid\n") + 11 : md.index("```", md.index("```mermaid\n") + 11)]
    assert block.startswith("graph LR\n")
    assert re.search(r"^    a_wire_001 --> a_daily_002$", block, re.M)
    assert re.search(r"^    a_blog_003 -\.- a_daily_002$", block, re.M)
    for node_id, _label in re.findall(r'^    (\S+)\["([^"]*)"\]$', block, re.M):
        assert re.fullmatch(r"[A-Za-z0-9_]+", node_id)
    assert len(re.findall(r'^    (\S+)\["', block, re.M)) == 3
    # A passage excerpt per match.
    assert "Dock workers at Europe's largest port" in md


def test_markdown_cell_and_mermaid_labels_escape() -> None:
    assert (
        markdown.cell("a|b\nc <script>x</script> *y*")
        == "a\\|b c \\<script\\>x\\</script\\> \\*y\\*"
    )
    assert markdown.cell(None) == "-"
    report = _renamed(build_hand_report(), {"wire-001": 'AP "wire" 1'})
    block = markdown.mermaid(report)
    assert '"' not in block.replace('["', "").replace('"]', "")
    assert "AP #34;wire#34; 1" in block
    assert re.search(r"^    AP_", block, re.M) is None  # ids keep the a_ prefix
    assert "a_AP__wire__1" in block


def test_markdown_holds_against_hostile_input() -> None:
    md = markdown.render(hostile_report())
    body = md[: md.index("## Settings")]  # the settings are a JSON code block, shown as code
    settings = md[md.index("```json\n") + 8 : md.rindex("```")]
    assert json.loads(settings) == _json_report(hostile_report())["settings"]
    assert re.search(r"(?<!\\)<", body) is None  # every < of the input is escaped: no markup
    assert not [ch for ch in md if (ord(ch) < 32 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F]
    assert "\\<script\\>alert(1)\\</script\\>" in md
    assert "\\[link\\](javascript:alert(1))" in md
    assert not [ch for ch in md if "\ud800" <= ch <= "\udfff"]
    md.encode("utf-8")
    width = None
    for line in md.splitlines():  # no stray pipe or newline breaks a table row
        if line.startswith("|"):
            width = width or len(_cells(line))
            assert len(_cells(line)) == width, line
        else:
            width = None
    block = md[md.index("```mermaid\n") + 11 : md.index("```", md.index("```mermaid\n") + 11)]
    node = r'    [A-Za-z0-9_]+(\["[^"\n]*"\]| (-->|-\.-) [A-Za-z0-9_]+)'
    for line in block.splitlines()[1:]:
        assert re.fullmatch(node, line), line


# ---- CSV -----------------------------------------------------------------------------------


def _check_csv_tables(files: dict[str, str], report: Report) -> None:
    data = _json_report(report)
    for name, key in (("matches.csv", "matches"), ("articles.csv", "articles")):
        rows = list(csv.DictReader(io.StringIO(files[name], newline="")))
        assert len(rows) == len(data[key])
        for row, want in zip(rows, data[key]):
            assert set(row) == set(want)
            assert {k: _typed(row[k], v) for k, v in want.items()} == want
    rows = list(csv.DictReader(io.StringIO(files["clusters.csv"], newline="")))
    want = [
        {"cluster": c["id"], "quoted": c["quoted"], **p}
        for c in data["clusters"]
        for p in c["passages"]
    ]
    assert [{k: _typed(r[k], v) for k, v in w.items()} for r, w in zip(rows, want)] == want
    assert len(rows) == 3
    texts = {a["id"]: report.texts[a0.id] for a, a0 in zip(data["articles"], report.articles)}
    for r in rows:  # offsets slice the article text, and the text is the passage
        text = csv_report.restore(r["text"])
        assert texts[csv_report.restore(r["article"])][int(r["start"]) : int(r["end"])] == text
    rows = list(csv.DictReader(io.StringIO(files["derivations.csv"], newline="")))
    for r, w in zip(rows, data["derivations"]):
        assert csv_report.restore(r["evidence"]) == " | ".join(w["evidence"])
        assert {k: _typed(r[k], v) for k, v in w.items() if k != "evidence"} == {
            k: v for k, v in w.items() if k != "evidence"
        }
    rows = list(csv.DictReader(io.StringIO(files["problems.csv"], newline="")))
    assert [
        {k: _typed(r[k], v) for k, v in w.items()} for r, w in zip(rows, data["problems"])
    ] == data["problems"]
    assert json.loads(files["settings.json"]) == data["settings"]


# Cells that a spreadsheet would run as formulas, and cells that only look guarded already.
_FORMULAS = ("=1+1", "@SUM(A1:A9)", "=cmd|' /C calc'!A0", "+1", "-2", "\tTAB", "\rCR", "'q")


@pytest.mark.parametrize(
    "make", [build_hand_report, lambda: hostile_report(_FORMULAS)], ids=["hand", "formulas"]
)
def test_csv_folder_round_trip(make: Any, tmp_path: Path) -> None:
    out = tmp_path / "report"
    csv_report.write(make(), out)
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "articles.csv",
        "clusters.csv",
        "derivations.csv",
        "matches.csv",
        "problems.csv",
        "settings.json",
        "stories.csv",
        "story_carriers.csv",
    ]
    _check_csv_tables({n: (out / n).read_bytes().decode("utf-8") for n in names}, make())
    csv_report.write(make(), out)  # a previous report folder is replaced


@pytest.mark.parametrize(
    "make", [build_hand_report, lambda: hostile_report(_FORMULAS)], ids=["hand", "formulas"]
)
def test_csv_zip_round_trip_and_deterministic(make: Any, tmp_path: Path) -> None:
    a, b = tmp_path / "a.zip", tmp_path / "b.zip"
    reports.write(make(), "csv", a)
    reports.write(make(), "csv", b)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        assert zf.testzip() is None
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())
        files = {i.filename: zf.read(i).decode("utf-8") for i in zf.infolist()}
    _check_csv_tables(files, make())


@pytest.mark.parametrize("payload", ["=1+1", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"])
def test_csv_formula_payloads_are_neutralised(payload: str, tmp_path: Path) -> None:
    base = build_hand_report()
    report = dataclasses.replace(
        base,
        articles=tuple(
            dataclasses.replace(a, title=payload, outlet=payload) for a in base.articles
        ),
        problems=(dataclasses.replace(base.problems[0], message=payload),),
    )
    reports.write(report, "csv", tmp_path / "r")
    for name in ("articles.csv", "problems.csv"):
        text = (tmp_path / "r" / name).read_bytes().decode("utf-8")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        cells = [c for row in rows[1:] for c in row]
        assert "'" + payload in cells
        # No cell starts a formula: the payload only ever follows the guard quote.
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert [csv_report.restore(c) for c in cells].count(payload) == (
            2 * len(report.articles) if name == "articles.csv" else 1
        )


@pytest.mark.parametrize(
    "cell, written",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'x", "''x"),
        ("x=1", "x=1"),
        ("", ""),
        (" =1", " =1"),
    ],
)
def test_csv_neutralise_is_reversible(cell: str, written: str) -> None:
    assert csv_report.neutralise(cell) == written
    assert csv_report.restore(written) == cell


def test_csv_numbers_and_booleans_are_left_as_they_are() -> None:
    assert csv_report._value(-2) == "-2" and csv_report._value(-0.5) == "-0.5"
    assert csv_report._value(True) == "true" and csv_report._value(None) == ""
    assert csv_report._value(["=a", "b"]) == "'=a | b"


def test_csv_refuses_a_file_path(hand_report: Report, tmp_path: Path) -> None:
    with pytest.raises(ReportFormatError, match="folder"):
        csv_report.write(hand_report, tmp_path / "report.csv")


# ---- SQLite --------------------------------------------------------------------------------


def test_sqlite_round_trip_keys_and_indexes(hand_report: Report, tmp_path: Path) -> None:
    path = tmp_path / "report.sqlite"
    path.write_text("not a database")  # an existing file is replaced
    reports.write(hand_report, "sqlite", path)
    data = _json_report(hand_report)
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    try:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables >= {
            "articles",
            "matches",
            "passages",
            "clusters",
            "derivations",
            "settings",
            "problems",
        }
        rows = [dict(r) for r in db.execute("SELECT * FROM matches ORDER BY rowid")]
        want = [
            {k: int(v) if isinstance(v, bool) else v for k, v in m.items()} for m in data["matches"]
        ]
        assert rows == want
        arts = [dict(r) for r in db.execute("SELECT * FROM articles ORDER BY rowid")]
        assert [{k: v for k, v in r.items() if k != "text"} for r in arts] == [
            {k: int(v) if isinstance(v, bool) else v for k, v in a.items()}
            for a in data["articles"]
        ]
        for r in arts:
            assert r["text"] == hand_report.texts[r["id"]]
        for p in db.execute(
            'SELECT p.article, p."start", p."end", p.text, a.text AS full '
            "FROM passages p JOIN articles a ON a.id = p.article"
        ):
            assert p["full"][p["start"] : p["end"]] == p["text"]
        derivs = [dict(r) for r in db.execute("SELECT * FROM derivations ORDER BY id")]
        assert [json.loads(d["evidence"]) for d in derivs] == [
            d["evidence"] for d in data["derivations"]
        ]
        settings = {r["key"]: json.loads(r["value"]) for r in db.execute("SELECT * FROM settings")}
        assert settings == data["settings"]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        fks = {
            (t, r["from"], r["table"])
            for t in ("matches", "passages", "derivations")
            for r in db.execute(f"PRAGMA foreign_key_list({t})")
        }
        assert fks == {
            ("matches", "a", "articles"),
            ("matches", "b", "articles"),
            ("passages", "cluster", "clusters"),
            ("passages", "article", "articles"),
            ("derivations", "source", "articles"),
            ("derivations", "target", "articles"),
            ("matches", "via", "clusters"),
        }
        indexed = {
            (t, r["name"])
            for t in ("matches", "passages", "derivations")
            for i in db.execute(f"PRAGMA index_list({t})")
            for r in db.execute(f"PRAGMA index_info({i['name']})")
        }
        assert {(t, c) for t, c, _ in fks} <= indexed
        for t in ("articles", "matches", "clusters", "passages", "derivations", "settings"):
            assert any(r["pk"] for r in db.execute(f"PRAGMA table_info({t})")), t
    finally:
        db.close()
    assert not list(tmp_path.glob(".*.tmp"))


def test_sqlite_refuses_inconsistent_report(hand_report: Report, tmp_path: Path) -> None:
    bad = dataclasses.replace(
        hand_report,
        matches=hand_report.matches
        + (Match("m9", "ghost", 0, 1, "wire-001", 0, 1, 0.5, "paraphrase", False),),
    )
    with pytest.raises(ReportFormatError, match="not in the report"):
        sqlite_report.write(bad, tmp_path / "bad.db")
    assert not (tmp_path / "bad.db").exists()
    assert not list(tmp_path.glob(".*.tmp"))


# ---- passim --------------------------------------------------------------------------------

PASSIM_FIELDS = [
    f"{f}{n}"
    for n in (1, 2)
    for f in ("uid", "id", "bw", "ew", "b", "e", "len", "tok", "series", "date", "title", "s")
]


def test_passim_lines_have_passim_fields_and_offsets_slice(hand_report: Report) -> None:
    lines = passim.render(hand_report).splitlines()
    assert len(lines) == len(hand_report.matches)
    recs = [json.loads(line) for line in lines]
    keys = [(r["id1"], r["id2"], r["b1"], r["b2"]) for r in recs]
    assert keys == sorted(keys)
    by_id = {m.id: m for m in hand_report.matches}
    for r in recs:
        assert set(PASSIM_FIELDS + ["matches", "score"]) <= set(r)
        assert list(r)[: len(PASSIM_FIELDS)] == PASSIM_FIELDS
        m = by_id[r["match"]]
        assert (r["id1"], r["b1"], r["e1"], r["id2"], r["b2"], r["e2"]) == (
            m.a,
            m.a_start,
            m.a_end,
            m.b,
            m.b_start,
            m.b_end,
        )
        for n in (1, 2):
            text = hand_report.texts[r[f"id{n}"]]
            passage = text[r[f"b{n}"] : r[f"e{n}"]]
            # s1/s2 are the passages with gaps ('-') added and the text's own '-' as U+2010.
            assert r[f"s{n}"].replace("-", "").replace("\u2010", "-") == passage
            assert r[f"len{n}"] == len(text)
            tokens = text.split()
            assert r[f"tok{n}"] == len(tokens)
            assert " ".join(tokens[r[f"bw{n}"] : r[f"ew{n}"]]) == " ".join(passage.split())
            uid = int.from_bytes(hashlib.md5(r[f"id{n}"].encode()).digest()[:8], "big", signed=True)
            assert r[f"uid{n}"] == uid
        assert len(r["s1"]) == len(r["s2"])
        assert 0 < r["matches"] <= min(len(r["s1"]), len(r["s2"]))
        assert r["series1"] == next(a.outlet for a in hand_report.articles if a.id == r["id1"])
    verbatim = next(r for r in recs if r["kind"] == "verbatim")
    assert verbatim["s1"] == verbatim["s2"] and verbatim["score"] == 2 * len(verbatim["s1"])


def test_passim_align_counts_and_gaps() -> None:
    s1, s2, n, score = passim.align("the cat sat", "the cat has sat")
    assert len(s1) == len(s2) and s1.replace("-", "") == "the cat sat"
    assert s2 == "the cat has sat" and n == len("the cat sat")
    assert score == 2 * n - (5 + 0.5 * 3)
    assert passim.align("well-known", "well-known")[0] == "well\u2010known"


# ---- text (terminal) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),  # colour: ESC goes, the rest is harmless
        ("a\x1b]0;pwned\x07b", "a]0;pwnedb"),  # window title (OSC ... BEL)
        ("\x9b2Jx", "2Jx"),  # one-character CSI
        ("\u202eevil\u202c", "evil"),  # bidi override and pop
        ("\u2066iso\u2069 \u202a\u202b\u202d", "iso "),  # isolates and embeddings
        ("nul\x00 del\x7f cr\r bs\x08 c1\x85", "nul del cr bs c1"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),  # kept
        ("half \ud83d emoji", "half \ufffd emoji"),
        ("plain «é» — ok", "plain «é» — ok"),
    ],
)
def test_for_terminal(raw: str, shown: str) -> None:
    assert text.for_terminal(raw) == shown
    assert reports.for_terminal is text.for_terminal


@pytest.mark.parametrize("full", [False, True])
def test_text_report_strips_escapes_from_everything_shown(full: bool) -> None:
    out = text.render(hostile_report(), full=full)
    allowed = {"\n", "\t"}
    assert not [
        ch
        for ch in out
        if (ord(ch) < 32 and ch not in allowed)
        or 0x7F <= ord(ch) <= 0x9F
        or "\u202a" <= ch <= "\u202e"
        or "\u2066" <= ch <= "\u2069"
        or "\ud800" <= ch <= "\udfff"
    ]
    assert "[31mred]0;pwned2Jevil" in out  # the printable rest shows something was there
    if not full:
        for head in ("Stories", "Articles", "Outlets by reused share", "Derivations"):
            assert head in out
        assert "Problems in the input (23)" in out and "and 18 more" in out
        return
    for head in (
        "Articles",
        "Matched pairs",
        "Clusters",
        "Derivations",
        "Tracked quotes",
        "Boilerplate",
        "Problems in the input (23)",
    ):
        assert head in out


def test_text_report_columns_measured_after_cleaning() -> None:
    # Every cell of the articles table starts where its rule does: escapes took no width.
    pieces = ("\x1b[31m", "\x1b]0;t\x07", "\x9b", "\u202e", "\x00")
    out = text.render(hostile_report(pieces))
    head, rule, *rows = out.split("Articles\n", 1)[1].split("\n\n", 1)[0].splitlines()
    starts = [m.start() for m in re.finditer(r"-+", rule)]
    assert len(starts) == 6 and len(rows) == 3
    for line in [head, *rows]:
        assert all(line[i] != " " and (i == 0 or line[i - 1] == " ") for i in starts), line


# ---- a real report -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_report(seeds_dir: Path) -> Report:
    import reuse

    return reuse.detect(seeds_dir, jobs=1)


@pytest.mark.parametrize(
    "fmt, name",
    [
        ("html", "r.html"),
        ("markdown", "r.md"),
        ("passim", "r.jsonl"),
        ("csv", "r.zip"),
        ("sqlite", "r.db"),
    ],
)
def test_demo_corpus_every_format(
    seeds_report: Report, tmp_path: Path, fmt: str, name: str
) -> None:
    reports.write(seeds_report, fmt, tmp_path / name)
    assert (tmp_path / name).stat().st_size > 0
    if fmt == "html":
        tree = _parse((tmp_path / name).read_text(encoding="utf-8"))
        assert set(tree.links) <= set(tree.ids)
        assert sum(1 for m in tree.marks if m["pair"]) >= 2 * len(seeds_report.matches)


def test_a_json_report_reads_back_into_the_same_report(
    seeds_report: Report, hand_report: Report, tmp_path: Path
) -> None:
    import reuse

    for report in (seeds_report, hand_report):
        path = tmp_path / "r.json"
        path.write_text(report.to_json(), encoding="utf-8")
        again = reuse.read_report(path)
        assert again.to_json() == report.to_json()
        assert again == dataclasses.replace(report, texts={})


@pytest.mark.parametrize(
    "content,message",
    [
        ("{not json", "cannot read a JSON report"),
        ('{"format": "other"}', "not a newsreuse report"),
        ('{"format": "newsreuse-report", "matches": [{"id": "m1"}]}', "lacks or mistypes"),
    ],
)
def test_reading_a_bad_report_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    import reuse

    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReportFormatError, match=message) as err:
        reuse.read_report(path)
    assert str(path) in str(err.value)
