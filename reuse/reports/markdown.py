"""The Markdown report: GitHub-flavoured tables and the derivation graph as a Mermaid block.

By default a summary that reads well on GitHub however large the corpus: the counts, the largest
stories, the outlets by reused share and the derivations that share the most text (with the graph
of just those), and a line saying how many were left out and how to get them all. `full` lists
every article, derivation, match and cluster.

Cells are escaped so scraped text cannot break a table or turn into markup: newlines become
spaces, other control characters U+FFFD, and Markdown's punctuation (`|`, `*`, `_`, `<`, ...)
gets a backslash, which GitHub shows as the plain character. In the Mermaid graph (`graph LR`),
node ids are made of letters, digits and underscores only, labels are quoted with any other
character written as a Mermaid entity (`#35;`), `copied` is an arrow `-->` from source to target
and `common-source` a dotted `-.-`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from ..model import Derivation, Report
from .common import clean_report, excerpt, pairs, pct, plural, short_time, utf8
from .output import write_bytes
from .summary import (
    TOP,
    largest_stories,
    outlet_shares,
    spread_text,
    tied_text,
    top_derivations,
)

__all__ = ["render", "write"]

_EXCERPT = 160
_TOP = 2 * TOP  # rows of each table in the summary: a page on GitHub
# Backslash-escaping any ASCII punctuation is valid CommonMark; these are the ones that matter
# in a table cell (emphasis, code, links, HTML, strikethrough, the cell separator).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")
_LABEL_SAFE = re.compile(r"[A-Za-z0-9 .,:;/()'+=?@-]")
# Control characters left after whitespace is flattened (NUL, ESC, DEL, C1 ...) are not text and
# would act on a terminal that shows the file: shown as U+FFFD, as in the HTML report.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_DEL_C1 = re.compile("[\x7f-\x9f]")


def cell(value: object) -> str:
    """A value as the text of one table cell: one line, no markup."""
    text = "-" if value is None else str(value)
    text = _CONTROL.sub("\ufffd", " ".join(text.split()))  # a newline would end the row
    return _MD_SPECIAL.sub(r"\\\1", text) if text else " "


def _table(head: list[str], rows: Sequence[Sequence[object]], right: tuple[int, ...] = ()) -> str:
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---:" if i in right else "---" for i in range(len(head))) + "|",
    ]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _node_ids(ids: list[str]) -> dict[str, str]:
    """Mermaid-safe, unique node ids: `a_` + the id with other characters turned to `_`."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for i in ids:
        base = "a_" + re.sub(r"[^A-Za-z0-9_]", "_", i)
        name, n = base, 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name)
        out[i] = name
    return out


def _label(text: str) -> str:
    """Text for a quoted Mermaid label: unsafe characters as `#code;` entities."""
    return "".join(ch if _LABEL_SAFE.fullmatch(ch) else f"#{ord(ch)};" for ch in text)


def mermaid(report: Report, derivations: Sequence[Derivation] | None = None) -> str:
    """The derivation graph as Mermaid source (`graph LR`), without the code fence: of
    `derivations` when given, else of all the report's."""
    derivs = report.derivations if derivations is None else derivations
    arts = {a.id: a for a in report.articles}
    ids = sorted({d.source for d in derivs} | {d.target for d in derivs})
    names = _node_ids(ids)
    lines = ["graph LR"]
    for i in ids:
        a = arts.get(i)
        parts = [i]
        if a is not None and a.outlet:
            parts.append(a.outlet)
        if a is not None:
            parts.append(
                ("~" if a.published and a.published_inferred else "") + short_time(a.published)
            )
        lines.append(f'    {names[i]}["{_label(" · ".join(parts))}"]')
    for d in derivs:
        arrow = "-->" if d.relation == "copied" else "-.-"
        lines.append(f"    {names[d.source]} {arrow} {names[d.target]}")
    return "\n".join(lines)


def _stories_table(report: Report, limit: int | None) -> str:
    arts = {a.id: a for a in report.articles}
    rows = []
    for k, s in enumerate(largest_stories(report)[:limit], 1):
        lead = s.earliest
        a = arts.get(lead) if lead else None
        first = (
            " · ".join(x for x in (a.outlet, short_time(a.published)) if x) + f" ({lead})"
            if a
            else lead or "unknown (no dates)"
        )
        if s.earliest_tied:
            first += f", {tied_text(s)}"
        rows.append(
            [
                k,
                excerpt(s.text, _EXCERPT),
                len(s.carriers),
                s.outlets,
                s.wire,
                first,
                spread_text(s, 4) or None,
                s.source + (f" ({s.source_article})" if s.source_article else ""),
            ]
        )
    return _table(
        ["#", "passage", "carriers", "outlets", "wire", "first carrier", "spread", "source"],
        rows,
        right=(0, 2, 3),
    )


