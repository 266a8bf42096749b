"""The terminal report: a summary by default, everything with `full`.

The summary leads with the counts, the largest stories (their passage, carriers, outlets, wire,
first carrier and spread over time), the outlets by reused share and the derivations that share
the most text, and ends by saying what it left out; a report of thousands of articles stays a
page or two. `full` lists every article, pair, cluster, story and derivation, passages quoted up
to a limit. Tables are drawn with tabulate.

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
from wcwidth import wcwidth

from ..model import Derivation, Report, Story
from .common import map_strings, plural, replace_surrogates, utf8
from .output import write_bytes
from .summary import (
    TOP,
    largest_stories,
    outlet_shares,
    spread_text,
    tied_text,
    top_derivations,
)

__all__ = ["render", "write", "for_terminal"]

# C0 controls but tab and newline, DEL, C1 controls (U+009B is a one-character CSI on many
# terminals), and the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_EXCERPT = 400  # characters of a passage shown in the terminal; the JSON report has all


def _columns(ch: str) -> int:
    """Terminal columns of one character: two for Chinese, Japanese and Korean, none for a
    combining mark (wcwidth; a control character, which the report strips, as one)."""
    width = wcwidth(ch)
    return 1 if width < 0 else width


def _wrap(
    text: str, width: int, initial_indent: str = "", subsequent_indent: str = ""
) -> list[str]:
    """`textwrap.wrap` by terminal columns: a line of wide characters (Chinese, Japanese, which
    have no spaces to break at) is cut again where it fills `width` columns."""
    lines = textwrap.wrap(
        text, width=width, initial_indent=initial_indent, subsequent_indent=subsequent_indent
    )
    if text.isascii():
        return lines
    out = []
    for line in lines:
        while sum(map(_columns, line)) > width:
            used, k = 0, 0
            while used + _columns(line[k]) <= width:
                used += _columns(line[k])
                k += 1
            k = max(k, len(subsequent_indent) + 1)  # a character or more past the indent
            out.append(line[:k])
            line = subsequent_indent + line[k:]
        out.append(line)
    return out


def _fill(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    return "\n".join(_wrap(text, width, initial_indent, subsequent_indent))


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


def render(report: Report, full: bool = False) -> str:
    """The report as plain text for a terminal (see `for_terminal`): a summary, or with `full`
    every article, pair, cluster, story and derivation."""
    # Article texts are not shown here, so they are not scanned.
    report = map_strings(report, for_terminal, skip=("texts",))
    return _full(report) if full else _summary(report)


def _headline(report: Report) -> str:
    outlets = {a.outlet for a in report.articles if a.outlet}
    reusing = sum(1 for a in report.articles if a.reused_chars)
    n_pairs = len({(m.a, m.b) for m in report.matches})
    copied = sum(d.relation == "copied" for d in report.derivations)
    stories = largest_stories(report)
    return "\n".join(
        _wrap(
            f"newsreuse report: {plural(len(report.articles), 'article')}"
            + (f" from {plural(len(outlets), 'outlet')}" if outlets else "")
            + f", {reusing:,} of them reuse text; {plural(len(stories), 'story', 'stories')} "
            f"(a passage carried by two or more articles); "
            f"{plural(len(report.matches), 'shared passage')} in "
            f"{plural(n_pairs, 'article pair')}; {plural(len(report.derivations), 'derivation')} "
            f"({copied:,} copied, {len(report.derivations) - copied:,} common source)",
            width=100,
        )
    )


def _story_lines(rank: int, s: Story, report: Report) -> list[str]:
    arts = {a.id: a for a in report.articles}
    first = "unknown (no carrier is dated)"
    if s.earliest is not None:
        a = arts.get(s.earliest)
        where = ", ".join(x for x in ((a.outlet if a else None), (a.published if a else None)) if x)
        first = s.earliest + (f" ({where})" if where else "")
        if s.earliest_tied:
            first += f": {tied_text(s)}"
    facts = [
        plural(len(s.carriers), "carrier"),
        *([plural(s.outlets, "outlet")] if s.outlets else []),
        f"wire: {s.wire}" if s.wire else "no wire credited",
        f"source: {s.source}"
        + (f" ({s.source_article})" if s.source_article and s.source == "in-corpus" else ""),
    ]
    if s.quoted:
        facts.append("quoted")
    head = f"{rank:>2}. {s.id}: " + ", ".join(facts)
    out = _wrap(head, width=100, subsequent_indent=" " * 4)
    out.append(f"    first: {first}")
    if s.spread:
        out += _wrap(
            "spread: " + spread_text(s),
            width=100,
            initial_indent=" " * 4,
            subsequent_indent=" " * 6,
        )
    out += _wrap(
        "“" + _excerpt(s.text)[:240].rstrip() + ("…”" if len(_excerpt(s.text)) > 240 else "”"),
        width=100,
        initial_indent=" " * 4,
        subsequent_indent=" " * 5,
    )
    return out


def _derivation_rows(derivs: list[Derivation], report: Report) -> str:
    arts = {a.id: a for a in report.articles}
    rows = []
    for d in derivs:
        arrow = "->" if d.relation == "copied" else "<>"
        target = arts.get(d.target)
        rows.append(
            [
                f"{d.source} {arrow} {d.target}",
                d.relation,
                f"{d.confidence:.2f}",
                d.shared_chars,
                _pct(d.shared_chars, target.chars) if target else "-",
                _fill("; ".join(d.evidence), width=70),
            ]
        )
    return tabulate(
        rows,
        headers=["pair", "relation", "confidence", "shared chars", "of target", "evidence"],
        tablefmt="simple",
        disable_numparse=True,
    )


def _pair_table(report: Report) -> str:
    arts = {a.id: a for a in report.articles}
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
    return tabulate(
        rows,
        headers=["a", "b", "passages", "of a", "of b", "similarity", "kinds"],
        tablefmt="simple",
        disable_numparse=True,
    )


def _derivation_lines(rank: int, d: Derivation, report: Report) -> list[str]:
    arts = {a.id: a for a in report.articles}

    def who(aid: str) -> str:
        a = arts.get(aid)
        where = ", ".join(x for x in ((a.outlet if a else None), (a.published if a else None)) if x)
        return aid + (f" ({where})" if where else "")

    target = arts.get(d.target)
    if d.relation == "copied":
        head = f"{who(d.target)} copied from {who(d.source)}"
    else:
        head = f"{who(d.source)} and {who(d.target)} share a common source"
    facts = f"confidence {d.confidence:.2f}, {d.shared_chars:,} characters shared" + (
        f" ({_pct(d.shared_chars, target.chars)} of {d.target})" if target else ""
    )
    out = _wrap(f"{rank:>2}. {head}", width=100, subsequent_indent=" " * 4)
    out.append(f"    {facts}")
    if d.evidence:
        out += _wrap(
            "why: " + "; ".join(d.evidence),
            width=100,
            initial_indent=" " * 4,
            subsequent_indent=" " * 6,
        )
    return out


def _summary(report: Report) -> str:
    out = [_headline(report), ""]
    stories = largest_stories(report)
    left: list[str] = []
    out.append(
        f"Top stories ({min(TOP, len(stories)):,} of {len(stories):,}, most carriers first)"
        if len(stories) > TOP
        else "Stories (most carriers first)"
    )
    if not stories:
        out.append("  (none: no passage is carried by two articles at these settings)")
    for k, s in enumerate(stories[:TOP], 1):
        out += _story_lines(k, s, report)
    if len(stories) > TOP:
        left.append(plural(len(stories) - TOP, "story", "stories"))

    if 0 < len({(m.a, m.b) for m in report.matches}) <= TOP:
        out += ["", "Matched pairs", _pair_table(report)]
    if len(report.articles) <= 2 * TOP:
        out += ["", "Articles", _articles_table(report)]
    shares = [o for o in outlet_shares(report) if o.outlet is not None]
    if shares:
        out += [
            "",
            f"Outlets by reused share ({min(TOP, len(shares)):,} of {len(shares):,}, text shared "
            "with other outlets first)"
            if len(shares) > TOP
            else "Outlets by reused share (text shared with other outlets first)",
        ]
        rows = [o.row(_pct) for o in shares[:TOP]]
        out.append(
            tabulate(
                rows,
                headers=[
                    "outlet",
                    "articles",
                    "chars",
                    "reused",
                    "with other outlets",
                    "stories",
                    "first (evident)",
                ],
                tablefmt="simple",
                disable_numparse=True,
            )
        )
        if len(shares) > TOP:
            left.append(plural(len(shares) - TOP, "outlet"))

    derivs = top_derivations(report)
    out += [
        "",
        f"Top derivations ({min(TOP, len(derivs)):,} of {len(derivs):,}, between two outlets "
        "first, most shared text first)"
        if len(derivs) > TOP
        else "Derivations (between two outlets first, most shared text first)",
    ]
    if not derivs:
        out.append("  (none)")
    for k, d in enumerate(derivs[:TOP], 1):
        out += _derivation_lines(k, d, report)
    if len(derivs) > TOP:
        left.append(plural(len(derivs) - TOP, "derivation"))

    extras = []
    if report.quotes:
        extras.append(plural(len(report.quotes), "tracked quote"))
    if report.boilerplate:
        extras.append(
            plural(len(report.boilerplate), "boilerplate passage")
            + (
                " (repeated by one outlet, or a notice several outlets print around their own "
                "stories; not counted as reuse)"
                if any(b.outlet is None for b in report.boilerplate)
                else " (repeated by one outlet; not counted as reuse)"
            )
        )
    if extras:
        out += ["", "Also found: " + "; ".join(extras) + "."]
    if report.problems:
        out += ["", f"Problems in the input ({len(report.problems):,})"]
        out += [f"  {p}" for p in report.problems[:5]]
        if len(report.problems) > 5:
            out.append(f"  ... and {len(report.problems) - 5:,} more")
    n_pairs = len({(m.a, m.b) for m in report.matches})
    if n_pairs > TOP:
        left.append(plural(len(report.matches), "shared passage") + " (listed pair by pair)")
    if left:
        out += [""] + _wrap(
            "Not shown here: "
            + ", ".join(left)
            + ". `newsreuse report ... --full` prints everything; -f html (a page to explore), "
            "-f json, csv or sqlite hold it all.",
            width=100,
        )
    return "\n".join(out) + "\n"


def _full(report: Report) -> str:
    out: list[str] = []
    n_pairs = len({(m.a, m.b) for m in report.matches})
    out.append(
        f"newsreuse report: {_n(len(report.articles), 'article')}, "
        f"{_n(len(report.matches), 'shared passage')} in {_n(n_pairs, 'article pair')}, "
        f"{_n(len(report.clusters), 'cluster')}, {_n(len(report.derivations), 'derivation')}"
    )
    out += ["", "Articles", _articles_table(report)]
    out.append("")
    out.append("Matched pairs")
    if report.matches:
        out.append(_pair_table(report))
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
            body = _fill(
                _excerpt(p.text), width=100, initial_indent=head, subsequent_indent=" " * 6
            )
            out.append(body)
    stories = largest_stories(report)
    if stories:
        out.append("")
        out.append("Stories (most carriers first)")
        for k, s in enumerate(stories, 1):
            out += _story_lines(k, s, report)
    out.append("")
    out.append("Derivations")
    out.append(
        _derivation_rows(list(report.derivations), report) if report.derivations else "  (none)"
    )
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
                    _fill(
                        _excerpt(v.text), width=100, initial_indent="  “", subsequent_indent="   "
                    )
                    + "”"
                )
                out.append(f"    carried by {who}")
    if report.boilerplate:
        out.append("")
        out.append(
            "Boilerplate (repeated by one outlet, or a notice many outlets print around their "
            "own stories; not counted as reuse)"
        )
        for boiler in report.boilerplate:
            out.append(
                f"{boiler.id}: {boiler.outlet or 'several outlets (a notice)'}, "
                f"{len(boiler.passages)} "
                f"articles: {_excerpt(boiler.text)[:100]}"
            )
    if report.problems:
        out.append("")
        out.append(f"Problems in the input ({len(report.problems)})")
        for problem in report.problems:
            out.append(f"  {problem}")
    return "\n".join(out) + "\n"


def _graph(report: Report) -> list[str]:
    """The derivations as a tree: each source with what was taken from it, indented.

    An article's own copies are listed once, under the first source it appears under; where it
    appears again it is marked "(above)". (Listing every path instead grows exponentially
    with chains of copies: a month of newspapers ran out of memory.)"""
    children: dict[str, list] = defaultdict(list)
    targets = set()
    for d in report.derivations:
        if d.relation == "copied":
            children[d.source].append(d)
            targets.add(d.target)
    lines: list[str] = []
    expanded: set[str] = set()

    def walk(node: str, depth: int) -> None:
        expanded.add(node)
        for d in sorted(children.get(node, []), key=lambda d: d.target):
            above = d.target in expanded and d.target in children
            lines.append(
                f"{'    ' * depth}  └─ {d.target}  copied, confidence {d.confidence:.2f}, "
                f"{d.shared_chars} chars" + ("  (above)" if above else "")
            )
            if d.target not in expanded:
                walk(d.target, depth + 1)

    # Roots first; then any copying that only cycles (no root), from its first article.
    for root in sorted(set(children) - targets) + sorted(children):
        if root not in expanded:
            lines.append(f"  {root}")
            walk(root, 0)
    for d in report.derivations:
        if d.relation == "common-source":
            lines.append(
                f"  {d.source} <- common source -> {d.target}  confidence {d.confidence:.2f}"
            )
    return lines


def write(report: Report, path: Path, full: bool = False) -> None:
    """Write the text report to `path` (UTF-8), replacing any file there in one step."""
    write_bytes(path, utf8(render(report, full)))


def _articles_table(report: Report) -> str:
    """Each article with its outlet, publication time, length and reused share."""
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
    return str(
        tabulate(
            rows,
            headers=["id", "outlet", "published", "chars", "reused chars", "reused"],
            tablefmt="simple",
            disable_numparse=True,
        )
    )
