"""Speed, memory and recall of newsreuse on generated news corpora of growing size.

For each size the script generates a corpus with `reuse.fixtures` (about 4 KB articles, the
default planting rates; cached as JSON Lines under --out), then runs the pipeline the way
`newsreuse report corpus.jsonl -o report.json` does, in a fresh process so that peak memory
belongs to that size alone: import, `reuse.detect(path, timings=...)`, then the JSON report
written to a file. It prints the figures and writes them to `<out>/results.json`.

    python benchmarks/bench.py --sizes 1000 10000 100000 --seed 0 [--jobs N] [--out benchmarks/out]
    python benchmarks/bench.py --sizes 1000 10000 --profile

Figures are printed, never asserted: the targets at the end are reported as met or not met.
Timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import pstats
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

from tabulate import tabulate

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
STAGES = ("load", "candidates", "alignment", "clustering", "attribution")
MB = 1e6  # throughput is in megabytes (10^6 bytes) of UTF-8 article text
GIB_KIB = 1024 * 1024
SAMPLE_SECONDS = 0.5

# Figures measured elsewhere on a comparable machine (2 cores, 24 GiB), printed for reference.
ANCHORS = (
    ("passim 2 (PySpark, local[2])", 1000, 34.6),
    ("passim 2 (PySpark, local[2])", 10000, 77.5),
    ("datasketch MinHash-LSH pass alone", 10000, 7.8),
)
ANCHOR_NOTE = (
    "anchors: articles of 4 KB with 1,000 near-copies in the 10,000; our corpora plant "
    "the default mix (near-copies, reprints, passages of one to several sentences, "
    "quotes, spun copies), so they compare in size, not in content"
)


# ---------------------------------------------------------------------------------------------
# Corpora
# ---------------------------------------------------------------------------------------------


def corpus_dir(out: Path, size: int, seed: int) -> Path:
    """Where the corpus of `size` articles and `seed` is cached."""
    return out / "corpora" / f"n{size}-seed{seed}"


def _cached(folder: Path, size: int, seed: int) -> bool:
    meta = folder / "meta.json"
    if not (
        (folder / "corpus.jsonl").is_file() and (folder / "truth.json").is_file() and meta.is_file()
    ):
        return False
    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
    except ValueError:
        return False
    return info.get("n_articles") == size and info.get("seed") == seed


def ensure_corpus(out: Path, size: int, seed: int, regenerate: bool, timeout: float) -> Path:
    """The cached corpus folder for `size` and `seed`, generated (in a child process) if needed."""
    folder = corpus_dir(out, size, seed)
    if not regenerate and _cached(folder, size, seed):
        return folder
    _say(f"generating {size:,} articles (seed {seed}) into {folder}")
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        "generate",
        "--sizes",
        str(size),
        "--seed",
        str(seed),
        "--out",
        str(out),
    ]
    outcome = _run_child(
        cmd, timeout, folder.parent / f"generate-n{size}-seed{seed}.log", sample=False
    )
    if outcome["status"] != "ok" or not _cached(folder, size, seed):
        raise SystemExit(
            f"bench: generating {size} articles failed ({outcome['status']}); see {outcome['log']}"
        )
    return folder


def _child_generate(out: Path, size: int, seed: int) -> None:
    """Generate and write one corpus atomically (a killed run leaves no half-written corpus)."""
    from reuse import fixtures

    folder = corpus_dir(out, size, seed)
    tmp = folder.with_name(folder.name + ".tmp")
    started = time.perf_counter()
    fixture = fixtures.generate(size, seed)
    fixtures.write(fixture, tmp)
    info = {
        "n_articles": size,
        "seed": seed,
        "config": fixture.config.to_dict(),
        "truth_counts": fixture.truth.get("counts"),
        "generate_seconds": round(time.perf_counter() - started, 3),
    }
    (tmp / "meta.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    if folder.exists():
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()
    tmp.rename(folder)


# ---------------------------------------------------------------------------------------------
# One measured run (in a child process)
# ---------------------------------------------------------------------------------------------


def _cpu() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _memory_kib() -> dict[str, int]:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"self": own, "children": kids, "max": max(own, kids)}


def _child_run(
    folder: Path, result_path: Path, jobs: Optional[int], profile_path: Optional[Path]
) -> None:
    """Import, detect, write the JSON report; then score it against the truth and save figures.

    On SIGTERM (the parent's time limit) the figures so far are saved instead: the stages that
    finished, the stage that was running and for how long, and the profile when profiling.
    """
    code = commit()  # the code this run imports, which may differ from the parent's
    wall0, cpu0 = time.perf_counter(), _cpu()
    import reuse
    from reuse import reports

    imported = {"wall": time.perf_counter() - wall0, "cpu": _cpu() - cpu0}

    timings: dict[str, Any] = {}
    progress: list[str] = []
    profiler = None
    if profile_path is not None:
        import cProfile

        profiler = cProfile.Profile()
    wall1, cpu1 = time.perf_counter(), _cpu()

    def say(msg: str) -> None:
        line = f"[{time.perf_counter() - wall1:8.1f} s] {msg}"
        progress.append(line)
        print(line, file=sys.stderr, flush=True)

    main_pid = os.getpid()

    def stopped(*_: Any) -> None:
        if os.getpid() != main_pid:  # a forked worker inherits the handler
            os._exit(128 + signal.SIGTERM)
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(str(profile_path))
        stages = {k: v for k, v in timings.items() if k != "counts" and isinstance(v, dict)}
        running = next((s for s in STAGES if s not in stages), "report")
        elapsed = time.perf_counter() - wall1
        partial = {
            "status": "timeout",
            "commit": code,
            "jobs": jobs,
            "profiled": profiler is not None,
            "import": imported,
            "stages": stages,
            "running": {
                "stage": running,
                "wall": elapsed - sum(v["wall"] for v in stages.values()),
            },
            "elapsed": {"wall": elapsed, "cpu": _cpu() - cpu1},
            "memory_kib": _memory_kib(),
            "counts": timings.get("counts", {}),
            "progress": progress,
        }
        result_path.write_text(json.dumps(partial, indent=1) + "\n", encoding="utf-8")
        os._exit(124)

    signal.signal(signal.SIGTERM, stopped)
    report_path = result_path.with_suffix(".report.json")
    if profiler is not None:
        profiler.enable()
    report = reuse.detect(str(folder / "corpus.jsonl"), jobs=jobs, progress=say, timings=timings)
    wall2, cpu2 = time.perf_counter(), _cpu()
    reports.write(report, "json", report_path)
    wall3, cpu3 = time.perf_counter(), _cpu()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(profile_path))
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    memory = _memory_kib()

    stages = {k: v for k, v in timings.items() if k != "counts" and isinstance(v, dict)}
    other = (wall2 - wall1) - sum(v["wall"] for v in stages.values())
    other_cpu = (cpu2 - cpu1) - sum(v["cpu"] for v in stages.values())
    stages["other"] = {"wall": max(other, 0.0), "cpu": max(other_cpu, 0.0)}
    stages["report"] = {"wall": wall3 - wall2, "cpu": cpu3 - cpu2}
    text_bytes = sum(len(t.encode("utf-8")) for t in report.texts.values())
    result: dict[str, Any] = {
        "status": "ok",
        "commit": code,
        "jobs": jobs,
        "profiled": profiler is not None,
        "import": imported,
        "stages": stages,
        "pipeline": {"wall": wall3 - wall1, "cpu": cpu3 - cpu1},
        "end_to_end": {"wall": wall3 - wall0, "cpu": cpu3 - cpu0},
        "memory_kib": memory,
        "counts": timings.get("counts", {}),
        "input": {
            "articles": len(report.texts),
            "text_bytes": text_bytes,
            "file_bytes": (folder / "corpus.jsonl").stat().st_size,
        },
        "report_bytes": report_path.stat().st_size,
        "progress": progress,
    }
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    result["accuracy"] = planted_scores([m.to_dict() for m in report.matches], truth)
    try:
        from reuse.evaluation import evaluate

        ev = evaluate(report, truth).to_dict()
        result["evaluation"] = {
            "passages": ev.get("passages"),
            "pairs": ev.get("pairs"),
            "case_recall_by_kind": {
                k: v.get("case_recall") for k, v in (ev.get("by_kind") or {}).items()
            },
            "negatives_rate": (ev.get("negatives") or {}).get("rate"),
        }
    except Exception as exc:  # noqa: BLE001 - the headline figures above do not depend on it
        result["evaluation"] = {"error": f"{type(exc).__name__}: {exc}"}
    result_path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def planted_scores(matches: Sequence[dict[str, Any]], truth: dict[str, Any]) -> dict[str, Any]:
    """Recall of the planted matches, and pair-level precision and recall.

    A truth match is found when a report match between the same two articles overlaps it in
    both articles. A pair is reported when the report has any match between the two articles.
    """

    def norm(m: dict[str, Any]) -> tuple[tuple[str, str], tuple[int, int], tuple[int, int]]:
        a, b = str(m["a"]), str(m["b"])
        sa, sb = (int(m["a_start"]), int(m["a_end"])), (int(m["b_start"]), int(m["b_end"]))
        return ((a, b), sa, sb) if a < b else ((b, a), sb, sa)

    def overlap(x: tuple[int, int], y: tuple[int, int]) -> bool:
        return max(x[0], y[0]) < min(x[1], y[1])

    found_by: dict[tuple[str, str], list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    for m in matches:
        pair, sa, sb = norm(m)
        found_by.setdefault(pair, []).append((sa, sb))
    planted = [(norm(t), str(t.get("kind", ""))) for t in truth.get("matches", [])]
    found = 0
    by_kind: dict[str, list[int]] = {}
    for (pair, sa, sb), kind in planted:
        hit = any(overlap(sa, ra) and overlap(sb, rb) for ra, rb in found_by.get(pair, ()))
        found += hit
        by_kind.setdefault(kind, [0, 0])
        by_kind[kind][0] += hit
        by_kind[kind][1] += 1
    truth_pairs = {p for (p, _, _), _ in planted}
    reported = set(found_by)
    tp = len(truth_pairs & reported)
    return {
        "truth_matches": len(planted),
        "found": found,
        "recall": found / len(planted) if planted else None,
        "recall_by_kind": {k: h / n for k, (h, n) in sorted(by_kind.items())},
        "truth_pairs": len(truth_pairs),
        "reported_pairs": len(reported),
        "true_pairs": tp,
        "pair_precision": tp / len(reported) if reported else None,
        "pair_recall": tp / len(truth_pairs) if truth_pairs else None,
    }


# ---------------------------------------------------------------------------------------------
# Running children with a time limit and a memory sampler
# ---------------------------------------------------------------------------------------------


def _tree(root: int) -> list[int]:
    """`root` and all its descendants, from /proc (Linux)."""
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    todo.extend(int(x) for x in f.read().split())
        except OSError:
            continue
    return out


def _pss_kib(pid: int) -> int:
    """Proportional set size of one process: shared pages are split among their sharers."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _run_child(
    cmd: list[str], timeout: float, log_path: Path, sample: bool = True
) -> dict[str, Any]:
    """Run `cmd` in its own process group; stop the group at `timeout` seconds.

    While it runs, the summed PSS of the process and its workers is sampled every
    SAMPLE_SECONDS: the memory the run holds at once, counting shared pages once.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    peak = 0
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, cwd=REPO, start_new_session=True
        )
        status = "ok"
        while True:
            try:
                rc = proc.wait(timeout=SAMPLE_SECONDS)
                if rc != 0:
                    status = f"failed (exit {rc})"
                break
            except subprocess.TimeoutExpired:
                pass
            if sample:
                peak = max(peak, sum(_pss_kib(p) for p in _tree(proc.pid)))
            if time.perf_counter() - started > timeout:
                status = "timeout"
                _stop_group(proc)
                break
    return {
        "status": status,
        "seconds": time.perf_counter() - started,
        "tree_pss_peak_kib": peak or None,
        "log": str(log_path),
    }


def _stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM to the child (it saves its figures so far), then SIGKILL to its process group,
    which also ends any worker processes it leaves behind."""
    try:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30.0)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def profile_path(out: Path, size: int) -> Path:
    """Where the cProfile dump of `size` is kept."""
    return out / f"profile-n{size}.prof"


