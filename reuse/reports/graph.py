"""The derivation graph laid out in Python and drawn as inline SVG, for the HTML report.

Layout: the articles that take part in a derivation, grouped into connected groups (one band each,
largest first). Inside a band time flows left to right: one column per distinct publication time,
and the articles without a time in a column of their own at the left, labelled "no date". Inside
a column, articles are ordered by the mean row of their neighbours in earlier columns, which keeps
most edges short and uncrossed. `copied` edges are solid arrows source -> target, `common-source`
edges dashed lines without arrowheads; stroke width grows with `shared_chars`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

from ..model import ArticleSummary, Derivation, Report
from ..text.spans import UnionFind
from .common import parse_time, pct, plural, short_time
from .marks import esc, fragment

__all__ = ["svg", "anchor"]

COL_W = 250  # distance between columns (room for an arrow between neighbours)
NODE_W = 184
NODE_H = 46
ROW_H = 66  # distance between rows
BAND_GAP = 48  # space between bands (the band header and 'no date' label sit in it)
MARGIN = 16
TOP = 24  # room for the "time" label


def anchor(article_id: str) -> str:
    """The element id of an article's section: `article-ID`, made safe for ids and fragments."""
    return "article-" + fragment(article_id)


@dataclass(frozen=True)
class _Node:
    id: str
    x: float  # centre
    y: float


def _components(ids: list[str], derivs: tuple[Derivation, ...]) -> list[list[str]]:
    """The articles linked by derivations, largest group first."""
    number = {i: k for k, i in enumerate(ids)}
    links = UnionFind(len(ids))
    for d in derivs:
        links.union(number[d.source], number[d.target])
    groups = [[ids[k] for k in group] for group in links.groups()]
    return sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))


