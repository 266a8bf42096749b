"""The terminal report: tables drawn with tabulate, passages quoted in full up to a limit.

What comes from the input (ids, outlets, titles, passages, evidence, problem messages) is scraped
text and may carry terminal escape sequences: ESC `[31m` turns the terminal red, `ESC ]0;...BEL`
retitles the window, a bidi override reorders what is shown. `for_terminal` strips them, in every
string of the report, before tabulate measures the columns.
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from pathlib import Path

from tabulate import tabulate

from ..model import Report
from .common import map_strings, replace_surrogates, utf8
from .output import write_bytes

__all__ = ["render", "write", "for_terminal"]

# C0 controls but tab and newline, DEL, C1 controls (U+009B is a one-character CSI on many
# terminals), and the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_EXCERPT = 400  # characters of a passage shown in the terminal; the JSON report has all


def for_terminal(text: str) -> str:
    """`text` safe to print on a terminal: control characters other than newline and tab,
    escape sequences' introducers and bidi controls removed, surrogates replaced by U+FFFD.

    ESC and CSI go, so a colour or title sequence is left as its harmless printable rest
    (`[31m`), which also shows the reader that the input held something odd.
    """
    return _UNSAFE.sub("", replace_surrogates(text))


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1].rstrip() + "…"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "-"


def render(report: Report) -> str:
    """The report as plain text for a terminal (see `for_terminal`)."""
    # Article texts are not shown here, so they are not scanned.
    report = map_strings(report, for_terminal, skip=("texts",))
    arts = {a.id: a for a in report.articles}
    out: list[str] = []
    n_pairs = len({(m.a, m.b) for m in report.matches})
    out.append(
        f"newsreuse report: {_n(len(report.articles), 'article')}, "
        f"{_n(len(report.matches), 'shared passage')} in {_n(n_pairs, 'article pair')}, "
        f"{_n(len(report.clusters), 'cluster')}, {_n(len(report.derivations), 'derivation')}"
    )
    out.append("")
    out.append("Articles")
    rows = [
        [
            a.id,
            a.outlet or "-",
            (a.published + (" (inferred)" if a.published_inferred else "")) if a.published else "-",
            a.chars,
            a.reused_chars,
            _pct(a.reused_chars, a.chars),
        ]
        for a in report.articles
    ]
    out.append(
        tabulate(
            rows,
            headers=["id", "outlet", "published", "chars", "reused chars", "reused"],
            tablefmt="simple",
            disable_numparse=True,
        )
    )
    out.append("")
    out.append("Matched pairs")
    if report.matches:
        pairs: dict[tuple[str, str], list] = defaultdict(list)
        for m in report.matches:
            pairs[(m.a, m.b)].append(m)
        rows = []
        for (a, b), ms in sorted(pairs.items()):
            sa = sum(m.a_end - m.a_start for m in ms)
            sb = sum(m.b_end - m.b_start for m in ms)
            kinds = sorted({m.kind + (" quoted" if m.quoted else "") for m in ms})
            rows.append(
                [
                    a,
                    b,
                    len(ms),
                    _pct(sa, arts[a].chars),
                    _pct(sb, arts[b].chars),
                    f"{max(m.similarity for m in ms):.2f}",
                    ", ".join(kinds),
                ]
            )
        out.append(
            tabulate(
                rows,
                headers=["a", "b", "passages", "of a", "of b", "similarity", "kinds"],
                tablefmt="simple",
                disable_numparse=True,
            )
        )
    else:
        out.append("  (none: no passage is shared by two articles at these settings)")
    out.append("")
    out.append("Clusters")
    if not report.clusters:
        out.append("  (none)")
    for c in report.clusters:
        arts_in = sorted({p.article for p in c.passages})
        out.append(
            f"{c.id}: {len(c.passages)} passages in {len(arts_in)} articles"
            + (", quoted" if c.quoted else "")
        )
        for p in c.passages:
            head = f"  {p.article} [{p.start}:{p.end}] "
            body = textwrap.fill(
                _excerpt(p.text), width=100, initial_indent=head, subsequent_indent=" " * 6
            )
            out.append(body)
    out.append("")
    out.append("Derivations")
    if report.derivations:
        rows = []
        for d in report.derivations:
            arrow = "->" if d.relation == "copied" else "<>"
            rows.append(
                [
                    f"{d.source} {arrow} {d.target}",
                    d.relation,
                    f"{d.confidence:.2f}",
                    d.shared_chars,
                    _pct(d.shared_chars, arts[d.target].chars),
                    textwrap.fill("; ".join(d.evidence), width=70),
                ]
            )
        out.append(
            tabulate(
                rows,
                headers=["pair", "relation", "confidence", "shared chars", "of target", "evidence"],
                tablefmt="simple",
                disable_numparse=True,
            )
        )
    else:
        out.append("  (none)")
    out.append("")
    out.append("Derivation graph")
    out.extend(_graph(report) or ["  (none)"])
    if report.quotes:
        out.append("")
        out.append("Tracked quotes")
        for q in report.quotes:
            earliest = q.earliest or "unknown (no dates)"
            out.append(f"{q.id}: {len(q.variants)} variant(s), earliest known carrier: {earliest}")
            for v in q.variants:
                who = ", ".join(a + (f" ({o})" if o else "") for a, o in zip(v.articles, v.outlets))
                out.append(
                    textwrap.fill(
                        _excerpt(v.text), width=100, initial_indent="  “", subsequent_indent="   "
                    )
                    + "”"
                )
                out.append(f"    carried by {who}")
    if report.boilerplate:
        out.append("")
        out.append("Boilerplate (repeated by one outlet; not counted as reuse)")
        for boiler in report.boilerplate:
            out.append(
                f"{boiler.id}: {boiler.outlet or 'unknown outlet'}, {len(boiler.passages)} "
                f"articles: {_excerpt(boiler.text)[:100]}"
            )
    if report.problems:
        out.append("")
        out.append(f"Problems in the input ({len(report.problems)})")
        for problem in report.problems:
            out.append(f"  {problem}")
    return "\n".join(out) + "\n"


def _graph(report: Report) -> list[str]:
    """The derivations as a tree: each source with what was taken from it, indented."""
    children: dict[str, list] = defaultdict(list)
    targets = set()
    for d in report.derivations:
        if d.relation == "copied":
            children[d.source].append(d)
            targets.add(d.target)
    lines: list[str] = []

    def walk(node: str, depth: int, seen: frozenset[str]) -> None:
        for d in sorted(children.get(node, []), key=lambda d: d.target):
            lines.append(
                f"{'    ' * depth}  └─ {d.target}  copied, confidence {d.confidence:.2f}, "
                f"{d.shared_chars} chars"
            )
            if d.target not in seen:
                walk(d.target, depth + 1, seen | {d.target})

    for root in sorted(set(children) - targets) or sorted(children)[:1]:
        lines.append(f"  {root}")
        walk(root, 0, frozenset({root}))
    for d in report.derivations:
        if d.relation == "common-source":
            lines.append(
                f"  {d.source} <- common source -> {d.target}  confidence {d.confidence:.2f}"
            )
    return lines


def write(report: Report, path: Path) -> None:
    """Write the text report to `path` (UTF-8), replacing any file there in one step."""
    write_bytes(path, utf8(render(report)))
