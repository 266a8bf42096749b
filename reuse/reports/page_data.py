"""The data the HTML report's script renders from: compact, index-based, within a byte budget.

A page that spelled out every pair side by side would run to hundreds of megabytes for a month of
newspapers; instead the page carries each piece of data once and its script builds the views on
demand. Articles are listed once and named by their index; stories list their carriers' indexes;
passages are offsets into the article texts; each article's text is carried once, for all the
pairs it takes part in.

When the texts of every article with a shared passage fit in the budget they are carried whole.
Otherwise each article carries only windows around its passages: every passage's beginning (and
the first characters of each story's core passage, its excerpt in the list), and for as many of
the largest stories as then fit, their passages nearly whole with context around them (the number
found by bisection, so the same report gives the same page). The page says so, and marks the
gaps.

Strings go into a `<script type="application/json">` block: `script_json` escapes `<` (so no
`</script>` or `<!--` can end or change the block), and U+2028/U+2029.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Cluster, Derivation, Match, Report, Story
from .common import KINDS
from .summary import largest_stories, top_derivations

__all__ = ["PageData", "page_data", "script_json", "BUDGET"]

# The whole page should stay under 5 MB (a browser opens it in a second or two); the data gets
# what the rest of the page leaves.
BUDGET = 4_700_000
_CHROME = 150_000  # the page around the data: styles, script, static tables (checked after)
_EVIDENCE = 200  # derivations whose evidence the page carries, the most shared text first
_STORY_EVIDENCE = 200  # likewise for stories, the largest first
_EXCERPT_HEAD = 160  # characters of a story's core passage always carried (its excerpt)
_TITLE = 160  # titles are cut to this many characters


@dataclass(frozen=True)
class PageData:
    """The data block (`data`, ready for `script_json`) and what the page says about it."""

    data: dict[str, Any]
    windows: dict[str, Any]  # how the texts were cut ("whole": True when they were not)


def script_json(value: Any) -> str:
    """`value` as JSON safe inside `<script type="application/json">`: no `<` at all (so no
    `</script>` or `<!--`), and the line separators U+2028/U+2029 escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _size(value: Any) -> int:
    return len(script_json(value).encode("utf-8"))


