"""The persistent index at scale: build it from generated articles in batches, add new ones, ask
about one article at a time.

    python benchmarks/index.py --size 100000 --out /tmp/newsreuse-bench

Prints, for an index of `--size` generated articles (built in batches of `--batch`):
  * the wall time and peak memory of each batch's `newsreuse index add`, and the index's size;
  * `index add` of `--new` new articles against a batch `newsreuse report` over the same
    articles (time and peak memory of each, and their ratio);
  * `--queries` queries of archive articles, spread over it (a query of an article the index
    holds compares it with all the others): median and 90th percentile of the whole
    query and of the lookup alone (sketching the article and reading its candidates' keys and
    sketches), and the query process's peak memory (it never loads the index).
  * with `--report`, `newsreuse index report` over the whole index (time, peak memory, counts)
    and, unless `--no-batch`, a batch `newsreuse report` over the same articles: whether the
    two JSON reports are the same bytes, and the ratios of their time and memory.
Every command runs in its own process, timed with /usr/bin/time. Corpora are generated once and
cached under --out (as `bench.py` does); a size over 100,000 is made of independent corpora of
100,000 (seeds 0, 1, ...; ids prefixed s0-, s1-, ...), since generating a million at once would
hold them all in memory; ids of the new articles are prefixed so they are new
to the index.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import _pss_kib, _tree, ensure_corpus

_QUERY_CHILD = """
import json, sys, time
import reuse
from reuse.corpus import load_corpus
from reuse.stages.candidates.stage import article_sketches
arts = list(load_corpus(sys.argv[2]).articles)[: int(sys.argv[3])]
with reuse.Index(sys.argv[1]) as ix:
    ix.query(arts[0])  # warm: imports and the first page reads
    whole, lookup, pairs = [], [], []
    for a in arts[1:]:
        t = time.perf_counter()
        sketches, _ = article_sketches([a], ix.settings, 1, [])
        ix._lookup(sketches, 500)
        lookup.append(time.perf_counter() - t)
        t = time.perf_counter()
        report = ix.query(a)
        whole.append(time.perf_counter() - t)
        pairs.append(len({(m.a, m.b) for m in report.matches}))
