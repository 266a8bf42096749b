"""Stories: every carrier pair of a cluster reported, and each cluster's provenance.

Candidate search bounds its comparisons (each sentence keeps its closest partners, very large
LSH buckets are expanded sparsely), so of a wire story carried by forty outlets only some of the
780 carrier pairs are aligned; the rest are connected through the cluster. Each pair of carriers
not aligned directly is checked on the words of its two passages and, when they share the
passage, reported as a match `via` the cluster: no pair is lost to a bound.

Each cluster is then told as a story: its carriers earliest first, the agency their credits
name, whether the source is in the corpus, the first and last carrier and the carriers per day
(per hour when all have a time of day), and its purity (the share of its passages that share
text with its core). A pair of carriers whose shared text is told by wide stories is not given
a pairwise `common-source` derivation too: forty outlets of one wire story are one story, not
780 edges.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Indel, Levenshtein

from ..model import Article, Cluster, Derivation, Match, Passage, Story
from ..settings import Settings
from ..text.dates import Moment, moment
from ..text.spans import union_length
from ..text.tokens import WORD_RUN
from .align.passages import classify
from .attribution.signals import (
    agency_of,
    ordered_in_time,
    short_for,
    undated,
    wire_credits,
)

__all__ = [
    "complete_pairs",
    "PairCompletion",
    "read_stories",
    "StoryReadings",
    "stories_of",
    "tell_stories",
    "told_by_stories",
]

# A date without an hour is a local day: in UTC it may end up to 36 hours after its midnight
# (a day in UTC-12).
_DAY_ENDS = dt.timedelta(hours=36, seconds=-1)
# ... and begin up to 14 hours before it (a day in UTC+14).
_DAY_BEGINS = dt.timedelta(hours=14)
# Words a carrier's passage needs for it to be the story's first carrier.
_CARRIES_WORDS = 12

_WORD = WORD_RUN
# Two passages share text when runs of at least `_RUN` identical words cover this share of the
# shorter one's words, or their word-level similarity reaches `_CLOSE_WORDS`: copies of one
# story do, even under OCR noise; two stories a chained cluster joined do not.
_RUN = 3
_SHARED_RUNS = 1 / 3
_CLOSE_WORDS = 0.5
# Most carrier pairs of one cluster checked and reported: a story carried by thousands of
# outlets would otherwise cost millions of checks; the pairs left out are counted.
_MAX_PAIRS_PER_CLUSTER = 20_000
# A story with at least this many carriers tells the relation of its carriers' pairs.
_WIDE = 3
# Share of a pair's shared text (on both sides) that wide stories must hold for the pair's
# common-source derivation to be told by them.
_TOLD = 0.8
# Characters around a passage where its dateline and credit line stand.
_BEFORE, _AFTER = 300, 200
_ONE_DAY = dt.timedelta(days=1)
_TICK = dt.timedelta(microseconds=1)
# Outlets whose carriers printed a story before the later of two: from this many on, the later
# may have taken it from any of them (or from where they did), and the pair tells nothing of
# which.
_PRINTED_BEFORE = 3


@dataclass
class PairCompletion:
    """What completing clusters did: pairs reported through clusters, pairs whose passages did
    not share text (a cluster joining two texts), and pairs left out by the bound."""

    inferred: int = 0
    rejected: int = 0
    left_out: int = 0


class _Words:
    """The words of a passage (lower-cased) and where they stand in its text, found once for
    every pair of carriers it is compared in."""

    def __init__(self, text: str) -> None:
        self.spans = [m.span() for m in _WORD.finditer(text)]
        self.words = [text[s:e].lower() for s, e in self.spans]

    def runs_chars(self, blocks: list[tuple[int, int]]) -> int:
        """Characters of the text in the given word runs (start word index, length)."""
        return sum(self.spans[s + n - 1][1] - self.spans[s][0] for s, n in blocks)


def _alike(wx: list[str], wy: list[str]) -> tuple[float, bool, list[tuple[int, int, int]]]:
    """(word-level similarity, whether they share text, the runs of at least `_RUN` words they
    share as (start in x, start in y, length)) of two passages' words."""
    if not wx or not wy:
        return 0.0, False, []
    similarity = Levenshtein.normalized_similarity(wx, wy)
    blocks = [
        (b.a, b.b, b.size) for b in Indel.opcodes(wx, wy).as_matching_blocks() if b.size >= _RUN
    ]
    run_words = sum(n for _, _, n in blocks)
    shares = run_words >= _SHARED_RUNS * min(len(wx), len(wy)) or similarity >= _CLOSE_WORDS
    return similarity, shares, blocks