def _derivations_table(report: Report, derivs: Sequence[Derivation]) -> str:
    arts = {a.id: a for a in report.articles}

    def named(article: str) -> str:
        """An article's id, and its outlet's name where it has one: ids of pages say little."""
        outlet = arts[article].outlet if article in arts else None
        return f"{article} ({outlet})" if outlet else article

    return _table(
        ["source", "relation", "target", "confidence", "shared chars", "of target", "evidence"],
        [
            [
                named(d.source),
                d.relation,
                named(d.target),
                f"{d.confidence:.2f}",
                d.shared_chars,
                pct(d.shared_chars, arts[d.target].chars) if d.target in arts else None,
                "; ".join(d.evidence),
            ]
            for d in derivs
        ],
        right=(3, 4, 5),
    )


def _graph(report: Report, derivs: Sequence[Derivation]) -> list[str]:
    return [
        "Solid arrows: the target copied from the source. Dotted lines: both took text "
        "from a common source. `~` marks a date inferred from the text.",
        "",
        "```mermaid",
        mermaid(report, derivs),
        "```",
        "",
    ]


def _headline(report: Report) -> list[str]:
    n_pairs = len(pairs(report))
    outlets = {a.outlet for a in report.articles if a.outlet}
    copied = sum(d.relation == "copied" for d in report.derivations)
    return [
        "# Text reuse report",
        "",
        f"{plural(len(report.articles), 'article')}"
        + (f" from {plural(len(outlets), 'outlet')}" if outlets else "")
        + f", {plural(len(largest_stories(report)), 'story', 'stories')} (a passage carried by "
        f"two or more articles), {plural(len(report.matches), 'shared passage')} in "
        f"{plural(n_pairs, 'article pair')}, {plural(len(report.clusters), 'cluster')}, "
        f"{plural(len(report.derivations), 'derivation')} ({copied:,} copied, "
        f"{len(report.derivations) - copied:,} common source).",
        "",
    ]


def _settings(report: Report) -> list[str]:
    settings = json.dumps(
        report.settings, indent=2, sort_keys=True, ensure_ascii=False, default=str
    )
    # json.dumps escapes C0 controls but not DEL and C1; escaped the same way they mean the same.
    settings = _DEL_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", settings)
    return ["## Settings", "", "```json", settings, "```", ""]


def _problems(report: Report, limit: int | None = None) -> list[str]:
    if not report.problems:
        return []
    out = [f"## Problems in the input ({len(report.problems)})", ""]
    out += [f"- {cell(p)}" for p in report.problems[:limit]]
    if limit is not None and len(report.problems) > limit:
        out.append(f"- … and {len(report.problems) - limit:,} more (in the full report)")
    return out + [""]


def _summary(report: Report) -> str:
    out = _headline(report)
    left: list[str] = []
    stories = largest_stories(report)
    out += [
        f"## Top stories ({min(_TOP, len(stories)):,} of {len(stories):,})"
        if len(stories) > _TOP
        else "## Stories",
        "",
    ]
    if stories:
        out += [
            "Passages carried by two or more articles, the most carriers first; the first "
            "carrier is the earliest published (with how many more the dates do not order, "
            "such as pages dated by the day alone).",
            "",
            _stories_table(report, _TOP),
            "",
        ]
        if len(stories) > _TOP:
            left.append(plural(len(stories) - _TOP, "story", "stories"))
    else:
        out += ["No passage is carried by two articles.", ""]

    if len(report.articles) <= _TOP:
        out += ["## Articles", "", _articles_table(report), ""]
    shares = [o for o in outlet_shares(report) if o.outlet is not None]
    if shares:
        out += [
            f"## Outlets by reused share ({min(_TOP, len(shares)):,} of {len(shares):,}, text "
            "shared with other outlets first)"
            if len(shares) > _TOP
            else "## Outlets by reused share (text shared with other outlets first)",
            "",
            _table(
                [
                    "outlet",
                    "articles",
                    "chars",
                    "reused",
                    "with other outlets",
                    "stories",
                    "evidently first in",
                ],
                [o.row(pct) for o in shares[:_TOP]],
                right=(1, 2, 3, 4, 5, 6),
            ),
            "",
        ]
        if len(shares) > _TOP:
            left.append(plural(len(shares) - _TOP, "outlet"))

    derivs = top_derivations(report)[:_TOP]
    out += [
        f"## Top derivations ({len(derivs):,} of {len(report.derivations):,})"
        if len(report.derivations) > _TOP
        else "## Derivations",
        "",
    ]
    if derivs:
        out += [
            "Those between two outlets first, the most shared text first.",
            "",
            _derivations_table(report, derivs),
            "",
        ]
        out += _graph(report, derivs)
        if len(report.derivations) > _TOP:
            left.append(plural(len(report.derivations) - _TOP, "derivation"))
    else:
        out += ["No derivations.", ""]
    left.append(plural(len(report.matches), "shared passage"))
    left.append(plural(len(report.clusters), "cluster"))
    out += _problems(report, TOP)
    out += [
        "## Left out",
        "",
        "This summary leaves out "
        + ", ".join(left)
        + ". Run `newsreuse report CORPUS -f markdown --full` for every article, derivation, "
        "match and cluster, or `-f html` for a page to explore; `-f json`, `csv` and `sqlite` "
        "hold everything.",
        "",
    ]
    out += _settings(report)
    return "\n".join(out)