print(json.dumps({"whole": whole, "lookup": lookup, "pairs": pairs}))
"""


# Generated corpora larger than this are made of independent corpora of this size.
_SLICE = 100_000


def _timed(cmd: list[str], log: Path) -> dict[str, float]:
    """Run `cmd` under /usr/bin/time: wall seconds, peak memory of its largest process (GiB,
    `peak_gib`) and the peak of the summed PSS of its process tree (workers included, shared
    pages counted once: `tree_pss_gib`), sampled every second. Every ten seconds a line goes
    to `log` + ".pss": seconds, tree PSS now and its peak over those ten seconds (GiB), and the
    log's last line (the stage it is in)."""
    full = ["/usr/bin/time", "-f", "TIME %e %M", *cmd]
    peak, window, started, last = 0, 0, time.perf_counter(), -10.0
    with open(log, "w", encoding="utf-8") as fh, open(f"{log}.pss", "w") as trail:
        proc = subprocess.Popen(full, stdout=fh, stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        err: list[str] = []
        reader = threading.Thread(target=lambda: err.extend(proc.stderr), daemon=True)  # type: ignore[arg-type]
        reader.start()
        while proc.poll() is None:
            pss = sum(_pss_kib(p) for p in _tree(proc.pid))
            peak, window = max(peak, pss), max(window, pss)
            now = time.perf_counter() - started
            if now - last >= 10:
                last = now
                stage = (err[-1].strip() if err else "")[-120:]
                print(
                    f"{now:8.0f} s {pss / 2**20:6.2f} GiB (peak {window / 2**20:6.2f})  {stage}",
                    file=trail,
                    flush=True,
                )
                window = 0
            time.sleep(1)
        reader.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{''.join(err)[-2000:]}")
    line = [x for x in err if x.startswith("TIME ")][-1]
    _, wall, kb = line.split()
    return {"seconds": float(wall), "peak_gib": int(kb) / 2**20, "tree_pss_gib": peak / 2**20}


def _renamed(src: Path, dst: Path, prefix: str, limit: int) -> Path:
    if not dst.exists():
        with open(src, encoding="utf-8") as fin, open(dst, "w", encoding="utf-8") as fout:
            for k, line in enumerate(fin):
                if k >= limit:
                    break
                row = json.loads(line)
                row["id"] = prefix + row["id"]
                fout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return dst


def _sample(src: Path, dst: Path, n: int) -> Path:
    """`n` articles spread evenly over `src`, as they are (ids and all)."""
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    dst.write_text("".join(lines[:: max(1, len(lines) // n)][:n]), encoding="utf-8")
    return dst


def _split(src: Path, folder: Path, batch: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    parts = []
    for k in range(0, len(lines), batch):
        part = folder / f"batch{k // batch:03d}.jsonl"
        if not part.exists():
            part.write_text("".join(lines[k : k + batch]), encoding="utf-8")
        parts.append(part)
    return parts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=10_000)
    ap.add_argument("--new", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--out", type=Path, default=Path("/tmp/newsreuse-bench"))
    ap.add_argument("--keep", action="store_true", help="Reuse an index already built.")
    ap.add_argument(
        "--report",
        action="store_true",
        help="Also time `index report` over the whole index (JSON), against a batch "
        "`newsreuse report` over the same articles unless --no-batch.",
    )
    ap.add_argument(
        "--no-batch",
        action="store_true",
        help="With --report: no batch report to compare with (it needs the whole corpus in memory).",
    )
    ap.add_argument(
        "--checkpoint",
        action="store_true",
        help="With --report: `index report --checkpoint` (in the index's folder), so that a "
        "report stopped part way (the million's takes hours) resumes when run again.",
    )
    args = ap.parse_args()
    out = args.out
    work = out / f"index-n{args.size}"
    work.mkdir(parents=True, exist_ok=True)
    newsreuse = str(Path(sys.executable).with_name("newsreuse"))
    if args.size <= _SLICE:
        slices = [ensure_corpus(out, args.size, 0, False, 24 * 3600) / "corpus.jsonl"]
    else:  # independent corpora of 100,000 (seeds 0, 1, ...), ids prefixed s0-, s1-, ...
        slices = [
            _renamed(
                ensure_corpus(out, _SLICE, k, False, 24 * 3600) / "corpus.jsonl",
                work / f"slice{k}.jsonl",
                f"s{k}-",
                _SLICE,
            )
            for k in range(-(-args.size // _SLICE))
        ]
    main_corpus = slices[0]
    new_src = ensure_corpus(out, max(args.new, args.queries + 1), 1, False, 24 * 3600)
    new = _renamed(new_src / "corpus.jsonl", work / "new.jsonl", "new-", args.new)
    asked = _sample(main_corpus, work / "ask.jsonl", args.queries + 1)
    index = work / "index.db"

    if not (args.keep and index.exists()):
        for p in (index, Path(f"{index}-wal"), Path(f"{index}-shm")):
            p.unlink(missing_ok=True)
        total = 0.0
        parts = [
            part
            for k, corpus in enumerate(slices)
            for part in _split(corpus, work / f"batches{k}", args.batch)
        ]
        for k, part in enumerate(parts):
            t = _timed([newsreuse, "index", "add", str(index), str(part), "-q"], work / "add.log")
            total += t["seconds"]
            size = sum(p.stat().st_size for p in (index, Path(f"{index}-wal")) if p.exists())
            print(
                f"batch {k + 1:>3}: add {t['seconds']:7.1f} s, peak {t['peak_gib']:.2f} GiB, "
                f"index {size / 2**30:.2f} GiB",
                flush=True,
            )
        print(f"built: {total:.0f} s in all", flush=True)

    stats = json.loads(
        subprocess.run(
            [newsreuse, "index", "stats", str(index), "--json"], capture_output=True, text=True
        ).stdout
    )
    per_article = stats["bytes_on_disk"] / stats["articles"]
    print(
        f"index: {stats['articles']:,} articles, {stats['bytes_on_disk'] / 2**30:.2f} GiB "
        f"({per_article / 1024:.1f} KiB an article, of which text "
        f"{stats['chars'] / stats['articles'] / 1024:.1f} KiB), {stats['band_keys']:,} band keys"
    )

    q = subprocess.run(
        [
            "/usr/bin/time",
            "-f",
            "TIME %e %M",
            sys.executable,
            "-c",
            _QUERY_CHILD,
            str(index),
            str(asked),
            str(args.queries + 1),
        ],
        capture_output=True,
        text=True,
    )
    if q.returncode != 0:
        raise SystemExit(q.stderr[-3000:])
    res = json.loads(q.stdout.strip().splitlines()[-1])
    peak = int(q.stderr.strip().splitlines()[-1].split()[2]) / 2**20

    def _pct(xs: list[float], p: float) -> float:
        return sorted(xs)[min(len(xs) - 1, int(p * len(xs)))] * 1000

    print(
        f"query ({len(res['whole'])} articles of the archive): median "
        f"{statistics.median(res['whole']) * 1000:.0f} ms, p90 {_pct(res['whole'], 0.9):.0f} ms; "
        f"lookup alone median {statistics.median(res['lookup']) * 1000:.1f} ms, p90 "
        f"{_pct(res['lookup'], 0.9):.1f} ms; pairs found a query: median "
        f"{statistics.median(res['pairs']):.0f}; query process peak {peak:.2f} GiB"
    )

    batch = _timed(
        [newsreuse, "report", str(new), "-f", "json", "-o", str(work / "new-report.json"), "-q"],
        work / "report.log",
    )
    added = _timed([newsreuse, "index", "add", str(index), str(new), "-q"], work / "add-new.log")
    print(
        f"{args.new:,} new articles: index add {added['seconds']:.1f} s (peak "
        f"{added['peak_gib']:.2f} GiB) vs batch report {batch['seconds']:.1f} s (peak "
        f"{batch['peak_gib']:.2f} GiB): ratio {added['seconds'] / batch['seconds']:.2f}"
    )
    # Forget them again (eviction), so that the index is as built for a rerun with --keep.
    forget = (
        "import sys, reuse\n"
        "with reuse.Index(sys.argv[1]) as ix:\n"
        "    ids = [a.id for a in ix.articles() if a.id.startswith('new-')]\n"
        "    print(len(ix.remove(ids)))\n"
    )
    removed = _timed([sys.executable, "-c", forget, str(index)], work / "remove.log")
    print(f"removing them again: {removed['seconds']:.1f} s (peak {removed['peak_gib']:.2f} GiB)")
    if args.report:
        _report(newsreuse, index, slices, work, batch=not args.no_batch, checkpoint=args.checkpoint)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _report(
    newsreuse: str,
    index: Path,
    slices: list[Path],
    work: Path,
    *,
    batch: bool,
    checkpoint: bool = False,
) -> None:
    """`index report` over the whole index (with a checkpoint in `work` when asked), and the
    batch report over the same articles."""
    got = work / "index-report.json"
    kept = ["--checkpoint", str(work / "report-checkpoint")] if checkpoint else []
    t = _timed(
        [newsreuse, "index", "report", str(index), "-f", "json", "-o", str(got), *kept],
        work / "index-report.log",
    )
    counts = json.loads(got.read_text(encoding="utf-8"))["counts"]
    print(
        f"index report over {counts['articles']:,} articles: {t['seconds']:.1f} s, peak "
        f"{t['peak_gib']:.2f} GiB (tree PSS {t['tree_pss_gib']:.2f} GiB); {counts['matches']:,} matches, {counts['clusters']:,} "
        f"clusters; report {_sha(got)}",
        flush=True,
    )
    if not batch:
        return
    want = work / "batch-report.json"
    b = _timed(
        [newsreuse, "report", *map(str, slices), "-f", "json", "-o", str(want), "-q"],
        work / "batch-report.log",
    )
    same = got.read_bytes() == want.read_bytes()
    print(
        f"batch report over the same articles: {b['seconds']:.1f} s, peak {b['peak_gib']:.2f} GiB "
        f"(tree PSS {b['tree_pss_gib']:.2f} GiB); "
        f"report {_sha(want)} ({'the same bytes' if same else 'DIFFERENT'}); index/batch: time "
        f"{t['seconds'] / b['seconds']:.2f}, peak {t['peak_gib'] / b['peak_gib']:.2f}"
    )


if __name__ == "__main__":
    main()