def _compare(x: _Words, y: _Words) -> tuple[float, bool, int, int]:
    """(word-level similarity, whether they share text, literal chars of x, of y)."""
    if not x.words or not y.words:
        return 0.0, False, 0, 0
    similarity, shares, blocks = _alike(x.words, y.words)
    lit_x = x.runs_chars([(a, n) for a, _, n in blocks])
    lit_y = y.runs_chars([(b, n) for _, b, n in blocks])
    return round(similarity, 4), shares, lit_x, lit_y


def _main_passages(cluster: Cluster) -> dict[str, Passage]:
    """Each carrier's longest passage in the cluster (the earliest of equals)."""
    out: dict[str, Passage] = {}
    for p in cluster.passages:
        best = out.get(p.article)
        if best is None or p.end - p.start > best.end - best.start:
            out[p.article] = p
    return out


def complete_pairs(
    clusters: Sequence[Cluster], matches: Sequence[Match], settings: Settings
) -> tuple[list[Match], PairCompletion]:
    """Matches for the carrier pairs of each cluster that no match pairs yet and whose
    passages share text (ids are left empty: the pipeline numbers all matches together).

    A carrier whose passage is shorter than any passage alignment reports (the least of
    `min_passage_words` and `min_quote_words`: a piece of a long story cut where another
    carrier's passage ends, such as "The saloon became filled with") is paired by no inferred
    match: alignment would never report such a passage."""
    paired = {(m.a, m.b) for m in matches}
    stats = PairCompletion()
    out: list[Match] = []
    done: set[tuple[str, str]] = set()
    for cluster in clusters:
        main = _main_passages(cluster)
        carriers = sorted(main)
        least = min(settings.min_quote_words, settings.min_passage_words)
        words: dict[str, _Words] = {}  # of each carrier's passage, found once
        checked = 0
        for i, a in enumerate(carriers):
            for b in carriers[i + 1 :]:
                if (a, b) in paired or (a, b) in done:
                    continue
                if checked >= _MAX_PAIRS_PER_CLUSTER:
                    stats.left_out += 1
                    continue
                checked += 1
                pa, pb = main[a], main[b]
                for x in (a, b):
                    if x not in words:
                        words[x] = _Words(main[x].text)
                wa, wb = words[a], words[b]
                if min(len(wa.words), len(wb.words)) < least:
                    stats.rejected += 1
                    continue
                similarity, shares, lit_a, lit_b = _compare(wa, wb)
                if not shares:
                    stats.rejected += 1
                    continue
                done.add((a, b))
                identical = wa.words == wb.words
                out.append(
                    Match(
                        "",
                        a,
                        pa.start,
                        pa.end,
                        b,
                        pb.start,
                        pb.end,
                        similarity,
                        classify(similarity, identical, settings),
                        cluster.quoted,
                        lit_a,
                        lit_b,
                        via=cluster.id,
                    )
                )
        stats.inferred = len(out)
    return out, stats


def _when(article: Article) -> tuple[int, object, str]:
    """Carriers in time order, undated last. A carrier dated by its day alone may have printed
    the text at any hour of that local day: it goes after every carrier timed before the day
    can have ended anywhere, so it is the earliest only when it evidently is."""
    when = moment(article.published)
    if when is None:
        return (1, 0, article.id)
    at = when.utc if when.has_time else when.utc + _DAY_ENDS
    return (0, at, article.id)


def _tied(first: Article | None, printing: Sequence[Article]) -> list[Article]:
    """The carriers of `printing` (dated, in time order) other than `first` that their dates
    cannot put after it, as `_when` orders them: two dates without a time of day on the same
    day; a date without a time whose local day (anywhere: from 14 hours before its UTC
    midnight) began by `first`'s time; two times alike. Any of them may have printed the story
    first."""
    if first is None:
        return []
    start = moment(first.published)
    assert start is not None
    out = []
    for a in printing:
        when = moment(a.published)
        if a is first or when is None:
            continue
        if not when.has_time and not start.has_time:
            tied = when.utc.date() == start.utc.date()
        elif not when.has_time:
            tied = when.utc - _DAY_BEGINS <= start.utc
        else:
            tied = when.utc <= (start.utc if start.has_time else start.utc + _DAY_ENDS)
        if tied:
            out.append(a)
    return out


