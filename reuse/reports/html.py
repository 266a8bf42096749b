"""The HTML report: one self-contained page for journalists and editors.

Everything is inline (styles, the SVG graph; no script, no web fonts, nothing fetched), and a
Content-Security-Policy forbids scripts and network requests, so the page opens offline and
scraped text can never run even if it slipped through unescaped. Every piece of text from the
input goes through `html.escape`. The page works with the keyboard (skip link, landmarks, real
links, `<details>`) and on a phone (tables and the graph scroll inside their own box; the two
sides of a pair stack below 700px). The same report gives the same bytes.

Sections: overview (counts, outlets, articles with how much of each is reused and from whom),
the derivation graph, derivations, related pairs side by side with shared passages marked,
clusters, tracked quotes (when the report has them), one section per article, problems, settings.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any, Optional

from ..model import ArticleSummary, Derivation, Match, Report
from . import graph
from .common import (
    clean_report,
    derivations_of,
    excerpt,
    kind_rank,
    pairs,
    parse_time,
    pct,
    plural,
    utf8,
)
from .marks import Span, esc, fragment, highlight, word_diff
from .output import write_bytes

__all__ = ["render", "write"]

_CONTEXT = 320  # characters of unshared text kept around passages in the pair views
_OPEN_PAIRS = 12  # up to this many pairs, all pair views start open

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

# The page's styles: package data, read once.
_STYLES = resources.files(__package__).joinpath("static/report.css")
_CSS = "\n" + _STYLES.read_text(encoding="utf-8")


# ---- small helpers -------------------------------------------------------------------------


def _pair_id(a: str, b: str) -> str:
    # "/" never occurs in an encoded id, so it separates the two unambiguously.
    return f"pair-{fragment(a)}/{fragment(b)}"


def _mark_id(m: Match, side: str) -> str:
    return f"m-{fragment(m.id)}-{side}"


def _alink(aid: str) -> str:
    return f'<a href="#{esc(graph.anchor(aid))}">{esc(aid)}</a>'


def _published(a: Optional[ArticleSummary]) -> str:
    if a is None or not a.published:
        return '<span class="muted">no date</span>'
    out = (
        f'<time class="nowrap" datetime="{esc(a.published)}">'
        f"{esc(a.published.replace('T', ' '))}</time>"
    )
    if a.published_inferred:
        out += ' <span class="muted">(inferred from the text)</span>'
    return out


def _bar(part: int, whole: int) -> str:
    share = min(1.0, part / whole) if whole else 0.0
    return (
        f'<span class="bar" aria-hidden="true"><span style="width:{100 * share:.1f}%">'
        f"</span></span>"
    )


def _kind_badges(matches: list[Match]) -> str:
    kinds = sorted({m.kind for m in matches}, key=kind_rank)
    out = ", ".join(esc(k) for k in kinds)
    if any(m.quoted for m in matches):
        out += ' <span class="badge quote">quote</span>'
    return out


def _relation_phrase(d: Derivation, aid: str) -> str:
    """How article `aid` relates through `d`, as a phrase with a link to the other article."""
    conf = f' <span class="muted">(confidence {d.confidence:.2f})</span>'
    if d.relation == "copied":
        if d.target == aid:
            return f"copied from {_alink(d.source)}{conf}"
        return f"copied by {_alink(d.target)}{conf}"
    other = d.target if d.source == aid else d.source
    return f"common source with {_alink(other)}{conf}"


def _table(
    head: list[str],
    rows: list[list[str]],
    caption: str = "",
    num: tuple[int, ...] = (),
    wide: bool = False,
) -> str:
    """A table in a scrolling box; `num` lists the columns aligned as numbers.

    A `wide` table keeps a minimum width and scrolls sideways on a phone rather than squeezing
    its columns to a word each.
    """
    cap = f"<caption>{caption}</caption>" if caption else ""
    table_cls = ' class="wide"' if wide else ""

    def cls(i: int) -> str:
        return ' class="num"' if i in num else ""

    th = "".join(f'<th scope="col"{cls(i)}>{h}</th>' for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(r)) + "</tr>" for r in rows
    )
    # Focusable, so a keyboard user can scroll a table wider than the screen.
    return (
        f'<div class="table-wrap" tabindex="0" role="region" '
        f'aria-label="{esc(caption or head[0])}">'
        f"<table{table_cls}>{cap}<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"
        "</div>"
    )


# ---- sections ------------------------------------------------------------------------------


def _overview(report: Report, rel: dict[str, list[Derivation]]) -> str:
    n_pairs = len({(m.a, m.b) for m in report.matches})
    reused = sum(1 for a in report.articles if a.reused_chars)
    out = [
        '<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">Overview</h2>',
        f'<p class="lede">{plural(len(report.articles), "article")}, of which {reused:,} '
        f"reuse text; {plural(len(report.matches), 'shared passage')} in "
        f"{plural(n_pairs, 'article pair')}; {plural(len(report.clusters), 'cluster')}; "
        f"{plural(len(report.derivations), 'derivation')} "
        f"({sum(d.relation == 'copied' for d in report.derivations):,} copied, "
        f"{sum(d.relation == 'common-source' for d in report.derivations):,} common "
        "source).</p>",
    ]

    # Outlets: how many articles, over what time, and how much of their text is reused.
    by_outlet: dict[str, list[ArticleSummary]] = defaultdict(list)
    for a in report.articles:
        by_outlet[a.outlet or ""].append(a)
    rows = []
    for outlet in sorted(by_outlet, key=lambda o: (o == "", o.casefold(), o)):
        group = by_outlet[outlet]
        dates = sorted(a.published for a in group if a.published)
        chars = sum(a.chars for a in group)
        used = sum(a.reused_chars for a in group)
        span = (
            '<span class="nowrap">'
            + esc(dates[0][:10])
            + "</span>"
            + (
                ""
                if dates[0][:10] == dates[-1][:10]
                else ' – <span class="nowrap">' + esc(dates[-1][:10]) + "</span>"
            )
            if dates
            else "-"
        )
        rows.append(
            [
                esc(outlet) if outlet else '<span class="muted">unknown outlet</span>',
                f"{len(group):,}",
                span,
                f"{_bar(used, chars)}{pct(used, chars)}",
            ]
        )
    out.append("<h3>By outlet</h3>")
    out.append(
        _table(
            ["Outlet", "Articles", "Published", "Reused text"],
            rows,
            "Articles per outlet and the share of their text found elsewhere",
            num=(1,),
        )
    )

    def order(a: ArticleSummary) -> tuple:
        t = parse_time(a.published)
        return (a.outlet is None, (a.outlet or "").casefold(), t is None, t or 0, a.id)

    rows = []
    for a in sorted(report.articles, key=order):
        name = _alink(a.id) + (f'<br><span class="muted">{esc(a.title)}</span>' if a.title else "")
        related = [
            _relation_phrase(d, a.id)
            for d in sorted(rel.get(a.id, []), key=lambda d: (-d.shared_chars, d.source, d.target))
        ]
        rows.append(
            [
                name,
                esc(a.outlet) if a.outlet else '<span class="muted">-</span>',
                _published(a),
                f'<span class="nowrap">{_bar(a.reused_chars, a.chars)}'
                f'{pct(a.reused_chars, a.chars)}</span><br><span class="muted">'
                f"{a.reused_chars:,} of {a.chars:,} chars</span>",
                "<ul>" + "".join(f"<li>{r}</li>" for r in related) + "</ul>"
                if related
                else '<span class="muted">-</span>',
            ]
        )
    out.append("<h3>Articles</h3>")
    out.append(
        _table(
            ["Article", "Outlet", "Published", "Reused", "From whom"],
            rows,
            "Articles by outlet and time: how much of each is shared, and with whom",
            wide=True,
        )
    )
    out.append("</section>")
    return "".join(out)


def _graph_section(report: Report) -> str:
    legend = (
        '<ul class="legend" aria-label="Graph legend">'
        '<li><span class="swatch" aria-hidden="true"></span>'
        "copied (arrow from source to target)</li>"
        '<li><span class="swatch common" aria-hidden="true"></span>'
        "common source (dashed, no arrow)</li>"
        "<li>line width: characters shared</li>"
        "<li>red bar under an article: share of its text reused</li>"
        "<li>~ date inferred from the text</li></ul>"
    )
    return (
        '<section id="graph" aria-labelledby="graph-h"><h2 id="graph-h">Derivation graph</h2>'
        '<figure style="margin:0"><div class="graph-wrap" tabindex="0" role="region" '
        'aria-label="Derivation graph (scrolls)">' + graph.svg(report) + "</div>"
        '<figcaption class="muted">Time runs left to right; articles without a date stand in '
        'their own column marked "no date". Each article links to its section below; the '
        "derivations table lists the same edges as text.</figcaption>"
        + legend
        + "</figure></section>"
    )


def _derivations(report: Report, arts: dict[str, ArticleSummary]) -> str:
    out = [
        '<section id="derivations" aria-labelledby="derivations-h">'
        '<h2 id="derivations-h">Derivations</h2>'
    ]
    if not report.derivations:
        out.append('<p class="muted">No derivations.</p></section>')
        return "".join(out)
    matched = {(m.a, m.b) for m in report.matches}
    rows = []
    for d in report.derivations:
        copied = d.relation == "copied"
        pair = (
            f"{_alink(d.source)} → {_alink(d.target)}"
            if copied
            else f"{_alink(d.source)} – {_alink(d.target)}"
        )
        a, b = sorted((d.source, d.target))
        if (a, b) in matched:
            pair += f'<br><a class="muted" href="#{esc(_pair_id(a, b))}">side by side</a>'
        badge = (
            '<span class="badge copied">copied</span>'
            if copied
            else '<span class="badge common">common source</span>'
        )
        target = arts.get(d.target)
        rows.append(
            [
                pair,
                badge,
                f"{d.confidence:.2f}",
                f"{d.shared_chars:,}",
                pct(d.shared_chars, target.chars) if target else "-",
                "<ul>" + "".join(f"<li>{esc(e)}</li>" for e in d.evidence) + "</ul>",
            ]
        )
    out.append(
        _table(
            ["Articles", "Relation", "Confidence", "Shared chars", "Of target", "Evidence"],
            rows,
            "Who took text from whom, and why we think so",
            num=(2, 3, 4),
            wide=True,
        )
    )
    out.append("</section>")
    return "".join(out)


def _legend_marks() -> str:
    return (
        '<ul class="legend" aria-label="Passage legend">'
        '<li><mark class="verbatim">verbatim</mark></li>'
        '<li><mark class="near-verbatim">near-verbatim</mark></li>'
        '<li><mark class="paraphrase">paraphrase</mark></li>'
        '<li><mark class="paraphrase quoted">quotation</mark> '
        '<span class="badge quote">quote</span></li>'
        '<li><mark class="near-verbatim"><span class="only">word</span></mark> '
        "only in this article (near-verbatim passages)</li></ul>"
    )


def _side(
    report: Report,
    aid: str,
    a: Optional[ArticleSummary],
    spans: list[Span],
    only: list[tuple[int, int]],
    side: str,
) -> str:
    text = report.texts.get(aid)
    body = (
        highlight(text, spans, only, context=_CONTEXT)
        if text is not None
        else '<span class="muted">(the text of this article is not in the report)</span>'
    )
    meta = " · ".join(x for x in [esc(a.outlet) if a and a.outlet else "", _published(a)] if x)
    return (
        f'<section class="side side-{side}" data-article="{esc(aid)}" aria-label="{esc(aid)}">'
        f'<h4>{_alink(aid)}</h4><p class="meta">{meta}</p>'
        f'<div class="text">{body}</div></section>'
    )


def _pair(
    report: Report,
    a: str,
    b: str,
    ms: list[Match],
    arts: dict[str, ArticleSummary],
    deriv: Optional[Derivation],
    open_: bool,
) -> str:
    sa, sb, oa, ob = [], [], [], []
    ta, tb = report.texts.get(a), report.texts.get(b)
    items = []
    for m in ms:
        sa.append(
            Span(
                m.a_start,
                m.a_end,
                m.kind,
                m.quoted,
                m.id,
                m.similarity,
                _mark_id(m, "a"),
                _mark_id(m, "b"),
            )
        )
        sb.append(
            Span(
                m.b_start,
                m.b_end,
                m.kind,
                m.quoted,
                m.id,
                m.similarity,
                _mark_id(m, "b"),
                _mark_id(m, "a"),
            )
        )
        differ = ""
        if m.kind == "near-verbatim" and ta is not None and tb is not None:
            da, db = word_diff(ta[m.a_start : m.a_end], tb[m.b_start : m.b_end])
            oa += [(m.a_start + s, m.a_start + e) for s, e in da]
            ob += [(m.b_start + s, m.b_start + e) for s, e in db]
            differ = (
                f" · wording differs in {plural(len(da), 'place')} in {esc(a)}, "
                f"{len(db):,} in {esc(b)}"
                if da or db
                else " · same words"
            )
        items.append(
            f'<li><a href="#{esc(_mark_id(m, "a"))}">{esc(m.id)}</a> '
            f'<mark class="{esc(m.kind)}">{esc(m.kind)}</mark>'
            + (' <span class="badge quote">quote</span>' if m.quoted else "")
            + f" · similarity {m.similarity:.2f}{differ} · {esc(a)} {m.a_start:,}–{m.a_end:,} "
            f'({m.a_end - m.a_start:,} chars) ↔ <a href="#{esc(_mark_id(m, "b"))}">{esc(b)}</a> '
            f"{m.b_start:,}–{m.b_end:,} ({m.b_end - m.b_start:,} chars)</li>"
        )
    aa, ab = arts.get(a), arts.get(b)
    shared_a = sum(m.a_end - m.a_start for m in ms)
    shared_b = sum(m.b_end - m.b_start for m in ms)
    of_a = pct(shared_a, aa.chars) if aa else "-"
    of_b = pct(shared_b, ab.chars) if ab else "-"
    summary = (
        f'<summary><span class="title">{esc(a)} ↔ {esc(b)}</span> '
        f'<span class="muted">· {plural(len(ms), "passage")} · '
        f"{_kind_badges(ms)} · {of_a} of {esc(a)}, {of_b} of {esc(b)}</span></summary>"
    )
    relation = ""
    if deriv is not None:
        if deriv.relation == "copied":
            relation = (
                f'<p><span class="badge copied">copied</span> {_alink(deriv.target)} '
                f"took text from {_alink(deriv.source)} (confidence "
                f"{deriv.confidence:.2f}).</p>"
            )
        else:
            relation = (
                f'<p><span class="badge common">common source</span> both took text from '
                f"a source they share (confidence {deriv.confidence:.2f}).</p>"
            )
    return (
        f'<details class="pairbox" id="{esc(_pair_id(a, b))}"{" open" if open_ else ""}>'
        f'{summary}{relation}<div class="pair">'
        f"{_side(report, a, aa, sa, oa, 'a')}{_side(report, b, ab, sb, ob, 'b')}</div>"
        f'<ol class="passages">{"".join(items)}</ol></details>'
    )


def _pairs(report: Report, arts: dict[str, ArticleSummary]) -> str:
    out = [
        '<section id="pairs" aria-labelledby="pairs-h"><h2 id="pairs-h">Related pairs, side '
        "by side</h2>"
    ]
    grouped = pairs(report)
    if not grouped:
        out.append('<p class="muted">No passage is shared by two articles.</p></section>')
        return "".join(out)
    out.append(
        "<p>Shared passages are marked in both texts; select one to jump to the same "
        "passage in the other article. Long stretches of text that is not shared are "
        "shortened here; each article section below has the full text.</p>"
    )
    out.append(_legend_marks())
    derivs = {tuple(sorted((d.source, d.target))): d for d in report.derivations}
    # Largest overlaps first: what an editor wants to see first.
    order = sorted(
        grouped.items(),
        key=lambda kv: (-sum(m.b_end - m.b_start + m.a_end - m.a_start for m in kv[1]), kv[0]),
    )
    open_ = len(order) <= _OPEN_PAIRS
    for (a, b), ms in order:
        out.append(_pair(report, a, b, ms, arts, derivs.get((a, b)), open_))
    out.append("</section>")
    return "".join(out)


def _clusters(report: Report) -> str:
    out = [
        '<section id="clusters" aria-labelledby="clusters-h"><h2 id="clusters-h">Clusters'
        "</h2><p>The same passage as it recurs across articles.</p>"
    ]
    if not report.clusters:
        out.append('<p class="muted">No clusters.</p>')
    for c in report.clusters:
        arts_in = sorted({p.article for p in c.passages})
        head = (
            f'<summary><span class="title">{esc(c.id)}</span> <span class="muted">· '
            f"{plural(len(c.passages), 'passage')} in {plural(len(arts_in), 'article')}</span>"
            + (' <span class="badge quote">quote</span>' if c.quoted else "")
            + "</summary>"
        )
        items = "".join(
            f'<li>{_alink(p.article)} <span class="muted">{p.start:,}–{p.end:,}</span>'
            f"<blockquote>{esc(p.text)}</blockquote></li>"
            for p in c.passages
        )
        out.append(
            f'<details id="cluster-{esc(fragment(c.id))}">{head}<p>Articles: '
            f'{", ".join(_alink(i) for i in arts_in)}</p><ol class="passages">{items}</ol>'
            f"</details>"
        )
    out.append("</section>")
    return "".join(out)


def _as_plain(value: Any) -> Any:
    """A quote record of any shape (object with to_dict, dataclass, mapping) as plain data."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def _generic(value: Any, key: str = "") -> str:
    """Plain data as nested definition lists; values under an `article` key link to it."""
    if isinstance(value, dict):
        return (
            '<dl class="facts">'
            + "".join(f"<dt>{esc(k)}</dt><dd>{_generic(v, str(k))}</dd>" for k, v in value.items())
            + "</dl>"
        )
    if isinstance(value, (list, tuple)):
        return "<ul>" + "".join(f"<li>{_generic(_as_plain(v), key)}</li>" for v in value) + "</ul>"
    if key in ("article", "source", "target") and isinstance(value, str):
        return _alink(value)
    if key == "text" and isinstance(value, str):
        return f"<blockquote>{esc(value)}</blockquote>"
    return esc("-" if value is None else value)


