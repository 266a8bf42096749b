"""A real news corpus end to end: run time, peak memory, recall against a weak truth, the
largest stories with their purity and wire, and the HTML report's size.

    python benchmarks/real_news.py ../shared/data/chronam-1916-01/corpus.jsonl.gz \
        --truth ../shared/data/chronam-1916-01/weak_truth.py [--out DIR] [-j 2] [--preset ocr]

The corpus is reported by `newsreuse report` in a fresh process (JSON and HTML from one run of
the library, so the figures are of one detection); run time is wall time of that process, peak
memory the largest resident set of it and its workers. With `--truth`, the weak-truth script's
`pairs(articles)` gives the article pairs that share reprinted text, and the recall is the share
of them the report matched (directly or through a story). Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_RUN = """
import sys, time
import reuse
from reuse.reports import write
t = time.perf_counter()
report = reuse.detect(sys.argv[1], reuse.Settings.preset(sys.argv[4]), jobs=int(sys.argv[3]))
detect = time.perf_counter() - t
write(report, "json", sys.argv[2] + "/report.json")
write(report, "html", sys.argv[2] + "/report.html")
print(f"{detect:.1f}")
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--truth", help="a weak-truth script with pairs(articles)")
    ap.add_argument("--out", help="keep report.json and report.html here")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--preset", default="news", help="detect with this preset (news, ocr, ...)")
    args = ap.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="real-news-"))
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-c", _RUN, args.corpus, str(out), str(args.jobs), args.preset],
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    report = json.loads((out / "report.json").read_text("utf-8"))
    size = Path(args.corpus).stat().st_size
    print(
        f"corpus: {args.corpus} ({len(report['articles']):,} articles, {size / 1e6:.1f} MB on disk)"
    )
    print(f"run: {wall:.1f} s wall ({run.stdout.strip()} s detection), peak memory {peak:,.0f} MiB")
    html = (out / "report.html").stat().st_size
    print(
        f"html report: {html / 1e6:.2f} MB; json report {(out / 'report.json').stat().st_size / 1e6:.1f} MB"
    )
    found = {frozenset((m["a"], m["b"])) for m in report["matches"]}
    if args.truth:
        spec = importlib.util.spec_from_file_location("weak_truth", args.truth)
        assert spec and spec.loader
        weak = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(weak)
        truth = weak.pairs(weak.read(args.corpus))
        print(
            f"weak-truth recall: {len(truth & found) / len(truth):.3f} ({len(truth & found):,} of {len(truth):,} pairs)"
        )
    stories = report.get("stories") or []
    clusters = {c["id"]: c for c in report["clusters"]}
    print(
        f"stories: {len(stories):,}; clusters: {len(clusters):,}; matches: {len(report['matches']):,}"
    )
    pure = [s for s in stories if len(s["carriers"]) >= 5]
    if pure:
        mean = sum(s["purity"] for s in pure) / len(pure)
        print(
            f"stories with 5+ carriers: {len(pure)}, mean purity {mean:.3f}, pure {sum(s['purity'] == 1 for s in pure)}"
        )
    print(
        f"\nthe {args.top} largest stories (purity: share of passages sharing text with the core)"
    )
    print(f"{'story':>6} {'carriers':>8} {'passages':>8} {'purity':>6}  {'wire':<26} text")
    for s in stories[: args.top]:
        text = " ".join(s["text"].split())[:60]
        passages = len(clusters[s["cluster"]]["passages"])
        wire = s["wire"] or "-"
        print(
            f"{s['id']:>6} {len(s['carriers']):>8} {passages:>8} {s['purity']:>6.2f}  {wire:<26} {text}"
        )
    print(f"\nreports in {out}")


if __name__ == "__main__":
    main()
