"""How fast `newsreuse explain` answers, and whether its verdicts are the report's.

    python benchmarks/explain.py ../shared/data/chronam-1916-01/corpus.jsonl.gz [--pairs 24]

Runs, as a user would (each a fresh `newsreuse` process): `newsreuse report -f json` over the
corpus; the first `newsreuse explain` (which runs the report once and keeps the corpus-wide
work in a cache); then `--pairs` more questions, chosen with a fixed seed among the pairs the
report aligned, the pairs it completed through clusters and pairs it does not have. Prints the
time and peak memory of each, and how many verdicts agree with the report (exit 1 if any does
not).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _run(args: list[str], env_cache: Path) -> tuple[float, float, str]:
    """Wall seconds, peak memory (MiB) and stdout of one newsreuse process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "reuse", *args],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "NEWSREUSE_CACHE": str(env_cache)},
    )
    took = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return took, max(peak, before) / 1024, out.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--pairs", type=int, default=24)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache, report_path = Path(tmp) / "cache", Path(tmp) / "report.json"
        took, mem, _ = _run(
            ["report", str(args.corpus), "-q", "-f", "json", "-o", str(report_path)], cache
        )
        print(f"report:                    {took:7.1f} s", flush=True)
        report = json.loads(report_path.read_text())
        direct = sorted({(m["a"], m["b"]) for m in report["matches"] if not m.get("via")})
        via = sorted({(m["a"], m["b"]) for m in report["matches"] if m.get("via")} - set(direct))
        ids = sorted(a["id"] for a in report["articles"])
        rng = random.Random(args.seed)
        third = max(1, args.pairs // 3)
        unrelated: set[tuple[str, str]] = set()
        while len(unrelated) < third:
            a, b = sorted(rng.sample(ids, 2))
            if (a, b) not in set(direct) | set(via):
                unrelated.add((a, b))
        asked = (
            rng.sample(direct, min(third, len(direct)))
            + rng.sample(via, min(third, len(via)))
            + sorted(unrelated)
        )
        reported = set(direct) | set(via)
        a, b = asked[0]
        first, mem, _ = _run(["explain", str(args.corpus), "--pair", a, b, "-q"], cache)
        print(f"first explain (cache made): {first:6.1f} s  ({first / took:.2f}x the report)")
        times, agree = [], 0
        for a, b in asked:
            t, _, out = _run(
                ["explain", str(args.corpus), "--pair", a, b, "-q", "-f", "json"], cache
            )
            v = json.loads(out)["verdict"]
            ok = v["reported"] == ((a, b) in reported) == v["found_by_reexamination"]
            agree += ok
            times.append(t)
            print(
                f"  {a} {b}: {t:5.2f} s  {v.get('via') or v.get('lost_at')}"
                + ("" if ok else "  DISAGREES"),
                flush=True,
            )
        print(
            f"questions: {len(times)}, median {statistics.median(times):.2f} s, "
            f"max {max(times):.2f} s, peak memory {mem:.0f} MiB (any process)"
        )
        print(f"verdicts agreeing with the report: {agree}/{len(asked)}")
        if agree != len(asked):
            sys.exit(1)


if __name__ == "__main__":
    main()
