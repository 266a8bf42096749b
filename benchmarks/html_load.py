"""How big the HTML report is and how fast headless Chromium opens it.

For each page given: its size, then (the median of --repeat loads) the time from navigation to
the load event, to the first render of the stories view (the page's own performance mark
`newsreuse-stories`) and to every view drawn (`newsreuse-ready`), read from the browser's
Navigation Timing. Prints the figures; asserts nothing.

    python benchmarks/html_load.py report.html [more.html ...] [--repeat 5]
    python benchmarks/html_load.py report.html --screenshots reports --name chronam

With --screenshots, the stories view, the graph, the first story opened and a pair of it side by
side, of the first page given, are saved there as <name>-stories.png, -graph.png, -story.png
and -compare.png.

Needs Debian's chromium and chromium-driver (as the browser tests do).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from chromium import chromium

_TIMES = """
const nav = performance.getEntriesByType('navigation')[0];
const mark = (name) => (performance.getEntriesByName(name)[0] || {}).startTime;
return {load: nav.loadEventEnd, stories: mark('newsreuse-stories'), ready: mark('newsreuse-ready'),
        rows: document.querySelectorAll('#story-rows tr.story').length,
        state: document.documentElement.dataset.ready || null};
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--screenshots", type=Path, default=None)
    parser.add_argument("--name", default="report")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as profile, chromium(Path(profile)) as browser:
        for page in args.pages:
            runs = []
            for _ in range(args.repeat):
                browser.get("about:blank")
                browser.get(page.resolve().as_uri())  # returns after the load event
                browser.wait("return document.documentElement.dataset.ready === 'all'", 30)
                runs.append(browser.js(_TIMES))
            size = page.stat().st_size
            median = {
                k: statistics.median(r[k] for r in runs) for k in ("load", "stories", "ready")
            }
            print(
                f"{page}: {size:,} bytes ({size / 1e6:.2f} MB); load event {median['load']:.0f} ms, "
                f"stories drawn {median['stories']:.0f} ms, all views {median['ready']:.0f} ms "
                f"(median of {len(runs)}; {runs[0]['rows']} story rows shown)"
            )
        if args.screenshots:
            _screenshots(browser, args.pages[0], args.screenshots, args.name)


def _screenshots(browser: Any, page: Path, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    browser.resize(1280, 1000)
    browser.get(page.resolve().as_uri())
    browser.wait("return document.documentElement.dataset.ready === 'all'", 30)
    browser.js("document.getElementById('stories').scrollIntoView()")
    browser.screenshot(folder / f"{name}-stories.png")
    browser.js("document.getElementById('graph').scrollIntoView()")
    browser.screenshot(folder / f"{name}-graph.png")
    # The first story opened, and its first carrier side by side with its source.
    browser.click("#story-rows tr.story button.linkish")
    browser.js("document.querySelector('tr.detail').scrollIntoView()")
    browser.screenshot(folder / f"{name}-story.png")
    browser.click("tr.detail button.compare")
    browser.screenshot(folder / f"{name}-compare.png")
    print(f"wrote {name}-stories.png, -graph.png, -story.png and -compare.png to {folder}")


if __name__ == "__main__":
    main()