def _tie_evidence(first: Article, tied: Sequence[Article]) -> str:
    """What the dates say of a first carrier that others may have preceded."""
    moments = [m for a in (first, *tied) if (m := moment(a.published)) is not None]
    days = sorted({m.utc.date().isoformat() for m in moments})
    if all(m.has_time for m in moments):
        at = f"at {first.published}"
    elif len(days) == 1:
        at = f"on {days[0]}"
    else:
        at = f"between {days[0]} and {days[-1]}"
    return (
        f"{len(tied) + 1} carriers printed it {at}, which their dates do not order: "
        f"{first.id} is listed first, not known to be first"
    )


def _core(main: Mapping[str, Passage], partners: Mapping[str, set[str]]) -> Passage:
    """The passage the most carriers share text with (a match pairs them); of equals the
    longest, then the first. A carrier's degree is its partners among the carriers, counted
    from the smaller side, not by testing every pair of carriers (a story carried by tens of
    thousands of articles would cost billions of tests)."""
    degree = {a: _among(partners.get(a, _NONE), main) for a in main}
    ranked = sorted(main.values(), key=lambda p: p.article)
    return max(ranked, key=lambda p: (degree[p.article], p.end - p.start))


_NONE: frozenset[str] = frozenset()


def _among(these: AbstractSet[str], carriers: Mapping[str, Passage]) -> int:
    """How many of `these` are carriers: the smaller side looked up in the other."""
    if len(these) <= len(carriers):
        return sum(1 for a in these if a in carriers)
    return sum(1 for a in carriers if a in these)


def _spread(carriers: Sequence[Article]) -> tuple[tuple[str, int], ...]:
    moments = [(a, moment(a.published)) for a in carriers]
    dated = [(a, w) for a, w in moments if w is not None]
    hourly = bool(dated) and all(w.has_time for _, w in dated)
    periods: Counter[str] = Counter()
    for _, w in dated:
        periods[w.utc.strftime("%Y-%m-%dT%H:00Z" if hourly else "%Y-%m-%d")] += 1
    return tuple(sorted(periods.items()))


def _read_carriers(
    mains: Sequence[Mapping[str, Passage]], articles: Mapping[str, Article]
) -> tuple[dict[str, Article], list[dict[str, set[str]]]]:
    """Each carrier read once, whatever the number of stories it carries (an index reads
    articles from disk): its heading (the article without its text), and for each story the
    agencies credited around its passage (its dateline, its credit line) or that it is, with
    the carriers that credit each."""
    carried_in: dict[str, list[int]] = defaultdict(list)
    for order, main in enumerate(mains):
        for aid in main:
            carried_in[aid].append(order)
    heads: dict[str, Article] = {}
    credited: list[dict[str, set[str]]] = [{} for _ in mains]
    for aid in sorted(carried_in):
        article = articles[aid]
        heads[aid] = dataclasses.replace(article, text="", extra={})
        text, own = article.text, agency_of(article.outlet)
        for order in carried_in[aid]:
            p = mains[order][aid]
            window = text[max(0, p.start - _BEFORE) : min(len(text), p.end + _AFTER)]
            for agency in wire_credits(window, datelines=True):
                if agency != "news agencies":
                    credited[order].setdefault(agency, set()).add(aid)
            if own:
                credited[order].setdefault(own, set()).add(aid)
    return heads, credited


