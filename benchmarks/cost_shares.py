"""Where a run's time goes, by the kind of work: what grows with the pages, what grows with the
pairs screened, what grows with the passages and pairs the report links.

A sampled profile of one process (py-spy's collapsed stacks, `-f raw`) is read, and each sample
goes to the first kind of work, in the order of `KINDS`, that a function on its stack belongs
to. Run the pipeline in one process so that every sample is the pipeline's:

    py-spy record -r 50 -f raw -o jan.raw -- newsreuse report CORPUS -f json --jobs 1 -q -o jan.json
    python benchmarks/cost_shares.py jan.raw gen.raw --megabytes 50.7 50.5 --linked 12546 4453

Prints, for each profile, the seconds (samples / rate) and share of each kind and, with
--megabytes, seconds per MB; with two profiles, the ratio of the first to the second per MB and,
with --linked (article pairs each report links), per linked pair.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from tabulate import tabulate

# (kind, group, function names: a frame `name (path:line)` belongs to the kind when its name
# and path start with one of these). The first kind that matches a sample's stack takes it.
KINDS: list[tuple[str, str, tuple[str, ...]]] = [
    ("reading the corpus", "pages", ("articles_from (",)),
    (
        "direction signals of each passage",
        "links",
        ("edit_direction (", "context_direction (", "cohesion_direction ("),
    ),
    (
        "passages (extent, trim, score)",
        "links",
        (
            "spans (reuse/stages/align/passages",
            "pieces (reuse/stages/align/passages",
            "passage (reuse/stages/align/passages",
            "join_fragments (",
            "merge_overlaps (",
        ),
    ),
    (
        "the gate (hints, has_seed)",
        "screening",
        ("has_seed (", "cell_cosines (", "cosine_seed (", "_no_seed ("),
    ),
    (
        "the grid (product, accepted pairs)",
        "screening",
        (
            "accepted_pairs (",
            "accepted_pairs_sparse (",
            "components (reuse",
            "groups_of (",
            "_spbase.__matmul__ (",
            "_cs_matrix.toarray (",
            "_spbase.T (",
            "Cosines.",
            "unit_cosines (",
        ),
    ),
    (
        "each page's reads for attribution (credits, quotes, style)",
        "pages",
        ("_reads (reuse/stages/attribution",),
    ),
    (
        "page vectors for alignment",
        "pages",
        ("_vectors (reuse", "keep_shared_runs (", "unpack (reuse", "PreparedStore.document ("),
    ),
    ("preparing pages (tokens, stems, units)", "pages", ("prepare (reuse/stages/prepare",)),
    ("sketches and word runs", "pages", ("sketch_part (", "_sketch_step (")),
    ("the candidate table", "screening", ("candidates_of (", "candidate_table (")),
    ("attribution (weighing pairs)", "links", ("attribute (reuse/stages/attribution",)),
    ("boilerplate and clusters", "links", ("remove_boilerplate (", "cluster_matches (")),
    (
        "stories",
        "links",
        (
            "tell_stories (",
            "read_stories (",
            "stories_of (",
            "told_by_stories (",
            "complete_pairs (",
        ),
    ),
    ("writing the report", "links", ("show_result (", "write (reuse/reports")),
]
OTHER = ("start-up, imports, glue", "other")

_LINE = re.compile(r":\d+\)$")


def shares(path: Path) -> tuple[Counter[str], int]:
    """Samples of each kind of work in a collapsed-stacks file, and all its samples."""
    counts: Counter[str] = Counter()
    total = 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            stack, _, n = line.rstrip("\n").rpartition(" ")
            if not stack or not n.isdigit():
                continue
            frames = [_LINE.sub(")", frame) for frame in stack.split(";")]
            total += int(n)
            counts[_kind(frames)] += int(n)
    return counts, total


def _kind(frames: list[str]) -> str:
    for kind, _, names in KINDS:
        if any(frame.startswith(names) for frame in frames):
            return kind
    return OTHER[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("profiles", nargs="+", type=Path, help="py-spy -f raw files")
    ap.add_argument("--rate", type=float, default=50.0, help="samples per second (py-spy -r)")
    ap.add_argument("--megabytes", nargs="*", type=float, default=[], help="MB of text of each")
    ap.add_argument("--linked", nargs="*", type=int, default=[], help="linked pairs of each")
    args = ap.parse_args()
    found = [shares(p) for p in args.profiles]
    kinds = [(k, g) for k, g, _ in KINDS] + [OTHER]
    groups = sorted({g for _, g in kinds}, key=[g for _, g in kinds].index)
    rows = []
    for name, group in [*kinds, *((f"all {g}", g) for g in groups), ("all", "")]:
        row: list[object] = [name]
        per_mb = []
        for k, (counts, total) in enumerate(found):
            if name == "all":
                n = total
            elif name.startswith("all "):
                n = sum(counts[kk] for kk, gg in kinds if gg == group)
            else:
                n = counts[name]
            seconds = n / args.rate
            row += [f"{seconds:.1f}", f"{100 * n / max(total, 1):.1f}%"]
            if k < len(args.megabytes):
                per_mb.append(seconds / args.megabytes[k])
                row.append(f"{per_mb[-1]:.3f}")
        if len(per_mb) == 2 and per_mb[1]:
            row.append(f"{per_mb[0] / per_mb[1]:.2f}x")
        rows.append(row)
    headers = ["kind of work"]
    for k, p in enumerate(args.profiles):
        headers += [f"{p.stem} s", "share"] + (["s/MB"] if k < len(args.megabytes) else [])
    if len(args.megabytes) >= 2 and len(found) == 2:
        headers.append("ratio per MB")
    print(tabulate(rows, headers=headers, disable_numparse=True))
    if len(args.linked) >= 2 and len(found) == 2:
        (_, t0), (_, t1) = found
        a, b = t0 / args.rate / args.linked[0], t1 / args.rate / args.linked[1]
        print(f"\nper linked pair: {1000 * a:.2f} ms against {1000 * b:.2f} ms ({a / b:.2f}x)")


if __name__ == "__main__":
    main()