def _quotes(report: Report) -> str:
    quotes = getattr(report, "quotes", None)
    if not quotes:
        return ""
    out = [
        '<section id="quotes" aria-labelledby="quotes-h"><h2 id="quotes-h">Tracked quotes</h2>'
        "<p>Quotations carried by two or more articles, with each wording (variant) and who "
        "carries it, earliest first.</p>"
    ]
    for q in quotes:
        earliest = (
            _alink(q.earliest) if q.earliest else '<span class="muted">unknown (no dates)</span>'
        )
        rows = []
        for v in q.variants:
            carriers = ", ".join(
                _alink(a) + (f' <span class="muted">({esc(o)})</span>' if o else "")
                for a, o in zip(v.articles, v.outlets)
            )
            rows.append(
                f"<li><blockquote>{esc(v.text)}</blockquote><p>carried by {carriers}</p></li>"
            )
        out.append(
            f'<details><summary><span class="title">{esc(q.id)} '
            f'<span class="muted">· {esc(excerpt(q.text, 90))}</span></span></summary>'
            f"<p>earliest known: {earliest}; {len(q.variants)} variant"
            f"{'s' if len(q.variants) != 1 else ''}</p><ul>{''.join(rows)}</ul></details>"
        )
    out.append("</section>")
    return "".join(out)