def measure(
    out: Path, folder: Path, size: int, jobs: Optional[int], timeout: float, profile: bool = False
) -> dict[str, Any]:
    """One run of the pipeline on the corpus in `folder`, in a fresh process."""
    tag = f"n{size}" + ("-profile" if profile else "")
    result_path = out / f"run-{tag}.json"
    result_path.unlink(missing_ok=True)
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        "run",
        "--corpus",
        str(folder),
        "--result",
        str(result_path),
    ]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    if profile:
        profile_path(out, size).unlink(missing_ok=True)
        cmd += ["--profile-to", str(profile_path(out, size))]
    load_before = os.getloadavg()
    outcome = _run_child(cmd, timeout, out / f"run-{tag}.log")
    run: dict[str, Any] = {"size": size, "loadavg_before": [round(x, 2) for x in load_before]}
    if result_path.is_file():
        run.update(json.loads(result_path.read_text(encoding="utf-8")))
    if outcome["status"] != "ok" or not result_path.is_file():
        run["status"] = outcome["status"] if outcome["status"] != "ok" else "failed (no result)"
    run["seconds"] = outcome["seconds"]
    run["log"] = outcome["log"]
    run["memory_kib"] = dict(run.get("memory_kib", {}), tree_pss_peak=outcome["tree_pss_peak_kib"])
    counts = run.get("counts") or {}
    n = counts.get("articles") or run.get("input", {}).get("articles")
    if n:
        run["per_article"] = {
            k: counts[k] / n
            for k in (
                "candidate_pairs",
                "unit_pairs",
                "similar_unit_pairs",
                "verified_unit_pairs",
                "units",
            )
            if k in counts
        }
    if run["status"] == "ok":
        secs = run["pipeline"]["wall"]
        run["throughput"] = {
            "articles_per_s": n / secs,
            "mb_per_s": run["input"]["text_bytes"] / MB / secs,
        }
    return run


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


