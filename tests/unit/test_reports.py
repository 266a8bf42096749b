"""Report renderers: HTML, Markdown, CSV, SQLite, passim JSON Lines, and the format registry."""

from __future__ import annotations

import base64
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
from conftest import HOSTILE, build_hand_report, hostile_report, story_report
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from reuse import reports
from reuse.errors import ReportFormatError
from reuse.model import Match, Report
from reuse.reports import csv_report, html, markdown, passim, sqlite_report, text
from reuse.reports.common import replace_surrogates
from reuse.reports.summary import largest_stories

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
    assert set(reports.FORMATS) == {
        "text",
        "json",
        "html",
        "markdown",
        "csv",
        "sqlite",
        "passim",
        "parquet",
    }
    for fmt in TEXT_FORMATS:
        assert isinstance(reports.render(hand_report, fmt), str)
    with pytest.raises(ReportFormatError, match="unknown report format 'pdf'"):
        reports.render(hand_report, "pdf")


@pytest.mark.parametrize("fmt", ["csv", "sqlite", "parquet"])
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
        ("parquet", "r.parquet"),
    ],
)
def test_write_every_format(hand_report: Report, tmp_path: Path, fmt: str, name: str) -> None:
    reports.write(hand_report, fmt, tmp_path / name)
    assert (tmp_path / name).exists()
    if fmt in TEXT_FORMATS:
        assert (tmp_path / name).read_bytes() == reports.render(hand_report, fmt).encode("utf-8")


# ---- HTML ----------------------------------------------------------------------------------

_DATA = re.compile(r'<script type="application/json" id="newsreuse-data">(.*?)</script>', re.S)


def _data(page: str) -> dict[str, Any]:
    found = _DATA.findall(page)
    assert len(found) == 1
    return json.loads(found[0])


def _text_at(segments: list, start: int, end: int) -> str:
    return "".join(
        t[max(start, s0) - s0 : max(0, min(end, s0 + len(t)) - s0)]
        for s0, t in segments
        if s0 < end and start < s0 + len(t)
    )


def test_html_is_one_file_that_fetches_nothing(hand_report: Report) -> None:
    page = html.render(hand_report)
    assert page.startswith("<!DOCTYPE html>")
    tree = _parse(page)
    for tag, attrs in tree.tags:
        for attr in ("src", "href", "action", "poster", "srcset", "xlink:href", "data"):
            value = attrs.get(attr, "")
            assert not re.match(r"\s*(https?:)?//", value), (tag, attr, value)
        assert tag not in ("link", "iframe", "img", "object", "embed"), tag
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", page)
    assert "@import" not in page and "@font-face" not in page
    # (The script names the SVG namespace, an identifier that is never fetched.)
    bare = page.replace('"http://www.w3.org/2000/svg"', "")
    assert "http://" not in bare and "https://" not in bare
    # Two scripts: the data (JSON, never run) and the page's own, the only one the
    # Content-Security-Policy allows to run, by its hash.
    scripts = [attrs for tag, attrs in tree.tags if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "newsreuse-data"}, {}]
    code = page[page.rindex("<script>") + 8 : page.rindex("</script>")]
    digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "unsafe-inline'; img" in csp  # styles only
    assert "'unsafe-eval'" not in csp


def test_html_data_carries_each_text_once_and_passages_as_offsets(hand_report: Report) -> None:
    data = _data(html.render(hand_report))
    ids = [a[0] for a in data["articles"]]
    assert ids == [a.id for a in hand_report.articles]
    # The texts fit: each carried whole, once.
    assert data["windows"] == {"whole": True, "missing": 0}
    for aid, segments in zip(ids, data["texts"]):
        assert segments == [[0, hand_report.texts[aid]]]
    # Cluster passages are offsets that slice those texts.
    (cluster,) = data["clusters"]
    for (art, start, end), p in zip(cluster, hand_report.clusters[0].passages):
        assert ids[art] == p.article
        assert _text_at(data["texts"][art], start, end) == p.text
    # The story told from the cluster: carriers earliest first, undated last.
    (story,) = data["stories"]
    assert [ids[i] for i in story[1]] == ["wire-001", "daily-002", "blog-003"]
    # The matches no cluster tells (m1, m2) are carried, offsets and kind.
    loose = {(ids[m[0]], m[1], m[2], ids[m[3]], m[4], m[5], m[6]) for m in data["matches"]}
    assert loose == {
        (
            m.a,
            m.a_start,
            m.a_end,
            m.b,
            m.b_start,
            m.b_end,
            ["verbatim", "near-verbatim"].index(m.kind),
        )
        for m in hand_report.matches[:2]
    }
    d = data["derivations"][0]  # the most shared text first: the copy
    assert (ids[d[0]], ids[d[1]], d[2]) == ("wire-001", "daily-002", 1)