def _columns(
    group: list[str], times: dict[str, Optional[dt.datetime]]
) -> tuple[list[list[str]], list[list[str]]]:
    """The columns of a band: (undated columns, dated columns left to right by time).

    Articles with the same time share a column. A band never gets more than about
    sqrt(articles) + 2 dated columns, so a large group stays roughly as wide as tall: times are
    then binned into columns of about equal size (articles stay in time order across columns).
    The undated articles are wrapped into as many columns as the dated ones need rows.
    """
    dated = sorted((t, i) for i in group if (t := times[i]) is not None)
    undated = sorted(i for i in group if times[i] is None)
    distinct = sorted({t for t, _ in dated})
    n_cols = min(len(distinct), math.ceil(math.sqrt(len(group))) + 2)
    bin_of: dict[dt.datetime, int] = {}
    first_rank: dict[dt.datetime, int] = {}
    for rank, (t, _) in enumerate(dated):
        first_rank.setdefault(t, rank)
    for t in distinct:
        bin_of[t] = min(n_cols - 1, first_rank[t] * n_cols // len(dated))
    cols: list[list[str]] = [[] for _ in range(n_cols)]
    for t, i in dated:
        cols[bin_of[t]].append(i)
    cols = [c for c in cols if c]
    rows = max([len(c) for c in cols] + [6])
    wrapped = [undated[k : k + rows] for k in range(0, len(undated), rows)]
    return wrapped, cols


def _order(cols: list[list[str]], neighbours: dict[str, set[str]]) -> list[list[str]]:
    """Each column sorted by the mean row of its neighbours already placed (one sweep)."""
    row: dict[str, float] = {}
    out = []
    for col in cols:

        def key(i: str) -> tuple[float, str]:
            placed = [row[j] for j in neighbours[i] if j in row]
            return (sum(placed) / len(placed) if placed else math.inf, i)

        ordered = sorted(col, key=key)
        for r, i in enumerate(ordered):
            row[i] = r
        out.append(ordered)
    return out


def _clip(cx: float, cy: float, tx: float, ty: float, pad: float = 0.0) -> tuple[float, float]:
    """Where the ray from a node's centre toward (tx, ty) leaves the node's box (plus `pad`)."""
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    hw, hh = NODE_W / 2 + pad, NODE_H / 2 + pad
    t = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    return cx + dx * t, cy + dy * t


def _fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _label(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _edge(d: Derivation, a: _Node, b: _Node, width: float, arts: dict[str, ArticleSummary]) -> str:
    copied = d.relation == "copied"
    # Control point: straight unless the edge would run through nodes on its row or column.
    dx, dy = b.x - a.x, b.y - a.y
    ctrl: Optional[tuple[float, float]] = None
    if dy == 0 and abs(dx) > COL_W * 1.5:
        ctrl = ((a.x + b.x) / 2, a.y - NODE_H / 2 - 18 - 6 * abs(dx) / COL_W)
    elif dx == 0 and abs(dy) > ROW_H * 1.5:
        ctrl = (a.x + NODE_W / 2 + 30, (a.y + b.y) / 2)
    toward_a = ctrl or (b.x, b.y)
    toward_b = ctrl or (a.x, a.y)
    x1, y1 = _clip(a.x, a.y, *toward_a)
    x2, y2 = _clip(b.x, b.y, *toward_b, pad=2.0 if copied else 0.0)
    if ctrl:
        path = f"M{_fmt(x1)} {_fmt(y1)} Q{_fmt(ctrl[0])} {_fmt(ctrl[1])} {_fmt(x2)} {_fmt(y2)}"
    else:
        path = f"M{_fmt(x1)} {_fmt(y1)} L{_fmt(x2)} {_fmt(y2)}"
    cls = "edge copied" if copied else "edge common"
    marker = ' marker-end="url(#arrow)"' if copied else ""
    verb = (
        f"{d.source} → {d.target}: copied" if copied else f"{d.source} – {d.target}: common source"
    )
    target = arts.get(d.target)
    share = f" ({pct(d.shared_chars, target.chars)} of {d.target})" if target else ""
    tip = f"{verb}, {d.shared_chars:,} characters shared{share}, confidence {d.confidence:.2f}"
    return (
        f'<g class="{cls}"><title>{esc(tip)}</title>'
        f'<path d="{path}" stroke-width="{_fmt(width)}"{marker}/></g>'
    )


def _node(n: _Node, a: Optional[ArticleSummary]) -> str:
    x0, y0 = n.x - NODE_W / 2, n.y - NODE_H / 2
    outlet = a.outlet if a and a.outlet else None
    first = _label(outlet or n.id)
    when = short_time(a.published if a else None)
    if a and a.published and a.published_inferred:
        when = "~" + when
    second = _label(f"{when} · {n.id}" if outlet else when, 27)
    share = (a.reused_chars / a.chars) if a and a.chars else 0.0
    tip = [n.id]
    if a:
        if a.title:
            tip.append(a.title)
        tip.append(f"outlet: {a.outlet or 'unknown'}")
        tip.append(
            "published: "
            + (a.published or "unknown")
            + (" (inferred from the text)" if a.published_inferred else "")
        )
        tip.append(
            f"reused: {a.reused_chars:,} of {a.chars:,} characters ({pct(a.reused_chars, a.chars)})"
        )
    bar = max(0.0, min(1.0, share)) * (NODE_W - 12)
    return (
        f'<a href="#{esc(anchor(n.id))}" class="node"><title>{esc(chr(10).join(tip))}</title>'
        f'<rect x="{_fmt(x0)}" y="{_fmt(y0)}" width="{NODE_W}" height="{NODE_H}" rx="6"/>'
        f'<text x="{_fmt(x0 + 8)}" y="{_fmt(y0 + 18)}" class="l1">{esc(first)}</text>'
        f'<text x="{_fmt(x0 + 8)}" y="{_fmt(y0 + 34)}" class="l2">{esc(second)}</text>'
        f'<rect class="share" x="{_fmt(x0 + 6)}" y="{_fmt(y0 + NODE_H - 6)}" '
        f'width="{_fmt(bar)}" height="3" rx="1"/></a>'
    )


def svg(report: Report) -> str:
    """The derivation graph as an `<svg>` element, or a sentence when there is nothing to draw."""
    derivs = report.derivations
    if not derivs:
        return '<p class="muted">No derivations: there is no graph to draw.</p>'
    arts = {a.id: a for a in report.articles}
    ids = sorted({d.source for d in derivs} | {d.target for d in derivs})
    times = {i: parse_time(arts[i].published) if i in arts else None for i in ids}
    neighbours: dict[str, set[str]] = defaultdict(set)
    for d in derivs:
        neighbours[d.source].add(d.target)
        neighbours[d.target].add(d.source)

    nodes: dict[str, _Node] = {}
    decor: list[str] = []
    top = TOP
    width = 0.0
    groups = _components(ids, derivs)
    for g, group in enumerate(groups):
        undated, dated = _columns(group, times)
        cols = _order(undated + dated, neighbours)
        band_top = top + BAND_GAP
        decor.append(
            f'<text class="band" x="{MARGIN}" y="{band_top - 26}">'
            f"Group {g + 1}: {plural(len(group), 'article')}</text>"
        )
        for c, col in enumerate(cols):
            x = MARGIN + NODE_W / 2 + c * COL_W
            for r, i in enumerate(col):
                nodes[i] = _Node(i, x, band_top + NODE_H / 2 + r * ROW_H)
        rows = max(len(col) for col in cols)
        band_h = NODE_H + (rows - 1) * ROW_H
        if undated:
            # The undated columns are set apart: a label above and a dashed rule to their right.
            sx = MARGIN + NODE_W + (COL_W - NODE_W) / 2 + (len(undated) - 1) * COL_W
            decor.append(f'<text class="nodate" x="{MARGIN}" y="{band_top - 8}">no date</text>')
            if dated:
                decor.append(
                    f'<line class="rule" x1="{_fmt(sx)}" y1="{band_top - 4}" '
                    f'x2="{_fmt(sx)}" y2="{_fmt(band_top + band_h + 4)}"/>'
                )
        width = max(width, MARGIN * 2 + NODE_W + (len(cols) - 1) * COL_W + 40)
        top = band_top + band_h
    height = top + MARGIN
    width = max(width, 360)

    max_shared = max(d.shared_chars for d in derivs) or 1
    edges = []
    for d in sorted(derivs, key=lambda d: (-d.shared_chars, d.source, d.target)):
        w = 1.5 + 5.0 * math.sqrt(max(0, d.shared_chars) / max_shared)
        edges.append(_edge(d, nodes[d.source], nodes[d.target], w, arts))
    # Thin edges on top of thick ones, so none is hidden.
    edges.reverse()
    body = [_node(nodes[i], arts.get(i)) for i in ids]
    head = (
        f'<svg class="graph" width="{_fmt(width)}" height="{_fmt(height)}" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(height)}" role="group" '
        f'aria-labelledby="graph-title graph-desc">'
        f'<title id="graph-title">Derivation graph</title>'
        f'<desc id="graph-desc">{plural(len(ids), "article")} in '
        f"{plural(len(groups), 'group')}; time runs left to right; solid arrows: copied "
        f"from source to target; dashed lines: common source. "
        f"Each article links to its section.</desc>"
    )
    defs = (
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
        'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0 0 L10 5 L0 10 z" class="arrowhead"/></marker></defs>'
    )
    axis = f'<text class="axis" x="{MARGIN}" y="18">time →</text>'
    return "".join(
        [
            head,
            defs,
            axis,
            *decor,
            '<g class="edges">',
            *edges,
            "</g>",
            '<g class="nodes">',
            *body,
            "</g></svg>",
        ]
    )
