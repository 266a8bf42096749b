"""Detection by kind of obfuscation, on a generated corpus with every kind planted.

Generates `newsreuse fixtures --preset obfuscation` (the usual plantings plus random
obfuscation at low and high strength, translation-like rewording, summaries and single-sentence
edits; `reuse.fixtures.FixtureConfig.obfuscation`), writes it under --out, runs the candidate
stage alone (for candidate recall before alignment) and then `reuse.detect` with the default
settings, scores the report with `reuse.evaluation.evaluate` and prints, per kind of truth
match: cases (truth matches), candidate recall (the share of the kind's truth article pairs the
candidate stage proposes), pair recall after alignment (the share the report pairs up), PAN
character recall, precision, granularity and plagdet; then the share of hard negatives (same
story, no shared text) reported, and the seconds each step took. The table is also written to
`<out>/obfuscation-<n>-<seed>.json`.

    python benchmarks/obfuscation.py [--n 2000] [--seed 0] [--jobs N] [--out benchmarks/out]

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

from tabulate import tabulate

HERE = Path(__file__).resolve().parent


def _f(x: Optional[float], digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def run(n: int, seed: int, jobs: Optional[int], out: Path, settings: Any = None) -> dict[str, Any]:
    """Generate, detect (with `settings`, the news defaults when None) and score; the figures
    as a dict."""
    import reuse
    from reuse.evaluation import evaluate
    from reuse.evaluation.candidates import candidate_recall
    from reuse.fixtures import FixtureConfig, generate, write

    t0 = time.perf_counter()
    fx = generate(n, seed, config=FixtureConfig.obfuscation())
    write(fx, out / f"obfuscation-{n}-{seed}")
    t1 = time.perf_counter()
    recall = candidate_recall(fx.articles, fx.truth, settings, jobs=jobs)
    t2 = time.perf_counter()
    report = reuse.detect(fx.articles, settings, jobs=jobs)
    t3 = time.perf_counter()
    ev = evaluate(report, fx.truth)
    rows = []
    for kind, m in [("all", ev.passages), *ev.by_kind.items()]:
        cand = recall.get(kind, {})
        rows.append(
            {
                "kind": kind,
                "cases": m["cases"],
                "pairs": m.get("pairs"),
                "candidate_recall": cand.get("recall"),
                "pair_recall": m.get("pair_recall"),
                "recall": m["recall"],
                "precision": m["precision"],
                "granularity": m["granularity"],
                "plagdet": m["plagdet"],
            }
        )
    return {
        "n": n,
        "seed": seed,
        "preset": getattr(settings, "preset_name", None) or "news",
        "jobs": jobs,
        "kinds": rows,
        "negatives": ev.negatives["rate"],
        "negatives_reported": ev.negatives["reported"],
        "negative_pairs": ev.negatives["pairs"],
        "seconds": {
            "generate": round(t1 - t0, 1),
            "candidates": round(t2 - t1, 1),
            "detect": round(t3 - t2, 1),
            "total": round(time.perf_counter() - t0, 1),
        },
    }


def render(result: dict[str, Any]) -> str:
    """The figures as a table and two lines."""
    table = tabulate(
        [
            [
                r["kind"],
                r["cases"],
                _f(r["candidate_recall"]),
                _f(r["pair_recall"]),
                _f(r["recall"]),
                _f(r["precision"]),
                _f(r["granularity"], 2),
                _f(r["plagdet"]),
            ]
            for r in result["kinds"]
        ],
        headers=["kind", "cases", "cand rec", "pair rec", "recall", "prec", "gran", "plagdet"],
        disable_numparse=True,
    )
    s = result["seconds"]
    return (
        f"obfuscation corpus, {result['n']} articles, seed {result['seed']}, detected with "
        f"the {result['preset']} preset\n{table}\n"
        f"hard negatives reported: {result['negatives_reported']} of {result['negative_pairs']}"
        f" ({_f(result['negatives'] and 100 * result['negatives'], 2)}%)\n"
        f"seconds: generate {s['generate']}, candidates alone {s['candidates']}, "
        f"detect {s['detect']}, total {s['total']}"
    )


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default all)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where to write")
    parser.add_argument(
        "--preset", default="news", help="detect with this preset (news, plagiarism, ocr)"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    import reuse

    settings = reuse.Settings.preset(args.preset)
    result = run(args.n, args.seed, args.jobs, args.out, settings)
    print(render(result))
    path = args.out / f"obfuscation-{args.n}-{args.seed}-{args.preset}.json"
    path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"written: {path}")


if __name__ == "__main__":
    main()
