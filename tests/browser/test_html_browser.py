"""The HTML report in a real browser: headless Chromium driven over WebDriver.

Needs Debian's `chromium` and `chromium-driver` (`apt-get install -y chromium chromium-driver`).
The WebDriver client is a few lines of `urllib` (W3C WebDriver over JSON), so no Python package is
needed. Screenshots go to $NEWSREUSE_SCREENSHOT_DIR when set, else to pytest's tmp_path.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import pytest
from conftest import build_hand_report

from reuse.reports import html

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("NEWSREUSE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("NEWSREUSE_CHROMEDRIVER", "/usr/bin/chromedriver")
# What Chromium needs to start as root in a container, quickly and without talking to anyone.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--hide-scrollbars",
    "--window-size=1280,900",
]
# Local WebDriver traffic must not go through an HTTP proxy set in the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _find(path: str, name: str) -> Optional[str]:
    return path if os.path.exists(path) else shutil.which(name)


class WebDriver:
    """The few W3C WebDriver commands these tests use."""

    def __init__(self, base: str, session: str) -> None:
        self.base, self.session = base, session

    @staticmethod
    def call(
        base: str, method: str, path: str, body: Optional[dict] = None, timeout: float = 60
    ) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            base + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with _OPENER.open(req, timeout=timeout) as resp:
                return json.loads(resp.read().decode())["value"]
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"WebDriver {method} {path}: {exc.read().decode()[:500]}") from exc

    def _s(self, method: str, path: str, body: Optional[dict] = None) -> Any:
        return self.call(self.base, method, f"/session/{self.session}{path}", body)

    def get(self, url: str) -> None:
        self._s("POST", "/url", {"url": url})

    def js(self, script: str, *args: Any) -> Any:
        return self._s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def resize(self, width: int, height: int) -> None:
        self._s("POST", "/window/rect", {"width": width, "height": height})

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self._s("GET", "/screenshot")))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    chromium = _find(CHROMIUM, "chromium")
    driver = _find(CHROMEDRIVER, "chromedriver")
    if not chromium or not driver:
        pytest.fail(
            "headless Chromium is needed for the HTML report's browser test: install the "
            "Debian packages with `apt-get install -y chromium chromium-driver` "
            f"(looked for {CHROMIUM} and {CHROMEDRIVER})",
            pytrace=False,
        )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    session = None
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if WebDriver.call(base, "GET", "/status", timeout=2).get("ready"):
                    break
            except (OSError, AssertionError):
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail(f"chromedriver at {driver} did not start", pytrace=False)
            time.sleep(0.1)
        profile = tmp_path_factory.mktemp("chromium-profile")
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": chromium,
                        "args": ARGS + [f"--user-data-dir={profile}"],
                    },
                }
            }
        }
        session = WebDriver.call(base, "POST", "/session", caps)["sessionId"]
        yield WebDriver(base, session)
    finally:
        if session:
            try:
                WebDriver.call(base, "DELETE", f"/session/{session}", timeout=20)
            except (OSError, AssertionError):
                pass
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def page(browser: WebDriver, tmp_path_factory: pytest.TempPathFactory) -> WebDriver:
    path = tmp_path_factory.mktemp("html") / "report.html"
    html.write(build_hand_report(), path)
    browser.resize(1280, 900)
    browser.get(path.resolve().as_uri())
    return browser


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = os.environ.get("NEWSREUSE_SCREENSHOT_DIR")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        return Path(where)
    return tmp_path_factory.mktemp("screenshots")


def test_passages_marked_on_both_sides_of_every_pair(page: WebDriver) -> None:
    report = build_hand_report()
    expected: dict[str, int] = {}
    for m in report.matches:
        expected[f"{m.a}|{m.b}"] = expected.get(f"{m.a}|{m.b}", 0) + 1
    counts = page.js("""
        const out = {};
        for (const box of document.querySelectorAll('details.pairbox')) {
          const a = box.querySelector('.side-a'), b = box.querySelector('.side-b');
          out[a.dataset.article + '|' + b.dataset.article] = [
            a.querySelectorAll('mark').length, b.querySelectorAll('mark').length,
            [...a.querySelectorAll('mark')].map(m => m.className).join(' ')];
        }
        return out;""")
    assert set(counts) == set(expected)
    for pair, n in expected.items():
        assert counts[pair][0] == n and counts[pair][1] == n, (pair, counts[pair])
    classes = " ".join(c[2] for c in counts.values())
    for kind in ("verbatim", "near-verbatim", "paraphrase", "quoted"):
        assert kind in classes.split()
    # Words on one side only of the near-verbatim passage are flagged inside its marks.
    assert page.js("return document.querySelectorAll('mark.near-verbatim .only').length") > 0


def test_graph_drawn_with_links_to_articles(page: WebDriver) -> None:
    info = page.js("""
        const svg = document.querySelector('#graph svg');
        if (!svg) return null;
        const box = svg.getBoundingClientRect();
        return {nodes: [...svg.querySelectorAll('a.node')].map(a => a.getAttribute('href')),
                copied: svg.querySelectorAll('.edge.copied path[marker-end]').length,
                common: svg.querySelectorAll('.edge.common path:not([marker-end])').length,
                width: box.width, height: box.height,
                targets: [...svg.querySelectorAll('a.node')].every(
                    a => document.getElementById(a.getAttribute('href').slice(1)) !== null)};""")
    assert info is not None, "no SVG graph in the page"
    assert sorted(info["nodes"]) == ["#article-blog-003", "#article-daily-002", "#article-wire-001"]
    assert info["copied"] == 1 and info["common"] == 1
    assert info["width"] > 100 and info["height"] > 50
    assert info["targets"]


def test_scraped_markup_is_shown_not_run(page: WebDriver) -> None:
    state = page.js("""return {title: document.title,
                               pwned: window.__pwned === undefined ? null : 1,
                               scripts: document.scripts.length,
                               imgs: document.images.length,
                               text: document.body.innerText};""")
    assert state["pwned"] is None
    assert "pwned" not in state["title"]
    assert state["title"].startswith("newsreuse report")
    assert state["scripts"] == 0 and state["imgs"] == 0
    assert "<script>alert(1)</script>" in state["text"]
    assert "<img src=x onerror=" in state["text"]


def test_screenshots_and_phone_width(page: WebDriver, shots: Path) -> None:
    page.resize(1280, 900)
    page.js("window.scrollTo(0, 0)")
    page.screenshot(shots / "report-desktop.png")
    page.js("document.getElementById('pairs').scrollIntoView()")
    page.screenshot(shots / "report-desktop-pairs.png")
    page.resize(390, 844)
    page.js("window.scrollTo(0, 0)")
    width = page.js(
        "return {scroll: document.documentElement.scrollWidth, "
        "inner: window.innerWidth, body: document.body.scrollWidth}"
    )
    assert width["inner"] <= 420, width  # the window did become phone-sized
    assert width["scroll"] <= width["inner"] + 2, width
    assert width["body"] <= width["inner"] + 2, width
    page.screenshot(shots / "report-phone.png")
    # On a phone the two sides of a pair stack: side b starts below side a.
    stacked = page.js("""
        const box = document.querySelector('details.pairbox');
        const a = box.querySelector('.side-a').getBoundingClientRect();
        const b = box.querySelector('.side-b').getBoundingClientRect();
        return b.top >= a.bottom - 1 && Math.abs(a.left - b.left) < 2;""")
    assert stacked
    page.js("document.getElementById('pairs').scrollIntoView()")
    page.screenshot(shots / "report-phone-pairs.png")
    for name in ("report-desktop.png", "report-phone.png"):
        assert (shots / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.resize(1280, 900)


def test_keyboard_reaches_links_with_visible_focus(page: WebDriver) -> None:
    page.resize(1280, 900)
    page.js("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
    # The first focusable element is the skip link, and it becomes visible when focused.
    skip = page.js("""
        const a = document.querySelector('a.skip'); a.focus();
        const r = a.getBoundingClientRect();
        return {focused: document.activeElement === a, left: r.left, width: r.width,
                outline: getComputedStyle(a).outlineStyle, href: a.getAttribute('href'),
                target: !!document.getElementById('main')};""")
    assert skip["focused"] and skip["left"] >= 0 and skip["width"] > 0
    assert skip["href"] == "#main" and skip["target"]
    landmarks = page.js(
        "return ['header', 'nav', 'main', 'footer'].map(t => document.querySelectorAll(t).length)"
    )
    assert all(n >= 1 for n in landmarks)


ROOT = Path(__file__).resolve().parents[2]
INJECTED = (
    "\n<script>alert(1)</script>\n<script>window.__pwned = 1; document.title = 'pwned'</script>\n"
)


@pytest.fixture(scope="module")
def seeds_page(browser: WebDriver, tmp_path_factory: pytest.TempPathFactory) -> WebDriver:
    """The demo corpus through the real pipeline, plus a scraped copy of one article that carries
    markup, rendered and opened in the browser."""
    import reuse

    corpus = reuse.load_corpus(ROOT / "seeds")
    first = corpus.articles[0]
    scraped = reuse.Article("scraped-copy", first.text + INJECTED, outlet="Scraper")
    report = reuse.detect(list(corpus.articles) + [scraped])
    path = tmp_path_factory.mktemp("seeds-html") / "seeds.html"
    html.write(report, path)
    browser.resize(1280, 900)
    browser.get(path.resolve().as_uri())
    return browser


def test_seeds_report_in_the_browser(seeds_page: WebDriver, shots: Path) -> None:
    state = seeds_page.js("""
        const pairs = {};
        for (const box of document.querySelectorAll('details.pairbox')) {
          const a = box.querySelector('.side-a'), b = box.querySelector('.side-b');
          pairs[a.dataset.article + '|' + b.dataset.article] =
            [a.querySelectorAll('mark').length, b.querySelectorAll('mark').length];
        }
        return {pairs: pairs, svg: !!document.querySelector('#graph svg a.node'),
                pwned: window.__pwned === undefined ? null : 1, title: document.title,
                scripts: document.scripts.length, text: document.body.innerText};""")
    official = "000_88272de48d0801c2|001_1739c8cb4df8427c"
    assert official in state["pairs"]
    assert all(n >= 1 for n in state["pairs"][official]), "the quote is marked in both articles"
    assert all(a >= 1 and b >= 1 for a, b in state["pairs"].values())
    assert state["svg"], "the derivation graph is drawn"
    assert state["pwned"] is None and state["title"] != "pwned" and state["scripts"] == 0
    assert "<script>alert(1)</script>" in state["text"]
    seeds_page.js("window.scrollTo(0, 0)")
    seeds_page.screenshot(shots / "seeds-html.png")
    assert (shots / "seeds-html.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
