"""Cost per megabyte of real OCR front pages against generated news of about the same size.

Real newspaper pages (OCR text, a line break every few words, many distinct misspelt words,
wire copy reprinted across many papers) cost more per megabyte than generated articles; this
script measures how much more. It runs the pipeline the way `newsreuse report CORPUS -f json
-o report.json` does, in a fresh process for each run (so peak memory belongs to that run), on
a real corpus and on a generated corpus of `reuse.fixtures` sized to the same megabytes of
text (cached under --out by bench.py's cache), and prints wall and CPU seconds per megabyte
(10^6 bytes of UTF-8 article text) by stage, peak memory, a digest of each JSON report, and
the real-to-generated ratios.

    python benchmarks/real_vs_generated.py CORPUS [--repeat 3] [--jobs N] [--out benchmarks/out]

With --repeat N each corpus runs N times, alternately, and the figures are the fastest run's:
another process on the machine only ever adds time. CPU seconds (the process and its workers)
are the steadier figure on a shared machine; wall seconds are what a user waits. Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Optional

from tabulate import tabulate

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402 - the corpus cache of the main benchmark, next to this file

STAGES = bench.STAGES
MB = bench.MB
# Mean UTF-8 bytes of a generated article's text (seed 0, default settings): the first guess of
# how many articles make the real corpus's megabytes; the count is then corrected once.
_BYTES_PER_ARTICLE = 4260


def text_megabytes(path: Path) -> tuple[float, int]:
    """Megabytes of article text in a JSON Lines corpus (plain or .gz), and its articles."""
    opener: Any = gzip.open if path.suffix == ".gz" else open
    total = n = 0
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                total += len(json.loads(line)["text"].encode("utf-8"))
                n += 1
    return total / MB, n


def _of_size(megabytes: float, made: Callable[[int], Path]) -> Path:
    """The corpus `made(n_articles)` of about `megabytes` of text (within a few per cent): the
    article count guessed from a generated article's mean size, then corrected once."""
    size = max(1, round(megabytes * MB / _BYTES_PER_ARTICLE))
    corpus = made(size)
    got, _ = text_megabytes(corpus)
    if abs(got - megabytes) > 0.03 * megabytes:
        corpus = made(max(1, round(size * megabytes / got)))
    return corpus


def generated_like(out: Path, megabytes: float, seed: int, timeout: float) -> Path:
    """A cached generated corpus of about `megabytes` of text."""
    return _of_size(
        megabytes,
        lambda size: bench.ensure_corpus(out, size, seed, False, timeout) / "corpus.jsonl",
    )


def news_day_like(out: Path, megabytes: float, seed: int) -> Path:
    """A cached generated news day (`FixtureConfig.news_day`: wire stories carried by 20 to 60
    outlets, digest pages, write-thrus, outlets' headers and footers) of about `megabytes` of
    text: a corpus far heavier with reprinted text than the default one, to tell what real
    text costs from what the amount of reuse costs."""
    import reuse
    from reuse import fixtures

    def made(size: int) -> Path:
        folder = out / "news-day" / f"n{size}-seed{seed}"
        if not (folder / "corpus.jsonl").exists():
            bench._say(f"generating a news day of {size:,} articles (seed {seed}) into {folder}")
            config = reuse.FixtureConfig.news_day()
            fixtures.write(reuse.generate(size, seed=seed, config=config), folder)
        return folder / "corpus.jsonl"

    return _of_size(megabytes, made)