def _wire(
    credited: Mapping[str, set[str]], carriers: int, known: Sequence[str]
) -> tuple[str | None, int, list[str]]:
    """The agency most carriers credit, with the evidence. A short credit that stands for a
    full name credited in the same story ("(GWS)", "— Global Wire Service"), or else anywhere in
    the corpus (`known`: a story whose carriers all sign off "(CWB)" is Capital Wire Bureau's
    when other stories name it in full), is that agency."""
    if not credited:
        return None, 0, []
    here = sorted(n for n in credited if len(n.split()) > 1)
    named: dict[str, set[str]] = {}
    for name, who in credited.items():
        full = short_for(name, here) or short_for(name, known) or name
        named.setdefault(full, set()).update(who)
    wire, who = min(named.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return wire, len(who), [f"{len(who)} of {carriers} carriers credit {wire} or are its own copy"]


def tell_stories(
    clusters: Sequence[Cluster],
    matches: Sequence[Match],
    derivations: Sequence[Derivation],
    articles: Mapping[str, Article],
) -> list[Story]:
    """A story for each cluster, the widest first (then in cluster order), numbered s1, s2, ..."""
    return stories_of(read_stories(clusters, matches, articles), derivations)


@dataclass
class _Told:
    """What a cluster says before the derivations are read: its carriers, earliest first, its
    core, how many carriers share text with it, the first carrier, the wire and how many
    carriers credit it, and the carriers that are an agency's own copy."""

    main: dict[str, Passage]
    carriers: list[Article]
    core: Passage
    sharing: int
    dated: list[Article]
    first: Article | None
    tied: list[Article]
    wire: str | None
    credited: int
    evidence: list[str]
    agencies: list[str]


@dataclass
class _Days:
    """A story's dated carriers, and how many printed it on each (UTC) day and at each time:
    what `StoryReadings.one_day` counts, made once a story rather than once a pair."""

    moments: dict[str, Moment]
    on_day: Counter[dt.date]  # every dated carrier, by day
    day_only: Counter[dt.date]  # those dated by the day alone
    at_time: Counter[dt.datetime]  # those with a time, by the time
    outlets: dict[str, str]  # each dated carrier's outlet (its id where it has none)
    # Each outlet's keys for `printed_before`, made when first asked.
    keys: (
        tuple[dict[str, dt.datetime], dict[str, dt.datetime], list[dt.datetime], list[dt.datetime]]
        | None
    ) = None

    @classmethod
    def of(cls, carriers: Sequence[Article]) -> _Days:
        moments = {a.id: m for a in carriers if (m := moment(a.published)) is not None}
        return cls(
            moments,
            Counter(m.utc.date() for m in moments.values()),
            Counter(m.utc.date() for m in moments.values() if not m.has_time),
            Counter(m.utc for m in moments.values() if m.has_time),
            {a.id: a.outlet or f"\0{a.id}" for a in carriers if a.id in moments},
        )

    def unordered(self, x: Moment, y: Moment) -> bool:
        """Whether two dates do not order their carriers, as `time_order` reads them: the
        same day where one has no time, or the same time."""
        if x.has_time and y.has_time:
            return x.utc == y.utc
        return x.utc.date() == y.utc.date()

    @staticmethod
    def before(x: Moment, y: Moment) -> bool:
        """Whether x's date puts it before y's (two dates that `unordered` does not tie): by
        the time where both have one, else by the day."""
        if x.has_time and y.has_time:
            return x.utc < y.utc
        return x.utc.date() < y.utc.date()

    def printed_before(self, article: str) -> int:
        """The outlets other than its own whose carriers' dates put them before `article` (a
        dated carrier; a carrier with no outlet is one of its own), as `before` orders them.

        Each outlet is reduced to two keys, sorted once a story: the moment before which its
        carriers put it before any timed carrier (its earliest time, or the end of its
        earliest day printed without one), and the end of its earliest day; a carrier asks
        by a search in one of them, not by a scan of every carrier (a story may have
        thousands)."""
        if self.keys is None:
            timed: dict[str, dt.datetime] = {}
            daily: dict[str, dt.datetime] = {}
            for k, x in self.moments.items():
                o = self.outlets[k]
                day_end = dt.datetime.combine(x.utc.date(), dt.time()) + _ONE_DAY
                # Before a timed y: timed x earlier, or a day-only x whose day ended by y.
                key = x.utc if x.has_time else day_end - _TICK
                timed[o] = min(timed.get(o, key), key)
                daily[o] = min(daily.get(o, day_end), day_end)
            self.keys = (timed, daily, sorted(timed.values()), sorted(daily.values()))
        timed, daily, by_time, by_day = self.keys
        y = self.moments[article]
        own = self.outlets[article]
        if y.has_time:
            n = bisect.bisect_left(by_time, y.utc)
            n -= timed[own] < y.utc
        else:
            midnight = dt.datetime.combine(y.utc.date(), dt.time())
            n = bisect.bisect_right(by_day, midnight)
            n -= daily[own] <= midnight
        return n

    def with_(self, x: Moment) -> int:
        """The carriers (x's among them) whose dates do not order them against `x`."""
        day = x.utc.date()
        return self.day_only[day] + self.at_time[x.utc] if x.has_time else self.on_day[day]


@dataclass
class StoryReadings:
    """The clusters read as stories, before the derivations: what `stories_of` makes stories of,
    and what `same_wire` asks of a pair of carriers."""

    clusters: Sequence[Cluster]
    told: list[_Told]
    # The stories of an agency, by carrier: those whose carriers credit a wire that is not
    # among them (two carriers credit it or more), or that carry an agency's own copy.
    agency_stories: dict[str, list[int]]
    # The stories of `_WIDE` carriers or more, by carrier.
    wide_stories: dict[str, list[int]] = dataclasses.field(default_factory=dict)
    # Each wide story's days, made when a pair first asks (`one_day`, `printed_before`).
    days: dict[int, _Days] = dataclasses.field(default_factory=dict, repr=False)

    def same_wire(
        self,
        a: str,
        b: str,
        spans_a: Sequence[tuple[int, int]],
        spans_b: Sequence[tuple[int, int]],
    ) -> str | None:
        """Why two articles carry one story from elsewhere rather than one copying the other,
        or None: one agency's story (`agency_story`), a story many papers printed on one day
        (`one_day`), or one that other outlets printed before the later of the two
        (`printed_before`)."""
        return (
            self.agency_story(a, b, spans_a, spans_b)
            or self.one_day(a, b, spans_a, spans_b)
            or self.printed_before(a, b, spans_a, spans_b)
        )

    def printed_before(
        self,
        a: str,
        b: str,
        spans_a: Sequence[tuple[int, int]],
        spans_b: Sequence[tuple[int, int]],
    ) -> str | None:
        """Why the later of two articles need not have taken a story from the earlier, or
        None. It need not when both carry a story with `_WIDE` carriers or more, their dates
        order them, the earlier is not the story's evident first carrier (one no other carrier
        may have preceded), carriers of at least `_PRINTED_BEFORE` other outlets printed it
        before the later (an outlet's own footer under its stories is not in print elsewhere),
        neither is an agency, and at least `_TOLD` of the text they share lies in such
        stories' passages on both sides: a story thirty papers printed on one day and a paper
        printed a week later was in print (and on the wire) in thirty places, and the
        earlier of the two is one of them, not its source. A story's evident first carrier
        and those that copied it (a fan-out), and a copy of a copy (a chain: two printed
        before its last), are left to their signals."""
        found: list[int] = []
        said = ""
        for k, t, days, x, y in self._wide_dated(a, b):
            if days.unordered(x, y):
                continue
            early, late = (a, b) if days.before(x, y) else (b, a)
            if t.first is not None and t.first.id == early and not t.tied:
                continue
            if days.outlets[a] == days.outlets[b]:
                continue  # a paper reprinting its own: left to the pair's signals
            n = days.printed_before(late)
            if n >= _PRINTED_BEFORE:
                found.append(k)
                said = said or (
                    f"{n} other outlets printed it before {late}, {early} among them and not "
                    "evidently the first"
                )
        if not found or not self._told_by(found, a, b, spans_a, spans_b):
            return None
        return (
            f"both carry one story ({said}), and the text they share is the story's: the "
            "later may have taken it from any carrier before it, or from where they did; "
            "nothing in the pair says it took it from the other"
        )

    def one_day(
        self,
        a: str,
        b: str,
        spans_a: Sequence[tuple[int, int]],
        spans_b: Sequence[tuple[int, int]],
    ) -> str | None:
        """Why two articles printed one story that no credit names, on one day, rather than
        one copying the other, or None. They do when both carry a story with `_WIDE`
        carriers or more, their dates do not order them (the same day where a date has no
        time, or the same time), at least `_WIDE` of its carriers printed it that day, neither
        is an agency, and at least `_TOLD` of the text they share lies in such stories'
        passages on both sides: one text in several papers on one day is more often a wire's
        or a syndicate's than one paper's (as `_originals` reads a story's source), and
        nothing in the dates says which was first."""
        found: list[int] = []
        day = ""
        for k, _, days, x, y in self._wide_dated(a, b):
            if not days.unordered(x, y):
                continue
            that_day = days.with_(x)
            if that_day >= _WIDE:
                found.append(k)
                day = day or f"{that_day} carriers printed it on {x.utc.date().isoformat()}"
        if not found or not self._told_by(found, a, b, spans_a, spans_b):
            return None
        return (
            f"both printed one story on one day ({day}, which their dates do not order), no "
            "agency's copy among them, and the text they share is the story's: one text in "
            "several papers on one day is more often a wire's or a syndicate's than one paper's"
        )

    def days_of(self, k: int) -> _Days:
        """Story k's days, made once a story (whoever asks first: a pair, or its source)."""
        days = self.days.get(k)
        if days is None:
            days = self.days[k] = _Days.of(self.told[k].carriers)
        return days

    def _wide_dated(self, a: str, b: str) -> list[tuple[int, _Told, _Days, Moment, Moment]]:
        """The stories of `_WIDE` carriers or more that a and b both carry and both have a date
        in (in story order), with the story's days and the two dates; none when either is an
        agency's own copy of one of them (an agency's pairs are `agency_story`'s)."""
        mine, theirs = self.wide_stories.get(a), self.wide_stories.get(b)
        if not mine or not theirs:
            return []
        out = []
        for k in sorted(set(mine) & set(theirs)):
            t = self.told[k]
            if a in t.agencies or b in t.agencies:
                return []
            days = self.days_of(k)
            x, y = days.moments.get(a), days.moments.get(b)
            if x is not None and y is not None:
                out.append((k, t, days, x, y))
        return out

    def _told_by(
        self,
        stories: Sequence[int],
        a: str,
        b: str,
        spans_a: Sequence[tuple[int, int]],
        spans_b: Sequence[tuple[int, int]],
    ) -> bool:
        """Whether at least `_TOLD` of the text a and b share (`spans_a` in a, `spans_b` in b)
        lies in the passages of `stories` on both sides: the text they share is the stories'."""
        for x, spans in ((a, spans_a), (b, spans_b)):
            inside = [
                (p.start, p.end)
                for k in stories
                for p in self.clusters[k].passages
                if p.article == x
            ]
            if _inside(list(spans), inside) < _TOLD:
                return False
        return True

    def agency_story(
        self,
        a: str,
        b: str,
        spans_a: Sequence[tuple[int, int]],
        spans_b: Sequence[tuple[int, int]],
    ) -> str | None:
        """Why two articles carry one agency's story rather than one copying the other, or
        None. They do when both carry a story of an agency (`agency_stories`) with
        `_WIDE` carriers or more, neither is an agency or its own copy, and at least `_TOLD`
        of the text they share (`spans_a` in a, `spans_b` in b) lies in such stories'
        passages on both sides: among many carriers of one agency's story, which of the two
        came first, holds the other, or has the story's context around it tells which is
        nearer the agency's copy, not that one took it from the other. Two carriers that share
        more than the story (one's own top, its edits) are left to their signals."""
        mine, theirs = self.agency_stories.get(a), self.agency_stories.get(b)
        if not mine or not theirs:
            return None
        both = sorted(set(mine) & set(theirs))
        if not both:
            return None
        told = [self.told[k] for k in both]
        # An agency by its outlet's name is among `agencies` (as is its own copy by credit).
        if any(x in t.agencies for t in told for x in (a, b)):
            return None
        if not self._told_by(both, a, b, spans_a, spans_b):
            return None
        t = told[0]
        if t.agencies:
            whose = f"{t.wire or 'an agency'}'s own copy, {t.agencies[0]}, is in the corpus"
        else:
            whose = (
                f"{t.credited} of its {len(t.main)} carriers credit {t.wire}, whose copy is "
                "not in the corpus"
            )
        return (
            f"both carry one agency's story ({whose}), and nothing links the two directly "
            "(neither is an agency; the text they share is the story's): time, containment "
            "and context tell which is nearer the agency's copy, not that one took it from the "
            "other"
        )


def read_stories(
    clusters: Sequence[Cluster],
    matches: Iterable[Match],
    articles: Mapping[str, Article],
) -> StoryReadings:
    """Each cluster read as a story, its carriers read once: what does not depend on the
    derivations (the carriers, the core, the first carrier, the wire)."""
    # The articles each is matched with (each pair once, as a match names it: first < second).
    partners: dict[str, set[str]] = defaultdict(set)
    for m in matches:
        if m.a < m.b:
            partners[m.a].add(m.b)
            partners[m.b].add(m.a)
    mains = [_main_passages(cluster) for cluster in clusters]
    heads, credits = _read_carriers(mains, articles)
    known = sorted({n for c in credits for n in c if len(n.split()) > 1})
    told: list[_Told] = []
    agency_stories: dict[str, list[int]] = defaultdict(list)
    wide_stories: dict[str, list[int]] = defaultdict(list)
    for main in mains:
        order = len(told)
        carriers = sorted((heads[a] for a in main), key=_when)
        core = _core(main, partners)
        core_words = _Words(core.text).words
        sharing = sum(
            1 for p in main.values() if p is core or _alike(core_words, _Words(p.text).words)[1]
        )
        dated = [a for a in carriers if moment(a.published) is not None]
        # The first carrier: the earliest dated one that prints the story, not a phrase of it
        # (a digest item about another story that shares a few words with it).
        printing = [a for a in dated if len(_WORD.findall(main[a.id].text)) >= _CARRIES_WORDS]
        first = printing[0] if printing else dated[0] if dated else None
        tied = _tied(first, printing or dated)
        wire, credited, evidence = _wire(credits[order], len(main), known)
        agencies = [a.id for a in carriers if agency_of(a.outlet, (wire,) if wire else ())]
        told.append(
            _Told(
                main,
                carriers,
                core,
                sharing,
                dated,
                first,
                tied,
                wire,
                credited,
                evidence,
                agencies,
            )
        )
        if len(main) >= _WIDE and (agencies or (wire and credited >= _WIRE_CREDITED)):
            for aid in main:
                agency_stories[aid].append(order)
        if len(main) >= _WIDE:
            for aid in main:
                wide_stories[aid].append(order)
    return StoryReadings(clusters, told, dict(agency_stories), dict(wide_stories))


def _originals(
    carriers: Sequence[Article],
    copied_from: Mapping[str, set[str]],
    copied_by: Mapping[str, set[str]],
) -> list[str]:
    """The carriers (in their order) that copied no other carrier and from which at least half
    of the others copied the story, directly or through a copy (a chain's start): a carrier
    that one other reprinted is not the source of a story forty outlets carry.

    Only copies between carriers that publication times order, or of which one has no time
    (then only the texts can order them), count: carriers that printed the story the same day
    are not ordered by it, and one text in several papers on one day is more often a wire's
    than one paper's."""
    by_id = {a.id: a for a in carriers}
    ids = [a.id for a in carriers]

    def ordered(links: Mapping[str, set[str]]) -> dict[str, list[str]]:
        return {
            x: [
                y
                for y in sorted(links.get(x, _NONE) & by_id.keys())
                if undated(by_id[x], by_id[y]) or ordered_in_time(by_id[x], by_id[y])
            ]
            for x in ids
        }

    sources, copies = ordered(copied_from), ordered(copied_by)
    out = []
    for a in ids:
        if sources[a] or not copies[a]:
            continue
        reached, todo = {a}, [a]
        while todo:
            for b in copies[todo.pop()]:
                if b not in reached:
                    reached.add(b)
                    todo.append(b)
        if 2 * (len(reached) - 1) >= len(ids) - 1:
            out.append(a)
    return out


# Carriers that must credit a story's wire, when no carrier is the agency's own copy, for two
# of its carriers to carry the agency's story: one credit may be a carrier's own note on a
# copy it took from another.
_WIRE_CREDITED = 2


def stories_of(readings: StoryReadings, derivations: Sequence[Derivation]) -> list[Story]:
    """A story for each cluster of `readings`, the widest first (then in cluster order),
    numbered s1, s2, ...: with the derivations, whether its source is in the corpus."""
    copied_from: dict[str, set[str]] = defaultdict(set)
    copied_by: dict[str, set[str]] = defaultdict(set)
    for d in derivations:
        if d.relation == "copied":
            copied_from[d.target].add(d.source)
            copied_by[d.source].add(d.target)
    found = []
    for order, cluster in enumerate(readings.clusters):
        t = readings.told[order]
        ids = [a.id for a in t.carriers]
        evidence = list(t.evidence)
        originals = _originals(t.carriers, copied_from, copied_by)
        rival = (
            _rival(originals[0], t, readings.days_of(order))
            if originals and not t.agencies
            else None
        )
        source: Literal["in-corpus", "unseen", "unknown"]
        source_article: str | None
        if t.agencies:
            source, source_article = "in-corpus", t.agencies[0]
            evidence.append(f"{source_article} is the agency's own copy")
        elif originals and rival is None:
            source, source_article = "in-corpus", originals[0]
            evidence.append(f"other carriers copied {source_article}")
        elif rival is not None:
            evidence.append(rival)
            source, source_article = ("unseen" if t.wire else "unknown"), None
            if t.wire:
                evidence.append(f"the carriers credit {t.wire}, whose copy is not in the corpus")
        elif t.wire:
            source, source_article = "unseen", None
            evidence.append(f"the carriers credit {t.wire}, whose copy is not in the corpus")
        else:
            source, source_article = "unknown", None
        if t.first is not None and t.tied:
            evidence.append(_tie_evidence(t.first, t.tied))
        outlets = {a.outlet for a in t.carriers if a.outlet}
        story = Story(
            "",  # numbered below, widest first
            cluster.id,
            t.core.article,
            t.core.text,
            tuple(ids),
            len(outlets),
            t.first.id if t.first else None,
            t.first.published if t.first else None,
            t.dated[-1].published if t.dated else None,
            _spread(t.carriers),
            t.wire,
            source,
            source_article,
            round(t.sharing / len(t.main), 4),
            cluster.quoted,
            tuple(evidence),
            earliest_tied=len(t.tied) if t.first else None,
        )
        found.append((-len(ids), order, story))
    found.sort(key=lambda f: (f[0], f[1]))
    return [dataclasses.replace(story, id=f"s{n}") for n, (_, _, story) in enumerate(found, 1)]


def _rival(original: str, t: _Told, days: _Days) -> str | None:
    """Why a carrier that other carriers copied is not the story's source, or None: the dates
    put another carrier before it, or carriers of other outlets as early (their dates do not
    order them), any of whom may have been first. The copies found lead to it, but the story
    was in print (or on the wire) elsewhere as soon. An undated carrier is left to the copies:
    nothing dates another before it. `days` are the story's (`StoryReadings.days_of`)."""
    if t.first is None:
        return None
    mine = days.moments.get(original)
    if mine is None:
        return None
    first = days.moments[t.first.id]
    if original != t.first.id and not days.unordered(first, mine) and days.before(first, mine):
        return (
            f"other carriers copied {original}, but {t.first.id} printed it before: the "
            "source is not among the carriers the copies lead to"
        )
    own = days.outlets[original]
    others = {
        days.outlets[k]
        for k, x in days.moments.items()
        if k != original and days.unordered(x, mine)
    } - {own}
    if not others:
        return None
    return (
        f"other carriers copied {original}, but carriers of {len(others)} other outlet"
        f"{'s' if len(others) > 1 else ''} printed it as early (their dates do not order "
        "them): the source may be any of them, or a copy none of them is"
    )


def _inside(spans: list[tuple[int, int]], within: list[tuple[int, int]]) -> float:
    """The share of `spans` that lies in `within`."""
    total = union_length(spans)
    if not total or not within:
        return 0.0
    return (total + union_length(within) - union_length(spans + within)) / total


def _first_carrying(stories: Sequence[Story]) -> Callable[[str, str], Story | None]:
    """A function giving the first of `stories` that carries both of two articles. Each
    article's stories are listed (in order, and as a set), and a pair's are found from the
    shorter list: not a scan of every story for each pair (thousands of stories times a million
    derivations)."""
    story_at: dict[str, list[int]] = defaultdict(list)
    for k, s in enumerate(stories):
        for a in set(s.carriers):
            story_at[a].append(k)
    story_set = {a: set(ks) for a, ks in story_at.items()}

    def first(a: str, b: str) -> Story | None:
        if a not in story_at or b not in story_at:
            return None
        if len(story_at[b]) < len(story_at[a]):
            a, b = b, a
        others = story_set[b]
        return next((stories[k] for k in story_at[a] if k in others), None)

    return first


def told_by_stories(
    derivations: Sequence[Derivation],
    matches: Sequence[Match],
    stories: Sequence[Story],
    clusters: Sequence[Cluster],
) -> tuple[list[Derivation], list[Story], int]:
    """The derivations without the common-source ones that wide stories tell, the stories with
    the mean confidence of the relations they tell, and how many derivations they took over.

    A common-source derivation is told by a story when both its articles carry the story (one
    with `_WIDE` or more carriers whose source is not one of them) and the shared text of both
    lies mostly (`_TOLD`) inside passages of such stories. `Report.relations()` gives such
    pairs back, one relation per matched pair of a story's carriers.
    """
    wide = [s for s in stories if len(s.carriers) >= _WIDE and s.source != "in-corpus"]
    wide_clusters = {s.cluster for s in wide}
    inside: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for c in clusters:
        if c.id in wide_clusters:
            for p in c.passages:
                inside[p.article].append((p.start, p.end))
    shared: dict[tuple[str, str], tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
    for m in matches:
        if m.via is None:
            sa, sb = shared.setdefault((m.a, m.b), ([], []))
            sa.append((m.a_start, m.a_end))
            sb.append((m.b_start, m.b_end))
    first_story = _first_carrying(wide)

    def mostly_told(article: str, spans: list[tuple[int, int]]) -> bool:
        total = union_length(spans)
        within = total + union_length(inside[article]) - union_length(spans + inside[article])
        return total > 0 and within >= _TOLD * total

    kept = []
    confidences: dict[str, list[float]] = defaultdict(list)
    for d in derivations:
        key = (d.source, d.target) if d.source < d.target else (d.target, d.source)
        spans = shared.get(key)
        story = first_story(key[0], key[1])
        if (
            d.relation == "common-source"
            and story is not None
            and spans
            and mostly_told(key[0], spans[0])
            and mostly_told(key[1], spans[1])
        ):
            confidences[story.id].append(d.confidence)
            continue
        kept.append(d)
    told = sum(len(v) for v in confidences.values())
    updated = [
        dataclasses.replace(s, confidence=round(sum(confidences[s.id]) / len(confidences[s.id]), 3))
        if confidences.get(s.id)
        else s
        for s in stories
    ]
    return kept, updated, told