def _boilerplate(report: Report) -> str:
    found = getattr(report, "boilerplate", None)
    if not found:
        return ""
    out = [
        '<section id="boilerplate" aria-labelledby="boilerplate-h"><h2 id="boilerplate-h">'
        "Boilerplate</h2><p>Passages an outlet repeats across its own articles (footers, "
        "prompts). They are not counted as reuse.</p><ul>"
    ]
    for b in found:
        carriers = ", ".join(_alink(p.article) for p in b.passages)
        out.append(
            f"<li><strong>{esc(b.outlet or 'unknown outlet')}</strong>: "
            f"<blockquote>{esc(excerpt(b.text, 200))}</blockquote><p>in {carriers}</p></li>"
        )
    out.append("</ul></section>")
    return "".join(out)


def _articles(report: Report, rel: dict[str, list[Derivation]]) -> str:
    by_article: dict[str, list[Span]] = defaultdict(list)
    partners: dict[str, set[str]] = defaultdict(set)
    for m in report.matches:
        by_article[m.a].append(Span(m.a_start, m.a_end, m.kind, m.quoted, m.id, m.similarity))
        by_article[m.b].append(Span(m.b_start, m.b_end, m.kind, m.quoted, m.id, m.similarity))
        partners[m.a].add(m.b)
        partners[m.b].add(m.a)
    out = [
        '<section id="articles" aria-labelledby="articles-h"><h2 id="articles-h">Articles</h2>'
        "<p>Every article in full, with the passages it shares with others marked.</p>"
    ]
    for a in report.articles:
        facts = [
            ("id", esc(a.id)),
            ("outlet", esc(a.outlet) if a.outlet else "unknown"),
            ("published", _published(a)),
            (
                "reused",
                f"{a.reused_chars:,} of {a.chars:,} characters ({pct(a.reused_chars, a.chars)})",
            ),
        ]
        related = [_relation_phrase(d, a.id) for d in rel.get(a.id, [])]
        if related:
            facts.append(("derivations", "; ".join(related)))
        if partners.get(a.id):
            facts.append(
                (
                    "pairs",
                    ", ".join(
                        f'<a href="#{esc(_pair_id(*sorted((a.id, o))))}">with {esc(o)}</a>'
                        for o in sorted(partners[a.id])
                    ),
                )
            )
        dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
        text = report.texts.get(a.id)
        body = (
            highlight(text, by_article.get(a.id, []))
            if text is not None
            else '<span class="muted">(the text of this article is not in the report)</span>'
        )
        out.append(
            f'<article class="art" id="{esc(graph.anchor(a.id))}" '
            f'aria-labelledby="h-{esc(graph.anchor(a.id))}">'
            f'<h3 id="h-{esc(graph.anchor(a.id))}">{esc(a.title or a.id)}</h3>'
            f'<dl class="facts">{dl}</dl><div class="text">{body}</div></article>'
        )
    out.append("</section>")
    return "".join(out)