def test_html_scraped_markup_only_in_the_escaped_data(hand_report: Report) -> None:
    page = html.render(hand_report)
    assert "<script>alert" not in page and "<img" not in page and 'onerror="window' not in page
    block = _DATA.search(page).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    texts = [seg for segs in _data(page)["texts"] if segs for _, seg in segs]
    assert any("<script>alert(1)</script>" in t for t in texts)  # the text as it was


@hsettings(max_examples=80, deadline=None)
@given(st.text())
def test_script_json_cannot_end_its_block(value: str) -> None:
    from reuse.reports.page_data import script_json

    out = script_json({"k": [value, value.upper()]})
    assert "<" not in out and "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"k": [value, value.upper()]}


def test_html_sections_lead_with_stories(hand_report: Report) -> None:
    page = html.render(hand_report)
    ids = [i for i in _parse(page).ids if i.endswith("-h")]
    assert ids[:4] == ["stories-h", "graph-h", "compare-h", "derivations-h"]
    for section in ("stories", "graph", "compare", "derivations", "outlets", "problems", "main"):
        assert f'id="{section}"' in page
    assert 'id="quotes"' not in page  # this report tracks no quotes
    assert 'class="skip" href="#main"' in page
    assert "@media (max-width:700px)" in page
    # Outlets by reused share: the largest share of text shared with other outlets first.
    rows = re.findall(r"<tr><td>([^<]+)</td>", page[page.index('id="outlets"') :])
    assert rows == ["The Daily Courier", "Wire Service", "Harbour Blog"]


def test_html_internal_links_all_resolve(hand_report: Report) -> None:
    odd = _renamed(hand_report, {"wire-001": 'AP wire "1" <x>&y', "blog-003": "blog/003#é"})
    for report in (hand_report, odd):
        tree = _parse(html.render(report))
        assert len(tree.ids) == len(set(tree.ids)), "duplicate ids"
        missing = set(tree.links) - set(tree.ids)
        assert not missing


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
    quotes = page[page.index('id="quotes"') : page.index('id="problems"')]
    assert "wire-001" in quotes and "(Wire)" in quotes


def test_html_without_texts_or_findings() -> None:
    report = build_hand_report()
    page = html.render(dataclasses.replace(report, texts={}))
    assert "read back from a JSON report" in page
    data = _data(page)
    ids = [a[0] for a in data["articles"]]
    for art, start, end in data["clusters"][0]:  # the passages' own text, at their offsets
        assert _text_at(data["texts"][art], start, end) == report.texts[ids[art]][start:end]
    empty = Report(settings={}, articles=(), matches=(), clusters=(), derivations=())
    page = html.render(empty)
    assert _data(page)["stories"] == [] and "0 stories" in page
    _parse(page)


def test_html_windows_when_texts_exceed_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import story_report

    from reuse.reports import page_data

    report = story_report(n_outlets=20, n_stories=60)
    budget = 60_000
    chrome = 42_000  # this page's styles, script and tables (of 20 outlets, 60 stories)
    monkeypatch.setattr(page_data, "_CHROME", chrome)
    page = html.render(
        dataclasses.replace(report),
    )
    assert _data(page)["windows"]["whole"]  # the default budget holds it whole
    monkeypatch.setattr(page_data, "BUDGET", budget + chrome)
    page = html.render(report)
    assert len(page.encode("utf-8")) <= budget + chrome
    assert page == html.render(report)  # the same choice every time
    data = _data(page)
    how = data["windows"]
    assert how["whole"] is False and 0 < how["stories"] < len(report.stories)
    assert "carries windows of them" in page
    ids = [a[0] for a in data["articles"]]
    ranked = largest_stories(report)
    for rank, story in enumerate(ranked):
        cluster = next(c for c in report.clusters if c.id == story.cluster)
        for p in cluster.passages:
            segments = data["texts"][ids.index(p.article)]
            for s0, t in segments:  # every segment is the text at its offset
                assert report.texts[p.article][s0 : s0 + len(t)] == t
            shown = _text_at(segments, p.start, p.end)
            if rank < how["stories"]:
                assert shown == p.text  # the largest stories: whole passages
            else:
                assert p.text.startswith(shown) and len(shown) >= how["small_head"]