def median_run(tries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The run of median pipeline time among repeated runs of one size (the lower middle one of
    an even number), with the times of all of them; a failed run stands for the size."""
    if any(r.get("status") != "ok" for r in tries):
        return tries[-1]
    ranked = sorted(tries, key=lambda r: r["pipeline"]["wall"])
    run = dict(ranked[(len(ranked) - 1) // 2])
    if len(tries) > 1:
        run["repeats"] = [
            {
                "pipeline": r["pipeline"]["wall"],
                "end_to_end": r["end_to_end"]["wall"],
                "loadavg_before": r["loadavg_before"],
            }
            for r in tries
        ]
    return run


def exponent(n1: float, t1: float, n2: float, t2: float) -> Optional[float]:
    """Scaling exponent k of t ~ n^k between two runs."""
    if min(n1, n2, t1, t2) <= 0 or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def _ok(runs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in runs if r.get("status") == "ok"]


def add_exponents(runs: list[dict[str, Any]]) -> None:
    """Scaling exponent of pipeline wall time from the previous completed size."""
    prev = None
    for r in runs:
        if r.get("status") != "ok":
            continue
        if prev is not None:
            r["exponent_from_previous"] = {
                "from": prev["size"],
                "value": exponent(
                    prev["input"]["articles"],
                    prev["pipeline"]["wall"],
                    r["input"]["articles"],
                    r["pipeline"]["wall"],
                ),
            }
        prev = r


def _f(x: Optional[float], digits: int = 2) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def _mib(kib: Optional[int]) -> str:
    return "-" if not kib else f"{kib / 1024:,.0f}"


def _articles(r: dict[str, Any]) -> str:
    n = (r.get("counts") or {}).get("articles") or r.get("input", {}).get("articles") or r["size"]
    return f"{n:,}"


def stage_table(runs: Sequence[dict[str, Any]]) -> str:
    """Wall seconds (CPU seconds, workers included) of each stage, per size. A run stopped at
    the time limit shows the stages it finished and how long the running one had taken."""
    names = ["import", *STAGES, "other", "report"]
    rows = []
    for r in runs:
        cells = []
        running = r.get("running") or {}
        for name in names:
            v = r.get("import") if name == "import" else (r.get("stages") or {}).get(name)
            if v is not None:
                cells.append(f"{v['wall']:.2f} ({v['cpu']:.1f})")
            elif running.get("stage") == name:
                cells.append(f">{running['wall']:.0f} (running)")
            else:
                cells.append("-" if r["status"] == "ok" else "")
        if r["status"] == "ok":
            p, e = r["pipeline"], r["end_to_end"]
            tail = [f"{p['wall']:.2f} ({p['cpu']:.1f})", f"{e['wall']:.2f} ({e['cpu']:.1f})"]
        else:
            tail = [f"{r['status']} at {r['seconds']:.0f} s", ""]
        rows.append([_articles(r), *cells, *tail])
    return tabulate(
        rows,
        ["articles", *names, "pipeline", "end to end"],
        tablefmt="simple",
        disable_numparse=True,
        stralign="right",
    )


def summary_table(runs: Sequence[dict[str, Any]]) -> str:
    """Throughput, memory, work per article and recall, per size (what is known of a run
    stopped at the time limit: memory so far and, past the candidate stage, its counts)."""
    rows = []
    for r in runs:
        mem, per = r.get("memory_kib") or {}, r.get("per_article") or {}
        acc, thr = r.get("accuracy"), r.get("throughput")
        exp = r.get("exponent_from_previous", {}).get("value")
        mb = r["input"]["text_bytes"] / MB if "input" in r else None
        matches = (r.get("counts") or {}).get("matches")
        rows.append(
            [
                _articles(r),
                _f(mb, 1),
                f"{thr['articles_per_s']:,.0f}" if thr else "-",
                _f(thr["mb_per_s"] if thr else None),
                f"{r['end_to_end']['cpu'] / r['end_to_end']['wall']:.2f}"
                if r["status"] == "ok"
                else "-",
                _mib(mem.get("self")),
                _mib(mem.get("children")),
                _mib(mem.get("max")),
                _mib(mem.get("tree_pss_peak")),
                _f(per.get("unit_pairs"), 1),
                _f(per.get("similar_unit_pairs"), 1),
                _f(per.get("candidate_pairs"), 2),
                "-" if matches is None else f"{matches:,}",
                f"{acc['found']}/{acc['truth_matches']} = {_f(acc['recall'], 3)}" if acc else "-",
                _f(acc["pair_precision"] if acc else None, 3),
                _f(acc["pair_recall"] if acc else None, 3),
                _f(exp, 2) if r["status"] == "ok" else r["status"],
            ]
        )
    return tabulate(
        rows,
        [
            "articles",
            "MB",
            "art/s",
            "MB/s",
            "cpu/wall",
            "rss MiB",
            "workers MiB",
            "max MiB",
            "tree PSS MiB",
            "unit pairs/art",
            "similar/art",
            "cand pairs/art",
            "matches",
            "planted recall",
            "pair P",
            "pair R",
            "exponent",
        ],
        tablefmt="simple",
        disable_numparse=True,
        stralign="right",
    )


def kind_table(runs: Sequence[dict[str, Any]]) -> str:
    """Planted recall by kind of reuse, per size."""
    kinds = sorted({k for r in _ok(runs) for k in r["accuracy"]["recall_by_kind"]})
    rows = [
        [
            f"{r['input']['articles']:,}",
            *[_f(r["accuracy"]["recall_by_kind"].get(k), 3) for k in kinds],
        ]
        for r in _ok(runs)
    ]
    return tabulate(
        rows, ["articles", *kinds], tablefmt="simple", disable_numparse=True, stralign="right"
    )


def _run_at(runs: Sequence[dict[str, Any]], size: int) -> Optional[dict[str, Any]]:
    return next((r for r in runs if r["size"] == size), None)


def targets(runs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each target with the measured value and whether it is met (None: not measured)."""
    out: list[dict[str, Any]] = []

    def add(name: str, value: Optional[str], met: Optional[bool]) -> None:
        out.append({"target": name, "measured": value or "not measured", "met": met})

    def timed(size: int, limit: float) -> None:
        r = _run_at(runs, size)
        name = f"{size:,} articles end to end in at most {limit:.0f} s"
        if r is None:
            add(name, None, None)
        elif r["status"] != "ok":
            add(name, f"{r['status']} after {r['seconds']:.0f} s", False)
        else:
            t = r["end_to_end"]["wall"]
            add(name, f"{t:.1f} s", t <= limit)

    timed(10000, 20.0)
    timed(100000, 240.0)
    r = _run_at(runs, 100000)
    name = "100,000 articles with peak memory at most 4 GiB"
    if r is None or r["status"] != "ok":
        add(name, None if r is None else r["status"], None if r is None else False)
    else:
        mem = r["memory_kib"]
        peak = max(mem["max"], mem.get("tree_pss_peak") or 0)
        add(
            name,
            f"{peak / GIB_KIB:.2f} GiB (largest of ru_maxrss and sampled tree PSS)",
            peak <= 4 * GIB_KIB,
        )
    small, large = _run_at(runs, 10000), _run_at(runs, 100000)
    name = "scaling exponent 10,000 -> 100,000 at most 1.15"
    if small is None or large is None or small["status"] != "ok":
        add(name, None, None)
    elif large["status"] != "ok":
        low = exponent(
            small["input"]["articles"], small["pipeline"]["wall"], 100000, large["seconds"]
        )
        add(name, f"more than {_f(low)} (100,000 did not finish)", False)
    else:
        k = exponent(
            small["input"]["articles"],
            small["pipeline"]["wall"],
            large["input"]["articles"],
            large["pipeline"]["wall"],
        )
        add(name, _f(k), k is not None and k <= 1.15)
    small, large = _run_at(runs, 1000), _run_at(runs, 10000)
    name = "planted recall at 10,000 no lower than at 1,000"
    if small is None or large is None or small["status"] != "ok":
        add(name, None, None)
    elif large["status"] != "ok":
        add(name, f"10,000 gave no report ({large['status']})", None)
    else:
        r1, r2 = small["accuracy"]["recall"], large["accuracy"]["recall"]
        add(name, f"{_f(r2, 3)} at 10,000 vs {_f(r1, 3)} at 1,000", r2 >= r1)
    return out


def anchors_table(runs: Sequence[dict[str, Any]]) -> str:
    """Reference figures next to ours at the same size."""
    rows = []
    for name, n, secs in ANCHORS:
        r = _run_at(runs, n)
        ours = r["end_to_end"]["wall"] if r and r["status"] == "ok" else None
        rows.append(
            [
                name,
                f"{n:,}",
                f"{secs:.1f}",
                _f(ours, 1),
                "-" if ours is None else f"{secs / ours:.1f}x",
            ]
        )
    return tabulate(
        rows,
        ["reference", "articles", "their s", "newsreuse s (end to end)", "theirs / ours"],
        tablefmt="simple",
        disable_numparse=True,
        stralign="right",
    )


# ---------------------------------------------------------------------------------------------
# Profile
# ---------------------------------------------------------------------------------------------


def _where(key: tuple[str, int, str]) -> str:
    path, line, func = key
    if path == "~":
        return func
    for marker in ("/site-packages/", str(REPO) + "/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        path = Path(path).name
    return f"{path}:{line}({func})"


def hottest(
    prof: Path, n: int = 25, sort: str = "tottime", only: Optional[str] = None
) -> list[dict[str, Any]]:
    """The `n` functions of a cProfile dump with the most time, by `sort` (tottime/cumtime)."""
    stats = pstats.Stats(str(prof)).stats  # type: ignore[attr-defined]
    rows = []
    for key, (_, ncalls, tottime, cumtime, _) in stats.items():
        if only and only not in key[0]:
            continue
        rows.append(
            {"function": _where(key), "calls": ncalls, "tottime": tottime, "cumtime": cumtime}
        )
    rows.sort(key=lambda r: r[sort], reverse=True)
    return rows[:n]


def profile_table(rows: Sequence[dict[str, Any]], total: float) -> str:
    return tabulate(
        [
            [
                f"{r['tottime']:.2f}",
                f"{100 * r['tottime'] / total:.1f}%",
                f"{r['cumtime']:.2f}",
                f"{r['calls']:,}",
                r["function"],
            ]
            for r in rows
        ],
        ["tottime s", "share", "cumtime s", "calls", "function"],
        tablefmt="simple",
        disable_numparse=True,
    )


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def _say(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gib"] = round(int(line.split()[1]) / GIB_KIB, 1)
    except OSError:
        pass
    info["commit"] = commit()
    return info


def commit() -> Optional[str]:
    """The checked-out commit, marked when the package has changes not yet committed."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            text=True,
            capture_output=True,
            timeout=10,
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "reuse"],
            cwd=REPO,
            text=True,
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return head.stdout.strip() + ("+local changes" if dirty.stdout.strip() else "")


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1000, 10000],
        help="corpus sizes in articles (default: 1000 10000)",
    )
    p.add_argument("--seed", type=int, default=0, help="fixture seed (default 0)")
    p.add_argument(
        "--jobs", type=int, default=None, help="worker processes for detect (default: all cores)"
    )
    p.add_argument(
        "--out",
        type=Path,
        default=HERE / "out",
        help="cache of corpora, reports and results.json (default benchmarks/out)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=900.0,
        help="seconds one size may take before it is reported as too slow (default 900)",
    )
    p.add_argument(
        "--profile",
        action="store_true",
        help="also run the largest size under cProfile with jobs=1 and print the 25 "
        "hottest functions (a run stopped at the time limit still gives its "
        "profile so far)",
    )
    p.add_argument(
        "--profile-size", type=int, default=None, help="profile this size instead of the largest"
    )
    p.add_argument(
        "--profile-timeout",
        type=float,
        default=None,
        help="time limit of the profiled run (default 3 x --timeout: one job and "
        "the profiler's overhead make it slower)",
    )
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs per size; the figures are those of the run of median pipeline time "
        "(the machine's speed varies between runs)",
    )
    p.add_argument("--regenerate", action="store_true", help="regenerate cached corpora")
    # Internal: the parent runs itself as a child for each measured step.
    p.add_argument("--child", choices=("generate", "run"), help=argparse.SUPPRESS)
    p.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if any(n < 1 for n in args.sizes):
        p.error("--sizes must be positive article counts")
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    if args.jobs is not None and args.jobs < 1:
        p.error("--jobs must be at least 1")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    out: Path = args.out.resolve()
    if args.child == "generate":
        _child_generate(out, args.sizes[0], args.seed)
        return 0
    if args.child == "run":
        _child_run(args.corpus, args.result, 1 if args.profile_to else args.jobs, args.profile_to)
        return 0

    out.mkdir(parents=True, exist_ok=True)
    sizes = sorted(set(args.sizes))
    info = machine()
    _say(
        f"{info.get('cpu', '?')}, {info.get('usable_cores')} cores, "
        f"{info.get('memory_gib', '?')} GiB; load average {os.getloadavg()[0]:.2f}"
    )
    runs: list[dict[str, Any]] = []
    for size in sizes:
        folder = ensure_corpus(out, size, args.seed, args.regenerate, max(args.timeout, 1800.0))
        tries = []
        for attempt in range(args.repeat):
            _say(
                f"running {size:,} articles (time limit {args.timeout:.0f} s)"
                + (f", run {attempt + 1} of {args.repeat}" if args.repeat > 1 else "")
            )
            run = measure(out, folder, size, args.jobs, args.timeout)
            tries.append(run)
            if run["status"] != "ok":
                _say(f"{size:,}: {run['status']}; see {run.get('log')}")
                break
            _say(
                f"{size:,}: {run['end_to_end']['wall']:.1f} s end to end, "
                f"recall {_f(run['accuracy']['recall'], 3)}"
            )
        runs.append(median_run(tries))
    add_exponents(runs)

    profile: Optional[dict[str, Any]] = None
    if args.profile:
        size = args.profile_size or max(sizes)
        if size not in sizes:
            ensure_corpus(out, size, args.seed, False, max(args.timeout, 1800.0))
        limit = args.profile_timeout or 3 * args.timeout
        _say(f"profiling {size:,} articles with jobs=1 under cProfile (time limit {limit:.0f} s)")
        prun = measure(out, corpus_dir(out, size, args.seed), size, 1, limit, profile=True)
        prof = profile_path(out, size)
        profile = {
            "size": size,
            "status": prun["status"],
            "file": str(prof),
            "seconds": prun["seconds"],
            "commit": prun.get("commit"),
            "stages": prun.get("stages"),
            "running": prun.get("running"),
            "counts": prun.get("counts"),
        }
        if prof.is_file():
            total = pstats.Stats(str(prof)).total_tt  # type: ignore[attr-defined]
            profile["total_tt"] = total
            profile["hottest_tottime"] = hottest(prof, 25, "tottime")
            profile["hottest_cumtime_reuse"] = hottest(prof, 25, "cumtime", only="/reuse/")

    results = {
        "format": "newsreuse-benchmark",
        "version": 1,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": info,
        "out": str(out),
        "args": {
            "sizes": sizes,
            "seed": args.seed,
            "jobs": args.jobs,
            "timeout": args.timeout,
            "repeat": args.repeat,
        },
        "runs": runs,
        "targets": targets(runs),
        "anchors": [{"reference": a, "articles": n, "seconds": s} for a, n, s in ANCHORS],
        "profile": profile,
    }
    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print_results(results)
    return 0


def print_results(results: dict[str, Any]) -> None:
    """Everything in `results` as tables for people."""
    info, runs = results["machine"], results["runs"]
    jobs = results["args"]["jobs"] or info.get("usable_cores")
    print(f"newsreuse benchmark, {results['when']}, commit {info.get('commit', '?')}")
    print(
        f"machine: {info.get('cpu', '?')}, {info.get('usable_cores')} usable cores, "
        f"{info.get('memory_gib', '?')} GiB, Python {info['python']}; jobs={jobs}; "
        f"seed {results['args']['seed']}"
    )
    codes = {r.get("commit") for r in runs if r.get("commit")}
    if codes - {info.get("commit")}:
        print(
            "the code changed during the benchmark; commit of each run: "
            + ", ".join(f"{r['size']:,}: {r.get('commit')}" for r in runs)
        )
    loads = ", ".join(f"{r['size']:,}: {r['loadavg_before'][0]:.2f}" for r in runs)
    print(f"load average (1 min) before each run: {loads}. Timings on a shared machine are noisy.")
    print(
        "\nWall seconds per stage (CPU seconds, worker processes included); 'pipeline' is "
        "load to report written,\n'end to end' adds the import of newsreuse:"
    )
    print(stage_table(runs))
    repeated = [r for r in runs if r.get("repeats")]
    if repeated:
        print(
            "\nRepeated runs, pipeline wall seconds (end to end); each table shows the run of "
            "median pipeline time:"
        )
        for r in repeated:
            print(
                f"  {r['size']:,}: "
                + ", ".join(f"{x['pipeline']:.2f} ({x['end_to_end']:.1f})" for x in r["repeats"])
            )
    print(
        "\nThroughput (on pipeline time), peak memory, work per article, planted recall; "
        "'exponent' is\nlog(t2/t1)/log(n2/n1) of pipeline wall time from the previous size:"
    )
    print(summary_table(runs))
    for r in runs:
        if r["status"] != "ok":
            print(
                f"\n{r['size']:,} articles: {r['status']} at {r['seconds']:.0f} s; its progress "
                f"({r['log']}):"
            )
            for line in r.get("progress") or ["(none)"]:
                print(f"  {line}")
    if _ok(runs):
        print("\nPlanted recall by kind of reuse:")
        print(kind_table(runs))
    print("\nFor reference (measured elsewhere on a machine like this one, 2 cores, 24 GiB):")
    print(anchors_table(runs))
    print(ANCHOR_NOTE)
    print("\nTargets:")
    for t in results["targets"]:
        verdict = {True: "MET", False: "NOT MET", None: "NOT MEASURED"}[t["met"]]
        print(f"  {verdict:<13} {t['target']}: {t['measured']}")
    prof = results.get("profile")
    if prof:
        print(
            f"\nProfile of {prof['size']:,} articles, jobs=1, under cProfile "
            f"({prof['status']}; commit {prof.get('commit')}; {prof['file']}):"
        )
        parts = [f"{k} {v['wall']:.1f}" for k, v in (prof.get("stages") or {}).items()]
        if prof.get("running"):
            parts.append(f"{prof['running']['stage']} >{prof['running']['wall']:.0f} (stopped)")
        print("  stage wall s: " + ", ".join(parts))
        if prof.get("hottest_tottime"):
            print("\n25 hottest functions by own time:")
            print(profile_table(prof["hottest_tottime"], prof["total_tt"]))
            print("\nnewsreuse functions by cumulative time:")
            print(profile_table(prof["hottest_cumtime_reuse"], prof["total_tt"]))
    print(f"\nfigures written to {results['out']}/results.json")


if __name__ == "__main__":
    sys.exit(main())