def _problems(report: Report) -> str:
    if not report.problems:
        return ""
    items = "".join(f"<li>{esc(p)}</li>" for p in report.problems)
    return (
        '<section id="problems" aria-labelledby="problems-h"><h2 id="problems-h">Problems in '
        f"the input ({len(report.problems)})</h2><ul>{items}</ul></section>"
    )


def render(report: Report) -> str:
    """The report as one self-contained HTML page."""
    report = clean_report(report)
    arts = {a.id: a for a in report.articles}
    rel = derivations_of(report)
    sections = [
        ("overview", "Overview"),
        ("graph", "Graph"),
        ("derivations", "Derivations"),
        ("pairs", "Pairs"),
        ("clusters", "Clusters"),
    ]
    if getattr(report, "quotes", None):
        sections.append(("quotes", "Quotes"))
    if getattr(report, "boilerplate", None):
        sections.append(("boilerplate", "Boilerplate"))
    sections.append(("articles", "Articles"))
    if report.problems:
        sections.append(("problems", "Problems"))
    nav = "".join(f'<li><a href="#{k}">{v}</a></li>' for k, v in sections)
    settings = json.dumps(
        report.settings, indent=2, sort_keys=True, ensure_ascii=False, default=str
    )
    title = f"newsreuse report: {plural(len(report.articles), 'article')}"
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        '<meta name="generator" content="newsreuse">',
        f"<title>{esc(title)}</title><style>{_CSS}</style></head>\n<body>",
        '<a class="skip" href="#main">Skip to the report</a>',
        "<header><h1>Text reuse report</h1>"
        f'<p class="muted">{esc(title)}: who shares which passages, and who took them from '
        "whom.</p>"
        f'<nav aria-label="Sections"><ul>{nav}</ul></nav></header>\n',
        '<main id="main" tabindex="-1">',
        _overview(report, rel),
        "\n",
        _graph_section(report),
        "\n",
        _derivations(report, arts),
        "\n",
        _pairs(report, arts),
        "\n",
        _clusters(report),
        "\n",
        _quotes(report),
        _boilerplate(report),
        _articles(report, rel),
        "\n",
        _problems(report),
        "</main>\n<footer><details><summary>Settings of this run</summary>"
        f"<pre>{esc(settings)}</pre></details>"
        "<p>Made by newsreuse. Offsets are character positions in each article's text.</p>"
        "</footer>\n</body></html>\n",
    ]
    return "".join(parts)


def write(report: Report, path: Path) -> None:
    """Write the HTML page to `path` (UTF-8), replacing any file there in one step."""
    write_bytes(path, utf8(render(report)))