def _merge(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted((max(0, s), min(n, e)) for s, e in spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


# Windows around the passages when whole texts do not fit: the passages of the largest stories
# are carried (nearly) whole with context around them; of the other stories' passages, the
# beginning and the end.
_CONTEXT = 150
_HEAD, _TAIL = 800, 300
_SMALL_HEAD, _SMALL_TAIL = 100, 0


def _ranges(
    n: int,
    big: Sequence[tuple[int, int]],
    small: Sequence[tuple[int, int]],
    pinned: Sequence[tuple[int, int]],
) -> list[tuple[int, int]]:
    spans = list(pinned)
    for s, e in big:
        spans.append((s - _CONTEXT, min(e, s + _HEAD)))
        spans.append((max(s, e - _TAIL), e + _CONTEXT))
    for s, e in small:
        spans.append((s, min(e, s + _SMALL_HEAD)))
        spans.append((max(s, e - _SMALL_TAIL), e))
    return _merge(spans, n)


def _segments(text: str, ranges: list[tuple[int, int]]) -> list[list[Any]]:
    return [[s, text[s:e]] for s, e in ranges]


def _from_passages(report: Report, known: dict[str, str]) -> dict[str, list[list[Any]]]:
    """Segments for the articles whose text the report lacks (one read back from JSON): the
    passages' own text, which is exactly the article's text at their offsets."""
    found: dict[str, dict[int, str]] = defaultdict(dict)
    for c in report.clusters:
        for p in c.passages:
            if p.article not in known and len(p.text) == p.end - p.start:
                if len(p.text) > len(found[p.article].get(p.start, "")):
                    found[p.article][p.start] = p.text
    out: dict[str, list[list[Any]]] = {}
    for aid, pieces in sorted(found.items()):
        segs: list[list[Any]] = []
        for s, t in sorted(pieces.items()):
            if segs and s <= segs[-1][0] + len(segs[-1][1]):
                prev_s, prev_t = segs[-1]
                segs[-1] = [prev_s, prev_t + t[prev_s + len(prev_t) - s :]]
            else:
                segs.append([s, t])
        out[aid] = segs
    return out


def _texts(
    report: Report,
    groups: list[dict[str, list[tuple[int, int]]]],
    pinned: dict[str, list[tuple[int, int]]],
    budget: int,
) -> tuple[dict[str, list[list[Any]]], dict[str, Any]]:
    """Each article's text, or windows of it, as [start, text] segments, and how they were
    chosen. `groups` holds the passages of each story (article -> spans), largest story first:
    the first groups get the wide windows."""
    wanted = sorted({aid for g in groups for aid in g})
    known = {aid: t for aid in wanted if (t := report.texts.get(aid)) is not None}
    from_passages = _from_passages(report, known)
    fixed = _size(from_passages)
    whole = {aid: [[0, t]] for aid, t in known.items()}
    if not known and wanted:  # a report read back from JSON: only the passages have text
        return from_passages, {"whole": False, "passages_only": True}
    if fixed + _size(whole) <= budget:
        return {**whole, **from_passages}, {"whole": True, "missing": len(from_passages)}

    def at(k: int, small: bool = True, excerpt: int = _EXCERPT_HEAD) -> dict[str, list[list[Any]]]:
        big: dict[str, list[tuple[int, int]]] = defaultdict(list)
        rest: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for rank, g in enumerate(groups):
            for aid, spans in g.items():
                (big if rank < k else rest)[aid].extend(spans)
        return {
            aid: _segments(
                t,
                _ranges(
                    len(t),
                    big[aid],
                    rest[aid] if small else [],
                    [(s, min(e, s + excerpt)) for s, e in pinned[aid]],
                ),
            )
            for aid, t in known.items()
        }

    def most(fits: Callable[[int], bool], hi: int) -> int:
        """The largest n in [0, hi] for which `fits(n)` (fits is monotone); 0 if none."""
        lo = 0
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(mid):
                lo = mid
            else:
                hi = mid - 1
        return lo

    # Every passage begun when that fits, else only the stories' excerpts (as long as fit);
    # then as many stories as fit, largest first, with wide windows.
    small = fixed + _size(at(0)) <= budget
    excerpt = _EXCERPT_HEAD
    if not small and fixed + _size(at(0, False)) > budget:
        excerpt = most(lambda n: fixed + _size(at(0, False, n)) <= budget, _EXCERPT_HEAD)
    lo = most(lambda k: fixed + _size(at(k, small, excerpt)) <= budget, len(groups))
    how = {
        "whole": False,
        "missing": len(from_passages),
        "stories": max(0, lo - 1),  # the first group is the loose matches
        "context": _CONTEXT,
        "head": _HEAD,
        "tail": _TAIL,
        "small_head": _SMALL_HEAD if small else 0,
        "small_tail": _SMALL_TAIL if small else 0,
        "excerpt": excerpt,
    }
    return {**at(lo, small, excerpt), **from_passages}, how


def _loose_matches(report: Report) -> list[Match]:
    """The matches no cluster that both articles carry tells (rare in a real run: clusters are
    made of matches), which the page carries on their own."""
    covered: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for c in report.clusters:
        for p in c.passages:
            covered[p.article].append((p.start, p.end, c.id))

    def clusters_at(aid: str, s: int, e: int) -> set[str]:
        return {cid for ps, pe, cid in covered.get(aid, ()) if ps < e and s < pe}

    return [
        m
        for m in report.matches
        if not clusters_at(m.a, m.a_start, m.a_end) & clusters_at(m.b, m.b_start, m.b_end)
    ]


def _data(
    report: Report,
    stories: list[Story],
    derivations: list[Derivation],
    loose: list[Match],
    clusters: dict[str, Cluster],
) -> tuple[dict[str, Any], list[str]]:
    """The data block but the texts, for these stories and derivations; the article ids in the
    order of the data's `articles` (those the stories, derivations and matches name)."""
    named = {i for s in stories for i in s.carriers}
    named |= {i for d in derivations for i in (d.source, d.target)}
    named |= {i for m in loose for i in (m.a, m.b)}
    for s in stories:
        told = clusters.get(s.cluster)
        named |= {p.article for p in told.passages} if told else set()
    articles = [a for a in report.articles if a.id in named]
    index = {a.id: k for k, a in enumerate(articles)}
    outlets = sorted({a.outlet for a in articles if a.outlet}, key=lambda o: (o.casefold(), o))
    outlet_index = {o: k for k, o in enumerate(outlets)}
    cluster_order = sorted({s.cluster for s in stories if s.cluster in clusters})
    cluster_index = {cid: k for k, cid in enumerate(cluster_order)}
    data: dict[str, Any] = {
        "outlets": outlets,
        "articles": [
            [
                a.id,
                outlet_index.get(a.outlet, -1) if a.outlet else -1,
                a.published or "",
                1 if a.published_inferred else 0,
                (a.title or "")[:_TITLE],
                a.chars,
                a.reused_chars,
            ]
            for a in articles
        ],
        "clusters": [
            [
                [index[p.article], p.start, p.end]
                for p in clusters[cid].passages
                if p.article in index
            ]
            for cid in cluster_order
        ],
        "stories": [
            [
                s.id,
                [index[i] for i in s.carriers if i in index],
                s.outlets,
                s.wire or "",
                s.source,
                index.get(s.source_article, -1) if s.source_article else -1,
                index.get(s.earliest, -1) if s.earliest else -1,
                cluster_index.get(s.cluster, -1),
                index.get(s.core, -1),
                1 if s.quoted else 0,
                s.purity,
                -1 if s.confidence is None else s.confidence,
                list(s.evidence) if k < _STORY_EVIDENCE else [],
                s.text[:_EXCERPT_HEAD] if s.core not in report.texts else "",
                s.earliest_tied or 0,
            ]
            for k, s in enumerate(stories)
        ],
        "derivations": [
            [
                index[d.source],
                index[d.target],
                1 if d.relation == "copied" else 0,
                d.confidence,
                d.shared_chars,
                list(d.evidence) if k < _EVIDENCE else [],
            ]
            for k, d in enumerate(derivations)
        ],
        "matches": [
            [
                index[m.a],
                m.a_start,
                m.a_end,
                index[m.b],
                m.b_start,
                m.b_end,
                KINDS.index(m.kind) if m.kind in KINDS else 2,
                1 if m.quoted else 0,
                m.similarity,
            ]
            for m in loose
        ],
        "evidence_kept": [_STORY_EVIDENCE, _EVIDENCE],
    }
    return data, [a.id for a in articles]


def page_data(report: Report, budget: int | None = None) -> PageData:
    """The HTML report's data for `report` (already cleaned of surrogates), within `budget`
    bytes of page (default `BUDGET`).

    When even the stories and derivations, without any text, would not fit (a corpus of tens
    of thousands of articles), only the largest stories and the top derivations (those between
    two outlets first, then the most shared text: `top_derivations`) are kept, the same share
    of each: `data["kept"]` says how many of how many.
    """
    budget = BUDGET if budget is None else budget
    known = {a.id for a in report.articles}
    all_stories = [s for s in largest_stories(report) if s.carriers and set(s.carriers) <= known]
    all_derivations = [
        d for d in top_derivations(report) if d.source in known and d.target in known
    ]
    loose = [m for m in _loose_matches(report) if m.a in known and m.b in known]
    clusters = {c.id: c for c in report.clusters}

    def build(share: int) -> tuple[dict[str, Any], list[str]]:
        ns = -(-len(all_stories) * share // 1000)
        nd = -(-len(all_derivations) * share // 1000)
        return _data(report, all_stories[:ns], all_derivations[:nd], loose, clusters)

    # Most of the budget for the texts; the rest for what the views list.
    room = (budget - _CHROME) * 2 // 3
    share = 1000
    if _size(build(1000)[0]) > room:
        lo, hi = 0, 1000
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if _size(build(mid)[0]) <= room:
                lo = mid
            else:
                hi = mid - 1
        share = lo
    data, ids = build(share)
    stories = all_stories[: len(data["stories"])]
    data["kept"] = {
        "stories": [len(stories), len(all_stories)],
        "derivations": [len(data["derivations"]), len(all_derivations)],
    }

    # The passages whose text the page carries, in order of priority: loose matches, then each
    # story's, largest first.
    named = set(ids)
    first: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in loose:
        first[m.a].append((m.a_start, m.a_end))
        first[m.b].append((m.b_start, m.b_end))
    groups: list[dict[str, list[tuple[int, int]]]] = [first]
    pinned: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in stories:
        g: dict[str, list[tuple[int, int]]] = defaultdict(list)
        told = clusters.get(s.cluster)
        core = None
        for p in told.passages if told else ():
            if p.article in named:
                g[p.article].append((p.start, p.end))
                if p.article == s.core and core is None:
                    core = (p.start, p.end)  # its beginning is the story's excerpt
        if core is not None:
            pinned[s.core].append(core)
        groups.append(g)
    texts, how = _texts(report, groups, pinned, budget - _CHROME - _size(data))
    data["texts"] = [texts.get(i) for i in ids]
    data["windows"] = how
    return PageData(data, how)