def _articles_table(report: Report) -> str:
    from_whom: dict[str, list[str]] = {}
    for d in report.derivations:
        if d.relation == "copied":
            from_whom.setdefault(d.target, []).append(f"copied from {d.source}")
            from_whom.setdefault(d.source, []).append(f"copied by {d.target}")
        else:
            from_whom.setdefault(d.source, []).append(f"common source with {d.target}")
            from_whom.setdefault(d.target, []).append(f"common source with {d.source}")
    return _table(
        ["id", "title", "outlet", "published", "chars", "reused chars", "reused", "related"],
        [
            [
                a.id,
                a.title,
                a.outlet,
                (a.published + " (inferred)" if a.published_inferred else a.published)
                if a.published
                else None,
                a.chars,
                a.reused_chars,
                pct(a.reused_chars, a.chars),
                "; ".join(from_whom.get(a.id, [])) or None,
            ]
            for a in report.articles
        ],
        right=(4, 5, 6),
    )


def render(report: Report, full: bool = False) -> str:
    """The report as GitHub-flavoured Markdown: a summary, or with `full` everything."""
    report = clean_report(report)
    return _full(report) if full else _summary(report)


def _full(report: Report) -> str:
    out = _headline(report)

    out += ["## Articles", "", _articles_table(report), ""]
    stories = largest_stories(report)
    if stories:
        out += ["## Stories", "", _stories_table(report, None), ""]

    out += ["## Derivation graph", ""]
    if report.derivations:
        out += _graph(report, report.derivations)
    else:
        out += ["No derivations.", ""]

    out += ["## Derivations", ""]
    if report.derivations:
        out += [_derivations_table(report, report.derivations), ""]
    else:
        out += ["No derivations.", ""]

    out += ["## Matches", ""]
    if report.matches:
        rows = []
        for m in report.matches:
            text = report.texts.get(m.a)
            passage = excerpt(text[m.a_start : m.a_end], _EXCERPT) if text is not None else None
            rows.append(
                [
                    m.id,
                    m.a,
                    f"{m.a_start}–{m.a_end}",
                    m.b,
                    f"{m.b_start}–{m.b_end}",
                    m.kind,
                    "yes" if m.quoted else "no",
                    f"{m.similarity:.2f}",
                    passage,
                ]
            )
        out += [
            _table(
                [
                    "id",
                    "a",
                    "a chars",
                    "b",
                    "b chars",
                    "kind",
                    "quoted",
                    "similarity",
                    "passage (in a)",
                ],
                rows,
                right=(7,),
            ),
            "",
        ]
    else:
        out += ["No passage is shared by two articles.", ""]

    out += ["## Clusters", ""]
    if report.clusters:
        out += [
            _table(
                ["cluster", "quoted", "article", "chars", "passage"],
                [
                    [
                        c.id,
                        "yes" if c.quoted else "no",
                        p.article,
                        f"{p.start}–{p.end}",
                        excerpt(p.text, _EXCERPT),
                    ]
                    for c in report.clusters
                    for p in c.passages
                ],
            ),
            "",
        ]
    else:
        out += ["No clusters.", ""]

    out += _problems(report)
    out += _settings(report)
    return "\n".join(out)


def write(report: Report, path: Path, full: bool = False) -> None:
    """Write the Markdown report to `path` (UTF-8), replacing any file there in one step."""
    write_bytes(path, utf8(render(report, full)))
