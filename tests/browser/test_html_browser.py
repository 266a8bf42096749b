"""The HTML report in a real browser: headless Chromium driven over WebDriver (see `chromium`).

The page draws its views with its own script, so these tests click as a reader would and check
what is drawn: the stories, the graph's filters, a pair side by side on demand, and that nothing
from the input runs. Screenshots go to $NEWSREUSE_SCREENSHOT_DIR when set, else to pytest's
tmp_path.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import ChromiumMissing, WebDriver, chromium
from conftest import HOSTILE, build_hand_report, hostile_report, story_report

import reuse
from reuse.model import Article, Report
from reuse.reports import html
from reuse.reports.summary import largest_stories

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    try:
        with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
            yield driver
    except ChromiumMissing as exc:
        pytest.fail(str(exc), pytrace=False)


def _open(browser: WebDriver, report: Report, folder: Path) -> WebDriver:
    path = folder / "report.html"
    html.write(report, path)
    browser.resize(1280, 900)
    browser.get(path.resolve().as_uri())
    browser.wait("return document.documentElement.dataset.ready === 'all'")
    return browser


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = os.environ.get("NEWSREUSE_SCREENSHOT_DIR")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        return Path(where)
    return tmp_path_factory.mktemp("screenshots")


# ---- stories and the pair side by side (the hand-made report) -------------------------------


@pytest.fixture
def page(browser: WebDriver, tmp_path: Path) -> WebDriver:
    return _open(browser, build_hand_report(), tmp_path)


def test_stories_view_leads_with_the_largest_story(page: WebDriver) -> None:
    rows = page.js("""
        return [...document.querySelectorAll('#story-rows tr.story')].map(
            tr => [...tr.cells].map(td => td.innerText.trim()));""")
    report = build_hand_report()
    stories = largest_stories(report)
    assert len(rows) == len(stories) == 1
    assert rows[0][2] == "3"  # three carriers
    assert rows[0][1].startswith('"We have waited eight months')
    assert "Wire Service" in rows[0][5]  # the first carrier: the earliest published
    # The stories view comes first in the page.
    order = page.js(
        "return [...document.querySelectorAll('main > section')].map(s => s.id).slice(0, 3)"
    )
    assert order == ["stories", "graph", "compare"]


def test_story_details_list_carriers_in_time_order(page: WebDriver) -> None:
    page.click("#story-rows tr.story button.linkish")
    carriers = page.wait("""
        const li = document.querySelectorAll('tr.detail ol.carriers li');
        return li.length && [...li].map(x => [x.dataset.article, x.innerText]);""")
    assert [c[0] for c in carriers] == ["wire-001", "daily-002", "blog-003"]
    assert carriers[0][1].startswith("2024-03-04 08:00 · Wire Service · wire-001 first")
    assert carriers[2][1].startswith("no date · Harbour Blog · blog-003")
    assert page.js("return document.querySelector('#story-rows button').ariaExpanded") == "true"


@pytest.mark.parametrize(
    ("earliest", "tied", "cell", "badge"),
    [
        ("wire-001", 2, "one of 3 the dates do not order", "listed first"),
        (None, None, "unknown (no dates)", "listed first"),
    ],
)
def test_a_first_carrier_the_dates_do_not_set_apart_is_not_called_first(
    browser: WebDriver,
    tmp_path: Path,
    earliest: str | None,
    tied: int | None,
    cell: str,
    badge: str,
) -> None:
    report = build_hand_report()
    (story,) = largest_stories(report)  # told from its one cluster
    told = dataclasses.replace(story, earliest=earliest, earliest_tied=tied)
    page = _open(browser, dataclasses.replace(report, stories=(told,)), tmp_path)
    first = page.js("return document.querySelector('#story-rows tr.story').cells[5].innerText")
    assert cell in first
    page.click("#story-rows tr.story button.linkish")
    got = page.wait("""
        const b = document.querySelector('tr.detail ol.carriers li .badge');
        return b && b.textContent;""")
    assert got == badge


def test_pair_side_by_side_on_demand(page: WebDriver) -> None:
    report = build_hand_report()
    # Nothing is built before it is asked for.
    assert page.js("return document.querySelectorAll('#compare-view .side').length") == 0
    page.click("#story-rows tr.story button.linkish")
    page.click('tr.detail button.compare[data-a="daily-002"]')
    sides = page.wait("""
        const s = document.querySelectorAll('#compare-view .side');
        return s.length === 2 && [...s].map(x => ({
            article: x.dataset.article,
            focus: [...x.querySelectorAll('mark.focus')].map(m => m.textContent).join(''),
            text: x.querySelector('.text').textContent}));""")
    quote = {p.article: p.text for p in report.clusters[0].passages}
    assert {s["article"] for s in sides} == {"daily-002", "wire-001"}
    for s in sides:
        # The shared passage is marked, exactly, in both texts.
        assert s["focus"] == quote[s["article"]]
        # The hand report's texts fit the page whole: no gap, the whole article.
        assert s["text"] == report.texts[s["article"]]
    visible = page.js(
        "const r = document.getElementById('compare').getBoundingClientRect();"
        "return r.top < window.innerHeight && r.bottom > 0;"
    )
    assert visible, "the comparison is scrolled into view"


def test_derivation_side_by_side_marks_its_matches(page: WebDriver) -> None:
    report = build_hand_report()
    page.click('#deriv-rows button.compare[data-a="wire-001"]')
    marks = page.wait("""
        const s = document.querySelectorAll('#compare-view .side');
        return s.length === 2 && Object.fromEntries([...s].map(x => [x.dataset.article,
            [...x.querySelectorAll('mark.verbatim')].map(m => m.textContent).join('')]));""")
    m1 = next(m for m in report.matches if m.kind == "verbatim")
    assert marks[m1.a] == report.texts[m1.a][m1.a_start : m1.a_end]
    assert marks[m1.b] == report.texts[m1.b][m1.b_start : m1.b_end]
    relation = page.js("return document.querySelector('#compare-view .badge').textContent")
    assert relation == "copied"


def test_windows_of_texts_when_whole_texts_do_not_fit(
    browser: WebDriver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reuse.reports import page_data

    report = story_report(n_outlets=8, n_stories=12)
    # Room for the largest stories' passages whole, and the beginning of the others'.
    monkeypatch.setattr(page_data, "BUDGET", page_data._CHROME + 20_000)
    page = _open(browser, report, tmp_path)
    note = page.js("return document.getElementById('compare-note').textContent")
    assert "carries windows" in note and "Gaps are marked" in note
    stories = largest_stories(report)
    for story, whole in ((stories[0], True), (stories[-1], False)):
        page.js(
            "const q = document.getElementById('story-q'); q.value = arguments[0];"
            "q.dispatchEvent(new Event('input'));",
            story.id,
        )
        page.click("#story-rows tr.story button.linkish")
        page.click("tr.detail button.compare")
        sides = page.wait(
            """const s = document.querySelectorAll('#compare-view .side');
            return s.length === 2 && [...s].map(x => ({article: x.dataset.article,
                gaps: x.querySelectorAll('.gap').length,
                focus: [...x.querySelectorAll('mark.focus')].map(m => m.textContent).join('')}));"""
        )
        cluster = next(c for c in report.clusters if c.id == story.cluster)
        passage = {p.article: p.text for p in cluster.passages}
        for side in sides:
            if whole:
                assert side["gaps"] == 0 and side["focus"] == passage[side["article"]]
            else:  # the passage's beginning is there, the rest is a marked gap
                # (the core carrier's a little more: the story's excerpt in the list)
                full = passage[side["article"]]
                assert side["gaps"] >= 1
                assert full.startswith(side["focus"])
                assert page_data._SMALL_HEAD <= len(side["focus"]) < len(full)


# ---- the graph -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph_page(browser: WebDriver, tmp_path_factory: pytest.TempPathFactory) -> WebDriver:
    return _open(browser, story_report(), tmp_path_factory.mktemp("graph"))


def _expected_links(report: Report, min_carriers: int, wire: str = "") -> int:
    outlet = {a.id: a.outlet for a in report.articles}
    pairs = set()
    for s in report.stories:
        if len(s.carriers) < min_carriers or (wire and s.wire != wire):
            continue
        outlets = sorted({outlet[c] for c in s.carriers})
        pairs.update(itertools.combinations(outlets, 2))
    return len(pairs)


def _set(page: WebDriver, element: str, value: str) -> None:
    page.js(
        "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
        "e.dispatchEvent(new Event('change'));",
        element,
        value,
    )


def _graph_state(page: WebDriver) -> dict:
    return page.js("""
        const links = [...document.querySelectorAll('#graph-view line.link')];
        return {count: document.getElementById('graph-count').textContent,
                links: links.map(l => [l.dataset.a, l.dataset.b]),
                nodes: document.querySelectorAll('#graph-view g.node').length};""")


def test_graph_draws_the_strongest_links_within_the_limit(graph_page: WebDriver) -> None:
    report = story_report()
    _set(graph_page, "graph-min", "3")
    _set(graph_page, "graph-max", "60")
    state = _graph_state(graph_page)
    total = _expected_links(report, 3)
    assert total > 60  # the corpus has more links than are drawn
    assert state["count"].startswith(f"60 of {total:,} links drawn")
    assert len(state["links"]) == 60
    _set(graph_page, "graph-max", "30")
    assert len(_graph_state(graph_page)["links"]) == 30


def test_graph_filters_min_carriers_and_wire(graph_page: WebDriver) -> None:
    report = story_report()
    _set(graph_page, "graph-max", "250")
    for min_carriers in (2, 8, 12):
        _set(graph_page, "graph-min", str(min_carriers))
        total = _expected_links(report, min_carriers)
        assert f"of {total:,} links" in _graph_state(graph_page)["count"], min_carriers
    _set(graph_page, "graph-min", "2")
    _set(graph_page, "graph-wire", "=Associated Press")
    wired = _expected_links(report, 2, "Associated Press")
    assert 0 < wired < _expected_links(report, 2)
    assert f"of {wired:,} links" in _graph_state(graph_page)["count"]
    _set(graph_page, "graph-wire", "")
    _set(graph_page, "graph-min", "13")  # no story has that many carriers
    state = _graph_state(graph_page)
    assert state["links"] == [] and "No two outlets" in state["count"]
    _set(graph_page, "graph-min", "3")


def test_graph_outlet_search_shows_its_neighbours(graph_page: WebDriver, shots: Path) -> None:
    _set(graph_page, "graph-min", "3")
    _set(graph_page, "graph-max", "60")
    _set(graph_page, "graph-q", "Outlet 07")
    state = _graph_state(graph_page)
    assert state["links"], "Outlet 07 shares stories with others"
    assert all("Outlet 07" in pair for pair in state["links"])
    assert graph_page.js("return document.querySelectorAll('#graph-view g.node.hit').length") == 1
    # A link lists the stories behind it.
    graph_page.click("#graph-view line.link")
    detail = graph_page.wait(
        "return document.querySelector('#graph-detail h3')?.textContent", timeout=5
    )
    assert "Outlet 07" in detail and "share" in detail
    assert graph_page.js("return document.querySelectorAll('#graph-detail li').length") >= 1
    graph_page.js("document.getElementById('graph').scrollIntoView()")
    graph_page.screenshot(shots / "graph-search.png")
    _set(graph_page, "graph-q", "")
    assert len(_graph_state(graph_page)["links"]) == 60


def test_stories_filters(graph_page: WebDriver) -> None:
    report = story_report()

    def count() -> str:
        return graph_page.js("return document.getElementById('story-count').textContent")

    def set_(element: str, value: str) -> None:
        graph_page.js(
            "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
            "e.dispatchEvent(new Event('input'));",
            element,
            value,
        )

    assert count().startswith(f"Showing 50 of {len(report.stories)} stories")
    set_("story-min", "10")
    big = sum(1 for s in report.stories if len(s.carriers) >= 10)
    assert f"of {big} stories" in count()
    sizes = graph_page.js(
        "return [...document.querySelectorAll('#story-rows tr.story')].map(r => +r.cells[2].innerText)"
    )
    assert sizes == sorted(sizes, reverse=True) and min(sizes) >= 10
    set_("story-min", "2")
    set_("story-wire", "=Associated Press")
    wired = sum(1 for s in report.stories if s.wire)
    assert f"of {wired} stories" in count()
    set_("story-wire", "")
    set_("story-q", "event 17 ")
    assert graph_page.js("return document.querySelectorAll('#story-rows tr.story').length") == 1
    set_("story-q", "")
    # More stories on demand.
    graph_page.click("#story-more")
    assert count().startswith("Showing 100 of")


# ---- nothing from the input runs ------------------------------------------------------------

EXTRA = (
    "</script><script>window.__pwned=1</script>",
    "<!--",
    "\u2028\u2029",
    '" onmouseover="window.__pwned=1',
    "javascript:window.__pwned=1",
)


@pytest.fixture
def hostile_page(browser: WebDriver, tmp_path: Path) -> WebDriver:
    return _open(browser, hostile_report(HOSTILE + EXTRA), tmp_path)


def test_hostile_ids_outlets_and_text_are_shown_not_run(hostile_page: WebDriver) -> None:
    page = hostile_page
    page.click("#story-rows tr.story button.linkish")
    page.click("tr.detail button.compare")
    page.wait("return document.querySelectorAll('#compare-view .side').length === 2")
    page.click("#deriv-rows button.compare")
    page.wait("return document.querySelectorAll('#compare-view .side').length === 2")
    state = page.js("""
        const all = [...document.querySelectorAll('*')];
        return {pwned: window.__pwned === undefined ? null : 1, title: document.title,
                scripts: [...document.scripts].map(s => s.type || 'js'),
                imgs: document.images.length,
                handlers: all.filter(e => [...e.attributes].some(
                    a => a.name.startsWith('on'))).length,
                hrefs: [...document.querySelectorAll('[href]')].map(a => a.getAttribute('href'))
                    .filter(h => !h.startsWith('#')),
                text: document.body.innerText,
                sides: [...document.querySelectorAll('#compare-view .side')].map(
                    s => s.dataset.article)};""")
    assert state["pwned"] is None and state["title"].startswith("newsreuse report")
    assert state["scripts"] == ["application/json", "js"]  # the data and the page's own script
    assert state["imgs"] == 0 and state["handlers"] == 0 and state["hrefs"] == []
    text = state["text"]
    assert "<script>alert(1)</script>" in text  # shown as text
    assert "</script><script>window.__pwned=1</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    # The ids, outlets and all are intact: the hostile pieces are part of the article ids.
    assert all(s.startswith(("blog-003", "daily-002", "wire-001")) for s in state["sides"])
    assert all("</script><script>window.__pwned=1</script>" in s for s in state["sides"])


ARABIC = (
    "أعلنت وزارة الصحة اليوم عن إطلاق حملة وطنية للتطعيم ضد الحصبة تستهدف أكثر من مليوني طفل في"
    " جميع المحافظات. وقال المتحدث باسم الوزارة إن الحملة ستستمر لمدة أسبوعين وإن اللقاحات متوفرة"
    " مجانا في جميع المراكز الصحية."
)


def test_arabic_text_runs_right_to_left_and_english_left_to_right(
    browser: WebDriver, tmp_path: Path
) -> None:
    """Each text block takes its direction from its own letters (dir=auto): an Arabic story's
    excerpt and texts read right to left, so their full stops and numbers stand where an
    Arabic reader looks for them; an English text beside them stays left to right."""
    english = "Shares fell in early trading on the news, traders said, as markets opened."
    report = reuse.detect(
        [
            Article("ar-1", ARABIC + " " + english, published="2024-03-07"),
            Article(
                "ar-2",
                "في محافظتنا، بدأت الاستعدادات منذ الصباح. " + ARABIC,
                published="2024-03-08",
            ),
        ],
        jobs=1,
    )
    page = _open(browser, report, tmp_path)
    page.click("#story-rows tr.story button.linkish")
    page.click("tr.detail button.compare")
    state = page.wait("""
        const s = document.querySelectorAll('#compare-view .side .text');
        return s.length === 2 && {
            excerpt: document.querySelector('#story-rows td.passage').matches(':dir(rtl)'),
            sides: [...s].map(x => x.matches(':dir(rtl)'))};""")
    assert state == {"excerpt": True, "sides": [True, True]}
    page = _open(browser, build_hand_report(), tmp_path)
    page.click("#story-rows tr.story button.linkish")
    page.click("tr.detail button.compare")
    ltr = page.wait("""
        const s = document.querySelectorAll('#compare-view .side .text');
        return s.length === 2 && [...s].map(x => x.matches(':dir(ltr)'));""")
    assert ltr == [True, True]


# ---- layout -------------------------------------------------------------------------------


def test_phone_width_and_keyboard(page: WebDriver, shots: Path) -> None:
    page.click("#story-rows tr.story button.linkish")
    page.click("tr.detail button.compare")
    page.resize(390, 844)
    page.js("window.scrollTo(0, 0)")
    width = page.js(
        "return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth}"
    )
    assert width["inner"] <= 420, width  # the window did become phone-sized
    assert width["scroll"] <= width["inner"] + 2, width  # wide tables scroll in their box
    page.screenshot(shots / "report-phone.png")
    stacked = page.js("""
        const a = document.querySelector('#compare-view .side-a').getBoundingClientRect();
        const b = document.querySelector('#compare-view .side-b').getBoundingClientRect();
        return b.top >= a.bottom - 1 && Math.abs(a.left - b.left) < 2;""")
    assert stacked, "on a phone the two sides of a pair stack"
    page.resize(1280, 900)
    skip = page.js("""
        const a = document.querySelector('a.skip'); a.focus();
        const r = a.getBoundingClientRect();
        return {focused: document.activeElement === a, left: r.left, width: r.width,
                target: !!document.getElementById(a.getAttribute('href').slice(1))};""")
    assert skip["focused"] and skip["left"] >= 0 and skip["width"] > 0 and skip["target"]
    landmarks = page.js(
        "return ['header', 'nav', 'main', 'footer'].map(t => document.querySelectorAll(t).length)"
    )
    assert all(n >= 1 for n in landmarks)


# ---- the demo corpus through the real pipeline ------------------------------------------------

INJECTED = (
    "\n<script>alert(1)</script>\n<script>window.__pwned = 1; document.title = 'pwned'</script>\n"
)


def test_seeds_report_in_the_browser(browser: WebDriver, tmp_path: Path, shots: Path) -> None:
    """The demo corpus, plus a scraped copy of one article that carries markup."""
    import reuse

    corpus = reuse.load_corpus(ROOT / "seeds")
    first = corpus.articles[0]
    scraped = reuse.Article("scraped-copy", first.text + INJECTED, outlet="Scraper")
    report = reuse.detect(list(corpus.articles) + [scraped])
    page = _open(browser, report, tmp_path)
    assert page.js("return document.querySelectorAll('#story-rows tr.story').length") >= 1
    page.click("#story-rows tr.story button.linkish")
    page.click("tr.detail button.compare")
    marks = page.wait("""
        const s = document.querySelectorAll('#compare-view .side');
        return s.length === 2 && [...s].map(x => x.querySelectorAll('mark.focus').length);""")
    assert all(n >= 1 for n in marks), "the shared passage is marked in both articles"
    state = page.js("""return {pwned: window.__pwned === undefined ? null : 1,
                               title: document.title, text: document.body.innerText};""")
    assert state["pwned"] is None and state["title"] != "pwned"
    page.js("window.scrollTo(0, 0)")
    page.screenshot(shots / "seeds-html.png")
    assert (shots / "seeds-html.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