def _child(corpus: Path, result: Path, jobs: Optional[int]) -> None:
    """One measured run: import, detect, the JSON report written; figures to `result`."""
    started = time.perf_counter()
    import reuse
    from reuse import reports

    timings: dict[str, Any] = {}
    t0 = time.perf_counter()
    report = reuse.detect([corpus], jobs=jobs, timings=timings)
    pairs = {(m.a, m.b) for m in report.matches}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.json"
        reports.write(report, "json", path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    pipeline = time.perf_counter() - t0
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    result.write_text(
        json.dumps(
            {
                "pipeline": pipeline,
                "end_to_end": time.perf_counter() - started,
                "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime,
                "rss_kib": own.ru_maxrss,
                "workers_kib": kids.ru_maxrss,
                "stages": {k: v for k, v in timings.items() if k != "counts"},
                "counts": timings.get("counts", {}),
                "sha256": digest,
                "matches": len(report.matches),
                "pairs": len(pairs),
            }
        ),
        encoding="utf-8",
    )


def measure(corpus: Path, jobs: Optional[int]) -> dict[str, Any]:
    """One run of the pipeline on `corpus` in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "result.json"
        cmd = [sys.executable, __file__, "--child", str(corpus), "--result", str(result)]
        if jobs is not None:
            cmd += ["--jobs", str(jobs)]
        subprocess.run(cmd, check=True)
        out: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
        return out


def _row(name: str, mb: float, articles: int, run: dict[str, Any]) -> list[Any]:
    stages = run["stages"]
    return [
        name,
        f"{mb:.1f}",
        f"{articles:,}",
        f"{run['pipeline']:.1f}",
        f"{run['cpu']:.1f}",
        f"{run['pipeline'] / mb:.2f}",
        f"{run['cpu'] / mb:.2f}",
        *(f"{stages[s]['cpu'] / mb:.2f}" if s in stages else "-" for s in STAGES),
        f"{max(run['rss_kib'], run['workers_kib']) / 1024:.0f}",
        f"{run['counts'].get('candidate_pairs', 0):,}",
        f"{run['pairs']:,}",
        f"{run['matches']:,}",
        f"{1000 * run['cpu'] / max(run['pairs'], 1):.1f}",
        run["sha256"][:12],
    ]


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("corpus", type=Path, help="the real corpus (JSON Lines, plain or .gz)")
    p.add_argument("--repeat", type=int, default=1, help="runs of each corpus (the fastest counts)")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--seed", type=int, default=0, help="fixture seed (default 0)")
    p.add_argument("--out", type=Path, default=HERE / "out", help="cache of generated corpora")
    p.add_argument(
        "--timeout", type=float, default=1800, help="seconds to generate the default corpus"
    )
    p.add_argument(
        "--news-day",
        action="store_true",
        help="compare with a generated news day (FixtureConfig.news_day) of the same size too",
    )
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    if args.child:
        _child(args.corpus, args.result, args.jobs)
        return 0
    real_mb, _ = text_megabytes(args.corpus)
    generated = generated_like(args.out, real_mb, args.seed, args.timeout)
    corpora = {"real": args.corpus, "generated": generated}
    if args.news_day:
        corpora["news day"] = news_day_like(args.out, real_mb, args.seed)
    sizes = {name: text_megabytes(path) for name, path in corpora.items()}
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in corpora}
    for k in range(args.repeat):
        for name, path in corpora.items():
            run = measure(path, args.jobs)
            runs[name].append(run)
            print(
                f"run {k + 1} {name}: {run['pipeline']:.1f} s wall, {run['cpu']:.1f} s CPU",
                file=sys.stderr,
            )
    best = {name: min(r, key=lambda x: x["pipeline"]) for name, r in runs.items()}
    cpu = {name: min(x["cpu"] for x in r) for name, r in runs.items()}
    headers = ["corpus", "MB", "articles", "wall s", "CPU s", "wall s/MB", "CPU s/MB"]
    headers += [f"{s} CPU s/MB" for s in STAGES]
    headers += ["max MiB", "cand pairs", "pairs", "matches", "CPU ms/pair", "report sha256"]
    for name, path in corpora.items():
        print(f"{name}: {path}")
    print(
        f"fixture seed {args.seed}; fastest of {args.repeat} run(s) each, jobs={args.jobs or 'all cores'}"
    )
    print("pairs: article pairs the report links (one match or more)")
    print(
        tabulate(
            [_row(name, *sizes[name], best[name]) for name in corpora],
            headers=headers,
            disable_numparse=True,
        )
    )
    real_mb = sizes["real"][0]
    for name in [n for n in corpora if n != "real"]:
        mb = sizes[name][0]
        wall = (best["real"]["pipeline"] / real_mb) / (best[name]["pipeline"] / mb)
        cpu_ratio = (cpu["real"] / real_mb) / (cpu[name] / mb)
        print(f"real / {name} cost per MB: wall {wall:.2f}x, CPU {cpu_ratio:.2f}x")
    digests = {name: {x["sha256"] for x in r} for name, r in runs.items()}
    if any(len(d) > 1 for d in digests.values()):
        print("warning: repeated runs gave different reports", digests)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