def test_html_size_of_a_large_report_stays_in_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import story_report

    from reuse.reports import page_data

    # The page around the data (styles, script, the outlets table) is within the margin
    # the budget leaves for it, so the page as a whole keeps to the budget.
    report = story_report(n_outlets=120, n_stories=500, seed=5)
    monkeypatch.setattr(page_data, "BUDGET", 300_000)
    page = html.render(report)
    assert len(page.encode("utf-8")) <= 300_000
    data = _data(page)
    assert not data["windows"]["whole"]
    # Too many stories for the page even without texts: the largest are kept, and said so.
    kept, total = data["kept"]["stories"]
    assert total == len(report.stories) and 0 < kept < total
    assert [s[0] for s in data["stories"]] == [s.id for s in largest_stories(report)[:kept]]
    assert len(page.replace(_DATA.search(page).group(1), "")) < page_data._CHROME


_UNSAFE_IN_PAGES = ("<script>alert", "<img", "<b>", "</textarea", '</title>"')


def test_html_holds_against_hostile_input() -> None:
    report = hostile_report(HOSTILE + ("</script><!--", "\u2028\u2029"))
    page = html.render(report)
    for raw in _UNSAFE_IN_PAGES:
        assert raw not in page, raw
    assert page.count("<script") == 2 and page.count("</script>") == 2
    block = _DATA.search(page).group(1)  # in a script, a raw U+2028 would end a line
    assert "\u2028" not in block and "\u2029" not in block and "<" not in block
    assert not [ch for ch in page if "\ud800" <= ch <= "\udfff"]
    assert not set(page) & (set(map(chr, range(32))) - {"\n", "\t", "\r"})  # C0 shown as U+FFFD
    page.encode("utf-8")
    tree = _parse(page)  # still well-formed: every element closed, nothing injected
    assert not {t for t, _ in tree.tags} & {"img", "b", "textarea", "iframe"}
    shown = "".join(tree.text)
    assert "\ufffd" in shown
    assert set(tree.links) <= set(tree.ids)
    # The data holds the hostile ids and outlets as they were (surrogates as U+FFFD).
    data = _data(page)
    assert [a[0] for a in data["articles"]] == [replace_surrogates(a.id) for a in report.articles]


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
        "relations.csv",
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
        page = (tmp_path / name).read_text(encoding="utf-8")
        tree = _parse(page)
        assert set(tree.links) <= set(tree.ids)
        data = _data(page)
        ids = [a[0] for a in data["articles"]]
        assert len(data["stories"]) == len(seeds_report.stories) >= 1
        for c, cluster in zip(data["clusters"], seeds_report.clusters):
            for (art, start, end), p in zip(c, cluster.passages):
                assert _text_at(data["texts"][art], start, end) == p.text
                assert ids[art] == p.article


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


def test_every_pairwise_relation_is_a_row_of_the_csv_sqlite_and_parquet_reports(
    tmp_path: Path,
) -> None:
    """A wide story's carrier pairs are told by the story, not by derivations: the tables hold
    them expanded (`Report.relations()`), so no consumer of the CSV, SQLite or Parquet report
    loses a pair."""
    report = story_report(n_outlets=12, n_stories=20)
    want = [(d.source, d.target, d.relation) for d in report.relations()]
    assert len(want) > len(report.derivations)  # the stories tell pairs of their own
    zipped = tmp_path / "r.zip"
    reports.write(report, "csv", zipped)
    with zipfile.ZipFile(zipped) as z:
        rows = list(csv.DictReader(io.StringIO(z.read("relations.csv").decode(), newline="")))
    assert [(r["source"], r["target"], r["relation"]) for r in rows] == want
    db = tmp_path / "r.sqlite"
    reports.write(report, "sqlite", db)
    with sqlite3.connect(db) as con:
        got = con.execute("SELECT source, target, relation FROM relations ORDER BY id").fetchall()
    assert got == want
    import pyarrow.parquet as pq  # the parquet extra, in the dev install

    reports.write(report, "parquet", tmp_path / "p")
    table = pq.read_table(tmp_path / "p" / "relations.parquet").to_pydict()
    assert list(zip(table["source"], table["target"], table["relation"])) == want
