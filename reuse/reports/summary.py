"""What the short reports lead with: the largest stories, outlets by reused share, the
derivations that share the most text.

A report of a real corpus holds thousands of stories and derivations and tens of thousands of
passages; the terminal, Markdown and HTML reports lead with these selections and say how much they
left out. Every ordering ends in ids, so the same report gives the same selection.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Optional

from ..model import Cluster, Derivation, Report, Story
from ..text.spans import union_length
from .common import parse_time

__all__ = [
    "TOP",
    "OutletShare",
    "stories_of",
    "largest_stories",
    "outlet_shares",
    "top_derivations",
    "spread_text",
    "tied_text",
]

# How many of each the short reports list (the HTML page lists them all, page by page).
TOP = 10


@dataclass(frozen=True)
class OutletShare:
    """One outlet's articles and how much of their text is found elsewhere.

    `first` counts the stories whose earliest carrier is this outlet's, and evidently first:
    not a story no carrier's date orders, nor one printed the same day by carriers whose dates
    do not order them (`Story.earliest_tied`).
    """

    outlet: Optional[str]
    articles: int
    chars: int
    reused_chars: int
    stories: int
    first: int
    # Characters of its articles shared with articles of other outlets (or of none named): a
    # paper's later editions share most of its first, which is not reuse of others' text.
    elsewhere_chars: int = 0

    @property
    def share(self) -> float:
        return self.reused_chars / self.chars if self.chars else 0.0

    @property
    def elsewhere_share(self) -> float:
        return self.elsewhere_chars / self.chars if self.chars else 0.0

    def row(self, percent: Callable[[int, int], str]) -> list[object]:
        """The outlet's cells in the summaries' table (outlet, articles, chars, reused share
        and the share shared with other outlets as `percent` writes them, stories, first
        in)."""
        return [
            self.outlet,
            self.articles,
            self.chars,
            percent(self.reused_chars, self.chars),
            percent(self.elsewhere_chars, self.chars),
            self.stories,
            self.first,
        ]


def _story_of_cluster(report: Report, c: Cluster, order: dict[str, tuple]) -> Story:
    """A story told from a cluster alone, for reports made before stories (or by hand): its
    carriers in time order, nothing claimed about wire or source."""
    arts = {a.id: a for a in report.articles}
    carriers = tuple(sorted({p.article for p in c.passages}, key=lambda i: order.get(i, (1, i))))
    published = [p for i in carriers if i in arts and (p := arts[i].published)]
    days = Counter(p[:10] for p in published)
    first = next((i for i in carriers if i in arts and arts[i].published), None)
    # Carriers the dates do not put after the first: the same day where a date has no time.
    lead = (arts[first].published or "") if first else ""
    tied = sum(
        1
        for i in carriers
        if i != first
        and i in arts
        and (p := arts[i].published)
        and (p == lead or (p[:10] == lead[:10] and (len(p) == 10 or len(lead) == 10)))
    )
    return Story(
        id=c.id,
        cluster=c.id,
        core=c.passages[0].article,
        text=c.passages[0].text,
        carriers=carriers,
        outlets=len({arts[i].outlet for i in carriers if i in arts and arts[i].outlet}),
        earliest=first,
        first_seen=min(published) if published else None,
        last_seen=max(published) if published else None,
        spread=tuple(sorted(days.items())),
        wire=None,
        source="unknown",
        source_article=None,
        purity=1.0,
        quoted=c.quoted,
        earliest_tied=tied if first else None,
    )


def _time_order(report: Report) -> dict[str, tuple]:
    far = dt.datetime.max
    return {
        a.id: (0, parse_time(a.published) or far, a.id) if a.published else (1, far, a.id)
        for a in report.articles
    }


def stories_of(report: Report) -> list[Story]:
    """The report's stories, and a story for each cluster none of them tells (a report read from
    an older JSON file, or made by hand, may have clusters but no stories)."""
    told = {s.cluster for s in report.stories}
    untold = [c for c in report.clusters if c.id not in told and c.passages]
    if not untold:
        return list(report.stories)
    order = _time_order(report)
    return list(report.stories) + [_story_of_cluster(report, c, order) for c in untold]


def largest_stories(report: Report) -> list[Story]:
    """Every story, largest first: most carriers, then most outlets, then id."""
    return sorted(stories_of(report), key=lambda s: (-len(s.carriers), -s.outlets, s.id))


def _shared_elsewhere(report: Report) -> dict[str, int]:
    """Characters of each article that its matches with articles of other outlets (or of none
    named) cover."""
    outlet = {a.id: a.outlet for a in report.articles}
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in report.matches:
        if outlet.get(m.a) is not None and outlet.get(m.a) == outlet.get(m.b):
            continue
        spans[m.a].append((m.a_start, m.a_end))
        spans[m.b].append((m.b_start, m.b_end))
    return {k: union_length(v) for k, v in spans.items()}


def outlet_shares(report: Report) -> list[OutletShare]:
    """One row per outlet (None for articles without one), the largest share of text shared
    with other outlets first (then the largest reused share)."""
    arts = {a.id: a for a in report.articles}
    elsewhere = _shared_elsewhere(report)
    groups: dict[Optional[str], list] = defaultdict(list)
    for a in report.articles:
        groups[a.outlet].append(a)
    stories: Counter[Optional[str]] = Counter()
    first: Counter[Optional[str]] = Counter()
    for s in stories_of(report):
        for outlet in {arts[i].outlet for i in s.carriers if i in arts}:
            stories[outlet] += 1
        if s.earliest in arts and not s.earliest_tied:
            first[arts[s.earliest].outlet] += 1
    rows = [
        OutletShare(
            outlet,
            len(group),
            sum(a.chars for a in group),
            sum(a.reused_chars for a in group),
            stories[outlet],
            first[outlet],
            sum(elsewhere.get(a.id, 0) for a in group),
        )
        for outlet, group in groups.items()
    ]
    return sorted(
        rows,
        key=lambda r: (
            -r.elsewhere_share,
            -r.share,
            -r.reused_chars,
            r.outlet is None,
            r.outlet or "",
        ),
    )


def top_derivations(report: Report) -> list[Derivation]:
    """Every derivation, those between two outlets first, the most shared text first (then the
    most confident, then ids): a paper's second edition shares most of its first, and on a
    month of front pages such pairs would fill the top of the list with one paper."""
    outlet = {a.id: a.outlet for a in report.articles}

    def one_outlet(d: Derivation) -> bool:
        return outlet.get(d.source) is not None and outlet.get(d.source) == outlet.get(d.target)

    return sorted(
        report.derivations,
        key=lambda d: (one_outlet(d), -d.shared_chars, -d.confidence, d.source, d.target),
    )


def tied_text(story: Story) -> str:
    """ "one of 9 the dates do not order" when other carriers may have printed the story before
    its earliest; else ""."""
    if not story.earliest_tied:
        return ""
    return f"one of {story.earliest_tied + 1:,} the dates do not order"


def spread_text(story: Story, limit: int = 6) -> str:
    """A story's spread as "1916-01-03: 9, 1916-01-04: 27, ... (+3 more)"."""
    items = [f"{period.replace('T', ' ')}: {n}" for period, n in story.spread[:limit]]
    more = len(story.spread) - limit
    return ", ".join(items) + (f" (+{more} more)" if more > 0 else "")
